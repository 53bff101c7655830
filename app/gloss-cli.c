/* gloss-cli.c: the command line (no display needed)
 *
 * "gloss export", "gloss list", "gloss add" and "gloss text" work on an
 * article and its sidecar through the core alone: GLib, GIO, json-glib and
 * app/core.  Nothing here may touch GTK, so these commands run over ssh, in
 * scripts and in CI without a display.
 *
 * Exit status: 0 done, 1 failed (the article or its sidecar could not be
 * read or written), 2 a bad command line.  Every error is one line on
 * stderr, "gloss: <reason>".
 *
 * This file holds the dispatch and what the commands share; each command
 * is in its own gloss-cli-COMMAND.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "gloss-cli.h"
#include "gloss-cli-private.h"

static const struct
{
  const char   *name;
  GlossCliFunc  func;
} commands[] = {
  { "export", gloss_cli_export },
  { "list",   gloss_cli_list },
  { "add",    gloss_cli_add },
  { "text",   gloss_cli_text },
};

/* Errors */

/* Prints "gloss: MESSAGE" as one line, whatever the message holds. */
void
gloss_cli_print_error_line (const char *message)
{
  g_autofree char *line = g_strdup (message);

  g_strstrip (g_strdelimit (line, "\r\n", ' '));
  g_printerr ("gloss: %s\n", line);
}

int G_GNUC_PRINTF (2, 3)
gloss_cli_usage_error (const char *command,
                       const char *format,
                       ...)
{
  g_autofree char *message = NULL;
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: the first %s says what is wrong with the command line,
   * the second is a command such as “gloss export --help”. */
  line = g_strdup_printf (_("%s (see “%s”)"), message,
                          command ? command : "gloss --help");
  gloss_cli_print_error_line (line);

  return EXIT_USAGE;
}

int
gloss_cli_failure (const GError *error)
{
  gloss_cli_print_error_line (error->message);

  return EXIT_FAILED;
}

/* Option parsing */

/* A command-line argument as UTF-8: UTF-8 as given (even in the C locale,
 * where GLib's own conversion would refuse it), else from the locale's
 * encoding. */
char *
gloss_cli_arg_to_utf8 (const char  *arg,
                       GError     **error)
{
  if (arg == NULL)
    return NULL;

  if (g_utf8_validate (arg, -1, NULL))
    return g_strdup (arg);

  return g_locale_to_utf8 (arg, -1, NULL, NULL, error);
}

/* Parses argv[1…] (argv[1] is the command) with @entries; the usage line
 * reads "gloss COMMAND [OPTION…] PARAMETERS". */
GOptionContext *
gloss_cli_parse_command_line (const char          *command,
                              const char          *parameters,
                              const char          *summary,
                              const char          *description,
                              const GOptionEntry  *entries,
                              int                  argc,
                              char               **argv,
                              GError             **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *prgname = g_strdup (g_get_prgname ());
  gboolean ok;

  context = g_option_context_new (parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  /* argv[0] is skipped by the parser: hand it "gloss COMMAND". */
  args = g_new0 (char *, argc);
  args[0] = g_strdup (command);
  for (int i = 2; i < argc; i++)
    args[i - 1] = g_strdup (argv[i]);

  /* The usage line of --help starts with the program name. */
  g_set_prgname (command);
  ok = g_option_context_parse_strv (context, &args, error);
  g_set_prgname (prgname);

  if (!ok)
    return NULL;

  return g_steal_pointer (&context);
}

/* Opening articles */

/* The sidecar as the user would name it: beside the article as typed, else
 * (under the data folder) its full name. */
static char *
sidecar_display_name (GFile      *sidecar,
                      const char *arg)
{
  g_autofree char *beside = g_strconcat (arg, GLOSS_SIDECAR_SUFFIX, NULL);
  g_autoptr(GFile) beside_file = g_file_new_for_commandline_arg (beside);

  if (sidecar != NULL && !g_file_equal (sidecar, beside_file))
    return g_file_get_parse_name (sidecar);

  return g_filename_display_name (beside);
}

/* Opens the article and its annotations.  Items of the sidecar that
 * cannot be read are named on stderr (they are kept as they are). */
GlossAnnotationStore *
gloss_cli_open_store (const char  *arg,
                      GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (arg);
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossAnnotationStore) store = NULL;
  const char * const *problems;
  g_autofree char *name = NULL;

  document = gloss_document_new_for_file (file, NULL, error);
  if (document == NULL)
    return NULL;

  store = gloss_annotation_store_new (document);
  if (!gloss_annotation_store_load (store, NULL, error))
    {
      GFile *broken = gloss_annotation_store_get_broken_file (store);

      /* Say which file is broken: it is not the one the user named. */
      name = sidecar_display_name (broken ? broken : gloss_annotation_store_get_file (store), arg);
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }

  name = sidecar_display_name (gloss_annotation_store_get_file (store), arg);
  problems = gloss_annotation_store_get_problems (store);
  for (guint i = 0; problems[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("%s: %s", name, problems[i]);

      gloss_cli_print_error_line (line);
    }

  return g_steal_pointer (&store);
}

/* Output */

gboolean
gloss_cli_write_stdout (const char  *data,
                        gsize        len,
                        GError     **error)
{
  if ((len > 0 && fwrite (data, 1, len, stdout) != len) ||
      fflush (stdout) != 0)
    {
      g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_FAILED,
                   _("Could not write the output: %s"), g_strerror (errno));
      return FALSE;
    }

  return TRUE;
}

/* The article's name as the user typed it, for messages and "file". */
char *
gloss_cli_display_arg (const char *arg)
{
  return g_filename_display_name (arg);
}

/* Entry points */

gboolean
gloss_cli_handles (int    argc,
                   char **argv)
{
  if (argc < 2 || argv[1] == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return TRUE;

  return FALSE;
}

int
gloss_cli_run (int    argc,
               char **argv)
{
  g_return_val_if_fail (gloss_cli_handles (argc, argv), EXIT_USAGE);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *command = g_strdup_printf ("gloss %s", commands[i].name);

        return commands[i].func (command, argc, argv);
      }

  return EXIT_USAGE;
}
