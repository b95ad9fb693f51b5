/* test-index.c: the exact 1:N search index against its scalar oracle */
#include <math.h>
#include <string.h>

#include "fl-error.h"
#include "fl-index.h"

#define DIM FL_INDEX_DIM

static double
gauss (GRand *rand)
{
  double u1 = 1.0 - g_rand_double (rand);   /* (0, 1] */
  double u2 = g_rand_double (rand);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

static void
normalise (float *v)
{
  double s = 0.0;

  for (guint j = 0; j < DIM; j++)
    s += (double) v[j] * v[j];
  s = sqrt (s);
  for (guint j = 0; j < DIM; j++)
    v[j] = (float) (v[j] / s);
}

static void
random_unit (GRand *rand, float *v)
{
  for (guint j = 0; j < DIM; j++)
    v[j] = (float) gauss (rand);
  normalise (v);
}

/* v + sigma·noise, renormalised */
static void
perturbed (GRand *rand, const float *base, double sigma, float *v)
{
  for (guint j = 0; j < DIM; j++)
    v[j] = (float) (base[j] + sigma * gauss (rand));
  normalise (v);
}

static void
add_ok (FlIndex *index, gint64 id, gint64 subject, gint64 gallery, const float *v)
{
  g_autoptr(GError) error = NULL;

  fl_index_add (index, id, subject, gallery, v, &error);
  g_assert_no_error (error);
}

static GArray *
search_ok (FlIndex *index, const float *q, guint k, const gint64 *galleries, guint n_galleries)
{
  g_autoptr(GError) error = NULL;
  GArray *hits = NULL;

  g_assert_true (fl_index_search (index, q, k, galleries, n_galleries, &hits, &error));
  g_assert_no_error (error);
  return hits;
}

static GArray *
oracle_ok (FlIndex *index, const float *q, guint k, const gint64 *galleries, guint n_galleries)
{
  g_autoptr(GError) error = NULL;
  GArray *hits = NULL;

  g_assert_true (fl_index_search_exact_scalar (index, q, k, galleries, n_galleries, &hits, &error));
  g_assert_no_error (error);
  return hits;
}

static void
assert_sorted (GArray *hits)
{
  for (guint i = 1; i < hits->len; i++)
    {
      FlIndexHit *a = &g_array_index (hits, FlIndexHit, i - 1);
      FlIndexHit *b = &g_array_index (hits, FlIndexHit, i);

      g_assert_true (a->score > b->score || (a->score == b->score && a->id < b->id));
    }
}

static void
assert_same_hits (GArray *got, GArray *want)
{
  g_assert_cmpuint (got->len, ==, want->len);
  for (guint i = 0; i < got->len; i++)
    {
      FlIndexHit *a = &g_array_index (got, FlIndexHit, i);
      FlIndexHit *b = &g_array_index (want, FlIndexHit, i);

      g_assert_cmpint (a->id, ==, b->id);
      g_assert_cmpint (a->subject_id, ==, b->subject_id);
      g_assert_cmpint (a->gallery_id, ==, b->gallery_id);
      g_assert_true (memcmp (&a->score, &b->score, sizeof (float)) == 0);
    }
  assert_sorted (got);
}

/* search and oracle agree for queries drawn like the gallery and near it */
static void
check_against_oracle (FlIndex *index, GRand *rand, guint n_queries, const guint *ks, guint n_ks,
                      const float *near, gsize n_near)
{
  float q[DIM];

  for (guint t = 0; t < n_queries; t++)
    {
      if (near != NULL && t % 2 == 1)
        perturbed (rand, near + (gsize) g_rand_int_range (rand, 0, (gint32) n_near) * DIM, 0.02, q);
      else
        random_unit (rand, q);

      for (guint i = 0; i < n_ks; i++)
        {
          g_autoptr(GArray) got = search_ok (index, q, ks[i], NULL, 0);
          g_autoptr(GArray) want = oracle_ok (index, q, ks[i], NULL, 0);

          g_assert_cmpuint (want->len, ==, MIN (ks[i], fl_index_get_size (index)));
          assert_same_hits (got, want);
        }
    }
}

static void
test_exact_top_k (void)
{
  const guint ks[] = { 1, 10, 50 };
  const guint32 seeds[] = { 1, 2024, 777777 };
  const gsize n = 20000;

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      g_autoptr(FlIndex) index = fl_index_new ();
      g_autoptr(GRand) rand = g_rand_new_with_seed (seeds[s]);
      g_autofree float *vecs = g_new (float, n * DIM);

      for (gsize i = 0; i < n; i++)
        {
          random_unit (rand, vecs + i * DIM);
          add_ok (index, (gint64) (i * 7 + 3), (gint64) (i / 4), (gint64) (i % 3), vecs + i * DIM);
        }
      g_assert_cmpuint (fl_index_get_size (index), ==, n);
      check_against_oracle (index, rand, 8, ks, G_N_ELEMENTS (ks), vecs, n);
    }
}

/* Above the size where the scan is split over threads. */
static void
test_exact_threaded (void)
{
  const guint ks[] = { 1, 50, 1000 };
  const gsize n = 100000;
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  g_autofree float *vecs = g_new (float, n * DIM);
  g_autoptr(GError) error = NULL;

  g_assert_true (fl_index_reserve (index, n, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i++)
    {
      random_unit (rand, vecs + i * DIM);
      add_ok (index, (gint64) i, (gint64) i, 1, vecs + i * DIM);
    }
  check_against_oracle (index, rand, 4, ks, G_N_ELEMENTS (ks), vecs, n);
}

static gint
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Clusters of near-duplicates closer than the int8 step (so the first pass
 * cannot tell them apart) and exact duplicates (ties broken by id). */
static void
test_near_duplicates (void)
{
  const guint ks[] = { 1, 10, 50 };
  const gsize n_bases = 40;
  const gsize per_base = 300;
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  g_autofree float *bases = g_new (float, n_bases * DIM);
  g_autofree gint64 *ids = g_new (gint64, n_bases * per_base);
  gsize n = n_bases * per_base;
  float v[DIM];

  /* shuffled ids so that insertion order is not the tie order */
  for (gsize i = 0; i < n; i++)
    ids[i] = (gint64) i;
  for (gsize i = n - 1; i > 0; i--)
    {
      gsize j = (gsize) g_rand_int_range (rand, 0, (gint32) (i + 1));
      gint64 tmp = ids[i];

      ids[i] = ids[j];
      ids[j] = tmp;
    }

  for (gsize b = 0; b < n_bases; b++)
    {
      random_unit (rand, bases + b * DIM);
      for (gsize c = 0; c < per_base; c++)
        {
          gsize i = b * per_base + c;

          if (c % 3 == 0)
            memcpy (v, bases + b * DIM, sizeof v);     /* exact duplicate */
          else
            perturbed (rand, bases + b * DIM, c % 3 == 1 ? 1e-6 : 1e-4, v);
          add_ok (index, ids[i], (gint64) b, 1, v);
        }
    }

  check_against_oracle (index, rand, 6, ks, G_N_ELEMENTS (ks), bases, n_bases);

  /* querying with a base itself returns its whole cluster; the exact
   * duplicates in it tie and are listed by ascending id */
  for (gsize b = 0; b < 5; b++)
    {
      g_autoptr(GArray) got = search_ok (index, bases + b * DIM, per_base, NULL, 0);
      g_autoptr(GArray) want = oracle_ok (index, bases + b * DIM, per_base, NULL, 0);
      g_autoptr(GArray) dups = g_array_new (FALSE, FALSE, sizeof (gint64));
      guint m = 0;
      float tie = 0.0f;

      assert_same_hits (got, want);
      for (gsize c = 0; c < per_base; c += 3)
        g_array_append_val (dups, ids[b * per_base + c]);
      g_array_sort (dups, compare_int64);

      for (guint i = 0; i < got->len; i++)
        {
          FlIndexHit *h = &g_array_index (got, FlIndexHit, i);
          gboolean is_dup = FALSE;

          for (guint d = 0; d < dups->len && !is_dup; d++)
            is_dup = g_array_index (dups, gint64, d) == h->id;
          if (!is_dup)
            continue;
          if (m == 0)
            tie = h->score;
          g_assert_true (h->score == tie);
          g_assert_cmpint (h->id, ==, g_array_index (dups, gint64, m));
          m++;
        }
      g_assert_cmpuint (m, ==, dups->len);
    }
}

/* Every template identical: the answer is the K smallest ids, whatever the
 * insertion order, and the shortlist must hold all of them. */
static void
test_all_ties (void)
{
  const gsize n = 5000;
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  FlIndexSearchStats stats;
  float v[DIM];
  float q[DIM];

  random_unit (rand, v);
  for (gsize i = 0; i < n; i++)
    add_ok (index, (gint64) ((i * 2654435761u) % 100003), (gint64) i, 1, v);
  perturbed (rand, v, 0.3, q);

  g_assert_true (fl_index_search_with_stats (index, q, 50, NULL, 0, &hits, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 50);
  g_assert_cmpuint (stats.n_scanned, ==, n);
  g_assert_cmpuint (stats.n_reranked, >=, n);
  {
    g_autoptr(GArray) want = oracle_ok (index, q, 50, NULL, 0);

    assert_same_hits (hits, want);
  }
  for (guint i = 1; i < hits->len; i++)
    g_assert_cmpint (g_array_index (hits, FlIndexHit, i - 1).id, <,
                     g_array_index (hits, FlIndexHit, i).id);
}

/* On ordinary data the first pass leaves a short list to re-rank. */
static void
test_shortlist_is_short (void)
{
  const gsize n = 20000;
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  FlIndexSearchStats stats;
  float v[DIM];

  for (gsize i = 0; i < n; i++)
    {
      random_unit (rand, v);
      add_ok (index, (gint64) i, (gint64) i, 1, v);
    }
  random_unit (rand, v);
  g_assert_true (fl_index_search_with_stats (index, v, 50, NULL, 0, &hits, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_scanned, ==, n);
  g_assert_cmpuint (stats.n_reranked, >=, 50);
  g_assert_cmpuint (stats.n_reranked, <, n / 4);
}

static void
test_gallery_filter (void)
{
  const gsize n = 6000;
  const gint64 chosen[] = { 10, 30 };
  const gint64 missing[] = { 99 };
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  float v[DIM];

  for (gsize i = 0; i < n; i++)
    {
      random_unit (rand, v);
      add_ok (index, (gint64) i, (gint64) i, (gint64) (10 * (1 + i % 3)), v);
    }

  for (guint t = 0; t < 5; t++)
    {
      g_autoptr(GArray) got = NULL;
      g_autoptr(GArray) want = NULL;
      g_autoptr(GArray) none = NULL;

      random_unit (rand, v);
      got = search_ok (index, v, 50, chosen, G_N_ELEMENTS (chosen));
      want = oracle_ok (index, v, 50, chosen, G_N_ELEMENTS (chosen));
      assert_same_hits (got, want);
      g_assert_cmpuint (got->len, ==, 50);
      for (guint i = 0; i < got->len; i++)
        {
          gint64 g = g_array_index (got, FlIndexHit, i).gallery_id;

          g_assert_true (g == 10 || g == 30);
        }

      none = search_ok (index, v, 50, missing, G_N_ELEMENTS (missing));
      g_assert_cmpuint (none->len, ==, 0);
    }
}

static gboolean
hits_contain_subject (GArray *hits, gint64 subject)
{
  for (guint i = 0; i < hits->len; i++)
    if (g_array_index (hits, FlIndexHit, i).subject_id == subject)
      return TRUE;
  return FALSE;
}

static void
test_sealed (void)
{
  const gsize n = 3000;
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  g_autofree float *vecs = g_new (float, n * DIM);
  float q[DIM];
  float late[DIM];

  for (gsize i = 0; i < n; i++)
    {
      random_unit (rand, vecs + i * DIM);
      add_ok (index, (gint64) i, (gint64) (i / 3), 1, vecs + i * DIM);
    }

  /* the query is template 300 itself: subject 100 is the best match */
  memcpy (q, vecs + 300 * DIM, sizeof q);
  {
    g_autoptr(GArray) hits = search_ok (index, q, 10, NULL, 0);

    g_assert_cmpint (g_array_index (hits, FlIndexHit, 0).id, ==, 300);
  }

  g_assert_cmpuint (fl_index_set_subject_sealed (index, 100, TRUE), ==, 3);
  g_assert_true (fl_index_is_subject_sealed (index, 100));
  {
    g_autoptr(GArray) hits = search_ok (index, q, 50, NULL, 0);
    g_autoptr(GArray) want = oracle_ok (index, q, 50, NULL, 0);
    g_autoptr(GArray) all = search_ok (index, q, FL_INDEX_MAX_K, NULL, 0);

    g_assert_false (hits_contain_subject (hits, 100));
    g_assert_false (hits_contain_subject (all, 100));
    g_assert_cmpuint (all->len, ==, n - 3);
    assert_same_hits (hits, want);
  }

  /* a template added later for a sealed subject is sealed too */
  perturbed (rand, q, 1e-3, late);
  add_ok (index, 5000, 100, 1, late);
  {
    g_autoptr(GArray) hits = search_ok (index, q, 50, NULL, 0);

    g_assert_false (hits_contain_subject (hits, 100));
  }

  g_assert_cmpuint (fl_index_set_subject_sealed (index, 100, FALSE), ==, 4);
  g_assert_false (fl_index_is_subject_sealed (index, 100));
  {
    g_autoptr(GArray) hits = search_ok (index, q, 10, NULL, 0);

    g_assert_cmpint (g_array_index (hits, FlIndexHit, 0).id, ==, 300);
    g_assert_cmpint (g_array_index (hits, FlIndexHit, 1).id, ==, 5000);
  }
}

static void
test_empty (void)
{
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GArray) want = NULL;
  const gint64 gallery = 1;
  float q[DIM];

  random_unit (rand, q);
  g_assert_cmpuint (fl_index_get_size (index), ==, 0);
  hits = search_ok (index, q, 50, NULL, 0);
  want = oracle_ok (index, q, 50, &gallery, 1);
  g_assert_cmpuint (hits->len, ==, 0);
  g_assert_cmpuint (want->len, ==, 0);
}

static void
test_k_larger_than_n (void)
{
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GArray) want = NULL;
  float v[DIM];

  for (gint64 i = 0; i < 7; i++)
    {
      random_unit (rand, v);
      add_ok (index, 100 - i, i, 1, v);
    }
  random_unit (rand, v);
  hits = search_ok (index, v, 50, NULL, 0);
  want = oracle_ok (index, v, 50, NULL, 0);
  g_assert_cmpuint (hits->len, ==, 7);
  assert_same_hits (hits, want);
}

static void
test_query_refused (void)
{
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  float v[DIM];
  float q[DIM];

  random_unit (rand, v);
  add_ok (index, 1, 1, 1, v);

  /* twice the length: a cosine would be wrong, so it is refused, not rescaled */
  for (guint j = 0; j < DIM; j++)
    q[j] = 2.0f * v[j];
  {
    g_autoptr(GError) error = NULL;
    GArray *hits = NULL;

    g_assert_false (fl_index_search (index, q, 50, NULL, 0, &hits, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "L2 norm 2.0"));
    g_assert_null (hits);
  }
  {
    g_autoptr(GError) error = NULL;
    GArray *hits = NULL;

    g_assert_false (fl_index_search_exact_scalar (index, q, 50, NULL, 0, &hits, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  }

  memcpy (q, v, sizeof q);
  q[5] = NAN;
  {
    g_autoptr(GError) error = NULL;
    GArray *hits = NULL;

    g_assert_false (fl_index_search (index, q, 50, NULL, 0, &hits, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "non-finite"));
  }

  /* within the tolerance is accepted */
  for (guint j = 0; j < DIM; j++)
    q[j] = v[j] * 1.0005f;
  {
    g_autoptr(GArray) hits = search_ok (index, q, 1, NULL, 0);

    g_assert_cmpuint (hits->len, ==, 1);
  }
}

static void
test_k_refused (void)
{
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  float q[DIM];

  random_unit (rand, q);
  add_ok (index, 1, 1, 1, q);
  {
    g_autoptr(GError) error = NULL;
    GArray *hits = NULL;

    g_assert_false (fl_index_search (index, q, 0, NULL, 0, &hits, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "k is 0"));
    g_assert_null (hits);
  }
  {
    g_autoptr(GError) error = NULL;
    GArray *hits = NULL;

    g_assert_false (fl_index_search (index, q, FL_INDEX_MAX_K + 1, NULL, 0, &hits, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  }
}

static void
test_add_refused (void)
{
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  float v[DIM];
  float w[DIM];

  random_unit (rand, v);
  add_ok (index, 1, 1, 1, v);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (fl_index_add (index, 1, 2, 1, v, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_EXISTS);
  }
  for (guint j = 0; j < DIM; j++)
    w[j] = 0.5f * v[j];
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (fl_index_add (index, 2, 2, 1, w, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  }
  memset (w, 0, sizeof w);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (fl_index_add (index, 3, 2, 1, w, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_INVALID);
  }
  g_assert_cmpuint (fl_index_get_size (index), ==, 1);
}

/* Removal moves the last entry into the hole and reshuffles the id table:
 * after many removals and re-additions the index still agrees with the oracle. */
static void
test_remove (void)
{
  const guint ks[] = { 1, 50 };
  const gsize n = 8000;
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (18);
  g_autofree float *vecs = g_new (float, n * DIM);
  gsize expected = n;

  for (gsize i = 0; i < n; i++)
    {
      random_unit (rand, vecs + i * DIM);
      add_ok (index, (gint64) i, (gint64) i, 1, vecs + i * DIM);
    }

  /* the best match disappears from the results */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) hits = NULL;

    g_assert_true (fl_index_remove (index, 42, &error));
    g_assert_no_error (error);
    expected--;
    hits = search_ok (index, vecs + 42 * DIM, 50, NULL, 0);
    for (guint i = 0; i < hits->len; i++)
      g_assert_cmpint (g_array_index (hits, FlIndexHit, i).id, !=, 42);
    g_assert_false (fl_index_contains (index, 42));
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (fl_index_remove (index, 42, &error));
    g_assert_error (error, FL_ERROR, FL_ERROR_NOT_FOUND);
  }

  for (gsize i = 0; i < n; i += 3)
    if (i != 42)
      {
        g_autoptr(GError) error = NULL;

        g_assert_true (fl_index_remove (index, (gint64) i, &error));
        g_assert_no_error (error);
        expected--;
      }
  g_assert_cmpuint (fl_index_get_size (index), ==, expected);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpint (fl_index_contains (index, (gint64) i), ==, i % 3 != 0 && i != 42);

  /* re-adding a removed id works; the vector is new */
  for (gsize i = 0; i < n; i += 6)
    {
      random_unit (rand, vecs + i * DIM);
      add_ok (index, (gint64) i, (gint64) i, 1, vecs + i * DIM);
      expected++;
    }
  g_assert_cmpuint (fl_index_get_size (index), ==, expected);
  check_against_oracle (index, rand, 6, ks, G_N_ELEMENTS (ks), vecs, n);
}

/* Growing without a reservation keeps every template intact. */
static void
test_growth (void)
{
  const gsize n = 50000;
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  g_autofree float *vecs = g_new (float, n * DIM);

  for (gsize i = 0; i < n; i++)
    {
      random_unit (rand, vecs + i * DIM);
      add_ok (index, (gint64) i, (gint64) i, 1, vecs + i * DIM);
    }
  for (gsize i = 0; i < n; i += 4999)
    {
      g_autoptr(GArray) hits = search_ok (index, vecs + i * DIM, 1, NULL, 0);

      g_assert_cmpint (g_array_index (hits, FlIndexHit, 0).id, ==, (gint64) i);
      g_assert_cmpfloat_with_epsilon (g_array_index (hits, FlIndexHit, 0).score, 1.0, 1e-5);
    }
}

typedef struct
{
  FlIndex *index;
  const float *queries;
  GArray **expected;
  guint n_queries;
  gint failures;
} ConcurrentData;

static gpointer
concurrent_thread (gpointer user_data)
{
  ConcurrentData *d = user_data;

  for (guint round = 0; round < 3; round++)
    for (guint t = 0; t < d->n_queries; t++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GArray) hits = NULL;

        gboolean same;

        same = fl_index_search (d->index, d->queries + t * DIM, 50, NULL, 0, &hits, &error) &&
               hits->len == d->expected[t]->len;
        for (guint i = 0; same && i < hits->len; i++)
          same = g_array_index (hits, FlIndexHit, i).id == g_array_index (d->expected[t], FlIndexHit, i).id &&
                 g_array_index (hits, FlIndexHit, i).score == g_array_index (d->expected[t], FlIndexHit, i).score;
        if (!same)
          g_atomic_int_inc (&d->failures);
      }
  return NULL;
}

static void
test_concurrent (void)
{
  const gsize n = 70000;
  const guint n_queries = 6;
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20);
  g_autofree float *queries = g_new (float, n_queries * DIM);
  GArray *expected[6];
  GThread *threads[4];
  ConcurrentData d;
  float v[DIM];

  for (gsize i = 0; i < n; i++)
    {
      random_unit (rand, v);
      add_ok (index, (gint64) i, (gint64) i, 1, v);
    }
  for (guint t = 0; t < n_queries; t++)
    {
      random_unit (rand, queries + t * DIM);
      expected[t] = oracle_ok (index, queries + t * DIM, 50, NULL, 0);
    }

  d = (ConcurrentData) { index, queries, expected, n_queries, 0 };
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("search", concurrent_thread, &d);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpint (d.failures, ==, 0);

  for (guint t = 0; t < n_queries; t++)
    g_array_unref (expected[t]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/index/search/exact-top-k", test_exact_top_k);
  g_test_add_func ("/index/search/exact-threaded", test_exact_threaded);
  g_test_add_func ("/index/search/near-duplicates", test_near_duplicates);
  g_test_add_func ("/index/search/all-ties", test_all_ties);
  g_test_add_func ("/index/search/shortlist-is-short", test_shortlist_is_short);
  g_test_add_func ("/index/search/empty", test_empty);
  g_test_add_func ("/index/search/k-larger-than-n", test_k_larger_than_n);
  g_test_add_func ("/index/search/concurrent", test_concurrent);
  g_test_add_func ("/index/filter/gallery", test_gallery_filter);
  g_test_add_func ("/index/filter/sealed", test_sealed);
  g_test_add_func ("/index/refuse/query", test_query_refused);
  g_test_add_func ("/index/refuse/k", test_k_refused);
  g_test_add_func ("/index/refuse/add", test_add_refused);
  g_test_add_func ("/index/build/remove", test_remove);
  g_test_add_func ("/index/build/growth", test_growth);

  return g_test_run ();
}
