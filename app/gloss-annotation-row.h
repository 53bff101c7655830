/* gloss-annotation-row.h: one annotation in the sidebar list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-annotation.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_ANNOTATION_ROW (gloss_annotation_row_get_type ())

G_DECLARE_FINAL_TYPE (GlossAnnotationRow, gloss_annotation_row, GLOSS, ANNOTATION_ROW, GtkWidget)

GtkWidget       *gloss_annotation_row_new            (void);
GlossAnnotation *gloss_annotation_row_get_annotation (GlossAnnotationRow *self);
void             gloss_annotation_row_set_annotation (GlossAnnotationRow *self,
                                                      GlossAnnotation    *annotation);

G_END_DECLS
