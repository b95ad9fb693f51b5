/* fl-requests-page.c: the Requests section: a requester's own search requests, an examiner's intake queue (R4–R9)
 *
 * The page shows "empty" (a status page saying what will appear and how)
 * until it has something to list; rows go into the "content" box.
 */
#include <glib/gi18n.h>

#include "fl-requests-page.h"

struct _FlRequestsPage
{
  FlPage         parent_instance;

  GtkStack      *stack;
  AdwStatusPage *empty_page;
  GtkBox        *content;
};

G_DEFINE_FINAL_TYPE (FlRequestsPage, fl_requests_page, FL_TYPE_PAGE)

static void
fl_requests_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_REQUESTS_PAGE);

  G_OBJECT_CLASS (fl_requests_page_parent_class)->dispose (object);
}

static void
fl_requests_page_constructed (GObject *object)
{
  FlRequestsPage *self = FL_REQUESTS_PAGE (object);
  FlSession *session = fl_page_get_session (FL_PAGE (self));

  G_OBJECT_CLASS (fl_requests_page_parent_class)->constructed (object);

  /* Examiners work from the unit's intake queue, not from requests of their own. */
  if (session != NULL && fl_session_has_role (session, FL_ROLE_EXAMINER))
    {
      adw_status_page_set_title (self->empty_page, _("No Requests Waiting"));
      adw_status_page_set_description (self->empty_page,
                                       _("Search requests from investigators wait here until an examiner "
                                         "accepts one and opens its case."));
    }
}

static void
fl_requests_page_class_init (FlRequestsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fl_requests_page_constructed;
  object_class->dispose = fl_requests_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-requests-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlRequestsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlRequestsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FlRequestsPage, content);
}

static void
fl_requests_page_init (FlRequestsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_requests_page_new (FlSession *session)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return g_object_new (FL_TYPE_REQUESTS_PAGE, "session", session, NULL);
}
