/* w3c-musts.h: the MUSTs of the W3C Web Annotation Data Model that a
 * Gloss collection (sidecar or JSON export) has to meet, as assertions
 *
 * They follow the W3C web-annotation-tests assertions for collections,
 * pages, annotations, textual bodies, specific resources, selectors and
 * styles.  Only items that look like Gloss's own annotations are checked
 * when @skip_foreign is TRUE (items kept verbatim are someone else's).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

static inline gboolean
w3c_is_iri (const char *str)
{
  /* An absolute IRI: a scheme, a colon, something. */
  return str != NULL && g_regex_match_simple ("^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$", str, 0, 0);
}

static inline gboolean
w3c_is_datetime (const char *str)
{
  /* xsd:dateTime with a time zone, as the model requires for created and
   * modified (UTC "Z" is what it recommends). */
  return str != NULL &&
         g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                               "(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$", str, 0, 0);
}

static inline const char *
w3c_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static inline gboolean
w3c_is_motivation (const char *str)
{
  static const char * const motivations[] = {
    "assessing", "bookmarking", "classifying", "commenting", "describing",
    "editing", "highlighting", "identifying", "linking", "moderating",
    "questioning", "replying", "tagging", NULL
  };

  return str != NULL && g_strv_contains (motivations, str);
}

static inline void
w3c_assert_annotation (JsonObject *annotation)
{
  JsonNode *node;
  JsonObject *target;
  const char *str;

  /* 3.1: id (an IRI), type Annotation, at least one target. */
  g_assert_true (w3c_is_iri (w3c_string (annotation, "id")));
  g_assert_cmpstr (w3c_string (annotation, "type"), ==, "Annotation");
  g_assert_true (json_object_has_member (annotation, "target"));

  /* 3.3.5: motivation from the model's list. */
  str = w3c_string (annotation, "motivation");
  if (json_object_has_member (annotation, "motivation"))
    g_assert_true (w3c_is_motivation (str));

  /* 3.3.1: created and modified are xsd:dateTime with a time zone. */
  if (json_object_has_member (annotation, "created"))
    g_assert_true (w3c_is_datetime (w3c_string (annotation, "created")));
  if (json_object_has_member (annotation, "modified"))
    g_assert_true (w3c_is_datetime (w3c_string (annotation, "modified")));

  /* 3.2.4: an embedded textual body has a value; its purpose, if any,
   * is a motivation. */
  node = json_object_get_member (annotation, "body");
  if (node != NULL)
    {
      JsonArray *bodies;

      g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
      bodies = json_node_get_array (node);
      g_assert_cmpuint (json_array_get_length (bodies), >, 0);
      for (guint i = 0; i < json_array_get_length (bodies); i++)
        {
          JsonNode *body_node = json_array_get_element (bodies, i);
          JsonObject *body;

          /* 3.2.1: a body given as a string is the IRI of a resource. */
          if (JSON_NODE_HOLDS_VALUE (body_node))
            {
              g_assert_true (w3c_is_iri (json_node_get_string (body_node)));
              continue;
            }

          body = json_node_get_object (body_node);

          g_assert_cmpstr (w3c_string (body, "type"), ==, "TextualBody");
          g_assert_nonnull (w3c_string (body, "value"));
          g_assert_true (w3c_is_motivation (w3c_string (body, "purpose")));
        }
    }

  /* 4: a specific resource has a source, an absolute IRI. */
  target = json_object_get_object_member (annotation, "target");
  g_assert_nonnull (target);
  g_assert_true (w3c_is_iri (w3c_string (target, "source")));

  /* 4.2: every selector has a type; quote selectors an exact string,
   * position selectors non-negative integers in order. */
  node = json_object_get_member (target, "selector");
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonObject *selector = json_array_get_object_element (json_node_get_array (node), i);
      const char *type = w3c_string (selector, "type");

      g_assert_nonnull (type);
      if (g_str_equal (type, "TextQuoteSelector"))
        g_assert_nonnull (w3c_string (selector, "exact"));
      if (g_str_equal (type, "TextPositionSelector"))
        {
          gint64 start = json_object_get_int_member (selector, "start");
          gint64 end = json_object_get_int_member (selector, "end");

          g_assert_cmpint (start, >=, 0);
          g_assert_cmpint (end, >=, start);
        }
    }

  /* 4.3: a styleClass needs a stylesheet on the annotation. */
  if (json_object_has_member (target, "styleClass"))
    {
      JsonObject *stylesheet = json_object_get_object_member (annotation, "stylesheet");

      g_assert_nonnull (stylesheet);
      g_assert_cmpstr (w3c_string (stylesheet, "type"), ==, "CssStylesheet");
      g_assert_nonnull (w3c_string (stylesheet, "value"));
    }
}

/* Asserts the MUSTs on a whole collection, given as JSON text. */
static inline void
w3c_assert_collection (const char *json,
                       gboolean    skip_foreign)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *page;
  JsonArray *items;
  JsonNode *context;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));

  /* 5.1: the context, an IRI id, the type, a label. */
  context = json_object_get_member (root, "@context");
  g_assert_nonnull (context);
  if (JSON_NODE_HOLDS_ARRAY (context))
    g_assert_cmpstr (json_array_get_string_element (json_node_get_array (context), 0),
                     ==, "http://www.w3.org/ns/anno.jsonld");
  else
    g_assert_cmpstr (json_node_get_string (context), ==, "http://www.w3.org/ns/anno.jsonld");
  g_assert_true (w3c_is_iri (w3c_string (root, "id")));
  g_assert_cmpstr (w3c_string (root, "type"), ==, "AnnotationCollection");
  g_assert_nonnull (w3c_string (root, "label"));

  /* 5.2: the embedded first page has an IRI id, its type and items. */
  page = json_object_get_object_member (root, "first");
  g_assert_nonnull (page);
  g_assert_true (w3c_is_iri (w3c_string (page, "id")));
  g_assert_cmpstr (w3c_string (page, "type"), ==, "AnnotationPage");
  items = json_object_get_array_member (page, "items");
  g_assert_nonnull (items);
  g_assert_cmpint (json_object_get_int_member (root, "total"), ==, json_array_get_length (items));

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);

      if (skip_foreign &&
          (!JSON_NODE_HOLDS_OBJECT (item) ||
           !json_object_has_member (json_node_get_object (item), "stylesheet")))
        continue;

      w3c_assert_annotation (json_node_get_object (item));
    }
}
