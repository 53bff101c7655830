/* test-odd-articles.c: files that are empty, binary, badly encoded, deep or
 * huge, and text that is right-to-left or outside the BMP
 *
 * Each one is opened in the real window.  It opens, or the window says
 * clearly why not (and writes no sidecar); it never crashes nor hangs (every
 * wait has a limit).  Where it opens, the page and the core count the same
 * text, and a highlight selected in the page has the core's offsets, is
 * painted over exactly its words and saved with them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "gloss-test-home.h"
#include "gloss-test-ui.h"

#define WAIT_SECONDS 30
/* Opening an 18 MB article on a slow machine. */
#define HUGE_WAIT_SECONDS 180

typedef struct
{
  char *folder;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->folder = g_dir_make_tmp ("gloss-odd-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gloss_test_remove_tree (fixture->folder);
  g_free (fixture->folder);
  gloss_test_drain ();
}

static GFile *
write_article (Fixture    *fixture,
               const char *name,
               const char *contents,
               gsize       len)
{
  g_autofree char *path = g_build_filename (fixture->folder, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static GFile *
copy_article (Fixture    *fixture,
              const char *name)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "fixtures", "odd", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_file_get_contents (source, &contents, &len, &error);
  g_assert_no_error (error);

  return write_article (fixture, name, contents, len);
}

/* ------------------------------------------------------------------------
 * Refused, with a clear message
 * ------------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  const char *contents;
  gsize       len;
  const char *reason;   /* in the message */
} Refusal;

static const char png_bytes[] =
  "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"
  "\0\0\0\rIDATx\x9c" "c\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xae" "B`\x82";
static const char pdf_bytes[] =
  "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 12 /Filter /FlateDecode >>\nstream\n"
  "x\x9c\x03\0\0\0\0\x01\nendstream\nendobj\n";
static const char nul_text[] = "A text that looks fine\nuntil a NUL\0byte sits in the middle of it.\n";
static const char latin1_html[] = "<!DOCTYPE html><title>Caf\xe9</title><p>Un caf\xe9 cr\xe8me, sans d\xe9" "claration.</p>";
static const char broken_utf8_md[] = "# Broken\n\nValid words, then \xc3\x28 and \xed\xa0\x80 (a surrogate) and \xf8\x88\x80\x80\x80.\n";

static const Refusal refusals[] = {
  { "empty.html", "", 0, "empty" },
  { "blank.md", " \n\t\n   \r\n", 9, "empty" },
  { "image.html", png_bytes, sizeof png_bytes - 1, "binary" },
  { "paper.html", pdf_bytes, sizeof pdf_bytes - 1, "binary" },
  { "nul.txt", nul_text, sizeof nul_text - 1, "binary" },
  { "latin1.html", latin1_html, sizeof latin1_html - 1, "UTF-8" },
  { "broken.md", broken_utf8_md, sizeof broken_utf8_md - 1, "UTF-8" },
};

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GString) intricate = g_string_new ("<!DOCTYPE html><title>Intricate</title><body>");
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Refusal));
  Refusal generated;

  /* 6 MB of unclosed <b>: hours of parsing, were it not refused. */
  for (guint i = 0; i < 2000000; i++)
    g_string_append (intricate, "<b>");
  g_string_append (intricate, "text");
  generated = (Refusal) { "intricate.html", intricate->str, intricate->len, "intricately" };
  g_array_append_vals (all, refusals, G_N_ELEMENTS (refusals));
  g_array_append_val (all, generated);

  for (guint i = 0; i < all->len; i++)
    {
      const Refusal *refusal = &g_array_index (all, Refusal, i);
      g_autoptr(GFile) article = NULL;
      g_autofree char *sidecar = NULL;
      const char *problem;
      GlossWindow *window;
      gboolean ok = TRUE;

      g_test_message ("%s", refusal->name);
      article = write_article (fixture, refusal->name, refusal->contents, refusal->len);
      window = gloss_test_open_window (article, WAIT_SECONDS, &ok);

      g_assert_false (ok);
      problem = gloss_window_get_problem (window);
      g_assert_nonnull (problem);
      g_test_message ("  %s", problem);
      g_assert_nonnull (strstr (problem, refusal->name));
      g_assert_nonnull (strstr (problem, refusal->reason));
      g_assert_null (gloss_window_get_store (window));
      gloss_test_close_window (window);

      sidecar = g_strconcat (g_file_peek_path (article), ".annotations.json", NULL);
      g_assert_false (g_file_test (sidecar, G_FILE_TEST_EXISTS));
    }
}

/* ------------------------------------------------------------------------
 * Opened, with highlighting that works
 * ------------------------------------------------------------------------ */

/* Opens @article, checks the text on both sides, highlights every passage
 * of @needles (NULL-terminated), closes; then opens it again and checks
 * that they are all painted again. */
static void
open_and_highlight (GFile              *article,
                    guint               seconds,
                    const char * const *needles)
{
  GlossWindow *window;
  gint64 started = g_get_monotonic_time ();
  gboolean ok = FALSE;
  guint n;

  window = gloss_test_open_window (article, seconds, &ok);
  g_test_message ("opened in %.1f s", (g_get_monotonic_time () - started) / 1e6);
  g_assert_true (ok);
  g_assert_null (gloss_window_get_problem (window));
  gloss_test_check_text (window);

  for (n = 0; needles[n] != NULL; n++)
    gloss_test_highlight (window, needles[n]);
  gloss_test_close_window (window);

  started = g_get_monotonic_time ();
  window = gloss_test_open_window (article, seconds, &ok);
  g_assert_true (ok);
  gloss_test_wait_painted (window, n, seconds);
  g_test_message ("reopened and painted in %.1f s", (g_get_monotonic_time () - started) / 1e6);
  for (guint i = 0; i < n; i++)
    g_assert_true (gloss_test_is_painted (window, needles[i]));
  gloss_test_close_window (window);
}

static void
test_not_html (Fixture       *fixture,
               gconstpointer  data)
{
  static const char * const plain[] = { "a < b && c > d", "uses \xc2\xa0 without", NULL };
  static const char * const json[] = { "JSON saved with the wrong name", NULL };
  g_autoptr(GFile) text = copy_article (fixture, "not-html.html");
  g_autoptr(GFile) data_file = copy_article (fixture, "data.html");

  open_and_highlight (text, WAIT_SECONDS, plain);
  open_and_highlight (data_file, WAIT_SECONDS, json);
}

static void
test_right_to_left (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const needles[] = {
    "משפט בעברית עם מספרים 12345",
    "كِتَابٌ جَمِيلٌ",
    "\xe2\x80\xae" "reversed on screen" "\xe2\x80\xac",   /* U+202E … U+202C */
    "A left-to-right paragraph",
    NULL
  };
  g_autoptr(GFile) article = copy_article (fixture, "rtl.html");

  open_and_highlight (article, WAIT_SECONDS, needles);
}

static void
test_outside_the_bmp (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const needles[] = {
    "👨‍👩‍👧‍👦 joined",
    "🇫🇷, a thumb 👍🏽",
    "𝔊𝔩𝔬𝔰𝔰 and an old character 𠀀",
    "e\xcc\x81te\xcc\x81 and a heart ❤️",
    "\xef\xbf\xbd becomes",
    "🦉 three owls",
    NULL
  };
  g_autoptr(GFile) article = copy_article (fixture, "emoji.html");

  open_and_highlight (article, WAIT_SECONDS, needles);
}

static void
test_deeply_nested (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const needles[] = { "the deepest words", "after the depths", NULL };
  const guint depth = 20000;
  g_autoptr(GString) html = g_string_new ("<!DOCTYPE html><title>Deep</title><body><p>On the surface.</p>");
  g_autoptr(GFile) article = NULL;

  for (guint i = 0; i < depth; i++)
    g_string_append (html, i % 3 == 0 ? "<div>" : i % 3 == 1 ? "<section>" : "<span>");
  g_string_append (html, "Down here are the deepest words of the page.");
  for (guint i = depth; i > 0; i--)
    g_string_append (html, (i - 1) % 3 == 0 ? "</div>" : (i - 1) % 3 == 1 ? "</section>" : "</span>");
  g_string_append (html, "<p>Back up, after the depths.</p></body>");

  article = write_article (fixture, "deep.html", html->str, html->len);
  open_and_highlight (article, WAIT_SECONDS * 2, needles);
}

static void
test_huge (Fixture       *fixture,
           gconstpointer  data)
{
  static const char * const needles[] = {
    "Paragraph 7 speaks of owls",
    "The very last paragraph of a very long article",
    NULL
  };
  g_autoptr(GString) html = g_string_sized_new (19 * 1024 * 1024);
  g_autoptr(GFile) article = NULL;
  guint i;

  g_string_append (html, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Huge</title></head><body>");
  for (i = 0; html->len < 18 * 1000 * 1000; i++)
    g_string_append_printf (html,
                            "<p>Paragraph %u speaks of owls 🦉 and <em>reading</em>, of "
                            "annotations that must be found again in a long text, and "
                            "of nothing lost: a sentence that fills the line.</p>\n", i);
  g_string_append (html, "<p>The very last paragraph of a very long article.</p></body></html>");
  g_test_message ("%u paragraphs, %" G_GSIZE_FORMAT " bytes", i, html->len);
  g_assert_cmpuint (html->len, >=, 18 * 1000 * 1000);

  article = write_article (fixture, "huge.html", html->str, html->len);
  open_and_highlight (article, HUGE_WAIT_SECONDS, needles);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = gloss_test_isolate_home ();
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/odd-articles/refused", test_refused);
  ADD ("/odd-articles/not-html", test_not_html);
  ADD ("/odd-articles/right-to-left", test_right_to_left);
  ADD ("/odd-articles/outside-the-bmp", test_outside_the_bmp);
  ADD ("/odd-articles/deeply-nested", test_deeply_nested);
  ADD ("/odd-articles/huge", test_huge);

#undef ADD

  status = g_test_run ();
  gloss_test_remove_tree (home);

  return status;
}
