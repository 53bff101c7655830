/* test-budget.c: markup that would keep the HTML parser busy for hours is
 * refused at once, and articles, however big, are not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gloss-document.h"
#include "gloss-error.h"
#include "gloss-html-private.h"

static GlossDocument *
parse (GString     *contents,
       const char  *name,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (contents->str, contents->len);

  return gloss_document_new_from_bytes (bytes, GLOSS_FORMAT_UNKNOWN, name, error);
}

static void
assert_refused (GString    *contents,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) document = NULL;
  gint64 started = g_get_monotonic_time ();

  document = parse (contents, name, &error);
  g_test_message ("%s (%" G_GSIZE_FORMAT " bytes): refused in %.2f s", name, contents->len,
                  (g_get_monotonic_time () - started) / 1e6);
  g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_TOO_COMPLEX);
  g_assert_null (document);
  g_assert_nonnull (strstr (error->message, name));
}

static GString *
nested (const char *open,
        const char *close,
        guint       depth,
        const char *middle)
{
  GString *html = g_string_new ("<!DOCTYPE html><title>Nested</title><body>");

  for (guint i = 0; i < depth; i++)
    g_string_append (html, open);
  g_string_append (html, middle);
  for (guint i = 0; close != NULL && i < depth; i++)
    g_string_append (html, close);

  return html;
}

/* Each of these took gumbo from ten seconds to hours. */
static void
test_refused (void)
{
  g_autoptr(GString) divs = nested ("<div>", "</div>", 50000, "deep");
  g_autoptr(GString) bold = nested ("<b>", NULL, 1000000, "deep <p>text");
  g_autoptr(GString) self_closed = nested ("<div/>", NULL, 60000, "deep");
  g_autoptr(GString) stray_ends = nested ("<div>", NULL, 20000, "text");
  g_autoptr(GString) hidden = nested ("<section></x></y>", NULL, 40000, "text");
  g_autoptr(GString) attributes = g_string_new ("<!DOCTYPE html><body><div");
  g_autoptr(GString) quotes = g_string_new ("# Quotes\n\n");

  for (guint i = 0; i < 200000; i++)
    g_string_append (stray_ends, "</p>");
  for (guint i = 0; i < 40000; i++)
    g_string_append_printf (attributes, " a%u=\"%u\"", i, i);
  g_string_append (attributes, ">text</div>");
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (quotes, '>');
  g_string_append (quotes, " quoted\n");

  assert_refused (divs, "divs.html");
  assert_refused (bold, "bold.html");
  assert_refused (self_closed, "self-closed.html");
  assert_refused (stray_ends, "stray-ends.html");
  assert_refused (hidden, "hidden.html");
  assert_refused (attributes, "attributes.html");
  assert_refused (quotes, "quotes.md");
}

/* Articles pass: nested 20,000 deep, big, with SVG, tables, lists and
 * paragraphs that are never closed, scripts full of tags. */
static void
test_articles (void)
{
  g_autoptr(GString) deep = nested ("<div>", "</div>", 20000, "the deepest words");
  g_autoptr(GString) big = g_string_new ("<!DOCTYPE html><title>Big</title><body>");
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) deep_document = NULL;
  g_autoptr(GlossDocument) big_document = NULL;

  for (guint i = 0; big->len < 8 * 1000 * 1000; i++)
    g_string_append_printf (big,
                            "<div class=\"row\" id=\"r%u\" data-a=\"1\" data-b=\"2\"><p>Paragraph %u"
                            "<ul><li>one<li>two</ul><table><tr><td>a<td>b</table>"
                            "<svg><path d=\"M0 0\"/><circle r=\"1\"/></svg>"
                            "<script>if (a < b && c > d) document.write('<div><div><div>');</script>"
                            "<!-- <div><div><div> --></div>\n", i, i);

  deep_document = parse (deep, "deep.html", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (gloss_text_get_utf8 (gloss_document_get_text (deep_document), NULL),
                            "the deepest words"));

  big_document = parse (big, "big.html", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_text_get_length (gloss_document_get_text (big_document)), >, 500000);

  g_assert_true (gloss_html_within_budget ("", 0));
  g_assert_true (gloss_html_within_budget ("<", 1));
  g_assert_true (gloss_html_within_budget ("<a href='", 9));
  g_assert_true (gloss_html_within_budget ("<!--", 4));
  g_assert_true (gloss_html_within_budget ("<script>", 8));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/budget/refused", test_refused);
  g_test_add_func ("/budget/articles", test_articles);

  return g_test_run ();
}
