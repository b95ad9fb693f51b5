/* fl-review.c: the feature-by-feature comparison and the conclusion per candidate (R1, R15, R16, R18) */
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "fl-audit.h"
#include "fl-gallery-private.h"
#include "fl-review-private.h"

/* The wording offered to examiners: never "match" or "identification" (R18). */
static const char * const conclusion_names[] = {
  [FL_CONCLUSION_NONE] = NULL,
  [FL_CONCLUSION_POSSIBLE_LEAD] = "possible_lead",
  [FL_CONCLUSION_EXCLUDED] = "excluded",
  [FL_CONCLUSION_INCONCLUSIVE] = "inconclusive",
};

static const char * const conclusion_labels[] = {
  [FL_CONCLUSION_NONE] = N_("Not yet evaluated"),
  [FL_CONCLUSION_POSSIBLE_LEAD] = N_("Possible investigative lead"),
  [FL_CONCLUSION_EXCLUDED] = N_("Excluded"),
  [FL_CONCLUSION_INCONCLUSIVE] = N_("Inconclusive"),
};

static const char * const assessment_names[] = {
  [FL_ASSESSMENT_NONE] = NULL,
  [FL_ASSESSMENT_SIMILAR] = "similar",
  [FL_ASSESSMENT_DISSIMILAR] = "dissimilar",
  [FL_ASSESSMENT_NOT_ASSESSABLE] = "not_assessable",
};

static const char * const assessment_labels[] = {
  [FL_ASSESSMENT_NONE] = N_("Not answered"),
  [FL_ASSESSMENT_SIMILAR] = N_("Similar"),
  [FL_ASSESSMENT_DISSIMILAR] = N_("Dissimilar"),
  [FL_ASSESSMENT_NOT_ASSESSABLE] = N_("Not assessable"),
};

/* R15's list extended with the FISWG facial components. */
static const FlReviewFeature features[] = {
  { "face_outline", N_("Face/head outline"),
    N_("Overall shape of the head and face (oval, round, square, long) and the jaw seen from this angle."), 'u' },
  { "face_composition", N_("Face/head composition"),
    N_("Proportions and relative positions of eyes, nose, mouth and ears within the face."), 'p' },
  { "hair", N_("Hair/hairline"),
    N_("Shape of the hairline (widow's peak, recession), parting and density; style and colour change easily."), 'h' },
  { "forehead", N_("Forehead"), N_("Height, slope, brow ridge and creases of the forehead."), 'f' },
  { "eyebrows", N_("Eyebrows"),
    N_("Shape, thickness and arch of the brows, their position over the eyes, gaps in the brow."), 'b' },
  { "eyes", N_("Eyes"),
    N_("Shape, size and spacing of the eyes; eyelids and folds; inner and outer corners."), 'e' },
  { "cheeks", N_("Cheeks"), N_("Cheekbones, fullness, dimples and creases of the cheeks."), 'k' },
  { "nose", N_("Nose"),
    N_("Bridge, tip, nostrils and wings; width and length in proportion to the face."), 'o' },
  { "ears", N_("Ears"),
    N_("Outline, helix, lobe shape and attachment, protrusion from the head."), 'a' },
  { "mouth", N_("Mouth"),
    N_("Width and corners of the mouth, philtrum, position between nose and chin."), 'm' },
  { "lips", N_("Lips"), N_("Thickness of the upper and lower lip, Cupid's bow, lip line."), 'l' },
  { "chin", N_("Chin"), N_("Shape of the chin and jawline, cleft or dimple."), 'c' },
  { "neck", N_("Neck"), N_("Length and width of the neck, Adam's apple, folds."), 'n' },
  { "facial_hair", N_("Facial hair"),
    N_("Beard, moustache and stubble: pattern and growth line (they change easily)."), 'i' },
  { "facial_lines", N_("Facial lines"),
    N_("Wrinkles and creases: nasolabial folds, crow's feet, forehead lines."), 'w' },
  { "scars", N_("Scars"),
    N_("Position, shape and direction of scars; a scar in one image only needs an explanation."), 's' },
  { "marks", N_("Marks"), N_("Moles, freckles, birthmarks and blemishes: position and size."), 'r' },
  { "tattoos", N_("Tattoos"), N_("Position, design and size of tattoos on the face and neck."), 't' },
  { "alterations", N_("Alterations"),
    N_("Signs of surgery, piercings, injuries or other changes to the face."), 'x' },
};

/* ---- vocabulary ------------------------------------------------------- */

const char *
fl_conclusion_to_string (FlConclusion conclusion)
{
  g_return_val_if_fail (conclusion <= FL_CONCLUSION_LAST, NULL);
  return conclusion_names[conclusion];
}

gboolean
fl_conclusion_from_string (const char   *text,
                           FlConclusion *out)
{
  for (guint i = FL_CONCLUSION_POSSIBLE_LEAD; i <= FL_CONCLUSION_LAST; i++)
    if (g_strcmp0 (text, conclusion_names[i]) == 0)
      {
        *out = (FlConclusion) i;
        return TRUE;
      }
  return FALSE;
}

const char *
fl_conclusion_label (FlConclusion conclusion)
{
  g_return_val_if_fail (conclusion <= FL_CONCLUSION_LAST, NULL);
  return _(conclusion_labels[conclusion]);
}

const char *
fl_assessment_to_string (FlAssessment assessment)
{
  g_return_val_if_fail (assessment <= FL_ASSESSMENT_LAST, NULL);
  return assessment_names[assessment];
}

gboolean
fl_assessment_from_string (const char   *text,
                           FlAssessment *out)
{
  for (guint i = FL_ASSESSMENT_SIMILAR; i <= FL_ASSESSMENT_LAST; i++)
    if (g_strcmp0 (text, assessment_names[i]) == 0)
      {
        *out = (FlAssessment) i;
        return TRUE;
      }
  return FALSE;
}

const char *
fl_assessment_label (FlAssessment assessment)
{
  g_return_val_if_fail (assessment <= FL_ASSESSMENT_LAST, NULL);
  return _(assessment_labels[assessment]);
}

const FlReviewFeature *
fl_review_features (guint *n)
{
  if (n)
    *n = G_N_ELEMENTS (features);
  return features;
}

const FlReviewFeature *
fl_review_feature_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    if (g_strcmp0 (features[i].id, id) == 0)
      return &features[i];
  return NULL;
}

const char *
fl_review_feature_label (const FlReviewFeature *feature)
{
  g_return_val_if_fail (feature != NULL, NULL);
  return _(feature->label);
}

const char *
fl_review_feature_description (const FlReviewFeature *feature)
{
  g_return_val_if_fail (feature != NULL, NULL);
  return _(feature->description);
}

void
fl_review_answer_free (FlReviewAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->note);
  g_free (answer->recorded_at);
  g_free (answer);
}

void
fl_review_opinion_free (FlReviewOpinion *opinion)
{
  if (opinion == NULL)
    return;
  g_free (opinion->examiner_name);
  g_free (opinion->note);
  g_free (opinion->recorded_at);
  g_clear_pointer (&opinion->checklist, g_ptr_array_unref);
  g_free (opinion);
}

/* ---- shared with fl-peer-review.c ----------------------------------- */

void
fl_review_target_clear (FlReviewTarget *target)
{
  g_clear_pointer (&target->fr_number, g_free);
  g_clear_pointer (&target->image_hash, g_free);
}

gint64
fl_review_original_probe (FlDb   *db,
                          gint64  probe_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = fl_db_prepare (db, "WITH RECURSIVE chain (id, parent_id, depth) AS ("
                            "  SELECT id, parent_id, 0 FROM probes WHERE id = ?"
                            "  UNION ALL SELECT p.id, p.parent_id, chain.depth + 1 FROM probes p"
                            "  JOIN chain ON p.id = chain.parent_id WHERE chain.depth < 1000)"
                            " SELECT id FROM chain WHERE parent_id IS NULL;", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, probe_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

gboolean
fl_review_target_load (FlDb           *db,
                       gint64          candidate_id,
                       FlReviewTarget *target,
                       GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *state;

  memset (target, 0, sizeof *target);
  stmt = fl_db_prepare (db, "SELECT s.id, s.case_id, coalesce (c.examiner_id, 0), s.probe_id, c.fr_number,"
                            " gi.hash, c.state, c.sealed, su.sealed OR su.purged OR gi.hash IS NULL"
                            " FROM candidates ca JOIN searches s ON s.id = ca.search_id"
                            " JOIN cases c ON c.id = s.case_id"
                            " JOIN subjects su ON su.id = ca.subject_id"
                            " JOIN gallery_images gi ON gi.id = ca.gallery_image_id"
                            " WHERE ca.id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      break;
    case SQLITE_DONE:
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "There is no candidate %" G_GINT64_FORMAT ". Reload the candidate list.", candidate_id);
      return FALSE;
    default:
      return fl_db_set_error (db, error, "Cannot read the candidate");
    }
  target->candidate_id = candidate_id;
  target->search_id = sqlite3_column_int64 (stmt, 0);
  target->case_id = sqlite3_column_int64 (stmt, 1);
  target->case_examiner_id = sqlite3_column_int64 (stmt, 2);
  target->searched_probe_id = sqlite3_column_int64 (stmt, 3);
  target->fr_number = fl_db_column_dup (stmt, 4);
  target->image_hash = fl_db_column_dup (stmt, 5);
  state = (const char *) sqlite3_column_text (stmt, 6);
  if (!fl_case_state_from_string (state, &target->case_state))
    target->case_state = FL_CASE_STATE_ANY;
  target->case_sealed = sqlite3_column_int (stmt, 7) != 0;
  target->record_sealed = sqlite3_column_int (stmt, 8) != 0;
  target->original_probe_id = fl_review_original_probe (db, target->searched_probe_id);
  return TRUE;
}

gboolean
fl_review_refuse (FlSession   *session,
                  const char  *what,
                  gint64       case_id,
                  const char  *reason,
                  FlError      code,
                  GError     **error,
                  const char  *format,
                  ...)
{
  g_autofree char *details = fl_audit_details ("reason", reason, NULL);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fl_session_audit (session, what, case_id, "refused", details, NULL);
  g_set_error_literal (error, FL_ERROR, code, message);
  return FALSE;
}

int
fl_review_conclusion_of (FlDb    *db,
                         gint64   candidate_id,
                         gint64   examiner_id,
                         GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FlConclusion conclusion = FL_CONCLUSION_NONE;
  int rc;

  stmt = fl_db_prepare (db, "SELECT conclusion FROM conclusions WHERE candidate_id = ? AND examiner_id = ?;", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_int64 (stmt, 2, examiner_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    fl_conclusion_from_string ((const char *) sqlite3_column_text (stmt, 0), &conclusion);
  else if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the conclusion");
      return -1;
    }
  return (int) conclusion;
}

static GPtrArray *
load_checklist (FlDb    *db,
                gint64   candidate_id,
                gint64   examiner_id,
                GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_review_answer_free);
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    {
      FlReviewAnswer *answer = g_new0 (FlReviewAnswer, 1);

      answer->feature = &features[i];
      g_ptr_array_add (list, answer);
    }
  stmt = fl_db_prepare (db, "SELECT feature, assessment, note, recorded_at FROM comparisons"
                            " WHERE candidate_id = ? AND examiner_id = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_int64 (stmt, 2, examiner_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const FlReviewFeature *feature = fl_review_feature_lookup ((const char *) sqlite3_column_text (stmt, 0));
      FlReviewAnswer *answer;

      /* Rows of features no longer on the list stay in the record but are not part of the checklist. */
      if (feature == NULL)
        continue;
      answer = g_ptr_array_index (list, feature - features);
      fl_assessment_from_string ((const char *) sqlite3_column_text (stmt, 1), &answer->assessment);
      answer->note = fl_db_column_dup (stmt, 2);
      answer->recorded_at = fl_db_column_dup (stmt, 3);
    }
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the comparison checklist");
      return NULL;
    }
  return g_steal_pointer (&list);
}

char *
fl_review_checklist_summary (FlDb   *db,
                             gint64  candidate_id,
                             gint64  examiner_id)
{
  g_autoptr(GPtrArray) list = load_checklist (db, candidate_id, examiner_id, NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; list && i < list->len; i++)
    {
      FlReviewAnswer *answer = g_ptr_array_index (list, i);

      g_string_append_printf (out, "%s%s: %s", out->len ? "; " : "", answer->feature->id,
                              answer->assessment ? fl_assessment_to_string (answer->assessment) : "unanswered");
    }
  return g_string_free (out, FALSE);
}

FlReviewOpinion *
fl_review_opinion_load (FlDb    *db,
                        gint64   candidate_id,
                        gint64   examiner_id,
                        GError **error)
{
  g_autoptr(FlReviewOpinion) opinion = g_new0 (FlReviewOpinion, 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  opinion->examiner_id = examiner_id;
  stmt = fl_db_prepare (db, "SELECT u.full_name, k.conclusion, k.note, k.recorded_at FROM users u"
                            " LEFT JOIN conclusions k ON k.examiner_id = u.id AND k.candidate_id = ?"
                            " WHERE u.id = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_int64 (stmt, 2, examiner_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no account %" G_GINT64_FORMAT ".", examiner_id);
      return NULL;
    }
  opinion->examiner_name = fl_db_column_dup (stmt, 0);
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    {
      fl_conclusion_from_string ((const char *) sqlite3_column_text (stmt, 1), &opinion->conclusion);
      opinion->note = fl_db_column_dup (stmt, 2);
      opinion->recorded_at = fl_db_column_dup (stmt, 3);
    }
  opinion->checklist = load_checklist (db, candidate_id, examiner_id, error);
  if (opinion->checklist == NULL)
    return NULL;
  return g_steal_pointer (&opinion);
}

gboolean
fl_review_check_ready (FlSession            *session,
                       const char           *what,
                       const FlReviewTarget *target,
                       FlConclusion          conclusion,
                       gboolean              need_complete,
                       GError              **error)
{
  FlDb *db = fl_session_get_db (session);
  gint64 me = fl_session_get_user_id (session);
  g_autoptr(sqlite3_stmt) viewed = NULL;
  g_autoptr(GPtrArray) checklist = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  guint n_missing = 0, n_similar = 0;
  gboolean lead = conclusion == FL_CONCLUSION_POSSIBLE_LEAD;

  /* An enhanced image can mislead: the conclusion rests on the original (R10). */
  viewed = fl_db_prepare (db, "SELECT 1 FROM comparison_views WHERE candidate_id = ? AND examiner_id = ?"
                              " AND probe_id = ?;", error);
  if (viewed == NULL)
    return FALSE;
  sqlite3_bind_int64 (viewed, 1, target->candidate_id);
  sqlite3_bind_int64 (viewed, 2, me);
  sqlite3_bind_int64 (viewed, 3, target->original_probe_id);
  if (target->original_probe_id == 0 || sqlite3_step (viewed) != SQLITE_ROW)
    return fl_review_refuse (session, what, target->case_id, "original probe not viewed", FL_ERROR_POLICY, error,
                             "Display the ORIGINAL probe (probe %" G_GINT64_FORMAT ") beside candidate %"
                             G_GINT64_FORMAT " in the comparison view before concluding; an enhanced version "
                             "alone is not enough.", target->original_probe_id, target->candidate_id);

  if (lead && target->record_sealed)
    return fl_review_refuse (session, what, target->case_id, "gallery record sealed", FL_ERROR_POLICY, error,
                             "The candidate's gallery record is sealed or its image was purged under a "
                             "seal/destroy notice, so it cannot be a lead (R13). Conclude excluded or inconclusive.");

  if (!lead && !need_complete)
    return TRUE;

  checklist = load_checklist (db, target->candidate_id, me, error);
  if (checklist == NULL)
    return FALSE;
  for (guint i = 0; i < checklist->len; i++)
    {
      FlReviewAnswer *answer = g_ptr_array_index (checklist, i);

      if (answer->assessment == FL_ASSESSMENT_NONE)
        {
          g_string_append_printf (missing, "%s%s", n_missing ? ", " : "", fl_review_feature_label (answer->feature));
          n_missing++;
        }
      else if (answer->assessment == FL_ASSESSMENT_SIMILAR)
        n_similar++;
    }
  if (n_missing > 0)
    return fl_review_refuse (session, what, target->case_id, "checklist incomplete", FL_ERROR_POLICY, error,
                             "The feature comparison of candidate %" G_GINT64_FORMAT " is incomplete (R15): %u "
                             "of %u features are unanswered (%s). Answer each one: similar, dissimilar, or not "
                             "assessable when it is not visible in one of the images.",
                             target->candidate_id, n_missing, checklist->len, missing->str);
  if (lead && n_similar == 0)
    return fl_review_refuse (session, what, target->case_id, "no similar feature", FL_ERROR_POLICY, error,
                             "No feature of candidate %" G_GINT64_FORMAT " is recorded as similar, so the "
                             "comparison does not support a possible lead. Conclude excluded or inconclusive, "
                             "or correct the comparison.", target->candidate_id);
  return TRUE;
}

gboolean
fl_review_save_conclusion (FlDb         *db,
                           gint64        candidate_id,
                           gint64        examiner_id,
                           FlConclusion  conclusion,
                           const char   *note,
                           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = fl_now_iso8601 ();

  stmt = fl_db_prepare (db, "INSERT INTO conclusions (candidate_id, examiner_id, conclusion, note, recorded_at)"
                            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (candidate_id, examiner_id) DO UPDATE SET"
                            " conclusion = excluded.conclusion, note = excluded.note,"
                            " recorded_at = excluded.recorded_at;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_int64 (stmt, 2, examiner_id);
  fl_db_bind_text (stmt, 3, fl_conclusion_to_string (conclusion));
  fl_db_bind_text (stmt, 4, note ? note : "");
  fl_db_bind_text (stmt, 5, now);
  return fl_db_step_done (db, stmt, error);
}

/* ---- who may write -------------------------------------------------- */

typedef enum
{
  AS_FIRST,    /* the case's assigned examiner */
  AS_SECOND,   /* holds an opened, pending peer review of the candidate */
} Capacity;

static const char *
capacity_name (Capacity capacity)
{
  return capacity == AS_FIRST ? "examiner" : "second examiner";
}

/* Locks the first examiner's opinion once a lead went to peer review. */
static gboolean
first_opinion_locked (FlDb        *db,
                      gint64       candidate_id,
                      char       **out_state,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = fl_db_prepare (db, "SELECT state FROM peer_reviews WHERE candidate_id = ? ORDER BY id DESC LIMIT 1;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "disagreed") != 0)
    *out_state = fl_db_column_dup (stmt, 0);
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return fl_db_set_error (db, error, "Cannot read the peer reviews");
  return TRUE;
}

static gboolean
holds_pending_review (FlDb   *db,
                      gint64  candidate_id,
                      gint64  user_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = fl_db_prepare (db, "SELECT 1 FROM peer_reviews WHERE candidate_id = ? AND state = 'pending'"
                            " AND second_examiner_id = ?;", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* R1 and the case rules for any comparison write; @change is FALSE for
 * actions that do not alter an opinion (displaying a probe). */
static gboolean
authorize (FlSession            *session,
           const char           *what,
           const FlReviewTarget *target,
           gboolean              change,
           Capacity             *out,
           GError              **error)
{
  FlDb *db = fl_session_get_db (session);
  gint64 me = fl_session_get_user_id (session);

  if (!fl_session_require (session, FL_ROLE_EXAMINER, TRUE, what, error))
    return FALSE;
  if (target->case_sealed)
    return fl_review_refuse (session, what, target->case_id, "case sealed", FL_ERROR_POLICY, error,
                             "Case %s is sealed: its candidates can no longer be reviewed.", target->fr_number);
  if (target->case_state != FL_CASE_REVIEW && target->case_state != FL_CASE_PEER_REVIEW)
    return fl_review_refuse (session, what, target->case_id, "case not in review", FL_ERROR_POLICY, error,
                             "Case %s is in %s: candidates are compared and concluded while the case is in "
                             "review or peer review.", target->fr_number,
                             target->case_state ? fl_case_state_label (target->case_state) : "an unknown state");

  if (target->case_examiner_id == me)
    {
      g_autofree char *locked = NULL;

      if (change && !first_opinion_locked (db, target->candidate_id, &locked, error))
        return FALSE;
      if (locked)
        return fl_review_refuse (session, what, target->case_id, "opinion under peer review", FL_ERROR_POLICY,
                                 error, "Your possible lead on candidate %" G_GINT64_FORMAT " went to peer review "
                                 "(now %s), so your comparison and conclusion on it can no longer change. A "
                                 "disagreement by the second examiner would reopen them.",
                                 target->candidate_id, locked);
      *out = AS_FIRST;
      return TRUE;
    }
  if (holds_pending_review (db, target->candidate_id, me))
    {
      *out = AS_SECOND;
      return TRUE;
    }
  return fl_review_refuse (session, what, target->case_id, "not the case's examiner", FL_ERROR_DENIED, error,
                           "Only the examiner assigned to case %s compares its candidates, or a second examiner "
                           "who opened the candidate's peer review. Open the review from the peer-review queue, "
                           "or ask an administrator to assign the case.", target->fr_number);
}

/* ---- checklist ------------------------------------------------------ */

gboolean
fl_review_record_feature (FlSession    *examiner,
                          gint64        candidate_id,
                          const char   *feature_id,
                          FlAssessment  assessment,
                          const char   *note,
                          GError      **error)
{
  FlDb *db;
  const FlReviewFeature *feature = fl_review_feature_lookup (feature_id);
  g_auto(FlReviewTarget) target = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *trimmed = g_strstrip (g_strdup (note ? note : ""));
  g_autofree char *details = NULL;
  g_autofree char *candidate = NULL;
  Capacity capacity;

  g_return_val_if_fail (FL_IS_SESSION (examiner), FALSE);
  db = fl_session_get_db (examiner);

  if (feature == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "“%s” is not a feature of the comparison checklist. Use one of fl_review_features().",
                   feature_id ? feature_id : "");
      return FALSE;
    }
  if (assessment == FL_ASSESSMENT_NONE || assessment > FL_ASSESSMENT_LAST)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Assess the %s as similar, dissimilar or not assessable.", feature->id);
      return FALSE;
    }
  if (!fl_review_target_load (db, candidate_id, &target, error) ||
      !authorize (examiner, "review.feature", &target, TRUE, &capacity, error))
    return FALSE;

  if (!fl_db_begin (db, error))
    return FALSE;
  stmt = fl_db_prepare (db, "INSERT INTO comparisons (candidate_id, examiner_id, feature, assessment, note, recorded_at)"
                            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (candidate_id, examiner_id, feature) DO UPDATE"
                            " SET assessment = excluded.assessment, note = excluded.note,"
                            " recorded_at = excluded.recorded_at;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_int64 (stmt, 2, fl_session_get_user_id (examiner));
  fl_db_bind_text (stmt, 3, feature->id);
  fl_db_bind_text (stmt, 4, fl_assessment_to_string (assessment));
  fl_db_bind_text (stmt, 5, trimmed);
  fl_db_bind_text (stmt, 6, now);
  if (!fl_db_step_done (db, stmt, error))
    goto fail;
  candidate = g_strdup_printf ("%" G_GINT64_FORMAT, candidate_id);
  details = fl_audit_details ("candidate", candidate, "feature", feature->id,
                              "assessment", fl_assessment_to_string (assessment), "note", trimmed,
                              "as", capacity_name (capacity), NULL);
  if (!fl_session_audit (examiner, "review.feature", target.case_id, "success", details, error))
    goto fail;
  return fl_db_commit (db, error);

fail:
  fl_db_rollback (db);
  return FALSE;
}

GPtrArray *
fl_review_get_checklist (FlSession  *session,
                         gint64      candidate_id,
                         GError    **error)
{
  FlDb *db;
  g_auto(FlReviewTarget) target = { 0 };

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);
  db = fl_session_get_db (session);
  if (!fl_session_require (session, FL_ROLE_EXAMINER, FALSE, "review.checklist", error) ||
      !fl_review_target_load (db, candidate_id, &target, error))
    return NULL;
  return load_checklist (db, candidate_id, fl_session_get_user_id (session), error);
}

/* ---- comparison view ------------------------------------------------ */

gboolean
fl_review_mark_viewed (FlSession  *examiner,
                       gint64      candidate_id,
                       gint64      probe_id,
                       GError    **error)
{
  FlDb *db;
  g_auto(FlReviewTarget) target = { 0 };
  g_autoptr(sqlite3_stmt) probe = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *details = NULL;
  g_autofree char *candidate = NULL;
  g_autofree char *probe_text = NULL;
  gboolean original;
  Capacity capacity;

  g_return_val_if_fail (FL_IS_SESSION (examiner), FALSE);
  db = fl_session_get_db (examiner);
  if (!fl_review_target_load (db, candidate_id, &target, error) ||
      !authorize (examiner, "review.view", &target, FALSE, &capacity, error))
    return FALSE;

  probe = fl_db_prepare (db, "SELECT parent_id IS NULL FROM probes WHERE id = ? AND case_id = ?;", error);
  if (probe == NULL)
    return FALSE;
  sqlite3_bind_int64 (probe, 1, probe_id);
  sqlite3_bind_int64 (probe, 2, target.case_id);
  if (sqlite3_step (probe) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Probe %" G_GINT64_FORMAT " is not a probe of case %s. Compare the candidate with the case's "
                   "own probes.", probe_id, target.fr_number);
      return FALSE;
    }
  original = sqlite3_column_int (probe, 0) != 0;

  if (!fl_db_begin (db, error))
    return FALSE;
  /* The first display is what the rule needs; later ones are not repeated in the trail. */
  stmt = fl_db_prepare (db, "INSERT INTO comparison_views (candidate_id, examiner_id, probe_id, viewed_at)"
                            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_int64 (stmt, 2, fl_session_get_user_id (examiner));
  sqlite3_bind_int64 (stmt, 3, probe_id);
  fl_db_bind_text (stmt, 4, now);
  if (!fl_db_step_done (db, stmt, error))
    goto fail;
  if (sqlite3_changes (fl_db_get_handle (db)) == 1)
    {
      candidate = g_strdup_printf ("%" G_GINT64_FORMAT, candidate_id);
      probe_text = g_strdup_printf ("%" G_GINT64_FORMAT, probe_id);
      details = fl_audit_details ("candidate", candidate, "probe", probe_text,
                                  "original", original ? "yes" : "no (enhanced)",
                                  "as", capacity_name (capacity), NULL);
      if (!fl_session_audit (examiner, "review.view", target.case_id, "success", details, error))
        goto fail;
    }
  return fl_db_commit (db, error);

fail:
  fl_db_rollback (db);
  return FALSE;
}

/* ---- conclusion ----------------------------------------------------- */

static gint64
request_peer_review (FlSession   *examiner,
                     gint64       candidate_id,
                     gint64       case_id,
                     GError     **error)
{
  FlDb *db = fl_session_get_db (examiner);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *details = NULL;
  g_autofree char *candidate = NULL;
  g_autofree char *review = NULL;
  gint64 id;

  stmt = fl_db_prepare (db, "INSERT INTO peer_reviews (candidate_id, first_examiner_id, state, requested_at)"
                            " VALUES (?, ?, 'pending', ?);", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_int64 (stmt, 2, fl_session_get_user_id (examiner));
  fl_db_bind_text (stmt, 3, now);
  if (!fl_db_step_done (db, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (fl_db_get_handle (db));
  candidate = g_strdup_printf ("%" G_GINT64_FORMAT, candidate_id);
  review = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  details = fl_audit_details ("candidate", candidate, "peer_review", review, NULL);
  if (!fl_session_audit (examiner, "peer_review.request", case_id, "success", details, error))
    return 0;
  return id;
}

gboolean
fl_review_conclude (FlSession     *examiner,
                    gint64         candidate_id,
                    FlConclusion   conclusion,
                    const char    *note,
                    GError       **error)
{
  FlDb *db;
  g_auto(FlReviewTarget) target = { 0 };
  g_autofree char *trimmed = g_strstrip (g_strdup (note ? note : ""));
  g_autofree char *details = NULL;
  g_autofree char *candidate = NULL;
  g_autofree char *checklist = NULL;
  Capacity capacity;

  g_return_val_if_fail (FL_IS_SESSION (examiner), FALSE);
  db = fl_session_get_db (examiner);

  if (conclusion == FL_CONCLUSION_NONE || conclusion > FL_CONCLUSION_LAST)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "Conclude with possible investigative lead, excluded or inconclusive.");
      return FALSE;
    }
  if (!fl_review_target_load (db, candidate_id, &target, error) ||
      !authorize (examiner, "review.conclude", &target, TRUE, &capacity, error))
    return FALSE;
  if (capacity == AS_SECOND)
    return fl_review_refuse (examiner, "review.conclude", target.case_id, "second examiner", FL_ERROR_POLICY, error,
                             "As second examiner, record your conclusion on candidate %" G_GINT64_FORMAT " in the "
                             "peer review you opened.", candidate_id);
  if (!fl_review_check_ready (examiner, "review.conclude", &target, conclusion, FALSE, error))
    return FALSE;

  checklist = fl_review_checklist_summary (db, candidate_id, fl_session_get_user_id (examiner));
  candidate = g_strdup_printf ("%" G_GINT64_FORMAT, candidate_id);
  details = fl_audit_details ("candidate", candidate, "conclusion", fl_conclusion_to_string (conclusion),
                              "note", trimmed, "checklist", checklist, NULL);

  if (!fl_db_begin (db, error))
    return FALSE;
  if (!fl_review_save_conclusion (db, candidate_id, fl_session_get_user_id (examiner), conclusion, trimmed, error) ||
      !fl_session_audit (examiner, "review.conclude", target.case_id, "success", details, error))
    goto fail;
  if (conclusion == FL_CONCLUSION_POSSIBLE_LEAD)
    {
      /* R17: no lead leaves the unit without a second examiner's blind review. */
      if (request_peer_review (examiner, candidate_id, target.case_id, error) == 0)
        goto fail;
      if (target.case_state == FL_CASE_REVIEW)
        {
          g_autofree char *move_note = g_strdup_printf ("Possible lead on candidate %" G_GINT64_FORMAT
                                                        " awaits the second examiner's blind review.", candidate_id);
          if (!fl_case_set_state (examiner, target.case_id, FL_CASE_PEER_REVIEW, move_note, error))
            goto fail;
        }
    }
  return fl_db_commit (db, error);

fail:
  fl_db_rollback (db);
  return FALSE;
}

/* ---- grid ------------------------------------------------------------ */

gboolean
fl_review_candidate_state (FlSession     *session,
                           gint64         candidate_id,
                           FlConclusion  *out_state,
                           GError       **error)
{
  FlDb *db;
  g_auto(FlReviewTarget) target = { 0 };
  int conclusion;

  g_return_val_if_fail (FL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (out_state != NULL, FALSE);
  db = fl_session_get_db (session);
  if (!fl_session_require (session, FL_ROLE_EXAMINER, FALSE, "review.state", error) ||
      !fl_review_target_load (db, candidate_id, &target, error))
    return FALSE;
  conclusion = fl_review_conclusion_of (db, candidate_id, fl_session_get_user_id (session), error);
  if (conclusion < 0)
    return FALSE;
  *out_state = (FlConclusion) conclusion;
  return TRUE;
}

GHashTable *
fl_review_search_states (FlSession  *session,
                         gint64      search_id,
                         GError    **error)
{
  FlDb *db;
  g_autoptr(sqlite3_stmt) exists = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) states = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);
  db = fl_session_get_db (session);
  if (!fl_session_require (session, FL_ROLE_EXAMINER, FALSE, "review.state", error))
    return NULL;
  exists = fl_db_prepare (db, "SELECT 1 FROM searches WHERE id = ?;", error);
  if (exists == NULL)
    return NULL;
  sqlite3_bind_int64 (exists, 1, search_id);
  if (sqlite3_step (exists) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no search %" G_GINT64_FORMAT ".", search_id);
      return NULL;
    }
  stmt = fl_db_prepare (db, "SELECT k.candidate_id, k.conclusion FROM conclusions k"
                            " JOIN candidates ca ON ca.id = k.candidate_id"
                            " WHERE ca.search_id = ? AND k.examiner_id = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, search_id);
  sqlite3_bind_int64 (stmt, 2, fl_session_get_user_id (session));
  states = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FlConclusion conclusion;

      if (fl_conclusion_from_string ((const char *) sqlite3_column_text (stmt, 1), &conclusion))
        g_hash_table_insert (states, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                             GINT_TO_POINTER (conclusion));
    }
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the conclusions");
      return NULL;
    }
  return g_steal_pointer (&states);
}

/* ---- manual landmarks ----------------------------------------------- */

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

gboolean
fl_review_set_manual_landmark (FlSession   *examiner,
                               const char  *image_hash,
                               guint        point,
                               double       x,
                               double       y,
                               GError     **error)
{
  FlDb *db;
  g_autoptr(sqlite3_stmt) image = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *details = NULL;
  g_autofree char *point_text = NULL;
  g_autofree char *x_text = NULL;
  g_autofree char *y_text = NULL;
  gint64 case_id;
  gboolean is_probe, case_sealed, in_gallery, open_record;

  g_return_val_if_fail (FL_IS_SESSION (examiner), FALSE);
  db = fl_session_get_db (examiner);

  if (point >= FL_REVIEW_LANDMARK_COUNT)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Landmark %u does not exist: the points are numbered 0 to %d.", point,
                   FL_REVIEW_LANDMARK_COUNT - 1);
      return FALSE;
    }
  if (!isfinite (x) || !isfinite (y) || x < 0 || y < 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "Place the landmark inside the image (pixel coordinates from its top-left corner).");
      return FALSE;
    }
  if (!is_sha256_hex (image_hash))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The image is named by its SHA-256 (64 lower-case hexadecimal digits).");
      return FALSE;
    }
  if (!fl_session_require (examiner, FL_ROLE_EXAMINER, TRUE, "review.landmark", error))
    return FALSE;

  image = fl_db_prepare (db, "SELECT coalesce ((SELECT p.case_id FROM probes p WHERE p.hash = b.hash"
                             "   ORDER BY p.id LIMIT 1), 0),"
                             " EXISTS (SELECT 1 FROM probes p JOIN cases c ON c.id = p.case_id"
                             "   WHERE p.hash = b.hash AND c.sealed = 0),"
                             " EXISTS (SELECT 1 FROM probes p JOIN cases c ON c.id = p.case_id"
                             "   WHERE p.hash = b.hash AND c.sealed = 1),"
                             " EXISTS (SELECT 1 FROM gallery_images gi WHERE gi.hash = b.hash),"
                             " EXISTS (SELECT 1 FROM gallery_images gi JOIN subjects su ON su.id = gi.subject_id"
                             "   WHERE gi.hash = b.hash AND su.sealed = 0 AND su.purged = 0)"
                             " FROM blobs b WHERE b.hash = ? AND b.purged_at IS NULL;", error);
  if (image == NULL)
    return FALSE;
  fl_db_bind_text (image, 1, image_hash);
  if (sqlite3_step (image) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "Image %.12s… is not in the image store (or was purged). Reload the comparison.", image_hash);
      return FALSE;
    }
  case_id = sqlite3_column_int64 (image, 0);
  is_probe = sqlite3_column_int (image, 1) != 0;
  case_sealed = sqlite3_column_int (image, 2) != 0;
  in_gallery = sqlite3_column_int (image, 3) != 0;
  open_record = sqlite3_column_int (image, 4) != 0;
  if (!is_probe && !open_record)
    {
      if (case_sealed || in_gallery)
        return fl_review_refuse (examiner, "review.landmark", case_id, "sealed record", FL_ERROR_POLICY, error,
                                 "The image belongs to a sealed case or gallery record, so it can no longer be "
                                 "annotated.");
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "Landmarks are placed on probes and gallery images only.");
      return FALSE;
    }

  if (!fl_db_begin (db, error))
    return FALSE;
  stmt = fl_db_prepare (db, "INSERT INTO manual_landmarks (image_hash, examiner_id, point, x, y, recorded_at)"
                            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (image_hash, examiner_id, point) DO UPDATE"
                            " SET x = excluded.x, y = excluded.y, recorded_at = excluded.recorded_at;", error);
  if (stmt == NULL)
    goto fail;
  fl_db_bind_text (stmt, 1, image_hash);
  sqlite3_bind_int64 (stmt, 2, fl_session_get_user_id (examiner));
  sqlite3_bind_int (stmt, 3, (int) point);
  sqlite3_bind_double (stmt, 4, x);
  sqlite3_bind_double (stmt, 5, y);
  fl_db_bind_text (stmt, 6, now);
  if (!fl_db_step_done (db, stmt, error))
    goto fail;
  point_text = g_strdup_printf ("%u", point);
  x_text = g_strdup_printf ("%.2f", x);
  y_text = g_strdup_printf ("%.2f", y);
  details = fl_audit_details ("image", image_hash, "point", point_text, "x", x_text, "y", y_text, NULL);
  if (!fl_session_audit (examiner, "review.landmark", is_probe ? case_id : 0, "success", details, error))
    goto fail;
  return fl_db_commit (db, error);

fail:
  fl_db_rollback (db);
  return FALSE;
}

GArray *
fl_review_get_manual_landmarks (FlSession   *examiner,
                                const char  *image_hash,
                                GError     **error)
{
  FlDb *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (FlManualLandmark));
  int rc;

  g_return_val_if_fail (FL_IS_SESSION (examiner), NULL);
  db = fl_session_get_db (examiner);
  if (!fl_session_require (examiner, FL_ROLE_EXAMINER, FALSE, "review.landmarks", error))
    return NULL;
  stmt = fl_db_prepare (db, "SELECT point, x, y FROM manual_landmarks WHERE image_hash = ? AND examiner_id = ?"
                            " ORDER BY point;", error);
  if (stmt == NULL)
    return NULL;
  fl_db_bind_text (stmt, 1, image_hash);
  sqlite3_bind_int64 (stmt, 2, fl_session_get_user_id (examiner));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FlManualLandmark point = {
        .point = (guint) sqlite3_column_int (stmt, 0),
        .x = sqlite3_column_double (stmt, 1),
        .y = sqlite3_column_double (stmt, 2),
      };
      g_array_append_val (points, point);
    }
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the manual landmarks");
      return NULL;
    }
  return g_steal_pointer (&points);
}
