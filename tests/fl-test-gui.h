/* fl-test-gui.h: helpers for the display tests (run under Xvfb, GSK_RENDERER=cairo) */
#pragma once

#include <adwaita.h>

#include "fl-test-core.h"

G_BEGIN_DECLS

typedef gboolean (*FlTestGuiCondition) (gpointer user_data);

/* Instead of g_test_init(): GTK in the test's locale-neutral setup, with
 * animations off so every screenshot shows a settled state. */
void        fl_test_gui_init          (int          *argc,
                                       char       ***argv);

/* The core fixture (fl-test-core.h: a set-up unit with admin, examiner
 * "ella" with current training, requester "rita", records "rob", …, all
 * with FL_TEST_PASSWORD), with the administrator signed out again so a
 * window can sign anyone in. Use with g_test_add(). */
void        fl_test_gui_unit_setup    (FlTestUnit    *unit,
                                       gconstpointer  data);
void        fl_test_gui_unit_teardown (FlTestUnit    *unit,
                                       gconstpointer  data);

/* Runs the main loop for @ms milliseconds. */
void        fl_test_gui_spin          (guint              ms);
/* Runs the main loop until @condition is TRUE or @timeout_ms passed; returns the last result. */
gboolean    fl_test_gui_wait_for      (FlTestGuiCondition condition,
                                       gpointer           user_data,
                                       guint              timeout_ms);
/* Waits until @widget is mapped, has a size and its frame clock painted. */
gboolean    fl_test_gui_wait_drawn    (GtkWidget         *widget,
                                       guint              timeout_ms);

/* Renders @widget (a window or any widget in one) with its window's renderer
 * and writes FL_TEST_SCREENSHOT_DIR/<name>.png (".png" is added when
 * missing). Fails the test if the image cannot be made or is blank.
 * Returns the file's path. */
char       *fl_test_gui_screenshot    (GtkWidget         *widget,
                                       const char        *name);

/* The first visible toplevel window of @type (e.g. FL_TYPE_LOGIN_WINDOW), or NULL. */
GtkWindow  *fl_test_gui_find_window   (GType              type);
/* Waits up to @timeout_ms for such a window. */
GtkWindow  *fl_test_gui_wait_window   (GType              type,
                                       guint              timeout_ms);
/* The first descendant of @widget of @type, or NULL. */
GtkWidget  *fl_test_gui_find_child    (GtkWidget         *widget,
                                       GType              type);
/* Destroys every toplevel window. */
void        fl_test_gui_close_all     (void);

/* Opens @app on the unit's data folder, signs @username in through the login
 * window and returns the drawn main window. */
GtkWidget  *fl_test_gui_sign_in       (GApplication      *app,
                                       FlTestUnit        *unit,
                                       const char        *username);

/* Switches the test process to Spanish with the catalogue built in the build
 * tree; FALSE (and the test is marked skipped) when it is not built. */
gboolean    fl_test_gui_use_spanish   (void);

G_END_DECLS
