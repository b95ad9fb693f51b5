/* fl-compare-view.c: probe and candidate faces side by side, aligned on the eyes (R15)
 *
 * One view state drives every pane: `scale` (widget pixels per face unit,
 * the distance between the eyes) and `center` (the face point shown at each
 * pane's centre). Each image maps into face space by its own similarity
 * transform (FlCompareImage), so the same state puts both faces at the same
 * place, size and tilt. Zooming about a widget point keeps the face point
 * under it fixed; the centre is clamped so the faces cannot be panned away.
 */
#include <glib/gi18n.h>
#include <math.h>

#include "fl-compare-image.h"
#include "fl-compare-overlay.h"
#include "fl-compare-view.h"

#define PANE_GAP 4.0
#define ZOOM_STEP 1.25
#define PAN_STEP 48.0            /* widget px per arrow key or wheel step */
#define HIT_RADIUS 10.0          /* px around a landmark or the wipe divider */
#define MIN_SCALE_OF_FIT 0.5
#define MAX_PIXEL_SIZE 16.0      /* widget px per image px of the sharper image, at most */
#define MIN_FLICKER_RATE 0.2
#define MAX_FLICKER_RATE 1.5     /* 3 changes a second: the photosensitivity limit for flashes */
#define LABEL_MARGIN 8.0
#define LABEL_PADDING 4.0

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_LANDMARK,
  DRAG_DIVIDER,
} DragKind;

struct _FlCompareView
{
  GtkWidget       parent_instance;

  FlCompareImage *images[2];        /* indexed by FlCompareSide */
  FlCompareMode   mode;
  double          blend_opacity;
  double          wipe_position;    /* 0 … 1 of the pane's width */
  double          flicker_rate;     /* Hz: probe + candidate cycles a second */
  gboolean        mirrored;
  gboolean        edit_landmarks;
  guint           overlays;         /* FL_COMPARE_OVERLAY_BIT()s */

  double          scale;
  double          center_x;
  double          center_y;
  gboolean        fitted;

  GtkGesture     *drag;
  const char     *cursor_name;
  double          pointer_x;
  double          pointer_y;
  gboolean        pointer_inside;

  DragKind        drag_kind;
  FlCompareSide   drag_side;
  guint           drag_index;
  double          drag_start_x;
  double          drag_start_y;
  double          drag_center_x;
  double          drag_center_y;
  double          drag_handle_x;    /* where the dragged landmark was, widget px */
  double          drag_handle_y;

  gboolean        pinching;
  double          pinch_scale;
  FlPoint         pinch_face;

  gboolean        flicker_candidate;
  guint           flicker_source;
  guint           notify_source;
};

G_DEFINE_ENUM_TYPE (FlCompareMode, fl_compare_mode,
  G_DEFINE_ENUM_VALUE (FL_COMPARE_MODE_SIDE_BY_SIDE, "side-by-side"),
  G_DEFINE_ENUM_VALUE (FL_COMPARE_MODE_BLEND, "blend"),
  G_DEFINE_ENUM_VALUE (FL_COMPARE_MODE_WIPE, "wipe"),
  G_DEFINE_ENUM_VALUE (FL_COMPARE_MODE_FLICKER, "flicker"))

G_DEFINE_ENUM_TYPE (FlCompareSide, fl_compare_side,
  G_DEFINE_ENUM_VALUE (FL_COMPARE_SIDE_PROBE, "probe"),
  G_DEFINE_ENUM_VALUE (FL_COMPARE_SIDE_CANDIDATE, "candidate"))

G_DEFINE_FINAL_TYPE (FlCompareView, fl_compare_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODE,
  PROP_ZOOM,
  PROP_FITTED,
  PROP_BLEND_OPACITY,
  PROP_WIPE_POSITION,
  PROP_FLICKER_RATE,
  PROP_MIRRORED,
  PROP_EDIT_LANDMARKS,
  /* in FlCompareOverlay order */
  PROP_SHOW_EYEBROWS,
  PROP_SHOW_EYES,
  PROP_SHOW_NOSE,
  PROP_SHOW_MOUTH,
  PROP_SHOW_JAW,
  PROP_SHOW_EYE_LINE,
  PROP_SHOW_GRID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LANDMARK_MOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Layout */

static guint
get_panes (FlCompareView   *self,
           graphene_rect_t  panes[2])
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->mode == FL_COMPARE_MODE_SIDE_BY_SIDE)
    {
      double half = MAX ((width - PANE_GAP) / 2, 1);

      graphene_rect_init (&panes[0], 0, 0, half, height);
      graphene_rect_init (&panes[1], width - half, 0, half, height);
      return 2;
    }
  graphene_rect_init (&panes[0], 0, 0, width, height);
  return 1;
}

static graphene_rect_t
pane_of_side (FlCompareView *self,
              FlCompareSide  side)
{
  graphene_rect_t panes[2];

  return get_panes (self, panes) == 2 ? panes[side] : panes[0];
}

/* The pane under widget point (@x, @y), the nearest one in the gap. */
static graphene_rect_t
pane_at (FlCompareView *self,
         double         x)
{
  graphene_rect_t panes[2];

  if (get_panes (self, panes) == 2 && x >= gtk_widget_get_width (GTK_WIDGET (self)) / 2.0)
    return panes[1];
  return panes[0];
}

/* Where face point (0, 0) lands in widget coordinates for @pane. */
static void
pane_origin (FlCompareView         *self,
             const graphene_rect_t *pane,
             double                *x,
             double                *y)
{
  *x = pane->origin.x + pane->size.width / 2 - self->scale * self->center_x;
  *y = pane->origin.y + pane->size.height / 2 - self->scale * self->center_y;
}

static FlPoint
face_at (FlCompareView         *self,
         const graphene_rect_t *pane,
         double                 x,
         double                 y)
{
  double ox, oy;

  pane_origin (self, pane, &ox, &oy);
  return (FlPoint) { (x - ox) / self->scale, (y - oy) / self->scale };
}

static double
wipe_x (FlCompareView         *self,
        const graphene_rect_t *pane)
{
  return pane->origin.x + self->wipe_position * pane->size.width;
}

/* Zoom */

/* Eye distance of the image whose pixels "100 %" shows 1:1. */
static double
reference_distance (FlCompareView *self)
{
  if (self->images[FL_COMPARE_SIDE_PROBE] != NULL)
    return self->images[FL_COMPARE_SIDE_PROBE]->eye_distance;
  if (self->images[FL_COMPARE_SIDE_CANDIDATE] != NULL)
    return self->images[FL_COMPARE_SIDE_CANDIDATE]->eye_distance;
  return 1.0;
}

static double
fit_scale (FlCompareView *self)
{
  graphene_rect_t pane = pane_of_side (self, FL_COMPARE_SIDE_PROBE);

  return MAX (MIN (pane.size.width / FL_COMPARE_FRAME_WIDTH, pane.size.height / FL_COMPARE_FRAME_HEIGHT), 1e-3);
}

static double
clamp_scale (FlCompareView *self,
             double         scale)
{
  double fit = fit_scale (self);
  double sharpest = reference_distance (self);
  double min, max;

  for (guint i = 0; i < G_N_ELEMENTS (self->images); i++)
    if (self->images[i] != NULL)
      sharpest = MAX (sharpest, self->images[i]->eye_distance);
  min = MIN (fit, reference_distance (self)) * MIN_SCALE_OF_FIT;
  max = MAX (sharpest * MAX_PIXEL_SIZE, fit * 4);
  return CLAMP (scale, min, max);
}

/* The centre may move anywhere over the images (and the face frame). */
static void
clamp_center (FlCompareView *self)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (-FL_COMPARE_FRAME_WIDTH / 2,
                                               FL_COMPARE_FRAME_CENTER_Y - FL_COMPARE_FRAME_HEIGHT / 2,
                                               FL_COMPARE_FRAME_WIDTH, FL_COMPARE_FRAME_HEIGHT);

  for (guint i = 0; i < G_N_ELEMENTS (self->images); i++)
    if (self->images[i] != NULL)
      {
        graphene_rect_t image_bounds;

        fl_compare_image_face_bounds (self->images[i], &image_bounds);
        graphene_rect_union (&bounds, &image_bounds, &bounds);
      }
  self->center_x = CLAMP (self->center_x, bounds.origin.x, bounds.origin.x + bounds.size.width);
  self->center_y = CLAMP (self->center_y, bounds.origin.y, bounds.origin.y + bounds.size.height);
}

static void
set_view (FlCompareView *self,
          double         scale,
          double         center_x,
          double         center_y,
          gboolean       fitted)
{
  double old_scale = self->scale;
  double old_x = self->center_x, old_y = self->center_y;
  gboolean old_fitted = self->fitted;

  self->scale = fitted ? fit_scale (self) : clamp_scale (self, scale);
  self->center_x = fitted ? 0 : center_x;
  self->center_y = fitted ? FL_COMPARE_FRAME_CENTER_Y : center_y;
  self->fitted = fitted;
  clamp_center (self);

  if (self->scale != old_scale || self->center_x != old_x || self->center_y != old_y)
    gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->scale != old_scale)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  if (self->fitted != old_fitted)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FITTED]);
}

/* Sets the scale so that @face stays drawn at widget point (@x, @y). */
static void
zoom_keeping (FlCompareView *self,
              double         scale,
              FlPoint        face,
              double         x,
              double         y)
{
  graphene_rect_t pane = pane_at (self, x);
  double pane_x = pane.origin.x + pane.size.width / 2;
  double pane_y = pane.origin.y + pane.size.height / 2;

  scale = clamp_scale (self, scale);
  set_view (self, scale, face.x - (x - pane_x) / scale, face.y - (y - pane_y) / scale, FALSE);
}

static void
zoom_at (FlCompareView *self,
         double         scale,
         double         x,
         double         y)
{
  graphene_rect_t pane = pane_at (self, x);

  zoom_keeping (self, scale, face_at (self, &pane, x, y), x, y);
}

static void
pan_by (FlCompareView *self,
        double         dx,
        double         dy)
{
  set_view (self, self->scale, self->center_x + dx / self->scale, self->center_y + dy / self->scale, FALSE);
}

static gboolean
notify_zoom_cb (gpointer user_data)
{
  FlCompareView *self = user_data;

  self->notify_source = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  return G_SOURCE_REMOVE;
}

/* Flicker */

static gboolean
flicker_cb (gpointer user_data)
{
  FlCompareView *self = user_data;

  self->flicker_candidate = !self->flicker_candidate;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_CONTINUE;
}

static void
update_flicker (FlCompareView *self)
{
  g_clear_handle_id (&self->flicker_source, g_source_remove);
  self->flicker_candidate = FALSE;
  if (self->mode == FL_COMPARE_MODE_FLICKER && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->flicker_source = g_timeout_add ((guint) (1000 / (2 * self->flicker_rate)), flicker_cb, self);
}

/* Landmarks */

static gboolean
landmarks_editable (FlCompareView *self)
{
  return self->edit_landmarks && !self->mirrored && self->mode != FL_COMPARE_MODE_FLICKER;
}

/* Whether widget point (@x, @y) shows @side (wipe: its side of the divider). */
static gboolean
side_shown_at (FlCompareView *self,
               FlCompareSide  side,
               double         x)
{
  graphene_rect_t pane = pane_of_side (self, side);

  switch (self->mode)
    {
    case FL_COMPARE_MODE_SIDE_BY_SIDE:
      return x >= pane.origin.x && x <= pane.origin.x + pane.size.width;
    case FL_COMPARE_MODE_WIPE:
      return side == FL_COMPARE_SIDE_PROBE ? x <= wipe_x (self, &pane) : x >= wipe_x (self, &pane);
    case FL_COMPARE_MODE_BLEND:
      return TRUE;
    case FL_COMPARE_MODE_FLICKER:
    default:
      return side == (self->flicker_candidate ? FL_COMPARE_SIDE_CANDIDATE : FL_COMPARE_SIDE_PROBE);
    }
}

static gboolean
find_landmark (FlCompareView *self,
               double         x,
               double         y,
               FlCompareSide *found_side,
               guint         *found_index)
{
  double best = HIT_RADIUS * HIT_RADIUS;
  gboolean found = FALSE;

  if (!landmarks_editable (self))
    return FALSE;
  for (FlCompareSide side = FL_COMPARE_SIDE_PROBE; side <= FL_COMPARE_SIDE_CANDIDATE; side++)
    {
      FlCompareImage *image = self->images[side];

      if (image == NULL || !image->has_landmarks || !side_shown_at (self, side, x))
        continue;
      for (guint i = 0; i < FL_N_LANDMARKS; i++)
        {
          double wx, wy, d;

          fl_compare_view_image_to_widget (self, side, image->landmarks[i].x, image->landmarks[i].y, &wx, &wy);
          d = (wx - x) * (wx - x) + (wy - y) * (wy - y);
          if (d <= best)
            {
              best = d;
              *found_side = side;
              *found_index = i;
              found = TRUE;
            }
        }
    }
  return found;
}

static void
move_dragged_landmark (FlCompareView *self,
                       double         offset_x,
                       double         offset_y)
{
  FlCompareImage *image = self->images[self->drag_side];
  graphene_rect_t pane = pane_of_side (self, self->drag_side);
  FlPoint point = fl_compare_image_from_face (image, face_at (self, &pane,
                                                               self->drag_handle_x + offset_x,
                                                               self->drag_handle_y + offset_y));

  image->landmarks[self->drag_index].x = CLAMP (point.x, 0, image->width);
  image->landmarks[self->drag_index].y = CLAMP (point.y, 0, image->height);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_cursor (FlCompareView *self,
            const char    *name)
{
  if (g_strcmp0 (self->cursor_name, name) == 0)
    return;
  self->cursor_name = name;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

static void
update_hover_cursor (FlCompareView *self,
                     double         x,
                     double         y)
{
  graphene_rect_t pane = pane_at (self, x);
  FlCompareSide side;
  guint index;

  if (self->drag_kind != DRAG_NONE)
    return;
  if (find_landmark (self, x, y, &side, &index))
    set_cursor (self, "pointer");
  else if (self->mode == FL_COMPARE_MODE_WIPE && fabs (x - wipe_x (self, &pane)) <= HIT_RADIUS)
    set_cursor (self, "col-resize");
  else
    set_cursor (self, "grab");
}

/* Drawing */

static void
draw_image (FlCompareView         *self,
            GtkSnapshot           *snapshot,
            FlCompareSide          side,
            const graphene_rect_t *pane,
            const graphene_rect_t *visible)
{
  FlCompareImage *image = self->images[side];
  int device_scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  gboolean cairo_renderer = native != NULL && GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (native));
  graphene_rect_t left, right, reflected;
  double ox, oy;

  if (image == NULL || visible->size.width <= 0)
    return;
  pane_origin (self, pane, &ox, &oy);
  if (!self->mirrored)
    {
      fl_compare_image_snapshot (image, snapshot, self->scale, ox, oy, visible, device_scale, cairo_renderer);
      return;
    }

  /* The left half as seen (face x < 0), then its reflection about the midline. */
  graphene_rect_init (&left, visible->origin.x, visible->origin.y,
                      CLAMP (ox - visible->origin.x, 0, visible->size.width), visible->size.height);
  graphene_rect_init (&right, left.origin.x + left.size.width, visible->origin.y,
                      visible->size.width - left.size.width, visible->size.height);
  if (left.size.width > 0)
    {
      gtk_snapshot_push_clip (snapshot, &left);
      fl_compare_image_snapshot (image, snapshot, self->scale, ox, oy, &left, device_scale, cairo_renderer);
      gtk_snapshot_pop (snapshot);
    }
  if (right.size.width > 0)
    {
      graphene_rect_init (&reflected, 2 * ox - (right.origin.x + right.size.width), right.origin.y,
                          right.size.width, right.size.height);
      gtk_snapshot_push_clip (snapshot, &right);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (2 * ox, 0));
      gtk_snapshot_scale (snapshot, -1, 1);
      fl_compare_image_snapshot (image, snapshot, self->scale, ox, oy, &reflected, device_scale, cairo_renderer);
      gtk_snapshot_restore (snapshot);
      gtk_snapshot_pop (snapshot);
    }
}

/* Guides (when @guides) and the landmarks of @side (when >= 0) inside @region;
 * mirrored, the left half and its reflection, like the image. */
static void
draw_overlay_region (FlCompareView         *self,
                     cairo_t               *cr,
                     const graphene_rect_t *pane,
                     const graphene_rect_t *region,
                     int                    side,
                     gboolean               guides)
{
  gboolean handles = landmarks_editable (self);
  double ox, oy;

  pane_origin (self, pane, &ox, &oy);
  for (int pass = 0; pass < (self->mirrored ? 2 : 1); pass++)
    {
      double x0 = region->origin.x, x1 = region->origin.x + region->size.width;

      if (self->mirrored)
        {
          if (pass == 0)
            x1 = MIN (x1, ox);
          else
            x0 = MAX (x0, ox);
        }
      if (x1 <= x0)
        continue;
      cairo_save (cr);
      cairo_rectangle (cr, x0, region->origin.y, x1 - x0, region->size.height);
      cairo_clip (cr);
      if (pass == 1)
        {
          cairo_translate (cr, 2 * ox, 0);
          cairo_scale (cr, -1, 1);
        }
      if (guides)
        fl_compare_overlay_draw_guides (cr, self->overlays, self->scale, ox, oy, pane);
      if (side >= 0 && self->images[side] != NULL)
        fl_compare_overlay_draw_landmarks (cr, self->images[side], self->overlays, handles, self->scale, ox, oy);
      cairo_restore (cr);
    }

  if (self->mirrored && ox > region->origin.x && ox < region->origin.x + region->size.width)
    {
      /* The mirror's axis. */
      static const double dashes[] = { 6, 4 };

      cairo_move_to (cr, ox, region->origin.y);
      cairo_line_to (cr, ox, region->origin.y + region->size.height);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_width (cr, 1);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.6);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

static void
draw_divider (cairo_t *cr,
              double   x,
              double   height)
{
  cairo_move_to (cr, x, 0);
  cairo_line_to (cr, x, height);
  cairo_set_line_width (cr, 4);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, 2);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_stroke (cr);

  /* A round grip with two arrows, half-way down. */
  cairo_arc (cr, x, height / 2, 14, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
  cairo_stroke (cr);
  for (int direction = -1; direction <= 1; direction += 2)
    {
      cairo_move_to (cr, x + direction * 3, height / 2 - 5);
      cairo_line_to (cr, x + direction * 9, height / 2);
      cairo_line_to (cr, x + direction * 3, height / 2 + 5);
      cairo_close_path (cr);
    }
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  cairo_fill (cr);
}

static gboolean
has_overlay_content (FlCompareView *self)
{
  return self->overlays != 0 || landmarks_editable (self) || self->mirrored ||
         self->mode == FL_COMPARE_MODE_WIPE;
}

/* A caption on a dark plate; @x_align 0 puts it at the left edge, 1 at the right. */
static void
draw_label (FlCompareView         *self,
            GtkSnapshot           *snapshot,
            const graphene_rect_t *area,
            const char            *text,
            double                 x_align,
            double                 y_align)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  GskRoundedRect plate;
  int width, height;
  double x, y;

  pango_layout_get_pixel_size (layout, &width, &height);
  x = area->origin.x + LABEL_MARGIN + x_align * (area->size.width - 2 * LABEL_MARGIN - width - 2 * LABEL_PADDING);
  y = area->origin.y + LABEL_MARGIN + y_align * (area->size.height - 2 * LABEL_MARGIN - height - 2 * LABEL_PADDING);
  x = round (x);
  y = round (y);
  gsk_rounded_rect_init_from_rect (&plate, &GRAPHENE_RECT_INIT (x, y, width + 2 * LABEL_PADDING,
                                                                height + 2 * LABEL_PADDING), 4);
  gtk_snapshot_push_rounded_clip (snapshot, &plate);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0.65 }, &plate.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + LABEL_PADDING, y + LABEL_PADDING));
  gtk_snapshot_append_layout (snapshot, layout, &(GdkRGBA) { 1, 1, 1, 1 });
  gtk_snapshot_restore (snapshot);
}

static const char *
side_name (FlCompareSide side)
{
  return side == FL_COMPARE_SIDE_PROBE ? _("Probe") : _("Candidate");
}

static void
draw_missing (FlCompareView         *self,
              GtkSnapshot           *snapshot,
              FlCompareSide          side,
              const graphene_rect_t *area)
{
  if (self->images[side] != NULL)
    return;
  draw_label (self, snapshot, area,
              side == FL_COMPARE_SIDE_PROBE ? _("No probe image") : _("No candidate image"), 0.5, 0.5);
}

static void
snapshot_pane (FlCompareView         *self,
               GtkSnapshot           *snapshot,
               const graphene_rect_t *pane,
               int                    index)
{
  cairo_t *cr = NULL;
  FlCompareSide shown;

  gtk_snapshot_push_clip (snapshot, pane);
  switch (self->mode)
    {
    case FL_COMPARE_MODE_SIDE_BY_SIDE:
      draw_image (self, snapshot, index, pane, pane);
      if (has_overlay_content (self))
        {
          cr = gtk_snapshot_append_cairo (snapshot, pane);
          draw_overlay_region (self, cr, pane, pane, index, TRUE);
        }
      draw_label (self, snapshot, pane, side_name (index), 0, 0);
      draw_missing (self, snapshot, index, pane);
      break;

    case FL_COMPARE_MODE_BLEND:
      {
        g_autofree char *caption = g_strdup_printf (_("Candidate at %.0f %% over the probe"),
                                                    self->blend_opacity * 100);

        draw_image (self, snapshot, FL_COMPARE_SIDE_PROBE, pane, pane);
        gtk_snapshot_push_opacity (snapshot, self->blend_opacity);
        draw_image (self, snapshot, FL_COMPARE_SIDE_CANDIDATE, pane, pane);
        gtk_snapshot_pop (snapshot);
        if (has_overlay_content (self))
          {
            cr = gtk_snapshot_append_cairo (snapshot, pane);
            draw_overlay_region (self, cr, pane, pane, FL_COMPARE_SIDE_PROBE, TRUE);
            /* The candidate's outlines fade with the candidate. */
            cairo_push_group (cr);
            draw_overlay_region (self, cr, pane, pane, FL_COMPARE_SIDE_CANDIDATE, FALSE);
            cairo_pop_group_to_source (cr);
            cairo_paint_with_alpha (cr, self->blend_opacity);
          }
        draw_label (self, snapshot, pane, side_name (FL_COMPARE_SIDE_PROBE), 0, 0);
        draw_label (self, snapshot, pane, caption, 1, 0);
        break;
      }

    case FL_COMPARE_MODE_WIPE:
      {
        double x = wipe_x (self, pane);
        graphene_rect_t left = GRAPHENE_RECT_INIT (pane->origin.x, pane->origin.y,
                                                   x - pane->origin.x, pane->size.height);
        graphene_rect_t right = GRAPHENE_RECT_INIT (x, pane->origin.y,
                                                    pane->origin.x + pane->size.width - x, pane->size.height);

        gtk_snapshot_push_clip (snapshot, &left);
        draw_image (self, snapshot, FL_COMPARE_SIDE_PROBE, pane, &left);
        gtk_snapshot_pop (snapshot);
        gtk_snapshot_push_clip (snapshot, &right);
        draw_image (self, snapshot, FL_COMPARE_SIDE_CANDIDATE, pane, &right);
        gtk_snapshot_pop (snapshot);
        cr = gtk_snapshot_append_cairo (snapshot, pane);
        draw_overlay_region (self, cr, pane, pane, -1, TRUE);
        draw_overlay_region (self, cr, pane, &left, FL_COMPARE_SIDE_PROBE, FALSE);
        draw_overlay_region (self, cr, pane, &right, FL_COMPARE_SIDE_CANDIDATE, FALSE);
        draw_divider (cr, x, pane->size.height);
        draw_label (self, snapshot, pane, side_name (FL_COMPARE_SIDE_PROBE), 0, 0);
        draw_label (self, snapshot, pane, side_name (FL_COMPARE_SIDE_CANDIDATE), 1, 0);
        break;
      }

    case FL_COMPARE_MODE_FLICKER:
    default:
      shown = self->flicker_candidate ? FL_COMPARE_SIDE_CANDIDATE : FL_COMPARE_SIDE_PROBE;
      draw_image (self, snapshot, shown, pane, pane);
      if (has_overlay_content (self))
        {
          cr = gtk_snapshot_append_cairo (snapshot, pane);
          draw_overlay_region (self, cr, pane, pane, shown, TRUE);
        }
      draw_label (self, snapshot, pane, side_name (shown), 0, 0);
      draw_missing (self, snapshot, shown, pane);
      break;
    }
  g_clear_pointer (&cr, cairo_destroy);

  if (self->mirrored)
    draw_label (self, snapshot, pane, _("Mirrored: the left half of each face and its reflection"), 0, 1);
  gtk_snapshot_pop (snapshot);
}

/* Callbacks */

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               FlCompareView  *self)
{
  graphene_rect_t pane = pane_at (self, x);

  if (self->pinching)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_start_x = x;
  self->drag_start_y = y;
  if (find_landmark (self, x, y, &self->drag_side, &self->drag_index))
    {
      FlPoint point = self->images[self->drag_side]->landmarks[self->drag_index];

      self->drag_kind = DRAG_LANDMARK;
      fl_compare_view_image_to_widget (self, self->drag_side, point.x, point.y,
                                       &self->drag_handle_x, &self->drag_handle_y);
    }
  else if (self->mode == FL_COMPARE_MODE_WIPE && fabs (x - wipe_x (self, &pane)) <= HIT_RADIUS)
    self->drag_kind = DRAG_DIVIDER;
  else
    {
      self->drag_kind = DRAG_PAN;
      self->drag_center_x = self->center_x;
      self->drag_center_y = self->center_y;
      set_cursor (self, "grabbing");
    }
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                FlCompareView  *self)
{
  switch (self->drag_kind)
    {
    case DRAG_PAN:
      if (offset_x != 0 || offset_y != 0)
        set_view (self, self->scale, self->drag_center_x - offset_x / self->scale,
                  self->drag_center_y - offset_y / self->scale, FALSE);
      break;
    case DRAG_LANDMARK:
      move_dragged_landmark (self, offset_x, offset_y);
      break;
    case DRAG_DIVIDER:
      {
        graphene_rect_t pane = pane_at (self, self->drag_start_x);

        g_object_set (self, "wipe-position",
                      CLAMP ((self->drag_start_x + offset_x - pane.origin.x) / pane.size.width, 0, 1), NULL);
        break;
      }
    case DRAG_NONE:
    default:
      break;
    }
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             FlCompareView  *self)
{
  DragKind kind = self->drag_kind;

  drag_update_cb (gesture, offset_x, offset_y, self);
  self->drag_kind = DRAG_NONE;
  if (kind == DRAG_LANDMARK && (offset_x != 0 || offset_y != 0))
    {
      FlCompareImage *image = self->images[self->drag_side];
      FlPoint point = image->landmarks[self->drag_index];

      image->manual[self->drag_index] = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_signal_emit (self, signals[LANDMARK_MOVED], 0, self->drag_side, self->drag_index, point.x, point.y);
    }
  self->cursor_name = NULL;
  update_hover_cursor (self, self->drag_start_x + offset_x, self->drag_start_y + offset_y);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            FlCompareView   *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press != 2)
    return;
  if (self->fitted)
    zoom_at (self, reference_distance (self), x, y);
  else
    fl_compare_view_zoom_fit (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           FlCompareView            *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  if (state & GDK_CONTROL_MASK)
    {
      double x = self->pointer_x, y = self->pointer_y;
      double factor = wheel ? pow (ZOOM_STEP, -dy) : exp (-dy * 0.01);

      if (!self->pointer_inside)
        {
          x = gtk_widget_get_width (GTK_WIDGET (self)) / 4.0;
          y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
        }
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
           FlCompareView            *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  update_hover_cursor (self, x, y);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          FlCompareView            *self)
{
  self->pointer_inside = FALSE;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               FlCompareView    *self)
{
  double x, y;
  graphene_rect_t pane;

  if (!gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    return;
  /* Two fingers: the pinch owns the touches, the drag stops. */
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  self->drag_kind = DRAG_NONE;
  pane = pane_at (self, x);
  self->pinching = TRUE;
  self->pinch_scale = self->scale;
  self->pinch_face = face_at (self, &pane, x, y);
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       FlCompareView  *self)
{
  double x, y;

  if (!self->pinching || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  zoom_keeping (self, self->pinch_scale * scale, self->pinch_face, x, y);
}

static void
zoom_end_cb (GtkGesture       *gesture,
             GdkEventSequence *sequence,
             FlCompareView    *self)
{
  self->pinching = FALSE;
}

/* Actions */

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FlCompareView *self = FL_COMPARE_VIEW (widget);

  set_view (self, self->scale * ZOOM_STEP, self->center_x, self->center_y, FALSE);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FlCompareView *self = FL_COMPARE_VIEW (widget);

  set_view (self, self->scale / ZOOM_STEP, self->center_x, self->center_y, FALSE);
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  fl_compare_view_zoom_fit (FL_COMPARE_VIEW (widget));
}

static void
zoom_100_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  fl_compare_view_set_zoom (FL_COMPARE_VIEW (widget), 1.0);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  double dx, dy;

  g_variant_get (parameter, "(dd)", &dx, &dy);
  pan_by (FL_COMPARE_VIEW (widget), dx, dy);
}

/* Overrides */

static void
fl_compare_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  FlCompareView *self = FL_COMPARE_VIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  graphene_rect_t panes[2];
  guint n_panes = get_panes (self, panes);

  /* A neutral grey: no tint on skin tones. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.16, 0.16, 0.16, 1 }, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (guint i = 0; i < n_panes; i++)
    snapshot_pane (self, snapshot, &panes[i], i);

  if (gtk_widget_has_visible_focus (widget))
    {
      GskRoundedRect outline;

      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (1, 1, width - 2, height - 2), 0);
      gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 2, 2, 2, 2 },
                                  (GdkRGBA[4]) { { 0.21, 0.52, 0.89, 0.8 }, { 0.21, 0.52, 0.89, 0.8 },
                                                 { 0.21, 0.52, 0.89, 0.8 }, { 0.21, 0.52, 0.89, 0.8 } });
    }
}

static void
fl_compare_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 520;
}

static void
fl_compare_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  FlCompareView *self = FL_COMPARE_VIEW (widget);
  double old_scale = self->scale;

  if (self->fitted)
    self->scale = fit_scale (self);
  else
    self->scale = clamp_scale (self, self->scale);
  clamp_center (self);
  /* Not from inside the allocation: a bound zoom label would resize. */
  if (self->scale != old_scale && self->notify_source == 0)
    self->notify_source = g_idle_add (notify_zoom_cb, self);
}

static void
fl_compare_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (fl_compare_view_parent_class)->map (widget);
  update_flicker (FL_COMPARE_VIEW (widget));
}

static void
fl_compare_view_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (fl_compare_view_parent_class)->unmap (widget);
  update_flicker (FL_COMPARE_VIEW (widget));
}

static void
fl_compare_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FlCompareView *self = FL_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, fl_compare_view_get_zoom (self));
      break;
    case PROP_FITTED:
      g_value_set_boolean (value, self->fitted);
      break;
    case PROP_BLEND_OPACITY:
      g_value_set_double (value, self->blend_opacity);
      break;
    case PROP_WIPE_POSITION:
      g_value_set_double (value, self->wipe_position);
      break;
    case PROP_FLICKER_RATE:
      g_value_set_double (value, self->flicker_rate);
      break;
    case PROP_MIRRORED:
      g_value_set_boolean (value, self->mirrored);
      break;
    case PROP_EDIT_LANDMARKS:
      g_value_set_boolean (value, self->edit_landmarks);
      break;
    case PROP_SHOW_EYEBROWS ... PROP_SHOW_GRID:
      g_value_set_boolean (value, (self->overlays & FL_COMPARE_OVERLAY_BIT (prop_id - PROP_SHOW_EYEBROWS)) != 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
set_double (double     *field,
            double      value)
{
  if (*field == value)
    return FALSE;
  *field = value;
  return TRUE;
}

static void
fl_compare_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FlCompareView *self = FL_COMPARE_VIEW (object);
  gboolean changed = FALSE;

  switch (prop_id)
    {
    case PROP_MODE:
      fl_compare_view_set_mode (self, g_value_get_enum (value));
      return;
    case PROP_ZOOM:
      fl_compare_view_set_zoom (self, g_value_get_double (value));
      return;
    case PROP_BLEND_OPACITY:
      changed = set_double (&self->blend_opacity, g_value_get_double (value));
      break;
    case PROP_WIPE_POSITION:
      changed = set_double (&self->wipe_position, g_value_get_double (value));
      break;
    case PROP_FLICKER_RATE:
      changed = set_double (&self->flicker_rate, g_value_get_double (value));
      if (changed)
        update_flicker (self);
      break;
    case PROP_MIRRORED:
      changed = self->mirrored != g_value_get_boolean (value);
      self->mirrored = g_value_get_boolean (value);
      break;
    case PROP_EDIT_LANDMARKS:
      changed = self->edit_landmarks != g_value_get_boolean (value);
      self->edit_landmarks = g_value_get_boolean (value);
      break;
    case PROP_SHOW_EYEBROWS ... PROP_SHOW_GRID:
      {
        guint bit = FL_COMPARE_OVERLAY_BIT (prop_id - PROP_SHOW_EYEBROWS);
        guint overlays = g_value_get_boolean (value) ? self->overlays | bit : self->overlays & ~bit;

        changed = overlays != self->overlays;
        self->overlays = overlays;
        break;
      }
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (changed)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (object, pspec);
    }
}

static void
fl_compare_view_dispose (GObject *object)
{
  FlCompareView *self = FL_COMPARE_VIEW (object);

  g_clear_handle_id (&self->flicker_source, g_source_remove);
  g_clear_handle_id (&self->notify_source, g_source_remove);
  for (guint i = 0; i < G_N_ELEMENTS (self->images); i++)
    g_clear_pointer (&self->images[i], fl_compare_image_free);

  G_OBJECT_CLASS (fl_compare_view_parent_class)->dispose (object);
}

static void
fl_compare_view_class_init (FlCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *overlay_names[FL_COMPARE_N_OVERLAYS][2] = {
    { "show-eyebrows", "Eyebrow outlines" },
    { "show-eyes", "Eye outlines" },
    { "show-nose", "Nose outlines" },
    { "show-mouth", "Mouth and lip outlines" },
    { "show-jaw", "Jaw and chin line" },
    { "show-eye-line", "Eye line through both eye centres" },
    { "show-grid", "Proportional grid from the eye line" },
  };

  object_class->get_property = fl_compare_view_get_property;
  object_class->set_property = fl_compare_view_set_property;
  object_class->dispose = fl_compare_view_dispose;
  widget_class->snapshot = fl_compare_view_snapshot;
  widget_class->measure = fl_compare_view_measure;
  widget_class->size_allocate = fl_compare_view_size_allocate;
  widget_class->map = fl_compare_view_map;
  widget_class->unmap = fl_compare_view_unmap;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, "How the two faces are shown",
                       FL_TYPE_COMPARE_MODE, FL_COMPARE_MODE_SIDE_BY_SIDE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, "Screen pixels per probe image pixel",
                         0, G_MAXDOUBLE, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FITTED] =
    g_param_spec_boolean ("fitted", NULL, "Whether the faces are fitted to their panes",
                          TRUE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BLEND_OPACITY] =
    g_param_spec_double ("blend-opacity", NULL, "Opacity of the candidate over the probe (blend mode)",
                         0, 1, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WIPE_POSITION] =
    g_param_spec_double ("wipe-position", NULL, "Where the wipe divider is, as a fraction of the width",
                         0, 1, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLICKER_RATE] =
    g_param_spec_double ("flicker-rate", NULL, "Probe-candidate cycles a second (flicker mode)",
                         MIN_FLICKER_RATE, MAX_FLICKER_RATE, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIRRORED] =
    g_param_spec_boolean ("mirrored", NULL, "Show the left half of each face and its reflection",
                          FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EDIT_LANDMARKS] =
    g_param_spec_boolean ("edit-landmarks", NULL, "Whether landmarks can be dragged",
                          FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  for (guint i = 0; i < FL_COMPARE_N_OVERLAYS; i++)
    properties[PROP_SHOW_EYEBROWS + i] =
      g_param_spec_boolean (overlay_names[i][0], NULL, overlay_names[i][1], FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FlCompareView::landmark-moved:
   * @side: the image whose landmark moved
   * @index: the landmark (dlib 68-point index)
   * @x: its new position, image pixels
   * @y:
   *
   * The examiner dragged a landmark and let go; it is now marked manual.
   */
  signals[LANDMARK_MOVED] =
    g_signal_new ("landmark-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, FL_TYPE_COMPARE_SIDE, G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_install_action (widget_class, "compare.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "compare.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "compare.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "compare.zoom-100", NULL, zoom_100_action);
  gtk_widget_class_install_action (widget_class, "compare.pan", "(dd)", pan_action);

  for (guint ctrl = 0; ctrl <= 1; ctrl++)
    {
      GdkModifierType mods = ctrl ? GDK_CONTROL_MASK : 0;

      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, mods, "compare.zoom-in", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, mods, "compare.zoom-in", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, mods, "compare.zoom-in", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, mods, "compare.zoom-out", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, mods, "compare.zoom-out", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, mods, "compare.fit", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, mods, "compare.fit", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, mods, "compare.zoom-100", NULL);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1, mods, "compare.zoom-100", NULL);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "compare.pan", "(dd)", -PAN_STEP, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "compare.pan", "(dd)", PAN_STEP, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "compare.pan", "(dd)", 0.0, -PAN_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "compare.pan", "(dd)", 0.0, PAN_STEP);

  gtk_widget_class_set_css_name (widget_class, "compareview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fl_compare_view_init (FlCompareView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->blend_opacity = 0.5;
  self->wipe_position = 0.5;
  self->flicker_rate = 1.0;
  self->scale = 100;
  self->center_y = FL_COMPARE_FRAME_CENTER_Y;
  self->fitted = TRUE;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Probe and candidate faces, aligned on the eyes"), -1);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  self->drag = gesture;
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
fl_compare_view_new (void)
{
  return g_object_new (FL_TYPE_COMPARE_VIEW, NULL);
}

static void
set_side (FlCompareView *self,
          FlCompareSide  side,
          GdkTexture    *texture,
          const FlPoint *landmarks,
          const FlPoint *eyes)
{
  gboolean was_empty;
  double old_zoom;

  g_return_if_fail (FL_IS_COMPARE_VIEW (self));
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  was_empty = self->images[0] == NULL && self->images[1] == NULL;
  old_zoom = fl_compare_view_get_zoom (self);

  g_clear_pointer (&self->images[side], fl_compare_image_free);
  if (texture != NULL)
    self->images[side] = fl_compare_image_new (texture, landmarks, eyes);
  if (self->drag_kind == DRAG_LANDMARK && self->drag_side == side)
    self->drag_kind = DRAG_NONE;

  /* Face space is the same for every image: stepping through candidates
   * keeps the examiner's zoom on the same part of the face. */
  set_view (self, self->scale, self->center_x, self->center_y, was_empty || self->fitted);
  if (fl_compare_view_get_zoom (self) != old_zoom)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fl_compare_view_set_probe (FlCompareView *self,
                           GdkTexture    *texture,
                           const FlPoint *landmarks,
                           const FlPoint *eyes)
{
  set_side (self, FL_COMPARE_SIDE_PROBE, texture, landmarks, eyes);
}

void
fl_compare_view_set_candidate (FlCompareView *self,
                               GdkTexture    *texture,
                               const FlPoint *landmarks,
                               const FlPoint *eyes)
{
  set_side (self, FL_COMPARE_SIDE_CANDIDATE, texture, landmarks, eyes);
}

void
fl_compare_view_set_landmark_manual (FlCompareView *self,
                                     FlCompareSide  side,
                                     guint          index,
                                     gboolean       manual)
{
  g_return_if_fail (FL_IS_COMPARE_VIEW (self));
  g_return_if_fail (side <= FL_COMPARE_SIDE_CANDIDATE);
  g_return_if_fail (index < FL_N_LANDMARKS);

  if (self->images[side] == NULL)
    return;
  self->images[side]->manual[index] = manual != FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
fl_compare_view_get_landmark (FlCompareView *self,
                              FlCompareSide  side,
                              guint          index,
                              FlPoint       *point,
                              gboolean      *manual)
{
  FlCompareImage *image;

  g_return_val_if_fail (FL_IS_COMPARE_VIEW (self), FALSE);
  g_return_val_if_fail (side <= FL_COMPARE_SIDE_CANDIDATE, FALSE);
  g_return_val_if_fail (index < FL_N_LANDMARKS, FALSE);

  image = self->images[side];
  if (image == NULL || !image->has_landmarks)
    return FALSE;
  if (point != NULL)
    *point = image->landmarks[index];
  if (manual != NULL)
    *manual = image->manual[index];
  return TRUE;
}

gboolean
fl_compare_view_image_to_widget (FlCompareView *self,
                                 FlCompareSide  side,
                                 double         x,
                                 double         y,
                                 double        *widget_x,
                                 double        *widget_y)
{
  graphene_rect_t pane;
  FlPoint face;
  double ox, oy;

  g_return_val_if_fail (FL_IS_COMPARE_VIEW (self), FALSE);
  g_return_val_if_fail (side <= FL_COMPARE_SIDE_CANDIDATE, FALSE);

  if (self->images[side] == NULL)
    return FALSE;
  pane = pane_of_side (self, side);
  pane_origin (self, &pane, &ox, &oy);
  face = fl_compare_image_to_face (self->images[side], (FlPoint) { x, y });
  *widget_x = ox + self->scale * face.x;
  *widget_y = oy + self->scale * face.y;
  return TRUE;
}

FlCompareMode
fl_compare_view_get_mode (FlCompareView *self)
{
  g_return_val_if_fail (FL_IS_COMPARE_VIEW (self), FL_COMPARE_MODE_SIDE_BY_SIDE);

  return self->mode;
}

void
fl_compare_view_set_mode (FlCompareView *self,
                          FlCompareMode  mode)
{
  g_return_if_fail (FL_IS_COMPARE_VIEW (self));
  g_return_if_fail (mode <= FL_COMPARE_MODE_FLICKER);

  if (self->mode == mode)
    return;
  self->mode = mode;
  self->drag_kind = DRAG_NONE;
  update_flicker (self);
  /* One pane or two: a fitted view fits the new pane size. */
  set_view (self, self->scale, self->center_x, self->center_y, self->fitted);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

double
fl_compare_view_get_zoom (FlCompareView *self)
{
  g_return_val_if_fail (FL_IS_COMPARE_VIEW (self), 1.0);

  return self->scale / reference_distance (self);
}

void
fl_compare_view_set_zoom (FlCompareView *self,
                          double         zoom)
{
  g_return_if_fail (FL_IS_COMPARE_VIEW (self));
  g_return_if_fail (zoom > 0);

  set_view (self, zoom * reference_distance (self), self->center_x, self->center_y, FALSE);
}

void
fl_compare_view_zoom_fit (FlCompareView *self)
{
  g_return_if_fail (FL_IS_COMPARE_VIEW (self));

  set_view (self, self->scale, self->center_x, self->center_y, TRUE);
}

gboolean
fl_compare_view_get_fitted (FlCompareView *self)
{
  g_return_val_if_fail (FL_IS_COMPARE_VIEW (self), FALSE);

  return self->fitted;
}
