/*
 * Routing table engine: private structures shared by the engine files
 *
 * Copyright 2026 the rtm.dll authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * This library is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 * Lesser General Public License for more details.
 *
 * You should have received a copy of the GNU Lesser General Public
 * License along with this library; if not, write to the Free Software
 * Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA
 */

/*
 * DOC: engine internals
 *
 * A dest is allocated as a struct eng_dest_int whose last member is the
 * public struct eng_dest (dest_int() converts), which itself ends with the
 * prefix: a dest has room for its family's address bytes only (72 bytes on
 * 64-bit for IPv4 and IPX, 88 for IPv6, from the table's dest slab).  The
 * private part links the dest into the radix tree (node) and the dest slot
 * array (index, used by lpm4 entries), counts what keeps its memory alive
 * (engine_refs, see engine.c), and has room for the first route pointer so
 * that a dest with one route needs no route array; that room links the
 * table's deferred-free list once the dest is unlinked.  The hash holds
 * dests by pointer and needs nothing in them.
 *
 * Each structure lives in its own file and knows nothing of routes:
 *   dhash.c   exact match by prefix
 *   radix.c   prefix order, longest match, less-specific
 *   lpm4.c    IPv4 longest match over dests that have a unicast best route
 *   aging.c   min-heap of routes by expiry
 * engine.c ties them together and is the only file that changes routes.
 */

#ifndef __RTM_ENG_INT_H
#define __RTM_ENG_INT_H

#include <string.h>

#include "engine.h"
#include "slab.h"

#define ENG_DEST_INLINE_ROUTES  1
#define ENG_NO_HEAP_INDEX       UINT32_MAX

/* Route payloads and interned values are a few words: copied and compared a
 * word at a time (with a constant-size memcpy, which compiles to a load or a
 * store) and any tail byte by byte, for the reason eng_addr_copy gives. */
static inline void small_copy(void *dst, const void *src, size_t size)
{
    const char *from = src;
    char *to = dst;
    uint64_t word;
    size_t i;

    for (i = 0; i + sizeof(word) <= size; i += sizeof(word))
    {
        memcpy(&word, from + i, sizeof(word));
        memcpy(to + i, &word, sizeof(word));
    }
    for (; i < size; i++) to[i] = from[i];
}

static inline int small_equal(const void *a, const void *b, size_t size)
{
    const char *x = a, *y = b;
    uint64_t wx, wy;
    size_t i;

    for (i = 0; i + sizeof(wx) <= size; i += sizeof(wx))
    {
        memcpy(&wx, x + i, sizeof(wx));
        memcpy(&wy, y + i, sizeof(wy));
        if (wx != wy) return 0;
    }
    for (; i < size; i++) if (x[i] != y[i]) return 0;
    return 1;
}

struct eng_rnode;

struct eng_dest_int
{
    struct eng_rnode    *node;
    uint32_t             index;         /* slot in the table's dest array */
    uint32_t             engine_refs;
    /* A dest is unlinked only once it has no route left, and never gets one
     * again, so the room for its first route then links the deferred-free
     * list: 8 bytes less in every dest. */
    union
    {
        struct eng_route    *routes[ENG_DEST_INLINE_ROUTES];
        struct eng_dest_int *free_next;
    } first;
    struct eng_dest      pub;           /* last, for its prefix: see dest_size */
};

static inline struct eng_dest_int *dest_int(const struct eng_dest *dest)
{
    return (struct eng_dest_int *)((char *)dest - offsetof(struct eng_dest_int, pub));
}

/* the allocation size of a dest of addr_bytes-byte addresses */
static inline size_t dest_size(unsigned int addr_bytes)
{
    return offsetof(struct eng_dest_int, pub.prefix.bytes) + addr_bytes;
}

/* the ENG_VIEW_* bits in which dest has a best route */
static inline uint8_t dest_best_views(const struct eng_dest *dest)
{
    return (dest->best[0] ? ENG_VIEW_UCAST : 0) | (dest->best[1] ? ENG_VIEW_MCAST : 0);
}

static inline unsigned int prefix_bit(const uint8_t *bytes, unsigned int bit)
{
    return (bytes[bit >> 3] >> (7 - (bit & 7))) & 1;
}

/* the first `bytes` bytes (a multiple of 4, at least the bytes that hold
 * len bits) of src's address with the bits past len cleared, by words
 * (eng_addr_copy says why) */
static inline void prefix_copy_bits(uint8_t *dst, const uint8_t *src, unsigned int len, unsigned int bytes)
{
    unsigned int i, bits;
    uint32_t word;

    for (i = 0; i < bytes / 4; i++)
    {
        bits = len > 32 * i ? len - 32 * i : 0;
        word = bits >= 32 ? eng_addr_word(src, i) : bits ? eng_addr_word(src, i) & ~(~0u >> bits) : 0;
        dst[4 * i] = word >> 24;
        dst[4 * i + 1] = word >> 16;
        dst[4 * i + 2] = word >> 8;
        dst[4 * i + 3] = word;
    }
}

/* radix.c */
struct eng_rnode
{
    struct eng_rnode    *child[2];
    struct eng_rnode    *parent;
    struct eng_dest_int *dest;          /* NULL for a glue node */
    /* dest_best_views(dest), 0 for glue: climbs and descents that look for a
     * dest with a best route then read no dest (one cache miss less per
     * level).  The engine updates it wherever a dest's best routes change. */
    uint8_t              best_views;
    /* last: a node is allocated with the family's address bytes only
     * (radix_node_size), 40 bytes instead of 56 for IPv4, so only key.len
     * and the bytes within the family's address may be read or written */
    struct eng_prefix    key;
};

/* the allocation size of a node of a tree of max_len-bit keys */
static inline size_t radix_node_size(unsigned int max_len)
{
    return offsetof(struct eng_rnode, key.bytes) + (max_len + 7) / 8;
}

#define RADIX_QUEUE 32          /* dests placed in the tree together, see radix.c */

struct radix_queued
{
    struct eng_prefix    key;           /* a copy of dest's prefix: scans read no dest */
    struct eng_dest_int *dest;
};

struct eng_radix
{
    struct eng_rnode   *root;
    struct eng_slab    *nodes;
    /* taken by radix_reserve: two for every queued dest and the next one */
    struct eng_rnode   *spare[2 * (RADIX_QUEUE + 1)];
    unsigned int        nspare;
    struct eng_rnode  **jump;           /* insertion hints by the first 16 bits, see radix.c */
    unsigned int        max_len;
    struct radix_queued queue[RADIX_QUEUE];    /* not in the tree yet, in prefix order */
    unsigned int        nqueued;
};

void radix_init(struct eng_radix *radix, unsigned int max_len, struct eng_slab *nodes);
void radix_destroy(struct eng_radix *radix);
int radix_reserve(struct eng_radix *radix);
/* queues dest, which is placed in the tree by a later flush */
void radix_add(struct eng_radix *radix, struct eng_dest_int *dest);
/* places the queued dests: the tree alone is then the whole order */
void radix_flush(struct eng_radix *radix);
int radix_queued(const struct eng_radix *radix, const struct eng_dest_int *dest);
void radix_remove(struct eng_radix *radix, struct eng_dest_int *dest);
struct eng_dest_int *radix_first(const struct eng_radix *radix);
struct eng_dest_int *radix_next(const struct eng_radix *radix, const struct eng_prefix *prefix);
/* A walk in prefix order that prefetches the subtrees it will visit: the
 * subtrees still to visit are on a stack, and each is fetched when it is
 * pushed, long before it is popped.  A glue subtree near the top is also
 * replaced by its two halves ahead of its turn, so that the pop below it
 * finds its node fetched.  It walks the tree alone: flush the queue first.
 * Valid while the tree is changed only by removing dests the walk already
 * returned (which may free their nodes and glue parents, never a subtree on
 * the stack); start again after the lock was released. */
#define RADIX_ITER_PATH  (ENG_MAX_ADDR_BYTES * 8 + 2)  /* what a plain pre-order walk may stack */
#define RADIX_ITER_AHEAD 8      /* glue is split ahead within this many items of the top */
struct radix_iter
{
    const struct eng_rnode *stack[2 * RADIX_ITER_PATH + RADIX_ITER_AHEAD];
    unsigned int            depth;
};
/* the first dest after prefix (NULL: the first of all), or NULL */
struct eng_dest_int *radix_iter_start(const struct eng_radix *radix, struct radix_iter *iter,
        const struct eng_prefix *after);
struct eng_dest_int *radix_iter_next(struct radix_iter *iter);
struct eng_dest_int *radix_lookup(const struct eng_radix *radix, const uint8_t *addr,
        unsigned int max_len, uint32_t views);
/* the closest dest with a shorter prefix that covers dest and has a best route in views */
struct eng_dest_int *radix_cover(const struct eng_radix *radix, const struct eng_dest_int *dest, uint32_t views);
const char *radix_check(const struct eng_radix *radix, size_t *count);
/* for an empty tree whose node slab is about to be rewound: drops the spare
 * nodes and the jump hints, which point into that memory */
void radix_forget_nodes(struct eng_radix *radix);

/* dhash.c: see the DOC comment there */
#define DHASH_SLOTS ((64 - 4) / (4 + sizeof(void *)))  /* dests per bucket, one line each */

struct dhash_bucket;

struct eng_dhash
{
    struct dhash_bucket *buckets;
    struct dhash_bucket *old;           /* being migrated into buckets, or NULL */
    unsigned int         bits, old_bits;
    size_t               migrated;      /* old homes below this index are in buckets */
    size_t               count;
    unsigned int         key_bytes;
};

int dhash_init(struct eng_dhash *hash, unsigned int key_bytes);
void dhash_destroy(struct eng_dhash *hash);
/* makes sure that the next dhash_insert has room: -1 when the table is full
 * and cannot grow */
int dhash_reserve(struct eng_dhash *hash);
/* The hash of a canonical prefix, which every call below takes with the
 * prefix (or the dest): an add or a removal hashes its prefix once for its
 * prefetch and its lookups. */
uint32_t dhash_tag(const struct eng_dhash *hash, const struct eng_prefix *prefix);
/* starts fetching the bucket where the prefix with this tag is or would go */
void dhash_prefetch(const struct eng_dhash *hash, uint32_t tag);
struct eng_dest_int *dhash_find(const struct eng_dhash *hash, const struct eng_prefix *prefix, uint32_t tag);
void dhash_insert(struct eng_dhash *hash, struct eng_dest_int *dest, uint32_t tag);
void dhash_remove(struct eng_dhash *hash, struct eng_dest_int *dest, uint32_t tag);
const char *dhash_check(const struct eng_dhash *hash);

/* lpm4.c: see the DOC comment there for the entry layout */
#define LPM4_EXT        0x80000000u
#define LPM4_DEPTH_SHIFT 25
#define LPM4_INDEX_MASK 0x01ffffffu
#define LPM4_MAX_INDEX  LPM4_INDEX_MASK

#define LPM4_CHUNK_GROUPS 16

struct eng_lpm4
{
    uint32_t  *tbl24;
    uint32_t **tbl8;                    /* chunks of LPM4_CHUNK_GROUPS groups */
    uint32_t   dir_size;                /* room in tbl8 for this many chunks */
    uint32_t **retired[24];             /* outgrown tbl8 directories (at most 21: 2^21 chunks) */
    unsigned int nretired;
    uint32_t  ngroups;                  /* allocated tbl8 groups */
    uint32_t  free_group;               /* head of the free group list */
    uint32_t  nfree;
};

static inline uint32_t lpm4_entry(unsigned int len, uint32_t index)
{
    return ((uint32_t)(len + 1) << LPM4_DEPTH_SHIFT) | index;
}

/* Returns the entry for addr, 0 when no prefix covers it: the tbl24 entry
 * and, for the few /24s that hold longer prefixes, one entry of a 256-entry
 * tbl8 group, found through the chunk directory (a few KiB, which stays
 * cached). */
static inline uint32_t lpm4_lookup(const struct eng_lpm4 *lpm, uint32_t addr)
{
    const uint32_t *tbl24 = __atomic_load_n(&lpm->tbl24, __ATOMIC_ACQUIRE), *chunk;
    uint32_t *const *dir;
    uint32_t entry, group;

    if (!tbl24) return 0;
    entry = __atomic_load_n(&tbl24[addr >> 8], __ATOMIC_ACQUIRE);
    if (!(entry & LPM4_EXT)) return entry;
    group = entry & LPM4_INDEX_MASK;
    dir = __atomic_load_n(&lpm->tbl8, __ATOMIC_ACQUIRE);
    chunk = __atomic_load_n(&dir[group / LPM4_CHUNK_GROUPS], __ATOMIC_ACQUIRE);
    return __atomic_load_n(&chunk[(group % LPM4_CHUNK_GROUPS) << 8 | (addr & 0xff)], __ATOMIC_ACQUIRE);
}

void lpm4_init(struct eng_lpm4 *lpm);
void lpm4_destroy(struct eng_lpm4 *lpm);
int lpm4_reserve(struct eng_lpm4 *lpm, unsigned int len);
void lpm4_add(struct eng_lpm4 *lpm, uint32_t addr, unsigned int len, uint32_t index);
void lpm4_delete(struct eng_lpm4 *lpm, uint32_t addr, unsigned int len, uint32_t index,
        uint32_t replacement);
const char *lpm4_check(const struct eng_lpm4 *lpm);

/* aging.c */
struct eng_heap
{
    struct eng_route **routes;
    uint32_t          *expire;          /* the key of routes[i] */
    uint32_t           count, capacity;
};

void heap_init(struct eng_heap *heap);
void heap_destroy(struct eng_heap *heap);
int heap_reserve(struct eng_heap *heap);
void heap_insert(struct eng_heap *heap, struct eng_route *route, uint32_t expire);
void heap_remove(struct eng_heap *heap, struct eng_route *route);
/* re-keys a route that is in the heap */
void heap_update(struct eng_heap *heap, struct eng_route *route, uint32_t expire);
static inline struct eng_route *heap_top(const struct eng_heap *heap)
{
    return heap->count ? heap->routes[0] : NULL;
}
/* the expiry of the top route, ENG_NEVER for an empty heap */
static inline uint32_t heap_top_expiry(const struct eng_heap *heap)
{
    return heap->count ? heap->expire[0] : ENG_NEVER;
}
/* the expiry of any route of the heap's table, ENG_NEVER when it does not age */
static inline uint32_t heap_expiry(const struct eng_heap *heap, const struct eng_route *route)
{
    return route->heap_index == ENG_NO_HEAP_INDEX ? ENG_NEVER : heap->expire[route->heap_index];
}
const char *heap_check(const struct eng_heap *heap);

#endif /* __RTM_ENG_INT_H */
