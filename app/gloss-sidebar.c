/* gloss-sidebar.c: to be written */
#include "config.h"
