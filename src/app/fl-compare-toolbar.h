/* fl-compare-toolbar.h: the controls of an FlCompareView
 *
 * Mode (side by side, blend, wipe, flicker), the blend opacity and flicker
 * rate, the feature overlays, mirrored halves, landmark editing and the
 * zoom (out, in, fit, 100 %, the current zoom). Every control is bound to
 * the view's properties or calls its actions; set "view" to attach it.
 */
#pragma once

#include <gtk/gtk.h>

#include "fl-compare-view.h"

G_BEGIN_DECLS

#define FL_TYPE_COMPARE_TOOLBAR (fl_compare_toolbar_get_type ())
G_DECLARE_FINAL_TYPE (FlCompareToolbar, fl_compare_toolbar, FL, COMPARE_TOOLBAR, GtkWidget)

GtkWidget     *fl_compare_toolbar_new      (FlCompareView    *view);
FlCompareView *fl_compare_toolbar_get_view (FlCompareToolbar *self);
void           fl_compare_toolbar_set_view (FlCompareToolbar *self,
                                            FlCompareView    *view);

G_END_DECLS
