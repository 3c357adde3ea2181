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
 * Native (Linux) self-check of the table generator and the baseline trie,
 * for quick work on them without Wine: checks that tables are unique, have
 * exactly the requested length distribution and are reproducible, prints
 * their clustering figures, cross-checks trie lookups against a linear
 * scan, and times the trie.  Exits non-zero on any failed check.
 *
 *   tgcheck [--dist FILE] [--seed N]
 */

#define _POSIX_C_SOURCE 199309L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tablegen.h"
#include "trie.h"

static int failures;

static void check(int cond, const char *what)
{
    printf("  %-58s %s\n", what, cond ? "agree" : "DISAGREE");
    if (!cond) failures++;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_prefix(const void *a, const void *b)
{
    const struct tg_prefix *p = a, *q = b;

    if (p->hi != q->hi) return p->hi < q->hi ? -1 : 1;
    if (p->lo != q->lo) return p->lo < q->lo ? -1 : 1;
    return (int)p->len - (int)q->len;
}

static void prefix_key(const struct tg_table *t, const struct tg_prefix *p, unsigned char *key)
{
    if (t->family == 4) trie_key4(tg_addr4(p), key);
    else trie_key6(p->hi, p->lo, key);
}

/* Share of the IPv4 space covered by the table (sweep over sorted prefixes). */
static double coverage4(const struct tg_table *t)
{
    struct tg_prefix *s = malloc(t->count * sizeof(*s));
    uint64_t covered = 0, end = 0;
    size_t i;

    memcpy(s, t->pfx, t->count * sizeof(*s));
    qsort(s, t->count, sizeof(*s), cmp_prefix);
    for (i = 0; i < t->count; i++)
    {
        uint64_t start = tg_addr4(&s[i]), stop = start + (1ull << (32 - s[i].len));

        if (stop <= end) continue;
        covered += stop - (start > end ? start : end);
        end = stop;
    }
    free(s);
    return covered / 4294967296.0;
}

/* Mean length of runs of consecutive /24s (v4) or /48s (v6). */
static double mean_run(const struct tg_table *t, unsigned int len)
{
    struct tg_prefix *s = malloc(t->count * sizeof(*s));
    size_t i, n = 0, runs = 0;
    const struct tg_prefix *prev = NULL;
    uint64_t step = 1ull << (64 - len);

    for (i = 0; i < t->count; i++)
        if (t->pfx[i].len == len) s[n++] = t->pfx[i];
    qsort(s, n, sizeof(*s), cmp_prefix);
    for (i = 0; i < n; i++)
    {
        if (!prev || s[i].hi != prev->hi + step) runs++;
        prev = &s[i];
    }
    free(s);
    return runs ? (double)n / runs : 0.0;
}

static void run_family(const struct tg_dist *full, uint64_t seed)
{
    static const unsigned long sizes[] = { 10000, 100000, 0 };
    unsigned int width = full->family == 4 ? 32 : 128;
    size_t s;

    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
    {
        unsigned long n = sizes[s] ? sizes[s] : full->total;
        struct tg_table t, t2;
        struct tg_dist d;
        struct trie trie;
        unsigned long count[TG_MAX_LEN + 1] = { 0 };
        size_t i, nested = 0, lookups = 2000000, matched = 0, top[256] = { 0 }, used8 = 0;
        unsigned char key[16];
        uint32_t v, *a4 = NULL;
        uint64_t *a6 = NULL;
        int same = 1, exact = 1, dist_ok = 1, scan_ok = 1;
        double t0, t_gen, t_ins, t_look;

        tg_scale_dist(full, n, &d);
        t0 = now();
        if (tg_generate(&d, seed, &t)) { fprintf(stderr, "out of memory\n"); exit(2); }
        t_gen = now() - t0;
        printf("IPv%u, %lu prefixes (generated in %.2f s)\n", full->family, n, t_gen);

        tg_generate(&d, seed, &t2);
        same = t.count == t2.count && !memcmp(t.pfx, t2.pfx, t.count * sizeof(*t.pfx));
        tg_free(&t2);
        check(same, "same seed gives the same table");

        for (i = 0; i < t.count; i++) count[t.pfx[i].len]++;
        for (i = 0; i <= TG_MAX_LEN; i++) if (count[i] != d.count[i]) dist_ok = 0;
        check(t.count == n && dist_ok, "prefix count and length distribution");

        trie_init(&trie);
        t0 = now();
        for (i = 0; i < t.count; i++)
        {
            prefix_key(&t, &t.pfx[i], key);
            if (trie_insert(&trie, key, t.pfx[i].len, (uint32_t)i) != 1) exact = 0;
        }
        t_ins = now() - t0;
        check(exact, "all prefixes unique");

        for (i = 0; i < t.count; i++)
        {
            prefix_key(&t, &t.pfx[i], key);
            if (t.pfx[i].len && trie_lookup(&trie, key, t.pfx[i].len - 1, &v) >= 0) nested++;
            if (!trie_exact(&trie, key, t.pfx[i].len, &v) || v != i) exact = 0;
            if (t.family == 4) top[tg_addr4(&t.pfx[i]) >> 24]++;
        }
        check(exact, "trie exact match finds every prefix");
        for (i = 0; i < 256; i++) used8 += top[i] != 0;

        if (t.family == 4)
        {
            a4 = malloc(lookups * sizeof(*a4));
            tg_lookup_addrs4(&t, lookups, 0.5, seed + 1, a4);
        }
        else
        {
            a6 = malloc(2 * lookups * sizeof(*a6));
            tg_lookup_addrs6(&t, lookups, 0.5, seed + 1, a6);
        }
        t0 = now();
        for (i = 0; i < lookups; i++)
        {
            if (a4) trie_key4(a4[i], key);
            else trie_key6(a6[2 * i], a6[2 * i + 1], key);
            matched += trie_lookup(&trie, key, width, &v) >= 0;
        }
        t_look = now() - t0;

        /* Linear-scan cross-check of the trie on a sample of addresses. */
        for (i = 0; i < (n > 200000 ? 20 : 500); i++)
        {
            int best = -1, got;
            size_t j;
            unsigned char k2[16];

            if (a4) trie_key4(a4[i], key);
            else trie_key6(a6[2 * i], a6[2 * i + 1], key);
            for (j = 0; j < t.count; j++)
            {
                unsigned int b, len = t.pfx[j].len;

                prefix_key(&t, &t.pfx[j], k2);
                for (b = 0; b < len; b++)
                    if (((key[b >> 3] ^ k2[b >> 3]) >> (7 - (b & 7))) & 1) break;
                if (b == len && (int)len > best) best = len;
            }
            got = trie_lookup(&trie, key, width, &v);
            if (got != best || (got >= 0 && t.pfx[v].len != (unsigned int)got)) scan_ok = 0;
        }
        check(scan_ok, "trie LPM agrees with a linear scan (sample)");
        printf("  trie: %zu nodes, %.1f bytes/prefix; insert %.0f ns/prefix, lookup %.0f ns\n",
               trie.nodes, (double)trie_memory(&trie) / t.count, 1e9 * t_ins / t.count,
               1e9 * t_look / lookups);
        for (i = 0; i < t.count; i++)
        {
            prefix_key(&t, &t.pfx[i], key);
            if (!trie_delete(&trie, key, t.pfx[i].len)) exact = 0;
        }
        check(exact && !trie.prefixes && trie.nodes == 1, "trie delete removes every prefix and node");

        printf("  nested under a shorter prefix: %.1f%%; mean run of /%u: %.2f\n",
               100.0 * nested / t.count, t.family == 4 ? 24 : 48,
               mean_run(&t, t.family == 4 ? 24 : 48));
        if (t.family == 4)
            printf("  address space covered: %.1f%%; /8s used: %zu\n", 100.0 * coverage4(&t), used8);
        printf("  lookups matching: %.1f%%\n", 100.0 * matched / lookups);
        free(a4);
        free(a6);
        trie_free(&trie);
        tg_free(&t);
    }
}

int main(int argc, char **argv)
{
    const char *dist_path = NULL;
    uint64_t seed = 20260101;
    struct tg_dist d4, d6;
    int i;

    for (i = 1; i < argc; i++)
    {
        if (!strcmp(argv[i], "--dist") && i + 1 < argc) dist_path = argv[++i];
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc) seed = strtoull(argv[++i], NULL, 0);
        else
        {
            fprintf(stderr, "usage: %s [--dist FILE] [--seed N]\n", argv[0]);
            return 2;
        }
    }
    if (dist_path)
    {
        if (tg_read_dist(dist_path, 4, &d4) || tg_read_dist(dist_path, 6, &d6))
        {
            fprintf(stderr, "cannot read %s\n", dist_path);
            return 2;
        }
    }
    else
    {
        tg_default_dist(4, &d4);
        tg_default_dist(6, &d6);
    }
    run_family(&d4, seed);
    run_family(&d6, seed);
    printf("%s\n", failures ? "tgcheck: DISAGREE" : "tgcheck: all checks agree");
    return failures ? 1 : 0;
}
