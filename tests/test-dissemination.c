/* test-dissemination.c: the release log (R20) and lead outcomes (R21), and
 * which reports each person sees in the Reports section */
#include <string.h>
#include <sys/wait.h>

#include "fl-dissemination.h"
#include "fl-report-register.h"
#include "fl-test-admin.h"
#include "fl-test-report-case.h"

#define DOCUMENTATION "Commander J. Ortiz determined on 3 March at 09:10 that the public is at risk (memo PS-26-014)."

typedef struct
{
  FlTestUnit       unit;
  FlTestReportCase kase;
  FlSession       *rob;     /* records */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fl_test_unit_setup (&f->unit, data);
  fl_test_report_case_build (&f->unit, "FR-2026-000042", f->unit.requester_id, &f->kase);
  f->rob = fl_test_unit_login (&f->unit, "rob");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fl_session_logout (f->rob);
  g_clear_object (&f->rob);
  fl_test_report_case_clear (&f->kase);
  fl_test_unit_teardown (&f->unit, data);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return fl_test_query_int (&f->unit, sql, 0);
}

/* The newest audit row of @action: its outcome, and its details in @details. */
static char *
last_audit (Fixture     *f,
            const char  *action,
            char       **details)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (f->unit.db, "SELECT outcome, details FROM audit WHERE action = ?"
                                                           " ORDER BY id DESC LIMIT 1;", &error);

  g_assert_no_error (error);
  fl_db_bind_text (stmt, 1, action);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  if (details)
    *details = fl_db_column_dup (stmt, 1);
  return fl_db_column_dup (stmt, 0);
}

static gint64
release (Fixture            *f,
         FlSession          *who,
         gboolean            public_release,
         FlReleaseException  exception,
         const char         *documentation,
         GError            **error)
{
  return fl_dissemination_record (who, f->kase.report_id, "Sgt. Dana Press", "Example City Police Department",
                                  public_release ? "Appeal for information on the evening news" : "Follow-up interview",
                                  "Manual Search Report (PDF)", public_release, exception, documentation, error);
}

static void
test_release_to_law_enforcement (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *details = NULL;
  FlDissemination *d;
  gint64 id;

  id = release (f, f->rob, FALSE, FL_RELEASE_EXCEPTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  outcome = last_audit (f, "report.release", &details);
  g_assert_cmpstr (outcome, ==, "success");
  g_assert_nonnull (strstr (details, "Sgt. Dana Press"));
  g_assert_nonnull (strstr (details, f->kase.uid));

  list = fl_dissemination_list (f->rob, f->kase.report_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  d = g_ptr_array_index (list, 0);
  g_assert_cmpint (d->id, ==, id);
  g_assert_cmpstr (d->report_uid, ==, f->kase.uid);
  g_assert_cmpstr (d->fr_number, ==, "FR-2026-000042");
  g_assert_cmpstr (d->recipient, ==, "Sgt. Dana Press");
  g_assert_cmpstr (d->agency, ==, "Example City Police Department");
  g_assert_cmpstr (d->released_what, ==, "Manual Search Report (PDF)");
  g_assert_cmpstr (d->released_by_name, ==, "Rob Records");
  g_assert_false (d->public_release);
  g_assert_cmpint (d->exception, ==, FL_RELEASE_EXCEPTION_NONE);
  g_assert_null (d->exception_documentation);

  /* The same rows by case. */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fl_dissemination_list (f->rob, 0, f->kase.case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
}

static void
test_release_fields_required (Fixture       *f,
                              gconstpointer  data)
{
  static const char *const blank[] = { NULL, "", "   " };

  for (guint i = 0; i < 4; i++)
    for (guint b = 0; b < G_N_ELEMENTS (blank); b++)
      {
        g_autoptr(GError) error = NULL;
        const char *v[4] = { "Sgt. Dana Press", "ECPD", "Interview", "Report" };

        v[i] = blank[b];
        g_assert_cmpint (fl_dissemination_record (f->rob, f->kase.report_id, v[0], v[1], v[2], v[3], FALSE,
                                                  FL_RELEASE_EXCEPTION_NONE, NULL, &error), ==, 0);
        g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
        g_assert_nonnull (strstr (error->message, "Enter"));
      }
  g_assert_cmpint (count (f, "SELECT count (*) FROM disseminations;"), ==, 0);
}

static void
test_public_release_refused_without_exception (Fixture       *f,
                                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *details = NULL;

  g_assert_cmpint (release (f, f->rob, TRUE, FL_RELEASE_EXCEPTION_NONE, DOCUMENTATION, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_assert_nonnull (strstr (error->message, "public or the media"));
  g_assert_cmpint (count (f, "SELECT count (*) FROM disseminations;"), ==, 0);
  outcome = last_audit (f, "report.release", &details);
  g_assert_cmpstr (outcome, ==, "refused");
  g_assert_nonnull (strstr (details, "exceptions"));
}

static void
test_public_release_refused_without_documentation (Fixture       *f,
                                                   gconstpointer  data)
{
  static const char *const thin[] = { NULL, "", "   ", "per commander" };

  for (guint i = 0; i < G_N_ELEMENTS (thin); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *outcome = NULL;

      g_assert_cmpint (release (f, f->rob, TRUE, FL_RELEASE_EXCEPTION_PUBLIC_SAFETY, thin[i], &error), ==, 0);
      g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
      g_assert_nonnull (strstr (error->message, "must be documented"));
      g_assert_nonnull (strstr (error->message, "public-safety determination by the commander"));
      outcome = last_audit (f, "report.release", NULL);
      g_assert_cmpstr (outcome, ==, "refused");
    }
  g_assert_cmpint (count (f, "SELECT count (*) FROM disseminations;"), ==, 0);
}

static void
test_public_release_allowed (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  FlDissemination *d;

  g_assert_cmpint (release (f, f->rob, TRUE, FL_RELEASE_EXCEPTION_PUBLIC_SAFETY, DOCUMENTATION, &error), >, 0);
  g_assert_no_error (error);
  list = fl_dissemination_list (f->rob, f->kase.report_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  d = g_ptr_array_index (list, 0);
  g_assert_true (d->public_release);
  g_assert_cmpint (d->exception, ==, FL_RELEASE_EXCEPTION_PUBLIC_SAFETY);
  g_assert_cmpstr (d->exception_documentation, ==, DOCUMENTATION);
  /* Stored in words, as the monthly audit workbook shows it. */
  g_assert_cmpint (count (f, "SELECT count (*) FROM disseminations WHERE public_release = 1"
                             " AND exception = 'public-safety determination by the commander';"), ==, 1);
}

static void
test_exception_only_for_public (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (release (f, f->rob, FALSE, FL_RELEASE_EXCEPTION_LINE_UP, DOCUMENTATION, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
}

static void
test_release_needs_records (Fixture       *f,
                            gconstpointer  data)
{
  const char *const people[] = { "ella", "rita", "admin" };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FlSession) s = NULL;
      g_autofree char *outcome = NULL;

      if (g_str_equal (people[i], "admin"))
        s = g_object_ref (f->unit.admin);
      else
        s = fl_test_unit_login (&f->unit, people[i]);
      g_assert_cmpint (release (f, s, FALSE, FL_RELEASE_EXCEPTION_NONE, NULL, &error), ==, 0);
      g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
      outcome = last_audit (f, "report.release", NULL);
      g_assert_cmpstr (outcome, ==, "refused");
      if (s != f->unit.admin)
        fl_session_logout (s);
    }
  g_assert_cmpint (count (f, "SELECT count (*) FROM disseminations;"), ==, 0);
}

static void
test_release_sealed_case (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fl_test_insert (&f->unit, "UPDATE cases SET sealed = 1 WHERE id = ?;", "i", f->kase.case_id);
  g_assert_cmpint (release (f, f->rob, FALSE, FL_RELEASE_EXCEPTION_NONE, NULL, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  g_assert_null (fl_report_register_read (f->rob, f->kase.report_id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
}

static void
test_exception_keys (void)
{
  FlReleaseException e;

  for (FlReleaseException i = FL_RELEASE_EXCEPTION_PUBLIC_SAFETY; i <= FL_RELEASE_EXCEPTION_LAST; i++)
    {
      g_assert_true (fl_release_exception_from_key (fl_release_exception_to_key (i), &e));
      g_assert_cmpint (e, ==, i);
    }
  g_assert_true (fl_release_exception_from_key ("MISSING_PERSON", &e));
  g_assert_cmpint (e, ==, FL_RELEASE_EXCEPTION_MISSING_PERSON);
  g_assert_false (fl_release_exception_from_key ("media", &e));
  g_assert_false (fl_release_exception_from_key (NULL, &e));
}

/* ---- outcomes ---- */

static gint64
outcome (Fixture    *f,
         FlSession  *who,
         FlOutcome   result,
         const char *by,
         gboolean    arrest,
         FlAnswer    fingerprints,
         GError    **error)
{
  return fl_outcome_record (who, f->kase.case_id, f->kase.candidate_id, result, by, arrest, fingerprints, error);
}

static void
test_outcome_rules (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FlSession) rita = fl_test_unit_login (&f->unit, "rita");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(FlReportEntry) entry = NULL;
  g_autofree char *audit = NULL;
  FlOutcomeRecord *o;

  /* Confirmed needs the other means. */
  g_assert_cmpint (outcome (f, rita, FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS, "  ", FALSE, FL_ANSWER_UNANSWERED, &error),
                   ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "which other means"));
  g_clear_error (&error);
  audit = last_audit (f, "outcome.record", NULL);
  g_assert_cmpstr (audit, ==, "refused");

  /* Other means belong to a confirmation only. */
  g_assert_cmpint (outcome (f, rita, FL_OUTCOME_EXCLUDED, "Fingerprints", FALSE, FL_ANSWER_UNANSWERED, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);

  /* An arrest primarily on the lead needs the fingerprint answer. */
  g_assert_cmpint (outcome (f, rita, FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS, "Fingerprint comparison by the county lab",
                            TRUE, FL_ANSWER_UNANSWERED, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "fingerprints were compared"));
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM outcomes;"), ==, 0);

  /* Pending first, then confirmed: a history, the newest current. */
  g_assert_cmpint (outcome (f, rita, FL_OUTCOME_PENDING, NULL, FALSE, FL_ANSWER_UNANSWERED, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (outcome (f, rita, FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS, "Fingerprint comparison by the county lab",
                            TRUE, FL_ANSWER_NO, &error), >, 0);
  g_assert_no_error (error);
  g_clear_pointer (&audit, g_free);
  audit = last_audit (f, "outcome.record", NULL);
  g_assert_cmpstr (audit, ==, "success");

  list = fl_outcome_list (rita, f->kase.case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  o = g_ptr_array_index (list, 1);
  g_assert_cmpint (o->outcome, ==, FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS);
  g_assert_cmpstr (o->confirmed_by, ==, "Fingerprint comparison by the county lab");
  g_assert_true (o->arrest_primarily_on_lead);
  g_assert_cmpint (o->fingerprints_compared, ==, FL_ANSWER_NO);
  g_assert_cmpstr (o->recorded_by_name, ==, "Det. Rita Requester");
  o = g_ptr_array_index (list, 0);
  g_assert_cmpint (o->outcome, ==, FL_OUTCOME_PENDING);
  g_assert_cmpint (o->fingerprints_compared, ==, FL_ANSWER_UNANSWERED);

  /* The Reports list shows the newest. */
  entry = fl_report_register_get (rita, f->kase.report_id, &error);
  g_assert_no_error (error);
  g_assert_true (entry->has_outcome);
  g_assert_cmpint (entry->outcome, ==, FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS);
  fl_session_logout (rita);
}

static void
test_outcome_only_requester (Fixture       *f,
                             gconstpointer  data)
{
  const char *const people[] = { "ravi", "ella", "rob" };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      FlSession *s = g_str_equal (people[i], "rob") ? g_object_ref (f->rob) : fl_test_unit_login (&f->unit, people[i]);
      g_autoptr(GError) error = NULL;
      g_autofree char *audit = NULL;

      g_assert_cmpint (outcome (f, s, FL_OUTCOME_PENDING, NULL, FALSE, FL_ANSWER_UNANSWERED, &error), ==, 0);
      g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
      g_assert_nonnull (strstr (error->message, "submitted the request"));
      audit = last_audit (f, "outcome.record", NULL);
      g_assert_cmpstr (audit, ==, "refused");
      if (s != f->rob)
        fl_session_logout (s);
      g_object_unref (s);
    }
  g_assert_cmpint (count (f, "SELECT count (*) FROM outcomes;"), ==, 0);
}

/* An outside agency's request is entered by an examiner: that examiner records its outcome. */
static void
test_outcome_outside_agency (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(FlSession) ella = NULL;
  g_autoptr(GError) error = NULL;

  fl_test_insert (&f->unit, "UPDATE requests SET created_by = ?, outside_agency = 1 WHERE id = ?;", "ii",
                  f->unit.examiner_id, f->kase.request_id);
  ella = fl_test_unit_login (&f->unit, "ella");
  g_assert_cmpint (outcome (f, ella, FL_OUTCOME_EXCLUDED, NULL, FALSE, FL_ANSWER_UNANSWERED, &error), >, 0);
  g_assert_no_error (error);
  fl_session_logout (ella);
}

static void
test_outcome_needs_lead_report (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(FlSession) rita = fl_test_unit_login (&f->unit, "rita");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (fl_outcome_record (rita, f->kase.case_id, f->kase.candidate_id + 1000, FL_OUTCOME_PENDING, NULL,
                                      FALSE, FL_ANSWER_UNANSWERED, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  fl_session_logout (rita);
}

/* ---- who sees which report ---- */

static guint
visible (FlTestUnit *unit,
         FlSession  *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = fl_report_register_list (s, NULL, 0, 0, &error);

  g_assert_no_error (error);
  return list->len;
}

static void
test_register_visibility (Fixture       *f,
                          gconstpointer  data)
{
  FlTestReportCase other = { 0 };
  g_autoptr(FlSession) rita = NULL;
  g_autoptr(FlSession) ravi = NULL;
  g_autoptr(FlSession) ella = NULL;
  g_autoptr(FlSession) sam = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *audit = NULL;
  FlReportEntry *e;
  gint64 sam_id;

  /* A second case, requested by ravi. */
  fl_test_report_case_build (&f->unit, "FR-2026-000043", f->unit.requester2_id, &other);
  g_assert_cmpint (release (f, f->rob, FALSE, FL_RELEASE_EXCEPTION_NONE, NULL, &error), >, 0);
  sam_id = fl_accounts_create_user (f->unit.db, f->unit.admin, "sam", "Sam Second", FL_TEST_PASSWORD,
                                    FL_ROLE_EXAMINER, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sam_id, >, 0);

  rita = fl_test_unit_login (&f->unit, "rita");
  ravi = fl_test_unit_login (&f->unit, "ravi");
  ella = fl_test_unit_login (&f->unit, "ella");
  sam = fl_test_unit_login (&f->unit, "sam");
  g_assert_cmpuint (visible (&f->unit, f->rob), ==, 2);
  g_assert_cmpuint (visible (&f->unit, f->unit.admin), ==, 2);
  g_assert_cmpuint (visible (&f->unit, ella), ==, 2);   /* her cases */
  g_assert_cmpuint (visible (&f->unit, sam), ==, 0);    /* not his */
  g_assert_cmpuint (visible (&f->unit, rita), ==, 1);
  g_assert_cmpuint (visible (&f->unit, ravi), ==, 1);

  /* Newest first, with the case and its releases. */
  found = fl_report_register_list (f->rob, NULL, 0, 0, &error);
  g_assert_no_error (error);
  e = g_ptr_array_index (found, 0);
  g_assert_cmpstr (e->report->uid, ==, other.uid);
  e = g_ptr_array_index (found, 1);
  g_assert_cmpstr (e->fr_number, ==, "FR-2026-000042");
  g_assert_cmpstr (e->report->uid, ==, "FR-2026-000042-R1");
  g_assert_cmpint (e->report->kind, ==, FL_REPORT_KIND_LEAD);
  g_assert_cmpuint (e->release_count, ==, 1);
  g_assert_nonnull (e->last_released_at);
  g_assert_false (e->has_outcome);

  /* Search by part of the FR number or the agency case number; LIKE's characters are literal. */
  g_clear_pointer (&found, g_ptr_array_unref);
  found = fl_report_register_list (f->rob, "000043", 0, 0, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = fl_report_register_list (f->rob, "ecpd-2026-000042", 0, 0, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = fl_report_register_list (f->rob, "%", 0, 0, &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = fl_report_register_list (f->rob, NULL, 1, 1, &error);
  g_assert_cmpuint (found->len, ==, 1);
  e = g_ptr_array_index (found, 0);
  g_assert_cmpstr (e->report->uid, ==, "FR-2026-000042-R1");

  /* Reading the PDF: checked, audited, refused to another requester. */
  pdf = fl_report_register_read (rita, f->kase.report_id, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (pdf, NULL), "%PDF"));
  audit = last_audit (f, "report.view", NULL);
  g_assert_cmpstr (audit, ==, "success");
  g_assert_null (fl_report_register_read (ravi, f->kase.report_id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_clear_pointer (&audit, g_free);
  audit = last_audit (f, "report.view", NULL);
  g_assert_cmpstr (audit, ==, "refused");

  /* Releases of another requester's case are not readable either. */
  g_assert_null (fl_dissemination_list (ravi, f->kase.report_id, 0, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);

  /* Printing is recorded. */
  g_assert_true (fl_report_register_printed (f->rob, f->kase.report_id, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit WHERE action = 'report.print' AND outcome = 'success';"),
                   ==, 1);

  fl_session_logout (rita);
  fl_session_logout (ravi);
  fl_session_logout (ella);
  fl_session_logout (sam);
  fl_test_report_case_clear (&other);
}

/* ---- faceleads-cli release / outcome ---- */

static int
run_cli (Fixture     *f,
         const char  *user,
         const char **args,
         char       **out,
         char       **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "FACELEADS_PASSWORD", FL_TEST_PASSWORD, TRUE);
  int status = 0;

  g_ptr_array_add (argv, (gpointer) FL_TEST_CLI);
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, f->unit.dir);
  g_ptr_array_add (argv, (gpointer) "--user");
  g_ptr_array_add (argv, (gpointer) user);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, env, 0, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  if (!g_file_test (FL_TEST_CLI, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("faceleads-cli is not built");
      return;
    }
  /* The fixture's records session would hold rob's account: the command signs in itself. */
  fl_session_logout (f->rob);
  {
    const char *args[] = { "release", f->kase.uid, "--recipient", "Channel 5 News", "--agency", "Media",
                           "--purpose", "Appeal for witnesses", "--what", "Lead image", "--public", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (f, "rob", args, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "exceptions"));
  }
  {
    const char *args[] = { "release", f->kase.uid, "--recipient", "Channel 5 News", "--agency", "Media",
                           "--purpose", "Appeal for witnesses", "--what", "Lead image", "--public",
                           "--exception", "public-safety", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (f, "rob", args, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "must be documented"));
  }
  {
    const char *args[] = { "release", f->kase.uid, "--recipient", "Channel 5 News", "--agency", "Media",
                           "--purpose", "Appeal for witnesses", "--what", "Lead image", "--public",
                           "--exception", "public-safety", "--documentation", DOCUMENTATION, NULL };

    g_assert_cmpint (run_cli (f, "rob", args, NULL, NULL), ==, 0);
  }
  {
    const char *args[] = { "release", "list", "FR-2026-000042", NULL };
    g_autofree char *out = NULL;

    g_assert_cmpint (run_cli (f, "rob", args, &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Channel 5 News"));
    g_assert_nonnull (strstr (out, "public-safety determination by the commander"));
  }
  {
    const char *args[] = { "release", f->kase.uid, "--recipient", "A", "--agency", "B", "--purpose", "C",
                           "--what", "D", NULL };

    g_assert_cmpint (run_cli (f, "ella", args, NULL, NULL), ==, 3);
  }
  {
    const char *args[] = { "outcome", "FR-2026-000042", "--result", "confirmed", "--arrest", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (f, "rita", args, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "which other means"));
  }
  {
    const char *args[] = { "outcome", "FR-2026-000042", "--result", "confirmed", "--by", "Fingerprint comparison",
                           "--arrest", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (f, "rita", args, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "fingerprints were compared"));
  }
  {
    const char *args[] = { "outcome", "FR-2026-000042", "--result", "confirmed", "--by", "Fingerprint comparison",
                           "--arrest", "--fingerprints", "yes", NULL };

    g_assert_cmpint (run_cli (f, "rita", args, NULL, NULL), ==, 0);
    g_assert_cmpint (run_cli (f, "ravi", args, NULL, NULL), ==, 3);
  }
  g_assert_cmpint (count (f, "SELECT count (*) FROM disseminations WHERE public_release = 1;"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM outcomes WHERE outcome = 'confirmed'"
                             " AND fingerprints_compared = 1;"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/dissemination/exception-keys", test_exception_keys);
  ADD ("/dissemination/release/law-enforcement", test_release_to_law_enforcement);
  ADD ("/dissemination/release/fields-required", test_release_fields_required);
  ADD ("/dissemination/release/public-refused-without-exception", test_public_release_refused_without_exception);
  ADD ("/dissemination/release/public-refused-without-documentation", test_public_release_refused_without_documentation);
  ADD ("/dissemination/release/public-allowed-with-both", test_public_release_allowed);
  ADD ("/dissemination/release/exception-only-for-public", test_exception_only_for_public);
  ADD ("/dissemination/release/records-only", test_release_needs_records);
  ADD ("/dissemination/release/sealed-case", test_release_sealed_case);
  ADD ("/dissemination/outcome/rules", test_outcome_rules);
  ADD ("/dissemination/outcome/only-requester", test_outcome_only_requester);
  ADD ("/dissemination/outcome/outside-agency", test_outcome_outside_agency);
  ADD ("/dissemination/outcome/needs-lead-report", test_outcome_needs_lead_report);
  ADD ("/dissemination/register/visibility", test_register_visibility);
  ADD ("/dissemination/cli", test_cli);
#undef ADD
  return g_test_run ();
}
