/* test-parity.c: the matcher's face templates against the published reference
 *
 * The descriptor network runs here in OpenCV DNN, rebuilt from the npm package's weights.
 * The reference is the same package's FaceRecognitionNet on TensorFlow.js's pure-JavaScript
 * CPU backend (tests/parity/reference-descriptors.js). Every chip must agree to cosine 0.999.
 */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fl-matcher.h"

#define FACES_DIR FL_SOURCE_DIR "/../shared/testdata/faces"
#define SAMPLES_DIR FL_BUILD_MODEL_DIR "/samples"
#define PARITY_DIR FL_SOURCE_DIR "/tests/parity"
#define MIN_COSINE 0.999

typedef struct
{
  char *name;
  float template[FL_TEMPLATE_LENGTH];
} Chip;

static FlMatcher *matcher;

static void
chip_free (Chip *chip)
{
  g_free (chip->name);
  g_free (chip);
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static GPtrArray *
sorted_entries (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  return names;
}

/* Writes the chip for the reference and keeps the matcher's template of it. */
static void
add_chip (GPtrArray *chips, const char *dir, const char *name, const guint8 *rgb)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s.rgb", dir, name);
  Chip *chip = g_new0 (Chip, 1);

  chip->name = g_strdup_printf ("%s.rgb", name);
  g_assert_true (fl_matcher_template_from_chip (matcher, rgb, FL_CHIP_SIZE * 3, chip->template, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, (const char *) rgb, FL_CHIP_SIZE * FL_CHIP_SIZE * 3, &error));
  g_assert_no_error (error);
  g_ptr_array_add (chips, chip);
}

/* Chips made by the matcher's own detector, landmarks and aligner. */
static void
add_detected_chips (GPtrArray *chips, const char *dir, const char *path, const char *prefix, guint max_faces)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlImage) image = fl_image_new_from_file (path, &error);
  g_assert_no_error (error);
  g_autoptr(GPtrArray) faces = fl_matcher_detect (matcher, image, FL_DETECT_DEFAULT, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (faces->len, >, 0);
  for (guint f = 0; f < MIN (faces->len, max_faces); f++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u", prefix, f);
      add_chip (chips, dir, name, fl_face_get_chip_rgb (faces->pdata[f]));
    }
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GPtrArray) files = sorted_entries (dir);

  for (guint i = 0; i < files->len; i++)
    g_unlink (files->pdata[i]);
  g_rmdir (dir);
}

static void
test_parity (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fl-parity-XXXXXX", &error);
  g_autoptr(GPtrArray) chips = g_ptr_array_new_with_free_func ((GDestroyNotify) chip_free);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *out = NULL;
  g_autofree char *std_out = NULL, *std_err = NULL;
  int status = 0;
  double worst = 1.0, max_difference = 0.0;

  g_assert_no_error (error);
  if (!g_file_test (PARITY_DIR "/node_modules/@vladmandic/face-api/package.json", G_FILE_TEST_EXISTS))
    {
      g_test_fail_printf ("the reference's Node packages are not installed in " PARITY_DIR "/node_modules: "
                          "run build-aux/setup-node (or build-aux/setup test) and run the tests again");
      g_rmdir (dir);
      return;
    }
  if (node == NULL)
    {
      g_test_fail_printf ("node is not installed: install Node.js (Debian: apt-get install nodejs) or run "
                          "build-aux/setup test");
      g_rmdir (dir);
      return;
    }

  /* the package's demo photos: always there */
  for (guint i = 1; i <= 6; i++)
    {
      g_autofree char *path = g_strdup_printf (SAMPLES_DIR "/sample%u.jpg", i);
      g_autofree char *prefix = g_strdup_printf ("sample%u", i);
      add_detected_chips (chips, dir, path, prefix, G_MAXUINT);
    }

  if (g_file_test (FACES_DIR, G_FILE_TEST_IS_DIR))
    {
      /* dlib's johns: already aligned 150 × 150 chips */
      g_autoptr(GPtrArray) people = sorted_entries (FACES_DIR "/johns");
      for (guint p = 0; p < people->len; p++)
        {
          g_autoptr(GPtrArray) photos = sorted_entries (people->pdata[p]);
          for (guint i = 0; i < photos->len; i++)
            {
              g_autoptr(FlImage) image = fl_image_new_from_file (photos->pdata[i], &error);
              g_assert_no_error (error);
              g_assert_cmpint (fl_image_get_width (image), ==, FL_CHIP_SIZE);
              g_assert_cmpint (fl_image_get_height (image), ==, FL_CHIP_SIZE);
              g_autoptr(GBytes) rgb = fl_image_get_rgb (image);
              g_autofree char *name = g_strdup_printf ("johns-%u-%u", p, i);
              add_chip (chips, dir, name, g_bytes_get_data (rgb, NULL));
            }
        }
      /* ORL: small grey faces through the aligner */
      g_autoptr(GPtrArray) orl = sorted_entries (FACES_DIR "/orl");
      for (guint p = 0; p < MIN (orl->len, 10); p++)
        {
          g_autofree char *path = g_build_filename (orl->pdata[p], "1.pgm", NULL);
          g_autofree char *prefix = g_strdup_printf ("orl-%u", p);
          add_detected_chips (chips, dir, path, prefix, 1);
        }
    }
  else
    g_test_message ("the test faces (" FACES_DIR ") are absent: comparing the demo photos' faces only");

  const char *argv[] = { node, "reference-descriptors.js", dir, NULL, NULL };
  out = g_build_filename (dir, "reference.json", NULL);
  argv[3] = out;
  gint64 start = g_get_monotonic_time ();
  g_spawn_sync (PARITY_DIR, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &std_out, &std_err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("the reference failed (%s): %s", error->message, std_err);
  g_test_message ("reference: %u chips in %.1f s", chips->len, (g_get_monotonic_time () - start) / 1e6);

  g_autoptr(JsonParser) parser = json_parser_new ();
  json_parser_load_from_file (parser, out, &error);
  g_assert_no_error (error);
  JsonObject *reference = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (reference), ==, chips->len);

  for (guint i = 0; i < chips->len; i++)
    {
      Chip *chip = chips->pdata[i];
      JsonArray *values = json_object_get_array_member (reference, chip->name);
      double ref[FL_TEMPLATE_LENGTH], norm = 0, dot = 0;

      g_assert_cmpuint (json_array_get_length (values), ==, FL_TEMPLATE_LENGTH);
      for (guint k = 0; k < FL_TEMPLATE_LENGTH; k++)
        {
          ref[k] = json_array_get_double_element (values, k);
          norm += ref[k] * ref[k];
        }
      norm = sqrt (norm);
      for (guint k = 0; k < FL_TEMPLATE_LENGTH; k++)
        {
          dot += chip->template[k] * ref[k] / norm;
          max_difference = MAX (max_difference, fabs (chip->template[k] - ref[k] / norm));
        }
      if (dot < worst)
        worst = dot;
      if (dot < MIN_COSINE)
        g_test_fail_printf ("%s: cosine %.6f against the reference, below %.3f", chip->name, dot, MIN_COSINE);
    }
  g_test_message ("%u chips: worst cosine %.9f, largest element difference %.2g", chips->len, worst,
                  max_difference);
  remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  matcher = fl_matcher_new (&error);
  if (matcher == NULL)
    g_error ("%s", error->message);
  g_test_add_func ("/matcher/parity", test_parity);
  status = g_test_run ();
  fl_matcher_unref (matcher);
  return status;
}
