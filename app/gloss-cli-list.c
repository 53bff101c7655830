/* gloss-cli-list.c: "gloss list": the annotations, one per line or as JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gloss-cli-private.h"

/* How much of a quote and a note one line of "gloss list" shows. */
#define LIST_QUOTE_CHARS 60
#define LIST_NOTE_CHARS  40

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

int
gloss_cli_list (const char  *command,
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

  context = gloss_cli_parse_command_line (command, _("FILE…"),
                                          _("List the annotations of articles: where each one is now "
                                            "(exact, moved or orphaned), its colour, tags, note and quote."),
                                          _("Offsets count Unicode characters of the article text, as "
                                            "“gloss text” prints it."),
                                          entries, argc, argv, &error);
  if (context == NULL)
    return gloss_cli_usage_error (help, "%s", error->message);

  if (files == NULL || files[0] == NULL)
    return gloss_cli_usage_error (help, "%s", _("No article given"));

  for (guint i = 0; tag_args != NULL && tag_args[i] != NULL; i++)
    {
      char *tag = gloss_cli_arg_to_utf8 (tag_args[i], &error);

      if (tag == NULL)
        return gloss_cli_usage_error (help, "%s", error->message);
      g_ptr_array_add (tags, g_strstrip (tag));
    }

  several = files[1] != NULL;
  json_builder_begin_array (builder);

  for (guint f = 0; files[f] != NULL; f++)
    {
      g_autoptr(GlossAnnotationStore) store = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *name = gloss_cli_display_arg (files[f]);
      guint n_items;

      /* Nothing is printed unless every article can be read. */
      store = gloss_cli_open_store (files[f], &local_error);
      if (store == NULL)
        return gloss_cli_failure (local_error);

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

  if (!gloss_cli_write_stdout (out->str, out->len, &error))
    return gloss_cli_failure (error);

  return EXIT_OK;
}
