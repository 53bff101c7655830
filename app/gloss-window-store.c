/* gloss-window-store.c: what the window does about the annotations file
 *
 * It follows the store: a save that failed and came back, the file changed
 * on disk (reloaded or merged), the article changed on disk (reloaded and
 * re-anchored), an unreadable file (Start Fresh), sync conflict copies
 * (Merge); and says so in the banner under the header bar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-timing.h"
#include "gloss-window-private.h"

static void
show_problem (GlossWindow            *self,
              const char             *message,
              GlossStoreStatusAction  action)
{
  g_free (self->problem);
  self->problem = g_strdup (message);

  gtk_label_set_text (self->problem_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_button), action != GLOSS_STORE_STATUS_NO_ACTION);
  if (action == GLOSS_STORE_STATUS_MERGE)
    {
      gtk_button_set_label (self->problem_button, _("_Merge"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->problem_button), "win.merge-conflicts");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->problem_button),
                                   _("Take in what the other version holds; the newer change of each highlight wins"));
    }
  else if (action == GLOSS_STORE_STATUS_START_FRESH)
    {
      gtk_button_set_label (self->problem_button, _("_Start Fresh"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->problem_button), "win.start-fresh");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->problem_button),
                                   _("Move the unreadable annotations file aside and start a new one"));
    }
  gtk_revealer_set_reveal_child (self->problem_revealer, message != NULL);
}

void
gloss_window_update_banner (GlossWindow *self)
{
  GlossStoreStatusAction action = GLOSS_STORE_STATUS_NO_ACTION;
  g_autofree char *message = NULL;

  if (self->store != NULL)
    message = gloss_store_status_describe (self->store, self->save_error, &action);
  show_problem (self, message, action);
  gloss_window_update_actions (self);
}


static void
on_save_failed (GlossWindow          *self,
                GError               *error,
                GlossAnnotationStore *store)
{
  g_clear_error (&self->save_error);
  self->save_error = g_error_copy (error);
  gloss_window_update_banner (self);
}

static void
on_saved (GlossWindow          *self,
          GlossAnnotationStore *store)
{
  /* A save went through again after a failure. */
  if (self->save_error != NULL)
    {
      g_clear_error (&self->save_error);
      gloss_window_update_banner (self);
    }
}

static void
on_reloaded (GlossWindow          *self,
             gboolean              merged,
             GlossAnnotationStore *store)
{
  gloss_window_toast (self, merged ? _("The annotations changed on disk; Gloss merged them with yours")
                      : _("The annotations changed on disk; Gloss reloaded them"));
  gloss_window_update_banner (self);
}

static void
article_reloaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GlossWindow) self = user_data;
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = gloss_document_load_finish (result, &error);
  if (document == NULL)
    {
      /* Half-written, perhaps: the next change tries again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The article changed but cannot be read: %s", error->message);
      return;
    }

  if (self->store == NULL)
    return;

  /* The highlights are found again in the new text, then painted. */
  g_set_object (&self->document, document);
  gloss_annotation_store_set_document (self->store, document);
  gtk_window_set_title (GTK_WINDOW (self), gloss_document_get_title (document));
  adw_window_title_set_title (self->window_title, gloss_document_get_title (document));
  gloss_article_view_load_document (self->article_view, document);
  gloss_window_toast (self, _("The article changed on disk; Gloss reloaded it"));
}

static void
on_article_changed (GlossWindow          *self,
                    GlossAnnotationStore *store)
{
  gloss_document_load_async (self->file, self->cancellable, article_reloaded_cb, g_object_ref (self));
}

void
gloss_window_set_store (GlossWindow          *self,
                        GlossAnnotationStore *store)
{
  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);

  g_set_object (&self->store, store);
  g_clear_error (&self->save_error);

  if (store)
    {
      g_signal_connect_object (store, "save-failed", G_CALLBACK (on_save_failed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "saved", G_CALLBACK (on_saved),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "reloaded", G_CALLBACK (on_reloaded),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "article-changed", G_CALLBACK (on_article_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "notify::error", G_CALLBACK (gloss_window_update_banner),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "conflicts-changed", G_CALLBACK (gloss_window_update_banner),
                               self, G_CONNECT_SWAPPED);
    }

  gloss_article_view_set_annotations (self->article_view, G_LIST_MODEL (store));
  gloss_sidebar_set_store (self->sidebar, store);
  gloss_window_update_banner (self);
}

/* Opens the sidecar of the document. An unreadable sidecar is left alone:
 * the article is shown, annotating is off, and the banner says why. */
/* Anchoring the annotations and filling the sidebar take the main loop
 * for a while (2,000 highlights: a third of a second); while WebKit loads
 * the page, it needs the main loop, so the store read meanwhile is taken
 * in once the page is ready (and lays itself out in the web process). */
static void
store_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GlossWindow) self = user_data;
  GlossAnnotationStore *store = GLOSS_ANNOTATION_STORE (object);

  /* Another article was opened meanwhile, or the window closed. */
  if (g_cancellable_is_cancelled (self->cancellable) ||
      gloss_annotation_store_get_document (store) != self->document)
    return;

  gloss_timing_mark ("annotations read");
  g_set_object (&self->store_result, result);
  if (self->view_ready)
    gloss_window_article_loaded (self);
}

void
gloss_window_take_store (GlossWindow *self)
{
  g_autoptr(GAsyncResult) result = g_steal_pointer (&self->store_result);
  GlossAnnotationStore *store;
  g_autoptr(GError) error = NULL;

  if (result == NULL)
    return;

  store = GLOSS_ANNOTATION_STORE (g_async_result_get_source_object (result));
  if (!gloss_annotation_store_load_finish (store, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (store);
      return;
    }

  gloss_timing_mark ("annotations anchored");
  gloss_window_set_store (self, store);
  gloss_timing_mark ("annotations shown");
  g_object_unref (store);
}

void
gloss_window_load_store (GlossWindow *self)
{
  g_autoptr(GlossAnnotationStore) store = gloss_annotation_store_new (self->document);

  g_clear_object (&self->store_result);
  gloss_annotation_store_load_async (store, self->cancellable, store_read_cb, g_object_ref (self));
}

static void
start_fresh_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  g_autoptr(GFile) aside = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (self->store == NULL || gloss_annotation_store_get_writable (self->store))
    return;

  /* The unreadable file is moved aside; nothing is deleted. */
  if (!gloss_annotation_store_start_fresh (self->store, &aside, &error))
    message = g_strdup_printf (_("Could not move the annotations file aside: %s"), error->message);
  else if (aside != NULL)
    {
      g_autofree char *name = g_file_get_basename (aside);

      message = g_strdup_printf (_("The old annotations file was kept as %s"), name);
    }
  else
    message = g_strdup (_("The unreadable annotations file was left as it is; new annotations "
                          "are kept in your data folder"));

  gloss_window_toast (self, message);
  gloss_window_update_banner (self);
}

static void
merge_conflicts_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n;

  if (self->store == NULL)
    return;

  n = gloss_annotation_store_merge_conflicts (self->store, &error);
  if (error != NULL)
    message = g_strdup_printf (_("Could not merge the other version: %s"), error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Merged: %u highlight changed",
                                            "Merged: %u highlights changed", n),
                               n);
  gloss_window_toast (self, message);
  gloss_window_update_banner (self);
}

void
gloss_window_class_install_store_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.start-fresh", NULL, start_fresh_action);
  gtk_widget_class_install_action (widget_class, "win.merge-conflicts", NULL, merge_conflicts_action);
}
