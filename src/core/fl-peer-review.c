/* fl-peer-review.c: the second examiner's blind review of a possible lead (R1, R2, R17) */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "fl-audit.h"
#include "fl-gallery-private.h"
#include "fl-peer-review.h"
#include "fl-review-private.h"

static const struct { const char *name; const char *label; } states[] = {
  [FL_PEER_REVIEW_PENDING] = { "pending", N_("Pending") },
  [FL_PEER_REVIEW_AGREED] = { "agreed", N_("Agreed") },
  [FL_PEER_REVIEW_DISAGREED] = { "disagreed", N_("Disagreed") },
  [FL_PEER_REVIEW_NOT_PRACTICABLE] = { "not_practicable", N_("Not practicable") },
};

const char *
fl_peer_review_state_to_string (FlPeerReviewState state)
{
  g_return_val_if_fail (state <= FL_PEER_REVIEW_NOT_PRACTICABLE, NULL);
  return states[state].name;
}

gboolean
fl_peer_review_state_from_string (const char        *text,
                                  FlPeerReviewState *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_strcmp0 (text, states[i].name) == 0)
      {
        *out = (FlPeerReviewState) i;
        return TRUE;
      }
  return FALSE;
}

const char *
fl_peer_review_state_label (FlPeerReviewState state)
{
  g_return_val_if_fail (state <= FL_PEER_REVIEW_NOT_PRACTICABLE, NULL);
  return _(states[state].label);
}

void
fl_peer_review_free (FlPeerReview *review)
{
  if (review == NULL)
    return;
  g_free (review->fr_number);
  g_free (review->candidate_image_hash);
  g_free (review->not_practicable_reason);
  g_free (review->requested_at);
  g_free (review->decided_at);
  g_free (review);
}

/* ---- loading ---------------------------------------------------------- */

/* The stored row, with the first examiner (never shown through FlPeerReview). */
typedef struct
{
  FlPeerReview *review;
  gint64        first_examiner_id;
} Row;

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->review, fl_peer_review_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, row_clear)

#define REVIEW_COLUMNS \
  " pr.id, pr.candidate_id, ca.search_id, s.case_id, c.fr_number, s.probe_id, gi.hash," \
  " coalesce (pr.second_examiner_id, 0), pr.state, pr.not_practicable_reason, pr.requested_at, pr.decided_at," \
  " pr.first_examiner_id" \
  " FROM peer_reviews pr JOIN candidates ca ON ca.id = pr.candidate_id" \
  " JOIN searches s ON s.id = ca.search_id JOIN cases c ON c.id = s.case_id" \
  " JOIN gallery_images gi ON gi.id = ca.gallery_image_id"

static FlPeerReview *
review_from_stmt (FlDb         *db,
                  sqlite3_stmt *stmt,
                  gint64       *out_first)
{
  FlPeerReview *r = g_new0 (FlPeerReview, 1);

  r->id = sqlite3_column_int64 (stmt, 0);
  r->candidate_id = sqlite3_column_int64 (stmt, 1);
  r->search_id = sqlite3_column_int64 (stmt, 2);
  r->case_id = sqlite3_column_int64 (stmt, 3);
  r->fr_number = fl_db_column_dup (stmt, 4);
  r->searched_probe_id = sqlite3_column_int64 (stmt, 5);
  r->original_probe_id = fl_review_original_probe (db, r->searched_probe_id);
  r->candidate_image_hash = fl_db_column_dup (stmt, 6);
  r->second_examiner_id = sqlite3_column_int64 (stmt, 7);
  fl_peer_review_state_from_string ((const char *) sqlite3_column_text (stmt, 8), &r->state);
  r->not_practicable_reason = fl_db_column_dup (stmt, 9);
  r->requested_at = fl_db_column_dup (stmt, 10);
  r->decided_at = fl_db_column_dup (stmt, 11);
  if (out_first)
    *out_first = sqlite3_column_int64 (stmt, 12);
  return r;
}

static gboolean
load_row (FlDb    *db,
          gint64   peer_review_id,
          Row     *row,
          GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT" REVIEW_COLUMNS " WHERE pr.id = ?;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, peer_review_id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      row->review = review_from_stmt (db, stmt, &row->first_examiner_id);
      return TRUE;
    case SQLITE_DONE:
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "There is no peer review %" G_GINT64_FORMAT ". Reload the peer-review queue.", peer_review_id);
      return FALSE;
    default:
      return fl_db_set_error (db, error, "Cannot read the peer review");
    }
}

static FlPeerReview *
copy_review (const FlPeerReview *r)
{
  FlPeerReview *copy = g_memdup2 (r, sizeof *r);

  copy->fr_number = g_strdup (r->fr_number);
  copy->candidate_image_hash = g_strdup (r->candidate_image_hash);
  copy->not_practicable_reason = g_strdup (r->not_practicable_reason);
  copy->requested_at = g_strdup (r->requested_at);
  copy->decided_at = g_strdup (r->decided_at);
  return copy;
}

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/* ---- queue and opening -------------------------------------------------- */

GPtrArray *
fl_peer_review_queue (FlSession  *examiner,
                      GError    **error)
{
  FlDb *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_SESSION (examiner), NULL);
  db = fl_session_get_db (examiner);
  if (!fl_session_require (examiner, FL_ROLE_EXAMINER, TRUE, "peer_review.queue", error))
    return NULL;
  /* R2 and the blind rule: never one's own case or lead, nor a candidate one already judged. */
  stmt = fl_db_prepare (db, "SELECT" REVIEW_COLUMNS
                            " WHERE pr.state = 'pending' AND pr.first_examiner_id <> ?1"
                            " AND coalesce (c.examiner_id, 0) <> ?1 AND c.sealed = 0"
                            " AND (pr.second_examiner_id IS NULL OR pr.second_examiner_id = ?1)"
                            " AND NOT EXISTS (SELECT 1 FROM conclusions k WHERE k.candidate_id = pr.candidate_id"
                            "   AND k.examiner_id = ?1)"
                            " ORDER BY pr.requested_at, pr.id;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, fl_session_get_user_id (examiner));
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_peer_review_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, review_from_stmt (db, stmt, NULL));
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the peer-review queue");
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* R2: nobody is second examiner of their own work. */
static gboolean
refuse_own_work (FlSession  *session,
                 const char *what,
                 const Row  *row,
                 gint64      case_examiner_id,
                 GError    **error)
{
  gint64 me = fl_session_get_user_id (session);

  if (me == row->first_examiner_id)
    return fl_review_refuse (session, what, row->review->case_id, "own lead", FL_ERROR_POLICY, error,
                             "You concluded this possible lead yourself: another examiner must review it (R2).");
  if (me == case_examiner_id)
    return fl_review_refuse (session, what, row->review->case_id, "own case", FL_ERROR_POLICY, error,
                             "You are the examiner of case %s: another examiner must review its lead (R2).",
                             row->review->fr_number);
  return TRUE;
}

FlPeerReview *
fl_peer_review_open (FlSession  *second,
                     gint64      peer_review_id,
                     GError    **error)
{
  FlDb *db;
  g_auto(Row) row = { 0 };
  g_auto(FlReviewTarget) target = { 0 };
  g_autoptr(sqlite3_stmt) claim = NULL;
  g_autofree char *details = NULL;
  g_autofree char *review_text = NULL;
  g_autofree char *candidate_text = NULL;
  gint64 me;
  int own;
  gboolean reopening;

  g_return_val_if_fail (FL_IS_SESSION (second), NULL);
  db = fl_session_get_db (second);
  me = fl_session_get_user_id (second);

  if (!fl_session_require (second, FL_ROLE_EXAMINER, TRUE, "peer_review.open", error) ||
      !load_row (db, peer_review_id, &row, error) ||
      !fl_review_target_load (db, row.review->candidate_id, &target, error) ||
      !refuse_own_work (second, "peer_review.open", &row, target.case_examiner_id, error))
    return NULL;
  if (row.review->state != FL_PEER_REVIEW_PENDING)
    {
      fl_review_refuse (second, "peer_review.open", target.case_id, "already decided", FL_ERROR_INVALID, error,
                        "This peer review is already %s. Choose a pending review from the queue.",
                        fl_peer_review_state_label (row.review->state));
      return NULL;
    }
  if (target.case_sealed)
    {
      fl_review_refuse (second, "peer_review.open", target.case_id, "case sealed", FL_ERROR_POLICY, error,
                        "Case %s is sealed: its lead can no longer be reviewed.", target.fr_number);
      return NULL;
    }
  if (row.review->second_examiner_id != 0 && row.review->second_examiner_id != me)
    {
      fl_review_refuse (second, "peer_review.open", target.case_id, "held by another examiner", FL_ERROR_DENIED,
                        error, "Another examiner has opened this peer review. Choose another one from the queue.");
      return NULL;
    }
  own = fl_review_conclusion_of (db, target.candidate_id, me, error);
  if (own < 0)
    return NULL;
  if (own != FL_CONCLUSION_NONE)
    {
      fl_review_refuse (second, "peer_review.open", target.case_id, "not blind", FL_ERROR_POLICY, error,
                        "You already recorded a conclusion on this candidate, so your review would not be blind "
                        "(R17). Another examiner must review it.");
      return NULL;
    }

  reopening = row.review->second_examiner_id == me;
  if (!fl_db_begin (db, error))
    return NULL;
  claim = fl_db_prepare (db, "UPDATE peer_reviews SET second_examiner_id = ?1 WHERE id = ?2 AND state = 'pending'"
                             " AND (second_examiner_id IS NULL OR second_examiner_id = ?1);", error);
  if (claim == NULL)
    goto fail;
  sqlite3_bind_int64 (claim, 1, me);
  sqlite3_bind_int64 (claim, 2, peer_review_id);
  if (!fl_db_step_one_row (db, claim, "Another examiner took this peer review meanwhile. Reload the queue.", error))
    goto fail;
  review_text = id_text (peer_review_id);
  candidate_text = id_text (target.candidate_id);
  details = fl_audit_details ("peer_review", review_text, "candidate", candidate_text,
                              "opened", reopening ? "again" : "first time", NULL);
  if (!fl_session_audit (second, "peer_review.open", target.case_id, "success", details, error))
    goto fail;
  if (!fl_db_commit (db, error))
    return NULL;
  row.review->second_examiner_id = me;
  return g_steal_pointer (&row.review);

fail:
  fl_db_rollback (db);
  return NULL;
}

/* ---- the second examiner's record --------------------------------------- */

/* R17: a disagreement sends the case back to review, unless another lead of
 * the case still waits for its review (the case stays in peer review for it). */
static gboolean
send_back_to_review (FlSession            *second,
                     const FlReviewTarget *target,
                     gint64                peer_review_id,
                     GError              **error)
{
  FlDb *db = fl_session_get_db (second);
  g_autoptr(sqlite3_stmt) pending = NULL;
  g_autoptr(sqlite3_stmt) move = NULL;
  g_autofree char *note = NULL;
  g_autofree char *details = NULL;

  if (target->case_state != FL_CASE_PEER_REVIEW || !fl_case_state_can_move (FL_CASE_PEER_REVIEW, FL_CASE_REVIEW))
    return TRUE;
  pending = fl_db_prepare (db, "SELECT 1 FROM peer_reviews pr JOIN candidates ca ON ca.id = pr.candidate_id"
                               " JOIN searches s ON s.id = ca.search_id"
                               " WHERE s.case_id = ? AND pr.state = 'pending' LIMIT 1;", error);
  if (pending == NULL)
    return FALSE;
  sqlite3_bind_int64 (pending, 1, target->case_id);
  if (sqlite3_step (pending) == SQLITE_ROW)
    return TRUE;

  /* The second examiner is not the case's examiner, so fl_case_set_state()
   * would refuse them: this one move follows from their recorded review. */
  move = fl_db_prepare (db, "UPDATE cases SET state = 'review' WHERE id = ? AND state = 'peer_review';", error);
  if (move == NULL)
    return FALSE;
  sqlite3_bind_int64 (move, 1, target->case_id);
  if (!fl_db_step_done (db, move, error))
    return FALSE;
  if (sqlite3_changes (fl_db_get_handle (db)) != 1)
    return TRUE;
  note = g_strdup_printf ("The second examiner did not agree with the possible lead on candidate %" G_GINT64_FORMAT
                          " (peer review %" G_GINT64_FORMAT "); both opinions are recorded.",
                          target->candidate_id, peer_review_id);
  details = fl_audit_details ("from", fl_case_state_to_string (FL_CASE_PEER_REVIEW),
                              "to", fl_case_state_to_string (FL_CASE_REVIEW), "note", note, NULL);
  return fl_session_audit (second, "case.state", target->case_id, "success", details, error);
}

gboolean
fl_peer_review_record (FlSession     *second,
                       gint64         peer_review_id,
                       FlConclusion   conclusion,
                       const char    *note,
                       GError       **error)
{
  FlDb *db;
  g_auto(Row) row = { 0 };
  g_auto(FlReviewTarget) target = { 0 };
  g_autoptr(sqlite3_stmt) decide = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (note ? note : ""));
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *details = NULL;
  g_autofree char *review_text = NULL;
  g_autofree char *candidate_text = NULL;
  g_autofree char *checklist = NULL;
  FlPeerReviewState result;
  gint64 me;

  g_return_val_if_fail (FL_IS_SESSION (second), FALSE);
  db = fl_session_get_db (second);
  me = fl_session_get_user_id (second);

  if (conclusion == FL_CONCLUSION_NONE || conclusion > FL_CONCLUSION_LAST)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "Conclude with possible investigative lead, excluded or inconclusive.");
      return FALSE;
    }
  if (!fl_session_require (second, FL_ROLE_EXAMINER, TRUE, "peer_review.record", error) ||
      !load_row (db, peer_review_id, &row, error) ||
      !fl_review_target_load (db, row.review->candidate_id, &target, error) ||
      !refuse_own_work (second, "peer_review.record", &row, target.case_examiner_id, error))
    return FALSE;
  if (row.review->state != FL_PEER_REVIEW_PENDING)
    return fl_review_refuse (second, "peer_review.record", target.case_id, "already decided", FL_ERROR_INVALID, error,
                             "This peer review is already %s.", fl_peer_review_state_label (row.review->state));
  if (row.review->second_examiner_id != me)
    return fl_review_refuse (second, "peer_review.record", target.case_id, "not opened", FL_ERROR_DENIED, error,
                             row.review->second_examiner_id == 0
                               ? "Open this peer review from the queue and compare the candidate before recording."
                               : "Another examiner has opened this peer review; only they record it.");
  if (target.case_sealed)
    return fl_review_refuse (second, "peer_review.record", target.case_id, "case sealed", FL_ERROR_POLICY, error,
                             "Case %s is sealed: its lead can no longer be reviewed.", target.fr_number);
  /* The second examiner's own comparison, complete, against the original probe. */
  if (!fl_review_check_ready (second, "peer_review.record", &target, conclusion, TRUE, error))
    return FALSE;

  result = conclusion == FL_CONCLUSION_POSSIBLE_LEAD ? FL_PEER_REVIEW_AGREED : FL_PEER_REVIEW_DISAGREED;
  review_text = id_text (peer_review_id);
  candidate_text = id_text (target.candidate_id);
  checklist = fl_review_checklist_summary (db, target.candidate_id, me);
  details = fl_audit_details ("peer_review", review_text, "candidate", candidate_text,
                              "conclusion", fl_conclusion_to_string (conclusion), "note", trimmed,
                              "result", fl_peer_review_state_to_string (result), "checklist", checklist, NULL);

  if (!fl_db_begin (db, error))
    return FALSE;
  if (!fl_review_save_conclusion (db, target.candidate_id, me, conclusion, trimmed, error))
    goto fail;
  decide = fl_db_prepare (db, "UPDATE peer_reviews SET state = ?, decided_at = ? WHERE id = ? AND state = 'pending'"
                              " AND second_examiner_id = ?;", error);
  if (decide == NULL)
    goto fail;
  fl_db_bind_text (decide, 1, fl_peer_review_state_to_string (result));
  fl_db_bind_text (decide, 2, now);
  sqlite3_bind_int64 (decide, 3, peer_review_id);
  sqlite3_bind_int64 (decide, 4, me);
  if (!fl_db_step_one_row (db, decide, "This peer review was changed meanwhile. Reload it and try again.", error))
    goto fail;
  if (!fl_session_audit (second, "peer_review.record", target.case_id, "success", details, error))
    goto fail;
  if (result == FL_PEER_REVIEW_DISAGREED && !send_back_to_review (second, &target, peer_review_id, error))
    goto fail;
  return fl_db_commit (db, error);

fail:
  fl_db_rollback (db);
  return FALSE;
}

/* ---- opinions (the blind rule) -------------------------------------------- */

FlReviewOpinion *
fl_peer_review_get_first_opinion (FlSession  *session,
                                  gint64      peer_review_id,
                                  GError    **error)
{
  FlDb *db;
  g_auto(Row) row = { 0 };
  gint64 me;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);
  db = fl_session_get_db (session);
  me = fl_session_get_user_id (session);
  if (!fl_session_require (session, FL_ROLE_EXAMINER, FALSE, "peer_review.first_opinion", error) ||
      !load_row (db, peer_review_id, &row, error))
    return NULL;

  if (me == row.first_examiner_id)
    ;
  else if (me == row.review->second_examiner_id)
    {
      if (row.review->state == FL_PEER_REVIEW_PENDING)
        {
          fl_review_refuse (session, "peer_review.first_opinion", row.review->case_id, "blind review not recorded",
                            FL_ERROR_POLICY, error,
                            "The review is blind (R17): record your own comparison and conclusion first; the "
                            "first examiner's opinion is shown after that.");
          return NULL;
        }
    }
  else
    {
      fl_review_refuse (session, "peer_review.first_opinion", row.review->case_id, "not an examiner of the review",
                        FL_ERROR_DENIED, error,
                        "Only the two examiners of this peer review see the first examiner's opinion.");
      return NULL;
    }
  return fl_review_opinion_load (db, row.review->candidate_id, row.first_examiner_id, error);
}

FlReviewOpinion *
fl_peer_review_get_second_opinion (FlSession  *session,
                                   gint64      peer_review_id,
                                   GError    **error)
{
  FlDb *db;
  g_auto(Row) row = { 0 };
  gint64 me;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);
  db = fl_session_get_db (session);
  me = fl_session_get_user_id (session);
  if (!fl_session_require (session, FL_ROLE_EXAMINER, FALSE, "peer_review.second_opinion", error) ||
      !load_row (db, peer_review_id, &row, error))
    return NULL;
  if (row.review->second_examiner_id == 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                           "No second examiner has taken this peer review, so there is no second opinion.");
      return NULL;
    }
  if (me == row.review->second_examiner_id)
    ;
  else if (me == row.first_examiner_id)
    {
      /* Unfinished work of the second examiner must not reach the first. */
      if (row.review->state == FL_PEER_REVIEW_PENDING)
        {
          fl_review_refuse (session, "peer_review.second_opinion", row.review->case_id, "not recorded yet",
                            FL_ERROR_POLICY, error,
                            "The second examiner has not recorded their review yet. It is shown once recorded.");
          return NULL;
        }
    }
  else
    {
      fl_review_refuse (session, "peer_review.second_opinion", row.review->case_id, "not an examiner of the review",
                        FL_ERROR_DENIED, error,
                        "Only the two examiners of this peer review see the second examiner's opinion.");
      return NULL;
    }
  return fl_review_opinion_load (db, row.review->candidate_id, row.review->second_examiner_id, error);
}

/* ---- not practicable -------------------------------------------------------- */

static gint64
latest_review_id (FlDb   *db,
                  gint64  candidate_id)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT id FROM peer_reviews WHERE candidate_id = ?"
                                                    " ORDER BY id DESC LIMIT 1;", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static gboolean
ever_disagreed (FlDb   *db,
                gint64  candidate_id)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT 1 FROM peer_reviews WHERE candidate_id = ?"
                                                    " AND state = 'disagreed';", NULL);

  if (stmt == NULL)
    return TRUE;  /* unreadable: do not let the lead through */
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

gboolean
fl_peer_review_not_practicable (FlSession   *first,
                                gint64       candidate_id,
                                const char  *reason,
                                GError     **error)
{
  FlDb *db;
  g_auto(Row) row = { 0 };
  g_auto(FlReviewTarget) target = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (reason ? reason : ""));
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *details = NULL;
  g_autofree char *review_text = NULL;
  g_autofree char *candidate_text = NULL;
  const char *what = "peer_review.not_practicable";
  gint64 review_id;

  g_return_val_if_fail (FL_IS_SESSION (first), FALSE);
  db = fl_session_get_db (first);

  if (!fl_session_require (first, FL_ROLE_EXAMINER, TRUE, what, error) ||
      !fl_review_target_load (db, candidate_id, &target, error))
    return FALSE;
  review_id = latest_review_id (db, candidate_id);
  if (review_id == 0)
    return fl_review_refuse (first, what, target.case_id, "no peer review", FL_ERROR_INVALID, error,
                             "Candidate %" G_GINT64_FORMAT " has no peer review: only a possible lead goes to "
                             "peer review. Conclude first.", candidate_id);
  if (!load_row (db, review_id, &row, error))
    return FALSE;
  if (row.first_examiner_id != fl_session_get_user_id (first))
    return fl_review_refuse (first, what, target.case_id, "not the first examiner", FL_ERROR_DENIED, error,
                             "Only the examiner who concluded the possible lead records why a second review is "
                             "not practicable.");
  if (row.review->state != FL_PEER_REVIEW_PENDING)
    return fl_review_refuse (first, what, target.case_id, "already decided", FL_ERROR_INVALID, error,
                             "The peer review of candidate %" G_GINT64_FORMAT " is already %s.", candidate_id,
                             fl_peer_review_state_label (row.review->state));
  if (g_utf8_strlen (trimmed, -1) < FL_PEER_REVIEW_REASON_MIN_CHARS)
    return fl_review_refuse (first, what, target.case_id, "no reason", FL_ERROR_INVALID, error,
                             "Say why a second examiner's review is not practicable (at least %d characters); "
                             "the reason is printed on the report.", FL_PEER_REVIEW_REASON_MIN_CHARS);
  if (row.review->second_examiner_id != 0)
    return fl_review_refuse (first, what, target.case_id, "review in progress", FL_ERROR_POLICY, error,
                             "A second examiner has opened the blind review of candidate %" G_GINT64_FORMAT
                             ", so it is practicable: wait for their record.", candidate_id);
  if (ever_disagreed (db, candidate_id))
    return fl_review_refuse (first, what, target.case_id, "earlier disagreement", FL_ERROR_POLICY, error,
                             "A second examiner already disagreed with a possible lead on candidate %"
                             G_GINT64_FORMAT ": only a further blind review can settle it (R17).", candidate_id);

  if (!fl_db_begin (db, error))
    return FALSE;
  stmt = fl_db_prepare (db, "UPDATE peer_reviews SET state = 'not_practicable', not_practicable_reason = ?,"
                            " decided_at = ? WHERE id = ? AND state = 'pending' AND second_examiner_id IS NULL;", error);
  if (stmt == NULL)
    goto fail;
  fl_db_bind_text (stmt, 1, trimmed);
  fl_db_bind_text (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, review_id);
  if (!fl_db_step_one_row (db, stmt, "A second examiner took this peer review meanwhile. Reload it.", error))
    goto fail;
  review_text = id_text (review_id);
  candidate_text = id_text (candidate_id);
  details = fl_audit_details ("peer_review", review_text, "candidate", candidate_text, "reason", trimmed, NULL);
  if (!fl_session_audit (first, what, target.case_id, "success", details, error))
    goto fail;
  return fl_db_commit (db, error);

fail:
  fl_db_rollback (db);
  return FALSE;
}

/* ---- state for the case and the report ------------------------------------- */

FlPeerReview *
fl_peer_review_get_latest (FlSession  *session,
                           gint64      candidate_id,
                           GError    **error)
{
  FlDb *db;
  g_auto(Row) row = { 0 };
  gint64 id;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);
  db = fl_session_get_db (session);
  if (!fl_require_any_role (session, FL_ROLE_EXAMINER | FL_ROLE_RECORDS | FL_ROLE_ADMIN, "peer_review.view", error))
    return NULL;
  id = latest_review_id (db, candidate_id);
  if (id == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "Candidate %" G_GINT64_FORMAT " has no peer review.", candidate_id);
      return NULL;
    }
  if (!load_row (db, id, &row, error))
    return NULL;
  return copy_review (row.review);
}

gboolean
fl_peer_review_lead_reportable (FlDb    *db,
                                gint64   candidate_id,
                                char   **why)
{
  g_auto(Row) row = { 0 };
  gint64 id = latest_review_id (db, candidate_id);
  int first;

  if (id == 0 || !load_row (db, id, &row, NULL))
    {
      if (why)
        *why = g_strdup ("No peer review is recorded: a lead is reported after a second examiner's blind review "
                         "or with the reason it was not practicable (R17).");
      return FALSE;
    }
  first = fl_review_conclusion_of (db, candidate_id, row.first_examiner_id, NULL);
  if (first != FL_CONCLUSION_POSSIBLE_LEAD)
    {
      if (why)
        *why = g_strdup ("The first examiner's own conclusion on this candidate is no longer a possible lead.");
      return FALSE;
    }
  switch (row.review->state)
    {
    case FL_PEER_REVIEW_AGREED:
      return TRUE;
    case FL_PEER_REVIEW_NOT_PRACTICABLE:
      if (row.review->not_practicable_reason && *g_strstrip (row.review->not_practicable_reason))
        return TRUE;
      if (why)
        *why = g_strdup ("The peer review is marked not practicable without a reason (R17).");
      return FALSE;
    case FL_PEER_REVIEW_DISAGREED:
      if (why)
        *why = g_strdup ("The second examiner did not agree: the lead may not be reported (R17).");
      return FALSE;
    case FL_PEER_REVIEW_PENDING:
    default:
      if (why)
        *why = g_strdup ("The second examiner's blind review is still pending (R17).");
      return FALSE;
    }
}

gboolean
fl_peer_review_blinds (FlSession *session,
                       gint64     case_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FL_IS_SESSION (session), TRUE);
  stmt = fl_db_prepare (fl_session_get_db (session),
                        "SELECT 1 FROM peer_reviews pr JOIN candidates ca ON ca.id = pr.candidate_id"
                        " JOIN searches s ON s.id = ca.search_id JOIN cases c ON c.id = s.case_id"
                        " WHERE s.case_id = ?2 AND pr.state = 'pending' AND pr.first_examiner_id <> ?1"
                        " AND coalesce (c.examiner_id, 0) <> ?1"
                        " AND (pr.second_examiner_id IS NULL OR pr.second_examiner_id = ?1)"
                        " AND NOT EXISTS (SELECT 1 FROM conclusions k WHERE k.candidate_id = pr.candidate_id"
                        "   AND k.examiner_id = ?1) LIMIT 1;", NULL);
  if (stmt == NULL)
    return TRUE;  /* when in doubt, hide */
  sqlite3_bind_int64 (stmt, 1, fl_session_get_user_id (session));
  sqlite3_bind_int64 (stmt, 2, case_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

GArray *
fl_peer_review_reportable_leads (FlDb    *db,
                                 gint64   case_id,
                                 GError **error)
{
  g_autoptr(GArray) leads = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT DISTINCT c.id FROM candidates c"
                                                    " JOIN searches s ON s.id = c.search_id"
                                                    " JOIN conclusions k ON k.candidate_id = c.id"
                                                    " WHERE s.case_id = ? AND k.conclusion = 'possible_lead'"
                                                    " ORDER BY c.id;", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 candidate_id = sqlite3_column_int64 (stmt, 0);

      if (fl_peer_review_lead_reportable (db, candidate_id, NULL))
        g_array_append_val (leads, candidate_id);
    }
  return g_steal_pointer (&leads);
}
