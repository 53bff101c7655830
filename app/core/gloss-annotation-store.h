/* gloss-annotation-store.h: one article's annotations and their sidecar
 *
 * A GListModel of GlossAnnotation in article order (orphans last).  It reads
 * the sidecar NAME.EXT.annotations.json beside the article, anchors every
 * annotation against the document's text, and saves every change by itself:
 * coalesced, off the main thread, atomically.  A sidecar it cannot read is
 * never written: the store is then not writable until the user decides.
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
/* ARTICLE.annotations.json beside the article. */
GFile                *gloss_annotation_store_get_file      (GlossAnnotationStore *self);

/* Reads the sidecar (none yet: an empty store) and anchors every
 * annotation. On error the store stays empty and not writable. */
gboolean              gloss_annotation_store_load          (GlossAnnotationStore *self,
                                                            GCancellable         *cancellable,
                                                            GError              **error);
/* FALSE after a failed load: nothing will ever be written. */
gboolean              gloss_annotation_store_get_writable  (GlossAnnotationStore *self);

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

/* Signals:
 *   "saved"       (void)          a save reached the disk
 *   "save-failed" (GError *error) a save failed; the changes stay in memory
 *                                 and the store retries on the next change
 */

G_END_DECLS
