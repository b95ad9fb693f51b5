/* test-case-page.c: the case list pages through 100 000 cases quickly
 *
 * Fills a unit with 100 000 accepted requests and their cases (two
 * requesters, four examiners, every state, two years of dates), then checks
 * that each filtered page is right and prints how long it took. Timings are
 * printed, not asserted: they depend on the machine.
 */
#include <string.h>

#include "fl-case.h"
#include "fl-test-core.h"

#define N_CASES 100000
#define PAGE    50
#define RUNS    7

typedef struct
{
  gint64 per_state[FL_CASE_STATE_LAST + 1];
  gint64 rita;
  gint64 march_2025;
  gint64 examiner_ella;
} Expected;

static void
exec_ok (FlDb       *db,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  fl_db_exec (db, sql, &error);
  g_assert_no_error (error);
}

static void
fill (FlTestUnit *unit,
      Expected   *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) req = NULL;
  g_autoptr(sqlite3_stmt) kase = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 6, 1, 8, 0, 0);
  gint64 examiners[4] = { unit->examiner_id, unit->untrained_id, unit->expired_id, unit->examiner_id };
  gint64 t0 = g_get_monotonic_time ();

  g_assert_true (fl_db_begin (unit->db, &error));
  req = fl_db_prepare (unit->db,
                       "INSERT INTO requests (id, created_at, created_by, requesting_agency, requester_name, phone,"
                       " email, agency_case_number, incident_type, reason, purpose, image_count,"
                       " protected_class_attested, ack_name, ack_date, state, decided_by, decided_at)"
                       " VALUES (?1, ?2, ?3, 'Example City Police Department', 'Det. Example', '213-555-0100',"
                       " 'det@examplepd.gov', ?4, 'Robbery', 'Facts amounting to reasonable suspicion, at length.',"
                       " 'Suspect in a criminal offense', 1, 1, 'Det. Example', substr (?2, 1, 10), 'accepted',"
                       " ?5, ?2);", &error);
  g_assert_no_error (error);
  kase = fl_db_prepare (unit->db, "INSERT INTO cases (id, fr_number, request_id, examiner_id, state, opened_at)"
                                  " VALUES (?1, ?2, ?1, ?3, ?4, ?5);", &error);
  g_assert_no_error (error);

  for (gint64 i = 1; i <= N_CASES; i++)
    {
      /* About 137 cases a day, in order of opening. */
      g_autoptr(GDateTime) when = g_date_time_add_seconds (start, (gdouble) i * 631.0);
      g_autofree char *ts = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S.000000Z");
      g_autofree char *fr = g_strdup_printf ("FR-%04d-%06" G_GINT64_FORMAT, g_date_time_get_year (when), i);
      g_autofree char *agency = g_strdup_printf ("%02d-%06" G_GINT64_FORMAT, g_date_time_get_year (when) % 100,
                                                 (i * 7919) % 1000000);
      gint64 requester = i % 3 == 0 ? unit->requester_id : unit->requester2_id;
      gint64 examiner = examiners[i % 4];
      /* Most cases are old and closed; the newest are still being worked. */
      FlCaseState state = i > N_CASES - 500 ? (FlCaseState) (FL_CASE_INTAKE + i % 6) : FL_CASE_CLOSED;

      sqlite3_reset (req);
      sqlite3_bind_int64 (req, 1, i);
      fl_db_bind_text (req, 2, ts);
      sqlite3_bind_int64 (req, 3, requester);
      fl_db_bind_text (req, 4, agency);
      sqlite3_bind_int64 (req, 5, examiner);
      g_assert_cmpint (sqlite3_step (req), ==, SQLITE_DONE);

      sqlite3_reset (kase);
      sqlite3_bind_int64 (kase, 1, i);
      fl_db_bind_text (kase, 2, fr);
      sqlite3_bind_int64 (kase, 3, examiner);
      fl_db_bind_text (kase, 4, fl_case_state_to_string (state));
      fl_db_bind_text (kase, 5, ts);
      g_assert_cmpint (sqlite3_step (kase), ==, SQLITE_DONE);

      expected->per_state[state]++;
      if (requester == unit->requester_id)
        expected->rita++;
      if (g_str_has_prefix (ts, "2025-03-"))
        expected->march_2025++;
      if (examiner == unit->examiner_id)
        expected->examiner_ella++;
    }
  g_assert_true (fl_db_commit (unit->db, &error));
  exec_ok (unit->db, "ANALYZE;");
  g_test_message ("inserted %d requests and cases in %.1f s", N_CASES,
                  (g_get_monotonic_time () - t0) / 1e6);
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Runs the page query RUNS times and returns the median in milliseconds;
 * @out_rows keeps the last result. */
static double
time_page (FlSession          *session,
           const FlCaseFilter *filter,
           GPtrArray         **out_rows)
{
  double ms[RUNS];

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      GPtrArray *rows = fl_case_list (session, filter, &error);

      ms[r] = (g_get_monotonic_time () - t0) / 1000.0;
      g_assert_no_error (error);
      if (r + 1 < RUNS)
        g_ptr_array_unref (rows);
      else
        *out_rows = rows;
    }
  qsort (ms, RUNS, sizeof ms[0], cmp_double);
  return ms[RUNS / 2];
}

static double
time_count (FlSession          *session,
            const FlCaseFilter *filter,
            gint64             *out_count)
{
  double ms[RUNS];

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();

      *out_count = fl_case_count (session, filter, &error);
      ms[r] = (g_get_monotonic_time () - t0) / 1000.0;
      g_assert_no_error (error);
    }
  qsort (ms, RUNS, sizeof ms[0], cmp_double);
  return ms[RUNS / 2];
}

static void
assert_newest_first (GPtrArray *rows)
{
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpint (((FlCase *) g_ptr_array_index (rows, i - 1))->id, >,
                     ((FlCase *) g_ptr_array_index (rows, i))->id);
}

static void
report (const char *what,
        double      page_ms,
        double      count_ms,
        gint64      total)
{
  g_test_message ("%-44s page %6.2f ms   count %6.2f ms   (%" G_GINT64_FORMAT " matching)",
                  what, page_ms, count_ms, total);
  g_printerr ("%-44s page %6.2f ms   count %6.2f ms   (%" G_GINT64_FORMAT " matching)\n",
              what, page_ms, count_ms, total);
}

static void
test_pages_of_100000 (FlTestUnit    *unit,
                      gconstpointer  data)
{
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  Expected expected = { 0 };
  double page_ms, count_ms;
  gint64 total;

  fill (unit, &expected);

  {
    FlCaseFilter f = { .limit = PAGE };
    g_autoptr(GPtrArray) rows = NULL;
    page_ms = time_page (ella, &f, &rows);
    count_ms = time_count (ella, &f, &total);
    g_assert_cmpint (total, ==, N_CASES);
    g_assert_cmpuint (rows->len, ==, PAGE);
    g_assert_cmpint (((FlCase *) g_ptr_array_index (rows, 0))->id, ==, N_CASES);
    assert_newest_first (rows);
    report ("first page, no filter", page_ms, count_ms, total);
  }
  {
    FlCaseFilter f = { .limit = PAGE, .offset = N_CASES - PAGE };
    g_autoptr(GPtrArray) rows = NULL;
    page_ms = time_page (ella, &f, &rows);
    g_assert_cmpuint (rows->len, ==, PAGE);
    g_assert_cmpint (((FlCase *) g_ptr_array_index (rows, PAGE - 1))->id, ==, 1);
    report ("last page by OFFSET 99 950", page_ms, 0, N_CASES);
  }
  {
    FlCaseFilter f = { .limit = PAGE, .before_id = PAGE + 1 };
    g_autoptr(GPtrArray) rows = NULL;
    page_ms = time_page (ella, &f, &rows);
    g_assert_cmpuint (rows->len, ==, PAGE);
    g_assert_cmpint (((FlCase *) g_ptr_array_index (rows, 0))->id, ==, PAGE);
    report ("last page by keyset (before_id)", page_ms, 0, N_CASES);
  }
  {
    FlCaseFilter f = { .limit = PAGE, .state = FL_CASE_REVIEW };
    g_autoptr(GPtrArray) rows = NULL;
    page_ms = time_page (ella, &f, &rows);
    count_ms = time_count (ella, &f, &total);
    g_assert_cmpint (total, ==, expected.per_state[FL_CASE_REVIEW]);
    for (guint i = 0; i < rows->len; i++)
      g_assert_cmpint (((FlCase *) g_ptr_array_index (rows, i))->state, ==, FL_CASE_REVIEW);
    assert_newest_first (rows);
    report ("state = review", page_ms, count_ms, total);
  }
  {
    FlCaseFilter f = { .limit = PAGE, .state = FL_CASE_CLOSED, .offset = 50000 };
    g_autoptr(GPtrArray) rows = NULL;
    page_ms = time_page (ella, &f, &rows);
    count_ms = time_count (ella, &f, &total);
    g_assert_cmpint (total, ==, expected.per_state[FL_CASE_CLOSED]);
    g_assert_cmpuint (rows->len, ==, PAGE);
    assert_newest_first (rows);
    report ("state = closed, OFFSET 50 000", page_ms, count_ms, total);
  }
  {
    FlCaseFilter f = { .limit = PAGE, .search = "FR-2025-0777" };
    g_autoptr(GPtrArray) rows = NULL;
    page_ms = time_page (ella, &f, &rows);
    count_ms = time_count (ella, &f, &total);
    g_assert_cmpint (total, >, 0);
    for (guint i = 0; i < rows->len; i++)
      g_assert_nonnull (strstr (((FlCase *) g_ptr_array_index (rows, i))->fr_number, "FR-2025-0777"));
    report ("search \"FR-2025-0777\" (FR number)", page_ms, count_ms, total);
  }
  {
    FlCaseFilter f = { .limit = PAGE, .search = "25-1234" };
    g_autoptr(GPtrArray) rows = NULL;
    page_ms = time_page (ella, &f, &rows);
    count_ms = time_count (ella, &f, &total);
    for (guint i = 0; i < rows->len; i++)
      {
        FlCase *c = g_ptr_array_index (rows, i);
        g_assert_true (strstr (c->fr_number, "25-1234") || strstr (c->agency_case_number, "25-1234"));
      }
    report ("search \"25-1234\" (agency number)", page_ms, count_ms, total);
  }
  {
    FlCaseFilter f = { .limit = PAGE, .opened_from = "2025-03-01", .opened_to = "2025-03-31" };
    g_autoptr(GPtrArray) rows = NULL;
    page_ms = time_page (ella, &f, &rows);
    count_ms = time_count (ella, &f, &total);
    g_assert_cmpint (total, ==, expected.march_2025);
    for (guint i = 0; i < rows->len; i++)
      g_assert_true (g_str_has_prefix (((FlCase *) g_ptr_array_index (rows, i))->opened_at, "2025-03-"));
    report ("opened 2025-03-01 to 2025-03-31", page_ms, count_ms, total);
  }
  {
    FlCaseFilter f = { .limit = PAGE, .examiner_id = unit->examiner_id, .offset = 20000 };
    g_autoptr(GPtrArray) rows = NULL;
    page_ms = time_page (ella, &f, &rows);
    count_ms = time_count (ella, &f, &total);
    g_assert_cmpint (total, ==, expected.examiner_ella);
    for (guint i = 0; i < rows->len; i++)
      g_assert_cmpint (((FlCase *) g_ptr_array_index (rows, i))->examiner_id, ==, unit->examiner_id);
    assert_newest_first (rows);
    report ("examiner = ella, OFFSET 20 000", page_ms, count_ms, total);
  }
  {
    FlCaseFilter f = { .limit = PAGE, .state = FL_CASE_CLOSED, .opened_from = "2025-01-01",
                       .opened_to = "2025-01-31", .search = "25-0" };
    g_autoptr(GPtrArray) rows = NULL;
    page_ms = time_page (ella, &f, &rows);
    count_ms = time_count (ella, &f, &total);
    assert_newest_first (rows);
    report ("closed + January 2025 + search \"25-0\"", page_ms, count_ms, total);
  }
  {
    /* A requester's own cases: the filter is forced by the core. */
    FlCaseFilter f = { .limit = PAGE };
    g_autoptr(GPtrArray) rows = NULL;
    page_ms = time_page (rita, &f, &rows);
    count_ms = time_count (rita, &f, &total);
    g_assert_cmpint (total, ==, expected.rita);
    for (guint i = 0; i < rows->len; i++)
      g_assert_cmpint (((FlCase *) g_ptr_array_index (rows, i))->requester_id, ==, unit->requester_id);
    assert_newest_first (rows);
    report ("requester rita's own cases", page_ms, count_ms, total);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/case/list/100000-pages", FlTestUnit, NULL, fl_test_unit_setup, test_pages_of_100000,
              fl_test_unit_teardown);
  return g_test_run ();
}
