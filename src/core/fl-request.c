/* fl-request.c: the request form — its values, its checks (R4, R5, R8) and
 * the refusals it would draw (R6, R7, R9) */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fl-request.h"
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
