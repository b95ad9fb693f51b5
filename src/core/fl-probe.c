/* fl-probe.c: probe records, quality figures and suitability judgements */
#include <json-glib/json-glib.h>
#include <math.h>

#include "fl-audit.h"
#include "fl-case.h"
#include "fl-probe.h"
#include "fl-search.h"
#include "fl-store.h"

#define PROBE_COLUMNS \
  "SELECT p.id, p.case_id, coalesce (p.parent_id, 0), p.hash, p.filename, a.full_name, p.added_at," \
  " p.quality, p.eye_points, p.suitability, p.suitability_reason, j.full_name, p.judged_at" \
  " FROM probes p JOIN users a ON a.id = p.added_by LEFT JOIN users j ON j.id = p.judged_by "

void
fl_probe_free (FlProbe *probe)
{
  if (probe == NULL)
    return;
  g_free (probe->hash);
  g_free (probe->filename);
  g_free (probe->added_by);
  g_free (probe->added_at);
  g_free (probe->quality_json);
  g_free (probe->eye_points_json);
  g_free (probe->suitability);
  g_free (probe->suitability_reason);
  g_free (probe->judged_by);
  g_free (probe->judged_at);
  g_free (probe);
}

static FlProbe *
probe_from_row (sqlite3_stmt *stmt)
{
  FlProbe *p = g_new0 (FlProbe, 1);

  p->id = sqlite3_column_int64 (stmt, 0);
  p->case_id = sqlite3_column_int64 (stmt, 1);
  p->parent_id = sqlite3_column_int64 (stmt, 2);
  p->hash = fl_db_column_dup (stmt, 3);
  p->filename = fl_db_column_dup (stmt, 4);
  p->added_by = fl_db_column_dup (stmt, 5);
  p->added_at = fl_db_column_dup (stmt, 6);
  p->quality_json = fl_db_column_dup (stmt, 7);
  p->eye_points_json = fl_db_column_dup (stmt, 8);
  p->suitability = fl_db_column_dup (stmt, 9);
  p->suitability_reason = fl_db_column_dup (stmt, 10);
  p->judged_by = fl_db_column_dup (stmt, 11);
  p->judged_at = fl_db_column_dup (stmt, 12);
  return p;
}

static gint64
probe_case (FlDb    *db,
            gint64   probe_id,
            GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT case_id FROM probes WHERE id = ?;", error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, probe_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no probe %" G_GINT64_FORMAT ".", probe_id);
      return 0;
    }
  return sqlite3_column_int64 (stmt, 0);
}

FlProbe *
fl_probe_get (FlSession  *session,
              gint64      probe_id,
              GError    **error)
{
  FlDb *db = fl_session_get_db (session);
  g_autoptr(FlCase) kase = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 case_id = probe_case (db, probe_id, error);

  if (case_id == 0)
    return NULL;
  kase = fl_case_get (session, case_id, error);
  if (kase == NULL)
    return NULL;
  stmt = fl_db_prepare (db, PROBE_COLUMNS "WHERE p.id = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, probe_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no probe %" G_GINT64_FORMAT ".", probe_id);
      return NULL;
    }
  return probe_from_row (stmt);
}

GPtrArray *
fl_probe_list_for_case (FlSession  *session,
                        gint64      case_id,
                        GError    **error)
{
  FlDb *db = fl_session_get_db (session);
  g_autoptr(FlCase) kase = fl_case_get (session, case_id, error);
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (kase == NULL)
    return NULL;
  stmt = fl_db_prepare (db, PROBE_COLUMNS "WHERE p.case_id = ? ORDER BY p.id;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_probe_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, probe_from_row (stmt));
  return g_steal_pointer (&out);
}

/* The examiner working on a probe: trained (R1) and allowed to see the case. */
static FlProbe *
probe_for_examiner (FlSession   *examiner,
                    gint64       probe_id,
                    const char  *action,
                    GError     **error)
{
  if (!fl_session_require (examiner, FL_ROLE_EXAMINER, TRUE, action, error))
    return NULL;
  return fl_probe_get (examiner, probe_id, error);
}

FlQuality *
fl_probe_assess (FlSession  *examiner,
                 FlMatcher  *matcher,
                 gint64      probe_id,
                 GError    **error)
{
  FlDb *db = fl_session_get_db (examiner);
  g_autoptr(FlProbe) probe = probe_for_examiner (examiner, probe_id, "probe.assess", error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FlImage) image = NULL;
  g_autoptr(FlFace) manual = NULL;
  g_autoptr(GPtrArray) faces = NULL;
  g_autoptr(FlQuality) quality = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;
  const FlFace *face;
  FlPoint left, right;

  if (probe == NULL)
    return NULL;
  bytes = fl_store_get (db, probe->hash, error);
  if (bytes == NULL)
    return NULL;
  image = fl_image_new_from_bytes (bytes, error);
  if (image == NULL)
    return NULL;

  if (probe->eye_points_json != NULL &&
      fl_probe_parse_eye_points (probe->eye_points_json, &left, &right))
    {
      manual = fl_matcher_face_from_eyes (matcher, image, left, right, error);
      if (manual == NULL)
        return NULL;
      face = manual;
    }
  else
    {
      faces = fl_matcher_detect (matcher, image, FL_SEARCH_DETECT_FLAGS, error);
      if (faces == NULL)
        return NULL;
      if (faces->len == 0)
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                               "No face was found in this probe. Place the two eye centres by hand "
                               "if a face is there, or judge the probe unsuitable.");
          return NULL;
        }
      face = g_ptr_array_index (faces, 0);
    }

  quality = fl_matcher_assess_quality (matcher, image, face, error);
  if (quality == NULL)
    return NULL;
  json = fl_quality_to_json (quality);
  stmt = fl_db_prepare (db, "UPDATE probes SET quality = ? WHERE id = ?;", error);
  if (stmt == NULL)
    return NULL;
  fl_db_bind_text (stmt, 1, json);
  sqlite3_bind_int64 (stmt, 2, probe_id);
  if (!fl_db_step_done (db, stmt, error) ||
      !fl_session_audit (examiner, "probe.assess", probe->case_id, "success", json, error))
    return NULL;
  return g_steal_pointer (&quality);
}

static gboolean
hint_is_unsuitable (const char *quality_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *obj;

  if (quality_json == NULL || !json_parser_load_from_data (parser, quality_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  obj = json_node_get_object (json_parser_get_root (parser));
  return g_strcmp0 (json_object_get_string_member_with_default (obj, "suitability", ""), "unsuitable") == 0;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

gboolean
fl_probe_judge (FlSession   *examiner,
                gint64       probe_id,
                gboolean     suitable,
                const char  *reason,
                GError     **error)
{
  FlDb *db = fl_session_get_db (examiner);
  g_autoptr(FlProbe) probe = probe_for_examiner (examiner, probe_id, "probe.judge", error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *details = NULL;

  if (probe == NULL)
    return FALSE;
  if (!suitable && is_blank (reason))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "Say why the probe is unsuitable (face size, sharpness, pose, lighting, occlusion).");
      return FALSE;
    }
  if (suitable && hint_is_unsuitable (probe->quality_json) && is_blank (reason))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The measured figures suggest this probe is unsuitable. Record why you judge it "
                           "suitable all the same.");
      return FALSE;
    }

  details = fl_audit_details ("probe", probe->hash, "judgement", suitable ? "suitable" : "unsuitable",
                              "reason", reason, NULL);
  if (!fl_db_begin (db, error))
    return FALSE;
  stmt = fl_db_prepare (db, "UPDATE probes SET suitability = ?, suitability_reason = ?, judged_by = ?,"
                            " judged_at = ? WHERE id = ?;", error);
  if (stmt == NULL)
    goto fail;
  fl_db_bind_text (stmt, 1, suitable ? "suitable" : "unsuitable");
  fl_db_bind_text (stmt, 2, is_blank (reason) ? NULL : reason);
  sqlite3_bind_int64 (stmt, 3, fl_session_get_user_id (examiner));
  fl_db_bind_text (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, probe_id);
  if (!fl_db_step_done (db, stmt, error) ||
      !fl_session_audit (examiner, "probe.judge", probe->case_id, "success", details, error))
    goto fail;
  return fl_db_commit (db, error);

fail:
  fl_db_rollback (db);
  return FALSE;
}

gboolean
fl_probe_set_eye_points (FlSession  *examiner,
                         gint64      probe_id,
                         FlPoint     left_eye,
                         FlPoint     right_eye,
                         GError    **error)
{
  FlDb *db = fl_session_get_db (examiner);
  g_autoptr(FlProbe) probe = probe_for_examiner (examiner, probe_id, "probe.eyes", error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;

  if (probe == NULL)
    return FALSE;
  if (!isfinite (left_eye.x) || !isfinite (left_eye.y) || !isfinite (right_eye.x) || !isfinite (right_eye.y) ||
      left_eye.x < 0 || left_eye.y < 0 || right_eye.x < 0 || right_eye.y < 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, "Place both eye markers on the image.");
      return FALSE;
    }
  if (hypot (right_eye.x - left_eye.x, right_eye.y - left_eye.y) < 8.0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The two eye markers are almost on top of each other: place one on each eye centre.");
      return FALSE;
    }
  json = g_strdup_printf ("{\"left_eye\":[%.2f,%.2f],\"right_eye\":[%.2f,%.2f]}",
                          left_eye.x, left_eye.y, right_eye.x, right_eye.y);
  if (!fl_db_begin (db, error))
    return FALSE;
  stmt = fl_db_prepare (db, "UPDATE probes SET eye_points = ?, quality = NULL WHERE id = ?;", error);
  if (stmt == NULL)
    goto fail;
  fl_db_bind_text (stmt, 1, json);
  sqlite3_bind_int64 (stmt, 2, probe_id);
  if (!fl_db_step_done (db, stmt, error) ||
      !fl_session_audit (examiner, "probe.eyes", probe->case_id, "success", json, error))
    goto fail;
  return fl_db_commit (db, error);

fail:
  fl_db_rollback (db);
  return FALSE;
}

/* probes.eye_points: {"left_eye": [x, y], "right_eye": [x, y]} in the
 * probe's pixels, "left" being the eye on the left of the image. */
gboolean
fl_probe_parse_eye_points (const char  *json,
                  FlPoint     *left,
                  FlPoint     *right)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *obj;
  const char *keys[2] = { "left_eye", "right_eye" };
  FlPoint *out[2] = { left, right };

  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  obj = json_node_get_object (json_parser_get_root (parser));
  for (int i = 0; i < 2; i++)
    {
      JsonNode *node = json_object_get_member (obj, keys[i]);
      JsonArray *a;

      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        return FALSE;
      a = json_node_get_array (node);
      if (json_array_get_length (a) != 2)
        return FALSE;
      out[i]->x = json_array_get_double_element (a, 0);
      out[i]->y = json_array_get_double_element (a, 1);
    }
  return TRUE;
}

