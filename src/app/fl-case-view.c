/* fl-case-view.c: one case file: header, probes and timeline
 *
 * Everything is read through the core with the signed-in person's session:
 * the header with fl_case_get(), the probes from the request the case was
 * opened from (its images are the case's original probes), and the history
 * with fl_case_timeline(). The request form is written with
 * fl_request_form_export(), the gate that records who printed a filled form.
 */
#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "fl-case-view.h"
#include "fl-format.h"
#include "fl-report.h"
#include "fl-request.h"
#include "fl-store.h"
#include "fl-thumbnail.h"

#define PROBE_SIZE 160

struct _FlCaseView
{
  AdwBin                parent_instance;

  FlSession            *session;
  FlCase               *kase;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  guint                 n_timeline;
  guint                 n_probes;

  GtkLabel             *agency_case_value;
  GtkLabel             *agency_value;
  GtkLabel             *incident_value;
  GtkLabel             *purpose_value;
  GtkLabel             *requester_value;
  GtkLabel             *examiner_value;
  GtkLabel             *opened_value;
  GtkLabel             *closed_value;
  guint                 n_details;

  AdwToastOverlay      *toast_overlay;
  GtkScrolledWindow    *scroller;
  GtkLabel             *fr_label;
  GtkLabel             *state_label;
  GtkLabel             *summary_label;
  GtkLabel             *sealed_label;
  GtkBox               *actions_box;
  GtkGrid              *details_grid;
  GtkFlowBox           *probes_box;
  GtkLabel             *probes_message;
  GtkListBox           *timeline_list;
};

G_DEFINE_FINAL_TYPE (FlCaseView, fl_case_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CASE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- helpers ---------------------------------------------------------- */

/* A label and its value in the two-column grid of the case file; returns the value. */
static GtkLabel *
add_detail (FlCaseView *self,
            const char *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *key = gtk_label_new (label);
  GtkWidget *value = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_widget_add_css_class (key, "caption-heading");
  gtk_widget_add_css_class (key, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_box_append (GTK_BOX (box), key);
  gtk_box_append (GTK_BOX (box), value);
  gtk_grid_attach (self->details_grid, box, (int) (self->n_details % 2), (int) (self->n_details / 2), 1, 1);
  self->n_details++;
  return GTK_LABEL (value);
}

static void
set_detail (GtkLabel   *label,
            const char *value)
{
  gtk_label_set_text (label, value != NULL && *value != '\0' ? value : "—");
}

static GtkWindow *
parent_window (FlCaseView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_error (FlCaseView *self,
            const char *heading,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
clear_flow_box (GtkFlowBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);
}

/* ---- probes ----------------------------------------------------------- */

static void
probe_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = fl_thumbnail_load_finish (result, &error);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_widget_set_tooltip_text (GTK_WIDGET (picture), error->message);
}

static void
add_probe (FlCaseView           *self,
           guint                 index,
           const FlRequestImage *image)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *title, *kind, *hash;
  g_autofree char *title_text = NULL;
  g_autofree char *hash_text = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_size_request (card, PROBE_SIZE + 60, -1);
  gtk_widget_set_size_request (picture, PROBE_SIZE, PROBE_SIZE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_picture_set_alternative_text (GTK_PICTURE (picture), image->filename);
  gtk_widget_set_margin_top (picture, 12);
  gtk_widget_set_margin_start (picture, 12);
  gtk_widget_set_margin_end (picture, 12);
  gtk_box_append (GTK_BOX (card), picture);

  /* Translators: "Probe 1: still-0412.png" */
  title_text = g_strdup_printf (_("Probe %u: %s"), index + 1, image->filename);
  title = gtk_label_new (title_text);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_tooltip_text (title, image->filename);
  gtk_widget_add_css_class (title, "heading");
  kind = gtk_label_new (image->kind <= FL_IMAGE_KIND_LAST ? _(fl_image_kind_label (image->kind)) : "");
  gtk_widget_add_css_class (kind, "caption");
  hash_text = g_strdup_printf ("SHA-256 %s", image->hash != NULL ? image->hash : "—");
  hash = gtk_label_new (hash_text);
  gtk_label_set_wrap (GTK_LABEL (hash), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (hash), PANGO_WRAP_CHAR);
  gtk_label_set_selectable (GTK_LABEL (hash), TRUE);
  gtk_label_set_justify (GTK_LABEL (hash), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (hash), 24);
  gtk_widget_add_css_class (hash, "caption");
  gtk_widget_add_css_class (hash, "monospace");
  gtk_widget_add_css_class (hash, "dim-label");
  gtk_widget_set_margin_start (hash, 12);
  gtk_widget_set_margin_end (hash, 12);
  gtk_widget_set_margin_bottom (hash, 12);
  gtk_box_append (GTK_BOX (card), title);
  gtk_box_append (GTK_BOX (card), kind);
  gtk_box_append (GTK_BOX (card), hash);
  gtk_flow_box_append (self->probes_box, card);

  if (image->hash != NULL)
    path = fl_store_get_path (fl_session_get_db (self->session), image->hash, &error);
  if (path != NULL)
    fl_thumbnail_load_async (path, FL_THUMBNAIL_SIZE, self->cancellable, probe_loaded_cb, g_object_ref (picture));
  else
    gtk_widget_set_tooltip_text (picture, error != NULL ? error->message : _("The image is not kept."));
}

static void
load_probes (FlCaseView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlRequest) request = NULL;

  clear_flow_box (self->probes_box);
  self->n_probes = 0;
  request = fl_request_get (self->session, self->kase->request_id, &error);
  if (request == NULL)
    {
      gtk_label_set_text (self->probes_message, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->probes_message), TRUE);
      return;
    }
  for (guint i = 0; i < request->form->images->len; i++)
    add_probe (self, i, g_ptr_array_index (request->form->images, i));
  self->n_probes = request->form->images->len;
  gtk_label_set_text (self->probes_message, _("The request had no images."));
  gtk_widget_set_visible (GTK_WIDGET (self->probes_message), self->n_probes == 0);
}

/* ---- timeline --------------------------------------------------------- */

static GtkWidget *
timeline_row (const FlTimelineEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  g_autofree char *when = fl_format_time (entry->ts);
  g_autofree char *subtitle = NULL;
  gboolean success = g_strcmp0 (entry->outcome, "success") == 0;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->summary != NULL ? entry->summary : entry->action);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  /* Translators: when · who · the recorded action, e.g. "2026-03-14 14:02 · ella · request.accept" */
  subtitle = g_strdup_printf (_("%s · %s · %s"), when, entry->username ? entry->username : "—", entry->action);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  icon = gtk_image_new_from_icon_name (success ? "emblem-ok-symbolic" : "action-unavailable-symbolic");
  fl_format_set_tone (icon, success ? "success" : "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (!success && entry->outcome != NULL)
    {
      GtkWidget *outcome = gtk_label_new (entry->outcome);

      gtk_widget_add_css_class (outcome, "caption-heading");
      fl_format_set_tone (outcome, "error");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), outcome);
    }
  return row;
}

static void
load_timeline (FlCaseView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  clear_list_box (self->timeline_list);
  self->n_timeline = 0;
  entries = fl_case_timeline (self->session, self->kase->id, &error);
  if (entries == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The timeline cannot be read"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), error->message);
      gtk_list_box_append (self->timeline_list, row);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->timeline_list, timeline_row (g_ptr_array_index (entries, i)));
  self->n_timeline = entries->len;
}

/* ---- header ----------------------------------------------------------- */

static void
show_header (FlCaseView *self)
{
  const FlCase *k = self->kase;
  g_autofree char *summary = NULL;
  g_autofree char *opened = fl_format_time (k->opened_at);
  g_autofree char *closed = fl_format_time (k->closed_at);

  gtk_label_set_text (self->fr_label, k->fr_number);
  gtk_label_set_text (self->state_label, k->sealed ? _("Sealed") : fl_format_case_state (k->state));
  fl_format_set_tone (GTK_WIDGET (self->state_label), k->sealed ? "error" : fl_format_case_state_tone (k->state));
  /* Translators: incident type · requesting agency */
  summary = g_strdup_printf (_("%s · %s"), k->incident_type ? k->incident_type : "—",
                             k->requesting_agency ? k->requesting_agency : "—");
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->sealed_label), k->sealed);

  set_detail (self->agency_case_value, k->agency_case_number);
  set_detail (self->agency_value, k->requesting_agency);
  set_detail (self->incident_value, k->incident_type);
  set_detail (self->purpose_value, k->purpose);
  set_detail (self->requester_value, k->requester_name);
  set_detail (self->examiner_value, k->examiner_name != NULL ? k->examiner_name : _("Not assigned"));
  set_detail (self->opened_value, opened);
  set_detail (self->closed_value, k->closed_at != NULL ? closed : _("Still open"));
}

/* ---- the request form ------------------------------------------------- */

static char *
form_file_name (FlCaseView *self,
                gboolean    filled)
{
  if (filled && self->kase != NULL)
    /* Translators: file name of a case's request form; %s is the FR number */
    return g_strdup_printf (_("%s request form.pdf"), self->kase->fr_number);
  return g_strdup (_("Blank request form.pdf"));
}

static void
open_form_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FlCaseView *self = FL_CASE_VIEW (widget);
  gboolean filled = g_variant_get_boolean (parameter);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "faceleads", "forms", NULL);
  g_autofree char *name = form_file_name (self, filled);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;

  /* A filled form holds personal data: the folder is the person's alone. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("The folder %s cannot be created: %s"), dir, g_strerror (errno));
      show_error (self, _("Request Form Not Opened"), message);
      return;
    }
  if (!fl_case_view_export_form (self, filled, path, &error))
    {
      show_error (self, _("Request Form Not Opened"), error->message);
      return;
    }
  uri = g_filename_to_uri (path, NULL, NULL);
  gtk_show_uri (parent_window (self), uri, GDK_CURRENT_TIME);
}

static void
save_response_cb (FlCaseView           *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  gboolean filled = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "fl-filled"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        show_error (self, _("Request Form Not Saved"), _("Choose a folder on this computer."));
      else if (!fl_case_view_export_form (self, filled, path, &error))
        show_error (self, _("Request Form Not Saved"), error->message);
      else
        {
          g_autofree char *title = g_strdup_printf (_("Saved %s"), path);
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
        }
    }
  g_clear_object (&self->chooser);
}

static void
save_form_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FlCaseView *self = FL_CASE_VIEW (widget);
  gboolean filled = g_variant_get_boolean (parameter);
  g_autofree char *name = form_file_name (self, filled);
  g_autoptr(GtkFileFilter) pdf = gtk_file_filter_new ();

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  self->chooser = gtk_file_chooser_native_new (filled ? _("Save Request Form") : _("Save Blank Request Form"),
                                               parent_window (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (pdf, _("PDF documents"));
  gtk_file_filter_add_mime_type (pdf, "application/pdf");
  gtk_file_filter_add_suffix (pdf, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), pdf);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data (G_OBJECT (self->chooser), "fl-filled", GINT_TO_POINTER (filled));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (save_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- GObject ---------------------------------------------------------- */

static void
fl_case_view_dispose (GObject *object)
{
  FlCaseView *self = FL_CASE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  /* The bin's child is a template child: let go of it before the template does. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_CASE_VIEW);

  G_OBJECT_CLASS (fl_case_view_parent_class)->dispose (object);
}

static void
fl_case_view_finalize (GObject *object)
{
  FlCaseView *self = FL_CASE_VIEW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->kase, fl_case_free);

  G_OBJECT_CLASS (fl_case_view_parent_class)->finalize (object);
}

static void
fl_case_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FlCaseView *self = FL_CASE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_CASE_ID:
      g_value_set_int64 (value, fl_case_view_get_case_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_case_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FlCaseView *self = FL_CASE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      fl_case_view_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_case_view_class_init (FlCaseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_case_view_dispose;
  object_class->finalize = fl_case_view_finalize;
  object_class->get_property = fl_case_view_get_property;
  object_class->set_property = fl_case_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * FlCaseView:case-id:
   *
   * The case shown (0 for none); notified after every load and reload.
   */
  properties[PROP_CASE_ID] =
    g_param_spec_int64 ("case-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-case-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, scroller);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, fr_label);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, state_label);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, sealed_label);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, actions_box);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, details_grid);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, probes_box);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, probes_message);
  gtk_widget_class_bind_template_child (widget_class, FlCaseView, timeline_list);

  gtk_widget_class_install_action (widget_class, "case.open-form", "b", open_form_action);
  gtk_widget_class_install_action (widget_class, "case.save-form", "b", save_form_action);
}

static void
fl_case_view_init (FlCaseView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  self->agency_case_value = add_detail (self, _("Agency case number"));
  self->agency_value = add_detail (self, _("Requesting agency"));
  self->incident_value = add_detail (self, _("Incident type"));
  self->purpose_value = add_detail (self, _("Authorized purpose"));
  self->requester_value = add_detail (self, _("Requester"));
  self->examiner_value = add_detail (self, _("Examiner"));
  self->opened_value = add_detail (self, _("Date opened"));
  self->closed_value = add_detail (self, _("Date closed"));
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_case_view_new (FlSession *session)
{
  return g_object_new (FL_TYPE_CASE_VIEW, "session", session, NULL);
}

void
fl_case_view_set_session (FlCaseView *self,
                          FlSession  *session)
{
  g_return_if_fail (FL_IS_CASE_VIEW (self));
  g_return_if_fail (session == NULL || FL_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
fl_case_view_show_case (FlCaseView  *self,
                        gint64       case_id,
                        GError     **error)
{
  FlCase *kase;
  gboolean other_case;

  g_return_val_if_fail (FL_IS_CASE_VIEW (self), FALSE);
  g_return_val_if_fail (FL_IS_SESSION (self->session), FALSE);

  kase = fl_case_get (self->session, case_id, error);
  if (kase == NULL)
    return FALSE;

  other_case = self->kase == NULL || self->kase->id != case_id;
  /* Thumbnails still loading belong to the case shown before. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_clear_pointer (&self->kase, fl_case_free);
  self->kase = kase;
  show_header (self);
  load_probes (self);
  load_timeline (self);
  if (other_case)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE_ID]);
  return TRUE;
}

void
fl_case_view_reload (FlCaseView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FL_IS_CASE_VIEW (self));

  if (self->kase != NULL && !fl_case_view_show_case (self, self->kase->id, &error))
    g_warning ("Case %" G_GINT64_FORMAT " could not be read again: %s", self->kase->id, error->message);
}

gint64
fl_case_view_get_case_id (FlCaseView *self)
{
  g_return_val_if_fail (FL_IS_CASE_VIEW (self), 0);
  return self->kase != NULL ? self->kase->id : 0;
}

const FlCase *
fl_case_view_get_case (FlCaseView *self)
{
  g_return_val_if_fail (FL_IS_CASE_VIEW (self), NULL);
  return self->kase;
}

guint
fl_case_view_get_n_timeline_rows (FlCaseView *self)
{
  g_return_val_if_fail (FL_IS_CASE_VIEW (self), 0);
  return self->n_timeline;
}

guint
fl_case_view_get_n_probes (FlCaseView *self)
{
  g_return_val_if_fail (FL_IS_CASE_VIEW (self), 0);
  return self->n_probes;
}

void
fl_case_view_add_action (FlCaseView *self,
                         GtkWidget  *widget)
{
  g_return_if_fail (FL_IS_CASE_VIEW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_box_append (self->actions_box, widget);
}

gboolean
fl_case_view_export_form (FlCaseView  *self,
                          gboolean     filled,
                          const char  *path,
                          GError     **error)
{
  g_return_val_if_fail (FL_IS_CASE_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (filled && self->kase == NULL)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, _("Choose a case first."));
      return FALSE;
    }
  return fl_request_form_export (self->session, filled ? self->kase->request_id : 0, path, error);
}
