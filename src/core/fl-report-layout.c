/* fl-report-layout.c: draws the Manual Search Report (policy 001's layout),
 * the "no possible match" variant and the disclosure annex (R10, R18, R19, R24) */
#include <gio/gio.h>

#include "fl-report-private.h"

/* The images take what page one leaves after everything else, within these bounds. */
#define IMAGE_MIN_HEIGHT 120.0
#define IMAGE_MAX_HEIGHT 230.0
#define COLUMN_GAP 18.0

static const char *lead_caveat =
  "Investigative lead only: not a positive identification, not probable cause to arrest.";

/* Unit logo (if any), unit and agency on one line, and the document title. */
void
fl_report_draw_masthead (FlPdf      *pdf,
                         GBytes     *logo,
                         const char *unit_name,
                         const char *agency_name,
                         const char *title)
{
  const double logo_size = 42.0;
  double x = pdf->left;
  double w = fl_pdf_content_width (pdf);
  double y = pdf->y;
  double text_h = 0;
  g_autofree char *unit = g_markup_escape_text (unit_name ? unit_name : "", -1);
  g_autofree char *agency = g_markup_escape_text (agency_name ? agency_name : "", -1);
  g_autofree char *line = g_strdup_printf ("<b>%s</b>%s%s", unit, *unit && *agency ? "  ·  " : "", agency);

  if (logo != NULL)
    {
      fl_pdf_image (pdf, logo, pdf->left, pdf->y, logo_size, logo_size, FALSE);
      x += logo_size + 10.0;
      w -= logo_size + 10.0;
    }
  text_h += fl_pdf_text_at (pdf, FL_PDF_SUBTITLE, line, TRUE, x, y, w, PANGO_ALIGN_LEFT) + 1.0;
  text_h += fl_pdf_text_at (pdf, FL_PDF_TITLE, title, FALSE, x, y + text_h, w, PANGO_ALIGN_LEFT);
  pdf->y = y + MAX (text_h, logo ? logo_size : 0) + 5.0;
  fl_pdf_line (pdf, pdf->left, pdf->y, pdf->right, pdf->y, 1.2);
  pdf->y += 7.0;
}

static void
draw_case_fields (FlPdf              *pdf,
                  const FlReportData *d)
{
  /* Policy 001's fields, three to a row so that the report fits one page. */
  const char *labels[] = {
    "Facial Recognition Case Number", "Submitted by", "Investigating Agency",
    "Date Searched", "Agency Case Number", "Incident Type",
    "Face Reviewer", "Second Examiner", "Report Issued",
  };
  const char *values[] = {
    d->fr_number, d->submitted_by, d->investigating_agency,
    d->date_searched, d->agency_case_number, d->incident_type,
    d->face_reviewer, d->second_examiner, d->issued_at,
  };

  fl_pdf_fields (pdf, labels, values, G_N_ELEMENTS (labels), 3);
}

/* One column: a caption, the image fitted in the box, a note under it.
 * Returns the height used. */
static double
draw_image_column (FlPdf      *pdf,
                   double      x,
                   double      y,
                   double      w,
                   double      box_h,
                   const char *caption,
                   GBytes     *image,
                   const char *missing,
                   const char *note)
{
  double h = fl_pdf_text_at (pdf, FL_PDF_BODY_BOLD, caption, FALSE, x, y, w, PANGO_ALIGN_CENTER) + 4.0;
  double ih = fl_pdf_image (pdf, image, x, y + h, w, box_h, TRUE);

  if (ih == 0)
    {
      /* Nothing to draw: keep the frame so the page reads the same, with the reason. */
      ih = box_h * 0.5;
      cairo_save (pdf->cr);
      cairo_set_line_width (pdf->cr, 0.6);
      cairo_rectangle (pdf->cr, x, y + h, w, ih);
      cairo_stroke (pdf->cr);
      cairo_restore (pdf->cr);
      fl_pdf_text_at (pdf, FL_PDF_SMALL, missing, FALSE, x + 6, y + h + ih / 2 - 6, w - 12, PANGO_ALIGN_CENTER);
    }
  h += ih + 4.0;
  if (note && *note)
    h += fl_pdf_text_at (pdf, FL_PDF_SMALL, note, FALSE, x, y + h, w, PANGO_ALIGN_LEFT);
  return h;
}

static double
column_height_estimate (FlPdf      *pdf,
                        double      w,
                        double      box_h,
                        const char *caption,
                        const char *note)
{
  return fl_pdf_text_height (pdf, FL_PDF_BODY_BOLD, caption, FALSE, w) + 8.0 + box_h
         + ((note && *note) ? fl_pdf_text_height (pdf, FL_PDF_SMALL, note, FALSE, w) : 0);
}

static char *
no_match_statement (const FlReportData *d)
{
  return g_strdup_printf ("%s has determined that the image(s) provided did not result in a possible match in %s. "
                          "A new facial recognition search request form must be completed if your agency "
                          "wishes to provide additional images.",
                          fl_report_dash (d->agency_name),
                          (d->galleries_searched && *d->galleries_searched) ? d->galleries_searched
                                                                            : "the galleries searched");
}

static void
draw_images (FlPdf              *pdf,
             const FlReportData *d,
             double              box_h)
{
  double cw = (fl_pdf_content_width (pdf) - COLUMN_GAP) / 2;
  double need, h1, h2;
  const char *probe_caption = d->probe_caption ? d->probe_caption : "Submitted Image (Probe)";

  if (d->kind == FL_REPORT_KIND_LEAD)
    {
      /* The probe's note (enhancement steps) runs under both images: the
       * lead's caption is short, and a narrow column would make it long. */
      need = column_height_estimate (pdf, cw, box_h, "Investigative Lead Image", d->lead_caption)
             + fl_pdf_text_height (pdf, FL_PDF_SMALL, d->probe_note, FALSE, fl_pdf_content_width (pdf)) + 4;
      fl_pdf_need (pdf, need);
      h1 = draw_image_column (pdf, pdf->left, pdf->y, cw, box_h, probe_caption, d->probe_image,
                              "No probe image is available.", NULL);
      h2 = draw_image_column (pdf, pdf->left + cw + COLUMN_GAP, pdf->y, cw, box_h, "Investigative Lead Image",
                              d->lead_image, "The lead image is not available.", d->lead_caption);
      pdf->y += MAX (h1, h2);
      if (d->probe_note && *d->probe_note)
        {
          fl_pdf_space (pdf, 3.0);
          fl_pdf_paragraph (pdf, FL_PDF_SMALL, d->probe_note, FALSE);
        }
    }
  else
    {
      g_autofree char *statement = no_match_statement (d);
      double rx = pdf->left + cw + COLUMN_GAP;
      double ry;

      need = column_height_estimate (pdf, cw, box_h, probe_caption, d->probe_note);
      fl_pdf_need (pdf, need);
      h1 = draw_image_column (pdf, pdf->left, pdf->y, cw, box_h, probe_caption, d->probe_image,
                              "No probe image is available.", d->probe_note);
      /* Beside the probe, where a lead image would be: the result in words. */
      ry = pdf->y;
      ry += fl_pdf_text_at (pdf, FL_PDF_BODY_BOLD, "Result", FALSE, rx, ry, cw, PANGO_ALIGN_CENTER) + 4.0;
      {
        double bh = fl_pdf_text_height (pdf, FL_PDF_HEADING, "NO POSSIBLE MATCH", FALSE, cw - 16) + 16;

        cairo_save (pdf->cr);
        cairo_rectangle (pdf->cr, rx, ry, cw, bh);
        cairo_set_source_rgb (pdf->cr, 0.9, 0.9, 0.9);
        cairo_fill_preserve (pdf->cr);
        cairo_set_source_rgb (pdf->cr, 0, 0, 0);
        cairo_set_line_width (pdf->cr, 1.2);
        cairo_stroke (pdf->cr);
        cairo_restore (pdf->cr);
        fl_pdf_text_at (pdf, FL_PDF_HEADING, "NO POSSIBLE MATCH", FALSE, rx + 8, ry + 8, cw - 16, PANGO_ALIGN_CENTER);
        ry += bh + 8.0;
      }
      ry += fl_pdf_text_at (pdf, FL_PDF_BODY, statement, FALSE, rx, ry, cw, PANGO_ALIGN_LEFT) + 6.0;
      ry += fl_pdf_text_at (pdf, FL_PDF_SMALL,
                            "This result excludes no one: the person shown may not be enrolled in the galleries "
                            "searched, or the image(s) may not allow a match.",
                            FALSE, rx, ry, cw, PANGO_ALIGN_LEFT);
      pdf->y += MAX (h1, ry - pdf->y);
    }
}

static const char *viable_text =
  "The above investigative lead is deemed viable for further investigation based on a facial recognition search "
  "and morphological comparison. See the demographic information below:";

static const char * const demographic_labels[] = {
  "Name", "Date of Birth", "CDL",
  "MAIN #", "SID", "Recent Booking Number",
};

static void
draw_demographics (FlPdf              *pdf,
                   const FlReportData *d)
{
  const char *values[] = {
    d->name, d->date_of_birth, d->cdl,
    d->main_number, d->sid, d->booking_number,
  };

  /* The statement and the demographics it introduces stay on one page. */
  fl_pdf_need (pdf, fl_pdf_text_height (pdf, FL_PDF_BODY, viable_text, FALSE, fl_pdf_content_width (pdf)) + 60);
  fl_pdf_paragraph (pdf, FL_PDF_BODY, viable_text, FALSE);
  fl_pdf_space (pdf, 4.0);
  fl_pdf_fields (pdf, demographic_labels, values, G_N_ELEMENTS (demographic_labels), 3);
}

static double
demographics_height (FlPdf              *pdf,
                     const FlReportData *d)
{
  const char *values[] = {
    d->name, d->date_of_birth, d->cdl,
    d->main_number, d->sid, d->booking_number,
  };

  return fl_pdf_text_height (pdf, FL_PDF_BODY, viable_text, FALSE, fl_pdf_content_width (pdf)) + 4.0
         + fl_pdf_fields_height (pdf, demographic_labels, values, G_N_ELEMENTS (demographic_labels), 3);
}

static char *
comments_markup (const FlReportData *d)
{
  g_autofree char *escaped = g_markup_escape_text ((d->comments && *d->comments) ? d->comments : "None.", -1);

  return g_strdup_printf ("<b>Comments:</b> %s", escaped);
}

static char *
seal_text (const FlReportData *d)
{
  return g_strdup_printf ("If %s is notified to seal or destroy this record, it is your agency's responsibility to "
                          "destroy this information, including every copy of this document, in compliance with the "
                          "criminal offender record information rules that apply to it.",
                          fl_report_dash (d->agency_name));
}

static void
draw_comments (FlPdf              *pdf,
               const FlReportData *d)
{
  g_autofree char *markup = comments_markup (d);

  fl_pdf_paragraph (pdf, FL_PDF_BODY, markup, TRUE);
}

static void
draw_seal_notice (FlPdf              *pdf,
                  const FlReportData *d)
{
  g_autofree char *text = seal_text (d);

  fl_pdf_paragraph (pdf, FL_PDF_SMALL_BOLD, text, FALSE);
}

/* ---- Disclosure annex ---- */

static void
annex_examiners (FlPdf              *pdf,
                 const FlReportData *d)
{
  const char *labels[] = {
    "Face Reviewer (examiner)", "Second Examiner",
    "Peer Review", "Matcher and Model Version",
    "Report Issued by", "Issued at",
  };
  const char *values[] = {
    d->face_reviewer, d->second_examiner,
    d->peer_review, d->matcher_versions,
    d->issued_by, d->issued_at,
  };

  fl_pdf_heading (pdf, FL_PDF_HEADING, "1. Examiners, peer review and matcher", 60);
  fl_pdf_fields (pdf, labels, values, G_N_ELEMENTS (labels), 2);
}

static void
annex_probe (FlPdf               *pdf,
             const FlReportProbe *p)
{
  const char *labels[] = { "File as received", "SHA-256 of this image", "Added", "Suitability judgement",
                           "Judged by", "Reason given" };
  const char *values[] = { p->filename, p->sha256, p->added, p->suitability, p->judged, p->suitability_reason };

  /* A probe's block (fields, figures, recipe) is short: start it on a fresh page
   * rather than leave its last line alone at the top of the next. */
  fl_pdf_heading (pdf, FL_PDF_BODY_BOLD, fl_report_dash (p->label), 190);
  fl_pdf_fields (pdf, labels, values, G_N_ELEMENTS (labels), 2);
  if (p->quality && p->quality->len > 0)
    {
      g_autofree const char **ql = g_new0 (const char *, p->quality->len);
      g_autofree const char **qv = g_new0 (const char *, p->quality->len);

      for (guint i = 0; i < p->quality->len; i++)
        {
          FlReportField *f = g_ptr_array_index (p->quality, i);
          ql[i] = f->label;
          qv[i] = f->value;
        }
      fl_pdf_space (pdf, 4.0);
      fl_pdf_heading (pdf, FL_PDF_SMALL_BOLD, "Measured quality figures", 20);
      fl_pdf_fields (pdf, ql, qv, p->quality->len, 4);
    }
  else
    {
      fl_pdf_space (pdf, 3.0);
      fl_pdf_paragraph (pdf, FL_PDF_SMALL, "No quality figures were measured for this image.", FALSE);
    }
  fl_pdf_space (pdf, 4.0);
  if (p->enhancement && p->enhancement->len > 0)
    {
      fl_pdf_heading (pdf, FL_PDF_SMALL_BOLD,
                      "Enhancement recipe (recorded steps that reproduce this image from the original)", 20);
      for (guint i = 0; i < p->enhancement->len; i++)
        fl_pdf_paragraph (pdf, FL_PDF_SMALL, g_ptr_array_index (p->enhancement, i), FALSE);
    }
  else
    fl_pdf_paragraph (pdf, FL_PDF_SMALL, "Not enhanced: this is the image as received, unchanged.", FALSE);
  fl_pdf_space (pdf, 8.0);
}

static void
annex_probes (FlPdf              *pdf,
              const FlReportData *d)
{
  fl_pdf_heading (pdf, FL_PDF_HEADING, "2. Probes: quality, suitability and enhancement", 60);
  if (d->probes == NULL || d->probes->len == 0)
    {
      fl_pdf_paragraph (pdf, FL_PDF_BODY, "No probe is recorded in the case.", FALSE);
      return;
    }
  for (guint i = 0; i < d->probes->len; i++)
    annex_probe (pdf, g_ptr_array_index (d->probes, i));
}

static void
annex_searches (FlPdf              *pdf,
                const FlReportData *d)
{
  static const char * const headers[] = { "No.", "Date and time", "Examiner", "Probe", "Galleries searched",
                                          "K", "Found", "Matcher", "Result" };
  static const double widths[] = { 0.05, 0.12, 0.11, 0.08, 0.15, 0.05, 0.07, 0.18, 0.19 };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  fl_pdf_heading (pdf, FL_PDF_HEADING, "3. Every search, including those that produced no lead", 50);
  if (d->searches == NULL || d->searches->len == 0)
    {
      fl_pdf_paragraph (pdf, FL_PDF_BODY, "No search is recorded in the case.", FALSE);
      return;
    }
  for (guint i = 0; i < d->searches->len; i++)
    {
      FlReportSearch *s = g_ptr_array_index (d->searches, i);
      char **row = g_new0 (char *, 10);

      row[0] = g_strdup_printf ("#%" G_GINT64_FORMAT, s->id);
      row[1] = g_strdup (s->started_at);
      row[2] = g_strdup (s->examiner);
      row[3] = g_strdup (s->probe);
      row[4] = g_strdup (s->galleries);
      row[5] = g_strdup_printf ("%" G_GINT64_FORMAT, s->k);
      row[6] = g_strdup_printf ("%" G_GINT64_FORMAT, s->candidate_count);
      row[7] = g_strdup (s->matcher_version);
      row[8] = g_strdup (s->result);
      g_ptr_array_add (rows, row);
    }
  fl_pdf_table (pdf, headers, widths, G_N_ELEMENTS (headers), rows);
}

static char *
conclusions_text (const FlReportCandidate *c)
{
  GString *text = g_string_new (NULL);

  if (c->is_lead)
    g_string_append (text, "The lead in this report.\n");
  for (guint i = 0; c->conclusions && i < c->conclusions->len; i++)
    {
      FlReportConclusion *k = g_ptr_array_index (c->conclusions, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: %s (%s)", fl_report_dash (k->examiner), fl_report_dash (k->conclusion),
                              fl_report_dash (k->recorded_at));
      if (k->note && *k->note)
        g_string_append_printf (text, ". %s", k->note);
    }
  if (c->conclusions == NULL || c->conclusions->len == 0)
    g_string_append (text, "Viewed; no conclusion recorded.");
  return g_string_free (text, FALSE);
}

static void
annex_candidates (FlPdf              *pdf,
                  const FlReportData *d)
{
  static const char * const headers[] = { "Search", "Rank", "Score", "Gallery", "Record ID", "Conclusions" };
  static const double widths[] = { 0.09, 0.07, 0.08, 0.16, 0.14, 0.46 };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  fl_pdf_heading (pdf, FL_PDF_HEADING, "4. Every candidate reviewed and the conclusions recorded", 50);
  /* Other candidates are named by gallery record only: the annex discloses the
   * review without spreading other people's personal data. */
  fl_pdf_paragraph (pdf, FL_PDF_SMALL,
                    "Candidates are listed by gallery record ID; the unit holds their details. Rank and score are "
                    "the matcher's; examiners may have reviewed candidates without them (blind review).", FALSE);
  fl_pdf_space (pdf, 3.0);
  if (d->candidates == NULL || d->candidates->len == 0)
    {
      fl_pdf_paragraph (pdf, FL_PDF_BODY, "No candidate was reviewed.", FALSE);
      return;
    }
  for (guint i = 0; i < d->candidates->len; i++)
    {
      FlReportCandidate *c = g_ptr_array_index (d->candidates, i);
      char **row = g_new0 (char *, 7);

      row[0] = g_strdup_printf ("#%" G_GINT64_FORMAT, c->search_id);
      row[1] = g_strdup_printf ("%" G_GINT64_FORMAT, c->rank);
      row[2] = g_strdup_printf ("%.3f", c->score);
      row[3] = g_strdup (c->gallery);
      row[4] = g_strdup (c->record_id);
      row[5] = conclusions_text (c);
      g_ptr_array_add (rows, row);
    }
  fl_pdf_table (pdf, headers, widths, G_N_ELEMENTS (headers), rows);
}

static void
annex_features (FlPdf              *pdf,
                const FlReportData *d)
{
  static const char * const headers[] = { "Feature", "Assessment, examiner and note" };
  static const double widths[] = { 0.25, 0.75 };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  fl_pdf_heading (pdf, FL_PDF_HEADING, "5. Feature-by-feature comparison of the lead", 50);
  if (d->features == NULL || d->features->len == 0)
    {
      fl_pdf_paragraph (pdf, FL_PDF_BODY, "No feature comparison is recorded for the lead.", FALSE);
      return;
    }
  for (guint i = 0; i < d->features->len; i++)
    {
      FlReportField *f = g_ptr_array_index (d->features, i);
      char **row = g_new0 (char *, 3);

      row[0] = g_strdup (f->label);
      row[1] = g_strdup (f->value);
      g_ptr_array_add (rows, row);
    }
  fl_pdf_table (pdf, headers, widths, G_N_ELEMENTS (headers), rows);
}

static void
draw_annex (FlPdf              *pdf,
            const FlReportData *d)
{
  g_autofree char *sub = g_strdup_printf ("Facial Recognition Case Number %s\nReport ID %s",
                                          fl_report_dash (d->fr_number), d->uid ? d->uid : "(draft, not issued)");

  fl_pdf_page_break (pdf);
  fl_pdf_heading (pdf, FL_PDF_TITLE, "Disclosure Annex", 40);
  fl_pdf_paragraph (pdf, FL_PDF_SUBTITLE, sub, FALSE);
  fl_pdf_space (pdf, 6.0);
  fl_pdf_paragraph (pdf, FL_PDF_BODY,
                    "This annex belongs to the report above and records how its result was reached: the examiners "
                    "and the peer review, every probe with its measured quality, suitability judgement and any "
                    "enhancement, every search of the case including those that produced no lead, and every "
                    "candidate reviewed with the conclusions recorded.", FALSE);
  fl_pdf_space (pdf, 6.0);
  fl_pdf_banner (pdf, FL_PDF_SMALL_BOLD, FL_REPORT_LEAD_BANNER, 0.93, 0.8);
  fl_pdf_space (pdf, 10.0);

  annex_examiners (pdf, d);
  fl_pdf_space (pdf, 12.0);
  annex_probes (pdf, d);
  fl_pdf_space (pdf, 6.0);
  annex_searches (pdf, d);
  fl_pdf_space (pdf, 12.0);
  annex_candidates (pdf, d);
  if (d->kind == FL_REPORT_KIND_LEAD)
    {
      fl_pdf_space (pdf, 12.0);
      annex_features (pdf, d);
    }
  fl_pdf_space (pdf, 12.0);
  fl_pdf_paragraph (pdf, FL_PDF_SMALL, "End of the disclosure annex.", FALSE);
}

static void
draw_report (FlPdf         *pdf,
             gconstpointer  user_data)
{
  const FlReportData *d = user_data;

  fl_report_draw_masthead (pdf, d->logo, d->unit_name, d->agency_name, "Manual Search Report");
  fl_pdf_banner (pdf, FL_PDF_BANNER, FL_REPORT_LEAD_BANNER, 0.88, 1.6);
  fl_pdf_space (pdf, 6.0);
  draw_case_fields (pdf, d);
  fl_pdf_space (pdf, 6.0);
  {
    /* Page one holds the whole report (policy 001's one-page layout): the
     * images get the room the rest leaves, so long comments shrink them a
     * little rather than push the seal notice to another page. */
    double w = fl_pdf_content_width (pdf);
    double cw = (w - COLUMN_GAP) / 2;
    g_autofree char *comments = comments_markup (d);
    g_autofree char *seal = seal_text (d);
    double rest = 6.0 + fl_pdf_text_height (pdf, FL_PDF_BODY, comments, TRUE, w)
                  + 6.0 + fl_pdf_text_height (pdf, FL_PDF_SMALL_BOLD, seal, FALSE, w) + 2.0;
    double around;

    if (d->kind == FL_REPORT_KIND_LEAD)
      around = 6.0 + demographics_height (pdf, d)
               + fl_pdf_text_height (pdf, FL_PDF_BODY_BOLD, "Investigative Lead Image", FALSE, cw) + 8.0
               + fl_pdf_text_height (pdf, FL_PDF_SMALL, d->lead_caption, FALSE, cw)
               + (d->probe_note ? fl_pdf_text_height (pdf, FL_PDF_SMALL, d->probe_note, FALSE, w) + 3.0 : 0);
    else
      around = fl_pdf_text_height (pdf, FL_PDF_BODY_BOLD, "Submitted Image (Probe)", FALSE, cw) + 8.0
               + (d->probe_note ? fl_pdf_text_height (pdf, FL_PDF_SMALL, d->probe_note, FALSE, cw) : 0);
    draw_images (pdf, d, CLAMP (pdf->bottom - pdf->y - rest - around, IMAGE_MIN_HEIGHT, IMAGE_MAX_HEIGHT));
  }
  fl_pdf_space (pdf, 6.0);
  if (d->kind == FL_REPORT_KIND_LEAD)
    {
      draw_demographics (pdf, d);
      fl_pdf_space (pdf, 6.0);
    }
  /* The no-match statement stands beside the probe, where the lead image would be. */
  draw_comments (pdf, d);
  fl_pdf_space (pdf, 6.0);
  draw_seal_notice (pdf, d);

  draw_annex (pdf, d);
}

GBytes *
fl_report_render_pdf_bytes (const FlReportData *data,
                            GError            **error)
{
  g_autofree char *handling = NULL;
  g_autofree char *doc_id = NULL;
  g_autofree char *title = NULL;
  FlPdfChrome chrome = { 0 };

  g_return_val_if_fail (data != NULL, NULL);

  handling = fl_report_handling_text (data->agency_name, data->report_contact);
  /* The PDF cannot carry its own SHA-256 (writing it would change it): each page
   * names the report ID under which the case file records the hash. */
  doc_id = data->uid ? g_strdup_printf ("Report ID %s · its SHA-256 is recorded in the case file under this ID",
                                        data->uid)
                     : g_strdup ("DRAFT — not an issued report (no report ID)");
  title = g_strdup_printf ("Manual Search Report %s", fl_report_dash (data->fr_number));
  chrome.title = title;
  chrome.author = data->agency_name;
  chrome.caveat = lead_caveat;
  chrome.caveat_from_page = 2;   /* page one carries the full banner */
  chrome.handling = handling;
  chrome.doc_id = doc_id;
  return fl_pdf_render (data->paper_size, &chrome, draw_report, data, error);
}

gboolean
fl_report_render_pdf (const FlReportData *data,
                      const char         *out_path,
                      GError            **error)
{
  g_autoptr(GBytes) pdf = fl_report_render_pdf_bytes (data, error);

  return pdf != NULL && fl_report_write_file (out_path, pdf, error);
}
