/* fl-audit-export.h: the monthly audit workbook (R23)
 *
 * One .xlsx per calendar month (local time of the workstation) with the
 * sheets Summary, Searches, Requests, User activity, Disseminations,
 * Seal and purge, Account events. Administrators only; the export itself is
 * audited as "audit.export" with the month and the row counts. The workbook
 * is written to a temporary file beside @out_path and renamed at the end, so
 * a cancelled or failed export leaves nothing half-written.
 */
#pragma once

#include <gio/gio.h>

#include "fl-accounts.h"
#include "fl-progress.h"

G_BEGIN_DECLS

typedef enum
{
  FL_AUDIT_SHEET_SUMMARY,
  FL_AUDIT_SHEET_SEARCHES,
  FL_AUDIT_SHEET_REQUESTS,
  FL_AUDIT_SHEET_USER_ACTIVITY,
  FL_AUDIT_SHEET_DISSEMINATIONS,
  FL_AUDIT_SHEET_SEAL_PURGE,
  FL_AUDIT_SHEET_ACCOUNT_EVENTS,
  FL_AUDIT_N_SHEETS,
} FlAuditSheet;

/* The sheet names, in workbook order (NULL-terminated). */
const char * const *fl_audit_export_sheet_names (void);

/* "2026-11" → 2026, 11. */
gboolean  fl_audit_parse_month          (const char          *text,
                                         int                 *year,
                                         int                 *month,
                                         GError             **error);

/* Writes the workbook; blocks. @progress (may be NULL) is called on this thread. */
gboolean  fl_audit_export_month         (FlSession           *admin,
                                         int                  year,
                                         int                  month,
                                         const char          *out_path,
                                         FlProgressFunc       progress,
                                         gpointer             user_data,
                                         GCancellable        *cancellable,
                                         GError             **error);

/* The same off the main loop: the database is read on a worker thread over
 * its own read-only connection; @progress is called in the thread-default
 * main context of the caller; the audit row and the rename happen there too.
 * @progress_data is released with @progress_destroy once the export ends. */
void      fl_audit_export_month_async   (FlSession           *admin,
                                         int                  year,
                                         int                  month,
                                         const char          *out_path,
                                         FlProgressFunc       progress,
                                         gpointer             progress_data,
                                         GDestroyNotify       progress_destroy,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  fl_audit_export_month_finish  (FlSession           *admin,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
