/* fl-retention.c: what goes is decided by one function (collect()) that both
 * the preview and the purge call, the purge inside its write transaction;
 * the purge then deletes by the listed ids and checks each count, so it can
 * never remove more than the preview showed. */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "fl-audit.h"
#include "fl-retention.h"
#include "fl-settings.h"
#include "fl-store.h"

void
fl_retention_item_free (FlRetentionItem *item)
{
  if (item == NULL)
    return;
  g_free (item->label);
  g_free (item);
}

/* The working sets live in the connection's temp schema (never on disk with
 * the records). */
static const char setup_sql[] =
  "CREATE TEMP TABLE IF NOT EXISTS retention_cases (id INTEGER PRIMARY KEY);"
  "CREATE TEMP TABLE IF NOT EXISTS retention_requests (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL);"
  "CREATE TEMP TABLE IF NOT EXISTS retention_images (hash TEXT PRIMARY KEY, case_id INTEGER NOT NULL);"
  "CREATE TEMP TABLE IF NOT EXISTS retention_ids (kind TEXT NOT NULL, id INTEGER NOT NULL,"
  "  PRIMARY KEY (kind, id));"
  "DELETE FROM temp.retention_cases; DELETE FROM temp.retention_requests;"
  "DELETE FROM temp.retention_images; DELETE FROM temp.retention_ids;";

static const char select_cases_sql[] =
  "INSERT INTO temp.retention_cases (id)"
  " SELECT id FROM cases WHERE state = 'closed' AND closed_at IS NOT NULL AND closed_at < ?1;";

/* the closed cases' requests, and requests that never became a case
 * (refused or returned) decided before the cutoff */
static const char select_requests_sql[] =
  "INSERT INTO temp.retention_requests (id, case_id)"
  " SELECT c.request_id, c.id FROM cases c WHERE c.id IN (SELECT id FROM temp.retention_cases)"
  " UNION ALL"
  " SELECT r.id, 0 FROM requests r WHERE r.state IN ('refused', 'returned')"
  "  AND COALESCE (r.decided_at, r.created_at) < ?1"
  "  AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.request_id = r.id);";

/* images that only the outgoing records use */
static const char select_images_sql[] =
  "INSERT INTO temp.retention_images (hash, case_id)"
  " SELECT h.hash, min (h.case_id) FROM ("
  "   SELECT p.hash AS hash, p.case_id AS case_id FROM probes p"
  "    WHERE p.case_id IN (SELECT id FROM temp.retention_cases)"
  "   UNION ALL SELECT ri.hash, rr.case_id FROM request_images ri"
  "    JOIN temp.retention_requests rr ON rr.id = ri.request_id WHERE ri.hash IS NOT NULL"
  "   UNION ALL SELECT r.hash, r.case_id FROM reports r"
  "    WHERE r.case_id IN (SELECT id FROM temp.retention_cases)) h"
  " JOIN blobs b ON b.hash = h.hash"
  " WHERE b.purged_at IS NULL"
  "  AND NOT EXISTS (SELECT 1 FROM probes p WHERE p.hash = h.hash"
  "                  AND p.case_id NOT IN (SELECT id FROM temp.retention_cases))"
  "  AND NOT EXISTS (SELECT 1 FROM request_images ri WHERE ri.hash = h.hash"
  "                  AND ri.request_id NOT IN (SELECT id FROM temp.retention_requests))"
  "  AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.hash = h.hash"
  "                  AND r.case_id NOT IN (SELECT id FROM temp.retention_cases))"
  "  AND NOT EXISTS (SELECT 1 FROM gallery_images gi WHERE gi.hash = h.hash)"
  "  AND NOT EXISTS (SELECT 1 FROM settings s WHERE s.key = 'logo_hash' AND s.value = h.hash)"
  " GROUP BY h.hash;";

#define IN_CASES "IN (SELECT id FROM temp.retention_cases)"

/* Listing order; each query returns id, case id, label. */
static const struct
{
  const char *kind;
  const char *sql;
} listings[] = {
  { "case", "SELECT id, id, fr_number FROM cases WHERE id " IN_CASES " ORDER BY id;" },
  { "request", "SELECT id, case_id, NULL FROM temp.retention_requests ORDER BY case_id = 0, case_id, id;" },
  { "request_image", "SELECT ri.id, rr.case_id, NULL FROM request_images ri"
                     " JOIN temp.retention_requests rr ON rr.id = ri.request_id ORDER BY ri.id;" },
  { "probe", "SELECT id, case_id, NULL FROM probes WHERE case_id " IN_CASES " ORDER BY id;" },
  { "enhancement", "SELECT e.id, p.case_id, NULL FROM enhancements e JOIN probes p ON p.id = e.result_probe_id"
                   " WHERE p.case_id " IN_CASES " ORDER BY e.id;" },
  { "search", "SELECT id, case_id, NULL FROM searches WHERE case_id " IN_CASES " ORDER BY id;" },
  { "candidate", "SELECT ca.id, s.case_id, NULL FROM candidates ca JOIN searches s ON s.id = ca.search_id"
                 " WHERE s.case_id " IN_CASES " ORDER BY ca.id;" },
  { "comparison", "SELECT x.id, s.case_id, NULL FROM comparisons x JOIN candidates ca ON ca.id = x.candidate_id"
                  " JOIN searches s ON s.id = ca.search_id WHERE s.case_id " IN_CASES " ORDER BY x.id;" },
  { "conclusion", "SELECT x.id, s.case_id, NULL FROM conclusions x JOIN candidates ca ON ca.id = x.candidate_id"
                  " JOIN searches s ON s.id = ca.search_id WHERE s.case_id " IN_CASES " ORDER BY x.id;" },
  { "peer_review", "SELECT x.id, s.case_id, NULL FROM peer_reviews x JOIN candidates ca ON ca.id = x.candidate_id"
                   " JOIN searches s ON s.id = ca.search_id WHERE s.case_id " IN_CASES " ORDER BY x.id;" },
  { "report", "SELECT id, case_id, NULL FROM reports WHERE case_id " IN_CASES " ORDER BY id;" },
  { "dissemination", "SELECT d.id, r.case_id, NULL FROM disseminations d JOIN reports r ON r.id = d.report_id"
                     " WHERE r.case_id " IN_CASES " ORDER BY d.id;" },
  { "outcome", "SELECT id, case_id, NULL FROM outcomes WHERE case_id " IN_CASES " ORDER BY id;" },
  { "manual_landmark", "SELECT ml.id, ri.case_id, NULL FROM manual_landmarks ml"
                       " JOIN temp.retention_images ri ON ri.hash = ml.image_hash ORDER BY ml.id;" },
  { "image", "SELECT 0, case_id, hash FROM temp.retention_images ORDER BY case_id, hash;" },
};

#define IDS(kind) "(SELECT id FROM temp.retention_ids WHERE kind = '" kind "')"

/* Deletion order (what refers to a row goes before it). Rows without an id
 * of their own go with their owner: a candidate's comparison views, a
 * search's gallery list, an enhancement's steps. */
static const struct
{
  const char *kind;   /* NULL: a link table, no count to check */
  const char *sql;
} deletions[] = {
  { "comparison", "DELETE FROM comparisons WHERE id IN " IDS ("comparison") ";" },
  { NULL, "DELETE FROM comparison_views WHERE candidate_id IN " IDS ("candidate") ";" },
  { "conclusion", "DELETE FROM conclusions WHERE id IN " IDS ("conclusion") ";" },
  { "peer_review", "DELETE FROM peer_reviews WHERE id IN " IDS ("peer_review") ";" },
  { "dissemination", "DELETE FROM disseminations WHERE id IN " IDS ("dissemination") ";" },
  { "outcome", "DELETE FROM outcomes WHERE id IN " IDS ("outcome") ";" },
  { "report", "DELETE FROM reports WHERE id IN " IDS ("report") ";" },
  { "candidate", "DELETE FROM candidates WHERE id IN " IDS ("candidate") ";" },
  { NULL, "DELETE FROM search_galleries WHERE search_id IN " IDS ("search") ";" },
  { "search", "DELETE FROM searches WHERE id IN " IDS ("search") ";" },
  { NULL, "DELETE FROM enhancement_steps WHERE enhancement_id IN " IDS ("enhancement") ";" },
  { "enhancement", "DELETE FROM enhancements WHERE id IN " IDS ("enhancement") ";" },
  { "probe", "DELETE FROM probes WHERE id IN " IDS ("probe") ";" },
  { "case", "DELETE FROM cases WHERE id IN " IDS ("case") ";" },
  { "request_image", "DELETE FROM request_images WHERE id IN " IDS ("request_image") ";" },
  { "request", "DELETE FROM requests WHERE id IN " IDS ("request") ";" },
  { "manual_landmark", "DELETE FROM manual_landmarks WHERE id IN " IDS ("manual_landmark") ";" },
};

char *
fl_retention_cutoff (FlDb        *db,
                     const char  *as_of_date,
                     GError     **error)
{
  gint64 years = fl_settings_get_int (db, FL_SETTING_RETENTION_YEARS);
  int y, m, d;
  GDate date;
  char buf[16];

  if (as_of_date == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      y = g_date_time_get_year (now);
      m = g_date_time_get_month (now);
      d = g_date_time_get_day_of_month (now);
    }
  else if (strlen (as_of_date) != 10 || as_of_date[4] != '-' || as_of_date[7] != '-' ||
           sscanf (as_of_date, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "“%s” is not a date: write it as YYYY-MM-DD.", as_of_date);
      return NULL;
    }
  /* the setting never goes below five years; keep that floor here too */
  years = CLAMP (years, FL_RETENTION_AUDIT_MIN_YEARS, 99);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  g_date_subtract_years (&date, (guint) years);
  g_snprintf (buf, sizeof buf, "%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
  return g_strdup (buf);
}

static gboolean
exec_with_cutoff (FlDb        *db,
                  const char  *sql,
                  const char  *cutoff,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    fl_db_bind_text (stmt, 1, cutoff);
  return fl_db_step_done (db, stmt, error);
}

static gboolean
collect (FlDb        *db,
         const char  *cutoff,
         GPtrArray   *items,
         GError     **error)
{
  if (!fl_db_exec (db, setup_sql, error) ||
      !exec_with_cutoff (db, select_cases_sql, cutoff, error) ||
      !exec_with_cutoff (db, select_requests_sql, cutoff, error) ||
      !exec_with_cutoff (db, select_images_sql, cutoff, error))
    return FALSE;

  for (guint k = 0; k < G_N_ELEMENTS (listings); k++)
    {
      g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, listings[k].sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          FlRetentionItem *item = g_new0 (FlRetentionItem, 1);

          item->kind = listings[k].kind;
          item->id = sqlite3_column_int64 (stmt, 0);
          item->case_id = sqlite3_column_int64 (stmt, 1);
          item->label = fl_db_column_dup (stmt, 2);
          g_ptr_array_add (items, item);
        }
      if (rc != SQLITE_DONE)
        return fl_db_set_error (db, error, "Cannot list the records past retention");
    }
  return TRUE;
}

gboolean
fl_retention_preview (FlDb        *db,
                      const char  *as_of_date,
                      GPtrArray  **items,
                      GError     **error)
{
  g_autofree char *cutoff = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_retention_item_free);
  gboolean ok;

  g_return_val_if_fail (items != NULL, FALSE);

  cutoff = fl_retention_cutoff (db, as_of_date, error);
  if (cutoff == NULL)
    return FALSE;
  /* A read snapshot, so the lists agree with each other. A savepoint opens
   * a deferred transaction: the preview never waits for the write lock. */
  if (!fl_db_exec (db, "SAVEPOINT retention_preview;", error))
    return FALSE;
  ok = collect (db, cutoff, list, error);
  fl_db_exec (db, "ROLLBACK TO retention_preview; RELEASE retention_preview;", NULL);
  if (!ok)
    return FALSE;
  *items = g_steal_pointer (&list);
  return TRUE;
}

static char *
purge_details (const char *as_of,
               const char *cutoff,
               gint64      years,
               GPtrArray  *items)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  const char *kinds[G_N_ELEMENTS (listings)];
  guint n_kinds = 0;

  for (guint i = 0; i < items->len; i++)
    {
      FlRetentionItem *item = g_ptr_array_index (items, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, item->kind));

      if (n == 0)
        kinds[n_kinds++] = item->kind;
      g_hash_table_insert (counts, (gpointer) item->kind, GUINT_TO_POINTER (n + 1));
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "as_of");
  json_builder_add_string_value (builder, as_of);
  json_builder_set_member_name (builder, "retention_years");
  json_builder_add_int_value (builder, years);
  json_builder_set_member_name (builder, "closed_before");
  json_builder_add_string_value (builder, cutoff);
  /* ids only: the case and request numbers, never names */
  json_builder_set_member_name (builder, "case_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      FlRetentionItem *item = g_ptr_array_index (items, i);
      if (g_str_equal (item->kind, "case"))
        json_builder_add_int_value (builder, item->id);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "request_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      FlRetentionItem *item = g_ptr_array_index (items, i);
      if (g_str_equal (item->kind, "request"))
        json_builder_add_int_value (builder, item->id);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint k = 0; k < n_kinds; k++)
    {
      json_builder_set_member_name (builder, kinds[k]);
      json_builder_add_int_value (builder, GPOINTER_TO_UINT (g_hash_table_lookup (counts, kinds[k])));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

gboolean
fl_retention_purge (FlSession   *admin,
                    const char  *as_of_date,
                    guint       *n_items,
                    GError     **error)
{
  FlDb *db;
  g_autofree char *cutoff = NULL;
  g_autofree char *as_of = NULL;
  g_autofree char *details = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_retention_item_free);
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(sqlite3_stmt) note = NULL;
  gint64 years;

  g_return_val_if_fail (FL_IS_SESSION (admin), FALSE);

  if (!fl_session_require (admin, FL_ROLE_ADMIN, FALSE, "retention.purge", error))
    return FALSE;
  db = fl_session_get_db (admin);
  cutoff = fl_retention_cutoff (db, as_of_date, error);
  if (cutoff == NULL)
    return FALSE;
  years = CLAMP (fl_settings_get_int (db, FL_SETTING_RETENTION_YEARS), FL_RETENTION_AUDIT_MIN_YEARS, 99);
  if (as_of_date != NULL)
    as_of = g_strdup (as_of_date);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      as_of = g_date_time_format (now, "%Y-%m-%d");
    }

  if (!fl_db_begin (db, error))
    return FALSE;
  if (!collect (db, cutoff, items, error))
    goto fail;

  note = fl_db_prepare (db, "INSERT INTO temp.retention_ids (kind, id) VALUES (?, ?);", error);
  if (note == NULL)
    goto fail;
  for (guint i = 0; i < items->len; i++)
    {
      FlRetentionItem *item = g_ptr_array_index (items, i);

      g_hash_table_insert (expected, (gpointer) item->kind,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (expected, item->kind)) + 1));
      if (g_str_equal (item->kind, "image"))
        continue;
      sqlite3_reset (note);
      fl_db_bind_text (note, 1, item->kind);
      sqlite3_bind_int64 (note, 2, item->id);
      if (!fl_db_step_done (db, note, error))
        goto fail;
    }

  for (guint d = 0; d < G_N_ELEMENTS (deletions); d++)
    {
      int changes;

      if (!fl_db_exec (db, deletions[d].sql, error))
        {
          g_prefix_error (error, "Nothing was purged. ");
          goto fail;
        }
      changes = sqlite3_changes (fl_db_get_handle (db));
      if (deletions[d].kind != NULL &&
          (guint) changes != GPOINTER_TO_UINT (g_hash_table_lookup (expected, deletions[d].kind)))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_FAILED,
                       "The purge would remove %d %s rows where the preview listed %u. Nothing was purged; "
                       "preview again and retry.", changes, deletions[d].kind,
                       GPOINTER_TO_UINT (g_hash_table_lookup (expected, deletions[d].kind)));
          goto fail;
        }
    }

  details = purge_details (as_of, cutoff, years, items);
  if (!fl_session_audit (admin, "retention.purge", 0, "success", details, error))
    goto fail;

  /* the files last, once the rows are gone */
  for (guint i = 0; i < items->len; i++)
    {
      FlRetentionItem *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->kind, "image") && !fl_store_purge (db, item->label, error))
        goto fail;
    }
  if (!fl_db_commit (db, error))
    return FALSE;
  if (n_items != NULL)
    *n_items = items->len;
  return TRUE;

fail:
  fl_db_rollback (db);
  return FALSE;
}
