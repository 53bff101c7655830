/* gloss-test-catcher.c: a local HTTP server that counts what reaches it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "gloss-article-view-private.h"
#include "gloss-test-catcher.h"

#define CLOSED_PORT_PROXY "http://127.0.0.1:9"

struct _GlossTestCatcher
{
  SoupServer *server;
  char       *uri;
  GPtrArray  *requests;   /* "METHOD URI" */
  GPtrArray  *paths;
};

/* A reply of the type the name asks for, so a browser that is not locked
 * down goes on to use it (and to ask for more). */
static void
on_request (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  static const struct {
    const char *suffix;
    const char *type;
    const char *body;
  } replies[] = {
    { ".css", "text/css", "p { color: rgb(1, 2, 3); }" },
    { ".html", "text/html", "<!DOCTYPE html><p>Remote frame</p>" },
    { ".js", "text/javascript", "document.title = 'remote script ran';" },
    { ".svg", "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>" },
  };
  GlossTestCatcher *self = user_data;
  GUri *uri = soup_server_message_get_uri (message);
  g_autofree char *text = g_uri_to_string (uri);
  const char *type = "text/plain";
  const char *body = "x";

  g_test_message ("the network was asked for %s %s",
                  soup_server_message_get_method (message), text);
  g_ptr_array_add (self->requests,
                   g_strdup_printf ("%s %s", soup_server_message_get_method (message), text));
  g_ptr_array_add (self->paths, g_strdup (path));

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    if (g_str_has_suffix (path, replies[i].suffix))
      {
        type = replies[i].type;
        body = replies[i].body;
      }

  /* Whole replies only (a media element asks for ranges of them). */
  soup_message_headers_remove (soup_server_message_get_request_headers (message), "Range");
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, type, SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
set_article_proxy (const char *uri)
{
  g_autoptr(WebKitNetworkProxySettings) proxy = webkit_network_proxy_settings_new (uri, NULL);

  webkit_network_session_set_proxy_settings (gloss_article_view_get_network_session (),
                                             WEBKIT_NETWORK_PROXY_MODE_CUSTOM, proxy);
}

GlossTestCatcher *
gloss_test_catcher_new (void)
{
  GlossTestCatcher *self = g_new0 (GlossTestCatcher, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, on_request, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  set_article_proxy (self->uri);

  return self;
}

void
gloss_test_catcher_free (GlossTestCatcher *self)
{
  if (self == NULL)
    return;

  set_article_proxy (CLOSED_PORT_PROXY);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_ptr_array_unref (self->requests);
  g_ptr_array_unref (self->paths);
  g_free (self->uri);
  g_free (self);
}

const char *
gloss_test_catcher_get_uri (GlossTestCatcher *self)
{
  return self->uri;
}

guint
gloss_test_catcher_get_n_requests (GlossTestCatcher *self)
{
  return self->requests->len;
}

GPtrArray *
gloss_test_catcher_get_requests (GlossTestCatcher *self)
{
  return self->requests;
}

gboolean
gloss_test_catcher_was_asked (GlossTestCatcher *self,
                              const char       *path_prefix)
{
  for (guint i = 0; i < self->paths->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (self->paths, i), path_prefix))
      return TRUE;

  return FALSE;
}

WebKitNetworkProxySettings *
gloss_test_catcher_new_proxy (GlossTestCatcher *self)
{
  return webkit_network_proxy_settings_new (self->uri, NULL);
}
