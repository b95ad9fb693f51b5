/* fl-search.h: the 1:N search of a probe against the galleries (R1, R13, R14, R16)
 *
 * One exact in-memory index (fl-index.h) per database, loaded from the
 * templates table on first use and brought up to date before every search
 * (new templates from imports, also by another process; sealed subjects).
 * Sealed subjects are excluded at once and never returned.
 *
 * fl_search_run() refuses (audited "search.run", outcome "refused"):
 *  - anyone but an examiner with current training (R1);
 *  - a case that does not exist, is sealed, is not assigned to the examiner,
 *    or is not in intake, searching or review (a case exists only for an
 *    accepted request: the request's state is checked too);
 *  - a probe of another case, or one without a suitability judgement (R11);
 *    a probe judged unsuitable only when the examiner recorded the reason
 *    with the judgement (probes.suitability_reason);
 *  - an empty justification or no gallery.
 * Every search that runs is logged, repeats included (R14): date and time,
 * examiner, case, incident type and purpose from the request, the galleries'
 * names, matcher version and model id, K, templates scanned, candidates
 * returned, blind mode. The case moves to "review" when there are candidates.
 *
 * A candidate is an investigative lead only, never an identification (R18).
 */
#pragma once

#include <gio/gio.h>

#include "fl-accounts.h"
#include "fl-matcher.h"

G_BEGIN_DECLS

/* The detector settings used on probes: a UI listing a probe's faces for
 * FlSearchParams.face_index must detect with these flags. */
#define FL_SEARCH_DETECT_FLAGS FL_DETECT_DEFAULT

#define FL_SEARCH_JUSTIFICATION_MIN_CHARS 10
/* The largest candidate list (the candidate_list_size setting's upper bound). */
#define FL_SEARCH_MAX_K 500

typedef enum
{
  FL_SEARCH_BLIND_DEFAULT,  /* the unit's blind_mode_default setting */
  FL_SEARCH_BLIND_ON,
  FL_SEARCH_BLIND_OFF,
} FlSearchBlind;

typedef struct
{
  gint64         case_id;
  gint64         probe_id;
  const gint64  *gallery_ids;
  guint          n_gallery_ids;
  guint          k;              /* candidate list size; 0 = the unit's candidate_list_size */
  const char    *justification;  /* why this search (R23) */
  int            face_index;     /* which detected face (0 = largest), -1 = the only face, or
                                    the eye points the examiner placed (probes.eye_points) */
  FlSearchBlind  blind;
} FlSearchParams;

/* Search stages for a progress bar: fraction 0…1 and what is happening. */
typedef void (*FlSearchProgress) (double      fraction,
                                  const char *stage,
                                  gpointer    user_data);

/* The process's shared matcher (models load once, on first use). Returns a new reference. */
FlMatcher *fl_search_get_matcher (GError              **error);

/* Runs a search; returns the search id, or 0 with an error (FL_ERROR_DENIED,
 * FL_ERROR_POLICY, FL_ERROR_INVALID, FL_ERROR_NOT_FOUND, FL_ERROR_CANCELLED, …). */
gint64     fl_search_run         (FlSession            *examiner,
                                  const FlSearchParams *params,
                                  FlSearchProgress      progress,
                                  gpointer              progress_data,
                                  GCancellable         *cancellable,
                                  GError              **error);
/* The same with the matcher and the scan in a worker thread; the policy
 * checks run before this returns (a refusal is reported through @callback).
 * @progress is called in the caller's thread-default main context. */
void       fl_search_run_async   (FlSession            *examiner,
                                  const FlSearchParams *params,
                                  FlSearchProgress      progress,
                                  gpointer              progress_data,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gint64     fl_search_run_finish  (GAsyncResult         *result,
                                  GError              **error);

/* One logged search (R14). */
typedef struct
{
  gint64   id;
  gint64   case_id;
  char    *fr_number;
  gint64   probe_id;
  gint64   examiner_id;
  char    *examiner_name;
  char    *started_at;         /* ISO 8601 UTC */
  char    *incident_type;
  char    *purpose;
  char    *justification;
  char    *galleries;          /* names, "; "-separated */
  char    *matcher_version;
  char    *model_id;
  guint    k;
  gint64   templates_scanned;
  guint    candidate_count;
  gboolean blind;
} FlSearchInfo;

void fl_search_info_free (FlSearchInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlSearchInfo, fl_search_info_free)

/* Examiners, records staff and administrators (FL_ERROR_DENIED otherwise). */
FlSearchInfo *fl_search_get           (FlSession   *session,
                                       gint64       search_id,
                                       GError     **error);
/* The searches of a case, oldest first. */
GPtrArray    *fl_search_list_for_case (FlSession   *session,
                                       gint64       case_id,
                                       GError     **error);

/* One candidate for the review page. In a blind list, @rank is -1 and @score
 * NAN, and the list is in @blind_order (a shuffle fixed at search time);
 * otherwise by rank. A sealed subject's candidate keeps only its ids. */
typedef struct
{
  gint64   id;                 /* candidates row */
  gint64   search_id;
  int      rank;               /* 1 = highest score; -1 in a blind list */
  double   score;              /* cosine similarity; NAN in a blind list */
  int      blind_order;        /* 1… : the order shown in blind review */
  gint64   gallery_image_id;
  gint64   subject_id;
  gint64   gallery_id;
  char    *gallery_name;
  char    *image_hash;         /* NULL when the image was purged */
  char    *capture_date;
  char    *external_id;
  char    *name;
  char    *date_of_birth;
  char    *sex;
  char    *race;
  char    *cdl;
  char    *main_number;
  char    *sid;
  char    *booking_number;     /* the most recent booking */
  gboolean sealed;
} FlCandidate;

void fl_candidate_free (FlCandidate *candidate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlCandidate, fl_candidate_free)

/* Examiners, records staff and administrators. Returns an array of FlCandidate. */
GPtrArray *fl_search_list_candidates (FlSession   *session,
                                      gint64       search_id,
                                      gboolean     blind,
                                      GError     **error);

/* Brings @db's index up to date with the templates table now (imports by
 * another process, seals); searches do this themselves. */
gboolean   fl_search_refresh         (FlDb        *db,
                                      GError     **error);

G_END_DECLS
