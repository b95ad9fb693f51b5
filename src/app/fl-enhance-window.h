/* fl-enhance-window.h: enhance a probe with a recorded recipe, judge its suitability
 * (R1, R10, R11)
 *
 * Opened on any probe of a case (from the case view: fl_enhance_window_new() with the
 * signed-in session and the probe's id, then gtk_window_set_transient_for and present).
 * On an enhanced probe it shows that probe's recipe, applied to the original, ready to
 * be changed: saving always renders from the original and adds a new probe.
 * "probe-saved" (gint64 probe id) is emitted when a new probe was saved, so the case
 * view can list it.
 */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"
#include "fl-image-view.h"
#include "fl-recipe-list.h"

G_BEGIN_DECLS

#define FL_TYPE_ENHANCE_WINDOW (fl_enhance_window_get_type ())
G_DECLARE_FINAL_TYPE (FlEnhanceWindow, fl_enhance_window, FL, ENHANCE_WINDOW, AdwWindow)

GtkWidget    *fl_enhance_window_new              (FlSession       *session,
                                                  gint64           probe_id);
/* TRUE while the original loads, faces are detected, a preview renders (or waits to),
 * the quality figures are measured or a save runs. */
gboolean      fl_enhance_window_is_busy          (FlEnhanceWindow *self);
/* TRUE while a preview renders or waits to (the figures may still be measured). */
gboolean      fl_enhance_window_is_rendering     (FlEnhanceWindow *self);
FlImageView  *fl_enhance_window_get_view         (FlEnhanceWindow *self);
FlRecipeList *fl_enhance_window_get_recipe_list  (FlEnhanceWindow *self);
/* The probe the last save made, or 0. */
gint64        fl_enhance_window_get_saved_probe  (FlEnhanceWindow *self);

G_END_DECLS
