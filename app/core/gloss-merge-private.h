/* gloss-merge-private.h: two sets of annotations made one, per id
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-annotation.h"

G_BEGIN_DECLS

/* Merges the annotations of another copy of the sidecar ("theirs") into
 * ours, per annotation id:
 *
 * - an annotation both sides hold: the one modified last (ours on a tie);
 * - an annotation deleted on one side (a tombstone: id → GDateTime) stays
 *   deleted unless the other side modified it after the deletion;
 *
 * With @changed (ids added, edited or deleted here since both sides last
 * agreed: theirs is the file as it is now on disk, ours what Gloss read
 * from it, plus those changes), whatever we did not change is taken from
 * theirs as it is, so their deletions are honoured even without a
 * tombstone (a git checkout, a hand edit).  Without @changed (a sync
 * tool's conflict copy: no common history), nothing we hold is dropped
 * unless theirs has a newer tombstone for it.
 *
 * Returns the merged annotations (each one is the object of ours or of
 * theirs, in no particular order) and, in *deleted_out, the tombstones to
 * keep (a new table, id → GDateTime).  *n_changes counts the annotations
 * whose state differs from ours: taken from theirs, or dropped. */
GPtrArray *gloss_merge_annotations (GPtrArray   *ours,
                                    GHashTable  *ours_deleted,
                                    GHashTable  *changed,
                                    GPtrArray   *theirs,
                                    GHashTable  *theirs_deleted,
                                    GHashTable **deleted_out,
                                    guint       *n_changes);

/* TRUE when @a and @b say the same: selectors, colour, tags, note, times. */
gboolean   gloss_merge_same_annotation (GlossAnnotation *a,
                                        GlossAnnotation *b);

G_END_DECLS
