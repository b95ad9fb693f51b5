/* fl-application.c: FaceLeads' GtkApplication
 *
 * Opens the data folder (--data-dir, else FACELEADS_DATA_DIR, else the XDG
 * data folder) and leads through: an error window if the database cannot be
 * opened (the core leaves the file untouched), the setup assistant on first
 * launch, the sign-in window, then the main window for the session. Signing
 * out returns to the sign-in window.
 */
#include <glib/gi18n.h>

#include "fl-application.h"
#include "fl-backup.h"
#include "fl-error-window.h"
#include "fl-login-window.h"
#include "fl-main-window.h"
#include "fl-settings.h"
#include "fl-setup-window.h"

struct _FlApplication
{
  AdwApplication parent_instance;

  char          *data_dir;
  FlDb          *db;
};

G_DEFINE_FINAL_TYPE (FlApplication, fl_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DATA_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void show_login (FlApplication *self,
                        const char    *username);

static void
close_all_windows (FlApplication *self)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
}

static void
signed_out_cb (GtkWindow     *main_window,
               FlApplication *self)
{
  show_login (self, NULL);
}

static void
signed_in_cb (GtkWindow     *login,
              FlSession     *session,
              FlApplication *self)
{
  GtkWidget *main_window = fl_main_window_new (GTK_APPLICATION (self), session);

  g_signal_connect_object (main_window, "signed-out", G_CALLBACK (signed_out_cb), self, 0);
  gtk_window_present (GTK_WINDOW (main_window));
  gtk_window_destroy (login);
}

static void
unit_created_cb (GtkWindow     *setup,
                 const char    *username,
                 FlApplication *self)
{
  show_login (self, username);
  gtk_window_destroy (setup);
}

static void
show_login (FlApplication *self,
            const char    *username)
{
  GtkWidget *login = fl_login_window_new (GTK_APPLICATION (self), self->db, username);

  g_signal_connect_object (login, "signed-in", G_CALLBACK (signed_in_cb), self, 0);
  gtk_window_present (GTK_WINDOW (login));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  FlApplication *self = user_data;

  /* Destroying the main window signs its session out. */
  close_all_windows (self);
  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
};

static gint
fl_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  FlApplication *self = FL_APPLICATION (application);
  g_autofree char *data_dir = NULL;

  if (g_variant_dict_lookup (options, "data-dir", "^ay", &data_dir))
    {
      g_free (self->data_dir);
      self->data_dir = g_steal_pointer (&data_dir);
    }
  return G_APPLICATION_CLASS (fl_application_parent_class)->handle_local_options (application, options);
}

static void
fl_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (fl_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions, G_N_ELEMENTS (app_actions),
                                   application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
}

static void
fl_application_activate (GApplication *application)
{
  FlApplication *self = FL_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    gtk_window_present (window);
  else
    fl_application_open (self, self->data_dir);
}

static void
fl_application_shutdown (GApplication *application)
{
  FlApplication *self = FL_APPLICATION (application);

  close_all_windows (self);
  g_clear_object (&self->db);

  G_APPLICATION_CLASS (fl_application_parent_class)->shutdown (application);
}

static void
fl_application_finalize (GObject *object)
{
  FlApplication *self = FL_APPLICATION (object);

  g_clear_object (&self->db);
  g_free (self->data_dir);

  G_OBJECT_CLASS (fl_application_parent_class)->finalize (object);
}

static void
fl_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FlApplication *self = FL_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FlApplication *self = FL_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_free (self->data_dir);
      self->data_dir = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_application_class_init (FlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = fl_application_finalize;
  object_class->get_property = fl_application_get_property;
  object_class->set_property = fl_application_set_property;
  app_class->handle_local_options = fl_application_handle_local_options;
  app_class->startup = fl_application_startup;
  app_class->activate = fl_application_activate;
  app_class->shutdown = fl_application_shutdown;

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fl_application_init (FlApplication *self)
{
  static const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Folder holding the case database and images (default: FACELEADS_DATA_DIR, "
         "else the user’s data folder)"), N_("DIR") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Facial-recognition searches for police units. "
                                              "Every result is an investigative lead only."));
}

FlApplication *
fl_application_new (void)
{
  return g_object_new (FL_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/example/FaceLeads",
                       NULL);
}

FlDb *
fl_application_get_db (FlApplication *self)
{
  g_return_val_if_fail (FL_IS_APPLICATION (self), NULL);

  return self->db;
}

const char *
fl_application_get_data_dir (FlApplication *self)
{
  g_return_val_if_fail (FL_IS_APPLICATION (self), NULL);

  return self->db != NULL ? fl_db_get_data_dir (self->db) : NULL;
}

void
fl_application_open (FlApplication *self,
                     const char    *data_dir)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  g_return_if_fail (FL_IS_APPLICATION (self));

  close_all_windows (self);
  g_clear_object (&self->db);
  if (data_dir != self->data_dir)
    {
      g_free (self->data_dir);
      self->data_dir = g_strdup (data_dir);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_DIR]);
    }

  dir = fl_db_default_data_dir (self->data_dir);
  self->db = fl_db_open (dir, &error);
  if (self->db == NULL)
    {
      window = fl_error_window_new (GTK_APPLICATION (self), error->message);
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  if (!fl_unit_is_set_up (self->db))
    {
      window = fl_setup_window_new (GTK_APPLICATION (self), self->db);
      g_signal_connect_object (window, "unit-created", G_CALLBACK (unit_created_cb), self, 0);
      gtk_window_present (GTK_WINDOW (window));
      return;
    }
  show_login (self, NULL);
}

typedef struct
{
  FlApplication *app;
  char          *backup_dir;
} RestoreJob;

static void
restore_job_free (gpointer data)
{
  RestoreJob *job = data;

  g_object_unref (job->app);
  g_free (job->backup_dir);
  g_free (job);
}

static gboolean
restore_idle_cb (gpointer data)
{
  RestoreJob *job = data;
  FlApplication *self = job->app;
  g_autofree char *dir = fl_db_default_data_dir (self->data_dir);
  g_autofree char *moved = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  GList *windows;
  GtkWidget *dialog;
  gboolean ok;

  /* The database must be closed before its folder is moved aside. */
  close_all_windows (self);
  g_clear_object (&self->db);
  ok = fl_backup_restore (job->backup_dir, dir, &moved, &error);
  fl_application_open (self, self->data_dir);

  if (ok)
    body = moved
      ? g_strdup_printf (_("The backup in %s is now this workstation’s data. The data as it was before is kept in %s."),
                         job->backup_dir, moved)
      : g_strdup_printf (_("The backup in %s is now this workstation’s data."), job->backup_dir);
  else
    body = g_strdup (error->message);
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  dialog = adw_message_dialog_new (windows ? GTK_WINDOW (windows->data) : NULL,
                                   ok ? _("Backup Restored") : _("The Backup Was Not Restored"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  return G_SOURCE_REMOVE;
}

void
fl_application_restore (FlApplication *self,
                        const char    *backup_dir)
{
  RestoreJob *job;

  g_return_if_fail (FL_IS_APPLICATION (self));
  g_return_if_fail (backup_dir != NULL);

  job = g_new0 (RestoreJob, 1);
  job->app = g_object_ref (self);
  job->backup_dir = g_strdup (backup_dir);
  g_idle_add_full (G_PRIORITY_DEFAULT, restore_idle_cb, job, restore_job_free);
}
