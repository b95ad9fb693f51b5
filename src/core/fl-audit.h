/* fl-audit.h: the append-only, hash-chained audit trail (R22) */
#pragma once

#include "fl-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  rows;          /* rows checked */
  gint64  first_bad_id;  /* 0 when the chain is intact */
  char   *problem;       /* what is wrong with that row, NULL when intact */
} FlAuditVerdict;

void      fl_audit_verdict_clear (FlAuditVerdict *verdict);

/* Appends one row. user_id 0 means no signed-in person (e.g. a failed login
 * for an unknown name); details_json may be NULL for "{}". Works inside or
 * outside the caller's transaction. */
gboolean  fl_audit_append        (FlDb           *db,
                                  gint64          user_id,
                                  const char     *username,
                                  const char     *action,
                                  gint64          case_id,
                                  const char     *outcome,
                                  const char     *details_json,
                                  GError        **error);

/* Builds a JSON object from NULL-terminated key/value string pairs. */
char     *fl_audit_details       (const char     *first_key,
                                  ...) G_GNUC_NULL_TERMINATED;

/* Walks the whole chain. Returns FALSE only when it could not be read;
 * a broken chain is reported in @verdict. */
gboolean  fl_audit_verify        (FlDb           *db,
                                  FlAuditVerdict *verdict,
                                  GError        **error);

G_END_DECLS
