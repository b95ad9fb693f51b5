/* test-request.c: request intake (R4–R9), triage (R1) and the case file */
#include <glib/gstdio.h>
#include <string.h>

#include "fl-case.h"
#include "fl-request.h"
#include "fl-test-core.h"

/* Two different 1×1 PNG files. */
static const guint8 png_red[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
  0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00,
  0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x38, 0xa1, 0xa1, 0x01, 0x00, 0x02, 0xd4, 0x01, 0x19, 0x3b,
  0xad, 0x5c, 0x08, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
};
static const guint8 png_blue[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
  0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00,
  0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xd0, 0xd0, 0x38, 0x01, 0x00, 0x01, 0x94, 0x01, 0x19, 0xc2,
  0xc6, 0xff, 0x34, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
};

#define REASON "Robbery of a convenience store on 3 March at knifepoint; the suspect's face is visible on " \
               "the store's recorded CCTV and a witness saw him leave in a grey sedan."

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static FlRequestDraft *
valid_draft (const char *case_number)
{
  FlRequestDraft *d = fl_request_draft_new ();
  g_autoptr(GBytes) red = g_bytes_new_static (png_red, sizeof png_red);
  g_autoptr(GBytes) blue = g_bytes_new_static (png_blue, sizeof png_blue);

  d->requesting_agency = g_strdup ("Example City Police Department");
  d->requester_name = g_strdup ("Det. Rita Requester");
  d->phone = g_strdup ("213-555-0100");
  d->email = g_strdup ("rrequester@examplepd.gov");
  d->agency_case_number = g_strdup (case_number);
  d->incident_type = g_strdup ("Robbery");
  d->reason = g_strdup (REASON);
  d->purpose = g_strdup ("Suspect in a criminal offense");
  fl_request_draft_add_image (d, red, "still-0412.png", "Store CCTV, recorded footage provided by the owner",
                              TRUE, FL_IMAGE_KIND_VIDEO_STILL);
  fl_request_draft_add_image (d, blue, "witness-phone.png", "Photo taken by a witness, given to officers",
                              FALSE, FL_IMAGE_KIND_SUBJECT_PHOTO);
  d->image_count = 2;
  d->protected_class_attested = TRUE;
  d->ack_lead_only = TRUE;
  d->ack_name = g_strdup ("det. rita  requester");
  d->ack_date = today ();
  return d;
}

static gint64
count (FlTestUnit *unit,
       const char *sql)
{
  return fl_db_query_int64 (unit->db, sql, -1);
}

static gint64
submit_ok (FlSession      *session,
           FlRequestDraft *draft)
{
  g_autoptr(GError) error = NULL;
  gint64 id = fl_request_submit (session, draft, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
submit_and_accept (FlTestUnit *unit,
                   FlSession  *requester,
                   FlSession  *examiner,
                   const char *case_number)
{
  g_autoptr(FlRequestDraft) draft = valid_draft (case_number);
  g_autoptr(GError) error = NULL;
  gint64 request_id = submit_ok (requester, draft);
  gint64 case_id = fl_request_accept (examiner, request_id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (case_id, >, 0);
  return case_id;
}

/* Submits @draft, expects a refusal under @rule whose message contains
 * @words, and checks it was stored and audited without keeping the images. */
static void
assert_refused (FlTestUnit     *unit,
                FlSession      *rita,
                FlRequestDraft *draft,
                const char     *rule,
                const char     *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRequest) stored = NULL;
  g_autoptr(sqlite3_stmt) audit = NULL;
  g_autofree char *rule_prefix = g_strdup_printf ("%s: ", rule);
  gint64 blobs = count (unit, "SELECT count (*) FROM blobs;");
  gint64 id;

  id = fl_request_submit (rita, draft, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_assert_nonnull (strstr (error->message, words));
  g_assert_nonnull (strstr (error->message, "refused"));

  id = count (unit, "SELECT max (id) FROM requests;");
  stored = fl_request_get (rita, id, NULL);
  g_assert_nonnull (stored);
  g_assert_cmpint (stored->state, ==, FL_REQUEST_REFUSED);
  g_assert_true (g_str_has_prefix (stored->state_reason, rule_prefix) ||
                 strstr (stored->state_reason, rule_prefix) != NULL);
  g_assert_nonnull (strstr (stored->state_reason, words));
  g_assert_cmpuint (stored->form->images->len, ==, draft->images->len);
  /* The images of a refused request are not kept. */
  g_assert_cmpint (count (unit, "SELECT count (*) FROM blobs;"), ==, blobs);
  g_assert_null (((FlRequestImage *) g_ptr_array_index (stored->form->images, 0))->hash);

  audit = fl_db_prepare (unit->db, "SELECT username, outcome, json_extract (details, '$.rules'),"
                                   " json_extract (details, '$.request_id') FROM audit"
                                   " WHERE action = 'request.refuse' ORDER BY id DESC LIMIT 1;", NULL);
  g_assert_cmpint (sqlite3_step (audit), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (audit, 0), ==, "rita");
  g_assert_cmpstr ((const char *) sqlite3_column_text (audit, 1), ==, "refused");
  g_assert_nonnull (strstr ((const char *) sqlite3_column_text (audit, 2), rule));
  g_assert_cmpint (sqlite3_column_int64 (audit, 3), ==, id);
  /* A refused request never reaches the queue. */
  g_assert_cmpint (count (unit, "SELECT count (*) FROM requests WHERE state = 'submitted';"), ==, 0);
}

static void
test_valid_request_is_stored (FlTestUnit    *unit,
                              gconstpointer  data)
{
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  g_autoptr(FlRequestDraft) draft = valid_draft ("24-000101");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) refusals = fl_request_policy_refusals (draft);
  g_autoptr(FlRequest) stored = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;
  FlRequestImage *image;
  gint64 id;

  g_assert_true (fl_request_validate (draft, unit->db, &problems));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (refusals->len, ==, 0);

  id = submit_ok (rita, draft);
  stored = fl_request_get (rita, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, FL_REQUEST_SUBMITTED);
  g_assert_cmpstr (stored->form->agency_case_number, ==, "24-000101");
  g_assert_cmpstr (stored->form->purpose, ==, "Suspect in a criminal offense");
  g_assert_cmpint (stored->created_by, ==, unit->requester_id);
  g_assert_cmpuint (stored->form->images->len, ==, 2);
  image = g_ptr_array_index (stored->form->images, 0);
  g_assert_cmpstr (image->filename, ==, "still-0412.png");
  g_assert_true (image->from_video);
  g_assert_cmpint (image->kind, ==, FL_IMAGE_KIND_VIDEO_STILL);

  /* The original bytes are in the store, unchanged (R10). */
  back = fl_store_get (unit->db, image->hash, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), png_red, sizeof png_red);

  g_assert_cmpint (count (unit, "SELECT count (*) FROM audit WHERE action = 'request.submit'"
                                " AND outcome = 'success' AND username = 'rita';"), ==, 1);
}

static void
test_refuse_live_stream (FlTestUnit    *unit,
                         gconstpointer  data)
{
  g_autoptr(FlRequestDraft) draft = valid_draft ("24-000102");
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");

  draft->live_source = TRUE;
  assert_refused (unit, rita, draft, "R6", "imminent threat to life");

  /* With an imminent threat to life the same source is allowed. */
  draft->imminent_threat = TRUE;
  submit_ok (rita, draft);
}

static void
test_refuse_predictive (FlTestUnit    *unit,
                        gconstpointer  data)
{
  g_autoptr(FlRequestDraft) draft = valid_draft ("24-000103");
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");

  draft->predictive = TRUE;
  assert_refused (unit, rita, draft, "R6", "predictive analysis");
}

static void
test_refuse_personal_use (FlTestUnit    *unit,
                          gconstpointer  data)
{
  g_autoptr(FlRequestDraft) draft = valid_draft ("24-000104");
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");

  draft->personal_use = TRUE;
  assert_refused (unit, rita, draft, "R6", "personal use");
}

static void
test_refuse_without_attestation (FlTestUnit    *unit,
                                 gconstpointer  data)
{
  g_autoptr(FlRequestDraft) draft = valid_draft ("24-000105");
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");

  draft->protected_class_attested = FALSE;
  assert_refused (unit, rita, draft, "R6", "First-Amendment activity");
}

static void
test_refuse_non_subject_probes (FlTestUnit    *unit,
                                gconstpointer  data)
{
  static const struct { FlImageKind kind; const char *words; } cases[] = {
    { FL_IMAGE_KIND_COMPOSITE_SKETCH, "composite sketch" },
    { FL_IMAGE_KIND_ARTIST_RENDERING, "artist rendering" },
    { FL_IMAGE_KIND_LOOKALIKE_PHOTO, "look-alike photo of another person" },
  };
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FlRequestDraft) draft = valid_draft ("24-000106");
      FlRequestImage *second = g_ptr_array_index (draft->images, 1);

      second->kind = cases[i].kind;
      assert_refused (unit, rita, draft, "R7", cases[i].words);
      g_assert_cmpint (count (unit, "SELECT count (*) FROM request_images WHERE kind IN ('composite_sketch',"
                                    " 'artist_rendering', 'lookalike_photo');"), ==, i + 1);
    }
}

static void
test_refuse_valid_licence_without_reason (FlTestUnit    *unit,
                                          gconstpointer  data)
{
  g_autoptr(FlRequestDraft) draft = valid_draft ("24-000107");
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  g_autoptr(FlRequest) stored = NULL;
  gint64 id;

  g_free (draft->purpose);
  draft->purpose = g_strdup ("Arrested without valid identification or suspected false identification");
  draft->dl_presented = TRUE;
  assert_refused (unit, rita, draft, "R9", "driver license");

  draft->dl_false_reason = g_strdup ("The license photo shows a visibly older man and the DMV has no record "
                                     "of the number.");
  id = submit_ok (rita, draft);
  stored = fl_request_get (rita, id, NULL);
  g_assert_true (stored->form->dl_presented);
  g_assert_nonnull (strstr (stored->form->dl_false_reason, "DMV"));
}

static gboolean
has_field (GPtrArray  *problems,
           const char *field,
           const char *words)
{
  for (guint i = 0; i < problems->len; i++)
    {
      FlFieldError *p = g_ptr_array_index (problems, i);
      if (g_str_equal (p->field, field) && (words == NULL || strstr (p->message, words) != NULL))
        return p->rule == NULL;
    }
  return FALSE;
}

static void
test_invalid_fields (FlTestUnit    *unit,
                     gconstpointer  data)
{
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  g_autoptr(FlRequestDraft) empty = fl_request_draft_new ();
  g_autoptr(FlRequestDraft) draft = valid_draft ("24-000108");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) problems2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) text = g_bytes_new_static ("hello", 5);
  static const char * const required[] = {
    FL_FIELD_REQUESTING_AGENCY, FL_FIELD_REQUESTER_NAME, FL_FIELD_PHONE, FL_FIELD_EMAIL,
    FL_FIELD_AGENCY_CASE_NUMBER, FL_FIELD_INCIDENT_TYPE, FL_FIELD_REASON, FL_FIELD_PURPOSE,
    FL_FIELD_IMAGES, FL_FIELD_IMAGE_COUNT, FL_FIELD_ACK_LEAD_ONLY, FL_FIELD_ACK_NAME, FL_FIELD_ACK_DATE,
  };

  g_assert_false (fl_request_validate (empty, unit->db, &problems));
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (!has_field (problems, required[i], NULL))
      g_error ("no field error for %s", required[i]);

  /* Wrong values, each named with what to do. */
  g_free (draft->reason);
  draft->reason = g_strdup ("He looked shifty.");
  g_free (draft->purpose);
  draft->purpose = g_strdup ("Curiosity");
  g_free (draft->incident_type);
  draft->incident_type = g_strdup ("Jaywalking");
  g_free (draft->email);
  draft->email = g_strdup ("rita at examplepd");
  g_free (draft->phone);
  draft->phone = g_strdup ("call me");
  g_free (draft->ack_name);
  draft->ack_name = g_strdup ("Someone Else");
  g_free (draft->ack_date);
  draft->ack_date = g_strdup ("14/03/2026");
  draft->image_count = 3;
  draft->outside_agency = TRUE;
  fl_request_draft_add_image (draft, text, "notes.txt", "", FALSE, FL_IMAGE_KIND_SUBJECT_PHOTO);
  g_assert_false (fl_request_validate (draft, unit->db, &problems2));
  g_assert_true (has_field (problems2, FL_FIELD_REASON, "at least 30 characters (now 17)"));
  g_assert_true (has_field (problems2, FL_FIELD_PURPOSE, "Suspect in a criminal offense"));
  g_assert_true (has_field (problems2, FL_FIELD_INCIDENT_TYPE, "Robbery"));
  g_assert_true (has_field (problems2, FL_FIELD_EMAIL, "name@agency.gov"));
  g_assert_true (has_field (problems2, FL_FIELD_PHONE, "7 digits"));
  g_assert_true (has_field (problems2, FL_FIELD_ACK_NAME, "Det. Rita Requester"));
  g_assert_true (has_field (problems2, FL_FIELD_ACK_DATE, "YYYY-MM-DD"));
  g_assert_true (has_field (problems2, FL_FIELD_OUTSIDE_AFFIRMATION, "affirmation"));
  g_assert_true (has_field (problems2, "images[2].file", "JPEG"));
  g_assert_true (has_field (problems2, "images[2].source", "lawfully obtained"));
  g_assert_false (has_field (problems2, FL_FIELD_IMAGE_COUNT, NULL)); /* 3 stated, 3 attached */

  /* Submitting anyway: invalid, and nothing is stored. */
  g_assert_cmpint (fl_request_submit (rita, draft, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, FL_FIELD_REASON));
  g_assert_cmpint (count (unit, "SELECT count (*) FROM requests;"), ==, 0);
  g_clear_error (&error);

  /* A stated count that differs from the images attached. */
  {
    g_autoptr(FlRequestDraft) d = valid_draft ("24-000109");
    g_autoptr(GPtrArray) p = NULL;

    d->image_count = 1;
    g_assert_false (fl_request_validate (d, unit->db, &p));
    g_assert_true (has_field (p, FL_FIELD_IMAGE_COUNT, "states 1 image(s) but 2 are attached"));
  }
}

static void
test_accept_opens_case (FlTestUnit    *unit,
                        gconstpointer  data)
{
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(FlRequestDraft) draft = valid_draft ("24-000110");
  g_autoptr(FlRequestDraft) draft2 = valid_draft ("24-000111");
  g_autoptr(FlCase) kase = NULL;
  g_autoptr(FlCase) kase2 = NULL;
  g_autoptr(FlRequest) stored = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *fr1 = g_strdup_printf ("FR-%04d-000001", g_date_time_get_year (now));
  g_autofree char *fr2 = g_strdup_printf ("FR-%04d-000002", g_date_time_get_year (now));
  FlRequestFilter submitted = { .state = FL_REQUEST_SUBMITTED };
  gint64 request_id = submit_ok (rita, draft);
  gint64 request2_id = submit_ok (rita, draft2);
  gint64 case_id, case2_id;

  queue = fl_request_list (ella, &submitted, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 2);

  case_id = fl_request_accept (ella, request_id, &error);
  g_assert_no_error (error);
  kase = fl_case_get (ella, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kase->fr_number, ==, fr1);
  g_assert_cmpint (kase->state, ==, FL_CASE_INTAKE);
  g_assert_cmpint (kase->examiner_id, ==, unit->examiner_id);
  g_assert_cmpint (kase->requester_id, ==, unit->requester_id);
  g_assert_cmpstr (kase->agency_case_number, ==, "24-000110");
  g_assert_cmpstr (kase->purpose, ==, "Suspect in a criminal offense");
  g_assert_cmpint (fl_case_for_request (unit->db, request_id), ==, case_id);

  case2_id = fl_request_accept (ella, request2_id, &error);
  g_assert_no_error (error);
  kase2 = fl_case_get (ella, case2_id, NULL);
  g_assert_cmpstr (kase2->fr_number, ==, fr2);

  /* Each request image became an original probe with its hash. */
  g_assert_cmpint (count (unit, "SELECT count (*) FROM probes p JOIN request_images i ON i.id = p.request_image_id"
                                " WHERE p.case_id = 1 AND p.parent_id IS NULL AND p.hash = i.hash"
                                " AND p.added_by = (SELECT id FROM users WHERE username = 'ella');"), ==, 2);

  stored = fl_request_get (rita, request_id, NULL);
  g_assert_cmpint (stored->state, ==, FL_REQUEST_ACCEPTED);
  g_assert_cmpint (stored->decided_by, ==, unit->examiner_id);
  g_assert_cmpstr (stored->fr_number, ==, fr1);

  /* Accepted once only. */
  g_assert_cmpint (fl_request_accept (ella, request_id, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, fr1));
  g_assert_cmpint (count (unit, "SELECT count (*) FROM cases;"), ==, 2);
  g_assert_cmpint (count (unit, "SELECT count (*) FROM audit WHERE action = 'request.accept'"
                                " AND outcome = 'success' AND case_id = 1;"), ==, 1);
}

static void
test_accept_needs_trained_examiner (FlTestUnit    *unit,
                                    gconstpointer  data)
{
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  g_autoptr(FlSession) uma = fl_test_unit_login (unit, "uma");
  g_autoptr(FlSession) eddie = fl_test_unit_login (unit, "eddie");
  g_autoptr(FlRequestDraft) draft = valid_draft ("24-000112");
  g_autoptr(FlRequest) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 request_id = submit_ok (rita, draft);

  g_assert_cmpint (fl_request_accept (uma, request_id, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "training"));
  g_clear_error (&error);
  g_assert_cmpint (fl_request_accept (eddie, request_id, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (fl_request_return (eddie, request_id, "The images are too dark to use.", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  /* Nor may the requester triage their own request. */
  g_assert_cmpint (fl_request_accept (rita, request_id, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "examiner"));

  stored = fl_request_get (rita, request_id, NULL);
  g_assert_cmpint (stored->state, ==, FL_REQUEST_SUBMITTED);
  g_assert_cmpint (count (unit, "SELECT count (*) FROM cases;"), ==, 0);
  g_assert_cmpint (count (unit, "SELECT count (*) FROM audit WHERE action IN ('request.accept', 'request.return')"
                                " AND outcome = 'refused';"), ==, 4);
}

static void
test_return_needs_reason (FlTestUnit    *unit,
                          gconstpointer  data)
{
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(FlRequestDraft) draft = valid_draft ("24-000113");
  g_autoptr(FlRequest) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 request_id = submit_ok (rita, draft);

  g_assert_false (fl_request_return (ella, request_id, "  ", &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (fl_request_return (ella, request_id, "Both images show the back of the head only.", &error));
  g_assert_no_error (error);

  stored = fl_request_get (rita, request_id, NULL);
  g_assert_cmpint (stored->state, ==, FL_REQUEST_RETURNED);
  g_assert_cmpstr (stored->state_reason, ==, "Both images show the back of the head only.");
  g_assert_cmpint (fl_request_accept (ella, request_id, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "returned"));
}

static void
test_requester_sees_only_own (FlTestUnit    *unit,
                              gconstpointer  data)
{
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  g_autoptr(FlSession) ravi = fl_test_unit_login (unit, "ravi");
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(FlRequestDraft) other = valid_draft ("24-000200");
  g_autoptr(GPtrArray) rita_requests = NULL;
  g_autoptr(GPtrArray) ravi_requests = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) ravi_cases = NULL;
  g_autoptr(GPtrArray) ella_cases = NULL;
  g_autoptr(FlRequest) peek = NULL;
  g_autoptr(FlCase) peek_case = NULL;
  g_autoptr(FlCase) own_case = NULL;
  g_autoptr(GPtrArray) peek_timeline = NULL;
  g_autoptr(GError) error = NULL;
  gint64 rita_case = submit_and_accept (unit, rita, ella, "24-000114");
  gint64 ravi_request;

  g_free (other->requester_name);
  other->requester_name = g_strdup ("Det. Ravi Other");
  g_free (other->ack_name);
  other->ack_name = g_strdup ("Det. Ravi Other");
  ravi_request = submit_ok (ravi, other);

  rita_requests = fl_request_list (rita, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rita_requests->len, ==, 1);
  g_assert_cmpint (((FlRequest *) g_ptr_array_index (rita_requests, 0))->created_by, ==, unit->requester_id);
  ravi_requests = fl_request_list (ravi, NULL, &error);
  g_assert_cmpuint (ravi_requests->len, ==, 1);
  g_assert_cmpint (((FlRequest *) g_ptr_array_index (ravi_requests, 0))->id, ==, ravi_request);
  all = fl_request_list (ella, NULL, &error);
  g_assert_cmpuint (all->len, ==, 2);

  peek = fl_request_get (ravi, ((FlRequest *) g_ptr_array_index (rita_requests, 0))->id, &error);
  g_assert_null (peek);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);

  peek_case = fl_case_get (ravi, rita_case, &error);
  g_assert_null (peek_case);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  peek_timeline = fl_case_timeline (ravi, rita_case, &error);
  g_assert_null (peek_timeline);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (count (unit, "SELECT count (*) FROM audit WHERE action = 'case.view' AND outcome = 'refused'"
                                " AND username = 'ravi' AND case_id = 1;"), ==, 2);
  g_assert_cmpint (count (unit, "SELECT count (*) FROM audit WHERE action = 'request.view'"
                                " AND outcome = 'refused' AND username = 'ravi';"), ==, 1);

  own_case = fl_case_get (rita, rita_case, &error);
  g_assert_no_error (error);
  g_assert_nonnull (own_case);

  /* A requester's case list holds only their own, whatever filter they ask for. */
  {
    FlCaseFilter filter = { .requester_id = unit->requester_id };
    ravi_cases = fl_case_list (ravi, &filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ravi_cases->len, ==, 0);
    g_assert_cmpint (fl_case_count (ravi, NULL, NULL), ==, 0);
  }
  ella_cases = fl_case_list (ella, NULL, &error);
  g_assert_cmpuint (ella_cases->len, ==, 1);
}

static void
test_who_may_submit (FlTestUnit    *unit,
                     gconstpointer  data)
{
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(FlSession) rob = fl_test_unit_login (unit, "rob");
  g_autoptr(FlRequestDraft) draft = valid_draft ("OA-2026-77");
  g_autoptr(FlRequest) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_cmpint (fl_request_submit (rob, draft, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  /* An examiner enters requests only for an outside agency, with its affirmation (R8). */
  g_assert_cmpint (fl_request_submit (ella, draft, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "outside agency"));
  g_clear_error (&error);

  draft->outside_agency = TRUE;
  g_assert_cmpint (fl_request_submit (ella, draft, &error), ==, 0);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, FL_FIELD_OUTSIDE_AFFIRMATION));
  g_clear_error (&error);

  draft->outside_affirmation = g_strdup ("The Example City Police Department affirms that it follows this "
                                         "unit's facial recognition policy.");
  id = submit_ok (ella, draft);
  stored = fl_request_get (ella, id, NULL);
  g_assert_true (stored->form->outside_agency);
  g_assert_nonnull (strstr (stored->form->outside_affirmation, "affirms"));
  g_assert_cmpint (count (unit, "SELECT count (*) FROM audit WHERE action = 'request.submit'"
                                " AND outcome = 'refused';"), ==, 2);
}

static void
test_case_states (FlTestUnit    *unit,
                  gconstpointer  data)
{
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCase) kase = NULL;
  gint64 case_id = submit_and_accept (unit, rita, ella, "24-000115");
  static const FlCaseState path[] = {
    FL_CASE_SEARCHING, FL_CASE_REVIEW, FL_CASE_PEER_REVIEW, FL_CASE_REVIEW, FL_CASE_PEER_REVIEW,
    FL_CASE_REPORTED, FL_CASE_CLOSED,
  };

  g_assert_true (fl_case_state_can_move (FL_CASE_INTAKE, FL_CASE_SEARCHING));
  g_assert_false (fl_case_state_can_move (FL_CASE_REVIEW, FL_CASE_REPORTED)); /* only after peer review */
  g_assert_false (fl_case_state_can_move (FL_CASE_CLOSED, FL_CASE_INTAKE));

  /* Illegal moves are refused and say what is allowed. */
  g_assert_false (fl_case_set_state (ella, case_id, FL_CASE_REPORTED, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Searching"));
  g_clear_error (&error);
  /* Closing from intake needs a reason. */
  g_assert_false (fl_case_set_state (ella, case_id, FL_CASE_CLOSED, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  /* The requester does not move cases. */
  g_assert_false (fl_case_set_state (rita, case_id, FL_CASE_SEARCHING, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  /* An administrator may only close. */
  g_assert_false (fl_case_set_state (unit->admin, case_id, FL_CASE_SEARCHING, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (path); i++)
    {
      g_assert_true (fl_case_set_state (ella, case_id, path[i], NULL, &error));
      g_assert_no_error (error);
    }
  kase = fl_case_get (ella, case_id, NULL);
  g_assert_cmpint (kase->state, ==, FL_CASE_CLOSED);
  g_assert_nonnull (kase->closed_at);
  g_assert_false (fl_case_set_state (ella, case_id, FL_CASE_REVIEW, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "cannot move"));
  g_assert_cmpint (count (unit, "SELECT count (*) FROM audit WHERE action = 'case.state' AND outcome = 'success';"),
                   ==, G_N_ELEMENTS (path));
}

static void
test_case_assign (FlTestUnit    *unit,
                  gconstpointer  data)
{
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(FlSession) uma = fl_test_unit_login (unit, "uma");
  g_autoptr(FlCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  gint64 case_id = submit_and_accept (unit, rita, ella, "24-000116");

  /* Untrained or expired examiners cannot be given a case (R1). */
  g_assert_false (fl_case_assign (unit->admin, case_id, unit->untrained_id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  g_assert_false (fl_case_assign (unit->admin, case_id, unit->expired_id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_POLICY);
  g_clear_error (&error);
  g_assert_false (fl_case_assign (unit->admin, case_id, unit->requester_id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  g_clear_error (&error);
  /* Only an administrator assigns someone else. */
  g_assert_false (fl_case_assign (ella, case_id, unit->untrained_id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (fl_case_assign (uma, case_id, unit->untrained_id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);

  fl_accounts_add_training (unit->admin, unit->untrained_id, "LACRIS", "Facial reviewer", "2025-01-10",
                            "2099-01-10", &error);
  g_assert_no_error (error);
  g_assert_true (fl_case_assign (uma, case_id, unit->untrained_id, &error));
  g_assert_no_error (error);
  kase = fl_case_get (ella, case_id, NULL);
  g_assert_cmpint (kase->examiner_id, ==, unit->untrained_id);
  g_assert_cmpstr (kase->examiner_name, ==, "Uma Untrained");
  /* Only the assigned examiner moves it now. */
  g_assert_false (fl_case_set_state (ella, case_id, FL_CASE_SEARCHING, NULL, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_true (fl_case_set_state (uma, case_id, FL_CASE_SEARCHING, NULL, &error));
  g_assert_true (fl_case_assign (unit->admin, case_id, unit->examiner_id, &error));
  g_assert_no_error (error);
}

static void
test_timeline_in_order (FlTestUnit    *unit,
                        gconstpointer  data)
{
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  g_autoptr(FlSession) ravi = fl_test_unit_login (unit, "ravi");
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(GPtrArray) rita_view = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlCase) peek = NULL;
  gint64 case_id = submit_and_accept (unit, rita, ella, "24-000117");
  static const char * const expected[] = {
    "request.submit", "request.accept", "probe.add", "probe.add", "case.state", "case.view", "case.state",
  };

  g_assert_true (fl_case_set_state (ella, case_id, FL_CASE_SEARCHING, NULL, &error));
  peek = fl_case_get (ravi, case_id, NULL);
  g_assert_null (peek);
  g_assert_true (fl_case_set_state (ella, case_id, FL_CASE_NO_MATCH, "No candidate resembled the probe.", &error));
  g_assert_no_error (error);

  timeline = fl_case_timeline (ella, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (timeline->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < timeline->len; i++)
    {
      FlTimelineEntry *e = g_ptr_array_index (timeline, i);

      g_assert_cmpstr (e->action, ==, expected[i]);
      g_assert_nonnull (e->summary);
      g_assert_cmpint (e->audit_id, >, 0);
      if (i > 0)
        {
          FlTimelineEntry *prev = g_ptr_array_index (timeline, i - 1);
          g_assert_cmpint (e->audit_id, >, prev->audit_id);
          g_assert_cmpstr (e->ts, >=, prev->ts);
        }
    }
  g_assert_cmpstr (((FlTimelineEntry *) g_ptr_array_index (timeline, 0))->username, ==, "rita");
  g_assert_cmpstr (((FlTimelineEntry *) g_ptr_array_index (timeline, 1))->username, ==, "ella");
  g_assert_nonnull (strstr (((FlTimelineEntry *) g_ptr_array_index (timeline, 1))->summary, "FR-"));
  g_assert_cmpstr (((FlTimelineEntry *) g_ptr_array_index (timeline, 5))->outcome, ==, "refused");
  g_assert_nonnull (strstr (((FlTimelineEntry *) g_ptr_array_index (timeline, 6))->summary,
                            "from Searching to No match"));
  g_assert_nonnull (strstr (((FlTimelineEntry *) g_ptr_array_index (timeline, 6))->summary, "No candidate"));

  /* The requester reads the history of their own case. */
  rita_view = fl_case_timeline (rita, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rita_view->len, ==, timeline->len);
}

static void
test_case_list_filters (FlTestUnit    *unit,
                        gconstpointer  data)
{
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *next_day = g_date_time_format (tomorrow, "%Y-%m-%d");
  gint64 ids[4];

  ids[0] = submit_and_accept (unit, rita, ella, "24-000301");
  ids[1] = submit_and_accept (unit, rita, ella, "24-000302");
  ids[2] = submit_and_accept (unit, rita, ella, "B_%-9");
  ids[3] = submit_and_accept (unit, rita, ella, "24-000304");
  g_assert_true (fl_case_set_state (ella, ids[1], FL_CASE_SEARCHING, NULL, NULL));

  {
    FlCaseFilter f = { .search = "000302" };
    g_autoptr(GPtrArray) rows = fl_case_list (ella, &f, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpint (((FlCase *) g_ptr_array_index (rows, 0))->id, ==, ids[1]);
  }
  {
    /* By FR number (FR-YYYY-000001…000004): no agency number contains "-000003". */
    FlCaseFilter f = { .search = "-000003" };
    g_autoptr(GPtrArray) rows = fl_case_list (ella, &f, &error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpint (((FlCase *) g_ptr_array_index (rows, 0))->id, ==, ids[2]);
  }
  {
    /* Wildcards in the search text are taken literally. */
    FlCaseFilter f = { .search = "_%" };
    g_autoptr(GPtrArray) rows = fl_case_list (ella, &f, &error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (((FlCase *) g_ptr_array_index (rows, 0))->agency_case_number, ==, "B_%-9");
  }
  {
    FlCaseFilter f = { .state = FL_CASE_SEARCHING };
    g_autoptr(GPtrArray) rows = fl_case_list (ella, &f, &error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpint (((FlCase *) g_ptr_array_index (rows, 0))->id, ==, ids[1]);
    g_assert_cmpint (fl_case_count (ella, &f, NULL), ==, 1);
  }
  {
    FlCaseFilter f = { .opened_from = day, .opened_to = day, .limit = 2 };
    g_autoptr(GPtrArray) page1 = fl_case_list (ella, &f, &error);
    g_autoptr(GPtrArray) page2 = NULL;
    g_autoptr(GPtrArray) keyset = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (page1->len, ==, 2);
    g_assert_cmpint (((FlCase *) g_ptr_array_index (page1, 0))->id, ==, ids[3]); /* newest first */
    f.offset = 2;
    page2 = fl_case_list (ella, &f, &error);
    g_assert_cmpuint (page2->len, ==, 2);
    g_assert_cmpint (((FlCase *) g_ptr_array_index (page2, 1))->id, ==, ids[0]);
    f.offset = 0;
    f.before_id = ids[2];
    keyset = fl_case_list (ella, &f, &error);
    g_assert_cmpuint (keyset->len, ==, 2);
    g_assert_cmpint (((FlCase *) g_ptr_array_index (keyset, 0))->id, ==, ids[1]);
  }
  {
    FlCaseFilter f = { .opened_from = next_day };
    g_assert_cmpint (fl_case_count (ella, &f, &error), ==, 0);
    g_assert_no_error (error);
    f.opened_from = "2026-02-30";
    g_assert_cmpint (fl_case_count (ella, &f, &error), ==, -1);
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    g_clear_error (&error);
  }
  {
    FlCaseFilter f = { .examiner_id = unit->untrained_id };
    g_assert_cmpint (fl_case_count (ella, &f, NULL), ==, 0);
    f.examiner_id = unit->examiner_id;
    g_assert_cmpint (fl_case_count (ella, &f, NULL), ==, 4);
  }
}

/* ---- JSON ------------------------------------------------------------ */

static char *
write_request_dir (const char *json)
{
  char *dir = fl_test_make_tmpdir ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *red = g_build_filename (images, "still-0412.png", NULL);
  g_autofree char *blue = g_build_filename (dir, "witness.png", NULL);
  g_autofree char *path = g_build_filename (dir, "request.json", NULL);

  g_assert_cmpint (g_mkdir (images, 0700), ==, 0);
  g_assert_true (g_file_set_contents (red, (const char *) png_red, sizeof png_red, NULL));
  g_assert_true (g_file_set_contents (blue, (const char *) png_blue, sizeof png_blue, NULL));
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return dir;
}

static char *
valid_json (void)
{
  g_autofree char *date = today ();

  return g_strdup_printf (
    "{\n"
    "  \"faceleads_request\": 1,\n"
    "  \"requesting_agency\": \"Example City Police Department\",\n"
    "  \"requester_name\": \"Det. Rita Requester\",\n"
    "  \"phone\": \"213-555-0100\",\n"
    "  \"email\": \"rrequester@examplepd.gov\",\n"
    "  \"agency_case_number\": \"24-000500\",\n"
    "  \"incident_type\": \"Robbery\",\n"
    "  \"reason\": \"" REASON "\",\n"
    "  \"purpose\": \"Suspect in a criminal offense\",\n"
    "  \"image_count\": 2,\n"
    "  \"images\": [\n"
    "    { \"file\": \"images/still-0412.png\", \"source\": \"Store CCTV, recorded footage from the owner\",\n"
    "      \"from_video\": true, \"kind\": \"video_still\" },\n"
    "    { \"file\": \"witness.png\", \"source\": \"Witness's phone photo given to officers\",\n"
    "      \"from_video\": false, \"kind\": \"subject_photo\" }\n"
    "  ],\n"
    "  \"outside_agency\": false,\n"
    "  \"live_source\": false,\n"
    "  \"predictive\": false,\n"
    "  \"personal_use\": false,\n"
    "  \"protected_class_attested\": true,\n"
    "  \"dl_presented\": false,\n"
    "  \"dl_false_reason\": null,\n"
    "  \"ack_lead_only\": true,\n"
    "  \"ack_name\": \"Det. Rita Requester\",\n"
    "  \"ack_date\": \"%s\"\n"
    "}\n", date);
}

static void
test_json_import (FlTestUnit    *unit,
                  gconstpointer  data)
{
  g_autoptr(FlSession) rita = fl_test_unit_login (unit, "rita");
  g_autofree char *json = valid_json ();
  g_autofree char *dir = write_request_dir (json);
  g_autofree char *path = g_build_filename (dir, "request.json", NULL);
  g_autoptr(FlRequestDraft) draft = NULL;
  g_autoptr(FlRequest) stored = NULL;
  g_autoptr(GError) error = NULL;
  FlRequestImage *first;
  gint64 id;

  draft = fl_request_draft_from_json_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (draft->images->len, ==, 2);
  first = g_ptr_array_index (draft->images, 0);
  g_assert_cmpstr (first->filename, ==, "still-0412.png");
  g_assert_cmpint (first->kind, ==, FL_IMAGE_KIND_VIDEO_STILL);
  g_assert_cmpmem (g_bytes_get_data (first->bytes, NULL), g_bytes_get_size (first->bytes), png_red, sizeof png_red);
  g_assert_true (draft->protected_class_attested);
  g_assert_false (draft->imminent_threat);

  id = submit_ok (rita, draft);
  stored = fl_request_get (rita, id, NULL);
  g_assert_cmpstr (stored->form->agency_case_number, ==, "24-000500");
  g_assert_cmpint (stored->state, ==, FL_REQUEST_SUBMITTED);
  fl_test_rm_rf (dir);
}

static void
expect_json_error (const char *json,
                   const char *words1,
                   const char *words2)
{
  g_autofree char *dir = write_request_dir (json);
  g_autofree char *path = g_build_filename (dir, "request.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRequestDraft) draft = fl_request_draft_from_json_file (path, &error);

  g_assert_null (draft);
  g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  if (strstr (error->message, words1) == NULL || (words2 && strstr (error->message, words2) == NULL))
    g_error ("“%s” lacks “%s” / “%s”", error->message, words1, words2 ? words2 : "");
  g_assert_true (g_str_has_prefix (error->message, path));
  fl_test_rm_rf (dir);
}

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, 2);

  g_assert_nonnull (parts[1]);
  return g_strconcat (parts[0], to, parts[1], NULL);
}

static void
test_json_errors (void)
{
  g_autofree char *json = valid_json ();
  g_autofree char *syntax = replace (json, "\"phone\": \"213-555-0100\",", "\"phone\": \"213-555-0100\"");
  g_autofree char *typo = replace (json, "\"live_source\"", "\"live_sourse\"");
  g_autofree char *missing = replace (json, "  \"predictive\": false,\n", "");
  g_autofree char *quoted = replace (json, "\"personal_use\": false", "\"personal_use\": \"no\"");
  g_autofree char *kind = replace (json, "\"kind\": \"subject_photo\"", "\"kind\": \"sketch\"");
  g_autofree char *nofile = replace (json, "witness.png", "nowhere/witness.png");
  g_autofree char *count_text = replace (json, "\"image_count\": 2", "\"image_count\": \"2\"");
  g_autofree char *version = replace (json, "\"faceleads_request\": 1", "\"faceleads_request\": 7");

  expect_json_error (syntax, "not valid JSON", NULL);
  expect_json_error (typo, "live_sourse", "spelling");
  expect_json_error (missing, "“predictive” is missing", "true or false");
  expect_json_error (quoted, "“personal_use” must be true or false", NULL);
  expect_json_error (kind, "“images[1].kind”", "composite_sketch");
  expect_json_error (nofile, "“images[1].file”", "relative");
  expect_json_error (count_text, "“image_count” must be a whole number", NULL);
  expect_json_error (version, "version 7", NULL);
  expect_json_error ("[1, 2]", "one JSON object", NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, FlTestUnit, NULL, fl_test_unit_setup, fn, fl_test_unit_teardown)
  ADD ("/request/submit/valid", test_valid_request_is_stored);
  ADD ("/request/refuse/R6-live-stream", test_refuse_live_stream);
  ADD ("/request/refuse/R6-predictive", test_refuse_predictive);
  ADD ("/request/refuse/R6-personal-use", test_refuse_personal_use);
  ADD ("/request/refuse/R6-no-attestation", test_refuse_without_attestation);
  ADD ("/request/refuse/R7-not-the-subject", test_refuse_non_subject_probes);
  ADD ("/request/refuse/R9-valid-licence", test_refuse_valid_licence_without_reason);
  ADD ("/request/invalid-fields", test_invalid_fields);
  ADD ("/request/who-may-submit", test_who_may_submit);
  ADD ("/request/accept/opens-case", test_accept_opens_case);
  ADD ("/request/accept/needs-trained-examiner", test_accept_needs_trained_examiner);
  ADD ("/request/return/needs-reason", test_return_needs_reason);
  ADD ("/request/privacy/own-only", test_requester_sees_only_own);
  ADD ("/request/json/import", test_json_import);
  g_test_add_func ("/request/json/errors", test_json_errors);
  ADD ("/case/states", test_case_states);
  ADD ("/case/assign", test_case_assign);
  ADD ("/case/timeline", test_timeline_in_order);
  ADD ("/case/list/filters", test_case_list_filters);
#undef ADD

  return g_test_run ();
}
