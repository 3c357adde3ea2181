/*
 * Fuzz target for the routing table engine: the engine against a reference model
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
 * DOC: the engine fuzz target
 *
 * An input is a stream of operations over three tables (IPv4, IPv6, IPX)
 * and NOWNERS owners per table.  Each operation is decoded from a few bytes
 * (a missing byte reads as 0, so every input is valid) and applied both to
 * the engine and to a reference model that is as simple as it can be: a
 * flat array of routes and one of dests, best routes recomputed by brute
 * force with the rule of engine.h (lowest (preference, metric); on a tie the
 * current best stays, else the older route), longest match and
 * less-specific by linear scan, the walk order by sorting.
 *
 * After every operation the whole engine state is compared with the model:
 * eng_table_check_locked(), the counts, every dest (same object for its
 * whole life, its routes, its best routes), every route (parameters,
 * payload, owner, reference count), every owner list (oldest first), the
 * walk, lookups at both ends of every prefix in all views, the next expiry
 * and the references the target holds on deleted routes and dests.  Every
 * eng_change (returned and observed) must match the model's before and
 * after best routes.
 *
 * Prefixes come from a small space so that equal, nested and neighbouring
 * prefixes are common: 10.{0,1,128,255}.{0,1,64,255}.{0..3,127,128,254,255}
 * with lengths 0..32 (mostly 8..32) plus a few in 192/8 and 255/8 for IPv4,
 * a similar set under 2001:db8::/32 and fe80::/16 for IPv6, eight network
 * numbers for IPX.  Invalid prefixes are made on purpose by one operation
 * and must be refused.
 *
 * The clock is fake: an operation advances it by 0..3 seconds and ages the
 * table.  Allocation failures are injected with eng_alloc_fail_nth().  A bulk
 * add makes up to 128 routes from three input bytes, so that short inputs
 * reach the sizes where the engine's structures grow.  Layer hooks
 * (eng_table_set_layer_hooks) can keep aging routes and must report every
 * dest with layer data that dies.
 *
 * Payloads hold references, as the layers' do: a payload made for an add or
 * an update takes a reference to one of NVALUES values of an interned set
 * (the value picked by spare bits of the params bytes, so the input format
 * is the same as before the payloads held any).  The table's payload
 * release hook puts it.  The model says which routes' memory lives (linked,
 * held through eng_route_ref, or deleted under a write lock that is not
 * released yet), and after every operation each of those, and no other
 * route, must hold its payload's reference, the counts of the set must
 * match, and a release must be of the payload the model says the route has
 * (an update releases the old one, before it copies the new).  A failed add
 * or update leaves the reference with the target, which puts it.  At the end
 * of an input, once the tables are destroyed, the set must be empty.
 *
 * The same file builds for libFuzzer (clang -fsanitize=fuzzer, a failed
 * check aborts so that libFuzzer saves the input) and for the plain driver
 * (driver.c: failures are counted, winetest style).  Set ENGINE_FUZZ_TRACE=1
 * to print the decoded operations of an input.
 */

#include "eng_os.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "engine_fuzz.h"

#define NTABLES     3
#define NOWNERS     4
#define MAX_ROUTES  768
#define MAX_DESTS   768
#define MAX_OPS     1024
#define MAX_LOG     (MAX_ROUTES + 8)
#define PAYLOAD_MAGIC 0x5a17c0de
#define NVALUES     8
#define VALUE_MAGIC 0x1a7e4a11

unsigned long engine_fuzz_tests, engine_fuzz_failures;
int engine_fuzz_abort = 1;

static int trace, failed;

/* what the payloads hold references to, like the layers' interned attributes */
struct value
{
    uint32_t magic;
    uint32_t index;
};

struct payload
{
    uint64_t            tag;
    uint32_t            magic;
    uint32_t            route;
    const struct value *value;      /* one reference, put by the release hook */
};

struct mroute
{
    int               alive;
    int               table, dest, owner;
    uint32_t          preference, metric, views, expire;
    uint64_t          timestamp, seq;
    struct payload    payload;
    struct eng_route *eng;
    int               refs;
    int               pending;      /* deleted, its memory waits for the write unlock */
    int               holds;        /* the engine has payload.value's reference */
};

struct mdest
{
    int               alive, table;
    struct eng_prefix prefix;
    struct eng_dest  *eng;
    int               best[ENG_NUM_VIEWS];
    int               refs;
};

struct logged
{
    const struct eng_dest  *dest;
    uint32_t                views;
    const struct eng_route *old_best[ENG_NUM_VIEWS], *new_best[ENG_NUM_VIEWS];
    const struct eng_owner *origin;
};

struct tstate
{
    struct eng_table *table;
    enum eng_family   family;
    struct eng_owner  owners[NOWNERS];
    int               locked;
    int               second_observer;
    struct logged     log[MAX_LOG];
    int               nlog, nlog2, overflow;
    /* layer hooks: 0 none, 1 keep aging routes with an odd metric, 2 keep all */
    struct eng_layer_hooks hooks;
    int               hook_mode;
    struct eng_route *kept[MAX_LOG];
    int               nkept, nunlinked, expect_unlinked;
};

static struct tstate tables[NTABLES];
static struct mroute routes[MAX_ROUTES];
static struct mdest dests[MAX_DESTS];
static int nroutes, ndests;
static uint64_t seq, op_index;
static uint32_t now;

static struct logged expected[MAX_LOG];
static int nexpected;

static struct eng_intern *values;
static const struct value *value_ptr[NVALUES];   /* the set's copy, while value_refs > 0 */
static int value_refs[NVALUES];                  /* references taken and not yet put */

static const uint8_t *in_data;
static size_t in_size, in_pos;

static void ok_fail(int line, const char *fmt, ...)
{
    va_list args;

    engine_fuzz_failures++;
    failed = 1;
    printf("engine_fuzz.c:%d: Test failed: op %lu: ", line, (unsigned long)op_index);
    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
    fflush(stdout);
    if (engine_fuzz_abort) abort();
}

/* the message arguments are only evaluated when the check fails */
#define ok(cond, ...) do { engine_fuzz_tests++; if (!(cond)) ok_fail(__LINE__, __VA_ARGS__); } while (0)

static void trace_(const char *fmt, ...)
{
    va_list args;

    if (!trace) return;
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
}

/* while bulk_left > 0, bytes come from a generator instead of the input */
static uint32_t bulk_rng;
static int bulk_left;

static uint8_t u8(void)
{
    if (bulk_left)
    {
        bulk_rng ^= bulk_rng << 13;
        bulk_rng ^= bulk_rng >> 17;
        bulk_rng ^= bulk_rng << 5;
        return bulk_rng >> 24;
    }
    return in_pos < in_size ? in_data[in_pos++] : 0;
}

static const char *prefix_str(int table, const struct eng_prefix *p)
{
    static char bufs[4][64];
    static int cur;
    char *buf = bufs[cur++ & 3];
    int i, n = 0;

    if (tables[table].family == ENG_FAMILY_IPV6)
    {
        for (i = 0; i < 16; i += 2)
            n += sprintf(buf + n, "%s%x", i ? ":" : "", (p->bytes[i] << 8) | p->bytes[i + 1]);
    }
    else n = sprintf(buf, "%u.%u.%u.%u", p->bytes[0], p->bytes[1], p->bytes[2], p->bytes[3]);
    sprintf(buf + n, "/%u", p->len);
    return buf;
}

/* prefixes */

static unsigned int addr_bytes(int t)
{
    return tables[t].family == ENG_FAMILY_IPV6 ? 16 : 4;
}

static unsigned int max_len(int t)
{
    return addr_bytes(t) * 8;
}

static void mask_prefix(struct eng_prefix *p)
{
    unsigned int i;

    for (i = p->len; i < ENG_MAX_ADDR_BYTES * 8; i++) p->bytes[i >> 3] &= ~(0x80 >> (i & 7));
}

static int covers(const struct eng_prefix *p, const uint8_t *addr)
{
    unsigned int full = p->len >> 3, rest = p->len & 7;

    if (memcmp(p->bytes, addr, full)) return 0;
    return !rest || !((p->bytes[full] ^ addr[full]) & (0xff00 >> rest));
}

static int model_prefix_cmp(const struct eng_prefix *a, const struct eng_prefix *b)
{
    /* an engine dest has only its family's address bytes: compare the bytes
     * of the longer prefix, past which both are zero */
    int ret = memcmp(a->bytes, b->bytes, ((a->len > b->len ? a->len : b->len) + 7) / 8);

    if (ret) return ret < 0 ? -1 : 1;
    return a->len < b->len ? -1 : a->len > b->len;
}

/* Two bytes: v picks the address bits from small sets, w the length and
 * whether the prefix is far away from the rest. */
static void make_prefix(int t, struct eng_prefix *p)
{
    static const uint8_t oct2[4] = {0, 1, 128, 255}, oct3[4] = {0, 1, 64, 255};
    static const uint8_t oct4[8] = {0, 1, 2, 3, 127, 128, 254, 255};
    static const uint8_t v6len[16] = {0, 8, 16, 31, 32, 33, 39, 40, 41, 64, 65, 71, 72, 120, 127, 128};
    static const uint32_t ipx[8] = {0, 1, 2, 3, 0x100, 0x80000000, 0xfffffffe, 0xffffffff};
    uint8_t v = u8(), w = u8();
    unsigned int sel = w & 0x3f;
    uint32_t addr, net;
    struct eng_prefix check;

    memset(p, 0, sizeof(*p));
    switch (tables[t].family)
    {
    case ENG_FAMILY_IPV4:
        addr = ((w & 0x40) ? ((w & 0x80) ? 255u : 192u) : 10u) << 24;
        addr |= (uint32_t)oct2[v & 3] << 16 | (uint32_t)oct3[(v >> 2) & 3] << 8 | oct4[(v >> 4) & 7];
        /* lengths below 8 are rare: lpm4 spends up to 2^24 stores on them */
        if (sel < 25) p->len = 8 + sel;
        else if (sel < 27) p->len = (v >> 4) & 7;
        else p->len = 24 + sel % 9;
        /* eng_prefix_from_ipv4 must mask the host bits itself */
        eng_prefix_from_ipv4(p, addr | (v & 0x80 ? 0x5a : 0), p->len);
        check = *p;
        mask_prefix(&check);
        ok(!memcmp(&check, p, sizeof(check)), "eng_prefix_from_ipv4 left host bits in %s\n", prefix_str(t, p));
        break;
    case ENG_FAMILY_IPV6:
        p->bytes[0] = (v & 0x80) ? 0xfe : 0x20;
        p->bytes[1] = (v & 0x80) ? 0x80 : 0x01;
        p->bytes[2] = 0x0d;
        p->bytes[3] = 0xb8;
        p->bytes[4] = oct2[v & 3];
        p->bytes[8] = oct3[(v >> 2) & 3];
        p->bytes[15] = oct4[(v >> 4) & 7];
        p->len = (w & 0x80) ? (w & 0x7f) + 1 : v6len[w & 15];
        mask_prefix(p);
        break;
    case ENG_FAMILY_IPX:
        net = ipx[v & 7] ^ ((v >> 3) & 3);
        p->bytes[0] = net >> 24;
        p->bytes[1] = net >> 16;
        p->bytes[2] = net >> 8;
        p->bytes[3] = net;
        p->len = 32;
        break;
    }
    ok(eng_prefix_valid(tables[t].table, p), "eng_prefix_valid refused %s\n", prefix_str(t, p));
}

/* an address inside p: host bits all 0 (h = 0), all 1 (h = 255) or mixed */
static void make_addr(int t, const struct eng_prefix *p, uint8_t h, uint8_t *addr)
{
    unsigned int i, bit;
    uint32_t x = h * 0x9e3779b9u + 1;

    memcpy(addr, p->bytes, ENG_MAX_ADDR_BYTES);
    for (i = p->len; i < max_len(t); i++)
    {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        bit = h == 255 || (h && (x & 1));
        if (bit) addr[i >> 3] |= 0x80 >> (i & 7);
    }
}

/* the model */

static int route_better(const struct mroute *a, const struct mroute *b)
{
    return a->preference < b->preference || (a->preference == b->preference && a->metric < b->metric);
}

static int model_best(int d, unsigned int view, int current)
{
    int i, best = -1;

    for (i = 0; i < nroutes; i++)
    {
        if (!routes[i].alive || routes[i].dest != d || !(routes[i].views & (1u << view))) continue;
        /* routes[] is in add order, so the first of equals is the oldest */
        if (best < 0 || route_better(&routes[i], &routes[best])) best = i;
    }
    if (current >= 0 && routes[current].alive && (routes[current].views & (1u << view)) &&
        !route_better(&routes[best], &routes[current]))
        return current;
    return best;
}

/* a quarter of the dests carry layer data, which is what dest_unlinked is for */
static int dest_has_layer(int d)
{
    return !(d & 3);
}

static const struct eng_route *route_eng(int r)
{
    return r < 0 ? NULL : routes[r].eng;
}

static int dest_nroutes(int d)
{
    int i, n = 0;

    for (i = 0; i < nroutes; i++) n += routes[i].alive && routes[i].dest == d;
    return n;
}

/* Recomputes the best routes of d after a change to it and queues the change
 * the engine must report; updated is a route updated with significant = 1. */
static struct logged *model_change(int d, int updated, const struct eng_owner *origin)
{
    struct logged *c = &expected[nexpected < MAX_LOG ? nexpected : MAX_LOG - 1];
    unsigned int view;
    int old, new;

    memset(c, 0, sizeof(*c));
    c->dest = dests[d].eng;
    c->origin = origin;
    for (view = 0; view < ENG_NUM_VIEWS; view++)
    {
        old = dests[d].best[view];
        new = model_best(d, view, old);
        c->old_best[view] = route_eng(old);
        c->new_best[view] = route_eng(new);
        if (old != new || (updated >= 0 && new == updated)) c->views |= 1u << view;
        dests[d].best[view] = new;
    }
    if (!dest_nroutes(d))
    {
        dests[d].alive = 0;
        if (tables[dests[d].table].hook_mode && dest_has_layer(d)) tables[dests[d].table].expect_unlinked++;
    }
    if (c->views && nexpected < MAX_LOG) nexpected++;
    return c;
}

static int model_find_dest(int t, const struct eng_prefix *p)
{
    int d;

    for (d = 0; d < ndests; d++)
        if (dests[d].alive && dests[d].table == t && !model_prefix_cmp(&dests[d].prefix, p)) return d;
    return -1;
}

static int has_best(int d, uint32_t views)
{
    return ((views & ENG_VIEW_UCAST) && dests[d].best[0] >= 0) || ((views & ENG_VIEW_MCAST) && dests[d].best[1] >= 0);
}

/* longest match for each views value 0..3 at once, among dests shorter than below_len */
static void model_lookup_all(int t, const uint8_t *addr, unsigned int below_len, int found[ENG_VIEW_ALL + 1])
{
    uint32_t views;
    int d;

    for (views = 0; views <= ENG_VIEW_ALL; views++) found[views] = -1;
    for (d = 0; d < ndests; d++)
    {
        if (!dests[d].alive || dests[d].table != t || dests[d].prefix.len >= below_len) continue;
        if (!covers(&dests[d].prefix, addr)) continue;
        for (views = 1; views <= ENG_VIEW_ALL; views++)
            if (has_best(d, views) && (found[views] < 0 || dests[d].prefix.len > dests[found[views]].prefix.len))
                found[views] = d;
    }
}

static int model_lookup(int t, const uint8_t *addr, uint32_t views, unsigned int below_len)
{
    int found[ENG_VIEW_ALL + 1];

    model_lookup_all(t, addr, below_len, found);
    return found[views & ENG_VIEW_ALL];
}

static const struct eng_dest *dest_eng(int d)
{
    return d < 0 ? NULL : dests[d].eng;
}

/* observers */

static void record(struct tstate *ts, const struct eng_change *change, int *count, int keep)
{
    unsigned int view;
    struct logged *l;

    ok(change->views && !(change->views & ~((1u << ENG_NUM_VIEWS) - 1)), "observer: views %#x\n", change->views);
    for (view = 0; view < ENG_NUM_VIEWS; view++)
    {
        if (!(change->views & (1u << view))) continue;
        ok(change->dest->best[view] == change->new_best[view], "observer: dest best %u is not new_best\n", view);
        /* both must still be readable here; ASan checks that */
        if (change->old_best[view])
            ok(change->old_best[view]->dest == change->dest, "observer: old best of another dest\n");
        if (change->new_best[view])
        {
            ok(change->new_best[view]->dest == change->dest, "observer: new best of another dest\n");
            ok(!(change->new_best[view]->flags & ENG_ROUTE_DELETED), "observer: new best deleted\n");
            ok(change->new_best[view]->views & (1u << view), "observer: new best not in view %u\n", view);
        }
    }
    if (!keep)
    {
        (*count)++;
        return;
    }
    if (*count >= MAX_LOG)
    {
        ts->overflow = 1;
        return;
    }
    l = &ts->log[(*count)++];
    l->dest = change->dest;
    l->views = change->views;
    memcpy(l->old_best, change->old_best, sizeof(l->old_best));
    memcpy(l->new_best, change->new_best, sizeof(l->new_best));
    l->origin = change->origin;
}

static void observer(void *ctx, const struct eng_change *change)
{
    struct tstate *ts = ctx;

    record(ts, change, &ts->nlog, 1);
}

static void observer2(void *ctx, const struct eng_change *change)
{
    struct tstate *ts = (struct tstate *)((char *)ctx - offsetof(struct tstate, second_observer));

    record(ts, change, &ts->nlog2, 0);
}

static void log_reset(int t)
{
    tables[t].nlog = tables[t].nlog2 = tables[t].overflow = 0;
    tables[t].nkept = tables[t].nunlinked = tables[t].expect_unlinked = 0;
    nexpected = 0;
}

static int change_eq(const struct logged *a, const struct logged *b)
{
    unsigned int view;

    if (a->dest != b->dest || a->views != b->views || a->origin != b->origin) return 0;
    for (view = 0; view < ENG_NUM_VIEWS; view++)
    {
        if (!(a->views & (1u << view))) continue;
        if (a->old_best[view] != b->old_best[view] || a->new_best[view] != b->new_best[view]) return 0;
    }
    return 1;
}

static void print_change(const char *what, const struct logged *c)
{
    printf("    %s: dest %p views %#x old %p/%p new %p/%p origin %p\n", what, (void *)c->dest, c->views,
           (void *)c->old_best[0], (void *)c->old_best[1], (void *)c->new_best[0], (void *)c->new_best[1],
           (void *)c->origin);
}

/* payload references */

/* A reference to value index for a new payload: from intern_ref on the copy
 * the target knows of (by_ref, when there is one), else from intern_get,
 * which must return that same copy while it lives. */
static const struct value *value_get(unsigned int index, int by_ref)
{
    struct value value = {VALUE_MAGIC, index};
    const struct value *copy;

    if (value_refs[index] && by_ref)
    {
        copy = value_ptr[index];
        intern_ref(copy);
    }
    else
    {
        copy = intern_get(values, &value);
        ok(copy && !memcmp(copy, &value, sizeof(value)), "intern_get of value %u: %p\n", index, (const void *)copy);
        if (!copy) return NULL;
        ok(!value_refs[index] || copy == value_ptr[index], "intern_get: a second copy of value %u\n", index);
        value_ptr[index] = copy;
    }
    value_refs[index]++;
    return copy;
}

static void value_put(const struct value *value)
{
    if (!value) return;
    value_refs[value->index]--;
    intern_put(values, value);
}

/* The hook: the payload must be the one the model says its route has, and
 * the route must still hold its reference.  Whether the route's memory
 * should be freed now is checked after the operation (check_payload_refs). */
static void payload_release(void *data)
{
    static const struct payload zero;
    const struct payload *pl = data;
    uint32_t r = pl->route;
    int known;

    /* an add without a payload: nothing to release */
    if (!memcmp(pl, &zero, sizeof(zero))) return;
    known = pl->magic == PAYLOAD_MAGIC && r < (uint32_t)nroutes && !memcmp(pl, &routes[r].payload, sizeof(*pl));
    ok(known, "release of a payload no route has: %lx/%x/%u\n", (unsigned long)pl->tag, pl->magic, r);
    if (!known) return;
    ok(routes[r].holds, "route %u: payload released twice\n", r);
    if (!routes[r].holds) return;
    routes[r].holds = 0;
    value_put(pl->value);
}

/* a route's payload reference lives exactly as long as its memory */
static void check_payload_refs(void)
{
    int r, v, lives, count[NVALUES] = {0};
    size_t distinct = 0;

    for (r = 0; r < nroutes; r++)
    {
        lives = routes[r].alive || routes[r].refs || routes[r].pending;
        if (routes[r].holds == (lives && routes[r].payload.value != NULL))
        {
            if (routes[r].holds) count[routes[r].payload.value->index]++;
            continue;
        }
        ok(0, "route %d (%s, %d refs%s): payload reference %s\n", r, routes[r].alive ? "linked" : "deleted",
           routes[r].refs, routes[r].pending ? ", unlock pending" : "", routes[r].holds ? "not released" : "released");
    }
    for (v = 0; v < NVALUES; v++)
    {
        ok(value_refs[v] == count[v], "value %d: %d references, routes hold %d\n", v, value_refs[v], count[v]);
        distinct += value_refs[v] > 0;
    }
    ok(intern_count(values) == distinct, "intern_count %zu, expected %zu\n", intern_count(values), distinct);
}

/* layer hooks */

static int hook_expire(void *ctx, struct eng_route *route)
{
    struct tstate *ts = ctx;
    int keep = ts->hook_mode == 2 || (route->metric & 1);
    uint32_t expire = eng_route_expiry_locked(ts->table, route);

    ok(expire != ENG_NEVER && expire <= now, "expire hook: route expiring at %u, now %u\n", expire, now);
    ok(!(route->flags & ENG_ROUTE_DELETED), "expire hook: deleted route\n");
    if (keep && ts->nkept < MAX_LOG) ts->kept[ts->nkept++] = route;
    return keep;
}

static void hook_dest_unlinked(void *ctx, struct eng_dest *dest)
{
    struct tstate *ts = ctx;
    int d = (int)(intptr_t)dest->layer - 1;

    ts->nunlinked++;
    ok(dest->flags & ENG_DEST_DELETED, "dest_unlinked: dest not marked deleted\n");
    ok(!dest->nroutes, "dest_unlinked: dest has %u routes\n", dest->nroutes);
    /* the model learns of the delete after the engine made it: the count is checked then */
    ok(d >= 0 && d < ndests && dests[d].eng == dest && dest_has_layer(d), "dest_unlinked: unknown dest\n");
}

static void op_hooks(int t)
{
    struct tstate *ts = &tables[t];
    uint8_t mode = u8() % 3;

    trace_("hooks %u\n", mode);
    if (ts->locked) return;
    ts->hook_mode = mode;
    ts->hooks.expire = hook_expire;
    ts->hooks.dest_unlinked = hook_dest_unlinked;
    ts->hooks.ctx = ts;
    eng_table_set_layer_hooks(ts->table, mode ? &ts->hooks : NULL);
}

/* the observed changes must be exactly the expected ones, in order */
static void check_log(int t, const char *what)
{
    struct tstate *ts = &tables[t];
    int i, n = ts->nlog < nexpected ? ts->nlog : nexpected;

    ok(ts->nunlinked == ts->expect_unlinked, "%s: dest_unlinked called %d times, expected %d\n", what,
       ts->nunlinked, ts->expect_unlinked);
    ok(!ts->overflow, "%s: change log overflow\n", what);
    ok(ts->nlog == nexpected, "%s: %d changes observed, %d expected\n", what, ts->nlog, nexpected);
    if (ts->second_observer)
        ok(ts->nlog2 == ts->nlog, "%s: second observer saw %d changes, not %d\n", what, ts->nlog2, ts->nlog);
    else ok(!ts->nlog2, "%s: removed observer called\n", what);
    for (i = 0; i < n; i++)
    {
        if (change_eq(&ts->log[i], &expected[i])) continue;
        ok(0, "%s: change %d differs\n", what, i);
        print_change("got", &ts->log[i]);
        print_change("expected", &expected[i]);
    }
    if (ts->nlog != nexpected)
    {
        for (i = 0; i < ts->nlog; i++) print_change("got", &ts->log[i]);
        for (i = 0; i < nexpected; i++) print_change("expected", &expected[i]);
    }
}

/* what an operation returned in its change argument */
static void check_change_out(const struct eng_change *change, const struct logged *want, const char *what)
{
    struct logged got;

    got.dest = change->dest;
    got.views = change->views;
    memcpy(got.old_best, change->old_best, sizeof(got.old_best));
    memcpy(got.new_best, change->new_best, sizeof(got.new_best));
    got.origin = change->origin;
    if (change_eq(&got, want)) return;
    ok(0, "%s: returned change differs\n", what);
    print_change("got", &got);
    print_change("expected", want);
}

/* full comparison of the engine with the model */

static int cmp_dest_index(const void *a, const void *b)
{
    return model_prefix_cmp(&dests[*(const int *)a].prefix, &dests[*(const int *)b].prefix);
}

/* eng_route_lookup_ipv4 agrees with the dest the IPv4 lookup found: the
 * prefix length, and copies of its best route's time stamp and first
 * payload word (the tag of struct payload) */
static int match_agrees(struct eng_table *table, uint32_t a4, const struct eng_dest *dest)
{
    struct eng_match4 match;
    const void *word;
    int found = eng_route_lookup_ipv4(table, a4, &match);

    if (!dest) return !found;
    memcpy(&word, dest->best[0]->payload, sizeof(word));
    return found && match.len == dest->prefix.len && match.timestamp == dest->best[0]->timestamp &&
           match.payload_word == word;
}

static void check_lookups(int t, int d, struct eng_table *table)
{
    static const uint8_t hosts[3] = {0, 255, 0x33};
    uint8_t addr[ENG_MAX_ADDR_BYTES];
    uint32_t views, a4;
    unsigned int h;
    int want, found[ENG_VIEW_ALL + 1];

    for (h = 0; h < 3; h++)
    {
        make_addr(t, &dests[d].prefix, hosts[h], addr);
        model_lookup_all(t, addr, ~0u, found);
        for (views = 0; views <= ENG_VIEW_ALL; views++)
        {
            want = found[views];
            ok(eng_dest_lookup_locked(table, addr, views) == dest_eng(want),
               "lookup %s (host %#x) views %u: got %p, expected %s\n", prefix_str(t, &dests[d].prefix), hosts[h],
               views, (void *)eng_dest_lookup_locked(table, addr, views),
               want < 0 ? "none" : prefix_str(t, &dests[want].prefix));
        }
        a4 = (uint32_t)addr[0] << 24 | (uint32_t)addr[1] << 16 | (uint32_t)addr[2] << 8 | addr[3];
        want = tables[t].family == ENG_FAMILY_IPV4 ? found[ENG_VIEW_UCAST] : -1;
        ok(eng_dest_lookup_ipv4_locked(table, a4) == dest_eng(want), "lookup_ipv4 %08x: got %p, expected %s\n",
           a4, (void *)eng_dest_lookup_ipv4_locked(table, a4), want < 0 ? "none" : prefix_str(t, &dests[want].prefix));
        ok(match_agrees(table, a4, dest_eng(want)), "route_lookup_ipv4 %08x disagrees\n", a4);
    }
}

static void check_table(int t)
{
    struct tstate *ts = &tables[t];
    struct eng_table *table = ts->table;
    static int order[MAX_DESTS], count[MAX_DESTS];
    const struct eng_route *er, *prev;
    const struct eng_dest *ed;
    const struct payload *pl;
    const char *err;
    uint32_t next_expiry = ENG_NEVER, expire, i;
    int d, r, o, n, nd = 0, nr = 0, found;
    unsigned int view;

    if (!ts->locked) eng_table_read_lock(table);
    err = eng_table_check_locked(table);
    ok(!err, "table %d: eng_table_check_locked: %s\n", t, err ? err : "");
    if (err) goto done;

    memset(count, 0, sizeof(count));
    for (r = 0; r < nroutes; r++)
    {
        if (routes[r].table != t) continue;
        er = routes[r].eng;
        if (!routes[r].alive)
        {
            if (routes[r].refs)
            {
                ok(er->flags & ENG_ROUTE_DELETED, "held deleted route %d not marked deleted\n", r);
                ok(er->refs == (uint32_t)routes[r].refs, "held deleted route %d: refs %u, expected %d\n",
                   r, er->refs, routes[r].refs);
                ok(!model_prefix_cmp(&er->dest->prefix, &dests[routes[r].dest].prefix),
                   "held deleted route %d: dest prefix\n", r);
                ok(!memcmp(er->payload, &routes[r].payload, sizeof(routes[r].payload)),
                   "held deleted route %d: payload changed\n", r);
            }
            continue;
        }
        nr++;
        count[routes[r].dest]++;
        ed = dests[routes[r].dest].eng;
        for (found = 0, i = 0; i < ed->nroutes; i++) found |= ed->routes[i] == er;
        ok(found, "dest %s: route %d missing from its array\n", prefix_str(t, &dests[routes[r].dest].prefix), r);
        if (routes[r].expire != ENG_NEVER && (next_expiry == ENG_NEVER || routes[r].expire < next_expiry))
            next_expiry = routes[r].expire;
        pl = (const struct payload *)er->payload;
        expire = eng_route_expiry_locked(table, er);
        ok(er->dest == dests[routes[r].dest].eng, "route %d: dest %p, expected %p\n", r, (void *)er->dest,
           (void *)dests[routes[r].dest].eng);
        ok(er->owner == &ts->owners[routes[r].owner], "route %d: wrong owner\n", r);
        ok(er->preference == routes[r].preference && er->metric == routes[r].metric &&
           er->views == routes[r].views && expire == routes[r].expire && er->timestamp == routes[r].timestamp,
           "route %d: params %u,%u,%#x,%u,%lu, expected %u,%u,%#x,%u,%lu\n", r, er->preference, er->metric,
           er->views, expire, (unsigned long)er->timestamp, routes[r].preference, routes[r].metric,
           routes[r].views, routes[r].expire, (unsigned long)routes[r].timestamp);
        ok(!er->flags, "route %d: flags %#x\n", r, er->flags);
        ok(er->refs == (uint32_t)routes[r].refs, "route %d: refs %u, expected %d\n", r, er->refs, routes[r].refs);
        ok(!memcmp(pl, &routes[r].payload, sizeof(*pl)), "route %d: payload %lx/%x/%u, expected %lx/%x/%u\n", r,
           (unsigned long)pl->tag, pl->magic, pl->route, (unsigned long)routes[r].payload.tag,
           routes[r].payload.magic, routes[r].payload.route);
    }
    ok(eng_table_route_count(table) == (size_t)nr, "table %d: %zu routes, expected %d\n", t,
       eng_table_route_count(table), nr);
    ok(eng_table_next_expiry_locked(table) == next_expiry, "table %d: next expiry %u, expected %u\n", t,
       eng_table_next_expiry_locked(table), next_expiry);

    for (d = 0; d < ndests; d++)
    {
        if (dests[d].table != t) continue;
        if (!dests[d].alive)
        {
            if (dests[d].refs)
            {
                ok(dests[d].eng->flags & ENG_DEST_DELETED, "held deleted dest %s not marked deleted\n",
                   prefix_str(t, &dests[d].prefix));
                ok(dests[d].eng->refs == (uint32_t)dests[d].refs, "held deleted dest: refs %u, expected %d\n",
                   dests[d].eng->refs, dests[d].refs);
                ok(!model_prefix_cmp(&dests[d].eng->prefix, &dests[d].prefix), "held deleted dest: prefix\n");
            }
            continue;
        }
        order[nd++] = d;
        ed = eng_dest_find_locked(table, &dests[d].prefix);
        ok(ed == dests[d].eng, "find %s: %p, expected %p\n", prefix_str(t, &dests[d].prefix), (void *)ed,
           (void *)dests[d].eng);
        ed = dests[d].eng;
        ok(!ed->flags, "dest %s: flags %#x\n", prefix_str(t, &dests[d].prefix), ed->flags);
        ok(ed->refs == (uint32_t)dests[d].refs, "dest %s: refs %u, expected %d\n", prefix_str(t, &dests[d].prefix),
           ed->refs, dests[d].refs);
        ok(!model_prefix_cmp(&ed->prefix, &dests[d].prefix), "dest %s: prefix %s\n",
           prefix_str(t, &dests[d].prefix), prefix_str(t, &ed->prefix));
        ok(ed->nroutes == (uint32_t)count[d], "dest %s: %u routes, expected %d\n", prefix_str(t, &dests[d].prefix),
           ed->nroutes, count[d]);
        for (view = 0; view < ENG_NUM_VIEWS; view++)
            ok(ed->best[view] == route_eng(dests[d].best[view]), "dest %s: best %u is %p, expected route %d (%p)\n",
               prefix_str(t, &dests[d].prefix), view, (void *)ed->best[view], dests[d].best[view],
               (void *)route_eng(dests[d].best[view]));
        /* lookups cost a model scan each: in big tables, a rotating share */
        if (ndests <= 32 || (d + op_index) % ((ndests + 31) / 32) == 0) check_lookups(t, d, table);
    }
    ok(eng_table_dest_count(table) == (size_t)nd, "table %d: %zu dests, expected %d\n", t,
       eng_table_dest_count(table), nd);

    /* the walk */
    qsort(order, nd, sizeof(*order), cmp_dest_index);
    ed = eng_dest_first_locked(table);
    for (n = 0; n < nd && ed; n++)
    {
        if (ed != dests[order[n]].eng)
        {
            ok(0, "walk: dest %d is %s, expected %s\n", n, prefix_str(t, &ed->prefix),
               prefix_str(t, &dests[order[n]].prefix));
            break;
        }
        ed = eng_dest_next_locked(table, &ed->prefix);
    }
    ok(n == nd && !ed, "walk: %d dests of %d, then %p\n", n, nd, (void *)ed);

    /* owner lists, oldest first */
    for (o = 0; o < NOWNERS; o++)
    {
        struct eng_owner *owner = &ts->owners[o];

        n = 0;
        prev = NULL;
        er = owner->routes;
        for (r = 0; r < nroutes; r++)
        {
            if (!routes[r].alive || routes[r].table != t || routes[r].owner != o) continue;
            n++;
            if (er != routes[r].eng)
            {
                ok(0, "owner %d: route %d missing or out of order\n", o, r);
                break;
            }
            prev = er;
            er = er->owner_next;
        }
        ok(owner->nroutes == (size_t)n, "owner %d: %zu routes, expected %d\n", o, owner->nroutes, n);
        if (!failed)
        {
            ok(!er, "owner %d: list longer than expected\n", o);
            ok(!owner->routes || owner->routes->owner_prev == prev, "owner %d: head->owner_prev is not the tail\n", o);
        }
    }
done:
    if (!ts->locked) eng_table_read_unlock(table);
}

static void check_all(void)
{
    int t;

    for (t = 0; t < NTABLES && !failed; t++) check_table(t);
    if (!failed) check_payload_refs();
}

/* operations */

/* returns the bits of the second byte the params do not use */
static uint8_t make_params(struct eng_route_params *params)
{
    uint8_t a = u8(), b = u8();

    params->preference = a & 3;
    params->metric = (a >> 2) & 3;
    params->views = (a >> 4) & 3;
    /* b & 7: 0 never ages, n ages n - 1 seconds from now */
    params->expire = (b & 7) ? now + (b & 7) - 1 : ENG_NEVER;
    params->timestamp = op_index;
    return b >> 3;
}

static int pick_route(int t, uint8_t sel, int want_alive)
{
    int r, n = 0, idx[MAX_ROUTES];

    for (r = 0; r < nroutes; r++)
        if (routes[r].table == t && (want_alive ? routes[r].alive : routes[r].refs > 0)) idx[n++] = r;
    return n ? idx[sel % n] : -1;
}

static const struct eng_owner *pick_origin(int t, uint8_t sel)
{
    return (sel & 7) < NOWNERS ? &tables[t].owners[sel & 7] : NULL;
}

/* spare: bits 0-2 pick the value, bit 3 intern_ref over intern_get */
static void set_payload(struct payload *pl, int r, uint64_t tag, uint8_t spare)
{
    memset(pl, 0, sizeof(*pl));
    pl->tag = tag;
    pl->magic = PAYLOAD_MAGIC;
    pl->route = r;
    pl->value = value_get(spare & 7, spare & 8);
}

static void write_lock(int t)
{
    if (!tables[t].locked) eng_table_write_lock(tables[t].table);
}

/* the engine frees what was deleted under the lock */
static void table_unlock(int t)
{
    int r;

    eng_table_write_unlock(tables[t].table);
    for (r = 0; r < nroutes; r++) if (routes[r].table == t) routes[r].pending = 0;
}

static void write_unlock(int t)
{
    if (!tables[t].locked) table_unlock(t);
}

static unsigned long fail_before;

static void inject_failure(unsigned int nth)
{
    fail_before = eng_alloc_failures();
    eng_alloc_fail_nth(nth);
}

/* turns injection off; returns whether the failure was injected */
static int injected(void)
{
    eng_alloc_fail_nth(0);
    return eng_alloc_failures() != fail_before;
}

static void op_add(int t, unsigned int fail_nth)
{
    struct tstate *ts = &tables[t];
    struct eng_route_params params;
    struct eng_route *route = NULL;
    struct eng_change change;
    struct eng_prefix prefix;
    struct eng_add_key key;
    struct eng_dest *dest;
    const struct eng_owner *origin;
    struct payload pl;
    enum eng_status status;
    struct logged *want;
    int owner, d, r = nroutes, was_injected = 0, no_payload;
    uint8_t sel, spare;

    make_prefix(t, &prefix);
    owner = u8() % NOWNERS;
    spare = make_params(&params);
    sel = u8();
    origin = pick_origin(t, sel);
    /* without a payload the route's payload is zeroed */
    no_payload = (sel & 0x70) == 0x70;
    trace_("add %s owner %d pref %u metric %u views %u expire %u\n", prefix_str(t, &prefix), owner,
           params.preference, params.metric, params.views, params.expire);
    if (nroutes == MAX_ROUTES || ndests == MAX_DESTS) return;
    if (no_payload) memset(&pl, 0, sizeof(pl));
    else set_payload(&pl, r, seq + 1000, spare);
    write_lock(t);
    log_reset(t);
    if (fail_nth) inject_failure(fail_nth);
    memset(&change, 0xcc, sizeof(change));
    /* bit 3: the way of a layer that looks the dest up first */
    if (sel & 8)
    {
        dest = eng_dest_find_for_add_locked(ts->table, &prefix, &key);
        status = eng_route_add_to_dest_locked(ts->table, dest, &key, &ts->owners[owner], &params,
                no_payload ? NULL : &pl, origin, &route, &change);
    }
    else
        status = eng_route_add_locked(ts->table, &prefix, &ts->owners[owner], &params, no_payload ? NULL : &pl,
                                      origin, &route, &change);
    if (fail_nth) was_injected = injected();
    if (status == ENG_ENOMEM)
    {
        trace_("    -> ENG_ENOMEM\n");
        ok(was_injected, "add: ENG_ENOMEM without an injected failure\n");
        ok(!ts->nlog && !ts->nlog2, "add: failed add was observed\n");
        /* the caller still has the payload's reference */
        value_put(pl.value);
        write_unlock(t);
        return;
    }
    ok(status == ENG_OK, "add %s: status %d\n", prefix_str(t, &prefix), status);
    if (status != ENG_OK)
    {
        value_put(pl.value);
        write_unlock(t);
        return;
    }
    if ((d = model_find_dest(t, &prefix)) < 0)
    {
        d = ndests++;
        memset(&dests[d], 0, sizeof(dests[d]));
        dests[d].alive = 1;
        dests[d].table = t;
        dests[d].prefix = prefix;
        dests[d].eng = route->dest;
        dests[d].best[0] = dests[d].best[1] = -1;
        /* the target is the layer: dest_unlinked is only called for dests with layer data */
        if (dest_has_layer(d)) route->dest->layer = (void *)(intptr_t)(d + 1);
    }
    memset(&routes[r], 0, sizeof(routes[r]));
    routes[r].alive = 1;
    routes[r].table = t;
    routes[r].dest = d;
    routes[r].owner = owner;
    routes[r].preference = params.preference;
    routes[r].metric = params.metric;
    routes[r].views = params.views;
    routes[r].expire = params.expire;
    routes[r].timestamp = params.timestamp;
    routes[r].seq = seq++;
    routes[r].payload = pl;
    routes[r].holds = pl.value != NULL;
    routes[r].eng = route;
    nroutes++;
    want = model_change(d, -1, origin);
    check_change_out(&change, want, "add");
    check_log(t, "add");
    write_unlock(t);
}

static void op_update(int t, unsigned int fail_nth)
{
    struct tstate *ts = &tables[t];
    struct eng_route_params params;
    struct eng_change change;
    const struct eng_owner *origin;
    struct payload pl;
    enum eng_status status;
    struct logged *want;
    int r = pick_route(t, u8(), 1), significant, keep_payload, was_injected = 0;
    uint8_t flags, spare;

    spare = make_params(&params);
    origin = pick_origin(t, u8());
    flags = u8();
    significant = flags & 1;
    keep_payload = flags & 2;
    trace_("update route %d pref %u metric %u views %u expire %u%s%s\n", r, params.preference, params.metric,
           params.views, params.expire, significant ? " significant" : "", keep_payload ? " keep-payload" : "");
    if (r < 0) return;
    if (keep_payload) seq++;
    else set_payload(&pl, r, seq++ + 1000, spare);
    write_lock(t);
    log_reset(t);
    if (fail_nth) inject_failure(fail_nth);
    memset(&change, 0xcc, sizeof(change));
    status = eng_route_update_locked(ts->table, routes[r].eng, &params, keep_payload ? NULL : &pl, significant,
                                     origin, &change);
    if (fail_nth) was_injected = injected();
    if (status == ENG_ENOMEM)
    {
        trace_("    -> ENG_ENOMEM\n");
        ok(was_injected, "update: ENG_ENOMEM without an injected failure\n");
        ok(!ts->nlog && !ts->nlog2, "update: failed update was observed\n");
        /* the caller still has the payload's reference, the route its old one */
        if (!keep_payload) value_put(pl.value);
        write_unlock(t);
        return;
    }
    ok(status == ENG_OK, "update route %d: status %d\n", r, status);
    if (status != ENG_OK)
    {
        if (!keep_payload) value_put(pl.value);
        write_unlock(t);
        return;
    }
    routes[r].preference = params.preference;
    routes[r].metric = params.metric;
    routes[r].views = params.views;
    routes[r].expire = params.expire;
    routes[r].timestamp = params.timestamp;
    if (!keep_payload)
    {
        /* the hook put the reference of the payload replaced */
        ok(!routes[r].holds, "update route %d: old payload not released\n", r);
        routes[r].payload = pl;
        routes[r].holds = pl.value != NULL;
    }
    want = model_change(routes[r].dest, significant ? r : -1, origin);
    check_change_out(&change, want, "update");
    check_log(t, "update");
    write_unlock(t);
}

static void model_delete(int r, const struct eng_owner *origin, struct logged **want)
{
    routes[r].alive = 0;
    routes[r].pending = 1;
    *want = model_change(routes[r].dest, -1, origin);
}

static void op_delete(int t)
{
    struct tstate *ts = &tables[t];
    struct eng_change change;
    const struct eng_owner *origin;
    struct logged *want;
    int r = pick_route(t, u8(), 1);

    origin = pick_origin(t, u8());
    trace_("delete route %d\n", r);
    if (r < 0) return;
    write_lock(t);
    log_reset(t);
    memset(&change, 0xcc, sizeof(change));
    eng_route_delete_locked(ts->table, routes[r].eng, origin, &change);
    model_delete(r, origin, &want);
    check_change_out(&change, want, "delete");
    check_log(t, "delete");
    if (!dests[routes[r].dest].alive)
        ok(change.dest->flags & ENG_DEST_DELETED, "delete: dest of the last route not marked deleted\n");
    /* the deleted route stays readable until the lock is released */
    ok(routes[r].eng->flags & ENG_ROUTE_DELETED, "delete: route not marked deleted\n");
    write_unlock(t);
}

static void op_find(int t)
{
    struct eng_prefix prefix;
    struct eng_dest *dest;
    int d;

    make_prefix(t, &prefix);
    trace_("find %s\n", prefix_str(t, &prefix));
    if (!tables[t].locked) eng_table_read_lock(tables[t].table);
    dest = eng_dest_find_locked(tables[t].table, &prefix);
    d = model_find_dest(t, &prefix);
    ok(dest == dest_eng(d), "find %s: %p, expected %p\n", prefix_str(t, &prefix), (void *)dest, (void *)dest_eng(d));
    if (!tables[t].locked) eng_table_read_unlock(tables[t].table);
}

static void op_walk(int t)
{
    struct eng_prefix prefix;
    struct eng_dest *dest;
    int d, want = -1;

    make_prefix(t, &prefix);
    trace_("next %s\n", prefix_str(t, &prefix));
    for (d = 0; d < ndests; d++)
    {
        if (!dests[d].alive || dests[d].table != t || model_prefix_cmp(&dests[d].prefix, &prefix) <= 0) continue;
        if (want < 0 || model_prefix_cmp(&dests[d].prefix, &dests[want].prefix) < 0) want = d;
    }
    if (!tables[t].locked) eng_table_read_lock(tables[t].table);
    dest = eng_dest_next_locked(tables[t].table, &prefix);
    ok(dest == dest_eng(want), "next %s: %s, expected %s\n", prefix_str(t, &prefix),
       dest ? prefix_str(t, &dest->prefix) : "end", want < 0 ? "end" : prefix_str(t, &dests[want].prefix));
    if (!tables[t].locked) eng_table_read_unlock(tables[t].table);
}

static void op_lookup(int t)
{
    struct eng_prefix prefix;
    uint8_t addr[ENG_MAX_ADDR_BYTES], h;
    uint32_t views, a4;
    struct eng_dest *dest;
    int want;

    make_prefix(t, &prefix);
    h = u8();
    views = u8() & 3;
    make_addr(t, &prefix, h, addr);
    a4 = (uint32_t)addr[0] << 24 | (uint32_t)addr[1] << 16 | (uint32_t)addr[2] << 8 | addr[3];
    trace_("lookup in %s host %#x views %u\n", prefix_str(t, &prefix), h, views);
    if (!tables[t].locked) eng_table_read_lock(tables[t].table);
    want = model_lookup(t, addr, views, ~0u);
    dest = eng_dest_lookup_locked(tables[t].table, addr, views);
    ok(dest == dest_eng(want), "lookup: %s, expected %s\n", dest ? prefix_str(t, &dest->prefix) : "none",
       want < 0 ? "none" : prefix_str(t, &dests[want].prefix));
    want = tables[t].family == ENG_FAMILY_IPV4 ? model_lookup(t, addr, ENG_VIEW_UCAST, ~0u) : -1;
    dest = eng_dest_lookup_ipv4_locked(tables[t].table, a4);
    ok(dest == dest_eng(want), "lookup_ipv4: %s, expected %s\n", dest ? prefix_str(t, &dest->prefix) : "none",
       want < 0 ? "none" : prefix_str(t, &dests[want].prefix));
    ok(match_agrees(tables[t].table, a4, dest_eng(want)), "route_lookup_ipv4 %08x disagrees\n", a4);
    if (!tables[t].locked) eng_table_read_unlock(tables[t].table);
}

/* from a live dest, or from a deleted one the target still holds */
static void op_less_specific(int t)
{
    uint8_t sel = u8(), from_held = u8();
    uint32_t views = u8() & 3;
    struct eng_dest *dest;
    int d, n = 0, idx[MAX_DESTS], want;

    for (d = 0; d < ndests; d++)
        if (dests[d].table == t && ((from_held & 1) ? dests[d].refs > 0 : dests[d].alive)) idx[n++] = d;
    trace_("less specific %d of %d%s views %u\n", sel, n, (from_held & 1) ? " held" : "", views);
    if (!n) return;
    d = idx[sel % n];
    want = model_lookup(t, dests[d].prefix.bytes, views, dests[d].prefix.len);
    if (!tables[t].locked) eng_table_read_lock(tables[t].table);
    dest = eng_dest_less_specific_locked(tables[t].table, dests[d].eng, views);
    ok(dest == dest_eng(want), "less specific %s views %u: %s, expected %s\n", prefix_str(t, &dests[d].prefix), views,
       dest ? prefix_str(t, &dest->prefix) : "none", want < 0 ? "none" : prefix_str(t, &dests[want].prefix));
    if (!tables[t].locked) eng_table_read_unlock(tables[t].table);
}

static size_t pick_max(uint8_t sel)
{
    static const size_t max[5] = {0, 1, 2, 3, (size_t)-1};

    return max[sel % 5];
}

/* the alive dest of table t that comes first after prefix `after` (NULL: the
 * first of all) in prefix order, or -1 */
static int model_dest_after(int t, const struct eng_prefix *after)
{
    int d, best = -1;

    for (d = 0; d < ndests; d++)
    {
        if (!dests[d].alive || dests[d].table != t) continue;
        if (after && model_prefix_cmp(&dests[d].prefix, after) <= 0) continue;
        if (best < 0 || model_prefix_cmp(&dests[d].prefix, &dests[best].prefix) < 0) best = d;
    }
    return best;
}

/* a route that an owner's removal takes: freed at once, not at the unlock */
static void model_remove_one(int r, const struct eng_owner *owner)
{
    struct logged *want;

    model_delete(r, owner, &want);
    routes[r].pending = 0;
}

/* Removes what eng_owner_remove_routes_locked removes, in its order: with
 * the owner walking, or starting with routes in more than half of the dests,
 * a walk in prefix order that visits at most 4 * max dests (the routes of a
 * dest newest first, and a dest that does not fit in max whole is left for
 * the next call); once the walk is over, or without one, oldest first.
 * walking and walked are the owner's fields before the call. */
static size_t model_owner_remove(int t, int o, size_t max, int walking, const struct eng_prefix *walked)
{
    const struct eng_owner *owner = &tables[t].owners[o];
    struct eng_prefix from = *walked;
    size_t n = 0, nd = 0, count = 0, visits = 0;
    int d, r, walk_over = 0, moved = 0, done;

    for (r = 0; r < nroutes; r++) n += routes[r].alive && routes[r].table == t && routes[r].owner == o;
    for (d = 0; d < ndests; d++) nd += dests[d].alive && dests[d].table == t;
    if (walking > 0 || (!walking && n * 2 > nd))
    {
        for (;;)
        {
            d = model_dest_after(t, walking > 0 || moved ? &from : NULL);
            if (d < 0) walk_over = 1;
            if (d < 0 || count >= max || visits++ / 4 >= max) break;
            /* a dest is done in one go, or the walk stops in it and comes back */
            for (r = nroutes, done = 1; r--; )
            {
                if (!routes[r].alive || routes[r].dest != d || routes[r].owner != o) continue;
                if (count == max)
                {
                    done = 0;
                    break;
                }
                model_remove_one(r, owner);
                count++;
            }
            if (!done) break;
            from = dests[d].prefix;
            moved = 1;
        }
        if (!walk_over) return count;
    }
    for (r = 0; r < nroutes && count < max; r++)
    {
        if (!routes[r].alive || routes[r].table != t || routes[r].owner != o) continue;
        model_remove_one(r, owner);
        count++;
    }
    return count;
}

static void op_owner_remove(int t)
{
    struct tstate *ts = &tables[t];
    struct eng_owner *owner;
    struct eng_prefix walked;
    int o = u8() % NOWNERS, walking;
    size_t max = pick_max(u8()), count, want;

    trace_("remove owner %d max %ld\n", o, (long)max);
    owner = &ts->owners[o];
    walking = owner->walking;
    walked = owner->walked;
    write_lock(t);
    log_reset(t);
    count = eng_owner_remove_routes_locked(ts->table, owner, max);
    want = model_owner_remove(t, o, max, walking, &walked);
    ok(count == want, "remove owner %d max %ld: %zu, expected %zu\n", o, (long)max, count, want);
    check_log(t, "owner removal");
    write_unlock(t);
}

/* Ages one route at a time, so that the model follows the engine exactly
 * even when several routes expire in the same second. */
static void expire_single(int t, size_t max)
{
    struct tstate *ts = &tables[t];
    struct logged *want;
    uint32_t min;
    size_t k, count;
    int r, removed, nremoved;

    for (k = 0; k < max; k++)
    {
        min = ENG_NEVER;
        for (r = 0; r < nroutes; r++)
            if (routes[r].alive && routes[r].table == t && routes[r].expire != ENG_NEVER && routes[r].expire <= now &&
                (min == ENG_NEVER || routes[r].expire < min))
                min = routes[r].expire;
        log_reset(t);
        count = eng_table_expire_locked(ts->table, now, 1);
        ok(count == (min != ENG_NEVER), "expire at %u: %zu, expected %d\n", now, count, min != ENG_NEVER);
        if (!count) break;
        if (ts->nkept)
        {
            /* the layer kept it: off the heap, no change */
            for (r = 0; r < nroutes; r++) if (routes[r].alive && routes[r].eng == ts->kept[0]) break;
            ok(r < nroutes && ts->nkept == 1, "expire: kept %d routes, or an unknown one\n", ts->nkept);
            if (r == nroutes) break;
            ok(routes[r].expire == min, "expire: kept a route expiring at %u before one at %u\n", routes[r].expire, min);
            routes[r].expire = ENG_NEVER;
            check_log(t, "expire (kept)");
            continue;
        }
        removed = -1;
        nremoved = 0;
        for (r = 0; r < nroutes; r++)
        {
            if (!routes[r].alive || routes[r].table != t || !(routes[r].eng->flags & ENG_ROUTE_DELETED)) continue;
            nremoved++;
            removed = r;
        }
        ok(nremoved == 1, "expire: %d routes marked deleted\n", nremoved);
        if (removed < 0) break;
        ok(routes[removed].expire == min, "expire: removed a route expiring at %u before one at %u\n",
           routes[removed].expire, min);
        model_delete(removed, NULL, &want);
        check_log(t, "expire");
        if (failed) break;
    }
}

/* Ages up to max routes in one call; the order among routes that expire in
 * the same second is the heap's, so the changes are checked loosely and the
 * end state (which does not depend on that order) exactly. */
static void expire_batch(int t, size_t max)
{
    struct tstate *ts = &tables[t];
    struct logged *want;
    uint32_t max_removed = 0, min_kept = ENG_NEVER, expire;
    size_t count, n = 0, nremoved = 0;
    int r, i, d, view;

    for (r = 0; r < nroutes; r++)
        n += routes[r].alive && routes[r].table == t && routes[r].expire != ENG_NEVER && routes[r].expire <= now;
    log_reset(t);
    count = eng_table_expire_locked(ts->table, now, max);
    ok(count == (n < max ? n : max), "expire at %u max %ld: %zu, expected %zu\n", now, (long)max, count,
       n < max ? n : max);
    for (r = 0; r < nroutes; r++)
    {
        if (!routes[r].alive || routes[r].table != t || routes[r].expire == ENG_NEVER || routes[r].expire > now)
            continue;
        if (routes[r].eng->flags & ENG_ROUTE_DELETED)
        {
            nremoved++;
            if (routes[r].expire > max_removed) max_removed = routes[r].expire;
        }
        else if (eng_route_expiry_locked(ts->table, routes[r].eng) != ENG_NEVER &&
                 (min_kept == ENG_NEVER || routes[r].expire < min_kept))
            min_kept = routes[r].expire;
    }
    for (i = 0; i < ts->nkept; i++)
    {
        for (r = 0; r < nroutes; r++) if (routes[r].alive && routes[r].eng == ts->kept[i]) break;
        ok(r < nroutes, "expire: kept an unknown route\n");
        if (r == nroutes) break;
        expire = eng_route_expiry_locked(ts->table, ts->kept[i]);
        ok(expire == ENG_NEVER, "expire: kept route still ages at %u\n", expire);
        if (routes[r].expire > max_removed) max_removed = routes[r].expire;
        routes[r].expire = ENG_NEVER;
        nremoved++;
    }
    ok(nremoved == count, "expire: %zu routes marked deleted or kept, %zu reported\n", nremoved, count);
    ok(min_kept == ENG_NEVER || max_removed <= min_kept, "expire: kept a route expiring at %u, removed one at %u\n",
       min_kept, max_removed);
    for (i = 0; i < ts->nlog; i++)
    {
        ok(!ts->log[i].origin, "expire: change with an origin\n");
        for (d = 0; d < ndests; d++) if (dests[d].eng == ts->log[i].dest && dests[d].table == t) break;
        ok(d < ndests, "expire: change of an unknown dest\n");
        for (view = 0; view < ENG_NUM_VIEWS; view++)
            if (ts->log[i].views & (1u << view))
                ok(ts->log[i].old_best[view] != ts->log[i].new_best[view], "expire: change without a change\n");
    }
    for (r = 0; r < nroutes; r++)
        if (routes[r].alive && routes[r].table == t && (routes[r].eng->flags & ENG_ROUTE_DELETED))
            model_delete(r, NULL, &want);
    ok(ts->nunlinked == ts->expect_unlinked, "expire: dest_unlinked called %d times, expected %d\n",
       ts->nunlinked, ts->expect_unlinked);
}

static void op_expire(int t)
{
    uint8_t a = u8(), b = u8();
    size_t max = pick_max(b >> 1);

    now += a & 3;
    trace_("expire now %u max %ld %s\n", now, (long)max, (b & 1) ? "batch" : "single");
    write_lock(t);
    if (b & 1) expire_batch(t, max);
    else expire_single(t, max);
    write_unlock(t);
}

static void op_route_ref(int t)
{
    uint8_t sel = u8(), held = u8() & 1;
    int r = pick_route(t, sel, !held);

    trace_("ref route %d\n", r);
    if (r < 0) return;
    eng_route_ref(routes[r].eng);
    routes[r].refs++;
}

static void op_route_release(int t)
{
    struct eng_route_params params = {0};
    struct eng_change change;
    struct tstate *ts = &tables[t];
    int r = pick_route(t, u8(), 0);

    trace_("release route %d\n", r);
    if (r < 0) return;
    if (!routes[r].alive)
    {
        /* what a layer may still do with a handle to a deleted route */
        write_lock(t);
        log_reset(t);
        ok(eng_route_update_locked(ts->table, routes[r].eng, &params, NULL, 1, NULL, &change) == ENG_ENOTFOUND,
           "update of a deleted route did not fail\n");
        memset(&change, 0xcc, sizeof(change));
        eng_route_delete_locked(ts->table, routes[r].eng, NULL, &change);
        ok(!change.views, "delete of a deleted route: views %#x\n", change.views);
        ok(!ts->nlog, "changes on a deleted route were observed\n");
        write_unlock(t);
    }
    eng_route_release(ts->table, routes[r].eng);
    routes[r].refs--;
}

static void op_dest_ref(int t)
{
    uint8_t sel = u8(), release = u8() & 1;
    int d, n = 0, idx[MAX_DESTS];

    for (d = 0; d < ndests; d++)
        if (dests[d].table == t && (release ? dests[d].refs > 0 : dests[d].alive)) idx[n++] = d;
    trace_("%s dest %d of %d\n", release ? "release" : "ref", sel, n);
    if (!n) return;
    d = idx[sel % n];
    if (release)
    {
        eng_dest_release(tables[t].table, dests[d].eng);
        dests[d].refs--;
    }
    else
    {
        eng_dest_ref(dests[d].eng);
        dests[d].refs++;
    }
}

/* Holding the write lock across operations defers every free until the
 * unlock, which must then free what was deleted meanwhile. */
static void op_lock(int t)
{
    trace_("%s table %d\n", tables[t].locked ? "unlock" : "lock", t);
    if (tables[t].locked) table_unlock(t);
    else eng_table_write_lock(tables[t].table);
    tables[t].locked = !tables[t].locked;
}

static void op_alloc_fail(int t)
{
    uint8_t a = u8();
    unsigned int nth = (a >> 2) % 8 + 1;
    int status, was_injected;

    trace_("fail allocation %u of: ", nth);
    switch (a & 3)
    {
    case 0: case 1: op_add(t, nth); break;
    case 2: op_update(t, nth); break;
    case 3:
        trace_("add observer\n");
        if (tables[t].locked || tables[t].second_observer) break;
        inject_failure(nth);
        status = eng_table_add_observer(tables[t].table, observer2, &tables[t].second_observer);
        was_injected = injected();
        ok(status == ENG_OK || was_injected, "add observer: status %d without an injected failure\n", status);
        tables[t].second_observer = status == ENG_OK;
        break;
    }
}

static void op_invalid(int t)
{
    struct tstate *ts = &tables[t];
    struct eng_route_params params = {0};
    struct eng_prefix prefix;
    struct eng_route *route = NULL;
    uint8_t how = u8();
    unsigned int bit;
    size_t count;

    make_prefix(t, &prefix);
    switch (how & 3)
    {
    case 0: case 1:
        /* a host bit past len */
        if (prefix.len == max_len(t)) prefix.len--;
        bit = prefix.len + u8() % (max_len(t) - prefix.len);
        prefix.bytes[bit >> 3] |= 0x80 >> (bit & 7);
        break;
    case 2:
        prefix.len = max_len(t) + 1 + u8() % 64;
        break;
    case 3:
        /* IPX prefixes are always full length */
        if (ts->family != ENG_FAMILY_IPX) return;
        prefix.len = u8() % 32;
        mask_prefix(&prefix);
        break;
    }
    trace_("invalid add %s\n", prefix_str(t, &prefix));
    ok(!eng_prefix_valid(ts->table, &prefix), "eng_prefix_valid accepted %s\n", prefix_str(t, &prefix));
    write_lock(t);
    count = eng_table_route_count(ts->table);
    ok(eng_route_add_locked(ts->table, &prefix, &ts->owners[0], &params, NULL, NULL, &route, NULL) == ENG_EINVAL,
       "add of invalid %s did not fail\n", prefix_str(t, &prefix));
    ok(eng_table_route_count(ts->table) == count, "invalid add changed the table\n");
    write_unlock(t);
}

static void op_observer(int t)
{
    struct tstate *ts = &tables[t];

    trace_("%s second observer\n", ts->second_observer ? "remove" : "add");
    if (ts->locked) return;
    if (ts->second_observer) eng_table_remove_observer(ts->table, observer2, &ts->second_observer);
    else ok(eng_table_add_observer(ts->table, observer2, &ts->second_observer) == ENG_OK, "add observer failed\n");
    ts->second_observer = !ts->second_observer;
}

/* Many adds from a few input bytes, so that short inputs reach the sizes
 * where the hash, the radix node chunks, the slot array, the aging heap and
 * the lpm4 groups grow; an injected allocation failure then hits one of the
 * adds. */
static void op_bulk(int t)
{
    uint8_t a = u8(), b = u8(), c = u8();
    int count = 8 + a % 121, fail_at = (c & 0x80) ? c % count : -1;
    unsigned int nth = (c >> 2) % 8 + 1;

    trace_("bulk add %d seed %#x\n", count, b);
    bulk_rng = 0x9e3779b9u * (b + 1);
    for (bulk_left = count; bulk_left && !failed; bulk_left--)
    {
        trace_("    ");
        op_add(t, count - bulk_left == fail_at ? nth : 0);
    }
    bulk_left = 0;
}

enum
{
    OP_ADD, OP_BULK, OP_UPDATE, OP_DELETE, OP_FIND, OP_WALK, OP_LOOKUP, OP_LESS_SPECIFIC, OP_OWNER_REMOVE,
    OP_EXPIRE, OP_ROUTE_REF, OP_ROUTE_RELEASE, OP_DEST_REF, OP_LOCK, OP_ALLOC_FAIL, OP_INVALID, OP_OBSERVER, OP_HOOKS,
};

static void run_op(uint8_t code)
{
    /* the low 5 bits pick the operation, adds being the most common */
    static const uint8_t ops[32] =
    {
        OP_ADD, OP_ADD, OP_ADD, OP_ADD, OP_BULK, OP_UPDATE, OP_UPDATE, OP_UPDATE,
        OP_DELETE, OP_DELETE, OP_DELETE, OP_FIND, OP_WALK, OP_HOOKS, OP_LOOKUP, OP_LOOKUP,
        OP_LESS_SPECIFIC, OP_OWNER_REMOVE, OP_OWNER_REMOVE, OP_EXPIRE, OP_EXPIRE, OP_ROUTE_REF, OP_ROUTE_REF,
        OP_ROUTE_RELEASE, OP_ROUTE_RELEASE, OP_DEST_REF, OP_DEST_REF, OP_LOCK, OP_ALLOC_FAIL, OP_ALLOC_FAIL,
        OP_INVALID, OP_OBSERVER,
    };
    /* the high 3 bits the table: IPv4, with its lpm4 index, gets half */
    static const int table_of[8] = {0, 0, 0, 0, 1, 1, 2, 2};
    int t = table_of[code >> 5];

    switch (ops[code & 0x1f])
    {
    case OP_ADD: op_add(t, 0); break;
    case OP_BULK: op_bulk(t); break;
    case OP_UPDATE: op_update(t, 0); break;
    case OP_DELETE: op_delete(t); break;
    case OP_FIND: op_find(t); break;
    case OP_WALK: op_walk(t); break;
    case OP_LOOKUP: op_lookup(t); break;
    case OP_LESS_SPECIFIC: op_less_specific(t); break;
    case OP_OWNER_REMOVE: op_owner_remove(t); break;
    case OP_EXPIRE: op_expire(t); break;
    case OP_ROUTE_REF: op_route_ref(t); break;
    case OP_ROUTE_RELEASE: op_route_release(t); break;
    case OP_DEST_REF: op_dest_ref(t); break;
    case OP_LOCK: op_lock(t); break;
    case OP_ALLOC_FAIL: op_alloc_fail(t); break;
    case OP_INVALID: op_invalid(t); break;
    case OP_OBSERVER: op_observer(t); break;
    case OP_HOOKS: op_hooks(t); break;
    }
}

static int setup(void)
{
    static const enum eng_family families[NTABLES] = {ENG_FAMILY_IPV4, ENG_FAMILY_IPV6, ENG_FAMILY_IPX};
    int t, o;

    memset(tables, 0, sizeof(tables));
    nroutes = ndests = 0;
    seq = op_index = 0;
    now = 1;
    failed = 0;
    memset(value_refs, 0, sizeof(value_refs));
    values = intern_create(sizeof(struct value));
    ok(values != NULL, "intern_create failed\n");
    if (!values) return -1;
    /* a creation that fails must not leak */
    for (t = 1; t <= 3; t++)
    {
        struct eng_table *table;

        inject_failure(t);
        table = eng_table_create(families[t - 1], 0);
        ok(table || injected(), "eng_table_create failed without an injected failure\n");
        injected();
        eng_table_destroy(table);
    }
    for (t = 0; t < NTABLES; t++)
    {
        tables[t].family = families[t];
        tables[t].table = eng_table_create(families[t], sizeof(struct payload));
        ok(tables[t].table != NULL, "eng_table_create(%d) failed\n", families[t]);
        if (!tables[t].table) return -1;
        ok(eng_table_family(tables[t].table) == families[t], "family %d\n", eng_table_family(tables[t].table));
        eng_table_set_payload_release(tables[t].table, payload_release);
        ok(eng_table_add_observer(tables[t].table, observer, &tables[t]) == ENG_OK, "add observer failed\n");
        for (o = 0; o < NOWNERS; o++) eng_owner_init(&tables[t].owners[o], 100 + o, t, NULL);
    }
    return 0;
}

/* Unlocks, drops every reference the target holds and destroys the tables,
 * which must release every payload; LeakSanitizer then checks that the
 * engine freed everything. */
static void teardown(void)
{
    int t, r, d, v;

    for (t = 0; t < NTABLES; t++)
        if (tables[t].locked) table_unlock(t);
    for (r = 0; r < nroutes; r++)
        for (; routes[r].refs; routes[r].refs--) eng_route_release(tables[routes[r].table].table, routes[r].eng);
    for (d = 0; d < ndests; d++)
        for (; dests[d].refs; dests[d].refs--) eng_dest_release(tables[dests[d].table].table, dests[d].eng);
    for (t = 0; t < NTABLES; t++) eng_table_destroy(tables[t].table);
    memset(tables, 0, sizeof(tables));
    if (!values) return;
    if (!failed)
    {
        for (r = 0; r < nroutes; r++) ok(!routes[r].holds, "end: route %d did not release its payload\n", r);
        for (v = 0; v < NVALUES; v++) ok(!value_refs[v], "end: value %d has %d references\n", v, value_refs[v]);
        ok(!intern_count(values), "end: %zu values left\n", intern_count(values));
    }
    intern_destroy(values);
    values = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *env = getenv("ENGINE_FUZZ_TRACE");

    trace = env && *env && *env != '0';
    in_data = data;
    in_size = size;
    in_pos = 0;
    eng_alloc_fail_nth(0);
    if (setup())
    {
        teardown();
        return 0;
    }
    check_all();
    while (in_pos < in_size && op_index < MAX_OPS && !failed)
    {
        op_index++;
        trace_("%lu: ", (unsigned long)op_index);
        run_op(u8());
        if (!failed) check_all();
    }
    teardown();
    return 0;
}
