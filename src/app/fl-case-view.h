/* fl-case-view.h: one case file: header, probes and timeline
 *
 * Hook for the later parts of the case (search, enhancement, review,
 * report): they add their buttons to the header with
 * fl_case_view_add_action() and follow the case shown through the
 * "case-id" property (notified on every load, also when the same case is
 * reloaded) and fl_case_view_get_case(). The view adds only "Print Request
 * Form" itself.
 */
#pragma once

#include <adwaita.h>

#include "fl-case.h"

G_BEGIN_DECLS

#define FL_TYPE_CASE_VIEW (fl_case_view_get_type ())
G_DECLARE_FINAL_TYPE (FlCaseView, fl_case_view, FL, CASE_VIEW, AdwBin)

GtkWidget    *fl_case_view_new            (FlSession   *session);
void          fl_case_view_set_session    (FlCaseView  *self,
                                           FlSession   *session);
/* Reads the case, its probes and its timeline through the core (which
 * refuses, and audits, a requester opening someone else's case). */
gboolean      fl_case_view_show_case      (FlCaseView  *self,
                                           gint64       case_id,
                                           GError     **error);
/* Reads the shown case again (e.g. after another part moved it on). */
void          fl_case_view_reload         (FlCaseView  *self);
gint64        fl_case_view_get_case_id    (FlCaseView  *self);
/* The case header shown, or NULL. */
const FlCase *fl_case_view_get_case       (FlCaseView  *self);
guint         fl_case_view_get_n_timeline_rows (FlCaseView *self);
guint         fl_case_view_get_n_probes   (FlCaseView  *self);

/* Appends @widget (a button, usually) to the header's row of actions. */
void          fl_case_view_add_action     (FlCaseView  *self,
                                           GtkWidget   *widget);

/* Writes the request form of the shown case (@filled) or a blank one to
 * @path: what "Print Request Form" and its menu do before opening or saving. */
gboolean      fl_case_view_export_form    (FlCaseView  *self,
                                           gboolean     filled,
                                           const char  *path,
                                           GError     **error);

G_END_DECLS
