/* fl-pdf-canvas.h: one page of a PDF, drawn at a zoom, scrollable (GtkScrollable) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FL_PDF_ZOOM_MIN 0.25
#define FL_PDF_ZOOM_MAX 4.0

#define FL_TYPE_PDF_CANVAS (fl_pdf_canvas_get_type ())
G_DECLARE_FINAL_TYPE (FlPdfCanvas, fl_pdf_canvas, FL, PDF_CANVAS, GtkWidget)

GtkWidget *fl_pdf_canvas_new          (void);

/* Shows @pdf (NULL clears). FALSE with a Poppler error when it cannot be read. */
gboolean   fl_pdf_canvas_set_pdf      (FlPdfCanvas *self,
                                       GBytes      *pdf,
                                       GError     **error);
int        fl_pdf_canvas_get_n_pages  (FlPdfCanvas *self);
/* 0-based; clamped to the document. */
int        fl_pdf_canvas_get_page     (FlPdfCanvas *self);
void       fl_pdf_canvas_set_page     (FlPdfCanvas *self,
                                       int          page);

/* 1.0 draws a PDF point as one logical pixel; clamped to FL_PDF_ZOOM_MIN…MAX. */
double     fl_pdf_canvas_get_zoom     (FlPdfCanvas *self);
/* Zooms keeping the view's centre in place; leaves fit-width. */
void       fl_pdf_canvas_set_zoom     (FlPdfCanvas *self,
                                       double       zoom);
/* Multiplies the zoom by @factor keeping the document point under (@x, @y)
 * (widget coordinates) where it is: the pointer for Ctrl+scroll, the
 * centre of a pinch. */
void       fl_pdf_canvas_zoom_at      (FlPdfCanvas *self,
                                       double       factor,
                                       double       x,
                                       double       y);
/* The page's width fills the view, following its size. */
gboolean   fl_pdf_canvas_get_fit_width (FlPdfCanvas *self);
void       fl_pdf_canvas_set_fit_width (FlPdfCanvas *self,
                                        gboolean     fit_width);

/* TRUE when the current page is drawn sharp at the current zoom (pages are
 * rendered in a worker thread; until then a scaled earlier rendering shows). */
gboolean   fl_pdf_canvas_is_rendered  (FlPdfCanvas *self);

/* Where the page lies in widget coordinates (for tests and hit-testing). */
void       fl_pdf_canvas_get_page_rect (FlPdfCanvas     *self,
                                        graphene_rect_t *rect);

/* Poppler's Cairo renderer shares its font caches between documents, so
 * the preview's worker and the print operation never render at once: each
 * poppler_page_render*() call in the application holds this lock. */
void       fl_pdf_render_lock         (void);
void       fl_pdf_render_unlock       (void);

G_END_DECLS
