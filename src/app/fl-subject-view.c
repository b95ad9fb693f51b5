/* fl-subject-view.c: one gallery subject: demographics, bookings and every photo with how its face was found
 *
 * Everything comes from fl_gallery_get_subject(), which re-checks that the
 * person may read gallery records. A sealed subject (R13) shows the notice
 * it was sealed under and nothing else: its photos, templates and personal
 * details were purged, and the grid never shows it with a face.
 *
 * Photos are shown with the capture date, the booking they belong to, the
 * file they were imported from and which detector found the face, so an
 * examiner can judge how the face template was made.
 */
#include <glib/gi18n.h>

#include "fl-format.h"
#include "fl-gallery.h"
#include "fl-seal.h"
#include "fl-store.h"
#include "fl-subject-seal-dialog.h"
#include "fl-subject-view.h"

enum { FIELD_DOB, FIELD_SEX, FIELD_RACE, FIELD_CDL, FIELD_MAIN, FIELD_SID, N_FIELDS };

struct _FlSubjectView
{
  GtkWidget            parent_instance;

  FlSession           *session;
  FlThumbnailCache    *cache;
  GCancellable        *cancellable;   /* the photos of the subject shown */
  gint64               subject_id;
  gboolean             sealed;
  char                *sealed_text;
  guint                n_photos;
  guint                n_loading;
  GtkLabel            *values[N_FIELDS];

  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkWidget           *sealed_box;
  GtkLabel            *sealed_label;
  GtkLabel            *sealed_detail;
  GtkWidget           *identity_box;
  GtkGrid             *identity_grid;
  GtkWidget           *bookings_box;
  GtkLabel            *bookings_title;
  GtkGrid             *bookings_grid;
  GtkWidget           *photos_box;
  GtkLabel            *photos_title;
  GtkFlowBox          *photos_flow;
  GtkWidget           *seal_box;
};

G_DEFINE_FINAL_TYPE (FlSubjectView, fl_subject_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SEALED,
  SIGNAL_CLOSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers ---------------------------------------------------------- */

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

/* How the face in a gallery photo was found, for people. */
static const char *
detector_label (const char *detector)
{
  if (g_strcmp0 (detector, "hog") == 0)
    return _("HOG face detector");
  if (g_strcmp0 (detector, "hog-upsampled") == 0)
    return _("HOG face detector, photo enlarged ×2");
  if (g_strcmp0 (detector, "ssd") == 0)
    return _("SSD MobileNet face detector");
  if (detector == NULL || *detector == '\0')
    return _("not recorded");
  return detector;
}

static gboolean
may_seal (FlSubjectView *self)
{
  return self->session != NULL && fl_session_has_role (self->session, FL_ROLE_ADMIN);
}

static void
clear (FlSubjectView *self)
{
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->n_photos = 0;
  self->n_loading = 0;
  self->sealed = FALSE;
  g_clear_pointer (&self->sealed_text, g_free);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->bookings_grid))) != NULL)
    gtk_grid_remove (self->bookings_grid, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->photos_flow))) != NULL)
    gtk_flow_box_remove (self->photos_flow, child);
}

typedef struct
{
  FlSubjectView *view;    /* weak: cleared when the view goes */
  GtkPicture    *picture;
} PhotoLoad;

static void
photo_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PhotoLoad *load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = fl_thumbnail_cache_load_finish (FL_THUMBNAIL_CACHE (source), result, &error);

  if (load->view != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (load->view), (gpointer *) &load->view);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          load->view->n_loading--;
          if (texture != NULL)
            gtk_picture_set_paintable (load->picture, GDK_PAINTABLE (texture));
          else
            gtk_picture_set_paintable (load->picture, NULL);
        }
    }
  g_object_unref (load->picture);
  g_free (load);
}

static GtkWidget *
caption (const char *text,
         gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_widget_add_css_class (label, "caption");
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* A name or a value in the identity and bookings lists. */
static GtkWidget *
field_label (const char *text,
             gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), !dim);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* A photo with what is known of it: capture date, booking, detector, file. */
static GtkWidget *
photo_card (FlSubjectView        *self,
            const FlGalleryImage *image)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *picture = gtk_picture_new ();
  g_autofree char *captured = NULL;
  g_autofree char *booking = NULL;
  g_autofree char *detector = NULL;
  g_autofree char *file = NULL;
  g_autofree char *added = NULL;
  g_autofree char *added_text = NULL;
  g_autofree char *path = NULL;

  gtk_widget_add_css_class (frame, "card");
  gtk_widget_set_overflow (frame, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_halign (frame, GTK_ALIGN_START);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_size_request (picture, 120, 120);
  gtk_widget_set_valign (frame, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (frame), picture);
  gtk_box_append (GTK_BOX (row), frame);
  /* The photo's particulars beside it, one per line. */
  gtk_widget_set_valign (card, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (card, TRUE);
  gtk_box_append (GTK_BOX (row), card);

  if (image->capture_date != NULL && *image->capture_date != '\0')
    captured = g_strdup_printf (_("Captured %s"), image->capture_date);
  else
    captured = g_strdup (_("Capture date not recorded"));
  gtk_box_append (GTK_BOX (card), caption (captured, FALSE));
  if (image->booking_number != NULL && *image->booking_number != '\0')
    {
      booking = g_strdup_printf (_("Booking %s"), image->booking_number);
      gtk_box_append (GTK_BOX (card), caption (booking, FALSE));
    }
  if (image->purged)
    {
      gtk_box_append (GTK_BOX (card), caption (_("Purged under a seal/destroy notice"), FALSE));
      gtk_picture_set_paintable (GTK_PICTURE (picture), NULL);
      return row;
    }
  /* Translators: which face detector found the face in a gallery photo */
  detector = g_strdup_printf (_("Face found by: %s"), detector_label (image->detector));
  gtk_box_append (GTK_BOX (card), caption (detector, TRUE));
  if (image->source_file != NULL)
    {
      g_autofree char *base = g_path_get_basename (image->source_file);
      file = g_strdup_printf (_("File: %s"), base);
      gtk_box_append (GTK_BOX (card), caption (file, TRUE));
      gtk_widget_set_tooltip_text (frame, image->source_file);
    }
  added = fl_format_time (image->added_at);
  added_text = g_strdup_printf (_("Imported %s"), added);
  gtk_box_append (GTK_BOX (card), caption (added_text, TRUE));

  path = fl_store_get_path (fl_session_get_db (self->session), image->hash, NULL);
  if (path != NULL)
    {
      int size = FL_SUBJECT_VIEW_PHOTO_SIZE * MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
      GdkTexture *known = fl_thumbnail_cache_lookup (self->cache, path, size);

      if (known != NULL)
        gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (known));
      else
        {
          PhotoLoad *load = g_new0 (PhotoLoad, 1);

          load->view = self;
          g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &load->view);
          load->picture = g_object_ref (GTK_PICTURE (picture));
          self->n_loading++;
          fl_thumbnail_cache_load_async (self->cache, path, size, self->cancellable, photo_loaded_cb, load);
        }
    }
  return row;
}

static void
show_sealed (FlSubjectView   *self,
             const FlSubject *subject)
{
  g_autoptr(FlSealNotice) notice = fl_seal_notice_lookup (fl_session_get_db (self->session),
                                                          FL_SEAL_SCOPE_SUBJECT, subject->id, NULL);

  self->sealed = TRUE;
  if (notice != NULL)
    {
      g_autofree char *entered = fl_format_time (notice->entered_at);
      g_autofree char *detail = NULL;

      /* Translators: %1$s is the notice's reference (e.g. a court order number), %2$s its date */
      self->sealed_text = g_strdup_printf (_("Sealed under notice %1$s of %2$s"), notice->notice_ref,
                                           notice->notice_date);
      /* Translators: %1$s is when the notice was entered, %2$s by whom (a user name) */
      detail = g_strdup_printf (_("Entered %1$s by %2$s. The record’s photos, face templates and personal details "
                                  "were purged, and it is excluded from every search. The entry stays so that "
                                  "past searches still resolve."), entered, or_dash (notice->entered_by_name));
      gtk_label_set_text (self->sealed_detail, detail);
    }
  else
    {
      self->sealed_text = g_strdup (_("Sealed"));
      gtk_label_set_text (self->sealed_detail,
                          _("The record’s photos, face templates and personal details were purged, and it is "
                            "excluded from every search."));
    }
  gtk_label_set_text (self->sealed_label, self->sealed_text);
}

static void
show (FlSubjectView   *self,
      const FlSubject *subject)
{
  const char *values[N_FIELDS] = {
    subject->date_of_birth, subject->sex, subject->race, subject->cdl, subject->main_number, subject->sid,
  };
  g_autofree char *subtitle = NULL;
  g_autofree char *number = NULL;
  g_autofree char *photos_title = NULL;
  g_autofree char *bookings_title = NULL;

  clear (self);
  self->subject_id = subject->id;

  /* Translators: under a gallery subject's name: the source system's record id, the subject number, the gallery */
  number = g_strdup_printf ("%" G_GINT64_FORMAT, subject->id);
  subtitle = g_strdup_printf (_("Record %1$s · subject #%2$s · %3$s"), subject->external_id, number,
                              subject->gallery_name);
  gtk_label_set_text (self->subtitle_label, subtitle);

  if (subject->sealed)
    {
      show_sealed (self, subject);
      gtk_label_set_text (self->title_label, _("Sealed record"));
    }
  else
    gtk_label_set_text (self->title_label, subject->name && *subject->name ? subject->name : _("No name recorded"));
  gtk_widget_set_visible (self->sealed_box, subject->sealed);
  gtk_widget_set_visible (self->identity_box, !subject->sealed);
  gtk_widget_set_visible (self->bookings_box, !subject->sealed);
  gtk_widget_set_visible (self->photos_box, !subject->sealed);
  gtk_widget_set_visible (self->seal_box, !subject->sealed && may_seal (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "subject.seal", !subject->sealed && may_seal (self));
  if (subject->sealed)
    return;

  for (guint i = 0; i < N_FIELDS; i++)
    gtk_label_set_text (self->values[i], or_dash (values[i]));

  for (guint i = 0; i < subject->bookings->len; i++)
    {
      const FlBooking *b = g_ptr_array_index (subject->bookings, i);
      g_autofree char *booked = b->booked_on ? g_strdup_printf (_("booked %s"), b->booked_on)
                                             : g_strdup (_("booking date not recorded"));

      gtk_grid_attach (self->bookings_grid, field_label (or_dash (b->booking_number), FALSE), 0, (int) i, 1, 1);
      gtk_grid_attach (self->bookings_grid, field_label (booked, TRUE), 1, (int) i, 1, 1);
    }
  if (subject->bookings->len == 0)
    gtk_grid_attach (self->bookings_grid, field_label (_("No booking recorded."), TRUE), 0, 0, 2, 1);
  bookings_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Booking", "%u Bookings",
                                                 subject->bookings->len), subject->bookings->len);
  gtk_label_set_text (self->bookings_title, bookings_title);

  for (guint i = 0; i < subject->images->len; i++)
    {
      gtk_flow_box_append (self->photos_flow, photo_card (self, g_ptr_array_index (subject->images, i)));
      self->n_photos++;
    }
  photos_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Photo", "%u Photos", self->n_photos),
                                  self->n_photos);
  gtk_label_set_text (self->photos_title, photos_title);
}

/* ---- callbacks -------------------------------------------------------- */

static void
close_clicked_cb (FlSubjectView *self)
{
  g_signal_emit (self, signals[SIGNAL_CLOSE], 0);
}

static void
sealed_cb (FlSubjectView *self,
           gint64         subject_id)
{
  if (subject_id == self->subject_id)
    fl_subject_view_reload (self);
  g_signal_emit (self, signals[SIGNAL_SEALED], 0, subject_id);
}

static void
seal_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  fl_subject_view_seal (FL_SUBJECT_VIEW (widget));
}

/* ---- GObject ---------------------------------------------------------- */

static void
fl_subject_view_dispose (GObject *object)
{
  FlSubjectView *self = FL_SUBJECT_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_SUBJECT_VIEW);
  /* The template's top box is not bound to a field: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->sealed_text, g_free);
  g_clear_object (&self->cache);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fl_subject_view_parent_class)->dispose (object);
}

static void
fl_subject_view_class_init (FlSubjectViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_subject_view_dispose;

  /**
   * FlSubjectView::sealed:
   * @subject_id: the subject just sealed
   */
  signals[SIGNAL_SEALED] =
    g_signal_new ("sealed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_CLOSE] =
    g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-subject-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FlSubjectView, title_label);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectView, sealed_box);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectView, sealed_label);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectView, sealed_detail);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectView, identity_box);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectView, identity_grid);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectView, bookings_box);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectView, bookings_title);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectView, bookings_grid);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectView, photos_box);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectView, photos_title);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectView, photos_flow);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectView, seal_box);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);

  gtk_widget_class_install_action (widget_class, "subject.seal", NULL, seal_action);
}

static void
fl_subject_view_init (FlSubjectView *self)
{
  const char *names[N_FIELDS] = {
    _("Date of birth"), _("Sex"), _("Race"), _("CDL"), _("MAIN #"), _("SID"),
  };
  const char *tips[N_FIELDS] = {
    NULL, NULL, NULL, _("Driver licence number"), NULL, _("State identification number"),
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_FIELDS; i++)
    {
      GtkWidget *name = field_label (names[i], TRUE);
      GtkWidget *value = field_label ("—", FALSE);

      gtk_widget_set_tooltip_text (name, tips[i]);
      gtk_widget_set_hexpand (value, TRUE);
      gtk_grid_attach (self->identity_grid, name, 0, (int) i, 1, 1);
      gtk_grid_attach (self->identity_grid, value, 1, (int) i, 1, 1);
      self->values[i] = GTK_LABEL (value);
    }
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "subject.seal", FALSE);
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_subject_view_new (void)
{
  return g_object_new (FL_TYPE_SUBJECT_VIEW, NULL);
}

void
fl_subject_view_setup (FlSubjectView    *self,
                       FlSession        *session,
                       FlThumbnailCache *cache)
{
  g_return_if_fail (FL_IS_SUBJECT_VIEW (self));
  g_return_if_fail (FL_IS_SESSION (session));
  g_return_if_fail (FL_IS_THUMBNAIL_CACHE (cache));

  g_set_object (&self->session, session);
  g_set_object (&self->cache, cache);
}

gboolean
fl_subject_view_show_subject (FlSubjectView  *self,
                              gint64          subject_id,
                              GError        **error)
{
  g_autoptr(FlSubject) subject = NULL;

  g_return_val_if_fail (FL_IS_SUBJECT_VIEW (self), FALSE);
  g_return_val_if_fail (self->session != NULL, FALSE);

  subject = fl_gallery_get_subject (self->session, subject_id, error);
  if (subject == NULL)
    return FALSE;
  show (self, subject);
  return TRUE;
}

gint64
fl_subject_view_get_subject_id (FlSubjectView *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_VIEW (self), 0);
  return self->subject_id;
}

void
fl_subject_view_reload (FlSubjectView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FL_IS_SUBJECT_VIEW (self));

  if (self->subject_id != 0 && !fl_subject_view_show_subject (self, self->subject_id, &error))
    g_warning ("Subject %" G_GINT64_FORMAT " not shown again: %s", self->subject_id, error->message);
}

guint
fl_subject_view_get_n_photos (FlSubjectView *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_VIEW (self), 0);
  return self->n_photos;
}

guint
fl_subject_view_get_n_loading (FlSubjectView *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_VIEW (self), 0);
  return self->n_loading;
}

const char *
fl_subject_view_get_sealed_text (FlSubjectView *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_VIEW (self), NULL);
  return self->sealed_text;
}

GtkWidget *
fl_subject_view_seal (FlSubjectView *self)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_val_if_fail (FL_IS_SUBJECT_VIEW (self), NULL);

  if (self->subject_id == 0 || self->sealed || !may_seal (self))
    return NULL;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = fl_subject_seal_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session,
                                       self->subject_id);
  g_signal_connect_object (dialog, "sealed", G_CALLBACK (sealed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
