/* gloss-memory.h: giving memory back after a big parse
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns to the system what the C library keeps of memory already freed.
 * glibc keeps the freed memory of each thread's arena: after a worker
 * parsed a 10 MB article (gumbo's tree) or a 12 MB sidecar (json-glib's),
 * the process went on holding tens of megabytes it no longer used, and the
 * next parse, in another thread, added its own on top. */
void gloss_memory_release (void);

/* Called first thing in main(): what is allocated a megabyte or more at a
 * time (an article, its text, a sidecar's bytes) gets its own mapping,
 * given back whole when freed.  glibc's default raises that threshold
 * each time such a block is freed (up to 32 MB), and with it the amount
 * it keeps at the top of each arena: after opening a 10 MB article with
 * 10,000 annotations the process held 92 or 104 MB, depending on which
 * worker thread parsed what; now 85 to 88.  The price: each such block is
 * a fresh mapping, its pages faulted in anew (a sidecar's bytes, an
 * article's text: a few times per open). */
void gloss_memory_init    (void);

G_END_DECLS
