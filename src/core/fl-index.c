/* fl-index.c: exact top-K search over L2-normalised 128-D face templates
 *
 * Layout. Templates live in one page-aligned float32 array (n × 128, the
 * exact values) and in a compact int8 copy (n × 128, one scale per template)
 * that a first pass scans at a quarter of the memory traffic. Per-entry
 * columns hold the ids, the gallery slot and the sealed flag. Arrays grow
 * with mremap() on Linux, so growing never holds two copies of the index.
 *
 * Search = int8 first pass over every entry of the chosen galleries, then an
 * exact float32 re-rank of a shortlist that provably contains the true top K.
 * The scan is split over a persistent thread pool; each part keeps O(K)
 * memory: candidates are re-ranked in batches whenever their buffer fills, so
 * even a gallery of identical templates needs no O(n) allocation per query.
 *
 * Why the shortlist is exact. For an entry x and the query y (float32):
 *   x̂ = s·q  (q int8, s = max|x_i|/127),  e = x̂ − x,  ‖e‖ ≤ E_x (measured at insertion)
 *   ŷ = t·r  (r int16, t = max|y_i|/32767), f = ŷ − y,  ‖f‖ ≤ F  (measured per query)
 *   x̂·ŷ − x·y = e·ŷ + x·f, so by Cauchy–Schwarz |x̂·ŷ − x·y| ≤ E_x (‖y‖ + F) + ‖x‖ F.
 *   The first pass computes x̂·ŷ as an exact int32 sum times s·t: three float
 *   roundings, ≤ 2⁻²² |x̂·ŷ|. The float32 scan differs from x·y by ≤ γ₁₂₈ ‖x‖‖y‖
 *   (sequential sum, Higham; γ₁₂₈ = 128u/(1 − 128u), u = 2⁻²⁴). Adding these,
 *   with ‖x‖ bounded by the largest norm ever added, plus 1e-6 for the float
 *   roundings of ε and a ± ε, gives ε_x = E_x·α + β (α, β fixed per query) with
 *   |approx_x − exact_x| ≤ ε_x for every entry.
 * Let L be any value such that K entries are known to score ≥ L exactly (the
 * K-th largest approx − ε, or the K-th largest exact score already computed).
 * An entry with approx + ε < L scores < L ≤ the K-th best exact score, so it
 * cannot be in the top K whatever the tie order; every other entry is scored
 * exactly. The K best of those by (score desc, id asc) are the exact answer.
 */
#define _GNU_SOURCE

#include "fl-index.h"
#include "fl-error.h"

#include <math.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#ifdef __FAST_MATH__
#error "fl-index.c relies on IEEE float32 sums for exactness: build it without -ffast-math"
#endif

#define DIM FL_INDEX_DIM
#define BLOCK 512                 /* entries per first-pass block (64 KiB of codes) */
#define MIN_ENTRIES_PER_PART 32768 /* below this a second thread costs more than it saves */
#define MAX_ENTRIES ((gsize) G_MAXUINT32 / 2)
#define QUERY_CODE_MAX 32767.0f   /* int16 query codes: 128·127·32767 < 2³¹, no overflow */
#define CODE_MAX 127.0f

struct _FlIndex
{
  gatomicrefcount ref_count;
  GRWLock lock;

  gsize n;
  gsize cap;
  float *vecs;            /* n × DIM, exact templates */
  gint8 *codes;           /* n × DIM, int8 copy for the first pass */
  float *code_scale;      /* s per entry */
  float *code_err;        /* E per entry: ‖s·q − x‖, rounded up */
  gint64 *ids;
  gint64 *subject_ids;
  guint32 *gallery_slot;
  guint8 *sealed;

  /* id → entry index + 1 (0 = empty), open addressing with linear probing */
  guint32 *id_table;
  gsize id_table_size;    /* power of two, at least twice n */

  GHashTable *gallery_slots;   /* gint64* → GUINT_TO_POINTER (slot + 1) */
  GArray *gallery_ids;         /* gint64 by slot */
  GHashTable *sealed_subjects; /* set of gint64* */

  double max_norm;        /* upper bounds over every entry ever added */
  float max_err;

  GMutex pool_lock;
  GThreadPool *pool;
  gboolean pool_failed;
  guint n_workers;
};

typedef struct
{
  float score;
  guint32 idx;
} Scored;

typedef struct
{
  guint32 idx;
  float ub;
} Candidate;

typedef struct
{
  FlIndex *index;
  const float *query;
  gint16 query_codes[DIM] __attribute__ ((aligned (64)));
  float query_scale;
  float alpha;             /* ε_x = code_err[x]·alpha + beta */
  float beta;
  const guint8 *allowed;   /* by gallery slot; NULL = every gallery */
  guint k;
} Query;

typedef struct
{
  GMutex lock;
  GCond cond;
  guint pending;
} Job;

typedef struct
{
  const Query *q;
  Job *job;
  gsize start;
  gsize end;
  float threshold;         /* L: K entries are known to score ≥ L exactly */
  float *lb_heap;          /* min-heap of the K largest lower bounds */
  guint n_lb;
  Scored *top;             /* heap of the K best exact scores, worst on top */
  guint n_top;
  Candidate *cands;
  guint n_cands;
  guint cap_cands;
  guint64 n_scanned;
  guint64 n_reranked;
} Part;

/* ---- memory ---------------------------------------------------------- */

static gsize
page_round (gsize bytes)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);

  return (bytes + page - 1) / page * page;
}

/* Page-aligned blocks (so every template row is 64-byte aligned). On Linux
 * mremap() grows them in place or by remapping pages, never by copying. */
static gpointer
big_resize (gpointer old, gsize old_bytes, gsize new_bytes)
{
#ifdef __linux__
  void *p;

  if (old == NULL)
    p = mmap (NULL, page_round (new_bytes), PROT_READ | PROT_WRITE,
              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  else
    p = mremap (old, page_round (old_bytes), page_round (new_bytes), MREMAP_MAYMOVE);
  return p == MAP_FAILED ? NULL : p;
#else
  gpointer p = g_aligned_alloc0 (1, page_round (new_bytes), 64);

  if (old != NULL)
    {
      memcpy (p, old, MIN (old_bytes, new_bytes));
      g_aligned_free (old);
    }
  return p;
#endif
}

static void
big_free (gpointer p, gsize bytes)
{
  if (p == NULL)
    return;
#ifdef __linux__
  munmap (p, page_round (bytes));
#else
  g_aligned_free (p);
#endif
}

enum { COL_VECS, COL_CODES, COL_SCALE, COL_ERR, COL_IDS, COL_SUBJECTS, COL_GALLERY, COL_SEALED, N_COLS };

static const gsize col_size[N_COLS] = {
  sizeof (float) * DIM, sizeof (gint8) * DIM, sizeof (float), sizeof (float),
  sizeof (gint64), sizeof (gint64), sizeof (guint32), sizeof (guint8),
};

static void
get_columns (FlIndex *self, gpointer cols[N_COLS])
{
  cols[COL_VECS] = self->vecs;
  cols[COL_CODES] = self->codes;
  cols[COL_SCALE] = self->code_scale;
  cols[COL_ERR] = self->code_err;
  cols[COL_IDS] = self->ids;
  cols[COL_SUBJECTS] = self->subject_ids;
  cols[COL_GALLERY] = self->gallery_slot;
  cols[COL_SEALED] = self->sealed;
}

static void
set_columns (FlIndex *self, gpointer cols[N_COLS])
{
  self->vecs = cols[COL_VECS];
  self->codes = cols[COL_CODES];
  self->code_scale = cols[COL_SCALE];
  self->code_err = cols[COL_ERR];
  self->ids = cols[COL_IDS];
  self->subject_ids = cols[COL_SUBJECTS];
  self->gallery_slot = cols[COL_GALLERY];
  self->sealed = cols[COL_SEALED];
}

/* ---- id table -------------------------------------------------------- */

static inline gsize
id_hash (gint64 id)
{
  guint64 x = (guint64) id;

  x ^= x >> 30;
  x *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  x ^= x >> 31;
  return (gsize) x;
}

/* Slot holding @id, or the empty slot where it would go. */
static gsize
id_table_find (const FlIndex *self, gint64 id)
{
  gsize mask = self->id_table_size - 1;
  gsize i = id_hash (id) & mask;

  while (self->id_table[i] != 0 && self->ids[self->id_table[i] - 1] != id)
    i = (i + 1) & mask;
  return i;
}

static void
id_table_resize (FlIndex *self, gsize size)
{
  g_free (self->id_table);
  self->id_table = g_new0 (guint32, size);
  self->id_table_size = size;
  for (gsize e = 0; e < self->n; e++)
    self->id_table[id_table_find (self, self->ids[e])] = (guint32) (e + 1);
}

static void
id_table_ensure (FlIndex *self, gsize n_entries)
{
  gsize size = MAX (self->id_table_size, 1024);

  while (size < 2 * n_entries)
    size *= 2;
  if (size != self->id_table_size)
    id_table_resize (self, size);
}

/* Backward-shift deletion keeps every probe chain unbroken without tombstones. */
static void
id_table_delete_slot (FlIndex *self, gsize hole)
{
  gsize mask = self->id_table_size - 1;
  gsize j = hole;

  self->id_table[hole] = 0;
  for (;;)
    {
      gsize home;

      j = (j + 1) & mask;
      if (self->id_table[j] == 0)
        return;
      home = id_hash (self->ids[self->id_table[j] - 1]) & mask;
      /* the entry at j may move into the hole unless its home lies in (hole, j] */
      if ((j > hole && (home <= hole || home > j)) ||
          (j < hole && home <= hole && home > j))
        {
          self->id_table[hole] = self->id_table[j];
          self->id_table[j] = 0;
          hole = j;
        }
    }
}

/* ---- arithmetic ------------------------------------------------------ */

/* THE exact score: float32 products summed in index order. Both the search's
 * re-rank and fl_index_search_exact_scalar() call this one compiled body, so
 * their scores are bit-identical. */
__attribute__ ((noinline)) static float
dot_exact (const float *a, const float *b)
{
  float s = 0.0f;

  for (guint j = 0; j < DIM; j++)
    s += a[j] * b[j];
  return s;
}

/* First-pass kernel. GCC turns the inner loop into pmaddwd (SSE2) or
 * vpmovsxbw + vpmaddwd (AVX2); integer sums are exact in any order. The ifunc
 * resolver runs before ThreadSanitizer starts, so TSan builds keep SSE2. */
#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_THREAD__)
__attribute__ ((target_clones ("avx2", "default")))
#endif
static void
dots_i8 (const gint8 *restrict codes,
         const gint16 *restrict query,
         gint32 *restrict out,
         gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      const gint8 *c = codes + i * DIM;
      gint32 acc = 0;

      for (gsize j = 0; j < DIM; j++)
        acc += (gint32) c[j] * (gint32) query[j];
      out[i] = acc;
    }
}

static double
norm_f64 (const float *v)
{
  double s = 0.0;

  for (guint j = 0; j < DIM; j++)
    s += (double) v[j] * v[j];
  return sqrt (s);
}

static gboolean
check_template (const float *v, const char *what, GError **error)
{
  double norm;

  for (guint j = 0; j < DIM; j++)
    if (!isfinite (v[j]))
      {
        g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                     "The %s has a non-finite value at element %u: recompute it with the matcher",
                     what, j);
        return FALSE;
      }

  norm = norm_f64 (v);
  if (fabs (norm - 1.0) > FL_INDEX_NORM_TOLERANCE)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The %s has L2 norm %.6f; only L2-normalised templates (norm 1 ± %g) "
                   "can be compared: pass the template exactly as the matcher produced it",
                   what, norm, FL_INDEX_NORM_TOLERANCE);
      return FALSE;
    }
  return TRUE;
}

/* Rounds a non-negative double up to a float that is not below it. */
static float
round_up_f32 (double v)
{
  return (float) (v * (1.0 + 1e-6));
}

static void
quantise_entry (const float *x, gint8 *q, float *scale, float *err)
{
  float m = 0.0f;
  float s;
  double e2 = 0.0;

  for (guint j = 0; j < DIM; j++)
    m = MAX (m, fabsf (x[j]));
  s = m / CODE_MAX;   /* m > 0: the norm was checked */

  for (guint j = 0; j < DIM; j++)
    {
      long v = lrintf (x[j] / s);
      double d;

      v = CLAMP (v, -(long) CODE_MAX, (long) CODE_MAX);
      q[j] = (gint8) v;
      d = (double) s * (double) v - (double) x[j];
      e2 += d * d;
    }
  *scale = s;
  *err = round_up_f32 (sqrt (e2));
}

/* Quantises the query and sets the per-query terms of the bound (see the top
 * of this file). */
static void
query_prepare (Query *q, const FlIndex *self)
{
  const float *y = q->query;
  const double u = ldexp (1.0, -24);
  const double gamma = DIM * u / (1.0 - DIM * u);
  double ny = norm_f64 (y);
  double f2 = 0.0;
  double F;
  double nx = self->max_norm;
  double beta;
  float m = 0.0f;
  float t;

  for (guint j = 0; j < DIM; j++)
    m = MAX (m, fabsf (y[j]));
  t = m / QUERY_CODE_MAX;

  for (guint j = 0; j < DIM; j++)
    {
      long r = lrintf (y[j] / t);
      double d;

      r = CLAMP (r, -(long) QUERY_CODE_MAX, (long) QUERY_CODE_MAX);
      q->query_codes[j] = (gint16) r;
      d = (double) t * (double) r - (double) y[j];
      f2 += d * d;
    }
  F = sqrt (f2) * (1.0 + 1e-6);

  beta = nx * F                                            /* x·f */
       + gamma * nx * ny                                   /* float32 scan rounding */
       + ldexp (1.0, -22) * (nx + self->max_err) * (ny + F) /* float products in A */
       + 1e-6;                                             /* rounding of ε, a ± ε */
  q->query_scale = t;
  q->alpha = round_up_f32 (ny + F);
  q->beta = round_up_f32 (beta);
}

/* ---- heaps ----------------------------------------------------------- */

/* TRUE when a ranks below b: lower score, or same score and larger id. */
static inline gboolean
scored_worse (const FlIndex *self, Scored a, Scored b)
{
  if (a.score != b.score)
    return a.score < b.score;
  return self->ids[a.idx] > self->ids[b.idx];
}

/* Keeps the k best in a heap whose root is the worst of them. */
static void
top_push (const FlIndex *self, Scored *heap, guint *n, guint k, Scored v)
{
  guint i;

  if (*n < k)
    {
      i = (*n)++;
      while (i > 0 && scored_worse (self, v, heap[(i - 1) / 2]))
        {
          heap[i] = heap[(i - 1) / 2];
          i = (i - 1) / 2;
        }
      heap[i] = v;
      return;
    }
  if (!scored_worse (self, heap[0], v))
    return;
  i = 0;
  for (;;)
    {
      guint c = 2 * i + 1;

      if (c >= k)
        break;
      if (c + 1 < k && scored_worse (self, heap[c + 1], heap[c]))
        c++;
      if (!scored_worse (self, heap[c], v))
        break;
      heap[i] = heap[c];
      i = c;
    }
  heap[i] = v;
}

static void
lb_push (Part *p, float v)
{
  float *h = p->lb_heap;
  guint k = p->q->k;
  guint i;

  if (p->n_lb < k)
    {
      i = p->n_lb++;
      while (i > 0 && v < h[(i - 1) / 2])
        {
          h[i] = h[(i - 1) / 2];
          i = (i - 1) / 2;
        }
      h[i] = v;
    }
  else if (v > h[0])
    {
      i = 0;
      for (;;)
        {
          guint c = 2 * i + 1;

          if (c >= k)
            break;
          if (c + 1 < k && h[c + 1] < h[c])
            c++;
          if (h[c] >= v)
            break;
          h[i] = h[c];
          i = c;
        }
      h[i] = v;
    }
  else
    return;

  if (p->n_lb == k && h[0] > p->threshold)
    p->threshold = h[0];
}

/* ---- search ---------------------------------------------------------- */

static inline gboolean
entry_allowed (const FlIndex *self, const Query *q, gsize i)
{
  return !self->sealed[i] && (q->allowed == NULL || q->allowed[self->gallery_slot[i]]);
}

static void
part_flush (Part *p)
{
  const Query *q = p->q;
  FlIndex *self = q->index;

  for (guint c = 0; c < p->n_cands; c++)
    {
      Scored s;

      if (p->cands[c].ub < p->threshold)
        continue;
      s.idx = p->cands[c].idx;
      s.score = dot_exact (self->vecs + (gsize) s.idx * DIM, q->query);
      p->n_reranked++;
      top_push (self, p->top, &p->n_top, q->k, s);
      if (p->n_top == q->k && p->top[0].score > p->threshold)
        p->threshold = p->top[0].score;
    }
  p->n_cands = 0;
}

static void
part_scan (Part *p)
{
  const Query *q = p->q;
  FlIndex *self = q->index;
  gint32 dots[BLOCK];

  for (gsize b = p->start; b < p->end; b += BLOCK)
    {
      gsize m = MIN ((gsize) BLOCK, p->end - b);
      gboolean any = FALSE;

      for (gsize j = 0; j < m && !any; j++)
        any = entry_allowed (self, q, b + j);
      if (!any)
        continue;

      dots_i8 (self->codes + b * DIM, q->query_codes, dots, m);

      for (gsize j = 0; j < m; j++)
        {
          gsize i = b + j;
          float a, e, ub;

          if (!entry_allowed (self, q, i))
            continue;
          p->n_scanned++;
          a = (float) dots[j] * (self->code_scale[i] * q->query_scale);
          e = self->code_err[i] * q->alpha + q->beta;
          ub = a + e;
          if (ub < p->threshold)
            continue;
          lb_push (p, a - e);
          if (p->n_cands == p->cap_cands)
            part_flush (p);
          p->cands[p->n_cands].idx = (guint32) i;
          p->cands[p->n_cands].ub = ub;
          p->n_cands++;
        }
    }
  part_flush (p);
}

static void
part_run_cb (gpointer data, gpointer user_data)
{
  Part *p = data;

  part_scan (p);
  g_mutex_lock (&p->job->lock);
  if (--p->job->pending == 0)
    g_cond_signal (&p->job->cond);
  g_mutex_unlock (&p->job->lock);
}

static GThreadPool *
get_pool (FlIndex *self)
{
  GThreadPool *pool;

  g_mutex_lock (&self->pool_lock);
  if (self->pool == NULL && !self->pool_failed)
    {
      g_autoptr(GError) local_error = NULL;

      /* exclusive: the worker threads stay alive between queries */
      self->pool = g_thread_pool_new (part_run_cb, NULL, (gint) self->n_workers - 1,
                                      TRUE, &local_error);
      if (self->pool == NULL)
        {
          g_warning ("Searching with one thread: %s", local_error->message);
          self->pool_failed = TRUE;
        }
    }
  pool = self->pool;
  g_mutex_unlock (&self->pool_lock);
  return pool;
}

static gint
compare_scored_desc (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const FlIndex *self = user_data;
  const Scored *x = a;
  const Scored *y = b;

  if (scored_worse (self, *y, *x))
    return -1;
  if (scored_worse (self, *x, *y))
    return 1;
  return 0;
}

static GArray *
hits_from_scored (FlIndex *self, Scored *scored, guint n, guint k)
{
  GArray *hits;

  g_qsort_with_data (scored, (gint) n, sizeof (Scored), compare_scored_desc, self);
  n = MIN (n, k);
  hits = g_array_sized_new (FALSE, FALSE, sizeof (FlIndexHit), n);
  for (guint i = 0; i < n; i++)
    {
      guint32 e = scored[i].idx;
      FlIndexHit h = {
        .id = self->ids[e],
        .subject_id = self->subject_ids[e],
        .gallery_id = g_array_index (self->gallery_ids, gint64, self->gallery_slot[e]),
        .score = scored[i].score,
      };

      g_array_append_val (hits, h);
    }
  return hits;
}

static gboolean
check_search_args (const float *query, guint k, GError **error)
{
  if (k == 0)
    {
      g_set_error_literal (error, FL_ERROR, FL_ERROR_INVALID,
                           "The number of candidates k is 0: ask for at least 1 "
                           "(the usual list length is 50)");
      return FALSE;
    }
  if (k > FL_INDEX_MAX_K)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "The number of candidates k is %u: ask for at most %u",
                   k, FL_INDEX_MAX_K);
      return FALSE;
    }
  return check_template (query, "query template", error);
}

/* NULL when every gallery is searched; caller holds the lock. */
static guint8 *
allowed_slots_new (FlIndex *self, const gint64 *gallery_ids, guint n_gallery_ids)
{
  guint8 *allowed;

  if (n_gallery_ids == 0)
    return NULL;
  /* one byte more so that an index without galleries still gets a non-NULL filter */
  allowed = g_malloc0 (self->gallery_ids->len + 1);
  for (guint g = 0; g < n_gallery_ids; g++)
    {
      gpointer slot = g_hash_table_lookup (self->gallery_slots, &gallery_ids[g]);

      /* a gallery without templates simply contributes no candidates */
      if (slot != NULL)
        allowed[GPOINTER_TO_UINT (slot) - 1] = 1;
    }
  return allowed;
}

gboolean
fl_index_search_with_stats (FlIndex            *self,
                            const float        *query_128,
                            guint               k,
                            const gint64       *gallery_ids,
                            guint               n_gallery_ids,
                            GArray            **out_hits,
                            FlIndexSearchStats *stats,
                            GError            **error)
{
  g_autofree guint8 *allowed = NULL;
  g_autofree Part *parts = NULL;
  g_autofree float *lb_heaps = NULL;
  g_autofree Scored *tops = NULL;
  g_autofree Candidate *cands = NULL;
  g_autofree Scored *merged = NULL;
  GThreadPool *pool = NULL;
  Query q = { 0 };
  Job job;
  guint n_parts;
  guint n_merged = 0;
  guint cap_cands;
  gsize per_part;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (query_128 != NULL, FALSE);
  g_return_val_if_fail (gallery_ids != NULL || n_gallery_ids == 0, FALSE);
  g_return_val_if_fail (out_hits != NULL && *out_hits == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_search_args (query_128, k, error))
    return FALSE;

  g_rw_lock_reader_lock (&self->lock);

  q.index = self;
  q.query = query_128;
  q.k = k;
  query_prepare (&q, self);
  allowed = allowed_slots_new (self, gallery_ids, n_gallery_ids);
  q.allowed = allowed;

  n_parts = (guint) MIN ((gsize) self->n_workers, self->n / MIN_ENTRIES_PER_PART);
  n_parts = MAX (n_parts, 1);
  if (n_parts > 1 && (pool = get_pool (self)) == NULL)
    n_parts = 1;
  per_part = (self->n / n_parts + BLOCK - 1) / BLOCK * BLOCK;
  cap_cands = MAX (4 * k, 1024);

  parts = g_new0 (Part, n_parts);
  lb_heaps = g_new (float, (gsize) n_parts * k);
  tops = g_new (Scored, (gsize) n_parts * k);
  cands = g_new (Candidate, (gsize) n_parts * cap_cands);

  g_mutex_init (&job.lock);
  g_cond_init (&job.cond);
  job.pending = n_parts - 1;

  for (guint i = 0; i < n_parts; i++)
    {
      Part *p = &parts[i];

      p->q = &q;
      p->job = &job;
      p->start = MIN (self->n, i * per_part);
      p->end = i + 1 == n_parts ? self->n : MIN (self->n, (i + 1) * per_part);
      p->threshold = -INFINITY;
      p->lb_heap = lb_heaps + (gsize) i * k;
      p->top = tops + (gsize) i * k;
      p->cands = cands + (gsize) i * cap_cands;
      p->cap_cands = cap_cands;
      if (i > 0)
        g_thread_pool_push (pool, p, NULL);
    }

  part_scan (&parts[0]);

  g_mutex_lock (&job.lock);
  while (job.pending > 0)
    g_cond_wait (&job.cond, &job.lock);
  g_mutex_unlock (&job.lock);
  g_mutex_clear (&job.lock);
  g_cond_clear (&job.cond);

  merged = g_new (Scored, (gsize) n_parts * k);
  for (guint i = 0; i < n_parts; i++)
    {
      memcpy (merged + n_merged, parts[i].top, parts[i].n_top * sizeof (Scored));
      n_merged += parts[i].n_top;
    }
  *out_hits = hits_from_scored (self, merged, n_merged, k);

  if (stats != NULL)
    {
      *stats = (FlIndexSearchStats) { 0 };
      for (guint i = 0; i < n_parts; i++)
        {
          stats->n_scanned += parts[i].n_scanned;
          stats->n_reranked += parts[i].n_reranked;
        }
    }

  g_rw_lock_reader_unlock (&self->lock);
  return TRUE;
}

/**
 * fl_index_search:
 * @self: the index
 * @query_128: L2-normalised query template
 * @k: number of candidates, 1 … %FL_INDEX_MAX_K
 * @gallery_ids: (nullable): galleries to search
 * @n_gallery_ids: length of @gallery_ids; 0 searches every gallery
 * @out_hits: (out): #FlIndexHit, best first, ties by ascending id
 * @error: return location for an error
 *
 * Returns the exact top @k of every entry of the chosen galleries, sealed
 * subjects excluded: the same list as fl_index_search_exact_scalar().
 */
gboolean
fl_index_search (FlIndex      *self,
                 const float  *query_128,
                 guint         k,
                 const gint64 *gallery_ids,
                 guint         n_gallery_ids,
                 GArray      **out_hits,
                 GError      **error)
{
  return fl_index_search_with_stats (self, query_128, k, gallery_ids, n_gallery_ids,
                                     out_hits, NULL, error);
}

/**
 * fl_index_search_exact_scalar:
 *
 * The definition of the right answer: one thread scores every entry with a
 * plain float32 loop. Same arguments and result as fl_index_search().
 */
gboolean
fl_index_search_exact_scalar (FlIndex      *self,
                              const float  *query_128,
                              guint         k,
                              const gint64 *gallery_ids,
                              guint         n_gallery_ids,
                              GArray      **out_hits,
                              GError      **error)
{
  g_autofree guint8 *allowed = NULL;
  g_autofree Scored *top = NULL;
  Query q = { 0 };
  guint n_top = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (query_128 != NULL, FALSE);
  g_return_val_if_fail (gallery_ids != NULL || n_gallery_ids == 0, FALSE);
  g_return_val_if_fail (out_hits != NULL && *out_hits == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_search_args (query_128, k, error))
    return FALSE;

  g_rw_lock_reader_lock (&self->lock);

  allowed = allowed_slots_new (self, gallery_ids, n_gallery_ids);
  q.allowed = allowed;
  top = g_new (Scored, k);
  for (gsize i = 0; i < self->n; i++)
    {
      Scored s;

      if (!entry_allowed (self, &q, i))
        continue;
      s.idx = (guint32) i;
      s.score = dot_exact (self->vecs + i * DIM, query_128);
      top_push (self, top, &n_top, k, s);
    }
  *out_hits = hits_from_scored (self, top, n_top, k);

  g_rw_lock_reader_unlock (&self->lock);
  return TRUE;
}

/* ---- building -------------------------------------------------------- */

FlIndex *
fl_index_new (void)
{
  FlIndex *self = g_new0 (FlIndex, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_rw_lock_init (&self->lock);
  g_mutex_init (&self->pool_lock);
  self->gallery_slots = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->gallery_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->sealed_subjects = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->n_workers = CLAMP (g_get_num_processors (), 1, 16);
  id_table_ensure (self, 0);
  return self;
}

FlIndex *
fl_index_ref (FlIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
fl_index_unref (FlIndex *self)
{
  gpointer cols[N_COLS];

  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  get_columns (self, cols);
  for (guint c = 0; c < N_COLS; c++)
    big_free (cols[c], self->cap * col_size[c]);
  g_free (self->id_table);
  g_hash_table_unref (self->gallery_slots);
  g_array_unref (self->gallery_ids);
  g_hash_table_unref (self->sealed_subjects);
  g_mutex_clear (&self->pool_lock);
  g_rw_lock_clear (&self->lock);
  g_free (self);
}

/* Caller holds the write lock. */
static gboolean
grow_to (FlIndex *self, gsize new_cap, GError **error)
{
  gpointer cols[N_COLS];

  if (new_cap <= self->cap)
    return TRUE;
  if (new_cap > MAX_ENTRIES)
    {
      g_set_error (error, FL_ERROR, FL_ERROR_INVALID,
                   "An index holds at most %" G_GSIZE_FORMAT " templates; "
                   "%" G_GSIZE_FORMAT " were asked for: split the gallery",
                   MAX_ENTRIES, new_cap);
      return FALSE;
    }

  get_columns (self, cols);
  for (guint c = 0; c < N_COLS; c++)
    {
      gpointer p = big_resize (cols[c], self->cap * col_size[c], new_cap * col_size[c]);

      if (p == NULL)
        {
          /* shrink the columns already grown back to the old size: always succeeds */
          for (guint d = 0; d < c; d++)
            {
              if (self->cap == 0)
                {
                  big_free (cols[d], new_cap * col_size[d]);
                  cols[d] = NULL;
                }
              else
                cols[d] = big_resize (cols[d], new_cap * col_size[d], self->cap * col_size[d]);
            }
          set_columns (self, cols);
          g_set_error (error, FL_ERROR, FL_ERROR_FAILED,
                       "Not enough memory to hold %" G_GSIZE_FORMAT " templates "
                       "(%" G_GSIZE_FORMAT " MiB): close other programs or search fewer galleries",
                       new_cap, new_cap * (DIM * 5 + 29) / (1024 * 1024));
          return FALSE;
        }
      cols[c] = p;
    }
  set_columns (self, cols);
  self->cap = new_cap;
  return TRUE;
}

/**
 * fl_index_reserve:
 *
 * Makes room for @n_templates in total, so that loading a gallery of known
 * size grows the arrays once.
 */
gboolean
fl_index_reserve (FlIndex *self, gsize n_templates, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_rw_lock_writer_lock (&self->lock);
  ok = grow_to (self, n_templates, error);
  if (ok)
    id_table_ensure (self, n_templates);
  g_rw_lock_writer_unlock (&self->lock);
  return ok;
}

static guint32
gallery_slot_get (FlIndex *self, gint64 gallery_id)
{
  gpointer slot = g_hash_table_lookup (self->gallery_slots, &gallery_id);

  if (slot == NULL)
    {
      g_array_append_val (self->gallery_ids, gallery_id);
      slot = GUINT_TO_POINTER (self->gallery_ids->len);
      g_hash_table_insert (self->gallery_slots, g_memdup2 (&gallery_id, sizeof gallery_id), slot);
    }
  return GPOINTER_TO_UINT (slot) - 1;
}

/**
 * fl_index_add:
 * @template_128: the L2-normalised template (norm 1 ± %FL_INDEX_NORM_TOLERANCE)
 *
 * Adds one template. Fails with %FL_ERROR_EXISTS when @id is already present.
 * A template of a sealed subject is added sealed.
 */
gboolean
fl_index_add (FlIndex     *self,
              gint64       id,
              gint64       subject_id,
              gint64       gallery_id,
              const float *template_128,
              GError     **error)
{
  gsize slot;
  gsize e;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (template_128 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_template (template_128, "template", error))
    return FALSE;

  g_rw_lock_writer_lock (&self->lock);

  slot = id_table_find (self, id);
  if (self->id_table[slot] != 0)
    {
      g_rw_lock_writer_unlock (&self->lock);
      g_set_error (error, FL_ERROR, FL_ERROR_EXISTS,
                   "Template %" G_GINT64_FORMAT " is already in the search index: "
                   "remove it first to replace it", id);
      return FALSE;
    }

  if (self->n == self->cap &&
      !grow_to (self, MAX (1024, self->cap + self->cap / 2), error))
    {
      g_rw_lock_writer_unlock (&self->lock);
      return FALSE;
    }
  if (2 * (self->n + 1) > self->id_table_size)
    {
      id_table_ensure (self, self->n + 1);
      slot = id_table_find (self, id);
    }

  e = self->n++;
  memcpy (self->vecs + e * DIM, template_128, DIM * sizeof (float));
  quantise_entry (template_128, self->codes + e * DIM, &self->code_scale[e], &self->code_err[e]);
  self->ids[e] = id;
  self->subject_ids[e] = subject_id;
  self->gallery_slot[e] = gallery_slot_get (self, gallery_id);
  self->sealed[e] = g_hash_table_contains (self->sealed_subjects, &subject_id);
  self->id_table[slot] = (guint32) (e + 1);

  self->max_norm = MAX (self->max_norm, norm_f64 (template_128) * (1.0 + 1e-9));
  self->max_err = MAX (self->max_err, self->code_err[e]);

  g_rw_lock_writer_unlock (&self->lock);
  return TRUE;
}

/**
 * fl_index_remove:
 *
 * Removes a template; the last entry moves into its place.
 */
gboolean
fl_index_remove (FlIndex *self, gint64 id, GError **error)
{
  gsize slot;
  gsize e;
  gsize last;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_rw_lock_writer_lock (&self->lock);

  slot = id_table_find (self, id);
  if (self->id_table[slot] == 0)
    {
      g_rw_lock_writer_unlock (&self->lock);
      g_set_error (error, FL_ERROR, FL_ERROR_NOT_FOUND,
                   "Template %" G_GINT64_FORMAT " is not in the search index", id);
      return FALSE;
    }

  e = self->id_table[slot] - 1;
  last = self->n - 1;
  id_table_delete_slot (self, slot);
  if (e != last)
    {
      self->id_table[id_table_find (self, self->ids[last])] = (guint32) (e + 1);
      memcpy (self->vecs + e * DIM, self->vecs + last * DIM, DIM * sizeof (float));
      memcpy (self->codes + e * DIM, self->codes + last * DIM, DIM);
      self->code_scale[e] = self->code_scale[last];
      self->code_err[e] = self->code_err[last];
      self->ids[e] = self->ids[last];
      self->subject_ids[e] = self->subject_ids[last];
      self->gallery_slot[e] = self->gallery_slot[last];
      self->sealed[e] = self->sealed[last];
    }
  self->n--;

  g_rw_lock_writer_unlock (&self->lock);
  return TRUE;
}

gboolean
fl_index_contains (FlIndex *self, gint64 id)
{
  gboolean found;

  g_return_val_if_fail (self != NULL, FALSE);

  g_rw_lock_reader_lock (&self->lock);
  found = self->id_table[id_table_find (self, id)] != 0;
  g_rw_lock_reader_unlock (&self->lock);
  return found;
}

gsize
fl_index_get_size (FlIndex *self)
{
  gsize n;

  g_return_val_if_fail (self != NULL, 0);

  g_rw_lock_reader_lock (&self->lock);
  n = self->n;
  g_rw_lock_reader_unlock (&self->lock);
  return n;
}

/**
 * fl_index_set_subject_sealed:
 *
 * Seals (or unseals) every template of @subject_id, including templates added
 * later. Searches that start after this returns never see a sealed template.
 *
 * Returns: the number of templates of the subject now in the index
 */
guint
fl_index_set_subject_sealed (FlIndex *self, gint64 subject_id, gboolean sealed)
{
  guint n_changed = 0;

  g_return_val_if_fail (self != NULL, 0);

  g_rw_lock_writer_lock (&self->lock);
  if (sealed)
    g_hash_table_add (self->sealed_subjects, g_memdup2 (&subject_id, sizeof subject_id));
  else
    g_hash_table_remove (self->sealed_subjects, &subject_id);
  for (gsize i = 0; i < self->n; i++)
    if (self->subject_ids[i] == subject_id)
      {
        self->sealed[i] = sealed ? 1 : 0;
        n_changed++;
      }
  g_rw_lock_writer_unlock (&self->lock);
  return n_changed;
}

gboolean
fl_index_is_subject_sealed (FlIndex *self, gint64 subject_id)
{
  gboolean sealed;

  g_return_val_if_fail (self != NULL, FALSE);

  g_rw_lock_reader_lock (&self->lock);
  sealed = g_hash_table_contains (self->sealed_subjects, &subject_id);
  g_rw_lock_reader_unlock (&self->lock);
  return sealed;
}
