/* gloss-error.h: the project's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GLOSS_ERROR (gloss_error_quark ())

typedef enum
{
  GLOSS_ERROR_FAILED,
  GLOSS_ERROR_NOT_FOUND,          /* the article does not exist */
  GLOSS_ERROR_NOT_REGULAR,        /* a folder or a device, not a file */
  GLOSS_ERROR_EMPTY,              /* the article has no text */
  GLOSS_ERROR_BINARY,             /* NUL bytes or other binary data */
  GLOSS_ERROR_ENCODING,           /* not valid UTF-8 (after charset conversion) */
  GLOSS_ERROR_TOO_LARGE,          /* larger than Gloss will read */
  GLOSS_ERROR_SIDECAR_INVALID,    /* the sidecar cannot be read; never overwrite it */
  GLOSS_ERROR_USAGE,              /* a bad command line */
  GLOSS_ERROR_OUT_OF_RANGE,       /* offsets outside the article text */
  GLOSS_ERROR_TOO_COMPLEX,        /* markup that would take too long to parse */
} GlossError;

GQuark gloss_error_quark (void);

G_END_DECLS
