/* gloss-sidecar-read.c: reading a sidecar into a GlossSidecar
 *
 * Reading keeps of every JSON object what Gloss does not write itself
 * (the members it does not know, bodies it does not read…), so that
 * writing can give them back.  Items that cannot be read are
 * kept aside with their exact value and a sentence saying why.
 *
 * The text is checked first (gloss-sidecar-check.c); then the collection
 * is parsed without its items and each item on its own
 * (gloss-sidecar-split.c), or, for any other shape, the whole document in
 * one tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidecar"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-background.h"
#include "gloss-error.h"
#include "gloss-sidecar-private.h"

/* Items read in parts at once, from this many items on. */
#define ITEMS_PER_PART 500

/* A copy of the string member @name; NULL when missing or not a string
 * (such a member is kept as it is on rewrite). */
static char *
dup_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !gloss_sidecar_node_is_string (node) || *json_node_get_string (node) == '\0' ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL))
    return NULL;

  return g_strdup (json_node_get_string (node));
}

/* "gloss:deleted": [{"id": "…", "deleted": "…Z"}, …]; what does not read
 * so is kept as it is. */
static void
parse_deleted (GlossSidecar *self,
               JsonNode     *node)
{
  g_autoptr(GList) entries = NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_ptr_array_add (self->deleted_verbatim, json_node_copy (node));
      return;
    }

  entries = json_array_get_elements (json_node_get_array (node));
  for (const GList *l = entries; l != NULL; l = l->next)
    {
      g_autoptr(GDateTime) when = NULL;
      gboolean wrong_type = FALSE;
      const char *id = NULL;
      GDateTime *known;
      JsonObject *entry;

      if (JSON_NODE_HOLDS_OBJECT (l->data))
        {
          const char *time;

          entry = json_node_get_object (l->data);

          id = gloss_sidecar_get_string_member (entry, "id", &wrong_type);
          time = gloss_sidecar_get_string_member (entry, "deleted", &wrong_type);
          /* Other members would be lost on rewrite: kept as it is then. */
          if (id != NULL && *id != '\0' && time != NULL && !wrong_type &&
              json_object_get_size (entry) == 2)
            {
              g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (time, NULL);

              if (parsed != NULL)
                when = g_date_time_to_utc (parsed);
            }
        }

      if (when == NULL)
        {
          g_ptr_array_add (self->deleted_verbatim, json_node_copy (l->data));
          continue;
        }

      known = g_hash_table_lookup (self->deleted, id);
      if (known == NULL || g_date_time_compare (known, when) < 0)
        g_hash_table_replace (self->deleted, g_strdup (id), g_steal_pointer (&when));
    }
}

gboolean
gloss_sidecar_invalid (GError     **error,
                       const char  *reason)
{
  g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID,
               _("The annotations file cannot be read: %s."),
               reason);
  return FALSE;
}

/* The collection's own members; @items is set to its first page's items,
 * or NULL. */
static gboolean
parse_collection (GlossSidecar  *self,
                  JsonNode      *root_node,
                  JsonArray    **items,
                  GError       **error)
{
  JsonObject *root;
  JsonNode *node;

  *items = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    return gloss_sidecar_invalid (error, _("it is not a JSON object"));

  root = json_node_get_object (root_node);
  if (!gloss_sidecar_node_has_string (json_object_get_member (root, "type"), "AnnotationCollection"))
    return gloss_sidecar_invalid (error, _("it is not a W3C annotation collection"));

  self->root = json_object_ref (root);

  node = json_object_get_member (root, "id");
  if (node != NULL && !gloss_sidecar_node_is_string (node))
    return gloss_sidecar_invalid (error, _("its id is not a string"));
  self->id = node ? g_strdup (json_node_get_string (node)) : gloss_sidecar_mint_id ();
  self->label = dup_string_member (root, "label");

  node = json_object_get_member (root, "gloss:article");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *article = json_node_get_object (node);

      self->article = json_object_ref (article);
      self->article_id = dup_string_member (article, "id");
      self->article_name = dup_string_member (article, "name");
      self->article_sha256 = dup_string_member (article, "sha256");
    }
  if (self->article_id == NULL)
    self->article_id = gloss_sidecar_mint_id ();

  node = json_object_get_member (root, "first");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return gloss_sidecar_invalid (error, _("its first page is not embedded in the file"));

      self->page = json_object_ref (json_node_get_object (node));
      self->page_id = dup_string_member (self->page, "id");

      node = json_object_get_member (self->page, "items");
      if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
        return gloss_sidecar_invalid (error, _("its items are not a list"));
      if (node != NULL)
        *items = json_node_get_array (node);
    }
  if (self->page_id == NULL)
    self->page_id = gloss_sidecar_mint_id ();

  node = json_object_get_member (root, "gloss:deleted");
  if (node != NULL)
    parse_deleted (self, node);

  return TRUE;
}

/* The next item: @annotation (taken). */
static void
add_annotation (GlossSidecar    *self,
                GlossAnnotation *annotation)
{
  GlossSidecarSlot slot = { NULL, NULL };

  slot.id = g_strdup (gloss_annotation_get_id (annotation));
  g_ptr_array_add (self->annotations, annotation);
  g_array_append_val (self->slots, slot);
}

/* Item @index of the collection: an annotation, or kept as it is. */
static void
add_item (GlossSidecar *self,
          JsonNode     *item,
          guint         index,
          GDateTime    *fallback_time,
          GHashTable   *seen_ids)
{
  GlossSidecarSlot slot = { NULL, NULL };
  const char *reason = NULL;
  GlossAnnotation *annotation;

  annotation = gloss_sidecar_read_item (item, fallback_time, seen_ids, &reason);
  if (annotation != NULL)
    {
      add_annotation (self, annotation);
      return;
    }

  slot.verbatim = json_node_copy (item);
  g_ptr_array_add (self->problems,
                   g_strdup_printf (_("Highlight %u in the annotations file cannot be "
                                      "read (%s); it is kept as it is."),
                                    index + 1, reason));
  g_array_append_val (self->slots, slot);
}

/* The items live on as annotations and slots: the parsed ones are not
 * kept. */
static void
drop_items (GlossSidecar *self)
{
  if (self->page != NULL)
    json_object_remove_member (self->page, "items");
}

/* The whole document in one tree: for what gloss_sidecar_split_items()
 * does not take, and to say what is wrong with a document that is not
 * JSON. */
static GlossSidecar *
parse_whole (const char  *data,
             gsize        len,
             GDateTime   *fallback_time,
             GError     **error)
{
  g_autoptr(GHashTable) seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GlossSidecar) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonArray *items;

  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_autofree char *reason = g_strdup_printf (_("it is not valid JSON (%s)"),
                                                 local_error->message);

      gloss_sidecar_invalid (error, reason);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      gloss_sidecar_invalid (error, _("it is empty"));
      return NULL;
    }

  self = gloss_sidecar_alloc ();
  if (!parse_collection (self, json_parser_get_root (parser), &items, error))
    return NULL;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    add_item (self, json_array_get_element (items, i), i, fallback_time, seen_ids);
  drop_items (self);

  return g_steal_pointer (&self);
}

/* The items, read in parts at once: each one as if it were the first (no
 * id seen before it); what is read in order after settles the rest. */
typedef struct
{
  const char       *data;
  GArray           *spans;
  GDateTime        *fallback_time;
  GlossAnnotation **read;       /* per item: as read, or NULL */
  gint              not_json;   /* an item did not parse */
} ItemsJob;

static void
read_items_part (gpointer user_data,
                 guint    from,
                 guint    to)
{
  ItemsJob *job = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = from; i < to && !g_atomic_int_get (&job->not_json); i++)
    {
      const GlossSidecarSpan *span = &g_array_index (job->spans, GlossSidecarSpan, i);
      const char *reason = NULL;

      if (!json_parser_load_from_data (parser, job->data + span->start, span->end - span->start,
                                       NULL) ||
          json_parser_get_root (parser) == NULL)
        {
          g_atomic_int_set (&job->not_json, TRUE);
          return;
        }
      job->read[i] = gloss_sidecar_read_item (json_parser_get_root (parser), job->fallback_time,
                                              seen_ids, &reason);
      g_hash_table_remove_all (seen_ids);
    }
}

/* The collection without its items in one tree, then each item in its
 * own: NULL, without a word, when any of it does not parse or it is not a
 * collection (parse_whole() then says why). */
static GlossSidecar *
parse_by_item (const char             *data,
               gsize                   len,
               const GlossSidecarSpan *array,
               GArray                 *spans,
               GDateTime              *fallback_time)
{
  g_autoptr(GHashTable) seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GlossSidecar) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) rest = g_string_sized_new (len - (array->end - array->start) + 2);
  g_autofree GlossAnnotation **read = NULL;
  ItemsJob job = { 0 };
  JsonArray *items;

  /* The collection, with "items": [] in its first page. */
  g_string_append_len (rest, data, array->start + 1);
  g_string_append_len (rest, data + array->end - 1, len - array->end + 1);
  if (!json_parser_load_from_data (parser, rest->str, rest->len, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;

  self = gloss_sidecar_alloc ();
  if (!parse_collection (self, json_parser_get_root (parser), &items, NULL))
    return NULL;

  /* 10,000 items: 200 ms of parsing JSON, halved on two cores. */
  job.data = data;
  job.spans = spans;
  job.fallback_time = fallback_time;
  job.read = read = g_new0 (GlossAnnotation *, spans->len);
  gloss_parallel_for (spans->len, ITEMS_PER_PART, read_items_part, &job);

  for (guint i = 0; i < spans->len; i++)
    {
      const GlossSidecarSpan *span = &g_array_index (spans, GlossSidecarSpan, i);
      GlossAnnotation *annotation = g_steal_pointer (&read[i]);

      if (job.not_json)
        {
          g_clear_object (&annotation);
          continue;
        }

      /* Read, and its id the first: as it was read. */
      if (annotation != NULL && !g_hash_table_contains (seen_ids, gloss_annotation_get_id (annotation)))
        {
          g_hash_table_add (seen_ids, g_strdup (gloss_annotation_get_id (annotation)));
          add_annotation (self, annotation);
          continue;
        }

      /* Not read, or its id taken: read again in order, which says why. */
      g_clear_object (&annotation);
      if (!json_parser_load_from_data (parser, data + span->start, span->end - span->start, NULL) ||
          json_parser_get_root (parser) == NULL)
        {
          for (guint j = i + 1; j < spans->len; j++)
            g_clear_object (&read[j]);
          return NULL;
        }
      add_item (self, json_parser_get_root (parser), i, fallback_time, seen_ids);
    }
  if (job.not_json)
    return NULL;
  drop_items (self);

  return g_steal_pointer (&self);
}

static GlossSidecar *
parse (GBytes     *bytes,
       GDateTime  *fallback_time,
       gboolean    by_item,
       GError    **error)
{
  g_autoptr(GDateTime) epoch = NULL;
  g_autoptr(GArray) spans = NULL;
  GlossSidecarSpan array;
  const char *data;
  gsize len;

  data = g_bytes_get_data (bytes, &len);
  if (!gloss_sidecar_check_text (data, len, error))
    return NULL;

  if (fallback_time == NULL)
    fallback_time = epoch = g_date_time_new_from_unix_utc (0);

  spans = g_array_new (FALSE, FALSE, sizeof (GlossSidecarSpan));
  if (by_item && gloss_sidecar_split_items (data, len, &array, spans))
    {
      GlossSidecar *self = parse_by_item (data, len, &array, spans, fallback_time);

      if (self != NULL)
        return self;
    }

  return parse_whole (data, len, fallback_time, error);
}

GlossSidecar *
gloss_sidecar_parse (GBytes     *bytes,
                     GDateTime  *fallback_time,
                     GError    **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);

  return parse (bytes, fallback_time, TRUE, error);
}

GlossSidecar *
gloss_sidecar_parse_whole (GBytes     *bytes,
                           GDateTime  *fallback_time,
                           GError    **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);

  return parse (bytes, fallback_time, FALSE, error);
}
