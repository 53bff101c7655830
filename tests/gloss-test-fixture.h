/* gloss-test-fixture.h: an article and its sidecar in a folder of their
 * own, for the tests of saving and syncing (core and UI)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-annotation-store.h"
#include "gloss-sidecar.h"

G_BEGIN_DECLS

/* Sets the gboolean @flag points at; a GSourceFunc. */
gboolean              gloss_test_fixture_expire   (gpointer              flag);

/* Spins the default main context until @cond holds; fails the test after
 * @seconds. */
#define GLOSS_TEST_SPIN_UNTIL(cond, seconds) \
  G_STMT_START { \
    gboolean timed_out_ = FALSE; \
    guint guard_ = g_timeout_add_seconds ((seconds), gloss_test_fixture_expire, &timed_out_); \
    while (!(cond) && !timed_out_) \
      g_main_context_iteration (NULL, TRUE); \
    if (!timed_out_) \
      g_source_remove (guard_); \
    if (!(cond)) \
      g_error ("Waited %d s in vain for: %s", (int) (seconds), #cond); \
  } G_STMT_END

/* The folder */

/* A new temporary folder, named after @name_template (g_dir_make_tmp). */
char                 *gloss_test_make_folder      (const char           *name_template);
/* Copies tests/fixtures/@subfolder/@name into @folder; returns its path. */
char                 *gloss_test_copy_fixture     (const char           *folder,
                                                   const char           *subfolder,
                                                   const char           *name);
/* The sidecar beside the article at @article_path. */
char                 *gloss_test_sidecar_path     (const char           *article_path);
/* Makes @path and the folders below it writable again and deletes them
 * with everything in them (symbolic links are not followed). */
void                  gloss_test_remove_folder    (const char           *path);

/* Files */

GBytes               *gloss_test_read_bytes       (const char           *path);
void                  gloss_test_write_bytes      (const char           *path,
                                                   const char           *data,
                                                   gssize                len);
/* The sidecar at @path as the core reads it; fails the test when it does
 * not parse. */
GlossSidecar         *gloss_test_read_sidecar     (const char           *path);
/* The same, NULL when it does not parse. */
GlossSidecar         *gloss_test_try_read_sidecar (const char           *path);
/* The annotation @id in @sidecar, or NULL. */
GlossAnnotation      *gloss_test_sidecar_lookup   (GlossSidecar         *sidecar,
                                                   const char           *id);

/* Documents and stores */

GlossDocument        *gloss_test_load_document    (const char           *path);
/* A store of @document, loaded. */
GlossAnnotationStore *gloss_test_load_store       (GlossDocument        *document);
/* Annotates the first occurrence of @quote in the store's document. */
GlossAnnotation      *gloss_test_add_quote        (GlossAnnotationStore *store,
                                                   const char           *quote);
void                  gloss_test_save             (GlossAnnotationStore *store);

G_END_DECLS
