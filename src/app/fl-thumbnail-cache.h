/* fl-thumbnail-cache.h: scaled face photos kept in memory, loaded a few at a time off the main thread */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FL_TYPE_THUMBNAIL_CACHE (fl_thumbnail_cache_get_type ())
G_DECLARE_FINAL_TYPE (FlThumbnailCache, fl_thumbnail_cache, FL, THUMBNAIL_CACHE, GObject)

/* Keeps up to @capacity textures (the least recently used go first) and
 * decodes at most @max_loads files at once. */
FlThumbnailCache *fl_thumbnail_cache_new           (guint              capacity,
                                                    guint              max_loads);
/* The texture of @path at @size when it is in memory (borrowed), else NULL. */
GdkTexture       *fl_thumbnail_cache_lookup        (FlThumbnailCache  *self,
                                                    const char        *path,
                                                    int                size);
/* Decodes and shrinks @path (fl_thumbnail_load_async()) when it is not in
 * memory yet; requests wait in line for a free loader. */
void              fl_thumbnail_cache_load_async    (FlThumbnailCache  *self,
                                                    const char        *path,
                                                    int                size,
                                                    GCancellable      *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer           user_data);
GdkTexture       *fl_thumbnail_cache_load_finish   (FlThumbnailCache  *self,
                                                    GAsyncResult      *result,
                                                    GError           **error);
/* Requests waiting or being decoded. */
guint             fl_thumbnail_cache_get_n_pending (FlThumbnailCache  *self);

G_END_DECLS
