/* fl-compare-image.h: one side of FlCompareView: a tiled image pyramid aligned on the eyes
 *
 * "Face space" puts the eye on the image's left at (-0.5, 0) and the other
 * at (0.5, 0): one unit is the distance between the eyes, y grows downwards.
 * The pixels are kept as tiles (512 px, one pyramid level per halving) so a
 * frame only draws the tiles it shows, at the level matching the zoom:
 * nothing is rescaled per frame and the cairo renderer copies no more than
 * what is on screen.
 */
#pragma once

#include <gtk/gtk.h>

#include "fl-matcher.h"

G_BEGIN_DECLS

/* The face frame "fit" shows (face units): the head with some margin. */
#define FL_COMPARE_FRAME_WIDTH 3.4
#define FL_COMPARE_FRAME_HEIGHT 4.4
#define FL_COMPARE_FRAME_CENTER_Y 0.2

typedef struct _FlCompareLevel FlCompareLevel;

typedef struct
{
  int             width;              /* image pixels */
  int             height;
  FlPoint         eyes[2];            /* image's left eye first */
  gboolean        aligned;            /* FALSE: no eyes known, shown centred */
  gboolean        has_landmarks;
  FlPoint         landmarks[FL_N_LANDMARKS];
  gboolean        manual[FL_N_LANDMARKS];

  /* image → face space: f = R(-angle) (p - mid) / eye_distance */
  FlPoint         mid;
  double          eye_distance;
  double          angle;              /* radians, of the eye line in the image (y down) */

  guint           n_levels;
  FlCompareLevel *levels;
} FlCompareImage;

FlCompareImage *fl_compare_image_new           (GdkTexture           *texture,
                                                const FlPoint        *landmarks,
                                                const FlPoint        *eyes);
void            fl_compare_image_free          (FlCompareImage       *image);

FlPoint         fl_compare_image_to_face       (const FlCompareImage *image,
                                                FlPoint               point);
FlPoint         fl_compare_image_from_face     (const FlCompareImage *image,
                                                FlPoint               face);
/* The image's bounding box in face space. */
void            fl_compare_image_face_bounds   (const FlCompareImage *image,
                                                graphene_rect_t      *bounds);

/* Draws the image inside @visible (current snapshot coordinates), with face
 * point f at (origin_x + scale·f.x, origin_y + scale·f.y): the tiles of one
 * pyramid level as textures, or with @cairo_renderer (GskCairoRenderer) the
 * level's cairo surface in a cairo node. @device_scale is the widget's scale
 * factor (it picks the level). */
void            fl_compare_image_snapshot      (const FlCompareImage  *image,
                                                GtkSnapshot           *snapshot,
                                                double                 scale,
                                                double                 origin_x,
                                                double                 origin_y,
                                                const graphene_rect_t *visible,
                                                int                    device_scale,
                                                gboolean               cairo_renderer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlCompareImage, fl_compare_image_free)

G_END_DECLS
