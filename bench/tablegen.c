/*
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

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tablegen.h"

/*
 * How a table is built (see tablegen.h for the why):
 *
 * 1. The address space is cut into allocation blocks of block_len bits
 *    (IPv4 /12, IPv6 /24) inside the space a registry would hand out.  Each
 *    block gets a heavy-tailed (Pareto) popularity weight; some get none, as
 *    unallocated space.  Prefixes no longer than block_len are the covering
 *    aggregates of weighted blocks.
 * 2. Lengths are generated shortest first.  A longer prefix is either a
 *    more-specific of a random shorter prefix already in the table (with a
 *    per-length probability), or a fresh random prefix inside a weighted
 *    block.  Since shorter prefixes were themselves placed by weight, the
 *    nesting concentrates prefixes in the popular blocks, as in real tables.
 *    IPv4 aggregates are spread over the allocated blocks rather than by
 *    popularity, and a fresh prefix retries a few times to land outside the
 *    /20 cells that prefixes up to /20 already cover: in a real table the
 *    short aggregates barely overlap (they cover ~77% of the space).
 * 3. Long prefixes continue runs: with a per-length probability the next
 *    prefix is the next sibling of the previous one, as long as it stays
 *    inside the same parent (runs of consecutive /24s are the typical case).
 * 4. A hash set keeps prefixes unique; the table is shuffled at the end.
 */

struct u128
{
    uint64_t hi;
    uint64_t lo;
};

struct block_set
{
    size_t count;
    struct u128 *base;
    double *cumul;      /* cumulative weights, cumul[count - 1] is the sum */
};

/* One bit per IPv4 /20: set once a prefix of length <= 20 covers it. */
struct cover_map
{
    unsigned char *bits;
};

struct prefix_set
{
    size_t mask;
    uint32_t *slot;     /* index + 1 into the table, 0 for empty */
};

static const unsigned long dist4[][2] =
{
    { 8, 8 }, { 9, 6 }, { 10, 31 }, { 11, 95 }, { 12, 257 }, { 13, 493 },
    { 14, 1120 }, { 15, 2455 }, { 16, 9331 }, { 17, 6735 }, { 18, 11825 }, { 19, 22075 },
    { 20, 33264 }, { 21, 46064 }, { 22, 117949 }, { 23, 133138 }, { 24, 636225 }, { 25, 1350 },
    { 26, 1447 }, { 27, 1595 }, { 28, 141 }, { 29, 164 }, { 30, 53 }, { 31, 3 },
    { 32, 7 },
};

static const unsigned long dist6[][2] =
{
    { 16, 1 }, { 20, 10 }, { 21, 7 }, { 22, 15 }, { 23, 21 }, { 24, 52 },
    { 25, 41 }, { 26, 69 }, { 27, 65 }, { 28, 175 }, { 29, 10410 }, { 30, 974 },
    { 31, 1523 }, { 32, 28341 }, { 33, 1808 }, { 34, 2173 }, { 35, 2580 }, { 36, 4860 },
    { 37, 2673 }, { 38, 3330 }, { 39, 3739 }, { 40, 8021 }, { 41, 3762 }, { 42, 4368 },
    { 43, 5099 }, { 44, 9835 }, { 45, 5009 }, { 46, 6329 }, { 47, 9632 }, { 48, 41327 },
    { 49, 386 }, { 50, 405 }, { 51, 417 }, { 52, 520 }, { 53, 492 }, { 54, 386 },
    { 55, 362 }, { 56, 457 }, { 57, 384 }, { 58, 537 }, { 59, 683 }, { 60, 800 },
    { 61, 835 }, { 62, 869 }, { 63, 891 }, { 64, 1712 }, { 65, 91 }, { 66, 73 },
    { 67, 63 }, { 68, 45 }, { 69, 35 }, { 70, 28 }, { 71, 23 }, { 72, 28 },
    { 73, 24 }, { 74, 23 }, { 75, 23 }, { 76, 23 }, { 77, 23 }, { 78, 23 },
    { 79, 20 }, { 80, 25 }, { 81, 21 }, { 82, 21 }, { 83, 21 }, { 84, 23 },
    { 85, 21 }, { 86, 22 }, { 87, 21 }, { 88, 20 }, { 89, 20 }, { 90, 20 },
    { 91, 21 }, { 92, 20 }, { 93, 20 }, { 94, 20 }, { 95, 20 }, { 96, 23 },
    { 97, 21 }, { 98, 19 }, { 99, 20 }, { 100, 19 }, { 101, 18 }, { 102, 18 },
    { 103, 18 }, { 104, 18 }, { 105, 18 }, { 106, 18 }, { 107, 18 }, { 108, 18 },
    { 109, 18 }, { 110, 18 }, { 111, 18 }, { 112, 18 }, { 113, 17 }, { 114, 18 },
    { 115, 17 }, { 116, 18 }, { 117, 19 }, { 118, 20 }, { 119, 18 }, { 120, 20 },
    { 121, 18 }, { 122, 19 }, { 123, 18 }, { 124, 19 }, { 125, 20 }, { 126, 20 },
    { 127, 21 }, { 128, 37 },
};

void tg_rng_seed(struct tg_rng *rng, uint64_t seed)
{
    int i;

    for (i = 0; i < 4; i++)
    {
        uint64_t z;

        seed += 0x9e3779b97f4a7c15ull;
        z = seed;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        rng->s[i] = z ^ (z >> 31);
    }
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t tg_rand64(struct tg_rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t tg_rand_below(struct tg_rng *rng, uint64_t n)
{
    /* Rejection keeps it unbiased; the loop almost never repeats. */
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t r;

    do r = tg_rand64(rng); while (r >= limit);
    return r % n;
}

double tg_rand_unit(struct tg_rng *rng)
{
    return (tg_rand64(rng) >> 11) * (1.0 / 9007199254740992.0);
}

static void dist_from_pairs(unsigned int family, const unsigned long (*pairs)[2],
                            size_t n, struct tg_dist *dist)
{
    size_t i;

    memset(dist, 0, sizeof(*dist));
    dist->family = family;
    for (i = 0; i < n; i++)
    {
        dist->count[pairs[i][0]] = pairs[i][1];
        dist->total += pairs[i][1];
    }
}

void tg_default_dist(unsigned int family, struct tg_dist *dist)
{
    if (family == 4)
        dist_from_pairs(4, dist4, sizeof(dist4) / sizeof(dist4[0]), dist);
    else
        dist_from_pairs(6, dist6, sizeof(dist6) / sizeof(dist6[0]), dist);
}

int tg_read_dist(const char *path, unsigned int family, struct tg_dist *dist)
{
    char line[256], fam[16];
    unsigned int len, width = family == 4 ? 32 : 128;
    unsigned long count;
    FILE *f;

    if (!(f = fopen(path, "r"))) return -1;
    memset(dist, 0, sizeof(*dist));
    dist->family = family;
    while (fgets(line, sizeof(line), f))
    {
        if (line[0] == '#') continue;
        if (sscanf(line, "%15s %u %lu", fam, &len, &count) != 3) continue;
        if (strcmp(fam, family == 4 ? "ipv4" : "ipv6") || len > width) continue;
        dist->count[len] += count;
        dist->total += count;
    }
    fclose(f);
    return dist->total ? 0 : -1;
}

void tg_scale_dist(const struct tg_dist *in, unsigned long n, struct tg_dist *out)
{
    double frac[TG_MAX_LEN + 1];
    unsigned long assigned = 0;
    unsigned int len;

    memset(out, 0, sizeof(*out));
    out->family = in->family;
    if (!in->total) return;
    for (len = 0; len <= TG_MAX_LEN; len++)
    {
        double exact = (double)in->count[len] * n / in->total;

        out->count[len] = (unsigned long)exact;
        frac[len] = in->count[len] ? exact - out->count[len] : -1.0;
        assigned += out->count[len];
    }
    while (assigned < n)
    {
        unsigned int best = 0;

        for (len = 1; len <= TG_MAX_LEN; len++)
            if (frac[len] > frac[best]) best = len;
        out->count[best]++;
        frac[best] = -1.0;
        assigned++;
    }
    out->total = n;
}

/* The top len bits set. */
static struct u128 prefix_mask(unsigned int len)
{
    struct u128 m;

    m.hi = len >= 64 ? UINT64_MAX : len ? UINT64_MAX << (64 - len) : 0;
    m.lo = len >= 128 ? UINT64_MAX : len > 64 ? UINT64_MAX << (128 - len) : 0;
    return m;
}

/* Keeps the first `from` bits of base, randomizes bits [from, to), clears the rest. */
static struct u128 random_inside(struct tg_rng *rng, struct u128 base, unsigned int from,
                                 unsigned int to)
{
    struct u128 keep = prefix_mask(from), upto = prefix_mask(to), r;

    r.hi = (base.hi & keep.hi) | (tg_rand64(rng) & upto.hi & ~keep.hi);
    r.lo = (base.lo & keep.lo) | (tg_rand64(rng) & upto.lo & ~keep.lo);
    return r;
}

/* The next prefix of the same length; wraps around at the end of the space. */
static struct u128 next_sibling(struct u128 a, unsigned int len)
{
    struct u128 r = a;

    if (len > 64)
    {
        r.lo += 1ull << (128 - len);
        if (r.lo < a.lo) r.hi++;
    }
    else
        r.hi += len == 64 ? 1 : 1ull << (64 - len);
    return r;
}

static uint64_t prefix_hash(struct u128 a, unsigned int len)
{
    uint64_t h = a.hi ^ rotl(a.lo, 32) ^ len;

    /* murmur3's finalizer: IPv4 keys have 32 zero low bits, so mix fully. */
    h = (h ^ (h >> 33)) * 0xff51afd7ed558ccdull;
    h = (h ^ (h >> 33)) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

static int prefix_set_init(struct prefix_set *set, size_t n)
{
    size_t size = 1024;

    while (size < 2 * n) size <<= 1;
    set->mask = size - 1;
    return (set->slot = calloc(size, sizeof(*set->slot))) ? 0 : -1;
}

/* Adds table->pfx[index] unless an equal prefix is in the set; returns 1 if added. */
static int prefix_set_add(struct prefix_set *set, const struct tg_table *table, size_t index)
{
    const struct tg_prefix *p = &table->pfx[index], *q;
    struct u128 a;
    size_t i;

    a.hi = p->hi;
    a.lo = p->lo;
    for (i = prefix_hash(a, p->len) & set->mask; set->slot[i]; i = (i + 1) & set->mask)
    {
        q = &table->pfx[set->slot[i] - 1];
        if (q->hi == p->hi && q->lo == p->lo && q->len == p->len) return 0;
    }
    set->slot[i] = (uint32_t)index + 1;
    return 1;
}

/* Pareto(alpha 1.2) popularity, capped so one block cannot swallow a table. */
static double popularity(struct tg_rng *rng, double unallocated)
{
    double u = tg_rand_unit(rng);

    if (u < unallocated) return 0.0;
    u = 1.0 - tg_rand_unit(rng);
    return fmin(pow(u, -1.0 / 1.2), 500.0);
}

static int add_block(struct block_set *set, size_t *cap, uint64_t hi, double weight)
{
    if (set->count == *cap)
    {
        size_t n = *cap ? *cap * 2 : 4096;
        struct u128 *base = realloc(set->base, n * sizeof(*base));
        double *cumul;

        if (!base) return -1;
        set->base = base;
        if (!(cumul = realloc(set->cumul, n * sizeof(*cumul)))) return -1;
        set->cumul = cumul;
        *cap = n;
    }
    set->base[set->count].hi = hi;
    set->base[set->count].lo = 0;
    set->cumul[set->count] = (set->count ? set->cumul[set->count - 1] : 0.0) + weight;
    set->count++;
    return 0;
}

/* IPv4: /12 blocks inside every unicast /8 but 0, 10 and 127; the old
 * class C space (192/3) is denser in /24s, so it weighs more.
 * IPv6: /24 blocks inside the RIR regions 2001::/16 and 2400::/12 ..
 * 2c00::/12, weighted per registry. */
static int build_blocks(unsigned int family, struct tg_rng *rng, struct block_set *set)
{
    static const struct { uint64_t top16; unsigned int blocks; double weight; } rir6[] =
    {
        { 0x2001, 256, 1.0 }, { 0x2400, 4096, 2.0 }, { 0x2600, 4096, 2.0 },
        { 0x2800, 4096, 1.5 }, { 0x2a00, 4096, 3.0 }, { 0x2c00, 4096, 0.3 },
    };
    size_t cap = 0, i;
    unsigned int k;

    memset(set, 0, sizeof(*set));
    if (family == 4)
    {
        unsigned int octet;

        for (octet = 1; octet < 224; octet++)
        {
            if (octet == 10 || octet == 127) continue;
            for (k = 0; k < 16; k++)
            {
                uint64_t hi = (uint64_t)((octet << 24) | (k << 20)) << 32;
                double w = popularity(rng, 0.12) * (octet >= 192 ? 2.0 : 1.0);

                if (add_block(set, &cap, hi, w)) return -1;
            }
        }
        return 0;
    }
    for (i = 0; i < sizeof(rir6) / sizeof(rir6[0]); i++)
        for (k = 0; k < rir6[i].blocks; k++)
        {
            uint64_t hi = (rir6[i].top16 << 48) + ((uint64_t)k << 40);

            if (add_block(set, &cap, hi, popularity(rng, 0.3) * rir6[i].weight)) return -1;
        }
    return 0;
}

static struct u128 pick_block(struct tg_rng *rng, const struct block_set *set)
{
    double x = tg_rand_unit(rng) * set->cumul[set->count - 1];
    size_t lo = 0, hi = set->count - 1;

    while (lo < hi)
    {
        size_t mid = (lo + hi) / 2;

        if (set->cumul[mid] > x) hi = mid;
        else lo = mid + 1;
    }
    return set->base[lo];
}

static struct u128 pick_allocated_block(struct tg_rng *rng, const struct block_set *set)
{
    size_t i;

    do i = tg_rand_below(rng, set->count);
    while (set->cumul[i] <= (i ? set->cumul[i - 1] : 0.0));
    return set->base[i];
}

/* The /20 cells of an IPv4 prefix: first cell and count. */
static void cover_cells(struct u128 a, unsigned int len, uint32_t *first, uint32_t *count)
{
    *first = (uint32_t)(a.hi >> 44);
    *count = len >= 20 ? 1 : 1u << (20 - len);
}

static int cover_test(const struct cover_map *map, struct u128 a, unsigned int len)
{
    uint32_t first, count, i;

    cover_cells(a, len, &first, &count);
    for (i = first; i < first + count; i++)
        if (map->bits[i >> 3] & (1 << (i & 7))) return 1;
    return 0;
}

static void cover_mark(struct cover_map *map, struct u128 a, unsigned int len)
{
    uint32_t first, count, i;

    cover_cells(a, len, &first, &count);
    for (i = first; i < first + count; i++) map->bits[i >> 3] |= 1 << (i & 7);
}

/* Probability that a prefix of this length is a more-specific of a prefix
 * already in the table rather than placed directly in a block. */
static double nest_probability(unsigned int family, unsigned int len)
{
    if (family == 4)
        return len <= 16 ? 0.1 : len <= 23 ? 0.45 : len == 24 ? 0.5 : 0.95;
    return len <= 32 ? 0.1 : len < 48 ? 0.5 : len == 48 ? 0.6 : len <= 64 ? 0.8 : 0.95;
}

/* Probability that a prefix continues a run of consecutive siblings. */
static double run_probability(unsigned int family, unsigned int len)
{
    if (family == 4)
        return len == 24 ? 0.8 : len >= 19 && len < 24 ? 0.6 : len > 24 ? 0.3 : 0.0;
    return len >= 40 && len <= 48 ? 0.6 : len == 64 ? 0.3 : 0.0;
}

/* Fallback once a length keeps colliding: anywhere in the unicast space. */
static struct u128 random_unicast(unsigned int family, struct tg_rng *rng, unsigned int len)
{
    struct u128 base = { 0, 0 };

    if (family == 4)
    {
        base.hi = (1 + tg_rand_below(rng, 223)) << 56;
        return random_inside(rng, base, 8, len);
    }
    base.hi = 1ull << 61;
    return random_inside(rng, base, 3, len);
}

int tg_generate(const struct tg_dist *dist, uint64_t seed, struct tg_table *table)
{
    unsigned int width = dist->family == 4 ? 32 : 128;
    unsigned int block_len = dist->family == 4 ? 12 : 24;
    struct prefix_set set;
    struct cover_map cover = { NULL };
    struct block_set blocks;
    struct tg_rng rng;
    unsigned int len;
    size_t n = 0, i;
    int ret = -1;

    memset(table, 0, sizeof(*table));
    table->family = dist->family;
    tg_rng_seed(&rng, seed);
    if (!(table->pfx = calloc(dist->total ? dist->total : 1, sizeof(*table->pfx)))) return -1;
    if (prefix_set_init(&set, dist->total)) goto done;
    if (build_blocks(dist->family, &rng, &blocks)) goto done_set;
    if (dist->family == 4 && !(cover.bits = calloc(1, 1 << 17))) goto done_blocks;

    for (len = 1; len <= width; len++)
    {
        size_t shorter = n, target = n + dist->count[len];
        unsigned int parent_len = 0, failures = 0;
        struct u128 prev = { 0, 0 }, parent_mask = { 0, 0 }, a;
        int in_run = 0;

        while (n < target)
        {
            int continued = 0;

            if (in_run && tg_rand_unit(&rng) < run_probability(dist->family, len))
            {
                a = next_sibling(prev, len);
                continued = !((a.hi ^ prev.hi) & parent_mask.hi) && !((a.lo ^ prev.lo) & parent_mask.lo);
            }
            if (!continued)
            {
                if (failures > 64)
                {
                    parent_len = dist->family == 4 ? 8 : 3;
                    a = random_unicast(dist->family, &rng, len);
                }
                else if (len > block_len && shorter && tg_rand_unit(&rng) < nest_probability(dist->family, len))
                {
                    const struct tg_prefix *p = &table->pfx[tg_rand_below(&rng, shorter)];
                    struct u128 base;

                    base.hi = p->hi;
                    base.lo = p->lo;
                    parent_len = p->len;
                    a = random_inside(&rng, base, p->len, len);
                }
                else
                {
                    unsigned int tries = !cover.bits ? 1 : len <= 20 ? 16 : 4;

                    parent_len = len < block_len ? len : block_len;
                    do
                    {
                        struct u128 block = cover.bits && len <= 16 ? pick_allocated_block(&rng, &blocks)
                                                                    : pick_block(&rng, &blocks);

                        a = random_inside(&rng, block, parent_len, len);
                    } while (--tries && cover_test(&cover, a, len));
                }
                parent_mask = prefix_mask(parent_len);
            }
            table->pfx[n].hi = a.hi;
            table->pfx[n].lo = a.lo;
            table->pfx[n].len = len;
            if (prefix_set_add(&set, table, n))
            {
                if (cover.bits && len <= 20) cover_mark(&cover, a, len);
                prev = a;
                in_run = 1;
                failures = 0;
                n++;
            }
            else
            {
                in_run = 0;
                failures++;
            }
        }
    }
    table->count = n;

    for (i = n; i > 1; i--)
    {
        size_t j = tg_rand_below(&rng, i);
        struct tg_prefix t = table->pfx[i - 1];

        table->pfx[i - 1] = table->pfx[j];
        table->pfx[j] = t;
    }
    ret = 0;

    free(cover.bits);
done_blocks:
    free(blocks.base);
    free(blocks.cumul);
done_set:
    free(set.slot);
done:
    if (ret) tg_free(table);
    return ret;
}

void tg_free(struct tg_table *table)
{
    free(table->pfx);
    table->pfx = NULL;
    table->count = 0;
}

void tg_lookup_addrs4(const struct tg_table *table, size_t n, double inside,
                      uint64_t seed, uint32_t *addr)
{
    struct tg_rng rng;
    size_t i;

    tg_rng_seed(&rng, seed);
    for (i = 0; i < n; i++)
    {
        uint32_t r = (uint32_t)(tg_rand64(&rng) >> 32);

        if (table->count && tg_rand_unit(&rng) < inside)
        {
            const struct tg_prefix *p = &table->pfx[tg_rand_below(&rng, table->count)];
            uint32_t mask = p->len ? 0xffffffffu << (32 - p->len) : 0;

            r = tg_addr4(p) | (r & ~mask);
        }
        addr[i] = r;
    }
}

void tg_lookup_addrs6(const struct tg_table *table, size_t n, double inside,
                      uint64_t seed, uint64_t *addr)
{
    struct tg_rng rng;
    struct u128 a, base;
    size_t i;

    tg_rng_seed(&rng, seed);
    for (i = 0; i < n; i++)
    {
        if (table->count && tg_rand_unit(&rng) < inside)
        {
            const struct tg_prefix *p = &table->pfx[tg_rand_below(&rng, table->count)];

            base.hi = p->hi;
            base.lo = p->lo;
            a = random_inside(&rng, base, p->len, 128);
        }
        else
        {
            base.hi = 1ull << 61;
            base.lo = 0;
            a = random_inside(&rng, base, 3, 128);
        }
        addr[2 * i] = a.hi;
        addr[2 * i + 1] = a.lo;
    }
}
