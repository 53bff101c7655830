/* test-durability.c: crashes, full disks and folders that cannot be written
 *
 * - gloss-save-loop saves in a loop and is killed (SIGKILL) at random
 *   moments, over and over: the sidecar must always parse and hold the
 *   state before or after the save that was cut short, never a mix;
 * - a full disk (a small tmpfs in a mount namespace of our own; where the
 *   system allows none, a file size limit, and the test says so) and a
 *   folder made read-only while the article is open: the store says so,
 *   keeps the annotations, leaves the file as it was, and saves them by
 *   itself once it can;
 * - an article in a folder that cannot be written from the start: the
 *   annotations live under the data folder, keyed by the article's path.
 *
 * Root ignores file permissions: main() drops the capabilities that let
 * it, before anything else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "gloss-annotation-store-private.h"
#include "gloss-error.h"
#include "gloss-export.h"
#include "gloss-sidecar-file-private.h"

#include "gloss-test-fixture.h"
#include "gloss-test-privileges.h"
#include "save-loop-state.h"
#include "w3c-musts.h"

#define GUARD_SECONDS 30
#define N_KILLS 220

static gboolean private_mounts;

typedef struct
{
  char          *dir;
  char          *article_path;
  char          *sidecar_path;
  GlossDocument *document;
  gboolean       mounted;
} Fixture;

typedef struct
{
  guint   saved;
  guint   failed;
  GError *error;
} Events;

#define SPIN_UNTIL(cond) GLOSS_TEST_SPIN_UNTIL (cond, GUARD_SECONDS)

static void
load_document (Fixture *fixture)
{
  g_clear_object (&fixture->document);
  fixture->document = gloss_test_load_document (fixture->article_path);
}

static void
write_article (Fixture *fixture)
{
  g_autofree char *text = save_loop_article ();

  gloss_test_write_bytes (fixture->article_path, text, -1);
  load_document (fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = gloss_test_make_folder ("gloss-durability-XXXXXX");

  /* The disk-full test works on a tiny file system of its own. */
  if (data != NULL && private_mounts)
    fixture->mounted = gloss_test_mount_tmpfs (fixture->dir, GPOINTER_TO_UINT (data));

  fixture->article_path = g_build_filename (fixture->dir, "essay.txt", NULL);
  fixture->sidecar_path = gloss_test_sidecar_path (fixture->article_path);
  write_article (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->document);
  if (fixture->mounted)
    gloss_test_unmount (fixture->dir);
  gloss_test_remove_folder (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->article_path);
  g_free (fixture->sidecar_path);
}

static void
on_saved (GlossAnnotationStore *store,
          Events               *events)
{
  events->saved++;
}

static void
on_failed (GlossAnnotationStore *store,
           GError               *error,
           Events               *events)
{
  events->failed++;
  g_clear_error (&events->error);
  events->error = g_error_copy (error);
}

static GlossAnnotationStore *
open_store (Fixture *fixture,
            Events  *events)
{
  g_autoptr(GlossAnnotationStore) store = gloss_test_load_store (fixture->document);

  g_assert_true (gloss_annotation_store_get_writable (store));

  if (events != NULL)
    {
      g_signal_connect (store, "saved", G_CALLBACK (on_saved), events);
      g_signal_connect (store, "save-failed", G_CALLBACK (on_failed), events);
    }

  return g_steal_pointer (&store);
}

static GlossAnnotation *
add_paragraph (GlossAnnotationStore *store,
               guint                 i)
{
  g_autofree char *quote = save_loop_quote (i);

  return gloss_test_add_quote (store, quote);
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* Temporary files of a save that was cut short, in @path. */
static GPtrArray *
temporaries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (gloss_sidecar_file_is_temporary_name ("essay.txt" GLOSS_SIDECAR_SUFFIX, name))
      g_ptr_array_add (found, g_build_filename (path, name, NULL));

  return found;
}

/* Crashes */

/* The state the sidecar holds: its K, after checking that it is all of
 * state K and nothing else. */
static guint
sidecar_state (Fixture *fixture)
{
  g_autoptr(GBytes) bytes = gloss_test_read_bytes (fixture->sidecar_path);
  g_autoptr(GlossSidecar) sidecar = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *annotations;
  guint k = G_MAXUINT;
  guint n_expected = 0;

  g_assert_cmpuint (g_bytes_get_size (bytes), >, 0);
  sidecar = gloss_sidecar_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_sidecar_get_n_unreadable (sidecar), ==, 0);

  annotations = gloss_sidecar_get_annotations (sidecar);
  for (guint j = 0; j < annotations->len; j++)
    {
      GlossAnnotation *annotation = annotations->pdata[j];
      g_autofree char *first = save_loop_quote (0);

      if (g_str_equal (gloss_annotation_get_quote (annotation), first))
        k = save_loop_note_k (gloss_annotation_get_note (annotation));
    }
  g_assert_cmpuint (k, !=, G_MAXUINT);

  /* Every paragraph of state K, with its note, and no other. */
  for (guint i = 0; i < SAVE_LOOP_N_PARAGRAPHS; i++)
    {
      g_autofree char *quote = save_loop_quote (i);
      GlossAnnotation *found = NULL;

      for (guint j = 0; j < annotations->len; j++)
        if (g_str_equal (gloss_annotation_get_quote (annotations->pdata[j]), quote))
          found = annotations->pdata[j];

      if (save_loop_has (k, i))
        {
          g_autofree char *note = save_loop_note (k, i);

          g_assert_nonnull (found);
          g_assert_cmpstr (gloss_annotation_get_note (found), ==, note);
          n_expected++;
        }
      else
        g_assert_null (found);
    }
  g_assert_cmpuint (annotations->len, ==, n_expected);

  return k;
}

static char *
read_line (GDataInputStream *stream)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (stream, NULL, NULL, &error);

  g_assert_no_error (error);
  return line;
}

static void
test_sigkill (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "gloss-save-loop", NULL);
  guint cut_short = 0;
  guint states = 0;
  guint last = 0;
  guint n_left = 0;

  /* A first state to protect. */
  {
    g_autoptr(GlossAnnotationStore) store = open_store (fixture, NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *note = save_loop_note (0, 0);

    gloss_annotation_set_note (add_paragraph (store, 0), note);
    g_assert_true (gloss_annotation_store_save_sync (store, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (sidecar_state (fixture), ==, 0);
  }

  for (guint round = 0; round < N_KILLS; round++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GDataInputStream) out = NULL;
      g_autoptr(GPtrArray) left = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *ready = NULL;
      guint before, reported, on_disk, wait_saves;
      char *line;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                  helper, fixture->article_path, NULL);
      g_assert_no_error (error);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

      /* It read the file (a cut-short save left it readable) and goes on
       * from there. */
      ready = read_line (out);
      g_assert_nonnull (ready);
      g_assert_cmpint (sscanf (ready, "ready %u", &before), ==, 1);
      g_assert_cmpuint (before, ==, last);
      reported = before;

      /* A random moment: after zero to two saves, then up to 3 ms into
       * the next one. */
      wait_saves = g_random_int_range (0, 3);
      for (guint i = 0; i < wait_saves; i++)
        {
          g_autofree char *saved = read_line (out);

          g_assert_nonnull (saved);
          g_assert_cmpint (sscanf (saved, "saved %u", &reported), ==, 1);
        }
      g_usleep (g_random_int_range (0, 3000));
      g_subprocess_send_signal (process, SIGKILL);
      g_subprocess_wait (process, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (process));
      g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);

      while ((line = read_line (out)) != NULL)
        {
          g_assert_cmpint (sscanf (line, "saved %u", &reported), ==, 1);
          g_free (line);
        }

      /* The state before the save that was cut short, or after it. */
      on_disk = sidecar_state (fixture);
      if (on_disk != reported && on_disk != reported + 1)
        g_error ("Round %u: the file holds state %u, the last save done was %u",
                 round, on_disk, reported);

      left = temporaries (fixture->dir);
      if (left->len > n_left)
        cut_short++;
      n_left = left->len;
      states += on_disk - before;
      last = on_disk;
    }

  g_test_message ("%u kills, %u states saved in all, %u kills cut a save short (a temporary file left)",
                  N_KILLS, states, cut_short);
  g_assert_cmpuint (states, >, 0);

  /* Those leftovers go when the article is opened, once they are old. */
  {
    g_autoptr(GPtrArray) left = temporaries (fixture->dir);
    g_autoptr(GPtrArray) after = NULL;
    g_autoptr(GlossAnnotationStore) store = NULL;

    for (guint i = 0; i < left->len; i++)
      {
        struct utimbuf old = { time (NULL) - 2 * 3600, time (NULL) - 2 * 3600 };

        g_assert_cmpint (utime (left->pdata[i], &old), ==, 0);
      }
    store = open_store (fixture, NULL);
    after = temporaries (fixture->dir);
    g_assert_cmpuint (after->len, ==, 0);
    g_assert_cmpuint (sidecar_state (fixture), ==, last);
  }
}

/* A full disk */

static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  Events events = { 0 };
  g_autoptr(GlossAnnotationStore) store = open_store (fixture, &events);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GlossSidecar) on_disk = NULL;
  g_autofree char *filler = g_build_filename (fixture->dir, "filler", NULL);
  g_autofree char *long_note = g_strnfill (96 * 1024, 'n');
  struct rlimit old_limit;
  GlossAnnotation *annotation;
  guint n_files;

  annotation = add_paragraph (store, 1);
  gloss_annotation_set_note (annotation, "short");
  SPIN_UNTIL (events.saved == 1);
  before = gloss_test_read_bytes (fixture->sidecar_path);
  n_files = count_files (fixture->dir);

  if (fixture->mounted)
    {
      /* Fill what is left of the tmpfs. */
      FILE *f = fopen (filler, "w");
      static const char block[4096];

      g_assert_nonnull (f);
      setvbuf (f, NULL, _IONBF, 0);
      while (fwrite (block, 1, sizeof block, f) == sizeof block)
        ;
      g_assert_cmpint (errno, ==, ENOSPC);
      fclose (f);
      n_files++;
    }
  else
    {
      struct rlimit limit;

      /* No mount namespace here: a write that stops at a size limit
       * (EFBIG) stands for the full disk. */
      g_test_message ("No tmpfs can be mounted here: a file size limit stands for the full disk");
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
      limit = old_limit;
      limit.rlim_cur = 16 * 1024;
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
    }

  /* An edit that does not fit: the store says so and keeps it. */
  gloss_annotation_set_note (annotation, long_note);
  SPIN_UNTIL (events.failed == 1);
  g_test_message ("%s", events.error->message);
  if (fixture->mounted)
    g_assert_error (events.error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (events.error->message, "essay.txt" GLOSS_SIDECAR_SUFFIX));
  g_assert_true (gloss_annotation_store_has_pending_changes (store));
  g_assert_cmpstr (gloss_annotation_get_note (annotation), ==, long_note);

  /* Nothing on disk is damaged, and nothing is left behind. */
  after = gloss_test_read_bytes (fixture->sidecar_path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpuint (count_files (fixture->dir), ==, n_files);

  /* It tries again by itself, with no new edit… */
  SPIN_UNTIL (events.failed == 2);
  g_assert_cmpuint (events.saved, ==, 1);

  /* …and once there is room, the edit reaches the disk. */
  if (fixture->mounted)
    g_assert_cmpint (g_unlink (filler), ==, 0);
  else
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  SPIN_UNTIL (events.saved == 2);
  g_assert_false (gloss_annotation_store_has_pending_changes (store));
  g_clear_pointer (&after, g_bytes_unref);
  after = gloss_test_read_bytes (fixture->sidecar_path);
  on_disk = gloss_sidecar_parse (after, NULL, NULL);
  g_assert_nonnull (on_disk);
  g_assert_cmpstr (gloss_annotation_get_note (gloss_sidecar_get_annotations (on_disk)->pdata[0]),
                   ==, long_note);
  g_clear_error (&events.error);
}

/* A folder made read-only while the article is open */

static void
test_folder_made_read_only (Fixture       *fixture,
                            gconstpointer  data)
{
  Events events = { 0 };
  g_autoptr(GlossAnnotationStore) store = open_store (fixture, &events);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GlossSidecar) on_disk = NULL;
  GlossAnnotation *annotation;

  annotation = add_paragraph (store, 2);
  SPIN_UNTIL (events.saved == 1);
  before = gloss_test_read_bytes (fixture->sidecar_path);

  g_assert_cmpint (g_chmod (fixture->dir, 0555), ==, 0);
  gloss_annotation_set_note (annotation, "written while the folder was read-only");
  SPIN_UNTIL (events.failed == 1);
  g_assert_error (events.error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_true (gloss_annotation_store_get_writable (store));
  g_assert_true (gloss_annotation_store_has_pending_changes (store));
  after = gloss_test_read_bytes (fixture->sidecar_path);
  g_assert_true (g_bytes_equal (before, after));

  /* Writable again: saved by itself, no edit needed. */
  g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
  SPIN_UNTIL (events.saved == 2);
  g_clear_pointer (&after, g_bytes_unref);
  after = gloss_test_read_bytes (fixture->sidecar_path);
  on_disk = gloss_sidecar_parse (after, NULL, NULL);
  g_assert_cmpstr (gloss_annotation_get_note (gloss_sidecar_get_annotations (on_disk)->pdata[0]),
                   ==, "written while the folder was read-only");
  g_clear_error (&events.error);
}

/* An article in a folder that cannot be written */

static void
test_read_only_folder (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GlossAnnotationStore) store = NULL;
  g_autoptr(GlossAnnotationStore) reopened = NULL;
  g_autoptr(GBytes) beside_before = NULL;
  g_autoptr(GBytes) beside_after = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *markdown = NULL;
  GlossAnnotation *shipped, *mine;
  guint n_files;

  /* Shipped with annotations, then the folder is read-only (a mounted
   * image, /usr/share/doc). */
  {
    g_autoptr(GlossAnnotationStore) maker = open_store (fixture, NULL);

    gloss_annotation_set_note (add_paragraph (maker, 3), "shipped with the article");
    g_assert_true (gloss_annotation_store_save_sync (maker, NULL, &error));
    g_assert_no_error (error);
  }
  beside_before = gloss_test_read_bytes (fixture->sidecar_path);
  g_assert_cmpint (g_chmod (fixture->dir, 0555), ==, 0);
  n_files = count_files (fixture->dir);

  store = open_store (fixture, NULL);
  g_assert_true (gloss_annotation_store_get_uses_fallback (store));
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, fixture->article_path, -1);
  name = g_strconcat (hash, GLOSS_SIDECAR_SUFFIX, NULL);
  expected = g_build_filename (g_get_user_data_dir (), "gloss", "annotations", name, NULL);
  g_assert_cmpstr (g_file_peek_path (gloss_annotation_store_get_file (store)), ==, expected);

  /* What came with the article is there, and one can annotate. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  shipped = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (gloss_annotation_get_note (shipped), ==, "shipped with the article");
  g_object_unref (shipped);
  mine = add_paragraph (store, 5);
  gloss_annotation_set_note (mine, "mine");
  g_assert_true (gloss_annotation_store_save_sync (store, NULL, &error));
  g_assert_no_error (error);

  /* Saved under the data folder; the article's folder is as it was. */
  stored = gloss_test_read_bytes (expected);
  w3c_assert_collection (g_bytes_get_data (stored, NULL), TRUE);
  g_assert_null (strstr (g_bytes_get_data (stored, NULL), fixture->dir));
  g_assert_null (strstr (g_bytes_get_data (stored, NULL), "file:"));
  g_assert_nonnull (strstr (g_bytes_get_data (stored, NULL), "\"mine\""));
  beside_after = gloss_test_read_bytes (fixture->sidecar_path);
  g_assert_true (g_bytes_equal (beside_before, beside_after));
  g_assert_cmpuint (count_files (fixture->dir), ==, n_files);

  /* Export works as anywhere. */
  markdown = gloss_export_to_string (store, GLOSS_EXPORT_MARKDOWN);
  g_assert_nonnull (strstr (markdown, "Paragraph 5 says"));
  g_assert_nonnull (strstr (markdown, "Paragraph 3 says"));

  /* Opened again: the same place, both highlights. */
  reopened = open_store (fixture, NULL);
  g_assert_true (gloss_annotation_store_get_uses_fallback (reopened));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reopened)), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  /* Before any thread exists. */
  private_mounts = gloss_test_private_mounts ();
  gloss_test_obey_file_permissions ();

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/durability/sigkill", Fixture, NULL,
              fixture_set_up, test_sigkill, fixture_tear_down);
  g_test_add ("/durability/disk-full", Fixture, GUINT_TO_POINTER (128),
              fixture_set_up, test_disk_full, fixture_tear_down);
  g_test_add ("/durability/folder-made-read-only", Fixture, NULL,
              fixture_set_up, test_folder_made_read_only, fixture_tear_down);
  g_test_add ("/durability/read-only-folder", Fixture, NULL,
              fixture_set_up, test_read_only_folder, fixture_tear_down);

  return g_test_run ();
}
