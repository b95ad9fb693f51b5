/* test-audit.c: the hash chain, and tampering with the sqlite3 tool */
#include <string.h>

#include "fl-test-core.h"

static void
write_rows (FlTestUnit *unit,
            int         n)
{
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *details = fl_audit_details ("n", "x", NULL);
      g_assert_true (fl_session_audit (unit->admin, "test.row", 0, "success", details, &error));
      g_assert_no_error (error);
    }
}

static gint64
verify (FlTestUnit  *unit,
        char       **problem)
{
  g_autoptr(GError) error = NULL;
  FlAuditVerdict verdict = { 0 };
  gint64 bad;

  g_assert_true (fl_audit_verify (unit->db, &verdict, &error));
  g_assert_no_error (error);
  bad = verdict.first_bad_id;
  if (problem)
    *problem = g_strdup (verdict.problem);
  g_test_message ("verdict: rows=%" G_GINT64_FORMAT " bad=%" G_GINT64_FORMAT " %s", verdict.rows, bad,
                  verdict.problem ? verdict.problem : "intact");
  fl_audit_verdict_clear (&verdict);
  return bad;
}

static void
test_chain_intact (FlTestUnit    *unit,
                   gconstpointer  data)
{
  write_rows (unit, 10);
  g_assert_cmpint (verify (unit, NULL), ==, 0);
}

static void
test_triggers_refuse_update_delete (FlTestUnit    *unit,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  write_rows (unit, 2);
  g_assert_false (fl_db_exec (unit->db, "UPDATE audit SET outcome = 'x' WHERE id = 1;", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "append-only"));
  g_clear_error (&error);
  g_assert_false (fl_db_exec (unit->db, "DELETE FROM audit WHERE id = 1;", &error));
  g_assert_nonnull (strstr (error->message, "append-only"));
}

static gint64
row_with_action (FlTestUnit *unit,
                 int         nth)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM audit WHERE action = 'test.row' ORDER BY id LIMIT 1 OFFSET %d;",
                                          nth);
  return fl_db_query_int64 (unit->db, sql, 0);
}

static void
test_detects_edit (FlTestUnit    *unit,
                   gconstpointer  data)
{
  g_autofree char *sql = NULL;
  g_autofree char *problem = NULL;
  gint64 target;

  write_rows (unit, 6);
  target = row_with_action (unit, 2);
  sql = g_strdup_printf ("DROP TRIGGER audit_no_update;"
                         " UPDATE audit SET details = '{\"n\":\"forged\"}' WHERE id = %" G_GINT64_FORMAT ";", target);
  fl_test_sqlite3 (unit, sql);
  g_assert_cmpint (verify (unit, &problem), ==, target);
  g_assert_nonnull (strstr (problem, "changed"));
}

static void
test_detects_edit_with_rehash (FlTestUnit    *unit,
                               gconstpointer  data)
{
  g_autofree char *sql = NULL;
  gint64 target;

  /* Someone who also rewrites the row's own hash still breaks the next row's link. */
  write_rows (unit, 6);
  target = row_with_action (unit, 2);
  sql = g_strdup_printf ("DROP TRIGGER audit_no_update;"
                         " UPDATE audit SET hash = 'ffff' WHERE id = %" G_GINT64_FORMAT ";", target);
  fl_test_sqlite3 (unit, sql);
  g_assert_cmpint (verify (unit, NULL), ==, target);
}

static void
test_detects_delete (FlTestUnit    *unit,
                     gconstpointer  data)
{
  g_autofree char *sql = NULL;
  g_autofree char *problem = NULL;
  gint64 target;

  write_rows (unit, 6);
  target = row_with_action (unit, 3);
  sql = g_strdup_printf ("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = %" G_GINT64_FORMAT ";", target);
  fl_test_sqlite3 (unit, sql);
  g_assert_cmpint (verify (unit, &problem), ==, target + 1);
  g_assert_nonnull (strstr (problem, "deleted"));
}

static void
test_detects_reorder (FlTestUnit    *unit,
                      gconstpointer  data)
{
  g_autofree char *sql = NULL;
  gint64 a, b;

  write_rows (unit, 6);
  a = row_with_action (unit, 1);
  b = row_with_action (unit, 4);
  /* Swap two rows' contents, ids kept: the chain breaks at the first of them. */
  sql = g_strdup_printf ("DROP TRIGGER audit_no_update;"
                         " UPDATE audit SET id = -1 WHERE id = %1$" G_GINT64_FORMAT ";"
                         " UPDATE audit SET id = %1$" G_GINT64_FORMAT " WHERE id = %2$" G_GINT64_FORMAT ";"
                         " UPDATE audit SET id = %2$" G_GINT64_FORMAT " WHERE id = -1;", a, b);
  fl_test_sqlite3 (unit, sql);
  g_assert_cmpint (verify (unit, NULL), ==, a);
}

static void
test_detects_truncated_tail (FlTestUnit    *unit,
                             gconstpointer  data)
{
  gint64 last;

  write_rows (unit, 4);
  last = fl_db_query_int64 (unit->db, "SELECT max(id) FROM audit;", 0);
  fl_test_sqlite3 (unit, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = (SELECT max(id) FROM audit);");
  g_assert_cmpint (verify (unit, NULL), ==, last);
}

static void
test_every_action_audited (FlTestUnit    *unit,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) s = NULL;

  /* setup, account additions, training, logins are all rows */
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM audit WHERE action = 'unit.setup';", 0), ==, 1);
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM audit WHERE action = 'user.add';", 0), >=, 6);
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM audit WHERE action = 'user.training';", 0), ==, 2);
  s = fl_accounts_login (unit->db, "rita", "wrong password", &error);
  g_assert_null (s);
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM audit WHERE action = 'login'"
                                                " AND outcome = 'failed' AND username = 'rita';", 0), ==, 1);
  g_assert_cmpint (verify (unit, NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, FlTestUnit, NULL, fl_test_unit_setup, fn, fl_test_unit_teardown)
  ADD ("/audit/chain/intact", test_chain_intact);
  ADD ("/audit/chain/triggers-refuse-update-delete", test_triggers_refuse_update_delete);
  ADD ("/audit/chain/detects-edit", test_detects_edit);
  ADD ("/audit/chain/detects-edit-with-rehash", test_detects_edit_with_rehash);
  ADD ("/audit/chain/detects-delete", test_detects_delete);
  ADD ("/audit/chain/detects-reorder", test_detects_reorder);
  ADD ("/audit/chain/detects-truncated-tail", test_detects_truncated_tail);
  ADD ("/audit/actions/every-action-audited", test_every_action_audited);
#undef ADD

  return g_test_run ();
}
