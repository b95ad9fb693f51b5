/* bench-matcher.h: the matcher's subcommands of faceleads-bench */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* enroll DIR: enrolment throughput (decode, detect, landmarks, template) on face photos */
int     fl_bench_enroll_main   (int argc, char **argv);
/* identify DIR: rank-1/rank-10 identification and FNIR at FPIR 1 % over person folders */
int     fl_bench_identify_main (int argc, char **argv);

G_END_DECLS
