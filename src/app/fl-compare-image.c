/* fl-compare-image.c: one side of FlCompareView: a tiled image pyramid aligned on the eyes
 *
 * Why levels: scaling a 12-megapixel image down to a pane on every frame
 * costs far more than scaling a level already near the pane's resolution.
 * The pyramid is built once when the image is set; a frame draws one level.
 *
 * Why two ways of drawing it: GPU renderers upload a texture once and keep
 * it, so the level is cut into texture tiles and a frame appends only the
 * tiles that intersect the pane (tiles overlap their right and bottom
 * neighbours by a few pixels, so no background shows through anti-aliased
 * seams when the image is turned or zoomed by a fraction). GTK 4.8's cairo
 * renderer instead converts every pixel of every texture node it draws
 * (through floats) on every frame, which held two 12-MP images to 15–25
 * frames a second while panning; there each level is also a cairo image
 * surface over the same pixels, drawn in a cairo node, and pixman reads
 * only the pixels it shows.
 */
#include <math.h>
#include <string.h>

#include "fl-compare-image.h"

#define TILE_SIZE 512
#define TILE_OVERLAP 2
#define BYTES_PER_PIXEL 4  /* GDK_MEMORY_DEFAULT: premultiplied ARGB32, native endian */

struct _FlCompareLevel
{
  int          width;
  int          height;
  GBytes      *pixels;   /* width × height × 4, rows width × 4 bytes apart */
  int          columns;
  int          rows;
  GdkTexture **tiles;    /* rows × columns, row-major */
  cairo_surface_t *surface;  /* the same pixels, for the cairo renderer */
};

/* Halves @src (rounding up), averaging each 2 × 2 block; the last odd
 * row/column is averaged with itself. Premultiplied values average correctly. */
static guint8 *
downsample (const guint8 *src,
            int           src_width,
            int           src_height,
            int          *out_width,
            int          *out_height)
{
  int width = (src_width + 1) / 2;
  int height = (src_height + 1) / 2;
  gsize src_stride = (gsize) src_width * BYTES_PER_PIXEL;
  guint8 *dst = g_malloc ((gsize) width * height * BYTES_PER_PIXEL);

  for (int y = 0; y < height; y++)
    {
      const guint8 *row0 = src + (gsize) (2 * y) * src_stride;
      const guint8 *row1 = src + (gsize) MIN (2 * y + 1, src_height - 1) * src_stride;
      guint8 *out = dst + (gsize) y * width * BYTES_PER_PIXEL;

      for (int x = 0; x < width; x++)
        {
          gsize a = (gsize) (2 * x) * BYTES_PER_PIXEL;
          gsize b = (gsize) MIN (2 * x + 1, src_width - 1) * BYTES_PER_PIXEL;

          for (int c = 0; c < BYTES_PER_PIXEL; c++)
            out[x * BYTES_PER_PIXEL + c] = (row0[a + c] + row0[b + c] + row1[a + c] + row1[b + c] + 2) / 4;
        }
    }
  *out_width = width;
  *out_height = height;
  return dst;
}

/* The tiles share the level's pixel buffer (sub-GBytes with the level's stride): no copy. */
static void
level_init (FlCompareLevel *level,
            guint8         *pixels,
            int             width,
            int             height)
{
  gsize stride = (gsize) width * BYTES_PER_PIXEL;

  level->width = width;
  level->height = height;
  level->pixels = g_bytes_new_take (pixels, stride * height);
  level->columns = (width + TILE_SIZE - 1) / TILE_SIZE;
  level->rows = (height + TILE_SIZE - 1) / TILE_SIZE;
  level->tiles = g_new0 (GdkTexture *, (gsize) level->columns * level->rows);

  for (int row = 0; row < level->rows; row++)
    for (int column = 0; column < level->columns; column++)
      {
        int x = column * TILE_SIZE;
        int y = row * TILE_SIZE;
        int tile_width = MIN (TILE_SIZE + TILE_OVERLAP, width - x);
        int tile_height = MIN (TILE_SIZE + TILE_OVERLAP, height - y);
        g_autoptr(GBytes) bytes = g_bytes_new_from_bytes (level->pixels, y * stride + (gsize) x * BYTES_PER_PIXEL,
                                                          (tile_height - 1) * stride +
                                                          (gsize) tile_width * BYTES_PER_PIXEL);

        level->tiles[row * level->columns + column] =
          gdk_memory_texture_new (tile_width, tile_height, GDK_MEMORY_DEFAULT, bytes, stride);
      }
  /* GDK_MEMORY_DEFAULT is CAIRO_FORMAT_ARGB32, and width × 4 its stride. Never written to. */
  level->surface = cairo_image_surface_create_for_data ((guchar *) g_bytes_get_data (level->pixels, NULL),
                                                        CAIRO_FORMAT_ARGB32, width, height, (int) stride);
}

static void
level_clear (FlCompareLevel *level)
{
  for (int i = 0; i < level->columns * level->rows; i++)
    g_clear_object (&level->tiles[i]);
  g_clear_pointer (&level->tiles, g_free);
  g_clear_pointer (&level->surface, cairo_surface_destroy);
  g_clear_pointer (&level->pixels, g_bytes_unref);
}

static void
build_pyramid (FlCompareImage *image,
               GdkTexture     *texture)
{
  GArray *levels = g_array_new (FALSE, TRUE, sizeof (FlCompareLevel));
  int width = image->width;
  int height = image->height;
  guint8 *pixels = g_malloc ((gsize) width * height * BYTES_PER_PIXEL);

  gdk_texture_download (texture, pixels, (gsize) width * BYTES_PER_PIXEL);
  for (;;)
    {
      FlCompareLevel level = { 0 };
      const guint8 *source = pixels;
      int source_width = width;
      int source_height = height;

      level_init (&level, pixels, width, height);
      g_array_append_val (levels, level);
      if (width <= TILE_SIZE && height <= TILE_SIZE)
        break;
      pixels = downsample (source, source_width, source_height, &width, &height);
    }
  image->n_levels = levels->len;
  image->levels = (FlCompareLevel *) (gpointer) g_array_free (levels, FALSE);
}

static void
set_alignment (FlCompareImage *image)
{
  double dx, dy;

  if (!image->aligned)
    {
      /* Fit the whole image into the face frame, as if its eyes were there. */
      double distance = MAX (image->width / FL_COMPARE_FRAME_WIDTH, image->height / FL_COMPARE_FRAME_HEIGHT);

      image->eyes[0] = (FlPoint) { image->width / 2.0 - distance / 2, image->height / 2.0 - FL_COMPARE_FRAME_CENTER_Y * distance };
      image->eyes[1] = (FlPoint) { image->width / 2.0 + distance / 2, image->eyes[0].y };
    }
  dx = image->eyes[1].x - image->eyes[0].x;
  dy = image->eyes[1].y - image->eyes[0].y;
  image->mid = (FlPoint) { (image->eyes[0].x + image->eyes[1].x) / 2, (image->eyes[0].y + image->eyes[1].y) / 2 };
  image->eye_distance = MAX (hypot (dx, dy), 1.0);
  image->angle = atan2 (dy, dx);
}

static FlPoint
mean_point (const FlPoint *points,
            guint          first,
            guint          last)
{
  FlPoint mean = { 0, 0 };

  for (guint i = first; i <= last; i++)
    {
      mean.x += points[i].x;
      mean.y += points[i].y;
    }
  mean.x /= last - first + 1;
  mean.y /= last - first + 1;
  return mean;
}

FlCompareImage *
fl_compare_image_new (GdkTexture    *texture,
                      const FlPoint *landmarks,
                      const FlPoint *eyes)
{
  FlCompareImage *image;

  g_return_val_if_fail (GDK_IS_TEXTURE (texture), NULL);

  image = g_new0 (FlCompareImage, 1);
  image->width = gdk_texture_get_width (texture);
  image->height = gdk_texture_get_height (texture);
  if (landmarks != NULL)
    {
      image->has_landmarks = TRUE;
      memcpy (image->landmarks, landmarks, sizeof image->landmarks);
    }
  if (eyes != NULL)
    {
      image->eyes[0] = eyes[0];
      image->eyes[1] = eyes[1];
      image->aligned = TRUE;
    }
  else if (landmarks != NULL)
    {
      image->eyes[0] = mean_point (landmarks, 36, 41);
      image->eyes[1] = mean_point (landmarks, 42, 47);
      image->aligned = TRUE;
    }
  set_alignment (image);
  build_pyramid (image, texture);
  return image;
}

void
fl_compare_image_free (FlCompareImage *image)
{
  if (image == NULL)
    return;
  for (guint i = 0; i < image->n_levels; i++)
    level_clear (&image->levels[i]);
  g_free (image->levels);
  g_free (image);
}

FlPoint
fl_compare_image_to_face (const FlCompareImage *image,
                          FlPoint               point)
{
  double c = cos (image->angle), s = sin (image->angle);
  double vx = point.x - image->mid.x, vy = point.y - image->mid.y;

  return (FlPoint) { (c * vx + s * vy) / image->eye_distance, (-s * vx + c * vy) / image->eye_distance };
}

FlPoint
fl_compare_image_from_face (const FlCompareImage *image,
                            FlPoint               face)
{
  double c = cos (image->angle), s = sin (image->angle);
  double d = image->eye_distance;

  return (FlPoint) { image->mid.x + d * (c * face.x - s * face.y), image->mid.y + d * (s * face.x + c * face.y) };
}

void
fl_compare_image_face_bounds (const FlCompareImage *image,
                              graphene_rect_t      *bounds)
{
  const FlPoint corners[] = {
    { 0, 0 }, { image->width, 0 }, { 0, image->height }, { image->width, image->height },
  };
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;

  for (guint i = 0; i < G_N_ELEMENTS (corners); i++)
    {
      FlPoint f = fl_compare_image_to_face (image, corners[i]);

      min_x = MIN (min_x, f.x);
      min_y = MIN (min_y, f.y);
      max_x = MAX (max_x, f.x);
      max_y = MAX (max_y, f.y);
    }
  graphene_rect_init (bounds, min_x, min_y, max_x - min_x, max_y - min_y);
}

void
fl_compare_image_snapshot (const FlCompareImage  *image,
                           GtkSnapshot           *snapshot,
                           double                 scale,
                           double                 origin_x,
                           double                 origin_y,
                           const graphene_rect_t *visible,
                           int                    device_scale,
                           gboolean               cairo_renderer)
{
  double pixel = scale / image->eye_distance;  /* widget px per image px */
  double device_pixel = pixel * MAX (device_scale, 1);
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  const FlCompareLevel *level;
  guint level_index = 0;
  double factor;
  int first_column, last_column, first_row, last_row;

  /* The coarsest level whose pixels are still no larger than a device pixel. */
  while (level_index + 1 < image->n_levels && device_pixel * (double) (1u << (level_index + 1)) <= 1.0)
    level_index++;
  level = &image->levels[level_index];
  factor = (double) (1u << level_index);

  if (cairo_renderer)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, visible);

      cairo_translate (cr, origin_x, origin_y);
      cairo_scale (cr, pixel, pixel);
      cairo_rotate (cr, -image->angle);
      cairo_translate (cr, -image->mid.x, -image->mid.y);
      cairo_scale (cr, factor, factor);
      cairo_set_source_surface (cr, level->surface, 0, 0);
      cairo_rectangle (cr, 0, 0, level->width, level->height);
      cairo_fill (cr);
      cairo_destroy (cr);
      return;
    }

  /* The visible rectangle's corners in level pixels give the tiles to draw. */
  for (guint i = 0; i < 4; i++)
    {
      double wx = visible->origin.x + (i & 1 ? visible->size.width : 0);
      double wy = visible->origin.y + (i & 2 ? visible->size.height : 0);
      FlPoint p = fl_compare_image_from_face (image, (FlPoint) { (wx - origin_x) / scale, (wy - origin_y) / scale });

      min_x = MIN (min_x, p.x / factor);
      min_y = MIN (min_y, p.y / factor);
      max_x = MAX (max_x, p.x / factor);
      max_y = MAX (max_y, p.y / factor);
    }
  if (max_x < 0 || max_y < 0 || min_x > level->width || min_y > level->height)
    return;
  first_column = CLAMP ((int) floor ((min_x - TILE_OVERLAP) / TILE_SIZE), 0, level->columns - 1);
  last_column = CLAMP ((int) floor (max_x / TILE_SIZE), 0, level->columns - 1);
  first_row = CLAMP ((int) floor ((min_y - TILE_OVERLAP) / TILE_SIZE), 0, level->rows - 1);
  last_row = CLAMP ((int) floor (max_y / TILE_SIZE), 0, level->rows - 1);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (origin_x, origin_y));
  gtk_snapshot_scale (snapshot, pixel, pixel);
  if (image->angle != 0)
    gtk_snapshot_rotate (snapshot, -image->angle * 180 / G_PI);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-image->mid.x, -image->mid.y));
  gtk_snapshot_scale (snapshot, factor, factor);
  for (int row = first_row; row <= last_row; row++)
    for (int column = first_column; column <= last_column; column++)
      {
        GdkTexture *tile = level->tiles[row * level->columns + column];

        gtk_snapshot_append_texture (snapshot, tile,
                                     &GRAPHENE_RECT_INIT (column * TILE_SIZE, row * TILE_SIZE,
                                                          gdk_texture_get_width (tile),
                                                          gdk_texture_get_height (tile)));
      }
  gtk_snapshot_restore (snapshot);
}
