/* fl-backup-private.h: the pieces fl-backup.c builds on: copying with a
 * hash, the hidden staging folders, and the manifest */
#pragma once

#include <gio/gio.h>

#include "fl-backup.h"

G_BEGIN_DECLS

#define FL_BACKUP_FORMAT_NAME    "faceleads-backup"
#define FL_BACKUP_FORMAT_VERSION 1
#define FL_BACKUP_DB_NAME        "faceleads.db"
#define FL_BACKUP_COPY_CHUNK     (256 * 1024)

typedef struct
{
  char   *path;    /* relative to the folder: "faceleads.db", "images/ab/ab….jpg" */
  char   *sha256;
  gint64  size;
} FlBackupEntry;

FlBackupEntry *fl_backup_entry_new   (const char *path,
                                      const char *sha256,
                                      gint64      size);
void           fl_backup_entry_free  (FlBackupEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlBackupEntry, fl_backup_entry_free)

typedef struct
{
  char      *created_at;
  char      *created_by;
  gint64     schema_version;
  FlBackupEntry     *database;
  GPtrArray *files;   /* FlBackupEntry */
} FlBackupManifest;

void           fl_backup_manifest_free (FlBackupManifest *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlBackupManifest, fl_backup_manifest_free)

/* fl-backup-files.c */
/* Sets a clear FL_ERROR_IO for @saved (errno), saying so when the disk is full. */
gboolean   fl_backup_io_error        (GError       **error,
                                      int            saved,
                                      const char    *what,
                                      const char    *path);
/* Removes a folder this module created (the hidden staging folders). */
void       fl_backup_remove_tree     (const char    *path);
/* Copies @src to a new file @dst (never overwriting), hashing what it reads. */
gboolean   fl_backup_copy_and_hash   (const char    *src,
                                      const char    *dst,
                                      char         **sha256,
                                      gint64        *size,
                                      GCancellable  *cancellable,
                                      GError       **error);
gboolean   fl_backup_hash_file       (const char    *path,
                                      char         **sha256,
                                      gint64        *size,
                                      GError       **error);
/* TRUE when @path is absent or an empty folder; @exists tells which. */
gboolean   fl_backup_absent_or_empty (const char    *path,
                                      gboolean      *exists,
                                      GError       **error);
/* A hidden folder beside @target, on the same disk, for an atomic rename. */
char      *fl_backup_make_staging    (const char    *target,
                                      const char    *purpose,
                                      GError       **error);
/* Messages name the folder the user chose, not the hidden one it is built in. */
void       fl_backup_staged_to_final (GError        *error,
                                      const char    *staging,
                                      const char    *final);
/* images/<shard>/<file> below @data_dir, sorted, without the store's
 * unfinished temporary files. */
GPtrArray *fl_backup_list_store      (const char    *data_dir,
                                      GError       **error);
gboolean   fl_backup_valid_hex64     (const char    *text);

/* fl-backup-manifest.c */
gboolean          fl_backup_write_manifest (const char           *dir,
                                            FlSession            *admin,
                                            const FlBackupEntry  *database,
                                            GPtrArray            *files,
                                            GError              **error);
/* Refuses a missing, unreadable or malformed manifest (FL_ERROR_CORRUPT). */
FlBackupManifest *fl_backup_read_manifest  (const char           *backup_dir,
                                            GError              **error);
/* Checks every file's size and SHA-256; names the first that fails. */
gboolean          fl_backup_verify_all     (const char           *backup_dir,
                                            const FlBackupManifest *m,
                                            GError              **error);

G_END_DECLS
