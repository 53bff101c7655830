/* fuzz.h: what every fuzz target shares
 *
 * Each fuzz-NAME.c defines LLVMFuzzerTestOneInput(), the libFuzzer entry
 * point.  Built with -Dfuzzing=true (clang), libFuzzer drives it; in a
 * normal build fuzz-replay.c drives it over the corpus in
 * tests/fuzz/corpus/NAME/, so every seed and every input that once
 * crashed stays a regression test.
 *
 * A target fails by aborting: GLib criticals are made fatal, and the
 * checks are g_assert*() (never compiled out here).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

int  LLVMFuzzerTestOneInput (const uint8_t *data,
                             size_t         size);

/* Once per process: criticals abort, nothing is logged but errors. */
void gloss_fuzz_set_up      (void);

G_END_DECLS
