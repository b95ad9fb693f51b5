/* fl-gallery-private.h: pieces shared by fl-gallery.c, fl-gallery-import.c and fl-search.c */
#pragma once

#include "fl-gallery.h"
#include "fl-index.h"

G_BEGIN_DECLS

/* The person acting, kept as plain values so that work in another thread
 * (with its own database connection) is still attributed to them. */
typedef struct
{
  gint64  user_id;
  char   *username;
} FlActor;

/* One photo on its way into a gallery: filled by fl_enroll_item_analyse()
 * (any thread), then written by fl_enroll_item_commit() (the writing thread). */
typedef struct
{
  /* what the manifest line or the caller gave (owned strings) */
  char           *external_id;
  char           *name;
  char           *date_of_birth;
  char           *sex;
  char           *race;
  char           *cdl;
  char           *main_number;
  char           *sid;
  char           *booking_number;
  char           *booked_on;
  char           *capture_date;
  char           *source_file;   /* as written in the manifest */
  char           *path;          /* the file to read (NULL when @bytes is given) */
  guint           line;

  /* the analysis */
  GBytes         *bytes;
  char           *hash;
  FlImportStatus  status;
  char           *message;
  float           template_[FL_TEMPLATE_LENGTH];
  FlPoint         landmarks[FL_N_LANDMARKS];
  guint           n_landmarks;
  const char     *detector;
  GError         *fatal;         /* the matcher itself failed (missing model): stop the import */

  /* the result of the commit */
  gint64          gallery_image_id;

  /* the importer's bookkeeping */
  guint           seq;           /* dispatch order: results are committed in manifest order */
  gboolean        skipped;       /* not analysed (cancelled): not recorded, done by the next run */
} FlEnrollItem;

FlEnrollItem *fl_enroll_item_new      (void);
void          fl_enroll_item_free     (FlEnrollItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlEnrollItem, fl_enroll_item_free)

/* Reads the file (unless @bytes is set) and hashes it; FALSE (status
 * bad_file) when it cannot be read. Thread-safe. */
gboolean      fl_enroll_item_read     (FlEnrollItem *item);
/* Reads and hashes the photo when not done yet, finds the face and computes
 * the template; sets @status (and @message unless enrolled). Thread-safe:
 * touches no database. */
void          fl_enroll_item_analyse  (FlEnrollItem *item,
                                       FlMatcher    *matcher);
/* TRUE when the gallery's subject @external_id already has a photo with this
 * hash (read through @db, e.g. a worker's own connection). */
gboolean      fl_enroll_item_known    (FlEnrollItem *item,
                                       FlDb         *db,
                                       gint64        gallery_id);

/* Inside the caller's transaction on @db: refuses probes (R12, audited) and
 * sealed subjects, finds duplicates, else stores the image, the subject, its
 * booking, the gallery image and the template. Sets @status, @message and
 * @gallery_image_id. An item a worker took for a duplicate (status
 * duplicate, not analysed) that is not one after all is analysed here with
 * @matcher. FALSE only when the database, the disk or the matcher failed. */
gboolean      fl_enroll_item_commit   (FlEnrollItem  *item,
                                       FlDb          *db,
                                       FlMatcher     *matcher,
                                       const FlActor *actor,
                                       gint64         gallery_id,
                                       GError       **error);

/* The person must hold at least one of @any_of (re-read now) and be active;
 * else FL_ERROR_DENIED and a "refused" audit row for @what. */
gboolean      fl_require_any_role     (FlSession    *session,
                                       FlRoles       any_of,
                                       const char   *what,
                                       GError      **error);

gboolean      fl_date_is_valid        (const char   *text);

/* The search index of @owner (one per database, fl-search.c). */
/* Loads it on first use, else adds templates committed since, and marks
 * subjects sealed since; reads through @reader (a connection to the same
 * database, possibly @owner). Returns a new reference. */
FlIndex      *fl_search_index_sync    (FlDb         *owner,
                                       FlDb         *reader,
                                       GError      **error);
/* The same only when the index is already loaded (after an import batch). */
gboolean      fl_search_index_refresh (FlDb         *owner,
                                       FlDb         *reader,
                                       GError      **error);
/* Excludes the subject from every search at once (before the database
 * transaction), or undoes that when the transaction failed. */
void          fl_search_index_set_sealed (FlDb      *owner,
                                          gint64     subject_id,
                                          gboolean   sealed);
/* Drops templates that a seal deleted. */
void          fl_search_index_remove  (FlDb         *owner,
                                       const gint64 *template_ids,
                                       guint         n);

G_END_DECLS
