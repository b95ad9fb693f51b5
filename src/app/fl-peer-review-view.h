/* fl-peer-review-view.h: the second examiner's blind review of possible leads (R2, R17)
 *
 * The queue of pending peer reviews this examiner may take
 * (fl_peer_review_queue(): never their own work). Opening one claims it and
 * shows the probe and the candidate with the comparison tools and the
 * examiner's OWN checklist, but not the first examiner's checklist or
 * conclusion; once the examiner has recorded their own opinion both opinions
 * are shown side by side with the outcome (agreed: the lead is reportable;
 * disagreed: back to the first examiner with both recorded).
 */
#pragma once

#include <gtk/gtk.h>

#include "fl-accounts.h"
#include "fl-candidate-view.h"
#include "fl-face-cache.h"

G_BEGIN_DECLS

#define FL_TYPE_PEER_REVIEW_VIEW (fl_peer_review_view_get_type ())
G_DECLARE_FINAL_TYPE (FlPeerReviewView, fl_peer_review_view, FL, PEER_REVIEW_VIEW, GtkWidget)

GtkWidget       *fl_peer_review_view_new                (FlFaceCache      *cache);
/* Reloads the queue for @session and shows it. */
void             fl_peer_review_view_load               (FlPeerReviewView *self,
                                                         FlSession        *session);
guint            fl_peer_review_view_get_n_queued       (FlPeerReviewView *self);
/* Opens (claims) a review of the queue, as a click on its row does. */
gboolean         fl_peer_review_view_open               (FlPeerReviewView *self,
                                                         gint64            peer_review_id,
                                                         GError          **error);
FlCandidateView *fl_peer_review_view_get_candidate_view (FlPeerReviewView *self);
/* TRUE once both opinions are shown. */
gboolean         fl_peer_review_view_get_showing_both   (FlPeerReviewView *self);
/* The first examiner's opinion as shown, or FL_CONCLUSION_NONE while hidden. */
FlConclusion     fl_peer_review_view_get_first_shown    (FlPeerReviewView *self);
/* The outcome line shown with both opinions, or NULL. */
const char      *fl_peer_review_view_get_outcome        (FlPeerReviewView *self);

G_END_DECLS
