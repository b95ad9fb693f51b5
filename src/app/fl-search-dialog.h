/* fl-search-dialog.h: New Search: case, probe (and face), galleries, list size, justification (R1, R11, R13, R14)
 *
 * Lists the examiner's own cases that can be searched (intake, searching,
 * review), the chosen case's original probes and their enhanced versions
 * with thumbnails and suitability, the faces found in the chosen probe when
 * there are several, the galleries with their provenance, the candidate
 * list size (the unit's setting by default), blind review (as the unit
 * allows) and the justification. A probe not judged yet can be judged right
 * here (fl_probe_judge()). Run searches with fl_search_run_async() and shows
 * its progress; a refusal of the core is shown word for word.
 */
#pragma once

#include <adwaita.h>

#include "fl-accounts.h"

G_BEGIN_DECLS

#define FL_TYPE_SEARCH_DIALOG (fl_search_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FlSearchDialog, fl_search_dialog, FL, SEARCH_DIALOG, AdwWindow)

/* Emits "searched" (gint64 search id) when a search finished. */
GtkWidget  *fl_search_dialog_new               (GtkWindow      *parent,
                                                FlSession      *session);

/* Programmatic equivalents of the controls (also used by the tests). */
gboolean    fl_search_dialog_select_case       (FlSearchDialog *self,
                                                gint64          case_id);
gboolean    fl_search_dialog_select_probe      (FlSearchDialog *self,
                                                gint64          probe_id);
/* Chooses face @index (0 = largest) of a probe showing several. */
gboolean    fl_search_dialog_select_face       (FlSearchDialog *self,
                                                int             index);
void        fl_search_dialog_set_k             (FlSearchDialog *self,
                                                guint           k);
void        fl_search_dialog_set_justification (FlSearchDialog *self,
                                                const char     *text);
/* The judgement controls: records @suitable (and @reason) for the selected probe. */
gboolean    fl_search_dialog_judge             (FlSearchDialog *self,
                                                gboolean        suitable,
                                                const char     *reason);
/* What Run Search does. */
void        fl_search_dialog_run               (FlSearchDialog *self);

/* Faces found in the selected probe; -1 while not known (being found, or eye points placed by hand). */
int         fl_search_dialog_get_n_faces       (FlSearchDialog *self);
gboolean    fl_search_dialog_is_running        (FlSearchDialog *self);
double      fl_search_dialog_get_progress      (FlSearchDialog *self);
/* The search that finished, or 0. */
gint64      fl_search_dialog_get_search_id     (FlSearchDialog *self);
/* The refusal or failure shown, or NULL. */
const char *fl_search_dialog_get_error         (FlSearchDialog *self);

G_END_DECLS
