/* fl-login-window.c: the system-use notice and sign-in (R3)
 *
 * The unit's system-use notice is shown above the fields, so nobody reaches
 * the Sign In button without seeing it (the CJIS convention). Sign-in runs
 * fl_accounts_login() off the main loop; its refusals (wrong password,
 * lockout, account in use) are shown under the fields as the core words them.
 */
#include <glib/gi18n.h>
#include <string.h>

#include "fl-login-window.h"
#include "fl-settings.h"

struct _FlLoginWindow
{
  AdwApplicationWindow parent_instance;

  FlDb                *db;
  GCancellable        *cancellable;
  gboolean             busy;

  GtkLabel            *unit_label;
  GtkLabel            *agency_label;
  GtkLabel            *notice_label;
  AdwEntryRow         *username_row;
  AdwEntryRow         *password_row;
  GtkLabel            *error_label;
  GtkButton           *sign_in_button;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (FlLoginWindow, fl_login_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DB,
  PROP_USERNAME,
  N_PROPS
};

enum {
  SIGNAL_SIGNED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  FlDb *db;
  char *username;
  char *password;
} LoginData;

static void
login_data_free (LoginData *data)
{
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_clear_object (&data->db);
  g_free (data->username);
  g_free (data->password);
  g_free (data);
}

static void
update_sensitivity (FlLoginWindow *self)
{
  gboolean filled = *gtk_editable_get_text (GTK_EDITABLE (self->username_row)) != '\0' &&
                    *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0';

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), filled && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
}

static void
login_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LoginData *data = task_data;
  GError *error = NULL;
  FlSession *session = fl_accounts_login (data->db, data->username, data->password, &error);

  if (session != NULL)
    g_task_return_pointer (task, session, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
login_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlSession) session = g_task_propagate_pointer (G_TASK (result), &error);
  FlLoginWindow *self;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      /* The window went away while the password was checked. */
      if (session != NULL)
        fl_session_logout (session);
      return;
    }

  self = FL_LOGIN_WINDOW (source);
  self->busy = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  update_sensitivity (self);
  if (session == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->password_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, session);
}

static void
sign_in_cb (FlLoginWindow *self)
{
  g_autoptr(GTask) task = NULL;
  LoginData *data;

  if (self->busy || !gtk_widget_get_sensitive (GTK_WIDGET (self->sign_in_button)))
    return;

  data = g_new0 (LoginData, 1);
  data->db = g_object_ref (self->db);
  data->username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));
  data->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));

  self->busy = TRUE;
  update_sensitivity (self);
  task = g_task_new (self, self->cancellable, login_done, NULL);
  g_task_set_source_tag (task, sign_in_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);
  /* The session must reach login_done even if the window closed meanwhile,
   * so it is signed out again rather than left holding the account. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, login_thread);
}

static void
username_activated_cb (FlLoginWindow *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
field_changed_cb (FlLoginWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
  update_sensitivity (self);
}

static void
load_unit (FlLoginWindow *self)
{
  g_autofree char *unit = fl_settings_get (self->db, FL_SETTING_UNIT_NAME);
  g_autofree char *agency = fl_settings_get (self->db, FL_SETTING_AGENCY_NAME);
  g_autofree char *notice = fl_settings_get (self->db, FL_SETTING_SYSTEM_USE_NOTICE);

  gtk_label_set_text (self->unit_label, unit);
  gtk_label_set_text (self->agency_label, agency);
  gtk_widget_set_visible (GTK_WIDGET (self->agency_label), *agency != '\0');
  gtk_label_set_text (self->notice_label, notice);
}

static void
fl_login_window_constructed (GObject *object)
{
  FlLoginWindow *self = FL_LOGIN_WINDOW (object);

  G_OBJECT_CLASS (fl_login_window_parent_class)->constructed (object);

  load_unit (self);
  update_sensitivity (self);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->username_row)) != '\0')
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->password_row));
  else
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->username_row));
}

static void
fl_login_window_dispose (GObject *object)
{
  FlLoginWindow *self = FL_LOGIN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_LOGIN_WINDOW);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fl_login_window_parent_class)->dispose (object);
}

static void
fl_login_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FlLoginWindow *self = FL_LOGIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, self->db);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, gtk_editable_get_text (GTK_EDITABLE (self->username_row)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_login_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FlLoginWindow *self = FL_LOGIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DB:
      self->db = g_value_dup_object (value);
      break;
    case PROP_USERNAME:
      gtk_editable_set_text (GTK_EDITABLE (self->username_row),
                             g_value_get_string (value) ? g_value_get_string (value) : "");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_login_window_class_init (FlLoginWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fl_login_window_constructed;
  object_class->dispose = fl_login_window_dispose;
  object_class->get_property = fl_login_window_get_property;
  object_class->set_property = fl_login_window_set_property;

  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, FL_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FlLoginWindow::signed-in:
   * @session: the new FlSession (the handler takes its own reference)
   */
  signals[SIGNAL_SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, FL_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-login-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FlLoginWindow, unit_label);
  gtk_widget_class_bind_template_child (widget_class, FlLoginWindow, agency_label);
  gtk_widget_class_bind_template_child (widget_class, FlLoginWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, FlLoginWindow, username_row);
  gtk_widget_class_bind_template_child (widget_class, FlLoginWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, FlLoginWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, FlLoginWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, FlLoginWindow, spinner);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
}

static void
fl_login_window_init (FlLoginWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_login_window_new (GtkApplication *application,
                     FlDb           *db,
                     const char     *username)
{
  g_return_val_if_fail (FL_IS_DB (db), NULL);

  return g_object_new (FL_TYPE_LOGIN_WINDOW,
                       "application", application,
                       "db", db,
                       "username", username,
                       NULL);
}
