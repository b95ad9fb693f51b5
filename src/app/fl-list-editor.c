/* fl-list-editor.c: edits one of the unit's lists (authorized purposes, incident types)
 *
 * Each change (add, move, remove) saves the whole list at once with
 * fl_settings_set_list(), which validates and audits it; the rows are then
 * rebuilt from what the core stored. A refusal leaves the list as it was
 * and says why under it.
 */
#include <glib/gi18n.h>

#include "fl-list-editor.h"

struct _FlListEditor
{
  AdwPreferencesGroup parent_instance;

  FlSession          *session;
  FlListKind          kind;
  GStrv               values;
  GPtrArray          *rows;

  AdwEntryRow        *add_row;
  GtkLabel           *error_label;
};

G_DEFINE_FINAL_TYPE (FlListEditor, fl_list_editor, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void rebuild (FlListEditor *self);

static void
show_error (FlListEditor *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
move_or_remove (FlListEditor *self,
                guint         position,
                int           delta)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  guint n = g_strv_length (self->values);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (values, self->values[i]);

  if (delta == 0)
    g_ptr_array_remove_index (values, position);
  else if ((delta < 0 && position > 0) || (delta > 0 && position + 1 < n))
    {
      gpointer tmp = values->pdata[position];
      values->pdata[position] = values->pdata[position + delta];
      values->pdata[position + delta] = tmp;
    }
  else
    return;

  g_ptr_array_add (values, NULL);
  fl_list_editor_save (self, (const char * const *) values->pdata);
}

static void
row_button_clicked_cb (GtkButton    *button,
                       FlListEditor *self)
{
  guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "fl-position"));
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "fl-delta"));

  move_or_remove (self, position, delta);
}

static GtkWidget *
row_button (FlListEditor *self,
            const char   *icon_name,
            const char   *tooltip,
            guint         position,
            int           delta,
            gboolean      sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_sensitive (button, sensitive);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "fl-position", GUINT_TO_POINTER (position));
  g_object_set_data (G_OBJECT (button), "fl-delta", GINT_TO_POINTER (delta));
  g_signal_connect_object (button, "clicked", G_CALLBACK (row_button_clicked_cb), self, 0);
  return button;
}

static void
rebuild (FlListEditor *self)
{
  /* Kept across the removal so the "add" row can go back at the end. */
  g_autoptr(GtkWidget) add_row = g_object_ref (GTK_WIDGET (self->add_row));
  guint n;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), add_row);

  g_clear_pointer (&self->values, g_strfreev);
  self->values = self->session ? fl_settings_get_list (fl_session_get_db (self->session), self->kind)
                               : g_new0 (char *, 1);
  n = g_strv_length (self->values);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), self->values[i]);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (self, "go-up-symbolic", _("Move Up"), i, -1, i > 0));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (self, "go-down-symbolic", _("Move Down"), i, 1, i + 1 < n));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (self, "user-trash-symbolic", _("Remove"), i, 0, TRUE));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), add_row);
}

static void
add_apply_cb (FlListEditor *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_row))));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) values = NULL;

  if (*text == '\0')
    return;
  if (g_strv_contains ((const char * const *) self->values, text))
    {
      show_error (self, _("That entry is already in the list."));
      return;
    }
  g_strv_builder_addv (builder, (const char **) self->values);
  g_strv_builder_add (builder, text);
  values = g_strv_builder_end (builder);
  if (fl_list_editor_save (self, (const char * const *) values))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->add_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->add_row));
    }
}

static void
fl_list_editor_dispose (GObject *object)
{
  FlListEditor *self = FL_LIST_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_LIST_EDITOR);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fl_list_editor_parent_class)->dispose (object);
}

static void
fl_list_editor_finalize (GObject *object)
{
  FlListEditor *self = FL_LIST_EDITOR (object);

  g_clear_pointer (&self->values, g_strfreev);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fl_list_editor_parent_class)->finalize (object);
}

static void
fl_list_editor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FlListEditor *self = FL_LIST_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_list_editor_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FlListEditor *self = FL_LIST_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      fl_list_editor_set_session (self, g_value_get_object (value));
      break;
    case PROP_KIND:
      self->kind = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_list_editor_class_init (FlListEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_list_editor_dispose;
  object_class->finalize = fl_list_editor_finalize;
  object_class->get_property = fl_list_editor_get_property;
  object_class->set_property = fl_list_editor_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* An FlListKind: 0 authorized purposes, 1 incident types */
  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL, FL_LIST_PURPOSE, FL_LIST_INCIDENT_TYPE, FL_LIST_PURPOSE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-list-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FlListEditor, add_row);
  gtk_widget_class_bind_template_child (widget_class, FlListEditor, error_label);
  gtk_widget_class_bind_template_callback (widget_class, add_apply_cb);
}

static void
fl_list_editor_init (FlListEditor *self)
{
  self->rows = g_ptr_array_new ();
  self->values = g_new0 (char *, 1);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_list_editor_new (FlSession  *session,
                    FlListKind  kind)
{
  return g_object_new (FL_TYPE_LIST_EDITOR, "kind", kind, "session", session, NULL);
}

FlSession *
fl_list_editor_get_session (FlListEditor *self)
{
  g_return_val_if_fail (FL_IS_LIST_EDITOR (self), NULL);

  return self->session;
}

void
fl_list_editor_set_session (FlListEditor *self,
                            FlSession    *session)
{
  g_return_if_fail (FL_IS_LIST_EDITOR (self));
  g_return_if_fail (session == NULL || FL_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  show_error (self, NULL);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

FlListKind
fl_list_editor_get_kind (FlListEditor *self)
{
  g_return_val_if_fail (FL_IS_LIST_EDITOR (self), FL_LIST_PURPOSE);

  return self->kind;
}

gboolean
fl_list_editor_save (FlListEditor       *self,
                     const char * const *values)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (FL_IS_LIST_EDITOR (self), FALSE);
  g_return_val_if_fail (self->session != NULL, FALSE);

  if (!fl_settings_set_list (self->session, self->kind, values, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  show_error (self, NULL);
  rebuild (self);
  return TRUE;
}

const char *
fl_list_editor_get_error (FlListEditor *self)
{
  g_return_val_if_fail (FL_IS_LIST_EDITOR (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}
