/* gloss-selection-popover.h: the bubble over a selection, and the zoom
 * controls of the primary menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A GtkPopover with a button per highlight colour (win.highlight-color),
 * and "tag" and "note" buttons (win.tag-selection, win.note-selection).
 * It takes no focus, so keyboard selection goes on while it shows. */
GtkWidget *gloss_selection_popover_new   (void);

/* "−  100%  +" for the primary menu (win.zoom-out/-reset/-in). */
GtkWidget *gloss_zoom_controls_new       (void);
GtkLabel  *gloss_zoom_controls_get_label (GtkWidget *controls);

G_END_DECLS
