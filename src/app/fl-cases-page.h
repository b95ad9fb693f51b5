/* fl-cases-page.h: the Cases section: case files with their probes, searches, reviews and reports */
#pragma once

#include "fl-page.h"

G_BEGIN_DECLS

#define FL_TYPE_CASES_PAGE (fl_cases_page_get_type ())
G_DECLARE_FINAL_TYPE (FlCasesPage, fl_cases_page, FL, CASES_PAGE, FlPage)

GtkWidget *fl_cases_page_new (FlSession *session);

G_END_DECLS
