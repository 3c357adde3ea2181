/*
 * Routing table engine: hash of dests by prefix
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
 * DOC: dest hash
 *
 * Exact match of a prefix in O(1): open addressing over buckets of one
 * cache line, each holding up to DHASH_SLOTS dests with a 32-bit tag per
 * dest, the top 32 bits of a 64-bit multiplicative hash of the address and
 * length.  The tags are what make this fast on a big table: a prefix that
 * is not in the table costs one line (its bucket) and no dest read, a
 * removal finds its dest by pointer, and a dest's position can be
 * recomputed from its tag alone, so growing reads no dest either.  A
 * table of a million dests misses the cache on every dest it reads.
 *
 * A dest's home bucket is the top `bits` bits of its tag.  When the home is
 * full it goes to the next bucket that has room (linear probing by bucket,
 * wrapping), and every bucket it passes counts one more overflowing dest;
 * a lookup goes on past a bucket only while that count is nonzero, and a
 * removal takes the dest's count back from the buckets it had passed.  A
 * removal also pulls back a dest that had passed the bucket it freed
 * (refill), so a bucket with a count is always full: a miss stops at the
 * first bucket with room, on a fresh table or after any churn.
 *
 * Growing is incremental, so a big table never stalls a writer for a whole
 * rehash: when the load passes 4/5 a table twice the size is allocated and
 * every later insert or remove moves the dests of DHASH_MIGRATE_STEP old
 * homes into it, in home order (old home i becomes new home 2i or 2i + 1,
 * so both tables are read and written in order).  While both tables exist,
 * a prefix lives in the old table iff its old home has not been migrated
 * yet, so a lookup probes exactly one table.  The next growth is due only
 * after the table holds twice as many dests, and the migration of 1/5 of
 * that many homes ends long before; it also ends before inserts into old
 * homes could fill the old table's last fifth.
 *
 * If the bigger table cannot be allocated the current one keeps filling,
 * and only a full table refuses a new dest (dhash_reserve).  Growth that
 * succeeds only later, with less than that fifth free, migrates the whole
 * table at once, and every probe stops after one round of the table.
 */

#include "eng_os.h"

#include <string.h>

#include "eng_int.h"

/* the fuzz driver builds with 1, so that its small tables grow, wrap around
 * and migrate all the time */
#ifndef DHASH_MIN_BITS
#define DHASH_MIN_BITS      8
#endif
#define DHASH_MAX_BITS      31      /* homes come from the 32-bit tag */
#define DHASH_MIGRATE_STEP  4
#define DHASH_LINE          64
/* meta: the dests in the bucket (at most 7), and above them the dests that
 * passed it, which a table's 2^25 dests at most (LPM4_MAX_INDEX) cannot wrap */
#define COUNT_MASK          0xfu
#define OVERFLOW_ONE        0x10u

/* DHASH_SLOTS (eng_int.h) is what fits in a line with the meta word: 5 on
 * 64-bit, 7 on 32-bit */
struct dhash_bucket
{
    uint32_t             tag[DHASH_SLOTS];
    uint32_t             meta;
    struct eng_dest_int *dest[DHASH_SLOTS];
};

typedef char dhash_bucket_fits_a_line[sizeof(struct dhash_bucket) <= DHASH_LINE ? 1 : -1];

static size_t bucket_count(unsigned int bits)
{
    return (size_t)1 << bits;
}

/* line-aligned buckets; the allocator's own pointer is kept just before them */
static struct dhash_bucket *buckets_alloc(unsigned int bits)
{
    size_t size = bucket_count(bits) * DHASH_LINE;
    char *raw, *aligned;

    if (bits >= 8 * sizeof(size_t) - 7) return NULL;    /* the size would wrap */
    if (!(raw = eng_malloc(size + DHASH_LINE + sizeof(void *)))) return NULL;
    aligned = (char *)(((uintptr_t)raw + sizeof(void *) + DHASH_LINE - 1) & ~(uintptr_t)(DHASH_LINE - 1));
    ((void **)aligned)[-1] = raw;
    memset(aligned, 0, size);
    return (struct dhash_bucket *)aligned;
}

static void buckets_free(struct dhash_bucket *buckets)
{
    if (buckets) eng_free(((void **)buckets)[-1]);
}

static struct dhash_bucket *bucket_at(struct dhash_bucket *buckets, size_t index)
{
    return (struct dhash_bucket *)((char *)buckets + index * DHASH_LINE);
}

int dhash_init(struct eng_dhash *hash, unsigned int key_bytes)
{
    memset(hash, 0, sizeof(*hash));
    hash->key_bytes = key_bytes;
    hash->bits = DHASH_MIN_BITS;
    return (hash->buckets = buckets_alloc(hash->bits)) ? 0 : -1;
}

void dhash_destroy(struct eng_dhash *hash)
{
    buckets_free(hash->buckets);
    buckets_free(hash->old);
    memset(hash, 0, sizeof(*hash));
}

uint32_t dhash_tag(const struct eng_dhash *hash, const struct eng_prefix *prefix)
{
    uint64_t h = prefix->len;
    unsigned int i;

    for (i = 0; i < hash->key_bytes / 4; i++)
    {
        h = (h ^ eng_addr_word(prefix->bytes, i)) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 29;
    }
    return (uint32_t)((h * 0xbf58476d1ce4e5b9ull) >> 32);
}

static size_t home(uint32_t tag, unsigned int bits)
{
    return tag >> (32 - bits);
}

static unsigned int bucket_used(const struct dhash_bucket *bucket)
{
    return bucket->meta & COUNT_MASK;
}

/* where a prefix with this tag lives or would be inserted */
struct probe
{
    struct dhash_bucket *buckets;
    unsigned int         bits;
};

static struct probe probe_for(const struct eng_dhash *hash, uint32_t tag)
{
    struct probe probe = {hash->buckets, hash->bits};

    if (hash->old && home(tag, hash->old_bits) >= hash->migrated)
    {
        probe.buckets = hash->old;
        probe.bits = hash->old_bits;
    }
    return probe;
}

static void bucket_put(struct dhash_bucket *buckets, unsigned int bits, uint32_t tag, struct eng_dest_int *dest)
{
    size_t mask = bucket_count(bits) - 1, index = home(tag, bits);
    struct dhash_bucket *bucket;
    unsigned int used;

    while ((used = bucket_used(bucket = bucket_at(buckets, index))) == DHASH_SLOTS)
    {
        bucket->meta += OVERFLOW_ONE;
        index = (index + 1) & mask;
    }
    bucket->tag[used] = tag;
    bucket->dest[used] = dest;
    bucket->meta++;
}

static void slot_remove(struct dhash_bucket *bucket, unsigned int slot)
{
    unsigned int last = bucket_used(bucket) - 1;

    bucket->tag[slot] = bucket->tag[last];
    bucket->dest[slot] = bucket->dest[last];
    bucket->meta--;
}

/* the buckets from `from` up to (not including) `to` count one passing dest less */
static void unpass(struct dhash_bucket *buckets, size_t mask, size_t from, size_t to)
{
    for (; from != to; from = (from + 1) & mask) bucket_at(buckets, from)->meta -= OVERFLOW_ONE;
}

/* Bucket `hole` has just lost a dest.  A dest that passed it on the way to
 * a later bucket is pulled back into it, and so on for the slot that frees,
 * so that every bucket a dest passed stays full.  A miss then ends at the
 * first bucket with room, however many dests came and went; without this,
 * removals left counts on half-empty buckets, and on a table where routes
 * kept being replaced a miss read 20-30 lines instead of 2, or went round
 * and round a table where every bucket had a count. */
static void refill(struct dhash_bucket *buckets, unsigned int bits, size_t hole)
{
    size_t mask = bucket_count(bits) - 1, at, dist;
    struct dhash_bucket *to, *from;
    unsigned int slot;

    while ((to = bucket_at(buckets, hole))->meta >= OVERFLOW_ONE)
    {
        /* the nearest one: it sits at `at` and came from `dist` or more buckets before */
        for (at = (hole + 1) & mask, dist = 1;; at = (at + 1) & mask, dist++)
        {
            from = bucket_at(buckets, at);
            for (slot = 0; slot < bucket_used(from); slot++)
                if (((at - home(from->tag[slot], bits)) & mask) >= dist) break;
            if (slot < bucket_used(from)) break;
        }
        to->tag[bucket_used(to)] = from->tag[slot];
        to->dest[bucket_used(to)] = from->dest[slot];
        to->meta++;
        slot_remove(from, slot);
        unpass(buckets, mask, hole, at);
        hole = at;
    }
}

/* takes entry `slot` out of bucket `index`, whose dest has home `from` */
static void bucket_take(struct dhash_bucket *buckets, unsigned int bits, size_t from, size_t index,
        unsigned int slot)
{
    slot_remove(bucket_at(buckets, index), slot);
    unpass(buckets, bucket_count(bits) - 1, from, index);
    refill(buckets, bits, index);
}

/* moves the dests of the next n old homes into the new table */
static void migrate(struct eng_dhash *hash, size_t n)
{
    size_t old_size, mask, index, end, steps;
    struct dhash_bucket *bucket;
    unsigned int slot;

    if (!hash->old) return;
    old_size = bucket_count(hash->old_bits);
    mask = old_size - 1;
    for (; n && hash->migrated < old_size; n--, hash->migrated++)
    {
        /* the home's dests are between it and the first bucket nothing passed */
        for (end = hash->migrated, steps = 1; bucket_at(hash->old, end)->meta >= OVERFLOW_ONE && steps < old_size;
             steps++) end = (end + 1) & mask;
        index = hash->migrated;
        for (;;)
        {
            bucket = bucket_at(hash->old, index);
            for (slot = 0; slot < bucket_used(bucket);)
            {
                if (home(bucket->tag[slot], hash->old_bits) != hash->migrated)
                {
                    slot++;
                    continue;
                }
                bucket_put(hash->buckets, hash->bits, bucket->tag[slot], bucket->dest[slot]);
                bucket_take(hash->old, hash->old_bits, hash->migrated, index, slot);
            }
            if (index == end) break;
            index = (index + 1) & mask;
        }
    }
    if (hash->migrated == old_size)
    {
        buckets_free(hash->old);
        hash->old = NULL;
    }
}

static size_t capacity(unsigned int bits)
{
    return bucket_count(bits) * DHASH_SLOTS;
}

static void maybe_grow(struct eng_dhash *hash)
{
    struct dhash_bucket *buckets;

    if (hash->old || hash->count * 5 < capacity(hash->bits) * 4 || hash->bits >= DHASH_MAX_BITS) return;
    if (!(buckets = buckets_alloc(hash->bits + 1))) return;
    hash->old = hash->buckets;
    hash->old_bits = hash->bits;
    hash->migrated = 0;
    hash->buckets = buckets;
    hash->bits++;
    /* After failed attempts the old table may be too full to take the
     * inserts that reach it while it migrates: move everything now, a stall
     * that only follows running out of memory. */
    if ((capacity(hash->old_bits) - hash->count) * DHASH_MIGRATE_STEP <= bucket_count(hash->old_bits))
        migrate(hash, bucket_count(hash->old_bits));
}

int dhash_reserve(struct eng_dhash *hash)
{
    maybe_grow(hash);
    /* while a migration runs, both tables have room (see above) */
    return !hash->old && hash->count >= capacity(hash->bits) ? -1 : 0;
}

void dhash_prefetch(const struct eng_dhash *hash, uint32_t tag)
{
    struct probe probe = probe_for(hash, tag);

    __builtin_prefetch(bucket_at(probe.buckets, home(tag, probe.bits)));
}

static int same_prefix(const struct eng_dhash *hash, const struct eng_prefix *a, const struct eng_prefix *b)
{
    unsigned int i;

    if (a->len != b->len) return 0;
    for (i = 0; i < hash->key_bytes / 4; i++)
        if (eng_addr_word(a->bytes, i) != eng_addr_word(b->bytes, i)) return 0;
    return 1;
}

struct eng_dest_int *dhash_find(const struct eng_dhash *hash, const struct eng_prefix *prefix, uint32_t tag)
{
    struct probe probe = probe_for(hash, tag);
    size_t mask = bucket_count(probe.bits) - 1, index = home(tag, probe.bits);
    const struct dhash_bucket *bucket;
    unsigned int slot;
    size_t left;

    /* a table with no room left may have no bucket that ends the search */
    for (left = mask + 1; left--; index = (index + 1) & mask)
    {
        bucket = bucket_at(probe.buckets, index);
        for (slot = 0; slot < bucket_used(bucket); slot++)
            if (bucket->tag[slot] == tag && same_prefix(hash, &bucket->dest[slot]->pub.prefix, prefix))
                return bucket->dest[slot];
        if (bucket->meta < OVERFLOW_ONE) break;
    }
    return NULL;
}

void dhash_insert(struct eng_dhash *hash, struct eng_dest_int *dest, uint32_t tag)
{
    struct probe probe;

    migrate(hash, DHASH_MIGRATE_STEP);
    probe = probe_for(hash, tag);
    bucket_put(probe.buckets, probe.bits, tag, dest);
    hash->count++;
}

void dhash_remove(struct eng_dhash *hash, struct eng_dest_int *dest, uint32_t tag)
{
    struct probe probe;
    size_t mask, from, index, left;
    const struct dhash_bucket *bucket;
    unsigned int slot;

    migrate(hash, DHASH_MIGRATE_STEP);
    probe = probe_for(hash, tag);
    mask = bucket_count(probe.bits) - 1;
    from = index = home(tag, probe.bits);
    for (left = mask + 1; left--; index = (index + 1) & mask)
    {
        bucket = bucket_at(probe.buckets, index);
        for (slot = 0; slot < bucket_used(bucket); slot++)
        {
            if (bucket->dest[slot] != dest) continue;
            bucket_take(probe.buckets, probe.bits, from, index, slot);
            hash->count--;
            return;
        }
        if (bucket->meta < OVERFLOW_ONE) return;
    }
}

/* Checks one table: tags, counts, that every dest is in the table where
 * lookups probe and is reached from its home, and that every bucket's
 * overflow count is the number of dests that passed it. */
static const char *check_buckets(const struct eng_dhash *hash, struct dhash_bucket *buckets,
        unsigned int bits, int is_old, size_t *count)
{
    size_t size = bucket_count(bits), mask = size - 1, index, at;
    const struct dhash_bucket *bucket;
    const char *err = NULL;
    unsigned int slot;
    uint32_t *passed;

    if (!(passed = eng_calloc(size, sizeof(*passed)))) return "dhash: checker out of memory";
    for (index = 0; index < size && !err; index++)
    {
        bucket = bucket_at(buckets, index);
        if (bucket_used(bucket) > DHASH_SLOTS) err = "dhash: bucket overfull";
        else if (bucket->meta >= OVERFLOW_ONE && bucket_used(bucket) < DHASH_SLOTS)
            err = "dhash: a bucket that a dest passed has room";
        for (slot = 0; slot < bucket_used(bucket) && !err; slot++)
        {
            uint32_t tag = bucket->tag[slot];

            if (tag != dhash_tag(hash, &bucket->dest[slot]->pub.prefix)) err = "dhash: wrong tag";
            else if (probe_for(hash, tag).buckets != buckets) err = "dhash: dest not where lookups probe";
            else if (is_old && home(tag, bits) < hash->migrated) err = "dhash: migrated home not empty";
            else if (dhash_find(hash, &bucket->dest[slot]->pub.prefix, tag) != bucket->dest[slot])
                err = "dhash: dest not found";
            else if (++*count > hash->count) err = "dhash: more dests than counted";
            for (at = home(tag, bits); !err && at != index; at = (at + 1) & mask) passed[at]++;
        }
    }
    for (index = 0; index < size && !err; index++)
        if (bucket_at(buckets, index)->meta / OVERFLOW_ONE != passed[index]) err = "dhash: wrong overflow count";
    eng_free(passed);
    return err;
}

const char *dhash_check(const struct eng_dhash *hash)
{
    const char *err;
    size_t count = 0;

    if ((uintptr_t)hash->buckets % DHASH_LINE) return "dhash: buckets not line-aligned";
    if ((err = check_buckets(hash, hash->buckets, hash->bits, 0, &count))) return err;
    if (hash->old && (err = check_buckets(hash, hash->old, hash->old_bits, 1, &count))) return err;
    return count == hash->count ? NULL : "dhash: count mismatch";
}
