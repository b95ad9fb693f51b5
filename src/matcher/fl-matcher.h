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

#include <gio/gio.h>

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

/* ==================================================================================== */
/* Enhancement (R10)
 *
 * A recipe is an ordered list of steps (an operation and its numeric parameters) that is
 * always applied, whole, to the ORIGINAL decoded image: re-applying a stored recipe
 * reproduces the derived image bit for bit on the same installation. Between steps the
 * pixels stay in 32-bit float (0 … 255) and are rounded to 8 bits once, at the end
 * (denoise and CLAHE work on 8-bit data inside but add only their change to the float
 * pixels). Every operation is deterministic whatever OpenCV's thread count.
 *
 * What exists is what is listed in FlEnhanceOp: geometric steps that resample the whole
 * image (crop, rotate, level the eyes, upscale), global tone and colour transforms, and
 * local filters whose output depends only on each pixel's neighbourhood (CLAHE, denoise,
 * unsharp mask). There is deliberately no flip (it would present a mirror image of the
 * face) and no tool that paints, pastes, clones or synthesises any part of a face; an
 * unknown operation name is refused.
 *
 * Coordinates are pixel centres at whole numbers (OpenCV's convention), in the image as it
 * is at that step (a crop after a rotation is in the rotated image's pixels). */

#define FL_ENHANCE_MAX_PARAMS 6
#define FL_ENHANCE_MAX_STEPS 32

typedef enum
{
  FL_ENHANCE_CROP,                 /* x, y, width, height (px) */
  FL_ENHANCE_ROTATE,               /* angle (degrees, positive counter-clockwise) about the centre,
                                    * bicubic, the canvas grown to hold the whole image (black) */
  FL_ENHANCE_LEVEL_EYES,           /* a rotation by the recorded angle that makes the eye line
                                    * level; the eyes it was computed from are recorded with it */
  FL_ENHANCE_BRIGHTNESS_CONTRAST,  /* out = (in − 127.5) × contrast + 127.5 + brightness */
  FL_ENHANCE_GAMMA,                /* out = 255 × (in / 255)^(1 / gamma): gamma > 1 lifts shadows */
  FL_ENHANCE_AUTO_LEVELS,          /* stretches luminance so the given percentages of pixels clip */
  FL_ENHANCE_CLAHE,                /* contrast-limited adaptive histogram equalisation of L (Lab) */
  FL_ENHANCE_DENOISE,              /* non-local means (cv::fastNlMeansDenoisingColored) */
  FL_ENHANCE_UNSHARP_MASK,         /* out = in + amount × (in − Gaussian(in)) where |diff| ≥ threshold */
  FL_ENHANCE_GRAYSCALE,            /* luminance (BT.601) in all three channels */
  FL_ENHANCE_UPSCALE,              /* Lanczos resampling by 1 … 2 */
} FlEnhanceOp;

#define FL_ENHANCE_N_OPS (FL_ENHANCE_UPSCALE + 1)

/* One parameter of an operation. Labels are English, marked for translation in
 * fl-matcher.cpp; a window shows them through gettext. */
typedef struct
{
  const char *name;           /* key in the stored parameters, e.g. "clip_limit" */
  const char *label;          /* "Clip limit" */
  const char *unit;           /* "px", "°", "%", "×" or "" */
  double      min;
  double      max;
  double      default_value;
  double      step;           /* a sensible increment for a spin button */
  int         digits;         /* decimals kept when stored; 0 = whole numbers */
  gboolean    odd;            /* whole odd numbers only (window sizes) */
} FlEnhanceParamInfo;

typedef struct
{
  const char        *id;      /* the stored operation name: "crop", "clahe", … */
  const char        *label;   /* "Crop", "Local contrast (CLAHE)", … */
  gboolean           geometric;  /* moves pixels (crop, rotate, level eyes, upscale) */
  guint              n_params;
  FlEnhanceParamInfo params[FL_ENHANCE_MAX_PARAMS];
} FlEnhanceOpInfo;

typedef struct
{
  FlEnhanceOp op;
  double      params[FL_ENHANCE_MAX_PARAMS];  /* in the order of FlEnhanceOpInfo.params */
} FlEnhanceStep;

/* Called before each step (@done steps finished of @n_steps), on the applying thread. */
typedef void (*FlEnhanceProgressFunc) (guint    done,
                                       guint    n_steps,
                                       gpointer user_data);

const FlEnhanceOpInfo *fl_enhance_op_get_info    (FlEnhanceOp          op);
/* FL_ERROR_INVALID for a name that is not an operation (naming those that are). */
gboolean       fl_enhance_op_from_id         (const char          *id,
                                              FlEnhanceOp         *out_op,
                                              GError             **error);
/* The operation's default parameters. */
void           fl_enhance_step_init          (FlEnhanceStep       *step,
                                              FlEnhanceOp          op);
/* Rounds each parameter to its info's digits (and window sizes to odd numbers):
 * what is previewed is then exactly what is stored. */
void           fl_enhance_step_normalize     (FlEnhanceStep       *step);
/* Checks every parameter against its range; FL_ERROR_INVALID names the
 * operation, the parameter and the allowed range. Image-dependent limits (a crop
 * inside the image) are checked when the recipe is applied. */
gboolean       fl_enhance_step_validate      (const FlEnhanceStep *step,
                                              GError             **error);
/* A level-eyes step for eye centres @image_left_eye and @image_right_eye (the eye on
 * the image's left first) in the pixels of the image the step applies to. */
void           fl_enhance_step_level_eyes    (FlEnhanceStep       *step,
                                              FlPoint              image_left_eye,
                                              FlPoint              image_right_eye,
                                              gboolean             placed_by_hand);

/* Where the recipe moves pixels: original pixel (x, y) lands at
 * (m[0] x + m[1] y + m[2], m[3] x + m[4] y + m[5]) of the result, which is
 * *out_width × *out_height. Validates the steps and every crop against the image
 * size at its step, exactly as fl_image_apply_recipe() does, without the pixels. */
gboolean       fl_enhance_recipe_geometry    (const FlEnhanceStep *steps,
                                              guint                n_steps,
                                              int                  width,
                                              int                  height,
                                              double               matrix[6],
                                              int                 *out_width,
                                              int                 *out_height,
                                              GError             **error);

/* Applies the whole recipe to @original (never modified). Deterministic. */
gboolean       fl_image_apply_recipe         (const FlImage       *original,
                                              const FlEnhanceStep *steps,
                                              guint                n_steps,
                                              FlImage            **out,
                                              GError             **error);
/* The same with progress (called before each step) and cancellation between steps
 * (FL_ERROR_CANCELLED). */
gboolean       fl_image_apply_recipe_full    (const FlImage       *original,
                                              const FlEnhanceStep *steps,
                                              guint                n_steps,
                                              FlEnhanceProgressFunc progress,
                                              gpointer             progress_data,
                                              GCancellable        *cancellable,
                                              FlImage            **out,
                                              GError             **error);
/* Lossless PNG (8-bit RGB, fixed zlib level and strategy, no metadata): the same
 * pixels always give the same bytes. */
GBytes        *fl_image_encode_png           (const FlImage       *image,
                                              GError             **error);

/* Live preview: the original scaled to fit @max_side (area averaging), the recipe
 * applied to it with its spatial parameters (crop rectangle, unsharp radius, denoise
 * windows) scaled to match, so the preview looks like the full render at screen size.
 * A preview keeps the image before the step that changed last, so moving one step's
 * slider re-renders only from that step. Not thread-safe: one renderer at a time (any
 * thread). @geometry_only applies the geometric steps only (the "before" view aligned
 * with the result). */
typedef struct _FlEnhancePreview FlEnhancePreview;

FlEnhancePreview *fl_enhance_preview_new     (const FlImage       *original,
                                              int                  max_side);
void           fl_enhance_preview_free       (FlEnhancePreview    *preview);
/* Preview pixels per original pixel (≤ 1). */
double         fl_enhance_preview_get_scale  (const FlEnhancePreview *preview);
FlImage       *fl_enhance_preview_render     (FlEnhancePreview    *preview,
                                              const FlEnhanceStep *steps,
                                              guint                n_steps,
                                              gboolean             geometry_only,
                                              GCancellable        *cancellable,
                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlEnhancePreview, fl_enhance_preview_free)

G_END_DECLS
