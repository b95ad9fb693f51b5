/* fl-report-private.h: the page-flow PDF writer shared by the report and the request form */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "fl-report.h"

G_BEGIN_DECLS

typedef enum
{
  FL_PDF_BODY,
  FL_PDF_BODY_BOLD,
  FL_PDF_SMALL,
  FL_PDF_SMALL_BOLD,
  FL_PDF_LABEL,           /* small caps-like field labels above values */
  FL_PDF_HEADING,
  FL_PDF_SUBTITLE,
  FL_PDF_TITLE,
  FL_PDF_BANNER,
  FL_PDF_CLASSIFICATION,
  FL_PDF_FOOTER,
  FL_PDF_FILL,            /* a filled-in value on the request form */
  FL_PDF_TABLE,           /* condensed, for dense annex tables */
  FL_PDF_TABLE_BOLD,
} FlPdfStyle;

/* What every page carries (R24): the classification line at top and bottom,
 * an optional bold line above the handling text, the handling text with the
 * unit's contact, and the document's id beside "Page N of M". */
typedef struct
{
  const char *title;          /* PDF metadata */
  const char *author;
  const char *caveat;         /* bold line above the handling text, or NULL */
  int         caveat_from_page; /* first page that shows it (0 or 1: every page) */
  const char *handling;       /* the handling footer */
  const char *doc_id;         /* left of the page number */
} FlPdfChrome;

typedef struct _FlPdf FlPdf;

struct _FlPdf
{
  cairo_t           *cr;
  const FlPdfChrome *chrome;
  double             width;     /* page, in points */
  double             height;
  double             left;      /* content box */
  double             right;
  double             top;
  double             bottom;
  double             y;         /* next free line in the content box */
  int                page;      /* 1-based */
  int                total;     /* pages in the document; 0 in the counting pass */
  GError            *error;     /* first drawing error (an undecodable image) */
};

typedef void (*FlPdfDrawFunc) (FlPdf *pdf, gconstpointer data);

/* Runs @draw twice: once to count pages, once to draw with "Page N of M". */
GBytes   *fl_pdf_render          (const char        *paper_size,
                                  const FlPdfChrome *chrome,
                                  FlPdfDrawFunc      draw,
                                  gconstpointer      data,
                                  GError           **error);

double    fl_pdf_content_width   (FlPdf        *pdf);
void      fl_pdf_page_break      (FlPdf        *pdf);
/* Breaks the page unless @height fits below the cursor. */
void      fl_pdf_need            (FlPdf        *pdf,
                                  double        height);
void      fl_pdf_space           (FlPdf        *pdf,
                                  double        points);

PangoLayout *fl_pdf_layout       (FlPdf        *pdf,
                                  FlPdfStyle    style,
                                  const char   *text,
                                  gboolean      markup,
                                  double        width);
double    fl_pdf_text_height     (FlPdf        *pdf,
                                  FlPdfStyle    style,
                                  const char   *text,
                                  gboolean      markup,
                                  double        width);
/* Draws without moving the cursor; returns the height used. */
double    fl_pdf_text_at         (FlPdf        *pdf,
                                  FlPdfStyle    style,
                                  const char   *text,
                                  gboolean      markup,
                                  double        x,
                                  double        y,
                                  double        width,
                                  PangoAlignment align);
/* A paragraph across the content width, broken between lines at page ends. */
void      fl_pdf_paragraph       (FlPdf        *pdf,
                                  FlPdfStyle    style,
                                  const char   *text,
                                  gboolean      markup);
/* A heading kept with at least @keep points of what follows. */
void      fl_pdf_heading         (FlPdf        *pdf,
                                  FlPdfStyle    style,
                                  const char   *text,
                                  double        keep);
/* Bold text centred in a ruled box across the content width (never split). */
void      fl_pdf_banner          (FlPdf        *pdf,
                                  FlPdfStyle    style,
                                  const char   *text,
                                  double        fill_gray,
                                  double        line_width);
/* Cells of "label above value" in @columns columns, rows kept whole. */
void      fl_pdf_fields          (FlPdf        *pdf,
                                  const char * const *labels,
                                  const char * const *values,
                                  guint         n,
                                  guint         columns);
double    fl_pdf_fields_height   (FlPdf        *pdf,
                                  const char * const *labels,
                                  const char * const *values,
                                  guint         n,
                                  guint         columns);
/* A table with a header row repeated on each page; @widths are fractions. */
void      fl_pdf_table           (FlPdf        *pdf,
                                  const char * const *headers,
                                  const double *widths,
                                  guint         columns,
                                  GPtrArray    *rows);   /* of GStrv */
/* Decodes @bytes and draws them at their native pixels, fitted into the box
 * without distortion; records a failure in pdf->error. Returns the drawn
 * height (0 when nothing was drawn). */
double    fl_pdf_image           (FlPdf        *pdf,
                                  GBytes       *bytes,
                                  double        x,
                                  double        y,
                                  double        w,
                                  double        h,
                                  gboolean      frame);
void      fl_pdf_checkbox        (FlPdf        *pdf,
                                  double        x,
                                  double        y,
                                  double        size,
                                  gboolean      checked);
void      fl_pdf_line            (FlPdf        *pdf,
                                  double        x0,
                                  double        y0,
                                  double        x1,
                                  double        y1,
                                  double        width);

void      fl_report_draw_masthead (FlPdf      *pdf,
                                   GBytes     *logo,
                                   const char *unit_name,
                                   const char *agency_name,
                                   const char *title);

/* Shared wording */
char     *fl_report_handling_text (const char  *agency_name,
                                   const char  *report_contact);
/* "2026-03-01 14:02 PST" (local time) from ISO 8601 UTC; NULL stays NULL. */
char     *fl_report_format_time   (const char  *iso,
                                   gboolean     with_time);
const char *fl_report_dash        (const char  *text);

/* Examiners and records staff read every report and request; a requester only
 * what came from their own request (@requester_id). Refusals are audited as @action. */
gboolean  fl_report_may_read      (FlSession   *actor,
                                   gint64       requester_id,
                                   gint64       case_id,
                                   const char  *action,
                                   GError     **error);
gboolean  fl_report_write_file    (const char  *out_path,
                                   GBytes      *bytes,
                                   GError     **error);

G_END_DECLS
