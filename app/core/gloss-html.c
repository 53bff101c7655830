/* gloss-html.c: to be written */
#include "config.h"
