/* fl-seal.h: seal/destroy notices (R13)
 *
 * A notice names a court or agency order by its reference and date. For a
 * case, FaceLeads purges the case's images (original and enhanced probes,
 * the request's images, the reports' PDFs) from the image store, keeps every
 * row (so the audit trail still resolves) and marks the case sealed. The
 * notice row keeps the reference, the date and a summary of what was purged:
 * counts and SHA-256 hashes, never names or other personal data.
 * Gallery subjects are sealed by the gallery module (scope "subject"); the
 * listing below returns both kinds.
 */
#pragma once

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_SEAL_SCOPE_CASE    "case"
#define FL_SEAL_SCOPE_SUBJECT "subject"

typedef struct
{
  gint64  id;
  char   *scope;           /* FL_SEAL_SCOPE_CASE or FL_SEAL_SCOPE_SUBJECT */
  gint64  target_id;       /* cases.id or subjects.id */
  char   *target_label;    /* "FR-2026-0012", or "<gallery>, subject #17" */
  char   *notice_ref;
  char   *notice_date;     /* YYYY-MM-DD */
  gint64  entered_by;
  char   *entered_by_name; /* username */
  char   *entered_at;      /* ISO 8601 UTC */
  char   *purged_summary;  /* JSON object: counts and hashes */
} FlSealNotice;

void          fl_seal_notice_free   (FlSealNotice *notice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlSealNotice, fl_seal_notice_free)

/* Administrators only; audited as "case.seal". @notice_date is YYYY-MM-DD,
 * not in the future. An image that another case or a gallery also uses is
 * kept (and counted as kept_shared). Returns the notice id, 0 on error. */
gint64        fl_seal_case          (FlSession   *admin,
                                     gint64       case_id,
                                     const char  *notice_ref,
                                     const char  *notice_date,
                                     GError     **error);

/* Notices, newest first; @scope NULL for both kinds. Element type FlSealNotice. */
GPtrArray    *fl_seal_notices_list  (FlDb        *db,
                                     const char  *scope,
                                     GError     **error);
/* The notice on one record, or NULL (without error) when it is not sealed. */
FlSealNotice *fl_seal_notice_lookup (FlDb        *db,
                                     const char  *scope,
                                     gint64       target_id,
                                     GError     **error);

G_END_DECLS
