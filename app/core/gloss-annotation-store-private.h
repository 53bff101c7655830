/* gloss-annotation-store-private.h: what export needs of a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-annotation-store.h"
#include "gloss-sidecar.h"

G_BEGIN_DECLS

/* The collection as read (ids, unknown members); never NULL. */
GlossSidecar *gloss_annotation_store_get_sidecar (GlossAnnotationStore *self);

G_END_DECLS
