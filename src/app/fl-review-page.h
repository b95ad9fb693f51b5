/* fl-review-page.h: the Review section: candidates of a search, compared feature by feature (R15–R17) */
#pragma once

#include "fl-page.h"

G_BEGIN_DECLS

#define FL_TYPE_REVIEW_PAGE (fl_review_page_get_type ())
G_DECLARE_FINAL_TYPE (FlReviewPage, fl_review_page, FL, REVIEW_PAGE, FlPage)

GtkWidget *fl_review_page_new (FlSession *session);

G_END_DECLS
