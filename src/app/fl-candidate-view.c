/* fl-candidate-view.c: one candidate compared with the probe
 *
 * Images are decoded and their faces found by FlFaceCache in worker
 * threads; each side carries a generation number so a late result for an
 * image the examiner has already switched away from is dropped. Once both
 * sides are on screen the displayed probe is recorded with
 * fl_review_mark_viewed(); only then does the conclusion bar learn that the
 * original was seen (the core refuses a conclusion otherwise).
 */
#include <glib/gi18n.h>

#include "fl-candidate-view.h"
#include "fl-format.h"
#include "fl-gallery.h"
#include "fl-probe.h"
#include "fl-review.h"
#include "fl-search.h"
#include "fl-store.h"
#include "fl-thumbnail.h"

#define PHOTO_SIZE 64

typedef struct
{
  char         *hash;
  GCancellable *cancellable;
  guint         generation;
  gboolean      loaded;
} Side;

struct _FlCandidateView
{
  GtkWidget         parent_instance;

  FlFaceCache      *cache;
  FlSession        *session;
  FlCandidateItem  *item;
  gint64            peer_review_id;
  gint64            case_id;
  gint64            searched_probe_id;
  gint64            original_probe_id;
  GPtrArray        *probes;          /* of FlProbe: the original, then its enhanced versions */
  Side              sides[2];        /* FL_COMPARE_SIDE_PROBE, FL_COMPARE_SIDE_CANDIDATE */
  GHashTable       *viewed;          /* probe ids recorded as viewed for this candidate */
  gboolean          original_viewed;
  gboolean          syncing;
  char             *message;
  GCancellable     *photos_cancellable;

  GtkWidget        *box;
  GtkDropDown      *probe_dropdown;
  GtkLabel         *probe_status;
  GtkSpinner       *spinner;
  FlCompareToolbar *toolbar;
  GtkLabel         *message_label;
  GtkPaned         *paned;
  FlCompareView    *compare_view;
  GtkWidget        *side_scroll;
  GtkLabel         *subject_title;
  GtkGrid          *details_grid;
  GtkWidget        *photos_label;
  GtkFlowBox       *photos_box;
  FlChecklist      *checklist;
  FlConclusionBar  *conclusion_bar;
};

G_DEFINE_FINAL_TYPE (FlCandidateView, fl_candidate_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CONCLUDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  FlCandidateView *self;
  FlCompareSide    side;
  guint            generation;
} LoadData;

static void
show_message (FlCandidateView *self,
              const char      *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static FlProbe *
shown_probe (FlCandidateView *self)
{
  guint index = gtk_drop_down_get_selected (self->probe_dropdown);

  return self->probes != NULL && index < self->probes->len ? g_ptr_array_index (self->probes, index) : NULL;
}

static void
update_spinner (FlCandidateView *self)
{
  gboolean busy = (self->sides[0].hash && !self->sides[0].loaded) || (self->sides[1].hash && !self->sides[1].loaded);

  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
update_probe_status (FlCandidateView *self)
{
  FlProbe *probe = shown_probe (self);
  const char *text;

  if (probe == NULL)
    text = _("This case has no probe to compare with.");
  else if (probe->parent_id == 0)
    text = _("The original probe, as received.");
  else if (self->original_viewed)
    text = _("An enhanced version. The original was viewed beside this candidate.");
  else
    text = _("An enhanced version. Look at the original beside this candidate before concluding.");
  gtk_label_set_text (self->probe_status, text);
  fl_format_set_tone (GTK_WIDGET (self->probe_status),
                      probe != NULL && probe->parent_id != 0 && !self->original_viewed ? "warning" : NULL);
}

/* Both sides are on screen: record the probe's display (the core keeps the first one). */
static void
maybe_mark_viewed (FlCandidateView *self)
{
  g_autoptr(GError) error = NULL;
  FlProbe *probe = shown_probe (self);
  gint64 candidate_id;

  if (probe == NULL || self->item == NULL || !self->sides[0].loaded || !self->sides[1].loaded)
    return;
  candidate_id = fl_candidate_item_get_id (self->item);
  if (!g_hash_table_contains (self->viewed, &probe->id))
    {
      if (!fl_review_mark_viewed (self->session, candidate_id, probe->id, &error))
        {
          show_message (self, error->message);
          return;
        }
      g_hash_table_add (self->viewed, g_memdup2 (&probe->id, sizeof probe->id));
    }
  if (probe->id == self->original_probe_id && !self->original_viewed)
    {
      self->original_viewed = TRUE;
      fl_conclusion_bar_set_original_viewed (self->conclusion_bar, TRUE);
    }
  update_probe_status (self);
}

static void
side_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  LoadData *data = user_data;
  FlCandidateView *self = data->self;
  Side *side = &self->sides[data->side];
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(FlFaceInfo) info = fl_face_cache_load_finish (FL_FACE_CACHE (source), result, &texture, &error);
  g_autoptr(GArray) manual = NULL;
  FlPoint landmarks[FL_N_LANDMARKS];
  FlPoint eyes[2];
  const FlPoint *use_landmarks = NULL;
  const FlPoint *use_eyes = NULL;

  if (data->generation != side->generation || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;
  if (info == NULL)
    {
      show_message (self, error->message);
      goto out;
    }

  if (info->n_faces > 0)
    {
      g_autoptr(GError) manual_error = NULL;

      manual = fl_review_get_manual_landmarks (self->session, side->hash, &manual_error);
      if (manual == NULL)
        show_message (self, manual_error->message);
      fl_face_info_apply_manual (info, manual, landmarks);
      use_landmarks = landmarks;
    }
  if (data->side == FL_COMPARE_SIDE_PROBE)
    {
      FlProbe *probe = shown_probe (self);

      /* Eyes placed by hand were what the search used: align on them. */
      if (probe != NULL && probe->eye_points_json != NULL &&
          fl_probe_parse_eye_points (probe->eye_points_json, &eyes[0], &eyes[1]))
        {
          use_eyes = eyes;
          use_landmarks = NULL;
          g_clear_pointer (&manual, g_array_unref);
        }
      fl_compare_view_set_probe (self->compare_view, texture, use_landmarks, use_eyes);
    }
  else
    fl_compare_view_set_candidate (self->compare_view, texture, use_landmarks, use_eyes);
  for (guint i = 0; manual != NULL && i < manual->len; i++)
    fl_compare_view_set_landmark_manual (self->compare_view, data->side,
                                         g_array_index (manual, FlManualLandmark, i).point, TRUE);
  if (info->n_faces == 0 && use_eyes == NULL)
    show_message (self, _("No face was found in one of the images: it is shown unaligned and without landmarks."));
  side->loaded = TRUE;
  update_spinner (self);
  maybe_mark_viewed (self);

out:
  g_object_unref (data->self);
  g_free (data);
}

static void
load_side (FlCandidateView *self,
           FlCompareSide    which,
           const char      *hash)
{
  Side *side = &self->sides[which];
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  LoadData *data;

  g_cancellable_cancel (side->cancellable);
  g_clear_object (&side->cancellable);
  side->generation++;
  side->loaded = FALSE;
  g_free (side->hash);
  side->hash = g_strdup (hash);
  if (which == FL_COMPARE_SIDE_PROBE)
    fl_compare_view_set_probe (self->compare_view, NULL, NULL, NULL);
  else
    fl_compare_view_set_candidate (self->compare_view, NULL, NULL, NULL);
  if (hash == NULL)
    {
      update_spinner (self);
      return;
    }
  path = fl_store_get_path (fl_session_get_db (self->session), hash, &error);
  if (path == NULL)
    {
      show_message (self, error->message);
      g_clear_pointer (&side->hash, g_free);
      update_spinner (self);
      return;
    }
  side->cancellable = g_cancellable_new ();
  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->side = which;
  data->generation = side->generation;
  fl_face_cache_load_async (self->cache, hash, path, TRUE, side->cancellable, side_loaded_cb, data);
  update_spinner (self);
}

/* ---- subject ---------------------------------------------------------- */

/* Details go two to a line (label, value, label, value) to leave the
 * side column's height to the checklist; @wide ones take a whole line. */
static void
add_detail (FlCandidateView *self,
            int             *slot,
            const char      *label,
            const char      *value,
            gboolean         wide)
{
  GtkWidget *key = gtk_label_new (label);
  GtkWidget *val = gtk_label_new (value && *value ? value : "—");
  int row, column;

  if (wide && *slot % 2 != 0)
    (*slot)++;
  row = *slot / 2;
  column = (*slot % 2) * 2;
  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_label_set_yalign (GTK_LABEL (key), 0);
  gtk_widget_add_css_class (key, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (val), 0);
  gtk_label_set_wrap (GTK_LABEL (val), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (val), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (val, TRUE);
  gtk_grid_attach (self->details_grid, key, column, row, 1, 1);
  gtk_grid_attach (self->details_grid, val, column + 1, row, wide ? 3 : 1, 1);
  *slot += wide ? 2 : 1;
}

static void
photo_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GdkTexture) texture = fl_thumbnail_load_finish (result, NULL);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
show_subject (FlCandidateView *self)
{
  const FlCandidate *c = fl_candidate_item_get_candidate (self->item);
  g_autoptr(FlSubject) subject = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) bookings = g_string_new (NULL);
  GtkWidget *child;
  int slot = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_grid))) != NULL)
    gtk_grid_remove (self->details_grid, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->photos_box))) != NULL)
    gtk_flow_box_remove (self->photos_box, child);
  g_cancellable_cancel (self->photos_cancellable);
  g_clear_object (&self->photos_cancellable);
  self->photos_cancellable = g_cancellable_new ();

  gtk_label_set_text (self->subject_title, c->name && *c->name ? c->name : c->external_id);
  if (!c->sealed)
    subject = fl_gallery_get_subject (self->session, c->subject_id, &error);
  for (guint i = 0; subject != NULL && i < subject->bookings->len; i++)
    {
      FlBooking *b = g_ptr_array_index (subject->bookings, i);

      if (bookings->len > 0)
        g_string_append (bookings, "\n");
      g_string_append (bookings, b->booking_number);
      if (b->booked_on != NULL)
        g_string_append_printf (bookings, " (%s)", b->booked_on);
    }

  add_detail (self, &slot, _("Subject ID"), c->external_id, FALSE);
  add_detail (self, &slot, _("Date of birth"), c->date_of_birth, FALSE);
  add_detail (self, &slot, _("Sex"), c->sex, FALSE);
  add_detail (self, &slot, _("Race"), c->race, FALSE);
  add_detail (self, &slot, _("CDL"), c->cdl, FALSE);
  add_detail (self, &slot, _("MAIN #"), c->main_number, FALSE);
  add_detail (self, &slot, _("SID"), c->sid, FALSE);
  add_detail (self, &slot, _("Photo taken"), c->capture_date, FALSE);
  add_detail (self, &slot, _("Booking numbers"), bookings->len > 0 ? bookings->str : c->booking_number, TRUE);
  add_detail (self, &slot, _("Gallery"), c->gallery_name, TRUE);
  if (c->sealed)
    add_detail (self, &slot, _("Record"), _("Sealed: its images and details were removed under a seal notice."),
                TRUE);
  else if (subject == NULL)
    add_detail (self, &slot, _("Record"), error->message, TRUE);

  for (guint i = 0; subject != NULL && i < subject->images->len; i++)
    {
      FlGalleryImage *image = g_ptr_array_index (subject->images, i);
      g_autofree char *path = NULL;
      GtkWidget *picture;

      if (image->purged || image->hash == NULL ||
          (path = fl_store_get_path (fl_session_get_db (self->session), image->hash, NULL)) == NULL)
        continue;
      picture = gtk_picture_new ();
      gtk_widget_set_size_request (picture, PHOTO_SIZE, PHOTO_SIZE);
      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
      gtk_widget_set_tooltip_text (picture, image->capture_date ? image->capture_date : image->source_file);
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      image->capture_date ? image->capture_date : image->source_file, -1);
      gtk_flow_box_append (self->photos_box, picture);
      child = gtk_widget_get_parent (picture);
      g_object_set_data_full (G_OBJECT (child), "fl-hash", g_strdup (image->hash), g_free);
      if (g_strcmp0 (image->hash, c->image_hash) == 0)
        gtk_flow_box_select_child (self->photos_box, GTK_FLOW_BOX_CHILD (child));
      fl_thumbnail_load_async (path, PHOTO_SIZE * 2, self->photos_cancellable, photo_loaded_cb,
                               g_object_ref (picture));
    }
  gtk_widget_set_visible (self->photos_label, gtk_widget_get_first_child (GTK_WIDGET (self->photos_box)) != NULL);
}

/* ---- probes ----------------------------------------------------------- */

static gboolean
load_probes (FlCandidateView  *self,
             GError          **error)
{
  g_autoptr(GPtrArray) all = fl_probe_list_for_case (self->session, self->case_id, error);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  if (all == NULL)
    return FALSE;
  g_clear_pointer (&self->probes, g_ptr_array_unref);
  self->probes = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_probe_free);
  self->original_probe_id = self->searched_probe_id;
  for (guint i = 0; i < all->len; i++)
    {
      FlProbe *p = g_ptr_array_index (all, i);

      if (p->id == self->searched_probe_id && p->parent_id != 0)
        self->original_probe_id = p->parent_id;
    }
  /* The original first, then the versions enhanced from it. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < all->len; i++)
      {
        FlProbe *p = g_ptr_array_index (all, i);

        if (p != NULL && ((pass == 0 && p->id == self->original_probe_id) ||
                          (pass == 1 && p->parent_id == self->original_probe_id)))
          g_ptr_array_add (self->probes, g_steal_pointer (&all->pdata[i]));
      }
  for (guint i = 0; i < self->probes->len; i++)
    {
      FlProbe *p = g_ptr_array_index (self->probes, i);
      g_autofree char *label = NULL;

      if (p->parent_id == 0)
        /* Translators: probe dropdown entry: the original image, its file name */
        label = g_strdup_printf (_("Original · %s"), p->filename);
      else
        /* Translators: probe dropdown entry: an enhanced version, its file name */
        label = g_strdup_printf (_("Enhanced · %s"), p->filename);
      if (p->id == self->searched_probe_id)
        {
          /* Translators: marks the probe version that was searched */
          g_autofree char *marked = g_strdup_printf (_("%s (searched)"), label);
          gtk_string_list_append (labels, marked);
          selected = i;
        }
      else
        gtk_string_list_append (labels, label);
    }
  self->syncing = TRUE;
  gtk_drop_down_set_model (self->probe_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->probe_dropdown, selected);
  self->syncing = FALSE;
  return TRUE;
}

/* ---- callbacks ---------------------------------------------------------- */

static void
probe_selected_cb (FlCandidateView *self)
{
  FlProbe *probe;

  if (self->syncing || self->session == NULL)
    return;
  probe = shown_probe (self);
  show_message (self, NULL);
  load_side (self, FL_COMPARE_SIDE_PROBE, probe ? probe->hash : NULL);
  update_probe_status (self);
}

static void
photo_activated_cb (FlCandidateView *self,
                    GtkFlowBoxChild *child)
{
  const char *hash = g_object_get_data (G_OBJECT (child), "fl-hash");

  if (hash != NULL && g_strcmp0 (hash, self->sides[FL_COMPARE_SIDE_CANDIDATE].hash) != 0)
    load_side (self, FL_COMPARE_SIDE_CANDIDATE, hash);
}

static void
landmark_moved_cb (FlCandidateView *self,
                   FlCompareSide    side,
                   guint            index,
                   double           x,
                   double           y)
{
  g_autoptr(GError) error = NULL;
  const char *hash = self->sides[side].hash;

  if (self->session == NULL || hash == NULL)
    return;
  if (!fl_review_set_manual_landmark (self->session, hash, index, x, y, &error))
    show_message (self, error->message);
  else
    show_message (self, NULL);
}

static void
conclusion_recorded_cb (FlCandidateView *self,
                        int              conclusion)
{
  fl_checklist_set_locked (self->checklist, fl_conclusion_bar_get_lock_reason (self->conclusion_bar));
  if (self->item != NULL && self->peer_review_id == 0)
    fl_candidate_item_set_state (self->item, conclusion);
  g_signal_emit (self, signals[SIGNAL_CONCLUDED], 0, conclusion);
}

/* ---- GObject ---------------------------------------------------------- */

static void
reset_sides (FlCandidateView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->sides); i++)
    {
      g_cancellable_cancel (self->sides[i].cancellable);
      g_clear_object (&self->sides[i].cancellable);
      g_clear_pointer (&self->sides[i].hash, g_free);
      self->sides[i].generation++;
      self->sides[i].loaded = FALSE;
    }
}

static void
fl_candidate_view_dispose (GObject *object)
{
  FlCandidateView *self = FL_CANDIDATE_VIEW (object);

  reset_sides (self);
  g_cancellable_cancel (self->photos_cancellable);
  g_clear_object (&self->photos_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_CANDIDATE_VIEW);
  g_clear_object (&self->cache);
  g_clear_object (&self->session);
  g_clear_object (&self->item);
  g_clear_pointer (&self->probes, g_ptr_array_unref);
  g_clear_pointer (&self->viewed, g_hash_table_unref);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (fl_candidate_view_parent_class)->dispose (object);
}

static void
fl_candidate_view_class_init (FlCandidateViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_candidate_view_dispose;

  /**
   * FlCandidateView::concluded:
   * @conclusion: the FlConclusion the core accepted
   */
  signals[SIGNAL_CONCLUDED] = g_signal_new ("concluded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  g_type_ensure (FL_TYPE_COMPARE_VIEW);
  g_type_ensure (FL_TYPE_COMPARE_TOOLBAR);
  g_type_ensure (FL_TYPE_CHECKLIST);
  g_type_ensure (FL_TYPE_CONCLUSION_BAR);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-candidate-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, box);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, probe_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, probe_status);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, spinner);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, message_label);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, paned);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, compare_view);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, side_scroll);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, subject_title);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, details_grid);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, photos_label);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, photos_box);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, checklist);
  gtk_widget_class_bind_template_child (widget_class, FlCandidateView, conclusion_bar);
  gtk_widget_class_bind_template_callback (widget_class, probe_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, photo_activated_cb);
}

static void
fl_candidate_view_init (FlCandidateView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->viewed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  fl_compare_toolbar_set_view (self->toolbar, self->compare_view);
  g_signal_connect_object (self->compare_view, "landmark-moved", G_CALLBACK (landmark_moved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conclusion_bar, "recorded", G_CALLBACK (conclusion_recorded_cb), self,
                           G_CONNECT_SWAPPED);
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_candidate_view_new (FlFaceCache *cache)
{
  FlCandidateView *self;

  g_return_val_if_fail (FL_IS_FACE_CACHE (cache), NULL);

  self = g_object_new (FL_TYPE_CANDIDATE_VIEW, NULL);
  self->cache = g_object_ref (cache);
  return GTK_WIDGET (self);
}

gboolean
fl_candidate_view_show (FlCandidateView  *self,
                        FlSession        *session,
                        FlCandidateItem  *item,
                        gint64            peer_review_id,
                        GError          **error)
{
  g_autoptr(FlSearchInfo) search = NULL;
  g_autoptr(GError) local_error = NULL;
  const FlCandidate *c;
  FlProbe *probe;

  g_return_val_if_fail (FL_IS_CANDIDATE_VIEW (self), FALSE);
  g_return_val_if_fail (FL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (FL_IS_CANDIDATE_ITEM (item), FALSE);

  reset_sides (self);
  fl_compare_view_set_probe (self->compare_view, NULL, NULL, NULL);
  fl_compare_view_set_candidate (self->compare_view, NULL, NULL, NULL);
  g_set_object (&self->session, session);
  g_set_object (&self->item, item);
  self->peer_review_id = peer_review_id;
  g_hash_table_remove_all (self->viewed);
  self->original_viewed = FALSE;
  show_message (self, NULL);
  c = fl_candidate_item_get_candidate (item);

  search = fl_search_get (session, c->search_id, &local_error);
  if (search == NULL)
    goto fail;
  self->case_id = search->case_id;
  self->searched_probe_id = search->probe_id;
  if (!load_probes (self, &local_error))
    goto fail;

  show_subject (self);
  if (!fl_checklist_load (self->checklist, session, c->id, &local_error) ||
      !fl_conclusion_bar_load (self->conclusion_bar, session, c->id, peer_review_id, self->checklist, &local_error))
    goto fail;
  fl_checklist_set_locked (self->checklist, fl_conclusion_bar_get_lock_reason (self->conclusion_bar));

  probe = shown_probe (self);
  load_side (self, FL_COMPARE_SIDE_PROBE, probe ? probe->hash : NULL);
  if (c->image_hash == NULL)
    show_message (self, _("The candidate’s photo was removed under a seal notice: it cannot be compared."));
  load_side (self, FL_COMPARE_SIDE_CANDIDATE, c->image_hash);
  update_probe_status (self);
  fl_compare_view_zoom_fit (self->compare_view);
  return TRUE;

fail:
  show_message (self, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

FlCandidateItem *
fl_candidate_view_get_item (FlCandidateView *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_VIEW (self), NULL);

  return self->item;
}

gint64
fl_candidate_view_get_probe_id (FlCandidateView *self)
{
  FlProbe *probe;

  g_return_val_if_fail (FL_IS_CANDIDATE_VIEW (self), 0);

  probe = shown_probe (self);
  return probe ? probe->id : 0;
}

gint64
fl_candidate_view_get_original_probe_id (FlCandidateView *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_VIEW (self), 0);

  return self->original_probe_id;
}

gboolean
fl_candidate_view_select_probe (FlCandidateView *self,
                                gint64           probe_id)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_VIEW (self), FALSE);

  for (guint i = 0; self->probes != NULL && i < self->probes->len; i++)
    if (((FlProbe *) g_ptr_array_index (self->probes, i))->id == probe_id)
      {
        gtk_drop_down_set_selected (self->probe_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
fl_candidate_view_is_ready (FlCandidateView *self)
{
  FlProbe *probe;

  g_return_val_if_fail (FL_IS_CANDIDATE_VIEW (self), FALSE);

  probe = shown_probe (self);
  return self->sides[0].loaded && self->sides[1].loaded && probe != NULL &&
         g_hash_table_contains (self->viewed, &probe->id);
}

gboolean
fl_candidate_view_get_original_viewed (FlCandidateView *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_VIEW (self), FALSE);

  return self->original_viewed;
}

FlCompareView *
fl_candidate_view_get_compare_view (FlCandidateView *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_VIEW (self), NULL);

  return self->compare_view;
}

FlCompareToolbar *
fl_candidate_view_get_toolbar (FlCandidateView *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_VIEW (self), NULL);

  return self->toolbar;
}

FlChecklist *
fl_candidate_view_get_checklist (FlCandidateView *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_VIEW (self), NULL);

  return self->checklist;
}

FlConclusionBar *
fl_candidate_view_get_conclusion_bar (FlCandidateView *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_VIEW (self), NULL);

  return self->conclusion_bar;
}

const char *
fl_candidate_view_get_message (FlCandidateView *self)
{
  g_return_val_if_fail (FL_IS_CANDIDATE_VIEW (self), NULL);

  return self->message;
}
