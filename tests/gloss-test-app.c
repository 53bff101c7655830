/* gloss-test-app.c: the real GlossApplication in a UI test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gloss-test-app.h"

#define WAIT_SECONDS 30

static GlossApplication *app;

GlossApplication *
gloss_test_app_start (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (app);
  app = gloss_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));

  return app;
}

void
gloss_test_app_stop (void)
{
  gloss_test_app_close_all ();
  g_clear_object (&app);
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
gloss_test_app_wait_until (GlossTestAppCondition  condition,
                           gpointer               data,
                           const char            *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, on_timeout, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

GPtrArray *
gloss_test_app_windows (void)
{
  GPtrArray *windows = g_ptr_array_new ();

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (GLOSS_IS_WINDOW (l->data))
      g_ptr_array_add (windows, l->data);

  return windows;
}

GlossWindow *
gloss_test_app_window_for_path (const char *path)
{
  g_autoptr(GPtrArray) windows = gloss_test_app_windows ();
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (guint i = 0; i < windows->len; i++)
    {
      GFile *shown = gloss_window_get_file (windows->pdata[i]);

      if (shown && g_file_equal (shown, file))
        return windows->pdata[i];
    }

  return NULL;
}

static void
on_finalized (gpointer  data,
              GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

void
gloss_test_app_close_window (GtkWindow *window)
{
  gboolean destroyed = FALSE;

  g_object_weak_ref (G_OBJECT (window), on_finalized, &destroyed);
  gtk_window_close (window);
  gloss_test_app_wait_until (flag_is_set, &destroyed, "a window to close");
}

void
gloss_test_app_close_all (void)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))))
    gloss_test_app_close_window (windows->data);
}

typedef struct
{
  guint loaded;
  guint ok;
  guint expected;
} Loads;

static void
on_article_loaded (GlossWindow *window,
                   gboolean     ok,
                   Loads       *loads)
{
  loads->loaded++;
  if (ok)
    loads->ok++;
}

static void
on_window_added (GtkApplication *application,
                 GtkWindow      *window,
                 Loads          *loads)
{
  if (GLOSS_IS_WINDOW (window))
    g_signal_connect (window, "article-loaded", G_CALLBACK (on_article_loaded), loads);
}

static gboolean
all_loaded (gpointer data)
{
  Loads *loads = data;

  return loads->loaded >= loads->expected;
}

guint
gloss_test_app_open (const char * const *paths,
                     guint               expected_new_windows)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  Loads loads = { 0, 0, expected_new_windows };
  gulong handler;

  for (guint i = 0; paths[i]; i++)
    {
      g_autofree char *uri = g_filename_to_uri (paths[i], NULL, NULL);

      g_assert_nonnull (uri);
      g_ptr_array_add (files, g_file_new_for_uri (uri));
    }

  handler = g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), &loads);
  g_application_open (G_APPLICATION (app), (GFile **) files->pdata, files->len, "");
  gloss_test_app_wait_until (all_loaded, &loads, "the articles to load");
  g_signal_handler_disconnect (app, handler);
  g_assert_cmpuint (loads.loaded, ==, expected_new_windows);

  /* A window that loads later would have its handler on freed memory. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    g_signal_handlers_disconnect_by_func (l->data, on_article_loaded, &loads);

  return loads.ok;
}
