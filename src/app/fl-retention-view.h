/* fl-retention-view.h: previews, then purges, case records past the unit's retention time (R23) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_RETENTION_VIEW (fl_retention_view_get_type ())
G_DECLARE_FINAL_TYPE (FlRetentionView, fl_retention_view, FL, RETENTION_VIEW, AdwBin)

GtkWidget  *fl_retention_view_new           (FlSession       *session);
FlSession  *fl_retention_view_get_session   (FlRetentionView *self);
void        fl_retention_view_set_session   (FlRetentionView *self,
                                             FlSession       *session);
/* Shows the setting again and drops a preview (the records may have changed). */
void        fl_retention_view_reload        (FlRetentionView *self);

/* What "Preview Purge" does: lists, off the main loop, what a purge today
 * would remove. Nothing changes. */
void        fl_retention_view_preview       (FlRetentionView *self);
gboolean    fl_retention_view_is_busy       (FlRetentionView *self);
/* Items in the preview shown (0 without one) and its cases. */
guint       fl_retention_view_get_n_items   (FlRetentionView *self);
guint       fl_retention_view_get_n_cases   (FlRetentionView *self);
/* What "Purge N Items…" does: asks for confirmation in a message dialog;
 * the purge runs when it is confirmed. FALSE without a preview. */
gboolean    fl_retention_view_request_purge (FlRetentionView *self);
/* How the last preview or purge ended, or NULL. */
const char *fl_retention_view_get_message   (FlRetentionView *self);

G_END_DECLS
