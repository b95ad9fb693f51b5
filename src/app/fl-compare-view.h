/* fl-compare-view.h: probe and candidate faces side by side, aligned on the eyes (R15)
 *
 * Each image is turned, scaled and moved (a similarity transform computed
 * from its two eye centres) so that both faces share one "face space": the
 * eyes level, at the same place and the same distance apart. One zoom and
 * one pan drive both halves, so whatever is zoomed on one face is zoomed on
 * the other at the same spot.
 *
 * Zoom: the "zoom" property is screen pixels per probe image pixel (1.0 is
 * "100 %": the probe at its actual size; the candidate at the same face
 * scale). Ctrl+scroll and pinch zoom about the pointer / the fingers,
 * plain scroll and drag pan, double-click toggles fit / 100 %, keys:
 * + − zoom, 0 fit, 1 100 %, arrows pan. Actions: compare.zoom-in,
 * compare.zoom-out, compare.fit, compare.zoom-100, compare.pan "(dd)".
 *
 * Modes: side by side, blend (candidate over the probe at
 * "blend-opacity"), wipe (probe left of a draggable divider at
 * "wipe-position", candidate right of it), flicker (alternating at
 * "flicker-rate" Hz, each image shown half a period). "mirrored" shows the
 * left half (as seen) of each face next to its own mirror image.
 *
 * Overlays from the 68 landmarks (dlib indexing) per feature group, the eye
 * line and a proportional grid (columns one eye-width wide, the face's
 * fifths, and rows of the same size from the eye line), in Okabe–Ito colours
 * with a different dash pattern per group. With "edit-landmarks" on, a
 * landmark can be dragged (side-by-side, blend and wipe, not mirrored): on
 * release the view keeps the new position, draws the point as manual (a
 * square) and emits ::landmark-moved with image coordinates.
 *
 * Properties (all notify, so g_object_bind_property() works; FlCompareToolbar
 * binds them): "mode" (FlCompareMode), "zoom" (double), "fitted" (read-only),
 * "blend-opacity" (0–1), "wipe-position" (0–1), "flicker-rate" (0.2–1.5 Hz:
 * at most three changes a second, the photosensitivity limit for flashes),
 * "mirrored", "edit-landmarks", and the overlays "show-eyebrows",
 * "show-eyes", "show-nose", "show-mouth", "show-jaw", "show-eye-line",
 * "show-grid" (all off at first).
 *
 * The view shows images only: no score or rank (R16); its container shows
 * the investigative-lead notice (R18).
 */
#pragma once

#include <gtk/gtk.h>

#include "fl-matcher.h"

G_BEGIN_DECLS

typedef enum
{
  FL_COMPARE_MODE_SIDE_BY_SIDE,
  FL_COMPARE_MODE_BLEND,
  FL_COMPARE_MODE_WIPE,
  FL_COMPARE_MODE_FLICKER,
} FlCompareMode;

typedef enum
{
  FL_COMPARE_SIDE_PROBE,
  FL_COMPARE_SIDE_CANDIDATE,
} FlCompareSide;

#define FL_TYPE_COMPARE_MODE (fl_compare_mode_get_type ())
#define FL_TYPE_COMPARE_SIDE (fl_compare_side_get_type ())
GType fl_compare_mode_get_type (void) G_GNUC_CONST;
GType fl_compare_side_get_type (void) G_GNUC_CONST;

#define FL_TYPE_COMPARE_VIEW (fl_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (FlCompareView, fl_compare_view, FL, COMPARE_VIEW, GtkWidget)

GtkWidget *fl_compare_view_new                 (void);

/* Shows @texture as the probe (or the candidate). @landmarks: FL_N_LANDMARKS
 * image points (dlib 68-point order) or NULL; @eyes: the two eye centres in
 * image pixels, the eye on the image's left first, or NULL to take them from
 * @landmarks (means of 36–41 and 42–47). Without either the image is shown
 * centred, unaligned. Every landmark starts as automatic. A NULL @texture
 * clears the side. The view keeps its own copy of the pixels (a tiled
 * pyramid built here, ~1.4 × the image's size in memory). */
void       fl_compare_view_set_probe           (FlCompareView *self,
                                                GdkTexture    *texture,
                                                const FlPoint *landmarks,
                                                const FlPoint *eyes);
void       fl_compare_view_set_candidate       (FlCompareView *self,
                                                GdkTexture    *texture,
                                                const FlPoint *landmarks,
                                                const FlPoint *eyes);

/* Marks landmark @index of @side as placed by hand (drawn as a square), e.g.
 * for points moved in an earlier session. */
void       fl_compare_view_set_landmark_manual (FlCompareView *self,
                                                FlCompareSide  side,
                                                guint          index,
                                                gboolean       manual);
/* The landmark's current position in image pixels; FALSE when @side has no
 * landmarks. @manual (may be NULL) tells whether it was placed by hand. */
gboolean   fl_compare_view_get_landmark        (FlCompareView *self,
                                                FlCompareSide  side,
                                                guint          index,
                                                FlPoint       *point,
                                                gboolean      *manual);

/* Where image point (@x, @y) of @side is drawn, in widget coordinates
 * (ignoring "mirrored"); FALSE when that side has no image. */
gboolean   fl_compare_view_image_to_widget     (FlCompareView *self,
                                                FlCompareSide  side,
                                                double         x,
                                                double         y,
                                                double        *widget_x,
                                                double        *widget_y);

FlCompareMode fl_compare_view_get_mode         (FlCompareView *self);
void       fl_compare_view_set_mode            (FlCompareView *self,
                                                FlCompareMode  mode);
double     fl_compare_view_get_zoom            (FlCompareView *self);
/* Zooms about the centre of the view; clamped to the allowed range. */
void       fl_compare_view_set_zoom            (FlCompareView *self,
                                                double         zoom);
/* Fits both faces into their panes and keeps them fitted as the view resizes,
 * until the next zoom or pan. */
void       fl_compare_view_zoom_fit            (FlCompareView *self);
gboolean   fl_compare_view_get_fitted          (FlCompareView *self);

G_END_DECLS
