/* fl-request-row.c: one search request in a list
 *
 * Folded, the row says whose case it is, when it was sent and where it
 * stands (refused and returned requests show their reason at once).
 * Unfolded, it shows every answer of the form and the images, read with
 * fl_request_get() only then, so a long list stays quick to build.
 */
#include <glib/gi18n.h>

#include "fl-format.h"
#include "fl-request-row.h"
#include "fl-store.h"
#include "fl-thumbnail.h"

#define DETAIL_THUMBNAIL_SIZE 96

struct _FlRequestRow
{
  GtkListBoxRow   parent_instance;

  FlSession      *session;
  gint64          request_id;
  FlRequestState  state;
  char           *state_text;
  gboolean        details_loaded;
  GCancellable   *cancellable;

  GtkImage       *expander_icon;
  GtkLabel       *title_label;
  GtkLabel       *subtitle_label;
  GtkLabel       *state_label;
  GtkLabel       *reason_label;
  GtkRevealer    *details_revealer;
  GtkBox         *details_box;
  GtkWidget      *actions_box;
  GtkButton      *accept_button;
  GtkButton      *return_button;
};

G_DEFINE_FINAL_TYPE (FlRequestRow, fl_request_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  SIGNAL_ACCEPT,
  SIGNAL_RETURN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- details ---------------------------------------------------------- */

static void
add_detail (FlRequestRow *self,
            const char   *label,
            const char   *value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *heading = gtk_label_new (label);
  GtkWidget *text = gtk_label_new (value != NULL && *value != '\0' ? value : "—");

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "caption-heading");
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (self->details_box, box);
}

static void
thumbnail_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GdkTexture) texture = fl_thumbnail_load_finish (result, NULL);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
add_image (FlRequestRow         *self,
           guint                 index,
           const FlRequestImage *image)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title, *source, *hash;
  g_autofree char *title_text = NULL;
  g_autofree char *source_text = NULL;

  if (image->hash != NULL)
    {
      g_autofree char *path = fl_store_get_path (fl_session_get_db (self->session), image->hash, NULL);
      GtkWidget *picture = gtk_picture_new ();

      gtk_widget_set_size_request (picture, DETAIL_THUMBNAIL_SIZE, DETAIL_THUMBNAIL_SIZE);
      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
      gtk_picture_set_alternative_text (GTK_PICTURE (picture), image->filename);
      gtk_widget_set_valign (picture, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (box), picture);
      if (path != NULL)
        fl_thumbnail_load_async (path, FL_THUMBNAIL_SIZE, self->cancellable, thumbnail_loaded_cb,
                                 g_object_ref (picture));
    }

  /* Translators: "Image 1: still-0412.png — Still from video" */
  title_text = g_strdup_printf (_("Image %u: %s — %s"), index + 1, image->filename,
                                image->kind <= FL_IMAGE_KIND_LAST ? _(fl_image_kind_label (image->kind)) : "");
  title = gtk_label_new (title_text);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  source_text = image->from_video ? g_strdup_printf (_("%s (extracted from video)"), image->source)
                                  : g_strdup (image->source);
  source = gtk_label_new (source_text);
  gtk_label_set_xalign (GTK_LABEL (source), 0);
  gtk_label_set_wrap (GTK_LABEL (source), TRUE);
  gtk_box_append (GTK_BOX (text_box), title);
  gtk_box_append (GTK_BOX (text_box), source);
  if (image->hash != NULL)
    {
      g_autofree char *hash_text = g_strdup_printf ("SHA-256 %s", image->hash);

      hash = gtk_label_new (hash_text);
      gtk_label_set_xalign (GTK_LABEL (hash), 0);
      gtk_label_set_wrap (GTK_LABEL (hash), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (hash), PANGO_WRAP_CHAR);
      gtk_label_set_selectable (GTK_LABEL (hash), TRUE);
      gtk_widget_add_css_class (hash, "caption");
      gtk_widget_add_css_class (hash, "monospace");
      gtk_box_append (GTK_BOX (text_box), hash);
    }
  else
    {
      /* A refused request's images are not kept (the core's rule). */
      hash = gtk_label_new (_("Not kept: the request was refused."));
      gtk_label_set_xalign (GTK_LABEL (hash), 0);
      gtk_widget_add_css_class (hash, "caption");
      gtk_widget_add_css_class (hash, "dim-label");
      gtk_box_append (GTK_BOX (text_box), hash);
    }
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_box_append (GTK_BOX (box), text_box);
  gtk_box_append (self->details_box, box);
}

static void
load_details (FlRequestRow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRequest) request = NULL;
  const FlRequestDraft *f;
  g_autofree char *contact = NULL;
  g_autofree char *ack = NULL;

  self->details_loaded = TRUE;
  request = fl_request_get (self->session, self->request_id, &error);
  if (request == NULL)
    {
      add_detail (self, _("The request cannot be read"), error->message);
      return;
    }
  f = request->form;

  add_detail (self, _("Authorized purpose"), f->purpose);
  add_detail (self, _("Reason for the search"), f->reason);
  /* Translators: requester name · phone · email */
  contact = g_strdup_printf (_("%s · %s · %s"), f->requester_name, f->phone, f->email);
  add_detail (self, _("Requester"), contact);
  if (f->outside_agency)
    add_detail (self, _("Outside agency’s affirmation"), f->outside_affirmation);
  if (f->live_source)
    add_detail (self, _("Live stream or real-time monitoring"),
                f->imminent_threat ? _("Yes, with an imminent threat to life") : _("Yes, with no imminent threat to life"));
  if (f->predictive)
    add_detail (self, _("Predictive analysis"), _("Yes"));
  if (f->personal_use)
    add_detail (self, _("Personal use"), _("Yes"));
  if (!f->protected_class_attested)
    add_detail (self, _("Protected-class attestation"), _("Not given"));
  if (f->dl_presented)
    add_detail (self, _("Valid driver license presented; why it is suspected false"), f->dl_false_reason);
  /* Translators: "Signed by Det. Jane Doe on 2026-03-14" */
  ack = g_strdup_printf (_("Signed by %s on %s"), f->ack_name, f->ack_date);
  add_detail (self, f->ack_lead_only ? _("Acknowledged: results are investigative leads only")
                                     : _("Lead-only acknowledgement missing"), ack);
  for (guint i = 0; i < f->images->len; i++)
    add_image (self, i, g_ptr_array_index (f->images, i));
}

/* ---- callbacks -------------------------------------------------------- */

static void
accept_clicked_cb (FlRequestRow *self)
{
  g_signal_emit (self, signals[SIGNAL_ACCEPT], 0);
}

static void
return_clicked_cb (FlRequestRow *self)
{
  g_signal_emit (self, signals[SIGNAL_RETURN], 0);
}

/* ---- GObject ---------------------------------------------------------- */

static void
fl_request_row_dispose (GObject *object)
{
  FlRequestRow *self = FL_REQUEST_ROW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_REQUEST_ROW);

  G_OBJECT_CLASS (fl_request_row_parent_class)->dispose (object);
}

static void
fl_request_row_finalize (GObject *object)
{
  FlRequestRow *self = FL_REQUEST_ROW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_free (self->state_text);

  G_OBJECT_CLASS (fl_request_row_parent_class)->finalize (object);
}

static void
fl_request_row_class_init (FlRequestRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_request_row_dispose;
  object_class->finalize = fl_request_row_finalize;

  /**
   * FlRequestRow::accept:
   *
   * The examiner pressed Accept.
   */
  signals[SIGNAL_ACCEPT] = g_signal_new ("accept", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * FlRequestRow::return:
   *
   * The examiner pressed Return.
   */
  signals[SIGNAL_RETURN] = g_signal_new ("return", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-request-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FlRequestRow, expander_icon);
  gtk_widget_class_bind_template_child (widget_class, FlRequestRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, FlRequestRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, FlRequestRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, FlRequestRow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, FlRequestRow, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, FlRequestRow, details_box);
  gtk_widget_class_bind_template_child (widget_class, FlRequestRow, actions_box);
  gtk_widget_class_bind_template_child (widget_class, FlRequestRow, accept_button);
  gtk_widget_class_bind_template_child (widget_class, FlRequestRow, return_button);
  gtk_widget_class_bind_template_callback (widget_class, accept_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, return_clicked_cb);
}

static void
fl_request_row_init (FlRequestRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_request_row_new (FlSession       *session,
                    const FlRequest *request,
                    gboolean         triage)
{
  FlRequestRow *self;
  const FlRequestDraft *f;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *when = NULL;
  g_autofree char *number = NULL;
  const char *tone = NULL;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  self = g_object_new (FL_TYPE_REQUEST_ROW, NULL);
  self->session = g_object_ref (session);
  self->request_id = request->id;
  self->state = request->state;
  f = request->form;

  /* Translators: the requester's case number · incident type, e.g. "24-001234 · Robbery" */
  title = g_strdup_printf (_("Case %s · %s"), f->agency_case_number, f->incident_type);
  when = fl_format_time (request->created_at);
  number = g_strdup_printf ("%" G_GINT64_FORMAT, request->id);
  /* Translators: "Request 12 · Example City Police Department · sent 2026-03-14 14:02 by Det. Jane Doe · 1 image" */
  subtitle = g_strdup_printf (ngettext ("Request %s · %s · sent %s by %s · %d image",
                                        "Request %s · %s · sent %s by %s · %d images",
                                        f->image_count),
                              number, f->requesting_agency, when, f->requester_name, f->image_count);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle);

  switch (request->state)
    {
    case FL_REQUEST_SUBMITTED:
      self->state_text = g_strdup (_("Waiting for an examiner"));
      tone = "accent";
      break;
    case FL_REQUEST_REFUSED:
      self->state_text = g_strdup (_("Refused"));
      tone = "error";
      break;
    case FL_REQUEST_RETURNED:
      self->state_text = g_strdup (_("Returned"));
      tone = "warning";
      break;
    case FL_REQUEST_ACCEPTED:
    default:
      /* Translators: the state of an accepted request with its case's FR number */
      self->state_text = g_strdup_printf (_("Accepted: case %s"), request->fr_number ? request->fr_number : "—");
      tone = "success";
      break;
    }
  gtk_label_set_text (self->state_label, self->state_text);
  fl_format_set_tone (GTK_WIDGET (self->state_label), tone);

  if (request->state_reason != NULL && *request->state_reason != '\0')
    {
      g_autofree char *reason = NULL;

      if (request->state == FL_REQUEST_REFUSED)
        reason = g_strdup_printf (_("Why it was refused:\n%s"), request->state_reason);
      else
        reason = g_strdup_printf (_("Why it was returned: %s"), request->state_reason);
      gtk_label_set_text (self->reason_label, reason);
      fl_format_set_tone (GTK_WIDGET (self->reason_label), request->state == FL_REQUEST_REFUSED ? "error" : "warning");
      gtk_widget_set_visible (GTK_WIDGET (self->reason_label), TRUE);
    }

  gtk_widget_set_visible (self->actions_box, triage && request->state == FL_REQUEST_SUBMITTED);
  return GTK_WIDGET (self);
}

gint64
fl_request_row_get_request_id (FlRequestRow *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_ROW (self), 0);
  return self->request_id;
}

FlRequestState
fl_request_row_get_state (FlRequestRow *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_ROW (self), FL_REQUEST_SUBMITTED);
  return self->state;
}

const char *
fl_request_row_get_state_text (FlRequestRow *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_ROW (self), NULL);
  return self->state_text;
}

void
fl_request_row_set_expanded (FlRequestRow *self,
                             gboolean      expanded)
{
  g_return_if_fail (FL_IS_REQUEST_ROW (self));

  if (expanded && !self->details_loaded)
    load_details (self);
  gtk_revealer_set_reveal_child (self->details_revealer, expanded);
  gtk_image_set_from_icon_name (self->expander_icon, expanded ? "pan-down-symbolic" : "pan-end-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_EXPANDED, expanded, -1);
}

gboolean
fl_request_row_get_expanded (FlRequestRow *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_ROW (self), FALSE);
  return gtk_revealer_get_reveal_child (self->details_revealer);
}
