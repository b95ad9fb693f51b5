/* fl-audit-view.h: checks the audit chain (R22) and exports the monthly workbook (R23) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_AUDIT_VIEW (fl_audit_view_get_type ())
G_DECLARE_FINAL_TYPE (FlAuditView, fl_audit_view, FL, AUDIT_VIEW, AdwBin)

GtkWidget  *fl_audit_view_new          (FlSession   *session);
FlSession  *fl_audit_view_get_session  (FlAuditView *self);
void        fl_audit_view_set_session  (FlAuditView *self,
                                        FlSession   *session);

/* What the "Verify Audit Trail" button does: walks the chain off the main
 * loop; the result is shown under the button. */
void        fl_audit_view_verify       (FlAuditView *self);
gboolean    fl_audit_view_is_verifying (FlAuditView *self);
/* The result shown, or NULL; the first broken row when the chain is broken (else 0). */
const char *fl_audit_view_get_verify_text (FlAuditView *self);
gint64      fl_audit_view_get_broken_row  (FlAuditView *self);

/* The month the picker shows (by default the previous month). */
void        fl_audit_view_get_month    (FlAuditView *self,
                                        int         *year,
                                        int         *month);
void        fl_audit_view_set_month    (FlAuditView *self,
                                        int          year,
                                        int          month);
/* What "Export…" does once a file is chosen: writes the workbook of the
 * picked month to @path off the main loop, with progress and Cancel.
 * FALSE when an export is already running. */
gboolean    fl_audit_view_export_to    (FlAuditView *self,
                                        const char  *path);
gboolean    fl_audit_view_is_exporting (FlAuditView *self);
void        fl_audit_view_cancel_export (FlAuditView *self);
/* How the last export ended, or NULL while none ended. */
const char *fl_audit_view_get_export_text (FlAuditView *self);

G_END_DECLS
