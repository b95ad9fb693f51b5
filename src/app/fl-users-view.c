/* fl-users-view.c: the unit's accounts with their roles, state and training (R1, R3)
 *
 * One expander row per account: name, user name and roles; its state
 * (active, locked until a time after too many failed sign-ins, deactivated);
 * and its training, highlighted when it expires within 30 days. Expanded,
 * the row lists the person's training records. Each row's menu holds the
 * administrator's actions; the core checks and audits every one of them.
 * Accounts are never deleted, only deactivated, so everything a person did
 * stays attributed to them.
 */
#include <glib/gi18n.h>
#include <string.h>

#include "fl-date-row.h"
#include "fl-format.h"
#include "fl-message-banner.h"
#include "fl-training-dialog.h"
#include "fl-user-dialog.h"
#include "fl-users-view.h"

struct _FlUsersView
{
  AdwBin               parent_instance;

  FlSession           *session;
  GPtrArray           *users;         /* of FlUserInfo, as listed */
  GHashTable          *rows;          /* username → row (owned by the list) */
  GtkSizeGroup        *state_size;
  GtkSizeGroup        *training_size;
  char                *message;

  AdwPreferencesGroup *group;
  FlMessageBanner     *banner;
  GtkListBox          *list;
};

G_DEFINE_FINAL_TYPE (FlUsersView, fl_users_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- helpers ------------------------------------------------------------ */

static const char *
role_label (FlRoles role)
{
  switch (role)
    {
    case FL_ROLE_REQUESTER:
      return _("Requester");
    case FL_ROLE_EXAMINER:
      return _("Examiner");
    case FL_ROLE_RECORDS:
      return _("Records staff");
    case FL_ROLE_ADMIN:
      return _("Administrator");
    case FL_ROLE_NONE:
    default:
      return _("No role");
    }
}

static char *
roles_text (FlRoles roles)
{
  static const FlRoles order[] = { FL_ROLE_REQUESTER, FL_ROLE_EXAMINER, FL_ROLE_RECORDS, FL_ROLE_ADMIN };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (roles & order[i])
      {
        if (text->len > 0)
          g_string_append (text, ", ");
        g_string_append (text, role_label (order[i]));
      }
  if (text->len == 0)
    g_string_append (text, role_label (FL_ROLE_NONE));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const FlUserInfo *
find_user (FlUsersView *self,
           gint64       user_id)
{
  for (guint i = 0; self->users != NULL && i < self->users->len; i++)
    {
      const FlUserInfo *user = g_ptr_array_index (self->users, i);
      if (user->id == user_id)
        return user;
    }
  return NULL;
}

static gboolean
is_locked (const FlUserInfo *user)
{
  return user->locked_until > fl_now_unix ();
}

/* "Locked until 14:05", or with the date when it is not today. */
static char *
state_text (const FlUserInfo *user,
            const char      **tone)
{
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *when = NULL;

  if (!user->active)
    {
      *tone = "dim-label";
      return g_strdup (_("Deactivated"));
    }
  if (!is_locked (user))
    {
      *tone = "success";
      return g_strdup (_("Active"));
    }
  until = g_date_time_new_from_unix_local (user->locked_until);
  now = g_date_time_new_now_local ();
  when = g_date_time_get_day_of_year (until) == g_date_time_get_day_of_year (now) &&
         g_date_time_get_year (until) == g_date_time_get_year (now)
         ? g_date_time_format (until, "%H:%M") : g_date_time_format (until, "%Y-%m-%d %H:%M");
  *tone = "warning";
  /* Translators: %s is a time, e.g. 14:05 */
  return g_strdup_printf (_("Locked until %s"), when);
}

/* The training column: @expiring is set when it ends within the warning period. */
static char *
training_text (const char  *expires,
               gboolean     examiner,
               const char **tone,
               gboolean    *expiring)
{
  int days;

  *expiring = FALSE;
  if (expires == NULL || !fl_date_row_days_from_today (expires, &days))
    {
      /* Without training an examiner is refused every search (R1). */
      *tone = examiner ? "error" : "dim-label";
      return g_strdup (_("No training record"));
    }
  if (days < 0)
    {
      *tone = "error";
      /* Translators: %s is a date, YYYY-MM-DD */
      return g_strdup_printf (_("Training expired on %s"), expires);
    }
  if (days <= FL_TRAINING_WARNING_DAYS)
    {
      *tone = "warning";
      *expiring = TRUE;
      if (days == 0)
        return g_strdup (_("Training expires today"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Training expires in %d day",
                                           "Training expires in %d days", days), days);
    }
  *tone = "dim-label";
  /* Translators: %s is a date, YYYY-MM-DD */
  return g_strdup_printf (_("Training valid until %s"), expires);
}

static GtkWindow *
parent_window (FlUsersView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_success (FlUsersView *self,
              const char  *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  g_free (self->message);
  self->message = g_strdup (text);
  fl_message_banner_set (self->banner, FL_MESSAGE_NONE, NULL);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static void
show_error (FlUsersView *self,
            const char  *text)
{
  g_free (self->message);
  self->message = g_strdup (text);
  fl_message_banner_set (self->banner, FL_MESSAGE_ERROR, text);
}

/* ---- rows --------------------------------------------------------------- */

static void
append_item (GMenu      *menu,
             const char *label,
             const char *action,
             gint64      user_id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_int64 (user_id));
  g_menu_append_item (menu, item);
}

/* What an administrator can do with @user; never "delete". */
static GMenuModel *
row_menu (FlUsersView      *self,
          const FlUserInfo *user)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) account = g_menu_new ();
  g_autoptr(GMenu) state = g_menu_new ();
  gboolean me = user->id == fl_session_get_user_id (self->session);

  append_item (account, _("Add _Training Record…"), "users.add-training", user->id);
  append_item (account, _("Change _Roles…"), "users.edit-roles", user->id);
  append_item (account, _("Reset _Password…"), "users.reset-password", user->id);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (account));

  if (user->active && is_locked (user))
    append_item (state, _("_Unlock"), "users.unlock", user->id);
  if (!user->active)
    append_item (state, _("Re_activate"), "users.reactivate", user->id);
  else if (!me)
    append_item (state, _("_Deactivate…"), "users.deactivate", user->id);
  if (g_menu_model_get_n_items (G_MENU_MODEL (state)) > 0)
    g_menu_append_section (menu, NULL, G_MENU_MODEL (state));
  return G_MENU_MODEL (menu);
}

static GtkWidget *
column_label (const char   *text,
              const char   *tone,
              GtkSizeGroup *size_group)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_end (label, 12);
  fl_format_set_tone (label, tone);
  gtk_size_group_add_widget (size_group, label);
  return label;
}

static GtkWidget *
training_record_row (const FlTrainingRecord *record)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *status = NULL;
  const char *tone = NULL;
  gboolean expiring;
  int days;
  GtkWidget *label;

  title = record->course && *record->course
          ? g_markup_printf_escaped ("%s · %s", record->provider, record->course)
          : g_markup_escape_text (record->provider, -1);
  /* Translators: the dates of a training record, YYYY-MM-DD */
  subtitle = g_strdup_printf (_("Completed %s, expires %s"), record->completed_on, record->expires_on);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (!fl_date_row_days_from_today (record->expires_on, &days) || days < 0)
    {
      status = g_strdup (_("Expired"));
      tone = "error";
    }
  else if (days <= FL_TRAINING_WARNING_DAYS)
    status = training_text (record->expires_on, TRUE, &tone, &expiring);
  else
    {
      status = g_strdup (_("Current"));
      tone = "success";
    }
  label = gtk_label_new (status);
  fl_format_set_tone (label, tone);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static GtkWidget *
build_row (FlUsersView      *self,
           const FlUserInfo *user)
{
  AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GMenuModel) menu = row_menu (self, user);
  g_autofree char *title = g_markup_escape_text (user->full_name, -1);
  g_autofree char *roles = roles_text (user->roles);
  g_autofree char *subtitle = NULL;
  g_autofree char *state = NULL;
  g_autofree char *training = NULL;
  const char *state_tone = NULL, *training_tone = NULL;
  gboolean expiring = FALSE;
  GtkWidget *state_label, *training_label, *menu_button, *add_row, *add_button;
  gboolean me = user->id == fl_session_get_user_id (self->session);

  subtitle = me ? g_markup_printf_escaped (_("%s · %s · you"), user->username, roles)
                : g_markup_printf_escaped ("%s · %s", user->username, roles);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (row, subtitle);
  gtk_widget_set_name (GTK_WIDGET (row), user->username);

  state = state_text (user, &state_tone);
  training = training_text (user->training_expires, (user->roles & FL_ROLE_EXAMINER) != 0,
                            &training_tone, &expiring);
  state_label = column_label (state, state_tone, self->state_size);
  training_label = column_label (training, training_tone, self->training_size);
  g_object_set_data (G_OBJECT (row), "fl-state-label", state_label);
  g_object_set_data (G_OBJECT (row), "fl-training-label", training_label);
  if (expiring)
    gtk_widget_add_css_class (GTK_WIDGET (row), "training-expiring");
  if (!user->active)
    gtk_widget_add_css_class (GTK_WIDGET (row), "deactivated");

  menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_set_tooltip_text (menu_button, _("Account actions"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Account actions"), -1);

  /* Each action goes in front of the ones added before. */
  adw_expander_row_add_action (row, menu_button);
  adw_expander_row_add_action (row, state_label);
  adw_expander_row_add_action (row, training_label);

  records = fl_accounts_list_training (fl_session_get_db (self->session), user->id, &error);
  if (records == NULL)
    {
      GtkWidget *problem = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (problem), error->message);
      adw_expander_row_add_row (row, problem);
    }
  else
    for (guint i = 0; i < records->len; i++)
      adw_expander_row_add_row (row, training_record_row (g_ptr_array_index (records, i)));

  add_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add_row),
                                 records && records->len > 0 ? _("Training records are kept; add the next course when it is completed.")
                                                             : _("No training recorded."));
  add_button = gtk_button_new_with_mnemonic (_("Add _Training Record…"));
  gtk_widget_set_valign (add_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add_button), "users.add-training");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (add_button), g_variant_new_int64 (user->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (add_row), add_button);
  adw_expander_row_add_row (row, add_row);

  return GTK_WIDGET (row);
}

void
fl_users_view_reload (FlUsersView *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *users;
  GtkWidget *child;

  g_return_if_fail (FL_IS_USERS_VIEW (self));

  /* rows only: the placeholder stays */
  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->list, 0))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_hash_table_remove_all (self->rows);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_object (&self->state_size);
  g_clear_object (&self->training_size);
  fl_message_banner_set (self->banner, FL_MESSAGE_NONE, NULL);
  if (self->session == NULL)
    return;

  users = fl_accounts_list_users (fl_session_get_db (self->session), &error);
  if (users == NULL)
    {
      show_error (self, error->message);
      return;
    }
  self->users = users;
  self->state_size = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->training_size = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  for (guint i = 0; i < users->len; i++)
    {
      const FlUserInfo *user = g_ptr_array_index (users, i);
      GtkWidget *row = build_row (self, user);

      gtk_list_box_append (self->list, row);
      g_hash_table_insert (self->rows, g_strdup (user->username), row);
    }
}

/* ---- actions ------------------------------------------------------------ */

static void
dialog_done_cb (FlUsersView *self,
                gint64       id,
                GtkWidget   *dialog)
{
  g_autofree char *text = NULL;
  g_autoptr(FlUserInfo) user = fl_accounts_get_user (fl_session_get_db (self->session), id, NULL);
  const char *name = user ? user->username : "";

  if (FL_IS_TRAINING_DIALOG (dialog))
    text = g_strdup_printf (_("Training record added for %s."), name);
  else
    switch (fl_user_dialog_get_mode (FL_USER_DIALOG (dialog)))
      {
      case FL_USER_DIALOG_ADD:
        text = g_strdup_printf (_("Account “%s” added."), name);
        break;
      case FL_USER_DIALOG_ROLES:
        text = g_strdup_printf (_("Roles of %s changed. FaceLeads applies them at once; the sections the person sees change at their next sign-in."), name);
        break;
      case FL_USER_DIALOG_PASSWORD:
      default:
        text = g_strdup_printf (_("New password set for %s."), name);
        break;
      }
  fl_users_view_reload (self);
  show_success (self, text);
}

static void
present_dialog (FlUsersView *self,
                GtkWidget   *dialog)
{
  g_signal_connect_object (dialog, "done", G_CALLBACK (dialog_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FlUsersView *self = FL_USERS_VIEW (widget);

  present_dialog (self, fl_user_dialog_new (parent_window (self), self->session, FL_USER_DIALOG_ADD, NULL));
}

static void
user_dialog_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FlUsersView *self = FL_USERS_VIEW (widget);
  const FlUserInfo *user = find_user (self, g_variant_get_int64 (parameter));
  GtkWidget *dialog;

  if (user == NULL)
    return;
  if (g_str_equal (action_name, "users.add-training"))
    dialog = fl_training_dialog_new (parent_window (self), self->session, user);
  else
    dialog = fl_user_dialog_new (parent_window (self), self->session,
                                 g_str_equal (action_name, "users.edit-roles") ? FL_USER_DIALOG_ROLES
                                                                               : FL_USER_DIALOG_PASSWORD,
                                 user);
  present_dialog (self, dialog);
}

static void
apply_state (FlUsersView *self,
             gint64       user_id,
             const char  *change)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlUserInfo) user = fl_accounts_get_user (fl_session_get_db (self->session), user_id, NULL);
  g_autofree char *text = NULL;
  gboolean ok;

  if (user == NULL)
    return;
  if (g_str_equal (change, "unlock"))
    ok = fl_accounts_unlock (self->session, user_id, &error);
  else
    ok = fl_accounts_set_active (self->session, user_id, g_str_equal (change, "reactivate"), &error);
  if (!ok)
    {
      show_error (self, error->message);
      return;
    }
  if (g_str_equal (change, "unlock"))
    text = g_strdup_printf (_("%s can sign in again."), user->username);
  else if (g_str_equal (change, "reactivate"))
    text = g_strdup_printf (_("The account of %s is active again."), user->username);
  else
    text = g_strdup_printf (_("The account of %s is deactivated. Its history stays attributed to it."),
                            user->username);
  fl_users_view_reload (self);
  show_success (self, text);
}

static void
state_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  apply_state (FL_USERS_VIEW (widget), g_variant_get_int64 (parameter), action_name + strlen ("users."));
}

static void
deactivate_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        FlUsersView      *self)
{
  if (g_str_equal (response, "deactivate"))
    apply_state (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "fl-user-id")), "deactivate");
}

static void
deactivate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FlUsersView *self = FL_USERS_VIEW (widget);
  const FlUserInfo *user = find_user (self, g_variant_get_int64 (parameter));
  GtkWidget *dialog;

  if (user == NULL)
    return;
  dialog = adw_message_dialog_new (parent_window (self), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Deactivate the account of %s?"),
                                     user->full_name);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
    _("%s (%s) will no longer be able to sign in, and a session still open ends. The account is not "
      "deleted: everything the person did stays attributed to them in the audit trail and the case "
      "records. You can reactivate the account later."),
    user->full_name, user->username);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "deactivate", _("_Deactivate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "deactivate",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "fl-user-id", GSIZE_TO_POINTER ((gsize) user->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (deactivate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- object ------------------------------------------------------------- */

static void
fl_users_view_dispose (GObject *object)
{
  FlUsersView *self = FL_USERS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_USERS_VIEW);
  g_clear_object (&self->session);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_object (&self->state_size);
  g_clear_object (&self->training_size);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (fl_users_view_parent_class)->dispose (object);
}

static void
fl_users_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FlUsersView *self = FL_USERS_VIEW (object);

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
fl_users_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FlUsersView *self = FL_USERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      fl_users_view_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_users_view_class_init (FlUsersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_users_view_dispose;
  object_class->get_property = fl_users_view_get_property;
  object_class->set_property = fl_users_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FL_TYPE_MESSAGE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-users-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FlUsersView, group);
  gtk_widget_class_bind_template_child (widget_class, FlUsersView, banner);
  gtk_widget_class_bind_template_child (widget_class, FlUsersView, list);

  gtk_widget_class_install_action (widget_class, "users.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "users.add-training", "x", user_dialog_action);
  gtk_widget_class_install_action (widget_class, "users.edit-roles", "x", user_dialog_action);
  gtk_widget_class_install_action (widget_class, "users.reset-password", "x", user_dialog_action);
  gtk_widget_class_install_action (widget_class, "users.unlock", "x", state_action);
  gtk_widget_class_install_action (widget_class, "users.reactivate", "x", state_action);
  gtk_widget_class_install_action (widget_class, "users.deactivate", "x", deactivate_action);
}

static void
fl_users_view_init (FlUsersView *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_users_view_new (FlSession *session)
{
  return g_object_new (FL_TYPE_USERS_VIEW, "session", session, NULL);
}

FlSession *
fl_users_view_get_session (FlUsersView *self)
{
  g_return_val_if_fail (FL_IS_USERS_VIEW (self), NULL);

  return self->session;
}

void
fl_users_view_set_session (FlUsersView *self,
                           FlSession   *session)
{
  g_return_if_fail (FL_IS_USERS_VIEW (self));
  g_return_if_fail (session == NULL || FL_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  fl_users_view_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GtkWidget *
fl_users_view_get_row (FlUsersView *self,
                       const char  *username)
{
  g_return_val_if_fail (FL_IS_USERS_VIEW (self), NULL);

  return g_hash_table_lookup (self->rows, username);
}

static const char *
row_label_text (FlUsersView *self,
                const char  *username,
                const char  *key)
{
  GtkWidget *row = fl_users_view_get_row (self, username);
  GtkLabel *label = row ? g_object_get_data (G_OBJECT (row), key) : NULL;

  return label ? gtk_label_get_text (label) : NULL;
}

const char *
fl_users_view_get_state_text (FlUsersView *self,
                              const char  *username)
{
  return row_label_text (self, username, "fl-state-label");
}

const char *
fl_users_view_get_training_text (FlUsersView *self,
                                 const char  *username)
{
  return row_label_text (self, username, "fl-training-label");
}

const char *
fl_users_view_get_message (FlUsersView *self)
{
  g_return_val_if_fail (FL_IS_USERS_VIEW (self), NULL);

  return self->message;
}
