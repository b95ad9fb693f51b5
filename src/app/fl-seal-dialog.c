/* fl-seal-dialog.c: enters a seal/destroy notice for a case or a gallery subject (R13)
 *
 * The record is looked up as it is typed and named under the field, so the
 * administrator sees which case or subject the number points to. "Continue…"
 * opens a confirmation that says what will be purged, with counts, before
 * anything goes; only "Seal and Purge" there hands the notice to the core
 * (fl_seal_case or fl_gallery_seal_subject), which purges, records the notice
 * with counts and hashes only, and audits it.
 *
 * For a case the counts come from what the case file lists: the request's
 * images (the original probes) and the reports. Enhanced probes have no
 * listing of their own here, so the confirmation names them without a count;
 * the notice row then records the exact figures.
 */
#include <glib/gi18n.h>

#include "fl-case.h"
#include "fl-date-row.h"
#include "fl-format.h"
#include "fl-gallery.h"
#include "fl-report.h"
#include "fl-request.h"
#include "fl-seal-dialog.h"
#include "fl-seal.h"

struct _FlSealDialog
{
  AdwWindow         parent_instance;

  FlSession        *session;
  gboolean          submitted;
  char             *problem;
  gint64            target_id;       /* the record found, or 0 */
  char             *target_name;     /* "case FR-…", "subject #17 of …" */
  char             *confirm_body;
  AdwMessageDialog *confirmation;    /* weak */

  AdwComboRow      *scope_row;
  AdwEntryRow      *target_row;
  GtkLabel         *target_label;
  AdwEntryRow      *reference_row;
  FlDateRow        *date_row;
  GtkLabel         *error_label;
  GtkButton        *continue_button;
};

G_DEFINE_FINAL_TYPE (FlSealDialog, fl_seal_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SEALED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Positions in the scope list of the .ui */
enum { SCOPE_CASE, SCOPE_SUBJECT };

static gboolean
is_case (FlSealDialog *self)
{
  return adw_combo_row_get_selected (self->scope_row) == SCOPE_CASE;
}

static char *
trimmed (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
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
show_target (FlSealDialog *self,
             const char   *text,
             gboolean      wrong)
{
  gtk_label_set_text (self->target_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->target_label), text != NULL);
  if (wrong)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->target_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->target_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->target_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->target_label), "dim-label");
    }
  mark (self->target_row, wrong);
}

static guint
count_request_images (FlSession *session,
                      gint64     request_id)
{
  g_autoptr(FlRequest) request = fl_request_get (session, request_id, NULL);
  guint n = 0;

  for (guint i = 0; request != NULL && request->form != NULL && request->form->images != NULL && i < request->form->images->len; i++)
    {
      FlRequestImage *image = g_ptr_array_index (request->form->images, i);
      if (image->hash != NULL)
        n++;
    }
  return n;
}

/* Finds the case; on success fills the name, the line under the field and the confirmation. */
static char *
find_case (FlSealDialog *self,
           const char   *text)
{
  FlDb *db = fl_session_get_db (self->session);
  g_autoptr(FlCase) kase = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *images = NULL;
  g_autofree char *pdfs = NULL;
  gint64 id = fl_case_lookup_fr (db, text);
  guint n_images;

  if (id <= 0)
    return g_strdup_printf (_("There is no case %s in this unit. Check the FR number on the notice."), text);
  kase = fl_case_get (self->session, id, &error);
  if (kase == NULL)
    return g_strdup (error->message);
  if (kase->sealed)
    {
      g_autoptr(FlSealNotice) notice = fl_seal_notice_lookup (db, FL_SEAL_SCOPE_CASE, id, NULL);
      if (notice != NULL)
        return g_strdup_printf (_("Case %s is already sealed under notice %s of %s."), kase->fr_number,
                                notice->notice_ref, notice->notice_date);
      return g_strdup_printf (_("Case %s is already sealed."), kase->fr_number);
    }

  n_images = count_request_images (self->session, kase->request_id);
  reports = fl_report_list (db, id, NULL);
  self->target_id = id;
  self->target_name = g_strdup_printf (_("case %s"), kase->fr_number);
  g_free (self->confirm_body);
  images = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "the request’s %u image (the original probe)",
                                         "the request’s %u images (the original probes)", n_images), n_images);
  pdfs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u report PDF", "%u report PDFs",
                                       reports ? reports->len : 0), reports ? reports->len : 0);
  /* Translators: %1$s is "case FR-…", %2$s "the request’s 2 images (the original probes)", %3$s "1 report PDF" */
  self->confirm_body = g_strdup_printf (_("These images of %1$s are deleted from the image store: %2$s, any "
                                          "enhanced probes made from the originals, and %3$s. An image that another "
                                          "case or a gallery also holds is kept.\n\nThe case’s records stay, marked sealed, "
                                          "so the audit trail still resolves. The notice keeps the counts and "
                                          "SHA-256 hashes of what was purged, never names. This cannot be undone."),
                                        self->target_name, images, pdfs);
  {
    g_autofree char *line = g_strdup_printf (_("%s · %s · %s, agency case %s"), kase->fr_number,
                                             fl_format_case_state (kase->state),
                                             kase->requesting_agency ? kase->requesting_agency : "—",
                                             kase->agency_case_number ? kase->agency_case_number : "—");
    show_target (self, line, FALSE);
  }
  return NULL;
}

static char *
find_subject (FlSealDialog *self,
              const char   *text)
{
  g_autoptr(FlSubject) subject = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *photos = NULL;
  g_autofree char *bookings = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  guint n_images = 0, n_bookings;

  if (*text == '#')
    text++;
  if (!g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &id, NULL))
    return g_strdup (_("A subject number is a whole number, as the Gallery section shows it (e.g. 17)."));
  subject = fl_gallery_get_subject (self->session, id, &error);
  if (subject == NULL)
    return g_strdup (error->message);
  if (subject->sealed)
    return g_strdup_printf (_("Subject #%s is already sealed."), text);

  for (guint i = 0; subject->images != NULL && i < subject->images->len; i++)
    if (!((FlGalleryImage *) g_ptr_array_index (subject->images, i))->purged)
      n_images++;
  n_bookings = subject->bookings ? subject->bookings->len : 0;
  self->target_id = id;
  /* Translators: %1$s is the subject number, %2$s the gallery's name */
  self->target_name = g_strdup_printf (_("subject #%1$s of the gallery “%2$s”"), text, subject->gallery_name);
  photos = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo and its face template",
                                         "%u photos and their face templates", n_images), n_images);
  bookings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u booking", "%u bookings", n_bookings), n_bookings);
  g_free (self->confirm_body);
  /* Translators: %1$s is "subject #17 of the gallery …", %2$s "3 photos and their face templates", %3$s "2 bookings" */
  self->confirm_body = g_strdup_printf (_("The record of %1$s is excluded from every search at once. Its %2$s "
                                          "are deleted, with the name, date of birth, identifiers and %3$s. A "
                                          "photo that a case file also holds is kept there.\n\nThe subject stays "
                                          "only as a sealed entry so past searches still resolve and the record "
                                          "cannot be imported again. The notice keeps counts and SHA-256 hashes, "
                                          "never names. This cannot be undone."),
                                        self->target_name, photos, bookings);
  /* Translators: a gallery subject: its gallery, the source system's record id, the name */
  line = g_strdup_printf (_("%s · record %s · %s"), subject->gallery_name, subject->external_id,
                          subject->name && *subject->name ? subject->name : _("no name recorded"));
  show_target (self, line, FALSE);
  return NULL;
}

/* Looks the record up and checks the notice; the first problem is shown and kept. */
static void
validate (FlSealDialog *self)
{
  g_autofree char *target = trimmed (self->target_row);
  g_autofree char *reference = trimmed (self->reference_row);
  const char *date_text = gtk_editable_get_text (GTK_EDITABLE (self->date_row));
  const char *date = fl_date_row_get_date (self->date_row);
  g_autofree char *today = fl_date_row_today ();
  g_autofree char *target_problem = NULL;
  char *problem = NULL;

  self->target_id = 0;
  g_clear_pointer (&self->target_name, g_free);
  mark (self->reference_row, FALSE);
  mark (self->date_row, FALSE);

  if (*target == '\0')
    {
      show_target (self, NULL, FALSE);
      if (self->submitted)
        {
          mark (self->target_row, TRUE);
          target_problem = g_strdup (is_case (self) ? _("Enter the FR number of the case the notice names.")
                                                    : _("Enter the number of the gallery subject the notice names."));
        }
    }
  else
    {
      target_problem = is_case (self) ? find_case (self, target) : find_subject (self, target);
      if (target_problem != NULL)
        show_target (self, target_problem, TRUE);
    }

  if (*reference == '\0' && self->submitted)
    {
      mark (self->reference_row, TRUE);
      problem = g_strdup (_("Enter the reference printed on the notice (e.g. the court order number)."));
    }
  else if (date == NULL && (self->submitted || *date_text != '\0'))
    {
      mark (self->date_row, TRUE);
      problem = g_strdup (_("Give the date of the notice as YYYY-MM-DD."));
    }
  else if (date != NULL && g_strcmp0 (date, today) > 0)
    {
      mark (self->date_row, TRUE);
      problem = g_strdup (_("The notice date is in the future. Enter the date the notice was issued."));
    }
  gtk_label_set_text (self->error_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), problem != NULL);

  g_free (self->problem);
  self->problem = target_problem ? g_steal_pointer (&target_problem) : problem;
  if (self->problem != problem)
    g_free (problem);
}

static void
field_changed_cb (FlSealDialog *self)
{
  validate (self);
}

static void
scope_changed_cb (FlSealDialog *self)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->target_row),
                                 is_case (self) ? _("FR number") : _("Subject number"));
  validate (self);
}

static void
carry_out (FlSealDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = trimmed (self->reference_row);
  gboolean case_scope = is_case (self);
  gint64 target = self->target_id;
  gboolean ok;

  if (case_scope)
    ok = fl_seal_case (self->session, target, reference, fl_date_row_get_date (self->date_row), &error) > 0;
  else
    ok = fl_gallery_seal_subject (self->session, target, reference, fl_date_row_get_date (self->date_row), &error);
  if (!ok)
    {
      g_free (self->problem);
      self->problem = g_strdup (error->message);
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SEALED], 0, case_scope ? FL_SEAL_SCOPE_CASE : FL_SEAL_SCOPE_SUBJECT, target);
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
carry_out_cb (gpointer user_data)
{
  FlSealDialog *self = user_data;

  if (self->session != NULL)
    carry_out (self);
  return G_SOURCE_REMOVE;
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     FlSealDialog     *self)
{
  /* Once the confirmation has closed: this window may close too, and it is
   * the confirmation's parent. */
  if (g_str_equal (response, "seal"))
    g_idle_add_full (G_PRIORITY_DEFAULT, carry_out_cb, g_object_ref (self), g_object_unref);
}

gboolean
fl_seal_dialog_continue (FlSealDialog *self)
{
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (FL_IS_SEAL_DIALOG (self), FALSE);

  self->submitted = TRUE;
  validate (self);
  if (self->problem != NULL || self->target_id == 0)
    return FALSE;

  /* Translators: %s is "case FR-…" or "subject #17 of the gallery …" */
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

static void
continue_clicked_cb (FlSealDialog *self)
{
  fl_seal_dialog_continue (self);
}

static void
fl_seal_dialog_dispose (GObject *object)
{
  FlSealDialog *self = FL_SEAL_DIALOG (object);

  if (self->confirmation != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->confirmation), (gpointer *) &self->confirmation);
      self->confirmation = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_SEAL_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->target_name, g_free);
  g_clear_pointer (&self->confirm_body, g_free);

  G_OBJECT_CLASS (fl_seal_dialog_parent_class)->dispose (object);
}

static void
fl_seal_dialog_class_init (FlSealDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_seal_dialog_dispose;

  /**
   * FlSealDialog::sealed:
   * @scope: FL_SEAL_SCOPE_CASE or FL_SEAL_SCOPE_SUBJECT
   * @target_id: the case or subject sealed
   */
  signals[SIGNAL_SEALED] =
    g_signal_new ("sealed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);

  g_type_ensure (FL_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-seal-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FlSealDialog, scope_row);
  gtk_widget_class_bind_template_child (widget_class, FlSealDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, FlSealDialog, target_label);
  gtk_widget_class_bind_template_child (widget_class, FlSealDialog, reference_row);
  gtk_widget_class_bind_template_child (widget_class, FlSealDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, FlSealDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FlSealDialog, continue_button);
  gtk_widget_class_bind_template_callback (widget_class, continue_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, scope_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fl_seal_dialog_init (FlSealDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_seal_dialog_new (GtkWindow *parent,
                    FlSession *session)
{
  FlSealDialog *self;
  g_autofree char *today = fl_date_row_today ();

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  self = g_object_new (FL_TYPE_SEAL_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  fl_date_row_set_date (self->date_row, today);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->target_row));
  return GTK_WIDGET (self);
}

void
fl_seal_dialog_set_scope (FlSealDialog *self,
                          const char   *scope)
{
  g_return_if_fail (FL_IS_SEAL_DIALOG (self));

  adw_combo_row_set_selected (self->scope_row,
                              g_strcmp0 (scope, FL_SEAL_SCOPE_SUBJECT) == 0 ? SCOPE_SUBJECT : SCOPE_CASE);
}

const char *
fl_seal_dialog_get_scope (FlSealDialog *self)
{
  g_return_val_if_fail (FL_IS_SEAL_DIALOG (self), NULL);

  return is_case (self) ? FL_SEAL_SCOPE_CASE : FL_SEAL_SCOPE_SUBJECT;
}

const char *
fl_seal_dialog_get_problem (FlSealDialog *self)
{
  g_return_val_if_fail (FL_IS_SEAL_DIALOG (self), NULL);

  return self->problem;
}

AdwMessageDialog *
fl_seal_dialog_get_confirmation (FlSealDialog *self)
{
  g_return_val_if_fail (FL_IS_SEAL_DIALOG (self), NULL);

  return self->confirmation;
}
