/* fl-audit-export-sheets.c: the six record sheets of the monthly audit
 * workbook, one table each (the Summary: fl-audit-export-summary.c) */
#include "fl-audit-export-private.h"

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

static const char *
yes_no (sqlite3_stmt *stmt,
        int           i)
{
  return sqlite3_column_int (stmt, i) ? "Yes" : "No";
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

gboolean
fl_audit_write_searches (FlAuditWriter  *w,
                         GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FlXlsxTable t;
  int rc;

  stmt = fl_audit_writer_prepare (w,
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
      const char *conclusion = fl_audit_col (stmt, 13);

      fl_xlsx_table_next_row (&t);
      fl_xlsx_table_when (&t, 0, fl_audit_col (stmt, 0));
      fl_xlsx_table_number (&t, 1, (double) sqlite3_column_int64 (stmt, 1));
      for (int i = 2; i <= 9; i++)
        fl_xlsx_table_text (&t, (guint) i, fl_audit_col (stmt, i));
      fl_xlsx_table_number (&t, 10, (double) sqlite3_column_int64 (stmt, 10));
      fl_xlsx_table_number (&t, 11, (double) candidates);
      fl_xlsx_table_text (&t, 12, candidates > 0 ? "Yes" : "No");
      fl_xlsx_table_text (&t, 13, fl_audit_col (stmt, 12));
      fl_xlsx_table_text (&t, 14, conclusion ? conclusion : candidates > 0 ? "not concluded" : "no candidates");
      fl_xlsx_table_text (&t, 15, fl_audit_col (stmt, 14));
      fl_xlsx_table_text (&t, 16, fl_audit_col (stmt, 15));
      if (!fl_audit_writer_tick (w, "Searches", error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return fl_audit_writer_read_failed (w, error);
  w->job->rows[FL_AUDIT_SHEET_SEARCHES] = fl_xlsx_table_end (&t, TRUE);
  return fl_audit_writer_table_status (&t, error);
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

gboolean
fl_audit_write_requests (FlAuditWriter  *w,
                         GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FlXlsxTable t;
  int rc;

  stmt = fl_audit_writer_prepare (w,
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
      fl_xlsx_table_when (&t, 0, fl_audit_col (stmt, 0));
      fl_xlsx_table_number (&t, 1, (double) sqlite3_column_int64 (stmt, 1));
      for (int i = 2; i <= 8; i++)
        fl_xlsx_table_text (&t, (guint) i, fl_audit_col (stmt, i));
      fl_xlsx_table_number (&t, 9, (double) sqlite3_column_int64 (stmt, 9));
      for (int i = 10; i <= 13; i++)
        fl_xlsx_table_text (&t, (guint) i, fl_audit_col (stmt, i));
      fl_xlsx_table_when (&t, 14, fl_audit_col (stmt, 14));
      fl_xlsx_table_text (&t, 15, fl_audit_col (stmt, 15));
      if (!fl_audit_writer_tick (w, "Requests", error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return fl_audit_writer_read_failed (w, error);
  w->job->rows[FL_AUDIT_SHEET_REQUESTS] = fl_xlsx_table_end (&t, TRUE);
  return fl_audit_writer_table_status (&t, error);
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

gboolean
fl_audit_write_user_activity (FlAuditWriter  *w,
                              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FlXlsxTable t;
  int rc;

  stmt = fl_audit_writer_prepare (w,
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
      g_autofree char *details = fl_audit_writer_details (w, fl_audit_col (stmt, 8));

      fl_xlsx_table_next_row (&t);
      fl_xlsx_table_when (&t, 0, fl_audit_col (stmt, 0));
      fl_xlsx_table_number (&t, 1, (double) sqlite3_column_int64 (stmt, 1));
      fl_xlsx_table_text (&t, 2, fl_audit_col (stmt, 2));
      fl_xlsx_table_text (&t, 3, fl_audit_col (stmt, 3));
      fl_xlsx_table_text (&t, 4, fl_audit_col (stmt, 4));
      fl_xlsx_table_text (&t, 5, fl_audit_col (stmt, 5));
      fl_xlsx_table_text (&t, 6, fl_audit_col (stmt, 6));
      fl_xlsx_table_text (&t, 7, fl_audit_col (stmt, 7));
      fl_xlsx_table_text (&t, 8, details);
      if (!fl_audit_writer_tick (w, "User activity", error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return fl_audit_writer_read_failed (w, error);
  w->job->rows[FL_AUDIT_SHEET_USER_ACTIVITY] = fl_xlsx_table_end (&t, TRUE);
  return fl_audit_writer_table_status (&t, error);
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

gboolean
fl_audit_write_disseminations (FlAuditWriter  *w,
                               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FlXlsxTable t;
  int rc;

  stmt = fl_audit_writer_prepare (w,
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
      fl_xlsx_table_when (&t, 0, fl_audit_col (stmt, 0));
      fl_xlsx_table_number (&t, 1, (double) sqlite3_column_int64 (stmt, 1));
      for (int i = 2; i <= 8; i++)
        fl_xlsx_table_text (&t, (guint) i, fl_audit_col (stmt, i));
      fl_xlsx_table_text (&t, 9, yes_no (stmt, 9));
      fl_xlsx_table_text (&t, 10, fl_audit_col (stmt, 10));
      fl_xlsx_table_text (&t, 11, fl_audit_col (stmt, 11));
      if (!fl_audit_writer_tick (w, "Disseminations", error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return fl_audit_writer_read_failed (w, error);
  w->job->rows[FL_AUDIT_SHEET_DISSEMINATIONS] = fl_xlsx_table_end (&t, TRUE);
  return fl_audit_writer_table_status (&t, error);
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


gboolean
fl_audit_write_seal_purge (FlAuditWriter  *w,
                           GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FlXlsxTable t;
  int rc;

  stmt = fl_audit_writer_prepare (w, FL_AUDIT_SEAL_PURGE_SQL " ORDER BY 1, 3;", error);
  if (stmt == NULL)
    return FALSE;

  fl_xlsx_table_begin (&t, w->sheets[FL_AUDIT_SHEET_SEAL_PURGE], &w->formats,
                       seal_columns, G_N_ELEMENTS (seal_columns), 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *purged = fl_audit_writer_details (w, fl_audit_col (stmt, 7));

      fl_xlsx_table_next_row (&t);
      fl_xlsx_table_when (&t, 0, fl_audit_col (stmt, 0));
      fl_xlsx_table_text (&t, 1, fl_audit_col (stmt, 1));
      fl_xlsx_table_number (&t, 2, (double) sqlite3_column_int64 (stmt, 2));
      fl_xlsx_table_text (&t, 3, fl_audit_col (stmt, 3));
      fl_xlsx_table_text (&t, 4, fl_audit_col (stmt, 4));
      fl_xlsx_table_when (&t, 5, fl_audit_col (stmt, 5));
      fl_xlsx_table_text (&t, 6, fl_audit_col (stmt, 6));
      fl_xlsx_table_text (&t, 7, purged);
      if (!fl_audit_writer_tick (w, "Seal and purge", error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return fl_audit_writer_read_failed (w, error);
  w->job->rows[FL_AUDIT_SHEET_SEAL_PURGE] = fl_xlsx_table_end (&t, TRUE);
  return fl_audit_writer_table_status (&t, error);
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


gboolean
fl_audit_write_account_events (FlAuditWriter  *w,
                               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FlXlsxTable t;
  int rc;

  stmt = fl_audit_writer_prepare (w,
    "SELECT a.ts, a.id, a.username, u.full_name, a.action, a.outcome, a.details"
    " FROM audit a LEFT JOIN users u ON u.id = a.user_id"
    FL_AUDIT_ACCOUNT_EVENTS_WHERE
    " ORDER BY a.id;", error);
  if (stmt == NULL)
    return FALSE;

  fl_xlsx_table_begin (&t, w->sheets[FL_AUDIT_SHEET_ACCOUNT_EVENTS], &w->formats,
                       account_columns, G_N_ELEMENTS (account_columns), 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *action = fl_audit_col (stmt, 4);
      const char *label = action;
      g_autofree char *details = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (account_events); i++)
        if (g_strcmp0 (account_events[i].action, action) == 0)
          label = account_events[i].label;

      fl_xlsx_table_next_row (&t);
      fl_xlsx_table_when (&t, 0, fl_audit_col (stmt, 0));
      fl_xlsx_table_number (&t, 1, (double) sqlite3_column_int64 (stmt, 1));
      fl_xlsx_table_text (&t, 2, fl_audit_col (stmt, 2));
      fl_xlsx_table_text (&t, 3, fl_audit_col (stmt, 3));
      fl_xlsx_table_text (&t, 4, label);
      fl_xlsx_table_text (&t, 5, fl_audit_col (stmt, 5));
      fl_xlsx_table_text (&t, 6, fl_audit_writer_concerning (w, fl_audit_col (stmt, 6)));
      details = fl_audit_writer_details (w, fl_audit_col (stmt, 6));
      fl_xlsx_table_text (&t, 7, details);
      if (!fl_audit_writer_tick (w, "Account events", error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return fl_audit_writer_read_failed (w, error);
  w->job->rows[FL_AUDIT_SHEET_ACCOUNT_EVENTS] = fl_xlsx_table_end (&t, TRUE);
  return fl_audit_writer_table_status (&t, error);
}

