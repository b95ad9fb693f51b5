/* fl-cli-unit.c: faceleads-cli unit setup|show */
#include "fl-cli.h"

#define UNIT_USAGE \
  "unit setup --agency \"…\" --unit \"…\" --contact \"…\" --paper letter|a4 --admin NAME --full-name \"…\"\n" \
  "       faceleads-cli unit show"

static int
unit_setup (FlCli  *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *agency = NULL, *unit = NULL, *contact = NULL, *paper = NULL;
  g_autofree char *admin = NULL, *full_name = NULL, *password = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency, "Agency name", "TEXT" },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, "Unit name", "TEXT" },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, "Contact line printed on reports", "TEXT" },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper, "Paper size: letter or a4", "SIZE" },
    { "admin", 0, 0, G_OPTION_ARG_STRING, &admin, "First administrator's user name", "NAME" },
    { "full-name", 0, 0, G_OPTION_ARG_STRING, &full_name, "First administrator's full name", "NAME" },
    { NULL }
  };
  FlUnitSetup setup;

  if (!fl_cli_parse (&argc, &argv, entries, "— set up the unit and its first administrator", &error))
    return fl_cli_fail (error);
  if (argc != 1)
    return fl_cli_usage (UNIT_USAGE);
  password = g_getenv ("FACELEADS_NEW_PASSWORD") ? g_strdup (g_getenv ("FACELEADS_NEW_PASSWORD"))
                                                 : fl_cli_read_password ("Administrator's password: ", &error);
  if (password == NULL)
    return fl_cli_fail (error);

  setup = (FlUnitSetup) { agency, unit, contact, paper ? paper : "letter", admin, full_name, password };
  if (fl_unit_setup (cli->db, &setup, &error) == 0)
    return fl_cli_fail (error);
  g_print ("Set up %s, %s, with administrator %s.\n", unit, agency, admin);
  return 0;
}

static int
unit_show (FlCli *cli)
{
  const char * const *keys = fl_settings_known_keys ();

  if (!fl_unit_is_set_up (cli->db))
    {
      g_print ("This unit is not set up yet: run `faceleads-cli unit setup` or start FaceLeads.\n");
      return 1;
    }
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *value = fl_settings_get (cli->db, keys[i]);
      g_print ("%-22s %s\n", keys[i], value);
    }
  return 0;
}

int
fl_cli_unit_main (FlCli  *cli,
                  int     argc,
                  char  **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "setup"))
    return unit_setup (cli, argc - 1, argv + 1);
  if (argc == 2 && g_str_equal (argv[1], "show"))
    return unit_show (cli);
  return fl_cli_usage (UNIT_USAGE);
}
