/* fl-outcome-dialog.h: the requester records what became of a lead (R21) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_OUTCOME_DIALOG (fl_outcome_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FlOutcomeDialog, fl_outcome_dialog, FL, OUTCOME_DIALOG, AdwWindow)

/* Emits "recorded" (gint64 the outcome's id) and closes once the core has
 * recorded it; a refusal stays in the dialog, shown above the fields. */
GtkWidget  *fl_outcome_dialog_new       (GtkWindow  *parent,
                                         FlSession  *session,
                                         gint64      case_id,
                                         gint64      candidate_id,
                                         const char *report_uid);
/* The refusal shown, or NULL. */
const char *fl_outcome_dialog_get_error (FlOutcomeDialog *self);

G_END_DECLS
