/* fl-report-print.c: printing an issued report's PDF with GtkPrintOperation */
#include <math.h>
#include <poppler.h>

#include "fl-pdf-canvas.h"
#include "fl-report-print.h"

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PopplerDocument   *document)
{
  gtk_print_operation_set_n_pages (operation, poppler_document_get_n_pages (document));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PopplerDocument   *document)
{
  PopplerPage *page = poppler_document_get_page (document, page_nr);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double pw, ph, cw, ch, scale;

  if (page == NULL)
    return;
  poppler_page_get_size (page, &pw, &ph);
  /* The operation's unit is points, so the context measures the paper in points. */
  cw = gtk_print_context_get_width (context);
  ch = gtk_print_context_get_height (context);
  scale = MIN (cw / pw, ch / ph);
  cairo_save (cr);
  cairo_translate (cr, (cw - pw * scale) / 2, (ch - ph * scale) / 2);
  cairo_scale (cr, scale, scale);
  fl_pdf_render_lock ();
  poppler_page_render_for_printing (page, cr);
  fl_pdf_render_unlock ();
  cairo_restore (cr);
  g_object_unref (page);
}

static GtkPaperSize *
paper_for (double width,
           double height)
{
  static const char * const names[] = { GTK_PAPER_NAME_LETTER, GTK_PAPER_NAME_A4, GTK_PAPER_NAME_LEGAL };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkPaperSize *paper = gtk_paper_size_new (names[i]);

      if (fabs (gtk_paper_size_get_width (paper, GTK_UNIT_POINTS) - width) < 2 &&
          fabs (gtk_paper_size_get_height (paper, GTK_UNIT_POINTS) - height) < 2)
        return paper;
      gtk_paper_size_free (paper);
    }
  return gtk_paper_size_new_custom ("faceleads-report", "Report", width, height, GTK_UNIT_POINTS);
}

GtkPrintOperation *
fl_report_print_operation_new (GBytes      *pdf,
                               const char  *job_name,
                               GError     **error)
{
  PopplerDocument *document;
  PopplerPage *first;
  GtkPrintOperation *operation;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  double pw = 612, ph = 792;

  g_return_val_if_fail (pdf != NULL, NULL);

  document = poppler_document_new_from_bytes (pdf, NULL, error);
  if (document == NULL)
    return NULL;
  first = poppler_document_get_page (document, 0);
  if (first != NULL)
    {
      poppler_page_get_size (first, &pw, &ph);
      g_object_unref (first);
    }

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  {
    GtkPaperSize *paper = paper_for (pw, ph);

    gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
    gtk_page_setup_set_orientation (setup, pw > ph ? GTK_PAGE_ORIENTATION_LANDSCAPE : GTK_PAGE_ORIENTATION_PORTRAIT);
    gtk_paper_size_free (paper);
  }
  gtk_print_operation_set_default_page_setup (operation, setup);

  /* The operation owns the document: it outlives the window while printing goes on. */
  g_object_set_data_full (G_OBJECT (operation), "fl-report-document", document, g_object_unref);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), document);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), document);
  return operation;
}
