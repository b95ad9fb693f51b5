/* fl-checklist.h: the examiner's feature-by-feature comparison of one candidate (R15)
 *
 * One row per feature of fl_review_features(), answered similar, dissimilar
 * or not assessable, with a note; every answer is saved through
 * fl_review_record_feature() at once. Keyboard: S / D / N (or 1 / 2 / 3)
 * answer the selected feature and move on to the next one, Up / Down move
 * between features, Alt + the feature's letter jumps to it, Enter edits the
 * note of the selected feature (Enter or Escape leaves it, saving it).
 */
#pragma once

#include <gtk/gtk.h>

#include "fl-review.h"

G_BEGIN_DECLS

#define FL_TYPE_CHECKLIST (fl_checklist_get_type ())
G_DECLARE_FINAL_TYPE (FlChecklist, fl_checklist, FL, CHECKLIST, GtkWidget)

GtkWidget    *fl_checklist_new            (void);

/* Shows @session's own answers on @candidate_id. */
gboolean      fl_checklist_load           (FlChecklist   *self,
                                           FlSession     *session,
                                           gint64         candidate_id,
                                           GError       **error);
/* Locks the answers (e.g. once the conclusion went to peer review); @reason
 * is shown above the rows. */
void          fl_checklist_set_locked     (FlChecklist   *self,
                                           const char    *reason);
gboolean      fl_checklist_get_locked     (FlChecklist   *self);

guint         fl_checklist_get_n_features (FlChecklist   *self);
guint         fl_checklist_get_n_answered (FlChecklist   *self);
guint         fl_checklist_get_n_similar  (FlChecklist   *self);
FlAssessment  fl_checklist_get_answer     (FlChecklist   *self,
                                           const char    *feature_id);
/* Names the first feature not answered yet, or NULL when complete. */
const char   *fl_checklist_get_first_unanswered (FlChecklist *self);

/* The selected feature's id. */
const char   *fl_checklist_get_selected   (FlChecklist   *self);
gboolean      fl_checklist_select         (FlChecklist   *self,
                                           const char    *feature_id);
/* Answers the selected feature (what the S / D / N keys do). FALSE with the
 * core's refusal, which the checklist also shows. */
gboolean      fl_checklist_answer         (FlChecklist   *self,
                                           FlAssessment   assessment,
                                           GError       **error);
/* The last refusal shown, or NULL. */
const char   *fl_checklist_get_error      (FlChecklist   *self);

G_END_DECLS
