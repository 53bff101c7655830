/* fuzz-sidecar.c: the sidecar loader, on any bytes
 *
 * Whatever the bytes, gloss_sidecar_parse() either refuses them with
 * GLOSS_ERROR_SIDECAR_INVALID or reads them; and what it read, written
 * back, is read again to the same annotations and written to the very same
 * bytes (the sidecar never writes what it cannot read back, and the same
 * data always gives the same bytes).  The JSON export of it is JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "fuzz.h"
#include "gloss-error.h"
#include "gloss-sidecar.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GlossSidecar) sidecar = NULL;
  g_autoptr(GlossSidecar) again = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *annotations;

  gloss_fuzz_set_up ();

  sidecar = gloss_sidecar_parse (bytes, NULL, &error);
  if (sidecar == NULL)
    {
      g_assert_error (error, GLOSS_ERROR, GLOSS_ERROR_SIDECAR_INVALID);
      return 0;
    }
  g_assert_no_error (error);

  annotations = gloss_sidecar_get_annotations (sidecar);
  first = gloss_sidecar_serialize (sidecar, annotations, GLOSS_SIDECAR_SERIALIZE_DEFAULT, NULL);

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
