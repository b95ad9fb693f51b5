/* fl-report-pdf.c: a small page-flow writer over cairo's PDF surface and Pango.
 *
 * Text is laid out by Pango (real, selectable text; cairo embeds font subsets).
 * A document is drawn twice: the first pass only counts pages so that every
 * page can say "Page N of M". Both passes draw onto a PDF surface so that the
 * font metrics, and therefore the page breaks, are identical.
 */
#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "fl-report-private.h"
#include "fl-store.h"

#define FONT_FAMILY "DejaVu Sans"
#define MARGIN_SIDE 40.0
#define MARGIN_TOP 22.0
#define MARGIN_BOTTOM 20.0
#define FIELD_PAD 3.0

typedef struct
{
  FlPdf       pdf;
  GHashTable *images;   /* GBytes* → decoded cairo_surface_t*, shared by both passes */
} FlPdfDoc;

static const struct
{
  const char *weight;
  double      size;
  double      gray;
  gboolean    blue;
} styles[] = {
  [FL_PDF_BODY] = { "", 9.0, 0.0, FALSE },
  [FL_PDF_BODY_BOLD] = { "Bold", 9.0, 0.0, FALSE },
  [FL_PDF_SMALL] = { "", 7.5, 0.0, FALSE },
  [FL_PDF_SMALL_BOLD] = { "Bold", 7.5, 0.0, FALSE },
  [FL_PDF_LABEL] = { "Bold", 6.8, 0.33, FALSE },
  [FL_PDF_HEADING] = { "Bold", 11.5, 0.0, FALSE },
  [FL_PDF_SUBTITLE] = { "", 10.0, 0.15, FALSE },
  [FL_PDF_TITLE] = { "Bold", 17.0, 0.0, FALSE },
  [FL_PDF_BANNER] = { "Bold", 9.6, 0.0, FALSE },
  [FL_PDF_CLASSIFICATION] = { "Bold", 8.5, 0.0, FALSE },
  [FL_PDF_FOOTER] = { "", 6.3, 0.15, FALSE },
  [FL_PDF_FILL] = { "", 9.5, 0.0, TRUE },
  [FL_PDF_TABLE] = { "Condensed", 7.5, 0.0, FALSE },
  [FL_PDF_TABLE_BOLD] = { "Condensed Bold", 7.5, 0.0, FALSE },
};

const char *
fl_report_dash (const char *text)
{
  return (text != NULL && text[0] != '\0') ? text : "—";
}

char *
fl_report_format_time (const char *iso,
                       gboolean    with_time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (iso, NULL);
  if (utc == NULL)
    return g_strdup (iso);   /* a plain date ("2026-03-01") prints as written */
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, with_time ? "%Y-%m-%d %H:%M %Z" : "%Y-%m-%d");
}

char *
fl_report_handling_text (const char *agency_name,
                         const char *report_contact)
{
  const char *agency = (agency_name && *agency_name) ? agency_name : "the issuing agency";

  /* Policy 001's report footer, with the unit's own name and contact (R24). */
  return g_strdup_printf ("This document is the property of %s and is prepared for the limited purpose of "
                          "information sharing. This information is designated U//LES and is shared in "
                          "confidence. This document contains Personally Identifiable Information (PII) and "
                          "must be handled in accordance with %s's facial recognition policy and the FBI CJIS "
                          "Security Policy. It may be shared with other law enforcement agencies but may not be "
                          "posted within public view. This document must not be reclassified in any way, in "
                          "whole or part. Questions about this document can be directed to %s.",
                          agency, agency,
                          (report_contact && *report_contact) ? report_contact : "the issuing unit");
}

static void
paper_dimensions (const char *paper_size,
                  double     *width,
                  double     *height)
{
  if (g_strcmp0 (paper_size, "a4") == 0)
    {
      *width = 595.276;
      *height = 841.890;
    }
  else
    {
      *width = 612.0;
      *height = 792.0;
    }
}

double
fl_pdf_content_width (FlPdf *pdf)
{
  return pdf->right - pdf->left;
}

PangoLayout *
fl_pdf_layout (FlPdf      *pdf,
               FlPdfStyle  style,
               const char *text,
               gboolean    markup,
               double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (pdf->cr);
  g_autofree char *desc_text = g_strdup_printf ("%s %s %.2f", FONT_FAMILY, styles[style].weight, styles[style].size);
  PangoFontDescription *desc = pango_font_description_from_string (desc_text);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (markup)
    pango_layout_set_markup (layout, text ? text : "", -1);
  else
    pango_layout_set_text (layout, text ? text : "", -1);
  /* A hash, an e-mail address or a case number broken across lines must not
   * gain a hyphen that is not part of it. */
  {
    PangoAttrList *attrs = pango_layout_get_attributes (layout);

    attrs = attrs ? pango_attr_list_copy (attrs) : pango_attr_list_new ();
    pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
    pango_layout_set_attributes (layout, attrs);
    pango_attr_list_unref (attrs);
  }
  return layout;
}

static void
set_style_color (FlPdf      *pdf,
                 FlPdfStyle  style)
{
  if (styles[style].blue)
    cairo_set_source_rgb (pdf->cr, 0.05, 0.16, 0.45);
  else
    cairo_set_source_rgb (pdf->cr, styles[style].gray, styles[style].gray, styles[style].gray);
}

double
fl_pdf_text_height (FlPdf      *pdf,
                    FlPdfStyle  style,
                    const char *text,
                    gboolean    markup,
                    double      width)
{
  g_autoptr(PangoLayout) layout = fl_pdf_layout (pdf, style, text, markup, width);
  int h;

  pango_layout_get_size (layout, NULL, &h);
  return (double) h / PANGO_SCALE;
}

double
fl_pdf_text_at (FlPdf          *pdf,
                FlPdfStyle      style,
                const char     *text,
                gboolean        markup,
                double          x,
                double          y,
                double          width,
                PangoAlignment  align)
{
  g_autoptr(PangoLayout) layout = fl_pdf_layout (pdf, style, text, markup, width);
  int h;

  pango_layout_set_alignment (layout, align);
  cairo_save (pdf->cr);
  set_style_color (pdf, style);
  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, layout);
  cairo_restore (pdf->cr);
  pango_layout_get_size (layout, NULL, &h);
  return (double) h / PANGO_SCALE;
}

void
fl_pdf_line (FlPdf  *pdf,
             double  x0,
             double  y0,
             double  x1,
             double  y1,
             double  width)
{
  cairo_save (pdf->cr);
  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
  cairo_set_line_width (pdf->cr, width);
  cairo_move_to (pdf->cr, x0, y0);
  cairo_line_to (pdf->cr, x1, y1);
  cairo_stroke (pdf->cr);
  cairo_restore (pdf->cr);
}

static gboolean
page_has_caveat (FlPdf *pdf)
{
  return pdf->chrome->caveat != NULL && pdf->page >= pdf->chrome->caveat_from_page;
}

static double
measure_footer (FlPdf *pdf)
{
  const FlPdfChrome *c = pdf->chrome;
  double w = fl_pdf_content_width (pdf);
  double h = 6.0;   /* gap above the rule */

  if (page_has_caveat (pdf))
    h += fl_pdf_text_height (pdf, FL_PDF_SMALL_BOLD, c->caveat, FALSE, w) + 2.0;
  h += fl_pdf_text_height (pdf, FL_PDF_FOOTER, c->handling, FALSE, w) + 3.0;
  h += fl_pdf_text_height (pdf, FL_PDF_SMALL, "Page 1 of 1", FALSE, w) + 3.0;
  h += fl_pdf_text_height (pdf, FL_PDF_CLASSIFICATION, FL_REPORT_CLASSIFICATION, FALSE, w);
  return h;
}

/* Draws the chrome of a new page and resets the cursor. */
static void
begin_page (FlPdf *pdf)
{
  const FlPdfChrome *c = pdf->chrome;
  double w = fl_pdf_content_width (pdf);
  double y;
  g_autofree char *page_text = NULL;

  double footer_height;

  pdf->page++;
  footer_height = measure_footer (pdf);

  y = MARGIN_TOP;
  y += fl_pdf_text_at (pdf, FL_PDF_CLASSIFICATION, FL_REPORT_CLASSIFICATION, FALSE, pdf->left, y, w,
                       PANGO_ALIGN_CENTER);
  pdf->top = y + 8.0;
  pdf->y = pdf->top;

  y = pdf->height - MARGIN_BOTTOM - footer_height;
  pdf->bottom = y;
  y += 6.0;
  fl_pdf_line (pdf, pdf->left, y - 3.0, pdf->right, y - 3.0, 0.6);
  if (page_has_caveat (pdf))
    y += fl_pdf_text_at (pdf, FL_PDF_SMALL_BOLD, c->caveat, FALSE, pdf->left, y, w, PANGO_ALIGN_LEFT) + 2.0;
  y += fl_pdf_text_at (pdf, FL_PDF_FOOTER, c->handling, FALSE, pdf->left, y, w, PANGO_ALIGN_LEFT) + 3.0;
  /* In the counting pass the total is unknown; the line's height does not depend on it. */
  page_text = pdf->total > 0 ? g_strdup_printf ("Page %d of %d", pdf->page, pdf->total)
                             : g_strdup_printf ("Page %d", pdf->page);
  fl_pdf_text_at (pdf, FL_PDF_SMALL, c->doc_id, FALSE, pdf->left, y, w * 0.8, PANGO_ALIGN_LEFT);
  y += fl_pdf_text_at (pdf, FL_PDF_SMALL_BOLD, page_text, FALSE, pdf->left, y, w, PANGO_ALIGN_RIGHT) + 3.0;
  fl_pdf_text_at (pdf, FL_PDF_CLASSIFICATION, FL_REPORT_CLASSIFICATION, FALSE, pdf->left, y, w, PANGO_ALIGN_CENTER);
}

void
fl_pdf_page_break (FlPdf *pdf)
{
  cairo_show_page (pdf->cr);
  begin_page (pdf);
}

void
fl_pdf_need (FlPdf  *pdf,
             double  height)
{
  if (pdf->y + height > pdf->bottom && pdf->y > pdf->top + 0.5)
    fl_pdf_page_break (pdf);
}

void
fl_pdf_space (FlPdf  *pdf,
              double  points)
{
  pdf->y = MIN (pdf->y + points, pdf->bottom);
}

void
fl_pdf_paragraph (FlPdf      *pdf,
                  FlPdfStyle  style,
                  const char *text,
                  gboolean    markup)
{
  g_autoptr(PangoLayout) layout = fl_pdf_layout (pdf, style, text, markup, fl_pdf_content_width (pdf));
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double origin = pdf->y;   /* page position of layout y = shift */
  double shift = 0;
  double last = pdf->y;

  cairo_save (pdf->cr);
  set_style_color (pdf, style);
  do
    {
      PangoRectangle logical;
      double ly, lh;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      ly = (double) logical.y / PANGO_SCALE;
      lh = (double) logical.height / PANGO_SCALE;
      if (origin + (ly - shift) + lh > pdf->bottom && (ly - shift > 0 || pdf->y > pdf->top + 0.5))
        {
          cairo_restore (pdf->cr);
          fl_pdf_page_break (pdf);
          cairo_save (pdf->cr);
          set_style_color (pdf, style);
          origin = pdf->y;
          shift = ly;
        }
      cairo_move_to (pdf->cr, pdf->left + (double) logical.x / PANGO_SCALE,
                     origin + (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE - shift);
      pango_cairo_show_layout_line (pdf->cr, pango_layout_iter_get_line_readonly (iter));
      last = origin + (ly - shift) + lh;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  cairo_restore (pdf->cr);
  pdf->y = last;
}

void
fl_pdf_heading (FlPdf      *pdf,
                FlPdfStyle  style,
                const char *text,
                double      keep)
{
  double h = fl_pdf_text_height (pdf, style, text, FALSE, fl_pdf_content_width (pdf));

  fl_pdf_need (pdf, h + keep);
  pdf->y += fl_pdf_text_at (pdf, style, text, FALSE, pdf->left, pdf->y, fl_pdf_content_width (pdf),
                            PANGO_ALIGN_LEFT);
  pdf->y += 3.0;
}

void
fl_pdf_banner (FlPdf      *pdf,
               FlPdfStyle  style,
               const char *text,
               double      fill_gray,
               double      line_width)
{
  const double pad = 5.5;
  double w = fl_pdf_content_width (pdf);
  double h = fl_pdf_text_height (pdf, style, text, FALSE, w - 2 * pad) + 2 * pad;

  fl_pdf_need (pdf, h);
  cairo_save (pdf->cr);
  cairo_rectangle (pdf->cr, pdf->left, pdf->y, w, h);
  cairo_set_source_rgb (pdf->cr, fill_gray, fill_gray, fill_gray);
  cairo_fill_preserve (pdf->cr);
  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
  cairo_set_line_width (pdf->cr, line_width);
  cairo_stroke (pdf->cr);
  cairo_restore (pdf->cr);
  fl_pdf_text_at (pdf, style, text, FALSE, pdf->left + pad, pdf->y + pad, w - 2 * pad, PANGO_ALIGN_CENTER);
  pdf->y += h;
}

static void
stroke_rect (FlPdf  *pdf,
             double  x,
             double  y,
             double  w,
             double  h,
             double  gray,
             double  line_width)
{
  cairo_save (pdf->cr);
  cairo_set_source_rgb (pdf->cr, gray, gray, gray);
  cairo_set_line_width (pdf->cr, line_width);
  cairo_rectangle (pdf->cr, x, y, w, h);
  cairo_stroke (pdf->cr);
  cairo_restore (pdf->cr);
}

static void
fill_rect (FlPdf  *pdf,
           double  x,
           double  y,
           double  w,
           double  h,
           double  gray)
{
  cairo_save (pdf->cr);
  cairo_set_source_rgb (pdf->cr, gray, gray, gray);
  cairo_rectangle (pdf->cr, x, y, w, h);
  cairo_fill (pdf->cr);
  cairo_restore (pdf->cr);
}

static double
fields_row_height (FlPdf              *pdf,
                   const char * const *labels,
                   const char * const *values,
                   guint               n,
                   guint               columns,
                   guint               row,
                   double              pad)
{
  double cw = fl_pdf_content_width (pdf) / columns;
  double rh = 0;

  for (guint c = 0; c < columns && row * columns + c < n; c++)
    {
      guint i = row * columns + c;
      double h = fl_pdf_text_height (pdf, FL_PDF_LABEL, labels[i], FALSE, cw - 2 * pad)
                 + 1.0 + fl_pdf_text_height (pdf, FL_PDF_BODY, fl_report_dash (values[i]), FALSE, cw - 2 * pad);
      rh = MAX (rh, h + 2 * pad);
    }
  return rh;
}

double
fl_pdf_fields_height (FlPdf              *pdf,
                      const char * const *labels,
                      const char * const *values,
                      guint               n,
                      guint               columns)
{
  double h = 0;

  for (guint row = 0; row * columns < n; row++)
    h += fields_row_height (pdf, labels, values, n, columns, row, FIELD_PAD);
  return h;
}

void
fl_pdf_fields (FlPdf              *pdf,
               const char * const *labels,
               const char * const *values,
               guint               n,
               guint               columns)
{
  const double pad = FIELD_PAD;
  double cw = fl_pdf_content_width (pdf) / columns;

  for (guint row = 0; row * columns < n; row++)
    {
      double rh = fields_row_height (pdf, labels, values, n, columns, row, pad);

      fl_pdf_need (pdf, rh);
      for (guint c = 0; c < columns; c++)
        {
          guint i = row * columns + c;
          double x = pdf->left + c * cw;

          stroke_rect (pdf, x, pdf->y, cw, rh, 0.55, 0.5);
          if (i >= n)
            continue;
          double lh = fl_pdf_text_at (pdf, FL_PDF_LABEL, labels[i], FALSE, x + pad, pdf->y + pad, cw - 2 * pad,
                                      PANGO_ALIGN_LEFT);
          fl_pdf_text_at (pdf, FL_PDF_BODY, fl_report_dash (values[i]), FALSE, x + pad, pdf->y + pad + lh + 1.0,
                          cw - 2 * pad, PANGO_ALIGN_LEFT);
        }
      pdf->y += rh;
    }
}

static double
table_row_height (FlPdf              *pdf,
                  FlPdfStyle          style,
                  const char * const *cells,
                  const double       *widths,
                  guint               columns,
                  double              pad)
{
  double w = fl_pdf_content_width (pdf);
  double rh = 0;

  for (guint c = 0; c < columns; c++)
    rh = MAX (rh, fl_pdf_text_height (pdf, style, fl_report_dash (cells[c]), FALSE, widths[c] * w - 2 * pad));
  return rh + 2 * pad;
}

static void
table_row (FlPdf              *pdf,
           FlPdfStyle          style,
           const char * const *cells,
           const double       *widths,
           guint               columns,
           double              pad,
           double              rh,
           double              fill)
{
  double w = fl_pdf_content_width (pdf);
  double x = pdf->left;

  if (fill < 1.0)
    fill_rect (pdf, pdf->left, pdf->y, w, rh, fill);
  for (guint c = 0; c < columns; c++)
    {
      double cw = widths[c] * w;

      stroke_rect (pdf, x, pdf->y, cw, rh, 0.55, 0.5);
      fl_pdf_text_at (pdf, style, fl_report_dash (cells[c]), FALSE, x + pad, pdf->y + pad, cw - 2 * pad,
                      PANGO_ALIGN_LEFT);
      x += cw;
    }
  pdf->y += rh;
}

void
fl_pdf_table (FlPdf              *pdf,
              const char * const *headers,
              const double       *widths,
              guint               columns,
              GPtrArray          *rows)
{
  const double pad = 3.0;
  double hh = table_row_height (pdf, FL_PDF_TABLE_BOLD, headers, widths, columns, pad);

  /* The header comes with at least the first row. */
  fl_pdf_need (pdf, hh + (rows && rows->len
                          ? table_row_height (pdf, FL_PDF_TABLE, g_ptr_array_index (rows, 0), widths, columns, pad)
                          : 0));
  table_row (pdf, FL_PDF_TABLE_BOLD, headers, widths, columns, pad, hh, 0.88);
  for (guint r = 0; rows && r < rows->len; r++)
    {
      const char * const *cells = g_ptr_array_index (rows, r);
      double rh = table_row_height (pdf, FL_PDF_TABLE, cells, widths, columns, pad);

      if (pdf->y + rh > pdf->bottom)
        {
          fl_pdf_page_break (pdf);
          table_row (pdf, FL_PDF_TABLE_BOLD, headers, widths, columns, pad, hh, 0.88);
        }
      table_row (pdf, FL_PDF_TABLE, cells, widths, columns, pad, rh, 1.0);
    }
}

void
fl_pdf_checkbox (FlPdf    *pdf,
                 double    x,
                 double    y,
                 double    size,
                 gboolean  checked)
{
  stroke_rect (pdf, x, y, size, size, 0.0, 0.8);
  if (!checked)
    return;
  cairo_save (pdf->cr);
  cairo_set_source_rgb (pdf->cr, 0.05, 0.16, 0.45);
  cairo_set_line_width (pdf->cr, 1.3);
  cairo_move_to (pdf->cr, x + size * 0.18, y + size * 0.52);
  cairo_line_to (pdf->cr, x + size * 0.42, y + size * 0.78);
  cairo_line_to (pdf->cr, x + size * 0.84, y + size * 0.2);
  cairo_stroke (pdf->cr);
  cairo_restore (pdf->cr);
}

/* Converts decoded pixels to a cairo surface at full resolution (no GDK in the core). */
static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf);
  int h = gdk_pixbuf_get_height (pixbuf);
  int n = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, w, h);
  guint8 *dst;
  int dst_stride;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_flush (surface);
  dst = cairo_image_surface_get_data (surface);
  dst_stride = cairo_image_surface_get_stride (surface);
  for (int row = 0; row < h; row++)
    {
      const guint8 *s = src + (gsize) row * stride;
      guint32 *d = (guint32 *) (dst + (gsize) row * dst_stride);

      for (int col = 0; col < w; col++, s += n)
        {
          guint32 a = alpha ? s[3] : 255;
          guint32 r = (s[0] * a + 127) / 255;
          guint32 g = (s[1] * a + 127) / 255;
          guint32 b = (s[2] * a + 127) / 255;

          d[col] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static cairo_surface_t *
decode_image (GBytes  *bytes,
              GError **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GError) local = NULL;
  const char *orientation;
  cairo_surface_t *surface;

  decoded = gdk_pixbuf_new_from_stream (stream, NULL, &local);
  if (decoded == NULL)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_CORRUPT,
                   "An image of the report cannot be decoded (%s). Check the stored image in the case file.",
                   local->message);
      return NULL;
    }
  orientation = gdk_pixbuf_get_option (decoded, "orientation");
  oriented = gdk_pixbuf_apply_embedded_orientation (decoded);
  surface = surface_from_pixbuf (oriented);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_FAILED, "An image of the report is too large to draw (%s).",
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  /* An upright JPEG goes into the PDF as its original bytes: no re-encoding,
   * native resolution. A rotated one is embedded from the decoded pixels. */
  if (g_str_equal (fl_store_sniff_ext (bytes), "jpg") && (orientation == NULL || g_str_equal (orientation, "1")))
    cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, g_bytes_get_data (bytes, NULL),
                                 g_bytes_get_size (bytes), (cairo_destroy_func_t) g_bytes_unref,
                                 g_bytes_ref (bytes));
  return surface;
}

double
fl_pdf_image (FlPdf    *pdf,
              GBytes   *bytes,
              double    x,
              double    y,
              double    w,
              double    h,
              gboolean  frame)
{
  FlPdfDoc *doc = (FlPdfDoc *) pdf;
  cairo_surface_t *surface;
  double iw, ih, scale, dw, dh, dx, dy;

  if (bytes == NULL)
    return 0;
  surface = g_hash_table_lookup (doc->images, bytes);
  if (surface == NULL)
    {
      GError *local = NULL;

      surface = decode_image (bytes, &local);
      if (surface == NULL)
        {
          if (pdf->error == NULL)
            pdf->error = local;
          else
            g_error_free (local);
          return 0;
        }
      g_hash_table_insert (doc->images, bytes, surface);
    }
  iw = cairo_image_surface_get_width (surface);
  ih = cairo_image_surface_get_height (surface);
  scale = MIN (w / iw, h / ih);
  dw = iw * scale;
  dh = ih * scale;
  dx = x + (w - dw) / 2;
  dy = y;   /* top-aligned so captions under two images line up with the taller one */

  cairo_save (pdf->cr);
  cairo_translate (pdf->cr, dx, dy);
  cairo_scale (pdf->cr, scale, scale);
  cairo_set_source_surface (pdf->cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (pdf->cr), CAIRO_FILTER_GOOD);
  cairo_paint (pdf->cr);
  cairo_restore (pdf->cr);
  if (frame)
    stroke_rect (pdf, dx, dy, dw, dh, 0.0, 0.6);
  return dh;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
discard_cb (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
fl_pdf_render (const char        *paper_size,
               const FlPdfChrome *chrome,
               FlPdfDrawFunc      draw,
               gconstpointer      data,
               GError           **error)
{
  g_autoptr(GHashTable) images = g_hash_table_new_full (NULL, NULL, NULL,
                                                        (GDestroyNotify) cairo_surface_destroy);
  g_autoptr(GByteArray) out = NULL;
  double width, height;
  int total = 0;

  paper_dimensions (paper_size, &width, &height);
  for (int pass = 0; pass < 2; pass++)
    {
      FlPdfDoc doc = { 0 };
      cairo_surface_t *surface;
      cairo_status_t status;

      if (pass == 1)
        out = g_byte_array_new ();
      surface = cairo_pdf_surface_create_for_stream (pass == 1 ? append_cb : discard_cb, out, width, height);
      if (pass == 1)
        {
          g_autofree char *creator = g_strdup_printf ("FaceLeads %s", PACKAGE_VERSION);

          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, chrome->title ? chrome->title : "");
          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, chrome->author ? chrome->author : "");
          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, creator);
        }
      doc.images = images;
      doc.pdf.cr = cairo_create (surface);
      doc.pdf.chrome = chrome;
      doc.pdf.width = width;
      doc.pdf.height = height;
      doc.pdf.left = MARGIN_SIDE;
      doc.pdf.right = width - MARGIN_SIDE;
      doc.pdf.total = total;
      begin_page (&doc.pdf);

      draw (&doc.pdf, data);

      cairo_show_page (doc.pdf.cr);
      total = doc.pdf.page;
      status = cairo_status (doc.pdf.cr);
      cairo_destroy (doc.pdf.cr);
      cairo_surface_finish (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
      cairo_surface_destroy (surface);

      if (doc.pdf.error != NULL)
        {
          g_propagate_error (error, doc.pdf.error);
          return NULL;
        }
      if (status != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_FAILED, "The PDF could not be drawn: %s.",
                       cairo_status_to_string (status));
          return NULL;
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
