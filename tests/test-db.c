/* test-db.c: opening, refusing and migrating the case database */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fl-test-core.h"

static void
test_open_creates_wal_and_fk (void)
{
  g_autofree char *dir = fl_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FlDb) db = fl_db_open (dir, &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (fl_db_get_schema_version (db), ==, fl_schema_latest_version ());
  g_assert_cmpint (fl_db_query_int64 (db, "PRAGMA foreign_keys;", -1), ==, 1);
  stmt = fl_db_prepare (db, "PRAGMA journal_mode;", &error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");

  /* A foreign key that points nowhere is refused. */
  g_assert_false (fl_db_exec (db, "INSERT INTO user_roles (user_id, role_id) VALUES (999, 1);", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);

  g_clear_object (&db);
  fl_test_rm_rf (dir);
}

static void
assert_refused_untouched (const char *content,
                          gsize       len,
                          FlError     expected)
{
  g_autofree char *dir = fl_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "faceleads.db", NULL);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlDb) db = NULL;
  gsize after_len;

  g_assert_true (g_file_set_contents (path, content, (gssize) len, NULL));
  db = fl_db_open (dir, &error);
  g_assert_null (db);
  g_assert_error (error, FL_ERROR, expected);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("%s", error->message);

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, content, len);
  fl_test_rm_rf (dir);
}

static void
test_refuses_foreign_file (void)
{
  const char text[] = "name,dob\nJohn Doe,1970-01-01\n";

  assert_refused_untouched (text, sizeof text - 1, FL_ERROR_CORRUPT);
}

static void
test_refuses_damaged_database (void)
{
  g_autofree char *dir = fl_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "faceleads.db", NULL);
  g_autofree char *bytes = NULL;
  gsize len;

  /* A real database whose pages after the header are overwritten. */
  {
    g_autoptr(FlDb) db = fl_db_open (dir, NULL);
    g_assert_nonnull (db);
    fl_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE);", NULL);
  }
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, 4096);
  for (gsize i = 100; i < len; i++)
    bytes[i] = (char) (i * 7);
  fl_test_rm_rf (dir);
  assert_refused_untouched (bytes, len, FL_ERROR_CORRUPT);
}

static void
test_refuses_newer_schema (void)
{
  g_autofree char *dir = fl_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "faceleads.db", NULL);
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d;", fl_schema_latest_version () + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlDb) db = NULL;
  sqlite3 *raw;

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  db = fl_db_open (dir, &error);
  g_assert_null (db);
  g_assert_error (error, FL_ERROR, FL_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer FaceLeads"));
  fl_test_rm_rf (dir);
}

static void
test_refuses_read_only_dir (void)
{
  g_autofree char *dir = fl_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FlDb) db = NULL;

  if (geteuid () == 0)
    {
      /* root ignores permission bits; a path under a regular file cannot be created either way */
      g_autofree char *file = g_build_filename (dir, "file", NULL);
      g_autofree char *below = g_build_filename (file, "data", NULL);
      g_file_set_contents (file, "x", 1, NULL);
      db = fl_db_open (below, &error);
      g_assert_null (db);
      g_assert_error (error, FL_ERROR, FL_ERROR_IO);
      g_assert_nonnull (strstr (error->message, "--data-dir"));
    }
  else
    {
      g_chmod (dir, 0500);
      db = fl_db_open (dir, &error);
      g_assert_null (db);
      g_assert_error (error, FL_ERROR, FL_ERROR_IO);
      g_assert_nonnull (strstr (error->message, "read-only"));
    }
  fl_test_rm_rf (dir);
}

/* Data typical of each version, written before the upgrade and checked after. */
static void
seed_version (sqlite3 *raw,
              int      version)
{
  const char *seed[] = {
    NULL,
    "INSERT INTO users (id, username, full_name, password_hash, password_changed_at, created_at)"
    " VALUES (1, 'admin', 'Alex Admin', 'x', '2026-01-01', '2026-01-01');"
    "INSERT INTO user_roles VALUES (1, 8);"
    "INSERT INTO settings VALUES ('unit_name', 'FRU');",
    "INSERT INTO galleries (id, name, provenance, lawful_basis, created_at)"
    " VALUES (1, 'Bookings', 'county jail', 'booking photos', '2026-01-01');"
    "INSERT INTO subjects (id, gallery_id, external_id, name) VALUES (1, 1, 'S1', 'John Doe');",
    NULL,
  };

  if (version < (int) G_N_ELEMENTS (seed) && seed[version] != NULL)
    g_assert_cmpint (sqlite3_exec (raw, seed[version], NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_migrates_every_older_version (void)
{
  int latest = fl_schema_latest_version ();

  g_assert_cmpint (latest, >=, 2);
  for (int from = 0; from < latest; from++)
    {
      g_autofree char *dir = fl_test_make_tmpdir ();
      g_autofree char *path = g_build_filename (dir, "faceleads.db", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(FlDb) db = NULL;
      sqlite3 *raw;

      g_test_message ("migrating from version %d to %d", from, latest);
      g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
      sqlite3_exec (raw, "PRAGMA foreign_keys = ON;", NULL, NULL, NULL);
      for (int v = 0; v < from; v++)
        {
          g_assert_true (fl_schema_migrate (raw, v, v + 1, &error));
          g_assert_no_error (error);
          seed_version (raw, v + 1);
        }
      sqlite3_close (raw);

      db = fl_db_open (dir, &error);
      g_assert_no_error (error);
      g_assert_cmpint (fl_db_get_schema_version (db), ==, latest);
      g_assert_cmpint (fl_db_query_int64 (db, "SELECT count(*) FROM pragma_foreign_key_check;", -1), ==, 0);
      {
        g_autoptr(sqlite3_stmt) check = fl_db_prepare (db, "PRAGMA integrity_check;", &error);
        g_assert_cmpint (sqlite3_step (check), ==, SQLITE_ROW);
        g_assert_cmpstr ((const char *) sqlite3_column_text (check, 0), ==, "ok");
      }
      if (from >= 1)
        g_assert_cmpint (fl_db_query_int64 (db, "SELECT count(*) FROM users WHERE username = 'admin';", 0), ==, 1);
      if (from >= 2)
        g_assert_cmpint (fl_db_query_int64 (db, "SELECT count(*) FROM subjects;", 0), ==, 1);
      /* Every table of the latest schema exists after the upgrade. */
      g_assert_cmpint (fl_db_query_int64 (db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                                              " AND name IN ('seal_notices', 'outcomes', 'templates', 'audit');", 0),
                       ==, 4);
      g_clear_object (&db);
      fl_test_rm_rf (dir);
    }
}

static void
test_store_roundtrip_and_tamper (FlTestUnit    *unit,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("\x89PNG\r\n\x1a\nnot-really-but-enough", 29);
  g_autofree char *hash = fl_store_put (unit->db, bytes, NULL, &error);
  g_autofree char *again = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) back = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (hash), ==, 64);
  again = fl_store_put (unit->db, bytes, NULL, &error);
  g_assert_cmpstr (hash, ==, again);
  path = fl_store_get_path (unit->db, hash, &error);
  g_assert_true (g_str_has_suffix (path, ".png"));
  back = fl_store_get (unit->db, hash, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, bytes));

  /* Altered on disk: reading it is refused, not silently used. */
  g_chmod (path, 0600);
  g_assert_true (g_file_set_contents (path, "altered", -1, NULL));
  g_clear_pointer (&back, g_bytes_unref);
  back = fl_store_get (unit->db, hash, &error);
  g_assert_null (back);
  g_assert_error (error, FL_ERROR, FL_ERROR_CORRUPT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/db/open/wal-and-foreign-keys", test_open_creates_wal_and_fk);
  g_test_add_func ("/db/open/refuses-foreign-file", test_refuses_foreign_file);
  g_test_add_func ("/db/open/refuses-damaged-database", test_refuses_damaged_database);
  g_test_add_func ("/db/open/refuses-newer-schema", test_refuses_newer_schema);
  g_test_add_func ("/db/open/refuses-read-only-dir", test_refuses_read_only_dir);
  g_test_add_func ("/db/migrate/every-older-version", test_migrates_every_older_version);
  g_test_add ("/db/store/roundtrip-and-tamper", FlTestUnit, NULL, fl_test_unit_setup,
              test_store_roundtrip_and_tamper, fl_test_unit_teardown);

  return g_test_run ();
}
