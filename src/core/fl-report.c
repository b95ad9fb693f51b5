/* fl-report.c: issuing reports (the R17 gate), listing and exporting them */
#include <string.h>

#include "fl-audit.h"
#include "fl-report-private.h"
#include "fl-store.h"

void
fl_report_info_free (FlReportInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->uid);
  g_free (info->hash);
  g_free (info->created_by_name);
  g_free (info->created_at);
  g_free (info->comments);
  g_free (info);
}

/* ---- the gate ---- */

typedef struct
{
  char   *fr_number;
  char   *state;
  gboolean sealed;
  gint64  examiner_id;
  gint64  requester_id;   /* the account that submitted the request */
} CaseRow;

static void
case_row_clear (CaseRow *row)
{
  g_clear_pointer (&row->fr_number, g_free);
  g_clear_pointer (&row->state, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseRow, case_row_clear)

static gboolean
read_case (FlDb     *db,
           gint64    case_id,
           CaseRow  *row,
           GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT c.fr_number, c.state, c.sealed, c.examiner_id,"
                                                    " r.created_by FROM cases c"
                                                    " JOIN requests r ON r.id = c.request_id WHERE c.id = ?;",
                                                error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no case %" G_GINT64_FORMAT ". Check the case number.",
                   case_id);
      return FALSE;
    }
  row->fr_number = fl_db_column_dup (stmt, 0);
  row->state = fl_db_column_dup (stmt, 1);
  row->sealed = sqlite3_column_int (stmt, 2) != 0;
  row->examiner_id = sqlite3_column_int64 (stmt, 3);
  row->requester_id = sqlite3_column_int64 (stmt, 4);
  return TRUE;
}

static gint64
query_id (FlDb       *db,
          const char *sql,
          gint64      a,
          gint64      b)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, sql, NULL);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, b);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* The lead gate (R13, R15–R17). Returns FALSE with FL_ERROR_POLICY / _INVALID /
 * _DENIED and the reason. */
static gboolean
check_lead (FlDb          *db,
            gint64         actor_id,
            gint64         case_id,
            const CaseRow *kase,
            gint64         candidate_id,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) cand = NULL;
  g_autoptr(sqlite3_stmt) peer = NULL;
  gint64 reviewer_id;
  g_autofree char *state = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *own = NULL;

  cand = fl_db_prepare (db, "SELECT s.case_id, su.sealed, su.purged, gi.hash IS NULL"
                            " FROM candidates ca JOIN searches s ON s.id = ca.search_id"
                            " JOIN subjects su ON su.id = ca.subject_id"
                            " JOIN gallery_images gi ON gi.id = ca.gallery_image_id WHERE ca.id = ?;", error);
  if (cand == NULL)
    return FALSE;
  sqlite3_bind_int64 (cand, 1, candidate_id);
  if (sqlite3_step (cand) != SQLITE_ROW || sqlite3_column_int64 (cand, 0) != case_id)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Candidate %" G_GINT64_FORMAT " is not from a search of case %s. Choose one of the case's "
                   "candidates.", candidate_id, kase->fr_number);
      return FALSE;
    }
  if (sqlite3_column_int (cand, 1) || sqlite3_column_int (cand, 2) || sqlite3_column_int (cand, 3))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_POLICY,
                           "The candidate's gallery record is sealed or was purged under a seal/destroy notice, "
                           "so it may not be reported (R13).");
      return FALSE;
    }

  /* R15/R16: a lead exists only where an examiner concluded so, candidate by candidate. */
  if (query_id (db, "SELECT count(*) FROM conclusions WHERE candidate_id = ? AND conclusion = 'possible_lead';",
                candidate_id, 0) <= 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_POLICY,
                           "No examiner has concluded that this candidate is a possible lead, so there is no lead "
                           "to report. Compare the candidate feature by feature and record the conclusion first.");
      return FALSE;
    }

  /* R17: the latest peer review decides. */
  peer = fl_db_prepare (db, "SELECT first_examiner_id, state, not_practicable_reason FROM peer_reviews"
                            " WHERE candidate_id = ? ORDER BY id DESC LIMIT 1;", error);
  if (peer == NULL)
    return FALSE;
  sqlite3_bind_int64 (peer, 1, candidate_id);
  if (sqlite3_step (peer) != SQLITE_ROW)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_POLICY,
                           "A lead is reported only after a second examiner's blind review, or with the recorded "
                           "reason why one was not practicable (R17). Request the peer review first, or record "
                           "why it is not practicable.");
      return FALSE;
    }
  reviewer_id = sqlite3_column_int64 (peer, 0);
  state = fl_db_column_dup (peer, 1);
  reason = fl_db_column_dup (peer, 2);
  if (reason)
    g_strstrip (reason);

  {
    g_autoptr(sqlite3_stmt) k = fl_db_prepare (db, "SELECT conclusion FROM conclusions WHERE candidate_id = ?"
                                                   " AND examiner_id = ?;", error);
    if (k == NULL)
      return FALSE;
    sqlite3_bind_int64 (k, 1, candidate_id);
    sqlite3_bind_int64 (k, 2, reviewer_id);
    if (sqlite3_step (k) == SQLITE_ROW)
      own = fl_db_column_dup (k, 0);
  }
  if (g_strcmp0 (own, "possible_lead") != 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_POLICY,
                           "The face reviewer whose conclusion went to peer review did not conclude that this "
                           "candidate is a possible lead. Only that examiner's possible-lead conclusion can be "
                           "reported.");
      return FALSE;
    }
  if (g_strcmp0 (state, "agreed") == 0)
    ;
  else if (g_strcmp0 (state, "not_practicable") == 0)
    {
      if (reason == NULL || *reason == '\0')
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_POLICY,
                               "The peer review is marked not practicable but no reason is recorded (R17). Record "
                               "why a second examiner's review was not practicable.");
          return FALSE;
        }
    }
  else if (g_strcmp0 (state, "disagreed") == 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_POLICY,
                           "The second examiner did not agree that this candidate is a possible lead, so it may not "
                           "be reported (R17). Settle the disagreement by the unit's procedure (a further "
                           "review) first.");
      return FALSE;
    }
  else
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_POLICY,
                           "The second examiner's blind review of this candidate is still pending (R17). The "
                           "report can be issued once it is recorded.");
      return FALSE;
    }

  if (!g_str_equal (kase->state, "peer_review") && !g_str_equal (kase->state, "reported"))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_POLICY,
                   "Case %s is in state “%s”: a lead report is issued from peer review. Move the case to peer "
                   "review first.", kase->fr_number, kase->state);
      return FALSE;
    }
  if (actor_id != kase->examiner_id && actor_id != reviewer_id)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_DENIED,
                   "Only the case's examiner or the candidate's face reviewer issues the report of case %s; "
                   "records staff print and release it once issued.", kase->fr_number);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_no_match (FlDb          *db,
                gint64         actor_id,
                gint64         case_id,
                const CaseRow *kase,
                GError       **error)
{
  if (!g_str_equal (kase->state, "no_match"))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_POLICY,
                   "Case %s is in state “%s”: the no-possible-match report is issued only for a case concluded "
                   "as no match. Conclude the review first (or give the candidate of a lead report).",
                   kase->fr_number, kase->state);
      return FALSE;
    }
  if (query_id (db, "SELECT count(*) FROM searches WHERE case_id = ?;", case_id, 0) <= 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_POLICY,
                   "Case %s has no recorded search, so there is no result to report. Search the probe first.",
                   kase->fr_number);
      return FALSE;
    }
  if (actor_id != kase->examiner_id &&
      query_id (db, "SELECT count(*) FROM searches WHERE case_id = ? AND examiner_id = ?;", case_id, actor_id) <= 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_DENIED,
                   "Only the case's examiner, or an examiner who searched it, issues the report of case %s; records "
                   "staff print and release it once issued.", kase->fr_number);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_gate (FlDb     *db,
            gint64    actor_id,
            gint64    case_id,
            gint64    candidate_id,
            CaseRow  *kase,
            GError  **error)
{
  case_row_clear (kase);
  if (!read_case (db, case_id, kase, error))
    return FALSE;
  if (kase->sealed)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_POLICY,
                   "Case %s is sealed under a seal/destroy notice: no report may be issued from it (R13).",
                   kase->fr_number);
      return FALSE;
    }
  return candidate_id > 0 ? check_lead (db, actor_id, case_id, kase, candidate_id, error)
                          : check_no_match (db, actor_id, case_id, kase, error);
}

static void
audit_refusal (FlSession  *actor,
               gint64      case_id,
               gint64      candidate_id,
               const char *action,
               GError     *error)
{
  g_autofree char *candidate = g_strdup_printf ("%" G_GINT64_FORMAT, candidate_id);
  g_autofree char *details = fl_audit_details ("reason", error->message,
                                               "candidate_id", candidate_id > 0 ? candidate : NULL, NULL);

  fl_session_audit (actor, action, case_id, "refused", details, NULL);
}

/* "FR-2026-000123-R2": the case's FR number and the report's sequence in the case. */
static char *
next_uid (FlDb       *db,
          gint64      case_id,
          const char *fr_number)
{
  gint64 n = query_id (db, "SELECT count(*) FROM reports WHERE case_id = ?;", case_id, 0);

  for (n = MAX (n, 0) + 1;; n++)
    {
      g_autofree char *uid = g_strdup_printf ("%s-R%" G_GINT64_FORMAT, fr_number, n);
      g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT 1 FROM reports WHERE uid = ?;", NULL);

      if (stmt == NULL)
        return g_steal_pointer (&uid);
      fl_db_bind_text (stmt, 1, uid);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        return g_steal_pointer (&uid);
    }
}

static FlReportInfo *
read_info (sqlite3_stmt *stmt)
{
  FlReportInfo *info = g_new0 (FlReportInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->uid = fl_db_column_dup (stmt, 1);
  info->case_id = sqlite3_column_int64 (stmt, 2);
  info->candidate_id = sqlite3_column_int64 (stmt, 3);
  info->kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 4), "no_match") == 0
               ? FL_REPORT_KIND_NO_MATCH : FL_REPORT_KIND_LEAD;
  info->hash = fl_db_column_dup (stmt, 5);
  info->created_by = sqlite3_column_int64 (stmt, 6);
  info->created_by_name = fl_db_column_dup (stmt, 7);
  info->created_at = fl_db_column_dup (stmt, 8);
  info->comments = fl_db_column_dup (stmt, 9);
  return info;
}

#define INFO_COLUMNS \
  "SELECT r.id, r.uid, r.case_id, r.candidate_id, r.kind, r.hash, r.created_by, u.full_name, r.created_at," \
  " r.comments FROM reports r JOIN users u ON u.id = r.created_by"

static FlReportInfo *
get_info (FlDb     *db,
          gint64    report_id,
          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, INFO_COLUMNS " WHERE r.id = ?;", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, report_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no report %" G_GINT64_FORMAT ".", report_id);
      return NULL;
    }
  return read_info (stmt);
}

FlReportInfo *
fl_report_create (FlSession   *actor,
                  gint64       case_id,
                  gint64       candidate_id,
                  const char  *comments,
                  GError     **error)
{
  FlDb *db;
  g_auto(CaseRow) kase = { 0 };
  g_autoptr(FlReportData) data = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = NULL;
  g_autofree char *details = NULL;
  g_autofree char *candidate_text = NULL;
  gint64 actor_id, report_id;

  g_return_val_if_fail (FL_IS_SESSION (actor), NULL);
  db = fl_session_get_db (actor);
  actor_id = fl_session_get_user_id (actor);

  /* Records staff release issued reports; issuing is the examiner's act. */
  if (!fl_session_has_role (actor, FL_ROLE_EXAMINER) && fl_session_has_role (actor, FL_ROLE_RECORDS))
    {
      g_set_error_literal (&local, FL_ERROR, FL_ERROR_DENIED,
                           "Records staff print and release issued reports; the case's examiner issues them. Ask "
                           "the examiner to issue the report, then print it.");
      audit_refusal (actor, case_id, candidate_id, "report.create", local);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!fl_session_require (actor, FL_ROLE_EXAMINER, TRUE, "report.create", error))
    return NULL;
  if (!check_gate (db, actor_id, case_id, candidate_id, &kase, &local))
    {
      if (local->code != FL_ERROR_NOT_FOUND)
        audit_refusal (actor, case_id, candidate_id, "report.create", local);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  data = fl_report_data_load (db, case_id, candidate_id, error);
  if (data == NULL)
    return NULL;
  now = fl_now_iso8601 ();
  data->uid = next_uid (db, case_id, kase.fr_number);
  data->comments = g_strdup (comments ? comments : "");
  g_strstrip (data->comments);
  data->issued_by = g_strdup (fl_session_get_full_name (actor));
  data->issued_at = fl_report_format_time (now, TRUE);

  /* Rendering happens outside the write transaction; the gate is checked again inside it. */
  pdf = fl_report_render_pdf_bytes (data, error);
  if (pdf == NULL)
    return NULL;
  hash = fl_store_put (db, pdf, "pdf", error);
  if (hash == NULL)
    return NULL;

  if (!fl_db_begin (db, error))
    return NULL;
  if (!check_gate (db, actor_id, case_id, candidate_id, &kase, error))
    goto fail;
  insert = fl_db_prepare (db, "INSERT INTO reports (uid, case_id, candidate_id, kind, hash, created_by, created_at,"
                              " comments) VALUES (?, ?, ?, ?, ?, ?, ?, ?);", error);
  if (insert == NULL)
    goto fail;
  fl_db_bind_text (insert, 1, data->uid);
  sqlite3_bind_int64 (insert, 2, case_id);
  if (candidate_id > 0)
    sqlite3_bind_int64 (insert, 3, candidate_id);
  fl_db_bind_text (insert, 4, fl_report_kind_to_string (data->kind));
  fl_db_bind_text (insert, 5, hash);
  sqlite3_bind_int64 (insert, 6, actor_id);
  fl_db_bind_text (insert, 7, now);
  fl_db_bind_text (insert, 8, data->comments);
  if (!fl_db_step_done (db, insert, error))
    goto fail;
  report_id = sqlite3_last_insert_rowid (fl_db_get_handle (db));
  candidate_text = g_strdup_printf ("%" G_GINT64_FORMAT, candidate_id);
  details = fl_audit_details ("uid", data->uid, "kind", fl_report_kind_to_string (data->kind),
                              "sha256", hash, "candidate_id", candidate_id > 0 ? candidate_text : NULL, NULL);
  if (!fl_session_audit (actor, "report.create", case_id, "success", details, error) ||
      !fl_db_commit (db, error))
    goto fail;
  return get_info (db, report_id, error);

fail:
  fl_db_rollback (db);
  return NULL;
}

GPtrArray *
fl_report_list (FlDb     *db,
                gint64    case_id,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, INFO_COLUMNS " WHERE r.case_id = ?"
                                                    " AND r.kind IN ('lead', 'no_match') ORDER BY r.id;", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_report_info_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_info (stmt));
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the case's reports");
      return NULL;
    }
  return g_steal_pointer (&list);
}

FlReportInfo *
fl_report_get_latest (FlDb     *db,
                      gint64    case_id,
                      gint64    candidate_id,
                      GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, INFO_COLUMNS " WHERE r.case_id = ?"
                                                    " AND r.kind IN ('lead', 'no_match')"
                                                    " AND (?2 = 0 OR r.candidate_id = ?2)"
                                                    " ORDER BY r.id DESC LIMIT 1;", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, candidate_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                           "No report has been issued for this case yet. The examiner issues it once the review "
                           "is complete.");
      return NULL;
    }
  return read_info (stmt);
}

/* Examiners and records staff read every report; a requester only those of
 * cases opened from their own requests. Refusals are audited as @action. */
gboolean
fl_report_may_read (FlSession   *actor,
                    gint64       requester_id,
                    gint64       case_id,
                    const char  *action,
                    GError     **error)
{
  g_autoptr(FlUserInfo) info = fl_accounts_get_user (fl_session_get_db (actor), fl_session_get_user_id (actor), error);
  g_autoptr(GError) local = NULL;

  if (info == NULL)
    return FALSE;
  if (!info->active)
    g_set_error_literal (&local, FL_ERROR, FL_ERROR_DENIED, "Your account has been deactivated. Ask an administrator.");
  else if (info->roles & (FL_ROLE_RECORDS | FL_ROLE_EXAMINER))
    return TRUE;
  else if ((info->roles & FL_ROLE_REQUESTER) && requester_id == info->id)
    return TRUE;
  else
    g_set_error_literal (&local, FL_ERROR, FL_ERROR_DENIED,
                         "Only records staff, examiners, or the requester who asked for it may have this document. "
                         "Ask the unit's records staff.");
  audit_refusal (actor, case_id, 0, action, local);
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

gboolean
fl_report_write_file (const char  *out_path,
               GBytes      *bytes,
               GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (!g_file_set_contents (out_path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &local))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_IO, "Cannot write %s: %s. Choose another folder.", out_path,
                   local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
fl_report_export (FlSession   *actor,
                  gint64       report_id,
                  const char  *out_path,
                  GError     **error)
{
  FlDb *db;
  g_autoptr(FlReportInfo) info = NULL;
  g_auto(CaseRow) kase = { 0 };
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *details = NULL;

  g_return_val_if_fail (FL_IS_SESSION (actor), FALSE);
  db = fl_session_get_db (actor);

  info = get_info (db, report_id, error);
  if (info == NULL || !read_case (db, info->case_id, &kase, error))
    return FALSE;
  if (!fl_report_may_read (actor, kase.requester_id, info->case_id, "report.export", error))
    return FALSE;
  if (kase.sealed)
    {
      g_set_error (&local, FL_ERROR, FL_ERROR_POLICY,
                   "Case %s is sealed under a seal/destroy notice: its reports may not be printed or released (R13).",
                   kase.fr_number);
      audit_refusal (actor, info->case_id, 0, "report.export", local);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* fl_store_get checks the bytes still hash to what the report row recorded. */
  pdf = fl_store_get (db, info->hash, error);
  if (pdf == NULL || !fl_report_write_file (out_path, pdf, error))
    return FALSE;
  details = fl_audit_details ("uid", info->uid, "sha256", info->hash, "path", out_path, NULL);
  return fl_session_audit (actor, "report.export", info->case_id, "success", details, error);
}
