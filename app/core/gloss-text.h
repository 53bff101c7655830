/* gloss-text.h: the article text, indexed by Unicode code point
 *
 * Offsets everywhere in Gloss count Unicode code points over the article
 * text (see DESIGN.md).  GlossText is an immutable, reference-counted UTF-8
 * string that converts code point offsets to byte offsets quickly, so that
 * anchoring thousands of annotations in a big article stays cheap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GLOSS_TYPE_TEXT (gloss_text_get_type ())

typedef struct _GlossText GlossText;

GType        gloss_text_get_type     (void) G_GNUC_CONST;
/* @utf8 must be valid UTF-8; it is copied. */
GlossText   *gloss_text_new          (const char *utf8,
                                      gssize      len);
GlossText   *gloss_text_ref          (GlossText  *self);
void         gloss_text_unref        (GlossText  *self);
const char  *gloss_text_get_utf8     (GlossText  *self,
                                      gsize      *n_bytes);
/* Number of code points. */
gsize        gloss_text_get_length   (GlossText  *self);
/* Byte offset of code point @offset (clamped to the length). */
gsize        gloss_text_byte_offset  (GlossText  *self,
                                      gsize       offset);
/* Newly allocated UTF-8 of code points [start, end), clamped. */
char        *gloss_text_slice        (GlossText  *self,
                                      gsize       start,
                                      gsize       end);
/* Code point offset of byte @byte_offset (clamped to the length in bytes);
 * the inverse of gloss_text_byte_offset(). */
gsize        gloss_text_char_offset  (GlossText  *self,
                                      gsize       byte_offset);
/* Narrows [@start, @end) to leave out the white space at its ends (a
 * double click on a space selects it); FALSE when nothing else is left. */
gboolean     gloss_text_trim_range   (GlossText  *self,
                                      gsize      *start,
                                      gsize      *end);
/* Same characters. */
gboolean     gloss_text_equal        (GlossText  *a,
                                      GlossText  *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossText, gloss_text_unref)

G_END_DECLS
