/* fl-format.c: how the application writes times and marks states */
#include "fl-format.h"

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
