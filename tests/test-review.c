/* test-review.c: comparison checklist, conclusions and blind peer review (R1, R2, R15–R18) */
#include <math.h>
#include <string.h>

#include "fl-case.h"
#include "fl-peer-review.h"
#include "fl-review.h"
#include "fl-search.h"
#include "fl-test-core.h"

typedef struct
{
  FlTestUnit unit;
  gint64     second_id;     /* "sam", trained examiner */
  gint64     third_id;      /* "tess", trained examiner */
  gint64     case_id;
  gint64     original_id;   /* the original probe */
  gint64     enhanced_id;   /* its enhanced version, the one searched */
  gint64     search_id;
  gint64     cand_a;
  gint64     cand_b;
  gint64     cand_c;
  char      *probe_hash;
  char      *enhanced_hash;
} Fixture;

/* ---- helpers ---- */

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
      /* Arguments alternate: a type letter ('i' integer, 's' text) and the value. */
      int type = va_arg (args, int);
      if (type == 'i')
        sqlite3_bind_int64 (stmt, i, va_arg (args, gint64));
      else
        fl_db_bind_text (stmt, i, va_arg (args, const char *));
    }
  va_end (args);
  g_assert_true (fl_db_step_done (f->unit.db, stmt, &error));
  g_assert_no_error (error);
  return sqlite3_last_insert_rowid (fl_db_get_handle (f->unit.db));
}

static gint64
query_int (Fixture    *f,
           const char *sql,
           gint64      a,
           gint64      b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (f->unit.db, sql, &error);

  g_assert_no_error (error);
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, b);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (Fixture    *f,
            const char *sql,
            gint64      a)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (f->unit.db, sql, &error);

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return fl_db_column_dup (stmt, 0);
}

static gint64
audit_count (Fixture    *f,
             const char *action,
             const char *outcome)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (f->unit.db, "SELECT count(*) FROM audit WHERE action = ?"
                                                            " AND outcome = ?;", &error);

  g_assert_no_error (error);
  fl_db_bind_text (stmt, 1, action);
  fl_db_bind_text (stmt, 2, outcome);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
last_audit_details (Fixture    *f,
                    const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (f->unit.db, "SELECT details FROM audit WHERE action = ?"
                                                            " ORDER BY id DESC LIMIT 1;", &error);

  g_assert_no_error (error);
  fl_db_bind_text (stmt, 1, action);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return fl_db_column_dup (stmt, 0);
}

static char *
blob (Fixture    *f,
      const char *name)
{
  char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);

  exec_insert (f, "INSERT INTO blobs (hash, ext, size, created_at) VALUES (?, 'jpg', 1000,"
                  " '2026-03-01T00:00:00.000000Z');", 's', hash);
  return hash;
}

static gint64
add_trained_examiner (Fixture    *f,
                      const char *username,
                      const char *full_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) last_year = g_date_time_add_years (now, -1);
  g_autoptr(GDateTime) next_year = g_date_time_add_years (now, 1);
  g_autofree char *d_last = g_date_time_format (last_year, "%Y-%m-%d");
  g_autofree char *d_next = g_date_time_format (next_year, "%Y-%m-%d");
  gint64 id;

  id = fl_accounts_create_user (f->unit.db, f->unit.admin, username, full_name, FL_TEST_PASSWORD,
                                FL_ROLE_EXAMINER, &error);
  g_assert_no_error (error);
  fl_accounts_add_training (f->unit.admin, id, "LACRIS", "Facial comparison", d_last, d_next, &error);
  g_assert_no_error (error);
  return id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *h_a = NULL, *h_b = NULL, *h_c = NULL;
  gint64 ella, request, req_image, gallery, subj[3], img[3];

  fl_test_unit_setup (&f->unit, data);
  ella = f->unit.examiner_id;
  f->second_id = add_trained_examiner (f, "sam", "Sam Second");
  f->third_id = add_trained_examiner (f, "tess", "Tess Third");

  f->probe_hash = blob (f, "probe");
  f->enhanced_hash = blob (f, "probe-enhanced");
  h_a = blob (f, "candidate-a");
  h_b = blob (f, "candidate-b");
  h_c = blob (f, "candidate-c");

  request = exec_insert (f,
    "INSERT INTO requests (created_at, created_by, requesting_agency, requester_name, phone, email,"
    " agency_case_number, incident_type, reason, purpose, image_count, protected_class_attested, ack_name, ack_date,"
    " state, decided_by, decided_at) VALUES ('2026-03-02T09:15:00.000000Z', ?, 'Example City Police Department',"
    " 'Det. Rita Requester', '213-555-0100', 'rita@example.gov', 'ECPD-26-0001', 'Robbery', 'Armed robbery seen"
    " on store CCTV; a witness saw the suspect leave.', 'Suspect in a criminal offense', 1, 1,"
    " 'Det. Rita Requester', '2026-03-02', 'accepted', ?, '2026-03-02T10:00:00.000000Z');",
    'i', f->unit.requester_id, 'i', ella);
  req_image = exec_insert (f, "INSERT INTO request_images (request_id, hash, filename, source, from_video, kind)"
                              " VALUES (?, ?, 'still.jpg', 'Store CCTV', 1, 'video_still');",
                           'i', request, 's', f->probe_hash);
  f->case_id = exec_insert (f, "INSERT INTO cases (fr_number, request_id, examiner_id, state, opened_at)"
                               " VALUES ('FR-2026-000007', ?, ?, 'review', '2026-03-02T10:00:00.000000Z');",
                            'i', request, 'i', ella);
  f->original_id = exec_insert (f, "INSERT INTO probes (case_id, request_image_id, hash, filename, added_by, added_at,"
                                   " suitability, judged_by, judged_at) VALUES (?, ?, ?, 'still.jpg', ?,"
                                   " '2026-03-02T10:05:00.000000Z', 'suitable', ?, '2026-03-02T10:06:00.000000Z');",
                                'i', f->case_id, 'i', req_image, 's', f->probe_hash, 'i', ella, 'i', ella);
  f->enhanced_id = exec_insert (f, "INSERT INTO probes (case_id, parent_id, hash, filename, added_by, added_at,"
                                   " suitability, judged_by, judged_at) VALUES (?, ?, ?, 'still-enhanced.png', ?,"
                                   " '2026-03-02T10:10:00.000000Z', 'suitable', ?, '2026-03-02T10:11:00.000000Z');",
                                'i', f->case_id, 'i', f->original_id, 's', f->enhanced_hash, 'i', ella, 'i', ella);

  gallery = exec_insert (f, "INSERT INTO galleries (name, provenance, lawful_basis, created_at) VALUES"
                            " ('County booking photos', 'Booking system export', 'Booking photographs',"
                            " '2026-01-10T08:00:00.000000Z');");
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *ext_id = g_strdup_printf ("BK-%d", 1000 + i);
      subj[i] = exec_insert (f, "INSERT INTO subjects (gallery_id, external_id) VALUES (?, ?);",
                             'i', gallery, 's', ext_id);
      img[i] = exec_insert (f, "INSERT INTO gallery_images (subject_id, hash, source_file, added_at)"
                               " VALUES (?, ?, 'bk.jpg', '2026-01-10T08:00:00.000000Z');",
                            'i', subj[i], 's', i == 0 ? h_a : i == 1 ? h_b : h_c);
    }
  f->search_id = exec_insert (f, "INSERT INTO searches (case_id, probe_id, examiner_id, started_at, incident_type,"
                                 " purpose, justification, galleries, matcher_version, k, templates_scanned,"
                                 " candidate_count, blind) VALUES (?, ?, ?, '2026-03-02T10:20:00.000000Z', 'Robbery',"
                                 " 'Suspect in a criminal offense', 'Request accepted', 'County booking photos',"
                                 " 'test', 3, 3, 3, 1);",
                              'i', f->case_id, 'i', f->enhanced_id, 'i', ella);
  exec_insert (f, "INSERT INTO search_galleries (search_id, gallery_id) VALUES (?, ?);",
               'i', f->search_id, 'i', gallery);
  f->cand_a = exec_insert (f, "INSERT INTO candidates (search_id, rank, score, blind_order, gallery_image_id,"
                              " subject_id) VALUES (?, 1, 0.93, 3, ?, ?);", 'i', f->search_id, 'i', img[0], 'i', subj[0]);
  f->cand_b = exec_insert (f, "INSERT INTO candidates (search_id, rank, score, blind_order, gallery_image_id,"
                              " subject_id) VALUES (?, 2, 0.91, 1, ?, ?);", 'i', f->search_id, 'i', img[1], 'i', subj[1]);
  f->cand_c = exec_insert (f, "INSERT INTO candidates (search_id, rank, score, blind_order, gallery_image_id,"
                              " subject_id) VALUES (?, 3, 0.88, 2, ?, ?);", 'i', f->search_id, 'i', img[2], 'i', subj[2]);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->probe_hash);
  g_free (f->enhanced_hash);
  fl_test_unit_teardown (&f->unit, data);
}

/* Answers every feature: "similar" for those in @similar, else @rest; skips @skip. */
static void
answer_features (FlSession    *session,
                 gint64        candidate_id,
                 const char   *similar,
                 FlAssessment  rest,
                 const char   *skip)
{
  guint n;
  const FlReviewFeature *features = fl_review_features (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) sim = g_strsplit (similar ? similar : "", ",", -1);

      if (skip && g_str_equal (features[i].id, skip))
        continue;
      fl_review_record_feature (session, candidate_id, features[i].id,
                                g_strv_contains ((const char * const *) sim, features[i].id)
                                  ? FL_ASSESSMENT_SIMILAR : rest,
                                "", &error);
      g_assert_no_error (error);
    }
}

static void
view (FlSession *session,
      gint64     candidate_id,
      gint64     probe_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fl_review_mark_viewed (session, candidate_id, probe_id, &error));
  g_assert_no_error (error);
}

/* Ella compares candidate A fully and concludes a possible lead; returns the peer review id. */
static gint64
ella_lead (Fixture   *f,
           FlSession *ella,
           gint64     candidate_id)
{
  g_autoptr(GError) error = NULL;

  view (ella, candidate_id, f->original_id);
  answer_features (ella, candidate_id, "eyes,nose,eyebrows,ears", FL_ASSESSMENT_NOT_ASSESSABLE, NULL);
  g_assert_true (fl_review_conclude (ella, candidate_id, FL_CONCLUSION_POSSIBLE_LEAD, "Consistent features", &error));
  g_assert_no_error (error);
  return query_int (f, "SELECT id FROM peer_reviews WHERE candidate_id = ? ORDER BY id DESC LIMIT 1;",
                    candidate_id, 0);
}

static gboolean
contains_forbidden_word (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);

  return strstr (lower, "match") != NULL || strstr (lower, "identif") != NULL;
}

/* ---- vocabulary (R15, R18) ---- */

static void
test_vocabulary (void)
{
  static const char * const r15[] = { "eyes", "ears", "nose", "mouth", "chin", "lips", "eyebrows", "hair",
                                      "scars", "marks", "tattoos" };
  guint n;
  const FlReviewFeature *features = fl_review_features (&n);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean keys[256] = { FALSE };
  FlConclusion parsed;

  g_assert_cmpuint (n, >=, 19);
  for (guint i = 0; i < n; i++)
    {
      guchar key = (guchar) features[i].shortcut;

      g_assert_false (contains_forbidden_word (fl_review_feature_label (&features[i])));
      g_assert_false (contains_forbidden_word (fl_review_feature_description (&features[i])));
      g_assert_false (contains_forbidden_word (features[i].id));
      g_assert_true (g_hash_table_add (ids, (gpointer) features[i].id));
      g_assert_true (g_ascii_islower (key));
      g_assert_false (keys[key]);
      keys[key] = TRUE;
      g_assert_true (fl_review_feature_lookup (features[i].id) == &features[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (r15); i++)
    g_assert_true (g_hash_table_contains (ids, r15[i]));
  g_assert_null (fl_review_feature_lookup ("scars_marks_tattoos"));

  for (FlConclusion c = FL_CONCLUSION_NONE; c <= FL_CONCLUSION_LAST; c++)
    {
      g_assert_false (contains_forbidden_word (fl_conclusion_label (c)));
      if (c != FL_CONCLUSION_NONE)
        {
          g_assert_false (contains_forbidden_word (fl_conclusion_to_string (c)));
          g_assert_true (fl_conclusion_from_string (fl_conclusion_to_string (c), &parsed));
          g_assert_cmpint (parsed, ==, c);
        }
    }
  for (FlAssessment a = FL_ASSESSMENT_NONE; a <= FL_ASSESSMENT_LAST; a++)
    g_assert_false (contains_forbidden_word (fl_assessment_label (a)));
  for (FlPeerReviewState s = FL_PEER_REVIEW_PENDING; s <= FL_PEER_REVIEW_NOT_PRACTICABLE; s++)
    g_assert_false (contains_forbidden_word (fl_peer_review_state_label (s)));
  g_assert_cmpstr (fl_conclusion_label (FL_CONCLUSION_POSSIBLE_LEAD), ==, "Possible investigative lead");
  g_assert_false (fl_conclusion_from_string ("match", &parsed));
  g_assert_false (fl_conclusion_from_string ("identification", &parsed));
  /* The checker itself must catch the words it guards against. */
  g_assert_true (contains_forbidden_word ("Positive Identification"));
  g_assert_true (contains_forbidden_word ("Match"));
}

/* ---- conclusions ---- */

static void
test_lead_needs_complete_checklist (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;

  view (ella, f->cand_a, f->original_id);
  answer_features (ella, f->cand_a, "eyes,nose", FL_ASSESSMENT_DISSIMILAR, "ears");

  g_assert_false (fl_review_conclude (ella, f->cand_a, FL_CONCLUSION_POSSIBLE_LEAD, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_assert_nonnull (strstr (error->message, "Ears"));
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM conclusions WHERE candidate_id = ?;", f->cand_a, 0), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM peer_reviews;", 0, 0), ==, 0);
  g_assert_cmpint (audit_count (f, "review.conclude", "refused"), ==, 1);

  /* Complete, but nothing observed as similar: still no lead. */
  answer_features (ella, f->cand_a, NULL, FL_ASSESSMENT_NOT_ASSESSABLE, NULL);
  g_assert_false (fl_review_conclude (ella, f->cand_a, FL_CONCLUSION_POSSIBLE_LEAD, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);

  g_assert_true (fl_review_record_feature (ella, f->cand_a, "eyes", FL_ASSESSMENT_SIMILAR, "Shape and spacing", &error));
  g_assert_no_error (error);
  g_assert_true (fl_review_conclude (ella, f->cand_a, FL_CONCLUSION_POSSIBLE_LEAD, "Eyes consistent", &error));
  g_assert_no_error (error);

  /* Saved in the core and the audit trail; a pending peer review; the case waits for it. */
  g_autofree char *stored = query_text (f, "SELECT conclusion FROM conclusions WHERE candidate_id = ?;", f->cand_a);
  g_assert_cmpstr (stored, ==, "possible_lead");
  g_autofree char *pr_state = query_text (f, "SELECT state FROM peer_reviews WHERE candidate_id = ?;", f->cand_a);
  g_assert_cmpstr (pr_state, ==, "pending");
  g_autofree char *case_state = query_text (f, "SELECT state FROM cases WHERE id = ?;", f->case_id);
  g_assert_cmpstr (case_state, ==, "peer_review");
  details = last_audit_details (f, "review.conclude");
  g_assert_nonnull (strstr (details, "possible_lead"));
  g_assert_nonnull (strstr (details, "eyes: similar"));
  g_assert_cmpint (audit_count (f, "peer_review.request", "success"), ==, 1);
  g_assert_cmpint (audit_count (f, "case.state", "success"), ==, 1);
  g_assert_cmpint (audit_count (f, "review.feature", "success"), ==, 18 + 19 + 1);

  /* Excluding another candidate needs no checklist, only the original probe. */
  view (ella, f->cand_b, f->original_id);
  g_assert_true (fl_review_conclude (ella, f->cand_b, FL_CONCLUSION_EXCLUDED, "Different ear shape", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM peer_reviews WHERE candidate_id = ?;", f->cand_b, 0), ==, 0);
}

static void
test_conclusion_needs_original (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;

  view (ella, f->cand_a, f->enhanced_id);
  details = last_audit_details (f, "review.view");
  g_assert_nonnull (strstr (details, "\"original\":\"no (enhanced)\""));
  answer_features (ella, f->cand_a, "eyes", FL_ASSESSMENT_SIMILAR, NULL);

  for (FlConclusion c = FL_CONCLUSION_POSSIBLE_LEAD; c <= FL_CONCLUSION_LAST; c++)
    {
      g_assert_false (fl_review_conclude (ella, f->cand_a, c, NULL, &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
      g_assert_nonnull (strstr (error->message, "ORIGINAL"));
      g_clear_error (&error);
    }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM conclusions;", 0, 0), ==, 0);

  /* The original shown beside ANOTHER candidate does not count for this one. */
  view (ella, f->cand_b, f->original_id);
  g_assert_false (fl_review_conclude (ella, f->cand_a, FL_CONCLUSION_EXCLUDED, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);

  view (ella, f->cand_a, f->original_id);
  g_free (details);
  details = last_audit_details (f, "review.view");
  g_assert_nonnull (strstr (details, "\"original\":\"yes\""));
  /* Showing it again is not a new record. */
  view (ella, f->cand_a, f->original_id);
  g_assert_cmpint (audit_count (f, "review.view", "success"), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM comparison_views WHERE candidate_id = ?;", f->cand_a, 0), ==, 2);
  g_assert_true (fl_review_conclude (ella, f->cand_a, FL_CONCLUSION_POSSIBLE_LEAD, NULL, &error));
  g_assert_no_error (error);

  /* A probe of another case cannot be marked as viewed. */
  g_assert_false (fl_review_mark_viewed (ella, f->cand_c, 999999, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
}

static void
test_training_required (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const users[] = { "uma", "eddie" };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr(FlSession) session = fl_test_unit_login (&f->unit, users[i]);
      g_autoptr(GError) error = NULL;
      gint64 user_id = fl_session_get_user_id (session);

      /* Even as the case's own examiner (R1). */
      exec_insert (f, "UPDATE cases SET examiner_id = ? WHERE id = ?;", 'i', user_id, 'i', f->case_id);
      g_assert_false (fl_review_mark_viewed (session, f->cand_a, f->original_id, &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
      g_assert_nonnull (strstr (error->message, "training"));
      g_clear_error (&error);
      g_assert_false (fl_review_record_feature (session, f->cand_a, "eyes", FL_ASSESSMENT_SIMILAR, NULL, &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
      g_clear_error (&error);
      g_assert_false (fl_review_conclude (session, f->cand_a, FL_CONCLUSION_EXCLUDED, NULL, &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
      g_clear_error (&error);
      g_assert_false (fl_review_set_manual_landmark (session, f->probe_hash, 36, 10, 20, &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
      g_clear_error (&error);
      g_assert_null (fl_peer_review_queue (session, &error));
      g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
    }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM comparisons;", 0, 0), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM comparison_views;", 0, 0), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM conclusions;", 0, 0), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM manual_landmarks;", 0, 0), ==, 0);
  g_assert_cmpint (audit_count (f, "review.conclude", "refused"), ==, 2);

  /* A requester is no examiner at all. */
  {
    g_autoptr(FlSession) rita = fl_test_unit_login (&f->unit, "rita");
    g_autoptr(GError) error = NULL;

    g_assert_null (fl_review_get_checklist (rita, f->cand_a, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  }
}

static void
test_only_case_examiner (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FlSession) sam = fl_test_unit_login (&f->unit, "sam");
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(GError) error = NULL;

  g_assert_false (fl_review_record_feature (sam, f->cand_a, "eyes", FL_ASSESSMENT_SIMILAR, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (fl_review_record_feature (ella, f->cand_a, "nostrils", FL_ASSESSMENT_SIMILAR, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_review_record_feature (ella, f->cand_a, "eyes", FL_ASSESSMENT_NONE, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_review_conclude (ella, 424242, FL_CONCLUSION_EXCLUDED, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Outside review and peer review the candidates are not concluded. */
  exec_insert (f, "UPDATE cases SET state = 'reported' WHERE id = ?;", 'i', f->case_id);
  g_assert_false (fl_review_mark_viewed (ella, f->cand_a, f->original_id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
}

static void
test_checklist_is_own (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  guint n;

  fl_review_features (&n);
  g_assert_true (fl_review_record_feature (ella, f->cand_a, "ears", FL_ASSESSMENT_DISSIMILAR, " Lobe attached ", &error));
  g_assert_no_error (error);
  g_assert_true (fl_review_record_feature (ella, f->cand_a, "ears", FL_ASSESSMENT_NOT_ASSESSABLE, "Hidden", &error));
  g_assert_no_error (error);
  /* Another examiner's answers are in the table but never in ella's checklist. */
  exec_insert (f, "INSERT INTO comparisons (candidate_id, examiner_id, feature, assessment, recorded_at)"
                  " VALUES (?, ?, 'nose', 'similar', '2026-03-03T00:00:00.000000Z');", 'i', f->cand_a, 'i', f->second_id);

  list = fl_review_get_checklist (ella, f->cand_a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, n);
  for (guint i = 0; i < list->len; i++)
    {
      FlReviewAnswer *answer = g_ptr_array_index (list, i);

      if (g_str_equal (answer->feature->id, "ears"))
        {
          g_assert_cmpint (answer->assessment, ==, FL_ASSESSMENT_NOT_ASSESSABLE);
          g_assert_cmpstr (answer->note, ==, "Hidden");
        }
      else
        {
          g_assert_cmpint (answer->assessment, ==, FL_ASSESSMENT_NONE);
          g_assert_null (answer->recorded_at);
        }
    }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM comparisons WHERE examiner_id = ?;", f->unit.examiner_id, 0),
                   ==, 1);
}

/* ---- the grid (R16) ---- */

static void
test_grid_states (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) blind = NULL;
  g_autoptr(GHashTable) states = NULL;
  FlConclusion state = FL_CONCLUSION_EXCLUDED;
  gint64 key;

  g_assert_true (fl_review_candidate_state (ella, f->cand_b, &state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, FL_CONCLUSION_NONE);
  g_assert_cmpstr (fl_conclusion_label (state), ==, "Not yet evaluated");

  view (ella, f->cand_b, f->original_id);
  view (ella, f->cand_c, f->original_id);
  g_assert_true (fl_review_conclude (ella, f->cand_b, FL_CONCLUSION_EXCLUDED, NULL, &error));
  g_assert_true (fl_review_conclude (ella, f->cand_c, FL_CONCLUSION_INCONCLUSIVE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fl_review_candidate_state (ella, f->cand_b, &state, &error));
  g_assert_cmpint (state, ==, FL_CONCLUSION_EXCLUDED);

  /* The blind list has no rank or score and is not in rank order. */
  blind = fl_search_list_candidates (ella, f->search_id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blind->len, ==, 3);
  for (guint i = 0; i < blind->len; i++)
    {
      FlCandidate *c = g_ptr_array_index (blind, i);

      g_assert_cmpint (c->rank, ==, -1);
      g_assert_true (isnan (c->score));
      g_assert_cmpint (c->blind_order, ==, (int) i + 1);
    }
  g_assert_cmpint (((FlCandidate *) g_ptr_array_index (blind, 0))->id, ==, f->cand_b);

  states = fl_review_search_states (ella, f->search_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (states), ==, 2);
  key = f->cand_c;
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (states, &key)), ==, FL_CONCLUSION_INCONCLUSIVE);
  key = f->cand_a;
  g_assert_false (g_hash_table_contains (states, &key));

  /* Someone else's grid shows their own (empty) states. */
  {
    g_autoptr(FlSession) sam = fl_test_unit_login (&f->unit, "sam");
    g_autoptr(GHashTable) others = fl_review_search_states (sam, f->search_id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_hash_table_size (others), ==, 0);
  }
}

/* ---- manual landmarks ---- */

static void
test_manual_landmarks (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(FlSession) sam = fl_test_unit_login (&f->unit, "sam");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) sams = NULL;
  g_autofree char *details = NULL;
  g_autofree char *unknown = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "nowhere", -1);

  g_assert_true (fl_review_set_manual_landmark (ella, f->probe_hash, 36, 101.5, 88.25, &error));
  g_assert_no_error (error);
  g_assert_true (fl_review_set_manual_landmark (ella, f->probe_hash, 45, 160, 87, &error));
  g_assert_true (fl_review_set_manual_landmark (ella, f->probe_hash, 36, 102, 89, &error));  /* moved */
  g_assert_no_error (error);
  g_assert_true (fl_review_set_manual_landmark (sam, f->probe_hash, 36, 99, 90, &error));
  g_assert_no_error (error);

  points = fl_review_get_manual_landmarks (ella, f->probe_hash, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 2);
  g_assert_cmpuint (g_array_index (points, FlManualLandmark, 0).point, ==, 36);
  g_assert_cmpfloat (g_array_index (points, FlManualLandmark, 0).x, ==, 102);
  g_assert_cmpfloat (g_array_index (points, FlManualLandmark, 0).y, ==, 89);
  g_assert_cmpuint (g_array_index (points, FlManualLandmark, 1).point, ==, 45);
  sams = fl_review_get_manual_landmarks (sam, f->probe_hash, &error);
  g_assert_cmpuint (sams->len, ==, 1);
  g_assert_cmpfloat (g_array_index (sams, FlManualLandmark, 0).x, ==, 99);

  /* In the audit trail, against the probe's case. */
  g_assert_cmpint (audit_count (f, "review.landmark", "success"), ==, 4);
  details = last_audit_details (f, "review.landmark");
  g_assert_nonnull (strstr (details, f->probe_hash));
  g_assert_nonnull (strstr (details, "\"point\":\"36\""));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'review.landmark' AND case_id = ?;",
                              f->case_id, 0), ==, 4);

  g_assert_false (fl_review_set_manual_landmark (ella, f->probe_hash, 68, 1, 1, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_review_set_manual_landmark (ella, f->probe_hash, 1, NAN, 1, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_review_set_manual_landmark (ella, unknown, 1, 1, 1, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* A sealed gallery record is no longer annotated (R13). */
  exec_insert (f, "UPDATE subjects SET sealed = 1 WHERE id = (SELECT subject_id FROM candidates WHERE id = ?);",
               'i', f->cand_a);
  {
    g_autofree char *hash = query_text (f, "SELECT gi.hash FROM candidates ca JOIN gallery_images gi"
                                           " ON gi.id = ca.gallery_image_id WHERE ca.id = ?;", f->cand_a);
    g_assert_false (fl_review_set_manual_landmark (ella, hash, 1, 1, 1, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM manual_landmarks;", 0, 0), ==, 3);
}

/* ---- peer review (R2, R17) ---- */

static void
test_peer_self_review_refused (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(FlSession) tess = fl_test_unit_login (&f->unit, "tess");
  g_autoptr(FlSession) uma = fl_test_unit_login (&f->unit, "uma");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  gint64 id = ella_lead (f, ella, f->cand_a);

  queue = fl_peer_review_queue (ella, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 0);
  g_assert_null (fl_peer_review_open (ella, id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  g_assert_false (fl_peer_review_record (ella, id, FL_CONCLUSION_POSSIBLE_LEAD, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);

  /* The case's assigned examiner is refused too, even when the lead is someone else's. */
  exec_insert (f, "UPDATE cases SET examiner_id = ? WHERE id = ?;", 'i', f->third_id, 'i', f->case_id);
  g_clear_pointer (&queue, g_ptr_array_unref);
  queue = fl_peer_review_queue (tess, &error);
  g_assert_cmpuint (queue->len, ==, 0);
  g_assert_null (fl_peer_review_open (tess, id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);

  g_assert_null (fl_peer_review_open (uma, id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (audit_count (f, "peer_review.open", "refused"), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM peer_reviews WHERE second_examiner_id IS NOT NULL;", 0, 0),
                   ==, 0);
}

static void
test_peer_blind_rule (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(FlSession) sam = fl_test_unit_login (&f->unit, "sam");
  g_autoptr(FlSession) tess = fl_test_unit_login (&f->unit, "tess");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(FlPeerReview) review = NULL;
  g_autoptr(FlReviewOpinion) first = NULL;
  g_autoptr(GPtrArray) own = NULL;
  FlConclusion state = FL_CONCLUSION_EXCLUDED;
  gint64 id = ella_lead (f, ella, f->cand_a);

  g_assert_true (fl_peer_review_blinds (sam, f->case_id));
  g_assert_false (fl_peer_review_blinds (ella, f->case_id));
  queue = fl_peer_review_queue (sam, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 1);
  g_assert_cmpint (((FlPeerReview *) g_ptr_array_index (queue, 0))->id, ==, id);

  review = fl_peer_review_open (sam, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (review->candidate_id, ==, f->cand_a);
  g_assert_cmpint (review->original_probe_id, ==, f->original_id);
  g_assert_cmpint (review->searched_probe_id, ==, f->enhanced_id);
  g_assert_cmpint (review->state, ==, FL_PEER_REVIEW_PENDING);

  /* Blind: nothing of ella's opinion reaches sam before his own record. */
  g_assert_null (fl_peer_review_get_first_opinion (sam, id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  own = fl_review_get_checklist (sam, f->cand_a, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < own->len; i++)
    g_assert_cmpint (((FlReviewAnswer *) g_ptr_array_index (own, i))->assessment, ==, FL_ASSESSMENT_NONE);
  g_assert_true (fl_review_candidate_state (sam, f->cand_a, &state, &error));
  g_assert_cmpint (state, ==, FL_CONCLUSION_NONE);
  /* Nor to a third examiner, at any time. */
  g_assert_null (fl_peer_review_get_first_opinion (tess, id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  /* The review is held: tess can neither take it nor see it in her queue. */
  g_assert_null (fl_peer_review_open (tess, id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);

  /* Sam's record needs his own complete comparison against the original. */
  g_assert_false (fl_peer_review_record (sam, id, FL_CONCLUSION_EXCLUDED, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  view (sam, f->cand_a, f->original_id);
  answer_features (sam, f->cand_a, "eyes", FL_ASSESSMENT_DISSIMILAR, "chin");
  g_assert_false (fl_peer_review_record (sam, id, FL_CONCLUSION_EXCLUDED, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  /* Recording a conclusion the ordinary way is not open to him. */
  g_assert_false (fl_review_conclude (sam, f->cand_a, FL_CONCLUSION_EXCLUDED, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  g_assert_null (fl_peer_review_get_first_opinion (sam, id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  /* Ella does not see sam's unfinished work either. */
  g_assert_null (fl_peer_review_get_second_opinion (ella, id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);

  g_assert_true (fl_review_record_feature (sam, f->cand_a, "chin", FL_ASSESSMENT_SIMILAR, NULL, &error));
  g_assert_true (fl_peer_review_record (sam, id, FL_CONCLUSION_POSSIBLE_LEAD, "Agree on eyes and chin", &error));
  g_assert_no_error (error);

  first = fl_peer_review_get_first_opinion (sam, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->examiner_id, ==, f->unit.examiner_id);
  g_assert_cmpint (first->conclusion, ==, FL_CONCLUSION_POSSIBLE_LEAD);
  g_assert_cmpstr (first->note, ==, "Consistent features");
  g_assert_cmpint (((FlReviewAnswer *) g_ptr_array_index (first->checklist, 0))->assessment, !=, FL_ASSESSMENT_NONE);
  g_assert_cmpint (audit_count (f, "peer_review.first_opinion", "refused"), ==, 3);
  g_assert_false (fl_peer_review_blinds (sam, f->case_id));

  /* Decided: a second record and further changes of sam's checklist are refused. */
  g_assert_false (fl_peer_review_record (sam, id, FL_CONCLUSION_EXCLUDED, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_review_record_feature (sam, f->cand_a, "eyes", FL_ASSESSMENT_DISSIMILAR, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
}

/* The case history keeps the first opinion from whoever may still review it blind (R17). */
static guint
review_entries (FlSession  *session,
                gint64      case_id,
                const char *needle,
                guint      *n_with_needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) timeline = fl_case_timeline (session, case_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  *n_with_needle = 0;
  for (guint i = 0; i < timeline->len; i++)
    {
      FlTimelineEntry *entry = g_ptr_array_index (timeline, i);

      if (!g_str_has_prefix (entry->action, "review.") && !g_str_has_prefix (entry->action, "peer_review."))
        continue;
      n++;
      if (strstr (entry->details, needle) != NULL || strstr (entry->summary, needle) != NULL)
        (*n_with_needle)++;
    }
  return n;
}

static void
test_peer_blind_timeline (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(FlSession) sam = fl_test_unit_login (&f->unit, "sam");
  g_autoptr(FlSession) tess = fl_test_unit_login (&f->unit, "tess");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlPeerReview) review = NULL;
  gint64 id = ella_lead (f, ella, f->cand_a);
  guint n_ella, n_sam, n_tess, leak_ella, leak_sam, leak_tess;

  /* Ella sees her own conclusion and answers in the history; sam and tess see
   * that review steps happened, but not what was concluded or answered. */
  n_ella = review_entries (ella, f->case_id, "possible_lead", &leak_ella);
  g_assert_cmpuint (n_ella, >=, 21);
  g_assert_cmpuint (leak_ella, >=, 1);
  n_sam = review_entries (sam, f->case_id, "possible_lead", &leak_sam);
  g_assert_cmpuint (n_sam, ==, n_ella);
  g_assert_cmpuint (leak_sam, ==, 0);
  g_assert_cmpuint (review_entries (sam, f->case_id, "similar", &leak_sam), ==, n_ella);
  g_assert_cmpuint (leak_sam, ==, 0);
  g_assert_cmpuint (review_entries (sam, f->case_id, "Consistent", &leak_sam), ==, n_ella);
  g_assert_cmpuint (leak_sam, ==, 0);
  n_tess = review_entries (tess, f->case_id, "possible_lead", &leak_tess);
  g_assert_cmpuint (n_tess, ==, n_ella);
  g_assert_cmpuint (leak_tess, ==, 0);

  /* Once sam has recorded his own opinion he is no longer blind. */
  review = fl_peer_review_open (sam, id, &error);
  g_assert_no_error (error);
  view (sam, f->cand_a, f->original_id);
  answer_features (sam, f->cand_a, "eyes", FL_ASSESSMENT_NOT_ASSESSABLE, NULL);
  g_assert_true (fl_peer_review_record (sam, id, FL_CONCLUSION_POSSIBLE_LEAD, "Agree", &error));
  g_assert_no_error (error);
  g_assert_false (fl_peer_review_blinds (sam, f->case_id));
  review_entries (sam, f->case_id, "possible_lead", &leak_sam);
  g_assert_cmpuint (leak_sam, >=, 1);
}

static void
test_peer_agreement_reportable (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(FlSession) sam = fl_test_unit_login (&f->unit, "sam");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlPeerReview) review = NULL;
  g_autoptr(FlPeerReview) latest = NULL;
  g_autofree char *why = NULL;
  g_autofree char *details = NULL;
  gint64 id = ella_lead (f, ella, f->cand_a);

  g_assert_false (fl_peer_review_lead_reportable (f->unit.db, f->cand_a, &why));
  g_assert_nonnull (strstr (why, "pending"));
  g_clear_pointer (&why, g_free);
  g_assert_false (fl_peer_review_lead_reportable (f->unit.db, f->cand_b, &why));
  g_clear_pointer (&why, g_free);

  /* Ella's opinion is locked while it is under review. */
  g_assert_false (fl_review_conclude (ella, f->cand_a, FL_CONCLUSION_EXCLUDED, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  g_assert_false (fl_review_record_feature (ella, f->cand_a, "eyes", FL_ASSESSMENT_DISSIMILAR, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);

  review = fl_peer_review_open (sam, id, &error);
  g_assert_no_error (error);
  view (sam, f->cand_a, f->original_id);
  answer_features (sam, f->cand_a, "eyes,ears", FL_ASSESSMENT_NOT_ASSESSABLE, NULL);
  g_assert_true (fl_peer_review_record (sam, id, FL_CONCLUSION_POSSIBLE_LEAD, NULL, &error));
  g_assert_no_error (error);

  latest = fl_peer_review_get_latest (ella, f->cand_a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (latest->state, ==, FL_PEER_REVIEW_AGREED);
  g_assert_cmpint (latest->second_examiner_id, ==, f->second_id);
  g_assert_nonnull (latest->decided_at);
  g_assert_true (fl_peer_review_lead_reportable (f->unit.db, f->cand_a, NULL));
  g_autofree char *case_state = query_text (f, "SELECT state FROM cases WHERE id = ?;", f->case_id);
  g_assert_cmpstr (case_state, ==, "peer_review");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM conclusions WHERE candidate_id = ? AND"
                                 " conclusion = 'possible_lead';", f->cand_a, 0), ==, 2);
  details = last_audit_details (f, "peer_review.record");
  g_assert_nonnull (strstr (details, "\"result\":\"agreed\""));
  g_assert_nonnull (strstr (details, "ears: similar"));

  /* Agreed is final for ella's opinion too. */
  g_assert_false (fl_review_conclude (ella, f->cand_a, FL_CONCLUSION_INCONCLUSIVE, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);

  /* Every write above kept the audit chain intact (R22). */
  {
    FlAuditVerdict verdict = { 0 };

    g_assert_true (fl_audit_verify (f->unit.db, &verdict, NULL));
    g_assert_cmpint (verdict.first_bad_id, ==, 0);
    g_assert_cmpint (verdict.rows, >, 40);
    fl_audit_verdict_clear (&verdict);
  }
}

static void
test_peer_disagreement_back_to_review (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(FlSession) sam = fl_test_unit_login (&f->unit, "sam");
  g_autoptr(FlSession) tess = fl_test_unit_login (&f->unit, "tess");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlPeerReview) review = NULL;
  g_autoptr(FlPeerReview) again = NULL;
  g_autoptr(FlReviewOpinion) second = NULL;
  g_autoptr(GPtrArray) sam_queue = NULL;
  g_autofree char *why = NULL;
  gint64 id = ella_lead (f, ella, f->cand_a);
  gint64 id2;

  review = fl_peer_review_open (sam, id, &error);
  g_assert_no_error (error);
  view (sam, f->cand_a, f->original_id);
  answer_features (sam, f->cand_a, "eyes", FL_ASSESSMENT_DISSIMILAR, NULL);
  g_assert_true (fl_peer_review_record (sam, id, FL_CONCLUSION_EXCLUDED, "Ear shape and chin differ", &error));
  g_assert_no_error (error);

  /* Back to review, both opinions kept. */
  g_autofree char *case_state = query_text (f, "SELECT state FROM cases WHERE id = ?;", f->case_id);
  g_assert_cmpstr (case_state, ==, "review");
  g_autofree char *pr_state = query_text (f, "SELECT state FROM peer_reviews WHERE id = ?;", id);
  g_assert_cmpstr (pr_state, ==, "disagreed");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM conclusions WHERE candidate_id = ? AND examiner_id = ?"
                                 " AND conclusion = 'possible_lead';", f->cand_a, f->unit.examiner_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM conclusions WHERE candidate_id = ? AND examiner_id = ?"
                                 " AND conclusion = 'excluded';", f->cand_a, f->second_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'case.state' AND user_id = ?"
                                 " AND details LIKE '%\"to\":\"review\"%';", f->second_id, 0), ==, 1);
  g_assert_false (fl_peer_review_lead_reportable (f->unit.db, f->cand_a, &why));
  g_assert_nonnull (strstr (why, "did not agree"));

  second = fl_peer_review_get_second_opinion (ella, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->conclusion, ==, FL_CONCLUSION_EXCLUDED);
  g_assert_cmpstr (second->note, ==, "Ear shape and chin differ");

  /* Ella may conclude again; a renewed lead needs a new blind review by someone still blind. */
  g_assert_true (fl_review_conclude (ella, f->cand_a, FL_CONCLUSION_POSSIBLE_LEAD, "Scar above the brow", &error));
  g_assert_no_error (error);
  id2 = query_int (f, "SELECT max(id) FROM peer_reviews WHERE candidate_id = ?;", f->cand_a, 0);
  g_assert_cmpint (id2, !=, id);
  g_autofree char *case_state2 = query_text (f, "SELECT state FROM cases WHERE id = ?;", f->case_id);
  g_assert_cmpstr (case_state2, ==, "peer_review");
  g_assert_false (fl_peer_review_not_practicable (ella, f->cand_a, "No other examiner is available this week.",
                                                  &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  sam_queue = fl_peer_review_queue (sam, &error);
  g_assert_cmpuint (sam_queue->len, ==, 0);
  g_assert_null (fl_peer_review_open (sam, id2, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  again = fl_peer_review_open (tess, id2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->id, ==, id2);
}

static void
test_peer_not_practicable (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FlSession) ella = fl_test_unit_login (&f->unit, "ella");
  g_autoptr(FlSession) sam = fl_test_unit_login (&f->unit, "sam");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlPeerReview) opened = NULL;
  g_autoptr(FlPeerReview) latest = NULL;
  g_autofree char *details = NULL;
  const char *reason = "Only one trained examiner is on duty and the threat to life is imminent.";
  gint64 id_a = ella_lead (f, ella, f->cand_a);
  gint64 id_b = ella_lead (f, ella, f->cand_b);

  /* No candidate without a lead. */
  g_assert_false (fl_peer_review_not_practicable (ella, f->cand_c, reason, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);

  /* A reason is required. */
  g_assert_false (fl_peer_review_not_practicable (ella, f->cand_b, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fl_peer_review_not_practicable (ella, f->cand_b, "   busy   ", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  /* Only the first examiner records it. */
  g_assert_false (fl_peer_review_not_practicable (sam, f->cand_b, reason, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (fl_peer_review_lead_reportable (f->unit.db, f->cand_b, NULL));

  /* Not while a second examiner is already reviewing. */
  opened = fl_peer_review_open (sam, id_a, &error);
  g_assert_no_error (error);
  g_assert_false (fl_peer_review_not_practicable (ella, f->cand_a, reason, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);

  g_assert_true (fl_peer_review_not_practicable (ella, f->cand_b, reason, &error));
  g_assert_no_error (error);
  latest = fl_peer_review_get_latest (ella, f->cand_b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (latest->id, ==, id_b);
  g_assert_cmpint (latest->state, ==, FL_PEER_REVIEW_NOT_PRACTICABLE);
  g_assert_cmpstr (latest->not_practicable_reason, ==, reason);
  g_assert_true (fl_peer_review_lead_reportable (f->unit.db, f->cand_b, NULL));
  details = last_audit_details (f, "peer_review.not_practicable");
  g_assert_nonnull (strstr (details, "imminent"));
  g_assert_cmpint (audit_count (f, "peer_review.not_practicable", "refused"), ==, 5);
  /* Decided: nobody can take it from the queue any more. */
  g_assert_null (fl_peer_review_open (sam, id_b, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  g_test_add_func ("/review/vocabulary", test_vocabulary);
  ADD ("/review/lead/needs-complete-checklist", test_lead_needs_complete_checklist);
  ADD ("/review/conclusion/needs-original-probe", test_conclusion_needs_original);
  ADD ("/review/training-required", test_training_required);
  ADD ("/review/only-case-examiner", test_only_case_examiner);
  ADD ("/review/checklist/own-answers-only", test_checklist_is_own);
  ADD ("/review/grid/states-and-blind-list", test_grid_states);
  ADD ("/review/manual-landmarks", test_manual_landmarks);
  ADD ("/peer-review/self-review-refused", test_peer_self_review_refused);
  ADD ("/peer-review/blind-rule", test_peer_blind_rule);
  ADD ("/peer-review/blind-timeline", test_peer_blind_timeline);
  ADD ("/peer-review/agreement-reportable", test_peer_agreement_reportable);
  ADD ("/peer-review/disagreement-back-to-review", test_peer_disagreement_back_to_review);
  ADD ("/peer-review/not-practicable-needs-reason", test_peer_not_practicable);
#undef ADD

  return g_test_run ();
}
