/* gloss-anchor.c: to be written */
#include "config.h"
