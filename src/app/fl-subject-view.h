/* fl-subject-view.h: one gallery subject: demographics, bookings and every photo with how its face was found */
#pragma once

#include <gtk/gtk.h>

#include "fl-accounts.h"
#include "fl-thumbnail-cache.h"

G_BEGIN_DECLS

/* The longer side of a photo in the details, in pixels. */
#define FL_SUBJECT_VIEW_PHOTO_SIZE 200

#define FL_TYPE_SUBJECT_VIEW (fl_subject_view_get_type ())
G_DECLARE_FINAL_TYPE (FlSubjectView, fl_subject_view, FL, SUBJECT_VIEW, GtkWidget)

/* Emits "sealed" (the subject's id) after an administrator sealed the subject
 * shown, and "close" when the person closes the details. */
GtkWidget  *fl_subject_view_new             (void);
void        fl_subject_view_setup           (FlSubjectView    *self,
                                             FlSession        *session,
                                             FlThumbnailCache *cache);
/* Reads the subject from the core and shows it; FALSE with the core's error. */
gboolean    fl_subject_view_show_subject    (FlSubjectView    *self,
                                             gint64            subject_id,
                                             GError          **error);
gint64      fl_subject_view_get_subject_id  (FlSubjectView    *self);
/* Reads the subject shown again. */
void        fl_subject_view_reload          (FlSubjectView    *self);

/* Photos shown (none for a sealed subject) and their thumbnails still loading. */
guint       fl_subject_view_get_n_photos    (FlSubjectView    *self);
guint       fl_subject_view_get_n_loading   (FlSubjectView    *self);
/* "Sealed under notice …" for a sealed subject, else NULL. */
const char *fl_subject_view_get_sealed_text (FlSubjectView    *self);
/* Opens the seal/destroy dialog for the subject (administrators only);
 * returns it, or NULL when the person may not seal or the subject is sealed. */
GtkWidget  *fl_subject_view_seal            (FlSubjectView    *self);

G_END_DECLS
