/* fl-cli.c: sign-in, password prompt and error printing for faceleads-cli */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "fl-cli.h"

char *
fl_cli_read_password (const char  *prompt,
                      GError     **error)
{
  const char *env = g_getenv ("FACELEADS_PASSWORD");
  struct termios old, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  char buf[1024];

  if (env != NULL)
    return g_strdup (env);

  if (tty)
    {
      fprintf (stderr, "%s", prompt);
      tcgetattr (STDIN_FILENO, &old);
      quiet = old;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }
  if (fgets (buf, sizeof buf, stdin) == NULL)
    buf[0] = '\0';
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &old);
      fprintf (stderr, "\n");
    }
  buf[strcspn (buf, "\r\n")] = '\0';
  if (buf[0] == '\0')
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "No password given. Type it at the prompt or set FACELEADS_PASSWORD.");
      return NULL;
    }
  return g_strdup (buf);
}

FlSession *
fl_cli_login (FlCli   *cli,
              GError **error)
{
  g_autofree char *password = NULL;
  g_autofree char *prompt = NULL;

  if (cli->user == NULL)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_DENIED,
                           "This command is attributed to a person: give --user NAME (or set FACELEADS_USER).");
      return NULL;
    }
  prompt = g_strdup_printf ("Password for %s: ", cli->user);
  password = fl_cli_read_password (prompt, error);
  if (password == NULL)
    return NULL;
  return fl_accounts_login (cli->db, cli->user, password, error);
}

int
fl_cli_fail (GError *error)
{
  g_printerr ("faceleads-cli: %s\n", error ? error->message : "failed");
  if (error != NULL && error->domain == FL_ERROR && error->code == FL_ERROR_DENIED)
    return 3;
  return 1;
}

int
fl_cli_usage (const char *usage)
{
  g_printerr ("Usage: faceleads-cli %s\n", usage);
  return 2;
}

gboolean
fl_cli_parse (int           *argc,
              char        ***argv,
              GOptionEntry  *entries,
              const char    *summary,
              GError       **error)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (summary);

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_help_enabled (ctx, TRUE);
  return g_option_context_parse (ctx, argc, argv, error);
}
