/* fl-audit-export-writer.c: the monthly audit workbook as a whole.
 *
 * Everything is read inside one read transaction of a private read-only
 * connection, so the sheets agree with each other even while the unit keeps
 * working, and this can run on a worker thread. Times are shown in the
 * workstation's local time; the month's bounds are local midnights. */
#include <errno.h>

#include "fl-audit-export-private.h"
#include "fl-db.h"

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



gboolean
fl_audit_writer_read_failed (FlAuditWriter  *w,
                             GError        **error)
{
  int code = sqlite3_errcode (w->handle);

  g_set_error (error, FL_ERROR, code == SQLITE_BUSY ? FL_ERROR_BUSY : FL_ERROR_DATABASE,
               "Cannot read the case database for the audit workbook: %s. Try the export again; "
               "if it keeps failing, run “faceleads-cli audit verify” and check the disk.",
               sqlite3_errmsg (w->handle));
  return FALSE;
}

/* Prepares @sql and binds the month's bounds to ?1 and ?2. */
sqlite3_stmt *
fl_audit_writer_prepare (FlAuditWriter  *w,
                         const char     *sql,
                         GError        **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (w->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      fl_audit_writer_read_failed (w, error);
      return NULL;
    }
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    {
      sqlite3_bind_text (stmt, 1, w->job->from_utc, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, w->job->to_utc, -1, SQLITE_STATIC);
    }
  return stmt;
}


static gint64
count_month (FlAuditWriter  *w,
             const char     *sql,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_audit_writer_prepare (w, sql, error);

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      fl_audit_writer_read_failed (w, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

static void
report (FlAuditWriter *w,
        double         fraction,
        const char    *stage)
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
gboolean
fl_audit_writer_tick (FlAuditWriter  *w,
                      const char     *stage,
                      GError        **error)
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
append_json_value (FlAuditWriter *w,
                   GString       *out,
                   JsonNode      *node);

static void
append_json_object (FlAuditWriter *w,
                    GString       *out,
                    JsonObject    *object)
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
append_json_value (FlAuditWriter *w,
                   GString       *out,
                   JsonNode      *node)
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
char *
fl_audit_writer_details (FlAuditWriter *w,
                         const char    *json)
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
const char *
fl_audit_writer_concerning (FlAuditWriter *w,
                            const char    *json)
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


gboolean
fl_audit_writer_table_status (FlXlsxTable  *table,
                              GError      **error)
{
  if (table->status == LXW_NO_ERROR)
    return TRUE;
  g_set_error (error, FL_ERROR, FL_ERROR_FAILED, "Cannot build the audit workbook: %s.",
               lxw_strerror (table->status));
  return FALSE;
}

/* ---- the workbook ------------------------------------------------------ */

static gboolean
count_rows (FlAuditWriter  *w,
            GError        **error)
{
  static const char * const counts[] = {
    "SELECT count (*) FROM searches WHERE started_at >= ?1 AND started_at < ?2;",
    "SELECT count (*) FROM requests WHERE created_at >= ?1 AND created_at < ?2;",
    "SELECT count (*) FROM audit WHERE ts >= ?1 AND ts < ?2;",
    "SELECT count (*) FROM disseminations WHERE released_at >= ?1 AND released_at < ?2;",
    "SELECT count (*) FROM (" FL_AUDIT_SEAL_PURGE_SQL ");",
    "SELECT count (*) FROM audit a" FL_AUDIT_ACCOUNT_EVENTS_WHERE ";",
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
load_usernames (FlAuditWriter  *w,
                GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_audit_writer_prepare (w, "SELECT id, username FROM users;", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);
      *id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (w->usernames, id, g_strdup (fl_audit_col (stmt, 1)));
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
  FlAuditWriter w = { .job = job, .cancellable = cancellable, .parser = parser, .usernames = usernames };
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
  subject = g_strdup_printf ("Monthly audit, %s. %s", job->month_label, FL_AUDIT_CAVEAT);
  properties.title = (char *) "FaceLeads monthly audit";
  properties.subject = subject;
  properties.author = job->generated_by;
  properties.company = job->unit_label;
  properties.comments = (char *) FL_AUDIT_LEAD_ONLY;
  workbook_set_properties (workbook, &properties);

  fl_xlsx_formats_init (&w.formats, workbook);
  for (int i = 0; i < FL_AUDIT_N_SHEETS; i++)
    {
      w.sheets[i] = workbook_add_worksheet (workbook, sheet_names[i]);
      /* the handling caveat on every printed page (R24) */
      worksheet_set_header (w.sheets[i], "&C" FL_AUDIT_CAVEAT);
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
      fl_audit_writer_read_failed (&w, error);
      goto out;
    }
  report (&w, 0.0, "Counting");
  if (!count_rows (&w, error) || !load_usernames (&w, error) ||
      !fl_audit_write_summary (&w, error) || !fl_audit_write_searches (&w, error) || !fl_audit_write_requests (&w, error) ||
      !fl_audit_write_user_activity (&w, error) || !fl_audit_write_disseminations (&w, error) ||
      !fl_audit_write_seal_purge (&w, error) || !fl_audit_write_account_events (&w, error))
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
