/* fl-backup-files.c: copying with a hash, staging folders, the image store's
 * file list: the file work under backup and restore */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fl-backup-private.h"

void
fl_backup_entry_free (FlBackupEntry *entry)
{
  g_free (entry->path);
  g_free (entry->sha256);
  g_free (entry);
}

FlBackupEntry *
fl_backup_entry_new (const char *path,
                     const char *sha256,
                     gint64      size)
{
  FlBackupEntry *entry = g_new0 (FlBackupEntry, 1);

  entry->path = g_strdup (path);
  entry->sha256 = g_strdup (sha256);
  entry->size = size;
  return entry;
}

gboolean
fl_backup_io_error (GError     **error,
                    int          saved,
                    const char  *what,
                    const char  *path)
{
  if (saved == ENOSPC)
    g_set_error (error, FL_ERROR, FL_ERROR_IO, "%s: the disk holding %s is full. Nothing was kept; "
                 "free some space or choose another disk, and try again.", what, path);
  else
    g_set_error (error, FL_ERROR, FL_ERROR_IO, "%s: %s (%s). Check the disk and the folder's permissions.",
                 what, g_strerror (saved), path);
  return FALSE;
}

/* Removes a folder this module created (the hidden staging folders). */
void
fl_backup_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          fl_backup_remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* Copies @src to a new file @dst (never overwriting), hashing what it reads. */
gboolean
fl_backup_copy_and_hash (const char    *src,
                         const char    *dst,
                         char         **sha256,
                         gint64        *size,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buf = g_malloc (FL_BACKUP_COPY_CHUNK);
  g_autofree char *dir = g_path_get_dirname (dst);
  gint64 total = 0;
  int in, out;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return fl_backup_io_error (error, errno, "Cannot create a folder", dir);
  in = g_open (src, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0)
    return fl_backup_io_error (error, errno, "Cannot read a file", src);
  out = g_open (dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0)
    {
      int saved = errno;
      close (in);
      return fl_backup_io_error (error, saved, "Cannot write a file", dst);
    }
  for (;;)
    {
      ssize_t n = read (in, buf, FL_BACKUP_COPY_CHUNK);
      const guint8 *p = buf;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (in);
          close (out);
          return fl_backup_io_error (error, saved, "Cannot read a file", src);
        }
      if (n == 0)
        break;
      g_checksum_update (sum, buf, (gssize) n);
      total += n;
      while (n > 0)
        {
          ssize_t w = write (out, p, (size_t) n);
          if (w < 0 && errno == EINTR)
            continue;
          if (w <= 0)
            {
              int saved = errno ? errno : EIO;
              close (in);
              close (out);
              return fl_backup_io_error (error, saved, "Cannot write a file", dst);
            }
          p += w;
          n -= w;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (in);
          close (out);
          return FALSE;
        }
    }
  close (in);
  if (fsync (out) != 0 || close (out) != 0)
    return fl_backup_io_error (error, errno, "Cannot write a file", dst);
  *sha256 = g_strdup (g_checksum_get_string (sum));
  *size = total;
  return TRUE;
}

gboolean
fl_backup_hash_file (const char  *path,
                     char       **sha256,
                     gint64      *size,
                     GError     **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buf = g_malloc (FL_BACKUP_COPY_CHUNK);
  gint64 total = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return fl_backup_io_error (error, errno, "Cannot read a file", path);
  for (;;)
    {
      ssize_t n = read (fd, buf, FL_BACKUP_COPY_CHUNK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          return fl_backup_io_error (error, saved, "Cannot read a file", path);
        }
      if (n == 0)
        break;
      g_checksum_update (sum, buf, (gssize) n);
      total += n;
    }
  close (fd);
  *sha256 = g_strdup (g_checksum_get_string (sum));
  *size = total;
  return TRUE;
}

/* TRUE when @path is absent or an empty folder; @exists tells which. */
gboolean
fl_backup_absent_or_empty (const char  *path,
                           gboolean    *exists,
                           GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local = NULL;

  *exists = g_file_test (path, G_FILE_TEST_EXISTS);
  if (!*exists)
    return TRUE;
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_EXISTS, "%s is a file, not a folder. Choose a folder.", path);
      return FALSE;
    }
  dir = g_dir_open (path, 0, &local);
  if (dir == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_IO, "Cannot open %s: %s.", path, local->message);
      return FALSE;
    }
  return g_dir_read_name (dir) == NULL;
}

/* A hidden folder beside @target, on the same disk, for an atomic rename. */
char *
fl_backup_make_staging (const char  *target,
                        const char  *purpose,
                        GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *name = g_strdup_printf (".%s.%s-XXXXXX", base, purpose);
  char *staging = g_build_filename (parent, name, NULL);

  if (g_mkdir_with_parents (parent, 0700) != 0 || g_mkdtemp_full (staging, 0700) == NULL)
    {
      int saved = errno;
      g_free (staging);
      fl_backup_io_error (error, saved, "Cannot create a folder", parent);
      return NULL;
    }
  return staging;
}

static gint
compare_paths (gconstpointer a,
               gconstpointer b)
{
  /* g_ptr_array_sort() passes pointers to the elements */
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Messages name the folder the user chose, not the hidden one it is built in. */
void
fl_backup_staged_to_final (GError     *error,
                           const char *staging,
                           const char *final)
{
  g_autoptr(GString) message = NULL;

  if (error == NULL || strstr (error->message, staging) == NULL)
    return;
  message = g_string_new (error->message);
  g_string_replace (message, staging, final, 0);
  g_free (error->message);
  error->message = g_string_free (g_steal_pointer (&message), FALSE);
}

/* images/<shard>/<file> below @data_dir, sorted; the store's unfinished
 * temporary files are left out. */
GPtrArray *
fl_backup_list_store (const char  *data_dir,
                      GError     **error)
{
  g_autofree char *images = g_build_filename (data_dir, "images", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) top = NULL;
  const char *shard;

  if (!g_file_test (images, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&files);
  top = g_dir_open (images, 0, error);
  if (top == NULL)
    return NULL;
  while ((shard = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *shard_path = g_build_filename (images, shard, NULL);
      g_autoptr(GDir) sub = NULL;
      const char *name;

      if (!g_file_test (shard_path, G_FILE_TEST_IS_DIR))
        continue;
      sub = g_dir_open (shard_path, 0, error);
      if (sub == NULL)
        return NULL;
      while ((name = g_dir_read_name (sub)) != NULL)
        {
          g_autofree char *full = g_build_filename (shard_path, name, NULL);
          if (strstr (name, ".tmp-") != NULL || !g_file_test (full, G_FILE_TEST_IS_REGULAR))
            continue;
          g_ptr_array_add (files, g_strdup_printf ("images/%s/%s", shard, name));
        }
    }
  g_ptr_array_sort (files, compare_paths);
  return g_steal_pointer (&files);
}

gboolean
fl_backup_valid_hex64 (const char *s)
{
  if (s == NULL || strlen (s) != 64)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isxdigit (*s) || g_ascii_isupper (*s))
      return FALSE;
  return TRUE;
}
