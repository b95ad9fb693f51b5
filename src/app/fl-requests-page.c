/* fl-requests-page.c: the Requests section
 *
 * Views by role, side by side in a view switcher:
 *   New Request   anyone who may submit: requesters, and examiners entering an
 *                 outside agency's request (the core's rule);
 *   My Requests   what the person submitted, with each one's state;
 *   Queue         examiners: submitted requests to accept or return.
 * A person with several roles sees every view that applies. Submitting,
 * a refusal, accepting and returning refresh the other views.
 */
#include <glib/gi18n.h>

#include "fl-main-window.h"
#include "fl-requests-page.h"

struct _FlRequestsPage
{
  FlPage            parent_instance;

  FlRequestForm    *form;
  FlRequestList    *mine;
  FlRequestList    *queue;
  gint64            opened_case;   /* the case of the toast's "Open" button */

  AdwToastOverlay  *toast_overlay;
  AdwViewStack     *view_stack;
};

G_DEFINE_FINAL_TYPE (FlRequestsPage, fl_requests_page, FL_TYPE_PAGE)

/* ---- callbacks -------------------------------------------------------- */

static void
form_submitted_cb (FlRequestsPage *self,
                   gint64          request_id)
{
  g_autofree char *title = NULL;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, request_id);

  fl_request_list_reload (self->mine);
  if (self->queue != NULL)
    fl_request_list_reload (self->queue);
  /* Translators: %s is the request's number */
  title = g_strdup_printf (_("Request %s sent to the unit"), number);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
  fl_requests_page_show_view (self, "mine");
}

static void
form_refused_cb (FlRequestsPage *self,
                 const char     *message)
{
  /* The form shows the refusal itself; the list gains the refused request. */
  fl_request_list_reload (self->mine);
}

static void
open_case_cb (FlRequestsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (FL_IS_MAIN_WINDOW (root) && fl_main_window_show_section (FL_MAIN_WINDOW (root), "cases"))
    {
      GtkWidget *cases = fl_main_window_get_page (FL_MAIN_WINDOW (root), "cases");

      gtk_widget_activate_action (cases, "cases.show", "x", self->opened_case);
    }
}

static void
case_opened_cb (FlRequestsPage *self,
                gint64          case_id,
                const char     *fr_number)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  fl_request_list_reload (self->mine);
  self->opened_case = case_id;
  /* Translators: %s is the new case's FR number */
  title = g_strdup_printf (_("Case %s opened"), fr_number != NULL ? fr_number : "");
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Open Case"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_case_cb), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
queue_changed_cb (FlRequestsPage *self)
{
  AdwViewStackPage *page = adw_view_stack_get_page (self->view_stack, GTK_WIDGET (self->queue));
  guint n = fl_request_list_get_n_rows (self->queue);

  /* The switcher shows how many requests wait. */
  adw_view_stack_page_set_badge_number (page, n);
  adw_view_stack_page_set_needs_attention (page, n > 0);
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  if (!fl_requests_page_show_view (FL_REQUESTS_PAGE (widget), g_variant_get_string (parameter, NULL)))
    gtk_widget_error_bell (widget);
}

/* ---- FlPage ----------------------------------------------------------- */

static void
fl_requests_page_refresh (FlPage *page)
{
  FlRequestsPage *self = FL_REQUESTS_PAGE (page);

  fl_request_form_reload_lists (self->form);
  fl_request_list_reload (self->mine);
  if (self->queue != NULL)
    fl_request_list_reload (self->queue);
}

/* ---- GObject ---------------------------------------------------------- */

static void
fl_requests_page_constructed (GObject *object)
{
  FlRequestsPage *self = FL_REQUESTS_PAGE (object);
  FlSession *session = fl_page_get_session (FL_PAGE (self));
  AdwViewStackPage *page;
  gboolean examiner;

  G_OBJECT_CLASS (fl_requests_page_parent_class)->constructed (object);

  g_return_if_fail (FL_IS_SESSION (session));
  examiner = fl_session_has_role (session, FL_ROLE_EXAMINER);

  if (examiner)
    {
      self->queue = FL_REQUEST_LIST (fl_request_list_new (session, FL_REQUEST_LIST_QUEUE));
      page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->queue), "queue", _("Queue"));
      adw_view_stack_page_set_icon_name (page, "mail-unread-symbolic");
      g_signal_connect_object (self->queue, "case-opened", G_CALLBACK (case_opened_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->queue, "changed", G_CALLBACK (queue_changed_cb), self, G_CONNECT_SWAPPED);
      queue_changed_cb (self);
    }

  self->form = FL_REQUEST_FORM (fl_request_form_new (session));
  page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->form), "new", _("New Request"));
  adw_view_stack_page_set_icon_name (page, "document-new-symbolic");
  g_signal_connect_object (self->form, "submitted", G_CALLBACK (form_submitted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->form, "refused", G_CALLBACK (form_refused_cb), self, G_CONNECT_SWAPPED);

  self->mine = FL_REQUEST_LIST (fl_request_list_new (session, FL_REQUEST_LIST_MINE));
  page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->mine), "mine", _("My Requests"));
  adw_view_stack_page_set_icon_name (page, "view-list-symbolic");

  /* Examiners start at their queue; requesters at their own requests, or at
   * the form when they have none yet. */
  if (examiner)
    fl_requests_page_show_view (self, "queue");
  else
    fl_requests_page_show_view (self, fl_request_list_get_n_rows (self->mine) > 0 ? "mine" : "new");
}

static void
fl_requests_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_REQUESTS_PAGE);

  G_OBJECT_CLASS (fl_requests_page_parent_class)->dispose (object);
}

static void
fl_requests_page_class_init (FlRequestsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FlPageClass *page_class = FL_PAGE_CLASS (klass);

  object_class->constructed = fl_requests_page_constructed;
  object_class->dispose = fl_requests_page_dispose;
  page_class->refresh = fl_requests_page_refresh;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-requests-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlRequestsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FlRequestsPage, view_stack);

  gtk_widget_class_install_action (widget_class, "requests.view", "s", view_action);
}

static void
fl_requests_page_init (FlRequestsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_requests_page_new (FlSession *session)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return g_object_new (FL_TYPE_REQUESTS_PAGE, "session", session, NULL);
}

gboolean
fl_requests_page_show_view (FlRequestsPage *self,
                            const char     *name)
{
  g_return_val_if_fail (FL_IS_REQUESTS_PAGE (self), FALSE);

  if (name == NULL || adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    return FALSE;
  adw_view_stack_set_visible_child_name (self->view_stack, name);
  return TRUE;
}

const char *
fl_requests_page_get_view (FlRequestsPage *self)
{
  g_return_val_if_fail (FL_IS_REQUESTS_PAGE (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

FlRequestForm *
fl_requests_page_get_form (FlRequestsPage *self)
{
  g_return_val_if_fail (FL_IS_REQUESTS_PAGE (self), NULL);

  return self->form;
}

FlRequestList *
fl_requests_page_get_list (FlRequestsPage    *self,
                           FlRequestListMode  mode)
{
  g_return_val_if_fail (FL_IS_REQUESTS_PAGE (self), NULL);

  return mode == FL_REQUEST_LIST_QUEUE ? self->queue : self->mine;
}
