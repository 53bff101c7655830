/* gloss-annotation-store.h: one article's annotations and their sidecar
 *
 * A GListModel of GlossAnnotation in article order (orphans last).  It reads
 * the sidecar NAME.EXT.annotations.json beside the article (or, when the
 * article's folder cannot be written, one under the user's data folder),
 * anchors every annotation against the document's text, and saves every
 * change by itself: coalesced, off the main thread, atomically, retrying
 * when the disk refuses.  It watches the file: what another program writes
 * there is taken in, merged per annotation with changes not saved yet.  A
 * sidecar it cannot read is never written: the store is then not writable
 * until the file reads again or the user starts fresh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-annotation.h"
#include "gloss-document.h"

G_BEGIN_DECLS

#define GLOSS_SIDECAR_SUFFIX ".annotations.json"

#define GLOSS_TYPE_ANNOTATION_STORE (gloss_annotation_store_get_type ())

G_DECLARE_FINAL_TYPE (GlossAnnotationStore, gloss_annotation_store, GLOSS, ANNOTATION_STORE, GObject)

GlossAnnotationStore *gloss_annotation_store_new           (GlossDocument        *document);
GlossDocument        *gloss_annotation_store_get_document  (GlossAnnotationStore *self);
/* The sidecar: ARTICLE.annotations.json beside the article, or, after a
 * load found the article's folder read-only, the one under the data
 * folder (see get_uses_fallback()). */
GFile                *gloss_annotation_store_get_file      (GlossAnnotationStore *self);
/* TRUE when the article's folder cannot be written, so that the
 * annotations live in $XDG_DATA_HOME/gloss/annotations/ instead. */
gboolean              gloss_annotation_store_get_uses_fallback (GlossAnnotationStore *self);
/* A newer version of the same article (it changed on disk): every
 * annotation is anchored again in its text. */
void                  gloss_annotation_store_set_document  (GlossAnnotationStore *self,
                                                            GlossDocument        *document);

/* Reads the sidecar (none yet: an empty store) and anchors every
 * annotation. On error the store stays empty and not writable. */
gboolean              gloss_annotation_store_load          (GlossAnnotationStore *self,
                                                            GCancellable         *cancellable,
                                                            GError              **error);
/* The same, reading and parsing the sidecar in a worker thread; anchoring
 * and filling the model happen in _finish(), in the calling thread. */
void                  gloss_annotation_store_load_async    (GlossAnnotationStore *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean              gloss_annotation_store_load_finish   (GlossAnnotationStore *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* FALSE while the sidecar cannot be read: nothing is written then. */
gboolean              gloss_annotation_store_get_writable  (GlossAnnotationStore *self);
/* Why the sidecar cannot be read (GLOSS_ERROR_SIDECAR_INVALID…), or NULL,
 * and the file that could not be read. */
const GError         *gloss_annotation_store_get_error     (GlossAnnotationStore *self);
GFile                *gloss_annotation_store_get_broken_file (GlossAnnotationStore *self);
/* Moves the unreadable sidecar aside as NAME.broken-YYYYMMDD-HHMMSS (in
 * *aside; NULL when it stays where it is because its folder cannot be
 * written) and starts a new one with what the store holds. */
gboolean              gloss_annotation_store_start_fresh   (GlossAnnotationStore *self,
                                                            GFile               **aside,
                                                            GError              **error);

/* Highlights [start, end) of the article text: builds the selectors, adds
 * the annotation and schedules a save. Returns it (owned by the store). */
GlossAnnotation      *gloss_annotation_store_add_range     (GlossAnnotationStore *self,
                                                            gsize                 start,
                                                            gsize                 end,
                                                            const char           *color,
                                                            GError              **error);
/* Adds an existing annotation (e.g. to undo a removal). */
void                  gloss_annotation_store_add           (GlossAnnotationStore *self,
                                                            GlossAnnotation      *annotation);
void                  gloss_annotation_store_remove        (GlossAnnotationStore *self,
                                                            GlossAnnotation      *annotation);
/* Pins @annotation (typically an orphan) to [start, end) of the current
 * text: new selectors, the old ones kept in its history, saved. */
gboolean              gloss_annotation_store_reattach      (GlossAnnotationStore *self,
                                                            GlossAnnotation      *annotation,
                                                            gsize                 start,
                                                            gsize                 end,
                                                            GError              **error);
GlossAnnotation      *gloss_annotation_store_lookup        (GlossAnnotationStore *self,
                                                            const char           *id);
/* Where @annotation is in the list; FALSE when it is not in it. */
gboolean              gloss_annotation_store_find_position (GlossAnnotationStore *self,
                                                            GlossAnnotation      *annotation,
                                                            guint                *position);
/* Every tag used in this article, sorted, without duplicates. */
char                **gloss_annotation_store_dup_tags      (GlossAnnotationStore *self);

/* TRUE while a change has not reached the disk yet. */
gboolean              gloss_annotation_store_has_pending_changes (GlossAnnotationStore *self);
/* Writes now, in the calling thread (CLI, window closing). */
gboolean              gloss_annotation_store_save_sync     (GlossAnnotationStore *self,
                                                            GCancellable         *cancellable,
                                                            GError              **error);

/* Items of the sidecar that Gloss could not read (kept as they are on every
 * save), and one translated sentence for each; NULL-terminated. */
guint                 gloss_annotation_store_get_n_unreadable (GlossAnnotationStore *self);
const char * const   *gloss_annotation_store_get_problems  (GlossAnnotationStore *self);

/* Sync tools' conflict copies of the sidecar (GFile) in its folder that
 * hold something the store does not: changes, highlights, deletions. */
GPtrArray            *gloss_annotation_store_get_conflicts (GlossAnnotationStore *self);
/* Merges them in (the later modification of each annotation wins; a
 * deletion wins over older edits) and saves; the copies are left as they
 * are. Returns how many annotations changed. */
guint                 gloss_annotation_store_merge_conflicts (GlossAnnotationStore *self,
                                                              GError              **error);
/* Reads the sidecar again if it changed on disk (the store does it by
 * itself when the file changes; this is for callers that know sooner). */
void                  gloss_annotation_store_check_disk    (GlossAnnotationStore *self);

/* Signals:
 *   "saved"             (void)          a save reached the disk
 *   "save-failed"       (GError *error) a save failed; the changes stay in
 *                                       memory and the store retries (soon,
 *                                       then less often, and on the next
 *                                       change)
 *   "reloaded"          (gboolean merged) the sidecar changed on disk and
 *                                       the store took it in; @merged when
 *                                       changes made here were kept too
 *   "article-changed"   (void)          the article's bytes changed on disk:
 *                                       load it again and set_document()
 *   "conflicts-changed" (void)          see get_conflicts()
 */

G_END_DECLS
