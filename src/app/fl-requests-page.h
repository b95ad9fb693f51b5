/* fl-requests-page.h: the Requests section: a requester's own search requests, an examiner's intake queue (R4–R9) */
#pragma once

#include "fl-page.h"

G_BEGIN_DECLS

#define FL_TYPE_REQUESTS_PAGE (fl_requests_page_get_type ())
G_DECLARE_FINAL_TYPE (FlRequestsPage, fl_requests_page, FL, REQUESTS_PAGE, FlPage)

GtkWidget *fl_requests_page_new (FlSession *session);

G_END_DECLS
