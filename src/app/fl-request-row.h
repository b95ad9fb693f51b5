/* fl-request-row.h: one search request in a list: its state and, unfolded, every answer */
#pragma once

#include <adwaita.h>

#include "fl-request.h"

G_BEGIN_DECLS

#define FL_TYPE_REQUEST_ROW (fl_request_row_get_type ())
G_DECLARE_FINAL_TYPE (FlRequestRow, fl_request_row, FL, REQUEST_ROW, GtkListBoxRow)

/* With @triage the row has Accept and Return buttons (an examiner's queue). */
GtkWidget      *fl_request_row_new          (FlSession       *session,
                                             const FlRequest *request,
                                             gboolean         triage);
gint64          fl_request_row_get_request_id (FlRequestRow  *self);
FlRequestState  fl_request_row_get_state    (FlRequestRow    *self);
/* The state as shown, e.g. "Refused", "Accepted: FR-2026-000001". */
const char     *fl_request_row_get_state_text (FlRequestRow  *self);
/* Unfolds the row, reading the full request (images included) the first time. */
void            fl_request_row_set_expanded (FlRequestRow    *self,
                                             gboolean         expanded);
gboolean        fl_request_row_get_expanded (FlRequestRow    *self);

G_END_DECLS
