/* gloss-text.c: the article text, indexed by Unicode code point
 *
 * The text keeps the byte offset of every GLOSS_TEXT_STRIDE-th code point,
 * so a code point offset becomes a byte offset with one table lookup and at
 * most STRIDE - 1 steps through UTF-8, and a byte offset becomes a code
 * point offset with a binary search and as many steps.  Pure ASCII text
 * needs neither.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-text"

#include "config.h"

#include <string.h>

#include "gloss-text-private.h"

#define GLOSS_TEXT_STRIDE 64

struct _GlossText
{
  gatomicrefcount  ref_count;
  char            *utf8;
  gsize            n_bytes;
  gsize            n_chars;
  /* byte offset of code point i * STRIDE, for i in [0, n_chars / STRIDE];
   * NULL when the text is ASCII (code point offset == byte offset) */
  gsize           *checkpoints;
};

G_DEFINE_BOXED_TYPE (GlossText, gloss_text, gloss_text_ref, gloss_text_unref)

static void
gloss_text_index (GlossText *self)
{
  const guchar *p = (const guchar *) self->utf8;
  const guchar *end = p + self->n_bytes;
  gsize n_checkpoints;
  gsize n_chars = 0;
  gsize i = 0;

  /* Count code points: every byte that is not a continuation byte. */
  for (const guchar *q = p; q < end; q++)
    n_chars += (*q & 0xC0) != 0x80;
  self->n_chars = n_chars;

  if (n_chars == self->n_bytes)
    return;                     /* ASCII */

  n_checkpoints = n_chars / GLOSS_TEXT_STRIDE + 1;
  self->checkpoints = g_new (gsize, n_checkpoints);

  n_chars = 0;
  for (const guchar *q = p; q < end; q++)
    {
      if ((*q & 0xC0) == 0x80)
        continue;
      if (n_chars % GLOSS_TEXT_STRIDE == 0)
        self->checkpoints[i++] = q - p;
      n_chars++;
    }
  if (n_chars % GLOSS_TEXT_STRIDE == 0)
    self->checkpoints[i++] = self->n_bytes;
  g_assert (i == n_checkpoints);
}

/**
 * gloss_text_new_take:
 * @utf8: (transfer full): valid UTF-8, NUL-terminated at @len
 * @len: its length in bytes
 *
 * Like gloss_text_new() without the copy.
 */
GlossText *
gloss_text_new_take (char  *utf8,
                     gsize  len)
{
  GlossText *self;

  g_return_val_if_fail (utf8 != NULL, NULL);
  g_return_val_if_fail (utf8[len] == '\0', NULL);

  self = g_new0 (GlossText, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->utf8 = utf8;
  self->n_bytes = len;
  gloss_text_index (self);

  return self;
}

GlossText *
gloss_text_new (const char *utf8,
                gssize      len)
{
  g_return_val_if_fail (utf8 != NULL || len == 0, NULL);

  if (utf8 == NULL)
    utf8 = "";
  if (len < 0)
    len = strlen (utf8);

  g_return_val_if_fail (g_utf8_validate_len (utf8, len, NULL), NULL);

  return gloss_text_new_take (g_strndup (utf8, len), len);
}

GlossText *
gloss_text_ref (GlossText *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
gloss_text_unref (GlossText *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->utf8);
      g_free (self->checkpoints);
      g_free (self);
    }
}

const char *
gloss_text_get_utf8 (GlossText *self,
                     gsize     *n_bytes)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_bytes != NULL)
    *n_bytes = self->n_bytes;

  return self->utf8;
}

gsize
gloss_text_get_length (GlossText *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_chars;
}

gsize
gloss_text_byte_offset (GlossText *self,
                        gsize      offset)
{
  const guchar *p;
  gsize rest;

  g_return_val_if_fail (self != NULL, 0);

  if (offset >= self->n_chars)
    return self->n_bytes;
  if (self->checkpoints == NULL)
    return offset;

  p = (const guchar *) self->utf8 + self->checkpoints[offset / GLOSS_TEXT_STRIDE];
  for (rest = offset % GLOSS_TEXT_STRIDE; rest > 0; rest--)
    {
      p++;
      while ((*p & 0xC0) == 0x80)
        p++;
    }

  return p - (const guchar *) self->utf8;
}

/**
 * gloss_text_char_offset:
 * @self: a #GlossText
 * @byte_offset: a byte offset, clamped to the length in bytes
 *
 * The inverse of gloss_text_byte_offset(): the number of code points that
 * start before @byte_offset (so an offset inside a character counts that
 * character as after it).
 */
gsize
gloss_text_char_offset (GlossText *self,
                        gsize      byte_offset)
{
  gsize lo, hi, n;
  const guchar *p, *end;

  g_return_val_if_fail (self != NULL, 0);

  if (byte_offset >= self->n_bytes)
    return self->n_chars;
  if (self->checkpoints == NULL)
    return byte_offset;

  /* The last checkpoint at or before @byte_offset. */
  lo = 0;
  hi = self->n_chars / GLOSS_TEXT_STRIDE + 1;
  while (hi - lo > 1)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (self->checkpoints[mid] <= byte_offset)
        lo = mid;
      else
        hi = mid;
    }

  n = lo * GLOSS_TEXT_STRIDE;
  p = (const guchar *) self->utf8 + self->checkpoints[lo];
  end = (const guchar *) self->utf8 + byte_offset;
  for (; p < end; p++)
    n += (*p & 0xC0) != 0x80;

  return n;
}

char *
gloss_text_slice (GlossText *self,
                  gsize      start,
                  gsize      end)
{
  gsize bstart, bend;

  g_return_val_if_fail (self != NULL, NULL);

  end = MIN (end, self->n_chars);
  start = MIN (start, end);
  bstart = gloss_text_byte_offset (self, start);
  bend = gloss_text_byte_offset (self, end);

  return g_strndup (self->utf8 + bstart, bend - bstart);
}

/**
 * gloss_text_equal:
 *
 * Whether two texts hold the same characters.
 */
gboolean
gloss_text_equal (GlossText *a,
                  GlossText *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a == b ||
         (a->n_bytes == b->n_bytes &&
          memcmp (a->utf8, b->utf8, a->n_bytes) == 0);
}

static gboolean
is_space_at (GlossText *self,
             gsize      offset)
{
  return g_unichar_isspace (g_utf8_get_char (self->utf8 + gloss_text_byte_offset (self, offset)));
}

gboolean
gloss_text_trim_range (GlossText *self,
                       gsize     *start,
                       gsize     *end)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  *end = MIN (*end, self->n_chars);
  while (*start < *end && is_space_at (self, *start))
    (*start)++;
  while (*end > *start && is_space_at (self, *end - 1))
    (*end)--;

  return *start < *end;
}
