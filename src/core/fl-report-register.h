/* fl-report-register.h: the issued reports a person may see, with their
 * releases and the lead's latest outcome (the application's Reports section)
 *
 * Who sees what:
 *   records staff and administrators: every report;
 *   examiners: reports of the cases assigned to them and those they issued;
 *   requesters: reports of cases opened from their own requests.
 * A person with several roles sees the union.
 */
#pragma once

#include "fl-dissemination.h"
#include "fl-report.h"

G_BEGIN_DECLS

typedef struct
{
  FlReportInfo *report;
  char         *fr_number;
  char         *agency_case_number;
  char         *requesting_agency;
  gint64        requester_id;       /* the account that submitted the request */
  gboolean      sealed;             /* the case is sealed: no preview, print or release */
  guint         release_count;
  char         *last_released_at;   /* ISO 8601 UTC, NULL when never released */
  gboolean      has_outcome;
  FlOutcome     outcome;            /* the lead's newest outcome, when has_outcome */
} FlReportEntry;

void fl_report_entry_free (FlReportEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlReportEntry, fl_report_entry_free)

/* Newest first. @search (may be NULL) matches part of the report ID, the FR
 * number or the agency case number, case-insensitively. @limit 0: all.
 * Array of FlReportEntry. */
GPtrArray     *fl_report_register_list  (FlSession   *session,
                                         const char  *search,
                                         guint        limit,
                                         guint        offset,
                                         GError     **error);
/* One entry, if @session may see it (else FL_ERROR_DENIED, audited as "report.view"). */
FlReportEntry *fl_report_register_get   (FlSession   *session,
                                         gint64       report_id,
                                         GError     **error);
/* The stored PDF for a preview, checked against its recorded SHA-256.
 * Refused for a sealed case (R13) or someone who may not see it; audited as
 * "report.view". */
GBytes        *fl_report_register_read  (FlSession   *session,
                                         gint64       report_id,
                                         GError     **error);
/* Records that the report was printed (@copies: how many the person asked
 * for), audited as "report.print"; refused like fl_report_register_read(). */
gboolean       fl_report_register_printed (FlSession *session,
                                           gint64     report_id,
                                           int        copies,
                                           GError   **error);

G_END_DECLS
