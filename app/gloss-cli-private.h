/* gloss-cli-private.h: what the commands of gloss-cli-*.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gloss-annotation-store.h"
#include "gloss-document.h"
#include "gloss-error.h"

G_BEGIN_DECLS

#define EXIT_OK      0
#define EXIT_FAILED  1
#define EXIT_USAGE   2

typedef int (*GlossCliFunc) (const char  *command,
                             int          argc,
                             char       **argv);

/* The commands (gloss-cli-export.c, -list.c, -add.c, -text.c). */
int                   gloss_cli_export              (const char          *command,
                                                     int                  argc,
                                                     char               **argv);
int                   gloss_cli_list                (const char          *command,
                                                     int                  argc,
                                                     char               **argv);
int                   gloss_cli_add                 (const char          *command,
                                                     int                  argc,
                                                     char               **argv);
int                   gloss_cli_text                (const char          *command,
                                                     int                  argc,
                                                     char               **argv);

/* Prints "gloss: MESSAGE" as one line, whatever the message holds. */
void                  gloss_cli_print_error_line    (const char          *message);
/* Prints a bad command line (pointing at @command, e.g. "gloss add
 * --help") and returns EXIT_USAGE. */
int                   gloss_cli_usage_error         (const char          *command,
                                                     const char          *format,
                                                     ...) G_GNUC_PRINTF (2, 3);
/* Prints @error and returns EXIT_FAILED. */
int                   gloss_cli_failure             (const GError        *error);

/* A command-line argument as UTF-8. */
char                 *gloss_cli_arg_to_utf8         (const char          *arg,
                                                     GError             **error);
/* Parses argv[1…] (argv[1] is the command) with @entries; the usage line
 * reads "gloss COMMAND [OPTION…] PARAMETERS". */
GOptionContext       *gloss_cli_parse_command_line  (const char          *command,
                                                     const char          *parameters,
                                                     const char          *summary,
                                                     const char          *description,
                                                     const GOptionEntry  *entries,
                                                     int                  argc,
                                                     char               **argv,
                                                     GError             **error);

/* Opens the article and its annotations; problems of the sidecar are
 * named on stderr. */
GlossAnnotationStore *gloss_cli_open_store          (const char          *arg,
                                                     GError             **error);

gboolean              gloss_cli_write_stdout        (const char          *data,
                                                     gsize                len,
                                                     GError             **error);
/* The article's name as the user typed it, for messages and "file". */
char                 *gloss_cli_display_arg         (const char          *arg);

G_END_DECLS
