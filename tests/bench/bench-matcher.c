/* bench-matcher.c: enrolment throughput and identification accuracy of the matcher
 *
 *   faceleads-bench enroll DIR     images/s for decode + detect + landmarks + template,
 *                                  on one thread and on all cores
 *   faceleads-bench identify DIR   DIR holds one folder per person; persons at even
 *                                  positions (sorted) are enrolled with their first photo,
 *                                  their other photos are mated searches, every photo of
 *                                  the others is a non-mated search
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "bench-matcher.h"
#include "fl-matcher.h"

typedef struct
{
  char *path;
  char *error;        /* the image could not be read */
  gboolean found;     /* a face was found; template holds the largest face's */
  guint faces;
  float template[FL_TEMPLATE_LENGTH];
  double decode_ms;
  double detect_ms;   /* detection, landmarks and chip */
  double template_ms;
} Photo;

typedef struct
{
  FlMatcher *matcher;
  Photo **photos;
  guint n_photos;
  FlDetectFlags flags;
  gint next;          /* atomic: next photo to process */
} Work;

static void
photo_free (Photo *photo)
{
  g_free (photo->path);
  g_free (photo->error);
  g_free (photo);
}

static gboolean
is_image_name (const char *name)
{
  const char *ext[] = { ".jpg", ".jpeg", ".png", ".pgm", ".ppm", ".bmp", ".tif", ".tiff", ".webp" };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (ext); i++)
    if (g_str_has_suffix (lower, ext[i]))
      return TRUE;
  return FALSE;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Sorted full paths of DIR's entries: folders when want_dirs, else image files. */
static GPtrArray *
list_dir (const char *dir, gboolean want_dirs, GError **error)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, error);
  GPtrArray *paths;
  const char *name;

  if (d == NULL)
    return NULL;
  paths = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      gboolean is_dir = g_file_test (path, G_FILE_TEST_IS_DIR);

      if (name[0] == '.' || is_dir != want_dirs || (!is_dir && !is_image_name (name)))
        continue;
      g_ptr_array_add (paths, g_steal_pointer (&path));
    }
  g_ptr_array_sort (paths, compare_paths);
  return paths;
}

/* Every image under DIR, its sub-folders included, sorted. */
static void
collect_images (const char *dir, GPtrArray *out)
{
  g_autoptr(GPtrArray) files = list_dir (dir, FALSE, NULL);
  g_autoptr(GPtrArray) dirs = list_dir (dir, TRUE, NULL);

  if (files != NULL)
    for (guint i = 0; i < files->len; i++)
      g_ptr_array_add (out, g_strdup (files->pdata[i]));
  if (dirs != NULL)
    for (guint i = 0; i < dirs->len; i++)
      collect_images (dirs->pdata[i], out);
}

static Photo *
photo_new (const char *path)
{
  Photo *photo = g_new0 (Photo, 1);

  photo->path = g_strdup (path);
  return photo;
}

static void
process_photo (FlMatcher *matcher, Photo *photo, FlDetectFlags flags)
{
  g_autoptr(GError) error = NULL;
  double t0 = fl_bench_now_ms ();
  g_autoptr(FlImage) image = fl_image_new_from_file (photo->path, &error);
  double t1 = fl_bench_now_ms ();
  g_autoptr(GPtrArray) faces = NULL;

  photo->decode_ms = t1 - t0;
  photo->found = FALSE;
  if (image == NULL)
    {
      photo->error = g_strdup (error->message);
      return;
    }
  faces = fl_matcher_detect (matcher, image, flags, &error);
  double t2 = fl_bench_now_ms ();
  photo->detect_ms = t2 - t1;
  if (faces == NULL)
    {
      photo->error = g_strdup (error->message);
      return;
    }
  photo->faces = faces->len;
  if (faces->len == 0)
    return;
  if (!fl_matcher_compute_template (matcher, faces->pdata[0], photo->template, &error))
    {
      photo->error = g_strdup (error->message);
      return;
    }
  photo->template_ms = fl_bench_now_ms () - t2;
  photo->found = TRUE;
}

static gpointer
worker (gpointer data)
{
  Work *work = data;
  gint i;

  while ((i = g_atomic_int_add (&work->next, 1)) < (gint) work->n_photos)
    process_photo (work->matcher, work->photos[i], work->flags);
  return NULL;
}

/* Processes every photo on n_threads threads; returns the wall time in ms. */
static double
process_all (FlMatcher *matcher, Photo **photos, guint n_photos, FlDetectFlags flags, guint n_threads)
{
  Work work = { matcher, photos, n_photos, flags, 0 };
  g_autofree GThread **threads = g_new0 (GThread *, n_threads);
  double start = fl_bench_now_ms ();

  for (guint t = 0; t < n_threads; t++)
    threads[t] = g_thread_new ("bench-matcher", worker, &work);
  for (guint t = 0; t < n_threads; t++)
    g_thread_join (threads[t]);
  return fl_bench_now_ms () - start;
}

typedef struct
{
  int threads;
  char *ssd;
} Options;

static gboolean
parse_options (int *argc, char ***argv, const char *usage, Options *opt, FlDetectFlags *flags, char **dir)
{
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "threads", 't', 0, G_OPTION_ARG_INT, &opt->threads, "Threads for the parallel pass (default: all cores)", "N" },
    { "ssd", 0, 0, G_OPTION_ARG_STRING, &opt->ssd,
      "When the SSD detector runs: always (the default), fallback (only when HOG finds no face), never", "WHEN" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (usage);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return FALSE;
    }
  if (*argc != 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      fprintf (stderr, "%s", help);
      return FALSE;
    }
  if (opt->threads <= 0)
    opt->threads = (int) g_get_num_processors ();
  if (opt->ssd == NULL || strcmp (opt->ssd, "always") == 0)
    *flags = FL_DETECT_DEFAULT;
  else if (strcmp (opt->ssd, "fallback") == 0)
    *flags = FL_DETECT_SSD_IF_NONE;
  else if (strcmp (opt->ssd, "never") == 0)
    *flags = FL_DETECT_NO_SSD;
  else
    {
      fprintf (stderr, "--ssd takes always, fallback or never\n");
      return FALSE;
    }
  *dir = (*argv)[1];
  return TRUE;
}

static FlMatcher *
load_matcher (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlMatcher) matcher = fl_matcher_new (&error);
  double start = fl_bench_now_ms ();

  if (matcher == NULL || !fl_matcher_preload (matcher, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return NULL;
    }
  printf ("matcher: %s; %s; models loaded in %.0f ms\n", fl_matcher_get_version (),
          fl_matcher_get_model_id (matcher), fl_bench_now_ms () - start);
  return g_steal_pointer (&matcher);
}

static void
report_errors (Photo **photos, guint n)
{
  guint shown = 0;

  for (guint i = 0; i < n; i++)
    if (photos[i]->error != NULL && shown++ < 5)
      fprintf (stderr, "%s: %s\n", photos[i]->path, photos[i]->error);
}

/* ---------------------------------------------------------------------------------- */

int
fl_bench_enroll_main (int argc, char **argv)
{
  Options opt = { 0, NULL };
  FlDetectFlags flags = FL_DETECT_DEFAULT;
  char *dir = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func ((GDestroyNotify) photo_free);
  g_autoptr(FlMatcher) matcher = NULL;
  guint found = 0, errors = 0, faces = 0;

  if (!parse_options (&argc, &argv, "DIR — enrolment throughput on the face photos under DIR", &opt, &flags, &dir))
    return 2;
  collect_images (dir, paths);
  if (paths->len == 0)
    {
      fprintf (stderr, "enroll: no images under %s\n", dir);
      g_free (opt.ssd);
      return 1;
    }
  if ((matcher = load_matcher ()) == NULL)
    return 1;
  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_add (photos, photo_new (paths->pdata[i]));

  Photo **p = (Photo **) photos->pdata;
  process_all (matcher, p, 1, flags, 1);  /* untimed: first-run set-up of the networks */
  double single_ms = process_all (matcher, p, photos->len, flags, 1);
  g_autofree double *decode = g_new0 (double, photos->len);
  g_autofree double *detect = g_new0 (double, photos->len);
  g_autofree double *tmpl = g_new0 (double, photos->len);
  g_autofree double *total = g_new0 (double, photos->len);
  guint n_tmpl = 0;
  for (guint i = 0; i < photos->len; i++)
    {
      decode[i] = p[i]->decode_ms;
      detect[i] = p[i]->detect_ms;
      total[i] = p[i]->decode_ms + p[i]->detect_ms + p[i]->template_ms;
      if (p[i]->found)
        tmpl[n_tmpl++] = p[i]->template_ms;
      found += p[i]->found;
      faces += p[i]->faces;
      errors += p[i]->error != NULL;
    }
  report_errors (p, photos->len);
  /* untimed: lets every thread's detector and networks be built first */
  process_all (matcher, p, MIN (photos->len, 2 * (guint) opt.threads), flags, (guint) opt.threads);
  double multi_ms = process_all (matcher, p, photos->len, flags, (guint) opt.threads);

  printf ("images: %u under %s (SSD: %s); a face found in %u, %u faces in all, %u unreadable\n",
          photos->len, dir, opt.ssd != NULL ? opt.ssd : "always", found, faces, errors);
  printf ("per image, median: decode %.1f ms, detect + landmarks + chip %.1f ms, template %.1f ms, "
          "all %.1f ms\n", fl_bench_median (decode, photos->len), fl_bench_median (detect, photos->len),
          fl_bench_median (tmpl, n_tmpl), fl_bench_median (total, photos->len));
  printf ("1 thread: %.1f images/s; %d threads: %.1f images/s\n", photos->len / (single_ms / 1000.0),
          opt.threads, photos->len / (multi_ms / 1000.0));
  printf ("images=%u found=%u ips1=%.1f ips%d=%.1f\n", photos->len, found,
          photos->len / (single_ms / 1000.0), opt.threads, photos->len / (multi_ms / 1000.0));
  g_free (opt.ssd);
  return 0;
}

/* ---------------------------------------------------------------------------------- */

static int
compare_desc (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x < y) - (x > y);
}

int
fl_bench_identify_main (int argc, char **argv)
{
  Options opt = { 0, NULL };
  FlDetectFlags flags = FL_DETECT_DEFAULT;
  char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func ((GDestroyNotify) photo_free);
  g_autoptr(GArray) owner = g_array_new (FALSE, FALSE, sizeof (guint));  /* person of each photo */
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (gboolean)); /* first photo of its person */
  g_autoptr(FlMatcher) matcher = NULL;

  if (!parse_options (&argc, &argv, "DIR — identification rates over DIR's person folders", &opt, &flags, &dir))
    return 2;
  people = list_dir (dir, TRUE, &error);
  if (people == NULL || people->len < 2)
    {
      fprintf (stderr, "identify: %s needs at least two person folders%s%s\n", dir,
               error != NULL ? ": " : "", error != NULL ? error->message : "");
      g_free (opt.ssd);
      return 1;
    }
  for (guint p = 0; p < people->len; p++)
    {
      g_autoptr(GPtrArray) files = list_dir (people->pdata[p], FALSE, NULL);
      for (guint i = 0; files != NULL && i < files->len; i++)
        {
          gboolean is_first = i == 0;
          g_ptr_array_add (photos, photo_new (files->pdata[i]));
          g_array_append_val (owner, p);
          g_array_append_val (first, is_first);
        }
    }
  if ((matcher = load_matcher ()) == NULL)
    return 1;

  Photo **ph = (Photo **) photos->pdata;
  double wall = process_all (matcher, ph, photos->len, flags, (guint) opt.threads);
  report_errors (ph, photos->len);

  /* the gallery: first photo of each even-position person that yields a face */
  g_autoptr(GArray) gallery = g_array_new (FALSE, FALSE, sizeof (guint));   /* photo index */
  g_autofree gint *entry_of_person = g_new (gint, people->len);
  guint enrolled_people = 0, noface = 0;
  for (guint p = 0; p < people->len; p++)
    entry_of_person[p] = -1;
  for (guint i = 0; i < photos->len; i++)
    {
      guint p = g_array_index (owner, guint, i);
      noface += !ph[i]->found;
      if (p % 2 == 0 && g_array_index (first, gboolean, i))
        {
          enrolled_people++;
          if (ph[i]->found)
            {
              entry_of_person[p] = (gint) gallery->len;
              g_array_append_val (gallery, i);
            }
        }
    }

  /* searches: the top score of each non-mated one; the mate's rank and score of each mated one */
  g_autoptr(GArray) nonmated_top = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) mate_score = g_array_new (FALSE, FALSE, sizeof (double));
  guint mated = 0, rank1 = 0, rank10 = 0;
  for (guint i = 0; i < photos->len; i++)
    {
      guint p = g_array_index (owner, guint, i);
      gboolean is_mated = p % 2 == 0;
      double top = -INFINITY, mate = -INFINITY;
      guint above = 0;

      if (is_mated && g_array_index (first, gboolean, i))
        continue;  /* the enrolled photo itself */
      if (ph[i]->found)
        for (guint g = 0; g < gallery->len; g++)
          {
            double s = fl_template_similarity (ph[i]->template, ph[g_array_index (gallery, guint, g)]->template);
            top = MAX (top, s);
            if (is_mated && (gint) g == entry_of_person[p])
              mate = s;
          }
      if (!is_mated)
        {
          g_array_append_val (nonmated_top, top);
          continue;
        }
      mated++;
      if (ph[i]->found && entry_of_person[p] >= 0)
        {
          for (guint g = 0; g < gallery->len; g++)
            if (fl_template_similarity (ph[i]->template, ph[g_array_index (gallery, guint, g)]->template) > mate)
              above++;
          rank1 += above < 1;
          rank10 += above < 10;
        }
      /* no face, or the mate not enrolled: a miss at every rank and threshold */
      g_array_append_val (mate_score, mate);
    }

  /* FPIR 1 %: the lowest threshold at which at most 1 % of non-mated searches return a candidate */
  guint nonmated = nonmated_top->len;
  double threshold = INFINITY;
  if (nonmated > 0)
    {
      guint allowed = (guint) floor (0.01 * nonmated);
      double *tops = (double *) nonmated_top->data;
      qsort (tops, nonmated, sizeof (double), compare_desc);
      threshold = allowed < nonmated ? nextafter (tops[allowed], INFINITY) : -INFINITY;
    }
  guint missed = 0;
  for (guint i = 0; i < mate_score->len; i++)
    missed += !(g_array_index (mate_score, double, i) >= threshold);

  double r1 = mated ? (double) rank1 / mated : NAN;
  double r10 = mated ? (double) rank10 / mated : NAN;
  double fnir = mated ? (double) missed / mated : NAN;
  printf ("%s: %u persons, %u enrolled (%u in the gallery), %u photos processed in %.1f s on %d threads "
          "(SSD: %s)\n", dir, people->len, enrolled_people, gallery->len, photos->len, wall / 1000.0,
          opt.threads, opt.ssd != NULL ? opt.ssd : "always");
  printf ("mated searches %u: rank-1 %.3f, rank-10 %.3f; non-mated searches %u\n", mated, r1, r10, nonmated);
  printf ("threshold for FPIR 1 %%: cosine %.4f; FNIR there %.3f; photos without a face %u (counted as misses)\n",
          threshold, fnir, noface);
  printf ("rank1=%.3f rank10=%.3f fnir@fpir0.01=%.3f noface=%u mated=%u nonmated=%u\n",
          r1, r10, fnir, noface, mated, nonmated);
  g_free (opt.ssd);
  return 0;
}
