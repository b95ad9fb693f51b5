/* fl-admin-page.h: the Administration section: accounts, training records, audits, seals, retention, backups */
#pragma once

#include "fl-page.h"

G_BEGIN_DECLS

#define FL_TYPE_ADMIN_PAGE (fl_admin_page_get_type ())
G_DECLARE_FINAL_TYPE (FlAdminPage, fl_admin_page, FL, ADMIN_PAGE, FlPage)

GtkWidget  *fl_admin_page_new       (FlSession   *session);
/* The parts, by name: "users", "audit", "seal", "backup". */
gboolean    fl_admin_page_show_view (FlAdminPage *self,
                                     const char  *name);
const char *fl_admin_page_get_view_name (FlAdminPage *self);
/* The widget of a part: FlUsersView ("users"), FlAuditView ("audit"),
 * FlSealView ("seal"), FlRetentionView ("retention", on the "seal" part),
 * FlBackupView ("backup"); NULL for another name. */
GtkWidget  *fl_admin_page_get_view  (FlAdminPage *self,
                                     const char  *name);

G_END_DECLS
