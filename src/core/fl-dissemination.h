/* fl-dissemination.h: the release log of issued reports (R20, R24) and the
 * requester's record of what became of a lead (R21)
 *
 * Releases: records staff log every release of a report or image: to whom,
 * which agency, for what purpose and what was handed over. A release to the
 * public or to the media is refused unless one of the four exceptions of
 * policy 000 461.5 / 004 IV.G is chosen AND documented (who decided, the
 * warrant or line-up reference, the verification): the refusal is audited.
 *
 * Outcomes: the person who submitted the request records the outcome of the
 * lead (policy 003 4.5.3.3). For an outside agency's request that is the
 * examiner who entered it on the agency's behalf (the request's creator),
 * so the same rule covers both: no one else may write another person's
 * outcome. Outcomes are kept as a history; the newest is the current one.
 */
#pragma once

#include "fl-accounts.h"

G_BEGIN_DECLS

typedef enum
{
  FL_RELEASE_EXCEPTION_NONE,
  FL_RELEASE_EXCEPTION_PUBLIC_SAFETY,   /* public-safety determination by the commander */
  FL_RELEASE_EXCEPTION_LINE_UP,         /* photo line-up */
  FL_RELEASE_EXCEPTION_WARRANT,         /* warrant with independent witness verification */
  FL_RELEASE_EXCEPTION_MISSING_PERSON,  /* missing person with third-party verification */
} FlReleaseException;

#define FL_RELEASE_EXCEPTION_LAST FL_RELEASE_EXCEPTION_MISSING_PERSON

/* The documentation of an exception must say at least this much (characters). */
#define FL_RELEASE_DOCUMENTATION_MIN 20

/* "public-safety", "line-up", "warrant", "missing-person"; NULL for NONE. */
const char *fl_release_exception_to_key   (FlReleaseException  exception);
/* Accepts the keys above (also with '_'); FALSE for anything else. */
gboolean    fl_release_exception_from_key (const char         *key,
                                           FlReleaseException *out_exception);
/* As stored and printed: "public-safety determination by the commander", … */
const char *fl_release_exception_label    (FlReleaseException  exception);

typedef struct
{
  gint64              id;
  gint64              report_id;
  char               *report_uid;
  gint64              case_id;
  char               *fr_number;
  gint64              released_by;
  char               *released_by_name;
  char               *released_at;      /* ISO 8601 UTC */
  char               *recipient;
  char               *agency;
  char               *purpose;
  char               *released_what;
  gboolean            public_release;
  FlReleaseException  exception;
  char               *exception_documentation;
} FlDissemination;

void fl_dissemination_free (FlDissemination *release);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlDissemination, fl_dissemination_free)

/* Logs a release of report @report_id. @records must hold the records role.
 * @recipient, @agency, @purpose and @released_what are required. With
 * @public_release, @exception must be one of the four and
 * @exception_documentation at least FL_RELEASE_DOCUMENTATION_MIN characters;
 * without it no exception may be given. Reports of sealed cases are not
 * released (R13). Refusals are FL_ERROR_DENIED / _POLICY / _INVALID /
 * _NOT_FOUND and, except a missing report, audited as "report.release"
 * "refused". Returns the new row's id, or 0. */
gint64     fl_dissemination_record   (FlSession          *records,
                                      gint64              report_id,
                                      const char         *recipient,
                                      const char         *agency,
                                      const char         *purpose,
                                      const char         *released_what,
                                      gboolean            public_release,
                                      FlReleaseException  exception,
                                      const char         *exception_documentation,
                                      GError            **error);

/* Releases of one report (@report_id > 0) or of every report of a case
 * (@case_id > 0), oldest first; array of FlDissemination. Records staff,
 * examiners and administrators read all; a requester those of cases opened
 * from their own requests (others refused, audited as "release.view"). */
GPtrArray *fl_dissemination_list     (FlSession          *session,
                                      gint64              report_id,
                                      gint64              case_id,
                                      GError            **error);

typedef enum
{
  FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS,  /* identification confirmed by other means */
  FL_OUTCOME_EXCLUDED,
  FL_OUTCOME_PENDING,
} FlOutcome;

/* "confirmed", "excluded", "pending" (as stored) */
const char *fl_outcome_to_string   (FlOutcome   outcome);
gboolean    fl_outcome_from_string (const char *text,
                                    FlOutcome  *out_outcome);
/* "Identification confirmed by other means", "Excluded", "Pending" */
const char *fl_outcome_label       (FlOutcome   outcome);

/* A question that must be answered, not defaulted. */
typedef enum
{
  FL_ANSWER_UNANSWERED,
  FL_ANSWER_YES,
  FL_ANSWER_NO,
} FlAnswer;

typedef struct
{
  gint64     id;
  gint64     case_id;
  gint64     candidate_id;
  gint64     recorded_by;
  char      *recorded_by_name;
  char      *recorded_at;              /* ISO 8601 UTC */
  FlOutcome  outcome;
  char      *confirmed_by;             /* which other means (confirmed only) */
  gboolean   arrest_primarily_on_lead;
  FlAnswer   fingerprints_compared;    /* UNANSWERED when there was no such arrest */
} FlOutcomeRecord;

void fl_outcome_record_free (FlOutcomeRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlOutcomeRecord, fl_outcome_record_free)

/* Records the outcome of the lead @candidate_id of case @case_id, which must
 * have an issued lead report. Only the account that submitted the case's
 * request (see above). @confirmed_by names the other means and is required
 * for FL_OUTCOME_CONFIRMED_BY_OTHER_MEANS (and refused for the others).
 * When @arrest_primarily_on_lead, @fingerprints_compared must be answered
 * YES or NO (000 461.3(g)). Audited as "outcome.record" (refusals too).
 * Returns the new row's id, or 0. */
gint64     fl_outcome_record         (FlSession          *requester,
                                      gint64              case_id,
                                      gint64              candidate_id,
                                      FlOutcome           outcome,
                                      const char         *confirmed_by,
                                      gboolean            arrest_primarily_on_lead,
                                      FlAnswer            fingerprints_compared,
                                      GError            **error);

/* The case's outcomes, oldest first (array of FlOutcomeRecord); same read
 * rule as fl_dissemination_list(). */
GPtrArray *fl_outcome_list           (FlSession          *session,
                                      gint64              case_id,
                                      GError            **error);

G_END_DECLS
