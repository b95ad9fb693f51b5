/* fl-settings.h: the unit's settings and editable lists */
#pragma once

#include "fl-accounts.h"

G_BEGIN_DECLS

/* Keys (values are text; numbers and booleans are validated on write) */
#define FL_SETTING_AGENCY_NAME         "agency_name"
#define FL_SETTING_UNIT_NAME           "unit_name"
#define FL_SETTING_REPORT_CONTACT      "report_contact"
#define FL_SETTING_PAPER_SIZE          "paper_size"          /* "a4" | "letter" */
#define FL_SETTING_LOGO_HASH           "logo_hash"
#define FL_SETTING_LOCKOUT_FAILURES    "lockout_failures"    /* default 5 */
#define FL_SETTING_LOCKOUT_MINUTES     "lockout_minutes"     /* default 10 */
#define FL_SETTING_IDLE_LOCK_MINUTES   "idle_lock_minutes"   /* default 30 */
#define FL_SETTING_PASSWORD_MIN_LENGTH "password_min_length" /* default 8 */
#define FL_SETTING_CANDIDATE_LIST_SIZE "candidate_list_size" /* default 50 */
#define FL_SETTING_BLIND_MODE_DEFAULT  "blind_mode_default"  /* default true */
#define FL_SETTING_SYSTEM_USE_NOTICE   "system_use_notice"
#define FL_SETTING_RETENTION_YEARS     "retention_years"     /* case records; audit is kept >= 5 */

typedef enum
{
  FL_LIST_PURPOSE,
  FL_LIST_INCIDENT_TYPE,
} FlListKind;

typedef struct
{
  const char *agency_name;
  const char *unit_name;
  const char *report_contact;
  const char *paper_size;
  const char *admin_username;
  const char *admin_full_name;
  const char *admin_password;
} FlUnitSetup;

gboolean    fl_unit_is_set_up      (FlDb              *db);
/* First launch: records the unit and creates its first administrator in one
 * transaction. Refused once the unit exists. Returns the administrator's id. */
gint64      fl_unit_setup          (FlDb              *db,
                                    const FlUnitSetup *setup,
                                    GError           **error);

char       *fl_settings_get        (FlDb              *db,
                                    const char        *key);
gint64      fl_settings_get_int    (FlDb              *db,
                                    const char        *key);
gboolean    fl_settings_get_bool   (FlDb              *db,
                                    const char        *key);
/* Administrators only; validated (a clear message names the allowed values) and audited. */
gboolean    fl_settings_set        (FlSession         *actor,
                                    const char        *key,
                                    const char        *value,
                                    GError           **error);
const char * const *fl_settings_known_keys (void);

/* Authorized purposes (R5) and incident types: active entries in order. */
GStrv       fl_settings_get_list   (FlDb              *db,
                                    FlListKind         kind);
gboolean    fl_settings_set_list   (FlSession         *actor,
                                    FlListKind         kind,
                                    const char * const *values,
                                    GError           **error);
gboolean    fl_settings_list_contains (FlDb           *db,
                                       FlListKind      kind,
                                       const char     *value);

G_END_DECLS
