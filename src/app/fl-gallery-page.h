/* fl-gallery-page.h: the Gallery section: lawfully obtained records that searches compare against (R12, R13) */
#pragma once

#include "fl-page.h"
#include "fl-subject-grid.h"
#include "fl-subject-view.h"

G_BEGIN_DECLS

#define FL_TYPE_GALLERY_PAGE (fl_gallery_page_get_type ())
G_DECLARE_FINAL_TYPE (FlGalleryPage, fl_gallery_page, FL, GALLERY_PAGE, FlPage)

GtkWidget     *fl_gallery_page_new            (FlSession     *session);

/* The gallery shown (0 when there is none), and choosing another. */
gint64         fl_gallery_page_get_gallery_id (FlGalleryPage *self);
gboolean       fl_gallery_page_select_gallery (FlGalleryPage *self,
                                               gint64         gallery_id);
/* The line beside the gallery's name, e.g. "45 subjects · 55 searchable photos". */
const char    *fl_gallery_page_get_counts_text (FlGalleryPage *self);

/* What "New Gallery…" and "Import Photos…" do: open the dialog and return it. */
GtkWidget     *fl_gallery_page_new_gallery    (FlGalleryPage *self);
GtkWidget     *fl_gallery_page_import         (FlGalleryPage *self);

/* Shows the subject's details beside the grid (selecting it when on the page). */
gboolean       fl_gallery_page_show_subject   (FlGalleryPage *self,
                                               gint64         subject_id,
                                               GError       **error);

FlSubjectGrid *fl_gallery_page_get_grid       (FlGalleryPage *self);
FlSubjectView *fl_gallery_page_get_view       (FlGalleryPage *self);

G_END_DECLS
