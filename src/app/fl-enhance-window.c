/* fl-enhance-window.c: the enhancement window
 *
 * Threads: the original is decoded and scaled to a screen-sized preview in a worker;
 * faces are found on the original in another. Previews render one at a time in a
 * worker, coalesced: while one renders, a newer request replaces any waiting one and
 * cancels the running render (the matcher stops between steps), so only the latest
 * parameters are ever drawn. After a preview lands and nothing newer waits, the
 * matcher measures its quality figures, again in a worker. The full-resolution render
 * happens only on Save (fl_enhance_save_async, with progress). Every worker result
 * comes back to the main thread through its GTask callback; the GTask holds the window,
 * which checks whether it was closed meanwhile.
 *
 * Coordinates: the view works in full-resolution result pixels (after the recipe's
 * crop, rotations and upscale); hand-placed eyes are kept in the original's pixels
 * and moved through the recipe's geometry (fl_enhance_recipe_geometry) both ways.
 */
#include <glib/gi18n.h>
#include <math.h>

#include "fl-enhance-window.h"
#include "fl-enhance.h"
#include "fl-format.h"
#include "fl-histogram.h"
#include "fl-message-banner.h"
#include "fl-probe.h"
#include "fl-search.h"
#include "fl-store.h"

/* The preview's longest side: the screen's, within these bounds. */
#define PREVIEW_MIN_SIDE 800
#define PREVIEW_MAX_SIDE 2048

struct _FlEnhanceWindow
{
  AdwWindow         parent_instance;

  /* template */
  AdwToastOverlay  *toast_overlay;
  AdwWindowTitle   *window_title;
  GtkToggleButton  *after_button;
  GtkToggleButton  *before_button;
  GtkToggleButton  *split_button;
  GtkButton        *save_button;
  GtkSpinner       *busy_spinner;
  GtkRevealer      *save_revealer;
  GtkLabel         *save_stage;
  GtkProgressBar   *save_progress;
  FlMessageBanner  *banner;
  FlImageView      *view;
  GtkWidget        *sidebar;
  GtkFlowBox       *palette;
  FlRecipeList     *recipe_list;
  GtkSwitch        *eyes_switch;
  AdwActionRow     *eyes_row;
  AdwActionRow     *level_row;
  GtkButton        *level_button;
  FlHistogram      *histogram;
  AdwActionRow     *hint_row;
  GtkImage         *hint_icon;
  AdwActionRow     *size_row;
  AdwActionRow     *sharpness_row;
  AdwActionRow     *pose_row;
  AdwActionRow     *exposure_row;
  AdwActionRow     *judgement_row;
  GtkToggleButton  *suitable_button;
  GtkToggleButton  *unsuitable_button;
  AdwEntryRow      *reason_row;
  GtkButton        *judge_button;

  FlSession        *session;
  FlMatcher        *matcher;
  GCancellable     *cancellable;      /* the window's lifetime: load, detection, save */
  gboolean          closed;

  gint64            probe_id;         /* opened on */
  gint64            original_id;
  gint64            judge_probe_id;   /* the probe the judgement is about */
  gint64            saved_probe_id;
  int               width;            /* the original's */
  int               height;
  char             *opened_eyes_json; /* the opened probe's hand-placed eyes (its pixels) */

  gboolean          loading;
  gboolean          detecting;
  FlEnhancePreview *preview;          /* used by one render at a time; freed in finalize */
  double            preview_scale;

  gboolean          has_detected_eyes;
  FlPoint           detected_eyes[2]; /* original pixels */
  gboolean          has_manual_eyes;
  FlPoint           manual_eyes[2];   /* original pixels */

  /* the current recipe's geometry */
  gboolean          geometry_ok;
  double            matrix[6];        /* original → result */
  int               result_width;
  int               result_height;

  /* preview rendering */
  gboolean          rendering;
  GCancellable     *render_cancellable;
  FlRecipe         *pending;          /* the latest request not yet rendering */
  FlRecipe         *before_key;       /* the geometric steps of before_texture */
  GdkTexture       *before_texture;
  GdkTexture       *after_texture;

  /* quality of the preview */
  gboolean          measuring;
  FlImage          *unmeasured;       /* the newest preview waiting to be measured */

  gboolean          saving;
  GCancellable     *save_cancellable;
};

G_DEFINE_FINAL_TYPE (FlEnhanceWindow, fl_enhance_window, ADW_TYPE_WINDOW)

enum
{
  PROBE_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_render   (FlEnhanceWindow *self);
static void start_measure  (FlEnhanceWindow *self,
                            FlImage         *image);

/* Helpers */

static FlPoint
map_point (const double m[6],
           FlPoint      p)
{
  return (FlPoint) { m[0] * p.x + m[1] * p.y + m[2], m[3] * p.x + m[4] * p.y + m[5] };
}

static gboolean
invert (const double m[6],
        double       out[6])
{
  double det = m[0] * m[4] - m[1] * m[3];

  if (fabs (det) < 1e-12)
    return FALSE;
  out[0] = m[4] / det;
  out[1] = -m[1] / det;
  out[3] = -m[3] / det;
  out[4] = m[0] / det;
  out[2] = -(out[0] * m[2] + out[1] * m[5]);
  out[5] = -(out[3] * m[2] + out[4] * m[5]);
  return TRUE;
}

static void
show_error (FlEnhanceWindow *self,
            const GError    *error)
{
  fl_message_banner_set (self->banner, FL_MESSAGE_ERROR, error->message);
}

static void
toast (FlEnhanceWindow *self,
       const char      *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
update_busy (FlEnhanceWindow *self)
{
  gboolean busy = self->loading || self->rendering || self->pending != NULL;

  gtk_spinner_set_spinning (self->busy_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), busy);
}

static void
update_sensitivity (FlEnhanceWindow *self)
{
  const FlRecipe *recipe = fl_recipe_list_get_recipe (self->recipe_list);
  gboolean ready = self->preview != NULL && !self->saving;

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button),
                            ready && self->geometry_ok && fl_recipe_get_n_steps (recipe) > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->palette), ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->recipe_list), !self->saving);
  gtk_widget_set_sensitive (GTK_WIDGET (self->level_button),
                            ready && self->geometry_ok &&
                            (self->has_detected_eyes || (self->has_manual_eyes &&
                                                         gtk_switch_get_active (self->eyes_switch))));
}

/* The eyes the examiner uses now (hand-placed when the switch is on), original pixels. */
static gboolean
current_eyes (FlEnhanceWindow *self,
              FlPoint          eyes[2],
              gboolean        *by_hand)
{
  if (gtk_switch_get_active (self->eyes_switch) && self->has_manual_eyes)
    {
      eyes[0] = self->manual_eyes[0];
      eyes[1] = self->manual_eyes[1];
      *by_hand = TRUE;
      return TRUE;
    }
  if (self->has_detected_eyes)
    {
      eyes[0] = self->detected_eyes[0];
      eyes[1] = self->detected_eyes[1];
      *by_hand = FALSE;
      return TRUE;
    }
  return FALSE;
}

static void
update_level_hint (FlEnhanceWindow *self)
{
  const char *text;

  if (gtk_switch_get_active (self->eyes_switch) && self->has_manual_eyes)
    text = _("From the eyes you placed by hand");
  else if (self->has_detected_eyes)
    text = _("From the eyes the matcher found in the original");
  else if (self->detecting || self->loading)
    text = _("Looking for the face…");
  else
    text = _("The matcher found no face: place the eyes by hand first");
  adw_action_row_set_subtitle (self->level_row, text);
}

static void
update_markers (FlEnhanceWindow *self)
{
  FlPoint shown[2];

  if (!gtk_switch_get_active (self->eyes_switch) || !self->has_manual_eyes || !self->geometry_ok)
    {
      fl_image_view_set_eyes (self->view, NULL);
      return;
    }
  for (guint i = 0; i < 2; i++)
    shown[i] = map_point (self->matrix, self->manual_eyes[i]);
  fl_image_view_set_eyes (self->view, shown);
}

static char *
format_px (double v)
{
  return isfinite (v) ? g_strdup_printf ("%.0f", v) : g_strdup ("—");
}

static void
set_row (AdwActionRow *row,
         const char   *text)
{
  adw_action_row_set_subtitle (row, text ? text : "");
}

static void
clear_quality (FlEnhanceWindow *self,
               const char      *hint)
{
  GtkWidget *icon = GTK_WIDGET (self->hint_icon);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->hint_row), _("Hint"));
  set_row (self->hint_row, hint);
  gtk_image_set_from_icon_name (self->hint_icon, "content-loading-symbolic");
  gtk_widget_remove_css_class (icon, "success");
  gtk_widget_remove_css_class (icon, "warning");
  gtk_widget_remove_css_class (icon, "error");
  set_row (self->size_row, NULL);
  set_row (self->sharpness_row, NULL);
  set_row (self->pose_row, NULL);
  set_row (self->exposure_row, NULL);
}

static void
show_quality (FlEnhanceWindow *self,
              const FlQuality *q)
{
  g_autofree char *w = format_px (q->face_width);
  g_autofree char *h = format_px (q->face_height);
  g_autofree char *e = format_px (q->inter_eye_px);
  g_autofree char *size = NULL;
  g_autofree char *sharp = NULL;
  g_autofree char *pose = NULL;
  g_autofree char *exposure = NULL;
  g_autofree char *hint = NULL;
  const char *verdict;
  const char *css;
  const char *icon;

  switch (q->suitability)
    {
    case FL_SUITABILITY_SUITABLE:
      verdict = _("Hint: Suitable");
      css = "success";
      icon = "emblem-ok-symbolic";
      break;
    case FL_SUITABILITY_MARGINAL:
      verdict = _("Hint: Marginal");
      css = "warning";
      icon = "dialog-warning-symbolic";
      break;
    case FL_SUITABILITY_UNSUITABLE:
    default:
      verdict = _("Hint: Unsuitable");
      css = "error";
      icon = "dialog-error-symbolic";
      break;
    }
  hint = g_strdup (q->reasons && *q->reasons ? q->reasons : _("No quality figure is out of bounds."));
  clear_quality (self, hint);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->hint_row), verdict);
  gtk_image_set_from_icon_name (self->hint_icon, icon);
  gtk_widget_add_css_class (GTK_WIDGET (self->hint_icon), css);

  size = g_strdup_printf (_("Face %s × %s px, eyes %s px apart"), w, h, e);
  set_row (self->size_row, size);
  sharp = g_strdup_printf (_("Sharpness %.1f · BRISQUE %.1f (0 best, 100 worst)"), q->sharpness, q->brisque);
  set_row (self->sharpness_row, sharp);
  if (isfinite (q->yaw_degrees))
    pose = g_strdup_printf (_("Turned %.0f° · tilted %.1f°"), q->yaw_degrees, q->roll_degrees);
  else
    pose = g_strdup_printf (_("Tilted %.1f° (no landmarks for the turn)"), q->roll_degrees);
  set_row (self->pose_row, pose);
  exposure = g_strdup_printf (_("%.1f %% of the face in clipped shadows, %.1f %% in clipped highlights"),
                              q->shadows_clipped * 100, q->highlights_clipped * 100);
  set_row (self->exposure_row, exposure);
}

static void
show_judgement (FlEnhanceWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProbe) probe = fl_probe_get (self->session, self->judge_probe_id, &error);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;

  if (probe == NULL)
    {
      set_row (self->judgement_row, error->message);
      return;
    }
  if (probe->suitability == NULL)
    title = g_strdup (_("Not Judged Yet"));
  else
    title = g_strdup (g_str_equal (probe->suitability, "suitable") ? _("Judged Suitable") : _("Judged Unsuitable"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->judgement_row), title);
  if (probe->suitability != NULL)
    {
      g_autofree char *when = fl_format_time (probe->judged_at);

      /* file, examiner, time, then the reason when there is one */
      subtitle = g_strdup_printf (_("%s, by %s on %s"), probe->filename, probe->judged_by ? probe->judged_by : "—",
                                  when);
      if (probe->suitability_reason != NULL)
        {
          char *with_reason = g_strdup_printf ("%s: %s", subtitle, probe->suitability_reason);

          g_free (subtitle);
          subtitle = with_reason;
        }
    }
  else
    subtitle = g_strdup_printf (_("%s: an unsuitable probe can be searched only with the reason recorded"),
                                probe->filename);
  set_row (self->judgement_row, subtitle);
}

/* Geometry of the current recipe at full resolution; FALSE (and the reason shown)
 * when a step does not fit the image. */
static gboolean
update_geometry (FlEnhanceWindow *self)
{
  g_autoptr(GError) error = NULL;
  const FlRecipe *recipe = fl_recipe_list_get_recipe (self->recipe_list);

  if (self->width <= 0)
    return FALSE;
  self->geometry_ok = fl_enhance_recipe_geometry (fl_recipe_get_steps (recipe), fl_recipe_get_n_steps (recipe),
                                                  self->width, self->height, self->matrix,
                                                  &self->result_width, &self->result_height, &error);
  if (!self->geometry_ok)
    show_error (self, error);
  else if (fl_message_banner_get_kind (self->banner) == FL_MESSAGE_ERROR)
    fl_message_banner_set (self->banner, FL_MESSAGE_NONE, NULL);
  return self->geometry_ok;
}

/* ---- loading ----------------------------------------------------------------------- */

typedef struct
{
  GBytes           *bytes;
  int               max_side;
  FlImage          *original;
  FlEnhancePreview *preview;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_pointer (&job->original, fl_image_free);
  g_clear_pointer (&job->preview, fl_enhance_preview_free);
  g_free (job);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;

  job->original = fl_image_new_from_bytes (job->bytes, &error);
  if (job->original == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->preview = fl_enhance_preview_new (job->original, job->max_side);
  g_task_return_boolean (task, TRUE);
}

typedef struct
{
  FlImage *original;
  gboolean found;
  FlPoint  eyes[2];
} DetectJob;

static void
detect_job_free (DetectJob *job)
{
  g_clear_pointer (&job->original, fl_image_free);
  g_free (job);
}

static void
detect_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FlEnhanceWindow *self = source;
  DetectJob *job = task_data;
  g_autoptr(GPtrArray) faces = NULL;
  GError *error = NULL;

  faces = fl_matcher_detect (self->matcher, job->original, FL_DETECT_SSD_IF_NONE, &error);
  if (faces == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (faces->len > 0)
    {
      fl_face_get_eyes (g_ptr_array_index (faces, 0), &job->eyes[0], &job->eyes[1]);
      job->found = TRUE;
    }
  g_task_return_boolean (task, TRUE);
}

static void
detect_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FlEnhanceWindow *self = FL_ENHANCE_WINDOW (source);
  DetectJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->detecting = FALSE;
  if (self->closed)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      adw_action_row_set_subtitle (self->level_row, error->message);
      return;
    }
  self->has_detected_eyes = job->found;
  self->detected_eyes[0] = job->eyes[0];
  self->detected_eyes[1] = job->eyes[1];
  update_level_hint (self);
  if (!job->found && !gtk_switch_get_active (self->eyes_switch))
    adw_action_row_set_subtitle (self->eyes_row, _("No face was found automatically: place the two markers on "
                                                   "the eye centres."));
  update_sensitivity (self);
}

static void
start_detect (FlEnhanceWindow *self,
              FlImage         *original)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, detect_done_cb, NULL);
  DetectJob *job = g_new0 (DetectJob, 1);

  job->original = original;
  g_task_set_task_data (task, job, (GDestroyNotify) detect_job_free);
  self->detecting = TRUE;
  update_level_hint (self);
  g_task_run_in_thread (task, detect_thread);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  FlEnhanceWindow *self = FL_ENHANCE_WINDOW (source);
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRecipe) recipe = user_data;
  FlPoint eyes[2];

  self->loading = FALSE;
  update_busy (self);
  if (self->closed)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_error (self, error);
      return;
    }
  self->width = fl_image_get_width (job->original);
  self->height = fl_image_get_height (job->original);
  self->preview = g_steal_pointer (&job->preview);
  self->preview_scale = fl_enhance_preview_get_scale (self->preview);

  /* The opened probe's hand-placed eyes, in the original's pixels. */
  fl_recipe_list_set_recipe (self->recipe_list, recipe);  /* renders the first preview */
  if (self->opened_eyes_json != NULL && self->geometry_ok &&
      fl_probe_parse_eye_points (self->opened_eyes_json, &eyes[0], &eyes[1]))
    {
      double inverse[6];

      if (invert (self->matrix, inverse))
        {
          self->manual_eyes[0] = map_point (inverse, eyes[0]);
          self->manual_eyes[1] = map_point (inverse, eyes[1]);
          self->has_manual_eyes = TRUE;
          gtk_switch_set_active (self->eyes_switch, TRUE);
        }
    }
  if (self->matcher != NULL)
    start_detect (self, g_steal_pointer (&job->original));
  update_sensitivity (self);
}

static int
preview_side (FlEnhanceWindow *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  GListModel *monitors = display ? gdk_display_get_monitors (display) : NULL;
  g_autoptr(GdkMonitor) monitor = monitors && g_list_model_get_n_items (monitors) > 0
                                  ? g_list_model_get_item (monitors, 0) : NULL;
  GdkRectangle geometry;

  if (monitor == NULL)
    return 1600;
  gdk_monitor_get_geometry (monitor, &geometry);
  return CLAMP (MAX (geometry.width, geometry.height) * gdk_monitor_get_scale_factor (monitor),
                PREVIEW_MIN_SIDE, PREVIEW_MAX_SIDE);
}

static void
load (FlEnhanceWindow *self)
{
  FlDb *db = fl_session_get_db (self->session);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProbe) probe = NULL;
  g_autoptr(FlProbe) original = NULL;
  g_autoptr(FlRecipe) recipe = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *subtitle = NULL;
  LoadJob *job;

  self->matcher = fl_search_get_matcher (&error);
  if (self->matcher == NULL)
    {
      clear_quality (self, error->message);
      g_clear_error (&error);
    }
  probe = fl_probe_get (self->session, self->probe_id, &error);
  if (probe != NULL)
    self->original_id = fl_enhance_get_original (db, self->probe_id, &error);
  if (self->original_id != 0)
    original = fl_probe_get (self->session, self->original_id, &error);
  if (original != NULL)
    recipe = fl_enhance_load_recipe (db, self->probe_id, &error);
  if (recipe == NULL)
    {
      show_error (self, error);
      return;
    }
  self->judge_probe_id = self->probe_id;
  self->opened_eyes_json = g_strdup (probe->eye_points_json);
  /* R1: say so now rather than when Save is refused. */
  if (!fl_session_has_role (self->session, FL_ROLE_EXAMINER) ||
      !fl_accounts_training_current (db, fl_session_get_user_id (self->session), NULL))
    fl_message_banner_set (self->banner, FL_MESSAGE_WARNING,
                           _("Only an examiner whose training is current can save an enhancement or record a "
                             "suitability judgement. You can try a recipe, but not keep it."));
  if (probe->parent_id != 0)
    subtitle = g_strdup_printf (_("%s: its recipe, applied to the original %s"), probe->filename, original->filename);
  else
    subtitle = g_strdup_printf (_("%s (original, SHA-256 %.12s…)"), original->filename, original->hash);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  show_judgement (self);

  job = g_new0 (LoadJob, 1);
  /* fl_store_get checks the original still has its recorded SHA-256. */
  job->bytes = fl_store_get (db, original->hash, &error);
  if (job->bytes == NULL)
    {
      load_job_free (job);
      show_error (self, error);
      return;
    }
  job->max_side = preview_side (self);
  task = g_task_new (self, self->cancellable, load_done_cb, g_steal_pointer (&recipe));
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  self->loading = TRUE;
  update_busy (self);
  g_task_run_in_thread (task, load_thread);
}

/* ---- preview rendering ------------------------------------------------------------- */

typedef struct
{
  FlEnhancePreview *preview;       /* the window's; one render at a time */
  FlRecipe         *recipe;
  gboolean          need_before;
  FlImage          *after;
  GdkTexture       *after_texture;
  GdkTexture       *before_texture;
  FlHistogramData   histogram;
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  g_clear_pointer (&job->recipe, fl_recipe_free);
  g_clear_pointer (&job->after, fl_image_free);
  g_clear_object (&job->after_texture);
  g_clear_object (&job->before_texture);
  g_free (job);
}

static GdkTexture *
texture_from_image (const FlImage *image,
                    FlHistogramData *histogram)
{
  g_autoptr(GBytes) rgb = fl_image_get_rgb (image);
  int w = fl_image_get_width (image), h = fl_image_get_height (image);

  if (histogram != NULL)
    fl_histogram_data_compute (histogram, g_bytes_get_data (rgb, NULL), (gsize) w * h);
  return gdk_memory_texture_new (w, h, GDK_MEMORY_R8G8B8, rgb, (gsize) w * 3);
}

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderJob *job = task_data;
  const FlEnhanceStep *steps = fl_recipe_get_steps (job->recipe);
  guint n = fl_recipe_get_n_steps (job->recipe);
  GError *error = NULL;

  job->after = fl_enhance_preview_render (job->preview, steps, n, FALSE, cancellable, &error);
  if (job->after == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->after_texture = texture_from_image (job->after, &job->histogram);
  if (job->need_before)
    {
      g_autoptr(FlImage) before = fl_enhance_preview_render (job->preview, steps, n, TRUE, cancellable, &error);

      if (before == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      job->before_texture = texture_from_image (before, NULL);
    }
  g_task_return_boolean (task, TRUE);
}

/* The steps that move pixels: the "before" image changes only with them. */
static FlRecipe *
geometric_steps (const FlRecipe *recipe)
{
  FlRecipe *out = fl_recipe_new ();

  for (guint i = 0; i < fl_recipe_get_n_steps (recipe); i++)
    {
      const FlEnhanceStep *step = fl_recipe_get_step (recipe, i);

      if (fl_enhance_op_get_info (step->op)->geometric)
        fl_recipe_append (out, step);
    }
  return out;
}

static void
render_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FlEnhanceWindow *self = FL_ENHANCE_WINDOW (source);
  RenderJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRecipe) geometry = NULL;
  int width, height;

  self->rendering = FALSE;
  g_clear_object (&self->render_cancellable);
  if (self->closed)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, FL_ERROR, FL_ERROR_CANCELLED))
        show_error (self, error);
      if (self->pending != NULL)
        start_render (self);
      update_busy (self);
      return;
    }
  if (job->need_before)
    {
      g_set_object (&self->before_texture, job->before_texture);
      g_clear_pointer (&self->before_key, fl_recipe_free);
      self->before_key = geometric_steps (job->recipe);
    }
  g_set_object (&self->after_texture, job->after_texture);
  /* Full-resolution size of this render's result: the view's unit. */
  geometry = geometric_steps (job->recipe);
  if (fl_enhance_recipe_geometry (fl_recipe_get_steps (geometry), fl_recipe_get_n_steps (geometry),
                                  self->width, self->height, NULL, &width, &height, NULL))
    fl_image_view_set_images (self->view, self->before_texture, self->after_texture, width, height);
  fl_histogram_set_data (self->histogram, &job->histogram);

  if (self->pending != NULL)
    start_render (self);
  else if (self->matcher != NULL)
    start_measure (self, g_steal_pointer (&job->after));
  update_busy (self);
}

static void
start_render (FlEnhanceWindow *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(FlRecipe) geometry = NULL;
  RenderJob *job;

  if (self->pending == NULL || self->preview == NULL || self->closed)
    return;
  job = g_new0 (RenderJob, 1);
  job->preview = self->preview;
  job->recipe = g_steal_pointer (&self->pending);
  geometry = geometric_steps (job->recipe);
  job->need_before = self->before_key == NULL || !fl_recipe_equal (geometry, self->before_key);

  self->render_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->render_cancellable, render_done_cb, NULL);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) render_job_free);
  self->rendering = TRUE;
  g_task_run_in_thread (task, render_thread);
}

/* Only the latest request renders: a waiting one is replaced, a running one cancelled. */
static void
request_render (FlEnhanceWindow *self)
{
  if (self->preview == NULL)
    return;
  g_clear_pointer (&self->pending, fl_recipe_free);
  self->pending = fl_recipe_copy (fl_recipe_list_get_recipe (self->recipe_list));
  if (self->rendering)
    g_cancellable_cancel (self->render_cancellable);
  else
    start_render (self);
  update_busy (self);
}

/* ---- quality of the preview -------------------------------------------------------- */

typedef struct
{
  FlImage   *image;
  double     scale;        /* preview px per full-resolution px */
  gboolean   has_eyes;     /* hand-placed, in preview pixels */
  FlPoint    eyes[2];
  FlQuality *quality;
} MeasureJob;

static void
measure_job_free (MeasureJob *job)
{
  g_clear_pointer (&job->image, fl_image_free);
  g_clear_pointer (&job->quality, fl_quality_free);
  g_free (job);
}

static void
measure_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  FlEnhanceWindow *self = source;
  MeasureJob *job = task_data;
  g_autoptr(FlFace) manual = NULL;
  g_autoptr(GPtrArray) faces = NULL;
  const FlFace *face = NULL;
  GError *error = NULL;

  if (job->has_eyes)
    face = manual = fl_matcher_face_from_eyes (self->matcher, job->image, job->eyes[0], job->eyes[1], &error);
  else
    {
      faces = fl_matcher_detect (self->matcher, job->image, FL_DETECT_NO_UPSAMPLE | FL_DETECT_SSD_IF_NONE, &error);
      if (faces != NULL && faces->len > 0)
        face = g_ptr_array_index (faces, 0);
      else if (faces != NULL)
        {
          g_task_return_boolean (task, TRUE);  /* no face: quality stays NULL */
          return;
        }
    }
  if (face == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->quality = fl_matcher_assess_quality (self->matcher, job->image, face, &error);
  if (job->quality == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Sizes in full-resolution pixels, as the saved probe will measure them. */
  job->quality->face_width /= job->scale;
  job->quality->face_height /= job->scale;
  job->quality->inter_eye_px /= job->scale;
  g_task_return_boolean (task, TRUE);
}

static void
measure_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FlEnhanceWindow *self = FL_ENHANCE_WINDOW (source);
  MeasureJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->measuring = FALSE;
  if (self->closed)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    clear_quality (self, error->message);
  else if (job->quality == NULL)
    clear_quality (self, _("No face found in the preview: place the eyes by hand to measure it."));
  else
    show_quality (self, job->quality);
  if (self->unmeasured != NULL)
    start_measure (self, g_steal_pointer (&self->unmeasured));
}

/* Takes @image. While a measurement runs, only the newest image waits. */
static void
start_measure (FlEnhanceWindow *self,
               FlImage         *image)
{
  g_autoptr(GTask) task = NULL;
  MeasureJob *job;

  if (self->measuring)
    {
      g_clear_pointer (&self->unmeasured, fl_image_free);
      self->unmeasured = image;
      return;
    }
  job = g_new0 (MeasureJob, 1);
  job->image = image;
  job->scale = (double) fl_image_get_width (image) / MAX (self->result_width, 1);
  if (gtk_switch_get_active (self->eyes_switch) && self->has_manual_eyes && self->geometry_ok)
    {
      job->has_eyes = TRUE;
      for (guint i = 0; i < 2; i++)
        {
          FlPoint p = map_point (self->matrix, self->manual_eyes[i]);

          job->eyes[i] = (FlPoint) { p.x * job->scale, p.y * job->scale };
        }
    }
  task = g_task_new (self, self->cancellable, measure_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) measure_job_free);
  self->measuring = TRUE;
  g_task_run_in_thread (task, measure_thread);
}

/* Measures the preview shown now again (the eyes moved). */
static void
remeasure (FlEnhanceWindow *self)
{
  if (self->matcher == NULL || self->after_texture == NULL)
    return;
  /* The next render measures; with nothing to render, render the same recipe again:
   * the preview's cache makes that cheap. */
  request_render (self);
}

/* ---- saving ------------------------------------------------------------------------ */

static void
set_saving (FlEnhanceWindow *self,
            gboolean         saving)
{
  self->saving = saving;
  gtk_revealer_set_reveal_child (self->save_revealer, saving);
  if (saving)
    {
      gtk_progress_bar_set_fraction (self->save_progress, 0);
      gtk_label_set_text (self->save_stage, _("Starting…"));
    }
  update_sensitivity (self);
}

static void
save_progress_cb (double      fraction,
                  const char *stage,
                  gpointer    user_data)
{
  FlEnhanceWindow *self = user_data;

  if (self->closed)
    return;
  gtk_progress_bar_set_fraction (self->save_progress, fraction);
  gtk_label_set_text (self->save_stage, stage);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FlEnhanceWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlQuality) quality = NULL;
  g_autoptr(FlProbe) probe = NULL;
  g_autofree char *message = NULL;
  gint64 id = fl_enhance_save_finish (result, &error);

  g_clear_object (&self->save_cancellable);
  if (self->closed)
    return;
  set_saving (self, FALSE);
  if (id == 0)
    {
      if (g_error_matches (error, FL_ERROR, FL_ERROR_CANCELLED))
        toast (self, _("Save cancelled: nothing was saved."));
      else
        show_error (self, error);
      return;
    }
  self->saved_probe_id = id;
  self->judge_probe_id = id;
  probe = fl_probe_get (self->session, id, &error);
  /* The new probe's own quality figures, stored with it (R11). */
  if (self->matcher != NULL)
    {
      quality = fl_probe_assess (self->session, self->matcher, id, &error);
      if (quality == NULL)
        g_clear_error (&error);
    }
  message = g_strdup_printf (_("Saved as a new probe: %s. The original is unchanged."),
                             probe ? probe->filename : "");
  fl_message_banner_set (self->banner, FL_MESSAGE_SUCCESS, message);
  toast (self, _("Enhanced probe saved"));
  show_judgement (self);
  g_signal_emit (self, signals[PROBE_SAVED], 0, id);
}

/* ---- callbacks --------------------------------------------------------------------- */

static void
recipe_changed_cb (FlRecipeList    *list,
                   FlEnhanceWindow *self)
{
  if (update_geometry (self))
    {
      update_markers (self);
      request_render (self);
    }
  update_sensitivity (self);
}

static void
mode_toggled_cb (GtkToggleButton *button,
                 FlEnhanceWindow *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  if (button == self->before_button)
    fl_image_view_set_mode (self->view, FL_IMAGE_VIEW_BEFORE);
  else if (button == self->split_button)
    fl_image_view_set_mode (self->view, FL_IMAGE_VIEW_SPLIT);
  else
    fl_image_view_set_mode (self->view, FL_IMAGE_VIEW_AFTER);
}

static void
zoom_in_clicked_cb (FlEnhanceWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self->view), "view.zoom-in", NULL);
}

static void
zoom_out_clicked_cb (FlEnhanceWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self->view), "view.zoom-out", NULL);
}

static void
zoom_fit_clicked_cb (FlEnhanceWindow *self)
{
  fl_image_view_zoom_fit (self->view);
}

static void
zoom_100_clicked_cb (FlEnhanceWindow *self)
{
  fl_image_view_set_zoom (self->view, 1.0);
}

static void
eyes_switch_cb (GtkSwitch       *button,
                GParamSpec      *pspec,
                FlEnhanceWindow *self)
{
  if (gtk_switch_get_active (button) && !self->has_manual_eyes && self->width > 0)
    {
      /* Start from the detected eyes, or at a third and two thirds across. */
      if (self->has_detected_eyes)
        {
          self->manual_eyes[0] = self->detected_eyes[0];
          self->manual_eyes[1] = self->detected_eyes[1];
        }
      else
        {
          self->manual_eyes[0] = (FlPoint) { self->width / 3.0, self->height * 0.4 };
          self->manual_eyes[1] = (FlPoint) { self->width * 2 / 3.0, self->height * 0.4 };
        }
      self->has_manual_eyes = TRUE;
    }
  adw_action_row_set_subtitle (self->eyes_row, gtk_switch_get_active (button)
                               ? _("Drag the two markers onto the eye centres; they are saved with the new probe.")
                               : "");
  update_markers (self);
  update_level_hint (self);
  update_sensitivity (self);
  remeasure (self);
}

static void
eyes_moved_cb (FlImageView     *view,
               FlEnhanceWindow *self)
{
  FlPoint shown[2];
  double inverse[6];

  if (!fl_image_view_get_eyes (view, shown) || !self->geometry_ok || !invert (self->matrix, inverse))
    return;
  for (guint i = 0; i < 2; i++)
    self->manual_eyes[i] = map_point (inverse, shown[i]);
  self->has_manual_eyes = TRUE;
  update_sensitivity (self);
  remeasure (self);
}

static void
level_clicked_cb (FlEnhanceWindow *self)
{
  FlPoint eyes[2], shown[2];
  gboolean by_hand = FALSE;
  FlEnhanceStep step;

  if (!self->geometry_ok || !current_eyes (self, eyes, &by_hand))
    {
      fl_message_banner_set (self->banner, FL_MESSAGE_WARNING,
                             _("No eyes to level: the matcher found no face. Switch on “Place the Eyes by Hand” "
                               "and drag the markers onto the eye centres."));
      return;
    }
  /* The step goes at the end: its eyes are in the pixels of the current result. */
  shown[0] = map_point (self->matrix, eyes[0]);
  shown[1] = map_point (self->matrix, eyes[1]);
  if (shown[0].x > shown[1].x)
    {
      FlPoint swap = shown[0];

      shown[0] = shown[1];
      shown[1] = swap;
    }
  fl_enhance_step_level_eyes (&step, shown[0], shown[1], by_hand);
  if (fabs (step.params[0]) < 0.01)
    {
      toast (self, _("The eyes are already level."));
      return;
    }
  fl_recipe_list_append (self->recipe_list, &step);
}

/* A new step of the palette's operation, with its default parameters; a crop starts
 * around the face when the eyes are known. */
static void
palette_clicked_cb (GtkButton       *button,
                    FlEnhanceWindow *self)
{
  FlEnhanceOp op = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "fl-op"));
  FlEnhanceStep step;
  FlPoint eyes[2];
  gboolean by_hand;

  fl_enhance_step_init (&step, op);
  if (op == FL_ENHANCE_CROP)
    {
      double w = self->result_width, h = self->result_height;
      double x0 = w * 0.1, y0 = h * 0.1, x1 = w * 0.9, y1 = h * 0.9;

      if (current_eyes (self, eyes, &by_hand))
        {
          FlPoint a = map_point (self->matrix, eyes[0]), b = map_point (self->matrix, eyes[1]);
          double d = MAX (hypot (b.x - a.x, b.y - a.y), 16);
          double cx = (a.x + b.x) / 2, cy = (a.y + b.y) / 2;

          /* The head with a margin: 4 eye distances wide, 5 high, the eyes above centre. */
          x0 = cx - 2 * d;
          x1 = cx + 2 * d;
          y0 = cy - 2.2 * d;
          y1 = cy + 2.8 * d;
        }
      x0 = floor (CLAMP (x0, 0, w - 16));
      y0 = floor (CLAMP (y0, 0, h - 16));
      step.params[0] = x0;
      step.params[1] = y0;
      step.params[2] = floor (CLAMP (x1, x0 + 16, w) - x0);
      step.params[3] = floor (CLAMP (y1, y0 + 16, h) - y0);
    }
  fl_recipe_list_append (self->recipe_list, &step);
}

static void
save_clicked_cb (FlEnhanceWindow *self)
{
  const FlRecipe *recipe = fl_recipe_list_get_recipe (self->recipe_list);
  gboolean use_eyes = gtk_switch_get_active (self->eyes_switch) && self->has_manual_eyes;

  if (self->saving || !gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    return;
  fl_message_banner_set (self->banner, FL_MESSAGE_NONE, NULL);
  set_saving (self, TRUE);
  self->save_cancellable = g_cancellable_new ();
  fl_enhance_save_async (self->session, self->probe_id, recipe, use_eyes ? self->manual_eyes : NULL,
                         save_progress_cb, self, self->save_cancellable, save_done_cb, g_object_ref (self));
}

static void
cancel_clicked_cb (FlEnhanceWindow *self)
{
  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
}

static void
judge_clicked_cb (FlEnhanceWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProbe) probe = NULL;
  gboolean suitable = gtk_toggle_button_get_active (self->suitable_button);
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));

  if (!suitable && !gtk_toggle_button_get_active (self->unsuitable_button))
    {
      fl_message_banner_set (self->banner, FL_MESSAGE_WARNING, _("Choose Suitable or Unsuitable first."));
      return;
    }
  /* The measured hint goes with the judgement (R11): measure a probe not yet measured. */
  probe = fl_probe_get (self->session, self->judge_probe_id, &error);
  if (probe != NULL && probe->quality_json == NULL && self->matcher != NULL)
    fl_quality_free (fl_probe_assess (self->session, self->matcher, self->judge_probe_id, NULL));
  if (!fl_probe_judge (self->session, self->judge_probe_id, suitable, reason, &error))
    {
      show_error (self, error);
      return;
    }
  fl_message_banner_set (self->banner, FL_MESSAGE_SUCCESS, _("Judgement recorded."));
  show_judgement (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save_clicked_cb (FL_ENHANCE_WINDOW (widget));
}

static void
build_palette (FlEnhanceWindow *self)
{
  for (int op = 0; op < FL_ENHANCE_N_OPS; op++)
    {
      GtkWidget *button;

      if (op == FL_ENHANCE_LEVEL_EYES)  /* in the Eyes group: it needs the eyes */
        continue;
      button = gtk_button_new_with_label (gettext (fl_enhance_op_get_info (op)->label));
      g_object_set_data (G_OBJECT (button), "fl-op", GINT_TO_POINTER (op));
      g_signal_connect (button, "clicked", G_CALLBACK (palette_clicked_cb), self);
      gtk_flow_box_append (self->palette, button);
    }
}

/* ---- overrides --------------------------------------------------------------------- */

static void
fl_enhance_window_dispose (GObject *object)
{
  FlEnhanceWindow *self = FL_ENHANCE_WINDOW (object);

  /* Workers still running hold the window; their callbacks see it closed. */
  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->render_cancellable != NULL)
    g_cancellable_cancel (self->render_cancellable);
  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_ENHANCE_WINDOW);
  g_clear_object (&self->before_texture);
  g_clear_object (&self->after_texture);
  G_OBJECT_CLASS (fl_enhance_window_parent_class)->dispose (object);
}

static void
fl_enhance_window_finalize (GObject *object)
{
  FlEnhanceWindow *self = FL_ENHANCE_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->matcher, fl_matcher_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->render_cancellable);
  g_clear_object (&self->save_cancellable);
  g_clear_pointer (&self->preview, fl_enhance_preview_free);
  g_clear_pointer (&self->pending, fl_recipe_free);
  g_clear_pointer (&self->before_key, fl_recipe_free);
  g_clear_pointer (&self->unmeasured, fl_image_free);
  g_free (self->opened_eyes_json);
  G_OBJECT_CLASS (fl_enhance_window_parent_class)->finalize (object);
}

static void
fl_enhance_window_class_init (FlEnhanceWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_enhance_window_dispose;
  object_class->finalize = fl_enhance_window_finalize;

  /**
   * FlEnhanceWindow::probe-saved:
   * @probe_id: the new probe
   *
   * An enhanced probe was saved to the case.
   */
  signals[PROBE_SAVED] = g_signal_new ("probe-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (FL_TYPE_IMAGE_VIEW);
  g_type_ensure (FL_TYPE_RECIPE_LIST);
  g_type_ensure (FL_TYPE_HISTOGRAM);
  g_type_ensure (FL_TYPE_MESSAGE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-enhance-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, after_button);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, before_button);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, split_button);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, save_revealer);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, save_stage);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, save_progress);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, view);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, palette);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, recipe_list);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, eyes_switch);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, eyes_row);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, level_row);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, level_button);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, histogram);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, hint_row);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, hint_icon);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, size_row);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, sharpness_row);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, pose_row);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, exposure_row);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, judgement_row);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, suitable_button);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, unsuitable_button);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, reason_row);
  gtk_widget_class_bind_template_child (widget_class, FlEnhanceWindow, judge_button);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_out_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_fit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_100_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, eyes_moved_cb);
  gtk_widget_class_bind_template_callback (widget_class, recipe_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, eyes_switch_cb);
  gtk_widget_class_bind_template_callback (widget_class, level_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, judge_clicked_cb);

  gtk_widget_class_install_action (widget_class, "enhance.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "enhance.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
fl_enhance_window_init (FlEnhanceWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  build_palette (self);
  clear_quality (self, _("Measured when the preview is ready."));
  update_busy (self);
}

/* ---- public API -------------------------------------------------------------------- */

GtkWidget *
fl_enhance_window_new (FlSession *session,
                       gint64     probe_id)
{
  FlEnhanceWindow *self;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);
  self = g_object_new (FL_TYPE_ENHANCE_WINDOW, NULL);
  self->session = g_object_ref (session);
  self->probe_id = probe_id;
  load (self);
  return GTK_WIDGET (self);
}

gboolean
fl_enhance_window_is_busy (FlEnhanceWindow *self)
{
  g_return_val_if_fail (FL_IS_ENHANCE_WINDOW (self), FALSE);
  return self->loading || self->detecting || self->rendering || self->pending != NULL || self->measuring ||
         self->unmeasured != NULL || self->saving;
}

gboolean
fl_enhance_window_is_rendering (FlEnhanceWindow *self)
{
  g_return_val_if_fail (FL_IS_ENHANCE_WINDOW (self), FALSE);
  return self->loading || self->rendering || self->pending != NULL;
}

FlImageView *
fl_enhance_window_get_view (FlEnhanceWindow *self)
{
  g_return_val_if_fail (FL_IS_ENHANCE_WINDOW (self), NULL);
  return self->view;
}

FlRecipeList *
fl_enhance_window_get_recipe_list (FlEnhanceWindow *self)
{
  g_return_val_if_fail (FL_IS_ENHANCE_WINDOW (self), NULL);
  return self->recipe_list;
}

gint64
fl_enhance_window_get_saved_probe (FlEnhanceWindow *self)
{
  g_return_val_if_fail (FL_IS_ENHANCE_WINDOW (self), 0);
  return self->saved_probe_id;
}
