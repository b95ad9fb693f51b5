/* fl-candidate-item.h: one candidate of a search as an item of the review grid's model (R16) */
#pragma once

#include <glib-object.h>

#include "fl-review.h"
#include "fl-search.h"

G_BEGIN_DECLS

#define FL_TYPE_CANDIDATE_ITEM (fl_candidate_item_get_type ())
G_DECLARE_FINAL_TYPE (FlCandidateItem, fl_candidate_item, FL, CANDIDATE_ITEM, GObject)

/* Copies @candidate. An item made from a blind list (fl_search_list_candidates()
 * with blind TRUE) holds no rank and no score: "rank" is -1 and "score" NAN,
 * because the core never read them. */
FlCandidateItem   *fl_candidate_item_new           (const FlCandidate *candidate,
                                                    FlConclusion       state);
/* The candidate as the core listed it (borrowed). */
const FlCandidate *fl_candidate_item_get_candidate (FlCandidateItem   *self);
gint64             fl_candidate_item_get_id        (FlCandidateItem   *self);
/* -1 in a blind list */
int                fl_candidate_item_get_rank      (FlCandidateItem   *self);
/* NAN in a blind list */
double             fl_candidate_item_get_score     (FlCandidateItem   *self);
/* The examiner's own conclusion on the candidate, FL_CONCLUSION_NONE when not yet evaluated. */
FlConclusion       fl_candidate_item_get_state     (FlCandidateItem   *self);
void               fl_candidate_item_set_state     (FlCandidateItem   *self,
                                                    FlConclusion       state);

G_END_DECLS
