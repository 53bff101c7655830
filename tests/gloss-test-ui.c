/* gloss-test-ui.c: driving a real GlossWindow from a UI test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "gloss-test-ui.h"

#define WAIT_SECONDS 120

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

void
gloss_test_wait (gboolean   *flag,
                 guint       seconds,
                 const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_timeout, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  /* The flag may be set just as the time ran out: that is no failure. */
  if (!*flag)
    g_error ("Timed out after %u s waiting for %s", seconds, what);
  if (!timed_out)
    g_source_remove (id);
}

void
gloss_test_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

gboolean
gloss_test_set_flag (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------------
 * JavaScript
 * ------------------------------------------------------------------------ */

typedef struct
{
  gboolean  done;
  JSCValue *value;
  GError   *error;
} JsWait;

static void
js_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  JsWait *wait = user_data;

  wait->value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (object),
                                                                       result, &wait->error);
  wait->done = TRUE;
}

JSCValue *
gloss_test_run_js (GlossArticleView *view,
                   const char       *world,
                   const char       *body,
                   GVariant         *arguments)
{
  JsWait wait = { 0 };

  webkit_web_view_call_async_javascript_function (gloss_article_view_get_web_view (view),
                                                  body, -1, arguments, world, NULL, NULL,
                                                  js_done, &wait);
  gloss_test_wait (&wait.done, WAIT_SECONDS, body);
  g_assert_no_error (wait.error);

  return wait.value;
}

char *
gloss_test_run_js_string (GlossArticleView *view,
                          const char       *world,
                          const char       *body)
{
  g_autoptr(JSCValue) value = gloss_test_run_js (view, world, body, NULL);

  g_assert_true (jsc_value_is_string (value));
  return jsc_value_to_string (value);
}

double
gloss_test_run_js_number (GlossArticleView *view,
                          const char       *world,
                          const char       *body)
{
  g_autoptr(JSCValue) value = gloss_test_run_js (view, world, body, NULL);

  g_assert_true (jsc_value_is_number (value));
  return jsc_value_to_double (value);
}

void
gloss_test_settle (GlossArticleView *view)
{
  g_autoptr(JSCValue) value = NULL;

  value = gloss_test_run_js (view, GLOSS_TEST_WORLD,
                             "return new Promise(resolve => requestAnimationFrame("
                             "  () => requestAnimationFrame(() => resolve(true))));", NULL);
}

void
gloss_test_check_text (GlossWindow *window)
{
  GlossArticleView *view = gloss_window_get_article_view (window);
  GlossText *text = gloss_document_get_text (gloss_window_get_document (window));
  const char *world = gloss_article_view_get_world_name (view);
  gsize length = gloss_text_get_length (text);
  g_autofree char *head = NULL;
  g_autofree char *tail = NULL;
  g_autofree char *expected_head = NULL;
  g_autofree char *expected_tail = NULL;

  g_assert_cmpfloat (gloss_test_run_js_number (view, world, "return Gloss.length;"), ==, (double) length);

  if (length <= 4 * 1024 * 1024)
    {
      g_autofree char *page_text = gloss_test_run_js_string (view, world, "return Gloss.text();");

      g_assert_cmpstr (page_text, ==, gloss_text_get_utf8 (text, NULL));
      return;
    }

  /* Code points at both ends, sliced the same way on both sides. */
  head = gloss_test_run_js_string (view, world, "return [...Gloss.text().slice(0, 20000)].slice(0, 5000).join('');");
  tail = gloss_test_run_js_string (view, world, "return [...Gloss.text().slice(-20000)].slice(-5000).join('');");
  expected_head = gloss_text_slice (text, 0, 5000);
  expected_tail = gloss_text_slice (text, length - 5000, length);
  g_assert_cmpstr (head, ==, expected_head);
  g_assert_cmpstr (tail, ==, expected_tail);
}

/* ------------------------------------------------------------------------
 * The window
 * ------------------------------------------------------------------------ */

typedef struct
{
  gboolean done;
  gboolean ok;
} LoadWait;

static void
on_article_loaded (GlossWindow *window,
                   gboolean     ok,
                   LoadWait    *wait)
{
  wait->ok = ok;
  wait->done = TRUE;
}

/* What the view of a window last painted. */
typedef struct
{
  gboolean done;
  guint    n;
} PaintWait;

static void
on_painted (GlossArticleView *view,
            guint             n,
            PaintWait        *wait)
{
  wait->n = n;
  wait->done = TRUE;
}

GlossWindow *
gloss_test_open_window (GFile    *file,
                        guint     seconds,
                        gboolean *ok)
{
  GlossWindow *window = gloss_window_new (NULL);
  GlossArticleView *view = gloss_window_get_article_view (window);
  PaintWait *paint = g_new0 (PaintWait, 1);
  LoadWait load = { 0 };
  gulong id;

  /* Owned by the view, not the window: a page call in flight holds the
   * view, which can paint after the window has gone. */
  g_object_set_data_full (G_OBJECT (view), "gloss-test-paint", paint, g_free);
  g_signal_connect (view, "painted", G_CALLBACK (on_painted), paint);
  id = g_signal_connect (window, "article-loaded", G_CALLBACK (on_article_loaded), &load);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  gloss_window_open (window, file);
  gloss_test_wait (&load.done, seconds, "article-loaded");
  g_signal_handler_disconnect (window, id);
  *ok = load.ok;

  return window;
}

void
gloss_test_wait_painted (GlossWindow *window,
                         guint        n,
                         guint        seconds)
{
  PaintWait *paint = g_object_get_data (G_OBJECT (gloss_window_get_article_view (window)),
                                       "gloss-test-paint");

  g_assert_nonnull (paint);
  while (!paint->done || paint->n != n)
    {
      paint->done = FALSE;
      gloss_test_wait (&paint->done, seconds, "painted");
    }
}

static void
on_finalized (gpointer  data,
              GObject  *where_the_object_was)
{
  gloss_test_set_flag (data);
}

void
gloss_test_close_window (GlossWindow *window)
{
  gboolean finalized = FALSE;

  g_object_weak_ref (G_OBJECT (window), on_finalized, &finalized);
  gtk_window_close (GTK_WINDOW (window));
  gloss_test_wait (&finalized, WAIT_SECONDS, "the window to go away");
}

/* ------------------------------------------------------------------------
 * Selecting and highlighting
 * ------------------------------------------------------------------------ */

/* Hostile pages name elements "createRange", "documentElement"…, and
 * document.NAME then finds the element instead of the method: the test's
 * scripts call Document.prototype's own. */
#define DOM_PREAMBLE \
  "const D = Document.prototype;" \
  "const root = Object.getOwnPropertyDescriptor(D, 'documentElement').get.call(document);"

typedef struct
{
  gboolean done;
  guint64  start;
  guint64  end;
} SelectionWait;

static void
on_selection_changed (GlossArticleView *view,
                      gboolean          has_selection,
                      guint64           start,
                      guint64           end,
                      GdkRectangle     *rect,
                      SelectionWait    *wait)
{
  if (!has_selection)
    return;

  wait->start = start;
  wait->end = end;
  wait->done = TRUE;
}

void
gloss_test_select (GlossWindow *window,
                   const char  *needle,
                   gsize       *start,
                   gsize       *end)
{
  GlossArticleView *view = gloss_window_get_article_view (window);
  SelectionWait wait = { 0 };
  g_autoptr(JSCValue) found = NULL;
  gulong id;

  id = g_signal_connect (view, "selection-changed", G_CALLBACK (on_selection_changed), &wait);
  found = gloss_test_run_js (view, GLOSS_TEST_WORLD,
                             DOM_PREAMBLE
                             "const walker = D.createTreeWalker.call(document, root, NodeFilter.SHOW_TEXT);"
                             "for (let node = walker.nextNode(); node; node = walker.nextNode()) {"
                             "  const i = node.data.indexOf(needle);"
                             "  if (i < 0) continue;"
                             "  node.parentElement.scrollIntoView({block: 'center'});"
                             "  const range = D.createRange.call(document);"
                             "  range.setStart(node, i);"
                             "  range.setEnd(node, i + needle.length);"
                             "  getSelection().removeAllRanges();"
                             "  getSelection().addRange(range);"
                             "  return true;"
                             "}"
                             "return false;",
                             g_variant_new_parsed ("{'needle': <%s>}", needle));
  g_assert_true (jsc_value_to_boolean (found));
  gloss_test_wait (&wait.done, WAIT_SECONDS, "selection-changed");
  g_signal_handler_disconnect (view, id);

  *start = wait.start;
  *end = wait.end;
}

static guint
count_painted (GlossAnnotationStore *store)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(GlossAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (gloss_annotation_get_status (annotation) != GLOSS_ANCHOR_ORPHANED)
        n++;
    }

  return n;
}

static JsonObject *
find_selector (JsonObject *target,
               const char *type)
{
  JsonArray *selectors = json_object_get_array_member (target, "selector");

  for (guint i = 0; i < json_array_get_length (selectors); i++)
    {
      JsonObject *selector = json_array_get_object_element (selectors, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (selector, "type", NULL), type) == 0)
        return selector;
    }

  g_error ("No %s in the saved annotation", type);
}

/* The sidecar on disk has @annotation with @needle at [start, end). */
static void
check_saved (GlossAnnotationStore *store,
             GlossAnnotation      *annotation,
             const char           *needle,
             gsize                 start,
             gsize                 end)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (gloss_annotation_store_get_file (store));
  JsonArray *items;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                                       "first"),
                                        "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonObject *target;

      if (g_strcmp0 (json_object_get_string_member (item, "id"), gloss_annotation_get_id (annotation)) != 0)
        continue;

      target = json_object_get_object_member (item, "target");
      g_assert_cmpstr (json_object_get_string_member (find_selector (target, "TextQuoteSelector"), "exact"),
                       ==, needle);
      g_assert_cmpint (json_object_get_int_member (find_selector (target, "TextPositionSelector"), "start"),
                       ==, start);
      g_assert_cmpint (json_object_get_int_member (find_selector (target, "TextPositionSelector"), "end"),
                       ==, end);
      return;
    }

  g_error ("The sidecar %s does not hold the new highlight", path);
}

/* Whether @needle is painted as a highlight.  The page registers with
 * WebKit only the highlights on or near the screen, so the passage is
 * scrolled to the middle of the screen first (as a reader would), and
 * looked for among the registered ranges once the page has rendered. */
gboolean
gloss_test_is_painted (GlossWindow *window,
                       const char  *needle)
{
  GlossArticleView *view = gloss_window_get_article_view (window);
  g_autoptr(JSCValue) painted = NULL;

  painted = gloss_test_run_js (view, gloss_article_view_get_world_name (view),
                               DOM_PREAMBLE
                               "const walker = D.createTreeWalker.call(document, root,"
                               "                                       NodeFilter.SHOW_TEXT);"
                               "for (let n = walker.nextNode(); n; n = walker.nextNode()) {"
                               "  const at = n.data.indexOf(needle);"
                               "  if (at < 0) continue;"
                               "  const range = D.createRange.call(document);"
                               "  range.setStart(n, at);"
                               "  range.setEnd(n, at + needle.length);"
                               "  const box = range.getBoundingClientRect();"
                               "  window.scrollBy({ top: box.top - window.innerHeight / 2,"
                               "                    behavior: 'instant' });"
                               "  break;"
                               "}"
                               "await new Promise((done) =>"
                               "  requestAnimationFrame(() => requestAnimationFrame(done)));"
                               "for (const [name, highlight] of CSS.highlights)"
                               "  for (const r of highlight) {"
                               "    const range = D.createRange.call(document);"
                               "    range.setStart(r.startContainer, r.startOffset);"
                               "    range.setEnd(r.endContainer, r.endOffset);"
                               "    if (range.toString() === needle) return true;"
                               "  }"
                               "return false;",
                               g_variant_new_parsed ("{'needle': <%s>}", needle));

  return jsc_value_to_boolean (painted);
}

GlossAnnotation *
gloss_test_highlight (GlossWindow *window,
                      const char  *needle)
{
  GlossArticleView *view = gloss_window_get_article_view (window);
  GlossAnnotationStore *store = gloss_window_get_store (window);
  GlossText *text = gloss_document_get_text (gloss_window_get_document (window));
  const char *utf8 = gloss_text_get_utf8 (text, NULL);
  const char *hit = strstr (utf8, needle);
  PaintWait paint = { 0 };
  gboolean saved = FALSE;
  GlossAnnotation *annotation;
  gsize start, end, expected_start, expected_end;
  gulong paint_id, saved_id;

  g_assert_nonnull (hit);
  expected_start = gloss_text_char_offset (text, hit - utf8);
  expected_end = expected_start + g_utf8_strlen (needle, -1);

  /* The page reports the offsets of the core's text. */
  gloss_test_select (window, needle, &start, &end);
  g_assert_cmpuint (start, ==, expected_start);
  g_assert_cmpuint (end, ==, expected_end);

  /* Highlight as Ctrl+H does. */
  paint_id = g_signal_connect (view, "painted", G_CALLBACK (on_painted), &paint);
  saved_id = g_signal_connect_swapped (store, "saved", G_CALLBACK (gloss_test_set_flag), &saved);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.highlight", NULL));
  annotation = gloss_annotation_store_lookup (store, gloss_annotation_get_id (gloss_sidebar_get_selected (gloss_window_get_sidebar (window))));
  g_assert_nonnull (annotation);
  g_assert_cmpuint (gloss_annotation_get_start (annotation), ==, start);
  g_assert_cmpuint (gloss_annotation_get_end (annotation), ==, end);

  while (!paint.done || paint.n < count_painted (store))
    {
      paint.done = FALSE;
      gloss_test_wait (&paint.done, WAIT_SECONDS, "painted");
    }

  /* Painted over exactly the passage. */
  g_assert_true (gloss_test_is_painted (window, needle));

  /* And saved with those offsets. */
  while (gloss_annotation_store_has_pending_changes (store))
    {
      saved = FALSE;
      gloss_test_wait (&saved, WAIT_SECONDS, "saved");
    }
  check_saved (store, annotation, needle, start, end);

  g_signal_handler_disconnect (view, paint_id);
  g_signal_handler_disconnect (store, saved_id);

  return annotation;
}
