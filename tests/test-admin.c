/* test-admin.c: monthly audit workbook, backup and restore, retention,
 * case seal notices, and their faceleads-cli commands */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

#include "fl-audit-export.h"
#include "fl-backup.h"
#include "fl-retention.h"
#include "fl-seal.h"
#include "fl-test-admin.h"

/* ---- reading the workbook back (an .xlsx is a zip of XML) ------------- */

static char *
unzip_entry (const char *xlsx,
             const char *entry)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;
  const char *argv[] = { "unzip", "-p", xlsx, entry, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("unzip could not read %s from %s", entry, xlsx);
  return out;
}

static char *
xml_unescape (const char *text)
{
  g_autoptr(GString) s = g_string_new (text);

  g_string_replace (s, "&lt;", "<", 0);
  g_string_replace (s, "&gt;", ">", 0);
  g_string_replace (s, "&quot;", "\"", 0);
  g_string_replace (s, "&apos;", "'", 0);
  g_string_replace (s, "&amp;", "&", 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

typedef struct
{
  char       *name;
  char       *xml;
  GHashTable *cells;    /* "A2" → text (shared strings resolved) */
  GHashTable *numeric;  /* "A2" → "1" for number cells */
  guint       rows;     /* including the header row */
  guint       columns;  /* of the header row */
} Sheet;

typedef struct
{
  GPtrArray *sheets;    /* Sheet, in workbook order */
  char      *styles;
} Workbook;

static void
sheet_free (Sheet *s)
{
  g_free (s->name);
  g_free (s->xml);
  g_hash_table_unref (s->cells);
  g_hash_table_unref (s->numeric);
  g_free (s);
}

static void
workbook_free (Workbook *wb)
{
  g_ptr_array_unref (wb->sheets);
  g_free (wb->styles);
  g_free (wb);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Workbook, workbook_free)

static Workbook *
workbook_read (const char *path)
{
  Workbook *wb = g_new0 (Workbook, 1);
  g_autofree char *book = unzip_entry (path, "xl/workbook.xml");
  g_autofree char *shared = unzip_entry (path, "xl/sharedStrings.xml");
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRegex) si = g_regex_new ("<si>(.*?)</si>", G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GRegex) t = g_regex_new ("<t[^>]*>(.*?)</t>", G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GRegex) sheet_re = g_regex_new ("<sheet name=\"([^\"]*)\"", 0, 0, NULL);
  g_autoptr(GRegex) row_re = g_regex_new ("<row r=\"(\\d+)\"", 0, 0, NULL);
  g_autoptr(GRegex) cell_re = g_regex_new ("<c r=\"([A-Z]+\\d+)\"([^>]*?)(?:/>|>(.*?)</c>)", G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GRegex) v_re = g_regex_new ("<v>(.*?)</v>", 0, 0, NULL);
  GMatchInfo *m = NULL;
  guint n = 0;

  g_regex_match (si, shared, 0, &m);
  for (; g_match_info_matches (m); g_match_info_next (m, NULL))
    {
      g_autofree char *inner = g_match_info_fetch (m, 1);
      g_autoptr(GString) text = g_string_new (NULL);
      GMatchInfo *tm = NULL;

      g_regex_match (t, inner, 0, &tm);
      for (; g_match_info_matches (tm); g_match_info_next (tm, NULL))
        {
          g_autofree char *part = g_match_info_fetch (tm, 1);
          g_string_append (text, part);
        }
      g_match_info_free (tm);
      g_ptr_array_add (strings, xml_unescape (text->str));
    }
  g_match_info_free (m);

  wb->sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) sheet_free);
  wb->styles = unzip_entry (path, "xl/styles.xml");
  g_regex_match (sheet_re, book, 0, &m);
  for (; g_match_info_matches (m); g_match_info_next (m, NULL))
    {
      Sheet *s = g_new0 (Sheet, 1);
      g_autofree char *entry = g_strdup_printf ("xl/worksheets/sheet%u.xml", ++n);
      g_autofree char *raw_name = g_match_info_fetch (m, 1);
      GMatchInfo *cm = NULL;

      s->name = xml_unescape (raw_name);
      s->xml = unzip_entry (path, entry);
      s->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      s->numeric = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_regex_match (row_re, s->xml, 0, &cm);
      for (; g_match_info_matches (cm); g_match_info_next (cm, NULL))
        s->rows++;
      g_match_info_free (cm);
      g_regex_match (cell_re, s->xml, 0, &cm);
      for (; g_match_info_matches (cm); g_match_info_next (cm, NULL))
        {
          g_autofree char *ref = g_match_info_fetch (cm, 1);
          g_autofree char *attrs = g_match_info_fetch (cm, 2);
          g_autofree char *body = g_match_info_fetch (cm, 3);
          g_autofree char *value = NULL;
          GMatchInfo *vm = NULL;

          if (body != NULL && g_regex_match (v_re, body, 0, &vm))
            value = g_match_info_fetch (vm, 1);
          g_match_info_free (vm);
          if (value == NULL)
            continue;
          if (strstr (attrs, "t=\"s\"") != NULL)
            {
              guint64 index = g_ascii_strtoull (value, NULL, 10);
              g_assert_cmpuint (index, <, strings->len);
              g_hash_table_insert (s->cells, g_strdup (ref), g_strdup (g_ptr_array_index (strings, index)));
            }
          else
            {
              g_hash_table_insert (s->cells, g_strdup (ref), g_strdup (value));
              g_hash_table_add (s->numeric, g_strdup (ref));
            }
          if (g_str_has_suffix (ref, "1") && strlen (ref) == 2 && ref[0] - 'A' + 1 > (int) s->columns)
            s->columns = (guint) (ref[0] - 'A' + 1);
        }
      g_match_info_free (cm);
      g_ptr_array_add (wb->sheets, s);
    }
  g_match_info_free (m);
  return wb;
}

static Sheet *
workbook_sheet (Workbook   *wb,
                const char *name)
{
  for (guint i = 0; i < wb->sheets->len; i++)
    {
      Sheet *s = g_ptr_array_index (wb->sheets, i);
      if (g_str_equal (s->name, name))
        return s;
    }
  g_error ("the workbook has no sheet “%s”", name);
  return NULL;
}

static const char *
cell (Sheet      *s,
      const char *ref)
{
  return g_hash_table_lookup (s->cells, ref);
}

/* TRUE when column @col of a row below the first holds @text. */
static gboolean
column_has (Sheet      *s,
            char        col,
            const char *text)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, s->cells);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *ref = key;
      if (ref[0] == col && g_ascii_isdigit (ref[1]) && g_ascii_strtoull (ref + 1, NULL, 10) > 1 &&
          g_strcmp0 (value, text) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
column_has_prefix (Sheet      *s,
                   char        col,
                   const char *prefix)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, s->cells);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *ref = key;
      if (ref[0] == col && g_ascii_isdigit (ref[1]) && g_str_has_prefix (value, prefix))
        return TRUE;
    }
  return FALSE;
}

static void
assert_header (Sheet              *s,
               const char * const *titles)
{
  guint n = g_strv_length ((char **) titles);

  for (guint c = 0; c < n; c++)
    {
      char ref[4] = { (char) ('A' + c), '1', 0 };
      g_assert_cmpstr (cell (s, ref), ==, titles[c]);
    }
  g_assert_cmpuint (s->columns, ==, n);
  /* a frozen header row and filters over the table */
  g_assert_nonnull (strstr (s->xml, "state=\"frozen\""));
  g_assert_nonnull (strstr (s->xml, "<autoFilter ref=\"A1:"));
}

static const char * const search_header[] = {
  "Date and time", "Search #", "Examiner", "Case #", "Agency case #", "Incident type", "Purpose", "Justification",
  "Galleries", "Matcher version", "K (list size)", "Candidates", "Yielded candidates", "Probe suitability",
  "Conclusion", "Peer review", "Outcome", NULL };
static const char * const request_header[] = {
  "Received", "Request #", "Entered by", "Requesting agency", "Requester", "Agency case #", "Incident type",
  "Purpose", "Reason for the search", "Images", "Outside agency", "State", "Why refused or returned",
  "Decided by", "Decided", "Case #", NULL };
static const char * const activity_header[] = {
  "Date and time", "Audit row #", "User", "Full name", "Account", "Action", "Case #", "Outcome", "Details", NULL };
static const char * const dissemination_header[] = {
  "Released", "Release #", "Released by", "Case #", "Report", "Recipient", "Agency", "Purpose",
  "What was released", "Public or media", "Exception", "Exception documentation", NULL };
static const char * const seal_header[] = {
  "Entered", "Kind", "Record #", "Sealed record", "Notice reference", "Notice date", "Entered by",
  "What was purged", NULL };
static const char * const account_header[] = {
  "Date and time", "Audit row #", "Account", "Full name", "Event", "Outcome", "Concerning account", "Details", NULL };

static void
this_month (int *year,
            int *month,
            char **from_utc)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      1, 0, 0, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (start);

  *year = g_date_time_get_year (now);
  *month = g_date_time_get_month (now);
  if (from_utc)
    *from_utc = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000000Z");
}

static gint64
count_since (FlTestUnit *unit,
             const char *sql,
             const char *from)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (unit->db, sql, &error);

  g_assert_no_error (error);
  fl_db_bind_text (stmt, 1, from);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
last_audit (FlTestUnit *unit,
            const char *action,
            char      **details)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (unit->db,
    "SELECT outcome, details FROM audit WHERE action = ? ORDER BY id DESC LIMIT 1;", &error);

  g_assert_no_error (error);
  fl_db_bind_text (stmt, 1, action);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  if (details)
    *details = fl_db_column_dup (stmt, 1);
  return fl_db_column_dup (stmt, 0);
}

/* ---- the workbook ------------------------------------------------------ */

static void
test_export_month (FlTestUnit    *unit,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Workbook) wb = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *old = fl_test_iso_days_ago (70);
  g_autofree char *out = g_build_filename (unit->dir, "audit.xlsx", NULL);
  g_autofree char *from = NULL;
  g_autofree char *details = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *expect = NULL;
  g_autoptr(FlSession) ella = NULL;
  FlTestCase a, b, c;
  Sheet *s;
  gint64 audit_rows, account_rows;
  int year, month;
  const char * const *names = fl_audit_export_sheet_names ();
  const char * const expected_names[] = { "Summary", "Searches", "Requests", "User activity", "Disseminations",
                                          "Seal and purge", "Account events", NULL };

  this_month (&year, &month, &from);
  fl_test_seed_case (unit, "2026-0001", now, NULL, &a);
  fl_test_seed_case (unit, "2026-0002", now, NULL, &b);
  fl_test_seed_case (unit, "2025-0099", old, old, &c);   /* another month: must not appear */
  fl_test_seed_refused_request (unit, now);
  fl_test_insert (unit, "UPDATE probes SET suitability = 'unsuitable', suitability_reason = 'face turned away'"
                " WHERE id = ?;", "i", b.enhanced_id);
  fl_test_insert (unit, "INSERT INTO seal_notices (scope, target_id, notice_ref, notice_date, entered_by, entered_at,"
                " purged_summary) VALUES ('subject', 1, 'Court order 26-117', '2026-01-05', ?, ?,"
                " '{\"gallery_images\":1}');", "is", unit->admin_id, now);
  /* account events: a failed sign-in, a sign-in, a lockout-free refusal */
  g_assert_null (fl_accounts_login (unit->db, "ella", "wrong password", NULL));
  ella = fl_test_unit_login (unit, "ella");
  g_assert_false (fl_settings_set (ella, FL_SETTING_UNIT_NAME, "Not allowed", NULL));
  fl_session_logout (ella);

  audit_rows = count_since (unit, "SELECT count (*) FROM audit WHERE ts >= ?;", from);
  account_rows = count_since (unit, "SELECT count (*) FROM audit WHERE ts >= ? AND (action IN ('login', 'logout',"
                                    " 'account.lockout', 'screen.unlock') OR action LIKE 'user.%');", from);

  g_assert_true (fl_audit_export_month (unit->admin, year, month, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));

  wb = workbook_read (out);
  g_assert_cmpuint (wb->sheets->len, ==, FL_AUDIT_N_SHEETS);
  for (guint i = 0; i < wb->sheets->len; i++)
    {
      g_assert_cmpstr (((Sheet *) g_ptr_array_index (wb->sheets, i))->name, ==, expected_names[i]);
      g_assert_cmpstr (names[i], ==, expected_names[i]);
    }

  s = workbook_sheet (wb, "Searches");
  assert_header (s, search_header);
  g_assert_cmpuint (s->rows - 1, ==, 2);
  g_assert_true (column_has (s, 'D', "FR-2026-0001"));
  g_assert_false (column_has (s, 'D', "FR-2025-0099"));
  g_assert_true (column_has (s, 'M', "Yes"));
  g_assert_true (column_has (s, 'N', "unsuitable: face turned away"));
  g_assert_true (column_has (s, 'O', "1 possible lead"));
  g_assert_true (column_has (s, 'P', "not practicable: second examiner on leave"));
  g_assert_true (column_has (s, 'Q', "pending"));
  /* a real date cell, today (Excel counts days from 1899-12-30) */
  g_assert_true (g_hash_table_contains (s->numeric, "A2"));
  {
    GDate epoch, today;
    double serial = g_ascii_strtod (cell (s, "A2"), NULL);
    g_autoptr(GDateTime) local = g_date_time_new_now_local ();

    g_date_set_dmy (&epoch, 30, 12, 1899);
    g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (local),
                    (GDateMonth) g_date_time_get_month (local), (GDateYear) g_date_time_get_year (local));
    g_assert_cmpfloat (serial, >=, g_date_days_between (&epoch, &today) - 1);
    g_assert_cmpfloat (serial, <, g_date_days_between (&epoch, &today) + 1);
    g_assert_nonnull (strstr (wb->styles, "yyyy-mm-dd hh:mm:ss"));
  }

  s = workbook_sheet (wb, "Requests");
  assert_header (s, request_header);
  g_assert_cmpuint (s->rows - 1, ==, 3);
  g_assert_true (column_has (s, 'L', "refused"));
  g_assert_true (column_has (s, 'M', "real-time monitoring of a live stream without an imminent threat to life"));

  s = workbook_sheet (wb, "User activity");
  assert_header (s, activity_header);
  g_assert_cmpint (s->rows - 1, ==, audit_rows);
  g_assert_true (column_has (s, 'F', "settings.change"));
  g_assert_true (column_has (s, 'H', "refused"));

  s = workbook_sheet (wb, "Disseminations");
  assert_header (s, dissemination_header);
  g_assert_cmpuint (s->rows - 1, ==, 2);
  g_assert_true (column_has (s, 'J', "Yes"));
  g_assert_true (column_has (s, 'K', "missing person with third-party verification"));

  s = workbook_sheet (wb, "Seal and purge");
  assert_header (s, seal_header);
  g_assert_cmpuint (s->rows - 1, ==, 1);
  g_assert_true (column_has (s, 'B', "Seal notice: gallery subject"));
  g_assert_true (column_has (s, 'E', "Court order 26-117"));
  g_assert_true (g_hash_table_contains (s->numeric, "F2")); /* the notice date is a date cell */

  s = workbook_sheet (wb, "Account events");
  assert_header (s, account_header);
  g_assert_cmpint (s->rows - 1, ==, account_rows);
  g_assert_true (column_has (s, 'E', "Sign-in"));
  g_assert_true (column_has (s, 'F', "failed"));

  s = workbook_sheet (wb, "Summary");
  g_assert_nonnull (strstr (cell (s, "A1"), "FaceLeads monthly audit"));
  g_assert_cmpstr (cell (s, "A2"), ==, "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE");
  g_assert_true (column_has (s, 'A', "Activity per user"));
  g_assert_true (column_has (s, 'A', "Policy exceptions"));
  g_assert_true (column_has (s, 'A', "Public or media release. Exception: missing person with third-party "
                                     "verification; documentation: verified by the family; released to "
                                     "Channel 5 News (Media)"));
  g_assert_true (column_has (s, 'A', "Peer review recorded as not practicable: second examiner on leave"));
  g_assert_true (column_has_prefix (s, 'A', "Search of a probe judged unsuitable (search #"));
  g_assert_true (column_has (s, 'A', "suspect in a criminal offense"));
  g_assert_true (column_has (s, 'A', "ella (Ella Examiner)"));

  /* the export itself is audited, with the month and the counts */
  outcome = last_audit (unit, "audit.export", &details);
  g_assert_cmpstr (outcome, ==, "success");
  expect = g_strdup_printf ("\"month\":\"%04d-%02d\"", year, month);
  g_assert_nonnull (strstr (details, expect));
  g_assert_nonnull (strstr (details, "\"searches\":\"2\""));
  g_assert_nonnull (strstr (details, "\"requests\":\"3\""));

  fl_test_case_clear (&a);
  fl_test_case_clear (&b);
  fl_test_case_clear (&c);
}

static void
test_export_empty_month (FlTestUnit    *unit,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Workbook) wb = NULL;
  g_autofree char *out = g_build_filename (unit->dir, "empty.xlsx", NULL);

  g_assert_true (fl_audit_export_month (unit->admin, 2001, 1, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  wb = workbook_read (out);
  g_assert_cmpuint (wb->sheets->len, ==, FL_AUDIT_N_SHEETS);
  assert_header (workbook_sheet (wb, "Searches"), search_header);
  assert_header (workbook_sheet (wb, "Requests"), request_header);
  assert_header (workbook_sheet (wb, "User activity"), activity_header);
  assert_header (workbook_sheet (wb, "Disseminations"), dissemination_header);
  assert_header (workbook_sheet (wb, "Seal and purge"), seal_header);
  assert_header (workbook_sheet (wb, "Account events"), account_header);
  for (guint i = 1; i < wb->sheets->len; i++)
    g_assert_cmpuint (((Sheet *) g_ptr_array_index (wb->sheets, i))->rows, ==, 1);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_export_refused (FlTestUnit    *unit,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autofree char *dir = fl_test_make_tmpdir ();
  g_autofree char *out = g_build_filename (dir, "audit.xlsx", NULL);
  g_autofree char *outcome = NULL;
  int year, month;

  this_month (&year, &month, NULL);
  g_assert_false (fl_audit_export_month (ella, year, month, out, NULL, NULL, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_assert_cmpuint (count_entries (dir), ==, 0);
  outcome = last_audit (unit, "audit.export", NULL);
  g_assert_cmpstr (outcome, ==, "refused");
  fl_session_logout (ella);
  fl_test_rm_rf (dir);
}

static void
test_export_cancelled (FlTestUnit    *unit,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *dir = fl_test_make_tmpdir ();
  g_autofree char *out = g_build_filename (dir, "audit.xlsx", NULL);
  g_autofree char *missing = g_build_filename (unit->dir, "no-such-folder", "audit.xlsx", NULL);
  g_autofree char *outcome = NULL;
  int year, month;

  this_month (&year, &month, NULL);
  g_cancellable_cancel (cancellable);
  g_assert_false (fl_audit_export_month (unit->admin, year, month, out, NULL, NULL, cancellable, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_CANCELLED);
  /* neither the workbook nor its temporary file is left behind */
  g_assert_cmpuint (count_entries (dir), ==, 0);
  outcome = last_audit (unit, "audit.export", NULL);
  g_assert_cmpstr (outcome, ==, "cancelled");
  g_clear_error (&error);

  g_assert_false (fl_audit_export_month (unit->admin, year, month, missing, NULL, NULL, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  g_assert_false (fl_audit_export_month (unit->admin, year, 13, out, NULL, NULL, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  fl_test_rm_rf (dir);
}

typedef struct
{
  GMainLoop *loop;
  GThread   *main_thread;
  double     last;
  guint      calls;
  gboolean   ordered;
  gboolean   on_main_thread;
  gboolean   ok;
  GError    *error;
} AsyncState;

static void
async_progress (double      fraction,
                const char *stage,
                gpointer    user_data)
{
  AsyncState *st = user_data;

  st->calls++;
  st->ordered = st->ordered && fraction >= st->last;
  st->on_main_thread = st->on_main_thread && g_thread_self () == st->main_thread;
  st->last = fraction;
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *st = user_data;

  st->ok = fl_audit_export_month_finish (FL_SESSION (source), result, &st->error);
  g_main_loop_quit (st->loop);
}

static void
test_export_async (FlTestUnit    *unit,
                   gconstpointer  data)
{
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *out = g_build_filename (unit->dir, "async.xlsx", NULL);
  AsyncState st = { .ordered = TRUE, .on_main_thread = TRUE, .main_thread = g_thread_self () };
  FlTestCase a;
  int year, month;

  this_month (&year, &month, NULL);
  fl_test_seed_case (unit, "2026-0101", now, NULL, &a);
  /* enough audit rows for several progress steps */
  for (int i = 0; i < 2000; i++)
    fl_session_audit (unit->admin, "case.view", a.case_id, "success", NULL, NULL);

  st.loop = g_main_loop_new (NULL, FALSE);
  fl_audit_export_month_async (unit->admin, year, month, out, async_progress, &st, NULL, NULL, async_done, &st);
  g_main_loop_run (st.loop);
  g_main_loop_unref (st.loop);

  g_assert_no_error (st.error);
  g_assert_true (st.ok);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (st.calls, >=, 3);
  g_assert_true (st.ordered);
  g_assert_true (st.on_main_thread);
  g_assert_cmpfloat (st.last, ==, 1.0);
  fl_test_case_clear (&a);
}

static void
test_deactivated_user (FlTestUnit    *unit,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) dora = NULL;
  g_autoptr(Workbook) wb = NULL;
  g_autofree char *out = g_build_filename (unit->dir, "audit.xlsx", NULL);
  Sheet *s;
  gint64 dora_id;
  int year, month;
  gboolean found = FALSE;

  dora_id = fl_accounts_create_user (unit->db, unit->admin, "dora", "Dora Departed", FL_TEST_PASSWORD,
                                     FL_ROLE_EXAMINER, &error);
  g_assert_no_error (error);
  dora = fl_test_unit_login (unit, "dora");
  fl_session_logout (dora);
  g_assert_true (fl_accounts_set_active (unit->admin, dora_id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_null (fl_accounts_login (unit->db, "dora", FL_TEST_PASSWORD, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  this_month (&year, &month, NULL);
  g_assert_true (fl_audit_export_month (unit->admin, year, month, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  wb = workbook_read (out);
  s = workbook_sheet (wb, "User activity");
  for (guint r = 2; r <= s->rows; r++)
    {
      g_autofree char *user = g_strdup_printf ("C%u", r);
      g_autofree char *account = g_strdup_printf ("E%u", r);
      if (g_strcmp0 (cell (s, user), "dora") == 0)
        {
          g_assert_cmpstr (cell (s, account), ==, "deactivated");
          found = TRUE;
        }
    }
  g_assert_true (found);
  s = workbook_sheet (wb, "Account events");
  g_assert_true (column_has (s, 'E', "Account deactivated"));
  g_assert_true (column_has (s, 'G', "dora"));
}

/* ---- backup and restore ------------------------------------------------ */

static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every row of every table, as text; the audit trail up to @audit_max and the
 * settings without the trail's head (both move on with each new row). */
static char *
dump_database (const char *data_dir,
               gint64      audit_max)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlDb) db = fl_db_open (data_dir, &error);
  g_autoptr(sqlite3_stmt) tables = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  tables = fl_db_prepare (db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                              " ORDER BY name;", &error);
  g_assert_no_error (error);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"%s;", name,
                                              g_str_equal (name, "audit") ? " WHERE id <= ?1 ORDER BY id"
                                              : g_str_equal (name, "settings") ? " WHERE key <> 'audit_head'"
                                              : "");
      g_autoptr(sqlite3_stmt) rows = NULL;

      rows = fl_db_prepare (db, sql, &error);
      g_assert_no_error (error);
      if (sqlite3_bind_parameter_count (rows) > 0)
        sqlite3_bind_int64 (rows, 1, audit_max);
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

      g_string_append_printf (out, "[%s]\n", name);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          GString *line = g_string_new (NULL);
          for (int c = 0; c < sqlite3_column_count (rows); c++)
            {
              const char *v = (const char *) sqlite3_column_text (rows, c);
              g_string_append_printf (line, "%s|", v ? v : "NULL");
            }
          g_ptr_array_add (lines, g_string_free (line, FALSE));
        }
      /* in a fixed order whatever the table's keys */
      g_ptr_array_sort (lines, compare_lines);
      for (guint i = 0; i < lines->len; i++)
        g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (lines, i));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_same_images (const char *a,
                    const char *b,
                    const char *hash)
{
  g_autofree char *shard = g_strndup (hash, 2);
  g_autofree char *name = g_strdup_printf ("%s.jpg", hash);
  g_autofree char *pa = g_build_filename (a, "images", shard, name, NULL);
  g_autofree char *pb = g_build_filename (b, "images", shard, name, NULL);
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  gsize la, lb;

  g_assert_true (g_file_get_contents (pa, &ca, &la, NULL));
  g_assert_true (g_file_get_contents (pb, &cb, &lb, NULL));
  g_assert_cmpmem (ca, la, cb, lb);
}

static void
test_backup_round_trip (FlTestUnit    *unit,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *work = fl_test_make_tmpdir ();
  g_autofree char *backup = g_build_filename (work, "backup-1", NULL);
  g_autofree char *restored = g_build_filename (work, "restored", NULL);
  g_autofree char *original = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *manifest = g_build_filename (backup, FL_BACKUP_MANIFEST, NULL);
  FlTestCase a;
  gint64 audit_max;

  fl_test_seed_case (unit, "2026-0201", now, NULL, &a);
  g_assert_true (fl_backup_create (unit->admin, backup, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (manifest, G_FILE_TEST_IS_REGULAR));
  outcome = last_audit (unit, "backup.create", NULL);
  g_assert_cmpstr (outcome, ==, "success");
  g_assert_true (fl_backup_verify (backup, &error));
  g_assert_no_error (error);
  /* the rows the backup holds: up to the one before "backup.create" */
  audit_max = fl_test_query_int (unit, "SELECT max (id) FROM audit WHERE action <> 'backup.create';", 0);

  g_assert_true (fl_backup_restore (backup, restored, &aside, &error));
  g_assert_no_error (error);
  g_assert_null (aside);

  original = dump_database (unit->dir, audit_max);
  copy = dump_database (restored, audit_max);
  g_assert_cmpstr (original, ==, copy);
  assert_same_images (unit->dir, restored, a.probe_hash);
  assert_same_images (unit->dir, restored, a.enhanced_hash);
  assert_same_images (unit->dir, restored, a.report_hash);
  {
    /* the restore is the newest row of the restored trail, which verifies */
    g_autoptr(FlDb) db = fl_db_open (restored, &error);
    FlAuditVerdict verdict = { 0 };
    g_autofree char *last = NULL;

    g_assert_no_error (error);
    g_assert_true (fl_audit_verify (db, &verdict, &error));
    g_assert_null (verdict.problem);
    last = g_strdup_printf ("%" G_GINT64_FORMAT, fl_db_query_int64 (db,
      "SELECT count (*) FROM audit WHERE action = 'backup.restore' AND id = (SELECT max (id) FROM audit);", 0));
    g_assert_cmpstr (last, ==, "1");
    fl_audit_verdict_clear (&verdict);
  }

  /* into a folder in use: refused, nothing moved */
  g_assert_false (fl_backup_restore (backup, unit->dir, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_BUSY);
  g_clear_error (&error);

  /* over an existing (closed) folder: it is moved aside, never deleted */
  g_assert_true (fl_backup_restore (backup, restored, &aside, &error));
  g_assert_no_error (error);
  g_assert_nonnull (aside);
  g_assert_true (g_str_has_prefix (aside, restored));
  g_assert_nonnull (strstr (aside, ".before-restore-"));
  {
    g_autofree char *kept = g_build_filename (aside, "faceleads.db", NULL);
    g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));
  }

  /* a backup folder that is not empty is refused */
  g_assert_false (fl_backup_create (unit->admin, backup, NULL, NULL, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_EXISTS);
  g_clear_error (&error);

  fl_test_case_clear (&a);
  fl_test_rm_rf (work);
}

static void
test_backup_refuses_damage (FlTestUnit    *unit,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *work = fl_test_make_tmpdir ();
  g_autofree char *backup = g_build_filename (work, "backup", NULL);
  g_autofree char *target = g_build_filename (work, "target", NULL);
  g_autofree char *shard = NULL;
  g_autofree char *name = NULL;
  g_autofree char *image = NULL;
  g_autofree char *rel = NULL;
  g_autofree char *manifest = g_build_filename (backup, FL_BACKUP_MANIFEST, NULL);
  g_autofree char *saved = NULL;
  g_autoptr(FlSession) ella = NULL;
  FlTestCase a;

  fl_test_seed_case (unit, "2026-0301", now, NULL, &a);
  g_assert_true (fl_backup_create (unit->admin, backup, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* one altered image: refused, naming it, and nothing is created */
  shard = g_strndup (a.enhanced_hash, 2);
  name = g_strdup_printf ("%s.jpg", a.enhanced_hash);
  image = g_build_filename (backup, "images", shard, name, NULL);
  rel = g_strdup_printf ("images/%s/%s", shard, name);
  g_assert_true (g_file_set_contents (image, "enhanced probe of 2026-0301, edited", -1, NULL));
  g_assert_false (fl_backup_restore (backup, target, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, rel));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (work), ==, 1);
  g_clear_error (&error);

  /* a missing or unreadable manifest */
  g_assert_true (g_file_get_contents (manifest, &saved, NULL, NULL));
  g_assert_true (g_file_set_contents (manifest, "{ not json", -1, NULL));
  g_assert_false (fl_backup_restore (backup, target, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_cmpint (g_unlink (manifest), ==, 0);
  g_assert_false (fl_backup_restore (backup, target, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, FL_BACKUP_MANIFEST));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* only administrators make backups */
  ella = fl_test_unit_login (unit, "ella");
  g_assert_false (fl_backup_create (ella, target, NULL, NULL, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  fl_session_logout (ella);

  fl_test_case_clear (&a);
  fl_test_rm_rf (work);
}

/* ---- retention --------------------------------------------------------- */

static gboolean
row_exists (FlTestUnit *unit,
            const char *kind,
            gint64      id)
{
  static const struct { const char *kind, *table; } tables[] = {
    { "case", "cases" }, { "request", "requests" }, { "request_image", "request_images" },
    { "probe", "probes" }, { "enhancement", "enhancements" }, { "search", "searches" },
    { "candidate", "candidates" }, { "comparison", "comparisons" }, { "conclusion", "conclusions" },
    { "peer_review", "peer_reviews" }, { "report", "reports" }, { "dissemination", "disseminations" },
    { "outcome", "outcomes" }, { "manual_landmark", "manual_landmarks" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tables[i].kind, kind))
      {
        g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s WHERE id = ?;", tables[i].table);
        return fl_test_query_int (unit, sql, id) > 0;
      }
  g_error ("unknown kind %s", kind);
  return FALSE;
}

static void
test_retention (FlTestUnit    *unit,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *ten = fl_test_iso_years_ago (10);
  g_autofree char *three = fl_test_iso_years_ago (3);
  g_autofree char *details = NULL;
  g_autofree char *outcome = NULL;
  g_autoptr(FlSession) ella = NULL;
  FlTestCase old, recent, open;
  gint64 refused_old, refused_new, audit_before, shared_probe;
  guint purged = 0, n_cases = 0, n_images = 0;
  const char *tables[] = { "cases", "requests", "request_images", "probes", "enhancements", "searches",
                           "candidates", "comparisons", "conclusions", "peer_reviews", "reports",
                           "disseminations", "outcomes", "manual_landmarks" };
  const char *kinds[] = { "case", "request", "request_image", "probe", "enhancement", "search", "candidate",
                          "comparison", "conclusion", "peer_review", "report", "dissemination", "outcome",
                          "manual_landmark" };
  gint64 before[G_N_ELEMENTS (tables)];

  g_assert_true (fl_settings_set (unit->admin, FL_SETTING_RETENTION_YEARS, "7", &error));
  g_assert_no_error (error);
  fl_test_seed_case (unit, "2016-0001", ten, ten, &old);
  fl_test_seed_case (unit, "2023-0001", three, three, &recent);
  fl_test_seed_case (unit, "2026-0401", now, NULL, &open);
  refused_old = fl_test_seed_refused_request (unit, ten);
  refused_new = fl_test_seed_refused_request (unit, three);
  fl_test_insert (unit, "INSERT INTO manual_landmarks (image_hash, examiner_id, point, x, y, recorded_at)"
                " VALUES (?, ?, 36, 10.5, 20.5, ?);", "sis", old.probe_hash, unit->examiner_id, ten);
  /* the recent case reuses the old case's report image: that file must stay */
  shared_probe = fl_test_insert (unit, "INSERT INTO probes (case_id, hash, filename, added_by, added_at)"
                               " VALUES (?, ?, 'same.pdf', ?, ?);",
                         "isis", recent.case_id, old.report_hash, unit->examiner_id, three);
  g_assert_cmpint (shared_probe, >, 0);

  g_assert_true (fl_retention_preview (unit->db, NULL, &items, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      FlRetentionItem *item = g_ptr_array_index (items, i);

      g_assert_cmpstr (item->kind, !=, "audit");
      if (g_str_equal (item->kind, "case"))
        {
          n_cases++;
          g_assert_cmpint (item->id, ==, old.case_id);
          g_assert_cmpstr (item->label, ==, "FR-2016-0001");
        }
      else if (g_str_equal (item->kind, "image"))
        {
          n_images++;
          g_assert_true (g_str_equal (item->label, old.probe_hash) || g_str_equal (item->label, old.enhanced_hash));
        }
      else if (g_str_equal (item->kind, "request"))
        g_assert_true (item->id == old.request_id || item->id == refused_old);
      else
        g_assert_cmpint (item->case_id, ==, old.case_id);
    }
  g_assert_cmpuint (n_cases, ==, 1);
  g_assert_cmpuint (n_images, ==, 2);

  /* the preview changed nothing; a second one lists the same */
  g_assert_true (fl_retention_preview (unit->db, NULL, &again, &error));
  g_assert_cmpuint (again->len, ==, items->len);
  g_assert_true (fl_store_has (unit->db, old.probe_hash));

  /* only administrators purge */
  ella = fl_test_unit_login (unit, "ella");
  g_assert_false (fl_retention_purge (ella, NULL, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  fl_session_logout (ella);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s;", tables[t]);
      before[t] = fl_test_query_int (unit, sql, 0);
    }
  audit_before = fl_test_query_int (unit, "SELECT count (*) FROM audit;", 0);

  g_assert_true (fl_retention_purge (unit->admin, NULL, &purged, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (purged, ==, items->len);

  /* exactly the listed rows went */
  for (guint i = 0; i < items->len; i++)
    {
      FlRetentionItem *item = g_ptr_array_index (items, i);
      if (g_str_equal (item->kind, "image"))
        g_assert_false (fl_store_has (unit->db, item->label));
      else
        g_assert_false (row_exists (unit, item->kind, item->id));
    }
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s;", tables[t]);
      gint64 listed = 0;
      for (guint i = 0; i < items->len; i++)
        listed += g_str_equal (((FlRetentionItem *) g_ptr_array_index (items, i))->kind, kinds[t]);
      g_assert_cmpint (fl_test_query_int (unit, sql, 0), ==, before[t] - listed);
    }
  g_assert_true (fl_store_has (unit->db, old.report_hash));
  g_assert_true (fl_store_has (unit->db, recent.probe_hash));
  g_assert_true (row_exists (unit, "case", recent.case_id));
  g_assert_true (row_exists (unit, "case", open.case_id));
  g_assert_true (row_exists (unit, "request", refused_new));

  /* audit rows are never purged: every earlier row is still there, plus the purge */
  g_assert_cmpint (fl_test_query_int (unit, "SELECT count (*) FROM audit;", 0), ==, audit_before + 1);
  outcome = last_audit (unit, "retention.purge", &details);
  g_assert_cmpstr (outcome, ==, "success");
  g_assert_nonnull (strstr (details, "\"case_ids\":["));
  g_assert_null (strstr (details, "Rita"));
  g_assert_null (strstr (details, "FR-2016"));
  {
    FlAuditVerdict verdict = { 0 };
    g_assert_true (fl_audit_verify (unit->db, &verdict, &error));
    g_assert_null (verdict.problem);
    fl_audit_verdict_clear (&verdict);
  }

  /* nothing more to go */
  g_clear_pointer (&again, g_ptr_array_unref);
  g_assert_true (fl_retention_preview (unit->db, NULL, &again, &error));
  g_assert_cmpuint (again->len, ==, 0);

  fl_test_case_clear (&old);
  fl_test_case_clear (&recent);
  fl_test_case_clear (&open);
}

/* ---- case seal notices ------------------------------------------------- */

static void
test_seal_case (FlTestUnit    *unit,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *outcome = NULL;
  g_autoptr(FlSealNotice) notice = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(FlSession) ella = NULL;
  FlTestCase a, b;
  gint64 notice_id, shared_probe;

  fl_test_seed_case (unit, "2026-0501", now, NULL, &a);
  fl_test_seed_case (unit, "2026-0502", now, NULL, &b);
  /* case b uses case a's enhanced image too: it stays for b */
  shared_probe = fl_test_insert (unit, "INSERT INTO probes (case_id, hash, filename, added_by, added_at)"
                               " VALUES (?, ?, 'copy.png', ?, ?);",
                         "isis", b.case_id, a.enhanced_hash, unit->examiner_id, now);
  g_assert_cmpint (shared_probe, >, 0);

  ella = fl_test_unit_login (unit, "ella");
  g_assert_cmpint (fl_seal_case (ella, a.case_id, "Order 1", "2026-01-02", &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  fl_session_logout (ella);
  g_assert_cmpint (fl_seal_case (unit->admin, a.case_id, "Order 1", "2099-01-01", &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (fl_seal_case (unit->admin, a.case_id, "  ", "2026-01-02", &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (fl_store_has (unit->db, a.probe_hash));

  notice_id = fl_seal_case (unit->admin, a.case_id, "Superior Court order 26-0042", "2026-01-02", &error);
  g_assert_no_error (error);
  g_assert_cmpint (notice_id, >, 0);

  g_assert_false (fl_store_has (unit->db, a.probe_hash));
  g_assert_false (fl_store_has (unit->db, a.report_hash));
  g_assert_true (fl_store_has (unit->db, a.enhanced_hash));
  g_assert_true (fl_store_has (unit->db, b.probe_hash));
  g_assert_cmpint (fl_test_query_int (unit, "SELECT sealed FROM cases WHERE id = ?;", a.case_id), ==, 1);
  g_assert_cmpint (fl_test_query_int (unit, "SELECT sealed FROM cases WHERE id = ?;", b.case_id), ==, 0);
  /* the rows stay, so the trail still resolves */
  g_assert_true (row_exists (unit, "probe", a.probe_id));
  g_assert_true (row_exists (unit, "report", a.report_id));

  notice = fl_seal_notice_lookup (unit->db, FL_SEAL_SCOPE_CASE, a.case_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (notice);
  g_assert_cmpint (notice->id, ==, notice_id);
  g_assert_cmpstr (notice->notice_ref, ==, "Superior Court order 26-0042");
  g_assert_cmpstr (notice->notice_date, ==, "2026-01-02");
  g_assert_cmpstr (notice->target_label, ==, "FR-2026-0501");
  g_assert_nonnull (strstr (notice->purged_summary, "\"original_probe_images\":1"));
  g_assert_nonnull (strstr (notice->purged_summary, "\"report_pdfs\":1"));
  g_assert_nonnull (strstr (notice->purged_summary, "\"kept_shared\":1"));
  g_assert_nonnull (strstr (notice->purged_summary, a.probe_hash));
  g_assert_null (strstr (notice->purged_summary, "Rita"));
  g_assert_null (strstr (notice->purged_summary, "Sample"));
  outcome = last_audit (unit, "case.seal", NULL);
  g_assert_cmpstr (outcome, ==, "success");

  /* once only */
  g_assert_cmpint (fl_seal_case (unit->admin, a.case_id, "Order 2", "2026-01-03", &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "Superior Court order 26-0042"));
  g_clear_error (&error);

  /* the list holds subject notices written by the gallery module too */
  fl_test_insert (unit, "INSERT INTO seal_notices (scope, target_id, notice_ref, notice_date, entered_by, entered_at)"
                " VALUES ('subject', 1, 'Order S-9', '2026-01-04', ?, ?);", "is", unit->admin_id, now);
  notices = fl_seal_notices_list (unit->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 2);
  g_clear_pointer (&notices, g_ptr_array_unref);
  notices = fl_seal_notices_list (unit->db, FL_SEAL_SCOPE_SUBJECT, &error);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_cmpstr (((FlSealNotice *) g_ptr_array_index (notices, 0))->target_label, ==,
                   "County bookings, subject #1");

  fl_test_case_clear (&a);
  fl_test_case_clear (&b);
}

/* ---- faceleads-cli ----------------------------------------------------- */

static int
run_cli (FlTestUnit  *unit,
         const char  *user,
         const char **args,
         char       **out_err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  int status = 0;

  g_ptr_array_add (argv, (gpointer) FL_TEST_CLI);
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, unit->dir);
  if (user != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--user");
      g_ptr_array_add (argv, (gpointer) user);
    }
  for (int i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  env = g_environ_setenv (env, "FACELEADS_PASSWORD", FL_TEST_PASSWORD, TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, out_err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (FlTestUnit    *unit,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *work = fl_test_make_tmpdir ();
  g_autofree char *out = g_build_filename (work, "audit.xlsx", NULL);
  g_autofree char *backup = g_build_filename (work, "backup", NULL);
  g_autofree char *err = NULL;
  g_autofree char *month = NULL;
  int year, m;

  if (!g_file_test (FL_TEST_CLI, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("faceleads-cli is not built");
      return;
    }
  this_month (&year, &m, NULL);
  month = g_strdup_printf ("%04d-%02d", year, m);
  /* a second administrator: the fixture's own is signed in already */
  fl_accounts_create_user (unit->db, unit->admin, "ada", "Ada Admin", FL_TEST_PASSWORD, FL_ROLE_ADMIN, &error);
  g_assert_no_error (error);

  {
    const char *args[] = { "audit", "export", "--month", month, "--out", out, NULL };
    g_assert_cmpint (run_cli (unit, "ella", args, &err), ==, 3);
    g_assert_nonnull (strstr (err, "administrator"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (unit, "ada", args, NULL), ==, 0);
    g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  }
  {
    const char *args[] = { "audit", "export", "--month", "2026-13", "--out", out, NULL };
    g_assert_cmpint (run_cli (unit, "ada", args, NULL), ==, 1);
  }
  {
    const char *args[] = { "audit", "export", "--out", out, NULL };
    g_assert_cmpint (run_cli (unit, "ada", args, NULL), ==, 2);
  }
  {
    const char *args[] = { "backup", "--out", backup, NULL };
    g_assert_cmpint (run_cli (unit, "ella", args, NULL), ==, 3);
    g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
    g_assert_cmpint (run_cli (unit, "ada", args, NULL), ==, 0);
    g_assert_true (fl_backup_verify (backup, &error));
    g_assert_no_error (error);
  }
  {
    const char *args[] = { "seal", "case", "999", "--notice", "X", "--date", "2026-01-01", NULL };
    g_assert_cmpint (run_cli (unit, "ella", args, NULL), ==, 3);
    g_assert_cmpint (run_cli (unit, "ada", args, NULL), ==, 1);   /* no such case */
  }
  {
    /* restore never touches a folder in use */
    const char *args[] = { "restore", backup, NULL };
    g_assert_cmpint (run_cli (unit, NULL, args, &err), ==, 1);
    g_assert_nonnull (strstr (err, "Close every FaceLeads"));
  }
  fl_test_rm_rf (work);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, FlTestUnit, NULL, fl_test_unit_setup, fn, fl_test_unit_teardown)
  ADD ("/admin/export/month", test_export_month);
  ADD ("/admin/export/empty-month", test_export_empty_month);
  ADD ("/admin/export/refused", test_export_refused);
  ADD ("/admin/export/cancelled-or-failed", test_export_cancelled);
  ADD ("/admin/export/async", test_export_async);
  ADD ("/admin/export/deactivated-user", test_deactivated_user);
  ADD ("/admin/backup/round-trip", test_backup_round_trip);
  ADD ("/admin/backup/refuses-damage", test_backup_refuses_damage);
  ADD ("/admin/retention/preview-is-purge", test_retention);
  ADD ("/admin/seal/case", test_seal_case);
  ADD ("/admin/cli", test_cli);
#undef ADD

  return g_test_run ();
}
