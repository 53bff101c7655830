/* gloss-store-status.c: what the window's banner says about the sidecar
 *
 * One message at a time, the most urgent first: a sidecar that cannot be
 * read (annotating is off until the user starts fresh), a save that keeps
 * failing, conflict copies to merge, items Gloss cannot read, and where
 * the annotations live when the article's folder cannot be written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-error.h"
#include "gloss-store-status.h"

static char *
folder_name (GFile *file)
{
  g_autoptr(GFile) folder = g_file_get_parent (file);

  return folder ? g_file_get_parse_name (folder) : g_strdup ("");
}

char *
gloss_store_status_describe (GlossAnnotationStore   *store,
                             const GError           *save_error,
                             GlossStoreStatusAction *action)
{
  const GError *error;
  GPtrArray *conflicts;
  guint n_unreadable;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_STORE (store), NULL);
  g_return_val_if_fail (action != NULL, NULL);

  *action = GLOSS_STORE_STATUS_NO_ACTION;

  error = gloss_annotation_store_get_error (store);
  if (error != NULL)
    {
      if (!g_error_matches (error, GLOSS_ERROR, GLOSS_ERROR_NOT_FOUND))
        *action = GLOSS_STORE_STATUS_START_FRESH;
      return g_strdup_printf (_("%s Gloss will not change it; annotating is off for this "
                                "article until you start fresh."),
                              error->message);
    }

  if (save_error != NULL)
    return g_strdup_printf (_("Could not save the annotations: %s. They are kept while "
                              "this window is open, and Gloss will try again."),
                            save_error->message);

  conflicts = gloss_annotation_store_get_conflicts (store);
  if (conflicts->len > 0)
    {
      g_autofree char *name = g_file_get_basename (conflicts->pdata[0]);
      g_autofree char *display = g_filename_display_name (name);

      *action = GLOSS_STORE_STATUS_MERGE;
      if (conflicts->len == 1)
        return g_strdup_printf (_("A sync tool kept another version of the annotations as "
                                  "“%s”. Merge it to keep what was written there too; the "
                                  "copy stays as it is."),
                                display);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "A sync tool kept %u other version of the "
                                           "annotations. Merge it to keep what was written "
                                           "there too; the copies stay as they are.",
                                           "A sync tool kept %u other versions of the "
                                           "annotations. Merge them to keep what was written "
                                           "there too; the copies stay as they are.",
                                           conflicts->len),
                              conflicts->len);
    }

  n_unreadable = gloss_annotation_store_get_n_unreadable (store);
  if (n_unreadable > 0)
    {
      const char * const *problems = gloss_annotation_store_get_problems (store);

      if (n_unreadable == 1)
        return g_strdup (problems[0]);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s %u more cannot be read either; Gloss keeps "
                                           "them as they are.",
                                           "%s %u more cannot be read either; Gloss keeps "
                                           "them as they are.",
                                           n_unreadable - 1),
                              problems[0], n_unreadable - 1);
    }

  if (gloss_annotation_store_get_uses_fallback (store))
    {
      g_autofree char *folder = folder_name (gloss_annotation_store_get_file (store));

      return g_strdup_printf (_("The article’s folder cannot be written, so its annotations "
                                "are kept in %s."),
                              folder);
    }

  return NULL;
}
