/* fl-not-practicable-dialog.h: the first examiner records why no second review is practicable (R17) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_NOT_PRACTICABLE_DIALOG (fl_not_practicable_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FlNotPracticableDialog, fl_not_practicable_dialog, FL, NOT_PRACTICABLE_DIALOG, AdwWindow)

/* Emits "recorded" and closes once fl_peer_review_not_practicable() accepted
 * the reason; a refusal stays in the dialog. */
GtkWidget  *fl_not_practicable_dialog_new       (GtkWindow              *parent,
                                                 FlSession              *session,
                                                 gint64                  candidate_id);
void        fl_not_practicable_dialog_set_reason (FlNotPracticableDialog *self,
                                                  const char             *reason);
/* What the Record button does. */
gboolean    fl_not_practicable_dialog_record    (FlNotPracticableDialog *self);
/* The refusal shown, or NULL. */
const char *fl_not_practicable_dialog_get_error (FlNotPracticableDialog *self);

G_END_DECLS
