/* fl-lock-screen.c: what covers the main window after the idle time (R3)
 *
 * Shows who is signed in and asks for that person's password; the check is
 * fl_session_unlock() (audited, run off the main loop because password
 * hashing is deliberately slow). Emits "unlocked" on success and
 * "sign-out" when the person chooses to sign out instead.
 */
#include <glib/gi18n.h>
#include <string.h>

#include "fl-lock-screen.h"

struct _FlLockScreen
{
  GtkWidget         parent_instance;

  FlSession        *session;
  GCancellable     *cancellable;

  AdwStatusPage    *status_page;
  AdwEntryRow      *password_row;
  GtkLabel         *error_label;
  GtkButton        *unlock_button;
  GtkButton        *sign_out_button;
};

G_DEFINE_FINAL_TYPE (FlLockScreen, fl_lock_screen, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

enum {
  SIGNAL_UNLOCKED,
  SIGNAL_SIGN_OUT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  FlSession *session;
  char      *password;
} UnlockData;

static void
unlock_data_free (UnlockData *data)
{
  g_clear_object (&data->session);
  if (data->password != NULL)
    {
      memset (data->password, 0, strlen (data->password));
      g_free (data->password);
    }
  g_free (data);
}

static void
set_busy (FlLockScreen *self,
          gboolean      busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_out_button), !busy);
}

static void
update_description (FlLockScreen *self)
{
  g_autofree char *text = NULL;

  if (self->session == NULL)
    return;
  /* Translators: %s is the person's full name, %s their user name */
  text = g_strdup_printf (_("Signed in as %s (%s). Enter your password to continue, or sign out."),
                          fl_session_get_full_name (self->session),
                          fl_session_get_username (self->session));
  adw_status_page_set_description (self->status_page, text);
}

static void
unlock_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UnlockData *data = task_data;
  GError *error = NULL;

  if (fl_session_unlock (data->session, data->password, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
unlock_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  FlLockScreen *self;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = FL_LOCK_SCREEN (source);
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  if (error != NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->password_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_UNLOCKED], 0);
}

static void
unlock_cb (FlLockScreen *self)
{
  g_autoptr(GTask) task = NULL;
  UnlockData *data;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->session == NULL || *password == '\0' || !gtk_widget_get_sensitive (GTK_WIDGET (self->unlock_button)))
    return;

  data = g_new0 (UnlockData, 1);
  data->session = g_object_ref (self->session);
  data->password = g_strdup (password);

  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, unlock_done, NULL);
  g_task_set_source_tag (task, unlock_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) unlock_data_free);
  g_task_run_in_thread (task, unlock_thread);
}

static void
password_changed_cb (FlLockScreen *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
}

static void
sign_out_cb (FlLockScreen *self)
{
  g_signal_emit (self, signals[SIGNAL_SIGN_OUT], 0);
}

static void
fl_lock_screen_dispose (GObject *object)
{
  FlLockScreen *self = FL_LOCK_SCREEN (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_LOCK_SCREEN);
  /* Unnamed template children are not unparented by the call above. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fl_lock_screen_parent_class)->dispose (object);
}

static void
fl_lock_screen_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FlLockScreen *self = FL_LOCK_SCREEN (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_lock_screen_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FlLockScreen *self = FL_LOCK_SCREEN (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      fl_lock_screen_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_lock_screen_class_init (FlLockScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_lock_screen_dispose;
  object_class->get_property = fl_lock_screen_get_property;
  object_class->set_property = fl_lock_screen_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SIGN_OUT] = g_signal_new ("sign-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-lock-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, FlLockScreen, status_page);
  gtk_widget_class_bind_template_child (widget_class, FlLockScreen, password_row);
  gtk_widget_class_bind_template_child (widget_class, FlLockScreen, error_label);
  gtk_widget_class_bind_template_child (widget_class, FlLockScreen, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, FlLockScreen, sign_out_button);
  gtk_widget_class_bind_template_callback (widget_class, unlock_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_out_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fl_lock_screen_init (FlLockScreen *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_lock_screen_new (void)
{
  return g_object_new (FL_TYPE_LOCK_SCREEN, NULL);
}

FlSession *
fl_lock_screen_get_session (FlLockScreen *self)
{
  g_return_val_if_fail (FL_IS_LOCK_SCREEN (self), NULL);

  return self->session;
}

void
fl_lock_screen_set_session (FlLockScreen *self,
                            FlSession    *session)
{
  g_return_if_fail (FL_IS_LOCK_SCREEN (self));
  g_return_if_fail (session == NULL || FL_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    {
      update_description (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
    }
}

void
fl_lock_screen_reset (FlLockScreen *self)
{
  g_return_if_fail (FL_IS_LOCK_SCREEN (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}
