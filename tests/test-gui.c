/* test-gui.c: the application's windows, driven through their widgets (suite 'display')
 *
 * Runs under Xvfb with GSK_RENDERER=cairo; each step writes a screenshot
 * into the build tree's screenshots/ folder.
 */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "fl-application.h"
#include "fl-error-window.h"
#include "fl-lead-notice.h"
#include "fl-list-editor.h"
#include "fl-lock-screen.h"
#include "fl-login-window.h"
#include "fl-main-window.h"
#include "fl-page.h"
#include "fl-preferences-window.h"
#include "fl-setup-window.h"
#include "fl-test-gui.h"

static FlApplication *app;

static GtkWidget *
child (gpointer    window,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
set_text (gpointer    window,
          GType       type,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (window, type, name)), text);
}

static gboolean
label_shown (gpointer user_data)
{
  GtkWidget *label = user_data;

  return gtk_widget_get_visible (label) && *gtk_label_get_text (GTK_LABEL (label)) != '\0';
}

/* Types the credentials into the sign-in window and presses Sign In. */
static void
submit_login (GtkWindow  *login,
              const char *username,
              const char *password)
{
  GtkWidget *button = child (login, FL_TYPE_LOGIN_WINDOW, "sign_in_button");

  set_text (login, FL_TYPE_LOGIN_WINDOW, "username_row", username);
  set_text (login, FL_TYPE_LOGIN_WINDOW, "password_row", password);
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_widget_activate (button);
}

static FlMainWindow *
sign_in (FlTestUnit *unit,
         const char *username)
{
  GtkWindow *login;
  GtkWindow *main_window;

  fl_application_open (app, unit->dir);
  login = fl_test_gui_wait_window (FL_TYPE_LOGIN_WINDOW, 2000);
  g_assert_nonnull (login);
  submit_login (login, username, FL_TEST_PASSWORD);
  main_window = fl_test_gui_wait_window (FL_TYPE_MAIN_WINDOW, 10000);
  g_assert_nonnull (main_window);
  g_assert_cmpstr (fl_session_get_username (fl_main_window_get_session (FL_MAIN_WINDOW (main_window))), ==,
                   username);
  g_assert_true (fl_test_gui_wait_drawn (GTK_WIDGET (main_window), 5000));
  return FL_MAIN_WINDOW (main_window);
}

/* A damaged database: the error window shows the core's message and the file stays as it was. */
static void
test_startup_damaged (void)
{
  g_autofree char *dir = fl_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "faceleads.db", NULL);
  g_autofree char *after = NULL;
  const char *junk = "This is not an SQLite database, it is a text file that must survive.";
  GtkWindow *window;
  gsize length;

  g_assert_true (g_file_set_contents (path, junk, -1, NULL));
  fl_application_open (app, dir);
  window = fl_test_gui_wait_window (FL_TYPE_ERROR_WINDOW, 2000);
  g_assert_nonnull (window);
  g_assert_null (fl_application_get_db (app));
  g_assert_nonnull (strstr (fl_error_window_get_message (FL_ERROR_WINDOW (window)), path));
  g_assert_null (fl_test_gui_find_window (FL_TYPE_LOGIN_WINDOW));
  g_assert_null (fl_test_gui_find_window (FL_TYPE_SETUP_WINDOW));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "startup-error"));

  g_assert_true (g_file_get_contents (path, &after, &length, NULL));
  g_assert_cmpstr (after, ==, junk);

  fl_test_gui_close_all ();
  fl_test_rm_rf (dir);
}

/* First launch: the assistant explains what is missing, creates the unit, then asks to sign in. */
static void
test_setup_assistant (void)
{
  g_autofree char *dir = fl_test_make_tmpdir ();
  g_autofree char *notice = NULL;
  GtkWindow *setup, *login, *main_window;
  GtkWidget *create, *error_label;
  GType type = FL_TYPE_SETUP_WINDOW;
  FlDb *db;

  fl_application_open (app, dir);
  setup = fl_test_gui_wait_window (FL_TYPE_SETUP_WINDOW, 2000);
  g_assert_nonnull (setup);
  create = child (setup, type, "create_button");

  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_cmpstr (fl_setup_window_get_problem (FL_SETUP_WINDOW (setup)), ==, "Enter the agency name.");
  g_free (fl_test_gui_screenshot (GTK_WIDGET (setup), "setup-empty"));

  set_text (setup, type, "agency_row", "Example County Sheriff’s Office");
  set_text (setup, type, "unit_row", "Facial Recognition Unit");
  set_text (setup, type, "contact_row", "Facial Recognition Unit · 555-0100 · fru@example.org");
  set_text (setup, type, "username_row", "chief");
  set_text (setup, type, "full_name_row", "Chris Chief");
  set_text (setup, type, "password_row", "short");
  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_nonnull (strstr (fl_setup_window_get_problem (FL_SETUP_WINDOW (setup)), "at least 8 characters"));
  g_assert_true (gtk_widget_has_css_class (child (setup, type, "password_row"), "error"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (setup), "setup-error"));

  set_text (setup, type, "username_row", "bad name!");
  g_assert_nonnull (strstr (fl_setup_window_get_problem (FL_SETUP_WINDOW (setup)), "user name"));
  set_text (setup, type, "username_row", "chief");
  set_text (setup, type, "password_row", FL_TEST_PASSWORD);
  set_text (setup, type, "repeat_row", "something-else");
  g_assert_nonnull (strstr (fl_setup_window_get_problem (FL_SETUP_WINDOW (setup)), "differ"));
  g_assert_false (gtk_widget_get_sensitive (create));
  set_text (setup, type, "repeat_row", FL_TEST_PASSWORD);
  g_assert_null (fl_setup_window_get_problem (FL_SETUP_WINDOW (setup)));
  g_assert_true (gtk_widget_get_sensitive (create));
  gtk_widget_activate (create);

  login = fl_test_gui_wait_window (FL_TYPE_LOGIN_WINDOW, 10000);
  g_assert_nonnull (login);
  g_assert_null (fl_test_gui_find_window (FL_TYPE_SETUP_WINDOW));
  db = fl_application_get_db (app);
  g_assert_true (fl_unit_is_set_up (db));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (login, FL_TYPE_LOGIN_WINDOW, "username_row"))),
                   ==, "chief");

  /* The system-use notice is on screen before anyone signs in. */
  notice = fl_settings_get (db, FL_SETTING_SYSTEM_USE_NOTICE);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (login, FL_TYPE_LOGIN_WINDOW, "notice_label"))), ==, notice);
  g_assert_true (gtk_widget_get_mapped (child (login, FL_TYPE_LOGIN_WINDOW, "notice_label")));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (login), "login"));

  submit_login (login, "chief", "wrong-password-1");
  error_label = child (login, FL_TYPE_LOGIN_WINDOW, "error_label");
  g_assert_true (fl_test_gui_wait_for (label_shown, error_label, 10000));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "Wrong user name or password"));
  g_assert_null (fl_test_gui_find_window (FL_TYPE_MAIN_WINDOW));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (login), "login-failed"));

  submit_login (login, "chief", FL_TEST_PASSWORD);
  main_window = fl_test_gui_wait_window (FL_TYPE_MAIN_WINDOW, 10000);
  g_assert_nonnull (main_window);
  g_assert_true (fl_main_window_has_section (FL_MAIN_WINDOW (main_window), "administration"));

  fl_test_gui_close_all ();
  fl_test_rm_rf (dir);
}

static const char * const all_sections[] = {
  "requests", "cases", "gallery", "review", "reports", "administration"
};

static char *
visible_sections (FlMainWindow *window)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (all_sections); i++)
    if (fl_main_window_has_section (window, all_sections[i]))
      g_strv_builder_add (builder, all_sections[i]);
  names = g_strv_builder_end (builder);
  return g_strjoinv (" ", names);
}

static guint
sidebar_rows (FlMainWindow *window)
{
  GtkWidget *sidebar = child (window, FL_TYPE_MAIN_WINDOW, "sidebar");
  guint rows = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (sidebar); row; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_visible (row))
      rows++;
  return rows;
}

/* Each role sees only the sections it uses (a person with several roles sees the union). */
static void
test_sections_per_role (FlTestUnit    *unit,
                        gconstpointer  data)
{
  static const struct { const char *username; const char *sections; } cases[] = {
    { "rita", "requests cases reports" },
    { "ella", "requests cases gallery review reports" },
    { "rob", "cases reports" },
    { "admin", "gallery administration" },
    { "multi", "requests cases gallery reports administration" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) admin = fl_test_unit_login (unit, "admin");

  fl_accounts_create_user (unit->db, admin, "multi", "Morgan Many-Hats", FL_TEST_PASSWORD,
                           FL_ROLE_REQUESTER | FL_ROLE_RECORDS | FL_ROLE_ADMIN, &error);
  g_assert_no_error (error);
  fl_session_logout (admin);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FlMainWindow *window = sign_in (unit, cases[i].username);
      g_autofree char *sections = visible_sections (window);
      g_auto(GStrv) expected = g_strsplit (cases[i].sections, " ", -1);
      g_autofree char *shot = g_strdup_printf ("main-role-%s", cases[i].username);

      g_assert_cmpstr (sections, ==, cases[i].sections);
      g_assert_cmpuint (sidebar_rows (window), ==, g_strv_length (expected));
      /* The first section is shown right away. */
      g_assert_cmpstr (fl_main_window_get_section (window), ==, expected[0]);
      g_free (fl_test_gui_screenshot (GTK_WIDGET (window), shot));

      fl_main_window_sign_out (window);
      g_assert_nonnull (fl_test_gui_wait_window (FL_TYPE_LOGIN_WINDOW, 2000));
      g_assert_null (fl_test_gui_find_window (FL_TYPE_MAIN_WINDOW));
      fl_test_gui_close_all ();
    }
}

static gboolean
leaflet_folded (gpointer user_data)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (child (user_data, FL_TYPE_MAIN_WINDOW, "leaflet")));
}

/* An examiner visits every section, by sidebar and by keyboard shortcut. */
static void
test_every_section (FlTestUnit    *unit,
                    gconstpointer  data)
{
  static const char * const with_notice[] = { "cases", "review", "reports" };
  FlMainWindow *window = sign_in (unit, "ella");
  FlMainWindow *admin_window;

  for (guint i = 0; i < G_N_ELEMENTS (all_sections); i++)
    {
      const char *name = all_sections[i];
      g_autofree char *shot = g_strdup_printf ("main-%s", name);
      GtkWidget *page;
      gboolean wants_notice = g_strv_contains (with_notice, name);

      if (!fl_main_window_has_section (window, name))
        {
          g_assert_false (fl_main_window_show_section (window, name));
          continue;
        }
      /* Ctrl+1…6 go to the sections in sidebar order. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.section", "i", (gint32) i + 1));
      g_assert_cmpstr (fl_main_window_get_section (window), ==, name);
      page = fl_main_window_get_page (window, name);
      g_assert_true (FL_IS_PAGE (page));
      g_assert_true (fl_page_get_session (FL_PAGE (page)) == fl_main_window_get_session (window));
      g_assert_true ((fl_test_gui_find_child (page, FL_TYPE_LEAD_NOTICE) != NULL) == wants_notice);
      g_assert_true (gtk_widget_get_mapped (page));
      g_free (fl_test_gui_screenshot (GTK_WIDGET (window), shot));
    }

  /* Ctrl+6 (Administration) is not an examiner's: nothing changes. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.section", "i", 6);
  g_assert_cmpstr (fl_main_window_get_section (window), ==, "reports");

  /* A narrow window folds the sidebar away and shows the section with a back button. */
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 720);
  g_assert_true (fl_test_gui_wait_for (leaflet_folded, window, 3000));
  g_assert_true (fl_main_window_show_section (window, "review"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "main-narrow"));
  fl_main_window_sign_out (window);

  admin_window = sign_in (unit, "admin");
  g_assert_true (fl_main_window_show_section (admin_window, "administration"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (admin_window), "main-administration"));
}

static gboolean
preferences_error_shown (gpointer user_data)
{
  return fl_preferences_window_get_error (user_data, FL_SETTING_PASSWORD_MIN_LENGTH) != NULL;
}

/* Administrators edit every unit setting; refusals are shown beside the setting. */
static void
test_preferences (FlTestUnit    *unit,
                  gconstpointer  data)
{
  const char * const *keys = fl_settings_known_keys ();
  FlMainWindow *window = sign_in (unit, "ella");
  FlPreferencesWindow *prefs;
  FlListEditor *incidents;
  GtkWidget *row;
  g_auto(GStrv) types = NULL;
  g_autofree char *agency = NULL;
  g_autofree char *min_length = NULL;
  const char *empty[] = { NULL };

  /* Not an administrator: the menu item is hidden and the action does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  fl_test_gui_spin (50);
  g_assert_null (fl_test_gui_find_window (FL_TYPE_PREFERENCES_WINDOW));
  fl_main_window_sign_out (window);

  window = sign_in (unit, "admin");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  prefs = FL_PREFERENCES_WINDOW (fl_test_gui_wait_window (FL_TYPE_PREFERENCES_WINDOW, 2000));
  g_assert_nonnull (prefs);
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_nonnull (fl_preferences_window_get_editor (prefs, keys[i]));
  row = fl_preferences_window_get_editor (prefs, FL_SETTING_AGENCY_NAME);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Example County Sheriff's Office");
  g_free (fl_test_gui_screenshot (GTK_WIDGET (prefs), "preferences-unit"));

  /* A valid change is saved through the core. */
  gtk_editable_set_text (GTK_EDITABLE (row), "Example County Sheriff’s Department");
  g_signal_emit_by_name (row, "apply");
  agency = fl_settings_get (unit->db, FL_SETTING_AGENCY_NAME);
  g_assert_cmpstr (agency, ==, "Example County Sheriff’s Department");
  g_assert_null (fl_preferences_window_get_error (prefs, FL_SETTING_AGENCY_NAME));

  /* A refused one is shown and nothing changes. */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "security");
  row = fl_preferences_window_get_editor (prefs, FL_SETTING_PASSWORD_MIN_LENGTH);
  gtk_editable_set_text (GTK_EDITABLE (row), "4");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (fl_test_gui_wait_for (preferences_error_shown, prefs, 1000));
  g_assert_nonnull (strstr (fl_preferences_window_get_error (prefs, FL_SETTING_PASSWORD_MIN_LENGTH), "8"));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  min_length = fl_settings_get (unit->db, FL_SETTING_PASSWORD_MIN_LENGTH);
  g_assert_cmpstr (min_length, ==, "8");
  g_free (fl_test_gui_screenshot (GTK_WIDGET (prefs), "preferences-security-error"));

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "searches");
  g_free (fl_test_gui_screenshot (GTK_WIDGET (prefs), "preferences-searches"));

  /* The lists: add an incident type; an empty list is refused. */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "lists");
  incidents = FL_LIST_EDITOR (child (prefs, FL_TYPE_PREFERENCES_WINDOW, "incident_types_editor"));
  row = child (incidents, FL_TYPE_LIST_EDITOR, "add_row");
  gtk_editable_set_text (GTK_EDITABLE (row), "Hit and run");
  g_signal_emit_by_name (row, "apply");
  types = fl_settings_get_list (unit->db, FL_LIST_INCIDENT_TYPE);
  g_assert_true (g_strv_contains ((const char * const *) types, "Hit and run"));
  g_assert_false (fl_list_editor_save (incidents, empty));
  g_assert_nonnull (fl_list_editor_get_error (incidents));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (prefs), "preferences-lists"));
  g_assert_true (fl_list_editor_save (incidents, (const char * const *) types));
  g_assert_null (fl_list_editor_get_error (incidents));
}

static gboolean
about_shown (gpointer user_data)
{
  return fl_test_gui_find_window (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

/* About and Keyboard Shortcuts open from the main window. */
static void
test_about_and_shortcuts (FlTestUnit    *unit,
                          gconstpointer  data)
{
  FlMainWindow *window = sign_in (unit, "ella");
  GtkWindow *about, *shortcuts;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.about", NULL));
  g_assert_true (fl_test_gui_wait_for (about_shown, NULL, 2000));
  about = fl_test_gui_find_window (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "FaceLeads");
  g_free (fl_test_gui_screenshot (GTK_WIDGET (about), "about"));
  gtk_window_destroy (about);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shortcuts = fl_test_gui_wait_window (GTK_TYPE_SHORTCUTS_WINDOW, 2000);
  g_assert_nonnull (shortcuts);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (shortcuts), "shortcuts"));
}

static gboolean
is_locked (gpointer user_data)
{
  return fl_main_window_is_locked (user_data);
}

static gboolean
is_unlocked (gpointer user_data)
{
  return !fl_main_window_is_locked (user_data);
}

/* After the idle time the window locks; only the person's password opens it again. */
static void
test_idle_lock (FlTestUnit    *unit,
                gconstpointer  data)
{
  FlMainWindow *window;
  FlLockScreen *lock;
  GtkWidget *password, *error_label, *content;

  g_setenv ("FACELEADS_IDLE_LOCK_SECONDS", "2", TRUE);
  window = sign_in (unit, "ella");
  g_unsetenv ("FACELEADS_IDLE_LOCK_SECONDS");
  g_assert_cmpuint (fl_main_window_get_idle_lock_seconds (window), ==, 2);
  g_assert_false (fl_main_window_is_locked (window));

  g_assert_true (fl_test_gui_wait_for (is_locked, window, 8000));
  lock = FL_LOCK_SCREEN (child (window, FL_TYPE_MAIN_WINDOW, "lock_screen"));
  content = child (window, FL_TYPE_MAIN_WINDOW, "content_stack");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (lock)));
  g_assert_false (gtk_widget_get_mapped (content));
  /* Locked, the sections cannot be reached. */
  g_assert_false (fl_main_window_show_section (window, "cases"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "lock-screen"));

  password = child (lock, FL_TYPE_LOCK_SCREEN, "password_row");
  error_label = child (lock, FL_TYPE_LOCK_SCREEN, "error_label");
  gtk_editable_set_text (GTK_EDITABLE (password), "not-my-password");
  gtk_widget_activate (child (lock, FL_TYPE_LOCK_SCREEN, "unlock_button"));
  g_assert_true (fl_test_gui_wait_for (label_shown, error_label, 10000));
  g_assert_true (fl_main_window_is_locked (window));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "lock-screen-error"));

  gtk_editable_set_text (GTK_EDITABLE (password), FL_TEST_PASSWORD);
  gtk_widget_activate (child (lock, FL_TYPE_LOCK_SCREEN, "unlock_button"));
  g_assert_true (fl_test_gui_wait_for (is_unlocked, window, 10000));
  g_assert_true (gtk_widget_get_mapped (content));

  /* Ctrl+L locks at once; signing out from the lock screen returns to sign-in. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL));
  g_assert_true (fl_main_window_is_locked (window));
  gtk_widget_activate (child (lock, FL_TYPE_LOCK_SCREEN, "sign_out_button"));
  g_assert_nonnull (fl_test_gui_wait_window (FL_TYPE_LOGIN_WINDOW, 2000));
  g_assert_null (fl_test_gui_find_window (FL_TYPE_MAIN_WINDOW));
}

/* The Spanish translation is complete enough to drive the whole flow. */
static void
test_spanish (FlTestUnit    *unit,
              gconstpointer  data)
{
  g_autofree char *empty_dir = fl_test_make_tmpdir ();
  GtkWindow *setup, *login;
  FlMainWindow *window;

  if (!fl_test_gui_use_spanish ())
    return;

  fl_application_open (app, empty_dir);
  setup = fl_test_gui_wait_window (FL_TYPE_SETUP_WINDOW, 2000);
  g_assert_nonnull (setup);
  g_assert_cmpstr (gtk_window_get_title (setup), ==, "Configurar FaceLeads");
  g_assert_cmpstr (fl_setup_window_get_problem (FL_SETUP_WINDOW (setup)), ==, "Escriba el nombre de la agencia.");
  g_free (fl_test_gui_screenshot (GTK_WIDGET (setup), "es-setup"));

  fl_application_open (app, unit->dir);
  login = fl_test_gui_wait_window (FL_TYPE_LOGIN_WINDOW, 2000);
  g_assert_nonnull (login);
  g_free (fl_test_gui_screenshot (GTK_WIDGET (login), "es-login"));

  window = sign_in (unit, "ella");
  g_assert_true (fl_main_window_show_section (window, "review"));
  g_free (fl_test_gui_screenshot (GTK_WIDGET (window), "es-main-review"));
  fl_test_gui_close_all ();

  setlocale (LC_ALL, "C");
  g_unsetenv ("LANGUAGE");
  fl_test_rm_rf (empty_dir);
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

  g_test_add_func ("/gui/startup/damaged-database", test_startup_damaged);
  g_test_add_func ("/gui/setup/assistant", test_setup_assistant);
  g_test_add ("/gui/main/sections-per-role", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_sections_per_role, fl_test_gui_unit_teardown);
  g_test_add ("/gui/main/every-section", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_every_section, fl_test_gui_unit_teardown);
  g_test_add ("/gui/main/preferences", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_preferences, fl_test_gui_unit_teardown);
  g_test_add ("/gui/main/about-and-shortcuts", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_about_and_shortcuts, fl_test_gui_unit_teardown);
  g_test_add ("/gui/main/idle-lock", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_idle_lock, fl_test_gui_unit_teardown);
  g_test_add ("/gui/i18n/spanish", FlTestUnit, NULL,
              fl_test_gui_unit_setup, test_spanish, fl_test_gui_unit_teardown);

  status = g_test_run ();
  fl_test_gui_close_all ();
  g_object_unref (app);
  return status;
}
