/* bench-process.h: timed runs of a program for bench-reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long anything the benchmark waits for may take before it fails. */
#define BENCH_WAIT_SECONDS 180

typedef struct
{
  double wall_ms;      /* from the spawn to the line, as seen from here */
  double own_ms;       /* painted_ms=, as the process counted it */
  guint  highlights;   /* highlights=, 0 when the line has none */
  double rss_mb;       /* peak RSS (VmHWM) of the process */
  double anon_mb;      /* peak of its private memory (RssAnon: what it
                        * allocated, not the libraries and files it maps,
                        * which other programs share), sampled each 5 ms */
  double web_rss_mb;   /* the same of its web process */
} BenchRun;

/* Spins the main context until *@flag, failing after BENCH_WAIT_SECONDS. */
void bench_wait_for   (gboolean   *flag,
                       const char *what);
/* Runs @argv (with GLOSS_TIMING=1 when @gloss_timing) until it writes a
 * line starting with @prefix on stderr, reads its memory and its web
 * process's, then ends it and waits until it and every process it started
 * are gone.  Other lines it writes go to stderr, indented. */
void bench_run_timed  (const char * const *argv,
                       gboolean            gloss_timing,
                       const char         *prefix,
                       BenchRun           *result);

G_END_DECLS
