/* fl-test-report-case.h: a case with an issued lead report, for the release,
 * outcome and Reports-section tests. The steps before the report (request,
 * probe, search, conclusion, peer review) are written straight into the
 * database; the report itself is issued by the examiner with
 * fl_report_create(), so its PDF is the real one. */
#pragma once

#include "fl-test-core.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  request_id;
  gint64  case_id;
  gint64  candidate_id;
  gint64  report_id;
  char   *uid;         /* "<FR number>-R1" */
  char   *hash;        /* the PDF's SHA-256 */
} FlTestReportCase;

void fl_test_report_case_clear (FlTestReportCase *c);

/* Case @fr_number, requested by @requester_id, examined by the unit's
 * examiner "ella", with a lead report issued by her. Uses photos from the
 * shared test faces when present, else drawn faces. */
void fl_test_report_case_build (FlTestUnit       *unit,
                                const char       *fr_number,
                                gint64            requester_id,
                                FlTestReportCase *out);

G_END_DECLS
