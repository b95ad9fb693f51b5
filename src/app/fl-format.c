/* fl-format.c: how the application writes times and marks states */
#include <glib/gi18n.h>

#include "fl-format.h"

/* The core's labels (fl_case_state_label), marked here for translation. */
static const char * const case_state_labels[] = {
  [FL_CASE_STATE_ANY] = N_("Any state"),
  [FL_CASE_INTAKE] = N_("Intake"),
  [FL_CASE_SEARCHING] = N_("Searching"),
  [FL_CASE_REVIEW] = N_("Review"),
  [FL_CASE_PEER_REVIEW] = N_("Peer review"),
  [FL_CASE_REPORTED] = N_("Reported"),
  [FL_CASE_NO_MATCH] = N_("No match"),
  [FL_CASE_CLOSED] = N_("Closed"),
};

char *
fl_format_time (const char *iso8601)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL)
    return g_strdup ("—");
  utc = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (utc == NULL)
    return g_strdup (iso8601);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

void
fl_format_set_tone (GtkWidget  *widget,
                    const char *tone)
{
  static const char * const tones[] = { "accent", "success", "warning", "error", "dim-label" };

  g_return_if_fail (GTK_IS_WIDGET (widget));

  for (guint i = 0; i < G_N_ELEMENTS (tones); i++)
    gtk_widget_remove_css_class (widget, tones[i]);
  if (tone != NULL)
    gtk_widget_add_css_class (widget, tone);
}

const char *
fl_format_case_state (FlCaseState state)
{
  g_return_val_if_fail (state <= FL_CASE_STATE_LAST, NULL);
  return _(case_state_labels[state]);
}

const char *
fl_format_case_state_tone (FlCaseState state)
{
  switch (state)
    {
    case FL_CASE_INTAKE:
    case FL_CASE_SEARCHING:
    case FL_CASE_REVIEW:
    case FL_CASE_PEER_REVIEW:
      return "accent";     /* being worked */
    case FL_CASE_REPORTED:
      return "success";
    case FL_CASE_NO_MATCH:
      return "warning";
    case FL_CASE_CLOSED:
    case FL_CASE_STATE_ANY:
    default:
      return "dim-label";
    }
}
