/* fl-cases-page.c: the Cases section: case files with their probes, searches, reviews and reports
 *
 * The page shows "empty" (a status page saying what will appear and how)
 * until it has something to list; rows go into the "content" box.
 */
#include <glib/gi18n.h>

#include "fl-lead-notice.h"
#include "fl-cases-page.h"

struct _FlCasesPage
{
  FlPage         parent_instance;

  GtkStack      *stack;
  AdwStatusPage *empty_page;
  GtkBox        *content;
};

G_DEFINE_FINAL_TYPE (FlCasesPage, fl_cases_page, FL_TYPE_PAGE)

static void
fl_cases_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_CASES_PAGE);

  G_OBJECT_CLASS (fl_cases_page_parent_class)->dispose (object);
}

static void
fl_cases_page_class_init (FlCasesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_cases_page_dispose;

  g_type_ensure (FL_TYPE_LEAD_NOTICE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-cases-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FlCasesPage, content);
}

static void
fl_cases_page_init (FlCasesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_cases_page_new (FlSession *session)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return g_object_new (FL_TYPE_CASES_PAGE, "session", session, NULL);
}
