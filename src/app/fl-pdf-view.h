/* fl-pdf-view.h: a PDF viewer: the page canvas with page and zoom controls */
#pragma once

#include "fl-pdf-canvas.h"

G_BEGIN_DECLS

#define FL_TYPE_PDF_VIEW (fl_pdf_view_get_type ())
G_DECLARE_FINAL_TYPE (FlPdfView, fl_pdf_view, FL, PDF_VIEW, GtkWidget)

/* Actions (also on the keyboard while the view has the focus):
 *   pdf.zoom-in (+), pdf.zoom-out (−), pdf.fit-width (0),
 *   pdf.previous-page (Page Up), pdf.next-page (Page Down),
 *   pdf.first-page (Home), pdf.last-page (End).
 * Ctrl+scroll zooms around the pointer; dragging pans. */
GtkWidget   *fl_pdf_view_new        (void);
gboolean     fl_pdf_view_set_pdf    (FlPdfView  *self,
                                     GBytes     *pdf,
                                     GError    **error);
FlPdfCanvas *fl_pdf_view_get_canvas (FlPdfView  *self);
/* "2 of 4" */
const char  *fl_pdf_view_get_page_label (FlPdfView *self);

G_END_DECLS
