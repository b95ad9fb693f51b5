/* fl-backup-view.h: backs up the unit's data, checks a backup, and says how to restore one */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_BACKUP_VIEW (fl_backup_view_get_type ())
G_DECLARE_FINAL_TYPE (FlBackupView, fl_backup_view, FL, BACKUP_VIEW, AdwBin)

GtkWidget  *fl_backup_view_new              (FlSession    *session);
FlSession  *fl_backup_view_get_session      (FlBackupView *self);
void        fl_backup_view_set_session      (FlBackupView *self,
                                             FlSession    *session);

/* The folder a backup chosen in @folder goes to: @folder itself when it is
 * empty, else a new "faceleads-backup-<date>-<time>" folder inside it. */
char       *fl_backup_view_destination_in   (const char   *folder);
/* What "Back Up…" does once a folder is chosen: backs up into @dest_dir (new
 * or empty) off the main loop, with progress and Cancel. FALSE when busy. */
gboolean    fl_backup_view_back_up_to       (FlBackupView *self,
                                             const char   *dest_dir);
gboolean    fl_backup_view_is_backing_up    (FlBackupView *self);
void        fl_backup_view_cancel           (FlBackupView *self);
const char *fl_backup_view_get_backup_text  (FlBackupView *self);

/* What "Verify a Backup…" does once a folder is chosen. */
/* Checks the backup in @path and, when the person confirms, restores it
 * (fl_application_restore). */
void        fl_backup_view_restore_folder   (FlBackupView *self,
                                             const char   *path);
void        fl_backup_view_verify_folder    (FlBackupView *self,
                                             const char   *backup_dir);
gboolean    fl_backup_view_is_verifying     (FlBackupView *self);
const char *fl_backup_view_get_verify_text  (FlBackupView *self);

/* The restore command shown, for this data folder. */
const char *fl_backup_view_get_restore_command (FlBackupView *self);

G_END_DECLS
