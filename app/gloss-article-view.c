/* gloss-article-view.c: to be written */
#include "config.h"
