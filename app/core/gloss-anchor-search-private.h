/* gloss-anchor-search-private.h: the search that gloss_anchor() runs,
 * shared by the files that hold its steps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-anchor-private.h"

G_BEGIN_DECLS

#define CONTEXT_MAX GLOSS_SELECTOR_CONTEXT
#define MAX_FUZZY_CHARS 4096

typedef struct
{
  guint       m;
  guint       n_blocks;
  guint64    *ascii;      /* 128 × n_blocks match masks */
  GHashTable *other;      /* gunichar → guint64[n_blocks] */
  guint64     last_bit;   /* row m - 1 in the last block */
  guint64    *pv;         /* scratch */
  guint64    *mv;
} Pattern;

/* The article, as the search sees it */

typedef struct
{
  GlossText  *text;
  const char *utf8;
  gsize       n_bytes;
  gsize       n_chars;
} Haystack;

/* Context */

typedef enum
{
  SIDE_NONE,              /* the context here differs */
  SIDE_WEAK,              /* a block boundary here as before, or a few equal characters */
  SIDE_STRONG,            /* the old context, maybe with small edits */
} SideKind;

typedef struct
{
  SideKind kind;
  double   similarity;    /* 0 … 1 */
  gboolean boundary;      /* WEAK for a block boundary, as before */
} Side;

/* The search */

typedef struct
{
  gsize   start;          /* code points */
  gsize   end;
  gsize   bstart;         /* bytes */
  gsize   bend;
  guint   distance;       /* edits against the quote */
  Side    prefix;
  Side    suffix;
  double  score;
  gboolean accepted;
} Candidate;

typedef struct
{
  Haystack        h;
  const char     *exact;
  gsize           exact_len;
  gunichar       *quote;
  gsize           m;
  gunichar        prefix[CONTEXT_MAX];   /* outward: nearest first */
  guint           n_prefix;
  gboolean        prefix_at_edge;
  gunichar        suffix[CONTEXT_MAX];
  guint           n_suffix;
  gboolean        suffix_at_edge;
  gunichar        raw_prefix[CONTEXT_MAX];     /* outward, spaces as they are */
  guint           n_raw_prefix;
  gunichar        raw_suffix[CONTEXT_MAX];
  guint           n_raw_suffix;
  guint           head;         /* characters before its first paragraph break */
  guint           tail;         /* and after its last */
  gboolean        has_old_start;
  gsize           old_start;
  gsize           old_byte;

  Candidate       best;
  gboolean        have_best;
} Search;

typedef struct
{
  gsize lo;               /* code points */
  gsize hi;
} Window;

typedef enum
{
  KEY_PREFIX,             /* the quote starts right after the key */
  KEY_HEAD,               /* the quote starts with the key */
  KEY_SUFFIX,             /* the quote ends right before the key */
  KEY_TAIL,               /* the quote ends with the key */
} KeyKind;

/* gloss-anchor-myers.c */
gboolean    gloss_anchor_is_space        (gunichar        c);
void        gloss_anchor_pattern_init    (Pattern        *p,
                                          const gunichar *chars,
                                          guint           m,
                                          gboolean        reversed);
void        gloss_anchor_pattern_clear   (Pattern        *p);
void        gloss_anchor_myers_scores    (Pattern        *p,
                                          const gunichar *text,
                                          gsize           n,
                                          gboolean        anchored,
                                          guint          *scores);

/* gloss-anchor-context.c */
void        gloss_anchor_count_breaks    (const char     *utf8,
                                          gsize           len,
                                          guint          *head,
                                          guint          *tail);
gunichar   *gloss_anchor_decode_range    (const Haystack *h,
                                          gsize           bstart,
                                          gsize           bend,
                                          gsize          *n_out);
guint       gloss_anchor_read_outward    (const Haystack *h,
                                          gsize           at,
                                          gboolean        backwards,
                                          gunichar       *out,
                                          guint           max);
guint       gloss_anchor_collapse_spaces (gunichar       *chars,
                                          guint           n);
guint       gloss_anchor_block_length    (const gunichar *chars,
                                          guint           n);
guint       gloss_anchor_count_non_space (const gunichar *chars,
                                          guint           n);
gboolean    gloss_anchor_is_word_char    (gunichar        c);
gboolean    gloss_anchor_edge_like       (gunichar        last,
                                          gunichar        next,
                                          gunichar        old_last,
                                          gunichar        old_next);
void        gloss_anchor_consider        (Search         *s,
                                          gsize           bstart,
                                          gsize           bend,
                                          guint           distance,
                                          gboolean        big_edits);
GHashTable *gloss_anchor_count_words     (const gunichar *chars,
                                          gsize           n,
                                          guint          *total);
double      gloss_anchor_word_similarity (const gunichar *a,
                                          gsize           na,
                                          const gunichar *b,
                                          gsize           nb);

/* gloss-anchor-exact.c */
gboolean    gloss_anchor_search_exact    (Search         *s,
                                          gsize           lo,
                                          gsize           hi);

/* gloss-anchor-fuzzy.c */
gint        gloss_anchor_compare_windows (gconstpointer   a,
                                          gconstpointer   b);
void        gloss_anchor_search_fuzzy    (Search         *s,
                                          gsize           lo,
                                          gsize           hi);

/* gloss-anchor-near.c */
void        gloss_anchor_search_near_key (Search         *s,
                                          KeyKind         kind);
void        gloss_anchor_search_wide     (Search         *s);

G_END_DECLS
