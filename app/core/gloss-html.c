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

/* The first HTML <title> and <meta name="author">, and whether there is a
 * style sheet (of any namespace), anywhere but in templates. */
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
      /* A template's content is not in the document. */
      descend = element->tag != GUMBO_TAG_TEMPLATE ||
                element->tag_namespace != GUMBO_NAMESPACE_HTML;

      /* In any namespace: an inline SVG's <style> styles the page too. */
      if (element->tag == GUMBO_TAG_STYLE)
        info->has_style = TRUE;
      else if (element->tag == GUMBO_TAG_LINK && !info->has_style)
        {
          GumboAttribute *rel = gumbo_get_attribute (&element->attributes, "rel");

          info->has_style = rel != NULL && gloss_html_rel_is_stylesheet (rel->value);
        }

      if (element->tag_namespace != GUMBO_NAMESPACE_HTML)
        continue;

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

      if (title_seen && info->author != NULL && info->has_style)
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

  /* Kept as long as the article is open: at its size, not the string's
   * (up to twice that). */
  info->text_len = text->len;
  info->text = g_realloc (g_string_free (text, FALSE), info->text_len + 1);
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

static void
unprotect_string (char *s)
{
  if (s != NULL)
    gloss_html_unprotect_controls (s, strlen (s));
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
  parsed->buffer = gloss_html_protect_controls (html, len, &parsed->buffer_len);
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

/* What gumbo gives back is UTF-8 unless its input was not, or one of its
 * bugs shows (see gloss-html-controls.c): the text must be, always, so
 * what is not becomes U+FFFD, as WebKit shows it. */
static void
make_valid (char  **s,
            gsize  *len)
{
  char *valid;

  if (*s == NULL || g_utf8_validate (*s, len ? (gssize) *len : -1, NULL))
    return;

  valid = g_utf8_make_valid (*s, len ? (gssize) *len : -1);
  g_free (*s);
  *s = valid;
  if (len != NULL)
    *len = strlen (valid);
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
      info->text_len = gloss_html_unprotect_controls (info->text, info->text_len);
      unprotect_string (info->title);
      unprotect_string (info->heading);
      unprotect_string (info->any_heading);
      unprotect_string (info->author);
    }
  parsed_clear (&parsed);

  make_valid (&info->text, &info->text_len);
  make_valid (&info->title, NULL);
  make_valid (&info->heading, NULL);
  make_valid (&info->any_heading, NULL);
  make_valid (&info->author, NULL);
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
  char *result;

  g_return_val_if_fail (html != NULL || len == 0, NULL);

  if (html == NULL)
    html = "";

  parse (html, len, &parsed);
  text = g_string_sized_new (len / 2 + 16);
  body = find_body (parsed.output);
  if (body != NULL)
    append_text (text, body);
  if (parsed.protected)
    g_string_set_size (text, gloss_html_unprotect_controls (text->str, text->len));
  parsed_clear (&parsed);

  result = g_string_free (text, FALSE);
  make_valid (&result, NULL);

  return result;
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
