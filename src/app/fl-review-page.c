/* fl-review-page.c: the Review section: candidates of a search, compared feature by feature (R15–R17)
 *
 * The page shows "empty" (a status page saying what will appear and how)
 * until it has something to list; rows go into the "content" box.
 */
#include <glib/gi18n.h>

#include "fl-lead-notice.h"
#include "fl-review-page.h"

struct _FlReviewPage
{
  FlPage         parent_instance;

  GtkStack      *stack;
  AdwStatusPage *empty_page;
  GtkBox        *content;
};

G_DEFINE_FINAL_TYPE (FlReviewPage, fl_review_page, FL_TYPE_PAGE)

static void
fl_review_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_REVIEW_PAGE);

  G_OBJECT_CLASS (fl_review_page_parent_class)->dispose (object);
}

static void
fl_review_page_class_init (FlReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_review_page_dispose;

  g_type_ensure (FL_TYPE_LEAD_NOTICE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, content);
}

static void
fl_review_page_init (FlReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_review_page_new (FlSession *session)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return g_object_new (FL_TYPE_REVIEW_PAGE, "session", session, NULL);
}
