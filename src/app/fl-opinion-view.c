/* fl-opinion-view.c: one examiner's recorded opinion on a candidate
 *
 * Read-only. Used side by side in the peer review once the second examiner
 * has recorded their own opinion (before that the core does not hand out the
 * first one, R17).
 */
#include <adwaita.h>
#include <glib/gi18n.h>

#include "fl-candidate-tile.h"
#include "fl-format.h"
#include "fl-opinion-view.h"

struct _FlOpinionView
{
  GtkWidget     parent_instance;

  FlConclusion  conclusion;

  GtkWidget    *box;
  GtkLabel     *title_label;
  GtkLabel     *examiner_label;
  GtkLabel     *conclusion_label;
  GtkLabel     *note_label;
  GtkListBox   *answers_list;
};

G_DEFINE_FINAL_TYPE (FlOpinionView, fl_opinion_view, GTK_TYPE_WIDGET)

static GtkWidget *
answer_row (const FlReviewAnswer *answer,
            gboolean              differs)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (fl_assessment_label (answer->assessment));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fl_review_feature_label (answer->feature));
  if (answer->note != NULL && *answer->note != '\0')
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), answer->note);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  if (answer->assessment == FL_ASSESSMENT_SIMILAR)
    gtk_widget_add_css_class (value, "accent");
  else if (answer->assessment == FL_ASSESSMENT_NONE)
    gtk_widget_add_css_class (value, "dim-label");
  if (differs)
    {
      /* Translators: marks a feature the two examiners answered differently */
      GtkWidget *mark = gtk_label_new (_("differs"));

      gtk_widget_add_css_class (mark, "caption-heading");
      fl_format_set_tone (mark, "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  return row;
}

static void
fl_opinion_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_OPINION_VIEW);

  G_OBJECT_CLASS (fl_opinion_view_parent_class)->dispose (object);
}

static void
fl_opinion_view_class_init (FlOpinionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_opinion_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-opinion-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FlOpinionView, box);
  gtk_widget_class_bind_template_child (widget_class, FlOpinionView, title_label);
  gtk_widget_class_bind_template_child (widget_class, FlOpinionView, examiner_label);
  gtk_widget_class_bind_template_child (widget_class, FlOpinionView, conclusion_label);
  gtk_widget_class_bind_template_child (widget_class, FlOpinionView, note_label);
  gtk_widget_class_bind_template_child (widget_class, FlOpinionView, answers_list);
}

static void
fl_opinion_view_init (FlOpinionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_opinion_view_new (void)
{
  return g_object_new (FL_TYPE_OPINION_VIEW, NULL);
}

static FlAssessment
answer_in (const FlReviewOpinion *opinion,
           const FlReviewFeature *feature)
{
  for (guint i = 0; opinion != NULL && opinion->checklist != NULL && i < opinion->checklist->len; i++)
    {
      const FlReviewAnswer *answer = g_ptr_array_index (opinion->checklist, i);

      if (answer->feature == feature)
        return answer->assessment;
    }
  return FL_ASSESSMENT_NONE;
}

void
fl_opinion_view_set_opinion (FlOpinionView         *self,
                             const char            *title,
                             const FlReviewOpinion *opinion,
                             const FlReviewOpinion *other)
{
  g_autofree char *when = NULL;
  g_autofree char *who = NULL;
  GtkWidget *child;

  g_return_if_fail (FL_IS_OPINION_VIEW (self));
  g_return_if_fail (opinion != NULL);

  self->conclusion = opinion->conclusion;
  gtk_label_set_text (self->title_label, title);
  when = fl_format_time (opinion->recorded_at);
  /* Translators: who recorded an opinion and when, e.g. "Ella Examiner · 2026-03-14 14:02" */
  who = g_strdup_printf (_("%s · %s"), opinion->examiner_name ? opinion->examiner_name : "—", when);
  gtk_label_set_text (self->examiner_label, who);

  for (guint i = 0; i <= FL_CONCLUSION_LAST; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->conclusion_label), fl_candidate_tile_state_class (i));
  gtk_widget_add_css_class (GTK_WIDGET (self->conclusion_label), fl_candidate_tile_state_class (opinion->conclusion));
  gtk_label_set_text (self->conclusion_label, fl_conclusion_label (opinion->conclusion));
  gtk_label_set_text (self->note_label, opinion->note && *opinion->note ? opinion->note : _("No note."));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->answers_list))) != NULL)
    gtk_list_box_remove (self->answers_list, child);
  for (guint i = 0; opinion->checklist != NULL && i < opinion->checklist->len; i++)
    {
      const FlReviewAnswer *answer = g_ptr_array_index (opinion->checklist, i);

      gtk_list_box_append (self->answers_list,
                           answer_row (answer, other != NULL && answer_in (other, answer->feature) != answer->assessment));
    }
}

FlConclusion
fl_opinion_view_get_conclusion (FlOpinionView *self)
{
  g_return_val_if_fail (FL_IS_OPINION_VIEW (self), FL_CONCLUSION_NONE);

  return self->conclusion;
}
