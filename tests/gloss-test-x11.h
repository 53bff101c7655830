/* gloss-test-x11.h: top-level windows on the X display, for tests that
 * watch another process's windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char  *title;   /* _NET_WM_NAME */
  gulong pid;     /* _NET_WM_PID, or 0 */
} GlossTestWindow;

typedef gboolean (*GlossTestCondition) (gpointer data);

/* Opens $DISPLAY (fails the test without one) and listens for new
 * top-level windows and their title changes. */
void       gloss_test_x11_open          (void);
void       gloss_test_x11_close         (void);
/* The mapped top-level windows that have a title (GlossTestWindow). */
GPtrArray *gloss_test_x11_list_windows  (void);
guint      gloss_test_x11_count_windows (GPtrArray  *windows,
                                         const char *title);
/* Runs the main loop until @condition holds; X events, D-Bus messages and
 * child processes wake it.  Fails the test after @seconds. */
void       gloss_test_wait_until        (GlossTestCondition condition,
                                         gpointer           data,
                                         guint              seconds,
                                         const char        *what);

G_END_DECLS
