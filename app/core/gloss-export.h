/* gloss-export.h: annotations out of Gloss
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-annotation-store.h"

G_BEGIN_DECLS

typedef enum
{
  GLOSS_EXPORT_JSON,      /* W3C Web Annotation AnnotationCollection */
  GLOSS_EXPORT_MARKDOWN,
  GLOSS_EXPORT_CSV,       /* Highlight,Title,Author,URL,Note,Location,Date */
} GlossExportFormat;

/* "json", "markdown"/"md", "csv" (case-insensitive). */
gboolean    gloss_export_format_from_name      (const char        *name,
                                                GlossExportFormat *format);
/* From a file name's extension (.json, .md, .csv). */
gboolean    gloss_export_format_from_filename  (const char        *filename,
                                                GlossExportFormat *format);
const char *gloss_export_format_get_extension  (GlossExportFormat  format);

/* The whole export as UTF-8, orphans included (marked as such). */
char       *gloss_export_to_string             (GlossAnnotationStore *store,
                                                GlossExportFormat     format);

G_END_DECLS
