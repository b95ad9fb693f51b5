/* fl-peer-review.h: the second examiner's blind review of a possible lead (R1, R2, R17)
 *
 * A possible lead (fl_review_conclude()) opens a peer review in state
 * "pending". A second examiner takes it from the queue, opens it (which
 * claims it), compares the candidate themself with the ordinary review API
 * (fl_review_mark_viewed(), fl_review_record_feature()) and records their own
 * conclusion here:
 *  - both possible lead → "agreed": the lead is reportable;
 *  - anything else → "disagreed": the case goes back to review (unless another
 *    lead of the case still waits for its review) with both opinions recorded;
 *    the first examiner may then conclude again, and a renewed possible lead
 *    needs a new blind review (never "not practicable" after a disagreement).
 * When no second examiner can review, the first examiner records why
 * (fl_peer_review_not_practicable()); the reason is printed on the report.
 *
 * Nobody is second examiner of their own work (R2): the first examiner and the
 * examiner assigned to the case are refused, and so is anyone who already
 * recorded a conclusion on the candidate (they are no longer blind). Only an
 * examiner with current training opens or records (R1).
 *
 * The blind rule is enforced here: fl_peer_review_get_first_opinion() refuses
 * the second examiner (FL_ERROR_POLICY) until fl_peer_review_record() has
 * accepted their own opinion, which needs their own complete checklist and a
 * look at the original probe (the same conditions as fl_review_conclude()).
 * Every action and every refusal is audited ("peer_review.*").
 */
#pragma once

#include "fl-review.h"

G_BEGIN_DECLS

typedef enum
{
  FL_PEER_REVIEW_PENDING,
  FL_PEER_REVIEW_AGREED,
  FL_PEER_REVIEW_DISAGREED,
  FL_PEER_REVIEW_NOT_PRACTICABLE,
} FlPeerReviewState;

/* "pending", "agreed", "disagreed", "not_practicable" as stored */
const char *fl_peer_review_state_to_string   (FlPeerReviewState  state);
gboolean    fl_peer_review_state_from_string (const char        *text,
                                              FlPeerReviewState *out);
/* Translated: "Pending", "Agreed", "Disagreed", "Not practicable" */
const char *fl_peer_review_state_label       (FlPeerReviewState  state);

#define FL_PEER_REVIEW_REASON_MIN_CHARS 10

/* One peer review as shown to its examiners: never the first opinion. */
typedef struct
{
  gint64             id;
  gint64             candidate_id;
  gint64             search_id;
  gint64             case_id;
  char              *fr_number;
  gint64             original_probe_id;   /* the probe to compare with (root of the searched probe) */
  gint64             searched_probe_id;   /* the probe that was searched (may be enhanced) */
  char              *candidate_image_hash; /* NULL when the image was purged */
  gint64             second_examiner_id;  /* 0 while nobody has opened it */
  FlPeerReviewState  state;
  char              *not_practicable_reason;
  char              *requested_at;        /* ISO 8601 UTC */
  char              *decided_at;          /* NULL while pending */
} FlPeerReview;

void fl_peer_review_free (FlPeerReview *review);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlPeerReview, fl_peer_review_free)

/* Pending reviews @examiner may take, oldest first: not of their own cases or
 * leads, not held by someone else, not of a candidate they concluded on. An
 * array of FlPeerReview; examiners with current training only. */
GPtrArray    *fl_peer_review_queue             (FlSession          *examiner,
                                                GError            **error);

/* Claims a pending review for @second (or reopens the one they hold). */
FlPeerReview *fl_peer_review_open              (FlSession          *second,
                                                gint64              peer_review_id,
                                                GError            **error);

/* Records the second examiner's own conclusion and decides the review. */
gboolean      fl_peer_review_record            (FlSession          *second,
                                                gint64              peer_review_id,
                                                FlConclusion        conclusion,
                                                const char         *note,
                                                GError            **error);

/* The first examiner's conclusion and checklist. Refused (FL_ERROR_POLICY)
 * to the second examiner until they recorded their own; allowed to the first
 * examiner; refused to everyone else (FL_ERROR_DENIED). */
FlReviewOpinion *fl_peer_review_get_first_opinion  (FlSession     *session,
                                                    gint64         peer_review_id,
                                                    GError       **error);
/* The second examiner's recorded opinion: to them, and to the first examiner
 * once the review is decided. */
FlReviewOpinion *fl_peer_review_get_second_opinion (FlSession     *session,
                                                    gint64         peer_review_id,
                                                    GError       **error);

/* The first examiner records why a second review of the pending lead is not
 * practicable; @reason (at least FL_PEER_REVIEW_REASON_MIN_CHARS characters)
 * is printed on the report. Refused once a second examiner has opened the
 * review, and after any earlier disagreement on the candidate. */
gboolean      fl_peer_review_not_practicable   (FlSession          *first,
                                                gint64              candidate_id,
                                                const char         *reason,
                                                GError            **error);

/* The latest peer review of a candidate (examiners, records staff and
 * administrators); FL_ERROR_NOT_FOUND when there is none. */
FlPeerReview *fl_peer_review_get_latest        (FlSession          *session,
                                                gint64              candidate_id,
                                                GError            **error);

/* R17 from the review's side: TRUE when the candidate's latest peer review is
 * agreed, or not practicable with a reason, and the first examiner's own
 * conclusion is still a possible lead. Otherwise FALSE and @why (may be NULL)
 * says what is missing. */
gboolean      fl_peer_review_lead_reportable   (FlDb               *db,
                                                gint64              candidate_id,
                                                char              **why);

/* Candidates of @case_id whose lead is reportable now (see above), oldest
 * first: an array of gint64 candidate ids. */
GArray       *fl_peer_review_reportable_leads  (FlDb               *db,
                                                gint64              case_id,
                                                GError            **error);

/* TRUE when @session must not see review opinions of case @case_id: a review
 * there is pending that they could still take as second examiner (they are
 * neither its first examiner nor the case's examiner and concluded nothing on
 * the candidate). Views of the case (timeline, report preview) hide the
 * "review.*" details from them while this holds. */
gboolean      fl_peer_review_blinds            (FlSession          *session,
                                                gint64              case_id);

G_END_DECLS
