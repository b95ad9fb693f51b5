/* fl-error-window.h: shown instead of everything else when the data cannot be opened */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FL_TYPE_ERROR_WINDOW (fl_error_window_get_type ())
G_DECLARE_FINAL_TYPE (FlErrorWindow, fl_error_window, FL, ERROR_WINDOW, AdwApplicationWindow)

GtkWidget  *fl_error_window_new         (GtkApplication *application,
                                         const char     *message);
const char *fl_error_window_get_message (FlErrorWindow  *self);

G_END_DECLS
