/* bench-baseline.c: the bare engine that bench-reader compares Gloss with
 *
 *   bench-baseline FILE
 *
 * A GTK 4 window of Gloss's default size holding nothing but a
 * WebKitWebView with its default settings, which opens FILE.  Once the page
 * is loaded and on screen, by the same test as GLOSS_TIMING (two animation
 * frames in the page, then one frame of the window), it prints
 *
 *   baseline-timing: painted_ms=X
 *
 * on stderr, X counted from the start of the process, and keeps running
 * until it is killed, so that its memory can be read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <time.h>
#include <unistd.h>

#include <gtk/gtk.h>
#include <webkit/webkit.h>

/* Gloss's window, as its settings schema gives it. */
#define WINDOW_WIDTH  1100
#define WINDOW_HEIGHT 760

#define NEXT_FRAME_SCRIPT \
  "await new Promise ((resolve) => requestAnimationFrame (() => requestAnimationFrame (resolve)));" \
  "return true;"

typedef struct
{
  GtkWidget *window;
  gulong     after_paint_id;
} Baseline;

/* As gloss_timing_elapsed_ms(): field 22 of /proc/self/stat. */
static double
elapsed_ms (void)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;
  guint64 ticks;
  struct timespec now;

  if (!g_file_get_contents ("/proc/self/stat", &contents, NULL, NULL) ||
      (after_name = strrchr (contents, ')')) == NULL)
    return -1;

  fields = g_strsplit (after_name + 2, " ", 21);
  if (g_strv_length (fields) < 21 ||
      !g_ascii_string_to_unsigned (fields[19], 10, 0, G_MAXUINT64, &ticks, NULL) ||
      clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return -1;

  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6 - (double) ticks * 1000.0 / sysconf (_SC_CLK_TCK);
}

/* With GLOSS_TIMING_MARKS=1, as Gloss: "baseline-timing: X ms WHAT". */
static void
mark (const char *what)
{
  if (g_strcmp0 (g_getenv ("GLOSS_TIMING_MARKS"), "1") == 0)
    g_printerr ("baseline-timing: %7.1f ms %s\n", elapsed_ms (), what);
}

static void
on_after_paint (GdkFrameClock *clock,
                Baseline      *baseline)
{
  g_clear_signal_handler (&baseline->after_paint_id, clock);
  g_printerr ("baseline-timing: painted_ms=%.0f\n", elapsed_ms ());
}

static void
frame_rendered_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Baseline *baseline = user_data;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;
  GdkFrameClock *clock;

  value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (object),
                                                                 result, &error);
  if (value == NULL)
    g_error ("Could not wait for a frame: %s", error->message);

  clock = gtk_widget_get_frame_clock (baseline->window);
  baseline->after_paint_id = g_signal_connect (clock, "after-paint",
                                               G_CALLBACK (on_after_paint), baseline);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static void
on_load_changed (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 Baseline        *baseline)
{
  mark (event == WEBKIT_LOAD_STARTED ? "WebKit load started" :
        event == WEBKIT_LOAD_COMMITTED ? "WebKit load committed" :
        event == WEBKIT_LOAD_FINISHED ? "WebKit load finished" : "WebKit load redirected");
  if (event != WEBKIT_LOAD_FINISHED)
    return;

  webkit_web_view_call_async_javascript_function (web_view, NEXT_FRAME_SCRIPT, -1, NULL,
                                                  NULL, NULL, NULL, frame_rendered_cb, baseline);
}

static void
on_load_failed (WebKitWebView   *web_view,
                WebKitLoadEvent  event,
                const char      *uri,
                GError          *error,
                gpointer         user_data)
{
  g_error ("Could not load %s: %s", uri, error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  Baseline baseline = { 0 };
  GtkWidget *web_view;

  if (argc != 2)
    {
      g_printerr ("usage: bench-baseline FILE\n");
      return 2;
    }

  mark ("main");
  gtk_init ();
  mark ("GTK started");

  file = g_file_new_for_commandline_arg (argv[1]);
  uri = g_file_get_uri (file);

  baseline.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (baseline.window), WINDOW_WIDTH, WINDOW_HEIGHT);
  web_view = webkit_web_view_new ();
  gtk_window_set_child (GTK_WINDOW (baseline.window), web_view);
  g_signal_connect (web_view, "load-changed", G_CALLBACK (on_load_changed), &baseline);
  g_signal_connect (web_view, "load-failed", G_CALLBACK (on_load_failed), NULL);
  mark ("window built");
  gtk_window_present (GTK_WINDOW (baseline.window));
  mark ("presented");
  webkit_web_view_load_uri (WEBKIT_WEB_VIEW (web_view), uri);
  mark ("WebKit asked to load");

  while (TRUE)
    g_main_context_iteration (NULL, TRUE);

  return 0;
}
