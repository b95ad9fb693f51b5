/* bench.h: subcommands of faceleads-bench and the helpers they share */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One entry per subcommand in faceleads-bench.c; each gets argv[0] = its name. */
int     fl_bench_search_main   (int argc, char **argv);

double  fl_bench_now_ms        (void);
double  fl_bench_median        (const double *values, guint n);
/* A field of /proc/self/status in KiB ("VmHWM", "VmRSS"), or -1. */
gint64  fl_bench_proc_status_kib (const char *field);

G_END_DECLS
