/* fl-enhance.h: probe enhancement as a recorded, reproducible recipe (R1, R10, R11)
 *
 * An enhanced probe is never an edit of the original: fl_enhance_save() applies the
 * whole recipe to the ORIGINAL probe of the chain (the one with no parent), stores the
 * result as a new lossless PNG in the content store and records it as a new probe whose
 * parent is the original, with an enhancements row (who, when, which matcher build) and
 * its ordered steps. The original's bytes and SHA-256 never change. Saving from an
 * enhanced probe starts from the original again, so every derived probe is one recipe
 * away from the original and fl_enhance_reproduce() can rebuild it bit for bit.
 *
 * Steps are stored as an operation id ("clahe") and a JSON object of its parameters
 * ({"clip_limit":2,"tiles":8}); the operations, their parameters and ranges are the
 * matcher's (fl-matcher.h, "Enhancement"). There is no flip and no tool that paints,
 * pastes, clones or synthesises any part of a face.
 */
#pragma once

#include <gio/gio.h>

#include "fl-accounts.h"
#include "fl-matcher.h"
#include "fl-progress.h"

G_BEGIN_DECLS

/* ---- the recipe: an ordered list of steps ---------------------------------------- */

#define FL_TYPE_RECIPE (fl_recipe_get_type ())

typedef struct _FlRecipe FlRecipe;

GType                fl_recipe_get_type      (void) G_GNUC_CONST;
FlRecipe            *fl_recipe_new           (void);
FlRecipe            *fl_recipe_copy          (const FlRecipe      *recipe);
void                 fl_recipe_free          (FlRecipe            *recipe);
guint                fl_recipe_get_n_steps   (const FlRecipe      *recipe);
/* The steps as one array (NULL when empty), valid until the recipe changes. */
const FlEnhanceStep *fl_recipe_get_steps     (const FlRecipe      *recipe);
const FlEnhanceStep *fl_recipe_get_step      (const FlRecipe      *recipe,
                                              guint                position);
/* The step is normalised (fl_enhance_step_normalize) as it is stored. */
void                 fl_recipe_append        (FlRecipe            *recipe,
                                              const FlEnhanceStep *step);
void                 fl_recipe_insert        (FlRecipe            *recipe,
                                              guint                position,
                                              const FlEnhanceStep *step);
void                 fl_recipe_replace       (FlRecipe            *recipe,
                                              guint                position,
                                              const FlEnhanceStep *step);
void                 fl_recipe_remove        (FlRecipe            *recipe,
                                              guint                position);
/* Moves the step at @from so it ends up at @to. */
void                 fl_recipe_move          (FlRecipe            *recipe,
                                              guint                from,
                                              guint                to);
gboolean             fl_recipe_equal         (const FlRecipe      *a,
                                              const FlRecipe      *b);
/* Every step within range and at most FL_ENHANCE_MAX_STEPS; an empty recipe is refused
 * with a message saying to add a step. */
gboolean             fl_recipe_validate      (const FlRecipe      *recipe,
                                              GError             **error);
/* [{"operation":"clahe","params":{"clip_limit":2,"tiles":8}}, …] */
char                *fl_recipe_to_json       (const FlRecipe      *recipe);
FlRecipe            *fl_recipe_new_from_json (const char          *json,
                                              GError             **error);

/* One step's parameters as stored: {"name":value, …} in the operation's parameter
 * order, each value with its parameter's decimals. */
char                *fl_enhance_step_params_to_json (const FlEnhanceStep *step);
/* Reads a stored step: an unknown operation (flip, paint, …) or parameter, a missing
 * parameter or a value out of range is FL_ERROR_INVALID. */
gboolean             fl_enhance_step_from_json      (const char          *operation,
                                                     const char          *params_json,
                                                     FlEnhanceStep       *out_step,
                                                     GError             **error);
/* "Unsharp mask: radius (sigma) 1.5 px, amount 1.00, threshold 0" (English, for logs
 * and tooltips; the report formats the stored JSON itself). */
char                *fl_enhance_step_describe       (const FlEnhanceStep *step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlRecipe, fl_recipe_free)

/* ---- saving and reproducing ------------------------------------------------------ */

/* The original at the root of @probe_id's chain (itself for an original), or 0 with
 * FL_ERROR_NOT_FOUND / FL_ERROR_CORRUPT (a broken chain). */
gint64     fl_enhance_get_original   (FlDb            *db,
                                      gint64           probe_id,
                                      GError         **error);

/* Applies @recipe to the original of @source_probe_id's chain and records the result as
 * a new probe of the same case; returns its id, or 0 with an error. Requires an examiner
 * with current training (R1) who may see the case; the case must not be sealed or
 * closed. @eye_points, when not NULL, are the two eye centres placed by hand (the eye on
 * the image's left first) in the ORIGINAL's pixels: they are moved with the recipe's
 * geometry and stored on the new probe (fl_probe_set_eye_points). Audited as
 * "probe.enhance" with the steps. */
gint64     fl_enhance_save           (FlSession       *examiner,
                                      gint64           source_probe_id,
                                      const FlRecipe  *recipe,
                                      const FlPoint   *eye_points,
                                      GError         **error);
/* The same with the full-resolution render in a worker thread; the checks run before
 * this returns (a refusal comes back through @callback) and the records are written in
 * the caller's thread. @progress is called in the caller's thread-default main context.
 * Cancelling stops the render between steps; nothing is saved then. */
void       fl_enhance_save_async     (FlSession       *examiner,
                                      gint64           source_probe_id,
                                      const FlRecipe  *recipe,
                                      const FlPoint   *eye_points,
                                      FlProgressFunc   progress,
                                      gpointer         progress_data,
                                      GCancellable    *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer         user_data);
gint64     fl_enhance_save_finish    (GAsyncResult    *result,
                                      GError         **error);

/* The recipe that made @derived_probe_id (an empty recipe for an original). */
FlRecipe  *fl_enhance_load_recipe    (FlDb            *db,
                                      gint64           derived_probe_id,
                                      GError         **error);

/* Re-applies the stored recipe to the original and returns the PNG bytes it gives now.
 * FALSE only when it could not be done (no such probe, original unreadable, …). */
gboolean   fl_enhance_reproduce      (FlDb            *db,
                                      gint64           derived_probe_id,
                                      GBytes         **out_png,
                                      GError         **error);
/* fl_enhance_reproduce() and a comparison with the stored derived image: TRUE when the
 * SHA-256 is the same; FL_ERROR_CORRUPT naming both hashes when not. */
gboolean   fl_enhance_verify         (FlDb            *db,
                                      gint64           derived_probe_id,
                                      GError         **error);

G_END_DECLS
