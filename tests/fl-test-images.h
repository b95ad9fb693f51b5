/* fl-test-images.h: encoders for the image variants the matcher tests feed in */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FL_TEST_JPEG_RGB,
  FL_TEST_JPEG_GRAY,
  FL_TEST_JPEG_CMYK,  /* Adobe-style inverted CMYK, as Photoshop writes it */
} FlTestJpegKind;

/* rgb: packed 8-bit RGB rows. channels 1 (grey), 3 (RGB) or 4 (RGBA, the outer eighth of the
 * image fully transparent over black pixels); bit_depth 8 or 16. */
GBytes *fl_test_encode_png  (const guint8   *rgb,
                             int             width,
                             int             height,
                             int             channels,
                             int             bit_depth);

/* exif_orientation: 0 for none, else the EXIF Orientation tag value (1–8) to record. */
GBytes *fl_test_encode_jpeg (const guint8   *rgb,
                             int             width,
                             int             height,
                             FlTestJpegKind  kind,
                             int             exif_orientation);

/* Packed RGB helpers. */
guint8 *fl_test_rotate_ccw  (const guint8   *rgb,
                             int             width,
                             int             height);
guint8 *fl_test_crop        (const guint8   *rgb,
                             int             width,
                             int             height,
                             int             x,
                             int             y,
                             int             crop_width,
                             int             crop_height);
guint8 *fl_test_box_blur    (const guint8   *rgb,
                             int             width,
                             int             height,
                             int             radius);
guint8 *fl_test_downscale   (const guint8   *rgb,
                             int             width,
                             int             height,
                             int             factor);

G_END_DECLS
