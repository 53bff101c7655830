/* gloss-annotation-private.h: what the sidecar and the store need of an
 * annotation beyond its public API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gloss-annotation.h"
#include "gloss-selectors-private.h"

G_BEGIN_DECLS

/* An annotation read from a sidecar: every field given, nothing minted.
 * @created and @modified must not be NULL; @tags may be NULL. The
 * annotation starts orphaned until the store anchors it. */
GlossAnnotation *gloss_annotation_new_full        (const char           *id,
                                                   const GlossSelectors *selectors,
                                                   const char           *color,
                                                   const char * const   *tags,
                                                   const char           *note,
                                                   GDateTime            *created,
                                                   GDateTime            *modified);

/* The JSON object this annotation was read from (or NULL): the sidecar
 * writer keeps its members that Gloss does not own. */
JsonObject      *gloss_annotation_get_json        (GlossAnnotation *self);
void             gloss_annotation_set_json        (GlossAnnotation *self,
                                                   JsonObject      *object);
/* Changes whenever anything the sidecar writes of the annotation changes
 * (touch() after changing get_json() in place); never the same for two
 * annotations. */
gsize            gloss_annotation_get_revision    (GlossAnnotation *self);
void             gloss_annotation_touch           (GlossAnnotation *self);

/* Tags as an annotation keeps them: trimmed, without empty ones, ones
 * that are not UTF-8 and duplicates, in the given order; @tags may be
 * NULL.  The store's list of all tags is made with it too. */
GStrv            gloss_annotation_normalize_tags  (const char * const *tags);

/* Now in UTC, to the second: the precision the sidecar keeps, so that a
 * round trip through the file gives back equal times. */
GDateTime       *gloss_annotation_now             (void);

/* Makes @self say what @other says (the same highlight, read from another
 * copy of the sidecar): selectors, colour, tags, note, times and the
 * members Gloss does not know. Its anchor is left as it is. */
void             gloss_annotation_update_from     (GlossAnnotation *self,
                                                   GlossAnnotation *other);

G_END_DECLS
