/* fl-preferences-window.c: the unit's settings, for administrators
 *
 * Every editor is named after the setting it edits (its widget name is the
 * key), so one code path loads and saves them all through fl_settings_get()
 * and fl_settings_set(); the core validates and audits each change, and a
 * refusal is shown under the group of the editor that caused it. Text and
 * number rows save on their apply button (or Enter); choices save at once.
 */
#include <glib/gi18n.h>

#include "fl-list-editor.h"
#include "fl-preferences-window.h"
#include "fl-settings.h"
#include "fl-store.h"

struct _FlPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  FlSession           *session;
  GHashTable          *editors;   /* key → widget, not owned */
  GHashTable          *errors;    /* key → message */
  gboolean             loading;
  GtkFileChooserNative *logo_chooser;

  AdwActionRow        *logo_row;
  GtkImage            *logo_image;
  GtkButton           *logo_remove_button;
  GtkTextView         *notice_view;
  FlListEditor        *purposes_editor;
  FlListEditor        *incident_types_editor;
};

G_DEFINE_FINAL_TYPE (FlPreferencesWindow, fl_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Order of the paper size choices in the .ui */
static const char * const paper_sizes[] = { "letter", "a4" };

static const char *
editor_key (GtkWidget *widget)
{
  const char * const *keys = fl_settings_known_keys ();
  const char *name = gtk_widget_get_name (widget);

  for (guint i = 0; keys[i] != NULL; i++)
    if (g_strcmp0 (keys[i], name) == 0)
      return keys[i];
  return NULL;
}

static void
collect_editors (FlPreferencesWindow *self,
                 GtkWidget           *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *key = editor_key (child);

      if (key != NULL)
        g_hash_table_insert (self->editors, (gpointer) key, child);
      collect_editors (self, child);
    }
}

/* The group's error label is the GtkLabel with the "error" style class
 * among the group's own children (see the .ui). */
static GtkLabel *
find_error_label (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "error"))
        return GTK_LABEL (child);
      if (ADW_IS_PREFERENCES_ROW (child) || GTK_IS_LIST_BOX (child))
        continue;
      if ((found = find_error_label (child)) != NULL)
        return found;
    }
  return NULL;
}

static void
show_error (FlPreferencesWindow *self,
            const char          *key,
            const char          *message)
{
  GtkWidget *editor = g_hash_table_lookup (self->editors, key);
  GtkWidget *group = gtk_widget_get_ancestor (editor, ADW_TYPE_PREFERENCES_GROUP);
  GtkLabel *label = group ? find_error_label (group) : NULL;

  if (message != NULL)
    {
      g_hash_table_insert (self->errors, (gpointer) key, g_strdup (message));
      gtk_widget_add_css_class (editor, "error");
    }
  else
    {
      g_hash_table_remove (self->errors, key);
      gtk_widget_remove_css_class (editor, "error");
    }

  if (label != NULL)
    {
      gtk_label_set_text (label, message ? message : "");
      gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
    }
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  /* Turning the apply button off around a programmatic change keeps it
   * from appearing as if the person had typed something. */
  adw_entry_row_set_show_apply_button (row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  adw_entry_row_set_show_apply_button (row, TRUE);
}

static void
load_logo (FlPreferencesWindow *self,
           const char          *hash)
{
  FlDb *db = fl_session_get_db (self->session);
  g_autofree char *path = NULL;

  if (*hash != '\0')
    path = fl_store_get_path (db, hash, NULL);

  if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      gtk_image_set_from_file (self->logo_image, path);
      adw_action_row_set_subtitle (self->logo_row, _("Printed at the top of every report."));
    }
  else
    {
      gtk_image_set_from_icon_name (self->logo_image, "image-x-generic-symbolic");
      adw_action_row_set_subtitle (self->logo_row, *hash != '\0'
                                   ? _("The logo file is missing from the image store. Choose it again.")
                                   : _("No logo: reports show the agency and unit names only."));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->logo_remove_button), *hash != '\0');
}

static void
load_value (FlPreferencesWindow *self,
            const char          *key)
{
  GtkWidget *editor = g_hash_table_lookup (self->editors, key);
  g_autofree char *value = fl_settings_get (fl_session_get_db (self->session), key);

  self->loading = TRUE;
  if (ADW_IS_ENTRY_ROW (editor))
    set_entry_text (ADW_ENTRY_ROW (editor), value);
  else if (ADW_IS_COMBO_ROW (editor))
    adw_combo_row_set_selected (ADW_COMBO_ROW (editor), g_strcmp0 (value, paper_sizes[1]) == 0 ? 1 : 0);
  else if (GTK_IS_SWITCH (editor))
    gtk_switch_set_active (GTK_SWITCH (editor), g_strcmp0 (value, "true") == 0);
  else if (GTK_IS_TEXT_VIEW (editor))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor)), value, -1);
  else if (editor == GTK_WIDGET (self->logo_row))
    load_logo (self, value);
  self->loading = FALSE;
}

static gboolean
save (FlPreferencesWindow *self,
      const char          *key,
      const char          *value)
{
  g_autoptr(GError) error = NULL;

  if (!fl_settings_set (self->session, key, value, &error))
    {
      show_error (self, key, error->message);
      return FALSE;
    }
  show_error (self, key, NULL);
  load_value (self, key);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Saved")));
  return TRUE;
}

static void
entry_apply_cb (AdwEntryRow         *row,
                FlPreferencesWindow *self)
{
  const char *key = editor_key (GTK_WIDGET (row));
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (key != NULL)
    save (self, key, value);
}

static void
entry_changed_cb (AdwEntryRow         *row,
                  FlPreferencesWindow *self)
{
  /* A new edit replaces the refused one; the message stays until then. */
  if (!self->loading)
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
paper_selected_cb (FlPreferencesWindow *self)
{
  GtkWidget *editor = g_hash_table_lookup (self->editors, FL_SETTING_PAPER_SIZE);
  guint selected;

  if (self->loading || editor == NULL)
    return;
  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (editor));
  if (selected < G_N_ELEMENTS (paper_sizes) && !save (self, FL_SETTING_PAPER_SIZE, paper_sizes[selected]))
    load_value (self, FL_SETTING_PAPER_SIZE);
}

static void
blind_mode_active_cb (FlPreferencesWindow *self)
{
  GtkWidget *editor = g_hash_table_lookup (self->editors, FL_SETTING_BLIND_MODE_DEFAULT);

  if (self->loading || editor == NULL)
    return;
  if (!save (self, FL_SETTING_BLIND_MODE_DEFAULT, gtk_switch_get_active (GTK_SWITCH (editor)) ? "true" : "false"))
    load_value (self, FL_SETTING_BLIND_MODE_DEFAULT);
}

static void
notice_save_cb (FlPreferencesWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notice_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  save (self, FL_SETTING_SYSTEM_USE_NOTICE, text);
}

static void
logo_chosen_cb (GtkNativeDialog     *dialog,
                int                  response,
                FlPreferencesWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *ext = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = file ? g_file_get_path (file) : NULL;
  if (path == NULL)
    {
      show_error (self, FL_SETTING_LOGO_HASH, _("Choose a logo file stored on this computer."));
      goto out;
    }
  hash = fl_store_put_file (fl_session_get_db (self->session), path, &ext, &error);
  if (hash == NULL)
    show_error (self, FL_SETTING_LOGO_HASH, error->message);
  else if (g_strcmp0 (ext, "png") != 0 && g_strcmp0 (ext, "jpg") != 0)
    show_error (self, FL_SETTING_LOGO_HASH, _("The logo must be a PNG or JPEG image."));
  else
    save (self, FL_SETTING_LOGO_HASH, hash);

out:
  g_clear_object (&self->logo_chooser);
}

static void
logo_choose_cb (FlPreferencesWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->logo_chooser != NULL)
    return;

  gtk_file_filter_set_name (filter, _("PNG and JPEG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");

  self->logo_chooser = gtk_file_chooser_native_new (_("Choose the Report Logo"), GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->logo_chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->logo_chooser), TRUE);
  g_signal_connect_object (self->logo_chooser, "response", G_CALLBACK (logo_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->logo_chooser));
}

static void
logo_remove_cb (FlPreferencesWindow *self)
{
  save (self, FL_SETTING_LOGO_HASH, "");
}

static void
connect_editors (FlPreferencesWindow *self)
{
  GHashTableIter iter;
  gpointer key, editor;

  g_hash_table_iter_init (&iter, self->editors);
  while (g_hash_table_iter_next (&iter, &key, &editor))
    if (ADW_IS_ENTRY_ROW (editor))
      {
        g_signal_connect_object (editor, "apply", G_CALLBACK (entry_apply_cb), self, 0);
        g_signal_connect_object (editor, "changed", G_CALLBACK (entry_changed_cb), self, 0);
      }
}

static void
fl_preferences_window_constructed (GObject *object)
{
  FlPreferencesWindow *self = FL_PREFERENCES_WINDOW (object);
  const char * const *keys = fl_settings_known_keys ();

  G_OBJECT_CLASS (fl_preferences_window_parent_class)->constructed (object);

  collect_editors (self, GTK_WIDGET (self));
  connect_editors (self);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (!g_hash_table_contains (self->editors, keys[i]))
        {
          g_warning ("No editor for the unit setting “%s”", keys[i]);
          continue;
        }
      load_value (self, keys[i]);
    }
  fl_list_editor_set_session (self->purposes_editor, self->session);
  fl_list_editor_set_session (self->incident_types_editor, self->session);
}

static void
fl_preferences_window_dispose (GObject *object)
{
  FlPreferencesWindow *self = FL_PREFERENCES_WINDOW (object);

  if (self->logo_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->logo_chooser));
  g_clear_object (&self->logo_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fl_preferences_window_parent_class)->dispose (object);
}

static void
fl_preferences_window_finalize (GObject *object)
{
  FlPreferencesWindow *self = FL_PREFERENCES_WINDOW (object);

  g_clear_pointer (&self->editors, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);

  G_OBJECT_CLASS (fl_preferences_window_parent_class)->finalize (object);
}

static void
fl_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FlPreferencesWindow *self = FL_PREFERENCES_WINDOW (object);

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
fl_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  FlPreferencesWindow *self = FL_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_preferences_window_class_init (FlPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fl_preferences_window_constructed;
  object_class->dispose = fl_preferences_window_dispose;
  object_class->finalize = fl_preferences_window_finalize;
  object_class->get_property = fl_preferences_window_get_property;
  object_class->set_property = fl_preferences_window_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FL_TYPE_LIST_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/FaceLeads/ui/fl-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FlPreferencesWindow, logo_row);
  gtk_widget_class_bind_template_child (widget_class, FlPreferencesWindow, logo_image);
  gtk_widget_class_bind_template_child (widget_class, FlPreferencesWindow, logo_remove_button);
  gtk_widget_class_bind_template_child (widget_class, FlPreferencesWindow, notice_view);
  gtk_widget_class_bind_template_child (widget_class, FlPreferencesWindow, purposes_editor);
  gtk_widget_class_bind_template_child (widget_class, FlPreferencesWindow, incident_types_editor);
  gtk_widget_class_bind_template_callback (widget_class, paper_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, blind_mode_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, notice_save_cb);
  gtk_widget_class_bind_template_callback (widget_class, logo_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, logo_remove_cb);
}

static void
fl_preferences_window_init (FlPreferencesWindow *self)
{
  self->editors = g_hash_table_new (g_str_hash, g_str_equal);
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  /* Template signal handlers must not save while the template is being built. */
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;
}

GtkWidget *
fl_preferences_window_new (GtkWindow *parent,
                           FlSession *session)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return g_object_new (FL_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", FALSE,
                       "session", session,
                       NULL);
}

GtkWidget *
fl_preferences_window_get_editor (FlPreferencesWindow *self,
                                  const char          *key)
{
  g_return_val_if_fail (FL_IS_PREFERENCES_WINDOW (self), NULL);

  return g_hash_table_lookup (self->editors, key);
}

const char *
fl_preferences_window_get_error (FlPreferencesWindow *self,
                                 const char          *key)
{
  g_return_val_if_fail (FL_IS_PREFERENCES_WINDOW (self), NULL);

  return g_hash_table_lookup (self->errors, key);
}
