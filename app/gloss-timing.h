/* gloss-timing.h: GLOSS_TIMING=1, how long an article took to be on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-window.h"

G_BEGIN_DECLS

/* TRUE when GLOSS_TIMING=1 is in the environment. */
gboolean gloss_timing_enabled      (void);
/* Milliseconds since this process started (the time before main, loading
 * the libraries included), to the 1/100 s the kernel keeps it. */
double   gloss_timing_elapsed_ms   (void);
/* Prints "gloss-timing: painted_ms=X highlights=N" on stderr once the
 * article of @window is on screen with every highlight painted and the
 * sidebar filled. */
void     gloss_timing_watch        (GlossWindow *window);
/* With GLOSS_TIMING_MARKS=1, prints "gloss-timing: X ms WHAT" on stderr:
 * the steps of opening an article, to see where the time goes. */
void     gloss_timing_mark         (const char  *what);

G_END_DECLS
