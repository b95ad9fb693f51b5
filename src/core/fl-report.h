/* fl-report.h: the Manual Search Report, its disclosure annex, the "no possible
 * match" variant, and the printable search request form (R10, R17–R19, R24)
 *
 * The report follows the LACRIS sample layout (policy 001): classification line,
 * unit, title, the lead-only banner, case numbers, probe beside the lead image,
 * viability statement, demographics, comments, the seal/destroy notice and the
 * handling footer with the unit's contact. Disclosure annex pages follow it.
 *
 * How the pieces fit:
 *   fl_report_data_load()  reads everything a report shows into an FlReportData;
 *   fl_report_render_pdf*() draws an FlReportData (which a test may build by hand);
 *   fl_report_create()      is the policy gate: it checks who issues and that the
 *                           lead passed review (R17), renders, stores the PDF in
 *                           the content store and records it in `reports`;
 *   fl_report_export()      writes a stored report out (records staff print and
 *                           release; every export is audited).
 * An application page calls fl_report_create(), then shows the stored file
 * (fl_store_get_path (db, info->hash)) with Poppler and prints it with
 * GtkPrintOperation; the PDF itself is never regenerated once issued.
 *
 * A report cannot print its own SHA-256: the hash is kept in `reports` (and in
 * the audit trail) and shown by the application; every page prints the report
 * ID and says that its SHA-256 is recorded in the case file under that ID.
 */
#pragma once

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_REPORT_CLASSIFICATION "UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE"

/* The lead-only banner (policy 001's wording, R18). */
#define FL_REPORT_LEAD_BANNER \
  "THIS IS NOT A POSITIVE IDENTIFICATION. IT IS AN INVESTIGATIVE LEAD ONLY, AND FURTHER " \
  "INVESTIGATION IS NEEDED. THIS IS NOT PROBABLE CAUSE TO ARREST OR A REASON FOR DETENTION."

/* The requester's acknowledgement on the request form (policy 001, R4). */
#define FL_REPORT_LEAD_ACKNOWLEDGEMENT \
  "Our agency understands that any results will be used as an investigative lead only and " \
  "shall not be considered a positive identification, reason for detention, or probable " \
  "cause for an arrest."

typedef enum
{
  FL_REPORT_KIND_LEAD,
  FL_REPORT_KIND_NO_MATCH,
} FlReportKind;

const char *fl_report_kind_to_string (FlReportKind kind);   /* "lead", "no_match" */

/* A label and its value (quality figures, feature assessments). */
typedef struct
{
  char *label;
  char *value;
} FlReportField;

FlReportField *fl_report_field_new  (const char    *label,
                                     const char    *value);
void           fl_report_field_free (FlReportField *field);

typedef struct
{
  char *examiner;     /* full name */
  char *conclusion;   /* "Possible lead", "Excluded", "Inconclusive" */
  char *note;
  char *recorded_at;  /* as printed */
} FlReportConclusion;

void fl_report_conclusion_free (FlReportConclusion *conclusion);

typedef struct
{
  gint64     id;
  char      *label;               /* "Probe 1 (original)", "Probe 2 (enhanced from probe 1)" */
  char      *filename;
  char      *sha256;
  char      *added;               /* who and when */
  char      *suitability;         /* "Suitable", "Unsuitable", "Not judged" */
  char      *suitability_reason;
  char      *judged;              /* who and when, or NULL */
  GPtrArray *quality;             /* of FlReportField: the measured figures */
  GPtrArray *enhancement;         /* of char *: the recorded recipe that made it; empty for an original */
} FlReportProbe;

void fl_report_probe_free (FlReportProbe *probe);

typedef struct
{
  gint64  id;
  char   *started_at;
  char   *examiner;
  char   *probe;                  /* the probe's label */
  char   *galleries;              /* every gallery searched, by name */
  gint64  k;                      /* candidate list size asked for */
  gint64  candidate_count;
  char   *matcher_version;
  char   *result;                 /* "Lead in this report", "Candidates, no lead", "No candidates" */
} FlReportSearch;

void fl_report_search_free (FlReportSearch *search);

typedef struct
{
  gint64     id;
  gint64     search_id;
  gint64     rank;
  double     score;
  char      *gallery;
  char      *record_id;           /* the gallery's record id: the annex names no other person */
  gboolean   is_lead;             /* the candidate this report is about */
  GPtrArray *conclusions;         /* of FlReportConclusion */
} FlReportCandidate;

void fl_report_candidate_free (FlReportCandidate *candidate);

/* Everything one report shows. Strings may be NULL (printed as a dash). */
typedef struct
{
  FlReportKind kind;
  char        *uid;               /* printed on every page; NULL prints "DRAFT — not an issued report" */
  char        *paper_size;        /* "a4" or "letter" */

  char        *agency_name;
  char        *unit_name;
  char        *report_contact;
  GBytes      *logo;              /* the unit's logo image, or NULL */

  char        *fr_number;
  char        *submitted_by;
  char        *date_searched;
  char        *investigating_agency;
  char        *agency_case_number;
  char        *incident_type;
  char        *face_reviewer;
  char        *second_examiner;   /* name, or the not-practicable statement */

  GBytes      *probe_image;       /* the probe as searched, original bytes */
  char        *probe_caption;
  char        *probe_note;        /* says whether it was enhanced and lists the steps (R10) */
  GBytes      *lead_image;        /* the candidate's gallery image, original bytes (lead only) */
  char        *lead_caption;

  char        *name;
  char        *date_of_birth;
  char        *cdl;
  char        *main_number;
  char        *sid;
  char        *booking_number;
  char        *comments;
  char        *galleries_searched; /* named in the no-match statement */

  /* Disclosure annex */
  char        *peer_review;       /* the second examiner's result or the recorded reason it was not practicable */
  char        *matcher_versions;
  char        *issued_by;
  char        *issued_at;
  GPtrArray   *probes;            /* of FlReportProbe */
  GPtrArray   *searches;          /* of FlReportSearch */
  GPtrArray   *candidates;        /* of FlReportCandidate: every candidate reviewed */
  GPtrArray   *features;          /* of FlReportField: the lead's feature comparison (R15) */
} FlReportData;

FlReportData *fl_report_data_new  (FlReportKind  kind);
void          fl_report_data_free (FlReportData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlReportData, fl_report_data_free)

/* Reads what the report of @case_id shows: the lead variant for @candidate_id,
 * or the no-match variant when @candidate_id is 0. No policy gate: callers that
 * act for a person use fl_report_create(). uid, comments, issued_by/at are left
 * for the caller. FL_ERROR_NOT_FOUND / FL_ERROR_INVALID / FL_ERROR_CORRUPT. */
FlReportData *fl_report_data_load       (FlDb               *db,
                                         gint64              case_id,
                                         gint64              candidate_id,
                                         GError            **error);

/* Draws @data as PDF (Letter or A4 from data->paper_size). Thread-safe: an
 * application may render in a worker thread. */
GBytes       *fl_report_render_pdf_bytes (const FlReportData *data,
                                          GError            **error);
gboolean      fl_report_render_pdf       (const FlReportData *data,
                                          const char         *out_path,
                                          GError            **error);

/* A stored report. */
typedef struct
{
  gint64        id;
  char         *uid;
  gint64        case_id;
  gint64        candidate_id;     /* 0 for the no-match variant */
  FlReportKind  kind;
  char         *hash;             /* SHA-256 of the stored PDF */
  gint64        created_by;
  char         *created_by_name;
  char         *created_at;
  char         *comments;
} FlReportInfo;

void fl_report_info_free (FlReportInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlReportInfo, fl_report_info_free)

/* Issues a report. The examiner issues (policy 001 "documentation": the facial
 * reviewer writes the report); records staff print and release what was issued
 * (fl_report_export). So @actor must be an examiner with current training (R1)
 * who is the case's examiner or the candidate's face reviewer.
 *   Lead (@candidate_id > 0): the case is in peer review (or already reported),
 *     the face reviewer concluded "possible lead", and the latest peer review
 *     either agreed or records why it was not practicable (R17).
 *   No match (@candidate_id 0): the case is in state no_match and was searched.
 * Sealed cases and sealed or purged gallery records are refused (R13).
 * @comments is printed under "Comments" (may be NULL).
 * Refusals are FL_ERROR_DENIED / FL_ERROR_POLICY with what to do, audited as
 * "report.create". Moving the case to "reported" is the caller's next step. */
FlReportInfo *fl_report_create          (FlSession          *actor,
                                         gint64              case_id,
                                         gint64              candidate_id,
                                         const char         *comments,
                                         GError            **error);

/* Reports of a case, oldest first (array of FlReportInfo). */
GPtrArray    *fl_report_list            (FlDb               *db,
                                         gint64              case_id,
                                         GError            **error);
/* The newest report of the case (of @candidate_id when > 0), or NULL with FL_ERROR_NOT_FOUND. */
FlReportInfo *fl_report_get_latest      (FlDb               *db,
                                         gint64              case_id,
                                         gint64              candidate_id,
                                         GError            **error);

/* Writes the stored PDF of @report_id to @out_path after checking it still
 * hashes to the recorded SHA-256. Records staff and examiners; a requester only
 * for a case opened from their own request. Audited as "report.export". */
gboolean      fl_report_export          (FlSession          *actor,
                                         gint64              report_id,
                                         const char         *out_path,
                                         GError            **error);

/* The printable search request form (policy 001's sample, every R4 field):
 * blank lines when @request_id is 0, else filled from the stored request.
 * No person check here: fl_request_form_export() is the gate for filled forms. */
GBytes       *fl_request_form_render_pdf_bytes (FlDb        *db,
                                                gint64       request_id,
                                                GError     **error);
gboolean      fl_request_form_render_pdf (FlDb              *db,
                                          gint64             request_id,
                                          const char        *out_path,
                                          GError           **error);
/* A filled form holds the request's personal data: examiners and records
 * staff, or the requester who submitted it. Audited as "request_form.print".
 * A blank form (@request_id 0) needs no particular role. */
gboolean      fl_request_form_export    (FlSession          *actor,
                                         gint64              request_id,
                                         const char         *out_path,
                                         GError           **error);

G_END_DECLS
