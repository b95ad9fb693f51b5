/* fl-report-view.h: one issued report: its preview, identity and releases,
 * with Print…, Save As…, Record Release… and Record Outcome… (R19–R21) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"
#include "fl-pdf-view.h"

G_BEGIN_DECLS

#define FL_TYPE_REPORT_VIEW (fl_report_view_get_type ())
G_DECLARE_FINAL_TYPE (FlReportView, fl_report_view, FL, REPORT_VIEW, GtkWidget)

/* Actions: report.print (Ctrl+P), report.save-as (Ctrl+S), report.release
 * (records staff), report.outcome (the requester of a lead's case). The
 * "changed" signal says a release or an outcome was recorded. */
GtkWidget         *fl_report_view_new           (void);
void               fl_report_view_set_session   (FlReportView  *self,
                                                 FlSession     *session);
/* Shows report @report_id (0: none). Reading the PDF is checked and audited
 * by the core; a refusal (sealed case, altered file) is shown instead of
 * the preview and FALSE returned. */
gboolean           fl_report_view_show_report   (FlReportView  *self,
                                                 gint64         report_id);
gint64             fl_report_view_get_report_id (FlReportView  *self);
/* Re-reads the identity, outcome and releases (not the PDF). */
void               fl_report_view_reload        (FlReportView  *self);
FlPdfView         *fl_report_view_get_pdf_view  (FlReportView  *self);
/* What Save As… does with the chosen file: the core writes the stored PDF
 * (checked against its SHA-256) and records the export. */
gboolean           fl_report_view_save_to       (FlReportView  *self,
                                                 const char    *path,
                                                 GError       **error);
/* The print operation Print… runs: configured for the shown report, and
 * recording the print (report.print) when it completes. NULL with an error
 * when nothing printable is shown. */
GtkPrintOperation *fl_report_view_create_print_operation (FlReportView *self,
                                                          GError      **error);

G_END_DECLS
