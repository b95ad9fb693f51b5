/* fl-audit-export-sheets.c: the seven sheets of the monthly audit workbook.
 *
 * Everything is read inside one read transaction of a private read-only
 * connection, so the sheets agree with each other even while the unit keeps
 * working, and this can run on a worker thread. Times are shown in the
 * workstation's local time; the month's bounds are local midnights. */
#include <errno.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "fl-audit-export-private.h"
#include "fl-db.h"
#include "fl-xlsx-table.h"

#define CAVEAT "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE"
#define LEAD_ONLY "Search results are investigative leads only: never a positive identification, " \
                  "never probable cause to arrest."
#define ROWS_PHASE 0.85   /* share of the progress bar for reading rows; the rest is compressing */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (lxw_workbook, lxw_workbook_free)

static const char * const sheet_names[] = {
  [FL_AUDIT_SHEET_SUMMARY] = "Summary",
  [FL_AUDIT_SHEET_SEARCHES] = "Searches",
  [FL_AUDIT_SHEET_REQUESTS] = "Requests",
  [FL_AUDIT_SHEET_USER_ACTIVITY] = "User activity",
  [FL_AUDIT_SHEET_DISSEMINATIONS] = "Disseminations",
  /* Excel forbids "/" in sheet names */
  [FL_AUDIT_SHEET_SEAL_PURGE] = "Seal and purge",
  [FL_AUDIT_SHEET_ACCOUNT_EVENTS] = "Account events",
  NULL,
};

const char * const *
fl_audit_export_sheet_names (void)
{
  return sheet_names;
}

typedef struct
{
  FlAuditExportJob *job;
  sqlite3          *handle;
  lxw_workbook     *workbook;
  lxw_worksheet    *sheets[FL_AUDIT_N_SHEETS];
  FlXlsxFormats     formats;
  GCancellable     *cancellable;
  JsonParser       *parser;
  GHashTable       *usernames;   /* user id → username, for "concerning" columns */
} Writer;

/* Audit actions shown on the Account events sheet, with their plain names. */
static const struct
{
  const char *action;
  const char *label;
} account_events[] = {
  { "login", "Sign-in" },
  { "logout", "Sign-out" },
  { "account.lockout", "Locked out after failed sign-ins" },
  { "screen.unlock", "Screen unlock" },
  { "user.add", "Account created" },
  { "user.roles", "Roles changed" },
  { "user.activate", "Account reactivated" },
  { "user.deactivate", "Account deactivated" },
  { "user.unlock", "Account unlocked" },
  { "user.password_reset", "Password reset by an administrator" },
  { "user.password_change", "Password changed" },
  { "user.training", "Training recorded" },
};

static gboolean
read_failed (Writer  *w,
             GError **error)
{
  int code = sqlite3_errcode (w->handle);

  g_set_error (error, FL_ERROR, code == SQLITE_BUSY ? FL_ERROR_BUSY : FL_ERROR_DATABASE,
               "Cannot read the case database for the audit workbook: %s. Try the export again; "
               "if it keeps failing, run “faceleads-cli audit verify” and check the disk.",
               sqlite3_errmsg (w->handle));
  return FALSE;
}

/* Prepares @sql and binds the month's bounds to ?1 and ?2. */
static sqlite3_stmt *
prepare_month (Writer      *w,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (w->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      read_failed (w, error);
      return NULL;
    }
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    {
      sqlite3_bind_text (stmt, 1, w->job->from_utc, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, w->job->to_utc, -1, SQLITE_STATIC);
    }
  return stmt;
}

static const char *
col (sqlite3_stmt *stmt,
     int           i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

static gint64
count_month (Writer      *w,
             const char  *sql,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_month (w, sql, error);

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      read_failed (w, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

static void
report (Writer     *w,
        double      fraction,
        const char *stage)
{
  FlAuditExportJob *job = w->job;

  /* at most every 1 %: a progress bar needs no more */
  if (job->progress != NULL && (fraction - job->reported >= 0.01 || fraction >= 1.0 || job->reported == 0.0))
    {
      job->reported = MAX (fraction, 0.0001);
      job->progress (fraction, stage, job->progress_data);
    }
}

/* One more row read: checks for cancellation and moves the progress bar. */
static gboolean
tick (Writer      *w,
      const char  *stage,
      GError     **error)
{
  FlAuditExportJob *job = w->job;

  job->done++;
  if ((job->done & 255) == 0)
    {
      if (g_cancellable_set_error_if_cancelled (w->cancellable, error))
        return FALSE;
      report (w, ROWS_PHASE * (double) job->done / (double) MAX (job->total, 1), stage);
    }
  return TRUE;
}

static void
append_json_value (Writer   *w,
                   GString  *out,
                   JsonNode *node);

static void
append_json_object (Writer     *w,
                    GString    *out,
                    JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  gboolean first = TRUE;

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (object, key);

      if (JSON_NODE_HOLDS_NULL (value))
        continue;
      if (!first)
        g_string_append (out, "; ");
      first = FALSE;
      for (const char *p = key; *p; p++)
        g_string_append_c (out, *p == '_' ? ' ' : *p);
      g_string_append (out, ": ");
      append_json_value (w, out, value);
    }
}

static void
append_json_value (Writer   *w,
                   GString  *out,
                   JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      g_string_append_c (out, '(');
      append_json_object (w, out, json_node_get_object (node));
      g_string_append_c (out, ')');
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            append_json_value (w, out, json_array_get_element (array, i));
          }
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_string_append (out, json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "yes" : "no");
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      else
        g_string_append_printf (out, "%g", json_node_get_double (node));
      break;
    case JSON_NODE_NULL:
      break;
    }
}

/* {"reason":"wrong password","user_id":"5"} → "reason: wrong password; user id: 5" */
static char *
details_text (Writer     *w,
              const char *json)
{
  g_autoptr(GString) out = NULL;
  JsonNode *root;

  if (json == NULL || g_str_equal (json, "{}") || *json == '\0')
    return NULL;
  if (!json_parser_load_from_data (w->parser, json, -1, NULL) ||
      (root = json_parser_get_root (w->parser)) == NULL)
    return g_strdup (json);
  out = g_string_new (NULL);
  if (JSON_NODE_HOLDS_OBJECT (root))
    append_json_object (w, out, json_node_get_object (root));
  else
    append_json_value (w, out, root);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The account an administrator's action was about, from its details. */
static const char *
concerning_account (Writer     *w,
                    const char *json)
{
  JsonNode *root;
  JsonObject *object;

  if (json == NULL || !json_parser_load_from_data (w->parser, json, -1, NULL) ||
      (root = json_parser_get_root (w->parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (json_object_has_member (object, "user_id"))
    {
      JsonNode *id = json_object_get_member (object, "user_id");
      gint64 uid = 0;

      if (json_node_get_value_type (id) == G_TYPE_STRING)
        uid = g_ascii_strtoll (json_node_get_string (id), NULL, 10);
      else if (json_node_get_value_type (id) == G_TYPE_INT64)
        uid = json_node_get_int (id);
      return g_hash_table_lookup (w->usernames, &uid);
    }
  if (json_object_has_member (object, "username") &&
      json_node_get_value_type (json_object_get_member (object, "username")) == G_TYPE_STRING)
    {
      /* the string lives in the parser; keep a copy in the table for the caller */
      const char *name = json_object_get_string_member (object, "username");
      const char *known = NULL;
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, w->usernames);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (g_ascii_strcasecmp (value, name) == 0)
          known = value;
      return known;
    }
  return NULL;
}

static const char *
yes_no (sqlite3_stmt *stmt,
        int           i)
{
  return sqlite3_column_int (stmt, i) ? "Yes" : "No";
}

static gboolean
table_status (FlXlsxTable  *table,
              GError      **error)
{
  if (table->status == LXW_NO_ERROR)
    return TRUE;
  g_set_error (error, FL_ERROR, FL_ERROR_FAILED, "Cannot build the audit workbook: %s.",
               lxw_strerror (table->status));
  return FALSE;
}

/* ---- Searches ---------------------------------------------------------- */

static const FlXlsxColumn search_columns[] = {
  { "Date and time", FL_XLSX_DATETIME },
  { "Search #", FL_XLSX_ID },
  { "Examiner", FL_XLSX_TEXT },
  { "Case #", FL_XLSX_TEXT },
  { "Agency case #", FL_XLSX_TEXT },
  { "Incident type", FL_XLSX_TEXT },
  { "Purpose", FL_XLSX_TEXT },
  { "Justification", FL_XLSX_LONG },
  { "Galleries", FL_XLSX_TEXT },
  { "Matcher version", FL_XLSX_TEXT },
  { "K (list size)", FL_XLSX_NUMBER },
  { "Candidates", FL_XLSX_NUMBER },
  { "Yielded candidates", FL_XLSX_TEXT },
  { "Probe suitability", FL_XLSX_TEXT },
  { "Conclusion", FL_XLSX_TEXT },
  { "Peer review", FL_XLSX_TEXT },
  { "Outcome", FL_XLSX_TEXT },
};

static gboolean
write_searches (Writer  *w,
                GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FlXlsxTable t;
  int rc;

  stmt = prepare_month (w,
    "SELECT s.started_at, s.id, u.username, c.fr_number, r.agency_case_number, s.incident_type,"
    "  s.purpose, s.justification, s.galleries, s.matcher_version, s.k, s.candidate_count,"
    "  CASE p.suitability WHEN 'suitable' THEN 'suitable'"
    "    WHEN 'unsuitable' THEN 'unsuitable' || COALESCE (': ' || p.suitability_reason, '')"
    "    ELSE 'not judged' END,"
    "  (SELECT group_concat (n || ' ' || replace (conclusion, '_', ' '), ', ') FROM"
    "     (SELECT co.conclusion, count (*) AS n FROM candidates ca"
    "      JOIN conclusions co ON co.candidate_id = ca.id AND co.examiner_id = s.examiner_id"
    "      WHERE ca.search_id = s.id GROUP BY co.conclusion ORDER BY co.conclusion DESC)),"
    "  (SELECT group_concat (CASE pr.state WHEN 'not_practicable'"
    "       THEN 'not practicable' || COALESCE (': ' || pr.not_practicable_reason, '')"
    "       ELSE pr.state END, '; ')"
    "     FROM candidates ca JOIN peer_reviews pr ON pr.candidate_id = ca.id WHERE ca.search_id = s.id),"
    "  (SELECT group_concat (label, '; ') FROM"
    "     (SELECT o.outcome || CASE WHEN o.arrest_primarily_on_lead THEN"
    "        ' (arrest primarily on the lead; fingerprints '"
    "        || CASE WHEN o.fingerprints_compared THEN 'compared' ELSE 'not compared' END || ')'"
    "        ELSE '' END AS label"
    "      FROM outcomes o WHERE o.case_id = s.case_id AND (o.candidate_id IS NULL OR"
    "        o.candidate_id IN (SELECT id FROM candidates WHERE search_id = s.id))"
    "      ORDER BY o.recorded_at, o.id))"
    " FROM searches s"
    " JOIN users u ON u.id = s.examiner_id"
    " JOIN cases c ON c.id = s.case_id"
    " JOIN requests r ON r.id = c.request_id"
    " LEFT JOIN probes p ON p.id = s.probe_id"
    " WHERE s.started_at >= ?1 AND s.started_at < ?2"
    " ORDER BY s.started_at, s.id;", error);
  if (stmt == NULL)
    return FALSE;

  fl_xlsx_table_begin (&t, w->sheets[FL_AUDIT_SHEET_SEARCHES], &w->formats,
                       search_columns, G_N_ELEMENTS (search_columns), 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 candidates = sqlite3_column_int64 (stmt, 11);
      const char *conclusion = col (stmt, 13);

      fl_xlsx_table_next_row (&t);
      fl_xlsx_table_when (&t, 0, col (stmt, 0));
      fl_xlsx_table_number (&t, 1, (double) sqlite3_column_int64 (stmt, 1));
      for (int i = 2; i <= 9; i++)
        fl_xlsx_table_text (&t, (guint) i, col (stmt, i));
      fl_xlsx_table_number (&t, 10, (double) sqlite3_column_int64 (stmt, 10));
      fl_xlsx_table_number (&t, 11, (double) candidates);
      fl_xlsx_table_text (&t, 12, candidates > 0 ? "Yes" : "No");
      fl_xlsx_table_text (&t, 13, col (stmt, 12));
      fl_xlsx_table_text (&t, 14, conclusion ? conclusion : candidates > 0 ? "not concluded" : "no candidates");
      fl_xlsx_table_text (&t, 15, col (stmt, 14));
      fl_xlsx_table_text (&t, 16, col (stmt, 15));
      if (!tick (w, "Searches", error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return read_failed (w, error);
  w->job->rows[FL_AUDIT_SHEET_SEARCHES] = fl_xlsx_table_end (&t, TRUE);
  return table_status (&t, error);
}

/* ---- Requests ---------------------------------------------------------- */

static const FlXlsxColumn request_columns[] = {
  { "Received", FL_XLSX_DATETIME },
  { "Request #", FL_XLSX_ID },
  { "Entered by", FL_XLSX_TEXT },
  { "Requesting agency", FL_XLSX_TEXT },
  { "Requester", FL_XLSX_TEXT },
  { "Agency case #", FL_XLSX_TEXT },
  { "Incident type", FL_XLSX_TEXT },
  { "Purpose", FL_XLSX_TEXT },
  { "Reason for the search", FL_XLSX_LONG },
  { "Images", FL_XLSX_NUMBER },
  { "Outside agency", FL_XLSX_TEXT },
  { "State", FL_XLSX_TEXT },
  { "Why refused or returned", FL_XLSX_LONG },
  { "Decided by", FL_XLSX_TEXT },
  { "Decided", FL_XLSX_DATETIME },
  { "Case #", FL_XLSX_TEXT },
};

static gboolean
write_requests (Writer  *w,
                GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FlXlsxTable t;
  int rc;

  stmt = prepare_month (w,
    "SELECT r.created_at, r.id, u.username, r.requesting_agency, r.requester_name,"
    "  r.agency_case_number, r.incident_type, r.purpose, r.reason, r.image_count,"
    "  CASE WHEN NOT r.outside_agency THEN 'No'"
    "    WHEN length (COALESCE (r.outside_affirmation, '')) > 0 THEN 'Yes, affirmation recorded'"
    "    ELSE 'Yes, no affirmation' END,"
    "  r.state, r.state_reason, d.username, r.decided_at, c.fr_number"
    " FROM requests r"
    " JOIN users u ON u.id = r.created_by"
    " LEFT JOIN users d ON d.id = r.decided_by"
    " LEFT JOIN cases c ON c.request_id = r.id"
    " WHERE r.created_at >= ?1 AND r.created_at < ?2"
    " ORDER BY r.created_at, r.id;", error);
  if (stmt == NULL)
    return FALSE;

  fl_xlsx_table_begin (&t, w->sheets[FL_AUDIT_SHEET_REQUESTS], &w->formats,
                       request_columns, G_N_ELEMENTS (request_columns), 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      fl_xlsx_table_next_row (&t);
      fl_xlsx_table_when (&t, 0, col (stmt, 0));
      fl_xlsx_table_number (&t, 1, (double) sqlite3_column_int64 (stmt, 1));
      for (int i = 2; i <= 8; i++)
        fl_xlsx_table_text (&t, (guint) i, col (stmt, i));
      fl_xlsx_table_number (&t, 9, (double) sqlite3_column_int64 (stmt, 9));
      for (int i = 10; i <= 13; i++)
        fl_xlsx_table_text (&t, (guint) i, col (stmt, i));
      fl_xlsx_table_when (&t, 14, col (stmt, 14));
      fl_xlsx_table_text (&t, 15, col (stmt, 15));
      if (!tick (w, "Requests", error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return read_failed (w, error);
  w->job->rows[FL_AUDIT_SHEET_REQUESTS] = fl_xlsx_table_end (&t, TRUE);
  return table_status (&t, error);
}

/* ---- User activity ----------------------------------------------------- */

static const FlXlsxColumn activity_columns[] = {
  { "Date and time", FL_XLSX_DATETIME },
  { "Audit row #", FL_XLSX_ID },
  { "User", FL_XLSX_TEXT },
  { "Full name", FL_XLSX_TEXT },
  { "Account", FL_XLSX_TEXT },
  { "Action", FL_XLSX_TEXT },
  { "Case #", FL_XLSX_TEXT },
  { "Outcome", FL_XLSX_TEXT },
  { "Details", FL_XLSX_LONG },
};

static gboolean
write_user_activity (Writer  *w,
                     GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FlXlsxTable t;
  int rc;

  stmt = prepare_month (w,
    "SELECT a.ts, a.id, a.username, u.full_name,"
    "  CASE WHEN u.id IS NULL THEN NULL WHEN u.active THEN 'active' ELSE 'deactivated' END,"
    "  a.action, c.fr_number, a.outcome, a.details"
    " FROM audit a"
    " LEFT JOIN users u ON u.id = a.user_id"
    " LEFT JOIN cases c ON c.id = a.case_id"
    " WHERE a.ts >= ?1 AND a.ts < ?2"
    " ORDER BY a.id;", error);
  if (stmt == NULL)
    return FALSE;

  fl_xlsx_table_begin (&t, w->sheets[FL_AUDIT_SHEET_USER_ACTIVITY], &w->formats,
                       activity_columns, G_N_ELEMENTS (activity_columns), 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *details = details_text (w, col (stmt, 8));

      fl_xlsx_table_next_row (&t);
      fl_xlsx_table_when (&t, 0, col (stmt, 0));
      fl_xlsx_table_number (&t, 1, (double) sqlite3_column_int64 (stmt, 1));
      fl_xlsx_table_text (&t, 2, col (stmt, 2));
      fl_xlsx_table_text (&t, 3, col (stmt, 3));
      fl_xlsx_table_text (&t, 4, col (stmt, 4));
      fl_xlsx_table_text (&t, 5, col (stmt, 5));
      fl_xlsx_table_text (&t, 6, col (stmt, 6));
      fl_xlsx_table_text (&t, 7, col (stmt, 7));
      fl_xlsx_table_text (&t, 8, details);
      if (!tick (w, "User activity", error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return read_failed (w, error);
  w->job->rows[FL_AUDIT_SHEET_USER_ACTIVITY] = fl_xlsx_table_end (&t, TRUE);
  return table_status (&t, error);
}

/* ---- Disseminations ---------------------------------------------------- */

static const FlXlsxColumn dissemination_columns[] = {
  { "Released", FL_XLSX_DATETIME },
  { "Release #", FL_XLSX_ID },
  { "Released by", FL_XLSX_TEXT },
  { "Case #", FL_XLSX_TEXT },
  { "Report", FL_XLSX_TEXT },
  { "Recipient", FL_XLSX_TEXT },
  { "Agency", FL_XLSX_TEXT },
  { "Purpose", FL_XLSX_TEXT },
  { "What was released", FL_XLSX_TEXT },
  { "Public or media", FL_XLSX_TEXT },
  { "Exception", FL_XLSX_TEXT },
  { "Exception documentation", FL_XLSX_LONG },
};

static gboolean
write_disseminations (Writer  *w,
                      GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FlXlsxTable t;
  int rc;

  stmt = prepare_month (w,
    "SELECT d.released_at, d.id, u.username, c.fr_number,"
    "  replace (rp.kind, '_', ' ') || ' report ' || rp.uid,"
    "  d.recipient, d.agency, d.purpose, d.released_what, d.public_release, d.exception,"
    "  d.exception_documentation"
    " FROM disseminations d"
    " JOIN users u ON u.id = d.released_by"
    " JOIN reports rp ON rp.id = d.report_id"
    " JOIN cases c ON c.id = rp.case_id"
    " WHERE d.released_at >= ?1 AND d.released_at < ?2"
    " ORDER BY d.released_at, d.id;", error);
  if (stmt == NULL)
    return FALSE;

  fl_xlsx_table_begin (&t, w->sheets[FL_AUDIT_SHEET_DISSEMINATIONS], &w->formats,
                       dissemination_columns, G_N_ELEMENTS (dissemination_columns), 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      fl_xlsx_table_next_row (&t);
      fl_xlsx_table_when (&t, 0, col (stmt, 0));
      fl_xlsx_table_number (&t, 1, (double) sqlite3_column_int64 (stmt, 1));
      for (int i = 2; i <= 8; i++)
        fl_xlsx_table_text (&t, (guint) i, col (stmt, i));
      fl_xlsx_table_text (&t, 9, yes_no (stmt, 9));
      fl_xlsx_table_text (&t, 10, col (stmt, 10));
      fl_xlsx_table_text (&t, 11, col (stmt, 11));
      if (!tick (w, "Disseminations", error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return read_failed (w, error);
  w->job->rows[FL_AUDIT_SHEET_DISSEMINATIONS] = fl_xlsx_table_end (&t, TRUE);
  return table_status (&t, error);
}

/* ---- Seal and purge ---------------------------------------------------- */

static const FlXlsxColumn seal_columns[] = {
  { "Entered", FL_XLSX_DATETIME },
  { "Kind", FL_XLSX_TEXT },
  { "Record #", FL_XLSX_ID },
  { "Sealed record", FL_XLSX_TEXT },
  { "Notice reference", FL_XLSX_TEXT },
  { "Notice date", FL_XLSX_DATE },
  { "Entered by", FL_XLSX_TEXT },
  { "What was purged", FL_XLSX_LONG },
};

#define SEAL_PURGE_SQL \
  "SELECT n.entered_at AS ts, CASE n.scope WHEN 'case' THEN 'Seal notice: case'" \
  "    ELSE 'Seal notice: gallery subject' END, n.id," \
  "  CASE n.scope WHEN 'case' THEN 'case ' || COALESCE (c.fr_number, '#' || n.target_id)" \
  "    ELSE COALESCE (g.name, 'gallery') || ', subject #' || n.target_id END," \
  "  n.notice_ref, n.notice_date, u.username, n.purged_summary" \
  " FROM seal_notices n" \
  " LEFT JOIN users u ON u.id = n.entered_by" \
  " LEFT JOIN cases c ON n.scope = 'case' AND c.id = n.target_id" \
  " LEFT JOIN subjects s ON n.scope = 'subject' AND s.id = n.target_id" \
  " LEFT JOIN galleries g ON g.id = s.gallery_id" \
  " WHERE n.entered_at >= ?1 AND n.entered_at < ?2" \
  " UNION ALL" \
  " SELECT a.ts, 'Retention purge', a.id, NULL, NULL, NULL, a.username, a.details" \
  " FROM audit a WHERE a.action = 'retention.purge' AND a.outcome = 'success'" \
  "  AND a.ts >= ?1 AND a.ts < ?2"

static gboolean
write_seal_purge (Writer  *w,
                  GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FlXlsxTable t;
  int rc;

  stmt = prepare_month (w, SEAL_PURGE_SQL " ORDER BY 1, 3;", error);
  if (stmt == NULL)
    return FALSE;

  fl_xlsx_table_begin (&t, w->sheets[FL_AUDIT_SHEET_SEAL_PURGE], &w->formats,
                       seal_columns, G_N_ELEMENTS (seal_columns), 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *purged = details_text (w, col (stmt, 7));

      fl_xlsx_table_next_row (&t);
      fl_xlsx_table_when (&t, 0, col (stmt, 0));
      fl_xlsx_table_text (&t, 1, col (stmt, 1));
      fl_xlsx_table_number (&t, 2, (double) sqlite3_column_int64 (stmt, 2));
      fl_xlsx_table_text (&t, 3, col (stmt, 3));
      fl_xlsx_table_text (&t, 4, col (stmt, 4));
      fl_xlsx_table_when (&t, 5, col (stmt, 5));
      fl_xlsx_table_text (&t, 6, col (stmt, 6));
      fl_xlsx_table_text (&t, 7, purged);
      if (!tick (w, "Seal and purge", error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return read_failed (w, error);
  w->job->rows[FL_AUDIT_SHEET_SEAL_PURGE] = fl_xlsx_table_end (&t, TRUE);
  return table_status (&t, error);
}

/* ---- Account events ---------------------------------------------------- */

static const FlXlsxColumn account_columns[] = {
  { "Date and time", FL_XLSX_DATETIME },
  { "Audit row #", FL_XLSX_ID },
  { "Account", FL_XLSX_TEXT },
  { "Full name", FL_XLSX_TEXT },
  { "Event", FL_XLSX_TEXT },
  { "Outcome", FL_XLSX_TEXT },
  { "Concerning account", FL_XLSX_TEXT },
  { "Details", FL_XLSX_LONG },
};

#define ACCOUNT_EVENTS_WHERE \
  " WHERE a.ts >= ?1 AND a.ts < ?2 AND (a.action IN ('login', 'logout', 'account.lockout', 'screen.unlock')" \
  "  OR a.action LIKE 'user.%')"

static gboolean
write_account_events (Writer  *w,
                      GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FlXlsxTable t;
  int rc;

  stmt = prepare_month (w,
    "SELECT a.ts, a.id, a.username, u.full_name, a.action, a.outcome, a.details"
    " FROM audit a LEFT JOIN users u ON u.id = a.user_id"
    ACCOUNT_EVENTS_WHERE
    " ORDER BY a.id;", error);
  if (stmt == NULL)
    return FALSE;

  fl_xlsx_table_begin (&t, w->sheets[FL_AUDIT_SHEET_ACCOUNT_EVENTS], &w->formats,
                       account_columns, G_N_ELEMENTS (account_columns), 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *action = col (stmt, 4);
      const char *label = action;
      g_autofree char *details = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (account_events); i++)
        if (g_strcmp0 (account_events[i].action, action) == 0)
          label = account_events[i].label;

      fl_xlsx_table_next_row (&t);
      fl_xlsx_table_when (&t, 0, col (stmt, 0));
      fl_xlsx_table_number (&t, 1, (double) sqlite3_column_int64 (stmt, 1));
      fl_xlsx_table_text (&t, 2, col (stmt, 2));
      fl_xlsx_table_text (&t, 3, col (stmt, 3));
      fl_xlsx_table_text (&t, 4, label);
      fl_xlsx_table_text (&t, 5, col (stmt, 5));
      fl_xlsx_table_text (&t, 6, concerning_account (w, col (stmt, 6)));
      details = details_text (w, col (stmt, 6));
      fl_xlsx_table_text (&t, 7, details);
      if (!tick (w, "Account events", error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return read_failed (w, error);
  w->job->rows[FL_AUDIT_SHEET_ACCOUNT_EVENTS] = fl_xlsx_table_end (&t, TRUE);
  return table_status (&t, error);
}

/* ---- Summary ----------------------------------------------------------- */

#define SUMMARY_COLUMNS 7

typedef struct
{
  Writer        *w;
  lxw_worksheet *sheet;
  lxw_row_t      row;
  double         widths[SUMMARY_COLUMNS];
  lxw_error      status;
} Summary;

/* A section: a bold title, then a table of what @sql returns (columns typed
 * by @columns; a column whose title starts with "#" … is a count). */
static gboolean
summary_section (Summary            *s,
                 const char         *title,
                 const FlXlsxColumn *columns,
                 guint               n_columns,
                 const char         *sql,
                 const char         *when_empty,
                 GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_month (s->w, sql, error);
  FlXlsxTable t;
  int rc;

  g_assert (n_columns <= SUMMARY_COLUMNS);
  if (stmt == NULL)
    return FALSE;

  worksheet_write_string (s->sheet, s->row, 0, title, s->w->formats.bold);
  fl_xlsx_table_begin (&t, s->sheet, &s->w->formats, columns, n_columns, s->row + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      fl_xlsx_table_next_row (&t);
      for (guint c = 0; c < n_columns; c++)
        {
          if (columns[c].kind == FL_XLSX_NUMBER || columns[c].kind == FL_XLSX_ID)
            fl_xlsx_table_number (&t, c, (double) sqlite3_column_int64 (stmt, (int) c));
          else if (columns[c].kind == FL_XLSX_DATETIME || columns[c].kind == FL_XLSX_DATE)
            fl_xlsx_table_when (&t, c, col (stmt, (int) c));
          else
            fl_xlsx_table_text (&t, c, col (stmt, (int) c));
        }
    }
  if (rc != SQLITE_DONE)
    return read_failed (s->w, error);
  if (t.row == t.first_row && when_empty != NULL)
    {
      fl_xlsx_table_next_row (&t);
      fl_xlsx_table_text (&t, 0, when_empty);
    }
  if (s->status == LXW_NO_ERROR)
    s->status = t.status;
  s->row = t.row + 2;
  fl_xlsx_table_end_into (&t, s->widths);
  return TRUE;
}

static const FlXlsxColumn totals_columns[] = {
  { "Measure", FL_XLSX_LONG },
  { "Count", FL_XLSX_NUMBER },
};

static const char totals_sql[] =
  "WITH month_requests AS (SELECT state FROM requests WHERE created_at >= ?1 AND created_at < ?2),"
  " month_searches AS (SELECT candidate_count FROM searches WHERE started_at >= ?1 AND started_at < ?2),"
  " month_reports AS (SELECT kind FROM reports WHERE created_at >= ?1 AND created_at < ?2),"
  " month_audit AS (SELECT action, outcome FROM audit WHERE ts >= ?1 AND ts < ?2)"
  " SELECT 'Requests received', (SELECT count (*) FROM month_requests)"
  " UNION ALL SELECT 'Requests refused at intake', (SELECT count (*) FROM month_requests WHERE state = 'refused')"
  " UNION ALL SELECT 'Requests returned to the requester', (SELECT count (*) FROM month_requests WHERE state = 'returned')"
  " UNION ALL SELECT 'Requests accepted', (SELECT count (*) FROM month_requests WHERE state = 'accepted')"
  " UNION ALL SELECT 'Searches run', (SELECT count (*) FROM month_searches)"
  " UNION ALL SELECT 'Searches that yielded candidates', (SELECT count (*) FROM month_searches WHERE candidate_count > 0)"
  " UNION ALL SELECT 'Leads reported', (SELECT count (*) FROM month_reports WHERE kind = 'lead')"
  " UNION ALL SELECT '\"No possible match\" reports', (SELECT count (*) FROM month_reports WHERE kind = 'no_match')"
  " UNION ALL SELECT 'Releases of reports or images', (SELECT count (*) FROM disseminations"
  "   WHERE released_at >= ?1 AND released_at < ?2)"
  " UNION ALL SELECT 'Public or media releases (each with a recorded exception)', (SELECT count (*)"
  "   FROM disseminations WHERE public_release AND released_at >= ?1 AND released_at < ?2)"
  " UNION ALL SELECT 'Outcomes recorded', (SELECT count (*) FROM outcomes WHERE recorded_at >= ?1 AND recorded_at < ?2)"
  " UNION ALL SELECT 'Actions refused by FaceLeads', (SELECT count (*) FROM month_audit"
  "   WHERE outcome = 'refused' AND action <> 'login')"
  " UNION ALL SELECT 'Failed or refused sign-ins', (SELECT count (*) FROM month_audit"
  "   WHERE action = 'login' AND outcome <> 'success')"
  " UNION ALL SELECT 'Lockouts', (SELECT count (*) FROM month_audit WHERE action = 'account.lockout')"
  " UNION ALL SELECT 'Seal notices entered', (SELECT count (*) FROM seal_notices"
  "   WHERE entered_at >= ?1 AND entered_at < ?2)"
  " UNION ALL SELECT 'Audit rows', (SELECT count (*) FROM month_audit);";

static const FlXlsxColumn per_user_columns[] = {
  { "User", FL_XLSX_LONG },
  { "Audit rows", FL_XLSX_NUMBER },
  { "Sign-ins", FL_XLSX_NUMBER },
  { "Failed sign-ins", FL_XLSX_NUMBER },
  { "Refused actions", FL_XLSX_NUMBER },
  { "Searches", FL_XLSX_NUMBER },
  { "Requests entered", FL_XLSX_NUMBER },
};

static const char per_user_sql[] =
  "WITH a AS (SELECT COALESCE (user_id, 0) AS uid, min (username) AS name, count (*) AS n,"
  "    sum (action = 'login' AND outcome = 'success') AS logins,"
  "    sum (action = 'login' AND outcome <> 'success') AS failed,"
  "    sum (outcome = 'refused' AND action <> 'login') AS refused"
  "   FROM audit WHERE ts >= ?1 AND ts < ?2 GROUP BY 1),"
  " s AS (SELECT examiner_id AS uid, count (*) AS n FROM searches"
  "   WHERE started_at >= ?1 AND started_at < ?2 GROUP BY 1),"
  " r AS (SELECT created_by AS uid, count (*) AS n FROM requests"
  "   WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 1)"
  " SELECT u.username || ' (' || u.full_name || CASE WHEN u.active THEN ')' ELSE ', deactivated)' END,"
  "   COALESCE (a.n, 0), COALESCE (a.logins, 0), COALESCE (a.failed, 0), COALESCE (a.refused, 0),"
  "   COALESCE (s.n, 0), COALESCE (r.n, 0)"
  " FROM users u LEFT JOIN a ON a.uid = u.id LEFT JOIN s ON s.uid = u.id LEFT JOIN r ON r.uid = u.id"
  " WHERE a.n IS NOT NULL OR s.n IS NOT NULL OR r.n IS NOT NULL"
  " UNION ALL"
  " SELECT '(sign-ins with an unknown user name)', a.n, a.logins, a.failed, a.refused, 0, 0"
  " FROM a WHERE a.uid = 0"
  " ORDER BY 1;";

static const FlXlsxColumn per_purpose_columns[] = {
  { "Purpose", FL_XLSX_LONG },
  { "Requests received", FL_XLSX_NUMBER },
  { "Requests refused", FL_XLSX_NUMBER },
  { "Searches", FL_XLSX_NUMBER },
  { "Searches with candidates", FL_XLSX_NUMBER },
};

static const char per_purpose_sql[] =
  "SELECT purpose, sum (kind = 'r'), sum (kind = 'r' AND refused), sum (kind = 's'), sum (kind = 's' AND yielded)"
  " FROM (SELECT purpose, 'r' AS kind, state = 'refused' AS refused, 0 AS yielded FROM requests"
  "       WHERE created_at >= ?1 AND created_at < ?2"
  "       UNION ALL SELECT purpose, 's', 0, candidate_count > 0 FROM searches"
  "       WHERE started_at >= ?1 AND started_at < ?2)"
  " GROUP BY purpose ORDER BY purpose;";

static const FlXlsxColumn per_outcome_columns[] = {
  { "Outcome of a lead", FL_XLSX_LONG },
  { "Count", FL_XLSX_NUMBER },
};

static const char per_outcome_sql[] =
  "WITH o AS (SELECT * FROM outcomes WHERE recorded_at >= ?1 AND recorded_at < ?2)"
  " SELECT 'Identification confirmed by other means', (SELECT count (*) FROM o WHERE outcome = 'confirmed')"
  " UNION ALL SELECT 'Excluded', (SELECT count (*) FROM o WHERE outcome = 'excluded')"
  " UNION ALL SELECT 'Pending', (SELECT count (*) FROM o WHERE outcome = 'pending')"
  " UNION ALL SELECT 'Arrest based primarily on a lead', (SELECT count (*) FROM o WHERE arrest_primarily_on_lead)"
  " UNION ALL SELECT '… of which fingerprints were compared', (SELECT count (*) FROM o"
  "   WHERE arrest_primarily_on_lead AND fingerprints_compared);";

static const FlXlsxColumn refusal_columns[] = {
  { "Action refused by FaceLeads", FL_XLSX_LONG },
  { "Count", FL_XLSX_NUMBER },
};

static const char refusal_sql[] =
  "SELECT action, count (*) FROM audit WHERE ts >= ?1 AND ts < ?2 AND outcome = 'refused'"
  " GROUP BY action ORDER BY 2 DESC, 1;";

static const FlXlsxColumn exception_columns[] = {
  { "Exception and detail", FL_XLSX_LONG },
  { "Date and time", FL_XLSX_DATETIME },
  { "Case #", FL_XLSX_TEXT },
};

static const char exception_sql[] =
  "SELECT 'Public or media release. Exception: ' || COALESCE (d.exception, 'none recorded')"
  "   || COALESCE ('; documentation: ' || d.exception_documentation, '')"
  "   || '; released to ' || d.recipient || ' (' || d.agency || ')',"
  "   d.released_at, c.fr_number"
  " FROM disseminations d JOIN reports rp ON rp.id = d.report_id JOIN cases c ON c.id = rp.case_id"
  " WHERE d.public_release AND d.released_at >= ?1 AND d.released_at < ?2"
  " UNION ALL"
  " SELECT 'Peer review recorded as not practicable: ' || COALESCE (pr.not_practicable_reason, 'no reason recorded'),"
  "   COALESCE (pr.decided_at, pr.requested_at), c.fr_number"
  " FROM peer_reviews pr JOIN candidates ca ON ca.id = pr.candidate_id"
  " JOIN searches s ON s.id = ca.search_id JOIN cases c ON c.id = s.case_id"
  " WHERE pr.state = 'not_practicable'"
  "   AND COALESCE (pr.decided_at, pr.requested_at) >= ?1 AND COALESCE (pr.decided_at, pr.requested_at) < ?2"
  " UNION ALL"
  " SELECT CASE p.suitability WHEN 'unsuitable' THEN 'Search of a probe judged unsuitable'"
  "   ELSE 'Search of a probe not judged for suitability' END"
  "   || ' (search #' || s.id || ')' || COALESCE (': ' || p.suitability_reason, ''),"
  "   s.started_at, c.fr_number"
  " FROM searches s JOIN cases c ON c.id = s.case_id LEFT JOIN probes p ON p.id = s.probe_id"
  " WHERE s.started_at >= ?1 AND s.started_at < ?2 AND COALESCE (p.suitability, '') <> 'suitable'"
  " UNION ALL"
  " SELECT 'Arrest primarily on a lead without fingerprint comparison (outcome #' || o.id || ')',"
  "   o.recorded_at, c.fr_number"
  " FROM outcomes o JOIN cases c ON c.id = o.case_id"
  " WHERE o.arrest_primarily_on_lead AND NOT COALESCE (o.fingerprints_compared, 0)"
  "   AND o.recorded_at >= ?1 AND o.recorded_at < ?2"
  " ORDER BY 2, 1;";

static gboolean
write_summary (Writer  *w,
               GError **error)
{
  FlAuditExportJob *job = w->job;
  Summary s = { .w = w, .sheet = w->sheets[FL_AUDIT_SHEET_SUMMARY] };
  g_autofree char *title = g_strdup_printf ("FaceLeads monthly audit: %s", job->month_label);
  g_autofree char *period = g_strdup_printf ("%s; times are the workstation's local time (%s)",
                                             job->month_label, job->zone_label);
  lxw_datetime generated;
  gboolean date_only;
  const FlXlsxFormats *f = &w->formats;

  worksheet_write_string (s.sheet, 0, 0, title, f->title);
  worksheet_write_string (s.sheet, 1, 0, CAVEAT, f->bold);
  worksheet_write_string (s.sheet, 2, 0, "Agency and unit", f->bold);
  worksheet_write_string (s.sheet, 2, 1, job->unit_label, NULL);
  worksheet_write_string (s.sheet, 3, 0, "Period", f->bold);
  worksheet_write_string (s.sheet, 3, 1, period, NULL);
  worksheet_write_string (s.sheet, 4, 0, "Generated", f->bold);
  if (fl_xlsx_datetime_from_iso (job->generated_at, &generated, &date_only))
    worksheet_write_datetime (s.sheet, 4, 1, &generated, f->datetime);
  worksheet_write_string (s.sheet, 5, 0, "Generated by", f->bold);
  worksheet_write_string (s.sheet, 5, 1, job->generated_by, NULL);
  worksheet_write_string (s.sheet, 6, 0, LEAD_ONLY, NULL);
  s.row = 8;

  if (!summary_section (&s, "Totals", totals_columns, G_N_ELEMENTS (totals_columns), totals_sql, NULL, error) ||
      !summary_section (&s, "Activity per user", per_user_columns, G_N_ELEMENTS (per_user_columns),
                        per_user_sql, "No activity this month", error) ||
      !summary_section (&s, "Requests and searches per purpose", per_purpose_columns,
                        G_N_ELEMENTS (per_purpose_columns), per_purpose_sql, "None this month", error) ||
      !summary_section (&s, "Outcomes recorded", per_outcome_columns, G_N_ELEMENTS (per_outcome_columns),
                        per_outcome_sql, NULL, error) ||
      !summary_section (&s, "Refusals", refusal_columns, G_N_ELEMENTS (refusal_columns), refusal_sql,
                        "None this month", error) ||
      !summary_section (&s, "Policy exceptions", exception_columns, G_N_ELEMENTS (exception_columns),
                        exception_sql, "None this month", error))
    return FALSE;

  if (s.status == LXW_NO_ERROR)
    s.status = fl_xlsx_set_widths (s.sheet, s.widths, SUMMARY_COLUMNS);
  if (s.status != LXW_NO_ERROR)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FAILED, "Cannot build the audit workbook: %s.",
                   lxw_strerror (s.status));
      return FALSE;
    }
  worksheet_activate (s.sheet);
  return TRUE;
}

/* ---- the workbook ------------------------------------------------------ */

static gboolean
count_rows (Writer  *w,
            GError **error)
{
  static const char * const counts[] = {
    "SELECT count (*) FROM searches WHERE started_at >= ?1 AND started_at < ?2;",
    "SELECT count (*) FROM requests WHERE created_at >= ?1 AND created_at < ?2;",
    "SELECT count (*) FROM audit WHERE ts >= ?1 AND ts < ?2;",
    "SELECT count (*) FROM disseminations WHERE released_at >= ?1 AND released_at < ?2;",
    "SELECT count (*) FROM (" SEAL_PURGE_SQL ");",
    "SELECT count (*) FROM audit a" ACCOUNT_EVENTS_WHERE ";",
  };

  w->job->total = 0;
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      gint64 n = count_month (w, counts[i], error);
      if (n < 0)
        return FALSE;
      w->job->total += n;
    }
  return TRUE;
}

static gboolean
load_usernames (Writer  *w,
                GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_month (w, "SELECT id, username FROM users;", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);
      *id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (w->usernames, id, g_strdup (col (stmt, 1)));
    }
  return TRUE;
}

static gboolean
close_failed (lxw_error    status,
              const char  *path,
              int          saved_errno,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GFileInfo) fs = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
  guint64 free_bytes = fs ? g_file_info_get_attribute_uint64 (fs, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) : G_MAXUINT64;

  if (saved_errno == ENOSPC || free_bytes < 1024 * 1024)
    g_set_error (error, FL_ERROR, FL_ERROR_IO,
                 "Cannot write the audit workbook: the disk holding %s is full. Nothing was saved; "
                 "free some space or choose another folder, and export again.", dir);
  else
    g_set_error (error, FL_ERROR, FL_ERROR_IO,
                 "Cannot write the audit workbook in %s: %s%s%s. Nothing was saved; check the folder "
                 "and export again.", dir, lxw_strerror (status),
                 saved_errno ? " — " : "", saved_errno ? g_strerror (saved_errno) : "");
  return FALSE;
}

void
fl_audit_export_job_free (FlAuditExportJob *job)
{
  g_free (job->db_path);
  g_free (job->from_utc);
  g_free (job->to_utc);
  g_free (job->month_label);
  g_free (job->unit_label);
  g_free (job->generated_by);
  g_free (job->generated_at);
  g_free (job->zone_label);
  g_free (job);
}

gboolean
fl_audit_export_write (FlAuditExportJob  *job,
                       const char        *path,
                       GCancellable      *cancellable,
                       GError           **error)
{
  g_autoptr(lxw_workbook) workbook = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) usernames = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *subject = NULL;
  lxw_workbook_options options = { .constant_memory = LXW_FALSE, .tmpdir = dir };
  lxw_doc_properties properties = { 0 };
  sqlite3 *handle = NULL;
  Writer w = { .job = job, .cancellable = cancellable, .parser = parser, .usernames = usernames };
  gboolean ok = FALSE;
  lxw_error status;

  job->done = 0;
  job->reported = 0.0;

  if (sqlite3_open_v2 (job->db_path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_DATABASE, "Cannot open the case database %s to export: %s.",
                   job->db_path, handle ? sqlite3_errmsg (handle) : "out of memory");
      sqlite3_close (handle);
      return FALSE;
    }
  sqlite3_busy_timeout (handle, 5000);
  w.handle = handle;

  /* workbook_new_opt() writes nothing until workbook_close(); its own
   * scratch files go beside the output, on the disk the user chose. */
  workbook = workbook_new_opt (path, &options);
  if (workbook == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_IO, "Cannot start the audit workbook in %s. "
                   "Check that the folder exists and you may write there.", dir);
      goto out;
    }
  w.workbook = workbook;
  subject = g_strdup_printf ("Monthly audit, %s. %s", job->month_label, CAVEAT);
  properties.title = (char *) "FaceLeads monthly audit";
  properties.subject = subject;
  properties.author = job->generated_by;
  properties.company = job->unit_label;
  properties.comments = (char *) LEAD_ONLY;
  workbook_set_properties (workbook, &properties);

  fl_xlsx_formats_init (&w.formats, workbook);
  for (int i = 0; i < FL_AUDIT_N_SHEETS; i++)
    {
      w.sheets[i] = workbook_add_worksheet (workbook, sheet_names[i]);
      /* the handling caveat on every printed page (R24) */
      worksheet_set_header (w.sheets[i], "&C" CAVEAT);
      worksheet_set_footer (w.sheets[i], "&L&A&RPage &P of &N");
      worksheet_set_landscape (w.sheets[i]);
      worksheet_set_paper (w.sheets[i], job->paper_a4 ? 9 : 1);
      /* every column on the page, as many pages down as it takes */
      worksheet_fit_to_pages (w.sheets[i], 1, 0);
      if (i != FL_AUDIT_SHEET_SUMMARY)
        worksheet_repeat_rows (w.sheets[i], 0, 0);
    }

  if (sqlite3_exec (handle, "BEGIN;", NULL, NULL, NULL) != SQLITE_OK)
    {
      read_failed (&w, error);
      goto out;
    }
  report (&w, 0.0, "Counting");
  if (!count_rows (&w, error) || !load_usernames (&w, error) ||
      !write_summary (&w, error) || !write_searches (&w, error) || !write_requests (&w, error) ||
      !write_user_activity (&w, error) || !write_disseminations (&w, error) ||
      !write_seal_purge (&w, error) || !write_account_events (&w, error))
    goto out;
  sqlite3_exec (handle, "COMMIT;", NULL, NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  report (&w, ROWS_PHASE, "Compressing the workbook");
  errno = 0;
  status = workbook_close (g_steal_pointer (&workbook));
  if (status != LXW_NO_ERROR)
    {
      close_failed (status, path, errno, error);
      goto out;
    }
  report (&w, 1.0, "Done");
  ok = TRUE;

out:
  sqlite3_close (handle);
  return ok;
}
