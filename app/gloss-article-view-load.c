/* gloss-article-view-load.c: loading an article into the article view
 *
 * Nothing loads before two compiled WebKitUserContentFilters are in place:
 * one that blocks every scheme but file, data, blob and about, and one per
 * article folder that blocks file:// URLs outside the article's folder.
 * Each load starts a new page: the calls into the old one are cancelled
 * and the view is not ready until the new page script says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-view"

#include "config.h"

#include "gloss-article-view-private.h"
#include "gloss-content-filters.h"

/* ------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------ */

static void
reset_page (GlossArticleView *self)
{
  g_cancellable_cancel (self->page_cancellable);
  g_clear_object (&self->page_cancellable);
  self->page_cancellable = g_cancellable_new ();

  g_clear_handle_id (&self->repaint_id, g_source_remove);
  g_clear_pointer (&self->expected_uri, g_free);
  g_clear_pointer (&self->file_uri, g_free);
  self->committed = FALSE;
  self->highlight_style = FALSE;

  gloss_article_view_set_ready (self, FALSE);

  if (self->has_selection)
    gloss_article_view_set_selection (self, FALSE, 0, 0, NULL);
}

typedef struct
{
  GlossArticleView *self;
  GlossDocument    *document;
  char             *folder_uri;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->document);
  g_free (data->folder_uri);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

/* WebKit reads a big article much faster from its file than from the same
 * bytes handed over in memory (10 MB: seconds against tens of seconds),
 * so an HTML file that reads the same both ways (see
 * gloss_document_get_html_is_file()) is loaded from the file, when the
 * folder filter lets it through.  Should the page then count another text
 * (the file changed since it was read) or the load fail, the document's
 * own bytes are loaded instead. */
static void
start_load (GlossArticleView *self,
            gboolean          from_file)
{
  const char *html = gloss_document_get_html (self->document);
  const char *mime_type = gloss_document_get_mime_type (self->document);
  const char *base_uri = gloss_document_get_base_uri (self->document);
  g_autoptr(GBytes) bytes = NULL;

  gloss_article_view_update_style (self);

  g_clear_pointer (&self->file_uri, g_free);
  if (from_file && gloss_document_get_html_is_file (self->document))
    {
      self->file_uri = g_file_get_uri (gloss_document_get_file (self->document));
      self->expected_uri = g_strdup (self->file_uri);
      webkit_web_view_load_uri (self->web_view, self->file_uri);
      return;
    }

  bytes = g_bytes_new (html, html ? strlen (html) : 0);
  self->expected_uri = g_strdup (base_uri ? base_uri : "about:blank");
  webkit_web_view_load_bytes (self->web_view, bytes,
                              mime_type ? mime_type : "text/html", "UTF-8",
                              base_uri);
}

void
gloss_article_view_load_from_bytes (GlossArticleView *self)
{
  g_autofree char *uri = g_steal_pointer (&self->file_uri);

  g_message ("Showing %s from memory: the file did not give the text Gloss read", uri);
  reset_page (self);
  start_load (self, FALSE);
}

static void
use_remote_filter (GlossArticleView        *self,
                   WebKitUserContentFilter *filter)
{
  if (!self->base_filter_added)
    {
      webkit_user_content_manager_add_filter (self->content_manager, filter);
      self->base_filter_added = TRUE;
    }
}

static void
use_folder_filter (GlossArticleView        *self,
                   WebKitUserContentFilter *filter)
{
  if (self->folder_filter == filter)
    return;

  if (self->folder_filter != NULL)
    webkit_user_content_manager_remove_filter (self->content_manager, self->folder_filter);
  g_clear_pointer (&self->folder_filter, webkit_user_content_filter_unref);
  self->folder_filter = webkit_user_content_filter_ref (filter);
  webkit_user_content_manager_add_filter (self->content_manager, self->folder_filter);
}

static void
folder_filter_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  GlossArticleView *self = data->self;
  g_autoptr(WebKitUserContentFilter) filter = NULL;
  g_autoptr(GError) error = NULL;

  filter = gloss_content_filters_get_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (filter == NULL)
    {
      /* Fail closed: no file may load but the page itself. */
      g_autofree char *rules = gloss_content_filters_folder_rules (NULL);

      g_warning ("Could not confine %s: %s", data->folder_uri, error->message);
      if (data->folder_uri != NULL)
        {
          g_clear_pointer (&data->folder_uri, g_free);
          gloss_content_filters_get_async ("folder", rules, self->page_cancellable,
                                           folder_filter_cb, g_steal_pointer (&data));
        }
      return;
    }

  use_folder_filter (self, filter);

  /* Confined to no folder, the file itself would be blocked. */
  start_load (self, data->folder_uri != NULL);
}

static void
base_filter_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  GlossArticleView *self = data->self;
  g_autoptr(WebKitUserContentFilter) filter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rules = NULL;

  filter = gloss_content_filters_get_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (filter == NULL)
    {
      /* Without it the page could reach the network: show nothing. */
      g_critical ("Could not compile the network filter: %s", error->message);
      return;
    }

  use_remote_filter (self, filter);

  rules = gloss_content_filters_folder_rules (data->folder_uri);
  gloss_content_filters_get_async ("folder", rules, self->page_cancellable,
                                   folder_filter_cb, g_steal_pointer (&data));
}

/* ------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------ */

/* The folder URI of an article file, as GlossDocument makes it. */
static char *
folder_uri_for_file (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *uri = g_file_get_uri (parent != NULL ? parent : file);
  g_autofree char *base_uri = g_str_has_suffix (uri, "/") ? g_steal_pointer (&uri)
                                                          : g_strconcat (uri, "/", NULL);

  return gloss_content_filters_folder_uri (base_uri);
}

void
gloss_article_view_prepare (GlossArticleView *self,
                            GFile            *file)
{
  g_autofree char *folder_uri = NULL;

  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  folder_uri = folder_uri_for_file (file);
  gloss_content_filters_prefetch (folder_uri);
}

void
gloss_article_view_load_document (GlossArticleView *self,
                                  GlossDocument    *document)
{
  g_autoptr(WebKitUserContentFilter) remote = NULL;
  g_autoptr(WebKitUserContentFilter) folder = NULL;
  g_autofree char *remote_rules = NULL;
  g_autofree char *folder_rules = NULL;
  LoadData *data;

  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));
  g_return_if_fail (GLOSS_IS_DOCUMENT (document));

  reset_page (self);
  g_set_object (&self->document, document);

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->document = g_object_ref (document);
  data->folder_uri = gloss_content_filters_folder_uri (gloss_document_get_base_uri (document));

  /* Nothing loads before both filters are in place.  When this process
   * has them already, the load starts now, not a main loop turn later. */
  remote_rules = gloss_content_filters_remote_rules ();
  folder_rules = gloss_content_filters_folder_rules (data->folder_uri);
  remote = gloss_content_filters_lookup ("remote", remote_rules);
  folder = gloss_content_filters_lookup ("folder", folder_rules);
  if (remote != NULL && folder != NULL)
    {
      use_remote_filter (self, remote);
      use_folder_filter (self, folder);
      start_load (self, data->folder_uri != NULL);
      load_data_free (data);
      return;
    }

  gloss_content_filters_get_async ("remote", remote_rules, self->page_cancellable,
                                   base_filter_cb, data);
}
