/* fl-backup.c: backup folders and restoring them. Both build in a hidden
 * sibling folder and rename it into place at the end: a cancelled, failed or
 * interrupted run leaves the chosen folder untouched. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "fl-audit.h"
#include "fl-backup.h"

#define FORMAT_NAME    "faceleads-backup"
#define FORMAT_VERSION 1
#define DB_NAME        "faceleads.db"
#define COPY_CHUNK     (256 * 1024)

typedef struct
{
  char   *path;    /* relative to the folder: "faceleads.db", "images/ab/ab….jpg" */
  char   *sha256;
  gint64  size;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->path);
  g_free (entry->sha256);
  g_free (entry);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Entry, entry_free)

static Entry *
entry_new (const char *path,
           const char *sha256,
           gint64      size)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->path = g_strdup (path);
  entry->sha256 = g_strdup (sha256);
  entry->size = size;
  return entry;
}

static gboolean
io_error (GError     **error,
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
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* Copies @src to a new file @dst (never overwriting), hashing what it reads. */
static gboolean
copy_and_hash (const char    *src,
               const char    *dst,
               char         **sha256,
               gint64        *size,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buf = g_malloc (COPY_CHUNK);
  g_autofree char *dir = g_path_get_dirname (dst);
  gint64 total = 0;
  int in, out;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return io_error (error, errno, "Cannot create a folder", dir);
  in = g_open (src, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0)
    return io_error (error, errno, "Cannot read a file", src);
  out = g_open (dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0)
    {
      int saved = errno;
      close (in);
      return io_error (error, saved, "Cannot write a file", dst);
    }
  for (;;)
    {
      ssize_t n = read (in, buf, COPY_CHUNK);
      const guint8 *p = buf;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (in);
          close (out);
          return io_error (error, saved, "Cannot read a file", src);
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
              return io_error (error, saved, "Cannot write a file", dst);
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
    return io_error (error, errno, "Cannot write a file", dst);
  *sha256 = g_strdup (g_checksum_get_string (sum));
  *size = total;
  return TRUE;
}

static gboolean
hash_file (const char  *path,
           char       **sha256,
           gint64      *size,
           GError     **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buf = g_malloc (COPY_CHUNK);
  gint64 total = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return io_error (error, errno, "Cannot read a file", path);
  for (;;)
    {
      ssize_t n = read (fd, buf, COPY_CHUNK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          return io_error (error, saved, "Cannot read a file", path);
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
static gboolean
absent_or_empty (const char  *path,
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
static char *
make_staging (const char  *target,
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
      io_error (error, saved, "Cannot create a folder", parent);
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

/* images/<shard>/<file> below @data_dir, sorted; the store's unfinished
 * temporary files are left out. */
static GPtrArray *
list_store (const char  *data_dir,
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

/* ---- the manifest ------------------------------------------------------ */

static gboolean
write_manifest (const char  *dir,
                FlSession   *admin,
                const Entry *database,
                GPtrArray   *files,
                GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *text = NULL;
  g_autofree char *path = g_build_filename (dir, FL_BACKUP_MANIFEST, NULL);
  FlDb *db = fl_session_get_db (admin);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, FORMAT_NAME);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, FORMAT_VERSION);
  json_builder_set_member_name (b, "created_at");
  json_builder_add_string_value (b, now);
  json_builder_set_member_name (b, "created_by");
  json_builder_add_string_value (b, fl_session_get_username (admin));
  json_builder_set_member_name (b, "faceleads_version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, fl_db_get_schema_version (db));
  json_builder_set_member_name (b, "audit_rows");
  json_builder_add_int_value (b, fl_db_query_int64 (db, "SELECT count (*) FROM audit;", 0));
  json_builder_set_member_name (b, "database");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, database->path);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, database->sha256);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, database->size);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "files");
  json_builder_begin_array (b);
  for (guint i = 0; i < files->len; i++)
    {
      const Entry *e = g_ptr_array_index (files, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, e->path);
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, e->sha256);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, e->size);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  if (!g_file_set_contents_full (path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600, error))
    {
      g_prefix_error (error, "Cannot write the backup's manifest: ");
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char      *created_at;
  char      *created_by;
  gint64     schema_version;
  Entry     *database;
  GPtrArray *files;   /* Entry */
} Manifest;

static void
manifest_free (Manifest *m)
{
  g_free (m->created_at);
  g_free (m->created_by);
  g_clear_pointer (&m->database, entry_free);
  g_clear_pointer (&m->files, g_ptr_array_unref);
  g_free (m);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Manifest, manifest_free)

static gboolean
valid_hex64 (const char *s)
{
  if (s == NULL || strlen (s) != 64)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isxdigit (*s) || g_ascii_isupper (*s))
      return FALSE;
  return TRUE;
}

/* Only images/<dir>/<file>: a manifest can never point outside the folder. */
static gboolean
safe_image_path (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || !g_str_has_prefix (path, "images/") || strchr (path, '\\') != NULL)
    return FALSE;
  parts = g_strsplit (path, "/", -1);
  if (g_strv_length (parts) != 3)
    return FALSE;
  for (int i = 0; parts[i]; i++)
    if (*parts[i] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
      return FALSE;
  return TRUE;
}

static Entry *
entry_from_json (JsonNode *node)
{
  JsonObject *o;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  o = json_node_get_object (node);
  if (!json_object_has_member (o, "path") || !json_object_has_member (o, "sha256") ||
      !json_object_has_member (o, "size") ||
      json_node_get_value_type (json_object_get_member (o, "path")) != G_TYPE_STRING ||
      json_node_get_value_type (json_object_get_member (o, "sha256")) != G_TYPE_STRING ||
      !valid_hex64 (json_object_get_string_member (o, "sha256")))
    return NULL;
  return entry_new (json_object_get_string_member (o, "path"), json_object_get_string_member (o, "sha256"),
                    json_object_get_int_member (o, "size"));
}

static Manifest *
read_manifest (const char  *backup_dir,
               GError     **error)
{
  g_autofree char *path = g_build_filename (backup_dir, FL_BACKUP_MANIFEST, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  g_autoptr(Manifest) m = NULL;
  JsonObject *root;
  JsonArray *files;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "%s has no %s: it is not a FaceLeads backup, or the backup is incomplete. "
                   "Nothing was restored; choose a complete backup folder.", backup_dir, FL_BACKUP_MANIFEST);
      return NULL;
    }
  if (!json_parser_load_from_file (parser, path, &local) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "The backup's manifest %s cannot be read (%s). Nothing was restored; use another backup.",
                   path, local ? local->message : "not a JSON object");
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "format", ""), FORMAT_NAME) != 0 ||
      json_object_get_int_member_with_default (root, "version", 0) != FORMAT_VERSION)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "%s is not a FaceLeads backup manifest of a version this program reads. "
                   "Nothing was restored.", path);
      return NULL;
    }

  m = g_new0 (Manifest, 1);
  m->created_at = g_strdup (json_object_get_string_member_with_default (root, "created_at", ""));
  m->created_by = g_strdup (json_object_get_string_member_with_default (root, "created_by", ""));
  m->schema_version = json_object_get_int_member_with_default (root, "schema_version", 0);
  m->database = entry_from_json (json_object_get_member (root, "database"));
  m->files = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  files = json_object_has_member (root, "files") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "files"))
          ? json_object_get_array_member (root, "files") : NULL;
  if (m->database == NULL || !g_str_equal (m->database->path, DB_NAME) || files == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "The backup's manifest %s is incomplete (no database entry or file list). "
                   "Nothing was restored; use another backup.", path);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      Entry *e = entry_from_json (json_array_get_element (files, i));
      if (e == NULL || !safe_image_path (e->path))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                       "Entry %u of the backup's manifest %s is not a valid image entry%s%s. "
                       "Nothing was restored; use another backup.", i + 1, path,
                       e ? ": " : "", e ? e->path : "");
          if (e)
            entry_free (e);
          return NULL;
        }
      g_ptr_array_add (m->files, e);
    }
  return g_steal_pointer (&m);
}

static gboolean
verify_entry (const char   *backup_dir,
              const Entry  *entry,
              GError      **error)
{
  g_autofree char *path = g_build_filename (backup_dir, entry->path, NULL);
  g_autofree char *sha = NULL;
  gint64 size = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "The backup does not verify: %s is missing. Nothing was restored; use another backup.",
                   entry->path);
      return FALSE;
    }
  if (!hash_file (path, &sha, &size, error))
    return FALSE;
  if (size != entry->size || !g_str_equal (sha, entry->sha256))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "The backup does not verify: %s was altered or damaged (its SHA-256 does not match "
                   "the manifest). Nothing was restored; use another backup.", entry->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
verify_all (const char      *backup_dir,
            const Manifest  *m,
            GError         **error)
{
  if (!verify_entry (backup_dir, m->database, error))
    return FALSE;
  for (guint i = 0; i < m->files->len; i++)
    if (!verify_entry (backup_dir, g_ptr_array_index (m->files, i), error))
      return FALSE;
  return TRUE;
}

gboolean
fl_backup_verify (const char  *backup_dir,
                  GError     **error)
{
  g_autoptr(Manifest) m = read_manifest (backup_dir, error);

  return m != NULL && verify_all (backup_dir, m, error);
}

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
        io_error (error, ENOSPC, "Cannot copy the case database", dest_path);
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
  return !valid_hex64 (base) || g_str_equal (base, sha256);
}

gboolean
fl_backup_create (FlSession      *admin,
                  const char     *dest_dir,
                  FlProgressFunc  progress,
                  gpointer        user_data,
                  GCancellable   *cancellable,
                  GError        **error)
{
  FlDb *db;
  g_autofree char *staging = NULL;
  g_autofree char *db_copy = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *details = NULL;
  g_autoptr(GPtrArray) store = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(Entry) database = NULL;
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

  if (!absent_or_empty (dest_dir, &dest_exists, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, FL_ERROR, FL_ERROR_EXISTS,
                     "The folder %s is not empty. Choose a new or empty folder for the backup.", dest_dir);
      return FALSE;
    }
  store = list_store (fl_db_get_data_dir (db), &local);
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

  staging = make_staging (dest_dir, "partial", error);
  if (staging == NULL)
    return FALSE;

  db_copy = g_build_filename (staging, DB_NAME, NULL);
  if (!backup_database (db, db_copy, &p, cancellable, &local) || !hash_file (db_copy, &sha, &size, &local))
    goto fail;
  database = entry_new (DB_NAME, sha, size);
  g_clear_pointer (&sha, g_free);

  for (guint i = 0; i < store->len; i++)
    {
      const char *rel = g_ptr_array_index (store, i);
      g_autofree char *src = g_build_filename (fl_db_get_data_dir (db), rel, NULL);
      g_autofree char *dst = g_build_filename (staging, rel, NULL);

      if (!copy_and_hash (src, dst, &sha, &size, cancellable, &local))
        goto fail;
      if (!name_matches_hash (rel, sha))
        {
          g_set_error (&local, FL_ERROR, FL_ERROR_CORRUPT,
                       "The stored image %s no longer matches its SHA-256: it was altered on disk. "
                       "No backup was made; restore that image from an earlier backup first.", src);
          g_clear_pointer (&sha, g_free);
          goto fail;
        }
      g_ptr_array_add (files, entry_new (rel, sha, size));
      g_clear_pointer (&sha, g_free);
      progress_add (&p, size, "Copying images");
    }

  if (!write_manifest (staging, admin, database, files, &local))
    goto fail;
  if (dest_exists && g_rmdir (dest_dir) != 0)
    {
      io_error (&local, errno, "Cannot use the backup folder", dest_dir);
      goto fail;
    }
  if (g_rename (staging, dest_dir) != 0)
    {
      io_error (&local, errno, "Cannot name the backup folder", dest_dir);
      goto fail;
    }

  g_snprintf (n_files, sizeof n_files, "%u", files->len);
  g_snprintf (n_bytes, sizeof n_bytes, "%" G_GINT64_FORMAT, p.done);
  details = fl_audit_details ("folder", folder, "database_sha256", database->sha256, "images", n_files,
                              "bytes", n_bytes, NULL);
  /* the backup exists now: a failure to record it is reported, not undone */
  return fl_session_audit (admin, "backup.create", 0, "success", details, error);

fail:
  remove_tree (staging);
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
  g_autofree char *path = g_build_filename (data_dir, DB_NAME, NULL);
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
seal_restored_copy (const char      *staging,
                    const Manifest  *m,
                    const char      *moved_aside,
                    GError         **error)
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
  g_autoptr(Manifest) m = NULL;
  g_autofree char *staging = NULL;
  g_autofree char *aside = NULL;
  gboolean exists;
  gboolean empty;

  g_return_val_if_fail (backup_dir != NULL && data_dir != NULL, FALSE);

  m = read_manifest (backup_dir, error);
  if (m == NULL || !verify_all (backup_dir, m, error))
    return FALSE;

  empty = absent_or_empty (data_dir, &exists, NULL);
  if (exists && !g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_EXISTS, "%s is a file, not a data folder. Nothing was changed.",
                   data_dir);
      return FALSE;
    }
  if (exists && !empty && !check_not_in_use (data_dir, error))
    return FALSE;

  staging = make_staging (data_dir, "restoring", error);
  if (staging == NULL)
    return FALSE;

  /* copy, checking each copy against the manifest again: what is put in
   * place is exactly what was verified */
  for (guint i = 0; i <= m->files->len; i++)
    {
      const Entry *e = i == 0 ? m->database : g_ptr_array_index (m->files, i - 1);
      g_autofree char *src = g_build_filename (backup_dir, e->path, NULL);
      g_autofree char *dst = g_build_filename (staging, e->path, NULL);
      g_autofree char *sha = NULL;
      gint64 size;

      if (!copy_and_hash (src, dst, &sha, &size, NULL, error))
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
          io_error (error, errno, "Cannot move the current data folder aside", data_dir);
          goto fail;
        }
    }
  if (g_rename (staging, data_dir) != 0)
    {
      int saved = errno;
      if (aside != NULL)
        g_rename (aside, data_dir);
      io_error (error, saved, "Cannot put the restored data in place", data_dir);
      goto fail;
    }
  if (moved_aside != NULL)
    *moved_aside = g_steal_pointer (&aside);
  return TRUE;

fail:
  remove_tree (staging);
  return FALSE;
}
