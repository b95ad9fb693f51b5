/* fl-application.h: FaceLeads' GtkApplication: opens the data and leads from
 * setup to sign-in to the main window */
#pragma once

#include <adwaita.h>

#include "fl-db.h"

G_BEGIN_DECLS

#define FL_TYPE_APPLICATION (fl_application_get_type ())
G_DECLARE_FINAL_TYPE (FlApplication, fl_application, FL, APPLICATION, AdwApplication)

FlApplication *fl_application_new          (void);
/* NULL until the data folder was opened successfully. */
FlDb          *fl_application_get_db       (FlApplication *self);
const char    *fl_application_get_data_dir (FlApplication *self);
/* Closes every window, then opens @data_dir (NULL: FACELEADS_DATA_DIR or the
 * XDG default) and shows the first window that fits: an error window, the
 * setup assistant, or the sign-in window. */
void           fl_application_open         (FlApplication *self,
                                            const char    *data_dir);

/* Replaces the data with a verified backup: every window closes (signing its
 * person out), the data folder is moved aside (never deleted), the backup is
 * restored and opened again, and a dialog says what happened. Runs from the
 * main loop, so it may be called from a window that is about to close. */
void           fl_application_restore      (FlApplication *self,
                                            const char    *backup_dir);

G_END_DECLS
