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
 * Exact match of a prefix in O(1): a chained hash whose chains run through
 * dest->hash_next, so it costs one pointer per bucket and nothing per dest.
 * A bucket index is the top `bits` bits of a 64-bit multiplicative hash of
 * the address and length, so when the table doubles, old bucket i splits
 * into new buckets 2i and 2i + 1.
 *
 * Growing is incremental, so a big table never stalls a writer for a whole
 * rehash: when the load passes one dest per bucket a table twice the size is
 * allocated and every later insert or remove moves DHASH_MIGRATE_STEP old
 * buckets into it.  While both tables exist, old buckets below `migrated`
 * are empty and a prefix lives in the old table iff its old bucket has not
 * been migrated yet, so a lookup probes exactly one chain.  The next
 * doubling is due only after `size` more inserts, and by then all `size` old
 * buckets have long been moved, so one migration ends before the next one
 * could start.
 *
 * The hash never refuses a dest: if the bigger table cannot be allocated
 * it keeps the current one with longer chains and tries again later.
 */

#include "eng_os.h"

#include <string.h>

#include "eng_int.h"

#define DHASH_MIN_BITS      8
#define DHASH_MIGRATE_STEP  4

int dhash_init(struct eng_dhash *hash, unsigned int key_bytes)
{
    memset(hash, 0, sizeof(*hash));
    hash->key_bytes = key_bytes;
    hash->bits = DHASH_MIN_BITS;
    if (!(hash->buckets = eng_calloc((size_t)1 << hash->bits, sizeof(*hash->buckets)))) return -1;
    return 0;
}

void dhash_destroy(struct eng_dhash *hash)
{
    eng_free(hash->buckets);
    eng_free(hash->old);
    memset(hash, 0, sizeof(*hash));
}

static uint64_t hash_prefix(const struct eng_dhash *hash, const struct eng_prefix *prefix)
{
    uint64_t h = prefix->len;
    uint32_t word;
    unsigned int i;

    for (i = 0; i < hash->key_bytes; i += 4)
    {
        word = ((uint32_t)prefix->bytes[i] << 24) | ((uint32_t)prefix->bytes[i + 1] << 16) |
               ((uint32_t)prefix->bytes[i + 2] << 8) | prefix->bytes[i + 3];
        h = (h ^ word) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 29;
    }
    return h * 0xbf58476d1ce4e5b9ull;
}

static int same_prefix(const struct eng_dhash *hash, const struct eng_prefix *a, const struct eng_prefix *b)
{
    return a->len == b->len && !memcmp(a->bytes, b->bytes, hash->key_bytes);
}

/* the chain that holds (or would hold) a prefix with hash value h */
static struct eng_dest_int **chain(const struct eng_dhash *hash, uint64_t h)
{
    size_t index;

    if (hash->old && (index = (size_t)(h >> (64 - hash->old_bits))) >= hash->migrated)
        return &hash->old[index];
    return &hash->buckets[h >> (64 - hash->bits)];
}

static void migrate(struct eng_dhash *hash, size_t nbuckets)
{
    struct eng_dest_int *dest, *next, **bucket;
    size_t old_size, i;

    if (!hash->old) return;
    old_size = (size_t)1 << hash->old_bits;
    while (nbuckets-- && hash->migrated < old_size)
    {
        for (dest = hash->old[hash->migrated]; dest; dest = next)
        {
            next = dest->hash_next;
            bucket = &hash->buckets[hash_prefix(hash, &dest->pub.prefix) >> (64 - hash->bits)];
            dest->hash_next = *bucket;
            *bucket = dest;
        }
        hash->old[hash->migrated++] = NULL;
    }
    /* the next call moves the dests at the head of the next buckets: a
     * cache miss each, started now so that it is over by then */
    for (i = hash->migrated; i < old_size && i < hash->migrated + DHASH_MIGRATE_STEP; i++)
        if (hash->old[i]) __builtin_prefetch(hash->old[i]);
    if (hash->migrated == old_size)
    {
        eng_free(hash->old);
        hash->old = NULL;
    }
}

static void maybe_grow(struct eng_dhash *hash)
{
    struct eng_dest_int **buckets;

    if (hash->old || hash->count <= ((size_t)1 << hash->bits) || hash->bits >= 8 * sizeof(size_t) - 2)
        return;
    if (!(buckets = eng_calloc((size_t)2 << hash->bits, sizeof(*buckets)))) return;
    hash->old = hash->buckets;
    hash->old_bits = hash->bits;
    hash->migrated = 0;
    hash->buckets = buckets;
    hash->bits++;
}

/* step 0: the bucket; step 1, once the bucket has arrived: the dest at the
 * head of its chain, which a removal reads unless it removes that dest */
void dhash_prefetch(const struct eng_dhash *hash, const struct eng_prefix *prefix, int step)
{
    struct eng_dest_int **bucket = chain(hash, hash_prefix(hash, prefix));

    if (!step) __builtin_prefetch(bucket);
    else if (*bucket) __builtin_prefetch(*bucket);
}

struct eng_dest_int *dhash_find(const struct eng_dhash *hash, const struct eng_prefix *prefix)
{
    struct eng_dest_int *dest;

    for (dest = *chain(hash, hash_prefix(hash, prefix)); dest; dest = dest->hash_next)
        if (same_prefix(hash, &dest->pub.prefix, prefix)) return dest;
    return NULL;
}

void dhash_insert(struct eng_dhash *hash, struct eng_dest_int *dest)
{
    struct eng_dest_int **bucket;

    migrate(hash, DHASH_MIGRATE_STEP);
    hash->count++;
    maybe_grow(hash);
    bucket = chain(hash, hash_prefix(hash, &dest->pub.prefix));
    dest->hash_next = *bucket;
    *bucket = dest;
}

void dhash_remove(struct eng_dhash *hash, struct eng_dest_int *dest)
{
    struct eng_dest_int **link;

    migrate(hash, DHASH_MIGRATE_STEP);
    for (link = chain(hash, hash_prefix(hash, &dest->pub.prefix)); *link; link = &(*link)->hash_next)
    {
        if (*link != dest) continue;
        *link = dest->hash_next;
        dest->hash_next = NULL;
        hash->count--;
        return;
    }
}

static const char *check_buckets(const struct eng_dhash *hash, struct eng_dest_int **buckets,
        unsigned int bits, size_t first, size_t *count)
{
    struct eng_dest_int *dest;
    size_t i;

    for (i = 0; i < first; i++)
        if (buckets[i]) return "dhash: migrated bucket not empty";
    for (i = first; i < (size_t)1 << bits; i++)
    {
        for (dest = buckets[i]; dest; dest = dest->hash_next)
        {
            if ((hash_prefix(hash, &dest->pub.prefix) >> (64 - bits)) != i) return "dhash: dest in wrong bucket";
            if (chain(hash, hash_prefix(hash, &dest->pub.prefix)) != &buckets[i])
                return "dhash: dest not where lookups probe";
            if (++*count > hash->count) return "dhash: more dests than counted";
        }
    }
    return NULL;
}

const char *dhash_check(const struct eng_dhash *hash)
{
    const char *err;
    size_t count = 0;

    if ((err = check_buckets(hash, hash->buckets, hash->bits, 0, &count))) return err;
    if (hash->old && (err = check_buckets(hash, hash->old, hash->old_bits, hash->migrated, &count))) return err;
    return count == hash->count ? NULL : "dhash: count mismatch";
}
