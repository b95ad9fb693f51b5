/* fl-subject-grid.c: the subjects of one gallery as a grid of faces, searched and read a page at a time
 *
 * A gallery may hold hundreds of thousands of records, so the grid holds one
 * page of them (fl_gallery_list_subjects with a limit and an offset), with
 * buttons for the pages before and after. One row more than a page is read
 * to know whether a next page exists when a search makes the total unknown.
 *
 * A tile's thumbnail is looked up when the tile first shows its subject: the
 * subject's most recent photo that was not purged, decoded and shrunk off the
 * main thread by the shared FlThumbnailCache. Leaving the page cancels the
 * loads still waiting for it.
 */
#include <adwaita.h>
#include <glib/gi18n.h>

#include "fl-gallery.h"
#include "fl-store.h"
#include "fl-subject-grid.h"
#include "fl-subject-item.h"
#include "fl-subject-tile.h"

struct _FlSubjectGrid
{
  GtkWidget           parent_instance;

  FlSession          *session;
  FlThumbnailCache   *cache;
  GListStore         *store;
  GtkSingleSelection *selection;
  GCancellable       *page_cancellable;  /* thumbnails of the page shown */
  gint64              gallery_id;
  guint               n_records;
  guint               page;
  guint               page_size;
  gboolean            has_next;
  char               *error;
  char               *page_text;

  GtkSearchEntry     *search_entry;
  GtkStack           *grid_stack;
  GtkScrolledWindow  *scroller;
  GtkGridView        *grid_view;
  AdwStatusPage      *none_page;
  GtkLabel           *page_label;
};

G_DEFINE_FINAL_TYPE (FlSubjectGrid, fl_subject_grid, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SUBJECT_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- thumbnails ------------------------------------------------------- */

static void
thumb_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FlSubjectItem) item = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = fl_thumbnail_cache_load_finish (FL_THUMBNAIL_CACHE (source), result, &error);

  if (texture != NULL)
    fl_subject_item_set_thumb (item, FL_SUBJECT_THUMB_LOADED, texture);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    fl_subject_item_set_thumb (item, FL_SUBJECT_THUMB_UNKNOWN, NULL);  /* looked up again when shown again */
  else
    {
      g_debug ("No thumbnail for subject %" G_GINT64_FORMAT ": %s", fl_subject_item_get_id (item), error->message);
      fl_subject_item_set_thumb (item, FL_SUBJECT_THUMB_FAILED, NULL);
    }
}

static int
thumb_size (FlSubjectGrid *self)
{
  return FL_SUBJECT_TILE_SIZE * MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
}

static void
request_thumb (FlSubjectGrid *self,
               FlSubjectItem *item)
{
  g_autoptr(FlSubject) subject = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const FlGalleryImage *face = NULL;
  GdkTexture *known;
  int n = 0;

  if (fl_subject_item_get_thumb_state (item) != FL_SUBJECT_THUMB_UNKNOWN || self->session == NULL)
    return;

  subject = fl_gallery_get_subject (self->session, fl_subject_item_get_id (item), &error);
  if (subject == NULL)
    {
      g_debug ("Subject %" G_GINT64_FORMAT " not read: %s", fl_subject_item_get_id (item), error->message);
      fl_subject_item_set_thumb (item, FL_SUBJECT_THUMB_FAILED, NULL);
      return;
    }
  /* Photos come most recent first: the tile shows the latest that was not purged. */
  for (guint i = 0; i < subject->images->len; i++)
    {
      const FlGalleryImage *image = g_ptr_array_index (subject->images, i);
      if (image->purged)
        continue;
      if (face == NULL)
        face = image;
      n++;
    }
  fl_subject_item_set_n_photos (item, n);
  if (subject->sealed || face == NULL)
    {
      fl_subject_item_set_thumb (item, FL_SUBJECT_THUMB_NONE, NULL);
      return;
    }
  path = fl_store_get_path (fl_session_get_db (self->session), face->hash, &error);
  if (path == NULL)
    {
      g_debug ("Photo %s not found: %s", face->hash, error->message);
      fl_subject_item_set_thumb (item, FL_SUBJECT_THUMB_FAILED, NULL);
      return;
    }
  if ((known = fl_thumbnail_cache_lookup (self->cache, path, thumb_size (self))) != NULL)
    {
      fl_subject_item_set_thumb (item, FL_SUBJECT_THUMB_LOADED, known);
      return;
    }
  fl_subject_item_set_thumb (item, FL_SUBJECT_THUMB_LOADING, NULL);
  fl_thumbnail_cache_load_async (self->cache, path, thumb_size (self), self->page_cancellable,
                                 thumb_loaded_cb, g_object_ref (item));
}

/* ---- pages ------------------------------------------------------------ */

static const char *
search_text (FlSubjectGrid *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

static void
update_page_label (FlSubjectGrid *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint first = self->page * self->page_size + 1;
  const char *search = search_text (self);

  g_clear_pointer (&self->page_text, g_free);
  if (self->error != NULL)
    self->page_text = g_strdup (self->error);
  else if (n == 0)
    self->page_text = g_strdup ("");
  else if (*search == '\0')
    /* Translators: the subjects shown on a page of the grid, e.g. "1–120 of 455 records" */
    self->page_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$u–%2$u of %3$u record",
                                                    "%1$u–%2$u of %3$u records", MAX (self->n_records, n)),
                                       first, first + n - 1, MAX (self->n_records, first + n - 1));
  else if (self->has_next)
    /* Translators: a page of search results when more follow, e.g. "Matches 1–120; more on the next page" */
    self->page_text = g_strdup_printf (_("Matches %1$u–%2$u; more on the next page"), first, first + n - 1);
  else if (first == 1)
    self->page_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n), n);
  else
    /* Translators: the last page of search results, e.g. "Matches 121–130" */
    self->page_text = g_strdup_printf (_("Matches %1$u–%2$u"), first, first + n - 1);

  gtk_label_set_text (self->page_label, self->page_text);
  if (self->error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->page_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->page_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->page_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->page_label), "dim-label");
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "grid.previous", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "grid.next", self->has_next);
}

static void
update_none_page (FlSubjectGrid *self)
{
  const char *search = search_text (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->grid_stack, "grid");
      return;
    }
  if (self->error != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (self->error, -1);
      adw_status_page_set_icon_name (self->none_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->none_page, _("Subjects Not Shown"));
      adw_status_page_set_description (self->none_page, escaped);
    }
  else if (*search != '\0')
    {
      g_autofree char *text = g_markup_printf_escaped (_("No record id, name, booking number, CDL, MAIN # or SID "
                                                         "contains “%s”."), search);
      adw_status_page_set_icon_name (self->none_page, "edit-find-symbolic");
      adw_status_page_set_title (self->none_page, _("No Matching Subjects"));
      adw_status_page_set_description (self->none_page, text);
    }
  else
    {
      adw_status_page_set_icon_name (self->none_page, "avatar-default-symbolic");
      adw_status_page_set_title (self->none_page, _("No Subjects Yet"));
      adw_status_page_set_description (self->none_page,
                                       _("Import booking photos with a CSV manifest: each line names a subject "
                                         "and one of their photos. Every photo must show exactly one face."));
    }
  gtk_stack_set_visible_child_name (self->grid_stack, "none");
}

/* Reads page @page; FALSE (nothing changed) when it is past the end. */
static gboolean
load_page (FlSubjectGrid *self,
           guint          page,
           gint64         keep_selected)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint select = GTK_INVALID_LIST_POSITION;
  gint64 was_selected = fl_subject_grid_get_selected (self);

  g_clear_pointer (&self->error, g_free);
  if (self->session != NULL && self->gallery_id > 0)
    {
      list = fl_gallery_list_subjects (self->session, self->gallery_id, search_text (self),
                                       self->page_size + 1, page * self->page_size, &error);
      if (list == NULL)
        self->error = g_strdup (error->message);
      else if (list->len == 0 && page > 0)
        return FALSE;
    }

  g_cancellable_cancel (self->page_cancellable);
  g_clear_object (&self->page_cancellable);
  self->page_cancellable = g_cancellable_new ();
  self->page = page;
  self->has_next = list != NULL && list->len > self->page_size;
  if (list != NULL)
    g_ptr_array_set_free_func (list, NULL);   /* the items take the subjects */
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      FlSubject *subject = g_ptr_array_index (list, i);

      if (i >= self->page_size)
        {
          fl_subject_free (subject);   /* the row read only to know a next page exists */
          continue;
        }
      if (subject->id == keep_selected)
        select = i;
      g_ptr_array_add (items, fl_subject_item_new (subject));
    }

  g_signal_handlers_block_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_list_store_splice (self->store, 0, n_old, items->pdata, items->len);
  gtk_single_selection_set_selected (self->selection, select);
  g_signal_handlers_unblock_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  if (fl_subject_grid_get_selected (self) != was_selected)
    g_signal_emit (self, signals[SIGNAL_SUBJECT_SELECTED], 0, fl_subject_grid_get_selected (self));

  update_page_label (self);
  update_none_page (self);
  if (select == GTK_INVALID_LIST_POSITION)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  return TRUE;
}

/* ---- callbacks -------------------------------------------------------- */

static void
search_changed_cb (FlSubjectGrid *self)
{
  load_page (self, 0, fl_subject_grid_get_selected (self));
}

static void
selected_cb (FlSubjectGrid *self)
{
  g_signal_emit (self, signals[SIGNAL_SUBJECT_SELECTED], 0, fl_subject_grid_get_selected (self));
}

static void
setup_tile_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, fl_subject_tile_new ());
}

static void
bind_tile_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              FlSubjectGrid            *self)
{
  FlSubjectItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    request_thumb (self, item);
  fl_subject_tile_set_item (FL_SUBJECT_TILE (gtk_list_item_get_child (list_item)), item);
}

static void
unbind_tile_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  fl_subject_tile_set_item (FL_SUBJECT_TILE (gtk_list_item_get_child (list_item)), NULL);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FlSubjectGrid *self = FL_SUBJECT_GRID (widget);

  if (self->page > 0)
    load_page (self, self->page - 1, 0);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FlSubjectGrid *self = FL_SUBJECT_GRID (widget);

  if (self->has_next)
    load_page (self, self->page + 1, 0);
}

/* ---- GObject ---------------------------------------------------------- */

static void
fl_subject_grid_dispose (GObject *object)
{
  FlSubjectGrid *self = FL_SUBJECT_GRID (object);
  GtkWidget *child;

  g_cancellable_cancel (self->page_cancellable);
  g_clear_object (&self->page_cancellable);
  if (self->grid_view != NULL)
    gtk_grid_view_set_model (self->grid_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_SUBJECT_GRID);
  /* The template's top box is not bound to a field: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->cache);
  g_clear_object (&self->session);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->page_text, g_free);

  G_OBJECT_CLASS (fl_subject_grid_parent_class)->dispose (object);
}

static void
fl_subject_grid_class_init (FlSubjectGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_subject_grid_dispose;

  /**
   * FlSubjectGrid::subject-selected:
   * @subject_id: the subject chosen, or 0 when none is
   */
  signals[SIGNAL_SUBJECT_SELECTED] =
    g_signal_new ("subject-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-subject-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, FlSubjectGrid, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectGrid, grid_stack);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectGrid, scroller);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectGrid, grid_view);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectGrid, none_page);
  gtk_widget_class_bind_template_child (widget_class, FlSubjectGrid, page_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "grid.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "grid.next", NULL, next_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "grid.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "grid.next", NULL);
}

static void
fl_subject_grid_init (FlSubjectGrid *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->page_size = FL_SUBJECT_GRID_PAGE_SIZE;
  self->page_cancellable = g_cancellable_new ();
  self->store = g_list_store_new (FL_TYPE_SUBJECT_ITEM);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->store)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selected_cb), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_tile_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_tile_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_tile_cb), NULL);
  gtk_grid_view_set_factory (self->grid_view, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (self->selection));

  update_page_label (self);
  update_none_page (self);
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_subject_grid_new (void)
{
  return g_object_new (FL_TYPE_SUBJECT_GRID, NULL);
}

void
fl_subject_grid_setup (FlSubjectGrid    *self,
                       FlSession        *session,
                       FlThumbnailCache *cache)
{
  g_return_if_fail (FL_IS_SUBJECT_GRID (self));
  g_return_if_fail (FL_IS_SESSION (session));
  g_return_if_fail (FL_IS_THUMBNAIL_CACHE (cache));

  g_set_object (&self->session, session);
  g_set_object (&self->cache, cache);
}

void
fl_subject_grid_set_gallery (FlSubjectGrid *self,
                             gint64         gallery_id,
                             guint          n_records)
{
  g_return_if_fail (FL_IS_SUBJECT_GRID (self));

  self->n_records = n_records;
  if (self->gallery_id != gallery_id)
    {
      self->gallery_id = gallery_id;
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      load_page (self, 0, 0);
    }
  else
    fl_subject_grid_reload (self);
}

gint64
fl_subject_grid_get_gallery (FlSubjectGrid *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_GRID (self), 0);
  return self->gallery_id;
}

void
fl_subject_grid_reload (FlSubjectGrid *self)
{
  g_return_if_fail (FL_IS_SUBJECT_GRID (self));

  /* The page may have emptied (e.g. a search whose last match was sealed). */
  if (!load_page (self, self->page, fl_subject_grid_get_selected (self)))
    load_page (self, 0, 0);
}

void
fl_subject_grid_set_search (FlSubjectGrid *self,
                            const char    *text)
{
  g_return_if_fail (FL_IS_SUBJECT_GRID (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* Searched at once rather than after the entry's typing delay. */
  load_page (self, 0, fl_subject_grid_get_selected (self));
}

GListModel *
fl_subject_grid_get_model (FlSubjectGrid *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_GRID (self), NULL);
  return G_LIST_MODEL (self->store);
}

void
fl_subject_grid_set_page_size (FlSubjectGrid *self,
                               guint          page_size)
{
  g_return_if_fail (FL_IS_SUBJECT_GRID (self));
  g_return_if_fail (page_size > 0);

  self->page_size = page_size;
  load_page (self, 0, fl_subject_grid_get_selected (self));
}

guint
fl_subject_grid_get_page (FlSubjectGrid *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_GRID (self), 0);
  return self->page;
}

gboolean
fl_subject_grid_set_page (FlSubjectGrid *self,
                          guint          page)
{
  g_return_val_if_fail (FL_IS_SUBJECT_GRID (self), FALSE);
  return load_page (self, page, 0);
}

gboolean
fl_subject_grid_has_next_page (FlSubjectGrid *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_GRID (self), FALSE);
  return self->has_next;
}

const char *
fl_subject_grid_get_page_text (FlSubjectGrid *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_GRID (self), NULL);
  return self->page_text;
}

const char *
fl_subject_grid_get_error (FlSubjectGrid *self)
{
  g_return_val_if_fail (FL_IS_SUBJECT_GRID (self), NULL);
  return self->error;
}

gint64
fl_subject_grid_get_selected (FlSubjectGrid *self)
{
  FlSubjectItem *item;

  g_return_val_if_fail (FL_IS_SUBJECT_GRID (self), 0);

  item = gtk_single_selection_get_selected_item (self->selection);
  return item != NULL ? fl_subject_item_get_id (item) : 0;
}

gboolean
fl_subject_grid_select (FlSubjectGrid *self,
                        gint64         subject_id)
{
  GListModel *model;

  g_return_val_if_fail (FL_IS_SUBJECT_GRID (self), FALSE);

  if (subject_id == 0)
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      return TRUE;
    }
  model = G_LIST_MODEL (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FlSubjectItem) item = g_list_model_get_item (model, i);

      if (fl_subject_item_get_id (item) == subject_id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->grid_view), "list.scroll-to-item", "u", i);
          return TRUE;
        }
    }
  return FALSE;
}

void
fl_subject_grid_focus_search (FlSubjectGrid *self)
{
  g_return_if_fail (FL_IS_SUBJECT_GRID (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

guint
fl_subject_grid_get_n_loading (FlSubjectGrid *self)
{
  GListModel *model;
  guint n = 0;

  g_return_val_if_fail (FL_IS_SUBJECT_GRID (self), 0);

  model = G_LIST_MODEL (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FlSubjectItem) item = g_list_model_get_item (model, i);
      n += fl_subject_item_get_thumb_state (item) == FL_SUBJECT_THUMB_LOADING;
    }
  return n;
}
