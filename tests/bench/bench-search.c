/* bench-search.c: `faceleads-bench search`
 *
 * Latency, exactness and memory of the 1:N template index (fl-index.c) on
 * random unit vectors, against the plain single-threaded float32 scan (which
 * is also the oracle for exactness) and FAISS IndexFlatIP run on the same
 * vectors by tests/bench/faiss-flatip.py.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bench.h"
#include "fl-index.h"

#define DIM FL_INDEX_DIM
#define FAISS_UNAVAILABLE 3      /* exit status of faiss-flatip.py when numpy/faiss are missing */
#define MATED_NOISE 0.08         /* per component: cosine to the enrolled template ≈ 0.7 */
#define WARMUP_QUERIES 5

typedef struct
{
  guint k;
  guint n_queries;
  guint64 seed;
  gboolean faiss;
  char *python;
  char *script;
  char *tmpdir;
  char *faiss_skipped;   /* why FAISS did not run; set once */
} Options;

typedef struct
{
  gsize n;
  double build_s;
  double index_ms;
  double scalar_ms;
  double faiss_ms;       /* NAN when FAISS did not run */
  guint faiss_same;      /* queries whose FAISS top-k has the same ids */
  guint n_identical;
  double reranked;       /* mean entries re-ranked in float32 per query */
  gint64 hwm_kib;        /* VmHWM right after building */
  gint64 anon_kib;       /* RssAnon right after building: the index, mostly */
} SizeResult;

/* ---- deterministic random unit vectors --------------------------------- */

typedef struct
{
  guint64 s[4];
  gboolean has_spare;
  double spare;
} Rng;

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static void
rng_init (Rng *r, guint64 seed)
{
  for (guint i = 0; i < 4; i++)
    r->s[i] = splitmix64 (&seed);
  r->has_spare = FALSE;
}

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static guint64
rng_next (Rng *r)
{
  guint64 *s = r->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* Marsaglia's polar method */
static double
rng_gauss (Rng *r)
{
  double u, v, s;

  if (r->has_spare)
    {
      r->has_spare = FALSE;
      return r->spare;
    }
  do
    {
      u = (rng_next (r) >> 11) * 0x1.0p-52 - 1.0;
      v = (rng_next (r) >> 11) * 0x1.0p-52 - 1.0;
      s = u * u + v * v;
    }
  while (s >= 1.0 || s == 0.0);
  s = sqrt (-2.0 * log (s) / s);
  r->spare = v * s;
  r->has_spare = TRUE;
  return u * s;
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
random_unit (Rng *r, float *v)
{
  for (guint j = 0; j < DIM; j++)
    v[j] = (float) rng_gauss (r);
  normalise (v);
}

/* ---- FAISS ------------------------------------------------------------- */

static gboolean
run_faiss (Options     *o,
           const char  *vectors,
           const char  *queries,
           const char  *ids_out,
           double      *median_ms)
{
  const char *fallbacks[] = { "/usr/bin/python3", "python3" };
  const char *single[] = { o->python };
  const char **pythons = o->python ? single : fallbacks;
  guint n_pythons = o->python ? 1 : G_N_ELEMENTS (fallbacks);
  g_autofree char *k = g_strdup_printf ("%u", o->k);
  g_autoptr(GString) reasons = g_string_new (NULL);

  for (guint p = 0; p < n_pythons; p++)
    {
      const char *argv[] = { pythons[p], o->script, "--vectors", vectors, "--queries", queries,
                             "--dim", G_STRINGIFY (FL_INDEX_DIM), "--k", k, "--ids-out", ids_out, NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;
      const char *line;
      int status;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                         &out, &err, &status, &error))
        {
          g_string_append_printf (reasons, "%s%s: %s", reasons->len ? "; " : "", pythons[p], error->message);
          continue;
        }
      if (!g_spawn_check_wait_status (status, &error))
        {
          g_strstrip (err);
          if (g_error_matches (error, G_SPAWN_EXIT_ERROR, FAISS_UNAVAILABLE))
            {
              g_string_append_printf (reasons, "%s%s: %s", reasons->len ? "; " : "", pythons[p], err);
              continue;
            }
          o->faiss_skipped = g_strdup_printf ("%s %s failed: %s", pythons[p], o->script, err);
          return FALSE;
        }
      line = strstr (out, "median_ms ");
      if (line == NULL)
        {
          o->faiss_skipped = g_strdup_printf ("%s printed no median: %s", o->script, out);
          return FALSE;
        }
      *median_ms = g_ascii_strtod (line + strlen ("median_ms "), NULL);
      return TRUE;
    }
  o->faiss_skipped = g_string_free (g_steal_pointer (&reasons), FALSE);
  return FALSE;
}

static int
compare_gint64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Queries whose FAISS top-k holds the same ids as the exact answer (FAISS
 * sums in another order, so near-ties may come out in another order). */
static guint
count_faiss_same (const char *ids_path, const gint64 *exact_ids, guint n_queries, guint k)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  guint same = 0;

  if (!g_file_get_contents (ids_path, &data, &len, NULL) ||
      len != (gsize) n_queries * k * sizeof (gint64))
    return 0;
  for (guint q = 0; q < n_queries; q++)
    {
      g_autofree gint64 *a = g_memdup2 (data + (gsize) q * k * sizeof (gint64), k * sizeof (gint64));
      g_autofree gint64 *b = g_memdup2 (exact_ids + (gsize) q * k, k * sizeof (gint64));

      qsort (a, k, sizeof (gint64), compare_gint64);
      qsort (b, k, sizeof (gint64), compare_gint64);
      same += memcmp (a, b, k * sizeof (gint64)) == 0;
    }
  return same;
}

/* ---- one gallery size -------------------------------------------------- */

static gboolean
hits_identical (GArray *a, GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      FlIndexHit *x = &g_array_index (a, FlIndexHit, i);
      FlIndexHit *y = &g_array_index (b, FlIndexHit, i);

      if (x->id != y->id || memcmp (&x->score, &y->score, sizeof (float)) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_all (FILE *f, const float *v, gsize n_floats, GError **error)
{
  if (fwrite (v, sizeof (float), n_floats, f) != n_floats)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "Could not write the FAISS data file: %s",
                   g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_size (Options *o, gsize n, SizeResult *res, GError **error)
{
  g_autoptr(FlIndex) index = fl_index_new ();
  g_autofree char *vectors_path = g_build_filename (o->tmpdir, "vectors.f32", NULL);
  g_autofree char *queries_path = g_build_filename (o->tmpdir, "queries.f32", NULL);
  g_autofree char *ids_path = g_build_filename (o->tmpdir, "faiss-ids.i64", NULL);
  g_autofree gsize *targets = g_new (gsize, o->n_queries);
  g_autofree float *queries = g_new (float, (gsize) o->n_queries * DIM);
  g_autofree double *index_ms = g_new (double, o->n_queries);
  g_autofree double *scalar_ms = g_new (double, o->n_queries);
  g_autofree gint64 *exact_ids = g_new0 (gint64, (gsize) o->n_queries * o->k);
  gboolean faiss = o->faiss && o->faiss_skipped == NULL;
  FILE *vf = NULL;
  Rng rng;
  float v[DIM];
  double t0;
  guint64 reranked = 0;

  *res = (SizeResult) { .n = n, .faiss_ms = NAN };
  rng_init (&rng, o->seed ^ ((guint64) n * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)));

  /* odd queries are noisy copies of enrolled templates (a mate is present) */
  for (guint q = 0; q < o->n_queries; q++)
    targets[q] = q % 2 ? (gsize) (rng_next (&rng) % n) : G_MAXSIZE;

  if (faiss && (vf = g_fopen (vectors_path, "wb")) == NULL)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "Could not create %s: %s", vectors_path, g_strerror (errno));
      return FALSE;
    }

  t0 = fl_bench_now_ms ();
  if (!fl_index_reserve (index, n, error))
    goto fail;
  for (gsize i = 0; i < n; i++)
    {
      random_unit (&rng, v);
      if (!fl_index_add (index, (gint64) i, (gint64) (i / 2), (gint64) (1 + i % 4), v, error))
        goto fail;
      if (vf != NULL && !write_all (vf, v, DIM, error))
        goto fail;
      for (guint q = 1; q < o->n_queries; q += 2)
        if (targets[q] == i)
          memcpy (queries + (gsize) q * DIM, v, sizeof v);
    }
  res->build_s = (fl_bench_now_ms () - t0) / 1e3;
  res->hwm_kib = fl_bench_proc_status_kib ("VmHWM");
  res->anon_kib = fl_bench_proc_status_kib ("RssAnon");
  if (vf != NULL && fclose (g_steal_pointer (&vf)) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "Could not write %s", vectors_path);
      return FALSE;
    }

  for (guint q = 0; q < o->n_queries; q++)
    {
      float *y = queries + (gsize) q * DIM;

      if (q % 2)
        {
          for (guint j = 0; j < DIM; j++)
            y[j] += (float) (MATED_NOISE * rng_gauss (&rng));
          normalise (y);
        }
      else
        random_unit (&rng, y);
    }
  if (faiss && !g_file_set_contents (queries_path, (const char *) queries,
                                     (gssize) ((gsize) o->n_queries * DIM * sizeof (float)), error))
    return FALSE;

  for (guint w = 0; w < WARMUP_QUERIES; w++)
    {
      g_autoptr(GArray) hits = NULL;

      if (!fl_index_search (index, queries + (gsize) (w % o->n_queries) * DIM, o->k, NULL, 0, &hits, error))
        return FALSE;
    }
  {
    g_autoptr(GArray) hits = NULL;

    if (!fl_index_search_exact_scalar (index, queries, o->k, NULL, 0, &hits, error))
      return FALSE;
  }

  for (guint q = 0; q < o->n_queries; q++)
    {
      const float *y = queries + (gsize) q * DIM;
      g_autoptr(GArray) hits = NULL;
      g_autoptr(GArray) exact = NULL;
      FlIndexSearchStats stats;

      t0 = fl_bench_now_ms ();
      if (!fl_index_search_with_stats (index, y, o->k, NULL, 0, &hits, &stats, error))
        return FALSE;
      index_ms[q] = fl_bench_now_ms () - t0;
      reranked += stats.n_reranked;

      t0 = fl_bench_now_ms ();
      if (!fl_index_search_exact_scalar (index, y, o->k, NULL, 0, &exact, error))
        return FALSE;
      scalar_ms[q] = fl_bench_now_ms () - t0;

      res->n_identical += exact->len == MIN (o->k, n) && hits_identical (hits, exact);
      for (guint i = 0; i < exact->len; i++)
        exact_ids[(gsize) q * o->k + i] = g_array_index (exact, FlIndexHit, i).id;
    }
  res->index_ms = fl_bench_median (index_ms, o->n_queries);
  res->scalar_ms = fl_bench_median (scalar_ms, o->n_queries);
  res->reranked = (double) reranked / o->n_queries;

  /* FAISS gets the machine to itself */
  g_clear_pointer (&index, fl_index_unref);
  if (faiss && run_faiss (o, vectors_path, queries_path, ids_path, &res->faiss_ms))
    res->faiss_same = count_faiss_same (ids_path, exact_ids, o->n_queries, o->k);

  g_remove (vectors_path);
  g_remove (queries_path);
  g_remove (ids_path);
  return TRUE;

fail:
  if (vf != NULL)
    fclose (vf);
  g_remove (vectors_path);
  return FALSE;
}

/* ---- report ------------------------------------------------------------ */

static void
print_table (const Options *o, const SizeResult *res, guint n_res)
{
  printf ("\n%9s %8s %11s %10s %8s %9s %9s %10s %9s\n",
          "templates", "build s", "index ms", "scalar ms", "speed-up",
          "FAISS ms", "vs FAISS", "identical", "re-ranked");
  for (guint i = 0; i < n_res; i++)
    {
      const SizeResult *r = &res[i];
      g_autofree char *faiss_ms = isnan (r->faiss_ms) ? g_strdup ("-") : g_strdup_printf ("%.3f", r->faiss_ms);
      g_autofree char *vs_faiss = isnan (r->faiss_ms) ? g_strdup ("-")
                                                      : g_strdup_printf ("%.1fx", r->faiss_ms / r->index_ms);
      g_autofree char *identical = g_strdup_printf ("%u/%u", r->n_identical, o->n_queries);

      printf ("%9" G_GSIZE_FORMAT " %8.2f %11.3f %10.3f %7.1fx %9s %9s %10s %9.0f\n",
              r->n, r->build_s, r->index_ms, r->scalar_ms, r->scalar_ms / r->index_ms,
              faiss_ms, vs_faiss, identical, r->reranked);
    }
  printf ("(medians over %u queries; speed-up = scalar / index; vs FAISS = FAISS / index;\n"
          " re-ranked = mean templates scored in float32 after the int8 pass)\n\n", o->n_queries);
}

int
fl_bench_search_main (int argc, char **argv)
{
  g_autofree char *sizes_arg = NULL;
  g_auto(GStrv) sizes = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (SizeResult));
  gint k = FL_INDEX_DEFAULT_K;
  gint n_queries = 50;
  gint64 seed = 1;
  gboolean no_faiss = FALSE;
  gboolean all_identical = TRUE;
  gint64 start_rss_kib = fl_bench_proc_status_kib ("VmRSS");
  Options o = { 0 };
  GOptionEntry entries[] = {
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_arg, "Gallery sizes (default 10000,100000,1000000)", "N,N,…" },
    { "k", 'k', 0, G_OPTION_ARG_INT, &k, "Candidates per query (default 50)", "K" },
    { "queries", 'q', 0, G_OPTION_ARG_INT, &n_queries, "Timed queries per size (default 50)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed (default 1)", "S" },
    { "no-faiss", 0, 0, G_OPTION_ARG_NONE, &no_faiss, "Do not run FAISS", NULL },
    { "python", 0, 0, G_OPTION_ARG_FILENAME, &o.python, "Python with faiss (default /usr/bin/python3, then python3)", "PATH" },
    { "faiss-script", 0, 0, G_OPTION_ARG_FILENAME, &o.script, "faiss-flatip.py", "PATH" },
    { NULL }
  };

  context = g_option_context_new ("- exact 1:N template search benchmark");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("faceleads-bench search: %s\n", error->message);
      return 2;
    }
  if (k < 1 || k > FL_INDEX_MAX_K || n_queries < 1)
    {
      g_printerr ("faceleads-bench search: --k must be 1…%u and --queries at least 1\n", FL_INDEX_MAX_K);
      return 2;
    }
  o.k = (guint) k;
  o.n_queries = (guint) n_queries;
  o.seed = (guint64) seed;
  o.faiss = !no_faiss;
  if (o.script == NULL)
    o.script = g_build_filename (FL_SOURCE_DIR, "tests", "bench", "faiss-flatip.py", NULL);
  sizes = g_strsplit (sizes_arg ? sizes_arg : "10000,100000,1000000", ",", -1);

  o.tmpdir = g_dir_make_tmp ("faceleads-bench-XXXXXX", &error);
  if (o.tmpdir == NULL)
    {
      g_printerr ("faceleads-bench search: %s\n", error->message);
      return 1;
    }

  printf ("faceleads-bench search: %u-D float32 unit vectors, top-%u, seed %" G_GUINT64_FORMAT ", "
          "%u queries per size (half random, half noisy copies of an enrolled template), %u processors\n",
          DIM, o.k, o.seed, o.n_queries, g_get_num_processors ());

  for (guint s = 0; sizes[s] != NULL; s++)
    {
      guint64 n = 0;
      SizeResult r;

      if (!g_ascii_string_to_unsigned (sizes[s], 10, 1, G_MAXUINT32 / 2, &n, &error))
        {
          g_printerr ("faceleads-bench search: --sizes: %s\n", error->message);
          return 2;
        }
      fprintf (stderr, "  %" G_GUINT64_FORMAT " templates…\n", n);
      if (!run_size (&o, (gsize) n, &r, &error))
        {
          g_printerr ("faceleads-bench search: %s\n", error->message);
          return 1;
        }
      g_array_append_val (results, r);
    }
  g_rmdir (o.tmpdir);

  print_table (&o, (SizeResult *) results->data, results->len);

  for (guint i = 0; i < results->len; i++)
    {
      SizeResult *r = &g_array_index (results, SizeResult, i);

      printf ("%9" G_GSIZE_FORMAT ": top-%u identical: %s (%u/%u queries)",
              r->n, o.k, r->n_identical == o.n_queries ? "yes" : "NO", r->n_identical, o.n_queries);
      if (!isnan (r->faiss_ms))
        printf ("; FAISS top-%u same ids: %u/%u", o.k, r->faiss_same, o.n_queries);
      printf ("\n");
      all_identical &= r->n_identical == o.n_queries;
    }
  if (results->len > 0)
    {
      SizeResult *last = &g_array_index (results, SizeResult, results->len - 1);

      printf ("peak RSS (VmHWM) after building the %" G_GSIZE_FORMAT "-template index: %.1f MiB (%.1f MB)\n"
              "  of which: process before any index %.1f MiB (mostly shared-library pages), "
              "anonymous memory after building %.1f MiB, template data %.1f MiB\n",
              last->n, last->hwm_kib / 1024.0, last->hwm_kib * 1024 / 1e6,
              start_rss_kib / 1024.0, last->anon_kib / 1024.0,
              last->n * (DIM * (sizeof (float) + 1) + 29) / (1024.0 * 1024.0));
    }
  if (o.faiss_skipped != NULL)
    printf ("FAISS skipped: %s\n", o.faiss_skipped);
  else if (!o.faiss)
    printf ("FAISS skipped: --no-faiss\n");
  else
    printf ("FAISS: IndexFlatIP, one query per call, as timed by %s\n", o.script);

  g_free (o.python);
  g_free (o.script);
  g_free (o.tmpdir);
  g_free (o.faiss_skipped);
  return all_identical ? 0 : 1;
}
