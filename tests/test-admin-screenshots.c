/* test-admin-screenshots.c: renders a monthly audit workbook with LibreOffice
 * (xlsx → PDF) and Poppler's pdftoppm (PDF → PNG) into <build>/screenshots/,
 * for a person to look at, and checks what LibreOffice made of it: each
 * sheet's header reads whole (every column fits the page width) and the
 * handling caveat heads the pages. (Headless LibreOffice keeps no view
 * settings, so the frozen header row is checked in test-admin.c, in the
 * sheet XML.)
 * Skipped (exit 77) when libreoffice or pdftoppm is not installed. */
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "fl-audit-export.h"
#include "fl-seal.h"
#include "fl-test-admin.h"

static char *
run (const char * const *argv,
     const char         *cwd)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (cwd, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

static void
test_screenshots (FlTestUnit    *unit,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) local = g_date_time_new_now_local ();
  g_autofree char *shots = g_build_filename (FL_TEST_BUILD_ROOT, "screenshots", NULL);
  g_autofree char *work = fl_test_make_tmpdir ();
  g_autofree char *xlsx = g_build_filename (work, "audit-workbook.xlsx", NULL);
  g_autofree char *pdf = g_build_filename (shots, "audit-workbook.pdf", NULL);
  g_autofree char *prefix = g_build_filename (shots, "audit-workbook", NULL);
  g_autofree char *profile = g_strdup_printf ("-env:UserInstallation=file://%s/lo-profile", work);
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autoptr(FlSession) ella = NULL;
  FlTestCase cases[12];
  gint64 dora;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tag = g_strdup_printf ("2026-%04u", 700 + i);
      fl_test_seed_case (unit, tag, now, NULL, &cases[i]);
    }
  fl_test_seed_refused_request (unit, now);
  fl_seal_case (unit->admin, cases[3].case_id, "Superior Court order 26-0042", "2026-01-02", &error);
  g_assert_no_error (error);
  g_assert_null (fl_accounts_login (unit->db, "ella", "not her password", NULL));
  ella = fl_test_unit_login (unit, "ella");
  fl_session_logout (ella);
  dora = fl_accounts_create_user (unit->db, unit->admin, "dora", "Dora Departed", FL_TEST_PASSWORD,
                                  FL_ROLE_EXAMINER, &error);
  g_assert_no_error (error);
  fl_accounts_set_active (unit->admin, dora, FALSE, &error);
  g_assert_no_error (error);

  g_assert_true (fl_audit_export_month (unit->admin, g_date_time_get_year (local), g_date_time_get_month (local),
                                        xlsx, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  {
    const char *argv[] = { "libreoffice", profile, "--headless", "--convert-to", "pdf", "--outdir", shots, xlsx, NULL };

    g_assert_cmpint (g_mkdir_with_parents (shots, 0755), ==, 0);
    g_free (run (argv, work));
  }
  {
    const char *argv[] = { "pdftoppm", "-png", "-r", "80", pdf, prefix, NULL };
    const char *pdfinfo[] = { "pdfinfo", pdf, NULL };
    const char *pdftotext[] = { "pdftotext", "-layout", pdf, "-", NULL };

    g_free (run (argv, NULL));
    info = run (pdfinfo, NULL);
    text = run (pdftotext, NULL);
  }
  /* each sheet on its own pages, each column on the page: the header row
   * of every sheet reads whole, and the caveat heads every page */
  g_assert_nonnull (strstr (text, "FaceLeads monthly audit"));
  g_assert_nonnull (strstr (text, "Yielded candidates"));
  g_assert_nonnull (strstr (text, "Outcome"));
  g_assert_nonnull (strstr (text, "Why refused or returned"));
  g_assert_nonnull (strstr (text, "Exception documentation"));
  g_assert_nonnull (strstr (text, "What was purged"));
  g_assert_nonnull (strstr (text, "Concerning account"));
  g_assert_nonnull (strstr (text, "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE"));
  g_test_message ("%s", info);
  g_test_message ("pages written to %s.pdf and %s-*.png", prefix, prefix);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    fl_test_case_clear (&cases[i]);
  fl_test_rm_rf (work);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *office = g_find_program_in_path ("libreoffice");
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");

  g_test_init (&argc, &argv, NULL);
  if (office == NULL || pdftoppm == NULL)
    {
      g_printerr ("SKIP: libreoffice (libreoffice-calc) and pdftoppm (poppler-utils) render the workbook; "
                  "install them to run this test\n");
      return 77;
    }
  g_test_add ("/admin/workbook-screenshots", FlTestUnit, NULL, fl_test_unit_setup, test_screenshots,
              fl_test_unit_teardown);
  return g_test_run ();
}
