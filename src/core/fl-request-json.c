/* fl-request-json.c: search requests sent electronically, as JSON
 *
 * Format version 1 — one object; the keys are the form's field ids
 * (FL_FIELD_* in fl-request.h), so a field error names the same key:
 *
 * {
 *   "faceleads_request": 1,                        required, the format version
 *   "requesting_agency": "Example City Police Department",
 *   "requester_name": "Det. Jane Doe",
 *   "phone": "213-555-0100",
 *   "email": "jdoe@examplepd.gov",
 *   "agency_case_number": "24-001234",             the requester's case/file number
 *   "incident_type": "Robbery",                    one of the unit's incident types
 *   "reason": "…facts amounting to reasonable suspicion (30 characters or more)…",
 *   "purpose": "Suspect in a criminal offense",    exactly one of the unit's authorized purposes
 *   "image_count": 1,                              must equal the number of entries in "images"
 *   "images": [
 *     { "file": "still-0412.png",                  path relative to the JSON file's folder (or absolute)
 *       "source": "Store CCTV, recorded footage provided by the owner",
 *       "from_video": true,
 *       "kind": "video_still" }                    subject_photo | video_still | composite_sketch |
 *   ],                                             artist_rendering | lookalike_photo
 *   "outside_agency": true,
 *   "outside_affirmation": "…",                   required when outside_agency is true (R8)
 *   "live_source": false,                          live stream or real-time monitoring (R6)
 *   "imminent_threat": false,                      optional (default false): imminent threat to life
 *   "predictive": false,                           predictive analysis (R6)
 *   "personal_use": false,                         (R6)
 *   "protected_class_attested": true,              not solely religion, politics, protected class,
 *                                                  First-Amendment activity (R6)
 *   "dl_presented": false,                         subject presented a valid driver license (R9)
 *   "dl_false_reason": "…",                       why it is suspected false; optional, null allowed
 *   "ack_lead_only": true,                         results are investigative leads only
 *   "ack_name": "Det. Jane Doe",                   typed signature: the requester's name
 *   "ack_date": "2026-03-14"
 * }
 *
 * Every key except imminent_threat, outside_affirmation and dl_false_reason
 * is required: a policy answer is never assumed from a missing key, and an
 * unknown (e.g. misspelt) key is an error rather than silently ignored.
 */
#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <string.h>

#include "fl-request.h"

#define FORMAT_VERSION 1

typedef enum { KEY_TEXT, KEY_FLAG, KEY_NUMBER } KeyType;

typedef struct
{
  const char *key;
  KeyType     type;
  gsize       offset;
  gboolean    required;
  const char *meaning;
} KeySpec;

#define TEXT(k, field, req, m) { k, KEY_TEXT, G_STRUCT_OFFSET (FlRequestDraft, field), req, m }
#define FLAG(k, field, req, m) { k, KEY_FLAG, G_STRUCT_OFFSET (FlRequestDraft, field), req, m }

static const KeySpec draft_keys[] = {
  TEXT (FL_FIELD_REQUESTING_AGENCY, requesting_agency, TRUE, "the requesting agency"),
  TEXT (FL_FIELD_REQUESTER_NAME, requester_name, TRUE, "the requester's name"),
  TEXT (FL_FIELD_PHONE, phone, TRUE, "the requester's phone number"),
  TEXT (FL_FIELD_EMAIL, email, TRUE, "the requester's email address"),
  TEXT (FL_FIELD_AGENCY_CASE_NUMBER, agency_case_number, TRUE, "the requester's case or file number"),
  TEXT (FL_FIELD_INCIDENT_TYPE, incident_type, TRUE, "the incident type"),
  TEXT (FL_FIELD_REASON, reason, TRUE, "the facts amounting to reasonable suspicion"),
  TEXT (FL_FIELD_PURPOSE, purpose, TRUE, "the one authorized purpose"),
  { FL_FIELD_IMAGE_COUNT, KEY_NUMBER, G_STRUCT_OFFSET (FlRequestDraft, image_count), TRUE,
    "the number of images attached" },
  FLAG (FL_FIELD_OUTSIDE_AGENCY, outside_agency, TRUE, "whether another agency makes the request"),
  TEXT (FL_FIELD_OUTSIDE_AFFIRMATION, outside_affirmation, FALSE, "the outside agency's affirmation"),
  FLAG (FL_FIELD_LIVE_SOURCE, live_source, TRUE,
        "whether the images come from a live stream or real-time monitoring"),
  FLAG (FL_FIELD_IMMINENT_THREAT, imminent_threat, FALSE, "whether there is an imminent threat to life"),
  FLAG (FL_FIELD_PREDICTIVE, predictive, TRUE, "whether the search is for predictive analysis"),
  FLAG (FL_FIELD_PERSONAL_USE, personal_use, TRUE, "whether the search is for personal use"),
  FLAG (FL_FIELD_PROTECTED_CLASS, protected_class_attested, TRUE,
        "the attestation that the request does not rest solely on religion, politics, a protected class "
        "or First-Amendment activity"),
  FLAG (FL_FIELD_DL_PRESENTED, dl_presented, TRUE, "whether the subject presented a valid driver license"),
  TEXT (FL_FIELD_DL_FALSE_REASON, dl_false_reason, FALSE, "why the driver license is suspected to be false"),
  FLAG (FL_FIELD_ACK_LEAD_ONLY, ack_lead_only, TRUE,
        "the acknowledgement that any result is an investigative lead only"),
  TEXT (FL_FIELD_ACK_NAME, ack_name, TRUE, "the requester's typed signature"),
  TEXT (FL_FIELD_ACK_DATE, ack_date, TRUE, "the date of the signature (YYYY-MM-DD)"),
};

static gboolean
bad (GError    **error,
     const char *format,
     ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad (GError    **error,
     const char *format,
     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, message);
  return FALSE;
}

static const char *
json_type_name (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "a list";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "text";
    case G_TYPE_BOOLEAN:
      return "true/false";
    default:
      return "a number";
    }
}

static gboolean
read_text (JsonNode    *node,
           const char  *key,
           gboolean     null_ok,
           char       **out,
           GError     **error)
{
  if (null_ok && JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad (error, "“%s” must be text in double quotes, not %s.", key, json_type_name (node));
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_flag (JsonNode    *node,
           const char  *key,
           const char  *meaning,
           gboolean    *out,
           GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return bad (error, "“%s” must be true or false (without quotes), not %s: it says %s.", key,
                json_type_name (node), meaning);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_number (JsonNode    *node,
             const char  *key,
             int         *out,
             GError     **error)
{
  gint64 value;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return bad (error, "“%s” must be a whole number without quotes, e.g. 2, not %s.", key,
                json_type_name (node));
  value = json_node_get_int (node);
  if (value < 0 || value > 1000)
    return bad (error, "“%s” must be between 0 and 1000.", key);
  *out = (int) value;
  return TRUE;
}

static gboolean
read_image (JsonNode        *node,
            guint            index,
            const char      *base_dir,
            FlRequestDraft  *draft,
            GError         **error)
{
  static const char * const image_keys[] = { "file", "source", "from_video", "kind", NULL };
  g_autofree char *prefix = g_strdup_printf ("images[%u]", index);
  g_autofree char *file = NULL;
  g_autofree char *source = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *obj;
  gboolean from_video = FALSE;
  FlImageKind kind;
  gsize length;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad (error, "“%s” must be an object with \"file\", \"source\", \"from_video\" and \"kind\", not %s.",
                prefix, json_type_name (node));
  obj = json_node_get_object (node);
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (image_keys, l->data))
      return bad (error, "“%s” has an unknown key “%s”. An image has only \"file\", \"source\", \"from_video\" "
                  "and \"kind\"; check the spelling.", prefix, (const char *) l->data);
  for (guint i = 0; image_keys[i] != NULL; i++)
    if (!json_object_has_member (obj, image_keys[i]))
      return bad (error, "“%s.%s” is missing. Each image needs \"file\" (its path), \"source\" (where and how it "
                  "was lawfully obtained), \"from_video\" (true or false) and \"kind\".", prefix, image_keys[i]);

  {
    g_autofree char *k_file = g_strdup_printf ("%s.file", prefix);
    g_autofree char *k_source = g_strdup_printf ("%s.source", prefix);
    g_autofree char *k_video = g_strdup_printf ("%s.from_video", prefix);
    g_autofree char *k_kind = g_strdup_printf ("%s.kind", prefix);

    if (!read_text (json_object_get_member (obj, "file"), k_file, FALSE, &file, error) ||
        !read_text (json_object_get_member (obj, "source"), k_source, FALSE, &source, error) ||
        !read_flag (json_object_get_member (obj, "from_video"), k_video, "whether the image was extracted from "
                    "video", &from_video, error) ||
        !read_text (json_object_get_member (obj, "kind"), k_kind, FALSE, &kind_text, error))
      return FALSE;
    if (!fl_image_kind_from_string (kind_text, &kind))
      return bad (error, "“%s”: “%s” is not a kind of image. Use one of: subject_photo, video_still, "
                  "composite_sketch, artist_rendering, lookalike_photo.", k_kind, kind_text);
    if (*file == '\0')
      return bad (error, "“%s” is empty. Give the image file's path, relative to the request file.", k_file);

    path = g_path_is_absolute (file) ? g_strdup (file) : g_build_filename (base_dir ? base_dir : ".", file, NULL);
    if (!g_file_get_contents (path, &contents, &length, &local))
      return bad (error, "“%s”: cannot read %s (%s). Put the image beside the request file (paths are relative "
                  "to it) or correct the path.", k_file, path, local->message);
  }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  basename = g_path_get_basename (file);
  fl_request_draft_add_image (draft, bytes, basename, source, from_video, kind);
  return TRUE;
}

static const KeySpec *
find_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (draft_keys); i++)
    if (g_str_equal (draft_keys[i].key, key))
      return &draft_keys[i];
  return NULL;
}

FlRequestDraft *
fl_request_draft_from_json (const char  *data,
                            gssize       length,
                            const char  *base_dir,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FlRequestDraft) draft = fl_request_draft_new ();
  g_autoptr(GError) local = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *obj;
  JsonNode *node;
  JsonArray *images;

  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      bad (error, "This is not valid JSON: %s. Fix the syntax (a missing comma or quote is the usual cause).",
           local->message);
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      bad (error, "A FaceLeads request is one JSON object { … } with \"faceleads_request\": %d.", FORMAT_VERSION);
      return NULL;
    }
  obj = json_node_get_object (node);

  node = json_object_get_member (obj, "faceleads_request");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      bad (error, "This is not a FaceLeads request: “faceleads_request”: %d is missing. Add it, with the "
           "other keys of the request format.", FORMAT_VERSION);
      return NULL;
    }
  if (json_node_get_int (node) != FORMAT_VERSION)
    {
      bad (error, "This request uses format version %" G_GINT64_FORMAT "; this FaceLeads reads version %d. "
           "Ask the sender for a version %d file.", json_node_get_int (node), FORMAT_VERSION, FORMAT_VERSION);
      return NULL;
    }

  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "faceleads_request") && !g_str_equal (l->data, FL_FIELD_IMAGES) &&
        find_key (l->data) == NULL)
      {
        bad (error, "Unknown key “%s”. Check its spelling against the request format (e.g. \"live_source\", "
             "\"dl_presented\"): a misspelt answer is never assumed.", (const char *) l->data);
        return NULL;
      }

  for (guint i = 0; i < G_N_ELEMENTS (draft_keys); i++)
    {
      const KeySpec *spec = &draft_keys[i];
      gpointer field = G_STRUCT_MEMBER_P (draft, spec->offset);

      node = json_object_get_member (obj, spec->key);
      if (node == NULL)
        {
          if (!spec->required)
            continue;
          bad (error, "“%s” is missing: it gives %s.%s", spec->key, spec->meaning,
               spec->type == KEY_FLAG ? " Say true or false." : "");
          return NULL;
        }
      switch (spec->type)
        {
        case KEY_TEXT:
          if (!read_text (node, spec->key, !spec->required, (char **) field, error))
            return NULL;
          break;
        case KEY_FLAG:
          if (!read_flag (node, spec->key, spec->meaning, (gboolean *) field, error))
            return NULL;
          break;
        case KEY_NUMBER:
        default:
          if (!read_number (node, spec->key, (int *) field, error))
            return NULL;
          break;
        }
    }

  node = json_object_get_member (obj, FL_FIELD_IMAGES);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      bad (error, "“images” %s. Give a list of the images: [ { \"file\": …, \"source\": …, \"from_video\": …, "
           "\"kind\": … } ].", node == NULL ? "is missing" : "must be a list");
      return NULL;
    }
  images = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (images); i++)
    if (!read_image (json_array_get_element (images, i), i, base_dir, draft, error))
      return NULL;

  return g_steal_pointer (&draft);
}

FlRequestDraft *
fl_request_draft_from_json_file (const char  *path,
                                 GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) local = NULL;
  FlRequestDraft *draft;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_IO, "Cannot read the request file %s: %s.", path, local->message);
      return NULL;
    }
  dir = g_path_get_dirname (path);
  draft = fl_request_draft_from_json (contents, (gssize) length, dir, error);
  if (draft == NULL)
    g_prefix_error (error, "%s: ", path);
  return draft;
}
