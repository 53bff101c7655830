/* gloss-background.c: work that yields to the article being shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-background"
#define _GNU_SOURCE   /* gettid() */

#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>

#include "gloss-background.h"

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} Job;

/* Nicer by GLOSS_BACKGROUND_NICE: on Linux a nice value is the calling
 * thread's, not the whole process's. */
static void
lower_thread_priority (void)
{
#ifdef __linux__
  pid_t thread = gettid ();
  int nice_value;

  errno = 0;
  nice_value = getpriority (PRIO_PROCESS, thread);
  if (errno == 0)
    setpriority (PRIO_PROCESS, thread, MIN (nice_value + GLOSS_BACKGROUND_NICE, 19));
#endif
}

static gpointer
background_thread (gpointer data)
{
  Job *job = data;

  lower_thread_priority ();
  job->func (job->task, g_task_get_source_object (job->task),
             g_task_get_task_data (job->task), g_task_get_cancellable (job->task));

  g_object_unref (job->task);
  g_free (job);

  return NULL;
}

void
gloss_task_run_in_background (GTask           *task,
                              GTaskThreadFunc  func)
{
  Job *job;
  GThread *thread;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  job = g_new (Job, 1);
  job->task = g_object_ref (task);
  job->func = func;
  thread = g_thread_try_new ("gloss-background", background_thread, job, NULL);
  if (thread != NULL)
    {
      g_thread_unref (thread);
      return;
    }

  g_object_unref (job->task);
  g_free (job);
  g_task_run_in_thread (task, func);
}
