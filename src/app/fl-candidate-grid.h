/* fl-candidate-grid.h: the candidates of one search, as faces to evaluate one by one (R16, R18) */
#pragma once

#include <gtk/gtk.h>

#include "fl-accounts.h"
#include "fl-candidate-item.h"
#include "fl-face-cache.h"

G_BEGIN_DECLS

#define FL_TYPE_CANDIDATE_GRID (fl_candidate_grid_get_type ())
G_DECLARE_FINAL_TYPE (FlCandidateGrid, fl_candidate_grid, FL, CANDIDATE_GRID, GtkWidget)

GtkWidget   *fl_candidate_grid_new           (FlFaceCache      *cache);

/* Lists the candidates of @search_id for @session, blind when the search was
 * run blind. FALSE with the core's error (also shown in the grid). */
gboolean     fl_candidate_grid_load          (FlCandidateGrid  *self,
                                              FlSession        *session,
                                              gint64            search_id,
                                              GError          **error);
gint64       fl_candidate_grid_get_search_id (FlCandidateGrid  *self);

/* The model the grid shows: FlCandidateItem in display order (the blind
 * shuffle, or by rank). In blind mode it is built from the core's blind list,
 * so no item holds a rank or a score. */
GListModel  *fl_candidate_grid_get_model     (FlCandidateGrid  *self);

/* Blind mode (R16). Showing rank and score of a search run blind is allowed
 * only once the examiner has concluded on every candidate (the unit's
 * "blind review by default": hidden until each candidate is compared);
 * otherwise FALSE and @error says why. */
gboolean     fl_candidate_grid_get_blind     (FlCandidateGrid  *self);
gboolean     fl_candidate_grid_set_blind     (FlCandidateGrid  *self,
                                              gboolean          blind,
                                              GError          **error);
/* Why rank and score cannot be shown now, or NULL when they can. */
const char  *fl_candidate_grid_get_blind_lock (FlCandidateGrid *self);

/* Re-reads the examiner's own conclusions (the badges). */
void         fl_candidate_grid_reload_states (FlCandidateGrid  *self);
/* Candidates with a conclusion, of all listed. */
guint        fl_candidate_grid_get_n_evaluated (FlCandidateGrid *self);

G_END_DECLS
