/* fl-request-store.c: submitting a request (refusals kept on record) and reading requests back */
#include <json-glib/json-glib.h>
#include <string.h>

#include "fl-audit.h"
#include "fl-request-private.h"
#include "fl-store.h"

/* ---- who may do what ------------------------------------------------- */

gboolean
fl_read_scope_get (FlSession    *session,
                   const char   *what,
                   FlReadScope  *out_scope,
                   GError      **error)
{
  FlRoles roles;

  /* FL_ROLE_NONE: only re-reads the roles and refuses a deactivated account. */
  if (!fl_session_require (session, FL_ROLE_NONE, FALSE, what, error))
    return FALSE;
  roles = fl_session_get_roles (session);
  if (roles & (FL_ROLE_EXAMINER | FL_ROLE_RECORDS | FL_ROLE_ADMIN))
    *out_scope = FL_READ_ALL;
  else if (roles & FL_ROLE_REQUESTER)
    *out_scope = FL_READ_OWN;
  else
    return fl_session_require (session, FL_ROLE_REQUESTER, FALSE, what, error);
  return TRUE;
}

static gboolean
authorize_submit (FlSession            *session,
                  const FlRequestDraft *draft,
                  GError              **error)
{
  FlRoles roles;

  if (!fl_session_require (session, FL_ROLE_NONE, FALSE, "request.submit", error))
    return FALSE;
  roles = fl_session_get_roles (session);
  if (roles & FL_ROLE_REQUESTER)
    return TRUE;
  if (roles & FL_ROLE_EXAMINER)
    {
      g_autofree char *details = NULL;

      if (draft->outside_agency)
        return TRUE;
      details = fl_audit_details ("reason", "examiner entering a request that is not an outside agency's", NULL);
      fl_session_audit (session, "request.submit", 0, "refused", details, NULL);
      g_set_error_literal (error, FL_ERROR, FL_ERROR_DENIED,
                           "An examiner enters a request only on behalf of an outside agency. Mark the request "
                           "as an outside agency's, with its affirmation, or ask the requester to submit it.");
      return FALSE;
    }
  return fl_session_require (session, FL_ROLE_REQUESTER, FALSE, "request.submit", error);
}

/* ---- storing --------------------------------------------------------- */

static void
bind_trimmed (sqlite3_stmt *stmt,
              int           index,
              const char   *text)
{
  g_autofree char *copy = text ? g_strstrip (g_strdup (text)) : NULL;

  fl_db_bind_text (stmt, index, copy);
}

static gint64
insert_request (FlSession             *session,
                const FlRequestDraft  *draft,
                FlRequestState         state,
                const char            *state_reason,
                char                 **hashes,
                GError               **error)
{
  FlDb *db = fl_session_get_db (session);
  g_autofree char *now = fl_now_iso8601 ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

  stmt = fl_db_prepare (db,
                        "INSERT INTO requests (created_at, created_by, requesting_agency, requester_name, phone,"
                        " email, agency_case_number, incident_type, reason, purpose, image_count, outside_agency,"
                        " outside_affirmation, live_source, imminent_threat, predictive, personal_use,"
                        " protected_class_attested, dl_presented, dl_false_reason, ack_name, ack_date, state,"
                        " state_reason, decided_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);",
                        error);
  if (stmt == NULL)
    return 0;
  fl_db_bind_text (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, fl_session_get_user_id (session));
  bind_trimmed (stmt, 3, draft->requesting_agency);
  bind_trimmed (stmt, 4, draft->requester_name);
  bind_trimmed (stmt, 5, draft->phone);
  bind_trimmed (stmt, 6, draft->email);
  bind_trimmed (stmt, 7, draft->agency_case_number);
  fl_db_bind_text (stmt, 8, draft->incident_type);
  bind_trimmed (stmt, 9, draft->reason);
  fl_db_bind_text (stmt, 10, draft->purpose);
  sqlite3_bind_int (stmt, 11, draft->image_count);
  sqlite3_bind_int (stmt, 12, draft->outside_agency ? 1 : 0);
  bind_trimmed (stmt, 13, draft->outside_agency ? draft->outside_affirmation : NULL);
  sqlite3_bind_int (stmt, 14, draft->live_source ? 1 : 0);
  sqlite3_bind_int (stmt, 15, draft->imminent_threat ? 1 : 0);
  sqlite3_bind_int (stmt, 16, draft->predictive ? 1 : 0);
  sqlite3_bind_int (stmt, 17, draft->personal_use ? 1 : 0);
  sqlite3_bind_int (stmt, 18, draft->protected_class_attested ? 1 : 0);
  sqlite3_bind_int (stmt, 19, draft->dl_presented ? 1 : 0);
  bind_trimmed (stmt, 20, draft->dl_presented ? draft->dl_false_reason : NULL);
  bind_trimmed (stmt, 21, draft->ack_name);
  fl_db_bind_text (stmt, 22, draft->ack_date);
  fl_db_bind_text (stmt, 23, fl_request_state_to_string (state));
  fl_db_bind_text (stmt, 24, state_reason);
  fl_db_bind_text (stmt, 25, state == FL_REQUEST_REFUSED ? now : NULL);
  if (!fl_db_step_done (db, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (fl_db_get_handle (db));

  for (guint i = 0; i < draft->images->len; i++)
    {
      const FlRequestImage *image = g_ptr_array_index (draft->images, i);
      g_autoptr(sqlite3_stmt) img = NULL;

      img = fl_db_prepare (db, "INSERT INTO request_images (request_id, hash, filename, source, from_video, kind)"
                               " VALUES (?, ?, ?, ?, ?, ?);", error);
      if (img == NULL)
        return 0;
      sqlite3_bind_int64 (img, 1, id);
      fl_db_bind_text (img, 2, hashes[i]);
      bind_trimmed (img, 3, image->filename);
      bind_trimmed (img, 4, image->source);
      sqlite3_bind_int (img, 5, image->from_video ? 1 : 0);
      fl_db_bind_text (img, 6, fl_image_kind_to_string (image->kind));
      if (!fl_db_step_done (db, img, error))
        return 0;
    }
  return id;
}

/* The audit row of a submission or refusal: enough to answer an auditor's
 * "who asked for what, why, with which images" without the images. */
static char *
intake_details (gint64                request_id,
                const FlRequestDraft *draft,
                char                **hashes,
                GPtrArray            *refusals)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) rules = g_string_new (NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "request_id");
  json_builder_add_int_value (b, request_id);
  json_builder_set_member_name (b, "agency");
  json_builder_add_string_value (b, draft->requesting_agency);
  json_builder_set_member_name (b, "agency_case_number");
  json_builder_add_string_value (b, draft->agency_case_number);
  json_builder_set_member_name (b, "incident_type");
  json_builder_add_string_value (b, draft->incident_type);
  json_builder_set_member_name (b, "purpose");
  json_builder_add_string_value (b, draft->purpose);
  json_builder_set_member_name (b, "outside_agency");
  json_builder_add_boolean_value (b, draft->outside_agency);
  json_builder_set_member_name (b, "images");
  json_builder_begin_array (b);
  for (guint i = 0; i < draft->images->len; i++)
    {
      const FlRequestImage *image = g_ptr_array_index (draft->images, i);
      g_autofree char *sha = image->bytes ? fl_sha256_bytes (image->bytes) : g_strdup (hashes[i]);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, image->filename);
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, sha);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, fl_image_kind_to_string (image->kind));
      json_builder_set_member_name (b, "from_video");
      json_builder_add_boolean_value (b, image->from_video);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (refusals != NULL && refusals->len > 0)
    {
      json_builder_set_member_name (b, "refusals");
      json_builder_begin_array (b);
      for (guint i = 0; i < refusals->len; i++)
        {
          const FlFieldError *r = g_ptr_array_index (refusals, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "rule");
          json_builder_add_string_value (b, r->rule);
          json_builder_set_member_name (b, "field");
          json_builder_add_string_value (b, r->field);
          json_builder_set_member_name (b, "reason");
          json_builder_add_string_value (b, r->message);
          json_builder_end_object (b);
          if (strstr (rules->str, r->rule) == NULL)
            g_string_append_printf (rules, "%s%s", rules->len ? "," : "", r->rule);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "rules");
      json_builder_add_string_value (b, rules->str);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static gint64
store_refusal (FlSession            *session,
               const FlRequestDraft *draft,
               GPtrArray            *refusals,
               GError              **error)
{
  FlDb *db = fl_session_get_db (session);
  g_autoptr(GString) reason = g_string_new (NULL);
  g_autoptr(GString) message = g_string_new (NULL);
  g_autofree char *details = NULL;
  g_autofree char **hashes = g_new0 (char *, draft->images->len + 1);
  gint64 id;

  /* The images of a refused request are not kept: the unit must not hold
   * pictures it may not search. Their SHA-256 goes into the audit row so the
   * refusal can still be tied to the files. An image already in the store
   * (picked from a case) keeps its hash. */
  for (guint i = 0; i < draft->images->len; i++)
    hashes[i] = ((FlRequestImage *) g_ptr_array_index (draft->images, i))->hash;

  for (guint i = 0; i < refusals->len; i++)
    {
      const FlFieldError *r = g_ptr_array_index (refusals, i);
      g_string_append_printf (reason, "%s%s: %s", i ? "\n" : "", r->rule, r->message);
      g_string_append_printf (message, " %s", r->message);
    }

  if (!fl_db_begin (db, error))
    return 0;
  id = insert_request (session, draft, FL_REQUEST_REFUSED, reason->str, hashes, error);
  if (id == 0)
    goto fail;
  details = intake_details (id, draft, hashes, refusals);
  if (!fl_session_audit (session, "request.refuse", 0, "refused", details, error))
    goto fail;
  if (!fl_db_commit (db, error))
    return 0;

  g_set_error (error, FL_ERROR, FL_ERROR_POLICY,
               "The request was refused and the refusal recorded as request %" G_GINT64_FORMAT ".%s",
               id, message->str);
  return 0;

fail:
  fl_db_rollback (db);
  return 0;
}

static gint64
store_submission (FlSession            *session,
                  const FlRequestDraft *draft,
                  GError              **error)
{
  FlDb *db = fl_session_get_db (session);
  g_auto(GStrv) hashes = g_new0 (char *, draft->images->len + 1);
  g_autofree char *details = NULL;
  gint64 id;

  if (!fl_db_begin (db, error))
    return 0;
  /* The bytes go into the store exactly as received (R10). */
  for (guint i = 0; i < draft->images->len; i++)
    {
      const FlRequestImage *image = g_ptr_array_index (draft->images, i);

      if (image->bytes != NULL)
        hashes[i] = fl_store_put (db, image->bytes, fl_store_sniff_ext (image->bytes), error);
      else
        hashes[i] = g_strdup (image->hash);
      if (hashes[i] == NULL)
        goto fail;
    }
  id = insert_request (session, draft, FL_REQUEST_SUBMITTED, NULL, hashes, error);
  if (id == 0)
    goto fail;
  details = intake_details (id, draft, hashes, NULL);
  if (!fl_session_audit (session, "request.submit", 0, "success", details, error))
    goto fail;
  if (!fl_db_commit (db, error))
    return 0;
  return id;

fail:
  fl_db_rollback (db);
  return 0;
}

gint64
fl_request_submit (FlSession            *requester,
                   const FlRequestDraft *draft,
                   GError              **error)
{
  FlDb *db;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) refusals = NULL;

  g_return_val_if_fail (FL_IS_SESSION (requester), 0);
  g_return_val_if_fail (draft != NULL && draft->images != NULL, 0);

  db = fl_session_get_db (requester);
  if (!authorize_submit (requester, draft, error))
    return 0;

  if (!fl_request_validate (draft, db, &problems))
    {
      g_autoptr(GString) message = g_string_new ("The request is incomplete; nothing was submitted.");

      for (guint i = 0; i < problems->len; i++)
        {
          const FlFieldError *p = g_ptr_array_index (problems, i);
          g_string_append_printf (message, "\n• %s: %s", p->field, p->message);
        }
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, message->str);
      return 0;
    }

  refusals = fl_request_policy_refusals (draft);
  if (refusals->len > 0)
    return store_refusal (requester, draft, refusals, error);
  return store_submission (requester, draft, error);
}

/* ---- reading --------------------------------------------------------- */

#define REQUEST_COLUMNS \
  "r.id, r.created_at, r.created_by, u.username, r.requesting_agency, r.requester_name, r.phone, r.email," \
  " r.agency_case_number, r.incident_type, r.reason, r.purpose, r.image_count, r.outside_agency," \
  " r.outside_affirmation, r.live_source, r.imminent_threat, r.predictive, r.personal_use," \
  " r.protected_class_attested, r.dl_presented, r.dl_false_reason, r.ack_name, r.ack_date, r.state," \
  " r.state_reason, r.decided_by, r.decided_at, c.id, c.fr_number" \
  " FROM requests r JOIN users u ON u.id = r.created_by LEFT JOIN cases c ON c.request_id = r.id"

static FlRequest *
request_from_row (sqlite3_stmt *stmt)
{
  FlRequest *request = g_new0 (FlRequest, 1);
  FlRequestDraft *form = fl_request_draft_new ();
  g_autofree char *state = NULL;

  request->id = sqlite3_column_int64 (stmt, 0);
  request->created_at = fl_db_column_dup (stmt, 1);
  request->created_by = sqlite3_column_int64 (stmt, 2);
  request->created_by_username = fl_db_column_dup (stmt, 3);
  form->requesting_agency = fl_db_column_dup (stmt, 4);
  form->requester_name = fl_db_column_dup (stmt, 5);
  form->phone = fl_db_column_dup (stmt, 6);
  form->email = fl_db_column_dup (stmt, 7);
  form->agency_case_number = fl_db_column_dup (stmt, 8);
  form->incident_type = fl_db_column_dup (stmt, 9);
  form->reason = fl_db_column_dup (stmt, 10);
  form->purpose = fl_db_column_dup (stmt, 11);
  form->image_count = sqlite3_column_int (stmt, 12);
  form->outside_agency = sqlite3_column_int (stmt, 13) != 0;
  form->outside_affirmation = fl_db_column_dup (stmt, 14);
  form->live_source = sqlite3_column_int (stmt, 15) != 0;
  form->imminent_threat = sqlite3_column_int (stmt, 16) != 0;
  form->predictive = sqlite3_column_int (stmt, 17) != 0;
  form->personal_use = sqlite3_column_int (stmt, 18) != 0;
  form->protected_class_attested = sqlite3_column_int (stmt, 19) != 0;
  form->dl_presented = sqlite3_column_int (stmt, 20) != 0;
  form->dl_false_reason = fl_db_column_dup (stmt, 21);
  /* Only acknowledged requests are ever stored (fl_request_validate). */
  form->ack_lead_only = TRUE;
  form->ack_name = fl_db_column_dup (stmt, 22);
  form->ack_date = fl_db_column_dup (stmt, 23);
  state = fl_db_column_dup (stmt, 24);
  fl_request_state_from_string (state, &request->state);
  request->state_reason = fl_db_column_dup (stmt, 25);
  request->decided_by = sqlite3_column_int64 (stmt, 26);
  request->decided_at = fl_db_column_dup (stmt, 27);
  request->case_id = sqlite3_column_int64 (stmt, 28);
  request->fr_number = fl_db_column_dup (stmt, 29);
  request->form = form;
  return request;
}

static gboolean
load_images (FlDb            *db,
             FlRequest       *request,
             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT id, hash, filename, source, from_video, kind"
                                                    " FROM request_images WHERE request_id = ? ORDER BY id;",
                                                error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, request->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FlRequestImage *image = fl_request_image_new ();

      image->id = sqlite3_column_int64 (stmt, 0);
      image->hash = fl_db_column_dup (stmt, 1);
      image->filename = fl_db_column_dup (stmt, 2);
      image->source = fl_db_column_dup (stmt, 3);
      image->from_video = sqlite3_column_int (stmt, 4) != 0;
      fl_image_kind_from_string ((const char *) sqlite3_column_text (stmt, 5), &image->kind);
      g_ptr_array_add (request->form->images, image);
    }
  if (rc != SQLITE_DONE)
    return fl_db_set_error (db, error, "Cannot read the request's images");
  return TRUE;
}

FlRequest *
fl_request_load (FlDb    *db,
                 gint64   request_id,
                 GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT " REQUEST_COLUMNS " WHERE r.id = ?;", error);
  g_autoptr(FlRequest) request = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, request_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "There is no request %" G_GINT64_FORMAT ". Check the number.", request_id);
      return NULL;
    }
  request = request_from_row (stmt);
  if (!load_images (db, request, error))
    return NULL;
  return g_steal_pointer (&request);
}

FlRequest *
fl_request_get (FlSession  *session,
                gint64      request_id,
                GError    **error)
{
  FlReadScope scope;
  g_autoptr(FlRequest) request = NULL;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  if (!fl_read_scope_get (session, "request.view", &scope, error))
    return NULL;
  request = fl_request_load (fl_session_get_db (session), request_id, error);
  if (request == NULL)
    return NULL;
  if (scope == FL_READ_OWN && request->created_by != fl_session_get_user_id (session))
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, request_id);
      g_autofree char *details = fl_audit_details ("request_id", id, "reason", "not the requester", NULL);

      fl_session_audit (session, "request.view", 0, "refused", details, NULL);
      g_set_error (error, FL_ERROR, FL_ERROR_DENIED,
                   "Request %" G_GINT64_FORMAT " was submitted by someone else. You can read only your own "
                   "requests.", request_id);
      return NULL;
    }
  return g_steal_pointer (&request);
}

GPtrArray *
fl_request_list (FlSession             *session,
                 const FlRequestFilter *filter,
                 GError               **error)
{
  FlDb *db;
  FlReadScope scope;
  g_autoptr(GString) sql = g_string_new ("SELECT " REQUEST_COLUMNS " WHERE 1");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_request_free);
  int rc;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  db = fl_session_get_db (session);
  if (!fl_read_scope_get (session, "request.list", &scope, error))
    return NULL;
  /* Conditions are fixed text; every value is bound. */
  if (scope == FL_READ_OWN)
    g_string_append (sql, " AND r.created_by = :creator");
  if (filter != NULL && !filter->any_state)
    g_string_append (sql, " AND r.state = :state");
  g_string_append (sql, " ORDER BY r.id DESC LIMIT :limit OFFSET :offset;");

  stmt = fl_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  if (scope == FL_READ_OWN)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":creator"), fl_session_get_user_id (session));
  if (filter != NULL && !filter->any_state)
    fl_db_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":state"),
                     fl_request_state_to_string (filter->state));
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"),
                      filter != NULL && filter->limit > 0 ? (gint64) filter->limit : -1);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), filter ? filter->offset : 0);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, request_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot list the requests");
      return NULL;
    }
  return g_steal_pointer (&rows);
}
