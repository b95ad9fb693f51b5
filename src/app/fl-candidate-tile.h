/* fl-candidate-tile.h: one cell of the candidate grid: face chip, subject id, state badge (R16) */
#pragma once

#include <gtk/gtk.h>

#include "fl-candidate-item.h"
#include "fl-db.h"
#include "fl-face-cache.h"

G_BEGIN_DECLS

#define FL_TYPE_CANDIDATE_TILE (fl_candidate_tile_get_type ())
G_DECLARE_FINAL_TYPE (FlCandidateTile, fl_candidate_tile, FL, CANDIDATE_TILE, GtkWidget)

GtkWidget       *fl_candidate_tile_new      (void);
/* Shows @item (NULL clears the tile); the face chip is found with @cache. */
void             fl_candidate_tile_set_item (FlCandidateTile *self,
                                             FlCandidateItem *item,
                                             FlDb            *db,
                                             FlFaceCache     *cache);
FlCandidateItem *fl_candidate_tile_get_item (FlCandidateTile *self);

/* The badge's style class for a state: "not-evaluated", "possible-lead",
 * "excluded", "inconclusive" (its words are fl_conclusion_label()). */
const char      *fl_candidate_tile_state_class (FlConclusion state);

G_END_DECLS
