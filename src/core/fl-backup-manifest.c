/* fl-backup-manifest.c: manifest.json: the SHA-256 and size of the database
 * copy and of every image file, written with the backup and checked before
 * anything is restored */
#include <json-glib/json-glib.h>
#include <string.h>

#include "fl-backup-private.h"

void
fl_backup_manifest_free (FlBackupManifest *m)
{
  g_free (m->created_at);
  g_free (m->created_by);
  g_clear_pointer (&m->database, fl_backup_entry_free);
  g_clear_pointer (&m->files, g_ptr_array_unref);
  g_free (m);
}

gboolean
fl_backup_write_manifest (const char           *dir,
                          FlSession            *admin,
                          const FlBackupEntry  *database,
                          GPtrArray            *files,
                          GError              **error)
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
  json_builder_add_string_value (b, FL_BACKUP_FORMAT_NAME);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, FL_BACKUP_FORMAT_VERSION);
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
      const FlBackupEntry *e = g_ptr_array_index (files, i);
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

static FlBackupEntry *
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
      !fl_backup_valid_hex64 (json_object_get_string_member (o, "sha256")))
    return NULL;
  return fl_backup_entry_new (json_object_get_string_member (o, "path"), json_object_get_string_member (o, "sha256"),
                    json_object_get_int_member (o, "size"));
}

FlBackupManifest *
fl_backup_read_manifest (const char  *backup_dir,
                         GError     **error)
{
  g_autofree char *path = g_build_filename (backup_dir, FL_BACKUP_MANIFEST, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  g_autoptr(FlBackupManifest) m = NULL;
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
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "format", ""), FL_BACKUP_FORMAT_NAME) != 0 ||
      json_object_get_int_member_with_default (root, "version", 0) != FL_BACKUP_FORMAT_VERSION)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "%s is not a FaceLeads backup manifest of a version this program reads. "
                   "Nothing was restored.", path);
      return NULL;
    }

  m = g_new0 (FlBackupManifest, 1);
  m->created_at = g_strdup (json_object_get_string_member_with_default (root, "created_at", ""));
  m->created_by = g_strdup (json_object_get_string_member_with_default (root, "created_by", ""));
  m->schema_version = json_object_get_int_member_with_default (root, "schema_version", 0);
  m->database = entry_from_json (json_object_get_member (root, "database"));
  m->files = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_backup_entry_free);
  files = json_object_has_member (root, "files") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "files"))
          ? json_object_get_array_member (root, "files") : NULL;
  if (m->database == NULL || !g_str_equal (m->database->path, FL_BACKUP_DB_NAME) || files == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "The backup's manifest %s is incomplete (no database entry or file list). "
                   "Nothing was restored; use another backup.", path);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      FlBackupEntry *e = entry_from_json (json_array_get_element (files, i));
      if (e == NULL || !safe_image_path (e->path))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                       "FlBackupEntry %u of the backup's manifest %s is not a valid image entry%s%s. "
                       "Nothing was restored; use another backup.", i + 1, path,
                       e ? ": " : "", e ? e->path : "");
          if (e)
            fl_backup_entry_free (e);
          return NULL;
        }
      g_ptr_array_add (m->files, e);
    }
  return g_steal_pointer (&m);
}

static gboolean
verify_entry (const char           *backup_dir,
              const FlBackupEntry  *entry,
              GError              **error)
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
  if (!fl_backup_hash_file (path, &sha, &size, error))
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

gboolean
fl_backup_verify_all (const char              *backup_dir,
                      const FlBackupManifest  *m,
                      GError                 **error)
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
  g_autoptr(FlBackupManifest) m = fl_backup_read_manifest (backup_dir, error);

  return m != NULL && fl_backup_verify_all (backup_dir, m, error);
}
