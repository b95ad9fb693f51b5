/* fl-review.h: the examiner's comparison of each candidate and the conclusion (R1, R15, R16, R18)
 *
 * The examiner compares a candidate with the probe feature by feature (the
 * checklist), looking at the ORIGINAL probe at least once, and concludes per
 * candidate with one of three words: possible investigative lead, excluded or
 * inconclusive. Nothing here offers any other vocabulary (R18).
 *
 * Who may write (each write re-checks the examiner role and current training, R1):
 *  - the examiner assigned to the candidate's case, while the case is in
 *    review or peer review and is not sealed; once a possible lead has gone to
 *    peer review (pending, agreed or not practicable) that examiner's checklist
 *    and conclusion for the candidate are locked — only a disagreement unlocks
 *    them (a new possible lead then starts a new peer review);
 *  - the second examiner holding an opened, pending peer review of the
 *    candidate (fl-peer-review.h), for their own checklist and views only.
 * Everyone reads only their OWN answers and conclusion through this API: the
 * first examiner's opinion reaches a second examiner only through
 * fl_peer_review_get_first_opinion() (the blind rule, R17).
 *
 * The checklist of a candidate is COMPLETE when the examiner has answered every
 * feature of fl_review_features() with similar, dissimilar or not assessable.
 * "Not assessable" is the answer for a feature that is not visible (or not
 * usable) in the probe or in the candidate image, so a complete checklist
 * covers exactly the features visible in both images with a real comparison.
 *
 * fl_review_conclude() refuses (audited "review.conclude", outcome "refused"):
 *  - any conclusion until the examiner has displayed the ORIGINAL probe beside
 *    the candidate (fl_review_mark_viewed() with the root of the searched
 *    probe's enhancement chain; viewing only an enhanced version is not enough);
 *  - a possible lead unless the checklist is complete AND at least one feature
 *    is "similar" (a lead that rests on no observed similarity is no
 *    comparison), or when the candidate's gallery record is sealed (R13).
 * A possible lead opens a peer review in state "pending" (R17) and moves the
 * case from review to peer review. Every write is saved in the case database
 * and in the audit trail ("review.feature", "review.view", "review.conclude",
 * "review.landmark", "peer_review.request").
 *
 * Labels and descriptions in the tables are gettext msgids: show them through
 * the *_label() functions, which translate.
 */
#pragma once

#include "fl-accounts.h"

G_BEGIN_DECLS

typedef enum
{
  FL_CONCLUSION_NONE = 0,         /* not yet evaluated */
  FL_CONCLUSION_POSSIBLE_LEAD,
  FL_CONCLUSION_EXCLUDED,
  FL_CONCLUSION_INCONCLUSIVE,
} FlConclusion;

#define FL_CONCLUSION_LAST FL_CONCLUSION_INCONCLUSIVE

typedef enum
{
  FL_ASSESSMENT_NONE = 0,         /* not answered yet */
  FL_ASSESSMENT_SIMILAR,
  FL_ASSESSMENT_DISSIMILAR,
  FL_ASSESSMENT_NOT_ASSESSABLE,   /* not visible in one of the two images */
} FlAssessment;

#define FL_ASSESSMENT_LAST FL_ASSESSMENT_NOT_ASSESSABLE

/* "possible_lead", "excluded", "inconclusive" as stored; NULL for NONE. */
const char *fl_conclusion_to_string   (FlConclusion  conclusion);
gboolean    fl_conclusion_from_string (const char   *text,
                                       FlConclusion *out);
/* Translated: "Not yet evaluated", "Possible investigative lead", "Excluded", "Inconclusive". */
const char *fl_conclusion_label       (FlConclusion  conclusion);

/* "similar", "dissimilar", "not_assessable"; NULL for NONE. */
const char *fl_assessment_to_string   (FlAssessment  assessment);
gboolean    fl_assessment_from_string (const char   *text,
                                       FlAssessment *out);
const char *fl_assessment_label       (FlAssessment  assessment);

/* One facial feature of the checklist (R15 and the FISWG facial components). */
typedef struct
{
  const char *id;            /* stored in comparisons.feature, e.g. "eyebrows" */
  const char *label;         /* msgid, e.g. "Eyebrows" */
  const char *description;   /* msgid: what to compare */
  char        shortcut;      /* one-key hint for the comparison view (lower case, unique) */
} FlReviewFeature;

/* The static table, in checklist order; @n receives its length. */
const FlReviewFeature *fl_review_features          (guint                 *n);
const FlReviewFeature *fl_review_feature_lookup    (const char            *id);
const char            *fl_review_feature_label     (const FlReviewFeature *feature);
const char            *fl_review_feature_description (const FlReviewFeature *feature);

/* Upserts the session's answer for one feature. @note may be NULL. */
gboolean   fl_review_record_feature (FlSession    *examiner,
                                     gint64        candidate_id,
                                     const char   *feature_id,
                                     FlAssessment  assessment,
                                     const char   *note,
                                     GError      **error);

/* One line of a checklist. */
typedef struct
{
  const FlReviewFeature *feature;
  FlAssessment           assessment;   /* FL_ASSESSMENT_NONE when not answered */
  char                  *note;         /* NULL when not answered */
  char                  *recorded_at;  /* ISO 8601 UTC; NULL when not answered */
} FlReviewAnswer;

void fl_review_answer_free (FlReviewAnswer *answer);

/* The session's OWN answers for the candidate, one FlReviewAnswer per feature
 * in table order (examiners only). */
GPtrArray *fl_review_get_checklist  (FlSession    *session,
                                     gint64        candidate_id,
                                     GError      **error);

/* Called by the comparison view whenever a probe is displayed beside the
 * candidate. The probe must belong to the candidate's case. The first display
 * is saved and audited with whether the probe is an original (no parent) or
 * an enhanced version. */
gboolean   fl_review_mark_viewed    (FlSession    *examiner,
                                     gint64        candidate_id,
                                     gint64        probe_id,
                                     GError      **error);

/* Records (or, while not locked, changes) the session's conclusion on one
 * candidate; see the rules at the top. @note may be NULL. */
gboolean   fl_review_conclude       (FlSession    *examiner,
                                     gint64        candidate_id,
                                     FlConclusion  conclusion,
                                     const char   *note,
                                     GError      **error);

/* The grid's state of a candidate: the session's OWN conclusion, or
 * FL_CONCLUSION_NONE (not yet evaluated). */
gboolean   fl_review_candidate_state (FlSession    *session,
                                      gint64        candidate_id,
                                      FlConclusion *out_state,
                                      GError      **error);
/* The same for every candidate of a search at once: candidate id (gint64 *)
 * → GINT_TO_POINTER (FlConclusion); candidates without a conclusion are
 * absent. Use with fl_search_list_candidates(), which gives the (blind) list. */
GHashTable *fl_review_search_states (FlSession    *session,
                                     gint64        search_id,
                                     GError      **error);

/* A whole opinion: conclusion and checklist of one examiner on one candidate. */
typedef struct
{
  gint64        examiner_id;
  char         *examiner_name;
  FlConclusion  conclusion;
  char         *note;
  char         *recorded_at;   /* of the conclusion; NULL when none */
  GPtrArray    *checklist;     /* of FlReviewAnswer, one per feature */
} FlReviewOpinion;

void fl_review_opinion_free (FlReviewOpinion *opinion);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlReviewOpinion, fl_review_opinion_free)

/* Manual landmarks: the examiner corrects or places the 68 points
 * (dlib/iBUG numbering 0…67) on a probe or gallery image, in pixel
 * coordinates of the stored image. Examiners with current training; saved per
 * examiner (upsert) and audited. */
#define FL_REVIEW_LANDMARK_COUNT 68

typedef struct
{
  guint  point;
  double x;
  double y;
} FlManualLandmark;

gboolean   fl_review_set_manual_landmark  (FlSession   *examiner,
                                           const char  *image_hash,
                                           guint        point,
                                           double       x,
                                           double       y,
                                           GError     **error);
/* The session's own points on the image, by point index: a GArray of FlManualLandmark. */
GArray    *fl_review_get_manual_landmarks (FlSession   *examiner,
                                           const char  *image_hash,
                                           GError     **error);

G_END_DECLS
