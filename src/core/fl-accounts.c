/* fl-accounts.c: accounts, roles, training, login, lockout and sessions */
#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "fl-accounts.h"
#include "fl-audit.h"
#include "fl-settings.h"

struct _FlSession
{
  GObject  parent_instance;
  FlDb    *db;
  gint64   user_id;
  char    *username;
  char    *full_name;
  FlRoles  roles;
  char    *token;
};

G_DEFINE_FINAL_TYPE (FlSession, fl_session, G_TYPE_OBJECT)

static const struct { FlRoles role; const char *name; } role_names[] = {
  { FL_ROLE_REQUESTER, "requester" },
  { FL_ROLE_EXAMINER, "examiner" },
  { FL_ROLE_RECORDS, "records" },
  { FL_ROLE_ADMIN, "administrator" },
};

static void
fl_session_finalize (GObject *object)
{
  FlSession *self = FL_SESSION (object);

  g_clear_object (&self->db);
  g_free (self->username);
  g_free (self->full_name);
  g_free (self->token);
  G_OBJECT_CLASS (fl_session_parent_class)->finalize (object);
}

static void
fl_session_class_init (FlSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fl_session_finalize;
}

static void
fl_session_init (FlSession *self)
{
}

void
fl_user_info_free (FlUserInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->username);
  g_free (info->full_name);
  g_free (info->training_expires);
  g_free (info);
}

void
fl_training_record_free (FlTrainingRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->provider);
  g_free (record->course);
  g_free (record->completed_on);
  g_free (record->expires_on);
  g_free (record);
}

const char *
fl_role_to_string (FlRoles role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (role_names[i].role == role)
      return role_names[i].name;
  return "unknown";
}

char *
fl_roles_to_string (FlRoles roles)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (roles & role_names[i].role)
      g_string_append_printf (out, "%s%s", out->len ? "," : "", role_names[i].name);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
fl_roles_parse (const char  *text,
                FlRoles     *out_roles,
                GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text ? text : "", ",", -1);
  FlRoles roles = FL_ROLE_NONE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);
      gboolean found = FALSE;

      if (*part == '\0')
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (role_names); j++)
        if (g_ascii_strcasecmp (part, role_names[j].name) == 0 ||
            (role_names[j].role == FL_ROLE_ADMIN && g_ascii_strcasecmp (part, "admin") == 0))
          {
            roles |= role_names[j].role;
            found = TRUE;
          }
      if (!found)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "“%s” is not a role. Roles are requester, examiner, records and administrator.",
                       part);
          return FALSE;
        }
    }
  if (roles == FL_ROLE_NONE)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "Give at least one role: requester, examiner, records or administrator.");
      return FALSE;
    }
  *out_roles = roles;
  return TRUE;
}

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_FAILED, "The password library could not start.");
      return FALSE;
    }
  return TRUE;
}

static char *
hash_password (const char  *password,
               GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  if (!ensure_sodium (error))
    return NULL;
  if (crypto_pwhash_str (out, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_FAILED,
                           "Not enough memory to protect the password. Close other programs and try again.");
      return NULL;
    }
  return g_strdup (out);
}

gboolean
fl_accounts_check_password_rules (FlDb        *db,
                                  const char  *username,
                                  const char  *password,
                                  GError     **error)
{
  gint64 min = fl_settings_get_int (db, FL_SETTING_PASSWORD_MIN_LENGTH);

  if (password == NULL || (gint64) g_utf8_strlen (password, -1) < min)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The password must have at least %" G_GINT64_FORMAT " characters.", min);
      return FALSE;
    }
  if (username != NULL && g_utf8_collate (password, username) == 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The password must not be the user name. Choose another password.");
      return FALSE;
    }
  if (username != NULL && g_ascii_strcasecmp (password, username) == 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The password must not be the user name. Choose another password.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
valid_username (const char  *username,
                GError     **error)
{
  gsize len = username ? strlen (username) : 0;

  if (len < 2 || len > 64)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The user name must have 2 to 64 characters.");
      return FALSE;
    }
  for (const char *p = username; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      {
        g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                     "The user name “%s” may only use letters, digits, dots, hyphens and underscores.",
                     username);
        return FALSE;
      }
  return TRUE;
}

gboolean
fl_accounts_any_admin (FlDb *db)
{
  return fl_db_query_int64 (db, "SELECT count(*) FROM users u JOIN user_roles r ON r.user_id = u.id"
                                " WHERE r.role_id = 8 AND u.active = 1;", 0) > 0;
}

static gboolean
write_roles (FlDb     *db,
             gint64    user_id,
             FlRoles   roles,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) clear = fl_db_prepare (db, "DELETE FROM user_roles WHERE user_id = ?;", error);
  g_autoptr(sqlite3_stmt) add = NULL;

  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, user_id);
  if (!fl_db_step_done (db, clear, error))
    return FALSE;
  add = fl_db_prepare (db, "INSERT INTO user_roles (user_id, role_id) VALUES (?, ?);", error);
  if (add == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (roles & role_names[i].role)
      {
        sqlite3_reset (add);
        sqlite3_bind_int64 (add, 1, user_id);
        sqlite3_bind_int (add, 2, role_names[i].role);
        if (!fl_db_step_done (db, add, error))
          return FALSE;
      }
  return TRUE;
}

gint64
fl_accounts_create_user (FlDb        *db,
                         FlSession   *actor,
                         const char  *username,
                         const char  *full_name,
                         const char  *password,
                         FlRoles      roles,
                         GError     **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *role_text = fl_roles_to_string (roles);
  g_autofree char *details = NULL;
  g_autofree char *trimmed = g_strdup (full_name ? full_name : "");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

  if (actor != NULL)
    {
      if (!fl_session_require (actor, FL_ROLE_ADMIN, FALSE, "user.add", error))
        return 0;
    }
  else if (fl_accounts_any_admin (db))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_DENIED,
                           "Only an administrator can add accounts. Sign in as an administrator.");
      return 0;
    }
  else if (!(roles & FL_ROLE_ADMIN))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The first account of a unit must be an administrator.");
      return 0;
    }

  if (!valid_username (username, error))
    return 0;
  if (full_name == NULL || g_str_equal (g_strstrip (trimmed), ""))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "Give the person's full name: every action is attributed to a person.");
      return 0;
    }
  if ((roles & ~FL_ROLES_ALL) != 0 || roles == FL_ROLE_NONE)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, "Give at least one valid role.");
      return 0;
    }
  if (!fl_accounts_check_password_rules (db, username, password, error))
    return 0;
  if (fl_accounts_lookup (db, username, NULL) > 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_EXISTS,
                   "The user name “%s” is taken (accounts are never deleted). Choose another.",
                   username);
      return 0;
    }
  hash = hash_password (password, error);
  if (hash == NULL)
    return 0;

  if (!fl_db_begin (db, error))
    return 0;
  stmt = fl_db_prepare (db, "INSERT INTO users (username, full_name, password_hash, password_changed_at,"
                            " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    goto fail;
  fl_db_bind_text (stmt, 1, username);
  fl_db_bind_text (stmt, 2, full_name);
  fl_db_bind_text (stmt, 3, hash);
  fl_db_bind_text (stmt, 4, now);
  fl_db_bind_text (stmt, 5, now);
  if (actor != NULL)
    sqlite3_bind_int64 (stmt, 6, actor->user_id);
  if (!fl_db_step_done (db, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (fl_db_get_handle (db));
  if (!write_roles (db, id, roles, error))
    goto fail;
  details = fl_audit_details ("username", username, "full_name", full_name, "roles", role_text, NULL);
  if (!fl_audit_append (db, actor ? actor->user_id : id, actor ? actor->username : username,
                        "user.add", 0, "success", details, error))
    goto fail;
  if (!fl_db_commit (db, error))
    return 0;
  return id;

fail:
  fl_db_rollback (db);
  return 0;
}

gint64
fl_accounts_lookup (FlDb        *db,
                    const char  *username,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT id FROM users WHERE username = ?;", error);

  if (stmt == NULL)
    return 0;
  fl_db_bind_text (stmt, 1, username);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no account “%s”.", username);
  return 0;
}

static FlRoles
read_roles (FlDb   *db,
            gint64  user_id)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT coalesce (sum (role_id), 0) FROM user_roles"
                                                    " WHERE user_id = ?;", NULL);
  if (stmt == NULL)
    return FL_ROLE_NONE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? (FlRoles) sqlite3_column_int (stmt, 0) : FL_ROLE_NONE;
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

gboolean
fl_accounts_training_current (FlDb       *db,
                              gint64      user_id,
                              const char *date)
{
  g_autofree char *day = date ? g_strdup (date) : today ();
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT 1 FROM training WHERE user_id = ?"
                                                    " AND completed_on <= ?2 AND expires_on >= ?2 LIMIT 1;",
                                                NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  fl_db_bind_text (stmt, 2, day);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static FlUserInfo *
user_from_row (sqlite3_stmt *stmt)
{
  FlUserInfo *info = g_new0 (FlUserInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->username = fl_db_column_dup (stmt, 1);
  info->full_name = fl_db_column_dup (stmt, 2);
  info->active = sqlite3_column_int (stmt, 3);
  info->locked_until = sqlite3_column_int64 (stmt, 4);
  info->roles = (FlRoles) sqlite3_column_int (stmt, 5);
  info->training_expires = fl_db_column_dup (stmt, 6);
  return info;
}

#define USER_COLUMNS \
  "SELECT u.id, u.username, u.full_name, u.active, u.locked_until," \
  " (SELECT coalesce (sum (role_id), 0) FROM user_roles WHERE user_id = u.id)," \
  " (SELECT max (expires_on) FROM training WHERE user_id = u.id) FROM users u "

GPtrArray *
fl_accounts_list_users (FlDb    *db,
                        GError **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_user_info_free);
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, USER_COLUMNS "ORDER BY u.username;", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (users, user_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot list the accounts");
      return NULL;
    }
  return g_steal_pointer (&users);
}

FlUserInfo *
fl_accounts_get_user (FlDb    *db,
                      gint64   user_id,
                      GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, USER_COLUMNS "WHERE u.id = ?;", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no account with id %" G_GINT64_FORMAT ".",
                   user_id);
      return NULL;
    }
  return user_from_row (stmt);
}

static gboolean
update_user_int (FlDb        *db,
                 const char  *sql,
                 gint64       user_id,
                 gint64       a,
                 gint64       b,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  sqlite3_bind_int64 (stmt, 3, user_id);
  return fl_db_step_done (db, stmt, error);
}

static char *
session_owner_here (void)
{
  return g_strdup_printf ("%s:%d", g_get_host_name (), (int) getpid ());
}

/* A claim made by a process of this machine that no longer runs is stale:
 * a killed command or a crashed window must not keep the account blocked. */
static gboolean
claim_is_stale (const char *owner)
{
  g_autofree char *prefix = g_strdup_printf ("%s:", g_get_host_name ());
  gint64 pid;

  if (owner == NULL || !g_str_has_prefix (owner, prefix))
    return FALSE;
  if (!g_ascii_string_to_signed (owner + strlen (prefix), 10, 1, G_MAXINT, &pid, NULL))
    return FALSE;
  return kill ((pid_t) pid, 0) != 0 && errno == ESRCH;
}

static void
audit_login (FlDb       *db,
             gint64      user_id,
             const char *username,
             const char *outcome,
             const char *reason)
{
  g_autofree char *details = fl_audit_details ("reason", reason, NULL);

  fl_audit_append (db, user_id, username, "login", 0, outcome, details, NULL);
}

FlSession *
fl_accounts_login (FlDb        *db,
                   const char  *username,
                   const char  *password,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(FlSession) session = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *full_name = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *owner_here = session_owner_here ();
  gint64 user_id, locked_until, seen, now = fl_now_unix ();
  gboolean active, has_token;
  int failures;
  guint8 raw[16];

  if (!ensure_sodium (error))
    return NULL;

  stmt = fl_db_prepare (db, "SELECT id, username, full_name, password_hash, active, failed_logins,"
                            " locked_until, session_token IS NOT NULL, session_seen_at, session_owner FROM users"
                            " WHERE username = ?;", error);
  if (stmt == NULL)
    return NULL;
  fl_db_bind_text (stmt, 1, username ? username : "");
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      audit_login (db, 0, username, "failed", "unknown user name");
      g_set_error_literal (error, FL_ERROR, FL_ERROR_AUTH,
                           "Wrong user name or password. Check both and try again.");
      return NULL;
    }
  user_id = sqlite3_column_int64 (stmt, 0);
  canonical = fl_db_column_dup (stmt, 1);
  full_name = fl_db_column_dup (stmt, 2);
  stored = fl_db_column_dup (stmt, 3);
  active = sqlite3_column_int (stmt, 4);
  failures = sqlite3_column_int (stmt, 5);
  locked_until = sqlite3_column_int64 (stmt, 6);
  has_token = sqlite3_column_int (stmt, 7);
  seen = sqlite3_column_int64 (stmt, 8);
  owner = fl_db_column_dup (stmt, 9);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!active)
    {
      audit_login (db, user_id, canonical, "refused", "account deactivated");
      g_set_error_literal (error, FL_ERROR, FL_ERROR_DENIED,
                           "This account is deactivated. Ask an administrator if you need access again.");
      return NULL;
    }
  if (locked_until > now)
    {
      g_autoptr(GDateTime) until = g_date_time_new_from_unix_local (locked_until);
      g_autofree char *when = g_date_time_format (until, "%H:%M");
      audit_login (db, user_id, canonical, "refused", "account locked");
      g_set_error (error, FL_ERROR, FL_ERROR_LOCKED_OUT,
                   "This account is locked after too many failed sign-ins until %s. "
                   "Wait until then or ask an administrator to unlock it.", when);
      return NULL;
    }
  if (password == NULL || crypto_pwhash_str_verify (stored, password, strlen (password)) != 0)
    {
      gint64 limit = fl_settings_get_int (db, FL_SETTING_LOCKOUT_FAILURES);
      gint64 minutes = fl_settings_get_int (db, FL_SETTING_LOCKOUT_MINUTES);

      failures++;
      if (failures >= limit)
        {
          g_autofree char *details = g_strdup_printf ("{\"failures\":%d,\"minutes\":%" G_GINT64_FORMAT "}",
                                                      failures, minutes);
          update_user_int (db, "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?;",
                           user_id, 0, now + minutes * 60, NULL);
          audit_login (db, user_id, canonical, "failed", "wrong password");
          fl_audit_append (db, user_id, canonical, "account.lockout", 0, "locked", details, NULL);
          g_set_error (error, FL_ERROR, FL_ERROR_LOCKED_OUT,
                       "Wrong password. The account is now locked for %" G_GINT64_FORMAT " minutes after %d "
                       "failed sign-ins; an administrator can unlock it sooner.", minutes, failures);
          return NULL;
        }
      update_user_int (db, "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?;",
                       user_id, failures, 0, NULL);
      audit_login (db, user_id, canonical, "failed", "wrong password");
      g_set_error (error, FL_ERROR, FL_ERROR_AUTH,
                   "Wrong user name or password. %" G_GINT64_FORMAT " attempts left before the account locks.",
                   limit - failures);
      return NULL;
    }

  /* One session per account: a claim counts while it was active within the idle-lock time. */
  if (has_token && seen > now - fl_settings_get_int (db, FL_SETTING_IDLE_LOCK_MINUTES) * 60 &&
      !claim_is_stale (owner))
    {
      audit_login (db, user_id, canonical, "refused", "already signed in elsewhere");
      g_set_error_literal (error, FL_ERROR, FL_ERROR_DENIED,
                           "This account is already signed in on another FaceLeads window or command. "
                           "Sign out there first; accounts are personal and may not be shared.");
      return NULL;
    }

  session = g_object_new (FL_TYPE_SESSION, NULL);
  session->db = g_object_ref (db);
  session->user_id = user_id;
  session->username = g_steal_pointer (&canonical);
  session->full_name = g_steal_pointer (&full_name);
  session->roles = read_roles (db, user_id);
  randombytes_buf (raw, sizeof raw);
  session->token = g_compute_checksum_for_data (G_CHECKSUM_SHA256, raw, sizeof raw);

  stmt = fl_db_prepare (db, "UPDATE users SET failed_logins = 0, locked_until = 0, session_token = ?,"
                            " session_seen_at = ?, session_owner = ? WHERE id = ?;", error);
  if (stmt == NULL)
    return NULL;
  fl_db_bind_text (stmt, 1, session->token);
  sqlite3_bind_int64 (stmt, 2, now);
  fl_db_bind_text (stmt, 3, owner_here);
  sqlite3_bind_int64 (stmt, 4, user_id);
  if (!fl_db_step_done (db, stmt, error))
    return NULL;
  audit_login (db, user_id, session->username, "success", NULL);
  return g_steal_pointer (&session);
}

FlDb *
fl_session_get_db (FlSession *self)
{
  return self->db;
}

gint64
fl_session_get_user_id (FlSession *self)
{
  return self->user_id;
}

const char *
fl_session_get_username (FlSession *self)
{
  return self->username;
}

const char *
fl_session_get_full_name (FlSession *self)
{
  return self->full_name;
}

FlRoles
fl_session_get_roles (FlSession *self)
{
  return self->roles;
}

gboolean
fl_session_has_role (FlSession *self,
                     FlRoles    role)
{
  return (self->roles & role) == role;
}

gboolean
fl_session_audit (FlSession   *self,
                  const char  *action,
                  gint64       case_id,
                  const char  *outcome,
                  const char  *details_json,
                  GError     **error)
{
  return fl_audit_append (self->db, self->user_id, self->username, action, case_id, outcome,
                          details_json, error);
}

gboolean
fl_session_require (FlSession   *self,
                    FlRoles      role,
                    gboolean     needs_training,
                    const char  *what,
                    GError     **error)
{
  g_autoptr(FlUserInfo) info = NULL;

  g_return_val_if_fail (FL_IS_SESSION (self), FALSE);

  /* Roles and active state are re-read: an administrator's change applies at once. */
  info = fl_accounts_get_user (self->db, self->user_id, error);
  if (info == NULL)
    return FALSE;
  self->roles = info->roles;

  if (!info->active)
    {
      g_autofree char *details = fl_audit_details ("reason", "account deactivated", NULL);
      fl_session_audit (self, what, 0, "refused", details, NULL);
      g_set_error_literal (error, FL_ERROR, FL_ERROR_DENIED,
                           "Your account has been deactivated. Ask an administrator.");
      return FALSE;
    }
  if ((info->roles & role) != role)
    {
      g_autofree char *need = fl_roles_to_string (role);
      g_autofree char *details = fl_audit_details ("reason", "role missing", "role", need, NULL);
      fl_session_audit (self, what, 0, "refused", details, NULL);
      g_set_error (error, FL_ERROR, FL_ERROR_DENIED,
                   "Only a person with the %s role may do this. Ask an administrator for the role.", need);
      return FALSE;
    }
  if (needs_training && !fl_accounts_training_current (self->db, self->user_id, NULL))
    {
      g_autofree char *details = fl_audit_details ("reason", "no current training record", NULL);
      fl_session_audit (self, what, 0, "refused", details, NULL);
      g_set_error_literal (error, FL_ERROR, FL_ERROR_DENIED,
                           "Your facial-recognition training record is missing or has expired, so "
                           "you may not search, enhance or conclude. Ask an administrator to record "
                           "your current training.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
admin_update (FlSession   *actor,
              const char  *action,
              gint64       user_id,
              const char  *sql,
              gint64       a,
              gint64       b,
              const char  *details,
              GError     **error)
{
  g_autoptr(FlUserInfo) target = NULL;

  if (!fl_session_require (actor, FL_ROLE_ADMIN, FALSE, action, error))
    return FALSE;
  target = fl_accounts_get_user (actor->db, user_id, error);
  if (target == NULL)
    return FALSE;
  if (!fl_db_begin (actor->db, error))
    return FALSE;
  if (!update_user_int (actor->db, sql, user_id, a, b, error) ||
      !fl_session_audit (actor, action, 0, "success", details, error))
    {
      fl_db_rollback (actor->db);
      return FALSE;
    }
  return fl_db_commit (actor->db, error);
}

gboolean
fl_accounts_set_roles (FlSession  *actor,
                       gint64      user_id,
                       FlRoles     roles,
                       GError    **error)
{
  g_autofree char *role_text = fl_roles_to_string (roles);
  g_autofree char *uid = g_strdup_printf ("%" G_GINT64_FORMAT, user_id);
  g_autofree char *details = fl_audit_details ("user_id", uid, "roles", role_text, NULL);

  if (!fl_session_require (actor, FL_ROLE_ADMIN, FALSE, "user.roles", error))
    return FALSE;
  if (roles == FL_ROLE_NONE || (roles & ~FL_ROLES_ALL))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, "Give at least one valid role.");
      return FALSE;
    }
  if (user_id == actor->user_id && !(roles & FL_ROLE_ADMIN))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "You cannot remove your own administrator role; ask another administrator.");
      return FALSE;
    }
  if (!fl_db_begin (actor->db, error))
    return FALSE;
  if (!write_roles (actor->db, user_id, roles, error) ||
      !fl_session_audit (actor, "user.roles", 0, "success", details, error))
    {
      fl_db_rollback (actor->db);
      return FALSE;
    }
  return fl_db_commit (actor->db, error);
}

gboolean
fl_accounts_set_active (FlSession  *actor,
                        gint64      user_id,
                        gboolean    active,
                        GError    **error)
{
  g_autofree char *uid = g_strdup_printf ("%" G_GINT64_FORMAT, user_id);
  g_autofree char *details = fl_audit_details ("user_id", uid, NULL);

  if (!active && user_id == actor->user_id)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "You cannot deactivate your own account; ask another administrator.");
      return FALSE;
    }
  /* Deactivation also ends any session claim. Accounts are never deleted:
   * history stays attributed. */
  return admin_update (actor, active ? "user.activate" : "user.deactivate", user_id,
                       "UPDATE users SET active = ?, session_token = CASE WHEN ?2 = 0 THEN NULL"
                       " ELSE session_token END WHERE id = ?3;",
                       active ? 1 : 0, active ? 1 : 0, details, error);
}

gboolean
fl_accounts_unlock (FlSession  *actor,
                    gint64      user_id,
                    GError    **error)
{
  g_autofree char *uid = g_strdup_printf ("%" G_GINT64_FORMAT, user_id);
  g_autofree char *details = fl_audit_details ("user_id", uid, NULL);

  /* Unlocking also releases a sign-in left behind on another machine. */
  return admin_update (actor, "user.unlock", user_id,
                       "UPDATE users SET failed_logins = ?, locked_until = ?, session_token = NULL,"
                       " session_owner = NULL WHERE id = ?;",
                       0, 0, details, error);
}

static gboolean
store_password (FlDb        *db,
                gint64       user_id,
                const char  *password,
                GError     **error)
{
  g_autofree char *hash = hash_password (password, error);
  g_autofree char *now = fl_now_iso8601 ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (hash == NULL)
    return FALSE;
  stmt = fl_db_prepare (db, "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  fl_db_bind_text (stmt, 1, hash);
  fl_db_bind_text (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, user_id);
  return fl_db_step_done (db, stmt, error);
}

gboolean
fl_accounts_reset_password (FlSession   *actor,
                            gint64       user_id,
                            const char  *new_password,
                            GError     **error)
{
  g_autoptr(FlUserInfo) target = NULL;
  g_autofree char *uid = g_strdup_printf ("%" G_GINT64_FORMAT, user_id);
  g_autofree char *details = NULL;

  if (!fl_session_require (actor, FL_ROLE_ADMIN, FALSE, "user.password_reset", error))
    return FALSE;
  target = fl_accounts_get_user (actor->db, user_id, error);
  if (target == NULL || !fl_accounts_check_password_rules (actor->db, target->username, new_password, error))
    return FALSE;
  details = fl_audit_details ("user_id", uid, "username", target->username, NULL);
  if (!fl_db_begin (actor->db, error))
    return FALSE;
  if (!store_password (actor->db, user_id, new_password, error) ||
      !fl_session_audit (actor, "user.password_reset", 0, "success", details, error))
    {
      fl_db_rollback (actor->db);
      return FALSE;
    }
  return fl_db_commit (actor->db, error);
}

gboolean
fl_session_change_password (FlSession   *self,
                            const char  *old_password,
                            const char  *new_password,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (self->db, "SELECT password_hash FROM users WHERE id = ?;", error);

  if (stmt == NULL || !ensure_sodium (error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW || old_password == NULL ||
      crypto_pwhash_str_verify ((const char *) sqlite3_column_text (stmt, 0), old_password,
                                strlen (old_password)) != 0)
    {
      fl_session_audit (self, "user.password_change", 0, "failed", NULL, NULL);
      g_set_error_literal (error, FL_ERROR, FL_ERROR_AUTH, "The current password is wrong.");
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!fl_accounts_check_password_rules (self->db, self->username, new_password, error))
    return FALSE;
  if (g_strcmp0 (old_password, new_password) == 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The new password must differ from the current one.");
      return FALSE;
    }
  if (!fl_db_begin (self->db, error))
    return FALSE;
  if (!store_password (self->db, self->user_id, new_password, error) ||
      !fl_session_audit (self, "user.password_change", 0, "success", NULL, error))
    {
      fl_db_rollback (self->db);
      return FALSE;
    }
  return fl_db_commit (self->db, error);
}

static gboolean
valid_date (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  iso = g_strdup_printf ("%sT00:00:00Z", text);
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  return dt != NULL;
}

gint64
fl_accounts_add_training (FlSession   *actor,
                          gint64       user_id,
                          const char  *provider,
                          const char  *course,
                          const char  *completed_on,
                          const char  *expires_on,
                          GError     **error)
{
  g_autoptr(FlUserInfo) target = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *details = NULL;
  gint64 id;

  if (!fl_session_require (actor, FL_ROLE_ADMIN, FALSE, "user.training", error))
    return 0;
  target = fl_accounts_get_user (actor->db, user_id, error);
  if (target == NULL)
    return 0;
  if (provider == NULL || *provider == '\0')
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "Give the training provider (for example FBI, LACRIS or the agency).");
      return 0;
    }
  if (!valid_date (completed_on) || !valid_date (expires_on))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "Give the completion and expiry dates as YYYY-MM-DD.");
      return 0;
    }
  if (g_strcmp0 (expires_on, completed_on) <= 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The expiry date must be after the completion date.");
      return 0;
    }

  details = fl_audit_details ("username", target->username, "provider", provider,
                              "completed_on", completed_on, "expires_on", expires_on, NULL);
  if (!fl_db_begin (actor->db, error))
    return 0;
  stmt = fl_db_prepare (actor->db, "INSERT INTO training (user_id, provider, course, completed_on, expires_on,"
                                   " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, user_id);
  fl_db_bind_text (stmt, 2, provider);
  fl_db_bind_text (stmt, 3, course ? course : "");
  fl_db_bind_text (stmt, 4, completed_on);
  fl_db_bind_text (stmt, 5, expires_on);
  sqlite3_bind_int64 (stmt, 6, actor->user_id);
  fl_db_bind_text (stmt, 7, now);
  if (!fl_db_step_done (actor->db, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (fl_db_get_handle (actor->db));
  if (!fl_session_audit (actor, "user.training", 0, "success", details, error) ||
      !fl_db_commit (actor->db, error))
    goto fail;
  return id;

fail:
  fl_db_rollback (actor->db);
  return 0;
}

GPtrArray *
fl_accounts_list_training (FlDb    *db,
                           gint64   user_id,
                           GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_training_record_free);
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT id, provider, course, completed_on, expires_on"
                                                    " FROM training WHERE user_id = ? ORDER BY expires_on DESC;",
                                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      FlTrainingRecord *r = g_new0 (FlTrainingRecord, 1);
      r->id = sqlite3_column_int64 (stmt, 0);
      r->provider = fl_db_column_dup (stmt, 1);
      r->course = fl_db_column_dup (stmt, 2);
      r->completed_on = fl_db_column_dup (stmt, 3);
      r->expires_on = fl_db_column_dup (stmt, 4);
      g_ptr_array_add (out, r);
    }
  return g_steal_pointer (&out);
}

void
fl_session_touch (FlSession *self)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (self->db, "UPDATE users SET session_seen_at = ?"
                                                          " WHERE id = ? AND session_token = ?;", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, fl_now_unix ());
  sqlite3_bind_int64 (stmt, 2, self->user_id);
  fl_db_bind_text (stmt, 3, self->token);
  sqlite3_step (stmt);
}

gboolean
fl_session_unlock (FlSession   *self,
                   const char  *password,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (self->db, "SELECT password_hash, active FROM users WHERE id = ?;",
                                                error);
  if (stmt == NULL || !ensure_sodium (error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW || !sqlite3_column_int (stmt, 1))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_DENIED, "This account is no longer active.");
      return FALSE;
    }
  if (password == NULL || crypto_pwhash_str_verify ((const char *) sqlite3_column_text (stmt, 0), password,
                                                    strlen (password)) != 0)
    {
      fl_session_audit (self, "screen.unlock", 0, "failed", NULL, NULL);
      g_set_error_literal (error, FL_ERROR, FL_ERROR_AUTH, "Wrong password.");
      return FALSE;
    }
  fl_session_touch (self);
  return fl_session_audit (self, "screen.unlock", 0, "success", NULL, error);
}

void
fl_session_logout (FlSession *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (self->token == NULL)
    return;
  stmt = fl_db_prepare (self->db, "UPDATE users SET session_token = NULL WHERE id = ? AND session_token = ?;",
                        NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, self->user_id);
      fl_db_bind_text (stmt, 2, self->token);
      sqlite3_step (stmt);
    }
  fl_session_audit (self, "logout", 0, "success", NULL, NULL);
  g_clear_pointer (&self->token, g_free);
}
