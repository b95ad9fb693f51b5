/* fl-subject-seal-dialog.c: enters a seal/destroy notice for the gallery subject shown (R13)
 *
 * Opened from the subject's details, so the record is known: the dialog asks
 * only for the notice's reference and date. "Continue…" opens a confirmation
 * that counts what will go (photos with their face templates, bookings) and
 * says the record leaves every search at once; only "Seal and Purge" there
 * hands the notice to fl_gallery_seal_subject(), which checks that the person
 * is an administrator, purges, records the notice and audits it.
 */
#include <glib/gi18n.h>

#include "fl-date-row.h"
#include "fl-gallery.h"
#include "fl-subject-seal-dialog.h"

struct _FlSubjectSealDialog
{
  AdwWindow         parent_instance;

  FlSession        *session;
  gint64            subject_id;
  gboolean          submitted;
  char             *problem;
  char             *target_name;     /* "subject #17 (record A100) of the gallery …" */
  char             *confirm_body;
  AdwMessageDialog *confirmation;    /* weak */

  AdwActionRow     *subject_row;
  AdwEntryRow      *reference_row;
  FlDateRow        *date_row;
  GtkLabel         *error_label;
  GtkButton        *continue_button;
};

G_DEFINE_FINAL_TYPE (FlSubjectSealDialog, fl_subject_seal_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SEALED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
set_problem (FlSubjectSealDialog *self,
             const char          *problem)
{
  g_free (self->problem);
  self->problem = g_strdup (problem);
  gtk_label_set_text (self->error_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), problem != NULL);
}

/* Reads the subject and writes what the confirmation will say; FALSE when it cannot be sealed. */
static gboolean
describe_subject (FlSubjectSealDialog *self)
{
  g_autoptr(FlSubject) subject = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *photos = NULL;
  g_autofree char *bookings = NULL;
  g_autofree char *title = NULL;
  g_autofree char *number = NULL;
  guint n_images = 0, n_bookings;

  subject = fl_gallery_get_subject (self->session, self->subject_id, &error);
  if (subject == NULL)
    {
      set_problem (self, error->message);
      return FALSE;
    }
  if (subject->sealed)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, subject->id);
      g_autofree char *text = g_strdup_printf (_("Subject #%s is already sealed."), id_text);
      set_problem (self, text);
      return FALSE;
    }
  for (guint i = 0; i < subject->images->len; i++)
    if (!((FlGalleryImage *) g_ptr_array_index (subject->images, i))->purged)
      n_images++;
  n_bookings = subject->bookings->len;

  /* Translators: a gallery subject: its name, the source system's record id */
  title = g_strdup_printf (_("%1$s, record %2$s"), subject->name && *subject->name ? subject->name
                                                                                   : _("No name recorded"),
                           subject->external_id);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->subject_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->subject_row), title);
  photos = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo and its face template",
                                         "%u photos and their face templates", n_images), n_images);
  bookings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u booking", "%u bookings", n_bookings), n_bookings);
  {
    /* Translators: %1$s is "2 photos and their face templates", %2$s "1 booking", %3$s the gallery's name */
    g_autofree char *subtitle = g_strdup_printf (_("%1$s, %2$s, in the gallery “%3$s”"), photos, bookings,
                                                 subject->gallery_name);
    adw_action_row_set_subtitle (self->subject_row, subtitle);
  }

  g_free (self->target_name);
  number = g_strdup_printf ("%" G_GINT64_FORMAT, subject->id);
  /* Translators: %1$s is the subject number, %2$s the record id, %3$s the gallery's name */
  self->target_name = g_strdup_printf (_("subject #%1$s (record %2$s) of the gallery “%3$s”"),
                                       number, subject->external_id, subject->gallery_name);
  g_free (self->confirm_body);
  /* Translators: %1$s is "subject #17 (record A100) of the gallery …", %2$s "3 photos and their face templates",
   * %3$s "2 bookings" */
  self->confirm_body = g_strdup_printf (_("The record of %1$s is excluded from every search at once. Its %2$s are "
                                          "purged, with the name, date of birth, identifiers and %3$s. A photo "
                                          "that a case file also holds is kept there.\n\nThe subject stays only as "
                                          "a sealed entry, so past searches still resolve and the record cannot be "
                                          "imported again. The notice keeps counts and SHA-256 hashes, never "
                                          "names. This cannot be undone."),
                                        self->target_name, photos, bookings);
  return TRUE;
}

/* Checks the notice; the first problem is shown and kept. */
static void
validate (FlSubjectSealDialog *self)
{
  g_autofree char *reference = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reference_row))));
  const char *date_text = gtk_editable_get_text (GTK_EDITABLE (self->date_row));
  const char *date = fl_date_row_get_date (self->date_row);
  g_autofree char *today = fl_date_row_today ();
  const char *problem = NULL;

  mark (self->reference_row, FALSE);
  mark (self->date_row, FALSE);
  if (*reference == '\0' && self->submitted)
    {
      mark (self->reference_row, TRUE);
      problem = _("Enter the reference printed on the notice (e.g. the court order number).");
    }
  else if (date == NULL && (self->submitted || *date_text != '\0'))
    {
      mark (self->date_row, TRUE);
      problem = _("Give the date of the notice as YYYY-MM-DD.");
    }
  else if (date != NULL && g_strcmp0 (date, today) > 0)
    {
      mark (self->date_row, TRUE);
      problem = _("The notice date is in the future. Enter the date the notice was issued.");
    }
  set_problem (self, problem);
}

static void
field_changed_cb (FlSubjectSealDialog *self)
{
  validate (self);
}

static gboolean
destroy_cb (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
carry_out (FlSubjectSealDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reference_row))));

  if (!fl_gallery_seal_subject (self->session, self->subject_id, reference, fl_date_row_get_date (self->date_row),
                                &error))
    {
      set_problem (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SEALED], 0, self->subject_id);
  /* Closed once the confirmation, which is transient for this window, has finished closing. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_idle_add_full (G_PRIORITY_DEFAULT, destroy_cb, g_object_ref (self), g_object_unref);
}

static void
confirm_response_cb (AdwMessageDialog    *dialog,
                     const char          *response,
                     FlSubjectSealDialog *self)
{
  if (g_str_equal (response, "seal"))
    carry_out (self);
}

static void
continue_clicked_cb (FlSubjectSealDialog *self)
{
  fl_subject_seal_dialog_continue (self);
}

static void
fl_subject_seal_dialog_dispose (GObject *object)
{
  FlSubjectSealDialog *self = FL_SUBJECT_SEAL_DIALOG (object);

  if (self->confirmation != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->confirmation), (gpointer *) &self->confirmation);
      self->confirmation = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_SUBJECT_SEAL_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->target_name, g_free);
  g_clear_pointer (&self->confirm_body, g_free);

  G_OBJECT_CLASS (fl_subject_seal_dialog_parent_class)->dispose (object);
}

static void
fl_subject_seal_dialog_class_init (FlSubjectSealDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_subject_seal_dialog_dispose;

  /**
   * FlSubjectSealDialog::sealed:
   * @subject_id: the subject sealed
   */
  signals[SIGNAL_SEALED] =
    g_signal_new ("sealed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (FL_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/FaceLeads/ui/fl-subject-seal-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FlSubjectSealDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectSealDialog, reference_row);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectSealDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectSealDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectSealDialog, continue_button);
  gtk_widget_class_bind_template_callback (widget_class, continue_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fl_subject_seal_dialog_init (FlSubjectSealDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_subject_seal_dialog_new (GtkWindow *parent,
                            FlSession *session,
                            gint64     subject_id)
{
  FlSubjectSealDialog *self;
  g_autofree char *today = fl_date_row_today ();

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  self = g_object_new (FL_TYPE_SUBJECT_SEAL_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->subject_id = subject_id;
  fl_date_row_set_date (self->date_row, today);
  gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button), describe_subject (self));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->reference_row));
  return GTK_WIDGET (self);
}

gboolean
fl_subject_seal_dialog_continue (FlSubjectSealDialog *self)
{
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (FL_IS_SUBJECT_SEAL_DIALOG (self), FALSE);

  self->submitted = TRUE;
  validate (self);
  if (self->problem != NULL || !describe_subject (self))
    return FALSE;

  /* Translators: %s is "subject #17 (record A100) of the gallery …" */
  heading = g_strdup_printf (_("Seal and purge %s?"), self->target_name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, self->confirm_body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "seal", _("_Seal and Purge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "seal", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  self->confirmation = ADW_MESSAGE_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->confirmation);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

const char *
fl_subject_seal_dialog_get_problem (FlSubjectSealDialog *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_SEAL_DIALOG (self), NULL);
  return self->problem;
}

AdwMessageDialog *
fl_subject_seal_dialog_get_confirmation (FlSubjectSealDialog *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_SEAL_DIALOG (self), NULL);
  return self->confirmation;
}
