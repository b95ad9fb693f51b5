/* fl-thumbnail.c: small textures of probe images
 *
 * Images are decoded with the matcher's decoder rather than GdkPixbuf so the
 * thumbnail shows exactly what the matcher sees (EXIF orientation applied,
 * alpha over white) and every format the intake accepts (WebP, PNM, …).
 */
#include "fl-thumbnail.h"

GdkTexture *
fl_thumbnail_from_image (const FlImage *image,
                         int            max_size)
{
  g_autoptr(GBytes) rgb = NULL;
  const guint8 *src;
  guint8 *dst;
  int width, height, out_w, out_h;
  double scale;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (max_size > 0, NULL);

  width = fl_image_get_width (image);
  height = fl_image_get_height (image);
  rgb = fl_image_get_rgb (image);
  src = g_bytes_get_data (rgb, NULL);

  scale = MIN (1.0, (double) max_size / MAX (width, height));
  out_w = MAX (1, (int) (width * scale + 0.5));
  out_h = MAX (1, (int) (height * scale + 0.5));
  if (out_w == width && out_h == height)
    return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8, rgb, (gsize) width * 3);

  dst = g_malloc ((gsize) out_w * out_h * 3);
  /* Each output pixel is the mean of the source pixels it covers. */
  for (int oy = 0; oy < out_h; oy++)
    {
      int y0 = (int) ((gint64) oy * height / out_h);
      int y1 = MAX (y0 + 1, (int) ((gint64) (oy + 1) * height / out_h));

      for (int ox = 0; ox < out_w; ox++)
        {
          int x0 = (int) ((gint64) ox * width / out_w);
          int x1 = MAX (x0 + 1, (int) ((gint64) (ox + 1) * width / out_w));
          guint64 sum[3] = { 0, 0, 0 };
          guint64 n = (guint64) (x1 - x0) * (y1 - y0);
          guint8 *out = dst + ((gsize) oy * out_w + ox) * 3;

          for (int y = y0; y < y1; y++)
            {
              const guint8 *p = src + ((gsize) y * width + x0) * 3;

              for (int x = x0; x < x1; x++, p += 3)
                {
                  sum[0] += p[0];
                  sum[1] += p[1];
                  sum[2] += p[2];
                }
            }
          for (int c = 0; c < 3; c++)
            out[c] = (guint8) ((sum[c] + n / 2) / n);
        }
    }

  {
    g_autoptr(GBytes) small = g_bytes_new_take (dst, (gsize) out_w * out_h * 3);
    return gdk_memory_texture_new (out_w, out_h, GDK_MEMORY_R8G8B8, small, (gsize) out_w * 3);
  }
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  int max_size = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "fl-max-size"));
  g_autoptr(FlImage) image = NULL;
  GError *error = NULL;

  image = fl_image_new_from_file (path, &error);
  if (image == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, fl_thumbnail_from_image (image, max_size), g_object_unref);
}

void
fl_thumbnail_load_async (const char          *path,
                         int                  max_size,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fl_thumbnail_load_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_object_set_data (G_OBJECT (task), "fl-max-size", GINT_TO_POINTER (max_size));
  g_task_run_in_thread (task, load_thread);
}

GdkTexture *
fl_thumbnail_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
