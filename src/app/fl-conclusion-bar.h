/* fl-conclusion-bar.h: the examiner's conclusion on one candidate, in the fixed vocabulary (R15–R18)
 *
 * Possible investigative lead, excluded or inconclusive, with a note; never
 * any other word. The Record button stays insensitive, with the reason shown
 * beside it, until the ORIGINAL probe has been shown beside the candidate
 * and, for a possible lead, the checklist is complete with at least one
 * feature similar. The core decides in the end: its refusals appear in the
 * bar. For the first examiner a possible lead then reads "Sent to peer
 * review", with a way to record why a second review is not practicable; for
 * a second examiner the conclusion goes to fl_peer_review_record().
 */
#pragma once

#include <gtk/gtk.h>

#include "fl-checklist.h"
#include "fl-review.h"

G_BEGIN_DECLS

#define FL_TYPE_CONCLUSION_BAR (fl_conclusion_bar_get_type ())
G_DECLARE_FINAL_TYPE (FlConclusionBar, fl_conclusion_bar, FL, CONCLUSION_BAR, GtkWidget)

GtkWidget    *fl_conclusion_bar_new                 (void);

/* The candidate to conclude on, for @session; with @peer_review_id > 0 as
 * that peer review's second examiner. Reads the examiner's own conclusion
 * and the candidate's peer review. @checklist is the session's checklist of
 * the same candidate (the bar follows its answers). */
gboolean      fl_conclusion_bar_load                (FlConclusionBar  *self,
                                                     FlSession        *session,
                                                     gint64            candidate_id,
                                                     gint64            peer_review_id,
                                                     FlChecklist      *checklist,
                                                     GError          **error);
/* The comparison view tells the bar when the original probe was shown
 * beside the candidate (and fl_review_mark_viewed() accepted it). */
void          fl_conclusion_bar_set_original_viewed (FlConclusionBar  *self,
                                                     gboolean          viewed);

void          fl_conclusion_bar_select              (FlConclusionBar  *self,
                                                     FlConclusion      conclusion);
FlConclusion  fl_conclusion_bar_get_selected        (FlConclusionBar  *self);
void          fl_conclusion_bar_set_note            (FlConclusionBar  *self,
                                                     const char       *note);
/* What the Record button does; FALSE with the refusal (also shown). */
gboolean      fl_conclusion_bar_record              (FlConclusionBar  *self,
                                                     GError          **error);

/* Why Record is insensitive now, or NULL when it is not. */
const char   *fl_conclusion_bar_get_blocked_reason  (FlConclusionBar  *self);
/* Set while the examiner's conclusion is locked (sent to peer review, agreed,
 * or recorded as a second examiner): why, else NULL. */
const char   *fl_conclusion_bar_get_lock_reason     (FlConclusionBar  *self);
/* The status line ("Sent to peer review", …). */
const char   *fl_conclusion_bar_get_status          (FlConclusionBar  *self);
/* The last refusal shown, or NULL. */
const char   *fl_conclusion_bar_get_error           (FlConclusionBar  *self);
/* Opens the "Second review not practicable" dialog (first examiner, pending review only). */
GtkWidget    *fl_conclusion_bar_open_not_practicable (FlConclusionBar *self);

G_END_DECLS
