/* test-gallery.c: galleries, CSV import (resumable after SIGKILL), R12 probe refusal,
 * seal/destroy (R13), the search service's policy gates (R1), its log (R14),
 * identification on real faces and blind review (R16). */
#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "fl-case.h"
#include "fl-gallery.h"
#include "fl-request.h"
#include "fl-search.h"
#include "fl-test-core.h"

#define JUSTIFICATION "Robbery suspect seen on store CCTV; lead needed to identify him."

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)

static const char * const johns[] = { "John_Salley", "John_Savage", "John_Schneider", "John_Shimkus", "John_Simm" };

/* ------------------------------------------------------------------------- */
/* Helpers                                                                   */

static FlMatcher *
matcher (void)
{
  g_autoptr(GError) error = NULL;
  FlMatcher *m = fl_search_get_matcher (&error);

  g_assert_no_error (error);
  return m;
}

static int
cmp_paths (gconstpointer a,
           gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
sorted_photos (const char *faces,
               const char *set,
               const char *person)
{
  g_autofree char *dir = g_build_filename (faces, set, person, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (list, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (list, cmp_paths);
  return list;
}

static char *
write_manifest (const char *dir,
                const char *name,
                const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static FlImportReport *
import (FlSession    *actor,
        const char   *gallery,
        const char   *manifest,
        GError      **error)
{
  g_autoptr(FlMatcher) m = matcher ();
  FlImportOptions options = {
    .gallery_name = gallery,
    .provenance = "County jail booking system export (test data)",
    .lawful_basis = "Penal Code 13300; test records only",
    .manifest_path = manifest,
  };

  return fl_gallery_import (actor, m, &options, NULL, error);
}

static gint64
query_int (FlTestUnit *unit,
           const char *sql,
           gint64      arg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (unit->db, sql, &error);

  g_assert_no_error (error);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (FlTestUnit *unit,
            const char *sql,
            gint64      arg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (unit->db, sql, &error);

  g_assert_no_error (error);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return fl_db_column_dup (stmt, 0);
}

static void
exec_sql (FlTestUnit *unit,
          const char *sql,
          gint64      a,
          const char *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (unit->db, sql, &error);

  g_assert_no_error (error);
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    fl_db_bind_text (stmt, 2, b);
  fl_db_step_done (unit->db, stmt, &error);
  g_assert_no_error (error);
}

/* A case opened from rita's request with @paths, accepted by @examiner, its
 * probes judged suitable (R11). */
static gint64
open_case_by (FlTestUnit  *unit,
              FlSession   *requester,
              FlSession   *examiner,
              const char **paths,
              guint        n)
{
  gint64 case_id = fl_test_open_case (unit, requester, examiner, paths, n);

  exec_sql (unit, "UPDATE probes SET suitability = 'suitable', judged_at = ?2 WHERE case_id = ?1;", case_id,
            "2026-01-01T00:00:00Z");
  return case_id;
}

static gint64
open_case (FlTestUnit  *unit,
           FlSession   *examiner,
           const char **paths,
           guint        n)
{
  return open_case_by (unit, NULL, examiner, paths, n);
}

static gint64
probe_of (FlTestUnit *unit,
          gint64      case_id,
          guint       nth)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (unit->db, "SELECT id FROM probes WHERE case_id = ? ORDER BY id"
                                                          " LIMIT 1 OFFSET ?;", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, (int) nth);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static gint64
search (FlSession  *examiner,
        gint64      case_id,
        gint64      probe_id,
        gint64      gallery_id,
        guint       k,
        GError    **error)
{
  FlSearchParams params = {
    .case_id = case_id,
    .probe_id = probe_id,
    .gallery_ids = &gallery_id,
    .n_gallery_ids = 1,
    .k = k,
    .justification = JUSTIFICATION,
    .face_index = -1,
    .blind = FL_SEARCH_BLIND_OFF,
  };

  return fl_search_run (examiner, &params, NULL, NULL, NULL, error);
}

/* The external id of the rank-1 candidate of a search. */
static char *
top_subject (FlSession *session,
             gint64     search_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = fl_search_list_candidates (session, search_id, FALSE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >, 0);
  g_assert_cmpint (((FlCandidate *) g_ptr_array_index (list, 0))->rank, ==, 1);
  return g_strdup (((FlCandidate *) g_ptr_array_index (list, 0))->external_id);
}

/* A manifest enrolling the first photo of each johns person. */
static char *
johns_manifest (const char *faces,
                const char *dir,
                guint       photo)
{
  char *path;
  GString *csv = g_string_new ("subject_id,name,date_of_birth,sex,cdl,main_number,sid,booking_number,booked_on,"
                               "capture_date,image\n");

  for (guint i = 0; i < G_N_ELEMENTS (johns); i++)
    {
      g_autoptr(GPtrArray) p = sorted_photos (faces, "johns", johns[i]);
      g_string_append_printf (csv, "%s,\"%s, J.\",1970-0%u-15,M,D%07u,M%u,S%u,BK-%u,2024-02-0%u,2024-02-0%u,%s\n",
                              johns[i], johns[i] + 5, i + 1, i, i, i, i, i + 1, i + 1,
                              (char *) g_ptr_array_index (p, photo));
    }
  path = write_manifest (dir, photo ? "johns-again.csv" : "johns.csv", csv->str);
  g_string_free (csv, TRUE);
  return path;
}

/* ------------------------------------------------------------------------- */
/* Galleries                                                                 */

static void
test_create_requires_provenance (FlTestUnit    *unit,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(GPtrArray) list = NULL;
  gint64 id;

  g_assert_cmpint (fl_gallery_create (unit->admin, "Bookings", NULL, "Penal Code 13300", &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "provenance"));
  g_clear_error (&error);
  g_assert_cmpint (fl_gallery_create (unit->admin, "Bookings", "County jail booking system", "  ", &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "lawful basis"));
  g_clear_error (&error);
  g_assert_cmpint (fl_gallery_create (unit->admin, "", "County jail booking system", "Penal Code 13300", &error),
                   ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);

  /* A requester may not create galleries; the refusal is audited. */
  g_assert_cmpint (fl_gallery_create (rita, "Bookings", "County jail booking system", "Penal Code 13300", &error),
                   ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM audit WHERE action = 'gallery.create'"
                                    " AND outcome = 'refused';", 0), ==, 1);

  id = fl_gallery_create (ella, "Bookings", "County jail booking system", "Penal Code 13300", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (fl_gallery_create (unit->admin, "Bookings", "Another source entirely", "Penal Code 13300",
                                      &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (fl_gallery_lookup (unit->db, "Bookings", NULL), ==, id);
  g_assert_cmpint (fl_gallery_lookup (unit->db, "Nope", &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Bookings"));
  g_clear_error (&error);

  list = fl_gallery_list (unit->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((FlGallery *) g_ptr_array_index (list, 0))->provenance, ==, "County jail booking system");
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM audit WHERE action = 'gallery.create'"
                                    " AND outcome = 'success';", 0), ==, 1);
  fl_session_logout (rita);
  fl_session_logout (ella);
}

/* ------------------------------------------------------------------------- */
/* Import                                                                    */

static char *
write_blank_png (const char *dir)
{
  char *path = g_build_filename (dir, "blank.png", NULL);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 320, 240);
  cairo_t *cr = cairo_create (s);

  cairo_set_source_rgb (cr, 0.6, 0.6, 0.62);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (s, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (s);
  return path;
}

static void
test_import_report (FlTestUnit    *unit,
                    gconstpointer  data)
{
  g_autofree char *faces = fl_test_faces_dir ();
  g_autofree char *sample = g_build_filename (FL_BUILD_MODEL_DIR, "samples", "sample1.jpg", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *blank = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(GPtrArray) salley = NULL;
  g_autoptr(GPtrArray) savage = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlImportReport) report = NULL;
  g_autoptr(FlImportReport) again = NULL;
  g_autoptr(GPtrArray) subjects = NULL;
  g_autoptr(FlSubject) subject = NULL;
  GString *csv;
  guint expect[FL_IMPORT_N_STATUS] = { 0 };

  if (faces == NULL)
    return;
  if (!g_file_test (sample, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("models/samples/sample1.jpg is absent: run build-aux/fetch-models");
      return;
    }
  dir = fl_test_make_tmpdir ();
  blank = write_blank_png (dir);
  bad = g_build_filename (dir, "damaged.jpg", NULL);
  g_file_set_contents (bad, "\xff\xd8\xff\xe0 this is not really a JPEG", -1, &error);
  g_assert_no_error (error);
  salley = sorted_photos (faces, "johns", "John_Salley");
  savage = sorted_photos (faces, "johns", "John_Savage");

  csv = g_string_new ("\xef\xbb\xbfSubject_ID,name,date_of_birth,booking_number,booked_on,capture_date,image\r\n");
  for (guint i = 0; i < 3; i++)   /* good faces, two people; a name with a comma, quoted */
    {
      g_string_append_printf (csv, "A100,\"Salley, John \"\"JS\"\"\",1964-05-16,B-1,2019-03-0%u,2019-03-0%u,%s\r\n",
                              i + 1, i + 1, (char *) g_ptr_array_index (salley, i));
      g_string_append_printf (csv, "A200,John Savage,,B-2,,,%s\r\n", (char *) g_ptr_array_index (savage, i));
    }
  expect[FL_IMPORT_ENROLLED] = 6;
  g_string_append_printf (csv, "A100,,,,,,%s\r\n", (char *) g_ptr_array_index (salley, 0));  /* same photo again */
  expect[FL_IMPORT_DUPLICATE] = 1;
  g_string_append (csv, "A300,Nobody,,,,,blank.png\r\n");                 /* relative to the manifest */
  expect[FL_IMPORT_NO_FACE] = 1;
  g_string_append_printf (csv, "A400,Group photo,,,,,%s\r\n", sample);
  expect[FL_IMPORT_SEVERAL_FACES] = 1;
  g_string_append (csv, "A500,Damaged,,,,,damaged.jpg\r\n");
  g_string_append (csv, "A600,Missing,,,,,not-there.jpg\r\n");
  expect[FL_IMPORT_BAD_FILE] = 2;
  g_string_append (csv, "A700,Bad date,1970-02-30,,,,x.jpg\r\n");
  g_string_append (csv, ",No id,,,,,x.jpg\r\n");
  g_string_append (csv, "A800,Too,many,fields,,,,,x.jpg\r\n");
  g_string_append (csv, "\r\n");                                           /* a blank line is not a record */
  expect[FL_IMPORT_BAD_ROW] = 3;
  manifest = write_manifest (dir, "manifest.csv", csv->str);
  g_string_free (csv, TRUE);

  report = import (unit->admin, "Bookings", manifest, &error);
  g_assert_no_error (error);
  g_assert_true (report->complete);
  g_assert_cmpuint (report->total, ==, 14);
  for (guint s = 0; s < FL_IMPORT_N_STATUS; s++)
    g_assert_cmpuint (report->counts[s], ==, expect[s]);
  g_assert_cmpuint (report->problems->len, ==, 14 - expect[FL_IMPORT_ENROLLED]);
  for (guint i = 0; i < report->problems->len; i++)
    {
      FlImportProblem *p = g_ptr_array_index (report->problems, i);
      g_assert_cmpstr (p->message, !=, "");
      if (p->status == FL_IMPORT_SEVERAL_FACES)
        g_assert_nonnull (strstr (p->message, "faces"));
      if (i > 0)
        g_assert_cmpuint (p->line, >, ((FlImportProblem *) g_ptr_array_index (report->problems, i - 1))->line);
    }
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM templates;", 0), ==, 6);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM subjects;", 0), ==, 2);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM bookings;", 0), ==, 2);

  /* The quoted name with a comma and quotes, and the booking date from the first line. */
  subjects = fl_gallery_list_subjects (unit->admin, report->gallery_id, "salley", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (subjects->len, ==, 1);
  subject = fl_gallery_get_subject (unit->admin, ((FlSubject *) g_ptr_array_index (subjects, 0))->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (subject->name, ==, "Salley, John \"JS\"");
  g_assert_cmpstr (subject->date_of_birth, ==, "1964-05-16");
  g_assert_cmpuint (subject->images->len, ==, 3);
  g_assert_cmpuint (subject->bookings->len, ==, 1);
  g_assert_cmpstr (((FlBooking *) g_ptr_array_index (subject->bookings, 0))->booked_on, ==, "2019-03-01");
  for (guint i = 0; i < subject->images->len; i++)
    g_assert_true (fl_store_has (unit->db, ((FlGalleryImage *) g_ptr_array_index (subject->images, i))->hash));

  /* The same manifest again: nothing new, the same report. */
  again = import (unit->admin, "Bookings", manifest, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->import_id, ==, report->import_id);
  g_assert_cmpuint (again->resumed_from, ==, 14);
  g_assert_cmpuint (again->done_this_run, ==, 0);
  g_assert_cmpuint (again->counts[FL_IMPORT_ENROLLED], ==, 6);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM gallery_images;", 0), ==, 6);

  fl_test_rm_rf (dir);
}

static void
test_import_header_errors (FlTestUnit    *unit,
                           gconstpointer  data)
{
  g_autofree char *dir = fl_test_make_tmpdir ();
  g_autofree char *m1 = write_manifest (dir, "a.csv", "subject_id,nmae,image\nA1,x,y.jpg\n");
  g_autofree char *m2 = write_manifest (dir, "b.csv", "subject_id,name\nA1,x\n");
  g_autofree char *m3 = write_manifest (dir, "c.csv", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  FlImportReport *report;

  report = import (unit->admin, "Bookings", m1, &error);
  g_assert_null (report);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "nmae"));
  g_clear_error (&error);
  report = import (unit->admin, "Bookings", m2, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "image"));
  g_clear_error (&error);
  report = import (unit->admin, "Bookings", m3, &error);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM import_items;", 0), ==, 0);

  /* A spreadsheet's trailing comma makes an unnamed column: ignored. */
  {
    g_autofree char *m4 = write_manifest (dir, "d.csv", "subject_id,image,\nA1,missing.jpg,\n");
    g_autoptr(FlImportReport) ok = import (unit->admin, "Bookings", m4, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ok->counts[FL_IMPORT_BAD_FILE], ==, 1);
  }

  /* Importing without a gallery's provenance does not create it. */
  {
    g_autoptr(FlMatcher) m = matcher ();
    FlImportOptions options = { .gallery_name = "Elsewhere", .manifest_path = m1 };
    report = fl_gallery_import (unit->admin, m, &options, NULL, &error);
    g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "--provenance"));
    g_clear_error (&error);
    /* A requester may not import. */
    options.gallery_name = "Bookings";
    report = fl_gallery_import (rita, m, &options, NULL, &error);
    g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
    g_clear_error (&error);
  }
  fl_session_logout (rita);
  fl_test_rm_rf (dir);
}

/* ------------------------------------------------------------------------- */
/* Resumable import: SIGKILL the command-line import, run it again           */

static gint64
count_items (const char *db_path)
{
  sqlite3 *h = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (db_path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (h, "SELECT count(*) FROM import_items;", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (h);
  return n;
}

static GPid
spawn_import (FlTestUnit *unit,
              const char *manifest,
              gboolean    wait,
              int        *out_status)
{
  const char *cli = g_getenv ("FACELEADS_CLI");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { cli, "--user", "ella", "gallery", "import", "--gallery", "Bookings", "--provenance",
                         "County jail booking system export (test data)", "--lawful-basis",
                         "Penal Code 13300; test records only", manifest, NULL };
  GPid pid = 0;

  env = g_environ_setenv (env, "FACELEADS_DATA_DIR", unit->dir, TRUE);
  env = g_environ_setenv (env, "FACELEADS_PASSWORD", FL_TEST_PASSWORD, TRUE);
  if (wait)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, out_status, &error);
      g_assert_no_error (error);
      if (!g_spawn_check_wait_status (*out_status, NULL))
        g_error ("faceleads-cli gallery import failed: %s%s", out, err);
      g_assert_nonnull (strstr (out, "(complete)"));
      return 0;
    }
  g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  return pid;
}

/* Kills the import with SIGKILL once at least @at_least items are committed. */
static gint64
kill_after (FlTestUnit *unit,
            GPid        pid,
            gint64      at_least)
{
  gint64 n = 0;
  int status = 0;

  for (int i = 0; i < 12000; i++)   /* two minutes at most, for slow machines */
    {
      n = count_items (fl_db_get_path (unit->db));
      if (n >= at_least)
        break;
      if (waitpid (pid, &status, WNOHANG) == pid)
        g_error ("the import ended before it could be killed (%" G_GINT64_FORMAT " items)", n);
      g_usleep (10 * 1000);
    }
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_spawn_close_pid (pid);
  return count_items (fl_db_get_path (unit->db));
}

static void
test_import_survives_sigkill (FlTestUnit    *unit,
                              gconstpointer  data)
{
  g_autofree char *faces = fl_test_faces_dir ();
  g_autofree char *dir = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *check = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) lines = g_hash_table_new (NULL, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *csv;
  guint line = 1, total = 0;
  gint64 first, second;
  int status = 0;
  GPid pid;

  if (faces == NULL)
    return;
  if (g_getenv ("FACELEADS_CLI") == NULL)
    {
      g_test_skip ("FACELEADS_CLI (the faceleads-cli to kill) is not set: run through meson test");
      return;
    }
  /* ORL: 40 people × 10 photos, and every photo listed twice (the second time a duplicate). */
  csv = g_string_new ("subject_id,name,image\n");
  for (int rep = 0; rep < 2; rep++)
    for (int p = 1; p <= 40; p++)
      for (int f = 1; f <= 10; f++)
        {
          g_string_append_printf (csv, "ORL-%02d,Person %02d,%s/orl/s%02d/%d.pgm\n", p, p, faces, p, f);
          g_hash_table_add (lines, GUINT_TO_POINTER (++line));
          total++;
        }
  dir = fl_test_make_tmpdir ();
  manifest = write_manifest (dir, "orl.csv", csv->str);
  g_string_free (csv, TRUE);

  /* Killed twice at different moments; each run leaves a consistent database. */
  pid = spawn_import (unit, manifest, FALSE, NULL);
  first = kill_after (unit, pid, 50);
  g_assert_cmpint (first, <, total);
  g_assert_cmpstr (check = query_text (unit, "PRAGMA integrity_check;", 0), ==, "ok");
  g_clear_pointer (&check, g_free);
  /* The killed command could not sign out; free the account as an administrator would. */
  exec_sql (unit, "UPDATE users SET session_token = NULL WHERE id = ?1;", unit->examiner_id, NULL);

  pid = spawn_import (unit, manifest, FALSE, NULL);
  second = kill_after (unit, pid, first + 120);
  g_assert_cmpint (second, >, first);
  g_assert_cmpint (second, <, total);
  exec_sql (unit, "UPDATE users SET session_token = NULL WHERE id = ?1;", unit->examiner_id, NULL);

  spawn_import (unit, manifest, TRUE, &status);

  /* Every manifest line exactly once, nothing twice. */
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM imports;", 0), ==, 1);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM import_items;", 0), ==, total);
  stmt = fl_db_prepare (unit->db, "SELECT line FROM import_items;", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_assert_true (g_hash_table_remove (lines, GUINT_TO_POINTER ((guint) sqlite3_column_int (stmt, 0))));
  g_assert_cmpuint (g_hash_table_size (lines), ==, 0);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM (SELECT subject_id, hash FROM gallery_images"
                                    " GROUP BY subject_id, hash HAVING count(*) > 1);", 0), ==, 0);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM gallery_images;", 0), ==,
                   query_int (unit, "SELECT count(*) FROM import_items WHERE status = 'enrolled';", 0));
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM templates;", 0), ==,
                   query_int (unit, "SELECT count(*) FROM gallery_images;", 0));
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM import_items WHERE status = 'enrolled';", 0), >=, 390);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM import_items WHERE status = 'duplicate';", 0), ==,
                   query_int (unit, "SELECT count(*) FROM import_items WHERE status = 'enrolled';", 0));
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM subjects;", 0), ==, 40);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM gallery_images gi LEFT JOIN blobs b ON b.hash = gi.hash"
                                    " WHERE b.hash IS NULL;", 0), ==, 0);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM imports WHERE finished_at IS NULL;", 0), ==, 0);
  g_assert_cmpstr (check = query_text (unit, "PRAGMA integrity_check;", 0), ==, "ok");
  g_assert_null (query_text (unit, "PRAGMA foreign_key_check;", 0));

  fl_test_rm_rf (dir);
}

static void
on_import_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
on_import_progress (guint    done,
                    guint    total,
                    gpointer user_data)
{
  GCancellable *cancellable = user_data;

  /* The first report after something was recorded cancels: what was done stays. */
  if (done > 0)
    g_cancellable_cancel (cancellable);
}

static void
test_import_async_cancel_resume (FlTestUnit    *unit,
                                 gconstpointer  data)
{
  g_autofree char *faces = fl_test_faces_dir ();
  g_autofree char *dir = NULL;
  g_autofree char *manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(FlMatcher) m = matcher ();
  g_autoptr(FlImportReport) report = NULL;
  FlImportOptions options = {
    .gallery_name = "Bookings",
    .provenance = "County jail booking system export (test data)",
    .lawful_basis = "Penal Code 13300; test records only",
    .batch_size = 5,
    .progress = on_import_progress,
    .progress_data = cancellable,
  };
  GString *csv;

  if (faces == NULL)
    return;
  csv = g_string_new ("subject_id,image\n");
  for (int p = 1; p <= 8; p++)
    for (int f = 1; f <= 10; f++)
      g_string_append_printf (csv, "ORL-%02d,%s/orl/s%02d/%d.pgm\n", p, faces, p, f);
  dir = fl_test_make_tmpdir ();
  manifest = write_manifest (dir, "orl.csv", csv->str);
  g_string_free (csv, TRUE);
  options.manifest_path = manifest;

  fl_gallery_import_async (unit->admin, m, &options, cancellable, on_import_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = fl_gallery_import_finish (result, &error);
  g_assert_null (report);
  g_assert_error (error, FL_ERROR, FL_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM import_items;", 0), >, 0);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM import_items;", 0), <, 80);

  options.progress = NULL;
  report = fl_gallery_import (unit->admin, m, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->complete);
  g_assert_cmpuint (report->resumed_from, >, 0);
  g_assert_cmpuint (report->resumed_from + report->done_this_run, ==, 80);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM import_items;", 0), ==, 80);
  fl_test_rm_rf (dir);
}

/* ------------------------------------------------------------------------- */
/* R12: probes never enter a gallery                                         */

static void
test_probe_never_enrolled (FlTestUnit    *unit,
                           gconstpointer  data)
{
  g_autofree char *faces = fl_test_faces_dir ();
  g_autofree char *dir = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *bytes_data = NULL;
  g_autoptr(GPtrArray) simm = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = NULL;
  g_autoptr(FlImportReport) report = NULL;
  g_autoptr(FlMatcher) m = matcher ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *csv = NULL;
  const char *probe_path;
  FlSubjectFields fields = { .external_id = "S-1", .name = "John Simm" };
  gsize len;

  if (faces == NULL)
    return;
  ella = fl_test_unit_login (unit, "ella");
  simm = sorted_photos (faces, "johns", "John_Simm");
  probe_path = g_ptr_array_index (simm, 0);
  open_case (unit, ella, &probe_path, 1);

  dir = fl_test_make_tmpdir ();
  csv = g_strdup_printf ("subject_id,name,image\nS-1,John Simm,%s\nS-1,John Simm,%s\n", probe_path,
                         (char *) g_ptr_array_index (simm, 1));
  manifest = write_manifest (dir, "m.csv", csv);
  report = import (unit->admin, "Bookings", manifest, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->counts[FL_IMPORT_PROBE], ==, 1);
  g_assert_cmpuint (report->counts[FL_IMPORT_ENROLLED], ==, 1);
  g_assert_cmpuint (((FlImportProblem *) g_ptr_array_index (report->problems, 0))->line, ==, 2);
  g_assert_nonnull (strstr (((FlImportProblem *) g_ptr_array_index (report->problems, 0))->message, "R12"));
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM gallery_images gi JOIN probes p ON p.hash = gi.hash;", 0),
                   ==, 0);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM audit WHERE action = 'gallery.enroll'"
                                    " AND outcome = 'refused' AND details LIKE '%R12%';", 0), ==, 1);

  /* The single-photo enrolment refuses it too. */
  g_file_get_contents (probe_path, &bytes_data, &len, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&bytes_data), len);
  g_assert_cmpint (fl_gallery_enroll (ella, m, report->gallery_id, &fields, NULL, NULL, NULL, bytes, "probe.jpg",
                                      &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM audit WHERE action = 'gallery.enroll'"
                                    " AND outcome = 'refused' AND details LIKE '%R12%';", 0), ==, 2);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM gallery_images;", 0), ==, 1);
  fl_session_logout (ella);
  fl_test_rm_rf (dir);
}

/* ------------------------------------------------------------------------- */
/* Search: policy gates (R1 and the case)                                    */

typedef struct
{
  gint64 gallery_id;
  gint64 case_id;
  gint64 probe_id;
  char  *dir;
} Enrolled;

/* The johns gallery (photo 0 of each person) and a case whose probe is John Simm's photo 3. */
static gboolean
enrol_johns (FlTestUnit *unit,
             FlSession  *rita,
             FlSession  *ella,
             Enrolled   *e)
{
  g_autofree char *faces = fl_test_faces_dir ();
  g_autofree char *manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlImportReport) report = NULL;
  g_autoptr(GPtrArray) simm = NULL;
  const char *probe_path;

  if (faces == NULL)
    return FALSE;
  e->dir = fl_test_make_tmpdir ();
  manifest = johns_manifest (faces, e->dir, 0);
  report = import (unit->admin, "Johns", manifest, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->counts[FL_IMPORT_ENROLLED], ==, G_N_ELEMENTS (johns));
  e->gallery_id = report->gallery_id;
  simm = sorted_photos (faces, "johns", "John_Simm");
  probe_path = g_ptr_array_index (simm, 3);
  e->case_id = open_case_by (unit, rita, ella, &probe_path, 1);
  e->probe_id = probe_of (unit, e->case_id, 0);
  return TRUE;
}

static void
test_search_refusals (FlTestUnit    *unit,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(FlSession) uma = fl_test_unit_login (unit, "uma");
  g_autoptr(FlSession) eddie = fl_test_unit_login (unit, "eddie");
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  Enrolled e = { 0 };
  FlSession *refused[] = { uma, eddie, rita, unit->admin };
  gint64 other_examiner, other_case;

  if (!enrol_johns (unit, rita, ella, &e))
    return;

  /* R1: no current training, or not an examiner at all. */
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_cmpint (search (refused[i], e.case_id, e.probe_id, e.gallery_id, 5, &error), ==, 0);
      g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
      g_clear_error (&error);
    }
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM audit WHERE action = 'search.run'"
                                    " AND outcome = 'refused';", 0), ==, 4);

  /* A probe without a suitability judgement (R11); unsuitable without a reason; then with one. */
  exec_sql (unit, "UPDATE probes SET suitability = NULL WHERE id = ?1;", e.probe_id, NULL);
  g_assert_cmpint (search (ella, e.case_id, e.probe_id, e.gallery_id, 5, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_assert_nonnull (strstr (error->message, "R11"));
  g_clear_error (&error);
  exec_sql (unit, "UPDATE probes SET suitability = 'unsuitable', suitability_reason = ?2 WHERE id = ?1;",
            e.probe_id, "  ");
  g_assert_cmpint (search (ella, e.case_id, e.probe_id, e.gallery_id, 5, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  exec_sql (unit, "UPDATE probes SET suitability_reason = ?2 WHERE id = ?1;", e.probe_id,
            "Low resolution, but the only image of the suspect; examiner accepts the risk.");
  g_assert_cmpint (search (ella, e.case_id, e.probe_id, e.gallery_id, 5, &error), >, 0);
  g_assert_no_error (error);

  /* An empty justification; no gallery. */
  {
    FlSearchParams p = { .case_id = e.case_id, .probe_id = e.probe_id, .gallery_ids = &e.gallery_id,
                         .n_gallery_ids = 1, .justification = " ", .face_index = -1 };
    g_assert_cmpint (fl_search_run (ella, &p, NULL, NULL, NULL, &error), ==, 0);
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    g_clear_error (&error);
    p.justification = JUSTIFICATION;
    p.n_gallery_ids = 0;
    g_assert_cmpint (fl_search_run (ella, &p, NULL, NULL, NULL, &error), ==, 0);
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* A case assigned to another examiner. */
  other_examiner = fl_accounts_create_user (unit->db, unit->admin, "otto", "Otto Other", FL_TEST_PASSWORD,
                                            FL_ROLE_EXAMINER, &error);
  g_assert_no_error (error);
  exec_sql (unit, "UPDATE cases SET examiner_id = ?1 WHERE id = (SELECT max(id) FROM cases);", other_examiner, NULL);
  g_assert_cmpint (search (ella, e.case_id, e.probe_id, e.gallery_id, 5, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  exec_sql (unit, "UPDATE cases SET examiner_id = ?1 WHERE id = (SELECT max(id) FROM cases);", unit->examiner_id,
            NULL);

  /* A closed case; a sealed case. */
  exec_sql (unit, "UPDATE cases SET state = ?2 WHERE id = ?1;", e.case_id, "closed");
  g_assert_cmpint (search (ella, e.case_id, e.probe_id, e.gallery_id, 5, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_assert_nonnull (strstr (error->message, "closed"));
  g_clear_error (&error);
  exec_sql (unit, "UPDATE cases SET state = ?2, sealed = 1 WHERE id = ?1;", e.case_id, "review");
  g_assert_cmpint (search (ella, e.case_id, e.probe_id, e.gallery_id, 5, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  exec_sql (unit, "UPDATE cases SET sealed = 0 WHERE id = ?1;", e.case_id, NULL);

  /* A case whose request was not accepted (a case row made behind the core's back). */
  exec_sql (unit, "UPDATE requests SET state = ?2 WHERE id = (SELECT request_id FROM cases WHERE id = ?1);",
            e.case_id, "submitted");
  g_assert_cmpint (search (ella, e.case_id, e.probe_id, e.gallery_id, 5, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_assert_nonnull (strstr (error->message, "accepted"));
  g_clear_error (&error);
  exec_sql (unit, "UPDATE requests SET state = ?2 WHERE id = (SELECT request_id FROM cases WHERE id = ?1);",
            e.case_id, "accepted");

  /* A probe of another case; a case that does not exist. */
  {
    g_autofree char *faces = fl_test_faces_dir ();
    g_autoptr(GPtrArray) savage = sorted_photos (faces, "johns", "John_Savage");
    const char *path = g_ptr_array_index (savage, 4);
    other_case = open_case_by (unit, rita, ella, &path, 1);
  }
  g_assert_cmpint (search (ella, e.case_id, probe_of (unit, other_case, 0), e.gallery_id, 5, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (search (ella, 999999, e.probe_id, e.gallery_id, 5, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Only the one allowed search was logged. */
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM searches;", 0), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    if (refused[i] != unit->admin)
      fl_session_logout (refused[i]);
  fl_session_logout (ella);
  fl_test_rm_rf (e.dir);
  g_free (e.dir);
}

/* ------------------------------------------------------------------------- */
/* Search log (R14), case state, blind review (R16)                          */

static void
test_search_logged (FlTestUnit    *unit,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(FlMatcher) m = matcher ();
  g_autofree char *state = NULL;
  Enrolled e = { 0 };
  gint64 s1, s2;

  if (!enrol_johns (unit, NULL, ella, &e))
    return;
  g_assert_cmpstr (state = query_text (unit, "SELECT state FROM cases WHERE id = ?;", e.case_id), ==, "intake");
  g_clear_pointer (&state, g_free);

  s1 = search (ella, e.case_id, e.probe_id, e.gallery_id, 3, &error);
  g_assert_no_error (error);
  s2 = search (ella, e.case_id, e.probe_id, e.gallery_id, 0, &error);   /* a repeat, K from the unit setting */
  g_assert_no_error (error);
  g_assert_cmpint (s2, >, s1);

  searches = fl_search_list_for_case (ella, e.case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (searches->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      FlSearchInfo *s = g_ptr_array_index (searches, i);
      g_assert_cmpint (s->id, ==, i == 0 ? s1 : s2);
      g_assert_nonnull (s->started_at);
      g_assert_cmpint (s->examiner_id, ==, unit->examiner_id);
      g_assert_cmpstr (s->examiner_name, ==, "Ella Examiner");
      g_assert_cmpint (s->case_id, ==, e.case_id);
      g_assert_nonnull (s->fr_number);
      g_assert_cmpstr (s->incident_type, ==, "Robbery");
      g_assert_cmpstr (s->purpose, ==, "Suspect in a criminal offense");
      g_assert_cmpstr (s->justification, ==, JUSTIFICATION);
      g_assert_cmpstr (s->galleries, ==, "Johns");
      g_assert_cmpstr (s->matcher_version, ==, fl_matcher_get_version ());
      g_assert_cmpstr (s->model_id, ==, fl_matcher_get_model_id (m));
      g_assert_cmpint (s->k, ==, i == 0 ? 3 : 50);
      g_assert_cmpint (s->templates_scanned, ==, 5);
      g_assert_cmpuint (s->candidate_count, ==, i == 0 ? 3 : 5);
      g_assert_false (s->blind);
    }
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM search_galleries;", 0), ==, 2);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM candidates WHERE search_id = ?;", s1), ==, 3);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM audit WHERE action = 'search.run'"
                                    " AND outcome = 'success' AND case_id = ?;", e.case_id), ==, 2);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM audit WHERE action = 'case.state' AND case_id = ?;",
                              e.case_id), ==, 1);
  g_assert_cmpstr (state = query_text (unit, "SELECT state FROM cases WHERE id = ?;", e.case_id), ==, "review");

  /* A search that cannot run (a probe without a face) is refused and audited, not logged as a search. */
  {
    g_autoptr(GError) local = NULL;
    g_autoptr(cairo_surface_t) s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 200, 200);
    g_autofree char *blank = g_build_filename (e.dir, "blank.png", NULL);
    const char *path = blank;
    gint64 blank_case;

    cairo_surface_write_to_png (s, blank);
    blank_case = open_case (unit, ella, &path, 1);
    g_assert_cmpint (search (ella, blank_case, probe_of (unit, blank_case, 0), e.gallery_id, 5, &local), ==, 0);
    g_assert_error (local, FL_ERROR, FL_ERROR_INVALID);
    g_assert_nonnull (strstr (local->message, "eye"));
    g_assert_cmpint (query_int (unit, "SELECT count(*) FROM audit WHERE action = 'search.run'"
                                      " AND outcome = 'failed' AND case_id = ?;", blank_case), ==, 1);
    g_assert_cmpint (query_int (unit, "SELECT count(*) FROM searches WHERE case_id = ?;", blank_case), ==, 0);
  }
  fl_session_logout (ella);
  fl_test_rm_rf (e.dir);
  g_free (e.dir);
}

static void
test_blind_has_no_scores (FlTestUnit    *unit,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(GPtrArray) blind = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(FlSearchInfo) info = NULL;
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  Enrolled e = { 0 };
  FlSearchParams params = { 0 };
  gint64 id;

  if (!enrol_johns (unit, rita, ella, &e))
    return;
  params.case_id = e.case_id;
  params.probe_id = e.probe_id;
  params.gallery_ids = &e.gallery_id;
  params.n_gallery_ids = 1;
  params.justification = JUSTIFICATION;
  params.face_index = -1;
  params.blind = FL_SEARCH_BLIND_DEFAULT;   /* the unit's default is blind */
  id = fl_search_run (ella, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  info = fl_search_get (ella, id, &error);
  g_assert_no_error (error);
  g_assert_true (info->blind);

  blind = fl_search_list_candidates (ella, id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blind->len, ==, 5);
  for (guint i = 0; i < blind->len; i++)
    {
      FlCandidate *c = g_ptr_array_index (blind, i);
      g_assert_cmpint (c->rank, ==, -1);
      g_assert_true (isnan (c->score));
      g_assert_cmpint (c->blind_order, ==, (int) i + 1);
      g_assert_nonnull (c->external_id);
      g_assert_nonnull (c->image_hash);
      /* Row ids follow the shuffle, so not even they give the rank away. */
      if (i > 0)
        g_assert_cmpint (c->id, >, ((FlCandidate *) g_ptr_array_index (blind, i - 1))->id);
    }

  open = fl_search_list_candidates (ella, id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 5);
  for (guint i = 0; i < open->len; i++)
    {
      FlCandidate *c = g_ptr_array_index (open, i);
      g_assert_cmpint (c->rank, ==, (int) i + 1);
      g_assert_false (isnan (c->score));
      if (i > 0)
        g_assert_cmpfloat (c->score, <=, ((FlCandidate *) g_ptr_array_index (open, i - 1))->score);
    }
  g_assert_cmpstr (((FlCandidate *) g_ptr_array_index (open, 0))->external_id, ==, "John_Simm");

  /* A requester reads no candidates. */
  g_assert_null (fl_search_list_candidates (rita, id, TRUE, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  fl_session_logout (rita);
  fl_session_logout (ella);
  fl_test_rm_rf (e.dir);
  g_free (e.dir);
}

/* ------------------------------------------------------------------------- */
/* R13: a sealed subject is never returned and its images are purged         */

static void
test_sealed_never_returned (FlTestUnit    *unit,
                            gconstpointer  data)
{
  g_autofree char *faces = fl_test_faces_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(FlImportReport) again = NULL;
  g_autoptr(FlSubject) tomb = NULL;
  g_autofree char *top = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *manifest2 = NULL;
  Enrolled e = { 0 };
  gint64 simm, s1, s2;

  if (!enrol_johns (unit, NULL, ella, &e))
    return;
  simm = query_int (unit, "SELECT id FROM subjects WHERE external_id = 'John_Simm';", 0);

  /* John Simm is the best match of his own probe … */
  s1 = search (ella, e.case_id, e.probe_id, e.gallery_id, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (top = top_subject (ella, s1), ==, "John_Simm");

  stmt = fl_db_prepare (unit->db, "SELECT hash FROM gallery_images WHERE subject_id = ?;", &error);
  sqlite3_bind_int64 (stmt, 1, simm);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (hashes, fl_db_column_dup (stmt, 0));
  g_assert_cmpuint (hashes->len, ==, 1);
  g_assert_true (fl_store_has (unit->db, g_ptr_array_index (hashes, 0)));

  /* … only an administrator enters a seal/destroy notice … */
  g_assert_false (fl_gallery_seal_subject (ella, simm, "Order 2026-117", "2026-01-05", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (fl_gallery_seal_subject (unit->admin, simm, "", "2026-01-05", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_gallery_seal_subject (unit->admin, simm, "Order 2026-117", "2999-01-01", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (fl_gallery_seal_subject (unit->admin, simm, "Order 2026-117", "2026-01-05", &error));
  g_assert_no_error (error);

  /* … and from then on he is never returned, even as the best match. */
  s2 = search (ella, e.case_id, e.probe_id, e.gallery_id, 5, &error);
  g_assert_no_error (error);
  list = fl_search_list_candidates (ella, s2, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  for (guint i = 0; i < list->len; i++)
    g_assert_cmpint (((FlCandidate *) g_ptr_array_index (list, i))->subject_id, !=, simm);
  g_assert_cmpint (query_int (unit, "SELECT templates_scanned FROM searches WHERE id = ?;", s2), ==, 4);

  /* Images and templates purged; the notice keeps counts and hashes, no personal data. */
  g_assert_false (fl_store_has (unit->db, g_ptr_array_index (hashes, 0)));
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM templates t JOIN gallery_images gi"
                                    " ON gi.id = t.gallery_image_id WHERE gi.subject_id = ?;", simm), ==, 0);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM bookings WHERE subject_id = ?;", simm), ==, 0);
  summary = query_text (unit, "SELECT purged_summary FROM seal_notices WHERE scope = 'subject' AND target_id = ?;",
                        simm);
  g_assert_nonnull (summary);
  g_assert_nonnull (strstr (summary, g_ptr_array_index (hashes, 0)));
  g_assert_null (strstr (summary, "Simm"));
  audit = query_text (unit, "SELECT details FROM audit WHERE action = 'subject.seal' AND outcome = 'success';", 0);
  g_assert_nonnull (strstr (audit, "Order 2026-117"));
  g_assert_null (strstr (audit, "Simm"));
  tomb = fl_gallery_get_subject (unit->admin, simm, &error);
  g_assert_no_error (error);
  g_assert_true (tomb->sealed);
  g_assert_cmpstr (tomb->name, ==, "");
  g_assert_null (tomb->date_of_birth);
  g_assert_true (((FlGalleryImage *) g_ptr_array_index (tomb->images, 0))->purged);

  /* The earlier search's candidate shows only that the record was sealed. */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fl_search_list_candidates (ella, s1, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (((FlCandidate *) g_ptr_array_index (list, 0))->sealed);
  g_assert_null (((FlCandidate *) g_ptr_array_index (list, 0))->name);
  g_assert_null (((FlCandidate *) g_ptr_array_index (list, 0))->image_hash);

  /* Another program (its own connection and index) seals John Savage while
   * this one's index is loaded: the next search here excludes him too. */
  {
    g_autoptr(FlDb) db2 = fl_db_open (unit->dir, &error);
    g_autoptr(FlSession) adam = NULL;
    g_autoptr(GPtrArray) after = NULL;
    gint64 savage = query_int (unit, "SELECT id FROM subjects WHERE external_id = 'John_Savage';", 0);
    gint64 s3;

    g_assert_no_error (error);
    fl_accounts_create_user (unit->db, unit->admin, "adam", "Adam Second-Admin", FL_TEST_PASSWORD, FL_ROLE_ADMIN,
                             &error);
    g_assert_no_error (error);
    adam = fl_accounts_login (db2, "adam", FL_TEST_PASSWORD, &error);
    g_assert_no_error (error);
    g_assert_true (fl_gallery_seal_subject (adam, savage, "Order 2026-118", "2026-01-06", &error));
    g_assert_no_error (error);
    fl_session_logout (adam);
    s3 = search (ella, e.case_id, e.probe_id, e.gallery_id, 5, &error);
    g_assert_no_error (error);
    after = fl_search_list_candidates (ella, s3, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (after->len, ==, 3);
    for (guint i = 0; i < after->len; i++)
      {
        FlCandidate *c = g_ptr_array_index (after, i);
        g_assert_cmpint (c->subject_id, !=, simm);
        g_assert_cmpint (c->subject_id, !=, savage);
      }
  }

  /* A fresh index, loaded from the database by another connection, leaves both out. */
  {
    g_autoptr(FlDb) db3 = fl_db_open (unit->dir, &error);
    g_autoptr(FlSession) ella3 = NULL;
    gint64 s4;

    g_assert_no_error (error);
    fl_session_logout (ella);
    ella3 = fl_accounts_login (db3, "ella", FL_TEST_PASSWORD, &error);
    g_assert_no_error (error);
    s4 = search (ella3, e.case_id, e.probe_id, e.gallery_id, 5, &error);
    g_assert_no_error (error);
    g_assert_cmpint (query_int (unit, "SELECT candidate_count FROM searches WHERE id = ?;", s4), ==, 3);
    g_assert_cmpint (query_int (unit, "SELECT templates_scanned FROM searches WHERE id = ?;", s4), ==, 3);
    fl_session_logout (ella3);
  }

  /* The sealed record cannot be imported again. */
  manifest2 = johns_manifest (faces, e.dir, 1);
  again = import (unit->admin, "Johns", manifest2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->counts[FL_IMPORT_SEALED], ==, 2);
  g_assert_cmpuint (again->counts[FL_IMPORT_ENROLLED], ==, 3);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM gallery_images WHERE subject_id = ?;", simm), ==, 1);

  g_assert_null (query_text (unit, "PRAGMA foreign_key_check;", 0));
  fl_session_logout (ella);
  fl_test_rm_rf (e.dir);
  g_free (e.dir);
}

/* ------------------------------------------------------------------------- */
/* Identification on real faces                                              */

static void
test_identification_johns (FlTestUnit    *unit,
                           gconstpointer  data)
{
  g_autofree char *faces = fl_test_faces_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = NULL;
  g_autoptr(GPtrArray) probes = g_ptr_array_new_with_free_func (g_free);
  Enrolled e = { 0 };
  gint64 case_id;

  if (faces == NULL)
    return;
  ella = fl_test_unit_login (unit, "ella");
  g_assert_true (enrol_johns (unit, NULL, ella, &e));
  /* Two other photos of each person as the probes of one case. */
  for (guint i = 0; i < G_N_ELEMENTS (johns); i++)
    {
      g_autoptr(GPtrArray) p = sorted_photos (faces, "johns", johns[i]);
      g_ptr_array_add (probes, g_strdup (g_ptr_array_index (p, 5)));
      g_ptr_array_add (probes, g_strdup (g_ptr_array_index (p, 9)));
    }
  case_id = open_case (unit, ella, (const char **) probes->pdata, probes->len);
  for (guint i = 0; i < probes->len; i++)
    {
      gint64 id = search (ella, case_id, probe_of (unit, case_id, i), e.gallery_id, 5, &error);
      g_autofree char *top = NULL;

      g_assert_no_error (error);
      top = top_subject (ella, id);
      g_test_message ("%s → %s", (char *) g_ptr_array_index (probes, i), top);
      g_assert_cmpstr (top, ==, johns[i / 2]);
    }
  fl_session_logout (ella);

  /* The same through faceleads-cli: logged, banner, the rank-1 candidate first. */
  if (g_getenv ("FACELEADS_CLI") != NULL)
    {
      g_autofree char *case_text = g_strdup_printf ("%" G_GINT64_FORMAT, case_id);
      g_autofree char *probe_text = g_strdup_printf ("%" G_GINT64_FORMAT, probe_of (unit, case_id, 0));
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "FACELEADS_DATA_DIR", unit->dir, TRUE);
      const char *argv[] = { g_getenv ("FACELEADS_CLI"), "--user", "ella", "search", "--case", case_text,
                             "--probe", probe_text, "--gallery", "Johns", "--k", "3", "--show-scores",
                             "--justification", JUSTIFICATION, NULL };
      gint64 before = query_int (unit, "SELECT count(*) FROM searches;", 0);
      int status = 0;
      const char *row;

      env = g_environ_setenv (env, "FACELEADS_PASSWORD", FL_TEST_PASSWORD, TRUE);
      g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
      g_assert_no_error (error);
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("faceleads-cli search failed: %s", err);
      g_assert_nonnull (strstr (out, "INVESTIGATIVE LEAD ONLY"));
      row = strstr (out, "\n1 ");
      g_assert_nonnull (row);
      g_assert_nonnull (strstr (row, johns[0]));
      g_assert_cmpint (query_int (unit, "SELECT count(*) FROM searches;", 0), ==, before + 1);
    }
  fl_test_rm_rf (e.dir);
  g_free (e.dir);
}

static void
test_identification_orl (FlTestUnit    *unit,
                         gconstpointer  data)
{
  g_autofree char *faces = fl_test_faces_dir ();
  g_autofree char *dir = NULL;
  g_autofree char *manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = NULL;
  g_autoptr(FlImportReport) report = NULL;
  g_autoptr(GPtrArray) probes = g_ptr_array_new_with_free_func (g_free);
  GString *csv;
  gint64 case_id;
  const int people = 10;

  if (faces == NULL)
    return;
  ella = fl_test_unit_login (unit, "ella");
  /* Small grayscale faces: found by the ×2 upsampled detector. One photo per person enrolled. */
  csv = g_string_new ("subject_id,image\n");
  for (int p = 1; p <= people; p++)
    {
      g_string_append_printf (csv, "s%02d,%s/orl/s%02d/1.pgm\n", p, faces, p);
      g_ptr_array_add (probes, g_strdup_printf ("%s/orl/s%02d/%d.pgm", faces, p, 2 + p % 8));
    }
  dir = fl_test_make_tmpdir ();
  manifest = write_manifest (dir, "orl.csv", csv->str);
  g_string_free (csv, TRUE);
  report = import (unit->admin, "ORL", manifest, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->counts[FL_IMPORT_ENROLLED], ==, people);

  case_id = open_case (unit, ella, (const char **) probes->pdata, probes->len);
  for (guint i = 0; i < probes->len; i++)
    {
      gint64 id = search (ella, case_id, probe_of (unit, case_id, i), report->gallery_id, 5, &error);
      g_autofree char *top = NULL;
      g_autofree char *want = g_strdup_printf ("s%02u", i + 1);

      g_assert_no_error (error);
      g_assert_cmpstr (top = top_subject (ella, id), ==, want);
    }
  fl_session_logout (ella);
  fl_test_rm_rf (dir);
}

/* ------------------------------------------------------------------------- */
/* The probe's face: chosen among several, or placed by hand; async search   */

static void
on_search_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
on_search_progress (double      fraction,
                    const char *stage,
                    gpointer    user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
test_probe_face_choice (FlTestUnit    *unit,
                        gconstpointer  data)
{
  g_autofree char *sample = g_build_filename (FL_BUILD_MODEL_DIR, "samples", "sample1.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(FlMatcher) m = matcher ();
  g_autoptr(FlImage) image = NULL;
  g_autoptr(GPtrArray) faces = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *eyes = NULL;
  g_autofree char *method = NULL;
  const char *path = sample;
  Enrolled e = { 0 };
  FlSearchParams params = { 0 };
  FlPoint l, r;
  gint64 case_id, probe_id, id;
  double last = 0;

  if (!g_file_test (sample, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("models/samples/sample1.jpg is absent: run build-aux/fetch-models");
      return;
    }
  if (!enrol_johns (unit, NULL, ella, &e))
    return;
  case_id = open_case (unit, ella, &path, 1);
  probe_id = probe_of (unit, case_id, 0);
  params.case_id = case_id;
  params.probe_id = probe_id;
  params.gallery_ids = &e.gallery_id;
  params.n_gallery_ids = 1;
  params.justification = JUSTIFICATION;
  params.blind = FL_SEARCH_BLIND_ON;

  /* Several faces: the examiner must choose. */
  params.face_index = -1;
  g_assert_cmpint (fl_search_run (ella, &params, NULL, NULL, NULL, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "choose"));
  g_clear_error (&error);
  params.face_index = 1;
  id = fl_search_run (ella, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (unit, "SELECT json_extract (probe_face, '$.face_index') FROM searches WHERE id = ?;",
                              id), ==, 1);

  /* Eye centres placed by hand (here: those of the detected second face), asynchronously. */
  image = fl_image_new_from_file (sample, &error);
  g_assert_no_error (error);
  faces = fl_matcher_detect (m, image, FL_SEARCH_DETECT_FLAGS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (faces->len, >, 1);
  fl_face_get_eyes (g_ptr_array_index (faces, 1), &l, &r);
  eyes = g_strdup_printf ("{\"left_eye\": [%.2f, %.2f], \"right_eye\": [%.2f, %.2f]}", l.x, l.y, r.x, r.y);
  exec_sql (unit, "UPDATE probes SET eye_points = ?2 WHERE id = ?1;", probe_id, eyes);
  params.face_index = -1;
  fl_search_run_async (ella, &params, on_search_progress, &last, NULL, on_search_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  id = fl_search_run_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpstr (method = query_text (unit, "SELECT json_extract (probe_face, '$.method') FROM searches"
                                              " WHERE id = ?;", id), ==, "eyes");
  g_assert_cmpint (query_int (unit, "SELECT candidate_count FROM searches WHERE id = ?;", id), ==, 5);

  /* The async form checks policy too. */
  {
    g_autoptr(FlSession) uma = fl_test_unit_login (unit, "uma");
    g_autoptr(GAsyncResult) refused = NULL;
    fl_search_run_async (uma, &params, NULL, NULL, NULL, on_search_done, &refused);
    while (refused == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpint (fl_search_run_finish (refused, &error), ==, 0);
    g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
    g_clear_error (&error);
    fl_session_logout (uma);
  }
  fl_session_logout (ella);
  fl_test_rm_rf (e.dir);
  g_free (e.dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, FlTestUnit, NULL, fl_test_unit_setup, fn, fl_test_unit_teardown)
  ADD ("/gallery/create/R13-provenance", test_create_requires_provenance);
  ADD ("/gallery/import/report", test_import_report);
  ADD ("/gallery/import/header-errors", test_import_header_errors);
  ADD ("/gallery/import/survives-sigkill", test_import_survives_sigkill);
  ADD ("/gallery/import/async-cancel-resume", test_import_async_cancel_resume);
  ADD ("/gallery/R12-probe-never-enrolled", test_probe_never_enrolled);
  ADD ("/gallery/R13-sealed-never-returned", test_sealed_never_returned);
  ADD ("/search/refusals", test_search_refusals);
  ADD ("/search/R14-logged", test_search_logged);
  ADD ("/search/R16-blind-has-no-scores", test_blind_has_no_scores);
  ADD ("/search/identification/johns", test_identification_johns);
  ADD ("/search/identification/orl", test_identification_orl);
  ADD ("/search/probe-face", test_probe_face_choice);
#undef ADD

  return g_test_run ();
}
