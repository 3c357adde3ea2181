/*
 * Native unit tests of the routing table engine
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
 * Build and run (from the top of the tree):
 *   gcc -std=c99 -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -I dlls/rtm \
 *       dlls/rtm/aging.c dlls/rtm/dhash.c dlls/rtm/engine.c dlls/rtm/intern.c dlls/rtm/lpm4.c \
 *       dlls/rtm/radix.c dlls/rtm/slab.c tests/native/engine_test.c -o engine_test -lpthread && ./engine_test
 *
 * Output and exit status follow winetest: one summary line, the exit code is
 * the number of failures.  Everything is seeded, nothing depends on time.
 */

#include "eng_os.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eng_int.h"

static int tests, failures;

static void ok_(int line, int cond, const char *fmt, ...)
{
    va_list args;

    tests++;
    if (cond) return;
    failures++;
    printf("engine_test.c:%d: Test failed: ", line);
    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
}
#define ok(cond, ...) ok_(__LINE__, (cond), __VA_ARGS__)

#define check_table(t) do { const char *err_ = eng_table_check_locked(t); \
        ok(!err_, "check: %s\n", err_ ? err_ : ""); } while (0)

static uint64_t rng_state = 0x853c49e6748fea9bull;

static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33) ^ (uint32_t)(rng_state >> 17 << 16);
}

static struct eng_prefix pfx4(uint32_t addr, unsigned int len)
{
    struct eng_prefix prefix;

    eng_prefix_from_ipv4(&prefix, addr, len);
    return prefix;
}

static struct eng_route_params params(uint32_t preference, uint32_t metric, uint32_t views, uint32_t expire)
{
    struct eng_route_params p;

    memset(&p, 0, sizeof(p));
    p.preference = preference;
    p.metric = metric;
    p.views = views;
    p.expire = expire;
    p.timestamp = 1000;
    return p;
}

static struct eng_route *add4(struct eng_table *table, struct eng_owner *owner, uint32_t addr,
        unsigned int len, uint32_t preference, uint32_t metric, uint32_t views, struct eng_change *change)
{
    struct eng_prefix prefix = pfx4(addr, len);
    struct eng_route_params p = params(preference, metric, views, ENG_NEVER);
    struct eng_route *route = NULL;
    enum eng_status status;

    status = eng_route_add_locked(table, &prefix, owner, &p, NULL, owner, &route, change);
    ok(status == ENG_OK, "add %08x/%u: status %d\n", addr, len, status);
    return route;
}

/* observer that records what it saw */
struct seen
{
    int count;
    struct eng_change last;
};

static void observer(void *ctx, const struct eng_change *change)
{
    struct seen *seen = ctx;

    seen->count++;
    seen->last = *change;
}

static void test_prefix(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, 0), *ipx = eng_table_create(ENG_FAMILY_IPX, 0);
    struct eng_prefix a = pfx4(0x0a000000, 8), b = pfx4(0x0a000000, 16), c = pfx4(0x0a010000, 16), bad;

    ok(eng_prefix_cmp(&a, &b) < 0, "shorter first\n");
    ok(eng_prefix_cmp(&b, &c) < 0, "by address\n");
    ok(eng_prefix_cmp(&a, &c) < 0, "by address before length\n");
    ok(!eng_prefix_cmp(&c, &c), "equal\n");
    ok(a.bytes[0] == 10 && a.len == 8, "from_ipv4\n");
    a = pfx4(0x0a0b0c0d, 8);
    ok(a.bytes[1] == 0 && a.bytes[0] == 10, "from_ipv4 masks host bits\n");
    ok(eng_prefix_valid(table, &a), "valid\n");
    bad = a;
    bad.bytes[1] = 1;
    ok(!eng_prefix_valid(table, &bad), "host bits set is invalid\n");
    bad.len = 33;
    ok(!eng_prefix_valid(table, &bad), "too long is invalid\n");
    ok(!eng_prefix_valid(ipx, &a), "ipx needs full length\n");
    a = pfx4(0x1234, 32);
    ok(eng_prefix_valid(ipx, &a), "ipx full length valid\n");
    ok(eng_table_family(ipx) == ENG_FAMILY_IPX, "family\n");
    eng_table_destroy(table);
    eng_table_destroy(ipx);
}

/* the add of a layer that looked the dest up itself */
static void test_add_to_dest(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, 8);
    struct eng_owner owner;
    struct eng_prefix prefix = pfx4(0x0a010000, 16), bad = pfx4(0x0a010000, 16);
    struct eng_route_params p = params(10, 5, ENG_VIEW_UCAST, ENG_NEVER);
    struct eng_add_key key, bad_key;
    struct eng_route *r1, *r2, *r3;
    struct eng_dest *dest;

    eng_owner_init(&owner, 3, 0, NULL);
    eng_table_write_lock(table);
    bad.bytes[3] = 1;
    ok(!eng_dest_find_for_add_locked(table, &bad, &bad_key) && !bad_key.valid, "host bits accepted\n");
    ok(eng_route_add_to_dest_locked(table, NULL, &bad_key, &owner, &p, NULL, &owner, NULL, NULL) == ENG_EINVAL,
       "add with an invalid key accepted\n");
    ok(eng_route_add_to_dest_locked(table, NULL, NULL, &owner, &p, NULL, &owner, NULL, NULL) == ENG_EINVAL,
       "add with no dest and no key accepted\n");
    ok(!eng_dest_find_for_add_locked(table, &prefix, &key) && key.valid, "dest found in an empty table\n");
    ok(eng_route_add_to_dest_locked(table, NULL, &key, &owner, &p, "route 1", &owner, &r1, NULL) == ENG_OK,
       "add to a new dest\n");
    dest = eng_dest_find_for_add_locked(table, &prefix, &key);
    ok(dest && r1->dest == dest && dest->nroutes == 1 && dest == eng_dest_find_locked(table, &prefix),
       "new dest not in the table\n");
    p.metric = 1;
    /* with a dest, the key is not used */
    ok(eng_route_add_to_dest_locked(table, dest, &bad_key, &owner, &p, "route 2", &owner, &r2, NULL) == ENG_OK,
       "add to a found dest\n");
    ok(r2->dest == dest && dest->nroutes == 2 && dest->best[0] == r2, "second route not in the dest\n");
    ok(eng_dest_lookup_ipv4_locked(table, 0x0a010203) == dest, "lpm not updated\n");
    check_table(table);
    eng_dest_ref(dest);
    eng_route_delete_locked(table, r1, &owner, NULL);
    eng_route_delete_locked(table, r2, &owner, NULL);
    ok(dest->flags & ENG_DEST_DELETED, "emptied dest not deleted\n");
    ok(eng_route_add_to_dest_locked(table, dest, &key, &owner, &p, NULL, &owner, &r3, NULL) == ENG_EINVAL,
       "add to a deleted dest accepted\n");
    ok(!eng_table_route_count(table) && !eng_table_dest_count(table), "counts\n");
    check_table(table);
    eng_table_write_unlock(table);
    eng_dest_release(table, dest);
    eng_table_destroy(table);
}

static void test_basic(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, 8);
    struct eng_owner owner;
    struct eng_prefix prefix = pfx4(0xc0a80000, 16);
    struct eng_route_params p = params(10, 5, ENG_VIEW_UCAST, ENG_NEVER);
    struct eng_route *r1, *r2;
    struct eng_dest *dest;
    struct eng_change change;
    enum eng_status status;

    eng_owner_init(&owner, 7, 0, NULL);
    eng_table_write_lock(table);
    status = eng_route_add_locked(table, &prefix, &owner, &p, "payload", &owner, &r1, &change);
    ok(status == ENG_OK, "add: %d\n", status);
    ok(eng_table_dest_count(table) == 1 && eng_table_route_count(table) == 1, "counts\n");
    ok(!memcmp(r1->payload, "payload", 8), "payload copied\n");
    ok(change.views == ENG_VIEW_UCAST && change.new_best[0] == r1 && !change.old_best[0], "change views %x\n",
       change.views);
    ok(change.origin == &owner && change.dest == r1->dest, "change origin and dest\n");
    dest = eng_dest_find_locked(table, &prefix);
    ok(dest == r1->dest && dest->nroutes == 1 && dest->best[0] == r1 && !dest->best[1], "find\n");
    ok(owner.nroutes == 1 && owner.routes == r1, "owner list\n");
    ok(eng_dest_lookup_ipv4_locked(table, 0xc0a80101) == dest, "lpm\n");
    ok(!eng_dest_lookup_ipv4_locked(table, 0xc0a90101), "lpm miss\n");
    prefix.len = 33;
    ok(eng_route_add_locked(table, &prefix, &owner, &p, NULL, &owner, NULL, NULL) == ENG_EINVAL, "einval\n");
    prefix.len = 16;

    p.metric = 1;
    p.views = ENG_VIEW_ALL;
    r2 = NULL;
    ok(eng_route_add_locked(table, &prefix, &owner, &p, NULL, &owner, &r2, &change) == ENG_OK, "add 2\n");
    ok(dest->nroutes == 2 && dest->best[0] == r2 && dest->best[1] == r2, "second route best\n");
    ok(change.views == ENG_VIEW_ALL && change.old_best[0] == r1 && !change.old_best[1], "change %x\n", change.views);
    ok(r2->payload[0] == 0, "payload zeroed\n");
    check_table(table);

    p.metric = 20;
    ok(eng_route_update_locked(table, r2, &p, "xyzxyzx", 0, &owner, &change) == ENG_OK, "update\n");
    ok(dest->best[0] == r1 && dest->best[1] == r2, "update moved best\n");
    ok(change.views == ENG_VIEW_UCAST, "update change %x\n", change.views);
    ok(!memcmp(r2->payload, "xyzxyzx", 8), "payload updated\n");
    check_table(table);

    eng_route_delete_locked(table, r1, &owner, &change);
    ok(r1->flags & ENG_ROUTE_DELETED, "deleted flag\n");
    ok(change.views == ENG_VIEW_UCAST && change.old_best[0] == r1 && change.new_best[0] == r2, "delete change\n");
    ok(change.old_best[0]->metric == 5, "old best readable under the lock\n");
    ok(eng_table_route_count(table) == 1 && owner.nroutes == 1 && owner.routes == r2, "counts after delete\n");
    check_table(table);
    eng_route_delete_locked(table, r2, &owner, &change);
    ok(change.views == ENG_VIEW_ALL && !change.new_best[0] && !change.new_best[1], "last delete change\n");
    ok(dest->flags & ENG_DEST_DELETED, "dest deleted\n");
    ok(eng_table_dest_count(table) == 0 && !eng_dest_find_locked(table, &prefix), "dest gone\n");
    ok(!eng_dest_lookup_ipv4_locked(table, 0xc0a80101), "lpm cleared\n");
    ok(!owner.routes && !owner.nroutes, "owner empty\n");
    ok(eng_route_update_locked(table, r2, &p, NULL, 0, &owner, NULL) == ENG_ENOTFOUND, "update deleted\n");
    check_table(table);
    eng_table_write_unlock(table);
    eng_table_destroy(table);
}

static void test_best(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, 0);
    struct eng_owner o1, o2;
    struct eng_route *a, *b, *c, *d;
    struct eng_route_params p;
    struct eng_change change;
    struct seen seen = {0}, seen2 = {0};
    struct eng_dest *dest;

    eng_owner_init(&o1, 1, 0, NULL);
    eng_owner_init(&o2, 2, 0, NULL);
    ok(eng_table_add_observer(table, observer, &seen) == ENG_OK, "add observer\n");
    ok(eng_table_add_observer(table, observer, &seen2) == ENG_OK, "add observer 2\n");
    eng_table_write_lock(table);
    a = add4(table, &o1, 0x0a000000, 8, 5, 10, ENG_VIEW_UCAST, NULL);
    ok(seen.count == 1 && seen2.count == 1 && seen.last.new_best[0] == a, "observers called\n");
    dest = a->dest;
    /* equal route: the current best stays */
    b = add4(table, &o2, 0x0a000000, 8, 5, 10, ENG_VIEW_ALL, &change);
    ok(dest->best[0] == a && dest->best[1] == b, "tie keeps best\n");
    ok(change.views == ENG_VIEW_MCAST, "only mcast changed: %x\n", change.views);
    ok(seen.count == 2 && seen.last.views == ENG_VIEW_MCAST && seen.last.origin == &o2, "observer saw mcast\n");
    /* preference beats metric */
    c = add4(table, &o1, 0x0a000000, 8, 4, 100, ENG_VIEW_UCAST, &change);
    ok(dest->best[0] == c && change.views == ENG_VIEW_UCAST, "preference first\n");
    /* worse route: no change, no observer call */
    d = add4(table, &o2, 0x0a000000, 8, 9, 0, ENG_VIEW_ALL, &change);
    ok(change.views == 0 && seen.count == 3, "no change: %x %d\n", change.views, seen.count);
    ok(change.dest == dest && change.new_best[0] == c && change.old_best[0] == c, "change filled anyway\n");
    /* best deleted: of the tied a and b, the older (a) wins */
    eng_route_delete_locked(table, c, &o1, &change);
    ok(dest->best[0] == a, "older wins the tie\n");
    ok(seen.count == 4 && seen.last.old_best[0] == c && seen.last.new_best[0] == a, "observer on delete\n");
    /* make b better then equal again: b stays best */
    p = params(5, 9, ENG_VIEW_ALL, ENG_NEVER);
    ok(eng_route_update_locked(table, b, &p, NULL, 0, &o2, &change) == ENG_OK, "update\n");
    ok(dest->best[0] == b && change.views == ENG_VIEW_UCAST, "b best\n");
    p.metric = 10;
    ok(eng_route_update_locked(table, b, &p, NULL, 0, &o2, &change) == ENG_OK, "update\n");
    ok(dest->best[0] == b && change.views == 0, "b stays best on a tie\n");
    /* significant update in place */
    ok(eng_route_update_locked(table, b, &p, NULL, 1, &o2, &change) == ENG_OK, "update\n");
    ok(change.views == ENG_VIEW_ALL && change.new_best[0] == b && change.old_best[1] == b,
       "significant update reported in both views: %x\n", change.views);
    ok(seen.count == 6 && seen.last.views == ENG_VIEW_ALL, "observer saw significant update %d\n", seen.count);
    ok(eng_route_update_locked(table, a, &p, NULL, 1, &o1, &change) == ENG_OK, "update\n");
    ok(change.views == 0, "significant update of a non-best route: %x\n", change.views);
    /* views change: b leaves unicast */
    p.views = ENG_VIEW_MCAST;
    ok(eng_route_update_locked(table, b, &p, NULL, 0, &o2, &change) == ENG_OK, "update\n");
    ok(dest->best[0] == a && dest->best[1] == b && change.views == ENG_VIEW_UCAST, "view change\n");
    eng_route_delete_locked(table, b, &o2, &change);
    ok(dest->best[1] == a && change.views == ENG_VIEW_MCAST, "mcast falls to a (now in both views)\n");
    check_table(table);
    eng_table_write_unlock(table);
    eng_table_remove_observer(table, observer, &seen);
    eng_table_write_lock(table);
    eng_route_delete_locked(table, a, &o1, &change);
    ok(dest->best[0] == d && dest->best[1] == d && change.views == ENG_VIEW_ALL, "d is left\n");
    ok(seen.count == 8 && seen2.count == 9, "removed observer not called: %d %d\n", seen.count, seen2.count);
    eng_table_write_unlock(table);
    eng_table_destroy(table);
}

static void test_refs(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV6, 4);
    struct eng_owner owner;
    struct eng_prefix prefix;
    struct eng_route_params p = params(1, 1, ENG_VIEW_UCAST, ENG_NEVER);
    struct eng_route *route, *other;
    struct eng_dest *dest;

    memset(&prefix, 0, sizeof(prefix));
    prefix.len = 32;
    prefix.bytes[0] = 0x20;
    prefix.bytes[1] = 0x01;
    eng_owner_init(&owner, 1, 1, NULL);
    eng_table_write_lock(table);
    ok(eng_route_add_locked(table, &prefix, &owner, &p, "abc", &owner, &route, NULL) == ENG_OK, "add\n");
    ok(eng_route_add_locked(table, &prefix, &owner, &p, "def", &owner, &other, NULL) == ENG_OK, "add\n");
    dest = route->dest;
    eng_route_ref(route);
    eng_dest_ref(dest);
    ok(route->refs == 1 && dest->refs == 1, "refs\n");
    eng_route_delete_locked(table, route, &owner, NULL);
    eng_table_write_unlock(table);
    /* route survives the unlock through its reference, and so does its dest pointer */
    ok(!strcmp((char *)route->payload, "abc") && route->dest == dest, "route alive\n");
    eng_table_write_lock(table);
    eng_route_delete_locked(table, other, &owner, NULL);
    check_table(table);
    eng_table_write_unlock(table);
    ok(dest->flags & ENG_DEST_DELETED, "dest deleted but alive\n");
    ok(dest->prefix.len == 32 && route->dest->prefix.bytes[1] == 1, "dest readable\n");
    eng_dest_release(table, dest);
    ok(route->dest->prefix.len == 32, "dest kept alive by the deleted route\n");
    eng_route_release(table, route);   /* frees route, then dest (ASan checks) */
    /* a reference on a live dest does not keep it from being deleted later */
    eng_table_write_lock(table);
    ok(eng_route_add_locked(table, &prefix, &owner, &p, NULL, &owner, &route, NULL) == ENG_OK, "add\n");
    dest = route->dest;
    eng_dest_ref(dest);
    eng_table_write_unlock(table);
    eng_dest_release(table, dest);
    ok(!(dest->flags & ENG_DEST_DELETED) && dest->nroutes == 1, "dest alive\n");
    eng_table_destroy(table);
}

static void test_owner_removal(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, 0);
    struct eng_owner a, b;
    struct eng_route *first_b = NULL, *route;
    size_t removed, total = 0;
    unsigned int i;
    uint8_t first;
    int order_ok = 1;

    eng_owner_init(&a, 1, 0, NULL);
    eng_owner_init(&b, 2, 0, NULL);
    eng_table_write_lock(table);
    for (i = 0; i < 1000; i++)
    {
        add4(table, &a, 0x0a000000 + (i << 8), 24, 1, 1, ENG_VIEW_UCAST, NULL);
        route = add4(table, &b, 0x0a000000 + (i << 8), 24, 1, 2, ENG_VIEW_UCAST, NULL);
        if (!first_b) first_b = route;
    }
    ok(a.nroutes == 1000 && b.nroutes == 1000 && eng_table_route_count(table) == 2000, "counts\n");
    check_table(table);
    eng_table_write_unlock(table);
    for (;;)
    {
        eng_table_write_lock(table);
        /* read before the removal, which frees what it removes */
        first = b.routes ? b.routes->dest->prefix.bytes[1] : 0;
        removed = eng_owner_remove_routes_locked(table, &b, 300);
        if (removed && first != 0 && total == 0) order_ok = 0;
        if (b.routes && b.routes->dest->prefix.bytes[2] != ((total + removed) & 0xff)) order_ok = 0;
        total += removed;
        check_table(table);
        eng_table_write_unlock(table);
        if (!removed) break;
        ok(removed == 300 || removed == 100, "chunk %u\n", (unsigned int)removed);
    }
    ok(order_ok, "oldest first\n");
    ok(total == 1000 && !b.nroutes && !b.routes, "all removed: %u\n", (unsigned int)total);
    ok(eng_table_route_count(table) == 1000 && eng_table_dest_count(table) == 1000, "a untouched\n");
    eng_table_write_lock(table);
    ok(eng_owner_remove_routes_locked(table, &a, (size_t)-1) == 1000, "rest at once\n");
    ok(eng_table_dest_count(table) == 0, "no dests\n");
    check_table(table);
    eng_table_write_unlock(table);
    eng_table_destroy(table);
}

/* An owner's removal frees its routes, and the dests they empty, as soon as
 * the observers have seen them (route_delete's free_now), and a writer that
 * finds a count of 1 frees without a locked decrement (put_last).  Neither
 * may free what a reference keeps: here a layer thread holds references on
 * every removed route and on the dests an observer saw, and drops them
 * without the table lock while the removal goes on; it reads each object
 * just before its release (ASan checks that it is still there). */
#define HELD_ROUTES 3000

struct held_refs
{
    struct eng_table *table;
    pthread_mutex_t   lock;
    struct eng_route *routes[HELD_ROUTES];
    struct eng_dest  *dests[HELD_ROUTES];
    unsigned int      nroutes, ndests, done, bad;
};

static void held_observer(void *ctx, const struct eng_change *change)
{
    struct held_refs *held = ctx;

    /* as RTM v1's change queues do: a reference taken in the observer */
    pthread_mutex_lock(&held->lock);
    if (held->ndests < HELD_ROUTES)
    {
        eng_dest_ref(change->dest);
        held->dests[held->ndests++] = change->dest;
    }
    pthread_mutex_unlock(&held->lock);
}

static void *held_releaser(void *arg)
{
    struct held_refs *held = arg;
    unsigned int r = 0, d = 0, done;
    struct eng_route *route;
    struct eng_dest *dest;

    do
    {
        done = __atomic_load_n(&held->done, __ATOMIC_ACQUIRE);
        for (;;)
        {
            pthread_mutex_lock(&held->lock);
            route = r < held->nroutes ? held->routes[r++] : NULL;
            dest = d < held->ndests ? held->dests[d++] : NULL;
            pthread_mutex_unlock(&held->lock);
            if (!route && !dest) break;
            if (route)
            {
                if (route->dest->prefix.bytes[0] != 0x0a || route->refs != 1) held->bad++;
                eng_route_release(held->table, route);
            }
            if (dest)
            {
                if (dest->prefix.bytes[0] != 0x0a) held->bad++;
                eng_dest_release(held->table, dest);
            }
        }
        if (!done) eng_yield();
    } while (!done);
    return NULL;
}

static void test_owner_removal_refs(void)
{
    static struct held_refs held;
    struct eng_owner a, b;
    struct eng_route *route, *first, *again;
    pthread_t thread;
    unsigned int i;

    memset(&held, 0, sizeof(held));
    held.table = eng_table_create(ENG_FAMILY_IPV4, 0);
    pthread_mutex_init(&held.lock, NULL);
    eng_owner_init(&a, 1, 0, NULL);
    eng_owner_init(&b, 2, 0, NULL);
    eng_table_write_lock(held.table);
    for (i = 0; i < HELD_ROUTES; i++)
    {
        /* b is best everywhere; a shares every third dest, which then stays */
        route = add4(held.table, &b, 0x0a000000 + (i << 8), 24, 1, 1, ENG_VIEW_UCAST, NULL);
        if (!(i % 3)) add4(held.table, &a, 0x0a000000 + (i << 8), 24, 1, 2, ENG_VIEW_UCAST, NULL);
        /* every other route of b is referenced by the layer */
        if (i & 1) continue;
        eng_route_ref(route);
        held.routes[held.nroutes++] = route;
    }
    eng_table_write_unlock(held.table);
    first = held.routes[0];
    ok(!eng_table_add_observer(held.table, held_observer, &held), "observer\n");
    pthread_create(&thread, NULL, held_releaser, &held);
    while (b.nroutes)
    {
        eng_table_write_lock(held.table);
        eng_owner_remove_routes_locked(held.table, &b, 64);
        eng_table_write_unlock(held.table);
        eng_yield();
    }
    __atomic_store_n(&held.done, 1, __ATOMIC_RELEASE);
    pthread_join(thread, NULL);
    /* not before: the check reads the counts that the releases change */
    eng_table_read_lock(held.table);
    check_table(held.table);
    eng_table_read_unlock(held.table);
    ok(!held.bad, "%u objects were not what a reference kept\n", held.bad);
    ok(eng_table_route_count(held.table) == HELD_ROUTES / 3 && eng_table_dest_count(held.table) == HELD_ROUTES / 3,
       "%u routes, %u dests left\n", (unsigned int)eng_table_route_count(held.table),
       (unsigned int)eng_table_dest_count(held.table));
    eng_table_remove_observer(held.table, held_observer, &held);
    /* every reference went: the emptied table hands its first memory out
     * again, which it only does when no route or dest is left (a count that
     * missed a drop would keep one) */
    eng_table_write_lock(held.table);
    eng_owner_remove_routes_locked(held.table, &a, (size_t)-1);
    eng_table_write_unlock(held.table);
    eng_table_write_lock(held.table);
    again = add4(held.table, &a, 0x0b000000, 8, 1, 1, ENG_VIEW_UCAST, NULL);
    check_table(held.table);
    eng_table_write_unlock(held.table);
    ok(again == first, "memory of the emptied table not reused: %p, %p\n", again, first);
    eng_table_destroy(held.table);
    pthread_mutex_destroy(&held.lock);
}

/* the prefixes whose changes one owner made, in order */
struct removals
{
    const struct eng_owner *origin;
    unsigned int count;
    struct eng_prefix prefix[1100];
};

static void removal_observer(void *ctx, const struct eng_change *change)
{
    struct removals *r = ctx;

    if (change->origin == r->origin && r->count < sizeof(r->prefix) / sizeof(r->prefix[0]))
        eng_prefix_copy(&r->prefix[r->count++], &change->dest->prefix);
}

/* An owner with routes in most dests loses them in prefix order, whatever
 * the order it added them in; a walk split over several calls resumes where
 * it stopped even when the table changes in between, and a route added
 * behind it goes last. */
static void test_owner_removal_walk(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, 0);
    static struct removals seen;
    struct eng_prefix ahead = pfx4(0x0a03e700, 24), behind = pfx4(0x0a000000, 24);
    struct eng_owner a, b;
    struct eng_route *route;
    size_t removed, calls = 0;
    unsigned int i;
    int order_ok = 1;

    eng_owner_init(&a, 1, 0, NULL);
    eng_owner_init(&b, 2, 0, NULL);
    ok(!eng_table_add_observer(table, removal_observer, &seen), "observer\n");
    eng_table_write_lock(table);
    /* b: 1000 /24s added from the highest address down; a: every tenth one and a /8 */
    for (i = 1000; i--; )
    {
        add4(table, &b, 0x0a000000 + (i << 8), 24, 1, 1, ENG_VIEW_UCAST, NULL);
        if (!(i % 10)) add4(table, &a, 0x0a000000 + (i << 8), 24, 1, 2, ENG_VIEW_UCAST, NULL);
    }
    add4(table, &a, 0x0a000000, 8, 1, 1, ENG_VIEW_UCAST, NULL);
    eng_table_write_unlock(table);
    seen.origin = &b;
    while (b.nroutes && calls < 100)
    {
        eng_table_write_lock(table);
        removed = eng_owner_remove_routes_locked(table, &b, 64);
        ok(removed <= 64, "at most max: %u\n", (unsigned int)removed);
        if (++calls == 3)
        {
            seen.origin = NULL;
            add4(table, &b, 0x0a000000, 24, 1, 1, ENG_VIEW_UCAST, NULL);
            seen.origin = &b;
            route = eng_dest_find_locked(table, &ahead)->routes[0];
            ok(route->owner == &b, "route ahead\n");
            eng_route_delete_locked(table, route, NULL, NULL);
        }
        check_table(table);
        eng_table_write_unlock(table);
    }
    ok(calls < 100, "removal does not end\n");
    ok(seen.count == 1000, "removals: %u\n", seen.count);
    for (i = 1; i + 1 < seen.count; i++)
        if (eng_prefix_cmp(&seen.prefix[i - 1], &seen.prefix[i]) >= 0) order_ok = 0;
    ok(order_ok, "removed in prefix order\n");
    ok(!eng_prefix_cmp(&seen.prefix[seen.count - 1], &behind), "route behind the walk not last\n");
    ok(!b.nroutes && !b.routes, "b has routes left: %u\n", (unsigned int)b.nroutes);
    ok(b.walking == 0, "walk state not reset: %d\n", b.walking);
    ok(eng_table_route_count(table) == 101 && a.nroutes == 101, "a untouched: %u\n",
       (unsigned int)eng_table_route_count(table));
    eng_table_remove_observer(table, removal_observer, &seen);
    eng_table_destroy(table);
}

/* A table that becomes empty hands out the same memory again from the start
 * (slab.c: the arena rewinds), but never while a layer still holds a
 * reference on a route or dest. */
static void test_slab_rewind(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, 16);
    struct eng_route *first, *again, *held, *other;
    struct eng_owner owner;
    unsigned int i;

    eng_owner_init(&owner, 1, 0, NULL);
    eng_table_write_lock(table);
    first = add4(table, &owner, 0x0a000000, 8, 1, 1, ENG_VIEW_UCAST, NULL);
    for (i = 1; i < 2000; i++) add4(table, &owner, 0x0b000000 + (i << 8), 24, 1, 1, ENG_VIEW_UCAST, NULL);
    eng_owner_remove_routes_locked(table, &owner, (size_t)-1);
    eng_table_write_unlock(table);

    eng_table_write_lock(table);
    again = add4(table, &owner, 0x0c000000, 8, 1, 1, ENG_VIEW_UCAST, NULL);
    ok(again == first, "empty table not rewound: %p, %p\n", again, first);
    /* and its dest numbers start again from the first, not from the freed
     * list in the order of the removals */
    ok(!dest_int(again->dest)->index, "dest got slot %u\n", dest_int(again->dest)->index);
    check_table(table);
    /* a reference keeps the memory: no rewind, the next route lives elsewhere */
    eng_route_ref(again);
    held = again;
    eng_route_delete_locked(table, again, NULL, NULL);
    eng_table_write_unlock(table);
    eng_table_write_lock(table);
    other = add4(table, &owner, 0x0d000000, 8, 1, 1, ENG_VIEW_UCAST, NULL);
    ok(other != held, "referenced route's memory handed out again\n");
    ok(held->flags & ENG_ROUTE_DELETED, "held route overwritten: flags %#x\n", held->flags);
    ok(held->dest->prefix.bytes[0] == 0x0c, "held route's dest overwritten\n");
    check_table(table);
    eng_table_write_unlock(table);
    eng_route_release(table, held);
    eng_table_destroy(table);
}

static void test_aging(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, 0);
    struct eng_owner owner;
    struct eng_route *routes[200];
    struct eng_route_params p;
    struct eng_prefix prefix;
    struct seen seen = {0};
    uint32_t now, expected;
    unsigned int i, left;

    eng_owner_init(&owner, 1, 0, NULL);
    eng_table_add_observer(table, observer, &seen);
    eng_table_write_lock(table);
    ok(eng_table_next_expiry_locked(table) == ENG_NEVER, "nothing ages\n");
    for (i = 0; i < 200; i++)
    {
        prefix = pfx4(0x0b000000 + (i << 8), 24);
        p = params(1, 1, ENG_VIEW_UCAST, i % 4 ? 100 + (rnd() % 100) : ENG_NEVER);
        ok(eng_route_add_locked(table, &prefix, &owner, &p, NULL, &owner, &routes[i], NULL) == ENG_OK, "add\n");
    }
    /* re-key a few */
    p = params(1, 1, ENG_VIEW_UCAST, 50);
    eng_route_update_locked(table, routes[1], &p, NULL, 0, &owner, NULL);
    p.expire = ENG_NEVER;
    eng_route_update_locked(table, routes[2], &p, NULL, 0, &owner, NULL);
    p.expire = 60;
    eng_route_update_locked(table, routes[4], &p, NULL, 0, &owner, NULL);
    check_table(table);
    /* delete aging routes from the middle of the heap */
    for (i = 10; i < 200; i += 7)
    {
        if (i % 4 == 0 || i == 1 || i == 2 || i == 4) continue;
        eng_route_delete_locked(table, routes[i], &owner, NULL);
        check_table(table);
    }
    ok(eng_table_next_expiry_locked(table) == 50, "next expiry %u\n", eng_table_next_expiry_locked(table));
    ok(eng_table_expire_locked(table, 49, 100) == 0, "nothing yet\n");
    seen.count = 0;
    ok(eng_table_expire_locked(table, 60, 100) == 2, "two expired\n");
    ok(seen.count == 2 && !seen.last.origin, "observer with NULL origin\n");
    ok(routes[1]->flags & ENG_ROUTE_DELETED && routes[4]->flags & ENG_ROUTE_DELETED, "right ones\n");
    check_table(table);
    eng_table_write_unlock(table);
    for (now = 100; now < 210; now += 7)
    {
        eng_table_write_lock(table);
        while (eng_table_expire_locked(table, now, 3)) check_table(table);
        expected = eng_table_next_expiry_locked(table);
        ok(expected == ENG_NEVER || expected > now, "nothing left due: %u at %u\n", expected, now);
        eng_table_write_unlock(table);
    }
    left = eng_table_route_count(table);
    ok(left == 50, "never-aging routes stay: %u\n", left);
    eng_table_destroy(table);
}

/* prefix model for the random tests */
struct model
{
    struct eng_prefix prefix;
    uint32_t views;                 /* union of the route views */
    struct eng_route *route;
};

static int model_cmp(const void *a, const void *b)
{
    return eng_prefix_cmp(&((const struct model *)a)->prefix, &((const struct model *)b)->prefix);
}

static int prefix_covers(const struct eng_prefix *prefix, const uint8_t *addr)
{
    unsigned int i;

    for (i = 0; i < prefix->len; i++)
        if (prefix_bit(prefix->bytes, i) != prefix_bit(addr, i)) return 0;
    return 1;
}

static const struct model *brute_lookup(const struct model *model, size_t count, const uint8_t *addr,
        uint32_t views, int max_len)
{
    const struct model *found = NULL;
    size_t i;

    for (i = 0; i < count; i++)
    {
        if (!(model[i].views & views) || model[i].prefix.len > max_len) continue;
        if (!prefix_covers(&model[i].prefix, addr)) continue;
        if (!found || model[i].prefix.len > found->prefix.len) found = &model[i];
    }
    return found;
}

static void random_prefix(struct eng_prefix *prefix, unsigned int bytes, int clustered)
{
    unsigned int i, len;

    memset(prefix, 0, sizeof(*prefix));
    len = bytes == 4 ? rnd() % 33 : rnd() % 129;
    if (bytes == 4 && (rnd() % 4)) len = 16 + rnd() % 17;
    for (i = 0; i < bytes; i++) prefix->bytes[i] = rnd();
    if (clustered) prefix->bytes[0] = bytes == 4 ? 10 + (rnd() & 1) : 0x20;
    if (clustered && (rnd() & 1)) prefix->bytes[1] = 0;
    prefix->len = len;
    for (i = len; i < bytes * 8; i++) prefix->bytes[i >> 3] &= ~(0x80 >> (i & 7));
}

static void random_addr(uint8_t *addr, unsigned int bytes, const struct model *model, size_t count)
{
    unsigned int i;

    for (i = 0; i < bytes; i++) addr[i] = rnd();
    /* half of them inside some prefix */
    if (count && (rnd() & 1))
    {
        const struct eng_prefix *prefix = &model[rnd() % count].prefix;
        for (i = 0; i < prefix->len; i++)
        {
            if (prefix_bit(prefix->bytes, i)) addr[i >> 3] |= 0x80 >> (i & 7);
            else addr[i >> 3] &= ~(0x80 >> (i & 7));
        }
    }
}

static size_t model_build(struct eng_table *table, struct eng_owner *owner, struct model *model, size_t n,
        unsigned int bytes)
{
    struct eng_route_params p;
    struct eng_dest *dest;
    size_t count = 0, i;

    for (i = 0; i < n; i++)
    {
        random_prefix(&model[count].prefix, bytes, 1);
        p = params(rnd() % 3, rnd() % 3, 1 + rnd() % 3, ENG_NEVER);
        if ((dest = eng_dest_find_locked(table, &model[count].prefix)))
        {
            /* second route to an existing dest */
            size_t j;
            for (j = 0; j < count; j++)
                if (!eng_prefix_cmp(&model[j].prefix, &dest->prefix)) break;
            ok(j < count, "model lost a prefix\n");
            ok(eng_route_add_locked(table, &model[j].prefix, owner, &p, NULL, owner, NULL, NULL) == ENG_OK, "add\n");
            model[j].views |= p.views;
            continue;
        }
        ok(eng_route_add_locked(table, &model[count].prefix, owner, &p, NULL, owner, &model[count].route,
                NULL) == ENG_OK, "add\n");
        model[count].views = p.views;
        count++;
    }
    return count;
}

static void check_lookups(struct eng_table *table, const struct model *model, size_t count, unsigned int bytes,
        unsigned int samples)
{
    static const uint32_t all_views[] = {ENG_VIEW_UCAST, ENG_VIEW_MCAST, ENG_VIEW_ALL};
    uint8_t addr[ENG_MAX_ADDR_BYTES] = {0};
    const struct model *expect;
    struct eng_dest *got, *less;
    unsigned int i, v, bad = 0, bad_ipv4 = 0, bad_less = 0;
    uint32_t a;

    for (i = 0; i < samples; i++)
    {
        random_addr(addr, bytes, model, count);
        for (v = 0; v < 3; v++)
        {
            expect = brute_lookup(model, count, addr, all_views[v], 128);
            got = eng_dest_lookup_locked(table, addr, all_views[v]);
            if (expect ? !got || eng_prefix_cmp(&got->prefix, &expect->prefix) : !!got) bad++;
            if (bytes == 4 && v == 0)
            {
                a = ((uint32_t)addr[0] << 24) | (addr[1] << 16) | (addr[2] << 8) | addr[3];
                if (eng_dest_lookup_ipv4_locked(table, a) != got) bad_ipv4++;
            }
        }
        if (count)
        {
            const struct model *m = &model[rnd() % count];
            v = rnd() % 3;
            expect = m->prefix.len ? brute_lookup(model, count, m->prefix.bytes, all_views[v], m->prefix.len - 1)
                    : NULL;
            less = eng_dest_less_specific_locked(table, m->route->dest, all_views[v]);
            if (expect ? !less || eng_prefix_cmp(&less->prefix, &expect->prefix) : !!less) bad_less++;
        }
    }
    ok(!bad, "%u lookups differ from brute force\n", bad);
    ok(!bad_ipv4, "%u lpm4 lookups differ from the radix tree\n", bad_ipv4);
    ok(!bad_less, "%u less-specific lookups differ\n", bad_less);
}

static void test_random_lpm(enum eng_family family, unsigned int n)
{
    unsigned int bytes = family == ENG_FAMILY_IPV6 ? 16 : 4;
    struct eng_table *table = eng_table_create(family, 0);
    struct model *model = calloc(n, sizeof(*model));
    struct eng_owner owner;
    struct eng_route *route;
    size_t count, i, kept;

    eng_owner_init(&owner, 1, 0, NULL);
    eng_table_write_lock(table);
    count = model_build(table, &owner, model, n, bytes);
    ok(eng_table_dest_count(table) == count, "dest count %u/%u\n", (unsigned int)eng_table_dest_count(table),
       (unsigned int)count);
    check_table(table);
    check_lookups(table, model, count, bytes, 2000);
    /* delete every route of about half of the dests, keeping the model's route pointers valid */
    for (i = kept = 0; i < count; i++)
    {
        if (rnd() & 1)
        {
            model[kept++] = model[i];
            continue;
        }
        while ((route = model[i].route->dest->nroutes ? model[i].route->dest->routes[0] : NULL))
        {
            if (model[i].route->dest->nroutes == 1) break;
            eng_route_delete_locked(table, route == model[i].route ? model[i].route->dest->routes[1] : route,
                    &owner, NULL);
        }
        eng_route_delete_locked(table, model[i].route, &owner, NULL);
    }
    count = kept;
    /* the routes kept may have lost their co-routes: recompute the model views */
    for (i = 0; i < count; i++)
    {
        unsigned int j;
        model[i].views = 0;
        for (j = 0; j < model[i].route->dest->nroutes; j++) model[i].views |= model[i].route->dest->routes[j]->views;
    }
    ok(eng_table_dest_count(table) == count, "dest count after delete %u/%u\n",
       (unsigned int)eng_table_dest_count(table), (unsigned int)count);
    check_table(table);
    check_lookups(table, model, count, bytes, 2000);
    eng_table_write_unlock(table);
    eng_table_destroy(table);
    free(model);
}

static void test_walk(enum eng_family family, unsigned int n)
{
    unsigned int bytes = family == ENG_FAMILY_IPV6 ? 16 : 4;
    struct eng_table *table = eng_table_create(family, 0);
    struct model *model = calloc(n, sizeof(*model)), probe;
    struct eng_owner owner;
    struct eng_dest *dest;
    size_t count, i, lo, hi, mid;
    unsigned int bad = 0;

    eng_owner_init(&owner, 1, 0, NULL);
    eng_table_write_lock(table);
    count = model_build(table, &owner, model, n, bytes);
    qsort(model, count, sizeof(*model), model_cmp);
    for (i = 0, dest = eng_dest_first_locked(table); i < count && dest; i++, dest = eng_dest_next_locked(table, &dest->prefix))
        if (eng_prefix_cmp(&dest->prefix, &model[i].prefix)) bad++;
    ok(!bad && i == count && !dest, "ordered walk: %u bad, %u of %u\n", bad, (unsigned int)i, (unsigned int)count);
    /* successor of arbitrary prefixes, present or not */
    for (i = 0, bad = 0; i < 3000; i++)
    {
        if (rnd() % 4) random_prefix(&probe.prefix, bytes, 1);
        else probe.prefix = model[rnd() % count].prefix;
        for (lo = 0, hi = count; lo < hi; )
        {
            mid = (lo + hi) / 2;
            if (eng_prefix_cmp(&model[mid].prefix, &probe.prefix) <= 0) lo = mid + 1;
            else hi = mid;
        }
        dest = eng_dest_next_locked(table, &probe.prefix);
        if (lo == count ? !!dest : !dest || eng_prefix_cmp(&dest->prefix, &model[lo].prefix)) bad++;
    }
    ok(!bad, "successor: %u bad\n", bad);
    eng_table_write_unlock(table);
    eng_table_destroy(table);
    free(model);
}

/* New dests wait in the radix tree's queue (radix.c) until a full queue or
 * a walk places them; every reader must find them meanwhile. */
/* The radix tree alone against a list of its dests: bursts of adds that
 * fill a flush with nested prefixes, keys equal to glue nodes, removals
 * that leave stale jump entries; after every step the invariants, the walk
 * order and longest matches are compared with the list. */
#define SHAPE_DESTS 4096

struct shape_model
{
    struct eng_dest_int *live[SHAPE_DESTS];
    unsigned int         nlive, max_len;
    struct eng_route     route;     /* the best route of dests that have one */
};

static void shape_addr(const struct shape_model *m, uint8_t *addr)
{
    unsigned int i;

    /* a small pool, so that prefixes nest and share their first 16 bits */
    for (i = 0; i < m->max_len / 8; i++) addr[i] = rnd() % 4 ? (uint8_t)(0x0a + rnd() % 2) : (uint8_t)rnd();
    if (rnd() % 3) addr[1] = (uint8_t)(rnd() % 3);
}

static void shape_key(const struct shape_model *m, struct eng_prefix *key)
{
    static const unsigned int lens[] = {0, 1, 4, 7, 8, 9, 12, 14, 15, 16, 16, 17, 18, 20, 23, 24, 24, 28, 31, 32};
    uint8_t addr[16];
    unsigned int len = lens[rnd() % (sizeof(lens) / sizeof(lens[0]))];

    shape_addr(m, addr);
    if (m->max_len == 128 && rnd() % 2) len = rnd() % 129;
    memset(key, 0, sizeof(*key));
    key->len = len;
    prefix_copy_bits(key->bytes, addr, len, sizeof(key->bytes));
}

static int shape_cmp(const void *a, const void *b)
{
    return eng_prefix_cmp(&(*(struct eng_dest_int *const *)a)->pub.prefix,
                          &(*(struct eng_dest_int *const *)b)->pub.prefix);
}

static int shape_covers(const struct eng_prefix *prefix, const uint8_t *addr)
{
    unsigned int i;

    for (i = 0; i < prefix->len; i++)
        if (prefix_bit(prefix->bytes, i) != prefix_bit(addr, i)) return 0;
    return 1;
}

static int shape_verify(struct shape_model *m, struct eng_radix *radix)
{
    struct eng_dest_int *sorted[SHAPE_DESTS], *dest, *want;
    const char *err;
    unsigned int i, k;
    uint8_t addr[16];
    size_t count;
    int bad = 0;

    if ((err = radix_check(radix, &count)) || count != m->nlive)
    {
        ok(0, "radix: %s, %u dests, %u expected\n", err ? err : "count", (unsigned int)count, m->nlive);
        return 1;
    }
    memcpy(sorted, m->live, m->nlive * sizeof(*sorted));
    qsort(sorted, m->nlive, sizeof(*sorted), shape_cmp);
    for (i = 0, dest = radix_first(radix); i < m->nlive && dest == sorted[i]; i++)
        dest = radix_next(radix, &dest->pub.prefix);
    if (i < m->nlive || dest)
    {
        ok(0, "walk differs at dest %u of %u\n", i, m->nlive);
        bad = 1;
    }
    for (k = 0; k < 8; k++)
    {
        shape_addr(m, addr);
        for (i = 0, want = NULL; i < m->nlive; i++)
            if (m->live[i]->pub.best[0] && shape_covers(&m->live[i]->pub.prefix, addr) &&
                (!want || m->live[i]->pub.prefix.len > want->pub.prefix.len)) want = m->live[i];
        if (radix_lookup(radix, addr, m->max_len, ENG_VIEW_UCAST) != want)
        {
            ok(0, "wrong longest match\n");
            bad = 1;
        }
    }
    return bad;
}

static void shape_run(unsigned int max_len, unsigned int steps)
{
    static struct shape_model model;
    struct shape_model *m = &model;
    struct eng_dest_int *dest;
    struct eng_arena arena;
    struct eng_radix radix;
    struct eng_prefix key;
    struct eng_slab slab;
    unsigned int step, i, j, burst, op;

    memset(m, 0, sizeof(*m));
    m->max_len = max_len;
    arena_init(&arena);
    slab_init(&slab, &arena, radix_node_size(max_len), 1);
    radix_init(&radix, max_len, &slab);
    for (step = 0; step < steps; step++)
    {
        op = rnd() % 100;
        if (op < 55 || m->nlive < 4)
        {
            /* often a whole flush of them */
            burst = rnd() % 4 ? 1 : 1 + rnd() % 40;
            for (i = 0; i < burst && m->nlive < SHAPE_DESTS; i++)
            {
                shape_key(m, &key);
                for (j = 0; j < m->nlive && eng_prefix_cmp(&m->live[j]->pub.prefix, &key); j++) ;
                if (j < m->nlive) continue;
                if (radix_reserve(&radix)) break;
                dest = calloc(1, sizeof(*dest));
                eng_prefix_copy(&dest->pub.prefix, &key);
                if (rnd() % 4) dest->pub.best[0] = &m->route;
                m->live[m->nlive++] = dest;
                radix_add(&radix, dest);
            }
        }
        else if (op < 95)
        {
            burst = rnd() % 8 ? 1 : 1 + rnd() % 20;
            for (i = 0; i < burst && m->nlive; i++)
            {
                j = rnd() % m->nlive;
                radix_remove(&radix, m->live[j]);
                free(m->live[j]);
                m->live[j] = m->live[--m->nlive];
            }
        }
        else radix_flush(&radix);
        if (shape_verify(m, &radix)) break;
    }
    radix_flush(&radix);
    shape_verify(m, &radix);
    for (i = 0; i < m->nlive; i++) free(m->live[i]);
    radix_destroy(&radix);
    arena_destroy(&arena, 0);
}

static void test_radix_shapes(void)
{
    shape_run(32, 1500);
    shape_run(128, 1500);
}

static void test_radix_queue(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, 0);
    struct eng_prefix p8 = pfx4(0x0a000000, 8), p16 = pfx4(0x0a010000, 16), p24 = pfx4(0x0a010200, 24), probe;
    const uint8_t addr[4] = {10, 1, 2, 3};
    struct eng_dest *dest, *d24;
    struct eng_owner owner;
    unsigned int i, n;

    eng_owner_init(&owner, 1, 0, NULL);
    eng_table_write_lock(table);
    /* 40 dests, so that a full queue was placed, then three nested ones that stay queued */
    for (i = 0; i < 40; i++) add4(table, &owner, 0x14000000 + (i << 8), 24, 1, 1, ENG_VIEW_ALL, NULL);
    add4(table, &owner, 0x0a010200, 24, 1, 1, ENG_VIEW_MCAST, NULL);
    add4(table, &owner, 0x0a000000, 8, 1, 1, ENG_VIEW_ALL, NULL);
    add4(table, &owner, 0x0a010000, 16, 1, 1, ENG_VIEW_MCAST, NULL);
    check_table(table);

    dest = eng_dest_first_locked(table);
    ok(dest && !eng_prefix_cmp(&dest->prefix, &p8), "first is not the queued /8\n");
    dest = eng_dest_next_locked(table, &p8);
    ok(dest && !eng_prefix_cmp(&dest->prefix, &p16), "after the /8 is not the /16\n");
    dest = eng_dest_next_locked(table, &p16);
    ok(dest && !eng_prefix_cmp(&dest->prefix, &p24), "after the /16 is not the /24\n");
    dest = eng_dest_next_locked(table, &p24);
    ok(dest && dest->prefix.bytes[0] == 20, "after the /24 is not a placed dest\n");
    probe = p8;
    probe.bytes[1] = 1;     /* bits past the length do not count: 10.1.3/8 */
    probe.bytes[2] = 3;
    dest = eng_dest_next_locked(table, &probe);
    ok(dest && !eng_prefix_cmp(&dest->prefix, &p16), "after 10.1.3/8 is not the /16\n");
    for (n = 0, dest = eng_dest_first_locked(table); dest; dest = eng_dest_next_locked(table, &dest->prefix)) n++;
    ok(n == 43, "walked %u dests\n", n);

    /* the longest match through the tree (any view but unicast alone) and through lpm4 */
    dest = eng_dest_lookup_locked(table, addr, ENG_VIEW_MCAST);
    ok(dest && !eng_prefix_cmp(&dest->prefix, &p24), "multicast match is not the queued /24\n");
    dest = eng_dest_lookup_locked(table, addr, ENG_VIEW_UCAST);
    ok(dest && !eng_prefix_cmp(&dest->prefix, &p8), "unicast match is not the /8\n");
    d24 = eng_dest_find_locked(table, &p24);
    dest = eng_dest_less_specific_locked(table, d24, ENG_VIEW_MCAST);
    ok(dest && !eng_prefix_cmp(&dest->prefix, &p16), "multicast cover is not the queued /16\n");
    dest = eng_dest_less_specific_locked(table, d24, ENG_VIEW_UCAST);
    ok(dest && !eng_prefix_cmp(&dest->prefix, &p8), "unicast cover is not the /8\n");

    /* a queued dest that loses its route leaves the queue */
    eng_route_delete_locked(table, eng_dest_find_locked(table, &p16)->routes[0], NULL, NULL);
    check_table(table);
    dest = eng_dest_less_specific_locked(table, d24, ENG_VIEW_MCAST);
    ok(dest && !eng_prefix_cmp(&dest->prefix, &p8), "cover after the /16 went is not the /8\n");
    dest = eng_dest_next_locked(table, &p8);
    ok(dest && !eng_prefix_cmp(&dest->prefix, &p24), "after the /8 is not the /24 any more\n");

    /* the queue fills and is placed on the way; nothing is lost */
    for (i = 0; i < 40; i++) add4(table, &owner, 0x1e000000 + (i << 8), 24, 1, 1, ENG_VIEW_ALL, NULL);
    check_table(table);
    for (n = 0, dest = eng_dest_first_locked(table); dest; dest = eng_dest_next_locked(table, &dest->prefix)) n++;
    ok(n == 82, "walked %u dests\n", n);
    eng_table_write_unlock(table);
    eng_table_destroy(table);
}

static void test_ipx(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPX, 0);
    struct eng_owner owner;
    struct eng_prefix prefix = pfx4(0x00001234, 32);
    uint8_t addr[4] = {0, 0, 0x12, 0x34};
    struct eng_dest *dest;
    unsigned int i;

    eng_owner_init(&owner, 1, 0, NULL);
    eng_table_write_lock(table);
    for (i = 0; i < 100; i++) add4(table, &owner, 0x1000 + i * 3, 32, 1, i, ENG_VIEW_UCAST, NULL);
    add4(table, &owner, 0x00001234, 32, 1, 1, ENG_VIEW_UCAST, NULL);
    dest = eng_dest_find_locked(table, &prefix);
    ok(dest && eng_dest_lookup_locked(table, addr, ENG_VIEW_UCAST) == dest, "ipx lookup\n");
    addr[3] = 0x35;
    ok(!eng_dest_lookup_locked(table, addr, ENG_VIEW_UCAST), "ipx miss\n");
    ok(!eng_dest_lookup_ipv4_locked(table, 0x1234), "no lpm4 for ipx\n");
    prefix.len = 16;
    ok(eng_route_add_locked(table, &prefix, &owner, NULL, NULL, NULL, NULL, NULL) == ENG_EINVAL, "einval\n");
    for (i = 0, dest = eng_dest_first_locked(table); dest; dest = eng_dest_next_locked(table, &dest->prefix)) i++;
    ok(i == 101, "walk %u\n", i);
    check_table(table);
    eng_table_write_unlock(table);
    eng_table_destroy(table);
}

/* A flat picture of everything observable in a table, to tell "unchanged". */
static char *snapshot(struct eng_table *table, size_t *size)
{
    size_t cap = 4096, len = 0, need;
    char *buf = malloc(cap);
    struct eng_dest *dest;
    struct eng_prefix prefix;
    uint32_t i;

    len += sprintf(buf + len, "%u %u|", (unsigned int)eng_table_dest_count(table),
            (unsigned int)eng_table_route_count(table));
    len += sprintf(buf + len, "%u|", eng_table_next_expiry_locked(table));
    for (dest = eng_dest_first_locked(table); dest; dest = eng_dest_next_locked(table, &dest->prefix))
    {
        need = len + sizeof(dest->prefix) + (dest->nroutes + 2) * 32 + 64;
        if (need > cap) buf = realloc(buf, cap = need * 2);
        eng_prefix_copy(&prefix, &dest->prefix);
        memcpy(buf + len, &prefix, sizeof(prefix));
        len += sizeof(prefix);
        len += sprintf(buf + len, "%p %p %u:", (void *)dest->best[0], (void *)dest->best[1], dest->nroutes);
        for (i = 0; i < dest->nroutes; i++) len += sprintf(buf + len, "%p,", (void *)dest->routes[i]);
    }
    *size = len;
    return buf;
}

static void check_alloc_failures(struct eng_table *table, const struct eng_prefix *prefix, struct eng_owner *owner,
        const struct eng_route_params *p, struct eng_route *update, const char *what)
{
    unsigned long n, before;
    size_t size1, size2;
    char *snap1, *snap2;
    enum eng_status status;
    int failed = 0, changed = 0, bad = 0;
    struct seen seen = {0};

    eng_table_write_unlock(table);
    eng_table_add_observer(table, observer, &seen);
    eng_table_write_lock(table);
    snap1 = snapshot(table, &size1);
    for (n = 1; n < 100; n++)
    {
        before = eng_alloc_failures();
        eng_alloc_fail_nth(n);
        if (update) status = eng_route_update_locked(table, update, p, NULL, 1, owner, NULL);
        else status = eng_route_add_locked(table, prefix, owner, p, NULL, owner, NULL, NULL);
        eng_alloc_fail_nth(0);
        if (eng_alloc_failures() == before)
        {
            ok(status == ENG_OK, "%s: status %d without failure\n", what, status);
            break;
        }
        if (status == ENG_OK) continue;   /* an optional allocation (hash growth) failed */
        failed++;
        if (status != ENG_ENOMEM) bad++;
        snap2 = snapshot(table, &size2);
        if (size1 != size2 || memcmp(snap1, snap2, size1) || seen.count) changed++;
        free(snap2);
        if (eng_table_check_locked(table)) bad++;
    }
    /* a change that needs no allocation (the slabs have room) has nothing to fail */
    ok(failed > 0 || n == 1, "%s: no allocation failed\n", what);
    ok(!bad && !changed, "%s: %d bad, %d changed after ENOMEM (of %d)\n", what, bad, changed, failed);
    check_table(table);
    free(snap1);
    eng_table_write_unlock(table);
    eng_table_remove_observer(table, observer, &seen);
    eng_table_write_lock(table);
}

static void test_alloc_failure(enum eng_family family)
{
    unsigned int bytes = family == ENG_FAMILY_IPV6 ? 16 : 4;
    struct eng_table *table;
    struct model model[300];
    struct eng_owner owner;
    struct eng_prefix prefix;
    struct eng_route_params p;
    struct eng_route *route;
    unsigned int i;

    /* table creation itself */
    for (i = 1; i < 20; i++)
    {
        eng_alloc_fail_nth(i);
        table = eng_table_create(family, 16);
        eng_alloc_fail_nth(0);
        eng_table_destroy(table);
    }
    table = eng_table_create(family, 16);
    eng_owner_init(&owner, 1, 0, NULL);
    eng_table_write_lock(table);
    /* new dest, longer than /24: route, dest, radix nodes, slot, tbl24, tbl8 group */
    random_prefix(&prefix, bytes, 0);
    prefix.len = bytes * 8 - 2;
    prefix.bytes[bytes - 1] &= 0xfc;
    p = params(1, 1, ENG_VIEW_UCAST, 100);
    check_alloc_failures(table, &prefix, &owner, &p, NULL, "first add");
    model_build(table, &owner, model, 300, bytes);
    check_table(table);
    /* more new dests at different places of the tree */
    for (i = 0; i < 20; i++)
    {
        random_prefix(&prefix, bytes, 1);
        p = params(1, rnd() % 3, 1 + rnd() % 3, i & 1 ? 50 + i : ENG_NEVER);
        check_alloc_failures(table, &prefix, &owner, &p, NULL, "add");
    }
    /* an existing dest whose route array must grow */
    prefix = model[7].prefix;
    for (i = 0; i < 4; i++)
    {
        p = params(0, i, ENG_VIEW_ALL, ENG_NEVER);
        check_alloc_failures(table, &prefix, &owner, &p, NULL, "add to existing dest");
    }
    check_table(table);
    eng_table_write_unlock(table);
    eng_table_destroy(table);

    /* an update that needs tbl24, a tbl8 group and a heap slot */
    table = eng_table_create(family, 16);
    eng_table_write_lock(table);
    p = params(1, 1, ENG_VIEW_MCAST, ENG_NEVER);
    ok(eng_route_add_locked(table, &model[0].prefix, &owner, &p, NULL, &owner, &route, NULL) == ENG_OK, "add\n");
    p = params(1, 1, ENG_VIEW_ALL, 1000);
    check_alloc_failures(table, NULL, &owner, &p, route, "update");
    check_table(table);
    eng_table_write_unlock(table);
    eng_table_destroy(table);
}

struct reader_ctx
{
    struct eng_table *table;
    unsigned int found;
};

static void *reader(void *arg)
{
    struct reader_ctx *ctx = arg;
    struct eng_dest *dest;
    uint32_t state = 1, i;

    for (i = 0; i < 200000; i++)
    {
        state = state * 1664525 + 1013904223;
        eng_table_read_lock(ctx->table);
        dest = eng_dest_lookup_ipv4_locked(ctx->table, 0x0a000000 | (state >> 16));
        if (dest && dest->best[0]) ctx->found++;
        eng_table_read_unlock(ctx->table);
    }
    return NULL;
}

/* the table lock alone: writers exclude each other and readers */
struct lock_shared
{
    struct eng_table *table;
    unsigned int counter, bad;
};

struct lock_ctx
{
    struct lock_shared *shared;
    int writer;
};

static void *lock_thread(void *arg)
{
    struct lock_ctx *ctx = arg;
    struct lock_shared *shared = ctx->shared;
    volatile unsigned int *counter = &shared->counter;
    volatile unsigned int spin;
    unsigned int i, value;

    for (i = 0; i < 20000; i++)
    {
        if (ctx->writer)
        {
            eng_table_write_lock(shared->table);
            value = *counter;
            *counter = value + 1;
            for (spin = 0; spin < 200; spin++) ;   /* widen the windows a broken lock would show */
            *counter = value + 2;
            eng_table_write_unlock(shared->table);
            /* as a chunked job does: while the other writer holds the lock,
             * this spins until it lets the readers that waited in */
            if (i & 1) eng_table_yield(shared->table);
        }
        else
        {
            eng_table_read_lock(shared->table);
            value = *counter;
            for (spin = 0; spin < 200; spin++) ;
            if ((value & 1) || *counter != value) __atomic_fetch_add(&shared->bad, 1, __ATOMIC_RELAXED);
            eng_table_read_unlock(shared->table);
        }
    }
    return NULL;
}

static void test_lock(void)
{
    struct lock_shared shared = {0};
    struct lock_ctx ctx[4];
    pthread_t threads[4];
    unsigned int i;

    shared.table = eng_table_create(ENG_FAMILY_IPV6, 0);
    for (i = 0; i < 4; i++)
    {
        ctx[i].shared = &shared;
        ctx[i].writer = i & 1;
        pthread_create(&threads[i], NULL, lock_thread, &ctx[i]);
    }
    for (i = 0; i < 4; i++) pthread_join(threads[i], NULL);
    ok(shared.counter == 2 * 2 * 20000, "writers lost updates: %u\n", shared.counter);
    ok(!shared.bad, "readers saw a writer inside %u times\n", shared.bad);
    eng_table_destroy(shared.table);
}

static void test_threads(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, 0);
    struct reader_ctx ctx[2];
    struct eng_owner owner;
    struct eng_route *routes[256];
    pthread_t threads[2];
    unsigned int i, round;

    eng_owner_init(&owner, 1, 0, NULL);
    for (i = 0; i < 2; i++)
    {
        ctx[i].table = table;
        ctx[i].found = 0;
        pthread_create(&threads[i], NULL, reader, &ctx[i]);
    }
    for (round = 0; round < 40; round++)
    {
        eng_table_write_lock(table);
        for (i = 0; i < 256; i++) routes[i] = add4(table, &owner, 0x0a000000 | (i << 8), 24 + (i & 7), 1, 1,
                ENG_VIEW_UCAST, NULL);
        eng_table_write_unlock(table);
        eng_table_write_lock(table);
        for (i = 0; i < 256; i++) eng_route_delete_locked(table, routes[i], &owner, NULL);
        eng_table_write_unlock(table);
    }
    for (i = 0; i < 2; i++) pthread_join(threads[i], NULL);
    eng_table_read_lock(table);
    check_table(table);
    ok(eng_table_route_count(table) == 0, "empty\n");
    eng_table_read_unlock(table);
    eng_table_destroy(table);
}

static void test_default_route(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, 0);
    struct eng_owner owner;
    struct eng_route *def, *r25, *r16;

    eng_owner_init(&owner, 1, 0, NULL);
    eng_table_write_lock(table);
    r25 = add4(table, &owner, 0x0a000080, 25, 1, 1, ENG_VIEW_UCAST, NULL);
    def = add4(table, &owner, 0, 0, 1, 1, ENG_VIEW_UCAST, NULL);
    r16 = add4(table, &owner, 0x0a000000, 16, 1, 1, ENG_VIEW_UCAST, NULL);
    ok(eng_dest_lookup_ipv4_locked(table, 0x01020304) == def->dest, "default\n");
    ok(eng_dest_lookup_ipv4_locked(table, 0x0a000081) == r25->dest, "/25\n");
    ok(eng_dest_lookup_ipv4_locked(table, 0x0a000001) == r16->dest, "/16 in the /25's group\n");
    ok(eng_dest_less_specific_locked(table, r25->dest, ENG_VIEW_UCAST) == r16->dest, "less specific\n");
    ok(!eng_dest_less_specific_locked(table, def->dest, ENG_VIEW_ALL), "nothing covers /0\n");
    check_table(table);
    eng_route_delete_locked(table, r16, &owner, NULL);
    ok(eng_dest_lookup_ipv4_locked(table, 0x0a000001) == def->dest, "default restored in the group\n");
    eng_route_delete_locked(table, r25, &owner, NULL);
    ok(eng_dest_lookup_ipv4_locked(table, 0x0a000081) == def->dest, "group collapsed to default\n");
    check_table(table);
    eng_route_delete_locked(table, def, &owner, NULL);
    ok(!eng_dest_lookup_ipv4_locked(table, 0x01020304), "empty\n");
    check_table(table);
    eng_table_write_unlock(table);
    eng_table_destroy(table);
}

/* the dhash calls with the tag that the engine computes once for them */
static void hash_insert(struct eng_dhash *hash, struct eng_dest_int *dest)
{
    dhash_insert(hash, dest, dhash_tag(hash, &dest->pub.prefix));
}

static void hash_remove(struct eng_dhash *hash, struct eng_dest_int *dest)
{
    dhash_remove(hash, dest, dhash_tag(hash, &dest->pub.prefix));
}

static struct eng_dest_int *hash_find(const struct eng_dhash *hash, const struct eng_dest_int *dest)
{
    return dhash_find(hash, &dest->pub.prefix, dhash_tag(hash, &dest->pub.prefix));
}

/* The hash alone (dhash.c) on dests made by hand: inserts and removals
 * across several doublings, each one in the middle of a migration now and
 * then, with every bucket's overflow count checked; then a table that can
 * never grow fills its last slot and refuses the next dest. */
static void test_dhash(void)
{
    enum { N = 24000 };
    struct eng_dest_int *dests = calloc(N, sizeof(*dests));
    unsigned char *in = calloc(N, 1);
    unsigned int i, op, bad = 0, checks = 0, capacity, max_bits = 0;
    struct eng_dhash hash;
    const char *err = NULL;
    size_t count = 0;
    int refused = 0;

    for (i = 0; i < N; i++) dests[i].pub.prefix = i & 1 ? pfx4(i, 32) : pfx4(i << 8, 24);
    ok(!dhash_init(&hash, 4), "dhash_init failed\n");
    for (op = 0; op < 300000 && !err; op++)
    {
        /* the table grows in the first half and shrinks in the second */
        i = rnd() % N;
        if (in[i] && (op >= 150000 || rnd() % 4 == 0))
        {
            hash_remove(&hash, &dests[i]);
            in[i] = 0;
            count--;
        }
        else if (!in[i] && op < 150000)
        {
            if (dhash_reserve(&hash)) refused++;
            else
            {
                hash_insert(&hash, &dests[i]);
                in[i] = 1;
                count++;
            }
        }
        if (hash.bits > max_bits) max_bits = hash.bits;
        if (op % 1009 == 0 || (hash.old && op % 7 == 0 && checks < 2000))
        {
            err = dhash_check(&hash);
            checks++;
        }
    }
    ok(!err, "after %u ops: %s\n", op, err ? err : "");
    ok(!refused, "%d inserts refused\n", refused);
    ok(hash.count == count, "count %u, expected %u\n", (unsigned int)hash.count, (unsigned int)count);
    ok(max_bits >= 12, "grew to only %u bits\n", max_bits);
    for (i = 0; i < N; i++)
        if (hash_find(&hash, &dests[i]) != (in[i] ? &dests[i] : NULL)) bad++;
    ok(!bad, "%u finds wrong\n", bad);
    dhash_destroy(&hash);

    /* growth that always fails: 256 buckets fill to the last slot */
    capacity = 256 * DHASH_SLOTS;
    dhash_init(&hash, 4);
    for (i = 0; i < N; i++)
    {
        int full;

        eng_alloc_fail_nth(1);
        full = dhash_reserve(&hash);
        eng_alloc_fail_nth(0);
        if (full) break;
        hash_insert(&hash, &dests[i]);
    }
    ok(i == capacity && hash.bits == 8, "refused after %u dests (capacity %u), %u bits\n", i, capacity, hash.bits);
    err = dhash_check(&hash);
    ok(!err, "full table: %s\n", err ? err : "");
    for (i = bad = 0; i < capacity; i++)
        if (hash_find(&hash, &dests[i]) != &dests[i]) bad++;
    ok(!bad && !hash_find(&hash, &dests[capacity]), "full table: %u finds wrong\n", bad);

    /* Churn in the full table: each removal must pull back a dest that had
     * passed the freed bucket (the checker wants every bucket with an
     * overflow count full), or the counts pile up until no bucket ends a
     * miss, which then went round the table for ever. */
    memset(in, 0, N);
    memset(in, 1, capacity);
    for (op = 0; op < 20000 && !err; op++)
    {
        do i = rnd() % (capacity + 500); while (!in[i]);
        hash_remove(&hash, &dests[i]);
        in[i] = 0;
        if (hash_find(&hash, &dests[i])) bad++;
        do i = rnd() % (capacity + 500); while (in[i]);
        eng_alloc_fail_nth(1);
        if (dhash_reserve(&hash)) bad++;
        eng_alloc_fail_nth(0);
        hash_insert(&hash, &dests[i]);
        in[i] = 1;
        if (op % 97 == 0) err = dhash_check(&hash);
    }
    ok(!err && !bad, "churn at full load: %s, %u wrong\n", err ? err : "no error", bad);
    for (i = bad = 0; i < capacity + 500; i++)
        if (hash_find(&hash, &dests[i]) != (in[i] ? &dests[i] : NULL)) bad++;
    ok(!bad, "after churn at full load: %u finds wrong\n", bad);

    /* growth that comes too late for the old table to take the inserts of
     * an incremental migration moves everything at once */
    for (i = 0; !in[i]; i++) {}
    hash_remove(&hash, &dests[i]);
    in[i] = 0;
    eng_alloc_fail_nth(1);
    ok(!dhash_reserve(&hash), "no room after a removal\n");
    eng_alloc_fail_nth(0);
    i = dhash_reserve(&hash);
    ok(!i && hash.bits == 9 && !hash.old, "did not grow once it could: %u, %u bits, old %p\n", i, hash.bits,
       (void *)hash.old);
    err = dhash_check(&hash);
    ok(!err, "after growing: %s\n", err ? err : "");
    dhash_destroy(&hash);
    free(dests);
    free(in);
}

/* The unlock hook runs after the write lock is released, once per unlock. */
struct unlock_seen
{
    struct eng_table *table;
    int calls, free;
};

static void unlock_hook(void *ctx)
{
    struct unlock_seen *seen = ctx;

    seen->calls++;
    /* a write lock still held would make this wait forever */
    eng_table_read_lock(seen->table);
    eng_table_read_unlock(seen->table);
    seen->free++;
}

static void test_unlock_hook(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, 0);
    struct unlock_seen seen = {table, 0, 0};
    struct eng_owner owner;

    eng_owner_init(&owner, 1, 0, NULL);
    eng_table_set_unlock_hook(table, unlock_hook, &seen);
    seen.calls = seen.free = 0;
    eng_table_write_lock(table);
    add4(table, &owner, 0x0a000000, 8, 1, 1, ENG_VIEW_UCAST, NULL);
    eng_table_write_unlock(table);
    ok(seen.calls == 1 && seen.free == 1, "hook: %d calls, %d with the lock free\n", seen.calls, seen.free);
    eng_table_read_lock(table);
    eng_table_read_unlock(table);
    ok(seen.calls == 1, "hook ran for a read unlock\n");
    eng_table_set_unlock_hook(table, NULL, NULL);
    eng_table_write_lock(table);
    eng_owner_remove_routes_locked(table, &owner, 10);
    eng_table_write_unlock(table);
    ok(seen.calls == 1, "hook ran %d times after it was removed\n", seen.calls - 1);
    eng_table_destroy(table);
}

/* The route array of a dest keeps its capacity as a shift (engine.c,
 * dest_routes_cap): counts that go up and down across the sizes where it
 * grows, with the growth failing now and then, keep every route. */
static void test_dest_route_array(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, 0);
    struct eng_prefix prefix = pfx4(0x0a000000, 8);
    struct eng_route *routes[12];
    struct eng_owner owners[12];
    struct eng_dest *dest;
    unsigned int i, step, n = 0, bad = 0, failed = 0;
    const char *problem;

    for (i = 0; i < 12; i++) eng_owner_init(&owners[i], i + 1, 0, NULL);
    for (step = 0; step < 400; step++)
    {
        /* a walk of the count between 0 and 12 that often turns around */
        unsigned int up = n < 12 && (!n || (step * 7919u) % 5 < 3);

        eng_table_write_lock(table);
        if (up)
        {
            struct eng_route_params p = params(1, n, ENG_VIEW_ALL, ENG_NEVER);

            if (!(step % 9)) eng_alloc_fail_nth(1);
            if (eng_route_add_locked(table, &prefix, &owners[n], &p, NULL, NULL, &routes[n], NULL)) failed++;
            else n++;
            eng_alloc_fail_nth(0);
        }
        else eng_route_delete_locked(table, routes[--n], NULL, NULL);
        dest = eng_dest_find_locked(table, &prefix);
        if (n ? !dest || dest->nroutes != n : dest != NULL) bad++;
        for (i = 0; dest && i < n; i++) if (dest->routes[i] != routes[i]) bad++;
        if ((problem = eng_table_check_locked(table))) bad++;
        eng_table_write_unlock(table);
    }
    ok(!bad, "%u bad steps\n", bad);
    ok(failed, "no growth failed\n");
    eng_table_destroy(table);
}

/* Interned values (intern.c) alone: sharing, references, growth and
 * allocation failure, with values whose size is not a multiple of 8 and
 * with the 72 bytes of the layers' attributes. */
struct value12
{
    uint32_t a, b, c;
};

static struct value12 value12(uint32_t i)
{
    struct value12 value;

    value.a = i;
    value.b = i * 7;
    value.c = ~i;
    return value;
}

static void test_intern(void)
{
    enum { N = 5000 };
    const void **held = calloc(N, sizeof(*held));
    unsigned char big[72], other[72];
    struct value12 value, tail;
    const void *p, *q, *r;
    struct eng_intern *set;
    unsigned long before;
    unsigned int i, j, bad;

    /* creation without memory leaks nothing (ASan checks) */
    for (i = 1; i <= 2; i++)
    {
        eng_alloc_fail_nth(i);
        set = intern_create(12);
        eng_alloc_fail_nth(0);
        ok(!set, "intern_create succeeded with allocation %u failing\n", i);
        intern_destroy(set);
    }

    set = intern_create(sizeof(struct value12));
    ok(set && !intern_count(set), "empty set\n");
    value = value12(1);
    p = intern_get(set, &value);
    q = intern_get(set, &value);
    ok(p && p == q, "equal values not shared: %p %p\n", p, q);
    ok(p != (const void *)&value && !memcmp(p, &value, sizeof(value)), "not a copy of the value\n");
    ok(!((uintptr_t)p & 7), "value %p not 8-byte aligned\n", p);
    ok(intern_count(set) == 1, "count %u\n", (unsigned int)intern_count(set));
    /* only the last byte differs, in the hash's partial last word */
    tail = value;
    tail.c ^= 0x01000000;
    r = intern_get(set, &tail);
    ok(r && r != p && !memcmp(r, &tail, sizeof(tail)), "distinct values share %p\n", r);
    ok(intern_count(set) == 2, "count %u\n", (unsigned int)intern_count(set));
    intern_ref(p);
    intern_put(set, p);
    intern_put(set, q);
    /* the reference of intern_ref keeps it */
    ok(intern_count(set) == 2 && !memcmp(p, &value, sizeof(value)), "value gone before its last put\n");
    q = intern_get(set, &value);
    ok(q == p, "value not found again: %p %p\n", q, p);
    intern_put(set, q);
    intern_put(set, p);
    ok(intern_count(set) == 1, "count after the last put %u\n", (unsigned int)intern_count(set));
    q = intern_get(set, &value);
    ok(q && !memcmp(q, &value, sizeof(value)), "value not made again\n");
    intern_put(set, q);
    intern_put(set, r);
    intern_put(set, NULL);
    ok(!intern_count(set), "count %u\n", (unsigned int)intern_count(set));
    /* type-stable: the memory of the last value put serves the next new one */
    value = value12(2);
    before = eng_alloc_failures();
    eng_alloc_fail_nth(1);
    p = intern_get(set, &value);
    eng_alloc_fail_nth(0);
    ok(p == r && eng_alloc_failures() == before && !memcmp(p, &value, sizeof(value)),
       "new value not in a freed one's memory: %p, %p\n", p, r);
    intern_put(set, p);
    intern_destroy(set);

    /* out of memory: nothing changes, then it works again */
    set = intern_create(sizeof(value));
    before = eng_alloc_failures();
    eng_alloc_fail_nth(1);
    p = intern_get(set, &value);
    eng_alloc_fail_nth(0);
    ok(!p && eng_alloc_failures() == before + 1, "intern_get without memory: %p\n", p);
    ok(!intern_count(set), "count after a failure %u\n", (unsigned int)intern_count(set));
    p = intern_get(set, &value);
    ok(p && !memcmp(p, &value, sizeof(value)) && intern_count(set) == 1, "intern_get after a failure\n");
    /* a value the set has needs no memory */
    before = eng_alloc_failures();
    eng_alloc_fail_nth(1);
    q = intern_get(set, &value);
    eng_alloc_fail_nth(0);
    ok(q == p && eng_alloc_failures() == before, "existing value without memory: %p\n", q);
    intern_put(set, q);
    intern_put(set, p);

    /* many bucket doublings, one of them without memory */
    for (i = bad = 0; i < N; i++)
    {
        value = value12(i + 10);
        if (i == 16) eng_alloc_fail_nth(2);     /* the value, then not the bigger buckets */
        held[i] = intern_get(set, &value);
        eng_alloc_fail_nth(0);
        if (!held[i] || memcmp(held[i], &value, sizeof(value))) bad++;
    }
    ok(!bad && intern_count(set) == N, "%u bad, count %u\n", bad, (unsigned int)intern_count(set));
    for (i = bad = 0; i < N; i++)
    {
        value = value12(i + 10);
        if (intern_get(set, &value) != held[i]) bad++;
        intern_put(set, held[i]);
    }
    ok(!bad && intern_count(set) == N, "%u not found, count %u\n", bad, (unsigned int)intern_count(set));
    /* in another order: 2999 is prime, so this visits every index once */
    for (i = 0, j = 0; i < N; i++, j = (j + 2999) % N)
    {
        intern_put(set, held[j]);
        held[j] = NULL;
    }
    for (i = bad = 0; i < N; i++) if (held[i]) bad++;
    ok(!bad && !intern_count(set), "%u missed, count %u\n", bad, (unsigned int)intern_count(set));
    /* the set works on after the puts */
    value = value12(3);
    p = intern_get(set, &value);
    ok(p && intern_count(set) == 1, "intern_get after emptying\n");
    /* intern_destroy frees what is still referenced (ASan checks) */
    intern_destroy(set);

    set = intern_create(sizeof(big));
    memset(big, 0x5a, sizeof(big));
    memcpy(other, big, sizeof(big));
    other[71] ^= 1;
    p = intern_get(set, big);
    q = intern_get(set, other);
    r = intern_get(set, big);
    ok(p && q && p != q && p == r, "72 bytes: %p %p %p\n", p, q, r);
    ok(!memcmp(p, big, sizeof(big)) && !memcmp(q, other, sizeof(other)), "72 bytes: contents\n");
    ok(intern_count(set) == 2, "72 bytes: count %u\n", (unsigned int)intern_count(set));
    intern_put(set, p);
    intern_put(set, q);
    intern_put(set, r);
    ok(!intern_count(set), "72 bytes: count %u\n", (unsigned int)intern_count(set));
    intern_destroy(set);
    free(held);
}

/* Threads that take and drop the same few values: the counts go 1 -> 0 -> 1
 * all the time, the lock-free drops race with the final ones under the lock
 * and with intern_get finding the value. */
struct intern_thread_ctx
{
    struct eng_intern *set;
    unsigned int seed, nvalues, hold, bad;
};

#define INTERN_THREAD_HOLD 16

static void intern_thread_value(unsigned char *value, unsigned int k)
{
    memset(value, 0x30 + k, 72);
    value[70] = k >> 8;
    value[71] = k;
}

static void *intern_thread(void *arg)
{
    struct intern_thread_ctx *ctx = arg;
    unsigned char value[72];
    const unsigned char *p, *held[INTERN_THREAD_HOLD];
    unsigned int i, k, nheld = 0, state = ctx->seed;

    for (i = 0; i < 50000; i++)
    {
        state = state * 1664525 + 1013904223;
        k = (state >> 16) % ctx->nvalues;
        intern_thread_value(value, k);
        if (!(p = intern_get(ctx->set, value)) || memcmp(p, value, sizeof(value)))
        {
            ctx->bad++;
            continue;
        }
        if (state & 0x100)
        {
            /* two references: the first put never takes the lock */
            intern_ref(p);
            intern_put(ctx->set, p);
            if (memcmp(p, value, sizeof(value))) ctx->bad++;
        }
        /* the oldest value held goes: held values keep the set big */
        if (nheld < ctx->hold) held[nheld++] = p;
        else if (ctx->hold)
        {
            intern_put(ctx->set, held[i % ctx->hold]);
            held[i % ctx->hold] = p;
        }
        else intern_put(ctx->set, p);
    }
    while (nheld) intern_put(ctx->set, held[--nheld]);
    return NULL;
}

/* nvalues values, each often freed and reused for another; with hold values
 * kept by each thread, the set also grows under the lookups that take no
 * lock */
static void test_intern_threads(unsigned int nvalues, unsigned int hold)
{
    struct eng_intern *set = intern_create(72);
    struct intern_thread_ctx ctx[4];
    pthread_t threads[4];
    unsigned int i, bad = 0;

    for (i = 0; i < 4; i++)
    {
        ctx[i].set = set;
        ctx[i].seed = i * 7919 + 1;
        ctx[i].nvalues = nvalues;
        ctx[i].hold = hold;
        ctx[i].bad = 0;
        pthread_create(&threads[i], NULL, intern_thread, &ctx[i]);
    }
    for (i = 0; i < 4; i++)
    {
        pthread_join(threads[i], NULL);
        bad += ctx[i].bad;
    }
    ok(!bad, "%u values, %u held: %u wrong\n", nvalues, hold, bad);
    ok(!intern_count(set), "count %u\n", (unsigned int)intern_count(set));
    intern_destroy(set);
}

/* The payload release hook with payloads that hold interned values. */
static struct eng_intern *payload_set;
static unsigned int payload_releases;

static void payload_release(void *payload)
{
    const void *value;

    memcpy(&value, payload, sizeof(value));
    payload_releases++;
    intern_put(payload_set, value);
}

/* the payload of a route: a reference to the interned value of k */
static const void *payload_value(unsigned int k)
{
    struct value12 value = value12(k);

    return intern_get(payload_set, &value);
}

static const void *route_value(const struct eng_route *route)
{
    const void *value;

    memcpy(&value, route->payload, sizeof(value));
    return value;
}

static void test_payload_release(void)
{
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, sizeof(void *));
    struct eng_route_params p = params(1, 1, ENG_VIEW_ALL, ENG_NEVER);
    struct eng_route *routes[8], *kept;
    struct eng_owner owner;
    struct eng_prefix prefix;
    const void *a, *b, *c;
    struct value12 tail;
    enum eng_status status;
    unsigned long n, before;
    unsigned int i, failed;

    payload_set = intern_create(sizeof(struct value12));
    payload_releases = 0;
    eng_table_set_payload_release(table, payload_release);
    eng_owner_init(&owner, 1, 0, NULL);
    eng_table_write_lock(table);
    /* routes 0-5 share a, 6 and 7 share b: one reference each */
    for (i = 0; i < 8; i++)
    {
        prefix = pfx4(0x0a000000 | (i << 8), 24);
        a = payload_value(i < 6 ? 1 : 2);
        status = eng_route_add_locked(table, &prefix, &owner, &p, &a, &owner, &routes[i], NULL);
        ok(status == ENG_OK, "add %u: %d\n", i, status);
    }
    a = route_value(routes[0]);
    b = route_value(routes[6]);
    ok(a != b && route_value(routes[5]) == a && route_value(routes[7]) == b, "payloads %p %p\n", a, b);
    ok(intern_count(payload_set) == 2 && !payload_releases, "count %u, %u releases\n",
       (unsigned int)intern_count(payload_set), payload_releases);
    /* a route without a payload releases a zeroed one */
    prefix = pfx4(0x0b000000, 8);
    ok(eng_route_add_locked(table, &prefix, &owner, &p, NULL, &owner, &kept, NULL) == ENG_OK, "add\n");
    eng_route_delete_locked(table, kept, &owner, NULL);

    /* a failed add leaves the caller its reference */
    prefix = pfx4(0x0c000000, 28);
    c = payload_value(3);
    for (n = 1, failed = 0; n < 100; n++)
    {
        before = eng_alloc_failures();
        eng_alloc_fail_nth(n);
        status = eng_route_add_locked(table, &prefix, &owner, &p, &c, &owner, &kept, NULL);
        eng_alloc_fail_nth(0);
        if (status == ENG_OK) break;
        ok(status == ENG_ENOMEM && eng_alloc_failures() == before + 1, "add: status %d\n", status);
        failed++;
    }
    ok(failed > 0 && status == ENG_OK, "add: %u failures, status %d\n", failed, status);
    ok(route_value(kept) == c && intern_count(payload_set) == 3, "add after failures: count %u\n",
       (unsigned int)intern_count(payload_set));
    eng_table_write_unlock(table);
    ok(payload_releases == 1, "%u releases after the first delete\n", payload_releases);

    /* update to a new value releases the old one */
    eng_table_write_lock(table);
    c = payload_value(4);
    ok(eng_route_update_locked(table, routes[6], &p, &c, 0, &owner, NULL) == ENG_OK, "update\n");
    ok(route_value(routes[6]) == c && payload_releases == 2, "update: %u releases\n", payload_releases);
    ok(intern_count(payload_set) == 4, "count %u\n", (unsigned int)intern_count(payload_set));
    c = payload_value(4);
    ok(eng_route_update_locked(table, routes[7], &p, &c, 0, &owner, NULL) == ENG_OK, "update\n");
    ok(payload_releases == 3 && intern_count(payload_set) == 3, "b not freed by its last route: count %u\n",
       (unsigned int)intern_count(payload_set));
    /* to the same value: the caller's reference replaces the route's */
    c = payload_value(4);
    ok(eng_route_update_locked(table, routes[7], &p, &c, 0, &owner, NULL) == ENG_OK, "update\n");
    ok(route_value(routes[7]) == c && payload_releases == 4 && intern_count(payload_set) == 3,
       "update to the same value: count %u\n", (unsigned int)intern_count(payload_set));
    /* without a payload: nothing released */
    p.metric = 2;
    ok(eng_route_update_locked(table, routes[7], &p, NULL, 0, &owner, NULL) == ENG_OK, "update\n");
    ok(route_value(routes[7]) == c && payload_releases == 4, "update without payload released\n");
    /* a failed update (no heap slot for the expiry) keeps both references */
    c = payload_value(5);
    p.expire = 100;
    for (n = 1, failed = 0; n < 100; n++)
    {
        before = eng_alloc_failures();
        eng_alloc_fail_nth(n);
        status = eng_route_update_locked(table, routes[0], &p, &c, 0, &owner, NULL);
        eng_alloc_fail_nth(0);
        if (status == ENG_OK) break;
        ok(status == ENG_ENOMEM && eng_alloc_failures() == before + 1, "update: status %d\n", status);
        ok(route_value(routes[0]) == a && payload_releases == 4, "failed update released\n");
        failed++;
    }
    ok(failed > 0 && status == ENG_OK, "update: %u failures, status %d\n", failed, status);
    ok(route_value(routes[0]) == c && payload_releases == 5, "update after failures: %u releases\n",
       payload_releases);
    ok(intern_count(payload_set) == 4, "count %u\n", (unsigned int)intern_count(payload_set));
    check_table(table);
    eng_table_write_unlock(table);

    /* deletes: released by the unlock at the latest */
    eng_table_write_lock(table);
    for (i = 1; i < 5; i++) eng_route_delete_locked(table, routes[i], &owner, NULL);
    eng_table_write_unlock(table);
    ok(payload_releases == 9 && intern_count(payload_set) == 4, "deletes: %u releases, count %u\n",
       payload_releases, (unsigned int)intern_count(payload_set));
    /* the last route with a, kept alive by a reference */
    kept = routes[5];
    eng_route_ref(kept);
    eng_table_write_lock(table);
    eng_route_delete_locked(table, kept, &owner, NULL);
    eng_table_write_unlock(table);
    ok(payload_releases == 9 && route_value(kept) == a && intern_count(payload_set) == 4,
       "referenced route released: %u releases\n", payload_releases);
    tail = value12(1);
    ok(!memcmp(a, &tail, sizeof(tail)), "value of a live route changed\n");
    eng_route_release(table, kept);
    ok(payload_releases == 10 && intern_count(payload_set) == 3, "release: %u releases, count %u\n",
       payload_releases, (unsigned int)intern_count(payload_set));

    /* destroy releases the routes still there: 0, 6, 7 and the one of 0x0c000000/28 */
    eng_table_destroy(table);
    ok(payload_releases == 14 && !intern_count(payload_set), "destroy: %u releases, count %u\n",
       payload_releases, (unsigned int)intern_count(payload_set));
    intern_destroy(payload_set);
    payload_set = NULL;
}

/* An optimistic reader may still be in a tbl8 directory that has just been
 * replaced by a bigger one: the old copy stays allocated (ASan checks the
 * reads) and leads to the same chunks, until lpm4_destroy(). */
static void test_lpm4_growth(void)
{
    struct eng_lpm4 lpm;
    uint32_t *const *old = NULL;
    uint32_t i, bad = 0;

    lpm4_init(&lpm);
    for (i = 0; i < 40; i++)
    {
        if (!old && lpm.ngroups == LPM4_CHUNK_GROUPS && lpm.nfree == 1) old = lpm.tbl8;
        ok(!lpm4_reserve(&lpm, 25), "reserve %u\n", i);
        lpm4_add(&lpm, 0x0a000000 | (i << 8), 25, i);
    }
    ok(old && lpm.tbl8 != old && lpm.nretired == 2 && lpm.ngroups == 48,
       "directory did not grow: %p %p, %u retired, %u groups\n", old, lpm.tbl8, lpm.nretired, lpm.ngroups);
    for (i = 0; old && i < LPM4_CHUNK_GROUPS - 1; i++)
        if (old[0][(size_t)i * 256] != lpm4_entry(25, i) || lpm4_lookup(&lpm, 0x0a000000 | (i << 8)) !=
            lpm4_entry(25, i)) bad++;
    ok(!bad, "%u groups of the old directory's chunk lost their entries\n", bad);
    ok(!lpm4_check(&lpm), "check: %s\n", lpm4_check(&lpm));
    lpm4_destroy(&lpm);
}

/* lpm4 against the longest match found by scanning the live prefixes */
struct lpm4_ref
{
    uint32_t addr;
    unsigned int len;
    uint32_t index;
};

static int lpm4_ref_covers(const struct lpm4_ref *ref, uint32_t addr, unsigned int len)
{
    return ref->len <= len && (!ref->len || !((ref->addr ^ addr) >> (32 - ref->len)));
}

/* the entry of the longest live prefix that covers addr/len and is shorter
 * than max_len */
static uint32_t lpm4_ref_match(const struct lpm4_ref *refs, unsigned int count, uint32_t addr, unsigned int len,
        unsigned int max_len)
{
    const struct lpm4_ref *best = NULL;
    unsigned int i;

    for (i = 0; i < count; i++)
        if (refs[i].len < max_len && lpm4_ref_covers(&refs[i], addr, len) && (!best || refs[i].len > best->len))
            best = &refs[i];
    return best ? lpm4_entry(best->len, best->index) : 0;
}

static uint32_t lpm4_mask(unsigned int len)
{
    return len ? ~0u << (32 - len) : 0;
}

/* an address of one of the clusters: under one /18, under one /24 of it,
 * near the ends of the space, anywhere */
static uint32_t lpm4_random_addr(void)
{
    switch (rnd() % 8)
    {
    case 0: case 1: case 2: return 0x0a014000 | (rnd() & 0x3fff);
    case 3: case 4: return 0x0a014d00 | (rnd() & 0xff);
    case 5: return rnd() & 0x3ff;
    case 6: return ~0u - (rnd() & 0x3ff);
    default: return rnd();
    }
}

static void test_lpm4_random(unsigned int ops)
{
    static const unsigned int lens[] = {0, 1, 8, 16, 17, 18, 19, 23, 24, 25, 29, 30, 31, 32};
    struct lpm4_ref refs[600];
    struct eng_lpm4 lpm;
    unsigned int count = 0, op, i, j, len, bad = 0, checks = 0, max = 0, allocs = 0, max_groups = 0;
    uint32_t addr, probe, next_index = 1, expect, got, groups;
    const char *err;

    lpm4_init(&lpm);
    for (op = 0; op < ops; op++)
    {
        if (count && (count == sizeof(refs) / sizeof(*refs) || rnd() % 100 < (op % 2000 < 1400 ? 25 : 70)))
        {
            i = rnd() % count;
            expect = lpm4_ref_match(refs, count, refs[i].addr, refs[i].len, refs[i].len);
            groups = lpm.ngroups;
            lpm4_delete(&lpm, refs[i].addr, refs[i].len, refs[i].index, expect);
            /* nothing allocated: the engine does not reserve before a deletion */
            if (lpm.ngroups != groups) allocs++;
            refs[i] = refs[--count];
        }
        else
        {
            len = rnd() % 3 ? rnd() % 33 : lens[rnd() % (sizeof(lens) / sizeof(*lens))];
            addr = lpm4_random_addr() & lpm4_mask(len);
            for (i = 0; i < count; i++) if (refs[i].addr == addr && refs[i].len == len) break;
            if (i < count) continue;
            if (lpm4_reserve(&lpm, len))
            {
                ok(0, "reserve failed\n");
                break;
            }
            lpm4_add(&lpm, addr, len, next_index);
            refs[count].addr = addr;
            refs[count].len = len;
            refs[count++].index = next_index;
            next_index = (next_index * 7 + 3) & LPM4_INDEX_MASK;
        }
        if (count > max) max = count;
        if (lpm.ngroups - lpm.nfree > max_groups) max_groups = lpm.ngroups - lpm.nfree;
        if ((err = lpm4_check(&lpm)))
        {
            ok(0, "op %u: %s\n", op, err);
            break;
        }
        /* the ends of every live prefix near the clusters, and random addresses */
        for (j = 0; j < 24; j++)
        {
            if (j < 8 && count)
            {
                i = rnd() % count;
                probe = refs[i].addr + (j & 1 ? ~lpm4_mask(refs[i].len) : 0) + (j & 2 ? (j & 1 ? 1 : -1) : 0);
            }
            else probe = lpm4_random_addr();
            expect = lpm4_ref_match(refs, count, probe, 32, 33);
            got = lpm4_lookup(&lpm, probe);
            checks++;
            if (got != expect && bad++ < 5) ok(0, "op %u: %08x: %08x, expected %08x\n", op, probe, got, expect);
        }
    }
    /* every address of the /24, and of the /18 in steps */
    for (probe = 0x0a014000; probe < 0x0a018000; probe += (probe & 0xffffff00) == 0x0a014d00 ? 1 : 5)
    {
        checks++;
        if (lpm4_lookup(&lpm, probe) != lpm4_ref_match(refs, count, probe, 32, 33) && bad++ < 5)
            ok(0, "%08x wrong at the end\n", probe);
    }
    ok(!bad, "%u of %u lookups wrong (up to %u prefixes, %u tbl8 groups)\n", bad, checks, max, max_groups);
    ok(!allocs, "%u deletions allocated\n", allocs);
    while (count)
    {
        i = rnd() % count;
        expect = lpm4_ref_match(refs, count, refs[i].addr, refs[i].len, refs[i].len);
        lpm4_delete(&lpm, refs[i].addr, refs[i].len, refs[i].index, expect);
        refs[i] = refs[--count];
    }
    ok(!(err = lpm4_check(&lpm)), "check: %s\n", err);
    ok(lpm.nfree == lpm.ngroups, "emptied: %u tbl8 groups left\n", lpm.ngroups - lpm.nfree);
    for (i = 0; lpm.tbl24 && i < 1u << 24; i++) if (lpm.tbl24[i]) break;
    ok(!lpm.tbl24 || i == 1u << 24, "tbl24 entry %u left\n", i);
    lpm4_destroy(&lpm);
}

/* Optimistic lookups (engine.h) racing a writer that fills the table and
 * empties it again, round after round: slot chunks and tbl8 grow, the
 * emptied table rewinds its slabs, interned values are freed and reused.
 * Every answer that validates must be a route of the prefix it matched, and
 * under ASan no read may leave memory that is still allocated. */
struct optimistic_ctx
{
    struct eng_table *table;
    int               stop;
    unsigned int      validated, found, bad;
};

static struct value12 prefix_value(uint32_t network, unsigned int len)
{
    struct value12 value;

    value.a = network;
    value.b = len;
    value.c = ~network;
    return value;
}

static void *optimistic_reader(void *arg)
{
    struct optimistic_ctx *ctx = arg;
    const uint32_t *count = eng_table_seq(ctx->table);
    const struct value12 *value;
    struct eng_match4 match;
    struct value12 copy;
    uint32_t state = (uint32_t)(uintptr_t)&state, seq, addr, mask;

    while (!__atomic_load_n(&ctx->stop, __ATOMIC_ACQUIRE))
    {
        state = state * 1664525 + 1013904223;
        /* 10.0.0.0/11: the routes are all in its first half, so that half
         * the answers are misses whatever the timing (the first half is
         * covered by a /12 most of the time) */
        addr = 0x0a000000 | (state >> 11);
        if ((seq = eng_read_begin(count)) & 1) continue;
        if (!eng_route_lookup_ipv4(ctx->table, addr, &match))
        {
            if (eng_read_valid(count, seq)) __atomic_add_fetch(&ctx->validated, 1, __ATOMIC_RELAXED);
            continue;
        }
        /* as RtmLookupIPDestination does: the payload's interned value is
         * read before any check, since interned values stay readable */
        value = match.payload_word;
        copy = *value;
        if (!eng_read_valid(count, seq)) continue;
        __atomic_add_fetch(&ctx->validated, 1, __ATOMIC_RELAXED);
        ctx->found++;
        mask = match.len ? ~0u << (32 - match.len) : 0;
        if (match.len > 32 || copy.a != (addr & mask) || copy.b != match.len || copy.c != ~copy.a ||
            match.timestamp != copy.a) ctx->bad++;
    }
    return NULL;
}

static void test_optimistic_lookup(void)
{
    struct eng_route_params p = params(1, 1, ENG_VIEW_ALL, ENG_NEVER);
    struct optimistic_ctx ctx[2];
    pthread_t threads[2];
    struct eng_table *table = eng_table_create(ENG_FAMILY_IPV4, sizeof(void *));
    struct eng_owner owner;
    struct eng_prefix prefix;
    struct value12 value;
    const void *payload;
    uint32_t state = 1, network;
    unsigned int round, i, len, failed = 0, seen[2];

    payload_set = intern_create(sizeof(struct value12));
    eng_table_set_payload_release(table, payload_release);
    eng_owner_init(&owner, 1, 0, NULL);
    for (i = 0; i < 2; i++)
    {
        memset(&ctx[i], 0, sizeof(ctx[i]));
        ctx[i].table = table;
        pthread_create(&threads[i], NULL, optimistic_reader, &ctx[i]);
    }
    for (round = 0; round < 30; round++)
    {
        /* 10.0.0.0/12, lengths 12-32: more than a slot chunk of dests, and
         * hundreds of tbl8 groups */
        for (i = 0; i < 6000; i++)
        {
            state = state * 1664525 + 1013904223;
            len = 12 + (state >> 27) % 21;
            network = (0x0a000000 | ((state * 2654435761u) >> 12)) & (~0u << (32 - len));
            prefix = pfx4(network, len);
            value = prefix_value(network, len);
            p.timestamp = network;      /* the answer's time stamp must match its value */
            eng_table_write_lock(table);
            if (!(payload = intern_get(payload_set, &value)) ||
                eng_route_add_locked(table, &prefix, &owner, &p, &payload, &owner, NULL, NULL)) failed++;
            eng_table_write_unlock(table);
        }
        /* whatever the scheduler does, both readers look the full table up
         * a while before it empties */
        for (i = 0; i < 2; i++) seen[i] = __atomic_load_n(&ctx[i].validated, __ATOMIC_RELAXED);
        for (i = 0; i < 2; i++)
            while (__atomic_load_n(&ctx[i].validated, __ATOMIC_RELAXED) - seen[i] < 256) eng_yield();
        while (owner.nroutes)
        {
            eng_table_write_lock(table);
            eng_owner_remove_routes_locked(table, &owner, 512);
            eng_table_write_unlock(table);
        }
    }
    for (i = 0; i < 2; i++) __atomic_store_n(&ctx[i].stop, 1, __ATOMIC_RELEASE);
    for (i = 0; i < 2; i++)
    {
        pthread_join(threads[i], NULL);
        ok(!ctx[i].bad, "reader %u: %u of %u answers were not the matched prefix's route\n", i, ctx[i].bad,
           ctx[i].found);
        ok(ctx[i].found && ctx[i].validated > ctx[i].found, "reader %u: %u validated, %u found\n", i,
           ctx[i].validated, ctx[i].found);
    }
    ok(!failed, "%u adds failed\n", failed);
    ok(!intern_count(payload_set), "%u values left\n", (unsigned int)intern_count(payload_set));
    eng_table_destroy(table);
    intern_destroy(payload_set);
}

int main(void)
{
    test_prefix();
    test_basic();
    test_add_to_dest();
    test_best();
    test_refs();
    test_owner_removal();
    test_owner_removal_walk();
    test_owner_removal_refs();
    test_slab_rewind();
    test_aging();
    test_default_route();
    test_ipx();
    test_radix_queue();
    test_radix_shapes();
    test_dhash();
    test_dest_route_array();
    test_unlock_hook();
    test_intern();
    test_payload_release();
    test_walk(ENG_FAMILY_IPV4, 5000);
    test_walk(ENG_FAMILY_IPV6, 5000);
    test_random_lpm(ENG_FAMILY_IPV4, 4000);
    test_random_lpm(ENG_FAMILY_IPV6, 3000);
    test_alloc_failure(ENG_FAMILY_IPV4);
    test_alloc_failure(ENG_FAMILY_IPV6);
    test_threads();
    test_lock();
    test_intern_threads(3, 0);
    test_intern_threads(200, INTERN_THREAD_HOLD);
    test_lpm4_growth();
    test_lpm4_random(6000);
    test_optimistic_lookup();
    printf("%04x:engine: %d tests executed (0 marked as todo, 0 as flaky, %d failures), 0 skipped.\n",
           (unsigned int)getpid(), tests, failures);
    return failures;
}
