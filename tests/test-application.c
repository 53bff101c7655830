/* test-application.c: Gloss as the desktop drives it
 *
 * The real GlossApplication, registered on the test's session bus, is
 * asked to open files as the file manager asks it (GApplication "open" with
 * file:// URIs): several at once, names with spaces and non-ASCII
 * characters, an article already open, a folder and a missing file.  Then
 * what it keeps for the desktop: recent files (GtkRecentManager), and
 * settings the next window starts with (window size, sidebar, zoom, the
 * last highlight colour).  test-conventions.c has the rest of what GNOME
 * expects of an application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "gloss-test-app.h"
#include "gloss-test-home.h"
#include "gloss-test-ui.h"

static GlossApplication *app;
static char *articles;        /* "My Articles/Été 2026" in a temporary folder */
static char *markdown_path;   /* "Notes on Reading.md", titled "Slow Reading" */
static char *html_path;       /* "Café — 日本語.html", titled "Über das Lesen" */

static void
test_open_several (void)
{
  const char *paths[] = { markdown_path, html_path, NULL };
  g_autoptr(GPtrArray) windows = NULL;
  GlossWindow *markdown, *html;
  g_autofree char *shown = NULL;

  gloss_test_app_close_all ();

  g_assert_cmpuint (gloss_test_app_open (paths, 2), ==, 2);

  windows = gloss_test_app_windows ();
  g_assert_cmpuint (windows->len, ==, 2);

  markdown = gloss_test_app_window_for_path (markdown_path);
  html = gloss_test_app_window_for_path (html_path);
  g_assert_nonnull (markdown);
  g_assert_nonnull (html);
  g_assert_true (markdown != html);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (markdown)), ==, "Slow Reading");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (html)), ==, "Über das Lesen");
  g_assert_null (gloss_window_get_problem (markdown));
  g_assert_null (gloss_window_get_problem (html));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (markdown)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (html)));

  /* The file shown is the very file, spaces and accents and all. */
  shown = g_file_get_path (gloss_window_get_file (html));
  g_assert_cmpstr (shown, ==, html_path);
}

static gboolean
window_is_active (gpointer data)
{
  return gtk_window_is_active (data);
}

static void
test_open_already_open (void)
{
  const char *both[] = { markdown_path, html_path, NULL };
  const char *again[] = { markdown_path, NULL };
  g_autoptr(GPtrArray) windows = NULL;
  GlossWindow *markdown, *html;
  g_autofree char *markdown_uri = NULL;

  gloss_test_app_close_all ();
  gloss_test_app_open (both, 2);
  markdown = gloss_test_app_window_for_path (markdown_path);
  html = gloss_test_app_window_for_path (html_path);

  /* The other window comes to the front first... */
  gtk_window_present (GTK_WINDOW (html));
  gloss_test_app_wait_until (window_is_active, html, "the HTML window to be active");
  g_assert_false (gtk_window_is_active (GTK_WINDOW (markdown)));

  /* ...then the markdown article is opened again: no second copy, its
   * window is presented. */
  gloss_test_app_open (again, 0);
  gloss_test_app_wait_until (window_is_active, markdown, "the Markdown window to come to the front");

  windows = gloss_test_app_windows ();
  g_assert_cmpuint (windows->len, ==, 2);
  g_assert_true (gloss_test_app_window_for_path (markdown_path) == markdown);

  /* The same file through another spelling of its URI is the same file. */
  markdown_uri = g_strdup_printf ("file://%s", markdown_path);
  {
    g_autoptr(GFile) file = g_file_new_for_uri (markdown_uri);
    g_autoptr(GPtrArray) after = NULL;

    g_application_open (G_APPLICATION (app), &file, 1, "");
    after = gloss_test_app_windows ();
    g_assert_cmpuint (after->len, ==, 2);
  }
}

static void
test_open_folder (void)
{
  const char *paths[] = { articles, NULL };
  GlossWindow *window;
  const char *problem;

  gloss_test_app_close_all ();
  g_assert_cmpuint (gloss_test_app_open (paths, 1), ==, 0);

  window = gloss_test_app_window_for_path (articles);
  g_assert_nonnull (window);
  problem = gloss_window_get_problem (window);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "“Été 2026” is a folder, not an article"));
  g_assert_nonnull (strstr (problem, "Choose a file inside it"));
}

static void
test_open_missing (void)
{
  g_autofree char *missing = g_build_filename (articles, "Gone Away — été.md", NULL);
  const char *paths[] = { missing, markdown_path, NULL };
  GlossWindow *window;
  const char *problem;

  gloss_test_app_close_all ();

  /* A missing file among good ones: the good one opens all the same. */
  g_assert_cmpuint (gloss_test_app_open (paths, 2), ==, 1);

  window = gloss_test_app_window_for_path (missing);
  g_assert_nonnull (window);
  problem = gloss_window_get_problem (window);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "“Gone Away — été.md” does not exist"));
  g_assert_null (gloss_window_get_problem (gloss_test_app_window_for_path (markdown_path)));
}

/* Recent files: what GNOME's recent list shows is GtkRecentManager's file. */

typedef struct
{
  const char * const *uris;
} RecentWait;

static gboolean
recent_file_has (gpointer data)
{
  RecentWait *wait = data;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "recently-used.xbel", NULL);
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;

  for (guint i = 0; wait->uris[i]; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (wait->uris[i], -1);

      if (!strstr (contents, escaped))
        return FALSE;
    }

  return TRUE;
}

static void
test_recent_files (void)
{
  const char *paths[] = { markdown_path, html_path, NULL };
  g_autofree char *markdown_uri = g_filename_to_uri (markdown_path, NULL, NULL);
  g_autofree char *html_uri = g_filename_to_uri (html_path, NULL, NULL);
  g_autofree char *folder_uri = g_filename_to_uri (articles, NULL, NULL);
  const char *uris[] = { markdown_uri, html_uri, NULL };
  RecentWait wait = { uris };
  GtkRecentManager *recent = gtk_recent_manager_get_default ();
  g_autoptr(GtkRecentInfo) info = NULL;

  gloss_test_app_close_all ();
  gloss_test_app_open (paths, 2);

  /* GtkRecentManager writes its file a moment after an item is added. */
  gloss_test_app_wait_until (recent_file_has, &wait, "the recent files");

  info = gtk_recent_manager_lookup_item (recent, html_uri, NULL);
  g_assert_nonnull (info);
  g_assert_cmpstr (gtk_recent_info_get_mime_type (info), ==, "text/html");
  g_assert_true (gtk_recent_info_has_application (info, g_get_application_name ()));

  /* Only articles that opened. */
  g_assert_false (gtk_recent_manager_has_item (recent, folder_uri));
}

/* Settings: what the window remembers for the next one. */

static gboolean
widget_has_width (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

static void
test_settings_remembered (void)
{
  const char *paths[] = { markdown_path, NULL };
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *color = NULL;
  GlossAnnotation *annotation;
  GlossWindow *window;
  int width, height, sidebar_width;
  gsize start, end;

  gloss_test_app_close_all ();
  g_settings_reset (settings, "zoom");
  g_settings_reset (settings, "sidebar-visible");

  gloss_test_app_open (paths, 1);
  window = gloss_test_app_window_for_path (markdown_path);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"),
                                  gloss_article_view_get_zoom (gloss_window_get_article_view (window)),
                                  1e-9);
  g_assert_cmpfloat (g_settings_get_double (settings, "zoom"), >, 1.05);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 650);
  gloss_test_app_wait_until (widget_has_width, gloss_window_get_sidebar (window), "the sidebar's layout");
  sidebar_width = gtk_widget_get_width (GTK_WIDGET (gloss_window_get_sidebar (window)));
  gloss_test_app_close_window (GTK_WINDOW (window));

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 650);
  g_assert_cmpint (g_settings_get_int (settings, "sidebar-width"), ==, sidebar_width);

  /* The next window starts where the last one ended. */
  gloss_test_app_open (paths, 1);
  window = gloss_test_app_window_for_path (markdown_path);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 650);
  g_assert_cmpfloat_with_epsilon (gloss_article_view_get_zoom (gloss_window_get_article_view (window)),
                                  g_settings_get_double (settings, "zoom"), 1e-9);

  /* F9's action hides the sidebar, in this window and the next.  A colour
   * picked in the bubble is the one Ctrl+H uses, in the next window too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-sidebar", NULL));
  g_assert_false (g_settings_get_boolean (settings, "sidebar-visible"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gloss_window_get_sidebar (window))));
  gloss_test_select (window, "Mark what surprises you.", &start, &end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.highlight-color", "s", "green"));
  color = g_settings_get_string (settings, "highlight-color");
  g_assert_cmpstr (color, ==, "green");
  gloss_test_app_close_window (GTK_WINDOW (window));

  gloss_test_app_open (paths, 1);
  window = gloss_test_app_window_for_path (markdown_path);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gloss_window_get_sidebar (window))));
  gloss_test_select (window, "Then come back to it", &start, &end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.highlight", NULL));
  annotation = gloss_sidebar_get_selected (gloss_window_get_sidebar (window));
  g_assert_nonnull (annotation);
  g_assert_cmpuint (gloss_annotation_get_start (annotation), ==, start);
  g_assert_cmpstr (gloss_annotation_get_color (annotation), ==, "green");

  g_settings_reset (settings, "highlight-color");
  g_settings_reset (settings, "zoom");
  g_settings_reset (settings, "sidebar-visible");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "sidebar-width");
  gloss_test_app_close_all ();
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
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

  articles = g_build_filename (home, "My Articles", "Été 2026", NULL);
  g_assert_cmpint (g_mkdir_with_parents (articles, 0700), ==, 0);
  markdown_path = g_build_filename (articles, "Notes on Reading.md", NULL);
  write_file (markdown_path,
              "# Slow Reading\n\nRead slowly, with a pen in hand. Mark what surprises you.\n\n"
              "Then come back to it a week later.\n");
  html_path = g_build_filename (articles, "Café — 日本語.html", NULL);
  write_file (html_path,
              "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\">"
              "<title>Über das Lesen</title></head><body><h1>Über das Lesen</h1>"
              "<p>Wer mit dem Stift liest, liest zweimal. 日本語の文も読めます。</p></body></html>");

  app = gloss_test_app_start ();

  g_test_add_func ("/application/open/several", test_open_several);
  g_test_add_func ("/application/open/already-open", test_open_already_open);
  g_test_add_func ("/application/open/folder", test_open_folder);
  g_test_add_func ("/application/open/missing", test_open_missing);
  g_test_add_func ("/application/recent-files", test_recent_files);
  g_test_add_func ("/application/settings-remembered", test_settings_remembered);

  status = g_test_run ();

  gloss_test_app_stop ();
  gloss_test_remove_tree (home);
  g_free (articles);
  g_free (markdown_path);
  g_free (html_path);

  return status;
}
