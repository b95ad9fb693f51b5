/* fl-review-private.h: what fl-review.c and fl-peer-review.c share */
#pragma once

#include "fl-case.h"
#include "fl-review.h"

G_BEGIN_DECLS

/* A candidate with its search and case. */
typedef struct
{
  gint64       candidate_id;
  gint64       search_id;
  gint64       case_id;
  gint64       case_examiner_id;     /* 0 when unassigned */
  gint64       searched_probe_id;
  gint64       original_probe_id;    /* root of the searched probe's enhancement chain */
  char        *fr_number;
  char        *image_hash;           /* NULL when purged */
  FlCaseState  case_state;
  gboolean     case_sealed;
  gboolean     record_sealed;        /* the gallery record is sealed or purged (R13) */
} FlReviewTarget;

void     fl_review_target_clear (FlReviewTarget *target);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FlReviewTarget, fl_review_target_clear)
gboolean fl_review_target_load  (FlDb           *db,
                                 gint64          candidate_id,
                                 FlReviewTarget *target,
                                 GError        **error);

/* The root (parent_id IS NULL) of @probe_id's enhancement chain, or 0. */
gint64   fl_review_original_probe (FlDb         *db,
                                   gint64        probe_id);

/* Audits a refusal of @what ("refused", with @reason) and sets @error. Returns FALSE. */
gboolean fl_review_refuse       (FlSession      *session,
                                 const char     *what,
                                 gint64          case_id,
                                 const char     *reason,
                                 FlError         code,
                                 GError        **error,
                                 const char     *format,
                                 ...) G_GNUC_PRINTF (7, 8);

/* Before a conclusion of @examiner_id is saved: the original probe was viewed;
 * when @need_complete or for a possible lead, the checklist is complete; a
 * possible lead also needs one "similar" feature and an unsealed record.
 * Refusals are audited as @what. */
gboolean fl_review_check_ready  (FlSession            *session,
                                 const char           *what,
                                 const FlReviewTarget *target,
                                 FlConclusion          conclusion,
                                 gboolean              need_complete,
                                 GError              **error);

/* Upserts a conclusions row (inside the caller's transaction). */
gboolean fl_review_save_conclusion (FlDb         *db,
                                    gint64        candidate_id,
                                    gint64        examiner_id,
                                    FlConclusion  conclusion,
                                    const char   *note,
                                    GError      **error);

/* "eyes: similar; ears: not_assessable; …" for the audit trail. */
char    *fl_review_checklist_summary (FlDb   *db,
                                      gint64  candidate_id,
                                      gint64  examiner_id);

/* The conclusion (FL_CONCLUSION_NONE when none) of one examiner, or -1 on error. */
int      fl_review_conclusion_of (FlDb    *db,
                                  gint64   candidate_id,
                                  gint64   examiner_id,
                                  GError **error);

FlReviewOpinion *fl_review_opinion_load (FlDb    *db,
                                         gint64   candidate_id,
                                         gint64   examiner_id,
                                         GError **error);

G_END_DECLS
