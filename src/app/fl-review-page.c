/* fl-review-page.c: the Review section: candidates of a search, compared feature by feature (R14–R18)
 *
 * Two views under the lead-only notice (R18): Candidates and Peer Review.
 * Candidates lists the examiner's searches (of their own cases, newest
 * first); the chosen search's candidates fill an FlCandidateGrid — blind
 * when the search was run blind (R16) — and opening one shows it in an
 * FlCandidateView (comparison, subject, checklist, conclusion). Peer Review
 * is the blind second review of other examiners' leads (R17). New Search
 * opens FlSearchDialog; a finished search is shown at once.
 */
#include <glib/gi18n.h>

#include "fl-case.h"
#include "fl-format.h"
#include "fl-lead-notice.h"
#include "fl-review-page.h"
#include "fl-search-dialog.h"
#include "fl-search.h"

struct _FlReviewPage
{
  FlPage            parent_instance;

  FlFaceCache      *cache;
  GArray           *search_ids;      /* gint64, in the dropdown's order */
  gboolean          syncing;
  guint             position;        /* of the open candidate in the grid's model */

  GtkWidget        *new_search_button;
  GtkStack         *sections;
  GtkStack         *stack;
  AdwStatusPage    *empty_page;
  GtkBox           *content;
  GtkDropDown      *search_dropdown;
  GtkLabel         *search_info;
  GtkStack         *candidate_stack;
  GtkBox           *grid_box;
  GtkBox           *candidate_box;
  GtkLabel         *candidate_title;
  GtkBox           *peer_box;
  FlCandidateGrid  *grid;
  FlCandidateView  *candidate_view;
  FlPeerReviewView *peer_view;
};

G_DEFINE_FINAL_TYPE (FlReviewPage, fl_review_page, FL_TYPE_PAGE)

static int
search_newest_first (gconstpointer a,
                     gconstpointer b)
{
  gint64 ia = (*(FlSearchInfo * const *) a)->id, ib = (*(FlSearchInfo * const *) b)->id;

  return ia < ib ? 1 : ia > ib ? -1 : 0;
}

static gint64
selected_search (FlReviewPage *self)
{
  guint index = gtk_drop_down_get_selected (self->search_dropdown);

  return index < self->search_ids->len ? g_array_index (self->search_ids, gint64, index) : 0;
}

static void
update_candidate_actions (FlReviewPage *self)
{
  guint n = g_list_model_get_n_items (fl_candidate_grid_get_model (self->grid));
  gboolean open = g_strcmp0 (gtk_stack_get_visible_child_name (self->candidate_stack), "candidate") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.back", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.previous", open && self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.next", open && self->position + 1 < n);
}

static void
show_search_info (FlReviewPage *self,
                  gint64        search_id)
{
  g_autoptr(FlSearchInfo) info = fl_search_get (fl_page_get_session (FL_PAGE (self)), search_id, NULL);
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  if (info == NULL)
    {
      gtk_label_set_text (self->search_info, "");
      return;
    }
  when = fl_format_time (info->started_at);
  /* Translators: the search shown: when, by whom, galleries, justification */
  text = g_strdup_printf (_("Searched %s by %s in %s. Justification: %s"), when,
                          info->examiner_name ? info->examiner_name : "—", info->galleries, info->justification);
  gtk_label_set_text (self->search_info, text);
}

/* Lists the searches of the examiner's own cases that returned candidates. */
static void
load_searches (FlReviewPage *self,
               gint64        select_id)
{
  static const FlCaseState states[] = { FL_CASE_SEARCHING, FL_CASE_REVIEW, FL_CASE_PEER_REVIEW, FL_CASE_REPORTED };
  FlSession *session = fl_page_get_session (FL_PAGE (self));
  g_autoptr(GPtrArray) searches = g_ptr_array_new_with_free_func ((GDestroyNotify) fl_search_info_free);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gint64 keep = select_id ? select_id : selected_search (self);
  guint selected = 0;

  g_array_set_size (self->search_ids, 0);
  for (guint s = 0; s < G_N_ELEMENTS (states); s++)
    {
      FlCaseFilter filter = { .examiner_id = fl_session_get_user_id (session), .state = states[s], .limit = 200 };
      g_autoptr(GPtrArray) cases = fl_case_list (session, &filter, NULL);

      for (guint i = 0; cases != NULL && i < cases->len; i++)
        {
          FlCase *c = g_ptr_array_index (cases, i);
          g_autoptr(GPtrArray) some = fl_search_list_for_case (session, c->id, NULL);

          for (guint j = 0; some != NULL && j < some->len; j++)
            if (((FlSearchInfo *) g_ptr_array_index (some, j))->candidate_count > 0)
              g_ptr_array_add (searches, g_steal_pointer (&some->pdata[j]));
        }
    }
  g_ptr_array_sort (searches, search_newest_first);
  for (guint i = 0; i < searches->len; i++)
    {
      FlSearchInfo *info = g_ptr_array_index (searches, i);
      g_autofree char *when = fl_format_time (info->started_at);
      /* Translators: a search in the Review section: FR number, when, how many candidates */
      g_autofree char *label = g_strdup_printf (ngettext ("%s · %s · %u candidate", "%s · %s · %u candidates",
                                                          info->candidate_count),
                                                info->fr_number, when, info->candidate_count);

      gtk_string_list_append (labels, label);
      g_array_append_val (self->search_ids, info->id);
      if (info->id == keep)
        selected = i;
    }
  self->syncing = TRUE;
  gtk_drop_down_set_model (self->search_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->search_dropdown, selected);
  self->syncing = FALSE;

  if (searches->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "content");
  if (fl_candidate_grid_get_search_id (self->grid) != selected_search (self) ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->candidate_stack), "grid") == 0)
    {
      fl_candidate_grid_load (self->grid, session, selected_search (self), NULL);
      gtk_stack_set_visible_child_name (self->candidate_stack, "grid");
    }
  else
    fl_candidate_grid_reload_states (self->grid);
  show_search_info (self, selected_search (self));
  update_candidate_actions (self);
}

/* ---- callbacks ---------------------------------------------------------- */

static void
search_selected_cb (FlReviewPage *self)
{
  if (self->syncing)
    return;
  fl_candidate_grid_load (self->grid, fl_page_get_session (FL_PAGE (self)), selected_search (self), NULL);
  gtk_stack_set_visible_child_name (self->candidate_stack, "grid");
  show_search_info (self, selected_search (self));
  update_candidate_actions (self);
}

static void
searched_cb (FlReviewPage *self,
             gint64        search_id)
{
  gtk_stack_set_visible_child_name (self->sections, "candidates");
  load_searches (self, search_id);
  fl_review_page_show_search (self, search_id);
}

static void
new_search_clicked_cb (FlReviewPage *self)
{
  fl_review_page_new_search (self, 0);
}

static void
candidate_activated_cb (FlReviewPage    *self,
                        FlCandidateItem *item)
{
  GListModel *model = fl_candidate_grid_get_model (self->grid);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FlCandidateItem) at = g_list_model_get_item (model, i);

      if (at == item)
        {
          fl_review_page_open_candidate (self, i);
          return;
        }
    }
}

static void
concluded_cb (FlReviewPage *self)
{
  fl_candidate_grid_reload_states (self->grid);
}

static void
section_changed_cb (FlReviewPage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->sections), "peer") == 0 && self->peer_view != NULL)
    fl_peer_review_view_load (self->peer_view, fl_page_get_session (FL_PAGE (self)));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  fl_review_page_show_grid (FL_REVIEW_PAGE (widget));
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FlReviewPage *self = FL_REVIEW_PAGE (widget);
  gboolean next = g_str_equal (action_name, "review.next");

  if (next || self->position > 0)
    fl_review_page_open_candidate (self, next ? self->position + 1 : self->position - 1);
}

/* ---- FlPage ----------------------------------------------------------- */

static void
fl_review_page_refresh (FlPage *page)
{
  FlReviewPage *self = FL_REVIEW_PAGE (page);

  load_searches (self, 0);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->sections), "peer") == 0)
    fl_peer_review_view_load (self->peer_view, fl_page_get_session (page));
}

static void
fl_review_page_constructed (GObject *object)
{
  FlReviewPage *self = FL_REVIEW_PAGE (object);

  G_OBJECT_CLASS (fl_review_page_parent_class)->constructed (object);

  self->cache = fl_face_cache_new ();
  self->grid = FL_CANDIDATE_GRID (fl_candidate_grid_new (self->cache));
  gtk_widget_set_vexpand (GTK_WIDGET (self->grid), TRUE);
  gtk_box_append (self->grid_box, GTK_WIDGET (self->grid));
  g_signal_connect_object (self->grid, "candidate-activated", G_CALLBACK (candidate_activated_cb), self,
                           G_CONNECT_SWAPPED);

  self->candidate_view = FL_CANDIDATE_VIEW (fl_candidate_view_new (self->cache));
  gtk_widget_set_vexpand (GTK_WIDGET (self->candidate_view), TRUE);
  gtk_box_append (self->candidate_box, GTK_WIDGET (self->candidate_view));
  g_signal_connect_object (self->candidate_view, "concluded", G_CALLBACK (concluded_cb), self, G_CONNECT_SWAPPED);

  self->peer_view = FL_PEER_REVIEW_VIEW (fl_peer_review_view_new (self->cache));
  gtk_widget_set_vexpand (GTK_WIDGET (self->peer_view), TRUE);
  gtk_box_append (self->peer_box, GTK_WIDGET (self->peer_view));

  update_candidate_actions (self);
}

static void
fl_review_page_dispose (GObject *object)
{
  FlReviewPage *self = FL_REVIEW_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_REVIEW_PAGE);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (fl_review_page_parent_class)->dispose (object);
}

static void
fl_review_page_finalize (GObject *object)
{
  FlReviewPage *self = FL_REVIEW_PAGE (object);

  g_array_unref (self->search_ids);

  G_OBJECT_CLASS (fl_review_page_parent_class)->finalize (object);
}

static void
fl_review_page_class_init (FlReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FlPageClass *page_class = FL_PAGE_CLASS (klass);

  object_class->constructed = fl_review_page_constructed;
  object_class->dispose = fl_review_page_dispose;
  object_class->finalize = fl_review_page_finalize;
  page_class->refresh = fl_review_page_refresh;

  g_type_ensure (FL_TYPE_LEAD_NOTICE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, new_search_button);
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, sections);
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, content);
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, search_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, search_info);
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, candidate_stack);
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, grid_box);
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, candidate_box);
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, candidate_title);
  gtk_widget_class_bind_template_child (widget_class, FlReviewPage, peer_box);
  gtk_widget_class_bind_template_callback (widget_class, new_search_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, section_changed_cb);

  gtk_widget_class_install_action (widget_class, "review.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "review.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "review.next", NULL, step_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "review.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "review.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "review.back", NULL);
}

static void
fl_review_page_init (FlReviewPage *self)
{
  self->search_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_review_page_new (FlSession *session)
{
  g_return_val_if_fail (FL_IS_SESSION (session), NULL);

  return g_object_new (FL_TYPE_REVIEW_PAGE, "session", session, NULL);
}

void
fl_review_page_open_case (FlReviewPage *self,
                          gint64        case_id)
{
  FlSession *session;
  g_autoptr(GPtrArray) searches = NULL;

  g_return_if_fail (FL_IS_REVIEW_PAGE (self));

  session = fl_page_get_session (FL_PAGE (self));
  gtk_stack_set_visible_child_name (self->sections, "candidates");
  load_searches (self, 0);
  searches = fl_search_list_for_case (session, case_id, NULL);
  /* Oldest first: the newest with candidates is the last one. */
  for (guint i = searches ? searches->len : 0; i > 0; i--)
    {
      FlSearchInfo *info = g_ptr_array_index (searches, i - 1);

      if (info->candidate_count > 0 && fl_review_page_show_search (self, info->id))
        return;
    }
  fl_review_page_new_search (self, case_id);
}

gboolean
fl_review_page_show_search (FlReviewPage *self,
                            gint64        search_id)
{
  g_return_val_if_fail (FL_IS_REVIEW_PAGE (self), FALSE);

  for (guint i = 0; i < self->search_ids->len; i++)
    if (g_array_index (self->search_ids, gint64, i) == search_id)
      {
        gtk_stack_set_visible_child_name (self->sections, "candidates");
        if (gtk_drop_down_get_selected (self->search_dropdown) != i)
          gtk_drop_down_set_selected (self->search_dropdown, i);
        else
          search_selected_cb (self);
        return TRUE;
      }
  return FALSE;
}

GtkWidget *
fl_review_page_new_search (FlReviewPage *self,
                           gint64        case_id)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_val_if_fail (FL_IS_REVIEW_PAGE (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = fl_search_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                 fl_page_get_session (FL_PAGE (self)));
  if (case_id > 0)
    fl_search_dialog_select_case (FL_SEARCH_DIALOG (dialog), case_id);
  g_signal_connect_object (dialog, "searched", G_CALLBACK (searched_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

gboolean
fl_review_page_open_candidate (FlReviewPage *self,
                               guint         position)
{
  g_autoptr(FlCandidateItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  GListModel *model;
  guint n;

  g_return_val_if_fail (FL_IS_REVIEW_PAGE (self), FALSE);

  model = fl_candidate_grid_get_model (self->grid);
  n = g_list_model_get_n_items (model);
  item = g_list_model_get_item (model, position);
  if (item == NULL)
    return FALSE;
  self->position = position;
  /* Translators: the open candidate's place in the list shown and its subject id, e.g. "Candidate 2 of 5 · BK-1001" */
  title = g_strdup_printf (_("Candidate %u of %u · %s"), position + 1, n,
                           fl_candidate_item_get_candidate (item)->external_id);
  gtk_label_set_text (self->candidate_title, title);
  gtk_stack_set_visible_child_name (self->candidate_stack, "candidate");
  update_candidate_actions (self);
  return fl_candidate_view_show (self->candidate_view, fl_page_get_session (FL_PAGE (self)), item, 0, &error);
}

void
fl_review_page_show_grid (FlReviewPage *self)
{
  g_return_if_fail (FL_IS_REVIEW_PAGE (self));

  gtk_stack_set_visible_child_name (self->candidate_stack, "grid");
  fl_candidate_grid_reload_states (self->grid);
  update_candidate_actions (self);
}

void
fl_review_page_show_peer_review (FlReviewPage *self)
{
  g_return_if_fail (FL_IS_REVIEW_PAGE (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->sections), "peer") == 0)
    fl_peer_review_view_load (self->peer_view, fl_page_get_session (FL_PAGE (self)));
  else
    gtk_stack_set_visible_child_name (self->sections, "peer");
}

FlCandidateGrid *
fl_review_page_get_grid (FlReviewPage *self)
{
  g_return_val_if_fail (FL_IS_REVIEW_PAGE (self), NULL);

  return self->grid;
}

FlCandidateView *
fl_review_page_get_candidate_view (FlReviewPage *self)
{
  g_return_val_if_fail (FL_IS_REVIEW_PAGE (self), NULL);

  return self->candidate_view;
}

FlPeerReviewView *
fl_review_page_get_peer_view (FlReviewPage *self)
{
  g_return_val_if_fail (FL_IS_REVIEW_PAGE (self), NULL);

  return self->peer_view;
}
