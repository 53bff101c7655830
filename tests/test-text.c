/* test-text.c: GlossText
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gloss-text.h"

static void
test_text_ascii (void)
{
  g_autoptr(GlossText) text = gloss_text_new ("Hello, world", -1);
  g_autofree char *slice = NULL;
  gsize n_bytes = 0;

  g_assert_cmpstr (gloss_text_get_utf8 (text, &n_bytes), ==, "Hello, world");
  g_assert_cmpuint (n_bytes, ==, 12);
  g_assert_cmpuint (gloss_text_get_length (text), ==, 12);
  g_assert_cmpuint (gloss_text_byte_offset (text, 7), ==, 7);
  g_assert_cmpuint (gloss_text_byte_offset (text, 100), ==, 12);
  g_assert_cmpuint (gloss_text_char_offset (text, 5), ==, 5);
  g_assert_cmpuint (gloss_text_char_offset (text, 500), ==, 12);

  slice = gloss_text_slice (text, 7, 12);
  g_assert_cmpstr (slice, ==, "world");
}

static void
test_text_empty (void)
{
  g_autoptr(GlossText) text = gloss_text_new ("", 0);
  g_autoptr(GlossText) null_text = gloss_text_new (NULL, 0);
  g_autofree char *slice = gloss_text_slice (text, 0, 10);

  g_assert_cmpuint (gloss_text_get_length (text), ==, 0);
  g_assert_cmpuint (gloss_text_byte_offset (text, 0), ==, 0);
  g_assert_cmpuint (gloss_text_char_offset (text, 0), ==, 0);
  g_assert_cmpstr (slice, ==, "");
  g_assert_cmpuint (gloss_text_get_length (null_text), ==, 0);
  g_assert_true (gloss_text_equal (text, null_text));
}

static void
test_text_len (void)
{
  /* Only @len bytes are taken. */
  g_autoptr(GlossText) text = gloss_text_new ("abcdef", 3);
  gsize n_bytes;

  g_assert_cmpstr (gloss_text_get_utf8 (text, &n_bytes), ==, "abc");
  g_assert_cmpuint (n_bytes, ==, 3);
  g_assert_cmpuint (gloss_text_get_length (text), ==, 3);
}

static void
test_text_multibyte (void)
{
  /* 1, 2, 3 and 4 byte characters, right-to-left text, a combining mark. */
  const char *s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\xA6\x89 \xD7\xA9\xD7\x9C e\xCC\x81";
  g_autoptr(GlossText) text = gloss_text_new (s, -1);
  g_autofree char *owl = gloss_text_slice (text, 3, 4);
  g_autofree char *hebrew = gloss_text_slice (text, 5, 7);
  g_autofree char *tail = gloss_text_slice (text, 8, 100);
  g_autofree char *reversed = gloss_text_slice (text, 6, 2);
  gsize n_chars = g_utf8_strlen (s, -1);

  g_assert_cmpuint (gloss_text_get_length (text), ==, n_chars);
  g_assert_cmpuint (n_chars, ==, 10);
  g_assert_cmpstr (owl, ==, "\xF0\x9F\xA6\x89");
  g_assert_cmpstr (hebrew, ==, "\xD7\xA9\xD7\x9C");
  g_assert_cmpstr (tail, ==, "e\xCC\x81");
  g_assert_cmpstr (reversed, ==, "");

  for (gsize i = 0; i <= n_chars; i++)
    {
      gsize b = g_utf8_offset_to_pointer (s, i) - s;

      g_assert_cmpuint (gloss_text_byte_offset (text, i), ==, b);
      g_assert_cmpuint (gloss_text_char_offset (text, b), ==, i);
    }

  /* A byte inside a character counts that character as after it. */
  g_assert_cmpuint (gloss_text_char_offset (text, 2), ==, 2);
  g_assert_cmpuint (gloss_text_char_offset (text, 4), ==, 3);
}

/* Every offset of a long text of mixed widths agrees with GLib's own
 * (slow) conversion, across many checkpoints. */
static void
test_text_checkpoints (void)
{
  static const char *pieces[] = { "a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", " ", "\n" };
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GlossText) text = NULL;
  GRand *rand = g_rand_new_with_seed (42);
  gsize n_chars;
  const char *utf8;

  for (guint i = 0; i < 10000; i++)
    g_string_append (s, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  g_rand_free (rand);

  text = gloss_text_new (s->str, s->len);
  utf8 = gloss_text_get_utf8 (text, NULL);
  n_chars = gloss_text_get_length (text);
  g_assert_cmpuint (n_chars, ==, 10000);
  g_assert_true (utf8 != s->str);   /* copied */

  for (gsize i = 0; i <= n_chars; i++)
    {
      gsize b = g_utf8_offset_to_pointer (s->str, i) - s->str;

      g_assert_cmpuint (gloss_text_byte_offset (text, i), ==, b);
      g_assert_cmpuint (gloss_text_char_offset (text, b), ==, i);
    }

  for (gsize i = 0; i + 100 <= n_chars; i += 997)
    {
      g_autofree char *slice = gloss_text_slice (text, i, i + 100);
      const char *p = g_utf8_offset_to_pointer (s->str, i);
      const char *q = g_utf8_offset_to_pointer (s->str, i + 100);

      g_assert_cmpuint (strlen (slice), ==, q - p);
      g_assert_cmpmem (slice, strlen (slice), p, q - p);
    }
}

static void
test_text_boxed (void)
{
  g_autoptr(GlossText) text = gloss_text_new ("boxed", -1);
  g_auto(GValue) value = G_VALUE_INIT;
  GlossText *copy;

  g_assert_true (G_TYPE_IS_BOXED (GLOSS_TYPE_TEXT));
  g_value_init (&value, GLOSS_TYPE_TEXT);
  g_value_set_boxed (&value, text);
  copy = g_value_get_boxed (&value);
  g_assert_true (copy == text);   /* boxed copy is a ref */

  copy = gloss_text_ref (text);
  g_assert_true (gloss_text_equal (copy, text));
  gloss_text_unref (copy);
}

static void
test_text_equal (void)
{
  g_autoptr(GlossText) a = gloss_text_new ("same \xF0\x9F\xA6\x89", -1);
  g_autoptr(GlossText) b = gloss_text_new ("same \xF0\x9F\xA6\x89", -1);
  g_autoptr(GlossText) c = gloss_text_new ("same", -1);

  g_assert_true (gloss_text_equal (a, b));
  g_assert_false (gloss_text_equal (a, c));
}

static void
test_text_invalid (void)
{
  if (g_test_subprocess ())
    {
      GlossText *text = gloss_text_new ("bad \xFF utf-8", -1);

      g_assert_null (text);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*g_utf8_validate_len*");
}

static void
test_text_trim_range (void)
{
  g_autoptr(GlossText) text = gloss_text_new ("a\u00a0 word\u2003\n b", -1);
  gsize start = 1, end = 8;

  /* "\u00a0 word\u2003\n": no-break and em spaces are white space too. */
  g_assert_true (gloss_text_trim_range (text, &start, &end));
  g_assert_cmpuint (start, ==, 3);
  g_assert_cmpuint (end, ==, 7);

  start = 1;
  end = 3;
  g_assert_false (gloss_text_trim_range (text, &start, &end));
  g_assert_cmpuint (start, ==, end);

  /* Past the end: clamped. */
  start = 9;
  end = 100;
  g_assert_true (gloss_text_trim_range (text, &start, &end));
  g_assert_cmpuint (start, ==, 10);
  g_assert_cmpuint (end, ==, 11);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/ascii", test_text_ascii);
  g_test_add_func ("/text/trim-range", test_text_trim_range);
  g_test_add_func ("/text/empty", test_text_empty);
  g_test_add_func ("/text/len", test_text_len);
  g_test_add_func ("/text/multibyte", test_text_multibyte);
  g_test_add_func ("/text/checkpoints", test_text_checkpoints);
  g_test_add_func ("/text/boxed", test_text_boxed);
  g_test_add_func ("/text/equal", test_text_equal);
  g_test_add_func ("/text/invalid", test_text_invalid);

  return g_test_run ();
}
