/* gloss-sidecar.c: the ARTICLE.EXT.annotations.json file, in and out
 *
 * Reading keeps every JSON object it was given; writing builds a fresh
 * object per level with the members Gloss owns first, in a fixed order,
 * followed by the members it does not know, in the order they were read.
 * Items that cannot be read keep their place and their exact value.  The
 * text is written by a small printer of our own (two-space indent, "key":
 * value), so that the bytes depend on the data only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidecar"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "gloss-annotation-private.h"
#include "gloss-color.h"
#include "gloss-error.h"
#include "gloss-sidecar.h"

/* One entry of the collection's items, in file order: an annotation Gloss
 * reads (by id) or an item it keeps as it was. */
typedef struct
{
  char     *id;
  JsonNode *verbatim;
} Slot;

struct _GlossSidecar
{
  gatomicrefcount  ref_count;

  JsonObject      *root;       /* as read; members not owned are kept */
  JsonObject      *page;       /* "first", as read, or NULL */
  JsonObject      *article;    /* "gloss:article", as read, or NULL */

  char            *id;
  char            *page_id;
  char            *label;
  char            *article_id;
  char            *article_name;
  char            *article_sha256;

  GPtrArray       *annotations;  /* GlossAnnotation, as read */
  GArray          *slots;        /* Slot */
  GPtrArray       *problems;     /* char *, NULL-terminated */

  /* "gloss:deleted": id → GDateTime (UTC), and entries that could not be
   * read, kept as they were. */
  GHashTable      *deleted;
  GPtrArray       *deleted_verbatim;
};

G_DEFINE_BOXED_TYPE (GlossSidecar, gloss_sidecar, gloss_sidecar_ref, gloss_sidecar_unref)

static const char * const owned_collection_members[] = {
  "@context", "id", "type", "label", "gloss:article", "total", "first", "gloss:deleted", NULL
};

/* A deletion is remembered this long, so that an old copy of the file
 * (a backup, a sync, a conflict copy) does not bring the highlight back. */
#define DELETED_KEEP_DAYS 180
static const char * const owned_page_members[] = {
  "id", "type", "items", NULL
};
static const char * const owned_article_members[] = {
  "id", "name", "sha256", "uri", NULL
};
static const char * const owned_annotation_members[] = {
  "id", "type", "motivation", "created", "modified", "body", "bodyValue",
  "target", "stylesheet", "gloss:status", NULL
};
static const char * const owned_target_members[] = {
  "source", "styleClass", "selector", NULL
};

static void
slot_clear (gpointer data)
{
  Slot *slot = data;

  g_clear_pointer (&slot->id, g_free);
  g_clear_pointer (&slot->verbatim, json_node_unref);
}

static char *
mint_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat ("urn:uuid:", uuid, NULL);
}

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

static GlossSidecar *
sidecar_alloc (void)
{
  GlossSidecar *self = g_new0 (GlossSidecar, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->annotations = g_ptr_array_new_with_free_func (g_object_unref);
  self->slots = g_array_new (FALSE, TRUE, sizeof (Slot));
  g_array_set_clear_func (self->slots, slot_clear);
  self->problems = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_date_time_unref);
  self->deleted_verbatim = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  return self;
}

GlossSidecar *
gloss_sidecar_new (void)
{
  GlossSidecar *self = sidecar_alloc ();

  self->id = mint_id ();
  self->page_id = mint_id ();
  self->article_id = mint_id ();

  return self;
}

GlossSidecar *
gloss_sidecar_ref (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
gloss_sidecar_unref (GlossSidecar *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->root, json_object_unref);
  g_clear_pointer (&self->page, json_object_unref);
  g_clear_pointer (&self->article, json_object_unref);
  g_free (self->id);
  g_free (self->page_id);
  g_free (self->label);
  g_free (self->article_id);
  g_free (self->article_name);
  g_free (self->article_sha256);
  g_ptr_array_unref (self->annotations);
  g_array_unref (self->slots);
  g_ptr_array_unref (self->problems);
  g_hash_table_unref (self->deleted);
  g_ptr_array_unref (self->deleted_verbatim);
  g_free (self);
}

const char *
gloss_sidecar_get_id (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->id;
}

const char *
gloss_sidecar_get_label (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->label;
}

void
gloss_sidecar_set_label (GlossSidecar *self,
                         const char   *label)
{
  g_return_if_fail (self != NULL);

  if (label != self->label)
    {
      g_free (self->label);
      self->label = g_strdup (label);
    }
}

const char *
gloss_sidecar_get_article_id (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->article_id;
}

const char *
gloss_sidecar_get_article_name (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->article_name;
}

const char *
gloss_sidecar_get_article_sha256 (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->article_sha256;
}

void
gloss_sidecar_set_article (GlossSidecar *self,
                           const char   *name,
                           const char   *sha256)
{
  char *tmp;

  g_return_if_fail (self != NULL);

  tmp = g_strdup (name);
  g_free (self->article_name);
  self->article_name = tmp;

  tmp = g_strdup (sha256);
  g_free (self->article_sha256);
  self->article_sha256 = tmp;
}

GPtrArray *
gloss_sidecar_get_annotations (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->annotations;
}

guint
gloss_sidecar_get_n_unreadable (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->problems->len;
}

const char * const *
gloss_sidecar_get_problems (GlossSidecar *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (self != NULL, NULL);

  /* An empty array may have no storage yet. */
  if (self->problems->pdata == NULL)
    return none;

  return (const char * const *) self->problems->pdata;
}

GHashTable *
gloss_sidecar_get_deleted (GlossSidecar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->deleted;
}

/* Drops what was deleted long before @now. */
static void
prune_deleted (GlossSidecar *self,
               GDateTime    *now)
{
  g_autoptr(GDateTime) limit = g_date_time_add_days (now, -DELETED_KEEP_DAYS);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->deleted);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_date_time_compare (value, limit) < 0)
      g_hash_table_iter_remove (&iter);
}

void
gloss_sidecar_set_deleted (GlossSidecar *self,
                           const char   *id,
                           GDateTime    *when)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (id != NULL);

  if (when == NULL)
    {
      g_hash_table_remove (self->deleted, id);
      return;
    }

  prune_deleted (self, when);
  g_hash_table_replace (self->deleted, g_strdup (id), g_date_time_to_utc (when));
}

void
gloss_sidecar_replace_deleted (GlossSidecar *self,
                               GHashTable   *deleted)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (self != NULL);

  g_hash_table_remove_all (self->deleted);
  if (deleted == NULL)
    return;

  g_hash_table_iter_init (&iter, deleted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->deleted, g_strdup (key), g_date_time_ref (value));
}

gboolean
gloss_sidecar_has_item (GlossSidecar *self,
                        const char   *id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < self->slots->len; i++)
    if (g_strcmp0 (g_array_index (self->slots, Slot, i).id, id) == 0)
      return TRUE;

  return FALSE;
}

void
gloss_sidecar_adopt_unreadable (GlossSidecar *self,
                                GlossSidecar *other)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (other != NULL);

  for (guint i = 0; i < other->slots->len; i++)
    {
      Slot *slot = &g_array_index (other->slots, Slot, i);
      gboolean known = FALSE;
      Slot copy = { NULL, NULL };

      if (slot->verbatim == NULL)
        continue;

      for (guint j = 0; j < self->slots->len && !known; j++)
        {
          Slot *mine = &g_array_index (self->slots, Slot, j);

          known = mine->verbatim != NULL && json_node_equal (mine->verbatim, slot->verbatim);
        }
      if (known)
        continue;

      copy.verbatim = json_node_copy (slot->verbatim);
      g_array_append_val (self->slots, copy);
      g_ptr_array_add (self->problems,
                       g_strdup_printf (_("Highlight %u in the annotations file cannot be "
                                          "read; it is kept as it is."),
                                        self->slots->len));
    }
}

/* Reading
 * ======= */

gboolean
gloss_sidecar_check_depth (const char *data,
                           gsize       len,
                           guint       max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '[':
        case '{':
          if (++depth > max_depth)
            return FALSE;
          break;

        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;

        default:
          break;
        }
    }

  return TRUE;
}

/* json-glib 1.6 leaks the second of two top-level values, all of it ("{}"
 * then a big object leaks the big object), before it says the document is
 * not JSON; a sidecar that changes on disk is read again and again.  So a
 * container after another top-level value is refused first.  Strings are
 * skipped as in gloss_sidecar_check_depth(). */
static gboolean
holds_one_value (const char *data,
                 gsize       len)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean seen_value = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              seen_value |= depth == 0;
            }
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '[':
        case '{':
          if (depth == 0 && seen_value)
            return FALSE;
          depth++;
          break;

        case ']':
        case '}':
          if (depth > 0 && --depth == 0)
            seen_value = TRUE;
          break;

        default:
          /* The start of a number, true, false or null. */
          if (depth == 0 && (g_ascii_isdigit (c) || c == '-' || c == 't' || c == 'f' || c == 'n'))
            seen_value = TRUE;
          break;
        }
    }

  return TRUE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static const char *
get_string_member (JsonObject  *object,
                   const char  *name,
                   gboolean    *wrong_type)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  /* json-glib decodes a lone surrogate escape ("\ud800") into bytes that
   * are not UTF-8: such a string is as wrong as a number. */
  if (!node_is_string (node) || !g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      *wrong_type = TRUE;
      return NULL;
    }

  return json_node_get_string (node);
}

/* A copy of the string member @name; NULL when missing or not a string
 * (such a member is kept as it is on rewrite). */
static char *
dup_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !node_is_string (node) || *json_node_get_string (node) == '\0' ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL))
    return NULL;

  return g_strdup (json_node_get_string (node));
}

/* TRUE when @node is the string @value or an array holding it. */
static gboolean
node_has_string (JsonNode   *node,
                 const char *value)
{
  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_VALUE (node))
    return json_node_get_value_type (node) == G_TYPE_STRING &&
           g_strcmp0 (json_node_get_string (node), value) == 0;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (node_has_string (json_array_get_element (array, i), value))
          return TRUE;
    }

  return FALSE;
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
  const char *str = get_string_member (object, name, &wrong_type);
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
      type = get_string_member (selector, "type", &wrong_type);

      if (g_strcmp0 (type, "TextQuoteSelector") == 0 && !have_quote)
        {
          const char *exact = get_string_member (selector, "exact", &wrong_type);
          const char *prefix = get_string_member (selector, "prefix", &wrong_type);
          const char *suffix = get_string_member (selector, "suffix", &wrong_type);

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
  const char *type = get_string_member (body, "type", &wrong_type);
  const char *purpose = get_string_member (body, "purpose", &wrong_type);
  const char *value = get_string_member (body, "value", &wrong_type);
  const char *format = get_string_member (body, "format", &wrong_type);
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

  type = get_string_member (object, "type", &wrong_type);
  if (wrong_type || (type != NULL && !g_str_equal (type, "Annotation")))
    {
      *reason = _("it is not an Annotation");
      return NULL;
    }

  id = get_string_member (object, "id", &wrong_type);
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

  color = get_string_member (target, "styleClass", &wrong_type);
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
          /* A string body is an IRI: kept, see serialize_body(). */
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

  body_value = get_string_member (object, "bodyValue", &wrong_type);
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
  gloss_annotation_set_json (annotation, object);
  g_hash_table_add (seen_ids, g_strdup (id));

  return annotation;
}

static GlossAnnotation *
read_item (JsonNode    *item,
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

          id = get_string_member (entry, "id", &wrong_type);
          time = get_string_member (entry, "deleted", &wrong_type);
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

static gboolean
collection_error (GError     **error,
                  const char  *reason)
{
  g_set_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID,
               _("The annotations file cannot be read: %s."),
               reason);
  return FALSE;
}

static gboolean
parse_collection (GlossSidecar *self,
                  JsonNode     *root_node,
                  GDateTime    *fallback_time,
                  GError      **error)
{
  g_autoptr(GHashTable) seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *items = NULL;
  JsonObject *root;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    return collection_error (error, _("it is not a JSON object"));

  root = json_node_get_object (root_node);
  if (!node_has_string (json_object_get_member (root, "type"), "AnnotationCollection"))
    return collection_error (error, _("it is not a W3C annotation collection"));

  self->root = json_object_ref (root);

  node = json_object_get_member (root, "id");
  if (node != NULL && !node_is_string (node))
    return collection_error (error, _("its id is not a string"));
  self->id = node ? g_strdup (json_node_get_string (node)) : mint_id ();
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
    self->article_id = mint_id ();

  node = json_object_get_member (root, "first");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return collection_error (error, _("its first page is not embedded in the file"));

      self->page = json_object_ref (json_node_get_object (node));
      self->page_id = dup_string_member (self->page, "id");

      node = json_object_get_member (self->page, "items");
      if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
        return collection_error (error, _("its items are not a list"));
      if (node != NULL)
        items = json_node_get_array (node);
    }
  if (self->page_id == NULL)
    self->page_id = mint_id ();

  node = json_object_get_member (root, "gloss:deleted");
  if (node != NULL)
    parse_deleted (self, node);

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      const char *reason = NULL;
      GlossAnnotation *annotation;
      Slot slot = { NULL, NULL };

      annotation = read_item (item, fallback_time, seen_ids, &reason);
      if (annotation != NULL)
        {
          slot.id = g_strdup (gloss_annotation_get_id (annotation));
          g_ptr_array_add (self->annotations, annotation);
        }
      else
        {
          slot.verbatim = json_node_copy (item);
          g_ptr_array_add (self->problems,
                           g_strdup_printf (_("Highlight %u in the annotations file cannot be "
                                              "read (%s); it is kept as it is."),
                                            i + 1, reason));
        }

      g_array_append_val (self->slots, slot);
    }

  return TRUE;
}

GlossSidecar *
gloss_sidecar_parse (GBytes     *bytes,
                     GDateTime  *fallback_time,
                     GError    **error)
{
  g_autoptr(GlossSidecar) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GDateTime) epoch = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);

  if (len > GLOSS_SIDECAR_MAX_SIZE)
    {
      collection_error (error, _("it is larger than 64 MiB"));
      return NULL;
    }
  if (len == 0)
    {
      collection_error (error, _("it is empty"));
      return NULL;
    }
  if (memchr (data, '\0', len) != NULL)
    {
      collection_error (error, _("it holds binary data"));
      return NULL;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      collection_error (error, _("it is not UTF-8 text"));
      return NULL;
    }
  /* json-glib recurses once per level and overflows the stack on very
   * deep documents: no sidecar needs more than a few levels. */
  if (!gloss_sidecar_check_depth (data, len, GLOSS_SIDECAR_MAX_DEPTH))
    {
      collection_error (error, _("it is nested too deeply"));
      return NULL;
    }

  if (!holds_one_value (data, len))
    {
      g_autofree char *reason = g_strdup_printf (_("it is not valid JSON (%s)"),
                                                 _("more than one value"));

      collection_error (error, reason);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_autofree char *reason = g_strdup_printf (_("it is not valid JSON (%s)"),
                                                 local_error->message);

      collection_error (error, reason);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      collection_error (error, _("it is empty"));
      return NULL;
    }

  if (fallback_time == NULL)
    fallback_time = epoch = g_date_time_new_from_unix_utc (0);

  self = sidecar_alloc ();
  if (!parse_collection (self, json_parser_get_root (parser), fallback_time, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Writing
 * ======= */

/* Copies the members of @from that are not in @owned into @to, in order. */
static void
copy_unknown_members (JsonObject         *to,
                      JsonObject         *from,
                      const char * const *owned)
{
  g_autoptr(GList) members = NULL;

  if (from == NULL)
    return;

  /* json_object_iter_*() walks a hash table: get_members() keeps the
   * order of the file. */
  members = json_object_get_members (from);
  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (owned, l->data) && !json_object_has_member (to, l->data))
      json_object_set_member (to, l->data, json_node_copy (json_object_get_member (from, l->data)));
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
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
  JsonNode *node = kept ? json_object_get_member (kept, "body") : NULL;
  gboolean note_skipped = FALSE;
  g_autoptr(GList) bodies = NULL;

  for (guint i = 0; tags[i] != NULL; i++)
    json_array_add_element (array, textual_body ("tagging", tags[i], FALSE));
  if (*note != '\0')
    json_array_add_element (array, textual_body ("commenting", note, TRUE));

  if (node == NULL)
    return array;

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
          /* Read into tags and note: written above from the annotation.
           * Comments after the first one were not read: keep them. */
          if (g_str_equal (purpose, "tagging") || !note_skipped)
            {
              note_skipped |= g_str_equal (purpose, "commenting");
              continue;
            }
        }

      json_array_add_element (array, json_node_copy (l->data));
    }

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
          type = node && node_is_string (node) ? json_node_get_string (node) : "";
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

static JsonNode *
serialize_annotation (GlossSidecar               *self,
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
  g_autofree char *created = format_time (gloss_annotation_get_created (annotation));
  g_autofree char *modified = format_time (gloss_annotation_get_modified (annotation));
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
  copy_unknown_members (target, kept_target, owned_target_members);
  json_object_set_object_member (object, "target", target);

  json_object_set_string_member (stylesheet, "type", "CssStylesheet");
  json_object_set_string_member (stylesheet, "value", gloss_color_stylesheet ());
  json_object_set_object_member (object, "stylesheet", stylesheet);

  if (flags & GLOSS_SIDECAR_SERIALIZE_EXPORT)
    json_object_set_string_member (object, "gloss:status",
                                   status_nick (gloss_annotation_get_status (annotation)));

  copy_unknown_members (object, kept, owned_annotation_members);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);

  return node;
}

/* The JSON printer
 * ================ */

static void print_node (GString  *out,
                        JsonNode *node,
                        guint     indent);

static void
print_string (GString    *out,
              const char *str)
{
  g_autofree char *valid = NULL;

  /* Never write what could not be read back (see get_string_member()). */
  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);

  g_string_append_c (out, '"');

  for (const char *p = str; *p != '\0'; p++)
    {
      guchar c = *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }

  g_string_append_c (out, '"');
}

static void
print_double (GString *out,
              double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* The shortest text that reads back as the same double. */
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  g_string_append (out, buf);
}

static void
print_indent (GString *out,
              guint    indent)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < indent; i++)
    g_string_append (out, "  ");
}

static void
print_node (GString  *out,
            JsonNode *node,
            guint     indent)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        g_string_append_c (out, '{');
        for (const GList *l = members; l != NULL; l = l->next)
          {
            if (l != members)
              g_string_append_c (out, ',');
            print_indent (out, indent + 1);
            print_string (out, l->data);
            g_string_append (out, ": ");
            print_node (out, json_object_get_member (object, l->data), indent + 1);
          }
        if (members != NULL)
          print_indent (out, indent);
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            print_indent (out, indent + 1);
            print_node (out, json_array_get_element (array, i), indent + 1);
          }
        if (n > 0)
          print_indent (out, indent);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          print_string (out, json_node_get_string (node));
          break;
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          print_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        default:
          g_string_append (out, "null");
        }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* By id, so that the same deletions always give the same bytes; then the
 * entries that could not be read. */
static JsonArray *
serialize_deleted (GlossSidecar *self)
{
  JsonArray *array = json_array_new ();
  g_autofree gpointer *ids = NULL;
  guint n;

  ids = g_hash_table_get_keys_as_array (self->deleted, &n);
  qsort (ids, n, sizeof (gpointer), compare_strings);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = json_object_new ();
      g_autofree char *when = format_time (g_hash_table_lookup (self->deleted, ids[i]));

      json_object_set_string_member (entry, "id", ids[i]);
      json_object_set_string_member (entry, "deleted", when);
      json_array_add_object_element (array, entry);
    }

  for (guint i = 0; i < self->deleted_verbatim->len; i++)
    json_array_add_element (array, json_node_copy (self->deleted_verbatim->pdata[i]));

  return array;
}

GBytes *
gloss_sidecar_serialize (GlossSidecar               *self,
                         GPtrArray                  *annotations,
                         GlossSidecarSerializeFlags  flags,
                         const char                 *article_uri)
{
  gboolean export = (flags & GLOSS_SIDECAR_SERIALIZE_EXPORT) != 0;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) written = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) slots = NULL;
  g_autoptr(JsonNode) root_node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *root = json_object_new ();
  JsonObject *article = json_object_new ();
  JsonObject *page = json_object_new ();
  JsonArray *items = json_array_new ();
  JsonNode *context = self->root ? json_object_get_member (self->root, "@context") : NULL;
  const char *label;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (!export || article_uri != NULL, NULL);

  slots = g_array_new (FALSE, TRUE, sizeof (Slot));
  g_array_set_clear_func (slots, slot_clear);

  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    g_hash_table_insert (by_id,
                         (gpointer) gloss_annotation_get_id (annotations->pdata[i]),
                         annotations->pdata[i]);

  /* The sidecar: items keep their place in the file, new ones follow.
   * The export: the annotations in the given order, nothing else. */
  if (!export)
    {
      for (guint i = 0; i < self->slots->len; i++)
        {
          Slot *slot = &g_array_index (self->slots, Slot, i);
          GlossAnnotation *annotation;
          Slot copy = { NULL, NULL };

          if (slot->verbatim != NULL)
            {
              json_array_add_element (items, json_node_copy (slot->verbatim));
              copy.verbatim = json_node_copy (slot->verbatim);
              g_array_append_val (slots, copy);
              continue;
            }

          annotation = g_hash_table_lookup (by_id, slot->id);
          if (annotation == NULL || g_hash_table_contains (written, slot->id))
            continue;

          json_array_add_element (items, serialize_annotation (self, annotation, flags, article_uri));
          g_hash_table_add (written, (gpointer) gloss_annotation_get_id (annotation));
          copy.id = g_strdup (slot->id);
          g_array_append_val (slots, copy);
        }
    }

  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    {
      GlossAnnotation *annotation = annotations->pdata[i];
      const char *id = gloss_annotation_get_id (annotation);
      Slot copy = { NULL, NULL };

      if (g_hash_table_contains (written, id))
        continue;

      json_array_add_element (items, serialize_annotation (self, annotation, flags, article_uri));
      g_hash_table_add (written, (gpointer) id);
      copy.id = g_strdup (id);
      g_array_append_val (slots, copy);
    }

  if (context != NULL && node_has_string (context, GLOSS_SIDECAR_CONTEXT))
    json_object_set_member (root, "@context", json_node_copy (context));
  else
    json_object_set_string_member (root, "@context", GLOSS_SIDECAR_CONTEXT);
  json_object_set_string_member (root, "id", self->id);
  json_object_set_string_member (root, "type", "AnnotationCollection");
  label = self->label ? self->label : self->article_name;
  if (label != NULL)
    json_object_set_string_member (root, "label", label);

  json_object_set_string_member (article, "id", self->article_id);
  if (self->article_name != NULL)
    json_object_set_string_member (article, "name", self->article_name);
  if (self->article_sha256 != NULL)
    json_object_set_string_member (article, "sha256", self->article_sha256);
  if (export)
    json_object_set_string_member (article, "uri", article_uri);
  copy_unknown_members (article, self->article, owned_article_members);
  json_object_set_object_member (root, "gloss:article", article);

  json_object_set_int_member (root, "total", json_array_get_length (items));

  json_object_set_string_member (page, "id", self->page_id);
  json_object_set_string_member (page, "type", "AnnotationPage");
  json_object_set_array_member (page, "items", items);
  copy_unknown_members (page, self->page, owned_page_members);
  json_object_set_object_member (root, "first", page);

  if (!export)
    {
      JsonArray *deleted = serialize_deleted (self);

      if (json_array_get_length (deleted) > 0)
        json_object_set_array_member (root, "gloss:deleted", deleted);
      else
        json_array_unref (deleted);
    }

  copy_unknown_members (root, self->root, owned_collection_members);

  json_node_take_object (root_node, root);

  out = g_string_new (NULL);
  print_node (out, root_node, 0);
  g_string_append_c (out, '\n');

  /* What is written becomes the order for the next time. */
  if (!export)
    {
      g_array_unref (self->slots);
      self->slots = g_steal_pointer (&slots);
    }

  return g_string_free_to_bytes (out);
}
