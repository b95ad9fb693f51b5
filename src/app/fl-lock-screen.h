/* fl-lock-screen.h: what covers the main window after the idle time (R3) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_LOCK_SCREEN (fl_lock_screen_get_type ())
G_DECLARE_FINAL_TYPE (FlLockScreen, fl_lock_screen, FL, LOCK_SCREEN, GtkWidget)

GtkWidget *fl_lock_screen_new         (void);
FlSession *fl_lock_screen_get_session (FlLockScreen *self);
void       fl_lock_screen_set_session (FlLockScreen *self,
                                       FlSession    *session);
/* Clears the password and any error, and puts the focus in the password field. */
void       fl_lock_screen_reset       (FlLockScreen *self);

G_END_DECLS
