/* test-sync.c: the sidecar changed by somebody else
 *
 * A second store stands for the other writer (another Gloss window, the
 * CLI, a sync tool, git); the first one watches the file and must take in
 * what the other wrote, merged per annotation with its own changes, and
 * lose nothing.  Also: the merge rules on their own, conflict copies,
 * the article changing on disk, and starting fresh after a broken file.
 * Every wait spins the main loop until the store's own signal or state
 * says so, with a generous guard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "gloss-annotation-private.h"
#include "gloss-annotation-store-private.h"
#include "gloss-annotation-store-sync-private.h"
#include "gloss-error.h"
#include "gloss-merge-private.h"
#include "gloss-sidecar-file-private.h"

#include "gloss-test-fixture.h"
#include "w3c-musts.h"

#define ARTICLE_TEXT \
  "Reading with a pen in hand\n" \
  "\n" \
  "Reading with a pen in hand is slower, and that is the point. " \
  "The margins fill with questions; the café table with crumbs.\n" \
  "\n" \
  "Memory keeps what the hand has copied once.\n"

#define GUARD_SECONDS 20

typedef struct
{
  char          *dir;
  char          *article_path;
  char          *sidecar_path;
  GlossDocument *document;
} Fixture;

typedef struct
{
  guint saved;
  guint failed;
  guint reloaded;
  guint merged;
  guint article_changed;
  guint conflicts_changed;
  /* The stores whose signals are counted here (weak pointers). */
  GlossAnnotationStore *stores[4];
  guint n_stores;
} Events;

/* A store may outlive its test, held by a save still in flight: its
 * signals must not reach a test's Events that is gone with its stack. */
static void
events_clear (Events *events)
{
  for (guint i = 0; i < events->n_stores; i++)
    if (events->stores[i] != NULL)
      {
        g_signal_handlers_disconnect_by_data (events->stores[i], events);
        g_object_remove_weak_pointer (G_OBJECT (events->stores[i]), (gpointer *) &events->stores[i]);
      }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Events, events_clear)

/* Spins the main loop until @cond holds; fails after GUARD_SECONDS. */
#define SPIN_UNTIL(cond) GLOSS_TEST_SPIN_UNTIL (cond, GUARD_SECONDS)

static void
load_document (Fixture *fixture)
{
  g_clear_object (&fixture->document);
  fixture->document = gloss_test_load_document (fixture->article_path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = gloss_test_make_folder ("gloss-sync-XXXXXX");
  fixture->article_path = g_build_filename (fixture->dir, "essay.txt", NULL);
  fixture->sidecar_path = gloss_test_sidecar_path (fixture->article_path);
  gloss_test_write_bytes (fixture->article_path, ARTICLE_TEXT, -1);
  load_document (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gloss_test_remove_folder (fixture->dir);

  g_clear_object (&fixture->document);
  g_free (fixture->dir);
  g_free (fixture->article_path);
  g_free (fixture->sidecar_path);
}

/* Stores and events */

static void on_saved (GlossAnnotationStore *s, Events *e) { e->saved++; }
static void on_failed (GlossAnnotationStore *s, GError *error, Events *e) { e->failed++; }
static void on_article (GlossAnnotationStore *s, Events *e) { e->article_changed++; }
static void on_conflicts (GlossAnnotationStore *s, Events *e) { e->conflicts_changed++; }

static void
on_reloaded (GlossAnnotationStore *store,
             gboolean              merged,
             Events               *events)
{
  events->reloaded++;
  events->merged += merged ? 1 : 0;
}

static GlossAnnotationStore *
open_store (Fixture *fixture,
            Events  *events)
{
  g_autoptr(GlossAnnotationStore) store = gloss_test_load_store (fixture->document);

  g_assert_true (gloss_annotation_store_get_writable (store));

  if (events != NULL)
    {
      g_assert_cmpuint (events->n_stores, <, G_N_ELEMENTS (events->stores));
      events->stores[events->n_stores] = store;
      g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &events->stores[events->n_stores++]);
      g_signal_connect (store, "saved", G_CALLBACK (on_saved), events);
      g_signal_connect (store, "save-failed", G_CALLBACK (on_failed), events);
      g_signal_connect (store, "reloaded", G_CALLBACK (on_reloaded), events);
      g_signal_connect (store, "article-changed", G_CALLBACK (on_article), events);
      g_signal_connect (store, "conflicts-changed", G_CALLBACK (on_conflicts), events);
    }

  return g_steal_pointer (&store);
}

/* The file on disk */

/* The sidecar as the core reads it; NULL when it does not parse. */
static GlossSidecar *
read_sidecar (Fixture *fixture)
{
  return gloss_test_try_read_sidecar (fixture->sidecar_path);
}

/* TRUE when the file holds exactly the annotations @ids (NULL-terminated)
 * and, for each, the note of the store's copy. */
static gboolean
file_holds (Fixture              *fixture,
            GlossAnnotationStore *store,
            const char * const   *ids)
{
  g_autoptr(GlossSidecar) sidecar = NULL;
  guint n = 0;

  if (!g_file_test (fixture->sidecar_path, G_FILE_TEST_EXISTS))
    return FALSE;

  sidecar = read_sidecar (fixture);
  if (sidecar == NULL)
    return FALSE;

  for (; ids[n] != NULL; n++)
    {
      GlossAnnotation *on_disk = gloss_test_sidecar_lookup (sidecar, ids[n]);
      GlossAnnotation *in_store = gloss_annotation_store_lookup (store, ids[n]);

      if (on_disk == NULL || in_store == NULL ||
          g_strcmp0 (gloss_annotation_get_note (on_disk), gloss_annotation_get_note (in_store)) != 0)
        return FALSE;
    }

  return gloss_sidecar_get_annotations (sidecar)->len == n;
}

static gboolean
store_holds (GlossAnnotationStore *store,
             const char * const   *ids)
{
  guint n = 0;

  for (; ids[n] != NULL; n++)
    if (gloss_annotation_store_lookup (store, ids[n]) == NULL)
      return FALSE;

  return g_list_model_get_n_items (G_LIST_MODEL (store)) == n;
}

/* The merge rules */

static GDateTime *
at (int hour,
    int minute)
{
  return g_date_time_new_utc (2026, 11, 27, hour, minute, 0);
}

static GlossAnnotation *
make (const char *id,
      const char *note,
      int         hour,
      int         minute)
{
  GlossSelectors selectors = { (char *) "a pen in hand", NULL, NULL, 15, 28 };
  g_autoptr(GDateTime) created = at (8, 0);
  g_autoptr(GDateTime) modified = at (hour, minute);
  const char *no_tags[] = { NULL };

  return gloss_annotation_new_full (id, &selectors, "yellow", no_tags, note, created, modified);
}

static GHashTable *
deletions (const char *id,
           int         hour,
           int         minute,
           ...)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_date_time_unref);
  va_list args;

  va_start (args, minute);
  while (id != NULL)
    {
      g_hash_table_insert (table, g_strdup (id), at (hour, minute));
      id = va_arg (args, const char *);
      if (id == NULL)
        break;
      hour = va_arg (args, int);
      minute = va_arg (args, int);
    }
  va_end (args);

  return table;
}

static GlossAnnotation *
find_in (GPtrArray  *annotations,
         const char *id)
{
  for (guint i = 0; i < annotations->len; i++)
    if (g_str_equal (gloss_annotation_get_id (annotations->pdata[i]), id))
      return annotations->pdata[i];

  return NULL;
}

static void
test_merge_rules (void)
{
  g_autoptr(GPtrArray) ours = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) theirs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ours_deleted = deletions ("f", 10, 0, "g", 10, 0, NULL);
  g_autoptr(GHashTable) theirs_deleted = deletions ("h", 10, 10, "i", 10, 10, "x", 9, 0, NULL);
  g_autoptr(GHashTable) deleted = NULL;
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GPtrArray) copy_result = NULL;
  guint n_changes;

  /* Ours: what Gloss read, plus changes made here (c, e, f, g, h, i). */
  g_ptr_array_add (ours, make ("a", "a as read", 10, 0));
  g_ptr_array_add (ours, make ("b", "b as read", 10, 0));
  g_ptr_array_add (ours, make ("c", "c edited here", 10, 0));
  g_ptr_array_add (ours, make ("e", "e made here", 10, 0));
  g_ptr_array_add (ours, make ("h", "h edited here before their deletion", 10, 0));
  g_ptr_array_add (ours, make ("i", "i edited here after their deletion", 10, 20));
  for (const char *id = "cefghi"; *id != '\0'; id++)
    g_hash_table_add (changed, g_strndup (id, 1));

  /* Theirs: the file now. a edited, b gone without a trace (git), c
   * edited earlier than here, d new, f and g still there (we deleted them;
   * g was edited over there after that), h and i deleted over there. */
  g_ptr_array_add (theirs, make ("a", "a edited there", 10, 5));
  g_ptr_array_add (theirs, make ("c", "c edited there, earlier", 9, 0));
  g_ptr_array_add (theirs, make ("d", "d made there", 10, 0));
  g_ptr_array_add (theirs, make ("f", "f as read", 9, 30));
  g_ptr_array_add (theirs, make ("g", "g edited there after we deleted it", 10, 30));

  result = gloss_merge_annotations (ours, ours_deleted, changed, theirs, theirs_deleted,
                                    &deleted, &n_changes);

  g_assert_cmpuint (result->len, ==, 6);
  g_assert_true (find_in (result, "a") == find_in (theirs, "a"));
  g_assert_null (find_in (result, "b"));
  g_assert_true (find_in (result, "c") == find_in (ours, "c"));
  g_assert_true (find_in (result, "d") == find_in (theirs, "d"));
  g_assert_true (find_in (result, "e") == find_in (ours, "e"));
  g_assert_null (find_in (result, "f"));
  g_assert_true (find_in (result, "g") == find_in (theirs, "g"));
  g_assert_null (find_in (result, "h"));
  g_assert_true (find_in (result, "i") == find_in (ours, "i"));
  /* a, d, g taken; b, h dropped. */
  g_assert_cmpuint (n_changes, ==, 5);

  /* Deletions kept: f (ours), h and x (theirs); not g, i (kept). */
  g_assert_cmpuint (g_hash_table_size (deleted), ==, 3);
  g_assert_true (g_hash_table_contains (deleted, "f"));
  g_assert_true (g_hash_table_contains (deleted, "h"));
  g_assert_true (g_hash_table_contains (deleted, "x"));
  g_clear_pointer (&deleted, g_hash_table_unref);

  /* A conflict copy shares no history: nothing of ours goes unless it has
   * a newer deletion for it. */
  copy_result = gloss_merge_annotations (ours, ours_deleted, NULL, theirs, theirs_deleted,
                                         &deleted, &n_changes);
  g_assert_true (find_in (copy_result, "a") == find_in (theirs, "a"));
  g_assert_true (find_in (copy_result, "b") == find_in (ours, "b"));
  g_assert_true (find_in (copy_result, "c") == find_in (ours, "c"));
  g_assert_true (find_in (copy_result, "d") == find_in (theirs, "d"));
  g_assert_null (find_in (copy_result, "f"));
  g_assert_true (find_in (copy_result, "g") == find_in (theirs, "g"));
  g_assert_null (find_in (copy_result, "h"));
  g_assert_true (find_in (copy_result, "i") == find_in (ours, "i"));
  g_assert_cmpuint (copy_result->len, ==, 7);
  g_assert_cmpuint (n_changes, ==, 4);

  /* The same thing merged twice changes nothing. */
  {
    g_autoptr(GPtrArray) again = NULL;

    again = gloss_merge_annotations (copy_result, deleted, NULL, theirs, theirs_deleted,
                                     NULL, &n_changes);
    g_assert_cmpuint (again->len, ==, copy_result->len);
    g_assert_cmpuint (n_changes, ==, 0);
  }
}

/* Outside changes */

static void
test_outside_add (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(Events) events = { 0 };
  g_autoptr(GlossAnnotationStore) window = open_store (fixture, &events);
  g_autoptr(GlossAnnotationStore) cli = open_store (fixture, NULL);
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) after = NULL;
  GlossAnnotation *added;
  const char *ids[2] = { NULL, NULL };

  /* "gloss add" while the article is open. */
  added = gloss_test_add_quote (cli, "The margins fill with questions");
  gloss_annotation_set_note (added, "from the command line");
  gloss_test_save (cli);
  written = gloss_test_read_bytes (fixture->sidecar_path);
  ids[0] = gloss_annotation_get_id (added);

  /* No edits here: the view just takes it in. */
  SPIN_UNTIL (events.reloaded == 1);
  g_assert_cmpuint (events.merged, ==, 0);
  g_assert_true (store_holds (window, ids));
  g_assert_cmpstr (gloss_annotation_get_note (gloss_annotation_store_lookup (window, ids[0])),
                   ==, "from the command line");
  g_assert_cmpuint (gloss_annotation_get_status (gloss_annotation_store_lookup (window, ids[0])),
                    ==, GLOSS_ANCHOR_EXACT);

  /* …and has nothing to write back. */
  g_assert_false (gloss_annotation_store_has_pending_changes (window));
  g_assert_cmpuint (events.saved, ==, 0);
  after = gloss_test_read_bytes (fixture->sidecar_path);
  g_assert_true (g_bytes_equal (written, after));
}

/* Another program rewrites the file in place (the same inode, as an
 * editor saving over it may): taken in all the same, though the store
 * skips reading the file when it is as the store left it. */
static void
test_outside_in_place (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(Events) events = { 0 };
  g_autoptr(GlossAnnotationStore) window = open_store (fixture, &events);
  g_autoptr(GlossAnnotationStore) cli = NULL;
  g_autoptr(GBytes) theirs = NULL;
  GlossAnnotation *mine, *added;
  const char *ids[3] = { NULL, NULL, NULL };
  const guint8 *bytes;
  gsize length;
  FILE *stream;

  /* The window's own save: not taken in again. */
  mine = gloss_test_add_quote (window, "The margins fill with questions");
  gloss_test_save (window);
  ids[0] = gloss_annotation_get_id (mine);

  cli = open_store (fixture, NULL);
  added = gloss_test_add_quote (cli, "a pen in hand");
  ids[1] = gloss_annotation_get_id (added);
  theirs = gloss_annotation_store_serialize (cli);
  bytes = g_bytes_get_data (theirs, &length);

  stream = fopen (fixture->sidecar_path, "r+");
  g_assert_nonnull (stream);
  g_assert_cmpuint (fwrite (bytes, 1, length, stream), ==, length);
  g_assert_cmpint (fclose (stream), ==, 0);

  SPIN_UNTIL (events.reloaded == 1);
  g_assert_true (store_holds (window, ids));
}

/* The same, at the same size and with the modification time put back (as
 * cp -p or touch -r leave it): the change time still tells. */
static void
test_outside_same_size (Fixture       *fixture,
                        gconstpointer  data)
{
  g_auto(Events) events = { 0 };
  g_autoptr(GlossAnnotationStore) window = open_store (fixture, &events);
  g_autofree char *contents = NULL;
  GlossAnnotation *mine;
  struct stat before;
  struct timespec times[2];
  char *colour;
  gsize length;
  FILE *stream;

  mine = gloss_test_add_quote (window, "The margins fill with questions");
  gloss_annotation_set_color (mine, "yellow");
  gloss_test_save (window);
  g_assert_cmpint (g_stat (fixture->sidecar_path, &before), ==, 0);

  g_assert_true (g_file_get_contents (fixture->sidecar_path, &contents, &length, NULL));
  colour = strstr (contents, "\"styleClass\": \"yellow\"");
  g_assert_nonnull (colour);
  memcpy (strstr (colour, "yellow"), "purple", 6);

  stream = fopen (fixture->sidecar_path, "r+");
  g_assert_nonnull (stream);
  g_assert_cmpuint (fwrite (contents, 1, length, stream), ==, length);
  g_assert_cmpint (fclose (stream), ==, 0);
  times[0] = before.st_atim;
  times[1] = before.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, fixture->sidecar_path, times, 0), ==, 0);

  SPIN_UNTIL (events.reloaded == 1);
  g_assert_cmpstr (gloss_annotation_get_color (gloss_annotation_store_lookup (window, gloss_annotation_get_id (mine))),
                   ==, "purple");
}

static void
test_outside_merge (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(Events) events = { 0 };
  g_autoptr(GlossAnnotationStore) window = open_store (fixture, &events);
  g_autoptr(GlossAnnotationStore) other = NULL;
  g_autoptr(GlossSidecar) on_disk = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GlossAnnotation *x, *y, *z;
  g_autofree char *x_id = NULL;
  const char *ids[3] = { NULL };

  x = gloss_test_add_quote (window, "a pen in hand is slower");
  y = gloss_test_add_quote (window, "Memory keeps");
  x_id = g_strdup (gloss_annotation_get_id (x));
  gloss_test_save (window);

  /* The other window deletes x and adds z while this one edits y, before
   * either has seen the other's change. */
  other = open_store (fixture, NULL);
  gloss_annotation_set_note (y, "edited in this window");
  g_assert_true (gloss_annotation_store_has_pending_changes (window));
  gloss_annotation_store_remove (other, gloss_annotation_store_lookup (other, x_id));
  z = gloss_test_add_quote (other, "The margins");
  gloss_annotation_set_note (z, "made in the other window");
  gloss_test_save (other);

  /* Whichever comes first, the watch or this window's save: both kept. */
  ids[0] = gloss_annotation_get_id (y);
  ids[1] = gloss_annotation_get_id (z);
  SPIN_UNTIL (!gloss_annotation_store_has_pending_changes (window) &&
              store_holds (window, ids) && file_holds (fixture, window, ids));
  g_assert_cmpuint (events.merged, >=, 1);
  g_assert_cmpstr (gloss_annotation_get_note (gloss_annotation_store_lookup (window, ids[0])),
                   ==, "edited in this window");
  g_assert_cmpstr (gloss_annotation_get_note (gloss_annotation_store_lookup (window, ids[1])),
                   ==, "made in the other window");

  /* The deletion is remembered in the file. */
  on_disk = read_sidecar (fixture);
  g_assert_true (g_hash_table_contains (gloss_sidecar_get_deleted (on_disk), x_id));
  bytes = gloss_test_read_bytes (fixture->sidecar_path);
  w3c_assert_collection (g_bytes_get_data (bytes, NULL), TRUE);

  /* And the other window, in turn, takes this one's edit. */
  SPIN_UNTIL (store_holds (other, ids) &&
              g_strcmp0 (gloss_annotation_get_note (gloss_annotation_store_lookup (other, ids[0])),
                         "edited in this window") == 0);
}

static void
test_outside_deletion_without_trace (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_auto(Events) events = { 0 };
  g_autoptr(GlossAnnotationStore) window = open_store (fixture, &events);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *x_id = NULL;
  GlossAnnotation *x, *y;
  const char *ids[2] = { NULL };

  /* The file as git had it before x was added. */
  y = gloss_test_add_quote (window, "Memory keeps");
  gloss_test_save (window);
  before = gloss_test_read_bytes (fixture->sidecar_path);
  x = gloss_test_add_quote (window, "a pen in hand is slower");
  x_id = g_strdup (gloss_annotation_get_id (x));
  gloss_test_save (window);
  g_assert_cmpuint (events.saved, ==, 2);

  /* git checkout: the old file comes back, with no word of x. */
  gloss_test_write_bytes (fixture->sidecar_path, g_bytes_get_data (before, NULL), g_bytes_get_size (before));
  ids[0] = gloss_annotation_get_id (y);
  SPIN_UNTIL (events.reloaded == 1);
  g_assert_true (store_holds (window, ids));
  g_assert_null (gloss_annotation_store_lookup (window, x_id));
  g_assert_false (gloss_annotation_store_has_pending_changes (window));
  after = gloss_test_read_bytes (fixture->sidecar_path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_outside_broken_then_mended (Fixture       *fixture,
                                 gconstpointer  data)
{
  static const char garbage[] = "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": [";
  g_auto(Events) events = { 0 };
  g_autoptr(GlossAnnotationStore) window = open_store (fixture, &events);
  g_autoptr(GlossAnnotationStore) mender = NULL;
  g_autoptr(GBytes) good = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  GlossAnnotation *x, *z;
  const char *ids[3] = { NULL };

  x = gloss_test_add_quote (window, "a pen in hand is slower");
  gloss_test_save (window);
  good = gloss_test_read_bytes (fixture->sidecar_path);

  /* A half-written file from another program. */
  gloss_test_write_bytes (fixture->sidecar_path, garbage, -1);
  SPIN_UNTIL (!gloss_annotation_store_get_writable (window));
  g_assert_nonnull (gloss_annotation_store_get_error (window));
  g_test_message ("%s", gloss_annotation_store_get_error (window)->message);
  g_assert_error (gloss_annotation_store_get_error (window), GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID);

  /* What the window holds stays; an edit is kept in memory, never
   * written over the broken file. */
  g_assert_true (gloss_annotation_store_lookup (window, gloss_annotation_get_id (x)) == x);
  gloss_annotation_set_note (x, "edited while the file was broken");
  g_assert_false (gloss_annotation_store_save_sync (window, NULL, &error));
  g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID);
  after = gloss_test_read_bytes (fixture->sidecar_path);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), garbage, strlen (garbage));

  /* The other program finishes its write: both sides are kept. */
  gloss_test_write_bytes (fixture->sidecar_path, g_bytes_get_data (good, NULL), g_bytes_get_size (good));
  load_document (fixture);
  mender = open_store (fixture, NULL);
  z = gloss_test_add_quote (mender, "The margins");
  gloss_test_save (mender);

  ids[0] = gloss_annotation_get_id (x);
  ids[1] = gloss_annotation_get_id (z);
  SPIN_UNTIL (gloss_annotation_store_get_writable (window) &&
              !gloss_annotation_store_has_pending_changes (window) &&
              file_holds (fixture, window, ids));
  g_assert_null (gloss_annotation_store_get_error (window));
  g_assert_cmpstr (gloss_annotation_get_note (x), ==, "edited while the file was broken");
}

static void
test_outside_file_deleted (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(Events) events = { 0 };
  g_autoptr(GlossAnnotationStore) window = open_store (fixture, &events);
  GlossAnnotation *x;
  const char *ids[2] = { NULL };

  gloss_test_add_quote (window, "a pen in hand is slower");
  gloss_test_save (window);

  /* Deleted in the file manager: the annotations go with it, and Gloss
   * does not write the file back. */
  g_assert_cmpint (g_unlink (fixture->sidecar_path), ==, 0);
  SPIN_UNTIL (events.reloaded == 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window)), ==, 0);
  g_assert_false (gloss_annotation_store_has_pending_changes (window));
  g_assert_false (g_file_test (fixture->sidecar_path, G_FILE_TEST_EXISTS));

  /* A new highlight makes a new file. */
  x = gloss_test_add_quote (window, "Memory keeps");
  ids[0] = gloss_annotation_get_id (x);
  SPIN_UNTIL (file_holds (fixture, window, ids));
}

static void
test_write_checks_disk (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GlossAnnotationStore) window = open_store (fixture, NULL);
  g_autoptr(GlossAnnotationStore) cli = NULL;
  GlossAnnotation *x, *z, *w;
  const char *ids[4] = { NULL };

  x = gloss_test_add_quote (window, "a pen in hand is slower");
  gloss_test_save (window);

  /* Written by somebody else, and this store has not looked yet (the main
   * loop does not run): its save must not replace that. */
  cli = open_store (fixture, NULL);
  z = gloss_test_add_quote (cli, "The margins");
  gloss_test_save (cli);
  w = gloss_test_add_quote (window, "Memory keeps");
  gloss_test_save (window);

  ids[0] = gloss_annotation_get_id (x);
  ids[1] = gloss_annotation_get_id (z);
  ids[2] = gloss_annotation_get_id (w);
  g_assert_true (store_holds (window, ids));
  g_assert_true (file_holds (fixture, window, ids));
}

/* Conflict copies */

static void
test_conflict_names (void)
{
  const char *sidecar = "essay.html.annotations.json";

  g_assert_true (gloss_sidecar_file_is_conflict_name (sidecar,
    "essay.html.annotations.sync-conflict-20261127-101500-ABCDEFG.json"));
  g_assert_true (gloss_sidecar_file_is_conflict_name (sidecar,
    "essay.html.annotations (Ann's conflicted copy 2026-11-27).json"));
  g_assert_true (gloss_sidecar_file_is_conflict_name (sidecar,
    "essay.html.annotations (conflicted copy 2026-11-27 101500).json"));
  g_assert_true (gloss_sidecar_file_is_conflict_name (sidecar,
    "essay.html.annotations (Conflicted Copy).json"));

  g_assert_false (gloss_sidecar_file_is_conflict_name (sidecar, sidecar));
  g_assert_false (gloss_sidecar_file_is_conflict_name (sidecar, "essay.html"));
  g_assert_false (gloss_sidecar_file_is_conflict_name (sidecar,
    "essay.html.annotations.json.broken-20261127-101500"));
  g_assert_false (gloss_sidecar_file_is_conflict_name (sidecar,
    "other.html.annotations.sync-conflict-20261127-101500-ABCDEFG.json"));
  g_assert_false (gloss_sidecar_file_is_conflict_name (sidecar,
    ".essay.html.annotations.json.XY12ab"));
}

static void
test_conflict_copy (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(Events) events = { 0 };
  g_autoptr(GlossAnnotationStore) window = open_store (fixture, &events);
  g_autoptr(GlossAnnotationStore) elsewhere = NULL;
  g_autoptr(GlossSidecar) on_disk = NULL;
  g_autoptr(GBytes) copy_bytes = NULL;
  g_autoptr(GBytes) copy_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autofree char *copy_path = NULL;
  g_autofree char *same_path = NULL;
  g_autofree char *x_id = NULL;
  g_autofree char *z_id = NULL;
  GlossAnnotation *x, *y, *z;
  GPtrArray *conflicts;
  const char *ids[3] = { NULL };
  guint n;

  x = gloss_test_add_quote (window, "a pen in hand is slower");
  y = gloss_test_add_quote (window, "Memory keeps");
  x_id = g_strdup (gloss_annotation_get_id (x));
  gloss_test_save (window);

  /* A copy that says nothing new is not offered. */
  same_path = g_strconcat (fixture->dir, "/essay.txt.annotations (Ann's conflicted copy 2026-11-27).json", NULL);
  copy_bytes = gloss_test_read_bytes (fixture->sidecar_path);
  gloss_test_write_bytes (same_path, g_bytes_get_data (copy_bytes, NULL), g_bytes_get_size (copy_bytes));
  g_clear_pointer (&copy_bytes, g_bytes_unref);

  /* On the other machine: y edited later, x deleted, z made.  The sync
   * tool keeps it as a conflict copy. */
  elsewhere = open_store (fixture, NULL);
  gloss_annotation_set_note (gloss_annotation_store_lookup (elsewhere, gloss_annotation_get_id (y)),
                             "edited on the laptop");
  later = g_date_time_add_minutes (gloss_annotation_get_modified (y), 5);
  gloss_annotation_set_modified (gloss_annotation_store_lookup (elsewhere, gloss_annotation_get_id (y)), later);
  gloss_annotation_store_remove (elsewhere, gloss_annotation_store_lookup (elsewhere, x_id));
  z = gloss_test_add_quote (elsewhere, "The margins");
  z_id = g_strdup (gloss_annotation_get_id (z));
  {
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (elsewhere)); i++)
      g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (elsewhere), i));
    copy_bytes = gloss_sidecar_serialize (gloss_annotation_store_get_sidecar (elsewhere),
                                          items, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  }
  /* That machine's Gloss is elsewhere: it never writes here. */
  g_clear_object (&elsewhere);
  copy_path = g_strconcat (fixture->dir, "/essay.txt.annotations.sync-conflict-20261127-101500-LAPTOP7.json", NULL);
  gloss_test_write_bytes (copy_path, g_bytes_get_data (copy_bytes, NULL), g_bytes_get_size (copy_bytes));

  SPIN_UNTIL (gloss_annotation_store_get_conflicts (window)->len == 1);
  conflicts = gloss_annotation_store_get_conflicts (window);
  g_assert_cmpstr (g_file_peek_path (conflicts->pdata[0]), ==, copy_path);
  g_assert_cmpuint (events.conflicts_changed, >=, 1);

  n = gloss_annotation_store_merge_conflicts (window, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (gloss_annotation_store_get_conflicts (window)->len, ==, 0);

  ids[0] = gloss_annotation_get_id (y);
  ids[1] = z_id;
  g_assert_true (store_holds (window, ids));
  g_assert_cmpstr (gloss_annotation_get_note (y), ==, "edited on the laptop");
  SPIN_UNTIL (!gloss_annotation_store_has_pending_changes (window) && file_holds (fixture, window, ids));
  on_disk = read_sidecar (fixture);
  g_assert_true (g_hash_table_contains (gloss_sidecar_get_deleted (on_disk), x_id));

  /* The copies stay as they were: nothing is deleted. */
  copy_after = gloss_test_read_bytes (copy_path);
  g_assert_true (g_bytes_equal (copy_bytes, copy_after));
  g_assert_true (g_file_test (same_path, G_FILE_TEST_EXISTS));
}

/* The article changes on disk */

static void
test_article_changed (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *quote = "Memory keeps what the hand has copied once";
  const char *inserted = "A new first paragraph, written later.\n\n";
  g_auto(Events) events = { 0 };
  g_autoptr(GlossAnnotationStore) window = open_store (fixture, &events);
  g_autoptr(GFile) file = g_file_new_for_path (fixture->article_path);
  g_autoptr(GlossDocument) changed = NULL;
  g_autoptr(GlossSidecar) on_disk = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GlossAnnotation *x;
  gsize old_start;
  const char *utf8;

  x = gloss_test_add_quote (window, quote);
  old_start = gloss_annotation_get_start (x);
  gloss_test_save (window);

  /* Touched without a change: nothing to say. */
  gloss_test_write_bytes (fixture->article_path, ARTICLE_TEXT, -1);

  /* Edited: a paragraph before the highlight (after the title line). */
  text = g_strconcat ("Reading with a pen in hand\n\n", inserted,
                      &ARTICLE_TEXT[strlen ("Reading with a pen in hand\n\n")], NULL);
  gloss_test_write_bytes (fixture->article_path, text, -1);
  SPIN_UNTIL (events.article_changed == 1);

  changed = gloss_document_new_for_file (file, NULL, &error);
  g_assert_no_error (error);
  gloss_annotation_store_set_document (window, changed);

  g_assert_true (gloss_annotation_store_get_document (window) == changed);
  g_assert_cmpuint (gloss_annotation_get_status (x), !=, GLOSS_ANCHOR_ORPHANED);
  g_assert_cmpuint (gloss_annotation_get_start (x), >, old_start);
  utf8 = gloss_text_get_utf8 (gloss_document_get_text (changed), NULL);
  g_assert_true (g_str_has_prefix (g_utf8_offset_to_pointer (utf8, gloss_annotation_get_start (x)), quote));

  /* The new place is saved, the old one kept in the history. */
  SPIN_UNTIL (!gloss_annotation_store_has_pending_changes (window));
  on_disk = read_sidecar (fixture);
  g_assert_cmpint (gloss_annotation_get_selectors (gloss_test_sidecar_lookup (on_disk, gloss_annotation_get_id (x)))->start,
                   ==, (gint64) gloss_annotation_get_start (x));
  g_assert_cmpstr (gloss_sidecar_get_article_sha256 (on_disk), ==, gloss_document_get_sha256 (changed));
  bytes = gloss_test_read_bytes (fixture->sidecar_path);
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "gloss:history"));
  g_assert_cmpuint (events.article_changed, ==, 1);
}

/* Starting fresh */

static void
test_start_fresh (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char broken[] = "{\"type\": \"AnnotationCollection\", \"first\": \0\0\0";
  g_autoptr(GlossAnnotationStore) store = gloss_annotation_store_new (fixture->document);
  g_autoptr(GlossAnnotationStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) aside = NULL;
  g_autoptr(GFile) aside2 = NULL;
  g_autoptr(GBytes) moved = NULL;
  g_autofree char *aside_name = NULL;
  g_autofree char *aside2_name = NULL;
  GlossAnnotation *x;
  const char *ids[2] = { NULL };

  gloss_test_write_bytes (fixture->sidecar_path, broken, sizeof broken - 1);

  g_assert_false (gloss_annotation_store_load (store, NULL, &error));
  g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID);
  g_clear_error (&error);
  g_assert_false (gloss_annotation_store_get_writable (store));
  g_assert_nonnull (gloss_annotation_store_get_error (store));

  g_assert_true (gloss_annotation_store_start_fresh (store, &aside, &error));
  g_assert_no_error (error);
  g_assert_nonnull (aside);
  g_assert_true (gloss_annotation_store_get_writable (store));
  g_assert_null (gloss_annotation_store_get_error (store));

  /* Moved aside, byte for byte, as NAME.annotations.json.broken-DATE. */
  aside_name = g_file_get_basename (aside);
  g_assert_true (g_regex_match_simple ("^essay\\.txt\\.annotations\\.json\\.broken-[0-9]{8}-[0-9]{6}$",
                                       aside_name, 0, 0));
  moved = gloss_test_read_bytes (g_file_peek_path (aside));
  g_assert_cmpmem (g_bytes_get_data (moved, NULL), g_bytes_get_size (moved), broken, sizeof broken - 1);
  g_assert_false (g_file_test (fixture->sidecar_path, G_FILE_TEST_EXISTS));

  x = gloss_test_add_quote (store, "Memory keeps");
  ids[0] = gloss_annotation_get_id (x);
  gloss_test_save (store);
  g_assert_true (file_holds (fixture, store, ids));

  /* Broken again in the same second: never over the first one. */
  gloss_test_write_bytes (fixture->sidecar_path, broken, sizeof broken - 1);
  again = gloss_annotation_store_new (fixture->document);
  g_assert_false (gloss_annotation_store_load (again, NULL, NULL));
  g_assert_true (gloss_annotation_store_start_fresh (again, &aside2, &error));
  g_assert_no_error (error);
  aside2_name = g_file_get_basename (aside2);
  g_assert_cmpstr (aside_name, !=, aside2_name);
  g_assert_true (g_file_test (g_file_peek_path (aside), G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (g_file_peek_path (aside2), G_FILE_TEST_EXISTS));
}

static void
test_outside_broken_then_fresh (Fixture       *fixture,
                                gconstpointer  data)
{
  static const char garbage[] = "<<<<<<< HEAD\n{\"type\": \"AnnotationCollection\"}\n=======\n";
  g_auto(Events) events = { 0 };
  g_autoptr(GlossAnnotationStore) window = open_store (fixture, &events);
  g_autoptr(GFile) aside = NULL;
  g_autoptr(GBytes) moved = NULL;
  g_autoptr(GError) error = NULL;
  GlossAnnotation *x;
  const char *ids[2] = { NULL };

  x = gloss_test_add_quote (window, "a pen in hand is slower");
  gloss_test_save (window);

  /* A merge tool left its markers in the file; the user starts fresh
   * rather than mend it: what the window holds goes into the new file,
   * the broken one is kept aside. */
  gloss_test_write_bytes (fixture->sidecar_path, garbage, -1);
  SPIN_UNTIL (!gloss_annotation_store_get_writable (window));
  gloss_annotation_set_note (x, "kept through it all");

  g_assert_true (gloss_annotation_store_start_fresh (window, &aside, &error));
  g_assert_no_error (error);
  moved = gloss_test_read_bytes (g_file_peek_path (aside));
  g_assert_cmpmem (g_bytes_get_data (moved, NULL), g_bytes_get_size (moved), garbage, strlen (garbage));

  ids[0] = gloss_annotation_get_id (x);
  SPIN_UNTIL (!gloss_annotation_store_has_pending_changes (window) && file_holds (fixture, window, ids));
}

static void
test_huge_sidecar (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GlossAnnotationStore) store = gloss_annotation_store_new (fixture->document);
  g_autoptr(GError) error = NULL;
  GStatBuf before, after;
  FILE *f;

  /* 65 MiB, most of it a hole: refused before it is read. */
  f = fopen (fixture->sidecar_path, "w");
  g_assert_nonnull (f);
  fputs ("{\"type\": \"AnnotationCollection\", \"x\": \"", f);
  g_assert_cmpint (fseek (f, 65 * 1024 * 1024, SEEK_SET), ==, 0);
  fputs ("\"}", f);
  fclose (f);
  g_assert_cmpint (g_stat (fixture->sidecar_path, &before), ==, 0);

  g_assert_false (gloss_annotation_store_load (store, NULL, &error));
  g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID);
  g_assert_nonnull (strstr (error->message, "64 MiB"));
  g_assert_false (gloss_annotation_store_get_writable (store));
  g_assert_cmpint (g_stat (fixture->sidecar_path, &after), ==, 0);
  g_assert_cmpint (before.st_ino, ==, after.st_ino);
  g_assert_cmpint (before.st_size, ==, after.st_size);
  g_assert_cmpint (before.st_mtime, ==, after.st_mtime);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/sync/merge-rules", test_merge_rules);
  g_test_add_func ("/sync/conflict-names", test_conflict_names);
  ADD ("/sync/outside/add", test_outside_add);
  ADD ("/sync/outside/merge", test_outside_merge);
  ADD ("/sync/outside/in-place", test_outside_in_place);
  ADD ("/sync/outside/same-size", test_outside_same_size);
  ADD ("/sync/outside/deletion-without-trace", test_outside_deletion_without_trace);
  ADD ("/sync/outside/broken-then-mended", test_outside_broken_then_mended);
  ADD ("/sync/outside/file-deleted", test_outside_file_deleted);
  ADD ("/sync/outside/broken-then-fresh", test_outside_broken_then_fresh);
  ADD ("/sync/huge-sidecar", test_huge_sidecar);
  ADD ("/sync/write-checks-disk", test_write_checks_disk);
  ADD ("/sync/conflict-copy", test_conflict_copy);
  ADD ("/sync/article-changed", test_article_changed);
  ADD ("/sync/start-fresh", test_start_fresh);

#undef ADD

  return g_test_run ();
}
