/* fl-date-row.h: an entry row for a date written YYYY-MM-DD, with a calendar to pick it */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FL_TYPE_DATE_ROW (fl_date_row_get_type ())
G_DECLARE_FINAL_TYPE (FlDateRow, fl_date_row, FL, DATE_ROW, AdwEntryRow)

GtkWidget  *fl_date_row_new             (void);
/* The date typed or picked when it is a real date, else NULL (the text is in GtkEditable). */
const char *fl_date_row_get_date        (FlDateRow  *self);
void        fl_date_row_set_date        (FlDateRow  *self,
                                         const char *date);
/* Today's local date, YYYY-MM-DD. */
char       *fl_date_row_today           (void);
/* Days from today to @date (negative when past); FALSE when @date is not a date. */
gboolean    fl_date_row_days_from_today (const char *date,
                                         int        *days);

G_END_DECLS
