/* fl-conclusion-bar.c: the examiner's conclusion on one candidate, in the fixed vocabulary
 *
 * The bar mirrors the core's conditions so the examiner sees at once what
 * is missing (Record stays insensitive with the reason beside it) but never
 * replaces them: fl_review_conclude() / fl_peer_review_record() decide, and
 * their refusal is shown as it is. The words are fl_conclusion_label()'s:
 * the bar offers nothing else (R18).
 */
#include <glib/gi18n.h>

#include "fl-conclusion-bar.h"
#include "fl-not-practicable-dialog.h"
#include "fl-peer-review.h"

struct _FlConclusionBar
{
  GtkWidget       parent_instance;

  FlSession      *session;
  gint64          candidate_id;
  gint64          peer_review_id;   /* > 0: recording as this review's second examiner */
  FlChecklist    *checklist;
  gulong          checklist_handler;
  gboolean        viewed;
  gboolean        syncing;
  char           *lock_reason;
  char           *status;
  char           *blocked;
  char           *error;

  GtkWidget      *box;
  GtkLabel       *title_label;
  GtkLabel       *status_label;
  GtkWidget      *not_practicable_button;
  GtkWidget      *choices;
  GtkCheckButton *lead_check;
  GtkCheckButton *excluded_check;
  GtkCheckButton *inconclusive_check;
  GtkEditable    *note_entry;
  GtkWidget      *record_button;
  GtkWidget      *blocked_box;
  GtkLabel       *blocked_label;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (FlConclusionBar, fl_conclusion_bar, GTK_TYPE_WIDGET)

enum {
  SIGNAL_RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
show_error (FlConclusionBar *self,
            const char      *message)
{
  set_string (&self->error, message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_status (FlConclusionBar *self,
            const char      *status)
{
  set_string (&self->status, status);
  gtk_label_set_text (self->status_label, status ? status : "");
}

static char *
compute_blocked (FlConclusionBar *self)
{
  FlConclusion chosen = fl_conclusion_bar_get_selected (self);

  if (self->session == NULL)
    return g_strdup (_("Open a candidate first."));
  if (self->lock_reason != NULL)
    return g_strdup (self->lock_reason);
  if (chosen == FL_CONCLUSION_NONE)
    return g_strdup (_("Choose a conclusion."));
  if (!self->viewed)
    return g_strdup (_("Show the ORIGINAL probe beside the candidate first: a conclusion needs a look at the "
                       "original, not only at an enhanced version."));
  if (chosen == FL_CONCLUSION_POSSIBLE_LEAD && self->checklist != NULL)
    {
      const char *next = fl_checklist_get_first_unanswered (self->checklist);

      if (next != NULL)
        /* Translators: why a possible lead cannot be recorded yet, e.g. "… 12 of 19 features answered; next: Ears." */
        return g_strdup_printf (_("A possible lead needs the complete checklist: %u of %u features answered; "
                                  "next: %s."),
                                fl_checklist_get_n_answered (self->checklist),
                                fl_checklist_get_n_features (self->checklist),
                                fl_review_feature_label (fl_review_feature_lookup (next)));
      if (fl_checklist_get_n_similar (self->checklist) == 0)
        return g_strdup (_("A possible lead needs at least one feature you observed as similar."));
    }
  return NULL;
}

static void
update (FlConclusionBar *self)
{
  g_free (self->blocked);
  self->blocked = compute_blocked (self);
  gtk_widget_set_sensitive (self->record_button, self->blocked == NULL);
  gtk_label_set_text (self->blocked_label, self->blocked ? self->blocked : "");
  gtk_widget_set_visible (self->blocked_box, self->blocked != NULL);
  gtk_widget_set_sensitive (self->choices, self->lock_reason == NULL && self->session != NULL);
  gtk_editable_set_editable (self->note_entry, self->lock_reason == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_entry), self->lock_reason == NULL && self->session != NULL);
}

static void
select_quietly (FlConclusionBar *self,
                FlConclusion     conclusion)
{
  self->syncing = TRUE;
  gtk_check_button_set_active (self->lead_check, conclusion == FL_CONCLUSION_POSSIBLE_LEAD);
  gtk_check_button_set_active (self->excluded_check, conclusion == FL_CONCLUSION_EXCLUDED);
  gtk_check_button_set_active (self->inconclusive_check, conclusion == FL_CONCLUSION_INCONCLUSIVE);
  self->syncing = FALSE;
}

/* Reads where the candidate stands for this examiner. */
static gboolean
read_state (FlConclusionBar  *self,
            GError          **error)
{
  g_autoptr(FlPeerReview) latest = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  FlConclusion own = FL_CONCLUSION_NONE;

  g_clear_pointer (&self->lock_reason, g_free);
  gtk_widget_set_visible (self->not_practicable_button, FALSE);
  if (!fl_review_candidate_state (self->session, self->candidate_id, &own, error))
    return FALSE;
  select_quietly (self, own);

  if (self->peer_review_id > 0)
    {
      if (own != FL_CONCLUSION_NONE)
        {
          text = g_strdup_printf (_("Your opinion is recorded: %s."), fl_conclusion_label (own));
          set_status (self, text);
          self->lock_reason = g_strdup (_("You have recorded your opinion on this peer review."));
        }
      else
        set_status (self, _("Blind review: the first examiner’s conclusion stays hidden until you record yours."));
      return TRUE;
    }

  if (own != FL_CONCLUSION_POSSIBLE_LEAD)
    {
      if (own == FL_CONCLUSION_NONE)
        set_status (self, _("Not yet evaluated."));
      else
        {
          text = g_strdup_printf (_("Your conclusion: %s. You may change it."), fl_conclusion_label (own));
          set_status (self, text);
        }
      return TRUE;
    }

  latest = fl_peer_review_get_latest (self->session, self->candidate_id, &local_error);
  if (latest == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  switch (latest->state)
    {
    case FL_PEER_REVIEW_PENDING:
      set_status (self, latest->second_examiner_id == 0
                        ? _("Sent to peer review: waiting for a second examiner’s blind review.")
                        : _("Sent to peer review: a second examiner is reviewing it blind."));
      self->lock_reason = g_strdup (_("Your conclusion and checklist are locked while the lead is in peer review."));
      gtk_widget_set_visible (self->not_practicable_button, latest->second_examiner_id == 0);
      break;
    case FL_PEER_REVIEW_AGREED:
      set_status (self, _("Peer review agreed: the lead can be reported."));
      self->lock_reason = g_strdup (_("The second examiner agreed; the conclusion is final."));
      break;
    case FL_PEER_REVIEW_NOT_PRACTICABLE:
      text = g_strdup_printf (_("Second review not practicable: %s"), latest->not_practicable_reason);
      set_status (self, text);
      self->lock_reason = g_strdup (_("You recorded why a second review was not practicable; the conclusion is "
                                      "final."));
      break;
    case FL_PEER_REVIEW_DISAGREED:
    default:
      set_status (self, _("The second examiner disagreed. Compare the candidate again; a new possible lead needs "
                          "a new blind review."));
      break;
    }
  return TRUE;
}

/* ---- callbacks ---------------------------------------------------------- */

static void
choice_toggled_cb (FlConclusionBar *self)
{
  if (!self->syncing)
    {
      show_error (self, NULL);
      update (self);
    }
}

static void
record_clicked_cb (FlConclusionBar *self)
{
  fl_conclusion_bar_record (self, NULL);
}

static void
checklist_changed_cb (FlConclusionBar *self)
{
  update (self);
}

static void
not_practicable_recorded_cb (FlConclusionBar *self)
{
  g_autoptr(GError) error = NULL;

  if (!read_state (self, &error))
    show_error (self, error->message);
  update (self);
  g_signal_emit (self, signals[SIGNAL_RECORDED], 0, FL_CONCLUSION_POSSIBLE_LEAD);
}

static void
not_practicable_clicked_cb (FlConclusionBar *self)
{
  fl_conclusion_bar_open_not_practicable (self);
}

/* ---- GObject ---------------------------------------------------------- */

static void
release_checklist (FlConclusionBar *self)
{
  if (self->checklist != NULL)
    g_clear_signal_handler (&self->checklist_handler, self->checklist);
  g_clear_object (&self->checklist);
}

static void
fl_conclusion_bar_dispose (GObject *object)
{
  FlConclusionBar *self = FL_CONCLUSION_BAR (object);

  release_checklist (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_CONCLUSION_BAR);
  g_clear_object (&self->session);
  g_clear_pointer (&self->lock_reason, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->blocked, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (fl_conclusion_bar_parent_class)->dispose (object);
}

static void
fl_conclusion_bar_class_init (FlConclusionBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_conclusion_bar_dispose;

  /**
   * FlConclusionBar::recorded:
   * @conclusion: the FlConclusion recorded
   *
   * The core accepted the conclusion (or the not-practicable reason).
   */
  signals[SIGNAL_RECORDED] = g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conclusionbar");
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-conclusion-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FlConclusionBar, box);
  gtk_widget_class_bind_template_child (widget_class, FlConclusionBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, FlConclusionBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, FlConclusionBar, not_practicable_button);
  gtk_widget_class_bind_template_child (widget_class, FlConclusionBar, choices);
  gtk_widget_class_bind_template_child (widget_class, FlConclusionBar, lead_check);
  gtk_widget_class_bind_template_child (widget_class, FlConclusionBar, excluded_check);
  gtk_widget_class_bind_template_child (widget_class, FlConclusionBar, inconclusive_check);
  gtk_widget_class_bind_template_child (widget_class, FlConclusionBar, note_entry);
  gtk_widget_class_bind_template_child (widget_class, FlConclusionBar, record_button);
  gtk_widget_class_bind_template_child (widget_class, FlConclusionBar, blocked_box);
  gtk_widget_class_bind_template_child (widget_class, FlConclusionBar, blocked_label);
  gtk_widget_class_bind_template_child (widget_class, FlConclusionBar, error_label);
  gtk_widget_class_bind_template_callback (widget_class, choice_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, record_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, not_practicable_clicked_cb);
}

static void
fl_conclusion_bar_init (FlConclusionBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The vocabulary is the core's, in its translated form (R18). */
  gtk_check_button_set_label (self->lead_check, fl_conclusion_label (FL_CONCLUSION_POSSIBLE_LEAD));
  gtk_check_button_set_label (self->excluded_check, fl_conclusion_label (FL_CONCLUSION_EXCLUDED));
  gtk_check_button_set_label (self->inconclusive_check, fl_conclusion_label (FL_CONCLUSION_INCONCLUSIVE));
  update (self);
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_conclusion_bar_new (void)
{
  return g_object_new (FL_TYPE_CONCLUSION_BAR, NULL);
}

gboolean
fl_conclusion_bar_load (FlConclusionBar  *self,
                        FlSession        *session,
                        gint64            candidate_id,
                        gint64            peer_review_id,
                        FlChecklist      *checklist,
                        GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (FL_IS_CONCLUSION_BAR (self), FALSE);
  g_return_val_if_fail (FL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (checklist == NULL || FL_IS_CHECKLIST (checklist), FALSE);

  g_set_object (&self->session, session);
  self->candidate_id = candidate_id;
  self->peer_review_id = peer_review_id;
  self->viewed = FALSE;
  release_checklist (self);
  if (checklist != NULL)
    {
      self->checklist = g_object_ref (checklist);
      self->checklist_handler = g_signal_connect_object (checklist, "changed", G_CALLBACK (checklist_changed_cb),
                                                         self, G_CONNECT_SWAPPED);
    }
  gtk_label_set_text (self->title_label, peer_review_id > 0 ? _("Your Blind Conclusion") : _("Conclusion"));
  gtk_button_set_label (GTK_BUTTON (self->record_button), peer_review_id > 0 ? _("_Record My Opinion")
                                                                             : _("_Record Conclusion"));
  gtk_editable_set_text (self->note_entry, "");
  show_error (self, NULL);
  ok = read_state (self, &local_error);
  if (!ok)
    show_error (self, local_error->message);
  update (self);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

void
fl_conclusion_bar_set_original_viewed (FlConclusionBar *self,
                                       gboolean         viewed)
{
  g_return_if_fail (FL_IS_CONCLUSION_BAR (self));

  self->viewed = viewed;
  update (self);
}

void
fl_conclusion_bar_select (FlConclusionBar *self,
                          FlConclusion     conclusion)
{
  g_return_if_fail (FL_IS_CONCLUSION_BAR (self));
  g_return_if_fail (conclusion <= FL_CONCLUSION_LAST);

  select_quietly (self, conclusion);
  show_error (self, NULL);
  update (self);
}

FlConclusion
fl_conclusion_bar_get_selected (FlConclusionBar *self)
{
  g_return_val_if_fail (FL_IS_CONCLUSION_BAR (self), FL_CONCLUSION_NONE);

  if (gtk_check_button_get_active (self->lead_check))
    return FL_CONCLUSION_POSSIBLE_LEAD;
  if (gtk_check_button_get_active (self->excluded_check))
    return FL_CONCLUSION_EXCLUDED;
  if (gtk_check_button_get_active (self->inconclusive_check))
    return FL_CONCLUSION_INCONCLUSIVE;
  return FL_CONCLUSION_NONE;
}

void
fl_conclusion_bar_set_note (FlConclusionBar *self,
                            const char      *note)
{
  g_return_if_fail (FL_IS_CONCLUSION_BAR (self));

  gtk_editable_set_text (self->note_entry, note ? note : "");
}

gboolean
fl_conclusion_bar_record (FlConclusionBar  *self,
                          GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  FlConclusion chosen;
  const char *note;
  gboolean ok;

  g_return_val_if_fail (FL_IS_CONCLUSION_BAR (self), FALSE);

  chosen = fl_conclusion_bar_get_selected (self);
  if (self->session == NULL || chosen == FL_CONCLUSION_NONE)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, _("Choose a conclusion."));
      return FALSE;
    }
  note = gtk_editable_get_text (self->note_entry);
  if (self->peer_review_id > 0)
    ok = fl_peer_review_record (self->session, self->peer_review_id, chosen, note, &local_error);
  else
    ok = fl_review_conclude (self->session, self->candidate_id, chosen, note, &local_error);
  if (!ok)
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  show_error (self, NULL);
  if (!read_state (self, &local_error))
    show_error (self, local_error->message);
  update (self);
  g_signal_emit (self, signals[SIGNAL_RECORDED], 0, chosen);
  return TRUE;
}

const char *
fl_conclusion_bar_get_blocked_reason (FlConclusionBar *self)
{
  g_return_val_if_fail (FL_IS_CONCLUSION_BAR (self), NULL);

  return self->blocked;
}

const char *
fl_conclusion_bar_get_lock_reason (FlConclusionBar *self)
{
  g_return_val_if_fail (FL_IS_CONCLUSION_BAR (self), NULL);

  return self->lock_reason;
}

const char *
fl_conclusion_bar_get_status (FlConclusionBar *self)
{
  g_return_val_if_fail (FL_IS_CONCLUSION_BAR (self), NULL);

  return self->status;
}

const char *
fl_conclusion_bar_get_error (FlConclusionBar *self)
{
  g_return_val_if_fail (FL_IS_CONCLUSION_BAR (self), NULL);

  return self->error;
}

GtkWidget *
fl_conclusion_bar_open_not_practicable (FlConclusionBar *self)
{
  GtkWidget *dialog;
  GtkRoot *root;

  g_return_val_if_fail (FL_IS_CONCLUSION_BAR (self), NULL);

  if (self->session == NULL || self->peer_review_id > 0)
    return NULL;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = fl_not_practicable_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session,
                                          self->candidate_id);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (not_practicable_recorded_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
