/* fl-cli-audit.c: faceleads-cli audit verify (export: see fl-cli-audit-export.c) */
#include "fl-cli.h"

#define AUDIT_USAGE "audit verify\n       faceleads-cli audit export --month YYYY-MM --out FILE.xlsx"

static int
audit_verify (FlCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) actor = NULL;
  g_autofree char *details = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *bad = NULL;
  FlAuditVerdict verdict = { 0 };
  int status;

  /* Reading the trail is itself audited (CJIS 5.4.1.1), so it is signed when a
   * person is given; an unsigned check is recorded as such. */
  if (cli->user != NULL)
    {
      actor = fl_cli_login (cli, &error);
      if (actor == NULL)
        return fl_cli_fail (error);
    }
  if (!fl_audit_verify (cli->db, &verdict, &error))
    return fl_cli_fail (error);

  rows = g_strdup_printf ("%" G_GINT64_FORMAT, verdict.rows);
  bad = g_strdup_printf ("%" G_GINT64_FORMAT, verdict.first_bad_id);
  details = fl_audit_details ("rows", rows, "first_bad_row", verdict.problem ? bad : NULL, "via", "cli", NULL);
  if (verdict.problem == NULL)
    {
      g_print ("OK: the audit trail's %" G_GINT64_FORMAT " rows are intact.\n", verdict.rows);
      status = 0;
    }
  else
    {
      g_print ("BROKEN at row %" G_GINT64_FORMAT ": %s.\n", verdict.first_bad_id, verdict.problem);
      status = 4;
    }
  fl_audit_append (cli->db, actor ? fl_session_get_user_id (actor) : 0,
                   actor ? fl_session_get_username (actor) : "(terminal)", "audit.verify", 0,
                   verdict.problem ? "broken" : "intact", details, NULL);
  if (actor)
    fl_session_logout (actor);
  fl_audit_verdict_clear (&verdict);
  return status;
}

int
fl_cli_audit_main (FlCli  *cli,
                   int     argc,
                   char  **argv)
{
  if (argc == 2 && g_str_equal (argv[1], "verify"))
    return audit_verify (cli);
  if (argc >= 2 && g_str_equal (argv[1], "export"))
    return fl_cli_audit_export (cli, argc - 1, argv + 1);
  return fl_cli_usage (AUDIT_USAGE);
}
