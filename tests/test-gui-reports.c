/* test-gui-reports.c: the Reports section (suite 'display'): the list, the
 * Poppler preview with zoom and pages, printing to a PDF file, the release
 * dialog with the core's refusal, and the requester's outcome dialog.
 * File choosers are native dialogs a test cannot drive, so Save As… is
 * checked through fl_report_view_save_to(), which its chooser calls.
 *
 * Runs under Xvfb with GSK_RENDERER=cairo; each step writes a screenshot
 * into the build tree's screenshots/ folder. The cases are built with
 * fl-test-report-case.c: their reports are issued by the core, so the PDFs
 * shown are the real ones.
 */
#include <math.h>
#include <string.h>

#include "fl-application.h"
#include "fl-dissemination.h"
#include "fl-lead-notice.h"
#include "fl-login-window.h"
#include "fl-main-window.h"
#include "fl-outcome-dialog.h"
#include "fl-pdf-view.h"
#include "fl-release-dialog.h"
#include "fl-report.h"
#include "fl-report-view.h"
#include "fl-reports-page.h"
#include "fl-test-admin.h"
#include "fl-test-gui.h"
#include "fl-test-report-case.h"

#define DOCUMENTATION "Commander J. Ortiz determined on 3 March at 09:10 that the public is at risk (memo PS-26-014)."

static FlApplication *app;

typedef struct
{
  FlTestUnit       unit;
  FlTestReportCase rita_case;
  FlTestReportCase ravi_case;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fl_test_gui_unit_setup (&f->unit, data);
  fl_test_report_case_build (&f->unit, "FR-2026-000042", f->unit.requester_id, &f->rita_case);
  fl_test_report_case_build (&f->unit, "FR-2026-000043", f->unit.requester2_id, &f->ravi_case);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fl_test_report_case_clear (&f->rita_case);
  fl_test_report_case_clear (&f->ravi_case);
  fl_test_gui_unit_teardown (&f->unit, data);
}

/* ---- helpers ---- */

static GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
set_text (gpointer    widget,
          GType       type,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (widget, type, name)), text);
}

/* Clicks at once (gtk_widget_activate would wait for the button's press animation). */
static void
click (gpointer    widget,
       GType       type,
       const char *name)
{
  GtkWidget *button = child (widget, type, name);

  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gint64
count (FlTestUnit *unit,
       const char *sql)
{
  return fl_test_query_int (unit, sql, 0);
}

static gboolean
window_gone (gpointer user_data)
{
  return fl_test_gui_find_window (GPOINTER_TO_SIZE (user_data)) == NULL;
}

static gboolean
canvas_rendered (gpointer user_data)
{
  return fl_pdf_canvas_is_rendered (user_data);
}

/* A shown window keeps its size, so the main window gets room for the
 * preview as it is created (the toplevel list learns of it before it is shown). */
static void
toplevels_changed_cb (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added,
                      gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (FL_IS_MAIN_WINDOW (window))
        gtk_window_set_default_size (window, 1280, 960);
    }
}

/* Signs @username in and opens Reports. */
static FlReportsPage *
open_reports (FlTestUnit    *unit,
              const char    *username,
              FlMainWindow **out_window)
{
  GtkWidget *window = fl_test_gui_sign_in (G_APPLICATION (app), unit, username);

  g_assert_true (fl_main_window_show_section (FL_MAIN_WINDOW (window), "reports"));
  g_assert_true (fl_test_gui_wait_drawn (GTK_WIDGET (window), 5000));
  fl_test_gui_spin (100);
  *out_window = FL_MAIN_WINDOW (window);
  return FL_REPORTS_PAGE (fl_main_window_get_page (FL_MAIN_WINDOW (window), "reports"));
}

static guint
n_rows (FlReportsPage *page)
{
  GtkListBox *list = GTK_LIST_BOX (child (page, FL_TYPE_REPORTS_PAGE, "report_list"));
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static const char *
row_subtitle (FlReportsPage *page,
              guint          index)
{
  GtkListBox *list = GTK_LIST_BOX (child (page, FL_TYPE_REPORTS_PAGE, "report_list"));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  g_assert_true (ADW_IS_ACTION_ROW (row));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static const char *
row_title (FlReportsPage *page,
           guint          index)
{
  GtkListBox *list = GTK_LIST_BOX (child (page, FL_TYPE_REPORTS_PAGE, "report_list"));

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list, index)));
}

/* The lead-only banner is on screen (R18). */
static void
assert_lead_notice_shown (GtkWidget *widget)
{
  GtkWidget *notice = fl_test_gui_find_child (widget, FL_TYPE_LEAD_NOTICE);

  g_assert_nonnull (notice);
  g_assert_true (gtk_widget_get_mapped (notice));
  g_assert_cmpint (gtk_widget_get_height (notice), >, 0);
}

static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
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

static int
pdf_pages (const char *pdf)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *out = run_tool (argv);
  const char *p = strstr (out, "Pages:");

  g_assert_nonnull (p);
  return atoi (p + strlen ("Pages:"));
}

/* ---- records staff: list, preview, zoom, print, release ---- */

static void
check_zoom_keeps_point (FlPdfCanvas *canvas)
{
  graphene_rect_t before, after;
  double zoom = fl_pdf_canvas_get_zoom (canvas);
  double x = gtk_widget_get_width (GTK_WIDGET (canvas)) * 0.3;
  double y = gtk_widget_get_height (GTK_WIDGET (canvas)) * 0.4;
  double doc_x, doc_y;

  /* The document point under (x, y), in PDF points, before and after a Ctrl+scroll step there. */
  fl_pdf_canvas_get_page_rect (canvas, &before);
  doc_x = (x - before.origin.x) / zoom;
  doc_y = (y - before.origin.y) / zoom;
  fl_pdf_canvas_zoom_at (canvas, 1.2, x, y);
  g_assert_cmpfloat_with_epsilon (fl_pdf_canvas_get_zoom (canvas), zoom * 1.2, 1e-9);
  g_assert_false (fl_pdf_canvas_get_fit_width (canvas));
  fl_pdf_canvas_get_page_rect (canvas, &after);
  g_assert_cmpfloat_with_epsilon ((x - after.origin.x) / fl_pdf_canvas_get_zoom (canvas), doc_x, 0.01);
  g_assert_cmpfloat_with_epsilon ((y - after.origin.y) / fl_pdf_canvas_get_zoom (canvas), doc_y, 0.01);
}

static void
test_records (Fixture       *f,
              gconstpointer  data)
{
  FlMainWindow *window;
  FlReportsPage *page = open_reports (&f->unit, "rob", &window);
  FlReportView *view = fl_reports_page_get_report_view (page);
  FlPdfView *pdf_view = fl_report_view_get_pdf_view (view);
  FlPdfCanvas *canvas = fl_pdf_view_get_canvas (pdf_view);
  g_autofree char *printed = g_build_filename (f->unit.dir, "printed.pdf", NULL);
  g_autofree char *stored = g_build_filename (f->unit.dir, "stored.pdf", NULL);
  g_autofree char *label = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  double fit_zoom;
  int pages;

  /* Records staff see every report, newest first, with its kind, date and releases. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (page, FL_TYPE_REPORTS_PAGE, "stack"))), ==,
                   "content");
  g_assert_cmpuint (n_rows (page), ==, 2);
  g_assert_cmpstr (row_title (page, 0), ==, f->ravi_case.uid);
  g_assert_cmpstr (row_title (page, 1), ==, f->rita_case.uid);
  g_assert_nonnull (strstr (row_subtitle (page, 1), "Investigative lead"));
  g_assert_nonnull (strstr (row_subtitle (page, 1), "Not released"));
  assert_lead_notice_shown (GTK_WIDGET (page));
  g_assert_cmpint (fl_report_view_get_report_id (view), ==, 0);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "reports-list"));

  /* Selecting shows the stored PDF, checked and audited by the core. */
  g_assert_true (fl_reports_page_select_report (page, f->rita_case.report_id));
  g_assert_true (fl_test_gui_wait_drawn (GTK_WIDGET (canvas), 5000));
  g_assert_true (fl_test_gui_wait_for (canvas_rendered, canvas, 10000));
  g_assert_cmpint (count (&f->unit, "SELECT count (*) FROM audit WHERE action = 'report.view' AND outcome = 'success';"),
                   ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (view, FL_TYPE_REPORT_VIEW, "title_label"))), ==,
                   f->rita_case.uid);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (view, FL_TYPE_REPORT_VIEW, "hash_label"))), ==,
                   f->rita_case.hash);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (view, FL_TYPE_REPORT_VIEW, "issued_label"))),
                            "Ella Examiner"));
  g_assert_true (gtk_widget_get_visible (child (view, FL_TYPE_REPORT_VIEW, "release_button")));
  g_assert_false (gtk_widget_get_visible (child (view, FL_TYPE_REPORT_VIEW, "outcome_button")));
  {
    /* Save As… (what the file chooser calls): the stored PDF, byte for byte, recorded. */
    g_autofree char *bytes = NULL;
    g_autofree char *sha = NULL;
    gsize len;

    g_assert_true (fl_report_view_save_to (view, stored, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (stored, &bytes, &len, NULL));
    sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, len);
    g_assert_cmpstr (sha, ==, f->rita_case.hash);
    g_assert_cmpint (count (&f->unit, "SELECT count (*) FROM audit WHERE action = 'report.export'"
                                      " AND outcome = 'success';"), ==, 1);
    /* The preview has as many pages as the stored file. */
    pages = pdf_pages (stored);
    g_assert_cmpint (pages, >=, 2);
    g_assert_cmpint (fl_pdf_canvas_get_n_pages (canvas), ==, pages);
    label = g_strdup_printf ("1 of %d", pages);
    g_assert_cmpstr (fl_pdf_view_get_page_label (pdf_view), ==, label);
  }
  /* Fit width: page 1 across the view, readable. */
  g_assert_true (fl_pdf_canvas_get_fit_width (canvas));
  fit_zoom = fl_pdf_canvas_get_zoom (canvas);
  g_assert_cmpfloat (fit_zoom, >, 1.0);
  assert_lead_notice_shown (GTK_WIDGET (page));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "report-preview"));

  /* Zoom: "+" twice from the view's centre, then a Ctrl+scroll step that keeps the point under the pointer. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pdf_view), "pdf.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pdf_view), "pdf.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (fl_pdf_canvas_get_zoom (canvas), fit_zoom * 1.44, 1e-9);
  g_assert_false (fl_pdf_canvas_get_fit_width (canvas));
  check_zoom_keeps_point (canvas);
  g_assert_true (fl_test_gui_wait_for (canvas_rendered, canvas, 10000));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "report-preview-zoomed"));
  /* "−" and "0" */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pdf_view), "pdf.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (fl_pdf_canvas_get_zoom (canvas), fit_zoom * 1.44, 1e-9);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pdf_view), "pdf.fit-width", NULL));
  g_assert_true (fl_pdf_canvas_get_fit_width (canvas));
  g_assert_cmpfloat_with_epsilon (fl_pdf_canvas_get_zoom (canvas), fit_zoom, 1e-9);
  /* Page Down / Page Up */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pdf_view), "pdf.next-page", NULL));
  g_clear_pointer (&label, g_free);
  label = g_strdup_printf ("2 of %d", pages);
  g_assert_cmpstr (fl_pdf_view_get_page_label (pdf_view), ==, label);
  g_assert_true (fl_test_gui_wait_for (canvas_rendered, canvas, 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pdf_view), "pdf.previous-page", NULL));
  g_assert_cmpint (fl_pdf_canvas_get_page (canvas), ==, 0);

  /* Printing, exported to a file through the same operation Print… runs. */
  {
    g_autoptr(GtkPrintOperation) operation = fl_report_view_create_print_operation (view, &error);
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    gtk_print_operation_set_export_filename (operation, printed);
    g_assert_cmpint (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, GTK_WINDOW (window),
                                              &error), ==, GTK_PRINT_OPERATION_RESULT_APPLY);
    g_assert_no_error (error);
    g_assert_cmpint (pdf_pages (printed), ==, pages);
    text = pdf_text (printed);
    g_assert_nonnull (strstr (text, FL_REPORT_LEAD_BANNER));
    g_assert_nonnull (strstr (text, f->rita_case.uid));
    g_assert_cmpint (count (&f->unit, "SELECT count (*) FROM audit WHERE action = 'report.print'"
                                      " AND outcome = 'success';"), ==, 1);
  }

  /* Record Release…: a public release without documentation is refused in the dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.release", NULL));
  dialog = fl_test_gui_wait_window (FL_TYPE_RELEASE_DIALOG, 2000);
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_sensitive (child (dialog, FL_TYPE_RELEASE_DIALOG, "record_button")));
  g_assert_false (gtk_widget_get_visible (child (dialog, FL_TYPE_RELEASE_DIALOG, "exception_row")));
  set_text (dialog, FL_TYPE_RELEASE_DIALOG, "recipient_row", "Dana Press, news desk");
  set_text (dialog, FL_TYPE_RELEASE_DIALOG, "agency_row", "Channel 5 News");
  set_text (dialog, FL_TYPE_RELEASE_DIALOG, "purpose_row", "Appeal for information: the suspect is armed");
  g_assert_true (gtk_widget_get_sensitive (child (dialog, FL_TYPE_RELEASE_DIALOG, "record_button")));
  gtk_switch_set_active (GTK_SWITCH (child (dialog, FL_TYPE_RELEASE_DIALOG, "public_switch")), TRUE);
  g_assert_true (gtk_widget_get_visible (child (dialog, FL_TYPE_RELEASE_DIALOG, "exception_row")));
  g_assert_true (gtk_widget_get_visible (child (dialog, FL_TYPE_RELEASE_DIALOG, "documentation_group")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, FL_TYPE_RELEASE_DIALOG, "exception_row")), 1);
  click (dialog, FL_TYPE_RELEASE_DIALOG, "record_button");
  g_assert_nonnull (fl_release_dialog_get_error (FL_RELEASE_DIALOG (dialog)));
  g_assert_nonnull (strstr (fl_release_dialog_get_error (FL_RELEASE_DIALOG (dialog)), "must be documented"));
  g_assert_true (gtk_widget_get_mapped (child (dialog, FL_TYPE_RELEASE_DIALOG, "error_label")));
  g_assert_cmpint (count (&f->unit, "SELECT count (*) FROM disseminations;"), ==, 0);
  g_assert_cmpint (count (&f->unit, "SELECT count (*) FROM audit WHERE action = 'report.release'"
                                    " AND outcome = 'refused';"), ==, 1);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "release-dialog-refused"));

  /* With the documentation the release is logged and the dialog closes. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (dialog, FL_TYPE_RELEASE_DIALOG,
                                                                           "documentation_view"))),
                            DOCUMENTATION, -1);
  click (dialog, FL_TYPE_RELEASE_DIALOG, "record_button");
  g_assert_true (fl_test_gui_wait_for (window_gone, GSIZE_TO_POINTER (FL_TYPE_RELEASE_DIALOG), 2000));
  g_assert_cmpint (count (&f->unit, "SELECT count (*) FROM disseminations WHERE public_release = 1"
                                    " AND exception = 'public-safety determination by the commander';"), ==, 1);
  g_assert_cmpuint (n_rows (page), ==, 2);
  g_assert_nonnull (strstr (row_subtitle (page, 1), "Released 1 time"));
  g_assert_cmpstr (gtk_expander_get_label (GTK_EXPANDER (child (view, FL_TYPE_REPORT_VIEW, "releases_expander"))),
                   ==, "1 Release");
  g_assert_true (gtk_expander_get_expanded (GTK_EXPANDER (child (view, FL_TYPE_REPORT_VIEW, "releases_expander"))));
  /* The preview was not re-read (nor re-audited) for the new release. */
  g_assert_cmpint (fl_report_view_get_report_id (view), ==, f->rita_case.report_id);
  g_assert_cmpint (count (&f->unit, "SELECT count (*) FROM audit WHERE action = 'report.view' AND outcome = 'success';"),
                   ==, 1);
  g_assert_true (fl_test_gui_wait_for (canvas_rendered, canvas, 10000));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "release-recorded"));

  /* The search narrows the list; a search that finds nothing keeps the section (not "No Reports"). */
  gtk_editable_set_text (GTK_EDITABLE (child (page, FL_TYPE_REPORTS_PAGE, "search_entry")), "000043");
  fl_page_refresh (FL_PAGE (page));
  g_assert_cmpuint (n_rows (page), ==, 1);
  g_assert_cmpint (fl_report_view_get_report_id (view), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (child (page, FL_TYPE_REPORTS_PAGE, "search_entry")), "no-such-report");
  fl_page_refresh (FL_PAGE (page));
  g_assert_cmpuint (n_rows (page), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (page, FL_TYPE_REPORTS_PAGE, "stack"))), ==,
                   "content");
}

/* ---- the requester: only their report, and the outcome dialog ---- */

static void
test_requester_outcome (Fixture       *f,
                        gconstpointer  data)
{
  FlMainWindow *window;
  FlReportsPage *page = open_reports (&f->unit, "rita", &window);
  FlReportView *view = fl_reports_page_get_report_view (page);
  GtkWindow *dialog;

  g_assert_cmpuint (n_rows (page), ==, 1);
  g_assert_cmpstr (row_title (page, 0), ==, f->rita_case.uid);
  g_assert_true (fl_reports_page_select_report (page, f->rita_case.report_id));
  g_assert_true (fl_test_gui_wait_for (canvas_rendered, fl_pdf_view_get_canvas (fl_report_view_get_pdf_view (view)),
                                       10000));
  g_assert_false (gtk_widget_get_visible (child (view, FL_TYPE_REPORT_VIEW, "release_button")));
  g_assert_true (gtk_widget_get_visible (child (view, FL_TYPE_REPORT_VIEW, "outcome_button")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (view, FL_TYPE_REPORT_VIEW, "outcome_label"))), ==,
                   "Not recorded yet by the requester");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "report.outcome", NULL));
  dialog = fl_test_gui_wait_window (FL_TYPE_OUTCOME_DIALOG, 2000);
  g_assert_nonnull (dialog);
  g_assert_true (fl_test_gui_wait_drawn (GTK_WIDGET (dialog), 5000));
  assert_lead_notice_shown (GTK_WIDGET (dialog));
  /* Nothing is preselected: the outcome must be chosen. */
  g_assert_false (gtk_widget_get_sensitive (child (dialog, FL_TYPE_OUTCOME_DIALOG, "record_button")));
  g_assert_false (gtk_widget_get_visible (child (dialog, FL_TYPE_OUTCOME_DIALOG, "confirmed_by_row")));
  g_assert_false (gtk_widget_get_visible (child (dialog, FL_TYPE_OUTCOME_DIALOG, "fingerprints_row")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (dialog, FL_TYPE_OUTCOME_DIALOG, "confirmed_check")), TRUE);
  g_assert_true (gtk_widget_get_sensitive (child (dialog, FL_TYPE_OUTCOME_DIALOG, "record_button")));
  g_assert_true (gtk_widget_get_visible (child (dialog, FL_TYPE_OUTCOME_DIALOG, "confirmed_by_row")));

  /* Confirmed without saying by what: refused by the core, shown in the dialog. */
  click (dialog, FL_TYPE_OUTCOME_DIALOG, "record_button");
  g_assert_nonnull (fl_outcome_dialog_get_error (FL_OUTCOME_DIALOG (dialog)));
  g_assert_nonnull (strstr (fl_outcome_dialog_get_error (FL_OUTCOME_DIALOG (dialog)), "which other means"));

  /* An arrest primarily on the lead needs the fingerprint answer. */
  set_text (dialog, FL_TYPE_OUTCOME_DIALOG, "confirmed_by_row", "Fingerprint comparison by the county lab");
  gtk_switch_set_active (GTK_SWITCH (child (dialog, FL_TYPE_OUTCOME_DIALOG, "arrest_switch")), TRUE);
  g_assert_true (gtk_widget_get_visible (child (dialog, FL_TYPE_OUTCOME_DIALOG, "fingerprints_row")));
  click (dialog, FL_TYPE_OUTCOME_DIALOG, "record_button");
  g_assert_nonnull (strstr (fl_outcome_dialog_get_error (FL_OUTCOME_DIALOG (dialog)), "fingerprints were compared"));
  g_assert_cmpint (count (&f->unit, "SELECT count (*) FROM outcomes;"), ==, 0);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "outcome-dialog"));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (dialog, FL_TYPE_OUTCOME_DIALOG, "fingerprints_yes")), TRUE);
  click (dialog, FL_TYPE_OUTCOME_DIALOG, "record_button");
  g_assert_true (fl_test_gui_wait_for (window_gone, GSIZE_TO_POINTER (FL_TYPE_OUTCOME_DIALOG), 2000));
  g_assert_cmpint (count (&f->unit, "SELECT count (*) FROM outcomes WHERE outcome = 'confirmed'"
                                    " AND arrest_primarily_on_lead = 1 AND fingerprints_compared = 1;"), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (view, FL_TYPE_REPORT_VIEW, "outcome_label"))), ==,
                   "Identification confirmed by other means");
}

/* ---- no report at all: the empty state says so, and why ---- */

static void
test_empty (FlTestUnit    *unit,
            gconstpointer  data)
{
  FlMainWindow *window;
  FlReportsPage *page = open_reports (unit, "rob", &window);
  GtkWidget *empty = child (page, FL_TYPE_REPORTS_PAGE, "empty_page");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (page, FL_TYPE_REPORTS_PAGE, "stack"))), ==,
                   "empty");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (empty)), "No report has been issued"));
  assert_lead_notice_shown (GTK_WIDGET (page));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "reports-empty"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdftotext = NULL;
  int status;

  fl_test_gui_init (&argc, &argv);

  app = fl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (gtk_window_get_toplevels (), "items-changed", G_CALLBACK (toplevels_changed_cb), NULL);

  pdftotext = g_find_program_in_path ("pdftotext");
  if (pdftotext == NULL)
    {
      g_printerr ("poppler-utils (pdftotext, pdfinfo) is not installed\n");
      return 77;
    }
  g_test_add ("/gui/reports/records", Fixture, NULL, fixture_setup, test_records, fixture_teardown);
  g_test_add ("/gui/reports/requester-outcome", Fixture, NULL, fixture_setup, test_requester_outcome,
              fixture_teardown);
  g_test_add ("/gui/reports/empty", FlTestUnit, NULL, fl_test_gui_unit_setup, test_empty, fl_test_gui_unit_teardown);

  status = g_test_run ();
  fl_test_gui_close_all ();
  g_object_unref (app);
  return status;
}
