/* gloss-test-fixture.c: an article and its sidecar in a folder of their
 * own, for the tests of saving and syncing (core and UI)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "gloss-test-fixture.h"

gboolean
gloss_test_fixture_expire (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* The folder */

char *
gloss_test_make_folder (const char *name_template)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp (name_template, &error);

  g_assert_no_error (error);
  return path;
}

char *
gloss_test_copy_fixture (const char *folder,
                         const char *subfolder,
                         const char *name)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "fixtures", subfolder, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *path;
  gsize length;

  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  path = g_build_filename (folder, name, NULL);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return path;
}

char *
gloss_test_sidecar_path (const char *article_path)
{
  return g_strconcat (article_path, GLOSS_SIDECAR_SUFFIX, NULL);
}

void
gloss_test_remove_folder (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        gloss_test_remove_folder (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Files */

GBytes *
gloss_test_read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

void
gloss_test_write_bytes (const char *path,
                        const char *data,
                        gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

GlossSidecar *
gloss_test_read_sidecar (const char *path)
{
  g_autoptr(GBytes) bytes = gloss_test_read_bytes (path);
  g_autoptr(GError) error = NULL;
  GlossSidecar *sidecar = gloss_sidecar_parse (bytes, NULL, &error);

  g_assert_no_error (error);
  return sidecar;
}

GlossSidecar *
gloss_test_try_read_sidecar (const char *path)
{
  g_autoptr(GBytes) bytes = gloss_test_read_bytes (path);

  return gloss_sidecar_parse (bytes, NULL, NULL);
}

GlossAnnotation *
gloss_test_sidecar_lookup (GlossSidecar *sidecar,
                           const char   *id)
{
  GPtrArray *annotations = gloss_sidecar_get_annotations (sidecar);

  for (guint i = 0; i < annotations->len; i++)
    if (g_str_equal (gloss_annotation_get_id (annotations->pdata[i]), id))
      return annotations->pdata[i];

  return NULL;
}

/* Documents and stores */

GlossDocument *
gloss_test_load_document (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GlossDocument *document = gloss_document_new_for_file (file, NULL, &error);

  g_assert_no_error (error);
  return document;
}

GlossAnnotationStore *
gloss_test_load_store (GlossDocument *document)
{
  g_autoptr(GlossAnnotationStore) store = gloss_annotation_store_new (document);
  g_autoptr(GError) error = NULL;

  g_assert_true (gloss_annotation_store_load (store, NULL, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&store);
}

GlossAnnotation *
gloss_test_add_quote (GlossAnnotationStore *store,
                      const char           *quote)
{
  GlossDocument *document = gloss_annotation_store_get_document (store);
  const char *text = gloss_text_get_utf8 (gloss_document_get_text (document), NULL);
  const char *found = strstr (text, quote);
  g_autoptr(GError) error = NULL;
  GlossAnnotation *annotation;
  gsize start;

  g_assert_nonnull (found);
  start = g_utf8_pointer_to_offset (text, found);
  annotation = gloss_annotation_store_add_range (store, start, start + g_utf8_strlen (quote, -1),
                                                 NULL, &error);
  g_assert_no_error (error);

  return annotation;
}

void
gloss_test_save (GlossAnnotationStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gloss_annotation_store_save_sync (store, NULL, &error));
  g_assert_no_error (error);
}
