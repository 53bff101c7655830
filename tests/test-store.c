/* test-store.c: GlossAnnotationStore against real files
 *
 * Every test works in a fresh folder, waits for the store's own signals
 * by spinning the main loop (with a generous guard), and checks what is
 * on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gloss-annotation-store-private.h"
#include "gloss-annotation-store-sync-private.h"
#include "gloss-error.h"

#include "w3c-musts.h"

#define ARTICLE_TEXT \
  "Reading with a pen in hand\n" \
  "\n" \
  "Reading with a pen in hand is slower, and that is the point. " \
  "The margins fill with questions; the café table with crumbs.\n" \
  "Memory keeps what the hand has copied once.\n"

typedef struct
{
  char          *dir;
  char          *article_path;
  char          *sidecar_path;
  GlossDocument *document;
} Fixture;

static void
write_article (Fixture    *fixture,
               const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (fixture->article_path);

  g_file_set_contents (fixture->article_path, contents, -1, &error);
  g_assert_no_error (error);

  g_clear_object (&fixture->document);
  fixture->document = gloss_document_new_for_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->document);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("gloss-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->article_path = g_build_filename (fixture->dir, "essay.txt", NULL);
  fixture->sidecar_path = g_strconcat (fixture->article_path, GLOSS_SIDECAR_SUFFIX, NULL);
  write_article (fixture, ARTICLE_TEXT);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_chmod (fixture->dir, 0700);
  remove_tree (fixture->dir);
  g_clear_object (&fixture->document);
  g_free (fixture->dir);
  g_free (fixture->article_path);
  g_free (fixture->sidecar_path);
}

/* Offsets of @needle in the article text, in code points. */
static void
find_text (GlossDocument *document,
           const char    *needle,
           gsize         *start,
           gsize         *end)
{
  const char *text = gloss_text_get_utf8 (gloss_document_get_text (document), NULL);
  const char *found = strstr (text, needle);

  g_assert_nonnull (found);
  *start = g_utf8_pointer_to_offset (text, found);
  *end = *start + g_utf8_strlen (needle, -1);
}

static GlossAnnotation *
add_quote (GlossAnnotationStore *store,
           const char           *quote,
           const char           *color)
{
  g_autoptr(GError) error = NULL;
  GlossAnnotation *annotation;
  gsize start, end;

  find_text (gloss_annotation_store_get_document (store), quote, &start, &end);
  annotation = gloss_annotation_store_add_range (store, start, end, color, &error);
  g_assert_no_error (error);
  g_assert_nonnull (annotation);
  g_assert_cmpstr (gloss_annotation_get_quote (annotation), ==, quote);

  return annotation;
}

static GlossAnnotationStore *
open_store (Fixture *fixture)
{
  g_autoptr(GlossAnnotationStore) store = gloss_annotation_store_new (fixture->document);
  g_autoptr(GError) error = NULL;

  g_assert_true (gloss_annotation_store_load (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gloss_annotation_store_get_writable (store));

  return g_steal_pointer (&store);
}

/* Waiting on the store's signals */

typedef struct
{
  guint   saved;
  guint   failed;
  GError *error;
} Counter;

static void
on_saved (GlossAnnotationStore *store,
          Counter              *counter)
{
  counter->saved++;
}

static void
on_save_failed (GlossAnnotationStore *store,
                const GError         *error,
                Counter              *counter)
{
  counter->failed++;
  g_clear_error (&counter->error);
  counter->error = g_error_copy (error);
}

static void
watch_saves (GlossAnnotationStore *store,
             Counter              *counter)
{
  g_signal_connect (store, "saved", G_CALLBACK (on_saved), counter);
  g_signal_connect (store, "save-failed", G_CALLBACK (on_save_failed), counter);
}

static gboolean
on_guard (gpointer user_data)
{
  g_error ("The store did not report within 20 seconds");
  return G_SOURCE_REMOVE;
}

/* Spins the main loop until @counter has seen @saved saves and @failed
 * failures in all. */
static void
wait_for (Counter *counter,
          guint    saved,
          guint    failed)
{
  guint guard = g_timeout_add_seconds (20, on_guard, NULL);

  while (counter->saved < saved || counter->failed < failed)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (guard);
  g_assert_cmpuint (counter->saved, ==, saved);
  g_assert_cmpuint (counter->failed, ==, failed);
}

static void
counter_clear (Counter *counter)
{
  g_clear_error (&counter->error);
}

/* Reading the sidecar back */

static GBytes *
read_sidecar_bytes (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len;

  g_file_get_contents (fixture->sidecar_path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

static JsonObject *
read_sidecar_json (Fixture *fixture)
{
  g_autoptr(GBytes) bytes = read_sidecar_bytes (fixture);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  w3c_assert_collection (g_bytes_get_data (bytes, NULL), TRUE);

  /* Nothing that says where the file lives. */
  g_assert_null (strstr (g_bytes_get_data (bytes, NULL), fixture->dir));
  g_assert_null (strstr (g_bytes_get_data (bytes, NULL), "file:"));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonArray *
sidecar_items (JsonObject *root)
{
  return json_object_get_array_member (json_object_get_object_member (root, "first"), "items");
}

static JsonObject *
item_selector (JsonObject *item,
               guint       index)
{
  JsonObject *target = json_object_get_object_member (item, "target");

  return json_array_get_object_element (json_object_get_array_member (target, "selector"), index);
}

/* Tests */

static void
test_store_add_range (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GlossAnnotationStore) store = open_store (fixture);
  g_autoptr(JsonObject) root = NULL;
  Counter counter = { 0, };
  GlossAnnotation *annotation;
  JsonObject *article, *item, *target, *quote, *position;
  JsonArray *items;
  gsize start, end;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_false (g_file_test (fixture->sidecar_path, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (g_file_peek_path (gloss_annotation_store_get_file (store)), ==, fixture->sidecar_path);

  watch_saves (store, &counter);
  annotation = add_quote (store, "The margins fill with questions", "green");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (gloss_annotation_store_has_pending_changes (store));

  wait_for (&counter, 1, 0);
  g_assert_false (gloss_annotation_store_has_pending_changes (store));

  root = read_sidecar_json (fixture);
  g_assert_cmpstr (json_object_get_string_member (root, "label"), ==, gloss_document_get_title (fixture->document));
  article = json_object_get_object_member (root, "gloss:article");
  g_assert_cmpstr (json_object_get_string_member (article, "name"), ==, "essay.txt");
  g_assert_cmpstr (json_object_get_string_member (article, "sha256"), ==, gloss_document_get_sha256 (fixture->document));

  items = sidecar_items (root);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "total"), ==, 1);
  item = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, gloss_annotation_get_id (annotation));
  g_assert_cmpstr (json_object_get_string_member (item, "motivation"), ==, "highlighting");
  g_assert_false (json_object_has_member (item, "body"));
  target = json_object_get_object_member (item, "target");
  g_assert_cmpstr (json_object_get_string_member (target, "source"), ==, json_object_get_string_member (article, "id"));
  g_assert_cmpstr (json_object_get_string_member (target, "styleClass"), ==, "green");

  find_text (fixture->document, "The margins fill with questions", &start, &end);
  quote = item_selector (item, 0);
  g_assert_cmpstr (json_object_get_string_member (quote, "type"), ==, "TextQuoteSelector");
  g_assert_cmpstr (json_object_get_string_member (quote, "exact"), ==, "The margins fill with questions");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (quote, "prefix"), "that is the point. "));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (quote, "suffix"), "; the café"));
  position = item_selector (item, 1);
  g_assert_cmpstr (json_object_get_string_member (position, "type"), ==, "TextPositionSelector");
  g_assert_cmpint (json_object_get_int_member (position, "start"), ==, start);
  g_assert_cmpint (json_object_get_int_member (position, "end"), ==, end);

  counter_clear (&counter);
}

static void
test_store_coalesce (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GlossAnnotationStore) store = open_store (fixture);
  g_autoptr(JsonObject) root = NULL;
  Counter counter = { 0, };
  GlossAnnotation *annotation;
  JsonArray *body;

  watch_saves (store, &counter);
  annotation = add_quote (store, "a pen in hand", NULL);
  wait_for (&counter, 1, 0);

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *note = g_strdup_printf ("Draft %u", i);

      gloss_annotation_set_note (annotation, note);
    }
  g_assert_true (gloss_annotation_store_has_pending_changes (store));

  /* Ten edits in a burst: one write. */
  wait_for (&counter, 2, 0);
  g_assert_false (gloss_annotation_store_has_pending_changes (store));

  root = read_sidecar_json (fixture);
  body = json_object_get_array_member (json_array_get_object_element (sidecar_items (root), 0), "body");
  g_assert_cmpuint (json_array_get_length (body), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (body, 0), "purpose"), ==, "commenting");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (body, 0), "value"), ==, "Draft 9");

  counter_clear (&counter);
}

typedef struct
{
  guint position, removed, added, calls;
} ItemsChanged;

static void
on_items_changed (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->position = position;
  record->removed = removed;
  record->added = added;
  record->calls++;
}

static void
test_store_edits (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GlossAnnotationStore) store = open_store (fixture);
  g_autoptr(GDateTime) old_modified = NULL;
  g_autoptr(GlossAnnotation) first_ref = NULL;
  g_auto(GStrv) tags = NULL;
  ItemsChanged record = { 0, };
  Counter counter = { 0, };
  GlossAnnotation *first, *second, *third;
  const char *expected_tags[] = { "café", "memory", "Zeal", NULL };

  watch_saves (store, &counter);

  /* Added out of order: the model is in article order. */
  third = add_quote (store, "Memory keeps", "blue");
  first = add_quote (store, "Reading with a pen in hand is slower", "yellow");
  second = add_quote (store, "The margins", "pink");
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (store), 0) == (gpointer) first);
  g_object_unref (first);
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (store), 1) == (gpointer) second);
  g_object_unref (second);
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (store), 2) == (gpointer) third);
  g_object_unref (third);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == GLOSS_TYPE_ANNOTATION);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 3));

  wait_for (&counter, 1, 0);

  g_assert_true (gloss_annotation_store_lookup (store, gloss_annotation_get_id (second)) == second);
  g_assert_null (gloss_annotation_store_lookup (store, "urn:uuid:nothing"));

  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &record);

  /* No real change: no modification time, no save. */
  old_modified = g_date_time_ref (gloss_annotation_get_modified (second));
  gloss_annotation_set_color (second, "pink");
  gloss_annotation_set_note (second, "");
  g_assert_cmpuint (record.calls, ==, 0);
  g_assert_false (gloss_annotation_store_has_pending_changes (store));
  g_assert_true (g_date_time_equal (old_modified, gloss_annotation_get_modified (second)));

  /* A real change: modified follows, the row changes, a save is due. */
  gloss_annotation_add_tag (second, "memory");
  g_assert_cmpuint (record.calls, ==, 1);
  g_assert_cmpuint (record.position, ==, 1);
  g_assert_cmpuint (record.removed, ==, 1);
  g_assert_cmpuint (record.added, ==, 1);
  g_assert_cmpint (g_date_time_compare (gloss_annotation_get_modified (second), old_modified), >=, 0);
  g_assert_true (gloss_annotation_store_has_pending_changes (store));

  gloss_annotation_add_tag (first, "Zeal");
  gloss_annotation_add_tag (third, "café");
  gloss_annotation_add_tag (third, "memory");
  tags = gloss_annotation_store_dup_tags (store);
  g_assert_true (g_strv_equal ((const char * const *) tags, expected_tags));

  /* Removed: no longer watched, gone from the model. */
  first_ref = g_object_ref (first);
  gloss_annotation_store_remove (store, first);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.removed, ==, 1);
  g_assert_cmpuint (record.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  record.calls = 0;
  gloss_annotation_set_note (first, "not in the store");
  g_assert_cmpuint (record.calls, ==, 0);

  /* Undo: back in its place. */
  gloss_annotation_store_add (store, first);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.added, ==, 1);
  gloss_annotation_store_add (store, first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);

  wait_for (&counter, 2, 0);
  counter_clear (&counter);
}

static void
test_store_reopen (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GlossAnnotationStore) store = open_store (fixture);
  g_autoptr(GlossAnnotationStore) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  GlossAnnotation *annotation;
  guint n;

  annotation = add_quote (store, "a pen in hand", "purple");
  gloss_annotation_add_tag (annotation, "method");
  gloss_annotation_add_tag (annotation, "reading habits");
  gloss_annotation_set_note (annotation, "Line one,\n\"quoted\" line two\t✓");
  add_quote (store, "café table", "orange");
  annotation = add_quote (store, "Memory", NULL);
  gloss_annotation_set_note (annotation, "Short");

  g_assert_true (gloss_annotation_store_save_sync (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (gloss_annotation_store_has_pending_changes (store));
  before = read_sidecar_bytes (fixture);

  reopened = open_store (fixture);
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reopened)), ==, n);
  g_assert_false (gloss_annotation_store_has_pending_changes (reopened));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossAnnotation) a = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autoptr(GlossAnnotation) b = g_list_model_get_item (G_LIST_MODEL (reopened), i);

      g_assert_cmpstr (gloss_annotation_get_id (a), ==, gloss_annotation_get_id (b));
      g_assert_cmpstr (gloss_annotation_get_quote (a), ==, gloss_annotation_get_quote (b));
      g_assert_cmpstr (gloss_annotation_get_color (a), ==, gloss_annotation_get_color (b));
      g_assert_cmpstr (gloss_annotation_get_note (a), ==, gloss_annotation_get_note (b));
      g_assert_true (g_strv_equal (gloss_annotation_get_tags (a), gloss_annotation_get_tags (b)));
      g_assert_true (g_date_time_equal (gloss_annotation_get_created (a), gloss_annotation_get_created (b)));
      g_assert_true (g_date_time_equal (gloss_annotation_get_modified (a), gloss_annotation_get_modified (b)));
      g_assert_cmpuint (gloss_annotation_get_start (a), ==, gloss_annotation_get_start (b));
      g_assert_cmpuint (gloss_annotation_get_end (a), ==, gloss_annotation_get_end (b));
      g_assert_cmpint (gloss_annotation_get_status (b), ==, GLOSS_ANCHOR_EXACT);
    }

  /* Saving what was read writes the same bytes, even after an item left
   * and came back. */
  annotation = g_list_model_get_item (G_LIST_MODEL (reopened), 0);
  gloss_annotation_store_remove (reopened, annotation);
  gloss_annotation_store_add (reopened, annotation);
  g_object_unref (annotation);
  g_assert_true (gloss_annotation_store_has_pending_changes (reopened));
  g_assert_true (gloss_annotation_store_save_sync (reopened, NULL, &error));
  g_assert_no_error (error);
  after = read_sidecar_bytes (fixture);
  g_assert_true (g_bytes_equal (before, after));
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GError **error = user_data;

  if (!gloss_annotation_store_load_finish (GLOSS_ANNOTATION_STORE (object), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (GLOSS_ERROR, 0, "loaded");
}

/* Loading in a worker thread gives the same store as loading at once, and
 * a broken sidecar is refused the same way. */
static void
test_store_load_async (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GlossAnnotationStore) store = open_store (fixture);
  g_autoptr(GlossAnnotationStore) reopened = NULL;
  g_autoptr(GlossAnnotationStore) broken = NULL;
  g_autoptr(GError) error = NULL;
  GError *result = NULL;

  add_quote (store, "a pen in hand", "green");
  add_quote (store, "Memory", NULL);
  g_assert_true (gloss_annotation_store_save_sync (store, NULL, &error));
  g_assert_no_error (error);

  reopened = gloss_annotation_store_new (fixture->document);
  gloss_annotation_store_load_async (reopened, NULL, loaded_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (result, GLOSS_ERROR, 0);
  g_clear_error (&result);
  g_assert_true (gloss_annotation_store_get_writable (reopened));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reopened)), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GlossAnnotation) a = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autoptr(GlossAnnotation) b = g_list_model_get_item (G_LIST_MODEL (reopened), i);

      g_assert_cmpstr (gloss_annotation_get_id (a), ==, gloss_annotation_get_id (b));
      g_assert_cmpuint (gloss_annotation_get_start (b), ==, gloss_annotation_get_start (a));
      g_assert_cmpint (gloss_annotation_get_status (b), ==, GLOSS_ANCHOR_EXACT);
    }
  g_assert_false (gloss_annotation_store_has_pending_changes (reopened));

  /* The article edited: anchored in the worker, as at once: moved, its
   * old place in the history, a save to make. */
  write_article (fixture,
                 "Reading with a pen in hand\n"
                 "\n"
                 "A new first paragraph.\n"
                 "\n"
                 "Reading with a pen in hand is slower, and that is the point. "
                 "The margins fill with questions; the café table with crumbs.\n"
                 "Memory keeps what the hand has copied once.\n");
  {
    g_autoptr(GlossAnnotationStore) edited = gloss_annotation_store_new (fixture->document);
    g_autoptr(GlossAnnotationStore) at_once = gloss_annotation_store_new (fixture->document);
    g_autoptr(GBytes) worker_bytes = NULL;
    g_autoptr(GBytes) at_once_bytes = NULL;

    gloss_annotation_store_load_async (edited, NULL, loaded_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_clear_error (&result);
    g_assert_true (gloss_annotation_store_load (at_once, NULL, &error));
    g_assert_no_error (error);

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (edited)), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(GlossAnnotation) a = g_list_model_get_item (G_LIST_MODEL (at_once), i);
        g_autoptr(GlossAnnotation) b = g_list_model_get_item (G_LIST_MODEL (edited), i);

        g_assert_cmpint (gloss_annotation_get_status (b), ==, gloss_annotation_get_status (a));
        g_assert_cmpuint (gloss_annotation_get_start (b), ==, gloss_annotation_get_start (a));
      }
    g_assert_true (gloss_annotation_store_has_pending_changes (edited));
    g_assert_true (gloss_annotation_store_has_pending_changes (at_once));
    worker_bytes = gloss_annotation_store_serialize (edited);
    at_once_bytes = gloss_annotation_store_serialize (at_once);
    g_assert_true (g_bytes_equal (worker_bytes, at_once_bytes));
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (worker_bytes, NULL),
                                    g_bytes_get_size (worker_bytes), "gloss:history"));
  }

  g_assert_true (g_file_set_contents (fixture->sidecar_path, "not json at all", -1, &error));
  broken = gloss_annotation_store_new (fixture->document);
  gloss_annotation_store_load_async (broken, NULL, loaded_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (result, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID);
  g_clear_error (&result);
  g_assert_false (gloss_annotation_store_get_writable (broken));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (broken)), ==, 0);
}

static void
test_store_same_bytes_not_written (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GlossAnnotationStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  Counter counter = { 0, };
  GlossAnnotation *annotation;
  GStatBuf before, after;

  add_quote (store, "a pen in hand", NULL);
  g_assert_true (gloss_annotation_store_save_sync (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (fixture->sidecar_path, &before), ==, 0);

  /* Added and removed in one burst: the same bytes, no write. Every write
   * goes through a new file renamed over the old one: the inode shows it. */
  watch_saves (store, &counter);
  annotation = add_quote (store, "Memory", NULL);
  gloss_annotation_store_remove (store, annotation);
  wait_for (&counter, 1, 0);
  g_assert_cmpint (g_stat (fixture->sidecar_path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, ==, after.st_ino);

  /* A real change is written. */
  add_quote (store, "Memory", NULL);
  wait_for (&counter, 2, 0);
  g_assert_cmpint (g_stat (fixture->sidecar_path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);

  counter_clear (&counter);
}

static void
assert_broken_sidecar_untouched (Fixture    *fixture,
                                 const char *contents,
                                 gsize       len)
{
  g_autoptr(GlossAnnotationStore) store = gloss_annotation_store_new (fixture->document);
  g_autoptr(GlossAnnotation) annotation = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  GlossSelectors selectors = { (char *) "a pen", NULL, NULL, 15, 20 };
  Counter counter = { 0, };
  gsize start, end;

  g_file_set_contents (fixture->sidecar_path, contents, len, &error);
  g_assert_no_error (error);
  watch_saves (store, &counter);

  g_assert_false (gloss_annotation_store_load (store, NULL, &error));
  g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (gloss_annotation_store_get_writable (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  /* Every way of writing is refused. */
  find_text (fixture->document, "a pen in hand", &start, &end);
  g_assert_null (gloss_annotation_store_add_range (store, start, end, NULL, &error));
  g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID);
  g_clear_error (&error);

  annotation = gloss_annotation_new (&selectors, NULL);
  gloss_annotation_store_add (store, annotation);
  gloss_annotation_set_note (annotation, "kept in memory only");
  g_assert_false (gloss_annotation_store_save_sync (store, NULL, &error));
  g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID);
  g_clear_error (&error);

  /* Nothing is pending on the main loop either. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (counter.saved + counter.failed, ==, 0);

  after = read_sidecar_bytes (fixture);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), contents, len);
}

static void
test_store_broken_sidecar (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char nul[] = "{\"type\": \"AnnotationCollection\", \"label\": \"a\0b\"}";
  g_autofree char *truncated_path = g_test_build_filename (G_TEST_DIST, "fixtures", "sidecar", "truncated.annotations.json", NULL);
  g_autofree char *not_collection_path = g_test_build_filename (G_TEST_DIST, "fixtures", "sidecar", "not-a-collection.annotations.json", NULL);
  g_autofree char *truncated = NULL;
  g_autofree char *not_collection = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"type\": \"AnnotationCollection\", \"x\": ");
  gsize len;

  g_assert_true (g_file_get_contents (truncated_path, &truncated, &len, NULL));
  assert_broken_sidecar_untouched (fixture, truncated, len);
  g_assert_true (g_file_get_contents (not_collection_path, &not_collection, &len, NULL));
  assert_broken_sidecar_untouched (fixture, not_collection, len);
  assert_broken_sidecar_untouched (fixture, nul, sizeof nul - 1);
  assert_broken_sidecar_untouched (fixture, "not json at all", strlen ("not json at all"));

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  assert_broken_sidecar_untouched (fixture, deep->str, deep->len);
}

static void
test_store_not_a_file (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GlossAnnotationStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* A folder where the sidecar should be. */
  g_assert_cmpint (g_mkdir (fixture->sidecar_path, 0700), ==, 0);
  store = gloss_annotation_store_new (fixture->document);
  g_assert_false (gloss_annotation_store_load (store, NULL, &error));
  g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID);
  g_assert_false (gloss_annotation_store_get_writable (store));
  g_assert_true (g_file_test (fixture->sidecar_path, G_FILE_TEST_IS_DIR));
}

static void
test_store_unwritable_folder (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GlossAnnotationStore) store = open_store (fixture);
  g_autofree char *moved_dir = g_strconcat (fixture->dir, "-away", NULL);
  g_autoptr(JsonObject) root = NULL;
  Counter counter = { 0, };
  GlossAnnotation *annotation;
  gboolean moved = FALSE;

  watch_saves (store, &counter);

  /* Read-only; root ignores that, so then the folder goes away too. */
  g_assert_cmpint (g_chmod (fixture->dir, 0500), ==, 0);
  if (access (fixture->dir, W_OK) == 0)
    {
      g_assert_cmpint (g_rename (fixture->dir, moved_dir), ==, 0);
      moved = TRUE;
    }

  annotation = add_quote (store, "a pen in hand", NULL);
  wait_for (&counter, 0, 1);
  if (moved)
    g_assert_error (counter.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  else
    g_assert_error (counter.error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_test_message ("%s", counter.error->message);

  /* Kept in memory, still due. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (gloss_annotation_store_has_pending_changes (store));
  g_assert_true (gloss_annotation_store_get_writable (store));

  /* Writable again: the next change saves everything. */
  if (moved)
    g_assert_cmpint (g_rename (moved_dir, fixture->dir), ==, 0);
  g_assert_cmpint (g_chmod (fixture->dir, 0700), ==, 0);
  gloss_annotation_set_note (annotation, "after the failure");
  wait_for (&counter, 1, 1);
  g_assert_false (gloss_annotation_store_has_pending_changes (store));

  root = read_sidecar_json (fixture);
  g_assert_cmpuint (json_array_get_length (sidecar_items (root)), ==, 1);

  /* No temporary file left behind. */
  {
    g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (dir)) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 2);
  }

  counter_clear (&counter);
}

static void
test_store_moved (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GlossAnnotationStore) store = open_store (fixture);
  g_autoptr(GlossAnnotationStore) reopened = NULL;
  g_autoptr(GlossAnnotation) moved = NULL;
  g_autoptr(GlossAnnotation) orphan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_autofree char *moved_id = NULL;
  g_autofree char *orphan_id = NULL;
  Counter counter = { 0, };
  GlossAnnotation *annotation;
  JsonObject *item = NULL;
  JsonArray *items, *history;
  gsize start, end;

  annotation = add_quote (store, "Memory keeps what the hand has copied once", NULL);
  moved_id = g_strdup (gloss_annotation_get_id (annotation));
  modified = g_date_time_ref (gloss_annotation_get_modified (annotation));
  annotation = add_quote (store, "the café table with crumbs", "blue");
  orphan_id = g_strdup (gloss_annotation_get_id (annotation));
  g_assert_true (gloss_annotation_store_save_sync (store, NULL, &error));
  g_assert_no_error (error);

  /* The article changes: a paragraph before the first quote, the second
   * one rewritten. */
  write_article (fixture,
                 "Reading with a pen in hand\n"
                 "\n"
                 "A new opening paragraph, added later by the author.\n"
                 "Reading with a pen in hand is slower, and that is the point. "
                 "The margins fill with questions.\n"
                 "Memory keeps what the hand has copied once.\n");

  reopened = gloss_annotation_store_new (fixture->document);
  watch_saves (reopened, &counter);
  g_assert_true (gloss_annotation_store_load (reopened, NULL, &error));
  g_assert_no_error (error);

  moved = g_list_model_get_item (G_LIST_MODEL (reopened), 0);
  orphan = g_list_model_get_item (G_LIST_MODEL (reopened), 1);
  g_assert_cmpstr (gloss_annotation_get_id (moved), ==, moved_id);
  g_assert_cmpstr (gloss_annotation_get_id (orphan), ==, orphan_id);

  find_text (fixture->document, "Memory keeps what the hand has copied once", &start, &end);
  g_assert_cmpint (gloss_annotation_get_status (moved), ==, GLOSS_ANCHOR_MOVED);
  g_assert_cmpuint (gloss_annotation_get_start (moved), ==, start);
  g_assert_cmpint (gloss_annotation_get_selectors (moved)->start, ==, start);
  g_assert_cmpint (gloss_annotation_get_status (orphan), ==, GLOSS_ANCHOR_ORPHANED);

  /* Moving is not an edit. */
  g_assert_true (g_date_time_equal (gloss_annotation_get_modified (moved), modified));

  /* The new place is saved by itself, the old one kept in the history;
   * the orphan is kept as it was. */
  g_assert_true (gloss_annotation_store_has_pending_changes (reopened));
  wait_for (&counter, 1, 0);

  root = read_sidecar_json (fixture);
  items = sidecar_items (root);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  for (guint i = 0; i < 2; i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i), "id"), moved_id))
      item = json_array_get_object_element (items, i);
  g_assert_nonnull (item);
  g_assert_cmpint (json_object_get_int_member (item_selector (item, 1), "start"), ==, start);
  history = json_object_get_array_member (item, "gloss:history");
  g_assert_nonnull (history);
  g_assert_cmpuint (json_array_get_length (history), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "gloss:article"), "sha256"),
                   ==, gloss_document_get_sha256 (fixture->document));

  counter_clear (&counter);
}

static void
test_store_unreadable_items_kept (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "sidecar", "invalid-items.annotations.json", NULL);
  g_autoptr(GlossAnnotationStore) store = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *contents = NULL;
  Counter counter = { 0, };
  JsonArray *items;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (fixture->sidecar_path, contents, len, NULL));

  store = open_store (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_cmpuint (gloss_annotation_store_get_n_unreadable (store), ==, 10);
  g_assert_cmpuint (g_strv_length ((GStrv) gloss_annotation_store_get_problems (store)), ==, 10);

  watch_saves (store, &counter);
  add_quote (store, "Memory keeps", NULL);
  wait_for (&counter, 1, 0);

  root = read_sidecar_json (fixture);
  items = sidecar_items (root);
  g_assert_cmpuint (json_array_get_length (items), ==, 13);
  g_assert_cmpstr (json_array_get_string_element (items, 0), ==, "a bare string");
  g_assert_cmpint (json_object_get_int_member (item_selector (json_array_get_object_element (items, 4), 1), "end"), ==, 3);

  counter_clear (&counter);
}

static void
test_store_dispose_pending (Fixture       *fixture,
                            gconstpointer  data)
{
  GlossAnnotationStore *store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotationStore) reopened = NULL;

  /* A window closing: save_sync, then the store goes away cleanly. */
  add_quote (store, "a pen in hand", NULL);
  g_assert_true (gloss_annotation_store_has_pending_changes (store));
  g_assert_true (gloss_annotation_store_save_sync (store, NULL, &error));
  g_assert_no_error (error);
  g_object_unref (store);

  /* Nothing left to fire on the main loop. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  reopened = open_store (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reopened)), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/add-range", test_store_add_range);
  ADD ("/store/coalesce", test_store_coalesce);
  ADD ("/store/edits", test_store_edits);
  ADD ("/store/reopen", test_store_reopen);
  ADD ("/store/load-async", test_store_load_async);
  ADD ("/store/same-bytes-not-written", test_store_same_bytes_not_written);
  ADD ("/store/broken-sidecar", test_store_broken_sidecar);
  ADD ("/store/not-a-file", test_store_not_a_file);
  ADD ("/store/unwritable-folder", test_store_unwritable_folder);
  ADD ("/store/moved", test_store_moved);
  ADD ("/store/unreadable-items-kept", test_store_unreadable_items_kept);
  ADD ("/store/dispose-pending", test_store_dispose_pending);

#undef ADD

  return g_test_run ();
}
