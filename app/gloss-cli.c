/* gloss-cli.c: to be written */
#include "config.h"
