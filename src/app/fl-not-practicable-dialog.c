/* fl-not-practicable-dialog.c: the first examiner records why no second review is practicable
 *
 * The reason is required (at least FL_PEER_REVIEW_REASON_MIN_CHARS
 * characters) and the rules are the core's: fl_peer_review_not_practicable()
 * refuses it once a second examiner has opened the review or after a
 * disagreement; its refusal is shown here word for word.
 */
#include <glib/gi18n.h>

#include "fl-not-practicable-dialog.h"
#include "fl-peer-review.h"

struct _FlNotPracticableDialog
{
  AdwWindow    parent_instance;

  FlSession   *session;
  gint64       candidate_id;
  char        *error;

  GtkWidget   *record_button;
  GtkLabel    *error_label;
  GtkTextView *reason_view;
  GtkLabel    *hint_label;
};

G_DEFINE_FINAL_TYPE (FlNotPracticableDialog, fl_not_practicable_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
reason_text (FlNotPracticableDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reason_view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strstrip (text);
}

static void
reason_changed_cb (FlNotPracticableDialog *self)
{
  g_autofree char *text = reason_text (self);
  glong n = g_utf8_strlen (text, -1);
  g_autofree char *hint = NULL;

  if (n < FL_PEER_REVIEW_REASON_MIN_CHARS)
    /* Translators: how much more the reason needs, e.g. "At least 10 characters (4 so far)." */
    hint = g_strdup_printf (_("At least %d characters (%ld so far)."), FL_PEER_REVIEW_REASON_MIN_CHARS, n);
  else
    hint = g_strdup (_("The reason is printed on the report."));
  gtk_label_set_text (self->hint_label, hint);
  gtk_widget_set_sensitive (self->record_button, n >= FL_PEER_REVIEW_REASON_MIN_CHARS);
}

static void
show_error (FlNotPracticableDialog *self,
            const char             *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
record_clicked_cb (FlNotPracticableDialog *self)
{
  fl_not_practicable_dialog_record (self);
}

static void
fl_not_practicable_dialog_dispose (GObject *object)
{
  FlNotPracticableDialog *self = FL_NOT_PRACTICABLE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_NOT_PRACTICABLE_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (fl_not_practicable_dialog_parent_class)->dispose (object);
}

static void
fl_not_practicable_dialog_class_init (FlNotPracticableDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_not_practicable_dialog_dispose;

  signals[SIGNAL_RECORDED] = g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/FaceLeads/ui/fl-not-practicable-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FlNotPracticableDialog, record_button);
  gtk_widget_class_bind_template_child (widget_class, FlNotPracticableDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FlNotPracticableDialog, reason_view);
  gtk_widget_class_bind_template_child (widget_class, FlNotPracticableDialog, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, record_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fl_not_practicable_dialog_init (FlNotPracticableDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (gtk_text_view_get_buffer (self->reason_view), "changed",
                           G_CALLBACK (reason_changed_cb), self, G_CONNECT_SWAPPED);
  reason_changed_cb (self);
}

GtkWidget *
fl_not_practicable_dialog_new (GtkWindow *parent,
                               FlSession *session,
                               gint64     candidate_id)
{
  FlNotPracticableDialog *self;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  self = g_object_new (FL_TYPE_NOT_PRACTICABLE_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->candidate_id = candidate_id;
  return GTK_WIDGET (self);
}

void
fl_not_practicable_dialog_set_reason (FlNotPracticableDialog *self,
                                      const char             *reason)
{
  g_return_if_fail (FL_IS_NOT_PRACTICABLE_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reason_view), reason ? reason : "", -1);
}

gboolean
fl_not_practicable_dialog_record (FlNotPracticableDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (FL_IS_NOT_PRACTICABLE_DIALOG (self), FALSE);

  reason = reason_text (self);
  if (!fl_peer_review_not_practicable (self->session, self->candidate_id, reason, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_RECORDED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

const char *
fl_not_practicable_dialog_get_error (FlNotPracticableDialog *self)
{
  g_return_val_if_fail (FL_IS_NOT_PRACTICABLE_DIALOG (self), NULL);

  return self->error;
}
