/* fl-report-view.c: one issued report: its preview, identity and releases
 *
 * The PDF shown is the stored one, read through the core (which checks it
 * still hashes to the SHA-256 recorded when it was issued and audits the
 * viewing); it is never regenerated. Printing and saving go through the
 * core as well, so both are recorded.
 */
#include <glib/gi18n.h>

#include "fl-dissemination.h"
#include "fl-format.h"
#include "fl-outcome-dialog.h"
#include "fl-release-dialog.h"
#include "fl-report-print.h"
#include "fl-report-register.h"
#include "fl-report-view.h"

struct _FlReportView
{
  GtkWidget             parent_instance;

  FlSession            *session;
  FlReportEntry        *entry;        /* the report shown, or NULL */
  GBytes               *pdf;
  GtkFileChooserNative *save_chooser;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *message_page;
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkWidget            *outcome_button;
  GtkWidget            *release_button;
  GtkLabel             *issued_label;
  GtkLabel             *hash_label;
  GtkWidget            *outcome_title;
  GtkLabel             *outcome_label;
  FlPdfView            *pdf_view;
  GtkExpander          *releases_expander;
  GtkListBox           *releases_list;
};

G_DEFINE_FINAL_TYPE (FlReportView, fl_report_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
outcome_label (FlOutcome outcome)
{
  switch (outcome)
    {
    case FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS:
      return _("Identification confirmed by other means");
    case FL_OUTCOME_EXCLUDED:
      return _("Excluded");
    case FL_OUTCOME_PENDING:
    default:
      return _("Pending");
    }
}

static const char *
exception_label (FlReleaseException exception)
{
  switch (exception)
    {
    case FL_RELEASE_EXCEPTION_PUBLIC_SAFETY:
      return _("Public-safety determination by the commander");
    case FL_RELEASE_EXCEPTION_LINE_UP:
      return _("Photo line-up");
    case FL_RELEASE_EXCEPTION_WARRANT:
      return _("Warrant with independent witness verification");
    case FL_RELEASE_EXCEPTION_MISSING_PERSON:
      return _("Missing person with third-party verification");
    case FL_RELEASE_EXCEPTION_NONE:
    default:
      return _("None recorded");
    }
}

/* @now: the answer to what the person just did, shown before any queued toast. */
static void
toast (FlReportView *self,
       const char   *text,
       gboolean      now)
{
  AdwToast *t = adw_toast_new (text);

  if (now)
    adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

/* A refusal or failure the person has to read: a dialog, not a passing toast. */
static void
show_error (FlReportView *self,
            const char   *heading,
            const char   *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
may_record_outcome (FlReportView *self)
{
  return self->entry != NULL && self->entry->report->kind == FL_REPORT_KIND_LEAD && !self->entry->sealed &&
         self->entry->requester_id == fl_session_get_user_id (self->session);
}

static void
update_actions (FlReportView *self)
{
  gboolean shown = self->entry != NULL && self->pdf != NULL;
  gboolean records = self->session != NULL && fl_session_has_role (self->session, FL_ROLE_RECORDS);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.print", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.save-as", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.release", shown && records);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.outcome", shown && may_record_outcome (self));
  gtk_widget_set_visible (self->release_button, records);
  gtk_widget_set_visible (self->outcome_button, may_record_outcome (self));
}

static GtkWidget *
release_row (const FlDissemination *d)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = fl_format_time (d->released_at);
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);

  /* Translators: a release of a report: "To <recipient>, <agency>" */
  title = g_strdup_printf (_("To %s, %s"), d->recipient, d->agency);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* Translators: when, why, what and by whom a report was released */
  g_string_append_printf (subtitle, _("%s · %s · %s · by %s"), when, d->purpose, d->released_what,
                          d->released_by_name);
  if (d->public_release)
    {
      g_string_append_c (subtitle, '\n');
      /* Translators: %s is the exception that allowed a public release, then its documentation */
      g_string_append_printf (subtitle, _("Public or media release under: %s. %s"), exception_label (d->exception),
                              d->exception_documentation ? d->exception_documentation : "");
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (d->public_release ? "dialog-warning-symbolic"
                                                                             : "mail-send-symbolic"));
  return row;
}

static void
fill_releases (FlReportView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) releases = NULL;
  g_autofree char *label = NULL;
  GtkListBoxRow *old;

  /* Rows only: the list's placeholder stays. */
  while ((old = gtk_list_box_get_row_at_index (self->releases_list, 0)) != NULL)
    gtk_list_box_remove (self->releases_list, GTK_WIDGET (old));
  releases = fl_dissemination_list (self->session, self->entry->report->id, 0, &error);
  if (releases == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      gtk_list_box_append (self->releases_list, row);
      gtk_expander_set_label (self->releases_expander, _("Releases"));
      return;
    }
  for (guint i = 0; i < releases->len; i++)
    gtk_list_box_append (self->releases_list, release_row (g_ptr_array_index (releases, i)));
  if (releases->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Not released yet. Every release is logged here."));
      gtk_list_box_append (self->releases_list, row);
    }
  /* Translators: the heading of a report's release log, with how many there are */
  label = releases->len == 0 ? g_strdup (_("No Releases"))
                             : g_strdup_printf (ngettext ("%u Release", "%u Releases", releases->len), releases->len);
  gtk_expander_set_label (self->releases_expander, label);
  /* Open when it fits beside the preview; a long log stays one click away. */
  gtk_expander_set_expanded (self->releases_expander, releases->len > 0 && releases->len <= 3);
}

static void
fill_details (FlReportView *self)
{
  FlReportEntry *e = self->entry;
  g_autofree char *subtitle = NULL;
  g_autofree char *issued_at = fl_format_time (e->report->created_at);
  g_autofree char *issued = NULL;
  gboolean lead = e->report->kind == FL_REPORT_KIND_LEAD;

  gtk_label_set_text (self->title_label, e->report->uid);
  /* Translators: kind of report · case FR number · requesting agency · agency case number */
  subtitle = g_strdup_printf (_("%s · Case %s · %s · %s"),
                              lead ? _("Investigative lead") : _("No possible match"), e->fr_number,
                              e->requesting_agency, e->agency_case_number);
  gtk_label_set_text (self->subtitle_label, subtitle);
  /* Translators: who issued a report and when */
  issued = g_strdup_printf (_("%s on %s"), e->report->created_by_name, issued_at);
  gtk_label_set_text (self->issued_label, issued);
  gtk_label_set_text (self->hash_label, e->report->hash);

  gtk_widget_set_visible (self->outcome_title, lead);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_label), lead);
  gtk_label_set_text (self->outcome_label, e->has_outcome ? outcome_label (e->outcome)
                                                          : _("Not recorded yet by the requester"));
  fill_releases (self);
  update_actions (self);
}

static void
show_message (FlReportView *self,
              const char   *title,
              const char   *description)
{
  adw_status_page_set_title (self->message_page, title);
  adw_status_page_set_description (self->message_page, description);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

/* ---- printing ---------------------------------------------------------------- */

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               FlReportView            *self)
{
  g_autoptr(GError) error = NULL;
  gint64 report_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (operation), "fl-report-id"));
  const char *uid = g_object_get_data (G_OBJECT (operation), "fl-report-uid");

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      show_error (self, _("The Report Was Not Printed"), error ? error->message : NULL);
      return;
    }
  if (result != GTK_PRINT_OPERATION_RESULT_APPLY)
    return;
  {
    GtkPrintSettings *settings = gtk_print_operation_get_print_settings (operation);
    int copies = settings ? gtk_print_settings_get_n_copies (settings) : 1;
    g_autofree char *text = NULL;

    if (!fl_report_register_printed (self->session, report_id, copies, &error))
      {
        show_error (self, _("The Print Was Not Recorded"), error->message);
        return;
      }
    /* Translators: %s is the report ID */
    text = g_strdup_printf (_("Report %s printed"), uid);
    toast (self, text, FALSE);
  }
}

GtkPrintOperation *
fl_report_view_create_print_operation (FlReportView  *self,
                                       GError       **error)
{
  GtkPrintOperation *operation;

  g_return_val_if_fail (FL_IS_REPORT_VIEW (self), NULL);

  if (self->entry == NULL || self->pdf == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No report is shown."));
      return NULL;
    }
  operation = fl_report_print_operation_new (self->pdf, self->entry->report->uid, error);
  if (operation == NULL)
    return NULL;
  /* The view may show another report by the time printing ends. */
  g_object_set_data (G_OBJECT (operation), "fl-report-id", GSIZE_TO_POINTER (self->entry->report->id));
  g_object_set_data_full (G_OBJECT (operation), "fl-report-uid", g_strdup (self->entry->report->uid), g_free);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  return operation;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FlReportView *self = FL_REPORT_VIEW (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  operation = fl_report_view_create_print_operation (self, &error);
  if (operation == NULL)
    {
      show_error (self, _("The Report Cannot Be Printed"), error->message);
      return;
    }
  /* Asynchronous: GTK draws page by page while the window stays usable. */
  gtk_print_operation_set_allow_async (operation, TRUE);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (widget)), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (self, _("The Report Was Not Printed"), error->message);
}

/* ---- saving ---------------------------------------------------------------- */

static gboolean
save_report (FlReportView  *self,
             gint64         report_id,
             const char    *path,
             GError       **error)
{
  /* The core checks the stored file against its SHA-256 and records the export. */
  return fl_report_export (self->session, report_id, path, error);
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  FlReportView    *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gint64 report_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (chooser), "fl-report-id"));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->save_chooser);
  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("The Report Was Not Saved"), _("Choose a folder on this computer."));
      return;
    }
  if (!save_report (self, report_id, path, &error))
    {
      show_error (self, _("The Report Was Not Saved"), error->message);
      return;
    }
  {
    g_autofree char *name = g_file_get_basename (file);
    /* Translators: %s is a file name */
    g_autofree char *text = g_strdup_printf (_("Saved as %s"), name);

    toast (self, text, FALSE);
  }
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FlReportView *self = FL_REPORT_VIEW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->entry == NULL || self->save_chooser != NULL)
    return;
  self->save_chooser = gtk_file_chooser_native_new (_("Save Report"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                                    GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->save_chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->save_chooser), filter);
  name = g_strdup_printf ("%s.pdf", self->entry->report->uid);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->save_chooser), name);
  g_object_set_data (G_OBJECT (self->save_chooser), "fl-report-id", GSIZE_TO_POINTER (self->entry->report->id));
  g_signal_connect_object (self->save_chooser, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_chooser));
}

/* ---- release and outcome ------------------------------------------------------ */

static void
release_recorded_cb (FlReleaseDialog *dialog,
                     gint64           release_id,
                     FlReportView    *self)
{
  fl_report_view_reload (self);
  toast (self, _("Release recorded"), TRUE);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
release_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FlReportView *self = FL_REPORT_VIEW (widget);
  GtkWidget *dialog;

  if (self->entry == NULL)
    return;
  dialog = fl_release_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->session, self->entry->report->id,
                                  self->entry->report->uid);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (release_recorded_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
outcome_recorded_cb (FlOutcomeDialog *dialog,
                     gint64           outcome_id,
                     FlReportView    *self)
{
  fl_report_view_reload (self);
  toast (self, _("Outcome recorded"), TRUE);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
outcome_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FlReportView *self = FL_REPORT_VIEW (widget);
  GtkWidget *dialog;

  if (!may_record_outcome (self))
    return;
  dialog = fl_outcome_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->session,
                                  self->entry->report->case_id, self->entry->report->candidate_id,
                                  self->entry->report->uid);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (outcome_recorded_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- GObject ---------------------------------------------------------------- */

static void
fl_report_view_dispose (GObject *object)
{
  FlReportView *self = FL_REPORT_VIEW (object);

  if (self->save_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->save_chooser));
  g_clear_object (&self->save_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_REPORT_VIEW);
  g_clear_pointer (&self->entry, fl_report_entry_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fl_report_view_parent_class)->dispose (object);
}

static void
fl_report_view_class_init (FlReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_report_view_dispose;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (FL_TYPE_PDF_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-report-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FlReportView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FlReportView, stack);
  gtk_widget_class_bind_template_child (widget_class, FlReportView, message_page);
  gtk_widget_class_bind_template_child (widget_class, FlReportView, title_label);
  gtk_widget_class_bind_template_child (widget_class, FlReportView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, FlReportView, outcome_button);
  gtk_widget_class_bind_template_child (widget_class, FlReportView, release_button);
  gtk_widget_class_bind_template_child (widget_class, FlReportView, issued_label);
  gtk_widget_class_bind_template_child (widget_class, FlReportView, hash_label);
  gtk_widget_class_bind_template_child (widget_class, FlReportView, outcome_title);
  gtk_widget_class_bind_template_child (widget_class, FlReportView, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, FlReportView, pdf_view);
  gtk_widget_class_bind_template_child (widget_class, FlReportView, releases_expander);
  gtk_widget_class_bind_template_child (widget_class, FlReportView, releases_list);

  gtk_widget_class_install_action (widget_class, "report.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "report.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "report.release", NULL, release_action);
  gtk_widget_class_install_action (widget_class, "report.outcome", NULL, outcome_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "report.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "report.save-as", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reportview");
}

static void
fl_report_view_init (FlReportView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

GtkWidget *
fl_report_view_new (void)
{
  return g_object_new (FL_TYPE_REPORT_VIEW, NULL);
}

void
fl_report_view_set_session (FlReportView *self,
                            FlSession    *session)
{
  g_return_if_fail (FL_IS_REPORT_VIEW (self));

  g_set_object (&self->session, session);
  fl_report_view_show_report (self, 0);
}

gboolean
fl_report_view_show_report (FlReportView *self,
                            gint64        report_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlReportEntry) entry = NULL;
  g_autoptr(GBytes) pdf = NULL;

  g_return_val_if_fail (FL_IS_REPORT_VIEW (self), FALSE);

  g_clear_pointer (&self->entry, fl_report_entry_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  fl_pdf_view_set_pdf (self->pdf_view, NULL, NULL);
  update_actions (self);
  if (report_id <= 0 || self->session == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return report_id <= 0;
    }

  entry = fl_report_register_get (self->session, report_id, &error);
  if (entry != NULL)
    pdf = fl_report_register_read (self->session, report_id, &error);
  if (pdf == NULL)
    {
      show_message (self, entry && entry->sealed ? _("Report Sealed") : _("The Report Cannot Be Shown"),
                    error->message);
      return FALSE;
    }
  if (!fl_pdf_view_set_pdf (self->pdf_view, pdf, &error))
    {
      show_message (self, _("The Report Cannot Be Shown"), error->message);
      return FALSE;
    }
  self->entry = g_steal_pointer (&entry);
  self->pdf = g_steal_pointer (&pdf);
  fill_details (self);
  gtk_stack_set_visible_child_name (self->stack, "report");
  return TRUE;
}

gint64
fl_report_view_get_report_id (FlReportView *self)
{
  g_return_val_if_fail (FL_IS_REPORT_VIEW (self), 0);
  return self->entry ? self->entry->report->id : 0;
}

void
fl_report_view_reload (FlReportView *self)
{
  g_autoptr(FlReportEntry) entry = NULL;

  g_return_if_fail (FL_IS_REPORT_VIEW (self));

  if (self->entry == NULL)
    return;
  entry = fl_report_register_get (self->session, self->entry->report->id, NULL);
  if (entry == NULL)
    return;
  fl_report_entry_free (self->entry);
  self->entry = g_steal_pointer (&entry);
  fill_details (self);
}

gboolean
fl_report_view_save_to (FlReportView  *self,
                        const char    *path,
                        GError       **error)
{
  g_return_val_if_fail (FL_IS_REPORT_VIEW (self), FALSE);

  if (self->entry == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No report is shown."));
      return FALSE;
    }
  return save_report (self, self->entry->report->id, path, error);
}

FlPdfView *
fl_report_view_get_pdf_view (FlReportView *self)
{
  g_return_val_if_fail (FL_IS_REPORT_VIEW (self), NULL);
  return self->pdf_view;
}
