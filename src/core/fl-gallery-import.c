/* fl-gallery-import.c: importing a gallery from a folder and a CSV manifest
 *
 * The calling thread reads the manifest and is the only writer; a pool of
 * matcher threads (one per core) reads, hashes and analyses the photos.
 * Results are written in manifest order, a batch of items per transaction,
 * each item together with its import_items row, so a process killed at any
 * moment loses at most the open batch, and running the same import again
 * skips every line already recorded.
 */
#include <string.h>

#include "fl-audit.h"
#include "fl-gallery-private.h"
#include "fl-store.h"

#define DEFAULT_BATCH     50
#define FLUSH_INTERVAL_US (G_USEC_PER_SEC)   /* a slow batch is committed after a second */
#define FIELD_MAX_CHARS   200
#define PATH_MAX_CHARS    4096

/* ------------------------------------------------------------------------- */
/* CSV (RFC 4180)                                                            */

typedef struct
{
  guint      line;     /* where the record starts */
  GPtrArray *fields;   /* of char* */
  char      *error;    /* a syntax problem of this record, or NULL */
} CsvRecord;

static void
csv_record_free (CsvRecord *r)
{
  g_ptr_array_unref (r->fields);
  g_free (r->error);
  g_free (r);
}

static GPtrArray *
csv_parse (const char *text,
           gsize       len)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) csv_record_free);
  GString *field = g_string_new (NULL);
  CsvRecord *rec = NULL;
  guint line = 1;
  gsize i = 0;
  gboolean quoted = FALSE, after_quote = FALSE, field_was_quoted = FALSE;

  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    i = 3;

  for (; i <= len; i++)
    {
      char c = i < len ? text[i] : '\n';
      gboolean at_end = i == len;

      if (rec == NULL)
        {
          if (at_end)
            break;
          rec = g_new0 (CsvRecord, 1);
          rec->line = line;
          rec->fields = g_ptr_array_new_with_free_func (g_free);
        }

      if (quoted)
        {
          if (at_end)
            {
              rec->error = g_strdup ("a quoted field is not closed: add the closing double quote");
              quoted = FALSE;
              c = '\n';
            }
          else if (c == '"')
            {
              if (i + 1 < len && text[i + 1] == '"')
                {
                  g_string_append_c (field, '"');
                  i++;
                }
              else
                {
                  quoted = FALSE;
                  after_quote = TRUE;
                }
              continue;
            }
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (field, c);
              continue;
            }
        }

      if (c == ',' || c == '\n' || (c == '\r' && (i + 1 >= len || text[i + 1] == '\n')))
        {
          if (c == '\r')
            continue;
          g_ptr_array_add (rec->fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          after_quote = FALSE;
          if (c == '\n')
            {
              gboolean blank = rec->fields->len == 1 &&
                               *(char *) g_ptr_array_index (rec->fields, 0) == '\0' && !field_was_quoted;
              if (!at_end)
                line++;
              if (blank && rec->error == NULL)
                csv_record_free (rec);
              else
                g_ptr_array_add (records, rec);
              rec = NULL;
            }
          field_was_quoted = FALSE;
          continue;
        }
      if (after_quote)
        {
          if (rec->error == NULL)
            rec->error = g_strdup ("text follows a closing double quote: write a quote inside a quoted field as \"\"");
          g_string_append_c (field, c);
          continue;
        }
      if (c == '"' && field->len == 0)
        {
          quoted = TRUE;
          field_was_quoted = TRUE;
          continue;
        }
      g_string_append_c (field, c);
    }
  g_string_free (field, TRUE);
  return records;
}

/* ------------------------------------------------------------------------- */
/* Manifest columns                                                          */

typedef enum
{
  COL_SUBJECT_ID, COL_NAME, COL_DATE_OF_BIRTH, COL_SEX, COL_RACE, COL_CDL, COL_MAIN_NUMBER, COL_SID,
  COL_BOOKING_NUMBER, COL_BOOKED_ON, COL_CAPTURE_DATE, COL_IMAGE, N_COLS
} Column;

static const char * const column_names[N_COLS + 1] = {
  "subject_id", "name", "date_of_birth", "sex", "race", "cdl", "main_number", "sid",
  "booking_number", "booked_on", "capture_date", "image", NULL
};

typedef struct
{
  int   index[N_COLS];  /* field index of each column, -1 when absent */
  guint n_fields;
} Header;

static gboolean
parse_header (CsvRecord  *rec,
              Header     *h,
              GError    **error)
{
  g_autofree char *known = g_strjoinv (", ", (char **) column_names);

  for (int c = 0; c < N_COLS; c++)
    h->index[c] = -1;
  h->n_fields = rec ? rec->fields->len : 0;
  if (rec == NULL || rec->error != NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The manifest has no readable header row%s%s. Its first line must name the columns, e.g. "
                   "subject_id,name,date_of_birth,booking_number,capture_date,image.",
                   rec ? ": " : "", rec ? rec->error : "");
      return FALSE;
    }
  for (guint i = 0; i < rec->fields->len; i++)
    {
      g_autofree char *name = g_ascii_strdown (g_strstrip ((char *) g_ptr_array_index (rec->fields, i)), -1);
      int found = -1;

      if (*name == '\0')
        continue;   /* an unnamed column (e.g. a spreadsheet's trailing comma) is ignored */
      for (int c = 0; c < N_COLS; c++)
        if (g_str_equal (name, column_names[c]))
          found = c;
      if (found < 0)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "The manifest's header names an unknown column “%s” (column %u). The columns are: %s.",
                       name, i + 1, known);
          return FALSE;
        }
      if (h->index[found] >= 0)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "The manifest's header names the column “%s” twice: keep one.", name);
          return FALSE;
        }
      h->index[found] = (int) i;
    }
  if (h->index[COL_SUBJECT_ID] < 0 || h->index[COL_IMAGE] < 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The manifest's header must have the columns subject_id and image (the photo's file, relative "
                   "to the manifest's folder). The columns are: %s.", known);
      return FALSE;
    }
  return TRUE;
}

static char *
field_value (CsvRecord    *rec,
             const Header *h,
             Column        col)
{
  g_autofree char *v = NULL;

  if (h->index[col] < 0)
    return NULL;
  v = g_strstrip (g_strdup (g_ptr_array_index (rec->fields, h->index[col])));
  return *v ? g_steal_pointer (&v) : NULL;
}

/* Builds the item of a data line; a malformed line becomes a bad_row item. */
static FlEnrollItem *
item_from_record (CsvRecord    *rec,
                  const Header *h,
                  const char   *base_dir)
{
  FlEnrollItem *item = fl_enroll_item_new ();
  char *values[N_COLS] = { NULL };
  char *problem = NULL;

  item->line = rec->line;
  item->status = FL_IMPORT_ENROLLED;
  if (h->index[COL_IMAGE] < (int) rec->fields->len)
    item->source_file = g_strdup (g_ptr_array_index (rec->fields, h->index[COL_IMAGE]));
  else
    item->source_file = g_strdup ("");

  if (rec->error != NULL)
    problem = g_strdup_printf ("The line cannot be read: %s.", rec->error);
  else if (rec->fields->len != h->n_fields)
    problem = g_strdup_printf ("The line has %u fields but the header has %u. Put double quotes around values "
                               "that contain commas.", rec->fields->len, h->n_fields);

  for (int c = 0; problem == NULL && c < N_COLS; c++)
    {
      values[c] = field_value (rec, h, c);
      if (values[c] == NULL)
        continue;
      if (!g_utf8_validate (values[c], -1, NULL))
        problem = g_strdup_printf ("The %s is not UTF-8 text: save the manifest as UTF-8.", column_names[c]);
      else if (g_utf8_strlen (values[c], -1) > (c == COL_IMAGE ? PATH_MAX_CHARS : FIELD_MAX_CHARS))
        problem = g_strdup_printf ("The %s is longer than %d characters.", column_names[c],
                                   c == COL_IMAGE ? PATH_MAX_CHARS : FIELD_MAX_CHARS);
      else if ((c == COL_DATE_OF_BIRTH || c == COL_BOOKED_ON || c == COL_CAPTURE_DATE) &&
               !fl_date_is_valid (values[c]))
        problem = g_strdup_printf ("The %s “%s” is not a date: write it as YYYY-MM-DD.", column_names[c],
                                   values[c]);
    }
  if (problem == NULL && values[COL_SUBJECT_ID] == NULL)
    problem = g_strdup ("The subject_id is empty: give the person's record id in the source system.");
  if (problem == NULL && values[COL_IMAGE] == NULL)
    problem = g_strdup ("The image is empty: give the photo's file, relative to the manifest's folder.");
  if (problem == NULL && values[COL_BOOKED_ON] != NULL && values[COL_BOOKING_NUMBER] == NULL)
    problem = g_strdup ("The line has a booked_on date but no booking_number: give both or neither.");

  if (problem != NULL)
    {
      item->status = FL_IMPORT_BAD_ROW;
      item->message = problem;
      for (int c = 0; c < N_COLS; c++)
        g_free (values[c]);
      return item;
    }

  item->external_id = values[COL_SUBJECT_ID];
  item->name = values[COL_NAME];
  item->date_of_birth = values[COL_DATE_OF_BIRTH];
  item->sex = values[COL_SEX];
  item->race = values[COL_RACE];
  item->cdl = values[COL_CDL];
  item->main_number = values[COL_MAIN_NUMBER];
  item->sid = values[COL_SID];
  item->booking_number = values[COL_BOOKING_NUMBER];
  item->booked_on = values[COL_BOOKED_ON];
  item->capture_date = values[COL_CAPTURE_DATE];
  item->path = g_path_is_absolute (values[COL_IMAGE]) ? g_strdup (values[COL_IMAGE])
                                                       : g_build_filename (base_dir, values[COL_IMAGE], NULL);
  g_free (values[COL_IMAGE]);
  return item;
}

/* ------------------------------------------------------------------------- */
/* Reports                                                                   */

void
fl_import_report_free (FlImportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->gallery_name);
  g_free (report->manifest_hash);
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

static void
problem_free (FlImportProblem *p)
{
  g_free (p->file);
  g_free (p->message);
  g_free (p);
}

static gboolean
status_from_string (const char     *text,
                    FlImportStatus *out)
{
  for (guint s = 0; s < FL_IMPORT_N_STATUS; s++)
    if (g_strcmp0 (text, fl_import_status_to_string (s)) == 0)
      {
        *out = s;
        return TRUE;
      }
  return FALSE;
}

FlImportReport *
fl_gallery_import_get_report (FlDb     *db,
                              gint64    import_id,
                              GError  **error)
{
  g_autoptr(FlImportReport) report = g_new0 (FlImportReport, 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint recorded = 0;

  stmt = fl_db_prepare (db, "SELECT i.gallery_id, g.name, i.manifest_hash, i.total_lines FROM imports i"
                            " JOIN galleries g ON g.id = i.gallery_id WHERE i.id = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, import_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no gallery import %" G_GINT64_FORMAT ".",
                   import_id);
      return NULL;
    }
  report->import_id = import_id;
  report->gallery_id = sqlite3_column_int64 (stmt, 0);
  report->gallery_name = fl_db_column_dup (stmt, 1);
  report->manifest_hash = fl_db_column_dup (stmt, 2);
  report->total = (guint) sqlite3_column_int (stmt, 3);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = fl_db_prepare (db, "SELECT status, count(*) FROM import_items WHERE import_id = ? GROUP BY status;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, import_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      FlImportStatus s;
      if (status_from_string ((const char *) sqlite3_column_text (stmt, 0), &s))
        report->counts[s] = (guint) sqlite3_column_int (stmt, 1);
      recorded += (guint) sqlite3_column_int (stmt, 1);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  report->complete = recorded >= report->total;

  stmt = fl_db_prepare (db, "SELECT line, file, status, message FROM import_items"
                            " WHERE import_id = ? AND status <> 'enrolled' ORDER BY line;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, import_id);
  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      FlImportProblem *p = g_new0 (FlImportProblem, 1);
      p->line = (guint) sqlite3_column_int (stmt, 0);
      p->file = fl_db_column_dup (stmt, 1);
      status_from_string ((const char *) sqlite3_column_text (stmt, 2), &p->status);
      p->message = fl_db_column_dup (stmt, 3);
      g_ptr_array_add (report->problems, p);
    }
  return g_steal_pointer (&report);
}

/* ------------------------------------------------------------------------- */
/* The import                                                                */

typedef struct
{
  FlDb             *owner;          /* the session's database: its search index is kept up to date */
  char             *data_dir;
  FlActor           actor;
  FlMatcher        *matcher;
  gint64            gallery_id;
  char             *manifest_path;
  guint             n_workers;
  guint             batch_size;
  FlImportProgress  progress;
  gpointer          progress_data;
  GMainContext     *context;        /* set when progress goes to another thread */
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->owner);
  g_free (job->data_dir);
  g_free (job->actor.username);
  g_clear_pointer (&job->matcher, fl_matcher_unref);
  g_free (job->manifest_path);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportJob, import_job_free)

typedef struct
{
  FlImportProgress func;
  gpointer         data;
  guint            done;
  guint            total;
} ProgressCall;

static gboolean
progress_dispatch (gpointer data)
{
  ProgressCall *p = data;

  p->func (p->done, p->total, p->data);
  return G_SOURCE_REMOVE;
}

static void
report_progress (ImportJob *job,
                 guint      done,
                 guint      total)
{
  ProgressCall *p;

  if (job->progress == NULL)
    return;
  if (job->context == NULL)
    {
      job->progress (done, total, job->progress_data);
      return;
    }
  p = g_new0 (ProgressCall, 1);
  p->func = job->progress;
  p->data = job->progress_data;
  p->done = done;
  p->total = total;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, progress_dispatch, p, g_free);
}

static ImportJob *
import_prepare (FlSession              *actor,
                FlMatcher              *matcher,
                const FlImportOptions  *options,
                GError                **error)
{
  FlDb *db = fl_session_get_db (actor);
  g_autoptr(ImportJob) job = NULL;
  g_autoptr(GError) local = NULL;
  gint64 gallery_id = options->gallery_id;

  if (!fl_require_any_role (actor, FL_ROLE_ADMIN | FL_ROLE_EXAMINER, "gallery.import", error))
    return NULL;
  if (options->manifest_path == NULL || !g_file_test (options->manifest_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "The manifest “%s” does not exist or is not a file: give the path of the CSV manifest.",
                   options->manifest_path ? options->manifest_path : "");
      return NULL;
    }

  if (gallery_id == 0)
    {
      if (options->gallery_name == NULL)
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, "Name the gallery to import into.");
          return NULL;
        }
      gallery_id = fl_gallery_lookup (db, options->gallery_name, &local);
      if (gallery_id == 0 && options->provenance == NULL && options->lawful_basis == NULL)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                       "%s To create it with this import, give its provenance and lawful basis "
                       "(--provenance and --lawful-basis).", local->message);
          return NULL;
        }
      if (gallery_id == 0)
        gallery_id = fl_gallery_create (actor, options->gallery_name, options->provenance, options->lawful_basis,
                                        error);
      if (gallery_id == 0)
        return NULL;
    }
  else
    {
      g_autoptr(FlGallery) g = fl_gallery_get (db, gallery_id, error);
      if (g == NULL)
        return NULL;
    }

  job = g_new0 (ImportJob, 1);
  job->owner = g_object_ref (db);
  job->data_dir = g_strdup (fl_db_get_data_dir (db));
  job->actor.user_id = fl_session_get_user_id (actor);
  job->actor.username = g_strdup (fl_session_get_username (actor));
  job->matcher = fl_matcher_ref (matcher);
  job->gallery_id = gallery_id;
  job->manifest_path = g_canonicalize_filename (options->manifest_path, NULL);
  job->n_workers = options->n_workers ? options->n_workers : MAX (1, g_get_num_processors ());
  job->batch_size = options->batch_size ? options->batch_size : DEFAULT_BATCH;
  job->progress = options->progress;
  job->progress_data = options->progress_data;
  return g_steal_pointer (&job);
}

/* The imports row of this gallery + manifest, created on the first run. */
static gint64
find_or_start_import (ImportJob   *job,
                      FlDb        *db,
                      const char  *manifest_hash,
                      guint        total,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  gint64 id;

  stmt = fl_db_prepare (db, "SELECT id FROM imports WHERE gallery_id = ? AND manifest_hash = ?;", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, job->gallery_id);
  fl_db_bind_text (stmt, 2, manifest_hash);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = fl_db_prepare (db, "INSERT INTO imports (gallery_id, manifest, manifest_hash, started_by, started_at,"
                            " total_lines) VALUES (?, ?, ?, ?, ?, ?)"
                            " ON CONFLICT (gallery_id, manifest_hash) DO NOTHING;", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, job->gallery_id);
  fl_db_bind_text (stmt, 2, job->manifest_path);
  fl_db_bind_text (stmt, 3, manifest_hash);
  sqlite3_bind_int64 (stmt, 4, job->actor.user_id);
  fl_db_bind_text (stmt, 5, now);
  sqlite3_bind_int (stmt, 6, (int) total);
  if (!fl_db_step_done (db, stmt, error))
    return 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Another program may have started the same import a moment ago. */
  stmt = fl_db_prepare (db, "SELECT id FROM imports WHERE gallery_id = ? AND manifest_hash = ?;", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, job->gallery_id);
  fl_db_bind_text (stmt, 2, manifest_hash);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      fl_db_set_error (db, error, "Cannot record the import");
      return 0;
    }
  id = sqlite3_column_int64 (stmt, 0);
  return id;
}

static GHashTable *
recorded_lines (FlDb     *db,
                gint64    import_id,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT line FROM import_items WHERE import_id = ?;", error);
  GHashTable *lines;

  if (stmt == NULL)
    return NULL;
  lines = g_hash_table_new (NULL, NULL);
  sqlite3_bind_int64 (stmt, 1, import_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (lines, GUINT_TO_POINTER ((guint) sqlite3_column_int (stmt, 0)));
  return lines;
}

/* One transaction: every item with its import_items row. */
static gboolean
commit_batch (ImportJob  *job,
              FlDb       *db,
              gint64      import_id,
              GPtrArray  *batch,
              GError    **error)
{
  if (batch->len == 0)
    return TRUE;
  if (!fl_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < batch->len; i++)
    {
      FlEnrollItem *item = g_ptr_array_index (batch, i);
      g_autoptr(sqlite3_stmt) stmt = NULL;

      /* The same import running in another program may have recorded the line meanwhile. */
      stmt = fl_db_prepare (db, "SELECT 1 FROM import_items WHERE import_id = ? AND line = ?;", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, import_id);
      sqlite3_bind_int (stmt, 2, (int) item->line);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          item->skipped = TRUE;
          continue;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);

      if (!fl_enroll_item_commit (item, db, job->matcher, &job->actor, job->gallery_id, error))
        goto fail;
      stmt = fl_db_prepare (db, "INSERT INTO import_items (import_id, line, file, status, message, gallery_image_id)"
                                " VALUES (?, ?, ?, ?, ?, ?);", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, import_id);
      sqlite3_bind_int (stmt, 2, (int) item->line);
      fl_db_bind_text (stmt, 3, item->source_file ? item->source_file : "");
      fl_db_bind_text (stmt, 4, fl_import_status_to_string (item->status));
      fl_db_bind_text (stmt, 5, item->message ? item->message : "");
      if (item->gallery_image_id != 0)
        sqlite3_bind_int64 (stmt, 6, item->gallery_image_id);
      if (!fl_db_step_done (db, stmt, error))
        goto fail;
    }
  if (!fl_db_commit (db, error))
    goto fail;
  fl_search_index_refresh (job->owner, db, NULL);
  return TRUE;

fail:
  fl_db_rollback (db);
  return FALSE;
}

typedef struct
{
  FlMatcher    *matcher;
  GCancellable *cancellable;
  GAsyncQueue  *results;
  GAsyncQueue  *readers;     /* read-only work: one database connection per worker */
  gint64        gallery_id;
} WorkerContext;

static void
import_worker (gpointer data,
               gpointer user_data)
{
  FlEnrollItem *item = data;
  WorkerContext *ctx = user_data;
  FlDb *reader;

  if (g_cancellable_is_cancelled (ctx->cancellable))
    item->skipped = TRUE;
  else if (fl_enroll_item_read (item))
    {
      /* Cumulative exports repeat earlier photos: a photo the subject already
       * has needs no face detection (the writer confirms it). */
      reader = g_async_queue_pop (ctx->readers);
      if (fl_enroll_item_known (item, reader, ctx->gallery_id))
        item->status = FL_IMPORT_DUPLICATE;
      g_async_queue_push (ctx->readers, reader);
      if (item->status != FL_IMPORT_DUPLICATE)
        fl_enroll_item_analyse (item, ctx->matcher);
    }
  g_async_queue_push (ctx->results, item);
}

static void
audit_run (ImportJob      *job,
           FlDb           *db,
           gint64          import_id,
           const char     *outcome,
           const char     *manifest_hash,
           FlImportReport *report,
           guint           extra_done)
{
  g_autofree char *iid = g_strdup_printf ("%" G_GINT64_FORMAT, import_id);
  g_autofree char *gid = g_strdup_printf ("%" G_GINT64_FORMAT, job->gallery_id);
  g_autofree char *counts = NULL;
  g_autofree char *details = NULL;
  GString *s = g_string_new (NULL);

  for (guint st = 0; report && st < FL_IMPORT_N_STATUS; st++)
    g_string_append_printf (s, "%s%s=%u", s->len ? " " : "", fl_import_status_to_string (st), report->counts[st]);
  if (report == NULL)
    g_string_append_printf (s, "already recorded=%u", extra_done);
  counts = g_string_free (s, FALSE);
  details = fl_audit_details ("import_id", iid, "gallery_id", gid, "manifest_hash", manifest_hash,
                              "counts", counts, NULL);
  fl_audit_append (db, job->actor.user_id, job->actor.username, "gallery.import", 0, outcome, details, NULL);
}

static gboolean
mark_finished (FlDb     *db,
               gint64    import_id,
               GError  **error)
{
  g_autofree char *now = fl_now_iso8601 ();
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "UPDATE imports SET finished_at = ? WHERE id = ?"
                                                    " AND finished_at IS NULL;", error);
  if (stmt == NULL)
    return FALSE;
  fl_db_bind_text (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, import_id);
  return fl_db_step_done (db, stmt, error);
}

static FlImportReport *
import_execute (ImportJob     *job,
                FlDb          *db,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *text = NULL;
  g_autofree char *manifest_hash = NULL;
  g_autofree char *base_dir = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) done_lines = NULL;
  g_autoptr(GHashTable) ready = NULL;     /* seq → analysed item, waiting for its turn */
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GAsyncQueue) results = NULL;
  g_autoptr(GAsyncQueue) readers = NULL;
  g_autoptr(FlImportReport) report = NULL;
  GThreadPool *pool;
  WorkerContext ctx;
  Header header;
  gsize len = 0;
  gint64 import_id;
  gint64 t0 = g_get_monotonic_time ();
  gint64 batch_started = 0;
  guint total, resumed, done, next = 1, seq_dispatched = 0, seq_committed = 0, max_in_flight;
  GError *fatal = NULL;
  gboolean stop = FALSE;

  if (!g_file_get_contents (job->manifest_path, &text, &len, &local))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_IO, "Cannot read the manifest: %s.", local->message);
      return NULL;
    }
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (text, len);
    manifest_hash = fl_sha256_bytes (bytes);
  }
  records = csv_parse (text, len);
  if (!parse_header (records->len ? g_ptr_array_index (records, 0) : NULL, &header, error))
    return NULL;
  total = records->len - 1;
  base_dir = g_path_get_dirname (job->manifest_path);

  import_id = find_or_start_import (job, db, manifest_hash, total, error);
  if (import_id == 0)
    return NULL;
  done_lines = recorded_lines (db, import_id, error);
  if (done_lines == NULL)
    return NULL;
  resumed = done = g_hash_table_size (done_lines);
  audit_run (job, db, import_id, resumed ? "resumed" : "started", manifest_hash, NULL, resumed);
  report_progress (job, done, total);

  if (resumed < total && !fl_matcher_preload (job->matcher, error))
    return NULL;

  /* Enough photos in flight to keep every worker busy, few enough to bound memory. */
  max_in_flight = 4 * job->n_workers + 4;
  results = g_async_queue_new ();
  readers = g_async_queue_new_full (g_object_unref);
  for (guint i = 0; i < job->n_workers; i++)
    {
      FlDb *reader = fl_db_open (job->data_dir, error);
      if (reader == NULL)
        return NULL;
      g_async_queue_push (readers, reader);
    }
  ready = g_hash_table_new (NULL, NULL);
  batch = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_enroll_item_free);
  ctx.matcher = job->matcher;
  ctx.cancellable = cancellable;
  ctx.results = results;
  ctx.readers = readers;
  ctx.gallery_id = job->gallery_id;
  pool = g_thread_pool_new (import_worker, &ctx, (int) job->n_workers, FALSE, NULL);

  for (;;)
    {
      FlEnrollItem *item;

      while (!stop && seq_dispatched - seq_committed < max_in_flight && next < records->len)
        {
          CsvRecord *rec = g_ptr_array_index (records, next++);

          if (g_hash_table_contains (done_lines, GUINT_TO_POINTER (rec->line)))
            continue;
          item = item_from_record (rec, &header, base_dir);
          item->seq = seq_dispatched++;
          if (item->status == FL_IMPORT_BAD_ROW)
            g_hash_table_insert (ready, GUINT_TO_POINTER (item->seq), item);
          else
            g_thread_pool_push (pool, item, NULL);
        }

      /* Take what is ready, in dispatch order. */
      while ((item = g_hash_table_lookup (ready, GUINT_TO_POINTER (seq_committed))) != NULL)
        {
          g_hash_table_remove (ready, GUINT_TO_POINTER (seq_committed));
          seq_committed++;
          if (item->fatal != NULL && fatal == NULL)
            {
              fatal = g_steal_pointer (&item->fatal);
              stop = TRUE;
            }
          if (item->skipped || item->fatal != NULL || fatal != NULL)
            {
              fl_enroll_item_free (item);
              continue;
            }
          if (batch->len == 0)
            batch_started = g_get_monotonic_time ();
          g_ptr_array_add (batch, item);
        }

      if (g_cancellable_is_cancelled (cancellable))
        stop = TRUE;
      if (batch->len > 0 && fatal == NULL &&
          (batch->len >= job->batch_size || stop ||
           (next >= records->len && seq_committed == seq_dispatched) ||
           g_get_monotonic_time () - batch_started >= FLUSH_INTERVAL_US))
        {
          if (!commit_batch (job, db, import_id, batch, &fatal))
            stop = TRUE;
          else
            for (guint i = 0; i < batch->len; i++)
              done += ((FlEnrollItem *) g_ptr_array_index (batch, i))->skipped ? 0 : 1;
          g_ptr_array_set_size (batch, 0);
          report_progress (job, done, total);
        }

      if (seq_committed == seq_dispatched && (stop || next >= records->len))
        break;
      if (seq_committed < seq_dispatched)
        {
          item = g_async_queue_timeout_pop (results, 100 * 1000);
          if (item != NULL)
            g_hash_table_insert (ready, GUINT_TO_POINTER (item->seq), item);
        }
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  report = fl_gallery_import_get_report (db, import_id, fatal ? NULL : error);
  if (report == NULL && fatal == NULL)
    return NULL;
  if (report != NULL)
    {
      report->resumed_from = resumed;
      report->done_this_run = done - resumed;
      report->seconds = (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;
      if (report->complete && !mark_finished (db, import_id, fatal ? NULL : error) && fatal == NULL)
        return NULL;
    }

  if (fatal != NULL)
    {
      audit_run (job, db, import_id, "failed", manifest_hash, report, 0);
      g_propagate_prefixed_error (error, fatal, "The import stopped after %u of %u lines (what was done is kept; "
                                  "run the same import again to finish it): ", done, total);
      return NULL;
    }
  if (g_cancellable_is_cancelled (cancellable) && !report->complete)
    {
      audit_run (job, db, import_id, "cancelled", manifest_hash, report, 0);
      g_set_error (error, FL_ERROR, FL_ERROR_CANCELLED,
                   "The import was cancelled after %u of %u lines. What was done is kept: run the same import "
                   "again to finish it.", done, total);
      return NULL;
    }
  audit_run (job, db, import_id, "success", manifest_hash, report, 0);
  return g_steal_pointer (&report);
}

FlImportReport *
fl_gallery_import (FlSession              *actor,
                   FlMatcher              *matcher,
                   const FlImportOptions  *options,
                   GCancellable           *cancellable,
                   GError                **error)
{
  g_autoptr(ImportJob) job = NULL;

  g_return_val_if_fail (FL_IS_SESSION (actor), NULL);
  g_return_val_if_fail (matcher != NULL && options != NULL, NULL);

  job = import_prepare (actor, matcher, options, error);
  if (job == NULL)
    return NULL;
  return import_execute (job, fl_session_get_db (actor), cancellable, error);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  /* Its own connection: the caller's thread keeps using the session's. */
  g_autoptr(FlDb) db = fl_db_open (job->data_dir, &error);
  FlImportReport *report;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report = import_execute (job, db, cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) fl_import_report_free);
}

void
fl_gallery_import_async (FlSession              *actor,
                         FlMatcher              *matcher,
                         const FlImportOptions  *options,
                         GCancellable           *cancellable,
                         GAsyncReadyCallback     callback,
                         gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  ImportJob *job;

  g_task_set_source_tag (task, fl_gallery_import_async);
  /* Our own FL_ERROR_CANCELLED says what was kept; a finished result is not hidden. */
  g_task_set_check_cancellable (task, FALSE);
  job = import_prepare (actor, matcher, options, &error);
  if (job == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

FlImportReport *
fl_gallery_import_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
