/* test-cli.c: the real "gloss" binary on copies of fixture articles
 *
 * Every test copies the articles it needs into a fresh temporary folder,
 * runs $GLOSS_BINARY there with GSubprocess, and checks its exit status,
 * its output and what it left on disk.  The source tree is never written.
 * What the CLI prints is compared with what the core computes in this
 * process, so the two cannot drift apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gloss-annotation-store.h"
#include "gloss-document.h"
#include "gloss-export.h"

#include "gloss-test-privileges.h"

#define QUOTE_TWICE "in the margin"

typedef struct
{
  char *dir;  /* a temporary folder, removed at teardown */
} Fixture;

typedef struct
{
  int     status;
  GBytes *out;
  char   *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_bytes_unref);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Helpers: files */

/* @bytes as a NUL-terminated string ("" when empty: GBytes may hold NULL). */
static char *
bytes_to_string (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  return len ? g_strndup (data, len) : g_strdup ("");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("gloss-cli-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static char *
fixture_path (Fixture    *fixture,
              const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
write_file (Fixture    *fixture,
            const char *name,
            const char *data,
            gssize      len)
{
  g_autofree char *path = fixture_path (fixture, name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static GBytes *
read_file (Fixture    *fixture,
           const char *name)
{
  g_autofree char *path = fixture_path (fixture, name);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (data, len);
}

static gboolean
file_exists (Fixture    *fixture,
             const char *name)
{
  g_autofree char *path = fixture_path (fixture, name);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Copies tests/fixtures/cli/NAME into the temporary folder. */
static void
copy_fixture (Fixture    *fixture,
              const char *name)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "fixtures", "cli", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_file_get_contents (source, &data, &len, &error);
  g_assert_no_error (error);
  write_file (fixture, name, data, len);
}

static char *
sidecar_name (const char *article)
{
  return g_strconcat (article, GLOSS_SIDECAR_SUFFIX, NULL);
}

/* Helpers: the core, in this process */

static GlossDocument *
load_document (Fixture    *fixture,
               const char *name)
{
  g_autofree char *path = fixture_path (fixture, name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GlossDocument *document;

  document = gloss_document_new_for_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);

  return document;
}

static GlossAnnotationStore *
load_store (Fixture    *fixture,
            const char *name)
{
  g_autoptr(GlossDocument) document = load_document (fixture, name);
  g_autoptr(GlossAnnotationStore) store = gloss_annotation_store_new (document);
  g_autoptr(GError) error = NULL;

  gloss_annotation_store_load (store, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&store);
}

/* Code point range of the @occurrence-th (1-based) @quote in @name's text. */
static void
find_quote (Fixture    *fixture,
            const char *name,
            const char *quote,
            guint       occurrence,
            gsize      *start,
            gsize      *end)
{
  g_autoptr(GlossDocument) document = load_document (fixture, name);
  const char *text = gloss_text_get_utf8 (gloss_document_get_text (document), NULL);
  const char *hit = text;

  for (guint i = 0; i < occurrence; i++)
    {
      hit = strstr (i == 0 ? hit : g_utf8_next_char (hit), quote);
      g_assert_nonnull (hit);
    }

  *start = g_utf8_pointer_to_offset (text, hit);
  *end = *start + g_utf8_strlen (quote, -1);
}

/* Helpers: running gloss */

static gboolean
have_binary (void)
{
  /* Without the binary the test proves nothing: fail, never skip. */
  if (g_getenv ("GLOSS_BINARY") == NULL)
    g_error ("GLOSS_BINARY is not set (run with meson test)");

  return TRUE;
}

/* Runs "gloss ARGS…" in the fixture folder. */
static void
run_gloss_argv (Fixture            *fixture,
                Run                *run,
                const char * const *args)
{
  const char *xdg[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("GLOSS_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, fixture->dir);
  /* English messages, UTF-8, and no display: the CLI must not need one. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  /* Whatever it might keep for the user stays in the temporary folder too. */
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, ".xdg", xdg[i], NULL);

      g_subprocess_launcher_setenv (launcher, xdg[i], path, TRUE);
    }

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate (process, NULL, NULL, &run->out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  run->status = g_subprocess_get_exit_status (process);
  run->err = bytes_to_string (err);
  if (run->status != 0 || run->err[0] != '\0')
    g_test_message ("gloss %s → %d: %.*s", args[0], run->status,
                    (int) strcspn (run->err, "\n"), run->err);
}

#define run_gloss(fixture, run, ...) \
  G_STMT_START { \
    const char *run_args_[] = { __VA_ARGS__, NULL }; \
    run_gloss_argv ((fixture), (run), run_args_); \
  } G_STMT_END

/* An error is exactly one line, "gloss: …", and nothing on stdout. */
static void
assert_error (Run        *run,
              int         status)
{
  const char *newline;

  g_assert_cmpint (run->status, ==, status);
  g_assert_true (g_str_has_prefix (run->err, "gloss: "));
  newline = strchr (run->err, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpint (newline[1], ==, '\0');
  g_assert_cmpuint (strlen (run->err), >, strlen ("gloss: \n"));
  g_assert_cmpuint (g_bytes_get_size (run->out), ==, 0);
}

static void
assert_success (Run *run)
{
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
}

/* Helpers: JSON */

static JsonNode *
parse_json (const char *data,
            gssize      len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, data, len, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

/* The object whose "id" is @id, anywhere in @node. */
static JsonObject *
find_by_id (JsonNode   *node,
            const char *id)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, "id", NULL), id) == 0)
        return object;

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonObject *found = find_by_id (json_object_get_member (object, l->data), id);

          if (found != NULL)
            return found;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *found = find_by_id (json_array_get_element (array, i), id);

          if (found != NULL)
            return found;
        }
    }

  return NULL;
}

/* @member of @object as a list of objects, whether it is one or an array. */
static GList *
objects_of (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  GList *list = NULL;

  if (node == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    return g_list_prepend (NULL, json_node_get_object (node));

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        list = g_list_append (list, json_node_get_object (element));
    }

  return list;
}

static JsonObject *
object_of_type (JsonObject *object,
                const char *member,
                const char *type)
{
  g_autoptr(GList) list = objects_of (object, member);

  for (GList *l = list; l != NULL; l = l->next)
    if (g_strcmp0 (json_object_get_string_member_with_default (l->data, "type", NULL), type) == 0)
      return l->data;

  return NULL;
}

/* The "value"s of the TextualBody items with @purpose. */
static GPtrArray *
body_values (JsonObject *annotation,
             const char *purpose)
{
  g_autoptr(GList) bodies = objects_of (annotation, "body");
  GPtrArray *values = g_ptr_array_new ();

  for (GList *l = bodies; l != NULL; l = l->next)
    if (g_strcmp0 (json_object_get_string_member_with_default (l->data, "purpose", NULL),
                   purpose) == 0)
      g_ptr_array_add (values,
                       (char *) json_object_get_string_member_with_default (l->data, "value", ""));

  return values;
}

static gboolean
node_has_type (JsonObject *object,
               const char *type)
{
  JsonNode *node = json_object_get_member (object, "type");

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node))
    return g_strcmp0 (json_node_get_string (node), type) == 0;
  if (JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      if (g_strcmp0 (json_array_get_string_element (json_node_get_array (node), i), type) == 0)
        return TRUE;

  return FALSE;
}

/* Runs "gloss add" and returns the id it printed. */
static char *
add_ok (Fixture            *fixture,
        const char * const *args)
{
  g_auto(Run) run = { 0 };
  g_autofree char *out = NULL;
  gsize len;

  run_gloss_argv (fixture, &run, args);
  assert_success (&run);

  out = bytes_to_string (run.out);
  len = strlen (out);
  /* One line: the id. */
  g_assert_cmpuint (len, >, 0);
  g_assert_true (strchr (out, '\n') == out + len - 1);
  out[len - 1] = '\0';
  g_assert_true (g_str_has_prefix (out, "urn:uuid:"));

  return g_steal_pointer (&out);
}

/* Checks the sidecar on disk and the store read back by the core. */
static void
assert_saved (Fixture            *fixture,
              const char         *article,
              const char         *id,
              gsize               start,
              gsize               end,
              const char         *color,
              const char * const *tags,
              const char         *note)
{
  g_autofree char *sidecar = sidecar_name (article);
  g_autoptr(GBytes) bytes = read_file (fixture, sidecar);
  g_autoptr(JsonNode) root = parse_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GlossDocument) document = load_document (fixture, article);
  g_autoptr(GlossAnnotationStore) store = load_store (fixture, article);
  g_autofree char *quote = gloss_text_slice (gloss_document_get_text (document), start, end);
  g_autoptr(GPtrArray) tag_values = NULL;
  g_autoptr(GPtrArray) note_values = NULL;
  g_autoptr(GList) targets = NULL;
  JsonObject *annotation;
  JsonObject *target;
  JsonObject *selector;
  GlossAnnotation *item;

  /* On disk. */
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_true (node_has_type (json_node_get_object (root), "AnnotationCollection"));
  annotation = find_by_id (root, id);
  g_assert_nonnull (annotation);
  g_assert_true (node_has_type (annotation, "Annotation"));

  targets = objects_of (annotation, "target");
  g_assert_nonnull (targets);
  target = targets->data;
  g_assert_cmpstr (json_object_get_string_member_with_default (target, "styleClass", NULL), ==, color);

  selector = object_of_type (target, "selector", "TextQuoteSelector");
  g_assert_nonnull (selector);
  g_assert_cmpstr (json_object_get_string_member (selector, "exact"), ==, quote);
  selector = object_of_type (target, "selector", "TextPositionSelector");
  g_assert_nonnull (selector);
  g_assert_cmpint (json_object_get_int_member (selector, "start"), ==, start);
  g_assert_cmpint (json_object_get_int_member (selector, "end"), ==, end);

  tag_values = body_values (annotation, "tagging");
  g_assert_cmpuint (tag_values->len, ==, tags ? g_strv_length ((char **) tags) : 0);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    g_assert_true (g_ptr_array_find_with_equal_func (tag_values, tags[i], g_str_equal, NULL));

  note_values = body_values (annotation, "commenting");
  if (note != NULL)
    {
      g_assert_cmpuint (note_values->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (note_values, 0), ==, note);
    }
  else
    g_assert_cmpuint (note_values->len, ==, 0);

  /* As the window would read it back. */
  item = gloss_annotation_store_lookup (store, id);
  g_assert_nonnull (item);
  g_assert_cmpint (gloss_annotation_get_status (item), ==, GLOSS_ANCHOR_EXACT);
  g_assert_cmpuint (gloss_annotation_get_start (item), ==, start);
  g_assert_cmpuint (gloss_annotation_get_end (item), ==, end);
  g_assert_cmpstr (gloss_annotation_get_quote (item), ==, quote);
  g_assert_cmpstr (gloss_annotation_get_color (item), ==, color);
  g_assert_cmpstr (gloss_annotation_get_note (item), ==, note ? note : "");
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    g_assert_true (gloss_annotation_has_tag (item, tags[i]));
}

/* gloss text */

static void
assert_text_matches_core (Fixture    *fixture,
                          const char *name)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GlossDocument) document = load_document (fixture, name);
  gsize n_bytes;
  const char *expected = gloss_text_get_utf8 (gloss_document_get_text (document), &n_bytes);

  run_gloss (fixture, &run, "text", name);
  assert_success (&run);
  g_assert_cmpmem (g_bytes_get_data (run.out, NULL), g_bytes_get_size (run.out),
                   expected, n_bytes);
}

static void
test_text_html (Fixture       *fixture,
                gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *out = NULL;

  if (!have_binary ())
    return;

  copy_fixture (fixture, "margin.html");
  assert_text_matches_core (fixture, "margin.html");

  run_gloss (fixture, &run, "text", "margin.html");
  out = bytes_to_string (run.out);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_nonnull (strstr (out, "naïve questions 🖊 and doodles"));
  /* The <title> is in <head>: not article text. */
  g_assert_true (g_str_has_prefix (out, "Notes on the Margin"));
  g_assert_nonnull (strstr (out, "notes explain them."));
}

static void
test_text_markdown (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *out = NULL;

  if (!have_binary ())
    return;

  copy_fixture (fixture, "margin.md");
  assert_text_matches_core (fixture, "margin.md");

  run_gloss (fixture, &run, "text", "margin.md");
  out = bytes_to_string (run.out);
  /* Rendered: no Markdown syntax left. */
  g_assert_nonnull (strstr (out, "A reader who writes in the margin keeps"));
  g_assert_null (strstr (out, "**"));
  g_assert_null (strstr (out, "# Margins"));
}

static void
test_text_plain (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *out = NULL;

  if (!have_binary ())
    return;

  copy_fixture (fixture, "margin.txt");
  assert_text_matches_core (fixture, "margin.txt");

  run_gloss (fixture, &run, "text", "margin.txt");
  out = bytes_to_string (run.out);
  g_assert_nonnull (strstr (out, "Ümlauts, “quotes” and 🖊 count as one character each."));
}

/* Every article under tests/fixtures/articles/: the CLI prints what the core
 * reads, or fails as the core does. */
static void
test_text_all_fixtures (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "fixtures", "articles", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_checked = 0;

  if (!have_binary ())
    return;

  dir = g_dir_open (folder, 0, NULL);
  g_assert_nonnull (dir);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (folder, name, NULL);
      g_autoptr(GFile) file = NULL;
      g_autoptr(GlossDocument) document = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(Run) run = { 0 };
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_file_test (source, G_FILE_TEST_IS_REGULAR) ||
          gloss_format_from_filename (name) == GLOSS_FORMAT_UNKNOWN)
        continue;

      g_file_get_contents (source, &contents, &len, &error);
      g_assert_no_error (error);
      write_file (fixture, name, contents, len);

      file = g_file_new_for_path (source);
      document = gloss_document_new_for_file (file, NULL, &error);

      g_test_message ("fixture %s", name);
      run_gloss (fixture, &run, "text", name);

      if (document == NULL)
        {
          assert_error (&run, 1);
        }
      else
        {
          gsize n_bytes;
          const char *expected = gloss_text_get_utf8 (gloss_document_get_text (document), &n_bytes);

          assert_success (&run);
          g_assert_cmpmem (g_bytes_get_data (run.out, NULL), g_bytes_get_size (run.out),
                           expected, n_bytes);
        }
      n_checked++;
    }

  g_assert_cmpuint (n_checked, >, 0);
}

/* gloss add */

static void
test_add_quote (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const tags[] = { "conversation", "first read", NULL };
  const char * const tags2[] = { "doodles", NULL };
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *id3 = NULL;
  gsize start, end;

  if (!have_binary ())
    return;

  copy_fixture (fixture, "margin.html");

  /* The first of two occurrences, by default. */
  id = add_ok (fixture, (const char *[]) {
                 "add", "margin.html", "--quote", QUOTE_TWICE, "--color", "green",
                 "--tag", "conversation", "--tag", "first read",
                 "--note", "Talking back to the author.", NULL });
  find_quote (fixture, "margin.html", QUOTE_TWICE, 1, &start, &end);
  assert_saved (fixture, "margin.html", id, start, end, "green", tags,
                "Talking back to the author.");

  /* The second one, after non-ASCII text and an astral character. */
  id2 = add_ok (fixture, (const char *[]) {
                  "add", "--occurrence", "2", "--quote", QUOTE_TWICE, "margin.html",
                  "--tag", "doodles", NULL });
  g_assert_cmpstr (id2, !=, id);
  find_quote (fixture, "margin.html", QUOTE_TWICE, 2, &start, &end);
  assert_saved (fixture, "margin.html", id2, start, end, "yellow", tags2, NULL);

  /* A quote with non-ASCII characters. */
  id3 = add_ok (fixture, (const char *[]) {
                  "add", "margin.html", "--quote", "naïve questions 🖊", "--color", "purple", NULL });
  find_quote (fixture, "margin.html", "naïve questions 🖊", 1, &start, &end);
  assert_saved (fixture, "margin.html", id3, start, end, "purple", NULL, NULL);

  /* The first one is still there. */
  find_quote (fixture, "margin.html", QUOTE_TWICE, 1, &start, &end);
  assert_saved (fixture, "margin.html", id, start, end, "green", tags,
                "Talking back to the author.");
}

static void
test_add_range (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const tags[] = { "plain", NULL };
  const char *names[] = { "margin.html", "margin.md", "margin.txt" };

  if (!have_binary ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = NULL;
      gsize start, end;
      char start_arg[32], end_arg[32];

      copy_fixture (fixture, names[i]);
      find_quote (fixture, names[i], "writes in the margin", 1, &start, &end);
      g_snprintf (start_arg, sizeof start_arg, "%" G_GSIZE_FORMAT, start);
      g_snprintf (end_arg, sizeof end_arg, "%" G_GSIZE_FORMAT, end);

      id = add_ok (fixture, (const char *[]) {
                     "add", names[i], "--start", start_arg, "--end", end_arg,
                     "--color", "blue", "--tag", "plain", "--note", "Line one\nline two", NULL });
      assert_saved (fixture, names[i], id, start, end, "blue", tags, "Line one\nline two");
    }
}

static void
test_add_errors (Fixture       *fixture,
                 gconstpointer  data)
{
  const struct
  {
    int         status;
    const char *args[12];
  } cases[] = {
    { 1, { "add", "margin.html", "--quote", "not in this article", NULL } },
    { 1, { "add", "margin.html", "--quote", QUOTE_TWICE, "--occurrence", "3", NULL } },
    { 2, { "add", "margin.html", "--quote", QUOTE_TWICE, "--occurrence", "-1", NULL } },
    { 2, { "add", "margin.html", "--quote", QUOTE_TWICE, "--occurrence", "0", NULL } },
    { 2, { "add", "margin.html", "--quote", QUOTE_TWICE, "--color", "mauve", NULL } },
    { 1, { "add", "margin.html", "--start", "0", "--end", "100000", NULL } },
    { 2, { "add", "margin.html", "--start", "5", "--end", "5", NULL } },
    { 2, { "add", "margin.html", "--start", "-3", "--end", "5", NULL } },
    { 2, { "add", "margin.html", "--start", "5", NULL } },
    { 2, { "add", "margin.html", "--quote", QUOTE_TWICE, "--start", "0", "--end", "5", NULL } },
    { 2, { "add", "margin.html", "--occurrence", "1", "--start", "0", "--end", "5", NULL } },
    { 2, { "add", "margin.html", NULL } },
    { 2, { "add", "margin.html", "margin.html", "--quote", QUOTE_TWICE, NULL } },
    { 2, { "add", "--quote", QUOTE_TWICE, NULL } },
    { 2, { "add", "margin.html", "--start", "zero", "--end", "5", NULL } },
    { 1, { "add", "missing.html", "--quote", QUOTE_TWICE, NULL } },
  };

  if (!have_binary ())
    return;

  copy_fixture (fixture, "margin.html");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_gloss_argv (fixture, &run, cases[i].args);
      assert_error (&run, cases[i].status);
    }

  /* Nothing was written. */
  g_assert_false (file_exists (fixture, "margin.html" GLOSS_SIDECAR_SUFFIX));
  g_assert_false (file_exists (fixture, "missing.html" GLOSS_SIDECAR_SUFFIX));
}

/* gloss list */

/* Two annotations in margin.html: "in the margin" (2nd, tagged "doodles",
 * pink, with a note) and "Tags sort passages" (untagged, yellow). */
static void
add_two (Fixture  *fixture,
         char    **tagged_id,
         char    **plain_id)
{
  copy_fixture (fixture, "margin.html");
  *plain_id = add_ok (fixture, (const char *[]) {
                        "add", "margin.html", "--quote", "Tags sort passages", NULL });
  *tagged_id = add_ok (fixture, (const char *[]) {
                         "add", "margin.html", "--quote", QUOTE_TWICE, "--occurrence", "2",
                         "--color", "pink", "--tag", "doodles", "--tag", "margins",
                         "--note", "Everything belongs there.\nEven doodles.", NULL });
}

static char **
stdout_lines (Run *run)
{
  g_autofree char *out = bytes_to_string (run->out);

  g_assert_true (out[0] == '\0' || g_str_has_suffix (out, "\n"));
  if (out[0] != '\0')
    out[strlen (out) - 1] = '\0';

  return out[0] ? g_strsplit (out, "\n", -1) : g_new0 (char *, 1);
}

static void
test_list_human (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *tagged_id = NULL;
  g_autofree char *plain_id = NULL;
  g_autofree char *long_id = NULL;

  if (!have_binary ())
    return;

  add_two (fixture, &tagged_id, &plain_id);

  {
    g_auto(Run) run = { 0 };
    g_auto(GStrv) lines = NULL;
    gsize start, end;
    g_autofree char *range = NULL;

    run_gloss (fixture, &run, "list", "margin.html");
    assert_success (&run);
    lines = stdout_lines (&run);
    g_assert_cmpuint (g_strv_length (lines), ==, 2);

    /* In article order: the second "in the margin" comes first. */
    find_quote (fixture, "margin.html", QUOTE_TWICE, 2, &start, &end);
    range = g_strdup_printf ("%" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT, start, end);
    g_assert_true (g_str_has_prefix (lines[0], "exact"));
    g_assert_nonnull (strstr (lines[0], range));
    g_assert_nonnull (strstr (lines[0], "pink"));
    g_assert_nonnull (strstr (lines[0], "“" QUOTE_TWICE "”"));
    g_assert_nonnull (strstr (lines[0], "doodles"));
    g_assert_nonnull (strstr (lines[0], "margins"));
    /* The note's line break does not break the line. */
    g_assert_nonnull (strstr (lines[0], "Everything belongs there. Even doodles."));

    g_assert_true (g_str_has_prefix (lines[1], "exact"));
    g_assert_nonnull (strstr (lines[1], "yellow"));
    g_assert_nonnull (strstr (lines[1], "“Tags sort passages”"));
  }

  {
    g_auto(Run) run = { 0 };
    g_auto(GStrv) lines = NULL;

    run_gloss (fixture, &run, "list", "--tag", "doodles", "margin.html");
    assert_success (&run);
    lines = stdout_lines (&run);
    g_assert_cmpuint (g_strv_length (lines), ==, 1);
    g_assert_nonnull (strstr (lines[0], "pink"));
  }

  {
    g_auto(Run) run = { 0 };
    g_auto(GStrv) lines = NULL;

    run_gloss (fixture, &run, "list", "--tag", "nowhere", "margin.html");
    assert_success (&run);
    lines = stdout_lines (&run);
    g_assert_cmpuint (g_strv_length (lines), ==, 0);
  }

  /* A long quote is clipped: the line stays readable. */
  {
    g_auto(Run) run = { 0 };
    g_auto(GStrv) lines = NULL;
    long_id = add_ok (fixture, (const char *[]) { "add", "margin.html", "--start", "0", "--end", "150", NULL });

    run_gloss (fixture, &run, "list", "margin.html");
    assert_success (&run);
    lines = stdout_lines (&run);
    g_assert_cmpuint (g_strv_length (lines), ==, 3);
    for (guint i = 0; lines[i] != NULL; i++)
      g_assert_cmpuint (g_utf8_strlen (lines[i], -1), <, 160);
    g_assert_nonnull (strstr (lines[0], "…"));
  }
}

static void
test_list_json (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *tagged_id = NULL;
  g_autofree char *plain_id = NULL;
  gsize start, end;

  if (!have_binary ())
    return;

  add_two (fixture, &tagged_id, &plain_id);
  find_quote (fixture, "margin.html", QUOTE_TWICE, 2, &start, &end);

  {
    g_auto(Run) run = { 0 };
    g_autoptr(JsonNode) root = NULL;
    JsonArray *array;
    JsonObject *object;
    JsonArray *tags;

    run_gloss (fixture, &run, "list", "--json", "margin.html");
    assert_success (&run);
    root = parse_json (g_bytes_get_data (run.out, NULL), g_bytes_get_size (run.out));
    g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
    array = json_node_get_array (root);
    g_assert_cmpuint (json_array_get_length (array), ==, 2);

    object = json_array_get_object_element (array, 0);
    g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, tagged_id);
    g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "exact");
    g_assert_cmpint (json_object_get_int_member (object, "start"), ==, start);
    g_assert_cmpint (json_object_get_int_member (object, "end"), ==, end);
    g_assert_cmpstr (json_object_get_string_member (object, "exact"), ==, QUOTE_TWICE);
    g_assert_cmpstr (json_object_get_string_member (object, "color"), ==, "pink");
    g_assert_cmpstr (json_object_get_string_member (object, "note"), ==,
                     "Everything belongs there.\nEven doodles.");
    tags = json_object_get_array_member (object, "tags");
    g_assert_cmpuint (json_array_get_length (tags), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (tags, 0), ==, "doodles");
    g_assert_cmpstr (json_array_get_string_element (tags, 1), ==, "margins");
    g_assert_false (json_object_has_member (object, "file"));

    object = json_array_get_object_element (array, 1);
    g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, plain_id);
    g_assert_cmpstr (json_object_get_string_member (object, "exact"), ==, "Tags sort passages");
    g_assert_cmpstr (json_object_get_string_member (object, "color"), ==, "yellow");
    g_assert_cmpstr (json_object_get_string_member (object, "note"), ==, "");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "tags")), ==, 0);
  }

  /* --tag filters. */
  {
    g_auto(Run) run = { 0 };
    g_autoptr(JsonNode) root = NULL;
    JsonArray *array;

    run_gloss (fixture, &run, "list", "--json", "--tag", "margins", "margin.html");
    assert_success (&run);
    root = parse_json (g_bytes_get_data (run.out, NULL), g_bytes_get_size (run.out));
    array = json_node_get_array (root);
    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "id"),
                     ==, tagged_id);
  }

  /* Several files: one document, each object says which file. */
  {
    g_auto(Run) run = { 0 };
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *id = NULL;
    JsonArray *array;

    copy_fixture (fixture, "margin.txt");
    id = add_ok (fixture, (const char *[]) { "add", "margin.txt", "--quote", "Ümlauts", NULL });

    run_gloss (fixture, &run, "list", "--json", "margin.html", "margin.txt");
    assert_success (&run);
    root = parse_json (g_bytes_get_data (run.out, NULL), g_bytes_get_size (run.out));
    array = json_node_get_array (root);
    g_assert_cmpuint (json_array_get_length (array), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "file"),
                     ==, "margin.html");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "file"),
                     ==, "margin.txt");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "id"),
                     ==, id);
  }

  /* No annotations yet: an empty array, still valid JSON. */
  {
    g_auto(Run) run = { 0 };
    g_autoptr(JsonNode) root = NULL;

    copy_fixture (fixture, "margin.md");
    run_gloss (fixture, &run, "list", "--json", "margin.md");
    assert_success (&run);
    root = parse_json (g_bytes_get_data (run.out, NULL), g_bytes_get_size (run.out));
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 0);
  }
}

/* gloss export */

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *tagged_id = NULL;
  g_autofree char *plain_id = NULL;

  if (!have_binary ())
    return;

  add_two (fixture, &tagged_id, &plain_id);

  /* JSON by default: an AnnotationCollection holding both. */
  {
    g_auto(Run) run = { 0 };
    g_autoptr(JsonNode) root = NULL;

    run_gloss (fixture, &run, "export", "margin.html");
    assert_success (&run);
    root = parse_json (g_bytes_get_data (run.out, NULL), g_bytes_get_size (run.out));
    g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
    g_assert_true (node_has_type (json_node_get_object (root), "AnnotationCollection"));
    g_assert_nonnull (find_by_id (root, tagged_id));
    g_assert_nonnull (find_by_id (root, plain_id));
  }

  /* The CLI prints what the core exports, for every format. */
  {
    g_autoptr(GlossAnnotationStore) store = load_store (fixture, "margin.html");
    const char *formats[] = { "markdown", "csv" };
    GlossExportFormat values[] = { GLOSS_EXPORT_MARKDOWN, GLOSS_EXPORT_CSV };

    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      {
        g_auto(Run) run = { 0 };
        g_autofree char *expected = gloss_export_to_string (store, values[i]);

        run_gloss (fixture, &run, "export", "--format", formats[i], "margin.html");
        assert_success (&run);
        g_assert_cmpmem (g_bytes_get_data (run.out, NULL), g_bytes_get_size (run.out),
                         expected, strlen (expected));
      }
  }

  /* Markdown: the quotes as blockquotes. */
  {
    g_auto(Run) run = { 0 };
    g_autofree char *out = NULL;

    run_gloss (fixture, &run, "export", "--format", "md", "margin.html");
    assert_success (&run);
    out = bytes_to_string (run.out);
    g_assert_nonnull (strstr (out, "> " QUOTE_TWICE));
    g_assert_nonnull (strstr (out, "> Tags sort passages"));
    g_assert_nonnull (strstr (out, "Everything belongs there."));
  }

  /* CSV: the header, exactly. */
  {
    g_auto(Run) run = { 0 };
    g_auto(GStrv) lines = NULL;
    g_autofree char *out = NULL;

    run_gloss (fixture, &run, "export", "--format", "CSV", "margin.html");
    assert_success (&run);
    out = bytes_to_string (run.out);
    lines = g_strsplit_set (out, "\r\n", 2);
    g_assert_cmpstr (lines[0], ==, "Highlight,Title,Author,URL,Note,Location,Date");
    g_assert_nonnull (strstr (out, "Tags sort passages"));
    g_assert_nonnull (strstr (out, "Notes on the Margin"));
    g_assert_nonnull (strstr (out, "Ada Reader"));
  }

  /* --output: the format from its extension, nothing on stdout. */
  {
    g_auto(Run) run = { 0 };
    g_autoptr(GBytes) csv = NULL;

    run_gloss (fixture, &run, "export", "--output", "out.csv", "margin.html");
    assert_success (&run);
    g_assert_cmpuint (g_bytes_get_size (run.out), ==, 0);
    csv = read_file (fixture, "out.csv");
    g_assert_true (g_str_has_prefix (g_bytes_get_data (csv, NULL),
                                     "Highlight,Title,Author,URL,Note,Location,Date"));
  }
  {
    g_auto(Run) run = { 0 };
    g_autoptr(GBytes) md = NULL;
    g_autoptr(GBytes) json = NULL;
    g_autoptr(JsonNode) root = NULL;

    run_gloss (fixture, &run, "export", "-o", "notes.md", "margin.html");
    assert_success (&run);
    md = read_file (fixture, "notes.md");
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (md, NULL), g_bytes_get_size (md),
                                    "> Tags sort passages"));

    /* --format wins over the extension; an unknown extension means JSON. */
    run_clear (&run);
    run_gloss (fixture, &run, "export", "--format", "json", "-o", "notes.txt", "margin.html");
    assert_success (&run);
    json = read_file (fixture, "notes.txt");
    root = parse_json (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
    g_assert_true (node_has_type (json_node_get_object (root), "AnnotationCollection"));
  }

  /* Usage errors. */
  {
    g_auto(Run) run = { 0 };
    g_autoptr(GBytes) before = read_file (fixture, "margin.html");
    g_autoptr(GBytes) after = NULL;

    run_gloss (fixture, &run, "export", "--format", "pdf", "margin.html");
    assert_error (&run, 2);
    run_clear (&run);
    run_gloss (fixture, &run, "export", "--output", "margin.html", "margin.html");
    assert_error (&run, 2);
    after = read_file (fixture, "margin.html");
    g_assert_true (g_bytes_equal (before, after));
  }
}

/* Errors */

static void
test_errors_usage (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *commands[] = { "export", "list", "add", "text" };

  if (!have_binary ())
    return;

  copy_fixture (fixture, "margin.html");

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = { 0 };

      /* No FILE. */
      run_gloss (fixture, &run, commands[i]);
      assert_error (&run, 2);
      g_assert_nonnull (strstr (run.err, "--help"));

      /* An unknown option. */
      run_clear (&run);
      run_gloss (fixture, &run, commands[i], "--no-such-option", "margin.html");
      assert_error (&run, 2);
      g_assert_nonnull (strstr (run.err, "--no-such-option"));

      /* Help for the command alone. */
      run_clear (&run);
      run_gloss (fixture, &run, commands[i], "--help");
      g_assert_cmpint (run.status, ==, 0);
      {
        g_autofree char *out = bytes_to_string (run.out);
        g_autofree char *usage = g_strdup_printf ("gloss %s [OPTION", commands[i]);

        g_assert_nonnull (strstr (out, usage));
      }
    }

  {
    g_auto(Run) run = { 0 };

    run_gloss (fixture, &run, "text", "margin.html", "margin.html");
    assert_error (&run, 2);
  }
}

static void
test_errors_missing (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *commands[] = { "export", "list", "text" };

  if (!have_binary ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = { 0 };

      run_gloss (fixture, &run, commands[i], "no-such-article.html");
      assert_error (&run, 1);
    }

  /* A folder is not an article either. */
  {
    g_auto(Run) run = { 0 };
    g_autofree char *folder = fixture_path (fixture, "folder.html");

    g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
    run_gloss (fixture, &run, "text", "folder.html");
    assert_error (&run, 1);
  }

  g_assert_false (file_exists (fixture, "no-such-article.html" GLOSS_SIDECAR_SUFFIX));
}

static void
test_errors_binary (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char binary[] = "<html><body>\0\x01\x02\xff\xfe\0\0PNG\r\n\x1a\n\0\0\0</body></html>";
  const char *commands[] = { "export", "list", "text" };

  if (!have_binary ())
    return;

  write_file (fixture, "binary.html", binary, sizeof binary - 1);
  write_file (fixture, "empty.html", "", 0);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = { 0 };

      run_gloss (fixture, &run, commands[i], "binary.html");
      assert_error (&run, 1);
      run_clear (&run);
      run_gloss (fixture, &run, commands[i], "empty.html");
      assert_error (&run, 1);
    }

  {
    g_auto(Run) run = { 0 };

    run_gloss (fixture, &run, "add", "binary.html", "--start", "0", "--end", "1");
    assert_error (&run, 1);
  }

  g_assert_false (file_exists (fixture, "binary.html" GLOSS_SIDECAR_SUFFIX));
  g_assert_false (file_exists (fixture, "empty.html" GLOSS_SIDECAR_SUFFIX));
}

static void
test_errors_broken_sidecar (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char *broken[] = {
    "{ \"type\": \"AnnotationCollection\", \"first\": { \"items\": [",
    "not json at all",
    "\xff\xfe{\0\"\0",
  };

  if (!have_binary ())
    return;

  copy_fixture (fixture, "margin.html");

  for (guint b = 0; b < G_N_ELEMENTS (broken); b++)
    {
      g_autoptr(GBytes) before = NULL;
      g_autoptr(GBytes) after = NULL;
      const char *cases[][8] = {
        { "add", "margin.html", "--quote", QUOTE_TWICE, NULL },
        { "add", "margin.html", "--start", "0", "--end", "5", "--note", "x" },
        { "list", "margin.html", NULL },
        { "list", "--json", "margin.html", NULL },
        { "export", "margin.html", NULL },
      };
      /* The last one holds NUL bytes: 6 bytes. */
      gsize len = b == 2 ? 6 : strlen (broken[b]);

      write_file (fixture, "margin.html" GLOSS_SIDECAR_SUFFIX, broken[b], len);
      before = read_file (fixture, "margin.html" GLOSS_SIDECAR_SUFFIX);

      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_auto(Run) run = { 0 };
          const char *args[9] = { NULL };

          memcpy (args, cases[i], sizeof cases[i]);
          run_gloss_argv (fixture, &run, args);
          assert_error (&run, 1);
        }

      after = read_file (fixture, "margin.html" GLOSS_SIDECAR_SUFFIX);
      g_assert_true (g_bytes_equal (before, after));
    }

  /* The article text does not depend on the sidecar. */
  {
    g_auto(Run) run = { 0 };

    run_gloss (fixture, &run, "text", "margin.html");
    assert_success (&run);
  }
}

/* A sidecar with items Gloss cannot read: said on stderr, kept on disk. */
static void
test_errors_unreadable_items (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char sidecar[] =
    "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": ["
    "{\"id\": \"urn:x:good\", \"type\": \"Annotation\", \"target\": {\"selector\": "
    "{\"type\": \"TextQuoteSelector\", \"exact\": \"" QUOTE_TWICE "\"}}},"
    "{\"id\": \"urn:x:bad\", \"type\": \"Annotation\", \"target\": {\"selector\": ["
    "{\"type\": \"TextQuoteSelector\", \"exact\": \"x\"},"
    "{\"type\": \"TextPositionSelector\", \"start\": -4, \"end\": -9}]}}"
    "]}}";
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GBytes) bytes = NULL;
  JsonArray *items;

  if (!have_binary ())
    return;

  copy_fixture (fixture, "margin.html");
  write_file (fixture, "margin.html" GLOSS_SIDECAR_SUFFIX, sidecar, -1);
  bytes = read_file (fixture, "margin.html" GLOSS_SIDECAR_SUFFIX);
  before = parse_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_clear_pointer (&bytes, g_bytes_unref);

  {
    g_auto(Run) run = { 0 };
    g_autofree char *out = NULL;

    run_gloss (fixture, &run, "list", "margin.html");
    g_assert_cmpint (run.status, ==, 0);
    out = bytes_to_string (run.out);
    g_assert_nonnull (strstr (out, QUOTE_TWICE));
    g_assert_true (g_str_has_prefix (run.err, "gloss: margin.html" GLOSS_SIDECAR_SUFFIX ": Highlight 2 "));
    g_assert_nonnull (strstr (run.err, "cannot be read"));
    /* One line: the one item that cannot be read. */
    g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
  }

  {
    g_auto(Run) run = { 0 };

    run_gloss (fixture, &run, "add", "margin.html", "--start", "0", "--end", "4");
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "Highlight 2 "));
  }

  /* Rewritten with the new highlight, the bad item as it was. */
  bytes = read_file (fixture, "margin.html" GLOSS_SIDECAR_SUFFIX);
  after = parse_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  items = json_object_get_array_member (json_object_get_object_member (json_node_get_object (after), "first"),
                                        "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_true (json_node_equal (json_array_get_element (items, 1),
                                  json_array_get_element (json_object_get_array_member (
                                    json_object_get_object_member (json_node_get_object (before), "first"),
                                    "items"), 1)));
}

/* An article in a folder that cannot be written: the annotations go to the
 * data folder, and every command finds them there. */
static void
test_read_only_folder (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *folder = fixture_path (fixture, "ro");
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "fixtures", "cli", "margin.html", NULL);
  g_autofree char *article = g_build_filename (folder, "margin.html", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stored_name = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  if (!have_binary ())
    return;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_file_get_contents (source, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (article, contents, len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);

  {
    g_auto(Run) run = { 0 };

    run_gloss (fixture, &run, "add", "ro/margin.html", "--quote", QUOTE_TWICE, "--note", "from a read-only folder");
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "cannot be written"));
    g_assert_true (g_str_has_prefix (g_bytes_get_data (run.out, NULL), "urn:uuid:"));
  }

  /* Nothing new in the folder; the file is under the data folder, named
   * by the article's path. */
  {
    g_autofree char *beside = fixture_path (fixture, "ro/margin.html" GLOSS_SIDECAR_SUFFIX);

    g_assert_false (g_file_test (beside, G_FILE_TEST_EXISTS));
  }
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, article, -1);
  stored_name = g_strconcat (hash, GLOSS_SIDECAR_SUFFIX, NULL);
  stored = g_build_filename (fixture->dir, ".xdg", "XDG_DATA_HOME", "gloss", "annotations", stored_name, NULL);
  g_assert_true (g_file_test (stored, G_FILE_TEST_IS_REGULAR));

  {
    g_auto(Run) run = { 0 };
    g_autofree char *out = NULL;

    run_gloss (fixture, &run, "list", "ro/margin.html");
    assert_success (&run);
    out = bytes_to_string (run.out);
    g_assert_nonnull (strstr (out, "from a read-only folder"));
  }

  {
    g_auto(Run) run = { 0 };
    g_autofree char *out = NULL;

    run_gloss (fixture, &run, "export", "--format", "markdown", "ro/margin.html");
    assert_success (&run);
    out = bytes_to_string (run.out);
    g_assert_nonnull (strstr (out, "from a read-only folder"));
  }

  g_chmod (folder, 0755);
}

int
main (int    argc,
      char **argv)
{
  /* A read-only folder is one, even for root. */
  gloss_test_obey_file_permissions ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/text/html", test_text_html);
  ADD ("/cli/text/markdown", test_text_markdown);
  ADD ("/cli/text/plain", test_text_plain);
  ADD ("/cli/text/all-fixtures", test_text_all_fixtures);
  ADD ("/cli/add/quote", test_add_quote);
  ADD ("/cli/add/range", test_add_range);
  ADD ("/cli/add/errors", test_add_errors);
  ADD ("/cli/list/human", test_list_human);
  ADD ("/cli/list/json", test_list_json);
  ADD ("/cli/export", test_export);
  ADD ("/cli/errors/usage", test_errors_usage);
  ADD ("/cli/errors/missing", test_errors_missing);
  ADD ("/cli/errors/binary", test_errors_binary);
  ADD ("/cli/errors/broken-sidecar", test_errors_broken_sidecar);
  ADD ("/cli/errors/unreadable-items", test_errors_unreadable_items);
  ADD ("/cli/read-only-folder", test_read_only_folder);

#undef ADD

  return g_test_run ();
}
