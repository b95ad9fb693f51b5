/* fl-seal-view.c: the seal/destroy notices entered, and entering a new one (R13)
 *
 * Newest first: the record, the notice's reference and date, who entered it
 * and when, and what was purged, read from the notice's summary (counts;
 * the hashes stay in the record and the audit workbook).
 */
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fl-format.h"
#include "fl-message-banner.h"
#include "fl-seal-dialog.h"
#include "fl-seal-view.h"
#include "fl-seal.h"

struct _FlSealView
{
  AdwBin           parent_instance;

  FlSession       *session;
  GPtrArray       *summaries;   /* of char *, one per row */
  char            *message;

  FlMessageBanner *banner;
  GtkListBox      *list;
};

G_DEFINE_FINAL_TYPE (FlSealView, fl_seal_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

static guint
member_length (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_length (json_node_get_array (node)) : 0;
}

/* Appends @part (taken) to a comma-separated list. */
static void
append_part (GString *text,
             char    *part)
{
  if (text->len > 0)
    g_string_append (text, ", ");
  g_string_append (text, part);
  g_free (part);
}

/* "Purged 3 images (1 original probe image, 1 enhanced probe image, 1 report PDF); 1 kept, in use elsewhere" */
static char *
summary_text (const FlSealNotice *notice)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) parts = g_string_new (NULL);
  JsonObject *object;
  gint64 purged, kept;

  if (notice->purged_summary == NULL || !json_parser_load_from_data (parser, notice->purged_summary, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup (_("No purge summary recorded."));
  object = json_node_get_object (json_parser_get_root (parser));

  if (g_str_equal (notice->scope, FL_SEAL_SCOPE_CASE))
    {
      gint64 originals = member_int (object, "original_probe_images");
      gint64 enhanced = member_int (object, "enhanced_probe_images");
      gint64 request = member_int (object, "request_images");
      gint64 reports = member_int (object, "report_pdfs");

      purged = originals + enhanced + request + reports;
      kept = member_int (object, "kept_shared");
      if (originals > 0)
        append_part (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d original probe",
                                                          "%d original probes", originals),
                                             (int) originals));
      if (enhanced > 0)
        append_part (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d enhanced probe",
                                                          "%d enhanced probes", enhanced),
                                             (int) enhanced));
      if (request > 0)
        append_part (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d request image",
                                                          "%d request images", request),
                                             (int) request));
      if (reports > 0)
        append_part (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d report PDF",
                                                          "%d report PDFs", reports),
                                             (int) reports));
    }
  else
    {
      gint64 templates = member_int (object, "templates_deleted");
      gint64 bookings = member_int (object, "bookings_deleted");

      purged = member_length (object, "purged_hashes");
      kept = member_length (object, "kept_hashes_in_case_files");
      append_part (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d face template",
                                                        "%d face templates", templates),
                                           (int) templates));
      append_part (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d booking",
                                                        "%d bookings", bookings),
                                           (int) bookings));
      append_part (parts, g_strdup (_("personal details cleared")));
    }

  {
    g_autofree char *images = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Purged %d image",
                                                            "Purged %d images", purged),
                                               (int) purged);
    g_autofree char *kept_text = kept > 0
      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "; %d kept, still part of another record",
                                      "; %d kept, still part of other records", kept), (int) kept)
      : g_strdup ("");

    if (parts->len == 0)
      return g_strconcat (images, kept_text, NULL);
    return g_strdup_printf ("%s (%s)%s", images, parts->str, kept_text);
  }
}

static GtkWidget *
notice_row (const FlSealNotice *notice,
            const char         *summary)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  g_autofree char *title = NULL;
  g_autofree char *entered = fl_format_time (notice->entered_at);
  g_autofree char *subtitle = NULL;
  gboolean is_case = g_str_equal (notice->scope, FL_SEAL_SCOPE_CASE);

  title = is_case ? g_markup_printf_escaped (_("Case %s"), notice->target_label)
                  : g_markup_printf_escaped (_("Gallery subject: %s"), notice->target_label);
  /* Translators: %1$s the notice's reference, %2$s its date, %3$s a user name, %4$s a time, %5$s what was purged */
  subtitle = g_markup_printf_escaped (_("Notice “%1$s” of %2$s, entered by %3$s on %4$s\n%5$s"),
                                      notice->notice_ref, notice->notice_date,
                                      notice->entered_by_name ? notice->entered_by_name : "—", entered, summary);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  icon = gtk_image_new_from_icon_name (is_case ? "folder-symbolic" : "avatar-default-symbolic");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

void
fl_seal_view_reload (FlSealView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  GtkWidget *child;

  g_return_if_fail (FL_IS_SEAL_VIEW (self));

  /* rows only: the placeholder stays */
  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->list, 0))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->summaries, 0);
  if (self->session == NULL)
    return;

  notices = fl_seal_notices_list (fl_session_get_db (self->session), NULL, &error);
  if (notices == NULL)
    {
      fl_message_banner_set (self->banner, FL_MESSAGE_ERROR, error->message);
      return;
    }
  for (guint i = 0; i < notices->len; i++)
    {
      const FlSealNotice *notice = g_ptr_array_index (notices, i);
      char *summary = summary_text (notice);

      g_ptr_array_add (self->summaries, summary);
      gtk_list_box_append (self->list, notice_row (notice, summary));
    }
}

static void
sealed_cb (FlSealView *self,
           const char *scope,
           gint64      target_id)
{
  g_autoptr(FlSealNotice) notice = fl_seal_notice_lookup (fl_session_get_db (self->session), scope, target_id, NULL);
  g_autofree char *summary = notice ? summary_text (notice) : NULL;

  fl_seal_view_reload (self);
  g_free (self->message);
  /* Translators: %1$s is a case's FR number or a gallery subject, %2$s what was purged */
  self->message = notice ? g_strdup_printf (_("The notice for %1$s is recorded. %2$s."), notice->target_label, summary)
                         : g_strdup (_("The notice is recorded."));
  fl_message_banner_set (self->banner, FL_MESSAGE_SUCCESS, self->message);
}

static void
enter_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FlSealView *self = FL_SEAL_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->session == NULL)
    return;
  dialog = fl_seal_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session);
  g_signal_connect_object (dialog, "sealed", G_CALLBACK (sealed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fl_seal_view_dispose (GObject *object)
{
  FlSealView *self = FL_SEAL_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_SEAL_VIEW);
  g_clear_object (&self->session);
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (fl_seal_view_parent_class)->dispose (object);
}

static void
fl_seal_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FlSealView *self = FL_SEAL_VIEW (object);

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
fl_seal_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FlSealView *self = FL_SEAL_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      fl_seal_view_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fl_seal_view_class_init (FlSealViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_seal_view_dispose;
  object_class->get_property = fl_seal_view_get_property;
  object_class->set_property = fl_seal_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FL_TYPE_MESSAGE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-seal-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FlSealView, banner);
  gtk_widget_class_bind_template_child (widget_class, FlSealView, list);

  gtk_widget_class_install_action (widget_class, "seal.enter", NULL, enter_action);
}

static void
fl_seal_view_init (FlSealView *self)
{
  self->summaries = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_seal_view_new (FlSession *session)
{
  return g_object_new (FL_TYPE_SEAL_VIEW, "session", session, NULL);
}

FlSession *
fl_seal_view_get_session (FlSealView *self)
{
  g_return_val_if_fail (FL_IS_SEAL_VIEW (self), NULL);

  return self->session;
}

void
fl_seal_view_set_session (FlSealView *self,
                          FlSession  *session)
{
  g_return_if_fail (FL_IS_SEAL_VIEW (self));
  g_return_if_fail (session == NULL || FL_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  fl_seal_view_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

guint
fl_seal_view_get_n_notices (FlSealView *self)
{
  g_return_val_if_fail (FL_IS_SEAL_VIEW (self), 0);

  return self->summaries->len;
}

const char *
fl_seal_view_get_summary (FlSealView *self,
                          guint       index)
{
  g_return_val_if_fail (FL_IS_SEAL_VIEW (self), NULL);

  return index < self->summaries->len ? g_ptr_array_index (self->summaries, index) : NULL;
}

const char *
fl_seal_view_get_message (FlSealView *self)
{
  g_return_val_if_fail (FL_IS_SEAL_VIEW (self), NULL);

  return self->message;
}
