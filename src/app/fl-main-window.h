/* fl-main-window.h: the signed-in person's window: sections, menu, idle lock */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_MAIN_WINDOW (fl_main_window_get_type ())
G_DECLARE_FINAL_TYPE (FlMainWindow, fl_main_window, FL, MAIN_WINDOW, AdwApplicationWindow)

GtkWidget  *fl_main_window_new          (GtkApplication *application,
                                         FlSession      *session);
FlSession  *fl_main_window_get_session  (FlMainWindow   *self);

/* Sections by name: "requests", "cases", "gallery", "review", "reports",
 * "administration". A section exists only for the roles that use it. */
gboolean    fl_main_window_has_section  (FlMainWindow   *self,
                                         const char     *name);
gboolean    fl_main_window_show_section (FlMainWindow   *self,
                                         const char     *name);
const char *fl_main_window_get_section  (FlMainWindow   *self);
GtkWidget  *fl_main_window_get_page     (FlMainWindow   *self,
                                         const char     *name);

void        fl_main_window_lock         (FlMainWindow   *self);
gboolean    fl_main_window_is_locked    (FlMainWindow   *self);
/* Idle time before the lock: the unit's idle_lock_minutes, or
 * FACELEADS_IDLE_LOCK_SECONDS when set (meant for tests only). */
guint       fl_main_window_get_idle_lock_seconds (FlMainWindow *self);
/* Ends the session (fl_session_logout), emits "signed-out" and closes the window. */
void        fl_main_window_sign_out     (FlMainWindow   *self);

G_END_DECLS
