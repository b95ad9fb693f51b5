/* test-probe.c: quality figures, suitability judgement and hand-placed eyes (R1, R11) */
#include <string.h>

#include "fl-probe.h"
#include "fl-search.h"
#include "fl-test-core.h"

typedef struct
{
  FlSession *ella;
  gint64     case_id;
  gint64     probe_id;
} Probe;

static gboolean
open_probe (FlTestUnit *unit,
            Probe      *p)
{
  g_autofree char *faces = fl_test_faces_dir ();
  g_autofree char *path = NULL;
  const char *paths[1];
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) probes = NULL;

  if (faces == NULL)
    return FALSE;
  path = g_build_filename (faces, "johns", "John_Savage", "000264_01099001.jpg", NULL);
  paths[0] = path;
  p->ella = fl_test_unit_login (unit, "ella");
  p->case_id = fl_test_open_case (unit, NULL, p->ella, paths, 1);
  probes = fl_probe_list_for_case (p->ella, p->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (probes->len, ==, 1);
  p->probe_id = ((FlProbe *) g_ptr_array_index (probes, 0))->id;
  return TRUE;
}

static void
test_assess_and_judge (FlTestUnit    *unit,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlMatcher) matcher = NULL;
  g_autoptr(FlQuality) quality = NULL;
  g_autoptr(FlProbe) probe = NULL;
  Probe p = { 0 };

  if (!open_probe (unit, &p))
    return;
  matcher = fl_search_get_matcher (&error);
  g_assert_no_error (error);
  quality = fl_probe_assess (p.ella, matcher, p.probe_id, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (quality->inter_eye_px, >, 20.0);

  /* Unsuitable needs a reason (R11). */
  g_assert_false (fl_probe_judge (p.ella, p.probe_id, FALSE, "  ", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (fl_probe_judge (p.ella, p.probe_id, TRUE, NULL, &error));
  g_assert_no_error (error);

  probe = fl_probe_get (p.ella, p.probe_id, &error);
  g_assert_cmpstr (probe->suitability, ==, "suitable");
  g_assert_cmpstr (probe->judged_by, ==, "Ella Examiner");
  g_assert_nonnull (strstr (probe->quality_json, "inter_eye"));
  g_assert_cmpint (fl_db_query_int64 (unit->db, "SELECT count(*) FROM audit WHERE action IN ('probe.assess',"
                                                " 'probe.judge') AND outcome = 'success';", 0), ==, 2);
  g_clear_object (&p.ella);
}

static void
test_untrained_cannot_judge (FlTestUnit    *unit,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) uma = NULL;
  g_autoptr(FlSession) rita = NULL;
  Probe p = { 0 };

  if (!open_probe (unit, &p))
    return;
  uma = fl_test_unit_login (unit, "uma");
  g_assert_false (fl_probe_judge (uma, p.probe_id, TRUE, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  rita = fl_test_unit_login (unit, "rita");
  g_assert_false (fl_probe_set_eye_points (rita, p.probe_id, (FlPoint) { 40, 60 }, (FlPoint) { 100, 60 }, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_object (&p.ella);
}

static void
test_eye_points (FlTestUnit    *unit,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlProbe) probe = NULL;
  FlPoint l, r;
  Probe p = { 0 };

  if (!open_probe (unit, &p))
    return;
  g_assert_false (fl_probe_set_eye_points (p.ella, p.probe_id, (FlPoint) { 50, 60 }, (FlPoint) { 52, 61 }, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (fl_probe_set_eye_points (p.ella, p.probe_id, (FlPoint) { 50, 62 }, (FlPoint) { 100, 61 }, &error));
  g_assert_no_error (error);
  probe = fl_probe_get (p.ella, p.probe_id, &error);
  g_assert_true (fl_probe_parse_eye_points (probe->eye_points_json, &l, &r));
  g_assert_cmpfloat (l.x, ==, 50);
  g_assert_cmpfloat (r.y, ==, 61);
  g_clear_object (&p.ella);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, FlTestUnit, NULL, fl_test_unit_setup, fn, fl_test_unit_teardown)
  ADD ("/probe/assess-and-judge", test_assess_and_judge);
  ADD ("/probe/untrained-cannot-judge", test_untrained_cannot_judge);
  ADD ("/probe/eye-points", test_eye_points);
#undef ADD

  return g_test_run ();
}
