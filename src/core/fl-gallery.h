/* fl-gallery.h: the searchable galleries of lawfully obtained records (R12, R13)
 *
 * A gallery (e.g. "County booking photos 2010–2024") names where its records
 * come from (provenance) and the law or agreement under which the unit holds
 * them (lawful basis); both are required. A subject is one person's record in
 * one gallery, keyed by the source system's id (external_id), with
 * demographics, booking numbers and one or more photos. Each photo with
 * exactly one detectable face gets a face template; galleries stay separate
 * and every search names the galleries it scanned.
 *
 * Who may do what (re-checked on every call, refusals audited):
 *  - create a gallery, import or enrol photos: an administrator or an
 *    examiner (training is not needed to load records; it is needed to search);
 *  - read subjects: examiners, records staff and administrators;
 *  - seal a subject (seal/destroy notice): an administrator only.
 *
 * Probes never enter a gallery (R12): an image whose SHA-256 is that of a
 * probe or of a request image in any case is refused and the refusal audited.
 *
 * Sealing (R13) excludes the subject from every search at once, deletes its
 * templates, purges its images from the content store (unless the same file
 * is also part of a case file, which is another record), clears its
 * demographics and bookings, and records the notice with counts and hashes
 * only. The subject row stays as a tombstone (id, gallery, external id,
 * sealed) so past searches still resolve and the record cannot be re-imported.
 */
#pragma once

#include <gio/gio.h>

#include "fl-accounts.h"
#include "fl-matcher.h"

G_BEGIN_DECLS

#define FL_GALLERY_NAME_MAX   120
#define FL_GALLERY_TEXT_MAX   2000
/* Provenance and lawful basis must say something: at least this many characters. */
#define FL_GALLERY_TEXT_MIN   10

typedef struct
{
  gint64  id;
  char   *name;
  char   *provenance;     /* where the records come from */
  char   *lawful_basis;   /* the law or agreement the unit holds them under */
  gint64  created_by;
  char   *created_at;
  gint64  n_subjects;     /* subjects not sealed */
  gint64  n_sealed;       /* sealed subjects */
  gint64  n_templates;    /* searchable photos */
} FlGallery;

void fl_gallery_free (FlGallery *gallery);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlGallery, fl_gallery_free)

/* The fields of a subject as a manifest line or the Gallery page gives them.
 * Dates are YYYY-MM-DD; NULL or "" means unknown. */
typedef struct
{
  const char *external_id;    /* required: the source system's record id */
  const char *name;
  const char *date_of_birth;
  const char *sex;
  const char *race;
  const char *cdl;            /* driver licence number */
  const char *main_number;    /* MAIN # */
  const char *sid;            /* state identification number */
} FlSubjectFields;

typedef struct
{
  char *booking_number;
  char *booked_on;            /* YYYY-MM-DD or NULL */
} FlBooking;

typedef struct
{
  gint64   id;                /* gallery_images id (= template id in the search index) */
  char    *hash;              /* SHA-256 in the content store */
  char    *capture_date;
  char    *booking_number;
  char    *source_file;       /* the file name it was imported from */
  char    *detector;          /* "hog", "hog-upsampled", "ssd" */
  char    *added_at;
  gboolean purged;            /* removed under a seal/destroy notice */
} FlGalleryImage;

typedef struct
{
  gint64     id;
  gint64     gallery_id;
  char      *gallery_name;
  char      *external_id;
  char      *name;
  char      *date_of_birth;
  char      *sex;
  char      *race;
  char      *cdl;
  char      *main_number;
  char      *sid;
  gboolean   sealed;
  GPtrArray *bookings;        /* of FlBooking, most recent first */
  GPtrArray *images;          /* of FlGalleryImage, most recent capture first */
} FlSubject;

void fl_booking_free (FlBooking *booking);
void fl_gallery_image_free (FlGalleryImage *image);
void fl_subject_free (FlSubject *subject);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlSubject, fl_subject_free)

/* Galleries. Names are unique; provenance and lawful basis are required. Audited "gallery.create". */
gint64      fl_gallery_create        (FlSession   *actor,
                                      const char  *name,
                                      const char  *provenance,
                                      const char  *lawful_basis,
                                      GError     **error);
/* Every gallery with its counts, by name. Gallery names, provenance and counts hold no personal data. */
GPtrArray  *fl_gallery_list          (FlDb        *db,
                                      GError     **error);
FlGallery  *fl_gallery_get           (FlDb        *db,
                                      gint64       gallery_id,
                                      GError     **error);
/* The id of the gallery called @name, or 0 with FL_ERROR_NOT_FOUND listing the galleries. */
gint64      fl_gallery_lookup        (FlDb        *db,
                                      const char  *name,
                                      GError     **error);

/* Subjects (personal data: examiners, records staff and administrators only). */
FlSubject  *fl_gallery_get_subject   (FlSession   *session,
                                      gint64       subject_id,
                                      GError     **error);
/* Subjects of a gallery by external id, without images; @search matches the
 * external id, name, CDL, MAIN #, SID or a booking number (case-insensitive). */
GPtrArray  *fl_gallery_list_subjects (FlSession   *session,
                                      gint64       gallery_id,
                                      const char  *search,
                                      guint        limit,
                                      guint        offset,
                                      GError     **error);

/* Enrols one photo of a subject (creating the subject when new, filling in
 * fields it did not have yet). The photo must show exactly one face. Returns
 * the gallery image id; FL_ERROR_POLICY for a probe (R12) or a sealed subject,
 * FL_ERROR_EXISTS when this subject already has this photo, FL_ERROR_INVALID
 * for a bad file, no face or several faces. Audited "gallery.enroll". */
gint64      fl_gallery_enroll        (FlSession             *actor,
                                      FlMatcher             *matcher,
                                      gint64                 gallery_id,
                                      const FlSubjectFields *subject,
                                      const char            *booking_number,
                                      const char            *booked_on,
                                      const char            *capture_date,
                                      GBytes                *image,
                                      const char            *source_file,
                                      GError               **error);

/* The seal/destroy notice (R13): administrators only. @notice_date is
 * YYYY-MM-DD, not in the future. Running it again for a sealed subject
 * finishes purging images a previous run could not remove. */
gboolean    fl_gallery_seal_subject  (FlSession   *admin,
                                      gint64       subject_id,
                                      const char  *notice_ref,
                                      const char  *notice_date,
                                      GError     **error);

/* ---------------------------------------------------------------------------------
 * Import from a CSV manifest (fl-gallery-import.c)
 *
 * The manifest is UTF-8 CSV (RFC 4180: commas, double quotes around fields
 * that hold commas, quotes or line breaks, "" for a quote) with a header row.
 * Columns, in any order (names are case-insensitive; unknown names are refused,
 * unnamed ones ignored):
 *   subject_id      required  the source system's record id of the person
 *   image           required  photo file, relative to the manifest's folder (or absolute)
 *   name, date_of_birth, sex, race, cdl, main_number, sid      demographics
 *   booking_number, booked_on                                   the booking the photo belongs to
 *   capture_date                                                when the photo was taken
 * Dates are YYYY-MM-DD. Several lines may name the same subject_id (several
 * photos); demographics are taken from the first line that gives them.
 *
 * Every data line ends in exactly one import item with a status (below) and,
 * unless enrolled, a message: nothing is dropped silently. An import is keyed
 * by gallery + the manifest's SHA-256: running the same manifest again (after a
 * crash, kill or cancel) skips the lines already recorded and finishes the rest.
 * --------------------------------------------------------------------------------- */

typedef enum
{
  FL_IMPORT_ENROLLED,       /* one face: template stored, searchable */
  FL_IMPORT_DUPLICATE,      /* this subject already has this exact photo */
  FL_IMPORT_NO_FACE,
  FL_IMPORT_SEVERAL_FACES,
  FL_IMPORT_BAD_FILE,       /* missing, unreadable, not an image, damaged */
  FL_IMPORT_BAD_ROW,        /* the manifest line is malformed */
  FL_IMPORT_PROBE,          /* the photo is a probe of a case: refused (R12) */
  FL_IMPORT_SEALED,         /* the subject was sealed: refused (R13) */
} FlImportStatus;

#define FL_IMPORT_N_STATUS (FL_IMPORT_SEALED + 1)

const char *fl_import_status_to_string (FlImportStatus status);  /* as stored: "no_face", … */
const char *fl_import_status_label     (FlImportStatus status);  /* "No face found", … */

typedef struct
{
  guint           line;     /* line of the manifest where the record starts (1 = header) */
  char           *file;     /* the image column as written */
  FlImportStatus  status;
  char           *message;  /* what is wrong and what to do */
} FlImportProblem;

typedef struct
{
  gint64     import_id;
  gint64     gallery_id;
  char      *gallery_name;
  char      *manifest_hash;
  guint      total;                        /* data lines in the manifest */
  guint      counts[FL_IMPORT_N_STATUS];   /* every line recorded so far, this run and earlier ones */
  guint      done_this_run;                /* lines processed by this run */
  guint      resumed_from;                 /* lines already recorded when this run started */
  gboolean   complete;                     /* every line is recorded */
  double     seconds;                      /* this run's wall time */
  GPtrArray *problems;                     /* of FlImportProblem: every line not enrolled, by line */
} FlImportReport;

void fl_import_report_free (FlImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlImportReport, fl_import_report_free)

/* Lines recorded out of the manifest's data lines; called from the importing thread. */
typedef void (*FlImportProgress) (guint    done,
                                  guint    total,
                                  gpointer user_data);

typedef struct
{
  gint64            gallery_id;     /* the gallery to import into … */
  const char       *gallery_name;   /* … or its name (when gallery_id is 0) */
  const char       *provenance;     /* with lawful_basis: create the named gallery when it does not exist */
  const char       *lawful_basis;
  const char       *manifest_path;
  guint             n_workers;      /* matcher threads; 0 = one per core */
  guint             batch_size;     /* items per transaction; 0 = 50 */
  FlImportProgress  progress;
  gpointer          progress_data;
} FlImportOptions;

/* Runs (or resumes) an import. Returns the report — also when some lines
 * were refused — or NULL with an error: FL_ERROR_CANCELLED when
 * @cancellable fired (what was done is kept: run it again to finish),
 * FL_ERROR_DENIED, FL_ERROR_NOT_FOUND (gallery or manifest), FL_ERROR_INVALID
 * (header row), FL_ERROR_IO / FL_ERROR_DATABASE. Audited "gallery.import". */
FlImportReport *fl_gallery_import        (FlSession              *actor,
                                          FlMatcher              *matcher,
                                          const FlImportOptions  *options,
                                          GCancellable           *cancellable,
                                          GError                **error);
/* The same in a worker thread with its own database connection; @progress is
 * called in the thread-default main context of the caller. The options'
 * strings are copied. */
void            fl_gallery_import_async  (FlSession              *actor,
                                          FlMatcher              *matcher,
                                          const FlImportOptions  *options,
                                          GCancellable           *cancellable,
                                          GAsyncReadyCallback     callback,
                                          gpointer                user_data);
FlImportReport *fl_gallery_import_finish (GAsyncResult           *result,
                                          GError                **error);
/* The report of an earlier import (e.g. to show after a restart). */
FlImportReport *fl_gallery_import_get_report (FlDb              *db,
                                              gint64             import_id,
                                              GError           **error);

G_END_DECLS
