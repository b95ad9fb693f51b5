/* fl-db.h: the unit's case database (SQLite, WAL, foreign keys, versioned schema) */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

#include "fl-error.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define FL_TYPE_DB (fl_db_get_type ())
G_DECLARE_FINAL_TYPE (FlDb, fl_db, FL, DB, GObject)

FlDb          *fl_db_open               (const char   *data_dir,
                                         GError      **error);
const char    *fl_db_get_data_dir       (FlDb         *self);
const char    *fl_db_get_path           (FlDb         *self);
sqlite3       *fl_db_get_handle         (FlDb         *self);
int            fl_db_get_schema_version (FlDb         *self);

sqlite3_stmt  *fl_db_prepare            (FlDb         *self,
                                         const char   *sql,
                                         GError      **error);
gboolean       fl_db_exec               (FlDb         *self,
                                         const char   *sql,
                                         GError      **error);
gboolean       fl_db_step_done          (FlDb         *self,
                                         sqlite3_stmt *stmt,
                                         GError      **error);
/* Steps an UPDATE whose WHERE clause checks the row is still as read: unless
 * exactly one row changed, someone else got there first and it fails with
 * FL_ERROR_BUSY and @conflict as the message. */
gboolean       fl_db_step_one_row       (FlDb         *self,
                                         sqlite3_stmt *stmt,
                                         const char   *conflict,
                                         GError      **error);
gboolean       fl_db_set_error          (FlDb         *self,
                                         GError      **error,
                                         const char   *what);
gboolean       fl_db_begin              (FlDb         *self,
                                         GError      **error);
gboolean       fl_db_commit             (FlDb         *self,
                                         GError      **error);
void           fl_db_rollback           (FlDb         *self);

/* Binds NULL for a NULL string, else the text (copied). */
void           fl_db_bind_text          (sqlite3_stmt *stmt,
                                         int           index,
                                         const char   *text);
char          *fl_db_column_dup         (sqlite3_stmt *stmt,
                                         int           column);
gint64         fl_db_query_int64        (FlDb         *self,
                                         const char   *sql,
                                         gint64        fallback);

/* Schema (fl-schema.c) */
int            fl_schema_latest_version (void);
gboolean       fl_schema_migrate        (sqlite3      *handle,
                                         int           from_version,
                                         int           to_version,
                                         GError      **error);

/* ISO 8601 UTC with microseconds, e.g. 2026-11-23T10:42:01.123456Z */
char          *fl_now_iso8601           (void);
gint64         fl_now_unix              (void);

G_END_DECLS

G_BEGIN_DECLS
/* --data-dir, else FACELEADS_DATA_DIR, else $XDG_DATA_HOME/faceleads */
char          *fl_db_default_data_dir   (const char   *override);
G_END_DECLS
