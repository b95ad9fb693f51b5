/* test-gui-case-actions.c: from a case to enhancement and to review */
#include "fl-application.h"
#include "fl-case-actions.h"
#include "fl-case-view.h"
#include "fl-gallery.h"
#include "fl-probe.h"
#include "fl-report.h"
#include "fl-search.h"
#include "fl-cases-page.h"
#include "fl-enhance-window.h"
#include "fl-main-window.h"
#include "fl-test-gui.h"

static FlApplication *app;

static GtkButton *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      GtkButton *found;

      if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), label) == 0)
        return GTK_BUTTON (w);
      if ((found = find_button (w, label)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
in_review (gpointer window)
{
  return g_strcmp0 (fl_main_window_get_section (window), "review") == 0;
}

static void
test_enhance_and_review (FlTestUnit    *unit,
                         gconstpointer  data)
{
  g_autofree char *faces = fl_test_faces_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[1];
  FlMainWindow *window;
  FlCasesPage *cases;
  GtkButton *enhance, *review;
  GtkWindow *enhancement;
  gint64 case_id;

  if (faces == NULL)
    return;
  path = g_build_filename (faces, "johns", "John_Simm", NULL);
  {
    g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
    g_autofree char *file = g_build_filename (path, g_dir_read_name (dir), NULL);
    g_free (path);
    path = g_steal_pointer (&file);
  }
  paths[0] = path;
  {
    g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
    case_id = fl_test_open_case (unit, NULL, ella, paths, 1);
    fl_session_logout (ella);
  }

  window = FL_MAIN_WINDOW (fl_test_gui_sign_in (G_APPLICATION (app), unit, "ella"));
  g_assert_true (fl_main_window_show_section (window, "cases"));
  cases = FL_CASES_PAGE (fl_main_window_get_page (window, "cases"));
  g_assert_true (fl_cases_page_show_case (cases, case_id, &error));
  g_assert_no_error (error);
  fl_test_gui_spin (200);

  enhance = find_button (GTK_WIDGET (cases), "_Enhance Probe…");
  review = find_button (GTK_WIDGET (cases), "Re_view");
  g_assert_nonnull (enhance);
  g_assert_nonnull (review);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (enhance)));
  fl_test_gui_screenshot (GTK_WIDGET (window), "case-actions");

  /* One probe: the enhancement window opens on it. */
  gtk_widget_activate (GTK_WIDGET (enhance));
  enhancement = fl_test_gui_wait_window (FL_TYPE_ENHANCE_WINDOW, 5000);
  g_assert_nonnull (enhancement);
  gtk_window_destroy (enhancement);

  /* Review jumps to the Review section for this case. */
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (review)));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (review)));
  /* a keyboard activation "clicks" after a short press */
  g_assert_true (fl_test_gui_wait_for (in_review, window, 3000));
  fl_test_gui_screenshot (GTK_WIDGET (window), "case-actions-review");
  g_assert_cmpstr (fl_main_window_get_section (window), ==, "review");

  fl_main_window_sign_out (window);
  fl_test_gui_close_all ();
}

static char *
first_photo (const char *faces,
             const char *person)
{
  g_autofree char *dir_path = g_build_filename (faces, "johns", person, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return g_build_filename (dir_path, g_ptr_array_index (names, 0), NULL);
}

/* A case of ella's searched against a one-person gallery: nothing to review
 * as a lead, so she issues the "no possible match" report from the case. */
static void
test_issue_no_match (FlTestUnit    *unit,
                     gconstpointer  data)
{
  g_autofree char *faces = fl_test_faces_dir ();
  g_autofree char *probe_path = NULL;
  g_autofree char *gallery_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  FlMainWindow *window;
  FlCasesPage *cases;
  GtkButton *issue;
  gint64 case_id, report_id = 0;

  if (faces == NULL)
    return;
  probe_path = first_photo (faces, "John_Simm");
  gallery_path = first_photo (faces, "John_Salley");
  {
    g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
    g_autoptr(FlMatcher) matcher = fl_search_get_matcher (&error);
    g_autoptr(GPtrArray) probes = NULL;
    g_autofree char *bytes = NULL;
    g_autoptr(GBytes) image = NULL;
    FlSubjectFields subject = { .external_id = "S-1", .name = "SALLEY, JOHN" };
    const char *paths[1] = { probe_path };
    gint64 gallery_id;
    gsize len;
    FlSearchParams params = { 0 };

    g_assert_no_error (error);
    case_id = fl_test_open_case (unit, NULL, ella, paths, 1);
    gallery_id = fl_gallery_create (ella, "County booking photos", "County jail booking system export",
                                    "Booking photographs held under state law", &error);
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (gallery_path, &bytes, &len, NULL));
    image = g_bytes_new_take (g_steal_pointer (&bytes), len);
    g_assert_cmpint (fl_gallery_enroll (ella, matcher, gallery_id, &subject, NULL, NULL, NULL, image,
                                        "salley.jpg", &error), >, 0);
    g_assert_no_error (error);
    probes = fl_probe_list_for_case (ella, case_id, &error);
    g_assert_true (fl_probe_judge (ella, ((FlProbe *) g_ptr_array_index (probes, 0))->id, TRUE,
                                   "Frontal, sharp, evenly lit", &error));
    params.case_id = case_id;
    params.probe_id = ((FlProbe *) g_ptr_array_index (probes, 0))->id;
    params.gallery_ids = &gallery_id;
    params.n_gallery_ids = 1;
    params.justification = "Robbery suspect on store CCTV";
    params.face_index = -1;
    params.blind = FL_SEARCH_BLIND_ON;
    g_assert_cmpint (fl_search_run (ella, &params, NULL, NULL, NULL, &error), >, 0);
    g_assert_no_error (error);
    fl_session_logout (ella);
  }

  window = FL_MAIN_WINDOW (fl_test_gui_sign_in (G_APPLICATION (app), unit, "ella"));
  g_assert_true (fl_main_window_show_section (window, "cases"));
  cases = FL_CASES_PAGE (fl_main_window_get_page (window, "cases"));
  g_assert_true (fl_cases_page_show_case (cases, case_id, &error));
  issue = find_button (GTK_WIDGET (cases), "_Issue Report…");
  g_assert_nonnull (issue);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (issue)));

  /* No candidate was concluded a possible lead: a lead report is refused by the core. */
  g_assert_false (fl_case_actions_issue_report (fl_cases_page_get_case_view (cases), TRUE, NULL, &report_id, &error));
  g_assert_nonnull (error);
  g_test_message ("lead refused: %s", error->message);
  g_clear_error (&error);

  g_assert_true (fl_case_actions_issue_report (fl_cases_page_get_case_view (cases), FALSE,
                                               "Searched against the county booking photos.", &report_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report_id, >, 0);
  reports = fl_report_list (unit->db, case_id, &error);
  g_assert_cmpuint (reports->len, ==, 1);
  g_assert_cmpint (((FlReportInfo *) g_ptr_array_index (reports, 0))->kind, ==, FL_REPORT_KIND_NO_MATCH);
  fl_case_view_reload (fl_cases_page_get_case_view (cases));
  fl_test_gui_spin (200);
  g_assert_cmpint (fl_case_view_get_case (fl_cases_page_get_case_view (cases))->state, ==, FL_CASE_NO_MATCH);
  fl_test_gui_screenshot (GTK_WIDGET (window), "case-no-match-issued");

  fl_main_window_sign_out (window);
  fl_test_gui_close_all ();
}

static void
test_requester_has_no_actions (FlTestUnit    *unit,
                               gconstpointer  data)
{
  FlMainWindow *window = FL_MAIN_WINDOW (fl_test_gui_sign_in (G_APPLICATION (app), unit, "rita"));
  FlCasesPage *cases;

  g_assert_true (fl_main_window_show_section (window, "cases"));
  cases = FL_CASES_PAGE (fl_main_window_get_page (window, "cases"));
  g_assert_null (find_button (GTK_WIDGET (cases), "_Enhance Probe…"));
  g_assert_null (find_button (GTK_WIDGET (cases), "Re_view"));
  fl_main_window_sign_out (window);
  fl_test_gui_close_all ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  fl_test_gui_init (&argc, &argv);
  app = fl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/cases/actions/enhance-and-review", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_enhance_and_review, fl_test_gui_unit_teardown);
  g_test_add ("/cases/actions/issue-no-match", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_issue_no_match, fl_test_gui_unit_teardown);
  g_test_add ("/cases/actions/requester-has-none", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_requester_has_no_actions, fl_test_gui_unit_teardown);

  status = g_test_run ();
  fl_test_gui_close_all ();
  g_object_unref (app);
  return status;
}
