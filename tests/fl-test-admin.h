/* fl-test-admin.h: case records written straight into a test unit's
 * database, for the administration tests (audit workbook, retention, seal,
 * backup) that need whole cases without driving every step */
#pragma once

#include "fl-test-core.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  request_id;
  gint64  case_id;
  gint64  probe_id;
  gint64  enhanced_id;
  gint64  search_id;
  gint64  candidate_id;
  gint64  report_id;
  char   *probe_hash;
  char   *enhanced_hash;
  char   *report_hash;
} FlTestCase;

void    fl_test_case_clear          (FlTestCase  *c);

/* Runs @sql with arguments typed by @types: 'i' gint64, 's' string (NULL
 * binds NULL), 'd' double. Returns the new row id. */
gint64  fl_test_insert              (FlTestUnit  *unit,
                                     const char  *sql,
                                     const char  *types,
                                     ...);
/* The first column of the first row, with @arg bound to ?1 when used. */
gint64  fl_test_query_int           (FlTestUnit  *unit,
                                     const char  *sql,
                                     gint64       arg);
char   *fl_test_put_image           (FlTestUnit  *unit,
                                     const char  *content);
/* ISO 8601 UTC, as stored */
char   *fl_test_iso_years_ago       (int          years);
char   *fl_test_iso_days_ago        (int          days);

/* A whole case at time @when: request, probe (and an enhanced one), a search
 * with one candidate and its conclusion, a peer review recorded as not
 * practicable, a lead report, a public release with its exception, and a
 * pending outcome. @closed_at NULL leaves it open. */
void    fl_test_seed_case           (FlTestUnit  *unit,
                                     const char  *tag,
                                     const char  *when,
                                     const char  *closed_at,
                                     FlTestCase  *out);
/* A request refused at intake (live-stream monitoring), no case. */
gint64  fl_test_seed_refused_request (FlTestUnit *unit,
                                      const char *when);

G_END_DECLS
