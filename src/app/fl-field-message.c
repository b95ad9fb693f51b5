/* fl-field-message.c: a message shown right under a form field
 *
 * Libadwaita rows have no place for a validation message, so one is added
 * beside the field: a non-activatable row after it in its list, or a label
 * after it in its box. The field itself gets the "error" or "warning" style
 * class, which AdwEntryRow and AdwActionRow draw in colour.
 */
#include "fl-field-message.h"

#define MESSAGE_KEY "fl-field-message"

typedef struct
{
  GtkWidget *container;   /* the inserted row, or the label itself */
  GtkLabel  *label;
  char      *text;
} Message;

static void
message_free (Message *message)
{
  g_free (message->text);
  g_free (message);
}

static Message *
ensure_message (GtkWidget *field)
{
  Message *message = g_object_get_data (G_OBJECT (field), MESSAGE_KEY);
  GtkWidget *parent = gtk_widget_get_parent (field);
  GtkWidget *label;

  if (message != NULL)
    return message;

  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_add_css_class (label, "caption");

  message = g_new0 (Message, 1);
  message->label = GTK_LABEL (label);

  if (GTK_IS_LIST_BOX_ROW (field) && GTK_IS_LIST_BOX (parent))
    {
      GtkWidget *row = adw_preferences_row_new ();

      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 8);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_can_focus (row, FALSE);
      gtk_list_box_insert (GTK_LIST_BOX (parent), row,
                           gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (field)) + 1);
      message->container = row;
    }
  else
    {
      g_return_val_if_fail (GTK_IS_BOX (parent), NULL);
      gtk_widget_set_margin_start (label, 6);
      gtk_box_insert_child_after (GTK_BOX (parent), label, field);
      message->container = label;
    }
  /* The field and its message describe each other for screen readers. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL,
                                  -1);
  g_object_set_data_full (G_OBJECT (field), MESSAGE_KEY, message, (GDestroyNotify) message_free);
  return message;
}

void
fl_field_message_set (GtkWidget          *field,
                      FlFieldMessageKind  kind,
                      const char         *text)
{
  Message *message;

  g_return_if_fail (GTK_IS_WIDGET (field));

  if (kind == FL_FIELD_MESSAGE_NONE || text == NULL || *text == '\0')
    {
      gtk_widget_remove_css_class (field, "error");
      gtk_widget_remove_css_class (field, "warning");
      message = g_object_get_data (G_OBJECT (field), MESSAGE_KEY);
      if (message != NULL)
        {
          gtk_widget_set_visible (message->container, FALSE);
          g_clear_pointer (&message->text, g_free);
        }
      return;
    }

  message = ensure_message (field);
  if (message == NULL)
    return;
  if (kind == FL_FIELD_MESSAGE_ERROR)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_widget_remove_css_class (field, "warning");
      gtk_widget_add_css_class (GTK_WIDGET (message->label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (message->label), "warning");
    }
  else
    {
      gtk_widget_add_css_class (field, "warning");
      gtk_widget_remove_css_class (field, "error");
      gtk_widget_add_css_class (GTK_WIDGET (message->label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (message->label), "error");
    }
  if (g_strcmp0 (message->text, text) != 0)
    {
      g_free (message->text);
      message->text = g_strdup (text);
      gtk_label_set_text (message->label, text);
    }
  gtk_widget_set_visible (message->container, TRUE);
}

const char *
fl_field_message_get (GtkWidget *field)
{
  Message *message;

  g_return_val_if_fail (GTK_IS_WIDGET (field), NULL);

  message = g_object_get_data (G_OBJECT (field), MESSAGE_KEY);
  return message != NULL ? message->text : NULL;
}
