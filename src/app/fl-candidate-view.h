/* fl-candidate-view.h: one candidate compared with the probe: images, subject, checklist, conclusion (R15–R18)
 *
 * The comparison is FlCompareView with its toolbar: the probe (a dropdown
 * switches between the ORIGINAL and its enhanced versions) beside the
 * candidate's photo, both aligned on the eyes from the matcher's landmarks,
 * with the examiner's own hand-placed landmarks applied (and saved when a
 * landmark is dragged). Each time a probe is shown beside the candidate the
 * view calls fl_review_mark_viewed(); the original counts for the
 * conclusion. Beside the images: the subject's record and other photos, and
 * the examiner's checklist; below: the conclusion. No rank or score appears
 * here (R16).
 */
#pragma once

#include <gtk/gtk.h>

#include "fl-candidate-item.h"
#include "fl-checklist.h"
#include "fl-compare-toolbar.h"
#include "fl-compare-view.h"
#include "fl-conclusion-bar.h"
#include "fl-face-cache.h"

G_BEGIN_DECLS

#define FL_TYPE_CANDIDATE_VIEW (fl_candidate_view_get_type ())
G_DECLARE_FINAL_TYPE (FlCandidateView, fl_candidate_view, FL, CANDIDATE_VIEW, GtkWidget)

GtkWidget        *fl_candidate_view_new                 (FlFaceCache     *cache);

/* Shows @item's candidate for @session. With @peer_review_id > 0 the session
 * compares as that (opened) peer review's second examiner and the conclusion
 * goes to the peer review. */
gboolean          fl_candidate_view_show                (FlCandidateView *self,
                                                         FlSession       *session,
                                                         FlCandidateItem *item,
                                                         gint64           peer_review_id,
                                                         GError         **error);
FlCandidateItem  *fl_candidate_view_get_item            (FlCandidateView *self);

/* The probe shown (a probe id of the case). */
gint64            fl_candidate_view_get_probe_id        (FlCandidateView *self);
/* The root of the searched probe's chain: the original as received. */
gint64            fl_candidate_view_get_original_probe_id (FlCandidateView *self);
gboolean          fl_candidate_view_select_probe        (FlCandidateView *self,
                                                         gint64           probe_id);
/* Both images are on screen (and the probe's display was recorded). */
gboolean          fl_candidate_view_is_ready            (FlCandidateView *self);
/* The original probe has been shown beside this candidate. */
gboolean          fl_candidate_view_get_original_viewed (FlCandidateView *self);

FlCompareView    *fl_candidate_view_get_compare_view    (FlCandidateView *self);
FlCompareToolbar *fl_candidate_view_get_toolbar         (FlCandidateView *self);
FlChecklist      *fl_candidate_view_get_checklist       (FlCandidateView *self);
FlConclusionBar  *fl_candidate_view_get_conclusion_bar  (FlCandidateView *self);
/* The last problem shown above the images (loading, saving a landmark), or NULL. */
const char       *fl_candidate_view_get_message         (FlCandidateView *self);

G_END_DECLS
