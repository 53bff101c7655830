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
#include "gloss-timing.h"

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
  self->load_started = FALSE;
  self->loaded_ahead = FALSE;
  self->committed = FALSE;
  self->ready_waits = FALSE;
  self->page_painted = FALSE;

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
  const char *html;
  const char *mime_type;
  const char *base_uri;
  g_autoptr(GBytes) bytes = NULL;

  gloss_article_view_update_style (self);
  gloss_timing_mark ("WebKit asked to load");

  g_clear_pointer (&self->file_uri, g_free);

  /* Ahead of the document: only from the file.  Confined to no folder,
   * the file would be blocked: the document's bytes are loaded once it
   * is read. */
  if (self->document == NULL)
    {
      if (from_file && self->early_file != NULL)
        {
          self->file_uri = g_file_get_uri (self->early_file);
          self->expected_uri = g_strdup (self->file_uri);
          webkit_web_view_load_uri (self->web_view, self->file_uri);
        }
      else
        g_clear_object (&self->early_file);
      return;
    }

  html = gloss_document_get_html (self->document);
  mime_type = gloss_document_get_mime_type (self->document);
  base_uri = gloss_document_get_base_uri (self->document);
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

  /* Loaded ahead of the document: its bytes, once it is read. */
  if (self->document == NULL)
    {
      reset_page (self);
      g_clear_object (&self->early_file);
      return;
    }

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

/* The filter a gloss_content_filters_get_async() gave; FALSE when the
 * page went meanwhile (nothing left to do). */
static gboolean
filter_finish (GAsyncResult             *result,
               WebKitUserContentFilter **filter,
               GError                  **error)
{
  *filter = gloss_content_filters_get_finish (result, error);

  return !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
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

  if (!filter_finish (result, &filter, &error))
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

  if (!filter_finish (result, &filter, &error))
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

/* Starts the load once both filters are in place: at once when this
 * process has them already, not a main loop turn later.  Takes @data. */
static void
load_when_filtered (GlossArticleView *self,
                    LoadData         *data)
{
  g_autoptr(WebKitUserContentFilter) remote = NULL;
  g_autoptr(WebKitUserContentFilter) folder = NULL;
  g_autofree char *remote_rules = gloss_content_filters_remote_rules ();
  g_autofree char *folder_rules = gloss_content_filters_folder_rules (data->folder_uri);

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

/* An HTML file is loaded by WebKit from disk while Gloss reads it: WebKit
 * need not wait for the article text (1 MB: a tenth of a second; 10 MB: a
 * second).  Its page is ready once the document is there and counts the
 * same text; otherwise load_document() loads the document's own bytes, as
 * it does for every other format. */
gboolean
gloss_article_view_prepare (GlossArticleView *self,
                            GFile            *file)
{
  g_autofree char *folder_uri = NULL;
  g_autofree char *basename = NULL;
  LoadData *data;

  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  folder_uri = gloss_content_filters_folder_uri_for_file (file);
  basename = g_file_get_basename (file);
  if (folder_uri == NULL || !g_file_is_native (file) ||
      gloss_format_from_filename (basename) != GLOSS_FORMAT_HTML)
    {
      /* Fetched while the document is read; the load below fetches them
       * itself. */
      gloss_content_filters_prefetch (file);
      return FALSE;
    }

  reset_page (self);
  g_clear_object (&self->document);
  g_set_object (&self->early_file, file);
  {
    g_autofree char *path = g_file_get_path (file);

    gloss_file_stamp_get (path, &self->early_stamp);
  }
  /* On the main loop, as the stamp above: 64 KiB of a local file WebKit
   * is about to read, which the page's style must be known before. */
  self->own_style = gloss_document_sniff_has_style (file);

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->folder_uri = g_steal_pointer (&folder_uri);
  load_when_filtered (self, data);

  return TRUE;
}

void
gloss_article_view_stop (GlossArticleView *self)
{
  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));

  if (self->early_file == NULL)
    return;

  reset_page (self);
  g_clear_object (&self->early_file);
  webkit_web_view_stop_loading (self->web_view);
}

void
gloss_article_view_load_document (GlossArticleView *self,
                                  GlossDocument    *document)
{
  g_autoptr(GFile) early_file = NULL;
  LoadData *data;

  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));
  g_return_if_fail (GLOSS_IS_DOCUMENT (document));

  /* The file loaded ahead reads as the document: it stays. */
  early_file = g_steal_pointer (&self->early_file);
  if (early_file != NULL && self->document == NULL &&
      gloss_document_get_html_is_file (document) &&
      g_file_equal (early_file, gloss_document_get_file (document)))
    {
      self->document = g_object_ref (document);
      self->loaded_ahead = TRUE;
      /* A style sheet too far down the file to be sniffed (or the other
       * way round): the page is styled again. */
      if (self->own_style != gloss_document_get_has_style (document))
        {
          self->own_style = gloss_document_get_has_style (document);
          gloss_article_view_update_style (self);
        }
      if (self->ready_waits)
        {
          self->ready_waits = FALSE;
          gloss_article_view_page_ready (self, self->ready_length);
        }
      return;
    }

  reset_page (self);
  g_set_object (&self->document, document);
  self->own_style = gloss_document_get_has_style (document);

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->document = g_object_ref (document);
  data->folder_uri = gloss_content_filters_folder_uri (gloss_document_get_base_uri (document));
  load_when_filtered (self, data);
}
