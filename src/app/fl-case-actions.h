/* fl-case-actions.h: the examiner's buttons in a case's header: enhance a
 * probe, review the case's candidates */
#pragma once

#include "fl-case-view.h"

G_BEGIN_DECLS

/* Adds the buttons to @view when @session is an examiner's; they follow the
 * case the view shows. */
void fl_case_actions_attach (FlCaseView *view,
                             FlSession  *session);

G_END_DECLS
