/* gloss-sidecar-item.c: one annotation of a sidecar, read
 *
 * A W3C Web Annotation item becomes a GlossAnnotation, keeping of the
 * object it came from what Gloss does not write itself (see
 * kept_of_item()).  Writing it back is in gloss-sidecar-item-write.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidecar"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gloss-annotation-private.h"
#include "gloss-sidecar-private.h"

const char * const gloss_sidecar_owned_annotation_members[] = {
  "id", "type", "motivation", "created", "modified", "body", "bodyValue",
  "target", "stylesheet", "gloss:status", NULL
};
const char * const gloss_sidecar_owned_target_members[] = {
  "source", "styleClass", "selector", NULL
};

static JsonObject *kept_of_item (JsonObject *object);

/* A name-based "urn:uuid:" (RFC 9562 version 8) from @data: an item
 * written without an id gets the same one at every load. */
static char *
derive_id (const char *data)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;

  g_checksum_update (checksum, (const guchar *) data, -1);
  g_checksum_get_digest (checksum, digest, &len);
  digest[6] = (digest[6] & 0x0f) | 0x80;
  digest[8] = (digest[8] & 0x3f) | 0x80;

  return g_strdup_printf ("urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3],
                          digest[4], digest[5], digest[6], digest[7],
                          digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

static gboolean
get_offset (JsonObject *object,
            const char *name,
            gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL ||
      !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    return FALSE;

  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
parse_time (JsonObject  *object,
            const char  *name,
            GDateTime   *fallback,
            GDateTime  **out)
{
  gboolean wrong_type = FALSE;
  const char *str = gloss_sidecar_get_string_member (object, name, &wrong_type);
  g_autoptr(GDateTime) parsed = NULL;

  if (wrong_type)
    return FALSE;

  if (str == NULL)
    {
      *out = g_date_time_ref (fallback);
      return TRUE;
    }

  /* xsd:dateTime with a time zone, as the model asks. */
  parsed = g_date_time_new_from_iso8601 (str, NULL);
  if (parsed == NULL)
    return FALSE;

  *out = g_date_time_to_utc (parsed);
  return TRUE;
}

/* The selectors of @target: a TextQuoteSelector is needed, a
 * TextPositionSelector is optional. */
static gboolean
parse_selectors (JsonObject     *target,
                 GlossSelectors *selectors,
                 const char    **reason)
{
  JsonNode *node = json_object_get_member (target, "selector");
  g_autoptr(GList) list = NULL;
  gboolean have_quote = FALSE;
  gboolean have_position = FALSE;
  JsonArray *array;

  if (node == NULL)
    {
      *reason = _("it has no selector");
      return FALSE;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    list = g_list_append (list, node);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      list = json_array_get_elements (array);
    }
  else
    {
      *reason = _("its selector is not an object");
      return FALSE;
    }

  for (const GList *l = list; l != NULL; l = l->next)
    {
      JsonObject *selector;
      gboolean wrong_type = FALSE;
      const char *type;

      if (!JSON_NODE_HOLDS_OBJECT (l->data))
        {
          *reason = _("its selector is not an object");
          return FALSE;
        }

      selector = json_node_get_object (l->data);
      type = gloss_sidecar_get_string_member (selector, "type", &wrong_type);

      if (g_strcmp0 (type, "TextQuoteSelector") == 0 && !have_quote)
        {
          const char *exact = gloss_sidecar_get_string_member (selector, "exact", &wrong_type);
          const char *prefix = gloss_sidecar_get_string_member (selector, "prefix", &wrong_type);
          const char *suffix = gloss_sidecar_get_string_member (selector, "suffix", &wrong_type);

          if (wrong_type || exact == NULL || *exact == '\0')
            {
              *reason = _("its quote selector has no text");
              return FALSE;
            }

          selectors->exact = g_strdup (exact);
          selectors->prefix = g_strdup (prefix);
          selectors->suffix = g_strdup (suffix);
          have_quote = TRUE;
        }
      else if (g_strcmp0 (type, "TextPositionSelector") == 0 && !have_position)
        {
          gint64 start, end;

          if (!get_offset (selector, "start", &start) ||
              !get_offset (selector, "end", &end) ||
              end < start)
            {
              *reason = _("its position selector does not hold two offsets in order");
              return FALSE;
            }

          selectors->start = start;
          selectors->end = end;
          have_position = TRUE;
        }
      else if (wrong_type)
        {
          *reason = _("a selector has a type that is not a string");
          return FALSE;
        }
    }

  if (!have_quote)
    {
      *reason = _("it has no quote selector");
      return FALSE;
    }

  return TRUE;
}

/* A tag or a note in @body, else FALSE (the body is kept as it is). */
static gboolean
parse_body (JsonObject  *body,
            const char **purpose_out,
            const char **value_out)
{
  gboolean wrong_type = FALSE;
  const char *type = gloss_sidecar_get_string_member (body, "type", &wrong_type);
  const char *purpose = gloss_sidecar_get_string_member (body, "purpose", &wrong_type);
  const char *value = gloss_sidecar_get_string_member (body, "value", &wrong_type);
  const char *format = gloss_sidecar_get_string_member (body, "format", &wrong_type);
  static const char * const textual_body_members[] = { "type", "purpose", "value", "format", NULL };
  g_autoptr(GList) members = NULL;

  if (wrong_type || value == NULL)
    return FALSE;
  if (type != NULL && !g_str_equal (type, "TextualBody"))
    return FALSE;
  if (format != NULL && !g_str_equal (format, "text/plain"))
    return FALSE;

  /* A body without a purpose is a comment, as in the model's examples. */
  if (purpose == NULL)
    purpose = "commenting";
  if (!g_str_equal (purpose, "tagging") && !g_str_equal (purpose, "commenting"))
    return FALSE;

  /* Members beyond these would be lost on rewrite: keep such a body as it
   * is instead. */
  members = json_object_get_members (body);
  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (textual_body_members, l->data))
      return FALSE;

  *purpose_out = purpose;
  *value_out = value;
  return TRUE;
}

static GlossAnnotation *
parse_annotation (JsonNode        *item,
                  GDateTime       *fallback_time,
                  GHashTable      *seen_ids,
                  GlossSelectors  *selectors,
                  const char     **reason)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_null_terminated (0, NULL, TRUE);
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_autofree char *derived_id = NULL;
  g_autoptr(JsonObject) kept = NULL;
  GlossAnnotation *annotation;
  gboolean wrong_type = FALSE;
  const char *note = NULL;
  const char *id, *type, *color, *body_value;
  JsonObject *object, *target;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (item))
    {
      *reason = _("it is not an object");
      return NULL;
    }

  object = json_node_get_object (item);

  type = gloss_sidecar_get_string_member (object, "type", &wrong_type);
  if (wrong_type || (type != NULL && !g_str_equal (type, "Annotation")))
    {
      *reason = _("it is not an Annotation");
      return NULL;
    }

  id = gloss_sidecar_get_string_member (object, "id", &wrong_type);
  if (wrong_type || (id != NULL && *id == '\0'))
    {
      *reason = _("its id is not a string");
      return NULL;
    }
  if (id == NULL)
    {
      g_autofree char *text = json_to_string (item, FALSE);

      id = derived_id = derive_id (text);
    }
  if (g_hash_table_contains (seen_ids, id))
    {
      *reason = _("another highlight has the same id");
      return NULL;
    }

  node = json_object_get_member (object, "target");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      *reason = _("its target is not an object with selectors");
      return NULL;
    }
  target = json_node_get_object (node);

  if (!parse_selectors (target, selectors, reason))
    return NULL;

  color = gloss_sidecar_get_string_member (target, "styleClass", &wrong_type);
  if (wrong_type)
    {
      *reason = _("its colour is not a string");
      return NULL;
    }

  if (!parse_time (object, "created", fallback_time, &created) ||
      !parse_time (object, "modified", created, &modified))
    {
      *reason = _("its creation or modification time is not a date");
      return NULL;
    }

  node = json_object_get_member (object, "body");
  if (node != NULL)
    {
      g_autoptr(GList) bodies = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        bodies = g_list_append (bodies, node);
      else if (JSON_NODE_HOLDS_ARRAY (node))
        bodies = json_array_get_elements (json_node_get_array (node));
      else if (!JSON_NODE_HOLDS_VALUE (node) ||
               json_node_get_value_type (node) != G_TYPE_STRING)
        {
          /* A string body is an IRI: kept, see serialize_body()
           * in gloss-sidecar-item-write.c. */
          *reason = _("its body is neither an object nor a list");
          return NULL;
        }

      for (const GList *l = bodies; l != NULL; l = l->next)
        {
          const char *purpose, *value;

          if (!JSON_NODE_HOLDS_OBJECT (l->data) ||
              !parse_body (json_node_get_object (l->data), &purpose, &value))
            continue;

          if (g_str_equal (purpose, "tagging"))
            g_ptr_array_add (tags, (gpointer) value);
          else if (note == NULL)
            note = value;
        }
    }

  body_value = gloss_sidecar_get_string_member (object, "bodyValue", &wrong_type);
  if (wrong_type)
    {
      *reason = _("its bodyValue is not a string");
      return NULL;
    }
  if (note == NULL)
    note = body_value;

  annotation = gloss_annotation_new_full (id, selectors, color,
                                          (const char * const *) tags->pdata,
                                          note, created, modified);
  kept = kept_of_item (object);
  gloss_annotation_set_json (annotation, kept);
  g_hash_table_add (seen_ids, g_strdup (id));

  return annotation;
}

GlossAnnotation *
gloss_sidecar_read_item (JsonNode    *item,
                         GDateTime   *fallback_time,
                         GHashTable  *seen_ids,
                         const char **reason)
{
  GlossSelectors selectors = { NULL, NULL, NULL, -1, -1 };
  GlossAnnotation *annotation;

  annotation = parse_annotation (item, fallback_time, seen_ids, &selectors, reason);
  g_free (selectors.exact);
  g_free (selectors.prefix);
  g_free (selectors.suffix);

  return annotation;
}

/* Appends to @array the bodies of @kept Gloss did not read into tags and
 * the note, as they were. */
void
gloss_sidecar_append_kept_bodies (JsonArray  *array,
                                  JsonObject *kept)
{
  JsonNode *node = kept ? json_object_get_member (kept, "body") : NULL;
  gboolean note_skipped = FALSE;
  g_autoptr(GList) bodies = NULL;

  if (node == NULL)
    return;

  if (JSON_NODE_HOLDS_ARRAY (node))
    bodies = json_array_get_elements (json_node_get_array (node));
  else
    bodies = g_list_append (bodies, node);

  for (const GList *l = bodies; l != NULL; l = l->next)
    {
      const char *purpose, *value;

      if (JSON_NODE_HOLDS_OBJECT (l->data) &&
          parse_body (json_node_get_object (l->data), &purpose, &value))
        {
          /* Read into tags and note: written from the annotation.
           * Comments after the first one were not read: keep them. */
          if (g_str_equal (purpose, "tagging") || !note_skipped)
            {
              note_skipped |= g_str_equal (purpose, "commenting");
              continue;
            }
        }

      json_array_add_element (array, json_node_copy (l->data));
    }
}

static gboolean
is_own_selector (JsonNode *node)
{
  JsonNode *type;
  const char *name;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  type = json_object_get_member (json_node_get_object (node), "type");
  name = type && gloss_sidecar_node_is_string (type) ? json_node_get_string (type) : "";

  return g_str_equal (name, "TextQuoteSelector") || g_str_equal (name, "TextPositionSelector");
}

/* What the target of an item holds that Gloss does not write itself (see
 * serialize_selectors() in gloss-sidecar-item-write.c), or NULL: members
 * not its own, and the selectors when some are of another kind. */
static JsonObject *
kept_of_target (JsonObject *target)
{
  JsonObject *kept = NULL;
  g_autoptr(GList) members = json_object_get_members (target);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (target, l->data);
      gboolean keep = !g_strv_contains (gloss_sidecar_owned_target_members, l->data);

      if (g_str_equal (l->data, "selector"))
        {
          if (JSON_NODE_HOLDS_ARRAY (node))
            {
              g_autoptr(GList) list = json_array_get_elements (json_node_get_array (node));

              for (const GList *s = list; s != NULL && !keep; s = s->next)
                keep = JSON_NODE_HOLDS_OBJECT (s->data) && !is_own_selector (s->data);
            }
          else
            keep = JSON_NODE_HOLDS_OBJECT (node) && !is_own_selector (node);
        }

      if (keep)
        {
          if (kept == NULL)
            kept = json_object_new ();
          json_object_set_member (kept, l->data, json_node_copy (node));
        }
    }

  return kept;
}

/* What the writer takes from an item read from a sidecar, beyond the
 * annotation's own fields, or NULL when nothing: members Gloss does not
 * know, a motivation other than "highlighting", bodies Gloss did not
 * read, the target's extras (with 10,000 annotations, keeping whole items
 * took most of a hundred megabytes). */
static JsonObject *
kept_of_item (JsonObject *object)
{
  JsonObject *kept = NULL;
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (object, name);
      JsonNode *copy = NULL;

      if (!g_strv_contains (gloss_sidecar_owned_annotation_members, name))
        copy = json_node_copy (node);
      else if (g_str_equal (name, "motivation"))
        {
          if (!JSON_NODE_HOLDS_NULL (node) &&
              !(gloss_sidecar_node_is_string (node) &&
                g_str_equal (json_node_get_string (node), "highlighting")))
            copy = json_node_copy (node);
        }
      else if (g_str_equal (name, "body"))
        {
          g_autoptr(JsonArray) bodies = json_array_new ();

          gloss_sidecar_append_kept_bodies (bodies, object);
          if (json_array_get_length (bodies) > 0)
            copy = json_node_copy (node);
        }
      else if (g_str_equal (name, "target") && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *target = kept_of_target (json_node_get_object (node));

          if (target != NULL)
            {
              copy = json_node_new (JSON_NODE_OBJECT);
              json_node_take_object (copy, target);
            }
        }

      if (copy != NULL)
        {
          if (kept == NULL)
            kept = json_object_new ();
          json_object_set_member (kept, name, copy);
        }
    }

  return kept;
}
