/* fl-release-dialog.h: records staff log the release of an issued report (R20) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_RELEASE_DIALOG (fl_release_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FlReleaseDialog, fl_release_dialog, FL, RELEASE_DIALOG, AdwWindow)

/* Emits "recorded" (gint64 the release's id) and closes once the core has
 * logged the release; a refusal stays in the dialog, shown above the fields. */
GtkWidget  *fl_release_dialog_new       (GtkWindow  *parent,
                                         FlSession  *session,
                                         gint64      report_id,
                                         const char *report_uid);
/* The refusal shown, or NULL. */
const char *fl_release_dialog_get_error (FlReleaseDialog *self);

G_END_DECLS
