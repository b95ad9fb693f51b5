/* fl-face-cache.h: the face the matcher finds in a stored image, kept per image hash (R15)
 *
 * The review views need, for each probe and candidate image, its 68
 * landmarks and eye centres (to align the comparison) and a face chip (for
 * the candidate grid). Detection takes a fraction of a second per image, so
 * it runs off the main thread and its result is kept by the image's SHA-256:
 * a stored image never changes, neither does what was found in it.
 */
#pragma once

#include <gtk/gtk.h>

#include "fl-matcher.h"

G_BEGIN_DECLS

/* What was found in one image: the largest face (the one the views show). */
typedef struct
{
  guint       n_faces;                     /* 0: no face found */
  FlPoint     landmarks[FL_N_LANDMARKS];   /* image pixels; valid when n_faces > 0 */
  FlPoint     eyes[2];                     /* the eye on the image's left first */
  GdkTexture *chip;                        /* FL_CHIP_SIZE² aligned face, NULL without a face */
  int         width;                       /* of the image */
  int         height;
} FlFaceInfo;

#define FL_TYPE_FACE_INFO (fl_face_info_get_type ())
GType       fl_face_info_get_type (void) G_GNUC_CONST;
FlFaceInfo *fl_face_info_ref      (FlFaceInfo *info);
void        fl_face_info_unref    (FlFaceInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlFaceInfo, fl_face_info_unref)

#define FL_TYPE_FACE_CACHE (fl_face_cache_get_type ())
G_DECLARE_FINAL_TYPE (FlFaceCache, fl_face_cache, FL, FACE_CACHE, GObject)

FlFaceCache *fl_face_cache_new          (void);

/* The faces of the image stored at @path with hash @hash, from memory or
 * found now. With @want_image the whole image is decoded and returned as a
 * texture too (for the comparison view; it is not kept). Chip-only requests
 * (the grid) wait in line behind one another so that a long candidate list
 * never takes every core; requests with @want_image run at once. */
void         fl_face_cache_load_async   (FlFaceCache          *self,
                                         const char           *hash,
                                         const char           *path,
                                         gboolean              want_image,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
/* Returns a reference; @out_image (may be NULL) receives the image texture
 * when it was asked for. */
FlFaceInfo  *fl_face_cache_load_finish  (FlFaceCache          *self,
                                         GAsyncResult         *result,
                                         GdkTexture          **out_image,
                                         GError              **error);
/* The cached result for @hash (borrowed), or NULL. */
FlFaceInfo  *fl_face_cache_peek         (FlFaceCache          *self,
                                         const char           *hash);

/* Copies the detected landmarks into @out_landmarks with the examiner's own
 * points (@manual: a GArray of FlManualLandmark from
 * fl_review_get_manual_landmarks(), or NULL) in place of the detected ones. */
void         fl_face_info_apply_manual  (const FlFaceInfo     *info,
                                         GArray               *manual,
                                         FlPoint               out_landmarks[FL_N_LANDMARKS]);

G_END_DECLS
