/* fl-image-view.c: zoom, pan, before/after/split and eye markers over one image
 *
 * State: @scale (screen px per image px) and @center (the image point at the view's
 * centre). Every change goes through set_view(), which clamps the centre so the image
 * never leaves the view (centred on an axis where it is smaller than the view), the
 * way Loupe clamps its adjustments. The snapshot translates and scales with one
 * GskTransform and appends the textures stretched over the image's full-resolution
 * size; markers and the divider are drawn after the transform is popped, so their
 * line widths stay the same at every zoom.
 */
#include <glib/gi18n.h>
#include <math.h>

#include "fl-image-view.h"

#define ZOOM_STEP 1.25
#define MAX_ZOOM 16.0
#define PAN_STEP 48.0
#define MARKER_RADIUS 11.0
#define HIT_RADIUS 16.0

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_EYE,
  DRAG_DIVIDER,
} DragKind;

struct _FlImageView
{
  GtkWidget        parent_instance;

  GdkTexture      *before;
  GdkTexture      *after;
  int              width;
  int              height;
  FlImageViewMode  mode;
  double           split_position;

  gboolean         has_eyes;
  FlPoint          eyes[2];

  double           scale;
  double           center_x;
  double           center_y;
  gboolean         fitted;

  DragKind         drag_kind;
  guint            drag_eye;
  double           drag_start_x;
  double           drag_start_y;
  double           drag_center_x;
  double           drag_center_y;
  FlPoint          drag_eye_start;

  gboolean         pinching;
  double           pinch_scale;
  double           pinch_image_x;
  double           pinch_image_y;

  double           pointer_x;
  double           pointer_y;
  gboolean         pointer_inside;
};

G_DEFINE_FINAL_TYPE (FlImageView, fl_image_view, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (FlImageViewMode, fl_image_view_mode,
                    G_DEFINE_ENUM_VALUE (FL_IMAGE_VIEW_AFTER, "after"),
                    G_DEFINE_ENUM_VALUE (FL_IMAGE_VIEW_BEFORE, "before"),
                    G_DEFINE_ENUM_VALUE (FL_IMAGE_VIEW_SPLIT, "split"))

enum
{
  PROP_0,
  PROP_MODE,
  PROP_SPLIT_POSITION,
  PROP_ZOOM,
  PROP_FITTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  EYES_MOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static double
fit_scale (FlImageView *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->width <= 0 || self->height <= 0 || w <= 0 || h <= 0)
    return 1.0;
  return MIN (w / self->width, h / self->height);
}

static double
min_scale (FlImageView *self)
{
  return MIN (fit_scale (self), 1.0);
}

static double
clamp_center (double center,
              double image_extent,
              double view_extent,
              double scale)
{
  double half = view_extent / 2 / scale;

  if (image_extent * scale <= view_extent)
    return image_extent / 2;
  return CLAMP (center, half, image_extent - half);
}

static void
set_view (FlImageView *self,
          double       scale,
          double       center_x,
          double       center_y,
          gboolean     fitted)
{
  double old_scale = self->scale;
  gboolean old_fitted = self->fitted;

  scale = CLAMP (scale, min_scale (self), MAX (MAX_ZOOM, min_scale (self)));
  self->scale = scale;
  self->center_x = clamp_center (center_x, self->width, gtk_widget_get_width (GTK_WIDGET (self)), scale);
  self->center_y = clamp_center (center_y, self->height, gtk_widget_get_height (GTK_WIDGET (self)), scale);
  self->fitted = fitted;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (old_scale != scale)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  if (old_fitted != fitted)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FITTED]);
}

static void
widget_to_image (FlImageView *self,
                 double       wx,
                 double       wy,
                 double      *x,
                 double      *y)
{
  *x = self->center_x + (wx - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / self->scale;
  *y = self->center_y + (wy - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / self->scale;
}

static void
image_to_widget (FlImageView *self,
                 double       x,
                 double       y,
                 double      *wx,
                 double      *wy)
{
  *wx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 + (x - self->center_x) * self->scale;
  *wy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 + (y - self->center_y) * self->scale;
}

/* Zooms to @scale keeping image point (ix, iy) under widget point (wx, wy). */
static void
zoom_keeping (FlImageView *self,
              double       scale,
              double       ix,
              double       iy,
              double       wx,
              double       wy)
{
  scale = CLAMP (scale, min_scale (self), MAX (MAX_ZOOM, min_scale (self)));
  set_view (self, scale,
            ix - (wx - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / scale,
            iy - (wy - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / scale,
            FALSE);
}

static void
zoom_at (FlImageView *self,
         double       scale,
         double       wx,
         double       wy)
{
  double ix, iy;

  widget_to_image (self, wx, wy, &ix, &iy);
  zoom_keeping (self, scale, ix, iy, wx, wy);
}

/* A pan that the clamp cancels (the image fits) leaves the view fitted. */
static void
pan_to (FlImageView *self,
        double       center_x,
        double       center_y)
{
  double x = clamp_center (center_x, self->width, gtk_widget_get_width (GTK_WIDGET (self)), self->scale);
  double y = clamp_center (center_y, self->height, gtk_widget_get_height (GTK_WIDGET (self)), self->scale);

  if (x != self->center_x || y != self->center_y)
    set_view (self, self->scale, x, y, FALSE);
}

static void
pan_by (FlImageView *self,
        double       dx,
        double       dy)
{
  pan_to (self, self->center_x + dx / self->scale, self->center_y + dy / self->scale);
}

static double
divider_x (FlImageView *self)
{
  return self->split_position * gtk_widget_get_width (GTK_WIDGET (self));
}

static gboolean
find_eye (FlImageView *self,
          double       wx,
          double       wy,
          guint       *which)
{
  double best = HIT_RADIUS;
  gboolean found = FALSE;

  if (!self->has_eyes)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      double ex, ey, d;

      image_to_widget (self, self->eyes[i].x, self->eyes[i].y, &ex, &ey);
      d = hypot (wx - ex, wy - ey);
      if (d <= best)
        {
          best = d;
          *which = i;
          found = TRUE;
        }
    }
  return found;
}

static void
update_cursor (FlImageView *self,
               double       x,
               double       y)
{
  guint which;
  const char *name = "grab";

  if (self->drag_kind == DRAG_PAN)
    name = "grabbing";
  else if (self->drag_kind == DRAG_EYE || find_eye (self, x, y, &which))
    name = "crosshair";
  else if (self->drag_kind == DRAG_DIVIDER ||
           (self->mode == FL_IMAGE_VIEW_SPLIT && fabs (x - divider_x (self)) <= HIT_RADIUS / 2))
    name = "col-resize";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

/* Drawing */

static void
append_image (FlImageView *self,
              GtkSnapshot *snapshot,
              GdkTexture  *texture)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  GskTransform *transform = NULL;

  if (texture == NULL)
    return;
  transform = gsk_transform_translate (transform, &GRAPHENE_POINT_INIT (w / 2 - self->center_x * self->scale,
                                                                        h / 2 - self->center_y * self->scale));
  transform = gsk_transform_scale (transform, self->scale, self->scale);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_transform (snapshot, transform);
  gtk_snapshot_append_texture (snapshot, texture, &GRAPHENE_RECT_INIT (0, 0, self->width, self->height));
  gtk_snapshot_restore (snapshot);
  gsk_transform_unref (transform);
}

static void
draw_tag (FlImageView *self,
          GtkSnapshot *snapshot,
          const char  *text,
          double       x,
          double       y,
          gboolean     right_aligned)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int tw, th;
  double bx;

  pango_layout_get_pixel_size (layout, &tw, &th);
  bx = right_aligned ? x - tw - 12 : x;
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0.6 }, &GRAPHENE_RECT_INIT (bx, y, tw + 12, th + 6));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (bx + 6, y + 3));
  gtk_snapshot_append_layout (snapshot, layout, &(GdkRGBA) { 1, 1, 1, 1 });
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static void
draw_divider (FlImageView *self,
              GtkSnapshot *snapshot)
{
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double x = divider_x (self);
  GskRoundedRect handle;

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0.5 }, &GRAPHENE_RECT_INIT (x - 2, 0, 4, h));
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 0.95 }, &GRAPHENE_RECT_INIT (x - 1, 0, 2, h));
  gsk_rounded_rect_init_from_rect (&handle, &GRAPHENE_RECT_INIT (x - 7, h / 2 - 22, 14, 44), 7);
  gtk_snapshot_push_rounded_clip (snapshot, &handle);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 0.95 }, &handle.bounds);
  gtk_snapshot_pop (snapshot);
  /* Labels: which side is which. */
  draw_tag (self, snapshot, _("Before"), x - 8, 8, TRUE);
  draw_tag (self, snapshot, _("After"), x + 8, 8, FALSE);
}

static void
draw_eyes (FlImageView *self,
           GtkSnapshot *snapshot)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));

  for (guint i = 0; i < 2; i++)
    {
      double x, y;

      image_to_widget (self, self->eyes[i].x, self->eyes[i].y, &x, &y);
      /* A dark outline under a bright ring: visible on light and dark skin alike. */
      for (guint pass = 0; pass < 2; pass++)
        {
          if (pass == 0)
            cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
          else if (i == 0)
            cairo_set_source_rgb (cr, 0.2, 0.9, 1.0);
          else
            cairo_set_source_rgb (cr, 1.0, 0.85, 0.2);
          cairo_set_line_width (cr, pass == 0 ? 4 : 2);
          cairo_new_path (cr);
          cairo_arc (cr, x, y, MARKER_RADIUS, 0, 2 * G_PI);
          cairo_move_to (cr, x - MARKER_RADIUS - 5, y);
          cairo_line_to (cr, x - 3, y);
          cairo_move_to (cr, x + 3, y);
          cairo_line_to (cr, x + MARKER_RADIUS + 5, y);
          cairo_move_to (cr, x, y - MARKER_RADIUS - 5);
          cairo_line_to (cr, x, y - 3);
          cairo_move_to (cr, x, y + 3);
          cairo_line_to (cr, x, y + MARKER_RADIUS + 5);
          cairo_stroke (cr);
        }
    }
  cairo_destroy (cr);
}

/* Callbacks */

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               FlImageView    *self)
{
  if (self->pinching)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_start_x = x;
  self->drag_start_y = y;
  if (find_eye (self, x, y, &self->drag_eye))
    {
      self->drag_kind = DRAG_EYE;
      self->drag_eye_start = self->eyes[self->drag_eye];
    }
  else if (self->mode == FL_IMAGE_VIEW_SPLIT && fabs (x - divider_x (self)) <= HIT_RADIUS / 2)
    self->drag_kind = DRAG_DIVIDER;
  else
    {
      self->drag_kind = DRAG_PAN;
      self->drag_center_x = self->center_x;
      self->drag_center_y = self->center_y;
    }
  update_cursor (self, x, y);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                FlImageView    *self)
{
  switch (self->drag_kind)
    {
    case DRAG_PAN:
      pan_to (self, self->drag_center_x - offset_x / self->scale, self->drag_center_y - offset_y / self->scale);
      break;
    case DRAG_EYE:
      self->eyes[self->drag_eye].x = CLAMP (self->drag_eye_start.x + offset_x / self->scale, 0, self->width - 1);
      self->eyes[self->drag_eye].y = CLAMP (self->drag_eye_start.y + offset_y / self->scale, 0, self->height - 1);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case DRAG_DIVIDER:
      fl_image_view_set_split_position (self, (self->drag_start_x + offset_x) /
                                              MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1));
      break;
    case DRAG_NONE:
    default:
      break;
    }
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             FlImageView    *self)
{
  DragKind kind = self->drag_kind;

  drag_update_cb (gesture, offset_x, offset_y, self);
  self->drag_kind = DRAG_NONE;
  if (kind == DRAG_EYE && (offset_x != 0 || offset_y != 0))
    g_signal_emit (self, signals[EYES_MOVED], 0);
  update_cursor (self, self->drag_start_x + offset_x, self->drag_start_y + offset_y);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            FlImageView     *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press != 2)
    return;
  if (self->fitted)
    zoom_at (self, 1.0, x, y);
  else
    fl_image_view_zoom_fit (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           FlImageView              *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  if (state & GDK_CONTROL_MASK)
    {
      double factor = wheel ? pow (ZOOM_STEP, -dy) : exp (-dy * 0.01);
      double x = self->pointer_inside ? self->pointer_x : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      double y = self->pointer_inside ? self->pointer_y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

      zoom_at (self, self->scale * factor, x, y);
      return GDK_EVENT_STOP;
    }
  if (state & GDK_SHIFT_MASK)
    {
      double swap = dx;

      dx = dy;
      dy = swap;
    }
  pan_by (self, dx * (wheel ? PAN_STEP : 1), dy * (wheel ? PAN_STEP : 1));
  return GDK_EVENT_STOP;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           FlImageView              *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  if (self->drag_kind == DRAG_NONE)
    update_cursor (self, x, y);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          FlImageView              *self)
{
  self->pointer_inside = FALSE;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               FlImageView      *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    return;
  /* Two fingers: the pinch owns the touches, the drag stops. */
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  self->drag_kind = DRAG_NONE;
  self->pinching = TRUE;
  self->pinch_scale = self->scale;
  widget_to_image (self, x, y, &self->pinch_image_x, &self->pinch_image_y);
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       FlImageView    *self)
{
  double x, y;

  if (!self->pinching || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  zoom_keeping (self, self->pinch_scale * scale, self->pinch_image_x, self->pinch_image_y, x, y);
}

static void
zoom_end_cb (GtkGesture       *gesture,
             GdkEventSequence *sequence,
             FlImageView      *self)
{
  self->pinching = FALSE;
}

/* Actions */

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FlImageView *self = FL_IMAGE_VIEW (widget);

  set_view (self, self->scale * ZOOM_STEP, self->center_x, self->center_y, FALSE);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FlImageView *self = FL_IMAGE_VIEW (widget);

  set_view (self, self->scale / ZOOM_STEP, self->center_x, self->center_y, FALSE);
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  fl_image_view_zoom_fit (FL_IMAGE_VIEW (widget));
}

static void
zoom_100_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  fl_image_view_set_zoom (FL_IMAGE_VIEW (widget), 1.0);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  double dx, dy;

  g_variant_get (parameter, "(dd)", &dx, &dy);
  pan_by (FL_IMAGE_VIEW (widget), dx, dy);
}

/* Overrides */

static void
fl_image_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  FlImageView *self = FL_IMAGE_VIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double x;

  /* A neutral grey: no tint on skin tones. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.16, 0.16, 0.16, 1 }, &GRAPHENE_RECT_INIT (0, 0, width, height));
  switch (self->mode)
    {
    case FL_IMAGE_VIEW_BEFORE:
      append_image (self, snapshot, self->before);
      draw_tag (self, snapshot, _("Before"), 8, 8, FALSE);
      break;
    case FL_IMAGE_VIEW_SPLIT:
      x = divider_x (self);
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, x, height));
      append_image (self, snapshot, self->before);
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (x, 0, width - x, height));
      append_image (self, snapshot, self->after);
      gtk_snapshot_pop (snapshot);
      draw_divider (self, snapshot);
      break;
    case FL_IMAGE_VIEW_AFTER:
    default:
      append_image (self, snapshot, self->after);
      break;
    }
  if (self->has_eyes && self->width > 0)
    draw_eyes (self, snapshot);

  if (gtk_widget_has_visible_focus (widget))
    {
      GskRoundedRect outline;
      GdkRGBA focus = { 0.21, 0.52, 0.89, 0.8 };

      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (1, 1, width - 2, height - 2), 0);
      gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 2, 2, 2, 2 },
                                  (GdkRGBA[4]) { focus, focus, focus, focus });
    }
}

static void
fl_image_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 600;
}

static void
fl_image_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  FlImageView *self = FL_IMAGE_VIEW (widget);

  if (self->fitted)
    fl_image_view_zoom_fit (self);
  else
    set_view (self, self->scale, self->center_x, self->center_y, FALSE);
}

static void
fl_image_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FlImageView *self = FL_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_SPLIT_POSITION:
      g_value_set_double (value, self->split_position);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->scale);
      break;
    case PROP_FITTED:
      g_value_set_boolean (value, self->fitted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_image_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FlImageView *self = FL_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODE:
      fl_image_view_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_SPLIT_POSITION:
      fl_image_view_set_split_position (self, g_value_get_double (value));
      break;
    case PROP_ZOOM:
      fl_image_view_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_image_view_dispose (GObject *object)
{
  FlImageView *self = FL_IMAGE_VIEW (object);

  g_clear_object (&self->before);
  g_clear_object (&self->after);
  G_OBJECT_CLASS (fl_image_view_parent_class)->dispose (object);
}

static void
fl_image_view_class_init (FlImageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fl_image_view_get_property;
  object_class->set_property = fl_image_view_set_property;
  object_class->dispose = fl_image_view_dispose;
  widget_class->snapshot = fl_image_view_snapshot;
  widget_class->measure = fl_image_view_measure;
  widget_class->size_allocate = fl_image_view_size_allocate;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, FL_TYPE_IMAGE_VIEW_MODE, FL_IMAGE_VIEW_AFTER,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPLIT_POSITION] =
    g_param_spec_double ("split-position", NULL, NULL, 0, 1, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0, G_MAXDOUBLE, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FITTED] =
    g_param_spec_boolean ("fitted", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FlImageView::eyes-moved:
   *
   * The examiner dragged an eye marker and let go.
   */
  signals[EYES_MOVED] = g_signal_new ("eyes-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                      NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "view.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "view.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "view.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "view.zoom-100", NULL, zoom_100_action);
  gtk_widget_class_install_action (widget_class, "view.pan", "(dd)", pan_action);
  for (guint ctrl = 0; ctrl <= 1; ctrl++)
    {
      GdkModifierType mods = ctrl ? GDK_CONTROL_MASK : 0;

      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, mods, "view.zoom-in", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, mods, "view.zoom-in", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, mods, "view.zoom-in", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, mods, "view.zoom-out", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, mods, "view.zoom-out", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, mods, "view.fit", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, mods, "view.fit", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, mods, "view.zoom-100", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1, mods, "view.zoom-100", NULL);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "view.pan", "(dd)", -PAN_STEP, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "view.pan", "(dd)", PAN_STEP, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "view.pan", "(dd)", 0.0, -PAN_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "view.pan", "(dd)", 0.0, PAN_STEP);

  gtk_widget_class_set_css_name (widget_class, "imageview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fl_image_view_init (FlImageView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->split_position = 0.5;
  self->scale = 1.0;
  self->fitted = TRUE;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The probe before and after enhancement"), -1);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  g_signal_connect (gesture, "end", G_CALLBACK (zoom_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* Public API */

GtkWidget *
fl_image_view_new (void)
{
  return g_object_new (FL_TYPE_IMAGE_VIEW, NULL);
}

void
fl_image_view_set_images (FlImageView *self,
                          GdkTexture  *before,
                          GdkTexture  *after,
                          int          width,
                          int          height)
{
  gboolean first;

  g_return_if_fail (FL_IS_IMAGE_VIEW (self));
  first = self->width <= 0;
  g_set_object (&self->before, before);
  g_set_object (&self->after, after);
  self->width = width;
  self->height = height;
  /* A new size (a crop being adjusted) keeps the zoom the examiner chose. */
  if (self->fitted || first)
    fl_image_view_zoom_fit (self);
  else
    set_view (self, self->scale, self->center_x, self->center_y, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fl_image_view_set_mode (FlImageView     *self,
                        FlImageViewMode  mode)
{
  g_return_if_fail (FL_IS_IMAGE_VIEW (self));
  if (self->mode == mode)
    return;
  self->mode = mode;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

FlImageViewMode
fl_image_view_get_mode (FlImageView *self)
{
  g_return_val_if_fail (FL_IS_IMAGE_VIEW (self), FL_IMAGE_VIEW_AFTER);
  return self->mode;
}

void
fl_image_view_set_split_position (FlImageView *self,
                                  double       position)
{
  g_return_if_fail (FL_IS_IMAGE_VIEW (self));
  position = CLAMP (position, 0.0, 1.0);
  if (self->split_position == position)
    return;
  self->split_position = position;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPLIT_POSITION]);
}

double
fl_image_view_get_split_position (FlImageView *self)
{
  g_return_val_if_fail (FL_IS_IMAGE_VIEW (self), 0.5);
  return self->split_position;
}

void
fl_image_view_set_eyes (FlImageView   *self,
                        const FlPoint *eyes)
{
  g_return_if_fail (FL_IS_IMAGE_VIEW (self));
  self->has_eyes = eyes != NULL;
  if (eyes != NULL)
    {
      self->eyes[0] = eyes[0];
      self->eyes[1] = eyes[1];
    }
  if (self->drag_kind == DRAG_EYE)
    self->drag_kind = DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
fl_image_view_get_eyes (FlImageView *self,
                        FlPoint     *eyes)
{
  g_return_val_if_fail (FL_IS_IMAGE_VIEW (self), FALSE);
  if (!self->has_eyes)
    return FALSE;
  eyes[0] = self->eyes[0];
  eyes[1] = self->eyes[1];
  return TRUE;
}

void
fl_image_view_zoom_fit (FlImageView *self)
{
  g_return_if_fail (FL_IS_IMAGE_VIEW (self));
  set_view (self, fit_scale (self), self->width / 2.0, self->height / 2.0, TRUE);
}

void
fl_image_view_set_zoom (FlImageView *self,
                        double       zoom)
{
  g_return_if_fail (FL_IS_IMAGE_VIEW (self));
  set_view (self, zoom, self->center_x, self->center_y, FALSE);
}

double
fl_image_view_get_zoom (FlImageView *self)
{
  g_return_val_if_fail (FL_IS_IMAGE_VIEW (self), 1.0);
  return self->scale;
}

gboolean
fl_image_view_get_fitted (FlImageView *self)
{
  g_return_val_if_fail (FL_IS_IMAGE_VIEW (self), TRUE);
  return self->fitted;
}

gboolean
fl_image_view_image_to_widget (FlImageView *self,
                               double       x,
                               double       y,
                               double      *widget_x,
                               double      *widget_y)
{
  g_return_val_if_fail (FL_IS_IMAGE_VIEW (self), FALSE);
  if (self->width <= 0)
    return FALSE;
  image_to_widget (self, x, y, widget_x, widget_y);
  return TRUE;
}
