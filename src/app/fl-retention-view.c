/* fl-retention-view.c: previews, then purges, case records past the unit's retention time (R23)
 *
 * The preview comes first and changes nothing: the core lists every record
 * and image a purge on today's date would remove (fl_retention_preview), read
 * off the main loop over a second connection. Only then is "Purge N Items…"
 * offered, behind a confirmation; the purge is given the same date, so it
 * removes what the preview listed (less anything already gone), in one
 * transaction, and audits it. The years are a unit setting, edited in the
 * Preferences window.
 */
#include <glib/gi18n.h>

#include "fl-message-banner.h"
#include "fl-retention-view.h"
#include "fl-retention.h"
#include "fl-settings.h"

/* Cases listed one by one in the preview; the rest are counted. */
#define MAX_CASE_ROWS 200

struct _FlRetentionView
{
  AdwBin           parent_instance;

  FlSession       *session;
  GCancellable    *cancellable;    /* of the running preview */
  char            *as_of;          /* the date of the preview shown */
  char            *cutoff;
  guint            n_items;
  guint            n_cases;
  char            *message;

  AdwActionRow    *setting_row;
  GtkButton       *preferences_button;
  GtkSpinner      *spinner;
  GtkButton       *preview_button;
  FlMessageBanner *banner;
  GtkWidget       *preview_box;
  GtkLabel        *summary_label;
  GtkListBox      *case_list;
  GtkButton       *purge_button;
};

G_DEFINE_FINAL_TYPE (FlRetentionView, fl_retention_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The kinds of fl-retention.h, in the order a case's counts are written. */
static const char * const kinds[] = {
  "request", "request_image", "probe", "enhancement", "manual_landmark", "search", "candidate", "comparison",
  "conclusion", "peer_review", "report", "dissemination", "outcome",
};

static char *
kind_count (const char *kind,
            guint       n)
{
  const char *format;

  if (g_str_equal (kind, "request"))
    format = g_dngettext (GETTEXT_PACKAGE, "%u request", "%u requests", n);
  else if (g_str_equal (kind, "request_image"))
    format = g_dngettext (GETTEXT_PACKAGE, "%u request image", "%u request images", n);
  else if (g_str_equal (kind, "probe"))
    format = g_dngettext (GETTEXT_PACKAGE, "%u probe", "%u probes", n);
  else if (g_str_equal (kind, "enhancement"))
    format = g_dngettext (GETTEXT_PACKAGE, "%u enhancement", "%u enhancements", n);
  else if (g_str_equal (kind, "manual_landmark"))
    format = g_dngettext (GETTEXT_PACKAGE, "%u hand-placed landmark", "%u hand-placed landmarks", n);
  else if (g_str_equal (kind, "search"))
    format = g_dngettext (GETTEXT_PACKAGE, "%u search", "%u searches", n);
  else if (g_str_equal (kind, "candidate"))
    format = g_dngettext (GETTEXT_PACKAGE, "%u candidate", "%u candidates", n);
  else if (g_str_equal (kind, "comparison"))
    format = g_dngettext (GETTEXT_PACKAGE, "%u feature comparison", "%u feature comparisons", n);
  else if (g_str_equal (kind, "conclusion"))
    format = g_dngettext (GETTEXT_PACKAGE, "%u conclusion", "%u conclusions", n);
  else if (g_str_equal (kind, "peer_review"))
    format = g_dngettext (GETTEXT_PACKAGE, "%u peer review", "%u peer reviews", n);
  else if (g_str_equal (kind, "report"))
    format = g_dngettext (GETTEXT_PACKAGE, "%u report", "%u reports", n);
  else if (g_str_equal (kind, "dissemination"))
    format = g_dngettext (GETTEXT_PACKAGE, "%u release", "%u releases", n);
  else if (g_str_equal (kind, "outcome"))
    format = g_dngettext (GETTEXT_PACKAGE, "%u outcome", "%u outcomes", n);
  else
    return g_strdup_printf ("%u %s", n, kind);
  return g_strdup_printf (format, n);
}

/* ---- preview ------------------------------------------------------------ */

typedef struct
{
  char      *data_dir;
  char      *as_of;
  char      *cutoff;
  GPtrArray *items;   /* of FlRetentionItem */
} Preview;

static void
preview_free (Preview *preview)
{
  g_free (preview->data_dir);
  g_free (preview->as_of);
  g_free (preview->cutoff);
  g_clear_pointer (&preview->items, g_ptr_array_unref);
  g_free (preview);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Preview *preview = task_data;
  GError *error = NULL;
  /* Its own connection: the window keeps using the session's meanwhile. */
  g_autoptr(FlDb) db = fl_db_open (preview->data_dir, &error);

  if (db == NULL ||
      (preview->cutoff = fl_retention_cutoff (db, preview->as_of, &error)) == NULL ||
      !fl_retention_preview (db, preview->as_of, &preview->items, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
clear_preview (FlRetentionView *self)
{
  GtkWidget *child;

  /* rows only: the placeholder stays */
  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->case_list, 0))) != NULL)
    gtk_list_box_remove (self->case_list, child);
  gtk_widget_set_visible (self->preview_box, FALSE);
  g_clear_pointer (&self->as_of, g_free);
  g_clear_pointer (&self->cutoff, g_free);
  self->n_items = 0;
  self->n_cases = 0;
}

static void
set_message (FlRetentionView *self,
             FlMessageKind    kind,
             const char      *text)
{
  g_free (self->message);
  self->message = g_strdup (text);
  fl_message_banner_set (self->banner, kind, text);
}

static void
set_busy (FlRetentionView *self,
          gboolean         busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->preview_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->purge_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static GtkWidget *
case_row (const char *label,
          GHashTable *counts)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *title = g_markup_escape_text (label ? label : "—", -1);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, kinds[i]));
      g_autofree char *part = NULL;

      if (n == 0)
        continue;
      part = kind_count (kinds[i], n);
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, part);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text->len > 0 ? text->str : _("The case record only"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("folder-symbolic"));
  return row;
}

static void
show_preview (FlRetentionView *self,
              Preview         *preview)
{
  /* case id → (kind → count); cases in the order listed */
  g_autoptr(GHashTable) per_case = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) cases = g_ptr_array_new ();
  g_autofree char *summary = NULL;
  g_autofree char *button = NULL;
  guint n_images = 0;

  clear_preview (self);
  self->as_of = g_strdup (preview->as_of);
  self->cutoff = g_strdup (preview->cutoff);
  self->n_items = preview->items->len;

  for (guint i = 0; i < preview->items->len; i++)
    {
      const FlRetentionItem *item = g_ptr_array_index (preview->items, i);
      GHashTable *counts;

      if (g_str_equal (item->kind, "image"))
        {
          n_images++;
          continue;
        }
      if (g_str_equal (item->kind, "case"))
        {
          gint64 *key = g_new (gint64, 1);

          *key = item->case_id;
          g_hash_table_insert (per_case, key, g_hash_table_new (g_str_hash, g_str_equal));
          g_ptr_array_add (cases, (gpointer) item);
          continue;
        }
      counts = g_hash_table_lookup (per_case, &item->case_id);
      if (counts != NULL)
        g_hash_table_insert (counts, (gpointer) item->kind,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, item->kind)) + 1));
    }
  self->n_cases = cases->len;

  if (self->n_items == 0)
    {
      g_autofree char *text = g_strdup_printf (_("Nothing to purge: no case was closed before %s."), self->cutoff);
      set_message (self, FL_MESSAGE_SUCCESS, text);
      return;
    }

  for (guint i = 0; i < cases->len && i < MAX_CASE_ROWS; i++)
    {
      const FlRetentionItem *item = g_ptr_array_index (cases, i);
      gtk_list_box_append (self->case_list,
                           case_row (item->label, g_hash_table_lookup (per_case, &item->case_id)));
    }
  if (cases->len > MAX_CASE_ROWS)
    {
      GtkWidget *more = adw_action_row_new ();
      g_autofree char *text = g_strdup_printf (_("and %u more cases"), cases->len - MAX_CASE_ROWS);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (more), text);
      gtk_list_box_append (self->case_list, more);
    }

  /* Translators: %1$u cases, %2$s a date (YYYY-MM-DD), %3$u images, %4$u records and images in all */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%1$u case closed before %2$s would be purged today with everything "
                                          "recorded in it and the %3$u images only it uses: %4$u items in all.",
                                          "%1$u cases closed before %2$s would be purged today with everything "
                                          "recorded in them and the %3$u images only they use: %4$u items in all.",
                                          self->n_cases),
                             self->n_cases, self->cutoff, n_images, self->n_items);
  gtk_label_set_text (self->summary_label, summary);
  button = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Pur_ge %u Item…", "Pur_ge %u Items…", self->n_items),
                            self->n_items);
  gtk_button_set_label (self->purge_button, button);
  gtk_widget_set_visible (self->preview_box, TRUE);
  set_message (self, FL_MESSAGE_NONE, NULL);
}

static void
preview_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FlRetentionView *self = FL_RETENTION_VIEW (source);
  Preview *preview = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable ||
      g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (!ok)
    set_message (self, FL_MESSAGE_ERROR, error->message);
  else
    show_preview (self, preview);
}

void
fl_retention_view_preview (FlRetentionView *self)
{
  g_autoptr(GTask) task = NULL;
  Preview *preview;

  g_return_if_fail (FL_IS_RETENTION_VIEW (self));

  if (self->session == NULL || self->cancellable != NULL)
    return;
  preview = g_new0 (Preview, 1);
  preview->data_dir = g_strdup (fl_db_get_data_dir (fl_session_get_db (self->session)));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    preview->as_of = g_date_time_format (now, "%Y-%m-%d");
  }
  clear_preview (self);
  set_message (self, FL_MESSAGE_INFO, _("Listing what a purge today would remove…"));
  set_busy (self, TRUE);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, preview_done_cb, NULL);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, fl_retention_view_preview);
  g_task_set_task_data (task, preview, (GDestroyNotify) preview_free);
  g_task_run_in_thread (task, preview_thread);
}

static void
preview_clicked_cb (FlRetentionView *self)
{
  fl_retention_view_preview (self);
}

/* ---- purge -------------------------------------------------------------- */

static void
purge (FlRetentionView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *cutoff = g_strdup (self->cutoff);
  guint n = 0;

  if (!fl_retention_purge (self->session, self->as_of, &n, &error))
    {
      set_message (self, FL_MESSAGE_ERROR, error->message);
      return;
    }
  clear_preview (self);
  /* Translators: %1$u items, %2$s a date */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Purged %1$u item of cases closed before %2$s. The purge is recorded in the "
                                       "audit trail.",
                                       "Purged %1$u items of cases closed before %2$s. The purge is recorded in the "
                                       "audit trail.", n),
                          n, cutoff);
  set_message (self, FL_MESSAGE_SUCCESS, text);
}

static void
purge_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   FlRetentionView  *self)
{
  if (g_str_equal (response, "purge") && self->as_of != NULL)
    purge (self);
}

gboolean
fl_retention_view_request_purge (FlRetentionView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  g_return_val_if_fail (FL_IS_RETENTION_VIEW (self), FALSE);

  if (self->as_of == NULL || self->n_items == 0)
    return FALSE;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog),
                                     g_dngettext (GETTEXT_PACKAGE, "Purge %u item for good?",
                                                  "Purge %u items for good?", self->n_items),
                                     self->n_items);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "The records of %u case closed before %s, and the images only it "
                                               "uses, are deleted. The audit trail keeps its rows. This cannot be "
                                               "undone; make a backup first if the unit keeps one of these records.",
                                               "The records of %u cases closed before %s, and the images only they "
                                               "use, are deleted. The audit trail keeps its rows. This cannot be "
                                               "undone; make a backup first if the unit keeps one of these records.",
                                               self->n_cases),
                                  self->n_cases, self->cutoff);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "purge", _("_Purge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "purge", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (purge_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
purge_clicked_cb (FlRetentionView *self)
{
  fl_retention_view_request_purge (self);
}

/* ---- object ------------------------------------------------------------- */

static void
show_setting (FlRetentionView *self)
{
  g_autofree char *subtitle = NULL;
  gint64 years;

  if (self->session == NULL)
    return;
  years = fl_settings_get_int (fl_session_get_db (self->session), FL_SETTING_RETENTION_YEARS);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year after the case is closed",
                                           "%d years after the case is closed", years),
                              (int) years);
  adw_action_row_set_subtitle (self->setting_row, subtitle);
}

/* Back from the Preferences window (where the years are edited): show them again. */
static void
root_active_cb (FlRetentionView *self,
                GParamSpec      *pspec,
                GtkWindow       *window)
{
  if (gtk_window_is_active (window))
    show_setting (self);
}

static void
fl_retention_view_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (fl_retention_view_parent_class)->root (widget);

  if (GTK_IS_WINDOW (gtk_widget_get_root (widget)))
    g_signal_connect_object (gtk_widget_get_root (widget), "notify::is-active", G_CALLBACK (root_active_cb),
                             widget, G_CONNECT_SWAPPED);
}

static void
fl_retention_view_unroot (GtkWidget *widget)
{
  g_signal_handlers_disconnect_by_func (gtk_widget_get_root (widget), root_active_cb, widget);

  GTK_WIDGET_CLASS (fl_retention_view_parent_class)->unroot (widget);
}

void
fl_retention_view_reload (FlRetentionView *self)
{
  g_return_if_fail (FL_IS_RETENTION_VIEW (self));

  if (self->session == NULL)
    return;
  show_setting (self);
  if (self->cancellable == NULL)
    {
      clear_preview (self);
      set_message (self, FL_MESSAGE_NONE, NULL);
    }
}

static void
fl_retention_view_dispose (GObject *object)
{
  FlRetentionView *self = FL_RETENTION_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_RETENTION_VIEW);
  g_clear_object (&self->session);
  g_clear_pointer (&self->as_of, g_free);
  g_clear_pointer (&self->cutoff, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (fl_retention_view_parent_class)->dispose (object);
}

static void
fl_retention_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FlRetentionView *self = FL_RETENTION_VIEW (object);

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
fl_retention_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FlRetentionView *self = FL_RETENTION_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      fl_retention_view_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_retention_view_class_init (FlRetentionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_retention_view_dispose;
  object_class->get_property = fl_retention_view_get_property;
  object_class->set_property = fl_retention_view_set_property;
  widget_class->root = fl_retention_view_root;
  widget_class->unroot = fl_retention_view_unroot;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FL_TYPE_MESSAGE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-retention-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FlRetentionView, setting_row);
  gtk_widget_class_bind_template_child (widget_class, FlRetentionView, preferences_button);
  gtk_widget_class_bind_template_child (widget_class, FlRetentionView, spinner);
  gtk_widget_class_bind_template_child (widget_class, FlRetentionView, preview_button);
  gtk_widget_class_bind_template_child (widget_class, FlRetentionView, banner);
  gtk_widget_class_bind_template_child (widget_class, FlRetentionView, preview_box);
  gtk_widget_class_bind_template_child (widget_class, FlRetentionView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FlRetentionView, case_list);
  gtk_widget_class_bind_template_child (widget_class, FlRetentionView, purge_button);
  gtk_widget_class_bind_template_callback (widget_class, preview_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, purge_clicked_cb);
}

static void
fl_retention_view_init (FlRetentionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_retention_view_new (FlSession *session)
{
  return g_object_new (FL_TYPE_RETENTION_VIEW, "session", session, NULL);
}

FlSession *
fl_retention_view_get_session (FlRetentionView *self)
{
  g_return_val_if_fail (FL_IS_RETENTION_VIEW (self), NULL);

  return self->session;
}

void
fl_retention_view_set_session (FlRetentionView *self,
                               FlSession       *session)
{
  g_return_if_fail (FL_IS_RETENTION_VIEW (self));
  g_return_if_fail (session == NULL || FL_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  fl_retention_view_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
fl_retention_view_is_busy (FlRetentionView *self)
{
  g_return_val_if_fail (FL_IS_RETENTION_VIEW (self), FALSE);

  return self->cancellable != NULL;
}

guint
fl_retention_view_get_n_items (FlRetentionView *self)
{
  g_return_val_if_fail (FL_IS_RETENTION_VIEW (self), 0);

  return self->n_items;
}

guint
fl_retention_view_get_n_cases (FlRetentionView *self)
{
  g_return_val_if_fail (FL_IS_RETENTION_VIEW (self), 0);

  return self->n_cases;
}

const char *
fl_retention_view_get_message (FlRetentionView *self)
{
  g_return_val_if_fail (FL_IS_RETENTION_VIEW (self), NULL);

  return self->message;
}
