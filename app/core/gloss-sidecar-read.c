/* gloss-sidecar-read.c: reading a sidecar into a GlossSidecar
 *
 * Reading keeps of every JSON object what Gloss does not write itself
 * (the members it does not know, bodies it does not read…), so that
 * writing can give them back.  Items that cannot be read are
 * kept aside with their exact value and a sentence saying why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidecar"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-error.h"
#include "gloss-sidecar-private.h"

/* What the brackets of a document say, in one pass (a sidecar of 10,000
 * annotations is 12 MB): nested deeper than @max_depth (json-glib
 * recurses once per level and overflows the stack), or a container after
 * another top-level value (json-glib 1.6 leaks the second of two top-level
 * values, all of it, before it says the document is not JSON; a sidecar
 * that changes on disk is read again and again).  Strings are skipped;
 * the parser checks the rest. */
typedef enum
{
  SHAPE_FINE,
  SHAPE_TOO_DEEP,
  SHAPE_SEVERAL_VALUES,
} Shape;

static Shape
scan_shape (const char *data,
            gsize       len,
            guint       max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean seen_value = FALSE;
  gboolean several = FALSE;

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
          several |= depth == 0 && seen_value;
          if (++depth > max_depth)
            return SHAPE_TOO_DEEP;
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

  return several ? SHAPE_SEVERAL_VALUES : SHAPE_FINE;
}

gboolean
gloss_sidecar_check_depth (const char *data,
                           gsize       len,
                           guint       max_depth)
{
  return scan_shape (data, len, max_depth) != SHAPE_TOO_DEEP;
}

/* json-glib 1.6 reads a whole number beyond 64 bits wrapped around
 * (12345678901234567890 becomes -6101065172474983726), so it could not be
 * written back as it was: such a file is not read.  Numbers with a
 * fraction or an exponent are doubles, which keep their value. */
static gboolean
whole_numbers_fit (const char *data,
                   gsize       len)
{
  static const char max_digits[] = "9223372036854775807";
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      gboolean negative;
      gsize start, n;

      if (in_string)
        {
          if (data[i] == '\\')
            i++;
          else if (data[i] == '"')
            in_string = FALSE;
          continue;
        }
      if (data[i] == '"')
        {
          in_string = TRUE;
          continue;
        }
      if (data[i] != '-' && !g_ascii_isdigit (data[i]))
        continue;

      negative = data[i] == '-';
      start = negative ? i + 1 : i;
      for (i = start; i < len && g_ascii_isdigit (data[i]); i++)
        ;
      n = i - start;
      if (i < len && (data[i] == '.' || data[i] == 'e' || data[i] == 'E'))
        {
          /* A double: skip the rest of it. */
          while (i + 1 < len && strchr ("0123456789.eE+-", data[i + 1]) != NULL)
            i++;
          continue;
        }

      /* Leading zeros are not JSON; the parser says so. */
      if (n > strlen (max_digits) ||
          (n == strlen (max_digits) &&
           memcmp (data + start, max_digits, n) > 0 &&
           !(negative && memcmp (data + start, "9223372036854775808", n) == 0)))
        return FALSE;
      i--;
    }

  return TRUE;
}

static int
hex_escape_value (const char *p,
                  const char *end)
{
  int value = 0;

  if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
    return -1;

  for (int i = 2; i < 6; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

typedef enum
{
  ESCAPES_FINE,
  ESCAPES_INVALID,      /* \q, \u12, \uGGGG: not JSON */
  ESCAPES_HALF,         /* \ud800 without its other half */
} EscapesVerdict;

/* Whether the escapes in the strings of @data are JSON's and whole
 * characters; @where is set to the first that is not.  json-glib 1.6 reads
 * the others without a word, and wrongly: "\q" as "q", "\u00zz" cuts the
 * string short, "\ud800" gives bytes that are not UTF-8 and swallows the
 * character after it.  Such a file could not be kept as it is. */
static EscapesVerdict
check_escapes (const char  *data,
               gsize        len,
               const char **where)
{
  const char *end = data + len;
  gboolean in_string = FALSE;

  for (const char *p = data; p < end; p++)
    {
      int value;

      if (!in_string)
        {
          in_string = *p == '"';
          continue;
        }
      if (*p == '"')
        {
          in_string = FALSE;
          continue;
        }
      if (*p != '\\')
        continue;

      *where = p;
      if (end - p < 2)
        return ESCAPES_INVALID;
      if (strchr ("\"\\/bfnrt", p[1]) != NULL && p[1] != '\0')
        {
          p++;
          continue;
        }

      value = hex_escape_value (p, end);
      if (value < 0)
        return ESCAPES_INVALID;
      if (value < 0xd800 || value > 0xdfff)
        {
          p += 5;
          continue;
        }
      if (value >= 0xdc00)
        return ESCAPES_HALF;

      value = hex_escape_value (p + 6, end);
      if (value < 0xdc00 || value > 0xdfff)
        return ESCAPES_HALF;
      p += 11;
    }

  return ESCAPES_FINE;
}

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

static gboolean
collection_error (GError     **error,
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
    return collection_error (error, _("it is not a JSON object"));

  root = json_node_get_object (root_node);
  if (!gloss_sidecar_node_has_string (json_object_get_member (root, "type"), "AnnotationCollection"))
    return collection_error (error, _("it is not a W3C annotation collection"));

  self->root = json_object_ref (root);

  node = json_object_get_member (root, "id");
  if (node != NULL && !gloss_sidecar_node_is_string (node))
    return collection_error (error, _("its id is not a string"));
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
        return collection_error (error, _("its first page is not embedded in the file"));

      self->page = json_object_ref (json_node_get_object (node));
      self->page_id = dup_string_member (self->page, "id");

      node = json_object_get_member (self->page, "items");
      if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
        return collection_error (error, _("its items are not a list"));
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
      slot.id = g_strdup (gloss_annotation_get_id (annotation));
      g_ptr_array_add (self->annotations, annotation);
    }
  else
    {
      slot.verbatim = json_node_copy (item);
      g_ptr_array_add (self->problems,
                       g_strdup_printf (_("Highlight %u in the annotations file cannot be "
                                          "read (%s); it is kept as it is."),
                                        index + 1, reason));
    }

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

      collection_error (error, reason);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      collection_error (error, _("it is empty"));
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

  for (guint i = 0; i < spans->len; i++)
    {
      const GlossSidecarSpan *span = &g_array_index (spans, GlossSidecarSpan, i);

      if (!json_parser_load_from_data (parser, data + span->start, span->end - span->start, NULL) ||
          json_parser_get_root (parser) == NULL)
        return NULL;
      add_item (self, json_parser_get_root (parser), i, fallback_time, seen_ids);
    }
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
  const char *escape = NULL;
  const char *data;
  Shape shape;
  gsize len;

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
  /* No sidecar needs more than a few levels. */
  shape = scan_shape (data, len, GLOSS_SIDECAR_MAX_DEPTH);
  if (shape == SHAPE_TOO_DEEP)
    {
      collection_error (error, _("it is nested too deeply"));
      return NULL;
    }
  if (shape == SHAPE_SEVERAL_VALUES)
    {
      g_autofree char *reason = g_strdup_printf (_("it is not valid JSON (%s)"),
                                                 _("more than one value"));

      collection_error (error, reason);
      return NULL;
    }

  switch (check_escapes (data, len, &escape))
    {
    case ESCAPES_INVALID:
      {
        g_autofree char *text = g_utf8_make_valid (escape, MIN (6, data + len - escape));
        g_autofree char *what = g_strdup_printf (_("“%s” is no escape"), text);
        g_autofree char *reason = g_strdup_printf (_("it is not valid JSON (%s)"), what);

        collection_error (error, reason);
        return NULL;
      }
    case ESCAPES_HALF:
      {
        g_autofree char *text = g_strndup (escape, 6);
        g_autofree char *reason = g_strdup_printf (_("it holds “%s”, half of a character, which "
                                                     "Gloss could not keep as it is"),
                                                   text);

        collection_error (error, reason);
        return NULL;
      }
    case ESCAPES_FINE:
    default:
      break;
    }
  if (!whole_numbers_fit (data, len))
    {
      collection_error (error, _("it holds a whole number too large to keep"));
      return NULL;
    }

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
