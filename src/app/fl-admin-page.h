/* fl-admin-page.h: the Administration section: accounts, training records, audits and seals */
#pragma once

#include "fl-page.h"

G_BEGIN_DECLS

#define FL_TYPE_ADMIN_PAGE (fl_admin_page_get_type ())
G_DECLARE_FINAL_TYPE (FlAdminPage, fl_admin_page, FL, ADMIN_PAGE, FlPage)

GtkWidget *fl_admin_page_new (FlSession *session);

G_END_DECLS
