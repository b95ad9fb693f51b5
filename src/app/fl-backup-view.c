/* fl-backup-view.c: backs up the unit's data, checks a backup, and says how to restore one
 *
 * The backup is the core's fl_backup_create() run on a worker thread through
 * the session: SQLite's online backup lets the session's connection go on
 * being used meanwhile (connections are opened in serialized mode), and the
 * core writes under a temporary name, so a cancelled backup leaves nothing.
 * Progress is handed back to the main loop as idle sources.
 *
 * Restoring replaces the database FaceLeads has open, so it is not offered
 * here: the view says so and shows the exact command for this workstation,
 * filled in with the last backup made or checked.
 */
#include <glib/gi18n.h>

#include "fl-application.h"
#include "fl-backup-view.h"
#include "fl-backup.h"
#include "fl-message-banner.h"

struct _FlBackupView
{
  AdwBin                parent_instance;

  FlSession            *session;
  GCancellable         *backup_cancellable;  /* set while a backup runs */
  char                 *backup_dir;
  gboolean              verifying;
  GtkFileChooserNative *chooser;
  char                 *command;
  gboolean              disposed;

  AdwActionRow         *data_row;
  GtkButton            *backup_button;
  GtkWidget            *progress_box;
  GtkProgressBar       *progress_bar;
  FlMessageBanner      *backup_banner;
  GtkSpinner           *verify_spinner;
  GtkButton            *verify_button;
  FlMessageBanner      *verify_banner;
  GtkLabel             *command_label;
};

G_DEFINE_FINAL_TYPE (FlBackupView, fl_backup_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_command (FlBackupView *self,
                const char   *backup_dir)
{
  g_autofree char *data = NULL;
  g_autofree char *backup = NULL;

  if (self->session == NULL)
    return;
  data = g_shell_quote (fl_db_get_data_dir (fl_session_get_db (self->session)));
  /* Translators: stands for the path of a backup folder in a command line; no spaces */
  backup = backup_dir ? g_shell_quote (backup_dir) : g_strdup (_("BACKUP_FOLDER"));
  g_free (self->command);
  self->command = g_strdup_printf ("faceleads-cli --data-dir %s restore %s", data, backup);
  gtk_label_set_text (self->command_label, self->command);
}

/* ---- back up ------------------------------------------------------------ */

typedef struct
{
  FlBackupView *view;
  double        fraction;
  char         *stage;
} ProgressMessage;

typedef struct
{
  FlSession    *session;
  char         *dest_dir;
  GMainContext *context;
  FlBackupView *view;   /* only handed on to the progress messages */
} BackupJob;

static void
backup_job_free (BackupJob *job)
{
  g_clear_object (&job->session);
  g_clear_object (&job->view);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job->dest_dir);
  g_free (job);
}

static gboolean
deliver_progress (gpointer data)
{
  ProgressMessage *msg = data;
  FlBackupView *self = msg->view;
  g_autofree char *text = NULL;

  if (self->disposed || self->backup_cancellable == NULL)
    return G_SOURCE_REMOVE;
  /* Translators: %s is what the backup is doing (from the core, in English), %d a percentage */
  text = g_strdup_printf (_("%s — %d %%"), msg->stage ? msg->stage : "", (int) (msg->fraction * 100 + 0.5));
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (msg->fraction, 0.0, 1.0));
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_REMOVE;
}

static void
progress_message_free (gpointer data)
{
  ProgressMessage *msg = data;

  g_object_unref (msg->view);
  g_free (msg->stage);
  g_free (msg);
}

/* On the worker thread. */
static void
backup_progress_cb (double      fraction,
                    const char *stage,
                    gpointer    user_data)
{
  BackupJob *job = user_data;
  ProgressMessage *msg = g_new0 (ProgressMessage, 1);
  GSource *source = g_idle_source_new ();

  msg->view = g_object_ref (job->view);
  msg->fraction = fraction;
  msg->stage = g_strdup (stage);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_progress, msg, progress_message_free);
  g_source_set_static_name (source, "[faceleads] backup progress");
  g_source_attach (source, job->context);
  g_source_unref (source);
}

static void
backup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  BackupJob *job = task_data;
  GError *error = NULL;

  if (fl_backup_create (job->session, job->dest_dir, backup_progress_cb, job, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
set_backing_up (FlBackupView *self,
                gboolean      busy)
{
  gtk_widget_set_visible (self->progress_box, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->backup_button), !busy);
  if (busy)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_progress_bar_set_text (self->progress_bar, _("Starting the backup…"));
    }
}

static void
backup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FlBackupView *self = FL_BACKUP_VIEW (source);
  BackupJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  g_autofree char *text = NULL;

  g_clear_object (&self->backup_cancellable);
  if (self->disposed)
    return;
  set_backing_up (self, FALSE);
  if (ok)
    {
      g_free (self->backup_dir);
      self->backup_dir = g_strdup (job->dest_dir);
      update_command (self, job->dest_dir);
      text = g_strdup_printf (_("The backup is in %s. The backup is recorded in the audit trail. Keep the folder "
                                "on separate, access-controlled media."), job->dest_dir);
      fl_message_banner_set (self->backup_banner, FL_MESSAGE_SUCCESS, text);
    }
  else if (g_error_matches (error, FL_ERROR, FL_ERROR_CANCELLED))
    fl_message_banner_set (self->backup_banner, FL_MESSAGE_INFO, _("The backup was cancelled. Nothing was kept."));
  else
    fl_message_banner_set (self->backup_banner, FL_MESSAGE_ERROR, error->message);
}

gboolean
fl_backup_view_back_up_to (FlBackupView *self,
                           const char   *dest_dir)
{
  g_autoptr(GTask) task = NULL;
  BackupJob *job;

  g_return_val_if_fail (FL_IS_BACKUP_VIEW (self), FALSE);
  g_return_val_if_fail (dest_dir != NULL, FALSE);

  if (self->session == NULL || self->backup_cancellable != NULL)
    return FALSE;
  job = g_new0 (BackupJob, 1);
  job->session = g_object_ref (self->session);
  job->dest_dir = g_strdup (dest_dir);
  job->context = g_main_context_ref_thread_default ();
  job->view = g_object_ref (self);

  self->backup_cancellable = g_cancellable_new ();
  fl_message_banner_set (self->backup_banner, FL_MESSAGE_NONE, NULL);
  set_backing_up (self, TRUE);
  task = g_task_new (self, self->backup_cancellable, backup_done_cb, NULL);
  /* the core turns a cancellation into its own message */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, fl_backup_view_back_up_to);
  g_task_set_task_data (task, job, (GDestroyNotify) backup_job_free);
  g_task_run_in_thread (task, backup_thread);
  return TRUE;
}

char *
fl_backup_view_destination_in (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *name = NULL;

  if (dir != NULL && g_dir_read_name (dir) == NULL)
    return g_strdup (folder);
  now = g_date_time_new_now_local ();
  name = g_date_time_format (now, "faceleads-backup-%Y%m%d-%H%M%S");
  return g_build_filename (folder, name, NULL);
}

/* ---- verify ------------------------------------------------------------- */

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (fl_backup_verify (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
set_verifying (FlBackupView *self,
               gboolean      verifying)
{
  self->verifying = verifying;
  gtk_widget_set_sensitive (GTK_WIDGET (self->verify_button), !verifying);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_spinner), verifying);
  gtk_spinner_set_spinning (self->verify_spinner, verifying);
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FlBackupView *self = FL_BACKUP_VIEW (source);
  const char *dir = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (self->disposed)
    return;
  set_verifying (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      fl_message_banner_set (self->verify_banner, FL_MESSAGE_ERROR, error->message);
      return;
    }
  update_command (self, dir);
  text = g_strdup_printf (_("Every file of the backup %s matches its manifest."), dir);
  fl_message_banner_set (self->verify_banner, FL_MESSAGE_SUCCESS, text);
}

void
fl_backup_view_verify_folder (FlBackupView *self,
                              const char   *backup_dir)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FL_IS_BACKUP_VIEW (self));
  g_return_if_fail (backup_dir != NULL);

  if (self->verifying)
    return;
  fl_message_banner_set (self->verify_banner, FL_MESSAGE_INFO, _("Checking every file of the backup…"));
  set_verifying (self, TRUE);
  task = g_task_new (self, NULL, verify_done_cb, NULL);
  g_task_set_source_tag (task, fl_backup_view_verify_folder);
  g_task_set_task_data (task, g_strdup (backup_dir), g_free);
  g_task_run_in_thread (task, verify_thread);
}

/* ---- choosing folders --------------------------------------------------- */

enum { CHOOSE_VERIFY, CHOOSE_BACKUP, CHOOSE_RESTORE };

static void
chooser_response_cb (FlBackupView         *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  int purpose = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "fl-backup"));

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    {
      if (purpose == CHOOSE_BACKUP)
        {
          g_autofree char *dest = fl_backup_view_destination_in (path);
          fl_backup_view_back_up_to (self, dest);
        }
      else if (purpose == CHOOSE_RESTORE)
        fl_backup_view_restore_folder (self, path);
      else
        fl_backup_view_verify_folder (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_folder (FlBackupView *self,
               const char   *title,
               const char   *accept,
               int           purpose)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_object_set_data (G_OBJECT (self->chooser), "fl-backup", GINT_TO_POINTER (purpose));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
backup_clicked_cb (FlBackupView *self)
{
  /* An empty folder is used as it is; otherwise a new dated folder goes inside it. */
  choose_folder (self, _("Choose Where to Put the Backup"), _("_Back Up Here"), CHOOSE_BACKUP);
}

static void
verify_clicked_cb (FlBackupView *self)
{
  choose_folder (self, _("Choose a Backup Folder"), _("_Verify"), CHOOSE_VERIFY);
}

static void
restore_clicked_cb (FlBackupView *self)
{
  choose_folder (self, _("Choose the Backup to Restore"), _("_Restore…"), CHOOSE_RESTORE);
}

static void
restore_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     FlBackupView     *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "fl-backup-path");

  if (g_str_equal (response, "restore"))
    fl_application_restore (FL_APPLICATION (g_application_get_default ()), path);
}

/* Checks the backup first, then asks: the restore itself signs everyone out. */
void
fl_backup_view_restore_folder (FlBackupView *self,
                               const char   *path)
{
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  g_return_if_fail (FL_IS_BACKUP_VIEW (self));

  if (!fl_backup_verify (path, &error))
    {
      fl_message_banner_set (self->verify_banner, FL_MESSAGE_ERROR, error->message);
      return;
    }
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Restore This Backup?"),
                                   _("The backup checked out. Restoring signs everyone out and replaces this "
                                     "workstation’s data with the backup; the present data folder is moved aside, "
                                     "never deleted, and the restore is recorded in the restored audit trail."));
  g_object_set_data_full (G_OBJECT (dialog), "fl-backup-path", g_strdup (path), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (restore_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
fl_backup_view_cancel (FlBackupView *self)
{
  g_return_if_fail (FL_IS_BACKUP_VIEW (self));

  if (self->backup_cancellable != NULL)
    {
      g_cancellable_cancel (self->backup_cancellable);
      gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
    }
}

static void
cancel_clicked_cb (FlBackupView *self)
{
  fl_backup_view_cancel (self);
}

static void
copy_clicked_cb (FlBackupView *self)
{
  if (self->command != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->command);
}

/* ---- object ------------------------------------------------------------- */

static void
fl_backup_view_dispose (GObject *object)
{
  FlBackupView *self = FL_BACKUP_VIEW (object);

  self->disposed = TRUE;
  if (self->backup_cancellable != NULL)
    g_cancellable_cancel (self->backup_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_BACKUP_VIEW);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fl_backup_view_parent_class)->dispose (object);
}

static void
fl_backup_view_finalize (GObject *object)
{
  FlBackupView *self = FL_BACKUP_VIEW (object);

  g_clear_object (&self->backup_cancellable);
  g_free (self->backup_dir);
  g_free (self->command);

  G_OBJECT_CLASS (fl_backup_view_parent_class)->finalize (object);
}

static void
fl_backup_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FlBackupView *self = FL_BACKUP_VIEW (object);

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
fl_backup_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FlBackupView *self = FL_BACKUP_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      fl_backup_view_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_backup_view_class_init (FlBackupViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_backup_view_dispose;
  object_class->finalize = fl_backup_view_finalize;
  object_class->get_property = fl_backup_view_get_property;
  object_class->set_property = fl_backup_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FL_TYPE_MESSAGE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-backup-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FlBackupView, data_row);
  gtk_widget_class_bind_template_child (widget_class, FlBackupView, backup_button);
  gtk_widget_class_bind_template_child (widget_class, FlBackupView, progress_box);
  gtk_widget_class_bind_template_child (widget_class, FlBackupView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FlBackupView, backup_banner);
  gtk_widget_class_bind_template_child (widget_class, FlBackupView, verify_spinner);
  gtk_widget_class_bind_template_child (widget_class, FlBackupView, verify_button);
  gtk_widget_class_bind_template_child (widget_class, FlBackupView, verify_banner);
  gtk_widget_class_bind_template_child (widget_class, FlBackupView, command_label);
  gtk_widget_class_bind_template_callback (widget_class, backup_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, verify_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, restore_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
}

static void
fl_backup_view_init (FlBackupView *self)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* A command wraps anywhere, without a hyphen that would change it when copied by hand. */
  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (self->command_label, attrs);
  pango_attr_list_unref (attrs);
}

GtkWidget *
fl_backup_view_new (FlSession *session)
{
  return g_object_new (FL_TYPE_BACKUP_VIEW, "session", session, NULL);
}

FlSession *
fl_backup_view_get_session (FlBackupView *self)
{
  g_return_val_if_fail (FL_IS_BACKUP_VIEW (self), NULL);

  return self->session;
}

void
fl_backup_view_set_session (FlBackupView *self,
                            FlSession    *session)
{
  g_return_if_fail (FL_IS_BACKUP_VIEW (self));
  g_return_if_fail (session == NULL || FL_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  if (session != NULL)
    adw_action_row_set_subtitle (self->data_row, fl_db_get_data_dir (fl_session_get_db (session)));
  update_command (self, self->backup_dir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
fl_backup_view_is_backing_up (FlBackupView *self)
{
  g_return_val_if_fail (FL_IS_BACKUP_VIEW (self), FALSE);

  return self->backup_cancellable != NULL;
}

const char *
fl_backup_view_get_backup_text (FlBackupView *self)
{
  g_return_val_if_fail (FL_IS_BACKUP_VIEW (self), NULL);

  return fl_message_banner_get_text (self->backup_banner);
}

gboolean
fl_backup_view_is_verifying (FlBackupView *self)
{
  g_return_val_if_fail (FL_IS_BACKUP_VIEW (self), FALSE);

  return self->verifying;
}

const char *
fl_backup_view_get_verify_text (FlBackupView *self)
{
  g_return_val_if_fail (FL_IS_BACKUP_VIEW (self), NULL);

  return fl_message_banner_get_text (self->verify_banner);
}

const char *
fl_backup_view_get_restore_command (FlBackupView *self)
{
  g_return_val_if_fail (FL_IS_BACKUP_VIEW (self), NULL);

  return self->command;
}
