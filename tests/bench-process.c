/* bench-process.c: timed runs of a program for bench-reader
 *
 * A run is timed from the spawn to the line the program writes on stderr
 * once its article is on screen.  Its peak memory is read then, with the
 * one of its web process (found among its descendants, behind WebKit's
 * bwrap sandbox), before it is ended; the next run starts only when it and
 * every process it started are gone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/pidfd.h>
#include <unistd.h>

#include "bench-process.h"

/* ------------------------------------------------------------------------
 * Waiting on events
 * ------------------------------------------------------------------------ */

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
bench_wait_for (gboolean   *flag,
                const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (BENCH_WAIT_SECONDS, on_timeout, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Waited %d s for %s", BENCH_WAIT_SECONDS, what);
  g_source_remove (id);
}

/* ------------------------------------------------------------------------
 * Processes: their memory, their web process, their end
 * ------------------------------------------------------------------------ */

/* A figure of /proc/@pid/status in MB (@field: "VmHWM:", "RssAnon:"), or
 * NAN. */
static double
status_mb (GPid        pid,
           const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *contents = NULL;
  g_autofree char *key = g_strconcat ("\n", field, NULL);
  const char *line;

  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      (line = strstr (contents, key)) == NULL)
    return NAN;

  return g_ascii_strtod (line + strlen (key), NULL) / 1024.0;
}

/* Peak resident memory of @pid in MB (VmHWM), or NAN. */
static double
peak_rss_mb (GPid pid)
{
  return status_mb (pid, "VmHWM:");
}

typedef struct
{
  GPid   pid;
  double anon_mb;
} AnonSampler;

/* The kernel keeps no peak of RssAnon: sampled. */
static gboolean
sample_anon_cb (gpointer user_data)
{
  AnonSampler *sampler = user_data;
  double mb = status_mb (sampler->pid, "RssAnon:");

  if (!isnan (mb) && (isnan (sampler->anon_mb) || mb > sampler->anon_mb))
    sampler->anon_mb = mb;

  return G_SOURCE_CONTINUE;
}

/* Every process below @root (through the sandbox's bwrap too), each with
 * its command name. */
static GHashTable *
descendants (GPid root)
{
  g_autoptr(GHashTable) parents = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  GHashTable *found = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *entry;
  GHashTableIter iter;
  gpointer key, value;

  while (proc && (entry = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      guint64 pid;
      const char *open, *close;
      int ppid;

      if (!g_ascii_string_to_unsigned (entry, 10, 1, G_MAXINT, &pid, NULL))
        continue;
      path = g_strdup_printf ("/proc/%s/stat", entry);
      if (!g_file_get_contents (path, &contents, NULL, NULL) ||
          (open = strchr (contents, '(')) == NULL ||
          (close = strrchr (contents, ')')) == NULL ||
          sscanf (close + 2, "%*c %d", &ppid) != 1)
        continue;

      g_hash_table_insert (parents, GINT_TO_POINTER (pid), GINT_TO_POINTER (ppid));
      g_hash_table_insert (names, GINT_TO_POINTER (pid), g_strndup (open + 1, close - open - 1));
    }

  g_hash_table_iter_init (&iter, parents);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      for (int up = GPOINTER_TO_INT (value); up > 1;
           up = GPOINTER_TO_INT (g_hash_table_lookup (parents, GINT_TO_POINTER (up))))
        if (up == root)
          {
            g_hash_table_insert (found, key, g_strdup (g_hash_table_lookup (names, key)));
            break;
          }
    }

  return found;
}

/* Peak RSS of the web process under @root (the largest when several). */
static double
web_process_rss_mb (GHashTable *children)
{
  GHashTableIter iter;
  gpointer pid, name;
  double rss = NAN;

  g_hash_table_iter_init (&iter, children);
  while (g_hash_table_iter_next (&iter, &pid, &name))
    if (g_str_has_prefix (name, "WebKitWebProces"))
      {
        double mb = peak_rss_mb (GPOINTER_TO_INT (pid));

        if (isnan (rss) || mb > rss)
          rss = mb;
      }

  return rss;
}

/* Waits until every process of @children has ended. */
static void
wait_for_exit (GHashTable *children)
{
  g_autoptr(GArray) fds = g_array_new (FALSE, FALSE, sizeof (struct pollfd));
  GHashTableIter iter;
  gpointer pid;
  gint64 deadline = g_get_monotonic_time () + BENCH_WAIT_SECONDS * G_USEC_PER_SEC;

  g_hash_table_iter_init (&iter, children);
  while (g_hash_table_iter_next (&iter, &pid, NULL))
    {
      struct pollfd fd = { pidfd_open (GPOINTER_TO_INT (pid), 0), POLLIN, 0 };

      if (fd.fd >= 0)
        g_array_append_val (fds, fd);
    }

  for (guint i = 0; i < fds->len; i++)
    {
      struct pollfd *fd = &g_array_index (fds, struct pollfd, i);
      int timeout_ms = (int) MAX (0, (deadline - g_get_monotonic_time ()) / 1000);

      while (poll (fd, 1, timeout_ms) < 0 && errno == EINTR)
        ;
      if (!(fd->revents & POLLIN))
        g_error ("A process of the previous run is still there after %d s", BENCH_WAIT_SECONDS);
      close (fd->fd);
    }
}

/* ------------------------------------------------------------------------
 * One timed run of a process
 * ------------------------------------------------------------------------ */

typedef struct
{
  const char       *prefix;
  GDataInputStream *errors;
  gboolean          done;
  gint64            line_at;
  char             *line;
} Reading;

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Reading *reading = user_data;
  g_autoptr(GError) error = NULL;
  char *line;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                    NULL, &error);
  if (line == NULL)
    {
      reading->done = TRUE;
      return;
    }

  if (g_str_has_prefix (line, reading->prefix))
    {
      reading->line_at = g_get_monotonic_time ();
      reading->line = line;
      reading->done = TRUE;
      return;
    }

  /* What else it says goes to our log. */
  g_printerr ("  | %s\n", line);
  g_free (line);
  g_data_input_stream_read_line_async (reading->errors, G_PRIORITY_DEFAULT, NULL,
                                       read_line_cb, reading);
}

static double
field_value (const char *line,
             const char *name)
{
  const char *at = strstr (line, name);

  return at ? g_ascii_strtod (at + strlen (name), NULL) : NAN;
}

static void
process_ended_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

void
bench_run_timed (const char * const *argv,
                 gboolean            gloss_timing,
                 const char         *prefix,
                 BenchRun           *result)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GHashTable) children = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  Reading reading = { prefix };
  AnonSampler sampler = { 0, NAN };
  guint sampler_id;
  gboolean exited = FALSE;
  gint64 spawned_at;
  GPid pid;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  if (gloss_timing)
    g_subprocess_launcher_setenv (launcher, "GLOSS_TIMING", "1", TRUE);

  spawned_at = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL)
    g_error ("Could not run %s: %s", argv[0], error->message);
  pid = atoi (g_subprocess_get_identifier (process));
  sampler.pid = pid;
  sampler_id = g_timeout_add (5, sample_anon_cb, &sampler);

  reading.errors = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  g_data_input_stream_read_line_async (reading.errors, G_PRIORITY_DEFAULT, NULL,
                                       read_line_cb, &reading);
  bench_wait_for (&reading.done, prefix);
  line = g_steal_pointer (&reading.line);
  if (line == NULL)
    g_error ("%s ended without saying “%s…” for %s", argv[0], prefix, argv[1]);

  result->wall_ms = (reading.line_at - spawned_at) / 1000.0;
  result->own_ms = field_value (line, "painted_ms=");
  result->highlights = strstr (line, "highlights=") ? (guint) field_value (line, "highlights=") : 0;
  sample_anon_cb (&sampler);
  g_source_remove (sampler_id);
  result->rss_mb = peak_rss_mb (pid);
  result->anon_mb = sampler.anon_mb;
  children = descendants (pid);
  result->web_rss_mb = web_process_rss_mb (children);

  /* Nothing of this run may still run during the next one. */
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, process_ended_cb, &exited);
  bench_wait_for (&exited, "the process to end");
  wait_for_exit (children);
  g_object_unref (reading.errors);
}
