/* fuzz-sidecar.c: the sidecar loader, on any bytes
 *
 * Whatever the bytes, gloss_sidecar_parse() either refuses them with
 * GLOSS_ERROR_SIDECAR_INVALID or reads them; and what it read, written
 * back, is read again to the same annotations and written to the very same
 * bytes (the sidecar never writes what it cannot read back, and the same
 * data always gives the same bytes, saved a second time too).  The JSON
 * export of it is JSON.  And reading the items one by one gives what
 * parsing the whole document in one tree gives: the same error, or the
 * same bytes written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "fuzz.h"
#include "gloss-error.h"
#include "gloss-sidecar-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GlossSidecar) sidecar = NULL;
  g_autoptr(GlossSidecar) again = NULL;
  g_autoptr(GlossSidecar) whole = NULL;
  g_autoptr(GBytes) whole_bytes = NULL;
  g_autoptr(GError) whole_error = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) first_again = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *annotations;

  gloss_fuzz_set_up ();

  /* What either mints (ids the file lacks) is the same: GLib's uuids come
   * from its global random numbers. */
  g_random_set_seed (1);
  sidecar = gloss_sidecar_parse (bytes, NULL, &error);
  g_random_set_seed (1);
  whole = gloss_sidecar_parse_whole (bytes, NULL, &whole_error);
  if (sidecar == NULL)
    {
      g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID);
      g_assert_null (whole);
      g_assert_cmpstr (whole_error->message, ==, error->message);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_no_error (whole_error);

  annotations = gloss_sidecar_get_annotations (sidecar);
  first = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  /* Saved again unchanged (from what the first save printed and kept):
   * the same bytes. */
  first_again = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_assert_true (g_bytes_equal (first, first_again));

  whole_bytes = gloss_sidecar_serialize (whole, gloss_sidecar_get_annotations (whole),
                                         GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_assert_true (g_bytes_equal (first, whole_bytes));
  g_assert_cmpstrv (gloss_sidecar_get_problems (whole), gloss_sidecar_get_problems (sidecar));

  again = gloss_sidecar_parse (first, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_cmpuint (gloss_sidecar_get_annotations (again)->len, ==, annotations->len);
  g_assert_cmpuint (gloss_sidecar_get_n_unreadable (again), ==, gloss_sidecar_get_n_unreadable (sidecar));

  second = gloss_sidecar_serialize (again, gloss_sidecar_get_annotations (again),
                                    GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);
  g_assert_true (g_bytes_equal (first, second));

  exported = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_EXPORT,
                                      "file:///tmp/article.html");
  parser = json_parser_new ();
  json_parser_load_from_data (parser, g_bytes_get_data (exported, NULL),
                              g_bytes_get_size (exported), &error);
  g_assert_no_error (error);

  return 0;
}
