/* fl-seal.c: a seal/destroy notice on a case purges its images and keeps a
 * record of the notice. Rows are changed first and the files removed last,
 * so a refused or failed notice never leaves a case with missing images. */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "fl-audit.h"
#include "fl-seal.h"
#include "fl-store.h"

void
fl_seal_notice_free (FlSealNotice *notice)
{
  if (notice == NULL)
    return;
  g_free (notice->scope);
  g_free (notice->target_label);
  g_free (notice->notice_ref);
  g_free (notice->notice_date);
  g_free (notice->entered_by_name);
  g_free (notice->entered_at);
  g_free (notice->purged_summary);
  g_free (notice);
}

/* What an image of the case is, in the order it is counted under. */
typedef enum
{
  IMAGE_ORIGINAL_PROBE,
  IMAGE_ENHANCED_PROBE,
  IMAGE_REQUEST,
  IMAGE_REPORT,
  N_IMAGE_KINDS,
} ImageKind;

static const char * const image_kind_keys[N_IMAGE_KINDS] = {
  "original_probe_images", "enhanced_probe_images", "request_images", "report_pdfs",
};

static gboolean
valid_notice_date (const char  *date,
                   GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  int y, m, d;

  if (date == NULL || strlen (date) != 10 || sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      date[4] != '-' || date[7] != '-' || !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The notice date “%s” is not a date: write it as YYYY-MM-DD, as on the notice.",
                   date ? date : "");
      return FALSE;
    }
  if (strcmp (date, today) > 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The notice date %s is in the future. Enter the date the notice was issued.", date);
      return FALSE;
    }
  return TRUE;
}

/* TRUE when a record outside case @case_id still needs the image @hash. */
static gboolean
hash_used_elsewhere (FlDb        *db,
                     const char  *hash,
                     gint64       case_id,
                     gboolean    *used,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db,
    "SELECT EXISTS (SELECT 1 FROM probes WHERE hash = ?1 AND case_id <> ?2)"
    "  OR EXISTS (SELECT 1 FROM request_images ri WHERE ri.hash = ?1"
    "             AND ri.request_id <> (SELECT request_id FROM cases WHERE id = ?2))"
    "  OR EXISTS (SELECT 1 FROM reports WHERE hash = ?1 AND case_id <> ?2)"
    "  OR EXISTS (SELECT 1 FROM gallery_images WHERE hash = ?1)"
    "  OR EXISTS (SELECT 1 FROM settings WHERE key = 'logo_hash' AND value = ?1);", error);

  if (stmt == NULL)
    return FALSE;
  fl_db_bind_text (stmt, 1, hash);
  sqlite3_bind_int64 (stmt, 2, case_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return fl_db_set_error (db, error, "Cannot read the case's images");
  *used = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

/* hash → ImageKind (the first kind it was seen under), for the case's
 * images that are still in the store. */
static GHashTable *
case_images (FlDb    *db,
             gint64   case_id,
             GError **error)
{
  g_autoptr(GHashTable) images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db,
    "SELECT hash, kind FROM ("
    "  SELECT p.hash, CASE WHEN p.parent_id IS NULL THEN 0 ELSE 1 END AS kind FROM probes p"
    "   WHERE p.case_id = ?1"
    "  UNION ALL SELECT ri.hash, 2 FROM request_images ri JOIN cases c ON c.request_id = ri.request_id"
    "   WHERE c.id = ?1 AND ri.hash IS NOT NULL"
    "  UNION ALL SELECT r.hash, 3 FROM reports r WHERE r.case_id = ?1)"
    " JOIN blobs b USING (hash) WHERE b.purged_at IS NULL"
    " ORDER BY kind, hash;", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *hash = (const char *) sqlite3_column_text (stmt, 0);
      if (!g_hash_table_contains (images, hash))
        g_hash_table_insert (images, g_strdup (hash), GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the case's images");
      return NULL;
    }
  return g_steal_pointer (&images);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

gint64
fl_seal_case (FlSession   *admin,
              gint64       case_id,
              const char  *notice_ref,
              const char  *notice_date,
              GError     **error)
{
  FlDb *db;
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autoptr(sqlite3_stmt) landmarks = NULL;
  g_autoptr(GHashTable) images = NULL;
  g_autoptr(GPtrArray) purge = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *fr_number = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *details = NULL;
  g_autofree char *notice_id_text = NULL;
  gint64 counts[N_IMAGE_KINDS] = { 0 };
  gint64 kept_shared = 0, landmark_points = 0, notice_id;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (FL_IS_SESSION (admin), 0);

  if (!fl_session_require (admin, FL_ROLE_ADMIN, FALSE, "case.seal", error))
    return 0;
  db = fl_session_get_db (admin);

  ref = g_strstrip (g_strdup (notice_ref ? notice_ref : ""));
  if (*ref == '\0')
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The notice reference is empty. Enter the reference printed on the seal/destroy notice.");
      return 0;
    }
  if (!valid_notice_date (notice_date, error))
    return 0;

  find = fl_db_prepare (db, "SELECT fr_number, sealed FROM cases WHERE id = ?;", error);
  if (find == NULL)
    return 0;
  sqlite3_bind_int64 (find, 1, case_id);
  if (sqlite3_step (find) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "There is no case with id %" G_GINT64_FORMAT ". Check the case number.", case_id);
      return 0;
    }
  fr_number = fl_db_column_dup (find, 0);
  if (sqlite3_column_int (find, 1))
    {
      g_autoptr(FlSealNotice) existing = fl_seal_notice_lookup (db, FL_SEAL_SCOPE_CASE, case_id, NULL);
      g_set_error (error, FL_ERROR, FL_ERROR_EXISTS,
                   "Case %s is already sealed%s%s%s%s. Nothing was changed.", fr_number,
                   existing ? " under notice " : "", existing ? existing->notice_ref : "",
                   existing ? " of " : "", existing ? existing->notice_date : "");
      return 0;
    }

  if (!fl_db_begin (db, error))
    return 0;

  images = case_images (db, case_id, error);
  if (images == NULL)
    goto fail;
  g_hash_table_iter_init (&iter, images);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gboolean used = FALSE;

      if (!hash_used_elsewhere (db, key, case_id, &used, error))
        goto fail;
      if (used)
        kept_shared++;
      else
        {
          counts[GPOINTER_TO_INT (value)]++;
          g_ptr_array_add (purge, key);
        }
    }
  g_ptr_array_sort (purge, compare_strings);

  /* Hand-placed landmarks describe the purged faces: they go with them. */
  landmarks = fl_db_prepare (db, "DELETE FROM manual_landmarks WHERE image_hash = ?;", error);
  if (landmarks == NULL)
    goto fail;
  for (guint i = 0; i < purge->len; i++)
    {
      sqlite3_reset (landmarks);
      fl_db_bind_text (landmarks, 1, g_ptr_array_index (purge, i));
      if (!fl_db_step_done (db, landmarks, error))
        goto fail;
      landmark_points += sqlite3_changes (fl_db_get_handle (db));
    }

  json_builder_begin_object (builder);
  for (int k = 0; k < N_IMAGE_KINDS; k++)
    {
      json_builder_set_member_name (builder, image_kind_keys[k]);
      json_builder_add_int_value (builder, counts[k]);
    }
  json_builder_set_member_name (builder, "kept_shared");
  json_builder_add_int_value (builder, kept_shared);
  json_builder_set_member_name (builder, "landmark_points");
  json_builder_add_int_value (builder, landmark_points);
  json_builder_set_member_name (builder, "purged_sha256");
  json_builder_begin_array (builder);
  for (guint i = 0; i < purge->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (purge, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  summary = json_generator_to_data (gen, NULL);

  insert = fl_db_prepare (db, "INSERT INTO seal_notices (scope, target_id, notice_ref, notice_date,"
                              " entered_by, entered_at, purged_summary) VALUES ('case', ?, ?, ?, ?, ?, ?);",
                          error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_int64 (insert, 1, case_id);
  fl_db_bind_text (insert, 2, ref);
  fl_db_bind_text (insert, 3, notice_date);
  sqlite3_bind_int64 (insert, 4, fl_session_get_user_id (admin));
  fl_db_bind_text (insert, 5, now);
  fl_db_bind_text (insert, 6, summary);
  if (!fl_db_step_done (db, insert, error))
    goto fail;
  notice_id = sqlite3_last_insert_rowid (fl_db_get_handle (db));

  mark = fl_db_prepare (db, "UPDATE cases SET sealed = 1 WHERE id = ?;", error);
  if (mark == NULL)
    goto fail;
  sqlite3_bind_int64 (mark, 1, case_id);
  if (!fl_db_step_done (db, mark, error))
    goto fail;

  notice_id_text = g_strdup_printf ("%" G_GINT64_FORMAT, notice_id);
  {
    char n_images[24], n_kept[24];

    g_snprintf (n_images, sizeof n_images, "%u", purge->len);
    g_snprintf (n_kept, sizeof n_kept, "%" G_GINT64_FORMAT, kept_shared);
    details = fl_audit_details ("notice_id", notice_id_text, "notice_ref", ref, "notice_date", notice_date,
                                "images_purged", n_images, "images_kept_shared", n_kept, NULL);
  }
  if (!fl_session_audit (admin, "case.seal", case_id, "success", details, error))
    goto fail;

  /* Last, once every row is in place: the files themselves. */
  for (guint i = 0; i < purge->len; i++)
    if (!fl_store_purge (db, g_ptr_array_index (purge, i), error))
      goto fail;

  if (!fl_db_commit (db, error))
    return 0;
  return notice_id;

fail:
  fl_db_rollback (db);
  return 0;
}

#define NOTICE_SELECT \
  "SELECT n.id, n.scope, n.target_id," \
  "  CASE n.scope WHEN 'case' THEN COALESCE (c.fr_number, 'case #' || n.target_id)" \
  "    ELSE COALESCE (g.name, 'gallery') || ', subject #' || n.target_id END," \
  "  n.notice_ref, n.notice_date, n.entered_by, u.username, n.entered_at, n.purged_summary" \
  " FROM seal_notices n" \
  " LEFT JOIN users u ON u.id = n.entered_by" \
  " LEFT JOIN cases c ON n.scope = 'case' AND c.id = n.target_id" \
  " LEFT JOIN subjects s ON n.scope = 'subject' AND s.id = n.target_id" \
  " LEFT JOIN galleries g ON g.id = s.gallery_id"

static FlSealNotice *
notice_from_row (sqlite3_stmt *stmt)
{
  FlSealNotice *notice = g_new0 (FlSealNotice, 1);

  notice->id = sqlite3_column_int64 (stmt, 0);
  notice->scope = fl_db_column_dup (stmt, 1);
  notice->target_id = sqlite3_column_int64 (stmt, 2);
  notice->target_label = fl_db_column_dup (stmt, 3);
  notice->notice_ref = fl_db_column_dup (stmt, 4);
  notice->notice_date = fl_db_column_dup (stmt, 5);
  notice->entered_by = sqlite3_column_int64 (stmt, 6);
  notice->entered_by_name = fl_db_column_dup (stmt, 7);
  notice->entered_at = fl_db_column_dup (stmt, 8);
  notice->purged_summary = fl_db_column_dup (stmt, 9);
  return notice;
}

GPtrArray *
fl_seal_notices_list (FlDb        *db,
                      const char  *scope,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) notices = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_seal_notice_free);
  int rc;

  stmt = fl_db_prepare (db, NOTICE_SELECT " WHERE ?1 IS NULL OR n.scope = ?1 ORDER BY n.entered_at DESC, n.id DESC;",
                        error);
  if (stmt == NULL)
    return NULL;
  fl_db_bind_text (stmt, 1, scope);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (notices, notice_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the seal notices");
      return NULL;
    }
  return g_steal_pointer (&notices);
}

FlSealNotice *
fl_seal_notice_lookup (FlDb        *db,
                       const char  *scope,
                       gint64       target_id,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (scope != NULL, NULL);

  stmt = fl_db_prepare (db, NOTICE_SELECT " WHERE n.scope = ? AND n.target_id = ? ORDER BY n.id LIMIT 1;", error);
  if (stmt == NULL)
    return NULL;
  fl_db_bind_text (stmt, 1, scope);
  sqlite3_bind_int64 (stmt, 2, target_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return notice_from_row (stmt);
  if (rc != SQLITE_DONE)
    fl_db_set_error (db, error, "Cannot read the seal notices");
  return NULL;
}
