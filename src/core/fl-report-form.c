/* fl-report-form.c: the printable facial recognition search request form, blank
 * for agencies that send paper, or filled from a stored request (R4–R9, policy
 * 001's sample form) */
#include "fl-audit.h"
#include "fl-report-private.h"
#include "fl-settings.h"
#include "fl-store.h"

#define LABEL_WIDTH 190.0
#define BOX 9.0

typedef struct
{
  char    *filename;
  char    *source;
  gboolean from_video;
  char    *kind;
} FormImage;

static void
form_image_free (FormImage *image)
{
  g_free (image->filename);
  g_free (image->source);
  g_free (image->kind);
  g_free (image);
}

typedef struct
{
  gboolean   filled;
  gint64     id;
  char      *agency_name;
  char      *unit_name;
  char      *paper_size;
  GBytes    *logo;
  GStrv      purposes;
  /* the request (NULL fields on a blank form) */
  char      *created_at;
  char      *requesting_agency;
  char      *requester_name;
  char      *phone;
  char      *email;
  char      *agency_case_number;
  char      *incident_type;
  char      *reason;
  char      *purpose;
  gint64     image_count;
  GPtrArray *images;
  gboolean   outside_agency;
  char      *outside_affirmation;
  gboolean   live_source;
  gboolean   imminent_threat;
  gboolean   predictive;
  gboolean   personal_use;
  gboolean   protected_class_attested;
  gboolean   dl_presented;
  char      *dl_false_reason;
  char      *ack_name;
  char      *ack_date;
  char      *state;
  char      *state_reason;
  char      *decided_at;
  char      *decided_by;
  char      *fr_number;
} FormData;

static void
form_data_free (FormData *f)
{
  g_free (f->agency_name);
  g_free (f->unit_name);
  g_free (f->paper_size);
  g_clear_pointer (&f->logo, g_bytes_unref);
  g_strfreev (f->purposes);
  g_free (f->created_at);
  g_free (f->requesting_agency);
  g_free (f->requester_name);
  g_free (f->phone);
  g_free (f->email);
  g_free (f->agency_case_number);
  g_free (f->incident_type);
  g_free (f->reason);
  g_free (f->purpose);
  g_clear_pointer (&f->images, g_ptr_array_unref);
  g_free (f->outside_affirmation);
  g_free (f->dl_false_reason);
  g_free (f->ack_name);
  g_free (f->ack_date);
  g_free (f->state);
  g_free (f->state_reason);
  g_free (f->decided_at);
  g_free (f->decided_by);
  g_free (f->fr_number);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FormData, form_data_free)

/* ---- drawing ---- */

static void
section (FlPdf      *pdf,
         const char *title,
         double      keep)
{
  double w = fl_pdf_content_width (pdf);
  double h = fl_pdf_text_height (pdf, FL_PDF_BODY_BOLD, title, FALSE, w - 8) + 6;

  fl_pdf_need (pdf, h + keep);
  pdf->y += 4.0;
  cairo_save (pdf->cr);
  cairo_set_source_rgb (pdf->cr, 0.88, 0.88, 0.88);
  cairo_rectangle (pdf->cr, pdf->left, pdf->y, w, h);
  cairo_fill (pdf->cr);
  cairo_restore (pdf->cr);
  fl_pdf_text_at (pdf, FL_PDF_BODY_BOLD, title, FALSE, pdf->left + 4, pdf->y + 3, w - 8, PANGO_ALIGN_LEFT);
  pdf->y += h + 6.0;
}

/* "Label ______" with the value written on the line; returns the row height. */
static double
line_at (FlPdf      *pdf,
         double      x,
         double      width,
         double      label_width,
         const char *label,
         const char *value)
{
  double lw = width - label_width;
  double lh = fl_pdf_text_height (pdf, FL_PDF_BODY, label, FALSE, label_width - 6);
  double vh = (value && *value) ? fl_pdf_text_height (pdf, FL_PDF_FILL, value, FALSE, lw - 4) : 0;
  double h = MAX (MAX (lh, vh), 12.0) + 2.0;

  fl_pdf_text_at (pdf, FL_PDF_BODY, label, FALSE, x, pdf->y + h - lh - 1.0, label_width - 6, PANGO_ALIGN_LEFT);
  if (value && *value)
    fl_pdf_text_at (pdf, FL_PDF_FILL, value, FALSE, x + label_width + 2, pdf->y + h - vh - 1.0, lw - 4,
                    PANGO_ALIGN_LEFT);
  fl_pdf_line (pdf, x + label_width, pdf->y + h, x + width, pdf->y + h, 0.5);
  return h;
}

static void
form_line (FlPdf      *pdf,
           const char *label,
           const char *value)
{
  double w = fl_pdf_content_width (pdf);
  double need = MAX (fl_pdf_text_height (pdf, FL_PDF_FILL, value, FALSE, w - LABEL_WIDTH - 4), 12.0) + 10;

  fl_pdf_need (pdf, need);
  pdf->y += line_at (pdf, pdf->left, w, LABEL_WIDTH, label, value) + 8.0;
}

/* The label's width on one line, plus the gap before its line. */
static double
label_width (FlPdf      *pdf,
             const char *label)
{
  g_autoptr(PangoLayout) layout = fl_pdf_layout (pdf, FL_PDF_BODY, label, FALSE, -1);
  int w;

  pango_layout_get_size (layout, &w, NULL);
  return (double) w / PANGO_SCALE + 10.0;
}

/* Two "label ____" fields side by side. */
static void
form_line_pair (FlPdf      *pdf,
                const char *label1,
                const char *value1,
                const char *label2,
                const char *value2)
{
  double half = (fl_pdf_content_width (pdf) - 20) / 2;
  double h1, h2, y;

  fl_pdf_need (pdf, 24);
  y = pdf->y;
  h1 = line_at (pdf, pdf->left, half, label_width (pdf, label1), label1, value1);
  pdf->y = y;
  h2 = line_at (pdf, pdf->left + half + 20, half, label_width (pdf, label2), label2, value2);
  pdf->y = y + MAX (h1, h2) + 8.0;
}

/* A labelled area of ruled lines; a filled form writes the text over them. */
static void
ruled_area (FlPdf      *pdf,
            const char *label,
            const char *value,
            int         blank_lines)
{
  double w = fl_pdf_content_width (pdf);
  const double pitch = 19.0;

  fl_pdf_heading (pdf, FL_PDF_BODY, label, pitch * 2);
  if (value && *value)
    {
      fl_pdf_space (pdf, 2.0);
      fl_pdf_paragraph (pdf, FL_PDF_FILL, value, FALSE);
      fl_pdf_space (pdf, 3.0);
      fl_pdf_line (pdf, pdf->left, pdf->y, pdf->right, pdf->y, 0.5);
      pdf->y += 8.0;
      return;
    }
  for (int i = 0; i < blank_lines; i++)
    {
      fl_pdf_need (pdf, pitch);
      pdf->y += pitch;
      fl_pdf_line (pdf, pdf->left, pdf->y, pdf->left + w, pdf->y, 0.5);
    }
  pdf->y += 8.0;
}

static double
ruled_area_height (FlPdf      *pdf,
                   const char *label,
                   const char *value,
                   int         blank_lines)
{
  double w = fl_pdf_content_width (pdf);
  double h = fl_pdf_text_height (pdf, FL_PDF_BODY, label, FALSE, w) + 3.0;

  if (value && *value)
    return h + 2.0 + fl_pdf_text_height (pdf, FL_PDF_FILL, value, FALSE, w) + 11.0;
  return h + blank_lines * 19.0 + 8.0;
}

/* A checkbox with its text wrapped beside it; returns the height used. */
static double
check_at (FlPdf      *pdf,
          double      x,
          double      y,
          double      width,
          gboolean    checked,
          const char *text)
{
  double h = fl_pdf_text_height (pdf, FL_PDF_BODY, text, FALSE, width - BOX - 6);

  fl_pdf_checkbox (pdf, x, y + 1.5, BOX, checked);
  fl_pdf_text_at (pdf, FL_PDF_BODY, text, FALSE, x + BOX + 6, y, width - BOX - 6, PANGO_ALIGN_LEFT);
  return MAX (h, BOX + 2);
}

static void
check_item (FlPdf      *pdf,
            gboolean    checked,
            const char *text)
{
  double w = fl_pdf_content_width (pdf);

  fl_pdf_need (pdf, fl_pdf_text_height (pdf, FL_PDF_BODY, text, FALSE, w - BOX - 6) + 4);
  pdf->y += check_at (pdf, pdf->left, pdf->y, w, checked, text) + 5.0;
}

/* "[ ] Yes  [ ] No" after a question; @answer -1 leaves both empty. */
static void
yes_no (FlPdf      *pdf,
        const char *question,
        int         answer)
{
  double w = fl_pdf_content_width (pdf);
  double qw = w - 110;
  double h = fl_pdf_text_height (pdf, FL_PDF_BODY, question, FALSE, qw);
  double x = pdf->left + qw + 10;

  fl_pdf_need (pdf, h + 4);
  fl_pdf_text_at (pdf, FL_PDF_BODY, question, FALSE, pdf->left, pdf->y, qw, PANGO_ALIGN_LEFT);
  check_at (pdf, x, pdf->y, 50, answer == 1, "Yes");
  check_at (pdf, x + 50, pdf->y, 50, answer == 0, "No");
  pdf->y += MAX (h, BOX + 2) + 6.0;
}

static void
draw_purposes (FlPdf          *pdf,
               const FormData *f)
{
  double w = fl_pdf_content_width (pdf);
  double cw = (w - 12) / 2;
  guint n = f->purposes ? g_strv_length (f->purposes) : 0;

  section (pdf, "Authorized purpose of the search (check exactly one)", 30);
  for (guint i = 0; i < n; i += 2)
    {
      double h1, h2 = 0;
      double y;

      fl_pdf_need (pdf, 24);
      y = pdf->y;
      h1 = check_at (pdf, pdf->left, y, cw, f->filled && g_strcmp0 (f->purpose, f->purposes[i]) == 0,
                     f->purposes[i]);
      if (i + 1 < n)
        h2 = check_at (pdf, pdf->left + cw + 12, y, cw,
                       f->filled && g_strcmp0 (f->purpose, f->purposes[i + 1]) == 0, f->purposes[i + 1]);
      pdf->y = y + MAX (h1, h2) + 5.0;
    }
}

static void
image_row (FlPdf           *pdf,
           const double    *x,
           const double    *w,
           int              number,
           const FormImage *image)
{
  g_autofree char *num = g_strdup_printf ("%d", number);
  double h = 32.0;   /* room for the two stacked kind checkboxes */
  double top = pdf->y;

  if (image)
    h = MAX (h, fl_pdf_text_height (pdf, FL_PDF_FILL, image->source, FALSE, w[2] - 6) + 8);
  fl_pdf_need (pdf, h);
  top = pdf->y;
  fl_pdf_text_at (pdf, FL_PDF_BODY, num, FALSE, x[0] + 3, top + 4, w[0] - 6, PANGO_ALIGN_LEFT);
  if (image)
    {
      fl_pdf_text_at (pdf, FL_PDF_FILL, image->filename, FALSE, x[1] + 3, top + 4, w[1] - 6, PANGO_ALIGN_LEFT);
      fl_pdf_text_at (pdf, FL_PDF_FILL, image->source, FALSE, x[2] + 3, top + 4, w[2] - 6, PANGO_ALIGN_LEFT);
    }
  check_at (pdf, x[3] + 4, top + 4, 40, image && image->from_video, "Yes");
  check_at (pdf, x[3] + 44, top + 4, 40, image && !image->from_video, "No");
  check_at (pdf, x[4] + 4, top + 4, w[4] - 8, image && g_strcmp0 (image->kind, "video_still") != 0,
            "Photo");
  check_at (pdf, x[4] + 4, top + 17, w[4] - 8, image && g_strcmp0 (image->kind, "video_still") == 0,
            "Video still");
  for (int c = 0; c < 5; c++)
    {
      cairo_save (pdf->cr);
      cairo_set_source_rgb (pdf->cr, 0.55, 0.55, 0.55);
      cairo_set_line_width (pdf->cr, 0.5);
      cairo_rectangle (pdf->cr, x[c], top, w[c], h);
      cairo_stroke (pdf->cr);
      cairo_restore (pdf->cr);
    }
  pdf->y = top + h;
}

static void
draw_images (FlPdf          *pdf,
             const FormData *f)
{
  static const char * const headers[] = { "No.", "File name", "Source image obtained from (where, how, lawful basis)",
                                          "Extracted from video?", "The image is a" };
  static const double fractions[] = { 0.05, 0.24, 0.36, 0.15, 0.2 };
  double x[5], w[5];
  double cx = pdf->left;
  double hh = 0;
  g_autofree char *count = f->filled ? g_strdup_printf ("%" G_GINT64_FORMAT, f->image_count) : NULL;
  guint rows = f->filled && f->images->len > 0 ? f->images->len : 4;

  section (pdf, "Images", 80);
  form_line (pdf, "Number of images attached", count);
  for (int c = 0; c < 5; c++)
    {
      x[c] = cx;
      w[c] = fractions[c] * fl_pdf_content_width (pdf);
      cx += w[c];
      hh = MAX (hh, fl_pdf_text_height (pdf, FL_PDF_SMALL_BOLD, headers[c], FALSE, w[c] - 6));
    }
  hh += 6;
  fl_pdf_need (pdf, hh + 32);
  cairo_save (pdf->cr);
  cairo_set_source_rgb (pdf->cr, 0.9, 0.9, 0.9);
  cairo_rectangle (pdf->cr, pdf->left, pdf->y, fl_pdf_content_width (pdf), hh);
  cairo_fill (pdf->cr);
  cairo_restore (pdf->cr);
  for (int c = 0; c < 5; c++)
    fl_pdf_text_at (pdf, FL_PDF_SMALL_BOLD, headers[c], FALSE, x[c] + 3, pdf->y + 3, w[c] - 6, PANGO_ALIGN_LEFT);
  pdf->y += hh;
  for (guint i = 0; i < rows; i++)
    image_row (pdf, x, w, (int) i + 1, f->filled && i < f->images->len ? g_ptr_array_index (f->images, i) : NULL);
  fl_pdf_space (pdf, 4.0);
  fl_pdf_paragraph (pdf, FL_PDF_SMALL,
                    "Send each image as the original file. Only images of the actual person sought are searched: "
                    "composite sketches, artist renderings and photos of a look-alike person are refused. Images "
                    "from real-time monitoring or a live stream are refused unless there is an imminent threat "
                    "to life.", FALSE);
}

static void
draw_form (FlPdf         *pdf,
           gconstpointer  user_data)
{
  const FormData *f = user_data;
  const char *agency = fl_report_dash (f->agency_name);
  g_autofree char *attention = g_strdup_printf ("Attention %s staff:", fl_report_dash (f->unit_name));
  g_autofree char *please = g_strdup_printf ("Please assist our agency's investigation by conducting a facial "
                                             "recognition search of the attached image(s) in the galleries "
                                             "searched by %s.", agency);
  g_autofree char *outside = g_strdup_printf ("This request comes from an agency other than %s. Our agency "
                                              "affirms that it follows %s's facial recognition policy.",
                                              agency, agency);
  g_autofree char *office = g_strdup_printf ("For %s use only", fl_report_dash (f->unit_name));
  const char *reason_label = "Describe the situation and the facts amounting to reasonable suspicion that the search "
                             "will provide information relevant to an active investigation, an imminent threat, or "
                             "the identification of a deceased or incapacitated person:";
  g_autofree char *decision = NULL;
  g_autofree char *received = NULL;
  g_autofree char *number = f->filled ? g_strdup_printf ("%" G_GINT64_FORMAT, f->id) : NULL;
  fl_report_draw_masthead (pdf, f->logo, f->unit_name, f->agency_name, "Facial Recognition Search Request");

  fl_pdf_paragraph (pdf, FL_PDF_BODY_BOLD, attention, FALSE);
  fl_pdf_space (pdf, 3);
  fl_pdf_paragraph (pdf, FL_PDF_BODY, please, FALSE);
  fl_pdf_space (pdf, 6);
  fl_pdf_banner (pdf, FL_PDF_BODY_BOLD, FL_REPORT_LEAD_ACKNOWLEDGEMENT, 0.93, 1.2);
  fl_pdf_space (pdf, 4);

  section (pdf, "Requester", 40);
  form_line (pdf, "Requesting agency", f->requesting_agency);
  form_line (pdf, "Requester name", f->requester_name);
  form_line (pdf, "Requester phone number", f->phone);
  form_line (pdf, "Requester email", f->email);
  form_line (pdf, "Case/file number", f->agency_case_number);
  form_line (pdf, "Incident type (file class / crime type)", f->incident_type);

  draw_purposes (pdf, f);

  /* The writing area stays whole on one page (a long filled-in reason may still flow on). */
  section (pdf, "Reason for the search", MIN (ruled_area_height (pdf, reason_label, f->reason, 6), 300));
  ruled_area (pdf, reason_label, f->reason, 6);

  draw_images (pdf, f);

  section (pdf, "Driver license", 50);
  yes_no (pdf, "Did the person present a valid driver license?", f->filled ? (f->dl_presented ? 1 : 0) : -1);
  ruled_area (pdf, "If yes: why is it suspected to be false? (A search is not made otherwise.)",
              f->dl_false_reason, 2);

  section (pdf, "Outside agency", 85);
  check_item (pdf, f->filled && f->outside_agency, outside);
  form_line (pdf, "Affirmation by (name, title)", f->outside_affirmation);

  /* The attestation is read as one block: never split it over two pages. */
  section (pdf, "Prohibited uses: the requester attests each statement (check every box)", 165);
  yes_no (pdf, "Do the image(s) come from real-time monitoring or a live stream?",
          f->filled ? (f->live_source ? 1 : 0) : -1);
  check_item (pdf, f->filled && f->live_source && f->imminent_threat,
              "If yes: there is an imminent threat to life (explain it in the reason above). Otherwise such "
              "images are not searched.");
  check_item (pdf, f->filled && !f->predictive, "The search is not for predictive analysis.");
  check_item (pdf, f->filled && !f->personal_use, "The search is not for personal use.");
  check_item (pdf, f->filled && f->protected_class_attested,
              "The request does not rest solely on anyone's religious, political or social views or activities, "
              "participation in a noncriminal organization or other First Amendment activity, or on race, "
              "ethnicity, citizenship, place of origin, age, disability, gender, gender identity, sexual "
              "orientation or any other protected classification.");

  section (pdf, "Acknowledgement and signature", 110);
  check_item (pdf, f->filled && f->ack_name != NULL && *f->ack_name, FL_REPORT_LEAD_ACKNOWLEDGEMENT);
  fl_pdf_space (pdf, 12);
  fl_pdf_need (pdf, 64);
  /* A signature needs room: its own line, taller than the others. */
  pdf->y += 10;
  pdf->y += line_at (pdf, pdf->left, fl_pdf_content_width (pdf), label_width (pdf, "Requester signature"),
                     "Requester signature", f->filled ? "(submitted electronically: the typed name below)"
                                                      : NULL) + 10;
  form_line_pair (pdf, "Printed name", f->ack_name, "Date", f->ack_date);

  /* The unit's intake box: where paper requests get their decision. */
  if (f->filled && f->decided_at)
    decision = g_strdup_printf ("%s%s%s", fl_report_dash (f->state), f->state_reason ? ": " : "",
                                f->state_reason ? f->state_reason : "");
  else if (f->filled)
    decision = g_strdup (fl_report_dash (f->state));
  received = f->filled ? fl_report_format_time (f->created_at, TRUE) : NULL;
  section (pdf, office, 90);
  form_line_pair (pdf, "Received on", received, "Request no.", number);
  form_line_pair (pdf, "Decided by", f->decided_by, "FR case no.", f->fr_number);
  form_line (pdf, "Decision and reason", decision);
}

/* ---- loading ---- */

static FormData *
form_load (FlDb     *db,
           gint64    request_id,
           GError  **error)
{
  g_autoptr(FormData) f = g_new0 (FormData, 1);
  g_autofree char *logo_hash = NULL;

  f->agency_name = fl_settings_get (db, FL_SETTING_AGENCY_NAME);
  f->unit_name = fl_settings_get (db, FL_SETTING_UNIT_NAME);
  f->paper_size = fl_settings_get (db, FL_SETTING_PAPER_SIZE);
  f->purposes = fl_settings_get_list (db, FL_LIST_PURPOSE);
  f->images = g_ptr_array_new_with_free_func ((GDestroyNotify) form_image_free);
  logo_hash = fl_settings_get (db, FL_SETTING_LOGO_HASH);
  if (logo_hash && *logo_hash)
    f->logo = fl_store_get (db, logo_hash, NULL);

  if (request_id > 0)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autoptr(sqlite3_stmt) images = NULL;
      int rc;

      stmt = fl_db_prepare (db, "SELECT r.created_at, r.requesting_agency, r.requester_name, r.phone, r.email,"
                                " r.agency_case_number, r.incident_type, r.reason, r.purpose, r.image_count,"
                                " r.outside_agency, r.outside_affirmation, r.live_source, r.imminent_threat,"
                                " r.predictive, r.personal_use, r.protected_class_attested, r.dl_presented,"
                                " r.dl_false_reason, r.ack_name, r.ack_date, r.state, r.state_reason,"
                                " r.decided_at, u.full_name, c.fr_number"
                                " FROM requests r LEFT JOIN users u ON u.id = r.decided_by"
                                " LEFT JOIN cases c ON c.request_id = r.id WHERE r.id = ?;", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, request_id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                       "There is no request %" G_GINT64_FORMAT ". Check the request number.", request_id);
          return NULL;
        }
      f->filled = TRUE;
      f->id = request_id;
      f->created_at = fl_db_column_dup (stmt, 0);
      f->requesting_agency = fl_db_column_dup (stmt, 1);
      f->requester_name = fl_db_column_dup (stmt, 2);
      f->phone = fl_db_column_dup (stmt, 3);
      f->email = fl_db_column_dup (stmt, 4);
      f->agency_case_number = fl_db_column_dup (stmt, 5);
      f->incident_type = fl_db_column_dup (stmt, 6);
      f->reason = fl_db_column_dup (stmt, 7);
      f->purpose = fl_db_column_dup (stmt, 8);
      f->image_count = sqlite3_column_int64 (stmt, 9);
      f->outside_agency = sqlite3_column_int (stmt, 10) != 0;
      f->outside_affirmation = fl_db_column_dup (stmt, 11);
      f->live_source = sqlite3_column_int (stmt, 12) != 0;
      f->imminent_threat = sqlite3_column_int (stmt, 13) != 0;
      f->predictive = sqlite3_column_int (stmt, 14) != 0;
      f->personal_use = sqlite3_column_int (stmt, 15) != 0;
      f->protected_class_attested = sqlite3_column_int (stmt, 16) != 0;
      f->dl_presented = sqlite3_column_int (stmt, 17) != 0;
      f->dl_false_reason = fl_db_column_dup (stmt, 18);
      f->ack_name = fl_db_column_dup (stmt, 19);
      f->ack_date = fl_db_column_dup (stmt, 20);
      f->state = fl_db_column_dup (stmt, 21);
      f->state_reason = fl_db_column_dup (stmt, 22);
      f->decided_at = fl_db_column_dup (stmt, 23);
      f->decided_by = fl_db_column_dup (stmt, 24);
      f->fr_number = fl_db_column_dup (stmt, 25);

      /* A purpose the unit has since removed from its list is still shown, checked. */
      if (f->purpose && !g_strv_contains ((const char * const *) f->purposes, f->purpose))
        {
          guint n = g_strv_length (f->purposes);

          f->purposes = g_renew (char *, f->purposes, n + 2);
          f->purposes[n] = g_strdup (f->purpose);
          f->purposes[n + 1] = NULL;
        }

      images = fl_db_prepare (db, "SELECT filename, source, from_video, kind FROM request_images"
                                  " WHERE request_id = ? ORDER BY id;", error);
      if (images == NULL)
        return NULL;
      sqlite3_bind_int64 (images, 1, request_id);
      while ((rc = sqlite3_step (images)) == SQLITE_ROW)
        {
          FormImage *image = g_new0 (FormImage, 1);

          image->filename = fl_db_column_dup (images, 0);
          image->source = fl_db_column_dup (images, 1);
          image->from_video = sqlite3_column_int (images, 2) != 0;
          image->kind = fl_db_column_dup (images, 3);
          g_ptr_array_add (f->images, image);
        }
      if (rc != SQLITE_DONE)
        {
          fl_db_set_error (db, error, "Cannot read the request's images");
          return NULL;
        }
    }
  return g_steal_pointer (&f);
}

GBytes *
fl_request_form_render_pdf_bytes (FlDb     *db,
                                  gint64    request_id,
                                  GError  **error)
{
  g_autoptr(FormData) f = NULL;
  g_autofree char *handling = NULL;
  g_autofree char *doc_id = NULL;
  g_autofree char *submitted = NULL;
  g_autofree char *contact = NULL;
  FlPdfChrome chrome = { 0 };

  g_return_val_if_fail (FL_IS_DB (db), NULL);

  f = form_load (db, request_id, error);
  if (f == NULL)
    return NULL;
  submitted = fl_report_format_time (f->created_at, TRUE);
  contact = fl_settings_get (db, FL_SETTING_REPORT_CONTACT);
  handling = fl_report_handling_text (f->agency_name, contact);
  doc_id = f->filled ? g_strdup_printf ("Search request no. %" G_GINT64_FORMAT ", submitted %s", f->id,
                                        fl_report_dash (submitted))
                     : g_strdup_printf ("Blank search request form of %s", fl_report_dash (f->unit_name));
  chrome.title = "Facial Recognition Search Request";
  chrome.author = f->agency_name;
  chrome.handling = handling;
  chrome.doc_id = doc_id;
  return fl_pdf_render (f->paper_size, &chrome, draw_form, f, error);
}

gboolean
fl_request_form_render_pdf (FlDb        *db,
                            gint64       request_id,
                            const char  *out_path,
                            GError     **error)
{
  g_autoptr(GBytes) pdf = fl_request_form_render_pdf_bytes (db, request_id, error);

  return pdf != NULL && fl_report_write_file (out_path, pdf, error);
}

gboolean
fl_request_form_export (FlSession   *actor,
                        gint64       request_id,
                        const char  *out_path,
                        GError     **error)
{
  FlDb *db;
  g_autofree char *details = NULL;
  g_autofree char *id_text = NULL;
  gint64 case_id = 0;

  g_return_val_if_fail (FL_IS_SESSION (actor), FALSE);
  db = fl_session_get_db (actor);

  if (request_id > 0)
    {
      g_autoptr(sqlite3_stmt) stmt = fl_db_prepare (db, "SELECT r.created_by, c.id FROM requests r"
                                                        " LEFT JOIN cases c ON c.request_id = r.id WHERE r.id = ?;",
                                                    error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, request_id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                       "There is no request %" G_GINT64_FORMAT ". Check the request number.", request_id);
          return FALSE;
        }
      case_id = sqlite3_column_int64 (stmt, 1);
      if (!fl_report_may_read (actor, sqlite3_column_int64 (stmt, 0), case_id, "request_form.print", error))
        return FALSE;
    }
  if (!fl_request_form_render_pdf (db, request_id, out_path, error))
    return FALSE;
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, request_id);
  details = fl_audit_details ("request_id", request_id > 0 ? id_text : NULL, "blank", request_id > 0 ? "no" : "yes",
                              "path", out_path, NULL);
  return fl_session_audit (actor, "request_form.print", case_id, "success", details, error);
}
