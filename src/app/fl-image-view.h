/* fl-image-view.h: one image, zoomed and panned, shown before / after an enhancement
 *
 * The view's unit is a pixel of the full-resolution image (@width × @height in
 * fl_image_view_set_images); the textures may be smaller (a screen-sized preview)
 * and are drawn stretched over it, so eye markers and zoom (100 % = one image pixel
 * per screen pixel) stay in full-resolution pixels whatever the preview's size.
 *
 * Ctrl+scroll zooms about the pointer, plain scroll pans, a pinch (GtkGestureZoom)
 * zooms about the fingers' centre, dragging pans (or moves an eye marker or the split
 * divider under the pointer), double-click toggles fit / 100 %; keys + − 0 (fit) 1
 * (100 %) and the arrows. The pan is always clamped so the image never leaves the view.
 */
#pragma once

#include <gtk/gtk.h>

#include "fl-matcher.h"

G_BEGIN_DECLS

typedef enum
{
  FL_IMAGE_VIEW_AFTER,   /* the enhanced image */
  FL_IMAGE_VIEW_BEFORE,  /* the original (with the recipe's geometry only) */
  FL_IMAGE_VIEW_SPLIT,   /* before left of a draggable divider, after right of it */
} FlImageViewMode;

#define FL_TYPE_IMAGE_VIEW_MODE (fl_image_view_mode_get_type ())
GType fl_image_view_mode_get_type (void) G_GNUC_CONST;

#define FL_TYPE_IMAGE_VIEW (fl_image_view_get_type ())
G_DECLARE_FINAL_TYPE (FlImageView, fl_image_view, FL, IMAGE_VIEW, GtkWidget)

GtkWidget       *fl_image_view_new                (void);
/* Either texture may be NULL (nothing drawn for it). A fitted view re-fits to a
 * new size; a zoomed one keeps its zoom. */
void             fl_image_view_set_images         (FlImageView    *self,
                                                   GdkTexture     *before,
                                                   GdkTexture     *after,
                                                   int             width,
                                                   int             height);
void             fl_image_view_set_mode           (FlImageView    *self,
                                                   FlImageViewMode mode);
FlImageViewMode  fl_image_view_get_mode           (FlImageView    *self);
/* Where the split divider is, 0 (left edge of the view) … 1 (right edge). */
void             fl_image_view_set_split_position (FlImageView    *self,
                                                   double          position);
double           fl_image_view_get_split_position (FlImageView    *self);

/* Two draggable eye markers (the eye on the image's left first), in image pixels;
 * NULL hides them. "eyes-moved" is emitted when the examiner lets go of one. */
void             fl_image_view_set_eyes           (FlImageView    *self,
                                                   const FlPoint  *eyes);
gboolean         fl_image_view_get_eyes           (FlImageView    *self,
                                                   FlPoint        *eyes);

void             fl_image_view_zoom_fit           (FlImageView    *self);
/* Screen pixels per image pixel, about the view's centre. */
void             fl_image_view_set_zoom           (FlImageView    *self,
                                                   double          zoom);
double           fl_image_view_get_zoom           (FlImageView    *self);
gboolean         fl_image_view_get_fitted         (FlImageView    *self);
/* Image pixel → widget coordinates (FALSE when no image). */
gboolean         fl_image_view_image_to_widget    (FlImageView    *self,
                                                   double          x,
                                                   double          y,
                                                   double         *widget_x,
                                                   double         *widget_y);

G_END_DECLS
