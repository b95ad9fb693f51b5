/* fl-seal-view.h: the seal/destroy notices entered, and entering a new one (R13) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_SEAL_VIEW (fl_seal_view_get_type ())
G_DECLARE_FINAL_TYPE (FlSealView, fl_seal_view, FL, SEAL_VIEW, AdwBin)

GtkWidget  *fl_seal_view_new          (FlSession  *session);
FlSession  *fl_seal_view_get_session  (FlSealView *self);
void        fl_seal_view_set_session  (FlSealView *self,
                                       FlSession  *session);
void        fl_seal_view_reload       (FlSealView *self);
guint       fl_seal_view_get_n_notices (FlSealView *self);
/* What the notice in row @index (newest first) says it purged, as shown. */
const char *fl_seal_view_get_summary  (FlSealView *self,
                                       guint       index);
/* The message of the last notice entered (or of a failure), or NULL. */
const char *fl_seal_view_get_message  (FlSealView *self);

G_END_DECLS
