/* test-gui-admin.c: the Administration section, driven as an administrator (suite 'display')
 *
 * Runs under Xvfb with GSK_RENDERER=cairo; each step writes a screenshot
 * into the build tree's screenshots/ folder. File choosers are native
 * dialogs that a test cannot drive, so exports and backups are started with
 * the views' own functions the choosers call.
 */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "fl-admin-page.h"
#include "fl-application.h"
#include "fl-audit-view.h"
#include "fl-backup-view.h"
#include "fl-case.h"
#include "fl-backup.h"
#include "fl-retention-view.h"
#include "fl-seal-dialog.h"
#include "fl-seal-view.h"
#include "fl-seal.h"
#include "fl-login-window.h"
#include "fl-main-window.h"
#include "fl-page.h"
#include "fl-preferences-window.h"
#include "fl-test-admin.h"
#include "fl-test-gui.h"
#include "fl-training-dialog.h"
#include "fl-user-dialog.h"
#include "fl-users-view.h"

static FlApplication *app;

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

static char *
date_in_days (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* Signs the administrator in and opens Administration at @view. */
static FlAdminPage *
open_admin (FlTestUnit    *unit,
            const char    *view,
            FlMainWindow **out_window)
{
  GtkWindow *login, *window;
  FlAdminPage *page;

  fl_application_open (app, unit->dir);
  login = fl_test_gui_wait_window (FL_TYPE_LOGIN_WINDOW, 2000);
  g_assert_nonnull (login);
  set_text (login, FL_TYPE_LOGIN_WINDOW, "username_row", "admin");
  set_text (login, FL_TYPE_LOGIN_WINDOW, "password_row", FL_TEST_PASSWORD);
  gtk_widget_activate (child (login, FL_TYPE_LOGIN_WINDOW, "sign_in_button"));
  window = fl_test_gui_wait_window (FL_TYPE_MAIN_WINDOW, 10000);
  g_assert_nonnull (window);
  gtk_window_set_default_size (window, 1100, 700);
  g_assert_true (fl_main_window_show_section (FL_MAIN_WINDOW (window), "administration"));
  page = FL_ADMIN_PAGE (fl_main_window_get_page (FL_MAIN_WINDOW (window), "administration"));
  g_assert_true (fl_admin_page_show_view (page, view));
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

/* ---- users -------------------------------------------------------------- */

/* The list shows state and training; deactivating through the UI ends the
 * person's access but keeps them (and their history) in the list. */
static void
test_users (FlTestUnit    *unit,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *soon = date_in_days (12);
  g_autofree char *last_year = date_in_days (-365);
  FlMainWindow *window;
  FlAdminPage *page;
  FlUsersView *view;
  GtkWidget *row;
  AdwMessageDialog *confirm;
  gint64 tess, dora;
  FlSession *refused;

  tess = fl_accounts_create_user (unit->db, unit->admin, "tess", "Tess Timely", FL_TEST_PASSWORD,
                                  FL_ROLE_EXAMINER, &error);
  g_assert_no_error (error);
  fl_accounts_add_training (unit->admin, tess, "FBI", "Facial comparison", last_year, soon, &error);
  g_assert_no_error (error);
  dora = fl_accounts_create_user (unit->db, unit->admin, "dora", "Dora Departed", FL_TEST_PASSWORD,
                                  FL_ROLE_REQUESTER, &error);
  g_assert_no_error (error);
  g_assert_true (fl_accounts_set_active (unit->admin, dora, FALSE, &error));
  /* Five wrong passwords lock Rob out. */
  for (int i = 0; i < 5; i++)
    g_assert_null (fl_accounts_login (unit->db, "rob", "not his password", NULL));

  page = open_admin (unit, "users", &window);
  view = FL_USERS_VIEW (fl_admin_page_get_view (page, "users"));

  row = fl_users_view_get_row (view, "tess");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_has_css_class (row, "training-expiring"));
  g_assert_cmpstr (fl_users_view_get_training_text (view, "tess"), ==, "Training expires in 12 days");
  g_assert_false (gtk_widget_has_css_class (fl_users_view_get_row (view, "ella"), "training-expiring"));
  g_assert_nonnull (strstr (fl_users_view_get_training_text (view, "eddie"), "expired"));
  g_assert_cmpstr (fl_users_view_get_training_text (view, "uma"), ==, "No training record");
  g_assert_cmpstr (fl_users_view_get_state_text (view, "dora"), ==, "Deactivated");
  g_assert_true (g_str_has_prefix (fl_users_view_get_state_text (view, "rob"), "Locked until"));
  g_assert_cmpstr (fl_users_view_get_state_text (view, "ella"), ==, "Active");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  fl_test_gui_spin (100);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "admin-users"));

  /* Unlock Rob. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "users.unlock", "x", unit->records_id));
  g_assert_cmpstr (fl_users_view_get_state_text (view, "rob"), ==, "Active");

  /* Deactivate Ella: the confirmation says the account is kept. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "users.deactivate", "x", unit->examiner_id));
  confirm = ADW_MESSAGE_DIALOG (fl_test_gui_wait_window (ADW_TYPE_MESSAGE_DIALOG, 2000));
  g_assert_nonnull (confirm);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "not deleted"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (confirm), "admin-user-deactivate-confirm"));
  adw_message_dialog_response (confirm, "deactivate");
  fl_test_gui_wait_for (window_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 2000);

  refused = fl_accounts_login (unit->db, "ella", FL_TEST_PASSWORD, &error);
  g_assert_null (refused);
  g_assert_error (error, FL_ERROR, FL_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_nonnull (fl_users_view_get_row (view, "ella"));
  g_assert_cmpstr (fl_users_view_get_state_text (view, "ella"), ==, "Deactivated");
  g_assert_nonnull (strstr (fl_users_view_get_message (view), "deactivated"));
}

/* The Add User dialog shows each problem under its field. */
static void
test_user_dialog (FlTestUnit    *unit,
                  gconstpointer  data)
{
  FlAdminPage *page = open_admin (unit, "users", NULL);
  FlUsersView *view = FL_USERS_VIEW (fl_admin_page_get_view (page, "users"));
  GType type = FL_TYPE_USER_DIALOG;
  FlUserDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "users.add", NULL));
  dialog = FL_USER_DIALOG (fl_test_gui_wait_window (type, 2000));
  g_assert_nonnull (dialog);

  set_text (dialog, type, "username_row", "ella");
  set_text (dialog, type, "password_row", "short");
  set_text (dialog, type, "repeat_row", "shorter");
  g_assert_false (fl_user_dialog_submit (dialog));
  g_assert_nonnull (strstr (fl_user_dialog_get_problem (dialog), "taken"));
  g_assert_true (gtk_widget_has_css_class (child (dialog, type, "username_row"), "error"));
  g_assert_true (gtk_widget_has_css_class (child (dialog, type, "password_row"), "error"));
  g_assert_true (gtk_widget_get_visible (child (dialog, type, "roles_error")));
  g_assert_true (fl_test_gui_wait_drawn (GTK_WIDGET (dialog), 5000));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "admin-user-dialog-error"));
  /* The password problems are further down the form. */
  g_assert_true (gtk_widget_has_css_class (child (dialog, type, "full_name_row"), "error"));
  g_assert_true (gtk_widget_get_visible (child (dialog, type, "password_error")));
  {
    GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (fl_test_gui_find_child (GTK_WIDGET (dialog),
                                                                               GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    fl_test_gui_spin (100);
    g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "admin-user-dialog-error-password"));
  }

  set_text (dialog, type, "username_row", "nina");
  set_text (dialog, type, "full_name_row", "Nina Newcomer");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (dialog, type, "examiner_check")), TRUE);
  set_text (dialog, type, "password_row", FL_TEST_PASSWORD);
  set_text (dialog, type, "repeat_row", FL_TEST_PASSWORD);
  g_assert_null (fl_user_dialog_get_problem (dialog));
  g_assert_true (fl_user_dialog_submit (dialog));
  g_assert_true (fl_test_gui_wait_for (window_gone, GSIZE_TO_POINTER (type), 10000));
  g_assert_cmpint (fl_accounts_lookup (unit->db, "nina", NULL), >, 0);
  g_assert_nonnull (fl_users_view_get_row (view, "nina"));
  g_assert_cmpstr (fl_users_view_get_training_text (view, "nina"), ==, "No training record");
}


/* Training, roles and a new password, each through its dialog. */
static void
test_account_changes (FlTestUnit    *unit,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) rita = NULL;
  g_autofree char *expires = date_in_days (700);
  g_autofree char *completed = date_in_days (-30);
  FlMainWindow *window;
  FlAdminPage *page = open_admin (unit, "users", &window);
  FlUsersView *view = FL_USERS_VIEW (fl_admin_page_get_view (page, "users"));
  FlTrainingDialog *training;
  FlUserDialog *dialog;
  GType type;

  /* Uma, an examiner without training, gets a record. */
  g_assert_false (fl_accounts_training_current (unit->db, unit->untrained_id, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "users.add-training", "x", unit->untrained_id));
  training = FL_TRAINING_DIALOG (fl_test_gui_wait_window (FL_TYPE_TRAINING_DIALOG, 2000));
  g_assert_nonnull (training);
  type = FL_TYPE_TRAINING_DIALOG;
  set_text (training, type, "course_row", "Facial comparison and identification");
  set_text (training, type, "expires_row", "2020-01-01");
  g_assert_false (fl_training_dialog_submit (training));
  g_assert_nonnull (strstr (fl_training_dialog_get_problem (training), "after the completion date"));
  g_assert_true (gtk_widget_has_css_class (child (training, type, "expires_row"), "error"));
  g_assert_true (fl_test_gui_wait_drawn (GTK_WIDGET (training), 5000));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (training), "admin-training-dialog-error"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (training, type, "provider_row")), 1);
  set_text (training, type, "completed_row", completed);
  set_text (training, type, "expires_row", expires);
  g_assert_true (fl_training_dialog_submit (training));
  g_assert_true (fl_accounts_training_current (unit->db, unit->untrained_id, NULL));
  g_assert_true (g_str_has_prefix (fl_users_view_get_training_text (view, "uma"), "Training valid until"));

  /* Rita also becomes records staff. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "users.edit-roles", "x", unit->requester_id));
  dialog = FL_USER_DIALOG (fl_test_gui_wait_window (FL_TYPE_USER_DIALOG, 2000));
  g_assert_cmpint (fl_user_dialog_get_mode (dialog), ==, FL_USER_DIALOG_ROLES);
  type = FL_TYPE_USER_DIALOG;
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (child (dialog, type, "requester_check"))));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (dialog, type, "records_check")), TRUE);
  g_assert_true (fl_user_dialog_submit (dialog));
  {
    g_autoptr(FlUserInfo) info = fl_accounts_get_user (unit->db, unit->requester_id, NULL);
    g_assert_cmpint (info->roles, ==, FL_ROLE_REQUESTER | FL_ROLE_RECORDS);
  }

  /* Rita forgot her password. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "users.reset-password", "x", unit->requester_id));
  dialog = FL_USER_DIALOG (fl_test_gui_wait_window (FL_TYPE_USER_DIALOG, 2000));
  g_assert_cmpint (fl_user_dialog_get_mode (dialog), ==, FL_USER_DIALOG_PASSWORD);
  g_assert_false (gtk_widget_get_visible (child (dialog, type, "roles_group")));
  set_text (dialog, type, "password_row", "brand-new-secret-42");
  set_text (dialog, type, "repeat_row", "brand-new-secret-42");
  g_assert_true (fl_user_dialog_submit (dialog));
  g_assert_true (fl_test_gui_wait_for (window_gone, GSIZE_TO_POINTER (type), 10000));
  g_assert_null (fl_accounts_login (unit->db, "rita", FL_TEST_PASSWORD, NULL));
  rita = fl_accounts_login (unit->db, "rita", "brand-new-secret-42", &error);
  g_assert_no_error (error);
  g_assert_nonnull (rita);
  fl_session_logout (rita);
}

/* ---- audit -------------------------------------------------------------- */

static gboolean
verify_done (gpointer user_data)
{
  return !fl_audit_view_is_verifying (user_data) && fl_audit_view_get_verify_text (user_data) != NULL;
}

static void
test_audit_verify (FlTestUnit    *unit,
                   gconstpointer  data)
{
  FlMainWindow *window;
  FlAdminPage *page = open_admin (unit, "audit", &window);
  FlAuditView *view = FL_AUDIT_VIEW (fl_admin_page_get_view (page, "audit"));
  g_autofree char *sql = NULL;
  g_autofree char *row_text = NULL;
  gint64 target = fl_test_query_int (unit, "SELECT min(id) + 3 FROM audit;", 0);

  fl_audit_view_verify (view);
  g_assert_true (fl_test_gui_wait_for (verify_done, view, 10000));
  g_assert_nonnull (strstr (fl_audit_view_get_verify_text (view), "intact"));
  g_assert_cmpint (fl_audit_view_get_broken_row (view), ==, 0);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "admin-audit-verify-ok"));
  /* The check itself is in the trail. */
  g_assert_cmpint (fl_test_query_int (unit, "SELECT count(*) FROM audit WHERE action = 'audit.verify'"
                                            " AND outcome = 'intact';", 0), ==, 1);

  /* Someone edits a row behind FaceLeads' back. */
  sql = g_strdup_printf ("DROP TRIGGER audit_no_update;"
                         " UPDATE audit SET details = '{\"n\":\"forged\"}' WHERE id = %" G_GINT64_FORMAT ";", target);
  fl_test_sqlite3 (unit, sql);
  g_signal_emit_by_name (child (view, FL_TYPE_AUDIT_VIEW, "verify_button"), "clicked");
  g_assert_true (fl_audit_view_is_verifying (view));
  g_assert_true (fl_test_gui_wait_for (verify_done, view, 10000));
  g_assert_cmpint (fl_audit_view_get_broken_row (view), ==, target);
  row_text = g_strdup_printf ("broken at row %" G_GINT64_FORMAT ".", target);
  g_assert_nonnull (strstr (fl_audit_view_get_verify_text (view), row_text));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "admin-audit-verify-broken"));
}

static gboolean
export_done (gpointer user_data)
{
  return !fl_audit_view_is_exporting (user_data);
}

static void
test_audit_export (FlTestUnit    *unit,
                   gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *dir = fl_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "audit.xlsx", NULL);
  g_autofree char *listing = NULL;
  g_autofree char *stamp = fl_now_iso8601 ();
  FlTestCase kase;
  FlMainWindow *window;
  FlAdminPage *page;
  FlAuditView *view;
  int status = 0;
  const char *argv[] = { "unzip", "-l", path, NULL };

  fl_test_seed_case (unit, "2026-0901", stamp, NULL, &kase);
  page = open_admin (unit, "audit", &window);
  view = FL_AUDIT_VIEW (fl_admin_page_get_view (page, "audit"));
  fl_audit_view_set_month (view, g_date_time_get_year (now), g_date_time_get_month (now));
  g_assert_true (fl_audit_view_export_to (view, path));
  g_assert_true (fl_audit_view_is_exporting (view));
  g_assert_true (gtk_widget_get_visible (child (view, FL_TYPE_AUDIT_VIEW, "progress_box")));
  g_assert_true (fl_test_gui_wait_for (export_done, view, 60000));
  g_assert_nonnull (strstr (fl_audit_view_get_export_text (view), path));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "admin-export-done"));

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &listing, NULL, &status, NULL);
  if (listing == NULL)
    g_test_message ("unzip is not installed: the workbook was not listed");
  else
    {
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (listing, "xl/workbook.xml"));
    }
  g_assert_cmpint (fl_test_query_int (unit, "SELECT count(*) FROM audit WHERE action = 'audit.export'"
                                            " AND outcome = 'success';", 0), ==, 1);
  fl_test_case_clear (&kase);
  fl_test_rm_rf (dir);
}


/* ---- seal and purge ----------------------------------------------------- */

static gboolean
message_dialog_shown (gpointer user_data)
{
  return fl_test_gui_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Enters a notice through the dialog; returns the confirmation shown. */
static AdwMessageDialog *
enter_notice (FlSealView *view,
              const char *scope,
              const char *target,
              const char *reference)
{
  GType type = FL_TYPE_SEAL_DIALOG;
  FlSealDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "seal.enter", NULL));
  dialog = FL_SEAL_DIALOG (fl_test_gui_wait_window (type, 2000));
  g_assert_nonnull (dialog);
  fl_seal_dialog_set_scope (dialog, scope);
  set_text (dialog, type, "target_row", target);
  set_text (dialog, type, "reference_row", reference);
  g_assert_true (fl_seal_dialog_continue (dialog));
  g_assert_true (fl_test_gui_wait_for (message_dialog_shown, NULL, 2000));
  return fl_seal_dialog_get_confirmation (dialog);
}

static void
test_seal (FlTestUnit    *unit,
           gconstpointer  data)
{
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *subject_text = NULL;
  FlTestCase kase;
  FlMainWindow *window;
  FlAdminPage *page;
  FlSealView *view;
  FlSealDialog *dialog;
  AdwMessageDialog *confirm;
  gint64 subject;

  fl_test_seed_case (unit, "2026-0950", now, NULL, &kase);
  subject = fl_test_query_int (unit, "SELECT max (id) FROM subjects;", 0);
  page = open_admin (unit, "seal", &window);
  view = FL_SEAL_VIEW (fl_admin_page_get_view (page, "seal"));
  g_assert_cmpuint (fl_seal_view_get_n_notices (view), ==, 0);

  /* A number that names no case is refused before anything is asked. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "seal.enter", NULL));
  dialog = FL_SEAL_DIALOG (fl_test_gui_wait_window (FL_TYPE_SEAL_DIALOG, 2000));
  set_text (dialog, FL_TYPE_SEAL_DIALOG, "target_row", "FR-1999-0001");
  set_text (dialog, FL_TYPE_SEAL_DIALOG, "reference_row", "Order 1");
  g_assert_false (fl_seal_dialog_continue (dialog));
  g_assert_nonnull (strstr (fl_seal_dialog_get_problem (dialog), "no case FR-1999-0001"));
  g_assert_null (fl_test_gui_find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (fl_test_gui_wait_drawn (GTK_WIDGET (dialog), 5000));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (dialog), "admin-seal-dialog-error"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The case: the confirmation counts what goes, and nothing goes before "Seal and Purge". */
  confirm = enter_notice (view, FL_SEAL_SCOPE_CASE, "FR-2026-0950", "Superior Court order 26-0042");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "1 image (the original probe)"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "1 report PDF"));
  g_assert_null (fl_seal_notice_lookup (unit->db, FL_SEAL_SCOPE_CASE, kase.case_id, NULL));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (confirm), "admin-seal-confirm"));
  adw_message_dialog_response (confirm, "seal");
  g_assert_true (fl_test_gui_wait_for (window_gone, GSIZE_TO_POINTER (FL_TYPE_SEAL_DIALOG), 5000));
  g_assert_nonnull (fl_seal_notice_lookup (unit->db, FL_SEAL_SCOPE_CASE, kase.case_id, NULL));
  g_assert_cmpuint (fl_seal_view_get_n_notices (view), ==, 1);
  g_assert_nonnull (strstr (fl_seal_view_get_summary (view, 0), "Purged 3 images"));

  /* The gallery subject. */
  subject_text = g_strdup_printf ("%" G_GINT64_FORMAT, subject);
  confirm = enter_notice (view, FL_SEAL_SCOPE_SUBJECT, subject_text, "Expungement order 26-77");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "1 photo and its face template"));
  adw_message_dialog_response (confirm, "seal");
  g_assert_true (fl_test_gui_wait_for (window_gone, GSIZE_TO_POINTER (FL_TYPE_SEAL_DIALOG), 5000));
  g_assert_nonnull (fl_seal_notice_lookup (unit->db, FL_SEAL_SCOPE_SUBJECT, subject, NULL));
  g_assert_cmpuint (fl_seal_view_get_n_notices (view), ==, 2);
  g_assert_nonnull (strstr (fl_seal_view_get_message (view), "is recorded"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "admin-seal"));
  fl_test_case_clear (&kase);
}

static gboolean
retention_idle (gpointer user_data)
{
  return !fl_retention_view_is_busy (user_data);
}

/* Scrolls the page so @widget is at the top of its scrolled window. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  double x, y;

  g_assert_true (gtk_widget_translate_coordinates (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                                   0, 0, &x, &y));
  gtk_adjustment_set_value (adjustment, y - 12);
  fl_test_gui_spin (100);
}

static void
test_retention (FlTestUnit    *unit,
                gconstpointer  data)
{
  g_autofree char *opened = fl_test_iso_years_ago (11);
  g_autofree char *closed = fl_test_iso_years_ago (10);
  g_autofree char *now = fl_now_iso8601 ();
  FlTestCase old_case, new_case;
  FlMainWindow *window;
  FlAdminPage *page;
  FlRetentionView *view;
  AdwMessageDialog *confirm;
  guint items;

  fl_test_seed_case (unit, "2015-0001", opened, closed, &old_case);
  fl_test_seed_case (unit, "2026-0002", now, NULL, &new_case);
  page = open_admin (unit, "retention", &window);
  view = FL_RETENTION_VIEW (fl_admin_page_get_view (page, "retention"));
  g_assert_false (gtk_widget_is_visible (child (view, FL_TYPE_RETENTION_VIEW, "purge_button")));

  /* The preview lists what would go, and changes nothing. */
  g_signal_emit_by_name (child (view, FL_TYPE_RETENTION_VIEW, "preview_button"), "clicked");
  g_assert_true (fl_retention_view_is_busy (view));
  g_assert_true (fl_test_gui_wait_for (retention_idle, view, 10000));
  g_assert_cmpuint (fl_retention_view_get_n_cases (view), ==, 1);
  items = fl_retention_view_get_n_items (view);
  g_assert_cmpuint (items, >, 10);
  g_assert_true (gtk_widget_is_visible (child (view, FL_TYPE_RETENTION_VIEW, "purge_button")));
  g_assert_cmpint (fl_case_lookup_fr (unit->db, "FR-2015-0001"), ==, old_case.case_id);
  scroll_to (GTK_WIDGET (view));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "admin-retention-preview"));

  /* Cancelling the confirmation keeps everything. */
  g_assert_true (fl_retention_view_request_purge (view));
  confirm = ADW_MESSAGE_DIALOG (fl_test_gui_wait_window (ADW_TYPE_MESSAGE_DIALOG, 2000));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (confirm), "for good"));
  adw_message_dialog_response (confirm, "cancel");
  fl_test_gui_wait_for (window_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 2000);
  g_assert_cmpint (fl_case_lookup_fr (unit->db, "FR-2015-0001"), ==, old_case.case_id);

  g_assert_true (fl_retention_view_request_purge (view));
  confirm = ADW_MESSAGE_DIALOG (fl_test_gui_wait_window (ADW_TYPE_MESSAGE_DIALOG, 2000));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (confirm), "admin-retention-confirm"));
  adw_message_dialog_response (confirm, "purge");
  fl_test_gui_wait_for (window_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 2000);
  g_assert_cmpint (fl_case_lookup_fr (unit->db, "FR-2015-0001"), ==, 0);
  g_assert_cmpint (fl_case_lookup_fr (unit->db, "FR-2026-0002"), ==, new_case.case_id);
  g_assert_nonnull (strstr (fl_retention_view_get_message (view), "Purged"));
  g_assert_cmpint (fl_test_query_int (unit, "SELECT count(*) FROM audit WHERE action = 'retention.purge'"
                                            " AND outcome = 'success';", 0), ==, 1);

  /* The years are edited in Preferences, which the view opens. */
  g_signal_emit_by_name (child (view, FL_TYPE_RETENTION_VIEW, "preferences_button"), "clicked");
  g_assert_nonnull (fl_test_gui_wait_window (FL_TYPE_PREFERENCES_WINDOW, 2000));
  g_assert_true (fl_settings_set (unit->admin, FL_SETTING_RETENTION_YEARS, "10", NULL));
  fl_page_refresh (FL_PAGE (page));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (view, FL_TYPE_RETENTION_VIEW, "setting_row"))),
                   ==, "10 years after the case is closed");
  fl_test_case_clear (&old_case);
  fl_test_case_clear (&new_case);
}

/* ---- backup ------------------------------------------------------------- */

static gboolean
backup_idle (gpointer user_data)
{
  return !fl_backup_view_is_backing_up (user_data) && !fl_backup_view_is_verifying (user_data);
}

static void
test_backup (FlTestUnit    *unit,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *folder = fl_test_make_tmpdir ();
  g_autofree char *other = g_build_filename (folder, "notes.txt", NULL);
  g_autofree char *dest = NULL;
  g_autofree char *manifest = NULL;
  FlTestCase kase;
  FlMainWindow *window;
  FlAdminPage *page;
  FlBackupView *view;

  fl_test_seed_case (unit, "2026-0960", now, NULL, &kase);
  page = open_admin (unit, "backup", &window);
  view = FL_BACKUP_VIEW (fl_admin_page_get_view (page, "backup"));
  g_assert_nonnull (strstr (fl_backup_view_get_restore_command (view), "restore"));
  g_assert_nonnull (strstr (fl_backup_view_get_restore_command (view), unit->dir));

  /* A folder that holds something gets a new dated folder inside it. */
  g_assert_true (g_file_set_contents (other, "something else", -1, NULL));
  dest = fl_backup_view_destination_in (folder);
  g_assert_true (g_str_has_prefix (dest, folder));
  g_assert_cmpstr (dest, !=, folder);

  g_assert_true (fl_backup_view_back_up_to (view, dest));
  g_assert_true (gtk_widget_get_visible (child (view, FL_TYPE_BACKUP_VIEW, "progress_box")));
  g_assert_true (fl_test_gui_wait_for (backup_idle, view, 60000));
  g_assert_nonnull (strstr (fl_backup_view_get_backup_text (view), dest));
  manifest = g_build_filename (dest, FL_BACKUP_MANIFEST, NULL);
  g_assert_true (g_file_test (manifest, G_FILE_TEST_IS_REGULAR));
  g_assert_true (fl_backup_verify (dest, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fl_test_query_int (unit, "SELECT count(*) FROM audit WHERE action = 'backup.create'"
                                            " AND outcome = 'success';", 0), ==, 1);

  fl_backup_view_verify_folder (view, dest);
  g_assert_true (fl_test_gui_wait_for (backup_idle, view, 60000));
  g_assert_nonnull (strstr (fl_backup_view_get_verify_text (view), "matches its manifest"));
  g_assert_nonnull (strstr (fl_backup_view_get_restore_command (view), dest));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "admin-backup"));

  /* A damaged backup is named as such. */
  g_assert_cmpint (g_unlink (manifest), ==, 0);
  fl_backup_view_verify_folder (view, dest);
  g_assert_true (fl_test_gui_wait_for (backup_idle, view, 60000));
  g_assert_nonnull (fl_backup_view_get_verify_text (view));
  g_assert_null (strstr (fl_backup_view_get_verify_text (view), "matches its manifest"));

  fl_test_case_clear (&kase);
  fl_test_rm_rf (folder);
}

/* ---- Spanish ------------------------------------------------------------ */

/* The section reads in Spanish, numbers and plurals included. */
static void
test_spanish (FlTestUnit    *unit,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *soon = date_in_days (12);
  g_autofree char *last_year = date_in_days (-365);
  FlMainWindow *window;
  FlAdminPage *page;
  FlUsersView *users;
  FlRetentionView *retention;
  gint64 tess;

  if (!fl_test_gui_use_spanish ())
    return;
  tess = fl_accounts_create_user (unit->db, unit->admin, "tess", "Tess Timely", FL_TEST_PASSWORD,
                                  FL_ROLE_EXAMINER, &error);
  g_assert_no_error (error);
  fl_accounts_add_training (unit->admin, tess, "FBI", "Facial comparison", last_year, soon, &error);
  g_assert_no_error (error);

  page = open_admin (unit, "users", &window);
  users = FL_USERS_VIEW (fl_admin_page_get_view (page, "users"));
  g_assert_cmpstr (fl_users_view_get_state_text (users, "ella"), ==, "Activa");
  g_assert_cmpstr (fl_users_view_get_training_text (users, "tess"), ==, "La formación caduca en 12 días");
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "es-admin-users"));

  g_assert_true (fl_admin_page_show_view (page, "seal"));
  retention = FL_RETENTION_VIEW (fl_admin_page_get_view (page, "retention"));
  fl_retention_view_preview (retention);
  g_assert_true (fl_test_gui_wait_for (retention_idle, retention, 10000));
  g_assert_true (g_str_has_prefix (fl_retention_view_get_message (retention), "No hay nada que purgar"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "es-admin-seal"));
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

  g_test_add ("/gui/admin/users", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_users, fl_test_gui_unit_teardown);
  g_test_add ("/gui/admin/user-dialog", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_user_dialog, fl_test_gui_unit_teardown);
  g_test_add ("/gui/admin/account-changes", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_account_changes, fl_test_gui_unit_teardown);
  g_test_add ("/gui/admin/audit-verify", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_audit_verify, fl_test_gui_unit_teardown);
  g_test_add ("/gui/admin/audit-export", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_audit_export, fl_test_gui_unit_teardown);
  g_test_add ("/gui/admin/seal", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_seal, fl_test_gui_unit_teardown);
  g_test_add ("/gui/admin/retention", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_retention, fl_test_gui_unit_teardown);
  g_test_add ("/gui/admin/backup", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_backup, fl_test_gui_unit_teardown);
  g_test_add ("/gui/admin/spanish", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_spanish, fl_test_gui_unit_teardown);

  status = g_test_run ();
  fl_test_gui_close_all ();
  g_object_unref (app);
  return status;
}
