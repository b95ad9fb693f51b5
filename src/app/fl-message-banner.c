/* fl-message-banner.c: a coloured line under a task saying how it ended
 *
 * An icon and a wrapping, selectable text (so a path or an error can be
 * copied) on a tinted background: the styles are in style.css
 * (.message-banner.info / .success / .warning / .error). It is an alert for
 * assistive technologies, so a result is announced when it appears.
 */
#include "fl-message-banner.h"

struct _FlMessageBanner
{
  GtkWidget      parent_instance;

  FlMessageKind  kind;
  GtkWidget     *icon;
  GtkWidget     *label;
};

G_DEFINE_FINAL_TYPE (FlMessageBanner, fl_message_banner, GTK_TYPE_WIDGET)

static const struct
{
  const char *css_class;
  const char *icon_name;
} kinds[] = {
  [FL_MESSAGE_NONE]    = { NULL, NULL },
  [FL_MESSAGE_INFO]    = { "info", "dialog-information-symbolic" },
  [FL_MESSAGE_SUCCESS] = { "success", "emblem-ok-symbolic" },
  [FL_MESSAGE_WARNING] = { "warning", "dialog-warning-symbolic" },
  [FL_MESSAGE_ERROR]   = { "error", "dialog-error-symbolic" },
};

static void
fl_message_banner_dispose (GObject *object)
{
  FlMessageBanner *self = FL_MESSAGE_BANNER (object);

  g_clear_pointer (&self->icon, gtk_widget_unparent);
  g_clear_pointer (&self->label, gtk_widget_unparent);

  G_OBJECT_CLASS (fl_message_banner_parent_class)->dispose (object);
}

static void
fl_message_banner_class_init (FlMessageBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_message_banner_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagebanner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
fl_message_banner_init (FlMessageBanner *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self), "message-banner");

  self->icon = gtk_image_new ();
  gtk_widget_set_valign (self->icon, GTK_ALIGN_START);
  gtk_widget_set_parent (self->icon, GTK_WIDGET (self));

  self->label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (self->label), TRUE);
  /* Paths wrap anywhere, without a hyphen that is not in them. */
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
    gtk_label_set_attributes (GTK_LABEL (self->label), attrs);
    pango_attr_list_unref (attrs);
  }
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
fl_message_banner_new (void)
{
  return g_object_new (FL_TYPE_MESSAGE_BANNER, NULL);
}

void
fl_message_banner_set (FlMessageBanner *self,
                       FlMessageKind    kind,
                       const char      *text)
{
  g_return_if_fail (FL_IS_MESSAGE_BANNER (self));
  g_return_if_fail (kind <= FL_MESSAGE_ERROR);

  if (text == NULL)
    kind = FL_MESSAGE_NONE;
  for (guint i = 1; i < G_N_ELEMENTS (kinds); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), kinds[i].css_class);

  self->kind = kind;
  gtk_label_set_text (GTK_LABEL (self->label), text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self), kind != FL_MESSAGE_NONE);
  if (kind == FL_MESSAGE_NONE)
    return;

  gtk_widget_add_css_class (GTK_WIDGET (self), kinds[kind].css_class);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), kinds[kind].icon_name);
}

FlMessageKind
fl_message_banner_get_kind (FlMessageBanner *self)
{
  g_return_val_if_fail (FL_IS_MESSAGE_BANNER (self), FL_MESSAGE_NONE);

  return self->kind;
}

const char *
fl_message_banner_get_text (FlMessageBanner *self)
{
  g_return_val_if_fail (FL_IS_MESSAGE_BANNER (self), NULL);

  return self->kind == FL_MESSAGE_NONE ? NULL : gtk_label_get_text (GTK_LABEL (self->label));
}
