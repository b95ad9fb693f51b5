/* test-gui-intake.c: the Requests and Cases sections, driven through their widgets (suite 'display')
 *
 * Runs under Xvfb with GSK_RENDERER=cairo; screenshots go to the build
 * tree's screenshots/ folder. The probe is a real face from
 * ../shared/testdata/faces when that folder is present, else a plain
 * generated picture (the matcher then reports that it finds no face).
 * The 100 000-case test prints its timings; it does not assert them.
 */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "fl-application.h"
#include "fl-case-row.h"
#include "fl-cases-page.h"
#include "fl-field-message.h"
#include "fl-login-window.h"
#include "fl-main-window.h"
#include "fl-request-form.h"
#include "fl-requests-page.h"
#include "fl-test-gui.h"

#define N_CASES 100000

static FlApplication *app;

/* ---- helpers ---------------------------------------------------------- */

static GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static GtkWidget *
form_child (FlRequestForm *form,
            const char    *name)
{
  return child (form, FL_TYPE_REQUEST_FORM, name);
}

/* Presses a button at once (gtk_widget_activate() waits for its press animation). */
static void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
set_text (GtkWidget  *editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static FlMainWindow *
sign_in (FlTestUnit *unit,
         const char *username)
{
  return FL_MAIN_WINDOW (fl_test_gui_sign_in (G_APPLICATION (app), unit, username));
}

static void
sign_out (FlMainWindow *window)
{
  fl_main_window_sign_out (window);
  fl_test_gui_close_all ();
}

static FlRequestsPage *
show_requests (FlMainWindow *window,
               const char   *view)
{
  FlRequestsPage *page;

  g_assert_true (fl_main_window_show_section (window, "requests"));
  page = FL_REQUESTS_PAGE (fl_main_window_get_page (window, "requests"));
  if (view != NULL)
    g_assert_true (fl_requests_page_show_view (page, view));
  return page;
}

/* A real face when the shared test data is there, else a generated picture. */
static char *
probe_path (const char *tmp_dir,
            gboolean   *out_real)
{
  const char *src = g_getenv ("FL_SOURCE_DIR");
  g_autofree char *face = g_build_filename (src ? src : FL_SOURCE_DIR, "..", "shared", "testdata", "faces",
                                            "johns", "John_Salley", "000179_02159509.jpg", NULL);
  char *path;
  guint8 *pixels;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  if (g_file_test (face, G_FILE_TEST_EXISTS))
    {
      *out_real = TRUE;
      return g_steal_pointer (&face);
    }
  g_test_message ("../shared/testdata/faces is absent: the probe is a generated picture without a face");
  *out_real = FALSE;
  pixels = g_malloc (160 * 160 * 3);
  for (guint i = 0; i < 160 * 160; i++)
    {
      pixels[i * 3] = (guint8) (i % 160);
      pixels[i * 3 + 1] = (guint8) (i / 160);
      pixels[i * 3 + 2] = 128;
    }
  bytes = g_bytes_new_take (pixels, 160 * 160 * 3);
  texture = gdk_memory_texture_new (160, 160, GDK_MEMORY_R8G8B8, bytes, 160 * 3);
  path = g_build_filename (tmp_dir, "generated-probe.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  return path;
}

/* Scrolls @scroller so that @widget is near the top. */
static void
scroll_to (GtkWidget *scroller,
           GtkWidget *widget)
{
  GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (widget, viewport, &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + point.y - 60);
  fl_test_gui_spin (100);
}

/* What dropping files from a file manager onto @widget does. */
static void
drop_files (GtkWidget *widget,
            GFile     *file)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GSList files = { file, NULL };
  GdkFileList *list = gdk_file_list_new_from_list (&files);
  GValue value = G_VALUE_INIT;
  gboolean dropped = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &dropped);
    }
  g_value_unset (&value);
  g_assert_true (dropped);
}

static gboolean
form_idle (gpointer user_data)
{
  return !fl_request_form_is_busy (user_data);
}

static void
select_by_text (AdwComboRow *row,
                const char  *text)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  g_error ("“%s” is not in the list", text);
}

/* Every answer filled in correctly, except the images. */
static void
fill_form (FlRequestForm *form,
           const char    *case_number)
{
  GtkTextBuffer *reason = gtk_text_view_get_buffer (GTK_TEXT_VIEW (form_child (form, "reason_view")));

  set_text (form_child (form, "phone_row"), "213-555-0100");
  set_text (form_child (form, "email_row"), "rrequester@examplepd.gov");
  set_text (form_child (form, "case_number_row"), case_number);
  select_by_text (ADW_COMBO_ROW (form_child (form, "incident_row")), "Robbery");
  select_by_text (ADW_COMBO_ROW (form_child (form, "purpose_row")), "Suspect in a criminal offense");
  gtk_text_buffer_set_text (reason, "Armed robbery of a convenience store on 3 March; the suspect's face is on "
                                    "the store's recorded CCTV and a witness saw him leave in a grey sedan.", -1);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (form_child (form, "attest_check")), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (form_child (form, "ack_check")), TRUE);
  set_text (form_child (form, "ack_name_row"), "Det. Rita Requester");
}

static FlRequestImageRow *
add_probe (FlRequestForm *form,
           const char    *path,
           FlImageKind    kind)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  FlRequestImageRow *row;
  GtkWidget *source;

  fl_request_form_add_file (form, file);
  g_assert_true (fl_test_gui_wait_for (form_idle, form, 60000));
  row = fl_request_form_get_image (form, fl_request_form_get_n_images (form) - 1);
  g_assert_cmpint (fl_request_image_row_get_state (row), ==, FL_REQUEST_IMAGE_READY);
  fl_request_image_row_set_kind (row, kind);
  source = fl_request_image_row_get_field (row, "source");
  set_text (source, "Store CCTV, recorded footage provided by the owner");
  return row;
}

static gboolean
dialog_shown (gpointer user_data)
{
  return fl_test_gui_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static AdwMessageDialog *
wait_dialog (void)
{
  g_assert_true (fl_test_gui_wait_for (dialog_shown, NULL, 3000));
  return ADW_MESSAGE_DIALOG (fl_test_gui_find_window (ADW_TYPE_MESSAGE_DIALOG));
}

/* What pressing a response button does: the response, then the dialog closes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  fl_test_gui_spin (50);
}

static void
assert_no_dialog (void)
{
  GtkWindow *dialog = fl_test_gui_find_window (ADW_TYPE_MESSAGE_DIALOG);

  if (dialog != NULL)
    g_error ("unexpected dialog “%s”: %s", adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
             adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
}

static gint64
submit_by_core (FlTestUnit *unit,
                const char *username,
                const char *full_name,
                const char *case_number,
                const char *probe)
{
  g_autoptr(FlSession) session = fl_test_unit_login (unit, username);
  g_autoptr(FlRequestDraft) d = fl_request_draft_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *base = g_path_get_basename (probe);
  gsize len;
  gint64 id;

  d->requesting_agency = g_strdup ("Example City Police Department");
  d->requester_name = g_strdup (full_name);
  d->phone = g_strdup ("213-555-0100");
  d->email = g_strdup ("detective@examplepd.gov");
  d->agency_case_number = g_strdup (case_number);
  d->incident_type = g_strdup ("Burglary");
  d->reason = g_strdup ("Burglary of a pharmacy at night; the intruder looked into the doorbell camera "
                        "before forcing the door.");
  d->purpose = g_strdup ("Suspect in a criminal offense");
  g_assert_true (g_file_get_contents (probe, &data, &len, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&data), len);
  fl_request_draft_add_image (d, bytes, base, "Doorbell camera, recording handed over by the owner",
                              TRUE, FL_IMAGE_KIND_VIDEO_STILL);
  d->image_count = 1;
  d->protected_class_attested = TRUE;
  d->ack_lead_only = TRUE;
  d->ack_name = g_strdup (full_name);
  d->ack_date = g_date_time_format (now, "%Y-%m-%d");
  id = fl_request_submit (session, d, &error);
  g_assert_no_error (error);
  fl_session_logout (session);
  return id;
}

/* ---- the form --------------------------------------------------------- */

/* A fresh form cannot be submitted and says why; wrong answers are marked on their rows. */
static void
test_form_validation (FlTestUnit    *unit,
                      gconstpointer  data)
{
  g_autofree char *tmp = fl_test_make_tmpdir ();
  g_autofree char *junk = g_build_filename (tmp, "not-a-photo.jpg", NULL);
  g_autoptr(GFile) junk_file = NULL;
  FlMainWindow *window = sign_in (unit, "rita");
  FlRequestsPage *page = show_requests (window, "new");
  FlRequestForm *form = fl_requests_page_get_form (page);
  GtkWidget *submit = form_child (form, "submit_button");
  FlRequestImageRow *bad;
  g_auto(GStrv) fields = NULL;
  const char *problem;

  /* A requester's form starts with their name and agency, and today's date. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_child (form, "requester_row"))), ==,
                   "Det. Rita Requester");
  problem = fl_request_form_get_problem (form);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "fields need attention"));
  g_assert_nonnull (strstr (problem, "phone"));
  g_assert_false (gtk_widget_get_sensitive (submit));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (form_child (form, "status_label"))), ==, problem);
  /* Nothing is marked before the person touches it. */
  g_assert_false (gtk_widget_has_css_class (form_child (form, "phone_row"), "error"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "intake-empty-form"));

  set_text (form_child (form, "phone_row"), "12");
  set_text (form_child (form, "email_row"), "not an email");
  set_text (form_child (form, "case_number_row"), "24-001234");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (form_child (form, "reason_view"))),
                            "He looked suspicious.", -1);
  set_text (form_child (form, "ack_name_row"), "Somebody Else");
  gtk_switch_set_active (GTK_SWITCH (form_child (form, "outside_switch")), TRUE);

  problem = fl_request_form_get_problem (form);
  g_assert_nonnull (problem);
  g_assert_false (gtk_widget_get_sensitive (submit));
  fields = fl_request_form_get_error_fields (form);
  g_assert_true (g_strv_contains ((const char * const *) fields, FL_FIELD_PHONE));
  g_assert_true (g_strv_contains ((const char * const *) fields, FL_FIELD_EMAIL));
  g_assert_true (g_strv_contains ((const char * const *) fields, FL_FIELD_REASON));
  g_assert_true (g_strv_contains ((const char * const *) fields, FL_FIELD_ACK_NAME));
  g_assert_true (g_strv_contains ((const char * const *) fields, FL_FIELD_OUTSIDE_AFFIRMATION));
  g_assert_false (g_strv_contains ((const char * const *) fields, FL_FIELD_AGENCY_CASE_NUMBER));
  /* The rows with a wrong answer are marked, with the core's message under them. */
  g_assert_true (gtk_widget_has_css_class (form_child (form, "phone_row"), "error"));
  g_assert_true (gtk_widget_has_css_class (form_child (form, "email_row"), "error"));
  g_assert_true (gtk_widget_has_css_class (form_child (form, "reason_frame"), "error"));
  g_assert_true (gtk_widget_has_css_class (form_child (form, "ack_name_row"), "error"));
  g_assert_true (gtk_widget_has_css_class (form_child (form, "affirmation_row"), "error"));
  g_assert_false (gtk_widget_has_css_class (form_child (form, "case_number_row"), "error"));
  g_assert_false (gtk_widget_has_css_class (form_child (form, "agency_row"), "error"));
  g_assert_nonnull (strstr (fl_field_message_get (form_child (form, "phone_row")), "not a phone number"));
  g_assert_nonnull (strstr (fl_field_message_get (form_child (form, "ack_name_row")), "Somebody Else"));

  /* A file that is not an image stays listed with the matcher's message and is not sent. */
  g_assert_true (g_file_set_contents (junk, "This is a text file, not a photograph.", -1, NULL));
  junk_file = g_file_new_for_path (junk);
  drop_files (form_child (form, "images_group"), junk_file);
  g_assert_true (fl_test_gui_wait_for (form_idle, form, 30000));
  g_assert_cmpuint (fl_request_form_get_n_images (form), ==, 1);
  bad = fl_request_form_get_image (form, 0);
  g_assert_cmpint (fl_request_image_row_get_state (bad), ==, FL_REQUEST_IMAGE_FAILED);
  g_assert_nonnull (fl_request_image_row_get_error (bad));
  g_assert_null (fl_request_image_row_get_bytes (bad));
  g_strfreev (fields);
  fields = fl_request_form_get_error_fields (form);
  g_assert_true (g_strv_contains ((const char * const *) fields, FL_FIELD_IMAGES));
  g_assert_true (gtk_widget_has_css_class (form_child (form, "images_box"), "error"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "intake-form-errors"));

  /* Scrolled down to the images: the bad file's row. */
  scroll_to (form_child (form, "scroller"), GTK_WIDGET (bad));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "intake-form-bad-image"));

  sign_out (window);
  fl_test_rm_rf (tmp);
}

/* A composite sketch is refused with the core's reason, after a warning; a
 * photo of the subject is submitted; the requester sees both, and only theirs. */
static void
test_form_refusal_and_submit (FlTestUnit    *unit,
                              gconstpointer  data)
{
  g_autofree char *tmp = fl_test_make_tmpdir ();
  gboolean real_face = FALSE;
  g_autofree char *probe = probe_path (tmp, &real_face);
  FlMainWindow *window;
  FlRequestsPage *page;
  FlRequestForm *form;
  FlRequestList *mine;
  FlRequestImageRow *image;
  AdwMessageDialog *dialog;
  GtkWidget *submit;
  const char *refusal;
  gint64 ravi_request;

  /* Another requester's request, which rita must never see. */
  ravi_request = submit_by_core (unit, "ravi", "Det. Ravi Other", "RAVI-7", probe);

  window = sign_in (unit, "rita");
  page = show_requests (window, "new");
  form = fl_requests_page_get_form (page);
  submit = form_child (form, "submit_button");

  fill_form (form, "24-001234");
  image = add_probe (form, probe, FL_IMAGE_KIND_COMPOSITE_SKETCH);
  g_assert_cmpuint (strlen (fl_request_image_row_get_sha256 (image)), ==, 64);
  if (real_face)
    {
      g_assert_cmpuint (fl_request_image_row_get_n_faces (image), >=, 1);
      g_assert_nonnull (strstr (fl_request_image_row_get_quality_text (image), "Face"));
    }
  else
    g_assert_nonnull (strstr (fl_request_image_row_get_quality_text (image), "No face"));

  /* Complete: Submit works, but the form warns that the request will be refused (R7). */
  g_assert_null (fl_request_form_get_problem (form));
  g_assert_true (gtk_widget_get_sensitive (submit));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (form_child (form, "status_label"))), "R7"));
  g_assert_true (gtk_widget_has_css_class (fl_request_image_row_get_field (image, "kind"), "warning"));
  scroll_to (form_child (form, "scroller"), GTK_WIDGET (image));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "intake-form-warning"));

  click (submit);
  dialog = wait_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "R7"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "intake-refusal-warning"));
  respond (dialog, "submit");
  fl_test_gui_spin (100);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (form_child (form, "form_stack"))), ==, "refused");
  refusal = gtk_label_get_text (GTK_LABEL (form_child (form, "refusal_label")));
  g_assert_nonnull (strstr (refusal, "refused"));
  g_assert_nonnull (strstr (refusal, "composite sketch"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "intake-refusal"));

  /* A new request with a photo of the subject goes through. */
  click (form_child (form, "new_request_button"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (form_child (form, "form_stack"))), ==, "form");
  g_assert_cmpuint (fl_request_form_get_n_images (form), ==, 0);
  fill_form (form, "24-001235");
  add_probe (form, probe, FL_IMAGE_KIND_SUBJECT_PHOTO);
  g_assert_null (fl_request_form_get_problem (form));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (form_child (form, "status_label"))), ==, "Ready to submit.");
  click (submit);
  fl_test_gui_spin (100);
  assert_no_dialog ();

  /* The form is emptied and "My Requests" shows both, newest first, and not ravi's. */
  g_assert_cmpstr (fl_requests_page_get_view (page), ==, "mine");
  g_assert_cmpuint (fl_request_form_get_n_images (form), ==, 0);
  mine = fl_requests_page_get_list (page, FL_REQUEST_LIST_MINE);
  g_assert_cmpuint (fl_request_list_get_n_rows (mine), ==, 2);
  g_assert_cmpint (fl_request_row_get_state (fl_request_list_get_row (mine, 0)), ==, FL_REQUEST_SUBMITTED);
  g_assert_cmpint (fl_request_row_get_state (fl_request_list_get_row (mine, 1)), ==, FL_REQUEST_REFUSED);
  g_assert_null (fl_request_list_find_row (mine, ravi_request));
  fl_request_row_set_expanded (fl_request_list_get_row (mine, 0), TRUE);
  fl_test_gui_spin (300);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "intake-my-requests"));

  sign_out (window);
  fl_test_rm_rf (tmp);
}

/* ---- the queue -------------------------------------------------------- */

static guint
queue_rows (FlRequestsPage *page)
{
  return fl_request_list_get_n_rows (fl_requests_page_get_list (page, FL_REQUEST_LIST_QUEUE));
}

/* Examiners accept (opening a case) or return with a reason, oldest first;
 * an examiner without current training is refused with the core's message. */
static void
test_queue (FlTestUnit    *unit,
            gconstpointer  data)
{
  g_autofree char *tmp = fl_test_make_tmpdir ();
  gboolean real_face = FALSE;
  g_autofree char *probe = probe_path (tmp, &real_face);
  gint64 first = submit_by_core (unit, "rita", "Det. Rita Requester", "24-000101", probe);
  gint64 second = submit_by_core (unit, "rita", "Det. Rita Requester", "24-000102", probe);
  gint64 third = submit_by_core (unit, "ravi", "Det. Ravi Other", "RAVI-9", probe);
  FlMainWindow *window;
  FlRequestsPage *page;
  FlRequestList *queue;
  FlRequestRow *row;
  AdwMessageDialog *dialog;
  GtkWidget *reason;

  /* Uma's training is missing: Accept is refused with the core's reason. */
  window = sign_in (unit, "uma");
  page = show_requests (window, NULL);
  g_assert_cmpstr (fl_requests_page_get_view (page), ==, "queue");
  g_assert_cmpuint (queue_rows (page), ==, 3);
  queue = fl_requests_page_get_list (page, FL_REQUEST_LIST_QUEUE);
  click (child (fl_request_list_get_row (queue, 0), FL_TYPE_REQUEST_ROW, "accept_button"));
  dialog = wait_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "training"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "intake-accept-refused"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (queue_rows (page), ==, 3);
  g_assert_cmpint (fl_case_for_request (unit->db, first), ==, 0);
  sign_out (window);

  window = sign_in (unit, "ella");
  page = show_requests (window, NULL);
  queue = fl_requests_page_get_list (page, FL_REQUEST_LIST_QUEUE);
  g_assert_cmpuint (queue_rows (page), ==, 3);
  /* Oldest first. */
  g_assert_cmpint (fl_request_row_get_request_id (fl_request_list_get_row (queue, 0)), ==, first);
  g_assert_cmpint (fl_request_row_get_request_id (fl_request_list_get_row (queue, 2)), ==, third);
  fl_request_row_set_expanded (fl_request_list_get_row (queue, 0), TRUE);
  fl_test_gui_spin (500);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "intake-queue"));

  /* Return needs a reason of some length. */
  row = fl_request_list_find_row (queue, third);
  click (child (row, FL_TYPE_REQUEST_ROW, "return_button"));
  dialog = wait_dialog ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "return"));
  reason = gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog));
  g_assert_true (ADW_IS_ENTRY_ROW (reason));
  set_text (reason, "Short");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "return"));
  set_text (reason, "The images are missing the date and place they were taken.");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "return"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "intake-return"));
  respond (dialog, "return");
  fl_test_gui_spin (100);
  g_assert_cmpuint (queue_rows (page), ==, 2);
  g_assert_null (fl_request_list_find_row (queue, third));

  /* Accept opens the case. */
  click (child (fl_request_list_find_row (queue, first), FL_TYPE_REQUEST_ROW, "accept_button"));
  fl_test_gui_spin (100);
  assert_no_dialog ();
  g_assert_cmpint (fl_case_for_request (unit->db, first), >, 0);
  g_assert_cmpuint (queue_rows (page), ==, 1);
  g_assert_cmpint (fl_request_row_get_request_id (fl_request_list_get_row (queue, 0)), ==, second);

  /* An examiner enters only outside agencies' requests: the form says so. */
  {
    FlRequestForm *form = fl_requests_page_get_form (page);
    GtkWidget *outside = form_child (form, "outside_switch");

    g_assert_true (fl_requests_page_show_view (page, "new"));
    g_assert_true (gtk_switch_get_active (GTK_SWITCH (outside)));
    g_assert_false (gtk_widget_is_sensitive (outside));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_child (form, "requester_row"))), ==, "");
  }
  sign_out (window);

  /* The requester sees the outcome of each. */
  window = sign_in (unit, "rita");
  page = show_requests (window, "mine");
  {
    FlRequestList *mine = fl_requests_page_get_list (page, FL_REQUEST_LIST_MINE);
    FlRequestRow *accepted = fl_request_list_find_row (mine, first);

    g_assert_cmpuint (fl_request_list_get_n_rows (mine), ==, 2);
    g_assert_nonnull (accepted);
    g_assert_nonnull (strstr (fl_request_row_get_state_text (accepted), "FR-"));
    g_assert_null (fl_request_list_find_row (mine, third));
    g_assert_false (fl_requests_page_show_view (page, "queue"));
  }
  sign_out (window);

  /* Someone who both requests and examines has all three views. */
  {
    g_autoptr(FlSession) admin = fl_test_unit_login (unit, "admin");
    g_autoptr(GError) error = NULL;
    gint64 id = fl_accounts_create_user (unit->db, admin, "dana", "Dana Both", FL_TEST_PASSWORD,
                                         FL_ROLE_REQUESTER | FL_ROLE_EXAMINER, &error);

    g_assert_no_error (error);
    g_assert_cmpint (id, >, 0);
    fl_session_logout (admin);
  }
  window = sign_in (unit, "dana");
  page = show_requests (window, NULL);
  g_assert_true (fl_requests_page_show_view (page, "queue"));
  g_assert_cmpuint (queue_rows (page), ==, 1);
  g_assert_true (fl_requests_page_show_view (page, "mine"));
  g_assert_true (fl_requests_page_show_view (page, "new"));
  /* As a requester, Dana may send the unit's own requests. */
  g_assert_true (gtk_widget_is_sensitive (form_child (fl_requests_page_get_form (page), "outside_switch")));
  sign_out (window);
  fl_test_rm_rf (tmp);
}

/* ---- cases ------------------------------------------------------------ */

static FlCasesPage *
show_cases (FlMainWindow *window)
{
  g_assert_true (fl_main_window_show_section (window, "cases"));
  return FL_CASES_PAGE (fl_main_window_get_page (window, "cases"));
}

static gboolean
leaflet_folded (gpointer user_data)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (child (user_data, FL_TYPE_CASES_PAGE, "leaflet")));
}

static gboolean
has_pdf_header (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  return g_file_get_contents (path, &contents, &length, NULL) && length > 4 && memcmp (contents, "%PDF", 4) == 0;
}

/* A case after accept: header, probe and timeline; the request form prints. */
static void
test_case_timeline (FlTestUnit    *unit,
                    gconstpointer  data)
{
  g_autofree char *tmp = fl_test_make_tmpdir ();
  gboolean real_face = FALSE;
  g_autofree char *probe = probe_path (tmp, &real_face);
  g_autofree char *filled = g_build_filename (tmp, "filled.pdf", NULL);
  g_autofree char *blank = g_build_filename (tmp, "blank.pdf", NULL);
  const char *paths[] = { probe };
  g_autoptr(FlSession) ella = fl_test_unit_login (unit, "ella");
  gint64 case_id = fl_test_open_case (unit, NULL, ella, paths, 1);
  g_autoptr(GError) error = NULL;
  FlMainWindow *window;
  FlCasesPage *page;
  FlCaseView *view;
  GtkSelectionModel *selection;
  const FlCase *kase;

  fl_session_logout (ella);

  window = sign_in (unit, "ella");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 1000);
  page = show_cases (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fl_cases_page_get_model (page))), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (page, FL_TYPE_CASES_PAGE, "count_label"))), ==, "1 case");
  fl_test_gui_spin (200);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "case-list-one"));

  /* Choosing the row shows its case file. */
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (child (page, FL_TYPE_CASES_PAGE, "list_view")));
  gtk_selection_model_select_item (selection, 0, TRUE);
  view = fl_cases_page_get_case_view (page);
  g_assert_cmpint (fl_case_view_get_case_id (view), ==, case_id);
  kase = fl_case_view_get_case (view);
  g_assert_true (g_str_has_prefix (kase->fr_number, "FR-"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (view, FL_TYPE_CASE_VIEW, "fr_label"))), ==, kase->fr_number);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (view, FL_TYPE_CASE_VIEW, "state_label"))), ==, "Intake");
  g_assert_cmpuint (fl_case_view_get_n_probes (view), ==, 1);
  /* Submitted, then accepted (and whatever the core records with it). */
  g_assert_cmpuint (fl_case_view_get_n_timeline_rows (view), >=, 2);
  fl_test_gui_spin (1000);
  /* The header stays in the first screenshot; the second shows the whole timeline. */
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "case-view"));
  scroll_to (child (view, FL_TYPE_CASE_VIEW, "scroller"), child (view, FL_TYPE_CASE_VIEW, "details_grid"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "case-timeline"));

  /* A narrow window shows one column at a time, with a way back to the list. */
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 800);
  g_assert_true (fl_test_gui_wait_for (leaflet_folded, page, 3000));
  g_assert_true (fl_cases_page_show_case (page, case_id, &error));
  g_assert_true (gtk_widget_get_visible (child (page, FL_TYPE_CASES_PAGE, "back_bar")));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "case-narrow"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 1000);

  /* The request form, filled and blank. */
  g_assert_true (fl_case_view_export_form (view, TRUE, filled, &error));
  g_assert_no_error (error);
  g_assert_true (has_pdf_header (filled));
  g_assert_true (fl_case_view_export_form (view, FALSE, blank, &error));
  g_assert_no_error (error);
  g_assert_true (has_pdf_header (blank));
  sign_out (window);

  /* The requester sees the case; another requester has none. */
  window = sign_in (unit, "rita");
  page = show_cases (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fl_cases_page_get_model (page))), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (page, FL_TYPE_CASES_PAGE, "stack"))), ==,
                   "content");
  sign_out (window);
  window = sign_in (unit, "ravi");
  page = show_cases (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fl_cases_page_get_model (page))), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (page, FL_TYPE_CASES_PAGE, "stack"))), ==,
                   "empty");
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "case-list-empty"));
  g_assert_false (fl_cases_page_show_case (page, case_id, &error));
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  sign_out (window);
  fl_test_rm_rf (tmp);
}

/* ---- Spanish --------------------------------------------------------- */

/* The form and the lists are in Spanish (the core's own messages are English-only). */
static void
test_spanish (FlTestUnit    *unit,
              gconstpointer  data)
{
  FlMainWindow *window;
  FlRequestsPage *page;
  FlRequestForm *form;

  if (!fl_test_gui_use_spanish ())
    return;

  window = sign_in (unit, "rita");
  page = show_requests (window, "new");
  form = fl_requests_page_get_form (page);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (form_child (form, "submit_button"))), ==, "_Enviar solicitud");
  g_assert_nonnull (strstr (fl_request_form_get_problem (form), "campos requieren atención"));
  set_text (form_child (form, "phone_row"), "12");
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "es-intake-form"));
  g_assert_true (fl_requests_page_show_view (page, "mine"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "es-intake-my-requests"));
  sign_out (window);

  setlocale (LC_ALL, "C");
  g_unsetenv ("LANGUAGE");
}

/* ---- 100 000 cases ---------------------------------------------------- */

static void
fill_cases (FlTestUnit *unit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) req = NULL;
  g_autoptr(sqlite3_stmt) kase = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 6, 1, 8, 0, 0);
  gint64 examiners[3] = { unit->examiner_id, unit->untrained_id, unit->expired_id };
  static const char * const incidents[] = { "Robbery", "Burglary", "Assault", "Fraud or identity theft" };
  gint64 t0 = g_get_monotonic_time ();

  g_assert_true (fl_db_begin (unit->db, &error));
  req = fl_db_prepare (unit->db,
                       "INSERT INTO requests (id, created_at, created_by, requesting_agency, requester_name, phone,"
                       " email, agency_case_number, incident_type, reason, purpose, image_count,"
                       " protected_class_attested, ack_name, ack_date, state, decided_by, decided_at)"
                       " VALUES (?1, ?2, ?3, 'Example City Police Department', 'Det. Example', '213-555-0100',"
                       " 'det@examplepd.gov', ?4, ?6, 'Facts amounting to reasonable suspicion, at length.',"
                       " 'Suspect in a criminal offense', 1, 1, 'Det. Example', substr (?2, 1, 10), 'accepted',"
                       " ?5, ?2);", &error);
  g_assert_no_error (error);
  kase = fl_db_prepare (unit->db, "INSERT INTO cases (id, fr_number, request_id, examiner_id, state, opened_at)"
                                  " VALUES (?1, ?2, ?1, ?3, ?4, ?5);", &error);
  g_assert_no_error (error);

  for (gint64 i = 1; i <= N_CASES; i++)
    {
      g_autoptr(GDateTime) when = g_date_time_add_seconds (start, (gdouble) i * 631.0);
      g_autofree char *ts = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S.000000Z");
      g_autofree char *fr = g_strdup_printf ("FR-%04d-%06" G_GINT64_FORMAT, g_date_time_get_year (when), i);
      g_autofree char *agency = g_strdup_printf ("%02d-%06" G_GINT64_FORMAT, g_date_time_get_year (when) % 100,
                                                 (i * 7919) % 1000000);
      gint64 examiner = examiners[i % 3];
      FlCaseState state = i > N_CASES - 500 ? (FlCaseState) (FL_CASE_INTAKE + i % 6) : FL_CASE_CLOSED;

      sqlite3_reset (req);
      sqlite3_bind_int64 (req, 1, i);
      fl_db_bind_text (req, 2, ts);
      sqlite3_bind_int64 (req, 3, i % 3 == 0 ? unit->requester_id : unit->requester2_id);
      fl_db_bind_text (req, 4, agency);
      sqlite3_bind_int64 (req, 5, examiner);
      fl_db_bind_text (req, 6, incidents[i % G_N_ELEMENTS (incidents)]);
      g_assert_cmpint (sqlite3_step (req), ==, SQLITE_DONE);

      sqlite3_reset (kase);
      sqlite3_bind_int64 (kase, 1, i);
      fl_db_bind_text (kase, 2, fr);
      sqlite3_bind_int64 (kase, 3, examiner);
      fl_db_bind_text (kase, 4, fl_case_state_to_string (state));
      fl_db_bind_text (kase, 5, ts);
      g_assert_cmpint (sqlite3_step (kase), ==, SQLITE_DONE);
    }
  g_assert_true (fl_db_commit (unit->db, &error));
  g_assert_true (fl_db_exec (unit->db, "ANALYZE;", &error));
  g_test_message ("inserted %d requests and cases in %.1f s", N_CASES, (g_get_monotonic_time () - t0) / 1e6);
}

static void
report (const char *what,
        double      ms)
{
  g_test_message ("%-46s %8.1f ms", what, ms);
  g_printerr ("%-46s %8.1f ms\n", what, ms);
}

/* What the model asked the core for so far. */
static void
report_reads (FlCaseListModel *model)
{
  guint pages, counts;
  double ms;

  fl_case_list_model_get_stats (model, &pages, &counts, &ms);
  g_test_message ("  so far: %u pages of %d and %u counts read in %.1f ms", pages, FL_CASE_LIST_PAGE_SIZE, counts, ms);
  g_printerr ("  so far: %u pages of %d and %u counts read in %.1f ms\n", pages, FL_CASE_LIST_PAGE_SIZE, counts, ms);
}

typedef struct
{
  GtkWidget  *list_view;
  const char *fr_number;
} FindRow;

/* TRUE when a row showing @fr_number is on screen (bound) in the list. */
static gboolean
row_shown (gpointer user_data)
{
  FindRow *find = user_data;
  GtkWidget *widget = find->list_view;

  /* Depth-first over the list view's widgets. */
  while (widget != NULL)
    {
      if (FL_IS_CASE_ROW (widget) && gtk_widget_get_mapped (widget) &&
          g_strcmp0 (fl_case_row_get_fr_number (FL_CASE_ROW (widget)), find->fr_number) == 0)
        return TRUE;
      if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != NULL && widget != find->list_view && gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          if (widget == NULL || widget == find->list_view)
            return FALSE;
          widget = gtk_widget_get_next_sibling (widget);
        }
    }
  return FALSE;
}

typedef struct
{
  GtkLabel   *label;
  const char *before;
} LabelChange;

static gboolean
label_changed (gpointer user_data)
{
  LabelChange *change = user_data;

  return g_strcmp0 (gtk_label_get_text (change->label), change->before) != 0;
}

/* The list opens and scrolls to the end quickly with 100 000 cases. */
static void
test_case_list_100000 (FlTestUnit    *unit,
                       gconstpointer  data)
{
  FlMainWindow *window;
  FlCasesPage *page;
  FlCaseListModel *model;
  GtkWidget *list_view, *scroller;
  GtkAdjustment *adj;
  GtkLabel *count;
  FindRow newest, oldest;
  g_autofree char *before = NULL;
  LabelChange change;
  gint64 t0;
  gboolean reached = FALSE;

  fill_cases (unit);
  window = sign_in (unit, "ella");

  t0 = g_get_monotonic_time ();
  page = show_cases (window);
  list_view = child (page, FL_TYPE_CASES_PAGE, "list_view");
  newest = (FindRow) { list_view, "FR-2026-100000" };
  g_assert_true (fl_test_gui_wait_for (row_shown, &newest, 10000));
  report ("open Cases, newest row drawn", (g_get_monotonic_time () - t0) / 1000.0);
  model = fl_cases_page_get_model (page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CASES);
  count = GTK_LABEL (child (page, FL_TYPE_CASES_PAGE, "count_label"));
  g_assert_cmpstr (gtk_label_get_text (count), ==, "100000 cases");
  report_reads (model);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "case-list"));

  /* Drag the scroll bar to the end: the oldest case comes into view. */
  scroller = child (page, FL_TYPE_CASES_PAGE, "list_scroller");
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  oldest = (FindRow) { list_view, "FR-2024-000001" };
  t0 = g_get_monotonic_time ();
  /* The list view estimates the height of rows it has not drawn: a few
   * frames may pass before the end settles. */
  for (guint i = 0; i < 50 && !reached; i++)
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
      reached = fl_test_gui_wait_for (row_shown, &oldest, 100);
    }
  g_assert_true (reached);
  report ("scroll to the end, oldest row drawn", (g_get_monotonic_time () - t0) / 1000.0);
  report_reads (model);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "case-list-end"));

  /* Scroll back up page by page, as with the mouse wheel: keyset reads. */
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < 40; i++)
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) - gtk_adjustment_get_page_size (adj) * 5);
      fl_test_gui_wait_drawn (list_view, 1000);
    }
  report ("40 jumps of 5 screens up, each drawn", (g_get_monotonic_time () - t0) / 1000.0);

  /* Filters: each re-counts and reads one page. */
  before = g_strdup (gtk_label_get_text (count));
  change = (LabelChange) { count, before };
  t0 = g_get_monotonic_time ();
  gtk_editable_set_text (GTK_EDITABLE (child (page, FL_TYPE_CASES_PAGE, "search_entry")), "FR-2025-0777");
  g_assert_true (fl_test_gui_wait_for (label_changed, &change, 5000));
  fl_test_gui_wait_drawn (list_view, 1000);
  report ("search \"FR-2025-0777\" (incl. 150 ms typing delay)", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);

  g_free (before);
  before = g_strdup (gtk_label_get_text (count));
  change.before = before;
  gtk_editable_set_text (GTK_EDITABLE (child (page, FL_TYPE_CASES_PAGE, "search_entry")), "");
  g_assert_true (fl_test_gui_wait_for (label_changed, &change, 5000));
  t0 = g_get_monotonic_time ();
  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (page, FL_TYPE_CASES_PAGE, "state_dropdown")), FL_CASE_REVIEW);
  fl_test_gui_wait_drawn (list_view, 1000);
  report ("state = review", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, 500);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (page, FL_TYPE_CASES_PAGE, "state_dropdown")), 0);
  t0 = g_get_monotonic_time ();
  gtk_editable_set_text (GTK_EDITABLE (child (page, FL_TYPE_CASES_PAGE, "from_entry")), "2025-03-01");
  gtk_editable_set_text (GTK_EDITABLE (child (page, FL_TYPE_CASES_PAGE, "to_entry")), "2025-03-31");
  fl_test_gui_wait_drawn (list_view, 1000);
  report ("opened 2025-03-01 to 2025-03-31", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 3000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, 6000);
  /* A wrong date is marked and not applied. */
  gtk_editable_set_text (GTK_EDITABLE (child (page, FL_TYPE_CASES_PAGE, "to_entry")), "2025-02-30");
  g_assert_true (gtk_widget_has_css_class (child (page, FL_TYPE_CASES_PAGE, "to_entry"), "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (count), "not a date"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "case-list-filtered"));

  report_reads (model);
  sign_out (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  fl_test_gui_init (&argc, &argv);

  app = fl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/intake/form/validation", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_form_validation, fl_test_gui_unit_teardown);
  g_test_add ("/intake/form/refusal-and-submit", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_form_refusal_and_submit, fl_test_gui_unit_teardown);
  g_test_add ("/intake/queue", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_queue, fl_test_gui_unit_teardown);
  g_test_add ("/intake/i18n/spanish", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_spanish, fl_test_gui_unit_teardown);
  g_test_add ("/cases/timeline", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_case_timeline, fl_test_gui_unit_teardown);
  g_test_add ("/cases/list-100000", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_case_list_100000, fl_test_gui_unit_teardown);

  status = g_test_run ();
  fl_test_gui_close_all ();
  g_object_unref (app);
  return status;
}
