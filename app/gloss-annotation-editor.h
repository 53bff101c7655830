/* gloss-annotation-editor.h: colour, tags and note of one annotation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-annotation.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_ANNOTATION_EDITOR (gloss_annotation_editor_get_type ())

G_DECLARE_FINAL_TYPE (GlossAnnotationEditor, gloss_annotation_editor, GLOSS, ANNOTATION_EDITOR, GtkWidget)

GtkWidget       *gloss_annotation_editor_new            (void);
GlossAnnotation *gloss_annotation_editor_get_annotation (GlossAnnotationEditor *self);
void             gloss_annotation_editor_set_annotation (GlossAnnotationEditor *self,
                                                         GlossAnnotation       *annotation);
/* The tags the tag entry completes from: this article's. */
void             gloss_annotation_editor_set_known_tags (GlossAnnotationEditor *self,
                                                         const char * const    *tags);
void             gloss_annotation_editor_focus_tags     (GlossAnnotationEditor *self);
void             gloss_annotation_editor_focus_note     (GlossAnnotationEditor *self);

/* Its Delete and Re-attach buttons activate sidebar.delete and
 * sidebar.reattach, which the sidebar around it provides. */

G_END_DECLS
