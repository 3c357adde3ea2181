/*
 * Routing table engine: tables, dests, routes, best routes, observers
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
 * DOC: tables, dests and routes
 *
 * A table owns four indexes over its dests, all kept in step by
 * dest_link()/dest_unlink(): the hash (exact match), the radix tree (order,
 * longest match), the slots (a 25-bit index per dest, which is what the
 * 32-bit lpm4 entries store) and, for IPv4, lpm4 (dests with a unicast best
 * route only).  Slots come in chunks of SLOT_CHUNK that never move or go
 * away before the table: an optimistic lookup may read a stale index.  A
 * dest is linked exactly while it has at least one route.  Routes that age
 * are also in the aging heap.
 *
 * dest->routes is kept in the order the routes were added (deletion closes
 * the gap), so "the older route wins a tie" is "the first one in the array
 * wins"; the current best keeps its place on a tie (select_best()).  Every
 * change recomputes the best route of both views of the one dest it touches
 * (a handful of routes), then brings lpm4 in step, then reports the change.
 *
 * No failure after the first change: eng_route_add_locked() and
 * eng_route_update_locked() first allocate everything they might need (the
 * route, a new dest, a bigger route array, two radix nodes, a dest slot,
 * tbl24 and a tbl8 group, a heap slot); those reservations only add spare
 * capacity, so on ENG_ENOMEM the table is as it was.  Deletion never
 * allocates.
 *
 * Lifetime: route->engine_refs and dest_int->engine_refs count what keeps
 * the memory alive: one for being linked (or waiting on the table's
 * deferred-free list), one per layer reference (eng_*_ref), and for a dest
 * one per route that points at it, deleted or not, so route->dest stays
 * readable as long as the route.  Unlinking moves an object to the
 * deferred-free list; eng_table_write_unlock() drops the "linked"
 * references just before it releases the lock.  An owner's removal, whose
 * caller never sees the routes, drops them at once instead: by the unlock,
 * a chunk's routes and dests had left the caches and the TLB (a full
 * table's are spread over some 50,000 pages), and the deferred frees took a
 * sixth of the removal.  Whoever drops the last
 * reference frees the object; the decrement is atomic, so a layer thread
 * releasing a handle without the lock and the writer can race.  The public refs fields mirror the layer
 * references only.
 *
 * Owner lists are doubly linked, oldest route first, and the head's
 * owner_prev points at the tail so that appending is O(1).  Deleted routes
 * reuse owner_next as the deferred-free link, deleted dests their first
 * route's room (eng_int.h).
 *
 * Optimistic reads: table->seq is odd while a writer holds the lock and
 * moves on at every write hold's start and end, so a reader that finds the
 * same even count before and after reading saw no change (a seqlock).  The
 * reads in between may meet memory that a writer is changing or has freed,
 * which they survive because none of it is freed before the table goes:
 * tbl24, the tbl8 chunks and the slots never move, an outgrown tbl8
 * directory is kept (lpm4.c), and the layer's interned attributes, which a
 * lookup reaches through a slot's copy of the payload, are type-stable
 * (intern.c).  A lookup reads neither dests nor routes.
 */

#include "eng_os.h"

#include <stdlib.h>
#include <string.h>

#include "eng_int.h"

/* also the end of the free slot list, whose links are (next << 1) | SLOT_FREE
 * in a uintptr_t: it must survive the shift on 32-bit (indexes stay below
 * 2^25) */
#define NO_SLOT 0x7fffffffu
#define SLOT_FREE       1u
#define SLOT_BEST       2u          /* with a dest pointer: it has a unicast best route */
#define SLOT_TAGS       3u
#define SLOT_CHUNK_SHIFT 12
#define SLOT_CHUNK      (1u << SLOT_CHUNK_SHIFT)
#define SLOT_CHUNKS     ((LPM4_MAX_INDEX >> SLOT_CHUNK_SHIFT) + 1)
#define DELETE_PREFETCH 3
#define WALK_AHEAD      8

/* Every route pays for each byte of its header, and the layers keep 8-byte
 * aligned structures in the payload: 64 bytes on 64-bit, 48 on 32-bit. */
typedef char route_header_size_check[offsetof(struct eng_route, payload) == (sizeof(void *) == 8 ? 64 : 48) ? 1 : -1];

struct eng_observer
{
    eng_observer_fn fn;
    void           *ctx;
};

/* Dests are numbered, so that a 32-bit lpm4 entry can name one.  A slot also
 * holds copies of the time stamp and of the first pointer of the payload of
 * the dest's unicast best route, so that an IPv4 lookup goes from the lpm4
 * entry to what a layer's lookup reads (RtmLookupIPDestination) in one
 * access, without the dest or the route: two cache misses less per call,
 * for 16 bytes per dest.  Whether there is a best route at all is a tag in
 * the dest pointer's low bits (SLOT_BEST), not a pointer of its own. */
struct eng_slot
{
    uint64_t          timestamp;        /* the best route's */
    uintptr_t         dest;             /* a dest pointer | SLOT_BEST or not, or (next free << 1) | SLOT_FREE */
    const void       *payload_word;     /* the first pointer of the best route's payload */
};

struct eng_table
{
    /* writers move seq, optimistic readers poll it: the fields that
     * lookups read stay off its cache line */
    uint32_t             seq;
    char                 seq_line[64 - sizeof(uint32_t)];
    enum eng_family      family;
    size_t               payload_size;
    unsigned int         addr_bytes;
    unsigned int         max_len;
    struct eng_lock      lock;
    size_t               ndests, nroutes;
    struct eng_dhash     hash;
    struct eng_radix     radix;
    struct eng_lpm4      lpm;           /* IPv4 only */
    struct eng_heap      heap;
    struct eng_slot    **slot_chunks;   /* SLOT_CHUNKS pointers, filled in order */
    uint32_t             nslots, slots_cap, free_slot;
    struct eng_observer *observers;
    size_t               nobservers;
    const struct eng_layer_hooks *hooks;
    eng_unlocked_fn      unlocked;
    void                *unlocked_ctx;
    eng_payload_release_fn payload_release;
    struct eng_route    *pending_routes;
    struct eng_dest_int *pending_dests;
    struct eng_arena     arena;
    struct eng_slab      route_slab, dest_slab, node_slab;
};

static struct eng_slot *slot_at(const struct eng_table *table, uint32_t index)
{
    return &table->slot_chunks[index >> SLOT_CHUNK_SHIFT][index & (SLOT_CHUNK - 1)];
}

static struct eng_dest_int *slot_dest(const struct eng_slot *slot)
{
    return (struct eng_dest_int *)(slot->dest & ~(uintptr_t)SLOT_TAGS);
}

/* With the write lock held, on dest's slot.  The stores are atomic for
 * optimistic readers, and the tagged dest goes last with release semantics:
 * a reader that finds SLOT_BEST finds the copies too, never the zeros of a
 * fresh chunk. */
static void slot_set_best(const struct eng_table *table, const struct eng_dest_int *dest, const struct eng_route *best)
{
    struct eng_slot *slot = slot_at(table, dest->index);
    const void *word = NULL;

    if (best)
    {
        if (table->payload_size >= sizeof(word)) memcpy(&word, best->payload, sizeof(word));
        __atomic_store_n(&slot->timestamp, best->timestamp, __ATOMIC_RELAXED);
        __atomic_store_n(&slot->payload_word, word, __ATOMIC_RELAXED);
    }
    __atomic_store_n(&slot->dest, (uintptr_t)dest | (best ? SLOT_BEST : 0), __ATOMIC_RELEASE);
}

static unsigned long alloc_fail_countdown, alloc_failures;

static int alloc_should_fail(void)
{
#ifdef RTM_FAULT_INJECTION
    if (rtm_fault_should_fail()) return 1;
#endif
    if (!alloc_fail_countdown || --alloc_fail_countdown) return 0;
    alloc_failures++;
    return 1;
}

void *eng_malloc(size_t size)
{
    return alloc_should_fail() ? NULL : malloc(size ? size : 1);
}

void *eng_calloc(size_t count, size_t size)
{
    return alloc_should_fail() ? NULL : calloc(count ? count : 1, size ? size : 1);
}

void *eng_realloc(void *ptr, size_t size)
{
    return alloc_should_fail() ? NULL : realloc(ptr, size ? size : 1);
}

void eng_free(void *ptr)
{
    free(ptr);
}

void eng_alloc_fail_nth(unsigned long n)
{
    alloc_fail_countdown = n;
}

unsigned long eng_alloc_failures(void)
{
    return alloc_failures;
}

/* prefixes */

int eng_prefix_cmp(const struct eng_prefix *a, const struct eng_prefix *b)
{
    unsigned int len = a->len > b->len ? a->len : b->len, i;
    uint32_t wa, wb;

    /* bits past len are zero, and a dest's bytes past its family's address
     * may not exist: compared by words up to the longer length only */
    for (i = 0; i * 32 < len; i++)
        if ((wa = eng_addr_word(a->bytes, i)) != (wb = eng_addr_word(b->bytes, i))) return wa < wb ? -1 : 1;
    return (int)a->len - (int)b->len;
}

int eng_prefix_valid(const struct eng_table *table, const struct eng_prefix *prefix)
{
    unsigned int i;

    if (!prefix || prefix->len > table->max_len) return 0;
    if (table->family == ENG_FAMILY_IPX && prefix->len != table->max_len) return 0;
    if ((prefix->len & 7) && (prefix->bytes[prefix->len >> 3] & (0xff >> (prefix->len & 7)))) return 0;
    for (i = (prefix->len + 7) >> 3; i < table->addr_bytes; i++)
        if (prefix->bytes[i]) return 0;
    return 1;
}

void eng_prefix_from_ipv4(struct eng_prefix *prefix, uint32_t addr_host_order, unsigned int len)
{
    uint32_t masked = len >= 32 ? addr_host_order : len ? addr_host_order & ~(0xffffffffu >> len) : 0;

    memset(prefix, 0, sizeof(*prefix));
    prefix->len = len;
    prefix->bytes[0] = masked >> 24;
    prefix->bytes[1] = masked >> 16;
    prefix->bytes[2] = masked >> 8;
    prefix->bytes[3] = masked;
}

/* the table's own copy: bytes past the family's address size are zero */
static void prefix_canonical(const struct eng_table *table, struct eng_prefix *out, const struct eng_prefix *in)
{
    memset(out, 0, sizeof(*out));
    out->len = in->len;
    eng_addr_copy(out->bytes, in->bytes, table->addr_bytes);
}

static uint32_t prefix_ipv4(const struct eng_prefix *prefix)
{
    return ((uint32_t)prefix->bytes[0] << 24) | ((uint32_t)prefix->bytes[1] << 16) |
           ((uint32_t)prefix->bytes[2] << 8) | prefix->bytes[3];
}

/* table life cycle */

struct eng_table *eng_table_create(enum eng_family family, size_t payload_size)
{
    struct eng_table *table;

    if (family != ENG_FAMILY_IPV4 && family != ENG_FAMILY_IPV6 && family != ENG_FAMILY_IPX) return NULL;
    if (!(table = eng_calloc(1, sizeof(*table)))) return NULL;
    table->family = family;
    table->payload_size = payload_size;
    table->addr_bytes = family == ENG_FAMILY_IPV6 ? 16 : 4;
    table->max_len = table->addr_bytes * 8;
    table->free_slot = NO_SLOT;
    if (!(table->slot_chunks = eng_calloc(SLOT_CHUNKS, sizeof(*table->slot_chunks))) ||
        dhash_init(&table->hash, table->addr_bytes))
    {
        eng_free(table->slot_chunks);
        eng_free(table);
        return NULL;
    }
    radix_init(&table->radix, table->max_len, &table->node_slab);
    lpm4_init(&table->lpm);
    arena_init(&table->arena);
    slab_init(&table->route_slab, &table->arena, offsetof(struct eng_route, payload) + payload_size, 0);
    slab_init(&table->dest_slab, &table->arena, dest_size(table->addr_bytes), 0);
    slab_init(&table->node_slab, &table->arena, radix_node_size(table->max_len), 1);
    heap_init(&table->heap);
    eng_lock_init(&table->lock);
    return table;
}

/* Drops one of the references counted in *refs and returns whether it was
 * the last.  A count of 1 is then the caller's own reference: another one
 * is only ever taken under the table lock, which the caller holds, or from
 * a reference, and there is none.  So the writer, which puts two or three
 * objects per removed route, skips the locked instruction, which would also
 * hold back the next removal's loads until it is done. */
static int put_last(uint32_t *refs, int locked)
{
    if (locked && __atomic_load_n(refs, __ATOMIC_ACQUIRE) == 1) return 1;
    return !eng_atomic_dec(refs);
}

/* locked: with the table write lock held (or the table private to the caller) */
static void dest_put(struct eng_table *table, struct eng_dest_int *dest, int locked)
{
    if (!put_last(&dest->engine_refs, locked)) return;
    if (dest->pub.routes != dest->first.routes) eng_free(dest->pub.routes);
    if (locked) slab_free_locked(&table->dest_slab, dest);
    else slab_free(&table->dest_slab, dest);
}

static void route_put(struct eng_table *table, struct eng_route *route, int locked)
{
    struct eng_dest_int *dest = dest_int(route->dest);

    if (!put_last(&route->engine_refs, locked)) return;
    if (table->payload_release) table->payload_release(route->payload);
    if (locked) slab_free_locked(&table->route_slab, route);
    else slab_free(&table->route_slab, route);
    dest_put(table, dest, locked);
}

static void owner_unlink(struct eng_owner *owner, struct eng_route *route)
{
    struct eng_route *head = owner->routes;

    if (route->owner_next) route->owner_next->owner_prev = route->owner_prev;
    else if (head != route) head->owner_prev = route->owner_prev;      /* new tail */
    if (route == head)
    {
        if ((owner->routes = route->owner_next)) owner->routes->owner_prev = route->owner_prev;
    }
    else route->owner_prev->owner_next = route->owner_next;
    route->owner_prev = route->owner_next = NULL;
    owner->nroutes--;
}

static void owner_append(struct eng_owner *owner, struct eng_route *route)
{
    struct eng_route *head = owner->routes;

    route->owner_next = NULL;
    if (!head)
    {
        owner->routes = route;
        route->owner_prev = route;
    }
    else
    {
        route->owner_prev = head->owner_prev;
        head->owner_prev->owner_next = route;
        head->owner_prev = route;
    }
    owner->nroutes++;
}

void eng_table_destroy(struct eng_table *table)
{
    struct eng_dest_int *dest;
    struct eng_route *route;
    uint32_t i;

    if (!table) return;
    for (i = 0; i < table->nslots; i++)
    {
        if (slot_at(table, i)->dest & SLOT_FREE) continue;
        dest = slot_dest(slot_at(table, i));
        while (dest->pub.nroutes)
        {
            route = dest->pub.routes[--dest->pub.nroutes];
            owner_unlink(route->owner, route);
            route->flags |= ENG_ROUTE_DELETED;
            route_put(table, route, 1);
        }
        dest->pub.flags |= ENG_DEST_DELETED;
        dest_put(table, dest, 1);
    }
    for (i = 0; i < table->slots_cap / SLOT_CHUNK; i++) eng_free(table->slot_chunks[i]);
    eng_free(table->slot_chunks);
    eng_free(table->observers);
    dhash_destroy(&table->hash);
    radix_destroy(&table->radix);
    lpm4_destroy(&table->lpm);
    heap_destroy(&table->heap);
    /* routes and dests were all put above, unless a layer kept a reference;
     * radix nodes are the tree's own and go with the arena */
    arena_destroy(&table->arena, slab_live(&table->route_slab) || slab_live(&table->dest_slab));
    eng_lock_destroy(&table->lock);
    eng_free(table);
}

enum eng_family eng_table_family(const struct eng_table *table)
{
    return table->family;
}

size_t eng_table_dest_count(const struct eng_table *table)
{
    return table->ndests;
}

size_t eng_table_route_count(const struct eng_table *table)
{
    return table->nroutes;
}

int eng_table_add_observer(struct eng_table *table, eng_observer_fn fn, void *ctx)
{
    struct eng_observer *observers;

    eng_table_write_lock(table);
    if (!(observers = eng_realloc(table->observers, (table->nobservers + 1) * sizeof(*observers))))
    {
        eng_table_write_unlock(table);
        return ENG_ENOMEM;
    }
    observers[table->nobservers].fn = fn;
    observers[table->nobservers].ctx = ctx;
    table->observers = observers;
    table->nobservers++;
    eng_table_write_unlock(table);
    return ENG_OK;
}

void eng_table_remove_observer(struct eng_table *table, eng_observer_fn fn, void *ctx)
{
    size_t i;

    eng_table_write_lock(table);
    for (i = 0; i < table->nobservers; i++)
    {
        if (table->observers[i].fn != fn || table->observers[i].ctx != ctx) continue;
        memmove(&table->observers[i], &table->observers[i + 1],
                (table->nobservers - i - 1) * sizeof(*table->observers));
        table->nobservers--;
        break;
    }
    eng_table_write_unlock(table);
}

void eng_table_read_lock(struct eng_table *table)
{
    eng_lock_read(&table->lock);
}

void eng_table_read_unlock(struct eng_table *table)
{
    eng_lock_read_release(&table->lock);
}

void eng_table_write_lock(struct eng_table *table)
{
    eng_lock_write(&table->lock);
    /* odd: optimistic readers keep away until write_unlock moves it on;
     * the fence keeps the changes that follow behind the odd count */
    __atomic_store_n(&table->seq, table->seq + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

const uint32_t *eng_table_seq(const struct eng_table *table)
{
    return &table->seq;
}

void eng_table_yield(struct eng_table *table)
{
    eng_lock_yield(&table->lock);
}

/* With the write lock held and not one route or dest left, not even one
 * that a layer still references (a live object stops the slab counts from
 * matching): the next load cuts its objects from the first chunks again,
 * side by side, instead of taking them from free lists scattered over all
 * the memory of the biggest table so far. */
static void rewind_slabs(struct eng_table *table)
{
    /* A table that never grew past one chunk gains nothing, and a route
     * that flaps in an otherwise empty table must not free and allocate the
     * jump hints every time. */
    if (table->arena.current == table->arena.chunks) return;
    if (slab_live(&table->route_slab) || slab_live(&table->dest_slab)) return;
    radix_forget_nodes(&table->radix);
    slab_rewind(&table->route_slab);
    slab_rewind(&table->dest_slab);
    slab_rewind(&table->node_slab);
    arena_rewind(&table->arena);
}

void eng_table_write_unlock(struct eng_table *table)
{
    struct eng_route *route = table->pending_routes, *next_route;
    struct eng_dest_int *dest = table->pending_dests, *next_dest;
    eng_unlocked_fn unlocked = table->unlocked;
    void *unlocked_ctx = table->unlocked_ctx;

    table->pending_routes = NULL;
    table->pending_dests = NULL;
    /* routes first: freeing one drops its reference on the dest.  Still
     * under the lock, where the slabs take them back without atomics. */
    for (; route; route = next_route)
    {
        next_route = route->owner_next;
        route_put(table, route, 1);
    }
    for (; dest; dest = next_dest)
    {
        next_dest = dest->first.free_next;
        dest_put(table, dest, 1);
    }
    if (!table->ndests)
    {
        /* every slot is free: hand them out in order again */
        table->nslots = 0;
        table->free_slot = NO_SLOT;
        rewind_slabs(table);
    }
    __atomic_store_n(&table->seq, table->seq + 1, __ATOMIC_RELEASE);
    eng_lock_write_release(&table->lock);
    if (unlocked) unlocked(unlocked_ctx);
}

void eng_owner_init(struct eng_owner *owner, uint32_t protocol, uint32_t instance, void *layer)
{
    memset(owner, 0, sizeof(*owner));
    owner->protocol = protocol;
    owner->instance = instance;
    owner->layer = layer;
}

/* dest slots */

static int slot_reserve(struct eng_table *table)
{
    struct eng_slot *chunk;

    if (table->free_slot != NO_SLOT || table->nslots < table->slots_cap) return 0;
    if (table->slots_cap / SLOT_CHUNK >= SLOT_CHUNKS) return -1;
    if (!(chunk = eng_calloc(SLOT_CHUNK, sizeof(*chunk)))) return -1;
    /* an optimistic reader that finds the chunk finds it filled */
    __atomic_store_n(&table->slot_chunks[table->slots_cap / SLOT_CHUNK], chunk, __ATOMIC_RELEASE);
    table->slots_cap += SLOT_CHUNK;
    return 0;
}

/* dests */

static struct eng_dest_int *dest_alloc(struct eng_table *table, const struct eng_prefix *prefix)
{
    struct eng_dest_int *dest;

    if (!(dest = slab_alloc(&table->dest_slab))) return NULL;
    memset(dest, 0, offsetof(struct eng_dest_int, pub.prefix));
    dest->pub.prefix.len = prefix->len;
    eng_addr_copy(dest->pub.prefix.bytes, prefix->bytes, table->addr_bytes);
    dest->pub.routes = dest->first.routes;
    dest->index = NO_SLOT;
    dest->engine_refs = 1;
    return dest;
}

static void dest_link(struct eng_table *table, struct eng_dest_int *dest, uint32_t tag)
{
    if (table->free_slot != NO_SLOT)
    {
        dest->index = table->free_slot;
        table->free_slot = (uint32_t)(slot_at(table, dest->index)->dest >> 1);
        /* freed slots are scattered: the next new dest's must not miss */
        if (table->free_slot != NO_SLOT) __builtin_prefetch(slot_at(table, table->free_slot));
    }
    else dest->index = table->nslots++;
    slot_set_best(table, dest, NULL);
    dhash_insert(&table->hash, dest, tag);
    radix_add(&table->radix, dest);
    table->ndests++;
}

static void dest_unlink(struct eng_table *table, struct eng_dest_int *dest)
{
    dhash_remove(&table->hash, dest, dhash_tag(&table->hash, &dest->pub.prefix));
    radix_remove(&table->radix, dest);
    __atomic_store_n(&slot_at(table, dest->index)->dest, ((uintptr_t)table->free_slot << 1) | SLOT_FREE,
            __ATOMIC_RELAXED);
    table->free_slot = dest->index;
    dest->pub.flags |= ENG_DEST_DELETED;
    table->ndests--;
}

static uint32_t dest_routes_cap(const struct eng_dest_int *dest)
{
    return (uint32_t)ENG_DEST_INLINE_ROUTES << dest->pub.routes_shift;
}

static int dest_grow_routes(struct eng_dest_int *dest)
{
    struct eng_route **routes;
    uint32_t cap = dest_routes_cap(dest) * 2;

    if (dest->pub.routes == dest->first.routes)
    {
        if (!(routes = eng_malloc(cap * sizeof(*routes)))) return -1;
        memcpy(routes, dest->first.routes, sizeof(dest->first.routes));
    }
    else if (!(routes = eng_realloc(dest->pub.routes, cap * sizeof(*routes)))) return -1;
    dest->pub.routes = routes;
    dest->pub.routes_shift++;
    return 0;
}

struct eng_dest *eng_dest_find_locked(struct eng_table *table, const struct eng_prefix *prefix)
{
    struct eng_prefix key;
    struct eng_dest_int *dest;

    if (!prefix) return NULL;
    prefix_canonical(table, &key, prefix);
    return (dest = dhash_find(&table->hash, &key, dhash_tag(&table->hash, &key))) ? &dest->pub : NULL;
}

struct eng_dest *eng_dest_find_for_add_locked(struct eng_table *table, const struct eng_prefix *prefix,
        struct eng_add_key *key)
{
    struct eng_dest_int *dest;

    if (!(key->valid = eng_prefix_valid(table, prefix))) return NULL;
    prefix_canonical(table, &key->prefix, prefix);
    key->tag = dhash_tag(&table->hash, &key->prefix);
    /* the lookups of an add are cache misses on a big table: start them together */
    dhash_prefetch(&table->hash, key->tag);
    if (table->lpm.tbl24) __builtin_prefetch(&table->lpm.tbl24[prefix_ipv4(&key->prefix) >> 8]);
    return (dest = dhash_find(&table->hash, &key->prefix, key->tag)) ? &dest->pub : NULL;
}

struct eng_dest *eng_dest_next_locked(struct eng_table *table, const struct eng_prefix *prefix)
{
    struct eng_prefix key;
    struct eng_dest_int *dest;

    if (!prefix) return eng_dest_first_locked(table);
    /* the tree reads only the bits in the length, the radix queue whole keys */
    memset(&key, 0, sizeof(key));
    key.len = prefix->len < table->max_len ? prefix->len : table->max_len;
    prefix_copy_bits(key.bytes, prefix->bytes, key.len, table->addr_bytes);
    return (dest = radix_next(&table->radix, &key)) ? &dest->pub : NULL;
}

struct eng_dest *eng_dest_first_locked(struct eng_table *table)
{
    struct eng_dest_int *dest = radix_first(&table->radix);

    return dest ? &dest->pub : NULL;
}

/* The slot of the longest IPv4 match and its lpm4 entry; NULL when nothing
 * matches, or when an optimistic reader's entry, read from a freed tbl8
 * group, names a slot chunk that was never made. */
static const struct eng_slot *match_slot_ipv4(const struct eng_table *table, uint32_t addr, uint32_t *entry)
{
    const struct eng_slot *chunk;
    uint32_t index;

    if (table->family != ENG_FAMILY_IPV4 || !(*entry = lpm4_lookup(&table->lpm, addr))) return NULL;
    index = *entry & LPM4_INDEX_MASK;
    if (!(chunk = __atomic_load_n(&table->slot_chunks[index >> SLOT_CHUNK_SHIFT], __ATOMIC_ACQUIRE))) return NULL;
    return &chunk[index & (SLOT_CHUNK - 1)];
}

struct eng_dest *eng_dest_lookup_ipv4_locked(struct eng_table *table, uint32_t addr_host_order)
{
    const struct eng_slot *slot;
    uint32_t entry;

    if (!(slot = match_slot_ipv4(table, addr_host_order, &entry))) return NULL;
    return &slot_dest(slot)->pub;
}

int eng_route_lookup_ipv4(const struct eng_table *table, uint32_t addr_host_order, struct eng_match4 *match)
{
    const struct eng_slot *slot;
    uint32_t entry;

    if (!(slot = match_slot_ipv4(table, addr_host_order, &entry)) ||
        (__atomic_load_n(&slot->dest, __ATOMIC_ACQUIRE) & SLOT_TAGS) != SLOT_BEST) return 0;
    match->len = ((entry >> LPM4_DEPTH_SHIFT) & 0x3f) - 1;
    match->timestamp = __atomic_load_n(&slot->timestamp, __ATOMIC_RELAXED);
    match->payload_word = __atomic_load_n(&slot->payload_word, __ATOMIC_RELAXED);
    return 1;
}

void eng_lookup_prefetch(const struct eng_table *table, const uint8_t *addr)
{
    const uint32_t *tbl24;

    if (table->family != ENG_FAMILY_IPV4 || !(tbl24 = __atomic_load_n(&table->lpm.tbl24, __ATOMIC_ACQUIRE)))
        return;
    __builtin_prefetch(&tbl24[((uint32_t)addr[0] << 16) | ((uint32_t)addr[1] << 8) | addr[2]]);
}

struct eng_dest *eng_dest_lookup_locked(struct eng_table *table, const uint8_t *addr, uint32_t views)
{
    struct eng_dest_int *dest;

    if (!addr) return NULL;
    if (table->family == ENG_FAMILY_IPV4 && views == ENG_VIEW_UCAST)
        return eng_dest_lookup_ipv4_locked(table, ((uint32_t)addr[0] << 24) | ((uint32_t)addr[1] << 16) |
                ((uint32_t)addr[2] << 8) | addr[3]);
    dest = radix_lookup(&table->radix, addr, table->max_len, views);
    return dest ? &dest->pub : NULL;
}

struct eng_dest *eng_dest_less_specific_locked(struct eng_table *table, const struct eng_dest *dest,
        uint32_t views)
{
    struct eng_dest_int *found = radix_cover(&table->radix, dest_int(dest), views);

    return found ? &found->pub : NULL;
}

void eng_dest_ref(struct eng_dest *dest)
{
    eng_atomic_inc(&dest->refs);
    eng_atomic_inc(&dest_int(dest)->engine_refs);
}

void eng_dest_release(struct eng_table *table, struct eng_dest *dest)
{
    eng_atomic_dec(&dest->refs);
    dest_put(table, dest_int(dest), 0);
}

void eng_route_ref(struct eng_route *route)
{
    eng_atomic_inc(&route->refs);
    eng_atomic_inc(&route->engine_refs);
}

void eng_route_release(struct eng_table *table, struct eng_route *route)
{
    eng_atomic_dec(&route->refs);
    route_put(table, route, 0);
}

/* best routes */

static int route_better(const struct eng_route *a, const struct eng_route *b)
{
    return a->preference < b->preference || (a->preference == b->preference && a->metric < b->metric);
}

/* The best route of view `view`: the lowest (preference, metric); among
 * equals the current best if it is still there, else the oldest, which is
 * the first in the array. */
static struct eng_route *select_best(const struct eng_dest_int *dest, unsigned int view,
        struct eng_route *current)
{
    struct eng_route *best = NULL, *route;
    uint32_t bit = 1u << view, i;
    int current_found = 0;

    for (i = 0; i < dest->pub.nroutes; i++)
    {
        route = dest->pub.routes[i];
        if (!(route->views & bit)) continue;
        if (route == current) current_found = 1;
        if (!best || route_better(route, best)) best = route;
    }
    if (current_found && !route_better(best, current)) return current;
    return best;
}

/* brings lpm4 in step when the dest gained or lost its unicast best route */
static void lpm_sync(struct eng_table *table, struct eng_dest_int *dest, int had_best)
{
    const struct eng_prefix *prefix = &dest->pub.prefix;
    struct eng_dest_int *cover;
    uint32_t replacement = 0;

    if (table->family != ENG_FAMILY_IPV4 || had_best == !!dest->pub.best[0]) return;
    if (!had_best)
    {
        lpm4_add(&table->lpm, prefix_ipv4(prefix), prefix->len, dest->index);
        return;
    }
    if ((cover = radix_cover(&table->radix, dest, ENG_VIEW_UCAST)))
        replacement = lpm4_entry(cover->pub.prefix.len, cover->index);
    lpm4_delete(&table->lpm, prefix_ipv4(prefix), prefix->len, dest->index, replacement);
}

/* Recomputes both best routes of dest and fills change.  updated is the
 * route that was updated in place with significant = 1, reported in every
 * view where it is (still) best. */
static void update_best(struct eng_table *table, struct eng_dest_int *dest, const struct eng_owner *origin,
        const struct eng_route *updated, struct eng_change *change)
{
    struct eng_route *old, *new;
    unsigned int view;

    memset(change, 0, sizeof(*change));
    change->dest = &dest->pub;
    change->origin = origin;
    for (view = 0; view < ENG_NUM_VIEWS; view++)
    {
        old = dest->pub.best[view];
        new = select_best(dest, view, old);
        change->old_best[view] = old;
        change->new_best[view] = new;
        if (old != new || (updated && new == updated)) change->views |= 1u << view;
        dest->pub.best[view] = new;
    }
    if (!(dest->pub.flags & ENG_DEST_DELETED)) slot_set_best(table, dest, dest->pub.best[0]);
    if (dest->node) dest->node->best_views = dest_best_views(&dest->pub);
    lpm_sync(table, dest, change->old_best[0] != NULL);
}

static void notify(struct eng_table *table, const struct eng_change *change, struct eng_change *out)
{
    size_t i;

    if (change->views)
        for (i = 0; i < table->nobservers; i++)
            table->observers[i].fn(table->observers[i].ctx, change);
    if (out) *out = *change;
}

/* changes */

static int lpm_reserve(struct eng_table *table, const struct eng_prefix *prefix, uint32_t views)
{
    if (table->family != ENG_FAMILY_IPV4 || !(views & ENG_VIEW_UCAST)) return 0;
    return lpm4_reserve(&table->lpm, prefix->len);
}

/* dest: the dest of the route, or NULL when the table has none, for a new
 * one at key (valid) */
static enum eng_status route_add(struct eng_table *table, struct eng_dest_int *dest, const struct eng_add_key *key,
        struct eng_owner *owner, const struct eng_route_params *params, const void *payload,
        const struct eng_owner *origin, struct eng_route **route_out, struct eng_change *change_out)
{
    struct eng_dest_int *new_dest = NULL;
    struct eng_route *route = NULL;
    struct eng_change change;

    if (!dest && !(new_dest = dest = dest_alloc(table, &key->prefix))) return ENG_ENOMEM;
    if (!(route = slab_alloc(&table->route_slab))) goto nomem;
    if (dest->pub.nroutes == dest_routes_cap(dest) && dest_grow_routes(dest)) goto nomem;
    if (new_dest && (radix_reserve(&table->radix) || slot_reserve(table) || dhash_reserve(&table->hash)))
        goto nomem;
    if (lpm_reserve(table, &dest->pub.prefix, params->views)) goto nomem;
    if (params->expire != ENG_NEVER && heap_reserve(&table->heap)) goto nomem;

    /* nothing can fail from here on */
    memset(route, 0, offsetof(struct eng_route, payload));
    if (payload) small_copy(route->payload, payload, table->payload_size);
    else memset(route->payload, 0, table->payload_size);
    route->dest = &dest->pub;
    route->owner = owner;
    route->timestamp = params->timestamp;
    route->preference = params->preference;
    route->metric = params->metric;
    route->views = params->views;
    route->heap_index = ENG_NO_HEAP_INDEX;
    route->engine_refs = 1;
    /* the route's reference on its dest: no other thread can see a new dest yet */
    if (new_dest)
    {
        new_dest->engine_refs++;
        dest_link(table, new_dest, key->tag);
    }
    else eng_atomic_inc(&dest->engine_refs);
    dest->pub.routes[dest->pub.nroutes++] = route;
    owner_append(owner, route);
    if (params->expire != ENG_NEVER) heap_insert(&table->heap, route, params->expire);
    table->nroutes++;

    update_best(table, dest, origin, NULL, &change);
    notify(table, &change, change_out);
    if (route_out) *route_out = route;
    return ENG_OK;

nomem:
    if (route) slab_free(&table->route_slab, route);
    if (new_dest) slab_free(&table->dest_slab, new_dest);
    return ENG_ENOMEM;
}

enum eng_status eng_route_add_locked(struct eng_table *table, const struct eng_prefix *prefix,
        struct eng_owner *owner, const struct eng_route_params *params, const void *payload,
        const struct eng_owner *origin, struct eng_route **route_out, struct eng_change *change_out)
{
    struct eng_add_key key;
    struct eng_dest *dest = eng_dest_find_for_add_locked(table, prefix, &key);

    return eng_route_add_to_dest_locked(table, dest, &key, owner, params, payload, origin, route_out, change_out);
}

enum eng_status eng_route_add_to_dest_locked(struct eng_table *table, struct eng_dest *dest,
        const struct eng_add_key *key, struct eng_owner *owner, const struct eng_route_params *params,
        const void *payload, const struct eng_owner *origin, struct eng_route **route_out,
        struct eng_change *change_out)
{
    if (!owner || !params || (dest && (dest->flags & ENG_DEST_DELETED)) || (!dest && (!key || !key->valid)))
        return ENG_EINVAL;
    return route_add(table, dest ? dest_int(dest) : NULL, key, owner, params, payload, origin,
            route_out, change_out);
}

enum eng_status eng_route_update_reserve_locked(struct eng_table *table, const struct eng_route *route,
        const struct eng_route_params *params)
{
    if (lpm_reserve(table, &route->dest->prefix, params->views)) return ENG_ENOMEM;
    if (params->expire != ENG_NEVER && route->heap_index == ENG_NO_HEAP_INDEX && heap_reserve(&table->heap))
        return ENG_ENOMEM;
    return ENG_OK;
}

enum eng_status eng_route_update_locked(struct eng_table *table, struct eng_route *route,
        const struct eng_route_params *params, const void *payload, int significant,
        const struct eng_owner *origin, struct eng_change *change_out)
{
    struct eng_change change;
    enum eng_status status;
    uint32_t expire;

    if (!route || !params) return ENG_EINVAL;
    if (route->flags & ENG_ROUTE_DELETED) return ENG_ENOTFOUND;
    if ((status = eng_route_update_reserve_locked(table, route, params))) return status;

    route->timestamp = params->timestamp;
    route->preference = params->preference;
    route->metric = params->metric;
    route->views = params->views;
    if (payload)
    {
        if (table->payload_release) table->payload_release(route->payload);
        small_copy(route->payload, payload, table->payload_size);
    }
    if ((expire = heap_expiry(&table->heap, route)) != params->expire)
    {
        if (expire == ENG_NEVER) heap_insert(&table->heap, route, params->expire);
        else if (params->expire == ENG_NEVER) heap_remove(&table->heap, route);
        else heap_update(&table->heap, route, params->expire);
    }

    update_best(table, dest_int(route->dest), origin, significant ? route : NULL, &change);
    notify(table, &change, change_out);
    return ENG_OK;
}

/* Unlinks route, and its dest if it was the last route there.  Both stay
 * allocated until the write lock is released, or, with free_now, are let go
 * at once (while they are still cached): for a caller that is done with
 * them once the observers have seen the change. */
static void route_delete(struct eng_table *table, struct eng_route *route, const struct eng_owner *origin,
        struct eng_change *change_out, int free_now)
{
    struct eng_dest_int *dest = dest_int(route->dest);
    struct eng_change change;
    uint32_t i;
    int emptied;

    for (i = 0; dest->pub.routes[i] != route; i++) ;
    /* an owner's removal takes the last route first: no call for nothing */
    if (i + 1 < dest->pub.nroutes)
        memmove(&dest->pub.routes[i], &dest->pub.routes[i + 1], (dest->pub.nroutes - i - 1) * sizeof(route));
    dest->pub.nroutes--;
    owner_unlink(route->owner, route);
    if (route->heap_index != ENG_NO_HEAP_INDEX) heap_remove(&table->heap, route);
    route->flags |= ENG_ROUTE_DELETED;
    table->nroutes--;

    update_best(table, dest, origin, NULL, &change);
    if ((emptied = !dest->pub.nroutes)) dest_unlink(table, dest);
    notify(table, &change, change_out);
    if (emptied && dest->pub.layer && table->hooks && table->hooks->dest_unlinked)
        table->hooks->dest_unlinked(table->hooks->ctx, &dest->pub);

    if (free_now)
    {
        /* the route first: freeing it drops its reference on the dest */
        route_put(table, route, 1);
        if (emptied) dest_put(table, dest, 1);
        return;
    }
    route->owner_next = table->pending_routes;
    table->pending_routes = route;
    if (emptied)
    {
        dest->first.free_next = table->pending_dests;
        table->pending_dests = dest;
    }
}

void eng_route_delete_locked(struct eng_table *table, struct eng_route *route,
        const struct eng_owner *origin, struct eng_change *change_out)
{
    if (!route || (route->flags & ENG_ROUTE_DELETED))
    {
        if (change_out) memset(change_out, 0, sizeof(*change_out));
        return;
    }
    route_delete(table, route, origin, change_out, 0);
}

/* starts the cache misses that deleting route will take */
static void prefetch_delete(struct eng_table *table, const struct eng_route *route)
{
    const struct eng_dest_int *dest = dest_int(route->dest);

    dhash_prefetch(&table->hash, dhash_tag(&table->hash, &dest->pub.prefix));
    if (dest->node) __builtin_prefetch(dest->node->parent);
    if (table->lpm.tbl24) __builtin_prefetch(&table->lpm.tbl24[prefix_ipv4(&dest->pub.prefix) >> 8]);
}

static void remove_route(struct eng_table *table, struct eng_owner *owner, struct eng_route *route,
        eng_remove_fn remove, void *ctx)
{
    /* the layer's remove may still use the route; the observers were the
     * last to see it otherwise */
    if (remove) remove(ctx, route);
    else route_delete(table, route, owner, NULL, 1);
}

/* removes at most limit of owner's routes at dest; returns how many, and
 * whether none is left there */
static size_t remove_owner_routes_of(struct eng_table *table, struct eng_dest_int *dest,
        struct eng_owner *owner, size_t limit, eng_remove_fn remove, void *ctx, int *done)
{
    struct eng_route *route;
    size_t count = 0;
    uint32_t i;

    *done = 1;
    for (i = dest->pub.nroutes; i--; )
    {
        route = dest->pub.routes[i];
        if (route->owner != owner) continue;
        if (count == limit)
        {
            *done = 0;
            break;
        }
        remove_route(table, owner, route, remove, ctx);
        count++;
    }
    return count;
}

/* Removing a route climbs the radix tree from its dest to the closest
 * covering dest (lpm4's replacement entry) and rewrites a tbl24 range.  In
 * the owner's list order (insertion order) each of those steps misses the
 * cache, which made removing a full table a second or more; walking the
 * dests in prefix order finds the nodes of the climb and the tbl24 lines
 * just visited.  The walk visits every dest, so it only pays for an owner
 * that has routes in most of them (a full feed); it goes on from the prefix
 * it stopped at, which stays right whatever changes between two calls, and
 * the list removes what the walk did not find (routes added behind it). */
static size_t remove_walk(struct eng_table *table, struct eng_owner *owner, size_t max,
        eng_remove_fn remove, void *ctx)
{
    /* the dest being removed and the WALK_AHEAD - 1 after it, a ring with
     * the n-th after the current one at ring[(head + n) % WALK_AHEAD]; each
     * is a stage further in fetching what its removal will touch: dest, then
     * its routes and hash bucket, then the owner-list neighbours of its
     * first route */
    struct eng_dest_int *ring[WALK_AHEAD], *dest, *soon;
    struct eng_prefix walked;
    struct radix_iter iter;
    size_t count = 0, visits = 0;
    unsigned int i, head = 0;
    int done;

    radix_flush(&table->radix);
    ring[0] = radix_iter_start(&table->radix, &iter, owner->walking ? &owner->walked : NULL);
    for (i = 1; i < WALK_AHEAD; i++) ring[i] = ring[i - 1] ? radix_iter_next(&iter) : NULL;
    while ((dest = ring[head]) && count < max && visits++ / 4 < max)
    {
        /* the current dest's place takes the WALK_AHEAD-th after it */
        ring[head] = ring[(head + WALK_AHEAD - 1) % WALK_AHEAD] ? radix_iter_next(&iter) : NULL;
        if (ring[head]) __builtin_prefetch(ring[head]);
        if ((soon = ring[(head + WALK_AHEAD / 2 + 1) % WALK_AHEAD]))
        {
            __builtin_prefetch(soon->pub.routes[0]);
            __builtin_prefetch(slot_at(table, soon->index));
            dhash_prefetch(&table->hash, dhash_tag(&table->hash, &soon->pub.prefix));
        }
        if ((soon = ring[(head + 2) % WALK_AHEAD]) && soon->pub.routes[0]->owner == owner)
        {
            __builtin_prefetch(soon->pub.routes[0]->owner_prev);
            __builtin_prefetch(soon->pub.routes[0]->owner_next);
        }
        head = (head + 1) % WALK_AHEAD;
        /* a dest is done in one go, or the walk stops before it; its
         * prefix is copied while it is there (the removal may free it) */
        eng_prefix_copy(&walked, &dest->pub.prefix);
        count += remove_owner_routes_of(table, dest, owner, max - count, remove, ctx, &done);
        if (!done) break;
        eng_prefix_copy(&owner->walked, &walked);
    }
    owner->walking = dest ? 1 : -1;
    return count;
}

size_t eng_owner_remove_routes_locked(struct eng_table *table, struct eng_owner *owner, size_t max)
{
    return eng_owner_remove_routes_with_locked(table, owner, max, NULL, NULL);
}

size_t eng_owner_remove_routes_with_locked(struct eng_table *table, struct eng_owner *owner, size_t max,
        eng_remove_fn remove, void *ctx)
{
    struct eng_route *route, *ahead;
    size_t count = 0, i;

    if (owner->walking > 0 || (!owner->walking && owner->nroutes * 2 > table->ndests))
        count = remove_walk(table, owner, max, remove, ctx);
    if (owner->walking <= 0 && count < max)
    {
        /* the routes of an owner are scattered over the indexes: work on one
         * while the misses of the next few are in flight */
        ahead = owner->routes ? owner->routes->owner_next : NULL;
        for (i = 0; ahead && i < DELETE_PREFETCH; i++, ahead = ahead->owner_next)
            prefetch_delete(table, ahead);
        while (count < max && (route = owner->routes))
        {
            if (ahead)
            {
                prefetch_delete(table, ahead);
                ahead = ahead->owner_next;
            }
            remove_route(table, owner, route, remove, ctx);
            count++;
            if (owner->routes == route) break;      /* remove did not unlink it */
        }
    }
    if (!owner->nroutes) owner->walking = 0;
    return count;
}

size_t eng_table_expire_locked(struct eng_table *table, uint32_t now, size_t max)
{
    struct eng_route *route;
    size_t count = 0;

    while (count < max && (route = heap_top(&table->heap)) && heap_top_expiry(&table->heap) <= now)
    {
        if (table->hooks && table->hooks->expire && table->hooks->expire(table->hooks->ctx, route))
            heap_remove(&table->heap, route);
        else eng_route_delete_locked(table, route, NULL, NULL);
        count++;
    }
    return count;
}

void eng_table_set_layer_hooks(struct eng_table *table, const struct eng_layer_hooks *hooks)
{
    eng_table_write_lock(table);
    table->hooks = hooks;
    eng_table_write_unlock(table);
}

void eng_table_set_unlock_hook(struct eng_table *table, eng_unlocked_fn fn, void *ctx)
{
    eng_table_write_lock(table);
    table->unlocked = fn;
    table->unlocked_ctx = ctx;
    eng_table_write_unlock(table);
}

void eng_table_set_payload_release(struct eng_table *table, eng_payload_release_fn fn)
{
    eng_table_write_lock(table);
    table->payload_release = fn;
    eng_table_write_unlock(table);
}

uint32_t eng_table_next_expiry_locked(struct eng_table *table)
{
    return heap_top_expiry(&table->heap);
}

uint32_t eng_route_expiry_locked(const struct eng_table *table, const struct eng_route *route)
{
    return heap_expiry(&table->heap, route);
}

/* consistency checker */

static int ptr_cmp(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(void * const *)a, y = (uintptr_t)*(void * const *)b;

    return x < y ? -1 : x > y;
}

static const char *check_dest(struct eng_table *table, const struct eng_dest_int *dest, size_t *nroutes,
        size_t *naging, struct eng_owner **owners)
{
    const struct eng_route *route, *best;
    unsigned int view;
    uint32_t i;

    if (dest->pub.flags & ENG_DEST_DELETED) return "dest: linked dest marked deleted";
    if (!dest->pub.nroutes) return "dest: linked dest without routes";
    if (dest->pub.nroutes > dest_routes_cap(dest)) return "dest: more routes than room";
    if ((dest->pub.routes == dest->first.routes) != !dest->pub.routes_shift)
        return "dest: route array and capacity disagree";
    if (dhash_find(&table->hash, &dest->pub.prefix, dhash_tag(&table->hash, &dest->pub.prefix)) != dest)
        return "dest: not found by hash";
    if (dest->node ? dest->node->dest != dest : !radix_queued(&table->radix, dest))
        return "dest: not in radix tree";
    if (!eng_prefix_valid(table, &dest->pub.prefix)) return "dest: invalid prefix";
    if (dest->engine_refs < 1 + dest->pub.nroutes) return "dest: engine_refs too low";
    for (i = 0; i < dest->pub.nroutes; i++)
    {
        route = dest->pub.routes[i];
        if (route->dest != &dest->pub) return "route: bad dest back pointer";
        if (route->flags & ENG_ROUTE_DELETED) return "route: linked route marked deleted";
        if (!route->owner) return "route: no owner";
        if (route->engine_refs < 1) return "route: engine_refs too low";
        if (route->heap_index != ENG_NO_HEAP_INDEX)
        {
            if (route->heap_index >= table->heap.count || table->heap.routes[route->heap_index] != route)
                return "route: not in the aging heap";
            (*naging)++;
        }
        owners[(*nroutes)++] = route->owner;
    }
    for (view = 0; view < ENG_NUM_VIEWS; view++)
    {
        best = NULL;
        for (i = 0; i < dest->pub.nroutes; i++)
        {
            route = dest->pub.routes[i];
            if ((route->views & (1u << view)) && (!best || route_better(route, best))) best = route;
        }
        if (!best != !dest->pub.best[view]) return "best: presence wrong";
        if (!best) continue;
        if (!(dest->pub.best[view]->views & (1u << view))) return "best: route not in view";
        if (dest->pub.best[view]->dest != &dest->pub) return "best: route of another dest";
        if (route_better(best, dest->pub.best[view])) return "best: a better route exists";
    }
    return NULL;
}

static const char *check_owners(struct eng_table *table, struct eng_owner **owners, size_t count)
{
    const struct eng_route *route, *prev;
    size_t i, n, total = 0;

    qsort(owners, count, sizeof(*owners), ptr_cmp);
    for (i = 0; i < count; i++)
    {
        if (i && owners[i] == owners[i - 1]) continue;
        if (!owners[i]->routes || owners[i]->routes->owner_prev == NULL) return "owner: empty or broken list";
        for (n = 0, prev = NULL, route = owners[i]->routes; route; prev = route, route = route->owner_next)
        {
            if (++n > table->nroutes) return "owner: list too long or cyclic";
            if (route->owner != owners[i]) return "owner: route of another owner in list";
            if (route->flags & ENG_ROUTE_DELETED) return "owner: deleted route in list";
            if (prev && route->owner_prev != prev) return "owner: bad owner_prev";
        }
        if (owners[i]->routes->owner_prev != prev) return "owner: head->owner_prev is not the tail";
        if (n != owners[i]->nroutes) return "owner: nroutes mismatch";
        total += n;
    }
    return total == table->nroutes ? NULL : "owner: lists do not hold every route";
}

static const char *check_lpm_addr(struct eng_table *table, uint32_t addr)
{
    uint8_t bytes[ENG_MAX_ADDR_BYTES] = {0};
    struct eng_dest_int *expect;
    uint32_t entry = lpm4_lookup(&table->lpm, addr);

    bytes[0] = addr >> 24;
    bytes[1] = addr >> 16;
    bytes[2] = addr >> 8;
    bytes[3] = addr;
    expect = radix_lookup(&table->radix, bytes, 32, ENG_VIEW_UCAST);
    if (!expect) return entry ? "lpm4: match where the radix tree has none" : NULL;
    if (!entry) return "lpm4: no match where the radix tree has one";
    if ((entry & LPM4_INDEX_MASK) != expect->index) return "lpm4: wrong dest";
    if (entry >> LPM4_DEPTH_SHIFT != expect->pub.prefix.len + 1u) return "lpm4: wrong depth";
    return NULL;
}

static const char *check_lpm(struct eng_table *table)
{
    const struct eng_dest_int *dest;
    const char *err;
    uint32_t i, addr, seed = 12345;

    if ((err = lpm4_check(&table->lpm))) return err;
    for (i = 0; i < table->nslots; i++)
    {
        if (slot_at(table, i)->dest & SLOT_FREE) continue;
        dest = slot_dest(slot_at(table, i));
        addr = prefix_ipv4(&dest->pub.prefix);
        if ((err = check_lpm_addr(table, addr))) return err;
        if ((err = check_lpm_addr(table, addr | (uint32_t)(0xffffffffull >> dest->pub.prefix.len)))) return err;
    }
    for (i = 0; i < 1024; i++)
    {
        seed = seed * 1664525 + 1013904223;
        if ((err = check_lpm_addr(table, seed))) return err;
    }
    return NULL;
}

const char *eng_table_check_locked(struct eng_table *table)
{
    struct eng_owner **owners;
    const struct eng_route *route;
    const struct eng_dest_int *dest;
    size_t count, nroutes = 0, naging = 0, nfree = 0, nused = 0;
    const char *err;
    uint32_t i;

    if ((err = radix_check(&table->radix, &count))) return err;
    if (count != table->ndests) return "radix: dest count mismatch";
    if ((err = dhash_check(&table->hash))) return err;
    if (table->hash.count != table->ndests) return "dhash: dest count mismatch";
    if ((err = heap_check(&table->heap))) return err;
    for (i = table->free_slot; i != NO_SLOT; i = (uint32_t)(slot_at(table, i)->dest >> 1))
    {
        if (i >= table->nslots || !(slot_at(table, i)->dest & SLOT_FREE)) return "slots: bad free list";
        if (++nfree > table->nslots) return "slots: free list cyclic";
    }
    if (!(owners = eng_malloc((table->nroutes + 1) * sizeof(*owners)))) return "check: out of memory";
    for (i = 0; i < table->nslots && !err; i++)
    {
        const struct eng_slot *slot = slot_at(table, i);

        if (slot->dest & SLOT_FREE) continue;
        dest = slot_dest(slot);
        nused++;
        if (dest->index != i) err = "slots: dest index mismatch";
        else if (!(slot->dest & SLOT_BEST) != !dest->pub.best[0]) err = "slots: stale best route tag";
        else if (dest->pub.best[0] && (slot->timestamp != dest->pub.best[0]->timestamp ||
                 (table->payload_size >= sizeof(void *) &&
                  memcmp(&slot->payload_word, dest->pub.best[0]->payload, sizeof(void *)))))
            err = "slots: stale copy of the best route";
        else if (nroutes + dest->pub.nroutes > table->nroutes) err = "dest: more routes than counted";
        else err = check_dest(table, dest, &nroutes, &naging, owners);
    }
    if (!err && nused != table->ndests) err = "slots: dest count mismatch";
    if (!err && nused + nfree != table->nslots) err = "slots: leaked slot";
    if (!err && nroutes != table->nroutes) err = "routes: count mismatch";
    if (!err && naging != table->heap.count) err = "heap: holds routes that are not linked";
    if (!err) err = check_owners(table, owners, nroutes);
    eng_free(owners);
    if (err) return err;
    for (route = table->pending_routes; route; route = route->owner_next)
        if (!(route->flags & ENG_ROUTE_DELETED)) return "pending: route not marked deleted";
    for (dest = table->pending_dests; dest; dest = dest->first.free_next)
        if (!(dest->pub.flags & ENG_DEST_DELETED)) return "pending: dest not marked deleted";
    if (table->family == ENG_FAMILY_IPV4) return check_lpm(table);
    return NULL;
}
