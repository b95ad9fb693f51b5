/* fl-date-row.c: an entry row for a date written YYYY-MM-DD, with a calendar to pick it
 *
 * Dates are typed the way the core stores them (ISO 8601, unambiguous in any
 * locale); the calendar button beside the text is a shortcut to the same.
 */
#include <glib/gi18n.h>
#include <string.h>

#include "fl-date-row.h"

struct _FlDateRow
{
  AdwEntryRow  parent_instance;

  GtkPopover  *popover;
  GtkCalendar *calendar;
  char        *date;      /* the valid date shown, or NULL */
};

G_DEFINE_FINAL_TYPE (FlDateRow, fl_date_row, ADW_TYPE_ENTRY_ROW)

static gboolean
parse_date (const char *text,
            GDate      *out)
{
  int y, m, d;
  char tail;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;
  if (out != NULL)
    g_date_set_dmy (out, d, m, y);
  return TRUE;
}

char *
fl_date_row_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

gboolean
fl_date_row_days_from_today (const char *date,
                         int        *days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate then, today;

  if (!parse_date (date, &then))
    return FALSE;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  *days = g_date_days_between (&today, &then);
  return TRUE;
}

static void
text_changed_cb (FlDateRow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));

  g_clear_pointer (&self->date, g_free);
  if (parse_date (text, NULL))
    self->date = g_steal_pointer (&text);
}

static void
day_selected_cb (FlDateRow *self)
{
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = g_date_time_format (picked, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self), text);
  gtk_popover_popdown (self->popover);
}

/* The calendar opens on the date typed, or today. */
static void
popover_show_cb (FlDateRow *self)
{
  GDate date;
  g_autoptr(GDateTime) shown = NULL;

  g_date_clear (&date, 1);
  if (self->date != NULL && parse_date (self->date, &date))
    shown = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                                   12, 0, 0);
  else
    shown = g_date_time_new_now_local ();
  g_signal_handlers_block_by_func (self->calendar, day_selected_cb, self);
  gtk_calendar_select_day (self->calendar, shown);
  g_signal_handlers_unblock_by_func (self->calendar, day_selected_cb, self);
}

static void
fl_date_row_finalize (GObject *object)
{
  FlDateRow *self = FL_DATE_ROW (object);

  g_free (self->date);

  G_OBJECT_CLASS (fl_date_row_parent_class)->finalize (object);
}

static void
fl_date_row_class_init (FlDateRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fl_date_row_finalize;
}

static void
fl_date_row_init (FlDateRow *self)
{
  GtkWidget *button = gtk_menu_button_new ();

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, GTK_WIDGET (self->calendar));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), GTK_WIDGET (self->popover));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Pick a date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pick a date"), -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), button);

  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (day_selected_cb), self);
  g_signal_connect_swapped (self->popover, "show", G_CALLBACK (popover_show_cb), self);
  g_signal_connect (self, "changed", G_CALLBACK (text_changed_cb), NULL);
}

GtkWidget *
fl_date_row_new (void)
{
  return g_object_new (FL_TYPE_DATE_ROW, NULL);
}

const char *
fl_date_row_get_date (FlDateRow *self)
{
  g_return_val_if_fail (FL_IS_DATE_ROW (self), NULL);

  return self->date;
}

void
fl_date_row_set_date (FlDateRow  *self,
                      const char *date)
{
  g_return_if_fail (FL_IS_DATE_ROW (self));

  gtk_editable_set_text (GTK_EDITABLE (self), date ? date : "");
}
