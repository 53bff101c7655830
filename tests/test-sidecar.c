/* test-sidecar.c: GlossAnnotation and the sidecar format, without a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gloss-annotation-private.h"
#include "gloss-color.h"
#include "gloss-error.h"
#include "gloss-sidecar-private.h"

#include "w3c-musts.h"

/* A fixture's bytes, with "@STYLESHEET@" standing for the current
 * gloss_color_stylesheet() (so that a new palette does not break them). */
static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "sidecar", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) parts = NULL;
  char *joined;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  parts = g_strsplit (contents, "@STYLESHEET@", -1);
  joined = g_strjoinv (gloss_color_stylesheet (), parts);

  return g_bytes_new_take (joined, strlen (joined));
}

static JsonNode *
parse_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  json_parser_load_from_data (parser, data, len, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static JsonArray *
get_items (JsonNode *root)
{
  JsonObject *page = json_object_get_object_member (json_node_get_object (root), "first");

  return json_object_get_array_member (page, "items");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static GlossAnnotation *
make_annotation (const char *exact,
                 gint64      start)
{
  GlossSelectors selectors = { (char *) exact, (char *) "before ", (char *) " after", start, 0 };

  selectors.end = start + g_utf8_strlen (exact, -1);

  return gloss_annotation_new (&selectors, "green");
}

static void
test_annotation_notify (void)
{
  g_autoptr(GlossAnnotation) annotation = make_annotation ("a pen", 4);
  const char *tags[] = { " memory ", "", "memory", "habits", NULL };
  const char *same_tags[] = { "memory", "habits", NULL };
  GlossAnchorResult moved = { GLOSS_ANCHOR_MOVED, 10, 15, 0.9 };
  guint color = 0, tags_count = 0, note = 0, modified = 0, status = 0, start = 0;
  g_autofree char *quote = NULL;

  g_assert_true (g_str_has_prefix (gloss_annotation_get_id (annotation), "urn:uuid:"));
  g_assert_cmpint (gloss_annotation_get_status (annotation), ==, GLOSS_ANCHOR_EXACT);
  g_assert_cmpuint (gloss_annotation_get_start (annotation), ==, 4);
  g_assert_cmpuint (gloss_annotation_get_end (annotation), ==, 9);
  g_assert_true (g_date_time_equal (gloss_annotation_get_created (annotation),
                                    gloss_annotation_get_modified (annotation)));
  g_assert_cmpstr (gloss_annotation_get_note (annotation), ==, "");
  g_assert_cmpuint (g_strv_length ((GStrv) gloss_annotation_get_tags (annotation)), ==, 0);
  g_object_get (annotation, "quote", &quote, NULL);
  g_assert_cmpstr (quote, ==, "a pen");

  g_signal_connect (annotation, "notify::color", G_CALLBACK (count_notify), &color);
  g_signal_connect (annotation, "notify::tags", G_CALLBACK (count_notify), &tags_count);
  g_signal_connect (annotation, "notify::note", G_CALLBACK (count_notify), &note);
  g_signal_connect (annotation, "notify::modified", G_CALLBACK (count_notify), &modified);
  g_signal_connect (annotation, "notify::status", G_CALLBACK (count_notify), &status);
  g_signal_connect (annotation, "notify::start", G_CALLBACK (count_notify), &start);

  gloss_annotation_set_color (annotation, "green");
  g_object_set (annotation, "color", "green", NULL);
  g_assert_cmpuint (color, ==, 0);
  gloss_annotation_set_color (annotation, "teal");
  g_assert_cmpuint (color, ==, 1);
  g_assert_cmpstr (gloss_annotation_get_color (annotation), ==, "teal");

  gloss_annotation_set_tags (annotation, tags);
  g_assert_cmpuint (tags_count, ==, 1);
  g_assert_true (g_strv_equal (gloss_annotation_get_tags (annotation), same_tags));
  gloss_annotation_set_tags (annotation, same_tags);
  gloss_annotation_add_tag (annotation, "  habits");
  g_assert_cmpuint (tags_count, ==, 1);
  gloss_annotation_add_tag (annotation, "new");
  g_assert_cmpuint (tags_count, ==, 2);
  g_assert_true (gloss_annotation_has_tag (annotation, "new"));
  gloss_annotation_remove_tag (annotation, "memory");
  gloss_annotation_remove_tag (annotation, "absent");
  g_assert_cmpuint (tags_count, ==, 3);
  g_assert_cmpstr (gloss_annotation_get_tags (annotation)[0], ==, "habits");

  gloss_annotation_set_note (annotation, NULL);
  g_assert_cmpuint (note, ==, 0);
  gloss_annotation_set_note (annotation, "A note");
  gloss_annotation_set_note (annotation, "A note");
  g_assert_cmpuint (note, ==, 1);

  /* An annotation does not bump its own modification time: the store does. */
  g_assert_cmpuint (modified, ==, 0);

  gloss_annotation_set_anchor (annotation, &moved);
  gloss_annotation_set_anchor (annotation, &moved);
  g_assert_cmpuint (status, ==, 1);
  g_assert_cmpuint (start, ==, 1);
  g_assert_cmpuint (gloss_annotation_get_end (annotation), ==, 15);
}

static void
test_sidecar_roundtrip (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("roundtrip.annotations.json");
  g_autoptr(GlossSidecar) sidecar = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  GlossAnnotation *annotation;
  GPtrArray *annotations;
  const char *tags[] = { "memory", "reading habits", NULL };

  sidecar = gloss_sidecar_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sidecar);

  g_assert_cmpstr (gloss_sidecar_get_id (sidecar), ==, "urn:uuid:6b1d9c1e-2f0a-4c55-9a51-3c1f0e8d7a10");
  g_assert_cmpstr (gloss_sidecar_get_article_id (sidecar), ==, "urn:uuid:0f4e7a52-8d3b-4b9e-a1c6-5e2d9f7b3c21");
  g_assert_cmpstr (gloss_sidecar_get_article_name (sidecar), ==, "essay.html");
  g_assert_cmpstr (gloss_sidecar_get_label (sidecar), ==, "Reading with a Pen in Hand");
  g_assert_cmpuint (gloss_sidecar_get_n_unreadable (sidecar), ==, 2);
  g_assert_cmpuint (g_strv_length ((GStrv) gloss_sidecar_get_problems (sidecar)), ==, 2);

  annotations = gloss_sidecar_get_annotations (sidecar);
  g_assert_cmpuint (annotations->len, ==, 3);

  annotation = annotations->pdata[0];
  g_assert_cmpstr (gloss_annotation_get_id (annotation), ==, "urn:uuid:1d5e8a3f-7c2b-4e9d-8f1a-6b3c0d4e2a51");
  g_assert_true (g_strv_equal (gloss_annotation_get_tags (annotation), tags));
  g_assert_cmpstr (gloss_annotation_get_note (annotation), ==, "Compare with \"the art of memory\", p. 12.\nSecond line.");
  g_assert_cmpstr (gloss_annotation_get_quote (annotation), ==, "a pen in hand");
  g_assert_cmpint (gloss_annotation_get_selectors (annotation)->start, ==, 13);
  g_assert_cmpint (gloss_annotation_get_selectors (annotation)->end, ==, 26);
  g_assert_cmpint (g_date_time_to_unix (gloss_annotation_get_modified (annotation)), ==, 1795773930);

  /* An unknown colour is kept as it is. */
  annotation = annotations->pdata[1];
  g_assert_cmpstr (gloss_annotation_get_color (annotation), ==, "orange");
  g_assert_cmpstr (gloss_annotation_get_selectors (annotation)->prefix, ==, "");

  /* A rich-text comment is not a note: kept as a body Gloss does not read. */
  annotation = annotations->pdata[2];
  g_assert_cmpstr (gloss_annotation_get_note (annotation), ==, "");
  g_assert_cmpint (gloss_annotation_get_selectors (annotation)->start, ==, -1);
  g_assert_cmpstr (gloss_annotation_get_quote (annotation), ==, "Ünïcödé 🖊 text");

  /* Parse → serialise gives back the very bytes. */
  out = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out),
                   g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  again = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_assert_true (g_bytes_equal (out, again));
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return strstr (text, needle) != NULL;
}

/* A save prints again only the annotations that changed: whatever the
 * change, the file says it, and reads back to the same bytes. */
static void
test_sidecar_print_what_changed (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("roundtrip.annotations.json");
  g_autoptr(GlossSidecar) sidecar = NULL;
  g_autoptr(GlossSidecar) reread = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) edited = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GlossAnnotation) added = make_annotation ("a new passage", 40);
  g_autoptr(GDateTime) later = g_date_time_new_utc (2030, 1, 2, 3, 4, 5);
  GlossSelectors moved = { (char *) "a pen", (char *) "Reading with ", (char *) " in hand", 13, 18 };
  GlossAnnotation *first_one, *second_one, *third_one;
  const char *removed_id;

  sidecar = gloss_sidecar_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < gloss_sidecar_get_annotations (sidecar)->len; i++)
    g_ptr_array_add (annotations, g_object_ref (gloss_sidecar_get_annotations (sidecar)->pdata[i]));

  /* Printed ahead, then written: the very bytes read. */
  gloss_sidecar_print_annotations (sidecar);
  first = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_assert_cmpmem (g_bytes_get_data (first, NULL), g_bytes_get_size (first),
                   g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  first_one = annotations->pdata[0];
  second_one = annotations->pdata[1];
  third_one = annotations->pdata[2];
  gloss_annotation_set_color (first_one, "purple");
  gloss_annotation_add_tag (first_one, "fresh tag");
  gloss_annotation_set_note (second_one, "A new note");
  gloss_annotation_set_modified (second_one, later);
  gloss_sidecar_record_history (sidecar, third_one, gloss_annotation_get_selectors (third_one));
  gloss_annotation_set_selectors (third_one, &moved);
  removed_id = gloss_annotation_get_id (second_one);
  g_ptr_array_add (annotations, g_object_ref (added));

  edited = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_assert_true (bytes_contain (edited, "\"styleClass\": \"purple\""));
  g_assert_true (bytes_contain (edited, "\"value\": \"fresh tag\""));
  g_assert_true (bytes_contain (edited, "\"value\": \"A new note\""));
  g_assert_true (bytes_contain (edited, "\"modified\": \"2030-01-02T03:04:05Z\""));
  g_assert_true (bytes_contain (edited, "\"gloss:history\""));
  g_assert_true (bytes_contain (edited, "\"exact\": \"a pen\""));
  g_assert_true (bytes_contain (edited, gloss_annotation_get_id (added)));
  g_assert_true (bytes_contain (edited, "\"total\": 6"));

  /* Read back and written again: the same bytes. */
  reread = gloss_sidecar_parse (edited, NULL, &error);
  g_assert_no_error (error);
  again = gloss_sidecar_serialize (reread, gloss_sidecar_get_annotations (reread),
                                   GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_assert_cmpmem (g_bytes_get_data (again, NULL), g_bytes_get_size (again),
                   g_bytes_get_data (edited, NULL), g_bytes_get_size (edited));

  /* An annotation no longer given is no longer written. */
  g_assert_true (g_ptr_array_remove (annotations, second_one));
  g_clear_pointer (&edited, g_bytes_unref);
  edited = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_assert_false (bytes_contain (edited, removed_id));
  g_assert_true (bytes_contain (edited, "\"total\": 5"));
}

/* An annotation keeps of its item only what the writer takes from it:
 * nothing, for one Gloss wrote itself (10,000 whole items held most of a
 * hundred megabytes); the extras only, for one another tool wrote. */
static void
test_sidecar_keeps_only_extras (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("roundtrip.annotations.json");
  g_autoptr(GlossSidecar) sidecar = gloss_sidecar_parse (bytes, NULL, NULL);
  g_autoptr(GlossSidecar) again = NULL;
  g_autoptr(GBytes) out = NULL;
  GPtrArray *annotations;
  JsonObject *kept;

  g_assert_nonnull (sidecar);
  annotations = gloss_sidecar_get_annotations (sidecar);

  /* Its own: nothing kept, and written again the same. */
  out = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  again = gloss_sidecar_parse (out, NULL, NULL);
  g_assert_nonnull (again);
  for (guint i = 0; i < gloss_sidecar_get_annotations (again)->len; i++)
    {
      GlossAnnotation *annotation = gloss_sidecar_get_annotations (again)->pdata[i];

      kept = gloss_annotation_get_json (annotation);
      if (kept == NULL)
        continue;
      /* What is kept is never a member Gloss writes itself. */
      g_assert_false (json_object_has_member (kept, "id"));
      g_assert_false (json_object_has_member (kept, "type"));
      g_assert_false (json_object_has_member (kept, "created"));
      g_assert_false (json_object_has_member (kept, "modified"));
      g_assert_false (json_object_has_member (kept, "stylesheet"));
      g_assert_false (json_object_has_member (kept, "bodyValue"));
    }

  /* The second annotation of the fixture has a creator, a history, a
   * target extra and an XPath selector, and nothing else of its own kept. */
  kept = gloss_annotation_get_json (annotations->pdata[1]);
  g_assert_nonnull (kept);
  g_assert_true (json_object_has_member (kept, "creator"));
  g_assert_true (json_object_has_member (kept, "gloss:history"));
  g_assert_false (json_object_has_member (kept, "stylesheet"));
  g_assert_false (json_object_has_member (kept, "motivation"));
  g_assert_false (json_object_has_member (json_object_get_object_member (kept, "target"), "source"));
  g_assert_false (json_object_has_member (json_object_get_object_member (kept, "target"), "styleClass"));
  g_assert_true (json_object_has_member (json_object_get_object_member (kept, "target"), "selector"));

  /* A highlight made here, written and read back: nothing kept at all. */
  {
    g_autoptr(GlossSidecar) fresh = gloss_sidecar_new ();
    g_autoptr(GlossSidecar) read = NULL;
    g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GBytes) written = NULL;
    GlossSelectors selectors = { .exact = (char *) "a pen", .prefix = (char *) "with ",
                                 .suffix = (char *) " in hand", .start = 5, .end = 10 };
    g_autoptr(GDateTime) now = gloss_annotation_now ();
    const char *tags[] = { "method", NULL };

    g_ptr_array_add (made, gloss_annotation_new_full ("urn:uuid:5f0c8d2e-1a3b-4c5d-8e9f-0a1b2c3d4e5f",
                                                      &selectors, "green", tags, "A note",
                                                      now, now));
    written = gloss_sidecar_serialize (fresh, made, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
    read = gloss_sidecar_parse (written, NULL, NULL);
    g_assert_nonnull (read);
    g_assert_cmpuint (gloss_sidecar_get_annotations (read)->len, ==, 1);
    g_assert_null (gloss_annotation_get_json (gloss_sidecar_get_annotations (read)->pdata[0]));
  }
}

static void
test_sidecar_edit_keeps_unknown (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("roundtrip.annotations.json");
  g_autoptr(GlossSidecar) sidecar = gloss_sidecar_parse (bytes, NULL, NULL);
  g_autoptr(JsonNode) before = parse_json (bytes);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GBytes) out = NULL;
  GlossAnnotation *orange;
  JsonObject *root, *item, *target;
  JsonArray *items, *before_items, *body, *selector;

  g_assert_nonnull (sidecar);

  /* Edit one annotation and drop the first one. */
  kept = g_ptr_array_new ();
  g_ptr_array_extend (kept, gloss_sidecar_get_annotations (sidecar), NULL, NULL);
  orange = kept->pdata[1];
  gloss_annotation_set_note (orange, "Now with a note");
  gloss_annotation_add_tag (orange, "café");
  g_ptr_array_remove_index (kept, 0);

  out = gloss_sidecar_serialize (sidecar, kept, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  after = parse_json (out);
  root = json_node_get_object (after);

  /* Unknown members of the collection, the article, the page: kept. */
  g_assert_true (json_object_has_member (root, "x-collection-extra"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (json_object_get_object_member (root, "gloss:article"), "x-other-tool"), "keep"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "first"), "x-page-extra"), ==, "kept");

  items = get_items (after);
  before_items = get_items (before);
  g_assert_cmpuint (json_array_get_length (items), ==, 4);
  g_assert_cmpint (json_object_get_int_member (root, "total"), ==, 4);

  /* The edited annotation: its unknown members kept, the note written. */
  item = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, "urn:uuid:2e6f9b40-8d3c-4fa0-9a2b-7c4d1e5f3b62");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "creator"), "nickname"), ==, "ada");
  g_assert_true (json_object_has_member (item, "gloss:history"));
  body = json_object_get_array_member (item, "body");
  g_assert_cmpuint (json_array_get_length (body), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (body, 0), "purpose"), ==, "tagging");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (body, 0), "value"), ==, "café");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (body, 1), "value"), ==, "Now with a note");
  target = json_object_get_object_member (item, "target");
  g_assert_cmpstr (json_object_get_string_member (target, "styleClass"), ==, "orange");
  g_assert_cmpfloat (json_object_get_double_member (target, "x-target-extra"), ==, 1.5);
  selector = json_object_get_array_member (target, "selector");
  g_assert_cmpuint (json_array_get_length (selector), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (selector, 2), "type"), ==, "XPathSelector");

  /* Items Gloss could not read: kept verbatim, in their place. */
  g_assert_true (json_node_equal (json_array_get_element (items, 1), json_array_get_element (before_items, 2)));
  g_assert_true (json_node_equal (json_array_get_element (items, 3), json_array_get_element (before_items, 4)));

  /* The body Gloss does not read stays, after the ones it writes. */
  item = json_array_get_object_element (items, 2);
  body = json_object_get_array_member (item, "body");
  g_assert_cmpuint (json_array_get_length (body), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (body, 0), "format"), ==, "text/html");
  g_assert_cmpstr (json_array_get_string_element (body, 1), ==, "https://example.org/tags/essay");
}

static void
test_sidecar_invalid_items (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("invalid-items.annotations.json");
  g_autoptr(GlossSidecar) sidecar = NULL;
  g_autoptr(JsonNode) before = parse_json (bytes);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *problems;
  GPtrArray *annotations;
  GlossAnnotation *annotation;
  JsonArray *items, *before_items;
  const char *tags[] = { "essay", NULL };

  sidecar = gloss_sidecar_parse (bytes, NULL, &error);
  g_assert_no_error (error);

  annotations = gloss_sidecar_get_annotations (sidecar);
  g_assert_cmpuint (annotations->len, ==, 2);
  g_assert_cmpuint (gloss_sidecar_get_n_unreadable (sidecar), ==, 10);

  problems = gloss_sidecar_get_problems (sidecar);
  g_assert_cmpuint (g_strv_length ((GStrv) problems), ==, 10);
  for (guint i = 0; problems[i] != NULL; i++)
    g_test_message ("%s", problems[i]);
  g_assert_nonnull (strstr (problems[0], "Highlight 1 "));
  g_assert_nonnull (strstr (problems[4], "Highlight 5 "));

  annotation = annotations->pdata[0];
  g_assert_cmpstr (gloss_annotation_get_id (annotation), ==, "urn:x:6");
  /* No modification time: the creation time. */
  g_assert_true (g_date_time_equal (gloss_annotation_get_created (annotation),
                                    gloss_annotation_get_modified (annotation)));

  annotation = annotations->pdata[1];
  g_assert_cmpstr (gloss_annotation_get_color (annotation), ==, "blue");
  g_assert_true (g_strv_equal (gloss_annotation_get_tags (annotation), tags));
  g_assert_cmpint (g_date_time_get_hour (gloss_annotation_get_created (annotation)), ==, 9);

  out = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  after = parse_json (out);
  items = get_items (after);
  before_items = get_items (before);
  g_assert_cmpuint (json_array_get_length (items), ==, 12);

  for (guint i = 0; i < 12; i++)
    {
      if (i == 6 || i == 11)
        continue;
      g_assert_true (json_node_equal (json_array_get_element (items, i),
                                      json_array_get_element (before_items, i)));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 6), "id"), ==, "urn:x:6");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 11), "created"),
                   ==, "2026-11-27T09:00:00Z");
}

/* @a and @b, each written with its own annotations, give the same bytes. */
static void
assert_written_alike (GlossSidecar *a,
                      GlossSidecar *b)
{
  g_autoptr(GBytes) a_out = gloss_sidecar_serialize (a, gloss_sidecar_get_annotations (a),
                                                     GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_autoptr(GBytes) b_out = gloss_sidecar_serialize (b, gloss_sidecar_get_annotations (b),
                                                     GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);

  g_assert_cmpmem (g_bytes_get_data (a_out, NULL), g_bytes_get_size (a_out),
                   g_bytes_get_data (b_out, NULL), g_bytes_get_size (b_out));
}

/* Parsed item by item and parsed whole, @text reads the same: the same
 * error, or the same file written (the ids either mints are the same:
 * GLib's uuids come from its global random numbers). */
static void
assert_parses_as_whole (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GlossSidecar) by_item = NULL;
  g_autoptr(GlossSidecar) whole = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) whole_error = NULL;

  g_random_set_seed (7);
  by_item = gloss_sidecar_parse (bytes, NULL, &error);
  g_random_set_seed (7);
  whole = gloss_sidecar_parse_whole (bytes, NULL, &whole_error);

  if (whole == NULL)
    {
      g_assert_null (by_item);
      g_assert_cmpstr (error->message, ==, whole_error->message);
      return;
    }
  g_assert_no_error (error);
  assert_written_alike (by_item, whole);
  g_assert_cmpstrv (gloss_sidecar_get_problems (by_item), gloss_sidecar_get_problems (whole));
}

/* Enough items to be read in parts at once (gloss_parallel_for()): they
 * read as the whole document does, an id given twice across parts and an
 * item that cannot be read included; printed ahead in parts, they are
 * written as printed one by one. */
static void
test_sidecar_many_items (void)
{
  g_autoptr(GString) text = g_string_new ("{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", "
                                          "\"id\": \"urn:x:c\", \"type\": \"AnnotationCollection\", "
                                          "\"gloss:article\": {\"id\": \"urn:x:a\"}, "
                                          "\"first\": {\"id\": \"urn:x:p\", \"type\": \"AnnotationPage\", "
                                          "\"items\": [");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GlossSidecar) sidecar = NULL;
  g_autoptr(GlossSidecar) printed_ahead = NULL;
  g_autoptr(GError) error = NULL;
  const guint n = 2400;

  for (guint i = 0; i < n; i++)
    {
      /* Item 2,000 takes item 10's id; item 2,100's target is no object,
       * so item 2,101, with its id, is read. */
      guint id = i == 2000 ? 10 : i == 2101 ? 2100 : i;

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text,
                              "{\"id\": \"urn:x:%u\", \"type\": \"Annotation\", "
                              "\"created\": \"2026-11-27T09:00:00Z\", "
                              "\"target\": %s}",
                              id,
                              i == 2100 ? "\"nowhere\"" :
                              "{\"source\": \"urn:x:a\", \"styleClass\": \"green\", "
                              "\"selector\": [{\"type\": \"TextQuoteSelector\", \"exact\": \"word\"}]}");
    }
  g_string_append (text, "]}}");

  assert_parses_as_whole (text->str);

  bytes = g_bytes_new (text->str, text->len);
  sidecar = gloss_sidecar_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_sidecar_get_annotations (sidecar)->len, ==, n - 2);
  g_assert_cmpuint (g_strv_length ((GStrv) gloss_sidecar_get_problems (sidecar)), ==, 2);
  g_assert_cmpstr (gloss_annotation_get_id (gloss_sidecar_get_annotations (sidecar)->pdata[2099]),
                   ==, "urn:x:2100");

  printed_ahead = gloss_sidecar_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  gloss_sidecar_print_annotations (printed_ahead);
  assert_written_alike (sidecar, printed_ahead);
}

static gboolean
splits (const char *text,
        guint       n_items)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (GlossSidecarSpan));
  GlossSidecarSpan array;

  if (!gloss_sidecar_split_items (text, strlen (text), &array, spans))
    return FALSE;
  g_assert_cmpuint (spans->len, ==, n_items);
  return TRUE;
}

/* A sidecar is parsed one item at a time (json-glib's tree of all of them
 * at once was 45 MB at 10,000); what that does not take is parsed whole. */
static void
test_sidecar_split (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("invalid-items.annotations.json");
  g_autoptr(JsonNode) root = parse_json (bytes);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (GlossSidecarSpan));
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data;
  gsize len;
  GlossSidecarSpan array;
  JsonArray *items = get_items (root);
  static const char * const other_shapes[] = {
    /* json-glib reads comments and single quotes; they could hide a
     * comma or a bracket */
    "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": [{\"id\": \"a\" /* ], */}]}}",
    "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": [{'id': 'a],'}]}}",
    /* given twice: json-glib keeps the last */
    "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": [1]}, \"first\": {\"items\": [2, 3]}}",
    "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": [1], \"items\": [2, 3]}}",
    /* a name spelled with an escape */
    "{\"type\": \"AnnotationCollection\", \"fir\\u0073t\": {\"items\": [1]}}",
    /* not a list, or no items at all */
    "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": {\"a\": 1}}}",
    "{\"type\": \"AnnotationCollection\", \"first\": {\"type\": \"AnnotationPage\"}}",
    /* something after the collection */
    "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": [1]}} 2",
  };

  /* Every item of a real file, where the file has it. */
  data = g_bytes_get_data (bytes, &len);
  g_assert_true (gloss_sidecar_split_items (data, len, &array, spans));
  g_assert_cmpuint (spans->len, ==, json_array_get_length (items));
  g_assert_cmpint (data[array.start], ==, '[');
  g_assert_cmpint (data[array.end - 1], ==, ']');
  for (guint i = 0; i < spans->len; i++)
    {
      const GlossSidecarSpan *span = &g_array_index (spans, GlossSidecarSpan, i);
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, data + span->start, span->end - span->start, &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (json_parser_get_root (parser), json_array_get_element (items, i)));
    }
  assert_parses_as_whole (data);

  g_assert_true (splits ("{\"type\": \"AnnotationCollection\", \"first\": {\"items\": []}}", 0));
  g_assert_true (splits ("\n{\"first\":{\"items\":[ 1 ,\"a]\\\"\" , [[]] , {\"]\":\"}\"} ]} }\n", 4));

  for (guint i = 0; i < G_N_ELEMENTS (other_shapes); i++)
    {
      g_test_message ("%s", other_shapes[i]);
      g_assert_false (splits (other_shapes[i], 0));
      assert_parses_as_whole (other_shapes[i]);
    }

  /* An item that is not JSON: the error is the whole document's, with
   * where it is in the file. */
  g_assert_true (splits ("{\"type\": \"AnnotationCollection\", \"first\": {\"items\": [{}, tru]}}", 2));
  assert_parses_as_whole ("{\"type\": \"AnnotationCollection\", \"first\": {\"items\": [{}, tru]}}");
  /* Not a collection: the same error. */
  assert_parses_as_whole ("{\"type\": \"Annotation\", \"first\": {\"items\": [{}]}}");
}

static void
test_sidecar_minimal (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("minimal.annotations.json");
  g_autoptr(GBytes) no_first = load_fixture ("minimal-no-first.annotations.json");
  g_autoptr(GDateTime) fallback = g_date_time_new_utc (2026, 11, 1, 8, 30, 0);
  g_autoptr(GlossSidecar) sidecar = NULL;
  g_autoptr(GlossSidecar) twice = NULL;
  g_autoptr(GlossSidecar) empty = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;
  GlossAnnotation *first, *second;
  GPtrArray *annotations;

  sidecar = gloss_sidecar_parse (bytes, fallback, &error);
  g_assert_no_error (error);
  annotations = gloss_sidecar_get_annotations (sidecar);
  g_assert_cmpuint (annotations->len, ==, 2);
  g_assert_cmpuint (gloss_sidecar_get_n_unreadable (sidecar), ==, 0);
  g_assert_null (gloss_sidecar_get_article_sha256 (sidecar));

  first = annotations->pdata[0];
  second = annotations->pdata[1];
  g_assert_cmpstr (gloss_annotation_get_quote (first), ==, "a pen in hand");
  g_assert_cmpstr (gloss_annotation_get_color (first), ==, GLOSS_DEFAULT_COLOR);
  g_assert_true (g_date_time_equal (gloss_annotation_get_created (first), fallback));
  g_assert_cmpint (gloss_annotation_get_selectors (first)->start, ==, -1);
  g_assert_cmpstr (gloss_annotation_get_note (second), ==, "just a note");

  /* An item without an id gets the same one at every load. */
  g_assert_true (g_str_has_prefix (gloss_annotation_get_id (first), "urn:uuid:"));
  twice = gloss_sidecar_parse (bytes, fallback, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gloss_annotation_get_id (gloss_sidecar_get_annotations (twice)->pdata[0]),
                   ==, gloss_annotation_get_id (first));

  /* Rewritten, it meets the model. */
  gloss_sidecar_set_label (sidecar, "Essay");
  out = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  w3c_assert_collection (g_bytes_get_data (out, NULL), FALSE);
  g_assert_nonnull (strstr (g_bytes_get_data (out, NULL), "\"commenting\""));
  g_assert_null (strstr (g_bytes_get_data (out, NULL), "bodyValue"));
  g_clear_pointer (&out, g_bytes_unref);

  empty = gloss_sidecar_parse (no_first, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_sidecar_get_annotations (empty)->len, ==, 0);
  gloss_sidecar_set_label (empty, "Essay");
  out = gloss_sidecar_serialize (empty, NULL, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  w3c_assert_collection (g_bytes_get_data (out, NULL), FALSE);
}

static void
assert_refused (GBytes     *bytes,
                const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossSidecar) sidecar = NULL;

  g_test_message ("refusing %s", what);
  sidecar = gloss_sidecar_parse (bytes, NULL, &error);
  g_assert_null (sidecar);
  g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "The annotations file cannot be read: "));
  g_assert_true (g_str_has_suffix (error->message, "."));
}

static void
test_sidecar_broken (void)
{
  static const char nul[] = "{\"type\": \"AnnotationCollection\"\0}";
  static const struct {
    const char *what;
    const char *json;
  } cases[] = {
    { "empty", "" },
    { "spaces", "  \n" },
    { "not JSON", "these are not annotations" },
    { "an array", "[]" },
    { "a number", "42" },
    { "no type", "{\"id\": \"urn:x\"}" },
    { "another type", "{\"type\": \"AnnotationPage\", \"items\": []}" },
    { "id of a wrong type", "{\"type\": \"AnnotationCollection\", \"id\": 3}" },
    { "first as a link", "{\"type\": \"AnnotationCollection\", \"first\": \"urn:x:page\"}" },
    { "items as an object", "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": {}}}" },
    { "trailing garbage", "{\"type\": \"AnnotationCollection\"} }" },
    { "Latin-1", "{\"type\": \"AnnotationCollection\", \"label\": \"caf\xe9\"}" },
  };
  const char *files[] = {
    "truncated.annotations.json",
    "not-a-collection.annotations.json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].json, strlen (cases[i].json));

      assert_refused (bytes, cases[i].what);
    }

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GBytes) bytes = load_fixture (files[i]);

      assert_refused (bytes, files[i]);
    }

  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (nul, sizeof nul - 1);

    assert_refused (bytes, "NUL bytes");
  }

  {
    gsize size = GLOSS_SIDECAR_MAX_SIZE + 1;
    char *big = g_malloc (size);
    g_autoptr(GBytes) bytes = NULL;

    memset (big, ' ', size);
    memcpy (big, "{\"type\": \"AnnotationCollection\"}", 32);
    bytes = g_bytes_new_take (big, size);
    assert_refused (bytes, "larger than the limit");
  }
}

static void
test_sidecar_deep_nesting (void)
{
  const guint depth = 100000;
  g_autoptr(GString) json = g_string_new ("{\"type\": \"AnnotationCollection\", \"x\": ");
  g_autoptr(GString) in_string = g_string_new ("{\"type\": \"AnnotationCollection\", \"x\": \"");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) string_bytes = NULL;
  g_autoptr(GlossSidecar) sidecar = NULL;
  g_autoptr(GError) error = NULL;

  /* Never closed: the scan stops at the bound before the parser sees it. */
  for (guint i = 0; i < depth; i++)
    g_string_append (json, i % 2 ? "[" : "{\"k\": ");
  bytes = g_bytes_new (json->str, json->len);
  assert_refused (bytes, "100,000 levels deep");

  /* Brackets in strings are text, not nesting. */
  for (guint i = 0; i < depth; i++)
    g_string_append (in_string, i % 3 ? "[" : "\\\"{");
  g_string_append (in_string, "\"}");
  string_bytes = g_bytes_new (in_string->str, in_string->len);
  sidecar = gloss_sidecar_parse (string_bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sidecar);

  g_assert_true (gloss_sidecar_check_depth ("[[[]]]", 6, 3));
  g_assert_false (gloss_sidecar_check_depth ("[[[[]]]]", 8, 3));
  g_assert_true (gloss_sidecar_check_depth ("[\"\\\\\", [[]]]", 12, 3));
  /* Brackets in json-glib's comments and single-quoted strings are none,
   * and do not hide the others: each "[" then a comment holding "]" below
   * is one level more, not none. */
  g_assert_true (gloss_sidecar_check_depth ("[/*[[[*/'[[[']", 14, 1));
  g_assert_false (gloss_sidecar_check_depth ("[/*]*/[/*]*/[/*]*/[", 19, 3));
  g_assert_false (gloss_sidecar_check_depth ("[']'[']'[']'[", 13, 3));
  /* json-glib nests a "var" assignment in another: 200,000 of them
   * overflowed its stack. */
  g_assert_true (gloss_sidecar_check_depth ("var a = {}", 10, 3));
  g_assert_false (gloss_sidecar_check_depth ("var a = var b = {}", 18, 3));
  {
    g_autoptr(GString) chain = g_string_new (NULL);
    g_autoptr(GBytes) chain_bytes = NULL;

    for (guint i = 0; i < 200000; i++)
      g_string_append (chain, "var a=");
    g_string_append (chain, "{}");
    chain_bytes = g_bytes_new (chain->str, chain->len);
    assert_refused (chain_bytes, "200,000 assignments deep");
  }
}

/* Found by fuzz-sidecar: json-glib leaked the second of two top-level
 * values (under AddressSanitizer, this test fails if it still does). */
static void
test_sidecar_two_values (void)
{
  static const char * const documents[] = {
    "{}{\"type\": \"AnnotationCollection\"}",
    "\"highlighting\"{}",
    "[1] [2]",
    "1 {\"a\": {\"b\": [1, 2]}}",
    /* json-glib's own values, strings and comments (the first one leaked
     * in CI): a string in single quotes, which has no escapes, numbers
     * that start with '.' or '$', and comments, which run from a slash to
     * the next one and may hold a quote or a bracket */
    "'a'[]",
    "'\\'[]",
    ".5[]",
    "$ff{}",
    "{}/*\"*/[]",
    "/*[*/{}[]",
    "{}/**/[]",
    "var a = 'x'; []",
  };
  /* What json-glib reads before the value is no value. */
  static const char * const one_value[] = {
    "\xef\xbb\xbf{}",
    "var a = {};",
    "/* a comment */ [] /* and another */",
    "'{'",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (documents[i], strlen (documents[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossSidecar) sidecar = NULL;

      assert_refused (bytes, documents[i]);
      sidecar = gloss_sidecar_parse (bytes, NULL, &error);
      g_assert_nonnull (strstr (error->message, "more than one value"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (one_value); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (one_value[i], strlen (one_value[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossSidecar) sidecar = NULL;

      g_test_message ("%s", one_value[i]);
      sidecar = gloss_sidecar_parse (bytes, NULL, &error);
      g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID);
      g_assert_null (strstr (error->message, "more than one value"));
    }
}

/* Found by fuzz-sidecar: numbers json-glib reads as doubles were written
 * back as whole numbers ("4.0" as "4", "-0.0" as "-0"), so an unreadable
 * item became readable; 1e400 was written "inf", which is not JSON; and a
 * whole number beyond 64 bits came back wrapped around. */
static void
test_sidecar_numbers (void)
{
  static const char document[] =
    "{\"type\": \"AnnotationCollection\","
    " \"gloss:numbers\": [4.0, -0.0, 1e400, -1e400, 1e-400, 0.1, 2.5e-3, 9223372036854775807,"
    "                    -9223372036854775808],"
    " \"first\": {\"items\": ["
    "  {\"type\": \"Annotation\", \"target\": {\"selector\": ["
    "    {\"type\": \"TextQuoteSelector\", \"exact\": \"x\"},"
    "    {\"type\": \"TextPositionSelector\", \"start\": 4.0, \"end\": 9}]}},"
    "  {\"type\": \"Annotation\", \"target\": {\"selector\": ["
    "    {\"type\": \"TextQuoteSelector\", \"exact\": \"y\"},"
    "    {\"type\": \"TextPositionSelector\", \"start\": -0.0, \"end\": 1}]}}]}}";
  static const char * const too_large[] = {
    "{\"type\": \"AnnotationCollection\", \"n\": 12345678901234567890}",
    "{\"type\": \"AnnotationCollection\", \"n\": [-9223372036854775809]}",
    "{\"type\": \"AnnotationCollection\", \"n\": 100000000000000000000000}",
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (document, strlen (document));
  g_autoptr(GlossSidecar) sidecar = NULL;
  g_autoptr(GlossSidecar) again = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  sidecar = gloss_sidecar_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_sidecar_get_annotations (sidecar)->len, ==, 0);
  g_assert_cmpuint (gloss_sidecar_get_n_unreadable (sidecar), ==, 2);

  first = gloss_sidecar_serialize (sidecar, gloss_sidecar_get_annotations (sidecar),
                                   GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  text = g_strndup (g_bytes_get_data (first, NULL), g_bytes_get_size (first));
  g_assert_nonnull (strstr (text, "\"start\": 4.0,"));
  g_assert_nonnull (strstr (text, "\"start\": -0.0,"));
  g_assert_nonnull (strstr (text, "1e400"));
  g_assert_null (strstr (text, "inf"));
  g_assert_nonnull (strstr (text, "9223372036854775807"));
  g_assert_nonnull (strstr (text, "-9223372036854775808"));
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  again = gloss_sidecar_parse (first, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_sidecar_get_annotations (again)->len, ==, 0);
  g_assert_cmpuint (gloss_sidecar_get_n_unreadable (again), ==, 2);
  second = gloss_sidecar_serialize (again, gloss_sidecar_get_annotations (again),
                                    GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_assert_true (g_bytes_equal (first, second));

  for (guint i = 0; i < G_N_ELEMENTS (too_large); i++)
    {
      g_autoptr(GBytes) large = g_bytes_new_static (too_large[i], strlen (too_large[i]));
      g_autoptr(GlossSidecar) refused = NULL;

      assert_refused (large, too_large[i]);
      refused = gloss_sidecar_parse (large, NULL, &error);
      g_assert_nonnull (strstr (error->message, "too large to keep"));
      g_clear_error (&error);
    }
}

/* Found by fuzz-sidecar: a time before the year 1000 was written with a
 * year of three digits, which is not a date, so a highlight Gloss had read
 * could not be read after a save. */
static void
test_sidecar_early_dates (void)
{
  static const char document[] =
    "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": ["
    "{\"id\": \"urn:x:1\", \"type\": \"Annotation\", \"created\": \"0375-11-27T10:00:00Z\","
    " \"modified\": \"0001-01-01T00:00:00Z\","
    " \"target\": {\"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"pen\"}}}]}}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (document, sizeof document - 1);
  g_autoptr(GlossSidecar) sidecar = NULL;
  g_autoptr(GlossSidecar) again = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  sidecar = gloss_sidecar_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_sidecar_get_annotations (sidecar)->len, ==, 1);

  out = gloss_sidecar_serialize (sidecar, gloss_sidecar_get_annotations (sidecar),
                                 GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  g_assert_nonnull (strstr (text, "\"created\": \"0375-11-27T10:00:00Z\""));
  g_assert_nonnull (strstr (text, "\"modified\": \"0001-01-01T00:00:00Z\""));

  again = gloss_sidecar_parse (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_sidecar_get_annotations (again)->len, ==, 1);
  g_assert_cmpuint (gloss_sidecar_get_n_unreadable (again), ==, 0);
}

static void
test_sidecar_new (void)
{
  g_autoptr(GlossSidecar) sidecar = gloss_sidecar_new ();
  g_autoptr(GlossSidecar) other = gloss_sidecar_new ();
  g_autoptr(GlossAnnotation) first = make_annotation ("a pen in hand", 13);
  g_autoptr(GlossAnnotation) second = make_annotation ("margins", 40);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new ();
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) reordered = NULL;
  g_autoptr(GlossSidecar) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *text;

  /* Ids are minted once per collection. */
  g_assert_true (g_str_has_prefix (gloss_sidecar_get_id (sidecar), "urn:uuid:"));
  g_assert_cmpstr (gloss_sidecar_get_id (sidecar), !=, gloss_sidecar_get_id (other));

  gloss_sidecar_set_label (sidecar, "Reading with a Pen in Hand");
  gloss_sidecar_set_article (sidecar, "essay.html", "0123abcd");
  gloss_annotation_add_tag (first, "memory");
  gloss_annotation_set_note (second, "a note");
  g_ptr_array_add (annotations, second);
  g_ptr_array_add (annotations, first);

  out = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  again = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_assert_true (g_bytes_equal (out, again));

  /* Once written, items keep their place in the file. */
  g_ptr_array_remove_index (annotations, 0);
  g_ptr_array_add (annotations, second);
  reordered = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_assert_true (g_bytes_equal (out, reordered));

  text = g_bytes_get_data (out, NULL);
  w3c_assert_collection (text, FALSE);

  /* No path, no file name other than the article's base name. */
  g_assert_null (strstr (text, "file:"));
  g_assert_null (strstr (text, g_get_home_dir ()));

  root = parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (get_items (root), 0), "target"), "source"),
                   ==, gloss_sidecar_get_article_id (sidecar));

  /* It reads back as it was. */
  reread = gloss_sidecar_parse (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_sidecar_get_annotations (reread)->len, ==, 2);
  g_assert_cmpstr (gloss_sidecar_get_id (reread), ==, gloss_sidecar_get_id (sidecar));
  g_assert_cmpstr (gloss_sidecar_get_article_sha256 (reread), ==, "0123abcd");
  for (guint i = 0; i < 2; i++)
    {
      GlossAnnotation *a = annotations->pdata[1 - i];
      GlossAnnotation *b = gloss_sidecar_get_annotations (reread)->pdata[i];

      g_assert_cmpstr (gloss_annotation_get_id (a), ==, gloss_annotation_get_id (b));
      g_assert_cmpstr (gloss_annotation_get_note (a), ==, gloss_annotation_get_note (b));
      g_assert_true (g_strv_equal (gloss_annotation_get_tags (a), gloss_annotation_get_tags (b)));
      g_assert_true (g_date_time_equal (gloss_annotation_get_created (a), gloss_annotation_get_created (b)));
      g_assert_true (g_date_time_equal (gloss_annotation_get_modified (a), gloss_annotation_get_modified (b)));
      g_assert_true (gloss_selectors_equal (gloss_annotation_get_selectors (a), gloss_annotation_get_selectors (b)));
    }
}

static void
test_sidecar_history (void)
{
  g_autoptr(GlossSidecar) sidecar = gloss_sidecar_new ();
  g_autoptr(GlossAnnotation) annotation = make_annotation ("a pen in hand", 13);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new ();
  GlossSelectors old = { NULL, };
  GlossSelectors moved = { (char *) "a pen in hand", (char *) "Reading with ", NULL, 20, 33 };
  g_autoptr(GBytes) out = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *item, *entry;
  JsonArray *history;

  gloss_sidecar_set_article (sidecar, "essay.html", "oldhash");
  gloss_selectors_copy_into (&old, gloss_annotation_get_selectors (annotation));
  gloss_annotation_set_selectors (annotation, &moved);
  gloss_sidecar_record_history (sidecar, annotation, &old);
  gloss_sidecar_set_article (sidecar, "essay.html", "newhash");
  g_ptr_array_add (annotations, annotation);

  out = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  w3c_assert_collection (g_bytes_get_data (out, NULL), FALSE);
  root = parse_json (out);
  item = json_array_get_object_element (get_items (root), 0);
  history = json_object_get_array_member (item, "gloss:history");
  g_assert_cmpuint (json_array_get_length (history), ==, 1);
  entry = json_array_get_object_element (history, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "sha256"), ==, "oldhash");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (entry, "selector"), 1), "start"), ==, 13);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (item, "target"), "selector"), 1), "start"), ==, 20);

  g_free (old.exact);
  g_free (old.prefix);
  g_free (old.suffix);
}

static void
test_sidecar_export_flags (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("roundtrip.annotations.json");
  g_autoptr(GlossSidecar) read = gloss_sidecar_parse (bytes, NULL, NULL);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *item, *article;
  JsonArray *items;

  out = gloss_sidecar_serialize (read, gloss_sidecar_get_annotations (read),
                                 GLOSS_SIDECAR_SERIALIZE_EXPORT, "file:///tmp/essay.html");
  w3c_assert_collection (g_bytes_get_data (out, NULL), FALSE);
  root = parse_json (out);
  items = get_items (root);

  /* Only what Gloss understands, with where it is. */
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  item = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "target"), "source"), ==, "file:///tmp/essay.html");
  g_assert_cmpstr (json_object_get_string_member (item, "gloss:status"), ==, "orphaned");
  article = json_object_get_object_member (json_node_get_object (root), "gloss:article");
  g_assert_cmpstr (json_object_get_string_member (article, "uri"), ==, "file:///tmp/essay.html");

  /* Exporting does not change the sidecar's own order. */
  g_clear_pointer (&out, g_bytes_unref);
  out = gloss_sidecar_serialize (read, gloss_sidecar_get_annotations (read), GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_assert_true (g_bytes_equal (out, bytes));
}

static void
test_sidecar_lone_surrogate (void)
{
  /* JSON allows "\ud800"; json-glib decodes it into bytes that are not
   * UTF-8 and swallows the character after it ("q\ud800z" is read as "q"
   * and the surrogate): found by fuzz-sidecar, which saw such an item come
   * back changed after a rewrite.  Gloss cannot keep such a file as it is,
   * so it does not read it (and never writes it).  A pair of escapes is one
   * character, read and written back. */
  static const char * const lone[] = {
    "{\"type\": \"AnnotationCollection\", \"x-note\": \"a\\ud800b\"}",
    /* (one string, over two lines) */
    ("{\"type\": \"AnnotationCollection\", \"first\": {\"items\": ["
     "{\"id\": \"urn:x:1\", \"target\": {\"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"q\\ud800z\"}}}]}}"),
    "{\"type\": \"AnnotationCollection\", \"x\": \"\\udc00\"}",
    "{\"type\": \"AnnotationCollection\", \"x\": \"\\ud800\\u0041\"}",
    "{\"type\": \"AnnotationCollection\", \"\\ud800\": 1}",
  };
  static const char paired[] =
    "{\"type\": \"AnnotationCollection\", \"x-note\": \"owl \\ud83e\\udd89, not an escape: \\\\ud800\","
    " \"first\": {\"items\": ["
    "{\"id\": \"urn:x:2\", \"target\": {\"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"\\ud83e\\udd89\"}}}"
    "]}}";
  /* Escapes that are not JSON's, which json-glib reads without a word (and
   * wrongly: "\u00zz" cuts the string short), are refused as well. */
  static const char * const invalid[] = {
    "{\"type\": \"AnnotationCollection\", \"x\": \"a\\qb\"}",
    "{\"type\": \"AnnotationCollection\", \"x\": \"a\\u00zz b\"}",
    "{\"type\": \"AnnotationCollection\", \"x\": \"\\ud8%0e\"}",
    "{\"type\": \"AnnotationCollection\", \"x\": \"\\u12\"}",
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (paired, sizeof paired - 1);
  g_autoptr(GlossSidecar) sidecar = NULL;
  g_autoptr(GlossSidecar) reread = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (lone); i++)
    {
      g_autoptr(GBytes) refused = g_bytes_new_static (lone[i], strlen (lone[i]));

      assert_refused (refused, lone[i]);
      g_assert_null (gloss_sidecar_parse (refused, NULL, &error));
      g_assert_nonnull (strstr (error->message, "half of a character"));
      g_clear_error (&error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GBytes) refused = g_bytes_new_static (invalid[i], strlen (invalid[i]));

      assert_refused (refused, invalid[i]);
      g_assert_null (gloss_sidecar_parse (refused, NULL, &error));
      g_assert_nonnull (strstr (error->message, "is no escape"));
      g_clear_error (&error);
    }

  sidecar = gloss_sidecar_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_sidecar_get_annotations (sidecar)->len, ==, 1);
  g_assert_cmpstr (gloss_annotation_get_quote (g_ptr_array_index (gloss_sidecar_get_annotations (sidecar), 0)),
                   ==, "\xf0\x9f\xa6\x89");

  out = gloss_sidecar_serialize (sidecar, gloss_sidecar_get_annotations (sidecar),
                                 GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_assert_true (g_utf8_validate (g_bytes_get_data (out, NULL), g_bytes_get_size (out), NULL));
  reread = gloss_sidecar_parse (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_sidecar_get_annotations (reread)->len, ==, 1);
  g_assert_nonnull (strstr (g_bytes_get_data (out, NULL), "owl \xf0\x9f\xa6\x89, not an escape: \\\\ud800\""));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/annotation/notify", test_annotation_notify);
  g_test_add_func ("/sidecar/roundtrip", test_sidecar_roundtrip);
  g_test_add_func ("/sidecar/edit-keeps-unknown", test_sidecar_edit_keeps_unknown);
  g_test_add_func ("/sidecar/keeps-only-extras", test_sidecar_keeps_only_extras);
  g_test_add_func ("/sidecar/print-what-changed", test_sidecar_print_what_changed);
  g_test_add_func ("/sidecar/invalid-items", test_sidecar_invalid_items);
  g_test_add_func ("/sidecar/split", test_sidecar_split);
  g_test_add_func ("/sidecar/many-items", test_sidecar_many_items);
  g_test_add_func ("/sidecar/minimal", test_sidecar_minimal);
  g_test_add_func ("/sidecar/broken", test_sidecar_broken);
  g_test_add_func ("/sidecar/deep-nesting", test_sidecar_deep_nesting);
  g_test_add_func ("/sidecar/lone-surrogate", test_sidecar_lone_surrogate);
  g_test_add_func ("/sidecar/two-values", test_sidecar_two_values);
  g_test_add_func ("/sidecar/numbers", test_sidecar_numbers);
  g_test_add_func ("/sidecar/early-dates", test_sidecar_early_dates);
  g_test_add_func ("/sidecar/new", test_sidecar_new);
  g_test_add_func ("/sidecar/history", test_sidecar_history);
  g_test_add_func ("/sidecar/export-flags", test_sidecar_export_flags);

  return g_test_run ();
}
