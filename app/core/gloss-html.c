/* gloss-html.c: the article text and metadata of an HTML page
 *
 * THE ARTICLE TEXT — one definition, shared with ui/gloss-page.js:
 *
 *   the concatenation, in document order, of every Text node (CDATA
 *   sections in SVG/MathML are Text nodes too) under document.body
 *   (the first <body> or <frameset> child of <html>), except the nodes
 *   inside an element whose local name is script, style or template, in
 *   any namespace (so SVG <style> and <script> are skipped as
 *   well).  Nothing under <head> counts; whitespace-only nodes count;
 *   comments do not.  Offsets count Unicode code points of that string.
 *
 * The DOM is built by an HTML5 parser (gumbo), which follows the same
 * tree-construction algorithm as WebKit: CR LF and lone CR become LF,
 * character references are decoded (&#0; and other invalid ones as U+FFFD,
 * &#x80;–&#x9F; through the windows-1252 table), U+0000 characters in text
 * are dropped, whitespace after </body> and </html> lands in <body>, and
 * misnested markup, tables and foster parenting are repaired the same way.
 * In the page, a TreeWalker over document.body that rejects those three
 * element names and accepts Text nodes yields exactly this string (template
 * contents live in a separate fragment there, so they are outside anyway).
 *
 * Nothing here recurses: trees are walked with an explicit stack, so a page
 * of 100,000 nested elements costs memory, not the C stack.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-html"

#include "config.h"

#include <string.h>

#include <gumbo.h>

#include "gloss-document.h"
#include "gloss-html-private.h"

typedef struct
{
  GumboVector *children;
  guint        index;
} Frame;

typedef struct
{
  GArray *stack;
} Walker;

static GumboVector *
node_children (GumboNode *node)
{
  switch (node->type)
    {
    case GUMBO_NODE_DOCUMENT:
      return &node->v.document.children;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
      return &node->v.element.children;
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_COMMENT:
    case GUMBO_NODE_WHITESPACE:
    default:
      return NULL;
    }
}

static gboolean
is_text_node (GumboNode *node)
{
  return node->type == GUMBO_NODE_TEXT ||
         node->type == GUMBO_NODE_WHITESPACE ||
         node->type == GUMBO_NODE_CDATA;
}

/* script, style, template: their text is not article text.  <noscript> is:
 * with the article's scripts off, WebKit shows it. */
static gboolean
is_skipped_element (GumboNode *node)
{
  if (node->type == GUMBO_NODE_TEMPLATE)
    return TRUE;
  if (node->type != GUMBO_NODE_ELEMENT)
    return FALSE;

  switch (node->v.element.tag)
    {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TEMPLATE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Pre-order walk over the descendants of a node, without recursion. */
static void
walker_init (Walker    *walker,
             GumboNode *root)
{
  GumboVector *children = node_children (root);

  walker->stack = g_array_sized_new (FALSE, FALSE, sizeof (Frame), 64);
  if (children != NULL)
    {
      Frame frame = { children, 0 };

      g_array_append_val (walker->stack, frame);
    }
}

static void
walker_clear (Walker *walker)
{
  g_clear_pointer (&walker->stack, g_array_unref);
}

/* The next node, or NULL at the end.  @descend: whether to enter the
 * children of the node returned last time. */
static GumboNode *
walker_next (Walker    *walker,
             GumboNode *previous,
             gboolean   descend)
{
  GumboVector *children;

  if (previous != NULL && descend &&
      (children = node_children (previous)) != NULL &&
      children->length > 0)
    {
      Frame frame = { children, 0 };

      g_array_append_val (walker->stack, frame);
    }

  while (walker->stack->len > 0)
    {
      Frame *top = &g_array_index (walker->stack, Frame, walker->stack->len - 1);

      if (top->index < top->children->length)
        return top->children->data[top->index++];

      g_array_set_size (walker->stack, walker->stack->len - 1);
    }

  return NULL;
}

/* The text of the Text nodes under @root, skipping script etc. */
static void
append_text (GString   *out,
             GumboNode *root)
{
  Walker walker;
  GumboNode *node = NULL;
  gboolean descend = FALSE;

  walker_init (&walker, root);
  while ((node = walker_next (&walker, node, descend)) != NULL)
    {
      if (is_text_node (node))
        g_string_append (out, node->v.text.text);
      descend = !is_skipped_element (node);
    }
  walker_clear (&walker);
}

static inline gboolean
is_ascii_whitespace (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

char *
gloss_html_collapse_whitespace (const char *text,
                                gssize      len)
{
  GString *out;
  gboolean pending_space = FALSE;

  if (len < 0)
    len = strlen (text);

  out = g_string_sized_new (len);
  for (gssize i = 0; i < len; i++)
    {
      if (is_ascii_whitespace (text[i]))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, text[i]);
    }

  return g_string_free (out, FALSE);
}

static char *
element_text_collapsed (GumboNode *node)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *collapsed = NULL;

  append_text (text, node);
  collapsed = gloss_html_collapse_whitespace (text->str, text->len);
  if (collapsed[0] == '\0')
    return NULL;

  return g_steal_pointer (&collapsed);
}

static GumboNode *
find_body (GumboOutput *output)
{
  GumboNode *root = output->root;
  GumboVector *children;

  if (root == NULL || (children = node_children (root)) == NULL)
    return NULL;

  for (guint i = 0; i < children->length; i++)
    {
      GumboNode *child = children->data[i];

      if (child->type == GUMBO_NODE_ELEMENT &&
          child->v.element.tag_namespace == GUMBO_NAMESPACE_HTML &&
          (child->v.element.tag == GUMBO_TAG_BODY ||
           child->v.element.tag == GUMBO_TAG_FRAMESET))
        return child;
    }

  return NULL;
}

/* <title> and <meta name="author">, anywhere but in templates and foreign
 * (SVG, MathML) content. */
static void
scan_metadata (GumboOutput   *output,
               GlossHtmlInfo *info)
{
  Walker walker;
  GumboNode *node = NULL;
  gboolean descend = FALSE;
  gboolean title_seen = FALSE;

  walker_init (&walker, output->document);
  while ((node = walker_next (&walker, node, descend)) != NULL)
    {
      GumboElement *element;

      descend = FALSE;
      if (node->type != GUMBO_NODE_ELEMENT)
        continue;

      element = &node->v.element;
      if (element->tag_namespace != GUMBO_NAMESPACE_HTML)
        continue;
      descend = element->tag != GUMBO_TAG_TEMPLATE;

      if (element->tag == GUMBO_TAG_TITLE && !title_seen)
        {
          /* document.title: the first title element, even if blank. */
          title_seen = TRUE;
          info->title = element_text_collapsed (node);
        }
      else if (element->tag == GUMBO_TAG_META && info->author == NULL)
        {
          GumboAttribute *name = gumbo_get_attribute (&element->attributes, "name");
          GumboAttribute *content = gumbo_get_attribute (&element->attributes, "content");

          if (name != NULL && content != NULL)
            {
              g_autofree char *name_value = g_strstrip (g_strdup (name->value));

              if (g_ascii_strcasecmp (name_value, "author") == 0)
                {
                  g_autofree char *author = gloss_html_collapse_whitespace (content->value, -1);

                  if (author[0] != '\0')
                    info->author = g_steal_pointer (&author);
                }
            }
        }

      if (title_seen && info->author != NULL)
        break;
    }
  walker_clear (&walker);
}

static void
scan_body (GumboNode     *body,
           GlossHtmlInfo *info,
           gsize          size_hint)
{
  Walker walker;
  GumboNode *node = NULL;
  gboolean descend = FALSE;
  GString *text = g_string_sized_new (size_hint / 2 + 16);

  walker_init (&walker, body);
  while ((node = walker_next (&walker, node, descend)) != NULL)
    {
      if (is_text_node (node))
        {
          g_string_append (text, node->v.text.text);
          descend = FALSE;
          continue;
        }

      descend = !is_skipped_element (node);

      if (descend && node->type == GUMBO_NODE_ELEMENT &&
          node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML &&
          (info->heading == NULL || info->any_heading == NULL))
        {
          GumboTag tag = node->v.element.tag;
          gboolean h12 = tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2;
          gboolean h16 = h12 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
                         tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;

          if ((h12 && info->heading == NULL) || (h16 && info->any_heading == NULL))
            {
              g_autofree char *heading = element_text_collapsed (node);

              if (heading != NULL && info->any_heading == NULL)
                info->any_heading = g_strdup (heading);
              if (heading != NULL && h12 && info->heading == NULL)
                info->heading = g_steal_pointer (&heading);
            }
        }
    }
  walker_clear (&walker);

  info->text_len = text->len;
  info->text = g_string_free (text, FALSE);
}

static GumboOutput *
parse_once (const char *html,
            gsize       len)
{
  GumboOptions options = kGumboDefaultOptions;

  /* Parse errors are of no use here, and a broken page would pile up
   * millions of them. */
  options.max_errors = 0;

  return gumbo_parse_with_options (&options, html, len);
}

/* Gumbo follows an older HTML spec in one more way: it replaces the
 * control characters (U+0001–U+0008, U+000B, U+000E–U+001F, U+007F–U+009F)
 * and the noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF) of the source with
 * U+FFFD, where browsers keep them (a parse error only).  So before parsing
 * they are swapped for private-use stand-ins, which gumbo keeps, and swapped
 * back in every string read out of the tree.  (Character references such
 * as &#x1; already give the character itself, as in browsers.)  A source
 * that already contains a stand-in is parsed as it is. */

#define STANDIN_BASE      0x100000  /* U+0001–U+009F, U+FDD0–U+FDEF */
#define STANDIN_NONCHARS  0x10E000  /* U+xFFFE, U+xFFFF of planes 0–16 */

static gboolean
is_replaced_by_gumbo (gunichar c)
{
  return (c >= 0x01 && c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) ||
         (c >= 0x7F && c <= 0x9F) || (c >= 0xFDD0 && c <= 0xFDEF) ||
         (c & 0xFFFE) == 0xFFFE;
}

static gboolean
is_standin (gunichar c)
{
  return (c >= STANDIN_BASE && c <= STANDIN_BASE + 0x9F) ||
         (c >= STANDIN_BASE + 0xFDD0 && c <= STANDIN_BASE + 0xFDEF) ||
         (c >= STANDIN_NONCHARS && c < STANDIN_NONCHARS + 34);
}

static gunichar
standin_for (gunichar c)
{
  if ((c & 0xFFFE) == 0xFFFE)
    return STANDIN_NONCHARS + (c >> 16) * 2 + (c & 1);

  return STANDIN_BASE + c;
}

static gunichar
standin_original (gunichar c)
{
  if (c >= STANDIN_NONCHARS && c < STANDIN_NONCHARS + 34)
    {
      c -= STANDIN_NONCHARS;
      return ((c / 2) << 16) | 0xFFFE | (c & 1);
    }

  return c - STANDIN_BASE;
}

/* The source with stand-ins, or NULL when it needs none (or has some). */
static char *
protect_controls (const char *html,
                  gsize       len,
                  gsize      *out_len)
{
  const char *p = html;
  const char *end = html + len;
  const char *copied = html;
  GString *out = NULL;

  while (p < end)
    {
      guchar b = *p;
      gunichar c;
      gsize n;

      if (b < 0x80)
        {
          if (b == 0 || b == '\t' || b == '\n' || b == '\f' || b == '\r' ||
              (b >= 0x20 && b != 0x7F))
            {
              p++;
              continue;
            }
          c = b;
          n = 1;
        }
      else
        {
          gunichar d = g_utf8_get_char_validated (p, end - p);

          if (d == (gunichar) -1 || d == (gunichar) -2)
            {
              p++;            /* invalid: gumbo's business */
              continue;
            }
          n = g_utf8_skip[b];
          if (is_standin (d))
            {
              if (out != NULL)
                g_string_free (out, TRUE);
              return NULL;
            }
          if (!is_replaced_by_gumbo (d))
            {
              p += n;
              continue;
            }
          c = d;
        }

      if (out == NULL)
        out = g_string_sized_new (len + 64);
      g_string_append_len (out, copied, p - copied);
      g_string_append_unichar (out, standin_for (c));
      p += n;
      copied = p;
    }

  if (out == NULL)
    return NULL;

  g_string_append_len (out, copied, end - copied);
  *out_len = out->len;

  return g_string_free (out, FALSE);
}

/* Swaps the stand-ins in @s back, in place (they are longer).  Returns the
 * new length. */
static gsize
unprotect_controls (char  *s,
                    gsize  len)
{
  char *r = s;
  char *w = s;
  char *end = s + len;

  while (r < end)
    {
      gunichar c;

      /* Stand-ins are U+10xxxx: F4 80–8F … */
      if ((guchar) *r != 0xF4 || end - r < 4)
        {
          *w++ = *r++;
          continue;
        }
      c = g_utf8_get_char (r);
      if (is_standin (c))
        w += g_unichar_to_utf8 (standin_original (c), w);
      else
        {
          memmove (w, r, 4);
          w += 4;
        }
      r += 4;
    }
  *w = '\0';

  return w - s;
}

static void
unprotect_string (char *s)
{
  if (s != NULL)
    unprotect_controls (s, strlen (s));
}

typedef struct
{
  GumboOutput *output;
  char        *buffer;      /* the input gumbo parsed, when rewritten */
  gsize        buffer_len;
  gboolean     protected;   /* stand-ins to swap back */
} Parsed;

/* Parses @html into the tree WebKit builds.
 *
 * Gumbo parses with the scripting flag off, and so does WebKit here: with
 * the article's JavaScript off (enable-javascript-markup FALSE) the page is
 * parsed as a browser without scripts parses it, so <noscript> content is
 * markup (a tracking <img> in a <noscript> in <head> ends the head) and it
 * is shown.  The page script in its isolated world does not change that. */
static void
parse (const char *html,
       gsize       len,
       Parsed     *parsed)
{
  parsed->buffer = protect_controls (html, len, &parsed->buffer_len);
  parsed->protected = parsed->buffer != NULL;
  parsed->output = parsed->protected ? parse_once (parsed->buffer, parsed->buffer_len)
                                     : parse_once (html, len);
}

static void
parsed_clear (Parsed *parsed)
{
  gumbo_destroy_output (&kGumboDefaultOptions, parsed->output);
  g_clear_pointer (&parsed->buffer, g_free);
}

void
gloss_html_scan (const char    *html,
                 gsize          len,
                 GlossHtmlInfo *info)
{
  Parsed parsed;
  GumboNode *body;

  g_return_if_fail (html != NULL || len == 0);
  g_return_if_fail (info != NULL);

  memset (info, 0, sizeof *info);
  if (html == NULL)
    html = "";

  parse (html, len, &parsed);
  scan_metadata (parsed.output, info);
  body = find_body (parsed.output);
  if (body != NULL)
    scan_body (body, info, len);
  else
    info->text = g_strdup ("");

  if (parsed.protected)
    {
      info->text_len = unprotect_controls (info->text, info->text_len);
      unprotect_string (info->title);
      unprotect_string (info->heading);
      unprotect_string (info->any_heading);
      unprotect_string (info->author);
    }
  parsed_clear (&parsed);
}

void
gloss_html_info_clear (GlossHtmlInfo *info)
{
  g_clear_pointer (&info->text, g_free);
  g_clear_pointer (&info->title, g_free);
  g_clear_pointer (&info->heading, g_free);
  g_clear_pointer (&info->any_heading, g_free);
  g_clear_pointer (&info->author, g_free);
  info->text_len = 0;
}

char *
gloss_html_extract_text (const char *html,
                         gsize       len)
{
  Parsed parsed;
  GumboNode *body;
  GString *text;

  g_return_val_if_fail (html != NULL || len == 0, NULL);

  if (html == NULL)
    html = "";

  parse (html, len, &parsed);
  text = g_string_sized_new (len / 2 + 16);
  body = find_body (parsed.output);
  if (body != NULL)
    append_text (text, body);
  if (parsed.protected)
    g_string_set_size (text, unprotect_controls (text->str, text->len));
  parsed_clear (&parsed);

  return g_string_free (text, FALSE);
}

void
gloss_html_append_escaped (GString    *out,
                           const char *text,
                           gssize      len)
{
  const char *end;
  const char *run;

  if (len < 0)
    len = strlen (text);
  end = text + len;

  for (run = text; text < end; text++)
    {
      const char *entity;

      switch (*text)
        {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        default: continue;
        }
      g_string_append_len (out, run, text - run);
      g_string_append (out, entity);
      run = text + 1;
    }
  g_string_append_len (out, run, text - run);
}

/* Charset sniffing: the WHATWG "prescan a byte stream to determine its
 * encoding", over the first bytes of the file. */

#define PRESCAN_BYTES 4096

static gboolean
starts_with_ci (const char *p,
                const char *end,
                const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && g_ascii_strncasecmp (p, prefix, n) == 0;
}

static inline gboolean
is_prescan_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* "Get an attribute": FALSE when there is none (at '>' or the end). */
static gboolean
prescan_attribute (const char **pp,
                   const char  *end,
                   GString     *name,
                   GString     *value)
{
  const char *p = *pp;

  g_string_truncate (name, 0);
  g_string_truncate (value, 0);

  while (p < end && (is_prescan_space (*p) || *p == '/'))
    p++;
  if (p >= end || *p == '>')
    {
      *pp = p;
      return FALSE;
    }

  /* The name. */
  for (;;)
    {
      if (p >= end)
        goto done;
      if (*p == '=' && name->len > 0)
        {
          p++;
          break;
        }
      if (is_prescan_space (*p))
        {
          while (p < end && is_prescan_space (*p))
            p++;
          if (p >= end || *p != '=')
            goto done;
          p++;
          break;
        }
      if (*p == '/' || *p == '>')
        goto done;
      g_string_append_c (name, g_ascii_tolower (*p));
      p++;
    }

  /* The value. */
  while (p < end && is_prescan_space (*p))
    p++;
  if (p < end && (*p == '"' || *p == '\''))
    {
      char quote = *p++;

      while (p < end && *p != quote)
        g_string_append_c (value, g_ascii_tolower (*p++));
      if (p < end)
        p++;
      goto done;
    }
  while (p < end && !is_prescan_space (*p) && *p != '>')
    g_string_append_c (value, g_ascii_tolower (*p++));

done:
  *pp = p;
  return TRUE;
}

/* "Extract a character encoding from a meta element". */
static char *
charset_from_content (const char *content)
{
  const char *p = content;

  while ((p = strstr (p, "charset")) != NULL)
    {
      p += strlen ("charset");
      while (is_prescan_space (*p))
        p++;
      if (*p != '=')
        continue;
      p++;
      while (is_prescan_space (*p))
        p++;
      if (*p == '"' || *p == '\'')
        {
          const char *close = strchr (p + 1, *p);

          return close != NULL ? g_strndup (p + 1, close - p - 1) : NULL;
        }
      else
        {
          const char *stop = p;

          while (*stop != '\0' && !is_prescan_space (*stop) && *stop != ';')
            stop++;
          return stop > p ? g_strndup (p, stop - p) : NULL;
        }
    }

  return NULL;
}

char *
gloss_html_sniff_charset (const char *bytes,
                          gsize       len)
{
  const char *p = bytes;
  const char *end = bytes + MIN (len, PRESCAN_BYTES);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) value = g_string_new (NULL);

  while (p < end)
    {
      if (starts_with_ci (p, end, "<!--"))
        {
          const char *close = g_strstr_len (p + 2, end - p - 2, "-->");

          if (close == NULL)
            return NULL;
          p = close + 3;
        }
      else if (starts_with_ci (p, end, "<meta") && p + 5 < end &&
               (is_prescan_space (p[5]) || p[5] == '/'))
        {
          gboolean got_pragma = FALSE;
          gboolean need_pragma = FALSE;
          gboolean have_charset = FALSE;
          g_autofree char *charset = NULL;

          p += 5;
          while (prescan_attribute (&p, end, name, value))
            {
              if (g_str_equal (name->str, "http-equiv"))
                {
                  if (g_str_equal (value->str, "content-type"))
                    got_pragma = TRUE;
                }
              else if (g_str_equal (name->str, "content") && !have_charset)
                {
                  g_autofree char *found = charset_from_content (value->str);

                  if (found != NULL)
                    {
                      g_free (charset);
                      charset = g_steal_pointer (&found);
                      have_charset = TRUE;
                      need_pragma = TRUE;
                    }
                }
              else if (g_str_equal (name->str, "charset") && !have_charset)
                {
                  g_free (charset);
                  charset = g_strdup (value->str);
                  have_charset = TRUE;
                  need_pragma = FALSE;
                }
            }

          if (have_charset && (!need_pragma || got_pragma))
            {
              g_strstrip (charset);
              if (charset[0] != '\0')
                return g_ascii_strdown (charset, -1);
            }
        }
      else if (*p == '<' && p + 2 < end &&
               (g_ascii_isalpha (p[1]) || (p[1] == '/' && g_ascii_isalpha (p[2]))))
        {
          while (p < end && !is_prescan_space (*p) && *p != '>')
            p++;
          while (prescan_attribute (&p, end, name, value))
            ;
        }
      else if (starts_with_ci (p, end, "<!") || starts_with_ci (p, end, "</") ||
               starts_with_ci (p, end, "<?"))
        {
          const char *close = memchr (p, '>', end - p);

          if (close == NULL)
            return NULL;
          p = close;
        }

      p++;
    }

  return NULL;
}
