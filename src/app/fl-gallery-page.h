/* fl-gallery-page.h: the Gallery section: lawfully obtained records that searches compare against (R12, R13) */
#pragma once

#include "fl-page.h"

G_BEGIN_DECLS

#define FL_TYPE_GALLERY_PAGE (fl_gallery_page_get_type ())
G_DECLARE_FINAL_TYPE (FlGalleryPage, fl_gallery_page, FL, GALLERY_PAGE, FlPage)

GtkWidget *fl_gallery_page_new (FlSession *session);

G_END_DECLS
