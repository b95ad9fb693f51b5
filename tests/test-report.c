/* test-report.c: the Manual Search Report, its annex, the no-match variant and
 * the request form (R10, R17–R19, R24). PDFs are checked with poppler-utils
 * (pdftotext, pdffonts, pdfinfo); every page is also written as a PNG to
 * <build>/screenshots/ for a person to look at. */
#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fl-report.h"
#include "fl-test-core.h"

#define FR_NUMBER "FR-2026-000042"
#define AGENCY_CASE "ECPD-24-001234"
#define COMMENTS "Arrested 2025-11-02 for burglary; last contact at the 4th Street transit centre."
#define NOT_PRACTICABLE "Only one trained examiner is on duty during the holiday closure; the threat is imminent."

typedef struct
{
  FlTestUnit unit;
  gint64     second_id;      /* a second trained examiner */
  gint64     request_id;
  gint64     case_id;
  gint64     probe_id;       /* the original */
  gint64     enhanced_id;
  gint64     lead_id;        /* candidate concluded possible lead */
  gint64     other_id;       /* candidate excluded */
} Fixture;

/* ---- small helpers ---- */

static gint64
exec_insert (Fixture    *f,
             const char *sql,
             ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (f->unit.db, sql, &error);
  va_list args;
  int n;

  g_assert_no_error (error);
  n = sqlite3_bind_parameter_count (stmt);
  va_start (args, sql);
  for (int i = 1; i <= n; i++)
    {
      /* Arguments alternate: a type letter ('i' integer, 's' text, 'n' null) and the value. */
      int type = va_arg (args, int);
      if (type == 'i')
        sqlite3_bind_int64 (stmt, i, va_arg (args, gint64));
      else if (type == 's')
        fl_db_bind_text (stmt, i, va_arg (args, const char *));
      else
        sqlite3_bind_null (stmt, i);
    }
  va_end (args);
  g_assert_true (fl_db_step_done (f->unit.db, stmt, &error));
  g_assert_no_error (error);
  return sqlite3_last_insert_rowid (fl_db_get_handle (f->unit.db));
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
surface_to_png (cairo_surface_t *surface)
{
  GByteArray *out = g_byte_array_new ();

  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png, out), ==, CAIRO_STATUS_SUCCESS);
  return g_byte_array_free_to_bytes (out);
}

/* A drawn face, for machines without the shared test photos. */
static GBytes *
drawn_face (double tint)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 300, 360);
  cairo_t *cr = cairo_create (s);
  GBytes *png;

  cairo_set_source_rgb (cr, 0.75, 0.8, 0.85);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.85 * tint, 0.68 * tint, 0.55 * tint);
  cairo_save (cr);
  cairo_translate (cr, 150, 180);
  cairo_scale (cr, 95, 125);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_arc (cr, 115, 160, 9, 0, 2 * G_PI);
  cairo_arc (cr, 185, 160, 9, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_line_width (cr, 5);
  cairo_move_to (cr, 120, 250);
  cairo_curve_to (cr, 140, 265, 160, 265, 180, 250);
  cairo_stroke (cr);
  cairo_destroy (cr);
  png = surface_to_png (s);
  cairo_surface_destroy (s);
  return png;
}

/* The unit's logo: a simple badge. */
static GBytes *
drawn_logo (void)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 200);
  cairo_t *cr = cairo_create (s);
  GBytes *png;

  cairo_set_source_rgb (cr, 0.1, 0.2, 0.45);
  cairo_move_to (cr, 100, 5);
  for (int i = 1; i < 10; i++)
    {
      double a = G_PI / 5 * i - G_PI / 2;
      double r = i % 2 ? 45 : 95;
      cairo_line_to (cr, 100 + r * cos (a), 105 + r * sin (a));
    }
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_destroy (cr);
  png = surface_to_png (s);
  cairo_surface_destroy (s);
  return png;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* g_ptr_array_sort passes pointers to the elements */
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The n-th photo of a person in the shared test faces, else a drawn face. */
static GBytes *
face_photo (const char *person,
            int         n)
{
  const char *src = g_getenv ("FL_SOURCE_DIR");
  g_autofree char *dir = g_build_filename (src ? src : FL_SOURCE_DIR, "..", "shared", "testdata", "faces", "johns",
                                           person, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  g_autofree char *path = NULL;
  char *data;
  gsize len;

  while (d && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".jpg"))
      g_ptr_array_add (names, g_strdup (name));
  if (names->len <= (guint) n)
    {
      g_test_message ("shared test faces absent: using drawn faces");
      return drawn_face (1.0 - 0.15 * n);
    }
  g_ptr_array_sort (names, compare_names);
  path = g_build_filename (dir, g_ptr_array_index (names, n), NULL);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_bytes_new_take (data, len);
}

/* The enhanced probe: brightened and re-saved as PNG (what the recipe records). */
static GBytes *
brightened (GBytes *original)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (original);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_stream (in, NULL, NULL);
  g_autoptr(GdkPixbuf) out = NULL;
  char *buffer;
  gsize len;

  g_assert_nonnull (pixbuf);
  out = gdk_pixbuf_copy (pixbuf);
  gdk_pixbuf_saturate_and_pixelate (pixbuf, out, 1.4, FALSE);
  g_assert_true (gdk_pixbuf_save_to_buffer (out, &buffer, &len, "png", NULL, NULL));
  return g_bytes_new_take (buffer, len);
}

static char *
put (Fixture *f,
     GBytes  *bytes)
{
  g_autoptr(GError) error = NULL;
  char *hash = fl_store_put (f->unit.db, bytes, NULL, &error);

  g_assert_no_error (error);
  return hash;
}

static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

static gboolean
have_poppler_utils (void)
{
  g_autofree char *p = g_find_program_in_path ("pdftotext");

  if (p == NULL)
    g_test_skip ("poppler-utils (pdftotext, pdffonts, pdftoppm) is not installed");
  return p != NULL;
}

/* The PDF's text with every run of white space made one space. */
static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  g_autofree char *raw = run_tool (argv);
  g_auto(GStrv) words = g_strsplit_set (raw, " \t\r\n\f", -1);
  GString *text = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_string_append_printf (text, "%s%s", text->len ? " " : "", words[i]);
  return g_string_free (text, FALSE);
}

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("“%s” is not in the PDF's text:\n%s", (needle), (haystack)); \
  } G_STMT_END

/* Every font is embedded: pdffonts' "emb" column says yes on each row. */
static void
assert_fonts_embedded (const char *pdf)
{
  const char *argv[] = { "pdffonts", pdf, NULL };
  g_autofree char *out = run_tool (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  int fonts = 0;

  for (guint i = 2; lines[i]; i++)
    {
      g_auto(GStrv) cols = NULL;
      g_autoptr(GPtrArray) words = g_ptr_array_new ();

      if (!*lines[i])
        continue;
      cols = g_strsplit_set (lines[i], " ", -1);
      for (guint c = 0; cols[c]; c++)
        if (*cols[c])
          g_ptr_array_add (words, cols[c]);
      /* name type [encoding…] emb sub uni object ID: "emb" is fifth from the right */
      g_assert_cmpuint (words->len, >=, 7);
      g_assert_cmpstr (g_ptr_array_index (words, words->len - 5), ==, "yes");
      g_assert_nonnull (strstr (lines[i], "DejaVu"));
      fonts++;
    }
  g_assert_cmpint (fonts, >, 0);
}

static int
page_count (const char *pdf)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *out = run_tool (argv);
  const char *p = strstr (out, "Pages:");

  g_assert_nonnull (p);
  return atoi (p + strlen ("Pages:"));
}

/* Writes each page as <build>/screenshots/<name>-N.png for review, with the PDF beside them. */
static void
screenshots (const char *pdf,
             const char *name)
{
  g_autofree char *dir = g_build_filename (FL_TEST_BUILD_ROOT, "screenshots", NULL);
  g_autofree char *prefix = g_build_filename (dir, name, NULL);
  g_autofree char *copy = g_strdup_printf ("%s.pdf", prefix);
  const char *argv[] = { "pdftoppm", "-r", "60", "-png", pdf, prefix, NULL };
  g_autofree char *out = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  out = run_tool (argv);
  g_assert_true (g_file_get_contents (pdf, &data, &len, NULL));
  g_assert_true (g_file_set_contents (copy, data, (gssize) len, NULL));
}

/* ---- the case ---- */

static void
add_second_examiner (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) last = g_date_time_add_years (now, -1);
  g_autoptr(GDateTime) next = g_date_time_add_years (now, 1);
  g_autofree char *d_last = g_date_time_format (last, "%Y-%m-%d");
  g_autofree char *d_next = g_date_time_format (next, "%Y-%m-%d");

  f->second_id = fl_accounts_create_user (f->unit.db, f->unit.admin, "sam", "Sam Second", FL_TEST_PASSWORD,
                                          FL_ROLE_EXAMINER, &error);
  g_assert_no_error (error);
  fl_accounts_add_training (f->unit.admin, f->second_id, "LACRIS", "Facial reviewer", d_last, d_next, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GBytes) probe = face_photo ("John_Salley", 0);
  g_autoptr(GBytes) lead = face_photo ("John_Salley", 3);
  g_autoptr(GBytes) other = face_photo ("John_Simm", 1);
  g_autoptr(GBytes) enhanced = brightened (probe);
  g_autoptr(GBytes) logo = drawn_logo ();
  g_autofree char *h_probe = NULL, *h_lead = NULL, *h_other = NULL, *h_enh = NULL, *h_logo = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ella, gallery, subj_a, subj_b, img_a, img_b, search1, search2, enh, req_image;

  fl_test_unit_setup (&f->unit, data);
  add_second_examiner (f);
  ella = f->unit.examiner_id;

  h_probe = put (f, probe);
  h_lead = put (f, lead);
  h_other = put (f, other);
  h_enh = put (f, enhanced);
  h_logo = put (f, logo);
  fl_settings_set (f->unit.admin, FL_SETTING_LOGO_HASH, h_logo, &error);
  g_assert_no_error (error);

  f->request_id = exec_insert (f,
    "INSERT INTO requests (created_at, created_by, requesting_agency, requester_name, phone, email,"
    " agency_case_number, incident_type, reason, purpose, image_count, protected_class_attested, ack_name, ack_date,"
    " state, decided_by, decided_at)"
    " VALUES ('2026-03-02T09:15:00.000000Z', ?, 'Example City Police Department', 'Det. Rita Requester',"
    " '213-555-0100', 'rrequester@examplepd.gov', ?, 'Robbery', 'Armed robbery of a convenience store on 1 March;"
    " the suspect is visible on the store''s recorded CCTV and a witness saw him leave in a grey sedan.',"
    " 'Suspect in a criminal offense', 1, 1, 'Det. Rita Requester', '2026-03-02', 'accepted', ?,"
    " '2026-03-02T10:00:00.000000Z');",
    'i', f->unit.requester_id, 's', AGENCY_CASE, 'i', ella);
  req_image = exec_insert (f, "INSERT INTO request_images (request_id, hash, filename, source, from_video, kind)"
                              " VALUES (?, ?, 'cctv-still-0412.jpg', 'Store CCTV, recorded footage handed over by"
                              " the owner on 1 March', 1, 'video_still');",
                           'i', f->request_id, 's', h_probe);
  f->case_id = exec_insert (f, "INSERT INTO cases (fr_number, request_id, examiner_id, state, opened_at)"
                               " VALUES (?, ?, ?, 'peer_review', '2026-03-02T10:00:00.000000Z');",
                            's', FR_NUMBER, 'i', f->request_id, 'i', ella);

  f->probe_id = exec_insert (f,
    "INSERT INTO probes (case_id, request_image_id, hash, filename, added_by, added_at, quality, suitability,"
    " suitability_reason, judged_by, judged_at) VALUES (?, ?, ?, 'cctv-still-0412.jpg', ?,"
    " '2026-03-02T10:00:00.000000Z', '{\"inter_eye_pixels\": 58.5, \"sharpness\": 0.412, \"brisque\": 31.77,"
    " \"pose\": {\"yaw\": 4.2, \"pitch\": -2.0}, \"exposure\": \"good\", \"faces_found\": 1}', 'suitable',"
    " 'Frontal, eyes open, enough resolution between the eyes; slight motion blur.', ?,"
    " '2026-03-02T10:20:00.000000Z');",
    'i', f->case_id, 'i', req_image, 's', h_probe, 'i', ella, 'i', ella);
  f->enhanced_id = exec_insert (f,
    "INSERT INTO probes (case_id, parent_id, hash, filename, added_by, added_at, quality, suitability, judged_by,"
    " judged_at) VALUES (?, ?, ?, 'cctv-still-0412-enhanced.png', ?, '2026-03-02T10:30:00.000000Z',"
    " '{\"sharpness\": 0.47}', 'suitable', ?, '2026-03-02T10:31:00.000000Z');",
    'i', f->case_id, 'i', f->probe_id, 's', h_enh, 'i', ella, 'i', ella);
  enh = exec_insert (f, "INSERT INTO enhancements (source_probe_id, result_probe_id, created_by, created_at)"
                        " VALUES (?, ?, ?, '2026-03-02T10:30:00.000000Z');",
                     'i', f->probe_id, 'i', f->enhanced_id, 'i', ella);
  exec_insert (f, "INSERT INTO enhancement_steps (enhancement_id, position, operation, params)"
                  " VALUES (?, 1, 'brightness_contrast', '{\"brightness\": 0.08, \"contrast\": 1.15}'),"
                  " (?, 2, 'saturation', '{\"factor\": 1.4}');", 'i', enh, 'i', enh);

  gallery = exec_insert (f, "INSERT INTO galleries (name, provenance, lawful_basis, created_at)"
                            " VALUES ('County booking photos', 'Sheriff booking system export 2026-01',"
                            " 'Booking photographs taken under state law', '2026-01-10T08:00:00.000000Z');");
  subj_a = exec_insert (f, "INSERT INTO subjects (gallery_id, external_id, name, date_of_birth, cdl, main_number, sid)"
                           " VALUES (?, 'BK-771204', 'SALLEY, JOHN', '1964-05-16', 'D1234567', 'M-0043127',"
                           " 'CA12345678');", 'i', gallery);
  exec_insert (f, "INSERT INTO bookings (subject_id, booking_number, booked_on) VALUES"
                  " (?, '2019-004411', '2019-06-01'), (?, '2025-118230', '2025-11-02');", 'i', subj_a, 'i', subj_a);
  subj_b = exec_insert (f, "INSERT INTO subjects (gallery_id, external_id, name, date_of_birth)"
                           " VALUES (?, 'BK-660913', 'SIMM, JOHN', '1970-07-10');", 'i', gallery);
  img_a = exec_insert (f, "INSERT INTO gallery_images (subject_id, hash, capture_date, booking_number, source_file,"
                          " added_at) VALUES (?, ?, '2025-11-02', '2025-118230', 'bk/2025-118230.jpg',"
                          " '2026-01-10T08:00:00.000000Z');", 'i', subj_a, 's', h_lead);
  img_b = exec_insert (f, "INSERT INTO gallery_images (subject_id, hash, source_file, added_at)"
                          " VALUES (?, ?, 'bk/660913.jpg', '2026-01-10T08:00:00.000000Z');", 'i', subj_b, 's', h_other);

  /* A first search of the original that returned nothing, then one of the enhanced probe. */
  search1 = exec_insert (f, "INSERT INTO searches (case_id, probe_id, examiner_id, started_at, incident_type, purpose,"
                            " justification, galleries, matcher_version, k, templates_scanned, candidate_count)"
                            " VALUES (?, ?, ?, '2026-03-02T10:25:00.000000Z', 'Robbery', 'Suspect in a criminal"
                            " offense', 'Request accepted', 'County booking photos', 'faceleads-matcher 0.1.0"
                            " (dlib ResNet 128-D, face-api 1.7.15)', 50, 120000, 0);",
                         'i', f->case_id, 'i', f->probe_id, 'i', ella);
  search2 = exec_insert (f, "INSERT INTO searches (case_id, probe_id, examiner_id, started_at, incident_type, purpose,"
                            " justification, galleries, matcher_version, k, templates_scanned, candidate_count)"
                            " VALUES (?, ?, ?, '2026-03-02T10:35:00.000000Z', 'Robbery', 'Suspect in a criminal"
                            " offense', 'Request accepted', 'County booking photos', 'faceleads-matcher 0.1.0"
                            " (dlib ResNet 128-D, face-api 1.7.15)', 50, 120000, 2);",
                         'i', f->case_id, 'i', f->enhanced_id, 'i', ella);
  exec_insert (f, "INSERT INTO search_galleries (search_id, gallery_id) VALUES (?, ?), (?, ?);",
               'i', search1, 'i', gallery, 'i', search2, 'i', gallery);
  f->other_id = exec_insert (f, "INSERT INTO candidates (search_id, rank, score, blind_order, gallery_image_id,"
                                " subject_id) VALUES (?, 1, 0.912, 2, ?, ?);", 'i', search2, 'i', img_b, 'i', subj_b);
  f->lead_id = exec_insert (f, "INSERT INTO candidates (search_id, rank, score, blind_order, gallery_image_id,"
                               " subject_id) VALUES (?, 2, 0.894, 1, ?, ?);", 'i', search2, 'i', img_a, 'i', subj_a);
  exec_insert (f, "INSERT INTO comparisons (candidate_id, examiner_id, feature, assessment, note, recorded_at) VALUES"
                  " (?, ?, 'eyes', 'similar', 'Shape and spacing', '2026-03-02T11:00:00.000000Z'),"
                  " (?, ?, 'nose', 'similar', '', '2026-03-02T11:01:00.000000Z'),"
                  " (?, ?, 'ears', 'not_assessable', 'Covered by hair', '2026-03-02T11:02:00.000000Z'),"
                  " (?, ?, 'scars_marks_tattoos', 'similar', 'Small scar above the left eyebrow',"
                  " '2026-03-02T11:03:00.000000Z');",
               'i', f->lead_id, 'i', ella, 'i', f->lead_id, 'i', ella, 'i', f->lead_id, 'i', ella,
               'i', f->lead_id, 'i', ella);
  exec_insert (f, "INSERT INTO conclusions (candidate_id, examiner_id, conclusion, note, recorded_at)"
                  " VALUES (?, ?, 'excluded', 'Different ear shape and chin', '2026-03-02T10:50:00.000000Z');",
               'i', f->other_id, 'i', ella);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fl_test_unit_teardown (&f->unit, data);
}

static void
conclude_lead (Fixture    *f,
               const char *conclusion)
{
  exec_insert (f, "INSERT INTO conclusions (candidate_id, examiner_id, conclusion, note, recorded_at)"
                  " VALUES (?, ?, ?, 'Consistent features; see comparison', '2026-03-02T11:10:00.000000Z');",
               'i', f->lead_id, 'i', f->unit.examiner_id, 's', conclusion);
}

static void
peer_review (Fixture    *f,
             const char *state,
             const char *reason)
{
  if (g_str_equal (state, "not_practicable"))
    exec_insert (f, "INSERT INTO peer_reviews (candidate_id, first_examiner_id, state, not_practicable_reason,"
                    " requested_at, decided_at) VALUES (?, ?, 'not_practicable', ?, '2026-03-02T11:15:00.000000Z',"
                    " '2026-03-02T11:15:00.000000Z');",
                 'i', f->lead_id, 'i', f->unit.examiner_id, reason ? 's' : 'n', reason);
  else
    exec_insert (f, "INSERT INTO peer_reviews (candidate_id, first_examiner_id, second_examiner_id, state,"
                    " requested_at, decided_at) VALUES (?, ?, ?, ?, '2026-03-02T11:15:00.000000Z',"
                    " '2026-03-02T13:40:00.000000Z');",
                 'i', f->lead_id, 'i', f->unit.examiner_id, 'i', f->second_id, 's', state);
}

static char *
tmp_pdf (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->unit.dir, name, NULL);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return fl_db_query_int64 (f->unit.db, sql, -1);
}

/* ---- tests ---- */

static void
test_lead_report (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(FlSession) rob = fl_test_unit_login (&f->unit, "rob");
  g_autoptr(FlReportInfo) info = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autofree char *stored_hash = NULL;
  g_autofree char *path = tmp_pdf (f, "lead.pdf");
  g_autofree char *text = NULL;
  g_autofree char *page1 = NULL;

  if (!have_poppler_utils ())
    return;
  conclude_lead (f, "possible_lead");
  peer_review (f, "agreed", NULL);

  info = fl_report_create (ella, f->case_id, f->lead_id, COMMENTS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->uid, ==, FR_NUMBER "-R1");
  g_assert_cmpint (info->kind, ==, FL_REPORT_KIND_LEAD);
  g_assert_cmpint (info->candidate_id, ==, f->lead_id);

  /* The PDF is in the content store and the row's hash is its SHA-256. */
  stored = fl_store_get (f->unit.db, info->hash, &error);
  g_assert_no_error (error);
  stored_hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, stored);
  g_assert_cmpstr (stored_hash, ==, info->hash);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (stored, NULL), "%PDF"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM reports WHERE kind = 'lead';"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE action = 'report.create' AND outcome = 'success';"),
                   ==, 1);

  /* Records staff print what was issued. */
  g_assert_true (fl_report_export (rob, info->id, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE action = 'report.export' AND outcome = 'success';"),
                   ==, 1);

  screenshots (path, "report-lead");
  text = pdf_text (path);
  assert_contains (text, FL_REPORT_CLASSIFICATION);
  assert_contains (text, "Manual Search Report");
  assert_contains (text, "Facial Recognition Unit");
  assert_contains (text, FL_REPORT_LEAD_BANNER);
  assert_contains (text, FR_NUMBER);
  assert_contains (text, AGENCY_CASE);
  assert_contains (text, "Example City Police Department");
  assert_contains (text, "Det. Rita Requester");
  assert_contains (text, "Ella Examiner");
  assert_contains (text, "Sam Second");
  assert_contains (text, "deemed viable for further investigation");
  assert_contains (text, "SALLEY, JOHN");
  assert_contains (text, "1964-05-16");
  assert_contains (text, "D1234567");
  assert_contains (text, "M-0043127");
  assert_contains (text, "CA12345678");
  assert_contains (text, "2025-118230");          /* the most recent booking */
  assert_contains (text, COMMENTS);
  assert_contains (text, "seal or destroy this record");
  /* R10: the enhancement is said and its steps listed */
  assert_contains (text, "Enhanced before the search");
  assert_contains (text, "brightness_contrast (Brightness = 0.08, Contrast = 1.15)");
  /* R24: the handling footer with the unit's contact */
  assert_contains (text, "This information is designated U//LES and is shared in confidence");
  assert_contains (text, "Questions about this document can be directed to Facial Recognition Unit, 555-0100, "
                         "fru@example.org");
  assert_contains (text, "Report ID " FR_NUMBER "-R1");
  assert_contains (text, "SHA-256 is recorded in the case file");
  /* The annex */
  assert_contains (text, "Disclosure Annex");
  assert_contains (text, "No candidates");                /* the first search */
  assert_contains (text, "BK-660913");                    /* the excluded candidate, by record only */
  assert_contains (text, "Different ear shape and chin");
  assert_contains (text, "peer review agreed");
  assert_contains (text, "faceleads-matcher 0.1.0");
  assert_contains (text, "Inter eye pixels");
  assert_contains (text, "Frontal, eyes open");
  assert_contains (text, "Small scar above the left eyebrow");
  g_assert_null (strstr (text, "SIMM, JOHN"));            /* other people are not named */
  g_assert_null (strstr (text, "DRAFT"));

  /* Every page numbered "Page N of M", the lead report fits its first page. */
  {
    int pages = page_count (path);
    g_assert_cmpint (pages, >=, 2);
    for (int p = 1; p <= pages; p++)
      {
        g_autofree char *needle = g_strdup_printf ("Page %d of %d", p, pages);
        assert_contains (text, needle);
      }
  }
  {
    const char *argv[] = { "pdftotext", "-f", "1", "-l", "1", path, "-", NULL };
    page1 = run_tool (argv);
    g_assert_nonnull (strstr (page1, "Comments:"));
    g_assert_nonnull (strstr (page1, "seal or destroy"));
  }
  assert_fonts_embedded (path);
}

static void
test_lead_not_practicable (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(FlReportInfo) info = NULL;
  g_autofree char *path = tmp_pdf (f, "np.pdf");
  g_autofree char *text = NULL;

  if (!have_poppler_utils ())
    return;
  conclude_lead (f, "possible_lead");

  /* Marked not practicable without a reason: refused. */
  peer_review (f, "not_practicable", NULL);
  g_assert_null (fl_report_create (ella, f->case_id, f->lead_id, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_assert_nonnull (strstr (error->message, "no reason"));
  g_clear_error (&error);

  /* With the recorded reason: issued, and the reason is disclosed. */
  peer_review (f, "not_practicable", NOT_PRACTICABLE);
  info = fl_report_create (ella, f->case_id, f->lead_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fl_report_export (ella, info->id, path, &error));
  g_assert_no_error (error);
  text = pdf_text (path);
  assert_contains (text, NOT_PRACTICABLE);
  assert_contains (text, "a second review was not practicable");
  assert_contains (text, "Comments: None.");
}

static void
test_lead_refused_without_peer_review (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");

  conclude_lead (f, "possible_lead");
  g_assert_null (fl_report_create (ella, f->case_id, f->lead_id, COMMENTS, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_assert_nonnull (strstr (error->message, "second examiner"));
  g_clear_error (&error);

  peer_review (f, "pending", NULL);
  g_assert_null (fl_report_create (ella, f->case_id, f->lead_id, COMMENTS, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_assert_nonnull (strstr (error->message, "pending"));
  g_clear_error (&error);

  peer_review (f, "disagreed", NULL);
  g_assert_null (fl_report_create (ella, f->case_id, f->lead_id, COMMENTS, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_assert_nonnull (strstr (error->message, "did not agree"));
  g_clear_error (&error);

  g_assert_cmpint (count (f, "SELECT count(*) FROM reports;"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM blobs WHERE ext = 'pdf';"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE action = 'report.create' AND outcome = 'refused';"),
                   ==, 3);
}

static void
test_lead_refused_without_possible_lead (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");

  /* No conclusion at all, then "inconclusive", even with an agreeing review. */
  g_assert_null (fl_report_create (ella, f->case_id, f->lead_id, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_assert_nonnull (strstr (error->message, "possible lead"));
  g_clear_error (&error);

  conclude_lead (f, "inconclusive");
  peer_review (f, "agreed", NULL);
  g_assert_null (fl_report_create (ella, f->case_id, f->lead_id, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);

  /* The excluded candidate cannot be reported either. */
  g_assert_null (fl_report_create (ella, f->case_id, f->other_id, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_assert_cmpint (count (f, "SELECT count(*) FROM reports;"), ==, 0);
}

static void
test_lead_refused_for_wrong_person (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) rob = fl_test_unit_login (&f->unit, "rob");
  g_autoptr(FlSession) uma = fl_test_unit_login (&f->unit, "uma");
  g_autoptr(FlSession) sam = fl_test_unit_login (&f->unit, "sam");
  g_autoptr(FlSession) ravi = fl_test_unit_login (&f->unit, "ravi");
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(FlReportInfo) info = NULL;
  g_autofree char *path = tmp_pdf (f, "x.pdf");

  conclude_lead (f, "possible_lead");
  peer_review (f, "agreed", NULL);

  /* Records staff release reports; they do not issue them. */
  g_assert_null (fl_report_create (rob, f->case_id, f->lead_id, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "Records staff"));
  g_clear_error (&error);
  /* R1: no current training. */
  g_assert_null (fl_report_create (uma, f->case_id, f->lead_id, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  /* The second examiner reviews; the case's examiner issues. */
  g_assert_null (fl_report_create (sam, f->case_id, f->lead_id, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM reports;"), ==, 0);

  /* A requester of another case may not take the report. */
  info = fl_report_create (ella, f->case_id, f->lead_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (fl_report_export (ravi, info->id, path, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE action = 'report.export' AND outcome = 'refused';"),
                   ==, 1);
}

static void
test_export_detects_altered_file (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(FlSession) rob = fl_test_unit_login (&f->unit, "rob");
  g_autoptr(FlReportInfo) info = NULL;
  g_autoptr(FlReportInfo) latest = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *path = tmp_pdf (f, "altered.pdf");

  conclude_lead (f, "possible_lead");
  peer_review (f, "agreed", NULL);
  info = fl_report_create (ella, f->case_id, f->lead_id, NULL, &error);
  g_assert_no_error (error);
  latest = fl_report_get_latest (f->unit.db, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (latest->id, ==, info->id);

  stored = fl_store_get_path (f->unit.db, info->hash, &error);
  g_assert_no_error (error);
  g_chmod (stored, 0600);
  g_assert_true (g_file_set_contents (stored, "%PDF-1.5 altered", -1, NULL));
  g_assert_false (fl_report_export (rob, info->id, path, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_CORRUPT);
}

static void
test_no_match_report (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(FlSession) rita = fl_test_unit_login (&f->unit, "rita");
  g_autoptr(FlReportInfo) info = NULL;
  g_autofree char *path = tmp_pdf (f, "nomatch.pdf");
  g_autofree char *text = NULL;

  if (!have_poppler_utils ())
    return;
  /* Not concluded as no match yet: refused. */
  g_assert_null (fl_report_create (ella, f->case_id, 0, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);

  fl_test_sqlite3 (&f->unit, "UPDATE cases SET state = 'no_match' WHERE fr_number = '" FR_NUMBER "';");
  fl_test_sqlite3 (&f->unit, "INSERT INTO conclusions (candidate_id, examiner_id, conclusion, note, recorded_at)"
                             " SELECT id, (SELECT id FROM users WHERE username = 'ella'), 'excluded', 'Nose and chin"
                             " differ', '2026-03-02T11:10:00.000000Z' FROM candidates WHERE rank = 2;");
  info = fl_report_create (ella, f->case_id, 0, "The requester may send clearer footage.", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->kind, ==, FL_REPORT_KIND_NO_MATCH);
  g_assert_cmpint (info->candidate_id, ==, 0);

  /* The requester who asked may have the report of their case. */
  g_assert_true (fl_report_export (rita, info->id, path, &error));
  g_assert_no_error (error);
  screenshots (path, "report-nomatch");
  text = pdf_text (path);
  assert_contains (text, FL_REPORT_CLASSIFICATION);
  assert_contains (text, "Manual Search Report");
  assert_contains (text, "NO POSSIBLE MATCH");
  assert_contains (text, "has determined that the image(s) provided did not result in a possible match in County "
                         "booking photos");
  assert_contains (text, "A new facial recognition search request form must be completed if your agency wishes to "
                         "provide additional images");
  assert_contains (text, FR_NUMBER);
  assert_contains (text, AGENCY_CASE);
  assert_contains (text, "designated U//LES");
  assert_contains (text, "Disclosure Annex");
  assert_contains (text, "Nose and chin differ");
  g_assert_null (strstr (text, "deemed viable"));
  g_assert_null (strstr (text, "SALLEY, JOHN"));
  assert_fonts_embedded (path);
}

static void
test_request_forms (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) rob = fl_test_unit_login (&f->unit, "rob");
  g_autoptr(FlSession) rita = fl_test_unit_login (&f->unit, "rita");
  g_autoptr(FlSession) ravi = fl_test_unit_login (&f->unit, "ravi");
  g_autofree char *blank = tmp_pdf (f, "blank.pdf");
  g_autofree char *filled = tmp_pdf (f, "filled.pdf");
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;

  if (!have_poppler_utils ())
    return;
  /* Anyone signed in may print a blank form. */
  g_assert_true (fl_request_form_export (ravi, 0, blank, &error));
  g_assert_no_error (error);
  screenshots (blank, "request-form-blank");
  text = pdf_text (blank);
  assert_contains (text, FL_REPORT_CLASSIFICATION);
  assert_contains (text, "Facial Recognition Search Request");
  assert_contains (text, FL_REPORT_LEAD_ACKNOWLEDGEMENT);
  assert_contains (text, "Requesting agency");
  assert_contains (text, "Requester phone");
  assert_contains (text, "Requester email");
  assert_contains (text, "Case/file number");
  assert_contains (text, "Incident type");
  assert_contains (text, "reasonable suspicion");
  assert_contains (text, "from video?");
  assert_contains (text, "Video still");
  assert_contains (text, "Number of images attached");
  assert_contains (text, "Suspect in a criminal offense");     /* the unit's purposes, as checkboxes */
  assert_contains (text, "predictive analysis");
  assert_contains (text, "First Amendment");
  assert_contains (text, "Requester signature");
  assert_contains (text, "Printed name");
  assert_contains (text, "designated U//LES");
  assert_contains (text, "Blank search request form");
  assert_fonts_embedded (blank);

  /* A filled form: the requester who sent it, or records staff; not another requester. */
  g_assert_false (fl_request_form_export (ravi, f->request_id, filled, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_true (fl_request_form_export (rita, f->request_id, filled, &error));
  g_assert_no_error (error);
  g_assert_true (fl_request_form_export (rob, f->request_id, filled, &error));
  g_assert_no_error (error);
  screenshots (filled, "request-form-filled");
  text2 = pdf_text (filled);
  assert_contains (text2, AGENCY_CASE);
  assert_contains (text2, "rrequester@examplepd.gov");
  assert_contains (text2, "a witness saw him leave in a grey sedan");
  assert_contains (text2, "cctv-still-0412.jpg");
  assert_contains (text2, FR_NUMBER);
  assert_contains (text2, "Search request no.");
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE action = 'request_form.print'"
                             " AND outcome = 'success';"), ==, 3);
}

/* Rendering from a hand-built struct: A4, no images, long text across pages. */
static void
test_render_hand_built (void)
{
  g_autoptr(FlReportData) d = fl_report_data_new (FL_REPORT_KIND_LEAD);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = fl_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "hand.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) long_comment = g_string_new (NULL);
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = NULL;

  if (!have_poppler_utils ())
    return;
  for (int i = 0; i < 120; i++)
    g_string_append_printf (long_comment, "Sentence %d of a long comment that must wrap and flow over pages. ", i);
  g_free (d->paper_size);
  d->paper_size = g_strdup ("a4");
  d->agency_name = g_strdup ("Hand County Police");
  d->unit_name = g_strdup ("Hand Unit");
  d->report_contact = g_strdup ("hand@example.org");
  d->fr_number = g_strdup ("FR-HAND-1");
  d->agency_case_number = g_strdup ("HC-77");
  d->comments = g_string_free (g_steal_pointer (&long_comment), FALSE);
  g_ptr_array_add (d->features, fl_report_field_new ("Eyes", "Similar"));

  g_assert_true (fl_report_render_pdf (d, path, &error));
  g_assert_no_error (error);
  info = run_tool (argv);
  g_assert_nonnull (strstr (info, "(A4)"));
  text = pdf_text (path);
  assert_contains (text, "DRAFT — not an issued report");
  assert_contains (text, "Sentence 0 of a long comment");
  assert_contains (text, "Sentence 119 of a long comment");
  assert_contains (text, "No probe image is available.");
  assert_contains (text, "hand@example.org");
  g_assert_cmpint (page_count (path), >=, 3);
  fl_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/report/lead/pdf", test_lead_report);
  ADD ("/report/lead/not-practicable", test_lead_not_practicable);
  ADD ("/report/lead/refused-without-peer-review", test_lead_refused_without_peer_review);
  ADD ("/report/lead/refused-without-possible-lead", test_lead_refused_without_possible_lead);
  ADD ("/report/lead/refused-for-wrong-person", test_lead_refused_for_wrong_person);
  ADD ("/report/export/detects-altered-file", test_export_detects_altered_file);
  ADD ("/report/no-match", test_no_match_report);
  ADD ("/report/request-form", test_request_forms);
#undef ADD
  g_test_add_func ("/report/render/hand-built", test_render_hand_built);
  return g_test_run ();
}
