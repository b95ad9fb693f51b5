/* fl-request-private.h: pieces shared by the request and case files */
#pragma once

#include "fl-case.h"
#include "fl-request.h"

G_BEGIN_DECLS

/* How much of the request/case records a person may read. */
typedef enum
{
  FL_READ_OWN,   /* a requester: only what they submitted */
  FL_READ_ALL,   /* examiners, records staff, administrators */
} FlReadScope;

/* Re-reads the person's roles (a change by an administrator applies at once).
 * FALSE with FL_ERROR_DENIED, audited as @what, for an inactive account or
 * one without any role that reads requests. */
gboolean  fl_read_scope_get  (FlSession    *session,
                              const char   *what,
                              FlReadScope  *out_scope,
                              GError      **error);

/* The stored request with its images (no access check). */
FlRequest *fl_request_load   (FlDb         *db,
                              gint64        request_id,
                              GError      **error);

/* Inside the caller's transaction: inserts the case for an accepted request,
 * with the next FR number of the current year. */
gint64    fl_case_open       (FlDb         *db,
                              gint64        request_id,
                              gint64        examiner_id,
                              char        **out_fr_number,
                              GError      **error);

G_END_DECLS
