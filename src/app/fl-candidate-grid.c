/* fl-candidate-grid.c: the candidates of one search, as faces to evaluate one by one
 *
 * The model is rebuilt from the core whenever blind mode changes: in blind
 * mode from fl_search_list_candidates (blind TRUE), which neither reads nor
 * returns rank and score and gives the shuffle fixed at search time; with
 * scores from the ranked list. A reminder that the top score is not the
 * answer stays above the faces (R16, R18). Activating a face emits
 * ::candidate-activated.
 */
#include <glib/gi18n.h>

#include "fl-candidate-grid.h"
#include "fl-candidate-tile.h"

struct _FlCandidateGrid
{
  GtkWidget           parent_instance;

  FlFaceCache        *cache;
  FlSession          *session;
  gint64              search_id;
  gboolean            search_blind;   /* the search was run blind */
  gboolean            blind;          /* what the grid shows now */
  char               *blind_lock;
  GListStore         *store;
  GtkSingleSelection *selection;
  gboolean            syncing;

  GtkWidget          *box;
  GtkWidget          *reminder;
  GtkLabel           *progress_label;
  GtkLabel           *mode_label;
  GtkToggleButton    *scores_button;
  GtkLabel           *error_label;
  GtkGridView        *grid_view;
};

G_DEFINE_FINAL_TYPE (FlCandidateGrid, fl_candidate_grid, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CANDIDATE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (FlCandidateGrid *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_header (FlCandidateGrid *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint done = fl_candidate_grid_get_n_evaluated (self);
  guint open = 0;
  g_autofree char *progress = NULL;

  /* A sealed record cannot be compared any more: it does not hold the scores back. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FlCandidateItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (fl_candidate_item_get_state (item) == FL_CONCLUSION_NONE && !fl_candidate_item_get_candidate (item)->sealed)
        open++;
    }
  g_clear_pointer (&self->blind_lock, g_free);
  if (self->search_blind && open > 0)
    /* Translators: why the rank and score of a blind search stay hidden */
    self->blind_lock = g_strdup_printf (_("Rank and score stay hidden until you have concluded on every "
                                          "candidate (%u of %u so far)."), done, n);

  /* Translators: how many candidates of the list the examiner has concluded on */
  progress = g_strdup_printf (ngettext ("Evaluated %u of %u candidate", "Evaluated %u of %u candidates", n),
                              done, n);
  gtk_label_set_text (self->progress_label, progress);
  if (self->blind)
    gtk_label_set_text (self->mode_label, self->blind_lock ? self->blind_lock
                                                           : _("Blind review: shown in a fixed random order, "
                                                               "without rank or score."));
  else
    gtk_label_set_text (self->mode_label, _("Ranked by score. A higher score is no proof: compare every "
                                            "candidate feature by feature."));

  self->syncing = TRUE;
  gtk_toggle_button_set_active (self->scores_button, !self->blind);
  self->syncing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->scores_button), self->blind_lock == NULL || !self->blind);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->scores_button), self->blind_lock);
}

static gboolean
fill (FlCandidateGrid  *self,
      gboolean          blind,
      GError          **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) states = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  list = fl_search_list_candidates (self->session, self->search_id, blind, error);
  if (list == NULL)
    return FALSE;
  states = fl_review_search_states (self->session, self->search_id, error);
  if (states == NULL)
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    {
      FlCandidate *c = g_ptr_array_index (list, i);
      gpointer state = g_hash_table_lookup (states, &c->id);

      g_ptr_array_add (items, fl_candidate_item_new (c, GPOINTER_TO_INT (state)));
    }
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
  self->blind = blind;
  return TRUE;
}

static void
scores_toggled_cb (FlCandidateGrid *self)
{
  g_autoptr(GError) error = NULL;

  if (self->syncing)
    return;
  if (!fl_candidate_grid_set_blind (self, !gtk_toggle_button_get_active (self->scores_button), &error))
    {
      show_error (self, error->message);
      update_header (self);
    }
}

static void
grid_activate_cb (FlCandidateGrid *self,
                  guint            position)
{
  g_autoptr(FlCandidateItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  if (item != NULL)
    g_signal_emit (self, signals[SIGNAL_CANDIDATE_ACTIVATED], 0, item);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          FlCandidateGrid          *self)
{
  gtk_list_item_set_child (list_item, fl_candidate_tile_new ());
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         FlCandidateGrid          *self)
{
  fl_candidate_tile_set_item (FL_CANDIDATE_TILE (gtk_list_item_get_child (list_item)),
                              gtk_list_item_get_item (list_item), fl_session_get_db (self->session), self->cache);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           FlCandidateGrid          *self)
{
  fl_candidate_tile_set_item (FL_CANDIDATE_TILE (gtk_list_item_get_child (list_item)), NULL, NULL, NULL);
}

static void
fl_candidate_grid_dispose (GObject *object)
{
  FlCandidateGrid *self = FL_CANDIDATE_GRID (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_CANDIDATE_GRID);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->blind_lock, g_free);

  G_OBJECT_CLASS (fl_candidate_grid_parent_class)->dispose (object);
}

static void
fl_candidate_grid_class_init (FlCandidateGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_candidate_grid_dispose;

  /**
   * FlCandidateGrid::candidate-activated:
   * @item: the FlCandidateItem
   *
   * The examiner opened a candidate (double click or Enter).
   */
  signals[SIGNAL_CANDIDATE_ACTIVATED] =
    g_signal_new ("candidate-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FL_TYPE_CANDIDATE_ITEM);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-candidate-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, FlCandidateGrid, box);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateGrid, reminder);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateGrid, progress_label);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateGrid, mode_label);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateGrid, scores_button);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateGrid, error_label);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateGrid, grid_view);
  gtk_widget_class_bind_template_callback (widget_class, scores_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, grid_activate_cb);
}

static void
fl_candidate_grid_init (FlCandidateGrid *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->blind = TRUE;
  self->store = g_list_store_new (FL_TYPE_CANDIDATE_ITEM);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->store)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_grid_view_set_factory (self->grid_view, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (self->selection));
}

GtkWidget *
fl_candidate_grid_new (FlFaceCache *cache)
{
  FlCandidateGrid *self;

  g_return_val_if_fail (FL_IS_FACE_CACHE (cache), NULL);

  self = g_object_new (FL_TYPE_CANDIDATE_GRID, NULL);
  self->cache = g_object_ref (cache);
  return GTK_WIDGET (self);
}

gboolean
fl_candidate_grid_load (FlCandidateGrid  *self,
                        FlSession        *session,
                        gint64            search_id,
                        GError          **error)
{
  g_autoptr(FlSearchInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (FL_IS_CANDIDATE_GRID (self), FALSE);
  g_return_val_if_fail (FL_IS_SESSION (session), FALSE);

  g_set_object (&self->session, session);
  self->search_id = search_id;
  g_list_store_remove_all (self->store);
  show_error (self, NULL);

  info = fl_search_get (session, search_id, &local_error);
  if (info == NULL || !fill (self, info->blind, &local_error))
    {
      show_error (self, local_error->message);
      update_header (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->search_blind = info->blind;
  update_header (self);
  return TRUE;
}

gint64
fl_candidate_grid_get_search_id (FlCandidateGrid *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_GRID (self), 0);

  return self->search_id;
}

GListModel *
fl_candidate_grid_get_model (FlCandidateGrid *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_GRID (self), NULL);

  return G_LIST_MODEL (self->store);
}

gboolean
fl_candidate_grid_get_blind (FlCandidateGrid *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_GRID (self), TRUE);

  return self->blind;
}

gboolean
fl_candidate_grid_set_blind (FlCandidateGrid  *self,
                             gboolean          blind,
                             GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (FL_IS_CANDIDATE_GRID (self), FALSE);

  if (self->session == NULL || self->blind == blind)
    return TRUE;
  update_header (self);
  if (!blind && self->blind_lock != NULL)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_POLICY, self->blind_lock);
      return FALSE;
    }
  show_error (self, NULL);
  if (!fill (self, blind, &local_error))
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  update_header (self);
  return TRUE;
}

const char *
fl_candidate_grid_get_blind_lock (FlCandidateGrid *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_GRID (self), NULL);

  return self->blind_lock;
}

void
fl_candidate_grid_reload_states (FlCandidateGrid *self)
{
  g_autoptr(GHashTable) states = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  g_return_if_fail (FL_IS_CANDIDATE_GRID (self));

  if (self->session == NULL)
    return;
  states = fl_review_search_states (self->session, self->search_id, &error);
  if (states == NULL)
    {
      show_error (self, error->message);
      return;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FlCandidateItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      gint64 id = fl_candidate_item_get_id (item);

      fl_candidate_item_set_state (item, GPOINTER_TO_INT (g_hash_table_lookup (states, &id)));
    }
  update_header (self);
}

guint
fl_candidate_grid_get_n_evaluated (FlCandidateGrid *self)
{
  guint n, done = 0;

  g_return_val_if_fail (FL_IS_CANDIDATE_GRID (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FlCandidateItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (fl_candidate_item_get_state (item) != FL_CONCLUSION_NONE)
        done++;
    }
  return done;
}
