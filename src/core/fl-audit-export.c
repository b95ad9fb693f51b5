/* fl-audit-export.c: who may export, the temporary file and its rename, the
 * audit row, and the GTask wrapper. The workbook itself: fl-audit-export-sheets.c */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fl-audit-export-private.h"
#include "fl-audit.h"
#include "fl-settings.h"

#define ACTION "audit.export"

gboolean
fl_audit_parse_month (const char  *text,
                      int         *year,
                      int         *month,
                      GError     **error)
{
  int y = 0, m = 0;
  char tail = 0;

  if (text == NULL || strlen (text) != 7 || text[4] != '-' ||
      sscanf (text, "%4d-%2d%c", &y, &m, &tail) != 2 || y < 2000 || m < 1 || m > 12)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "“%s” is not a month: write it as YYYY-MM, e.g. 2026-11.", text ? text : "");
      return FALSE;
    }
  *year = y;
  *month = m;
  return TRUE;
}

static char *
stored_form (GDateTime *local)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (local);

  /* the same form fl_now_iso8601() stores, so text comparison orders them */
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000000Z");
}

/* Everything the writer needs, read here on the caller's thread. */
static FlAuditExportJob *
job_new (FlSession  *admin,
         int         year,
         int         month,
         GError    **error)
{
  FlDb *db = fl_session_get_db (admin);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *agency = NULL;
  g_autofree char *unit = NULL;
  FlAuditExportJob *job;

  if (year < 2000 || year > 9998 || month < 1 || month > 12)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "%04d-%02d is not a month FaceLeads can export: give a year from 2000 and a month 1–12.",
                   year, month);
      return NULL;
    }
  start = g_date_time_new_local (year, month, 1, 0, 0, 0);
  end = g_date_time_add_months (start, 1);

  job = g_new0 (FlAuditExportJob, 1);
  job->db_path = g_strdup (fl_db_get_path (db));
  job->year = year;
  job->month = month;
  job->from_utc = stored_form (start);
  job->to_utc = stored_form (end);
  job->month_label = g_date_time_format (start, "%B %Y (%Y-%m)");
  job->zone_label = g_date_time_format (start, "UTC%:z");
  agency = fl_settings_get (db, FL_SETTING_AGENCY_NAME);
  unit = fl_settings_get (db, FL_SETTING_UNIT_NAME);
  job->unit_label = g_strdup_printf ("%s — %s", agency ? agency : "", unit ? unit : "");
  job->generated_by = g_strdup_printf ("%s (%s)", fl_session_get_full_name (admin),
                                       fl_session_get_username (admin));
  job->generated_at = fl_now_iso8601 ();
  {
    g_autofree char *paper = fl_settings_get (db, FL_SETTING_PAPER_SIZE);
    job->paper_a4 = g_strcmp0 (paper, "a4") == 0;
  }
  return job;
}

/* A hidden file beside @out_path: the same disk, so the final rename is atomic. */
static char *
make_temp_beside (const char  *out_path,
                  GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (out_path);
  g_autofree char *base = g_path_get_basename (out_path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX.part", base);
  char *tmp = g_build_filename (dir, name, NULL);
  int fd;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_IO,
                   "Cannot write %s: the folder %s does not exist. Choose an existing folder.",
                   out_path, dir);
      g_free (tmp);
      return NULL;
    }
  fd = g_mkstemp (tmp);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, FL_ERROR, FL_ERROR_IO,
                   saved == ENOSPC
                   ? "Cannot write the audit workbook: the disk holding %s is full (%s). Free some space and export again."
                   : "Cannot write the audit workbook in %s: %s. Choose a folder you may write to.",
                   dir, g_strerror (saved));
      g_free (tmp);
      return NULL;
    }
  close (fd);
  return tmp;
}

static char *
export_details (FlAuditExportJob *job,
                const char       *out_path,
                const char       *problem)
{
  g_autofree char *month = g_strdup_printf ("%04d-%02d", job->year, job->month);
  g_autofree char *file = g_path_get_basename (out_path);
  char counts[FL_AUDIT_N_SHEETS][24];

  for (int i = 0; i < FL_AUDIT_N_SHEETS; i++)
    g_snprintf (counts[i], sizeof counts[i], "%" G_GINT64_FORMAT, job->rows[i]);
  if (problem != NULL)
    return fl_audit_details ("month", month, "file", file, "problem", problem, NULL);
  return fl_audit_details ("month", month, "file", file,
                           "searches", counts[FL_AUDIT_SHEET_SEARCHES],
                           "requests", counts[FL_AUDIT_SHEET_REQUESTS],
                           "user_activity", counts[FL_AUDIT_SHEET_USER_ACTIVITY],
                           "disseminations", counts[FL_AUDIT_SHEET_DISSEMINATIONS],
                           "seal_purge", counts[FL_AUDIT_SHEET_SEAL_PURGE],
                           "account_events", counts[FL_AUDIT_SHEET_ACCOUNT_EVENTS],
                           NULL);
}

/* After the workbook was written (or not): the audit row, then the rename;
 * on any failure the temporary file goes and nothing is left at @out_path. */
static gboolean
complete_export (FlSession         *admin,
                 FlAuditExportJob  *job,
                 const char        *tmp_path,
                 const char        *out_path,
                 GError            *write_error,
                 GError           **error)
{
  g_autofree char *details = NULL;

  if (write_error != NULL)
    {
      gboolean cancelled = g_error_matches (write_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                           g_error_matches (write_error, FL_ERROR, FL_ERROR_CANCELLED);

      g_unlink (tmp_path);
      details = export_details (job, out_path, cancelled ? "cancelled" : write_error->message);
      fl_session_audit (admin, ACTION, 0, cancelled ? "cancelled" : "failed", details, NULL);
      if (cancelled)
        g_set_error_literal (error, FL_ERROR, FL_ERROR_CANCELLED,
                             "The audit export was cancelled. Nothing was saved.");
      else
        g_propagate_error (error, write_error);
      if (cancelled)
        g_error_free (write_error);
      return FALSE;
    }

  details = export_details (job, out_path, NULL);
  if (!fl_session_audit (admin, ACTION, 0, "success", details, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }
  if (g_rename (tmp_path, out_path) != 0)
    {
      int saved = errno;
      g_autofree char *failed = NULL;

      g_unlink (tmp_path);
      g_set_error (error, FL_ERROR, FL_ERROR_IO, "Cannot save the audit workbook as %s: %s. "
                   "Check the folder and export again.", out_path, g_strerror (saved));
      failed = export_details (job, out_path, (*error)->message);
      fl_session_audit (admin, ACTION, 0, "failed", failed, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
fl_audit_export_month (FlSession       *admin,
                       int              year,
                       int              month,
                       const char      *out_path,
                       FlProgressFunc   progress,
                       gpointer         user_data,
                       GCancellable    *cancellable,
                       GError         **error)
{
  FlAuditExportJob *job;
  g_autofree char *tmp = NULL;
  GError *write_error = NULL;
  gboolean ok;

  g_return_val_if_fail (FL_IS_SESSION (admin), FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  if (!fl_session_require (admin, FL_ROLE_ADMIN, FALSE, ACTION, error))
    return FALSE;
  job = job_new (admin, year, month, error);
  if (job == NULL)
    return FALSE;
  tmp = make_temp_beside (out_path, error);
  if (tmp == NULL)
    {
      fl_audit_export_job_free (job);
      return FALSE;
    }
  job->progress = progress;
  job->progress_data = user_data;

  fl_audit_export_write (job, tmp, cancellable, &write_error);
  ok = complete_export (admin, job, tmp, out_path, write_error, error);
  fl_audit_export_job_free (job);
  return ok;
}

/* ---- async ------------------------------------------------------------- */

typedef struct
{
  FlSession        *admin;
  FlAuditExportJob *job;
  char             *out_path;
  char             *tmp_path;
  GMainContext     *context;
  FlProgressFunc    progress;
  gpointer          progress_data;
  GDestroyNotify    progress_destroy;
  gboolean          finished;   /* no progress is delivered after the result */
} AsyncExport;

typedef struct
{
  AsyncExport *export;
  double       fraction;
  char        *stage;
} ProgressMessage;

static void
async_export_clear (AsyncExport *self)
{
  g_clear_object (&self->admin);
  g_clear_pointer (&self->job, fl_audit_export_job_free);
  g_free (self->out_path);
  g_free (self->tmp_path);
  g_clear_pointer (&self->context, g_main_context_unref);
  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
}

static void
async_export_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) async_export_clear);
}

static gboolean
deliver_progress (gpointer data)
{
  ProgressMessage *msg = data;

  if (!msg->export->finished && msg->export->progress != NULL)
    msg->export->progress (msg->fraction, msg->stage, msg->export->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_message_free (gpointer data)
{
  ProgressMessage *msg = data;

  async_export_unref (msg->export);
  g_free (msg->stage);
  g_free (msg);
}

/* Runs on the worker thread: hands the figure to the caller's main context. */
static void
marshal_progress (double      fraction,
                  const char *stage,
                  gpointer    user_data)
{
  AsyncExport *export = user_data;
  ProgressMessage *msg = g_new0 (ProgressMessage, 1);
  GSource *source = g_idle_source_new ();

  /* always a source, never g_main_context_invoke(): that would run the
   * callback right here whenever this thread can acquire the context */
  msg->export = g_atomic_rc_box_acquire (export);
  msg->fraction = fraction;
  msg->stage = g_strdup (stage);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_progress, msg, progress_message_free);
  g_source_set_static_name (source, "[faceleads] audit export progress");
  g_source_attach (source, export->context);
  g_source_unref (source);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AsyncExport *export = task_data;
  GError *error = NULL;

  if (fl_audit_export_write (export->job, export->tmp_path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  AsyncExport *export = g_task_get_task_data (G_TASK (result));
  GError *write_error = NULL;
  GError *error = NULL;

  g_task_propagate_boolean (G_TASK (result), &write_error);
  export->finished = TRUE;
  if (complete_export (export->admin, export->job, export->tmp_path, export->out_path, write_error, &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
}

void
fl_audit_export_month_async (FlSession           *admin,
                             int                  year,
                             int                  month,
                             const char          *out_path,
                             FlProgressFunc       progress,
                             gpointer             progress_data,
                             GDestroyNotify       progress_destroy,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  GError *error = NULL;
  AsyncExport *export;

  g_return_if_fail (FL_IS_SESSION (admin));
  g_return_if_fail (out_path != NULL);

  outer = g_task_new (admin, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fl_audit_export_month_async);
  /* complete_export() turns a cancellation into its own message */
  g_task_set_check_cancellable (outer, FALSE);

  export = g_atomic_rc_box_new0 (AsyncExport);
  export->progress = progress;
  export->progress_data = progress_data;
  export->progress_destroy = progress_destroy;
  export->admin = g_object_ref (admin);
  export->out_path = g_strdup (out_path);
  export->context = g_main_context_ref_thread_default ();

  if (!fl_session_require (admin, FL_ROLE_ADMIN, FALSE, ACTION, &error) ||
      (export->job = job_new (admin, year, month, &error)) == NULL ||
      (export->tmp_path = make_temp_beside (out_path, &error)) == NULL)
    {
      async_export_unref (export);
      g_task_return_error (outer, error);
      return;
    }
  export->job->progress = marshal_progress;
  export->job->progress_data = export;

  inner = g_task_new (NULL, cancellable, export_written_cb, g_object_ref (outer));
  g_task_set_source_tag (inner, fl_audit_export_month_async);
  g_task_set_task_data (inner, export, async_export_unref);
  g_task_run_in_thread (inner, export_thread);
}

gboolean
fl_audit_export_month_finish (FlSession     *admin,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, admin), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
