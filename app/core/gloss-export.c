/* gloss-export.c: annotations out of Gloss
 *
 * JSON is the sidecar's own collection, made self-contained (the article's
 * file:// URI as target source, every annotation's anchoring status).
 * Markdown is for reading and for notes apps.  CSV follows Readwise's
 * import format; tags go into the note with Readwise's inline tag syntax.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-export"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-annotation-store-private.h"
#include "gloss-export.h"

static const struct {
  const char        *name;
  GlossExportFormat  format;
} format_names[] = {
  { "json", GLOSS_EXPORT_JSON },
  { "markdown", GLOSS_EXPORT_MARKDOWN },
  { "md", GLOSS_EXPORT_MARKDOWN },
  { "csv", GLOSS_EXPORT_CSV },
};

gboolean
gloss_export_format_from_name (const char        *name,
                               GlossExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (name, format_names[i].name) == 0)
      {
        *format = format_names[i].format;
        return TRUE;
      }

  return FALSE;
}

gboolean
gloss_export_format_from_filename (const char        *filename,
                                   GlossExportFormat *format)
{
  const char *dot;

  g_return_val_if_fail (format != NULL, FALSE);

  if (filename == NULL)
    return FALSE;

  dot = strrchr (filename, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return FALSE;

  return gloss_export_format_from_name (dot + 1, format);
}

const char *
gloss_export_format_get_extension (GlossExportFormat format)
{
  switch (format)
    {
    case GLOSS_EXPORT_JSON:
      return "json";
    case GLOSS_EXPORT_MARKDOWN:
      return "md";
    case GLOSS_EXPORT_CSV:
      return "csv";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The store's annotations, in its order (article order, orphans last). */
static GPtrArray *
dup_annotations (GlossAnnotationStore *store)
{
  GPtrArray *annotations = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (annotations, g_list_model_get_item (G_LIST_MODEL (store), i));

  return annotations;
}

static char *
dup_article_uri (GlossAnnotationStore *store)
{
  GlossDocument *document = gloss_annotation_store_get_document (store);
  GFile *file = gloss_document_get_file (document);

  if (file != NULL)
    return g_file_get_uri (file);

  return g_strdup (gloss_sidecar_get_article_id (gloss_annotation_store_get_sidecar (store)));
}

/* A tag as one word: runs of white space become "-". */
static char *
tag_word (const char *tag)
{
  GString *word = g_string_new (NULL);
  gboolean in_space = FALSE;

  for (const char *p = tag; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        in_space = TRUE;
      else
        {
          if (in_space && word->len > 0)
            g_string_append_c (word, '-');
          in_space = FALSE;
          g_string_append_unichar (word, c);
        }
    }

  return g_string_free (word, FALSE);
}

/* JSON */

static char *
export_json (GlossAnnotationStore *store)
{
  g_autoptr(GPtrArray) annotations = dup_annotations (store);
  g_autofree char *uri = dup_article_uri (store);
  g_autoptr(GBytes) bytes = NULL;

  bytes = gloss_sidecar_serialize (gloss_annotation_store_get_sidecar (store), annotations,
                                   GLOSS_SIDECAR_SERIALIZE_EXPORT, uri);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Markdown */

/* Article text shown literally: characters that Markdown would read as
 * markup are escaped, and so are the ones that start a heading or a list
 * at the beginning of a line. */
static void
append_markdown_quote (GString    *out,
                       const char *quote)
{
  g_auto(GStrv) lines = g_strsplit (quote, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (g_strchug (lines[i]));
      const char *p = line;

      if (*line == '\0')
        {
          g_string_append (out, ">\n");
          continue;
        }

      g_string_append (out, "> ");

      if (*p == '#' || *p == '+' || *p == '-' || *p == '=' || *p == '|')
        g_string_append_c (out, '\\');
      else if (g_ascii_isdigit (*p))
        {
          const char *q = p;

          while (g_ascii_isdigit (*q))
            q++;
          if (*q == '.' || *q == ')')
            {
              g_string_append_len (out, p, q - p);
              g_string_append_c (out, '\\');
              p = q;
            }
        }

      for (; *p != '\0'; p++)
        {
          if (strchr ("\\`*_[]<>", *p) != NULL)
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }

      g_string_append_c (out, '\n');
    }
}

static void
append_markdown_annotation (GString         *out,
                            GlossAnnotation *annotation)
{
  const char * const *tags = gloss_annotation_get_tags (annotation);
  const char *note = gloss_annotation_get_note (annotation);
  gboolean first = TRUE;

  g_string_append_c (out, '\n');
  append_markdown_quote (out, gloss_annotation_get_quote (annotation));

  if (tags[0] == NULL && *note == '\0')
    return;

  g_string_append_c (out, '\n');
  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autofree char *word = tag_word (tags[i]);

      g_string_append_printf (out, "%s#%s", first ? "" : " ", word);
      first = FALSE;
    }
  if (*note != '\0')
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (note));

      g_string_append_printf (out, "%s%s", first ? "" : " ", trimmed);
    }
  g_string_append_c (out, '\n');
}

static char *
export_markdown (GlossAnnotationStore *store)
{
  GlossDocument *document = gloss_annotation_store_get_document (store);
  g_autoptr(GPtrArray) annotations = dup_annotations (store);
  g_autofree char *title = g_strdup (gloss_document_get_title (document));
  GString *out = g_string_new (NULL);
  gboolean orphans = FALSE;

  g_strdelimit (title, "\r\n", ' ');
  g_string_append_printf (out, "# %s\n", g_strstrip (title));

  for (guint i = 0; i < annotations->len; i++)
    {
      GlossAnnotation *annotation = annotations->pdata[i];

      if (!orphans && gloss_annotation_get_status (annotation) == GLOSS_ANCHOR_ORPHANED)
        {
          /* The store lists orphans last. */
          g_string_append_printf (out, "\n## %s\n", _("Orphaned highlights"));
          orphans = TRUE;
        }

      append_markdown_annotation (out, annotation);
    }

  return g_string_free (out, FALSE);
}

/* CSV */

/* RFC 4180: quoted when it holds a comma, a quote or a line break; quotes
 * inside are doubled. */
static void
append_csv_field (GString    *out,
                  const char *field,
                  gboolean    last)
{
  if (field == NULL)
    field = "";

  if (strpbrk (field, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = field; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, field);

  g_string_append (out, last ? "\r\n" : ",");
}

/* Readwise turns a note that starts with ".word" into tags ("inline
 * tagging"), so the tags come first, one ".word" each, then the note. */
static char *
readwise_note (GlossAnnotation *annotation)
{
  const char * const *tags = gloss_annotation_get_tags (annotation);
  const char *note = gloss_annotation_get_note (annotation);
  GString *out = g_string_new (NULL);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autofree char *word = tag_word (tags[i]);

      g_string_append_printf (out, "%s.%s", i ? " " : "", word);
    }

  if (*note != '\0')
    g_string_append_printf (out, "%s%s", out->len ? " " : "", note);

  return g_string_free (out, FALSE);
}

static char *
export_csv (GlossAnnotationStore *store)
{
  GlossDocument *document = gloss_annotation_store_get_document (store);
  g_autoptr(GPtrArray) annotations = dup_annotations (store);
  g_autofree char *uri = dup_article_uri (store);
  GString *out = g_string_new ("Highlight,Title,Author,URL,Note,Location,Date\r\n");

  for (guint i = 0; i < annotations->len; i++)
    {
      GlossAnnotation *annotation = annotations->pdata[i];
      g_autoptr(GDateTime) created = g_date_time_to_utc (gloss_annotation_get_created (annotation));
      g_autofree char *date = g_date_time_format (created, "%Y-%m-%d %H:%M:%S");
      g_autofree char *note = readwise_note (annotation);
      g_autofree char *location = NULL;

      /* Orphans have no place in the text: no location. */
      if (gloss_annotation_get_status (annotation) != GLOSS_ANCHOR_ORPHANED)
        location = g_strdup_printf ("%" G_GSIZE_FORMAT, gloss_annotation_get_start (annotation));

      append_csv_field (out, gloss_annotation_get_quote (annotation), FALSE);
      append_csv_field (out, gloss_document_get_title (document), FALSE);
      append_csv_field (out, gloss_document_get_author (document), FALSE);
      append_csv_field (out, uri, FALSE);
      append_csv_field (out, note, FALSE);
      append_csv_field (out, location, FALSE);
      append_csv_field (out, date, TRUE);
    }

  return g_string_free (out, FALSE);
}

char *
gloss_export_to_string (GlossAnnotationStore *store,
                        GlossExportFormat     format)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (store), NULL);

  switch (format)
    {
    case GLOSS_EXPORT_JSON:
      return export_json (store);
    case GLOSS_EXPORT_MARKDOWN:
      return export_markdown (store);
    case GLOSS_EXPORT_CSV:
      return export_csv (store);
    default:
      g_return_val_if_reached (NULL);
    }
}
