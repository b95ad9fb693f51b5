/* fl-audit.c: every action writes one row; each row's hash covers the
 * previous row's hash, so an edited, deleted or reordered row breaks the
 * chain at that row. The head (last id and hash) is also kept in settings so
 * rows cut off the end are noticed too. */
#include <json-glib/json-glib.h>
#include <stdarg.h>

#include "fl-audit.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

static char *
row_hash (const char *prev_hash,
          gint64      id,
          const char *ts,
          gint64      user_id,
          const char *username,
          const char *action,
          gint64      case_id,
          const char *outcome,
          const char *details)
{
  g_autoptr(GString) canon = g_string_new (NULL);

  /* Length-prefixed fields: no separator can be forged inside a value. */
  g_string_append_printf (canon, "%s|%" G_GINT64_FORMAT "|%zu:%s|%" G_GINT64_FORMAT "|%zu:%s|%zu:%s|%"
                          G_GINT64_FORMAT "|%zu:%s|%zu:%s",
                          prev_hash, id, strlen (ts), ts, user_id, strlen (username), username,
                          strlen (action), action, case_id, strlen (outcome), outcome,
                          strlen (details), details);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, canon->str, canon->len);
}

void
fl_audit_verdict_clear (FlAuditVerdict *verdict)
{
  g_clear_pointer (&verdict->problem, g_free);
  verdict->rows = 0;
  verdict->first_bad_id = 0;
}

char *
fl_audit_details (const char *first_key,
                  ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);
      json_builder_set_member_name (builder, key);
      if (value != NULL)
        json_builder_add_string_value (builder, value);
      else
        json_builder_add_null_value (builder);
    }
  va_end (args);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

gboolean
fl_audit_append (FlDb        *db,
                 gint64       user_id,
                 const char  *username,
                 const char  *action,
                 gint64       case_id,
                 const char  *outcome,
                 const char  *details_json,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) last = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) head = NULL;
  g_autofree char *ts = fl_now_iso8601 ();
  g_autofree char *prev = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *head_value = NULL;
  gint64 id;

  g_return_val_if_fail (action != NULL && outcome != NULL, FALSE);

  if (username == NULL)
    username = "";
  if (details_json == NULL)
    details_json = "{}";

  if (!fl_db_exec (db, "SAVEPOINT audit_append;", error))
    return FALSE;

  last = fl_db_prepare (db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1;", error);
  if (last == NULL)
    goto fail;
  if (sqlite3_step (last) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (last, 0) + 1;
      prev = fl_db_column_dup (last, 1);
    }
  else
    {
      id = 1;
      prev = g_strdup (GENESIS_HASH);
    }

  hash = row_hash (prev, id, ts, user_id, username, action, case_id, outcome, details_json);

  insert = fl_db_prepare (db,
                          "INSERT INTO audit (id, ts, user_id, username, action, case_id, outcome,"
                          " details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);",
                          error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_int64 (insert, 1, id);
  fl_db_bind_text (insert, 2, ts);
  if (user_id > 0)
    sqlite3_bind_int64 (insert, 3, user_id);
  fl_db_bind_text (insert, 4, username);
  fl_db_bind_text (insert, 5, action);
  if (case_id > 0)
    sqlite3_bind_int64 (insert, 6, case_id);
  fl_db_bind_text (insert, 7, outcome);
  fl_db_bind_text (insert, 8, details_json);
  fl_db_bind_text (insert, 9, prev);
  fl_db_bind_text (insert, 10, hash);
  if (!fl_db_step_done (db, insert, error))
    goto fail;

  head_value = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", id, hash);
  head = fl_db_prepare (db, "INSERT OR REPLACE INTO settings (key, value) VALUES ('audit_head', ?);", error);
  if (head == NULL)
    goto fail;
  fl_db_bind_text (head, 1, head_value);
  if (!fl_db_step_done (db, head, error))
    goto fail;

  return fl_db_exec (db, "RELEASE audit_append;", error);

fail:
  sqlite3_exec (fl_db_get_handle (db), "ROLLBACK TO audit_append; RELEASE audit_append;", NULL, NULL, NULL);
  return FALSE;
}

gboolean
fl_audit_verify (FlDb            *db,
                 FlAuditVerdict  *verdict,
                 GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) head = NULL;
  g_autofree char *prev = g_strdup (GENESIS_HASH);
  gint64 expected_id = 1;
  gint64 last_id = 0;
  int rc;

  g_return_val_if_fail (verdict != NULL, FALSE);
  fl_audit_verdict_clear (verdict);

  stmt = fl_db_prepare (db,
                        "SELECT id, ts, COALESCE (user_id, 0), username, action, COALESCE (case_id, 0),"
                        " outcome, details, prev_hash, hash FROM audit ORDER BY rowid;", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *ts = (const char *) sqlite3_column_text (stmt, 1);
      const char *stored_prev = (const char *) sqlite3_column_text (stmt, 8);
      const char *stored_hash = (const char *) sqlite3_column_text (stmt, 9);
      g_autofree char *computed = NULL;

      verdict->rows++;
      if (id != expected_id)
        {
          verdict->first_bad_id = id;
          verdict->problem = g_strdup_printf ("row %" G_GINT64_FORMAT " follows row %" G_GINT64_FORMAT
                                              ": rows were deleted or reordered", id, expected_id - 1);
          return TRUE;
        }
      if (g_strcmp0 (stored_prev, prev) != 0)
        {
          verdict->first_bad_id = id;
          verdict->problem = g_strdup_printf ("row %" G_GINT64_FORMAT " does not continue the chain: "
                                              "the row before it was changed, deleted or moved", id);
          return TRUE;
        }
      computed = row_hash (prev, id, ts ? ts : "", sqlite3_column_int64 (stmt, 2),
                           (const char *) sqlite3_column_text (stmt, 3),
                           (const char *) sqlite3_column_text (stmt, 4),
                           sqlite3_column_int64 (stmt, 5),
                           (const char *) sqlite3_column_text (stmt, 6),
                           (const char *) sqlite3_column_text (stmt, 7));
      if (g_strcmp0 (computed, stored_hash) != 0)
        {
          verdict->first_bad_id = id;
          verdict->problem = g_strdup_printf ("row %" G_GINT64_FORMAT " was changed after it was written", id);
          return TRUE;
        }
      g_free (prev);
      prev = g_strdup (stored_hash);
      last_id = id;
      expected_id = id + 1;
    }
  if (rc != SQLITE_DONE)
    return fl_db_set_error (db, error, "Cannot read the audit trail");

  head = fl_db_prepare (db, "SELECT value FROM settings WHERE key = 'audit_head';", error);
  if (head == NULL)
    return FALSE;
  if (sqlite3_step (head) == SQLITE_ROW)
    {
      g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", last_id, prev);
      if (g_strcmp0 (expected, (const char *) sqlite3_column_text (head, 0)) != 0)
        {
          verdict->first_bad_id = last_id + 1;
          verdict->problem = g_strdup_printf ("the trail ends at row %" G_GINT64_FORMAT
                                              " but was last written at %s: rows were removed from the end",
                                              last_id, (const char *) sqlite3_column_text (head, 0));
        }
    }
  else if (last_id > 0)
    {
      verdict->first_bad_id = last_id;
      verdict->problem = g_strdup ("the record of the trail's last row is missing");
    }
  return TRUE;
}
