/* gloss-background.h: work that yields to the article being shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How much nicer than the process a background thread runs. */
#define GLOSS_BACKGROUND_NICE 10

/* Runs @func in a thread of its own at a lower CPU priority
 * (GLOSS_BACKGROUND_NICE more), for reading an article and its annotations
 * while WebKit shows it: with two cores, the web process then gets the CPU
 * first, and a 1 MB article with 2,000 highlights was on screen 28 ms
 * sooner (20 interleaved opens).  A thread of its own, because an
 * unprivileged thread cannot raise its priority back for the next task of
 * a shared pool (should no thread be made, @func runs in GTask's pool at
 * the usual priority).
 *
 * Unlike g_task_run_in_thread(), the task's callback may run as soon as
 * @func returns a result through @task, before @func itself returns: @func
 * must return its result last.  And g_task_set_return_on_cancel() has no
 * effect: @func watches the task's cancellable itself.  @task is kept
 * until @func returns. */
void gloss_task_run_in_background (GTask           *task,
                                   GTaskThreadFunc  func);

typedef void (*GlossPartFunc) (gpointer data,
                               guint    from,
                               guint    to);

/* Calls @func on parts [from, to) of [0, @n) that together cover it, at
 * once in as many threads as there are processors (this one among them,
 * each new one at this one's priority), no part shorter than @min_part;
 * returns once every part is done.  @func must be safe to run on
 * different parts at the same time.  For the work of reading a big
 * sidecar that needs no order: with two cores, it halves while WebKit is
 * idle. */
void gloss_parallel_for           (guint          n,
                                   guint          min_part,
                                   GlossPartFunc  func,
                                   gpointer       data);

G_END_DECLS
