/* fl-db.c: opening, checking and migrating the case database */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fl-db.h"
#include "fl-store.h"

struct _FlDb
{
  GObject  parent_instance;
  char    *data_dir;
  char    *path;
  sqlite3 *handle;
  int      depth;   /* nesting of fl_db_begin(): outer BEGIN IMMEDIATE, inner SAVEPOINTs */
};

G_DEFINE_FINAL_TYPE (FlDb, fl_db, G_TYPE_OBJECT)

static const char sqlite_magic[16] = "SQLite format 3";

static void
fl_db_finalize (GObject *object)
{
  FlDb *self = FL_DB (object);

  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  g_free (self->data_dir);
  g_free (self->path);

  G_OBJECT_CLASS (fl_db_parent_class)->finalize (object);
}

static void
fl_db_class_init (FlDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fl_db_finalize;
}

static void
fl_db_init (FlDb *self)
{
}

/* Refuses anything that is not an SQLite file before SQLite sees it, so a
 * damaged or foreign file is never rewritten as a fresh database. */
static gboolean
check_existing_file (const char  *path,
                     GError     **error)
{
  char header[16] = { 0 };
  FILE *fp;
  size_t n;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  fp = g_fopen (path, "rb");
  if (fp == NULL)
    {
      int saved = errno;
      g_set_error (error, FL_ERROR, FL_ERROR_IO,
                   "Cannot read the case database %s: %s. Check its permissions.",
                   path, g_strerror (saved));
      return FALSE;
    }
  n = fread (header, 1, sizeof header, fp);
  fclose (fp);

  if (n == 0)
    return TRUE; /* an empty file is what SQLite itself creates first */

  if (n < sizeof header || memcmp (header, sqlite_magic, sizeof header) != 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "%s is not a FaceLeads case database (the file is damaged or of another kind). "
                   "It was left untouched. Restore it from a backup, or start FaceLeads with "
                   "another data folder (--data-dir).", path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
ensure_data_dir (const char  *data_dir,
                 GError     **error)
{
  g_autofree char *images = g_build_filename (data_dir, "images", NULL);

  if (g_mkdir_with_parents (data_dir, 0700) != 0 || g_mkdir_with_parents (images, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, FL_ERROR, FL_ERROR_IO,
                   "Cannot create the data folder %s: %s. Choose a folder you can write to "
                   "with --data-dir or FACELEADS_DATA_DIR.", data_dir, g_strerror (saved));
      return FALSE;
    }
  if (access (data_dir, W_OK) != 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_IO,
                   "The data folder %s is read-only. FaceLeads needs to write there to record "
                   "every action; make it writable or choose another folder with --data-dir.",
                   data_dir);
      return FALSE;
    }
  return TRUE;
}

gboolean
fl_db_set_error (FlDb        *self,
                 GError     **error,
                 const char  *what)
{
  int code = sqlite3_extended_errcode (self->handle) & 0xff;
  const char *msg = sqlite3_errmsg (self->handle);

  switch (code)
    {
    case SQLITE_FULL:
      g_set_error (error, FL_ERROR, FL_ERROR_IO,
                   "%s: the disk holding %s is full. Nothing was saved; free some space and try again.",
                   what, self->data_dir);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, FL_ERROR, FL_ERROR_BUSY,
                   "%s: the case database is in use by another program. Close the other "
                   "FaceLeads window or command and try again.", what);
      break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      g_set_error (error, FL_ERROR, FL_ERROR_IO,
                   "%s: cannot write to %s (%s). Check the disk and the folder's permissions.",
                   what, self->path, msg);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "%s: the case database %s is damaged (%s). Restore it from a backup.",
                   what, self->path, msg);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "%s: %s.", what, msg);
      break;
    default:
      g_set_error (error, FL_ERROR, FL_ERROR_DATABASE, "%s: %s.", what, msg);
      break;
    }
  return FALSE;
}

FlDb *
fl_db_open (const char  *data_dir,
            GError     **error)
{
  g_autoptr(FlDb) self = NULL;
  int version;
  int latest = fl_schema_latest_version ();

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (!ensure_data_dir (data_dir, error))
    return NULL;

  self = g_object_new (FL_TYPE_DB, NULL);
  self->data_dir = g_strdup (data_dir);
  self->path = g_build_filename (data_dir, "faceleads.db", NULL);

  if (!check_existing_file (self->path, error))
    return NULL;

  if (sqlite3_open_v2 (self->path, &self->handle,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      fl_db_set_error (self, error, "Cannot open the case database");
      return NULL;
    }
  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 5000);

  version = (int) fl_db_query_int64 (self, "PRAGMA user_version;", -1);
  if (version < 0)
    {
      fl_db_set_error (self, error, "Cannot read the case database");
      return NULL;
    }
  if (version > latest)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_TOO_NEW,
                   "The case database %s was written by a newer FaceLeads (schema %d; this "
                   "program knows up to %d). It was left untouched: install the newer FaceLeads.",
                   self->path, version, latest);
      return NULL;
    }

  if (!fl_db_exec (self, "PRAGMA journal_mode = WAL;", error) ||
      !fl_db_exec (self, "PRAGMA foreign_keys = ON;", error) ||
      !fl_db_exec (self, "PRAGMA synchronous = NORMAL;", error))
    return NULL;

  if (version < latest && !fl_schema_migrate (self->handle, version, latest, error))
    return NULL;

  fl_store_sweep_temporary (self);

  return g_steal_pointer (&self);
}

const char *
fl_db_get_data_dir (FlDb *self)
{
  g_return_val_if_fail (FL_IS_DB (self), NULL);
  return self->data_dir;
}

const char *
fl_db_get_path (FlDb *self)
{
  g_return_val_if_fail (FL_IS_DB (self), NULL);
  return self->path;
}

sqlite3 *
fl_db_get_handle (FlDb *self)
{
  g_return_val_if_fail (FL_IS_DB (self), NULL);
  return self->handle;
}

int
fl_db_get_schema_version (FlDb *self)
{
  return (int) fl_db_query_int64 (self, "PRAGMA user_version;", -1);
}

sqlite3_stmt *
fl_db_prepare (FlDb        *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      fl_db_set_error (self, error, "Cannot read the case database");
      return NULL;
    }
  return stmt;
}

gboolean
fl_db_exec (FlDb        *self,
            const char  *sql,
            GError     **error)
{
  if (sqlite3_exec (self->handle, sql, NULL, NULL, NULL) != SQLITE_OK)
    return fl_db_set_error (self, error, "Cannot update the case database");
  return TRUE;
}

gboolean
fl_db_step_done (FlDb          *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return fl_db_set_error (self, error, "Cannot save to the case database");
  return TRUE;
}

gboolean
fl_db_step_one_row (FlDb          *self,
                    sqlite3_stmt  *stmt,
                    const char    *conflict,
                    GError       **error)
{
  if (!fl_db_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->handle) != 1)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_BUSY, conflict);
      return FALSE;
    }
  return TRUE;
}

gboolean
fl_db_begin (FlDb    *self,
             GError **error)
{
  g_autofree char *sql = NULL;

  /* Nested begins (e.g. the unit setup creating its first account) become
   * savepoints; the outermost takes the write lock at once to avoid a
   * deadlock when two processes upgrade a read lock. */
  if (self->depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE;");
  else
    sql = g_strdup_printf ("SAVEPOINT fl%d;", self->depth);
  if (!fl_db_exec (self, sql, error))
    return FALSE;
  self->depth++;
  return TRUE;
}

gboolean
fl_db_commit (FlDb    *self,
              GError **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1)
    sql = g_strdup ("COMMIT;");
  else
    sql = g_strdup_printf ("RELEASE fl%d;", self->depth - 1);
  if (!fl_db_exec (self, sql, error))
    {
      fl_db_rollback (self);
      return FALSE;
    }
  self->depth--;
  return TRUE;
}

void
fl_db_rollback (FlDb *self)
{
  g_autofree char *sql = NULL;

  if (self->depth == 0)
    return;
  if (self->depth == 1)
    sql = g_strdup ("ROLLBACK;");
  else
    sql = g_strdup_printf ("ROLLBACK TO fl%d; RELEASE fl%d;", self->depth - 1, self->depth - 1);
  sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
  self->depth--;
}

void
fl_db_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
fl_db_column_dup (sqlite3_stmt *stmt,
                  int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

gint64
fl_db_query_int64 (FlDb       *self,
                   const char *sql,
                   gint64      fallback)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    return fallback;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return fallback;
  return sqlite3_column_int64 (stmt, 0);
}

char *
fl_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

gint64
fl_now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
fl_db_default_data_dir (const char *override)
{
  const char *env = g_getenv ("FACELEADS_DATA_DIR");

  if (override != NULL && *override != '\0')
    return g_strdup (override);
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "faceleads", NULL);
}
