/* gloss-annotation-store.c: to be written */
#include "config.h"
