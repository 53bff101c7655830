/* test-window.c: the whole path a user walks, in the real window
 *
 * Opens an article in a GlossWindow with the real WebKit view under Xvfb,
 * selects a passage from a test script world, highlights and tags it as the
 * user would (actions and the sidebar's tag entry), waits for the sidecar to
 * be saved and checks its JSON, closes the window, reopens the article and
 * checks that the highlight is painted again (CSS.highlights and a pixel of
 * a snapshot) and that the sidebar lists it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-annotation-editor.h"
#include "gloss-annotation-store.h"
#include "gloss-document.h"
#include "gloss-list-reveal.h"
#include "gloss-sidebar.h"
#include "gloss-test-home.h"
#include "gloss-test-ui.h"
#include "gloss-window.h"

#define WAIT_SECONDS 30

typedef struct
{
  char        *folder;
  GFile       *article;
  GFile       *sidecar;
} Fixture;

static GlossWindow *
open_window (GFile *file)
{
  gboolean ok = FALSE;
  GlossWindow *window = gloss_test_open_window (file, WAIT_SECONDS, &ok);

  g_assert_true (ok);
  return window;
}

/* Waits until every change of @store is on disk. */
static void
wait_saved (GlossAnnotationStore *store)
{
  gboolean saved = FALSE;
  gulong id = g_signal_connect_swapped (store, "saved", G_CALLBACK (gloss_test_set_flag), &saved);

  while (gloss_annotation_store_has_pending_changes (store))
    {
      saved = FALSE;
      gloss_test_wait (&saved, WAIT_SECONDS, "saved");
    }
  g_signal_handler_disconnect (store, id);
}

static JsonObject *
read_json_file (GFile *file)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  JsonNode *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
find_selector (JsonObject *target,
               const char *type)
{
  JsonArray *selectors = json_object_get_array_member (target, "selector");

  for (guint i = 0; i < json_array_get_length (selectors); i++)
    {
      JsonObject *selector = json_array_get_object_element (selectors, i);

      if (g_strcmp0 (json_object_get_string_member (selector, "type"), type) == 0)
        return selector;
    }

  g_assert_not_reached ();
}

/* Counts the pixels of @rect (CSS px) in a snapshot of the view that have
 * the yellow highlight's tint: red and green high, blue clearly lower. */
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

static double
yellow_fraction (GlossWindow *window,
                 const char  *words)
{
  WebKitWebView *web_view = gloss_article_view_get_web_view (gloss_window_get_article_view (window));
  g_autoptr(JSCValue) rect = NULL;
  g_autoptr(JSCValue) frame = NULL;
  SnapshotWait wait = { 0 };
  g_autofree guchar *pixels = NULL;
  int x0, y0, x1, y1, width, height, yellow = 0, total = 0;
  gsize stride;

  /* The box of the words, scrolled into view, in CSS px of the viewport. */
  rect = gloss_test_run_js (gloss_window_get_article_view (window), GLOSS_TEST_WORLD,
                            "const walker = document.createTreeWalker (document.body, NodeFilter.SHOW_TEXT);"
                            "for (let node = walker.nextNode (); node; node = walker.nextNode ()) {"
                            "  const i = node.data.indexOf (needle);"
                            "  if (i < 0) continue;"
                            "  const range = document.createRange ();"
                            "  range.setStart (node, i);"
                            "  range.setEnd (node, i + needle.length);"
                            "  node.parentElement.scrollIntoView ({block: 'center'});"
                            "  const r = range.getClientRects ()[0];"
                            "  return [r.left, r.top, r.right, r.bottom];"
                            "}"
                            "return null;",
                            g_variant_new_parsed ("{'needle': <%s>}", words));
  g_assert_true (jsc_value_is_array (rect));

  /* A snapshot paints what the page has rendered: highlights registered
   * a moment ago are not in it before the page's next frame. */
  frame = gloss_test_run_js (gloss_window_get_article_view (window), GLOSS_TEST_WORLD,
                             "await new Promise ((done) => requestAnimationFrame (() => requestAnimationFrame (done)));"
                             "return true;",
                             NULL);

  webkit_web_view_get_snapshot (web_view, WEBKIT_SNAPSHOT_REGION_VISIBLE,
                                WEBKIT_SNAPSHOT_OPTIONS_NONE, NULL, snapshot_done, &wait);
  gloss_test_wait (&wait.done, WAIT_SECONDS, "a snapshot");
  g_assert_no_error (wait.error);

  width = gdk_texture_get_width (wait.texture);
  height = gdk_texture_get_height (wait.texture);
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (wait.texture, pixels, stride);

  {
    g_autoptr(JSCValue) v0 = jsc_value_object_get_property_at_index (rect, 0);
    g_autoptr(JSCValue) v1 = jsc_value_object_get_property_at_index (rect, 1);
    g_autoptr(JSCValue) v2 = jsc_value_object_get_property_at_index (rect, 2);
    g_autoptr(JSCValue) v3 = jsc_value_object_get_property_at_index (rect, 3);
    double zoom = gloss_article_view_get_zoom (gloss_window_get_article_view (window));

    x0 = CLAMP ((int) (jsc_value_to_double (v0) * zoom) + 1, 0, width - 1);
    y0 = CLAMP ((int) (jsc_value_to_double (v1) * zoom) + 1, 0, height - 1);
    x1 = CLAMP ((int) (jsc_value_to_double (v2) * zoom) - 1, 0, width - 1);
    y1 = CLAMP ((int) (jsc_value_to_double (v3) * zoom) - 1, 0, height - 1);
  }

  /* gdk_texture_download gives Cairo's ARGB32: B, G, R, A in memory. */
  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++)
      {
        const guchar *p = pixels + y * stride + x * 4;
        int b = p[0], g = p[1], r = p[2];

        total++;
        if (r > 200 && g > 180 && b < 190 && r - b > 40)
          yellow++;
      }

  g_object_unref (wait.texture);
  g_assert_cmpint (total, >, 0);

  return (double) yellow / total;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *name = data;
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "fixtures", "window", name, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sidecar = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  fixture->folder = g_dir_make_tmp ("gloss-window-XXXXXX", &error);
  g_assert_no_error (error);

  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->folder, name, NULL);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  sidecar = g_strconcat (path, ".annotations.json", NULL);
  fixture->article = g_file_new_for_path (path);
  fixture->sidecar = g_file_new_for_path (sidecar);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gloss_test_remove_tree (fixture->folder);

  g_free (fixture->folder);
  g_clear_object (&fixture->article);
  g_clear_object (&fixture->sidecar);
}

static char *
painted_ranges (GlossWindow *window)
{
  GlossArticleView *view = gloss_window_get_article_view (window);
  g_autoptr(JSCValue) value = NULL;

  value = gloss_test_run_js (view, gloss_article_view_get_world_name (view),
                             "const h = CSS.highlights.get ('gloss-yellow');"
                             "if (!h) return null;"
                             "return Array.from (h).map (r => {"
                             "  const range = document.createRange ();"
                             "  range.setStart (r.startContainer, r.startOffset);"
                             "  range.setEnd (r.endContainer, r.endOffset);"
                             "  return range.toString ();"
                             "});",
                             NULL);
  return jsc_value_to_json (value, 0);
}

static void
test_highlight_tag_reopen (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *words = "Marking a passage is a promise to come back";
  GlossWindow *window;
  GlossAnnotationStore *store;
  GlossAnnotation *annotation;
  GtkEntry *tag_entry;
  GtkWidget *editor;
  g_autoptr(JsonObject) collection = NULL;
  g_autofree char *painted = NULL;
  JsonArray *items;
  JsonObject *item, *target;
  JsonArray *body;
  gsize start, end, view_start, view_end;

  /* Open, select from the test world, highlight with Ctrl+H's action. */
  window = open_window (fixture->article);
  gloss_test_select (window, words, &start, &end);
  g_assert_cmpuint (end - start, ==, g_utf8_strlen (words, -1));
  g_assert_true (gloss_article_view_get_selection (gloss_window_get_article_view (window),
                                                   &view_start, &view_end));
  g_assert_cmpuint (view_start, ==, start);

  store = gloss_window_get_store (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.highlight", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  /* Tag it through the sidebar's editor, as a user types it. */
  annotation = gloss_sidebar_get_selected (gloss_window_get_sidebar (window));
  g_assert_nonnull (annotation);
  editor = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (gloss_window_get_sidebar (window)),
                                                     GLOSS_TYPE_SIDEBAR, "editor"));
  tag_entry = GTK_ENTRY (gtk_widget_get_template_child (editor, GLOSS_TYPE_ANNOTATION_EDITOR, "tag_entry"));
  gtk_editable_set_text (GTK_EDITABLE (tag_entry), "method");
  g_signal_emit_by_name (tag_entry, "activate");
  g_assert_true (gloss_annotation_has_tag (annotation, "method"));

  wait_saved (store);

  collection = read_json_file (fixture->sidecar);
  g_assert_cmpstr (json_object_get_string_member (collection, "type"), ==, "AnnotationCollection");
  items = json_object_get_array_member (json_object_get_object_member (collection, "first"), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  item = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "Annotation");
  g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, gloss_annotation_get_id (annotation));
  target = json_object_get_object_member (item, "target");
  g_assert_cmpstr (json_object_get_string_member (target, "styleClass"), ==, "yellow");
  g_assert_cmpstr (json_object_get_string_member (find_selector (target, "TextQuoteSelector"), "exact"),
                   ==, words);
  g_assert_cmpint (json_object_get_int_member (find_selector (target, "TextPositionSelector"), "start"),
                   ==, start);
  body = json_object_get_array_member (item, "body");
  g_assert_cmpuint (json_array_get_length (body), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (body, 0), "purpose"),
                   ==, "tagging");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (body, 0), "value"),
                   ==, "method");

  gloss_test_close_window (window);

  /* Reopen: painted again, listed again. */
  window = open_window (fixture->article);
  gloss_test_wait_painted (window, 1, WAIT_SECONDS);
  g_assert_cmpuint (gloss_sidebar_get_n_shown (gloss_window_get_sidebar (window)), ==, 1);

  painted = painted_ranges (window);
  g_assert_cmpstr (painted, ==, "[\"Marking a passage is a promise to come back\"]");
  g_assert_cmpfloat (yellow_fraction (window, words), >, 0.3);
  g_assert_cmpfloat (yellow_fraction (window, "Tags help later"), <, 0.05);

  gloss_test_close_window (window);
}

static const char *
list_page (GlossWindow *window)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (gloss_window_get_sidebar (window)),
                                                               GLOSS_TYPE_SIDEBAR, "list_stack"));

  return gtk_stack_get_visible_child_name (stack);
}

/* While the annotations are read, the sidebar says nothing (not "No
 * Highlights Yet"); once read, what there is; without any, that. */
static void
test_no_empty_state_while_reading (Fixture       *fixture,
                                   gconstpointer  data)
{
  GlossWindow *window;
  gboolean loaded = FALSE;
  GlossAnnotationStore *store;
  gsize start, end;
  g_autoptr(GError) error = NULL;

  /* One highlight on disk. */
  window = open_window (fixture->article);
  gloss_test_select (window, "Tags help later", &start, &end);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.highlight", NULL);
  store = gloss_window_get_store (window);
  wait_saved (store);
  gloss_test_close_window (window);

  window = gloss_window_new (NULL);
  g_signal_connect_swapped (window, "article-loaded", G_CALLBACK (gloss_test_set_flag), &loaded);
  gtk_window_present (GTK_WINDOW (window));
  gloss_window_open (window, fixture->article);
  g_assert_cmpstr (list_page (window), ==, "list");
  gloss_test_wait (&loaded, WAIT_SECONDS, "article-loaded");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gloss_window_get_store (window))), ==, 1);
  g_assert_cmpstr (list_page (window), ==, "list");
  gloss_test_close_window (window);

  /* Without annotations, once they are read: the empty state. */
  g_assert_true (g_file_delete (fixture->sidecar, NULL, &error));
  g_assert_no_error (error);
  window = open_window (fixture->article);
  g_assert_cmpstr (list_page (window), ==, "empty");
  gloss_test_close_window (window);
}

static void
test_broken_sidecar_is_kept (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *broken = "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": [";
  g_autofree char *path = g_file_get_path (fixture->sidecar);
  g_autofree char *after = NULL;
  GlossWindow *window;
  gsize start, end;

  g_file_set_contents (path, broken, -1, NULL);

  window = open_window (fixture->article);
  g_assert_false (gloss_annotation_store_get_writable (gloss_window_get_store (window)));
  g_assert_nonnull (gloss_window_get_problem (window));

  /* Annotating is off: a selection cannot become a highlight. */
  gloss_test_select (window, "Tags help later", &start, &end);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.highlight", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gloss_window_get_store (window))), ==, 0);
  gloss_test_close_window (window);

  g_file_get_contents (path, &after, NULL, NULL);
  g_assert_cmpstr (after, ==, broken);
}

static void
test_orphan_reattach (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *sidecar =
    "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": [{"
    "\"id\": \"urn:uuid:7d0f4a52-6c43-4b8e-9c3a-1f0e2d3c4b5a\", \"type\": \"Annotation\","
    "\"target\": {\"selector\": [{\"type\": \"TextQuoteSelector\","
    "\"exact\": \"A sentence the author cut from the article long ago.\"}]}}]}}";
  g_autofree char *path = g_file_get_path (fixture->sidecar);
  GlossWindow *window;
  GlossAnnotationStore *store;
  GlossSidebar *sidebar;
  GlossAnnotation *orphan;
  GtkWidget *expander;
  g_autoptr(JsonObject) collection = NULL;
  g_autofree char *history = NULL;
  JsonObject *item;
  gsize start, end;

  g_file_set_contents (path, sidecar, -1, NULL);

  window = open_window (fixture->article);
  store = gloss_window_get_store (window);
  sidebar = gloss_window_get_sidebar (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  orphan = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_object_unref (orphan); /* the store keeps it */
  g_assert_cmpint (gloss_annotation_get_status (orphan), ==, GLOSS_ANCHOR_ORPHANED);

  /* Listed in its own section, not in the list of highlights. */
  g_assert_cmpuint (gloss_sidebar_get_n_shown (sidebar), ==, 0);
  expander = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (sidebar), GLOSS_TYPE_SIDEBAR,
                                                       "orphan_expander"));
  g_assert_true (gtk_widget_get_visible (expander));

  /* Select where it is now, pick the orphan, re-attach. */
  gloss_test_select (window, "Tags help later", &start, &end);
  gloss_sidebar_select (sidebar, gloss_annotation_get_id (orphan));
  g_assert_true (gloss_sidebar_get_selected (sidebar) == orphan);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sidebar), "sidebar.reattach", NULL));
  g_assert_cmpint (gloss_annotation_get_status (orphan), ==, GLOSS_ANCHOR_EXACT);
  g_assert_cmpuint (gloss_annotation_get_start (orphan), ==, start);
  g_assert_cmpstr (gloss_annotation_get_quote (orphan), ==, "Tags help later");
  g_assert_cmpuint (gloss_sidebar_get_n_shown (sidebar), ==, 1);
  g_assert_false (gtk_widget_get_visible (expander));

  gloss_test_wait_painted (window, 1, WAIT_SECONDS);
  wait_saved (store);

  /* On disk: the new place, and the old quote in its history. */
  collection = read_json_file (fixture->sidecar);
  item = json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (collection, "first"),
                                                                       "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (find_selector (json_object_get_object_member (item, "target"),
                                                                 "TextQuoteSelector"), "exact"),
                   ==, "Tags help later");
  g_assert_true (json_object_has_member (item, "gloss:history"));
  history = json_to_string (json_object_get_member (item, "gloss:history"), FALSE);
  g_assert_nonnull (strstr (history, "A sentence the author cut from the article long ago."));

  gloss_test_close_window (window);
}

static void
test_missing_article (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/gloss/article.html");
  gboolean ok = TRUE;
  GlossWindow *window = gloss_test_open_window (file, WAIT_SECONDS, &ok);

  g_assert_false (ok);
  g_assert_nonnull (gloss_window_get_problem (window));
  g_assert_nonnull (strstr (gloss_window_get_problem (window), "article.html"));
  /* No sidebar to show beside the message: toggling it does nothing. */
  {
    gboolean before, after;

    g_object_get (window, "sidebar-visible", &before, NULL);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL);
    g_object_get (window, "sidebar-visible", &after, NULL);
    g_assert_cmpint (before, ==, after);
  }
  gloss_test_close_window (window);
}

/* A long list: the sidebar shows a screenful at once, then the rest within
 * a few seconds (a few rows a frame, then all at once), and every one can
 * be selected. */
static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* @keyval as the key controllers @widget has for the capture phase see it
 * (GTK 4.8 has no way to make a key event). */
static void
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint n_pressed = 0;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;
      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
      n_pressed++;
    }
  g_assert_cmpuint (n_pressed, >, 0);
}

static void
test_long_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("gloss-window-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GString) html = g_string_new ("<!DOCTYPE html><html><head><title>Long</title></head><body>");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossAnnotationStore) store = NULL;
  GlossAnnotation *last = NULL;
  GlossWindow *window;
  GlossSidebar *sidebar;
  GtkWidget *list_view;
  GtkAdjustment *adjustment;
  gint64 deadline;
  guint waker;
  const guint n = 2000;

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (html, "<p>Paragraph %u, with a passage to mark.</p>", i);
  g_string_append (html, "</body></html>");
  path = g_build_filename (folder, "long.html", NULL);
  g_file_set_contents (path, html->str, -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);

  /* Two thousand highlights, one a paragraph. */
  document = gloss_document_new_for_file (file, NULL, &error);
  g_assert_no_error (error);
  store = gloss_annotation_store_new (document);
  g_assert_true (gloss_annotation_store_load (store, NULL, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *paragraph = g_strdup_printf ("Paragraph %u,", i);
      GlossText *text = gloss_document_get_text (document);
      const char *utf8 = gloss_text_get_utf8 (text, NULL);
      const char *at = strstr (utf8, paragraph);
      gsize start;

      g_assert_nonnull (at);
      start = gloss_text_char_offset (text, at - utf8);
      last = gloss_annotation_store_add_range (store, start, start + 9, "green", &error);
      g_assert_no_error (error);
    }
  g_assert_true (gloss_annotation_store_save_sync (store, NULL, &error));

  window = open_window (file);
  sidebar = gloss_window_get_sidebar (window);
  g_assert_cmpuint (gloss_sidebar_get_n_shown (sidebar), ==, n);
  g_test_message ("listed at once: %u", gloss_sidebar_get_n_listed (sidebar));
  g_assert_cmpuint (gloss_sidebar_get_n_listed (sidebar), <, n);

  /* Each frame lists more: no sleeping, the frames wake the loop (and a
   * timer, should they stop, so that the deadline is seen). */
  waker = g_timeout_add (100, keep_waking, NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (gloss_sidebar_get_n_listed (sidebar) < n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (gloss_sidebar_get_n_listed (sidebar), ==, n);

  /* The last one, far below the first screenful. */
  gloss_sidebar_select (sidebar, gloss_annotation_get_id (last));
  g_assert_nonnull (gloss_sidebar_get_selected (sidebar));
  g_assert_cmpstr (gloss_annotation_get_id (gloss_sidebar_get_selected (sidebar)), ==,
                   gloss_annotation_get_id (last));

  /* And the list scrolls down to it, in the frames that follow. */
  list_view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (sidebar), GLOSS_TYPE_SIDEBAR, "list_view"));
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) <
         gtk_adjustment_get_upper (adjustment) - 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment),
                     >=, gtk_adjustment_get_upper (adjustment) - 1);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  g_source_remove (waker);

  /* Listed anew, End while it lists goes to the real last row: all are
   * listed at once. */
  gloss_sidebar_set_store (sidebar, NULL);
  gloss_sidebar_set_store (sidebar, gloss_window_get_store (window));
  g_assert_cmpuint (gloss_sidebar_get_n_listed (sidebar), <, n);
  press_key (list_view, GDK_KEY_End);
  g_assert_cmpuint (gloss_sidebar_get_n_listed (sidebar), ==, n);

  gloss_test_close_window (window);
  gloss_test_remove_tree (folder);
}

typedef struct
{
  guint n;
  guint position, removed, added;
} Change;

static void
record_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               Change     *change)
{
  change->n++;
  change->position = position;
  change->removed = removed;
  change->added = added;
}

/* What the list view is shown is always the first items of the list, the
 * same objects. */
static void
assert_first_items (GListModel *shown,
                    GListModel *all)
{
  g_assert_cmpuint (g_list_model_get_n_items (shown), <=, g_list_model_get_n_items (all));
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(GObject) a = g_list_model_get_item (shown, i);
      g_autoptr(GObject) b = g_list_model_get_item (all, i);

      g_assert_true (a == b);
    }
  g_assert_null (g_list_model_get_item (shown, g_list_model_get_n_items (shown)));
}

static void
assert_change (Change *change,
               guint   position,
               guint   removed,
               guint   added)
{
  g_assert_cmpuint (change->n, ==, 1);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
  change->n = 0;
}

static GListStore *
store_of_objects (guint n)
{
  GListStore *store = g_list_store_new (G_TYPE_OBJECT);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);

      g_list_store_append (store, item);
    }

  return store;
}

/* The list view is told exactly what changed, all the list shown yet or
 * not: GTK 4.8's GtkSliceListModel said that everything after a new
 * highlight changed, and the view bound every row after it anew. */
static void
test_list_reveal_changes (void)
{
  g_autoptr(GListStore) store = store_of_objects (100);
  g_autoptr(GtkWidget) widget = g_object_ref_sink (gtk_label_new (""));
  g_autoptr(GlossListReveal) reveal = NULL;
  g_autoptr(GObject) added = g_object_new (G_TYPE_OBJECT, NULL);
  GListModel *shown;
  Change change = { 0 };

  reveal = gloss_list_reveal_new (g_object_ref (G_LIST_MODEL (store)), widget);
  shown = gloss_list_reveal_get_model (reveal);
  gloss_list_reveal_start (reveal);
  g_signal_connect (shown, "items-changed", G_CALLBACK (record_change), &change);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 16);

  /* Among the items shown so far: shown too, the others stay. */
  g_list_store_insert (store, 5, added);
  assert_change (&change, 5, 0, 1);
  g_assert_cmpuint (gloss_list_reveal_get_n_shown (reveal), ==, 17);
  assert_first_items (shown, G_LIST_MODEL (store));
  g_list_store_remove (store, 5);
  assert_change (&change, 5, 1, 0);
  assert_first_items (shown, G_LIST_MODEL (store));

  /* After them: nothing to say. */
  g_list_store_insert (store, 50, added);
  g_assert_cmpuint (change.n, ==, 0);
  g_assert_cmpuint (gloss_list_reveal_get_n_shown (reveal), ==, 16);

  /* Across their end: only the shown ones go. */
  g_list_store_splice (store, 14, 4, NULL, 0);
  assert_change (&change, 14, 2, 0);
  assert_first_items (shown, G_LIST_MODEL (store));

  /* All of it, then the changes as they are. */
  gloss_list_reveal_all (reveal);
  assert_change (&change, 14, 0, 97 - 14);
  g_list_store_insert (store, 60, added);
  assert_change (&change, 60, 0, 1);
  g_list_store_remove (store, 0);
  assert_change (&change, 0, 1, 0);
  g_list_store_splice (store, 90, 6, NULL, 0);
  assert_change (&change, 90, 6, 0);
  assert_first_items (shown, G_LIST_MODEL (store));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 91);

  /* None, until started again. */
  gloss_list_reveal_hide (reveal);
  assert_change (&change, 0, 91, 0);
  g_list_store_insert (store, 0, added);
  g_assert_cmpuint (change.n, ==, 0);
}

/* One row short of all of them, the reveal's next step goes past the end
 * of the list: an item added at the end then is not taken in unsaid. */
static void
test_list_reveal_end (void)
{
  g_autoptr(GListStore) store = store_of_objects (17);
  g_autoptr(GtkWidget) widget = g_object_ref_sink (gtk_label_new (""));
  g_autoptr(GlossListReveal) reveal = NULL;
  g_autoptr(GObject) added = g_object_new (G_TYPE_OBJECT, NULL);
  GListModel *shown;
  GdkFrameClock *clock;
  Change change = { 0 };
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  reveal = gloss_list_reveal_new (g_object_ref (G_LIST_MODEL (store)), widget);
  shown = gloss_list_reveal_get_model (reveal);
  gloss_list_reveal_start (reveal);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 16);
  g_signal_connect (shown, "items-changed", G_CALLBACK (record_change), &change);

  /* One frame: 16 + 2 asked for, 17 there. */
  clock = gtk_widget_get_frame_clock (widget);
  while (change.n == 0)
    {
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_UPDATE);
      g_main_context_iteration (NULL, TRUE);
    }
  assert_change (&change, 16, 0, 1);

  /* Not shown yet, so not said: the list view still holds 17. */
  g_list_store_append (store, added);
  g_assert_cmpuint (change.n, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 17);

  gloss_list_reveal_all (reveal);
  assert_change (&change, 17, 0, 1);
  assert_first_items (shown, G_LIST_MODEL (store));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A selection's white space is left out of the highlight (a double click
 * on a space selects it; test-text checks that a selection of white space
 * only is none). */
static void
test_highlight_trims_spaces (Fixture       *fixture,
                             gconstpointer  data)
{
  GlossWindow *window = open_window (fixture->article);
  GlossAnnotationStore *store = gloss_window_get_store (window);
  GlossAnnotation *annotation;
  gsize start, end;

  gloss_test_select (window, " is a promise ", &start, &end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.highlight", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  annotation = gloss_sidebar_get_selected (gloss_window_get_sidebar (window));
  g_assert_cmpstr (gloss_annotation_get_quote (annotation), ==, "is a promise");
  g_assert_cmpuint (gloss_annotation_get_start (annotation), ==, start + 1);
  g_assert_cmpuint (gloss_annotation_get_end (annotation), ==, end - 1);

  wait_saved (store);
  gloss_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = gloss_test_isolate_home ();
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add ("/window/highlight-tag-reopen", Fixture, "field-notes.html",
              fixture_setup, test_highlight_tag_reopen, fixture_teardown);
  g_test_add ("/window/highlight-trims-spaces", Fixture, "field-notes.html",
              fixture_setup, test_highlight_trims_spaces, fixture_teardown);
  g_test_add ("/window/no-empty-state-while-reading", Fixture, "field-notes.html",
              fixture_setup, test_no_empty_state_while_reading, fixture_teardown);
  g_test_add ("/window/broken-sidecar-is-kept", Fixture, "field-notes.html",
              fixture_setup, test_broken_sidecar_is_kept, fixture_teardown);
  g_test_add ("/window/orphan-reattach", Fixture, "field-notes.html",
              fixture_setup, test_orphan_reattach, fixture_teardown);
  g_test_add_func ("/window/missing-article", test_missing_article);
  g_test_add_func ("/window/long-list", test_long_list);
  g_test_add_func ("/window/list-reveal-changes", test_list_reveal_changes);
  g_test_add_func ("/window/list-reveal-end", test_list_reveal_end);

  status = g_test_run ();
  gloss_test_remove_tree (home);

  return status;
}
