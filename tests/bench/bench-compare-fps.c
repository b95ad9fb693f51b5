/* faceleads-bench-compare: frame rate of the face comparison view while panning
 *
 * Two generated 12-megapixel images (4000 × 3000: gradients plus noise, the
 * eyes placed on a slight tilt so the turning path is drawn) side by side
 * in a 1280 × 800 window; the view is panned along a circle every frame for
 * --seconds at "fit" and at 100 %, and each phase prints the median frame
 * time and frames a second, measured from the frame clock's after-paint
 * times (the frame clock paces at most 60 a second), plus what a frame costs:
 * the median time from the update phase to after-paint (snapshot and render)
 * and the process's CPU time per frame, which show the headroom above 60
 * and matter on a busy machine. The target is more than 30 frames a second.
 *
 *   xvfb-run -a -s "-screen 0 1600x1000x24" env GSK_RENDERER=cairo \
 *     faceleads-bench-compare [--seconds 5] [--overlays] [--naive]
 *
 * --naive draws the same two images the obvious way instead (one texture
 * node per full-resolution image, the same transforms), for comparison.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fl-compare-view.h"

#define IMAGE_WIDTH 4000
#define IMAGE_HEIGHT 3000
#define PAN_RADIUS 200.0        /* widget px */
#define PAN_PERIOD_US 2000000.0 /* one circle every two seconds */

static const FlPoint probe_eyes[2] = { { 1700, 1300 }, { 2300, 1340 } };
static const FlPoint candidate_eyes[2] = { { 1500, 1420 }, { 2400, 1380 } };

/* A smooth gradient with per-pixel noise, different for each seed. */
static GdkTexture *
make_texture (guint32 seed)
{
  gsize stride = (gsize) IMAGE_WIDTH * 3;
  guint8 *pixels = g_malloc (stride * IMAGE_HEIGHT);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GBytes) bytes = NULL;

  for (int y = 0; y < IMAGE_HEIGHT; y++)
    {
      guint8 *row = pixels + y * stride;

      for (int x = 0; x < IMAGE_WIDTH; x++)
        {
          int noise = g_rand_int_range (rand, -24, 25);

          row[3 * x + 0] = CLAMP (x * 255 / IMAGE_WIDTH + noise, 0, 255);
          row[3 * x + 1] = CLAMP (y * 255 / IMAGE_HEIGHT + noise, 0, 255);
          row[3 * x + 2] = CLAMP (128 + (int) (100 * sin ((x + y + seed) / 90.0)) + noise, 0, 255);
        }
    }
  bytes = g_bytes_new_take (pixels, stride * IMAGE_HEIGHT);
  return gdk_memory_texture_new (IMAGE_WIDTH, IMAGE_HEIGHT, GDK_MEMORY_R8G8B8, bytes, stride);
}

/* The baseline: both full-resolution textures as single nodes, each aligned
 * on its eyes like FlCompareView does, in two clipped halves. */
#define BENCH_TYPE_NAIVE_VIEW (bench_naive_view_get_type ())
G_DECLARE_FINAL_TYPE (BenchNaiveView, bench_naive_view, BENCH, NAIVE_VIEW, GtkWidget)

struct _BenchNaiveView
{
  GtkWidget   parent_instance;
  GdkTexture *textures[2];
  double      scale;  /* widget px per eye distance */
  double      pan_x;
  double      pan_y;
};

G_DEFINE_FINAL_TYPE (BenchNaiveView, bench_naive_view, GTK_TYPE_WIDGET)

static void
bench_naive_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  BenchNaiveView *self = BENCH_NAIVE_VIEW (widget);
  double half = (gtk_widget_get_width (widget) - 4) / 2.0;
  double height = gtk_widget_get_height (widget);

  for (guint i = 0; i < 2; i++)
    {
      const FlPoint *eyes = i == 0 ? probe_eyes : candidate_eyes;
      double dx = eyes[1].x - eyes[0].x, dy = eyes[1].y - eyes[0].y;
      double distance = hypot (dx, dy);
      double left = i == 0 ? 0 : gtk_widget_get_width (widget) - half;

      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (left, 0, half, height));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (left + half / 2 - self->pan_x, height / 2 - self->pan_y));
      gtk_snapshot_scale (snapshot, self->scale / distance, self->scale / distance);
      gtk_snapshot_rotate (snapshot, -atan2 (dy, dx) * 180 / G_PI);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-(eyes[0].x + eyes[1].x) / 2, -(eyes[0].y + eyes[1].y) / 2));
      gtk_snapshot_append_texture (snapshot, self->textures[i],
                                   &GRAPHENE_RECT_INIT (0, 0, IMAGE_WIDTH, IMAGE_HEIGHT));
      gtk_snapshot_restore (snapshot);
      gtk_snapshot_pop (snapshot);
    }
}

static void
bench_naive_view_dispose (GObject *object)
{
  BenchNaiveView *self = BENCH_NAIVE_VIEW (object);

  g_clear_object (&self->textures[0]);
  g_clear_object (&self->textures[1]);
  G_OBJECT_CLASS (bench_naive_view_parent_class)->dispose (object);
}

static void
bench_naive_view_class_init (BenchNaiveViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bench_naive_view_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = bench_naive_view_snapshot;
}

static void
bench_naive_view_init (BenchNaiveView *self)
{
}

typedef struct
{
  GtkWidget *view;
  gboolean   naive;
  gint64     start_us;
  gint64     duration_us;
  double     last_x;
  double     last_y;
  GArray    *paint_times;    /* after-paint, µs (monotonic) */
  GArray    *paint_costs;    /* update phase → after-paint (pan, snapshot, render), µs */
  gint64     update_start;
  double     cpu_start_ms;
  gboolean   done;
} Phase;

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Phase *phase = user_data;
  gint64 now = g_get_monotonic_time ();
  double angle, x, y;

  if (phase->start_us == 0)
    phase->start_us = now;
  if (now - phase->start_us >= phase->duration_us)
    {
      phase->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  /* A circle: every frame moves, so every frame redraws both halves. */
  angle = 2 * G_PI * (now - phase->start_us) / PAN_PERIOD_US;
  x = PAN_RADIUS * cos (angle);
  y = PAN_RADIUS * sin (angle);
  if (phase->naive)
    {
      BENCH_NAIVE_VIEW (widget)->pan_x = x;
      BENCH_NAIVE_VIEW (widget)->pan_y = y;
      gtk_widget_queue_draw (widget);
    }
  else
    gtk_widget_activate_action (widget, "compare.pan", "(dd)", x - phase->last_x, y - phase->last_y);
  phase->last_x = x;
  phase->last_y = y;
  return G_SOURCE_CONTINUE;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* GDK renders in the paint phase before this program's handlers run, so a
 * frame's work is timed from the update phase (where the pan is applied). */
static void
update_cb (GdkFrameClock *clock,
           Phase         *phase)
{
  phase->update_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Phase         *phase)
{
  gint64 now = g_get_monotonic_time ();

  if (phase->start_us == 0 || phase->done)
    return;
  if (phase->paint_times->len == 0)
    phase->cpu_start_ms = cpu_ms ();
  g_array_append_val (phase->paint_times, now);
  if (phase->update_start != 0)
    {
      gint64 cost = now - phase->update_start;

      g_array_append_val (phase->paint_costs, cost);
    }
}

static int
compare_gint64 (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
median_ms (GArray *values)
{
  if (values->len == 0)
    return NAN;
  qsort (values->data, values->len, sizeof (gint64), compare_gint64);
  return g_array_index (values, gint64, values->len / 2) / 1000.0;
}

static gboolean
run_phase (GtkWidget  *view,
           gboolean    naive,
           const char *name,
           double      seconds)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (view);
  Phase phase = { view, naive, 0, (gint64) (seconds * G_USEC_PER_SEC), 0, 0,
                  g_array_new (FALSE, FALSE, sizeof (gint64)), g_array_new (FALSE, FALSE, sizeof (gint64)), 0, 0, FALSE };
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (gint64));
  gulong update_handler, after_handler;
  double frame_ms, fps, cpu_per_frame;
  gboolean ok;

  update_handler = g_signal_connect (clock, "update", G_CALLBACK (update_cb), &phase);
  after_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &phase);
  gtk_widget_add_tick_callback (view, tick_cb, &phase, NULL);
  while (!phase.done)
    g_main_context_iteration (NULL, TRUE);
  cpu_per_frame = (cpu_ms () - phase.cpu_start_ms) / MAX (phase.paint_times->len - 1, 1);
  g_signal_handler_disconnect (clock, update_handler);
  g_signal_handler_disconnect (clock, after_handler);

  for (guint i = 1; i < phase.paint_times->len; i++)
    {
      gint64 interval = g_array_index (phase.paint_times, gint64, i) - g_array_index (phase.paint_times, gint64, i - 1);

      g_array_append_val (intervals, interval);
    }
  frame_ms = median_ms (intervals);
  fps = 1000.0 / frame_ms;
  printf ("%-5s %-5s %4u frames in %.1f s: median frame %6.2f ms = %5.1f fps (clock: %4.1f); "
          "a frame costs %5.2f ms (median, update to after-paint), %5.2f ms CPU  %s\n",
          naive ? "naive" : "view", name, phase.paint_times->len, seconds, frame_ms, fps,
          gdk_frame_clock_get_fps (clock), median_ms (phase.paint_costs), cpu_per_frame,
          fps > 30 ? "OK" : "BELOW 30 fps");
  ok = fps > 30;
  g_array_unref (phase.paint_times);
  g_array_unref (phase.paint_costs);
  return ok;
}

static void
settle (GtkWidget *widget)
{
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (200000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  double seconds = 5;
  gboolean overlays = FALSE, naive = FALSE, ok = TRUE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GdkTexture) probe = NULL;
  g_autoptr(GdkTexture) candidate = NULL;
  const GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "Pan for this long per phase (5)", "S" },
    { "overlays", 0, 0, G_OPTION_ARG_NONE, &overlays, "Also draw the eye line and the grid", NULL },
    { "naive", 0, 0, G_OPTION_ARG_NONE, &naive, "Draw the full-resolution textures as single nodes instead", NULL },
    { NULL }
  };
  GtkWindow *window;
  GtkWidget *view;
  gint64 start;
  double build_ms;

  context = g_option_context_new ("- frame rate of the comparison view panning two 12-MP images");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("faceleads-bench-compare: %s\n", error->message);
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("faceleads-bench-compare: no display; run it under xvfb-run\n");
      return 2;
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  probe = make_texture (1);
  candidate = make_texture (2);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1280, 800);
  start = g_get_monotonic_time ();
  if (naive)
    {
      BenchNaiveView *naive_view = g_object_new (BENCH_TYPE_NAIVE_VIEW, NULL);

      naive_view->textures[0] = g_object_ref (probe);
      naive_view->textures[1] = g_object_ref (candidate);
      naive_view->scale = 180;
      view = GTK_WIDGET (naive_view);
    }
  else
    {
      view = fl_compare_view_new ();
      fl_compare_view_set_probe (FL_COMPARE_VIEW (view), probe, NULL, probe_eyes);
      fl_compare_view_set_candidate (FL_COMPARE_VIEW (view), candidate, NULL, candidate_eyes);
      if (overlays)
        g_object_set (view, "show-eye-line", TRUE, "show-grid", TRUE, NULL);
    }
  build_ms = (g_get_monotonic_time () - start) / 1000.0;
  gtk_window_set_child (window, view);
  gtk_window_present (window);
  settle (view);

  printf ("renderer %s, window %d × %d, two %d × %d images%s; pyramids built in %.0f ms\n",
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
          gtk_widget_get_width (view), gtk_widget_get_height (view), IMAGE_WIDTH, IMAGE_HEIGHT,
          overlays ? ", eye line and grid" : "", naive ? 0.0 : build_ms);

  /* Fit: the pyramid's half-resolution levels; 100 %: full-resolution tiles. */
  ok &= run_phase (view, naive, "fit", seconds);
  if (naive)
    BENCH_NAIVE_VIEW (view)->scale = hypot (probe_eyes[1].x - probe_eyes[0].x, probe_eyes[1].y - probe_eyes[0].y);
  else
    fl_compare_view_set_zoom (FL_COMPARE_VIEW (view), 1.0);
  settle (view);
  ok &= run_phase (view, naive, "100 %", seconds);

  gtk_window_destroy (window);
  return ok ? 0 : 1;
}
