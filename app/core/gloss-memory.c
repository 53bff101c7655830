/* gloss-memory.c: giving memory back after a big parse, and as it goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-memory"

#include "config.h"

#include <stdlib.h>  /* says whether the C library is glibc */
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "gloss-memory.h"

void
gloss_memory_init (void)
{
#ifdef __GLIBC__
  mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
#endif
}

void
gloss_memory_release (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}
