/* fl-reports-page.c: the Reports section: manual search reports and their releases (R19, R20)
 *
 * The page shows "empty" (a status page saying what will appear and how)
 * until it has something to list; rows go into the "content" box.
 */
#include <glib/gi18n.h>

#include "fl-lead-notice.h"
#include "fl-reports-page.h"

struct _FlReportsPage
{
  FlPage         parent_instance;

  GtkStack      *stack;
  AdwStatusPage *empty_page;
  GtkBox        *content;
};

G_DEFINE_FINAL_TYPE (FlReportsPage, fl_reports_page, FL_TYPE_PAGE)

static void
fl_reports_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_REPORTS_PAGE);

  G_OBJECT_CLASS (fl_reports_page_parent_class)->dispose (object);
}

static void
fl_reports_page_class_init (FlReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_reports_page_dispose;

  g_type_ensure (FL_TYPE_LEAD_NOTICE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlReportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlReportsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FlReportsPage, content);
}

static void
fl_reports_page_init (FlReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_reports_page_new (FlSession *session)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return g_object_new (FL_TYPE_REPORTS_PAGE, "session", session, NULL);
}
