/* test-matcher.c: the face matcher on bad input, image formats, real faces and quality */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fl-matcher.h"
#include "fl-test-images.h"

#define FACES_DIR FL_SOURCE_DIR "/../shared/testdata/faces"
#define SAMPLES_DIR FL_BUILD_MODEL_DIR "/samples"

/* Shared by all tests: loading the models takes about a second. */
static FlMatcher *matcher;

/* A face photo made from the package's demo group photo: the largest face, with room. */
typedef struct
{
  guint8 *rgb;
  int width;
  int height;
  float template[FL_TEMPLATE_LENGTH];
  FlPoint eyes[2];
} BaseFace;

static BaseFace base;

/* ---------------------------------------------------------------------------------- */

static gboolean
have_faces_dir (void)
{
  if (g_file_test (FACES_DIR, G_FILE_TEST_IS_DIR))
    return TRUE;
  g_test_skip ("the test faces (" FACES_DIR ") are absent: this test needs ../shared beside the repository");
  return FALSE;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Full paths of a folder's entries, sorted by name. */
static char **
sorted_entries (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &error);
  GPtrArray *names = g_ptr_array_new ();
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

static FlImage *
load_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  FlImage *image = fl_image_new_from_file (path, &error);

  g_assert_no_error (error);
  return image;
}

static FlImage *
load_bytes (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  FlImage *image = fl_image_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (image);
  return image;
}

static GPtrArray *
detect (FlImage *image, FlDetectFlags flags)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *faces = fl_matcher_detect (matcher, image, flags, &error);

  g_assert_no_error (error);
  g_assert_nonnull (faces);
  return faces;
}

static void
template_of (const FlFace *face, float *out)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fl_matcher_compute_template (matcher, face, out, &error));
  g_assert_no_error (error);
}

/* Template of the largest face of an image; FALSE when no face is found. */
static gboolean
image_template (const char *path, FlDetectFlags flags, float *out)
{
  g_autoptr(FlImage) image = load_file (path);
  g_autoptr(GPtrArray) faces = detect (image, flags);

  if (faces->len == 0)
    return FALSE;
  template_of (faces->pdata[0], out);
  return TRUE;
}

static void
assert_refused (const guint8 *data, gsize size, int code, const char *const *phrases)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlImage) image = fl_image_new_from_data (data, size, &error);

  g_assert_null (image);
  g_assert_error (error, FL_ERROR, code);
  for (guint i = 0; phrases[i] != NULL; i++)
    if (strstr (error->message, phrases[i]) == NULL)
      g_error ("message “%s” lacks “%s”", error->message, phrases[i]);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* Mean absolute difference of the decoded image against packed RGB of the same size. */
static double
mean_difference (FlImage *image, const guint8 *rgb)
{
  g_autoptr(GBytes) decoded = fl_image_get_rgb (image);
  const guint8 *d = g_bytes_get_data (decoded, NULL);
  gsize n = g_bytes_get_size (decoded);
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += fabs ((double) d[i] - rgb[i]);
  return sum / n;
}

static void
make_base_face (void)
{
  g_autoptr(FlImage) photo = load_file (SAMPLES_DIR "/sample6.jpg");
  g_autoptr(GPtrArray) faces = detect (photo, FL_DETECT_NO_SSD);
  g_autoptr(GBytes) rgb = fl_image_get_rgb (photo);
  FlRect box;

  g_assert_cmpuint (faces->len, >, 0);
  box = fl_face_get_box (faces->pdata[0]);
  base.width = base.height = (int) (box.width * 2.4);
  base.rgb = fl_test_crop (g_bytes_get_data (rgb, NULL), fl_image_get_width (photo), fl_image_get_height (photo),
                           (int) (box.x + box.width / 2 - base.width / 2.0),
                           (int) (box.y + box.height / 2 - base.height / 2.0), base.width, base.height);

  g_autoptr(GBytes) png = fl_test_encode_png (base.rgb, base.width, base.height, 3, 8);
  g_autoptr(FlImage) image = load_bytes (png);
  g_autoptr(GPtrArray) crop_faces = detect (image, FL_DETECT_NO_SSD);
  g_assert_cmpuint (crop_faces->len, ==, 1);
  template_of (crop_faces->pdata[0], base.template);
  fl_face_get_eyes (crop_faces->pdata[0], &base.eyes[0], &base.eyes[1]);
}

/* The largest face of an encoded variant of the base face, and its similarity to the base. */
static float
variant_similarity (GBytes *encoded, FlDetectFlags flags, FlFace **face_out)
{
  g_autoptr(FlImage) image = load_bytes (encoded);
  g_autoptr(GPtrArray) faces = detect (image, flags);
  float t[FL_TEMPLATE_LENGTH];

  g_assert_cmpuint (faces->len, >=, 1);
  template_of (faces->pdata[0], t);
  if (face_out != NULL)
    *face_out = fl_face_copy (faces->pdata[0]);
  return fl_template_similarity (t, base.template);
}

/* ---------------------------------------------------------------------------------- */
/* Models                                                                             */

static void
test_model_id (void)
{
  g_autoptr(GBytes) sums = read_bytes (FL_SOURCE_DIR "/build-aux/models.sha256");
  g_autofree char *text = g_strndup (g_bytes_get_data (sums, NULL), g_bytes_get_size (sums));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  const char *id = fl_matcher_get_model_id (matcher);
  gboolean seen = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_suffix (lines[i], "  face_recognition_model.bin"))
      {
        g_autofree char *prefix = g_strdup_printf ("sha256:%.12s", lines[i]);
        g_assert_nonnull (strstr (id, prefix));
        seen = TRUE;
      }
  g_assert_true (seen);
  g_assert_true (g_str_has_prefix (id, "dlib-resnet-v1 face-api@1.7.15 "));
  g_assert_true (g_str_has_prefix (fl_matcher_get_version (), "faceleads-matcher "));
}

static void
test_model_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fl_matcher_find_model_file ("no_such_model.bin", &error);

  g_assert_null (path);
  g_assert_error (error, FL_ERROR, FL_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, "no_such_model.bin"));
  g_assert_nonnull (strstr (error->message, "build-aux/setup run"));
}

/* A folder with a damaged copy of the descriptor model, searched first through
 * FACELEADS_MODEL_DIR. Made in main() before any thread exists (setenv is not thread-safe). */
static const char *const model_names[] = {
  "face_recognition_model.bin", "face_recognition_model-weights_manifest.json",
  "ssd_mobilenetv1_model.bin", "ssd_mobilenetv1_model-weights_manifest.json",
};
static char *damaged_dir;
static FlMatcher *damaged_matcher;

static void
make_damaged_matcher (void)
{
  g_autoptr(GError) error = NULL;

  damaged_dir = g_dir_make_tmp ("fl-models-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (model_names); i++)
    {
      g_autofree char *from = g_build_filename (FL_BUILD_MODEL_DIR, model_names[i], NULL);
      g_autofree char *to = g_build_filename (damaged_dir, model_names[i], NULL);
      g_autoptr(GBytes) b = read_bytes (from);
      g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (b, NULL), g_bytes_get_size (b));

      if (i == 0)
        copy[1000] ^= 0x5A;  /* one flipped weight */
      g_assert_true (g_file_set_contents (to, (const char *) copy, g_bytes_get_size (b), NULL));
    }
  g_setenv ("FACELEADS_MODEL_DIR", damaged_dir, TRUE);
  damaged_matcher = fl_matcher_new (&error);
  g_unsetenv ("FACELEADS_MODEL_DIR");
  g_assert_no_error (error);
}

static void
remove_damaged_matcher (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (model_names); i++)
    {
      g_autofree char *path = g_build_filename (damaged_dir, model_names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (damaged_dir);
  g_clear_pointer (&damaged_dir, g_free);
  g_clear_pointer (&damaged_matcher, fl_matcher_unref);
}

static void
test_model_damaged (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bin = g_build_filename (damaged_dir, model_names[0], NULL);
  float t[FL_TEMPLATE_LENGTH];

  g_assert_false (fl_matcher_template_from_chip (damaged_matcher, base.rgb, (gsize) base.width * 3, t, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, bin));
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_assert_nonnull (strstr (error->message, "build-aux/setup run"));
}

/* ---------------------------------------------------------------------------------- */
/* Bad input                                                                          */

static void
test_image_empty (void)
{
  const guint8 nothing[1] = { 0 };
  const char *phrases[] = { "empty", "0 bytes", NULL };

  assert_refused (nothing, 0, FL_ERROR_INVALID, phrases);
}

static void
test_image_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  guint8 data[4096];
  const char *phrases[] = { "not an image", "JPEG or PNG", NULL };

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  data[0] = 0x17;  /* no image signature starts with this byte */
  assert_refused (data, sizeof data, FL_ERROR_INVALID, phrases);
}

static void
test_image_truncated_jpeg (void)
{
  g_autoptr(GBytes) jpeg = fl_test_encode_jpeg (base.rgb, base.width, base.height, FL_TEST_JPEG_RGB, 0);
  const char *phrases[] = { "JPEG", "truncated", "undamaged copy", NULL };
  gsize size = g_bytes_get_size (jpeg);

  /* whole: accepted; cut anywhere in the picture data: refused */
  g_autoptr(FlImage) whole = load_bytes (jpeg);
  assert_refused (g_bytes_get_data (jpeg, NULL), size * 6 / 10, FL_ERROR_CORRUPT, phrases);
  assert_refused (g_bytes_get_data (jpeg, NULL), size - 2, FL_ERROR_CORRUPT, phrases);
}

static void
test_image_truncated_png (void)
{
  g_autoptr(GBytes) png = fl_test_encode_png (base.rgb, base.width, base.height, 3, 8);
  const char *phrases[] = { "PNG", "truncated", NULL };
  gsize size = g_bytes_get_size (png);

  g_autoptr(FlImage) whole = load_bytes (png);
  assert_refused (g_bytes_get_data (png, NULL), size * 7 / 10, FL_ERROR_CORRUPT, phrases);
  assert_refused (g_bytes_get_data (png, NULL), size - 12, FL_ERROR_CORRUPT, phrases);  /* IEND lost */
}

static void
put_be32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24;
  p[1] = (v >> 16) & 0xFF;
  p[2] = (v >> 8) & 0xFF;
  p[3] = v & 0xFF;
}

/* A complete, tiny PNG whose header claims 20000 × 20000 pixels (400 megapixels). */
static void
test_image_too_large_png (void)
{
  guint8 png[8 + 25 + 12] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  const char *phrases[] = { "too large", "20000 × 20000", "400 megapixels", "limit is 100", NULL };
  guint8 *ihdr = png + 8, *iend = png + 33;

  put_be32 (ihdr, 13);
  memcpy (ihdr + 4, "IHDR", 4);
  put_be32 (ihdr + 8, 20000);
  put_be32 (ihdr + 12, 20000);
  ihdr[16] = 8;  /* bit depth */
  ihdr[17] = 2;  /* RGB */
  put_be32 (ihdr + 21, 0);
  put_be32 (iend, 0);
  memcpy (iend + 4, "IEND", 4);
  assert_refused (png, sizeof png, FL_ERROR_INVALID, phrases);
}

static void
test_image_too_large_jpeg (void)
{
  const guint8 jpeg[] = {
    0xFF, 0xD8,                                             /* SOI */
    0xFF, 0xC0, 0x00, 0x11, 0x08, 0x4E, 0x20, 0x4E, 0x20,  /* SOF0: 8 bit, 20000 × 20000 */
    0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
    0xFF, 0xD9,                                             /* EOI */
  };
  const char *phrases[] = { "too large", "20000 × 20000", "limit is 100", NULL };

  assert_refused (jpeg, sizeof jpeg, FL_ERROR_INVALID, phrases);
}

static void
test_image_unsupported (void)
{
  const char gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,"
                     "\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
  const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
  const char *gif_phrases[] = { "GIF", "not supported", "PNG or JPEG", NULL };
  const char *pdf_phrases[] = { "PDF document", "PNG or JPEG", NULL };

  assert_refused ((const guint8 *) gif, sizeof gif - 1, FL_ERROR_INVALID, gif_phrases);
  assert_refused ((const guint8 *) pdf, sizeof pdf - 1, FL_ERROR_INVALID, pdf_phrases);
}

/* ---------------------------------------------------------------------------------- */
/* Formats: each still yields the face and (nearly) the same template                 */

static void
test_format_cmyk_jpeg (void)
{
  g_autoptr(GBytes) jpeg = fl_test_encode_jpeg (base.rgb, base.width, base.height, FL_TEST_JPEG_CMYK, 0);
  g_autoptr(FlImage) image = load_bytes (jpeg);

  g_assert_cmpstr (fl_image_get_format (image), ==, "jpeg");
  g_assert_cmpfloat (mean_difference (image, base.rgb), <, 6.0);  /* colours right, not inverted */
  g_assert_cmpfloat (variant_similarity (jpeg, FL_DETECT_NO_SSD, NULL), >, 0.97);
}

static void
test_format_png16 (void)
{
  g_autoptr(GBytes) png = fl_test_encode_png (base.rgb, base.width, base.height, 3, 16);
  g_autoptr(FlImage) image = load_bytes (png);

  g_assert_cmpfloat (mean_difference (image, base.rgb), <, 0.01);  /* 16-bit v·257 → 8-bit v */
  g_assert_cmpfloat (variant_similarity (png, FL_DETECT_NO_SSD, NULL), >, 0.999);
}

static void
test_format_grayscale (void)
{
  g_autoptr(GBytes) jpeg = fl_test_encode_jpeg (base.rgb, base.width, base.height, FL_TEST_JPEG_GRAY, 0);
  g_autoptr(GBytes) png = fl_test_encode_png (base.rgb, base.width, base.height, 1, 8);
  g_autoptr(GBytes) png16 = fl_test_encode_png (base.rgb, base.width, base.height, 1, 16);
  g_autoptr(FlImage) image = load_bytes (png);
  g_autoptr(GBytes) rgb = fl_image_get_rgb (image);
  const guint8 *p = g_bytes_get_data (rgb, NULL);

  for (gsize i = 0; i < g_bytes_get_size (rgb); i += 3)
    g_assert_true (p[i] == p[i + 1] && p[i] == p[i + 2]);
  /* grey loses colour, not identity */
  g_assert_cmpfloat (variant_similarity (jpeg, FL_DETECT_NO_SSD, NULL), >, 0.9);
  g_assert_cmpfloat (variant_similarity (png, FL_DETECT_NO_SSD, NULL), >, 0.9);
  g_assert_cmpfloat (variant_similarity (png16, FL_DETECT_NO_SSD, NULL), >, 0.9);
}

static void
test_format_rgba (void)
{
  g_autoptr(GBytes) png = fl_test_encode_png (base.rgb, base.width, base.height, 4, 8);
  g_autoptr(GBytes) png16 = fl_test_encode_png (base.rgb, base.width, base.height, 4, 16);
  g_autoptr(FlImage) image = load_bytes (png);
  g_autoptr(GBytes) rgb = fl_image_get_rgb (image);
  const guint8 *p = g_bytes_get_data (rgb, NULL);
  gsize centre = ((gsize) base.height / 2 * base.width + base.width / 2) * 3;

  /* transparent pixels (stored black) are shown over white; opaque ones unchanged */
  g_assert_cmpuint (p[0], ==, 255);
  g_assert_cmpuint (p[1], ==, 255);
  g_assert_cmpuint (p[2], ==, 255);
  g_assert_cmpmem (p + centre, 3, base.rgb + centre, 3);
  g_assert_cmpfloat (variant_similarity (png, FL_DETECT_NO_SSD, NULL), >, 0.97);
  g_assert_cmpfloat (variant_similarity (png16, FL_DETECT_NO_SSD, NULL), >, 0.97);
}

static void
test_format_exif_orientation (void)
{
  g_autofree guint8 *turned = fl_test_rotate_ccw (base.rgb, base.width, base.height);
  /* stored turned a quarter left; Orientation 6 says "turn 90° clockwise to show" */
  g_autoptr(GBytes) tagged = fl_test_encode_jpeg (turned, base.height, base.width, FL_TEST_JPEG_RGB, 6);
  g_autoptr(GBytes) untagged = fl_test_encode_jpeg (turned, base.height, base.width, FL_TEST_JPEG_RGB, 0);
  g_autoptr(FlImage) image = load_bytes (tagged);
  g_autoptr(FlImage) raw = load_bytes (untagged);
  g_autoptr(FlFace) face = NULL;
  g_autoptr(FlQuality) quality = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (fl_image_get_width (image), ==, base.width);
  g_assert_cmpint (fl_image_get_height (image), ==, base.height);
  g_assert_cmpfloat (mean_difference (image, base.rgb), <, 4.0);
  g_assert_cmpfloat (variant_similarity (tagged, FL_DETECT_NO_SSD, &face), >, 0.97);
  g_assert_cmpint (fl_face_get_detector (face), ==, FL_DETECTOR_HOG);
  quality = fl_matcher_assess_quality (matcher, image, face, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (quality->roll_degrees), <, 15.0);  /* upright */

  /* the control: without the tag the picture stays on its side */
  g_assert_cmpint (fl_image_get_width (raw), ==, base.height);
  g_assert_cmpint (fl_image_get_height (raw), ==, base.width);
}

/* ---------------------------------------------------------------------------------- */
/* Detection on real faces                                                            */

static void
test_detect_samples (void)
{
  /* people in the package's demo group photos, counted by eye */
  const guint expected[] = { 3, 3, 3, 4, 5, 4 };
  guint ssd = 0;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *path = g_strdup_printf (SAMPLES_DIR "/sample%u.jpg", i + 1);
      g_autoptr(FlImage) image = load_file (path);
      g_autoptr(GPtrArray) faces = detect (image, FL_DETECT_DEFAULT);
      double previous = G_MAXDOUBLE;

      g_test_message ("%s: %u faces", path, faces->len);
      g_assert_cmpuint (faces->len, ==, expected[i]);
      for (guint f = 0; f < faces->len; f++)
        {
          FlRect box = fl_face_get_box (faces->pdata[f]);
          FlPoint points[FL_N_LANDMARKS];

          g_assert_cmpfloat (box.width * box.height, <=, previous);  /* largest first */
          previous = box.width * box.height;
          g_assert_cmpuint (fl_face_get_landmarks (faces->pdata[f], points), ==, FL_N_LANDMARKS);
          if (fl_face_get_detector (faces->pdata[f]) == FL_DETECTOR_SSD)
            ssd++;
        }
    }
  /* two of the women have turned or tilted heads that only the SSD finds */
  g_assert_cmpuint (ssd, >=, 2);
}

/* ORL faces are ~70 px; at half size (~35 px) only the ×2 upsampled retry finds them. */
static void
test_detect_orl (void)
{
  guint total = 0, found = 0, half_found = 0, half_plain = 0, half_upsampled = 0;

  if (!have_faces_dir ())
    return;
  g_auto(GStrv) people = sorted_entries (FACES_DIR "/orl");
  for (guint p = 0; people[p] != NULL; p++)
    {
      g_auto(GStrv) photos = sorted_entries (people[p]);
      for (guint i = 0; photos[i] != NULL; i++)
        {
          g_autoptr(FlImage) image = load_file (photos[i]);
          g_autoptr(GPtrArray) faces = detect (image, FL_DETECT_NO_SSD);
          g_autoptr(GBytes) rgb = fl_image_get_rgb (image);
          int w = fl_image_get_width (image), h = fl_image_get_height (image);
          g_autofree guint8 *small = fl_test_downscale (g_bytes_get_data (rgb, NULL), w, h, 2);
          g_autoptr(GBytes) png = fl_test_encode_png (small, w / 2, h / 2, 3, 8);
          g_autoptr(FlImage) half = load_bytes (png);
          g_autoptr(GPtrArray) half_faces = detect (half, FL_DETECT_NO_SSD);
          g_autoptr(GPtrArray) plain = detect (half, FL_DETECT_NO_SSD | FL_DETECT_NO_UPSAMPLE);

          total++;
          found += faces->len > 0;
          half_found += half_faces->len > 0;
          half_plain += plain->len > 0;
          if (half_faces->len > 0 && fl_face_get_detector (half_faces->pdata[0]) == FL_DETECTOR_HOG_UPSAMPLED)
            half_upsampled++;
        }
    }
  g_test_message ("ORL: %u of %u found; at half size %u (%u by the upsampled retry), without the retry %u",
                  found, total, half_found, half_upsampled, half_plain);
  g_assert_cmpuint (total, ==, 400);
  g_assert_cmpuint (found, >=, 390);
  g_assert_cmpuint (half_found, >=, 380);
  g_assert_cmpuint (half_upsampled, >=, half_found - half_plain);
  g_assert_cmpuint (half_plain, <=, 10);
}

static void
test_detect_johns (void)
{
  guint total = 0, found = 0;

  if (!have_faces_dir ())
    return;
  g_auto(GStrv) people = sorted_entries (FACES_DIR "/johns");
  for (guint p = 0; people[p] != NULL; p++)
    {
      g_auto(GStrv) photos = sorted_entries (people[p]);
      for (guint i = 0; photos[i] != NULL; i++)
        {
          g_autoptr(FlImage) image = load_file (photos[i]);
          g_autoptr(GPtrArray) faces = detect (image, FL_DETECT_SSD_IF_NONE);
          total++;
          found += faces->len > 0;
        }
    }
  g_test_message ("johns: %u of %u found", found, total);
  g_assert_cmpuint (total, ==, 55);
  g_assert_cmpuint (found, ==, total);
}

/* ---------------------------------------------------------------------------------- */
/* Identification: one photo per person enrolled, the others searched                 */

typedef struct
{
  guint searches;
  guint rank1;
  guint no_face;
} IdentifyResult;

static IdentifyResult
identify (const char *dir, guint max_people, FlDetectFlags flags)
{
  g_auto(GStrv) people = sorted_entries (dir);
  guint n = MIN (g_strv_length (people), max_people);
  g_autofree float *gallery = g_new0 (float, (gsize) n * FL_TEMPLATE_LENGTH);
  IdentifyResult r = { 0, 0, 0 };

  for (guint p = 0; p < n; p++)
    {
      g_auto(GStrv) photos = sorted_entries (people[p]);
      g_assert_true (image_template (photos[0], flags, gallery + (gsize) p * FL_TEMPLATE_LENGTH));
    }
  for (guint p = 0; p < n; p++)
    {
      g_auto(GStrv) photos = sorted_entries (people[p]);
      for (guint i = 1; photos[i] != NULL; i++)
        {
          float probe[FL_TEMPLATE_LENGTH];
          guint best = G_MAXUINT;
          float best_score = -2;

          r.searches++;
          if (!image_template (photos[i], flags, probe))
            {
              r.no_face++;  /* a miss, never skipped */
              continue;
            }
          for (guint g = 0; g < n; g++)
            {
              float s = fl_template_similarity (probe, gallery + (gsize) g * FL_TEMPLATE_LENGTH);
              if (s > best_score)
                {
                  best_score = s;
                  best = g;
                }
            }
          r.rank1 += best == p;
        }
    }
  return r;
}

static void
test_identify_johns (void)
{
  if (!have_faces_dir ())
    return;
  IdentifyResult r = identify (FACES_DIR "/johns", 5, FL_DETECT_SSD_IF_NONE);
  g_test_message ("johns: rank-1 %u of %u, no face %u", r.rank1, r.searches, r.no_face);
  g_assert_cmpuint (r.searches, ==, 50);
  g_assert_cmpuint (r.rank1, ==, r.searches);
}

static void
test_identify_orl (void)
{
  if (!have_faces_dir ())
    return;
  IdentifyResult r = identify (FACES_DIR "/orl", 20, FL_DETECT_NO_SSD);
  g_test_message ("ORL (20 people): rank-1 %u of %u, no face %u", r.rank1, r.searches, r.no_face);
  g_assert_cmpuint (r.searches, ==, 180);
  g_assert_cmpfloat ((double) r.rank1 / r.searches, >=, 0.97);
}

/* ---------------------------------------------------------------------------------- */
/* Eye centres placed by hand                                                         */

static void
test_eyes_manual (void)
{
  g_autoptr(GBytes) png = fl_test_encode_png (base.rgb, base.width, base.height, 3, 8);
  g_autoptr(FlImage) image = load_bytes (png);
  g_autoptr(GError) error = NULL;
  float t[FL_TEMPLATE_LENGTH];
  /* the examiner's click is off by a few pixels */
  const double jitter[][4] = { { 0, 0, 0, 0 }, { 2, -2, -2, 1 }, { -3, 1, 2, 2 } };

  for (guint i = 0; i < G_N_ELEMENTS (jitter); i++)
    {
      FlPoint left = { base.eyes[0].x + jitter[i][0], base.eyes[0].y + jitter[i][1] };
      FlPoint right = { base.eyes[1].x + jitter[i][2], base.eyes[1].y + jitter[i][3] };
      g_autoptr(FlFace) face = fl_matcher_face_from_eyes (matcher, image, left, right, &error);
      FlPoint got[2];

      g_assert_no_error (error);
      g_assert_cmpint (fl_face_get_detector (face), ==, FL_DETECTOR_MANUAL);
      g_assert_cmpuint (fl_face_get_landmarks (face, NULL), ==, 0);
      fl_face_get_eyes (face, &got[0], &got[1]);
      g_assert_cmpfloat (got[0].x, ==, left.x);
      template_of (face, t);
      g_test_message ("manual eyes, jitter %u: cosine %.4f", i, fl_template_similarity (t, base.template));
      g_assert_cmpfloat (fl_template_similarity (t, base.template), >, 0.98);
    }

  /* and the manual template still finds the person in a gallery of the sample faces */
  g_autoptr(FlImage) photo = load_file (SAMPLES_DIR "/sample6.jpg");
  g_autoptr(GPtrArray) faces = detect (photo, FL_DETECT_NO_SSD);
  guint best = G_MAXUINT;
  float best_score = -2;
  for (guint f = 0; f < faces->len; f++)
    {
      float g[FL_TEMPLATE_LENGTH];
      template_of (faces->pdata[f], g);
      if (fl_template_similarity (t, g) > best_score)
        {
          best_score = fl_template_similarity (t, g);
          best = f;
        }
    }
  g_assert_cmpuint (best, ==, 0);
}

static void
test_eyes_invalid (void)
{
  g_autoptr(GBytes) png = fl_test_encode_png (base.rgb, base.width, base.height, 3, 8);
  g_autoptr(FlImage) image = load_bytes (png);
  g_autoptr(GError) error = NULL;
  FlPoint a = { 100, 100 }, outside = { -5, 100 };
  g_autoptr(FlFace) same = fl_matcher_face_from_eyes (matcher, image, a, a, &error);

  g_assert_null (same);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "one marker on each eye"));
  g_clear_error (&error);

  g_autoptr(FlFace) off = fl_matcher_face_from_eyes (matcher, image, outside, a, &error);
  g_assert_null (off);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "outside"));
}

/* ---------------------------------------------------------------------------------- */
/* Quality                                                                            */

static FlQuality *
quality_at_eyes (const guint8 *rgb, int width, int height, double scale)
{
  g_autoptr(GBytes) png = fl_test_encode_png (rgb, width, height, 3, 8);
  g_autoptr(FlImage) image = load_bytes (png);
  g_autoptr(GError) error = NULL;
  FlPoint left = { base.eyes[0].x * scale, base.eyes[0].y * scale };
  FlPoint right = { base.eyes[1].x * scale, base.eyes[1].y * scale };
  g_autoptr(FlFace) face = fl_matcher_face_from_eyes (matcher, image, left, right, &error);
  FlQuality *q;

  g_assert_no_error (error);
  q = fl_matcher_assess_quality (matcher, image, face, &error);
  g_assert_no_error (error);
  g_autofree char *json = fl_quality_to_json (q);
  g_test_message ("%s", json);
  return q;
}

static void
test_quality_detected (void)
{
  g_autoptr(GBytes) png = fl_test_encode_png (base.rgb, base.width, base.height, 3, 8);
  g_autoptr(FlImage) image = load_bytes (png);
  g_autoptr(GPtrArray) faces = detect (image, FL_DETECT_NO_SSD);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlQuality) q = fl_matcher_assess_quality (matcher, image, faces->pdata[0], &error);
  g_autofree char *json = fl_quality_to_json (q);

  g_assert_no_error (error);
  g_test_message ("%s", json);
  g_assert_cmpfloat (q->inter_eye_px, >, 60);
  g_assert_cmpfloat (q->face_width, >, 150);
  g_assert_true (isfinite (q->yaw_degrees));
  g_assert_true (isfinite (q->brisque));
  g_assert_cmpfloat (q->brisque, <, 60);
  g_assert_cmpint (q->suitability, ==, FL_SUITABILITY_SUITABLE);
  g_assert_cmpstr (q->reasons, ==, "");
  g_assert_nonnull (strstr (json, "\"suitability\":\"suitable\""));
}

static void
test_quality_blur (void)
{
  g_autofree guint8 *blurred = fl_test_box_blur (base.rgb, base.width, base.height, 4);
  g_autoptr(FlQuality) sharp = quality_at_eyes (base.rgb, base.width, base.height, 1.0);
  g_autoptr(FlQuality) soft = quality_at_eyes (blurred, base.width, base.height, 1.0);

  g_assert_cmpfloat (soft->sharpness, <, sharp->sharpness / 4);
  g_assert_cmpint (soft->suitability, >, FL_SUITABILITY_SUITABLE);
  g_assert_nonnull (strstr (soft->reasons, "blurred"));
}

static void
test_quality_dark (void)
{
  gsize n = (gsize) base.width * base.height * 3;
  g_autofree guint8 *dark = g_malloc (n);
  g_autoptr(FlQuality) normal = quality_at_eyes (base.rgb, base.width, base.height, 1.0);

  for (gsize i = 0; i < n; i++)  /* two stops under, shadows crushed */
    dark[i] = (guint8) MAX (0, (base.rgb[i] - 100) / 4);
  g_autoptr(FlQuality) under = quality_at_eyes (dark, base.width, base.height, 1.0);

  g_assert_cmpfloat (normal->shadows_clipped, <, 0.05);
  g_assert_cmpfloat (under->shadows_clipped, >, 0.2);
  g_assert_cmpint (under->suitability, >, FL_SUITABILITY_SUITABLE);
  g_assert_nonnull (strstr (under->reasons, "black shadows"));
}

static void
test_quality_tiny (void)
{
  const int factor = 8;
  g_autofree guint8 *tiny = fl_test_downscale (base.rgb, base.width, base.height, factor);
  g_autoptr(FlQuality) q = quality_at_eyes (tiny, base.width / factor, base.height / factor, 1.0 / factor);

  g_assert_cmpfloat (q->inter_eye_px, <, 15);
  g_assert_cmpint (q->suitability, ==, FL_SUITABILITY_UNSUITABLE);
  g_assert_nonnull (strstr (q->reasons, "eyes are only"));
}

/* ---------------------------------------------------------------------------------- */
/* Concurrency: the same answers from several threads at once                         */

typedef struct
{
  GBytes *image;
  float template[FL_TEMPLATE_LENGTH];
  guint faces;
} ThreadJob;

static gpointer
thread_run (gpointer data)
{
  ThreadJob *job = data;
  g_autoptr(FlImage) image = load_bytes (job->image);

  for (int round = 0; round < 3; round++)
    {
      g_autoptr(GPtrArray) faces = detect (image, FL_DETECT_DEFAULT);
      job->faces = faces->len;
      template_of (faces->pdata[0], job->template);
    }
  return NULL;
}

static void
test_threads (void)
{
  ThreadJob jobs[4];
  GThread *threads[G_N_ELEMENTS (jobs)];
  g_autoptr(GBytes) png = fl_test_encode_png (base.rgb, base.width, base.height, 3, 8);
  g_autoptr(GBytes) group = read_bytes (SAMPLES_DIR "/sample2.jpg");

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i].image = i % 2 ? group : png;
      threads[i] = g_thread_new ("matcher-test", thread_run, &jobs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_autoptr(FlImage) image = load_bytes (jobs[i].image);
      g_autoptr(GPtrArray) faces = detect (image, FL_DETECT_DEFAULT);
      float t[FL_TEMPLATE_LENGTH];

      template_of (faces->pdata[0], t);
      g_assert_cmpuint (jobs[i].faces, ==, faces->len);
      g_assert_cmpfloat (fl_template_similarity (t, jobs[i].template), >, 0.99999);
    }
}

/* ---------------------------------------------------------------------------------- */

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* finding the models starts no thread, so setenv in make_damaged_matcher() stays safe */
  matcher = fl_matcher_new (&error);
  if (matcher == NULL)
    g_error ("%s", error->message);  /* a missing model fails the suite, naming the fix */
  make_damaged_matcher ();
  make_base_face ();

  g_test_add_func ("/matcher/model/id", test_model_id);
  g_test_add_func ("/matcher/model/missing", test_model_missing);
  g_test_add_func ("/matcher/model/damaged", test_model_damaged);
  g_test_add_func ("/matcher/image/empty", test_image_empty);
  g_test_add_func ("/matcher/image/random", test_image_random);
  g_test_add_func ("/matcher/image/truncated-jpeg", test_image_truncated_jpeg);
  g_test_add_func ("/matcher/image/truncated-png", test_image_truncated_png);
  g_test_add_func ("/matcher/image/too-large-png", test_image_too_large_png);
  g_test_add_func ("/matcher/image/too-large-jpeg", test_image_too_large_jpeg);
  g_test_add_func ("/matcher/image/unsupported", test_image_unsupported);
  g_test_add_func ("/matcher/format/cmyk-jpeg", test_format_cmyk_jpeg);
  g_test_add_func ("/matcher/format/png16", test_format_png16);
  g_test_add_func ("/matcher/format/grayscale", test_format_grayscale);
  g_test_add_func ("/matcher/format/rgba", test_format_rgba);
  g_test_add_func ("/matcher/format/exif-orientation", test_format_exif_orientation);
  g_test_add_func ("/matcher/detect/samples", test_detect_samples);
  g_test_add_func ("/matcher/detect/orl", test_detect_orl);
  g_test_add_func ("/matcher/detect/johns", test_detect_johns);
  g_test_add_func ("/matcher/identify/johns", test_identify_johns);
  g_test_add_func ("/matcher/identify/orl", test_identify_orl);
  g_test_add_func ("/matcher/eyes/manual", test_eyes_manual);
  g_test_add_func ("/matcher/eyes/invalid", test_eyes_invalid);
  g_test_add_func ("/matcher/quality/detected", test_quality_detected);
  g_test_add_func ("/matcher/quality/blur", test_quality_blur);
  g_test_add_func ("/matcher/quality/dark", test_quality_dark);
  g_test_add_func ("/matcher/quality/tiny", test_quality_tiny);
  g_test_add_func ("/matcher/threads", test_threads);

  status = g_test_run ();
  remove_damaged_matcher ();
  g_free (base.rgb);
  fl_matcher_unref (matcher);
  return status;
}
