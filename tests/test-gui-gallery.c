/* test-gui-gallery.c: the Gallery section, driven as an examiner and an administrator (suite 'display')
 *
 * Runs under Xvfb with GSK_RENDERER=cairo; each step writes a screenshot
 * into the build tree's screenshots/ folder. The file chooser is a native
 * dialog a test cannot drive, so the manifest is given with the function the
 * chooser calls (fl_import_dialog_set_manifest). The import uses real faces
 * from ../shared/testdata/faces and is skipped when that folder is absent.
 */
#include <cairo.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "fl-application.h"
#include "fl-gallery-dialog.h"
#include "fl-gallery-page.h"
#include "fl-gallery.h"
#include "fl-import-dialog.h"
#include "fl-login-window.h"
#include "fl-main-window.h"
#include "fl-search.h"
#include "fl-subject-item.h"
#include "fl-subject-seal-dialog.h"
#include "fl-test-gui.h"

static FlApplication *app;

static const char * const johns[] = { "John_Salley", "John_Savage", "John_Schneider", "John_Shimkus", "John_Simm" };

/* ---- helpers ------------------------------------------------------------ */

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

/* Clicks at once (gtk_widget_activate on a button clicks only after its pressed look was shown). */
static void
click (gpointer    widget,
       GType       type,
       const char *name)
{
  GtkWidget *button = child (widget, type, name);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gint64
query_int (FlTestUnit *unit,
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

/* Signs @username in and opens the Gallery section. */
static FlGalleryPage *
open_gallery (FlTestUnit    *unit,
              const char    *username,
              FlMainWindow **out_window)
{
  GtkWindow *login, *window;
  FlGalleryPage *page;

  fl_application_open (app, unit->dir);
  login = fl_test_gui_wait_window (FL_TYPE_LOGIN_WINDOW, 2000);
  g_assert_nonnull (login);
  set_text (login, FL_TYPE_LOGIN_WINDOW, "username_row", username);
  set_text (login, FL_TYPE_LOGIN_WINDOW, "password_row", FL_TEST_PASSWORD);
  gtk_widget_activate (child (login, FL_TYPE_LOGIN_WINDOW, "sign_in_button"));
  window = fl_test_gui_wait_window (FL_TYPE_MAIN_WINDOW, 10000);
  g_assert_nonnull (window);
  gtk_window_set_default_size (window, 1280, 820);
  g_assert_true (fl_main_window_show_section (FL_MAIN_WINDOW (window), "gallery"));
  page = FL_GALLERY_PAGE (fl_main_window_get_page (FL_MAIN_WINDOW (window), "gallery"));
  g_assert_true (fl_test_gui_wait_drawn (GTK_WIDGET (window), 5000));
  fl_test_gui_spin (100);
  if (out_window != NULL)
    *out_window = FL_MAIN_WINDOW (window);
  return page;
}

static gboolean
window_gone (gpointer user_data)
{
  return fl_test_gui_find_window (GPOINTER_TO_SIZE (user_data)) == NULL;
}

static int
cmp_paths (gconstpointer a,
           gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
sorted_photos (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (list, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (list, cmp_paths);
  return list;
}

static void
write_blank_png (const char *path)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 320, 240);
  cairo_t *cr = cairo_create (s);

  cairo_set_source_rgb (cr, 0.6, 0.6, 0.62);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (s, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (s);
}

/* A manifest in @dir: every johns photo (5 people, with bookings and dates),
 * ORL photos of @n_orl people, a blank PNG (no face) and a damaged JPEG
 * (bad file), both relative to the manifest. Returns its path. */
static char *
write_manifest (const char *dir,
                const char *faces,
                guint       n_orl)
{
  g_autoptr(GString) csv = g_string_new ("subject_id,name,date_of_birth,sex,race,cdl,main_number,sid,"
                                         "booking_number,booked_on,capture_date,image\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *blank = g_build_filename (dir, "blank.png", NULL);
  g_autofree char *damaged = g_build_filename (dir, "damaged.jpg", NULL);
  char *path = g_build_filename (dir, "bookings.csv", NULL);

  for (guint p = 0; p < G_N_ELEMENTS (johns); p++)
    {
      g_autofree char *folder = g_build_filename (faces, "johns", johns[p], NULL);
      g_autoptr(GPtrArray) photos = sorted_photos (folder);
      g_autofree char *name = g_strdup (johns[p]);

      g_strdelimit (name, "_", ' ');
      for (guint i = 0; i < photos->len; i++)
        /* Two bookings per person; demographics on the first line only. */
        g_string_append_printf (csv, "J%u,%s,%s,%s,%s,%s,%s,%s,B-2019-%u%u,2019-0%u-1%u,2019-0%u-1%u,%s\n",
                                p + 1, i == 0 ? name : "", i == 0 ? "1964-05-16" : "", i == 0 ? "M" : "",
                                i == 0 ? "W" : "", i == 0 ? "D1234567" : "", i == 0 ? "M-88812" : "",
                                i == 0 ? "CA12345678" : "", p + 1, i % 2, 3 + i % 2, p, 3 + i % 2, p,
                                (char *) g_ptr_array_index (photos, i));
    }
  for (guint p = 1; p <= n_orl; p++)
    for (guint f = 1; f <= 10; f++)
      g_string_append_printf (csv, "ORL-%02u,Person %02u,,,,,,,,,,%s/orl/s%02u/%u.pgm\n", p, p, faces, p, f);
  g_string_append (csv, "X1,Nobody,,,,,,,,,,blank.png\n");
  g_string_append (csv, "X2,Damaged,,,,,,,,,,damaged.jpg\n");

  write_blank_png (blank);
  g_file_set_contents (damaged, "\xff\xd8\xff\xe0 this is not really a JPEG", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, csv->str, -1, &error);
  g_assert_no_error (error);
  return path;
}

static gboolean
import_ended (gpointer user_data)
{
  FlImportDialogState state = fl_import_dialog_get_state (user_data);

  return state != FL_IMPORT_DIALOG_RUNNING && state != FL_IMPORT_DIALOG_STOPPING;
}

/* ---- the empty page and the New Gallery dialog -------------------------- */

static gboolean
dialog_shown (gpointer user_data)
{
  return fl_test_gui_find_window (GPOINTER_TO_SIZE (user_data)) != NULL;
}

static void
test_create (FlTestUnit    *unit,
             gconstpointer  data)
{
  GType type = FL_TYPE_GALLERY_DIALOG;
  FlMainWindow *window;
  FlGalleryPage *page = open_gallery (unit, "ella", &window);
  FlGalleryDialog *dialog;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlGallery) gallery = NULL;
  gint64 id;

  /* No gallery yet: the page says how to make one. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (page, FL_TYPE_GALLERY_PAGE, "stack"))), ==,
                   "empty");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (child (page, FL_TYPE_GALLERY_PAGE,
                                                                                       "empty_page"))),
                            "CSV manifest"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "gallery-empty"));

  /* Required fields, each problem under its field. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "gallery.new", NULL));
  g_assert_true (fl_test_gui_wait_for (dialog_shown, GSIZE_TO_POINTER (type), 2000));
  dialog = FL_GALLERY_DIALOG (fl_test_gui_find_window (type));
  set_text (dialog, type, "name_row", "County booking photos");
  set_text (dialog, type, "provenance_row", "jail");
  g_assert_false (fl_gallery_dialog_submit (dialog));
  g_assert_nonnull (strstr (fl_gallery_dialog_get_problem (dialog), "at least 10 characters"));
  g_assert_false (gtk_widget_has_css_class (child (dialog, type, "name_row"), "error"));
  g_assert_true (gtk_widget_has_css_class (child (dialog, type, "provenance_row"), "error"));
  g_assert_true (gtk_widget_has_css_class (child (dialog, type, "lawful_basis_row"), "error"));
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM galleries;", 0), ==, 0);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "gallery-dialog-error"));

  set_text (dialog, type, "provenance_row", "County jail booking system, export of 2024-05-01");
  set_text (dialog, type, "lawful_basis_row", "Penal Code 13300; MOU with the Sheriff's Office of 2023-02-01");
  g_assert_null (fl_gallery_dialog_get_problem (dialog));
  g_assert_true (fl_gallery_dialog_submit (dialog));
  g_assert_true (fl_test_gui_wait_for (window_gone, GSIZE_TO_POINTER (type), 5000));

  id = fl_gallery_lookup (unit->db, "County booking photos", &error);
  g_assert_no_error (error);
  g_assert_cmpint (fl_gallery_page_get_gallery_id (page), ==, id);
  gallery = fl_gallery_get (unit->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gallery->provenance, ==, "County jail booking system, export of 2024-05-01");
  g_assert_cmpstr (gallery->created_at, !=, NULL);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM audit WHERE action = 'gallery.create'"
                                    " AND outcome = 'success';", 0), ==, 1);
  g_assert_cmpstr (fl_gallery_page_get_counts_text (page), ==, "0 subjects · 0 searchable photos");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (page, FL_TYPE_GALLERY_PAGE, "stack"))), ==,
                   "content");
  g_assert_cmpuint (g_list_model_get_n_items (fl_subject_grid_get_model (fl_gallery_page_get_grid (page))), ==, 0);

  /* The same name again is refused under the name. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "gallery.new", NULL));
  g_assert_true (fl_test_gui_wait_for (dialog_shown, GSIZE_TO_POINTER (type), 2000));
  dialog = FL_GALLERY_DIALOG (fl_test_gui_find_window (type));
  set_text (dialog, type, "name_row", "County booking photos");
  g_assert_true (gtk_widget_has_css_class (child (dialog, type, "name_row"), "error"));
  set_text (dialog, type, "provenance_row", "County jail booking system, export of 2024-05-01");
  set_text (dialog, type, "lawful_basis_row", "Penal Code 13300; test records only");
  g_assert_false (fl_gallery_dialog_submit (dialog));
  g_assert_nonnull (strstr (fl_gallery_dialog_get_problem (dialog), "exists already"));
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM galleries;", 0), ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A manifest the core refuses (an unknown column): its message is shown and nothing is recorded. */
  {
    g_autofree char *tmp = fl_test_make_tmpdir ();
    g_autofree char *bad = g_build_filename (tmp, "bad.csv", NULL);
    FlImportDialog *import;

    g_file_set_contents (bad, "subject_id,nmae,image\nA1,x,y.jpg\n", -1, &error);
    g_assert_no_error (error);
    import = FL_IMPORT_DIALOG (fl_gallery_page_import (page));
    g_assert_nonnull (import);
    fl_import_dialog_set_manifest (import, bad);
    g_assert_true (fl_import_dialog_start (import));
    g_assert_true (fl_test_gui_wait_for (import_ended, import, 20000));
    g_assert_cmpint (fl_import_dialog_get_state (import), ==, FL_IMPORT_DIALOG_FAILED);
    g_assert_nonnull (strstr (fl_import_dialog_get_message (import), "nmae"));
    g_assert_true (gtk_widget_get_sensitive (child (import, FL_TYPE_IMPORT_DIALOG, "start_button")));
    g_assert_cmpint (query_int (unit, "SELECT count(*) FROM import_items;", 0), ==, 0);
    gtk_window_destroy (GTK_WINDOW (import));
    fl_test_rm_rf (tmp);
  }

  /* An examiner sees a subject but is not offered the seal/destroy notice. */
  {
    g_autofree char *faces = fl_test_faces_dir ();
    g_autofree char *dir = NULL;
    g_autofree char *manifest = NULL;
    g_autoptr(FlMatcher) matcher = NULL;
    g_autoptr(FlImportReport) report = NULL;
    FlImportOptions options = { .gallery_id = id };
    FlSubjectView *view = fl_gallery_page_get_view (page);
    g_autoptr(GString) csv = NULL;

    if (faces == NULL)
      return;
    dir = fl_test_make_tmpdir ();
    csv = g_string_new ("subject_id,name,image\n");
    g_string_append_printf (csv, "J1,John Salley,%s/johns/John_Salley/", faces);
    {
      g_autofree char *folder = g_build_filename (faces, "johns", "John_Salley", NULL);
      g_autoptr(GPtrArray) photos = sorted_photos (folder);
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (photos, 0));
      g_string_append_printf (csv, "%s\n", base);
    }
    manifest = g_build_filename (dir, "one.csv", NULL);
    g_file_set_contents (manifest, csv->str, -1, &error);
    g_assert_no_error (error);
    options.manifest_path = manifest;
    matcher = fl_search_get_matcher (&error);
    g_assert_no_error (error);
    report = fl_gallery_import (fl_main_window_get_session (window), matcher, &options, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->counts[FL_IMPORT_ENROLLED], ==, 1);

    fl_page_refresh (FL_PAGE (page));
    g_assert_cmpuint (g_list_model_get_n_items (fl_subject_grid_get_model (fl_gallery_page_get_grid (page))), ==, 1);
    g_assert_true (fl_gallery_page_show_subject (page, query_int (unit, "SELECT id FROM subjects;", 0), &error));
    g_assert_no_error (error);
    g_assert_cmpuint (fl_subject_view_get_n_photos (view), ==, 1);
    g_assert_false (gtk_widget_get_visible (child (view, FL_TYPE_SUBJECT_VIEW, "seal_box")));
    g_assert_null (fl_subject_view_seal (view));
    fl_test_rm_rf (dir);
  }
}

/* ---- import, grid, details, seal ---------------------------------------- */

typedef struct
{
  FlImportDialog *dialog;
  guint           first_done;   /* lines recorded at the first progress report with something done */
} ProgressWatch;

static void
progress_cb (FlImportDialog *dialog,
             guint           done,
             guint           total,
             ProgressWatch  *watch)
{
  if (watch->first_done == 0 && done > 0 && done < total)
    watch->first_done = done;
}

static gboolean
progress_seen (gpointer user_data)
{
  ProgressWatch *watch = user_data;

  return watch->first_done > 0 || fl_import_dialog_get_state (watch->dialog) != FL_IMPORT_DIALOG_RUNNING;
}

static gboolean
grid_loaded (gpointer user_data)
{
  return fl_subject_grid_get_n_loading (user_data) == 0;
}

static gboolean
view_loaded (gpointer user_data)
{
  return fl_subject_view_get_n_loading (user_data) == 0;
}

static void
test_import (FlTestUnit    *unit,
             gconstpointer  data)
{
  g_autofree char *faces = fl_test_faces_dir ();
  g_autofree char *dir = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *report_path = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlImportReport) core_report = NULL;
  g_autoptr(FlSession) admin = NULL;
  const FlImportReport *report;
  ProgressWatch watch = { 0 };
  FlMainWindow *window;
  FlGalleryPage *page;
  FlImportDialog *dialog;
  FlSubjectGrid *grid;
  FlSubjectView *view;
  FlSubjectSealDialog *seal;
  AdwMessageDialog *confirm;
  gint64 gallery_id, recorded, salley;
  guint n_lines;

  if (faces == NULL)
    return;
  dir = fl_test_make_tmpdir ();
  manifest = write_manifest (dir, faces, 40);
  n_lines = 55 + 400 + 2;

  admin = fl_test_unit_login (unit, "admin");
  gallery_id = fl_gallery_create (admin, "Bookings", "County jail booking system export (test data)",
                                  "Penal Code 13300; test records only", &error);
  g_assert_no_error (error);
  fl_session_logout (admin);

  page = open_gallery (unit, "admin", &window);
  g_assert_cmpint (fl_gallery_page_get_gallery_id (page), ==, gallery_id);
  grid = fl_gallery_page_get_grid (page);
  view = fl_gallery_page_get_view (page);

  /* The dialog explains the columns; the chooser would hand it the file. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "gallery.import", NULL));
  dialog = FL_IMPORT_DIALOG (fl_test_gui_wait_window (FL_TYPE_IMPORT_DIALOG, 2000));
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_sensitive (child (dialog, FL_TYPE_IMPORT_DIALOG, "start_button")));
  fl_import_dialog_set_manifest (dialog, manifest);
  g_assert_true (gtk_widget_get_sensitive (child (dialog, FL_TYPE_IMPORT_DIALOG, "start_button")));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "gallery-import-setup"));

  /* Start, show the progress mid-way, then Cancel. */
  watch.dialog = dialog;
  g_signal_connect (dialog, "progress", G_CALLBACK (progress_cb), &watch);
  click (dialog, FL_TYPE_IMPORT_DIALOG, "start_button");
  g_assert_cmpint (fl_import_dialog_get_state (dialog), ==, FL_IMPORT_DIALOG_RUNNING);
  g_assert_true (fl_test_gui_wait_for (progress_seen, &watch, 120000));
  g_assert_cmpint (fl_import_dialog_get_state (dialog), ==, FL_IMPORT_DIALOG_RUNNING);
  g_assert_nonnull (strstr (fl_import_dialog_get_progress_text (dialog), " of 457 photos"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "gallery-import-progress"));
  click (dialog, FL_TYPE_IMPORT_DIALOG, "cancel_button");
  g_assert_true (fl_test_gui_wait_for (import_ended, dialog, 60000));
  g_assert_cmpint (fl_import_dialog_get_state (dialog), ==, FL_IMPORT_DIALOG_CANCELLED);
  g_assert_nonnull (strstr (fl_import_dialog_get_message (dialog), "import the same manifest again"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "gallery-import-stopped"));

  /* What was recorded is consistent: every recorded line once, a template per enrolled line. */
  recorded = query_int (unit, "SELECT count(*) FROM import_items;", 0);
  g_assert_cmpint (recorded, >, 0);
  g_assert_cmpint (recorded, <, n_lines);
  g_assert_cmpint (query_int (unit, "SELECT count(DISTINCT line) FROM import_items;", 0), ==, recorded);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM templates;", 0), ==,
                   query_int (unit, "SELECT count(*) FROM import_items WHERE status = 'enrolled';", 0));
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM imports WHERE finished_at IS NULL;", 0), ==, 1);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM audit WHERE action = 'gallery.import'"
                                    " AND outcome = 'cancelled';", 0), ==, 1);

  /* Resume: the same manifest finishes the rest. */
  click (dialog, FL_TYPE_IMPORT_DIALOG, "again_button");
  g_assert_true (fl_test_gui_wait_for (import_ended, dialog, 300000));
  g_assert_cmpint (fl_import_dialog_get_state (dialog), ==, FL_IMPORT_DIALOG_DONE);
  report = fl_import_dialog_get_report (dialog);
  g_assert_nonnull (report);
  g_assert_true (report->complete);
  g_assert_cmpuint (report->total, ==, n_lines);
  g_assert_cmpuint (report->resumed_from, ==, recorded);
  g_assert_cmpuint (report->resumed_from + report->done_this_run, ==, n_lines);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "gallery-import-report"));

  /* The counts shown are the core's, and the database's. */
  core_report = fl_gallery_import_get_report (unit->db, report->import_id, &error);
  g_assert_no_error (error);
  for (guint s = 0; s < FL_IMPORT_N_STATUS; s++)
    {
      g_autofree char *expected = g_strdup_printf ("%u", core_report->counts[s]);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM import_items WHERE status = '%s';",
                                              fl_import_status_to_string ((FlImportStatus) s));

      g_assert_cmpstr (fl_import_dialog_get_count_text (dialog, (FlImportStatus) s), ==, expected);
      g_assert_cmpint (query_int (unit, sql, 0), ==, core_report->counts[s]);
    }
  g_assert_cmpuint (core_report->counts[FL_IMPORT_NO_FACE], >=, 1);     /* the blank PNG */
  g_assert_cmpuint (core_report->counts[FL_IMPORT_BAD_FILE], ==, 1);    /* the damaged JPEG */
  g_assert_cmpuint (core_report->counts[FL_IMPORT_ENROLLED], >=, 440);
  g_assert_cmpuint (fl_import_dialog_get_n_problem_rows (dialog), ==, core_report->problems->len);
  g_assert_cmpuint (core_report->problems->len, ==, n_lines - core_report->counts[FL_IMPORT_ENROLLED]);

  /* Copy and save write the same text, with every problem line. */
  text = fl_import_dialog_get_report_text (dialog);
  g_assert_nonnull (strstr (text, "blank.png"));
  g_assert_nonnull (strstr (text, "damaged.jpg"));
  report_path = g_build_filename (dir, "report.txt", NULL);
  g_assert_true (fl_import_dialog_save_report (dialog, report_path, &error));
  g_assert_no_error (error);
  g_file_get_contents (report_path, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, ==, text);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (fl_test_gui_wait_for (window_gone, GSIZE_TO_POINTER (FL_TYPE_IMPORT_DIALOG), 5000));

  /* The grid lists every subject of the gallery, with faces. */
  g_assert_cmpuint (g_list_model_get_n_items (fl_subject_grid_get_model (grid)), ==,
                    query_int (unit, "SELECT count(*) FROM subjects WHERE gallery_id = ?;", gallery_id));
  g_assert_cmpuint (g_list_model_get_n_items (fl_subject_grid_get_model (grid)), ==, 45);
  g_assert_true (fl_test_gui_wait_drawn (GTK_WIDGET (window), 5000));
  g_assert_true (fl_test_gui_wait_for (grid_loaded, grid, 20000));
  {
    g_autoptr(FlSubjectItem) first = g_list_model_get_item (fl_subject_grid_get_model (grid), 0);
    g_assert_cmpint (fl_subject_item_get_thumb_state (first), ==, FL_SUBJECT_THUMB_LOADED);
    g_assert_nonnull (fl_subject_item_get_texture (first));
  }
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "gallery-subjects"));

  /* Search by booking number and by name; pages. */
  fl_subject_grid_set_search (grid, "B-2019-3");
  g_assert_cmpuint (g_list_model_get_n_items (fl_subject_grid_get_model (grid)), ==, 1);
  fl_subject_grid_set_search (grid, "person 1");
  g_assert_cmpuint (g_list_model_get_n_items (fl_subject_grid_get_model (grid)), ==, 10);   /* 10 … 19 */
  fl_subject_grid_set_search (grid, "");
  fl_subject_grid_set_page_size (grid, 20);
  g_assert_cmpuint (g_list_model_get_n_items (fl_subject_grid_get_model (grid)), ==, 20);
  g_assert_true (fl_subject_grid_has_next_page (grid));
  g_assert_cmpstr (fl_subject_grid_get_page_text (grid), ==, "1–20 of 45 records");
  g_assert_true (fl_subject_grid_set_page (grid, 2));
  g_assert_cmpuint (g_list_model_get_n_items (fl_subject_grid_get_model (grid)), ==, 5);
  g_assert_false (fl_subject_grid_has_next_page (grid));
  g_assert_false (fl_subject_grid_set_page (grid, 3));
  fl_subject_grid_set_page_size (grid, FL_SUBJECT_GRID_PAGE_SIZE);

  /* A subject's details: every photo with its capture date and detector. */
  salley = query_int (unit, "SELECT id FROM subjects WHERE external_id = 'J1';", 0);
  g_assert_true (fl_subject_grid_select (grid, salley));
  g_assert_cmpint (fl_subject_view_get_subject_id (view), ==, salley);
  g_assert_cmpuint (fl_subject_view_get_n_photos (view), ==,
                    query_int (unit, "SELECT count(*) FROM gallery_images WHERE subject_id = ?;", salley));
  g_assert_cmpuint (fl_subject_view_get_n_photos (view), >=, 10);
  g_assert_null (fl_subject_view_get_sealed_text (view));
  g_assert_true (gtk_widget_get_visible (child (view, FL_TYPE_SUBJECT_VIEW, "seal_box")));
  g_assert_true (fl_test_gui_wait_for (view_loaded, view, 20000));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "gallery-subject-detail"));

  /* Seal/destroy notice: a reference and a date, then a destructive confirmation. */
  seal = FL_SUBJECT_SEAL_DIALOG (fl_subject_view_seal (view));
  g_assert_nonnull (seal);
  g_assert_false (fl_subject_seal_dialog_continue (seal));
  g_assert_nonnull (strstr (fl_subject_seal_dialog_get_problem (seal), "reference"));
  set_text (seal, FL_TYPE_SUBJECT_SEAL_DIALOG, "reference_row", "SC-2026-0042");
  g_assert_true (fl_subject_seal_dialog_continue (seal));
  confirm = fl_subject_seal_dialog_get_confirmation (seal);
  g_assert_nonnull (confirm);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "excluded from every search at once"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "face templates"));
  g_assert_true (fl_test_gui_wait_drawn (GTK_WIDGET (confirm), 5000));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (confirm), "gallery-seal-confirm"));
  adw_message_dialog_response (confirm, "seal");
  g_assert_true (fl_test_gui_wait_for (window_gone, GSIZE_TO_POINTER (FL_TYPE_SUBJECT_SEAL_DIALOG), 10000));

  /* Sealed: no photo, no template, the notice named; the tile has no face. */
  g_assert_cmpint (query_int (unit, "SELECT sealed FROM subjects WHERE id = ?;", salley), ==, 1);
  g_assert_cmpint (query_int (unit, "SELECT count(*) FROM templates t JOIN gallery_images gi"
                                    " ON gi.id = t.gallery_image_id WHERE gi.subject_id = ?;", salley), ==, 0);
  g_assert_cmpint (fl_subject_view_get_subject_id (view), ==, salley);
  g_assert_cmpuint (fl_subject_view_get_n_photos (view), ==, 0);
  g_assert_true (g_str_has_prefix (fl_subject_view_get_sealed_text (view), "Sealed under notice SC-2026-0042 of "));
  g_assert_false (gtk_widget_get_visible (child (view, FL_TYPE_SUBJECT_VIEW, "seal_box")));
  g_assert_false (gtk_widget_get_visible (child (view, FL_TYPE_SUBJECT_VIEW, "photos_box")));
  g_assert_cmpint (fl_subject_grid_get_selected (grid), ==, salley);
  {
    g_autoptr(FlSubjectItem) item = g_list_model_get_item (fl_subject_grid_get_model (grid), 0);
    g_assert_cmpint (fl_subject_item_get_id (item), ==, salley);
    g_assert_null (fl_subject_item_get_texture (item));
  }
  g_assert_nonnull (strstr (fl_gallery_page_get_counts_text (page), "1 sealed"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "gallery-subject-sealed"));

  /* Closing the window during an import stops it first; what was recorded stays. */
  {
    g_autofree char *second = g_build_filename (dir, "second.csv", NULL);
    g_autoptr(GString) csv = g_string_new ("subject_id,image\n");

    for (guint p = 1; p <= 40; p++)
      for (guint f = 1; f <= 10; f++)
        g_string_append_printf (csv, "SECOND-%02u,%s/orl/s%02u/%u.pgm\n", p, faces, p, f);
    g_file_set_contents (second, csv->str, -1, &error);
    g_assert_no_error (error);
    dialog = FL_IMPORT_DIALOG (fl_gallery_page_import (page));
    fl_import_dialog_set_manifest (dialog, second);
    watch.dialog = dialog;
    watch.first_done = 0;
    g_signal_connect (dialog, "progress", G_CALLBACK (progress_cb), &watch);
    g_assert_true (fl_import_dialog_start (dialog));
    g_assert_true (fl_test_gui_wait_for (progress_seen, &watch, 120000));
    gtk_window_close (GTK_WINDOW (dialog));
    g_assert_true (fl_test_gui_wait_for (window_gone, GSIZE_TO_POINTER (FL_TYPE_IMPORT_DIALOG), 60000));
    g_assert_cmpint (query_int (unit, "SELECT count(*) FROM imports WHERE finished_at IS NULL;", 0), ==, 1);
    g_assert_cmpint (query_int (unit, "SELECT count(*) FROM audit WHERE action = 'gallery.import'"
                                      " AND outcome = 'cancelled';", 0), ==, 2);
    /* The page shows what the stopped import recorded. */
    fl_test_gui_spin (50);
    g_assert_cmpuint (g_list_model_get_n_items (fl_subject_grid_get_model (grid)), ==,
                      query_int (unit, "SELECT count(*) FROM subjects WHERE gallery_id = ?;", gallery_id));
  }

  fl_test_rm_rf (dir);
}

/* ---- Spanish ------------------------------------------------------------ */

static void
test_spanish (FlTestUnit    *unit,
              gconstpointer  data)
{
  FlMainWindow *window;
  FlGalleryPage *page;
  GtkWidget *dialog;

  if (!fl_test_gui_use_spanish ())
    return;

  page = open_gallery (unit, "ella", &window);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child (page, FL_TYPE_GALLERY_PAGE, "empty_page"))),
                   ==, "Todavía no hay galerías");
  dialog = fl_gallery_page_new_gallery (page);
  g_assert_true (fl_test_gui_wait_drawn (dialog, 5000));
  fl_gallery_dialog_submit (FL_GALLERY_DIALOG (dialog));
  g_assert_true (g_str_has_prefix (fl_gallery_dialog_get_problem (FL_GALLERY_DIALOG (dialog)), "Dé a la galería"));
  g_free (fl_test_gui_screenshot (dialog, "es-gallery-dialog-error"));
  fl_test_gui_close_all ();

  setlocale (LC_ALL, "C");
  g_unsetenv ("LANGUAGE");
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

  g_test_add ("/gui/gallery/create", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_create, fl_test_gui_unit_teardown);
  g_test_add ("/gui/gallery/import", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_import, fl_test_gui_unit_teardown);
  g_test_add ("/gui/gallery/spanish", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_spanish, fl_test_gui_unit_teardown);

  status = g_test_run ();
  fl_test_gui_close_all ();
  g_object_unref (app);
  return status;
}
