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
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "gloss-cli.h"

#include "gloss-annotation-store.h"
#include "gloss-color.h"
#include "gloss-document.h"
#include "gloss-error.h"
#include "gloss-export.h"

#define EXIT_OK      0
#define EXIT_FAILED  1
#define EXIT_USAGE   2

/* How much of a quote and a note one line of "gloss list" shows. */
#define LIST_QUOTE_CHARS 60
#define LIST_NOTE_CHARS  40

typedef int (*GlossCliFunc) (const char  *command,
                             int          argc,
                             char       **argv);

static int cli_export (const char *command, int argc, char **argv);
static int cli_list   (const char *command, int argc, char **argv);
static int cli_add    (const char *command, int argc, char **argv);
static int cli_text   (const char *command, int argc, char **argv);

static const struct
{
  const char   *name;
  GlossCliFunc  func;
} commands[] = {
  { "export", cli_export },
  { "list",   cli_list },
  { "add",    cli_add },
  { "text",   cli_text },
};

/* Errors */

/* Prints "gloss: MESSAGE" as one line, whatever the message holds. */
static void
print_error_line (const char *message)
{
  g_autofree char *line = g_strdup (message);

  g_strstrip (g_strdelimit (line, "\r\n", ' '));
  g_printerr ("gloss: %s\n", line);
}

static int G_GNUC_PRINTF (2, 3)
usage_error (const char *command,
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
  print_error_line (line);

  return EXIT_USAGE;
}

static int
failure (const GError *error)
{
  print_error_line (error->message);

  return EXIT_FAILED;
}

/* Option parsing */

/* A command-line argument as UTF-8: UTF-8 as given (even in the C locale,
 * where GLib's own conversion would refuse it), else from the locale's
 * encoding. */
static char *
arg_to_utf8 (const char  *arg,
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
static GOptionContext *
parse_command_line (const char          *command,
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
static GlossAnnotationStore *
open_store (const char  *arg,
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

      print_error_line (line);
    }

  return g_steal_pointer (&store);
}

/* Output */

static gboolean
write_stdout (const char  *data,
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
static char *
display_arg (const char *arg)
{
  return g_filename_display_name (arg);
}

/* gloss export */

static int
cli_export (const char  *command,
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

  context = parse_command_line (command, _("FILE"),
                                _("Export the annotations of an article as JSON (W3C Web "
                                  "Annotation), Markdown or CSV."),
                                _("Examples:\n"
                                  "  gloss export --format markdown essay.html\n"
                                  "  gloss export --output highlights.csv essay.html"),
                                entries, argc, argv, &error);
  if (context == NULL)
    return usage_error (help, "%s", error->message);

  if (files == NULL || files[0] == NULL)
    return usage_error (help, "%s", _("No article given"));
  if (files[1] != NULL)
    return usage_error (help, "%s", _("Export one article at a time"));

  if (format_name != NULL)
    {
      if (!gloss_export_format_from_name (format_name, &format))
        return usage_error (help, _("Unknown format “%s”: use json, markdown or csv"),
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
        return usage_error (help, "%s",
                            _("The output file would replace the article or its annotations"));
    }

  store = open_store (files[0], &error);
  if (store == NULL)
    return failure (error);

  data = gloss_export_to_string (store, format);
  if (data == NULL)
    {
      g_set_error (&error, GLOSS_ERROR, GLOSS_ERROR_FAILED,
                   "%s", _("The annotations could not be exported"));
      return failure (error);
    }

  if (to_stdout)
    {
      if (!write_stdout (data, strlen (data), &error))
        return failure (error);
    }
  else
    {
      g_autoptr(GFile) target = g_file_new_for_commandline_arg (output);

      if (!g_file_replace_contents (target, data, strlen (data), NULL, FALSE,
                                    G_FILE_CREATE_NONE, NULL, NULL, &error))
        return failure (error);
    }

  return EXIT_OK;
}

/* gloss list */

/* @text on one line, runs of white space made one space, at most
 * @max_chars code points (with an ellipsis when clipped). */
static char *
one_line (const char *text,
          gsize       max_chars)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  gsize n_chars = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x2028 || c == 0x2029)
        {
          space = out->len > 0;
          continue;
        }

      if (n_chars + (space ? 1 : 0) >= max_chars)
        {
          g_string_append (out, "…");
          break;
        }

      if (space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          space = FALSE;
        }

      g_string_append_unichar (out, c);
      n_chars++;
    }

  return g_string_free (out, FALSE);
}

static gboolean
annotation_matches (GlossAnnotation    *annotation,
                    const char * const *tags)
{
  if (tags == NULL)
    return TRUE;

  for (guint i = 0; tags[i] != NULL; i++)
    if (!gloss_annotation_has_tag (annotation, tags[i]))
      return FALSE;

  return TRUE;
}

static void
list_human (GString         *out,
            const char      *prefix,
            GlossAnnotation *annotation)
{
  GlossAnchorStatus status = gloss_annotation_get_status (annotation);
  const char * const *tags = gloss_annotation_get_tags (annotation);
  const char *note = gloss_annotation_get_note (annotation);
  g_autofree char *range = NULL;
  g_autofree char *quote = NULL;

  if (status == GLOSS_ANCHOR_ORPHANED)
    range = g_strdup ("-");
  else
    range = g_strdup_printf ("%" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT,
                             gloss_annotation_get_start (annotation),
                             gloss_annotation_get_end (annotation));

  quote = one_line (gloss_annotation_get_quote (annotation), LIST_QUOTE_CHARS);

  if (prefix != NULL)
    g_string_append_printf (out, "%s: ", prefix);

  g_string_append_printf (out, "%-8s  %-13s  %-6s  “%s”",
                          gloss_anchor_status_to_string (status), range,
                          gloss_annotation_get_color (annotation), quote);

  if (tags[0] != NULL)
    {
      g_string_append (out, "  [");
      for (guint i = 0; tags[i] != NULL; i++)
        {
          g_autofree char *tag = one_line (tags[i], G_MAXSIZE);

          g_string_append_printf (out, "%s%s", i ? ", " : "", tag);
        }
      g_string_append_c (out, ']');
    }

  if (note[0] != '\0')
    {
      g_autofree char *clipped = one_line (note, LIST_NOTE_CHARS);

      /* TRANSLATORS: a note after a quote in “gloss list” */
      g_string_append_printf (out, "  %s %s", _("Note:"), clipped);
    }

  g_string_append_c (out, '\n');
}

static void
add_datetime_member (JsonBuilder *builder,
                     const char  *name,
                     GDateTime   *datetime)
{
  g_autofree char *iso = datetime ? g_date_time_format_iso8601 (datetime) : NULL;

  json_builder_set_member_name (builder, name);
  if (iso != NULL)
    json_builder_add_string_value (builder, iso);
  else
    json_builder_add_null_value (builder);
}

static void
list_json (JsonBuilder     *builder,
           const char      *file,
           GlossAnnotation *annotation)
{
  const GlossSelectors *selectors = gloss_annotation_get_selectors (annotation);
  GlossAnchorStatus status = gloss_annotation_get_status (annotation);
  const char * const *tags = gloss_annotation_get_tags (annotation);

  json_builder_begin_object (builder);

  if (file != NULL)
    {
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, file);
    }

  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, gloss_annotation_get_id (annotation));
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, gloss_anchor_status_to_string (status));

  json_builder_set_member_name (builder, "start");
  if (status == GLOSS_ANCHOR_ORPHANED)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, gloss_annotation_get_start (annotation));
  json_builder_set_member_name (builder, "end");
  if (status == GLOSS_ANCHOR_ORPHANED)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, gloss_annotation_get_end (annotation));

  json_builder_set_member_name (builder, "exact");
  json_builder_add_string_value (builder, gloss_annotation_get_quote (annotation));
  json_builder_set_member_name (builder, "prefix");
  json_builder_add_string_value (builder, selectors && selectors->prefix ? selectors->prefix : "");
  json_builder_set_member_name (builder, "suffix");
  json_builder_add_string_value (builder, selectors && selectors->suffix ? selectors->suffix : "");

  json_builder_set_member_name (builder, "color");
  json_builder_add_string_value (builder, gloss_annotation_get_color (annotation));

  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags[i] != NULL; i++)
    json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, gloss_annotation_get_note (annotation));

  add_datetime_member (builder, "created", gloss_annotation_get_created (annotation));
  add_datetime_member (builder, "modified", gloss_annotation_get_modified (annotation));

  json_builder_end_object (builder);
}

static int
cli_list (const char  *command,
          int          argc,
          char       **argv)
{
  gboolean as_json = FALSE;
  g_auto(GStrv) tag_args = NULL;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_("Print one JSON array instead of one line per annotation"), NULL },
    { "tag", 't', 0, G_OPTION_ARG_FILENAME_ARRAY, &tag_args,
      N_("Only annotations tagged TAG (repeat to require several tags)"), N_("TAG") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tags = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *help = g_strdup_printf ("%s --help", command);
  gboolean several;

  context = parse_command_line (command, _("FILE…"),
                                _("List the annotations of articles: where each one is now "
                                  "(exact, moved or orphaned), its colour, tags, note and quote."),
                                _("Offsets count Unicode characters of the article text, as "
                                  "“gloss text” prints it."),
                                entries, argc, argv, &error);
  if (context == NULL)
    return usage_error (help, "%s", error->message);

  if (files == NULL || files[0] == NULL)
    return usage_error (help, "%s", _("No article given"));

  for (guint i = 0; tag_args != NULL && tag_args[i] != NULL; i++)
    {
      char *tag = arg_to_utf8 (tag_args[i], &error);

      if (tag == NULL)
        return usage_error (help, "%s", error->message);
      g_ptr_array_add (tags, g_strstrip (tag));
    }

  several = files[1] != NULL;
  json_builder_begin_array (builder);

  for (guint f = 0; files[f] != NULL; f++)
    {
      g_autoptr(GlossAnnotationStore) store = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *name = display_arg (files[f]);
      guint n_items;

      /* Nothing is printed unless every article can be read. */
      store = open_store (files[f], &local_error);
      if (store == NULL)
        return failure (local_error);

      n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(GlossAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (store), i);

          if (!annotation_matches (annotation, tags->len ? (const char * const *) tags->pdata : NULL))
            continue;

          if (as_json)
            list_json (builder, several ? name : NULL, annotation);
          else
            list_human (out, several ? name : NULL, annotation);
        }
    }

  json_builder_end_array (builder);

  if (as_json)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      g_autofree char *json = NULL;

      json_generator_set_pretty (generator, TRUE);
      json_generator_set_indent (generator, 2);
      json_generator_set_root (generator, root);
      json = json_generator_to_data (generator, NULL);
      g_string_append (out, json);
      g_string_append_c (out, '\n');
    }

  if (!write_stdout (out->str, out->len, &error))
    return failure (error);

  return EXIT_OK;
}

/* gloss add */

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

static int
cli_add (const char  *command,
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

  context = parse_command_line (command,
                                _("FILE (--quote TEXT [--occurrence N] | --start S --end E)"),
                                _("Highlight a passage of an article, as the window would, and "
                                  "print the new annotation’s id."),
                                _("Examples:\n"
                                  "  gloss add essay.html --quote \"the margin is yours\" --tag method\n"
                                  "  gloss add essay.html --start 120 --end 164 --color green "
                                  "--note \"Check this\""),
                                entries, argc, argv, &error);
  if (context == NULL)
    return usage_error (help, "%s", error->message);

  if (files == NULL || files[0] == NULL)
    return usage_error (help, "%s", _("No article given"));
  if (files[1] != NULL)
    return usage_error (help, "%s", _("Add to one article at a time"));

  /* Which passage: a quote, or a range, never both. */
  if (quote_arg != NULL && (start != G_MININT64 || end != G_MININT64))
    return usage_error (help, "%s", _("Give either --quote or --start and --end, not both"));
  if (quote_arg == NULL && (start == G_MININT64 || end == G_MININT64))
    {
      if (start == G_MININT64 && end == G_MININT64)
        return usage_error (help, "%s", _("Give the passage with --quote, or with --start and --end"));
      return usage_error (help, "%s", _("--start and --end go together"));
    }
  if (quote_arg == NULL && occurrence != G_MININT)
    return usage_error (help, "%s", _("--occurrence goes with --quote"));

  if (quote_arg != NULL)
    {
      quote = arg_to_utf8 (quote_arg, &error);
      if (quote == NULL)
        return usage_error (help, "%s", error->message);
      if (quote[0] == '\0')
        return usage_error (help, "%s", _("The quote is empty"));
      if (occurrence == G_MININT)
        occurrence = 1;
      if (occurrence < 1)
        return usage_error (help, "%s", _("--occurrence counts from 1"));
    }
  else
    {
      if (start < 0 || end < 0)
        return usage_error (help, "%s", _("Offsets cannot be negative"));
      if (start >= end)
        return usage_error (help, "%s", _("--start must be less than --end"));
    }

  if (color == NULL)
    color = g_strdup (GLOSS_DEFAULT_COLOR);
  else if (!gloss_color_is_valid (color))
    {
      g_autofree char *names = g_strjoinv (", ", (char **) gloss_color_names ());

      return usage_error (help, _("Unknown colour “%s”: use %s"), color, names);
    }

  for (guint i = 0; tag_args != NULL && tag_args[i] != NULL; i++)
    {
      char *tag = arg_to_utf8 (tag_args[i], &error);

      if (tag == NULL)
        return usage_error (help, "%s", error->message);
      g_ptr_array_add (tags, tag);
    }

  if (note_arg != NULL)
    {
      note = arg_to_utf8 (note_arg, &error);
      if (note == NULL)
        return usage_error (help, "%s", error->message);
    }

  /* A sidecar that cannot be read fails the load, and nothing is written. */
  store = open_store (files[0], &error);
  if (store == NULL)
    return failure (error);

  if (gloss_annotation_store_get_uses_fallback (store))
    {
      g_autoptr(GFile) folder = g_file_get_parent (gloss_annotation_store_get_file (store));
      g_autofree char *folder_name = g_file_get_parse_name (folder);
      g_autofree char *where = NULL;

      /* TRANSLATORS: %s is a folder */
      where = g_strdup_printf (_("The article’s folder cannot be written, so its annotations "
                                "are kept in %s"), folder_name);
      print_error_line (where);
    }

  if (!gloss_annotation_store_get_writable (store))
    {
      g_set_error (&error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID,
                   "%s", _("The annotations of this article cannot be changed"));
      return failure (error);
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
          return failure (error);
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
          return failure (error);
        }
      range_start = start;
      range_end = end;
    }

  annotation = gloss_annotation_store_add_range (store, range_start, range_end, color, &error);
  if (annotation == NULL)
    return failure (error);

  for (guint i = 0; i < tags->len; i++)
    gloss_annotation_add_tag (annotation, g_ptr_array_index (tags, i));
  if (note != NULL)
    gloss_annotation_set_note (annotation, note);

  if (!gloss_annotation_store_save_sync (store, NULL, &error))
    return failure (error);

  line = g_strdup_printf ("%s\n", gloss_annotation_get_id (annotation));
  if (!write_stdout (line, strlen (line), &error))
    return failure (error);

  return EXIT_OK;
}

/* gloss text */

static int
cli_text (const char  *command,
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

  context = parse_command_line (command, _("FILE"),
                                _("Print the article text that annotation offsets count over "
                                  "(UTF-8, exactly, with no final newline added)."),
                                NULL,
                                entries, argc, argv, &error);
  if (context == NULL)
    return usage_error (help, "%s", error->message);

  if (files == NULL || files[0] == NULL)
    return usage_error (help, "%s", _("No article given"));
  if (files[1] != NULL)
    return usage_error (help, "%s", _("Give one article at a time"));

  file = g_file_new_for_commandline_arg (files[0]);
  document = gloss_document_new_for_file (file, NULL, &error);
  if (document == NULL)
    return failure (error);

  utf8 = gloss_text_get_utf8 (gloss_document_get_text (document), &n_bytes);
  if (!write_stdout (utf8, n_bytes, &error))
    return failure (error);

  return EXIT_OK;
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
