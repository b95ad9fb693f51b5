/* test-gui-case-actions.c: from a case to enhancement and to review */
#include "fl-application.h"
#include "fl-case-view.h"
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
  g_test_add ("/cases/actions/requester-has-none", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_requester_has_no_actions, fl_test_gui_unit_teardown);

  status = g_test_run ();
  fl_test_gui_close_all ();
  g_object_unref (app);
  return status;
}
