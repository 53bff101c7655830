/* gloss-window-annotate.c: highlighting and editing from the window
 *
 * The selection in the article becomes a highlight (the bubble's colours,
 * Ctrl+H, tag and note buttons); clicks on highlights and rows go both
 * ways between the article and the sidebar; Delete has an Undo toast;
 * orphans are re-attached to a new selection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-color.h"
#include "gloss-window-private.h"

/* The passage selected in the article, without the white space at its
 * ends; FALSE when there is none. */
static gboolean
get_passage (GlossWindow *self,
             gsize       *start,
             gsize       *end)
{
  return gloss_article_view_get_selection (self->article_view, start, end) &&
         self->document != NULL &&
         gloss_text_trim_range (gloss_document_get_text (self->document), start, end);
}

static void
highlight_selection (GlossWindow *self,
                     const char  *color)
{
  g_autoptr(GError) error = NULL;
  GlossAnnotation *annotation;
  gsize start, end;

  if (self->store == NULL || !gloss_annotation_store_get_writable (self->store))
    return;

  if (!get_passage (self, &start, &end))
    {
      gloss_window_toast (self, _("Select a passage to highlight first"));
      return;
    }

  if (!gloss_color_is_valid (color))
    color = GLOSS_DEFAULT_COLOR;

  annotation = gloss_annotation_store_add_range (self->store, start, end, color, &error);
  if (annotation == NULL)
    {
      gloss_window_toast (self, error->message);
      return;
    }

  g_settings_set_string (self->settings, "highlight-color", color);
  gtk_popover_popdown (self->selection_popover);
  gloss_article_view_clear_selection (self->article_view);
  gloss_sidebar_select (self->sidebar, gloss_annotation_get_id (annotation));
}

static void
highlight_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  g_autofree char *color = g_settings_get_string (self->settings, "highlight-color");

  highlight_selection (self, color);
}

static void
highlight_color_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  highlight_selection (GLOSS_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Highlights the selection, then opens the sidebar's editor on it with
 * @focus (its tags or its note). */
static void
highlight_and_edit (GlossWindow *self,
                    void       (*focus) (GlossSidebar *sidebar))
{
  highlight_action (GTK_WIDGET (self), NULL, NULL);
  if (gloss_sidebar_get_selected (self->sidebar))
    {
      gloss_window_set_sidebar_visible (self, TRUE);
      focus (self->sidebar);
    }
}

static void
tag_selection_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  highlight_and_edit (GLOSS_WINDOW (widget), gloss_sidebar_focus_tags);
}

static void
note_selection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  highlight_and_edit (GLOSS_WINDOW (widget), gloss_sidebar_focus_note);
}

static void
on_selection_changed (GlossWindow      *self,
                      gboolean          has_selection,
                      guint64           start,
                      guint64           end,
                      GdkRectangle     *rect,
                      GlossArticleView *view)
{
  self->has_selection = has_selection;
  gloss_window_update_actions (self);

  if (has_selection && self->store && gloss_annotation_store_get_writable (self->store) && rect)
    {
      GdkRectangle pointing = *rect;

      /* Point at the top edge of the selection, as text editors do. */
      pointing.height = MAX (1, MIN (pointing.height, 24));
      gtk_popover_set_pointing_to (self->selection_popover, &pointing);
      gtk_popover_popup (self->selection_popover);
    }
  else
    gtk_popover_popdown (self->selection_popover);
}

static void
on_annotation_activated (GlossWindow      *self,
                         const char       *id,
                         GlossArticleView *view)
{
  gloss_window_set_sidebar_visible (self, TRUE);
  gloss_sidebar_select (self->sidebar, id);
}

static void
on_annotation_selected (GlossWindow     *self,
                        GlossAnnotation *annotation,
                        GlossSidebar    *sidebar)
{
  if (gloss_annotation_get_status (annotation) == GLOSS_ANCHOR_ORPHANED)
    {
      gloss_window_toast (self, _("This passage is no longer in the article"));
      return;
    }

  gloss_article_view_reveal (self->article_view, gloss_annotation_get_id (annotation));
}

static void
on_undo_delete (GlossWindow *self,
                AdwToast    *undo_toast)
{
  GlossAnnotation *annotation = g_object_get_data (G_OBJECT (undo_toast), "gloss-annotation");

  if (self->store && annotation)
    gloss_annotation_store_add (self->store, annotation);
}

static void
on_delete_requested (GlossWindow     *self,
                     GlossAnnotation *annotation,
                     GlossSidebar    *sidebar)
{
  AdwToast *undo_toast;

  if (self->store == NULL || !gloss_annotation_store_get_writable (self->store))
    return;

  undo_toast = adw_toast_new (_("Highlight deleted"));
  adw_toast_set_button_label (undo_toast, _("_Undo"));
  adw_toast_set_priority (undo_toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (undo_toast), "gloss-annotation",
                          g_object_ref (annotation), g_object_unref);
  g_signal_connect_object (undo_toast, "button-clicked",
                           G_CALLBACK (on_undo_delete), self, G_CONNECT_SWAPPED);

  gloss_annotation_store_remove (self->store, annotation);
  adw_toast_overlay_add_toast (self->toast_overlay, undo_toast);
}

static void
on_reattach_requested (GlossWindow     *self,
                       GlossAnnotation *annotation,
                       GlossSidebar    *sidebar)
{
  g_autoptr(GError) error = NULL;
  gsize start, end;

  if (self->store == NULL)
    return;

  if (!get_passage (self, &start, &end))
    {
      gloss_window_toast (self, _("Select where the passage is now, then re-attach"));
      return;
    }

  if (!gloss_annotation_store_reattach (self->store, annotation, start, end, &error))
    {
      gloss_window_toast (self, error->message);
      return;
    }

  gloss_article_view_clear_selection (self->article_view);
  gloss_sidebar_select (self->sidebar, gloss_annotation_get_id (annotation));
}

void
gloss_window_class_install_annotate_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.highlight", NULL, highlight_action);
  gtk_widget_class_install_action (widget_class, "win.highlight-color", "s", highlight_color_action);
  gtk_widget_class_install_action (widget_class, "win.tag-selection", NULL, tag_selection_action);
  gtk_widget_class_install_action (widget_class, "win.note-selection", NULL, note_selection_action);
}

void
gloss_window_connect_annotate_signals (GlossWindow *self)
{
  g_signal_connect_object (self->article_view, "selection-changed",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article_view, "annotation-activated",
                           G_CALLBACK (on_annotation_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "annotation-selected",
                           G_CALLBACK (on_annotation_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "reattach-requested",
                           G_CALLBACK (on_reattach_requested), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "delete-requested",
                           G_CALLBACK (on_delete_requested), self, G_CONNECT_SWAPPED);
}
