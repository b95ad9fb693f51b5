/* fl-audit-export-summary.c: the Summary sheet of the monthly audit
 * workbook: counts per user, purpose and outcome, refusals, and the month's
 * policy exceptions, each as a small table under a title */
#include "fl-audit-export-private.h"

/* ---- Summary ----------------------------------------------------------- */

#define SUMMARY_COLUMNS 7

typedef struct
{
  FlAuditWriter        *w;
  lxw_worksheet *sheet;
  lxw_row_t      row;
  double         widths[SUMMARY_COLUMNS];
  lxw_error      status;
} Summary;

/* A section: a bold title, then a table of what @sql returns, one column
 * per entry of @columns (typed by it); @when_empty fills an empty table. */
static gboolean
summary_section (Summary             *s,
                 const char          *title,
                 const FlXlsxColumn  *columns,
                 guint                n_columns,
                 const char          *sql,
                 const char          *when_empty,
                 GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_audit_writer_prepare (s->w, sql, error);
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
            fl_xlsx_table_when (&t, c, fl_audit_col (stmt, (int) c));
          else
            fl_xlsx_table_text (&t, c, fl_audit_col (stmt, (int) c));
        }
    }
  if (rc != SQLITE_DONE)
    return fl_audit_writer_read_failed (s->w, error);
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

gboolean
fl_audit_write_summary (FlAuditWriter  *w,
                        GError        **error)
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
  worksheet_write_string (s.sheet, 1, 0, FL_AUDIT_CAVEAT, f->bold);
  worksheet_write_string (s.sheet, 2, 0, "Agency and unit", f->bold);
  worksheet_write_string (s.sheet, 2, 1, job->unit_label, NULL);
  worksheet_write_string (s.sheet, 3, 0, "Period", f->bold);
  worksheet_write_string (s.sheet, 3, 1, period, NULL);
  worksheet_write_string (s.sheet, 4, 0, "Generated", f->bold);
  if (fl_xlsx_datetime_from_iso (job->generated_at, &generated, &date_only))
    worksheet_write_datetime (s.sheet, 4, 1, &generated, f->datetime);
  worksheet_write_string (s.sheet, 5, 0, "Generated by", f->bold);
  worksheet_write_string (s.sheet, 5, 1, job->generated_by, NULL);
  worksheet_write_string (s.sheet, 6, 0, FL_AUDIT_LEAD_ONLY, NULL);
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

