/* fl-gallery-page.c: the Gallery section: lawfully obtained records that searches compare against (R12, R13)
 *
 * At the top, the gallery shown (a drop-down: a unit keeps few galleries,
 * and they stay separate), its counts, and where its records come from and
 * under which law or agreement the unit holds them. Below, its subjects as a
 * grid of faces (FlSubjectGrid, a page at a time) and, once one is chosen,
 * its details (FlSubjectView), where an administrator can enter a
 * seal/destroy notice. Examiners and administrators create galleries
 * (FlGalleryDialog) and import booking photos from a CSV manifest
 * (FlImportDialog); the core re-checks who may do what.
 *
 * Without any gallery the page says how to make one rather than showing an
 * empty grid. Thumbnails for the grid and the details come from one cache
 * shared by both, so a face decoded once is not decoded again.
 */
#include <glib/gi18n.h>

#include "fl-gallery-dialog.h"
#include "fl-gallery-page.h"
#include "fl-gallery.h"
#include "fl-import-dialog.h"
#include "fl-thumbnail-cache.h"

/* Thumbnails kept in memory: a few pages of the grid and the photos of recent subjects. */
#define THUMBNAIL_CACHE_SIZE 600
/* Photos decoded at once: the workstations have two cores, and an import may be running. */
#define THUMBNAIL_LOADERS 2

struct _FlGalleryPage
{
  FlPage            parent_instance;

  FlThumbnailCache *cache;
  GPtrArray        *galleries;        /* of FlGallery, as the drop-down lists them */
  gboolean          filling;          /* the drop-down is being refilled */
  char             *counts_text;

  GtkStack         *stack;
  AdwStatusPage    *empty_page;
  GtkDropDown      *gallery_dropdown;
  GtkLabel         *counts_label;
  GtkLabel         *provenance_label;
  GtkWidget        *import_button;
  FlSubjectGrid    *grid;
  GtkWidget        *details_pane;
  FlSubjectView    *view;
};

G_DEFINE_FINAL_TYPE (FlGalleryPage, fl_gallery_page, FL_TYPE_PAGE)

/* ---- helpers ---------------------------------------------------------- */

static const FlGallery *
current_gallery (FlGalleryPage *self)
{
  guint i = gtk_drop_down_get_selected (self->gallery_dropdown);

  return self->galleries != NULL && i < self->galleries->len ? g_ptr_array_index (self->galleries, i) : NULL;
}

static GtkWindow *
parent_window (FlGalleryPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_gallery (FlGalleryPage *self)
{
  const FlGallery *g = current_gallery (self);
  g_autofree char *subjects = NULL;
  g_autofree char *photos = NULL;
  g_autofree char *origin = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.import", g != NULL);
  if (g == NULL)
    {
      fl_subject_grid_set_gallery (self->grid, 0, 0);
      return;
    }

  subjects = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u subject", "%u subjects", (guint) g->n_subjects),
                              (guint) g->n_subjects);
  photos = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u searchable photo", "%u searchable photos",
                                         (guint) g->n_templates), (guint) g->n_templates);
  g_free (self->counts_text);
  if (g->n_sealed > 0)
    /* Translators: a gallery's counts: "45 subjects · 55 searchable photos · 2 sealed" */
    self->counts_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$s · %2$s · %3$u sealed",
                                                      "%1$s · %2$s · %3$u sealed", (guint) g->n_sealed),
                                         subjects, photos, (guint) g->n_sealed);
  else
    /* Translators: a gallery's counts: "45 subjects · 55 searchable photos" */
    self->counts_text = g_strdup_printf (_("%1$s · %2$s"), subjects, photos);
  gtk_label_set_text (self->counts_label, self->counts_text);

  /* Translators: under a gallery's name: where its records come from, and the law or agreement they are held under */
  origin = g_strdup_printf (_("Provenance: %1$s   ·   Lawful basis: %2$s"), g->provenance, g->lawful_basis);
  gtk_label_set_text (self->provenance_label, origin);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->gallery_dropdown), g->name);

  fl_subject_grid_set_gallery (self->grid, g->id, (guint) (g->n_subjects + g->n_sealed));
}

/* Reads the galleries again; keeps @keep_id selected when it still exists. */
static void
load_galleries (FlGalleryPage *self,
                gint64         keep_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *list = fl_gallery_list (fl_page_get_db (FL_PAGE (self)), &error);
  guint select = 0;

  if (list == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_icon_name (self->empty_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->empty_page, _("Galleries Not Shown"));
      adw_status_page_set_description (self->empty_page, escaped);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  g_clear_pointer (&self->galleries, g_ptr_array_unref);
  self->galleries = list;
  for (guint i = 0; i < list->len; i++)
    {
      const FlGallery *g = g_ptr_array_index (list, i);
      gtk_string_list_append (names, g->name);
      if (g->id == keep_id)
        select = i;
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->gallery_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->gallery_dropdown, list->len > 0 ? select : GTK_INVALID_LIST_POSITION);
  self->filling = FALSE;

  gtk_stack_set_visible_child_name (self->stack, list->len > 0 ? "content" : "empty");
  show_gallery (self);
}

static void
hide_details (FlGalleryPage *self)
{
  gtk_widget_set_visible (self->details_pane, FALSE);
}

static gboolean
show_details (FlGalleryPage  *self,
              gint64          subject_id,
              GError        **error)
{
  if (!fl_subject_view_show_subject (self->view, subject_id, error))
    return FALSE;
  gtk_widget_set_visible (self->details_pane, TRUE);
  return TRUE;
}

/* ---- callbacks -------------------------------------------------------- */

static void
gallery_changed_cb (FlGalleryPage *self)
{
  if (self->filling)
    return;
  hide_details (self);
  show_gallery (self);
}

static void
subject_selected_cb (FlGalleryPage *self,
                     gint64         subject_id)
{
  g_autoptr(GError) error = NULL;

  if (subject_id == 0)
    {
      hide_details (self);
      return;
    }
  if (!show_details (self, subject_id, &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (parent_window (self), _("Subject Not Shown"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
subject_sealed_cb (FlGalleryPage *self)
{
  /* The counts change and the tile loses its face. */
  fl_page_refresh (FL_PAGE (self));
}

static void
details_close_cb (FlGalleryPage *self)
{
  fl_subject_grid_select (self->grid, 0);
  hide_details (self);
}

static void
gallery_created_cb (FlGalleryPage *self,
                    gint64         gallery_id)
{
  hide_details (self);
  load_galleries (self, gallery_id);
}

static void
import_finished_cb (FlGalleryPage *self)
{
  fl_page_refresh (FL_PAGE (self));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  fl_gallery_page_new_gallery (FL_GALLERY_PAGE (widget));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  fl_gallery_page_import (FL_GALLERY_PAGE (widget));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  fl_subject_grid_focus_search (FL_GALLERY_PAGE (widget)->grid);
}

/* ---- FlPage ----------------------------------------------------------- */

static void
fl_gallery_page_refresh (FlPage *page)
{
  FlGalleryPage *self = FL_GALLERY_PAGE (page);
  const FlGallery *g = current_gallery (self);

  load_galleries (self, g ? g->id : 0);
  if (gtk_widget_get_visible (self->details_pane))
    fl_subject_view_reload (self->view);
}

/* ---- GObject ---------------------------------------------------------- */

static void
fl_gallery_page_constructed (GObject *object)
{
  FlGalleryPage *self = FL_GALLERY_PAGE (object);
  FlSession *session = fl_page_get_session (FL_PAGE (self));

  G_OBJECT_CLASS (fl_gallery_page_parent_class)->constructed (object);

  g_return_if_fail (FL_IS_SESSION (session));

  fl_subject_grid_setup (self->grid, session, self->cache);
  fl_subject_view_setup (self->view, session, self->cache);
  load_galleries (self, 0);
}

static void
fl_gallery_page_dispose (GObject *object)
{
  FlGalleryPage *self = FL_GALLERY_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_GALLERY_PAGE);
  g_clear_pointer (&self->galleries, g_ptr_array_unref);
  g_clear_pointer (&self->counts_text, g_free);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (fl_gallery_page_parent_class)->dispose (object);
}

static void
fl_gallery_page_class_init (FlGalleryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FlPageClass *page_class = FL_PAGE_CLASS (klass);

  object_class->constructed = fl_gallery_page_constructed;
  object_class->dispose = fl_gallery_page_dispose;
  page_class->refresh = fl_gallery_page_refresh;

  g_type_ensure (FL_TYPE_SUBJECT_GRID);
  g_type_ensure (FL_TYPE_SUBJECT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-gallery-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlGalleryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlGalleryPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FlGalleryPage, gallery_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlGalleryPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, FlGalleryPage, provenance_label);
  gtk_widget_class_bind_template_child (widget_class, FlGalleryPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, FlGalleryPage, grid);
  gtk_widget_class_bind_template_child (widget_class, FlGalleryPage, details_pane);
  gtk_widget_class_bind_template_child (widget_class, FlGalleryPage, view);
  gtk_widget_class_bind_template_callback (widget_class, gallery_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, subject_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, subject_sealed_cb);
  gtk_widget_class_bind_template_callback (widget_class, details_close_cb);

  gtk_widget_class_install_action (widget_class, "gallery.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "gallery.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "gallery.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "gallery.find", NULL);
}

static void
fl_gallery_page_init (FlGalleryPage *self)
{
  self->cache = fl_thumbnail_cache_new (THUMBNAIL_CACHE_SIZE, THUMBNAIL_LOADERS);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_gallery_page_new (FlSession *session)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return g_object_new (FL_TYPE_GALLERY_PAGE, "session", session, NULL);
}

gint64
fl_gallery_page_get_gallery_id (FlGalleryPage *self)
{
  const FlGallery *g;

  g_return_val_if_fail (FL_IS_GALLERY_PAGE (self), 0);

  g = current_gallery (self);
  return g != NULL ? g->id : 0;
}

gboolean
fl_gallery_page_select_gallery (FlGalleryPage *self,
                                gint64         gallery_id)
{
  g_return_val_if_fail (FL_IS_GALLERY_PAGE (self), FALSE);

  for (guint i = 0; self->galleries != NULL && i < self->galleries->len; i++)
    if (((FlGallery *) g_ptr_array_index (self->galleries, i))->id == gallery_id)
      {
        gtk_drop_down_set_selected (self->gallery_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

const char *
fl_gallery_page_get_counts_text (FlGalleryPage *self)
{
  g_return_val_if_fail (FL_IS_GALLERY_PAGE (self), NULL);
  return self->counts_text;
}

GtkWidget *
fl_gallery_page_new_gallery (FlGalleryPage *self)
{
  GtkWidget *dialog;

  g_return_val_if_fail (FL_IS_GALLERY_PAGE (self), NULL);

  dialog = fl_gallery_dialog_new (parent_window (self), fl_page_get_session (FL_PAGE (self)));
  g_signal_connect_object (dialog, "created", G_CALLBACK (gallery_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

GtkWidget *
fl_gallery_page_import (FlGalleryPage *self)
{
  const FlGallery *g;
  GtkWidget *dialog;

  g_return_val_if_fail (FL_IS_GALLERY_PAGE (self), NULL);

  if ((g = current_gallery (self)) == NULL)
    return NULL;
  dialog = fl_import_dialog_new (parent_window (self), fl_page_get_session (FL_PAGE (self)), g->id);
  g_signal_connect_object (dialog, "finished", G_CALLBACK (import_finished_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

gboolean
fl_gallery_page_show_subject (FlGalleryPage  *self,
                              gint64          subject_id,
                              GError        **error)
{
  g_return_val_if_fail (FL_IS_GALLERY_PAGE (self), FALSE);

  /* Selecting the tile shows the details (subject_selected_cb); a subject on another page is shown alone. */
  if (fl_subject_grid_get_selected (self->grid) != subject_id && fl_subject_grid_select (self->grid, subject_id))
    return fl_subject_view_get_subject_id (self->view) == subject_id ||
           show_details (self, subject_id, error);
  return show_details (self, subject_id, error);
}

FlSubjectGrid *
fl_gallery_page_get_grid (FlGalleryPage *self)
{
  g_return_val_if_fail (FL_IS_GALLERY_PAGE (self), NULL);
  return self->grid;
}

FlSubjectView *
fl_gallery_page_get_view (FlGalleryPage *self)
{
  g_return_val_if_fail (FL_IS_GALLERY_PAGE (self), NULL);
  return self->view;
}
