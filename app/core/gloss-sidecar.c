/* gloss-sidecar.c: to be written */
#include "config.h"
