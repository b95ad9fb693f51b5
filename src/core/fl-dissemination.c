/* fl-dissemination.c: the release log (R20) and lead outcomes (R21) */
#include <string.h>

#include "fl-audit.h"
#include "fl-dissemination.h"
#include "fl-request-private.h"

/* ---- names ------------------------------------------------------------ */

static const struct
{
  const char *key;
  const char *label;   /* stored in disseminations.exception and shown in the audit workbook */
} exceptions[] = {
  [FL_RELEASE_EXCEPTION_NONE] = { NULL, NULL },
  [FL_RELEASE_EXCEPTION_PUBLIC_SAFETY] = { "public-safety", "public-safety determination by the commander" },
  [FL_RELEASE_EXCEPTION_LINE_UP] = { "line-up", "photo line-up" },
  [FL_RELEASE_EXCEPTION_WARRANT] = { "warrant", "warrant with independent witness verification" },
  [FL_RELEASE_EXCEPTION_MISSING_PERSON] = { "missing-person", "missing person with third-party verification" },
};

const char *
fl_release_exception_to_key (FlReleaseException exception)
{
  g_return_val_if_fail (exception <= FL_RELEASE_EXCEPTION_LAST, NULL);
  return exceptions[exception].key;
}

gboolean
fl_release_exception_from_key (const char         *key,
                               FlReleaseException *out_exception)
{
  g_autofree char *dashed = NULL;

  if (key == NULL)
    return FALSE;
  dashed = g_strdelimit (g_ascii_strdown (key, -1), "_", '-');
  for (guint i = FL_RELEASE_EXCEPTION_PUBLIC_SAFETY; i <= FL_RELEASE_EXCEPTION_LAST; i++)
    if (g_str_equal (dashed, exceptions[i].key))
      {
        *out_exception = i;
        return TRUE;
      }
  return FALSE;
}

const char *
fl_release_exception_label (FlReleaseException exception)
{
  g_return_val_if_fail (exception <= FL_RELEASE_EXCEPTION_LAST, NULL);
  return exceptions[exception].label;
}

static FlReleaseException
exception_from_label (const char *label)
{
  for (guint i = FL_RELEASE_EXCEPTION_PUBLIC_SAFETY; i <= FL_RELEASE_EXCEPTION_LAST; i++)
    if (g_strcmp0 (label, exceptions[i].label) == 0)
      return i;
  return FL_RELEASE_EXCEPTION_NONE;
}

static const char * const outcome_names[] = {
  [FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS] = "confirmed",
  [FL_OUTCOME_EXCLUDED] = "excluded",
  [FL_OUTCOME_PENDING] = "pending",
};

static const char * const outcome_labels[] = {
  [FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS] = "Identification confirmed by other means",
  [FL_OUTCOME_EXCLUDED] = "Excluded",
  [FL_OUTCOME_PENDING] = "Pending",
};

const char *
fl_outcome_to_string (FlOutcome outcome)
{
  g_return_val_if_fail (outcome <= FL_OUTCOME_PENDING, NULL);
  return outcome_names[outcome];
}

gboolean
fl_outcome_from_string (const char *text,
                        FlOutcome  *out_outcome)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcome_names); i++)
    if (g_strcmp0 (text, outcome_names[i]) == 0)
      {
        *out_outcome = i;
        return TRUE;
      }
  return FALSE;
}

const char *
fl_outcome_label (FlOutcome outcome)
{
  g_return_val_if_fail (outcome <= FL_OUTCOME_PENDING, NULL);
  return outcome_labels[outcome];
}

void
fl_dissemination_free (FlDissemination *release)
{
  if (release == NULL)
    return;
  g_free (release->report_uid);
  g_free (release->fr_number);
  g_free (release->released_by_name);
  g_free (release->released_at);
  g_free (release->recipient);
  g_free (release->agency);
  g_free (release->purpose);
  g_free (release->released_what);
  g_free (release->exception_documentation);
  g_free (release);
}

void
fl_outcome_record_free (FlOutcomeRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->recorded_by_name);
  g_free (record->recorded_at);
  g_free (record->confirmed_by);
  g_free (record);
}

/* ---- helpers ---------------------------------------------------------- */

/* A copy with the white space around it removed; NULL when nothing is left. */
static char *
trimmed (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

static gint64
refuse (FlSession   *actor,
        const char  *action,
        gint64       case_id,
        const char  *subject_key,
        const char  *subject,
        GError     **error,
        FlError      code,
        const char  *format,
        ...) G_GNUC_PRINTF (8, 9);

/* Sets @error and audits the refusal with its message as the reason.
 * Returns 0, the id of nothing recorded. */
static gint64
refuse (FlSession   *actor,
        const char  *action,
        gint64       case_id,
        const char  *subject_key,
        const char  *subject,
        GError     **error,
        FlError      code,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  g_autofree char *details = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  details = fl_audit_details ("reason", message, subject_key, subject, NULL);
  fl_session_audit (actor, action, case_id, "refused", details, NULL);
  g_set_error_literal (error, FL_ERROR, code, message);
  return 0;
}

typedef struct
{
  gint64    case_id;
  char     *uid;
  char     *kind;
  char     *fr_number;
  gboolean  sealed;
  gint64    requester_id;
} ReportRow;

static void
report_row_clear (ReportRow *row)
{
  g_clear_pointer (&row->uid, g_free);
  g_clear_pointer (&row->kind, g_free);
  g_clear_pointer (&row->fr_number, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReportRow, report_row_clear)

static gboolean
read_report (FlDb       *db,
             gint64      report_id,
             ReportRow  *row,
             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT r.case_id, r.uid, r.kind, c.fr_number, c.sealed, q.created_by"
                                                    " FROM reports r JOIN cases c ON c.id = r.case_id"
                                                    " JOIN requests q ON q.id = c.request_id"
                                                    " WHERE r.id = ? AND r.kind IN ('lead', 'no_match');", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "There is no issued report %" G_GINT64_FORMAT ". Check the report number in the Reports list.",
                   report_id);
      return FALSE;
    }
  row->case_id = sqlite3_column_int64 (stmt, 0);
  row->uid = fl_db_column_dup (stmt, 1);
  row->kind = fl_db_column_dup (stmt, 2);
  row->fr_number = fl_db_column_dup (stmt, 3);
  row->sealed = sqlite3_column_int (stmt, 4) != 0;
  row->requester_id = sqlite3_column_int64 (stmt, 5);
  return TRUE;
}

/* ---- releases --------------------------------------------------------- */

gint64
fl_dissemination_record (FlSession          *records,
                         gint64              report_id,
                         const char         *recipient,
                         const char         *agency,
                         const char         *purpose,
                         const char         *released_what,
                         gboolean            public_release,
                         FlReleaseException  exception,
                         const char         *exception_documentation,
                         GError            **error)
{
  const char *action = "report.release";
  FlDb *db;
  g_auto(ReportRow) report = { 0 };
  g_autofree char *who = trimmed (recipient);
  g_autofree char *agency_name = trimmed (agency);
  g_autofree char *why = trimmed (purpose);
  g_autofree char *what = trimmed (released_what);
  g_autofree char *documentation = trimmed (exception_documentation);
  g_autofree char *now = NULL;
  g_autofree char *details = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  gint64 id;

  g_return_val_if_fail (FL_IS_SESSION (records), 0);
  db = fl_session_get_db (records);

  if (exception > FL_RELEASE_EXCEPTION_LAST)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, "That is not one of the release exceptions.");
      return 0;
    }
  /* Records staff release (000 461.5; 004 IV.G). */
  if (!fl_session_require (records, FL_ROLE_RECORDS, FALSE, action, error))
    return 0;
  if (!read_report (db, report_id, &report, error))
    return 0;

  if (report.sealed)
    return refuse (records, action, report.case_id, "uid", report.uid, error, FL_ERROR_POLICY,
                   "Case %s is sealed under a seal/destroy notice: its reports may not be released (R13).",
                   report.fr_number);
  if (who == NULL || agency_name == NULL || why == NULL || what == NULL)
    {
      const char *missing = who == NULL ? "the recipient" : agency_name == NULL ? "the recipient's agency"
                            : why == NULL ? "the purpose of the release" : "what is being released";

      return refuse (records, action, report.case_id, "uid", report.uid, error, FL_ERROR_INVALID,
                     "Every release is logged with the recipient, their agency, the purpose and what is released "
                     "(R20). Enter %s.", missing);
    }
  if (!public_release && exception != FL_RELEASE_EXCEPTION_NONE)
    return refuse (records, action, report.case_id, "uid", report.uid, error, FL_ERROR_INVALID,
                   "An exception applies only to a release to the public or the media. Mark the release as "
                   "public, or choose no exception.");
  if (public_release && exception == FL_RELEASE_EXCEPTION_NONE)
    return refuse (records, action, report.case_id, "uid", report.uid, error, FL_ERROR_POLICY,
                   "A report or image is not released to the public or the media unless one of the exceptions "
                   "applies (R20): a public-safety determination by the commander, a photo line-up, a warrant "
                   "with independent witness verification, or a missing person with third-party verification. "
                   "Choose the exception and document it, or release only to law enforcement.");
  if (public_release && (documentation == NULL || g_utf8_strlen (documentation, -1) < FL_RELEASE_DOCUMENTATION_MIN))
    return refuse (records, action, report.case_id, "uid", report.uid, error, FL_ERROR_POLICY,
                   "The exception “%s” must be documented before a public or media release (R20): who decided "
                   "and when, the warrant or line-up reference, or how the identity was verified (at least %d "
                   "characters).", fl_release_exception_label (exception), FL_RELEASE_DOCUMENTATION_MIN);

  now = fl_now_iso8601 ();
  if (!fl_db_begin (db, error))
    return 0;
  insert = fl_db_prepare (db, "INSERT INTO disseminations (report_id, released_by, released_at, recipient, agency,"
                              " purpose, released_what, public_release, exception, exception_documentation)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);", error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_int64 (insert, 1, report_id);
  sqlite3_bind_int64 (insert, 2, fl_session_get_user_id (records));
  fl_db_bind_text (insert, 3, now);
  fl_db_bind_text (insert, 4, who);
  fl_db_bind_text (insert, 5, agency_name);
  fl_db_bind_text (insert, 6, why);
  fl_db_bind_text (insert, 7, what);
  sqlite3_bind_int (insert, 8, public_release ? 1 : 0);
  fl_db_bind_text (insert, 9, public_release ? fl_release_exception_label (exception) : NULL);
  fl_db_bind_text (insert, 10, public_release ? documentation : NULL);
  if (!fl_db_step_done (db, insert, error))
    goto fail;
  id = sqlite3_last_insert_rowid (fl_db_get_handle (db));
  details = fl_audit_details ("uid", report.uid, "recipient", who, "agency", agency_name, "purpose", why,
                              "released_what", what, "public_release", public_release ? "yes" : "no",
                              "exception", public_release ? fl_release_exception_label (exception) : NULL, NULL);
  if (!fl_session_audit (records, action, report.case_id, "success", details, error) || !fl_db_commit (db, error))
    goto fail;
  return id;

fail:
  fl_db_rollback (db);
  return 0;
}

/* Whether @session may read the releases and outcomes of case @case_id
 * (requester of @requester_id's request, or any examiner, records staff or
 * administrator). A refusal is audited as @action. */
static gboolean
may_read_case (FlSession   *session,
               gint64       case_id,
               gint64       requester_id,
               const char  *action,
               GError     **error)
{
  FlReadScope scope;

  if (!fl_read_scope_get (session, action, &scope, error))
    return FALSE;
  if (scope == FL_READ_ALL || requester_id == fl_session_get_user_id (session))
    return TRUE;
  refuse (session, action, case_id, NULL, NULL, error, FL_ERROR_DENIED,
          "This case was opened from another person's request. You can read only the releases and outcomes "
          "of your own requests.");
  return FALSE;
}

static gint64
case_requester (FlDb     *db,
                gint64    case_id,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT q.created_by FROM cases c"
                                                    " JOIN requests q ON q.id = c.request_id WHERE c.id = ?;", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no case %" G_GINT64_FORMAT ". Check the case number.",
                   case_id);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

GPtrArray *
fl_dissemination_list (FlSession  *session,
                       gint64      report_id,
                       gint64      case_id,
                       GError    **error)
{
  FlDb *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_dissemination_free);
  gint64 requester_id;
  int rc;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);
  g_return_val_if_fail ((report_id > 0) != (case_id > 0), NULL);
  db = fl_session_get_db (session);

  if (report_id > 0)
    {
      g_auto(ReportRow) report = { 0 };

      if (!read_report (db, report_id, &report, error))
        return NULL;
      case_id = report.case_id;
      requester_id = report.requester_id;
    }
  else if ((requester_id = case_requester (db, case_id, error)) < 0)
    return NULL;
  if (!may_read_case (session, case_id, requester_id, "release.view", error))
    return NULL;

  stmt = fl_db_prepare (db, "SELECT d.id, d.report_id, r.uid, r.case_id, c.fr_number, d.released_by, u.full_name,"
                            " d.released_at, d.recipient, d.agency, d.purpose, d.released_what, d.public_release,"
                            " d.exception, d.exception_documentation"
                            " FROM disseminations d JOIN reports r ON r.id = d.report_id"
                            " JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = d.released_by"
                            " WHERE (?1 > 0 AND d.report_id = ?1) OR (?1 <= 0 AND r.case_id = ?2)"
                            " ORDER BY d.released_at, d.id;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, report_id);
  sqlite3_bind_int64 (stmt, 2, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FlDissemination *d = g_new0 (FlDissemination, 1);
      g_autofree char *exception = fl_db_column_dup (stmt, 13);

      d->id = sqlite3_column_int64 (stmt, 0);
      d->report_id = sqlite3_column_int64 (stmt, 1);
      d->report_uid = fl_db_column_dup (stmt, 2);
      d->case_id = sqlite3_column_int64 (stmt, 3);
      d->fr_number = fl_db_column_dup (stmt, 4);
      d->released_by = sqlite3_column_int64 (stmt, 5);
      d->released_by_name = fl_db_column_dup (stmt, 6);
      d->released_at = fl_db_column_dup (stmt, 7);
      d->recipient = fl_db_column_dup (stmt, 8);
      d->agency = fl_db_column_dup (stmt, 9);
      d->purpose = fl_db_column_dup (stmt, 10);
      d->released_what = fl_db_column_dup (stmt, 11);
      d->public_release = sqlite3_column_int (stmt, 12) != 0;
      d->exception = exception_from_label (exception);
      d->exception_documentation = fl_db_column_dup (stmt, 14);
      g_ptr_array_add (list, d);
    }
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the release log");
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* ---- outcomes --------------------------------------------------------- */

gint64
fl_outcome_record (FlSession  *requester,
                   gint64      case_id,
                   gint64      candidate_id,
                   FlOutcome   outcome,
                   const char *confirmed_by,
                   gboolean    arrest_primarily_on_lead,
                   FlAnswer    fingerprints_compared,
                   GError    **error)
{
  const char *action = "outcome.record";
  FlDb *db;
  g_autoptr(sqlite3_stmt) kase = NULL;
  g_autoptr(sqlite3_stmt) lead = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *means = trimmed (confirmed_by);
  g_autofree char *fr_number = NULL;
  g_autofree char *report_uid = NULL;
  g_autofree char *candidate_text = NULL;
  g_autofree char *now = NULL;
  g_autofree char *details = NULL;
  gint64 requester_id, id;
  gboolean sealed;

  g_return_val_if_fail (FL_IS_SESSION (requester), 0);
  db = fl_session_get_db (requester);

  if (outcome > FL_OUTCOME_PENDING || fingerprints_compared > FL_ANSWER_NO)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           outcome > FL_OUTCOME_PENDING ? "The outcome is confirmed by other means, excluded or pending."
                                                        : "Whether fingerprints were compared is yes or no.");
      return 0;
    }
  /* Re-reads the roles and refuses a deactivated account. */
  if (!fl_session_require (requester, FL_ROLE_NONE, FALSE, action, error))
    return 0;

  kase = fl_db_prepare (db, "SELECT c.fr_number, c.sealed, q.created_by FROM cases c"
                            " JOIN requests q ON q.id = c.request_id WHERE c.id = ?;", error);
  if (kase == NULL)
    return 0;
  sqlite3_bind_int64 (kase, 1, case_id);
  if (sqlite3_step (kase) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no case %" G_GINT64_FORMAT ". Check the case number.",
                   case_id);
      return 0;
    }
  fr_number = fl_db_column_dup (kase, 0);
  sealed = sqlite3_column_int (kase, 1) != 0;
  requester_id = sqlite3_column_int64 (kase, 2);
  candidate_text = g_strdup_printf ("%" G_GINT64_FORMAT, candidate_id);

  if (requester_id != fl_session_get_user_id (requester))
    return refuse (requester, action, case_id, "candidate_id", candidate_text, error, FL_ERROR_DENIED,
                   "Only the person who submitted the request of case %s records the outcome of its lead "
                   "(R21). Ask them to record it.", fr_number);
  if (sealed)
    return refuse (requester, action, case_id, "candidate_id", candidate_text, error, FL_ERROR_POLICY,
                   "Case %s is sealed under a seal/destroy notice: nothing more is recorded in it (R13).",
                   fr_number);

  lead = fl_db_prepare (db, "SELECT uid FROM reports WHERE case_id = ? AND candidate_id = ? AND kind = 'lead'"
                            " ORDER BY id DESC LIMIT 1;", error);
  if (lead == NULL)
    return 0;
  sqlite3_bind_int64 (lead, 1, case_id);
  sqlite3_bind_int64 (lead, 2, candidate_id);
  if (sqlite3_step (lead) != SQLITE_ROW)
    return refuse (requester, action, case_id, "candidate_id", candidate_text, error, FL_ERROR_INVALID,
                   "No lead report was issued for candidate %" G_GINT64_FORMAT " of case %s, so there is no lead "
                   "whose outcome could be recorded. Choose the lead of an issued report.", candidate_id,
                   fr_number);
  report_uid = fl_db_column_dup (lead, 0);

  if (outcome == FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS && means == NULL)
    return refuse (requester, action, case_id, "candidate_id", candidate_text, error, FL_ERROR_INVALID,
                   "A lead is never an identification by itself: say by which other means the identification was "
                   "confirmed (e.g. fingerprint comparison, a witness, documents) (R18, R21).");
  if (outcome != FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS && means != NULL)
    return refuse (requester, action, case_id, "candidate_id", candidate_text, error, FL_ERROR_INVALID,
                   "The other means of confirmation are recorded only for a confirmed identification. Choose "
                   "“confirmed”, or leave them out.");
  if (arrest_primarily_on_lead && fingerprints_compared == FL_ANSWER_UNANSWERED)
    return refuse (requester, action, case_id, "candidate_id", candidate_text, error, FL_ERROR_INVALID,
                   "An arrest was based primarily on the lead: say whether the person's fingerprints were compared "
                   "(000 461.3(g)).");

  now = fl_now_iso8601 ();
  if (!fl_db_begin (db, error))
    return 0;
  insert = fl_db_prepare (db, "INSERT INTO outcomes (case_id, candidate_id, recorded_by, recorded_at, outcome,"
                              " confirmed_by, arrest_primarily_on_lead, fingerprints_compared)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?);", error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_int64 (insert, 1, case_id);
  sqlite3_bind_int64 (insert, 2, candidate_id);
  sqlite3_bind_int64 (insert, 3, fl_session_get_user_id (requester));
  fl_db_bind_text (insert, 4, now);
  fl_db_bind_text (insert, 5, fl_outcome_to_string (outcome));
  fl_db_bind_text (insert, 6, means);
  sqlite3_bind_int (insert, 7, arrest_primarily_on_lead ? 1 : 0);
  if (fingerprints_compared == FL_ANSWER_UNANSWERED)
    sqlite3_bind_null (insert, 8);
  else
    sqlite3_bind_int (insert, 8, fingerprints_compared == FL_ANSWER_YES);
  if (!fl_db_step_done (db, insert, error))
    goto fail;
  id = sqlite3_last_insert_rowid (fl_db_get_handle (db));
  details = fl_audit_details ("uid", report_uid, "candidate_id", candidate_text,
                              "outcome", fl_outcome_to_string (outcome), "confirmed_by", means,
                              "arrest_primarily_on_lead", arrest_primarily_on_lead ? "yes" : "no",
                              "fingerprints_compared", fingerprints_compared == FL_ANSWER_YES ? "yes"
                                                       : fingerprints_compared == FL_ANSWER_NO ? "no" : NULL,
                              NULL);
  if (!fl_session_audit (requester, action, case_id, "success", details, error) || !fl_db_commit (db, error))
    goto fail;
  return id;

fail:
  fl_db_rollback (db);
  return 0;
}

GPtrArray *
fl_outcome_list (FlSession  *session,
                 gint64      case_id,
                 GError    **error)
{
  FlDb *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_outcome_record_free);
  gint64 requester_id;
  int rc;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);
  db = fl_session_get_db (session);

  if ((requester_id = case_requester (db, case_id, error)) < 0 ||
      !may_read_case (session, case_id, requester_id, "outcome.view", error))
    return NULL;
  stmt = fl_db_prepare (db, "SELECT o.id, o.case_id, o.candidate_id, o.recorded_by, u.full_name, o.recorded_at,"
                            " o.outcome, o.confirmed_by, o.arrest_primarily_on_lead, o.fingerprints_compared"
                            " FROM outcomes o JOIN users u ON u.id = o.recorded_by WHERE o.case_id = ?"
                            " ORDER BY o.recorded_at, o.id;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FlOutcomeRecord *o = g_new0 (FlOutcomeRecord, 1);

      o->id = sqlite3_column_int64 (stmt, 0);
      o->case_id = sqlite3_column_int64 (stmt, 1);
      o->candidate_id = sqlite3_column_int64 (stmt, 2);
      o->recorded_by = sqlite3_column_int64 (stmt, 3);
      o->recorded_by_name = fl_db_column_dup (stmt, 4);
      o->recorded_at = fl_db_column_dup (stmt, 5);
      if (!fl_outcome_from_string ((const char *) sqlite3_column_text (stmt, 6), &o->outcome))
        o->outcome = FL_OUTCOME_PENDING;
      o->confirmed_by = fl_db_column_dup (stmt, 7);
      o->arrest_primarily_on_lead = sqlite3_column_int (stmt, 8) != 0;
      o->fingerprints_compared = sqlite3_column_type (stmt, 9) == SQLITE_NULL ? FL_ANSWER_UNANSWERED
                                 : sqlite3_column_int (stmt, 9) ? FL_ANSWER_YES : FL_ANSWER_NO;
      g_ptr_array_add (list, o);
    }
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the outcomes");
      return NULL;
    }
  return g_steal_pointer (&list);
}
