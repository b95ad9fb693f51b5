/* fl-subject-tile.h: a gallery subject in the grid: face thumbnail, name and record id */
#pragma once

#include <gtk/gtk.h>

#include "fl-subject-item.h"

G_BEGIN_DECLS

/* The side of the square thumbnail, in pixels. */
#define FL_SUBJECT_TILE_SIZE 128

#define FL_TYPE_SUBJECT_TILE (fl_subject_tile_get_type ())
G_DECLARE_FINAL_TYPE (FlSubjectTile, fl_subject_tile, FL, SUBJECT_TILE, GtkWidget)

GtkWidget     *fl_subject_tile_new      (void);
/* Shows @item (NULL to clear) and follows its thumbnail as it loads. */
void           fl_subject_tile_set_item (FlSubjectTile *self,
                                         FlSubjectItem *item);
FlSubjectItem *fl_subject_tile_get_item (FlSubjectTile *self);

G_END_DECLS
