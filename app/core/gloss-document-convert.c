/* gloss-document-convert.c: titles, and Markdown and plain text as HTML
 *
 * The article view shows HTML: Markdown is rendered by md4c and plain text
 * is wrapped in <p>s, both inside a small full HTML document whose <title>
 * is the article's title (the first heading, else the first line).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-document"

#include "config.h"

#include <string.h>

#include <md4c.h>
#include <md4c-html.h>

#include "gloss-document-private.h"
#include "gloss-html-private.h"

/* Titles made from a first line of text are cut there. */
#define GLOSS_TITLE_MAX_CHARS 200

/* Titles */

char *
gloss_document_first_line_title (const char *utf8,
                                 gsize       len)
{
  const char *p = utf8;
  const char *end = utf8 + len;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      g_autofree char *line = g_strndup (p, (eol ? eol : end) - p);

      g_strstrip (line);
      if (line[0] != '\0')
        {
          if (g_utf8_strlen (line, -1) > GLOSS_TITLE_MAX_CHARS)
            {
              char *cut = g_utf8_offset_to_pointer (line, GLOSS_TITLE_MAX_CHARS);

              *cut = '\0';
              return g_strconcat (line, "…", NULL);
            }
          return g_steal_pointer (&line);
        }
      if (eol == NULL)
        break;
      p = eol + 1;
    }

  return NULL;
}

/* Markdown */

typedef struct
{
  GString  *markup;     /* the first heading, as HTML text */
  gboolean  in_heading;
  gboolean  done;
} MarkdownTitle;

static int
md_title_enter_block (MD_BLOCKTYPE  type,
                      void         *detail,
                      void         *user_data)
{
  MarkdownTitle *title = user_data;

  if (type == MD_BLOCK_H && !title->done)
    title->in_heading = TRUE;

  return 0;
}

static int
md_title_leave_block (MD_BLOCKTYPE  type,
                      void         *detail,
                      void         *user_data)
{
  MarkdownTitle *title = user_data;

  if (type == MD_BLOCK_H && title->in_heading)
    {
      title->in_heading = FALSE;
      if (title->markup->len > 0)
        {
          title->done = TRUE;
          return 1;             /* found it: md4c may stop there */
        }
    }

  return 0;
}

static int
md_title_span (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  return 0;
}

static int
md_title_text (MD_TEXTTYPE     type,
               const MD_CHAR  *text,
               MD_SIZE         size,
               void           *user_data)
{
  MarkdownTitle *title = user_data;

  if (!title->in_heading)
    return 0;

  switch (type)
    {
    case MD_TEXT_NORMAL:
    case MD_TEXT_CODE:
    case MD_TEXT_LATEXMATH:
      gloss_html_append_escaped (title->markup, text, size);
      break;
    case MD_TEXT_ENTITY:
      /* Decoded by the HTML parser below. */
      g_string_append_len (title->markup, text, size);
      break;
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
      g_string_append_c (title->markup, ' ');
      break;
    case MD_TEXT_HTML:          /* inline markup is stripped */
    case MD_TEXT_NULLCHAR:
    default:
      break;
    }

  return 0;
}

#define MARKDOWN_FLAGS (MD_DIALECT_GITHUB)

/* The text of the first ATX or setext heading, inline markup stripped. */
char *
gloss_document_markdown_title (const char *utf8,
                               gsize       len)
{
  MarkdownTitle title = { g_string_new (NULL), FALSE, FALSE };
  MD_PARSER parser = {
    .abi_version = 0,
    .flags = MARKDOWN_FLAGS,
    .enter_block = md_title_enter_block,
    .leave_block = md_title_leave_block,
    .enter_span = md_title_span,
    .leave_span = md_title_span,
    .text = md_title_text,
  };
  char *result = NULL;

  md_parse (utf8, len, &parser, &title);

  if (title.done)
    {
      g_autoptr(GString) doc = g_string_new ("<title>");
      GlossHtmlInfo info;

      g_string_append_len (doc, title.markup->str, title.markup->len);
      g_string_append (doc, "</title>");
      gloss_html_scan (doc->str, doc->len, &info);
      result = g_steal_pointer (&info.title);
      gloss_html_info_clear (&info);
    }

  g_string_free (title.markup, TRUE);

  return result;
}

static void
md_output (const MD_CHAR *text,
           MD_SIZE        size,
           void          *user_data)
{
  g_string_append_len (user_data, text, size);
}

static void
append_document_start (GString    *html,
                       const char *title,
                       const char *article_class)
{
  g_string_append (html, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>");
  gloss_html_append_escaped (html, title, -1);
  g_string_append (html, "</title></head><body><article class=\"");
  g_string_append (html, article_class);
  g_string_append (html, "\">");
}

static void
append_document_end (GString *html)
{
  g_string_append (html, "</article></body></html>");
}

/* Markdown → HTML (GitHub dialect; raw HTML passes through: the view runs
 * no script of the article's and fetches nothing from the network).
 * Entities are left as they are written, for the HTML parser: md4c would
 * write &#xD800; as the bytes of a surrogate, which are not UTF-8 (and
 * which WebKit and gumbo would each read their own way). */
char *
gloss_document_markdown_to_html (const char *utf8,
                                 gsize       len,
                                 const char *title)
{
  GString *html = g_string_sized_new (len * 5 / 4 + 256);

  append_document_start (html, title, "gloss-markdown");
  md_html (utf8, len, md_output, html, MARKDOWN_FLAGS, MD_HTML_FLAG_VERBATIM_ENTITIES);
  append_document_end (html);

  return g_string_free (html, FALSE);
}

/* Plain text */

static gboolean
line_is_blank (const char *p,
               const char *end)
{
  for (; p < end; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\f' && *p != '\v')
      return FALSE;

  return TRUE;
}

/* The first non-blank line as <h1>, then every run of non-blank lines (a
 * paragraph) as a <p>, text kept as it is (newlines inside a paragraph
 * included); blank lines only separate. */
char *
gloss_document_text_to_html (const char *utf8,
                             gsize       len,
                             const char *title)
{
  GString *html = g_string_sized_new (len * 9 / 8 + 256);
  const char *p = utf8;
  const char *end = utf8 + len;
  const char *para = NULL;
  const char *para_end = NULL;
  gboolean have_heading = FALSE;

  append_document_start (html, title, "gloss-text");
  g_string_append_c (html, '\n');

  while (p <= end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol != NULL ? eol : end;
      const char *content_end = line_end;

      if (content_end > p && content_end[-1] == '\r')
        content_end--;

      if (!line_is_blank (p, content_end))
        {
          if (!have_heading)
            {
              g_string_append (html, "<h1>");
              gloss_html_append_escaped (html, p, content_end - p);
              g_string_append (html, "</h1>\n");
              have_heading = TRUE;
            }
          else
            {
              if (para == NULL)
                para = p;
              para_end = content_end;
            }
        }
      else if (para != NULL)
        {
          g_string_append (html, "<p>");
          gloss_html_append_escaped (html, para, para_end - para);
          g_string_append (html, "</p>\n");
          para = NULL;
        }

      if (eol == NULL)
        break;
      p = eol + 1;
    }

  if (para != NULL)
    {
      g_string_append (html, "<p>");
      gloss_html_append_escaped (html, para, para_end - para);
      g_string_append (html, "</p>\n");
    }

  append_document_end (html);

  return g_string_free (html, FALSE);
}
