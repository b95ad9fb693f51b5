/* fl-cli-report.c: faceleads-cli report (the Manual Search Report of a case)
 * and request-form (the printable search request form) */
#include "fl-case.h"
#include "fl-cli.h"
#include "fl-report.h"
#include "fl-store.h"

#define REPORT_USAGE \
  "report CASE --out FILE.pdf [--candidate ID] [--comments \"…\"] [--new]\n" \
  "CASE is the case id or its FR number. Writes the newest report issued for the case (of the\n" \
  "candidate, with --candidate). When none is issued yet, or with --new, the signed-in examiner\n" \
  "issues one: a lead report with --candidate, else the no-possible-match report."

#define FORM_USAGE \
  "request-form [REQUEST_ID] --out FILE.pdf\n" \
  "Without REQUEST_ID: the blank form for agencies that send requests on paper."

static gboolean
parse_number (const char  *text,
              const char  *what,
              gint64      *out_id,
              GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "“%s” is not a %s. Give the number shown by the list.", text,
                   what);
      return FALSE;
    }
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
    {
      *out_id = fl_case_lookup_fr (cli->db, text);
      if (*out_id == 0)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no case %s. Check the number.", text);
          return FALSE;
        }
      return TRUE;
    }
  return parse_number (text, "case id", out_id, error);
}

int
fl_cli_report_main (FlCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *comments = NULL;
  gint64 candidate = 0;
  gboolean fresh = FALSE;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "Where to write the PDF", "FILE.pdf" },
    { "candidate", 0, 0, G_OPTION_ARG_INT64, &candidate, "The candidate of a lead report", "ID" },
    { "comments", 0, 0, G_OPTION_ARG_STRING, &comments, "Comments printed on a newly issued report", "TEXT" },
    { "new", 0, 0, G_OPTION_ARG_NONE, &fresh, "Issue a new report even if one exists", NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) actor = NULL;
  g_autoptr(FlReportInfo) info = NULL;
  gint64 case_id;

  if (!fl_cli_parse (&argc, &argv, entries, "CASE — write the case's Manual Search Report", &error))
    return fl_cli_fail (error);
  if (argc != 2 || out == NULL || candidate < 0)
    return fl_cli_usage (REPORT_USAGE);
  if (!parse_case (cli, argv[1], &case_id, &error))
    return fl_cli_fail (error);
  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);

  if (!fresh)
    info = fl_report_get_latest (cli->db, case_id, candidate, NULL);
  if (info == NULL)
    {
      /* Issuing is the examiner's act; for anyone else the core refuses with the reason. */
      info = fl_report_create (actor, case_id, candidate, comments, &error);
      if (info == NULL)
        {
          fl_session_logout (actor);
          return fl_cli_fail (error);
        }
      g_print ("Issued report %s.\n", info->uid);
    }
  else if (comments != NULL)
    g_printerr ("faceleads-cli: report %s is already issued; --comments applies only with --new.\n", info->uid);

  if (!fl_report_export (actor, info->id, out, &error))
    {
      fl_session_logout (actor);
      return fl_cli_fail (error);
    }
  fl_session_logout (actor);
  g_print ("Wrote report %s (%s) to %s.\nSHA-256 %s\n", info->uid,
           info->kind == FL_REPORT_KIND_LEAD ? "investigative lead" : "no possible match", out, info->hash);
  return 0;
}

int
fl_cli_request_form_main (FlCli  *cli,
                          int     argc,
                          char  **argv)
{
  g_autofree char *out = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "Where to write the PDF", "FILE.pdf" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) actor = NULL;
  gint64 request_id = 0;
  gboolean ok;

  if (!fl_cli_parse (&argc, &argv, entries, "[REQUEST_ID] — print the search request form", &error))
    return fl_cli_fail (error);
  if (argc > 2 || out == NULL)
    return fl_cli_usage (FORM_USAGE);
  if (argc == 2 && !parse_number (argv[1], "request number", &request_id, &error))
    return fl_cli_fail (error);

  /* A blank form holds no personal data: anyone may print it, signed or not.
   * A filled one is the request itself: signed, checked and audited. */
  if (request_id == 0 && cli->user == NULL)
    ok = fl_request_form_render_pdf (cli->db, 0, out, &error);
  else
    {
      actor = fl_cli_login (cli, &error);
      if (actor == NULL)
        return fl_cli_fail (error);
      ok = fl_request_form_export (actor, request_id, out, &error);
      fl_session_logout (actor);
    }
  if (!ok)
    return fl_cli_fail (error);
  if (request_id > 0)
    g_print ("Wrote request %" G_GINT64_FORMAT "'s form to %s.\n", request_id, out);
  else
    g_print ("Wrote a blank request form to %s.\n", out);
  return 0;
}
