/* fl-subject-tile.c: a gallery subject in the grid: face thumbnail, name and record id
 *
 * Until the thumbnail arrives (or when there is none: a sealed record, purged
 * or unreadable photos) the tile shows a neutral icon in the same square, so
 * the grid does not jump as photos load.
 */
#include <glib/gi18n.h>

#include "fl-subject-tile.h"

struct _FlSubjectTile
{
  GtkWidget      parent_instance;

  FlSubjectItem *item;
  gulong         texture_handler;

  GtkStack      *picture_stack;
  GtkPicture    *picture;
  GtkImage      *placeholder;
  GtkLabel      *name_label;
  GtkLabel      *detail_label;
};

G_DEFINE_FINAL_TYPE (FlSubjectTile, fl_subject_tile, GTK_TYPE_WIDGET)

static void
update_picture (FlSubjectTile *self)
{
  GdkTexture *texture = self->item ? fl_subject_item_get_texture (self->item) : NULL;
  FlSubjectThumbState state = self->item ? fl_subject_item_get_thumb_state (self->item) : FL_SUBJECT_THUMB_UNKNOWN;
  const char *icon = "avatar-default-symbolic";

  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  if (texture != NULL)
    {
      gtk_stack_set_visible_child_name (self->picture_stack, "picture");
      return;
    }
  if (self->item != NULL && fl_subject_item_get_subject (self->item)->sealed)
    icon = "changes-prevent-symbolic";
  else if (state == FL_SUBJECT_THUMB_FAILED)
    icon = "image-missing-symbolic";
  gtk_image_set_from_icon_name (self->placeholder, icon);
  gtk_stack_set_visible_child_name (self->picture_stack, "placeholder");
}

static void
update_labels (FlSubjectTile *self)
{
  const FlSubject *s = self->item ? fl_subject_item_get_subject (self->item) : NULL;
  int n = self->item ? fl_subject_item_get_n_photos (self->item) : -1;
  g_autofree char *detail = NULL;
  g_autofree char *tooltip = NULL;

  if (s == NULL)
    {
      gtk_label_set_text (self->name_label, "");
      gtk_label_set_text (self->detail_label, "");
      return;
    }
  if (s->sealed)
    gtk_label_set_text (self->name_label, _("Sealed record"));
  else
    gtk_label_set_text (self->name_label, s->name && *s->name ? s->name : _("No name recorded"));
  if (s->sealed || n < 0)
    detail = g_strdup (s->external_id);
  else
    /* Translators: the source system's record id and the number of photos, e.g. "A100 · 3 photos" */
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d photo", "%s · %d photos", n),
                              s->external_id, n);
  gtk_label_set_text (self->detail_label, detail);
  /* Translators: a tile's tooltip: the subject's name and record id */
  tooltip = g_strdup_printf (_("%s, record %s"), gtk_label_get_text (self->name_label), s->external_id);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
}

static void
texture_changed_cb (FlSubjectTile *self)
{
  update_picture (self);
  update_labels (self);
}

static void
fl_subject_tile_dispose (GObject *object)
{
  FlSubjectTile *self = FL_SUBJECT_TILE (object);
  GtkWidget *child;

  fl_subject_tile_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_SUBJECT_TILE);
  /* The template's top box is not bound to a field: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fl_subject_tile_parent_class)->dispose (object);
}

static void
fl_subject_tile_class_init (FlSubjectTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_subject_tile_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-subject-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, FlSubjectTile, picture_stack);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectTile, picture);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectTile, placeholder);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectTile, detail_label);
}

static void
fl_subject_tile_init (FlSubjectTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_subject_tile_new (void)
{
  return g_object_new (FL_TYPE_SUBJECT_TILE, NULL);
}

void
fl_subject_tile_set_item (FlSubjectTile *self,
                          FlSubjectItem *item)
{
  g_return_if_fail (FL_IS_SUBJECT_TILE (self));

  if (self->item == item)
    return;
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->texture_handler, self->item);
      g_clear_object (&self->item);
    }
  if (item != NULL)
    {
      self->item = g_object_ref (item);
      self->texture_handler = g_signal_connect_swapped (item, "notify::texture",
                                                        G_CALLBACK (texture_changed_cb), self);
    }
  update_picture (self);
  update_labels (self);
}

FlSubjectItem *
fl_subject_tile_get_item (FlSubjectTile *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_TILE (self), NULL);
  return self->item;
}
