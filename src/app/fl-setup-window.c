/* fl-setup-window.c: the first-launch assistant (unit details and first administrator)
 *
 * The form checks itself as the person types and says why "Create Unit" is
 * disabled. These checks are only early feedback: fl_unit_setup() applies
 * the same rules and its message is shown if it refuses.
 */
#include <glib/gi18n.h>
#include <string.h>

#include "fl-settings.h"
#include "fl-setup-window.h"

struct _FlSetupWindow
{
  AdwApplicationWindow parent_instance;

  FlDb                *db;
  GCancellable        *cancellable;
  char                *problem;
  gboolean             busy;

  AdwEntryRow         *agency_row;
  AdwEntryRow         *unit_row;
  AdwEntryRow         *contact_row;
  AdwComboRow         *paper_row;
  AdwEntryRow         *username_row;
  AdwEntryRow         *full_name_row;
  AdwEntryRow         *password_row;
  AdwEntryRow         *repeat_row;
  GtkLabel            *status_label;
  GtkButton           *create_button;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (FlSetupWindow, fl_setup_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DB,
  N_PROPS
};

enum {
  SIGNAL_UNIT_CREATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Order of the paper size choices in the .ui */
static const char * const paper_sizes[] = { "letter", "a4" };

typedef struct
{
  char *agency, *unit, *contact, *paper, *username, *full_name, *password;
} SetupData;

static void
setup_data_free (SetupData *data)
{
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->agency);
  g_free (data->unit);
  g_free (data->contact);
  g_free (data->paper);
  g_free (data->username);
  g_free (data->full_name);
  g_free (data->password);
  g_free (data);
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return *copy == '\0';
}

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

static void
mark_row (AdwEntryRow *row,
          gboolean     wrong)
{
  if (wrong)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* Returns the first problem (newly allocated) and marks wrong fields; empty
 * fields are only reported, not marked, so a fresh form is not all red. */
static char *
find_problem (FlSetupWindow *self)
{
  const char *username = row_text (self->username_row);
  const char *password = row_text (self->password_row);
  const char *repeat = row_text (self->repeat_row);
  g_autoptr(GError) error = NULL;
  gboolean username_wrong = *username != '\0' && !username_is_valid (username);
  gboolean password_wrong = *password != '\0' &&
                            !fl_accounts_check_password_rules (self->db, username, password, &error);
  gboolean repeat_wrong = *repeat != '\0' && g_strcmp0 (password, repeat) != 0;

  mark_row (self->username_row, username_wrong);
  mark_row (self->password_row, password_wrong);
  mark_row (self->repeat_row, repeat_wrong);

  if (is_blank (row_text (self->agency_row)))
    return g_strdup (_("Enter the agency name."));
  if (is_blank (row_text (self->unit_row)))
    return g_strdup (_("Enter the unit name."));
  if (is_blank (row_text (self->contact_row)))
    return g_strdup (_("Enter the contact line printed on reports."));
  if (*username == '\0')
    return g_strdup (_("Choose the administrator’s user name."));
  if (username_wrong)
    return g_strdup (_("The user name must have 2 to 64 letters, digits, dots, hyphens or underscores."));
  if (is_blank (row_text (self->full_name_row)))
    return g_strdup (_("Enter the administrator’s full name."));
  if (*password == '\0')
    return g_strdup (_("Choose a password for the administrator."));
  if (password_wrong)
    return g_strdup (error->message);
  if (*repeat == '\0')
    return g_strdup (_("Repeat the password."));
  if (repeat_wrong)
    return g_strdup (_("The two passwords differ. Type the same password twice."));
  return NULL;
}

static void
show_status (FlSetupWindow *self,
             const char    *text,
             gboolean       is_error)
{
  gtk_label_set_text (self->status_label, text);
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
}

static void
validate (FlSetupWindow *self)
{
  g_free (self->problem);
  self->problem = find_problem (self);

  if (self->problem != NULL)
    {
      gboolean marked = gtk_widget_has_css_class (GTK_WIDGET (self->username_row), "error") ||
                        gtk_widget_has_css_class (GTK_WIDGET (self->password_row), "error") ||
                        gtk_widget_has_css_class (GTK_WIDGET (self->repeat_row), "error");
      show_status (self, self->problem, marked);
    }
  else
    show_status (self, _("Ready. After signing in, the administrator adds everyone else’s accounts."), FALSE);

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), self->problem == NULL && !self->busy);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->create_button), self->problem);
}

static void
set_busy (FlSetupWindow *self,
          gboolean       busy)
{
  AdwEntryRow *rows[] = { self->agency_row, self->unit_row, self->contact_row, self->username_row,
                          self->full_name_row, self->password_row, self->repeat_row };

  self->busy = busy;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_sensitive (GTK_WIDGET (rows[i]), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->paper_row), !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !busy && self->problem == NULL);
}

static void
setup_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SetupData *data = task_data;
  FlDb *db = g_object_get_data (G_OBJECT (task), "fl-db");
  FlUnitSetup setup = {
    data->agency, data->unit, data->contact, data->paper, data->username, data->full_name, data->password
  };
  GError *error = NULL;

  if (fl_unit_setup (db, &setup, &error) != 0)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
setup_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  FlSetupWindow *self;
  SetupData *data = g_task_get_task_data (G_TASK (result));
  g_autofree char *username = g_strdup (data->username);

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = FL_SETUP_WINDOW (source);
  set_busy (self, FALSE);
  if (error != NULL)
    {
      show_status (self, error->message, TRUE);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_UNIT_CREATED], 0, username);
}

static void
create_cb (FlSetupWindow *self)
{
  g_autoptr(GTask) task = NULL;
  SetupData *data;
  guint paper = adw_combo_row_get_selected (self->paper_row);

  validate (self);
  if (self->problem != NULL || self->busy)
    return;

  data = g_new0 (SetupData, 1);
  data->agency = g_strstrip (g_strdup (row_text (self->agency_row)));
  data->unit = g_strstrip (g_strdup (row_text (self->unit_row)));
  data->contact = g_strstrip (g_strdup (row_text (self->contact_row)));
  data->paper = g_strdup (paper_sizes[MIN (paper, G_N_ELEMENTS (paper_sizes) - 1)]);
  data->username = g_strdup (row_text (self->username_row));
  data->full_name = g_strstrip (g_strdup (row_text (self->full_name_row)));
  data->password = g_strdup (row_text (self->password_row));

  set_busy (self, TRUE);
  show_status (self, _("Creating the unit…"), FALSE);
  task = g_task_new (self, self->cancellable, setup_done, NULL);
  g_task_set_source_tag (task, create_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) setup_data_free);
  g_object_set_data_full (G_OBJECT (task), "fl-db", g_object_ref (self->db), g_object_unref);
  g_task_run_in_thread (task, setup_thread);
}

static void
field_changed_cb (FlSetupWindow *self)
{
  if (!self->busy)
    validate (self);
}

static void
fl_setup_window_constructed (GObject *object)
{
  FlSetupWindow *self = FL_SETUP_WINDOW (object);
  const char *paper = gtk_paper_size_get_default ();

  G_OBJECT_CLASS (fl_setup_window_parent_class)->constructed (object);

  /* Start from the paper size of the workstation's locale. */
  adw_combo_row_set_selected (self->paper_row, g_str_has_prefix (paper, "na_") ? 0 : 1);
  validate (self);
}

static void
fl_setup_window_dispose (GObject *object)
{
  FlSetupWindow *self = FL_SETUP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_SETUP_WINDOW);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (fl_setup_window_parent_class)->dispose (object);
}

static void
fl_setup_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FlSetupWindow *self = FL_SETUP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, self->db);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_setup_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FlSetupWindow *self = FL_SETUP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DB:
      self->db = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_setup_window_class_init (FlSetupWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fl_setup_window_constructed;
  object_class->dispose = fl_setup_window_dispose;
  object_class->get_property = fl_setup_window_get_property;
  object_class->set_property = fl_setup_window_set_property;

  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, FL_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FlSetupWindow::unit-created:
   * @username: the first administrator's user name
   *
   * The unit and its first administrator now exist.
   */
  signals[SIGNAL_UNIT_CREATED] = g_signal_new ("unit-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-setup-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FlSetupWindow, agency_row);
  gtk_widget_class_bind_template_child (widget_class, FlSetupWindow, unit_row);
  gtk_widget_class_bind_template_child (widget_class, FlSetupWindow, contact_row);
  gtk_widget_class_bind_template_child (widget_class, FlSetupWindow, paper_row);
  gtk_widget_class_bind_template_child (widget_class, FlSetupWindow, username_row);
  gtk_widget_class_bind_template_child (widget_class, FlSetupWindow, full_name_row);
  gtk_widget_class_bind_template_child (widget_class, FlSetupWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, FlSetupWindow, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, FlSetupWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FlSetupWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, FlSetupWindow, spinner);
  gtk_widget_class_bind_template_callback (widget_class, create_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
}

static void
fl_setup_window_init (FlSetupWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_setup_window_new (GtkApplication *application,
                     FlDb           *db)
{
  g_return_val_if_fail (FL_IS_DB (db), NULL);

  return g_object_new (FL_TYPE_SETUP_WINDOW, "application", application, "db", db, NULL);
}

const char *
fl_setup_window_get_problem (FlSetupWindow *self)
{
  g_return_val_if_fail (FL_IS_SETUP_WINDOW (self), NULL);

  return self->problem;
}
