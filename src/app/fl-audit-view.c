/* fl-audit-view.c: checks the audit chain (R22) and exports the monthly workbook (R23)
 *
 * Both jobs run off the main loop. The check opens its own read-only use of
 * the database (a second connection), walks the chain and, back on the main
 * loop, records that the trail was read ("audit.verify", as the command-line
 * tool does). The export is the core's asynchronous job; it records itself
 * and writes the workbook beside the chosen name first, so a cancelled export
 * leaves nothing behind.
 */
#include <glib/gi18n.h>

#include "fl-audit-export.h"
#include "fl-audit-view.h"
#include "fl-audit.h"
#include "fl-message-banner.h"

struct _FlAuditView
{
  AdwBin           parent_instance;

  FlSession       *session;
  GCancellable    *verify_cancellable;
  GCancellable    *export_cancellable;   /* set while an export runs */
  char            *export_path;
  int              export_year;
  int              export_month;
  GtkFileChooserNative *chooser;
  gint64           broken_row;
  gboolean         disposed;

  GtkSpinner      *verify_spinner;
  GtkButton       *verify_button;
  FlMessageBanner *verify_banner;
  AdwComboRow     *month_row;
  GtkSpinButton   *year_spin;
  GtkButton       *export_button;
  GtkWidget       *progress_box;
  GtkProgressBar  *progress_bar;
  FlMessageBanner *export_banner;
};

G_DEFINE_FINAL_TYPE (FlAuditView, fl_audit_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "May 2026", with the month's name from the picker (translated there). */
static char *
month_label (FlAuditView *self,
             int          year,
             int          month)
{
  GListModel *months = adw_combo_row_get_model (self->month_row);
  g_autoptr(GtkStringObject) name = g_list_model_get_item (months, month - 1);

  /* Translators: a month and a year, e.g. "May 2026" */
  return g_strdup_printf (_("%s %d"), gtk_string_object_get_string (name), year);
}

/* ---- verify ------------------------------------------------------------- */

typedef struct
{
  char           *data_dir;
  FlAuditVerdict  verdict;
} VerifyJob;

static void
verify_job_free (VerifyJob *job)
{
  g_free (job->data_dir);
  fl_audit_verdict_clear (&job->verdict);
  g_free (job);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyJob *job = task_data;
  GError *error = NULL;
  /* Its own connection: the window keeps using the session's meanwhile. */
  g_autoptr(FlDb) db = fl_db_open (job->data_dir, &error);

  if (db == NULL || !fl_audit_verify (db, &job->verdict, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_verifying (FlAuditView *self,
               gboolean     verifying)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->verify_button), !verifying);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_spinner), verifying);
  gtk_spinner_set_spinning (self->verify_spinner, verifying);
}

static void
record_verification (FlAuditView          *self,
                     const FlAuditVerdict *verdict)
{
  g_autofree char *rows = g_strdup_printf ("%" G_GINT64_FORMAT, verdict->rows);
  g_autofree char *bad = g_strdup_printf ("%" G_GINT64_FORMAT, verdict->first_bad_id);
  g_autofree char *details = fl_audit_details ("rows", rows, "first_bad_row", verdict->problem ? bad : NULL,
                                               "via", "app", NULL);
  g_autoptr(GError) error = NULL;

  /* Reading the trail is itself recorded (CJIS 5.4.1.1); failing to record
   * it must not hide the verdict, so it is only logged. */
  if (!fl_session_audit (self->session, "audit.verify", 0, verdict->problem ? "broken" : "intact", details,
                         &error))
    g_warning ("The audit check was not recorded: %s", error->message);
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FlAuditView *self = FL_AUDIT_VIEW (source);
  VerifyJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (self->disposed)
    return;
  set_verifying (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      self->broken_row = 0;
      text = g_strdup_printf (_("The audit trail could not be read: %s"), error->message);
      fl_message_banner_set (self->verify_banner, FL_MESSAGE_ERROR, text);
      return;
    }

  record_verification (self, &job->verdict);
  self->broken_row = job->verdict.problem ? job->verdict.first_bad_id : 0;
  if (job->verdict.problem == NULL)
    {
      g_autofree char *rows = g_strdup_printf ("%" G_GINT64_FORMAT, job->verdict.rows);

      /* Translators: %s is a number of rows */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The audit trail is intact: its %s row checks out.",
                                           "The audit trail is intact: all %s rows check out.",
                                           (gulong) MIN (job->verdict.rows, G_MAXULONG)),
                              rows);
      fl_message_banner_set (self->verify_banner, FL_MESSAGE_SUCCESS, text);
    }
  else
    {
      g_autofree char *row = g_strdup_printf ("%" G_GINT64_FORMAT, job->verdict.first_bad_id);

      /* Translators: %1$s is the row number, %2$s what the check found (in English, from the core) */
      text = g_strdup_printf (_("The audit trail is broken at row %1$s. The check found: %2$s. Rows from there on "
                                "cannot be trusted. Leave this workstation as it is, tell your agency’s security "
                                "officer, and compare with a backup made before the change."),
                              row, job->verdict.problem);
      fl_message_banner_set (self->verify_banner, FL_MESSAGE_ERROR, text);
    }
}

void
fl_audit_view_verify (FlAuditView *self)
{
  g_autoptr(GTask) task = NULL;
  VerifyJob *job;

  g_return_if_fail (FL_IS_AUDIT_VIEW (self));
  g_return_if_fail (self->session != NULL);

  if (fl_audit_view_is_verifying (self))
    return;
  job = g_new0 (VerifyJob, 1);
  job->data_dir = g_strdup (fl_db_get_data_dir (fl_session_get_db (self->session)));
  fl_message_banner_set (self->verify_banner, FL_MESSAGE_INFO, _("Checking every row of the audit trail…"));
  set_verifying (self, TRUE);
  task = g_task_new (self, NULL, verify_done_cb, NULL);
  g_task_set_source_tag (task, fl_audit_view_verify);
  g_task_set_task_data (task, job, (GDestroyNotify) verify_job_free);
  g_task_run_in_thread (task, verify_thread);
}

static void
verify_clicked_cb (FlAuditView *self)
{
  fl_audit_view_verify (self);
}

/* ---- export ------------------------------------------------------------- */

static void
set_exporting (FlAuditView *self,
               gboolean     exporting)
{
  gtk_widget_set_visible (self->progress_box, exporting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !exporting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->month_row), !exporting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->year_spin), !exporting);
  if (exporting)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_progress_bar_set_text (self->progress_bar, _("Reading the month’s records…"));
    }
}

static void
export_progress_cb (double      fraction,
                    const char *stage,
                    gpointer    user_data)
{
  FlAuditView *self = user_data;
  g_autofree char *text = NULL;

  if (self->disposed)
    return;
  /* Translators: %s is the sheet being written (from the core, in English), %d a percentage */
  text = g_strdup_printf (_("%s — %d %%"), stage ? stage : "", (int) (fraction * 100 + 0.5));
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FlAuditView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = fl_audit_export_month_finish (FL_SESSION (source), result, &error);
  g_autofree char *text = NULL;

  g_clear_object (&self->export_cancellable);
  if (self->disposed)
    return;
  set_exporting (self, FALSE);
  if (ok)
    {
      g_autofree char *month = month_label (self, self->export_year, self->export_month);

      /* Translators: %1$s is a month ("May 2026"), %2$s a file path */
      text = g_strdup_printf (_("The workbook of %1$s is saved as %2$s. The export is recorded in the audit trail."),
                              month, self->export_path);
      fl_message_banner_set (self->export_banner, FL_MESSAGE_SUCCESS, text);
    }
  else if (g_error_matches (error, FL_ERROR, FL_ERROR_CANCELLED))
    fl_message_banner_set (self->export_banner, FL_MESSAGE_INFO,
                           _("The export was cancelled. Nothing was saved."));
  else
    fl_message_banner_set (self->export_banner, FL_MESSAGE_ERROR, error->message);
}

gboolean
fl_audit_view_export_to (FlAuditView *self,
                         const char  *path)
{
  int year, month;

  g_return_val_if_fail (FL_IS_AUDIT_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->export_cancellable != NULL || self->session == NULL)
    return FALSE;
  fl_audit_view_get_month (self, &year, &month);
  self->export_cancellable = g_cancellable_new ();
  g_free (self->export_path);
  self->export_path = g_strdup (path);
  self->export_year = year;
  self->export_month = month;
  fl_message_banner_set (self->export_banner, FL_MESSAGE_NONE, NULL);
  set_exporting (self, TRUE);
  fl_audit_export_month_async (self->session, year, month, path,
                               export_progress_cb, g_object_ref (self), g_object_unref,
                               self->export_cancellable, export_done_cb, g_object_ref (self));
  return TRUE;
}

static void
chooser_response_cb (FlAuditView          *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    {
      if (!g_str_has_suffix (path, ".xlsx"))
        {
          char *named = g_strconcat (path, ".xlsx", NULL);
          g_free (path);
          path = named;
        }
      fl_audit_view_export_to (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
export_clicked_cb (FlAuditView *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int year, month;

  if (self->chooser != NULL || self->export_cancellable != NULL)
    return;
  fl_audit_view_get_month (self, &year, &month);
  self->chooser = gtk_file_chooser_native_new (_("Save Audit Workbook"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  name = g_strdup_printf ("faceleads-audit-%04d-%02d.xlsx", year, month);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (filter, _("Excel workbooks"));
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
fl_audit_view_cancel_export (FlAuditView *self)
{
  g_return_if_fail (FL_IS_AUDIT_VIEW (self));

  if (self->export_cancellable != NULL)
    {
      g_cancellable_cancel (self->export_cancellable);
      gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
    }
}

static void
cancel_clicked_cb (FlAuditView *self)
{
  fl_audit_view_cancel_export (self);
}

/* ---- object ------------------------------------------------------------- */

static void
fl_audit_view_dispose (GObject *object)
{
  FlAuditView *self = FL_AUDIT_VIEW (object);

  self->disposed = TRUE;
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_AUDIT_VIEW);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fl_audit_view_parent_class)->dispose (object);
}

static void
fl_audit_view_finalize (GObject *object)
{
  FlAuditView *self = FL_AUDIT_VIEW (object);

  g_clear_object (&self->export_cancellable);
  g_free (self->export_path);

  G_OBJECT_CLASS (fl_audit_view_parent_class)->finalize (object);
}

static void
fl_audit_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FlAuditView *self = FL_AUDIT_VIEW (object);

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
fl_audit_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FlAuditView *self = FL_AUDIT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      fl_audit_view_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_audit_view_class_init (FlAuditViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_audit_view_dispose;
  object_class->finalize = fl_audit_view_finalize;
  object_class->get_property = fl_audit_view_get_property;
  object_class->set_property = fl_audit_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FL_TYPE_MESSAGE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-audit-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FlAuditView, verify_spinner);
  gtk_widget_class_bind_template_child (widget_class, FlAuditView, verify_button);
  gtk_widget_class_bind_template_child (widget_class, FlAuditView, verify_banner);
  gtk_widget_class_bind_template_child (widget_class, FlAuditView, month_row);
  gtk_widget_class_bind_template_child (widget_class, FlAuditView, year_spin);
  gtk_widget_class_bind_template_child (widget_class, FlAuditView, export_button);
  gtk_widget_class_bind_template_child (widget_class, FlAuditView, progress_box);
  gtk_widget_class_bind_template_child (widget_class, FlAuditView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FlAuditView, export_banner);
  gtk_widget_class_bind_template_callback (widget_class, verify_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
fl_audit_view_init (FlAuditView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) last_month = g_date_time_add_months (now, -1);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Workbooks are for months that are over. */
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->year_spin), g_date_time_get_year (now));
  fl_audit_view_set_month (self, g_date_time_get_year (last_month), g_date_time_get_month (last_month));
}

GtkWidget *
fl_audit_view_new (FlSession *session)
{
  return g_object_new (FL_TYPE_AUDIT_VIEW, "session", session, NULL);
}

FlSession *
fl_audit_view_get_session (FlAuditView *self)
{
  g_return_val_if_fail (FL_IS_AUDIT_VIEW (self), NULL);

  return self->session;
}

void
fl_audit_view_set_session (FlAuditView *self,
                           FlSession   *session)
{
  g_return_if_fail (FL_IS_AUDIT_VIEW (self));
  g_return_if_fail (session == NULL || FL_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
fl_audit_view_is_verifying (FlAuditView *self)
{
  g_return_val_if_fail (FL_IS_AUDIT_VIEW (self), FALSE);

  return gtk_spinner_get_spinning (self->verify_spinner);
}

const char *
fl_audit_view_get_verify_text (FlAuditView *self)
{
  g_return_val_if_fail (FL_IS_AUDIT_VIEW (self), NULL);

  return fl_message_banner_get_text (self->verify_banner);
}

gint64
fl_audit_view_get_broken_row (FlAuditView *self)
{
  g_return_val_if_fail (FL_IS_AUDIT_VIEW (self), 0);

  return self->broken_row;
}

void
fl_audit_view_get_month (FlAuditView *self,
                         int         *year,
                         int         *month)
{
  g_return_if_fail (FL_IS_AUDIT_VIEW (self));

  *year = gtk_spin_button_get_value_as_int (self->year_spin);
  *month = (int) adw_combo_row_get_selected (self->month_row) + 1;
}

void
fl_audit_view_set_month (FlAuditView *self,
                         int          year,
                         int          month)
{
  g_return_if_fail (FL_IS_AUDIT_VIEW (self));
  g_return_if_fail (month >= 1 && month <= 12);

  gtk_spin_button_set_value (self->year_spin, year);
  adw_combo_row_set_selected (self->month_row, (guint) month - 1);
}

gboolean
fl_audit_view_is_exporting (FlAuditView *self)
{
  g_return_val_if_fail (FL_IS_AUDIT_VIEW (self), FALSE);

  return self->export_cancellable != NULL;
}

const char *
fl_audit_view_get_export_text (FlAuditView *self)
{
  g_return_val_if_fail (FL_IS_AUDIT_VIEW (self), NULL);

  return fl_message_banner_get_text (self->export_banner);
}
