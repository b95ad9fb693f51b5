/* fl-seal-dialog.h: enters a seal/destroy notice for a case or a gallery subject (R13) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_SEAL_DIALOG (fl_seal_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FlSealDialog, fl_seal_dialog, FL, SEAL_DIALOG, AdwWindow)

/* Emits "sealed" (the scope, FL_SEAL_SCOPE_CASE or _SUBJECT, and the record's
 * id) once the core carried out the notice, then closes. */
GtkWidget     *fl_seal_dialog_new          (GtkWindow    *parent,
                                            FlSession    *session);
/* FL_SEAL_SCOPE_CASE or FL_SEAL_SCOPE_SUBJECT */
void           fl_seal_dialog_set_scope    (FlSealDialog *self,
                                            const char   *scope);
const char    *fl_seal_dialog_get_scope    (FlSealDialog *self);
/* What "Continue…" does: checks the fields, then asks for confirmation in a
 * message dialog that says what will be purged. FALSE (the problem shown)
 * when a field is wrong or the record cannot be sealed. */
gboolean       fl_seal_dialog_continue     (FlSealDialog *self);
const char    *fl_seal_dialog_get_problem  (FlSealDialog *self);
/* The open confirmation, or NULL. */
AdwMessageDialog *fl_seal_dialog_get_confirmation (FlSealDialog *self);

G_END_DECLS
