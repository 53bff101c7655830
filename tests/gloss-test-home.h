/* gloss-test-home.h: a private home for a UI test program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Points HOME and the XDG_*_HOME folders (and XDG_RUNTIME_DIR) at a new
 * temporary folder for the whole run and returns it.  Call before
 * g_test_init.  Unlike G_TEST_OPTION_ISOLATE_DIRS, which makes new folders
 * for every test, this keeps one: WebKit's web processes keep the runtime
 * folder they started with.  XDG_DATA_DIRS stays: GTK needs the system's
 * MIME database to load SVG icons. */
char *gloss_test_isolate_home (void);
/* Deletes @path and everything below it (symbolic links are not followed). */
void  gloss_test_remove_tree  (const char *path);

G_END_DECLS
