/* fl-report-print.h: printing an issued report's PDF with GtkPrintOperation */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A print operation for @pdf: begin-print sets the number of pages,
 * draw-page draws each page with poppler_page_render_for_printing(),
 * scaled to fit the printer's paper (the PDF carries its own margins, so
 * the full page is used). The default paper is the report's own (Letter,
 * A4, or its exact size). GTK draws page by page, so a long report never
 * blocks the window; the print dialog's Preview uses the same drawing.
 * NULL with an error when @pdf cannot be read. */
GtkPrintOperation *fl_report_print_operation_new (GBytes      *pdf,
                                                  const char  *job_name,
                                                  GError     **error);

G_END_DECLS
