/* fl-user-dialog.c: add an account, change its roles, or set a new password
 *
 * One form in three modes; the groups a mode does not use are hidden. Fields
 * are checked as they are typed (a wrong value is marked at once, an empty
 * one only after the first attempt to save, so a fresh form is not all red)
 * and each problem is written under its group. The core applies the same
 * rules again and audits the change; its refusal is shown in the banner at
 * the top, or under the user name when the name is taken.
 */
#include <glib/gi18n.h>
#include <string.h>

#include "fl-message-banner.h"
#include "fl-user-dialog.h"

struct _FlUserDialog
{
  AdwWindow             parent_instance;

  FlSession            *session;
  FlUserDialogMode      mode;
  gint64                user_id;
  char                 *username;      /* the account changed (roles, password modes) */
  char                 *problem;
  gboolean              submitted;
  gboolean              busy;
  GCancellable         *cancellable;

  AdwWindowTitle       *window_title;
  GtkButton            *primary_button;
  GtkSpinner           *spinner;
  FlMessageBanner      *banner;
  AdwPreferencesGroup  *banner_group;
  AdwPreferencesGroup  *account_group;
  AdwPreferencesGroup  *roles_group;
  AdwPreferencesGroup  *password_group;
  AdwEntryRow          *username_row;
  AdwEntryRow          *full_name_row;
  AdwEntryRow          *password_row;
  AdwEntryRow          *repeat_row;
  GtkCheckButton       *requester_check;
  GtkCheckButton       *examiner_check;
  GtkCheckButton       *records_check;
  GtkCheckButton       *admin_check;
  AdwActionRow         *admin_role_row;
  GtkLabel             *account_error;
  GtkLabel             *roles_error;
  GtkLabel             *password_error;
};

G_DEFINE_FINAL_TYPE (FlUserDialog, fl_user_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_MODE,
  N_PROPS
};

enum {
  SIGNAL_DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  FlSession *session;
  gint64     user_id;
  char      *username;
  char      *full_name;
  char      *password;
  FlRoles    roles;
} Change;

static void
change_free (Change *change)
{
  if (change->password != NULL)
    memset (change->password, 0, strlen (change->password));
  g_clear_object (&change->session);
  g_free (change->username);
  g_free (change->full_name);
  g_free (change->password);
  g_free (change);
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* The core's rule (fl-accounts.c), checked early for feedback while typing. */
static gboolean
username_is_valid (const char *username)
{
  gsize len = strlen (username);

  if (len < 2 || len > 64)
    return FALSE;
  for (const char *p = username; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static FlRoles
checked_roles (FlUserDialog *self)
{
  FlRoles roles = FL_ROLE_NONE;

  if (gtk_check_button_get_active (self->requester_check))
    roles |= FL_ROLE_REQUESTER;
  if (gtk_check_button_get_active (self->examiner_check))
    roles |= FL_ROLE_EXAMINER;
  if (gtk_check_button_get_active (self->records_check))
    roles |= FL_ROLE_RECORDS;
  if (gtk_check_button_get_active (self->admin_check))
    roles |= FL_ROLE_ADMIN;
  return roles;
}

static void
mark (gpointer widget,
      gboolean wrong)
{
  if (wrong)
    gtk_widget_add_css_class (GTK_WIDGET (widget), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (widget), "error");
}

static void
show_group_error (GtkLabel   *label,
                  const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static char *
check_account (FlUserDialog *self)
{
  const char *username = row_text (self->username_row);
  gboolean empty_name = is_blank (row_text (self->full_name_row));
  char *message = NULL;

  mark (self->username_row, FALSE);
  mark (self->full_name_row, FALSE);
  if (*username == '\0')
    {
      if (self->submitted)
        {
          mark (self->username_row, TRUE);
          message = g_strdup (_("Enter a user name."));
        }
    }
  else if (!username_is_valid (username))
    {
      mark (self->username_row, TRUE);
      message = g_strdup (_("The user name must have 2 to 64 letters, digits, dots, hyphens or underscores."));
    }
  else if (fl_accounts_lookup (fl_session_get_db (self->session), username, NULL) > 0)
    {
      mark (self->username_row, TRUE);
      message = g_strdup_printf (_("The user name “%s” is taken (accounts are never deleted). Choose another."),
                                 username);
    }
  if (empty_name && self->submitted)
    {
      mark (self->full_name_row, TRUE);
      if (message == NULL)
        message = g_strdup (_("Enter the person’s full name: every action is attributed to a person."));
    }
  return message;
}

static char *
check_password (FlUserDialog *self)
{
  const char *password = row_text (self->password_row);
  const char *repeat = row_text (self->repeat_row);
  const char *username = self->mode == FL_USER_DIALOG_ADD ? row_text (self->username_row) : self->username;
  g_autoptr(GError) error = NULL;

  mark (self->password_row, FALSE);
  mark (self->repeat_row, FALSE);
  if (*password == '\0')
    {
      if (!self->submitted)
        return NULL;
      mark (self->password_row, TRUE);
      return g_strdup (_("Choose a password."));
    }
  if (!fl_accounts_check_password_rules (fl_session_get_db (self->session), username, password, &error))
    {
      mark (self->password_row, TRUE);
      return g_strdup (error->message);
    }
  if (*repeat == '\0')
    {
      if (!self->submitted)
        return NULL;
      mark (self->repeat_row, TRUE);
      return g_strdup (_("Repeat the password."));
    }
  if (!g_str_equal (password, repeat))
    {
      mark (self->repeat_row, TRUE);
      return g_strdup (_("The two passwords differ. Type the same password twice."));
    }
  return NULL;
}

/* Writes each group's problem under it; keeps the first as self->problem. */
static void
validate (FlUserDialog *self)
{
  g_autofree char *account = NULL;
  g_autofree char *roles = NULL;
  g_autofree char *password = NULL;

  if (self->mode == FL_USER_DIALOG_ADD)
    account = check_account (self);
  if (self->mode != FL_USER_DIALOG_PASSWORD && checked_roles (self) == FL_ROLE_NONE &&
      (self->submitted || self->mode == FL_USER_DIALOG_ROLES))
    roles = g_strdup (_("Choose at least one role."));
  if (self->mode != FL_USER_DIALOG_ROLES)
    password = check_password (self);

  show_group_error (self->account_error, account);
  show_group_error (self->roles_error, roles);
  show_group_error (self->password_error, password);

  g_free (self->problem);
  self->problem = g_strdup (account ? account : roles ? roles : password);
}

/* Moves to the first field marked wrong (the page scrolls it into view). */
static void
focus_first_problem (FlUserDialog *self)
{
  GtkWidget *fields[] = {
    GTK_WIDGET (self->username_row), GTK_WIDGET (self->full_name_row), GTK_WIDGET (self->requester_check),
    GTK_WIDGET (self->password_row), GTK_WIDGET (self->repeat_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      gboolean wrong = fields[i] == GTK_WIDGET (self->requester_check)
                       ? gtk_widget_get_visible (GTK_WIDGET (self->roles_error))
                       : gtk_widget_has_css_class (fields[i], "error");
      if (wrong && gtk_widget_get_visible (fields[i]) && gtk_widget_is_sensitive (fields[i]))
        {
          gtk_widget_grab_focus (fields[i]);
          return;
        }
    }
}

static void
set_busy (FlUserDialog *self,
          gboolean      busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->primary_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_group), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->roles_group), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_group), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
finish (FlUserDialog *self,
        gint64        user_id,
        GError       *error)
{
  set_busy (self, FALSE);
  if (error == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_DONE], 0, user_id);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (g_error_matches (error, FL_ERROR, FL_ERROR_EXISTS))
    {
      mark (self->username_row, TRUE);
      show_group_error (self->account_error, error->message);
    }
  else
    fl_message_banner_set (self->banner, FL_MESSAGE_ERROR, error->message);
  g_free (self->problem);
  self->problem = g_strdup (error->message);
}

/* Runs on a worker thread: hashing a password takes a noticeable moment. */
static void
change_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Change *change = task_data;
  GError *error = NULL;
  gint64 id;

  if (change->user_id == 0)
    id = fl_accounts_create_user (fl_session_get_db (change->session), change->session, change->username,
                                  change->full_name, change->password, change->roles, &error);
  else
    id = fl_accounts_reset_password (change->session, change->user_id, change->password, &error)
         ? change->user_id : 0;
  if (id > 0)
    g_task_return_int (task, id);
  else
    g_task_return_error (task, error);
}

static void
change_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FlUserDialog *self = FL_USER_DIALOG (source);
  g_autoptr(GError) error = NULL;
  gint64 id = g_task_propagate_int (G_TASK (result), &error);

  /* Closed meanwhile: the change (if made) is in the core; nothing to show. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  finish (self, id, error);
}

gboolean
fl_user_dialog_submit (FlUserDialog *self)
{
  g_autoptr(GTask) task = NULL;
  Change *change;

  g_return_val_if_fail (FL_IS_USER_DIALOG (self), FALSE);

  if (self->busy)
    return FALSE;
  self->submitted = TRUE;
  fl_message_banner_set (self->banner, FL_MESSAGE_NONE, NULL);
  validate (self);
  if (self->problem != NULL)
    {
      focus_first_problem (self);
      return FALSE;
    }

  if (self->mode == FL_USER_DIALOG_ROLES)
    {
      g_autoptr(GError) error = NULL;

      fl_accounts_set_roles (self->session, self->user_id, checked_roles (self), &error);
      finish (self, self->user_id, error);
      return error == NULL;
    }

  change = g_new0 (Change, 1);
  change->session = g_object_ref (self->session);
  change->password = g_strdup (row_text (self->password_row));
  if (self->mode == FL_USER_DIALOG_ADD)
    {
      change->username = g_strdup (row_text (self->username_row));
      change->full_name = g_strstrip (g_strdup (row_text (self->full_name_row)));
      change->roles = checked_roles (self);
    }
  else
    change->user_id = self->user_id;

  set_busy (self, TRUE);
  task = g_task_new (self, NULL, change_done_cb, NULL);
  g_task_set_source_tag (task, fl_user_dialog_submit);
  g_task_set_task_data (task, change, (GDestroyNotify) change_free);
  g_task_run_in_thread (task, change_thread);
  return TRUE;
}

static void
primary_clicked_cb (FlUserDialog *self)
{
  fl_user_dialog_submit (self);
}

static void
field_changed_cb (FlUserDialog *self)
{
  if (!self->busy)
    validate (self);
}

static void
set_checks (FlUserDialog *self,
            FlRoles       roles)
{
  gtk_check_button_set_active (self->requester_check, (roles & FL_ROLE_REQUESTER) != 0);
  gtk_check_button_set_active (self->examiner_check, (roles & FL_ROLE_EXAMINER) != 0);
  gtk_check_button_set_active (self->records_check, (roles & FL_ROLE_RECORDS) != 0);
  gtk_check_button_set_active (self->admin_check, (roles & FL_ROLE_ADMIN) != 0);
}

static void
setup_mode (FlUserDialog     *self,
            const FlUserInfo *user)
{
  g_autofree char *who = NULL;

  if (user != NULL)
    {
      self->user_id = user->id;
      self->username = g_strdup (user->username);
      who = g_strdup_printf ("%s (%s)", user->full_name, user->username);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->account_group), self->mode == FL_USER_DIALOG_ADD);
  gtk_widget_set_visible (GTK_WIDGET (self->roles_group), self->mode != FL_USER_DIALOG_PASSWORD);
  gtk_widget_set_visible (GTK_WIDGET (self->password_group), self->mode != FL_USER_DIALOG_ROLES);

  switch (self->mode)
    {
    case FL_USER_DIALOG_ADD:
      gtk_window_set_title (GTK_WINDOW (self), _("New Account"));
      adw_window_title_set_title (self->window_title, _("New Account"));
      gtk_button_set_label (self->primary_button, _("_Add"));
      adw_preferences_group_set_description (self->password_group,
        _("Give the person this first password in person. Only they should know it from then on."));
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->username_row));
      break;
    case FL_USER_DIALOG_ROLES:
      gtk_window_set_title (GTK_WINDOW (self), _("Change Roles"));
      adw_window_title_set_title (self->window_title, _("Change Roles"));
      adw_window_title_set_subtitle (self->window_title, who);
      gtk_button_set_label (self->primary_button, _("_Save"));
      set_checks (self, user ? user->roles : FL_ROLE_NONE);
      /* The core refuses it anyway; say so before it is tried. */
      if (user != NULL && user->id == fl_session_get_user_id (self->session))
        {
          gtk_widget_set_sensitive (GTK_WIDGET (self->admin_role_row), FALSE);
          adw_action_row_set_subtitle (self->admin_role_row,
            _("You cannot remove your own administrator role; ask another administrator."));
        }
      break;
    case FL_USER_DIALOG_PASSWORD:
      gtk_window_set_title (GTK_WINDOW (self), _("Reset Password"));
      adw_window_title_set_title (self->window_title, _("Reset Password"));
      adw_window_title_set_subtitle (self->window_title, who);
      gtk_button_set_label (self->primary_button, _("_Set Password"));
      adw_preferences_group_set_title (self->password_group, _("New password"));
      adw_preferences_group_set_description (self->password_group,
        _("For a person who forgot theirs. Give it to them in person; the change is recorded in the audit trail."));
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->password_row));
      break;
    default:
      g_assert_not_reached ();
    }
  validate (self);
}

static void
fl_user_dialog_dispose (GObject *object)
{
  FlUserDialog *self = FL_USER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_USER_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (fl_user_dialog_parent_class)->dispose (object);
}

static void
fl_user_dialog_finalize (GObject *object)
{
  FlUserDialog *self = FL_USER_DIALOG (object);

  /* kept until here: a task finishing after dispose checks it */
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fl_user_dialog_parent_class)->finalize (object);
}

static void
fl_user_dialog_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FlUserDialog *self = FL_USER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_user_dialog_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FlUserDialog *self = FL_USER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_MODE:
      self->mode = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_user_dialog_class_init (FlUserDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_user_dialog_dispose;
  object_class->finalize = fl_user_dialog_finalize;
  object_class->get_property = fl_user_dialog_get_property;
  object_class->set_property = fl_user_dialog_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_int ("mode", NULL, NULL, FL_USER_DIALOG_ADD, FL_USER_DIALOG_PASSWORD, FL_USER_DIALOG_ADD,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FlUserDialog::done:
   * @user_id: the account added or changed
   */
  signals[SIGNAL_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (FL_TYPE_MESSAGE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-user-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, primary_button);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, banner);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, banner_group);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, account_group);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, roles_group);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, password_group);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, full_name_row);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, requester_check);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, examiner_check);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, records_check);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, admin_check);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, admin_role_row);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, account_error);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, roles_error);
  gtk_widget_class_bind_template_child (widget_class, FlUserDialog, password_error);
  gtk_widget_class_bind_template_callback (widget_class, primary_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fl_user_dialog_init (FlUserDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The banner's group takes no room while there is nothing to say. */
  g_object_bind_property (self->banner, "visible", self->banner_group, "visible", G_BINDING_SYNC_CREATE);
}

GtkWidget *
fl_user_dialog_new (GtkWindow        *parent,
                    FlSession        *session,
                    FlUserDialogMode  mode,
                    const FlUserInfo *user)
{
  FlUserDialog *self;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);
  g_return_val_if_fail ((mode == FL_USER_DIALOG_ADD) == (user == NULL), NULL);

  self = g_object_new (FL_TYPE_USER_DIALOG,
                       "session", session,
                       "mode", mode,
                       "transient-for", parent,
                       NULL);
  setup_mode (self, user);
  return GTK_WIDGET (self);
}

FlUserDialogMode
fl_user_dialog_get_mode (FlUserDialog *self)
{
  g_return_val_if_fail (FL_IS_USER_DIALOG (self), FL_USER_DIALOG_ADD);

  return self->mode;
}

const char *
fl_user_dialog_get_problem (FlUserDialog *self)
{
  g_return_val_if_fail (FL_IS_USER_DIALOG (self), NULL);

  return self->problem;
}

gboolean
fl_user_dialog_is_busy (FlUserDialog *self)
{
  g_return_val_if_fail (FL_IS_USER_DIALOG (self), FALSE);

  return self->busy;
}
