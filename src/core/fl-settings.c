/* fl-settings.c: unit settings with defaults, validation and audit */
#include <string.h>

#include "fl-audit.h"
#include "fl-settings.h"

typedef enum { KIND_TEXT, KIND_INT, KIND_BOOL, KIND_CHOICE } Kind;

typedef struct
{
  const char *key;
  Kind        kind;
  const char *fallback;
  gint64      min;
  gint64      max;
  const char *choices; /* KIND_CHOICE: '|'-separated */
  const char *label;
} Spec;

static const Spec specs[] = {
  { FL_SETTING_AGENCY_NAME, KIND_TEXT, "", 0, 200, NULL, "Agency name" },
  { FL_SETTING_UNIT_NAME, KIND_TEXT, "", 0, 200, NULL, "Unit name" },
  { FL_SETTING_REPORT_CONTACT, KIND_TEXT, "", 0, 400, NULL, "Report contact line" },
  { FL_SETTING_PAPER_SIZE, KIND_CHOICE, "letter", 0, 0, "a4|letter", "Paper size" },
  { FL_SETTING_LOGO_HASH, KIND_TEXT, "", 0, 64, NULL, "Logo" },
  { FL_SETTING_LOCKOUT_FAILURES, KIND_INT, "5", 1, 20, NULL, "Failed logins before lockout" },
  { FL_SETTING_LOCKOUT_MINUTES, KIND_INT, "10", 1, 1440, NULL, "Lockout minutes" },
  { FL_SETTING_IDLE_LOCK_MINUTES, KIND_INT, "30", 1, 30, NULL, "Idle minutes before the screen locks" },
  { FL_SETTING_PASSWORD_MIN_LENGTH, KIND_INT, "8", 8, 64, NULL, "Minimum password length" },
  { FL_SETTING_CANDIDATE_LIST_SIZE, KIND_INT, "50", 1, 500, NULL, "Candidate list size" },
  { FL_SETTING_BLIND_MODE_DEFAULT, KIND_BOOL, "true", 0, 0, NULL, "Blind review by default" },
  { FL_SETTING_SYSTEM_USE_NOTICE, KIND_TEXT,
    "This is a law enforcement information system for authorized use only. Usage may be "
    "monitored, recorded and subject to audit. Unauthorized use is prohibited and subject to "
    "criminal and civil penalties. Use of the system indicates consent to monitoring and recording.",
    1, 4000, NULL, "System-use notice" },
  { FL_SETTING_RETENTION_YEARS, KIND_INT, "7", 5, 99, NULL, "Years to keep case records" },
};

static const char * const default_purposes[] = {
  "Suspect in a criminal offense",
  "Planning or engaged in criminal conduct",
  "Missing person, victim or witness",
  "Deceased person",
  "Incapacitated or unable to identify themselves",
  "Arrested without valid identification or suspected false identification",
  "Threat to public safety or officials",
  "Internal-affairs investigation",
  NULL
};

static const char * const default_incident_types[] = {
  "Homicide", "Robbery", "Assault", "Burglary", "Theft", "Fraud or identity theft",
  "Sexual offense", "Narcotics", "Weapons offense", "Missing person", "Death investigation",
  "Other felony", NULL
};

static const Spec *
find_spec (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    if (g_strcmp0 (specs[i].key, key) == 0)
      return &specs[i];
  return NULL;
}

const char * const *
fl_settings_known_keys (void)
{
  static const char *keys[G_N_ELEMENTS (specs) + 1];

  if (keys[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
      keys[i] = specs[i].key;
  return keys;
}

char *
fl_settings_get (FlDb       *db,
                 const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT value FROM settings WHERE key = ?;", NULL);
  const Spec *spec = find_spec (key);

  if (stmt != NULL)
    {
      fl_db_bind_text (stmt, 1, key);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        return fl_db_column_dup (stmt, 0);
    }
  return g_strdup (spec ? spec->fallback : "");
}

gint64
fl_settings_get_int (FlDb       *db,
                     const char *key)
{
  g_autofree char *value = fl_settings_get (db, key);

  return g_ascii_strtoll (value, NULL, 10);
}

gboolean
fl_settings_get_bool (FlDb       *db,
                      const char *key)
{
  g_autofree char *value = fl_settings_get (db, key);

  return g_strcmp0 (value, "true") == 0;
}

static gboolean
validate (const Spec  *spec,
          const char  *value,
          GError     **error)
{
  switch (spec->kind)
    {
    case KIND_TEXT:
      if (!g_utf8_validate (value, -1, NULL) || (gint64) g_utf8_strlen (value, -1) < spec->min ||
          (gint64) g_utf8_strlen (value, -1) > spec->max)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "%s must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT " characters.",
                       spec->label, spec->min, spec->max);
          return FALSE;
        }
      return TRUE;
    case KIND_INT:
      {
        gint64 n;
        if (!g_ascii_string_to_signed (value, 10, spec->min, spec->max, &n, NULL))
          {
            g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                         "%s must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                         " (got “%s”).", spec->label, spec->min, spec->max, value);
            return FALSE;
          }
        return TRUE;
      }
    case KIND_BOOL:
      if (g_strcmp0 (value, "true") != 0 && g_strcmp0 (value, "false") != 0)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "%s must be “true” or “false” (got “%s”).",
                       spec->label, value);
          return FALSE;
        }
      return TRUE;
    case KIND_CHOICE:
      {
        g_auto(GStrv) choices = g_strsplit (spec->choices, "|", -1);
        if (!g_strv_contains ((const char * const *) choices, value))
          {
            g_autofree char *allowed = g_strjoinv (", ", choices);
            g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "%s must be one of: %s (got “%s”).",
                         spec->label, allowed, value);
            return FALSE;
          }
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
}

static gboolean
store_setting (FlDb        *db,
               const char  *key,
               const char  *value,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?);",
                                                error);
  if (stmt == NULL)
    return FALSE;
  fl_db_bind_text (stmt, 1, key);
  fl_db_bind_text (stmt, 2, value);
  return fl_db_step_done (db, stmt, error);
}

gboolean
fl_settings_set (FlSession   *actor,
                 const char  *key,
                 const char  *value,
                 GError     **error)
{
  FlDb *db = fl_session_get_db (actor);
  const Spec *spec = find_spec (key);
  g_autofree char *old = NULL;
  g_autofree char *details = NULL;

  if (!fl_session_require (actor, FL_ROLE_ADMIN, FALSE, "settings.change", error))
    return FALSE;
  if (spec == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "“%s” is not a unit setting.", key);
      return FALSE;
    }
  if (value == NULL || !validate (spec, value, error))
    return FALSE;

  old = fl_settings_get (db, key);
  details = fl_audit_details ("key", key, "old", old, "new", value, NULL);
  if (!fl_db_begin (db, error))
    return FALSE;
  if (!store_setting (db, key, value, error) ||
      !fl_session_audit (actor, "settings.change", 0, "success", details, error))
    {
      fl_db_rollback (db);
      return FALSE;
    }
  return fl_db_commit (db, error);
}

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static const char *
list_kind_name (FlListKind kind)
{
  return kind == FL_LIST_PURPOSE ? "purpose" : "incident_type";
}

static gboolean
replace_list (FlDb                *db,
              FlListKind           kind,
              const char * const  *values,
              GError             **error)
{
  g_autoptr(sqlite3_stmt) hide = fl_db_prepare (db, "UPDATE unit_lists SET active = 0 WHERE kind = ?;", error);
  g_autoptr(sqlite3_stmt) put = NULL;

  if (hide == NULL)
    return FALSE;
  fl_db_bind_text (hide, 1, list_kind_name (kind));
  if (!fl_db_step_done (db, hide, error))
    return FALSE;

  /* Old entries stay (inactive) so past requests still name a known value. */
  put = fl_db_prepare (db, "INSERT INTO unit_lists (kind, value, position, active) VALUES (?, ?, ?, 1)"
                           " ON CONFLICT (kind, value) DO UPDATE SET position = excluded.position, active = 1;",
                       error);
  if (put == NULL)
    return FALSE;
  for (guint i = 0; values[i] != NULL; i++)
    {
      sqlite3_reset (put);
      fl_db_bind_text (put, 1, list_kind_name (kind));
      fl_db_bind_text (put, 2, values[i]);
      sqlite3_bind_int (put, 3, (int) i);
      if (!fl_db_step_done (db, put, error))
        return FALSE;
    }
  return TRUE;
}

GStrv
fl_settings_get_list (FlDb       *db,
                      FlListKind  kind)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT value FROM unit_lists WHERE kind = ? AND active = 1"
                                                    " ORDER BY position;", NULL);

  if (stmt != NULL)
    {
      fl_db_bind_text (stmt, 1, list_kind_name (kind));
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
    }
  return g_strv_builder_end (builder);
}

gboolean
fl_settings_list_contains (FlDb       *db,
                           FlListKind  kind,
                           const char *value)
{
  g_auto(GStrv) values = fl_settings_get_list (db, kind);

  return value != NULL && g_strv_contains ((const char * const *) values, value);
}

gboolean
fl_settings_set_list (FlSession           *actor,
                      FlListKind           kind,
                      const char * const  *values,
                      GError             **error)
{
  FlDb *db = fl_session_get_db (actor);
  g_autofree char *joined = NULL;
  g_autofree char *details = NULL;

  if (!fl_session_require (actor, FL_ROLE_ADMIN, FALSE, "settings.list", error))
    return FALSE;
  if (values == NULL || values[0] == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The list of %s needs at least one entry.",
                   kind == FL_LIST_PURPOSE ? "authorized purposes" : "incident types");
      return FALSE;
    }
  for (guint i = 0; values[i] != NULL; i++)
    if (is_blank (values[i]) || strlen (values[i]) > 200)
      {
        g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                     "Entry %u of the list is empty or longer than 200 characters.", i + 1);
        return FALSE;
      }

  joined = g_strjoinv ("; ", (char **) values);
  details = fl_audit_details ("list", list_kind_name (kind), "values", joined, NULL);
  if (!fl_db_begin (db, error))
    return FALSE;
  if (!replace_list (db, kind, values, error) ||
      !fl_session_audit (actor, "settings.list", 0, "success", details, error))
    {
      fl_db_rollback (db);
      return FALSE;
    }
  return fl_db_commit (db, error);
}

gboolean
fl_unit_is_set_up (FlDb *db)
{
  g_autofree char *unit = fl_settings_get (db, FL_SETTING_UNIT_NAME);

  return *unit != '\0' && fl_accounts_any_admin (db);
}

gint64
fl_unit_setup (FlDb               *db,
               const FlUnitSetup  *setup,
               GError            **error)
{
  const struct { const char *key; const char *value; } values[] = {
    { FL_SETTING_AGENCY_NAME, setup->agency_name },
    { FL_SETTING_UNIT_NAME, setup->unit_name },
    { FL_SETTING_REPORT_CONTACT, setup->report_contact },
    { FL_SETTING_PAPER_SIZE, setup->paper_size },
  };
  g_autofree char *details = NULL;
  gint64 admin_id;

  if (fl_unit_is_set_up (db))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_EXISTS,
                   "This unit is already set up. Sign in as an administrator to change its settings.");
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      const Spec *spec = find_spec (values[i].key);
      if (values[i].value == NULL || *values[i].value == '\0')
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "%s is required.", spec->label);
          return 0;
        }
      if (!validate (spec, values[i].value, error))
        return 0;
    }

  if (!fl_db_begin (db, error))
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (!store_setting (db, values[i].key, values[i].value, error))
      goto fail;
  if (!replace_list (db, FL_LIST_PURPOSE, default_purposes, error) ||
      !replace_list (db, FL_LIST_INCIDENT_TYPE, default_incident_types, error))
    goto fail;
  admin_id = fl_accounts_create_user (db, NULL, setup->admin_username, setup->admin_full_name,
                                      setup->admin_password, FL_ROLE_ADMIN, error);
  if (admin_id == 0)
    goto fail;
  details = fl_audit_details ("agency", setup->agency_name, "unit", setup->unit_name,
                              "paper_size", setup->paper_size, NULL);
  if (!fl_audit_append (db, admin_id, setup->admin_username, "unit.setup", 0, "success", details, error))
    goto fail;
  if (!fl_db_commit (db, error))
    return 0;
  return admin_id;

fail:
  fl_db_rollback (db);
  return 0;
}
