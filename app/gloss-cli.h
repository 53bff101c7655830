/* gloss-cli.h: the command line (no display needed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when argv[1] names a CLI command (export, list, add, text). */
gboolean gloss_cli_handles (int    argc,
                            char **argv);
/* Runs it; returns the exit status: 0 ok, 1 failure, 2 usage. */
int      gloss_cli_run     (int    argc,
                            char **argv);

G_END_DECLS
