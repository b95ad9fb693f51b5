/* fl-accounts.h: personal accounts, roles, training, sessions (R1–R3) */
#pragma once

#include "fl-db.h"

G_BEGIN_DECLS

typedef enum
{
  FL_ROLE_NONE      = 0,
  FL_ROLE_REQUESTER = 1 << 0,
  FL_ROLE_EXAMINER  = 1 << 1,
  FL_ROLE_RECORDS   = 1 << 2,
  FL_ROLE_ADMIN     = 1 << 3,
} FlRoles;

#define FL_ROLES_ALL (FL_ROLE_REQUESTER | FL_ROLE_EXAMINER | FL_ROLE_RECORDS | FL_ROLE_ADMIN)

typedef struct
{
  gint64   id;
  char    *username;
  char    *full_name;
  FlRoles  roles;
  gboolean active;
  gint64   locked_until;      /* unix time; 0 when not locked */
  char    *training_expires;  /* latest expiry (YYYY-MM-DD) or NULL when never trained */
} FlUserInfo;

void        fl_user_info_free (FlUserInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlUserInfo, fl_user_info_free)

typedef struct
{
  gint64  id;
  char   *provider;
  char   *course;
  char   *completed_on;
  char   *expires_on;
} FlTrainingRecord;

void        fl_training_record_free (FlTrainingRecord *record);

#define FL_TYPE_SESSION (fl_session_get_type ())
G_DECLARE_FINAL_TYPE (FlSession, fl_session, FL, SESSION, GObject)

/* Role names as stored and shown: "requester", "examiner", … */
const char *fl_role_to_string        (FlRoles      role);
gboolean    fl_roles_parse           (const char  *text,
                                      FlRoles     *out_roles,
                                      GError     **error);
char       *fl_roles_to_string       (FlRoles      roles);

gboolean    fl_accounts_any_admin    (FlDb        *db);
/* @actor must be an administrator; NULL is allowed only while the unit has no
 * administrator yet (the first-launch assistant and `faceleads-cli user add`). */
gint64      fl_accounts_create_user  (FlDb        *db,
                                      FlSession   *actor,
                                      const char  *username,
                                      const char  *full_name,
                                      const char  *password,
                                      FlRoles      roles,
                                      GError     **error);
gboolean    fl_accounts_check_password_rules (FlDb       *db,
                                              const char *username,
                                              const char *password,
                                              GError    **error);
FlSession  *fl_accounts_login        (FlDb        *db,
                                      const char  *username,
                                      const char  *password,
                                      GError     **error);
GPtrArray  *fl_accounts_list_users   (FlDb        *db,
                                      GError     **error);
FlUserInfo *fl_accounts_get_user     (FlDb        *db,
                                      gint64       user_id,
                                      GError     **error);
gint64      fl_accounts_lookup       (FlDb        *db,
                                      const char  *username,
                                      GError     **error);

/* Administrator actions: each is refused for anyone else, and audited. */
gboolean    fl_accounts_set_roles    (FlSession   *actor,
                                      gint64       user_id,
                                      FlRoles      roles,
                                      GError     **error);
gboolean    fl_accounts_set_active   (FlSession   *actor,
                                      gint64       user_id,
                                      gboolean     active,
                                      GError     **error);
gboolean    fl_accounts_unlock       (FlSession   *actor,
                                      gint64       user_id,
                                      GError     **error);
gboolean    fl_accounts_reset_password (FlSession *actor,
                                        gint64     user_id,
                                        const char *new_password,
                                        GError   **error);
gint64      fl_accounts_add_training (FlSession   *actor,
                                      gint64       user_id,
                                      const char  *provider,
                                      const char  *course,
                                      const char  *completed_on,
                                      const char  *expires_on,
                                      GError     **error);
GPtrArray  *fl_accounts_list_training (FlDb       *db,
                                       gint64      user_id,
                                       GError    **error);
/* TRUE when the user has a training record valid on @date (YYYY-MM-DD; NULL = today). */
gboolean    fl_accounts_training_current (FlDb       *db,
                                          gint64      user_id,
                                          const char *date);

/* The signed-in person */
FlDb       *fl_session_get_db        (FlSession   *self);
gint64      fl_session_get_user_id   (FlSession   *self);
const char *fl_session_get_username  (FlSession   *self);
const char *fl_session_get_full_name (FlSession   *self);
FlRoles     fl_session_get_roles     (FlSession   *self);
gboolean    fl_session_has_role      (FlSession   *self,
                                      FlRoles      role);
/* The policy gate every core action calls first: the person must hold @role
 * and, when @needs_training, a current training record (R1). A refusal is
 * audited with @what as the action. */
gboolean    fl_session_require       (FlSession   *self,
                                      FlRoles      role,
                                      gboolean     needs_training,
                                      const char  *what,
                                      GError     **error);
gboolean    fl_session_audit         (FlSession   *self,
                                      const char  *action,
                                      gint64       case_id,
                                      const char  *outcome,
                                      const char  *details_json,
                                      GError     **error);
gboolean    fl_session_change_password (FlSession  *self,
                                        const char *old_password,
                                        const char *new_password,
                                        GError    **error);
/* Keeps the session's claim on the account alive (no concurrent sessions). */
void        fl_session_touch         (FlSession   *self);
/* Re-authenticates after the idle lock; a wrong password counts toward lockout. */
gboolean    fl_session_unlock        (FlSession   *self,
                                      const char  *password,
                                      GError     **error);
void        fl_session_logout        (FlSession   *self);

G_END_DECLS
