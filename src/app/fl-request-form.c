/* fl-request-form.c: the search request form (R4–R9)
 *
 * The form builds an FlRequestDraft from its widgets and asks the core what
 * is wrong with it (fl_request_validate) after every change, so the checks
 * are the core's own: each problem is shown under its field and Submit stays
 * disabled with the reason beside it. A field's message appears only once the
 * person has changed that field, so a fresh form is not all red; the text
 * beside Submit always counts every problem.
 *
 * Answers that make the core refuse the request (R6, R7, R9) are not errors:
 * the request may still be submitted and is then recorded as refused. The
 * form warns under the answer and asks before submitting; after a refusal it
 * shows the core's reason in full.
 *
 * Probe images come from the file chooser or a drop on the images group;
 * each is an FlRequestImageRow measured in a worker thread. Files that are
 * not usable stay listed with their message but are left out of the request,
 * and the number of images follows the usable ones.
 */
#include <glib/gi18n.h>
#include <string.h>

#include "fl-field-message.h"
#include "fl-format.h"
#include "fl-request-form.h"
#include "fl-settings.h"

/* Checks run this long after the last change, so typing stays smooth even
 * when large images must be hashed again. */
#define VALIDATE_DELAY_MS 120

struct _FlRequestForm
{
  AdwBin             parent_instance;

  FlSession         *session;
  GPtrArray         *image_rows;     /* of FlRequestImageRow, in form order */
  GHashTable        *touched;        /* field ids the person changed */
  GStrv              error_fields;
  char              *problem;
  guint              validate_source;
  gboolean           submitting;
  gboolean           filling;        /* the form itself is setting values: nothing is "touched" */
  GtkFileChooserNative *chooser;

  GtkStack          *form_stack;
  GtkScrolledWindow *scroller;
  AdwEntryRow       *agency_row;
  AdwEntryRow       *requester_row;
  AdwEntryRow       *phone_row;
  AdwEntryRow       *email_row;
  AdwActionRow      *outside_row;
  GtkSwitch         *outside_switch;
  AdwEntryRow       *affirmation_row;
  AdwEntryRow       *case_number_row;
  AdwComboRow       *incident_row;
  AdwComboRow       *purpose_row;
  GtkWidget         *reason_frame;
  GtkTextView       *reason_view;
  AdwPreferencesGroup *images_group;
  GtkBox            *images_box;
  GtkWidget         *images_placeholder;
  GtkLabel          *image_count_label;
  AdwActionRow      *live_row;
  GtkSwitch         *live_switch;
  AdwActionRow      *threat_row;
  GtkSwitch         *threat_switch;
  AdwActionRow      *predictive_row;
  GtkSwitch         *predictive_switch;
  AdwActionRow      *personal_row;
  GtkSwitch         *personal_switch;
  AdwActionRow      *attest_row;
  GtkCheckButton    *attest_check;
  AdwActionRow      *dl_row;
  GtkSwitch         *dl_switch;
  AdwEntryRow       *dl_reason_row;
  AdwActionRow      *ack_row;
  GtkCheckButton    *ack_check;
  AdwEntryRow       *ack_name_row;
  AdwEntryRow       *ack_date_row;
  GtkLabel          *status_label;
  GtkButton         *submit_button;
  GtkLabel          *refusal_label;
  GtkWidget         *new_request_button;
};

G_DEFINE_FINAL_TYPE (FlRequestForm, fl_request_form, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

enum {
  SIGNAL_SUBMITTED,
  SIGNAL_REFUSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Every field of the core's draft and the widget that shows it. */
typedef struct
{
  const char *id;
  gsize       offset;   /* of the widget in FlRequestForm */
  const char *label;    /* named in the text beside Submit */
} FieldSpec;

#define FIELD(id, member, label) { id, G_STRUCT_OFFSET (FlRequestForm, member), label }

static const FieldSpec fields[] = {
  FIELD (FL_FIELD_REQUESTING_AGENCY, agency_row, N_("requesting agency")),
  FIELD (FL_FIELD_REQUESTER_NAME, requester_row, N_("requester name")),
  FIELD (FL_FIELD_PHONE, phone_row, N_("phone")),
  FIELD (FL_FIELD_EMAIL, email_row, N_("email")),
  FIELD (FL_FIELD_OUTSIDE_AGENCY, outside_row, N_("outside agency")),
  FIELD (FL_FIELD_OUTSIDE_AFFIRMATION, affirmation_row, N_("agency’s affirmation")),
  FIELD (FL_FIELD_AGENCY_CASE_NUMBER, case_number_row, N_("case number")),
  FIELD (FL_FIELD_INCIDENT_TYPE, incident_row, N_("incident type")),
  FIELD (FL_FIELD_PURPOSE, purpose_row, N_("purpose")),
  FIELD (FL_FIELD_REASON, reason_frame, N_("reason")),
  FIELD (FL_FIELD_IMAGES, images_box, N_("probe images")),
  FIELD (FL_FIELD_IMAGE_COUNT, images_box, N_("probe images")),
  FIELD (FL_FIELD_LIVE_SOURCE, live_row, N_("live stream")),
  FIELD (FL_FIELD_IMMINENT_THREAT, threat_row, N_("imminent threat")),
  FIELD (FL_FIELD_PREDICTIVE, predictive_row, N_("predictive analysis")),
  FIELD (FL_FIELD_PERSONAL_USE, personal_row, N_("personal use")),
  FIELD (FL_FIELD_PROTECTED_CLASS, attest_row, N_("attestation")),
  FIELD (FL_FIELD_DL_PRESENTED, dl_row, N_("driver license")),
  FIELD (FL_FIELD_DL_FALSE_REASON, dl_reason_row, N_("driver license reason")),
  FIELD (FL_FIELD_ACK_LEAD_ONLY, ack_row, N_("acknowledgement")),
  FIELD (FL_FIELD_ACK_NAME, ack_name_row, N_("signature")),
  FIELD (FL_FIELD_ACK_DATE, ack_date_row, N_("date signed")),
};

static void schedule_validate (FlRequestForm *self);
static void validate_now      (FlRequestForm *self);

/* ---- helpers ---------------------------------------------------------- */

static GtkWidget *
spec_widget (FlRequestForm   *self,
             const FieldSpec *spec)
{
  return G_STRUCT_MEMBER (GtkWidget *, self, spec->offset);
}

static const FieldSpec *
find_spec (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].id, id) == 0)
      return &fields[i];
  return NULL;
}

/* "images[3].source" → 3 and "source"; FALSE for other ids. */
static gboolean
parse_image_field (const char  *id,
                   guint       *out_index,
                   const char **out_name)
{
  const char *p;
  char *end = NULL;
  guint64 index;

  if (!g_str_has_prefix (id, "images["))
    return FALSE;
  p = id + strlen ("images[");
  index = g_ascii_strtoull (p, &end, 10);
  if (end == p || end[0] != ']' || end[1] != '.')
    return FALSE;
  *out_index = (guint) index;
  *out_name = end + 2;
  return TRUE;
}

static char *
text_of (AdwEntryRow *row)
{
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
}

/* The chosen item of a list row, NULL while "Choose…" (item 0) is shown. */
static char *
choice_of (AdwComboRow *row)
{
  GtkStringList *model = GTK_STRING_LIST (adw_combo_row_get_model (row));
  guint selected = adw_combo_row_get_selected (row);

  if (model == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return g_strdup (gtk_string_list_get_string (model, selected));
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* The rows whose images go into the request, in order: draft image N is
 * usable_rows[N], which is how the core's "images[N]" ids find their row. */
static GPtrArray *
usable_rows (FlRequestForm *self)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (guint i = 0; i < self->image_rows->len; i++)
    {
      FlRequestImageRow *row = g_ptr_array_index (self->image_rows, i);

      if (fl_request_image_row_get_state (row) == FL_REQUEST_IMAGE_READY)
        g_ptr_array_add (rows, row);
    }
  return rows;
}

static FlRequestDraft *
build_draft (FlRequestForm *self,
             GPtrArray     *rows)
{
  FlRequestDraft *draft = fl_request_draft_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reason_view);
  GtkTextIter start, end;

  draft->requesting_agency = text_of (self->agency_row);
  draft->requester_name = text_of (self->requester_row);
  draft->phone = text_of (self->phone_row);
  draft->email = text_of (self->email_row);
  draft->agency_case_number = text_of (self->case_number_row);
  draft->incident_type = choice_of (self->incident_row);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  draft->reason = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  draft->purpose = choice_of (self->purpose_row);

  for (guint i = 0; i < rows->len; i++)
    {
      FlRequestImageRow *row = g_ptr_array_index (rows, i);

      fl_request_draft_add_image (draft, fl_request_image_row_get_bytes (row),
                                  fl_request_image_row_get_filename (row),
                                  fl_request_image_row_get_source (row),
                                  fl_request_image_row_get_from_video (row),
                                  fl_request_image_row_get_kind (row));
    }
  /* The number of images is not typed: it is the number attached. */
  draft->image_count = (int) rows->len;

  draft->outside_agency = gtk_switch_get_active (self->outside_switch);
  if (draft->outside_agency)
    draft->outside_affirmation = text_of (self->affirmation_row);
  draft->live_source = gtk_switch_get_active (self->live_switch);
  draft->imminent_threat = draft->live_source && gtk_switch_get_active (self->threat_switch);
  draft->predictive = gtk_switch_get_active (self->predictive_switch);
  draft->personal_use = gtk_switch_get_active (self->personal_switch);
  draft->protected_class_attested = gtk_check_button_get_active (self->attest_check);
  draft->dl_presented = gtk_switch_get_active (self->dl_switch);
  if (draft->dl_presented)
    draft->dl_false_reason = text_of (self->dl_reason_row);
  draft->ack_lead_only = gtk_check_button_get_active (self->ack_check);
  draft->ack_name = text_of (self->ack_name_row);
  draft->ack_date = text_of (self->ack_date_row);
  return draft;
}

static gboolean
is_touched (FlRequestForm *self,
            const char    *id,
            GPtrArray     *rows)
{
  guint index;
  const char *name;

  if (parse_image_field (id, &index, &name))
    return index < rows->len && fl_request_image_row_get_touched (g_ptr_array_index (rows, index), name);
  return g_hash_table_contains (self->touched, id);
}

static GtkWidget *
field_widget (FlRequestForm *self,
              const char    *id,
              GPtrArray     *rows)
{
  const FieldSpec *spec;
  guint index;
  const char *name;

  if (parse_image_field (id, &index, &name))
    return index < rows->len ? fl_request_image_row_get_field (g_ptr_array_index (rows, index), name) : NULL;
  spec = find_spec (id);
  return spec != NULL ? spec_widget (self, spec) : NULL;
}

static char *
field_label (const char *id)
{
  const FieldSpec *spec;
  guint index;
  const char *name;

  if (parse_image_field (id, &index, &name))
    {
      if (g_str_equal (name, "source"))
        return g_strdup_printf (_("image %u source"), index + 1);
      if (g_str_equal (name, "kind"))
        return g_strdup_printf (_("what image %u shows"), index + 1);
      if (g_str_equal (name, "from_video"))
        return g_strdup_printf (_("image %u from video"), index + 1);
      return g_strdup_printf (_("image %u"), index + 1);
    }
  spec = find_spec (id);
  return g_strdup (spec != NULL ? _(spec->label) : id);
}

static void
clear_messages (FlRequestForm *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    fl_field_message_set (spec_widget (self, &fields[i]), FL_FIELD_MESSAGE_NONE, NULL);
  for (guint i = 0; i < self->image_rows->len; i++)
    {
      static const char * const names[] = { "file", "source", "from_video", "kind" };
      FlRequestImageRow *row = g_ptr_array_index (self->image_rows, i);

      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        fl_field_message_set (fl_request_image_row_get_field (row, names[n]), FL_FIELD_MESSAGE_NONE, NULL);
    }
}

static void
set_status (FlRequestForm *self,
            const char    *text,
            const char    *tone)
{
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
  fl_format_set_tone (GTK_WIDGET (self->status_label), tone);
}

static void
update_image_count (FlRequestForm *self,
                    guint          usable)
{
  guint failed = 0, loading = 0;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->image_rows->len; i++)
    switch (fl_request_image_row_get_state (g_ptr_array_index (self->image_rows, i)))
      {
      case FL_REQUEST_IMAGE_FAILED:
        failed++;
        break;
      case FL_REQUEST_IMAGE_LOADING:
        loading++;
        break;
      case FL_REQUEST_IMAGE_READY:
      default:
        break;
      }

  gtk_widget_set_visible (self->images_placeholder, self->image_rows->len == 0);
  g_string_append_printf (text, ngettext ("Number of images sent with the request: %u",
                                          "Number of images sent with the request: %u", usable), usable);
  if (loading > 0)
    g_string_append_printf (text, ngettext (" (%u more being checked)", " (%u more being checked)", loading),
                            loading);
  if (failed > 0)
    g_string_append_printf (text, ngettext (" · %u file cannot be used and is left out",
                                            " · %u files cannot be used and are left out", failed), failed);
  gtk_label_set_text (self->image_count_label, text->str);
}

/* ---- checking --------------------------------------------------------- */

static void
validate_now (FlRequestForm *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(FlRequestDraft) draft = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) refusals = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) error_ids = g_strv_builder_new ();
  g_autoptr(GHashTable) marked = g_hash_table_new (NULL, NULL);
  guint loading = 0;

  g_clear_handle_id (&self->validate_source, g_source_remove);
  if (self->session == NULL)
    return;

  rows = usable_rows (self);
  draft = build_draft (self, rows);
  fl_request_validate (draft, fl_session_get_db (self->session), &errors);
  refusals = fl_request_policy_refusals (draft);

  for (guint i = 0; i < self->image_rows->len; i++)
    if (fl_request_image_row_get_state (g_ptr_array_index (self->image_rows, i)) == FL_REQUEST_IMAGE_LOADING)
      loading++;

  clear_messages (self);
  /* Policy answers first, so a field with both a refusal and an error shows the error. */
  for (guint i = 0; i < refusals->len; i++)
    {
      const FlFieldError *r = g_ptr_array_index (refusals, i);
      GtkWidget *widget = field_widget (self, r->field, rows);
      g_autofree char *text = NULL;

      if (widget == NULL || !is_touched (self, r->field, rows))
        continue;
      /* Translators: %s is the rule (R6, R7, R9), then the core's explanation */
      text = g_strdup_printf (_("This request will be refused (%s): %s"), r->rule, r->message);
      fl_field_message_set (widget, FL_FIELD_MESSAGE_WARNING, text);
    }
  for (guint i = 0; i < errors->len; i++)
    {
      const FlFieldError *e = g_ptr_array_index (errors, i);
      GtkWidget *widget = field_widget (self, e->field, rows);
      g_autofree char *label = field_label (e->field);
      gboolean seen = FALSE;

      /* Two problems on one widget (no images, hence no count): the first says it. */
      if (widget != NULL && g_hash_table_contains (marked, widget))
        widget = NULL;

      g_strv_builder_add (error_ids, e->field);
      for (guint n = 0; n < names->len && !seen; n++)
        seen = g_str_equal (g_ptr_array_index (names, n), label);
      if (!seen)
        g_ptr_array_add (names, g_steal_pointer (&label));
      if (widget != NULL && is_touched (self, e->field, rows))
        {
          fl_field_message_set (widget, FL_FIELD_MESSAGE_ERROR, e->message);
          g_hash_table_add (marked, widget);
        }
    }

  g_strfreev (self->error_fields);
  self->error_fields = g_strv_builder_end (error_ids);
  g_clear_pointer (&self->problem, g_free);
  update_image_count (self, rows->len);

  if (loading > 0)
    {
      self->problem = g_strdup_printf (ngettext ("Wait: %u image is still being checked.",
                                                 "Wait: %u images are still being checked.", loading), loading);
      set_status (self, self->problem, "dim-label");
    }
  else if (names->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (names, NULL);
      /* Translators: separator between field names in "3 fields need attention: phone, email, reason" */
      list = g_strjoinv (_(", "), (char **) names->pdata);
      self->problem = g_strdup_printf (ngettext ("%u field needs attention: %s.",
                                                 "%u fields need attention: %s.", names->len - 1),
                                       names->len - 1, list);
      set_status (self, self->problem, "error");
    }
  else if (refusals->len > 0)
    {
      g_autoptr(GString) rules = g_string_new (NULL);

      for (guint i = 0; i < refusals->len; i++)
        {
          const FlFieldError *r = g_ptr_array_index (refusals, i);
          if (strstr (rules->str, r->rule) == NULL)
            g_string_append_printf (rules, "%s%s", rules->len > 0 ? ", " : "", r->rule);
        }
      {
        g_autofree char *text = g_strdup_printf (_("Complete, but this request will be refused (%s)."), rules->str);
        set_status (self, text, "warning");
      }
    }
  else
    set_status (self, _("Ready to submit."), "success");

  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), self->problem == NULL && !self->submitting);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->submit_button), self->problem);
}

static gboolean
validate_timeout_cb (gpointer user_data)
{
  FlRequestForm *self = user_data;

  self->validate_source = 0;
  validate_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_validate (FlRequestForm *self)
{
  /* Submit is off until the check has run on what is on screen now. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), FALSE);
  g_clear_handle_id (&self->validate_source, g_source_remove);
  self->validate_source = g_timeout_add (VALIDATE_DELAY_MS, validate_timeout_cb, self);
}

static void
touch (FlRequestForm *self,
       const char    *id)
{
  g_hash_table_add (self->touched, (gpointer) id);
}

/* ---- images ----------------------------------------------------------- */

static void
image_changed_cb (FlRequestForm *self)
{
  schedule_validate (self);
}

static void
image_remove_cb (FlRequestForm     *self,
                 FlRequestImageRow *row)
{
  g_ptr_array_remove (self->image_rows, row);
  gtk_box_remove (self->images_box, GTK_WIDGET (row));
  touch (self, FL_FIELD_IMAGES);
  touch (self, FL_FIELD_IMAGE_COUNT);
  schedule_validate (self);
}

static void
chooser_response_cb (FlRequestForm        *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          fl_request_form_add_file (self, file);
        }
    }
  g_clear_object (&self->chooser);
}

static void
add_images_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FlRequestForm *self = FL_REQUEST_FORM (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  static const char * const mime_types[] = {
    "image/jpeg", "image/png", "image/webp", "image/tiff", "image/bmp",
    "image/x-portable-anymap", "image/x-portable-pixmap", "image/x-portable-graymap",
  };
  static const char * const suffixes[] = { "jpg", "jpeg", "png", "webp", "tif", "tiff", "bmp", "pnm", "ppm", "pgm" };

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  gtk_file_filter_set_name (images, _("Images"));
  for (guint i = 0; i < G_N_ELEMENTS (mime_types); i++)
    gtk_file_filter_add_mime_type (images, mime_types[i]);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    gtk_file_filter_add_suffix (images, suffixes[i]);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Add Probe Images"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), images);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), images);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         FlRequestForm *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
      gboolean any = files != NULL;

      for (GSList *l = files; l != NULL; l = l->next)
        fl_request_form_add_file (self, l->data);
      g_slist_free (files);
      return any;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      fl_request_form_add_file (self, g_value_get_object (value));
      return TRUE;
    }
  return FALSE;
}

/* ---- submitting ------------------------------------------------------- */

static void
show_refused (FlRequestForm *self,
              const char    *message)
{
  gtk_label_set_text (self->refusal_label, message);
  gtk_stack_set_visible_child_name (self->form_stack, "refused");
}

static void
show_submit_error (FlRequestForm *self,
                   const char    *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  set_status (self, message, "error");
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Request Not Submitted"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
do_submit (FlRequestForm *self)
{
  g_autoptr(GPtrArray) rows = usable_rows (self);
  g_autoptr(FlRequestDraft) draft = build_draft (self, rows);
  g_autoptr(GError) error = NULL;
  gint64 id;

  self->submitting = TRUE;
  id = fl_request_submit (self->session, draft, &error);
  self->submitting = FALSE;

  if (id > 0)
    {
      fl_request_form_reset (self);
      g_signal_emit (self, signals[SIGNAL_SUBMITTED], 0, id);
      return;
    }
  if (g_error_matches (error, FL_ERROR, FL_ERROR_POLICY))
    {
      show_refused (self, error->message);
      g_signal_emit (self, signals[SIGNAL_REFUSED], 0, error->message);
      return;
    }
  show_submit_error (self, error != NULL ? error->message : _("The request could not be stored."));
  validate_now (self);
}

static void
refusal_response_cb (FlRequestForm    *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "submit") == 0)
    do_submit (self);
}

static void
submit_clicked_cb (FlRequestForm *self)
{
  fl_request_form_submit (self);
}

static void
new_request_clicked_cb (FlRequestForm *self)
{
  fl_request_form_reset (self);
}

/* ---- field callbacks -------------------------------------------------- */

/* The field a changed widget belongs to (the row itself, or its switch or check). */
static const FieldSpec *
spec_for_emitter (FlRequestForm *self,
                  GtkWidget     *emitter)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *widget = spec_widget (self, &fields[i]);

      if (widget == emitter || gtk_widget_is_ancestor (emitter, widget))
        return &fields[i];
    }
  return NULL;
}

static void
emitter_changed (FlRequestForm *self,
                 GtkWidget     *emitter)
{
  const FieldSpec *spec = self->filling ? NULL : spec_for_emitter (self, emitter);

  if (spec != NULL)
    {
      touch (self, spec->id);
      /* Turning a question on asks for its follow-up at once. */
      if (g_str_equal (spec->id, FL_FIELD_OUTSIDE_AGENCY))
        touch (self, FL_FIELD_OUTSIDE_AFFIRMATION);
      else if (g_str_equal (spec->id, FL_FIELD_DL_PRESENTED))
        touch (self, FL_FIELD_DL_FALSE_REASON);
      else if (g_str_equal (spec->id, FL_FIELD_LIVE_SOURCE))
        touch (self, FL_FIELD_IMMINENT_THREAT);
    }
  schedule_validate (self);
}

static void
entry_changed_cb (FlRequestForm *self,
                  GtkWidget     *emitter)
{
  emitter_changed (self, emitter);
}

static void
toggle_changed_cb (FlRequestForm *self,
                   GParamSpec    *pspec,
                   GtkWidget     *emitter)
{
  emitter_changed (self, emitter);
}

static void
reason_changed_cb (FlRequestForm *self)
{
  if (!self->filling)
    touch (self, FL_FIELD_REASON);
  schedule_validate (self);
}

/* ---- lists ------------------------------------------------------------ */

static void
fill_choices (FlRequestForm *self,
              AdwComboRow   *row,
              FlListKind     kind)
{
  g_autofree char *chosen = choice_of (row);
  g_auto(GStrv) values = fl_settings_get_list (fl_session_get_db (self->session), kind);
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint selected = 0;

  gtk_string_list_append (model, _("Choose…"));
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      gtk_string_list_append (model, values[i]);
      if (g_strcmp0 (values[i], chosen) == 0)
        selected = i + 1;
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (row, selected);
}

/* ---- GObject ---------------------------------------------------------- */

static void
fl_request_form_constructed (GObject *object)
{
  FlRequestForm *self = FL_REQUEST_FORM (object);

  G_OBJECT_CLASS (fl_request_form_parent_class)->constructed (object);

  g_return_if_fail (FL_IS_SESSION (self->session));

  fl_request_form_reload_lists (self);
  fl_request_form_reset (self);
}

static void
fl_request_form_dispose (GObject *object)
{
  FlRequestForm *self = FL_REQUEST_FORM (object);

  g_clear_handle_id (&self->validate_source, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  /* The bin's child is a template child: let go of it before the template does. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_REQUEST_FORM);

  G_OBJECT_CLASS (fl_request_form_parent_class)->dispose (object);
}

static void
fl_request_form_finalize (GObject *object)
{
  FlRequestForm *self = FL_REQUEST_FORM (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->image_rows, g_ptr_array_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_strfreev (self->error_fields);
  g_free (self->problem);

  G_OBJECT_CLASS (fl_request_form_parent_class)->finalize (object);
}

static void
fl_request_form_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FlRequestForm *self = FL_REQUEST_FORM (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_request_form_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FlRequestForm *self = FL_REQUEST_FORM (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_request_form_class_init (FlRequestFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fl_request_form_constructed;
  object_class->dispose = fl_request_form_dispose;
  object_class->finalize = fl_request_form_finalize;
  object_class->get_property = fl_request_form_get_property;
  object_class->set_property = fl_request_form_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FlRequestForm::submitted:
   * @request_id: the new request
   *
   * The request was stored as submitted; the form is empty again.
   */
  signals[SIGNAL_SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * FlRequestForm::refused:
   * @message: the core's reason
   *
   * The core refused the request (R6, R7, R9) and recorded the refusal.
   */
  signals[SIGNAL_REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-request-form.ui");
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, form_stack);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, scroller);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, agency_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, requester_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, phone_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, email_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, outside_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, outside_switch);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, affirmation_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, case_number_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, incident_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, reason_frame);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, reason_view);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, images_group);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, images_box);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, images_placeholder);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, image_count_label);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, live_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, live_switch);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, threat_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, threat_switch);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, predictive_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, predictive_switch);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, personal_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, personal_switch);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, attest_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, attest_check);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, dl_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, dl_switch);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, dl_reason_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, ack_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, ack_check);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, ack_name_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, ack_date_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, status_label);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, submit_button);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, refusal_label);
  gtk_widget_class_bind_template_child (widget_class, FlRequestForm, new_request_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, toggle_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, submit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_request_clicked_cb);

  gtk_widget_class_install_action (widget_class, "form.add-images", NULL, add_images_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "form.add-images", NULL);
}

static void
fl_request_form_init (FlRequestForm *self)
{
  GtkDropTarget *drop;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->image_rows = g_ptr_array_new ();
  self->touched = g_hash_table_new (g_str_hash, g_str_equal);

  g_signal_connect_object (gtk_text_view_get_buffer (self->reason_view), "changed",
                           G_CALLBACK (reason_changed_cb), self, G_CONNECT_SWAPPED);

  /* Files dropped anywhere on the images group are added. */
  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->images_group), GTK_EVENT_CONTROLLER (drop));
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_request_form_new (FlSession *session)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return g_object_new (FL_TYPE_REQUEST_FORM, "session", session, NULL);
}

void
fl_request_form_add_file (FlRequestForm *self,
                          GFile         *file)
{
  GtkWidget *row;

  g_return_if_fail (FL_IS_REQUEST_FORM (self));
  g_return_if_fail (G_IS_FILE (file));

  row = fl_request_image_row_new (file);
  g_signal_connect_object (row, "changed", G_CALLBACK (image_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (image_remove_cb), self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->image_rows, row);
  gtk_box_append (self->images_box, row);
  touch (self, FL_FIELD_IMAGES);
  touch (self, FL_FIELD_IMAGE_COUNT);
  schedule_validate (self);
}

guint
fl_request_form_get_n_images (FlRequestForm *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_FORM (self), 0);

  return self->image_rows->len;
}

FlRequestImageRow *
fl_request_form_get_image (FlRequestForm *self,
                           guint          index)
{
  g_return_val_if_fail (FL_IS_REQUEST_FORM (self), NULL);
  g_return_val_if_fail (index < self->image_rows->len, NULL);

  return g_ptr_array_index (self->image_rows, index);
}

gboolean
fl_request_form_is_busy (FlRequestForm *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_FORM (self), FALSE);

  for (guint i = 0; i < self->image_rows->len; i++)
    if (fl_request_image_row_get_state (g_ptr_array_index (self->image_rows, i)) == FL_REQUEST_IMAGE_LOADING)
      return TRUE;
  return FALSE;
}

GtkWidget *
fl_request_form_get_field (FlRequestForm *self,
                           const char    *field_id)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (FL_IS_REQUEST_FORM (self), NULL);

  rows = usable_rows (self);
  return field_widget (self, field_id, rows);
}

const char *
fl_request_form_get_problem (FlRequestForm *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_FORM (self), NULL);

  if (self->validate_source != 0)
    validate_now (self);
  return self->problem;
}

GStrv
fl_request_form_get_error_fields (FlRequestForm *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_FORM (self), NULL);

  if (self->validate_source != 0)
    validate_now (self);
  return g_strdupv (self->error_fields);
}

void
fl_request_form_submit (FlRequestForm *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(FlRequestDraft) draft = NULL;
  g_autoptr(GPtrArray) refusals = NULL;
  g_autoptr(GString) body = NULL;
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (FL_IS_REQUEST_FORM (self));

  validate_now (self);
  if (self->problem != NULL || self->submitting)
    return;

  rows = usable_rows (self);
  draft = build_draft (self, rows);
  refusals = fl_request_policy_refusals (draft);
  if (refusals->len == 0)
    {
      do_submit (self);
      return;
    }

  /* Say plainly what submitting will do before it is done. */
  body = g_string_new (_("Submitting records this request as refused, with the reasons below, and no search "
                         "will be run. The unit keeps the refusal on record."));
  for (guint i = 0; i < refusals->len; i++)
    {
      const FlFieldError *r = g_ptr_array_index (refusals, i);
      g_string_append_printf (body, "\n\n%s: %s", r->rule, r->message);
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("This Request Will Be Refused"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "submit", _("_Submit Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "submit", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (refusal_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
fl_request_form_reset (FlRequestForm *self)
{
  FlDb *db;
  gboolean examiner_only;
  g_autofree char *date = today ();

  g_return_if_fail (FL_IS_REQUEST_FORM (self));

  db = fl_session_get_db (self->session);
  /* An examiner enters only requests received from outside agencies (the core's rule). */
  examiner_only = !fl_session_has_role (self->session, FL_ROLE_REQUESTER);

  self->filling = TRUE;
  while (self->image_rows->len > 0)
    {
      GtkWidget *row = g_ptr_array_steal_index (self->image_rows, self->image_rows->len - 1);
      gtk_box_remove (self->images_box, row);
    }

  if (examiner_only)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->agency_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->requester_row), "");
    }
  else
    {
      g_autofree char *agency = fl_settings_get (db, FL_SETTING_AGENCY_NAME);

      gtk_editable_set_text (GTK_EDITABLE (self->agency_row), agency != NULL ? agency : "");
      gtk_editable_set_text (GTK_EDITABLE (self->requester_row), fl_session_get_full_name (self->session));
    }
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), "");
  gtk_switch_set_active (self->outside_switch, examiner_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->outside_row), !examiner_only);
  adw_action_row_set_subtitle (self->outside_row,
                               examiner_only ? _("Examiners enter requests only on behalf of outside agencies.") : NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->affirmation_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->case_number_row), "");
  adw_combo_row_set_selected (self->incident_row, 0);
  adw_combo_row_set_selected (self->purpose_row, 0);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reason_view), "", -1);
  gtk_switch_set_active (self->live_switch, FALSE);
  gtk_switch_set_active (self->threat_switch, FALSE);
  gtk_switch_set_active (self->predictive_switch, FALSE);
  gtk_switch_set_active (self->personal_switch, FALSE);
  gtk_check_button_set_active (self->attest_check, FALSE);
  gtk_switch_set_active (self->dl_switch, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->dl_reason_row), "");
  gtk_check_button_set_active (self->ack_check, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->ack_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->ack_date_row), date);

  self->filling = FALSE;

  /* Filled in by the form, not by the person: nothing is marked yet. */
  g_hash_table_remove_all (self->touched);
  gtk_stack_set_visible_child_name (self->form_stack, "form");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  validate_now (self);
}

void
fl_request_form_reload_lists (FlRequestForm *self)
{
  g_return_if_fail (FL_IS_REQUEST_FORM (self));

  self->filling = TRUE;
  fill_choices (self, self->incident_row, FL_LIST_INCIDENT_TYPE);
  fill_choices (self, self->purpose_row, FL_LIST_PURPOSE);
  self->filling = FALSE;
}
