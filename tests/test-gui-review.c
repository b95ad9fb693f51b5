/* test-gui-review.c: the Review section on real faces, from search to peer review (suite 'display')
 *
 * A gallery of the johns (one photo per person) with ORL persons as
 * distractors is imported through the core; a case is opened with another
 * photo of one johns person as probe. The examiner judges the probe and
 * runs the search from the New Search dialog, reviews the candidates blind,
 * compares one (zoom, overlays), answers the whole checklist with the
 * keyboard and concludes a possible lead; the other candidates are
 * excluded, after which rank and score may be shown. A second examiner then
 * takes the peer review blind and records their own opinion, after which
 * both are shown. Screenshots of each state go to <build>/screenshots.
 * Skipped (exit 77) without ../shared/testdata/faces or the models.
 */
#include <math.h>
#include <string.h>

#include "fl-application.h"
#include "fl-candidate-tile.h"
#include "fl-case.h"
#include "fl-gallery.h"
#include "fl-login-window.h"
#include "fl-main-window.h"
#include "fl-not-practicable-dialog.h"
#include "fl-opinion-view.h"
#include "fl-peer-review.h"
#include "fl-probe.h"
#include "fl-review-page.h"
#include "fl-search-dialog.h"
#include "fl-search.h"
#include "fl-test-gui.h"

#define PROBE_PERSON "John_Savage"
#define LEAD_NOTE "Eyes, nose and ears consistent; no dissimilar feature explained away."
#define JUSTIFICATION "Robbery suspect on store CCTV; a lead is needed to identify him."

static const char * const johns[] = { "John_Salley", "John_Savage", "John_Schneider", "John_Shimkus", "John_Simm" };

static FlApplication *app;

/* ---- helpers ------------------------------------------------------------ */

static GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static int
cmp_paths (gconstpointer a,
           gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
sorted_photos (const char *faces,
               const char *set,
               const char *person)
{
  g_autofree char *dir = g_build_filename (faces, set, person, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (list, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (list, cmp_paths);
  return list;
}

/* One photo of each johns person (with demographics), and ten ORL persons. */
static void
import_gallery (FlTestUnit *unit,
                const char *faces,
                guint       n_orl)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) admin = fl_test_unit_login (unit, "admin");
  g_autoptr(FlMatcher) matcher = fl_search_get_matcher (&error);
  g_autoptr(FlImportReport) report = NULL;
  g_autoptr(GString) csv = g_string_new ("subject_id,name,date_of_birth,sex,race,cdl,main_number,sid,"
                                         "booking_number,booked_on,capture_date,image\n");
  g_autofree char *manifest = g_build_filename (unit->dir, "bookings.csv", NULL);
  FlImportOptions options = {
    .gallery_name = "County booking photos",
    .provenance = "County jail booking system export (test data)",
    .lawful_basis = "Penal Code 13300; test records only",
    .manifest_path = manifest,
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (johns); i++)
    {
      g_autoptr(GPtrArray) photos = sorted_photos (faces, "johns", johns[i]);

      g_string_append_printf (csv, "%s,\"%s, John\",1970-0%u-15,M,W,D%07u,M%u,S%u,BK-2024-%04u,2024-02-0%u,"
                                   "2024-02-0%u,%s\n",
                              johns[i], johns[i] + 5, i + 1, 4200 + i, 300 + i, 900 + i, 17 + i, i + 1, i + 1,
                              (char *) g_ptr_array_index (photos, 0));
    }
  for (guint p = 1; p <= n_orl; p++)
    g_string_append_printf (csv, "ORL-%02u,Person %02u,,,,,,,,,,%s/orl/s%02u/1.pgm\n", p, p, faces, p);
  g_assert_true (g_file_set_contents (manifest, csv->str, -1, NULL));

  report = fl_gallery_import (admin, matcher, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->counts[FL_IMPORT_ENROLLED], >=, G_N_ELEMENTS (johns) + n_orl * 4 / 5);
  fl_session_logout (admin);
}

static void
add_second_examiner (FlTestUnit *unit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) admin = fl_test_unit_login (unit, "admin");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) last_year = g_date_time_add_years (now, -1);
  g_autoptr(GDateTime) next_year = g_date_time_add_years (now, 1);
  g_autofree char *d_last = g_date_time_format (last_year, "%Y-%m-%d");
  g_autofree char *d_next = g_date_time_format (next_year, "%Y-%m-%d");
  gint64 id;

  id = fl_accounts_create_user (unit->db, admin, "sam", "Sam Second", FL_TEST_PASSWORD, FL_ROLE_EXAMINER, &error);
  g_assert_no_error (error);
  fl_accounts_add_training (admin, id, "LACRIS", "Facial comparison", d_last, d_next, &error);
  g_assert_no_error (error);
  fl_session_logout (admin);
}

/* Main windows get room for the comparison as they are created. */
static void
toplevels_changed_cb (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added,
                      gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (FL_IS_MAIN_WINDOW (window))
        gtk_window_set_default_size (window, 1500, 1000);
    }
}

static FlReviewPage *
sign_in_review (FlTestUnit    *unit,
                const char    *username,
                FlMainWindow **out_window)
{
  GtkWidget *window = fl_test_gui_sign_in (G_APPLICATION (app), unit, username);

  g_assert_true (fl_main_window_show_section (FL_MAIN_WINDOW (window), "review"));
  g_assert_true (fl_test_gui_wait_drawn (GTK_WIDGET (window), 5000));
  *out_window = FL_MAIN_WINDOW (window);
  return FL_REVIEW_PAGE (fl_main_window_get_page (FL_MAIN_WINDOW (window), "review"));
}

static gboolean
faces_known (gpointer user_data)
{
  return fl_search_dialog_get_n_faces (user_data) >= 0;
}

static gboolean
search_compared (gpointer user_data)
{
  return fl_search_dialog_get_progress (user_data) >= 0.8 || !fl_search_dialog_is_running (user_data);
}

static gboolean
search_over (gpointer user_data)
{
  return !fl_search_dialog_is_running (user_data);
}

static gboolean
view_ready (gpointer user_data)
{
  return fl_candidate_view_is_ready (user_data);
}

static gboolean
showing_both (gpointer user_data)
{
  return fl_peer_review_view_get_showing_both (user_data);
}

/* Every tile of the grid shows its face chip (or says why not). */
static gboolean
chips_shown (gpointer user_data)
{
  GtkWidget *grid = user_data;
  guint n = 0;

  for (GtkWidget *w = gtk_widget_get_first_child (grid); w != NULL; )
    {
      if (FL_IS_CANDIDATE_TILE (w))
        {
          const char *page = gtk_stack_get_visible_child_name (GTK_STACK (child (w, FL_TYPE_CANDIDATE_TILE,
                                                                                 "face_stack")));
          if (g_strcmp0 (page, "loading") == 0)
            return FALSE;
          n++;
        }
      /* depth-first walk */
      if (gtk_widget_get_first_child (w) != NULL && !FL_IS_CANDIDATE_TILE (w))
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && w != grid && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = (w == NULL || w == grid) ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  return n > 0;
}

static void
collect_tiles (GtkWidget *widget,
               GPtrArray *tiles)
{
  if (FL_IS_CANDIDATE_TILE (widget))
    {
      g_ptr_array_add (tiles, widget);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_tiles (c, tiles);
}

/* Whether any label shown under @widget contains @needle. */
static gboolean
label_contains (GtkWidget  *widget,
                const char *needle)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    return TRUE;
  if (GTK_IS_EDITABLE (widget) && strstr (gtk_editable_get_text (GTK_EDITABLE (widget)), needle) != NULL)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (label_contains (c, needle))
      return TRUE;
  return FALSE;
}

/* Presses @keyval on the checklist the way a keyboard does: the selected
 * row has the focus and the list's key controller answers. */
static void
press_key (FlChecklist *checklist,
           guint        keyval)
{
  GtkWidget *list = child (checklist, FL_TYPE_CHECKLIST, "list");
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (list);
  GtkEventController *keys = NULL;
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        keys = c;
    }
  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
  g_assert_true (handled);
}

static void
move_cursor (FlChecklist *checklist,
             int          count)
{
  g_signal_emit_by_name (child (checklist, FL_TYPE_CHECKLIST, "list"), "move-cursor",
                         GTK_MOVEMENT_DISPLAY_LINES, count, FALSE, FALSE);
}

static guint
key_for (FlAssessment assessment,
         guint        i)
{
  /* Letters and digits alternate: both work. */
  switch (assessment)
    {
    case FL_ASSESSMENT_SIMILAR:
      return i % 2 ? GDK_KEY_1 : GDK_KEY_s;
    case FL_ASSESSMENT_DISSIMILAR:
      return i % 2 ? GDK_KEY_2 : GDK_KEY_d;
    case FL_ASSESSMENT_NOT_ASSESSABLE:
    default:
      return i % 2 ? GDK_KEY_3 : GDK_KEY_n;
    }
}

/* What an examiner answers for feature @id; the second one does not find
 * the forehead and cheeks assessable. */
static FlAssessment
answer_for (const char *id,
            gboolean    second)
{
  static const char * const similar[] = { "face_outline", "face_composition", "eyebrows", "eyes", "nose", "ears",
                                          "mouth", "lips", "chin", "hair", "forehead", "cheeks", NULL };

  if (second && (g_str_equal (id, "forehead") || g_str_equal (id, "cheeks")))
    return FL_ASSESSMENT_NOT_ASSESSABLE;
  if (g_strv_contains (similar, id))
    return FL_ASSESSMENT_SIMILAR;
  return FL_ASSESSMENT_NOT_ASSESSABLE;
}

static void
assert_checklist_stored (FlSession *session,
                         gint64     candidate_id,
                         gboolean   second)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = fl_review_get_checklist (session, candidate_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < stored->len; i++)
    {
      FlReviewAnswer *answer = g_ptr_array_index (stored, i);

      g_assert_cmpint (answer->assessment, ==, answer_for (answer->feature->id, second));
    }
}

/* ---- the whole path ------------------------------------------------------ */

static void
test_review_path (FlTestUnit    *unit,
                  gconstpointer  data)
{
  g_autofree char *faces = fl_test_faces_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FlMatcher) matcher = NULL;
  g_autoptr(GPtrArray) probe_photos = NULL;
  g_autoptr(GPtrArray) probes = NULL;
  g_autoptr(FlSession) ella_core = NULL;
  g_autoptr(GPtrArray) tiles = NULL;
  FlMainWindow *window;
  FlReviewPage *page;
  FlSearchDialog *dialog;
  FlCandidateGrid *grid;
  FlCandidateView *view;
  FlChecklist *checklist;
  FlConclusionBar *bar;
  FlSession *session;
  GListModel *model;
  const char *probe_path;
  gint64 case_id, probe_id, search_id, lead_id = 0;
  guint n, lead_position = G_MAXUINT, n_features;
  const FlReviewFeature *features;
  double zoom;

  if (faces == NULL)
    return;
  matcher = fl_search_get_matcher (&error);
  if (matcher == NULL || !fl_matcher_preload (matcher, &error))
    {
      g_test_skip (error->message);
      return;
    }

  /* ---- data: a gallery, a second examiner, a case with another photo as probe ---- */
  import_gallery (unit, faces, 10);
  add_second_examiner (unit);
  probe_photos = sorted_photos (faces, "johns", PROBE_PERSON);
  probe_path = g_ptr_array_index (probe_photos, 5);
  ella_core = fl_test_unit_login (unit, "ella");
  case_id = fl_test_open_case (unit, NULL, ella_core, &probe_path, 1);
  probes = fl_probe_list_for_case (ella_core, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (probes->len, ==, 1);
  probe_id = ((FlProbe *) g_ptr_array_index (probes, 0))->id;
  g_assert_null (((FlProbe *) g_ptr_array_index (probes, 0))->suitability);
  fl_session_logout (ella_core);

  /* ---- the examiner: New Search ---- */
  page = sign_in_review (unit, "ella", &window);
  session = fl_main_window_get_session (window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (page, FL_TYPE_REVIEW_PAGE, "stack"))), ==,
                   "empty");
  dialog = FL_SEARCH_DIALOG (fl_review_page_new_search (page, case_id));
  g_assert_true (fl_search_dialog_select_probe (dialog, probe_id));
  g_assert_true (fl_test_gui_wait_for (faces_known, dialog, 30000));
  g_assert_cmpint (fl_search_dialog_get_n_faces (dialog), ==, 1);
  /* Not judged yet: the judgement is offered right here (R11), with measured figures. */
  g_assert_true (gtk_widget_get_visible (child (dialog, FL_TYPE_SEARCH_DIALOG, "judge_box")));
  g_signal_emit_by_name (child (dialog, FL_TYPE_SEARCH_DIALOG, "measure_button"), "clicked");
  g_assert_false (gtk_widget_get_visible (child (dialog, FL_TYPE_SEARCH_DIALOG, "judge_error")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (dialog, FL_TYPE_SEARCH_DIALOG, "quality_label"))),
                            "px between the eyes"));
  g_assert_cmpint (fl_search_dialog_get_n_faces (dialog), ==, 1);
  fl_search_dialog_set_k (dialog, 5);
  fl_search_dialog_set_justification (dialog, JUSTIFICATION);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "review-search-dialog"));

  /* Running before the judgement: the core refuses, and the refusal is shown as it is. */
  fl_search_dialog_run (dialog);
  g_assert_true (fl_test_gui_wait_for (search_over, dialog, 30000));
  g_assert_nonnull (fl_search_dialog_get_error (dialog));
  g_assert_nonnull (strstr (fl_search_dialog_get_error (dialog), "suitab"));
  g_assert_cmpint (fl_search_dialog_get_search_id (dialog), ==, 0);

  g_assert_true (fl_search_dialog_judge (dialog, TRUE, "Frontal, sharp and evenly lit; the face fills the frame."));
  g_assert_false (gtk_widget_get_visible (child (dialog, FL_TYPE_SEARCH_DIALOG, "judge_box")));
  g_assert_true (fl_test_gui_wait_for (faces_known, dialog, 30000));

  /* Holding the database's write lock keeps the search at its last step
   * (recording the result, which waits up to 5 s for the lock) long enough
   * to photograph its progress; it records once the lock is released. */
  fl_search_dialog_run (dialog);
  g_assert_true (fl_db_begin (unit->db, &error));
  g_assert_true (fl_test_gui_wait_for (search_compared, dialog, 30000));
  if (fl_search_dialog_is_running (dialog))
    g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "review-progress"));
  else
    g_test_message ("the search finished before its progress could be photographed");
  fl_db_rollback (unit->db);
  g_assert_true (fl_test_gui_wait_for (search_over, dialog, 60000));
  g_assert_null (fl_search_dialog_get_error (dialog));
  search_id = fl_search_dialog_get_search_id (dialog);
  g_assert_cmpint (search_id, >, 0);
  gtk_window_close (GTK_WINDOW (dialog));

  /* ---- the blind grid (R16) ---- */
  grid = fl_review_page_get_grid (page);
  g_assert_cmpint (fl_candidate_grid_get_search_id (grid), ==, search_id);
  model = fl_candidate_grid_get_model (grid);
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, ==, 5);
  g_assert_true (fl_candidate_grid_get_blind (grid));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FlCandidateItem) item = g_list_model_get_item (model, i);
      int rank = -2;
      double score = 0;

      /* The model the grid binds to holds neither rank nor score. */
      g_object_get (item, "rank", &rank, "score", &score, NULL);
      g_assert_cmpint (rank, ==, -1);
      g_assert_true (isnan (score));
      g_assert_cmpint (fl_candidate_item_get_candidate (item)->blind_order, ==, (int) i + 1);
      g_assert_cmpint (fl_candidate_item_get_state (item), ==, FL_CONCLUSION_NONE);
      if (g_strcmp0 (fl_candidate_item_get_candidate (item)->external_id, PROBE_PERSON) == 0)
        {
          lead_position = i;
          lead_id = fl_candidate_item_get_id (item);
        }
    }
  g_assert_cmpuint (lead_position, <, n);
  /* Rank and score stay hidden until every candidate is concluded. */
  g_assert_nonnull (fl_candidate_grid_get_blind_lock (grid));
  g_assert_false (gtk_widget_get_sensitive (child (grid, FL_TYPE_CANDIDATE_GRID, "scores_button")));
  g_assert_false (fl_candidate_grid_set_blind (grid, FALSE, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  g_assert_true (gtk_widget_get_visible (child (grid, FL_TYPE_CANDIDATE_GRID, "reminder")));
  g_assert_true (fl_test_gui_wait_for (chips_shown, grid, 30000));
  tiles = g_ptr_array_new ();
  collect_tiles (GTK_WIDGET (grid), tiles);
  g_assert_cmpuint (tiles->len, ==, n);
  for (guint i = 0; i < tiles->len; i++)
    g_assert_false (gtk_widget_get_visible (child (g_ptr_array_index (tiles, i), FL_TYPE_CANDIDATE_TILE,
                                                   "score_label")));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "review-grid-blind"));

  /* ---- the comparison ---- */
  g_assert_true (fl_review_page_open_candidate (page, lead_position));
  view = fl_review_page_get_candidate_view (page);
  g_assert_true (fl_test_gui_wait_for (view_ready, view, 30000));
  g_assert_null (fl_candidate_view_get_message (view));
  /* The probe searched is the original: showing it was recorded. */
  g_assert_cmpint (fl_candidate_view_get_probe_id (view), ==, probe_id);
  g_assert_true (fl_candidate_view_get_original_viewed (view));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "review-compare"));

  zoom = fl_compare_view_get_zoom (fl_candidate_view_get_compare_view (view));
  gtk_widget_activate_action (GTK_WIDGET (fl_candidate_view_get_compare_view (view)), "compare.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fl_candidate_view_get_compare_view (view)), "compare.zoom-in", NULL);
  g_assert_cmpfloat (fl_compare_view_get_zoom (fl_candidate_view_get_compare_view (view)), >, zoom);
  g_object_set (fl_candidate_view_get_compare_view (view), "show-eyes", TRUE, "show-eyebrows", TRUE,
                "show-nose", TRUE, "show-mouth", TRUE, "show-eye-line", TRUE, NULL);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "review-compare-zoom-overlays"));
  gtk_widget_activate_action (GTK_WIDGET (fl_candidate_view_get_compare_view (view)), "compare.fit", NULL);

  /* A landmark dragged on the candidate is saved as the examiner's own and
   * comes back, marked manual, when the candidate is shown again. */
  {
    FlCompareView *compare = fl_candidate_view_get_compare_view (view);
    const char *hash = fl_candidate_item_get_candidate (fl_candidate_view_get_item (view))->image_hash;
    g_autoptr(GArray) manual = NULL;
    FlPoint point;
    gboolean is_manual = FALSE;

    g_assert_true (fl_compare_view_get_landmark (compare, FL_COMPARE_SIDE_CANDIDATE, 30, &point, &is_manual));
    g_assert_false (is_manual);
    g_signal_emit_by_name (compare, "landmark-moved", FL_COMPARE_SIDE_CANDIDATE, 30u, point.x + 1.5, point.y - 2.0);
    g_assert_null (fl_candidate_view_get_message (view));
    manual = fl_review_get_manual_landmarks (session, hash, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (manual->len, ==, 1);
    g_assert_cmpuint (g_array_index (manual, FlManualLandmark, 0).point, ==, 30);
    g_assert_cmpfloat_with_epsilon (g_array_index (manual, FlManualLandmark, 0).x, point.x + 1.5, 1e-6);

    g_assert_true (fl_review_page_open_candidate (page, lead_position));
    g_assert_true (fl_test_gui_wait_for (view_ready, view, 30000));
    g_assert_true (fl_compare_view_get_landmark (compare, FL_COMPARE_SIDE_CANDIDATE, 30, &point, &is_manual));
    g_assert_true (is_manual);
    g_assert_cmpfloat_with_epsilon (point.x, g_array_index (manual, FlManualLandmark, 0).x, 1e-6);
    g_assert_cmpfloat_with_epsilon (point.y, g_array_index (manual, FlManualLandmark, 0).y, 1e-6);
  }

  /* ---- a possible lead is refused, with the reason, until the checklist is complete ---- */
  checklist = fl_candidate_view_get_checklist (view);
  bar = fl_candidate_view_get_conclusion_bar (view);
  fl_conclusion_bar_select (bar, FL_CONCLUSION_POSSIBLE_LEAD);
  g_assert_false (gtk_widget_get_sensitive (child (bar, FL_TYPE_CONCLUSION_BAR, "record_button")));
  g_assert_nonnull (fl_conclusion_bar_get_blocked_reason (bar));
  g_assert_nonnull (strstr (fl_conclusion_bar_get_blocked_reason (bar), "0 of 19"));
  g_assert_true (gtk_widget_get_visible (child (bar, FL_TYPE_CONCLUSION_BAR, "blocked_box")));

  /* ---- the checklist with the keyboard (R15) ---- */
  features = fl_review_features (&n_features);
  g_assert_cmpuint (n_features, ==, fl_checklist_get_n_features (checklist));
  g_assert_cmpstr (fl_checklist_get_selected (checklist), ==, features[0].id);
  gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_selected_row (GTK_LIST_BOX (child (checklist,
                                                                                       FL_TYPE_CHECKLIST, "list")))));
  for (guint i = 0; i < 12; i++)
    press_key (checklist, key_for (answer_for (features[i].id, FALSE), i));
  g_assert_cmpuint (fl_checklist_get_n_answered (checklist), ==, 12);
  g_assert_cmpstr (fl_checklist_get_selected (checklist), ==, features[12].id);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (checklist, FL_TYPE_CHECKLIST, "progress_label"))), ==,
                   "12 of 19");
  /* Up goes back a feature; a new answer replaces the old one, Down moves on. */
  move_cursor (checklist, -1);
  g_assert_cmpstr (fl_checklist_get_selected (checklist), ==, features[11].id);
  press_key (checklist, GDK_KEY_d);
  g_assert_cmpint (fl_checklist_get_answer (checklist, features[11].id), ==, FL_ASSESSMENT_DISSIMILAR);
  move_cursor (checklist, -1);
  press_key (checklist, key_for (answer_for (features[11].id, FALSE), 0));
  g_assert_cmpint (fl_checklist_get_answer (checklist, features[11].id), ==, answer_for (features[11].id, FALSE));
  g_assert_cmpstr (fl_checklist_get_selected (checklist), ==, features[12].id);
  g_assert_nonnull (strstr (fl_conclusion_bar_get_blocked_reason (bar), "12 of 19"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "review-conclusion-refused"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (checklist), "review-checklist"));

  for (guint i = 12; i < n_features; i++)
    press_key (checklist, key_for (answer_for (features[i].id, FALSE), i));
  g_assert_cmpuint (fl_checklist_get_n_answered (checklist), ==, n_features);
  g_assert_null (fl_checklist_get_error (checklist));
  /* Every keyboard answer is stored in the core. */
  assert_checklist_stored (session, lead_id, FALSE);

  /* ---- the conclusion ---- */
  g_assert_null (fl_conclusion_bar_get_blocked_reason (bar));
  g_assert_true (gtk_widget_get_sensitive (child (bar, FL_TYPE_CONCLUSION_BAR, "record_button")));
  fl_conclusion_bar_set_note (bar, LEAD_NOTE);
  g_assert_true (fl_conclusion_bar_record (bar, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (fl_conclusion_bar_get_status (bar), "Sent to peer review"));
  g_assert_nonnull (fl_conclusion_bar_get_lock_reason (bar));
  g_assert_true (fl_checklist_get_locked (checklist));
  g_assert_true (gtk_widget_get_visible (child (bar, FL_TYPE_CONCLUSION_BAR, "not_practicable_button")));
  {
    FlConclusion state = FL_CONCLUSION_NONE;

    g_assert_true (fl_review_candidate_state (session, lead_id, &state, &error));
    g_assert_cmpint (state, ==, FL_CONCLUSION_POSSIBLE_LEAD);
  }
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "review-concluded"));

  /* "Second review not practicable" needs a reason; closed without one, nothing changes. */
  {
    FlNotPracticableDialog *np = FL_NOT_PRACTICABLE_DIALOG (fl_conclusion_bar_open_not_practicable (bar));

    g_assert_nonnull (np);
    g_assert_false (gtk_widget_get_sensitive (child (np, FL_TYPE_NOT_PRACTICABLE_DIALOG, "record_button")));
    fl_not_practicable_dialog_set_reason (np, "busy");
    g_assert_false (gtk_widget_get_sensitive (child (np, FL_TYPE_NOT_PRACTICABLE_DIALOG, "record_button")));
    gtk_window_destroy (GTK_WINDOW (np));
  }

  /* ---- every other candidate: excluded; then rank and score may be shown ---- */
  for (guint i = 0; i < n; i++)
    {
      if (i == lead_position)
        continue;
      g_assert_true (fl_review_page_open_candidate (page, i));
      g_assert_true (fl_test_gui_wait_for (view_ready, view, 30000));
      fl_conclusion_bar_select (bar, FL_CONCLUSION_EXCLUDED);
      fl_conclusion_bar_set_note (bar, "Different eye spacing and ear shape.");
      g_assert_true (fl_conclusion_bar_record (bar, &error));
      g_assert_no_error (error);
    }
  fl_review_page_show_grid (page);
  g_assert_cmpuint (fl_candidate_grid_get_n_evaluated (grid), ==, n);
  g_assert_null (fl_candidate_grid_get_blind_lock (grid));
  g_assert_true (gtk_widget_get_sensitive (child (grid, FL_TYPE_CANDIDATE_GRID, "scores_button")));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (grid, FL_TYPE_CANDIDATE_GRID, "scores_button")), TRUE);
  g_assert_false (fl_candidate_grid_get_blind (grid));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FlCandidateItem) item = g_list_model_get_item (model, i);

      g_assert_cmpint (fl_candidate_item_get_rank (item), ==, (int) i + 1);
      g_assert_false (isnan (fl_candidate_item_get_score (item)));
      g_assert_cmpint (fl_candidate_item_get_state (item), !=, FL_CONCLUSION_NONE);
      if (i == 0)
        g_test_message ("rank 1: %s (score %.3f)", fl_candidate_item_get_candidate (item)->external_id,
                        fl_candidate_item_get_score (item));
    }
  g_assert_true (fl_test_gui_wait_for (chips_shown, grid, 30000));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "review-grid-scores"));
  fl_main_window_sign_out (window);

  /* ---- the second examiner: blind peer review (R17) ---- */
  {
    g_autoptr(GPtrArray) queue = NULL;
    g_autoptr(FlReviewOpinion) hidden = NULL;
    FlPeerReviewView *peer;
    FlSession *sam;
    GtkListBox *queue_list;

    page = sign_in_review (unit, "sam", &window);
    sam = fl_main_window_get_session (window);
    fl_review_page_show_peer_review (page);
    peer = fl_review_page_get_peer_view (page);
    g_assert_cmpuint (fl_peer_review_view_get_n_queued (peer), ==, 1);
    queue = fl_peer_review_queue (sam, &error);
    g_assert_no_error (error);
    g_assert_cmpint (((FlPeerReview *) g_ptr_array_index (queue, 0))->candidate_id, ==, lead_id);
    queue_list = GTK_LIST_BOX (child (peer, FL_TYPE_PEER_REVIEW_VIEW, "queue_list"));
    g_signal_emit_by_name (queue_list, "row-activated", gtk_list_box_get_row_at_index (queue_list, 0));

    view = fl_peer_review_view_get_candidate_view (peer);
    g_assert_true (fl_test_gui_wait_for (view_ready, view, 30000));
    g_assert_true (fl_candidate_view_get_original_viewed (view));
    checklist = fl_candidate_view_get_checklist (view);
    bar = fl_candidate_view_get_conclusion_bar (view);
    /* Blind: nothing of the first opinion, on screen or from the core. */
    g_assert_false (fl_peer_review_view_get_showing_both (peer));
    g_assert_cmpint (fl_peer_review_view_get_first_shown (peer), ==, FL_CONCLUSION_NONE);
    g_assert_cmpuint (fl_checklist_get_n_answered (checklist), ==, 0);
    g_assert_false (label_contains (GTK_WIDGET (window), LEAD_NOTE));
    hidden = fl_peer_review_get_first_opinion (sam, ((FlPeerReview *) g_ptr_array_index (queue, 0))->id, &error);
    g_assert_null (hidden);
    g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
    g_clear_error (&error);
    g_assert_true (isnan (fl_candidate_item_get_score (fl_candidate_view_get_item (view))));
    g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "peer-review-blind"));

    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_selected_row (GTK_LIST_BOX (child (checklist,
                                                                                         FL_TYPE_CHECKLIST, "list")))));
    for (guint i = 0; i < n_features; i++)
      press_key (checklist, key_for (answer_for (features[i].id, TRUE), i));
    assert_checklist_stored (sam, lead_id, TRUE);
    fl_conclusion_bar_select (bar, FL_CONCLUSION_POSSIBLE_LEAD);
    fl_conclusion_bar_set_note (bar, "Agree: eyes, nose and ears consistent.");
    g_assert_true (fl_conclusion_bar_record (bar, &error));
    g_assert_no_error (error);
    g_assert_true (fl_test_gui_wait_for (showing_both, peer, 5000));
    g_assert_cmpint (fl_peer_review_view_get_first_shown (peer), ==, FL_CONCLUSION_POSSIBLE_LEAD);
    g_assert_true (label_contains (GTK_WIDGET (window), LEAD_NOTE));
    g_assert_nonnull (strstr (fl_peer_review_view_get_outcome (peer), "can be reported"));
    g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "peer-review-both"));
    fl_main_window_sign_out (window);
  }
}

/* ---- a probe showing several faces ---------------------------------------- */

static void
test_several_faces (FlTestUnit    *unit,
                    gconstpointer  data)
{
  g_autofree char *faces = fl_test_faces_dir ();
  g_autofree char *group = g_build_filename (FL_BUILD_MODEL_DIR, "samples", "sample1.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlMatcher) matcher = NULL;
  g_autoptr(FlSession) ella_core = NULL;
  const char *probe_path = group;
  FlMainWindow *window;
  FlReviewPage *page;
  FlSearchDialog *dialog;
  gint64 case_id, search_id;

  if (faces == NULL)
    return;
  if (!g_file_test (group, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the sample group photos are not unpacked beside the models (build-aux/setup)");
      return;
    }
  matcher = fl_search_get_matcher (&error);
  if (matcher == NULL || !fl_matcher_preload (matcher, &error))
    {
      g_test_skip (error->message);
      return;
    }
  import_gallery (unit, faces, 0);
  ella_core = fl_test_unit_login (unit, "ella");
  case_id = fl_test_open_case (unit, NULL, ella_core, &probe_path, 1);
  fl_session_logout (ella_core);

  page = sign_in_review (unit, "ella", &window);
  dialog = FL_SEARCH_DIALOG (fl_review_page_new_search (page, case_id));
  g_assert_true (fl_test_gui_wait_for (faces_known, dialog, 60000));
  g_assert_cmpint (fl_search_dialog_get_n_faces (dialog), >, 1);
  g_assert_true (gtk_widget_get_visible (child (dialog, FL_TYPE_SEARCH_DIALOG, "faces_box")));
  g_assert_true (fl_search_dialog_judge (dialog, TRUE, "Faces large and sharp enough; the suspect is the largest."));
  fl_search_dialog_set_justification (dialog, JUSTIFICATION);
  fl_search_dialog_set_k (dialog, 3);

  /* Without a chosen face the core refuses, and says so. */
  fl_search_dialog_run (dialog);
  g_assert_true (fl_test_gui_wait_for (search_over, dialog, 60000));
  g_assert_nonnull (fl_search_dialog_get_error (dialog));
  g_assert_nonnull (strstr (fl_search_dialog_get_error (dialog), "choose"));

  g_assert_true (fl_search_dialog_select_face (dialog, 1));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "review-search-faces"));
  fl_search_dialog_run (dialog);
  g_assert_true (fl_test_gui_wait_for (search_over, dialog, 60000));
  g_assert_null (fl_search_dialog_get_error (dialog));
  search_id = fl_search_dialog_get_search_id (dialog);
  g_assert_cmpint (search_id, >, 0);
  gtk_window_close (GTK_WINDOW (dialog));
  /* The page shows the new search's candidates at once. */
  g_assert_cmpint (fl_candidate_grid_get_search_id (fl_review_page_get_grid (page)), ==, search_id);
  fl_main_window_sign_out (window);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  fl_test_gui_init (&argc, &argv);

  app = fl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (gtk_window_get_toplevels (), "items-changed", G_CALLBACK (toplevels_changed_cb), NULL);

  g_test_add ("/gui/review/search-compare-conclude-peer", FlTestUnit, NULL, fl_test_gui_unit_setup,
              test_review_path, fl_test_gui_unit_teardown);
  g_test_add ("/gui/review/probe-with-several-faces", FlTestUnit, NULL, fl_test_gui_unit_setup,
              test_several_faces, fl_test_gui_unit_teardown);

  status = g_test_run ();
  fl_test_gui_close_all ();
  g_object_unref (app);
  return status;
}
