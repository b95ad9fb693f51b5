/* fl-lead-notice.c: the "investigative lead only" banner (R18)
 *
 * Every page that can show a candidate includes this widget so the person
 * looking at a candidate is always told what a candidate is. It has no
 * setting to hide it.
 */
#include "fl-lead-notice.h"

struct _FlLeadNotice
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (FlLeadNotice, fl_lead_notice, GTK_TYPE_WIDGET)

static void
fl_lead_notice_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_LEAD_NOTICE);
  /* Unnamed template children are not unparented by the call above. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fl_lead_notice_parent_class)->dispose (object);
}

static void
fl_lead_notice_class_init (FlLeadNoticeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_lead_notice_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-lead-notice.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "leadnotice");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_NOTE);
}

static void
fl_lead_notice_init (FlLeadNotice *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_lead_notice_new (void)
{
  return g_object_new (FL_TYPE_LEAD_NOTICE, NULL);
}
