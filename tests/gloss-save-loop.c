/* gloss-save-loop.c: saves an article's annotations in a loop until it is
 * killed
 *
 * test-durability runs it and kills it (SIGKILL) at random moments.  It
 * goes on from the state the sidecar is in (see save-loop-state.h), and
 * after it printed "ready K" it prints "saved K" each time state K has
 * reached the disk, through the store's own save.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gloss-annotation-store.h"

#include "save-loop-state.h"

static GlossAnnotation *
find (GlossAnnotationStore *store,
      const char           *quote)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(GlossAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_str_equal (gloss_annotation_get_quote (annotation), quote))
        return annotation;
    }

  return NULL;
}

static void
go_to_state (GlossAnnotationStore *store,
             guint                 k)
{
  GlossText *text = gloss_document_get_text (gloss_annotation_store_get_document (store));
  const char *utf8 = gloss_text_get_utf8 (text, NULL);

  for (guint i = 0; i < SAVE_LOOP_N_PARAGRAPHS; i++)
    {
      g_autofree char *quote = save_loop_quote (i);
      GlossAnnotation *annotation = find (store, quote);

      if (save_loop_has (k, i))
        {
          g_autofree char *note = save_loop_note (k, i);

          if (annotation == NULL)
            {
              gsize start = g_utf8_pointer_to_offset (utf8, strstr (utf8, quote));

              annotation = gloss_annotation_store_add_range (store, start,
                                                             start + g_utf8_strlen (quote, -1),
                                                             NULL, NULL);
              g_assert (annotation != NULL);
            }
          gloss_annotation_set_note (annotation, note);
        }
      else if (annotation != NULL)
        gloss_annotation_store_remove (store, annotation);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossAnnotationStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_quote = save_loop_quote (0);
  GlossAnnotation *first;
  guint k = 0;

  if (argc != 2)
    {
      g_printerr ("usage: gloss-save-loop ARTICLE\n");
      return 2;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  document = gloss_document_new_for_file (file, NULL, &error);
  g_assert_no_error (error);
  store = gloss_annotation_store_new (document);
  if (!gloss_annotation_store_load (store, NULL, &error))
    g_error ("The sidecar does not load: %s", error->message);

  first = find (store, first_quote);
  if (first != NULL)
    k = save_loop_note_k (gloss_annotation_get_note (first));
  g_assert (k != G_MAXUINT);

  printf ("ready %u\n", k);
  fflush (stdout);

  for (;;)
    {
      go_to_state (store, ++k);
      if (!gloss_annotation_store_save_sync (store, NULL, &error))
        g_error ("Saving state %u failed: %s", k, error->message);
      printf ("saved %u\n", k);
      fflush (stdout);
    }

  return 0;
}
