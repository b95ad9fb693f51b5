/* test-enhance.c: probe enhancement recipes (R1, R10, R11)
 *
 * Every operation saved as a recipe and reproduced bit for bit from the original; the
 * original never changes; ranges, unknown operations (no flip, no painting) and
 * untrained examiners refused; recipes always start from the original; the preview's
 * cached re-rendering equals a fresh render; the result does not depend on OpenCV's
 * thread count (the test re-runs itself with OPENCV_FOR_THREADS_NUM=1 and =3).
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "fl-case.h"
#include "fl-enhance.h"
#include "fl-probe.h"
#include "fl-search.h"
#include "fl-test-core.h"

#define SAMPLE1 FL_BUILD_MODEL_DIR "/samples/sample1.jpg"

typedef struct
{
  FlSession *ella;
  gint64     case_id;
  gint64     probe_id;   /* the original */
  int        width;
  int        height;
} Probe;

static char *self_path;

static char *
johns_face (void)
{
  g_autofree char *faces = fl_test_faces_dir ();

  if (faces == NULL)
    return NULL;
  return g_build_filename (faces, "johns", "John_Savage", "000264_01099001.jpg", NULL);
}

static gboolean
open_probe_from (FlTestUnit *unit,
                 const char *path,
                 Probe      *p)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) probes = NULL;
  g_autoptr(FlImage) image = NULL;
  const char *paths[1] = { path };

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("The test photo is absent (see tests/README: shared test faces, models/samples).");
      return FALSE;
    }
  image = fl_image_new_from_file (path, &error);
  g_assert_no_error (error);
  p->width = fl_image_get_width (image);
  p->height = fl_image_get_height (image);
  p->ella = fl_test_unit_login (unit, "ella");
  p->case_id = fl_test_open_case (unit, NULL, p->ella, paths, 1);
  probes = fl_probe_list_for_case (p->ella, p->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (probes->len, ==, 1);
  p->probe_id = ((FlProbe *) g_ptr_array_index (probes, 0))->id;
  return TRUE;
}

static gboolean
open_probe (FlTestUnit *unit,
            Probe      *p)
{
  g_autofree char *path = johns_face ();

  return open_probe_from (unit, path, p);
}

static char *
stored_hash (FlSession *session,
             gint64     probe_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProbe) probe = fl_probe_get (session, probe_id, &error);

  g_assert_no_error (error);
  return g_strdup (probe->hash);
}

/* SHA-256 of the file in the content store, read straight from disk. */
static char *
store_file_sha (FlTestUnit *unit,
                const char *hash)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fl_store_get_path (unit->db, hash, &error);
  g_autofree char *data = NULL;
  gsize len;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

/* One step of @op with parameters that change the image visibly. */
static void
example_step (FlEnhanceOp    op,
              int            width,
              int            height,
              FlEnhanceStep *step)
{
  fl_enhance_step_init (step, op);
  switch (op)
    {
    case FL_ENHANCE_CROP:
      step->params[0] = 10;
      step->params[1] = 12;
      step->params[2] = width - 30;
      step->params[3] = height - 20;
      break;
    case FL_ENHANCE_ROTATE:
      step->params[0] = 7.5;
      break;
    case FL_ENHANCE_LEVEL_EYES:
      fl_enhance_step_level_eyes (step, (FlPoint) { width * 0.3, height * 0.42 },
                                  (FlPoint) { width * 0.7, height * 0.39 }, TRUE);
      break;
    case FL_ENHANCE_BRIGHTNESS_CONTRAST:
      step->params[0] = 12;
      step->params[1] = 1.35;
      break;
    case FL_ENHANCE_GAMMA:
      step->params[0] = 1.6;
      break;
    case FL_ENHANCE_AUTO_LEVELS:
      step->params[0] = 1;
      step->params[1] = 0.5;
      break;
    case FL_ENHANCE_CLAHE:
      step->params[0] = 3;
      step->params[1] = 4;
      break;
    case FL_ENHANCE_DENOISE:
      step->params[0] = 9;
      step->params[1] = 9;
      break;
    case FL_ENHANCE_UNSHARP_MASK:
      step->params[0] = 2;
      step->params[1] = 1.5;
      step->params[2] = 2;
      break;
    case FL_ENHANCE_UPSCALE:
      step->params[0] = 1.75;
      break;
    default:
      break;
    }
}

static gint64
save (Probe          *p,
      gint64          source,
      const FlRecipe *recipe)
{
  g_autoptr(GError) error = NULL;
  gint64 id = fl_enhance_save (p->ella, source, recipe, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
assert_reproduces (FlTestUnit *unit,
                   Probe      *p,
                   gint64      derived)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autofree char *stored = stored_hash (p->ella, derived);
  g_autofree char *sha = NULL;
  g_autofree char *file_sha = NULL;

  g_assert_true (fl_enhance_reproduce (unit->db, derived, &again, &error));
  g_assert_no_error (error);
  sha = fl_sha256_bytes (again);
  g_assert_cmpstr (sha, ==, stored);
  file_sha = store_file_sha (unit, stored);
  g_assert_cmpstr (file_sha, ==, stored);
  g_assert_true (fl_enhance_verify (unit->db, derived, &error));
  g_assert_no_error (error);
}

static void
test_every_operation_reproduces (FlTestUnit    *unit,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *original_hash = NULL;
  g_autofree char *original_file_sha = NULL;
  g_autoptr(GHashTable) results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Probe p = { 0 };

  if (!open_probe (unit, &p))
    return;
  original_hash = stored_hash (p.ella, p.probe_id);
  original_file_sha = store_file_sha (unit, original_hash);
  g_assert_cmpstr (original_file_sha, ==, original_hash);

  for (int op = 0; op < FL_ENHANCE_N_OPS; op++)
    {
      g_autoptr(FlRecipe) recipe = fl_recipe_new ();
      g_autoptr(FlRecipe) loaded = NULL;
      g_autoptr(FlProbe) derived = NULL;
      g_autofree char *file_sha = NULL;
      FlEnhanceStep step;
      gint64 id;

      example_step (op, p.width, p.height, &step);
      fl_recipe_append (recipe, &step);
      id = save (&p, p.probe_id, recipe);
      g_test_message ("%s → probe %" G_GINT64_FORMAT, fl_enhance_op_get_info (op)->id, id);

      derived = fl_probe_get (p.ella, id, &error);
      g_assert_no_error (error);
      g_assert_cmpint (derived->parent_id, ==, p.probe_id);
      g_assert_cmpint (derived->case_id, ==, p.case_id);
      g_assert_true (g_str_has_suffix (derived->filename, ".png"));
      /* Each operation changes the image, and differently from the others. */
      g_assert_cmpstr (derived->hash, !=, original_hash);
      g_assert_false (g_hash_table_contains (results, derived->hash));
      g_hash_table_add (results, g_strdup (derived->hash));

      loaded = fl_enhance_load_recipe (unit->db, id, &error);
      g_assert_no_error (error);
      g_assert_true (fl_recipe_equal (loaded, recipe));
      assert_reproduces (unit, &p, id);

      /* The original is untouched after every save (R10). */
      g_free (file_sha);
      file_sha = store_file_sha (unit, original_hash);
      g_assert_cmpstr (file_sha, ==, original_hash);
    }

  {
    g_autofree char *hash = stored_hash (p.ella, p.probe_id);
    g_autoptr(FlProbe) original = fl_probe_get (p.ella, p.probe_id, &error);

    g_assert_cmpstr (hash, ==, original_hash);
    g_assert_cmpint (original->parent_id, ==, 0);
  }
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM enhancements;", 0), ==, FL_ENHANCE_N_OPS);
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM audit WHERE action = 'probe.enhance'"
                                                " AND outcome = 'success' AND details LIKE '%\"clahe\"%';", 0), ==, 1);
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM enhancements WHERE engine = '';", -1), ==, 0);
  g_clear_object (&p.ella);
}

/* A realistic recipe on the 1920-px sample photo: level the eyes found by the matcher,
 * CLAHE, unsharp mask, gamma; and the original's bytes never change. */
static void
test_multi_step_on_photo (FlTestUnit    *unit,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlMatcher) matcher = NULL;
  g_autoptr(FlImage) image = NULL;
  g_autoptr(GPtrArray) faces = NULL;
  g_autoptr(FlRecipe) recipe = fl_recipe_new ();
  g_autofree char *original_hash = NULL;
  g_autofree char *file_sha = NULL;
  g_autoptr(FlImage) result = NULL;
  g_autoptr(GPtrArray) again = NULL;
  FlEnhanceStep step;
  FlPoint eyes[2];
  double m[6];
  int w, h;
  gint64 id;
  Probe p = { 0 };

  if (!open_probe_from (unit, SAMPLE1, &p))
    return;
  matcher = fl_search_get_matcher (&error);
  g_assert_no_error (error);
  image = fl_image_new_from_file (SAMPLE1, &error);
  g_assert_no_error (error);
  faces = fl_matcher_detect (matcher, image, FL_DETECT_NO_UPSAMPLE | FL_DETECT_NO_SSD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (faces->len, >, 0);
  fl_face_get_eyes (g_ptr_array_index (faces, 0), &eyes[0], &eyes[1]);

  fl_enhance_step_level_eyes (&step, eyes[0], eyes[1], FALSE);
  fl_recipe_append (recipe, &step);
  fl_enhance_step_init (&step, FL_ENHANCE_CLAHE);
  fl_recipe_append (recipe, &step);
  fl_enhance_step_init (&step, FL_ENHANCE_UNSHARP_MASK);
  fl_recipe_append (recipe, &step);
  fl_enhance_step_init (&step, FL_ENHANCE_GAMMA);
  step.params[0] = 1.2;
  fl_recipe_append (recipe, &step);

  /* The eyes land level. */
  g_assert_true (fl_enhance_recipe_geometry (fl_recipe_get_steps (recipe), fl_recipe_get_n_steps (recipe),
                                             p.width, p.height, m, &w, &h, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs ((m[3] * eyes[0].x + m[4] * eyes[0].y) - (m[3] * eyes[1].x + m[4] * eyes[1].y)), <, 0.05);

  original_hash = stored_hash (p.ella, p.probe_id);
  id = save (&p, p.probe_id, recipe);
  assert_reproduces (unit, &p, id);
  file_sha = store_file_sha (unit, original_hash);
  g_assert_cmpstr (file_sha, ==, original_hash);

  /* The matcher sees the face level in the result. */
  g_assert_true (fl_image_apply_recipe (image, fl_recipe_get_steps (recipe), fl_recipe_get_n_steps (recipe),
                                        &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_image_get_width (result), ==, w);
  g_assert_cmpint (fl_image_get_height (result), ==, h);
  again = fl_matcher_detect (matcher, result, FL_DETECT_NO_UPSAMPLE | FL_DETECT_NO_SSD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, >, 0);
  {
    FlPoint l, r;

    fl_face_get_eyes (g_ptr_array_index (again, 0), &l, &r);
    g_assert_cmpfloat (fabs (atan2 (r.y - l.y, r.x - l.x) * 180 / G_PI), <, 1.5);
  }
  g_clear_object (&p.ella);
}

/* The step is refused by the matcher's validation with a message naming the
 * parameter and range, and fl_enhance_save refuses it too (nothing saved). */
static void
assert_refused (Probe               *p,
                const FlEnhanceStep *step,
                const char          *expect1,
                const char          *expect2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRecipe) recipe = fl_recipe_new ();
  gint64 before = fl_db_query_int64 (fl_session_get_db (p->ella), "SELECT count(*) FROM probes;", 0);
  FlEnhanceStep normalized = *step;

  g_assert_false (fl_enhance_step_validate (step, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, expect1));
  g_assert_nonnull (strstr (error->message, expect2));
  g_clear_error (&error);

  /* A recipe stores steps rounded to their decimals (an even window becomes odd);
   * what is still out of range after that is refused when saving. */
  fl_enhance_step_normalize (&normalized);
  if (fl_enhance_step_validate (&normalized, NULL))
    return;
  fl_recipe_append (recipe, step);
  g_assert_cmpint (fl_enhance_save (p->ella, p->probe_id, recipe, NULL, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, expect1));
  g_assert_nonnull (strstr (error->message, expect2));
  g_assert_cmpint (fl_db_query_int64 (fl_session_get_db (p->ella), "SELECT count(*) FROM probes;", 0), ==, before);
}

static void
test_out_of_range_refused (FlTestUnit    *unit,
                           gconstpointer  data)
{
  FlEnhanceStep s;
  Probe p = { 0 };

  if (!open_probe (unit, &p))
    return;

  example_step (FL_ENHANCE_CROP, p.width, p.height, &s);
  s.params[2] = 8;
  assert_refused (&p, &s, "Width", "use 16 px to");
  fl_enhance_step_init (&s, FL_ENHANCE_ROTATE);
  s.params[0] = 200;
  assert_refused (&p, &s, "Angle", "use -180.00° to 180.00°");
  example_step (FL_ENHANCE_LEVEL_EYES, p.width, p.height, &s);
  s.params[0] += 5;
  assert_refused (&p, &s, "Level the eyes", "does not match the recorded eyes");
  fl_enhance_step_init (&s, FL_ENHANCE_BRIGHTNESS_CONTRAST);
  s.params[0] = 150;
  assert_refused (&p, &s, "Brightness 150.0", "use -100.0 to 100.0");
  fl_enhance_step_init (&s, FL_ENHANCE_GAMMA);
  s.params[0] = 0.1;
  assert_refused (&p, &s, "Gamma 0.10", "use 0.20 to 5.00");
  fl_enhance_step_init (&s, FL_ENHANCE_AUTO_LEVELS);
  s.params[1] = 25;
  assert_refused (&p, &s, "Highlights clipped", "use 0.00% to 10.00%");
  fl_enhance_step_init (&s, FL_ENHANCE_CLAHE);
  s.params[1] = 40;
  assert_refused (&p, &s, "Tiles per side", "use 2 to 16");
  fl_enhance_step_init (&s, FL_ENHANCE_DENOISE);
  s.params[2] = 4;
  assert_refused (&p, &s, "Patch size", "odd");
  fl_enhance_step_init (&s, FL_ENHANCE_DENOISE);
  s.params[0] = NAN;
  assert_refused (&p, &s, "Strength", "not a number");
  fl_enhance_step_init (&s, FL_ENHANCE_UNSHARP_MASK);
  s.params[1] = 9;
  assert_refused (&p, &s, "Amount 9.00", "use 0.00 to 5.00");
  fl_enhance_step_init (&s, FL_ENHANCE_UPSCALE);
  s.params[0] = 3;
  assert_refused (&p, &s, "Factor 3.00", "use 1.00 to 2.00");

  /* A crop reaching past the image at its step: refused when the recipe meets the image. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FlRecipe) recipe = fl_recipe_new ();

    example_step (FL_ENHANCE_CROP, p.width, p.height, &s);
    s.params[2] = p.width;  /* 10 + width: past the right edge */
    fl_recipe_append (recipe, &s);
    g_assert_cmpint (fl_enhance_save (p.ella, p.probe_id, recipe, NULL, &error), ==, 0);
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "keep left + width ≤ 150"));
  }
  /* An empty recipe saves nothing. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FlRecipe) empty = fl_recipe_new ();

    g_assert_cmpint (fl_enhance_save (p.ella, p.probe_id, empty, NULL, &error), ==, 0);
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  }
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM audit WHERE action = 'probe.enhance'"
                                                " AND outcome = 'refused';", 0), >=, 10);
  g_clear_object (&p.ella);
}

/* Flip and anything that paints or synthesises a face do not exist (R10). */
static void
test_no_flip_no_paint (void)
{
  const char *forbidden[] = { "flip", "flip_horizontal", "mirror", "paint", "brush", "clone", "heal", "paste",
                              "inpaint", "synthesize", "face_swap", "" };

  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FlRecipe) recipe = NULL;
      g_autofree char *json = g_strdup_printf ("[{\"operation\":\"%s\",\"params\":{}}]", forbidden[i]);
      FlEnhanceStep step;
      FlEnhanceOp op;

      g_assert_false (fl_enhance_op_from_id (forbidden[i], &op, &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "no tool that flips"));
      g_clear_error (&error);
      g_assert_false (fl_enhance_step_from_json (forbidden[i], "{}", &step, &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
      g_clear_error (&error);
      recipe = fl_recipe_new_from_json (json, &error);
      g_assert_null (recipe);
      g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    }
  for (int op = 0; op < FL_ENHANCE_N_OPS; op++)
    {
      const char *id = fl_enhance_op_get_info (op)->id;

      g_assert_null (strstr (id, "flip"));
      g_assert_null (strstr (id, "paint"));
      g_assert_null (strstr (id, "clone"));
    }
  /* An unknown parameter is refused too: nothing hides in a step's JSON. */
  {
    g_autoptr(GError) error = NULL;
    FlEnhanceStep step;

    g_assert_false (fl_enhance_step_from_json ("gamma", "{\"gamma\":1.2,\"flip\":1}", &step, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  }
}

static void
test_recipe_json_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRecipe) recipe = fl_recipe_new ();
  g_autoptr(FlRecipe) back = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  g_autofree char *text = NULL;

  for (int op = 0; op < FL_ENHANCE_N_OPS; op++)
    {
      FlEnhanceStep step;

      example_step (op, 640, 480, &step);
      step.params[0] += 1.0 / 3.0;  /* rounded to the parameter's decimals when appended */
      if (op == FL_ENHANCE_LEVEL_EYES || op == FL_ENHANCE_DENOISE || op == FL_ENHANCE_CLAHE ||
          op == FL_ENHANCE_CROP || op == FL_ENHANCE_UNSHARP_MASK || op == FL_ENHANCE_UPSCALE)
        example_step (op, 640, 480, &step);
      fl_recipe_append (recipe, &step);
    }
  g_assert_true (fl_recipe_validate (recipe, &error));
  g_assert_no_error (error);
  json = fl_recipe_to_json (recipe);
  g_test_message ("%s", json);
  g_assert_nonnull (strstr (json, "{\"operation\":\"gamma\",\"params\":{\"gamma\":1.93}}"));
  back = fl_recipe_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (fl_recipe_equal (recipe, back));
  again = fl_recipe_to_json (back);
  g_assert_cmpstr (again, ==, json);

  fl_recipe_move (back, 0, 3);
  g_assert_false (fl_recipe_equal (recipe, back));
  g_assert_cmpint (fl_recipe_get_step (back, 3)->op, ==, FL_ENHANCE_CROP);
  fl_recipe_move (back, 3, 0);
  g_assert_true (fl_recipe_equal (recipe, back));
  fl_recipe_remove (back, 1);
  g_assert_cmpuint (fl_recipe_get_n_steps (back), ==, FL_ENHANCE_N_OPS - 1);

  text = fl_enhance_step_describe (fl_recipe_get_step (recipe, FL_ENHANCE_UNSHARP_MASK));
  g_assert_cmpstr (text, ==, "Unsharp mask: radius (sigma) 2 px, amount 1.5×, threshold 2");
}

static void
test_untrained_refused (FlTestUnit    *unit,
                        gconstpointer  data)
{
  const char *who[] = { "uma", "eddie", "rita" };
  g_autoptr(FlRecipe) recipe = fl_recipe_new ();
  FlEnhanceStep step;
  Probe p = { 0 };

  if (!open_probe (unit, &p))
    return;
  fl_enhance_step_init (&step, FL_ENHANCE_GAMMA);
  step.params[0] = 1.3;
  fl_recipe_append (recipe, &step);
  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FlSession) session = fl_test_unit_login (unit, who[i]);

      g_assert_cmpint (fl_enhance_save (session, p.probe_id, recipe, NULL, &error), ==, 0);
      g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
      fl_session_logout (session);
    }
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM probes;", 0), ==, 1);
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM audit WHERE action = 'probe.enhance'"
                                                " AND outcome = 'refused';", 0), ==, G_N_ELEMENTS (who));
  g_clear_object (&p.ella);
}

/* Saving from an enhanced probe starts again from the original: the new probe's
 * parent is the original and its recipe alone reproduces it. */
static void
test_from_enhanced_applies_to_original (FlTestUnit    *unit,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRecipe) first = fl_recipe_new ();
  g_autoptr(FlRecipe) second = NULL;
  g_autoptr(FlRecipe) loaded = NULL;
  g_autoptr(FlProbe) probe = NULL;
  g_autoptr(FlImage) original = NULL;
  g_autoptr(FlImage) expected = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autofree char *path = johns_face ();
  g_autofree char *expected_sha = NULL;
  FlEnhanceStep step;
  gint64 d1, d2, d3;
  Probe p = { 0 };

  if (!open_probe (unit, &p))
    return;
  fl_enhance_step_init (&step, FL_ENHANCE_AUTO_LEVELS);
  fl_recipe_append (first, &step);
  d1 = save (&p, p.probe_id, first);

  /* The window opened on d1 shows d1's recipe and extends it. */
  second = fl_enhance_load_recipe (unit->db, d1, &error);
  g_assert_no_error (error);
  fl_enhance_step_init (&step, FL_ENHANCE_UNSHARP_MASK);
  fl_recipe_append (second, &step);
  d2 = save (&p, d1, second);
  g_assert_cmpint (fl_enhance_get_original (unit->db, d2, &error), ==, p.probe_id);
  probe = fl_probe_get (p.ella, d2, &error);
  g_assert_cmpint (probe->parent_id, ==, p.probe_id);
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT source_probe_id FROM enhancements"
                                                " ORDER BY id DESC LIMIT 1;", 0), ==, p.probe_id);
  loaded = fl_enhance_load_recipe (unit->db, d2, &error);
  g_assert_true (fl_recipe_equal (loaded, second));
  assert_reproduces (unit, &p, d2);

  /* The same as applying both steps to the original directly. */
  original = fl_image_new_from_file (path, &error);
  g_assert_true (fl_image_apply_recipe (original, fl_recipe_get_steps (second), 2, &expected, &error));
  png = fl_image_encode_png (expected, &error);
  expected_sha = fl_sha256_bytes (png);
  g_assert_cmpstr (expected_sha, ==, probe->hash);

  /* A recipe that only differs in how it was opened gives the same image again. */
  d3 = save (&p, d2, second);
  g_assert_cmpint (d3, !=, d2);
  {
    g_autofree char *h3 = stored_hash (p.ella, d3);
    g_assert_cmpstr (h3, ==, probe->hash);
  }
  g_clear_object (&p.ella);
}

/* Hand-placed eyes move with the recipe's geometry onto the new probe. */
static void
test_eye_points_follow_geometry (FlTestUnit    *unit,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRecipe) recipe = fl_recipe_new ();
  g_autoptr(FlProbe) derived = NULL;
  FlPoint eyes[2] = { { 50, 70 }, { 100, 72 } };
  FlPoint l, r;
  FlEnhanceStep step;
  gint64 id;
  Probe p = { 0 };

  if (!open_probe (unit, &p))
    return;
  example_step (FL_ENHANCE_CROP, p.width, p.height, &step);
  fl_recipe_append (recipe, &step);
  fl_enhance_step_init (&step, FL_ENHANCE_UPSCALE);
  step.params[0] = 2;
  fl_recipe_append (recipe, &step);
  id = fl_enhance_save (p.ella, p.probe_id, recipe, eyes, &error);
  g_assert_no_error (error);
  derived = fl_probe_get (p.ella, id, &error);
  g_assert_true (fl_probe_parse_eye_points (derived->eye_points_json, &l, &r));
  /* crop by (10, 12), then ×2 with cv::resize's pixel-centre convention */
  g_assert_cmpfloat_with_epsilon (l.x, (50 - 10 + 0.5) * 2 - 0.5, 0.01);
  g_assert_cmpfloat_with_epsilon (l.y, (70 - 12 + 0.5) * 2 - 0.5, 0.01);
  g_assert_cmpfloat_with_epsilon (r.x, (100 - 10 + 0.5) * 2 - 0.5, 0.01);

  /* Markers that the crop cuts off are refused, and nothing is saved. */
  eyes[0].x = 2;
  g_assert_cmpint (fl_enhance_save (p.ella, p.probe_id, recipe, eyes, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM probes;", 0), ==, 2);
  g_clear_object (&p.ella);
}

/* A closed case's probes are not enhanced. */
static void
test_closed_case_refused (FlTestUnit    *unit,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRecipe) recipe = fl_recipe_new ();
  FlEnhanceStep step;
  Probe p = { 0 };

  if (!open_probe (unit, &p))
    return;
  fl_enhance_step_init (&step, FL_ENHANCE_GRAYSCALE);
  fl_recipe_append (recipe, &step);
  g_assert_true (fl_case_set_state (p.ella, p.case_id, FL_CASE_CLOSED, "No suitable probe in this request.", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_enhance_save (p.ella, p.probe_id, recipe, NULL, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "intake, searching or review"));
  g_clear_object (&p.ella);
}

/* A recipe using every operation, rendered at full resolution. */
static FlRecipe *
every_operation_recipe (int width,
                        int height)
{
  FlRecipe *recipe = fl_recipe_new ();

  for (int op = 0; op < FL_ENHANCE_N_OPS; op++)
    {
      FlEnhanceStep step;

      example_step (op, width, height, &step);
      if (op == FL_ENHANCE_LEVEL_EYES)  /* after the crop and the rotation: still on the image */
        fl_enhance_step_level_eyes (&step, (FlPoint) { 40, 60 }, (FlPoint) { 90, 58 }, FALSE);
      fl_recipe_append (recipe, &step);
    }
  return recipe;
}

static char *
render_sha (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlImage) image = fl_image_new_from_file (path, &error);
  g_autoptr(FlRecipe) recipe = NULL;
  g_autoptr(FlImage) out = NULL;
  g_autoptr(GBytes) png = NULL;

  g_assert_no_error (error);
  recipe = every_operation_recipe (fl_image_get_width (image), fl_image_get_height (image));
  g_assert_true (fl_image_apply_recipe (image, fl_recipe_get_steps (recipe), fl_recipe_get_n_steps (recipe),
                                        &out, &error));
  g_assert_no_error (error);
  png = fl_image_encode_png (out, &error);
  g_assert_no_error (error);
  return fl_sha256_bytes (png);
}

static char *
render_sha_with_threads (const char *path,
                         const char *threads)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "OPENCV_FOR_THREADS_NUM", threads, TRUE);
  const char *argv[] = { self_path, "--render-sha", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  return g_strstrip (g_steal_pointer (&out));
}

static gpointer
render_thread (gpointer path)
{
  return render_sha (path);
}

/* Bit-exact whatever OpenCV's thread count, and from concurrent threads. */
static void
test_deterministic_across_threads (void)
{
  g_autofree char *path = johns_face ();
  g_autofree char *here = NULL;
  g_autofree char *one = NULL;
  g_autofree char *three = NULL;
  GThread *threads[3];

  if (path == NULL)
    {
      g_test_skip ("The shared test faces are absent.");
      return;
    }
  here = render_sha (path);
  one = render_sha_with_threads (path, "1");
  three = render_sha_with_threads (path, "3");
  g_test_message ("default %s, 1 thread %s, 3 threads %s", here, one, three);
  g_assert_cmpstr (one, ==, here);
  g_assert_cmpstr (three, ==, here);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("render", render_thread, path);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autofree char *sha = g_thread_join (threads[i]);
      g_assert_cmpstr (sha, ==, here);
    }
}

static gboolean
same_pixels (const FlImage *a,
             const FlImage *b)
{
  g_autoptr(GBytes) ra = fl_image_get_rgb (a);
  g_autoptr(GBytes) rb = fl_image_get_rgb (b);

  return fl_image_get_width (a) == fl_image_get_width (b) && g_bytes_equal (ra, rb);
}

/* The preview at full size equals the full render, through every path of its cache:
 * editing the last step, an earlier step, inserting, removing, and a cancelled render. */
static void
test_preview_cache (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = johns_face ();
  g_autoptr(FlImage) image = NULL;
  g_autoptr(FlEnhancePreview) preview = NULL;
  g_autoptr(FlRecipe) recipe = fl_recipe_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  FlEnhanceStep step;
  struct { int position; double value; } edits[] = {
    { 2, 1.5 }, { 2, 1.7 }, { 2, 1.9 }, { 1, 3.0 }, { 2, 1.2 }, { 0, 5.0 }, { 1, 2.5 }, { 1, 2.5 },
  };

  if (path == NULL)
    {
      g_test_skip ("The shared test faces are absent.");
      return;
    }
  image = fl_image_new_from_file (path, &error);
  preview = fl_enhance_preview_new (image, 4096);
  g_assert_cmpfloat (fl_enhance_preview_get_scale (preview), ==, 1.0);
  fl_enhance_step_init (&step, FL_ENHANCE_ROTATE);
  fl_recipe_append (recipe, &step);
  fl_enhance_step_init (&step, FL_ENHANCE_CLAHE);
  fl_recipe_append (recipe, &step);
  fl_enhance_step_init (&step, FL_ENHANCE_GAMMA);
  fl_recipe_append (recipe, &step);

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(FlImage) shown = NULL;
      g_autoptr(FlImage) full = NULL;

      step = *fl_recipe_get_step (recipe, edits[i].position);
      step.params[0] = edits[i].value;
      fl_recipe_replace (recipe, edits[i].position, &step);
      if (i == 4)
        {
          /* A cancelled render leaves the cache usable. */
          g_cancellable_cancel (cancelled);
          g_assert_null (fl_enhance_preview_render (preview, fl_recipe_get_steps (recipe),
                                                    fl_recipe_get_n_steps (recipe), FALSE, cancelled, &error));
          g_assert_error (error, FL_ERROR, FL_ERROR_CANCELLED);
          g_clear_error (&error);
        }
      if (i == 6)
        {
          fl_enhance_step_init (&step, FL_ENHANCE_UNSHARP_MASK);
          fl_recipe_insert (recipe, 2, &step);
        }
      if (i == 7)
        fl_recipe_remove (recipe, 0);
      shown = fl_enhance_preview_render (preview, fl_recipe_get_steps (recipe), fl_recipe_get_n_steps (recipe),
                                         FALSE, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (fl_image_apply_recipe (image, fl_recipe_get_steps (recipe), fl_recipe_get_n_steps (recipe),
                                            &full, &error));
      g_assert_true (same_pixels (shown, full));
    }
}

/* A smaller preview keeps the result's proportions and geometry. */
static void
test_preview_scaled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlImage) image = NULL;
  g_autoptr(FlEnhancePreview) preview = NULL;
  g_autoptr(FlImage) shown = NULL;
  g_autoptr(FlImage) before = NULL;
  g_autoptr(FlRecipe) recipe = NULL;
  double scale;
  int w, h;

  if (!g_file_test (SAMPLE1, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("models/samples/sample1.jpg is absent: run build-aux/setup.");
      return;
    }
  image = fl_image_new_from_file (SAMPLE1, &error);
  preview = fl_enhance_preview_new (image, 800);
  scale = fl_enhance_preview_get_scale (preview);
  g_assert_cmpfloat_with_epsilon (scale, 800.0 / 1920, 1e-3);
  recipe = every_operation_recipe (fl_image_get_width (image), fl_image_get_height (image));
  g_assert_true (fl_enhance_recipe_geometry (fl_recipe_get_steps (recipe), fl_recipe_get_n_steps (recipe),
                                             fl_image_get_width (image), fl_image_get_height (image),
                                             NULL, &w, &h, &error));
  shown = fl_enhance_preview_render (preview, fl_recipe_get_steps (recipe), fl_recipe_get_n_steps (recipe), FALSE,
                                     NULL, &error);
  g_assert_no_error (error);
  before = fl_enhance_preview_render (preview, fl_recipe_get_steps (recipe), fl_recipe_get_n_steps (recipe), TRUE,
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_image_get_width (shown), ==, fl_image_get_width (before));
  g_assert_cmpint (fl_image_get_height (shown), ==, fl_image_get_height (before));
  g_assert_cmpfloat (fabs (fl_image_get_width (shown) - w * scale), <=, 3);
  g_assert_cmpfloat (fabs (fl_image_get_height (shown) - h * scale), <=, 3);
}

typedef struct
{
  GMainLoop *loop;
  gint64     id;
  GError    *error;
  double     last_fraction;
  guint      n_progress;
  gboolean   monotonic;
} AsyncSave;

static void
save_progress_cb (double      fraction,
                  const char *stage,
                  gpointer    user_data)
{
  AsyncSave *s = user_data;

  if (fraction < s->last_fraction)
    s->monotonic = FALSE;
  s->last_fraction = fraction;
  s->n_progress++;
  g_assert_nonnull (stage);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncSave *s = user_data;

  s->id = fl_enhance_save_finish (result, &s->error);
  g_main_loop_quit (s->loop);
}

static void
test_save_async (FlTestUnit    *unit,
                 gconstpointer  data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(FlRecipe) recipe = fl_recipe_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  AsyncSave s = { loop, 0, NULL, 0, 0, TRUE };
  FlEnhanceStep step;
  Probe p = { 0 };

  if (!open_probe (unit, &p))
    return;
  fl_enhance_step_init (&step, FL_ENHANCE_CLAHE);
  fl_recipe_append (recipe, &step);
  fl_enhance_step_init (&step, FL_ENHANCE_DENOISE);
  fl_recipe_append (recipe, &step);
  fl_enhance_save_async (p.ella, p.probe_id, recipe, NULL, save_progress_cb, &s, NULL, save_done_cb, &s);
  g_main_loop_run (loop);
  g_assert_no_error (s.error);
  g_assert_cmpint (s.id, >, 0);
  g_assert_cmpuint (s.n_progress, >=, 3);
  g_assert_true (s.monotonic);
  assert_reproduces (unit, &p, s.id);

  /* Cancelled: nothing saved. */
  s.id = 0;
  g_cancellable_cancel (cancellable);
  fl_enhance_save_async (p.ella, p.probe_id, recipe, NULL, NULL, NULL, cancellable, save_done_cb, &s);
  g_main_loop_run (loop);
  g_assert_error (s.error, FL_ERROR, FL_ERROR_CANCELLED);
  g_clear_error (&s.error);
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM probes;", 0), ==, 2);

  /* A refusal comes back through the callback. */
  {
    g_autoptr(FlSession) uma = fl_test_unit_login (unit, "uma");

    fl_enhance_save_async (uma, p.probe_id, recipe, NULL, NULL, NULL, NULL, save_done_cb, &s);
    g_main_loop_run (loop);
    g_assert_error (s.error, FL_ERROR, FL_ERROR_DENIED);
    g_clear_error (&s.error);
  }
  g_clear_object (&p.ella);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--render-sha"))
    {
      g_autofree char *sha = render_sha (argv[2]);
      g_print ("%s\n", sha);
      return 0;
    }
  self_path = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/enhance/no-flip-no-paint", test_no_flip_no_paint);
  g_test_add_func ("/enhance/recipe/json-round-trip", test_recipe_json_round_trip);
  g_test_add_func ("/enhance/deterministic/threads", test_deterministic_across_threads);
  g_test_add_func ("/enhance/preview/cache", test_preview_cache);
  g_test_add_func ("/enhance/preview/scaled", test_preview_scaled);
  g_test_add ("/enhance/save/every-operation-reproduces", FlTestUnit, NULL,
              fl_test_unit_setup, test_every_operation_reproduces, fl_test_unit_teardown);
  g_test_add ("/enhance/save/multi-step-on-photo", FlTestUnit, NULL,
              fl_test_unit_setup, test_multi_step_on_photo, fl_test_unit_teardown);
  g_test_add ("/enhance/save/out-of-range-refused", FlTestUnit, NULL,
              fl_test_unit_setup, test_out_of_range_refused, fl_test_unit_teardown);
  g_test_add ("/enhance/save/untrained-refused", FlTestUnit, NULL,
              fl_test_unit_setup, test_untrained_refused, fl_test_unit_teardown);
  g_test_add ("/enhance/save/from-enhanced-applies-to-original", FlTestUnit, NULL,
              fl_test_unit_setup, test_from_enhanced_applies_to_original, fl_test_unit_teardown);
  g_test_add ("/enhance/save/eye-points-follow-geometry", FlTestUnit, NULL,
              fl_test_unit_setup, test_eye_points_follow_geometry, fl_test_unit_teardown);
  g_test_add ("/enhance/save/closed-case-refused", FlTestUnit, NULL,
              fl_test_unit_setup, test_closed_case_refused, fl_test_unit_teardown);
  g_test_add ("/enhance/save/async", FlTestUnit, NULL,
              fl_test_unit_setup, test_save_async, fl_test_unit_teardown);
  return g_test_run ();
}
