/* fl-request-triage.c: an examiner accepts a request (opening its case) or returns it */
#include "fl-audit.h"
#include "fl-request-private.h"

/* ---- triage ---------------------------------------------------------- */

static gboolean
require_submitted (const FlRequest  *request,
                   GError          **error)
{
  switch (request->state)
    {
    case FL_REQUEST_SUBMITTED:
      return TRUE;
    case FL_REQUEST_ACCEPTED:
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Request %" G_GINT64_FORMAT " was already accepted: it is case %s.",
                   request->id, request->fr_number ? request->fr_number : "(unknown)");
      return FALSE;
    case FL_REQUEST_REFUSED:
      g_set_error (error, FL_ERROR, FL_ERROR_POLICY,
                   "Request %" G_GINT64_FORMAT " was refused at intake and can never be searched: %s",
                   request->id, request->state_reason ? request->state_reason : "");
      return FALSE;
    case FL_REQUEST_RETURNED:
    default:
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Request %" G_GINT64_FORMAT " was returned to the requester. They must submit a new request.",
                   request->id);
      return FALSE;
    }
}

static gboolean
mark_decided (FlDb           *db,
              gint64          request_id,
              FlRequestState  state,
              const char     *reason,
              gint64          examiner_id,
              GError        **error)
{
  g_autofree char *conflict = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "UPDATE requests SET state = ?, state_reason = ?,"
                                                    " decided_by = ?, decided_at = ?"
                                                    " WHERE id = ? AND state = 'submitted';", error);

  if (stmt == NULL)
    return FALSE;
  fl_db_bind_text (stmt, 1, fl_request_state_to_string (state));
  fl_db_bind_text (stmt, 2, reason);
  sqlite3_bind_int64 (stmt, 3, examiner_id);
  fl_db_bind_text (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, request_id);
  conflict = g_strdup_printf ("Request %" G_GINT64_FORMAT " was decided by someone else meanwhile. Reload the queue.",
                              request_id);
  if (!fl_db_step_one_row (db, stmt, conflict, error))
    return FALSE;
  return TRUE;
}

static gboolean
add_original_probe (FlSession            *examiner,
                    gint64                case_id,
                    const FlRequestImage *image,
                    GError              **error)
{
  FlDb *db = fl_session_get_db (examiner);
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *probe_id = NULL;
  g_autofree char *image_id = NULL;
  g_autofree char *details = NULL;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "INSERT INTO probes (case_id, request_image_id, parent_id,"
                                                    " hash, filename, added_by, added_at)"
                                                    " VALUES (?, ?, NULL, ?, ?, ?, ?);", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, image->id);
  fl_db_bind_text (stmt, 3, image->hash);
  fl_db_bind_text (stmt, 4, image->filename);
  sqlite3_bind_int64 (stmt, 5, fl_session_get_user_id (examiner));
  fl_db_bind_text (stmt, 6, now);
  if (!fl_db_step_done (db, stmt, error))
    return FALSE;

  probe_id = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_last_insert_rowid (fl_db_get_handle (db)));
  image_id = g_strdup_printf ("%" G_GINT64_FORMAT, image->id);
  details = fl_audit_details ("probe_id", probe_id, "request_image_id", image_id, "sha256", image->hash,
                              "file", image->filename, "kind", fl_image_kind_to_string (image->kind),
                              "origin", "original", NULL);
  return fl_session_audit (examiner, "probe.add", case_id, "success", details, error);
}

gint64
fl_request_accept (FlSession  *examiner,
                   gint64      request_id,
                   GError    **error)
{
  FlDb *db;
  g_autoptr(FlRequest) request = NULL;
  g_autofree char *fr_number = NULL;
  g_autofree char *details = NULL;
  g_autofree char *rid = g_strdup_printf ("%" G_GINT64_FORMAT, request_id);
  gint64 case_id;

  g_return_val_if_fail (FL_IS_SESSION (examiner), 0);

  db = fl_session_get_db (examiner);
  if (!fl_session_require (examiner, FL_ROLE_EXAMINER, TRUE, "request.accept", error))
    return 0;
  if (!fl_db_begin (db, error))
    return 0;
  request = fl_request_load (db, request_id, error);
  if (request == NULL || !require_submitted (request, error))
    goto fail;

  case_id = fl_case_open (db, request_id, fl_session_get_user_id (examiner), &fr_number, error);
  if (case_id == 0)
    goto fail;
  if (!mark_decided (db, request_id, FL_REQUEST_ACCEPTED, NULL, fl_session_get_user_id (examiner), error))
    goto fail;
  details = fl_audit_details ("request_id", rid, "fr_number", fr_number,
                              "agency_case_number", request->form->agency_case_number,
                              "examiner", fl_session_get_username (examiner), NULL);
  if (!fl_session_audit (examiner, "request.accept", case_id, "success", details, error))
    goto fail;
  for (guint i = 0; i < request->form->images->len; i++)
    if (!add_original_probe (examiner, case_id, g_ptr_array_index (request->form->images, i), error))
      goto fail;
  if (!fl_db_commit (db, error))
    return 0;
  return case_id;

fail:
  fl_db_rollback (db);
  return 0;
}

gboolean
fl_request_return (FlSession   *examiner,
                   gint64       request_id,
                   const char  *reason,
                   GError     **error)
{
  FlDb *db;
  g_autoptr(FlRequest) request = NULL;
  g_autofree char *trimmed = reason ? g_strstrip (g_strdup (reason)) : NULL;
  g_autofree char *details = NULL;
  g_autofree char *rid = g_strdup_printf ("%" G_GINT64_FORMAT, request_id);

  g_return_val_if_fail (FL_IS_SESSION (examiner), FALSE);

  db = fl_session_get_db (examiner);
  if (!fl_session_require (examiner, FL_ROLE_EXAMINER, TRUE, "request.return", error))
    return FALSE;
  if (g_utf8_strlen (trimmed ? trimmed : "", -1) < FL_REQUEST_NOTE_MIN_CHARS)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Say why the request is returned (at least %d characters), so the requester knows what "
                   "to correct.", FL_REQUEST_NOTE_MIN_CHARS);
      return FALSE;
    }
  if (!fl_db_begin (db, error))
    return FALSE;
  request = fl_request_load (db, request_id, error);
  if (request == NULL || !require_submitted (request, error) ||
      !mark_decided (db, request_id, FL_REQUEST_RETURNED, trimmed, fl_session_get_user_id (examiner), error))
    goto fail;
  details = fl_audit_details ("request_id", rid, "reason", trimmed,
                              "agency_case_number", request->form->agency_case_number, NULL);
  if (!fl_session_audit (examiner, "request.return", 0, "success", details, error))
    goto fail;
  return fl_db_commit (db, error);

fail:
  fl_db_rollback (db);
  return FALSE;
}
