/* fl-cli-gallery.c: faceleads-cli gallery …, search and seal subject */
#include <signal.h>
#include <unistd.h>

#include "fl-cli.h"
#include "fl-gallery.h"
#include "fl-search.h"

#define GALLERY_USAGE \
  "gallery create NAME --provenance \"…\" --lawful-basis \"…\"\n" \
  "       faceleads-cli gallery import --gallery NAME [--provenance \"…\" --lawful-basis \"…\"] [--workers N] MANIFEST.csv\n" \
  "       faceleads-cli gallery list\n" \
  "       faceleads-cli gallery subjects NAME [--search TEXT] [--limit N]\n" \
  "\n" \
  "MANIFEST.csv: UTF-8 CSV with a header row; columns subject_id and image (a path relative to the\n" \
  "manifest's folder) are required; optional: name, date_of_birth, sex, race, cdl, main_number, sid,\n" \
  "booking_number, booked_on, capture_date (dates as YYYY-MM-DD). Running the same import again\n" \
  "finishes an interrupted one."

#define SEARCH_USAGE \
  "search --case ID --probe ID --gallery NAME [--gallery NAME …] --justification \"…\"\n" \
  "       [--k N] [--face N] [--blind | --show-scores]"

#define SEAL_USAGE "seal subject ID --notice REF --date YYYY-MM-DD"

static const char lead_banner[] =
  "INVESTIGATIVE LEAD ONLY — not a positive identification and not probable cause.\n";

static int
gallery_create (FlCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *provenance = NULL;
  g_autofree char *lawful_basis = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) actor = NULL;
  GOptionEntry entries[] = {
    { "provenance", 0, 0, G_OPTION_ARG_STRING, &provenance, "Where the records come from", "TEXT" },
    { "lawful-basis", 0, 0, G_OPTION_ARG_STRING, &lawful_basis, "The law or agreement the unit holds them under",
      "TEXT" },
    { NULL }
  };
  gint64 id;

  if (!fl_cli_parse (&argc, &argv, entries, "NAME — create a gallery", &error))
    return fl_cli_fail (error);
  if (argc != 2)
    return fl_cli_usage (GALLERY_USAGE);
  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);
  id = fl_gallery_create (actor, argv[1], provenance, lawful_basis, &error);
  fl_session_logout (actor);
  if (id == 0)
    return fl_cli_fail (error);
  g_print ("Created gallery “%s” (id %" G_GINT64_FORMAT ").\n", argv[1], id);
  return 0;
}

static volatile sig_atomic_t interrupted;

static void
on_interrupt (int sig)
{
  interrupted = 1;
}

typedef struct
{
  GCancellable *cancellable;
  FlSession    *actor;
  gboolean      tty;
} ImportUi;

static void
import_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  ImportUi *ui = user_data;

  if (interrupted)
    g_cancellable_cancel (ui->cancellable);
  /* A long import keeps its sign-in alive past the idle-lock time. */
  fl_session_touch (ui->actor);
  if (ui->tty)
    g_printerr ("\r%u of %u lines recorded", done, total);
}

static void
print_report (const FlImportReport *report)
{
  guint recorded = 0;

  for (guint s = 0; s < FL_IMPORT_N_STATUS; s++)
    recorded += report->counts[s];
  g_print ("Import %" G_GINT64_FORMAT " into “%s”: %u of %u lines recorded%s",
           report->import_id, report->gallery_name, recorded, report->total,
           report->complete ? " (complete)" : "");
  if (report->resumed_from > 0)
    g_print (", %u of them by an earlier run", report->resumed_from);
  g_print (".\n");
  if (report->done_this_run > 0 && report->seconds > 0)
    g_print ("This run: %u lines in %.1f s (%.1f per second).\n", report->done_this_run, report->seconds,
             report->done_this_run / report->seconds);
  for (guint s = 0; s < FL_IMPORT_N_STATUS; s++)
    g_print ("  %-24s %u\n", fl_import_status_label (s), report->counts[s]);
  if (report->problems->len > 0)
    {
      g_print ("Lines not enrolled:\n");
      for (guint i = 0; i < report->problems->len; i++)
        {
          FlImportProblem *p = g_ptr_array_index (report->problems, i);
          g_print ("  line %u  %s  [%s] %s\n", p->line, p->file, fl_import_status_to_string (p->status), p->message);
        }
    }
}

static int
gallery_import (FlCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *gallery = NULL;
  g_autofree char *provenance = NULL;
  g_autofree char *lawful_basis = NULL;
  int workers = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) actor = NULL;
  g_autoptr(FlMatcher) matcher = NULL;
  g_autoptr(FlImportReport) report = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GOptionEntry entries[] = {
    { "gallery", 0, 0, G_OPTION_ARG_STRING, &gallery, "The gallery to import into", "NAME" },
    { "provenance", 0, 0, G_OPTION_ARG_STRING, &provenance, "Create the gallery: where the records come from",
      "TEXT" },
    { "lawful-basis", 0, 0, G_OPTION_ARG_STRING, &lawful_basis, "Create the gallery: its lawful basis", "TEXT" },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers, "Matcher threads (default: one per core)", "N" },
    { NULL }
  };
  FlImportOptions options = { 0 };
  ImportUi ui;
  struct sigaction sa = { 0 };

  if (!fl_cli_parse (&argc, &argv, entries, "MANIFEST.csv — import photos into a gallery", &error))
    return fl_cli_fail (error);
  if (argc != 2 || gallery == NULL || workers < 0)
    return fl_cli_usage (GALLERY_USAGE);

  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);
  matcher = fl_search_get_matcher (&error);
  if (matcher == NULL)
    return fl_cli_fail (error);

  /* Ctrl-C stops after the current batch; the next run finishes the import. */
  sa.sa_handler = on_interrupt;
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);

  ui.cancellable = cancellable;
  ui.actor = actor;
  ui.tty = isatty (STDERR_FILENO);
  options.gallery_name = gallery;
  options.provenance = provenance;
  options.lawful_basis = lawful_basis;
  options.manifest_path = argv[1];
  options.n_workers = (guint) workers;
  options.progress = import_progress;
  options.progress_data = &ui;
  report = fl_gallery_import (actor, matcher, &options, cancellable, &error);
  if (ui.tty)
    g_printerr ("\n");
  fl_session_logout (actor);
  if (report == NULL)
    return fl_cli_fail (error);
  print_report (report);
  return 0;
}

static int
gallery_list (FlCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = fl_gallery_list (cli->db, &error);

  if (list == NULL)
    return fl_cli_fail (error);
  g_print ("%-4s %-32s %9s %9s %7s  %s\n", "ID", "NAME", "SUBJECTS", "PHOTOS", "SEALED", "PROVENANCE / LAWFUL BASIS");
  for (guint i = 0; i < list->len; i++)
    {
      FlGallery *g = g_ptr_array_index (list, i);
      g_print ("%-4" G_GINT64_FORMAT " %-32s %9" G_GINT64_FORMAT " %9" G_GINT64_FORMAT " %7" G_GINT64_FORMAT
               "  %s / %s\n", g->id, g->name, g->n_subjects, g->n_templates, g->n_sealed, g->provenance,
               g->lawful_basis);
    }
  return 0;
}

static int
gallery_subjects (FlCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *search = NULL;
  int limit = 100;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) actor = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, "Part of an id, name, CDL, MAIN #, SID or booking number",
      "TEXT" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "At most this many (default 100)", "N" },
    { NULL }
  };
  gint64 gallery_id;

  if (!fl_cli_parse (&argc, &argv, entries, "NAME — list a gallery's subjects", &error))
    return fl_cli_fail (error);
  if (argc != 2 || limit < 0)
    return fl_cli_usage (GALLERY_USAGE);
  gallery_id = fl_gallery_lookup (cli->db, argv[1], &error);
  if (gallery_id == 0)
    return fl_cli_fail (error);
  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);
  list = fl_gallery_list_subjects (actor, gallery_id, search, (guint) limit, 0, &error);
  fl_session_logout (actor);
  if (list == NULL)
    return fl_cli_fail (error);
  g_print ("%-6s %-16s %-28s %-10s %-12s %s\n", "ID", "SUBJECT ID", "NAME", "BORN", "SID", "STATE");
  for (guint i = 0; i < list->len; i++)
    {
      FlSubject *s = g_ptr_array_index (list, i);
      g_print ("%-6" G_GINT64_FORMAT " %-16s %-28s %-10s %-12s %s\n", s->id, s->external_id, s->name,
               s->date_of_birth ? s->date_of_birth : "—", s->sid ? s->sid : "—", s->sealed ? "sealed" : "");
    }
  return 0;
}

int
fl_cli_gallery_main (FlCli  *cli,
                     int     argc,
                     char  **argv)
{
  if (argc < 2)
    return fl_cli_usage (GALLERY_USAGE);
  if (g_str_equal (argv[1], "create"))
    return gallery_create (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "import"))
    return gallery_import (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "list"))
    return gallery_list (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "subjects"))
    return gallery_subjects (cli, argc - 1, argv + 1);
  return fl_cli_usage (GALLERY_USAGE);
}

/* ------------------------------------------------------------------------- */

static void
search_progress (double      fraction,
                 const char *stage,
                 gpointer    user_data)
{
  g_printerr ("\r%3.0f%%  %-60s", fraction * 100, stage);
}

static void
print_candidates (GPtrArray *list,
                  gboolean   blind)
{
  g_print ("%s", lead_banner);
  if (blind)
    g_print ("Blind review: candidates in a shuffled order, without rank or score. The order means nothing;\n"
             "compare each candidate with the probe feature by feature.\n");
  if (blind)
    g_print ("%-5s %-20s %-16s %-28s %-10s %s\n", "#", "GALLERY", "SUBJECT ID", "NAME", "BORN", "BOOKING");
  else
    g_print ("%-5s %-7s %-20s %-16s %-28s %-10s %s\n", "RANK", "SCORE", "GALLERY", "SUBJECT ID", "NAME", "BORN",
             "BOOKING");
  for (guint i = 0; i < list->len; i++)
    {
      FlCandidate *c = g_ptr_array_index (list, i);
      const char *ext = c->sealed ? "(sealed)" : c->external_id;
      const char *name = c->name ? c->name : "";
      const char *born = c->date_of_birth ? c->date_of_birth : "—";
      const char *booking = c->booking_number ? c->booking_number : "—";

      if (blind)
        g_print ("%-5d %-20s %-16s %-28s %-10s %s\n", c->blind_order, c->gallery_name, ext, name, born, booking);
      else
        g_print ("%-5d %-7.4f %-20s %-16s %-28s %-10s %s\n", c->rank, c->score, c->gallery_name, ext, name, born,
                 booking);
    }
}

int
fl_cli_search_main (FlCli  *cli,
                    int     argc,
                    char  **argv)
{
  gint64 case_id = 0, probe_id = 0;
  g_auto(GStrv) galleries = NULL;
  g_autofree char *justification = NULL;
  int k = 0, face = 0;
  gboolean blind = FALSE, show_scores = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) actor = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(FlSearchInfo) info = NULL;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_INT64, &case_id, "The case", "ID" },
    { "probe", 0, 0, G_OPTION_ARG_INT64, &probe_id, "The probe of the case to search", "ID" },
    { "gallery", 0, 0, G_OPTION_ARG_STRING_ARRAY, &galleries, "A gallery to search (repeat for several)", "NAME" },
    { "justification", 0, 0, G_OPTION_ARG_STRING, &justification, "Why this search is made", "TEXT" },
    { "k", 0, 0, G_OPTION_ARG_INT, &k, "Candidate list size (default: the unit's setting)", "N" },
    { "face", 0, 0, G_OPTION_ARG_INT, &face, "Which face of the probe, 1 = largest (when it shows several)", "N" },
    { "blind", 0, 0, G_OPTION_ARG_NONE, &blind, "Blind review: no rank or score", NULL },
    { "show-scores", 0, 0, G_OPTION_ARG_NONE, &show_scores, "Show rank and score", NULL },
    { NULL }
  };
  FlSearchParams params = { 0 };
  gint64 search_id;

  if (!fl_cli_parse (&argc, &argv, entries, "— search a probe against galleries", &error))
    return fl_cli_fail (error);
  if (argc != 1 || case_id <= 0 || probe_id <= 0 || galleries == NULL || k < 0 || face < 0 ||
      (blind && show_scores))
    return fl_cli_usage (SEARCH_USAGE);
  for (guint i = 0; galleries[i]; i++)
    {
      gint64 id = fl_gallery_lookup (cli->db, galleries[i], &error);
      if (id == 0)
        return fl_cli_fail (error);
      g_array_append_val (ids, id);
    }
  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);

  params.case_id = case_id;
  params.probe_id = probe_id;
  params.gallery_ids = (const gint64 *) (gpointer) ids->data;
  params.n_gallery_ids = ids->len;
  params.k = (guint) k;
  params.justification = justification;
  params.face_index = face - 1;
  params.blind = blind ? FL_SEARCH_BLIND_ON : show_scores ? FL_SEARCH_BLIND_OFF : FL_SEARCH_BLIND_DEFAULT;
  search_id = fl_search_run (actor, &params, isatty (STDERR_FILENO) ? search_progress : NULL, NULL, NULL, &error);
  if (isatty (STDERR_FILENO))
    g_printerr ("\n");
  if (search_id == 0)
    {
      fl_session_logout (actor);
      return fl_cli_fail (error);
    }
  info = fl_search_get (actor, search_id, &error);
  candidates = info ? fl_search_list_candidates (actor, search_id, info->blind, &error) : NULL;
  fl_session_logout (actor);
  if (candidates == NULL)
    return fl_cli_fail (error);
  g_print ("Search %" G_GINT64_FORMAT " of case %s logged: %" G_GINT64_FORMAT " templates in %s, %u candidates.\n",
           search_id, info->fr_number, info->templates_scanned, info->galleries, info->candidate_count);
  print_candidates (candidates, info->blind);
  return 0;
}

/* ------------------------------------------------------------------------- */

int
fl_cli_seal_subject (FlCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autofree char *notice = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) actor = NULL;
  GOptionEntry entries[] = {
    { "notice", 0, 0, G_OPTION_ARG_STRING, &notice, "The seal/destroy notice's reference", "REF" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, "The notice's date", "YYYY-MM-DD" },
    { NULL }
  };
  gint64 id;
  char *end = NULL;

  if (!fl_cli_parse (&argc, &argv, entries, "ID — seal a gallery subject under a seal/destroy notice", &error))
    return fl_cli_fail (error);
  if (argc != 2 || notice == NULL || date == NULL)
    return fl_cli_usage (SEAL_USAGE);
  id = g_ascii_strtoll (argv[1], &end, 10);
  if (id <= 0 || end == NULL || *end != '\0')
    return fl_cli_usage (SEAL_USAGE);
  actor = fl_cli_login (cli, &error);
  if (actor == NULL)
    return fl_cli_fail (error);
  if (!fl_gallery_seal_subject (actor, id, notice, date, &error))
    {
      fl_session_logout (actor);
      return fl_cli_fail (error);
    }
  fl_session_logout (actor);
  g_print ("Subject %" G_GINT64_FORMAT " sealed under notice %s: excluded from every search; its photos and "
           "templates were purged.\n", id, notice);
  return 0;
}
