/* fl-test-images.c: encoders for the image variants the matcher tests feed in
 *
 * Written with libpng and libjpeg directly so the tests control exactly what lands in
 * the file (16-bit samples, CMYK, EXIF orientation) instead of trusting the decoder
 * under test to have written it.
 */
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "fl-test-images.h"

static void
png_write_cb (png_structp png, png_bytep data, size_t length)
{
  g_byte_array_append (png_get_io_ptr (png), data, (guint) length);
}

static void
png_flush_cb (png_structp png)
{
}

GBytes *
fl_test_encode_png (const guint8 *rgb, int width, int height, int channels, int bit_depth)
{
  GByteArray *out = g_byte_array_new ();
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  int colour = channels == 1 ? PNG_COLOR_TYPE_GRAY : channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA;
  int bytes = bit_depth / 8;
  g_autofree guint8 *line = g_malloc ((gsize) width * channels * bytes);

  g_assert (channels == 1 || channels == 3 || channels == 4);
  g_assert (bit_depth == 8 || bit_depth == 16);
  png_set_write_fn (png, out, png_write_cb, png_flush_cb);
  png_set_IHDR (png, info, width, height, bit_depth, colour, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);

  for (int y = 0; y < height; y++)
    {
      for (int x = 0; x < width; x++)
        {
          const guint8 *p = rgb + ((gsize) y * width + x) * 3;
          gboolean border = x < width / 8 || x >= width - width / 8 || y < height / 8 || y >= height - height / 8;
          guint v[4];
          int n = 0;

          if (channels == 1)
            v[n++] = (p[0] * 299 + p[1] * 587 + p[2] * 114 + 500) / 1000;
          else
            for (int c = 0; c < 3; c++)
              v[n++] = (channels == 4 && border) ? 0 : p[c];
          if (channels == 4)
            v[n++] = border ? 0 : 255;

          for (int c = 0; c < n; c++)
            {
              guint8 *o = line + ((gsize) x * channels + c) * bytes;
              if (bytes == 1)
                o[0] = (guint8) v[c];
              else
                {
                  guint wide = v[c] * 257;  /* big-endian 16-bit sample */
                  o[0] = (guint8) (wide >> 8);
                  o[1] = (guint8) (wide & 0xFF);
                }
            }
        }
      png_write_row (png, line);
    }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  return g_byte_array_free_to_bytes (out);
}

/* An APP1 Exif segment holding only the Orientation tag (big-endian TIFF). */
static void
write_exif_orientation (struct jpeg_compress_struct *cinfo, int orientation)
{
  const guint8 exif[] = {
    'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0, 42, 0, 0, 0, 8,                   /* TIFF header, IFD0 at 8 */
    0, 1,                                          /* one entry */
    0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (guint8) orientation, 0, 0,  /* Orientation, SHORT, 1 */
    0, 0, 0, 0,                                    /* no next IFD */
  };

  jpeg_write_marker (cinfo, JPEG_APP0 + 1, exif, sizeof exif);
}

GBytes *
fl_test_encode_jpeg (const guint8 *rgb, int width, int height, FlTestJpegKind kind, int exif_orientation)
{
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  unsigned char *buffer = NULL;
  unsigned long size = 0;
  int components = kind == FL_TEST_JPEG_GRAY ? 1 : kind == FL_TEST_JPEG_CMYK ? 4 : 3;
  g_autofree guint8 *line = g_malloc ((gsize) width * components);
  GBytes *bytes;

  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &buffer, &size);
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = components;
  cinfo.in_color_space = kind == FL_TEST_JPEG_GRAY ? JCS_GRAYSCALE : kind == FL_TEST_JPEG_CMYK ? JCS_CMYK : JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, 95, TRUE);
  jpeg_start_compress (&cinfo, TRUE);
  if (exif_orientation > 0)
    write_exif_orientation (&cinfo, exif_orientation);

  while (cinfo.next_scanline < cinfo.image_height)
    {
      const guint8 *row = rgb + (gsize) cinfo.next_scanline * width * 3;
      JSAMPROW rows[1] = { line };

      for (int x = 0; x < width; x++)
        {
          const guint8 *p = row + (gsize) x * 3;
          guint8 *o = line + (gsize) x * components;

          if (kind == FL_TEST_JPEG_GRAY)
            o[0] = (guint8) ((p[0] * 299 + p[1] * 587 + p[2] * 114 + 500) / 1000);
          else if (kind == FL_TEST_JPEG_RGB)
            memcpy (o, p, 3);
          else
            {
              /* inverted CMYK: c' = 255·(1 − C) = R·255/K', k' = 255·(1 − K) = max(R, G, B) */
              guint k = MAX (p[0], MAX (p[1], p[2]));
              for (int c = 0; c < 3; c++)
                o[c] = k == 0 ? 0 : (guint8) ((p[c] * 255 + k / 2) / k);
              o[3] = (guint8) k;
            }
        }
      jpeg_write_scanlines (&cinfo, rows, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  bytes = g_bytes_new (buffer, size);
  free (buffer);
  return bytes;
}

guint8 *
fl_test_rotate_ccw (const guint8 *rgb, int width, int height)
{
  /* the result is height wide and width high */
  guint8 *out = g_malloc ((gsize) width * height * 3);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      memcpy (out + ((gsize) (width - 1 - x) * height + y) * 3, rgb + ((gsize) y * width + x) * 3, 3);
  return out;
}

guint8 *
fl_test_crop (const guint8 *rgb, int width, int height, int x, int y, int crop_width, int crop_height)
{
  guint8 *out = g_malloc0 ((gsize) crop_width * crop_height * 3);

  for (int j = 0; j < crop_height; j++)
    for (int i = 0; i < crop_width; i++)
      {
        int sx = CLAMP (x + i, 0, width - 1), sy = CLAMP (y + j, 0, height - 1);
        memcpy (out + ((gsize) j * crop_width + i) * 3, rgb + ((gsize) sy * width + sx) * 3, 3);
      }
  return out;
}

/* Two passes of a (2r+1)² box filter: close to a Gaussian blur. */
guint8 *
fl_test_box_blur (const guint8 *rgb, int width, int height, int radius)
{
  guint8 *a = g_memdup2 (rgb, (gsize) width * height * 3);
  g_autofree guint8 *b = g_malloc ((gsize) width * height * 3);

  for (int pass = 0; pass < 4; pass++)
    {
      gboolean horizontal = pass % 2 == 0;
      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          for (int c = 0; c < 3; c++)
            {
              guint sum = 0, n = 0;
              for (int k = -radius; k <= radius; k++)
                {
                  int sx = horizontal ? CLAMP (x + k, 0, width - 1) : x;
                  int sy = horizontal ? y : CLAMP (y + k, 0, height - 1);
                  sum += a[((gsize) sy * width + sx) * 3 + c];
                  n++;
                }
              b[((gsize) y * width + x) * 3 + c] = (guint8) ((sum + n / 2) / n);
            }
      memcpy (a, b, (gsize) width * height * 3);
    }
  return a;
}

guint8 *
fl_test_downscale (const guint8 *rgb, int width, int height, int factor)
{
  int w = width / factor, h = height / factor;
  guint8 *out = g_malloc ((gsize) w * h * 3);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        {
          guint sum = 0;
          for (int j = 0; j < factor; j++)
            for (int i = 0; i < factor; i++)
              sum += rgb[((gsize) (y * factor + j) * width + x * factor + i) * 3 + c];
          out[((gsize) y * w + x) * 3 + c] = (guint8) (sum / (factor * factor));
        }
  return out;
}
