/* fl-preferences-window.h: the unit's settings, for administrators */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_PREFERENCES_WINDOW (fl_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (FlPreferencesWindow, fl_preferences_window, FL, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *fl_preferences_window_new        (GtkWindow           *parent,
                                             FlSession           *session);
/* The widget editing setting @key (named after it), or NULL. */
GtkWidget *fl_preferences_window_get_editor (FlPreferencesWindow *self,
                                             const char          *key);
/* The refusal shown for @key's last change, or NULL when it was saved. */
const char *fl_preferences_window_get_error (FlPreferencesWindow *self,
                                             const char          *key);

G_END_DECLS
