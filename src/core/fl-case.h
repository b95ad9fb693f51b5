/* fl-case.h: the case file opened when an examiner accepts a request
 *
 * States and the moves allowed between them:
 *
 *   intake       → searching, or closed (no suitable probe: a note is required)
 *   searching    → review, or no_match (no candidates)
 *   review       → peer_review, searching (search again), or no_match
 *   peer_review  → reported, review (the reviewers disagree), or no_match
 *   reported     → closed
 *   no_match     → closed
 *   closed       (final)
 *
 * A lead is reported only from peer review (R17: the peer-review step
 * records either the second examiner's review or why it was not practicable).
 * The assigned examiner, with current training (R1), moves the case; an
 * administrator may only close it. Every move is audited as "case.state".
 */
#pragma once

#include "fl-accounts.h"

G_BEGIN_DECLS

typedef enum
{
  FL_CASE_STATE_ANY = 0,   /* in filters only: any state */
  FL_CASE_INTAKE,
  FL_CASE_SEARCHING,
  FL_CASE_REVIEW,
  FL_CASE_PEER_REVIEW,
  FL_CASE_REPORTED,
  FL_CASE_NO_MATCH,
  FL_CASE_CLOSED,
} FlCaseState;

#define FL_CASE_STATE_LAST FL_CASE_CLOSED

const char *fl_case_state_to_string   (FlCaseState  state);  /* "intake", "peer_review", … */
const char *fl_case_state_label       (FlCaseState  state);  /* "Intake", "Peer review", … */
gboolean    fl_case_state_from_string (const char  *text,
                                       FlCaseState *out_state);
gboolean    fl_case_state_can_move    (FlCaseState  from,
                                       FlCaseState  to);

/* The case header. */
typedef struct
{
  gint64       id;
  char        *fr_number;           /* "FR-2026-000123" */
  gint64       request_id;
  char        *agency_case_number;
  char        *requesting_agency;
  char        *incident_type;
  char        *purpose;
  gint64       requester_id;        /* the account that submitted the request */
  char        *requester_name;      /* as written on the request */
  gint64       examiner_id;         /* 0 when unassigned */
  char        *examiner_name;       /* full name, NULL when unassigned */
  FlCaseState  state;
  char        *opened_at;           /* ISO 8601 UTC */
  char        *closed_at;
  gboolean     sealed;
} FlCase;

void fl_case_free (FlCase *kase);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlCase, fl_case_free)

/* A requester may read only cases opened from their own requests: others are
 * refused with FL_ERROR_DENIED and the attempt is audited ("case.view"). */
FlCase    *fl_case_get       (FlSession   *session,
                              gint64       case_id,
                              GError     **error);

/* Only an administrator, or the examiner taking the case themself; the
 * target must be an active examiner with current training (R1). */
gboolean   fl_case_assign    (FlSession   *actor,
                              gint64       case_id,
                              gint64       examiner_user_id,
                              GError     **error);

/* Moves the case (see the diagram above); an illegal move is refused with
 * FL_ERROR_INVALID naming the allowed ones. @note is kept in the audit trail
 * (required when closing a case from intake). */
gboolean   fl_case_set_state (FlSession   *actor,
                              gint64       case_id,
                              FlCaseState  state,
                              const char  *note,
                              GError     **error);

typedef struct
{
  const char  *search;        /* part of the FR number or the agency case number (case-insensitive) */
  gint64       requester_id;  /* 0: any (a requester always sees only their own) */
  gint64       examiner_id;   /* 0: any */
  FlCaseState  state;         /* FL_CASE_STATE_ANY: any */
  const char  *opened_from;   /* YYYY-MM-DD (UTC), inclusive; NULL: open */
  const char  *opened_to;     /* YYYY-MM-DD (UTC), inclusive; NULL: open */
  guint        limit;         /* page size; 0: no limit */
  guint        offset;        /* rows to skip (random access, e.g. a list view) */
  gint64       before_id;     /* keyset paging: only cases with id below this; 0: from the newest */
} FlCaseFilter;

/* Newest first (by id = order of opening). Returns an array of FlCase. */
GPtrArray *fl_case_list      (FlSession          *session,
                              const FlCaseFilter *filter,
                              GError            **error);
/* Number of cases matching @filter (limit, offset and before_id ignored); -1 on error. */
gint64     fl_case_count     (FlSession          *session,
                              const FlCaseFilter *filter,
                              GError            **error);

/* One line of the case's history. */
typedef struct
{
  gint64  audit_id;   /* the audit row; 0 for the submission, taken from the request record */
  char   *ts;         /* ISO 8601 UTC */
  gint64  user_id;
  char   *username;
  char   *action;     /* "request.submit", "request.accept", "probe.add", "case.state", … */
  char   *summary;    /* the action in words, e.g. "Case moved from intake to searching" */
  char   *outcome;    /* "success", "refused", … */
  char   *details;    /* JSON object */
} FlTimelineEntry;

void fl_timeline_entry_free (FlTimelineEntry *entry);

/* The case's history in order: the request's submission, then every audit
 * row recorded against the case (triage, probes, assignment, moves, searches,
 * reviews, reports, releases, refused attempts). Same read rule as
 * fl_case_get(). While fl_peer_review_blinds() holds for @session, the
 * "review.*" and "peer_review.*" entries keep their time, person and action
 * but not their details or summary (R17). Returns an array of FlTimelineEntry. */
GPtrArray *fl_case_timeline  (FlSession   *session,
                              gint64       case_id,
                              GError     **error);

/* The case opened from @request_id, or 0. */
gint64     fl_case_for_request (FlDb      *db,
                                gint64     request_id);
/* The case with this FR number (case-insensitive), or 0. Reading it still
 * goes through fl_case_get(). */
gint64     fl_case_lookup_fr   (FlDb       *db,
                                const char *fr_number);

G_END_DECLS
