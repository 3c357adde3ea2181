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

/*
 * Synthetic routing-table generator for the rtm.dll benchmark.
 *
 * Tables follow a prefix-length distribution (by default the one of a 2026
 * full Internet table, built in; tg_read_dist() reads the same format from
 * a file: "family length count" lines, '#' comments) and are clustered the
 * way real tables are: prefixes live inside weighted allocation blocks
 * (IPv4: /12s inside allocated /8s; IPv6: /24s inside the RIR /12s of
 * 2000::/3), many are more-specifics nested under a shorter prefix of the
 * same table, and long prefixes come in contiguous runs of siblings.
 * Everything is driven by one seeded PRNG, so a (distribution, size, seed)
 * triple always yields the same table, on every platform.
 */

#ifndef RTM_BENCH_TABLEGEN_H
#define RTM_BENCH_TABLEGEN_H

#include <stddef.h>
#include <stdint.h>

#define TG_MAX_LEN 128

/* Number of prefixes of each length for one address family. */
struct tg_dist
{
    unsigned int family;                /* 4 or 6 */
    unsigned long count[TG_MAX_LEN + 1];
    unsigned long total;
};

/* A prefix.  The address is a 128-bit big-endian value split in two host
 * integers; an IPv4 address sits in the top 32 bits of hi.  Bits past len
 * are zero. */
struct tg_prefix
{
    uint64_t hi;
    uint64_t lo;
    unsigned int len;
};

struct tg_table
{
    unsigned int family;
    size_t count;
    struct tg_prefix *pfx;
};

/* xoshiro256** state; tg_rng_seed() expands a 64-bit seed with splitmix64. */
struct tg_rng
{
    uint64_t s[4];
};

void tg_rng_seed(struct tg_rng *rng, uint64_t seed);
uint64_t tg_rand64(struct tg_rng *rng);
/* Uniform in [0, n), n > 0. */
uint64_t tg_rand_below(struct tg_rng *rng, uint64_t n);
/* Uniform in [0, 1). */
double tg_rand_unit(struct tg_rng *rng);

/* The built-in 2026 full-table distribution for family 4 or 6. */
void tg_default_dist(unsigned int family, struct tg_dist *dist);

/* Reads a distribution file; returns 0 on success, -1 if the file cannot be
 * read or has no line for the family. */
int tg_read_dist(const char *path, unsigned int family, struct tg_dist *dist);

/* Scales a distribution to exactly n prefixes (largest remainder), keeping
 * the shape; a length keeps at least one prefix only if n allows it. */
void tg_scale_dist(const struct tg_dist *in, unsigned long n, struct tg_dist *out);

/* Generates a table with exactly dist->total unique prefixes, in a seeded
 * random order (the order a feed would deliver them in is not sorted).
 * Returns 0, or -1 on allocation failure. */
int tg_generate(const struct tg_dist *dist, uint64_t seed, struct tg_table *table);

void tg_free(struct tg_table *table);

/* Fills addr[0..n) with IPv4 destinations (host byte order): a share
 * `inside` of them are random hosts of random prefixes of the table, the
 * others uniform random over the whole IPv4 space. */
void tg_lookup_addrs4(const struct tg_table *table, size_t n, double inside,
                      uint64_t seed, uint32_t *addr);

/* The same for IPv6; the "random" ones are uniform in 2000::/3.  Each
 * address takes two entries of addr (hi, lo). */
void tg_lookup_addrs6(const struct tg_table *table, size_t n, double inside,
                      uint64_t seed, uint64_t *addr);

static inline uint32_t tg_addr4(const struct tg_prefix *p)
{
    return (uint32_t)(p->hi >> 32);
}

#endif /* RTM_BENCH_TABLEGEN_H */
