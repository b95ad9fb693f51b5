/* fl-subject-item.h: one gallery subject in a list model, with its face thumbnail once loaded */
#pragma once

#include <gtk/gtk.h>

#include "fl-gallery.h"

G_BEGIN_DECLS

typedef enum
{
  FL_SUBJECT_THUMB_UNKNOWN,   /* the subject's photos were not looked up yet */
  FL_SUBJECT_THUMB_LOADING,
  FL_SUBJECT_THUMB_LOADED,
  FL_SUBJECT_THUMB_NONE,      /* sealed, purged, or no photo */
  FL_SUBJECT_THUMB_FAILED,    /* the photo could not be read */
} FlSubjectThumbState;

#define FL_TYPE_SUBJECT_ITEM (fl_subject_item_get_type ())
G_DECLARE_FINAL_TYPE (FlSubjectItem, fl_subject_item, FL, SUBJECT_ITEM, GObject)

/* Takes @subject (a row of fl_gallery_list_subjects()). */
FlSubjectItem       *fl_subject_item_new           (FlSubject     *subject);
const FlSubject     *fl_subject_item_get_subject   (FlSubjectItem *self);
gint64               fl_subject_item_get_id        (FlSubjectItem *self);

/* Photos the subject has (known once the thumbnail was looked up; -1 before). */
int                  fl_subject_item_get_n_photos  (FlSubjectItem *self);
void                 fl_subject_item_set_n_photos  (FlSubjectItem *self,
                                                    int            n_photos);

FlSubjectThumbState  fl_subject_item_get_thumb_state (FlSubjectItem *self);
/* Notifies "texture" (also when only the state changed). */
void                 fl_subject_item_set_thumb     (FlSubjectItem      *self,
                                                    FlSubjectThumbState state,
                                                    GdkTexture         *texture);
GdkTexture          *fl_subject_item_get_texture   (FlSubjectItem *self);

G_END_DECLS
