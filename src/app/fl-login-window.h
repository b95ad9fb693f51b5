/* fl-login-window.h: the system-use notice and sign-in (R3) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_LOGIN_WINDOW (fl_login_window_get_type ())
G_DECLARE_FINAL_TYPE (FlLoginWindow, fl_login_window, FL, LOGIN_WINDOW, AdwApplicationWindow)

/* @username pre-fills the user name (e.g. after the setup assistant); may be NULL. */
GtkWidget *fl_login_window_new (GtkApplication *application,
                                FlDb           *db,
                                const char     *username);

G_END_DECLS
