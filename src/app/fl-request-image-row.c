/* fl-request-image-row.c: one probe image on the intake form
 *
 * As soon as a file is added, a worker thread reads it, hashes it, decodes it
 * with the matcher and measures the largest face (R11's quality figures),
 * so the requester learns at once whether the picture is usable. A file the
 * matcher cannot read stays on the form with the matcher's message and is
 * left out of the request. The figures are a hint for the examiner, who
 * judges suitability; a photo without a detected face may still be sent.
 */
#include <glib/gi18n.h>
#include <math.h>

#include "fl-format.h"
#include "fl-request-image-row.h"
#include "fl-search.h"
#include "fl-store.h"
#include "fl-thumbnail.h"

/* Larger files are not read into memory at all: no probe needs to be this big. */
#define MAX_FILE_BYTES (200 * 1024 * 1024)

struct _FlRequestImageRow
{
  AdwBin               parent_instance;

  GFile               *file;
  char                *filename;
  GCancellable        *cancellable;
  FlRequestImageState  state;
  GBytes              *bytes;
  char                *sha256;
  char                *error;
  char                *quality_text;
  guint                n_faces;
  guint                touched;            /* TOUCHED_* */

  GtkStack            *thumbnail_stack;
  GtkPicture          *thumbnail;
  GtkImage            *placeholder_image;
  GtkWidget           *header_box;
  GtkLabel            *filename_label;
  GtkLabel            *details_label;
  GtkLabel            *hash_label;
  GtkSpinner          *spinner;
  GtkLabel            *status_label;
  GtkLabel            *quality_label;
  GtkLabel            *file_message_label;
  GtkWidget           *remove_button;
  GtkWidget           *fields_list;
  AdwComboRow         *kind_row;
  AdwEntryRow         *source_row;
  AdwActionRow        *video_row;
  GtkSwitch           *video_switch;
};

/* Fields the person has changed: only those show their messages, so a new image is not all red. */
enum {
  TOUCHED_SOURCE = 1 << 0,
  TOUCHED_VIDEO = 1 << 1,
  TOUCHED_KIND = 1 << 2,
};

G_DEFINE_FINAL_TYPE (FlRequestImageRow, fl_request_image_row, ADW_TYPE_BIN)

enum {
  SIGNAL_CHANGED,
  SIGNAL_REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the worker thread found. */
typedef struct
{
  GBytes        *bytes;
  gsize          size;
  char          *sha256;
  char          *format;
  int            width;
  int            height;
  GdkTexture    *thumbnail;
  char          *error;        /* the file is not usable */
  guint          n_faces;
  char          *quality;      /* the figures in words, or why there are none */
  FlSuitability  suitability;
  gboolean       measured;
} Analysis;

static void
analysis_free (Analysis *a)
{
  g_clear_pointer (&a->bytes, g_bytes_unref);
  g_free (a->sha256);
  g_free (a->format);
  g_clear_object (&a->thumbnail);
  g_free (a->error);
  g_free (a->quality);
  g_free (a);
}

/* ---- helpers ---------------------------------------------------------- */

static char *
format_angle (double degrees)
{
  /* Translators: an angle in degrees with its sign, e.g. "+4°" */
  return g_strdup_printf (_("%+.0f°"), degrees);
}

static char *
describe_quality (const FlQuality *q,
                  guint            n_faces)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (n_faces > 1)
    g_string_append_printf (text, ngettext ("%u face found; figures of the largest.\n",
                                            "%u faces found; figures of the largest.\n", n_faces), n_faces);
  g_string_append_printf (text, _("Face %.0f × %.0f px"), q->face_width, q->face_height);
  if (!isnan (q->inter_eye_px))
    g_string_append_printf (text, _(" · eyes %.0f px apart"), q->inter_eye_px);
  if (!isnan (q->sharpness))
    g_string_append_printf (text, _(" · sharpness %.0f"), q->sharpness);
  if (!isnan (q->brisque))
    g_string_append_printf (text, _(" · BRISQUE %.0f"), q->brisque);
  if (!isnan (q->yaw_degrees))
    {
      g_autofree char *yaw = format_angle (q->yaw_degrees);
      g_string_append_printf (text, _(" · turn %s"), yaw);
    }
  if (!isnan (q->roll_degrees))
    {
      g_autofree char *roll = format_angle (q->roll_degrees);
      g_string_append_printf (text, _(" · tilt %s"), roll);
    }
  if (!isnan (q->shadows_clipped) && !isnan (q->highlights_clipped))
    g_string_append_printf (text, _(" · clipped %.0f %% dark, %.0f %% bright"),
                            q->shadows_clipped * 100, q->highlights_clipped * 100);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
suitability_label (FlSuitability suitability)
{
  switch (suitability)
    {
    case FL_SUITABILITY_SUITABLE:
      return _("Matcher’s hint: suitable");
    case FL_SUITABILITY_MARGINAL:
      return _("Matcher’s hint: marginal");
    case FL_SUITABILITY_UNSUITABLE:
    default:
      return _("Matcher’s hint: unsuitable");
    }
}

/* ---- the worker ------------------------------------------------------- */

static void
analyse_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = task_data;
  Analysis *a = g_new0 (Analysis, 1);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(FlImage) image = NULL;
  g_autoptr(FlMatcher) matcher = NULL;
  g_autoptr(GPtrArray) faces = NULL;
  g_autoptr(FlQuality) quality = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      a->error = g_strdup_printf (_("The file cannot be read: %s"), error->message);
      goto done;
    }
  a->size = (gsize) g_file_info_get_size (info);
  if (a->size > MAX_FILE_BYTES)
    {
      g_autofree char *size = g_format_size (a->size);
      a->error = g_strdup_printf (_("The file is %s, too large for a probe image. Attach a photo or still of "
                                    "at most 200 MB, e.g. exported from the video at its own resolution."),
                                  size);
      goto done;
    }
  a->bytes = g_file_load_bytes (file, cancellable, NULL, &error);
  if (a->bytes == NULL)
    {
      a->error = g_strdup_printf (_("The file cannot be read: %s"), error->message);
      goto done;
    }
  a->size = g_bytes_get_size (a->bytes);
  a->sha256 = fl_sha256_bytes (a->bytes);

  image = fl_image_new_from_bytes (a->bytes, &error);
  if (image == NULL)
    {
      /* The matcher's own message says what is wrong with the file. */
      a->error = g_strdup (error->message);
      goto done;
    }
  a->format = g_strdup (fl_image_get_format (image));
  a->width = fl_image_get_width (image);
  a->height = fl_image_get_height (image);
  a->thumbnail = fl_thumbnail_from_image (image, FL_THUMBNAIL_SIZE);

  if (g_cancellable_is_cancelled (cancellable))
    goto done;
  matcher = fl_search_get_matcher (&error);
  if (matcher == NULL)
    {
      a->quality = g_strdup_printf (_("Quality figures are not available: %s"), error->message);
      goto done;
    }
  faces = fl_matcher_detect (matcher, image, FL_SEARCH_DETECT_FLAGS, &error);
  if (faces == NULL)
    {
      a->quality = g_strdup_printf (_("Quality figures are not available: %s"), error->message);
      goto done;
    }
  a->n_faces = faces->len;
  if (faces->len == 0)
    {
      a->quality = g_strdup (_("No face found. The examiner can still mark the eyes by hand, but a clearer "
                               "picture of the face gives a better search."));
      goto done;
    }
  quality = fl_matcher_assess_quality (matcher, image, g_ptr_array_index (faces, 0), &error);
  if (quality == NULL)
    {
      a->quality = g_strdup_printf (_("Quality figures are not available: %s"), error->message);
      goto done;
    }
  a->quality = describe_quality (quality, faces->len);
  if (quality->reasons != NULL && *quality->reasons != '\0')
    {
      g_autofree char *figures = g_steal_pointer (&a->quality);
      g_autofree char *reasons = g_strchomp (g_strdup (quality->reasons));

      a->quality = g_strconcat (figures, "\n", reasons, NULL);
    }
  a->suitability = quality->suitability;
  a->measured = TRUE;

done:
  g_task_return_pointer (task, a, (GDestroyNotify) analysis_free);
}

static void
analysed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FlRequestImageRow) self = user_data;
  g_autoptr(GError) error = NULL;
  Analysis *a = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *size = NULL;

  if (a == NULL || gtk_widget_get_parent (GTK_WIDGET (self)) == NULL)
    {
      /* Removed from the form (cancelled) meanwhile. */
      if (a != NULL)
        analysis_free (a);
      return;
    }

  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  size = g_format_size (a->size);

  if (a->sha256 != NULL)
    {
      g_autofree char *hash = g_strdup_printf ("SHA-256 %s", a->sha256);
      self->sha256 = g_strdup (a->sha256);
      gtk_label_set_text (self->hash_label, hash);
      gtk_widget_set_visible (GTK_WIDGET (self->hash_label), TRUE);
    }

  if (a->error != NULL)
    {
      self->state = FL_REQUEST_IMAGE_FAILED;
      self->error = g_strdup (a->error);
      gtk_label_set_text (self->details_label, size);
      gtk_label_set_text (self->status_label, _("This file cannot be used and will not be sent with the request."));
      fl_format_set_tone (GTK_WIDGET (self->status_label), "error");
      gtk_label_set_text (self->file_message_label, a->error);
      gtk_widget_set_visible (GTK_WIDGET (self->file_message_label), TRUE);
      gtk_widget_set_visible (self->fields_list, FALSE);
      gtk_image_set_from_icon_name (self->placeholder_image, "image-missing-symbolic");
    }
  else
    {
      g_autofree char *details = NULL;
      g_autofree char *format = g_ascii_strup (a->format, -1);

      self->state = FL_REQUEST_IMAGE_READY;
      self->bytes = g_bytes_ref (a->bytes);
      self->n_faces = a->n_faces;
      self->quality_text = g_strdup (a->quality);
      /* Translators: file size · format · width × height, e.g. "1.2 MB · JPEG · 1920 × 1080 px" */
      details = g_strdup_printf (_("%s · %s · %d × %d px"), size, format, a->width, a->height);
      gtk_label_set_text (self->details_label, details);
      gtk_picture_set_paintable (self->thumbnail, GDK_PAINTABLE (a->thumbnail));
      gtk_stack_set_visible_child_name (self->thumbnail_stack, "picture");

      if (a->measured)
        {
          gtk_label_set_text (self->status_label, suitability_label (a->suitability));
          fl_format_set_tone (GTK_WIDGET (self->status_label),
                    a->suitability == FL_SUITABILITY_SUITABLE ? "success" :
                    a->suitability == FL_SUITABILITY_MARGINAL ? "warning" : "error");
          gtk_label_set_text (self->quality_label, a->quality);
          gtk_widget_set_visible (GTK_WIDGET (self->quality_label), TRUE);
        }
      else
        {
          gtk_label_set_text (self->status_label, a->quality);
          fl_format_set_tone (GTK_WIDGET (self->status_label), "warning");
        }
    }

  analysis_free (a);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* ---- callbacks -------------------------------------------------------- */

static void
remove_clicked_cb (FlRequestImageRow *self)
{
  g_signal_emit (self, signals[SIGNAL_REMOVE], 0);
}

static void
kind_changed_cb (FlRequestImageRow *self)
{
  /* A still from video is, by definition, extracted from video. */
  if (fl_request_image_row_get_kind (self) == FL_IMAGE_KIND_VIDEO_STILL)
    gtk_switch_set_active (self->video_switch, TRUE);
  self->touched |= TOUCHED_KIND;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
source_changed_cb (FlRequestImageRow *self)
{
  self->touched |= TOUCHED_SOURCE;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
video_changed_cb (FlRequestImageRow *self)
{
  self->touched |= TOUCHED_VIDEO;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* ---- GObject ---------------------------------------------------------- */

static void
fl_request_image_row_dispose (GObject *object)
{
  FlRequestImageRow *self = FL_REQUEST_IMAGE_ROW (object);

  g_cancellable_cancel (self->cancellable);
  /* The bin's child is a template child: let go of it before the template does. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_REQUEST_IMAGE_ROW);

  G_OBJECT_CLASS (fl_request_image_row_parent_class)->dispose (object);
}

static void
fl_request_image_row_finalize (GObject *object)
{
  FlRequestImageRow *self = FL_REQUEST_IMAGE_ROW (object);

  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->filename);
  g_free (self->sha256);
  g_free (self->error);
  g_free (self->quality_text);

  G_OBJECT_CLASS (fl_request_image_row_parent_class)->finalize (object);
}

static void
fl_request_image_row_class_init (FlRequestImageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_request_image_row_dispose;
  object_class->finalize = fl_request_image_row_finalize;

  /**
   * FlRequestImageRow::changed:
   *
   * The file was measured, or the source, kind or video answer changed.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * FlRequestImageRow::remove:
   *
   * The person asked to take the image off the form.
   */
  signals[SIGNAL_REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-request-image-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, thumbnail_stack);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, placeholder_image);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, header_box);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, filename_label);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, hash_label);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, quality_label);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, file_message_label);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, fields_list);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, kind_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, source_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, video_row);
  gtk_widget_class_bind_template_child (widget_class, FlRequestImageRow, video_switch);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, video_changed_cb);
}

static void
fl_request_image_row_init (FlRequestImageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->state = FL_REQUEST_IMAGE_LOADING;
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_request_image_row_new (GFile *file)
{
  FlRequestImageRow *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (FL_TYPE_REQUEST_IMAGE_ROW, NULL);
  self->file = g_object_ref (file);
  self->filename = g_file_get_basename (file);
  gtk_label_set_text (self->filename_label, self->filename);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->filename_label), g_file_peek_path (file));
  gtk_label_set_text (self->details_label, _("Reading the file…"));
  gtk_label_set_text (self->status_label, _("Looking for a face and measuring its quality…"));
  fl_format_set_tone (GTK_WIDGET (self->status_label), "dim-label");
  gtk_spinner_start (self->spinner);

  task = g_task_new (NULL, self->cancellable, analysed_cb, g_object_ref (self));
  g_task_set_source_tag (task, fl_request_image_row_new);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, analyse_thread);
  return GTK_WIDGET (self);
}

FlRequestImageState
fl_request_image_row_get_state (FlRequestImageRow *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_IMAGE_ROW (self), FL_REQUEST_IMAGE_FAILED);
  return self->state;
}

GFile *
fl_request_image_row_get_file (FlRequestImageRow *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_IMAGE_ROW (self), NULL);
  return self->file;
}

GBytes *
fl_request_image_row_get_bytes (FlRequestImageRow *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_IMAGE_ROW (self), NULL);
  return self->bytes;
}

const char *
fl_request_image_row_get_filename (FlRequestImageRow *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_IMAGE_ROW (self), NULL);
  return self->filename;
}

const char *
fl_request_image_row_get_sha256 (FlRequestImageRow *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_IMAGE_ROW (self), NULL);
  return self->sha256;
}

const char *
fl_request_image_row_get_error (FlRequestImageRow *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_IMAGE_ROW (self), NULL);
  return self->error;
}

const char *
fl_request_image_row_get_quality_text (FlRequestImageRow *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_IMAGE_ROW (self), NULL);
  return self->quality_text;
}

guint
fl_request_image_row_get_n_faces (FlRequestImageRow *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_IMAGE_ROW (self), 0);
  return self->n_faces;
}

const char *
fl_request_image_row_get_source (FlRequestImageRow *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_IMAGE_ROW (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->source_row));
}

gboolean
fl_request_image_row_get_from_video (FlRequestImageRow *self)
{
  g_return_val_if_fail (FL_IS_REQUEST_IMAGE_ROW (self), FALSE);
  return gtk_switch_get_active (self->video_switch);
}

FlImageKind
fl_request_image_row_get_kind (FlRequestImageRow *self)
{
  guint selected;

  g_return_val_if_fail (FL_IS_REQUEST_IMAGE_ROW (self), FL_REQUEST_IMAGE_KIND_UNSET);

  /* Item 0 is "Choose…"; the others follow FlImageKind. */
  selected = adw_combo_row_get_selected (self->kind_row);
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected - 1 > FL_IMAGE_KIND_LAST)
    return FL_REQUEST_IMAGE_KIND_UNSET;
  return (FlImageKind) (selected - 1);
}

void
fl_request_image_row_set_kind (FlRequestImageRow *self,
                               FlImageKind        kind)
{
  g_return_if_fail (FL_IS_REQUEST_IMAGE_ROW (self));

  adw_combo_row_set_selected (self->kind_row, kind <= FL_IMAGE_KIND_LAST ? (guint) kind + 1 : 0);
}

GtkWidget *
fl_request_image_row_get_field (FlRequestImageRow *self,
                                const char        *name)
{
  g_return_val_if_fail (FL_IS_REQUEST_IMAGE_ROW (self), NULL);

  if (g_strcmp0 (name, "source") == 0)
    return GTK_WIDGET (self->source_row);
  if (g_strcmp0 (name, "from_video") == 0)
    return GTK_WIDGET (self->video_row);
  if (g_strcmp0 (name, "kind") == 0)
    return GTK_WIDGET (self->kind_row);
  return self->header_box;
}

gboolean
fl_request_image_row_get_touched (FlRequestImageRow *self,
                                  const char        *name)
{
  g_return_val_if_fail (FL_IS_REQUEST_IMAGE_ROW (self), FALSE);

  if (g_strcmp0 (name, "source") == 0)
    return (self->touched & TOUCHED_SOURCE) != 0;
  if (g_strcmp0 (name, "from_video") == 0)
    return (self->touched & (TOUCHED_VIDEO | TOUCHED_KIND)) != 0;
  if (g_strcmp0 (name, "kind") == 0)
    return (self->touched & TOUCHED_KIND) != 0;
  /* Problems with the file itself are shown at once. */
  return TRUE;
}
