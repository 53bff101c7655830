/* gloss-cli-text.c: "gloss text": the article text that offsets count over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-cli-private.h"

int
gloss_cli_text (const char  *command,
                int          argc,
                char       **argv)
{
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *help = g_strdup_printf ("%s --help", command);
  const char *utf8;
  gsize n_bytes;

  context = gloss_cli_parse_command_line (command, _("FILE"),
                                          _("Print the article text that annotation offsets count over "
                                            "(UTF-8, exactly, with no final newline added)."),
                                          NULL,
                                          entries, argc, argv, &error);
  if (context == NULL)
    return gloss_cli_usage_error (help, "%s", error->message);

  if (files == NULL || files[0] == NULL)
    return gloss_cli_usage_error (help, "%s", _("No article given"));
  if (files[1] != NULL)
    return gloss_cli_usage_error (help, "%s", _("Give one article at a time"));

  file = g_file_new_for_commandline_arg (files[0]);
  document = gloss_document_new_for_file (file, NULL, &error);
  if (document == NULL)
    return gloss_cli_failure (error);

  utf8 = gloss_text_get_utf8 (gloss_document_get_text (document), &n_bytes);
  if (!gloss_cli_write_stdout (utf8, n_bytes, &error))
    return gloss_cli_failure (error);

  return EXIT_OK;
}
