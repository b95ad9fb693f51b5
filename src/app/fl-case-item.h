/* fl-case-item.h: one case header as a GObject, for list models */
#pragma once

#include <glib-object.h>

#include "fl-case.h"

G_BEGIN_DECLS

#define FL_TYPE_CASE_ITEM (fl_case_item_get_type ())
G_DECLARE_FINAL_TYPE (FlCaseItem, fl_case_item, FL, CASE_ITEM, GObject)

/* Takes @kase. */
FlCaseItem   *fl_case_item_new      (FlCase     *kase);
const FlCase *fl_case_item_get_case (FlCaseItem *self);
gint64        fl_case_item_get_id   (FlCaseItem *self);

G_END_DECLS
