/* gloss-article-view-page.c: the article view's bridge to the page script
 *
 * The page script ui/gloss-page.js runs in a script world whose name is a
 * fresh GUID per process.  It posts small JSON messages with a "type" to
 * the "gloss" handler of that world (on_script_message() dispatches them),
 * and C calls `Gloss.*` functions in the same world with arguments passed
 * as a GVariant dictionary, each call with a cancellable and a timeout.
 * The highlights are painted in one such call, after any change to the
 * annotations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-view"

#include "config.h"

#include <math.h>

#include "gloss-annotation.h"
#include "gloss-article-view-private.h"
#include "gloss-color.h"
#include "gloss-timing.h"

#define PAGE_SCRIPT_PATH   "/app/gloss/Gloss/gloss-page.js"
#define PAGE_SCRIPT_URI    "resource://" PAGE_SCRIPT_PATH
#define MESSAGE_HANDLER    "gloss"
/* Seconds a call into the page may take before it is given up (see
 * page_call_timeout_cb()). */
#define PAGE_CALL_TIMEOUT  10

/* ------------------------------------------------------------------------
 * Calls into the page
 * ------------------------------------------------------------------------ */

typedef struct
{
  GlossArticleView             *self;
  GCancellable                 *cancellable;
  GCancellable                 *page_cancellable;
  gulong                        cancelled_id;
  guint                         timeout_id;
  gboolean                      timed_out;
  char                         *what;
  GlossArticleViewPageCallback  callback;
} PageCall;

static void
page_call_free (PageCall *call)
{
  g_cancellable_disconnect (call->page_cancellable, call->cancelled_id);
  g_clear_handle_id (&call->timeout_id, g_source_remove);
  g_clear_object (&call->page_cancellable);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->self);
  g_free (call->what);
  g_free (call);
}

static void
page_call_cancel (GCancellable *page_cancellable,
                  GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

/* A call whose answer C needs (a paint, whose answer is "painted") is
 * waited for as long as the page takes: a big article can keep the page
 * busy laying out for a minute after it is ready, and the call runs once
 * it is free (cancelling would only drop the answer).  It is still
 * cancelled by the next load and by dispose.  Other calls are given up. */
static gboolean
page_call_timeout_cb (gpointer user_data)
{
  PageCall *call = user_data;

  call->timeout_id = 0;
  if (call->callback != NULL)
    {
      g_message ("The page has not answered %s for %d seconds; still waiting",
                 call->what, PAGE_CALL_TIMEOUT);
      return G_SOURCE_REMOVE;
    }

  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);

  return G_SOURCE_REMOVE;
}

static void
page_call_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PageCall *call = user_data;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (object),
                                                                 result, &error);
  if (value == NULL)
    {
      if (call->timed_out)
        g_message ("The page did not answer %s within %d seconds", call->what, PAGE_CALL_TIMEOUT);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Calling %s in the page failed: %s", call->what, error->message);
    }
  else if (call->callback != NULL)
    call->callback (call->self, value);

  page_call_free (call);
}

void
gloss_article_view_page_call (GlossArticleView             *self,
                              const char                   *what,
                              const char                   *body,
                              GVariant                     *arguments,
                              GlossArticleViewPageCallback  callback)
{
  PageCall *call;

  g_assert (self->page_cancellable != NULL);

  call = g_new0 (PageCall, 1);
  call->self = g_object_ref (self);
  call->what = g_strdup (what);
  call->callback = callback;
  call->cancellable = g_cancellable_new ();
  call->page_cancellable = g_object_ref (self->page_cancellable);
  call->cancelled_id = g_cancellable_connect (call->page_cancellable,
                                              G_CALLBACK (page_call_cancel),
                                              call->cancellable, NULL);
  call->timeout_id = g_timeout_add_seconds (PAGE_CALL_TIMEOUT, page_call_timeout_cb, call);

  webkit_web_view_call_async_javascript_function (self->web_view, body, -1, arguments,
                                                  self->world_name, NULL,
                                                  call->cancellable, page_call_cb, call);
}

/* ------------------------------------------------------------------------
 * Painting
 * ------------------------------------------------------------------------ */

static void
paint_done (GlossArticleView *self,
            JSCValue         *value)
{
  guint n = jsc_value_is_number (value) ? (guint) jsc_value_to_int32 (value) : 0;

  gloss_timing_mark ("highlights painted in the page");
  gloss_article_view_emit_painted (self, n);
}

/* @value as a JSON string (ids come from sidecars: anything may be in
 * them). */
static void
append_json_string (GString    *json,
                    const char *value)
{
  g_string_append_c (json, '"');
  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (json, '\\');
          g_string_append_c (json, *p);
        }
      else if (*p < 0x20)
        g_string_append_printf (json, "\\u%04x", *p);
      else
        g_string_append_c (json, *p);
    }
  g_string_append_c (json, '"');
}

/* Appends {"id":…,"start":…,"end":…,"color":…} for @annotation, after a
 * comma unless first; nothing for an orphan. */
static void
append_item (GString         *json,
             GlossAnnotation *annotation)
{
  const char *color = gloss_annotation_get_color (annotation);

  if (gloss_annotation_get_status (annotation) == GLOSS_ANCHOR_ORPHANED)
    return;

  if (json->str[json->len - 1] != '[')
    g_string_append_c (json, ',');
  g_string_append (json, "{\"id\":");
  append_json_string (json, gloss_annotation_get_id (annotation));
  g_string_append_printf (json, ",\"start\":%" G_GSIZE_FORMAT ",\"end\":%" G_GSIZE_FORMAT
                          ",\"color\":\"%s\"}",
                          gloss_annotation_get_start (annotation),
                          gloss_annotation_get_end (annotation),
                          gloss_color_is_valid (color) ? color : GLOSS_DEFAULT_COLOR);
}

static void
send_to_page (GlossArticleView *self,
              const char       *what,
              const char       *body,
              GString          *json)
{
  GVariantDict arguments;

  g_variant_dict_init (&arguments, NULL);
  g_variant_dict_insert (&arguments, "json", "s", json->str);
  gloss_article_view_page_call (self, what, body, g_variant_dict_end (&arguments), paint_done);
}

/* Every highlight in one call, as one JSON string: [{id, start, end,
 * color}, …].  The page parses 10,000 of them in a few milliseconds, where
 * a GVariant of as many dictionaries takes WebKit most of a second to hand
 * over. */
static void
paint_all (GlossArticleView *self)
{
  guint n = self->annotations ? g_list_model_get_n_items (self->annotations) : 0;
  g_autoptr(GString) items = g_string_sized_new (64 + n * 96);

  g_string_append_c (items, '[');
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossAnnotation) annotation = g_list_model_get_item (self->annotations, i);

      if (GLOSS_IS_ANNOTATION (annotation))
        append_item (items, annotation);
    }
  g_string_append_c (items, ']');

  self->page_painted = TRUE;
  gloss_timing_mark ("highlights sent");
  send_to_page (self, "Gloss.paint", "return Gloss.paint(JSON.parse(json));", items);
}

/* Only what changed since the last paint: {"remove": [ids], "paint":
 * [items]}.  Adding one highlight to 10,000 sends one, not 10,000. */
static void
paint_changes (GlossArticleView *self)
{
  g_autoptr(GString) json = g_string_new ("{\"remove\":[");
  g_autoptr(GHashTable) changed = g_steal_pointer (&self->changed);
  GHashTableIter iter;
  gpointer id, annotation;

  g_hash_table_iter_init (&iter, changed);
  while (g_hash_table_iter_next (&iter, &id, &annotation))
    {
      if (json->str[json->len - 1] != '[')
        g_string_append_c (json, ',');
      append_json_string (json, id);
    }
  g_string_append (json, "],\"paint\":[");
  g_hash_table_iter_init (&iter, changed);
  while (g_hash_table_iter_next (&iter, &id, &annotation))
    if (annotation != NULL)
      append_item (json, annotation);
  g_string_append (json, "]}");

  send_to_page (self, "Gloss.update", "return Gloss.update(JSON.parse(json));", json);
}

static gboolean
repaint_cb (gpointer user_data)
{
  GlossArticleView *self = user_data;

  self->repaint_id = 0;

  if (!self->ready)
    return G_SOURCE_REMOVE;

  if (self->page_painted && !self->repaint_all)
    {
      if (self->changed != NULL)
        paint_changes (self);
      return G_SOURCE_REMOVE;
    }

  self->repaint_all = FALSE;
  g_clear_pointer (&self->changed, g_hash_table_unref);
  paint_all (self);

  return G_SOURCE_REMOVE;
}

/* Up to this many changes are painted one by one, more all at once. */
#define MAX_CHANGES 256

static void
unref_annotation (gpointer annotation)
{
  if (annotation != NULL)
    g_object_unref (annotation);
}

/* @annotation changed (NULL: @id is gone): painted with the next repaint. */
static void
note_change (GlossArticleView *self,
             const char       *id,
             GlossAnnotation  *annotation)
{
  if (self->repaint_all)
    return;

  if (self->changed == NULL)
    self->changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           unref_annotation);
  g_hash_table_replace (self->changed, g_strdup (id), annotation ? g_object_ref (annotation) : NULL);

  if (g_hash_table_size (self->changed) > MAX_CHANGES)
    {
      self->repaint_all = TRUE;
      g_clear_pointer (&self->changed, g_hash_table_unref);
    }
}

static void
queue_repaint (GlossArticleView *self)
{
  if (self->repaint_id == 0 && self->ready)
    self->repaint_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, repaint_cb, self, NULL);
}

static void
annotation_notify_cb (GlossAnnotation  *annotation,
                      GParamSpec       *pspec,
                      GlossArticleView *self)
{
  static const char * const painted_properties[] = { "color", "start", "end", "status", NULL };

  if (g_strv_contains (painted_properties, pspec->name))
    {
      note_change (self, gloss_annotation_get_id (annotation), annotation);
      queue_repaint (self);
    }
}

static void
unwatch_annotation (gpointer data,
                    gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (data, annotation_notify_cb, user_data);
}

static void
items_changed_cb (GListModel       *model,
                  guint             position,
                  guint             removed,
                  guint             added,
                  GlossArticleView *self)
{
  for (guint i = position; i < position + removed && i < self->watched->len; i++)
    {
      GlossAnnotation *gone = g_ptr_array_index (self->watched, i);

      note_change (self, gloss_annotation_get_id (gone), NULL);
      unwatch_annotation (gone, self);
    }
  if (removed > 0)
    g_ptr_array_remove_range (self->watched, position, MIN (removed, self->watched->len - position));

  for (guint i = 0; i < added; i++)
    {
      GObject *item = g_list_model_get_item (model, position + i);

      g_signal_connect (item, "notify", G_CALLBACK (annotation_notify_cb), self);
      g_ptr_array_insert (self->watched, position + i, item);
      if (GLOSS_IS_ANNOTATION (item))
        note_change (self, gloss_annotation_get_id (GLOSS_ANNOTATION (item)), GLOSS_ANNOTATION (item));
    }

  queue_repaint (self);
}

void
gloss_article_view_set_annotations (GlossArticleView *self,
                                    GListModel       *annotations)
{
  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));
  g_return_if_fail (annotations == NULL || G_IS_LIST_MODEL (annotations));

  if (self->annotations == annotations)
    return;

  /* Another model: painted anew. */
  self->repaint_all = TRUE;
  g_clear_pointer (&self->changed, g_hash_table_unref);

  if (self->annotations != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->annotations, items_changed_cb, self);
      g_ptr_array_foreach (self->watched, unwatch_annotation, self);
      g_ptr_array_set_size (self->watched, 0);
      g_clear_object (&self->annotations);
    }

  if (annotations != NULL)
    {
      self->annotations = g_object_ref (annotations);
      g_signal_connect (annotations, "items-changed", G_CALLBACK (items_changed_cb), self);
      items_changed_cb (annotations, 0, 0, g_list_model_get_n_items (annotations), self);
    }
  else
    queue_repaint (self);

  /* A new set is sent to the page now, before the main loop turns to the
   * sidebar's new rows. */
  if (self->ready)
    {
      g_clear_handle_id (&self->repaint_id, g_source_remove);
      repaint_cb (self);
    }
}

void
gloss_article_view_reveal (GlossArticleView *self,
                           const char       *id)
{
  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));
  g_return_if_fail (id != NULL);

  if (!self->ready)
    return;

  /* After a pending repaint, so a new annotation is there to reveal. */
  if (self->repaint_id != 0)
    {
      g_source_remove (self->repaint_id);
      repaint_cb (self);
    }

  gloss_article_view_page_call (self, "Gloss.reveal", "return Gloss.reveal(id);",
                                g_variant_new_parsed ("{'id': <%s>}", id), NULL);
}

/* ------------------------------------------------------------------------
 * Messages from the page
 * ------------------------------------------------------------------------ */

static double
message_get_number (JSCValue   *message,
                    const char *name,
                    double      fallback)
{
  g_autoptr(JSCValue) value = jsc_value_object_get_property (message, name);

  return jsc_value_is_number (value) ? jsc_value_to_double (value) : fallback;
}

static char *
message_get_string (JSCValue   *message,
                    const char *name)
{
  g_autoptr(JSCValue) value = jsc_value_object_get_property (message, name);

  return jsc_value_is_string (value) ? jsc_value_to_string (value) : NULL;
}

void
gloss_article_view_page_ready (GlossArticleView *self,
                               double            length)
{
  /* Loaded ahead: WebKit and Gloss read the file at different times.
   * Written in between (the stamp tells, whatever the length), the
   * document's own bytes are shown. */
  if (self->loaded_ahead && self->file_uri != NULL)
    {
      g_autofree char *path = g_file_get_path (gloss_document_get_file (self->document));
      GlossFileStamp now;

      gloss_file_stamp_get (path, &now);
      if (!gloss_file_stamp_equal (&self->early_stamp, &now))
        {
          g_info ("%s changed while it was read: shown from what Gloss read", path);
          gloss_article_view_load_from_bytes (self);
          return;
        }
    }

  if (self->document != NULL)
    {
      GlossText *text = gloss_document_get_text (self->document);

      if (text != NULL && length != (double) gloss_text_get_length (text))
        {
          g_info ("The page counts %.0f characters of text, the document %" G_GSIZE_FORMAT,
                  length, gloss_text_get_length (text));
          if (self->file_uri != NULL)
            {
              gloss_article_view_load_from_bytes (self);
              return;
            }
        }
    }

  gloss_article_view_set_ready (self, TRUE);

  /* A new page has nothing painted.  Without annotations (yet) there is
   * nothing to do; those a handler of ::ready handed over are painted. */
  if (self->annotations != NULL && !self->page_painted)
    queue_repaint (self);
}

static void
handle_ready (GlossArticleView *self,
              JSCValue         *message)
{
  double length = message_get_number (message, "length", -1);

  /* Loaded ahead of the document: checked once it is read. */
  if (self->document == NULL)
    {
      self->ready_waits = TRUE;
      self->ready_length = length;
      return;
    }

  gloss_article_view_page_ready (self, length);
}

static void
handle_selection (GlossArticleView *self,
                  JSCValue         *message)
{
  double start = message_get_number (message, "start", -1);
  double end = message_get_number (message, "end", -1);
  GdkRectangle rect;
  double x, y, width, height;

  if (!(start >= 0 && end > start && end <= (double) G_MAXSIZE))
    {
      if (self->has_selection)
        gloss_article_view_set_selection (self, FALSE, 0, 0, NULL);
      return;
    }

  /* CSS pixels of the viewport to widget pixels. */
  x = floor (message_get_number (message, "x", 0) * self->zoom);
  y = floor (message_get_number (message, "y", 0) * self->zoom);
  width = ceil (message_get_number (message, "width", 0) * self->zoom);
  height = ceil (message_get_number (message, "height", 0) * self->zoom);
  rect.x = (int) CLAMP (x, G_MININT / 2, G_MAXINT / 2);
  rect.y = (int) CLAMP (y, G_MININT / 2, G_MAXINT / 2);
  rect.width = (int) CLAMP (width, 0, G_MAXINT / 2);
  rect.height = (int) CLAMP (height, 0, G_MAXINT / 2);

  gloss_article_view_set_selection (self, TRUE, (gsize) start, (gsize) end, &rect);
}

static void
on_script_message (WebKitUserContentManager *manager,
                   JSCValue                 *message,
                   GlossArticleView         *self)
{
  g_autofree char *type = NULL;

  /* Only the page of our own, committed load speaks. */
  if (!self->committed || !jsc_value_is_object (message))
    return;

  type = message_get_string (message, "type");

  if (g_strcmp0 (type, "ready") == 0)
    handle_ready (self, message);
  else if (!self->ready)
    return;
  else if (g_strcmp0 (type, "selection") == 0)
    handle_selection (self, message);
  else if (g_strcmp0 (type, "activate") == 0)
    {
      g_autofree char *id = message_get_string (message, "id");

      if (id != NULL)
        gloss_article_view_emit_annotation_activated (self, id);
    }
  else
    g_debug ("Unknown message from the page: %s", type ? type : "(none)");
}

/* ------------------------------------------------------------------------
 * The page script
 * ------------------------------------------------------------------------ */

static WebKitUserScript *
create_page_script (const char *world_name)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;

  bytes = g_resources_lookup_data (PAGE_SCRIPT_PATH, 0, &error);
  if (bytes == NULL)
    g_error ("The page script is missing: %s", error->message);

  /* Errors in the script name the resource and its real lines. */
  source = g_strdup_printf ("%.*s\n//# sourceURL=%s\n",
                            (int) g_bytes_get_size (bytes),
                            (const char *) g_bytes_get_data (bytes, NULL),
                            PAGE_SCRIPT_URI);

  return webkit_user_script_new_for_world (source,
                                           WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                           WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END,
                                           world_name, NULL, NULL);
}

void
gloss_article_view_init_page (GlossArticleView *self)
{
  g_autoptr(WebKitUserScript) script = NULL;

  script = create_page_script (self->world_name);
  webkit_user_content_manager_add_script (self->content_manager, script);
  webkit_user_content_manager_register_script_message_handler (self->content_manager,
                                                               MESSAGE_HANDLER,
                                                               self->world_name);
  g_signal_connect (self->content_manager, "script-message-received::" MESSAGE_HANDLER,
                    G_CALLBACK (on_script_message), self);
}

void
gloss_article_view_dispose_page (GlossArticleView *self)
{
  if (self->content_manager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->content_manager, self);
      webkit_user_content_manager_unregister_script_message_handler (self->content_manager,
                                                                     MESSAGE_HANDLER,
                                                                     self->world_name);
    }
  g_clear_pointer (&self->changed, g_hash_table_unref);
}
