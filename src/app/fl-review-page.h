/* fl-review-page.h: the Review section: candidates of a search, compared feature by feature (R14–R18) */
#pragma once

#include "fl-candidate-grid.h"
#include "fl-candidate-view.h"
#include "fl-page.h"
#include "fl-peer-review-view.h"

G_BEGIN_DECLS

#define FL_TYPE_REVIEW_PAGE (fl_review_page_get_type ())
G_DECLARE_FINAL_TYPE (FlReviewPage, fl_review_page, FL, REVIEW_PAGE, FlPage)

GtkWidget        *fl_review_page_new                (FlSession    *session);

/* Shows the candidates of the newest search of @case_id; when the case has
 * no search with candidates yet, opens New Search with the case chosen.
 * For the Cases section's "Review" jump. */
void              fl_review_page_open_case          (FlReviewPage *self,
                                                     gint64        case_id);
/* Shows the candidates of @search_id; FALSE when it is not listed. */
gboolean          fl_review_page_show_search        (FlReviewPage *self,
                                                     gint64        search_id);
/* Opens the New Search dialog (with @case_id chosen when it can be searched, 0 for none). */
GtkWidget        *fl_review_page_new_search         (FlReviewPage *self,
                                                     gint64        case_id);
/* Opens the candidate at @position of the grid's model in the comparison. */
gboolean          fl_review_page_open_candidate     (FlReviewPage *self,
                                                     guint         position);
/* Back from the comparison to the grid. */
void              fl_review_page_show_grid          (FlReviewPage *self);
/* Shows the Peer Review view (the queue, reloaded). */
void              fl_review_page_show_peer_review   (FlReviewPage *self);

FlCandidateGrid  *fl_review_page_get_grid           (FlReviewPage *self);
FlCandidateView  *fl_review_page_get_candidate_view (FlReviewPage *self);
FlPeerReviewView *fl_review_page_get_peer_view      (FlReviewPage *self);

G_END_DECLS
