/* fl-pdf-canvas.c: one page of a PDF, drawn at a zoom, scrollable
 *
 * The page is rendered with poppler_page_render() into a cairo image in a
 * worker thread, one job at a time: the worker uses its own PopplerDocument
 * (made from the same bytes), so no Poppler object is ever used by two
 * threads. Until the sharp rendering arrives, the previous one is drawn
 * scaled. Zooming keeps the document point under the pointer (or the
 * pinch centre) where it is; the adjustments are always clamped.
 */
#include <math.h>
#include <poppler.h>

#include "fl-pdf-canvas.h"

#define MARGIN 16.0   /* around the page, logical pixels */

struct _FlPdfCanvas
{
  GtkWidget        parent_instance;

  GtkAdjustment   *hadjustment;
  GtkAdjustment   *vadjustment;
  guint            hscroll_policy : 1;
  guint            vscroll_policy : 1;

  PopplerDocument *document;        /* the main thread's: page sizes */
  PopplerDocument *worker_document; /* used only by the render job */
  int              n_pages;
  int              page;
  double           page_width;      /* the current page, points */
  double           page_height;
  double           zoom;
  gboolean         fit_width;

  GdkTexture      *texture;
  int              texture_page;
  double           texture_scale;   /* device pixels per point */
  GCancellable    *render_cancellable; /* non-NULL while a job runs */
  gboolean         last_rendered;

  double           pointer_x;
  double           pointer_y;
  double           pinch_start_zoom;
  double           drag_start_h;
  double           drag_start_v;
  guint            zoom_notify_source;
};

static void fl_pdf_canvas_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FlPdfCanvas, fl_pdf_canvas, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, fl_pdf_canvas_scrollable_init))

enum {
  PROP_0,
  PROP_PAGE,
  PROP_N_PAGES,
  PROP_ZOOM,
  PROP_FIT_WIDTH,
  PROP_RENDERED,
  N_PROPS,
  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

/* ---- layout ---------------------------------------------------------- */

typedef struct
{
  double page_x;      /* content coordinates (before scrolling) */
  double page_y;
  double page_w;
  double page_h;
  double content_w;
  double content_h;
} Layout;

static void
compute_layout (FlPdfCanvas *self,
                double       zoom,
                double       view_w,
                double       view_h,
                Layout      *l)
{
  l->page_w = self->page_width * zoom;
  l->page_h = self->page_height * zoom;
  l->content_w = MAX (view_w, l->page_w + 2 * MARGIN);
  l->content_h = MAX (view_h, l->page_h + 2 * MARGIN);
  l->page_x = (l->content_w - l->page_w) / 2;
  l->page_y = l->page_h + 2 * MARGIN > view_h ? MARGIN : (l->content_h - l->page_h) / 2;
}

static double
fit_width_zoom (FlPdfCanvas *self,
                int          view_w)
{
  if (self->page_width <= 0 || view_w <= 0)
    return self->zoom;
  return CLAMP ((view_w - 2 * MARGIN) / self->page_width, FL_PDF_ZOOM_MIN, FL_PDF_ZOOM_MAX);
}

static void
set_adjustment (GtkAdjustment *adjustment,
                double         value,
                double         upper,
                double         page)
{
  value = CLAMP (value, 0, MAX (0, upper - page));
  gtk_adjustment_configure (adjustment, value, 0, upper, page * 0.1, page * 0.9, page);
}

static void
configure_adjustments (FlPdfCanvas *self,
                       double       hvalue,
                       double       vvalue)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  Layout l;

  compute_layout (self, self->zoom, w, h, &l);
  if (self->hadjustment)
    set_adjustment (self->hadjustment, hvalue, l.content_w, w);
  if (self->vadjustment)
    set_adjustment (self->vadjustment, vvalue, l.content_h, h);
}

static double
adjustment_value (GtkAdjustment *adjustment)
{
  return adjustment ? gtk_adjustment_get_value (adjustment) : 0;
}

/* ---- rendering (worker thread) ----------------------------------------- */

static GMutex render_mutex;

void
fl_pdf_render_lock (void)
{
  g_mutex_lock (&render_mutex);
}

void
fl_pdf_render_unlock (void)
{
  g_mutex_unlock (&render_mutex);
}

typedef struct
{
  PopplerDocument *document;
  int              page;
  double           scale;
} RenderJob;

typedef struct
{
  PopplerDocument *document;  /* which document it was drawn from */
  int              page;
  double           scale;
  int              width;
  int              height;
  gsize            stride;
  GBytes          *pixels;    /* cairo ARGB32 = GDK_MEMORY_DEFAULT */
} RenderResult;

static void
render_job_free (RenderJob *job)
{
  g_clear_object (&job->document);
  g_free (job);
}

static void
render_result_free (RenderResult *result)
{
  g_clear_object (&result->document);
  g_clear_pointer (&result->pixels, g_bytes_unref);
  g_free (result);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderJob *job = task_data;
  PopplerPage *page;
  RenderResult *result;
  cairo_surface_t *surface;
  cairo_t *cr;
  double pw, ph;
  int w, h;

  if (g_task_return_error_if_cancelled (task))
    return;
  page = poppler_document_get_page (job->document, job->page);
  if (page == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Page %d cannot be read.", job->page + 1);
      return;
    }
  poppler_page_get_size (page, &pw, &ph);
  w = MAX (1, (int) ceil (pw * job->scale));
  h = MAX (1, (int) ceil (ph * job->scale));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_object_unref (page);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "Not enough memory to draw the page.");
      return;
    }
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, job->scale, job->scale);
  fl_pdf_render_lock ();
  poppler_page_render (page, cr);
  fl_pdf_render_unlock ();
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_object_unref (page);

  result = g_new0 (RenderResult, 1);
  result->document = g_object_ref (job->document);
  result->page = job->page;
  result->scale = job->scale;
  result->width = w;
  result->height = h;
  result->stride = cairo_image_surface_get_stride (surface);
  /* The bytes keep the surface that owns the pixels alive. */
  result->pixels = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface), result->stride * h,
                                               (GDestroyNotify) cairo_surface_destroy, surface);
  g_task_return_pointer (task, result, (GDestroyNotify) render_result_free);
}

static double
wanted_scale (FlPdfCanvas *self)
{
  return self->zoom * gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

static gboolean
rendered (FlPdfCanvas *self)
{
  return self->texture != NULL && self->texture_page == self->page &&
         fabs (self->texture_scale - wanted_scale (self)) < 1e-6;
}

static void
notify_rendered (FlPdfCanvas *self)
{
  gboolean now = rendered (self) && self->render_cancellable == NULL;

  if (now != self->last_rendered)
    {
      self->last_rendered = now;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENDERED]);
    }
}

static void queue_render (FlPdfCanvas *self);

static void
render_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  FlPdfCanvas *self = FL_PDF_CANVAS (source);
  g_autoptr(GError) error = NULL;
  RenderResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  g_clear_object (&self->render_cancellable);
  if (result != NULL && result->document == self->worker_document)
    {
      g_clear_object (&self->texture);
      self->texture = gdk_memory_texture_new (result->width, result->height, GDK_MEMORY_DEFAULT, result->pixels,
                                              result->stride);
      self->texture_page = result->page;
      self->texture_scale = result->scale;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Cannot draw page %d of the report: %s", self->page + 1, error->message);
  g_clear_pointer (&result, render_result_free);

  /* The page or zoom may have changed while this job ran. */
  if (error == NULL || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    queue_render (self);
  notify_rendered (self);
}

static void
queue_render (FlPdfCanvas *self)
{
  g_autoptr(GTask) task = NULL;
  RenderJob *job;

  /* One job at a time; render_done_cb starts the next when something changed. */
  if (self->worker_document == NULL || self->n_pages == 0 || self->render_cancellable != NULL || rendered (self))
    {
      notify_rendered (self);
      return;
    }
  job = g_new0 (RenderJob, 1);
  job->document = g_object_ref (self->worker_document);
  job->page = self->page;
  job->scale = wanted_scale (self);
  self->render_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->render_cancellable, render_done_cb, NULL);
  g_task_set_source_tag (task, queue_render);
  g_task_set_task_data (task, job, (GDestroyNotify) render_job_free);
  g_task_run_in_thread (task, render_thread);
  notify_rendered (self);
}

/* ---- zoom and pages ------------------------------------------------------ */

static void
read_page_size (FlPdfCanvas *self)
{
  PopplerPage *page;

  self->page_width = self->page_height = 0;
  if (self->document == NULL || self->n_pages == 0)
    return;
  page = poppler_document_get_page (self->document, self->page);
  if (page != NULL)
    {
      poppler_page_get_size (page, &self->page_width, &self->page_height);
      g_object_unref (page);
    }
}

/* Sets the zoom keeping the document point at (@ax, @ay) in widget coordinates in place. */
static void
apply_zoom (FlPdfCanvas *self,
            double       zoom,
            double       ax,
            double       ay)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  double hvalue = adjustment_value (self->hadjustment);
  double vvalue = adjustment_value (self->vadjustment);
  double old_zoom = self->zoom;
  double dx, dy;
  Layout before, after;

  zoom = CLAMP (zoom, FL_PDF_ZOOM_MIN, FL_PDF_ZOOM_MAX);
  if (fabs (zoom - old_zoom) < 1e-9)
    return;
  compute_layout (self, old_zoom, w, h, &before);
  dx = (ax + hvalue - before.page_x) / old_zoom;
  dy = (ay + vvalue - before.page_y) / old_zoom;
  self->zoom = zoom;
  compute_layout (self, zoom, w, h, &after);
  configure_adjustments (self, after.page_x + dx * zoom - ax, after.page_y + dy * zoom - ay);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  queue_render (self);
}

static void
leave_fit_width (FlPdfCanvas *self)
{
  if (self->fit_width)
    {
      self->fit_width = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT_WIDTH]);
    }
}

/* ---- input ---------------------------------------------------------------- */

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           FlPdfCanvas              *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

/* Ctrl+scroll zooms multiplicatively around the pointer; plain scroll is the scrolled window's. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           FlPdfCanvas              *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double steps;

  if ((state & GDK_CONTROL_MASK) == 0 || self->n_pages == 0)
    return FALSE;
  /* A wheel click is one step; smooth (touchpad) deltas come in pixels. */
  steps = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL ? dy : dy / 20.0;
  fl_pdf_canvas_zoom_at (self, pow (1.2, -steps), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
pinch_begin_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                FlPdfCanvas      *self)
{
  self->pinch_start_zoom = self->zoom;
}

static void
pinch_scale_changed_cb (GtkGestureZoom *gesture,
                        double          scale,
                        FlPdfCanvas    *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  leave_fit_width (self);
  apply_zoom (self, self->pinch_start_zoom * scale, x, y);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               FlPdfCanvas    *self)
{
  self->drag_start_h = adjustment_value (self->hadjustment);
  self->drag_start_v = adjustment_value (self->vadjustment);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                FlPdfCanvas    *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
  if (self->hadjustment)
    gtk_adjustment_set_value (self->hadjustment, self->drag_start_h - offset_x);
  if (self->vadjustment)
    gtk_adjustment_set_value (self->vadjustment, self->drag_start_v - offset_y);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             FlPdfCanvas    *self)
{
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static void
adjustment_value_changed_cb (GtkAdjustment *adjustment,
                             FlPdfCanvas   *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
scale_factor_cb (FlPdfCanvas *self)
{
  queue_render (self);
}

/* ---- GtkScrollable ---------------------------------------------------------- */

static void
set_adjustment_object (FlPdfCanvas    *self,
                       GtkAdjustment **slot,
                       GtkAdjustment  *adjustment)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  if (*slot == adjustment)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, adjustment_value_changed_cb, self);
  g_set_object (slot, g_object_ref_sink (adjustment));
  g_object_unref (adjustment);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (adjustment_value_changed_cb), self, 0);
  configure_adjustments (self, adjustment_value (self->hadjustment), adjustment_value (self->vadjustment));
}

static gboolean
fl_pdf_canvas_get_border (GtkScrollable *scrollable,
                          GtkBorder     *border)
{
  return FALSE;
}

static void
fl_pdf_canvas_scrollable_init (GtkScrollableInterface *iface)
{
  iface->get_border = fl_pdf_canvas_get_border;
}

/* ---- GtkWidget ---------------------------------------------------------------- */

static void
fl_pdf_canvas_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  FlPdfCanvas *self = FL_PDF_CANVAS (widget);
  double extent = orientation == GTK_ORIENTATION_HORIZONTAL ? self->page_width : self->page_height;

  *minimum = 0;
  *natural = (int) ceil (extent * self->zoom + 2 * MARGIN);
}

static gboolean
notify_zoom_idle (gpointer user_data)
{
  FlPdfCanvas *self = user_data;

  self->zoom_notify_source = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  return G_SOURCE_REMOVE;
}

static void
fl_pdf_canvas_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  FlPdfCanvas *self = FL_PDF_CANVAS (widget);

  if (self->fit_width)
    {
      double zoom = fit_width_zoom (self, width);

      if (fabs (zoom - self->zoom) > 1e-9)
        {
          self->zoom = zoom;
          /* Not now: a zoom label resized during layout would miss its allocation. */
          if (self->zoom_notify_source == 0)
            self->zoom_notify_source = g_idle_add (notify_zoom_idle, self);
          queue_render (self);
        }
    }
  configure_adjustments (self, adjustment_value (self->hadjustment), adjustment_value (self->vadjustment));
}

static void
fl_pdf_canvas_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  FlPdfCanvas *self = FL_PDF_CANVAS (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  graphene_rect_t rect;
  GskRoundedRect outline;

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.5, 0.5, 0.5, 0.14 }, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (self->n_pages == 0)
    return;

  fl_pdf_canvas_get_page_rect (self, &rect);
  gsk_rounded_rect_init_from_rect (&outline, &rect, 0);
  gtk_snapshot_append_outset_shadow (snapshot, &outline, &(GdkRGBA) { 0, 0, 0, 0.3 }, 0, 1, 0, 4);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, &rect);
  /* A rendering at another zoom is drawn scaled until the sharp one arrives. */
  if (self->texture != NULL && self->texture_page == self->page)
    gtk_snapshot_append_texture (snapshot, self->texture, &rect);
}

static void
fl_pdf_canvas_dispose (GObject *object)
{
  FlPdfCanvas *self = FL_PDF_CANVAS (object);

  /* A running job finishes on its own; its result is dropped (worker_document is gone). */
  if (self->render_cancellable != NULL)
    g_cancellable_cancel (self->render_cancellable);
  g_clear_handle_id (&self->zoom_notify_source, g_source_remove);
  g_clear_object (&self->texture);
  g_clear_object (&self->document);
  g_clear_object (&self->worker_document);
  if (self->hadjustment)
    g_signal_handlers_disconnect_by_func (self->hadjustment, adjustment_value_changed_cb, self);
  if (self->vadjustment)
    g_signal_handlers_disconnect_by_func (self->vadjustment, adjustment_value_changed_cb, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (fl_pdf_canvas_parent_class)->dispose (object);
}

static void
fl_pdf_canvas_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FlPdfCanvas *self = FL_PDF_CANVAS (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_int (value, self->page);
      break;
    case PROP_N_PAGES:
      g_value_set_int (value, self->n_pages);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_FIT_WIDTH:
      g_value_set_boolean (value, self->fit_width);
      break;
    case PROP_RENDERED:
      g_value_set_boolean (value, fl_pdf_canvas_is_rendered (self));
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_pdf_canvas_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FlPdfCanvas *self = FL_PDF_CANVAS (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      fl_pdf_canvas_set_page (self, g_value_get_int (value));
      break;
    case PROP_ZOOM:
      fl_pdf_canvas_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_FIT_WIDTH:
      fl_pdf_canvas_set_fit_width (self, g_value_get_boolean (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment_object (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment_object (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_pdf_canvas_class_init (FlPdfCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_pdf_canvas_dispose;
  object_class->get_property = fl_pdf_canvas_get_property;
  object_class->set_property = fl_pdf_canvas_set_property;
  widget_class->measure = fl_pdf_canvas_measure;
  widget_class->size_allocate = fl_pdf_canvas_size_allocate;
  widget_class->snapshot = fl_pdf_canvas_snapshot;

  properties[PROP_PAGE] =
    g_param_spec_int ("page", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_int ("n-pages", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, FL_PDF_ZOOM_MIN, FL_PDF_ZOOM_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIT_WIDTH] =
    g_param_spec_boolean ("fit-width", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RENDERED] =
    g_param_spec_boolean ("rendered", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_set_css_name (widget_class, "pdfcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fl_pdf_canvas_init (FlPdfCanvas *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->zoom = 1.0;
  self->fit_width = TRUE;
  self->texture_page = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (pinch_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_factor_cb), NULL);
}

/* ---- public API ------------------------------------------------------------- */

GtkWidget *
fl_pdf_canvas_new (void)
{
  return g_object_new (FL_TYPE_PDF_CANVAS, NULL);
}

gboolean
fl_pdf_canvas_set_pdf (FlPdfCanvas *self,
                       GBytes      *pdf,
                       GError     **error)
{
  PopplerDocument *document = NULL;
  PopplerDocument *worker_document = NULL;

  g_return_val_if_fail (FL_IS_PDF_CANVAS (self), FALSE);

  if (pdf != NULL)
    {
      document = poppler_document_new_from_bytes (pdf, NULL, error);
      if (document == NULL)
        return FALSE;
      worker_document = poppler_document_new_from_bytes (pdf, NULL, error);
      if (worker_document == NULL)
        {
          g_object_unref (document);
          return FALSE;
        }
    }
  /* A job still running for the old document finishes; its result is dropped. */
  g_clear_object (&self->document);
  g_clear_object (&self->worker_document);
  self->document = document;
  self->worker_document = worker_document;
  g_clear_object (&self->texture);
  self->texture_page = -1;
  self->n_pages = document ? poppler_document_get_n_pages (document) : 0;
  self->page = 0;
  read_page_size (self);
  if (self->fit_width)
    self->zoom = fit_width_zoom (self, gtk_widget_get_width (GTK_WIDGET (self)));
  configure_adjustments (self, 0, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  queue_render (self);
  return TRUE;
}

int
fl_pdf_canvas_get_n_pages (FlPdfCanvas *self)
{
  g_return_val_if_fail (FL_IS_PDF_CANVAS (self), 0);
  return self->n_pages;
}

int
fl_pdf_canvas_get_page (FlPdfCanvas *self)
{
  g_return_val_if_fail (FL_IS_PDF_CANVAS (self), 0);
  return self->page;
}

void
fl_pdf_canvas_set_page (FlPdfCanvas *self,
                        int          page)
{
  g_return_if_fail (FL_IS_PDF_CANVAS (self));

  page = CLAMP (page, 0, MAX (self->n_pages - 1, 0));
  if (page == self->page)
    return;
  self->page = page;
  read_page_size (self);
  if (self->fit_width && fabs (fit_width_zoom (self, gtk_widget_get_width (GTK_WIDGET (self))) - self->zoom) > 1e-9)
    {
      self->zoom = fit_width_zoom (self, gtk_widget_get_width (GTK_WIDGET (self)));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  /* A new page starts at its top. */
  configure_adjustments (self, adjustment_value (self->hadjustment), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  queue_render (self);
}

double
fl_pdf_canvas_get_zoom (FlPdfCanvas *self)
{
  g_return_val_if_fail (FL_IS_PDF_CANVAS (self), 1.0);
  return self->zoom;
}

void
fl_pdf_canvas_set_zoom (FlPdfCanvas *self,
                        double       zoom)
{
  g_return_if_fail (FL_IS_PDF_CANVAS (self));

  leave_fit_width (self);
  apply_zoom (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
              gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
fl_pdf_canvas_zoom_at (FlPdfCanvas *self,
                       double       factor,
                       double       x,
                       double       y)
{
  g_return_if_fail (FL_IS_PDF_CANVAS (self));
  g_return_if_fail (factor > 0);

  leave_fit_width (self);
  apply_zoom (self, self->zoom * factor, x, y);
}

gboolean
fl_pdf_canvas_get_fit_width (FlPdfCanvas *self)
{
  g_return_val_if_fail (FL_IS_PDF_CANVAS (self), FALSE);
  return self->fit_width;
}

void
fl_pdf_canvas_set_fit_width (FlPdfCanvas *self,
                             gboolean     fit_width)
{
  g_return_if_fail (FL_IS_PDF_CANVAS (self));

  fit_width = !!fit_width;
  if (fit_width == self->fit_width)
    return;
  self->fit_width = fit_width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT_WIDTH]);
  if (fit_width)
    /* Keeps the line at the top of the view where it is. */
    apply_zoom (self, fit_width_zoom (self, gtk_widget_get_width (GTK_WIDGET (self))),
                gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, 0);
}

gboolean
fl_pdf_canvas_is_rendered (FlPdfCanvas *self)
{
  g_return_val_if_fail (FL_IS_PDF_CANVAS (self), FALSE);
  return rendered (self) && self->render_cancellable == NULL;
}

void
fl_pdf_canvas_get_page_rect (FlPdfCanvas     *self,
                             graphene_rect_t *rect)
{
  Layout l;

  g_return_if_fail (FL_IS_PDF_CANVAS (self));

  compute_layout (self, self->zoom, gtk_widget_get_width (GTK_WIDGET (self)),
                  gtk_widget_get_height (GTK_WIDGET (self)), &l);
  graphene_rect_init (rect, l.page_x - adjustment_value (self->hadjustment),
                      l.page_y - adjustment_value (self->vadjustment), l.page_w, l.page_h);
}
