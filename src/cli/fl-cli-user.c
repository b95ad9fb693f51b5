/* fl-cli-user.c: faceleads-cli user add|list|unlock|train */
#include <unistd.h>

#include "fl-cli.h"

#define USER_USAGE \
  "user add NAME --full-name \"…\" --roles examiner,requester\n" \
  "       faceleads-cli user list\n" \
  "       faceleads-cli user unlock NAME\n" \
  "       faceleads-cli user train NAME --provider FBI --completed YYYY-MM-DD --expires YYYY-MM-DD [--course …]"

static int
user_add (FlCli  *cli,
          int     argc,
          char  **argv)
{
  g_autofree char *full_name = NULL;
  g_autofree char *roles_text = NULL;
  g_autofree char *password = NULL;
  g_autofree char *again = NULL;
  g_autoptr(FlSession) actor = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "full-name", 0, 0, G_OPTION_ARG_STRING, &full_name, "The person's full name", "NAME" },
    { "roles", 0, 0, G_OPTION_ARG_STRING, &roles_text, "requester, examiner, records, administrator", "LIST" },
    { NULL }
  };
  FlRoles roles;
  gint64 id;

  if (!fl_cli_parse (&argc, &argv, entries, "NAME — add an account", &error))
    return fl_cli_fail (error);
  if (argc != 2 || full_name == NULL || roles_text == NULL)
    return fl_cli_usage (USER_USAGE);
  if (!fl_roles_parse (roles_text, &roles, &error))
    return fl_cli_fail (error);

  /* The unit's first administrator needs no sign-in; everyone after does. */
  if (fl_accounts_any_admin (cli->db))
    {
      actor = fl_cli_login (cli, &error);
      if (actor == NULL)
        return fl_cli_fail (error);
    }
  if (!g_getenv ("FACELEADS_NEW_PASSWORD"))
    {
      password = fl_cli_read_password ("New account's password: ", &error);
      if (password == NULL)
        return fl_cli_fail (error);
      if (isatty (0))
        {
          again = fl_cli_read_password ("Repeat the password: ", &error);
          if (again == NULL || !g_str_equal (again, password))
            {
              g_printerr ("faceleads-cli: the two passwords differ; nothing was changed.\n");
              return 1;
            }
        }
    }
  else
    password = g_strdup (g_getenv ("FACELEADS_NEW_PASSWORD"));

  id = fl_accounts_create_user (cli->db, actor, argv[1], full_name, password, roles, &error);
  if (actor)
    fl_session_logout (actor);
  if (id == 0)
    return fl_cli_fail (error);
  g_print ("Added %s (id %" G_GINT64_FORMAT ").\n", argv[1], id);
  return 0;
}

static int
user_list (FlCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = fl_accounts_list_users (cli->db, &error);
  gint64 now = fl_now_unix ();

  if (users == NULL)
    return fl_cli_fail (error);
  g_print ("%-4s %-16s %-28s %-40s %-8s %s\n", "ID", "USER", "NAME", "ROLES", "STATE", "TRAINING EXPIRES");
  for (guint i = 0; i < users->len; i++)
    {
      FlUserInfo *u = g_ptr_array_index (users, i);
      g_autofree char *roles = fl_roles_to_string (u->roles);
      const char *state = !u->active ? "inactive" : u->locked_until > now ? "locked" : "active";

      g_print ("%-4" G_GINT64_FORMAT " %-16s %-28s %-40s %-8s %s\n", u->id, u->username, u->full_name, roles,
               state, u->training_expires ? u->training_expires : "—");
    }
  return 0;
}

static int
user_unlock (FlCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) actor = NULL;
  gint64 id;

  if (argc != 2)
    return fl_cli_usage (USER_USAGE);
  id = fl_accounts_lookup (cli->db, argv[1], &error);
  if (id == 0)
    return fl_cli_fail (error);
  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);
  if (!fl_accounts_unlock (actor, id, &error))
    {
      fl_session_logout (actor);
      return fl_cli_fail (error);
    }
  fl_session_logout (actor);
  g_print ("Unlocked %s.\n", argv[1]);
  return 0;
}

static int
user_train (FlCli  *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *provider = NULL;
  g_autofree char *course = NULL;
  g_autofree char *completed = NULL;
  g_autofree char *expires = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) actor = NULL;
  GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, "Training provider (FBI, LACRIS, agency)", "NAME" },
    { "course", 0, 0, G_OPTION_ARG_STRING, &course, "Course title", "TEXT" },
    { "completed", 0, 0, G_OPTION_ARG_STRING, &completed, "Date completed", "YYYY-MM-DD" },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires, "Date it expires", "YYYY-MM-DD" },
    { NULL }
  };
  gint64 id;

  if (!fl_cli_parse (&argc, &argv, entries, "NAME — record training", &error))
    return fl_cli_fail (error);
  if (argc != 2)
    return fl_cli_usage (USER_USAGE);
  id = fl_accounts_lookup (cli->db, argv[1], &error);
  if (id == 0)
    return fl_cli_fail (error);
  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);
  if (fl_accounts_add_training (actor, id, provider, course, completed, expires, &error) == 0)
    {
      fl_session_logout (actor);
      return fl_cli_fail (error);
    }
  fl_session_logout (actor);
  g_print ("Recorded %s training for %s, valid until %s.\n", provider, argv[1], expires);
  return 0;
}

int
fl_cli_user_main (FlCli  *cli,
                  int     argc,
                  char  **argv)
{
  if (argc < 2)
    return fl_cli_usage (USER_USAGE);
  if (g_str_equal (argv[1], "add"))
    return user_add (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "list"))
    return user_list (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "unlock"))
    return user_unlock (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "train"))
    return user_train (cli, argc - 1, argv + 1);
  return fl_cli_usage (USER_USAGE);
}
