/* fl-candidate-tile.c: one cell of the candidate grid
 *
 * The face chip comes from FlFaceCache (the matcher's aligned 150 × 150
 * face); while it is being found a spinner shows. Rank and score appear only
 * when the item has them, i.e. never for an item of a blind list (R16). The
 * state badge follows the item's "state".
 */
#include <glib/gi18n.h>
#include <math.h>

#include "fl-candidate-tile.h"
#include "fl-store.h"

struct _FlCandidateTile
{
  GtkWidget        parent_instance;

  FlCandidateItem *item;
  gulong           state_handler;
  GCancellable    *cancellable;

  GtkWidget       *box;
  GtkStack        *face_stack;
  GtkSpinner      *spinner;
  GtkPicture      *picture;
  GtkLabel        *no_face_label;
  GtkLabel        *subject_label;
  GtkLabel        *score_label;
  GtkLabel        *badge;
};

G_DEFINE_FINAL_TYPE (FlCandidateTile, fl_candidate_tile, GTK_TYPE_WIDGET)

static const char * const state_classes[] = {
  [FL_CONCLUSION_NONE] = "not-evaluated",
  [FL_CONCLUSION_POSSIBLE_LEAD] = "possible-lead",
  [FL_CONCLUSION_EXCLUDED] = "excluded",
  [FL_CONCLUSION_INCONCLUSIVE] = "inconclusive",
};

const char *
fl_candidate_tile_state_class (FlConclusion state)
{
  g_return_val_if_fail (state <= FL_CONCLUSION_LAST, NULL);

  return state_classes[state];
}

static void
show_state (FlCandidateTile *self)
{
  FlConclusion state = self->item ? fl_candidate_item_get_state (self->item) : FL_CONCLUSION_NONE;
  const FlCandidate *c = self->item ? fl_candidate_item_get_candidate (self->item) : NULL;
  g_autofree char *accessible = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge), state_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->badge), state_classes[state]);
  gtk_label_set_text (self->badge, fl_conclusion_label (state));

  if (c != NULL)
    {
      /* Translators: what a screen reader says for a candidate tile: subject id and state */
      accessible = g_strdup_printf (_("Candidate %s: %s"), c->external_id ? c->external_id : "—",
                                    fl_conclusion_label (state));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    }
}

static void
item_state_notify_cb (FlCandidateTile *self)
{
  show_state (self);
}

static void
face_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FlCandidateTile) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlFaceInfo) info = fl_face_cache_load_finish (FL_FACE_CACHE (source), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->item == NULL)
    return;
  gtk_spinner_stop (self->spinner);
  if (info == NULL || info->chip == NULL)
    {
      gtk_label_set_text (self->no_face_label, info == NULL ? error->message : _("No face found in this image"));
      gtk_stack_set_visible_child_name (self->face_stack, "none");
      return;
    }
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (info->chip));
  gtk_stack_set_visible_child_name (self->face_stack, "face");
}

static void
show_face (FlCandidateTile *self,
           FlDb            *db,
           FlFaceCache     *cache)
{
  const FlCandidate *c = fl_candidate_item_get_candidate (self->item);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  FlFaceInfo *cached;

  if (c->sealed || c->image_hash == NULL)
    {
      gtk_label_set_text (self->no_face_label, c->sealed ? _("Sealed record: image removed")
                                                         : _("Image removed"));
      gtk_stack_set_visible_child_name (self->face_stack, "none");
      return;
    }
  cached = fl_face_cache_peek (cache, c->image_hash);
  if (cached != NULL && cached->chip != NULL)
    {
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (cached->chip));
      gtk_stack_set_visible_child_name (self->face_stack, "face");
      return;
    }
  path = fl_store_get_path (db, c->image_hash, &error);
  if (path == NULL)
    {
      gtk_label_set_text (self->no_face_label, error->message);
      gtk_stack_set_visible_child_name (self->face_stack, "none");
      return;
    }
  gtk_stack_set_visible_child_name (self->face_stack, "loading");
  gtk_spinner_start (self->spinner);
  self->cancellable = g_cancellable_new ();
  fl_face_cache_load_async (cache, c->image_hash, path, FALSE, self->cancellable, face_loaded_cb,
                            g_object_ref (self));
}

static void
clear (FlCandidateTile *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->item != NULL)
    g_clear_signal_handler (&self->state_handler, self->item);
  g_clear_object (&self->item);
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_spinner_stop (self->spinner);
}

static void
fl_candidate_tile_dispose (GObject *object)
{
  FlCandidateTile *self = FL_CANDIDATE_TILE (object);

  clear (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_CANDIDATE_TILE);

  G_OBJECT_CLASS (fl_candidate_tile_parent_class)->dispose (object);
}

static void
fl_candidate_tile_class_init (FlCandidateTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_candidate_tile_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "candidatetile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-candidate-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, FlCandidateTile, box);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateTile, face_stack);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateTile, spinner);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateTile, picture);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateTile, no_face_label);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateTile, subject_label);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateTile, score_label);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateTile, badge);
}

static void
fl_candidate_tile_init (FlCandidateTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_candidate_tile_new (void)
{
  return g_object_new (FL_TYPE_CANDIDATE_TILE, NULL);
}

void
fl_candidate_tile_set_item (FlCandidateTile *self,
                            FlCandidateItem *item,
                            FlDb            *db,
                            FlFaceCache     *cache)
{
  const FlCandidate *c;

  g_return_if_fail (FL_IS_CANDIDATE_TILE (self));
  g_return_if_fail (item == NULL || (FL_IS_CANDIDATE_ITEM (item) && db != NULL && FL_IS_FACE_CACHE (cache)));

  clear (self);
  if (item == NULL)
    return;

  self->item = g_object_ref (item);
  self->state_handler = g_signal_connect_object (item, "notify::state", G_CALLBACK (item_state_notify_cb),
                                                 self, G_CONNECT_SWAPPED);
  c = fl_candidate_item_get_candidate (item);
  gtk_label_set_text (self->subject_label, c->external_id ? c->external_id : "—");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->subject_label), c->gallery_name);
  /* A blind list carries neither: nothing to show, nothing to hide. */
  if (c->rank > 0 && !isnan (c->score))
    {
      /* Translators: rank and similarity score of a candidate, e.g. "Rank 1 · score 0.934" */
      g_autofree char *text = g_strdup_printf (_("Rank %d · score %.3f"), c->rank, c->score);

      gtk_label_set_text (self->score_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->score_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->score_label), FALSE);
  show_state (self);
  show_face (self, db, cache);
}

FlCandidateItem *
fl_candidate_tile_get_item (FlCandidateTile *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_TILE (self), NULL);

  return self->item;
}
