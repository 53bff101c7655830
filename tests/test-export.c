/* test-export.c: JSON, Markdown and CSV exports against expected files
 *
 * The article and its sidecar (fixed ids and times) are copied into a
 * fresh folder; in the expected files "@ARTICLE_URI@" stands for that
 * copy's file:// URI and "@STYLESHEET@" for gloss_color_stylesheet().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "gloss-annotation-store.h"
#include "gloss-color.h"
#include "gloss-export.h"

#include "w3c-musts.h"

typedef struct
{
  char                 *dir;
  char                 *uri;
  GlossAnnotationStore *store;
} Fixture;

static char *
replace_all (const char *text,
             const char *placeholder,
             const char *value)
{
  g_auto(GStrv) parts = g_strsplit (text, placeholder, -1);

  return g_strjoinv (value, parts);
}

static char *
read_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "export", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static void
copy_fixture (Fixture    *fixture,
              const char *name)
{
  g_autofree char *contents = read_fixture (name);
  g_autofree char *expanded = replace_all (contents, "@STYLESHEET@", gloss_color_stylesheet ());
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, expanded, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GFile) article = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("gloss-export-XXXXXX", &error);
  g_assert_no_error (error);
  copy_fixture (fixture, "essay.html");
  copy_fixture (fixture, "essay.html.annotations.json");

  path = g_build_filename (fixture->dir, "essay.html", NULL);
  article = g_file_new_for_path (path);
  fixture->uri = g_file_get_uri (article);
  document = gloss_document_new_for_file (article, NULL, &error);
  g_assert_no_error (error);

  fixture->store = gloss_annotation_store_new (document);
  g_assert_true (gloss_annotation_store_load (fixture->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 5);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&fixture->store);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->uri);
}

static void
assert_export_equals (Fixture           *fixture,
                      GlossExportFormat  format,
                      const char        *expected_name)
{
  g_autofree char *contents = read_fixture (expected_name);
  g_autofree char *with_uri = replace_all (contents, "@ARTICLE_URI@", fixture->uri);
  g_autofree char *expected = replace_all (with_uri, "@STYLESHEET@", gloss_color_stylesheet ());
  g_autofree char *actual = gloss_export_to_string (fixture->store, format);

  g_assert_nonnull (actual);
  if (!g_str_equal (actual, expected))
    g_test_message ("Exported:\n%s", actual);
  g_assert_cmpstr (actual, ==, expected);
}

static void
test_export_json (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *json = gloss_export_to_string (fixture->store, GLOSS_EXPORT_JSON);

  assert_export_equals (fixture, GLOSS_EXPORT_JSON, "expected.json");
  w3c_assert_collection (json, FALSE);
}

static void
test_export_markdown (Fixture       *fixture,
                      gconstpointer  data)
{
  assert_export_equals (fixture, GLOSS_EXPORT_MARKDOWN, "expected.md");
}

static void
test_export_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *csv = gloss_export_to_string (fixture->store, GLOSS_EXPORT_CSV);

  assert_export_equals (fixture, GLOSS_EXPORT_CSV, "expected.csv");

  /* Readwise's header, CRLF after every record. */
  g_assert_true (g_str_has_prefix (csv, "Highlight,Title,Author,URL,Note,Location,Date\r\n"));
  g_assert_true (g_str_has_suffix (csv, "\r\n"));
}

static void
test_export_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossAnnotationStore) store = NULL;
  g_autofree char *json = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *csv = NULL;

  g_assert_true (g_file_set_contents (path, "Plain notes\nwith no highlights yet.\n", -1, NULL));
  document = gloss_document_new_for_file (file, NULL, &error);
  g_assert_no_error (error);
  store = gloss_annotation_store_new (document);
  g_assert_true (gloss_annotation_store_load (store, NULL, &error));

  json = gloss_export_to_string (store, GLOSS_EXPORT_JSON);
  w3c_assert_collection (json, FALSE);
  markdown = gloss_export_to_string (store, GLOSS_EXPORT_MARKDOWN);
  g_assert_cmpstr (markdown, ==, "# Plain notes\n");
  csv = gloss_export_to_string (store, GLOSS_EXPORT_CSV);
  g_assert_cmpstr (csv, ==, "Highlight,Title,Author,URL,Note,Location,Date\r\n");

  /* Exporting writes nothing beside the article. */
  g_assert_false (g_file_query_exists (gloss_annotation_store_get_file (store), NULL));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_export_formats (void)
{
  static const struct {
    const char        *name;
    gboolean           valid;
    GlossExportFormat  format;
  } names[] = {
    { "json", TRUE, GLOSS_EXPORT_JSON },
    { "JSON", TRUE, GLOSS_EXPORT_JSON },
    { "markdown", TRUE, GLOSS_EXPORT_MARKDOWN },
    { "Md", TRUE, GLOSS_EXPORT_MARKDOWN },
    { "csv", TRUE, GLOSS_EXPORT_CSV },
    { "html", FALSE, 0 },
    { "", FALSE, 0 },
  };
  static const struct {
    const char        *filename;
    gboolean           valid;
    GlossExportFormat  format;
  } filenames[] = {
    { "notes.json", TRUE, GLOSS_EXPORT_JSON },
    { "/tmp/a.b/Notes.MD", TRUE, GLOSS_EXPORT_MARKDOWN },
    { "notes.markdown", TRUE, GLOSS_EXPORT_MARKDOWN },
    { "readwise.csv", TRUE, GLOSS_EXPORT_CSV },
    { "notes.txt", FALSE, 0 },
    { "/tmp/a.json/notes", FALSE, 0 },
    { "csv", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GlossExportFormat format = 99;

      g_assert_cmpint (gloss_export_format_from_name (names[i].name, &format), ==, names[i].valid);
      if (names[i].valid)
        g_assert_cmpint (format, ==, names[i].format);
    }

  for (guint i = 0; i < G_N_ELEMENTS (filenames); i++)
    {
      GlossExportFormat format = 99;

      g_assert_cmpint (gloss_export_format_from_filename (filenames[i].filename, &format), ==, filenames[i].valid);
      if (filenames[i].valid)
        g_assert_cmpint (format, ==, filenames[i].format);
    }

  g_assert_cmpstr (gloss_export_format_get_extension (GLOSS_EXPORT_JSON), ==, "json");
  g_assert_cmpstr (gloss_export_format_get_extension (GLOSS_EXPORT_MARKDOWN), ==, "md");
  g_assert_cmpstr (gloss_export_format_get_extension (GLOSS_EXPORT_CSV), ==, "csv");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/export/json", Fixture, NULL, fixture_set_up, test_export_json, fixture_tear_down);
  g_test_add ("/export/markdown", Fixture, NULL, fixture_set_up, test_export_markdown, fixture_tear_down);
  g_test_add ("/export/csv", Fixture, NULL, fixture_set_up, test_export_csv, fixture_tear_down);
  g_test_add_func ("/export/empty", test_export_empty);
  g_test_add_func ("/export/formats", test_export_formats);

  return g_test_run ();
}
