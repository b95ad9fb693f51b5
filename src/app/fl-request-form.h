/* fl-request-form.h: the search request form (R4–R9): every field, the probe images,
 * inline checks, and the warning before a request that will be refused */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"
#include "fl-request-image-row.h"

G_BEGIN_DECLS

#define FL_TYPE_REQUEST_FORM (fl_request_form_get_type ())
G_DECLARE_FINAL_TYPE (FlRequestForm, fl_request_form, FL, REQUEST_FORM, AdwBin)

GtkWidget         *fl_request_form_new             (FlSession     *session);

/* Adds a probe image (what the file chooser and a drop do); it is measured at once. */
void               fl_request_form_add_file        (FlRequestForm *self,
                                                    GFile         *file);
guint              fl_request_form_get_n_images    (FlRequestForm *self);
FlRequestImageRow *fl_request_form_get_image       (FlRequestForm *self,
                                                    guint          index);
/* TRUE while an added image is still being read and measured. */
gboolean           fl_request_form_is_busy         (FlRequestForm *self);

/* The widget showing the field @field_id (an FL_FIELD_* id or "images[N].…"), or NULL. */
GtkWidget         *fl_request_form_get_field       (FlRequestForm *self,
                                                    const char    *field_id);
/* Why Submit is disabled (the text beside it), or NULL when it can be pressed.
 * Runs any check still pending, so it reflects the form as it is now. */
const char        *fl_request_form_get_problem     (FlRequestForm *self);
/* The field ids the core currently reports, in the core's order. */
GStrv              fl_request_form_get_error_fields (FlRequestForm *self);

/* Same as pressing Submit: asks first when the request would be refused. */
void               fl_request_form_submit          (FlRequestForm *self);
/* Empties the form for a new request. */
void               fl_request_form_reset           (FlRequestForm *self);
/* Re-reads the unit's incident types and purposes (keeping the choices made). */
void               fl_request_form_reload_lists    (FlRequestForm *self);

G_END_DECLS
