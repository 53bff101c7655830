/* test-sidecar-window.c: the real window and its annotations file when the
 * file is broken, changed by somebody else, or cannot be written
 *
 * Each test opens field-notes.html in a GlossWindow (real WebKit, under
 * Xvfb) and checks what the user sees (the banner, its button, the
 * sidebar, what is painted) and what is on disk:
 *
 * - broken sidecars (truncated, NUL bytes, 100,000 levels deep, the wrong
 *   shape) are never written, annotating is off, the banner says why, and
 *   Start Fresh moves the file aside as NAME.annotations.json.broken-DATE;
 * - a sidecar with items that cannot be read: the rest is shown, the
 *   banner says so, and the items are written back as they were;
 * - another program adds and deletes while the window edits: both kept;
 * - the article changes on disk: reloaded, highlights found again;
 * - a sync tool's conflict copy is offered and merged;
 * - a read-only folder: the annotations live under the data folder;
 * - the folder becomes read-only mid-session: the banner says so, the
 *   window keeps the annotations (and will not close without asking), and
 *   saves them by itself once it can.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gloss-annotation-store-private.h"
#include "gloss-export.h"
#include "gloss-test-fixture.h"
#include "gloss-test-home.h"
#include "gloss-test-privileges.h"
#include "gloss-test-ui.h"
#include "gloss-window.h"

#define WAIT_SECONDS 30

typedef struct
{
  char  *folder;
  char  *article_path;
  char  *sidecar_path;
  GFile *article;
} Fixture;

/* Spins the main context until @cond holds; fails after WAIT_SECONDS. */
#define SPIN_UNTIL(cond) GLOSS_TEST_SPIN_UNTIL (cond, WAIT_SECONDS)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->folder = gloss_test_make_folder ("gloss-sidecar-window-XXXXXX");
  fixture->article_path = gloss_test_copy_fixture (fixture->folder, "window", "field-notes.html");
  fixture->sidecar_path = gloss_test_sidecar_path (fixture->article_path);
  fixture->article = g_file_new_for_path (fixture->article_path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gloss_test_remove_folder (fixture->folder);
  g_free (fixture->folder);
  g_free (fixture->article_path);
  g_free (fixture->sidecar_path);
  g_clear_object (&fixture->article);
}

/* The window */

static GlossWindow *
open_window (Fixture *fixture)
{
  gboolean ok = FALSE;
  GlossWindow *window = gloss_test_open_window (fixture->article, WAIT_SECONDS, &ok);

  g_assert_true (ok);
  return window;
}

static GtkWidget *
child (GlossWindow *window,
       const char  *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GLOSS_TYPE_WINDOW, name));
}

static gboolean
banner_shown (GlossWindow *window)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (child (window, "problem_revealer")));
}

static const char *
banner_text (GlossWindow *window)
{
  return gtk_label_get_text (GTK_LABEL (child (window, "problem_label")));
}

/* The banner's button when it shows, else NULL. */
static const char *
banner_button (GlossWindow *window)
{
  GtkWidget *button = child (window, "problem_button");

  return gtk_widget_get_visible (button) ? gtk_button_get_label (GTK_BUTTON (button)) : NULL;
}

/* As a click does (GtkButton's "activate" would wait for its animation). */
static void
click_banner_button (GlossWindow *window)
{
  GtkWidget *button = child (window, "problem_button");

  g_assert_true (gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* Highlights painted in the page, counted in CSS.highlights (not the
 * flash that shows where a selected row is). */
static guint
n_painted (GlossWindow *window)
{
  GlossArticleView *view = gloss_window_get_article_view (window);

  return (guint) gloss_test_run_js_number (view, gloss_article_view_get_world_name (view),
                                           "let n = 0;"
                                           "for (const [name, highlight] of CSS.highlights)"
                                           "  if (name !== 'gloss-flash')"
                                           "    n += highlight.size;"
                                           "return n;");
}

/* The text painted in the page, ranges in document order, joined by |. */
static char *
painted_text (GlossWindow *window)
{
  GlossArticleView *view = gloss_window_get_article_view (window);

  return gloss_test_run_js_string (view, gloss_article_view_get_world_name (view),
                                   "const texts = [];"
                                   "for (const [name, highlight] of CSS.highlights)"
                                   "  for (const r of (name === 'gloss-flash' ? [] : highlight)) {"
                                   "    const range = document.createRange();"
                                   "    range.setStart(r.startContainer, r.startOffset);"
                                   "    range.setEnd(r.endContainer, r.endOffset);"
                                   "    texts.push(range.toString());"
                                   "  }"
                                   "return texts.sort().join('|');");
}

static guint
n_shown (GlossWindow *window)
{
  return gloss_sidebar_get_n_shown (gloss_window_get_sidebar (window));
}

/* The disk */

/* A second writer: another Gloss, the CLI. */
static GlossAnnotationStore *
open_other (Fixture *fixture)
{
  g_autoptr(GlossDocument) document = gloss_test_load_document (fixture->article_path);

  return gloss_test_load_store (document);
}

/* Broken sidecars */

static void
test_broken_sidecars (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char nul[] = "{\"type\": \"AnnotationCollection\", \0\0\0 \"first\": {}}";
  g_autoptr(GString) deep = g_string_new ("{\"type\": \"AnnotationCollection\", \"x\": ");
  struct {
    const char *what;
    const char *data;
    gsize       len;
  } cases[] = {
    { "truncated", "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": [{\"id\": \"urn:x", 0 },
    { "not JSON", "Reading list:\n- field notes\n", 0 },
    { "NUL bytes", nul, sizeof nul - 1 },
    { "the wrong shape", "{\"type\": \"AnnotationPage\", \"items\": []}", 0 },
    { "100,000 levels deep", NULL, 0 },
  };
  g_autoptr(GFile) aside = NULL;
  g_autoptr(GBytes) moved = NULL;
  GlossAnnotation *annotation;
  GlossWindow *window;

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "[");
  cases[4].data = deep->str;
  cases[4].len = deep->len;

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gsize len = cases[c].len ? cases[c].len : strlen (cases[c].data);
      g_autoptr(GBytes) after = NULL;
      gsize start, end;

      g_test_message ("A sidecar that is %s", cases[c].what);
      gloss_test_write_bytes (fixture->sidecar_path, cases[c].data, len);

      /* The article shows; the banner says why annotating is off. */
      window = open_window (fixture);
      g_assert_false (gloss_annotation_store_get_writable (gloss_window_get_store (window)));
      g_assert_true (banner_shown (window));
      g_test_message ("%s", banner_text (window));
      g_assert_nonnull (strstr (banner_text (window), "The annotations file cannot be read: "));
      g_assert_cmpstr (banner_button (window), ==, "_Start Fresh");

      /* A selection cannot become a highlight. */
      gloss_test_select (window, "Tags help later", &start, &end);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.highlight", NULL);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gloss_window_get_store (window))), ==, 0);

      /* Never written, not even on close. */
      if (c + 1 < G_N_ELEMENTS (cases))
        gloss_test_close_window (window);
      after = gloss_test_read_bytes (fixture->sidecar_path);
      g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), cases[c].data, len);
    }

  /* Start Fresh: the file moves aside as it is; a new one begins. */
  click_banner_button (window);
  g_assert_true (gloss_annotation_store_get_writable (gloss_window_get_store (window)));
  g_assert_false (banner_shown (window));
  g_assert_false (g_file_test (fixture->sidecar_path, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GDir) dir = g_dir_open (fixture->folder, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_regex_match_simple ("^field-notes\\.html\\.annotations\\.json\\.broken-[0-9]{8}-[0-9]{6}$",
                                name, 0, 0))
        aside = g_file_new_build_filename (fixture->folder, name, NULL);
  }
  g_assert_nonnull (aside);
  moved = gloss_test_read_bytes (g_file_peek_path (aside));
  g_assert_true (g_bytes_get_size (moved) == deep->len);
  g_assert_cmpmem (g_bytes_get_data (moved, NULL), g_bytes_get_size (moved), deep->str, deep->len);

  annotation = gloss_test_highlight (window, "Marking a passage is a promise to come back");
  g_assert_nonnull (annotation);
  g_assert_cmpuint (n_shown (window), ==, 1);
  gloss_test_close_window (window);
}

/* Items that cannot be read */

static void
test_unreadable_items (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char sidecar[] =
    "{\n"
    "  \"@context\": \"http://www.w3.org/ns/anno.jsonld\",\n"
    "  \"type\": \"AnnotationCollection\",\n"
    "  \"first\": {\"type\": \"AnnotationPage\", \"items\": [\n"
    "    {\"id\": \"urn:x:good\", \"type\": \"Annotation\",\n"
    "     \"target\": {\"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"passes through us like weather\"}}},\n"
    "    {\"id\": \"urn:x:negative\", \"type\": \"Annotation\",\n"
    "     \"target\": {\"selector\": [{\"type\": \"TextQuoteSelector\", \"exact\": \"weather\"},\n"
    "                              {\"type\": \"TextPositionSelector\", \"start\": -5, \"end\": 3}]}},\n"
    "    {\"id\": \"urn:x:chartreuse\", \"type\": \"Annotation\",\n"
    "     \"target\": {\"styleClass\": \"chartreuse\",\n"
    "                \"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"the book reads you back\"}}},\n"
    "    {\"id\": \"urn:x:reversed\", \"type\": \"Annotation\",\n"
    "     \"target\": {\"selector\": [{\"type\": \"TextQuoteSelector\", \"exact\": \"weather\"},\n"
    "                              {\"type\": \"TextPositionSelector\", \"start\": 90, \"end\": 10}]}},\n"
    "    {\"id\": 42, \"type\": \"Annotation\", \"target\": \"field-notes.html\"}\n"
    "  ]}\n"
    "}\n";
  g_autoptr(JsonParser) before = json_parser_new ();
  g_autoptr(JsonParser) after = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *painted = NULL;
  GlossWindow *window;
  JsonArray *before_items, *after_items;

  gloss_test_write_bytes (fixture->sidecar_path, sidecar, strlen (sidecar));

  /* What can be read is shown and painted (an unknown colour as yellow). */
  window = open_window (fixture);
  g_assert_true (gloss_annotation_store_get_writable (gloss_window_get_store (window)));
  g_assert_cmpuint (n_shown (window), ==, 2);
  SPIN_UNTIL (n_painted (window) == 2);
  painted = painted_text (window);
  g_assert_cmpstr (painted, ==, "passes through us like weather|the book reads you back");

  /* The banner says what cannot be read, and that it is kept. */
  g_assert_true (banner_shown (window));
  g_test_message ("%s", banner_text (window));
  g_assert_true (g_str_has_prefix (banner_text (window), "Highlight 2 in the annotations file cannot be read ("));
  g_assert_nonnull (strstr (banner_text (window), " 2 more cannot be read either"));
  g_assert_null (banner_button (window));

  /* A new highlight: the file is written, the bad items as they were. */
  gloss_test_highlight (window, "Tags help later");
  gloss_test_close_window (window);

  json_parser_load_from_data (before, sidecar, -1, &error);
  g_assert_no_error (error);
  json_parser_load_from_file (after, fixture->sidecar_path, &error);
  g_assert_no_error (error);
  before_items = json_object_get_array_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (before)), "first"), "items");
  after_items = json_object_get_array_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (after)), "first"), "items");
  g_assert_cmpuint (json_array_get_length (after_items), ==, 6);
  for (guint i = 1; i < 5; i += 2)
    g_assert_true (json_node_equal (json_array_get_element (before_items, i),
                                    json_array_get_element (after_items, i)));
  g_assert_true (json_node_equal (json_array_get_element (before_items, 4),
                                  json_array_get_element (after_items, 4)));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (after_items, 2), "target"), "styleClass"),
                   ==, "chartreuse");
}

/* Somebody else writes */

static void
test_outside_changes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GlossAnnotationStore) other = NULL;
  g_autoptr(GlossSidecar) on_disk = NULL;
  g_autofree char *b_id = NULL;
  g_autofree char *painted = NULL;
  GlossAnnotationStore *store;
  GlossAnnotation *a, *b;
  GlossWindow *window;

  window = open_window (fixture);
  store = gloss_window_get_store (window);
  a = gloss_test_highlight (window, "Marking a passage is a promise to come back");

  /* "gloss add" while the window is open: it shows up, painted. */
  other = open_other (fixture);
  b = gloss_test_add_quote (other, "Read with a pencil");
  b_id = g_strdup (gloss_annotation_get_id (b));
  gloss_test_save (other);
  SPIN_UNTIL (gloss_annotation_store_lookup (store, b_id) != NULL);
  SPIN_UNTIL (n_shown (window) == 2 && n_painted (window) == 2);
  painted = painted_text (window);
  g_assert_cmpstr (painted, ==, "Marking a passage is a promise to come back|Read with a pencil");

  /* The window edits a while the other deletes b: both are kept. */
  gloss_annotation_set_note (a, "a promise kept");
  gloss_annotation_store_remove (other, gloss_annotation_store_lookup (other, b_id));
  gloss_test_save (other);
  SPIN_UNTIL (gloss_annotation_store_lookup (store, b_id) == NULL &&
              !gloss_annotation_store_has_pending_changes (store));
  SPIN_UNTIL (n_shown (window) == 1 && n_painted (window) == 1);

  on_disk = gloss_test_read_sidecar (fixture->sidecar_path);
  g_assert_cmpuint (gloss_sidecar_get_annotations (on_disk)->len, ==, 1);
  g_assert_cmpstr (gloss_annotation_get_note (gloss_test_sidecar_lookup (on_disk, gloss_annotation_get_id (a))),
                   ==, "a promise kept");
  g_assert_true (g_hash_table_contains (gloss_sidecar_get_deleted (on_disk), b_id));

  gloss_test_close_window (window);
}

/* The article changes on disk */

static void
test_article_changed (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *quote = "Tags help later";
  g_autofree char *contents = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *painted = NULL;
  g_autoptr(GlossSidecar) on_disk = NULL;
  g_autoptr(GError) error = NULL;
  gboolean loaded = FALSE;
  GlossAnnotation *annotation;
  GlossWindow *window;
  gsize old_start;
  char *at;

  window = open_window (fixture);
  annotation = gloss_test_highlight (window, quote);
  old_start = gloss_annotation_get_start (annotation);

  /* An editor adds a paragraph before it. */
  g_file_get_contents (fixture->article_path, &contents, NULL, &error);
  g_assert_no_error (error);
  at = strstr (contents, "<h2>Marking</h2>");
  g_assert_nonnull (at);
  *at = '\0';
  changed = g_strconcat (contents, "<p>A paragraph written later, on a second reading.</p>\n",
                         "<h2>Marking</h2>", at + strlen ("<h2>Marking</h2>"), NULL);
  g_signal_connect_swapped (window, "article-loaded", G_CALLBACK (gloss_test_set_flag), &loaded);
  gloss_test_write_bytes (fixture->article_path, changed, strlen (changed));

  /* Reloaded, found again further on, painted over the same words. */
  gloss_test_wait (&loaded, WAIT_SECONDS, "the article to load again");
  g_assert_nonnull (strstr (gloss_text_get_utf8 (gloss_document_get_text (gloss_window_get_document (window)), NULL),
                            "on a second reading"));
  g_assert_true (gloss_annotation_store_lookup (gloss_window_get_store (window),
                                                gloss_annotation_get_id (annotation)) == annotation);
  g_assert_cmpuint (gloss_annotation_get_status (annotation), !=, GLOSS_ANCHOR_ORPHANED);
  g_assert_cmpuint (gloss_annotation_get_start (annotation), >, old_start);
  SPIN_UNTIL (n_painted (window) == 1);
  painted = painted_text (window);
  g_assert_cmpstr (painted, ==, quote);

  /* The new place is saved. */
  SPIN_UNTIL (!gloss_annotation_store_has_pending_changes (gloss_window_get_store (window)));
  on_disk = gloss_test_read_sidecar (fixture->sidecar_path);
  g_assert_cmpint (gloss_annotation_get_selectors (gloss_test_sidecar_lookup (on_disk, gloss_annotation_get_id (annotation)))->start,
                   ==, (gint64) gloss_annotation_get_start (annotation));
  gloss_test_close_window (window);
}

/* A sync tool's conflict copy */

static void
test_conflict_copy (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *copy_path = g_build_filename (fixture->folder,
                                                 "field-notes.html.annotations.sync-conflict-20261127-101500-LAPTOP7.json",
                                                 NULL);
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GBytes) copy_after = NULL;
  g_autoptr(GlossSidecar) on_disk = NULL;
  g_autofree char *c_id = NULL;
  GlossAnnotationStore *store;
  GlossWindow *window;

  window = open_window (fixture);
  store = gloss_window_get_store (window);
  gloss_test_highlight (window, "Marking a passage is a promise to come back");

  /* The laptop highlighted something else; the sync tool kept its file
   * beside ours. */
  {
    g_autoptr(GlossAnnotationStore) laptop = open_other (fixture);
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
    GlossAnnotation *c = gloss_test_add_quote (laptop, "every article said about the same thing");

    gloss_annotation_set_note (c, "from the laptop");
    c_id = g_strdup (gloss_annotation_get_id (c));
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (laptop)); i++)
      g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (laptop), i));
    copy = gloss_sidecar_serialize (gloss_annotation_store_get_sidecar (laptop), items,
                                    GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  }
  gloss_test_write_bytes (copy_path, g_bytes_get_data (copy, NULL), g_bytes_get_size (copy));

  /* Offered in the banner; Merge takes it in. */
  SPIN_UNTIL (g_strcmp0 (banner_button (window), "_Merge") == 0);
  g_test_message ("%s", banner_text (window));
  g_assert_nonnull (strstr (banner_text (window), "sync-conflict-20261127-101500-LAPTOP7"));
  click_banner_button (window);
  g_assert_nonnull (gloss_annotation_store_lookup (store, c_id));
  g_assert_false (banner_shown (window));
  SPIN_UNTIL (n_shown (window) == 2 && n_painted (window) == 2);

  SPIN_UNTIL (!gloss_annotation_store_has_pending_changes (store));
  on_disk = gloss_test_read_sidecar (fixture->sidecar_path);
  g_assert_cmpuint (gloss_sidecar_get_annotations (on_disk)->len, ==, 2);
  g_assert_cmpstr (gloss_annotation_get_note (gloss_test_sidecar_lookup (on_disk, c_id)), ==, "from the laptop");

  /* The copy itself stays as it was. */
  copy_after = gloss_test_read_bytes (copy_path);
  g_assert_true (g_bytes_equal (copy, copy_after));
  gloss_test_close_window (window);
}

/* Folders that cannot be written */

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static void
test_read_only_folder (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *expected = NULL;
  GlossAnnotationStore *store;
  GlossWindow *window;
  guint n_files;

  g_assert_cmpint (g_chmod (fixture->folder, 0555), ==, 0);
  n_files = count_files (fixture->folder);

  window = open_window (fixture);
  store = gloss_window_get_store (window);
  g_assert_true (gloss_annotation_store_get_uses_fallback (store));

  /* The banner says where the annotations are kept. */
  folder = g_build_filename (g_get_user_data_dir (), "gloss", "annotations", NULL);
  g_assert_true (banner_shown (window));
  g_test_message ("%s", banner_text (window));
  g_assert_nonnull (strstr (banner_text (window), "cannot be written"));
  g_assert_nonnull (strstr (banner_text (window), folder));
  g_assert_null (banner_button (window));

  /* Highlighting works; the file lives under the data folder, named by
   * the article's path; nothing is added beside the article. */
  gloss_test_highlight (window, "Read with a pencil, and the book reads you back.");
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, fixture->article_path, -1);
  name = g_strconcat (hash, ".annotations.json", NULL);
  expected = g_build_filename (folder, name, NULL);
  g_assert_cmpstr (g_file_peek_path (gloss_annotation_store_get_file (store)), ==, expected);
  g_assert_cmpuint (count_files (fixture->folder), ==, n_files);

  /* Export works as anywhere. */
  markdown = gloss_export_to_string (store, GLOSS_EXPORT_MARKDOWN);
  g_assert_nonnull (strstr (markdown, "Read with a pencil"));

  gloss_test_close_window (window);
}

static void
on_finalized (gpointer  data,
              GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

static GtkWindow *
find_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_window_get_transient_for (toplevel) == parent)
        return toplevel;
    }

  return NULL;
}

static void
test_save_fails (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GlossSidecar) on_disk = NULL;
  GlossAnnotationStore *store;
  GlossAnnotation *annotation;
  GlossWindow *window;
  GtkWindow *dialog;
  gboolean finalized = FALSE;

  window = open_window (fixture);
  store = gloss_window_get_store (window);
  annotation = gloss_test_highlight (window, "Marking a passage is a promise to come back");
  before = gloss_test_read_bytes (fixture->sidecar_path);

  /* The folder becomes read-only; a note typed now cannot be saved. */
  g_assert_cmpint (g_chmod (fixture->folder, 0555), ==, 0);
  gloss_annotation_set_note (annotation, "typed while the folder was read-only");
  SPIN_UNTIL (banner_shown (window) && g_str_has_prefix (banner_text (window), "Could not save the annotations: "));
  g_test_message ("%s", banner_text (window));
  g_assert_nonnull (strstr (banner_text (window), "Gloss will try again"));
  g_assert_cmpuint (n_shown (window), ==, 1);
  g_assert_cmpstr (gloss_annotation_get_note (annotation), ==, "typed while the folder was read-only");
  after = gloss_test_read_bytes (fixture->sidecar_path);
  g_assert_true (g_bytes_equal (before, after));

  /* Closing now would lose it: the window asks, and stays. */
  g_object_weak_ref (G_OBJECT (window), on_finalized, &finalized);
  gtk_window_close (GTK_WINDOW (window));
  SPIN_UNTIL ((dialog = find_dialog (GTK_WINDOW (window))) != NULL);
  g_assert_false (finalized);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_assert_false (finalized);

  /* Writable again: saved by itself, the banner goes. */
  g_assert_cmpint (g_chmod (fixture->folder, 0755), ==, 0);
  SPIN_UNTIL (!gloss_annotation_store_has_pending_changes (store) && !banner_shown (window));
  on_disk = gloss_test_read_sidecar (fixture->sidecar_path);
  g_assert_cmpstr (gloss_annotation_get_note (gloss_test_sidecar_lookup (on_disk, gloss_annotation_get_id (annotation))),
                   ==, "typed while the folder was read-only");

  g_object_weak_unref (G_OBJECT (window), on_finalized, &finalized);
  gloss_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int status;

  /* Before any thread: read-only folders are read-only, even for root. */
  gloss_test_obey_file_permissions ();
  home = gloss_test_isolate_home ();

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sidecar-window/broken-sidecars", test_broken_sidecars);
  ADD ("/sidecar-window/unreadable-items", test_unreadable_items);
  ADD ("/sidecar-window/outside-changes", test_outside_changes);
  ADD ("/sidecar-window/article-changed", test_article_changed);
  ADD ("/sidecar-window/conflict-copy", test_conflict_copy);
  ADD ("/sidecar-window/read-only-folder", test_read_only_folder);
  ADD ("/sidecar-window/save-fails", test_save_fails);

#undef ADD

  status = g_test_run ();
  gloss_test_remove_tree (home);

  return status;
}
