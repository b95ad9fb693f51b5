/* fl-reports-page.h: the Reports section: manual search reports and their releases (R19, R20) */
#pragma once

#include "fl-page.h"

G_BEGIN_DECLS

#define FL_TYPE_REPORTS_PAGE (fl_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (FlReportsPage, fl_reports_page, FL, REPORTS_PAGE, FlPage)

GtkWidget *fl_reports_page_new (FlSession *session);

G_END_DECLS
