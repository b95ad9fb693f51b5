/* fl-setup-window.h: the first-launch assistant (unit details and first administrator) */
#pragma once

#include <adwaita.h>

#include "fl-db.h"

G_BEGIN_DECLS

#define FL_TYPE_SETUP_WINDOW (fl_setup_window_get_type ())
G_DECLARE_FINAL_TYPE (FlSetupWindow, fl_setup_window, FL, SETUP_WINDOW, AdwApplicationWindow)

GtkWidget  *fl_setup_window_new        (GtkApplication *application,
                                        FlDb           *db);
/* Why "Create Unit" is disabled, or NULL when the form is complete. */
const char *fl_setup_window_get_problem (FlSetupWindow *self);

G_END_DECLS
