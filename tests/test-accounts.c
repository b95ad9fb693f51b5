/* test-accounts.c: hashing, password rules, lockout, roles, training (R1–R3) */
#include <gio/gio.h>
#include <string.h>

#include "fl-test-core.h"

static void
test_password_is_argon2id (FlTestUnit    *unit,
                           gconstpointer  data)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (unit->db, "SELECT password_hash FROM users WHERE username = 'ella';",
                                                NULL);
  const char *hash;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  hash = (const char *) sqlite3_column_text (stmt, 0);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, FL_TEST_PASSWORD));
}

static void
test_password_rules (FlTestUnit    *unit,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (fl_accounts_create_user (unit->db, unit->admin, "shorty", "Short Password", "abc123",
                                            FL_ROLE_REQUESTER, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "at least 8"));
  g_clear_error (&error);

  g_assert_cmpint (fl_accounts_create_user (unit->db, unit->admin, "samename1", "Same Name", "samename1",
                                            FL_ROLE_REQUESTER, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "user name"));
  g_clear_error (&error);

  g_assert_cmpint (fl_accounts_create_user (unit->db, unit->admin, "ella", "Duplicate", FL_TEST_PASSWORD,
                                            FL_ROLE_REQUESTER, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_EXISTS);
}

static void
test_only_admin_adds_accounts (FlTestUnit    *unit,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");

  g_assert_cmpint (fl_accounts_create_user (unit->db, ella, "newbie", "New Person", FL_TEST_PASSWORD,
                                            FL_ROLE_EXAMINER, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  /* Nor can anyone bootstrap once an administrator exists. */
  g_assert_cmpint (fl_accounts_create_user (unit->db, NULL, "sneaky", "Sneaky", FL_TEST_PASSWORD,
                                            FL_ROLE_ADMIN, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM audit WHERE action = 'user.add'"
                                                " AND outcome = 'refused';", 0), ==, 1);
}

static void
test_lockout_after_failures (FlTestUnit    *unit,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) s = NULL;

  for (int i = 0; i < 4; i++)
    {
      g_assert_null (fl_accounts_login (unit->db, "rita", "not the password", &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_AUTH);
      g_clear_error (&error);
    }
  g_assert_null (fl_accounts_login (unit->db, "rita", "not the password", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_LOCKED_OUT);
  g_clear_error (&error);

  /* Locked: even the right password is refused until unlocked. */
  g_assert_null (fl_accounts_login (unit->db, "rita", FL_TEST_PASSWORD, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_LOCKED_OUT);
  g_assert_nonnull (strstr (error->message, "administrator"));
  g_clear_error (&error);
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM audit WHERE action = 'account.lockout';", 0),
                   ==, 1);

  g_assert_true (fl_accounts_unlock (unit->admin, unit->requester_id, &error));
  g_assert_no_error (error);
  s = fl_accounts_login (unit->db, "rita", FL_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);
}

static void
test_lockout_expires (FlTestUnit    *unit,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) s = NULL;

  for (int i = 0; i < 5; i++)
    {
      g_assert_null (fl_accounts_login (unit->db, "rob", "nope nope", &error));
      g_clear_error (&error);
    }
  /* The lock runs out by itself after the unit's minutes. */
  fl_db_exec (unit->db, "UPDATE users SET locked_until = locked_until - 601 WHERE username = 'rob';", NULL);
  s = fl_accounts_login (unit->db, "rob", FL_TEST_PASSWORD, &error);
  g_assert_no_error (error);
}

static void
test_no_concurrent_sessions (FlTestUnit    *unit,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) first = fl_test_unit_login (unit, "ella");
  g_autoptr(FlSession) second = fl_accounts_login (unit->db, "ella", FL_TEST_PASSWORD, &error);

  g_assert_null (second);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "already signed in"));
  g_clear_error (&error);

  fl_session_logout (first);
  second = fl_accounts_login (unit->db, "ella", FL_TEST_PASSWORD, &error);
  g_assert_no_error (error);
}

static void
test_stale_claim_of_dead_process (FlTestUnit    *unit,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) first = fl_test_unit_login (unit, "ella");
  g_autoptr(FlSession) second = NULL;
  g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "true", NULL);
  g_autofree char *sql = NULL;
  const char *pid;

  /* The claim is now held by a process of this machine that has exited, as
   * after a SIGKILL: the next sign-in is not blocked by it. */
  g_assert_no_error (error);
  pid = g_subprocess_get_identifier (proc);
  g_assert_nonnull (pid);
  g_subprocess_wait (proc, NULL, &error);
  sql = g_strdup_printf ("UPDATE users SET session_owner = '%s:%s' WHERE username = 'ella';",
                         g_get_host_name (), pid);
  g_assert_true (fl_db_exec (unit->db, sql, NULL));
  second = fl_accounts_login (unit->db, "ella", FL_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
}

static void
test_unlock_releases_claim (FlTestUnit    *unit,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) first = fl_test_unit_login (unit, "ella");
  g_autoptr(FlSession) second = NULL;

  /* A claim from another machine is released by an administrator's unlock. */
  g_assert_true (fl_db_exec (unit->db, "UPDATE users SET session_owner = 'elsewhere:1' WHERE username = 'ella';", NULL));
  g_assert_null (fl_accounts_login (unit->db, "ella", FL_TEST_PASSWORD, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_true (fl_accounts_unlock (unit->admin, unit->examiner_id, &error));
  second = fl_accounts_login (unit->db, "ella", FL_TEST_PASSWORD, &error);
  g_assert_no_error (error);
}

static void
test_role_checks_and_training (FlTestUnit    *unit,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(FlSession) uma = fl_test_unit_login (unit, "uma");
  g_autoptr(FlSession) eddie = fl_test_unit_login (unit, "eddie");
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");

  g_assert_true (fl_session_require (ella, FL_ROLE_EXAMINER, TRUE, "search.run", &error));
  g_assert_no_error (error);

  g_assert_false (fl_session_require (uma, FL_ROLE_EXAMINER, TRUE, "search.run", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "training"));
  g_clear_error (&error);

  g_assert_false (fl_session_require (eddie, FL_ROLE_EXAMINER, TRUE, "search.run", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);

  g_assert_false (fl_session_require (rita, FL_ROLE_EXAMINER, FALSE, "search.run", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "examiner"));
  g_clear_error (&error);

  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM audit WHERE action = 'search.run'"
                                                " AND outcome = 'refused';", 0), ==, 3);

  /* Training dates: valid on a day inside the record, not after it */
  g_assert_true (fl_accounts_training_current (unit->db, unit->expired_id, "2021-06-01"));
  g_assert_false (fl_accounts_training_current (unit->db, unit->expired_id, NULL));

  /* A role granted by an administrator applies at once */
  g_assert_true (fl_accounts_set_roles (unit->admin, unit->requester_id, FL_ROLE_REQUESTER | FL_ROLE_RECORDS, &error));
  g_assert_true (fl_session_require (rita, FL_ROLE_RECORDS, FALSE, "report.release", &error));
}

static void
test_training_validation (FlTestUnit    *unit,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (fl_accounts_add_training (unit->admin, unit->untrained_id, "FBI", NULL, "2026-13-01",
                                             "2027-01-01", &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (fl_accounts_add_training (unit->admin, unit->untrained_id, "FBI", NULL, "2026-05-01",
                                             "2026-04-01", &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (fl_accounts_add_training (unit->admin, unit->untrained_id, "", NULL, "2026-01-01",
                                             "2027-01-01", &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
}

static void
test_deactivated_cannot_login_but_stays (FlTestUnit    *unit,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) s = fl_test_unit_login (unit, "rob");

  fl_session_audit (s, "report.print", 0, "success", NULL, NULL);
  fl_session_logout (s);
  g_assert_true (fl_accounts_set_active (unit->admin, unit->records_id, FALSE, &error));
  g_assert_no_error (error);

  g_clear_object (&s);
  s = fl_accounts_login (unit->db, "rob", FL_TEST_PASSWORD, &error);
  g_assert_null (s);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "deactivated"));

  /* History still names the person. */
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM audit a JOIN users u ON u.id = a.user_id"
                                                " WHERE u.username = 'rob' AND a.action = 'report.print';", 0), ==, 1);
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM users WHERE username = 'rob';", 0), ==, 1);
}

static void
test_change_password (FlTestUnit    *unit,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) s = fl_test_unit_login (unit, "rita");

  g_assert_false (fl_session_change_password (s, "wrong-old-one", "a-new-secret-1", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_true (fl_session_change_password (s, FL_TEST_PASSWORD, "a-new-secret-1", &error));
  g_assert_no_error (error);
  fl_session_logout (s);
  g_clear_object (&s);
  s = fl_accounts_login (unit->db, "rita", "a-new-secret-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM audit WHERE action = 'user.password_change';",
                                      0), ==, 2);
}

static void
test_settings_validation (FlTestUnit    *unit,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");

  g_assert_cmpint (fl_settings_get_int (unit->db, FL_SETTING_LOCKOUT_FAILURES), ==, 5);
  g_assert_cmpint (fl_settings_get_int (unit->db, FL_SETTING_LOCKOUT_MINUTES), ==, 10);
  g_assert_cmpint (fl_settings_get_int (unit->db, FL_SETTING_IDLE_LOCK_MINUTES), ==, 30);

  g_assert_false (fl_settings_set (unit->admin, FL_SETTING_IDLE_LOCK_MINUTES, "90", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_settings_set (unit->admin, FL_SETTING_PAPER_SIZE, "legal", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "a4, letter"));
  g_clear_error (&error);
  g_assert_false (fl_settings_set (ella, FL_SETTING_PAPER_SIZE, "a4", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (fl_settings_set (unit->admin, "audit_head", "1:abc", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (fl_settings_set (unit->admin, FL_SETTING_LOCKOUT_FAILURES, "3", &error));
  g_assert_cmpint (fl_settings_get_int (unit->db, FL_SETTING_LOCKOUT_FAILURES), ==, 3);
  g_assert_cmpint (g_strv_length (fl_settings_get_list (unit->db, FL_LIST_PURPOSE)), ==, 8);
}

static void
test_setup_only_once (FlTestUnit    *unit,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FlUnitSetup again = { "Other", "Other", "x", "a4", "boss", "Big Boss", FL_TEST_PASSWORD };

  g_assert_cmpint (fl_unit_setup (unit->db, &again, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_EXISTS);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, FlTestUnit, NULL, fl_test_unit_setup, fn, fl_test_unit_teardown)
  ADD ("/accounts/password/argon2id", test_password_is_argon2id);
  ADD ("/accounts/password/rules", test_password_rules);
  ADD ("/accounts/password/change", test_change_password);
  ADD ("/accounts/add/admin-only", test_only_admin_adds_accounts);
  ADD ("/accounts/lockout/after-failures", test_lockout_after_failures);
  ADD ("/accounts/lockout/expires", test_lockout_expires);
  ADD ("/accounts/session/no-concurrent", test_no_concurrent_sessions);
  ADD ("/accounts/session/stale-claim-of-dead-process", test_stale_claim_of_dead_process);
  ADD ("/accounts/session/unlock-releases-claim", test_unlock_releases_claim);
  ADD ("/accounts/roles/require-and-training", test_role_checks_and_training);
  ADD ("/accounts/training/validation", test_training_validation);
  ADD ("/accounts/deactivated/cannot-login-stays-in-history", test_deactivated_cannot_login_but_stays);
  ADD ("/accounts/settings/validation", test_settings_validation);
  ADD ("/accounts/unit/setup-only-once", test_setup_only_once);
#undef ADD

  return g_test_run ();
}
