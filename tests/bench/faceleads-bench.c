/* faceleads-bench: benchmark programs, one subcommand each */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unistd.h>

#include "bench.h"
#ifndef FL_BENCH_SEARCH_ONLY
#include "bench-matcher.h"
#endif

typedef struct
{
  const char *name;
  int (*main) (int argc, char **argv);
  const char *summary;
} FlBenchCommand;

static const FlBenchCommand commands[] = {
  { "search", fl_bench_search_main, "exact 1:N template search: latency, exactness, memory, FAISS" },
#ifndef FL_BENCH_SEARCH_ONLY
  { "enroll", fl_bench_enroll_main, "enrolment throughput: decode, detect, landmarks, template" },
  { "identify", fl_bench_identify_main, "rank-1/rank-10 and FNIR at FPIR 1 % over person folders" },
#endif
};

double
fl_bench_now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

double
fl_bench_median (const double *values, guint n)
{
  g_autofree double *sorted = NULL;

  if (n == 0)
    return NAN;
  sorted = g_memdup2 (values, n * sizeof (double));
  qsort (sorted, n, sizeof (double), compare_double);
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

gint64
fl_bench_proc_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;
  gsize len = strlen (field);

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strncmp (lines[i], field, len) == 0 && lines[i][len] == ':')
      return g_ascii_strtoll (lines[i] + len + 1, NULL, 10);
  return -1;
}

static void
usage (FILE *out)
{
  fprintf (out, "Usage: faceleads-bench COMMAND [OPTION…]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun faceleads-bench COMMAND --help for its options.\n");
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      usage (stderr);
      return 2;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      usage (stdout);
      return 0;
    }
#ifndef FL_BENCH_SEARCH_ONLY
  /* The search is measured in faceleads-bench-search, a sibling program that
   * links only the index: OpenCV and dlib, loaded here for the matcher
   * commands, would otherwise add ~40 MB of library pages to its peak memory. */
  if (strcmp (argv[1], "search") == 0)
    {
      g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *dir = self ? g_path_get_dirname (self) : NULL;
      g_autofree char *sibling = dir ? g_build_filename (dir, "faceleads-bench-search", NULL) : NULL;

      if (sibling != NULL && g_file_test (sibling, G_FILE_TEST_IS_EXECUTABLE))
        {
          argv[0] = sibling;
          execv (sibling, argv);
        }
      fprintf (stderr, "faceleads-bench: faceleads-bench-search not found beside this program; "
                       "measuring in this process (peak memory includes the matcher's libraries)\n");
    }
#endif
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].main (argc - 1, argv + 1);

  fprintf (stderr, "faceleads-bench: unknown command “%s”\n\n", argv[1]);
  usage (stderr);
  return 2;
}
