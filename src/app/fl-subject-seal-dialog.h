/* fl-subject-seal-dialog.h: enters a seal/destroy notice for the gallery subject shown (R13) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_SUBJECT_SEAL_DIALOG (fl_subject_seal_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FlSubjectSealDialog, fl_subject_seal_dialog, FL, SUBJECT_SEAL_DIALOG, AdwWindow)

/* Emits "sealed" (the subject's id) once the core carried out the notice, then closes. */
GtkWidget        *fl_subject_seal_dialog_new              (GtkWindow           *parent,
                                                           FlSession           *session,
                                                           gint64               subject_id);
/* What "Continue…" does: checks the notice, then asks for confirmation in a
 * message dialog that says what will be purged. FALSE (the problem shown)
 * when a field is wrong or the subject cannot be sealed. */
gboolean          fl_subject_seal_dialog_continue         (FlSubjectSealDialog *self);
const char       *fl_subject_seal_dialog_get_problem      (FlSubjectSealDialog *self);
/* The open confirmation, or NULL. */
AdwMessageDialog *fl_subject_seal_dialog_get_confirmation (FlSubjectSealDialog *self);

G_END_DECLS
