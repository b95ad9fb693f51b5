/* fl-backup.h: backup and restore of the whole data folder
 *
 * A backup folder holds faceleads.db (an SQLite online-backup copy, taken
 * while FaceLeads runs), every file of the image store under images/, and
 * manifest.json with the SHA-256 and size of each. It is written under a
 * temporary name and renamed when complete, so a folder with the chosen name
 * is always a whole backup.
 *
 * Restore runs with FaceLeads closed. It verifies every hash first and refuses
 * a backup with a missing or unreadable manifest or any file that does not
 * verify (naming the first), then verifies the audit chain of the copy,
 * records the restore in that trail, and only then puts it in place. An
 * existing data folder is moved aside to <dir>.before-restore-<timestamp>,
 * never deleted.
 */
#pragma once

#include <gio/gio.h>

#include "fl-accounts.h"
#include "fl-progress.h"

G_BEGIN_DECLS

#define FL_BACKUP_MANIFEST "manifest.json"

/* Administrators only; audited as "backup.create". @dest_dir must not exist
 * or be empty. */
gboolean  fl_backup_create  (FlSession      *admin,
                             const char     *dest_dir,
                             FlProgressFunc  progress,
                             gpointer        user_data,
                             GCancellable   *cancellable,
                             GError        **error);

/* Checks the manifest and every hash without changing anything. */
gboolean  fl_backup_verify  (const char     *backup_dir,
                             GError        **error);

/* @moved_aside (may be NULL) receives the folder the previous data was moved
 * to, or NULL when @data_dir did not exist or was empty. */
gboolean  fl_backup_restore (const char     *backup_dir,
                             const char     *data_dir,
                             char          **moved_aside,
                             GError        **error);

G_END_DECLS
