/* gloss-application.c
 *
 * One instance opens every article, each in its own window; an article
 * already open is presented instead of opened twice.  With no article, the
 * bundled welcome article opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-app"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "gloss-application.h"
#include "gloss-article-view.h"
#include "gloss-content-filters.h"
#include "gloss-timing.h"
#include "gloss-window.h"

struct _GlossApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (GlossApplication, gloss_application, ADW_TYPE_APPLICATION)

#define SAMPLE_RESOURCE "/app/gloss/Gloss/sample/"

static const char * const sample_files[] = {
  "welcome.html",
  "welcome_files/margins.svg",
};

/* The welcome article is copied out of the binary into the user's data
 * folder once, so that its annotations have a folder to live in. */
static GFile *
ensure_sample (GError **error)
{
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "gloss", "welcome", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sample_files); i++)
    {
      g_autofree char *path = g_build_filename (folder, sample_files[i], NULL);
      g_autofree char *resource = g_strconcat (SAMPLE_RESOURCE, sample_files[i], NULL);
      g_autofree char *dir = g_path_get_dirname (path);
      g_autoptr(GBytes) bytes = NULL;

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return NULL;

      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
          return NULL;
        }

      if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
        return NULL;
    }

  return g_file_new_build_filename (folder, sample_files[0], NULL);
}

static GlossWindow *
find_window (GlossApplication *self,
             GFile            *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      GFile *shown;

      if (!GLOSS_IS_WINDOW (l->data))
        continue;

      shown = gloss_window_get_file (l->data);
      if (shown && g_file_equal (shown, file))
        return l->data;
    }

  return NULL;
}

/* Articles that opened go to GNOME's recent files. */
static void
on_article_loaded (GlossWindow *window,
                   gboolean     ok,
                   gpointer     user_data)
{
  g_autofree char *uri = NULL;

  if (!ok || gloss_window_get_file (window) == NULL)
    return;

  uri = g_file_get_uri (gloss_window_get_file (window));
  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

static void
open_file (GlossApplication *self,
           GFile            *file)
{
  GlossWindow *window = find_window (self, file);

  if (window == NULL)
    {
      gloss_timing_mark ("open");
      /* WebKit reads the page's filters from disk while the window is
       * built: nothing loads before they are in place. */
      gloss_content_filters_prefetch (file);
      window = gloss_window_new (GTK_APPLICATION (self));
      gloss_timing_mark ("window built");
      g_signal_connect (window, "article-loaded", G_CALLBACK (on_article_loaded), NULL);
      if (gloss_timing_enabled ())
        gloss_timing_watch (window);
      gloss_window_open (window, file);
    }

  gtk_window_present (GTK_WINDOW (window));
  gloss_timing_mark ("presented");
}

static void
gloss_application_open (GApplication  *application,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  GlossApplication *self = GLOSS_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    open_file (self, files[i]);
}

static void
gloss_application_activate (GApplication *application)
{
  GlossApplication *self = GLOSS_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GFile) sample = NULL;
  g_autoptr(GError) error = NULL;

  if (window)
    {
      gtk_window_present (window);
      return;
    }

  sample = ensure_sample (&error);
  if (sample == NULL)
    {
      g_warning ("Could not set up the welcome article: %s", error->message);
      gtk_window_present (GTK_WINDOW (gloss_window_new (GTK_APPLICATION (self))));
      return;
    }

  open_file (self, sample);
}

/* app.open */

static void
open_response (GtkNativeDialog  *dialog,
               int               response,
               GlossApplication *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          open_file (self, file);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GlossApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) articles = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Open an Article"), parent,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);

  gtk_file_filter_set_name (articles, _("Articles"));
  gtk_file_filter_add_mime_type (articles, "text/html");
  gtk_file_filter_add_mime_type (articles, "application/xhtml+xml");
  gtk_file_filter_add_mime_type (articles, "text/markdown");
  gtk_file_filter_add_mime_type (articles, "text/plain");
  gtk_file_filter_add_suffix (articles, "md");
  gtk_file_filter_add_suffix (articles, "markdown");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), articles);

  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);

  g_signal_connect (dialog, "response", G_CALLBACK (open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GlossApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing each window saves what it has not saved yet. */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GlossApplication *self = user_data;
  static const char *developers[] = { "The Gloss developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Gloss"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Gloss developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Read articles kept as files and annotate them. "
                                       "Annotations are saved beside each article as W3C Web "
                                       "Annotations."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         "copyright", "© 2026 The Gloss developers",
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "open", open_action },
  { "quit", quit_action },
  { "about", about_action },
};

static void
gloss_application_startup (GApplication *application)
{
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };

  gloss_timing_mark ("startup");
  gloss_content_filters_prefetch (NULL);
  gloss_article_view_start_network_process ();
  /* The first window's web process starts while libadwaita does and the
   * window is built (GtkApplication's startup calls gtk_init() again, which
   * then does nothing). */
  gtk_init ();
  gloss_article_view_start_web_process ();
  G_APPLICATION_CLASS (gloss_application_parent_class)->startup (application);
  gloss_timing_mark ("GTK and libadwaita started");

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.show-help-overlay",
                                         help_accels);
}

static void
gloss_application_class_init (GlossApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = gloss_application_activate;
  app_class->open = gloss_application_open;
  app_class->startup = gloss_application_startup;
}

static void
gloss_application_init (GlossApplication *self)
{
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[ARTICLE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Read articles (HTML, Markdown, plain text) and annotate them."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("Commands for scripts (no display needed):\n"
                                                  "  gloss export [--format json|markdown|csv] [--output FILE] ARTICLE\n"
                                                  "  gloss list [--json] [--tag TAG] ARTICLE…\n"
                                                  "  gloss add ARTICLE (--quote TEXT [--occurrence N] | --start S --end E)\n"
                                                  "            [--color COLOR] [--tag TAG]… [--note TEXT]\n"
                                                  "  gloss text ARTICLE\n"
                                                  "\n"
                                                  "“gloss COMMAND --help” tells more."));
}

GlossApplication *
gloss_application_new (void)
{
  return g_object_new (GLOSS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/app/gloss/Gloss",
                       NULL);
}
