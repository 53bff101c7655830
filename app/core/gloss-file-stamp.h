/* gloss-file-stamp.h: which file a path holds, and in which state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

G_BEGIN_DECLS

/* A file's device and inode (a file written by renaming another over it
 * is a new one), size, modification time and change time (which no
 * program can set back, as touch -r or cp -p do the modification time).
 * Two equal stamps: the file was not written in between.  All zero:
 * unknown. */
typedef struct
{
  guint64 dev;
  guint64 ino;
  gint64  size;
  gint64  mtime_ns;
  gint64  ctime_ns;
} GlossFileStamp;

/* The stamp of @path now; FALSE (and all zero) when it is not a regular
 * file that can be read. */
gboolean gloss_file_stamp_get       (const char           *path,
                                     GlossFileStamp       *stamp);
void     gloss_file_stamp_from_stat (const GStatBuf       *st,
                                     GlossFileStamp       *stamp);
/* TRUE when both are known and the same. */
gboolean gloss_file_stamp_equal     (const GlossFileStamp *a,
                                     const GlossFileStamp *b);

G_END_DECLS
