/* fl-case-list-model.h: the cases a person may see, as a GListModel that reads
 * pages from the core only for the rows on screen */
#pragma once

#include <gio/gio.h>

#include "fl-case-item.h"

G_BEGIN_DECLS

#define FL_CASE_LIST_PAGE_SIZE 200

#define FL_TYPE_CASE_LIST_MODEL (fl_case_list_model_get_type ())
G_DECLARE_FINAL_TYPE (FlCaseListModel, fl_case_list_model, FL, CASE_LIST_MODEL, GObject)

FlCaseListModel *fl_case_list_model_new        (FlSession       *session);
/* Filters as in FlCaseFilter: NULL or "" for none. Re-counts and empties the cache. */
void             fl_case_list_model_set_filter (FlCaseListModel *self,
                                                const char      *search,
                                                FlCaseState      state,
                                                const char      *opened_from,
                                                const char      *opened_to);
/* Counts again and forgets the cached pages (e.g. after a case was opened). */
void             fl_case_list_model_reload     (FlCaseListModel *self);
/* The core's message when counting or reading a page failed, else NULL. */
const char      *fl_case_list_model_get_error  (FlCaseListModel *self);
/* Pages read and counts made since the model was made, and the time they took. */
void             fl_case_list_model_get_stats  (FlCaseListModel *self,
                                                guint           *out_pages,
                                                guint           *out_counts,
                                                double          *out_ms);

G_END_DECLS
