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

G_END_DECLS
