/* fl-report-register.c: the issued reports a person may see (see the header for who sees what) */
#include <string.h>

#include "fl-audit.h"
#include "fl-report-register.h"
#include "fl-store.h"

void
fl_report_entry_free (FlReportEntry *entry)
{
  if (entry == NULL)
    return;
  fl_report_info_free (entry->report);
  g_free (entry->fr_number);
  g_free (entry->agency_case_number);
  g_free (entry->requesting_agency);
  g_free (entry->last_released_at);
  g_free (entry);
}

/* The visibility rule as SQL over reports r, cases c, requests q; the
 * parameters :all, :examiner, :requester are 0/1 and :me the person's id. */
#define VISIBLE \
  " (:all OR (:examiner AND (c.examiner_id = :me OR r.created_by = :me)) OR (:requester AND q.created_by = :me))"

#define ENTRY_SQL \
  "SELECT r.id, r.uid, r.case_id, r.candidate_id, r.kind, r.hash, r.created_by, u.full_name, r.created_at," \
  " r.comments, c.fr_number, q.agency_case_number, q.requesting_agency, q.created_by, c.sealed," \
  " (SELECT count (*) FROM disseminations d WHERE d.report_id = r.id)," \
  " (SELECT max (d.released_at) FROM disseminations d WHERE d.report_id = r.id)," \
  " (SELECT o.outcome FROM outcomes o WHERE o.case_id = r.case_id AND o.candidate_id = r.candidate_id" \
  "    ORDER BY o.recorded_at DESC, o.id DESC LIMIT 1)" \
  " FROM reports r JOIN users u ON u.id = r.created_by JOIN cases c ON c.id = r.case_id" \
  " JOIN requests q ON q.id = c.request_id" \
  " WHERE r.kind IN ('lead', 'no_match') AND" VISIBLE

static FlReportEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  FlReportEntry *entry = g_new0 (FlReportEntry, 1);
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
  entry->report = info;
  entry->fr_number = fl_db_column_dup (stmt, 10);
  entry->agency_case_number = fl_db_column_dup (stmt, 11);
  entry->requesting_agency = fl_db_column_dup (stmt, 12);
  entry->requester_id = sqlite3_column_int64 (stmt, 13);
  entry->sealed = sqlite3_column_int (stmt, 14) != 0;
  entry->release_count = (guint) sqlite3_column_int64 (stmt, 15);
  entry->last_released_at = fl_db_column_dup (stmt, 16);
  entry->has_outcome = sqlite3_column_type (stmt, 17) != SQLITE_NULL &&
                       fl_outcome_from_string ((const char *) sqlite3_column_text (stmt, 17), &entry->outcome);
  return entry;
}

/* Re-reads the roles (an administrator's change applies at once) and binds the visibility parameters. */
static gboolean
bind_visibility (FlSession     *session,
                 sqlite3_stmt  *stmt,
                 const char    *action,
                 GError       **error)
{
  FlRoles roles;

  if (!fl_session_require (session, FL_ROLE_NONE, FALSE, action, error))
    return FALSE;
  roles = fl_session_get_roles (session);
  if ((roles & (FL_ROLE_RECORDS | FL_ROLE_ADMIN | FL_ROLE_EXAMINER | FL_ROLE_REQUESTER)) == 0)
    return fl_session_require (session, FL_ROLE_REQUESTER, FALSE, action, error);
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":all"), (roles & (FL_ROLE_RECORDS | FL_ROLE_ADMIN)) != 0);
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":examiner"), (roles & FL_ROLE_EXAMINER) != 0);
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":requester"), (roles & FL_ROLE_REQUESTER) != 0);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":me"), fl_session_get_user_id (session));
  return TRUE;
}

/* "%part%" with LIKE's own characters escaped by '\'. */
static char *
like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

GPtrArray *
fl_report_register_list (FlSession   *session,
                         const char  *search,
                         guint        limit,
                         guint        offset,
                         GError     **error)
{
  FlDb *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_report_entry_free);
  g_autofree char *part = search ? g_strstrip (g_strdup (search)) : NULL;
  g_autofree char *pattern = NULL;
  int rc;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);
  db = fl_session_get_db (session);

  stmt = fl_db_prepare (db, ENTRY_SQL
                        " AND (:pattern IS NULL OR r.uid LIKE :pattern ESCAPE '\\'"
                        "      OR q.agency_case_number LIKE :pattern ESCAPE '\\')"
                        " ORDER BY r.id DESC LIMIT :limit OFFSET :offset;", error);
  if (stmt == NULL || !bind_visibility (session, stmt, "report.list", error))
    return NULL;
  /* The report ID starts with the FR number, so one pattern finds both. */
  if (part != NULL && *part != '\0')
    pattern = like_pattern (part);
  fl_db_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":pattern"), pattern);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit > 0 ? (gint64) limit : -1);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, entry_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot list the reports");
      return NULL;
    }
  return g_steal_pointer (&list);
}

static void
audit_refusal (FlSession  *session,
               const char *action,
               gint64      case_id,
               const char *uid,
               GError     *error)
{
  g_autofree char *details = fl_audit_details ("reason", error->message, "uid", uid, NULL);

  fl_session_audit (session, action, case_id, "refused", details, NULL);
}

/* The entry when @session may see it; a refusal is audited as @action. */
static FlReportEntry *
get_entry (FlSession   *session,
           gint64       report_id,
           const char  *action,
           GError     **error)
{
  FlDb *db = fl_session_get_db (session);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) exists = NULL;
  g_autoptr(GError) local = NULL;

  stmt = fl_db_prepare (db, ENTRY_SQL " AND r.id = :report;", error);
  if (stmt == NULL || !bind_visibility (session, stmt, action, error))
    return NULL;
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":report"), report_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return entry_from_row (stmt);

  exists = fl_db_prepare (db, "SELECT r.case_id, r.uid FROM reports r WHERE r.id = ? AND r.kind IN ('lead', 'no_match');",
                          error);
  if (exists == NULL)
    return NULL;
  sqlite3_bind_int64 (exists, 1, report_id);
  if (sqlite3_step (exists) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no issued report %" G_GINT64_FORMAT ".", report_id);
      return NULL;
    }
  g_set_error_literal (&local, FL_ERROR, FL_ERROR_DENIED,
                       "This report belongs to a case that is neither yours nor assigned to you. Ask the unit's "
                       "records staff.");
  audit_refusal (session, action, sqlite3_column_int64 (exists, 0), (const char *) sqlite3_column_text (exists, 1),
                 local);
  g_propagate_error (error, g_steal_pointer (&local));
  return NULL;
}

FlReportEntry *
fl_report_register_get (FlSession  *session,
                        gint64      report_id,
                        GError    **error)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return get_entry (session, report_id, "report.view", error);
}

/* The entry of a report whose PDF may be shown or printed (not sealed). */
static FlReportEntry *
get_readable (FlSession   *session,
              gint64       report_id,
              const char  *action,
              GError     **error)
{
  g_autoptr(FlReportEntry) entry = get_entry (session, report_id, action, error);
  g_autoptr(GError) local = NULL;

  if (entry == NULL)
    return NULL;
  if (entry->sealed)
    {
      g_set_error (&local, FL_ERROR, FL_ERROR_POLICY,
                   "Case %s is sealed under a seal/destroy notice: its reports may not be shown, printed or "
                   "released (R13).", entry->fr_number);
      audit_refusal (session, action, entry->report->case_id, entry->report->uid, local);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&entry);
}

GBytes *
fl_report_register_read (FlSession  *session,
                         gint64      report_id,
                         GError    **error)
{
  g_autoptr(FlReportEntry) entry = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *details = NULL;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  entry = get_readable (session, report_id, "report.view", error);
  if (entry == NULL)
    return NULL;
  /* fl_store_get checks that the bytes still hash to what the report row recorded. */
  pdf = fl_store_get (fl_session_get_db (session), entry->report->hash, error);
  if (pdf == NULL)
    return NULL;
  details = fl_audit_details ("uid", entry->report->uid, "sha256", entry->report->hash, NULL);
  if (!fl_session_audit (session, "report.view", entry->report->case_id, "success", details, error))
    return NULL;
  return g_steal_pointer (&pdf);
}

gboolean
fl_report_register_printed (FlSession  *session,
                            gint64      report_id,
                            int         copies,
                            GError    **error)
{
  g_autoptr(FlReportEntry) entry = NULL;
  g_autofree char *details = NULL;
  g_autofree char *count = g_strdup_printf ("%d", MAX (copies, 1));

  g_return_val_if_fail (FL_IS_SESSION (session), FALSE);

  entry = get_readable (session, report_id, "report.print", error);
  if (entry == NULL)
    return FALSE;
  details = fl_audit_details ("uid", entry->report->uid, "sha256", entry->report->hash, "copies", count, NULL);
  return fl_session_audit (session, "report.print", entry->report->case_id, "success", details, error);
}
