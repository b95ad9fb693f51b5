/* fl-gallery-dialog.h: creates a gallery with its name, provenance and lawful basis (R13) */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_GALLERY_DIALOG (fl_gallery_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FlGalleryDialog, fl_gallery_dialog, FL, GALLERY_DIALOG, AdwWindow)

/* Emits "created" (the new gallery's id), then closes. */
GtkWidget  *fl_gallery_dialog_new         (GtkWindow       *parent,
                                           FlSession       *session);
/* What "Create" does: checks the fields, then asks the core to create the
 * gallery. FALSE with each problem shown under its field. */
gboolean    fl_gallery_dialog_submit      (FlGalleryDialog *self);
/* The first problem shown, or NULL. */
const char *fl_gallery_dialog_get_problem (FlGalleryDialog *self);

G_END_DECLS
