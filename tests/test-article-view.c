/* test-article-view.c: GlossArticleView with the real WebKit under Xvfb
 *
 * Every test shows the view in a real window and waits on real events
 * (the page's "ready", "painted", a selection message, a finished load),
 * each wait bounded by a generous limit so a hang fails instead of
 * blocking.  Pages are inspected from a second, test-only script world.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <adwaita.h>

#include "gloss-annotation.h"
#include "gloss-article-view.h"
#include "gloss-article-view-private.h"
#include "gloss-color.h"
#include "gloss-test-catcher.h"
#include "gloss-test-home.h"

#define TEST_WORLD   "gloss-test"
#define WAIT_SECONDS 30

/* In the page script's world: the number of ranges the highlight of that
 * colour has registered with WebKit (a colour with none is not
 * registered). */
#define REGISTERED(color) "(CSS.highlights.get('gloss-" color "') || { size: 0 }).size"

/* In the page script's world: the number of ranges registered in every
 * colour. */
#define ALL_REGISTERED \
  "let n = 0;" \
  "for (const c of ['yellow', 'green', 'blue', 'pink', 'purple'])" \
  "  n += (CSS.highlights.get('gloss-' + c) || { size: 0 }).size;"

/* In the page script's world: resolves once the page has rendered a
 * frame. */
#define NEXT_FRAME \
  "await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));"

/* ------------------------------------------------------------------------
 * Waiting
 * ------------------------------------------------------------------------ */

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for (gboolean   *flag,
          const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, on_timeout, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

/* Waits for a signal without arguments of interest. */
static void
wait_for_signal (gpointer    instance,
                 const char *signal)
{
  gboolean fired = FALSE;
  gulong id = g_signal_connect_swapped (instance, signal, G_CALLBACK (set_flag), &fired);

  wait_for (&fired, signal);
  g_signal_handler_disconnect (instance, id);
}

/* ------------------------------------------------------------------------
 * The view in a window
 * ------------------------------------------------------------------------ */

typedef struct
{
  GtkWindow        *window;
  GlossArticleView *view;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  /* As the application does at start-up. */
  if (g_strcmp0 (data, "warm") == 0)
    gloss_article_view_start_web_process ();

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 700);
  fixture->view = GLOSS_ARTICLE_VIEW (gloss_article_view_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  /* Let the view go away before the next test. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
wait_until_loaded (Fixture *fixture)
{
  WebKitWebView *web_view = gloss_article_view_get_web_view (fixture->view);

  while (webkit_web_view_is_loading (web_view))
    wait_for_signal (web_view, "load-changed");
}

static void
show_document (Fixture       *fixture,
               GlossDocument *document)
{
  gboolean ready = FALSE;
  gulong id = g_signal_connect_swapped (fixture->view, "ready", G_CALLBACK (set_flag), &ready);

  gloss_article_view_load_document (fixture->view, document);
  wait_for (&ready, "ready");
  g_signal_handler_disconnect (fixture->view, id);
  g_assert_true (gloss_article_view_get_ready (fixture->view));
}

static GlossDocument *
show_html (Fixture    *fixture,
           const char *html)
{
  g_autoptr(GBytes) bytes = g_bytes_new (html, strlen (html));
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) document = NULL;

  document = gloss_document_new_from_bytes (bytes, GLOSS_FORMAT_HTML, "test.html", &error);
  g_assert_no_error (error);
  show_document (fixture, document);

  return g_steal_pointer (&document);
}

/* ------------------------------------------------------------------------
 * Running JavaScript
 * ------------------------------------------------------------------------ */

typedef struct
{
  gboolean  done;
  JSCValue *value;
  GError   *error;
} JsResult;

static void
js_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  JsResult *js = user_data;

  js->value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (object),
                                                                     result, &js->error);
  js->done = TRUE;
}

/* Runs the function body @body in @world (NULL: the page's own world) and
 * returns what it returns (awaiting a promise). */
static JSCValue *
run_js (Fixture    *fixture,
        const char *world,
        const char *body,
        GVariant   *arguments)
{
  JsResult js = { 0 };

  webkit_web_view_call_async_javascript_function (gloss_article_view_get_web_view (fixture->view),
                                                  body, -1, arguments, world, NULL, NULL,
                                                  js_done, &js);
  wait_for (&js.done, body);
  g_assert_no_error (js.error);

  return js.value;
}

static char *
run_js_string (Fixture    *fixture,
               const char *world,
               const char *body)
{
  g_autoptr(JSCValue) value = run_js (fixture, world, body, NULL);

  g_assert_true (jsc_value_is_string (value));
  return jsc_value_to_string (value);
}

static double
run_js_number (Fixture    *fixture,
               const char *world,
               const char *body)
{
  g_autoptr(JSCValue) value = run_js (fixture, world, body, NULL);

  g_assert_true (jsc_value_is_number (value));
  return jsc_value_to_double (value);
}

static gboolean
run_js_boolean (Fixture    *fixture,
                const char *world,
                const char *body)
{
  g_autoptr(JSCValue) value = run_js (fixture, world, body, NULL);

  g_assert_true (jsc_value_is_boolean (value));
  return jsc_value_to_boolean (value);
}

static const char *
page_world (Fixture *fixture)
{
  return gloss_article_view_get_world_name (fixture->view);
}

/* Code point offset of the first @needle in the document's text. */
static gsize
text_offset (GlossDocument *document,
             const char    *needle)
{
  const char *utf8 = gloss_text_get_utf8 (gloss_document_get_text (document), NULL);
  const char *hit = strstr (utf8, needle);

  g_assert_nonnull (hit);
  return g_utf8_pointer_to_offset (utf8, hit);
}

/* ------------------------------------------------------------------------
 * (a) The page's text is the core's text, on every fixture
 * ------------------------------------------------------------------------ */

static void
test_fixture_text (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "fixtures", "articles", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (strstr (name, ".expected-") != NULL || g_str_equal (name, "index") ||
          !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      g_ptr_array_add (names, g_strdup (name));
    }
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GlossDocument) document = NULL;
      g_autofree char *page_text = NULL;
      GlossText *text;

      g_test_message ("fixture %s", (char *) g_ptr_array_index (names, i));
      document = gloss_document_new_for_file (file, NULL, &error);
      g_assert_no_error (error);

      show_document (fixture, document);
      page_text = run_js_string (fixture, page_world (fixture), "return Gloss.text();");
      text = gloss_document_get_text (document);

      g_assert_cmpstr (page_text, ==, gloss_text_get_utf8 (text, NULL));
      g_assert_cmpfloat (run_js_number (fixture, page_world (fixture), "return Gloss.length;"),
                         ==, (double) gloss_text_get_length (text));
    }
}

/* essay.html, in a folder of its own that goes with it. */
typedef struct
{
  char  *folder;
  char  *path;
  GFile *file;
  char  *uri;
} Essay;

static void
essay_init (Essay *essay)
{
  g_autoptr(GError) error = NULL;

  essay->folder = g_dir_make_tmp ("gloss-test-XXXXXX", &error);
  g_assert_no_error (error);
  essay->path = g_build_filename (essay->folder, "essay.html", NULL);
  essay->file = g_file_new_for_path (essay->path);
  essay->uri = g_file_get_uri (essay->file);
}

static void
essay_clear (Essay *essay)
{
  if (essay->folder != NULL)
    gloss_test_remove_tree (essay->folder);
  g_clear_pointer (&essay->folder, g_free);
  g_clear_pointer (&essay->path, g_free);
  g_clear_object (&essay->file);
  g_clear_pointer (&essay->uri, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Essay, essay_clear)

static void
essay_write (Essay      *essay,
             const char *html,
             gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (essay->path, html, len, &error);
  g_assert_no_error (error);
}

/* Its document, read now. */
static GlossDocument *
essay_read (Essay *essay)
{
  g_autoptr(GError) error = NULL;
  GlossDocument *document = gloss_document_new_for_file (essay->file, NULL, &error);

  g_assert_no_error (error);

  return document;
}

/* An HTML file is loaded from the file itself (WebKit reads a big one much
 * faster so); when the file no longer holds what the document read, the
 * view shows the document's own bytes, so that the texts still agree. */
static void
test_from_file (Fixture       *fixture,
                gconstpointer  data)
{
  WebKitWebView *web_view = gloss_article_view_get_web_view (fixture->view);
  g_auto(Essay) essay = { 0 };
  g_autoptr(GlossDocument) document = NULL;
  g_autofree char *page_text = NULL;

  essay_init (&essay);
  essay_write (&essay, "<title>Essay</title><p>Caf\xc3\xa9 au lait, first draft.</p>", -1);
  document = essay_read (&essay);
  g_assert_true (gloss_document_get_html_is_file (document));

  show_document (fixture, document);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, essay.uri);
  page_text = run_js_string (fixture, page_world (fixture), "return Gloss.text();");
  g_assert_cmpstr (page_text, ==, gloss_text_get_utf8 (gloss_document_get_text (document), NULL));
  g_clear_pointer (&page_text, g_free);

  /* Changed on disk since it was read: the page shows what was read. */
  essay_write (&essay, "<title>Essay</title><p>A second draft, longer than the first.</p>", -1);
  show_document (fixture, document);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, gloss_document_get_base_uri (document));
  page_text = run_js_string (fixture, page_world (fixture), "return Gloss.text();");
  g_assert_cmpstr (page_text, ==, "Café au lait, first draft.");
}

static void
on_load_finished (WebKitWebView   *web_view,
                  WebKitLoadEvent  event,
                  gboolean        *finished)
{
  if (event == WEBKIT_LOAD_FINISHED)
    *finished = TRUE;
}

/* Waits until the load prepare() started has read the whole file. */
static void
wait_for_load_finished (Fixture *fixture)
{
  WebKitWebView *web_view = gloss_article_view_get_web_view (fixture->view);
  gboolean finished = FALSE;
  gulong id = g_signal_connect (web_view, "load-changed", G_CALLBACK (on_load_finished), &finished);

  wait_for (&finished, "the load to finish");
  g_signal_handler_disconnect (web_view, id);
}

/* Loaded ahead of its document (as a window opens an HTML file): the page
 * is the file WebKit read; should the file change before Gloss reads it,
 * even to a text of the same length, the page shows what Gloss read. */
static void
test_loaded_ahead (Fixture       *fixture,
                   gconstpointer  data)
{
  WebKitWebView *web_view = gloss_article_view_get_web_view (fixture->view);
  g_auto(Essay) essay = { 0 };
  g_autoptr(GlossDocument) document = NULL;
  g_autofree char *page_text = NULL;

  essay_init (&essay);
  essay_write (&essay, "<title>Essay</title><p>Alpha beta gamma.</p>", -1);

  /* Unchanged: the page loaded ahead stays, and becomes ready. */
  g_assert_true (gloss_article_view_prepare (fixture->view, essay.file));
  wait_for_load_finished (fixture);
  g_assert_false (gloss_article_view_get_ready (fixture->view));
  document = essay_read (&essay);
  show_document (fixture, document);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, essay.uri);
  page_text = run_js_string (fixture, page_world (fixture), "return Gloss.text();");
  g_assert_cmpstr (page_text, ==, "Alpha beta gamma.");
  g_clear_pointer (&page_text, g_free);
  g_clear_object (&document);

  /* Written, at the same length, after WebKit read it and before Gloss
   * did. */
  g_assert_true (gloss_article_view_prepare (fixture->view, essay.file));
  wait_for_load_finished (fixture);
  essay_write (&essay, "<title>Essay</title><p>Delta iota kappa.</p>", -1);
  document = essay_read (&essay);
  show_document (fixture, document);
  page_text = run_js_string (fixture, page_world (fixture), "return Gloss.text();");
  g_assert_cmpstr (page_text, ==, "Delta iota kappa.");
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, gloss_document_get_base_uri (document));
}

/* The body's max-width once the page has drawn a frame: "646px" with the
 * reading typography (38em of 17px), "none" without. */
static char *
body_max_width (Fixture *fixture)
{
  return run_js_string (fixture, TEST_WORLD,
                        "return new Promise(resolve => requestAnimationFrame(() => resolve("
                        "  getComputedStyle(document.body).maxWidth)));");
}

/* Loaded ahead, an article is styled by what the start of its file says:
 * the reading typography unless it brings a style sheet; once its document
 * is read, by what the whole document says. */
static void
test_own_style_ahead (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(Essay) essay = { 0 };
  g_autoptr(GString) late = g_string_new ("<title>Late style</title>");
  g_autoptr(GlossDocument) document = NULL;
  g_autofree char *width = NULL;

  essay_init (&essay);

  /* A style sheet in the head: the page's own design from the start. */
  essay_write (&essay, "<title>Styled</title><style>p { color: rgb(1, 2, 3); }</style>"
                       "<p>Styled words.</p>", -1);
  g_assert_true (gloss_article_view_prepare (fixture->view, essay.file));
  wait_for_load_finished (fixture);
  width = body_max_width (fixture);
  g_assert_cmpstr (width, ==, "none");
  g_clear_pointer (&width, g_free);
  document = essay_read (&essay);
  show_document (fixture, document);
  width = body_max_width (fixture);
  g_assert_cmpstr (width, ==, "none");
  g_clear_pointer (&width, g_free);
  g_clear_object (&document);

  /* One far down the file, past what is looked at first: typography until
   * the document is read, then the page's own design. */
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (late, "<p>Paragraph %u of words before the style sheet.</p>\n", i);
  g_string_append (late, "<style>p { color: rgb(1, 2, 3); }</style>");
  g_assert_cmpuint (late->len, >, 64 * 1024);
  essay_write (&essay, late->str, late->len);
  g_assert_true (gloss_article_view_prepare (fixture->view, essay.file));
  wait_for_load_finished (fixture);
  width = body_max_width (fixture);
  g_assert_cmpstr (width, ==, "646px");
  g_clear_pointer (&width, g_free);
  document = essay_read (&essay);
  g_assert_true (gloss_document_get_has_style (document));
  show_document (fixture, document);
  g_assert_cmpstr (webkit_web_view_get_uri (gloss_article_view_get_web_view (fixture->view)), ==, essay.uri);
  width = body_max_width (fixture);
  g_assert_cmpstr (width, ==, "none");
}

static void
on_is_loading (WebKitWebView *web_view,
               GParamSpec    *pspec,
               gboolean      *loaded)
{
  *loaded = !webkit_web_view_is_loading (web_view);
}

/* The view made after gloss_article_view_start_web_process() takes the web
 * view started ahead: its empty page is nobody's article, and an article
 * loads in it as in any other.  The next view starts its own. */
static void
test_warm_up (Fixture       *fixture,
              gconstpointer  data)
{
  WebKitWebView *web_view = gloss_article_view_get_web_view (fixture->view);
  gboolean loaded = !webkit_web_view_is_loading (web_view);
  gulong id = g_signal_connect (web_view, "notify::is-loading", G_CALLBACK (on_is_loading), &loaded);
  g_autoptr(GlossDocument) document = NULL;
  g_autofree char *what = NULL;
  g_autofree char *page_text = NULL;
  GtkWidget *next;

  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, "about:blank#gloss-warm-up");
  wait_for (&loaded, "the empty page");
  g_signal_handler_disconnect (web_view, id);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, "about:blank#gloss-warm-up");
  what = run_js_string (fixture, page_world (fixture), "return typeof Gloss;");
  g_assert_cmpstr (what, ==, "undefined");
  g_assert_false (gloss_article_view_get_ready (fixture->view));

  document = show_html (fixture, "<title>Warm</title><p>Loaded in the web view made ahead.</p>");
  page_text = run_js_string (fixture, page_world (fixture), "return Gloss.text();");
  g_assert_cmpstr (page_text, ==, "Loaded in the web view made ahead.");

  next = g_object_ref_sink (gloss_article_view_new ());
  g_assert_true (gloss_article_view_get_web_view (GLOSS_ARTICLE_VIEW (next)) != web_view);
  g_assert_null (webkit_web_view_get_uri (gloss_article_view_get_web_view (GLOSS_ARTICLE_VIEW (next))));
  g_object_unref (next);
}

/* ------------------------------------------------------------------------
 * (b) A selection made in the DOM reports the right offsets
 * ------------------------------------------------------------------------ */

typedef struct
{
  gboolean     fired;
  gboolean     has_selection;
  guint64      start;
  guint64      end;
  GdkRectangle rect;
} SelectionWait;

static void
on_selection_changed (GlossArticleView *view,
                      gboolean          has_selection,
                      guint64           start,
                      guint64           end,
                      GdkRectangle     *rect,
                      SelectionWait    *wait)
{
  wait->fired = TRUE;
  wait->has_selection = has_selection;
  wait->start = start;
  wait->end = end;
  wait->rect = *rect;
}

static const char selection_html[] =
  "<!DOCTYPE html><html><head><title>Selection</title></head><body>"
  "<h1>A 🦉 heading</h1>"
  "<p>Hello <b>bold</b> world 🦉 and 𝔊𝔩𝔬𝔰𝔰 more text here.</p>"
  "<script>var ignored = 'script text';</script>"
  "<p>Second paragraph.</p>"
  "</body></html>";

static void
test_selection (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GlossDocument) document = show_html (fixture, selection_html);
  SelectionWait wait = { 0 };
  g_autofree char *select = NULL;
  gsize start, end, got_start, got_end;
  gulong id;

  id = g_signal_connect (fixture->view, "selection-changed",
                         G_CALLBACK (on_selection_changed), &wait);

  /* From "world" to the end of "𝔊𝔩𝔬𝔰𝔰", across a surrogate pair, in DOM
   * (UTF-16) offsets, from a world that is not the page script's. */
  run_js (fixture, TEST_WORLD,
          "const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);"
          "let node;"
          "while ((node = walker.nextNode()) && !node.data.includes('world'));"
          "const a = node.data.indexOf('world');"
          "const b = node.data.indexOf(' more');"
          "const range = document.createRange();"
          "range.setStart(node, a);"
          "range.setEnd(node, b);"
          "getSelection().removeAllRanges();"
          "getSelection().addRange(range);"
          "return true;", NULL);
  wait_for (&wait.fired, "selection-changed");

  start = text_offset (document, "world");
  end = text_offset (document, " more");
  g_assert_true (wait.has_selection);
  g_assert_cmpuint (wait.start, ==, start);
  g_assert_cmpuint (wait.end, ==, end);
  g_assert_cmpint (wait.rect.width, >, 0);
  g_assert_cmpint (wait.rect.height, >, 0);
  g_assert_cmpint (wait.rect.x, >=, 0);
  g_assert_cmpint (wait.rect.y, >=, 0);
  g_assert_cmpint (wait.rect.x + wait.rect.width, <=, gtk_widget_get_width (GTK_WIDGET (fixture->view)));
  g_assert_true (gloss_article_view_get_selection (fixture->view, &got_start, &got_end));
  g_assert_cmpuint (got_start, ==, start);
  g_assert_cmpuint (got_end, ==, end);

  /* Select all: the whole text. */
  wait.fired = FALSE;
  run_js (fixture, TEST_WORLD, "getSelection().selectAllChildren(document.body); return true;", NULL);
  wait_for (&wait.fired, "selection-changed (all)");
  g_assert_true (wait.has_selection);
  g_assert_cmpuint (wait.start, ==, 0);
  g_assert_cmpuint (wait.end, ==, gloss_text_get_length (gloss_document_get_text (document)));

  /* The page's own select() aid, from the C offsets back to the DOM. */
  start = text_offset (document, "heading");
  end = text_offset (document, "Hello") + 5;
  wait.fired = FALSE;
  select = g_strdup_printf ("return Gloss.select(%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ");",
                            start, end);
  g_assert_true (run_js_boolean (fixture, page_world (fixture), select));
  wait_for (&wait.fired, "selection-changed (select)");
  g_assert_cmpuint (wait.start, ==, start);
  g_assert_cmpuint (wait.end, ==, end);

  /* Collapsing it says so. */
  wait.fired = FALSE;
  run_js (fixture, TEST_WORLD, "getSelection().collapseToStart(); return true;", NULL);
  wait_for (&wait.fired, "selection-changed (collapsed)");
  g_assert_false (wait.has_selection);
  g_assert_false (gloss_article_view_get_selection (fixture->view, NULL, NULL));

  g_signal_handler_disconnect (fixture->view, id);
}

/* ------------------------------------------------------------------------
 * (c) Annotations are painted with the Custom Highlight API
 * ------------------------------------------------------------------------ */

static const char paint_html[] =
  "<!DOCTYPE html><html><head><title>Paint</title></head><body>"
  "<p style=\"font-size: 40px; line-height: 1.5\">Plain words then "
  "marked passage here and more plain words after it.</p>"
  "</body></html>";

static GlossAnnotation *
annotation_for (GlossDocument *document,
                const char    *needle,
                const char    *color)
{
  GlossSelectors selectors = { 0 };
  g_autoptr(GError) error = NULL;
  GlossAnnotation *annotation;
  gsize start = text_offset (document, needle);

  gloss_selectors_from_range (gloss_document_get_text (document),
                              start, start + g_utf8_strlen (needle, -1),
                              &selectors, &error);
  g_assert_no_error (error);
  annotation = gloss_annotation_new (&selectors, color);
  gloss_selectors_clear (&selectors);

  return annotation;
}

typedef struct
{
  gboolean fired;
  guint    n;
} PaintWait;

static void
on_painted (GlossArticleView *view,
            guint             n,
            PaintWait        *wait)
{
  wait->fired = TRUE;
  wait->n = n;
}

static guint
wait_for_paint (Fixture *fixture)
{
  PaintWait wait = { 0 };
  gulong id = g_signal_connect (fixture->view, "painted", G_CALLBACK (on_painted), &wait);

  wait_for (&wait.fired, "painted");
  g_signal_handler_disconnect (fixture->view, id);

  return wait.n;
}

typedef struct
{
  gboolean    done;
  GdkTexture *texture;
  GError     *error;
} SnapshotWait;

static void
snapshot_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SnapshotWait *wait = user_data;

  wait->texture = webkit_web_view_get_snapshot_finish (WEBKIT_WEB_VIEW (object), result, &wait->error);
  wait->done = TRUE;
}

/* The brightest pixel on the row through the middle of the box (x, y,
 * width, height) in CSS pixels: the background between the glyphs. */
static void
background_in (const guchar *pixels,
               int           stride,
               int           texture_width,
               double        scale,
               const double *box,
               guint8        rgb[3])
{
  int y = (int) ((box[1] + box[3] * 0.5) * scale);
  int best = -1;

  for (int x = (int) (box[0] * scale) + 1; x < (int) ((box[0] + box[2]) * scale) - 1 && x < texture_width; x++)
    {
      const guchar *p = pixels + y * stride + x * 4;   /* B G R A */
      int sum = p[0] + p[1] + p[2];

      if (sum > best)
        {
          best = sum;
          rgb[0] = p[2];
          rgb[1] = p[1];
          rgb[2] = p[0];
        }
    }
  g_assert_cmpint (best, >=, 0);
}

static void
get_box (Fixture    *fixture,
         const char *needle,
         double      box[4])
{
  g_autofree char *json = NULL;
  g_autofree char *body = g_strdup_printf (
    "const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);"
    "let node;"
    "while ((node = walker.nextNode()) && !node.data.includes('%s'));"
    "const range = document.createRange();"
    "range.setStart(node, node.data.indexOf('%s'));"
    "range.setEnd(node, node.data.indexOf('%s') + %d);"
    "const r = range.getClientRects()[0];"
    "return JSON.stringify([r.x, r.y, r.width, r.height]);",
    needle, needle, needle, (int) strlen (needle));
  g_auto(GStrv) parts = NULL;

  json = run_js_string (fixture, TEST_WORLD, body);
  g_strdelimit (json, "[]", ' ');
  parts = g_strsplit (json, ",", 4);
  g_assert_cmpuint (g_strv_length (parts), ==, 4);
  for (guint i = 0; i < 4; i++)
    box[i] = g_ascii_strtod (parts[i], NULL);
}

typedef struct
{
  guchar *pixels;
  int     stride;
  int     width;
  double  scale;
} Snapshot;

/* What the page shows, once it has rendered what it was last given: a
 * snapshot paints what the page has rendered, and highlights registered a
 * moment ago are not in it before the page's next frame. */
static void
take_snapshot (Fixture  *fixture,
               Snapshot *shot)
{
  SnapshotWait wait = { 0 };
  int height;

  g_free (run_js_string (fixture, TEST_WORLD, NEXT_FRAME "return 'rendered';"));

  webkit_web_view_get_snapshot (gloss_article_view_get_web_view (fixture->view),
                                WEBKIT_SNAPSHOT_REGION_VISIBLE, WEBKIT_SNAPSHOT_OPTIONS_NONE,
                                NULL, snapshot_done, &wait);
  wait_for (&wait.done, "snapshot");
  g_assert_no_error (wait.error);

  shot->width = gdk_texture_get_width (wait.texture);
  height = gdk_texture_get_height (wait.texture);
  shot->stride = shot->width * 4;
  shot->pixels = g_malloc (shot->stride * height);
  gdk_texture_download (wait.texture, shot->pixels, shot->stride);
  shot->scale = (double) shot->width / gtk_widget_get_width (GTK_WIDGET (fixture->view));
  g_object_unref (wait.texture);
}

/* Whether the words in @marked sit on highlighter yellow, and those in
 * @plain do not. */
static void
assert_yellow_behind (Snapshot     *shot,
                      const double *marked,
                      const double *plain)
{
  guint8 inside[3], outside[3];

  background_in (shot->pixels, shot->stride, shot->width, shot->scale, marked, inside);
  background_in (shot->pixels, shot->stride, shot->width, shot->scale, plain, outside);
  g_test_message ("inside (%d, %d, %d), outside (%d, %d, %d)",
                  inside[0], inside[1], inside[2], outside[0], outside[1], outside[2]);

  g_assert_cmpint (inside[0], >, 200);
  g_assert_cmpint (inside[1], >, 180);
  g_assert_cmpint (inside[2], <, inside[1] - 50);
  g_assert_false (outside[2] < outside[1] - 50);
}

static void
test_paint (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GlossDocument) document = show_html (fixture, paint_html);
  g_autoptr(GListStore) store = g_list_store_new (GLOSS_TYPE_ANNOTATION);
  g_autoptr(GlossAnnotation) annotation = annotation_for (document, "marked passage", "yellow");
  g_autoptr(GlossAnnotation) second = NULL;
  g_autofree char *quote = NULL;
  Snapshot shot = { 0 };
  double marked[4], plain[4];

  g_list_store_append (store, annotation);
  gloss_article_view_set_annotations (fixture->view, G_LIST_MODEL (store));
  g_assert_cmpuint (wait_for_paint (fixture), ==, 1);

  /* In the page: one yellow range, over the quote, and nothing else. */
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "return " REGISTERED ("yellow") ";"), ==, 1);
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "return " REGISTERED ("green") ";"), ==, 0);
  quote = run_js_string (fixture, page_world (fixture),
                         "const [s] = CSS.highlights.get('gloss-yellow');"
                         "const r = document.createRange();"
                         "r.setStart(s.startContainer, s.startOffset);"
                         "r.setEnd(s.endContainer, s.endOffset);"
                         "return r.toString();");
  g_assert_cmpstr (quote, ==, "marked passage");
  /* The article's DOM is untouched: one paragraph, one text node. */
  g_assert_cmpfloat (run_js_number (fixture, TEST_WORLD,
                                    "return document.querySelector('p').childNodes.length;"), ==, 1);

  /* On screen: the marked words sit on yellow, the plain ones do not. */
  get_box (fixture, "marked passage", marked);
  get_box (fixture, "Plain words", plain);

  take_snapshot (fixture, &shot);
  assert_yellow_behind (&shot, marked, plain);
  g_free (shot.pixels);

  /* A change of colour repaints, in another highlight. */
  gloss_annotation_set_color (annotation, "green");
  g_assert_cmpuint (wait_for_paint (fixture), ==, 1);
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "return " REGISTERED ("yellow") ";"), ==, 0);
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "return " REGISTERED ("green") ";"), ==, 1);

  /* So does a new annotation. */
  second = annotation_for (document, "Plain words", "blue");
  g_list_store_append (store, second);
  g_assert_cmpuint (wait_for_paint (fixture), ==, 2);
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "return " REGISTERED ("blue") ";"), ==, 1);

  /* And removing them all. */
  g_list_store_remove_all (store);
  g_assert_cmpuint (wait_for_paint (fixture), ==, 0);
  gloss_article_view_set_annotations (fixture->view, NULL);
}

/* Gloss.paint() and Gloss.update() resolve (and so "painted" is emitted)
 * only once the page has rendered a frame with the change: a frame starts
 * with it in place, then the next one starts.  The frames are counted in
 * the page script's world, the same turn as the answer. */
#define FRAMES_SEEN(call, ranges) \
  "const seen = [];" \
  "let counting = true;" \
  "const tick = () => {" \
  "  seen.push(" REGISTERED ("yellow") ");" \
  "  if (counting) requestAnimationFrame(tick);" \
  "};" \
  "requestAnimationFrame(tick);" \
  "const start = Gloss.text().indexOf('marked passage');" \
  "await " call ";" \
  "counting = false;" \
  "return seen.filter((n) => n >= " #ranges ").length;"

static void
test_painted_on_screen (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GlossDocument) document = show_html (fixture, paint_html);

  /* Past the page's first frame after its load, as in the application. */
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "return Gloss.paint([]);"), ==, 0);

  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    FRAMES_SEEN ("Gloss.paint([{ id: 'a', start, end: start + 14, "
                                                 "color: 'yellow' }])", 1)), >=, 2);
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "return " REGISTERED ("yellow") ";"), ==, 1);

  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    FRAMES_SEEN ("Gloss.update({ paint: [{ id: 'b', start: 0, end: 5, "
                                                 "color: 'yellow' }] })", 2)), >=, 2);
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "return " REGISTERED ("yellow") ";"), ==, 2);
}

/* The answers keep the order of the calls, even when a later change is
 * drawn first: here the page's load waits for a style sheet that never
 * comes (a named pipe nobody writes), so its first paint waits for the
 * page's first frame after the load (or, the load not ending, two
 * seconds), while an update made meanwhile is drawn in the next frame. */
static void
test_painted_in_order (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(Essay) essay = { 0 };
  g_autoptr(GlossDocument) document = NULL;
  g_autofree char *fifo = NULL;
  g_autofree char *state = NULL;
  g_autofree char *order = NULL;
  int fd;

  essay_init (&essay);
  fifo = g_build_filename (essay.folder, "slow.css", NULL);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  essay_write (&essay, "<title>Essay</title><link rel=\"stylesheet\" href=\"slow.css\">"
                       "<p>Plain words then marked passage here.</p>", -1);
  document = essay_read (&essay);
  show_document (fixture, document);

  state = run_js_string (fixture, page_world (fixture), "return document.readyState;");
  g_assert_cmpstr (state, ==, "interactive");

  order = run_js_string (fixture, page_world (fixture),
                         "const order = [];"
                         "const start = Gloss.text().indexOf('marked passage');"
                         "const painted = Gloss.paint([{ id: 'a', start, end: start + 14, color: 'yellow' }])"
                         "  .then(() => order.push('paint'));"
                         "const updated = Gloss.update({ paint: [{ id: 'b', start: 0, end: 5, color: 'green' }] })"
                         "  .then(() => order.push('update'));"
                         "await Promise.all([painted, updated]);"
                         "return order.join(' ');");
  g_assert_cmpstr (order, ==, "paint update");

  /* The reader of the pipe, if it is still waiting, gets its end. */
  fd = open (fifo, O_WRONLY | O_NONBLOCK);
  if (fd >= 0)
    close (fd);
}

/* As the application opens its first article: the view taken at once,
 * the article file loaded ahead while the empty page still loads, then its
 * document and annotations; it is shown, and painted. */
static void
test_warm_up_busy (Fixture       *fixture,
                   gconstpointer  data)
{
  WebKitWebView *web_view = gloss_article_view_get_web_view (fixture->view);
  g_auto(Essay) essay = { 0 };
  g_autoptr(GListStore) store = g_list_store_new (GLOSS_TYPE_ANNOTATION);
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossAnnotation) annotation = NULL;
  g_autofree char *page_text = NULL;

  g_assert_true (webkit_web_view_is_loading (web_view));
  essay_init (&essay);
  essay_write (&essay, paint_html, -1);
  g_assert_true (gloss_article_view_prepare (fixture->view, essay.file));

  document = essay_read (&essay);
  annotation = annotation_for (document, "marked passage", "yellow");
  g_list_store_append (store, annotation);
  gloss_article_view_set_annotations (fixture->view, G_LIST_MODEL (store));
  show_document (fixture, document);
  g_assert_cmpuint (wait_for_paint (fixture), ==, 1);

  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, essay.uri);
  page_text = run_js_string (fixture, page_world (fixture), "return Gloss.text();");
  g_assert_cmpstr (page_text, ==, gloss_text_get_utf8 (gloss_document_get_text (document), NULL));
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "return " REGISTERED ("yellow") ";"), ==, 1);

  gloss_article_view_set_annotations (fixture->view, NULL);
}

/* An article of 3,000 filler paragraphs in @body, @middle halfway, then
 * @last (a paragraph with "marked passage") and @close. */
static char *
long_article (const char *body,
              const char *middle,
              const char *last,
              const char *close)
{
  GString *html = g_string_new (NULL);

  g_string_append_printf (html, "<!DOCTYPE html><html>%s", body);
  for (guint i = 0; i < 3000; i++)
    {
      if (i == 1500)
        g_string_append (html, middle);
      g_string_append_printf (html, "<p>Filler paragraph %u, with a few more words in it.</p>", i);
    }
  g_string_append_printf (html, "%s%s</body></html>", last, close);

  return g_string_free (html, FALSE);
}

/* A highlight far down a long article is registered with WebKit only
 * once the page is scrolled to it, in time for that frame: then its words
 * sit on yellow. */
static void
test_paint_far (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *html = long_article ("<body>", "",
                                        "<p style=\"font-size: 40px; line-height: 1.5\">Plain words "
                                        "then marked passage here.</p>", "");
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GListStore) store = g_list_store_new (GLOSS_TYPE_ANNOTATION);
  g_autoptr(GlossAnnotation) annotation = NULL;
  Snapshot shot = { 0 };
  double marked[4], plain[4];

  document = show_html (fixture, html);
  annotation = annotation_for (document, "marked passage", "yellow");

  g_list_store_append (store, annotation);
  gloss_article_view_set_annotations (fixture->view, G_LIST_MODEL (store));
  g_assert_cmpuint (wait_for_paint (fixture), ==, 1);
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "return " REGISTERED ("yellow") ";"), ==, 0);

  run_js (fixture, TEST_WORLD,
          "window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' });",
          NULL);
  get_box (fixture, "marked passage", marked);
  get_box (fixture, "Plain words", plain);
  take_snapshot (fixture, &shot);
  assert_yellow_behind (&shot, marked, plain);
  g_free (shot.pixels);
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "return " REGISTERED ("yellow") ";"), ==, 1);

  gloss_article_view_set_annotations (fixture->view, NULL);
}

/* An article of 3,000 paragraphs around @middle, with one yellow highlight
 * over "marked passage" in its last paragraph; the page scrolled to its
 * end by @scroll, run in the test's world; the number of yellow ranges then
 * registered (1 when it is on screen, as it should be). */
static double
registered_at_end (Fixture    *fixture,
                   const char *body,
                   const char *middle,
                   const char *close,
                   const char *scroll)
{
  g_autofree char *html = long_article (body, middle, "<p>Plain words then marked passage here.</p>",
                                        close);
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GListStore) store = g_list_store_new (GLOSS_TYPE_ANNOTATION);
  g_autoptr(GlossAnnotation) annotation = NULL;
  g_autofree char *check = g_strconcat (NEXT_FRAME NEXT_FRAME "return " REGISTERED ("yellow") ";", NULL);
  double registered;

  document = show_html (fixture, html);
  annotation = annotation_for (document, "marked passage", "yellow");
  g_list_store_append (store, annotation);
  gloss_article_view_set_annotations (fixture->view, G_LIST_MODEL (store));
  g_assert_cmpuint (wait_for_paint (fixture), ==, 1);

  run_js (fixture, TEST_WORLD, scroll, NULL);
  registered = run_js_number (fixture, page_world (fixture), check);
  gloss_article_view_set_annotations (fixture->view, NULL);

  return registered;
}

/* Pages whose text is not simply laid out down the page in document order
 * still have the highlights on screen registered. */
static void
test_paint_odd_layouts (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char to_end[] =
    "window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' });";
  g_autoptr(GString) hidden = g_string_new ("<details><summary>Appendix</summary>");

  /* Thousands of text nodes with no box in the middle (a closed details). */
  for (guint i = 0; i < 400; i++)
    g_string_append_printf (hidden, "<p>Hidden paragraph %u.</p>", i);
  g_string_append (hidden, "</details>");
  g_assert_cmpfloat (registered_at_end (fixture, "<body>", hidden->str, "", to_end), ==, 1);

  /* The article scrolls in an element, not the page. */
  g_assert_cmpfloat (registered_at_end (fixture,
                                        "<body style=\"margin: 0\"><main id=\"s\" "
                                        "style=\"height: 100vh; overflow: auto\">",
                                        "", "</main>",
                                        "const s = document.getElementById('s');"
                                        "s.scrollTop = s.scrollHeight;"), ==, 1);

  /* Laid out bottom up: the last paragraph is at the top of the page. */
  g_assert_cmpfloat (registered_at_end (fixture,
                                        "<body style=\"display: flex; flex-direction: column-reverse\">",
                                        "", "", "window.scrollTo(0, 0);"), ==, 1);
}

/* Zoomed out in the middle of an article, every paragraph on screen has
 * its highlight registered. */
static void
test_paint_zoom (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GString) html = g_string_new ("<!DOCTYPE html><html><body>");
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GListStore) store = g_list_store_new (GLOSS_TYPE_ANNOTATION);
  double missing;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (html, "<p>Filler paragraph %u, with Q%05uQ more words in it.</p>", i, i);
  g_string_append (html, "</body></html>");
  document = show_html (fixture, html->str);
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *needle = g_strdup_printf ("Q%05uQ", i);
      g_autoptr(GlossAnnotation) annotation = annotation_for (document, needle, "yellow");

      g_list_store_append (store, annotation);
    }
  gloss_article_view_set_annotations (fixture->view, G_LIST_MODEL (store));
  g_assert_cmpuint (wait_for_paint (fixture), ==, 3000);

  run_js (fixture, TEST_WORLD,
          "window.scrollTo({ top: document.documentElement.scrollHeight / 2, behavior: 'instant' });",
          NULL);
  g_free (run_js_string (fixture, TEST_WORLD, NEXT_FRAME "return 'rendered';"));
  for (guint i = 0; i < 8; i++)
    gloss_article_view_zoom_out (fixture->view);

  /* Paragraphs on screen without their highlight, times 10,000, plus
   * those with it. */
  missing = run_js_number (fixture, page_world (fixture),
                           NEXT_FRAME NEXT_FRAME
                           "const seen = new Set();"
                           "for (const [name, highlight] of CSS.highlights)"
                           "  for (const r of highlight)"
                           "    seen.add(r.startContainer);"
                           "let n = 0;"
                           "for (const p of document.querySelectorAll('p')) {"
                           "  const box = p.getBoundingClientRect();"
                           "  if (box.bottom >= 0 && box.top <= innerHeight)"
                           "    n += seen.has(p.firstChild) ? 1 : 10000;"
                           "}"
                           "return n;");
  g_test_message ("on screen: %.0f", missing);
  g_assert_cmpfloat (missing, >, 20);
  g_assert_cmpfloat (missing, <, 10000);
  gloss_article_view_set_annotations (fixture->view, NULL);
}

/* Many highlights are painted in one call, quickly; only those near the
 * screen are registered with WebKit, and the others once scrolled to. */
static void
test_paint_many (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GString) html = g_string_new ("<!DOCTYPE html><html><body>");
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GListStore) store = g_list_store_new (GLOSS_TYPE_ANNOTATION);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  const char * const *colors = gloss_color_names ();
  GlossText *text;
  gint64 started;
  guint n = 10000;
  double near_top, yellow_near_top;

  for (guint i = 0; i < n / 4; i++)
    g_string_append_printf (html, "<p>Paragraph %u has <em>a few</em> words in 🦉 it.</p>", i);
  g_string_append (html, "</body></html>");
  document = show_html (fixture, html->str);
  text = gloss_document_get_text (document);

  for (guint i = 0; i < n; i++)
    {
      GlossSelectors selectors = { 0 };
      gsize start = (i * 37) % (gloss_text_get_length (text) - 20);

      g_assert_true (gloss_selectors_from_range (text, start, start + 5 + i % 13, &selectors, NULL));
      g_ptr_array_add (items, gloss_annotation_new (&selectors, colors[i % 5]));
      gloss_selectors_clear (&selectors);
    }
  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  started = g_get_monotonic_time ();
  gloss_article_view_set_annotations (fixture->view, G_LIST_MODEL (store));
  g_assert_cmpuint (wait_for_paint (fixture), ==, n);
  g_test_message ("painted %u highlights in %.0f ms", n,
                  (g_get_monotonic_time () - started) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);

  /* The page holds all of them; WebKit has those near the top, where the
   * page is, and not the last paragraphs'. */
  near_top = run_js_number (fixture, page_world (fixture), ALL_REGISTERED "return n;");
  g_test_message ("%.0f of %u registered", near_top, n);
  g_assert_cmpfloat (near_top, >, 100);
  g_assert_cmpfloat (near_top, <, n / 4);
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "const last = document.body.lastElementChild;"
                                    "let n = 0;"
                                    "for (const [name, highlight] of CSS.highlights)"
                                    "  for (const r of highlight)"
                                    "    n += last.contains(r.startContainer) ? 1 : 0;"
                                    "return n;"), ==, 0);

  /* One more, one recoloured, one removed: only those are sent, into the
   * same highlights (a full repaint would make new ones).  All three are
   * on the first line. */
  yellow_near_top = run_js_number (fixture, page_world (fixture),
                                   "globalThis.testYellow = CSS.highlights.get('gloss-yellow');"
                                   "return testYellow.size;");
  {
    GlossSelectors selectors = { 0 };
    g_autoptr(GlossAnnotation) extra = NULL;

    g_assert_true (gloss_selectors_from_range (text, 3, 12, &selectors, NULL));
    extra = gloss_annotation_new (&selectors, "yellow");
    gloss_selectors_clear (&selectors);
    g_list_store_append (store, extra);
  }
  gloss_annotation_set_color (items->pdata[1], "yellow");
  g_list_store_remove (store, 2);
  g_assert_cmpuint (wait_for_paint (fixture), ==, n);
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "return CSS.highlights.get('gloss-yellow') === globalThis.testYellow"
                                    "  ? CSS.highlights.get('gloss-yellow').size : -1;"),
                     ==, yellow_near_top + 2);
  /* One more and one fewer. */
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture), ALL_REGISTERED "return n;"),
                     ==, near_top);

  /* Scrolled to the end: the last paragraphs' highlights are registered
   * before that frame is painted, and the first ones' no longer. */
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "window.scrollTo({ top: document.documentElement.scrollHeight,"
                                    "                  behavior: 'instant' });"
                                    NEXT_FRAME
                                    "const first = document.body.firstElementChild;"
                                    "const last = document.body.lastElementChild;"
                                    "let n = 0;"
                                    "for (const [name, highlight] of CSS.highlights)"
                                    "  for (const r of highlight) {"
                                    "    n += last.contains(r.startContainer) ? 1 : 0;"
                                    "    n -= first.contains(r.startContainer) ? 1000 : 0;"
                                    "  }"
                                    "return n;"), >, 0);
  gloss_article_view_set_annotations (fixture->view, NULL);
}

/* ------------------------------------------------------------------------
 * (d) The article's own scripts never run
 * ------------------------------------------------------------------------ */

static const char hostile_html[] =
  "<!DOCTYPE html><html><head><title>Original</title>"
  "<link rel=\"stylesheet\" href=\"https://example.com/style.css\">"
  "<link rel=\"preconnect\" href=\"https://example.net/\">"
  "<link rel=\"dns-prefetch\" href=\"https://example.org/\">"
  "<script>document.title = 'head script ran';</script>"
  "<meta http-equiv=\"refresh\" content=\"0; url=https://example.com/\">"
  "</head>"
  "<body onload=\"document.title = 'onload ran'\">"
  "<p id=\"text\">Original text.</p>"
  "<script>document.getElementById('text').textContent = 'pwned';"
  "document.title = 'body script ran';</script>"
  "<img src=\"missing.png\" onerror=\"document.title = 'onerror ran'\">"
  "<img src=\"https://example.com/pixel.gif\">"
  "<iframe src=\"https://example.com/frame.html\"></iframe>"
  "<form action=\"https://example.com/\"><input name=\"q\" autofocus></form>"
  "<a id=\"js\" href=\"javascript:document.title = 'javascript link ran'\">link</a>"
  "<a id=\"out\" href=\"https://example.com/\">outside</a>"
  "<a id=\"frag\" href=\"#text\">fragment</a>"
  "</body></html>";

static void
on_open_link (GlossArticleView *view,
              const char       *uri,
              GPtrArray        *opened)
{
  g_ptr_array_add (opened, g_strdup (uri));
}

static void
test_no_page_scripts (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GlossTestCatcher) catcher = gloss_test_catcher_new ();
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GPtrArray) opened = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *gloss_type = NULL;
  g_autofree char *handlers = NULL;
  gulong id;

  document = show_html (fixture, hostile_html);
  wait_until_loaded (fixture);

  id = g_signal_connect (fixture->view, "open-link", G_CALLBACK (on_open_link), opened);
  /* WebKit counts a click made through its API as a user gesture: the
   * javascript: link does nothing, the outside one is handed to the
   * window, and neither is followed. */
  run_js (fixture, TEST_WORLD,
          "document.getElementById('js').click();"
          "document.getElementById('out').click();"
          "document.forms[0].submit();"
          "return new Promise(resolve => requestAnimationFrame(() => resolve(true)));", NULL);

  title = run_js_string (fixture, NULL, "return document.title;");
  text = run_js_string (fixture, NULL, "return document.getElementById('text').textContent;");
  g_assert_cmpstr (title, ==, "Original");
  g_assert_cmpstr (text, ==, "Original text.");
  g_assert_cmpuint (opened->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (opened, 0), ==, "https://example.com/");
  g_assert_true (g_str_has_prefix (webkit_web_view_get_uri (gloss_article_view_get_web_view (fixture->view)),
                                   "about:"));

  /* A jump to a #fragment of the article is allowed. */
  run_js (fixture, TEST_WORLD, "document.getElementById('frag').click(); return true;", NULL);
  g_free (title);
  title = run_js_string (fixture, TEST_WORLD,
                         "return new Promise(resolve => requestAnimationFrame(() => resolve(location.hash)));");
  g_assert_cmpstr (title, ==, "#text");

  /* The page script and its message handler are invisible to the page. */
  gloss_type = run_js_string (fixture, NULL, "return typeof globalThis.Gloss;");
  handlers = run_js_string (fixture, NULL,
                            "return typeof (window.webkit && window.webkit.messageHandlers"
                            " && window.webkit.messageHandlers.gloss);");
  g_assert_cmpstr (gloss_type, ==, "undefined");
  g_assert_cmpstr (handlers, ==, "undefined");

  /* Nothing was fetched: not the style, image, frame, form or refresh. */
  g_assert_cmpuint (gloss_test_catcher_get_n_requests (catcher), ==, 0);

  g_signal_handler_disconnect (fixture->view, id);
}

/* ------------------------------------------------------------------------
 * (e) A click in a highlight activates its annotation
 * ------------------------------------------------------------------------ */

typedef struct
{
  gboolean  fired;
  char     *id;
} ActivateWait;

static void
on_activated (GlossArticleView *view,
              const char       *id,
              ActivateWait     *wait)
{
  wait->fired = TRUE;
  g_free (wait->id);
  wait->id = g_strdup (id);
}

static void
test_activate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GlossDocument) document = show_html (fixture, paint_html);
  g_autoptr(GListStore) store = g_list_store_new (GLOSS_TYPE_ANNOTATION);
  g_autoptr(GlossAnnotation) annotation = annotation_for (document, "marked passage", "pink");
  ActivateWait wait = { 0 };
  double marked[4], plain[4];
  g_autofree char *click = NULL;
  g_autofree char *miss = NULL;
  g_autoptr(JSCValue) hit = NULL;
  gulong id;

  g_list_store_append (store, annotation);
  gloss_article_view_set_annotations (fixture->view, G_LIST_MODEL (store));
  g_assert_cmpuint (wait_for_paint (fixture), ==, 1);

  get_box (fixture, "marked passage", marked);
  get_box (fixture, "Plain words", plain);

  /* The page's hit test. */
  hit = run_js (fixture, page_world (fixture), "return Gloss.hitTest(x, y);",
                g_variant_new_parsed ("{'x': <%d>, 'y': <%d>}",
                                      (int) (plain[0] + plain[2] / 2), (int) (plain[1] + plain[3] / 2)));
  g_assert_true (jsc_value_is_null (hit));

  id = g_signal_connect (fixture->view, "annotation-activated", G_CALLBACK (on_activated), &wait);

  /* A click on plain text activates nothing; then one on the highlight. */
  miss = g_strdup_printf ("const x = %f, y = %f;"
                          "document.elementFromPoint(x, y).dispatchEvent("
                          "  new MouseEvent('click', {clientX: x, clientY: y, bubbles: true}));",
                          plain[0] + plain[2] / 2, plain[1] + plain[3] / 2);
  run_js (fixture, TEST_WORLD, miss, NULL);
  click = g_strdup_printf ("const x = %f, y = %f;"
                           "document.elementFromPoint(x, y).dispatchEvent("
                           "  new MouseEvent('click', {clientX: x, clientY: y, bubbles: true}));",
                           marked[0] + marked[2] / 2, marked[1] + marked[3] / 2);
  run_js (fixture, TEST_WORLD, click, NULL);
  wait_for (&wait.fired, "annotation-activated");
  g_assert_cmpstr (wait.id, ==, gloss_annotation_get_id (annotation));

  /* Reveal flashes it in the page. */
  gloss_article_view_reveal (fixture->view, gloss_annotation_get_id (annotation));
  g_assert_cmpfloat (run_js_number (fixture, page_world (fixture),
                                    "return new Promise(resolve => setTimeout("
                                    "  () => resolve(CSS.highlights.get('gloss-flash').size), 100));"),
                     ==, 1);

  g_signal_handler_disconnect (fixture->view, id);
  g_free (wait.id);
}

/* ------------------------------------------------------------------------
 * Confinement: no network, no files outside the article's folder
 * ------------------------------------------------------------------------ */

static void
write_file (const char *folder,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (parent, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A 12×12 PNG (not SVG: the isolated test dirs have no MIME database, and
 * only raster images are recognised by their bytes). */
static void
write_square (const char *folder,
              const char *name)
{
  guchar pixels[12 * 12 * 4];
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < sizeof pixels; i += 4)
    {
      pixels[i] = 0x28;
      pixels[i + 1] = 0x1c;
      pixels[i + 2] = 0xc0;
      pixels[i + 3] = 0xff;
    }
  bytes = g_bytes_new (pixels, sizeof pixels);
  texture = gdk_memory_texture_new (12, 12, GDK_MEMORY_B8G8R8A8, bytes, 12 * 4);
  png = gdk_texture_save_to_png_bytes (texture);

  g_mkdir_with_parents (parent, 0700);
  g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error);
  g_assert_no_error (error);
}

static void
test_confinement (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GlossTestCatcher) catcher = gloss_test_catcher_new ();
  const char *server = gloss_test_catcher_get_uri (catcher);
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("gloss-view-XXXXXX", &error);
  g_autofree char *folder = NULL;
  g_autofree char *html = NULL;
  g_autofree char *article_path = NULL;
  g_autofree char *widths = NULL;
  g_autoptr(GFile) article = NULL;
  g_autoptr(GlossDocument) document = NULL;

  g_assert_no_error (error);

  /* A folder name that needs escaping, both in URLs and in a regex. */
  folder = g_build_filename (root, "My (saved) pages.d+ é", NULL);
  write_square (folder, "Article_files/inside.png");
  write_square (folder, "images/below.png");
  write_square (folder, "beside.png");
  write_square (root, "outside.png");
  write_square (root, "My (saved) pages.d+ éx/sibling.png");
  html = g_strdup_printf ("<!DOCTYPE html><html><head><title>Confined</title>"
                          "<link rel=\"stylesheet\" href=\"%sstyle.css\">"
                          "</head><body><p>Images:</p>"
                          "<img id=\"inside\" src=\"Article_files/inside.png\">"
                          "<img id=\"below\" src=\"images/below.png\">"
                          "<img id=\"beside\" src=\"beside.png\">"
                          "<img id=\"outside\" src=\"../outside.png\">"
                          "<img id=\"sibling\" src=\"../My%%20(saved)%%20pages.d+%%20%%C3%%A9x/sibling.png\">"
                          "<img id=\"network\" src=\"%simage.png\">"
                          "<iframe src=\"%sframe.html\"></iframe>"
                          "</body></html>",
                          server, server, server);
  write_file (folder, "Article.html", html);

  article_path = g_build_filename (folder, "Article.html", NULL);
  article = g_file_new_for_path (article_path);
  document = gloss_document_new_for_file (article, NULL, &error);
  g_assert_no_error (error);

  show_document (fixture, document);
  wait_until_loaded (fixture);

  widths = run_js_string (fixture, TEST_WORLD,
                          "return [...document.images].map(i => i.id + '=' + i.naturalWidth).join(' ');");
  g_assert_cmpstr (widths, ==, "inside=12 below=12 beside=12 outside=0 sibling=0 network=0");
  g_assert_cmpuint (gloss_test_catcher_get_n_requests (catcher), ==, 0);
}

/* ------------------------------------------------------------------------
 * Style: reading typography for unstyled articles, author CSS wins, and
 * our own articles follow the dark style
 * ------------------------------------------------------------------------ */

static GlossDocument *
show_markdown (Fixture    *fixture,
               const char *markdown)
{
  g_autoptr(GBytes) bytes = g_bytes_new (markdown, strlen (markdown));
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) document = NULL;

  document = gloss_document_new_from_bytes (bytes, GLOSS_FORMAT_MARKDOWN, "test.md", &error);
  g_assert_no_error (error);
  show_document (fixture, document);

  return g_steal_pointer (&document);
}

static void
test_style (Fixture       *fixture,
            gconstpointer  data)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  g_autoptr(GlossDocument) plain = NULL;
  g_autoptr(GlossDocument) styled = NULL;
  g_autoptr(GlossDocument) dark = NULL;
  g_autofree char *width = NULL;
  g_autofree char *author_width = NULL;
  g_autofree char *dark_background = NULL;
  g_autofree char *light_background = NULL;

  plain = show_html (fixture, "<!DOCTYPE html><title>Plain</title><p>Plain text.</p>");
  width = run_js_string (fixture, TEST_WORLD, "return getComputedStyle(document.body).maxWidth;");
  g_assert_cmpstr (width, ==, "646px");   /* 38em of 17px */

  styled = show_html (fixture, "<!DOCTYPE html><title>Styled</title>"
                               "<style>p { color: rgb(1, 2, 3); }</style><p>Styled text.</p>");
  author_width = run_js_string (fixture, TEST_WORLD, "return getComputedStyle(document.body).maxWidth;");
  g_assert_cmpstr (author_width, ==, "none");

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  dark = show_markdown (fixture, "# Dark\n\nSome *text*.\n");
  dark_background = run_js_string (fixture, TEST_WORLD,
                                   "return getComputedStyle(document.documentElement).backgroundColor;");
  g_assert_cmpstr (dark_background, ==, "rgb(30, 30, 30)");

  /* A change of style restyles the article in place. */
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  light_background = run_js_string (fixture, TEST_WORLD,
                                    "return new Promise(resolve => requestAnimationFrame(() => resolve("
                                    "  getComputedStyle(document.documentElement).backgroundColor)));");
  g_assert_cmpstr (light_background, ==, "rgb(255, 255, 255)");
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
}

/* In the test world: the computed font-family of the first @selector,
 * once it is @expected (a change of style sheets reaches the page in the
 * next frames) or after 120 frames. */
static char *
font_family_once (Fixture    *fixture,
                  const char *selector,
                  const char *expected)
{
  g_autofree char *script = g_strdup_printf (
    "const family = () => getComputedStyle(document.querySelector(%s)).fontFamily;"
    "for (let i = 0; i < 120 && family() !== %s; i++)"
    "  await new Promise((resolve) => requestAnimationFrame(resolve));"
    "return family();",
    selector, expected);

  return run_js_string (fixture, TEST_WORLD, script);
}

/* An article without a style of its own is set in GNOME's document and
 * monospace fonts, and follows them when they change; a styled one keeps
 * its own. */
static void
test_desktop_fonts (Fixture       *fixture,
                    gconstpointer  data)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GlossDocument) plain = NULL;
  g_autoptr(GlossDocument) styled = NULL;
  g_autofree char *family = NULL;
  g_autofree char *code_family = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *styled_family = NULL;

  /* gsettings-desktop-schemas comes with WebKit (through glib-networking). */
  g_assert_nonnull (schema);
  settings = g_settings_new ("org.gnome.desktop.interface");
  g_settings_set_string (settings, "document-font-name", "Gloss \"Test\" Sans, Cantarell 13");
  g_settings_set_string (settings, "monospace-font-name", "Monospace 10");

  plain = show_html (fixture, "<!DOCTYPE html><title>Plain</title><p>Plain <code>code</code>.</p>");
  family = font_family_once (fixture, "'html'", "'\"Gloss \\\\\"Test\\\\\" Sans\", Cantarell, sans-serif'");
  g_assert_cmpstr (family, ==, "\"Gloss \\\"Test\\\" Sans\", Cantarell, sans-serif");
  code_family = font_family_once (fixture, "'code'", "'monospace'");
  g_assert_cmpstr (code_family, ==, "monospace");

  /* Changed in GNOME: the article follows. */
  g_settings_set_string (settings, "document-font-name", "Serif 12");
  changed = font_family_once (fixture, "'html'", "'serif, sans-serif'");
  g_assert_cmpstr (changed, ==, "serif, sans-serif");

  styled = show_html (fixture, "<!DOCTYPE html><title>Styled</title>"
                               "<style>p { color: rgb(1, 2, 3); }</style><p>Styled text.</p>");
  styled_family = run_js_string (fixture, TEST_WORLD,
                                 "return getComputedStyle(document.documentElement).fontFamily;");
  g_assert_false (strstr (styled_family, "serif, sans-serif") != NULL);

  g_settings_reset (settings, "document-font-name");
  g_settings_reset (settings, "monospace-font-name");
}

/* ------------------------------------------------------------------------
 * Zoom
 * ------------------------------------------------------------------------ */

static void
test_zoom (Fixture       *fixture,
           gconstpointer  data)
{
  GlossArticleView *view = fixture->view;
  WebKitWebView *web_view = gloss_article_view_get_web_view (view);
  double previous = 1.0;

  g_assert_cmpfloat (gloss_article_view_get_zoom (view), ==, 1.0);
  gloss_article_view_zoom_in (view);
  g_assert_cmpfloat (gloss_article_view_get_zoom (view), >, 1.0);
  g_assert_cmpfloat (webkit_web_view_get_zoom_level (web_view), ==, gloss_article_view_get_zoom (view));

  for (guint i = 0; i < 30; i++)
    {
      gloss_article_view_zoom_in (view);
      g_assert_cmpfloat (gloss_article_view_get_zoom (view), >=, previous);
      previous = gloss_article_view_get_zoom (view);
    }
  g_assert_cmpfloat (gloss_article_view_get_zoom (view), ==, 3.0);

  for (guint i = 0; i < 30; i++)
    gloss_article_view_zoom_out (view);
  g_assert_cmpfloat (gloss_article_view_get_zoom (view), ==, 0.5);

  gloss_article_view_zoom_reset (view);
  g_assert_cmpfloat (gloss_article_view_get_zoom (view), ==, 1.0);

  g_object_set (view, "zoom", 1.5, NULL);
  g_assert_cmpfloat (webkit_web_view_get_zoom_level (web_view), ==, 1.5);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = gloss_test_isolate_home ();
  int status;

  g_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/article-view/fixture-text", test_fixture_text);
  ADD ("/article-view/from-file", test_from_file);
  ADD ("/article-view/loaded-ahead", test_loaded_ahead);
  g_test_add ("/article-view/warm-up", Fixture, "warm", fixture_setup, test_warm_up, fixture_teardown);
  g_test_add ("/article-view/warm-up-busy", Fixture, "warm", fixture_setup, test_warm_up_busy,
              fixture_teardown);
  ADD ("/article-view/selection", test_selection);
  ADD ("/article-view/paint", test_paint);
  ADD ("/article-view/painted-on-screen", test_painted_on_screen);
  ADD ("/article-view/painted-in-order", test_painted_in_order);
  ADD ("/article-view/paint-many", test_paint_many);
  ADD ("/article-view/paint-far", test_paint_far);
  ADD ("/article-view/paint-odd-layouts", test_paint_odd_layouts);
  ADD ("/article-view/paint-zoom", test_paint_zoom);
  ADD ("/article-view/own-style-ahead", test_own_style_ahead);
  ADD ("/article-view/no-page-scripts", test_no_page_scripts);
  ADD ("/article-view/activate", test_activate);
  ADD ("/article-view/confinement", test_confinement);
  ADD ("/article-view/style", test_style);
  ADD ("/article-view/desktop-fonts", test_desktop_fonts);
  ADD ("/article-view/zoom", test_zoom);

#undef ADD

  status = g_test_run ();
  gloss_test_remove_tree (home);

  return status;
}
