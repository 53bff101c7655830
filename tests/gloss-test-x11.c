/* gloss-test-x11.c: top-level windows on the X display
 *
 * Without a window manager (Xvfb), a GTK window is a child of the root
 * window with its title in _NET_WM_NAME and its process in _NET_WM_PID.
 * New windows (SubstructureNotify on the root) and title changes
 * (PropertyChange on each window) wake the main loop, so waiting for a
 * window is waiting on events, not sleeping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>

#include "gloss-test-x11.h"

static Display *display;
static guint source_id;

static int
ignore_x_error (Display     *d,
                XErrorEvent *event)
{
  /* A window may go away between hearing of it and asking about it. */
  return 0;
}

static void
drain_x_events (void)
{
  while (XPending (display))
    {
      XEvent event;

      XNextEvent (display, &event);
      if (event.type == CreateNotify)
        XSelectInput (display, event.xcreatewindow.window, PropertyChangeMask | StructureNotifyMask);
    }
}

static gboolean
on_x_readable (int          fd,
               GIOCondition condition,
               gpointer     user_data)
{
  drain_x_events ();
  return G_SOURCE_CONTINUE;
}

void
gloss_test_x11_open (void)
{
  display = XOpenDisplay (NULL);
  if (display == NULL)
    g_error ("No X display: run under xvfb-run");

  XSetErrorHandler (ignore_x_error);
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);
  source_id = g_unix_fd_add (ConnectionNumber (display), G_IO_IN, on_x_readable, NULL);
}

void
gloss_test_x11_close (void)
{
  g_clear_handle_id (&source_id, g_source_remove);
  g_clear_pointer (&display, XCloseDisplay);
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
gloss_test_wait_until (GlossTestCondition  condition,
                       gpointer            data,
                       guint               seconds,
                       const char         *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_timeout, &timed_out);

  for (;;)
    {
      if (display)
        drain_x_events ();
      if (condition (data))
        break;
      if (timed_out)
        g_error ("Timed out waiting for %s", what);
      /* Asking about windows may have queued events without the socket
       * staying readable: handle them before sleeping. */
      if (display && XPending (display))
        continue;
      g_main_context_iteration (NULL, TRUE);
    }

  /* The condition may hold just as the time ran out. */
  if (!timed_out)
    g_source_remove (id);
}

static char *
window_title (Window window)
{
  Atom type;
  int format;
  unsigned long n_items, after;
  unsigned char *value = NULL;
  char *title = NULL;

  if (XGetWindowProperty (display, window, XInternAtom (display, "_NET_WM_NAME", False),
                          0, 4096, False, XInternAtom (display, "UTF8_STRING", False),
                          &type, &format, &n_items, &after, &value) == Success
      && value && format == 8)
    title = g_strndup ((char *) value, n_items);

  if (value)
    XFree (value);
  return title;
}

static gulong
window_pid (Window window)
{
  Atom type;
  int format;
  unsigned long n_items, after;
  unsigned char *value = NULL;
  gulong pid = 0;

  /* Format 32 properties come as longs. */
  if (XGetWindowProperty (display, window, XInternAtom (display, "_NET_WM_PID", False),
                          0, 1, False, XA_CARDINAL, &type, &format, &n_items, &after,
                          &value) == Success
      && value && format == 32 && n_items == 1)
    pid = *(unsigned long *) value;

  if (value)
    XFree (value);
  return pid;
}

static void
window_free (GlossTestWindow *window)
{
  g_free (window->title);
  g_free (window);
}

GPtrArray *
gloss_test_x11_list_windows (void)
{
  GPtrArray *windows = g_ptr_array_new_with_free_func ((GDestroyNotify) window_free);
  Window root_window, parent, *children = NULL;
  unsigned int n_children = 0;

  g_assert_nonnull (display);
  if (!XQueryTree (display, DefaultRootWindow (display), &root_window, &parent, &children, &n_children))
    return windows;

  for (unsigned int i = 0; i < n_children; i++)
    {
      XWindowAttributes attributes;
      GlossTestWindow *window;
      char *title;

      /* Hear of its title changes from now on. */
      XSelectInput (display, children[i], PropertyChangeMask | StructureNotifyMask);

      if (!XGetWindowAttributes (display, children[i], &attributes)
          || attributes.map_state != IsViewable)
        continue;

      title = window_title (children[i]);
      if (title == NULL || *title == '\0')
        {
          g_free (title);
          continue;
        }

      window = g_new0 (GlossTestWindow, 1);
      window->title = title;
      window->pid = window_pid (children[i]);
      g_ptr_array_add (windows, window);
    }

  if (children)
    XFree (children);
  return windows;
}

guint
gloss_test_x11_count_windows (GPtrArray  *windows,
                              const char *title)
{
  guint n = 0;

  for (guint i = 0; i < windows->len; i++)
    if (g_str_equal (((GlossTestWindow *) windows->pdata[i])->title, title))
      n++;

  return n;
}
