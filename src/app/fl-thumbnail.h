/* fl-thumbnail.h: small textures of probe images, decoded the way the matcher reads them */
#pragma once

#include <gtk/gtk.h>

#include "fl-matcher.h"

G_BEGIN_DECLS

/* The largest thumbnail side used in the intake form and the case file. */
#define FL_THUMBNAIL_SIZE 256

/* Shrinks @image so that its longer side is at most @max_size pixels (a box
 * filter; never enlarges). Safe to call from a worker thread. */
GdkTexture *fl_thumbnail_from_image  (const FlImage        *image,
                                      int                   max_size);

/* Decodes the file at @path (with EXIF orientation, like the matcher) and
 * shrinks it, in a worker thread. */
void        fl_thumbnail_load_async  (const char           *path,
                                      int                   max_size,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
GdkTexture *fl_thumbnail_load_finish (GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
