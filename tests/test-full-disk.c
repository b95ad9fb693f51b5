/* test-full-disk.c: a full disk gives a clear message and loses nothing.
 * The data folder is put on a small tmpfs, which needs root (CI runs as
 * root); elsewhere the test is skipped with a message. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fl-test-core.h"

static gboolean
run (const char * const *argv)
{
  int status = 0;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

static void
fill_disk (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "filler", NULL);
  char block[16384];
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  memset (block, 0x5a, sizeof block);
  while (write (fd, block, sizeof block) > 0)
    ;
  /* and the last few bytes */
  while (write (fd, block, 1) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);
}

static void
test_full_disk (void)
{
  g_autofree char *dir = fl_test_make_tmpdir ();
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  const char *mount_argv[] = { "mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", dir, NULL };
  const char *umount_argv[] = { "umount", dir, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FlDb) db = NULL;
  g_autoptr(FlSession) admin = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autofree char *hash = NULL;
  g_autofree guint8 *data = g_malloc (300 * 1024);
  FlUnitSetup setup = { "Example County Sheriff's Office", "Facial Recognition Unit", "FRU, 555-0100",
                        "letter", "admin", "Alex Admin", FL_TEST_PASSWORD };
  FlAuditVerdict verdict = { 0 };
  gint64 rows_before, failed_at = -1;

  if (geteuid () != 0 || !run (mount_argv))
    {
      g_test_skip ("a small tmpfs cannot be mounted here (needs root): the full-disk test did not run");
      fl_test_rm_rf (dir);
      return;
    }

  db = fl_db_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_unit_setup (db, &setup, &error), >, 0);
  admin = fl_accounts_login (db, "admin", FL_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  rows_before = fl_db_query_int64 (db, "SELECT count(*) FROM audit;", 0);
  fill_disk (dir);

  /* An image: refused with a message that says the disk is full; no half file. */
  for (gsize i = 0; i < 300 * 1024; i++)
    data[i] = (guint8) (i * 31 + 7);
  image = g_bytes_new (data, 300 * 1024);
  hash = fl_store_put (db, image, "png", &error);
  g_assert_null (hash);
  g_assert_error (error, FL_ERROR, FL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "full"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Records: keep writing until the database itself runs out of room. */
  for (int i = 0; i < 5000 && failed_at < 0; i++)
    {
      g_autofree char *details = g_strnfill (2000, 'x');
      g_autofree char *json = g_strdup_printf ("{\"padding\":\"%s\"}", details);

      if (!fl_session_audit (admin, "test.fill", 0, "success", json, &error))
        failed_at = i;
    }
  g_assert_cmpint (failed_at, >=, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "full"));
  g_test_message ("after %" G_GINT64_FORMAT " rows: %s", failed_at, error->message);
  g_clear_error (&error);

  /* Room again: everything written before is there and the chain is intact. */
  fl_session_logout (admin);
  g_clear_object (&admin);
  g_clear_object (&db);
  g_assert_cmpint (unlink (filler), ==, 0);
  db = fl_db_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (fl_audit_verify (db, &verdict, &error));
  g_assert_null (verdict.problem);
  g_assert_cmpint (verdict.rows, >=, rows_before + failed_at);
  fl_audit_verdict_clear (&verdict);
  g_assert_cmpint (fl_db_query_int64 (db, "SELECT count(*) FROM users;", 0), ==, 1);

  g_clear_object (&db);
  run (umount_argv);
  fl_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/db/full-disk/clear-message-nothing-lost", test_full_disk);
  return g_test_run ();
}
