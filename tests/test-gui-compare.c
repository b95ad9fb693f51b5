/* test-gui-compare.c: the face comparison view and its toolbar (suite 'display')
 *
 * Two real group photos (the sample photos unpacked beside the models), the
 * largest face of each found by the matcher with its 68 landmarks, shown as
 * probe and candidate. Checks the eye alignment, the one zoom/pan state
 * shared by both halves, fit and 100 %, zoom about the pointer, the wipe
 * divider, landmark dragging, flicker, and the toolbar's bindings; writes a
 * screenshot per mode into the build tree's screenshots/ folder. Skipped
 * (exit 77) when the sample photos or the models are absent.
 */
#include <math.h>
#include <string.h>

#include "fl-compare-toolbar.h"
#include "fl-compare-view.h"
#include "fl-lead-notice.h"
#include "fl-matcher.h"
#include "fl-test-gui.h"

#define SAMPLES_DIR FL_BUILD_MODEL_DIR "/samples"
#define EPSILON 1e-6

typedef struct
{
  GdkTexture *texture;
  FlPoint     landmarks[FL_N_LANDMARKS];
  FlPoint     eyes[2];
} Face;

static Face faces[2];  /* probe, candidate */

typedef struct
{
  GtkWindow        *window;
  FlCompareView    *view;
  FlCompareToolbar *toolbar;
} Harness;

/* The largest face of a sample photo, with its landmarks, as a texture. */
static gboolean
load_face (FlMatcher  *matcher,
           const char *name,
           Face       *face)
{
  g_autofree char *path = g_build_filename (SAMPLES_DIR, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlImage) image = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GBytes) rgb = NULL;
  FlFace *largest;

  image = fl_image_new_from_file (path, &error);
  g_assert_no_error (error);
  found = fl_matcher_detect (matcher, image, FL_DETECT_NO_UPSAMPLE | FL_DETECT_NO_SSD, &error);
  g_assert_no_error (error);
  if (found->len == 0)
    return FALSE;
  largest = g_ptr_array_index (found, 0);
  g_assert_cmpuint (fl_face_get_landmarks (largest, face->landmarks), ==, FL_N_LANDMARKS);
  fl_face_get_eyes (largest, &face->eyes[0], &face->eyes[1]);
  rgb = fl_image_get_rgb (image);
  face->texture = gdk_memory_texture_new (fl_image_get_width (image), fl_image_get_height (image),
                                          GDK_MEMORY_R8G8B8, rgb, (gsize) fl_image_get_width (image) * 3);
  return TRUE;
}

static void
harness_open (Harness *harness)
{
  GtkWidget *box;

  harness->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (harness->window, 1200, 760);
  gtk_window_set_title (harness->window, "Comparison");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  harness->view = FL_COMPARE_VIEW (fl_compare_view_new ());
  harness->toolbar = FL_COMPARE_TOOLBAR (fl_compare_toolbar_new (harness->view));
  gtk_widget_set_vexpand (GTK_WIDGET (harness->view), TRUE);
  gtk_box_append (GTK_BOX (box), fl_lead_notice_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (harness->toolbar));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (harness->view));
  gtk_window_set_child (harness->window, box);

  fl_compare_view_set_probe (harness->view, faces[0].texture, faces[0].landmarks, faces[0].eyes);
  fl_compare_view_set_candidate (harness->view, faces[1].texture, faces[1].landmarks, faces[1].eyes);
  gtk_window_present (harness->window);
  g_assert_true (fl_test_gui_wait_drawn (GTK_WIDGET (harness->view), 5000));
}

static void
harness_close (Harness *harness)
{
  fl_test_gui_close_all ();
}

static void
screenshot (Harness    *harness,
            const char *name)
{
  g_free (fl_test_gui_screenshot (GTK_WIDGET (harness->window), name));
}

static gpointer
toolbar_child (Harness    *harness,
               const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (harness->toolbar), FL_TYPE_COMPARE_TOOLBAR, name);

  g_assert_nonnull (object);
  return object;
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  g_assert_not_reached ();
}

/* The gesture's handlers, as a pointer drag from (x, y) by (dx, dy) runs them. */
static void
drag (FlCompareView *view,
      double         x,
      double         y,
      double         dx,
      double         dy)
{
  GtkEventController *gesture = find_controller (GTK_WIDGET (view), GTK_TYPE_GESTURE_DRAG);

  g_signal_emit_by_name (gesture, "drag-begin", x, y);
  g_signal_emit_by_name (gesture, "drag-update", dx / 2, dy / 2);
  g_signal_emit_by_name (gesture, "drag-update", dx, dy);
  g_signal_emit_by_name (gesture, "drag-end", dx, dy);
}

static void
double_click (FlCompareView *view,
              double         x,
              double         y)
{
  GtkEventController *gesture = find_controller (GTK_WIDGET (view), GTK_TYPE_GESTURE_CLICK);

  g_signal_emit_by_name (gesture, "pressed", 1, x, y);
  g_signal_emit_by_name (gesture, "pressed", 2, x, y);
}

static void
to_widget (FlCompareView *view,
           FlCompareSide  side,
           FlPoint        image_point,
           double        *x,
           double        *y)
{
  g_assert_true (fl_compare_view_image_to_widget (view, side, image_point.x, image_point.y, x, y));
}

/* Both halves show the same state: each face's eyes at the same place in
 * its pane (the candidate's pane starts @pane_shift px further right), level,
 * and as far apart on screen. Returns that on-screen eye distance. */
static double
assert_eyes_in_sync (FlCompareView *view,
                     double         pane_shift)
{
  double px[2], py[2], cx[2], cy[2];

  for (guint i = 0; i < 2; i++)
    {
      to_widget (view, FL_COMPARE_SIDE_PROBE, faces[0].eyes[i], &px[i], &py[i]);
      to_widget (view, FL_COMPARE_SIDE_CANDIDATE, faces[1].eyes[i], &cx[i], &cy[i]);
      g_assert_cmpfloat_with_epsilon (px[i] + pane_shift, cx[i], EPSILON);
      g_assert_cmpfloat_with_epsilon (py[i], cy[i], EPSILON);
    }
  g_assert_cmpfloat_with_epsilon (py[0], py[1], EPSILON);
  g_assert_cmpfloat (px[1], >, px[0]);
  return px[1] - px[0];
}

/* How far right of the probe's pane the candidate's starts: two equal panes
 * side by side, 4 px apart; one pane in the other modes. */
static double
pane_shift (FlCompareView *view)
{
  double width = gtk_widget_get_width (GTK_WIDGET (view));

  return fl_compare_view_get_mode (view) == FL_COMPARE_MODE_SIDE_BY_SIDE ? (width + 4) / 2 : 0;
}

/* Pans so that @point of @side is at the centre of its pane. */
static void
centre_on (FlCompareView *view,
           FlCompareSide  side,
           FlPoint        point)
{
  double width = gtk_widget_get_width (GTK_WIDGET (view));
  double height = gtk_widget_get_height (GTK_WIDGET (view));
  double pane_width = fl_compare_view_get_mode (view) == FL_COMPARE_MODE_SIDE_BY_SIDE ? (width - 4) / 2 : width;
  double left = side == FL_COMPARE_SIDE_CANDIDATE ? pane_shift (view) : 0;
  double x, y;

  to_widget (view, side, point, &x, &y);
  gtk_widget_activate_action (GTK_WIDGET (view), "compare.pan", "(dd)",
                              x - (left + pane_width / 2), y - height / 2);
  to_widget (view, side, point, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, left + pane_width / 2, 1e-4);
  g_assert_cmpfloat_with_epsilon (y, height / 2, 1e-4);
}

static double
eye_distance (const Face *face)
{
  return hypot (face->eyes[1].x - face->eyes[0].x, face->eyes[1].y - face->eyes[0].y);
}

static void
test_side_by_side (void)
{
  Harness harness;
  double width, height, distance, fill;

  harness_open (&harness);
  width = gtk_widget_get_width (GTK_WIDGET (harness.view));
  height = gtk_widget_get_height (GTK_WIDGET (harness.view));

  g_assert_cmpint (fl_compare_view_get_mode (harness.view), ==, FL_COMPARE_MODE_SIDE_BY_SIDE);
  g_assert_true (fl_compare_view_get_fitted (harness.view));
  distance = assert_eyes_in_sync (harness.view, pane_shift (harness.view));
  /* "zoom" is screen px per probe px. */
  g_assert_cmpfloat_with_epsilon (fl_compare_view_get_zoom (harness.view), distance / eye_distance (&faces[0]), EPSILON);
  /* Fit: the face frame (3.4 × 4.4 eye distances) fills a half-width pane in one direction. */
  fill = MAX (3.4 * distance / (width / 2), 4.4 * distance / height);
  g_assert_cmpfloat (fill, <=, 1.0 + EPSILON);
  g_assert_cmpfloat (fill, >, 0.98);
  g_assert_cmpstr (gtk_label_get_label (toolbar_child (&harness, "zoom_label")), !=, "");
  screenshot (&harness, "compare-side-by-side");
  harness_close (&harness);
}

static void
test_zoom_and_pan (void)
{
  Harness harness;
  double shift, before_x, before_y, after_x, after_y, x, y, distance;
  FlPoint anchor;

  harness_open (&harness);
  shift = pane_shift (harness.view);

  /* 100 %: the probe's pixels 1:1, whatever the candidate's resolution. */
  gtk_widget_activate_action (GTK_WIDGET (harness.view), "compare.zoom-100", NULL);
  g_assert_cmpfloat_with_epsilon (fl_compare_view_get_zoom (harness.view), 1.0, EPSILON);
  g_assert_false (fl_compare_view_get_fitted (harness.view));
  distance = assert_eyes_in_sync (harness.view, shift);
  g_assert_cmpfloat_with_epsilon (distance, eye_distance (&faces[0]), EPSILON);

  gtk_widget_activate_action (GTK_WIDGET (harness.view), "compare.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (fl_compare_view_get_zoom (harness.view), 1.25, EPSILON);
  assert_eyes_in_sync (harness.view, shift);
  gtk_widget_activate_action (GTK_WIDGET (harness.view), "compare.zoom-out", NULL);
  g_assert_cmpfloat_with_epsilon (fl_compare_view_get_zoom (harness.view), 1.0, EPSILON);

  /* Arrow-key panning moves both faces together. */
  to_widget (harness.view, FL_COMPARE_SIDE_PROBE, faces[0].eyes[0], &before_x, &before_y);
  gtk_widget_activate_action (GTK_WIDGET (harness.view), "compare.pan", "(dd)", 30.0, -20.0);
  to_widget (harness.view, FL_COMPARE_SIDE_PROBE, faces[0].eyes[0], &after_x, &after_y);
  g_assert_cmpfloat_with_epsilon (after_x, before_x - 30, EPSILON);
  g_assert_cmpfloat_with_epsilon (after_y, before_y + 20, EPSILON);
  assert_eyes_in_sync (harness.view, shift);

  /* A scroll-wheel step (no Ctrl) scrolls: both faces move up together. */
  {
    GtkEventController *scroll = find_controller (GTK_WIDGET (harness.view), GTK_TYPE_EVENT_CONTROLLER_SCROLL);
    gboolean handled = FALSE;

    to_widget (harness.view, FL_COMPARE_SIDE_PROBE, faces[0].eyes[0], &before_x, &before_y);
    g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
    g_assert_true (handled);
    to_widget (harness.view, FL_COMPARE_SIDE_PROBE, faces[0].eyes[0], &after_x, &after_y);
    g_assert_cmpfloat_with_epsilon (after_x, before_x, EPSILON);
    g_assert_cmpfloat (after_y, <, before_y - 10);
    g_assert_cmpfloat_with_epsilon (fl_compare_view_get_zoom (harness.view), 1.0, EPSILON);
    assert_eyes_in_sync (harness.view, shift);
  }

  /* Fit, then a double-click on the candidate's nose tip zooms to 100 % about it:
   * the point under the pointer stays put, and the probe half follows. */
  gtk_widget_activate_action (GTK_WIDGET (harness.view), "compare.fit", NULL);
  g_assert_true (fl_compare_view_get_fitted (harness.view));
  anchor = faces[1].landmarks[30];
  to_widget (harness.view, FL_COMPARE_SIDE_CANDIDATE, anchor, &x, &y);
  double_click (harness.view, x, y);
  g_assert_false (fl_compare_view_get_fitted (harness.view));
  g_assert_cmpfloat_with_epsilon (fl_compare_view_get_zoom (harness.view), 1.0, EPSILON);
  to_widget (harness.view, FL_COMPARE_SIDE_CANDIDATE, anchor, &after_x, &after_y);
  g_assert_cmpfloat_with_epsilon (after_x, x, 1e-4);
  g_assert_cmpfloat_with_epsilon (after_y, y, 1e-4);
  assert_eyes_in_sync (harness.view, shift);

  /* Zoom in with the keyboard's action, then drag to pan (edit mode off: no landmark moves). */
  gtk_widget_activate_action (GTK_WIDGET (harness.view), "compare.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (harness.view), "compare.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (fl_compare_view_get_zoom (harness.view), 1.5625, EPSILON);
  to_widget (harness.view, FL_COMPARE_SIDE_CANDIDATE, faces[1].eyes[1], &before_x, &before_y);
  drag (harness.view, 300, 300, -60, 25);
  to_widget (harness.view, FL_COMPARE_SIDE_CANDIDATE, faces[1].eyes[1], &after_x, &after_y);
  g_assert_cmpfloat_with_epsilon (after_x, before_x - 60, EPSILON);
  g_assert_cmpfloat_with_epsilon (after_y, before_y + 25, EPSILON);
  assert_eyes_in_sync (harness.view, shift);
  g_assert_false (fl_compare_view_get_fitted (harness.view));

  /* The toolbar's label follows the zoom. */
  g_assert_cmpstr (gtk_label_get_label (toolbar_child (&harness, "zoom_label")), ==, "156 %");

  /* Close on the probe's eyes: the candidate's eyes are at the same spot of their pane. */
  for (guint i = 0; i < 4; i++)
    gtk_widget_activate_action (GTK_WIDGET (harness.view), "compare.zoom-in", NULL);
  centre_on (harness.view, FL_COMPARE_SIDE_PROBE,
             (FlPoint) { (faces[0].eyes[0].x + faces[0].eyes[1].x) / 2, (faces[0].eyes[0].y + faces[0].eyes[1].y) / 2 });
  assert_eyes_in_sync (harness.view, shift);
  g_object_set (harness.view, "show-eye-line", TRUE, NULL);
  screenshot (&harness, "compare-zoomed");

  /* Zoom is clamped: far out stops at half the fitted size or less, never zero. */
  fl_compare_view_set_zoom (harness.view, 1e-6);
  g_assert_cmpfloat (fl_compare_view_get_zoom (harness.view), >, 0.01);
  double_click (harness.view, x, y);
  g_assert_true (fl_compare_view_get_fitted (harness.view));
  harness_close (&harness);
}

static void
test_overlays (void)
{
  static const char *checks[] = {
    "eyebrows_check", "eyes_check", "nose_check", "mouth_check", "jaw_check", "eye_line_check", "grid_check",
  };
  static const char *properties[] = {
    "show-eyebrows", "show-eyes", "show-nose", "show-mouth", "show-jaw", "show-eye-line", "show-grid",
  };
  Harness harness;

  harness_open (&harness);
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      gboolean shown = TRUE;

      g_object_get (harness.view, properties[i], &shown, NULL);
      g_assert_false (shown);
      gtk_check_button_set_active (toolbar_child (&harness, checks[i]), TRUE);
      g_object_get (harness.view, properties[i], &shown, NULL);
      g_assert_true (shown);
    }
  screenshot (&harness, "compare-overlays");

  /* The feature list, each with its colour and dash pattern. */
  {
    GtkMenuButton *button = GTK_MENU_BUTTON (fl_test_gui_find_child (GTK_WIDGET (harness.toolbar), GTK_TYPE_MENU_BUTTON));

    gtk_menu_button_popup (button);
    g_free (fl_test_gui_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (button)), "compare-features-popover"));
    gtk_menu_button_popdown (button);
  }
  harness_close (&harness);
}

static void
test_blend (void)
{
  Harness harness;
  double opacity = 0;

  harness_open (&harness);
  gtk_toggle_button_set_active (toolbar_child (&harness, "blend_button"), TRUE);
  g_assert_cmpint (fl_compare_view_get_mode (harness.view), ==, FL_COMPARE_MODE_BLEND);
  g_assert_false (gtk_toggle_button_get_active (toolbar_child (&harness, "side_by_side_button")));
  g_assert_true (gtk_widget_get_visible (toolbar_child (&harness, "opacity_box")));
  g_assert_false (gtk_widget_get_visible (toolbar_child (&harness, "rate_box")));
  gtk_adjustment_set_value (toolbar_child (&harness, "opacity_adjustment"), 0.4);
  g_object_get (harness.view, "blend-opacity", &opacity, NULL);
  g_assert_cmpfloat_with_epsilon (opacity, 0.4, EPSILON);

  /* One pane: both faces' eyes at the same widget points; still fitted (to the wider pane). */
  g_assert_true (fl_compare_view_get_fitted (harness.view));
  fl_test_gui_wait_drawn (GTK_WIDGET (harness.view), 2000);
  assert_eyes_in_sync (harness.view, 0);
  g_object_set (harness.view, "show-eyes", TRUE, "show-mouth", TRUE, "show-eye-line", TRUE, NULL);
  screenshot (&harness, "compare-blend");
  harness_close (&harness);
}

static void
test_wipe (void)
{
  Harness harness;
  double width, position = 0;

  harness_open (&harness);
  fl_compare_view_set_mode (harness.view, FL_COMPARE_MODE_WIPE);
  g_assert_true (gtk_toggle_button_get_active (toolbar_child (&harness, "wipe_button")));
  fl_test_gui_wait_drawn (GTK_WIDGET (harness.view), 2000);
  width = gtk_widget_get_width (GTK_WIDGET (harness.view));

  /* Dragging the divider (not the image) moves it: from the middle to 60 %. */
  drag (harness.view, width / 2 + 3, 200, width * 0.1, 40);
  g_object_get (harness.view, "wipe-position", &position, NULL);
  g_assert_cmpfloat_with_epsilon (position, 0.6 + 3 / width, EPSILON);
  g_assert_true (fl_compare_view_get_fitted (harness.view));
  g_object_set (harness.view, "show-grid", TRUE, "show-eye-line", TRUE, NULL);
  screenshot (&harness, "compare-wipe");
  harness_close (&harness);
}

static void
test_mirrored (void)
{
  Harness harness;

  harness_open (&harness);
  gtk_toggle_button_set_active (toolbar_child (&harness, "mirrored_button"), TRUE);
  g_assert_true (fl_compare_view_get_fitted (harness.view));
  screenshot (&harness, "compare-mirrored");
  harness_close (&harness);
}

typedef struct
{
  guint         count;
  FlCompareSide side;
  guint         index;
  double        x;
  double        y;
} Moved;

static void
landmark_moved_cb (FlCompareView *view,
                   FlCompareSide  side,
                   guint          index,
                   double         x,
                   double         y,
                   Moved         *moved)
{
  moved->count++;
  moved->side = side;
  moved->index = index;
  moved->x = x;
  moved->y = y;
}

static void
test_landmark_moved (void)
{
  Harness harness;
  Moved moved = { 0 };
  FlPoint point, original = faces[1].landmarks[48];
  gboolean manual = TRUE;
  double x, y, moved_x, moved_y;

  harness_open (&harness);
  g_signal_connect (harness.view, "landmark-moved", G_CALLBACK (landmark_moved_cb), &moved);
  g_object_set (harness.view, "show-mouth", TRUE, "show-nose", TRUE, NULL);
  fl_compare_view_set_zoom (harness.view, 4.0);
  centre_on (harness.view, FL_COMPARE_SIDE_CANDIDATE, faces[1].landmarks[51]);

  /* Edit mode off: a drag from the mouth corner pans and moves nothing. */
  to_widget (harness.view, FL_COMPARE_SIDE_CANDIDATE, original, &x, &y);
  drag (harness.view, x, y, 10, 0);
  g_assert_cmpuint (moved.count, ==, 0);
  g_assert_true (fl_compare_view_get_landmark (harness.view, FL_COMPARE_SIDE_CANDIDATE, 48, &point, &manual));
  g_assert_false (manual);
  g_assert_cmpfloat (point.x, ==, original.x);

  /* Edit mode on: the same drag moves the candidate's mouth corner. */
  gtk_toggle_button_set_active (toolbar_child (&harness, "edit_button"), TRUE);
  to_widget (harness.view, FL_COMPARE_SIDE_CANDIDATE, original, &x, &y);
  drag (harness.view, x + 2, y - 1, 18, 12);
  g_assert_cmpuint (moved.count, ==, 1);
  g_assert_cmpint (moved.side, ==, FL_COMPARE_SIDE_CANDIDATE);
  g_assert_cmpuint (moved.index, ==, 48);
  /* Image coordinates: where the point is drawn now is 18, 12 px from before. */
  to_widget (harness.view, FL_COMPARE_SIDE_CANDIDATE, (FlPoint) { moved.x, moved.y }, &moved_x, &moved_y);
  g_assert_cmpfloat_with_epsilon (moved_x, x + 18, 1e-4);
  g_assert_cmpfloat_with_epsilon (moved_y, y + 12, 1e-4);
  g_assert_cmpfloat (hypot (moved.x - original.x, moved.y - original.y), >, 5);
  g_assert_true (fl_compare_view_get_landmark (harness.view, FL_COMPARE_SIDE_CANDIDATE, 48, &point, &manual));
  g_assert_true (manual);
  g_assert_cmpfloat (point.x, ==, moved.x);
  g_assert_cmpfloat (point.y, ==, moved.y);
  /* The probe's landmarks are untouched. */
  g_assert_true (fl_compare_view_get_landmark (harness.view, FL_COMPARE_SIDE_PROBE, 48, &point, &manual));
  g_assert_false (manual);
  g_assert_cmpfloat (point.x, ==, faces[0].landmarks[48].x);

  /* Marked from outside, e.g. a point moved in an earlier session. */
  fl_compare_view_set_landmark_manual (harness.view, FL_COMPARE_SIDE_PROBE, 30, TRUE);
  g_assert_true (fl_compare_view_get_landmark (harness.view, FL_COMPARE_SIDE_PROBE, 30, NULL, &manual));
  g_assert_true (manual);
  screenshot (&harness, "compare-landmark-moved");

  /* Mirrored halves cannot be edited: a drag there pans. */
  g_object_set (harness.view, "mirrored", TRUE, NULL);
  to_widget (harness.view, FL_COMPARE_SIDE_CANDIDATE, faces[1].landmarks[36], &x, &y);
  drag (harness.view, x, y, 5, 5);
  g_assert_cmpuint (moved.count, ==, 1);
  harness_close (&harness);
}

/* The view's pixels as the window's renderer draws them. */
static GBytes *
render_view (FlCompareView *view)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (view));
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (GTK_WIDGET (view));
  int height = gtk_widget_get_height (GTK_WIDGET (view));
  guchar *pixels = g_malloc ((gsize) width * height * 4);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (view))),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  return g_bytes_new_take (pixels, (gsize) width * height * 4);
}

static void
test_flicker (void)
{
  Harness harness;
  g_autoptr(GBytes) first = NULL;
  gboolean changed = FALSE;

  harness_open (&harness);
  gtk_toggle_button_set_active (toolbar_child (&harness, "flicker_button"), TRUE);
  g_assert_true (gtk_widget_get_visible (toolbar_child (&harness, "rate_box")));
  gtk_adjustment_set_value (toolbar_child (&harness, "rate_adjustment"), 1.5);
  fl_test_gui_wait_drawn (GTK_WIDGET (harness.view), 2000);

  /* At 1.5 Hz each image shows for a third of a second. */
  first = render_view (harness.view);
  for (guint i = 0; i < 20 && !changed; i++)
    {
      g_autoptr(GBytes) now = NULL;

      fl_test_gui_spin (50);
      now = render_view (harness.view);
      changed = !g_bytes_equal (first, now);
    }
  g_assert_true (changed);

  /* Back to side by side: the alternation stops. */
  fl_compare_view_set_mode (harness.view, FL_COMPARE_MODE_SIDE_BY_SIDE);
  fl_test_gui_wait_drawn (GTK_WIDGET (harness.view), 2000);
  g_clear_pointer (&first, g_bytes_unref);
  first = render_view (harness.view);
  fl_test_gui_spin (800);
  {
    g_autoptr(GBytes) later = render_view (harness.view);

    g_assert_true (g_bytes_equal (first, later));
  }
  harness_close (&harness);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FlMatcher) matcher = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  fl_test_gui_init (&argc, &argv);

  if (!g_file_test (SAMPLES_DIR "/sample1.jpg", G_FILE_TEST_EXISTS) ||
      !g_file_test (SAMPLES_DIR "/sample2.jpg", G_FILE_TEST_EXISTS))
    {
      g_printerr ("SKIP: the sample photos are not in %s (run build-aux/setup to unpack the models)\n", SAMPLES_DIR);
      return 77;
    }
  matcher = fl_matcher_new (&error);
  if (matcher == NULL)
    {
      g_printerr ("SKIP: %s\n", error->message);
      return 77;
    }
  g_assert_true (load_face (matcher, "sample1.jpg", &faces[0]));
  g_assert_true (load_face (matcher, "sample2.jpg", &faces[1]));

  g_test_add_func ("/compare/side-by-side", test_side_by_side);
  g_test_add_func ("/compare/zoom-and-pan", test_zoom_and_pan);
  g_test_add_func ("/compare/overlays", test_overlays);
  g_test_add_func ("/compare/blend", test_blend);
  g_test_add_func ("/compare/wipe", test_wipe);
  g_test_add_func ("/compare/mirrored", test_mirrored);
  g_test_add_func ("/compare/landmark-moved", test_landmark_moved);
  g_test_add_func ("/compare/flicker", test_flicker);

  status = g_test_run ();
  fl_test_gui_close_all ();
  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    g_clear_object (&faces[i].texture);
  return status;
}
