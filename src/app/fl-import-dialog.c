/* fl-import-dialog.c: imports booking photos into a gallery from a CSV manifest, with progress, Cancel and the report
 *
 * The dialog explains the manifest's columns, lets the person pick the CSV
 * file, then runs fl_gallery_import_async(): the matcher finds the face in
 * each photo in worker threads while the progress bar counts the manifest's
 * lines as the core records them. Cancel stops the import cleanly; the lines
 * recorded so far stay, and importing the same manifest again (the core keys
 * an import by gallery and the manifest's SHA-256) skips them and finishes
 * the rest, which is what "Resume Import" does.
 *
 * At the end the core's report is shown: every line ends in exactly one
 * status, counted here, and every line not enrolled is listed with the
 * core's message saying what is wrong and what to do. The report can be
 * copied or saved as text.
 *
 * The core calls the progress callback in this thread's main context, with
 * data it never frees: each run has a small record that points weakly to
 * the dialog and is freed after the last progress call was dispatched, so a
 * dialog destroyed during an import (which cancels the import) is never
 * called back. Closing the window during an import stops it first.
 */
#include <glib/gi18n.h>

#include "fl-format.h"
#include "fl-import-dialog.h"
#include "fl-message-banner.h"
#include "fl-search.h"

struct _FlImportDialog
{
  AdwWindow            parent_instance;

  FlSession           *session;
  gint64               gallery_id;
  char                *gallery_name;
  char                *manifest;
  FlImportDialogState  state;
  GCancellable        *cancellable;
  gboolean             close_when_stopped;
  gboolean             disposed;
  guint                done;
  guint                total;
  guint                rate_base_done;
  gint64               rate_base_time;
  char                *progress_text;
  char                *message;
  FlImportReport      *report;
  GtkLabel            *count_labels[FL_IMPORT_N_STATUS];
  GtkStringList       *problem_rows;
  GtkFileChooserNative *chooser;

  AdwWindowTitle      *window_title;
  GtkButton           *close_button;
  GtkButton           *start_button;
  GtkStack            *stack;
  FlMessageBanner     *setup_banner;
  AdwActionRow        *gallery_row;
  AdwActionRow        *manifest_row;
  GtkButton           *choose_button;
  GtkLabel            *progress_title;
  GtkProgressBar      *progress_bar;
  GtkLabel            *file_label;
  GtkLabel            *rate_label;
  GtkButton           *cancel_button;
  AdwStatusPage       *stopped_page;
  GtkButton           *again_button;
  GtkLabel            *report_title;
  GtkLabel            *report_summary;
  GtkGrid             *counts_grid;
  GtkLabel            *problems_title;
  GtkListView         *problems_view;
  FlMessageBanner     *report_banner;
};

G_DEFINE_FINAL_TYPE (FlImportDialog, fl_import_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_PROGRESS,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers ---------------------------------------------------------- */

const char *
fl_import_dialog_status_label (FlImportStatus status)
{
  switch (status)
    {
    case FL_IMPORT_ENROLLED:
      return _("Enrolled");
    case FL_IMPORT_DUPLICATE:
      return _("Already enrolled");
    case FL_IMPORT_NO_FACE:
      return _("No face found");
    case FL_IMPORT_SEVERAL_FACES:
      return _("Several faces");
    case FL_IMPORT_BAD_FILE:
      return _("Bad image file");
    case FL_IMPORT_BAD_ROW:
      return _("Bad manifest line");
    case FL_IMPORT_PROBE:
      return _("Refused: probe image");
    case FL_IMPORT_SEALED:
      return _("Refused: sealed record");
    default:
      return "";
    }
}

static char *
format_duration (double seconds)
{
  guint s = (guint) (seconds + 0.5);

  if (s < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", s), s);
  if (s < 3600)
    {
      guint m = (s + 30) / 60;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", m), m);
    }
  {
    /* Translators: a duration in hours and minutes, e.g. "2 h 05 min" */
    return g_strdup_printf (_("%u h %02u min"), s / 3600, (s % 3600) / 60);
  }
}

static void
set_state (FlImportDialog      *self,
           FlImportDialogState  state)
{
  gboolean busy = state == FL_IMPORT_DIALOG_RUNNING || state == FL_IMPORT_DIALOG_STOPPING;

  self->state = state;
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), state == FL_IMPORT_DIALOG_SETUP ||
                                                          state == FL_IMPORT_DIALOG_FAILED);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button), self->manifest != NULL);
  gtk_button_set_label (self->close_button, state == FL_IMPORT_DIALOG_SETUP || state == FL_IMPORT_DIALOG_FAILED
                                            ? _("_Cancel") : _("_Close"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), state == FL_IMPORT_DIALOG_RUNNING);
  gtk_button_set_label (self->cancel_button, state == FL_IMPORT_DIALOG_STOPPING ? _("Stopping…")
                                                                                : _("_Cancel Import"));
}

static void
update_progress (FlImportDialog *self)
{
  g_autofree char *rate = NULL;
  gint64 now = g_get_monotonic_time ();

  g_free (self->progress_text);
  if (self->total == 0)
    self->progress_text = g_strdup (_("Reading the manifest…"));
  else
    /* Translators: the progress bar of an import, e.g. "120 of 457 photos" */
    self->progress_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$u of %2$u photo",
                                                        "%1$u of %2$u photos", self->total),
                                           self->done, self->total);
  gtk_progress_bar_set_fraction (self->progress_bar, self->total ? (double) self->done / self->total : 0.0);
  gtk_progress_bar_set_text (self->progress_bar, self->progress_text);

  /* The rate over this run, once there is enough to say something true. */
  if (self->rate_base_time == 0)
    {
      self->rate_base_time = now;
      self->rate_base_done = self->done;
    }
  else if (self->done > self->rate_base_done && now - self->rate_base_time > G_USEC_PER_SEC)
    {
      double per_second = (self->done - self->rate_base_done) / ((now - self->rate_base_time) / (double) G_USEC_PER_SEC);
      g_autofree char *left = format_duration ((self->total - self->done) / per_second);

      /* Translators: e.g. "12.5 photos a second · about 3 minutes left" */
      rate = g_strdup_printf (_("%.1f photos a second · about %s left"), per_second, left);
    }
  gtk_label_set_text (self->rate_label, rate ? rate : "");
}

static void
update_gallery_row (FlImportDialog *self)
{
  g_autoptr(FlGallery) gallery = fl_gallery_get (fl_session_get_db (self->session), self->gallery_id, NULL);
  g_autofree char *subtitle = NULL;

  if (gallery == NULL)
    return;
  g_free (self->gallery_name);
  self->gallery_name = g_strdup (gallery->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->gallery_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->gallery_row), gallery->name);
  /* Translators: a gallery's provenance and lawful basis, one per line */
  subtitle = g_strdup_printf (_("Provenance: %1$s\nLawful basis: %2$s"), gallery->provenance, gallery->lawful_basis);
  adw_action_row_set_subtitle (self->gallery_row, subtitle);
}

/* ---- the report ------------------------------------------------------- */

static void
fill_counts (FlImportDialog       *self,
             const FlImportReport *report)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->counts_grid))) != NULL)
    gtk_grid_remove (self->counts_grid, child);

  for (guint s = 0; s < FL_IMPORT_N_STATUS; s++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *name = gtk_label_new (fl_import_dialog_status_label ((FlImportStatus) s));
      g_autofree char *number = g_strdup_printf ("%u", report->counts[s]);
      GtkWidget *count = gtk_label_new (number);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_widget_add_css_class (count, "numeric");
      if (report->counts[s] == 0)
        {
          gtk_widget_add_css_class (name, "dim-label");
          gtk_widget_add_css_class (count, "dim-label");
        }
      else
        {
          gtk_widget_add_css_class (count, "heading");
          if (s != FL_IMPORT_ENROLLED)
            fl_format_set_tone (count, s == FL_IMPORT_DUPLICATE ? NULL : "warning");
          else
            fl_format_set_tone (count, "success");
        }
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), count);
      /* Two columns: the first four statuses left, the others right. */
      gtk_grid_attach (self->counts_grid, box, s / 4, s % 4, 1, 1);
      self->count_labels[s] = GTK_LABEL (count);
    }
}

static void
setup_problem_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *file = gtk_label_new (NULL);
  GtkWidget *message = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (file), 0);
  gtk_label_set_ellipsize (GTK_LABEL (file), PANGO_ELLIPSIZE_START);
  gtk_widget_add_css_class (file, "caption");
  gtk_widget_add_css_class (file, "monospace");
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (message), TRUE);
  gtk_widget_add_css_class (message, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), file);
  gtk_box_append (GTK_BOX (box), message);
  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_problem_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 FlImportDialog           *self)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *file = gtk_widget_get_next_sibling (title);
  GtkWidget *message = gtk_widget_get_next_sibling (file);
  guint64 index = g_ascii_strtoull (gtk_string_object_get_string (item), NULL, 10);
  const FlImportProblem *p;
  g_autofree char *title_text = NULL;

  if (self->report == NULL || index >= self->report->problems->len)
    return;
  p = g_ptr_array_index (self->report->problems, index);
  /* Translators: a problem line of an import report: the manifest line and what became of it */
  title_text = g_strdup_printf (_("Line %1$u · %2$s"), p->line, fl_import_dialog_status_label (p->status));
  gtk_label_set_text (GTK_LABEL (title), title_text);
  gtk_label_set_text (GTK_LABEL (file), p->file && *p->file ? p->file : _("no image named"));
  gtk_widget_set_tooltip_text (file, p->file);
  gtk_label_set_text (GTK_LABEL (message), p->message ? p->message : "");
  fl_format_set_tone (title, p->status == FL_IMPORT_DUPLICATE ? NULL : "warning");
}

static void
show_report (FlImportDialog *self,
             FlImportReport *report)
{
  g_autofree char *name = g_path_get_basename (self->manifest);
  g_autofree char *took = format_duration (report->seconds);
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *problems_title = NULL;
  guint n_problems = report->problems->len;
  char **rows;

  g_clear_pointer (&self->report, fl_import_report_free);
  self->report = report;

  gtk_label_set_text (self->report_title, n_problems == 0 ? _("Import Finished") :
                                                            _("Import Finished, Some Lines Not Enrolled"));
  /* Translators: %1$u lines, %2$s the manifest's file name, %3$s the gallery, %4$s how long it took */
  g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE,
                                                "All %1$u line of %2$s is recorded in the gallery “%3$s”. This run "
                                                "took %4$s.",
                                                "All %1$u lines of %2$s are recorded in the gallery “%3$s”. This run "
                                                "took %4$s.", report->total),
                          report->total, name, report->gallery_name, took);
  if (report->resumed_from > 0)
    {
      g_string_append_c (summary, ' ');
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE,
                                                    "%u line had been recorded by an earlier run and was kept.",
                                                    "%u lines had been recorded by an earlier run and were kept.",
                                                    report->resumed_from), report->resumed_from);
    }
  gtk_label_set_text (self->report_summary, summary->str);
  fill_counts (self, report);

  if (n_problems == 0)
    problems_title = g_strdup (_("No problems: every photo was enrolled."));
  else
    problems_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Line Not Enrolled",
                                                   "%u Lines Not Enrolled", n_problems), n_problems);
  gtk_label_set_text (self->problems_title, problems_title);

  /* The list holds indices into the report's problems: a big import may list thousands. */
  rows = g_new0 (char *, n_problems + 1);
  for (guint i = 0; i < n_problems; i++)
    rows[i] = g_strdup_printf ("%u", i);
  gtk_string_list_splice (self->problem_rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->problem_rows)),
                          (const char * const *) rows);
  g_strfreev (rows);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->problems_view)), n_problems > 0);

  fl_message_banner_set (self->report_banner, FL_MESSAGE_NONE, NULL);
  gtk_stack_set_visible_child_name (self->stack, "report");
  adw_window_title_set_subtitle (self->window_title, report->gallery_name);
  set_state (self, FL_IMPORT_DIALOG_DONE);
}

/* ---- running ---------------------------------------------------------- */

/* One run of the importer; outlives the dialog when the dialog goes first. */
typedef struct
{
  FlImportDialog *dialog;   /* weak */
} ImportRun;

static void
import_run_free (ImportRun *run)
{
  if (run->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (run->dialog), (gpointer *) &run->dialog);
  g_free (run);
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  ImportRun *run = user_data;
  FlImportDialog *self = run->dialog;

  if (self == NULL || self->disposed ||
      (self->state != FL_IMPORT_DIALOG_RUNNING && self->state != FL_IMPORT_DIALOG_STOPPING))
    return;
  self->done = done;
  self->total = total;
  update_progress (self);
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, done, total);
}

static void
show_stopped (FlImportDialog *self)
{
  g_free (self->message);
  if (self->total > 0)
    /* Translators: after Cancel, %1$u lines recorded of %2$u */
    self->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%1$u of %2$u line was recorded before the import stopped, and "
                                                  "they are kept. To finish, import the same manifest again: the "
                                                  "lines already recorded are skipped.",
                                                  "%1$u of %2$u lines were recorded before the import stopped, and "
                                                  "they are kept. To finish, import the same manifest again: the "
                                                  "lines already recorded are skipped.", self->total),
                                     self->done, self->total);
  else
    self->message = g_strdup (_("The import stopped before any line was recorded. Import the manifest again to "
                                "start over."));
  adw_status_page_set_icon_name (self->stopped_page, "media-playback-pause-symbolic");
  adw_status_page_set_title (self->stopped_page, _("Import Stopped"));
  adw_status_page_set_description (self->stopped_page, self->message);
  gtk_button_set_label (self->again_button, _("_Resume Import"));
  gtk_stack_set_visible_child_name (self->stack, "stopped");
  set_state (self, FL_IMPORT_DIALOG_CANCELLED);
}

static void
show_failed (FlImportDialog *self,
             const char     *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  fl_message_banner_set (self->setup_banner, FL_MESSAGE_ERROR, message);
  gtk_stack_set_visible_child_name (self->stack, "setup");
  set_state (self, FL_IMPORT_DIALOG_FAILED);
}

static gboolean
release_cb (gpointer user_data)
{
  import_run_free (user_data);
  return G_SOURCE_REMOVE;
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ImportRun *run = user_data;
  FlImportDialog *self = run->dialog;
  g_autoptr(GError) error = NULL;
  FlImportReport *report = fl_gallery_import_finish (result, &error);
  FlImportDialogState state;

  /* Progress calls queued before the result run first, at the default priority. */
  g_idle_add_full (G_PRIORITY_LOW, release_cb, run, NULL);
  if (self == NULL || self->disposed)
    {
      g_clear_pointer (&report, fl_import_report_free);
      return;
    }
  g_clear_object (&self->cancellable);
  if (report != NULL)
    show_report (self, report);
  else if (g_error_matches (error, FL_ERROR, FL_ERROR_CANCELLED))
    show_stopped (self);
  else
    show_failed (self, error->message);
  state = self->state;
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, (int) state);
  if (self->close_when_stopped)
    gtk_window_destroy (GTK_WINDOW (self));
}

/* ---- file choosers ---------------------------------------------------- */

static void
choose_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    FlImportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        fl_import_dialog_set_manifest (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  FlImportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL)
        fl_import_dialog_save_report (self, path, &error);
      if (error != NULL)
        fl_message_banner_set (self->report_banner, FL_MESSAGE_ERROR, error->message);
    }
  g_clear_object (&self->chooser);
}

/* ---- callbacks -------------------------------------------------------- */

static void
choose_clicked_cb (FlImportDialog *self)
{
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the CSV Manifest"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (csv, _("CSV manifests"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.CSV");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  if (self->manifest != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->manifest);
      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), file, NULL);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (choose_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
start_clicked_cb (FlImportDialog *self)
{
  fl_import_dialog_start (self);
}

static void
cancel_clicked_cb (FlImportDialog *self)
{
  fl_import_dialog_cancel (self);
}

static void
again_clicked_cb (FlImportDialog *self)
{
  fl_import_dialog_start (self);
}

static void
copy_clicked_cb (FlImportDialog *self)
{
  g_autofree char *text = fl_import_dialog_get_report_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  fl_message_banner_set (self->report_banner, FL_MESSAGE_SUCCESS, _("The report is on the clipboard."));
}

static void
save_clicked_cb (FlImportDialog *self)
{
  g_autoptr(GtkFileFilter) text = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *gallery = g_strdup (self->gallery_name ? self->gallery_name : "gallery");
  g_autofree char *name = NULL;

  g_strdelimit (gallery, "/\\:*?\"<>| ", '-');
  /* Translators: the file name suggested for a saved import report: %1$s the gallery, %2$s the date */
  name = g_strdup_printf (_("import-report-%1$s-%2$s.txt"), gallery, stamp);
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Import Report"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (text, _("Text files"));
  gtk_file_filter_add_pattern (text, "*.txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), text);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Closing during an import stops it first: the window closes once the importer has stopped. */
static gboolean
close_request_cb (FlImportDialog *self)
{
  if (self->state == FL_IMPORT_DIALOG_RUNNING || self->state == FL_IMPORT_DIALOG_STOPPING)
    {
      self->close_when_stopped = TRUE;
      fl_import_dialog_cancel (self);
      return TRUE;
    }
  return FALSE;
}

/* ---- GObject ---------------------------------------------------------- */

static void
fl_import_dialog_dispose (GObject *object)
{
  FlImportDialog *self = FL_IMPORT_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->problems_view != NULL)
    gtk_list_view_set_model (self->problems_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->problem_rows);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fl_import_dialog_parent_class)->dispose (object);
}

static void
fl_import_dialog_finalize (GObject *object)
{
  FlImportDialog *self = FL_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->gallery_name);
  g_free (self->manifest);
  g_free (self->progress_text);
  g_free (self->message);
  g_clear_pointer (&self->report, fl_import_report_free);

  G_OBJECT_CLASS (fl_import_dialog_parent_class)->finalize (object);
}

static void
fl_import_dialog_class_init (FlImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_import_dialog_dispose;
  object_class->finalize = fl_import_dialog_finalize;

  /**
   * FlImportDialog::progress:
   * @done: manifest lines recorded (by this run and earlier ones)
   * @total: data lines in the manifest
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /**
   * FlImportDialog::finished:
   * @state: how the run ended (an FlImportDialogState)
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  g_type_ensure (FL_TYPE_MESSAGE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, start_button);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, setup_banner);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, gallery_row);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, manifest_row);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, progress_title);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, rate_label);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, stopped_page);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, again_button);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, report_title);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, report_summary);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, counts_grid);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, problems_title);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, problems_view);
  gtk_widget_class_bind_template_child (widget_class, FlImportDialog, report_banner);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, again_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fl_import_dialog_init (FlImportDialog *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->problem_rows = gtk_string_list_new (NULL);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_problem_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_problem_cb), self);
  gtk_list_view_set_factory (self->problems_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->problems_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->problem_rows)))));
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_import_dialog_new (GtkWindow *parent,
                      FlSession *session,
                      gint64     gallery_id)
{
  FlImportDialog *self;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  self = g_object_new (FL_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->gallery_id = gallery_id;
  update_gallery_row (self);
  adw_window_title_set_subtitle (self->window_title, self->gallery_name);
  set_state (self, FL_IMPORT_DIALOG_SETUP);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->choose_button));
  return GTK_WIDGET (self);
}

void
fl_import_dialog_set_manifest (FlImportDialog *self,
                               const char     *path)
{
  g_return_if_fail (FL_IS_IMPORT_DIALOG (self));

  if (self->state == FL_IMPORT_DIALOG_RUNNING || self->state == FL_IMPORT_DIALOG_STOPPING)
    return;
  g_free (self->manifest);
  self->manifest = path ? g_canonicalize_filename (path, NULL) : NULL;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->manifest_row), FALSE);
  adw_action_row_set_subtitle (self->manifest_row, self->manifest ? self->manifest : _("No file chosen"));
  fl_message_banner_set (self->setup_banner, FL_MESSAGE_NONE, NULL);
  if (self->state != FL_IMPORT_DIALOG_SETUP)
    {
      gtk_stack_set_visible_child_name (self->stack, "setup");
      set_state (self, FL_IMPORT_DIALOG_SETUP);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button), self->manifest != NULL);
}

const char *
fl_import_dialog_get_manifest (FlImportDialog *self)
{
  g_return_val_if_fail (FL_IS_IMPORT_DIALOG (self), NULL);
  return self->manifest;
}

gboolean
fl_import_dialog_start (FlImportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlMatcher) matcher = NULL;
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *title = NULL;
  g_autofree char *from = NULL;
  FlImportOptions options = { 0 };
  ImportRun *run;

  g_return_val_if_fail (FL_IS_IMPORT_DIALOG (self), FALSE);

  if (self->state == FL_IMPORT_DIALOG_RUNNING || self->state == FL_IMPORT_DIALOG_STOPPING)
    return FALSE;
  if (self->manifest == NULL)
    {
      show_failed (self, _("Choose the CSV manifest that lists the photos first."));
      return FALSE;
    }
  matcher = fl_search_get_matcher (&error);
  if (matcher == NULL)
    {
      show_failed (self, error->message);
      return FALSE;
    }

  fl_message_banner_set (self->setup_banner, FL_MESSAGE_NONE, NULL);
  name = g_path_get_basename (self->manifest);
  folder = g_path_get_dirname (self->manifest);
  /* Translators: %s is the gallery's name */
  title = g_strdup_printf (_("Importing into “%s”"), self->gallery_name ? self->gallery_name : "");
  gtk_label_set_text (self->progress_title, title);
  /* Translators: %1$s is the manifest's file name, %2$s its folder */
  from = g_strdup_printf (_("Finding the face in each photo listed in %1$s (folder %2$s)"), name, folder);
  gtk_label_set_text (self->file_label, from);
  self->done = 0;
  self->total = 0;
  self->rate_base_time = 0;
  update_progress (self);
  gtk_label_set_text (self->rate_label, "");
  gtk_stack_set_visible_child_name (self->stack, "progress");
  set_state (self, FL_IMPORT_DIALOG_RUNNING);

  run = g_new0 (ImportRun, 1);
  run->dialog = self;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &run->dialog);
  self->cancellable = g_cancellable_new ();
  options.gallery_id = self->gallery_id;
  options.manifest_path = self->manifest;
  options.progress = progress_cb;
  options.progress_data = run;
  fl_gallery_import_async (self->session, matcher, &options, self->cancellable, import_done_cb, run);
  return TRUE;
}

void
fl_import_dialog_cancel (FlImportDialog *self)
{
  g_return_if_fail (FL_IS_IMPORT_DIALOG (self));

  if (self->state != FL_IMPORT_DIALOG_RUNNING)
    return;
  set_state (self, FL_IMPORT_DIALOG_STOPPING);
  gtk_label_set_text (self->progress_title, _("Stopping the import…"));
  gtk_label_set_text (self->rate_label, _("The photos being read are finished and recorded first."));
  g_cancellable_cancel (self->cancellable);
}

FlImportDialogState
fl_import_dialog_get_state (FlImportDialog *self)
{
  g_return_val_if_fail (FL_IS_IMPORT_DIALOG (self), FL_IMPORT_DIALOG_SETUP);
  return self->state;
}

const char *
fl_import_dialog_get_progress_text (FlImportDialog *self)
{
  g_return_val_if_fail (FL_IS_IMPORT_DIALOG (self), NULL);
  return self->progress_text;
}

const char *
fl_import_dialog_get_message (FlImportDialog *self)
{
  g_return_val_if_fail (FL_IS_IMPORT_DIALOG (self), NULL);
  return self->state == FL_IMPORT_DIALOG_CANCELLED || self->state == FL_IMPORT_DIALOG_FAILED ? self->message : NULL;
}

const FlImportReport *
fl_import_dialog_get_report (FlImportDialog *self)
{
  g_return_val_if_fail (FL_IS_IMPORT_DIALOG (self), NULL);
  return self->report;
}

const char *
fl_import_dialog_get_count_text (FlImportDialog *self,
                                 FlImportStatus  status)
{
  g_return_val_if_fail (FL_IS_IMPORT_DIALOG (self), NULL);
  g_return_val_if_fail ((guint) status < FL_IMPORT_N_STATUS, NULL);

  return self->count_labels[status] ? gtk_label_get_text (self->count_labels[status]) : NULL;
}

guint
fl_import_dialog_get_n_problem_rows (FlImportDialog *self)
{
  g_return_val_if_fail (FL_IS_IMPORT_DIALOG (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->problem_rows));
}

char *
fl_import_dialog_get_report_text (FlImportDialog *self)
{
  const FlImportReport *r;
  GString *text;

  g_return_val_if_fail (FL_IS_IMPORT_DIALOG (self), NULL);

  r = self->report;
  if (r == NULL)
    return g_strdup ("");
  text = g_string_new (NULL);
  g_string_append_printf (text, "%s\n\n", _("FaceLeads gallery import report"));
  g_string_append_printf (text, _("Gallery: %s\n"), r->gallery_name);
  g_string_append_printf (text, _("Manifest: %s\n"), self->manifest);
  g_string_append_printf (text, _("Manifest SHA-256: %s\n"), r->manifest_hash);
  g_string_append_printf (text, _("Lines in the manifest: %u\n"), r->total);
  g_string_append_printf (text, _("Lines done by this run: %u in %.1f s\n"), r->done_this_run, r->seconds);
  g_string_append_printf (text, _("Lines recorded by earlier runs: %u\n\n"), r->resumed_from);
  for (guint s = 0; s < FL_IMPORT_N_STATUS; s++)
    g_string_append_printf (text, "%-28s %6u\n", fl_import_dialog_status_label ((FlImportStatus) s), r->counts[s]);
  g_string_append_printf (text, "\n%s (%u)\n", _("Lines not enrolled"), r->problems->len);
  for (guint i = 0; i < r->problems->len; i++)
    {
      const FlImportProblem *p = g_ptr_array_index (r->problems, i);
      /* Translators: one problem line of a saved import report: line, file, status, message */
      g_string_append_printf (text, _("Line %1$u\t%2$s\t%3$s\t%4$s\n"), p->line, p->file ? p->file : "",
                              fl_import_dialog_status_label (p->status), p->message ? p->message : "");
    }
  return g_string_free (text, FALSE);
}

gboolean
fl_import_dialog_save_report (FlImportDialog  *self,
                              const char      *path,
                              GError         **error)
{
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (FL_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  text = fl_import_dialog_get_report_text (self);
  if (!g_file_set_contents (path, text, -1, error))
    return FALSE;
  message = g_strdup_printf (_("The report was saved as %s."), path);
  fl_message_banner_set (self->report_banner, FL_MESSAGE_SUCCESS, message);
  return TRUE;
}
