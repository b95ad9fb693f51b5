/* fl-request-list.h: a list of search requests: the requester's own, or the examiner's intake queue */
#pragma once

#include <adwaita.h>

#include "fl-request-row.h"

G_BEGIN_DECLS

#define FL_TYPE_REQUEST_LIST (fl_request_list_get_type ())
G_DECLARE_FINAL_TYPE (FlRequestList, fl_request_list, FL, REQUEST_LIST, AdwBin)

typedef enum
{
  FL_REQUEST_LIST_MINE,   /* the requests the signed-in person submitted, newest first */
  FL_REQUEST_LIST_QUEUE,  /* submitted requests waiting for triage, oldest first (examiners) */
} FlRequestListMode;

GtkWidget         *fl_request_list_new         (FlSession         *session,
                                                FlRequestListMode  mode);
FlRequestListMode  fl_request_list_get_mode    (FlRequestList     *self);
/* Reads the requests again from the core. */
void               fl_request_list_reload      (FlRequestList     *self);
guint              fl_request_list_get_n_rows  (FlRequestList     *self);
FlRequestRow      *fl_request_list_get_row     (FlRequestList     *self,
                                                guint              index);
FlRequestRow      *fl_request_list_find_row    (FlRequestList     *self,
                                                gint64             request_id);

G_END_DECLS
