/* fl-case-actions.h: the examiner's buttons in a case's header: enhance a
 * probe, review the case's candidates */
#pragma once

#include "fl-case-view.h"

G_BEGIN_DECLS

/* Adds the buttons to @view when @session is an examiner's; they follow the
 * case the view shows. */
void fl_case_actions_attach (FlCaseView *view,
                             FlSession  *session);

/* What the "Issue Report" dialog does on its answer (the first reportable
 * lead when @lead, else the no-possible-match report); for tests. */
gboolean fl_case_actions_issue_report (FlCaseView  *view,
                                       gboolean     lead,
                                       const char  *comments,
                                       gint64      *out_report,
                                       GError     **error);

G_END_DECLS
