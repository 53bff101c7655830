/* gloss-cli-export.c: "gloss export": the annotations as JSON, Markdown or CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gloss-cli-private.h"

#include "gloss-export.h"

int
gloss_cli_export (const char  *command,
                  int          argc,
                  char       **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("Export format: json, markdown or csv (default: from the output file’s extension, else json)"),
      N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of the standard output; FILE is replaced atomically"),
      N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GlossAnnotationStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *help = g_strdup_printf ("%s --help", command);
  g_autofree char *data = NULL;
  GlossExportFormat format = GLOSS_EXPORT_JSON;
  gboolean to_stdout;

  context = gloss_cli_parse_command_line (command, _("FILE"),
                                          _("Export the annotations of an article as JSON (W3C Web "
                                            "Annotation), Markdown or CSV."),
                                          _("Examples:\n"
                                            "  gloss export --format markdown essay.html\n"
                                            "  gloss export --output highlights.csv essay.html"),
                                          entries, argc, argv, &error);
  if (context == NULL)
    return gloss_cli_usage_error (help, "%s", error->message);

  if (files == NULL || files[0] == NULL)
    return gloss_cli_usage_error (help, "%s", _("No article given"));
  if (files[1] != NULL)
    return gloss_cli_usage_error (help, "%s", _("Export one article at a time"));

  if (format_name != NULL)
    {
      if (!gloss_export_format_from_name (format_name, &format))
        return gloss_cli_usage_error (help, _("Unknown format “%s”: use json, markdown or csv"),
                                      format_name);
    }
  else if (output != NULL && !gloss_export_format_from_filename (output, &format))
    {
      format = GLOSS_EXPORT_JSON;
    }

  to_stdout = output == NULL || g_str_equal (output, "-");

  if (!to_stdout)
    {
      g_autoptr(GFile) article = g_file_new_for_commandline_arg (files[0]);
      g_autoptr(GFile) target = g_file_new_for_commandline_arg (output);
      g_autofree char *sidecar_path = NULL;
      g_autoptr(GFile) sidecar = NULL;

      /* Refuse before anything is read: a typo must not cost the article. */
      sidecar_path = g_strconcat (files[0], GLOSS_SIDECAR_SUFFIX, NULL);
      sidecar = g_file_new_for_commandline_arg (sidecar_path);
      if (g_file_equal (article, target) || g_file_equal (sidecar, target))
        return gloss_cli_usage_error (help, "%s",
                                      _("The output file would replace the article or its annotations"));
    }

  store = gloss_cli_open_store (files[0], &error);
  if (store == NULL)
    return gloss_cli_failure (error);

  data = gloss_export_to_string (store, format);
  if (data == NULL)
    {
      g_set_error (&error, GLOSS_ERROR, GLOSS_ERROR_FAILED,
                   "%s", _("The annotations could not be exported"));
      return gloss_cli_failure (error);
    }

  if (to_stdout)
    {
      if (!gloss_cli_write_stdout (data, strlen (data), &error))
        return gloss_cli_failure (error);
    }
  else
    {
      g_autoptr(GFile) target = g_file_new_for_commandline_arg (output);

      if (!g_file_replace_contents (target, data, strlen (data), NULL, FALSE,
                                    G_FILE_CREATE_NONE, NULL, NULL, &error))
        return gloss_cli_failure (error);
    }

  return EXIT_OK;
}
