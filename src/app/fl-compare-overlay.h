/* fl-compare-overlay.h: landmark, eye-line and grid overlays of FlCompareView
 *
 * Drawn in widget coordinates (after the image transform is restored), so
 * line widths stay the same at every zoom. Colours are the Okabe–Ito
 * palette, and each group also has its own dash pattern, so groups stay
 * apart for colour-blind examiners and in greyscale prints.
 */
#pragma once

#include <gtk/gtk.h>

#include "fl-compare-image.h"

G_BEGIN_DECLS

typedef enum
{
  FL_COMPARE_OVERLAY_EYEBROWS,
  FL_COMPARE_OVERLAY_EYES,
  FL_COMPARE_OVERLAY_NOSE,
  FL_COMPARE_OVERLAY_MOUTH,
  FL_COMPARE_OVERLAY_JAW,
  FL_COMPARE_OVERLAY_EYE_LINE,
  FL_COMPARE_OVERLAY_GRID,
  FL_COMPARE_N_OVERLAYS
} FlCompareOverlay;

#define FL_COMPARE_OVERLAY_BIT(overlay) (1u << (overlay))

/* The feature group (EYEBROWS … JAW) of dlib landmark @index. */
FlCompareOverlay fl_compare_overlay_group_of        (guint                 index);

/* Outlines of the groups set in @overlays for @image, whose face point f is
 * drawn at (origin_x + scale·f.x, origin_y + scale·f.y). With @all_points
 * every landmark is drawn as a handle, whatever @overlays says. Landmarks
 * placed by hand are squares, the others dots. */
void             fl_compare_overlay_draw_landmarks  (cairo_t              *cr,
                                                     const FlCompareImage *image,
                                                     guint                 overlays,
                                                     gboolean              all_points,
                                                     double                scale,
                                                     double                origin_x,
                                                     double                origin_y);

/* The eye line and the proportional grid (face space, the same for both images). */
void             fl_compare_overlay_draw_guides     (cairo_t              *cr,
                                                     guint                 overlays,
                                                     double                scale,
                                                     double                origin_x,
                                                     double                origin_y,
                                                     const graphene_rect_t *pane);

/* A sample of @overlay's line (colour and dash pattern) on a dark plate,
 * @width × @height, for legends. */
void             fl_compare_overlay_draw_swatch     (cairo_t              *cr,
                                                     FlCompareOverlay      overlay,
                                                     int                   width,
                                                     int                   height);

G_END_DECLS
