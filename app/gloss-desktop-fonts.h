/* gloss-desktop-fonts.h: GNOME's document and monospace fonts for the page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* GNOME's interface settings (shared; "changed::document-font-name" and
 * "changed::monospace-font-name" say when they change), or NULL where
 * they are not installed. */
GSettings  *gloss_desktop_fonts_get_settings (void);

/* A style sheet setting the page in those fonts, over the families
 * ui/gloss-page.css names; NULL without them.  Made once, and again after
 * they change. */
const char *gloss_desktop_fonts_css         (void);

G_END_DECLS
