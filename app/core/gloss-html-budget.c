/* gloss-html-budget.c: will parsing this HTML end in reasonable time?
 *
 * Gumbo, like the HTML5 tree-construction algorithm it follows, scans the
 * stack of open elements for many tags (a <div> looks for an open <p>, a
 * </p> with none open walks the whole stack) and compares every new
 * attribute with the tag's earlier ones.  Ordinary pages are a few dozen
 * elements deep with a handful of attributes, but a hostile one is not:
 * 50,000 nested <div>s take 10 seconds, 6 million nested <b>s (18 MB)
 * hours, and a page of 20,000 open <div>s followed by </p>s grows with
 * every </p>.
 *
 * So before parsing, a light tokenizer estimates that work: the depth of
 * the stack at every tag, plus the square of each tag's attribute count,
 * summed.  It keeps its own stack of open element names (void elements,
 * the ones closed implicitly by their siblings, raw text and
 * self-closed foreign elements are not pushed; an end tag pops back to the
 * nearest open element of its name, and is ignored when there is none), so
 * a page cannot hide depth behind stray end tags.  The estimate is rough
 * but linear in the input, and the budget is far above any article: a page
 * nested 20,000 deep passes, and the worst page that passes takes gumbo a
 * few seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-html"

#include "config.h"

#include <string.h>

#include "gloss-html-private.h"

/* Units of work (one step of a stack scan, about 5 ns in gumbo). */
#define WORK_BUDGET G_GUINT64_CONSTANT (500000000)
#define NAME_MAX_CHARS 32

static const char * const void_elements[] = {
  "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame",
  "hr", "image", "img", "input", "keygen", "link", "meta", "param",
  "source", "track", "wbr",
};

/* Closed by a sibling or a parent's end, never nested in themselves. */
static const char * const implied_elements[] = {
  "body", "caption", "colgroup", "dd", "dt", "head", "html", "li",
  "optgroup", "option", "p", "rb", "rp", "rt", "rtc", "tbody", "td",
  "tfoot", "th", "thead", "tr",
};

/* Their content is text up to their end tag. */
static const char * const raw_text_elements[] = {
  "iframe", "noembed", "noframes", "script", "style", "textarea", "title", "xmp",
};

static gboolean
in_list (const char         *name,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (name, list[i]) == 0)
      return TRUE;

  return FALSE;
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static const char *
skip_spaces (const char *p,
             const char *end)
{
  while (p < end && is_space (*p))
    p++;

  return p;
}

/* After the first @needle (of @needle_len bytes) at or after @p, or @end. */
static const char *
skip_past (const char *p,
           const char *end,
           const char *needle,
           gsize       needle_len)
{
  while ((gsize) (end - p) >= needle_len && (p = memchr (p, needle[0], end - p)) != NULL)
    {
      if ((gsize) (end - p) < needle_len)
        break;
      if (memcmp (p, needle, needle_len) == 0)
        return p + needle_len;
      p++;
    }

  return end;
}

/* Up to the end tag </@name (ASCII case-insensitive), or @end. */
static const char *
skip_raw_text (const char *p,
               const char *end,
               const char *name)
{
  gsize n = strlen (name);

  while ((p = memchr (p, '<', end - p)) != NULL)
    {
      if ((gsize) (end - p) >= n + 2 && p[1] == '/' &&
          g_ascii_strncasecmp (p + 2, name, n) == 0)
        return p;
      p++;
    }

  return end;
}

typedef struct
{
  GArray     *stack;    /* guint: hash of the open element's name */
  GHashTable *open;     /* hash → how many of that name are open */
  guint       svg_hash;
  guint       math_hash;
  guint       foreign;  /* open <svg> and <math> */
} Budget;

static void
push (Budget *budget,
      guint   hash)
{
  gpointer count = g_hash_table_lookup (budget->open, GUINT_TO_POINTER (hash));

  g_array_append_val (budget->stack, hash);
  g_hash_table_insert (budget->open, GUINT_TO_POINTER (hash),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
  if (hash == budget->svg_hash || hash == budget->math_hash)
    budget->foreign++;
}

/* Pops back to the nearest open element of @hash, if there is one. */
static void
pop_to (Budget *budget,
        guint   hash)
{
  if (!g_hash_table_contains (budget->open, GUINT_TO_POINTER (hash)))
    return;

  while (budget->stack->len > 0)
    {
      guint top = g_array_index (budget->stack, guint, budget->stack->len - 1);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (budget->open, GUINT_TO_POINTER (top)));

      g_array_set_size (budget->stack, budget->stack->len - 1);
      if (count <= 1)
        g_hash_table_remove (budget->open, GUINT_TO_POINTER (top));
      else
        g_hash_table_insert (budget->open, GUINT_TO_POINTER (top), GUINT_TO_POINTER (count - 1));
      if ((top == budget->svg_hash || top == budget->math_hash) && budget->foreign > 0)
        budget->foreign--;

      if (top == hash)
        break;
    }
}

gboolean
gloss_html_within_budget (const char *html,
                          gsize       len)
{
  const char *p = html;
  const char *end = html + len;
  guint64 work = 0;
  Budget budget;
  gboolean ok = TRUE;

  g_return_val_if_fail (html != NULL || len == 0, FALSE);

  budget.stack = g_array_new (FALSE, FALSE, sizeof (guint));
  budget.open = g_hash_table_new (g_direct_hash, g_direct_equal);
  budget.svg_hash = g_str_hash ("svg");
  budget.math_hash = g_str_hash ("math");
  budget.foreign = 0;

  while (p < end && (p = memchr (p, '<', end - p)) != NULL)
    {
      char name[NAME_MAX_CHARS + 1];
      gsize name_len = 0;
      guint hash, n_attributes = 0;
      gboolean closing, self_closing = FALSE;

      p++;
      if (p < end && *p == '!')
        {
          p = (end - p >= 3 && memcmp (p, "!--", 3) == 0) ? skip_past (p + 3, end, "-->", 3)
                                                          : skip_past (p, end, ">", 1);
          continue;
        }
      if (p < end && *p == '?')
        {
          p = skip_past (p, end, ">", 1);
          continue;
        }

      closing = p < end && *p == '/';
      if (closing)
        p++;
      if (p >= end || !g_ascii_isalpha (*p))
        continue;

      /* The name, lower-cased (long ones cut: they are no known element). */
      for (; p < end && !is_space (*p) && *p != '/' && *p != '>'; p++)
        if (name_len < NAME_MAX_CHARS)
          name[name_len++] = g_ascii_tolower (*p);
      name[name_len] = '\0';
      hash = g_str_hash (name);

      /* The attributes, to the end of the tag. */
      for (;;)
        {
          p = skip_spaces (p, end);
          if (p >= end)
            break;
          if (*p == '>')
            {
              p++;
              break;
            }
          if (*p == '/')
            {
              p++;
              if (p < end && *p == '>')
                {
                  self_closing = TRUE;
                  p++;
                  break;
                }
              continue;
            }

          n_attributes++;
          while (p < end && !is_space (*p) && *p != '/' && *p != '>' && *p != '=')
            p++;
          p = skip_spaces (p, end);
          if (p < end && *p == '=')
            {
              p = skip_spaces (p + 1, end);
              if (p < end && (*p == '"' || *p == '\''))
                {
                  const char *close = memchr (p + 1, *p, end - p - 1);

                  p = close != NULL ? close + 1 : end;
                }
              else
                while (p < end && !is_space (*p) && *p != '>')
                  p++;
            }
        }

      work += budget.stack->len + (guint64) n_attributes * n_attributes;
      if (work > WORK_BUDGET)
        {
          ok = FALSE;
          break;
        }

      if (closing)
        {
          pop_to (&budget, hash);
          continue;
        }

      if (strcmp (name, "plaintext") == 0)
        break;
      if (in_list (name, raw_text_elements, G_N_ELEMENTS (raw_text_elements)))
        {
          p = skip_raw_text (p, end, name);
          continue;
        }
      if (in_list (name, void_elements, G_N_ELEMENTS (void_elements)) ||
          in_list (name, implied_elements, G_N_ELEMENTS (implied_elements)) ||
          (self_closing && budget.foreign > 0))
        continue;

      push (&budget, hash);
    }

  g_array_unref (budget.stack);
  g_hash_table_unref (budget.open);

  return ok;
}
