/* fl-test-admin.c: case records written straight into a test unit's database */
#include <stdarg.h>
#include <string.h>

#include "fl-test-admin.h"

/* Runs @sql with arguments typed by @types: 'i' gint64, 's' string (NULL
 * binds NULL), 'd' double. Returns the new row id. */
gint64
fl_test_insert (FlTestUnit *unit,
                const char *sql,
                const char *types,
                ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (unit->db, sql, &error);
  va_list args;

  g_assert_no_error (error);
  va_start (args, types);
  for (int i = 0; types[i]; i++)
    {
      if (types[i] == 'i')
        sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
      else if (types[i] == 'd')
        sqlite3_bind_double (stmt, i + 1, va_arg (args, double));
      else
        fl_db_bind_text (stmt, i + 1, va_arg (args, const char *));
    }
  va_end (args);
  fl_db_step_done (unit->db, stmt, &error);
  g_assert_no_error (error);
  return sqlite3_last_insert_rowid (fl_db_get_handle (unit->db));
}

gint64
fl_test_query_int (FlTestUnit *unit,
                   const char *sql,
                   gint64      arg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (unit->db, sql, &error);

  g_assert_no_error (error);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

char *
fl_test_put_image (FlTestUnit *unit,
                   const char *content)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (content, strlen (content));
  char *hash = fl_store_put (unit->db, bytes, "jpg", &error);

  g_assert_no_error (error);
  return hash;
}

char *
fl_test_iso_years_ago (int years)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_years (now, -years);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%S.000000Z");
}

char *
fl_test_iso_days_ago (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%S.000000Z");
}


void
fl_test_case_clear (FlTestCase *c)
{
  g_free (c->probe_hash);
  g_free (c->enhanced_hash);
  g_free (c->report_hash);
}

static gint64
seed_gallery_image (FlTestUnit *unit,
                    gint64     *subject_id)
{
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *hash = fl_test_put_image (unit, "gallery booking photo");
  gint64 gallery = fl_test_query_int (unit, "SELECT COALESCE (max (id), 0) FROM galleries;", 0);

  if (gallery == 0)
    gallery = fl_test_insert (unit, "INSERT INTO galleries (name, provenance, lawful_basis, created_at) VALUES (?, ?, ?, ?);",
                      "ssss", "County bookings", "County jail booking system", "booking photos", now);
  g_autofree char *external = g_strdup_printf ("B-%" G_GINT64_FORMAT,
                                               fl_test_query_int (unit, "SELECT count (*) + 1 FROM subjects;", 0));

  *subject_id = fl_test_insert (unit, "INSERT INTO subjects (gallery_id, external_id, name) VALUES (?, ?, ?);", "iss",
                        gallery, external, "John Sample");
  return fl_test_insert (unit, "INSERT INTO gallery_images (subject_id, hash, source_file, added_at) VALUES (?, ?, ?, ?);",
                 "isss", *subject_id, hash, "b1.jpg", now);
}

/* A whole case at time @when: request, probe (and an enhanced one), a search
 * with one candidate and its conclusion, a lead report, a release and an
 * outcome. @closed_at NULL leaves it open. */
void
fl_test_seed_case (FlTestUnit *unit,
                   const char *tag,
                   const char *when,
                   const char *closed_at,
                   FlTestCase   *out)
{
  g_autofree char *fr = g_strdup_printf ("FR-%s", tag);
  g_autofree char *probe_content = g_strdup_printf ("probe image of %s", tag);
  g_autofree char *enhanced_content = g_strdup_printf ("enhanced probe of %s", tag);
  g_autofree char *report_content = g_strdup_printf ("%%PDF report of %s", tag);
  g_autofree char *uid = g_strdup_printf ("R-%s", tag);
  gint64 request_image, subject_id, gallery_image;

  memset (out, 0, sizeof *out);
  out->probe_hash = fl_test_put_image (unit, probe_content);
  out->enhanced_hash = fl_test_put_image (unit, enhanced_content);
  out->report_hash = fl_test_put_image (unit, report_content);
  gallery_image = seed_gallery_image (unit, &subject_id);

  out->request_id = fl_test_insert (unit,
    "INSERT INTO requests (created_at, created_by, requesting_agency, requester_name, phone, email,"
    " agency_case_number, incident_type, reason, purpose, image_count, ack_name, ack_date, state,"
    " decided_by, decided_at) VALUES (?, ?, 'Example PD', 'Det. Rita Requester', '555-0101',"
    " 'rita@example.org', ?, 'Robbery', 'Armed robbery at a store; the suspect was filmed by the camera.',"
    " 'suspect in a criminal offense', 1, 'Rita Requester', '2026-01-01', 'accepted', ?, ?);",
    "sisis", when, unit->requester_id, tag, unit->examiner_id, when);
  request_image = fl_test_insert (unit, "INSERT INTO request_images (request_id, hash, filename, source, kind)"
                                " VALUES (?, ?, 'still.jpg', 'store camera', 'video_still');",
                          "is", out->request_id, out->probe_hash);
  out->case_id = fl_test_insert (unit, "INSERT INTO cases (fr_number, request_id, examiner_id, state, opened_at, closed_at)"
                               " VALUES (?, ?, ?, ?, ?, ?);",
                         "siisss", fr, out->request_id, unit->examiner_id, closed_at ? "closed" : "review", when,
                         closed_at);
  out->probe_id = fl_test_insert (unit, "INSERT INTO probes (case_id, request_image_id, hash, filename, added_by, added_at,"
                                " suitability) VALUES (?, ?, ?, 'still.jpg', ?, ?, 'suitable');",
                          "iisis", out->case_id, request_image, out->probe_hash, unit->examiner_id, when);
  out->enhanced_id = fl_test_insert (unit, "INSERT INTO probes (case_id, parent_id, hash, filename, added_by, added_at)"
                                   " VALUES (?, ?, ?, 'enhanced.png', ?, ?);",
                             "iisis", out->case_id, out->probe_id, out->enhanced_hash, unit->examiner_id, when);
  fl_test_insert (unit, "INSERT INTO enhancements (source_probe_id, result_probe_id, created_by, created_at) VALUES (?, ?, ?, ?);",
          "iiis", out->probe_id, out->enhanced_id, unit->examiner_id, when);
  out->search_id = fl_test_insert (unit,
    "INSERT INTO searches (case_id, probe_id, examiner_id, started_at, incident_type, purpose, justification,"
    " galleries, matcher_version, k, candidate_count) VALUES (?, ?, ?, ?, 'Robbery',"
    " 'suspect in a criminal offense', 'Armed robbery; suspect on camera', 'County bookings',"
    " 'dlib-resnet-128 1.0', 50, 1);",
    "iiis", out->case_id, out->enhanced_id, unit->examiner_id, when);
  fl_test_insert (unit, "INSERT INTO search_galleries (search_id, gallery_id) VALUES (?, 1);", "i", out->search_id);
  out->candidate_id = fl_test_insert (unit, "INSERT INTO candidates (search_id, rank, score, blind_order, gallery_image_id,"
                                    " subject_id) VALUES (?, 1, 0.93, 1, ?, ?);",
                              "iii", out->search_id, gallery_image, subject_id);
  fl_test_insert (unit, "INSERT INTO comparisons (candidate_id, examiner_id, feature, assessment, recorded_at)"
                " VALUES (?, ?, 'eyes', 'similar', ?);", "iis", out->candidate_id, unit->examiner_id, when);
  fl_test_insert (unit, "INSERT INTO conclusions (candidate_id, examiner_id, conclusion, recorded_at)"
                " VALUES (?, ?, 'possible_lead', ?);", "iis", out->candidate_id, unit->examiner_id, when);
  fl_test_insert (unit, "INSERT INTO peer_reviews (candidate_id, first_examiner_id, state, not_practicable_reason,"
                " requested_at, decided_at) VALUES (?, ?, 'not_practicable', 'second examiner on leave', ?, ?);",
          "iiss", out->candidate_id, unit->examiner_id, when, when);
  out->report_id = fl_test_insert (unit, "INSERT INTO reports (uid, case_id, candidate_id, kind, hash, created_by, created_at)"
                                 " VALUES (?, ?, ?, 'lead', ?, ?, ?);",
                           "siisis", uid, out->case_id, out->candidate_id, out->report_hash, unit->examiner_id, when);
  fl_test_insert (unit, "INSERT INTO disseminations (report_id, released_by, released_at, recipient, agency, purpose,"
                " released_what, public_release, exception, exception_documentation)"
                " VALUES (?, ?, ?, 'Channel 5 News', 'Media', 'missing person appeal', 'report', 1,"
                " 'missing person with third-party verification', 'verified by the family');",
          "iis", out->report_id, unit->records_id, when);
  fl_test_insert (unit, "INSERT INTO outcomes (case_id, candidate_id, recorded_by, recorded_at, outcome)"
                " VALUES (?, ?, ?, ?, 'pending');", "iiis", out->case_id, out->candidate_id, unit->requester_id, when);
}

gint64
fl_test_seed_refused_request (FlTestUnit *unit,
                              const char *when)
{
  return fl_test_insert (unit,
    "INSERT INTO requests (created_at, created_by, requesting_agency, requester_name, phone, email,"
    " agency_case_number, incident_type, reason, purpose, image_count, live_source, ack_name, ack_date,"
    " state, state_reason, decided_at) VALUES (?, ?, 'Example PD', 'Det. Ravi Other', '555-0102',"
    " 'ravi@example.org', 'X-1', 'Protest', 'Watch the protest live to see who is there.',"
    " 'threat to public safety or officials', 1, 1, 'Ravi Other', '2026-01-01', 'refused',"
    " 'real-time monitoring of a live stream without an imminent threat to life', ?);",
    "sis", when, unit->requester2_id, when);
}

