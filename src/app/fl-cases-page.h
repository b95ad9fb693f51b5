/* fl-cases-page.h: the Cases section: every case the person may see, and the chosen case's file */
#pragma once

#include "fl-case-list-model.h"
#include "fl-case-view.h"
#include "fl-page.h"

G_BEGIN_DECLS

#define FL_TYPE_CASES_PAGE (fl_cases_page_get_type ())
G_DECLARE_FINAL_TYPE (FlCasesPage, fl_cases_page, FL, CASES_PAGE, FlPage)

GtkWidget       *fl_cases_page_new           (FlSession   *session);
/* Shows the case file of @case_id (also the action "cases.show" with an int64). */
gboolean         fl_cases_page_show_case     (FlCasesPage *self,
                                              gint64       case_id,
                                              GError     **error);
FlCaseView      *fl_cases_page_get_case_view (FlCasesPage *self);
FlCaseListModel *fl_cases_page_get_model     (FlCasesPage *self);

G_END_DECLS
