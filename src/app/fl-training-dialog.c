/* fl-training-dialog.c: records a person's facial-comparison training (R1)
 *
 * Provider (FBI, LACRIS, this agency or another one, named), course, and the
 * completion and expiry dates from the certificate. The core re-checks the
 * dates, stores the record and audits it as "user.training".
 */
#include <glib/gi18n.h>

#include "fl-date-row.h"
#include "fl-settings.h"
#include "fl-training-dialog.h"

struct _FlTrainingDialog
{
  AdwWindow       parent_instance;

  FlSession      *session;
  gint64          user_id;
  char           *problem;
  gboolean        submitted;

  AdwWindowTitle *window_title;
  AdwComboRow    *provider_row;
  AdwEntryRow    *other_row;
  AdwEntryRow    *course_row;
  FlDateRow      *completed_row;
  FlDateRow      *expires_row;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (FlTrainingDialog, fl_training_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Positions in the provider list of the .ui */
enum { PROVIDER_FBI, PROVIDER_LACRIS, PROVIDER_AGENCY, PROVIDER_OTHER };

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* The provider as stored: this agency is stored by its name. */
static char *
provider_text (FlTrainingDialog *self)
{
  switch (adw_combo_row_get_selected (self->provider_row))
    {
    case PROVIDER_FBI:
      return g_strdup ("FBI");
    case PROVIDER_LACRIS:
      return g_strdup ("LACRIS");
    case PROVIDER_AGENCY:
      {
        g_autofree char *agency = fl_settings_get (fl_session_get_db (self->session), FL_SETTING_AGENCY_NAME);
        return g_strdup (agency && *agency ? agency : "Agency");
      }
    default:
      return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->other_row))));
    }
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

static char *
find_problem (FlTrainingDialog *self)
{
  const char *completed_text = gtk_editable_get_text (GTK_EDITABLE (self->completed_row));
  const char *expires_text = gtk_editable_get_text (GTK_EDITABLE (self->expires_row));
  const char *completed = fl_date_row_get_date (self->completed_row);
  const char *expires = fl_date_row_get_date (self->expires_row);
  g_autofree char *provider = provider_text (self);
  g_autofree char *today = fl_date_row_today ();

  mark (self->other_row, FALSE);
  mark (self->completed_row, FALSE);
  mark (self->expires_row, FALSE);

  if (*provider == '\0')
    {
      mark (self->other_row, self->submitted);
      return self->submitted ? g_strdup (_("Name the training provider.")) : NULL;
    }
  if (completed == NULL && (self->submitted || !is_blank (completed_text)))
    {
      mark (self->completed_row, TRUE);
      return g_strdup (_("Give the completion date as YYYY-MM-DD, e.g. 2026-03-14."));
    }
  if (completed != NULL && g_strcmp0 (completed, today) > 0)
    {
      mark (self->completed_row, TRUE);
      return g_strdup (_("The completion date is in the future. Record training once it is completed."));
    }
  if (expires == NULL && (self->submitted || !is_blank (expires_text)))
    {
      mark (self->expires_row, TRUE);
      return g_strdup (_("Give the expiry date as YYYY-MM-DD, e.g. 2028-03-14."));
    }
  if (completed != NULL && expires != NULL && g_strcmp0 (expires, completed) <= 0)
    {
      mark (self->expires_row, TRUE);
      return g_strdup (_("The expiry date must be after the completion date."));
    }
  return NULL;
}

static void
show_problem (FlTrainingDialog *self,
              char             *problem)
{
  g_free (self->problem);
  self->problem = problem;
  gtk_label_set_text (self->error_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), problem != NULL);
}

static void
field_changed_cb (FlTrainingDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->other_row),
                          adw_combo_row_get_selected (self->provider_row) == PROVIDER_OTHER);
  show_problem (self, find_problem (self));
}

gboolean
fl_training_dialog_submit (FlTrainingDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *course = NULL;
  gint64 id;

  g_return_val_if_fail (FL_IS_TRAINING_DIALOG (self), FALSE);

  self->submitted = TRUE;
  show_problem (self, find_problem (self));
  if (self->problem != NULL)
    return FALSE;

  provider = provider_text (self);
  course = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->course_row))));
  id = fl_accounts_add_training (self->session, self->user_id, provider, course,
                                 fl_date_row_get_date (self->completed_row),
                                 fl_date_row_get_date (self->expires_row), &error);
  if (id == 0)
    {
      show_problem (self, g_strdup (error->message));
      return FALSE;
    }
  g_signal_emit (self, signals[SIGNAL_DONE], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
add_clicked_cb (FlTrainingDialog *self)
{
  fl_training_dialog_submit (self);
}

static void
fl_training_dialog_dispose (GObject *object)
{
  FlTrainingDialog *self = FL_TRAINING_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_TRAINING_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (fl_training_dialog_parent_class)->dispose (object);
}

static void
fl_training_dialog_class_init (FlTrainingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_training_dialog_dispose;

  /**
   * FlTrainingDialog::done:
   * @record_id: the training record stored
   */
  signals[SIGNAL_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (FL_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-training-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FlTrainingDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FlTrainingDialog, provider_row);
  gtk_widget_class_bind_template_child (widget_class, FlTrainingDialog, other_row);
  gtk_widget_class_bind_template_child (widget_class, FlTrainingDialog, course_row);
  gtk_widget_class_bind_template_child (widget_class, FlTrainingDialog, completed_row);
  gtk_widget_class_bind_template_child (widget_class, FlTrainingDialog, expires_row);
  gtk_widget_class_bind_template_child (widget_class, FlTrainingDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fl_training_dialog_init (FlTrainingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_training_dialog_new (GtkWindow        *parent,
                        FlSession        *session,
                        const FlUserInfo *user)
{
  FlTrainingDialog *self;
  g_autofree char *today = fl_date_row_today ();
  g_autofree char *who = NULL;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  self = g_object_new (FL_TYPE_TRAINING_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->user_id = user->id;
  who = g_strdup_printf ("%s (%s)", user->full_name, user->username);
  adw_window_title_set_subtitle (self->window_title, who);
  fl_date_row_set_date (self->completed_row, today);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->course_row));
  return GTK_WIDGET (self);
}

const char *
fl_training_dialog_get_problem (FlTrainingDialog *self)
{
  g_return_val_if_fail (FL_IS_TRAINING_DIALOG (self), NULL);

  return self->problem;
}
