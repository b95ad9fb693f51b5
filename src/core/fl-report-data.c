/* fl-report-data.c: what a report shows, read from the case database */
#include <json-glib/json-glib.h>
#include <string.h>

#include "fl-report-private.h"
#include "fl-settings.h"
#include "fl-store.h"

const char *
fl_report_kind_to_string (FlReportKind kind)
{
  return kind == FL_REPORT_KIND_NO_MATCH ? "no_match" : "lead";
}

FlReportField *
fl_report_field_new (const char *label,
                     const char *value)
{
  FlReportField *field = g_new0 (FlReportField, 1);

  field->label = g_strdup (label);
  field->value = g_strdup (value);
  return field;
}

void
fl_report_field_free (FlReportField *field)
{
  if (field == NULL)
    return;
  g_free (field->label);
  g_free (field->value);
  g_free (field);
}

void
fl_report_conclusion_free (FlReportConclusion *conclusion)
{
  if (conclusion == NULL)
    return;
  g_free (conclusion->examiner);
  g_free (conclusion->conclusion);
  g_free (conclusion->note);
  g_free (conclusion->recorded_at);
  g_free (conclusion);
}

void
fl_report_probe_free (FlReportProbe *probe)
{
  if (probe == NULL)
    return;
  g_free (probe->label);
  g_free (probe->filename);
  g_free (probe->sha256);
  g_free (probe->added);
  g_free (probe->suitability);
  g_free (probe->suitability_reason);
  g_free (probe->judged);
  g_clear_pointer (&probe->quality, g_ptr_array_unref);
  g_clear_pointer (&probe->enhancement, g_ptr_array_unref);
  g_free (probe);
}

void
fl_report_search_free (FlReportSearch *search)
{
  if (search == NULL)
    return;
  g_free (search->started_at);
  g_free (search->examiner);
  g_free (search->probe);
  g_free (search->galleries);
  g_free (search->matcher_version);
  g_free (search->result);
  g_free (search);
}

void
fl_report_candidate_free (FlReportCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_free (candidate->gallery);
  g_free (candidate->record_id);
  g_clear_pointer (&candidate->conclusions, g_ptr_array_unref);
  g_free (candidate);
}

FlReportData *
fl_report_data_new (FlReportKind kind)
{
  FlReportData *data = g_new0 (FlReportData, 1);

  data->kind = kind;
  data->paper_size = g_strdup ("letter");
  data->probes = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_report_probe_free);
  data->searches = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_report_search_free);
  data->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_report_candidate_free);
  data->features = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_report_field_free);
  return data;
}

void
fl_report_data_free (FlReportData *data)
{
  if (data == NULL)
    return;
  g_free (data->uid);
  g_free (data->paper_size);
  g_free (data->agency_name);
  g_free (data->unit_name);
  g_free (data->report_contact);
  g_clear_pointer (&data->logo, g_bytes_unref);
  g_free (data->fr_number);
  g_free (data->submitted_by);
  g_free (data->date_searched);
  g_free (data->investigating_agency);
  g_free (data->agency_case_number);
  g_free (data->incident_type);
  g_free (data->face_reviewer);
  g_free (data->second_examiner);
  g_clear_pointer (&data->probe_image, g_bytes_unref);
  g_free (data->probe_caption);
  g_free (data->probe_note);
  g_clear_pointer (&data->lead_image, g_bytes_unref);
  g_free (data->lead_caption);
  g_free (data->name);
  g_free (data->date_of_birth);
  g_free (data->cdl);
  g_free (data->main_number);
  g_free (data->sid);
  g_free (data->booking_number);
  g_free (data->comments);
  g_free (data->galleries_searched);
  g_free (data->peer_review);
  g_free (data->matcher_versions);
  g_free (data->issued_by);
  g_free (data->issued_at);
  g_clear_pointer (&data->probes, g_ptr_array_unref);
  g_clear_pointer (&data->searches, g_ptr_array_unref);
  g_clear_pointer (&data->candidates, g_ptr_array_unref);
  g_clear_pointer (&data->features, g_ptr_array_unref);
  g_free (data);
}

/* ---- helpers ---- */

static char *
humanize (const char *key)
{
  char *text = g_strdup (key ? key : "");

  g_strdelimit (text, "_", ' ');
  if (text[0])
    text[0] = g_ascii_toupper (text[0]);
  return text;
}

static char *
scalar_text (JsonNode *node)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "yes" : "no");
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    return g_strdup_printf ("%.4g", json_node_get_double (node));
  return g_strdup (json_node_get_string (node));
}

/* Flattens a JSON object of measured figures ({"sharpness": 41.2, "pose": {"yaw": 3.1}})
 * into printable fields; anything that is not an object is shown as written. */
static void
add_json_fields (GPtrArray  *fields,
                 const char *prefix,
                 JsonNode   *node)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *member = json_object_get_member (object, l->data);
      g_autofree char *label = humanize (l->data);
      g_autofree char *full = prefix ? g_strdup_printf ("%s: %s", prefix, label) : g_strdup (label);

      if (JSON_NODE_HOLDS_OBJECT (member))
        add_json_fields (fields, full, member);
      else if (JSON_NODE_HOLDS_ARRAY (member))
        {
          JsonArray *array = json_node_get_array (member);
          g_autoptr(GString) text = g_string_new (NULL);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);
              g_autofree char *one = JSON_NODE_HOLDS_VALUE (element) || JSON_NODE_HOLDS_NULL (element)
                                     ? scalar_text (element) : g_strdup ("…");
              g_string_append_printf (text, "%s%s", i ? ", " : "", one);
            }
          g_ptr_array_add (fields, fl_report_field_new (full, text->str));
        }
      else
        {
          g_autofree char *value = scalar_text (member);
          g_ptr_array_add (fields, fl_report_field_new (full, value));
        }
    }
}

static GPtrArray *
quality_fields (const char *json)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_report_field_free);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (json == NULL || *json == '\0')
    return fields;
  if (json_parser_load_from_data (parser, json, -1, NULL) && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    add_json_fields (fields, NULL, json_parser_get_root (parser));
  else
    g_ptr_array_add (fields, fl_report_field_new ("Recorded figures", json));
  return fields;
}

/* "operation (key = value, …)" for one recorded step. */
static char *
step_text (const char *operation,
           const char *params)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) text = g_string_new (operation);
  JsonNode *root;

  if (params == NULL || *params == '\0' || g_str_equal (params, "{}"))
    return g_string_free (g_steal_pointer (&text), FALSE);
  if (json_parser_load_from_data (parser, params, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    {
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_report_field_free);

      add_json_fields (fields, NULL, root);
      g_string_append (text, " (");
      for (guint i = 0; i < fields->len; i++)
        {
          FlReportField *f = g_ptr_array_index (fields, i);
          g_string_append_printf (text, "%s%s = %s", i ? ", " : "", f->label, f->value);
        }
      g_string_append (text, ")");
    }
  else
    g_string_append_printf (text, " (%s)", params);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
user_name (FlDb   *db,
           gint64  user_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (user_id <= 0)
    return NULL;
  stmt = fl_db_prepare (db, "SELECT full_name FROM users WHERE id = ?;", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? fl_db_column_dup (stmt, 0) : NULL;
}

static char *
who_when (const char *who,
          const char *iso)
{
  g_autofree char *when = fl_report_format_time (iso, TRUE);

  if (who == NULL && when == NULL)
    return NULL;
  return g_strdup_printf ("%s, %s", fl_report_dash (who), fl_report_dash (when));
}

static const char *
conclusion_label (const char *conclusion)
{
  if (g_strcmp0 (conclusion, "possible_lead") == 0)
    return "Possible lead";
  if (g_strcmp0 (conclusion, "excluded") == 0)
    return "Excluded";
  if (g_strcmp0 (conclusion, "inconclusive") == 0)
    return "Inconclusive";
  return conclusion;
}

static char *
join_strings (FlDb       *db,
              const char *sql,
              gint64      id,
              const char *separator,
              GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, sql, error);
  g_autoptr(GString) text = g_string_new (NULL);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *one = (const char *) sqlite3_column_text (stmt, 0);

      if (one == NULL)
        continue;
      if (text->len)
        g_string_append (text, separator);
      g_string_append (text, one);
    }
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the case");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---- sections ---- */

typedef struct
{
  gint64  id;
  gint64  parent_id;
  char   *hash;
  int     number;     /* "Probe N" */
} ProbeRef;

static void
probe_ref_free (ProbeRef *ref)
{
  g_free (ref->hash);
  g_free (ref);
}

static ProbeRef *
find_probe (GPtrArray *refs,
            gint64     id,
            guint     *index)
{
  for (guint i = 0; i < refs->len; i++)
    {
      ProbeRef *ref = g_ptr_array_index (refs, i);
      if (ref->id == id)
        {
          if (index)
            *index = i;
          return ref;
        }
    }
  return NULL;
}

/* The recipe lines of the enhancement that produced @probe_id, appended to @lines. */
static gboolean
add_enhancement_lines (FlDb       *db,
                       GPtrArray  *refs,
                       gint64      probe_id,
                       GPtrArray  *lines,
                       GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) steps = NULL;
  gint64 enhancement_id, source_id;
  g_autofree char *by = NULL;
  g_autofree char *when = NULL;
  ProbeRef *source;
  int rc;

  stmt = fl_db_prepare (db, "SELECT e.id, e.source_probe_id, u.full_name, e.created_at FROM enhancements e"
                            " JOIN users u ON u.id = e.created_by WHERE e.result_probe_id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, probe_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  enhancement_id = sqlite3_column_int64 (stmt, 0);
  source_id = sqlite3_column_int64 (stmt, 1);
  by = fl_db_column_dup (stmt, 2);
  when = fl_report_format_time ((const char *) sqlite3_column_text (stmt, 3), TRUE);
  source = find_probe (refs, source_id, NULL);
  g_ptr_array_add (lines, g_strdup_printf ("From probe %d (SHA-256 %.16s…), by %s on %s:",
                                           source ? source->number : 0, source ? source->hash : "",
                                           fl_report_dash (by), fl_report_dash (when)));

  steps = fl_db_prepare (db, "SELECT position, operation, params FROM enhancement_steps"
                             " WHERE enhancement_id = ? ORDER BY position;", error);
  if (steps == NULL)
    return FALSE;
  sqlite3_bind_int64 (steps, 1, enhancement_id);
  for (int n = 1; (rc = sqlite3_step (steps)) == SQLITE_ROW; n++)
    {
      g_autofree char *step = step_text ((const char *) sqlite3_column_text (steps, 1),
                                         (const char *) sqlite3_column_text (steps, 2));
      g_ptr_array_add (lines, g_strdup_printf ("    %d. %s", n, step));
    }
  if (rc != SQLITE_DONE)
    return fl_db_set_error (db, error, "Cannot read the enhancement steps");
  return TRUE;
}

static gboolean
load_probes (FlDb          *db,
             gint64         case_id,
             FlReportData  *data,
             GPtrArray     *refs,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = fl_db_prepare (db, "SELECT p.id, p.parent_id, p.hash, p.filename, ua.full_name, p.added_at, p.quality,"
                            " p.suitability, p.suitability_reason, uj.full_name, p.judged_at"
                            " FROM probes p JOIN users ua ON ua.id = p.added_by"
                            " LEFT JOIN users uj ON uj.id = p.judged_by"
                            " WHERE p.case_id = ? ORDER BY p.id;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ProbeRef *ref = g_new0 (ProbeRef, 1);
      FlReportProbe *p = g_new0 (FlReportProbe, 1);
      ProbeRef *parent;
      const char *suitability = (const char *) sqlite3_column_text (stmt, 7);

      ref->id = sqlite3_column_int64 (stmt, 0);
      ref->parent_id = sqlite3_column_int64 (stmt, 1);
      ref->hash = fl_db_column_dup (stmt, 2);
      ref->number = (int) refs->len + 1;
      g_ptr_array_add (refs, ref);
      parent = ref->parent_id ? find_probe (refs, ref->parent_id, NULL) : NULL;

      p->id = ref->id;
      p->label = parent ? g_strdup_printf ("Probe %d (enhanced from probe %d)", ref->number, parent->number)
                        : g_strdup_printf ("Probe %d (original)", ref->number);
      p->filename = fl_db_column_dup (stmt, 3);
      p->sha256 = g_strdup (ref->hash);
      p->added = who_when ((const char *) sqlite3_column_text (stmt, 4), (const char *) sqlite3_column_text (stmt, 5));
      p->quality = quality_fields ((const char *) sqlite3_column_text (stmt, 6));
      p->suitability = g_strdup (g_strcmp0 (suitability, "suitable") == 0 ? "Suitable"
                                 : g_strcmp0 (suitability, "unsuitable") == 0 ? "Unsuitable" : "Not judged");
      p->suitability_reason = fl_db_column_dup (stmt, 8);
      p->judged = sqlite3_column_type (stmt, 10) != SQLITE_NULL
                  ? who_when ((const char *) sqlite3_column_text (stmt, 9), (const char *) sqlite3_column_text (stmt, 10))
                  : NULL;
      p->enhancement = g_ptr_array_new_with_free_func (g_free);
      /* Parents have lower ids, so their recipe is already known: the chain
       * from the original is the parent's recipe followed by this step set. */
      if (parent != NULL)
        {
          guint pi = 0;
          FlReportProbe *pp;

          find_probe (refs, parent->id, &pi);
          pp = g_ptr_array_index (data->probes, pi);
          for (guint i = 0; i < pp->enhancement->len; i++)
            g_ptr_array_add (p->enhancement, g_strdup (g_ptr_array_index (pp->enhancement, i)));
          if (!add_enhancement_lines (db, refs, ref->id, p->enhancement, error))
            {
              fl_report_probe_free (p);
              return FALSE;
            }
        }
      g_ptr_array_add (data->probes, p);
    }
  if (rc != SQLITE_DONE)
    return fl_db_set_error (db, error, "Cannot read the case's probes");
  return TRUE;
}

/* The probe shown on the report's first page: the one the search used. */
static gboolean
load_probe_image (FlDb          *db,
                  FlReportData  *data,
                  GPtrArray     *refs,
                  gint64         probe_id,
                  GError       **error)
{
  guint index;
  ProbeRef *ref = find_probe (refs, probe_id, &index);
  FlReportProbe *p;
  ProbeRef *original = ref;

  if (ref == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "The search refers to probe %" G_GINT64_FORMAT ", which is not in the case.", probe_id);
      return FALSE;
    }
  p = g_ptr_array_index (data->probes, index);
  data->probe_image = fl_store_get (db, ref->hash, error);
  if (data->probe_image == NULL)
    return FALSE;
  while (original->parent_id && find_probe (refs, original->parent_id, NULL))
    original = find_probe (refs, original->parent_id, NULL);

  if (p->enhancement->len == 0)
    {
      data->probe_caption = g_strdup ("Submitted Image (Probe)");
      data->probe_note = g_strdup_printf ("Probe %d as received, not enhanced.", ref->number);
    }
  else
    {
      g_autoptr(GString) note = g_string_new (NULL);

      data->probe_caption = g_strdup ("Submitted Image (Probe), enhanced");
      g_string_append_printf (note, "Enhanced before the search (probe %d); the original (probe %d, SHA-256 "
                              "%.12s…) is kept unchanged. Steps:", ref->number, original->number, original->hash);
      /* The steps inline ("1. op (…); 2. …"): the full recipe with who and when is in the annex. */
      for (guint i = 0; i < p->enhancement->len; i++)
        {
          const char *line = g_ptr_array_index (p->enhancement, i);
          if (g_str_has_prefix (line, "    "))
            g_string_append_printf (note, " %s;", line + 4);
        }
      if (note->str[note->len - 1] == ';')
        g_string_truncate (note, note->len - 1);
      g_string_append_c (note, '.');
      data->probe_note = g_string_free (g_steal_pointer (&note), FALSE);
    }
  return TRUE;
}

static gboolean
load_searches (FlDb          *db,
               gint64         case_id,
               gint64         lead_search_id,
               FlReportData  *data,
               GPtrArray     *refs,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = fl_db_prepare (db, "SELECT s.id, s.started_at, u.full_name, s.probe_id, s.galleries, s.k,"
                            " s.candidate_count, s.matcher_version,"
                            " (SELECT group_concat (name, ', ') FROM (SELECT g.name FROM search_galleries sg"
                            "   JOIN galleries g ON g.id = sg.gallery_id WHERE sg.search_id = s.id ORDER BY g.name))"
                            " FROM searches s JOIN users u ON u.id = s.examiner_id"
                            " WHERE s.case_id = ? ORDER BY s.started_at, s.id;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FlReportSearch *s = g_new0 (FlReportSearch, 1);
      ProbeRef *probe = find_probe (refs, sqlite3_column_int64 (stmt, 3), NULL);

      s->id = sqlite3_column_int64 (stmt, 0);
      s->started_at = fl_report_format_time ((const char *) sqlite3_column_text (stmt, 1), TRUE);
      s->examiner = fl_db_column_dup (stmt, 2);
      s->probe = probe ? g_strdup_printf ("Probe %d", probe->number) : g_strdup ("—");
      /* The gallery names from the link table; the search's own text if there is none. */
      s->galleries = sqlite3_column_type (stmt, 8) != SQLITE_NULL ? fl_db_column_dup (stmt, 8)
                                                                   : fl_db_column_dup (stmt, 4);
      s->k = sqlite3_column_int64 (stmt, 5);
      s->candidate_count = sqlite3_column_int64 (stmt, 6);
      s->matcher_version = fl_db_column_dup (stmt, 7);
      if (s->id == lead_search_id)
        s->result = g_strdup ("Candidates; the lead in this report came from this search");
      else if (s->candidate_count == 0)
        s->result = g_strdup ("No candidates: no lead");
      else
        s->result = g_strdup ("Candidates; no lead reported from this search");
      g_ptr_array_add (data->searches, s);
    }
  if (rc != SQLITE_DONE)
    return fl_db_set_error (db, error, "Cannot read the case's searches");
  return TRUE;
}

static const char *
peer_state_label (const char *state)
{
  if (g_strcmp0 (state, "agreed") == 0)
    return "agreed";
  if (g_strcmp0 (state, "disagreed") == 0)
    return "did not agree";
  if (g_strcmp0 (state, "not_practicable") == 0)
    return "not practicable";
  return "pending";
}

static gboolean
load_candidate_reviews (FlDb               *db,
                        FlReportCandidate  *c,
                        GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) peer = NULL;
  int rc;

  stmt = fl_db_prepare (db, "SELECT u.full_name, k.conclusion, k.note, k.recorded_at FROM conclusions k"
                            " JOIN users u ON u.id = k.examiner_id WHERE k.candidate_id = ?"
                            " ORDER BY k.recorded_at, k.id;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FlReportConclusion *k = g_new0 (FlReportConclusion, 1);

      k->examiner = fl_db_column_dup (stmt, 0);
      k->conclusion = g_strdup (conclusion_label ((const char *) sqlite3_column_text (stmt, 1)));
      k->note = fl_db_column_dup (stmt, 2);
      k->recorded_at = fl_report_format_time ((const char *) sqlite3_column_text (stmt, 3), TRUE);
      g_ptr_array_add (c->conclusions, k);
    }
  if (rc != SQLITE_DONE)
    return fl_db_set_error (db, error, "Cannot read the conclusions");

  /* Every peer review, including those that did not agree: the reader is entitled to know. */
  peer = fl_db_prepare (db, "SELECT u.full_name, p.state, p.not_practicable_reason, coalesce (p.decided_at, p.requested_at)"
                            " FROM peer_reviews p LEFT JOIN users u ON u.id = p.second_examiner_id"
                            " WHERE p.candidate_id = ? ORDER BY p.id;", error);
  if (peer == NULL)
    return FALSE;
  sqlite3_bind_int64 (peer, 1, c->id);
  while ((rc = sqlite3_step (peer)) == SQLITE_ROW)
    {
      FlReportConclusion *k = g_new0 (FlReportConclusion, 1);
      const char *state = (const char *) sqlite3_column_text (peer, 1);

      k->examiner = sqlite3_column_type (peer, 0) != SQLITE_NULL ? fl_db_column_dup (peer, 0)
                                                                   : g_strdup ("Second examiner");
      k->conclusion = g_strdup_printf ("peer review %s", peer_state_label (state));
      k->note = fl_db_column_dup (peer, 2);
      k->recorded_at = fl_report_format_time ((const char *) sqlite3_column_text (peer, 3), TRUE);
      g_ptr_array_add (c->conclusions, k);
    }
  if (rc != SQLITE_DONE)
    return fl_db_set_error (db, error, "Cannot read the peer reviews");
  return TRUE;
}

static gboolean
load_candidates (FlDb          *db,
                 gint64         case_id,
                 gint64         lead_id,
                 FlReportData  *data,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* "Reviewed": the examiner opened it for comparison, compared a feature or concluded. */
  stmt = fl_db_prepare (db, "SELECT ca.id, ca.search_id, ca.rank, ca.score, g.name, su.external_id,"
                            " su.sealed OR su.purged"
                            " FROM candidates ca JOIN searches s ON s.id = ca.search_id"
                            " JOIN subjects su ON su.id = ca.subject_id JOIN galleries g ON g.id = su.gallery_id"
                            " WHERE s.case_id = ? AND (ca.id = ?"
                            "  OR EXISTS (SELECT 1 FROM conclusions k WHERE k.candidate_id = ca.id)"
                            "  OR EXISTS (SELECT 1 FROM comparisons m WHERE m.candidate_id = ca.id)"
                            "  OR EXISTS (SELECT 1 FROM comparison_views v WHERE v.candidate_id = ca.id)"
                            "  OR EXISTS (SELECT 1 FROM peer_reviews p WHERE p.candidate_id = ca.id))"
                            " ORDER BY s.started_at, ca.search_id, ca.rank;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, lead_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FlReportCandidate *c = g_new0 (FlReportCandidate, 1);

      c->id = sqlite3_column_int64 (stmt, 0);
      c->search_id = sqlite3_column_int64 (stmt, 1);
      c->rank = sqlite3_column_int64 (stmt, 2);
      c->score = sqlite3_column_double (stmt, 3);
      c->gallery = fl_db_column_dup (stmt, 4);
      c->record_id = sqlite3_column_int (stmt, 6) ? g_strdup ("(sealed record)") : fl_db_column_dup (stmt, 5);
      c->is_lead = c->id == lead_id;
      c->conclusions = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_report_conclusion_free);
      g_ptr_array_add (data->candidates, c);
      if (!load_candidate_reviews (db, c, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return fl_db_set_error (db, error, "Cannot read the case's candidates");
  return TRUE;
}

static gboolean
load_features (FlDb          *db,
               gint64         candidate_id,
               FlReportData  *data,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = fl_db_prepare (db, "SELECT m.feature, m.assessment, u.full_name, m.note FROM comparisons m"
                            " JOIN users u ON u.id = m.examiner_id WHERE m.candidate_id = ?"
                            " ORDER BY m.recorded_at, m.id;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *feature = humanize ((const char *) sqlite3_column_text (stmt, 0));
      g_autofree char *assessment = humanize ((const char *) sqlite3_column_text (stmt, 1));
      const char *note = (const char *) sqlite3_column_text (stmt, 3);
      g_autofree char *value = g_strdup_printf ("%s (%s)%s%s", assessment, (const char *) sqlite3_column_text (stmt, 2),
                                                note && *note ? ". " : "", note && *note ? note : "");

      g_ptr_array_add (data->features, fl_report_field_new (feature, value));
    }
  if (rc != SQLITE_DONE)
    return fl_db_set_error (db, error, "Cannot read the feature comparison");
  return TRUE;
}

/* The lead: gallery image, demographics, reviewer and peer review. */
static gboolean
load_lead (FlDb          *db,
           gint64         case_id,
           gint64         candidate_id,
           FlReportData  *data,
           gint64        *out_search_id,
           gint64        *out_probe_id,
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) booking = NULL;
  g_autoptr(sqlite3_stmt) peer = NULL;
  g_autofree char *image_hash = NULL;
  g_autofree char *capture = NULL;
  g_autofree char *gallery = NULL;
  g_autofree char *record = NULL;
  gint64 subject_id, reviewer_id = 0;

  stmt = fl_db_prepare (db, "SELECT s.case_id, s.id, s.probe_id, s.started_at, gi.hash, gi.booking_number,"
                            " gi.capture_date, su.id, su.external_id, su.name, su.date_of_birth, su.cdl,"
                            " su.main_number, su.sid, g.name"
                            " FROM candidates ca JOIN searches s ON s.id = ca.search_id"
                            " JOIN gallery_images gi ON gi.id = ca.gallery_image_id"
                            " JOIN subjects su ON su.id = ca.subject_id JOIN galleries g ON g.id = su.gallery_id"
                            " WHERE ca.id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int64 (stmt, 0) != case_id)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "Candidate %" G_GINT64_FORMAT " is not from a search of this case. Choose a candidate of the "
                   "case's searches.", candidate_id);
      return FALSE;
    }
  *out_search_id = sqlite3_column_int64 (stmt, 1);
  *out_probe_id = sqlite3_column_int64 (stmt, 2);
  data->date_searched = fl_report_format_time ((const char *) sqlite3_column_text (stmt, 3), TRUE);
  image_hash = fl_db_column_dup (stmt, 4);
  data->booking_number = fl_db_column_dup (stmt, 5);
  capture = fl_db_column_dup (stmt, 6);
  subject_id = sqlite3_column_int64 (stmt, 7);
  record = fl_db_column_dup (stmt, 8);
  data->name = fl_db_column_dup (stmt, 9);
  data->date_of_birth = fl_db_column_dup (stmt, 10);
  data->cdl = fl_db_column_dup (stmt, 11);
  data->main_number = fl_db_column_dup (stmt, 12);
  data->sid = fl_db_column_dup (stmt, 13);
  gallery = fl_db_column_dup (stmt, 14);

  if (image_hash == NULL)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                           "The lead's gallery image was purged under a seal/destroy notice: it cannot be reported.");
      return FALSE;
    }
  data->lead_image = fl_store_get (db, image_hash, error);
  if (data->lead_image == NULL)
    return FALSE;
  data->lead_caption = g_strdup_printf ("Gallery “%s”, record %s%s%s.", fl_report_dash (gallery), fl_report_dash (record),
                                        capture ? ", photographed " : "", capture ? capture : "");

  /* The most recent booking on record; else the one the gallery image belongs to. */
  booking = fl_db_prepare (db, "SELECT booking_number FROM bookings WHERE subject_id = ?"
                               " ORDER BY booked_on DESC NULLS LAST, id DESC LIMIT 1;", error);
  if (booking == NULL)
    return FALSE;
  sqlite3_bind_int64 (booking, 1, subject_id);
  if (sqlite3_step (booking) == SQLITE_ROW)
    {
      g_free (data->booking_number);
      data->booking_number = fl_db_column_dup (booking, 0);
    }

  peer = fl_db_prepare (db, "SELECT p.first_examiner_id, u.full_name, p.state, p.not_practicable_reason,"
                            " coalesce (p.decided_at, p.requested_at)"
                            " FROM peer_reviews p LEFT JOIN users u ON u.id = p.second_examiner_id"
                            " WHERE p.candidate_id = ? ORDER BY p.id DESC LIMIT 1;", error);
  if (peer == NULL)
    return FALSE;
  sqlite3_bind_int64 (peer, 1, candidate_id);
  if (sqlite3_step (peer) == SQLITE_ROW)
    {
      const char *state = (const char *) sqlite3_column_text (peer, 2);
      const char *second = (const char *) sqlite3_column_text (peer, 1);
      const char *reason = (const char *) sqlite3_column_text (peer, 3);
      g_autofree char *when = fl_report_format_time ((const char *) sqlite3_column_text (peer, 4), TRUE);

      reviewer_id = sqlite3_column_int64 (peer, 0);
      if (g_strcmp0 (state, "not_practicable") == 0)
        {
          data->second_examiner = g_strdup ("None: a second review was not practicable (reason in the annex)");
          data->peer_review = g_strdup_printf ("Not practicable, recorded %s. Reason: %s", fl_report_dash (when),
                                               fl_report_dash (reason));
        }
      else
        {
          data->second_examiner = g_strdup (second);
          data->peer_review = g_strdup_printf ("Blind review by %s: %s (%s)", fl_report_dash (second),
                                               peer_state_label (state), fl_report_dash (when));
        }
    }
  else
    {
      data->second_examiner = g_strdup ("None recorded");
      data->peer_review = g_strdup ("No peer review is recorded for this candidate.");
    }

  if (reviewer_id == 0)
    {
      g_autoptr(sqlite3_stmt) k = fl_db_prepare (db, "SELECT examiner_id FROM conclusions WHERE candidate_id = ?"
                                                     " AND conclusion = 'possible_lead' ORDER BY recorded_at LIMIT 1;",
                                                 error);
      if (k == NULL)
        return FALSE;
      sqlite3_bind_int64 (k, 1, candidate_id);
      if (sqlite3_step (k) == SQLITE_ROW)
        reviewer_id = sqlite3_column_int64 (k, 0);
    }
  if (reviewer_id)
    data->face_reviewer = user_name (db, reviewer_id);
  return load_features (db, candidate_id, data, error);
}

FlReportData *
fl_report_data_load (FlDb     *db,
                     gint64    case_id,
                     gint64    candidate_id,
                     GError  **error)
{
  g_autoptr(FlReportData) data = fl_report_data_new (candidate_id > 0 ? FL_REPORT_KIND_LEAD : FL_REPORT_KIND_NO_MATCH);
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func ((GDestroyNotify) probe_ref_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *logo_hash = NULL;
  gint64 case_examiner, lead_search_id = 0, probe_id = 0;

  g_return_val_if_fail (FL_IS_DB (db), NULL);

  stmt = fl_db_prepare (db, "SELECT c.fr_number, c.examiner_id, r.requesting_agency, r.requester_name,"
                            " r.agency_case_number, r.incident_type"
                            " FROM cases c JOIN requests r ON r.id = c.request_id WHERE c.id = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no case %" G_GINT64_FORMAT ".", case_id);
      return NULL;
    }
  data->fr_number = fl_db_column_dup (stmt, 0);
  case_examiner = sqlite3_column_int64 (stmt, 1);
  data->investigating_agency = fl_db_column_dup (stmt, 2);
  data->submitted_by = fl_db_column_dup (stmt, 3);
  data->agency_case_number = fl_db_column_dup (stmt, 4);
  data->incident_type = fl_db_column_dup (stmt, 5);

  g_free (data->paper_size);
  data->paper_size = fl_settings_get (db, FL_SETTING_PAPER_SIZE);
  data->agency_name = fl_settings_get (db, FL_SETTING_AGENCY_NAME);
  data->unit_name = fl_settings_get (db, FL_SETTING_UNIT_NAME);
  data->report_contact = fl_settings_get (db, FL_SETTING_REPORT_CONTACT);
  logo_hash = fl_settings_get (db, FL_SETTING_LOGO_HASH);
  if (logo_hash && *logo_hash)
    {
      g_autoptr(GError) local = NULL;

      /* A missing logo must not stop a report: it is printed without one. */
      data->logo = fl_store_get (db, logo_hash, &local);
      if (data->logo == NULL)
        g_warning ("The unit's logo is not printed: %s", local->message);
    }

  if (!load_probes (db, case_id, data, refs, error))
    return NULL;
  if (data->kind == FL_REPORT_KIND_LEAD)
    {
      if (!load_lead (db, case_id, candidate_id, data, &lead_search_id, &probe_id, error))
        return NULL;
    }
  else
    {
      /* No match: the latest search of the case stands for the search date and probe. */
      g_autoptr(sqlite3_stmt) last = fl_db_prepare (db, "SELECT started_at, probe_id, examiner_id FROM searches"
                                                        " WHERE case_id = ? ORDER BY started_at DESC, id DESC LIMIT 1;",
                                                    error);
      if (last == NULL)
        return NULL;
      sqlite3_bind_int64 (last, 1, case_id);
      if (sqlite3_step (last) == SQLITE_ROW)
        {
          data->date_searched = fl_report_format_time ((const char *) sqlite3_column_text (last, 0), TRUE);
          probe_id = sqlite3_column_int64 (last, 1);
          if (case_examiner == 0)
            case_examiner = sqlite3_column_int64 (last, 2);
        }
      data->face_reviewer = user_name (db, case_examiner);
      data->second_examiner = g_strdup ("Not applicable: no lead");
      data->peer_review = g_strdup ("Not applicable: no lead was reported.");
    }
  if (probe_id && !load_probe_image (db, data, refs, probe_id, error))
    return NULL;
  if (!load_searches (db, case_id, lead_search_id, data, refs, error) ||
      !load_candidates (db, case_id, candidate_id, data, error))
    return NULL;

  data->galleries_searched = join_strings (db, "SELECT DISTINCT g.name FROM search_galleries sg"
                                               " JOIN galleries g ON g.id = sg.gallery_id"
                                               " JOIN searches s ON s.id = sg.search_id"
                                               " WHERE s.case_id = ? ORDER BY g.name;", case_id, ", ", error);
  if (data->galleries_searched == NULL)
    return NULL;
  data->matcher_versions = join_strings (db, "SELECT DISTINCT matcher_version FROM searches WHERE case_id = ?"
                                             " ORDER BY matcher_version;", case_id, "; ", error);
  if (data->matcher_versions == NULL)
    return NULL;
  return g_steal_pointer (&data);
}
