/* gloss-memory.c: giving memory back after a big parse
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
gloss_memory_release (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}
