/* gloss-background.h: work that yields to the article being shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How much nicer than the process a background thread runs. */
#define GLOSS_BACKGROUND_NICE 10

/* As g_task_run_in_thread(), but in a thread of its own that runs at a
 * lower CPU priority (GLOSS_BACKGROUND_NICE more), for reading an article
 * and its annotations while WebKit shows it: with two cores, the web
 * process then gets the CPU first, and a 1 MB article with 2,000
 * highlights was on screen 28 ms sooner (20 interleaved opens).  A thread
 * of its own, because an unprivileged thread cannot raise its priority
 * back for the next task of a shared pool.  @task is kept until @func
 * returns; @func returns its result through @task, as it would from
 * g_task_run_in_thread(). */
void gloss_task_run_in_background (GTask           *task,
                                   GTaskThreadFunc  func);

G_END_DECLS
