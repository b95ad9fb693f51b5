/* fl-admin-page.c: the Administration section: accounts, training records, audits, seals, retention, backups
 *
 * Four parts behind a view switcher: Users, Audit, Seal & Purge (seal
 * notices and retention) and Backup. Each part is its own widget; this page
 * hands them the session and reloads what they list each time the section
 * is shown. The unit's settings (retention years among them) stay in the
 * Preferences window, which the retention part links to.
 *
 * The session's roles are those of the sign-in: a person who is not (or no
 * longer) an administrator sees the "empty" page, and the core refuses every
 * administrator action anyway.
 */
#include <glib/gi18n.h>

#include "fl-admin-page.h"
#include "fl-audit-view.h"
#include "fl-backup-view.h"
#include "fl-retention-view.h"
#include "fl-seal-view.h"
#include "fl-users-view.h"

struct _FlAdminPage
{
  FlPage           parent_instance;

  GtkStack        *stack;
  AdwStatusPage   *empty_page;
  AdwViewStack    *view_stack;
  FlUsersView     *users_view;
  FlAuditView     *audit_view;
  FlSealView      *seal_view;
  FlRetentionView *retention_view;
  FlBackupView    *backup_view;
};

G_DEFINE_FINAL_TYPE (FlAdminPage, fl_admin_page, FL_TYPE_PAGE)

static void
fl_admin_page_refresh (FlPage *page)
{
  FlAdminPage *self = FL_ADMIN_PAGE (page);
  FlSession *session = fl_page_get_session (page);
  gboolean admin = session != NULL && fl_session_has_role (session, FL_ROLE_ADMIN);

  gtk_stack_set_visible_child_name (self->stack, admin ? "content" : "empty");
  if (!admin)
    return;
  fl_users_view_reload (self->users_view);
  fl_seal_view_reload (self->seal_view);
  fl_retention_view_reload (self->retention_view);
}

static void
fl_admin_page_constructed (GObject *object)
{
  FlAdminPage *self = FL_ADMIN_PAGE (object);
  FlSession *session = fl_page_get_session (FL_PAGE (self));

  G_OBJECT_CLASS (fl_admin_page_parent_class)->constructed (object);

  fl_users_view_set_session (self->users_view, session);
  fl_audit_view_set_session (self->audit_view, session);
  fl_seal_view_set_session (self->seal_view, session);
  fl_retention_view_set_session (self->retention_view, session);
  fl_backup_view_set_session (self->backup_view, session);
  gtk_stack_set_visible_child_name (self->stack,
                                    session && fl_session_has_role (session, FL_ROLE_ADMIN) ? "content" : "empty");
}

static void
fl_admin_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_ADMIN_PAGE);

  G_OBJECT_CLASS (fl_admin_page_parent_class)->dispose (object);
}

static void
fl_admin_page_class_init (FlAdminPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FlPageClass *page_class = FL_PAGE_CLASS (klass);

  object_class->constructed = fl_admin_page_constructed;
  object_class->dispose = fl_admin_page_dispose;
  page_class->refresh = fl_admin_page_refresh;

  g_type_ensure (FL_TYPE_USERS_VIEW);
  g_type_ensure (FL_TYPE_AUDIT_VIEW);
  g_type_ensure (FL_TYPE_SEAL_VIEW);
  g_type_ensure (FL_TYPE_RETENTION_VIEW);
  g_type_ensure (FL_TYPE_BACKUP_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-admin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlAdminPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlAdminPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FlAdminPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FlAdminPage, users_view);
  gtk_widget_class_bind_template_child (widget_class, FlAdminPage, audit_view);
  gtk_widget_class_bind_template_child (widget_class, FlAdminPage, seal_view);
  gtk_widget_class_bind_template_child (widget_class, FlAdminPage, retention_view);
  gtk_widget_class_bind_template_child (widget_class, FlAdminPage, backup_view);
}

static void
fl_admin_page_init (FlAdminPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_admin_page_new (FlSession *session)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return g_object_new (FL_TYPE_ADMIN_PAGE, "session", session, NULL);
}

gboolean
fl_admin_page_show_view (FlAdminPage *self,
                         const char  *name)
{
  g_return_val_if_fail (FL_IS_ADMIN_PAGE (self), FALSE);

  if (g_strcmp0 (name, "retention") == 0)
    name = "seal";
  if (name == NULL || adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    return FALSE;
  adw_view_stack_set_visible_child_name (self->view_stack, name);
  return TRUE;
}

const char *
fl_admin_page_get_view_name (FlAdminPage *self)
{
  g_return_val_if_fail (FL_IS_ADMIN_PAGE (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

GtkWidget *
fl_admin_page_get_view (FlAdminPage *self,
                        const char  *name)
{
  g_return_val_if_fail (FL_IS_ADMIN_PAGE (self), NULL);

  if (g_strcmp0 (name, "users") == 0)
    return GTK_WIDGET (self->users_view);
  if (g_strcmp0 (name, "audit") == 0)
    return GTK_WIDGET (self->audit_view);
  if (g_strcmp0 (name, "seal") == 0)
    return GTK_WIDGET (self->seal_view);
  if (g_strcmp0 (name, "retention") == 0)
    return GTK_WIDGET (self->retention_view);
  if (g_strcmp0 (name, "backup") == 0)
    return GTK_WIDGET (self->backup_view);
  return NULL;
}
