/* fl-request-image-row.h: one probe image on the intake form: thumbnail, size, format,
 * SHA-256, the matcher's quality figures, and the image's own fields (R4, R7) */
#pragma once

#include <adwaita.h>

#include "fl-request.h"

G_BEGIN_DECLS

#define FL_TYPE_REQUEST_IMAGE_ROW (fl_request_image_row_get_type ())
G_DECLARE_FINAL_TYPE (FlRequestImageRow, fl_request_image_row, FL, REQUEST_IMAGE_ROW, AdwBin)

typedef enum
{
  FL_REQUEST_IMAGE_LOADING,   /* reading and checking the file */
  FL_REQUEST_IMAGE_READY,     /* a readable image: it goes into the request */
  FL_REQUEST_IMAGE_FAILED,    /* not usable (not an image, damaged, too large): never submitted */
} FlRequestImageState;

/* The kind not yet chosen (the form refuses to guess it). */
#define FL_REQUEST_IMAGE_KIND_UNSET ((FlImageKind) (FL_IMAGE_KIND_LAST + 1))

/* Reads @file and measures it in a worker thread; "changed" is emitted when done. */
GtkWidget          *fl_request_image_row_new          (GFile             *file);

FlRequestImageState fl_request_image_row_get_state    (FlRequestImageRow *self);
GFile              *fl_request_image_row_get_file     (FlRequestImageRow *self);
/* The file's bytes once READY, else NULL. */
GBytes             *fl_request_image_row_get_bytes    (FlRequestImageRow *self);
const char         *fl_request_image_row_get_filename (FlRequestImageRow *self);
const char         *fl_request_image_row_get_sha256   (FlRequestImageRow *self);
/* Why the file cannot be used (FAILED), or NULL. */
const char         *fl_request_image_row_get_error    (FlRequestImageRow *self);
/* The quality figures and suitability hint in words, or why there are none ("no face found"). */
const char         *fl_request_image_row_get_quality_text (FlRequestImageRow *self);
guint               fl_request_image_row_get_n_faces  (FlRequestImageRow *self);

const char         *fl_request_image_row_get_source   (FlRequestImageRow *self);
gboolean            fl_request_image_row_get_from_video (FlRequestImageRow *self);
FlImageKind         fl_request_image_row_get_kind     (FlRequestImageRow *self);
void                fl_request_image_row_set_kind     (FlRequestImageRow *self,
                                                       FlImageKind        kind);

/* The field of the image a message belongs to: "file", "source", "from_video" or
 * "kind" (the part after "images[N]." in a core field id); the widget marked. */
GtkWidget          *fl_request_image_row_get_field    (FlRequestImageRow *self,
                                                       const char        *name);
/* Whether the person changed that field yet (a message is shown only then). */
gboolean            fl_request_image_row_get_touched  (FlRequestImageRow *self,
                                                       const char        *name);

G_END_DECLS
