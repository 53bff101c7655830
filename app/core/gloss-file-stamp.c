/* gloss-file-stamp.c: which file a path holds, and in which state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidecar"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "gloss-file-stamp.h"

void
gloss_file_stamp_from_stat (const GStatBuf *st,
                            GlossFileStamp *stamp)
{
  stamp->dev = st->st_dev;
  stamp->ino = st->st_ino;
  stamp->size = st->st_size;
  stamp->mtime_ns = (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
  stamp->ctime_ns = (gint64) st->st_ctim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_ctim.tv_nsec;
}

gboolean
gloss_file_stamp_get (const char     *path,
                      GlossFileStamp *stamp)
{
  GStatBuf st;

  memset (stamp, 0, sizeof *stamp);
  if (path == NULL || g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;

  gloss_file_stamp_from_stat (&st, stamp);
  return TRUE;
}

gboolean
gloss_file_stamp_equal (const GlossFileStamp *a,
                        const GlossFileStamp *b)
{
  return a->ino != 0 && a->dev == b->dev && a->ino == b->ino &&
         a->size == b->size && a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}
