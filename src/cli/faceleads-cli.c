/* faceleads-cli: batch and records work from a terminal, through the same core
 * (and the same policy checks) as the application. */
#include <locale.h>
#include <glib/gi18n.h>

#include "fl-cli.h"

static const struct
{
  const char *name;
  FlCliGroup  main;
  const char *help;
  gboolean    no_db;  /* must not open (and so create) the data folder */
} groups[] = {
  { "unit", fl_cli_unit_main, "unit setup|show            set up the unit (first run) or show its settings" },
  { "user", fl_cli_user_main, "user add|list|unlock|train accounts and training records" },
  { "audit", fl_cli_audit_main, "audit verify|export        check the audit chain; monthly workbook" },
  { "backup", fl_cli_backup_main, "backup --out DIR|verify DIR back up the data folder; check a backup" },
  { "restore", fl_cli_restore_main, "restore BACKUP_DIR         restore a backup (FaceLeads closed)", TRUE },
  { "seal", fl_cli_seal_main, "seal case|subject ID|list  enter a seal/destroy notice; list notices" },
  { "retention", fl_cli_retention_main, "retention preview|purge    records past the retention period" },
  { "request", fl_cli_request_main, "request add|list|show|accept|return  search requests and triage" },
  { "case", fl_cli_case_main, "case list|show|assign|state  case files and their history" },
  { "gallery", fl_cli_gallery_main, "gallery create|import|list|subjects  mugshot galleries and CSV imports" },
  { "search", fl_cli_search_main, "search --case ID --probe ID --gallery NAME  run a logged 1:N search" },
  { "report", fl_cli_report_main, "report CASE --out FILE.pdf  write (or issue) the case's Manual Search Report" },
  { "request-form", fl_cli_request_form_main, "request-form [REQUEST_ID] --out FILE.pdf  print a blank or filled request form" },
  { "release", fl_cli_release_main, "release REPORT --recipient … | list CASE  log a report's release; list them" },
  { "outcome", fl_cli_outcome_main, "outcome CASE --result confirmed|excluded|pending  what became of the lead" },
};

static void
print_help (void)
{
  g_print ("Usage: faceleads-cli [--data-dir DIR] [--user NAME] COMMAND …\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    g_print ("  %s\n", groups[i].help);
  g_print ("\nThe data folder is --data-dir, else FACELEADS_DATA_DIR, else ~/.local/share/faceleads.\n"
           "Commands that act are signed by --user (or FACELEADS_USER); the password is read from\n"
           "the terminal or FACELEADS_PASSWORD.\n");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_dir_opt = NULL;
  g_autofree char *user_opt = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(FlDb) db = NULL;
  g_autoptr(GError) error = NULL;
  FlCli cli = { 0 };
  int i = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command; the rest belongs to the command group. */
  for (; i < argc && argv[i][0] == '-'; i++)
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_help ();
          return 0;
        }
      else if (g_str_equal (argv[i], "--version"))
        {
          g_print ("faceleads-cli %s\n", PACKAGE_VERSION);
          return 0;
        }
      else if (g_str_equal (argv[i], "--data-dir") && i + 1 < argc)
        data_dir_opt = g_strdup (argv[++i]);
      else if (g_str_has_prefix (argv[i], "--data-dir="))
        data_dir_opt = g_strdup (argv[i] + strlen ("--data-dir="));
      else if (g_str_equal (argv[i], "--user") && i + 1 < argc)
        user_opt = g_strdup (argv[++i]);
      else if (g_str_has_prefix (argv[i], "--user="))
        user_opt = g_strdup (argv[i] + strlen ("--user="));
      else
        {
          g_printerr ("faceleads-cli: unknown option %s (see --help)\n", argv[i]);
          return 2;
        }
    }
  if (i >= argc)
    {
      print_help ();
      return 2;
    }

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    if (g_str_equal (argv[i], groups[g].name))
      {
        data_dir = fl_db_default_data_dir (data_dir_opt);
        cli.data_dir = data_dir;
        if (!groups[g].no_db)
          {
            db = fl_db_open (data_dir, &error);
            if (db == NULL)
              return fl_cli_fail (error);
          }
        cli.db = db;
        cli.user = user_opt ? user_opt : g_getenv ("FACELEADS_USER");
        return groups[g].main (&cli, argc - i, argv + i);
      }

  g_printerr ("faceleads-cli: unknown command “%s” (see --help)\n", argv[i]);
  return 2;
}
