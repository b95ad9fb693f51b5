/* fl-request.h: the search request (intake, R4–R9) and its triage
 *
 * A requester fills an FlRequestDraft (in the application, or as JSON sent
 * electronically) and submits it. The core checks every field (R4, R5),
 * refuses prohibited requests (R6, R7, R9) and keeps each refusal as a
 * request in state "refused" with the reason, audited. A trained examiner
 * then accepts a submitted request, which opens a case (fl-case.h) whose
 * original probes are the request's images, or returns it with a reason.
 *
 * Who may submit: a requester; an examiner may enter a request only on behalf
 * of an outside agency (outside_agency set, with that agency's affirmation,
 * R8), e.g. one received on paper. Anyone else is refused and audited.
 */
#pragma once

#include "fl-accounts.h"

G_BEGIN_DECLS

/* Minimum length of the reason for the search (facts amounting to reasonable suspicion). */
#define FL_REQUEST_REASON_MIN_CHARS 30
/* Minimum length of a return reason and of an image's source description. */
#define FL_REQUEST_NOTE_MIN_CHARS   10
#define FL_REQUEST_SOURCE_MIN_CHARS 5

/* Field ids, shared by field errors, the JSON format and the GUI. An image
 * field is "images[N].file", "images[N].source", "images[N].from_video",
 * "images[N].kind" (N from 0). */
#define FL_FIELD_REQUESTING_AGENCY   "requesting_agency"
#define FL_FIELD_REQUESTER_NAME      "requester_name"
#define FL_FIELD_PHONE               "phone"
#define FL_FIELD_EMAIL               "email"
#define FL_FIELD_AGENCY_CASE_NUMBER  "agency_case_number"
#define FL_FIELD_INCIDENT_TYPE       "incident_type"
#define FL_FIELD_REASON              "reason"
#define FL_FIELD_PURPOSE             "purpose"
#define FL_FIELD_IMAGE_COUNT         "image_count"
#define FL_FIELD_IMAGES              "images"
#define FL_FIELD_OUTSIDE_AGENCY      "outside_agency"
#define FL_FIELD_OUTSIDE_AFFIRMATION "outside_affirmation"
#define FL_FIELD_LIVE_SOURCE         "live_source"
#define FL_FIELD_IMMINENT_THREAT     "imminent_threat"
#define FL_FIELD_PREDICTIVE          "predictive"
#define FL_FIELD_PERSONAL_USE        "personal_use"
#define FL_FIELD_PROTECTED_CLASS     "protected_class_attested"
#define FL_FIELD_DL_PRESENTED        "dl_presented"
#define FL_FIELD_DL_FALSE_REASON     "dl_false_reason"
#define FL_FIELD_ACK_LEAD_ONLY       "ack_lead_only"
#define FL_FIELD_ACK_NAME            "ack_name"
#define FL_FIELD_ACK_DATE            "ack_date"

typedef enum
{
  FL_IMAGE_KIND_SUBJECT_PHOTO,
  FL_IMAGE_KIND_VIDEO_STILL,
  FL_IMAGE_KIND_COMPOSITE_SKETCH,   /* refused as a probe (R7) */
  FL_IMAGE_KIND_ARTIST_RENDERING,   /* refused as a probe (R7) */
  FL_IMAGE_KIND_LOOKALIKE_PHOTO,    /* a photo of someone else: refused (R7) */
} FlImageKind;

#define FL_IMAGE_KIND_LAST FL_IMAGE_KIND_LOOKALIKE_PHOTO

typedef enum
{
  FL_REQUEST_SUBMITTED,
  FL_REQUEST_REFUSED,
  FL_REQUEST_RETURNED,
  FL_REQUEST_ACCEPTED,
} FlRequestState;

/* Stored names ("subject_photo", …) and labels for people ("Subject photo", …). */
const char *fl_image_kind_to_string      (FlImageKind     kind);
const char *fl_image_kind_label          (FlImageKind     kind);
gboolean    fl_image_kind_from_string    (const char     *text,
                                          FlImageKind    *out_kind);
gboolean    fl_image_kind_is_refused     (FlImageKind     kind);
const char *fl_request_state_to_string   (FlRequestState  state);
gboolean    fl_request_state_from_string (const char     *text,
                                          FlRequestState *out_state);

typedef struct
{
  gint64       id;          /* request_images id; 0 in a draft */
  GBytes      *bytes;       /* the file (draft), or NULL when @hash names a stored image */
  char        *hash;        /* SHA-256 in the content store; NULL for images of a refused request */
  char        *filename;    /* the file's name as received */
  char        *source;      /* how and where it was lawfully obtained */
  gboolean     from_video;
  FlImageKind  kind;
} FlRequestImage;

FlRequestImage *fl_request_image_new  (void);
void            fl_request_image_free (FlRequestImage *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlRequestImage, fl_request_image_free)

/* Every field of the request form (R4–R9). Strings are owned (g_free). */
typedef struct
{
  char      *requesting_agency;
  char      *requester_name;
  char      *phone;
  char      *email;
  char      *agency_case_number;     /* the requester's case/file number */
  char      *incident_type;          /* one of the unit's incident types */
  char      *reason;                 /* facts amounting to reasonable suspicion */
  char      *purpose;                /* exactly one authorized purpose (R5) */
  int        image_count;            /* the number of images the requester states */
  GPtrArray *images;                 /* of FlRequestImage */
  gboolean   outside_agency;         /* requested by another agency (R8) */
  char      *outside_affirmation;    /* that agency's affirmation that it follows this policy */
  gboolean   live_source;            /* from a live stream or real-time monitoring (R6) */
  gboolean   imminent_threat;        /* imminent threat to life (R6) */
  gboolean   predictive;             /* for predictive analysis (R6: refused) */
  gboolean   personal_use;           /* for personal use (R6: refused) */
  gboolean   protected_class_attested; /* not solely religion, politics, protected class or First-Amendment activity */
  gboolean   dl_presented;           /* the subject presented a valid driver license (R9) */
  char      *dl_false_reason;        /* why it is suspected to be false */
  gboolean   ack_lead_only;          /* any result is an investigative lead only */
  char      *ack_name;               /* typed name as signature */
  char      *ack_date;               /* YYYY-MM-DD */
} FlRequestDraft;

FlRequestDraft *fl_request_draft_new  (void);
void            fl_request_draft_free (FlRequestDraft *draft);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlRequestDraft, fl_request_draft_free)

/* Adds an image read from memory; the draft takes a reference on @bytes. */
FlRequestImage *fl_request_draft_add_image (FlRequestDraft *draft,
                                            GBytes         *bytes,
                                            const char     *filename,
                                            const char     *source,
                                            gboolean        from_video,
                                            FlImageKind     kind);

/* A problem with one field: @field is an FL_FIELD_* id (or "images[N].…"),
 * @message says what is wrong and what to do. @rule is set ("R6", "R7",
 * "R9") when the problem is a policy refusal rather than a missing or
 * malformed value. */
typedef struct
{
  char *field;
  char *message;
  char *rule;
} FlFieldError;

void fl_field_error_free (FlFieldError *field_error);

/* Checks that every field is present and well formed (R4, R5, R8): returns
 * TRUE when there is nothing to fix, else FALSE with one FlFieldError per
 * problem in *field_errors (may be NULL). Policy refusals are not field
 * errors: see fl_request_policy_refusals(). */
gboolean   fl_request_validate        (const FlRequestDraft *draft,
                                       FlDb                 *db,
                                       GPtrArray           **field_errors);
/* The refusals submitting this draft would record (R6, R7, R9), as
 * FlFieldErrors with @rule set; an empty array when none. The GUI shows them
 * before Submit so the requester knows the request will be refused. */
GPtrArray *fl_request_policy_refusals (const FlRequestDraft *draft);

/* Submits the request. Returns its id, or 0 with:
 *  FL_ERROR_INVALID  a field is missing or malformed (nothing stored);
 *  FL_ERROR_POLICY   refused by R6/R7/R9: stored as a refused request with
 *                    the reason, audited as "request.refuse";
 *  FL_ERROR_DENIED   the signed-in person may not submit requests.
 * Accepted images go into the content store unchanged (R10). */
gint64     fl_request_submit          (FlSession            *requester,
                                       const FlRequestDraft *draft,
                                       GError              **error);

/* A stored request. */
typedef struct
{
  gint64          id;
  FlRequestDraft *form;         /* fl_request_list() leaves form->images empty */
  char           *created_at;
  gint64          created_by;
  char           *created_by_username;
  FlRequestState  state;
  char           *state_reason; /* refusal or return reason */
  gint64          decided_by;   /* 0 when undecided or refused at intake */
  char           *decided_at;
  gint64          case_id;      /* 0 until accepted */
  char           *fr_number;    /* NULL until accepted */
} FlRequest;

void fl_request_free (FlRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlRequest, fl_request_free)

typedef struct
{
  gboolean        any_state;    /* TRUE: every state; FALSE: only @state */
  FlRequestState  state;
  guint           limit;        /* 0: no limit */
  guint           offset;
} FlRequestFilter;

/* Newest first. A requester sees only the requests they submitted; an
 * examiner, records staff or an administrator sees every request (the
 * examiner's queue is state FL_REQUEST_SUBMITTED). A NULL @filter means
 * every state. Returns an array of FlRequest. */
GPtrArray *fl_request_list            (FlSession            *session,
                                       const FlRequestFilter *filter,
                                       GError              **error);
/* One request with its images. A requester may read only their own
 * (FL_ERROR_DENIED, audited, for others). */
FlRequest *fl_request_get             (FlSession            *session,
                                       gint64                request_id,
                                       GError              **error);

/* Triage by an examiner with current training (R1). Accepting opens one case
 * (state "intake", a new FR number, assigned to the accepting examiner) whose
 * original probes are the request's images; returns the case id. */
gint64     fl_request_accept          (FlSession            *examiner,
                                       gint64                request_id,
                                       GError              **error);
gboolean   fl_request_return          (FlSession            *examiner,
                                       gint64                request_id,
                                       const char           *reason,
                                       GError              **error);

/* Electronic requests (fl-request-json.c). Image "file" paths are relative
 * to @base_dir (the JSON file's folder); the files are read into the draft.
 * Errors are FL_ERROR_INVALID naming the JSON key and the fix. */
FlRequestDraft *fl_request_draft_from_json      (const char  *data,
                                                 gssize       length,
                                                 const char  *base_dir,
                                                 GError     **error);
FlRequestDraft *fl_request_draft_from_json_file (const char  *path,
                                                 GError     **error);

G_END_DECLS
