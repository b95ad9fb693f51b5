/* fl-outcome-dialog.c: the requester records what became of a lead (R21)
 *
 * Nothing is preselected: the outcome and, after an arrest based primarily
 * on the lead, whether fingerprints were compared must be answered, not
 * defaulted. The rules themselves are the core's (fl_outcome_record); its
 * refusal is shown here word for word.
 */
#include <glib/gi18n.h>

#include "fl-dissemination.h"
#include "fl-lead-notice.h"
#include "fl-outcome-dialog.h"

struct _FlOutcomeDialog
{
  AdwWindow        parent_instance;

  FlSession       *session;
  gint64           case_id;
  gint64           candidate_id;

  AdwWindowTitle  *window_title;
  GtkWidget       *record_button;
  GtkWidget       *error_box;
  GtkLabel        *error_label;
  GtkCheckButton  *confirmed_check;
  GtkCheckButton  *excluded_check;
  GtkCheckButton  *pending_check;
  AdwEntryRow     *confirmed_by_row;
  GtkSwitch       *arrest_switch;
  GtkWidget       *fingerprints_row;
  GtkToggleButton *fingerprints_yes;
  GtkToggleButton *fingerprints_no;
};

G_DEFINE_FINAL_TYPE (FlOutcomeDialog, fl_outcome_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (FlOutcomeDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (self->error_box, message != NULL);
}

static gboolean
chosen (FlOutcomeDialog *self,
        FlOutcome       *out_outcome)
{
  if (gtk_check_button_get_active (self->confirmed_check))
    *out_outcome = FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS;
  else if (gtk_check_button_get_active (self->excluded_check))
    *out_outcome = FL_OUTCOME_EXCLUDED;
  else if (gtk_check_button_get_active (self->pending_check))
    *out_outcome = FL_OUTCOME_PENDING;
  else
    return FALSE;
  return TRUE;
}

static void
choice_changed_cb (FlOutcomeDialog *self)
{
  FlOutcome outcome;
  gboolean any = chosen (self, &outcome);

  gtk_widget_set_visible (GTK_WIDGET (self->confirmed_by_row), any && outcome == FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS);
  gtk_widget_set_visible (self->fingerprints_row, gtk_switch_get_active (self->arrest_switch));
  gtk_widget_set_sensitive (self->record_button, any);
}

static void
record_clicked_cb (FlOutcomeDialog *self)
{
  g_autoptr(GError) error = NULL;
  gboolean arrest = gtk_switch_get_active (self->arrest_switch);
  FlAnswer fingerprints = FL_ANSWER_UNANSWERED;
  FlOutcome outcome;
  gint64 id;

  if (!chosen (self, &outcome))
    return;
  if (arrest && gtk_toggle_button_get_active (self->fingerprints_yes))
    fingerprints = FL_ANSWER_YES;
  else if (arrest && gtk_toggle_button_get_active (self->fingerprints_no))
    fingerprints = FL_ANSWER_NO;
  id = fl_outcome_record (self->session, self->case_id, self->candidate_id, outcome,
                          outcome == FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS
                            ? gtk_editable_get_text (GTK_EDITABLE (self->confirmed_by_row)) : NULL,
                          arrest, fingerprints, &error);
  if (id == 0)
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_RECORDED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
fl_outcome_dialog_dispose (GObject *object)
{
  FlOutcomeDialog *self = FL_OUTCOME_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_OUTCOME_DIALOG);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fl_outcome_dialog_parent_class)->dispose (object);
}

static void
fl_outcome_dialog_class_init (FlOutcomeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_outcome_dialog_dispose;

  signals[SIGNAL_RECORDED] =
    g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (FL_TYPE_LEAD_NOTICE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-outcome-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FlOutcomeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FlOutcomeDialog, record_button);
  gtk_widget_class_bind_template_child (widget_class, FlOutcomeDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, FlOutcomeDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FlOutcomeDialog, confirmed_check);
  gtk_widget_class_bind_template_child (widget_class, FlOutcomeDialog, excluded_check);
  gtk_widget_class_bind_template_child (widget_class, FlOutcomeDialog, pending_check);
  gtk_widget_class_bind_template_child (widget_class, FlOutcomeDialog, confirmed_by_row);
  gtk_widget_class_bind_template_child (widget_class, FlOutcomeDialog, arrest_switch);
  gtk_widget_class_bind_template_child (widget_class, FlOutcomeDialog, fingerprints_row);
  gtk_widget_class_bind_template_child (widget_class, FlOutcomeDialog, fingerprints_yes);
  gtk_widget_class_bind_template_child (widget_class, FlOutcomeDialog, fingerprints_no);
  gtk_widget_class_bind_template_callback (widget_class, choice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, record_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fl_outcome_dialog_init (FlOutcomeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  choice_changed_cb (self);
}

GtkWidget *
fl_outcome_dialog_new (GtkWindow  *parent,
                       FlSession  *session,
                       gint64      case_id,
                       gint64      candidate_id,
                       const char *report_uid)
{
  FlOutcomeDialog *self;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  self = g_object_new (FL_TYPE_OUTCOME_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->case_id = case_id;
  self->candidate_id = candidate_id;
  adw_window_title_set_subtitle (self->window_title, report_uid);
  return GTK_WIDGET (self);
}

const char *
fl_outcome_dialog_get_error (FlOutcomeDialog *self)
{
  g_return_val_if_fail (FL_IS_OUTCOME_DIALOG (self), NULL);

  return gtk_widget_get_visible (self->error_box) ? gtk_label_get_text (self->error_label) : NULL;
}
