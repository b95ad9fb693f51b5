/* fl-audit-export-private.h: what the workbook writer needs; everything
 * here is plain data so the writer can run on a worker thread */
#pragma once

#include "fl-audit-export.h"

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

G_END_DECLS
