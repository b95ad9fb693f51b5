/* test-gui-restore.c: restoring a backup from inside the app */
#include "fl-application.h"
#include "fl-backup.h"
#include "fl-login-window.h"
#include "fl-main-window.h"
#include "fl-test-gui.h"

static FlApplication *app;

/* The dialog fl_application_restore() shows at the end, by its heading. */
static gboolean
restored_dialog_shown (gpointer user_data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), user_data) == 0)
        {
          g_test_message ("%s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (w)));
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_restore_from_app (FlTestUnit    *unit,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backups = fl_test_make_tmpdir ();
  g_autofree char *backup = g_build_filename (backups, "backup", NULL);
  g_autofree char *data_dir = g_strdup (unit->dir);
  g_autofree char *parent = g_path_get_dirname (data_dir);
  g_autofree char *base = g_path_get_basename (data_dir);
  g_autoptr(GDir) dir = NULL;
  GtkWidget *window;
  const char *name;
  gboolean moved_aside = FALSE;

  /* A backup, then an account added after it. */
  {
    g_autoptr(FlSession) admin = fl_test_unit_login (unit, "admin");
    g_assert_true (fl_backup_create (admin, backup, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (fl_accounts_create_user (unit->db, admin, "newbie", "New Person", FL_TEST_PASSWORD,
                                              FL_ROLE_REQUESTER, &error), >, 0);
    fl_session_logout (admin);
  }
  /* Only the application may hold the database while it restores. */
  g_clear_object (&unit->admin);
  g_clear_object (&unit->db);

  window = fl_test_gui_sign_in (G_APPLICATION (app), unit, "admin");
  fl_test_gui_screenshot (window, "restore-before");
  fl_application_restore (app, backup);
  g_assert_true (fl_test_gui_wait_for (restored_dialog_shown, (gpointer) "Backup Restored", 20000));
  g_assert_nonnull (fl_test_gui_find_window (FL_TYPE_LOGIN_WINDOW));
  fl_test_gui_screenshot (GTK_WIDGET (fl_test_gui_find_window (ADW_TYPE_MESSAGE_DIALOG)), "restore-done");

  /* The restored data lacks the later account; the old data is kept aside. */
  g_assert_cmpint (fl_accounts_lookup (fl_application_get_db (app), "newbie", NULL), ==, 0);
  g_assert_cmpint (fl_accounts_lookup (fl_application_get_db (app), "ella", NULL), >, 0);
  dir = g_dir_open (parent, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, base) && g_strrstr (name, "before-restore") != NULL)
      {
        g_autofree char *aside = g_build_filename (parent, name, NULL);
        moved_aside = TRUE;
        fl_test_rm_rf (aside);
      }
  g_assert_true (moved_aside);

  fl_test_gui_close_all ();
  fl_test_rm_rf (backups);
}

static void
test_restore_refuses_bad_backup (FlTestUnit    *unit,
                                 gconstpointer  data)
{
  g_autofree char *bogus = fl_test_make_tmpdir ();

  g_clear_object (&unit->admin);
  g_clear_object (&unit->db);
  fl_test_gui_sign_in (G_APPLICATION (app), unit, "admin");
  fl_application_restore (app, bogus);
  g_assert_true (fl_test_gui_wait_for (restored_dialog_shown, (gpointer) "The Backup Was Not Restored", 20000));
  /* The data is still there: the administrator can sign in again. */
  g_assert_cmpint (fl_accounts_lookup (fl_application_get_db (app), "ella", NULL), >, 0);
  fl_test_gui_close_all ();
  fl_test_rm_rf (bogus);
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

  g_test_add ("/admin/restore/from-app", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_restore_from_app, fl_test_gui_unit_teardown);
  g_test_add ("/admin/restore/refuses-bad-backup", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_restore_refuses_bad_backup, fl_test_gui_unit_teardown);

  status = g_test_run ();
  fl_test_gui_close_all ();
  g_object_unref (app);
  return status;
}
