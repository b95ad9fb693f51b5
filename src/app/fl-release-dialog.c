/* fl-release-dialog.c: records staff log the release of an issued report (R20)
 *
 * The dialog only collects the fields: whether a release is allowed is the
 * core's decision (fl_dissemination_record), and its refusal is shown here
 * word for word. The exception and its documentation appear only for a
 * release to the public or media.
 */
#include <glib/gi18n.h>

#include "fl-dissemination.h"
#include "fl-release-dialog.h"

struct _FlReleaseDialog
{
  AdwWindow        parent_instance;

  FlSession       *session;
  gint64           report_id;

  AdwWindowTitle  *window_title;
  GtkWidget       *record_button;
  GtkWidget       *error_box;
  GtkLabel        *error_label;
  AdwEntryRow     *recipient_row;
  AdwEntryRow     *agency_row;
  AdwEntryRow     *purpose_row;
  AdwEntryRow     *what_row;
  GtkSwitch       *public_switch;
  AdwComboRow     *exception_row;
  GtkWidget       *documentation_group;
  GtkTextView     *documentation_view;
};

G_DEFINE_FINAL_TYPE (FlReleaseDialog, fl_release_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The combo's rows, in order: "None chosen", then the exceptions. */
static const FlReleaseException exception_rows[] = {
  FL_RELEASE_EXCEPTION_NONE,
  FL_RELEASE_EXCEPTION_PUBLIC_SAFETY,
  FL_RELEASE_EXCEPTION_LINE_UP,
  FL_RELEASE_EXCEPTION_WARRANT,
  FL_RELEASE_EXCEPTION_MISSING_PERSON,
};

static gboolean
filled (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return *copy != '\0';
}

static void
show_error (FlReleaseDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (self->error_box, message != NULL);
}

static void
fields_changed_cb (FlReleaseDialog *self)
{
  /* The four logged fields are needed for any release; the rest is the core's to judge. */
  gtk_widget_set_sensitive (self->record_button, filled (self->recipient_row) && filled (self->agency_row) &&
                                                 filled (self->purpose_row) && filled (self->what_row));
}

static void
public_changed_cb (FlReleaseDialog *self)
{
  gboolean public_release = gtk_switch_get_active (self->public_switch);

  gtk_widget_set_visible (GTK_WIDGET (self->exception_row), public_release);
  gtk_widget_set_visible (self->documentation_group, public_release);
}

static char *
documentation_text (FlReleaseDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->documentation_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
record_clicked_cb (FlReleaseDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *documentation = documentation_text (self);
  gboolean public_release = gtk_switch_get_active (self->public_switch);
  guint selected = adw_combo_row_get_selected (self->exception_row);
  FlReleaseException exception = FL_RELEASE_EXCEPTION_NONE;
  gint64 id;

  if (public_release && selected < G_N_ELEMENTS (exception_rows))
    exception = exception_rows[selected];
  id = fl_dissemination_record (self->session, self->report_id,
                                gtk_editable_get_text (GTK_EDITABLE (self->recipient_row)),
                                gtk_editable_get_text (GTK_EDITABLE (self->agency_row)),
                                gtk_editable_get_text (GTK_EDITABLE (self->purpose_row)),
                                gtk_editable_get_text (GTK_EDITABLE (self->what_row)),
                                public_release, exception, public_release ? documentation : NULL, &error);
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
fl_release_dialog_dispose (GObject *object)
{
  FlReleaseDialog *self = FL_RELEASE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_RELEASE_DIALOG);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fl_release_dialog_parent_class)->dispose (object);
}

static void
fl_release_dialog_class_init (FlReleaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_release_dialog_dispose;

  signals[SIGNAL_RECORDED] =
    g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-release-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FlReleaseDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FlReleaseDialog, record_button);
  gtk_widget_class_bind_template_child (widget_class, FlReleaseDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, FlReleaseDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FlReleaseDialog, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, FlReleaseDialog, agency_row);
  gtk_widget_class_bind_template_child (widget_class, FlReleaseDialog, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, FlReleaseDialog, what_row);
  gtk_widget_class_bind_template_child (widget_class, FlReleaseDialog, public_switch);
  gtk_widget_class_bind_template_child (widget_class, FlReleaseDialog, exception_row);
  gtk_widget_class_bind_template_child (widget_class, FlReleaseDialog, documentation_group);
  gtk_widget_class_bind_template_child (widget_class, FlReleaseDialog, documentation_view);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, record_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fl_release_dialog_init (FlReleaseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->public_switch, "notify::active", G_CALLBACK (public_changed_cb), self,
                           G_CONNECT_SWAPPED);
  public_changed_cb (self);
}

GtkWidget *
fl_release_dialog_new (GtkWindow  *parent,
                       FlSession  *session,
                       gint64      report_id,
                       const char *report_uid)
{
  FlReleaseDialog *self;
  g_autofree char *what = NULL;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  self = g_object_new (FL_TYPE_RELEASE_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->report_id = report_id;
  adw_window_title_set_subtitle (self->window_title, report_uid);
  /* Translators: the default of "What is released"; %s is the report ID */
  what = g_strdup_printf (_("Manual Search Report %s (PDF)"), report_uid);
  gtk_editable_set_text (GTK_EDITABLE (self->what_row), what);
  return GTK_WIDGET (self);
}

const char *
fl_release_dialog_get_error (FlReleaseDialog *self)
{
  g_return_val_if_fail (FL_IS_RELEASE_DIALOG (self), NULL);

  return gtk_widget_get_visible (self->error_box) ? gtk_label_get_text (self->error_label) : NULL;
}
