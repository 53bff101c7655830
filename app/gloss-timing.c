/* gloss-timing.c: GLOSS_TIMING=1, how long an article took to be on screen
 *
 * With GLOSS_TIMING=1, every window prints one line on stderr,
 *
 *   gloss-timing: painted_ms=X highlights=N
 *
 * once its article is on screen: shown, every highlight painted, the
 * sidebar filled.  On screen, not merely asked for: once the first repaint
 * is "painted" (the store is loaded before the article, so that repaint
 * holds every highlight), that is once the page's second animation frame
 * after it starts (the first, with the highlights, was rendered), the
 * window draws one more frame (the web view's new content and the
 * sidebar's rows).  (A hidden window's page answers at once: time a window
 * that is shown.)  X counts from the start of the process
 * as the kernel records it, so any harness can time a real open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-timing"

#include "config.h"

#include <time.h>
#include <unistd.h>

#include "gloss-timing.h"

gboolean
gloss_timing_enabled (void)
{
  return g_strcmp0 (g_getenv ("GLOSS_TIMING"), "1") == 0;
}

/* The start of the process in milliseconds of CLOCK_BOOTTIME, from field 22
 * of /proc/self/stat (in clock ticks); -1 when it cannot be read. */
static double
process_start_ms (void)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;
  guint64 ticks;
  long ticks_per_second = sysconf (_SC_CLK_TCK);

  if (ticks_per_second <= 0 ||
      !g_file_get_contents ("/proc/self/stat", &contents, NULL, NULL))
    return -1;

  /* The command name, field 2, is in parentheses and may hold anything. */
  after_name = strrchr (contents, ')');
  if (after_name == NULL || after_name[1] != ' ')
    return -1;

  /* fields[0] is field 3, the state. */
  fields = g_strsplit (after_name + 2, " ", 21);
  if (g_strv_length (fields) < 21 ||
      !g_ascii_string_to_unsigned (fields[19], 10, 0, G_MAXUINT64, &ticks, NULL))
    return -1;

  return (double) ticks * 1000.0 / ticks_per_second;
}

double
gloss_timing_elapsed_ms (void)
{
  static double start_ms = -2;
  struct timespec now;

  if (start_ms == -2)
    start_ms = process_start_ms ();

  if (start_ms < 0 || clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return -1;

  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6 - start_ms;
}

void
gloss_timing_mark (const char *what)
{
  static int enabled = -1;

  if (enabled == -1)
    enabled = g_strcmp0 (g_getenv ("GLOSS_TIMING_MARKS"), "1") == 0;
  if (enabled)
    g_printerr ("gloss-timing: %7.1f ms %s\n", gloss_timing_elapsed_ms (), what);
}

typedef struct
{
  GlossWindow *window;
  guint        n_highlights;
  gulong       after_paint_id;
} Watch;

static void
watch_free (Watch *watch)
{
  g_clear_object (&watch->window);
  g_free (watch);
}

static void
on_after_paint (GdkFrameClock *clock,
                Watch         *watch)
{
  g_clear_signal_handler (&watch->after_paint_id, clock);

  g_printerr ("gloss-timing: painted_ms=%.0f highlights=%u\n",
              gloss_timing_elapsed_ms (), watch->n_highlights);

  watch_free (watch);
}

static void
on_painted (GlossArticleView *view,
            guint             n_highlights,
            GlossWindow      *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  Watch *watch;

  /* The first repaint is the one of the opened article. */
  g_signal_handlers_disconnect_by_func (view, on_painted, window);

  if (clock == NULL)
    {
      g_warning ("Could not time the article: no frame clock");
      return;
    }

  watch = g_new0 (Watch, 1);
  watch->window = g_object_ref (window);
  watch->n_highlights = n_highlights;

  /* The page has rendered it ("painted"); the window's next frame shows
   * it. */
  watch->after_paint_id = g_signal_connect (clock, "after-paint",
                                            G_CALLBACK (on_after_paint), watch);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static void
on_frame_start (GdkFrameClock *clock,
                gpointer       user_data)
{
  gloss_timing_mark ("frame begins");
}

static void
on_frame_end (GdkFrameClock *clock,
              gpointer       user_data)
{
  gloss_timing_mark ("frame ends");
}

static void
on_realize (GtkWidget *widget,
            gpointer   user_data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (clock, "update", G_CALLBACK (on_frame_start), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_frame_end), NULL);
}

void
gloss_timing_watch (GlossWindow *window)
{
  if (g_strcmp0 (g_getenv ("GLOSS_TIMING_MARKS"), "1") == 0)
    g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);

  g_return_if_fail (GLOSS_IS_WINDOW (window));

  /* Read the start time now, while /proc/self is surely ours. */
  (void) gloss_timing_elapsed_ms ();

  g_signal_connect_object (gloss_window_get_article_view (window), "painted",
                           G_CALLBACK (on_painted), window, 0);
}
