/* gloss-article-view-web.c: the article view's locked-down WebKitWebView
 *
 * Articles are untrusted, so the web view is locked down:
 *
 *  - the article's own JavaScript never runs (enable-javascript-markup is
 *    off; our user script still runs, in its own world);
 *  - nothing is fetched from the network: an ephemeral network session
 *    whose proxy is a closed port, behind the content filters that
 *    gloss-article-view-load.c puts in place before each load;
 *  - no navigation away: decide-policy lets through our own load and
 *    same-document fragment jumps, and turns a click on an outside link
 *    into "open-link" for the window to handle;
 *  - no developer tools, storage, WebGL, WebAudio, media streams, popups,
 *    page cache or back-forward gestures; a context menu that only copies;
 *    every permission request denied.
 *
 * It also follows the web view's loads: the commit of our own, a failed
 * load of the article file, a web process that ended.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-view"

#include "config.h"

#include "gloss-article-view-private.h"
#include "gloss-timing.h"

/* ------------------------------------------------------------------------
 * Settings and the network session
 * ------------------------------------------------------------------------ */

/* Off: what could reach out before a load is even asked for. */
static const char * const disabled_features[] = {
  "LinkPreconnect",
  "LinkPreconnectEarlyHints",
  "LinkDNSPrefetch",
  "LinkPrefetch",
  NULL
};

static WebKitSettings *
create_settings (void)
{
  WebKitSettings *settings;
  g_autoptr(WebKitFeatureList) features = webkit_settings_get_all_features ();

  settings = g_object_new (WEBKIT_TYPE_SETTINGS,
                       "enable-javascript", TRUE,   /* our script and calls */
                       "enable-javascript-markup", FALSE,
                       "enable-developer-extras", FALSE,
                       "enable-webgl", FALSE,
                       "enable-webaudio", FALSE,
                       "enable-webrtc", FALSE,
                       "enable-media-stream", FALSE,
                       "enable-encrypted-media", FALSE,
                       "enable-html5-local-storage", FALSE,
                       "enable-html5-database", FALSE,
                       "enable-page-cache", FALSE,
                       "enable-fullscreen", FALSE,
                       "enable-back-forward-navigation-gestures", FALSE,
                       "javascript-can-open-windows-automatically", FALSE,
                       "javascript-can-access-clipboard", FALSE,
                       "allow-file-access-from-file-urls", FALSE,
                       "allow-universal-access-from-file-urls", FALSE,
                       "allow-modal-dialogs", FALSE,
                       "media-playback-requires-user-gesture", TRUE,
                       "default-charset", "UTF-8",
                       NULL);

  for (gsize i = 0; i < webkit_feature_list_get_length (features); i++)
    {
      WebKitFeature *feature = webkit_feature_list_get (features, i);

      if (g_strv_contains (disabled_features, webkit_feature_get_identifier (feature)))
        webkit_settings_set_feature_enabled (settings, feature, FALSE);
    }

  return settings;
}

/* One ephemeral session for every view: nothing is kept on disk.  Behind
 * the content filters, its proxy is a closed local port, so a request that
 * slipped through would still reach nobody (and no DNS lookup is made for
 * it, nor is the system proxy configuration consulted). */
WebKitNetworkSession *
gloss_article_view_get_network_session (void)
{
  static WebKitNetworkSession *session;

  if (session == NULL)
    {
      g_autoptr(WebKitNetworkProxySettings) proxy = NULL;

      session = webkit_network_session_new_ephemeral ();
      proxy = webkit_network_proxy_settings_new ("http://127.0.0.1:9", NULL);
      webkit_network_session_set_proxy_settings (session, WEBKIT_NETWORK_PROXY_MODE_CUSTOM, proxy);
    }

  return session;
}

/* ------------------------------------------------------------------------
 * Navigation and loads
 * ------------------------------------------------------------------------ */

static gboolean
same_document (const char *uri,
               const char *current)
{
  const char *hash = uri ? strchr (uri, '#') : NULL;
  const char *current_hash;
  gsize current_len;

  if (hash == NULL || current == NULL)
    return FALSE;

  current_hash = strchr (current, '#');
  current_len = current_hash ? (gsize) (current_hash - current) : strlen (current);

  return (gsize) (hash - uri) == current_len && strncmp (uri, current, current_len) == 0;
}

/* Whether WebKit's form of a URI is the one we gave it (it may escape
 * differently). */
static gboolean
same_uri (const char *a,
          const char *b)
{
  g_autofree char *plain_a = NULL;
  g_autofree char *plain_b = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  if (g_str_equal (a, b))
    return TRUE;

  plain_a = g_uri_unescape_string (a, NULL);
  plain_b = g_uri_unescape_string (b, NULL);

  return plain_a != NULL && plain_b != NULL && g_str_equal (plain_a, plain_b);
}

static gboolean
is_outside_link (const char *uri)
{
  g_autofree char *scheme = uri ? g_uri_parse_scheme (uri) : NULL;

  return scheme != NULL &&
         (g_ascii_strcasecmp (scheme, "http") == 0 ||
          g_ascii_strcasecmp (scheme, "https") == 0 ||
          g_ascii_strcasecmp (scheme, "mailto") == 0);
}

static gboolean
on_decide_policy (WebKitWebView            *web_view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  GlossArticleView         *self)
{
  WebKitNavigationAction *action;
  WebKitNavigationType navigation_type;
  const char *uri;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    return FALSE;

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  navigation_type = webkit_navigation_action_get_navigation_type (action);
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION)
    {
      /* Our own load. */
      if (self->expected_uri != NULL &&
          navigation_type == WEBKIT_NAVIGATION_TYPE_OTHER &&
          same_uri (uri, self->expected_uri))
        {
          g_clear_pointer (&self->expected_uri, g_free);
          self->load_started = TRUE;
          webkit_policy_decision_use (decision);
          return TRUE;
        }

      /* A jump to a #fragment of the article. */
      if (self->expected_uri == NULL &&
          (navigation_type == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED ||
           navigation_type == WEBKIT_NAVIGATION_TYPE_BACK_FORWARD ||
           navigation_type == WEBKIT_NAVIGATION_TYPE_OTHER) &&
          same_document (uri, webkit_web_view_get_uri (web_view)))
        {
          webkit_policy_decision_use (decision);
          return TRUE;
        }
    }

  if (navigation_type == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED &&
      webkit_navigation_action_is_user_gesture (action) &&
      is_outside_link (uri))
    gloss_article_view_emit_open_link (self, uri);
  else
    g_debug ("Ignored navigation to %s", uri);

  webkit_policy_decision_ignore (decision);
  return TRUE;
}

static gboolean
on_context_menu (WebKitWebView       *web_view,
                 WebKitContextMenu   *menu,
                 WebKitHitTestResult *hit_test_result,
                 GlossArticleView    *self)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean has_select_all = FALSE;

  for (GList *l = webkit_context_menu_get_items (menu); l != NULL; l = l->next)
    {
      WebKitContextMenuItem *item = l->data;

      switch (webkit_context_menu_item_get_stock_action (item))
        {
        case WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL:
          has_select_all = TRUE;
          G_GNUC_FALLTHROUGH;
        case WEBKIT_CONTEXT_MENU_ACTION_COPY:
        case WEBKIT_CONTEXT_MENU_ACTION_COPY_LINK_TO_CLIPBOARD:
        case WEBKIT_CONTEXT_MENU_ACTION_COPY_IMAGE_TO_CLIPBOARD:
          g_ptr_array_add (kept, g_object_ref (item));
          break;
        default:
          break;
        }
    }

  webkit_context_menu_remove_all (menu);
  for (guint i = 0; i < kept->len; i++)
    webkit_context_menu_append (menu, g_ptr_array_index (kept, i));

  if (!has_select_all)
    {
      if (kept->len > 0)
        webkit_context_menu_append (menu, webkit_context_menu_item_new_separator ());
      webkit_context_menu_append (menu,
                                  webkit_context_menu_item_new_from_stock_action (WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL));
    }

  return FALSE;
}

static gboolean
on_permission_request (WebKitWebView           *web_view,
                       WebKitPermissionRequest *request,
                       GlossArticleView        *self)
{
  webkit_permission_request_deny (request);
  return TRUE;
}

static void
on_load_changed (WebKitWebView    *web_view,
                 WebKitLoadEvent   load_event,
                 GlossArticleView *self)
{
  gloss_timing_mark (load_event == WEBKIT_LOAD_STARTED ? "WebKit load started" :
                     load_event == WEBKIT_LOAD_COMMITTED ? "WebKit load committed" :
                     load_event == WEBKIT_LOAD_FINISHED ? "WebKit load finished" :
                                                          "WebKit load redirected");
  /* Not a late commit of the page before: a load of ours has started. */
  if (load_event == WEBKIT_LOAD_COMMITTED && self->load_started &&
      (self->document != NULL || self->early_file != NULL))
    self->committed = TRUE;
}

static gboolean
on_load_failed (WebKitWebView    *web_view,
                WebKitLoadEvent   load_event,
                const char       *failing_uri,
                GError           *error,
                GlossArticleView *self)
{
  /* No error pages: the only load is our own. */
  g_debug ("Load of %s failed: %s", failing_uri, error->message);

  if (self->file_uri != NULL && same_uri (failing_uri, self->file_uri) &&
      !g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED))
    gloss_article_view_load_from_bytes (self);

  return TRUE;
}

static void
on_web_process_terminated (WebKitWebView                     *web_view,
                           WebKitWebProcessTerminationReason  reason,
                           GlossArticleView                  *self)
{
  g_warning ("The web process of the article view ended (reason %d)", reason);

  /* A file loaded ahead: the document, once read, is loaded anew. */
  g_clear_object (&self->early_file);

  if (reason != WEBKIT_WEB_PROCESS_TERMINATED_BY_API && self->document != NULL)
    {
      g_autoptr(GlossDocument) document = g_object_ref (self->document);

      gloss_article_view_load_document (self, document);
    }
}

/* ------------------------------------------------------------------------
 * The web view
 * ------------------------------------------------------------------------ */

static WebKitWebView *
create_web_view (void)
{
  g_autoptr(WebKitSettings) settings = create_settings ();
  g_autoptr(WebKitUserContentManager) content_manager = webkit_user_content_manager_new ();

  return g_object_ref_sink (g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                          "settings", settings,
                                          "user-content-manager", content_manager,
                                          "network-session", gloss_article_view_get_network_session (),
                                          "hexpand", TRUE,
                                          "vexpand", TRUE,
                                          NULL));
}

/* The session's proxy settings start its network process, on the other
 * core while GTK starts (it needs no display): the first page is asked for
 * 15 ms sooner (1 MB / 2,000 highlights, median of 20 A/B opens). */
void
gloss_article_view_start_network_process (void)
{
  (void) gloss_article_view_get_network_session ();
}

/* A web view made ahead, whose web process is starting with this empty
 * page.  WebKit shows about:blank whatever decide-policy says, so the
 * article view, which lets through only its own loads, need not know it. */
static WebKitWebView *spare_web_view;
#define WARM_UP_URI "about:blank#gloss-warm-up"

/* WebKit starts a view's web process at its first load, and the process
 * takes 130–150 ms to be ready for it.  So the application makes the
 * first window's web view as soon as GTK is up, and starts that process
 * with an empty page while libadwaita starts, the window is built and the
 * article's content filters are read (the article's own load waits for
 * them): the article is on screen 50–60 ms sooner.  The first article view
 * takes that web view (WebKit runs no user script in that page). */
void
gloss_article_view_start_web_process (void)
{
  if (spare_web_view != NULL)
    return;

  spare_web_view = create_web_view ();
  webkit_web_view_load_uri (spare_web_view, WARM_UP_URI);
}

/* The web view and its user content manager. */
void
gloss_article_view_init_web_view (GlossArticleView *self)
{
  self->web_view = spare_web_view != NULL ? g_steal_pointer (&spare_web_view) : create_web_view ();
  self->content_manager = g_object_ref (webkit_web_view_get_user_content_manager (self->web_view));
  gtk_widget_set_parent (GTK_WIDGET (self->web_view), GTK_WIDGET (self));
  g_object_unref (self->web_view);

  g_signal_connect (self->web_view, "decide-policy", G_CALLBACK (on_decide_policy), self);
  g_signal_connect (self->web_view, "context-menu", G_CALLBACK (on_context_menu), self);
  g_signal_connect (self->web_view, "permission-request", G_CALLBACK (on_permission_request), self);
  g_signal_connect (self->web_view, "load-changed", G_CALLBACK (on_load_changed), self);
  g_signal_connect (self->web_view, "load-failed", G_CALLBACK (on_load_failed), self);
  g_signal_connect (self->web_view, "web-process-terminated",
                    G_CALLBACK (on_web_process_terminated), self);
}
