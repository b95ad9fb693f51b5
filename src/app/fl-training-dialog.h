/* fl-training-dialog.h: records a person's facial-comparison training (R1) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_TRAINING_DIALOG (fl_training_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FlTrainingDialog, fl_training_dialog, FL, TRAINING_DIALOG, AdwWindow)

/* Emits "done" with the new record's id once the core stored it, then closes. */
GtkWidget  *fl_training_dialog_new         (GtkWindow        *parent,
                                            FlSession        *session,
                                            const FlUserInfo *user);
/* Checks the fields and stores the record; FALSE (with the problem shown) when refused. */
gboolean    fl_training_dialog_submit      (FlTrainingDialog *self);
const char *fl_training_dialog_get_problem (FlTrainingDialog *self);

G_END_DECLS
