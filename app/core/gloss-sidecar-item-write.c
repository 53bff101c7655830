/* gloss-sidecar-item-write.c: one annotation of a sidecar, written
 *
 * A GlossAnnotation becomes a W3C Web Annotation item again: the members
 * Gloss owns first, in a fixed order, then the ones it does not know
 * (kept when it was read, see gloss-sidecar-item.c), in the order they
 * were read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidecar"

#include "config.h"

#include "gloss-annotation-private.h"
#include "gloss-color.h"
#include "gloss-sidecar-private.h"

/* ISO 8601 in UTC.  Not g_date_time_format()'s %Y, which writes the year
 * 375 as "375" (found by fuzz-sidecar): a date not read back. */
char *
gloss_sidecar_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

static JsonNode *
textual_body (const char *purpose,
              const char *value,
              gboolean    with_format)
{
  JsonObject *body = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (body, "type", "TextualBody");
  json_object_set_string_member (body, "purpose", purpose);
  json_object_set_string_member (body, "value", value);
  if (with_format)
    json_object_set_string_member (body, "format", "text/plain");
  json_node_take_object (node, body);

  return node;
}

/* Tags, then the note, then the bodies Gloss does not read, as they were. */
static JsonArray *
serialize_body (GlossAnnotation *annotation,
                JsonObject      *kept)
{
  JsonArray *array = json_array_new ();
  const char * const *tags = gloss_annotation_get_tags (annotation);
  const char *note = gloss_annotation_get_note (annotation);

  for (guint i = 0; tags[i] != NULL; i++)
    json_array_add_element (array, textual_body ("tagging", tags[i], FALSE));
  if (*note != '\0')
    json_array_add_element (array, textual_body ("commenting", note, TRUE));

  gloss_sidecar_append_kept_bodies (array, kept);

  return array;
}

static JsonArray *
serialize_selectors (const GlossSelectors *selectors,
                     JsonObject           *kept_target)
{
  JsonArray *array = json_array_new ();
  JsonObject *quote = json_object_new ();
  JsonNode *node;

  json_object_set_string_member (quote, "type", "TextQuoteSelector");
  json_object_set_string_member (quote, "exact", selectors->exact ? selectors->exact : "");
  if (selectors->prefix != NULL)
    json_object_set_string_member (quote, "prefix", selectors->prefix);
  if (selectors->suffix != NULL)
    json_object_set_string_member (quote, "suffix", selectors->suffix);
  json_array_add_object_element (array, quote);

  if (selectors->start >= 0 && selectors->end >= selectors->start)
    {
      JsonObject *position = json_object_new ();

      json_object_set_string_member (position, "type", "TextPositionSelector");
      json_object_set_int_member (position, "start", selectors->start);
      json_object_set_int_member (position, "end", selectors->end);
      json_array_add_object_element (array, position);
    }

  /* Other kinds of selectors (XPath, CSS, ranges…) were made by other
   * tools: keep them. */
  node = kept_target ? json_object_get_member (kept_target, "selector") : NULL;
  if (node != NULL)
    {
      g_autoptr(GList) list = NULL;

      if (JSON_NODE_HOLDS_ARRAY (node))
        list = json_array_get_elements (json_node_get_array (node));
      else
        list = g_list_append (list, node);

      for (const GList *l = list; l != NULL; l = l->next)
        {
          JsonObject *selector;
          const char *type;

          if (!JSON_NODE_HOLDS_OBJECT (l->data))
            continue;
          selector = json_node_get_object (l->data);
          node = json_object_get_member (selector, "type");
          type = node && gloss_sidecar_node_is_string (node) ? json_node_get_string (node) : "";
          if (!g_str_equal (type, "TextQuoteSelector") &&
              !g_str_equal (type, "TextPositionSelector"))
            json_array_add_element (array, json_node_copy (l->data));
        }
    }

  return array;
}

void
gloss_sidecar_record_history (GlossSidecar         *self,
                              GlossAnnotation      *annotation,
                              const GlossSelectors *old_selectors)
{
  JsonObject *kept;
  JsonObject *entry;
  JsonArray *history;
  JsonNode *node;

  g_return_if_fail (self != NULL);
  g_return_if_fail (GLOSS_IS_ANNOTATION (annotation));
  g_return_if_fail (old_selectors != NULL);

  kept = gloss_annotation_get_json (annotation);
  if (kept == NULL)
    {
      g_autoptr(JsonObject) fresh = json_object_new ();

      gloss_annotation_set_json (annotation, fresh);
      kept = fresh;
    }

  node = json_object_get_member (kept, "gloss:history");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    history = json_node_get_array (node);
  else
    {
      history = json_array_new ();
      json_object_set_array_member (kept, "gloss:history", history);
    }

  entry = json_object_new ();
  if (self->article_sha256 != NULL)
    json_object_set_string_member (entry, "sha256", self->article_sha256);
  json_object_set_array_member (entry, "selector", serialize_selectors (old_selectors, NULL));
  json_array_add_object_element (history, entry);
  gloss_annotation_touch (annotation);
}

static const char *
status_nick (GlossAnchorStatus status)
{
  GEnumClass *klass = g_type_class_ref (GLOSS_TYPE_ANCHOR_STATUS);
  GEnumValue *value = g_enum_get_value (klass, status);
  const char *nick = value ? value->value_nick : "orphaned";

  g_type_class_unref (klass);

  return nick;
}

JsonNode *
gloss_sidecar_serialize_annotation (GlossSidecar               *self,
                                    GlossAnnotation            *annotation,
                                    GlossSidecarSerializeFlags  flags,
                                    const char                 *article_uri)
{
  JsonObject *kept = gloss_annotation_get_json (annotation);
  JsonNode *kept_target_node = kept ? json_object_get_member (kept, "target") : NULL;
  JsonObject *kept_target = NULL;
  JsonObject *object = json_object_new ();
  JsonObject *target = json_object_new ();
  JsonObject *stylesheet = json_object_new ();
  JsonNode *motivation = kept ? json_object_get_member (kept, "motivation") : NULL;
  g_autofree char *created = gloss_sidecar_format_time (gloss_annotation_get_created (annotation));
  g_autofree char *modified = gloss_sidecar_format_time (gloss_annotation_get_modified (annotation));
  JsonArray *body;
  JsonNode *node;

  if (kept_target_node != NULL && JSON_NODE_HOLDS_OBJECT (kept_target_node))
    kept_target = json_node_get_object (kept_target_node);

  json_object_set_string_member (object, "id", gloss_annotation_get_id (annotation));
  json_object_set_string_member (object, "type", "Annotation");
  if (motivation != NULL && !JSON_NODE_HOLDS_NULL (motivation))
    json_object_set_member (object, "motivation", json_node_copy (motivation));
  else
    json_object_set_string_member (object, "motivation", "highlighting");
  json_object_set_string_member (object, "created", created);
  json_object_set_string_member (object, "modified", modified);

  body = serialize_body (annotation, kept);
  if (json_array_get_length (body) > 0)
    json_object_set_array_member (object, "body", body);
  else
    json_array_unref (body);

  if (flags & GLOSS_SIDECAR_SERIALIZE_EXPORT)
    json_object_set_string_member (target, "source", article_uri);
  else
    json_object_set_string_member (target, "source", self->article_id);
  json_object_set_string_member (target, "styleClass", gloss_annotation_get_color (annotation));
  json_object_set_array_member (target, "selector",
                                serialize_selectors (gloss_annotation_get_selectors (annotation),
                                                     kept_target));
  gloss_sidecar_copy_unknown_members (target, kept_target, gloss_sidecar_owned_target_members);
  json_object_set_object_member (object, "target", target);

  json_object_set_string_member (stylesheet, "type", "CssStylesheet");
  json_object_set_string_member (stylesheet, "value", gloss_color_stylesheet ());
  json_object_set_object_member (object, "stylesheet", stylesheet);

  if (flags & GLOSS_SIDECAR_SERIALIZE_EXPORT)
    json_object_set_string_member (object, "gloss:status",
                                   status_nick (gloss_annotation_get_status (annotation)));

  gloss_sidecar_copy_unknown_members (object, kept, gloss_sidecar_owned_annotation_members);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);

  return node;
}
