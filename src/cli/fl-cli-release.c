/* fl-cli-release.c: faceleads-cli release (log a report's release, R20; list
 * the releases) and outcome (the requester's record of the lead, R21) */
#include "fl-case.h"
#include "fl-cli.h"
#include "fl-dissemination.h"
#include "fl-report-register.h"

#define RELEASE_USAGE \
  "release REPORT --recipient NAME --agency AGENCY --purpose TEXT --what TEXT\n" \
  "        [--public --exception public-safety|line-up|warrant|missing-person --documentation TEXT]\n" \
  "release list CASE\n" \
  "REPORT is the report ID (e.g. FR-2026-000123-R1) or its number; CASE the case id or FR number.\n" \
  "A release to the public or the media (--public) is refused unless an exception is chosen and\n" \
  "documented: the commander's public-safety determination, a photo line-up, a warrant with\n" \
  "independent witness verification, or a missing person with third-party verification."

#define OUTCOME_USAGE \
  "outcome CASE --result confirmed|excluded|pending [--by TEXT] [--arrest --fingerprints yes|no]\n" \
  "        [--candidate ID]\n" \
  "Records what became of the case's lead (the newest lead report's candidate unless --candidate).\n" \
  "--by names the other means that confirmed the identification (required with confirmed).\n" \
  "--arrest: an arrest was based primarily on the lead; then --fingerprints must say whether the\n" \
  "person's fingerprints were compared."

static gboolean
parse_id (const char  *text,
          gint64      *out_id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *out_id = (gint64) value;
  return TRUE;
}

static gboolean
parse_case (FlCli       *cli,
            const char  *text,
            gint64      *out_id,
            GError     **error)
{
  if (g_ascii_strncasecmp (text, "FR-", 3) == 0)
    *out_id = fl_case_lookup_fr (cli->db, text);
  else if (!parse_id (text, out_id))
    *out_id = 0;
  if (*out_id == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no case “%s”. Give the case id or its FR number.",
                   text);
      return FALSE;
    }
  return TRUE;
}

/* A report by number or by its ID, among the reports @actor may see. */
static gboolean
parse_report (FlSession   *actor,
              const char  *text,
              gint64      *out_id,
              GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;

  if (parse_id (text, out_id))
    return TRUE;
  found = fl_report_register_list (actor, text, 0, 0, error);
  if (found == NULL)
    return FALSE;
  for (guint i = 0; i < found->len; i++)
    {
      FlReportEntry *entry = g_ptr_array_index (found, i);

      if (g_ascii_strcasecmp (entry->report->uid, text) == 0)
        {
          *out_id = entry->report->id;
          return TRUE;
        }
    }
  g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
               "There is no report “%s” that you may see. Give the report ID as printed on the report.", text);
  return FALSE;
}

static int
list_releases (FlCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) actor = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 case_id;

  if (argc != 3)
    return fl_cli_usage (RELEASE_USAGE);
  if (!parse_case (cli, argv[2], &case_id, &error))
    return fl_cli_fail (error);
  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);
  list = fl_dissemination_list (actor, 0, case_id, &error);
  fl_session_logout (actor);
  if (list == NULL)
    return fl_cli_fail (error);
  if (list->len == 0)
    g_print ("No release of this case's reports is logged.\n");
  for (guint i = 0; i < list->len; i++)
    {
      FlDissemination *d = g_ptr_array_index (list, i);

      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\tto %s (%s)\tfor %s\t%s\tby %s\n", d->id, d->released_at, d->report_uid,
               d->recipient, d->agency, d->purpose, d->released_what, d->released_by_name);
      if (d->public_release)
        g_print ("\tpublic or media release; exception: %s; documentation: %s\n",
                 fl_release_exception_label (d->exception), d->exception_documentation);
    }
  return 0;
}

int
fl_cli_release_main (FlCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autofree char *recipient = NULL;
  g_autofree char *agency = NULL;
  g_autofree char *purpose = NULL;
  g_autofree char *what = NULL;
  g_autofree char *exception_key = NULL;
  g_autofree char *documentation = NULL;
  gboolean public_release = FALSE;
  GOptionEntry entries[] = {
    { "recipient", 0, 0, G_OPTION_ARG_STRING, &recipient, "Who receives it", "NAME" },
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency, "The recipient's agency", "AGENCY" },
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &purpose, "Why it is released", "TEXT" },
    { "what", 0, 0, G_OPTION_ARG_STRING, &what, "What is released (the report, an image…)", "TEXT" },
    { "public", 0, 0, G_OPTION_ARG_NONE, &public_release, "A release to the public or the media", NULL },
    { "exception", 0, 0, G_OPTION_ARG_STRING, &exception_key, "The exception that allows a public release",
      "public-safety|line-up|warrant|missing-person" },
    { "documentation", 0, 0, G_OPTION_ARG_STRING, &documentation, "The exception's documentation", "TEXT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) actor = NULL;
  FlReleaseException exception = FL_RELEASE_EXCEPTION_NONE;
  gint64 report_id, id;

  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return list_releases (cli, argc, argv);
  if (!fl_cli_parse (&argc, &argv, entries, "REPORT — log the release of a report", &error))
    return fl_cli_fail (error);
  if (argc != 2)
    return fl_cli_usage (RELEASE_USAGE);
  if (exception_key != NULL && !fl_release_exception_from_key (exception_key, &exception))
    {
      g_printerr ("faceleads-cli: “%s” is not an exception: use public-safety, line-up, warrant or missing-person.\n",
                  exception_key);
      return 2;
    }

  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);
  if (!parse_report (actor, argv[1], &report_id, &error))
    {
      fl_session_logout (actor);
      return fl_cli_fail (error);
    }
  id = fl_dissemination_record (actor, report_id, recipient, agency, purpose, what, public_release, exception,
                                documentation, &error);
  fl_session_logout (actor);
  if (id == 0)
    return fl_cli_fail (error);
  g_print ("Release %" G_GINT64_FORMAT " logged: %s to %s (%s)%s.\n", id, argv[1], recipient, agency,
           public_release ? ", a public release under its documented exception" : "");
  return 0;
}

int
fl_cli_outcome_main (FlCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autofree char *result = NULL;
  g_autofree char *by = NULL;
  g_autofree char *fingerprints = NULL;
  gboolean arrest = FALSE;
  gint64 candidate = 0;
  GOptionEntry entries[] = {
    { "result", 0, 0, G_OPTION_ARG_STRING, &result, "What became of the lead", "confirmed|excluded|pending" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, "The other means that confirmed the identification", "TEXT" },
    { "arrest", 0, 0, G_OPTION_ARG_NONE, &arrest, "An arrest was based primarily on the lead", NULL },
    { "fingerprints", 0, 0, G_OPTION_ARG_STRING, &fingerprints, "Whether fingerprints were compared", "yes|no" },
    { "candidate", 0, 0, G_OPTION_ARG_INT64, &candidate, "The lead's candidate id", "ID" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) actor = NULL;
  FlOutcome outcome;
  FlAnswer answer = FL_ANSWER_UNANSWERED;
  gint64 case_id, id;

  if (!fl_cli_parse (&argc, &argv, entries, "CASE — record the outcome of the case's lead", &error))
    return fl_cli_fail (error);
  if (argc != 2 || result == NULL || candidate < 0)
    return fl_cli_usage (OUTCOME_USAGE);
  if (!fl_outcome_from_string (result, &outcome))
    {
      g_printerr ("faceleads-cli: --result is confirmed, excluded or pending, not “%s”.\n", result);
      return 2;
    }
  if (fingerprints != NULL)
    {
      if (g_ascii_strcasecmp (fingerprints, "yes") == 0)
        answer = FL_ANSWER_YES;
      else if (g_ascii_strcasecmp (fingerprints, "no") == 0)
        answer = FL_ANSWER_NO;
      else
        {
          g_printerr ("faceleads-cli: --fingerprints is yes or no, not “%s”.\n", fingerprints);
          return 2;
        }
    }
  if (!parse_case (cli, argv[1], &case_id, &error))
    return fl_cli_fail (error);
  if (candidate == 0)
    {
      g_autoptr(FlReportInfo) latest = fl_report_get_latest (cli->db, case_id, 0, &error);

      if (latest == NULL)
        return fl_cli_fail (error);
      candidate = latest->candidate_id;
    }

  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);
  /* The core refuses a no-match report's case (candidate 0) with the reason. */
  id = fl_outcome_record (actor, case_id, candidate, outcome, by, arrest, answer, &error);
  fl_session_logout (actor);
  if (id == 0)
    return fl_cli_fail (error);
  g_print ("Outcome recorded for %s: %s.\n", argv[1], fl_outcome_label (outcome));
  return 0;
}
