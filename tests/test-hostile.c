/* test-hostile.c: articles that try to run code, phone home or read files
 *
 * Each test opens a hostile article from tests/fixtures/hostile/ in the real
 * window, with the local server of gloss-test-catcher.c substituted for
 * @SERVER@ and set as the article views' proxy, so every request that got
 * past the content filters, for any host, is counted.  The article must
 * show its text, run none of its scripts or handlers (each of them would
 * append to document.title), send the server nothing, read no file outside
 * its folder (inotify sees every open), and its text must stay selectable
 * and highlightable with the right offsets.
 *
 * So that the tests can fail, the same fixtures are then shown in a plain
 * WebKitWebView, scripts on and no filters, through the same server: it
 * must ask for the resources and run the scripts the fixtures hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "gloss-test-catcher.h"
#include "gloss-test-home.h"
#include "gloss-test-ui.h"

#define WAIT_SECONDS 30

/* ------------------------------------------------------------------------
 * Fixtures, copied with the server's URL and the folder's place filled in
 * ------------------------------------------------------------------------ */

static void
copy_substituted (GFile      *from,
                  GFile      *to,
                  const char *server,
                  const char *root)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  GFileInfo *info;

  g_file_make_directory_with_parents (to, NULL, NULL);
  children = g_file_enumerate_children (from, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);

  while ((info = g_file_enumerator_next_file (children, NULL, &error)) != NULL)
    {
      G_GNUC_UNUSED g_autoptr(GFileInfo) owned = info;  /* freed with the loop's turn */
      g_autoptr(GFile) source = g_file_get_child (from, g_file_info_get_name (info));
      g_autoptr(GFile) target = g_file_get_child (to, g_file_info_get_name (info));
      g_autofree char *contents = NULL;
      g_autofree char *root_uri = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GString) text = NULL;

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          copy_substituted (source, target, server, root);
          continue;
        }

      g_file_load_contents (source, NULL, &contents, NULL, NULL, &error);
      g_assert_no_error (error);

      text = g_string_new (contents);
      g_string_replace (text, "@SERVER@", server, 0);
      if (root != NULL)
        {
          root_uri = g_filename_to_uri (root, NULL, &error);
          g_assert_no_error (error);
          g_string_replace (text, "@ROOT@", root_uri, 0);
          g_string_replace (text, "@ROOT_PATH@", root, 0);
        }

      path = g_file_get_path (target);
      g_file_set_contents (path, text->str, text->len, &error);
      g_assert_no_error (error);
    }
  g_assert_no_error (error);
}

/* Copies tests/fixtures/hostile/ into @folder. */
static void
copy_fixtures (const char *folder,
               const char *server,
               const char *root)
{
  g_autofree char *source_path = g_test_build_filename (G_TEST_DIST, "fixtures", "hostile", NULL);
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autoptr(GFile) target = g_file_new_for_path (folder);

  copy_substituted (source, target, server, root);
}

typedef struct
{
  GlossTestCatcher *catcher;
  char             *root;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->root = g_dir_make_tmp ("gloss-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->catcher = gloss_test_catcher_new ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->catcher, gloss_test_catcher_free);
  gloss_test_remove_tree (fixture->root);
  g_free (fixture->root);
  gloss_test_drain ();
}

/* The server's URL for one run: requests of the Gloss run and of the
 * control run are told apart by their first path segment. */
static char *
server_for (Fixture    *fixture,
            const char *run)
{
  return g_strconcat (gloss_test_catcher_get_uri (fixture->catcher), run, "/", NULL);
}

static GFile *
fixture_file (const char *folder,
              const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);

  return g_file_new_for_path (path);
}

/* ------------------------------------------------------------------------
 * Looking at the page
 * ------------------------------------------------------------------------ */

static void
on_load_changed (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 gboolean        *finished)
{
  if (event == WEBKIT_LOAD_FINISHED)
    *finished = TRUE;
}

/* Waits until the page and everything it started loading are done. */
static void
wait_until_loaded (WebKitWebView *web_view)
{
  gboolean finished = !webkit_web_view_is_loading (web_view);
  gulong id = g_signal_connect (web_view, "load-changed", G_CALLBACK (on_load_changed), &finished);

  gloss_test_wait (&finished, WAIT_SECONDS, "the load to finish");
  g_signal_handler_disconnect (web_view, id);
}

/* Clicks every element of @selectors in turn (from the test's world: a
 * click made through the API counts as the user's), scrolls to the bottom
 * so lazy images would load, and lets the page settle. */
static void
poke (GlossArticleView *view,
      const char       *selectors)
{
  g_autoptr(JSCValue) done = NULL;

  done = gloss_test_run_js (view, GLOSS_TEST_WORLD,
                            "for (const element of Document.prototype.querySelectorAll.call(document, selectors))"
                            "  HTMLElement.prototype.click.call(element);"
                            "window.scrollTo(0, 1e7);"
                            "return new Promise(resolve => requestAnimationFrame("
                            "  () => requestAnimationFrame(() => resolve(true))));",
                            g_variant_new_parsed ("{'selectors': <%s>}", selectors));
  gloss_test_settle (view);
}

/* The article is shown as the core reads it: the page script's text is
 * the core's, and it holds @words. */
static void
check_text (GlossWindow *window,
            const char  *words)
{
  GlossArticleView *view = gloss_window_get_article_view (window);
  GlossText *text = gloss_document_get_text (gloss_window_get_document (window));
  g_autofree char *page_text = NULL;

  page_text = gloss_test_run_js_string (view, gloss_article_view_get_world_name (view),
                                        "return Gloss.text();");
  g_assert_cmpstr (page_text, ==, gloss_text_get_utf8 (text, NULL));
  g_assert_nonnull (strstr (page_text, words));
}

/* No script or handler of the article ran: each would have added to the
 * title. */
static void
check_nothing_ran (GlossWindow *window,
                   const char  *title)
{
  GlossArticleView *view = gloss_window_get_article_view (window);
  g_autofree char *page_title = NULL;

  page_title = gloss_test_run_js_string (view, NULL, "return document.title;");
  g_assert_cmpstr (page_title, ==, title);
}

static void
check_no_requests (Fixture *fixture)
{
  GPtrArray *requests = gloss_test_catcher_get_requests (fixture->catcher);

  for (guint i = 0; i < requests->len; i++)
    g_test_message ("request: %s", (char *) g_ptr_array_index (requests, i));
  g_assert_cmpuint (gloss_test_catcher_get_n_requests (fixture->catcher), ==, 0);
}

/* ------------------------------------------------------------------------
 * The control: a plain web view, scripts on, no filters
 * ------------------------------------------------------------------------ */

static gboolean
on_control_decide_policy (WebKitWebView            *web_view,
                          WebKitPolicyDecision     *decision,
                          WebKitPolicyDecisionType  type,
                          gpointer                  user_data)
{
  WebKitNavigationAction *action;
  const char *uri;

  if (type != WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION)
    return FALSE;

  /* Stay on the fixture: its refreshes would cut its loads short. */
  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));
  if (strstr (uri, "refresh") != NULL)
    {
      webkit_policy_decision_ignore (decision);
      return TRUE;
    }

  return FALSE;
}

/* Shows @html (or @file when @html is NULL) in a plain web view that
 * reaches the catcher, and waits until the catcher was asked for every
 * path in @expected (under @server's run). */
static void
run_control (Fixture            *fixture,
             const char         *run,
             GFile              *file,
             const char         *html,
             const char * const *expected)
{
  g_autoptr(WebKitNetworkSession) session = webkit_network_session_new_ephemeral ();
  g_autoptr(WebKitNetworkProxySettings) proxy = gloss_test_catcher_new_proxy (fixture->catcher);
  g_autoptr(WebKitSettings) settings = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  WebKitWebView *web_view;
  gboolean all = FALSE;
  gboolean timed_out = FALSE;
  guint timeout_id;

  webkit_network_session_set_proxy_settings (session, WEBKIT_NETWORK_PROXY_MODE_CUSTOM, proxy);
  settings = webkit_settings_new_with_settings ("allow-file-access-from-file-urls", TRUE,
                                                "media-playback-requires-user-gesture", FALSE,
                                                NULL);
  web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                           "network-session", session,
                           "settings", settings,
                           NULL);
  g_signal_connect (web_view, "decide-policy", G_CALLBACK (on_control_decide_policy), NULL);
  gtk_window_set_default_size (window, 900, 700);
  gtk_window_set_child (window, GTK_WIDGET (web_view));
  gtk_window_present (window);

  if (html != NULL)
    webkit_web_view_load_html (web_view, html, uri);
  else
    webkit_web_view_load_uri (web_view, uri);

  /* Until every expected request arrived (or fail). */
  timeout_id = g_timeout_add_seconds (WAIT_SECONDS, (GSourceFunc) gloss_test_set_flag, &timed_out);
  while (!all && !timed_out)
    {
      g_main_context_iteration (NULL, TRUE);
      all = TRUE;
      for (guint i = 0; expected[i] != NULL && all; i++)
        {
          g_autofree char *path = g_strconcat ("/", run, "/", expected[i], NULL);

          all = gloss_test_catcher_was_asked (fixture->catcher, path);
        }
    }
  if (!timed_out)
    g_source_remove (timeout_id);

  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat ("/", run, "/", expected[i], NULL);

      if (!gloss_test_catcher_was_asked (fixture->catcher, path))
        g_error ("The control run never asked for %s: the fixture does not test what it should", path);
    }

  gtk_window_destroy (window);
  gloss_test_drain ();
}

/* ------------------------------------------------------------------------
 * A saved page full of traps
 * ------------------------------------------------------------------------ */

static void
test_page (Fixture       *fixture,
           gconstpointer  data)
{
  static const char * const expected[] = {
    "style.css", "import.css", "image.png", "frame.html", "local-import.css",
    "evil-svg-image.png", "video.webm", "ran/head-script", "ran/local-script",
    "ran/body-onload", "ran/img-onerror", "ran/svg-script", "ran/frame-script",
    "ran/srcdoc",
    NULL
  };
  g_autofree char *gloss_server = server_for (fixture, "gloss");
  g_autofree char *control_server = server_for (fixture, "control");
  g_autofree char *gloss_folder = g_build_filename (fixture->root, "gloss", NULL);
  g_autofree char *control_folder = g_build_filename (fixture->root, "control", NULL);
  g_autoptr(GFile) article = NULL;
  g_autoptr(GFile) control = NULL;
  g_autofree char *color = NULL;
  GlossArticleView *view;
  GlossWindow *window;
  gboolean ok;

  copy_fixtures (gloss_folder, gloss_server, NULL);
  article = fixture_file (gloss_folder, "page.html");

  window = gloss_test_open_window (article, WAIT_SECONDS, &ok);
  g_assert_true (ok);
  view = gloss_window_get_article_view (window);
  wait_until_loaded (gloss_article_view_get_web_view (view));
  gloss_test_settle (view);

  check_text (window, "Nothing in this page may run, and nothing may leave the machine");
  check_text (window, "Text inside a shadowing form.");
  /* The page's own folder is read: its stylesheet applies. */
  color = gloss_test_run_js_string (view, GLOSS_TEST_WORLD,
                                    "return getComputedStyle(Document.prototype.getElementById"
                                    "  .call(document, 'target')).color;");
  g_assert_cmpstr (color, ==, "rgb(0, 128, 0)");

  poke (view, "#javascript, #ping, #submit, #download, details summary");
  check_nothing_ran (window, "A Hostile Page");

  gloss_test_highlight (window, "The passage to highlight sits at the end of a page of traps.");
  gloss_test_highlight (window, "Text inside a shadowing form.");
  gloss_test_highlight (window, "keeps them selectable");

  check_nothing_ran (window, "A Hostile Page");
  check_no_requests (fixture);
  gloss_test_close_window (window);

  /* The same page in a browser that runs it reaches out. */
  copy_fixtures (control_folder, control_server, NULL);
  control = fixture_file (control_folder, "page.html");
  run_control (fixture, "control", control, NULL, expected);

  /* Nothing of the Gloss run arrived late either. */
  g_assert_false (gloss_test_catcher_was_asked (fixture->catcher, "/gloss/"));
}

/* ------------------------------------------------------------------------
 * Markdown with raw HTML
 * ------------------------------------------------------------------------ */

static void
test_markdown (Fixture       *fixture,
               gconstpointer  data)
{
  static const char * const expected[] = {
    "md-image.png", "md-syntax-image.png", "md-frame.html", "md-import.css",
    "ran/md-script", "ran/md-svg",
    NULL
  };
  g_autofree char *gloss_server = server_for (fixture, "gloss");
  g_autofree char *control_server = server_for (fixture, "control");
  g_autofree char *gloss_folder = g_build_filename (fixture->root, "gloss", NULL);
  g_autofree char *control_folder = g_build_filename (fixture->root, "control", NULL);
  g_autoptr(GFile) article = NULL;
  g_autoptr(GFile) control = NULL;
  g_autoptr(GlossDocument) control_document = NULL;
  g_autoptr(GError) error = NULL;
  GlossArticleView *view;
  GlossWindow *window;
  gboolean ok;

  copy_fixtures (gloss_folder, gloss_server, NULL);
  article = fixture_file (gloss_folder, "raw.md");

  window = gloss_test_open_window (article, WAIT_SECONDS, &ok);
  g_assert_true (ok);
  view = gloss_window_get_article_view (window);
  wait_until_loaded (gloss_article_view_get_web_view (view));
  gloss_test_settle (view);

  check_text (window, "Markdown lets a note carry raw HTML.");
  poke (view, "a, #md-submit, summary");
  check_nothing_ran (window, "Raw HTML in Markdown");

  gloss_test_highlight (window, "The passage to highlight in the note comes after all of that.");
  gloss_test_highlight (window, "javascript: link in Markdown");

  check_nothing_ran (window, "Raw HTML in Markdown");
  check_no_requests (fixture);
  gloss_test_close_window (window);

  /* The HTML Gloss made of it, in a browser that runs it. */
  copy_fixtures (control_folder, control_server, NULL);
  control = fixture_file (control_folder, "raw.md");
  control_document = gloss_document_new_for_file (control, NULL, &error);
  g_assert_no_error (error);
  run_control (fixture, "control", control, gloss_document_get_html (control_document), expected);

  g_assert_false (gloss_test_catcher_was_asked (fixture->catcher, "/gloss/"));
}

/* ------------------------------------------------------------------------
 * Files outside the article's folder
 * ------------------------------------------------------------------------ */

/* Records every file opened in a few folders (not below them). */
typedef struct
{
  int         fd;
  GHashTable *folders;  /* watch descriptor → folder path */
} OpenWatch;

static void
open_watch_init (OpenWatch           *watch,
                 const char * const  *folders)
{
  watch->fd = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
  g_assert_cmpint (watch->fd, >=, 0);
  watch->folders = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);

  for (guint i = 0; folders[i] != NULL; i++)
    {
      int wd = inotify_add_watch (watch->fd, folders[i], IN_OPEN | IN_ACCESS);

      g_assert_cmpint (wd, >=, 0);
      g_hash_table_insert (watch->folders, GINT_TO_POINTER (wd), g_strdup (folders[i]));
    }
}

/* The paths opened since the last call, in order. */
static GPtrArray *
open_watch_read (OpenWatch *watch)
{
  GPtrArray *opened = g_ptr_array_new_with_free_func (g_free);
  char buffer[16384] __attribute__ ((aligned (__alignof__ (struct inotify_event))));
  ssize_t len;

  while ((len = read (watch->fd, buffer, sizeof buffer)) > 0)
    {
      for (char *p = buffer; p < buffer + len; )
        {
          const struct inotify_event *event = (const struct inotify_event *) p;
          const char *folder = g_hash_table_lookup (watch->folders, GINT_TO_POINTER (event->wd));

          /* Files only: Gloss itself opens the article's folder. */
          if (folder != NULL && event->len > 0 && (event->mask & IN_ISDIR) == 0)
            g_ptr_array_add (opened, g_build_filename (folder, event->name, NULL));
          p += sizeof (struct inotify_event) + event->len;
        }
    }
  g_assert_true (len < 0 && errno == EAGAIN);

  return opened;
}

static void
open_watch_clear (OpenWatch *watch)
{
  close (watch->fd);
  g_hash_table_unref (watch->folders);
}

/* A 12×12 PNG. */
static void
write_png (const char *folder,
           const char *name)
{
  guchar pixels[12 * 12 * 4];
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;

  memset (pixels, 0x80, sizeof pixels);
  bytes = g_bytes_new (pixels, sizeof pixels);
  texture = gdk_memory_texture_new (12, 12, GDK_MEMORY_B8G8R8A8, bytes, 12 * 4);
  png = gdk_texture_save_to_png_bytes (texture);

  g_mkdir_with_parents (folder, 0700);
  g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error);
  g_assert_no_error (error);
}

static void
write_text (const char *folder,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (folder, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_local_files (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *server = server_for (fixture, "gloss");
  g_autofree char *folder = g_build_filename (fixture->root, "article", NULL);
  g_autofree char *inside = g_build_filename (folder, "confined_files", NULL);
  g_autofree char *sibling = g_build_filename (fixture->root, "confined-x", NULL);
  const char *outside_folders[] = { fixture->root, sibling, NULL };
  const char *inside_folders[] = { inside, NULL };
  g_autoptr(GFile) article = NULL;
  g_autoptr(GPtrArray) opened_outside = NULL;
  g_autoptr(GPtrArray) opened_inside = NULL;
  g_autofree char *widths = NULL;
  g_autofree char *colors = NULL;
  g_autofree char *frames = NULL;
  g_autofree char *uri = NULL;
  OpenWatch outside_watch, inside_watch;
  GlossArticleView *view;
  GlossWindow *window;
  gboolean ok;

  /* The article's folder, and secrets beside it. */
  copy_fixtures (folder, server, fixture->root);
  write_png (inside, "inside.png");
  write_png (fixture->root, "secret.png");
  write_png (fixture->root, "secret-background.png");
  write_png (fixture->root, "secret-poster.png");
  write_png (fixture->root, "secret-from-frame.png");
  write_png (sibling, "secret.png");
  write_text (fixture->root, "secret.css", "#text { color: rgb(255, 0, 0) !important; }");
  write_text (fixture->root, "secret-import.css", "#text { color: rgb(255, 0, 0) !important; }");
  write_text (fixture->root, "secret.html", "<p>A secret.</p>");
  write_text (fixture->root, "secret.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
  write_text (fixture->root, "secret.webm", "not a video");

  open_watch_init (&outside_watch, outside_folders);
  open_watch_init (&inside_watch, inside_folders);

  article = fixture_file (folder, "confined.html");
  window = gloss_test_open_window (article, WAIT_SECONDS, &ok);
  g_assert_true (ok);
  view = gloss_window_get_article_view (window);
  wait_until_loaded (gloss_article_view_get_web_view (view));
  gloss_test_settle (view);
  uri = g_strdup (webkit_web_view_get_uri (gloss_article_view_get_web_view (view)));

  /* Only the image inside the folder shows; only its stylesheet applies. */
  widths = gloss_test_run_js_string (view, GLOSS_TEST_WORLD,
                                     "return [...document.images].map(i => i.id + '=' + i.naturalWidth).join(' ');");
  g_assert_cmpstr (widths, ==,
                   "inside=12 parent=0 absolute=0 rooted=0 localhost=0 upper=0 dots=0 "
                   "encoded-dots=0 encoded-slash=0 backslash=0 sibling=0 passwd-image=0");
  colors = gloss_test_run_js_string (view, GLOSS_TEST_WORLD,
                                     "const color = id => getComputedStyle(document.getElementById(id)).color;"
                                     "return color('text') + ' ' + color('target');");
  g_assert_cmpstr (colors, ==, "rgb(0, 0, 0) rgb(0, 0, 255)");

  /* The frames that point outside stay empty (a frame that had loaded a
   * file would be of another origin, its document out of reach). */
  frames = gloss_test_run_js_string (view, GLOSS_TEST_WORLD,
                                     "return ['passwd', 'outside-frame'].map(id => {"
                                     "  const doc = document.getElementById(id).contentDocument;"
                                     "  return id + '=' + (doc ? JSON.stringify(doc.documentElement.textContent) : 'loaded');"
                                     "}).join(' ');");
  g_assert_cmpstr (frames, ==, "passwd=\"\" outside-frame=\"\"");

  poke (view, "#link");
  g_assert_cmpstr (webkit_web_view_get_uri (gloss_article_view_get_web_view (view)), ==, uri);

  gloss_test_highlight (window, "Only the article's own folder may be read.");
  gloss_test_close_window (window);

  /* Nothing outside was opened, while the folder's own files were. */
  opened_outside = open_watch_read (&outside_watch);
  opened_inside = open_watch_read (&inside_watch);
  for (guint i = 0; i < opened_outside->len; i++)
    g_test_message ("opened outside: %s", (char *) g_ptr_array_index (opened_outside, i));
  g_assert_cmpuint (opened_outside->len, ==, 0);
  for (guint i = 0; i < opened_inside->len; i++)
    g_test_message ("opened inside: %s", (char *) g_ptr_array_index (opened_inside, i));
  g_assert_cmpuint (opened_inside->len, >, 0);

  check_no_requests (fixture);
  open_watch_clear (&outside_watch);
  open_watch_clear (&inside_watch);
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

  ADD ("/hostile/page", test_page);
  ADD ("/hostile/markdown", test_markdown);
  ADD ("/hostile/local-files", test_local_files);

#undef ADD

  status = g_test_run ();
  gloss_test_remove_tree (home);

  return status;
}
