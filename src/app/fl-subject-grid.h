/* fl-subject-grid.h: the subjects of one gallery as a grid of faces, searched and read a page at a time */
#pragma once

#include <gtk/gtk.h>

#include "fl-accounts.h"
#include "fl-thumbnail-cache.h"

G_BEGIN_DECLS

#define FL_SUBJECT_GRID_PAGE_SIZE 120

#define FL_TYPE_SUBJECT_GRID (fl_subject_grid_get_type ())
G_DECLARE_FINAL_TYPE (FlSubjectGrid, fl_subject_grid, FL, SUBJECT_GRID, GtkWidget)

/* Emits "subject-selected" (the subject's id, 0 when the selection is cleared). */
GtkWidget  *fl_subject_grid_new           (void);
void        fl_subject_grid_setup         (FlSubjectGrid    *self,
                                           FlSession        *session,
                                           FlThumbnailCache *cache);
/* Shows the first page of @gallery_id (0 for none); @n_records is the
 * gallery's number of subjects, sealed ones included (the grid lists both). */
void        fl_subject_grid_set_gallery   (FlSubjectGrid    *self,
                                           gint64            gallery_id,
                                           guint             n_records);
gint64      fl_subject_grid_get_gallery   (FlSubjectGrid    *self);
/* Reads the current page again (after an import or a seal), keeping the selection. */
void        fl_subject_grid_reload        (FlSubjectGrid    *self);
/* What the search entry holds: matches the record id, name, CDL, MAIN #, SID or a booking number. */
void        fl_subject_grid_set_search    (FlSubjectGrid    *self,
                                           const char       *text);

/* The subjects on the current page (FlSubjectItem). */
GListModel *fl_subject_grid_get_model     (FlSubjectGrid    *self);
void        fl_subject_grid_set_page_size (FlSubjectGrid    *self,
                                           guint             page_size);
guint       fl_subject_grid_get_page      (FlSubjectGrid    *self);
/* FALSE when @page is past the last one. */
gboolean    fl_subject_grid_set_page      (FlSubjectGrid    *self,
                                           guint             page);
gboolean    fl_subject_grid_has_next_page (FlSubjectGrid    *self);
/* The line under the grid, e.g. "1–120 of 455 records". */
const char *fl_subject_grid_get_page_text (FlSubjectGrid    *self);
/* The core's message when the page could not be read, else NULL. */
const char *fl_subject_grid_get_error     (FlSubjectGrid    *self);

gint64      fl_subject_grid_get_selected  (FlSubjectGrid    *self);
/* Selects the subject when it is on the current page (0 clears the selection). */
gboolean    fl_subject_grid_select        (FlSubjectGrid    *self,
                                           gint64            subject_id);
/* Moves the keyboard focus to the search entry. */
void        fl_subject_grid_focus_search  (FlSubjectGrid    *self);
/* Thumbnails of this page still being loaded. */
guint       fl_subject_grid_get_n_loading (FlSubjectGrid    *self);

G_END_DECLS
