/* gloss-selection-popover.c: the bubble over a selection, and the zoom
 * controls of the primary menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-selection-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-color.h"
#include "gloss-selection-popover.h"

GtkWidget *
gloss_selection_popover_new (void)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  const char * const *colors = gloss_color_names ();
  GtkWidget *button;

  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), TRUE);
  gtk_popover_set_position (GTK_POPOVER (popover), GTK_POS_TOP);
  gtk_widget_add_css_class (popover, "gloss-selection-popover");

  for (guint i = 0; colors[i]; i++)
    {
      g_autofree char *css_class = g_strconcat ("gloss-", colors[i], NULL);
      g_autofree char *tooltip = g_strdup_printf (_("Highlight in %s"),
                                                  gloss_color_get_label (colors[i]));

      button = gtk_button_new ();
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.highlight-color");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", colors[i]);
      gtk_widget_add_css_class (button, "gloss-color-button");
      gtk_widget_add_css_class (button, css_class);
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      tooltip, -1);
      gtk_box_append (GTK_BOX (box), button);
    }

  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));

  button = gtk_button_new_from_icon_name ("gloss-tag-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.tag-selection");
  gtk_widget_set_tooltip_text (button, _("Highlight and Add Tags"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Highlight and Add Tags"), -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_box_append (GTK_BOX (box), button);

  button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.note-selection");
  gtk_widget_set_tooltip_text (button, _("Highlight and Add a Note"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Highlight and Add a Note"), -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_box_append (GTK_BOX (box), button);

  gtk_popover_set_child (GTK_POPOVER (popover), box);

  return popover;
}

GtkWidget *
gloss_zoom_controls_new (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *out = gtk_button_new_from_icon_name ("zoom-out-symbolic");
  GtkWidget *reset = gtk_button_new ();
  GtkWidget *in = gtk_button_new_from_icon_name ("zoom-in-symbolic");
  GtkWidget *label;

  gtk_widget_add_css_class (box, "gloss-zoom");
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_box_set_homogeneous (GTK_BOX (box), FALSE);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (out), "win.zoom-out");
  gtk_widget_set_tooltip_text (out, _("Zoom Out (Ctrl+−)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (out), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Zoom Out"), -1);
  gtk_widget_add_css_class (out, "flat");
  gtk_widget_add_css_class (out, "circular");

  label = gtk_label_new ("100%");
  gtk_label_set_width_chars (GTK_LABEL (label), 5);
  gtk_button_set_child (GTK_BUTTON (reset), label);
  g_object_set_data (G_OBJECT (box), "gloss-zoom-label", label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (reset), "win.zoom-reset");
  gtk_widget_set_tooltip_text (reset, _("Reset Zoom (Ctrl+0)"));
  gtk_widget_add_css_class (reset, "flat");

  gtk_actionable_set_action_name (GTK_ACTIONABLE (in), "win.zoom-in");
  gtk_widget_set_tooltip_text (in, _("Zoom In (Ctrl++)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (in), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Zoom In"), -1);
  gtk_widget_add_css_class (in, "flat");
  gtk_widget_add_css_class (in, "circular");

  gtk_box_append (GTK_BOX (box), out);
  gtk_box_append (GTK_BOX (box), reset);
  gtk_box_append (GTK_BOX (box), in);

  return box;
}

GtkLabel *
gloss_zoom_controls_get_label (GtkWidget *controls)
{
  return g_object_get_data (G_OBJECT (controls), "gloss-zoom-label");
}
