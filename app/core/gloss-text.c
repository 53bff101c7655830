/* gloss-text.c: to be written */
#include "config.h"
