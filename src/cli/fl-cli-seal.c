/* fl-cli-seal.c: faceleads-cli seal case|subject ID --notice REF --date YYYY-MM-DD | seal list
 * (a gallery subject's notice is entered by fl-cli-gallery.c) */
#include "fl-cli.h"
#include "fl-seal.h"

#define SEAL_USAGE \
  "seal case CASE_ID --notice REF --date YYYY-MM-DD\n" \
  "       faceleads-cli seal subject SUBJECT_ID --notice REF --date YYYY-MM-DD\n" \
  "       faceleads-cli seal list"

static int
seal_case (FlCli  *cli,
           int     argc,
           char  **argv)
{
  g_autofree char *notice = NULL;
  g_autofree char *date = NULL;
  g_autoptr(FlSession) actor = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "notice", 0, 0, G_OPTION_ARG_STRING, &notice, "The notice's reference", "REF" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, "The notice's date", "YYYY-MM-DD" },
    { NULL }
  };
  gint64 case_id;
  gint64 notice_id;
  char *end = NULL;

  if (!fl_cli_parse (&argc, &argv, entries, "CASE_ID — seal a case under a seal/destroy notice", &error))
    return fl_cli_fail (error);
  if (argc != 2 || notice == NULL || date == NULL)
    return fl_cli_usage (SEAL_USAGE);
  case_id = g_ascii_strtoll (argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || case_id <= 0)
    {
      g_printerr ("faceleads-cli: “%s” is not a case id (a number, as in `faceleads-cli case list`).\n", argv[1]);
      return 2;
    }

  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);
  notice_id = fl_seal_case (actor, case_id, notice, date, &error);
  fl_session_logout (actor);
  if (notice_id == 0)
    return fl_cli_fail (error);
  g_print ("Case %" G_GINT64_FORMAT " is sealed (notice record %" G_GINT64_FORMAT "); its images were purged.\n",
           case_id, notice_id);
  return 0;
}

static int
seal_list (FlCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notices = fl_seal_notices_list (cli->db, NULL, &error);

  if (notices == NULL)
    return fl_cli_fail (error);
  g_print ("%-5s %-8s %-28s %-20s %-11s %-12s %s\n", "ID", "SCOPE", "RECORD", "NOTICE", "DATE", "ENTERED BY",
           "ENTERED");
  for (guint i = 0; i < notices->len; i++)
    {
      FlSealNotice *n = g_ptr_array_index (notices, i);
      g_print ("%-5" G_GINT64_FORMAT " %-8s %-28s %-20s %-11s %-12s %s\n", n->id, n->scope, n->target_label,
               n->notice_ref, n->notice_date, n->entered_by_name ? n->entered_by_name : "", n->entered_at);
    }
  return 0;
}

int
fl_cli_seal_main (FlCli  *cli,
                  int     argc,
                  char  **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "case"))
    return seal_case (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "subject"))
    return fl_cli_seal_subject (cli, argc - 1, argv + 1);
  if (argc == 2 && g_str_equal (argv[1], "list"))
    return seal_list (cli);
  return fl_cli_usage (SEAL_USAGE);
}
