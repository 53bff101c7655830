/* gloss-annotation-editor.c: colour, tags and note of one annotation
 *
 * Under the sidebar's list: the selected annotation's colour (one toggle
 * per colour), its tags as removable chips with an entry that completes
 * from this article's tags, and its note.  Every edit goes straight to the
 * annotation; the store saves it.  For an orphan it also says so and
 * offers Re-attach to Selection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-annotation-editor.h"
#include "gloss-color.h"

struct _GlossAnnotationEditor
{
  GtkWidget        parent_instance;

  /* Template children */
  GtkWidget       *box;
  GtkWidget       *orphan_box;
  GtkBox          *color_box;
  GtkBox          *tag_flow;
  GtkEntry        *tag_entry;
  GtkTextView     *note_view;

  /* State */
  GlossAnnotation *annotation;
  gulong           notify_id;
  GtkToggleButton *color_buttons[8];
  GtkListStore    *completion_store;
  guint            quiet : 1;
};

G_DEFINE_FINAL_TYPE (GlossAnnotationEditor, gloss_annotation_editor, GTK_TYPE_WIDGET)


static void
rebuild_tag_chips (GlossAnnotationEditor *self);

static void
on_chip_remove_clicked (GtkButton    *button,
                        GlossAnnotationEditor *self)
{
  const char *tag = g_object_get_data (G_OBJECT (button), "gloss-tag");

  if (self->annotation && tag)
    gloss_annotation_remove_tag (self->annotation, tag);
}

static void
rebuild_tag_chips (GlossAnnotationEditor *self)
{
  GtkWidget *child;
  const char * const *tags;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tag_flow))))
    gtk_box_remove (self->tag_flow, child);

  gtk_widget_set_visible (GTK_WIDGET (self->tag_flow), FALSE);
  if (self->annotation == NULL)
    return;

  tags = gloss_annotation_get_tags (self->annotation);
  for (guint i = 0; tags[i]; i++)
    {
      GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
      GtkWidget *label = gtk_label_new (tags[i]);
      GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
      g_autofree char *tooltip = g_strdup_printf (_("Remove Tag “%s”"), tags[i]);

      gtk_widget_set_halign (chip, GTK_ALIGN_START);
      gtk_widget_add_css_class (chip, "gloss-tag");
      gtk_widget_add_css_class (chip, "gloss-tag-editable");
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_add_css_class (remove, "circular");
      gtk_widget_set_tooltip_text (remove, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                      -1);
      g_object_set_data_full (G_OBJECT (remove), "gloss-tag", g_strdup (tags[i]), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_chip_remove_clicked), self);
      gtk_box_append (GTK_BOX (chip), label);
      gtk_box_append (GTK_BOX (chip), remove);
      gtk_box_append (self->tag_flow, chip);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->tag_flow), tags[0] != NULL);
}

static void
update_color_buttons (GlossAnnotationEditor *self)
{
  const char * const *names = gloss_color_names ();
  const char *color = self->annotation ? gloss_annotation_get_color (self->annotation) : NULL;

  self->quiet = TRUE;
  for (guint i = 0; names[i]; i++)
    gtk_toggle_button_set_active (self->color_buttons[i], g_strcmp0 (color, names[i]) == 0);
  self->quiet = FALSE;
}

static void
on_annotation_notify (GlossAnnotationEditor    *self,
                   GParamSpec      *pspec,
                   GlossAnnotation *annotation)
{
  if (g_str_equal (pspec->name, "tags"))
    rebuild_tag_chips (self);
  else if (g_str_equal (pspec->name, "color"))
    update_color_buttons (self);
}

void
gloss_annotation_editor_set_annotation (GlossAnnotationEditor *self,
                                        GlossAnnotation       *annotation)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (GLOSS_IS_ANNOTATION_EDITOR (self));
  g_return_if_fail (!annotation || GLOSS_IS_ANNOTATION (annotation));

  if (self->annotation == annotation)
    return;

  if (self->annotation)
    g_clear_signal_handler (&self->notify_id, self->annotation);
  g_set_object (&self->annotation, annotation);

  if (annotation)
    self->notify_id = g_signal_connect_object (annotation, "notify",
                                               G_CALLBACK (on_annotation_notify),
                                               self, G_CONNECT_SWAPPED);

  buffer = gtk_text_view_get_buffer (self->note_view);
  self->quiet = TRUE;
  gtk_text_buffer_set_text (buffer, annotation ? gloss_annotation_get_note (annotation) : "", -1);
  gtk_editable_set_text (GTK_EDITABLE (self->tag_entry), "");
  self->quiet = FALSE;

  update_color_buttons (self);
  rebuild_tag_chips (self);
  gtk_widget_set_visible (self->orphan_box,
                          annotation && gloss_annotation_get_status (annotation) == GLOSS_ANCHOR_ORPHANED);
}

static void
on_note_changed (GlossAnnotationEditor  *self,
                 GtkTextBuffer *buffer)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->quiet || self->annotation == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  gloss_annotation_set_note (self->annotation, text);
}

static void
on_color_toggled (GtkToggleButton *button,
                  GlossAnnotationEditor    *self)
{
  const char *color = g_object_get_data (G_OBJECT (button), "gloss-color");

  if (self->quiet || self->annotation == NULL)
    return;

  if (!gtk_toggle_button_get_active (button))
    {
      /* A colour cannot be switched off, only replaced. */
      update_color_buttons (self);
      return;
    }

  gloss_annotation_set_color (self->annotation, color);
}

static void
on_tag_entry_activate (GlossAnnotationEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->tag_entry));
  g_auto(GStrv) tags = NULL;

  if (self->annotation == NULL)
    return;

  /* "a, b" adds two tags. */
  tags = g_strsplit (text, ",", -1);
  for (guint i = 0; tags[i]; i++)
    gloss_annotation_add_tag (self->annotation, g_strstrip (tags[i]));

  gtk_editable_set_text (GTK_EDITABLE (self->tag_entry), "");
}

GlossAnnotation *
gloss_annotation_editor_get_annotation (GlossAnnotationEditor *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_EDITOR (self), NULL);

  return self->annotation;
}

void
gloss_annotation_editor_set_known_tags (GlossAnnotationEditor *self,
                                        const char * const    *tags)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_EDITOR (self));

  gtk_list_store_clear (self->completion_store);
  for (guint i = 0; tags && tags[i]; i++)
    gtk_list_store_insert_with_values (self->completion_store, NULL, -1, 0, tags[i], -1);
}

void
gloss_annotation_editor_focus_tags (GlossAnnotationEditor *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->tag_entry));
}

void
gloss_annotation_editor_focus_note (GlossAnnotationEditor *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->note_view));
}

GtkWidget *
gloss_annotation_editor_new (void)
{
  return g_object_new (GLOSS_TYPE_ANNOTATION_EDITOR, NULL);
}

static void
build_color_buttons (GlossAnnotationEditor *self)
{
  const char * const *names = gloss_color_names ();
  GtkToggleButton *group = NULL;

  for (guint i = 0; names[i] && i < G_N_ELEMENTS (self->color_buttons); i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      g_autofree char *css_class = g_strconcat ("gloss-", names[i], NULL);
      const char *label = gloss_color_get_label (names[i]);

      gtk_widget_add_css_class (button, "gloss-color-button");
      gtk_widget_add_css_class (button, css_class);
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      g_object_set_data (G_OBJECT (button), "gloss-color", (gpointer) names[i]);
      if (group)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      g_signal_connect (button, "toggled", G_CALLBACK (on_color_toggled), self);
      gtk_box_append (self->color_box, button);
      self->color_buttons[i] = GTK_TOGGLE_BUTTON (button);
    }
}

static void
gloss_annotation_editor_dispose (GObject *object)
{
  GlossAnnotationEditor *self = GLOSS_ANNOTATION_EDITOR (object);

  if (self->annotation)
    g_clear_signal_handler (&self->notify_id, self->annotation);
  g_clear_object (&self->annotation);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_ANNOTATION_EDITOR);
  g_clear_object (&self->completion_store);

  G_OBJECT_CLASS (gloss_annotation_editor_parent_class)->dispose (object);
}

static void
gloss_annotation_editor_class_init (GlossAnnotationEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_annotation_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/gloss/Gloss/gloss-annotation-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationEditor, box);
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationEditor, orphan_box);
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationEditor, color_box);
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationEditor, tag_flow);
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationEditor, tag_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationEditor, note_view);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_entry_activate);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gloss_annotation_editor_init (GlossAnnotationEditor *self)
{
  g_autoptr(GtkEntryCompletion) completion = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->completion_store = gtk_list_store_new (1, G_TYPE_STRING);
  completion = gtk_entry_completion_new ();
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->completion_store));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_inline_completion (completion, TRUE);
  gtk_entry_completion_set_popup_single_match (completion, FALSE);
  gtk_entry_set_completion (self->tag_entry, completion);

  g_signal_connect_swapped (gtk_text_view_get_buffer (self->note_view), "changed",
                            G_CALLBACK (on_note_changed), self);

  build_color_buttons (self);
}
