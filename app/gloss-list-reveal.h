/* gloss-list-reveal.h: a long list shown to a GtkListView a few rows a frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _GlossListReveal GlossListReveal;

/* Shows @model (taken) through get_model(), in the frames of @widget; End
 * pressed in @widget while it lists lists all at once. */
GlossListReveal *gloss_list_reveal_new          (GListModel      *model,
                                                 GtkWidget       *widget);
void             gloss_list_reveal_free         (GlossListReveal *self);
/* The items shown so far: the model to give the list view. */
GListModel      *gloss_list_reveal_get_model    (GlossListReveal *self);
/* How many items are shown so far. */
guint            gloss_list_reveal_get_n_shown  (GlossListReveal *self);
/* None, until start() (before the model is filled anew). */
void             gloss_list_reveal_hide         (GlossListReveal *self);
/* A screenful at once, more in each frame after, then the rest. */
void             gloss_list_reveal_start        (GlossListReveal *self);
/* Every item, now (and later ones as they come). */
void             gloss_list_reveal_all          (GlossListReveal *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossListReveal, gloss_list_reveal_free)

G_END_DECLS
