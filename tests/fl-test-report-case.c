/* fl-test-report-case.c: a case with an issued lead report (see the header) */
#include <cairo.h>
#include <string.h>

#include "fl-report.h"
#include "fl-test-admin.h"
#include "fl-test-report-case.h"

void
fl_test_report_case_clear (FlTestReportCase *c)
{
  g_clear_pointer (&c->uid, g_free);
  g_clear_pointer (&c->hash, g_free);
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A drawn face, for machines without the shared test photos. */
static GBytes *
drawn_face (double tint)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 240, 300);
  cairo_t *cr = cairo_create (s);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, 0.75, 0.8, 0.85);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.85 * tint, 0.68 * tint, 0.55 * tint);
  cairo_save (cr);
  cairo_translate (cr, 120, 150);
  cairo_scale (cr, 80, 105);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_arc (cr, 92, 130, 8, 0, 2 * G_PI);
  cairo_arc (cr, 148, 130, 8, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (s, append_png, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (s);
  return g_byte_array_free_to_bytes (png);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The @n-th photo of @person in the shared test faces, else a drawn face. */
static GBytes *
face_photo (const char *person,
            guint       n)
{
  g_autofree char *dir = g_build_filename (FL_SOURCE_DIR, "..", "shared", "testdata", "faces", "johns", person, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  const char *name;
  char *data;
  gsize len;

  while (d && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".jpg"))
      g_ptr_array_add (names, g_strdup (name));
  if (names->len <= n)
    {
      g_test_message ("shared test faces absent: the report shows drawn faces");
      return drawn_face (1.0 - 0.15 * n);
    }
  g_ptr_array_sort (names, compare_names);
  path = g_build_filename (dir, g_ptr_array_index (names, n), NULL);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_bytes_new_take (data, len);
}

static char *
put (FlTestUnit *unit,
     GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *hash = fl_store_put (unit->db, bytes, NULL, &error);

  g_assert_no_error (error);
  return hash;
}

void
fl_test_report_case_build (FlTestUnit       *unit,
                           const char       *fr_number,
                           gint64            requester_id,
                           FlTestReportCase *out)
{
  g_autoptr(GBytes) probe = face_photo ("John_Salley", 0);
  g_autoptr(GBytes) lead = face_photo ("John_Salley", 3);
  g_autofree char *h_probe = put (unit, probe);
  g_autofree char *h_lead = put (unit, lead);
  g_autofree char *agency_case = g_strdup_printf ("ECPD-%s", fr_number + strlen ("FR-"));
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) ella = NULL;
  g_autoptr(FlReportInfo) info = NULL;
  const char *at = "2026-03-02T10:00:00.000000Z";
  gint64 ella_id = unit->examiner_id;
  gint64 req_image, probe_id, gallery, subject, image, search;

  memset (out, 0, sizeof *out);
  out->request_id = fl_test_insert (unit,
    "INSERT INTO requests (created_at, created_by, requesting_agency, requester_name, phone, email,"
    " agency_case_number, incident_type, reason, purpose, image_count, protected_class_attested, ack_name, ack_date,"
    " state, decided_by, decided_at) VALUES (?, ?, 'Example City Police Department', 'Det. Rita Requester',"
    " '213-555-0100', 'rrequester@examplepd.gov', ?, 'Robbery', 'Armed robbery of a convenience store on 1 March;"
    " the suspect is visible on the store''s recorded CCTV.', 'Suspect in a criminal offense', 1, 1,"
    " 'Det. Rita Requester', '2026-03-02', 'accepted', ?, ?);",
    "sisis", at, requester_id, agency_case, ella_id, at);
  req_image = fl_test_insert (unit, "INSERT INTO request_images (request_id, hash, filename, source, from_video, kind)"
                                    " VALUES (?, ?, 'cctv-still-0412.jpg', 'Store CCTV, recorded footage', 1,"
                                    " 'video_still');", "is", out->request_id, h_probe);
  out->case_id = fl_test_insert (unit, "INSERT INTO cases (fr_number, request_id, examiner_id, state, opened_at)"
                                       " VALUES (?, ?, ?, 'peer_review', ?);",
                                 "siis", fr_number, out->request_id, ella_id, at);
  probe_id = fl_test_insert (unit, "INSERT INTO probes (case_id, request_image_id, hash, filename, added_by, added_at,"
                                   " quality, suitability, suitability_reason, judged_by, judged_at)"
                                   " VALUES (?, ?, ?, 'cctv-still-0412.jpg', ?, ?, '{\"sharpness\": 0.41}',"
                                   " 'suitable', 'Frontal, eyes open, enough resolution.', ?, ?);",
                             "iisisis", out->case_id, req_image, h_probe, ella_id, at, ella_id, at);
  gallery = fl_test_query_int (unit, "SELECT COALESCE (max (id), 0) FROM galleries"
                                     " WHERE name = 'County booking photos';", 0);
  if (gallery == 0)
    gallery = fl_test_insert (unit, "INSERT INTO galleries (name, provenance, lawful_basis, created_at)"
                                    " VALUES ('County booking photos', 'Sheriff booking system export',"
                                    " 'Booking photographs', ?);", "s", at);
  subject = fl_test_insert (unit, "INSERT INTO subjects (gallery_id, external_id, name, date_of_birth, cdl, main_number,"
                                  " sid) VALUES (?, ?, 'SALLEY, JOHN', '1964-05-16', 'D1234567', 'M-0043127',"
                                  " 'CA12345678');", "is", gallery, fr_number);
  image = fl_test_insert (unit, "INSERT INTO gallery_images (subject_id, hash, capture_date, booking_number, source_file,"
                                " added_at) VALUES (?, ?, '2025-11-02', '2025-118230', 'bk/2025-118230.jpg', ?);",
                          "iss", subject, h_lead, at);
  search = fl_test_insert (unit, "INSERT INTO searches (case_id, probe_id, examiner_id, started_at, incident_type, purpose,"
                                 " justification, galleries, matcher_version, k, templates_scanned, candidate_count)"
                                 " VALUES (?, ?, ?, ?, 'Robbery', 'Suspect in a criminal offense', 'Request accepted',"
                                 " 'County booking photos', 'faceleads-matcher 0.1.0', 50, 1000, 1);",
                           "iiis", out->case_id, probe_id, ella_id, at);
  fl_test_insert (unit, "INSERT INTO search_galleries (search_id, gallery_id) VALUES (?, ?);", "ii", search, gallery);
  out->candidate_id = fl_test_insert (unit, "INSERT INTO candidates (search_id, rank, score, blind_order,"
                                            " gallery_image_id, subject_id) VALUES (?, 1, 0.91, 1, ?, ?);",
                                      "iii", search, image, subject);
  fl_test_insert (unit, "INSERT INTO comparisons (candidate_id, examiner_id, feature, assessment, note, recorded_at)"
                        " VALUES (?, ?, 'eyes', 'similar', 'Shape and spacing', ?);",
                  "iis", out->candidate_id, ella_id, at);
  fl_test_insert (unit, "INSERT INTO conclusions (candidate_id, examiner_id, conclusion, note, recorded_at)"
                        " VALUES (?, ?, 'possible_lead', 'Consistent features', ?);",
                  "iis", out->candidate_id, ella_id, at);
  fl_test_insert (unit, "INSERT INTO peer_reviews (candidate_id, first_examiner_id, state, not_practicable_reason,"
                        " requested_at, decided_at) VALUES (?, ?, 'not_practicable',"
                        " 'Only one trained examiner is on duty; the threat is imminent.', ?, ?);",
                  "iiss", out->candidate_id, ella_id, at, at);

  ella = fl_test_unit_login (unit, "ella");
  info = fl_report_create (ella, out->case_id, out->candidate_id, "Last seen near the 4th Street transit centre.",
                           &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  fl_session_logout (ella);
  out->report_id = info->id;
  out->uid = g_strdup (info->uid);
  out->hash = g_strdup (info->hash);
}
