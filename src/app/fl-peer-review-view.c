/* fl-peer-review-view.c: the second examiner's blind review of possible leads
 *
 * The first opinion is asked of the core only after the examiner's own
 * record was accepted (fl_peer_review_get_first_opinion() would refuse, and
 * audit the attempt, before): nothing of it is on screen, or in memory,
 * while the review is blind.
 */
#include <adwaita.h>
#include <glib/gi18n.h>

#include "fl-format.h"
#include "fl-opinion-view.h"
#include "fl-peer-review-view.h"
#include "fl-peer-review.h"
#include "fl-search.h"

struct _FlPeerReviewView
{
  GtkWidget        parent_instance;

  FlFaceCache     *cache;
  FlSession       *session;
  guint            n_queued;
  gint64           review_id;
  gint64           candidate_id;
  gboolean         showing_both;
  FlConclusion     first_shown;
  char            *outcome;

  GtkStack        *stack;
  AdwStatusPage   *empty_page;
  GtkListBox      *queue_list;
  GtkLabel        *review_title;
  GtkLabel        *blind_notice;
  GtkLabel        *error_label;
  GtkStack        *review_stack;
  GtkWidget       *compare_box;
  GtkLabel        *outcome_label;
  FlOpinionView   *first_view;
  FlOpinionView   *second_view;
  FlCandidateView *candidate_view;
};

G_DEFINE_FINAL_TYPE (FlPeerReviewView, fl_peer_review_view, GTK_TYPE_WIDGET)

static void
show_error (FlPeerReviewView *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static GtkWidget *
queue_row (const FlPeerReview *review,
           FlSession          *session)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *open = gtk_image_new_from_icon_name ("go-next-symbolic");
  g_autofree char *when = fl_format_time (review->requested_at);
  g_autofree char *subtitle = NULL;

  if (review->second_examiner_id == fl_session_get_user_id (session))
    /* Translators: a peer review the examiner has opened, with when it was requested */
    subtitle = g_strdup_printf (_("Requested %s · opened by you"), when);
  else
    /* Translators: a peer review waiting for a second examiner, with when it was requested */
    subtitle = g_strdup_printf (_("Requested %s · waiting"), when);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* Translators: a peer review in the queue: the case's FR number */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), review->fr_number);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "fl-review-id", g_memdup2 (&review->id, sizeof review->id), g_free);
  return row;
}

static void
show_both (FlPeerReviewView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlReviewOpinion) first = NULL;
  g_autoptr(FlReviewOpinion) second = NULL;
  g_autoptr(FlPeerReview) latest = NULL;

  first = fl_peer_review_get_first_opinion (self->session, self->review_id, &error);
  if (first == NULL)
    {
      show_error (self, error->message);
      return;
    }
  second = fl_peer_review_get_second_opinion (self->session, self->review_id, &error);
  if (second == NULL)
    {
      show_error (self, error->message);
      return;
    }
  latest = fl_peer_review_get_latest (self->session, self->candidate_id, &error);
  g_free (self->outcome);
  if (latest != NULL && latest->state == FL_PEER_REVIEW_AGREED)
    self->outcome = g_strdup (_("Both examiners concluded possible investigative lead: the lead can be reported."));
  else
    self->outcome = g_strdup (_("The opinions differ: the candidate goes back to the first examiner for review, "
                                "with both opinions recorded."));
  gtk_label_set_text (self->outcome_label, self->outcome);
  fl_opinion_view_set_opinion (self->first_view, _("First examiner"), first, second);
  fl_opinion_view_set_opinion (self->second_view, _("Your opinion"), second, first);
  self->first_shown = first->conclusion;
  self->showing_both = TRUE;
  gtk_label_set_text (self->blind_notice, _("Your opinion is recorded; both opinions are shown."));
  gtk_stack_set_visible_child_name (self->review_stack, "both");
}

static void
concluded_cb (FlPeerReviewView *self)
{
  show_error (self, NULL);
  show_both (self);
}

static void
queue_row_activated_cb (FlPeerReviewView *self,
                        GtkListBoxRow    *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "fl-review-id");
  g_autoptr(GError) error = NULL;

  if (id != NULL && !fl_peer_review_view_open (self, *id, &error))
    show_error (self, error->message);
}

static void
back_clicked_cb (FlPeerReviewView *self)
{
  if (self->session != NULL)
    fl_peer_review_view_load (self, self->session);
}

static void
fl_peer_review_view_dispose (GObject *object)
{
  FlPeerReviewView *self = FL_PEER_REVIEW_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_PEER_REVIEW_VIEW);
  g_clear_object (&self->cache);
  g_clear_object (&self->session);
  g_clear_pointer (&self->outcome, g_free);

  G_OBJECT_CLASS (fl_peer_review_view_parent_class)->dispose (object);
}

static void
fl_peer_review_view_class_init (FlPeerReviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_peer_review_view_dispose;

  g_type_ensure (FL_TYPE_OPINION_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-peer-review-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FlPeerReviewView, stack);
  gtk_widget_class_bind_template_child (widget_class, FlPeerReviewView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FlPeerReviewView, queue_list);
  gtk_widget_class_bind_template_child (widget_class, FlPeerReviewView, review_title);
  gtk_widget_class_bind_template_child (widget_class, FlPeerReviewView, blind_notice);
  gtk_widget_class_bind_template_child (widget_class, FlPeerReviewView, error_label);
  gtk_widget_class_bind_template_child (widget_class, FlPeerReviewView, review_stack);
  gtk_widget_class_bind_template_child (widget_class, FlPeerReviewView, compare_box);
  gtk_widget_class_bind_template_child (widget_class, FlPeerReviewView, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, FlPeerReviewView, first_view);
  gtk_widget_class_bind_template_child (widget_class, FlPeerReviewView, second_view);
  gtk_widget_class_bind_template_callback (widget_class, queue_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
}

static void
fl_peer_review_view_init (FlPeerReviewView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_peer_review_view_new (FlFaceCache *cache)
{
  FlPeerReviewView *self;

  g_return_val_if_fail (FL_IS_FACE_CACHE (cache), NULL);

  self = g_object_new (FL_TYPE_PEER_REVIEW_VIEW, NULL);
  self->cache = g_object_ref (cache);
  self->candidate_view = FL_CANDIDATE_VIEW (fl_candidate_view_new (cache));
  gtk_widget_set_vexpand (GTK_WIDGET (self->candidate_view), TRUE);
  gtk_box_append (GTK_BOX (self->compare_box), GTK_WIDGET (self->candidate_view));
  g_signal_connect_object (self->candidate_view, "concluded", G_CALLBACK (concluded_cb), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
fl_peer_review_view_load (FlPeerReviewView *self,
                          FlSession        *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  GtkWidget *child;

  g_return_if_fail (FL_IS_PEER_REVIEW_VIEW (self));
  g_return_if_fail (FL_IS_SESSION (session));

  g_set_object (&self->session, session);
  self->review_id = 0;
  self->showing_both = FALSE;
  self->first_shown = FL_CONCLUSION_NONE;
  g_clear_pointer (&self->outcome, g_free);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list))) != NULL)
    gtk_list_box_remove (self->queue_list, child);

  queue = fl_peer_review_queue (session, &error);
  self->n_queued = queue ? queue->len : 0;
  if (queue == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("Peer Review Unavailable"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  for (guint i = 0; i < queue->len; i++)
    gtk_list_box_append (self->queue_list, queue_row (g_ptr_array_index (queue, i), session));
  gtk_stack_set_visible_child_name (self->stack, queue->len > 0 ? "queue" : "empty");
}

guint
fl_peer_review_view_get_n_queued (FlPeerReviewView *self)
{
  g_return_val_if_fail (FL_IS_PEER_REVIEW_VIEW (self), 0);

  return self->n_queued;
}

gboolean
fl_peer_review_view_open (FlPeerReviewView  *self,
                          gint64             peer_review_id,
                          GError           **error)
{
  g_autoptr(FlPeerReview) review = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(FlCandidateItem) item = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (FL_IS_PEER_REVIEW_VIEW (self), FALSE);
  g_return_val_if_fail (self->session != NULL, FALSE);

  review = fl_peer_review_open (self->session, peer_review_id, error);
  if (review == NULL)
    return FALSE;
  /* The blind list: the second examiner sees neither rank nor score (R16). */
  candidates = fl_search_list_candidates (self->session, review->search_id, TRUE, error);
  if (candidates == NULL)
    return FALSE;
  for (guint i = 0; i < candidates->len && item == NULL; i++)
    {
      FlCandidate *c = g_ptr_array_index (candidates, i);

      if (c->id == review->candidate_id)
        item = fl_candidate_item_new (c, FL_CONCLUSION_NONE);
    }
  if (item == NULL)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                           _("The candidate of this peer review is missing from its search. Ask an administrator "
                             "to check the database."));
      return FALSE;
    }

  self->review_id = review->id;
  self->candidate_id = review->candidate_id;
  self->showing_both = FALSE;
  self->first_shown = FL_CONCLUSION_NONE;
  show_error (self, NULL);
  /* Translators: title of an open peer review: the case's FR number */
  title = g_strdup_printf (_("Blind Peer Review · %s"), review->fr_number);
  gtk_label_set_text (self->review_title, title);
  gtk_label_set_text (self->blind_notice, _("Blind review: the first examiner’s checklist and conclusion stay hidden "
                                            "until you record your own. Compare the candidate with the ORIGINAL "
                                            "probe, feature by feature."));
  gtk_stack_set_visible_child_name (self->review_stack, "compare");
  gtk_stack_set_visible_child_name (self->stack, "review");
  if (!fl_candidate_view_show (self->candidate_view, self->session, item, review->id, error))
    return FALSE;
  return TRUE;
}

FlCandidateView *
fl_peer_review_view_get_candidate_view (FlPeerReviewView *self)
{
  g_return_val_if_fail (FL_IS_PEER_REVIEW_VIEW (self), NULL);

  return self->candidate_view;
}

gboolean
fl_peer_review_view_get_showing_both (FlPeerReviewView *self)
{
  g_return_val_if_fail (FL_IS_PEER_REVIEW_VIEW (self), FALSE);

  return self->showing_both;
}

FlConclusion
fl_peer_review_view_get_first_shown (FlPeerReviewView *self)
{
  g_return_val_if_fail (FL_IS_PEER_REVIEW_VIEW (self), FL_CONCLUSION_NONE);

  return self->first_shown;
}

const char *
fl_peer_review_view_get_outcome (FlPeerReviewView *self)
{
  g_return_val_if_fail (FL_IS_PEER_REVIEW_VIEW (self), NULL);

  return self->outcome;
}
