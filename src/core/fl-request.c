/* fl-request.c: request intake (R4–R9), refusals kept on record, triage */
#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fl-audit.h"
#include "fl-case-private.h"
#include "fl-settings.h"
#include "fl-store.h"

static const struct { const char *name; const char *label; } image_kinds[] = {
  [FL_IMAGE_KIND_SUBJECT_PHOTO] = { "subject_photo", "Photo of the subject" },
  [FL_IMAGE_KIND_VIDEO_STILL] = { "video_still", "Still from video" },
  [FL_IMAGE_KIND_COMPOSITE_SKETCH] = { "composite_sketch", "Composite sketch" },
  [FL_IMAGE_KIND_ARTIST_RENDERING] = { "artist_rendering", "Artist rendering" },
  [FL_IMAGE_KIND_LOOKALIKE_PHOTO] = { "lookalike_photo", "Look-alike photo of another person" },
};

static const char * const request_states[] = {
  [FL_REQUEST_SUBMITTED] = "submitted",
  [FL_REQUEST_REFUSED] = "refused",
  [FL_REQUEST_RETURNED] = "returned",
  [FL_REQUEST_ACCEPTED] = "accepted",
};

/* Image types the matcher and the report can read. */
static const char * const image_exts[] = { "jpg", "png", "webp", "tif", "bmp", "pnm", NULL };

const char *
fl_image_kind_to_string (FlImageKind kind)
{
  g_return_val_if_fail (kind <= FL_IMAGE_KIND_LAST, NULL);
  return image_kinds[kind].name;
}

const char *
fl_image_kind_label (FlImageKind kind)
{
  g_return_val_if_fail (kind <= FL_IMAGE_KIND_LAST, NULL);
  return image_kinds[kind].label;
}

gboolean
fl_image_kind_from_string (const char  *text,
                           FlImageKind *out_kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (image_kinds); i++)
    if (g_strcmp0 (text, image_kinds[i].name) == 0)
      {
        *out_kind = (FlImageKind) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
fl_image_kind_is_refused (FlImageKind kind)
{
  return kind == FL_IMAGE_KIND_COMPOSITE_SKETCH || kind == FL_IMAGE_KIND_ARTIST_RENDERING ||
         kind == FL_IMAGE_KIND_LOOKALIKE_PHOTO;
}

const char *
fl_request_state_to_string (FlRequestState state)
{
  g_return_val_if_fail (state <= FL_REQUEST_ACCEPTED, NULL);
  return request_states[state];
}

gboolean
fl_request_state_from_string (const char     *text,
                              FlRequestState *out_state)
{
  for (guint i = 0; i < G_N_ELEMENTS (request_states); i++)
    if (g_strcmp0 (text, request_states[i]) == 0)
      {
        *out_state = (FlRequestState) i;
        return TRUE;
      }
  return FALSE;
}

FlRequestImage *
fl_request_image_new (void)
{
  return g_new0 (FlRequestImage, 1);
}

void
fl_request_image_free (FlRequestImage *image)
{
  if (image == NULL)
    return;
  g_clear_pointer (&image->bytes, g_bytes_unref);
  g_free (image->hash);
  g_free (image->filename);
  g_free (image->source);
  g_free (image);
}

FlRequestDraft *
fl_request_draft_new (void)
{
  FlRequestDraft *draft = g_new0 (FlRequestDraft, 1);

  draft->images = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_request_image_free);
  return draft;
}

void
fl_request_draft_free (FlRequestDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->requesting_agency);
  g_free (draft->requester_name);
  g_free (draft->phone);
  g_free (draft->email);
  g_free (draft->agency_case_number);
  g_free (draft->incident_type);
  g_free (draft->reason);
  g_free (draft->purpose);
  g_clear_pointer (&draft->images, g_ptr_array_unref);
  g_free (draft->outside_affirmation);
  g_free (draft->dl_false_reason);
  g_free (draft->ack_name);
  g_free (draft->ack_date);
  g_free (draft);
}

FlRequestImage *
fl_request_draft_add_image (FlRequestDraft *draft,
                            GBytes         *bytes,
                            const char     *filename,
                            const char     *source,
                            gboolean        from_video,
                            FlImageKind     kind)
{
  FlRequestImage *image = fl_request_image_new ();

  image->bytes = bytes ? g_bytes_ref (bytes) : NULL;
  image->filename = g_strdup (filename);
  image->source = g_strdup (source);
  image->from_video = from_video;
  image->kind = kind;
  g_ptr_array_add (draft->images, image);
  return image;
}

void
fl_field_error_free (FlFieldError *field_error)
{
  if (field_error == NULL)
    return;
  g_free (field_error->field);
  g_free (field_error->message);
  g_free (field_error->rule);
  g_free (field_error);
}

void
fl_request_free (FlRequest *request)
{
  if (request == NULL)
    return;
  g_clear_pointer (&request->form, fl_request_draft_free);
  g_free (request->created_at);
  g_free (request->created_by_username);
  g_free (request->state_reason);
  g_free (request->decided_at);
  g_free (request->fr_number);
  g_free (request);
}

/* ---- validation ------------------------------------------------------ */

static void add_problem (GPtrArray  *problems,
                         const char *field,
                         const char *rule,
                         const char *format,
                         ...) G_GNUC_PRINTF (4, 5);

static void
add_problem (GPtrArray  *problems,
             const char *field,
             const char *rule,
             const char *format,
             ...)
{
  FlFieldError *problem = g_new0 (FlFieldError, 1);
  va_list args;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  problem->field = g_strdup (field);
  problem->rule = g_strdup (rule);
  g_ptr_array_add (problems, problem);
}

/* Characters of @text without surrounding white space. */
static glong
text_length (const char *text)
{
  g_autofree char *copy = NULL;

  if (text == NULL)
    return 0;
  copy = g_strstrip (g_strdup (text));
  return g_utf8_validate (copy, -1, NULL) ? g_utf8_strlen (copy, -1) : 0;
}

static gboolean
is_blank (const char *text)
{
  return text_length (text) == 0;
}

static gboolean
valid_phone (const char *phone)
{
  guint digits = 0;

  for (const char *p = phone; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!strchr (" +-().x/", *p) && !g_ascii_isalpha (*p))
        return FALSE;
    }
  return digits >= 7;
}

static gboolean
valid_email (const char *email)
{
  g_autofree char *copy = g_strstrip (g_strdup (email));
  const char *at = strchr (copy, '@');
  const char *dot;

  if (at == NULL || at == copy || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = copy; *p; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == ';')
      return FALSE;
  dot = strrchr (at + 1, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

/* Collapses runs of white space and folds case, so a signature matches the
 * printed name however it was spaced or capitalised. */
static char *
name_key (const char *name)
{
  g_auto(GStrv) words = g_strsplit_set (name ? name : "", " \t\r\n", -1);
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      {
        g_autofree char *folded = g_utf8_casefold (words[i], -1);
        if (key->len > 0)
          g_string_append_c (key, ' ');
        g_string_append (key, folded);
      }
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static GDate *
parse_date (const char *text)
{
  int y, m, d;
  char tail;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen (text) != 10 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return NULL;
  return g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static char *
list_for_message (FlDb       *db,
                  FlListKind  kind)
{
  g_auto(GStrv) values = fl_settings_get_list (db, kind);

  return g_strjoinv ("; ", values);
}

static void
validate_images (const FlRequestDraft *draft,
                 FlDb                 *db,
                 GPtrArray            *problems)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (draft->images == NULL || draft->images->len == 0)
    add_problem (problems, FL_FIELD_IMAGES, NULL,
                 "Attach at least one image of the subject to be searched.");
  if (draft->image_count <= 0)
    add_problem (problems, FL_FIELD_IMAGE_COUNT, NULL, "Give the number of images attached.");
  else if (draft->images != NULL && (guint) draft->image_count != draft->images->len)
    add_problem (problems, FL_FIELD_IMAGE_COUNT, NULL,
                 "The request states %d image(s) but %u are attached. Attach the missing images or "
                 "correct the number.", draft->image_count, draft->images->len);

  for (guint i = 0; draft->images != NULL && i < draft->images->len; i++)
    {
      const FlRequestImage *image = g_ptr_array_index (draft->images, i);
      g_autofree char *f_file = g_strdup_printf ("images[%u].file", i);
      g_autofree char *f_source = g_strdup_printf ("images[%u].source", i);
      g_autofree char *f_video = g_strdup_printf ("images[%u].from_video", i);
      g_autofree char *f_kind = g_strdup_printf ("images[%u].kind", i);
      g_autofree char *hash = NULL;
      const char *name = image->filename && *image->filename ? image->filename : "";

      if (image->bytes != NULL)
        {
          const char *ext = fl_store_sniff_ext (image->bytes);

          if (!g_strv_contains (image_exts, ext))
            add_problem (problems, f_file, NULL,
                         "Image %u (%s) is not a picture FaceLeads can read. Attach a JPEG, PNG, "
                         "WebP, TIFF, BMP or PNM file.", i + 1, name);
          hash = fl_sha256_bytes (image->bytes);
        }
      else if (image->hash != NULL)
        {
          if (!fl_store_has (db, image->hash))
            add_problem (problems, f_file, NULL,
                         "Image %u (%s) is not in the image store. Attach the file again.", i + 1, name);
          hash = g_strdup (image->hash);
        }
      else
        add_problem (problems, f_file, NULL, "Image %u has no file. Attach the image file.", i + 1);

      if (hash != NULL)
        {
          gpointer first = g_hash_table_lookup (seen, hash);
          if (first != NULL)
            add_problem (problems, f_file, NULL,
                         "Image %u (%s) is the same file as image %u. Remove the duplicate.",
                         i + 1, name, GPOINTER_TO_UINT (first));
          else
            g_hash_table_insert (seen, g_steal_pointer (&hash), GUINT_TO_POINTER (i + 1));
        }

      if (is_blank (image->filename))
        add_problem (problems, f_file, NULL, "Image %u has no file name. Give the file's name.", i + 1);
      if (text_length (image->source) < FL_REQUEST_SOURCE_MIN_CHARS)
        add_problem (problems, f_source, NULL,
                     "Say where and how image %u (%s) was lawfully obtained, e.g. “store CCTV, "
                     "obtained with the owner's consent”.", i + 1, name);
      if ((guint) image->kind > FL_IMAGE_KIND_LAST)
        add_problem (problems, f_kind, NULL, "Choose what image %u shows.", i + 1);
      else if (image->kind == FL_IMAGE_KIND_VIDEO_STILL && !image->from_video)
        add_problem (problems, f_video, NULL,
                     "Image %u (%s) is a still from video: mark it as extracted from video.", i + 1, name);
    }
}

gboolean
fl_request_validate (const FlRequestDraft *draft,
                     FlDb                 *db,
                     GPtrArray           **field_errors)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_field_error_free);
  g_autoptr(GDate) ack = NULL;
  gboolean ok;

  g_return_val_if_fail (draft != NULL, FALSE);
  g_return_val_if_fail (FL_IS_DB (db), FALSE);

  if (is_blank (draft->requesting_agency))
    add_problem (problems, FL_FIELD_REQUESTING_AGENCY, NULL, "Give the requesting agency.");
  if (is_blank (draft->requester_name))
    add_problem (problems, FL_FIELD_REQUESTER_NAME, NULL, "Give the requester's name.");
  if (is_blank (draft->phone))
    add_problem (problems, FL_FIELD_PHONE, NULL, "Give the requester's phone number.");
  else if (!valid_phone (draft->phone))
    add_problem (problems, FL_FIELD_PHONE, NULL,
                 "“%s” is not a phone number. Give at least 7 digits, e.g. 213-555-0100.", draft->phone);
  if (is_blank (draft->email))
    add_problem (problems, FL_FIELD_EMAIL, NULL, "Give the requester's email address.");
  else if (!valid_email (draft->email))
    add_problem (problems, FL_FIELD_EMAIL, NULL,
                 "“%s” is not an email address. Give one like name@agency.gov.", draft->email);
  if (is_blank (draft->agency_case_number))
    add_problem (problems, FL_FIELD_AGENCY_CASE_NUMBER, NULL,
                 "Give the requester's case or file number: every search is justified by a case.");

  if (is_blank (draft->incident_type))
    add_problem (problems, FL_FIELD_INCIDENT_TYPE, NULL, "Choose the incident type (file class or crime type).");
  else if (!fl_settings_list_contains (db, FL_LIST_INCIDENT_TYPE, draft->incident_type))
    {
      g_autofree char *allowed = list_for_message (db, FL_LIST_INCIDENT_TYPE);
      add_problem (problems, FL_FIELD_INCIDENT_TYPE, NULL,
                   "“%s” is not one of the unit's incident types. Choose one of: %s.",
                   draft->incident_type, allowed);
    }

  if (text_length (draft->reason) < FL_REQUEST_REASON_MIN_CHARS)
    add_problem (problems, FL_FIELD_REASON, NULL,
                 "Describe the facts amounting to reasonable suspicion that the search will help the "
                 "investigation: at least %d characters (now %ld).",
                 FL_REQUEST_REASON_MIN_CHARS, text_length (draft->reason));

  if (is_blank (draft->purpose))
    add_problem (problems, FL_FIELD_PURPOSE, NULL, "Choose the one authorized purpose of the search.");
  else if (!fl_settings_list_contains (db, FL_LIST_PURPOSE, draft->purpose))
    {
      g_autofree char *allowed = list_for_message (db, FL_LIST_PURPOSE);
      add_problem (problems, FL_FIELD_PURPOSE, NULL,
                   "“%s” is not an authorized purpose. Choose exactly one of: %s.", draft->purpose, allowed);
    }

  validate_images (draft, db, problems);

  if (draft->outside_agency && text_length (draft->outside_affirmation) < FL_REQUEST_NOTE_MIN_CHARS)
    add_problem (problems, FL_FIELD_OUTSIDE_AFFIRMATION, NULL,
                 "An outside agency's request must record that agency's affirmation that it follows this "
                 "unit's facial-recognition policy. Enter the affirmation as given by the agency.");

  if (draft->dl_presented && !is_blank (draft->dl_false_reason) &&
      text_length (draft->dl_false_reason) < FL_REQUEST_NOTE_MIN_CHARS)
    add_problem (problems, FL_FIELD_DL_FALSE_REASON, NULL,
                 "Say why the driver license is suspected to be false in at least %d characters.",
                 FL_REQUEST_NOTE_MIN_CHARS);

  if (!draft->ack_lead_only)
    add_problem (problems, FL_FIELD_ACK_LEAD_ONLY, NULL,
                 "The requester must acknowledge that any result is an investigative lead only, not a "
                 "positive identification, a reason for detention or probable cause for an arrest.");
  if (is_blank (draft->ack_name))
    add_problem (problems, FL_FIELD_ACK_NAME, NULL, "Type the requester's name as signature.");
  else if (!is_blank (draft->requester_name))
    {
      g_autofree char *a = name_key (draft->ack_name);
      g_autofree char *b = name_key (draft->requester_name);
      if (!g_str_equal (a, b))
        add_problem (problems, FL_FIELD_ACK_NAME, NULL,
                     "The signature “%s” is not the requester's name “%s”. The requester signs the "
                     "acknowledgement: type that name.", draft->ack_name, draft->requester_name);
    }

  ack = parse_date (draft->ack_date);
  if (ack == NULL)
    add_problem (problems, FL_FIELD_ACK_DATE, NULL,
                 "Give the date of the signature as YYYY-MM-DD, e.g. 2026-03-14.");
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
      g_autoptr(GDate) limit = g_date_new_dmy ((GDateDay) g_date_time_get_day_of_month (tomorrow),
                                               (GDateMonth) g_date_time_get_month (tomorrow),
                                               (GDateYear) g_date_time_get_year (tomorrow));
      /* One day of slack for a requester in another time zone. */
      if (g_date_compare (ack, limit) > 0)
        add_problem (problems, FL_FIELD_ACK_DATE, NULL,
                     "The signature date %s is in the future. Give the date the requester signed.",
                     draft->ack_date);
    }

  ok = problems->len == 0;
  if (field_errors != NULL)
    *field_errors = g_steal_pointer (&problems);
  return ok;
}

GPtrArray *
fl_request_policy_refusals (const FlRequestDraft *draft)
{
  GPtrArray *refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_field_error_free);

  g_return_val_if_fail (draft != NULL, refusals);

  if (draft->live_source && !draft->imminent_threat)
    add_problem (refusals, FL_FIELD_LIVE_SOURCE, "R6",
                 "Facial recognition on a live stream or real-time monitoring is allowed only when there "
                 "is an imminent threat to life. This request names no such threat, so no search will be run.");
  if (draft->predictive)
    add_problem (refusals, FL_FIELD_PREDICTIVE, "R6",
                 "Facial recognition may not be used for predictive analysis.");
  if (draft->personal_use)
    add_problem (refusals, FL_FIELD_PERSONAL_USE, "R6",
                 "Facial recognition may be used only for an official investigation, never for personal use.");
  if (!draft->protected_class_attested)
    add_problem (refusals, FL_FIELD_PROTECTED_CLASS, "R6",
                 "The requester did not attest that the request rests on more than religious, political or "
                 "social views, membership of a noncriminal organization, a protected class or "
                 "First-Amendment activity. A search based solely on those is prohibited; a new request "
                 "needs the attestation and the facts of the suspected conduct.");
  for (guint i = 0; draft->images != NULL && i < draft->images->len; i++)
    {
      const FlRequestImage *image = g_ptr_array_index (draft->images, i);
      g_autofree char *field = g_strdup_printf ("images[%u].kind", i);
      g_autofree char *what = NULL;

      if ((guint) image->kind > FL_IMAGE_KIND_LAST || !fl_image_kind_is_refused (image->kind))
        continue;
      what = g_utf8_strdown (fl_image_kind_label (image->kind), -1);
      add_problem (refusals, field, "R7",
                   "Image %u (%s) is a %s. Only images of the actual subject from lawful sources may be "
                   "searched: composite sketches, artist renderings and look-alike photos of other people "
                   "are refused as probes.", i + 1, image->filename ? image->filename : "", what);
    }
  if (draft->dl_presented && is_blank (draft->dl_false_reason))
    add_problem (refusals, FL_FIELD_DL_FALSE_REASON, "R9",
                 "The subject presented a valid driver license, and the request does not say why it is "
                 "suspected to be false. A search is allowed only with that reason; a new request must state it.");
  return refusals;
}

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

static FlRequest *
load_request (FlDb    *db,
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
  request = load_request (fl_session_get_db (session), request_id, error);
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
  if (!fl_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (fl_db_get_handle (db)) != 1)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_BUSY,
                   "Request %" G_GINT64_FORMAT " was decided by someone else meanwhile. Reload the queue.",
                   request_id);
      return FALSE;
    }
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

  probe_id = g_strdup_printf ("%" G_GINT64_FORMAT, sqlite3_last_insert_rowid (fl_db_get_handle (db)));
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
  request = load_request (db, request_id, error);
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
  if (text_length (trimmed) < FL_REQUEST_NOTE_MIN_CHARS)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "Say why the request is returned (at least %d characters), so the requester knows what "
                   "to correct.", FL_REQUEST_NOTE_MIN_CHARS);
      return FALSE;
    }
  if (!fl_db_begin (db, error))
    return FALSE;
  request = load_request (db, request_id, error);
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
