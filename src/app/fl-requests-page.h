/* fl-requests-page.h: the Requests section: a new request, the requester's own requests,
 * and the examiners' intake queue (R4–R9) */
#pragma once

#include "fl-page.h"
#include "fl-request-form.h"
#include "fl-request-list.h"

G_BEGIN_DECLS

#define FL_TYPE_REQUESTS_PAGE (fl_requests_page_get_type ())
G_DECLARE_FINAL_TYPE (FlRequestsPage, fl_requests_page, FL, REQUESTS_PAGE, FlPage)

GtkWidget     *fl_requests_page_new       (FlSession      *session);

/* The views: "new" (the form), "mine" (own requests), "queue" (examiners).
 * Returns FALSE when the signed-in person does not have that view. */
gboolean       fl_requests_page_show_view (FlRequestsPage *self,
                                           const char     *name);
const char    *fl_requests_page_get_view  (FlRequestsPage *self);
FlRequestForm *fl_requests_page_get_form  (FlRequestsPage *self);
/* The "mine" or "queue" list, or NULL when the person does not have it. */
FlRequestList *fl_requests_page_get_list  (FlRequestsPage *self,
                                           FlRequestListMode mode);

G_END_DECLS
