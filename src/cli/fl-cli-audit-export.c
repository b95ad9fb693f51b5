/* fl-cli-audit-export.c: faceleads-cli audit export --month YYYY-MM --out FILE.xlsx */
#include <unistd.h>

#include "fl-audit-export.h"
#include "fl-cli.h"

static void
print_progress (double      fraction,
                const char *stage,
                gpointer    user_data)
{
  g_printerr ("\r%3.0f %%  %-40s", fraction * 100.0, stage);
}

int
fl_cli_audit_export (FlCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autofree char *month_text = NULL;
  g_autofree char *out = NULL;
  g_autoptr(FlSession) actor = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "month", 0, 0, G_OPTION_ARG_STRING, &month_text, "The month to export", "YYYY-MM" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "The workbook to write", "FILE.xlsx" },
    { NULL }
  };
  gboolean tty = isatty (STDERR_FILENO);
  int year, month;
  gboolean ok;

  if (!fl_cli_parse (&argc, &argv, entries, "— write the monthly audit workbook", &error))
    return fl_cli_fail (error);
  if (argc != 1 || month_text == NULL || out == NULL)
    return fl_cli_usage ("audit export --month YYYY-MM --out FILE.xlsx");
  if (!fl_audit_parse_month (month_text, &year, &month, &error))
    return fl_cli_fail (error);

  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);
  ok = fl_audit_export_month (actor, year, month, out, tty ? print_progress : NULL, NULL, NULL, &error);
  if (tty)
    g_printerr ("\r%50s\r", "");
  fl_session_logout (actor);
  if (!ok)
    return fl_cli_fail (error);
  g_print ("Wrote the audit workbook for %s to %s.\n", month_text, out);
  return 0;
}
