/*
 * Routing table engine: interned values
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
 * DOC: interned values
 *
 * A full feed carries a million routes but only a handful of distinct
 * attribute sets (next hop, interface, protocol and family data): one per
 * neighbour and metric.  The layers keep those 72 bytes once, in a set of
 * reference-counted immutable copies, and a route holds a pointer, which is
 * 64 bytes less per route.  (BIRD does the same with its route attributes.)
 *
 * The set is a chained hash under its own lock, which is a leaf: callers may
 * hold a table lock, nothing is called with this one held.  A value's count
 * is atomic, and only drops to zero under the lock, after which the value is
 * unlinked at once; so releasing a reference that is not the last one
 * (every route of a feed but one) takes no lock.
 *
 * intern_get first looks without the lock (every route added asks for a
 * value that is almost always there already, and an SRW lock pair costs
 * tens of nanoseconds under Wine): it walks the chain, takes a reference on
 * a value with the right hash only while its count is not zero, which only
 * succeeds on a live value, and compares it then, since a live value never
 * changes.  Chains change under such a walk (values are unlinked, reused,
 * moved to bigger buckets), so it may miss, and then the lookup is done
 * again under the lock; a walk of more than a few steps gives up too.
 * Outgrown bucket arrays are kept until intern_destroy() for those walks,
 * and the fields they read are changed with atomic stores.
 *
 * Values are type-stable: an unused one goes on the set's free list, not
 * back to the heap, and is handed out again for another value.  Optimistic
 * lookups (engine.c) read the value of a route that may have gone meanwhile;
 * they check that nothing changed before they use it, but the read itself
 * must not fault.  The set thus keeps as many values as it ever held at
 * once (a few per feed) until intern_destroy().
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "eng_int.h"
#include "eng_os.h"

#define INTERN_MIN_BUCKETS  16
#define INTERN_MAX_STEPS    8       /* of a walk without the lock */

struct intern_entry
{
    struct intern_entry *next;
    uint32_t             hash;
    uint32_t             refs;
    /* set->size bytes, 8-byte aligned (i386 Linux aligns uint64_t to 4 only) */
    uint64_t             value[] __attribute__((aligned(8)));
};

struct intern_buckets
{
    size_t                 count;           /* a power of two */
    struct intern_buckets *older;           /* outgrown, kept for walks without the lock */
    struct intern_entry   *head[];
};

struct eng_intern
{
    eng_block_t            lock;
    size_t                 size;
    struct intern_buckets *buckets;
    size_t                 count;
    struct intern_entry   *free;            /* unused entries, linked by next */
};

static struct intern_entry *entry_of(const void *value)
{
    return (struct intern_entry *)((char *)value - offsetof(struct intern_entry, value));
}

static uint32_t hash_value(const void *value, size_t size)
{
    const unsigned char *bytes = value;
    uint64_t hash = size, word;
    size_t i, j;

    /* whole words with a constant-size copy, which compiles to one load, and
     * the tail byte by byte: a copy of variable size is a call to the CRT's
     * memcpy (one per word, nine per RtmAddRoute, before) */
    for (i = 0; i < size; i += sizeof(word))
    {
        if (size - i >= sizeof(word)) memcpy(&word, bytes + i, sizeof(word));
        else for (word = 0, j = 0; j < size - i; j++) word |= (uint64_t)bytes[i + j] << (8 * j);
        hash = (hash ^ word) * 0x9e3779b97f4a7c15ull;
        hash ^= hash >> 32;
    }
    return (uint32_t)hash;
}

static struct intern_buckets *buckets_alloc(size_t count, struct intern_buckets *older)
{
    struct intern_buckets *buckets;

    if (!(buckets = eng_calloc(1, offsetof(struct intern_buckets, head) + count * sizeof(buckets->head[0]))))
        return NULL;
    buckets->count = count;
    buckets->older = older;
    return buckets;
}

static struct intern_entry **bucket_of(const struct intern_buckets *buckets, uint32_t hash)
{
    return (struct intern_entry **)&buckets->head[hash & (buckets->count - 1)];
}

struct eng_intern *intern_create(size_t size)
{
    struct eng_intern *set;

    if (!(set = eng_calloc(1, sizeof(*set)))) return NULL;
    if (!(set->buckets = buckets_alloc(INTERN_MIN_BUCKETS, NULL)))
    {
        eng_free(set);
        return NULL;
    }
    set->size = size;
    eng_block_init(&set->lock);
    return set;
}

static void free_chain(struct intern_entry *entry)
{
    struct intern_entry *next;

    for (; entry; entry = next)
    {
        next = entry->next;
        eng_free(entry);
    }
}

/* frees every value, referenced or not */
void intern_destroy(struct eng_intern *set)
{
    struct intern_buckets *buckets, *older;
    size_t i;

    if (!set) return;
    for (i = 0; i < set->buckets->count; i++) free_chain(set->buckets->head[i]);
    free_chain(set->free);
    for (buckets = set->buckets; buckets; buckets = older)
    {
        older = buckets->older;
        eng_free(buckets);
    }
    eng_block_destroy(&set->lock);
    eng_free(set);
}

/* Doubles the buckets once there are more values than buckets.  Without the
 * memory for it the chains only get longer. */
static void grow_locked(struct eng_intern *set)
{
    struct intern_buckets *buckets;
    struct intern_entry *entry, *next, **head;
    size_t i;

    if (!(buckets = buckets_alloc(set->buckets->count * 2, set->buckets))) return;
    for (i = 0; i < set->buckets->count; i++)
        for (entry = set->buckets->head[i]; entry; entry = next)
        {
            next = entry->next;
            head = bucket_of(buckets, entry->hash);
            __atomic_store_n(&entry->next, *head, __ATOMIC_RELAXED);
            *head = entry;
        }
    __atomic_store_n(&set->buckets, buckets, __ATOMIC_RELEASE);
}

static struct intern_entry *entry_alloc(struct eng_intern *set)
{
    struct intern_entry *entry = set->free;

    if (entry) set->free = entry->next;
    else entry = eng_malloc(offsetof(struct intern_entry, value) + set->size);
    return entry;
}

/* Without the lock: the live value equal to value, with a reference for the
 * caller, or NULL when the walk did not find it (see the DOC above). */
static struct intern_entry *find_referenced(struct eng_intern *set, const void *value, uint32_t hash)
{
    const struct intern_buckets *buckets = __atomic_load_n(&set->buckets, __ATOMIC_ACQUIRE);
    struct intern_entry *entry = __atomic_load_n(bucket_of(buckets, hash), __ATOMIC_ACQUIRE);
    unsigned int steps;
    uint32_t refs;

    for (steps = 0; entry && steps < INTERN_MAX_STEPS; steps++)
    {
        if (__atomic_load_n(&entry->hash, __ATOMIC_RELAXED) == hash)
        {
            for (refs = eng_atomic_load32(&entry->refs); refs;)
                if (eng_atomic_cas32(&entry->refs, &refs, refs + 1)) break;
            if (refs)
            {
                if (small_equal(entry->value, value, set->size)) return entry;
                /* reused for another value since its hash was read */
                intern_put(set, entry->value);
                return NULL;
            }
        }
        entry = __atomic_load_n(&entry->next, __ATOMIC_ACQUIRE);
    }
    return NULL;
}

/* The shared copy of value with a reference for the caller, NULL when out
 * of memory. */
const void *intern_get(struct eng_intern *set, const void *value)
{
    uint32_t hash = hash_value(value, set->size);
    struct intern_entry *entry, **head;

    if ((entry = find_referenced(set, value, hash))) return entry->value;

    eng_block_lock(&set->lock);
    head = bucket_of(set->buckets, hash);
    for (entry = *head; entry; entry = entry->next)
        if (entry->hash == hash && small_equal(entry->value, value, set->size)) break;
    if (entry) eng_atomic_inc(&entry->refs);
    else if ((entry = entry_alloc(set)))
    {
        /* the count last: a walk that finds it not zero finds the value */
        memcpy(entry->value, value, set->size);
        __atomic_store_n(&entry->hash, hash, __ATOMIC_RELAXED);
        __atomic_store_n(&entry->next, *head, __ATOMIC_RELAXED);
        __atomic_store_n(&entry->refs, 1, __ATOMIC_RELEASE);
        __atomic_store_n(head, entry, __ATOMIC_RELEASE);
        if (++set->count > set->buckets->count) grow_locked(set);
    }
    eng_block_unlock(&set->lock);
    return entry ? entry->value : NULL;
}

/* one more reference to a value the caller holds one of */
void intern_ref(const void *value)
{
    eng_atomic_inc(&entry_of(value)->refs);
}

void intern_put(struct eng_intern *set, const void *value)
{
    struct intern_entry *entry, **link;
    uint32_t refs;

    if (!value) return;
    entry = entry_of(value);
    for (refs = eng_atomic_load32(&entry->refs); refs > 1;)
        if (eng_atomic_cas32(&entry->refs, &refs, refs - 1)) return;

    /* maybe the last one: only under the lock, where intern_get looks */
    eng_block_lock(&set->lock);
    if (!eng_atomic_dec(&entry->refs))
    {
        for (link = bucket_of(set->buckets, entry->hash); *link != entry; link = &(*link)->next)
            ;
        __atomic_store_n(link, entry->next, __ATOMIC_RELEASE);
        set->count--;
        __atomic_store_n(&entry->next, set->free, __ATOMIC_RELAXED);
        set->free = entry;
    }
    eng_block_unlock(&set->lock);
}

/* distinct values held */
size_t intern_count(struct eng_intern *set)
{
    size_t count;

    eng_block_lock(&set->lock);
    count = set->count;
    eng_block_unlock(&set->lock);
    return count;
}
