/*
 * Speed check of the routing table engine (not a test)
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
 * Loads a synthetic full IPv4 table (bench/tablegen: clustered like a real
 * one) into the engine through its API, taking the write lock per route as
 * the DLL does, then runs IPv4 longest-prefix lookups, and does the same with
 * the plain binary trie of bench/trie.c for comparison.  Prints rates and
 * resident memory per route (Linux only, from /proc).  `make bench` builds
 * and runs it; by hand, from the top of the tree:
 *   gcc -std=c99 -O2 -I dlls/rtm -I bench dlls/rtm/aging.c dlls/rtm/dhash.c dlls/rtm/engine.c \
 *       dlls/rtm/intern.c dlls/rtm/lpm4.c dlls/rtm/radix.c dlls/rtm/slab.c bench/tablegen.c \
 *       bench/trie.c bench/engine_speed.c -o engine_speed -lpthread -lm && ./engine_speed [prefixes] [lookups]
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "tablegen.h"
#include "trie.h"

/* processor time: on a shared machine it is steadier than wall time, and it
 * is plain C, so the same file also builds with mingw-w64 to run under Wine */
static double now(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

static long rss_kib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    if (f)
    {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        fclose(f);
    }
    return resident * 4;
}

int main(int argc, char **argv)
{
    unsigned long count = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
    size_t lookups = argc > 2 ? strtoul(argv[2], NULL, 0) : 10000000, i, found = 0;
    struct tg_dist dist, scaled;
    struct tg_table tg;
    struct eng_table *table;
    struct eng_owner owner;
    struct eng_route_params params;
    struct eng_prefix prefix;
    struct eng_dest *dest;
    struct trie trie;
    unsigned char key[4];
    uint32_t *addrs, value;
    long rss0, rss1;
    double t0, t1;
    enum eng_status status;

    tg_default_dist(4, &dist);
    tg_scale_dist(&dist, count, &scaled);
    if (tg_generate(&scaled, 42, &tg)) return 1;
    addrs = malloc(lookups * sizeof(*addrs));
    tg_lookup_addrs4(&tg, lookups, 0.9, 7, addrs);

    rss0 = rss_kib();
    table = eng_table_create(ENG_FAMILY_IPV4, 32);
    eng_owner_init(&owner, 1, 0, NULL);
    memset(&params, 0, sizeof(params));
    params.views = ENG_VIEW_ALL;
    t0 = now();
    for (i = 0; i < tg.count; i++)
    {
        eng_prefix_from_ipv4(&prefix, tg_addr4(&tg.pfx[i]), tg.pfx[i].len);
        params.metric = i & 7;
        eng_table_write_lock(table);
        status = eng_route_add_locked(table, &prefix, &owner, &params, NULL, &owner, NULL, NULL);
        eng_table_write_unlock(table);
        if (status) return 2;
    }
    t1 = now();
    rss1 = rss_kib();
    printf("engine: %lu routes loaded in %.3f s: %.2f M routes/s; RSS +%ld KiB = %.0f bytes/route "
           "(32-byte payload; tbl24 pages included)\n", (unsigned long)tg.count, t1 - t0,
           tg.count / (t1 - t0) / 1e6, rss1 - rss0, (rss1 - rss0) * 1024.0 / tg.count);

    eng_table_read_lock(table);
    t0 = now();
    for (i = 0; i < lookups; i++)
        if (eng_dest_lookup_ipv4_locked(table, addrs[i])) found++;
    t1 = now();
    eng_table_read_unlock(table);
    printf("engine: %lu lookups (one read lock) in %.3f s: %.1f M lookups/s (%lu found)\n",
           (unsigned long)lookups, t1 - t0, lookups / (t1 - t0) / 1e6, (unsigned long)found);

    found = 0;
    t0 = now();
    for (i = 0; i < lookups; i++)
    {
        eng_table_read_lock(table);
        if ((dest = eng_dest_lookup_ipv4_locked(table, addrs[i])) && dest->best[0]) found++;
        eng_table_read_unlock(table);
    }
    t1 = now();
    printf("engine: %lu lookups (read lock each) in %.3f s: %.1f M lookups/s (%lu found)\n",
           (unsigned long)lookups, t1 - t0, lookups / (t1 - t0) / 1e6, (unsigned long)found);

    /* in chunks of 512 per write-lock hold, as RtmDeregisterClient does */
    t0 = now();
    while (owner.nroutes)
    {
        eng_table_write_lock(table);
        eng_owner_remove_routes_locked(table, &owner, 512);
        eng_table_write_unlock(table);
    }
    t1 = now();
    printf("engine: removed all routes in %.3f s: %.2f M routes/s\n", t1 - t0, tg.count / (t1 - t0) / 1e6);
    eng_table_destroy(table);

    trie_init(&trie);
    t0 = now();
    for (i = 0; i < tg.count; i++)
    {
        value = tg_addr4(&tg.pfx[i]);
        key[0] = value >> 24; key[1] = value >> 16; key[2] = value >> 8; key[3] = value;
        trie_insert(&trie, key, tg.pfx[i].len, (uint32_t)i);
    }
    t1 = now();
    printf("trie:   %lu prefixes loaded in %.3f s: %.2f M/s, %lu bytes of nodes\n", (unsigned long)tg.count,
           t1 - t0, tg.count / (t1 - t0) / 1e6, (unsigned long)trie_memory(&trie));
    found = 0;
    t0 = now();
    for (i = 0; i < lookups; i++)
    {
        key[0] = addrs[i] >> 24; key[1] = addrs[i] >> 16; key[2] = addrs[i] >> 8; key[3] = addrs[i];
        if (trie_lookup(&trie, key, 32, &value) >= 0) found++;
    }
    t1 = now();
    printf("trie:   %lu lookups in %.3f s: %.1f M lookups/s (%lu found)\n", (unsigned long)lookups, t1 - t0,
           lookups / (t1 - t0) / 1e6, (unsigned long)found);
    trie_free(&trie);
    tg_free(&tg);
    free(addrs);
    return 0;
}
