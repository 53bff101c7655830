/* gloss-annotation.c: to be written */
#include "config.h"
