/* test-document.c: GlossDocument and the article text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* gettid() */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gloss-background.h"
#include "gloss-document.h"
#include "gloss-error.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "articles", name, NULL);
}

static char *
read_fixture (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* The fixture list that every test (this one and the UI test comparing C
 * with the page script) iterates. */
static char **
fixture_names (void)
{
  g_autofree char *index = read_fixture ("index");
  g_auto(GStrv) lines = g_strsplit (index, "\n", -1);
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0' && lines[i][0] != '#')
        g_ptr_array_add (names, g_strdup (lines[i]));
    }
  g_ptr_array_add (names, NULL);

  return (char **) g_ptr_array_free (names, FALSE);
}

static GlossDocument *
load_fixture (const char  *name,
              GError     **error)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return gloss_document_new_for_file (file, NULL, error);
}

static void
test_document_fixtures (void)
{
  g_auto(GStrv) names = fixture_names ();

  g_assert_cmpuint (g_strv_length (names), >=, 6);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossDocument) document = NULL;
      g_autofree char *text_name = g_strconcat (names[i], ".expected-text", NULL);
      g_autofree char *title_name = g_strconcat (names[i], ".expected-title", NULL);
      g_autofree char *expected_text = read_fixture (text_name);
      g_autofree char *expected_title = read_fixture (title_name);
      g_autofree char *extracted = NULL;
      const char *html;
      GlossText *text;
      const char *utf8;
      gsize n_bytes;

      g_test_message ("fixture %s", names[i]);
      document = load_fixture (names[i], &error);
      g_assert_no_error (error);
      g_assert_nonnull (document);

      text = gloss_document_get_text (document);
      utf8 = gloss_text_get_utf8 (text, &n_bytes);
      g_assert_cmpstr (utf8, ==, expected_text);
      g_assert_cmpuint (n_bytes, ==, strlen (expected_text));
      g_assert_cmpuint (gloss_text_get_length (text), ==, g_utf8_strlen (expected_text, -1));
      g_assert_cmpstr (gloss_document_get_title (document), ==, expected_title);

      /* The text is the text of the very HTML the view shows. */
      html = gloss_document_get_html (document);
      g_assert_true (g_utf8_validate (html, -1, NULL));
      extracted = gloss_html_extract_text (html, strlen (html));
      g_assert_cmpstr (extracted, ==, expected_text);

      g_assert_cmpstr (gloss_document_get_mime_type (document), ==, "text/html");
      g_assert_true (g_str_has_prefix (gloss_document_get_base_uri (document), "file:///"));
      g_assert_true (g_str_has_suffix (gloss_document_get_base_uri (document), "/articles/"));
      g_assert_cmpuint (strlen (gloss_document_get_sha256 (document)), ==, 64);
    }
}

static void
test_document_saved_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) document = load_fixture ("saved-page.html", &error);
  g_autofree char *path = fixture_path ("saved-page.html");
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *css_uri = NULL;
  g_autoptr(GFile) css = NULL;
  gsize len;

  g_assert_no_error (error);
  g_assert_cmpint (gloss_document_get_format (document), ==, GLOSS_FORMAT_HTML);
  g_assert_cmpstr (gloss_document_get_author (document), ==, "Ada Lovelace");

  g_file_get_contents (path, &contents, &len, NULL);
  g_assert_cmpstr (gloss_document_get_html (document), ==, contents);
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, len);
  g_assert_cmpstr (gloss_document_get_sha256 (document), ==, sha);

  /* The page's own files resolve against the base URI. */
  css_uri = g_strconcat (gloss_document_get_base_uri (document), "saved-page_files/style.css", NULL);
  css = g_file_new_for_uri (css_uri);
  g_assert_true (g_file_query_exists (css, NULL));
  g_assert_nonnull (g_object_ref (gloss_document_get_file (document)));
  g_object_unref (gloss_document_get_file (document));
}

static void
test_document_markdown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) document = load_fixture ("essay.md", &error);
  const char *html;

  g_assert_no_error (error);
  g_assert_cmpint (gloss_document_get_format (document), ==, GLOSS_FORMAT_MARKDOWN);
  g_assert_null (gloss_document_get_author (document));

  html = gloss_document_get_html (document);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                                         "<title>On Reading &amp; Writing</title></head>"
                                         "<body><article class=\"gloss-markdown\"><h1>"));
  g_assert_true (g_str_has_suffix (html, "</article></body></html>"));
  g_assert_nonnull (strstr (html, "<aside class=\"note\">Raw <b>HTML</b> passes through.</aside>"));
  g_assert_nonnull (strstr (html, "<a href=\"https://example.org/notes\">notes</a>"));
  g_assert_nonnull (strstr (html, "<blockquote>"));
  g_assert_nonnull (strstr (html, "<table>"));
}

static void
test_document_markdown_titles (void)
{
  static const struct {
    const char *markdown;
    const char *title;
  } cases[] = {
    { "Setext *title*\n==============\n\ntext\n", "Setext title" },
    { "intro line\n\n## Second `level` <b>raw</b> &copy;\n", "Second level raw ©" },
    { "\n\n   First line of text   \nmore\n", "First line of text" },
    { "> quoted first\n", "> quoted first" },
    { "# <script>x</script>\n\npara\n", "x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].markdown, strlen (cases[i].markdown));
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossDocument) document = NULL;

      document = gloss_document_new_from_bytes (bytes, GLOSS_FORMAT_UNKNOWN, "x.md", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gloss_document_get_title (document), ==, cases[i].title);
      g_assert_null (gloss_document_get_file (document));
    }
}

static void
test_document_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) document = load_fixture ("notes.txt", &error);
  const char *html;

  g_assert_no_error (error);
  g_assert_cmpint (gloss_document_get_format (document), ==, GLOSS_FORMAT_TEXT);
  html = gloss_document_get_html (document);
  g_assert_nonnull (strstr (html, "<article class=\"gloss-text\">\n<h1>Shopping for a Reading Lamp</h1>\n"
                                  "<p>I compared three lamps this week.\nThe warm one won.</p>\n"
                                  "<p>Notes &amp; caveats: &lt;none&gt; yet.\n  Indented second line.</p>\n"
                                  "</article>"));
}

static void
test_document_text_crlf (void)
{
  const char *s = "Title line\r\n\r\nFirst <para>\r\nsame para\r\n  \r\nSecond & last";
  g_autoptr(GBytes) bytes = g_bytes_new_static (s, strlen (s));
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) document = NULL;

  document = gloss_document_new_from_bytes (bytes, GLOSS_FORMAT_TEXT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gloss_document_get_title (document), ==, "Title line");
  g_assert_cmpstr (gloss_text_get_utf8 (gloss_document_get_text (document), NULL), ==,
                   "\nTitle line\nFirst <para>\nsame para\nSecond & last\n");
  g_assert_null (gloss_document_get_base_uri (document));
}

static void
test_document_formats (void)
{
  static const struct {
    const char  *name;
    GlossFormat  format;
  } cases[] = {
    { "a.html", GLOSS_FORMAT_HTML }, { "a.HTM", GLOSS_FORMAT_HTML },
    { "a.shtml", GLOSS_FORMAT_HTML }, { "a.xhtml", GLOSS_FORMAT_XHTML },
    { "a.xht", GLOSS_FORMAT_XHTML }, { "a.md", GLOSS_FORMAT_MARKDOWN },
    { "a.markdown", GLOSS_FORMAT_MARKDOWN }, { "a.mdown", GLOSS_FORMAT_MARKDOWN },
    { "a.mkd", GLOSS_FORMAT_MARKDOWN }, { "a.txt", GLOSS_FORMAT_TEXT },
    { "a.text", GLOSS_FORMAT_TEXT }, { "/x.md/readme", GLOSS_FORMAT_UNKNOWN },
    { ".md", GLOSS_FORMAT_UNKNOWN }, { "noext", GLOSS_FORMAT_UNKNOWN },
    { "a.pdf", GLOSS_FORMAT_UNKNOWN }, { NULL, GLOSS_FORMAT_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (gloss_format_from_filename (cases[i].name), ==, cases[i].format);
}

static void
test_document_sniff (void)
{
  static const struct {
    const char  *contents;
    GlossFormat  format;
    const char  *title;
  } cases[] = {
    { "  <!DOCTYPE HTML><title>Sniffed</title><p>x", GLOSS_FORMAT_HTML, "Sniffed" },
    { "\xEF\xBB\xBF<html><body><h2>Heading two</h2>", GLOSS_FORMAT_HTML, "Heading two" },
    { "<?xml version=\"1.0\"?>\n<!-- c -->\n<html><p>x</p>", GLOSS_FORMAT_HTML, "README" },
    { "<p>Not a page</p>\n", GLOSS_FORMAT_TEXT, "<p>Not a page</p>" },
    { "Just words\n", GLOSS_FORMAT_TEXT, "Just words" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].contents, strlen (cases[i].contents));
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossDocument) document = NULL;

      document = gloss_document_new_from_bytes (bytes, GLOSS_FORMAT_UNKNOWN, "README", &error);
      g_assert_no_error (error);
      g_assert_cmpint (gloss_document_get_format (document), ==, cases[i].format);
      g_assert_cmpstr (gloss_document_get_title (document), ==, cases[i].title);
    }
}

/* Whether an HTML article brings a style sheet of its own, as its document
 * says and as the start of its file says. */
static void
test_document_own_style (void)
{
  static const struct {
    const char *html;
    gboolean    has_style;
    gboolean    sniffed;
  } cases[] = {
    { "<title>Plain</title><p>x", FALSE, FALSE },
    { "<title>Styled</title><style>p { color: red }</style><p>x", TRUE, TRUE },
    { "<LINK REL=\"Alternate StyleSheet\" href=\"a.css\"><p>x", TRUE, TRUE },
    { "<link rel=icon href=i.png><link rel=\"stylesheets\"><p>x", FALSE, FALSE },
    { "<!-- <style>p {}</style> --><p>x", FALSE, FALSE },
    { "<p>Styles and <stylex>more</stylex></p>", FALSE, FALSE },
    { "<p>x</p><style>p {}</style>", TRUE, TRUE },
    /* Only the document knows a template's content is no style. */
    { "<template><style>p {}</style></template><p>x", FALSE, TRUE },
    /* An inline SVG's style sheet styles the page too. */
    { "<svg><style>circle { fill: red }</style></svg><p>x", TRUE, TRUE },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("gloss-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (folder, "page.html", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) late = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].html, strlen (cases[i].html));
      g_autoptr(GlossDocument) document = NULL;

      document = gloss_document_new_from_bytes (bytes, GLOSS_FORMAT_HTML, "page.html", &error);
      g_assert_no_error (error);
      g_assert_cmpint (gloss_document_get_has_style (document), ==, cases[i].has_style);
      g_assert_true (g_file_set_contents (path, cases[i].html, -1, &error));
      g_assert_cmpint (gloss_document_sniff_has_style (file), ==, cases[i].sniffed);
    }

  /* Past the first 64 KiB, only the document sees it. */
  for (guint i = 0; i < 2000; i++)
    g_string_append (late, "<p>Words before the style sheet, many of them.</p>\n");
  g_string_append (late, "<style>p {}</style>");
  g_assert_true (g_file_set_contents (path, late->str, late->len, &error));
  g_assert_false (gloss_document_sniff_has_style (file));
  {
    g_autoptr(GlossDocument) document = gloss_document_new_for_file (file, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (gloss_document_get_has_style (document));
  }

  /* A file that cannot be read says nothing. */
  g_assert_no_errno (g_unlink (path));
  g_assert_false (gloss_document_sniff_has_style (file));
  g_assert_no_errno (g_rmdir (folder));
}

static void
report_nice (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_task_return_int (task, getpriority (PRIO_PROCESS, gettid ()));
}

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Reading in the background is nicer than the process, each time (not
 * nicer and nicer: a thread of its own), and leaves the calling thread as
 * it was. */
static void
test_document_background (void)
{
  int before = getpriority (PRIO_PROCESS, gettid ());
  int expected = MIN (before + GLOSS_BACKGROUND_NICE, 19);

  for (guint i = 0; i < 3; i++)
    {
      GAsyncResult *result = NULL;
      g_autoptr(GTask) task = g_task_new (NULL, NULL, got_result, &result);
      g_autoptr(GError) error = NULL;

      gloss_task_run_in_background (task, report_nice);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_task_propagate_int (G_TASK (result), &error), ==, expected);
      g_assert_no_error (error);
      g_object_unref (result);
    }
  g_assert_cmpint (getpriority (PRIO_PROCESS, gettid ()), ==, before);
}

static void
test_document_titles (void)
{
  static const struct {
    const char *html;
    const char *title;
    const char *author;
  } cases[] = {
    { "<title>\n  A   spaced\ttitle </title><h1>No</h1>", "A spaced title", NULL },
    { "<title> </title><h2>From <em>h2</em></h2>", "From h2", NULL },
    { "<body><h3>three</h3><h1><script>s</script>One</h1>", "One", NULL },
    { "<body><p>No heading at all</p>", "page.html", NULL },
    { "<svg><title>svg title</title></svg><p>x</p>", "page.html", NULL },
    { "<meta name=\"AUTHOR\" content=\" Jane  Doe \"><p>x", "page.html", "Jane Doe" },
    { "<meta name=\"author\" content=\"\"><meta name=author content=Second><p>x", "page.html", "Second" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].html, strlen (cases[i].html));
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossDocument) document = NULL;

      document = gloss_document_new_from_bytes (bytes, GLOSS_FORMAT_UNKNOWN, "page.html", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gloss_document_get_title (document), ==, cases[i].title);
      g_assert_cmpstr (gloss_document_get_author (document), ==, cases[i].author);
    }
}

static void
test_document_encodings (void)
{
  static const struct {
    const char *bytes;
    gsize       len;
    const char *name;
    const char *text;           /* NULL: GLOSS_ERROR_ENCODING */
  } cases[] = {
    /* windows-1252 by http-equiv, with the bytes undefined in it */
    { "<meta http-equiv=content-type content='text/html;charset=windows-1252'><p>\x80\x81\x93x\x94", 0,
      "a.html", "\xE2\x82\xAC\xC2\x81\xE2\x80\x9C" "x" "\xE2\x80\x9D" },
    /* ISO-8859-1 means windows-1252, as in browsers */
    { "<meta charset=\"ISO-8859-1\"><p>caf\xE9 \x85", 0, "a.html", "caf\xC3\xA9 \xE2\x80\xA6" },
    /* another charset through iconv */
    { "<meta charset=iso-8859-2><p>\xB1\xE6", 0, "a.html", "\xC4\x85\xC4\x87" },
    /* a comment is not a declaration */
    { "<!-- <meta charset=latin1> --><p>caf\xE9", 0, "a.html", NULL },
    /* but one right after a comment is (the prescan goes on at its '<') */
    { "<!-- x --><meta charset=iso-8859-2><p>\xB1\xE6", 0, "a.html", "\xC4\x85\xC4\x87" },
    /* "<meta/" is a meta; a meta in a quoted value of another tag is one
     * (the prescan steps over that tag from its first space or '>') */
    { "<meta/charset=iso-8859-2><p>\xB1\xE6", 0, "a.html", "\xC4\x85\xC4\x87" },
    { "<a/x='><meta charset=iso-8859-2>'><p>\xB1\xE6", 0, "a.html", "\xC4\x85\xC4\x87" },
    /* a declared UTF-8 that is not */
    { "<meta charset=utf-8><p>caf\xE9", 0, "a.html", NULL },
    /* no declaration in text and Markdown */
    { "caf\xE9", 0, "a.txt", NULL },
    { "<meta charset=latin1>caf\xE9", 0, "a.md", NULL },
    /* valid UTF-8 wins over a stale declaration */
    { "<meta charset=windows-1252><p>caf\xC3\xA9", 0, "a.html", "caf\xC3\xA9" },
    /* BOMs */
    { "\xEF\xBB\xBF" "caf\xC3\xA9", 0, "a.txt", "\ncaf\xC3\xA9\n" },
    { "\xFF\xFE" "h\0i\0", 6, "a.txt", "\nhi\n" },
    { "\xFE\xFF\0<\0p\0>\0\xE9", 10, "a.html", "\xC3\xA9" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = cases[i].len ? cases[i].len : strlen (cases[i].bytes);
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].bytes, len);
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossDocument) document = NULL;

      g_test_message ("encoding case %u", i);
      document = gloss_document_new_from_bytes (bytes, GLOSS_FORMAT_UNKNOWN, cases[i].name, &error);
      if (cases[i].text == NULL)
        {
          g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_ENCODING);
          g_assert_null (document);
          g_assert_nonnull (strstr (error->message, cases[i].name));
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpstr (gloss_text_get_utf8 (gloss_document_get_text (document), NULL), ==, cases[i].text);
      g_assert_false (g_str_has_prefix (gloss_document_get_html (document), "\xEF\xBB\xBF"));
    }
}

static void
test_document_errors (void)
{
  static const struct {
    const char *bytes;
    gsize       len;
    GlossError  code;
  } cases[] = {
    { "", 0, GLOSS_ERROR_EMPTY },
    { " \n\t\r\n ", 0, GLOSS_ERROR_EMPTY },
    { "\xEF\xBB\xBF  \n", 0, GLOSS_ERROR_EMPTY },
    { "text\0with NUL", 13, GLOSS_ERROR_BINARY },
    { "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11 ab", 0, GLOSS_ERROR_BINARY },
    { "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, GLOSS_ERROR_BINARY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = cases[i].len ? cases[i].len : strlen (cases[i].bytes);
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].bytes, len);
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossDocument) document = NULL;

      document = gloss_document_new_from_bytes (bytes, GLOSS_FORMAT_UNKNOWN, "thing.txt", &error);
      g_assert_error (error, GLOSS_ERROR, (gint) cases[i].code);
      g_assert_null (document);
      g_assert_nonnull (strstr (error->message, "thing.txt"));
    }
}

static void
test_document_file_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) document = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-XXXXXX", &error);
  g_autofree char *missing = g_build_filename (dir, "missing.html", NULL);
  g_autofree char *big = g_build_filename (dir, "big.txt", NULL);
  g_autoptr(GFile) file = NULL;
  FILE *f;

  g_assert_no_error (error);

  file = g_file_new_for_path (missing);
  document = gloss_document_new_for_file (file, NULL, &error);
  g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.html"));
  g_assert_null (document);
  g_clear_error (&error);
  g_clear_object (&file);

  file = g_file_new_for_path (dir);
  document = gloss_document_new_for_file (file, NULL, &error);
  g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_NOT_REGULAR);
  g_assert_null (document);
  g_clear_error (&error);
  g_clear_object (&file);

  /* A sparse file just over the limit: refused before it is read. */
  f = fopen (big, "w");
  g_assert_nonnull (f);
  g_assert_cmpint (fseek (f, 64 * 1024 * 1024, SEEK_SET), ==, 0);
  fputc ('x', f);
  fclose (f);
  file = g_file_new_for_path (big);
  document = gloss_document_new_for_file (file, NULL, &error);
  g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "big.txt"));
  g_assert_null (document);

  g_unlink (big);
  g_rmdir (dir);
}

/* When the web view may load the file itself: it must read the same text. */
static void
test_document_html_is_file (void)
{
  static const struct {
    const char *name;
    const char *contents;
    gboolean    is_file;
  } cases[] = {
    { "plain.html", "<p>caf\xc3\xa9</p>", TRUE },
    { "PLAIN.HTM", "<p>caf\xc3\xa9</p>", TRUE },
    { "says-utf8.html", "<meta charset=\"UTF-8\"><p>caf\xc3\xa9</p>", TRUE },
    /* ASCII reads the same in any encoding WebKit would pick. */
    { "says-latin1-ascii.html", "<meta charset=\"iso-8859-1\"><p>cafe</p>", TRUE },
    /* WebKit would follow the declaration; Gloss reads valid UTF-8. */
    { "says-latin1.html", "<meta charset=\"iso-8859-1\"><p>caf\xc3\xa9</p>", FALSE },
    { "latin1.html", "<meta charset=\"iso-8859-1\"><p>caf\xe9</p>", FALSE },
    { "bom.html", "\xef\xbb\xbf<p>caf\xc3\xa9</p>", FALSE },
    { "page.xhtml", "<p>cafe</p>", FALSE },
    { "page.shtml", "<p>cafe</p>", FALSE },
    { "notes.md", "# Notes", FALSE },
    { "notes.txt", "Notes", FALSE },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-test-XXXXXX", &error);

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].contents, strlen (cases[i].contents));
      g_autoptr(GlossDocument) document = NULL;
      g_autoptr(GlossDocument) from_bytes = NULL;

      g_assert_true (g_file_set_contents (path, cases[i].contents, -1, &error));
      document = gloss_document_new_for_file (file, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (gloss_document_get_html_is_file (document), ==, cases[i].is_file);

      /* Bytes in memory have no file to load. */
      from_bytes = gloss_document_new_from_bytes (bytes, GLOSS_FORMAT_UNKNOWN, cases[i].name, &error);
      g_assert_no_error (error);
      g_assert_false (gloss_document_get_html_is_file (from_bytes));

      g_unlink (path);
    }

  g_rmdir (dir);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GlossDocument **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gloss_document_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_document_async (void)
{
  g_autofree char *path = fixture_path ("essay.md");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GlossDocument) document = NULL;

  gloss_document_load_async (file, NULL, load_cb, &document);
  while (document == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (gloss_document_get_title (document), ==, "On Reading & Writing");
  g_assert_true (g_file_equal (gloss_document_get_file (document), file));
}

/* The article text, case by case: what the DOM has under <body>. */
static void
test_html_extract (void)
{
  static const struct {
    const char *html;
    const char *text;
  } cases[] = {
    { "", "" },
    { "plain", "plain" },
    { "<head><title>t</title></head><body>b</body>", "b" },
    { "<p>a\r\nb\rc</p>", "a\nb\nc" },
    { "<p>&lt;&amp;&gt;&quot;&#39;&nbsp;&copy&#x1F600;&#0;&#x80;</p>",
      "<&>\"'\xC2\xA0\xC2\xA9\xF0\x9F\x98\x80\xEF\xBF\xBD\xE2\x82\xAC" },
    { "<script>s</script><style>t</style><noscript>n</noscript><template>u</template>v", "nv" },
    { "<pre>\nfirst</pre><textarea>\nta</textarea><listing>\nl</listing>", "firsttal" },
    { "<body>x</body>\n\n</html>\n", "x\n\n\n" },
    { "<table>t<tr><td>c</td></tr></table>", "tc" },
    { "<svg><style>s</style><script>j</script><![CDATA[d]]><text>e</text></svg>", "de" },
    { "<p><!-- comment -->a</p>", "a" },
    { "<b>1<i>2</b>3</i>", "123" },
    { "<frameset><frame></frameset>", "" },
    /* With the article's scripts off (as in the view) <noscript> holds
     * markup, as in a browser without scripts: an <img> in it ends <head>.
     * tests/fixtures/articles/noscript.html checks this against WebKit. */
    { "<noscript><p>unclosed</noscript>after", "unclosedafter" },
    { "<head><noscript><img src=x><title>in</title></noscript><title>t</title></head>x", "intx" },
    { "<noscript><noscript>inner</noscript>outer</noscript>", "innerouter" },
    /* Control characters and noncharacters stay, as in browsers. */
    { "<p>a\x01\x0B\x1B\x7F\xC2\x81\xEF\xB7\x90\xEF\xBF\xBE\xF4\x8F\xBF\xBFz</p>",
      "a\x01\x0B\x1B\x7F\xC2\x81\xEF\xB7\x90\xEF\xBF\xBE\xF4\x8F\xBF\xBFz" },
    { "<title>t\x01</title><p>\xF4\x80\x80\x81\x01</p>", "\xF4\x80\x80\x81\xEF\xBF\xBD" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = gloss_html_extract_text (cases[i].html, strlen (cases[i].html));

      g_test_message ("html case %u: %s", i, cases[i].html);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_html_nul (void)
{
  const char html[] = "<p>a\0b</p><script>c\0d</script>";
  g_autofree char *text = gloss_html_extract_text (html, sizeof html - 1);

  g_assert_cmpstr (text, ==, "ab");
}

/* Deep nesting and big pages: no recursion, reasonable time. */
static void
test_html_deep (void)
{
  g_autoptr(GString) html = g_string_new ("<body>");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) document = NULL;
  const guint depth = 20000;

  for (guint i = 0; i < depth; i++)
    g_string_append (html, i % 2 ? "<div>" : "<span>");
  g_string_append (html, "<h1>Deep</h1>deep text");
  bytes = g_bytes_new (html->str, html->len);

  document = gloss_document_new_from_bytes (bytes, GLOSS_FORMAT_HTML, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gloss_document_get_title (document), ==, "Deep");
  g_assert_cmpstr (gloss_text_get_utf8 (gloss_document_get_text (document), NULL), ==, "Deepdeep text");
}

static void
test_html_big (void)
{
  g_autoptr(GString) html = g_string_new ("<!DOCTYPE html><title>Big</title><body>");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) document = NULL;
  gint64 start;
  double seconds;

  while (html->len < 18 * 1024 * 1024)
    g_string_append (html, "<p>Lorem <em>ipsum</em> dolor sit amet, consectetur &amp; adipiscing elit, "
                           "sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>\n");
  bytes = g_bytes_new (html->str, html->len);

  start = g_get_monotonic_time ();
  document = gloss_document_new_from_bytes (bytes, GLOSS_FORMAT_HTML, NULL, &error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_assert_no_error (error);
  g_test_message ("18 MB page parsed in %.2f s", seconds);
  g_assert_cmpuint (gloss_text_get_length (gloss_document_get_text (document)), >, 12 * 1000 * 1000);
  g_assert_cmpfloat (seconds, <, 30);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document/fixtures", test_document_fixtures);
  g_test_add_func ("/document/saved-page", test_document_saved_page);
  g_test_add_func ("/document/markdown", test_document_markdown);
  g_test_add_func ("/document/markdown-titles", test_document_markdown_titles);
  g_test_add_func ("/document/text", test_document_text);
  g_test_add_func ("/document/text-crlf", test_document_text_crlf);
  g_test_add_func ("/document/formats", test_document_formats);
  g_test_add_func ("/document/sniff", test_document_sniff);
  g_test_add_func ("/document/own-style", test_document_own_style);
  g_test_add_func ("/document/background", test_document_background);
  g_test_add_func ("/document/titles", test_document_titles);
  g_test_add_func ("/document/encodings", test_document_encodings);
  g_test_add_func ("/document/errors", test_document_errors);
  g_test_add_func ("/document/file-errors", test_document_file_errors);
  g_test_add_func ("/document/async", test_document_async);
  g_test_add_func ("/document/html-is-file", test_document_html_is_file);
  g_test_add_func ("/document/html-extract", test_html_extract);
  g_test_add_func ("/document/html-nul", test_html_nul);
  g_test_add_func ("/document/html-deep", test_html_deep);
  g_test_add_func ("/document/html-big", test_html_big);

  return g_test_run ();
}
