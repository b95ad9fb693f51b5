/* fl-compare-overlay.c: landmark, eye-line and grid overlays of FlCompareView */
#include <math.h>

#include "fl-compare-overlay.h"

#define LINE_WIDTH 1.75
#define HALO_WIDTH (LINE_WIDTH + 2.0)
#define DOT_RADIUS 2.5
#define HANDLE_RADIUS 3.5
#define MANUAL_SIZE 10.0

typedef struct
{
  double        red, green, blue;
  const double *dashes;
  int           n_dashes;
} Style;

/* Okabe–Ito colours; the dash patterns tell the groups apart without colour. */
static const double solid[] = { 1 };
static const double long_dash[] = { 7, 3 };
static const double dotted[] = { 2, 2.5 };
static const double dash_dot[] = { 7, 3, 2, 3 };
static const double long_short[] = { 12, 3, 4, 3 };
static const double grid_dash[] = { 4, 4 };
static const double axis_dash[] = { 10, 3, 2, 3 };

static const Style styles[FL_COMPARE_N_OVERLAYS] = {
  [FL_COMPARE_OVERLAY_EYEBROWS] = { 0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0, long_dash, G_N_ELEMENTS (long_dash) },
  [FL_COMPARE_OVERLAY_EYES] = { 0x56 / 255.0, 0xB4 / 255.0, 0xE9 / 255.0, solid, 0 },
  [FL_COMPARE_OVERLAY_NOSE] = { 0x00 / 255.0, 0x9E / 255.0, 0x73 / 255.0, dotted, G_N_ELEMENTS (dotted) },
  [FL_COMPARE_OVERLAY_MOUTH] = { 0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0, dash_dot, G_N_ELEMENTS (dash_dot) },
  [FL_COMPARE_OVERLAY_JAW] = { 0xF0 / 255.0, 0xE4 / 255.0, 0x42 / 255.0, long_short, G_N_ELEMENTS (long_short) },
  [FL_COMPARE_OVERLAY_EYE_LINE] = { 0xD5 / 255.0, 0x5E / 255.0, 0x00 / 255.0, solid, 0 },
  [FL_COMPARE_OVERLAY_GRID] = { 1.0, 1.0, 1.0, grid_dash, G_N_ELEMENTS (grid_dash) },
};

/* dlib's 68-point outlines: first, last, closed. */
typedef struct
{
  FlCompareOverlay group;
  guint            first;
  guint            last;
  gboolean         closed;
} Outline;

static const Outline outlines[] = {
  { FL_COMPARE_OVERLAY_JAW, 0, 16, FALSE },
  { FL_COMPARE_OVERLAY_EYEBROWS, 17, 21, FALSE },
  { FL_COMPARE_OVERLAY_EYEBROWS, 22, 26, FALSE },
  { FL_COMPARE_OVERLAY_NOSE, 27, 30, FALSE },
  { FL_COMPARE_OVERLAY_NOSE, 30, 35, TRUE },   /* nose tip round the nostrils */
  { FL_COMPARE_OVERLAY_EYES, 36, 41, TRUE },
  { FL_COMPARE_OVERLAY_EYES, 42, 47, TRUE },
  { FL_COMPARE_OVERLAY_MOUTH, 48, 59, TRUE },  /* outer lips */
  { FL_COMPARE_OVERLAY_MOUTH, 60, 67, TRUE },  /* inner lips */
};

FlCompareOverlay
fl_compare_overlay_group_of (guint index)
{
  if (index <= 16)
    return FL_COMPARE_OVERLAY_JAW;
  if (index <= 26)
    return FL_COMPARE_OVERLAY_EYEBROWS;
  if (index <= 35)
    return FL_COMPARE_OVERLAY_NOSE;
  if (index <= 47)
    return FL_COMPARE_OVERLAY_EYES;
  return FL_COMPARE_OVERLAY_MOUTH;
}

/* Strokes the current path twice: a dark halo, then the colour, so it shows
 * on light and dark skin and backgrounds alike. */
static void
stroke_styled (cairo_t     *cr,
               const Style *style,
               double       alpha)
{
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_dash (cr, style->dashes, style->n_dashes, 0);
  cairo_set_line_width (cr, HALO_WIDTH);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55 * alpha);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_source_rgba (cr, style->red, style->green, style->blue, alpha);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
to_widget (const FlCompareImage *image,
           FlPoint               point,
           double                scale,
           double                origin_x,
           double                origin_y,
           double               *x,
           double               *y)
{
  FlPoint face = fl_compare_image_to_face (image, point);

  *x = origin_x + scale * face.x;
  *y = origin_y + scale * face.y;
}

static void
draw_point (cairo_t     *cr,
            const Style *style,
            double       x,
            double       y,
            gboolean     manual,
            gboolean     handle)
{
  if (manual)
    {
      /* A square with a white rim: placed by the examiner. */
      cairo_rectangle (cr, x - MANUAL_SIZE / 2, y - MANUAL_SIZE / 2, MANUAL_SIZE, MANUAL_SIZE);
      cairo_set_line_width (cr, 4);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_stroke_preserve (cr);
      cairo_set_line_width (cr, 2);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, style->red, style->green, style->blue);
      cairo_fill (cr);
      return;
    }
  cairo_arc (cr, x, y, handle ? HANDLE_RADIUS : DOT_RADIUS, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, style->red, style->green, style->blue);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  cairo_stroke (cr);
}

void
fl_compare_overlay_draw_landmarks (cairo_t              *cr,
                                   const FlCompareImage *image,
                                   guint                 overlays,
                                   gboolean              all_points,
                                   double                scale,
                                   double                origin_x,
                                   double                origin_y)
{
  double xs[FL_N_LANDMARKS], ys[FL_N_LANDMARKS];

  if (!image->has_landmarks)
    return;
  for (guint i = 0; i < FL_N_LANDMARKS; i++)
    to_widget (image, image->landmarks[i], scale, origin_x, origin_y, &xs[i], &ys[i]);

  for (guint o = 0; o < G_N_ELEMENTS (outlines); o++)
    {
      const Outline *outline = &outlines[o];

      if (!(overlays & FL_COMPARE_OVERLAY_BIT (outline->group)))
        continue;
      cairo_move_to (cr, xs[outline->first], ys[outline->first]);
      for (guint i = outline->first + 1; i <= outline->last; i++)
        cairo_line_to (cr, xs[i], ys[i]);
      if (outline->closed)
        cairo_close_path (cr);
      stroke_styled (cr, &styles[outline->group], 1.0);
    }

  /* Points placed by hand last, on top of their neighbours. */
  for (int manual = FALSE; manual <= TRUE; manual++)
    for (guint i = 0; i < FL_N_LANDMARKS; i++)
      {
        FlCompareOverlay group = fl_compare_overlay_group_of (i);

        if (image->manual[i] == manual && (all_points || (overlays & FL_COMPARE_OVERLAY_BIT (group))))
          draw_point (cr, &styles[group], xs[i], ys[i], manual, all_points);
      }
}

static void
guide_line (cairo_t     *cr,
            const Style *style,
            double       x0,
            double       y0,
            double       x1,
            double       y1,
            double       alpha)
{
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
  stroke_styled (cr, style, alpha);
}

void
fl_compare_overlay_draw_guides (cairo_t               *cr,
                                guint                  overlays,
                                double                 scale,
                                double                 origin_x,
                                double                 origin_y,
                                const graphene_rect_t *pane)
{
  double left = pane->origin.x, right = pane->origin.x + pane->size.width;

  if (overlays & FL_COMPARE_OVERLAY_BIT (FL_COMPARE_OVERLAY_GRID))
    {
      /* Columns one eye-width (half the eye distance) wide: the face's fifths
       * run from -1.25 to 1.25; rows of the same size from the eye line. */
      const Style *style = &styles[FL_COMPARE_OVERLAY_GRID];
      const double top = -1.5, bottom = 2.0, half_width = 1.25, step = 0.5;
      Style axis = *style;

      for (double fx = -half_width; fx <= half_width + 1e-9; fx += step)
        guide_line (cr, style, origin_x + scale * fx, origin_y + scale * top,
                    origin_x + scale * fx, origin_y + scale * bottom, 0.6);
      for (double fy = top; fy <= bottom + 1e-9; fy += step)
        guide_line (cr, style, origin_x - scale * half_width, origin_y + scale * fy,
                    origin_x + scale * half_width, origin_y + scale * fy, 0.6);
      /* The face's midline, perpendicular to the eye line. */
      axis.dashes = axis_dash;
      axis.n_dashes = G_N_ELEMENTS (axis_dash);
      guide_line (cr, &axis, origin_x, origin_y + scale * top, origin_x, origin_y + scale * bottom, 1.0);
    }

  if (overlays & FL_COMPARE_OVERLAY_BIT (FL_COMPARE_OVERLAY_EYE_LINE))
    {
      const Style *style = &styles[FL_COMPARE_OVERLAY_EYE_LINE];

      guide_line (cr, style, left, origin_y, right, origin_y, 1.0);
      /* Rings on the eye centres the alignment used. */
      for (int side = -1; side <= 1; side += 2)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, origin_x + scale * 0.5 * side, origin_y, 6, 0, 2 * G_PI);
          stroke_styled (cr, style, 1.0);
        }
    }
}

void
fl_compare_overlay_draw_swatch (cairo_t          *cr,
                                FlCompareOverlay  overlay,
                                int               width,
                                int               height)
{
  g_return_if_fail (overlay < FL_COMPARE_N_OVERLAYS);

  /* The plate has the view's background colour. */
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_set_source_rgb (cr, 0.16, 0.16, 0.16);
  cairo_fill (cr);
  cairo_move_to (cr, 3, height / 2.0);
  cairo_line_to (cr, width - 3, height / 2.0);
  stroke_styled (cr, &styles[overlay], 1.0);
}
