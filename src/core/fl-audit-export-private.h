/* fl-audit-export-private.h: the export job (plain data, so the workbook
 * can be written on a worker thread) and the writer shared by the sheets */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "fl-audit-export.h"
#include "fl-xlsx-table.h"

G_BEGIN_DECLS

typedef struct
{
  char            *db_path;
  int              year;
  int              month;
  char            *from_utc;      /* the month's bounds in stored form (ISO 8601 UTC) */
  char            *to_utc;
  char            *month_label;   /* "November 2026" */
  char            *unit_label;    /* agency and unit */
  char            *generated_by;  /* "Alex Admin (admin)" */
  char            *generated_at;  /* ISO 8601 UTC */
  char            *zone_label;    /* "UTC-05:00" */
  gboolean         paper_a4;      /* else Letter */
  FlProgressFunc   progress;
  gpointer         progress_data;
  /* results */
  gint64           rows[FL_AUDIT_N_SHEETS];
  /* progress bookkeeping */
  gint64           done;
  gint64           total;
  double           reported;
} FlAuditExportJob;

void     fl_audit_export_job_free (FlAuditExportJob *job);

/* Reads the month over a private read-only connection (one snapshot for all
 * sheets) and writes the workbook to @path. */
gboolean fl_audit_export_write    (FlAuditExportJob *job,
                                   const char       *path,
                                   GCancellable     *cancellable,
                                   GError          **error);

/* ---- the workbook writer (fl-audit-export-writer.c), shared by the sheets */

#define FL_AUDIT_CAVEAT "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE"
#define FL_AUDIT_LEAD_ONLY \
  "Search results are investigative leads only: never a positive identification, never probable cause to arrest."

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
} FlAuditWriter;

static inline const char *
fl_audit_col (sqlite3_stmt *stmt,
              int           i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

gboolean      fl_audit_writer_read_failed  (FlAuditWriter  *w,
                                            GError        **error);
/* Prepares @sql and binds the month's bounds to ?1 and ?2 when it has them. */
sqlite3_stmt *fl_audit_writer_prepare      (FlAuditWriter  *w,
                                            const char     *sql,
                                            GError        **error);
/* One more row read: checks for cancellation and moves the progress bar. */
gboolean      fl_audit_writer_tick         (FlAuditWriter  *w,
                                            const char     *stage,
                                            GError        **error);
/* {"reason":"wrong password","user_id":"5"} → "reason: wrong password; user id: 5" */
char         *fl_audit_writer_details      (FlAuditWriter  *w,
                                            const char     *json);
/* The account an administrator's action was about, from its details. */
const char   *fl_audit_writer_concerning   (FlAuditWriter  *w,
                                            const char     *json);
gboolean      fl_audit_writer_table_status (FlXlsxTable    *table,
                                            GError        **error);

/* The sheets (fl-audit-export-sheets.c, fl-audit-export-summary.c) */
gboolean fl_audit_write_summary        (FlAuditWriter *w, GError **error);
gboolean fl_audit_write_searches       (FlAuditWriter *w, GError **error);
gboolean fl_audit_write_requests       (FlAuditWriter *w, GError **error);
gboolean fl_audit_write_user_activity  (FlAuditWriter *w, GError **error);
gboolean fl_audit_write_disseminations (FlAuditWriter *w, GError **error);
gboolean fl_audit_write_seal_purge     (FlAuditWriter *w, GError **error);
gboolean fl_audit_write_account_events (FlAuditWriter *w, GError **error);

/* Shared by the Seal and purge sheet and the row count before it. */
#define FL_AUDIT_SEAL_PURGE_SQL \
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

/* Shared by the Account events sheet and the row count before it. */
#define FL_AUDIT_ACCOUNT_EVENTS_WHERE \
  " WHERE a.ts >= ?1 AND a.ts < ?2 AND (a.action IN ('login', 'logout', 'account.lockout', 'screen.unlock')" \
  "  OR a.action LIKE 'user.%')"

G_END_DECLS
