/* gloss-export-dialog.c: Ctrl+E, the annotations into a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-export.h"
#include "gloss-export-dialog.h"

typedef struct
{
  GlossAnnotationStore *store;
  AdwToastOverlay      *toasts;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->toasts);
  g_free (data);
}

static void
toast (ExportData *data,
       const char *message)
{
  adw_toast_overlay_add_toast (data->toasts, adw_toast_new (message));
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 ExportData      *data)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  GlossExportFormat format = GLOSS_EXPORT_JSON;
  GtkFileFilter *filter;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  name = g_file_get_basename (file);
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));

  /* The name's extension wins; else the chosen filter says. */
  if (!gloss_export_format_from_filename (name, &format) && filter)
    gloss_export_format_from_name (g_object_get_data (G_OBJECT (filter), "gloss-format"), &format);

  contents = gloss_export_to_string (data->store, format);
  if (!g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not export: %s"), error->message);
      toast (data, message);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Exported to %s"), name);
      toast (data, message);
    }

out:
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *label,
            const char     *pattern,
            const char     *format)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, label);
  gtk_file_filter_add_pattern (filter, pattern);
  g_object_set_data (G_OBJECT (filter), "gloss-format", (gpointer) format);
  gtk_file_chooser_add_filter (chooser, filter);
}

void
gloss_export_dialog_show (GtkWindow            *parent,
                          GlossAnnotationStore *store,
                          AdwToastOverlay      *toasts)
{
  GlossDocument *document = gloss_annotation_store_get_document (store);
  GFile *article = gloss_document_get_file (document);
  GtkFileChooserNative *dialog;
  g_autofree char *basename = NULL;
  g_autofree char *suggested = NULL;
  g_autoptr(GFile) folder = NULL;
  ExportData *data;

  g_return_if_fail (GLOSS_IS_ANNOTATION_STORE (store));
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (toasts));

  dialog = gtk_file_chooser_native_new (_("Export Annotations"), parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  add_filter (GTK_FILE_CHOOSER (dialog), _("Markdown"), "*.md", "markdown");
  add_filter (GTK_FILE_CHOOSER (dialog), _("W3C Web Annotations (JSON)"), "*.json", "json");
  add_filter (GTK_FILE_CHOOSER (dialog), _("CSV (Readwise)"), "*.csv", "csv");

  if (article)
    {
      basename = g_file_get_basename (article);
      folder = g_file_get_parent (article);
    }
  suggested = g_strdup_printf ("%s.notes.md", basename ? basename : _("Annotations"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
  if (folder)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);

  data = g_new0 (ExportData, 1);
  data->store = g_object_ref (store);
  data->toasts = g_object_ref (toasts);
  g_object_set_data_full (G_OBJECT (dialog), "gloss-export", data, (GDestroyNotify) export_data_free);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
