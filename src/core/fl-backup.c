/* fl-backup.c: backup folders and restoring them. Both build in a hidden
 * sibling folder and rename it into place at the end: a cancelled, failed or
 * interrupted run leaves the chosen folder untouched. */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fl-audit.h"
#include "fl-backup-private.h"

/* ---- backup ------------------------------------------------------------ */

typedef struct
{
  FlProgressFunc progress;
  gpointer       user_data;
  gint64         total;
  gint64         done;
} Progress;

static void
progress_add (Progress   *p,
              gint64      bytes,
              const char *stage)
{
  p->done += bytes;
  if (p->progress != NULL)
    p->progress (p->total > 0 ? MIN (1.0, (double) p->done / (double) p->total) : 1.0, stage, p->user_data);
}

/* SQLite's online backup: a consistent copy while the unit keeps working. */
static gboolean
backup_database (FlDb          *db,
                 const char    *dest_path,
                 Progress      *progress,
                 GCancellable  *cancellable,
                 GError       **error)
{
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  gint64 page_size = fl_db_query_int64 (db, "PRAGMA page_size;", 4096);
  int last_remaining = -1;
  int rc;

  if (sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_IO, "Cannot create the database copy %s: %s.", dest_path,
                   dest ? sqlite3_errmsg (dest) : "out of memory");
      sqlite3_close (dest);
      return FALSE;
    }
  backup = sqlite3_backup_init (dest, "main", fl_db_get_handle (db), "main");
  if (backup == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_DATABASE, "Cannot start copying the case database: %s.",
                   sqlite3_errmsg (dest));
      sqlite3_close (dest);
      return FALSE;
    }
  do
    {
      int remaining;

      rc = sqlite3_backup_step (backup, 256);
      remaining = sqlite3_backup_remaining (backup);
      if (last_remaining >= 0 && remaining < last_remaining)
        progress_add (progress, (gint64) (last_remaining - remaining) * page_size, "Copying the case database");
      last_remaining = remaining;
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        g_usleep (20 * 1000);
      if (g_cancellable_is_cancelled (cancellable))
        break;
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      sqlite3_close (dest);
      return FALSE;
    }
  rc = sqlite3_errcode (dest);
  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_FULL)
        fl_backup_io_error (error, ENOSPC, "Cannot copy the case database", dest_path);
      else
        g_set_error (error, FL_ERROR, FL_ERROR_DATABASE, "Cannot copy the case database: %s.",
                     sqlite3_errmsg (dest));
      sqlite3_close (dest);
      return FALSE;
    }
  if (sqlite3_close (dest) != SQLITE_OK)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_DATABASE, "Cannot finish the database copy %s.", dest_path);
      return FALSE;
    }
  return TRUE;
}

/* The name of a stored image is its SHA-256 (fl-store.c). */
static gboolean
name_matches_hash (const char *relpath,
                   const char *sha256)
{
  g_autofree char *base = g_path_get_basename (relpath);
  char *dot = strchr (base, '.');

  if (dot != NULL)
    *dot = '\0';
  return !fl_backup_valid_hex64 (base) || g_str_equal (base, sha256);
}

gboolean
fl_backup_create (FlSession       *admin,
                  const char      *dest_dir,
                  FlProgressFunc   progress,
                  gpointer         user_data,
                  GCancellable    *cancellable,
                  GError         **error)
{
  FlDb *db;
  g_autofree char *staging = NULL;
  g_autofree char *db_copy = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *details = NULL;
  g_autoptr(GPtrArray) store = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_backup_entry_free);
  g_autoptr(FlBackupEntry) database = NULL;
  g_autoptr(GError) local = NULL;
  Progress p = { progress, user_data, 0, 0 };
  gboolean dest_exists;
  gint64 size;
  char *sha = NULL;
  char n_files[24], n_bytes[24];

  g_return_val_if_fail (FL_IS_SESSION (admin), FALSE);
  g_return_val_if_fail (dest_dir != NULL, FALSE);

  if (!fl_session_require (admin, FL_ROLE_ADMIN, FALSE, "backup.create", error))
    return FALSE;
  db = fl_session_get_db (admin);
  folder = g_path_get_basename (dest_dir);

  if (!fl_backup_absent_or_empty (dest_dir, &dest_exists, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, FL_ERROR, FL_ERROR_EXISTS,
                     "The folder %s is not empty. Choose a new or empty folder for the backup.", dest_dir);
      return FALSE;
    }
  store = fl_backup_list_store (fl_db_get_data_dir (db), &local);
  if (store == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_IO, "Cannot list the image store: %s.", local->message);
      return FALSE;
    }
  p.total = fl_db_query_int64 (db, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size;", 0);
  for (guint i = 0; i < store->len; i++)
    {
      g_autofree char *path = g_build_filename (fl_db_get_data_dir (db), g_ptr_array_index (store, i), NULL);
      GStatBuf st;
      if (g_stat (path, &st) == 0)
        p.total += st.st_size;
    }

  staging = fl_backup_make_staging (dest_dir, "partial", error);
  if (staging == NULL)
    return FALSE;

  db_copy = g_build_filename (staging, FL_BACKUP_DB_NAME, NULL);
  if (!backup_database (db, db_copy, &p, cancellable, &local) || !fl_backup_hash_file (db_copy, &sha, &size, &local))
    goto fail;
  database = fl_backup_entry_new (FL_BACKUP_DB_NAME, sha, size);
  g_clear_pointer (&sha, g_free);

  for (guint i = 0; i < store->len; i++)
    {
      const char *rel = g_ptr_array_index (store, i);
      g_autofree char *src = g_build_filename (fl_db_get_data_dir (db), rel, NULL);
      g_autofree char *dst = g_build_filename (staging, rel, NULL);

      if (!fl_backup_copy_and_hash (src, dst, &sha, &size, cancellable, &local))
        goto fail;
      if (!name_matches_hash (rel, sha))
        {
          g_set_error (&local, FL_ERROR, FL_ERROR_CORRUPT,
                       "The stored image %s no longer matches its SHA-256: it was altered on disk. "
                       "No backup was made; restore that image from an earlier backup first.", src);
          g_clear_pointer (&sha, g_free);
          goto fail;
        }
      g_ptr_array_add (files, fl_backup_entry_new (rel, sha, size));
      g_clear_pointer (&sha, g_free);
      progress_add (&p, size, "Copying images");
    }

  if (!fl_backup_write_manifest (staging, admin, database, files, &local))
    goto fail;
  if (dest_exists && g_rmdir (dest_dir) != 0)
    {
      fl_backup_io_error (&local, errno, "Cannot use the backup folder", dest_dir);
      goto fail;
    }
  if (g_rename (staging, dest_dir) != 0)
    {
      fl_backup_io_error (&local, errno, "Cannot name the backup folder", dest_dir);
      goto fail;
    }

  g_snprintf (n_files, sizeof n_files, "%u", files->len);
  g_snprintf (n_bytes, sizeof n_bytes, "%" G_GINT64_FORMAT, p.done);
  details = fl_audit_details ("folder", folder, "database_sha256", database->sha256, "images", n_files,
                              "bytes", n_bytes, NULL);
  /* the backup exists now: a failure to record it is reported, not undone */
  return fl_session_audit (admin, "backup.create", 0, "success", details, error);

fail:
  fl_backup_remove_tree (staging);
  fl_backup_staged_to_final (local, staging, dest_dir);
  {
    gboolean cancelled = g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_autofree char *failed = fl_audit_details ("folder", folder, "problem",
                                                cancelled ? "cancelled" : local->message, NULL);

    fl_session_audit (admin, "backup.create", 0, cancelled ? "cancelled" : "failed", failed, NULL);
    if (cancelled)
      g_set_error_literal (error, FL_ERROR, FL_ERROR_CANCELLED, "The backup was cancelled. Nothing was kept.");
    else
      g_propagate_error (error, g_steal_pointer (&local));
  }
  return FALSE;
}

/* ---- restore ----------------------------------------------------------- */

/* FaceLeads keeps its database open while it runs; an exclusive lock is only
 * granted when no program has it open. */
static gboolean
check_not_in_use (const char  *data_dir,
                  GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, FL_BACKUP_DB_NAME, NULL);
  sqlite3 *handle = NULL;
  gboolean free_to_go;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      sqlite3_close (handle);
      return TRUE; /* not a database we could be disturbing; it is moved aside untouched */
    }
  sqlite3_busy_timeout (handle, 0);
  free_to_go = sqlite3_exec (handle, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;", NULL, NULL, NULL) == SQLITE_OK;
  sqlite3_exec (handle, "ROLLBACK;", NULL, NULL, NULL);
  sqlite3_close (handle);
  if (!free_to_go)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_BUSY,
                   "The case database in %s is open in FaceLeads or another program. Close every FaceLeads "
                   "window and command, then restore again. Nothing was changed.", data_dir);
      return FALSE;
    }
  return TRUE;
}

static char *
aside_name (const char *data_dir)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  char *name = g_strdup_printf ("%s.before-restore-%s", data_dir, stamp);

  for (int n = 2; g_file_test (name, G_FILE_TEST_EXISTS); n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s.before-restore-%s-%d", data_dir, stamp, n);
    }
  return name;
}

/* Opens the staged copy, checks its audit chain and records the restore in it. */
static gboolean
seal_restored_copy (const char              *staging,
                    const FlBackupManifest  *m,
                    const char              *moved_aside,
                    GError                 **error)
{
  g_autoptr(FlDb) db = NULL;
  g_autofree char *details = NULL;
  g_autofree char *aside_base = moved_aside ? g_path_get_basename (moved_aside) : NULL;
  char n_files[24];
  FlAuditVerdict verdict = { 0 };

  db = fl_db_open (staging, error);
  if (db == NULL)
    {
      g_prefix_error (error, "The backup's database cannot be opened: ");
      return FALSE;
    }
  if (!fl_audit_verify (db, &verdict, error))
    return FALSE;
  if (verdict.problem != NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "The backup's audit trail is broken at row %" G_GINT64_FORMAT " (%s). Nothing was restored; "
                   "use another backup.", verdict.first_bad_id, verdict.problem);
      fl_audit_verdict_clear (&verdict);
      return FALSE;
    }
  fl_audit_verdict_clear (&verdict);

  g_snprintf (n_files, sizeof n_files, "%u", m->files->len);
  details = fl_audit_details ("backup_created_at", m->created_at, "backup_created_by", m->created_by,
                              "database_sha256", m->database->sha256, "images", n_files,
                              "previous_data_moved_to", aside_base, "system_account", g_get_user_name (),
                              NULL);
  return fl_audit_append (db, 0, "(restore)", "backup.restore", 0, "success", details, error);
}

gboolean
fl_backup_restore (const char  *backup_dir,
                   const char  *data_dir,
                   char       **moved_aside,
                   GError     **error)
{
  g_autoptr(FlBackupManifest) m = NULL;
  g_autofree char *staging = NULL;
  g_autofree char *aside = NULL;
  gboolean exists;
  gboolean empty;

  g_return_val_if_fail (backup_dir != NULL && data_dir != NULL, FALSE);

  m = fl_backup_read_manifest (backup_dir, error);
  if (m == NULL || !fl_backup_verify_all (backup_dir, m, error))
    return FALSE;

  empty = fl_backup_absent_or_empty (data_dir, &exists, NULL);
  if (exists && !g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_EXISTS, "%s is a file, not a data folder. Nothing was changed.",
                   data_dir);
      return FALSE;
    }
  if (exists && !empty && !check_not_in_use (data_dir, error))
    return FALSE;

  staging = fl_backup_make_staging (data_dir, "restoring", error);
  if (staging == NULL)
    return FALSE;

  /* copy, checking each copy against the manifest again: what is put in
   * place is exactly what was verified */
  for (guint i = 0; i <= m->files->len; i++)
    {
      const FlBackupEntry *e = i == 0 ? m->database : g_ptr_array_index (m->files, i - 1);
      g_autofree char *src = g_build_filename (backup_dir, e->path, NULL);
      g_autofree char *dst = g_build_filename (staging, e->path, NULL);
      g_autofree char *sha = NULL;
      gint64 size;

      if (!fl_backup_copy_and_hash (src, dst, &sha, &size, NULL, error))
        goto fail;
      if (!g_str_equal (sha, e->sha256) || size != e->size)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                       "The backup changed while it was being restored: %s no longer matches the manifest. "
                       "Nothing was restored.", e->path);
          goto fail;
        }
    }

  if (exists && !empty)
    aside = aside_name (data_dir);
  if (!seal_restored_copy (staging, m, aside, error))
    goto fail;

  if (exists)
    {
      if (empty ? g_rmdir (data_dir) != 0 : g_rename (data_dir, aside) != 0)
        {
          fl_backup_io_error (error, errno, "Cannot move the current data folder aside", data_dir);
          goto fail;
        }
    }
  if (g_rename (staging, data_dir) != 0)
    {
      int saved = errno;
      if (aside != NULL)
        g_rename (aside, data_dir);
      fl_backup_io_error (error, saved, "Cannot put the restored data in place", data_dir);
      goto fail;
    }
  if (moved_aside != NULL)
    *moved_aside = g_steal_pointer (&aside);
  return TRUE;

fail:
  fl_backup_remove_tree (staging);
  if (error != NULL)
    fl_backup_staged_to_final (*error, staging, data_dir);
  return FALSE;
}
