/* gloss-article-view.c: the web view that shows one article, and its bridge
 *
 * GlossArticleView is a widget around one WebKitWebView, locked down for
 * untrusted articles: the article's own JavaScript never runs, nothing is
 * fetched from the network, no navigation leaves the article.  A page
 * script runs in an isolated script world and speaks with C in small
 * messages; it paints the highlights and reports the selection.
 *
 * This file holds the widget: its properties and signals, the selection,
 * the style (the page's style sheets, the dark style) and the zoom.  The
 * rest is split as gloss-article-view-private.h tells.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-view"

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "gloss-article-view-private.h"
#include "gloss-color.h"
#include "gloss-desktop-fonts.h"
#include "gloss-resources.h"

#define PAGE_STYLE_PATH    "/app/gloss/Gloss/gloss-page.css"

/* Zoom levels, as GNOME applications step through them. */
static const double zoom_levels[] = {
  0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.2, 1.33, 1.5, 1.7, 2.0, 2.4, 3.0,
};
#define ZOOM_MIN (zoom_levels[0])
#define ZOOM_MAX (zoom_levels[G_N_ELEMENTS (zoom_levels) - 1])

/* The look of our own articles (Markdown, text) in the dark style; the
 * light values are the defaults in gloss-page.css. */
static const char dark_style_sheet[] =
  ":root {\n"
  "  --gloss-fg: rgba(255, 255, 255, 0.87);\n"
  "  --gloss-bg: #1e1e1e;\n"
  "  --gloss-muted: rgba(255, 255, 255, 0.6);\n"
  "  --gloss-link: #78aeed;\n"
  "  --gloss-link-visited: #c0a6f2;\n"
  "  --gloss-code-bg: rgba(255, 255, 255, 0.08);\n"
  "  --gloss-rule: rgba(255, 255, 255, 0.15);\n"
  "  --gloss-color-scheme: dark;\n"
  "}\n";

static const GdkRGBA light_background = { 1.0, 1.0, 1.0, 1.0 };
static const GdkRGBA dark_background = { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0, 1.0 };

G_DEFINE_FINAL_TYPE (GlossArticleView, gloss_article_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ZOOM,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  READY,
  PAINTED,
  SELECTION_CHANGED,
  ANNOTATION_ACTIVATED,
  OPEN_LINK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------
 * What the other files change
 * ------------------------------------------------------------------------ */

void
gloss_article_view_set_ready (GlossArticleView *self,
                              gboolean          ready)
{
  if (!ready && !self->ready)
    return;

  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
  if (ready)
    g_signal_emit (self, signals[READY], 0);
}

void
gloss_article_view_set_selection (GlossArticleView   *self,
                                  gboolean            has_selection,
                                  gsize               start,
                                  gsize               end,
                                  const GdkRectangle *rect)
{
  GdkRectangle none = { 0, 0, 0, 0 };

  self->has_selection = has_selection;
  self->selection_start = has_selection ? start : 0;
  self->selection_end = has_selection ? end : 0;

  g_signal_emit (self, signals[SELECTION_CHANGED], 0, has_selection,
                 (guint64) self->selection_start, (guint64) self->selection_end,
                 rect ? rect : &none);
}

void
gloss_article_view_emit_painted (GlossArticleView *self,
                                 guint             n_highlights)
{
  g_signal_emit (self, signals[PAINTED], 0, n_highlights);
}

void
gloss_article_view_emit_annotation_activated (GlossArticleView *self,
                                              const char       *id)
{
  g_signal_emit (self, signals[ANNOTATION_ACTIVATED], 0, id);
}

void
gloss_article_view_emit_open_link (GlossArticleView *self,
                                   const char       *uri)
{
  g_signal_emit (self, signals[OPEN_LINK], 0, uri);
}

/* ------------------------------------------------------------------------
 * Style
 * ------------------------------------------------------------------------ */

static gboolean
is_own_format (GlossDocument *document)
{
  GlossFormat format = document ? gloss_document_get_format (document) : GLOSS_FORMAT_UNKNOWN;

  return format == GLOSS_FORMAT_MARKDOWN || format == GLOSS_FORMAT_TEXT;
}

/* The selection and the highlights, on every page. */
static const char *
highlight_css (void)
{
  static char *sheet;
  GString *css;
  const char * const *names = gloss_color_names ();

  if (sheet != NULL)
    return sheet;

  css = g_string_new (NULL);

  /* A stronger blue than the blue highlight, so a passage just
   * highlighted in blue never looks still selected (or the reverse). */
  g_string_append (css, "::selection { background-color: rgba(28, 113, 216, 0.55); color: inherit; }\n");

  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (css, "::highlight(gloss-%s) { background-color: %s; }\n",
                            names[i], gloss_color_to_css (names[i]));
  /* Over any colour, for the moment a revealed highlight flashes. */
  g_string_append (css, "::highlight(gloss-flash) { background-color: rgba(53, 132, 228, 0.55); }\n");
  sheet = g_string_free (css, FALSE);

  return sheet;
}

static void
add_style_sheet (GlossArticleView *self,
                 const char       *source)
{
  g_autoptr(WebKitUserStyleSheet) sheet = NULL;

  sheet = webkit_user_style_sheet_new (source, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                       WEBKIT_USER_STYLE_LEVEL_USER, NULL, NULL);
  webkit_user_content_manager_add_style_sheet (self->content_manager, sheet);
}

/* The reading typography, in GNOME's document and monospace fonts where
 * it has them, only for an article that brings no style sheet of its own:
 * decided here rather than by a :has() rule in the sheet,
 * which made WebKit parse and lay out a 1 MB article about 10 ms more
 * slowly.
 * The ::highlight rules are there from the start: added to a page that is
 * loaded, they made WebKit style the whole page again (10 MB: 160 ms).
 * (What slowed a loading page was empty highlights registered with them;
 * see gloss-page.js.) */
void
gloss_article_view_update_style (GlossArticleView *self)
{
  static char *page_css;
  gboolean dark_article = self->dark && is_own_format (self->document);

  if (page_css == NULL)
    {
      g_autoptr(GBytes) bytes = g_resources_lookup_data (PAGE_STYLE_PATH, 0, NULL);

      page_css = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }

  webkit_user_content_manager_remove_all_style_sheets (self->content_manager);
  if (!self->own_style)
    {
      add_style_sheet (self, page_css);
      if (gloss_desktop_fonts_css () != NULL)
        add_style_sheet (self, gloss_desktop_fonts_css ());
    }
  if (dark_article)
    add_style_sheet (self, dark_style_sheet);
  add_style_sheet (self, highlight_css ());

  webkit_web_view_set_background_color (self->web_view,
                                        dark_article ? &dark_background : &light_background);
}

static void
on_fonts_changed (GSettings        *settings,
                  const char       *key,
                  GlossArticleView *self)
{
  if (g_str_equal (key, "document-font-name") || g_str_equal (key, "monospace-font-name"))
    gloss_article_view_update_style (self);
}

static void
on_dark_changed (AdwStyleManager  *style_manager,
                 GParamSpec       *pspec,
                 GlossArticleView *self)
{
  self->dark = adw_style_manager_get_dark (style_manager);
  gloss_article_view_update_style (self);
}

/* ------------------------------------------------------------------------
 * Zoom with Ctrl and the scroll wheel
 * ------------------------------------------------------------------------ */

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           GlossArticleView         *self)
{
  GdkModifierType state;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  if ((state & GDK_CONTROL_MASK) == 0 || dy == 0)
    return FALSE;

  if (dy < 0)
    gloss_article_view_zoom_in (self);
  else
    gloss_article_view_zoom_out (self);

  return TRUE;
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
gloss_article_view_dispose (GObject *object)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (object);

  g_cancellable_cancel (self->page_cancellable);
  self->ready = FALSE;
  gloss_article_view_set_annotations (self, NULL);
  g_clear_handle_id (&self->repaint_id, g_source_remove);

  g_signal_handlers_disconnect_by_func (adw_style_manager_get_default (), on_dark_changed, self);

  gloss_article_view_dispose_page (self);

  if (self->web_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->web_view, self);
      gtk_widget_unparent (GTK_WIDGET (self->web_view));
      self->web_view = NULL;
    }

  g_clear_object (&self->content_manager);
  g_clear_pointer (&self->folder_filter, webkit_user_content_filter_unref);
  g_clear_object (&self->document);
  g_clear_object (&self->early_file);

  G_OBJECT_CLASS (gloss_article_view_parent_class)->dispose (object);
}

static void
gloss_article_view_finalize (GObject *object)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (object);

  g_clear_object (&self->page_cancellable);
  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_free (self->expected_uri);
  g_free (self->file_uri);
  g_free (self->world_name);

  G_OBJECT_CLASS (gloss_article_view_parent_class)->finalize (object);
}

static void
gloss_article_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_article_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      gloss_article_view_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
gloss_article_view_grab_focus (GtkWidget *widget)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->web_view));
}

static void
gloss_article_view_class_init (GlossArticleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* The page script and style live in the application's resources. */
  (void) gloss_get_resource ();

  object_class->dispose = gloss_article_view_dispose;
  object_class->finalize = gloss_article_view_finalize;
  object_class->get_property = gloss_article_view_get_property;
  object_class->set_property = gloss_article_view_set_property;

  widget_class->grab_focus = gloss_article_view_grab_focus;

  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         ZOOM_MIN, ZOOM_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[READY] =
    g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[PAINTED] =
    g_signal_new ("painted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_BOOLEAN, G_TYPE_UINT64, G_TYPE_UINT64,
                  GDK_TYPE_RECTANGLE | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[ANNOTATION_ACTIVATED] =
    g_signal_new ("annotation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[OPEN_LINK] =
    g_signal_new ("open-link", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "articleview");
}

static void
gloss_article_view_init (GlossArticleView *self)
{
  g_autofree char *uuid = g_uuid_string_random ();
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkEventController *scroll;

  self->zoom = 1.0;
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->page_cancellable = g_cancellable_new ();
  self->world_name = g_strdup_printf ("gloss-%s", uuid);
  self->dark = adw_style_manager_get_dark (style_manager);

  /* The style sheets come with each load (start_load()). */
  gloss_article_view_init_web_view (self);
  gloss_article_view_init_page (self);

  g_signal_connect_object (style_manager, "notify::dark", G_CALLBACK (on_dark_changed), self, 0);
  if (gloss_desktop_fonts_get_settings () != NULL)
    g_signal_connect_object (gloss_desktop_fonts_get_settings (), "changed",
                             G_CALLBACK (on_fonts_changed), self, 0);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}

/* ------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------ */

GtkWidget *
gloss_article_view_new (void)
{
  return g_object_new (GLOSS_TYPE_ARTICLE_VIEW, NULL);
}

gboolean
gloss_article_view_get_selection (GlossArticleView *self,
                                  gsize            *start,
                                  gsize            *end)
{
  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), FALSE);

  if (start != NULL)
    *start = self->selection_start;
  if (end != NULL)
    *end = self->selection_end;

  return self->has_selection;
}

void
gloss_article_view_clear_selection (GlossArticleView *self)
{
  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));

  if (self->has_selection)
    gloss_article_view_set_selection (self, FALSE, 0, 0, NULL);

  if (self->ready)
    gloss_article_view_page_call (self, "Gloss.clearSelection", "return Gloss.clearSelection();",
                                  NULL, NULL);
}

static guint
nearest_zoom_level (double zoom)
{
  guint best = 0;

  for (guint i = 1; i < G_N_ELEMENTS (zoom_levels); i++)
    if (fabs (zoom_levels[i] - zoom) < fabs (zoom_levels[best] - zoom))
      best = i;

  return best;
}

void
gloss_article_view_zoom_in (GlossArticleView *self)
{
  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));

  for (guint i = 0; i < G_N_ELEMENTS (zoom_levels); i++)
    if (zoom_levels[i] > self->zoom + 0.001)
      {
        gloss_article_view_set_zoom (self, zoom_levels[i]);
        return;
      }
}

void
gloss_article_view_zoom_out (GlossArticleView *self)
{
  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));

  for (guint i = G_N_ELEMENTS (zoom_levels); i > 0; i--)
    if (zoom_levels[i - 1] < self->zoom - 0.001)
      {
        gloss_article_view_set_zoom (self, zoom_levels[i - 1]);
        return;
      }
}

void
gloss_article_view_zoom_reset (GlossArticleView *self)
{
  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));

  gloss_article_view_set_zoom (self, 1.0);
}

double
gloss_article_view_get_zoom (GlossArticleView *self)
{
  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), 1.0);

  return self->zoom;
}

void
gloss_article_view_set_zoom (GlossArticleView *self,
                             double            zoom)
{
  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));

  zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  /* Snap near-misses (1.0999…) onto the step. */
  if (fabs (zoom_levels[nearest_zoom_level (zoom)] - zoom) < 0.001)
    zoom = zoom_levels[nearest_zoom_level (zoom)];

  if (zoom == self->zoom)
    return;

  self->zoom = zoom;
  webkit_web_view_set_zoom_level (self->web_view, zoom);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

gboolean
gloss_article_view_get_ready (GlossArticleView *self)
{
  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), FALSE);

  return self->ready;
}

WebKitWebView *
gloss_article_view_get_web_view (GlossArticleView *self)
{
  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), NULL);

  return self->web_view;
}

const char *
gloss_article_view_get_world_name (GlossArticleView *self)
{
  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), NULL);

  return self->world_name;
}
