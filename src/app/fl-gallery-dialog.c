/* fl-gallery-dialog.c: creates a gallery with its name, provenance and lawful basis (R13)
 *
 * The three fields are required: a gallery says where its records come from
 * and under which law or agreement the unit holds them. Fields are checked
 * as they are typed with the core's limits (a wrong value at once, an empty
 * one only after the first attempt, so a fresh form is not all red) and each
 * problem is written under its field. fl_gallery_create() applies the same
 * rules again and audits the creation; its refusal is shown under the name
 * when the name is taken, else in the banner at the top.
 */
#include <glib/gi18n.h>

#include "fl-field-message.h"
#include "fl-gallery-dialog.h"
#include "fl-gallery.h"
#include "fl-message-banner.h"

struct _FlGalleryDialog
{
  AdwWindow        parent_instance;

  FlSession       *session;
  gboolean         submitted;
  char            *problem;

  FlMessageBanner *banner;
  AdwEntryRow     *name_row;
  AdwEntryRow     *provenance_row;
  AdwEntryRow     *lawful_basis_row;
  GtkButton       *create_button;
};

G_DEFINE_FINAL_TYPE (FlGalleryDialog, fl_gallery_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
trimmed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Shows @message under @row (or clears it); keeps the first problem of the form. */
static void
field_problem (FlGalleryDialog *self,
               AdwEntryRow     *row,
               char            *message)
{
  fl_field_message_set (GTK_WIDGET (row), message ? FL_FIELD_MESSAGE_ERROR : FL_FIELD_MESSAGE_NONE, message);
  if (message != NULL && self->problem == NULL)
    self->problem = message;
  else
    g_free (message);
}

static char *
check_name (FlGalleryDialog *self)
{
  g_autofree char *name = trimmed (self->name_row);
  glong len = g_utf8_strlen (name, -1);

  if (len == 0)
    return self->submitted ? g_strdup (_("Give the gallery a name that says what it holds, e.g. “County booking "
                                         "photos”.")) : NULL;
  if (len > FL_GALLERY_NAME_MAX)
    return g_strdup_printf (_("The name is longer than %d characters: shorten it."), FL_GALLERY_NAME_MAX);
  if (fl_gallery_lookup (fl_session_get_db (self->session), name, NULL) > 0)
    return g_strdup_printf (_("A gallery called “%s” exists already. Import into it, or choose another name."),
                            name);
  return NULL;
}

static char *
check_text (FlGalleryDialog *self,
            AdwEntryRow     *row,
            const char      *required)
{
  g_autofree char *text = trimmed (row);
  glong len = g_utf8_strlen (text, -1);

  if (len == 0)
    return self->submitted ? g_strdup (required) : NULL;
  /* Too short is said only once the person moved on or tried to save. */
  if (len < FL_GALLERY_TEXT_MIN && (self->submitted || !gtk_widget_has_focus (GTK_WIDGET (row))))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Say a little more: at least %d character, so that a reader of a search "
                                         "record knows what this is.",
                                         "Say a little more: at least %d characters, so that a reader of a search "
                                         "record knows what this is.", FL_GALLERY_TEXT_MIN), FL_GALLERY_TEXT_MIN);
  if (len > FL_GALLERY_TEXT_MAX)
    return g_strdup_printf (_("This is longer than %d characters: shorten it."), FL_GALLERY_TEXT_MAX);
  return NULL;
}

static void
validate (FlGalleryDialog *self)
{
  g_clear_pointer (&self->problem, g_free);
  field_problem (self, self->name_row, check_name (self));
  field_problem (self, self->provenance_row,
                 check_text (self, self->provenance_row,
                             _("The provenance is required (R13): say where the records come from.")));
  field_problem (self, self->lawful_basis_row,
                 check_text (self, self->lawful_basis_row,
                             _("The lawful basis is required (R13): name the law or agreement under which the "
                               "unit holds the records.")));
}

static void
field_changed_cb (FlGalleryDialog *self)
{
  fl_message_banner_set (self->banner, FL_MESSAGE_NONE, NULL);
  validate (self);
}

static void
create_clicked_cb (FlGalleryDialog *self)
{
  fl_gallery_dialog_submit (self);
}

static void
fl_gallery_dialog_dispose (GObject *object)
{
  FlGalleryDialog *self = FL_GALLERY_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FL_TYPE_GALLERY_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (fl_gallery_dialog_parent_class)->dispose (object);
}

static void
fl_gallery_dialog_class_init (FlGalleryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_gallery_dialog_dispose;

  /**
   * FlGalleryDialog::created:
   * @gallery_id: the new gallery
   */
  signals[SIGNAL_CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (FL_TYPE_MESSAGE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-gallery-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FlGalleryDialog, banner);
  gtk_widget_class_bind_template_child (widget_class, FlGalleryDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, FlGalleryDialog, provenance_row);
  gtk_widget_class_bind_template_child (widget_class, FlGalleryDialog, lawful_basis_row);
  gtk_widget_class_bind_template_child (widget_class, FlGalleryDialog, create_button);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fl_gallery_dialog_init (FlGalleryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_gallery_dialog_new (GtkWindow *parent,
                       FlSession *session)
{
  FlGalleryDialog *self;

  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  self = g_object_new (FL_TYPE_GALLERY_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));
  return GTK_WIDGET (self);
}

gboolean
fl_gallery_dialog_submit (FlGalleryDialog *self)
{
  g_autofree char *name = NULL;
  g_autofree char *provenance = NULL;
  g_autofree char *lawful_basis = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_return_val_if_fail (FL_IS_GALLERY_DIALOG (self), FALSE);

  self->submitted = TRUE;
  validate (self);
  if (self->problem != NULL)
    return FALSE;

  name = trimmed (self->name_row);
  provenance = trimmed (self->provenance_row);
  lawful_basis = trimmed (self->lawful_basis_row);
  id = fl_gallery_create (self->session, name, provenance, lawful_basis, &error);
  if (id <= 0)
    {
      self->problem = g_strdup (error->message);
      if (g_error_matches (error, FL_ERROR, FL_ERROR_EXISTS))
        fl_field_message_set (GTK_WIDGET (self->name_row), FL_FIELD_MESSAGE_ERROR, error->message);
      else
        fl_message_banner_set (self->banner, FL_MESSAGE_ERROR, error->message);
      return FALSE;
    }
  g_signal_emit (self, signals[SIGNAL_CREATED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

const char *
fl_gallery_dialog_get_problem (FlGalleryDialog *self)
{
  g_return_val_if_fail (FL_IS_GALLERY_DIALOG (self), NULL);
  return self->problem;
}
