/* fl-cli-request.c: faceleads-cli request add|list|show|accept|return and
 * case list|show|assign|state */
#include <stdlib.h>

#include "fl-case.h"
#include "fl-cli.h"
#include "fl-request.h"

#define REQUEST_USAGE \
  "request add --from FILE.json\n" \
  "       faceleads-cli request list [--state submitted|refused|returned|accepted] [--limit N]\n" \
  "       faceleads-cli request show ID\n" \
  "       faceleads-cli request accept ID\n" \
  "       faceleads-cli request return ID --reason \"…\""

#define CASE_USAGE \
  "case list [--state S] [--search TEXT] [--examiner USER] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n" \
  "                          [--limit N] [--offset N]\n" \
  "       faceleads-cli case show ID|FR-NUMBER\n" \
  "       faceleads-cli case assign ID|FR-NUMBER --examiner USER\n" \
  "       faceleads-cli case state ID|FR-NUMBER STATE [--note \"…\"]\n" \
  "States: intake, searching, review, peer_review, reported, no_match, closed"

static gboolean
parse_id (const char  *text,
          gint64      *out_id,
          GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "“%s” is not a number. Give the id shown by the list.", text);
      return FALSE;
    }
  *out_id = (gint64) value;
  return TRUE;
}

/* A case is named by its id or its FR number. */
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
  return parse_id (text, out_id, error);
}

/* Signs in, runs @action, signs out; returns the exit status. */
typedef int (*SessionAction) (FlCli *cli, FlSession *session, gpointer data);

static int
with_session (FlCli         *cli,
              SessionAction  action,
              gpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) session = fl_cli_login (cli, &error);
  int status;

  if (session == NULL)
    return fl_cli_fail (error);
  status = action (cli, session, data);
  fl_session_logout (session);
  return status;
}

static char *
day_of (const char *iso)
{
  return iso ? g_strndup (iso, 10) : g_strdup ("—");
}

/* ---- request --------------------------------------------------------- */

static int
request_add_cb (FlCli     *cli,
                FlSession *session,
                gpointer   data)
{
  FlRequestDraft *draft = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gint64 id;

  if (!fl_request_validate (draft, cli->db, &problems))
    {
      g_printerr ("faceleads-cli: the request is incomplete; nothing was submitted. Correct these keys:\n");
      for (guint i = 0; i < problems->len; i++)
        {
          FlFieldError *p = g_ptr_array_index (problems, i);
          g_printerr ("  %s: %s\n", p->field, p->message);
        }
      return 1;
    }
  id = fl_request_submit (session, draft, &error);
  if (id == 0)
    return fl_cli_fail (error);
  g_print ("Submitted request %" G_GINT64_FORMAT " (case/file number %s, %u image(s)). It waits in the "
           "examiners' queue.\n", id, draft->agency_case_number, draft->images->len);
  return 0;
}

static int
request_add (FlCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *from = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRequestDraft) draft = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, "The request as JSON (images relative to it)", "FILE.json" },
    { NULL }
  };

  if (!fl_cli_parse (&argc, &argv, entries, "— submit a search request", &error))
    return fl_cli_fail (error);
  if (argc != 1 || from == NULL)
    return fl_cli_usage (REQUEST_USAGE);
  draft = fl_request_draft_from_json_file (from, &error);
  if (draft == NULL)
    return fl_cli_fail (error);
  return with_session (cli, request_add_cb, draft);
}

static int
request_list_cb (FlCli     *cli,
                 FlSession *session,
                 gpointer   data)
{
  const FlRequestFilter *filter = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = fl_request_list (session, filter, &error);

  if (rows == NULL)
    return fl_cli_fail (error);
  g_print ("%-6s %-10s %-10s %-12s %-16s %-30s %s\n", "ID", "STATE", "SUBMITTED", "BY", "CASE/FILE NO",
           "AGENCY", "FR NUMBER");
  for (guint i = 0; i < rows->len; i++)
    {
      FlRequest *r = g_ptr_array_index (rows, i);
      g_autofree char *day = day_of (r->created_at);

      g_print ("%-6" G_GINT64_FORMAT " %-10s %-10s %-12s %-16s %-30s %s\n", r->id,
               fl_request_state_to_string (r->state), day, r->created_by_username, r->form->agency_case_number,
               r->form->requesting_agency, r->fr_number ? r->fr_number : "—");
    }
  if (rows->len == 0)
    g_print ("(no requests)\n");
  return 0;
}

static int
request_list (FlCli  *cli,
              int     argc,
              char  **argv)
{
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;
  int limit = 0;
  GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, "submitted, refused, returned or accepted", "STATE" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "At most N requests, newest first", "N" },
    { NULL }
  };
  FlRequestFilter filter = { .any_state = TRUE };

  if (!fl_cli_parse (&argc, &argv, entries, "— list requests", &error))
    return fl_cli_fail (error);
  if (argc != 1 || limit < 0)
    return fl_cli_usage (REQUEST_USAGE);
  if (state != NULL)
    {
      if (!fl_request_state_from_string (state, &filter.state))
        {
          g_printerr ("faceleads-cli: “%s” is not a request state. Use submitted, refused, returned or accepted.\n",
                      state);
          return 2;
        }
      filter.any_state = FALSE;
    }
  filter.limit = (guint) limit;
  return with_session (cli, request_list_cb, &filter);
}

static int
request_show_cb (FlCli     *cli,
                 FlSession *session,
                 gpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRequest) r = fl_request_get (session, *(gint64 *) data, &error);
  FlRequestDraft *f;

  if (r == NULL)
    return fl_cli_fail (error);
  f = r->form;
  g_print ("Request %" G_GINT64_FORMAT " — %s%s%s\n", r->id, fl_request_state_to_string (r->state),
           r->fr_number ? ", case " : "", r->fr_number ? r->fr_number : "");
  if (r->state_reason)
    g_print ("Reason for the decision:\n  %s\n", r->state_reason);
  g_print ("Submitted:           %s by %s\n", r->created_at, r->created_by_username);
  g_print ("Requesting agency:   %s%s\n", f->requesting_agency, f->outside_agency ? " (outside agency)" : "");
  if (f->outside_agency)
    g_print ("Affirmation:         %s\n", f->outside_affirmation ? f->outside_affirmation : "");
  g_print ("Requester:           %s, %s, %s\n", f->requester_name, f->phone, f->email);
  g_print ("Case/file number:    %s\n", f->agency_case_number);
  g_print ("Incident type:       %s\n", f->incident_type);
  g_print ("Purpose:             %s\n", f->purpose);
  g_print ("Reason for search:   %s\n", f->reason);
  g_print ("Live/real-time:      %s%s\n", f->live_source ? "yes" : "no",
           f->live_source ? (f->imminent_threat ? ", imminent threat to life" : ", no imminent threat") : "");
  g_print ("Predictive / personal use: %s / %s\n", f->predictive ? "yes" : "no", f->personal_use ? "yes" : "no");
  g_print ("Not solely protected class or First-Amendment activity: %s\n",
           f->protected_class_attested ? "attested" : "NOT attested");
  g_print ("Valid driver license presented: %s%s%s\n", f->dl_presented ? "yes" : "no",
           f->dl_false_reason ? ", suspected false: " : "", f->dl_false_reason ? f->dl_false_reason : "");
  g_print ("Acknowledged (lead only): %s, %s\n", f->ack_name, f->ack_date);
  g_print ("Images (%d):\n", f->image_count);
  for (guint i = 0; i < f->images->len; i++)
    {
      FlRequestImage *image = g_ptr_array_index (f->images, i);
      g_print ("  %u. %s — %s%s; source: %s; %s\n", i + 1, image->filename, fl_image_kind_label (image->kind),
               image->from_video ? ", from video" : "", image->source,
               image->hash ? image->hash : "not kept (refused)");
    }
  return 0;
}

static int
request_accept_cb (FlCli     *cli,
                   FlSession *session,
                   gpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCase) kase = NULL;
  gint64 case_id = fl_request_accept (session, *(gint64 *) data, &error);

  if (case_id == 0)
    return fl_cli_fail (error);
  kase = fl_case_get (session, case_id, &error);
  if (kase == NULL)
    return fl_cli_fail (error);
  g_print ("Accepted request %" G_GINT64_FORMAT ": case %s (id %" G_GINT64_FORMAT ") opened in intake and "
           "assigned to you.\n", *(gint64 *) data, kase->fr_number, case_id);
  return 0;
}

typedef struct
{
  gint64      id;
  const char *text;
} IdAndText;

static int
request_return_cb (FlCli     *cli,
                   FlSession *session,
                   gpointer   data)
{
  IdAndText *args = data;
  g_autoptr(GError) error = NULL;

  if (!fl_request_return (session, args->id, args->text, &error))
    return fl_cli_fail (error);
  g_print ("Returned request %" G_GINT64_FORMAT " to the requester.\n", args->id);
  return 0;
}

static int
request_by_id (FlCli         *cli,
               int            argc,
               char         **argv,
               SessionAction  action)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (argc != 2)
    return fl_cli_usage (REQUEST_USAGE);
  if (!parse_id (argv[1], &id, &error))
    return fl_cli_fail (error);
  return with_session (cli, action, &id);
}

static int
request_return (FlCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why it is returned (the requester reads this)", "TEXT" },
    { NULL }
  };
  IdAndText args = { 0 };

  if (!fl_cli_parse (&argc, &argv, entries, "ID — return a request to the requester", &error))
    return fl_cli_fail (error);
  if (argc != 2 || reason == NULL)
    return fl_cli_usage (REQUEST_USAGE);
  if (!parse_id (argv[1], &args.id, &error))
    return fl_cli_fail (error);
  args.text = reason;
  return with_session (cli, request_return_cb, &args);
}

int
fl_cli_request_main (FlCli  *cli,
                     int     argc,
                     char  **argv)
{
  if (argc < 2)
    return fl_cli_usage (REQUEST_USAGE);
  if (g_str_equal (argv[1], "add"))
    return request_add (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "list"))
    return request_list (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "show"))
    return request_by_id (cli, argc - 1, argv + 1, request_show_cb);
  if (g_str_equal (argv[1], "accept"))
    return request_by_id (cli, argc - 1, argv + 1, request_accept_cb);
  if (g_str_equal (argv[1], "return"))
    return request_return (cli, argc - 1, argv + 1);
  return fl_cli_usage (REQUEST_USAGE);
}

/* ---- case ------------------------------------------------------------ */

static int
case_list_cb (FlCli     *cli,
              FlSession *session,
              gpointer   data)
{
  const FlCaseFilter *filter = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = fl_case_list (session, filter, &error);
  gint64 total;

  if (rows == NULL)
    return fl_cli_fail (error);
  total = fl_case_count (session, filter, &error);
  if (total < 0)
    return fl_cli_fail (error);
  g_print ("%-6s %-15s %-12s %-10s %-16s %-24s %s\n", "ID", "FR NUMBER", "STATE", "OPENED", "CASE/FILE NO",
           "EXAMINER", "AGENCY");
  for (guint i = 0; i < rows->len; i++)
    {
      FlCase *c = g_ptr_array_index (rows, i);
      g_autofree char *day = day_of (c->opened_at);

      g_print ("%-6" G_GINT64_FORMAT " %-15s %-12s %-10s %-16s %-24s %s\n", c->id, c->fr_number,
               fl_case_state_to_string (c->state), day, c->agency_case_number,
               c->examiner_name ? c->examiner_name : "—", c->requesting_agency);
    }
  if (rows->len == 0)
    g_print ("(no cases)\n");
  else
    g_print ("Cases %u–%u of %" G_GINT64_FORMAT ".\n", filter->offset + 1, filter->offset + rows->len, total);
  return 0;
}

static int
case_list (FlCli  *cli,
           int     argc,
           char  **argv)
{
  g_autofree char *state = NULL;
  g_autofree char *search = NULL;
  g_autofree char *examiner = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GError) error = NULL;
  int limit = 50, offset = 0;
  GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, "Only cases in this state", "STATE" },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, "Part of the FR or agency case number", "TEXT" },
    { "examiner", 0, 0, G_OPTION_ARG_STRING, &examiner, "Only cases assigned to this examiner", "USER" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "Opened on or after (UTC)", "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "Opened on or before (UTC)", "YYYY-MM-DD" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "Cases per page (default 50; 0 = all)", "N" },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, "Skip the first N cases", "N" },
    { NULL }
  };
  FlCaseFilter filter = { 0 };

  if (!fl_cli_parse (&argc, &argv, entries, "— list cases, newest first", &error))
    return fl_cli_fail (error);
  if (argc != 1 || limit < 0 || offset < 0)
    return fl_cli_usage (CASE_USAGE);
  if (state != NULL && !fl_case_state_from_string (state, &filter.state))
    {
      g_printerr ("faceleads-cli: “%s” is not a case state.\nUsage: faceleads-cli %s\n", state, CASE_USAGE);
      return 2;
    }
  if (examiner != NULL)
    {
      filter.examiner_id = fl_accounts_lookup (cli->db, examiner, &error);
      if (filter.examiner_id == 0)
        return fl_cli_fail (error);
    }
  filter.search = search;
  filter.opened_from = from;
  filter.opened_to = to;
  filter.limit = (guint) limit;
  filter.offset = (guint) offset;
  return with_session (cli, case_list_cb, &filter);
}

static int
case_show_cb (FlCli     *cli,
              FlSession *session,
              gpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCase) c = fl_case_get (session, *(gint64 *) data, &error);
  g_autoptr(GPtrArray) timeline = NULL;

  if (c == NULL)
    return fl_cli_fail (error);
  timeline = fl_case_timeline (session, c->id, &error);
  if (timeline == NULL)
    return fl_cli_fail (error);

  g_print ("Case %s (id %" G_GINT64_FORMAT ") — %s%s\n", c->fr_number, c->id, fl_case_state_label (c->state),
           c->sealed ? ", SEALED" : "");
  g_print ("Agency case number:  %s (%s)\n", c->agency_case_number, c->requesting_agency);
  g_print ("Requester:           %s (request %" G_GINT64_FORMAT ")\n", c->requester_name, c->request_id);
  g_print ("Incident type:       %s\n", c->incident_type);
  g_print ("Purpose:             %s\n", c->purpose);
  g_print ("Examiner:            %s\n", c->examiner_name ? c->examiner_name : "(unassigned)");
  g_print ("Opened:              %s\n", c->opened_at);
  if (c->closed_at)
    g_print ("Closed:              %s\n", c->closed_at);
  g_print ("\nTimeline:\n");
  for (guint i = 0; i < timeline->len; i++)
    {
      FlTimelineEntry *e = g_ptr_array_index (timeline, i);
      g_print ("  %.19s  %s\n", e->ts, e->summary);
    }
  g_print ("\nAny result is an investigative lead only, never a positive identification.\n");
  return 0;
}

static int
case_assign_cb (FlCli     *cli,
                FlSession *session,
                gpointer   data)
{
  IdAndText *args = data;
  g_autoptr(GError) error = NULL;
  gint64 examiner_id = fl_accounts_lookup (cli->db, args->text, &error);

  if (examiner_id == 0)
    return fl_cli_fail (error);
  if (!fl_case_assign (session, args->id, examiner_id, &error))
    return fl_cli_fail (error);
  g_print ("Case %" G_GINT64_FORMAT " is assigned to %s.\n", args->id, args->text);
  return 0;
}

static int
case_assign (FlCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *examiner = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "examiner", 0, 0, G_OPTION_ARG_STRING, &examiner, "The examiner's user name", "USER" },
    { NULL }
  };
  IdAndText args = { 0 };

  if (!fl_cli_parse (&argc, &argv, entries, "ID — assign a case", &error))
    return fl_cli_fail (error);
  if (argc != 2 || examiner == NULL)
    return fl_cli_usage (CASE_USAGE);
  if (!parse_case (cli, argv[1], &args.id, &error))
    return fl_cli_fail (error);
  args.text = examiner;
  return with_session (cli, case_assign_cb, &args);
}

typedef struct
{
  gint64       id;
  FlCaseState  state;
  const char  *note;
} StateArgs;

static int
case_state_cb (FlCli     *cli,
               FlSession *session,
               gpointer   data)
{
  StateArgs *args = data;
  g_autoptr(GError) error = NULL;

  if (!fl_case_set_state (session, args->id, args->state, args->note, &error))
    return fl_cli_fail (error);
  g_print ("Case %" G_GINT64_FORMAT " is now %s.\n", args->id, fl_case_state_label (args->state));
  return 0;
}

static int
case_state (FlCli  *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *note = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, "Why (kept in the audit trail)", "TEXT" },
    { NULL }
  };
  StateArgs args = { 0 };

  if (!fl_cli_parse (&argc, &argv, entries, "ID STATE — move a case", &error))
    return fl_cli_fail (error);
  if (argc != 3)
    return fl_cli_usage (CASE_USAGE);
  if (!parse_case (cli, argv[1], &args.id, &error))
    return fl_cli_fail (error);
  if (!fl_case_state_from_string (argv[2], &args.state))
    {
      g_printerr ("faceleads-cli: “%s” is not a case state.\nUsage: faceleads-cli %s\n", argv[2], CASE_USAGE);
      return 2;
    }
  args.note = note;
  return with_session (cli, case_state_cb, &args);
}

int
fl_cli_case_main (FlCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (argc < 2)
    return fl_cli_usage (CASE_USAGE);
  if (g_str_equal (argv[1], "list"))
    return case_list (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "show"))
    {
      if (argc != 3)
        return fl_cli_usage (CASE_USAGE);
      if (!parse_case (cli, argv[2], &id, &error))
        return fl_cli_fail (error);
      return with_session (cli, case_show_cb, &id);
    }
  if (g_str_equal (argv[1], "assign"))
    return case_assign (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "state"))
    return case_state (cli, argc - 1, argv + 1);
  return fl_cli_usage (CASE_USAGE);
}
