/* gloss-annotation-row.c: to be written */
#include "config.h"
