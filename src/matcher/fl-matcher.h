/* fl-matcher.h: face detection, landmarks, alignment, quality figures and face templates
 *
 * A plain C interface over OpenCV and dlib. No C++ type crosses this header and no
 * exception escapes it: every failure is a GError in the FL_ERROR domain.
 *
 * Threads: an FlMatcher may be used from any number of threads at once; every
 * fl_matcher_* call below is safe to run concurrently on the same FlMatcher. The
 * landmark model is loaded once and shared read-only; the HOG detector and the two
 * neural networks (OpenCV's Net is not safe for concurrent forward passes) are kept
 * in pools from which each concurrent call borrows its own instance, so N concurrent
 * callers use N instances and never wait on one another. FlImage, FlFace and
 * FlQuality are immutable once returned and may be read from several threads.
 */
#pragma once

#include <glib.h>

#include "../core/fl-error.h"

G_BEGIN_DECLS

#define FL_TEMPLATE_LENGTH 128     /* floats in a face template */
#define FL_CHIP_SIZE 150           /* the aligned chip is FL_CHIP_SIZE × FL_CHIP_SIZE RGB */
#define FL_N_LANDMARKS 68
#define FL_MAX_IMAGE_PIXELS 100000000  /* images larger than 100 megapixels are refused */

typedef struct _FlMatcher FlMatcher;
typedef struct _FlImage FlImage;
typedef struct _FlFace FlFace;

typedef struct
{
  double x;
  double y;
} FlPoint;

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} FlRect;

/* Which detector found a face. */
typedef enum
{
  FL_DETECTOR_HOG,            /* dlib HOG on the image as it is */
  FL_DETECTOR_HOG_UPSAMPLED,  /* dlib HOG on the image upsampled ×2 (small faces) */
  FL_DETECTOR_SSD,            /* SSD MobileNet v1, for faces HOG misses (turned, tilted) */
  FL_DETECTOR_MANUAL,         /* eye centres placed by the examiner */
} FlDetector;

typedef enum
{
  FL_DETECT_DEFAULT = 0,
  FL_DETECT_NO_UPSAMPLE = 1 << 0,  /* skip the ×2 upsampled HOG retry */
  FL_DETECT_NO_SSD = 1 << 1,       /* skip the SSD detector */
  FL_DETECT_SSD_IF_NONE = 1 << 2,  /* run the SSD only when HOG found no face: ~100 ms less per
                                    * photo, for single-face gallery photos */
} FlDetectFlags;

typedef enum
{
  FL_SUITABILITY_SUITABLE,
  FL_SUITABILITY_MARGINAL,
  FL_SUITABILITY_UNSUITABLE,
} FlSuitability;

/* Quality figures of one face (R11). Plain fields; NAN where a figure is unknown. */
typedef struct
{
  double face_width;          /* face box in image pixels */
  double face_height;
  double inter_eye_px;        /* distance between the eye centres in image pixels */
  double sharpness;           /* variance of the Laplacian over the face box scaled to
                               * FL_CHIP_SIZE px square (grey levels²): higher is sharper */
  double shadows_clipped;     /* fraction of face-box pixels at grey level <= 5 */
  double highlights_clipped;  /* fraction of face-box pixels at grey level >= 250 */
  double brisque;             /* BRISQUE score of the face box: 0 (best) … 100 (worst) */
  double yaw_degrees;         /* head turn estimated from the landmarks (±10°), positive when the
                               * nose points to the image right; NAN without landmarks */
  double roll_degrees;        /* tilt of the line between the eyes, positive clockwise */
  FlSuitability suitability;
  char *reasons;              /* human-readable, one reason per line; "" when suitable */
} FlQuality;

/* The matcher: create one per process and share it (ref-counted).
 * fl_matcher_new() finds every model file (FACELEADS_MODEL_DIR, then the build tree, then
 * the install prefix; the landmark model also in /usr/share/dlib) and fails with
 * FL_ERROR_MODEL naming a missing file and the setup command. The models are loaded on
 * first use (the landmark model takes ~1 s); fl_matcher_preload() loads them now. The
 * descriptor and detector weights are checked against their pinned SHA-256 when loaded.
 * The model id, e.g. "dlib-resnet-v1 face-api@1.7.15 sha256:b413e420d684", names what
 * made a template: templates from different model ids must not be compared. */
FlMatcher     *fl_matcher_new                (GError      **error);
FlMatcher     *fl_matcher_ref                (FlMatcher    *self);
void           fl_matcher_unref              (FlMatcher    *self);
gboolean       fl_matcher_preload            (FlMatcher    *self,
                                              GError      **error);
const char    *fl_matcher_get_model_id       (FlMatcher    *self);
const char    *fl_matcher_get_version        (void);
char          *fl_matcher_find_model_file    (const char   *file_name,
                                              GError      **error);

/* Images: the header is checked before decoding (size at most FL_MAX_IMAGE_PIXELS,
 * complete file, known format: JPEG, PNG, WebP, TIFF, BMP, PGM/PPM), then decoded to
 * 8-bit colour with EXIF orientation applied (JPEG); grey, CMYK, 16-bit and alpha
 * (composited over white) are accepted. Errors: FL_ERROR_INVALID (empty, unsupported,
 * too large), FL_ERROR_CORRUPT (truncated, damaged), FL_ERROR_IO (unreadable file).
 * fl_image_get_rgb() returns packed RGB rows (width × 3 bytes each), for display. */
FlImage       *fl_image_new_from_data        (const guint8 *data,
                                              gsize         size,
                                              GError      **error);
FlImage       *fl_image_new_from_bytes       (GBytes       *bytes,
                                              GError      **error);
FlImage       *fl_image_new_from_file        (const char   *path,
                                              GError      **error);
void           fl_image_free                 (FlImage      *image);
int            fl_image_get_width            (const FlImage *image);
int            fl_image_get_height           (const FlImage *image);
const char    *fl_image_get_format           (const FlImage *image);
GBytes        *fl_image_get_rgb              (const FlImage *image);

/* Faces: an array of FlFace (freed with the array), largest box first; empty when none.
 * Each face has its box (image pixels), 68 landmarks, the eye centres (means of landmarks
 * 36–41 and 42–47) and its 150 × 150 aligned chip (dlib's face-chip convention, packed
 * RGB). fl_matcher_face_from_eyes() builds a face from two eye centres placed by hand
 * (the eye on the image's left first): no landmarks, an estimated box, and the chip
 * aligned so the eyes land where the automatic alignment puts them. */
GPtrArray     *fl_matcher_detect             (FlMatcher    *self,
                                              FlImage      *image,
                                              FlDetectFlags flags,
                                              GError      **error);
FlFace        *fl_matcher_face_from_eyes     (FlMatcher    *self,
                                              FlImage      *image,
                                              FlPoint       image_left_eye,
                                              FlPoint       image_right_eye,
                                              GError      **error);
FlFace        *fl_face_copy                  (const FlFace *face);
void           fl_face_free                  (FlFace       *face);
FlDetector     fl_face_get_detector          (const FlFace *face);
double         fl_face_get_confidence        (const FlFace *face);
FlRect         fl_face_get_box               (const FlFace *face);
guint          fl_face_get_landmarks         (const FlFace *face,
                                              FlPoint       points[FL_N_LANDMARKS]);
void           fl_face_get_eyes              (const FlFace *face,
                                              FlPoint      *image_left_eye,
                                              FlPoint      *image_right_eye);
const guint8  *fl_face_get_chip_rgb          (const FlFace *face);
const char    *fl_detector_to_string         (FlDetector    detector);

/* Templates: FL_TEMPLATE_LENGTH floats, L2-normalised, so fl_template_similarity() (the dot
 * product) is their cosine similarity, -1 … 1. fl_matcher_template_from_chip() takes an
 * already aligned FL_CHIP_SIZE × FL_CHIP_SIZE RGB chip whose rows are `stride` bytes apart. */
gboolean       fl_matcher_compute_template   (FlMatcher    *self,
                                              const FlFace *face,
                                              float        *out_template,
                                              GError      **error);
gboolean       fl_matcher_template_from_chip (FlMatcher    *self,
                                              const guint8 *chip_rgb,
                                              gsize         stride,
                                              float        *out_template,
                                              GError      **error);
float          fl_template_similarity        (const float  *a,
                                              const float  *b);

/* Quality figures and a suitability hint (R11). */
FlQuality     *fl_matcher_assess_quality     (FlMatcher    *self,
                                              FlImage      *image,
                                              const FlFace *face,
                                              GError      **error);
void           fl_quality_free               (FlQuality    *quality);
char          *fl_quality_to_json            (const FlQuality *quality);
const char    *fl_suitability_to_string      (FlSuitability suitability);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlMatcher, fl_matcher_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlImage, fl_image_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlFace, fl_face_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlQuality, fl_quality_free)

G_END_DECLS
