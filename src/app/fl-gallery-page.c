/* fl-gallery-page.c: the Gallery section: lawfully obtained records that searches compare against (R12, R13)
 *
 * The page shows "empty" (a status page saying what will appear and how)
 * until it has something to list; rows go into the "content" box.
 */
#include <glib/gi18n.h>

#include "fl-gallery-page.h"

struct _FlGalleryPage
{
  FlPage         parent_instance;

  GtkStack      *stack;
  AdwStatusPage *empty_page;
  GtkBox        *content;
};

G_DEFINE_FINAL_TYPE (FlGalleryPage, fl_gallery_page, FL_TYPE_PAGE)

static void
fl_gallery_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_GALLERY_PAGE);

  G_OBJECT_CLASS (fl_gallery_page_parent_class)->dispose (object);
}

static void
fl_gallery_page_class_init (FlGalleryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_gallery_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-gallery-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlGalleryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlGalleryPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FlGalleryPage, content);
}

static void
fl_gallery_page_init (FlGalleryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_gallery_page_new (FlSession *session)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return g_object_new (FL_TYPE_GALLERY_PAGE, "session", session, NULL);
}
