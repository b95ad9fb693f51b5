/* test-gui-enhance.c: the enhancement window (suite 'display')
 *
 * On the 1920-px sample photo (models/samples/sample1.jpg): the window opens on the
 * original, eye markers dragged onto the most tilted face level it, a four-step recipe (level the eyes,
 * CLAHE, unsharp mask, gamma) renders in the preview, the split view and the eye
 * markers show, zoom keys work, and Save adds a probe that reproduces bit for bit.
 * Screenshots: enhance-before, enhance-recipe, enhance-split, enhance-eye-markers.
 * On a 12-megapixel version of the same photo it prints the preview's latency per
 * parameter change (median, one change at a time and a burst of changes); timing is
 * reported, not asserted. Skipped (exit 77) without the sample photo or the models.
 */
#include <math.h>
#include <string.h>

#include "fl-enhance-window.h"
#include "fl-enhance.h"
#include "fl-probe.h"
#include "fl-search.h"
#include "fl-test-gui.h"

#define SAMPLE1 FL_BUILD_MODEL_DIR "/samples/sample1.jpg"

typedef struct
{
  FlSession       *ella;
  gint64           probe_id;
  FlEnhanceWindow *window;
} Harness;

static gboolean
have_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlMatcher) matcher = NULL;

  if (!g_file_test (SAMPLE1, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("models/samples/sample1.jpg is absent: run build-aux/setup.");
      return FALSE;
    }
  matcher = fl_search_get_matcher (&error);
  if (matcher == NULL)
    {
      g_test_skip (error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
window_idle (gpointer data)
{
  return !fl_enhance_window_is_busy (data);
}

static gboolean
preview_ready (gpointer data)
{
  return !fl_enhance_window_is_rendering (data);
}

static void
wait_idle (Harness *h)
{
  g_assert_true (fl_test_gui_wait_for (window_idle, h->window, 60000));
}

static gpointer
child (Harness    *h,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (h->window), FL_TYPE_ENHANCE_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static void
open_window (FlTestUnit *unit,
             Harness    *h,
             const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) probes = NULL;
  const char *paths[1] = { path };
  gint64 case_id;

  h->ella = fl_test_unit_login (unit, "ella");
  case_id = fl_test_open_case (unit, NULL, h->ella, paths, 1);
  probes = fl_probe_list_for_case (h->ella, case_id, &error);
  g_assert_no_error (error);
  h->probe_id = ((FlProbe *) g_ptr_array_index (probes, 0))->id;

  h->window = FL_ENHANCE_WINDOW (fl_enhance_window_new (h->ella, h->probe_id));
  gtk_window_set_default_size (GTK_WINDOW (h->window), 1400, 900);
  gtk_window_present (GTK_WINDOW (h->window));
  g_assert_true (fl_test_gui_wait_drawn (GTK_WIDGET (h->window), 5000));
  wait_idle (h);
}

static void
screenshot (Harness    *h,
            const char *name)
{
  wait_idle (h);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (h->window), name));
}

/* Clicks the palette button that adds @op. */
static void
add_step (Harness     *h,
          FlEnhanceOp  op)
{
  GtkWidget *palette = child (h, "palette");

  for (GtkWidget *c = gtk_widget_get_first_child (palette); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (c));

      if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "fl-op")) == (int) op)
        {
          g_assert_true (gtk_widget_get_sensitive (button));
          g_signal_emit_by_name (button, "clicked");
          return;
        }
    }
  g_assert_not_reached ();
}

static const FlRecipe *
recipe (Harness *h)
{
  return fl_recipe_list_get_recipe (fl_enhance_window_get_recipe_list (h->window));
}

static void
set_param (Harness *h,
           guint    position,
           guint    param,
           double   value)
{
  GtkSpinButton *spin = fl_recipe_list_get_spin (fl_enhance_window_get_recipe_list (h->window), position, param);

  g_assert_nonnull (spin);
  gtk_spin_button_set_value (spin, value);
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

/* The drag gesture's handlers, as a pointer drag from (x, y) by (dx, dy) runs them. */
static void
drag (FlImageView *view,
      double       x,
      double       y,
      double       dx,
      double       dy)
{
  GtkEventController *gesture = find_controller (GTK_WIDGET (view), GTK_TYPE_GESTURE_DRAG);

  g_signal_emit_by_name (gesture, "drag-begin", x, y);
  g_signal_emit_by_name (gesture, "drag-update", dx / 2, dy / 2);
  g_signal_emit_by_name (gesture, "drag-update", dx, dy);
  g_signal_emit_by_name (gesture, "drag-end", dx, dy);
}

static void
double_click (FlImageView *view,
              double       x,
              double       y)
{
  GtkEventController *gesture = find_controller (GTK_WIDGET (view), GTK_TYPE_GESTURE_CLICK);

  g_signal_emit_by_name (gesture, "pressed", 1, x, y);
  g_signal_emit_by_name (gesture, "pressed", 2, x, y);
}

/* The eyes of the sample photo's most tilted face, as the matcher finds them. */
static void
tilted_face_eyes (FlPoint eyes[2])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlMatcher) matcher = fl_search_get_matcher (&error);
  g_autoptr(FlImage) image = fl_image_new_from_file (SAMPLE1, &error);
  g_autoptr(GPtrArray) faces = fl_matcher_detect (matcher, image, FL_DETECT_DEFAULT, &error);
  double most = -1;

  g_assert_no_error (error);
  for (guint i = 0; i < faces->len; i++)
    {
      FlPoint l, r;
      double roll;

      fl_face_get_eyes (g_ptr_array_index (faces, i), &l, &r);
      roll = fabs (atan2 (r.y - l.y, r.x - l.x));
      if (roll > most)
        {
          most = roll;
          eyes[0] = l;
          eyes[1] = r;
        }
    }
  g_assert_cmpfloat (most * 180 / G_PI, >, 5);
}

static void
test_window_on_photo (FlTestUnit    *unit,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRecipe) loaded = NULL;
  Harness h = { 0 };
  FlImageView *view;
  FlPoint eyes[2], target[2];
  double lx, ly, rx, ry;
  gint64 saved;

  if (!have_sample ())
    return;
  open_window (unit, &h, SAMPLE1);
  view = fl_enhance_window_get_view (h.window);
  g_assert_true (fl_image_view_get_fitted (view));
  screenshot (&h, "enhance-before");

  /* The photo's most tilted face: the examiner drags the eye markers onto it (the
   * matcher's largest face is nearly level), then levels it. */
  gtk_switch_set_active (child (&h, "eyes_switch"), TRUE);
  g_assert_true (fl_image_view_get_eyes (view, eyes));
  tilted_face_eyes (target);
  for (guint i = 0; i < 2; i++)
    {
      double x0, y0, x1, y1;

      g_assert_true (fl_image_view_image_to_widget (view, eyes[i].x, eyes[i].y, &x0, &y0));
      g_assert_true (fl_image_view_image_to_widget (view, target[i].x, target[i].y, &x1, &y1));
      drag (view, x0, y0, x1 - x0, y1 - y0);
    }
  g_assert_true (fl_image_view_get_eyes (view, eyes));
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpfloat (fabs (eyes[i].x - target[i].x), <, 1.0);
      g_assert_cmpfloat (fabs (eyes[i].y - target[i].y), <, 1.0);
    }
  g_signal_emit_by_name (child (&h, "level_button"), "clicked");
  g_assert_cmpuint (fl_recipe_get_n_steps (recipe (&h)), ==, 1);
  {
    const FlEnhanceStep *level = fl_recipe_get_step (recipe (&h), 0);

    g_assert_cmpint (level->op, ==, FL_ENHANCE_LEVEL_EYES);
    g_assert_cmpfloat (level->params[5], ==, 1);  /* placed by hand */
    g_assert_cmpfloat (fabs (level->params[0] - atan2 (target[1].y - target[0].y, target[1].x - target[0].x)
                                                * 180 / G_PI), <, 0.01);
  }
  gtk_switch_set_active (child (&h, "eyes_switch"), FALSE);
  add_step (&h, FL_ENHANCE_CLAHE);
  add_step (&h, FL_ENHANCE_UNSHARP_MASK);
  add_step (&h, FL_ENHANCE_GAMMA);
  set_param (&h, 3, 0, 1.25);
  set_param (&h, 1, 0, 2.5);
  g_assert_cmpuint (fl_recipe_get_n_steps (recipe (&h)), ==, 4);
  g_assert_cmpfloat (fl_recipe_get_step (recipe (&h), 3)->params[0], ==, 1.25);
  g_assert_cmpfloat (fl_recipe_get_step (recipe (&h), 1)->params[0], ==, 2.5);
  screenshot (&h, "enhance-recipe");
  /* The whole sidebar: recipe, eyes, histogram, quality figures, judgement. */
  g_free (fl_test_gui_screenshot (child (&h, "sidebar"), "enhance-sidebar"));

  gtk_toggle_button_set_active (child (&h, "split_button"), TRUE);
  g_assert_cmpint (fl_image_view_get_mode (view), ==, FL_IMAGE_VIEW_SPLIT);
  fl_image_view_set_split_position (view, 0.45);
  screenshot (&h, "enhance-split");

  /* The hand-placed eyes, moved through the recipe: level now. */
  gtk_toggle_button_set_active (child (&h, "after_button"), TRUE);
  gtk_switch_set_active (child (&h, "eyes_switch"), TRUE);
  g_assert_true (fl_image_view_get_eyes (view, eyes));
  g_assert_cmpfloat (fabs (eyes[0].y - eyes[1].y), <, 0.5);
  /* A double-click between the eyes zooms to 100 % about that point. */
  g_assert_true (fl_image_view_image_to_widget (view, (eyes[0].x + eyes[1].x) / 2, (eyes[0].y + eyes[1].y) / 2,
                                                &lx, &ly));
  double_click (view, lx, ly);
  g_assert_cmpfloat (fl_image_view_get_zoom (view), ==, 1.0);
  g_assert_false (fl_image_view_get_fitted (view));
  g_assert_true (fl_image_view_image_to_widget (view, eyes[0].x, eyes[0].y, &lx, &ly));
  g_assert_true (fl_image_view_image_to_widget (view, eyes[1].x, eyes[1].y, &rx, &ry));
  g_assert_cmpfloat (fabs (ly - ry), <, 0.5);
  g_assert_cmpfloat (rx - lx, ==, eyes[1].x - eyes[0].x);  /* one image pixel per screen pixel */
  g_assert_cmpfloat (lx, >, 0);
  g_assert_cmpfloat (rx, <, gtk_widget_get_width (GTK_WIDGET (view)));
  screenshot (&h, "enhance-eye-markers");
  gtk_widget_activate_action (GTK_WIDGET (view), "view.zoom-in", NULL);
  g_assert_cmpfloat (fl_image_view_get_zoom (view), >, 1.0);
  gtk_widget_activate_action (GTK_WIDGET (view), "view.fit", NULL);
  g_assert_true (fl_image_view_get_fitted (view));

  /* Save: a new probe the recipe reproduces bit for bit from the original. */
  g_signal_emit_by_name (child (&h, "save_button"), "clicked");
  wait_idle (&h);
  saved = fl_enhance_window_get_saved_probe (h.window);
  g_assert_cmpint (saved, >, 0);
  g_assert_true (fl_enhance_verify (unit->db, saved, &error));
  g_assert_no_error (error);
  loaded = fl_enhance_load_recipe (unit->db, saved, &error);
  g_assert_true (fl_recipe_equal (loaded, recipe (&h)));
  {
    g_autoptr(FlProbe) probe = fl_probe_get (h.ella, saved, &error);
    FlPoint l, r;

    g_assert_cmpint (probe->parent_id, ==, h.probe_id);
    g_assert_nonnull (probe->quality_json);   /* measured after saving (R11) */
    g_assert_true (fl_probe_parse_eye_points (probe->eye_points_json, &l, &r));
    g_assert_cmpfloat (fabs (l.y - r.y), <, 0.5);
  }

  /* Opened on the enhanced probe: its recipe, on the original, ready to change. */
  {
    GtkWidget *again = fl_enhance_window_new (h.ella, saved);
    FlEnhanceWindow *first = h.window;

    h.window = FL_ENHANCE_WINDOW (again);
    gtk_window_present (GTK_WINDOW (again));
    wait_idle (&h);
    g_assert_true (fl_recipe_equal (recipe (&h), loaded));
    /* The hand-placed eyes saved with it come back, level through the recipe. */
    g_assert_true (gtk_switch_get_active (child (&h, "eyes_switch")));
    g_assert_true (fl_image_view_get_eyes (fl_enhance_window_get_view (h.window), eyes));
    g_assert_cmpfloat (fabs (eyes[0].y - eyes[1].y), <, 0.5);
    gtk_window_destroy (GTK_WINDOW (again));
    h.window = first;
  }
  g_clear_object (&h.ella);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

/* A 12-megapixel PNG of the sample photo (upscaled 2.25 ×, two Lanczos steps). */
static char *
make_12mp_photo (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlImage) image = fl_image_new_from_file (SAMPLE1, &error);
  g_autoptr(FlImage) big = NULL;
  g_autoptr(GBytes) png = NULL;
  FlEnhanceStep steps[2];
  char *path = g_build_filename (dir, "sample1-12mp.png", NULL);

  g_assert_no_error (error);
  fl_enhance_step_init (&steps[0], FL_ENHANCE_UPSCALE);
  steps[0].params[0] = 1.5;
  steps[1] = steps[0];
  g_assert_true (fl_image_apply_recipe (image, steps, 2, &big, &error));
  g_assert_cmpint (fl_image_get_width (big) * fl_image_get_height (big), >=, 12000000);
  png = fl_image_encode_png (big, &error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error));
  return path;
}

static void
test_latency_12mp (FlTestUnit    *unit,
                   gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GArray) single = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) burst = g_array_new (FALSE, FALSE, sizeof (double));
  Harness h = { 0 };
  gint64 start;

  if (!have_sample ())
    return;
  path = make_12mp_photo (unit->dir);
  start = g_get_monotonic_time ();
  open_window (unit, &h, path);
  g_test_message ("12 MP: window ready (decoded, preview, faces found) in %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);

  add_step (&h, FL_ENHANCE_ROTATE);
  set_param (&h, 0, 0, 4);
  add_step (&h, FL_ENHANCE_CLAHE);
  add_step (&h, FL_ENHANCE_UNSHARP_MASK);
  add_step (&h, FL_ENHANCE_GAMMA);
  wait_idle (&h);

  /* One change at a time: the time until its preview is drawn. */
  for (guint i = 0; i < 12; i++)
    {
      start = g_get_monotonic_time ();
      set_param (&h, i % 2 ? 3 : 1, 0, i % 2 ? 1.1 + 0.05 * i : 1.5 + 0.1 * i);
      g_assert_true (fl_test_gui_wait_for (preview_ready, h.window, 30000));
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_array_append_val (single, ms);
      wait_idle (&h);
    }
  /* A slider dragged: a change every 20 ms; only the latest renders. */
  for (guint i = 0; i < 8; i++)
    {
      for (guint j = 0; j < 6; j++)
        {
          set_param (&h, 3, 0, 1.0 + 0.02 * (i * 6 + j));
          fl_test_gui_spin (20);
        }
      double ms;

      start = g_get_monotonic_time ();
      g_assert_true (fl_test_gui_wait_for (preview_ready, h.window, 30000));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (burst, ms);
      wait_idle (&h);
    }
  g_printerr ("# preview latency on a 12-MP photo (%u-step recipe): median %.0f ms per change, "
              "%.0f ms after the last change of a burst\n",
              fl_recipe_get_n_steps (recipe (&h)), median (single), median (burst));
  g_test_message ("median %.0f ms per change; %.0f ms after a burst", median (single), median (burst));
  g_clear_object (&h.ella);
}

int
main (int    argc,
      char **argv)
{
  fl_test_gui_init (&argc, &argv);
  g_test_add ("/enhance-window/photo", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_window_on_photo, fl_test_gui_unit_teardown);
  g_test_add ("/enhance-window/latency-12mp", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_latency_12mp, fl_test_gui_unit_teardown);
  return g_test_run ();
}
