/* fl-case.c: case header, assignment, states, list and timeline */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "fl-audit.h"
#include "fl-peer-review.h"
#include "fl-request-private.h"

#define CASE_NOTE_MIN_CHARS 10

static const struct { const char *name; const char *label; } case_states[] = {
  [FL_CASE_STATE_ANY] = { "any", "Any state" },
  [FL_CASE_INTAKE] = { "intake", "Intake" },
  [FL_CASE_SEARCHING] = { "searching", "Searching" },
  [FL_CASE_REVIEW] = { "review", "Review" },
  [FL_CASE_PEER_REVIEW] = { "peer_review", "Peer review" },
  [FL_CASE_REPORTED] = { "reported", "Reported" },
  [FL_CASE_NO_MATCH] = { "no_match", "No match" },
  [FL_CASE_CLOSED] = { "closed", "Closed" },
};

#define BIT(s) (1u << (s))

/* The moves of the diagram in fl-case.h. */
static const guint allowed_moves[] = {
  [FL_CASE_STATE_ANY] = 0,
  [FL_CASE_INTAKE] = BIT (FL_CASE_SEARCHING) | BIT (FL_CASE_CLOSED),
  [FL_CASE_SEARCHING] = BIT (FL_CASE_REVIEW) | BIT (FL_CASE_NO_MATCH),
  [FL_CASE_REVIEW] = BIT (FL_CASE_SEARCHING) | BIT (FL_CASE_PEER_REVIEW) | BIT (FL_CASE_NO_MATCH),
  [FL_CASE_PEER_REVIEW] = BIT (FL_CASE_REVIEW) | BIT (FL_CASE_REPORTED) | BIT (FL_CASE_NO_MATCH),
  [FL_CASE_REPORTED] = BIT (FL_CASE_CLOSED),
  [FL_CASE_NO_MATCH] = BIT (FL_CASE_CLOSED),
  [FL_CASE_CLOSED] = 0,
};

const char *
fl_case_state_to_string (FlCaseState state)
{
  g_return_val_if_fail (state <= FL_CASE_STATE_LAST, NULL);
  return case_states[state].name;
}

const char *
fl_case_state_label (FlCaseState state)
{
  g_return_val_if_fail (state <= FL_CASE_STATE_LAST, NULL);
  return case_states[state].label;
}

gboolean
fl_case_state_from_string (const char  *text,
                           FlCaseState *out_state)
{
  for (guint i = FL_CASE_INTAKE; i < G_N_ELEMENTS (case_states); i++)
    if (g_strcmp0 (text, case_states[i].name) == 0)
      {
        *out_state = (FlCaseState) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
fl_case_state_can_move (FlCaseState from,
                        FlCaseState to)
{
  if (from > FL_CASE_STATE_LAST || to > FL_CASE_STATE_LAST || to == FL_CASE_STATE_ANY)
    return FALSE;
  return (allowed_moves[from] & BIT (to)) != 0;
}

void
fl_case_free (FlCase *kase)
{
  if (kase == NULL)
    return;
  g_free (kase->fr_number);
  g_free (kase->agency_case_number);
  g_free (kase->requesting_agency);
  g_free (kase->incident_type);
  g_free (kase->purpose);
  g_free (kase->requester_name);
  g_free (kase->examiner_name);
  g_free (kase->opened_at);
  g_free (kase->closed_at);
  g_free (kase);
}

void
fl_timeline_entry_free (FlTimelineEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->ts);
  g_free (entry->username);
  g_free (entry->action);
  g_free (entry->summary);
  g_free (entry->outcome);
  g_free (entry->details);
  g_free (entry);
}

/* ---- opening --------------------------------------------------------- */

gint64
fl_case_open (FlDb    *db,
              gint64   request_id,
              gint64   examiner_id,
              char   **out_fr_number,
              GError **error)
{
  g_autoptr(GDateTime) now_local = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now_local);
  g_autofree char *lo = g_strdup_printf ("FR-%04d-", year);
  g_autofree char *hi = g_strdup_printf ("FR-%04d.", year);  /* '.' sorts right after '-' */
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *fr = NULL;
  g_autoptr(sqlite3_stmt) last = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  gint64 next;

  /* The caller holds the write lock (BEGIN IMMEDIATE), so no other process
   * can take the same number; the UNIQUE constraint backs this up. */
  last = fl_db_prepare (db, "SELECT coalesce (max (CAST (substr (fr_number, 9) AS INTEGER)), 0) FROM cases"
                            " WHERE fr_number >= ? AND fr_number < ?;", error);
  if (last == NULL)
    return 0;
  fl_db_bind_text (last, 1, lo);
  fl_db_bind_text (last, 2, hi);
  if (sqlite3_step (last) != SQLITE_ROW)
    return fl_db_set_error (db, error, "Cannot number the new case");
  next = sqlite3_column_int64 (last, 0) + 1;
  fr = g_strdup_printf ("FR-%04d-%06" G_GINT64_FORMAT, year, next);

  insert = fl_db_prepare (db, "INSERT INTO cases (fr_number, request_id, examiner_id, state, opened_at)"
                              " VALUES (?, ?, ?, 'intake', ?);", error);
  if (insert == NULL)
    return 0;
  fl_db_bind_text (insert, 1, fr);
  sqlite3_bind_int64 (insert, 2, request_id);
  if (examiner_id > 0)
    sqlite3_bind_int64 (insert, 3, examiner_id);
  fl_db_bind_text (insert, 4, now);
  if (!fl_db_step_done (db, insert, error))
    return 0;
  if (out_fr_number != NULL)
    *out_fr_number = g_steal_pointer (&fr);
  return sqlite3_last_insert_rowid (fl_db_get_handle (db));
}

gint64
fl_case_for_request (FlDb   *db,
                     gint64  request_id)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT id FROM cases WHERE request_id = ?;", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, request_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

gint64
fl_case_lookup_fr (FlDb       *db,
                   const char *fr_number)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT id FROM cases WHERE fr_number = ?;", NULL);
  g_autofree char *upper = fr_number ? g_ascii_strup (fr_number, -1) : NULL;

  if (stmt == NULL || upper == NULL)
    return 0;
  fl_db_bind_text (stmt, 1, g_strstrip (upper));
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* ---- reading --------------------------------------------------------- */

#define CASE_COLUMNS \
  "c.id, c.fr_number, c.request_id, r.agency_case_number, r.requesting_agency, r.incident_type, r.purpose," \
  " r.created_by, r.requester_name, c.examiner_id, e.full_name, c.state, c.opened_at, c.closed_at, c.sealed"
#define CASE_FROM \
  " FROM cases c JOIN requests r ON r.id = c.request_id LEFT JOIN users e ON e.id = c.examiner_id"

static FlCase *
case_from_row (sqlite3_stmt *stmt)
{
  FlCase *kase = g_new0 (FlCase, 1);

  kase->id = sqlite3_column_int64 (stmt, 0);
  kase->fr_number = fl_db_column_dup (stmt, 1);
  kase->request_id = sqlite3_column_int64 (stmt, 2);
  kase->agency_case_number = fl_db_column_dup (stmt, 3);
  kase->requesting_agency = fl_db_column_dup (stmt, 4);
  kase->incident_type = fl_db_column_dup (stmt, 5);
  kase->purpose = fl_db_column_dup (stmt, 6);
  kase->requester_id = sqlite3_column_int64 (stmt, 7);
  kase->requester_name = fl_db_column_dup (stmt, 8);
  kase->examiner_id = sqlite3_column_int64 (stmt, 9);
  kase->examiner_name = fl_db_column_dup (stmt, 10);
  fl_case_state_from_string ((const char *) sqlite3_column_text (stmt, 11), &kase->state);
  kase->opened_at = fl_db_column_dup (stmt, 12);
  kase->closed_at = fl_db_column_dup (stmt, 13);
  kase->sealed = sqlite3_column_int (stmt, 14) != 0;
  return kase;
}

static FlCase *
load_case (FlDb    *db,
           gint64   case_id,
           GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT " CASE_COLUMNS CASE_FROM " WHERE c.id = ?;", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "There is no case %" G_GINT64_FORMAT ". Check the number.", case_id);
      return NULL;
    }
  return case_from_row (stmt);
}

FlCase *
fl_case_get (FlSession  *session,
             gint64      case_id,
             GError    **error)
{
  FlReadScope scope;
  g_autoptr(FlCase) kase = NULL;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  if (!fl_read_scope_get (session, "case.view", &scope, error))
    return NULL;
  kase = load_case (fl_session_get_db (session), case_id, error);
  if (kase == NULL)
    return NULL;
  if (scope == FL_READ_OWN && kase->requester_id != fl_session_get_user_id (session))
    {
      g_autofree char *details = fl_audit_details ("fr_number", kase->fr_number,
                                                   "reason", "not the requester of this case", NULL);

      fl_session_audit (session, "case.view", case_id, "refused", details, NULL);
      g_set_error (error, FL_ERROR, FL_ERROR_DENIED,
                   "Case %s was opened from another person's request. You can read only the cases of "
                   "your own requests.", kase->fr_number);
      return NULL;
    }
  return g_steal_pointer (&kase);
}

/* ---- assignment and states ------------------------------------------ */

static gboolean
refuse (FlSession   *actor,
        const char  *action,
        gint64       case_id,
        const char  *reason,
        GError     **error,
        FlError      code,
        const char  *message)
{
  g_autofree char *details = fl_audit_details ("reason", reason, NULL);

  fl_session_audit (actor, action, case_id, "refused", details, NULL);
  g_set_error_literal (error, FL_ERROR, code, message);
  return FALSE;
}

gboolean
fl_case_assign (FlSession  *actor,
                gint64      case_id,
                gint64      examiner_user_id,
                GError    **error)
{
  FlDb *db;
  g_autoptr(FlCase) kase = NULL;
  g_autoptr(FlUserInfo) target = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *details = NULL;
  g_autofree char *target_id = NULL;
  g_autofree char *previous_id = NULL;

  g_return_val_if_fail (FL_IS_SESSION (actor), FALSE);

  db = fl_session_get_db (actor);
  if (!fl_session_require (actor, FL_ROLE_NONE, FALSE, "case.assign", error))
    return FALSE;
  kase = load_case (db, case_id, error);
  if (kase == NULL)
    return FALSE;

  if (!fl_session_has_role (actor, FL_ROLE_ADMIN))
    {
      if (examiner_user_id != fl_session_get_user_id (actor))
        return refuse (actor, "case.assign", case_id, "not an administrator", error, FL_ERROR_DENIED,
                       "Only an administrator can assign a case to another examiner. You can take a case "
                       "yourself.");
      if (!fl_session_require (actor, FL_ROLE_EXAMINER, TRUE, "case.assign", error))
        return FALSE;
    }

  target = fl_accounts_get_user (db, examiner_user_id, error);
  if (target == NULL)
    return FALSE;
  if (!target->active || !(target->roles & FL_ROLE_EXAMINER))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "%s is not an active examiner. Choose an examiner.", target->full_name);
      return FALSE;
    }
  if (!fl_accounts_training_current (db, examiner_user_id, NULL))
    return refuse (actor, "case.assign", case_id, "examiner's training not current", error, FL_ERROR_POLICY,
                   "This examiner's facial-recognition training record is missing or has expired, so the "
                   "case cannot be assigned to them. Choose a trained examiner, or ask an administrator to "
                   "record their current training.");
  if (kase->state == FL_CASE_CLOSED)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "Case %s is closed and is no longer assigned.",
                   kase->fr_number);
      return FALSE;
    }

  if (!fl_db_begin (db, error))
    return FALSE;
  stmt = fl_db_prepare (db, "UPDATE cases SET examiner_id = ? WHERE id = ?;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, examiner_user_id);
  sqlite3_bind_int64 (stmt, 2, case_id);
  if (!fl_db_step_done (db, stmt, error))
    goto fail;
  target_id = g_strdup_printf ("%" G_GINT64_FORMAT, examiner_user_id);
  previous_id = kase->examiner_id ? g_strdup_printf ("%" G_GINT64_FORMAT, kase->examiner_id) : NULL;
  details = fl_audit_details ("examiner_id", target_id, "examiner", target->username,
                              "previous_examiner_id", previous_id, NULL);
  if (!fl_session_audit (actor, "case.assign", case_id, "success", details, error))
    goto fail;
  return fl_db_commit (db, error);

fail:
  fl_db_rollback (db);
  return FALSE;
}

static char *
describe_moves (FlCaseState from)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint s = FL_CASE_INTAKE; s <= FL_CASE_STATE_LAST; s++)
    if (allowed_moves[from] & BIT (s))
      g_ptr_array_add (labels, (gpointer) fl_case_state_label ((FlCaseState) s));
  for (guint i = 0; i < labels->len; i++)
    g_string_append_printf (text, "%s%s", i == 0 ? "" : i + 1 == labels->len ? " or " : ", ",
                            (const char *) g_ptr_array_index (labels, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
fl_case_set_state (FlSession   *actor,
                   gint64       case_id,
                   FlCaseState  state,
                   const char  *note,
                   GError     **error)
{
  FlDb *db;
  g_autoptr(FlCase) kase = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *details = NULL;
  g_autofree char *trimmed = note ? g_strstrip (g_strdup (note)) : NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *conflict = NULL;

  g_return_val_if_fail (FL_IS_SESSION (actor), FALSE);

  db = fl_session_get_db (actor);
  if (!fl_session_require (actor, FL_ROLE_NONE, FALSE, "case.state", error))
    return FALSE;
  kase = load_case (db, case_id, error);
  if (kase == NULL)
    return FALSE;

  if (kase->examiner_id == fl_session_get_user_id (actor))
    {
      if (!fl_session_require (actor, FL_ROLE_EXAMINER, TRUE, "case.state", error))
        return FALSE;
    }
  else if (!(fl_session_has_role (actor, FL_ROLE_ADMIN) && state == FL_CASE_CLOSED))
    {
      g_autofree char *message = g_strdup_printf ("Only the examiner assigned to case %s moves it; an "
                                                  "administrator may close it.", kase->fr_number);
      return refuse (actor, "case.state", case_id, "not the assigned examiner", error, FL_ERROR_DENIED, message);
    }

  if (!fl_case_state_can_move (kase->state, state))
    {
      g_autofree char *moves = describe_moves (kase->state);
      g_autofree char *message = NULL;

      if (state > FL_CASE_STATE_LAST || state == FL_CASE_STATE_ANY)
        message = g_strdup_printf ("That is not a case state. Case %s can move to: %s.", kase->fr_number,
                                   *moves ? moves : "nothing (it is closed)");
      else if (*moves == '\0')
        message = g_strdup_printf ("Case %s is %s and cannot move any more.", kase->fr_number,
                                   fl_case_state_to_string (kase->state));
      else
        message = g_strdup_printf ("Case %s is in %s: it can move to %s, not to %s.", kase->fr_number,
                                   fl_case_state_label (kase->state), moves,
                                   fl_case_state_label (state));
      return refuse (actor, "case.state", case_id, "not an allowed move", error, FL_ERROR_INVALID, message);
    }
  if (kase->state == FL_CASE_INTAKE && state == FL_CASE_CLOSED &&
      (trimmed == NULL || g_utf8_strlen (trimmed, -1) < CASE_NOTE_MIN_CHARS))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Say why case %s is closed without a search (at least %d characters), e.g. that no "
                   "probe is suitable.", kase->fr_number, CASE_NOTE_MIN_CHARS);
      return FALSE;
    }

  if (!fl_db_begin (db, error))
    return FALSE;
  stmt = fl_db_prepare (db, "UPDATE cases SET state = ?, closed_at = ? WHERE id = ? AND state = ?;", error);
  if (stmt == NULL)
    goto fail;
  fl_db_bind_text (stmt, 1, fl_case_state_to_string (state));
  fl_db_bind_text (stmt, 2, state == FL_CASE_CLOSED ? now : NULL);
  sqlite3_bind_int64 (stmt, 3, case_id);
  fl_db_bind_text (stmt, 4, fl_case_state_to_string (kase->state));
  conflict = g_strdup_printf ("Case %s was changed by someone else meanwhile. Reload it and try again.",
                              kase->fr_number);
  if (!fl_db_step_one_row (db, stmt, conflict, error))
    goto fail;
  details = fl_audit_details ("from", fl_case_state_to_string (kase->state),
                              "to", fl_case_state_to_string (state), "note", trimmed, NULL);
  if (!fl_session_audit (actor, "case.state", case_id, "success", details, error))
    goto fail;
  return fl_db_commit (db, error);

fail:
  fl_db_rollback (db);
  return FALSE;
}

/* ---- list ------------------------------------------------------------ */

static gboolean
parse_day (const char  *text,
           const char  *which,
           GDate      **out,
           GError     **error)
{
  int y, m, d;
  char tail;

  if (text == NULL || *text == '\0')
    return TRUE;
  if (strlen (text) != 10 || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "“%s” is not a date. Give the %s date as YYYY-MM-DD.", text, which);
      return FALSE;
    }
  *out = g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static char *
format_day (GDate *date)
{
  char buf[16];

  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  return g_strdup (buf);
}

/* LIKE pattern matching @text anywhere, with its wildcards taken literally. */
static char *
like_pattern (const char *text)
{
  g_autoptr(GString) pattern = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (g_steal_pointer (&pattern), FALSE);
}

/* An FTS5 phrase: the text in double quotes, its own quotes doubled. With
 * the trigram tokenizer it matches the text anywhere, ignoring case. */
static char *
match_phrase (const char *text)
{
  g_autoptr(GString) phrase = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (phrase, '"');
      g_string_append_c (phrase, *p);
    }
  g_string_append_c (phrase, '"');
  return g_string_free (g_steal_pointer (&phrase), FALSE);
}

/* Builds the query from fixed fragments; every value is bound by name.
 * The page is chosen on the cases alone (a narrow index scan, even deep into
 * the list) and only its rows are joined to their requests and examiners. */
static sqlite3_stmt *
prepare_list (FlSession          *session,
              const FlCaseFilter *filter,
              gboolean            count,
              GError            **error)
{
  static const FlCaseFilter no_filter = { 0 };
  FlDb *db = fl_session_get_db (session);
  FlReadScope scope;
  g_autoptr(GString) where = g_string_new (" WHERE 1");
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GDate) from = NULL;
  g_autoptr(GDate) to = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *search = NULL;
  g_autofree char *search_value = NULL;
  const char *search_param = NULL;
  sqlite3_stmt *stmt;
  gint64 requester_id;
  gboolean join_requests = FALSE;

  if (filter == NULL)
    filter = &no_filter;
  if (!fl_read_scope_get (session, "case.list", &scope, error))
    return NULL;
  if (!parse_day (filter->opened_from, "first", &from, error) ||
      !parse_day (filter->opened_to, "last", &to, error))
    return NULL;
  if (filter->state > FL_CASE_STATE_LAST)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, "That is not a case state.");
      return NULL;
    }
  requester_id = scope == FL_READ_OWN ? fl_session_get_user_id (session) : filter->requester_id;
  if (filter->search != NULL)
    search = g_strstrip (g_strdup (filter->search));

  if (requester_id > 0)
    {
      g_string_append (where, " AND r.created_by = :requester");
      join_requests = TRUE;
    }
  if (filter->examiner_id > 0)
    g_string_append (where, " AND c.examiner_id = :examiner");
  if (filter->state != FL_CASE_STATE_ANY)
    g_string_append (where, " AND c.state = :state");
  if (from != NULL)
    g_string_append (where, " AND c.opened_at >= :from");
  if (to != NULL)
    g_string_append (where, " AND c.opened_at < :to");
  if (search != NULL && g_utf8_strlen (search, -1) >= 3)
    {
      g_string_append (where, " AND c.id IN (SELECT rowid FROM case_search WHERE case_search MATCH :match)");
      search_param = ":match";
      search_value = match_phrase (search);
    }
  else if (search != NULL && *search != '\0')
    {
      /* Too short for the trigram index: scan (one or two characters match most cases anyway). */
      g_string_append (where, " AND (c.fr_number LIKE :pattern ESCAPE '\\'"
                              " OR r.agency_case_number LIKE :pattern ESCAPE '\\')");
      search_param = ":pattern";
      search_value = like_pattern (search);
      join_requests = TRUE;
    }
  if (!count && filter->before_id > 0)
    g_string_append (where, " AND c.id < :before");

  if (count)
    g_string_append_printf (sql, "SELECT count (*) FROM cases c%s%s;",
                            join_requests ? " JOIN requests r ON r.id = c.request_id" : "", where->str);
  else
    g_string_append_printf (sql, "SELECT " CASE_COLUMNS CASE_FROM " WHERE c.id IN"
                            " (SELECT c.id FROM cases c%s%s ORDER BY c.id DESC LIMIT :limit OFFSET :offset)"
                            " ORDER BY c.id DESC;",
                            join_requests ? " JOIN requests r ON r.id = c.request_id" : "", where->str);

  stmt = fl_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
#define BIND_INDEX(name) sqlite3_bind_parameter_index (stmt, name)
  if (requester_id > 0)
    sqlite3_bind_int64 (stmt, BIND_INDEX (":requester"), requester_id);
  if (filter->examiner_id > 0)
    sqlite3_bind_int64 (stmt, BIND_INDEX (":examiner"), filter->examiner_id);
  if (filter->state != FL_CASE_STATE_ANY)
    fl_db_bind_text (stmt, BIND_INDEX (":state"), fl_case_state_to_string (filter->state));
  if (from != NULL)
    {
      from_text = format_day (from);
      fl_db_bind_text (stmt, BIND_INDEX (":from"), from_text);
    }
  if (to != NULL)
    {
      g_date_add_days (to, 1);  /* inclusive: everything before the next day */
      to_text = format_day (to);
      fl_db_bind_text (stmt, BIND_INDEX (":to"), to_text);
    }
  if (search_param != NULL)
    fl_db_bind_text (stmt, BIND_INDEX (search_param), search_value);
  if (!count && filter->before_id > 0)
    sqlite3_bind_int64 (stmt, BIND_INDEX (":before"), filter->before_id);
  if (!count)
    {
      sqlite3_bind_int64 (stmt, BIND_INDEX (":limit"), filter->limit > 0 ? (gint64) filter->limit : -1);
      sqlite3_bind_int64 (stmt, BIND_INDEX (":offset"), filter->offset);
    }
#undef BIND_INDEX
  return stmt;
}

GPtrArray *
fl_case_list (FlSession          *session,
              const FlCaseFilter *filter,
              GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_case_free);
  int rc;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  stmt = prepare_list (session, filter, FALSE, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, case_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (fl_session_get_db (session), error, "Cannot list the cases");
      return NULL;
    }
  return g_steal_pointer (&rows);
}

gint64
fl_case_count (FlSession          *session,
               const FlCaseFilter *filter,
               GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FL_IS_SESSION (session), -1);

  stmt = prepare_list (session, filter, TRUE, error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      fl_db_set_error (fl_session_get_db (session), error, "Cannot count the cases");
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* ---- timeline -------------------------------------------------------- */

static const char *
detail (JsonObject *obj,
        const char *key)
{
  JsonNode *node = obj ? json_object_get_member (obj, key) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static char *
state_label_of (const char *name)
{
  FlCaseState state;

  return g_strdup (fl_case_state_from_string (name, &state) ? fl_case_state_label (state) : name ? name : "?");
}

/* The entry in words, for the case file and `faceleads-cli case show`. */
static char *
summarize (const FlTimelineEntry *entry)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *obj = NULL;
  const char *who = entry->username && *entry->username ? entry->username : "(system)";

  if (entry->details && json_parser_load_from_data (parser, entry->details, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    obj = json_node_get_object (json_parser_get_root (parser));

  if (g_strcmp0 (entry->outcome, "refused") == 0)
    {
      static const struct { const char *action; const char *attempt; } attempts[] = {
        { "case.view", "open the case" },
        { "case.state", "move the case" },
        { "case.assign", "assign the case" },
        { "request.accept", "accept the request" },
      };
      const char *attempt = entry->action;
      const char *reason = detail (obj, "reason");

      for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
        if (g_str_equal (attempts[i].action, entry->action))
          attempt = attempts[i].attempt;
      return g_strdup_printf ("Refused: %s tried to %s%s%s%s", who, attempt, reason ? " (" : "",
                              reason ? reason : "", reason ? ")" : "");
    }
  if (g_str_equal (entry->action, "request.submit"))
    return g_strdup_printf ("Request submitted by %s", who);
  if (g_str_equal (entry->action, "request.accept"))
    return g_strdup_printf ("Request accepted by %s; case %s opened and assigned to %s", who,
                            detail (obj, "fr_number") ? detail (obj, "fr_number") : "?",
                            detail (obj, "examiner") ? detail (obj, "examiner") : who);
  if (g_str_equal (entry->action, "probe.add"))
    return g_strdup_printf ("%s probe %s added by %s",
                            g_strcmp0 (detail (obj, "origin"), "original") == 0 ? "Original" : "Derived",
                            detail (obj, "file") ? detail (obj, "file") : "", who);
  if (g_str_equal (entry->action, "case.assign"))
    return g_strdup_printf ("Assigned to %s by %s", detail (obj, "examiner") ? detail (obj, "examiner") : "?", who);
  if (g_str_equal (entry->action, "case.state"))
    {
      g_autofree char *from = state_label_of (detail (obj, "from"));
      g_autofree char *to = state_label_of (detail (obj, "to"));
      const char *note = detail (obj, "note");

      return g_strdup_printf ("Moved from %s to %s by %s%s%s", from, to, who, note ? ": " : "", note ? note : "");
    }
  return g_strdup_printf ("%s by %s (%s)", entry->action, who, entry->outcome);
}

static FlTimelineEntry *
entry_from_audit_row (sqlite3_stmt *stmt)
{
  FlTimelineEntry *entry = g_new0 (FlTimelineEntry, 1);

  entry->audit_id = sqlite3_column_int64 (stmt, 0);
  entry->ts = fl_db_column_dup (stmt, 1);
  entry->user_id = sqlite3_column_int64 (stmt, 2);
  entry->username = fl_db_column_dup (stmt, 3);
  entry->action = fl_db_column_dup (stmt, 4);
  entry->outcome = fl_db_column_dup (stmt, 5);
  entry->details = fl_db_column_dup (stmt, 6);
  entry->summary = summarize (entry);
  return entry;
}

/* The submission was audited before the case existed, so its row carries no
 * case id: find it by request id within the request's lifetime (the audit_ts
 * index keeps this a short range scan). */
static FlTimelineEntry *
submission_entry (FlDb    *db,
                  gint64   request_id,
                  GError **error)
{
  g_autoptr(sqlite3_stmt) req = fl_db_prepare (db, "SELECT r.created_at, r.created_by, u.username,"
                                                   " coalesce (r.decided_at, r.created_at)"
                                                   " FROM requests r JOIN users u ON u.id = r.created_by"
                                                   " WHERE r.id = ?;", error);
  g_autoptr(sqlite3_stmt) row = NULL;
  FlTimelineEntry *entry;

  if (req == NULL)
    return NULL;
  sqlite3_bind_int64 (req, 1, request_id);
  if (sqlite3_step (req) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "The case's request %" G_GINT64_FORMAT " is missing from the database. Restore a backup.",
                   request_id);
      return NULL;
    }

  row = fl_db_prepare (db, "SELECT id, ts, user_id, username, action, outcome, details FROM audit"
                           " WHERE ts >= ?1 AND ts <= ?2 AND action = 'request.submit' AND user_id = ?3"
                           " AND json_extract (details, '$.request_id') = ?4 ORDER BY id LIMIT 1;", error);
  if (row == NULL)
    return NULL;
  fl_db_bind_text (row, 1, (const char *) sqlite3_column_text (req, 0));
  fl_db_bind_text (row, 2, (const char *) sqlite3_column_text (req, 3));
  sqlite3_bind_int64 (row, 3, sqlite3_column_int64 (req, 1));
  sqlite3_bind_int64 (row, 4, request_id);
  if (sqlite3_step (row) == SQLITE_ROW)
    return entry_from_audit_row (row);

  /* No audit row in that window (e.g. a clock change): the request record itself still says who and when. */
  entry = g_new0 (FlTimelineEntry, 1);
  entry->ts = fl_db_column_dup (req, 0);
  entry->user_id = sqlite3_column_int64 (req, 1);
  entry->username = fl_db_column_dup (req, 2);
  entry->action = g_strdup ("request.submit");
  entry->outcome = g_strdup ("success");
  entry->details = g_strdup_printf ("{\"request_id\":%" G_GINT64_FORMAT "}", request_id);
  entry->summary = summarize (entry);
  return entry;
}

static gboolean
is_review_action (const char *action)
{
  return action != NULL && (g_str_has_prefix (action, "review.") || g_str_has_prefix (action, "peer_review."));
}

/* R17: someone who may still be the blind second examiner of a lead in this
 * case must not read the first opinion in the history either. The entry stays
 * (the history keeps its order and who acted when); what was concluded,
 * answered or refused is left out. */
static void
hide_review_entry (FlTimelineEntry *entry)
{
  const char *who = entry->username && *entry->username ? entry->username : "(system)";

  if (!is_review_action (entry->action))
    return;
  g_free (entry->details);
  entry->details = g_strdup ("{}");
  g_free (entry->summary);
  entry->summary = g_strdup_printf ("Review step by %s (details hidden while a blind peer review of this case "
                                    "is pending)", who);
}

GPtrArray *
fl_case_timeline (FlSession  *session,
                  gint64      case_id,
                  GError    **error)
{
  FlDb *db;
  g_autoptr(FlCase) kase = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_timeline_entry_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FlTimelineEntry *first;
  int rc;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  kase = fl_case_get (session, case_id, error);
  if (kase == NULL)
    return NULL;
  db = fl_session_get_db (session);

  first = submission_entry (db, kase->request_id, error);
  if (first == NULL)
    return NULL;
  g_ptr_array_add (entries, first);

  /* Audit ids are the order of recording. */
  stmt = fl_db_prepare (db, "SELECT id, ts, user_id, username, action, outcome, details FROM audit"
                            " WHERE case_id = ? ORDER BY id;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_audit_row (stmt));
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the case's history");
      return NULL;
    }
  if (fl_peer_review_blinds (session, case_id))
    for (guint i = 0; i < entries->len; i++)
      hide_review_entry (g_ptr_array_index (entries, i));
  return g_steal_pointer (&entries);
}
