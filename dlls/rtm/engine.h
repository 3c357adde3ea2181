/*
 * Routing table engine: the one place where routes live.
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
 * DOC: the engine
 *
 * The engine is RTMv2-shaped and knows nothing of Win32: it builds natively
 * (tests/native, ASan, the fuzzer, the bench baseline) and inside the DLL.
 * The RTM v1 layer (rtmv1.c) and the RTMv2 layer (rtmv2*.c) translate their
 * structures into engine calls and keep no route store of their own.
 *
 *   table        one per address family (IPv4, IPv6, IPX).  RTM v1 IP and
 *                RTMv2 IPv4 share the IPv4 table.
 *   owner        a registered client (v1) or entity (v2).
 *   dest         a destination network: prefix (address + length).  Found by
 *                exact match through a hash, in address order through a radix
 *                tree, and by longest-prefix match through lpm4 (IPv4,
 *                DIR-24-8 style) or the radix tree (other families).
 *   route        one route to a dest, owned by an owner; the layer's own data
 *                (the v1 route structure, the v2 route info) follows it as an
 *                opaque payload of table->payload_size bytes.
 *
 * Best route: per view (unicast, multicast), the route with the lowest
 * (preference, metric); on a tie the route that was best stays best, else the
 * older route wins, so equal updates never make the best route flap.
 *
 * Locking: each table has one reader/writer lock.  Functions named *_locked
 * must be called with it held (read lock for lookups and walks, write lock for
 * anything that changes the table).  The layers take it through
 * eng_table_{read,write}_{lock,unlock}.  Routes and dests unlinked under the
 * write lock are not freed until eng_table_write_unlock(), so a layer can still
 * read the old best route after deleting it (except those that
 * eng_owner_remove_routes_locked removes, which its caller never sees: they
 * go at once); objects that carry references (refs > 0) are freed when the
 * last reference is dropped instead.
 * Lock order: the layers' per-object locks -> engine table lock -> layer
 * locks -> notification queue locks (rtm_private.h); the handle table lock
 * is a leaf.  Observers and layer hooks run under the table write lock and
 * must only take locks that come later in that order.
 *
 * Clock: the engine never reads a clock; the layer passes the current time in
 * seconds (monotonic) for aging and a 64-bit FILETIME for timestamps, so the
 * native tests can drive time by hand.
 */

#ifndef __RTM_ENGINE_H
#define __RTM_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ENG_MAX_ADDR_BYTES  16
#define ENG_NUM_VIEWS       2     /* unicast, multicast */
#define ENG_VIEW_UCAST      0x1
#define ENG_VIEW_MCAST      0x2
#define ENG_VIEW_ALL        (ENG_VIEW_UCAST | ENG_VIEW_MCAST)
#define ENG_NEVER           0     /* expiry value of a route that does not age */

/* engine error codes; the layers map them onto Win32 codes */
enum eng_status
{
    ENG_OK = 0,
    ENG_ENOMEM,       /* allocation failed; the table is unchanged */
    ENG_ENOTFOUND,
    ENG_EINVAL,
};

enum eng_family
{
    ENG_FAMILY_IPV4,  /* 32-bit keys */
    ENG_FAMILY_IPV6,  /* 128-bit keys */
    ENG_FAMILY_IPX,   /* 32-bit network numbers, always full length */
};

/* A prefix: address bytes in network order (most significant first), bits
 * past len are zero.  Ordering (eng_prefix_cmp): by address, then shorter
 * prefix first, which is the order of a pre-order walk of the radix tree. */
struct eng_prefix
{
    uint8_t  len;
    uint8_t  bytes[ENG_MAX_ADDR_BYTES];
};

struct eng_table;
struct eng_dest;

struct eng_owner
{
    uint32_t          protocol;     /* v1 routing protocol id / v2 entity protocol id */
    uint32_t          instance;     /* v2 entity instance id, 0 for v1 */
    struct eng_route *routes;       /* head of this owner's route list, oldest first; the
                                     * head's owner_prev points at the tail (the newest), the
                                     * tail's owner_next is NULL */
    size_t            nroutes;
    void             *layer;        /* back pointer for the layer's own client object */
    /* private to the engine: where eng_owner_remove_routes_locked's walk in
     * prefix order goes on (the first dest after this prefix) */
    int               walking;
    struct eng_prefix walked;
};

/* 64 bytes before the payload on 64-bit, 48 on 32-bit; the expiry is kept
 * by the aging heap (eng_route_expiry_locked) */
struct eng_route
{
    struct eng_dest  *dest;
    struct eng_owner *owner;
    struct eng_route *owner_prev, *owner_next;  /* owner's route list */
    uint64_t          timestamp;    /* FILETIME of the last add or update */
    uint32_t          preference;   /* lower is better, compared first */
    uint32_t          metric;       /* lower is better, compared second */
    uint32_t          heap_index;   /* private to the engine: position in the aging heap */
    uint32_t          refs;         /* layer references (v2 handles) */
    uint32_t          engine_refs;  /* private to the engine */
    /* 16 bits each, where 8 would do, so that payload is 8-byte aligned
     * with no padding before it */
    uint16_t          views;        /* ENG_VIEW_* bits the route belongs to */
    uint16_t          flags;        /* ENG_ROUTE_* */
    unsigned char     payload[];    /* table->payload_size bytes, layer data */
};

#define ENG_ROUTE_DELETED   0x1     /* unlinked; memory lives on while refs > 0 */

struct eng_dest
{
    struct eng_route **routes;      /* unordered; small */
    struct eng_route  *best[ENG_NUM_VIEWS];
    void              *layer;       /* layer data, e.g. v2 opaque pointers and change marks */
    uint32_t           nroutes;
    uint32_t           refs;        /* layer references (queued v1 messages, v2 handles) */
    uint8_t            flags;       /* ENG_DEST_* */
    /* private to the engine: the route array has room for
     * ENG_DEST_INLINE_ROUTES << routes_shift routes */
    uint8_t            routes_shift;
    /* last: a dest is allocated with its family's address bytes only (16
     * bytes less for IPv4), so only prefix.len and the bytes within the
     * family's address may be read; copy it with eng_prefix_copy, never by
     * assignment */
    struct eng_prefix  prefix;
};

#define ENG_DEST_DELETED    0x1

/* What one change did to the best routes of a dest, handed to observers and
 * returned to the caller of a change.  old_best/new_best stay readable until
 * the write lock is released, except in an owner's removal
 * (eng_owner_remove_routes_locked), which frees a route and the dest it
 * empties once the observers returned: an observer that keeps either takes
 * a reference. */
struct eng_change
{
    struct eng_dest        *dest;
    uint32_t                views;                      /* views whose best route changed */
    const struct eng_route *old_best[ENG_NUM_VIEWS];
    const struct eng_route *new_best[ENG_NUM_VIEWS];
    const struct eng_owner *origin;                     /* who made the change; NULL for aging */
};

/* Called under the table write lock once per dest whose best route changed
 * (views != 0), or whose best route was updated in place with significant = 1. */
typedef void (*eng_observer_fn)(void *ctx, const struct eng_change *change);

/* route parameters the engine itself interprets */
struct eng_route_params
{
    uint32_t preference;
    uint32_t metric;
    uint32_t views;
    uint32_t expire;                /* absolute clock second or ENG_NEVER */
    uint64_t timestamp;
};

/* table life cycle */
struct eng_table *eng_table_create(enum eng_family family, size_t payload_size);
void eng_table_destroy(struct eng_table *table);
enum eng_family eng_table_family(const struct eng_table *table);
size_t eng_table_dest_count(const struct eng_table *table);     /* dests with at least one route */
size_t eng_table_route_count(const struct eng_table *table);
int eng_table_add_observer(struct eng_table *table, eng_observer_fn fn, void *ctx);
void eng_table_remove_observer(struct eng_table *table, eng_observer_fn fn, void *ctx);

void eng_table_read_lock(struct eng_table *table);
void eng_table_read_unlock(struct eng_table *table);
void eng_table_write_lock(struct eng_table *table);
void eng_table_write_unlock(struct eng_table *table);   /* frees what was unlinked */
/* Between the write-lock holds of a long job, with no table lock held:
 * returns once the readers that had to wait for a writer have got in, so
 * that a reader does not wait through many holds (the platform locks are
 * not fair).  Gives up after a few microseconds and 16 yields, so that a
 * reader the scheduler has preempted does not stall the job. */
void eng_table_yield(struct eng_table *table);

/* Optimistic reads, without any lock or write to shared memory (engine.c,
 * "Optimistic reads"): seq = eng_read_begin(eng_table_seq(table)); if it is
 * odd a writer is inside.  Read what the engine allows (the IPv4 lookup
 * below); before using anything, eng_read_valid(count, seq) must agree,
 * else start again or take the read lock.  Also before following a pointer
 * so read, unless the layer knows it points to memory that only ever holds
 * its type (interned values).  The table must outlive the reader. */
const uint32_t *eng_table_seq(const struct eng_table *table);

static inline uint32_t eng_read_begin(const uint32_t *count)
{
    return __atomic_load_n(count, __ATOMIC_ACQUIRE);
}

static inline int eng_read_valid(const uint32_t *count, uint32_t seq)
{
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return __atomic_load_n(count, __ATOMIC_RELAXED) == seq;
}

/* owners */
void eng_owner_init(struct eng_owner *owner, uint32_t protocol, uint32_t instance, void *layer);

/* prefixes */
int eng_prefix_cmp(const struct eng_prefix *a, const struct eng_prefix *b);
/* Addresses are 4 or 16 bytes, and a dest or a radix node has room for its
 * family's whole address, so prefixes are copied and compared a 32-bit word
 * at a time: a memcpy or memcmp of a variable size is a call into the CRT
 * (under Wine, through an import thunk into msvcrt's generic routines),
 * and adding a route made about fifteen of them. */
static inline uint32_t eng_addr_word(const uint8_t *bytes, unsigned int i)
{
    uint32_t word;

    /* one load (and a byte swap), where GCC leaves four loads of bytes alone */
    memcpy(&word, bytes + 4 * i, sizeof(word));
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    word = __builtin_bswap32(word);
#endif
    return word;
}

/* the first `bytes` bytes of an address, a multiple of 4 */
static inline void eng_addr_copy(uint8_t *dst, const uint8_t *src, unsigned int bytes)
{
    unsigned int i;

    for (i = 0; i < bytes; i += 4) memcpy(dst + i, src + i, 4);
}

/* copies a prefix that may be a dest's into a whole struct; the bits of src
 * past its length are zero, as a dest's are */
static inline void eng_prefix_copy(struct eng_prefix *dst, const struct eng_prefix *src)
{
    memset(dst, 0, sizeof(*dst));
    dst->len = src->len;
    eng_addr_copy(dst->bytes, src->bytes, (src->len + 31u) / 32 * 4);
}
int eng_prefix_valid(const struct eng_table *table, const struct eng_prefix *prefix);
void eng_prefix_from_ipv4(struct eng_prefix *prefix, uint32_t addr_host_order, unsigned int len);

/* A hint, with or without the lock, that addr is about to be looked up:
 * starts the cache miss of its lpm4 entry (IPv4 tables only). */
void eng_lookup_prefetch(const struct eng_table *table, const uint8_t *addr);

/* dests (read lock) */
struct eng_dest *eng_dest_find_locked(struct eng_table *table, const struct eng_prefix *prefix);
/* the first dest strictly after prefix in prefix order (prefix may not exist); NULL at the end */
struct eng_dest *eng_dest_next_locked(struct eng_table *table, const struct eng_prefix *prefix);
struct eng_dest *eng_dest_first_locked(struct eng_table *table);
/* longest match among dests that have a best route in one of views */
struct eng_dest *eng_dest_lookup_locked(struct eng_table *table, const uint8_t *addr, uint32_t views);
struct eng_dest *eng_dest_lookup_ipv4_locked(struct eng_table *table, uint32_t addr_host_order);
/* The same straight to what a layer's lookup needs of the dest's unicast
 * best route, which the table keeps next to the match: its time stamp and
 * the first pointer of its payload (a layer puts there what its lookups
 * read), without reading the dest or the route.  0 when nothing matches.
 * Also safe in an optimistic read (above), where match is only meaningful
 * once eng_read_valid() agrees; payload_word is then still a pointer that
 * some route of the table held. */
struct eng_match4
{
    uint64_t     timestamp;
    const void  *payload_word;
    unsigned int len;               /* of the matching prefix */
};
int eng_route_lookup_ipv4(const struct eng_table *table, uint32_t addr_host_order, struct eng_match4 *match);
/* the closest dest that covers dest (shorter prefix) with a best route in views */
struct eng_dest *eng_dest_less_specific_locked(struct eng_table *table, const struct eng_dest *dest, uint32_t views);
void eng_dest_ref(struct eng_dest *dest);                         /* atomic */
void eng_dest_release(struct eng_table *table, struct eng_dest *dest);

/* changes (write lock).  eng_route_add_locked creates the dest if needed.
 * On ENG_ENOMEM nothing changed.  change (optional) receives the effect on the
 * best routes; observers see the same change. */
enum eng_status eng_route_add_locked(struct eng_table *table, const struct eng_prefix *prefix,
        struct eng_owner *owner, const struct eng_route_params *params, const void *payload,
        const struct eng_owner *origin, struct eng_route **route, struct eng_change *change);
/* A prefix checked, made canonical and hashed once, for a layer that looks
 * it up and then adds a route to it in the same write-lock hold: hashing
 * it for the prefetch, the lookup and the new dest's insert took 3% of an
 * add. */
struct eng_add_key
{
    struct eng_prefix prefix;
    uint32_t          tag;          /* its hash (dhash.c) */
    int               valid;        /* eng_prefix_valid */
};
/* the dest of prefix (NULL: none, or an invalid prefix), for an add that
 * follows: fills key and starts the add's cache misses */
struct eng_dest *eng_dest_find_for_add_locked(struct eng_table *table, const struct eng_prefix *prefix,
        struct eng_add_key *key);
/* eng_route_add_locked for that layer: dest and key are what
 * eng_dest_find_for_add_locked gave (key is only read when dest is NULL) */
enum eng_status eng_route_add_to_dest_locked(struct eng_table *table, struct eng_dest *dest,
        const struct eng_add_key *key, struct eng_owner *owner, const struct eng_route_params *params,
        const void *payload, const struct eng_owner *origin, struct eng_route **route,
        struct eng_change *change);
/* replaces params and payload of an existing route; significant says whether a
 * change of a best route must be reported even if the best route stays the same */
enum eng_status eng_route_update_locked(struct eng_table *table, struct eng_route *route,
        const struct eng_route_params *params, const void *payload, int significant,
        const struct eng_owner *origin, struct eng_change *change);
/* takes what eng_route_update_locked(route, params) may need, so that it
 * cannot fail: for a layer that changes its own data of the route first */
enum eng_status eng_route_update_reserve_locked(struct eng_table *table, const struct eng_route *route,
        const struct eng_route_params *params);
void eng_route_delete_locked(struct eng_table *table, struct eng_route *route,
        const struct eng_owner *origin, struct eng_change *change);
/* Removes at most max routes of owner and returns how many; call it until
 * owner->nroutes is 0 (it may return 0 before).  An owner with routes in
 * most dests loses them in prefix order, others oldest first.  The routes,
 * and the dests they leave empty, are freed as soon as the observers have
 * seen their removal, unless a layer holds references to them. */
size_t eng_owner_remove_routes_locked(struct eng_table *table, struct eng_owner *owner, size_t max);
/* The same for a layer with its own work per route: remove(ctx, route) is
 * called for each route, in that order, and must unlink it from the engine
 * (eng_route_delete_locked). */
typedef void (*eng_remove_fn)(void *ctx, struct eng_route *route);
size_t eng_owner_remove_routes_with_locked(struct eng_table *table, struct eng_owner *owner, size_t max,
        eng_remove_fn remove, void *ctx);
void eng_route_ref(struct eng_route *route);                      /* atomic */
void eng_route_release(struct eng_table *table, struct eng_route *route);

/* aging (write lock): removes at most max routes whose expire <= now, with
 * origin NULL; returns how many.  eng_table_next_expiry returns ENG_NEVER when
 * nothing ages. */
size_t eng_table_expire_locked(struct eng_table *table, uint32_t now, size_t max);
uint32_t eng_table_next_expiry_locked(struct eng_table *table);
/* the clock second at which a linked route ages out, ENG_NEVER when it does
 * not age (also for a route that was kept by the expire hook, or deleted) */
uint32_t eng_route_expiry_locked(const struct eng_table *table, const struct eng_route *route);
/* Hooks of a layer that keeps its own data in dests and routes (RTMv2),
 * called under the table write lock:
 *   expire         for each route that ages out, before the engine deletes
 *                  it.  A nonzero return keeps the route: the engine only
 *                  takes it off the aging heap (its expiry becomes ENG_NEVER) and
 *                  the layer decides what happens to it.  Kept routes count
 *                  in the return value of eng_table_expire_locked.
 *   dest_unlinked  for a dest with layer data (dest->layer) that lost its
 *                  last route, after the observers saw the change; the dest
 *                  carries ENG_DEST_DELETED.
 * One set per table (NULL removes it); set it with no table lock held. */
struct eng_layer_hooks
{
    int  (*expire)(void *ctx, struct eng_route *route);
    void (*dest_unlinked)(void *ctx, struct eng_dest *dest);
    void  *ctx;
};
void eng_table_set_layer_hooks(struct eng_table *table, const struct eng_layer_hooks *hooks);
/* Called by eng_table_write_unlock() once the lock is released, on the
 * thread that released it, for work that must not hold up the readers and
 * writers of the table: waking a client is a server call under Wine.  One
 * per table (NULL removes it); set it with no table lock held. */
typedef void (*eng_unlocked_fn)(void *ctx);
void eng_table_set_unlock_hook(struct eng_table *table, eng_unlocked_fn fn, void *ctx);

/* Called when a route's memory is freed, and by eng_route_update_locked
 * for the payload it replaces, so that the payload can hold references
 * (interned attributes).  A payload handed to eng_route_add_locked or
 * eng_route_update_locked passes its references to the route if the call
 * succeeds; on failure the caller still has them (so a payload that holds
 * the same references as the route's own, e.g. a copy of it, needs its own
 * first: the route's old payload is released).  May run with or without
 * the table lock.  Set it with no table lock held, before the first route. */
typedef void (*eng_payload_release_fn)(void *payload);
void eng_table_set_payload_release(struct eng_table *table, eng_payload_release_fn fn);

/* intern.c: a thread-safe set of reference-counted immutable values of one
 * size, for data that many routes share.  intern_get returns the set's copy
 * of value with a reference for the caller (NULL when out of memory);
 * intern_ref adds a reference to a value the caller holds one of. */
struct eng_intern;
struct eng_intern *intern_create(size_t size);
void intern_destroy(struct eng_intern *set);    /* frees every value, referenced or not */
const void *intern_get(struct eng_intern *set, const void *value);
void intern_ref(const void *value);
void intern_put(struct eng_intern *set, const void *value);     /* value may be NULL */
size_t intern_count(struct eng_intern *set);    /* distinct values held */

/* consistency checker for tests and the fuzzer: returns 0 when every
 * invariant holds, else a short description of the first violation */
const char *eng_table_check_locked(struct eng_table *table);

#endif /* __RTM_ENGINE_H */
