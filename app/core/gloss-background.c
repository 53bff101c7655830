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

typedef struct
{
  GlossPartFunc func;
  gpointer      data;
  guint         from;
  guint         to;
} Part;

static gpointer
part_thread (gpointer data)
{
  Part *part = data;

  part->func (part->data, part->from, part->to);

  return NULL;
}

void
gloss_parallel_for (guint         n,
                    guint         min_part,
                    GlossPartFunc func,
                    gpointer      data)
{
  guint n_parts = MIN ((guint) g_get_num_processors (), n / MAX (min_part, 1));
  g_autofree Part *parts = NULL;
  g_autofree GThread **threads = NULL;

  g_return_if_fail (func != NULL);

  if (n_parts <= 1)
    {
      func (data, 0, n);
      return;
    }

  parts = g_new0 (Part, n_parts);
  threads = g_new0 (GThread *, n_parts);
  for (guint i = 0; i < n_parts; i++)
    {
      parts[i].func = func;
      parts[i].data = data;
      parts[i].from = (guint) ((guint64) n * i / n_parts);
      parts[i].to = (guint) ((guint64) n * (i + 1) / n_parts);
    }

  /* A new thread takes its creator's nice value (Linux). */
  for (guint i = 1; i < n_parts; i++)
    threads[i] = g_thread_try_new ("gloss-part", part_thread, &parts[i], NULL);

  func (data, parts[0].from, parts[0].to);

  for (guint i = 1; i < n_parts; i++)
    {
      if (threads[i] != NULL)
        g_thread_join (threads[i]);
      else
        func (data, parts[i].from, parts[i].to);
    }
}
