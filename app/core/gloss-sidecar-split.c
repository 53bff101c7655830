/* gloss-sidecar-split.c: where the items of a sidecar are in its text
 *
 * json-glib builds the whole tree of a document before it gives any of
 * it: for a sidecar of 10,000 annotations (12 MB) that is some 45 MB at
 * once, and json-glib's nodes come from GLib's slice allocator, which
 * keeps what it had.  So Gloss parses the items of the collection's first
 * page one by one, and the rest of the document without them; this finds
 * where each item is.
 *
 * It takes only the plain shape Gloss and other tools write.  Anything
 * else (comments and single-quoted strings, which json-glib reads, a
 * "first" or "items" given twice, escapes in the names of the members)
 * and the caller parses the whole document as before.  What it finds is
 * not checked as JSON here: the parser does that, item by item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gloss-sidecar-private.h"

typedef struct
{
  const char *data;
  const char *p;
  const char *end;
} Cursor;

/* Past JSON's white space; FALSE at the end of the text. */
static gboolean
skip_space (Cursor *c)
{
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;

  return c->p < c->end;
}

/* Past the string that starts at the cursor; @escaped is set when it
 * holds a backslash. */
static gboolean
skip_string (Cursor   *c,
             gboolean *escaped)
{
  for (c->p++; c->p < c->end; c->p++)
    {
      if (*c->p == '\\')
        {
          *escaped = TRUE;
          if (++c->p == c->end)
            return FALSE;
        }
      else if (*c->p == '"')
        {
          c->p++;
          return TRUE;
        }
    }

  return FALSE;
}

/* Past the value that starts at the cursor, whatever it is. */
static gboolean
skip_value (Cursor *c)
{
  guint depth = 0;
  gboolean escaped = FALSE;

  do
    {
      if (c->p == c->end)
        return FALSE;

      switch (*c->p)
        {
        case '"':
          if (!skip_string (c, &escaped))
            return FALSE;
          break;

        case '{':
        case '[':
          depth++;
          c->p++;
          break;

        case '}':
        case ']':
          if (depth == 0)
            return FALSE;
          depth--;
          c->p++;
          break;

        case '\'':
        case '/':
          return FALSE;

        default:
          if (depth == 0)
            {
              /* A number, true, false or null: up to what ends it. */
              const char *start = c->p;

              while (c->p < c->end && strchr (" \t\n\r,:[]{}\"'/", *c->p) == NULL)
                c->p++;
              return c->p > start;
            }
          c->p++;
          break;
        }
    }
  while (depth > 0);

  return TRUE;
}

typedef gboolean (*MemberFunc) (Cursor     *c,
                                const char *name,
                                gsize       name_len,
                                gpointer    user_data);

/* Calls @func on each member of the object at the cursor, with the cursor
 * on its value; @func goes past the value. */
static gboolean
each_member (Cursor     *c,
             MemberFunc  func,
             gpointer    user_data)
{
  c->p++;
  if (!skip_space (c))
    return FALSE;
  if (*c->p == '}')
    {
      c->p++;
      return TRUE;
    }

  for (;;)
    {
      const char *name = c->p;
      gboolean escaped = FALSE;

      if (*c->p != '"' || !skip_string (c, &escaped) || escaped)
        return FALSE;
      if (!skip_space (c) || *c->p != ':')
        return FALSE;
      c->p++;
      if (!skip_space (c))
        return FALSE;
      /* The name, from after its opening quote to the value. */
      if (!func (c, name + 1, c->p - (name + 1), user_data))
        return FALSE;

      if (!skip_space (c))
        return FALSE;
      if (*c->p == '}')
        {
          c->p++;
          return TRUE;
        }
      if (*c->p != ',')
        return FALSE;
      c->p++;
      if (!skip_space (c))
        return FALSE;
    }
}

typedef struct
{
  GlossSidecarSpan *array;
  GArray           *items;
  gboolean          found;
} Split;

static gboolean
is_name (const char *name,
         gsize       len,
         const char *wanted)
{
  gsize wanted_len = strlen (wanted);

  /* @len runs to the value: the name, its quote, and ':' with space. */
  return len > wanted_len && memcmp (name, wanted, wanted_len) == 0 && name[wanted_len] == '"';
}

static gboolean
split_array (Cursor           *c,
             GlossSidecarSpan *array,
             GArray           *items)
{
  array->start = c->p - c->data;
  c->p++;
  if (!skip_space (c))
    return FALSE;

  if (*c->p != ']')
    for (;;)
      {
        GlossSidecarSpan item;

        item.start = c->p - c->data;
        if (!skip_value (c))
          return FALSE;
        item.end = c->p - c->data;
        g_array_append_val (items, item);

        if (!skip_space (c))
          return FALSE;
        if (*c->p == ']')
          break;
        if (*c->p != ',')
          return FALSE;
        c->p++;
        if (!skip_space (c))
          return FALSE;
      }

  c->p++;
  array->end = c->p - c->data;

  return TRUE;
}

static gboolean
page_member (Cursor     *c,
             const char *name,
             gsize       name_len,
             gpointer    user_data)
{
  Split *split = user_data;

  if (!is_name (name, name_len, "items"))
    return skip_value (c);

  if (split->found || *c->p != '[')
    return FALSE;
  split->found = TRUE;

  return split_array (c, split->array, split->items);
}

static gboolean
collection_member (Cursor     *c,
                   const char *name,
                   gsize       name_len,
                   gpointer    user_data)
{
  if (!is_name (name, name_len, "first"))
    return skip_value (c);

  /* A second "first" would be the one json-glib keeps. */
  if (*c->p != '{' || ((Split *) user_data)->array->end != 0)
    return FALSE;

  return each_member (c, page_member, user_data) && ((Split *) user_data)->array->end != 0;
}

gboolean
gloss_sidecar_split_items (const char       *data,
                           gsize             len,
                           GlossSidecarSpan *array,
                           GArray           *items)
{
  Cursor c = { data, data, data + len };
  Split split = { array, items, FALSE };

  array->start = array->end = 0;
  g_array_set_size (items, 0);

  if (!skip_space (&c) || *c.p != '{' || !each_member (&c, collection_member, &split))
    return FALSE;

  /* Nothing but space after the collection. */
  return split.found && !skip_space (&c);
}
