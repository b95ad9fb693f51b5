/* fl-case-row.c: one case in the case list (a GtkListView row, rebound as the list scrolls) */
#include <glib/gi18n.h>

#include "fl-case-row.h"
#include "fl-format.h"

struct _FlCaseRow
{
  AdwBin    parent_instance;

  char     *fr_number;

  GtkLabel *fr_label;
  GtkLabel *detail_label;
  GtkLabel *date_label;
  GtkLabel *state_label;
};

G_DEFINE_FINAL_TYPE (FlCaseRow, fl_case_row, ADW_TYPE_BIN)

static void
fl_case_row_dispose (GObject *object)
{
  /* The bin's child is a template child: let go of it before the template does. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FL_TYPE_CASE_ROW);

  G_OBJECT_CLASS (fl_case_row_parent_class)->dispose (object);
}

static void
fl_case_row_finalize (GObject *object)
{
  g_free (FL_CASE_ROW (object)->fr_number);

  G_OBJECT_CLASS (fl_case_row_parent_class)->finalize (object);
}

static void
fl_case_row_class_init (FlCaseRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fl_case_row_dispose;
  object_class->finalize = fl_case_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/FaceLeads/ui/fl-case-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FlCaseRow, fr_label);
  gtk_widget_class_bind_template_child (widget_class, FlCaseRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, FlCaseRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, FlCaseRow, state_label);
}

static void
fl_case_row_init (FlCaseRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fl_case_row_new (void)
{
  return g_object_new (FL_TYPE_CASE_ROW, NULL);
}

void
fl_case_row_set_case (FlCaseRow    *self,
                      const FlCase *kase)
{
  g_autofree char *detail = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *date = NULL;

  g_return_if_fail (FL_IS_CASE_ROW (self));

  g_free (self->fr_number);
  self->fr_number = kase != NULL ? g_strdup (kase->fr_number) : NULL;
  /* No case, or a row whose case left the filter since it was counted (id 0). */
  if (kase == NULL || kase->id == 0)
    {
      gtk_label_set_text (self->fr_label, "");
      gtk_label_set_text (self->detail_label, "");
      gtk_label_set_text (self->date_label, "");
      gtk_label_set_text (self->state_label, "");
      return;
    }

  /* Translators: the agency's case number · incident type, e.g. "24-001234 · Robbery" */
  detail = g_strdup_printf (_("%s · %s"), kase->agency_case_number ? kase->agency_case_number : "—",
                            kase->incident_type ? kase->incident_type : "—");
  opened = fl_format_time (kase->opened_at);
  /* Translators: when the case was opened, and by which agency */
  date = g_strdup_printf (_("Opened %s · %s"), opened, kase->requesting_agency ? kase->requesting_agency : "—");
  gtk_label_set_text (self->fr_label, kase->fr_number);
  gtk_label_set_text (self->detail_label, detail);
  gtk_label_set_text (self->date_label, date);
  gtk_label_set_text (self->state_label, kase->sealed ? _("Sealed") : fl_format_case_state (kase->state));
  fl_format_set_tone (GTK_WIDGET (self->state_label), kase->sealed ? "error" : fl_format_case_state_tone (kase->state));
}

const char *
fl_case_row_get_fr_number (FlCaseRow *self)
{
  g_return_val_if_fail (FL_IS_CASE_ROW (self), NULL);
  return self->fr_number;
}
