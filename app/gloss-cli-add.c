/* gloss-cli-add.c: "gloss add": a highlight, from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gloss-cli-private.h"

#include "gloss-color.h"

/* Code point offset of the @occurrence-th (1-based) place where @quote
 * starts in @text, overlapping places included; FALSE if there are fewer.
 * *n_found says how many there are (up to @occurrence). */
static gboolean
find_occurrence (GlossText  *text,
                 const char *quote,
                 guint       occurrence,
                 gsize      *start,
                 guint      *n_found)
{
  gsize n_bytes;
  const char *utf8 = gloss_text_get_utf8 (text, &n_bytes);
  const char *end = utf8 + n_bytes;
  gsize quote_len = strlen (quote);
  const char *p = utf8;
  gsize offset = 0;
  const char *counted = utf8;

  *n_found = 0;

  while (p < end && (gsize) (end - p) >= quote_len)
    {
      /* The text holds no NUL (binary files are refused). */
      const char *hit = g_strstr_len (p, end - p, quote);

      if (hit == NULL)
        break;

      /* Both strings are valid UTF-8, so a hit starts on a character. */
      offset += g_utf8_strlen (counted, hit - counted);
      counted = hit;

      if (++*n_found == occurrence)
        {
          *start = offset;
          return TRUE;
        }

      p = g_utf8_next_char (hit);
    }

  return FALSE;
}

int
gloss_cli_add (const char  *command,
               int          argc,
               char       **argv)
{
  g_autofree char *quote_arg = NULL;
  g_autofree char *note_arg = NULL;
  g_autofree char *color = NULL;
  g_auto(GStrv) tag_args = NULL;
  g_auto(GStrv) files = NULL;
  int occurrence = G_MININT;
  gint64 start = G_MININT64;
  gint64 end = G_MININT64;
  const GOptionEntry entries[] = {
    { "quote", 'q', 0, G_OPTION_ARG_FILENAME, &quote_arg,
      N_("Highlight this passage, found word for word in the article text"), N_("TEXT") },
    { "occurrence", 'n', 0, G_OPTION_ARG_INT, &occurrence,
      N_("Highlight the Nth place where the quote appears (default: 1)"), N_("N") },
    { "start", 's', 0, G_OPTION_ARG_INT64, &start,
      N_("Highlight from this offset (Unicode characters of the article text)"), N_("S") },
    { "end", 'e', 0, G_OPTION_ARG_INT64, &end,
      N_("Highlight up to this offset (not included)"), N_("E") },
    { "color", 'c', 0, G_OPTION_ARG_STRING, &color,
      N_("Colour: yellow, green, blue, pink or purple (default: yellow)"), N_("COLOR") },
    { "tag", 't', 0, G_OPTION_ARG_FILENAME_ARRAY, &tag_args,
      N_("Add a tag (repeat for several)"), N_("TAG") },
    { "note", 0, 0, G_OPTION_ARG_FILENAME, &note_arg,
      N_("Attach a note"), N_("TEXT") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GlossAnnotationStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *help = g_strdup_printf ("%s --help", command);
  g_autofree char *quote = NULL;
  g_autofree char *note = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  GlossAnnotation *annotation;
  GlossText *text;
  gsize range_start;
  gsize range_end;

  context = gloss_cli_parse_command_line (command,
                                          _("FILE (--quote TEXT [--occurrence N] | --start S --end E)"),
                                          _("Highlight a passage of an article, as the window would, and "
                                            "print the new annotation’s id."),
                                          _("Examples:\n"
                                            "  gloss add essay.html --quote \"the margin is yours\" --tag method\n"
                                            "  gloss add essay.html --start 120 --end 164 --color green "
                                            "--note \"Check this\""),
                                          entries, argc, argv, &error);
  if (context == NULL)
    return gloss_cli_usage_error (help, "%s", error->message);

  if (files == NULL || files[0] == NULL)
    return gloss_cli_usage_error (help, "%s", _("No article given"));
  if (files[1] != NULL)
    return gloss_cli_usage_error (help, "%s", _("Add to one article at a time"));

  /* Which passage: a quote, or a range, never both. */
  if (quote_arg != NULL && (start != G_MININT64 || end != G_MININT64))
    return gloss_cli_usage_error (help, "%s", _("Give either --quote or --start and --end, not both"));
  if (quote_arg == NULL && (start == G_MININT64 || end == G_MININT64))
    {
      if (start == G_MININT64 && end == G_MININT64)
        return gloss_cli_usage_error (help, "%s", _("Give the passage with --quote, or with --start and --end"));
      return gloss_cli_usage_error (help, "%s", _("--start and --end go together"));
    }
  if (quote_arg == NULL && occurrence != G_MININT)
    return gloss_cli_usage_error (help, "%s", _("--occurrence goes with --quote"));

  if (quote_arg != NULL)
    {
      quote = gloss_cli_arg_to_utf8 (quote_arg, &error);
      if (quote == NULL)
        return gloss_cli_usage_error (help, "%s", error->message);
      if (quote[0] == '\0')
        return gloss_cli_usage_error (help, "%s", _("The quote is empty"));
      if (occurrence == G_MININT)
        occurrence = 1;
      if (occurrence < 1)
        return gloss_cli_usage_error (help, "%s", _("--occurrence counts from 1"));
    }
  else
    {
      if (start < 0 || end < 0)
        return gloss_cli_usage_error (help, "%s", _("Offsets cannot be negative"));
      if (start >= end)
        return gloss_cli_usage_error (help, "%s", _("--start must be less than --end"));
    }

  if (color == NULL)
    color = g_strdup (GLOSS_DEFAULT_COLOR);
  else if (!gloss_color_is_valid (color))
    {
      g_autofree char *names = g_strjoinv (", ", (char **) gloss_color_names ());

      return gloss_cli_usage_error (help, _("Unknown colour “%s”: use %s"), color, names);
    }

  for (guint i = 0; tag_args != NULL && tag_args[i] != NULL; i++)
    {
      char *tag = gloss_cli_arg_to_utf8 (tag_args[i], &error);

      if (tag == NULL)
        return gloss_cli_usage_error (help, "%s", error->message);
      g_ptr_array_add (tags, tag);
    }

  if (note_arg != NULL)
    {
      note = gloss_cli_arg_to_utf8 (note_arg, &error);
      if (note == NULL)
        return gloss_cli_usage_error (help, "%s", error->message);
    }

  /* A sidecar that cannot be read fails the load, and nothing is written. */
  store = gloss_cli_open_store (files[0], &error);
  if (store == NULL)
    return gloss_cli_failure (error);

  if (gloss_annotation_store_get_uses_fallback (store))
    {
      g_autoptr(GFile) folder = g_file_get_parent (gloss_annotation_store_get_file (store));
      g_autofree char *folder_name = g_file_get_parse_name (folder);
      g_autofree char *where = NULL;

      /* TRANSLATORS: %s is a folder */
      where = g_strdup_printf (_("The article’s folder cannot be written, so its annotations "
                                "are kept in %s"), folder_name);
      gloss_cli_print_error_line (where);
    }

  if (!gloss_annotation_store_get_writable (store))
    {
      g_set_error (&error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID,
                   "%s", _("The annotations of this article cannot be changed"));
      return gloss_cli_failure (error);
    }

  text = gloss_document_get_text (gloss_annotation_store_get_document (store));

  if (quote != NULL)
    {
      guint n_found;

      if (!find_occurrence (text, quote, occurrence, &range_start, &n_found))
        {
          if (n_found == 0)
            g_set_error (&error, GLOSS_ERROR, GLOSS_ERROR_NOT_FOUND,
                         _("The quote “%s” is not in the article text"), quote);
          else
            g_set_error (&error, GLOSS_ERROR, GLOSS_ERROR_OUT_OF_RANGE,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "The quote appears only %u time in the article text, "
                                      "not %d",
                                      "The quote appears only %u times in the article text, "
                                      "not %d",
                                      n_found),
                         n_found, occurrence);
          return gloss_cli_failure (error);
        }
      range_end = range_start + g_utf8_strlen (quote, -1);
    }
  else
    {
      gsize length = gloss_text_get_length (text);

      if ((guint64) end > length)
        {
          g_set_error (&error, GLOSS_ERROR, GLOSS_ERROR_OUT_OF_RANGE,
                       _("The range %lld-%lld is outside the article text (%lu characters)"),
                       (long long) start, (long long) end, (unsigned long) length);
          return gloss_cli_failure (error);
        }
      range_start = start;
      range_end = end;
    }

  annotation = gloss_annotation_store_add_range (store, range_start, range_end, color, &error);
  if (annotation == NULL)
    return gloss_cli_failure (error);

  for (guint i = 0; i < tags->len; i++)
    gloss_annotation_add_tag (annotation, g_ptr_array_index (tags, i));
  if (note != NULL)
    gloss_annotation_set_note (annotation, note);

  if (!gloss_annotation_store_save_sync (store, NULL, &error))
    return gloss_cli_failure (error);

  line = g_strdup_printf ("%s\n", gloss_annotation_get_id (annotation));
  if (!gloss_cli_write_stdout (line, strlen (line), &error))
    return gloss_cli_failure (error);

  return EXIT_OK;
}
