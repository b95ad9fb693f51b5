/* fl-opinion-view.h: one examiner's recorded opinion on a candidate: conclusion, note, checklist (R17) */
#pragma once

#include <gtk/gtk.h>

#include "fl-review.h"

G_BEGIN_DECLS

#define FL_TYPE_OPINION_VIEW (fl_opinion_view_get_type ())
G_DECLARE_FINAL_TYPE (FlOpinionView, fl_opinion_view, FL, OPINION_VIEW, GtkWidget)

GtkWidget  *fl_opinion_view_new         (void);
/* Shows @opinion under @title ("First examiner", "Your opinion"); features
 * answered differently in @other (may be NULL) are marked. */
void        fl_opinion_view_set_opinion (FlOpinionView         *self,
                                         const char            *title,
                                         const FlReviewOpinion *opinion,
                                         const FlReviewOpinion *other);
/* The conclusion shown (for tests and screen readers). */
FlConclusion fl_opinion_view_get_conclusion (FlOpinionView *self);

G_END_DECLS
