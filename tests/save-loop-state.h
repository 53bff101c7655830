/* save-loop-state.h: the states gloss-save-loop walks through
 *
 * State K of the sidecar is known from K alone: which of the article's
 * paragraphs are highlighted, and each highlight's note (which says K, and
 * whose length changes with K, so that a file mixed from two states, or
 * cut short, is told apart).  Paragraph 0 is always highlighted: its note
 * says which state the file is in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include <glib.h>

#define SAVE_LOOP_N_PARAGRAPHS 8

static inline char *
save_loop_article (void)
{
  GString *text = g_string_new ("Saving in a loop\n");

  for (guint i = 0; i < SAVE_LOOP_N_PARAGRAPHS; i++)
    g_string_append_printf (text, "\nParagraph %u says something worth keeping.\n", i);

  return g_string_free (text, FALSE);
}

static inline char *
save_loop_quote (guint i)
{
  return g_strdup_printf ("Paragraph %u says", i);
}

static inline gboolean
save_loop_has (guint k,
               guint i)
{
  /* State 0: the first paragraph only. */
  return i == 0 || (k > 0 && (k * 7 + i * 3) % 5 < 3);
}

static inline char *
save_loop_note (guint k,
                guint i)
{
  guint len = (k * 97 + i * 31) % 4000;
  g_autofree char *filler = g_strnfill (len, "abcdefghij"[(k + i) % 10]);

  return g_strdup_printf ("k=%u i=%u %s", k, i, filler);
}

/* The K a note says, or G_MAXUINT. */
static inline guint
save_loop_note_k (const char *note)
{
  guint k, i;

  if (note == NULL || sscanf (note, "k=%u i=%u ", &k, &i) != 2)
    return G_MAXUINT;

  return k;
}
