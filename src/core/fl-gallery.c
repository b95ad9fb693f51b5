/* fl-gallery.c: galleries, subjects, enrolment of one photo, seal/destroy notices */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "fl-audit.h"
#include "fl-gallery-private.h"
#include "fl-store.h"

static const char * const status_names[FL_IMPORT_N_STATUS] = {
  "enrolled", "duplicate", "no_face", "several_faces", "bad_file", "bad_row", "probe", "sealed",
};

static const char * const status_labels[FL_IMPORT_N_STATUS] = {
  "Enrolled", "Already enrolled", "No face found", "Several faces", "Bad image file",
  "Bad manifest line", "Refused: probe image", "Refused: sealed record",
};

const char *
fl_import_status_to_string (FlImportStatus status)
{
  g_return_val_if_fail ((guint) status < FL_IMPORT_N_STATUS, "");
  return status_names[status];
}

const char *
fl_import_status_label (FlImportStatus status)
{
  g_return_val_if_fail ((guint) status < FL_IMPORT_N_STATUS, "");
  return status_labels[status];
}

void
fl_gallery_free (FlGallery *gallery)
{
  if (gallery == NULL)
    return;
  g_free (gallery->name);
  g_free (gallery->provenance);
  g_free (gallery->lawful_basis);
  g_free (gallery->created_at);
  g_free (gallery);
}

void
fl_booking_free (FlBooking *booking)
{
  if (booking == NULL)
    return;
  g_free (booking->booking_number);
  g_free (booking->booked_on);
  g_free (booking);
}

void
fl_gallery_image_free (FlGalleryImage *image)
{
  if (image == NULL)
    return;
  g_free (image->hash);
  g_free (image->capture_date);
  g_free (image->booking_number);
  g_free (image->source_file);
  g_free (image->detector);
  g_free (image->added_at);
  g_free (image);
}

void
fl_subject_free (FlSubject *subject)
{
  if (subject == NULL)
    return;
  g_free (subject->gallery_name);
  g_free (subject->external_id);
  g_free (subject->name);
  g_free (subject->date_of_birth);
  g_free (subject->sex);
  g_free (subject->race);
  g_free (subject->cdl);
  g_free (subject->main_number);
  g_free (subject->sid);
  g_clear_pointer (&subject->bookings, g_ptr_array_unref);
  g_clear_pointer (&subject->images, g_ptr_array_unref);
  g_free (subject);
}

gboolean
fl_date_is_valid (const char *text)
{
  int y, m, d;
  char tail;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  return y >= 1800 && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static char *
roles_phrase (FlRoles roles)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  static const struct { FlRoles role; const char *name; } all[] = {
    { FL_ROLE_ADMIN, "an administrator" },
    { FL_ROLE_EXAMINER, "an examiner" },
    { FL_ROLE_RECORDS, "records staff" },
    { FL_ROLE_REQUESTER, "a requester" },
  };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (roles & all[i].role)
      g_ptr_array_add (names, (gpointer) all[i].name);
  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append (s, i + 1 == names->len ? " or " : ", ");
      g_string_append (s, g_ptr_array_index (names, i));
    }
  return g_string_free (s, FALSE);
}

gboolean
fl_require_any_role (FlSession   *session,
                     FlRoles      any_of,
                     const char  *what,
                     GError     **error)
{
  g_autoptr(FlUserInfo) info = NULL;

  g_return_val_if_fail (FL_IS_SESSION (session), FALSE);

  info = fl_accounts_get_user (fl_session_get_db (session), fl_session_get_user_id (session), error);
  if (info == NULL)
    return FALSE;
  if (!info->active || (info->roles & any_of) == 0)
    {
      g_autofree char *need = fl_roles_to_string (any_of);
      g_autofree char *phrase = roles_phrase (any_of);
      g_autofree char *details = fl_audit_details ("reason", info->active ? "role missing" : "account deactivated",
                                                   "role", need, NULL);

      fl_session_audit (session, what, 0, "refused", details, NULL);
      if (!info->active)
        g_set_error_literal (error, FL_ERROR, FL_ERROR_DENIED,
                             "Your account has been deactivated. Ask an administrator.");
      else
        g_set_error (error, FL_ERROR, FL_ERROR_DENIED,
                     "Only %s may do this. Ask an administrator for the role.", phrase);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Galleries                                                                 */

static gboolean
check_text (const char  *value,
            const char  *label,
            const char  *example,
            int          min_chars,
            int          max_chars,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value ? value : ""));
  glong len;

  if (!g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "The %s is not valid UTF-8 text: type it again.", label);
      return FALSE;
    }
  len = g_utf8_strlen (trimmed, -1);
  if (len == 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The gallery's %s is required (R13): %s.", label, example);
      return FALSE;
    }
  if (len < min_chars || len > max_chars)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The gallery's %s must be %d to %d characters long: %s.", label, min_chars, max_chars, example);
      return FALSE;
    }
  return TRUE;
}

gint64
fl_gallery_create (FlSession   *actor,
                   const char  *name,
                   const char  *provenance,
                   const char  *lawful_basis,
                   GError     **error)
{
  FlDb *db;
  g_autofree char *t_name = NULL;
  g_autofree char *t_prov = NULL;
  g_autofree char *t_basis = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *details = NULL;
  g_autofree char *id_text = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

  if (!fl_require_any_role (actor, FL_ROLE_ADMIN | FL_ROLE_EXAMINER, "gallery.create", error))
    return 0;
  db = fl_session_get_db (actor);

  if (!check_text (name, "name", "give a name that says what the gallery holds, e.g. “County booking photos”",
                   1, FL_GALLERY_NAME_MAX, error) ||
      !check_text (provenance, "provenance",
                   "say where the records come from, e.g. “County jail booking system, export of 2024-05-01”",
                   FL_GALLERY_TEXT_MIN, FL_GALLERY_TEXT_MAX, error) ||
      !check_text (lawful_basis, "lawful basis",
                   "name the law or agreement under which the unit holds the records, e.g. “Penal Code 13300; "
                   "MOU with the Sheriff's Office of 2023-02-01”", FL_GALLERY_TEXT_MIN, FL_GALLERY_TEXT_MAX, error))
    return 0;
  t_name = g_strstrip (g_strdup (name));
  t_prov = g_strstrip (g_strdup (provenance));
  t_basis = g_strstrip (g_strdup (lawful_basis));

  if (fl_gallery_lookup (db, t_name, NULL) > 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_EXISTS,
                   "A gallery called “%s” exists already. Import into it, or choose another name.", t_name);
      return 0;
    }

  if (!fl_db_begin (db, error))
    return 0;
  stmt = fl_db_prepare (db, "INSERT INTO galleries (name, provenance, lawful_basis, created_by, created_at)"
                            " VALUES (?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    goto fail;
  fl_db_bind_text (stmt, 1, t_name);
  fl_db_bind_text (stmt, 2, t_prov);
  fl_db_bind_text (stmt, 3, t_basis);
  sqlite3_bind_int64 (stmt, 4, fl_session_get_user_id (actor));
  fl_db_bind_text (stmt, 5, now);
  if (!fl_db_step_done (db, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (fl_db_get_handle (db));
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  details = fl_audit_details ("gallery_id", id_text, "name", t_name, "provenance", t_prov,
                              "lawful_basis", t_basis, NULL);
  if (!fl_session_audit (actor, "gallery.create", 0, "success", details, error) || !fl_db_commit (db, error))
    goto fail;
  return id;

fail:
  fl_db_rollback (db);
  return 0;
}

static const char gallery_select[] =
  "SELECT g.id, g.name, g.provenance, g.lawful_basis, g.created_by, g.created_at,"
  " (SELECT count(*) FROM subjects s WHERE s.gallery_id = g.id AND s.sealed = 0),"
  " (SELECT count(*) FROM subjects s WHERE s.gallery_id = g.id AND s.sealed = 1),"
  " (SELECT count(*) FROM templates t JOIN gallery_images gi ON gi.id = t.gallery_image_id"
  "   JOIN subjects s ON s.id = gi.subject_id WHERE s.gallery_id = g.id AND s.sealed = 0)"
  " FROM galleries g";

static FlGallery *
gallery_from_row (sqlite3_stmt *stmt)
{
  FlGallery *g = g_new0 (FlGallery, 1);

  g->id = sqlite3_column_int64 (stmt, 0);
  g->name = fl_db_column_dup (stmt, 1);
  g->provenance = fl_db_column_dup (stmt, 2);
  g->lawful_basis = fl_db_column_dup (stmt, 3);
  g->created_by = sqlite3_column_int64 (stmt, 4);
  g->created_at = fl_db_column_dup (stmt, 5);
  g->n_subjects = sqlite3_column_int64 (stmt, 6);
  g->n_sealed = sqlite3_column_int64 (stmt, 7);
  g->n_templates = sqlite3_column_int64 (stmt, 8);
  return g;
}

GPtrArray *
fl_gallery_list (FlDb     *db,
                 GError  **error)
{
  g_autofree char *sql = g_strconcat (gallery_select, " ORDER BY g.name COLLATE NOCASE;", NULL);
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, sql, error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_gallery_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, gallery_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the galleries");
      return NULL;
    }
  return g_steal_pointer (&list);
}

FlGallery *
fl_gallery_get (FlDb     *db,
                gint64    gallery_id,
                GError  **error)
{
  g_autofree char *sql = g_strconcat (gallery_select, " WHERE g.id = ?;", NULL);
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, gallery_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no gallery %" G_GINT64_FORMAT ".", gallery_id);
      return NULL;
    }
  return gallery_from_row (stmt);
}

gint64
fl_gallery_lookup (FlDb        *db,
                   const char  *name,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT id FROM galleries WHERE name = ?;", error);
  g_autoptr(GPtrArray) all = NULL;
  GString *names;

  if (stmt == NULL)
    return 0;
  fl_db_bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);

  if (error == NULL)
    return 0;
  all = fl_gallery_list (db, NULL);
  names = g_string_new (NULL);
  for (guint i = 0; all && i < all->len; i++)
    g_string_append_printf (names, "%s“%s”", i ? ", " : "", ((FlGallery *) g_ptr_array_index (all, i))->name);
  g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no gallery called “%s”. %s%s",
               name ? name : "", names->len ? "The galleries are: " : "No gallery has been created yet.",
               names->str);
  g_string_free (names, TRUE);
  return 0;
}

/* ------------------------------------------------------------------------- */
/* Subjects                                                                  */

static FlSubject *
subject_from_row (sqlite3_stmt *stmt)
{
  FlSubject *s = g_new0 (FlSubject, 1);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->gallery_id = sqlite3_column_int64 (stmt, 1);
  s->gallery_name = fl_db_column_dup (stmt, 2);
  s->external_id = fl_db_column_dup (stmt, 3);
  s->name = fl_db_column_dup (stmt, 4);
  s->date_of_birth = fl_db_column_dup (stmt, 5);
  s->sex = fl_db_column_dup (stmt, 6);
  s->race = fl_db_column_dup (stmt, 7);
  s->cdl = fl_db_column_dup (stmt, 8);
  s->main_number = fl_db_column_dup (stmt, 9);
  s->sid = fl_db_column_dup (stmt, 10);
  s->sealed = sqlite3_column_int (stmt, 11) != 0;
  s->bookings = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_booking_free);
  s->images = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_gallery_image_free);
  return s;
}

#define SUBJECT_COLUMNS \
  "s.id, s.gallery_id, g.name, s.external_id, s.name, s.date_of_birth, s.sex, s.race, s.cdl," \
  " s.main_number, s.sid, s.sealed"

FlSubject *
fl_gallery_get_subject (FlSession   *session,
                        gint64       subject_id,
                        GError     **error)
{
  FlDb *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) bookings = NULL;
  g_autoptr(sqlite3_stmt) images = NULL;
  g_autoptr(FlSubject) subject = NULL;

  if (!fl_require_any_role (session, FL_ROLE_EXAMINER | FL_ROLE_RECORDS | FL_ROLE_ADMIN, "subject.view", error))
    return NULL;
  db = fl_session_get_db (session);
  stmt = fl_db_prepare (db, "SELECT " SUBJECT_COLUMNS " FROM subjects s JOIN galleries g ON g.id = s.gallery_id"
                            " WHERE s.id = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, subject_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND, "There is no gallery subject %" G_GINT64_FORMAT ".",
                   subject_id);
      return NULL;
    }
  subject = subject_from_row (stmt);

  bookings = fl_db_prepare (db, "SELECT booking_number, booked_on FROM bookings WHERE subject_id = ?"
                                " ORDER BY booked_on IS NULL, booked_on DESC, id DESC;", error);
  if (bookings == NULL)
    return NULL;
  sqlite3_bind_int64 (bookings, 1, subject_id);
  while (sqlite3_step (bookings) == SQLITE_ROW)
    {
      FlBooking *b = g_new0 (FlBooking, 1);
      b->booking_number = fl_db_column_dup (bookings, 0);
      b->booked_on = fl_db_column_dup (bookings, 1);
      g_ptr_array_add (subject->bookings, b);
    }

  images = fl_db_prepare (db, "SELECT gi.id, gi.hash, gi.capture_date, gi.booking_number, gi.source_file,"
                              " gi.detector, gi.added_at, b.purged_at IS NOT NULL"
                              " FROM gallery_images gi LEFT JOIN blobs b ON b.hash = gi.hash"
                              " WHERE gi.subject_id = ?"
                              " ORDER BY gi.capture_date IS NULL, gi.capture_date DESC, gi.id DESC;", error);
  if (images == NULL)
    return NULL;
  sqlite3_bind_int64 (images, 1, subject_id);
  while (sqlite3_step (images) == SQLITE_ROW)
    {
      FlGalleryImage *im = g_new0 (FlGalleryImage, 1);
      im->id = sqlite3_column_int64 (images, 0);
      im->hash = fl_db_column_dup (images, 1);
      im->capture_date = fl_db_column_dup (images, 2);
      im->booking_number = fl_db_column_dup (images, 3);
      im->source_file = fl_db_column_dup (images, 4);
      im->detector = fl_db_column_dup (images, 5);
      im->added_at = fl_db_column_dup (images, 6);
      im->purged = sqlite3_column_int (images, 7) != 0;
      g_ptr_array_add (subject->images, im);
    }
  return g_steal_pointer (&subject);
}

GPtrArray *
fl_gallery_list_subjects (FlSession   *session,
                          gint64       gallery_id,
                          const char  *search,
                          guint        limit,
                          guint        offset,
                          GError     **error)
{
  FlDb *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *pattern = NULL;
  int rc;

  if (!fl_require_any_role (session, FL_ROLE_EXAMINER | FL_ROLE_RECORDS | FL_ROLE_ADMIN, "subject.list", error))
    return NULL;
  db = fl_session_get_db (session);
  stmt = fl_db_prepare (db, "SELECT " SUBJECT_COLUMNS " FROM subjects s JOIN galleries g ON g.id = s.gallery_id"
                            " WHERE s.gallery_id = ?1 AND (?2 IS NULL OR s.external_id LIKE ?2 ESCAPE '\\'"
                            "  OR s.name LIKE ?2 ESCAPE '\\' OR s.cdl LIKE ?2 ESCAPE '\\'"
                            "  OR s.main_number LIKE ?2 ESCAPE '\\' OR s.sid LIKE ?2 ESCAPE '\\'"
                            "  OR EXISTS (SELECT 1 FROM bookings b WHERE b.subject_id = s.id"
                            "             AND b.booking_number LIKE ?2 ESCAPE '\\'))"
                            " ORDER BY s.external_id LIMIT ?3 OFFSET ?4;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, gallery_id);
  if (search != NULL && *search != '\0')
    {
      GString *p = g_string_new ("%");
      for (const char *c = search; *c; c++)
        {
          if (*c == '%' || *c == '_' || *c == '\\')
            g_string_append_c (p, '\\');
          g_string_append_c (p, *c);
        }
      g_string_append_c (p, '%');
      pattern = g_string_free (p, FALSE);
    }
  fl_db_bind_text (stmt, 2, pattern);
  sqlite3_bind_int64 (stmt, 3, limit ? (gint64) limit : -1);
  sqlite3_bind_int64 (stmt, 4, offset);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_subject_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, subject_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      fl_db_set_error (db, error, "Cannot read the gallery's subjects");
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* ------------------------------------------------------------------------- */
/* One photo: analysis (any thread) and commit (the writer)                  */

FlEnrollItem *
fl_enroll_item_new (void)
{
  return g_new0 (FlEnrollItem, 1);
}

void
fl_enroll_item_free (FlEnrollItem *item)
{
  if (item == NULL)
    return;
  g_free (item->external_id);
  g_free (item->name);
  g_free (item->date_of_birth);
  g_free (item->sex);
  g_free (item->race);
  g_free (item->cdl);
  g_free (item->main_number);
  g_free (item->sid);
  g_free (item->booking_number);
  g_free (item->booked_on);
  g_free (item->capture_date);
  g_free (item->source_file);
  g_free (item->path);
  g_clear_pointer (&item->bytes, g_bytes_unref);
  g_free (item->hash);
  g_free (item->message);
  g_clear_error (&item->fatal);
  g_free (item);
}

static void
item_set (FlEnrollItem   *item,
          FlImportStatus  status,
          char           *message)
{
  item->status = status;
  g_free (item->message);
  item->message = message;
}

gboolean
fl_enroll_item_read (FlEnrollItem *item)
{
  g_autoptr(GError) error = NULL;

  if (item->bytes == NULL)
    {
      g_autofree char *data = NULL;
      gsize len = 0;

      if (!g_file_get_contents (item->path, &data, &len, &error))
        {
          item_set (item, FL_IMPORT_BAD_FILE,
                    g_strdup_printf ("Cannot read the photo: %s. Check the image column (paths are relative "
                                     "to the manifest's folder).", error->message));
          return FALSE;
        }
      item->bytes = g_bytes_new_take (g_steal_pointer (&data), len);
    }
  if (item->hash == NULL)
    item->hash = fl_sha256_bytes (item->bytes);
  return TRUE;
}

gboolean
fl_enroll_item_known (FlEnrollItem *item,
                      FlDb         *db,
                      gint64        gallery_id)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT 1 FROM subjects s JOIN gallery_images gi"
                                                    " ON gi.subject_id = s.id WHERE s.gallery_id = ?"
                                                    " AND s.external_id = ? AND gi.hash = ?;", NULL);

  if (stmt == NULL || item->hash == NULL || item->external_id == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, gallery_id);
  fl_db_bind_text (stmt, 2, item->external_id);
  fl_db_bind_text (stmt, 3, item->hash);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

void
fl_enroll_item_analyse (FlEnrollItem *item,
                        FlMatcher    *matcher)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlImage) image = NULL;
  g_autoptr(GPtrArray) faces = NULL;
  FlFace *face;

  if (!fl_enroll_item_read (item))
    return;

  image = fl_image_new_from_bytes (item->bytes, &error);
  if (image == NULL)
    {
      item_set (item, FL_IMPORT_BAD_FILE, g_strdup (error->message));
      return;
    }

  /* Gallery photos are frontal booking photos: HOG (with its ×2 upsampled
   * retry) finds them in a tenth of the time the SSD detector takes, so the
   * SSD only runs on the photos where HOG found nothing. */
  faces = fl_matcher_detect (matcher, image, FL_DETECT_NO_SSD, &error);
  if (faces != NULL && faces->len == 0)
    {
      g_ptr_array_unref (faces);
      faces = fl_matcher_detect (matcher, image, FL_DETECT_DEFAULT, &error);
    }
  if (faces == NULL)
    {
      if (g_error_matches (error, FL_ERROR, FL_ERROR_MODEL))
        item->fatal = g_steal_pointer (&error);
      else
        item_set (item, FL_IMPORT_BAD_FILE, g_strdup (error->message));
      return;
    }
  if (faces->len == 0)
    {
      item_set (item, FL_IMPORT_NO_FACE,
                g_strdup ("No face was found in the photo. A gallery photo must show the subject's face "
                          "frontally, at least about 80 pixels wide; use another photo of this subject."));
      return;
    }
  if (faces->len > 1)
    {
      item_set (item, FL_IMPORT_SEVERAL_FACES,
                g_strdup_printf ("The photo shows %u faces; a gallery photo must show only the subject. "
                                 "Crop it to the subject's face and import it again.", faces->len));
      return;
    }

  face = g_ptr_array_index (faces, 0);
  if (!fl_matcher_compute_template (matcher, face, item->template_, &error))
    {
      if (g_error_matches (error, FL_ERROR, FL_ERROR_MODEL))
        item->fatal = g_steal_pointer (&error);
      else
        item_set (item, FL_IMPORT_BAD_FILE, g_strdup (error->message));
      return;
    }
  item->n_landmarks = fl_face_get_landmarks (face, item->landmarks);
  item->detector = fl_detector_to_string (fl_face_get_detector (face));
  item_set (item, FL_IMPORT_ENROLLED, NULL);
}

/* The image is a probe, or an image sent with a request, of some case (R12). */
static gboolean
hash_is_probe (FlDb        *db,
               const char  *hash,
               gboolean    *out_is_probe,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT EXISTS (SELECT 1 FROM probes WHERE hash = ?1)"
                                                    " OR EXISTS (SELECT 1 FROM request_images WHERE hash = ?1);",
                                                error);
  if (stmt == NULL)
    return FALSE;
  fl_db_bind_text (stmt, 1, hash);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return fl_db_set_error (db, error, "Cannot check the photo against the case files");
  *out_is_probe = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

static gboolean
upsert_subject (FlEnrollItem  *item,
                FlDb          *db,
                gint64         gallery_id,
                gint64        *out_subject_id,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (*out_subject_id == 0)
    {
      stmt = fl_db_prepare (db, "INSERT INTO subjects (gallery_id, external_id, name, date_of_birth, sex, race,"
                                " cdl, main_number, sid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, gallery_id);
      fl_db_bind_text (stmt, 2, item->external_id);
      fl_db_bind_text (stmt, 3, item->name ? item->name : "");
    }
  else
    {
      /* A later line of the same person fills in what earlier ones left empty, never overwrites. */
      stmt = fl_db_prepare (db, "UPDATE subjects SET name = CASE WHEN name = '' THEN coalesce (?3, '') ELSE name END,"
                                " date_of_birth = coalesce (date_of_birth, ?4), sex = coalesce (sex, ?5),"
                                " race = coalesce (race, ?6), cdl = coalesce (cdl, ?7),"
                                " main_number = coalesce (main_number, ?8), sid = coalesce (sid, ?9)"
                                " WHERE id = ?1;", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *out_subject_id);
      fl_db_bind_text (stmt, 3, item->name);
    }
  fl_db_bind_text (stmt, 4, item->date_of_birth);
  fl_db_bind_text (stmt, 5, item->sex);
  fl_db_bind_text (stmt, 6, item->race);
  fl_db_bind_text (stmt, 7, item->cdl);
  fl_db_bind_text (stmt, 8, item->main_number);
  fl_db_bind_text (stmt, 9, item->sid);
  if (!fl_db_step_done (db, stmt, error))
    return FALSE;
  if (*out_subject_id == 0)
    *out_subject_id = sqlite3_last_insert_rowid (fl_db_get_handle (db));
  return TRUE;
}

static gboolean
insert_booking (FlEnrollItem  *item,
                FlDb          *db,
                gint64         subject_id,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (item->booking_number == NULL)
    return TRUE;
  stmt = fl_db_prepare (db, "INSERT INTO bookings (subject_id, booking_number, booked_on) VALUES (?, ?, ?)"
                            " ON CONFLICT (subject_id, booking_number) DO UPDATE"
                            " SET booked_on = coalesce (bookings.booked_on, excluded.booked_on);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, subject_id);
  fl_db_bind_text (stmt, 2, item->booking_number);
  fl_db_bind_text (stmt, 3, item->booked_on);
  return fl_db_step_done (db, stmt, error);
}

gboolean
fl_enroll_item_commit (FlEnrollItem  *item,
                       FlDb          *db,
                       FlMatcher     *matcher,
                       const FlActor *actor,
                       gint64         gallery_id,
                       GError       **error)
{
  const char *model_id = fl_matcher_get_model_id (matcher);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *now = NULL;
  gboolean is_probe = FALSE;
  gint64 subject_id = 0;
  gboolean sealed = FALSE;

  g_return_val_if_fail (item->fatal == NULL, FALSE);
  item->gallery_image_id = 0;

  /* R12 before anything else, whatever the photo shows: a probe never enters a gallery. */
  if (item->hash != NULL)
    {
      if (!hash_is_probe (db, item->hash, &is_probe, error))
        return FALSE;
      if (is_probe)
        {
          g_autofree char *gid = g_strdup_printf ("%" G_GINT64_FORMAT, gallery_id);
          g_autofree char *line = g_strdup_printf ("%u", item->line);
          g_autofree char *details = fl_audit_details ("reason", "probe image (R12)", "hash", item->hash,
                                                       "gallery_id", gid, "line", item->line ? line : NULL, NULL);

          item_set (item, FL_IMPORT_PROBE,
                    g_strdup ("This photo is a probe (or an image sent with a request) of a case: probes never "
                              "enter a searchable gallery (R12). Remove it from the manifest."));
          return fl_audit_append (db, actor->user_id, actor->username, "gallery.enroll", 0, "refused", details,
                                  error);
        }
    }
  if (item->status != FL_IMPORT_ENROLLED && item->status != FL_IMPORT_DUPLICATE)
    return TRUE;

  stmt = fl_db_prepare (db, "SELECT id, sealed FROM subjects WHERE gallery_id = ? AND external_id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, gallery_id);
  fl_db_bind_text (stmt, 2, item->external_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      subject_id = sqlite3_column_int64 (stmt, 0);
      sealed = sqlite3_column_int (stmt, 1) != 0;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (sealed)
    {
      item_set (item, FL_IMPORT_SEALED,
                g_strdup ("This subject's record was sealed under a seal/destroy notice (R13): it may not be "
                          "enrolled again. Remove the subject's lines from the manifest."));
      return TRUE;
    }

  if (subject_id != 0)
    {
      stmt = fl_db_prepare (db, "SELECT id FROM gallery_images WHERE subject_id = ? AND hash = ?;", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, subject_id);
      fl_db_bind_text (stmt, 2, item->hash);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          item->gallery_image_id = sqlite3_column_int64 (stmt, 0);
          item_set (item, FL_IMPORT_DUPLICATE,
                    g_strdup ("This subject already has this exact photo (same SHA-256); it was not added twice."));
          return TRUE;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
    }
  if (item->status == FL_IMPORT_DUPLICATE)
    {
      /* Taken for a duplicate without analysis, but it is not one (any more): analyse it now. */
      item_set (item, FL_IMPORT_ENROLLED, NULL);
      fl_enroll_item_analyse (item, matcher);
      if (item->fatal != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&item->fatal));
          return FALSE;
        }
      if (item->status != FL_IMPORT_ENROLLED)
        return TRUE;
    }

  if (!upsert_subject (item, db, gallery_id, &subject_id, error) ||
      !insert_booking (item, db, subject_id, error))
    return FALSE;

  stored = fl_store_put (db, item->bytes, fl_store_sniff_ext (item->bytes), error);
  if (stored == NULL)
    return FALSE;

  now = fl_now_iso8601 ();
  stmt = fl_db_prepare (db, "INSERT INTO gallery_images (subject_id, hash, capture_date, booking_number,"
                            " source_file, detector, added_at) VALUES (?, ?, ?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, subject_id);
  fl_db_bind_text (stmt, 2, stored);
  fl_db_bind_text (stmt, 3, item->capture_date);
  fl_db_bind_text (stmt, 4, item->booking_number);
  fl_db_bind_text (stmt, 5, item->source_file ? item->source_file : "");
  fl_db_bind_text (stmt, 6, item->detector);
  fl_db_bind_text (stmt, 7, now);
  if (!fl_db_step_done (db, stmt, error))
    return FALSE;
  item->gallery_image_id = sqlite3_last_insert_rowid (fl_db_get_handle (db));
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = fl_db_prepare (db, "INSERT INTO templates (gallery_image_id, model, vector, landmarks)"
                            " VALUES (?, ?, ?, ?);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item->gallery_image_id);
  fl_db_bind_text (stmt, 2, model_id);
  sqlite3_bind_blob (stmt, 3, item->template_, sizeof item->template_, SQLITE_TRANSIENT);
  if (item->n_landmarks > 0)
    {
      float points[FL_N_LANDMARKS * 2];
      for (guint i = 0; i < item->n_landmarks; i++)
        {
          points[2 * i] = (float) item->landmarks[i].x;
          points[2 * i + 1] = (float) item->landmarks[i].y;
        }
      sqlite3_bind_blob (stmt, 4, points, (int) (item->n_landmarks * 2 * sizeof (float)), SQLITE_TRANSIENT);
    }
  return fl_db_step_done (db, stmt, error);
}

static gboolean
check_optional_date (const char  *value,
                     const char  *label,
                     GError     **error)
{
  if (value == NULL || *value == '\0' || fl_date_is_valid (value))
    return TRUE;
  g_set_error (error, FL_ERROR, FL_ERROR_INVALID, "The %s “%s” is not a date: write it as YYYY-MM-DD.", label, value);
  return FALSE;
}

static char *
dup_or_null (const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));

  return *t ? g_steal_pointer (&t) : NULL;
}

gint64
fl_gallery_enroll (FlSession             *actor,
                   FlMatcher             *matcher,
                   gint64                 gallery_id,
                   const FlSubjectFields *subject,
                   const char            *booking_number,
                   const char            *booked_on,
                   const char            *capture_date,
                   GBytes                *image,
                   const char            *source_file,
                   GError               **error)
{
  FlDb *db;
  g_autoptr(FlEnrollItem) item = NULL;
  g_autoptr(FlGallery) gallery = NULL;
  FlActor who;
  g_autofree char *details = NULL;
  g_autofree char *gid = NULL;
  g_autofree char *iid = NULL;

  g_return_val_if_fail (subject != NULL && image != NULL, 0);

  if (!fl_require_any_role (actor, FL_ROLE_ADMIN | FL_ROLE_EXAMINER, "gallery.enroll", error))
    return 0;
  db = fl_session_get_db (actor);
  gallery = fl_gallery_get (db, gallery_id, error);
  if (gallery == NULL)
    return 0;
  item = fl_enroll_item_new ();
  item->external_id = dup_or_null (subject->external_id);
  if (item->external_id == NULL)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "Give the subject's id in the source system (external id): it keeps one person's "
                           "photos together and lets a seal/destroy notice find the record.");
      return 0;
    }
  if (!check_optional_date (subject->date_of_birth, "date of birth", error) ||
      !check_optional_date (booked_on, "booking date", error) ||
      !check_optional_date (capture_date, "capture date", error))
    return 0;

  item->name = dup_or_null (subject->name);
  item->date_of_birth = dup_or_null (subject->date_of_birth);
  item->sex = dup_or_null (subject->sex);
  item->race = dup_or_null (subject->race);
  item->cdl = dup_or_null (subject->cdl);
  item->main_number = dup_or_null (subject->main_number);
  item->sid = dup_or_null (subject->sid);
  item->booking_number = dup_or_null (booking_number);
  item->booked_on = dup_or_null (booked_on);
  item->capture_date = dup_or_null (capture_date);
  item->source_file = g_strdup (source_file ? source_file : "");
  item->bytes = g_bytes_ref (image);

  fl_enroll_item_analyse (item, matcher);
  if (item->fatal != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&item->fatal));
      return 0;
    }

  who.user_id = fl_session_get_user_id (actor);
  who.username = (char *) fl_session_get_username (actor);
  if (!fl_db_begin (db, error))
    return 0;
  if (!fl_enroll_item_commit (item, db, matcher, &who, gallery_id, error))
    goto fail;
  if (item->status == FL_IMPORT_ENROLLED)
    {
      gid = g_strdup_printf ("%" G_GINT64_FORMAT, gallery_id);
      iid = g_strdup_printf ("%" G_GINT64_FORMAT, item->gallery_image_id);
      details = fl_audit_details ("gallery_id", gid, "gallery_image_id", iid, "hash", item->hash, NULL);
      if (!fl_session_audit (actor, "gallery.enroll", 0, "success", details, error))
        goto fail;
    }
  /* Committed also when refused: the R12 refusal's audit row must stay. */
  if (!fl_db_commit (db, error))
    goto fail;

  switch (item->status)
    {
    case FL_IMPORT_ENROLLED:
      fl_search_index_refresh (db, db, NULL);
      return item->gallery_image_id;
    case FL_IMPORT_PROBE:
    case FL_IMPORT_SEALED:
      g_set_error_literal (error, FL_ERROR, FL_ERROR_POLICY, item->message);
      return 0;
    case FL_IMPORT_DUPLICATE:
      g_set_error_literal (error, FL_ERROR, FL_ERROR_EXISTS, item->message);
      return 0;
    default:
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, item->message);
      return 0;
    }

fail:
  fl_db_rollback (db);
  return 0;
}

/* ------------------------------------------------------------------------- */
/* Seal/destroy notice (R13)                                                 */

/* TRUE when @hash is still part of another record (a case file, a report, or
 * another subject not sealed): only this subject's use of it is destroyed. */
static gboolean
hash_still_used (FlDb       *db,
                 const char *hash,
                 gint64      subject_id)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db,
    "SELECT EXISTS (SELECT 1 FROM probes WHERE hash = ?1)"
    " OR EXISTS (SELECT 1 FROM request_images WHERE hash = ?1)"
    " OR EXISTS (SELECT 1 FROM reports WHERE hash = ?1)"
    " OR EXISTS (SELECT 1 FROM gallery_images gi JOIN subjects s ON s.id = gi.subject_id"
    "            WHERE gi.hash = ?1 AND gi.subject_id <> ?2 AND s.sealed = 0);", NULL);

  if (stmt == NULL)
    return TRUE;
  fl_db_bind_text (stmt, 1, hash);
  sqlite3_bind_int64 (stmt, 2, subject_id);
  return sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) != 0;
}

/* Hashes of the subject's images still in the content store. */
static GPtrArray *
unpurged_hashes (FlDb     *db,
                 gint64    subject_id,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT DISTINCT gi.hash FROM gallery_images gi"
                                                    " JOIN blobs b ON b.hash = gi.hash"
                                                    " WHERE gi.subject_id = ? AND b.purged_at IS NULL"
                                                    " ORDER BY gi.hash;", error);
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, subject_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (hashes, fl_db_column_dup (stmt, 0));
  return g_steal_pointer (&hashes);
}

static GArray *
template_ids (FlDb     *db,
              gint64    subject_id,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT t.gallery_image_id FROM templates t"
                                                    " JOIN gallery_images gi ON gi.id = t.gallery_image_id"
                                                    " WHERE gi.subject_id = ?;", error);
  GArray *ids;

  if (stmt == NULL)
    return NULL;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_bind_int64 (stmt, 1, subject_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  return ids;
}

static char *
purge_summary (guint        n_templates,
               guint        n_images,
               guint        n_bookings,
               GPtrArray   *to_purge,
               GPtrArray   *kept)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "templates_deleted");
  json_builder_add_int_value (b, n_templates);
  json_builder_set_member_name (b, "images");
  json_builder_add_int_value (b, n_images);
  json_builder_set_member_name (b, "bookings_deleted");
  json_builder_add_int_value (b, n_bookings);
  json_builder_set_member_name (b, "demographics_cleared");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "purged_hashes");
  json_builder_begin_array (b);
  for (guint i = 0; i < to_purge->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (to_purge, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "kept_hashes_in_case_files");
  json_builder_begin_array (b);
  for (guint i = 0; i < kept->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (kept, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* Removes the files; the database already says the subject is sealed. */
static gboolean
purge_files (FlDb       *db,
             GPtrArray  *hashes,
             GError    **error)
{
  guint failed = 0;
  g_autoptr(GError) first = NULL;

  for (guint i = 0; i < hashes->len; i++)
    {
      g_autoptr(GError) local = NULL;
      if (!fl_store_purge (db, g_ptr_array_index (hashes, i), &local))
        {
          failed++;
          if (first == NULL)
            first = g_steal_pointer (&local);
        }
    }
  if (failed > 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_IO,
                   "The record is sealed and excluded from every search, but %u of its %u images could not "
                   "be removed (%s). Fix the problem and enter the same notice again to finish the purge.",
                   failed, hashes->len, first->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
fl_gallery_seal_subject (FlSession   *admin,
                         gint64       subject_id,
                         const char  *notice_ref,
                         const char  *notice_date,
                         GError     **error)
{
  FlDb *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) hashes = NULL;
  g_autoptr(GPtrArray) to_purge = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GArray) tids = NULL;
  g_autoptr(GDateTime) now_dt = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now_dt, "%Y-%m-%d");
  g_autofree char *ref = NULL;
  g_autofree char *now = fl_now_iso8601 ();
  g_autofree char *summary = NULL;
  g_autofree char *details = NULL;
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, subject_id);
  g_autofree char *nid = NULL;
  gboolean already_sealed;
  guint n_images, n_bookings;

  if (!fl_session_require (admin, FL_ROLE_ADMIN, FALSE, "subject.seal", error))
    return FALSE;
  db = fl_session_get_db (admin);

  ref = g_strstrip (g_strdup (notice_ref ? notice_ref : ""));
  if (*ref == '\0')
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "Give the seal/destroy notice's reference (court order or notice number) so the "
                           "purge can be traced to it.");
      return FALSE;
    }
  if (!fl_date_is_valid (notice_date) || strcmp (notice_date, today) > 0)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The notice date “%s” is not a past date: give the date of the notice as YYYY-MM-DD.",
                   notice_date ? notice_date : "");
      return FALSE;
    }

  stmt = fl_db_prepare (db, "SELECT sealed FROM subjects WHERE id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, subject_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "There is no gallery subject %" G_GINT64_FORMAT ": check the id (faceleads-cli gallery list "
                   "shows the galleries; the Gallery page shows subject ids).", subject_id);
      return FALSE;
    }
  already_sealed = sqlite3_column_int (stmt, 0) != 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Out of every search at once, before anything else can fail. */
  fl_search_index_set_sealed (db, subject_id, TRUE);

  if (!fl_db_begin (db, error))
    goto undo_index;

  hashes = unpurged_hashes (db, subject_id, error);
  tids = hashes ? template_ids (db, subject_id, error) : NULL;
  if (tids == NULL)
    goto fail;
  to_purge = g_ptr_array_new_with_free_func (g_free);
  kept = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < hashes->len; i++)
    g_ptr_array_add (hash_still_used (db, g_ptr_array_index (hashes, i), subject_id) ? kept : to_purge,
                     g_strdup (g_ptr_array_index (hashes, i)));

  if (already_sealed)
    {
      /* Finishing an earlier notice whose file removal failed: nothing else changes. */
      details = fl_audit_details ("subject_id", sid, "notice_ref", ref, "step", "finish purge", NULL);
      if (!fl_session_audit (admin, "subject.seal", 0, "success", details, error) || !fl_db_commit (db, error))
        goto fail;
      return purge_files (db, to_purge, error);
    }

  {
    g_autoptr(sqlite3_stmt) count = fl_db_prepare (db, "SELECT (SELECT count(*) FROM gallery_images WHERE subject_id = ?1),"
                                                       " (SELECT count(*) FROM bookings WHERE subject_id = ?1);", error);
    if (count == NULL)
      goto fail;
    sqlite3_bind_int64 (count, 1, subject_id);
    if (sqlite3_step (count) != SQLITE_ROW)
      goto fail;
    n_images = (guint) sqlite3_column_int (count, 0);
    n_bookings = (guint) sqlite3_column_int (count, 1);
  }

  {
    static const char * const purge_sql[] = {
      "DELETE FROM templates WHERE gallery_image_id IN (SELECT id FROM gallery_images WHERE subject_id = ?1);",
      "DELETE FROM bookings WHERE subject_id = ?1;",
      /* The rows stay (past searches' candidates point at them); what they said about the person goes. */
      "UPDATE gallery_images SET capture_date = NULL, booking_number = NULL, source_file = '' WHERE subject_id = ?1;",
      "UPDATE subjects SET sealed = 1, purged = 1, name = '', date_of_birth = NULL, sex = NULL, race = NULL,"
      " cdl = NULL, main_number = NULL, sid = NULL WHERE id = ?1;",
    };
    for (guint i = 0; i < G_N_ELEMENTS (purge_sql); i++)
      {
        g_autoptr(sqlite3_stmt) s = fl_db_prepare (db, purge_sql[i], error);
        if (s == NULL)
          goto fail;
        sqlite3_bind_int64 (s, 1, subject_id);
        if (!fl_db_step_done (db, s, error))
          goto fail;
      }
  }

  summary = purge_summary (tids->len, n_images, n_bookings, to_purge, kept);
  stmt = fl_db_prepare (db, "INSERT INTO seal_notices (scope, target_id, notice_ref, notice_date, entered_by,"
                            " entered_at, purged_summary) VALUES ('subject', ?, ?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, subject_id);
  fl_db_bind_text (stmt, 2, ref);
  fl_db_bind_text (stmt, 3, notice_date);
  sqlite3_bind_int64 (stmt, 4, fl_session_get_user_id (admin));
  fl_db_bind_text (stmt, 5, now);
  fl_db_bind_text (stmt, 6, summary);
  if (!fl_db_step_done (db, stmt, error))
    goto fail;
  nid = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_last_insert_rowid (fl_db_get_handle (db)));

  {
    g_autofree char *n_t = g_strdup_printf ("%u", tids->len);
    g_autofree char *n_p = g_strdup_printf ("%u", to_purge->len);
    details = fl_audit_details ("subject_id", sid, "notice_ref", ref, "notice_date", notice_date,
                                "seal_notice_id", nid, "templates_deleted", n_t, "images_purged", n_p, NULL);
  }
  if (!fl_session_audit (admin, "subject.seal", 0, "success", details, error) || !fl_db_commit (db, error))
    goto fail;

  fl_search_index_remove (db, (const gint64 *) (gpointer) tids->data, tids->len);
  return purge_files (db, to_purge, error);

fail:
  fl_db_rollback (db);
undo_index:
  if (!already_sealed)
    fl_search_index_set_sealed (db, subject_id, FALSE);
  return FALSE;
}
