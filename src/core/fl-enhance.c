/* fl-enhance.c: enhancement recipes, saved as new probes derived from the original (R10)
 *
 * Saving runs in three parts so the slow one can leave the caller's thread:
 * prepare (policy checks, the original's verified bytes: caller's thread), render
 * (decode, apply the recipe, encode PNG: any thread, no database), commit (content
 * store, probes + enhancements + steps rows, audit: caller's thread, one transaction).
 */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "fl-audit.h"
#include "fl-case.h"
#include "fl-enhance.h"
#include "fl-probe.h"
#include "fl-store.h"

/* ---- the recipe ------------------------------------------------------------------ */

struct _FlRecipe
{
  GArray *steps;  /* FlEnhanceStep */
};

G_DEFINE_BOXED_TYPE (FlRecipe, fl_recipe, fl_recipe_copy, fl_recipe_free)

FlRecipe *
fl_recipe_new (void)
{
  FlRecipe *recipe = g_new0 (FlRecipe, 1);

  recipe->steps = g_array_new (FALSE, TRUE, sizeof (FlEnhanceStep));
  return recipe;
}

FlRecipe *
fl_recipe_copy (const FlRecipe *recipe)
{
  FlRecipe *copy;

  g_return_val_if_fail (recipe != NULL, NULL);
  copy = fl_recipe_new ();
  g_array_append_vals (copy->steps, recipe->steps->data, recipe->steps->len);
  return copy;
}

void
fl_recipe_free (FlRecipe *recipe)
{
  if (recipe == NULL)
    return;
  g_array_unref (recipe->steps);
  g_free (recipe);
}

guint
fl_recipe_get_n_steps (const FlRecipe *recipe)
{
  g_return_val_if_fail (recipe != NULL, 0);
  return recipe->steps->len;
}

const FlEnhanceStep *
fl_recipe_get_steps (const FlRecipe *recipe)
{
  g_return_val_if_fail (recipe != NULL, NULL);
  return recipe->steps->len ? (const FlEnhanceStep *) (gconstpointer) recipe->steps->data : NULL;
}

const FlEnhanceStep *
fl_recipe_get_step (const FlRecipe *recipe,
                    guint           position)
{
  g_return_val_if_fail (recipe != NULL, NULL);
  g_return_val_if_fail (position < recipe->steps->len, NULL);
  return &g_array_index (recipe->steps, FlEnhanceStep, position);
}

static FlEnhanceStep
normalized (const FlEnhanceStep *step)
{
  FlEnhanceStep copy = *step;

  fl_enhance_step_normalize (&copy);
  return copy;
}

void
fl_recipe_append (FlRecipe            *recipe,
                  const FlEnhanceStep *step)
{
  FlEnhanceStep copy;

  g_return_if_fail (recipe != NULL && step != NULL);
  copy = normalized (step);
  g_array_append_val (recipe->steps, copy);
}

void
fl_recipe_insert (FlRecipe            *recipe,
                  guint                position,
                  const FlEnhanceStep *step)
{
  FlEnhanceStep copy;

  g_return_if_fail (recipe != NULL && step != NULL);
  g_return_if_fail (position <= recipe->steps->len);
  copy = normalized (step);
  g_array_insert_val (recipe->steps, position, copy);
}

void
fl_recipe_replace (FlRecipe            *recipe,
                   guint                position,
                   const FlEnhanceStep *step)
{
  g_return_if_fail (recipe != NULL && step != NULL);
  g_return_if_fail (position < recipe->steps->len);
  g_array_index (recipe->steps, FlEnhanceStep, position) = normalized (step);
}

void
fl_recipe_remove (FlRecipe *recipe,
                  guint     position)
{
  g_return_if_fail (recipe != NULL);
  g_return_if_fail (position < recipe->steps->len);
  g_array_remove_index (recipe->steps, position);
}

void
fl_recipe_move (FlRecipe *recipe,
                guint     from,
                guint     to)
{
  FlEnhanceStep step;

  g_return_if_fail (recipe != NULL);
  g_return_if_fail (from < recipe->steps->len && to < recipe->steps->len);
  step = g_array_index (recipe->steps, FlEnhanceStep, from);
  g_array_remove_index (recipe->steps, from);
  g_array_insert_val (recipe->steps, to, step);
}

static gboolean
steps_equal (const FlEnhanceStep *a,
             const FlEnhanceStep *b)
{
  const FlEnhanceOpInfo *info;

  if (a->op != b->op)
    return FALSE;
  info = fl_enhance_op_get_info (a->op);
  for (guint i = 0; i < info->n_params; i++)
    if (a->params[i] != b->params[i])
      return FALSE;
  return TRUE;
}

gboolean
fl_recipe_equal (const FlRecipe *a,
                 const FlRecipe *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  if (a->steps->len != b->steps->len)
    return FALSE;
  for (guint i = 0; i < a->steps->len; i++)
    if (!steps_equal (fl_recipe_get_step (a, i), fl_recipe_get_step (b, i)))
      return FALSE;
  return TRUE;
}

gboolean
fl_recipe_validate (const FlRecipe  *recipe,
                    GError         **error)
{
  g_return_val_if_fail (recipe != NULL, FALSE);
  if (recipe->steps->len == 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The recipe has no steps: add at least one enhancement step before saving.");
      return FALSE;
    }
  if (recipe->steps->len > FL_ENHANCE_MAX_STEPS)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "A recipe has at most %d steps; this one has %u. Remove steps you do not need.",
                   FL_ENHANCE_MAX_STEPS, recipe->steps->len);
      return FALSE;
    }
  for (guint i = 0; i < recipe->steps->len; i++)
    if (!fl_enhance_step_validate (fl_recipe_get_step (recipe, i), error))
      {
        g_prefix_error (error, "Step %u: ", i + 1);
        return FALSE;
      }
  return TRUE;
}

/* @v with @digits decimals and no trailing zeros: "2", "1.5", "-3.125". */
static void
append_number (GString *out,
               double   v,
               int      digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *format = g_strdup_printf ("%%.%df", digits);
  char *end;

  g_ascii_formatd (buf, sizeof buf, format, v);
  if (strchr (buf, '.') != NULL)
    {
      end = buf + strlen (buf) - 1;
      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  g_string_append (out, strcmp (buf, "-0") == 0 ? "0" : buf);
}

char *
fl_enhance_step_params_to_json (const FlEnhanceStep *step)
{
  const FlEnhanceOpInfo *info;
  GString *out;

  g_return_val_if_fail (step != NULL, NULL);
  info = fl_enhance_op_get_info (step->op);
  out = g_string_new ("{");
  for (guint i = 0; i < info->n_params; i++)
    {
      g_string_append_printf (out, "%s\"%s\":", i ? "," : "", info->params[i].name);
      append_number (out, step->params[i], info->params[i].digits);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static gboolean
step_from_object (const char     *operation,
                  JsonObject     *params,
                  FlEnhanceStep  *out,
                  GError        **error)
{
  const FlEnhanceOpInfo *info;
  FlEnhanceOp op;
  g_autoptr(GList) members = NULL;

  if (!fl_enhance_op_from_id (operation, &op, error))
    return FALSE;
  info = fl_enhance_op_get_info (op);
  memset (out, 0, sizeof *out);
  out->op = op;

  members = json_object_get_members (params);
  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < info->n_params; i++)
        known = known || g_str_equal (l->data, info->params[i].name);
      if (!known)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "%s has no parameter “%s”: the stored step is not one FaceLeads wrote.",
                       info->label, (const char *) l->data);
          return FALSE;
        }
    }
  for (guint i = 0; i < info->n_params; i++)
    {
      JsonNode *node = json_object_get_member (params, info->params[i].name);

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
          (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "%s: the number “%s” is missing from the stored step.",
                       info->label, info->params[i].name);
          return FALSE;
        }
      out->params[i] = json_node_get_value_type (node) == G_TYPE_INT64 ? (double) json_node_get_int (node)
                                                                        : json_node_get_double (node);
    }
  return fl_enhance_step_validate (out, error);
}

gboolean
fl_enhance_step_from_json (const char     *operation,
                           const char     *params_json,
                           FlEnhanceStep  *out_step,
                           GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_return_val_if_fail (out_step != NULL, FALSE);
  if (params_json == NULL || !json_parser_load_from_data (parser, params_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "The parameters of the “%s” step are not a JSON object.",
                   operation ? operation : "");
      return FALSE;
    }
  return step_from_object (operation, json_node_get_object (root), out_step, error);
}

char *
fl_recipe_to_json (const FlRecipe *recipe)
{
  GString *out;

  g_return_val_if_fail (recipe != NULL, NULL);
  out = g_string_new ("[");
  for (guint i = 0; i < recipe->steps->len; i++)
    {
      const FlEnhanceStep *step = fl_recipe_get_step (recipe, i);
      g_autofree char *params = fl_enhance_step_params_to_json (step);

      g_string_append_printf (out, "%s{\"operation\":\"%s\",\"params\":%s}", i ? "," : "",
                              fl_enhance_op_get_info (step->op)->id, params);
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

FlRecipe *
fl_recipe_new_from_json (const char  *json,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FlRecipe) recipe = fl_recipe_new ();
  JsonNode *root;
  JsonArray *array;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (root = json_parser_get_root (parser)))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The recipe is not a JSON list of steps ([{\"operation\": …, \"params\": {…}}, …]).");
      return NULL;
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *params = obj ? json_object_get_member (obj, "params") : NULL;
      FlEnhanceStep step;

      if (obj == NULL || params == NULL || !JSON_NODE_HOLDS_OBJECT (params))
        {
          g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                       "Step %u of the recipe needs an \"operation\" and a \"params\" object.", i + 1);
          return NULL;
        }
      if (!step_from_object (json_object_get_string_member_with_default (obj, "operation", ""),
                             json_node_get_object (params), &step, error))
        {
          g_prefix_error (error, "Step %u: ", i + 1);
          return NULL;
        }
      g_array_append_val (recipe->steps, step);
    }
  return g_steal_pointer (&recipe);
}

char *
fl_enhance_step_describe (const FlEnhanceStep *step)
{
  const FlEnhanceOpInfo *info;
  GString *out;

  g_return_val_if_fail (step != NULL, NULL);
  info = fl_enhance_op_get_info (step->op);
  out = g_string_new (info->label);
  for (guint i = 0; i < info->n_params; i++)
    {
      const FlEnhanceParamInfo *p = &info->params[i];

      g_string_append (out, i ? ", " : ": ");
      g_string_append_printf (out, "%c%s ", g_ascii_tolower (p->label[0]), p->label + 1);
      append_number (out, step->params[i], p->digits);
      if (*p->unit != '\0')
        g_string_append_printf (out, strcmp (p->unit, "px") == 0 ? " %s" : "%s", p->unit);
    }
  return g_string_free (out, FALSE);
}

/* ---- probes ---------------------------------------------------------------------- */

gint64
fl_enhance_get_original (FlDb    *db,
                         gint64   probe_id,
                         GError **error)
{
  gint64 id = probe_id;

  /* A chain is at most a few links; the bound only guards against a corrupt cycle. */
  for (guint depth = 0; depth < 1000; depth++)
    {
      g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT parent_id FROM probes WHERE id = ?;", error);

      if (stmt == NULL)
        return 0;
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_set_error (error, FL_ERROR, depth == 0 ? FL_ERROR_NOT_FOUND : FL_ERROR_CORRUPT,
                       "There is no probe %" G_GINT64_FORMAT ".", id);
          return 0;
        }
      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
        return id;
      id = sqlite3_column_int64 (stmt, 0);
    }
  g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
               "Probe %" G_GINT64_FORMAT "'s chain of enhancements never reaches an original: the case database "
               "is damaged; restore a backup.", probe_id);
  return 0;
}

typedef struct
{
  FlSession      *examiner;
  gint64          source_id;
  gint64          original_id;
  gint64          case_id;
  char           *original_hash;
  char           *original_filename;
  GBytes         *original_bytes;
  FlRecipe       *recipe;
  gboolean        has_eyes;
  FlPoint         eyes[2];          /* in the original's pixels */
  FlPoint         result_eyes[2];   /* moved by the recipe's geometry */
  GBytes         *png;              /* the render */
  FlProgressFunc  progress;
  gpointer        progress_data;
  GMainContext   *context;          /* where progress is reported (async) */
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->examiner);
  g_free (job->original_hash);
  g_free (job->original_filename);
  g_clear_pointer (&job->original_bytes, g_bytes_unref);
  g_clear_pointer (&job->recipe, fl_recipe_free);
  g_clear_pointer (&job->png, g_bytes_unref);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveJob, save_job_free)

static gboolean
refuse (FlSession   *examiner,
        gint64       case_id,
        gint64       probe_id,
        GError     **error,
        FlError      code,
        const char  *message)
{
  g_autofree char *pid = g_strdup_printf ("%" G_GINT64_FORMAT, probe_id);
  g_autofree char *details = fl_audit_details ("probe_id", pid, "reason", message, NULL);

  fl_session_audit (examiner, "probe.enhance", case_id, "refused", details, NULL);
  g_set_error_literal (error, FL_ERROR, code, message);
  return FALSE;
}

static gboolean
eyes_usable (const FlPoint *eyes,
             int            width,
             int            height)
{
  for (guint i = 0; i < 2; i++)
    if (!isfinite (eyes[i].x) || !isfinite (eyes[i].y) || eyes[i].x < 0 || eyes[i].y < 0 ||
        eyes[i].x > width - 1 || eyes[i].y > height - 1)
      return FALSE;
  return hypot (eyes[1].x - eyes[0].x, eyes[1].y - eyes[0].y) >= 8.0;
}

static SaveJob *
save_prepare (FlSession       *examiner,
              gint64           source_probe_id,
              const FlRecipe  *recipe,
              const FlPoint   *eye_points,
              GError         **error)
{
  FlDb *db = fl_session_get_db (examiner);
  g_autoptr(SaveJob) job = NULL;
  g_autoptr(FlProbe) original = NULL;
  g_autoptr(FlCase) kase = NULL;
  g_autoptr(GError) local = NULL;

  if (!fl_session_require (examiner, FL_ROLE_EXAMINER, TRUE, "probe.enhance", error))
    return NULL;

  job = g_new0 (SaveJob, 1);
  job->examiner = g_object_ref (examiner);
  job->source_id = source_probe_id;
  job->original_id = fl_enhance_get_original (db, source_probe_id, error);
  if (job->original_id == 0)
    return NULL;
  original = fl_probe_get (examiner, job->original_id, error);
  if (original == NULL)
    return NULL;
  job->case_id = original->case_id;
  kase = fl_case_get (examiner, original->case_id, error);
  if (kase == NULL)
    return NULL;
  if (kase->sealed)
    {
      refuse (examiner, kase->id, source_probe_id, error, FL_ERROR_POLICY,
              "The case is sealed: its probes cannot be enhanced.");
      return NULL;
    }
  if (kase->state != FL_CASE_INTAKE && kase->state != FL_CASE_SEARCHING && kase->state != FL_CASE_REVIEW)
    {
      g_autofree char *message = g_strdup_printf ("Case %s is in “%s”: probes are enhanced while a case is in "
                                                  "intake, searching or review.", kase->fr_number,
                                                  fl_case_state_label (kase->state));
      refuse (examiner, kase->id, source_probe_id, error, FL_ERROR_INVALID, message);
      return NULL;
    }
  if (!fl_recipe_validate (recipe, &local))
    {
      refuse (examiner, kase->id, source_probe_id, error, FL_ERROR_INVALID, local->message);
      return NULL;
    }

  job->original_hash = g_strdup (original->hash);
  job->original_filename = g_strdup (original->filename);
  /* fl_store_get checks the bytes still hash to the recorded SHA-256 (R10). */
  job->original_bytes = fl_store_get (db, original->hash, error);
  if (job->original_bytes == NULL)
    return NULL;
  job->recipe = fl_recipe_copy (recipe);
  if (eye_points != NULL)
    {
      job->has_eyes = TRUE;
      job->eyes[0] = eye_points[0];
      job->eyes[1] = eye_points[1];
    }
  return g_steal_pointer (&job);
}

typedef struct
{
  FlProgressFunc func;
  gpointer       data;
  double         fraction;
  char          *stage;
} ProgressCall;

static void
progress_call_free (gpointer data)
{
  ProgressCall *call = data;

  g_free (call->stage);
  g_free (call);
}

static gboolean
progress_dispatch (gpointer data)
{
  ProgressCall *call = data;

  call->func (call->fraction, call->stage, call->data);
  return G_SOURCE_REMOVE;
}

static void
report (SaveJob    *job,
        double      fraction,
        const char *stage)
{
  ProgressCall *call;

  if (job->progress == NULL)
    return;
  if (job->context == NULL)
    {
      job->progress (fraction, stage, job->progress_data);
      return;
    }
  call = g_new0 (ProgressCall, 1);
  call->func = job->progress;
  call->data = job->progress_data;
  call->fraction = fraction;
  call->stage = g_strdup (stage);
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, progress_dispatch, call, progress_call_free);
}

static void
step_progress_cb (guint    done,
                  guint    n_steps,
                  gpointer user_data)
{
  SaveJob *job = user_data;
  g_autofree char *stage = NULL;

  if (done < n_steps)
    stage = g_strdup_printf ("Step %u of %u: %s", done + 1, n_steps,
                             fl_enhance_op_get_info (fl_recipe_get_step (job->recipe, done)->op)->label);
  else
    stage = g_strdup ("Writing the PNG");
  report (job, 0.05 + 0.8 * done / MAX (n_steps, 1), stage);
}

/* Any thread; no database. */
static gboolean
save_render (SaveJob       *job,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(FlImage) original = NULL;
  g_autoptr(FlImage) result = NULL;
  const FlEnhanceStep *steps = fl_recipe_get_steps (job->recipe);
  guint n = fl_recipe_get_n_steps (job->recipe);
  double m[6];
  int width, height;

  report (job, 0.0, "Decoding the original");
  original = fl_image_new_from_bytes (job->original_bytes, error);
  if (original == NULL)
    return FALSE;
  if (!fl_enhance_recipe_geometry (steps, n, fl_image_get_width (original), fl_image_get_height (original),
                                   m, &width, &height, error))
    return FALSE;
  if (job->has_eyes)
    {
      if (!eyes_usable (job->eyes, fl_image_get_width (original), fl_image_get_height (original)))
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                               "Place the two eye markers on the image, one on each eye centre.");
          return FALSE;
        }
      for (guint i = 0; i < 2; i++)
        job->result_eyes[i] = (FlPoint) { m[0] * job->eyes[i].x + m[1] * job->eyes[i].y + m[2],
                                          m[3] * job->eyes[i].x + m[4] * job->eyes[i].y + m[5] };
      if (!eyes_usable (job->result_eyes, width, height))
        {
          g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                               "The eye markers fall outside the enhanced image (or too close together after "
                               "it): widen the crop, or move the markers onto the eye centres.");
          return FALSE;
        }
    }
  if (!fl_image_apply_recipe_full (original, steps, n, step_progress_cb, job, cancellable, &result, error))
    return FALSE;
  job->png = fl_image_encode_png (result, error);
  return job->png != NULL;
}

static char *
derived_filename (FlDb       *db,
                  SaveJob    *job)
{
  g_autofree char *base = g_path_get_basename (job->original_filename ? job->original_filename : "probe");
  char *dot = strrchr (base, '.');
  gint64 n;
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT count(*) FROM probes WHERE parent_id = ?;", NULL);

  if (dot != NULL && dot != base)
    *dot = '\0';
  n = 1;
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, job->original_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0) + 1;
    }
  return g_strdup_printf ("%s-enhanced-%" G_GINT64_FORMAT ".png", base, n);
}

static char *
save_details (SaveJob    *job,
              gint64      result_id,
              const char *result_hash)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *steps = fl_recipe_to_json (job->recipe);
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "probe_id");
  json_builder_add_int_value (b, result_id);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, result_hash);
  json_builder_set_member_name (b, "original_probe_id");
  json_builder_add_int_value (b, job->original_id);
  json_builder_set_member_name (b, "original_sha256");
  json_builder_add_string_value (b, job->original_hash);
  if (job->source_id != job->original_id)
    {
      json_builder_set_member_name (b, "opened_from_probe_id");
      json_builder_add_int_value (b, job->source_id);
    }
  json_builder_set_member_name (b, "engine");
  json_builder_add_string_value (b, fl_matcher_get_version ());
  json_builder_set_member_name (b, "steps");
  if (json_parser_load_from_data (parser, steps, -1, NULL))
    json_builder_add_value (b, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_string_value (b, steps);
  if (job->has_eyes)
    {
      json_builder_set_member_name (b, "eyes_placed_by_hand");
      json_builder_begin_array (b);
      for (guint i = 0; i < 2; i++)
        {
          json_builder_begin_array (b);
          json_builder_add_double_value (b, job->eyes[i].x);
          json_builder_add_double_value (b, job->eyes[i].y);
          json_builder_end_array (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* The caller's thread: the records, in one transaction. */
static gint64
save_commit (SaveJob  *job,
             GError  **error)
{
  FlSession *examiner = job->examiner;
  FlDb *db = fl_session_get_db (examiner);
  gint64 user_id = fl_session_get_user_id (examiner);
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *hash = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *details = NULL;
  g_autoptr(sqlite3_stmt) probe = NULL;
  g_autoptr(sqlite3_stmt) enhancement = NULL;
  g_autoptr(sqlite3_stmt) step = NULL;
  gint64 result_id, enhancement_id;

  /* R1 again: training may have expired during a long render. */
  if (!fl_session_require (examiner, FL_ROLE_EXAMINER, TRUE, "probe.enhance", error))
    return 0;
  if (!fl_db_begin (db, error))
    return 0;
  hash = fl_store_put (db, job->png, "png", error);
  if (hash == NULL)
    goto fail;
  if (g_str_equal (hash, job->original_hash))
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The recipe gives back the original image unchanged: there is nothing to save.");
      goto fail;
    }
  filename = derived_filename (db, job);
  probe = fl_db_prepare (db, "INSERT INTO probes (case_id, request_image_id, parent_id, hash, filename, added_by,"
                             " added_at) VALUES (?, NULL, ?, ?, ?, ?, ?);", error);
  if (probe == NULL)
    goto fail;
  sqlite3_bind_int64 (probe, 1, job->case_id);
  sqlite3_bind_int64 (probe, 2, job->original_id);
  fl_db_bind_text (probe, 3, hash);
  fl_db_bind_text (probe, 4, filename);
  sqlite3_bind_int64 (probe, 5, user_id);
  fl_db_bind_text (probe, 6, now);
  if (!fl_db_step_done (db, probe, error))
    goto fail;
  result_id = sqlite3_last_insert_rowid (fl_db_get_handle (db));

  enhancement = fl_db_prepare (db, "INSERT INTO enhancements (source_probe_id, result_probe_id, created_by,"
                                   " created_at, engine) VALUES (?, ?, ?, ?, ?);", error);
  if (enhancement == NULL)
    goto fail;
  sqlite3_bind_int64 (enhancement, 1, job->original_id);
  sqlite3_bind_int64 (enhancement, 2, result_id);
  sqlite3_bind_int64 (enhancement, 3, user_id);
  fl_db_bind_text (enhancement, 4, now);
  fl_db_bind_text (enhancement, 5, fl_matcher_get_version ());
  if (!fl_db_step_done (db, enhancement, error))
    goto fail;
  enhancement_id = sqlite3_last_insert_rowid (fl_db_get_handle (db));

  step = fl_db_prepare (db, "INSERT INTO enhancement_steps (enhancement_id, position, operation, params)"
                            " VALUES (?, ?, ?, ?);", error);
  if (step == NULL)
    goto fail;
  for (guint i = 0; i < fl_recipe_get_n_steps (job->recipe); i++)
    {
      const FlEnhanceStep *s = fl_recipe_get_step (job->recipe, i);
      g_autofree char *params = fl_enhance_step_params_to_json (s);

      sqlite3_reset (step);
      sqlite3_bind_int64 (step, 1, enhancement_id);
      sqlite3_bind_int (step, 2, (int) i + 1);
      fl_db_bind_text (step, 3, fl_enhance_op_get_info (s->op)->id);
      fl_db_bind_text (step, 4, params);
      if (!fl_db_step_done (db, step, error))
        goto fail;
    }

  details = save_details (job, result_id, hash);
  if (!fl_session_audit (examiner, "probe.enhance", job->case_id, "success", details, error))
    goto fail;
  /* The hand-placed eyes go with the new probe, in its own pixels (nested: a savepoint). */
  if (job->has_eyes &&
      !fl_probe_set_eye_points (examiner, result_id, job->result_eyes[0], job->result_eyes[1], error))
    goto fail;
  if (!fl_db_commit (db, error))
    return 0;
  return result_id;

fail:
  fl_db_rollback (db);
  return 0;
}

gint64
fl_enhance_save (FlSession       *examiner,
                 gint64           source_probe_id,
                 const FlRecipe  *recipe,
                 const FlPoint   *eye_points,
                 GError         **error)
{
  g_autoptr(SaveJob) job = NULL;

  g_return_val_if_fail (FL_IS_SESSION (examiner), 0);
  g_return_val_if_fail (recipe != NULL, 0);
  job = save_prepare (examiner, source_probe_id, recipe, eye_points, error);
  if (job == NULL || !save_render (job, NULL, error))
    return 0;
  return save_commit (job, error);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (save_render (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
render_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 id;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_task_return_new_error (task, FL_ERROR, FL_ERROR_CANCELLED, "The enhancement was cancelled; nothing was saved.");
      return;
    }
  id = save_commit (job, &error);
  if (id == 0)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_memdup2 (&id, sizeof id), g_free);
}

void
fl_enhance_save_async (FlSession           *examiner,
                       gint64               source_probe_id,
                       const FlRecipe      *recipe,
                       const FlPoint       *eye_points,
                       FlProgressFunc       progress,
                       gpointer             progress_data,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GTask) render = NULL;
  g_autoptr(GError) error = NULL;
  SaveJob *job;

  g_return_if_fail (FL_IS_SESSION (examiner));
  g_return_if_fail (recipe != NULL);
  g_task_set_source_tag (task, fl_enhance_save_async);
  g_task_set_check_cancellable (task, FALSE);
  job = save_prepare (examiner, source_probe_id, recipe, eye_points, &error);
  if (job == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);

  render = g_task_new (NULL, cancellable, render_done_cb, g_object_ref (task));
  g_task_set_check_cancellable (render, FALSE);
  g_task_set_task_data (render, job, NULL);
  g_task_run_in_thread (render, render_thread);
}

gint64
fl_enhance_save_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_autofree gint64 *id = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);
  id = g_task_propagate_pointer (G_TASK (result), error);
  return id ? *id : 0;
}

/* ---- reading and reproducing ----------------------------------------------------- */

/* The enhancement that made @probe_id: its id and source, 0 when @probe_id is an original. */
static gint64
find_enhancement (FlDb    *db,
                  gint64   probe_id,
                  gint64  *out_source,
                  GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 original = fl_enhance_get_original (db, probe_id, error);

  if (original == 0)
    return -1;
  if (original == probe_id)
    return 0;
  stmt = fl_db_prepare (db, "SELECT id, source_probe_id FROM enhancements WHERE result_probe_id = ?;", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, probe_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "Probe %" G_GINT64_FORMAT " is marked as derived but has no recorded recipe: the case database "
                   "is damaged; restore a backup.", probe_id);
      return -1;
    }
  *out_source = sqlite3_column_int64 (stmt, 1);
  return sqlite3_column_int64 (stmt, 0);
}

FlRecipe *
fl_enhance_load_recipe (FlDb     *db,
                        gint64    derived_probe_id,
                        GError  **error)
{
  g_autoptr(FlRecipe) recipe = fl_recipe_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 source = 0;
  gint64 enhancement_id = find_enhancement (db, derived_probe_id, &source, error);
  int rc;

  if (enhancement_id < 0)
    return NULL;
  if (enhancement_id == 0)
    return g_steal_pointer (&recipe);
  stmt = fl_db_prepare (db, "SELECT operation, params FROM enhancement_steps WHERE enhancement_id = ?"
                            " ORDER BY position;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, enhancement_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FlEnhanceStep step;

      if (!fl_enhance_step_from_json ((const char *) sqlite3_column_text (stmt, 0),
                                      (const char *) sqlite3_column_text (stmt, 1), &step, error))
        {
          g_prefix_error (error, "The recipe of probe %" G_GINT64_FORMAT " cannot be read: ", derived_probe_id);
          return NULL;
        }
      g_array_append_val (recipe->steps, step);
    }
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the enhancement steps");
      return NULL;
    }
  return g_steal_pointer (&recipe);
}

static char *
probe_hash (FlDb    *db,
            gint64   probe_id,
            GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT hash FROM probes WHERE id = ?;", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, probe_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no probe %" G_GINT64_FORMAT ".", probe_id);
      return NULL;
    }
  return fl_db_column_dup (stmt, 0);
}

gboolean
fl_enhance_reproduce (FlDb     *db,
                      gint64    derived_probe_id,
                      GBytes  **out_png,
                      GError  **error)
{
  g_autoptr(FlRecipe) recipe = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FlImage) original = NULL;
  g_autoptr(FlImage) result = NULL;
  g_autofree char *hash = NULL;
  gint64 source = 0;
  gint64 enhancement_id;

  g_return_val_if_fail (FL_IS_DB (db), FALSE);
  g_return_val_if_fail (out_png != NULL, FALSE);
  enhancement_id = find_enhancement (db, derived_probe_id, &source, error);
  if (enhancement_id < 0)
    return FALSE;
  if (enhancement_id == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Probe %" G_GINT64_FORMAT " is an original: there is no recipe to reproduce.", derived_probe_id);
      return FALSE;
    }
  recipe = fl_enhance_load_recipe (db, derived_probe_id, error);
  if (recipe == NULL)
    return FALSE;
  hash = probe_hash (db, source, error);
  if (hash == NULL)
    return FALSE;
  bytes = fl_store_get (db, hash, error);
  if (bytes == NULL)
    return FALSE;
  original = fl_image_new_from_bytes (bytes, error);
  if (original == NULL ||
      !fl_image_apply_recipe (original, fl_recipe_get_steps (recipe), fl_recipe_get_n_steps (recipe), &result, error))
    return FALSE;
  *out_png = fl_image_encode_png (result, error);
  return *out_png != NULL;
}

gboolean
fl_enhance_verify (FlDb     *db,
                   gint64    derived_probe_id,
                   GError  **error)
{
  g_autoptr(GBytes) png = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *again = NULL;

  if (!fl_enhance_reproduce (db, derived_probe_id, &png, error))
    return FALSE;
  stored = probe_hash (db, derived_probe_id, error);
  if (stored == NULL)
    return FALSE;
  again = fl_sha256_bytes (png);
  if (!g_str_equal (stored, again))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "Re-applying the recorded recipe to the original gives SHA-256 %s, but the enhanced probe "
                   "%" G_GINT64_FORMAT " is %s: it was not made by this recipe on this FaceLeads build (%s).",
                   again, derived_probe_id, stored, fl_matcher_get_version ());
      return FALSE;
    }
  return TRUE;
}
