/* test-gui-admin.c: the Administration section, driven as an administrator (suite 'display')
 *
 * Runs under Xvfb with GSK_RENDERER=cairo; each step writes a screenshot
 * into the build tree's screenshots/ folder. File choosers are native
 * dialogs that a test cannot drive, so exports and backups are started with
 * the views' own functions the choosers call.
 */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fl-admin-page.h"
#include "fl-application.h"
#include "fl-audit-view.h"
#include "fl-login-window.h"
#include "fl-main-window.h"
#include "fl-test-admin.h"
#include "fl-test-gui.h"
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
  gtk_widget_activate (child (view, FL_TYPE_AUDIT_VIEW, "verify_button"));
  g_assert_true (fl_test_gui_wait_for (verify_done, view, 10000));
  g_assert_cmpint (fl_audit_view_get_broken_row (view), ==, target);
  row_text = g_strdup_printf ("broken at row %" G_GINT64_FORMAT ":", target);
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
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "admin-export-progress"));
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
  g_test_add ("/gui/admin/audit-verify", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_audit_verify, fl_test_gui_unit_teardown);
  g_test_add ("/gui/admin/audit-export", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_audit_export, fl_test_gui_unit_teardown);

  status = g_test_run ();
  fl_test_gui_close_all ();
  g_object_unref (app);
  return status;
}
