/* gloss-export-dialog.h: Ctrl+E, the annotations into a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gloss-annotation-store.h"

G_BEGIN_DECLS

/* Asks where to export the annotations of @store (native file chooser,
 * Markdown, W3C JSON or CSV by the name's extension or the chosen filter),
 * writes them, and tells how it went in a toast of @toasts. */
void gloss_export_dialog_show (GtkWindow            *parent,
                               GlossAnnotationStore *store,
                               AdwToastOverlay      *toasts);

G_END_DECLS
