/* fl-checklist.c: the examiner's feature-by-feature comparison of one candidate
 *
 * The rows are made once from the static feature table; loading a candidate
 * only sets their answers. The list box owns selection and Up / Down; a key
 * controller on it answers the selected row, so keys typed into a note (the
 * entry takes them first) never answer anything. Only the selected row shows
 * the feature's description and its note, which keeps all 19 features
 * visible at once on an ordinary screen.
 */
#include <glib/gi18n.h>

#include "fl-checklist.h"

typedef struct
{
  const FlReviewFeature *feature;
  FlAssessment           assessment;
  char                  *note;
  GtkListBoxRow         *row;
  GtkImage              *done_icon;
  GtkToggleButton       *buttons[3];   /* similar, dissimilar, not assessable */
  GtkWidget             *details;
  GtkEditable           *note_entry;
} Row;

struct _FlChecklist
{
  GtkWidget       parent_instance;

  FlSession      *session;
  gint64          candidate_id;
  GPtrArray      *rows;          /* of Row, in table order */
  char           *lock_reason;
  char           *error;
  gboolean        syncing;

  GtkWidget      *box;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *keys_label;
  GtkLabel       *lock_label;
  GtkLabel       *error_label;
  GtkListBox     *list;
};

G_DEFINE_FINAL_TYPE (FlChecklist, fl_checklist, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const FlAssessment button_answers[3] = {
  FL_ASSESSMENT_SIMILAR, FL_ASSESSMENT_DISSIMILAR, FL_ASSESSMENT_NOT_ASSESSABLE,
};

static void
row_free (Row *row)
{
  g_free (row->note);
  g_free (row);
}

static Row *
row_of (FlChecklist   *self,
        GtkListBoxRow *list_row)
{
  int index = list_row ? gtk_list_box_row_get_index (list_row) : -1;

  return self->rows != NULL && index >= 0 && (guint) index < self->rows->len ? g_ptr_array_index (self->rows, index)
                                                                            : NULL;
}

static Row *
selected_row (FlChecklist *self)
{
  return row_of (self, gtk_list_box_get_selected_row (self->list));
}

static void
show_error (FlChecklist *self,
            const char  *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
sync_row (FlChecklist *self,
          Row         *row)
{
  g_autofree char *accessible = NULL;

  self->syncing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (row->buttons); i++)
    {
      gtk_toggle_button_set_active (row->buttons[i], row->assessment == button_answers[i]);
      gtk_widget_set_sensitive (GTK_WIDGET (row->buttons[i]), self->lock_reason == NULL);
    }
  gtk_editable_set_text (row->note_entry, row->note ? row->note : "");
  gtk_editable_set_editable (row->note_entry, self->lock_reason == NULL);
  self->syncing = FALSE;

  gtk_image_set_from_icon_name (row->done_icon, row->assessment != FL_ASSESSMENT_NONE ? "object-select-symbolic"
                                                                                       : "radio-symbolic");
  gtk_widget_set_opacity (GTK_WIDGET (row->done_icon), row->assessment != FL_ASSESSMENT_NONE ? 1.0 : 0.35);
  /* Translators: a checklist row for a screen reader: feature and answer, e.g. "Eyes: Similar" */
  accessible = g_strdup_printf (_("%s: %s"), fl_review_feature_label (row->feature),
                                row->assessment != FL_ASSESSMENT_NONE ? fl_assessment_label (row->assessment)
                                                                      : _("not answered"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
update_progress (FlChecklist *self)
{
  guint n = self->rows->len;
  guint done = fl_checklist_get_n_answered (self);
  /* Translators: answered features of the checklist, e.g. "12 of 19" */
  g_autofree char *text = g_strdup_printf (_("%u of %u"), done, n);

  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, n > 0 ? (double) done / n : 0.0);
}

static gboolean
record (FlChecklist   *self,
        Row           *row,
        FlAssessment   assessment,
        const char    *note,
        GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->session == NULL)
    return FALSE;
  if (self->lock_reason != NULL)
    {
      g_set_error_literal (&local_error, FL_ERROR, FL_ERROR_POLICY, self->lock_reason);
    }
  else if (fl_review_record_feature (self->session, self->candidate_id, row->feature->id, assessment, note,
                                     &local_error))
    {
      row->assessment = assessment;
      g_free (row->note);
      row->note = g_strdup (note);
      show_error (self, NULL);
      sync_row (self, row);
      update_progress (self);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      return TRUE;
    }
  show_error (self, local_error->message);
  sync_row (self, row);
  gtk_widget_error_bell (GTK_WIDGET (self));
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
save_note (FlChecklist *self,
           Row         *row)
{
  const char *text = gtk_editable_get_text (row->note_entry);

  if (self->syncing || row->assessment == FL_ASSESSMENT_NONE || g_strcmp0 (text, row->note ? row->note : "") == 0)
    return;
  record (self, row, row->assessment, text, NULL);
}

static void
select_row (FlChecklist *self,
            Row         *row,
            gboolean     focus)
{
  gtk_list_box_select_row (self->list, row->row);
  if (focus)
    gtk_widget_grab_focus (GTK_WIDGET (row->row));
}

/* ---- callbacks ---------------------------------------------------------- */

static void
button_toggled_cb (GtkToggleButton *button,
                   FlChecklist     *self)
{
  Row *row = g_object_get_data (G_OBJECT (button), "fl-row");
  guint which = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "fl-answer"));

  if (self->rows == NULL || self->syncing || !gtk_toggle_button_get_active (button))
    return;
  select_row (self, row, FALSE);
  if (row->assessment != button_answers[which])
    record (self, row, button_answers[which], gtk_editable_get_text (row->note_entry), NULL);
}

static void
note_activate_cb (GtkEntry    *entry,
                  FlChecklist *self)
{
  Row *row = g_object_get_data (G_OBJECT (entry), "fl-row");

  if (self->rows == NULL)
    return;
  save_note (self, row);
  gtk_widget_grab_focus (GTK_WIDGET (row->row));
}

static void
note_focus_leave_cb (GtkEventControllerFocus *controller,
                     FlChecklist             *self)
{
  Row *row = g_object_get_data (G_OBJECT (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))),
                                "fl-row");

  /* Rows are freed first when the checklist goes away (see dispose). */
  if (self->rows != NULL)
    save_note (self, row);
}

static gboolean
note_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     FlChecklist           *self)
{
  Row *row = g_object_get_data (G_OBJECT (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))),
                                "fl-row");

  if (keyval != GDK_KEY_Escape || self->rows == NULL)
    return GDK_EVENT_PROPAGATE;
  save_note (self, row);
  gtk_widget_grab_focus (GTK_WIDGET (row->row));
  return GDK_EVENT_STOP;
}

static void
row_selected_cb (FlChecklist   *self,
                 GtkListBoxRow *list_row)
{
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      gtk_widget_set_visible (row->details, row->row == list_row);
    }
}

static void
row_activated_cb (FlChecklist   *self,
                  GtkListBoxRow *list_row)
{
  Row *row = row_of (self, list_row);

  if (row != NULL && self->lock_reason == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row->note_entry));
}

static gboolean
list_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     FlChecklist           *self)
{
  FlAssessment assessment;
  Row *row;
  guint index;

  if (self->rows == NULL)
    return GDK_EVENT_PROPAGATE;
  state &= gtk_accelerator_get_default_mod_mask ();
  if (state == GDK_ALT_MASK)
    {
      guint lower = gdk_keyval_to_lower (keyval);

      for (guint i = 0; i < self->rows->len; i++)
        {
          Row *r = g_ptr_array_index (self->rows, i);

          if (lower == (guint) (guchar) r->feature->shortcut)
            {
              select_row (self, r, TRUE);
              return GDK_EVENT_STOP;
            }
        }
      return GDK_EVENT_PROPAGATE;
    }
  if (state != 0 && state != GDK_SHIFT_MASK)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_s: case GDK_KEY_S: case GDK_KEY_1: case GDK_KEY_KP_1:
      assessment = FL_ASSESSMENT_SIMILAR;
      break;
    case GDK_KEY_d: case GDK_KEY_D: case GDK_KEY_2: case GDK_KEY_KP_2:
      assessment = FL_ASSESSMENT_DISSIMILAR;
      break;
    case GDK_KEY_n: case GDK_KEY_N: case GDK_KEY_3: case GDK_KEY_KP_3:
      assessment = FL_ASSESSMENT_NOT_ASSESSABLE;
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  row = selected_row (self);
  if (row == NULL)
    return GDK_EVENT_PROPAGATE;
  index = (guint) gtk_list_box_row_get_index (row->row);
  if (record (self, row, assessment, gtk_editable_get_text (row->note_entry), NULL) && index + 1 < self->rows->len)
    select_row (self, g_ptr_array_index (self->rows, index + 1), TRUE);
  return GDK_EVENT_STOP;
}

/* ---- rows ------------------------------------------------------------- */

static Row *
make_row (FlChecklist           *self,
          const FlReviewFeature *feature)
{
  static const char * const labels[3] = { N_("Similar"), N_("Dissimilar"), N_("Not assessable") };
  static const char * const keys[3] = { "S", "D", "N" };
  Row *row = g_new0 (Row, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (fl_review_feature_label (feature));
  GtkWidget *hint;
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *description;
  GtkEventController *controller;
  char key[2] = { g_ascii_toupper (feature->shortcut), '\0' };
  /* Translators: tooltip of a checklist row's letter, e.g. "Alt+E jumps to this feature" */
  g_autofree char *jump = g_strdup_printf (_("Alt+%s jumps to this feature"), key);

  row->feature = feature;
  row->row = GTK_LIST_BOX_ROW (gtk_list_box_row_new ());
  gtk_widget_add_css_class (GTK_WIDGET (row->row), "checklist-row");

  row->done_icon = GTK_IMAGE (gtk_image_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->done_icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (row->done_icon));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_tooltip_text (label, fl_review_feature_description (feature));
  gtk_box_append (GTK_BOX (top), label);

  hint = gtk_label_new (key);
  gtk_widget_add_css_class (hint, "caption");
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "monospace");
  gtk_widget_set_tooltip_text (hint, jump);
  gtk_box_append (GTK_BOX (top), hint);

  gtk_widget_add_css_class (buttons, "linked");
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  for (guint i = 0; i < G_N_ELEMENTS (row->buttons); i++)
    {
      g_autofree char *tooltip = g_strdup_printf (_("%s (key %s or %u)"), _(labels[i]), keys[i], i + 1);
      GtkWidget *button = gtk_toggle_button_new_with_label (_(labels[i]));

      /* Keyboard users answer with S / D / N on the row; the buttons are for the pointer. */
      gtk_widget_set_focusable (button, FALSE);
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_widget_add_css_class (button, "checklist-answer");
      gtk_widget_set_tooltip_text (button, tooltip);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), row->buttons[0]);
      g_object_set_data (G_OBJECT (button), "fl-row", row);
      g_object_set_data (G_OBJECT (button), "fl-answer", GUINT_TO_POINTER (i));
      g_signal_connect (button, "toggled", G_CALLBACK (button_toggled_cb), self);
      row->buttons[i] = GTK_TOGGLE_BUTTON (button);
      gtk_box_append (GTK_BOX (buttons), button);
    }
  gtk_box_append (GTK_BOX (top), buttons);
  gtk_box_append (GTK_BOX (box), top);

  row->details = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_visible (row->details, FALSE);
  description = gtk_label_new (fl_review_feature_description (feature));
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_widget_add_css_class (description, "caption");
  gtk_widget_add_css_class (description, "dim-label");
  gtk_box_append (GTK_BOX (row->details), description);
  row->note_entry = GTK_EDITABLE (gtk_entry_new ());
  /* Translators: placeholder of a checklist note */
  gtk_entry_set_placeholder_text (GTK_ENTRY (row->note_entry), _("Note: what you saw (Enter to save)"));
  g_object_set_data (G_OBJECT (row->note_entry), "fl-row", row);
  g_signal_connect (row->note_entry, "activate", G_CALLBACK (note_activate_cb), self);
  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (note_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (row->note_entry), controller);
  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (note_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (row->note_entry), controller);
  gtk_box_append (GTK_BOX (row->details), GTK_WIDGET (row->note_entry));
  gtk_box_append (GTK_BOX (box), row->details);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 8);
  gtk_list_box_row_set_child (row->row, box);
  return row;
}

/* ---- GObject ---------------------------------------------------------- */

static void
fl_checklist_dispose (GObject *object)
{
  FlChecklist *self = FL_CHECKLIST (object);

  /* The rows go first: the list box reports its rows' removal while it is disposed. */
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_CHECKLIST);
  g_clear_object (&self->session);
  g_clear_pointer (&self->lock_reason, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (fl_checklist_parent_class)->dispose (object);
}

static void
fl_checklist_class_init (FlChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_checklist_dispose;

  /**
   * FlChecklist::changed:
   *
   * An answer was saved in the core.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-checklist.ui");
  gtk_widget_class_bind_template_child (widget_class, FlChecklist, box);
  gtk_widget_class_bind_template_child (widget_class, FlChecklist, progress_label);
  gtk_widget_class_bind_template_child (widget_class, FlChecklist, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FlChecklist, keys_label);
  gtk_widget_class_bind_template_child (widget_class, FlChecklist, lock_label);
  gtk_widget_class_bind_template_child (widget_class, FlChecklist, error_label);
  gtk_widget_class_bind_template_child (widget_class, FlChecklist, list);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
fl_checklist_init (FlChecklist *self)
{
  const FlReviewFeature *features;
  GtkEventController *controller;
  guint n;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  features = fl_review_features (&n);
  for (guint i = 0; i < n; i++)
    {
      Row *row = make_row (self, &features[i]);

      g_ptr_array_add (self->rows, row);
      gtk_list_box_append (self->list, GTK_WIDGET (row->row));
      sync_row (self, row);
    }
  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (list_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list), controller);
  update_progress (self);
}

/* ---- public API ------------------------------------------------------- */

GtkWidget *
fl_checklist_new (void)
{
  return g_object_new (FL_TYPE_CHECKLIST, NULL);
}

gboolean
fl_checklist_load (FlChecklist  *self,
                   FlSession    *session,
                   gint64        candidate_id,
                   GError      **error)
{
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *first;

  g_return_val_if_fail (FL_IS_CHECKLIST (self), FALSE);
  g_return_val_if_fail (FL_IS_SESSION (session), FALSE);

  g_set_object (&self->session, session);
  self->candidate_id = candidate_id;
  show_error (self, NULL);
  answers = fl_review_get_checklist (session, candidate_id, &local_error);
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      FlReviewAnswer *answer = NULL;

      /* Answers come in table order; match by id all the same. */
      for (guint j = 0; answers != NULL && j < answers->len && answer == NULL; j++)
        if (((FlReviewAnswer *) g_ptr_array_index (answers, j))->feature == row->feature)
          answer = g_ptr_array_index (answers, j);
      row->assessment = answer ? answer->assessment : FL_ASSESSMENT_NONE;
      g_free (row->note);
      row->note = answer && answer->note && *answer->note ? g_strdup (answer->note) : NULL;
      sync_row (self, row);
    }
  update_progress (self);

  first = fl_checklist_get_first_unanswered (self);
  fl_checklist_select (self, first ? first : ((Row *) g_ptr_array_index (self->rows, 0))->feature->id);
  if (answers == NULL)
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

void
fl_checklist_set_locked (FlChecklist *self,
                         const char  *reason)
{
  g_return_if_fail (FL_IS_CHECKLIST (self));

  g_free (self->lock_reason);
  self->lock_reason = g_strdup (reason);
  gtk_label_set_text (self->lock_label, reason ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->lock_label), reason != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->keys_label), reason == NULL);
  for (guint i = 0; i < self->rows->len; i++)
    sync_row (self, g_ptr_array_index (self->rows, i));
}

gboolean
fl_checklist_get_locked (FlChecklist *self)
{
  g_return_val_if_fail (FL_IS_CHECKLIST (self), FALSE);

  return self->lock_reason != NULL;
}

guint
fl_checklist_get_n_features (FlChecklist *self)
{
  g_return_val_if_fail (FL_IS_CHECKLIST (self), 0);

  return self->rows->len;
}

guint
fl_checklist_get_n_answered (FlChecklist *self)
{
  guint n = 0;

  g_return_val_if_fail (FL_IS_CHECKLIST (self), 0);

  for (guint i = 0; i < self->rows->len; i++)
    if (((Row *) g_ptr_array_index (self->rows, i))->assessment != FL_ASSESSMENT_NONE)
      n++;
  return n;
}

guint
fl_checklist_get_n_similar (FlChecklist *self)
{
  guint n = 0;

  g_return_val_if_fail (FL_IS_CHECKLIST (self), 0);

  for (guint i = 0; i < self->rows->len; i++)
    if (((Row *) g_ptr_array_index (self->rows, i))->assessment == FL_ASSESSMENT_SIMILAR)
      n++;
  return n;
}

FlAssessment
fl_checklist_get_answer (FlChecklist *self,
                         const char  *feature_id)
{
  g_return_val_if_fail (FL_IS_CHECKLIST (self), FL_ASSESSMENT_NONE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (row->feature->id, feature_id) == 0)
        return row->assessment;
    }
  return FL_ASSESSMENT_NONE;
}

const char *
fl_checklist_get_first_unanswered (FlChecklist *self)
{
  g_return_val_if_fail (FL_IS_CHECKLIST (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (row->assessment == FL_ASSESSMENT_NONE)
        return row->feature->id;
    }
  return NULL;
}

const char *
fl_checklist_get_selected (FlChecklist *self)
{
  Row *row;

  g_return_val_if_fail (FL_IS_CHECKLIST (self), NULL);

  row = selected_row (self);
  return row ? row->feature->id : NULL;
}

gboolean
fl_checklist_select (FlChecklist *self,
                     const char  *feature_id)
{
  g_return_val_if_fail (FL_IS_CHECKLIST (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (row->feature->id, feature_id) == 0)
        {
          select_row (self, row, gtk_widget_has_focus (GTK_WIDGET (self)) ||
                                 gtk_widget_get_focus_child (GTK_WIDGET (self)) != NULL);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
fl_checklist_answer (FlChecklist   *self,
                     FlAssessment   assessment,
                     GError       **error)
{
  Row *row;

  g_return_val_if_fail (FL_IS_CHECKLIST (self), FALSE);
  g_return_val_if_fail (assessment != FL_ASSESSMENT_NONE && assessment <= FL_ASSESSMENT_LAST, FALSE);

  row = selected_row (self);
  if (row == NULL)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID, _("Select a feature first."));
      return FALSE;
    }
  return record (self, row, assessment, gtk_editable_get_text (row->note_entry), error);
}

const char *
fl_checklist_get_error (FlChecklist *self)
{
  g_return_val_if_fail (FL_IS_CHECKLIST (self), NULL);

  return self->error;
}
