/* gloss-test-app.h: the real GlossApplication in a UI test, asked to open
 * files as the desktop asks it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-application.h"
#include "gloss-window.h"

G_BEGIN_DECLS

typedef gboolean (*GlossTestAppCondition) (gpointer data);

/* Registers a GlossApplication on the session bus and keeps it for the
 * whole program (a GApplication registers once); the primary instance,
 * or the test fails. */
GlossApplication *gloss_test_app_start           (void);
void              gloss_test_app_stop            (void);

/* Spins the main context until @condition holds; fails after a generous
 * limit, naming @what. */
void              gloss_test_app_wait_until      (GlossTestAppCondition  condition,
                                                  gpointer               data,
                                                  const char            *what);

/* The application's GlossWindows (borrowed), and the one showing @path. */
GPtrArray        *gloss_test_app_windows         (void);
GlossWindow      *gloss_test_app_window_for_path (const char            *path);
/* Close and wait until finalized. */
void              gloss_test_app_close_window    (GtkWindow             *window);
void              gloss_test_app_close_all       (void);

/* Opens @paths as the file manager does (file:// URIs, through
 * GApplication "open"), waits until @expected_new_windows new windows have
 * finished loading, and returns how many of them show an article. */
guint             gloss_test_app_open            (const char * const    *paths,
                                                  guint                  expected_new_windows);

G_END_DECLS
