/* fl-index.h: exact 1:N search over face templates held in memory
 *
 * Every template of the chosen galleries is scored (cosine = dot product of
 * L2-normalised 128-D templates) and the K best are returned, identical to a
 * plain float32 scan (see fl_index_search_exact_scalar()).
 *
 * Locking: an FlIndex carries its own GRWLock. Searches take it for reading
 * and may run concurrently from any number of threads; add, remove, reserve
 * and sealing take it for writing and wait for running searches to finish.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FL_INDEX_DIM        128
#define FL_INDEX_DEFAULT_K  50
#define FL_INDEX_MAX_K      10000
/* A template or query whose L2 norm is further than this from 1 is refused. */
#define FL_INDEX_NORM_TOLERANCE 1e-3

typedef struct _FlIndex FlIndex;

typedef struct
{
  gint64 id;          /* gallery image (template) id */
  gint64 subject_id;
  gint64 gallery_id;
  float  score;       /* cosine similarity, float32 as computed by the exact scan */
} FlIndexHit;

typedef struct
{
  guint64 n_scanned;   /* entries of the chosen galleries, not sealed */
  guint64 n_reranked;  /* entries whose float32 score was computed */
} FlIndexSearchStats;

FlIndex  *fl_index_new                 (void);
FlIndex  *fl_index_ref                 (FlIndex       *self);
void      fl_index_unref               (FlIndex       *self);

gboolean  fl_index_reserve             (FlIndex       *self,
                                        gsize          n_templates,
                                        GError       **error);
gboolean  fl_index_add                 (FlIndex       *self,
                                        gint64         id,
                                        gint64         subject_id,
                                        gint64         gallery_id,
                                        const float   *template_128,
                                        GError       **error);
gboolean  fl_index_remove              (FlIndex       *self,
                                        gint64         id,
                                        GError       **error);
gboolean  fl_index_contains            (FlIndex       *self,
                                        gint64         id);
gsize     fl_index_get_size            (FlIndex       *self);

guint     fl_index_set_subject_sealed  (FlIndex       *self,
                                        gint64         subject_id,
                                        gboolean       sealed);
gboolean  fl_index_is_subject_sealed   (FlIndex       *self,
                                        gint64         subject_id);

gboolean  fl_index_search              (FlIndex       *self,
                                        const float   *query_128,
                                        guint          k,
                                        const gint64  *gallery_ids,
                                        guint          n_gallery_ids,
                                        GArray       **out_hits,
                                        GError       **error);
gboolean  fl_index_search_with_stats   (FlIndex       *self,
                                        const float   *query_128,
                                        guint          k,
                                        const gint64  *gallery_ids,
                                        guint          n_gallery_ids,
                                        GArray       **out_hits,
                                        FlIndexSearchStats *stats,
                                        GError       **error);
gboolean  fl_index_search_exact_scalar (FlIndex       *self,
                                        const float   *query_128,
                                        guint          k,
                                        const gint64  *gallery_ids,
                                        guint          n_gallery_ids,
                                        GArray       **out_hits,
                                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlIndex, fl_index_unref)

G_END_DECLS
