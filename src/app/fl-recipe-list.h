/* fl-recipe-list.h: the steps of an enhancement recipe, in order, each editable
 *
 * One row per step: its number and operation, its parameters as spin buttons (within
 * the matcher's ranges, rounded to the stored decimals), and buttons to move it up or
 * down or remove it. A level-eyes step shows its recorded angle and eyes, which are
 * not edited by hand (add the step again to re-level). "changed" is emitted after
 * every edit.
 */
#pragma once

#include <adwaita.h>

#include "fl-enhance.h"

G_BEGIN_DECLS

#define FL_TYPE_RECIPE_LIST (fl_recipe_list_get_type ())
G_DECLARE_FINAL_TYPE (FlRecipeList, fl_recipe_list, FL, RECIPE_LIST, GtkWidget)

GtkWidget      *fl_recipe_list_new        (void);
void            fl_recipe_list_set_recipe (FlRecipeList        *self,
                                           const FlRecipe      *recipe);
const FlRecipe *fl_recipe_list_get_recipe (FlRecipeList        *self);
/* Appends @step and opens its row. */
void            fl_recipe_list_append     (FlRecipeList        *self,
                                           const FlEnhanceStep *step);
/* The spin button of parameter @param of the step at @position, or NULL. */
GtkSpinButton  *fl_recipe_list_get_spin   (FlRecipeList        *self,
                                           guint                position,
                                           guint                param);

G_END_DECLS
