/* fuzz-document.c: article text extraction (HTML, XHTML, Markdown, text),
 * on any bytes
 *
 * The first byte picks the format (or lets the name and the bytes decide);
 * the rest is the file.  Whatever it holds, the document is refused with a
 * GLOSS_ERROR or read; when read, its title and HTML are UTF-8, its text
 * is valid UTF-8 that counts as many code points as GlossText says, is the
 * text extracted again from its HTML, and code point and byte offsets map
 * back and forth.  The raw bytes as HTML give UTF-8 text too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "gloss-document.h"
#include "gloss-error.h"
#include "gloss-html-private.h"

static const struct {
  GlossFormat  format;
  const char  *name;
} formats[] = {
  { GLOSS_FORMAT_UNKNOWN, "article" },
  { GLOSS_FORMAT_HTML, "article.html" },
  { GLOSS_FORMAT_XHTML, "article.xhtml" },
  { GLOSS_FORMAT_MARKDOWN, "article.md" },
  { GLOSS_FORMAT_TEXT, "article.txt" },
};

static void
check_offsets (GlossText *text)
{
  gsize length = gloss_text_get_length (text);
  gsize n_bytes;
  const char *utf8 = gloss_text_get_utf8 (text, &n_bytes);

  g_assert_true (g_utf8_validate_len (utf8, n_bytes, NULL));
  g_assert_cmpuint (g_utf8_strlen (utf8, n_bytes), ==, length);
  g_assert_cmpuint (gloss_text_byte_offset (text, length), ==, n_bytes);
  g_assert_cmpuint (gloss_text_byte_offset (text, length + 10), ==, n_bytes);

  /* Every code point, on short texts; a sample on long ones. */
  for (gsize i = 0; i <= length; i += length < 4096 ? 1 : length / 97 + 1)
    {
      gsize byte = gloss_text_byte_offset (text, i);
      g_autofree char *slice = gloss_text_slice (text, i, i + 3);

      g_assert_cmpuint (byte, <=, n_bytes);
      g_assert_cmpuint (gloss_text_char_offset (text, byte), ==, i);
      g_assert_cmpint (strncmp (slice, utf8 + byte, strlen (slice)), ==, 0);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw_text = NULL;
  g_autofree char *extracted = NULL;
  const char *html;
  guint which;

  gloss_fuzz_set_up ();

  if (size == 0)
    return 0;

  which = data[0] % G_N_ELEMENTS (formats);
  bytes = g_bytes_new (data + 1, size - 1);

  /* The extractor alone, on bytes that may not even be UTF-8. */
  if (gloss_html_within_budget ((const char *) data + 1, size - 1))
    {
      raw_text = gloss_html_extract_text ((const char *) data + 1, size - 1);
      g_assert_nonnull (raw_text);
    }

  document = gloss_document_new_from_bytes (bytes, formats[which].format, formats[which].name, &error);
  if (document == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == GLOSS_ERROR);
      return 0;
    }
  g_assert_no_error (error);

  g_assert_true (g_utf8_validate (gloss_document_get_title (document), -1, NULL));
  html = gloss_document_get_html (document);
  g_assert_true (g_utf8_validate (html, -1, NULL));

  check_offsets (gloss_document_get_text (document));

  extracted = gloss_html_extract_text (html, strlen (html));
  g_assert_cmpstr (extracted, ==, gloss_text_get_utf8 (gloss_document_get_text (document), NULL));

  return 0;
}
