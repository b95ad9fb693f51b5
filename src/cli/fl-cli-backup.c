/* fl-cli-backup.c: faceleads-cli backup --out DIR | backup verify DIR | restore DIR */
#include <unistd.h>

#include "fl-backup.h"
#include "fl-cli.h"

#define BACKUP_USAGE \
  "backup --out DIR\n" \
  "       faceleads-cli backup verify DIR"
#define RESTORE_USAGE "[--data-dir DIR] restore BACKUP_DIR   (with FaceLeads closed)"

static void
print_progress (double      fraction,
                const char *stage,
                gpointer    user_data)
{
  g_printerr ("\r%3.0f %%  %-40s", fraction * 100.0, stage);
}

int
fl_cli_backup_main (FlCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *out = NULL;
  g_autoptr(FlSession) actor = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "A new or empty folder for the backup", "DIR" },
    { NULL }
  };
  gboolean tty = isatty (STDERR_FILENO);
  gboolean ok;

  if (argc == 3 && g_str_equal (argv[1], "verify"))
    {
      if (!fl_backup_verify (argv[2], &error))
        return fl_cli_fail (error);
      g_print ("OK: every file of the backup %s matches its manifest.\n", argv[2]);
      return 0;
    }
  if (!fl_cli_parse (&argc, &argv, entries, "— back up the data folder", &error))
    return fl_cli_fail (error);
  if (argc != 1 || out == NULL)
    return fl_cli_usage (BACKUP_USAGE);

  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);
  ok = fl_backup_create (actor, out, tty ? print_progress : NULL, NULL, NULL, &error);
  if (tty)
    g_printerr ("\r%50s\r", "");
  fl_session_logout (actor);
  if (!ok)
    return fl_cli_fail (error);
  g_print ("Backed up %s to %s.\n", cli->data_dir, out);
  return 0;
}

/* Runs without opening the data folder: the folder is what gets replaced. */
int
fl_cli_restore_main (FlCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;

  if (argc != 2)
    return fl_cli_usage (RESTORE_USAGE);
  if (!fl_backup_restore (argv[1], cli->data_dir, &aside, &error))
    return fl_cli_fail (error);
  g_print ("Restored %s into %s.\n", argv[1], cli->data_dir);
  if (aside != NULL)
    g_print ("The previous data folder was kept as %s.\n", aside);
  return 0;
}
