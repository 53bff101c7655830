/* gloss-sidecar-json.c: JSON helpers of the sidecar, and its printer
 *
 * The text is written by a small printer of our own (two-space indent,
 * "key": value), so that the bytes depend on the data only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidecar"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gloss-sidecar-private.h"

gboolean
gloss_sidecar_node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

const char *
gloss_sidecar_get_string_member (JsonObject  *object,
                                 const char  *name,
                                 gboolean    *wrong_type)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  /* json-glib decodes a lone surrogate escape ("\ud800") into bytes that
   * are not UTF-8: such a string is as wrong as a number. */
  if (!gloss_sidecar_node_is_string (node) || !g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      *wrong_type = TRUE;
      return NULL;
    }

  return json_node_get_string (node);
}

/* TRUE when @node is the string @value or an array holding it. */
gboolean
gloss_sidecar_node_has_string (JsonNode   *node,
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
        if (gloss_sidecar_node_has_string (json_array_get_element (array, i), value))
          return TRUE;
    }

  return FALSE;
}

/* Copies the members of @from that are not in @owned into @to, in order. */
void
gloss_sidecar_copy_unknown_members (JsonObject         *to,
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

static void
print_string (GString    *out,
              const char *str)
{
  g_autofree char *valid = NULL;

  /* Never write what could not be read back (see gloss_sidecar_get_string_member()). */
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

  /* json-glib reads 1e400 as infinity: written so, it reads the same (JSON
   * has no "inf"). */
  if (isinf (value))
    {
      g_string_append (out, value > 0 ? "1e400" : "-1e400");
      return;
    }
  if (isnan (value))
    {
      g_string_append (out, "null");
      return;
    }

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
  /* And a double still: "4" or "-0" would read back as a whole number. */
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
print_indent (GString *out,
              guint    indent)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < indent; i++)
    g_string_append (out, "  ");
}

static void print_node (GString   *out,
                        JsonNode  *node,
                        guint      indent,
                        JsonNode  *items,
                        GPtrArray *texts,
                        GlossSidecarHole *hole);

void
gloss_sidecar_print_node (GString  *out,
                          JsonNode *node,
                          guint     indent)
{
  print_node (out, node, indent, NULL, NULL, NULL);
}

void
gloss_sidecar_print_node_items (GString   *out,
                                JsonNode  *node,
                                guint      indent,
                                JsonNode  *items,
                                GPtrArray *texts,
                                GlossSidecarHole *hole)
{
  print_node (out, node, indent, items, texts, hole);
}

void
gloss_sidecar_print_texts (GString   *out,
                           GPtrArray *texts,
                           guint      indent)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < texts->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      print_indent (out, indent + 1);
      g_string_append (out, texts->pdata[i]);
    }
  if (texts->len > 0)
    print_indent (out, indent);
  g_string_append_c (out, ']');
}

static void
print_node (GString   *out,
            JsonNode  *node,
            guint      indent,
            JsonNode  *items,
            GPtrArray *texts,
            GlossSidecarHole *hole)
{
  if (node == items)
    {
      if (texts != NULL)
        gloss_sidecar_print_texts (out, texts, indent);
      if (hole != NULL)
        {
          hole->at = out->len;
          hole->indent = indent;
        }
      return;
    }

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
            print_node (out, json_object_get_member (object, l->data), indent + 1, items, texts,
                        hole);
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
            print_node (out, json_array_get_element (array, i), indent + 1, items, texts,
                        hole);
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
