/* fl-reports-page.h: the Reports section: manual search reports and their releases (R19–R21) */
#pragma once

#include "fl-page.h"
#include "fl-report-view.h"

G_BEGIN_DECLS

#define FL_TYPE_REPORTS_PAGE (fl_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (FlReportsPage, fl_reports_page, FL, REPORTS_PAGE, FlPage)

GtkWidget    *fl_reports_page_new             (FlSession     *session);
/* Selects the report's row (and so shows it); FALSE when it is not listed. */
gboolean      fl_reports_page_select_report   (FlReportsPage *self,
                                               gint64         report_id);
FlReportView *fl_reports_page_get_report_view (FlReportsPage *self);

G_END_DECLS
