/* gloss-annotation.h: one highlight
 *
 * An annotation is a passage of the article (its selectors), a colour, tags
 * and a note, with creation and modification times.  Where it is in the
 * current article text (start, end, status) is set by anchoring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gloss-anchor.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_ANNOTATION (gloss_annotation_get_type ())

/* GType of GlossAnchorStatus, for the "status" property. */
#define GLOSS_TYPE_ANCHOR_STATUS (gloss_anchor_status_get_type ())
GType gloss_anchor_status_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (GlossAnnotation, gloss_annotation, GLOSS, ANNOTATION, GObject)

/* A new annotation with a fresh "urn:uuid:…" id, created = modified = now,
 * anchored exactly at selectors->start..end. */
GlossAnnotation      *gloss_annotation_new            (const GlossSelectors *selectors,
                                                       const char           *color);

const char           *gloss_annotation_get_id         (GlossAnnotation *self);
const GlossSelectors *gloss_annotation_get_selectors  (GlossAnnotation *self);
void                  gloss_annotation_set_selectors  (GlossAnnotation      *self,
                                                       const GlossSelectors *selectors);
/* The quoted passage (selectors->exact). */
const char           *gloss_annotation_get_quote      (GlossAnnotation *self);

const char           *gloss_annotation_get_color      (GlossAnnotation *self);
void                  gloss_annotation_set_color      (GlossAnnotation *self,
                                                       const char      *color);
/* NULL-terminated, never NULL, in the order the user added them. */
const char * const   *gloss_annotation_get_tags       (GlossAnnotation *self);
void                  gloss_annotation_set_tags       (GlossAnnotation    *self,
                                                       const char * const *tags);
gboolean              gloss_annotation_has_tag        (GlossAnnotation *self,
                                                       const char      *tag);
/* Adds @tag unless present (tags are trimmed; empty ones are ignored). */
void                  gloss_annotation_add_tag        (GlossAnnotation *self,
                                                       const char      *tag);
void                  gloss_annotation_remove_tag     (GlossAnnotation *self,
                                                       const char      *tag);
/* Never NULL; "" when there is no note. */
const char           *gloss_annotation_get_note       (GlossAnnotation *self);
void                  gloss_annotation_set_note       (GlossAnnotation *self,
                                                       const char      *note);

GDateTime            *gloss_annotation_get_created    (GlossAnnotation *self);
GDateTime            *gloss_annotation_get_modified   (GlossAnnotation *self);
void                  gloss_annotation_set_modified   (GlossAnnotation *self,
                                                       GDateTime       *modified);

GlossAnchorStatus     gloss_annotation_get_status     (GlossAnnotation *self);
gsize                 gloss_annotation_get_start      (GlossAnnotation *self);
gsize                 gloss_annotation_get_end        (GlossAnnotation *self);
void                  gloss_annotation_set_anchor     (GlossAnnotation         *self,
                                                       const GlossAnchorResult *result);

G_END_DECLS
