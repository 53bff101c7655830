/* gloss-store-status.h: what the window's banner says about the sidecar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-annotation-store.h"

G_BEGIN_DECLS

typedef enum
{
  GLOSS_STORE_STATUS_NO_ACTION,
  GLOSS_STORE_STATUS_START_FRESH,   /* win.start-fresh */
  GLOSS_STORE_STATUS_MERGE,         /* win.merge-conflicts */
} GlossStoreStatusAction;

/* One or two sentences about what is wrong with @store's sidecar, or worth
 * knowing (it lives under the data folder), and the action to offer; NULL
 * when there is nothing to say.  @save_error: the last save's failure, if
 * it has not succeeded since. */
char *gloss_store_status_describe (GlossAnnotationStore   *store,
                                   const GError           *save_error,
                                   GlossStoreStatusAction *action);

G_END_DECLS
