/* fl-case-row.h: one case in the case list: FR number, agency case number, incident, date, state */
#pragma once

#include <adwaita.h>

#include "fl-case.h"

G_BEGIN_DECLS

#define FL_TYPE_CASE_ROW (fl_case_row_get_type ())
G_DECLARE_FINAL_TYPE (FlCaseRow, fl_case_row, FL, CASE_ROW, AdwBin)

GtkWidget  *fl_case_row_new             (void);
/* Shows @kase (copied), or nothing for NULL. */
void        fl_case_row_set_case        (FlCaseRow    *self,
                                         const FlCase *kase);
const char *fl_case_row_get_fr_number   (FlCaseRow    *self);

G_END_DECLS
