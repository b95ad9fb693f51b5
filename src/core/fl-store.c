/* fl-store.c: the image store. Files are written to a temporary name, synced
 * and renamed, so a full disk or a killed process never leaves a half file
 * under a hash name. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fl-store.h"

char *
fl_sha256_bytes (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

const char *
fl_store_sniff_ext (GBytes *bytes)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (bytes, &len);

  if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
    return "jpg";
  if (len >= 8 && memcmp (d, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (len >= 4 && memcmp (d, "%PDF", 4) == 0)
    return "pdf";
  if (len >= 12 && memcmp (d, "RIFF", 4) == 0 && memcmp (d + 8, "WEBP", 4) == 0)
    return "webp";
  if (len >= 4 && (memcmp (d, "II*\0", 4) == 0 || memcmp (d, "MM\0*", 4) == 0))
    return "tif";
  if (len >= 2 && memcmp (d, "BM", 2) == 0)
    return "bmp";
  if (len >= 2 && d[0] == 'P' && d[1] >= '1' && d[1] <= '6')
    return "pnm";
  return "bin";
}

static gboolean
valid_hash (const char *hash)
{
  if (hash == NULL || strlen (hash) != 64)
    return FALSE;
  for (const char *p = hash; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static char *
blob_path (FlDb       *db,
           const char *hash,
           const char *ext)
{
  char shard[3] = { hash[0], hash[1], 0 };
  g_autofree char *name = g_strdup_printf ("%s.%s", hash, ext);

  return g_build_filename (fl_db_get_data_dir (db), "images", shard, name, NULL);
}

static gboolean
write_atomically (const char  *path,
                  GBytes      *bytes,
                  GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_strdup_printf ("%s.tmp-XXXXXX", path);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    goto io_error;
  fd = g_mkstemp (tmp);
  if (fd < 0)
    goto io_error;
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno ? errno : EIO;
          close (fd);
          g_unlink (tmp);
          errno = saved;
          goto io_error;
        }
      data += n;
      len -= (gsize) n;
    }
  if (fsync (fd) != 0 || close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      errno = saved;
      goto io_error;
    }
  return TRUE;

io_error:
  {
    int saved = errno;
    g_set_error (error, FL_ERROR, FL_ERROR_IO,
                 saved == ENOSPC
                 ? "Cannot store the image: the disk holding %s is full (%s). Nothing was saved; free some space and try again."
                 : "Cannot store the image in %s: %s. Check the disk and the folder's permissions.",
                 dir, g_strerror (saved));
    return FALSE;
  }
}

char *
fl_store_put (FlDb        *db,
              GBytes      *bytes,
              const char  *ext,
              GError     **error)
{
  g_autofree char *hash = fl_sha256_bytes (bytes);
  g_autofree char *path = NULL;
  g_autofree char *now = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (ext == NULL)
    ext = fl_store_sniff_ext (bytes);
  path = blob_path (db, hash, ext);

  if (!g_file_test (path, G_FILE_TEST_EXISTS) && !write_atomically (path, bytes, error))
    return NULL;

  now = fl_now_iso8601 ();
  stmt = fl_db_prepare (db, "INSERT INTO blobs (hash, ext, size, created_at) VALUES (?, ?, ?, ?)"
                            " ON CONFLICT (hash) DO UPDATE SET purged_at = NULL"
                            " WHERE purged_at IS NOT NULL;", error);
  if (stmt == NULL)
    return NULL;
  fl_db_bind_text (stmt, 1, hash);
  fl_db_bind_text (stmt, 2, ext);
  sqlite3_bind_int64 (stmt, 3, (gint64) g_bytes_get_size (bytes));
  fl_db_bind_text (stmt, 4, now);
  if (!fl_db_step_done (db, stmt, error))
    return NULL;

  return g_steal_pointer (&hash);
}

char *
fl_store_put_file (FlDb        *db,
                   const char  *path,
                   char       **out_ext,
                   GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *ext;

  if (!g_file_get_contents (path, &data, &len, &local))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_IO, "Cannot read %s: %s.", path, local->message);
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&data), len);
  ext = fl_store_sniff_ext (bytes);
  if (out_ext)
    *out_ext = g_strdup (ext);
  return fl_store_put (db, bytes, ext, error);
}

char *
fl_store_get_path (FlDb        *db,
                   const char  *hash,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!valid_hash (hash))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "“%s” is not an image hash.", hash ? hash : "");
      return NULL;
    }
  stmt = fl_db_prepare (db, "SELECT ext, purged_at FROM blobs WHERE hash = ?;", error);
  if (stmt == NULL)
    return NULL;
  fl_db_bind_text (stmt, 1, hash);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "No stored image has the hash %s.", hash);
      return NULL;
    }
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "The image %.12s… was purged on %s under a seal/destroy notice.",
                   hash, (const char *) sqlite3_column_text (stmt, 1));
      return NULL;
    }
  return blob_path (db, hash, (const char *) sqlite3_column_text (stmt, 0));
}

gboolean
fl_store_has (FlDb       *db,
              const char *hash)
{
  g_autofree char *path = fl_store_get_path (db, hash, NULL);

  return path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

GBytes *
fl_store_get (FlDb        *db,
              const char  *hash,
              GError     **error)
{
  g_autofree char *path = fl_store_get_path (db, hash, error);
  g_autofree char *data = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;

  if (path == NULL)
    return NULL;
  if (!g_file_get_contents (path, &data, &len, &local))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_IO, "The stored image %s cannot be read: %s. "
                   "Restore the data folder from a backup.", path, local->message);
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&data), len);
  actual = fl_sha256_bytes (bytes);
  if (g_strcmp0 (actual, hash) != 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "The stored image %s no longer matches its SHA-256: it was altered on disk. "
                   "Restore the data folder from a backup.", path);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

gboolean
fl_store_purge (FlDb        *db,
                const char  *hash,
                GError     **error)
{
  g_autofree char *path = fl_store_get_path (db, hash, NULL);
  g_autofree char *now = fl_now_iso8601 ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (path != NULL && g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, FL_ERROR, FL_ERROR_IO, "Cannot remove %s: %s.", path, g_strerror (saved));
      return FALSE;
    }
  stmt = fl_db_prepare (db, "UPDATE blobs SET purged_at = ? WHERE hash = ? AND purged_at IS NULL;", error);
  if (stmt == NULL)
    return FALSE;
  fl_db_bind_text (stmt, 1, now);
  fl_db_bind_text (stmt, 2, hash);
  return fl_db_step_done (db, stmt, error);
}

guint
fl_store_sweep_temporary (FlDb *db)
{
  g_autofree char *root = g_build_filename (fl_db_get_data_dir (db), "images", NULL);
  g_autoptr(GDir) shards = g_dir_open (root, 0, NULL);
  gint64 cutoff = g_get_real_time () / G_USEC_PER_SEC - 3600;
  const char *shard;
  guint removed = 0;

  if (shards == NULL)
    return 0;
  while ((shard = g_dir_read_name (shards)) != NULL)
    {
      g_autofree char *dir = g_build_filename (root, shard, NULL);
      g_autoptr(GDir) files = g_dir_open (dir, 0, NULL);
      const char *name;

      while (files != NULL && (name = g_dir_read_name (files)) != NULL)
        {
          g_autofree char *path = NULL;
          GStatBuf st;

          /* Only our own "<hash>.<ext>.tmp-XXXXXX" names, and only old ones:
           * another process may be writing a fresh one right now. */
          if (strstr (name, ".tmp-") == NULL)
            continue;
          path = g_build_filename (dir, name, NULL);
          if (g_stat (path, &st) == 0 && st.st_mtime < cutoff && g_unlink (path) == 0)
            removed++;
        }
    }
  return removed;
}
