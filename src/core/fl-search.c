/* fl-search.c: the search service: one index per database, the policy checks
 * of a search, the search itself and its log (R1, R11, R13, R14, R16) */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "fl-audit.h"
#include "fl-gallery-private.h"
#include "fl-probe.h"
#include "fl-search.h"
#include "fl-settings.h"
#include "fl-store.h"

/* ------------------------------------------------------------------------- */
/* The shared matcher                                                        */

static GMutex matcher_lock;
static FlMatcher *shared_matcher;

FlMatcher *
fl_search_get_matcher (GError **error)
{
  FlMatcher *m;

  g_mutex_lock (&matcher_lock);
  if (shared_matcher == NULL)
    shared_matcher = fl_matcher_new (error);
  m = shared_matcher ? fl_matcher_ref (shared_matcher) : NULL;
  g_mutex_unlock (&matcher_lock);
  return m;
}

/* ------------------------------------------------------------------------- */
/* One index per database                                                    */

typedef struct
{
  GMutex   lock;       /* serialises loading and syncing */
  FlIndex *index;      /* exists from the start so a seal can be recorded before loading */
  gboolean loaded;
  char    *model_id;   /* the templates it holds were computed by this model */
  gint64   max_id;     /* highest template id read from the database */
  gint64   n_sealed;   /* sealed subjects at the last sync */
} IndexState;

static GMutex states_lock;

static void
index_state_free (gpointer data)
{
  IndexState *st = data;

  g_mutex_clear (&st->lock);
  fl_index_unref (st->index);
  g_free (st->model_id);
  g_free (st);
}

static IndexState *
index_state (FlDb *owner)
{
  IndexState *st;

  g_mutex_lock (&states_lock);
  st = g_object_get_data (G_OBJECT (owner), "fl-search-index");
  if (st == NULL)
    {
      st = g_new0 (IndexState, 1);
      g_mutex_init (&st->lock);
      st->index = fl_index_new ();
      g_object_set_data_full (G_OBJECT (owner), "fl-search-index", st, index_state_free);
    }
  g_mutex_unlock (&states_lock);
  return st;
}

static gboolean
mark_sealed (IndexState  *st,
             FlDb        *reader,
             GError     **error)
{
  gint64 n = fl_db_query_int64 (reader, "SELECT count(*) FROM subjects WHERE sealed = 1;", -1);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (n < 0)
    return fl_db_set_error (reader, error, "Cannot read the sealed records");
  if (n == st->n_sealed)
    return TRUE;
  stmt = fl_db_prepare (reader, "SELECT id FROM subjects WHERE sealed = 1;", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    fl_index_set_subject_sealed (st->index, sqlite3_column_int64 (stmt, 0), TRUE);
  st->n_sealed = n;
  return TRUE;
}

static gboolean
load_new_templates (IndexState  *st,
                    FlDb        *reader,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = fl_db_prepare (reader, "SELECT t.gallery_image_id, gi.subject_id, s.gallery_id, t.vector"
                                " FROM templates t JOIN gallery_images gi ON gi.id = t.gallery_image_id"
                                " JOIN subjects s ON s.id = gi.subject_id"
                                " WHERE t.gallery_image_id > ? AND t.model = ? AND s.sealed = 0"
                                " ORDER BY t.gallery_image_id;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, st->max_id);
  fl_db_bind_text (stmt, 2, st->model_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      float vec[FL_INDEX_DIM];
      g_autoptr(GError) local = NULL;

      st->max_id = MAX (st->max_id, id);
      if (sqlite3_column_bytes (stmt, 3) != (int) sizeof vec || fl_index_contains (st->index, id))
        continue;
      memcpy (vec, sqlite3_column_blob (stmt, 3), sizeof vec);
      if (!fl_index_add (st->index, id, sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2), vec, &local))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                       "The face template of gallery image %" G_GINT64_FORMAT " is damaged (%s). "
                       "Restore the database from a backup.", id, local->message);
          return FALSE;
        }
    }
  if (rc != SQLITE_DONE)
    return fl_db_set_error (reader, error, "Cannot read the face templates");
  return TRUE;
}

static gboolean
sync_locked (IndexState  *st,
             FlDb        *reader,
             const char  *model_id,
             GError     **error)
{
  if (st->loaded && g_strcmp0 (st->model_id, model_id) != 0)
    {
      /* Templates of another model are not comparable: start again. */
      FlIndex *fresh = fl_index_new ();
      fl_index_unref (st->index);
      st->index = fresh;
      st->loaded = FALSE;
    }
  if (!st->loaded)
    {
      gint64 n = fl_db_query_int64 (reader, "SELECT count(*) FROM templates;", 0);

      g_free (st->model_id);
      st->model_id = g_strdup (model_id);
      st->max_id = 0;
      st->n_sealed = -1;
      if (n > 0 && !fl_index_reserve (st->index, (gsize) n, error))
        return FALSE;
    }
  /* Sealed first, so that nothing added below escapes its seal. */
  if (!mark_sealed (st, reader, error) || !load_new_templates (st, reader, error))
    return FALSE;
  st->loaded = TRUE;
  return TRUE;
}

FlIndex *
fl_search_index_sync (FlDb     *owner,
                      FlDb     *reader,
                      GError  **error)
{
  IndexState *st = index_state (owner);
  g_autoptr(FlMatcher) matcher = fl_search_get_matcher (error);
  FlIndex *index = NULL;

  if (matcher == NULL)
    return NULL;
  g_mutex_lock (&st->lock);
  if (sync_locked (st, reader, fl_matcher_get_model_id (matcher), error))
    index = fl_index_ref (st->index);
  g_mutex_unlock (&st->lock);
  return index;
}

gboolean
fl_search_index_refresh (FlDb     *owner,
                         FlDb     *reader,
                         GError  **error)
{
  IndexState *st = index_state (owner);
  gboolean ok = TRUE;

  g_mutex_lock (&st->lock);
  if (st->loaded)
    ok = sync_locked (st, reader, st->model_id, error);
  g_mutex_unlock (&st->lock);
  return ok;
}

gboolean
fl_search_refresh (FlDb     *db,
                   GError  **error)
{
  return fl_search_index_refresh (db, db, error);
}

void
fl_search_index_set_sealed (FlDb     *owner,
                            gint64    subject_id,
                            gboolean  sealed)
{
  IndexState *st = index_state (owner);

  g_mutex_lock (&st->lock);
  fl_index_set_subject_sealed (st->index, subject_id, sealed);
  /* Force a recount at the next sync, so that other processes' seals are picked up too. */
  st->n_sealed = -1;
  g_mutex_unlock (&st->lock);
}

void
fl_search_index_remove (FlDb         *owner,
                        const gint64 *template_ids,
                        guint         n)
{
  IndexState *st = index_state (owner);

  g_mutex_lock (&st->lock);
  for (guint i = 0; i < n; i++)
    if (fl_index_contains (st->index, template_ids[i]))
      fl_index_remove (st->index, template_ids[i], NULL);
  g_mutex_unlock (&st->lock);
}

/* ------------------------------------------------------------------------- */
/* A search: checked, computed, recorded                                     */

typedef struct
{
  FlDb             *owner;
  char             *data_dir;
  FlActor           actor;
  gint64            case_id;
  gint64            probe_id;
  GArray           *gallery_ids;
  char             *gallery_names;
  guint             k;
  char             *justification;
  int               face_index;
  gboolean          blind;
  char             *incident_type;
  char             *purpose;
  char             *fr_number;
  char             *probe_hash;
  char             *eye_points;

  FlMatcher        *matcher;
  float             query[FL_TEMPLATE_LENGTH];
  char             *probe_face;
  GArray           *hits;
  guint64           n_scanned;
  gint64            search_id;

  FlSearchProgress  progress;
  gpointer          progress_data;
  GMainContext     *context;      /* set when progress goes to another thread */
} SearchJob;

static void
search_job_free (SearchJob *job)
{
  g_clear_object (&job->owner);
  g_free (job->data_dir);
  g_free (job->actor.username);
  g_clear_pointer (&job->gallery_ids, g_array_unref);
  g_free (job->gallery_names);
  g_free (job->justification);
  g_free (job->incident_type);
  g_free (job->purpose);
  g_free (job->fr_number);
  g_free (job->probe_hash);
  g_free (job->eye_points);
  g_clear_pointer (&job->matcher, fl_matcher_unref);
  g_free (job->probe_face);
  g_clear_pointer (&job->hits, g_array_unref);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SearchJob, search_job_free)

typedef struct
{
  FlSearchProgress  func;
  gpointer          data;
  double            fraction;
  char             *stage;
} ProgressCall;

static gboolean
progress_dispatch (gpointer data)
{
  ProgressCall *p = data;

  p->func (p->fraction, p->stage, p->data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer data)
{
  ProgressCall *p = data;

  g_free (p->stage);
  g_free (p);
}

static void
report (SearchJob  *job,
        double      fraction,
        const char *stage)
{
  ProgressCall *p;

  if (job->progress == NULL)
    return;
  if (job->context == NULL)
    {
      job->progress (fraction, stage, job->progress_data);
      return;
    }
  p = g_new0 (ProgressCall, 1);
  p->func = job->progress;
  p->data = job->progress_data;
  p->fraction = fraction;
  p->stage = g_strdup (stage);
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, progress_dispatch, p, progress_call_free);
}

static gboolean
refuse (FlSession   *session,
        gint64       case_id,
        gint64       probe_id,
        GError     **error,
        FlError      code,
        const char  *format,
        ...) G_GNUC_PRINTF (6, 7);

/* Sets the error and records the refusal in the audit trail. */
static gboolean
refuse (FlSession   *session,
        gint64       case_id,
        gint64       probe_id,
        GError     **error,
        FlError      code,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  g_autofree char *details = NULL;
  g_autofree char *pid = g_strdup_printf ("%" G_GINT64_FORMAT, probe_id);
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  details = fl_audit_details ("reason", message, "probe_id", pid, NULL);
  fl_session_audit (session, "search.run", case_id, "refused", details, NULL);
  g_set_error_literal (error, FL_ERROR, code, message);
  return FALSE;
}

/* The case's state allows a search by this examiner. Also used inside the
 * recording transaction, so that a case closed meanwhile is not searched. */
static gboolean
check_case (FlDb         *db,
            SearchJob    *job,
            char        **out_state,
            FlError      *out_code,
            char        **out_message,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db,
    "SELECT c.state, c.sealed, coalesce (c.examiner_id, 0), r.state, r.incident_type, r.purpose, c.fr_number"
    " FROM cases c JOIN requests r ON r.id = c.request_id WHERE c.id = ?;", error);
  const char *state, *request_state;

  *out_message = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->case_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      *out_code = FL_ERROR_NOT_FOUND;
      *out_message = g_strdup_printf ("There is no case %" G_GINT64_FORMAT ". A case is opened when an examiner "
                                      "accepts a search request.", job->case_id);
      return TRUE;
    }
  state = (const char *) sqlite3_column_text (stmt, 0);
  request_state = (const char *) sqlite3_column_text (stmt, 3);
  g_free (job->fr_number);
  job->fr_number = fl_db_column_dup (stmt, 6);
  if (g_strcmp0 (request_state, "accepted") != 0)
    {
      *out_code = FL_ERROR_POLICY;
      *out_message = g_strdup_printf ("The request of case %s is %s, not accepted: only an accepted request "
                                      "may be searched (R4).", job->fr_number, request_state);
    }
  else if (sqlite3_column_int (stmt, 1) != 0)
    {
      *out_code = FL_ERROR_POLICY;
      *out_message = g_strdup_printf ("Case %s is sealed: it may not be searched.", job->fr_number);
    }
  else if (g_strcmp0 (state, "intake") != 0 && g_strcmp0 (state, "searching") != 0 &&
           g_strcmp0 (state, "review") != 0)
    {
      *out_code = FL_ERROR_POLICY;
      *out_message = g_strdup_printf ("Case %s is in state “%s”: a search is possible only at intake, while "
                                      "searching or in review. A closed or reported case is not searched again; "
                                      "open a new request instead.", job->fr_number, state);
    }
  else if (sqlite3_column_int64 (stmt, 2) != job->actor.user_id)
    {
      *out_code = FL_ERROR_DENIED;
      *out_message = g_strdup_printf ("Case %s is %s: only the examiner assigned to a case searches it. Ask an "
                                      "administrator to assign it to you.", job->fr_number,
                                      sqlite3_column_int64 (stmt, 2) ? "assigned to another examiner"
                                                                     : "not assigned to anyone");
    }
  if (out_state)
    *out_state = g_strdup (state);
  g_free (job->incident_type);
  g_free (job->purpose);
  job->incident_type = fl_db_column_dup (stmt, 4);
  job->purpose = fl_db_column_dup (stmt, 5);
  return TRUE;
}

static SearchJob *
search_prepare (FlSession            *session,
                const FlSearchParams *params,
                GError              **error)
{
  FlDb *db = fl_session_get_db (session);
  g_autoptr(SearchJob) job = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *message = NULL;
  g_autofree char *just = NULL;
  FlError code = FL_ERROR_FAILED;
  gint64 probe_case;
  const char *suitability;

  g_return_val_if_fail (params != NULL, NULL);

  /* R1: an examiner with current training, re-checked now. */
  if (!fl_session_require (session, FL_ROLE_EXAMINER, TRUE, "search.run", error))
    return NULL;

  job = g_new0 (SearchJob, 1);
  job->owner = g_object_ref (db);
  job->data_dir = g_strdup (fl_db_get_data_dir (db));
  job->actor.user_id = fl_session_get_user_id (session);
  job->actor.username = g_strdup (fl_session_get_username (session));
  job->case_id = params->case_id;
  job->probe_id = params->probe_id;
  job->face_index = params->face_index;

  if (!check_case (db, job, NULL, &code, &message, error))
    return NULL;
  if (message != NULL)
    {
      refuse (session, code == FL_ERROR_NOT_FOUND ? 0 : params->case_id, params->probe_id, error, code, "%s",
              message);
      return NULL;
    }

  /* The probe: of this case, judged (R11); an unsuitable one only with the examiner's reason. */
  stmt = fl_db_prepare (db, "SELECT case_id, hash, eye_points, suitability, suitability_reason"
                            " FROM probes WHERE id = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, params->probe_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      refuse (session, params->case_id, params->probe_id, error, FL_ERROR_NOT_FOUND,
              "There is no probe %" G_GINT64_FORMAT " in case %s.", params->probe_id, job->fr_number);
      return NULL;
    }
  probe_case = sqlite3_column_int64 (stmt, 0);
  if (probe_case != params->case_id)
    {
      refuse (session, params->case_id, params->probe_id, error, FL_ERROR_INVALID,
              "Probe %" G_GINT64_FORMAT " belongs to another case, not to %s: search a probe of this case.",
              params->probe_id, job->fr_number);
      return NULL;
    }
  job->probe_hash = fl_db_column_dup (stmt, 1);
  job->eye_points = fl_db_column_dup (stmt, 2);
  suitability = (const char *) sqlite3_column_text (stmt, 3);
  if (suitability == NULL)
    {
      refuse (session, params->case_id, params->probe_id, error, FL_ERROR_POLICY,
              "Record your suitability judgement of probe %" G_GINT64_FORMAT " (face size, sharpness, pose, "
              "lighting, occlusion) before searching it (R11).", params->probe_id);
      return NULL;
    }
  if (g_str_equal (suitability, "unsuitable"))
    {
      g_autofree char *reason = fl_db_column_dup (stmt, 4);
      if (reason == NULL || *g_strstrip (reason) == '\0')
        {
          refuse (session, params->case_id, params->probe_id, error, FL_ERROR_POLICY,
                  "Probe %" G_GINT64_FORMAT " was judged unsuitable without a recorded reason. An unsuitable "
                  "probe is searched only when the examiner has recorded why with the judgement (R11): record "
                  "it, or use a better probe.", params->probe_id);
          return NULL;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Galleries: at least one, each named in the log (R13, R14). */
  if (params->n_gallery_ids == 0 || params->gallery_ids == NULL)
    {
      refuse (session, params->case_id, params->probe_id, error, FL_ERROR_INVALID,
              "Choose at least one gallery to search.");
      return NULL;
    }
  job->gallery_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < params->n_gallery_ids; i++)
    {
      g_autoptr(sqlite3_stmt) name = NULL;
      gboolean seen = FALSE;

      for (guint j = 0; j < job->gallery_ids->len; j++)
        seen |= g_array_index (job->gallery_ids, gint64, j) == params->gallery_ids[i];
      if (seen)
        continue;
      name = fl_db_prepare (db, "SELECT name FROM galleries WHERE id = ?;", error);
      if (name == NULL)
        return NULL;
      sqlite3_bind_int64 (name, 1, params->gallery_ids[i]);
      if (sqlite3_step (name) != SQLITE_ROW)
        {
          refuse (session, params->case_id, params->probe_id, error, FL_ERROR_NOT_FOUND,
                  "There is no gallery %" G_GINT64_FORMAT ": choose the galleries again.", params->gallery_ids[i]);
          return NULL;
        }
      g_array_append_val (job->gallery_ids, params->gallery_ids[i]);
      g_ptr_array_add (names, fl_db_column_dup (name, 0));
    }
  g_ptr_array_add (names, NULL);
  job->gallery_names = g_strjoinv ("; ", (char **) names->pdata);

  job->k = params->k ? params->k : (guint) fl_settings_get_int (db, FL_SETTING_CANDIDATE_LIST_SIZE);
  if (job->k == 0 || job->k > FL_SEARCH_MAX_K)
    {
      refuse (session, params->case_id, params->probe_id, error, FL_ERROR_INVALID,
              "The candidate list size must be 1 to %d (it was %u).", FL_SEARCH_MAX_K, job->k);
      return NULL;
    }

  just = g_strstrip (g_strdup (params->justification ? params->justification : ""));
  if (g_utf8_strlen (just, -1) < FL_SEARCH_JUSTIFICATION_MIN_CHARS)
    {
      refuse (session, params->case_id, params->probe_id, error, FL_ERROR_INVALID,
              "Write why this search is made (at least %d characters): the justification is logged with "
              "the search and reported in the monthly audit.", FL_SEARCH_JUSTIFICATION_MIN_CHARS);
      return NULL;
    }
  job->justification = g_steal_pointer (&just);

  switch (params->blind)
    {
    case FL_SEARCH_BLIND_ON:
      job->blind = TRUE;
      break;
    case FL_SEARCH_BLIND_OFF:
      job->blind = FALSE;
      break;
    case FL_SEARCH_BLIND_DEFAULT:
    default:
      job->blind = fl_settings_get_bool (db, FL_SETTING_BLIND_MODE_DEFAULT);
      break;
    }

  job->matcher = fl_search_get_matcher (error);
  if (job->matcher == NULL)
    return NULL;
  return g_steal_pointer (&job);
}

static char *
face_json (const char *method,
           FlFace     *face,
           int         face_index,
           guint       n_faces)
{
  FlRect box = fl_face_get_box (face);
  FlPoint l, r;

  fl_face_get_eyes (face, &l, &r);
  return g_strdup_printf ("{\"method\":\"%s\",\"detector\":\"%s\",\"face_index\":%d,\"faces_found\":%u,"
                          "\"box\":[%.1f,%.1f,%.1f,%.1f],\"left_eye\":[%.1f,%.1f],\"right_eye\":[%.1f,%.1f]}",
                          method, fl_detector_to_string (fl_face_get_detector (face)), face_index, n_faces,
                          box.x, box.y, box.width, box.height, l.x, l.y, r.x, r.y);
}

static gboolean
cancelled (GCancellable  *cancellable,
           GError       **error)
{
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_CANCELLED, "The search was cancelled; nothing was logged.");
      return TRUE;
    }
  return FALSE;
}

/* The matcher and the scan: no policy decisions, reads only. */
static gboolean
search_compute (SearchJob     *job,
                FlDb          *reader,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FlImage) image = NULL;
  g_autoptr(GPtrArray) faces = NULL;
  g_autoptr(FlFace) manual = NULL;
  g_autoptr(FlIndex) index = NULL;
  g_autofree char *stage = NULL;
  FlIndexSearchStats stats = { 0 };
  FlFace *face;

  report (job, 0.05, "Reading the probe");
  bytes = fl_store_get (reader, job->probe_hash, error);
  if (bytes == NULL)
    return FALSE;
  image = fl_image_new_from_bytes (bytes, error);
  if (image == NULL || cancelled (cancellable, error))
    return FALSE;

  report (job, 0.15, "Finding the face");
  if (job->face_index < 0 && job->eye_points != NULL && *job->eye_points != '\0')
    {
      FlPoint l, r;
      if (!fl_probe_parse_eye_points (job->eye_points, &l, &r))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "The eye points placed on probe %" G_GINT64_FORMAT " cannot be read; place them again.",
                       job->probe_id);
          return FALSE;
        }
      manual = fl_matcher_face_from_eyes (job->matcher, image, l, r, error);
      if (manual == NULL)
        return FALSE;
      face = manual;
      job->probe_face = face_json ("eyes", face, -1, 0);
    }
  else
    {
      faces = fl_matcher_detect (job->matcher, image, FL_SEARCH_DETECT_FLAGS, error);
      if (faces == NULL)
        return FALSE;
      if (faces->len == 0)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "No face was found in probe %" G_GINT64_FORMAT ". Place the eye centres on the probe by "
                       "hand, then search again.", job->probe_id);
          return FALSE;
        }
      if (job->face_index < 0 && faces->len > 1)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Probe %" G_GINT64_FORMAT " shows %u faces: choose the one to search.", job->probe_id,
                       faces->len);
          return FALSE;
        }
      if (job->face_index >= (int) faces->len)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Probe %" G_GINT64_FORMAT " shows %u faces; there is no face %d. Choose one of them.",
                       job->probe_id, faces->len, job->face_index + 1);
          return FALSE;
        }
      face = g_ptr_array_index (faces, MAX (job->face_index, 0));
      job->probe_face = face_json ("detected", face, MAX (job->face_index, 0), faces->len);
    }
  if (cancelled (cancellable, error))
    return FALSE;

  report (job, 0.5, "Computing the face template");
  if (!fl_matcher_compute_template (job->matcher, face, job->query, error) || cancelled (cancellable, error))
    return FALSE;

  report (job, 0.6, "Loading the galleries");
  index = fl_search_index_sync (job->owner, reader, error);
  if (index == NULL || cancelled (cancellable, error))
    return FALSE;

  stage = g_strdup_printf ("Comparing with %" G_GSIZE_FORMAT " templates", fl_index_get_size (index));
  report (job, 0.8, stage);
  if (!fl_index_search_with_stats (index, job->query, job->k, (const gint64 *) (gpointer) job->gallery_ids->data,
                                   job->gallery_ids->len, &job->hits, &stats, error))
    return FALSE;
  job->n_scanned = stats.n_scanned;
  return !cancelled (cancellable, error);
}

static gboolean
subject_sealed (FlDb   *db,
                gint64  subject_id)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT sealed FROM subjects WHERE id = ?;", NULL);

  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_int64 (stmt, 1, subject_id);
  return sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) != 0;
}

/* Logs the search with its candidates and moves the case, in one transaction. */
static gboolean
search_record (SearchJob  *job,
               FlDb       *db,
               GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (FlIndexHit));
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *state = NULL;
  g_autofree char *message = NULL;
  g_autofree int *order = NULL;
  g_autofree char *details = NULL;
  const char *new_state;
  FlError code = FL_ERROR_FAILED;
  guint n;

  report (job, 0.9, "Recording the search");
  if (!fl_db_begin (db, error))
    return FALSE;

  if (!check_case (db, job, &state, &code, &message, error))
    goto fail;
  if (message != NULL)
    {
      g_set_error_literal (error, FL_ERROR, code, message);
      goto fail;
    }

  /* A subject sealed by another program after the index was synced never shows. */
  for (guint i = 0; i < job->hits->len; i++)
    {
      FlIndexHit *h = &g_array_index (job->hits, FlIndexHit, i);
      if (!subject_sealed (db, h->subject_id))
        g_array_append_val (kept, *h);
    }
  n = kept->len;

  stmt = fl_db_prepare (db, "INSERT INTO searches (case_id, probe_id, examiner_id, started_at, incident_type,"
                            " purpose, justification, galleries, matcher_version, model_id, k, templates_scanned,"
                            " candidate_count, blind, probe_face) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, job->case_id);
  sqlite3_bind_int64 (stmt, 2, job->probe_id);
  sqlite3_bind_int64 (stmt, 3, job->actor.user_id);
  fl_db_bind_text (stmt, 4, now);
  fl_db_bind_text (stmt, 5, job->incident_type);
  fl_db_bind_text (stmt, 6, job->purpose);
  fl_db_bind_text (stmt, 7, job->justification);
  fl_db_bind_text (stmt, 8, job->gallery_names);
  fl_db_bind_text (stmt, 9, fl_matcher_get_version ());
  fl_db_bind_text (stmt, 10, fl_matcher_get_model_id (job->matcher));
  sqlite3_bind_int (stmt, 11, (int) job->k);
  sqlite3_bind_int64 (stmt, 12, (gint64) job->n_scanned);
  sqlite3_bind_int (stmt, 13, (int) n);
  sqlite3_bind_int (stmt, 14, job->blind ? 1 : 0);
  fl_db_bind_text (stmt, 15, job->probe_face);
  if (!fl_db_step_done (db, stmt, error))
    goto fail;
  job->search_id = sqlite3_last_insert_rowid (fl_db_get_handle (db));
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = fl_db_prepare (db, "INSERT INTO search_galleries (search_id, gallery_id) VALUES (?, ?);", error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < job->gallery_ids->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, job->search_id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (job->gallery_ids, gint64, i));
      if (!fl_db_step_done (db, stmt, error))
        goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* A fresh shuffle for blind review (R16). Rows go in in that order so
   * that not even the row ids give the rank away. */
  order = g_new (int, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    order[i] = (int) i;
  for (guint i = n; i > 1; i--)
    {
      guint j = (guint) g_random_int_range (0, (gint32) i);
      int t = order[i - 1];
      order[i - 1] = order[j];
      order[j] = t;
    }
  stmt = fl_db_prepare (db, "INSERT INTO candidates (search_id, rank, score, blind_order, gallery_image_id,"
                            " subject_id) VALUES (?, ?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    goto fail;
  for (guint pos = 0; pos < n; pos++)
    {
      FlIndexHit *h = &g_array_index (kept, FlIndexHit, order[pos]);
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, job->search_id);
      sqlite3_bind_int (stmt, 2, order[pos] + 1);
      sqlite3_bind_double (stmt, 3, h->score);
      sqlite3_bind_int (stmt, 4, (int) pos + 1);
      sqlite3_bind_int64 (stmt, 5, h->id);
      sqlite3_bind_int64 (stmt, 6, h->subject_id);
      if (!fl_db_step_done (db, stmt, error))
        goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The case moves on: to review when there is something to review. */
  new_state = n > 0 ? "review" : g_str_equal (state, "intake") ? "searching" : state;
  if (!g_str_equal (new_state, state))
    {
      g_autofree char *state_details = fl_audit_details ("from", state, "to", new_state, "by", "search.run", NULL);
      stmt = fl_db_prepare (db, "UPDATE cases SET state = ? WHERE id = ?;", error);
      if (stmt == NULL)
        goto fail;
      fl_db_bind_text (stmt, 1, new_state);
      sqlite3_bind_int64 (stmt, 2, job->case_id);
      if (!fl_db_step_done (db, stmt, error) ||
          !fl_audit_append (db, job->actor.user_id, job->actor.username, "case.state", job->case_id, "success",
                            state_details, error))
        goto fail;
    }

  {
    g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, job->search_id);
    g_autofree char *pid = g_strdup_printf ("%" G_GINT64_FORMAT, job->probe_id);
    g_autofree char *k = g_strdup_printf ("%u", job->k);
    g_autofree char *scanned = g_strdup_printf ("%" G_GUINT64_FORMAT, job->n_scanned);
    g_autofree char *count = g_strdup_printf ("%u", n);
    details = fl_audit_details ("search_id", sid, "fr_number", job->fr_number, "probe_id", pid,
                                "incident_type", job->incident_type, "purpose", job->purpose,
                                "galleries", job->gallery_names, "matcher_version", fl_matcher_get_version (),
                                "model_id", fl_matcher_get_model_id (job->matcher), "k", k,
                                "templates_scanned", scanned, "candidates", count,
                                "blind", job->blind ? "true" : "false", "justification", job->justification, NULL);
  }
  if (!fl_audit_append (db, job->actor.user_id, job->actor.username, "search.run", job->case_id, "success",
                        details, error) ||
      !fl_db_commit (db, error))
    goto fail;
  report (job, 1.0, "Done");
  return TRUE;

fail:
  fl_db_rollback (db);
  job->search_id = 0;
  return FALSE;
}

/* A search that was allowed but could not run (no face, damaged probe, …) is audited too. */
static void
audit_failure (SearchJob    *job,
               FlDb         *db,
               const GError *error)
{
  g_autofree char *pid = NULL;
  g_autofree char *details = NULL;

  if (error == NULL || g_error_matches (error, FL_ERROR, FL_ERROR_CANCELLED))
    return;
  pid = g_strdup_printf ("%" G_GINT64_FORMAT, job->probe_id);
  details = fl_audit_details ("reason", error->message, "probe_id", pid, NULL);
  fl_audit_append (db, job->actor.user_id, job->actor.username, "search.run", job->case_id, "failed", details,
                   NULL);
}

static gint64
search_execute (SearchJob     *job,
                FlDb          *db,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GError) local = NULL;

  if (!search_compute (job, db, cancellable, &local) || !search_record (job, db, &local))
    {
      audit_failure (job, db, local);
      g_propagate_error (error, g_steal_pointer (&local));
      return 0;
    }
  return job->search_id;
}

gint64
fl_search_run (FlSession            *examiner,
               const FlSearchParams *params,
               FlSearchProgress      progress,
               gpointer              progress_data,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(SearchJob) job = search_prepare (examiner, params, error);

  if (job == NULL)
    return 0;
  job->progress = progress;
  job->progress_data = progress_data;
  return search_execute (job, fl_session_get_db (examiner), cancellable, error);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchJob *job = task_data;
  g_autoptr(GError) error = NULL;
  /* Its own connection: the caller's thread keeps using the session's. */
  g_autoptr(FlDb) db = fl_db_open (job->data_dir, &error);
  gint64 id;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  id = search_execute (job, db, cancellable, &error);
  if (id == 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_memdup2 (&id, sizeof id), g_free);
}

void
fl_search_run_async (FlSession            *examiner,
                     const FlSearchParams *params,
                     FlSearchProgress      progress,
                     gpointer              progress_data,
                     GCancellable         *cancellable,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  SearchJob *job;

  g_task_set_source_tag (task, fl_search_run_async);
  /* Our own FL_ERROR_CANCELLED says what was kept; a finished result is not hidden. */
  g_task_set_check_cancellable (task, FALSE);
  job = search_prepare (examiner, params, &error);
  if (job == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, job, (GDestroyNotify) search_job_free);
  g_task_run_in_thread (task, search_thread);
}

gint64
fl_search_run_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_autofree gint64 *id = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);
  id = g_task_propagate_pointer (G_TASK (result), error);
  return id ? *id : 0;
}

/* ------------------------------------------------------------------------- */
/* Reading searches and candidates                                           */

void
fl_search_info_free (FlSearchInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->fr_number);
  g_free (info->examiner_name);
  g_free (info->started_at);
  g_free (info->incident_type);
  g_free (info->purpose);
  g_free (info->justification);
  g_free (info->galleries);
  g_free (info->matcher_version);
  g_free (info->model_id);
  g_free (info);
}

void
fl_candidate_free (FlCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_free (candidate->gallery_name);
  g_free (candidate->image_hash);
  g_free (candidate->capture_date);
  g_free (candidate->external_id);
  g_free (candidate->name);
  g_free (candidate->date_of_birth);
  g_free (candidate->sex);
  g_free (candidate->race);
  g_free (candidate->cdl);
  g_free (candidate->main_number);
  g_free (candidate->sid);
  g_free (candidate->booking_number);
  g_free (candidate);
}

#define READERS (FL_ROLE_EXAMINER | FL_ROLE_RECORDS | FL_ROLE_ADMIN)

static const char search_select[] =
  "SELECT s.id, s.case_id, c.fr_number, s.probe_id, s.examiner_id, u.full_name, s.started_at, s.incident_type,"
  " s.purpose, s.justification, s.galleries, s.matcher_version, s.model_id, s.k, s.templates_scanned,"
  " s.candidate_count, s.blind"
  " FROM searches s JOIN cases c ON c.id = s.case_id JOIN users u ON u.id = s.examiner_id";

static FlSearchInfo *
search_from_row (sqlite3_stmt *stmt)
{
  FlSearchInfo *s = g_new0 (FlSearchInfo, 1);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->case_id = sqlite3_column_int64 (stmt, 1);
  s->fr_number = fl_db_column_dup (stmt, 2);
  s->probe_id = sqlite3_column_int64 (stmt, 3);
  s->examiner_id = sqlite3_column_int64 (stmt, 4);
  s->examiner_name = fl_db_column_dup (stmt, 5);
  s->started_at = fl_db_column_dup (stmt, 6);
  s->incident_type = fl_db_column_dup (stmt, 7);
  s->purpose = fl_db_column_dup (stmt, 8);
  s->justification = fl_db_column_dup (stmt, 9);
  s->galleries = fl_db_column_dup (stmt, 10);
  s->matcher_version = fl_db_column_dup (stmt, 11);
  s->model_id = fl_db_column_dup (stmt, 12);
  s->k = (guint) sqlite3_column_int (stmt, 13);
  s->templates_scanned = sqlite3_column_int64 (stmt, 14);
  s->candidate_count = (guint) sqlite3_column_int (stmt, 15);
  s->blind = sqlite3_column_int (stmt, 16) != 0;
  return s;
}

FlSearchInfo *
fl_search_get (FlSession   *session,
               gint64       search_id,
               GError     **error)
{
  g_autofree char *sql = g_strconcat (search_select, " WHERE s.id = ?;", NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!fl_require_any_role (session, READERS, "search.view", error))
    return NULL;
  stmt = fl_db_prepare (fl_session_get_db (session), sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, search_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no search %" G_GINT64_FORMAT ".", search_id);
      return NULL;
    }
  return search_from_row (stmt);
}

GPtrArray *
fl_search_list_for_case (FlSession   *session,
                         gint64       case_id,
                         GError     **error)
{
  g_autofree char *sql = g_strconcat (search_select, " WHERE s.case_id = ? ORDER BY s.id;", NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (!fl_require_any_role (session, READERS, "search.view", error))
    return NULL;
  stmt = fl_db_prepare (fl_session_get_db (session), sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_search_info_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, search_from_row (stmt));
  return g_steal_pointer (&list);
}

/* The blind query does not even read rank and score (R16). */
#define CANDIDATE_COLUMNS \
  " c.id, c.search_id, c.blind_order, c.gallery_image_id, c.subject_id, s.gallery_id, g.name," \
  " CASE WHEN b.purged_at IS NULL THEN gi.hash END, gi.capture_date, s.external_id, s.name, s.date_of_birth," \
  " s.sex, s.race, s.cdl, s.main_number, s.sid, s.sealed," \
  " (SELECT booking_number FROM bookings WHERE subject_id = s.id" \
  "  ORDER BY booked_on IS NULL, booked_on DESC, id DESC LIMIT 1)"
#define CANDIDATE_FROM \
  " FROM candidates c JOIN subjects s ON s.id = c.subject_id JOIN galleries g ON g.id = s.gallery_id" \
  " JOIN gallery_images gi ON gi.id = c.gallery_image_id LEFT JOIN blobs b ON b.hash = gi.hash" \
  " WHERE c.search_id = ?"

GPtrArray *
fl_search_list_candidates (FlSession   *session,
                           gint64       search_id,
                           gboolean     blind,
                           GError     **error)
{
  FlDb *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  if (!fl_require_any_role (session, READERS, "search.candidates", error))
    return NULL;
  db = fl_session_get_db (session);
  stmt = fl_db_prepare (db, blind
                        ? "SELECT" CANDIDATE_COLUMNS CANDIDATE_FROM " ORDER BY c.blind_order;"
                        : "SELECT" CANDIDATE_COLUMNS ", c.rank, c.score" CANDIDATE_FROM " ORDER BY c.rank;",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, search_id);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_candidate_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FlCandidate *c = g_new0 (FlCandidate, 1);

      c->id = sqlite3_column_int64 (stmt, 0);
      c->search_id = sqlite3_column_int64 (stmt, 1);
      c->blind_order = sqlite3_column_int (stmt, 2);
      c->gallery_image_id = sqlite3_column_int64 (stmt, 3);
      c->subject_id = sqlite3_column_int64 (stmt, 4);
      c->gallery_id = sqlite3_column_int64 (stmt, 5);
      c->gallery_name = fl_db_column_dup (stmt, 6);
      c->sealed = sqlite3_column_int (stmt, 17) != 0;
      if (!c->sealed)
        {
          c->image_hash = fl_db_column_dup (stmt, 7);
          c->capture_date = fl_db_column_dup (stmt, 8);
          c->external_id = fl_db_column_dup (stmt, 9);
          c->name = fl_db_column_dup (stmt, 10);
          c->date_of_birth = fl_db_column_dup (stmt, 11);
          c->sex = fl_db_column_dup (stmt, 12);
          c->race = fl_db_column_dup (stmt, 13);
          c->cdl = fl_db_column_dup (stmt, 14);
          c->main_number = fl_db_column_dup (stmt, 15);
          c->sid = fl_db_column_dup (stmt, 16);
          c->booking_number = fl_db_column_dup (stmt, 18);
        }
      if (blind)
        {
          c->rank = -1;
          c->score = NAN;
        }
      else
        {
          c->rank = sqlite3_column_int (stmt, 19);
          c->score = sqlite3_column_double (stmt, 20);
        }
      g_ptr_array_add (list, c);
    }
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the candidates");
      return NULL;
    }
  if (list->len == 0)
    {
      g_autoptr(sqlite3_stmt) exists = fl_db_prepare (db, "SELECT 1 FROM searches WHERE id = ?;", error);
      if (exists == NULL)
        return NULL;
      sqlite3_bind_int64 (exists, 1, search_id);
      if (sqlite3_step (exists) != SQLITE_ROW)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no search %" G_GINT64_FORMAT ".", search_id);
          return NULL;
        }
    }
  return g_steal_pointer (&list);
}
