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
 * rtmbench: the rtm.dll benchmark (`make bench`).
 *
 * A Windows program, run under Wine with the rtm.dll under test next to it.
 * It generates reproducible, realistically clustered IPv4 and IPv6 tables
 * (tablegen.c), measures a plain binary trie (trie.c) on them in this same
 * process as the reference baseline, then drives rtm.dll through its public
 * API only, checks every answer against the trie, and prints one table with
 * each figure as a ratio to the baseline and PASS/MISS against the targets.
 *
 * Byte order: IP_NETWORK addresses and masks are passed as DWORDs in
 * network byte order, as IP addresses are everywhere in RRAS and IP Helper
 * structures (and as rtm.h's IsRouteNonUnicast() and rtmv2.h's
 * RTM_IPV4_MASK_FROM_LEN() assume); RtmLookupIPDestination takes its
 * address the same way.  The RTMv1 IP_NETWORK page says "machine-byte
 * order"; --host-order switches to that reading.
 *
 * Exit status: 0 when every correctness check agrees (performance misses
 * only print MISS, unless --strict), 1 on any disagreement, 2 on bad usage
 * or a setup failure.
 */

#define __USE_MINGW_ANSI_STDIO 1

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <winsock2.h>
#include <windows.h>
#include <psapi.h>
#include <rtm.h>
#include <rtmv2.h>

#include "tablegen.h"
#include "trie.h"

#define NO_MATCH (~(uint64_t)0)

/* Routing protocol identifiers of the clients (values of the IP
 * protocol ids of iprtrmib.h: netmgmt, RIP, OSPF, BGP). */
#define PROTO_WATCHER 3
#define PROTO_RIP     8
#define PROTO_OSPF    13
#define PROTO_BGP     14

static const DWORD feed_proto[3] = { PROTO_BGP, PROTO_OSPF, PROTO_RIP };

struct options
{
    unsigned long size4;        /* 0: the full distribution */
    unsigned long size6;
    size_t lookups;
    uint64_t seed;
    const char *dist;
    int host_order;
    int strict;
    int v2;
};

enum unit { U_RATE, U_NS, U_MS, U_BYTES, U_TIMES };

/* One line of the result table; a figure below zero is "n/a". */
struct row
{
    char name[64];
    enum unit unit;
    double rtm;
    double base;
    char target[24];
    int verdict;                /* -1 no target, 0 MISS, 1 PASS */
};

static struct options opt;
static double qpc_freq;
static struct row rows[64];
static unsigned int row_count;
static unsigned int disagreements, misses;

static double now(void)
{
    LARGE_INTEGER c;

    QueryPerformanceCounter(&c);
    return (double)c.QuadPart / qpc_freq;
}

static uint32_t bswap32(uint32_t a)
{
    return (a >> 24) | ((a >> 8) & 0xff00) | ((a << 8) & 0xff0000) | (a << 24);
}

/* Host-order address or mask to the DWORD that goes into the API, and back. */
static DWORD to_rtm(uint32_t a)
{
    return opt.host_order ? a : bswap32(a);
}

static uint32_t from_rtm(DWORD a)
{
    return opt.host_order ? a : bswap32(a);
}

static uint32_t mask_of(unsigned int len)
{
    return len ? 0xffffffffu << (32 - len) : 0;
}

static uint64_t pack_network(DWORD net, DWORD mask)
{
    return ((uint64_t)net << 32) | mask;
}

static uint64_t pack_prefix(const struct tg_prefix *p)
{
    return pack_network(to_rtm(tg_addr4(p)), to_rtm(mask_of(p->len)));
}

static const char *fmt_network(uint64_t packed, char *buf, size_t size)
{
    uint32_t a = from_rtm((DWORD)(packed >> 32)), m = from_rtm((DWORD)packed);
    unsigned int len = 0;

    if (packed == NO_MATCH) return "(no route)";
    while (len < 32 && (m & (0x80000000u >> len))) len++;
    snprintf(buf, size, "%u.%u.%u.%u/%u%s", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff,
             a & 0xff, len, mask_of(len) == m ? "" : " (odd mask)");
    return buf;
}

static void check(int agree, const char *fmt, ...)
{
    char what[160];
    va_list args;

    va_start(args, fmt);
    vsnprintf(what, sizeof(what), fmt, args);
    va_end(args);
    printf("  check: %-62s %s\n", what, agree ? "agree" : "DISAGREE");
    if (!agree) disagreements++;
}

static struct row *add_row(enum unit unit, double rtm, double base, const char *fmt, ...)
{
    struct row *r = &rows[row_count < ARRAYSIZE(rows) - 1 ? row_count++ : row_count];
    va_list args;

    va_start(args, fmt);
    vsnprintf(r->name, sizeof(r->name), fmt, args);
    va_end(args);
    r->unit = unit;
    r->rtm = rtm;
    r->base = base;
    r->target[0] = 0;
    r->verdict = -1;
    return r;
}

static void set_target(struct row *r, int pass, const char *target)
{
    snprintf(r->target, sizeof(r->target), "%s", target);
    r->verdict = pass;
    if (!pass) misses++;
}

static double pagefile_usage(void)
{
    PROCESS_MEMORY_COUNTERS pmc;

    /* PagefileUsage (private committed memory) rather than PrivateUsage,
     * which Wine 8 does not update. */
    pmc.cb = sizeof(pmc);
    if (!GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof(pmc))) return 0.0;
    return (double)pmc.PagefileUsage;
}

static uint32_t mix32(uint64_t x)
{
    x = (x ^ (x >> 33)) * 0xff51afd7ed558ccdull;
    return (uint32_t)((x ^ (x >> 33)) >> 16);
}

/* The route that feed `feed` announces for prefix i: each feed has its own
 * interface and next hop, and metrics that differ per prefix so that the
 * best route of about half the networks moves with every new feed. */
static void make_route(RTM_IP_ROUTE *route, const struct tg_prefix *p, unsigned int feed, size_t i)
{
    DWORD metric = 1 + mix32(i * 3 + feed) % 16;

    memset(route, 0, sizeof(*route));
    route->RR_InterfaceID = feed + 1;
    route->RR_Network.N_NetNumber = to_rtm(tg_addr4(p));
    route->RR_Network.N_NetMask = to_rtm(mask_of(p->len));
    route->RR_NextHopAddress.N_NetNumber = to_rtm(0xc0000200u + 1 + feed);
    route->RR_NextHopAddress.N_NetMask = to_rtm(0xffffff00u);
    route->RR_FamilySpecificData.FSD_Type = 4;
    route->RR_FamilySpecificData.FSD_NextHopAS = 64512 + feed;
    route->RR_FamilySpecificData.FSD_Metric = metric;
    route->RR_FamilySpecificData.FSD_Metric1 = metric;
}

static void make_network(IP_NETWORK *net, const struct tg_prefix *p)
{
    net->N_NetNumber = to_rtm(tg_addr4(p));
    net->N_NetMask = to_rtm(mask_of(p->len));
}

/* ---- the baseline ---------------------------------------------------- */

struct base4
{
    struct trie trie;
    double insert_s;
    double lookup_s;
    double lookup2_s;       /* the same lookups from two threads */
    double exact_s;
    double delete_s;
    uint64_t *answer;       /* per lookup address: prefix index or NO_MATCH */
};

static void base4_build(const struct tg_table *t, struct base4 *b)
{
    unsigned char key[4];
    double t0;
    size_t i;

    if (trie_init(&b->trie)) { fprintf(stderr, "out of memory\n"); exit(2); }
    t0 = now();
    for (i = 0; i < t->count; i++)
    {
        trie_key4(tg_addr4(&t->pfx[i]), key);
        if (trie_insert(&b->trie, key, t->pfx[i].len, (uint32_t)i) < 0)
        {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
    }
    b->insert_s = now() - t0;
}

/* lookups of addresses [first, first + count) */
struct lookup_run
{
    const uint32_t *addr;
    uint64_t *got;
    struct base4 *base;
};

static void base4_lookup_range(void *ctx, size_t first, size_t count)
{
    const struct lookup_run *run = ctx;
    unsigned char key[4];
    uint32_t value;
    size_t i;

    for (i = first; i < first + count; i++)
    {
        trie_key4(run->addr[i], key);
        run->got[i] = trie_lookup(&run->base->trie, key, 32, &value) >= 0 ? value : NO_MATCH;
    }
}

static void base4_lookup(struct base4 *b, const uint32_t *addr, size_t n)
{
    struct lookup_run run = { addr, NULL, b };
    double t0;

    if (!(b->answer = run.got = malloc(n * sizeof(*b->answer)))) { fprintf(stderr, "out of memory\n"); exit(2); }
    t0 = now();
    base4_lookup_range(&run, 0, n);
    b->lookup_s = now() - t0;
}

static void base4_exact(struct base4 *b, const struct tg_table *t)
{
    unsigned char key[4];
    uint32_t value;
    size_t i, found = 0;
    double t0 = now();

    for (i = 0; i < t->count; i++)
    {
        trie_key4(tg_addr4(&t->pfx[i]), key);
        found += trie_exact(&b->trie, key, t->pfx[i].len, &value);
    }
    b->exact_s = now() - t0;
    if (found != t->count) check(0, "baseline trie finds its %zu prefixes", t->count);
}

/* Deleting every prefix: the baseline counterpart of deregistering a client. */
static void base4_delete_all(struct base4 *b, const struct tg_table *t)
{
    unsigned char key[4];
    size_t i;
    double t0 = now();

    for (i = 0; i < t->count; i++)
    {
        trie_key4(tg_addr4(&t->pfx[i]), key);
        trie_delete(&b->trie, key, t->pfx[i].len);
    }
    b->delete_s = now() - t0;
}

static void base4_free(struct base4 *b)
{
    trie_free(&b->trie);
    free(b->answer);
    b->answer = NULL;
}

/* ---- rtm.dll, RTMv1 ------------------------------------------------- */

struct load_result
{
    double secs;
    size_t errors;
    DWORD first_error;
    size_t changed;         /* calls whose Flags reported a best-route change */
};

static HANDLE register_client(DWORD proto, HANDLE event)
{
    HANDLE client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, proto, event, 0);

    if (!client)
        printf("  RtmRegisterClient(IP, %lu) failed, error %lu\n", (unsigned long)proto,
               (unsigned long)GetLastError());
    return client;
}

static void load_feed(HANDLE client, const struct tg_table *t, unsigned int feed, struct load_result *r)
{
    RTM_IP_ROUTE route;
    DWORD flags, rc;
    size_t i;
    double t0;

    memset(r, 0, sizeof(*r));
    t0 = now();
    for (i = 0; i < t->count; i++)
    {
        make_route(&route, &t->pfx[i], feed, i);
        flags = RTM_NO_CHANGE;
        if ((rc = RtmAddRoute(client, &route, INFINITE, &flags, NULL, NULL)))
        {
            if (!r->errors++) r->first_error = rc;
        }
        else if (flags != RTM_NO_CHANGE)
            r->changed++;
    }
    r->secs = now() - t0;
}

static void check_load(const struct load_result *r, const char *what)
{
    check(!r->errors, "%s: RtmAddRoute errors %zu (first %lu)", what, r->errors,
          (unsigned long)r->first_error);
}

static void check_network_count(ULONG expected, const char *when)
{
    ULONG count = RtmGetNetworkCount(RTM_PROTOCOL_FAMILY_IP);

    check(count == expected, "RtmGetNetworkCount %s: %lu, expected %lu", when,
          (unsigned long)count, (unsigned long)expected);
}

/* Timed RtmLookupIPDestination over addr[], the answers kept for checking. */
static void rtm_lookup_range(void *ctx, size_t first, size_t count)
{
    const struct lookup_run *run = ctx;
    RTM_IP_ROUTE route;
    size_t i;

    for (i = first; i < first + count; i++)
    {
        if (RtmLookupIPDestination(to_rtm(run->addr[i]), &route))
            run->got[i] = pack_network(route.RR_Network.N_NetNumber, route.RR_Network.N_NetMask);
        else
            run->got[i] = NO_MATCH;
    }
}

static double rtm_lookup(const uint32_t *addr, size_t n, uint64_t *got)
{
    struct lookup_run run = { addr, got, NULL };
    double t0 = now();

    rtm_lookup_range(&run, 0, n);
    return now() - t0;
}

/* The machine's floor for a lookup that returns a route record: the two
 * dependent random reads of a DIR-24-8 table (an entry of a 64 MiB tbl24,
 * then a 24-byte record named by it, one per dest) for each address, in a
 * bare loop with no API, no checks and no copy.  The processor overlaps the
 * reads of many consecutive addresses here, which a call's longer body
 * does not allow; the figure bounds what any lookup through an API can
 * reach on this machine.  -1 when the memory is not there. */
static double memory_floor(const uint32_t *addr, size_t n, size_t nrecords)
{
    struct record { uint64_t words[3]; } *records;
    uint64_t x = 0x9e3779b97f4a7c15ull, sum = 0;
    volatile uint64_t sink;
    uint32_t *tbl24;
    size_t i;
    double t0;

    tbl24 = VirtualAlloc(NULL, (1u << 24) * sizeof(*tbl24), MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    records = VirtualAlloc(NULL, nrecords * sizeof(*records), MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!tbl24 || !records || !nrecords)
    {
        if (tbl24) VirtualFree(tbl24, 0, MEM_RELEASE);
        if (records) VirtualFree(records, 0, MEM_RELEASE);
        return -1.0;
    }
    for (i = 0; i < 1u << 24; i++)
    {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        tbl24[i] = (uint32_t)((x >> 16) % nrecords);
    }
    for (i = 0; i < nrecords; i++) records[i].words[0] = records[i].words[2] = i;

    t0 = now();
    for (i = 0; i < n; i++)
    {
        const struct record *rec = &records[tbl24[addr[i] >> 8]];

        sum += rec->words[0] + rec->words[2];
    }
    t0 = now() - t0;
    sink = sum;
    (void)sink;
    VirtualFree(tbl24, 0, MEM_RELEASE);
    VirtualFree(records, 0, MEM_RELEASE);
    return t0;
}

/* One half of a run, on its own thread; both halves start together. */
struct half
{
    void (*range)(void *ctx, size_t first, size_t count);
    void *ctx;
    size_t first, count;
    HANDLE go;
};

static DWORD WINAPI half_proc(void *arg)
{
    struct half *h = arg;

    WaitForSingleObject(h->go, INFINITE);
    h->range(h->ctx, h->first, h->count);
    return 0;
}

/* Seconds for range() over n items split between two threads: whether
 * lookups run in parallel or wait for each other. */
static double two_threads(void (*range)(void *ctx, size_t first, size_t count), void *ctx, size_t n)
{
    HANDLE go = CreateEventA(NULL, TRUE, FALSE, NULL), threads[2];
    struct half h[2];
    double t0;
    int k;

    for (k = 0; k < 2; k++)
    {
        h[k].range = range;
        h[k].ctx = ctx;
        h[k].first = k ? n / 2 : 0;
        h[k].count = k ? n - n / 2 : n / 2;
        h[k].go = go;
        threads[k] = CreateThread(NULL, 0, half_proc, &h[k], 0, NULL);
    }
    Sleep(20);
    t0 = now();
    SetEvent(go);
    WaitForMultipleObjects(2, threads, TRUE, INFINITE);
    t0 = now() - t0;
    for (k = 0; k < 2; k++) CloseHandle(threads[k]);
    CloseHandle(go);
    return t0;
}

static void check_lookups(const struct tg_table *t, const uint32_t *addr, size_t n,
                          const uint64_t *answer, const uint64_t *got, const char *what)
{
    size_t i, bad = 0, shown = 0;
    char b1[48], b2[48];

    for (i = 0; i < n; i++)
    {
        uint64_t expect = answer[i] == NO_MATCH ? NO_MATCH : pack_prefix(&t->pfx[answer[i]]);

        if (got[i] == expect) continue;
        if (shown++ < 3)
            printf("  %u.%u.%u.%u: trie %s, rtm.dll %s\n", addr[i] >> 24, (addr[i] >> 16) & 0xff,
                   (addr[i] >> 8) & 0xff, addr[i] & 0xff, fmt_network(expect, b1, sizeof(b1)),
                   fmt_network(got[i], b2, sizeof(b2)));
        bad++;
    }
    check(!bad, "%s: %zu of %zu lookups differ from the trie", what, bad, n);
}

static double rtm_exact(const struct tg_table *t, size_t *bad)
{
    RTM_IP_ROUTE route;
    IP_NETWORK net;
    size_t i;
    double t0, secs;
    BOOL *ok = malloc(t->count * sizeof(*ok));
    uint64_t *got = malloc(t->count * sizeof(*got));

    if (!ok || !got) { fprintf(stderr, "out of memory\n"); exit(2); }
    t0 = now();
    for (i = 0; i < t->count; i++)
    {
        make_network(&net, &t->pfx[i]);
        ok[i] = RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &net, &route);
        got[i] = pack_network(route.RR_Network.N_NetNumber, route.RR_Network.N_NetMask);
    }
    secs = now() - t0;
    for (*bad = i = 0; i < t->count; i++)
        if (!ok[i] || got[i] != pack_prefix(&t->pfx[i])) (*bad)++;
    free(ok);
    free(got);
    return secs;
}

/* A thread that keeps calling RtmIsRoute and records its longest wait. */
struct prober
{
    const struct tg_table *table;
    HANDLE thread;
    HANDLE running;
    volatile LONG stop;
    double max_wait;
    size_t calls;
};

static DWORD WINAPI prober_proc(void *arg)
{
    struct prober *p = arg;
    RTM_IP_ROUTE route;
    IP_NETWORK net;
    size_t i = 0;

    while (!p->stop)
    {
        double t0, dt;

        make_network(&net, &p->table->pfx[i]);
        if (++i == p->table->count) i = 0;
        t0 = now();
        RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &net, &route);
        dt = now() - t0;
        if (dt > p->max_wait) p->max_wait = dt;
        if (++p->calls == 1000) SetEvent(p->running);
    }
    return 0;
}

/* A client registered with an event, dequeuing every change on its own thread. */
struct watcher
{
    HANDLE client;
    HANDLE event;
    HANDLE thread;
    volatile LONG stop;
    volatile LONG64 messages;
    LONG64 added, deleted, changed;
    double last_message;
    DWORD error;
};

static DWORD WINAPI watcher_proc(void *arg)
{
    struct watcher *w = arg;
    RTM_IP_ROUTE cur, prev;
    DWORD flags, rc;

    for (;;)
    {
        WaitForSingleObject(w->event, 50);
        do
        {
            rc = RtmDequeueRouteChangeMessage(w->client, &flags, &cur, &prev);
            if (rc == NO_ERROR || rc == ERROR_MORE_MESSAGES)
            {
                if (flags == RTM_ROUTE_ADDED) w->added++;
                else if (flags == RTM_ROUTE_DELETED) w->deleted++;
                else if (flags == RTM_ROUTE_CHANGED) w->changed++;
                w->last_message = now();
                InterlockedIncrement64(&w->messages);
            }
        } while (rc == ERROR_MORE_MESSAGES);
        if (rc != NO_ERROR && rc != ERROR_NO_MESSAGES)
        {
            w->error = rc;
            return 1;
        }
        if (w->stop) return 0;
    }
}

static int watcher_start(struct watcher *w)
{
    memset(w, 0, sizeof(*w));
    w->event = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!(w->client = register_client(PROTO_WATCHER, w->event))) return -1;
    w->thread = CreateThread(NULL, 0, watcher_proc, w, 0, NULL);
    return 0;
}

/* Waits until the watcher has seen `expected` messages, or has gone quiet
 * for `quiet` seconds; returns the time of its last message. */
static double watcher_wait(struct watcher *w, LONG64 expected, double quiet)
{
    LONG64 seen = -1;
    double since = now();

    for (;;)
    {
        LONG64 m = w->messages;

        if ((expected >= 0 && m >= expected) || w->error) break;
        if (m != seen)
        {
            seen = m;
            since = now();
        }
        else if (now() - since > quiet)
            break;
        Sleep(1);
    }
    return w->last_message;
}

static void watcher_stop(struct watcher *w)
{
    w->stop = 1;
    SetEvent(w->event);
    WaitForSingleObject(w->thread, 10000);
    CloseHandle(w->thread);
    RtmDeregisterClient(w->client);
    CloseHandle(w->event);
}

/* ---- the RTMv2 paths, in a child process ----------------------------- */

typedef DWORD (WINAPI *fn_register_entity)(PRTM_ENTITY_INFO, PRTM_ENTITY_EXPORT_METHODS,
                                           RTM_EVENT_CALLBACK, BOOL, PRTM_REGN_PROFILE,
                                           PRTM_ENTITY_HANDLE);
typedef DWORD (WINAPI *fn_deregister_entity)(RTM_ENTITY_HANDLE);
typedef DWORD (WINAPI *fn_add_next_hop)(RTM_ENTITY_HANDLE, PRTM_NEXTHOP_INFO, PRTM_NEXTHOP_HANDLE,
                                        PRTM_NEXTHOP_CHANGE_FLAGS);
typedef DWORD (WINAPI *fn_add_route_to_dest)(RTM_ENTITY_HANDLE, PRTM_ROUTE_HANDLE, PRTM_NET_ADDRESS,
                                             PRTM_ROUTE_INFO, ULONG, RTM_ROUTE_LIST_HANDLE,
                                             RTM_NOTIFY_FLAGS, RTM_NOTIFY_HANDLE,
                                             PRTM_ROUTE_CHANGE_FLAGS);
typedef DWORD (WINAPI *fn_get_most_specific)(RTM_ENTITY_HANDLE, PRTM_NET_ADDRESS, ULONG,
                                             RTM_VIEW_SET, PRTM_DEST_INFO);
typedef DWORD (WINAPI *fn_release_dest_info)(RTM_ENTITY_HANDLE, PRTM_DEST_INFO);

struct v2_api
{
    fn_register_entity register_entity;
    fn_deregister_entity deregister_entity;
    fn_add_next_hop add_next_hop;
    fn_add_route_to_dest add_route_to_dest;
    fn_get_most_specific get_most_specific;
    fn_release_dest_info release_dest_info;
};

static void v2_address(RTM_NET_ADDRESS *a, const struct tg_table *t, uint64_t hi, uint64_t lo,
                       unsigned int len)
{
    memset(a, 0, sizeof(*a));
    a->AddressFamily = t->family == 4 ? AF_INET : AF_INET6;
    a->NumBits = len;
    if (t->family == 4) trie_key4((uint32_t)(hi >> 32), a->AddrBits);
    else trie_key6(hi, lo, a->AddrBits);
}

/* whether the first len bits of a and b agree (b may have host bits set) */
static int same_prefix(const unsigned char *a, const unsigned char *b, int len)
{
    if (memcmp(a, b, len / 8)) return 0;
    return !(len % 8) || !((a[len / 8] ^ b[len / 8]) & (0xff00 >> (len % 8)));
}

/* RTMv2 lookups of addresses [first, first + count), as a client makes them */
struct v2_lookup_run
{
    const struct v2_api *api;
    const struct tg_table *t;
    RTM_ENTITY_HANDLE entity;
    const uint64_t *look;       /* two words per address */
};

static void v2_lookup_range(void *ctx, size_t first, size_t count)
{
    const struct v2_lookup_run *run = ctx;
    RTM_DEST_INFO *dest = calloc(1, RTM_SIZE_OF_DEST_INFO(RTM_MAX_VIEWS));
    RTM_NET_ADDRESS addr;
    size_t i;

    for (i = first; i < first + count; i++)
    {
        v2_address(&addr, run->t, run->look[2 * i], run->look[2 * i + 1], run->t->family == 4 ? 32 : 128);
        if (!run->api->get_most_specific(run->entity, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, dest))
            run->api->release_dest_info(run->entity, dest);
    }
    free(dest);
}

/* Loads one table through RtmAddRouteToDest and looks it up through
 * RtmGetMostSpecificDestination; writes "key value" lines to out.
 * Returns 0, or ERROR_CALL_NOT_IMPLEMENTED and the like when the DLL
 * cannot do it. */
static DWORD v2_family(const struct v2_api *api, const struct tg_table *t, size_t nlook, FILE *out)
{
    const char *fam = t->family == 4 ? "v4" : "v6";
    unsigned int width = t->family == 4 ? 32 : 128;
    RTM_ENTITY_INFO info;
    RTM_REGN_PROFILE profile;
    RTM_ENTITY_HANDLE entity;
    RTM_NEXTHOP_INFO hop;
    RTM_NEXTHOP_HANDLE hop_handle = NULL;
    RTM_NEXTHOP_CHANGE_FLAGS hop_flags = 0;
    RTM_NET_ADDRESS addr;
    RTM_DEST_INFO *dest;
    struct trie trie;
    unsigned char key[16];
    uint64_t *look = malloc(2 * nlook * sizeof(*look));
    size_t i, errors = 0, bad = 0;
    struct v2_lookup_run run;
    DWORD rc;
    double t0, load_s, lookup_s, lookup2_s;

    memset(&info, 0, sizeof(info));
    info.AddressFamily = t->family == 4 ? AF_INET : AF_INET6;
    info.EntityId.EntityProtocolId = PROTO_BGP;
    info.EntityId.EntityInstanceId = 1;
    if ((rc = api->register_entity(&info, NULL, NULL, FALSE, &profile, &entity))) return rc;

    memset(&hop, 0, sizeof(hop));
    v2_address(&hop.NextHopAddress, t, t->family == 4 ? (uint64_t)0xc0000201u << 32
               : 0x20010db800000000ull, 1, width);
    hop.InterfaceIndex = 1;
    if ((rc = api->add_next_hop(entity, &hop, &hop_handle, &hop_flags)))
    {
        api->deregister_entity(entity);
        return rc;
    }

    t0 = now();
    for (i = 0; i < t->count; i++)
    {
        RTM_ROUTE_INFO route;
        RTM_ROUTE_HANDLE handle = NULL;
        RTM_ROUTE_CHANGE_FLAGS change = 0;

        memset(&route, 0, sizeof(route));
        route.Neighbour = hop_handle;
        route.PrefInfo.Metric = 1 + mix32(i) % 16;
        route.BelongsToViews = RTM_VIEW_MASK_UCAST;
        route.NextHopsList.NumNextHops = 1;
        route.NextHopsList.NextHops[0] = hop_handle;
        v2_address(&addr, t, t->pfx[i].hi, t->pfx[i].lo, t->pfx[i].len);
        if ((rc = api->add_route_to_dest(entity, &handle, &addr, &route, INFINITE, NULL, 0, NULL, &change)))
        {
            if (rc == ERROR_CALL_NOT_IMPLEMENTED && !i)
            {
                api->deregister_entity(entity);
                return rc;
            }
            errors++;
        }
    }
    load_s = now() - t0;

    dest = calloc(1, RTM_SIZE_OF_DEST_INFO(RTM_MAX_VIEWS));
    if (t->family == 4)
    {
        uint32_t *a4 = malloc(nlook * sizeof(*a4));

        tg_lookup_addrs4(t, nlook, 0.5, opt.seed + 11, a4);
        for (i = 0; i < nlook; i++) look[2 * i] = (uint64_t)a4[i] << 32, look[2 * i + 1] = 0;
        free(a4);
    }
    else
        tg_lookup_addrs6(t, nlook, 0.5, opt.seed + 12, look);

    run.api = api;
    run.t = t;
    run.entity = entity;
    run.look = look;
    t0 = now();
    v2_lookup_range(&run, 0, nlook);
    lookup_s = now() - t0;
    /* the bench's table has the two-thread figure for IPv4 only */
    lookup2_s = t->family == 4 ? two_threads(v2_lookup_range, &run, nlook) : 0.0;

    /* Correctness, untimed: the destination found is the trie's LPM. */
    trie_init(&trie);
    for (i = 0; i < t->count; i++)
    {
        if (t->family == 4) trie_key4(tg_addr4(&t->pfx[i]), key);
        else trie_key6(t->pfx[i].hi, t->pfx[i].lo, key);
        trie_insert(&trie, key, t->pfx[i].len, (uint32_t)i);
    }
    for (i = 0; i < nlook; i++)
    {
        uint32_t value;
        int len;

        v2_address(&addr, t, look[2 * i], look[2 * i + 1], width);
        len = trie_lookup(&trie, addr.AddrBits, width, &value);
        rc = api->get_most_specific(entity, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, dest);
        if (len < 0) bad += rc == NO_ERROR;
        else if (rc || dest->DestAddress.NumBits != len || !same_prefix(dest->DestAddress.AddrBits, addr.AddrBits, len))
            bad++;
        if (!rc) api->release_dest_info(entity, dest);
    }
    trie_free(&trie);

    fprintf(out, "%s_load_rate %.1f\n%s_lookup_rate %.1f\n%s_errors %zu\n%s_bad %zu\n",
            fam, t->count / load_s, fam, nlook / lookup_s, fam, errors, fam, bad);
    if (lookup2_s > 0.0) fprintf(out, "%s_lookup2_rate %.1f\n", fam, nlook / lookup2_s);
    api->deregister_entity(entity);
    free(dest);
    free(look);
    return 0;
}

static HMODULE rtm_module(void)
{
    return GetModuleHandleA("rtm.dll");
}

/* The child: exit 0 with results in the file, 3 if RTMv2 is not there. */
static int v2_child(const char *path, const struct tg_dist *d4, const struct tg_dist *d6)
{
    struct v2_api api;
    struct tg_table t4, t6;
    HMODULE mod = rtm_module();
    DWORD rc4, rc6;
    FILE *out;

    api.register_entity = (void *)GetProcAddress(mod, "RtmRegisterEntity");
    api.deregister_entity = (void *)GetProcAddress(mod, "RtmDeregisterEntity");
    api.add_next_hop = (void *)GetProcAddress(mod, "RtmAddNextHop");
    api.add_route_to_dest = (void *)GetProcAddress(mod, "RtmAddRouteToDest");
    api.get_most_specific = (void *)GetProcAddress(mod, "RtmGetMostSpecificDestination");
    api.release_dest_info = (void *)GetProcAddress(mod, "RtmReleaseDestInfo");
    if (!api.register_entity || !api.deregister_entity || !api.add_next_hop
        || !api.add_route_to_dest || !api.get_most_specific || !api.release_dest_info)
        return 3;
    if (!(out = fopen(path, "w"))) return 2;
    if (tg_generate(d4, opt.seed, &t4) || tg_generate(d6, opt.seed + 6, &t6)) return 2;
    rc4 = v2_family(&api, &t4, opt.lookups / 10, out);
    rc6 = v2_family(&api, &t6, opt.lookups / 10, out);
    fprintf(out, "v4_rc %lu\nv6_rc %lu\n", (unsigned long)rc4, (unsigned long)rc6);
    fclose(out);
    return rc4 && rc6 ? 3 : 0;
}

struct v2_results
{
    double v4_load, v4_lookup, v4_lookup2, v6_load, v6_lookup;
    size_t v4_bad, v6_bad, v4_errors, v6_errors;
    DWORD v4_rc, v6_rc;
    char why[64];
};

static void v2_run(struct v2_results *r)
{
    char self[MAX_PATH], path[MAX_PATH], cmd[3 * MAX_PATH], key[64];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    DWORD code = 0;
    double value;
    FILE *f;

    memset(r, 0, sizeof(*r));
    r->v4_load = r->v4_lookup = r->v4_lookup2 = r->v6_load = r->v6_lookup = -1.0;
    r->v4_rc = r->v6_rc = ERROR_CALL_NOT_IMPLEMENTED;
    if (!opt.v2)
    {
        strcpy(r->why, "skipped (--no-v2)");
        return;
    }
    GetModuleFileNameA(NULL, self, sizeof(self));
    snprintf(path, sizeof(path), "rtmbench-v2-%lu.txt", (unsigned long)GetCurrentProcessId());
    snprintf(cmd, sizeof(cmd), "\"%s\" --v2-child %s --seed %llu --lookups %zu --size4 %lu --size6 %lu%s%s%s",
             self, path, (unsigned long long)opt.seed, opt.lookups, opt.size4, opt.size6,
             opt.host_order ? " --host-order" : "", opt.dist ? " --dist " : "", opt.dist ? opt.dist : "");
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi))
    {
        snprintf(r->why, sizeof(r->why), "cannot start child (%lu)", (unsigned long)GetLastError());
        return;
    }
    if (WaitForSingleObject(pi.hProcess, 600000) != WAIT_OBJECT_0) TerminateProcess(pi.hProcess, 4);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    if (code == 3) strcpy(r->why, "not implemented");
    else if (code) snprintf(r->why, sizeof(r->why), "child failed (exit code 0x%lx)", (unsigned long)code);
    if ((f = fopen(path, "r")))
    {
        while (fscanf(f, "%63s %lf", key, &value) == 2)
        {
            if (!strcmp(key, "v4_load_rate")) r->v4_load = value;
            else if (!strcmp(key, "v4_lookup_rate")) r->v4_lookup = value;
            else if (!strcmp(key, "v4_lookup2_rate")) r->v4_lookup2 = value;
            else if (!strcmp(key, "v6_load_rate")) r->v6_load = value;
            else if (!strcmp(key, "v6_lookup_rate")) r->v6_lookup = value;
            else if (!strcmp(key, "v4_bad")) r->v4_bad = (size_t)value;
            else if (!strcmp(key, "v6_bad")) r->v6_bad = (size_t)value;
            else if (!strcmp(key, "v4_errors")) r->v4_errors = (size_t)value;
            else if (!strcmp(key, "v6_errors")) r->v6_errors = (size_t)value;
            else if (!strcmp(key, "v4_rc")) r->v4_rc = (DWORD)value;
            else if (!strcmp(key, "v6_rc")) r->v6_rc = (DWORD)value;
        }
        fclose(f);
        DeleteFileA(path);
    }
}

/* ---- the phases ------------------------------------------------------ */

struct growth
{
    unsigned long size;
    double rtm_load_ns, rtm_lookup_ns;
    double base_insert_ns, base_lookup_ns;
};

/* One growth point below the full table: the load is repeated (one
 * untimed warm-up, then enough rounds for ~300k routes) and averaged. */
static void growth_point(const struct tg_dist *full, unsigned long size, size_t nlook, struct growth *g)
{
    struct tg_dist d;
    struct tg_table t;
    struct base4 b;
    struct load_result r;
    uint32_t *addr = malloc(nlook * sizeof(*addr));
    uint64_t *got = malloc(nlook * sizeof(*got));
    unsigned int rounds = size >= 300000 ? 1 : 300000 / size, k;
    double load_s = 0.0, insert_s = 0.0;
    HANDLE client;

    memset(g, 0, sizeof(*g));
    g->size = size;
    tg_scale_dist(full, size, &d);
    if (tg_generate(&d, opt.seed + size, &t) || !addr || !got) { fprintf(stderr, "out of memory\n"); exit(2); }
    tg_lookup_addrs4(&t, nlook, 0.5, opt.seed + size + 1, addr);

    for (k = 0; k <= rounds; k++)
    {
        memset(&b, 0, sizeof(b));
        base4_build(&t, &b);
        if (k) insert_s += b.insert_s;
        if (k < rounds) base4_free(&b);
    }
    base4_lookup(&b, addr, nlook);

    g->rtm_load_ns = g->rtm_lookup_ns = -1.0;
    for (k = 0; k <= rounds; k++)
    {
        if (!(client = register_client(PROTO_BGP, NULL))) break;
        load_feed(client, &t, 0, &r);
        if (r.errors) check_load(&r, "growth load");
        if (k) load_s += r.secs;
        if (k == rounds)
        {
            check_network_count(t.count, "after a growth load");
            g->rtm_load_ns = 1e9 * load_s / ((double)rounds * t.count);
            g->rtm_lookup_ns = 1e9 * rtm_lookup(addr, nlook, got) / nlook;
            check_lookups(&t, addr, nlook, b.answer, got, "growth lookups");
        }
        RtmDeregisterClient(client);
    }
    g->base_insert_ns = 1e9 * insert_s / ((double)rounds * t.count);
    g->base_lookup_ns = 1e9 * b.lookup_s / nlook;
    printf("  %lu routes: load %.0f ns/route, lookup %.0f ns (baseline %.0f / %.0f)\n", size,
           g->rtm_load_ns, g->rtm_lookup_ns, g->base_insert_ns, g->base_lookup_ns);
    base4_free(&b);
    tg_free(&t);
    free(addr);
    free(got);
}

static void print_value(enum unit unit, double v)
{
    char buf[32];

    if (v < 0.0) snprintf(buf, sizeof(buf), "n/a");
    else if (unit == U_RATE) snprintf(buf, sizeof(buf), "%.3f M/s", v / 1e6);
    else if (unit == U_NS) snprintf(buf, sizeof(buf), "%.0f ns", v);
    else if (unit == U_MS) snprintf(buf, sizeof(buf), "%.2f ms", v);
    else if (unit == U_BYTES) snprintf(buf, sizeof(buf), "%.1f B", v);
    else snprintf(buf, sizeof(buf), "%.2f", v);
    printf(" %14s", buf);
}

static void print_table(void)
{
    unsigned int i;

    printf("\n%-44s %14s %14s %8s  %-18s %s\n", "figure", "rtm.dll", "baseline", "ratio", "target", "result");
    for (i = 0; i < 44 + 15 + 15 + 9 + 20 + 7; i++) putchar('-');
    putchar('\n');
    for (i = 0; i < row_count; i++)
    {
        const struct row *r = &rows[i];

        printf("%-44s", r->name);
        print_value(r->unit, r->rtm);
        print_value(r->unit, r->base);
        if (r->rtm >= 0.0 && r->base > 0.0) printf(" %7.2fx", r->rtm / r->base);
        else printf(" %8s", "-");
        if (r->verdict < 0) printf("\n");
        else printf("  %-18s %s\n", r->target, r->verdict ? "PASS" : "MISS");
    }
    printf("ratio = rtm.dll / baseline in the figure's unit: rates (M/s) higher is better,\n"
           "times (ns, ms) and bytes lower is better.\n");
}

static void usage(void)
{
    fprintf(stderr, "usage: rtmbench [--size4 N] [--size6 N] [--lookups N] [--seed N] [--dist FILE]\n"
                    "                [--host-order] [--no-v2] [--strict]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    struct tg_dist full4, full6, d4, d6;
    struct tg_table t4, t6;
    struct base4 b;
    struct load_result r, reload, feeds[3];
    struct prober prober;
    struct watcher w;
    struct growth g[3];
    struct v2_results v2;
    struct lookup_run two;
    struct row *row;
    const char *child_out = NULL;
    uint32_t *addr;
    uint64_t *got, *addr6;
    LARGE_INTEGER f;
    HANDLE client, clients[3];
    size_t i, bad, expected_msgs;
    double mem0, mem1, t0, t1, dereg_s, feeds_s, last_msg, v6_insert_s, v6_lookup_s, reload_ns = -1.0;
    unsigned char key[16];
    struct trie trie6;
    uint32_t value;
    SYSTEM_INFO sys;
    int k;

    QueryPerformanceFrequency(&f);
    qpc_freq = (double)f.QuadPart;
    setvbuf(stdout, NULL, _IONBF, 0);
    opt.lookups = 10000000;
    opt.seed = 20260101;
    opt.v2 = 1;
    for (k = 1; k < argc; k++)
    {
        if (!strcmp(argv[k], "--size4") && k + 1 < argc) opt.size4 = strtoul(argv[++k], NULL, 0);
        else if (!strcmp(argv[k], "--size6") && k + 1 < argc) opt.size6 = strtoul(argv[++k], NULL, 0);
        else if (!strcmp(argv[k], "--lookups") && k + 1 < argc) opt.lookups = strtoull(argv[++k], NULL, 0);
        else if (!strcmp(argv[k], "--seed") && k + 1 < argc) opt.seed = strtoull(argv[++k], NULL, 0);
        else if (!strcmp(argv[k], "--dist") && k + 1 < argc) opt.dist = argv[++k];
        else if (!strcmp(argv[k], "--v2-child") && k + 1 < argc) child_out = argv[++k];
        else if (!strcmp(argv[k], "--host-order")) opt.host_order = 1;
        else if (!strcmp(argv[k], "--no-v2")) opt.v2 = 0;
        else if (!strcmp(argv[k], "--strict")) opt.strict = 1;
        else usage();
    }
    if (opt.lookups < 1000) usage();

    if (opt.dist)
    {
        if (tg_read_dist(opt.dist, 4, &full4) || tg_read_dist(opt.dist, 6, &full6))
        {
            fprintf(stderr, "rtmbench: cannot read the distribution %s\n", opt.dist);
            return 2;
        }
    }
    else
    {
        tg_default_dist(4, &full4);
        tg_default_dist(6, &full6);
    }
    tg_scale_dist(&full4, opt.size4 ? opt.size4 : full4.total, &d4);
    tg_scale_dist(&full6, opt.size6 ? opt.size6 : full6.total, &d6);
    if (child_out) return v2_child(child_out, &d4, &d6);

    GetSystemInfo(&sys);
    printf("rtmbench: %lu IPv4 and %lu IPv6 prefixes (distribution %s), seed %llu, %zu lookups,\n"
           "          %lu processors, addresses passed in %s byte order\n",
           d4.total, d6.total, opt.dist ? opt.dist : "built in", (unsigned long long)opt.seed,
           opt.lookups, (unsigned long)sys.dwNumberOfProcessors, opt.host_order ? "host" : "network");
    if (!rtm_module())
    {
        fprintf(stderr, "rtmbench: rtm.dll is not loaded\n");
        return 2;
    }

    t0 = now();
    addr = malloc(opt.lookups * sizeof(*addr));
    got = malloc(opt.lookups * sizeof(*got));
    addr6 = malloc(2 * (opt.lookups / 5) * sizeof(*addr6));
    if (!addr || !got || !addr6 || tg_generate(&d4, opt.seed, &t4) || tg_generate(&d6, opt.seed + 6, &t6))
    {
        fprintf(stderr, "rtmbench: out of memory\n");
        return 2;
    }
    tg_lookup_addrs4(&t4, opt.lookups, 0.5, opt.seed + 1, addr);
    tg_lookup_addrs6(&t6, opt.lookups / 5, 0.5, opt.seed + 7, addr6);
    printf("tables generated in %.2f s\n", now() - t0);

    /* Baseline, same process, same compiler, same data. */
    printf("baseline trie, IPv4...\n");
    memset(&b, 0, sizeof(b));
    base4_build(&t4, &b);
    base4_lookup(&b, addr, opt.lookups);
    two.addr = addr;
    two.got = got;
    two.base = &b;
    b.lookup2_s = two_threads(base4_lookup_range, &two, opt.lookups);
    base4_exact(&b, &t4);
    printf("  %zu nodes, %.1f bytes/prefix; insert %.0f ns, lookup %.0f ns (%.0f ns from two threads)\n",
           b.trie.nodes, (double)trie_memory(&b.trie) / t4.count, 1e9 * b.insert_s / t4.count,
           1e9 * b.lookup_s / opt.lookups, 1e9 * b.lookup2_s / opt.lookups);

    printf("baseline trie, IPv6...\n");
    trie_init(&trie6);
    t0 = now();
    for (i = 0; i < t6.count; i++)
    {
        trie_key6(t6.pfx[i].hi, t6.pfx[i].lo, key);
        trie_insert(&trie6, key, t6.pfx[i].len, (uint32_t)i);
    }
    v6_insert_s = now() - t0;
    t0 = now();
    for (i = 0, bad = 0; i < opt.lookups / 5; i++)
    {
        trie_key6(addr6[2 * i], addr6[2 * i + 1], key);
        bad += trie_lookup(&trie6, key, 128, &value) >= 0;
    }
    v6_lookup_s = now() - t0;
    printf("  %zu nodes; insert %.0f ns, lookup %.0f ns, %.1f%% of lookups match\n", trie6.nodes,
           1e9 * v6_insert_s / t6.count, 1e9 * v6_lookup_s / (opt.lookups / 5),
           100.0 * bad / (opt.lookups / 5));
    trie_free(&trie6);

    /* One full feed from one client: load rate and memory. */
    printf("rtm.dll: one full IPv4 feed...\n");
    check_network_count(0, "before any load");
    mem0 = pagefile_usage();
    if (!(client = register_client(PROTO_BGP, NULL)))
    {
        check(0, "RtmRegisterClient works, so RTMv1 can be measured");
        add_row(U_RATE, -1.0, t4.count / b.insert_s, "load, 1 feed (RtmAddRoute)");
        add_row(U_RATE, -1.0, opt.lookups / b.lookup_s, "lookup (RtmLookupIPDestination)");
        add_row(U_RATE, -1.0, opt.lookups / b.lookup2_s, "lookup, 2 threads (RtmLookupIPDest.)");
        add_row(U_RATE, -1.0, t4.count / b.exact_s, "exact match (RtmIsRoute)");
        goto report;
    }
    load_feed(client, &t4, 0, &r);
    mem1 = pagefile_usage();
    check_load(&r, "one feed");
    check_network_count(t4.count, "after one feed");
    row = add_row(U_RATE, t4.count / r.secs, t4.count / b.insert_s, "load, 1 feed (RtmAddRoute)");
    set_target(row, row->rtm >= 1.5 * row->base, ">= 1.5x");
    row = add_row(U_BYTES, (mem1 - mem0) / t4.count, (double)trie_memory(&b.trie) / t4.count,
                  "memory per route, 1 feed");
    set_target(row, row->rtm <= 120.0, "<= 120 B/route");

    printf("rtm.dll: %zu lookups...\n", opt.lookups);
    t0 = rtm_lookup(addr, opt.lookups, got);
    check_lookups(&t4, addr, opt.lookups, b.answer, got, "RtmLookupIPDestination");
    row = add_row(U_RATE, opt.lookups / t0, opt.lookups / b.lookup_s, "lookup (RtmLookupIPDestination)");
    set_target(row, row->rtm >= 30.0 * row->base, ">= 30x");
    t1 = two_threads(rtm_lookup_range, &two, opt.lookups);
    check_lookups(&t4, addr, opt.lookups, b.answer, got, "RtmLookupIPDestination, two threads");
    add_row(U_RATE, opt.lookups / t1, opt.lookups / b.lookup2_s, "lookup, 2 threads (RtmLookupIPDest.)");
    t1 = memory_floor(addr, opt.lookups, t4.count);
    add_row(U_RATE, t1 > 0.0 ? opt.lookups / t1 : -1.0, opt.lookups / b.lookup_s,
            "floor: 2 dependent reads/address, no API");
    g[2].size = t4.count;
    g[2].rtm_load_ns = 1e9 * r.secs / t4.count;
    g[2].rtm_lookup_ns = 1e9 * t0 / opt.lookups;
    g[2].base_insert_ns = 1e9 * b.insert_s / t4.count;
    g[2].base_lookup_ns = 1e9 * b.lookup_s / opt.lookups;

    t0 = rtm_exact(&t4, &bad);
    check(!bad, "RtmIsRoute: %zu of %zu announced networks missed or wrong", bad, t4.count);
    add_row(U_RATE, t4.count / t0, t4.count / b.exact_s, "exact match (RtmIsRoute)");

    /* Deregistration of the full-table client under RtmIsRoute load. */
    printf("rtm.dll: deregistering the full-table client under RtmIsRoute load...\n");
    memset(&prober, 0, sizeof(prober));
    prober.table = &t4;
    prober.running = CreateEventW(NULL, TRUE, FALSE, NULL);
    prober.thread = CreateThread(NULL, 0, prober_proc, &prober, 0, NULL);
    WaitForSingleObject(prober.running, 10000);
    t0 = now();
    RtmDeregisterClient(client);
    dereg_s = now() - t0;
    prober.stop = 1;
    WaitForSingleObject(prober.thread, 10000);
    CloseHandle(prober.thread);
    CloseHandle(prober.running);
    check_network_count(0, "after deregistration");
    base4_delete_all(&b, &t4);
    row = add_row(U_MS, 1e3 * dereg_s, 1e3 * b.delete_s, "deregister full-table client");
    set_target(row, dereg_s < 0.5, "< 500 ms");
    row = add_row(U_MS, 1e3 * prober.max_wait, -1.0, "longest RtmIsRoute wait meanwhile");
    set_target(row, prober.max_wait <= 0.010, "<= 10 ms");
    printf("  %zu RtmIsRoute calls ran during the deregistration\n", prober.calls);

    /* The same feed again, into the memory the first load left behind: the
     * first load also pays for every page it touches first, which the small
     * tables of the growth points, loaded again and again, do not. */
    printf("rtm.dll: the same feed again, into reused memory...\n");
    if ((client = register_client(PROTO_BGP, NULL)))
    {
        load_feed(client, &t4, 0, &reload);
        check_load(&reload, "one feed, reloaded");
        check_network_count(t4.count, "after the reload");
        reload_ns = 1e9 * reload.secs / t4.count;
        RtmDeregisterClient(client);
        check_network_count(0, "after the reloaded client left");
    }
    else check(0, "RtmRegisterClient works for the reload");

    /* Three full feeds with different metrics, watched by a client with an event. */
    printf("rtm.dll: three full feeds, with a watcher...\n");
    if (watcher_start(&w))
    {
        check(0, "a watcher client can register");
        goto report;
    }
    expected_msgs = 0;
    feeds_s = 0.0;
    t0 = now();
    for (k = 0; k < 3; k++)
    {
        if (!(clients[k] = register_client(feed_proto[k], NULL)))
        {
            check(0, "feed client %d can register", k + 1);
            goto report;
        }
        load_feed(clients[k], &t4, k, &feeds[k]);
        check_load(&feeds[k], k == 0 ? "feed 1 of 3" : k == 1 ? "feed 2 of 3" : "feed 3 of 3");
        feeds_s += feeds[k].secs;
        expected_msgs += feeds[k].changed;
    }
    last_msg = watcher_wait(&w, expected_msgs, 2.0);
    check_network_count(t4.count, "after three feeds");
    /* A client's queue holds at most one message per network (spec/rtmv1.md):
     * every network is announced once, but changes that pile up while the
     * watcher lags arrive merged, so there may be fewer than RtmAddRoute saw. */
    check(w.added == (LONG64)feeds[0].changed && w.changed <= (LONG64)(feeds[1].changed + feeds[2].changed)
          && !w.deleted && !w.error,
          "watcher dequeued %lld added (%zu networks), %lld changed (at most %zu), %lld deleted",
          (long long)w.added, feeds[0].changed, (long long)w.changed, feeds[1].changed + feeds[2].changed,
          (long long)w.deleted);
    printf("  best-route changes: feed 1 %zu, feed 2 %zu, feed 3 %zu; watcher saw %lld added, %lld changed\n",
           feeds[0].changed, feeds[1].changed, feeds[2].changed, (long long)w.added, (long long)w.changed);
    add_row(U_RATE, t4.count / feeds[0].secs, t4.count / b.insert_s, "load, 1 feed, watcher dequeuing");
    add_row(U_RATE, 3.0 * t4.count / feeds_s, t4.count / b.insert_s, "load, 3 feeds (%zu routes)", 3 * t4.count);
    add_row(U_RATE, w.messages / (last_msg - t0 > 0 ? last_msg - t0 : 1e-9), -1.0,
            "change notifications dequeued");
    add_row(U_MS, 1e3 * (last_msg > t0 + feeds_s ? last_msg - (t0 + feeds_s) : 0.0), -1.0,
            "last notification after the last add");

    t0 = rtm_lookup(addr, opt.lookups / 10, got);
    check_lookups(&t4, addr, opt.lookups / 10, b.answer, got, "lookups with three feeds");

    for (k = 2; k >= 0; k--)
    {
        t0 = now();
        RtmDeregisterClient(clients[k]);
        if (k == 1) add_row(U_MS, 1e3 * (now() - t0), 1e3 * b.delete_s, "deregister 1 of 3 feeds");
        check_network_count(k ? t4.count : 0, k == 2 ? "after feed 3 left" : k == 1 ? "after feed 2 left"
                            : "after all feeds left");
    }
    watcher_wait(&w, -1, 0.5);
    check(w.deleted == w.added && !w.error, "watcher saw every one of the %lld networks deleted (%lld)",
          (long long)w.added, (long long)w.deleted);
    watcher_stop(&w);

    /* Growth: per-route load and per-lookup time by table size. */
    printf("rtm.dll: growth...\n");
    growth_point(&full4, 10000, opt.lookups / 10, &g[0]);
    growth_point(&full4, 100000, opt.lookups / 10, &g[1]);
    for (k = 0; k < 3; k++)
    {
        add_row(U_NS, g[k].rtm_load_ns, g[k].base_insert_ns, "load per route, %lu routes", g[k].size);
        add_row(U_NS, g[k].rtm_lookup_ns, g[k].base_lookup_ns, "lookup, %lu routes", g[k].size);
    }
    row = add_row(U_TIMES, g[2].rtm_load_ns / g[0].rtm_load_ns, g[2].base_insert_ns / g[0].base_insert_ns,
                  "load per route, %lu / 10000", g[2].size);
    set_target(row, g[0].rtm_load_ns > 0 && row->rtm <= 1.5, "<= 1.5");
    add_row(U_NS, reload_ns, -1.0, "load per route, %zu, reused memory", t4.count);
    add_row(U_TIMES, reload_ns > 0 && g[0].rtm_load_ns > 0 ? reload_ns / g[0].rtm_load_ns : -1.0, -1.0,
            "  the same / 10000");

report:
    /* RTMv2 and IPv6. */
    printf("rtm.dll: RTMv2 paths (in a child process)...\n");
    v2_run(&v2);
    if (v2.why[0])
        printf("  RTMv2: %s (IPv4 %lu, IPv6 %lu)\n", v2.why, (unsigned long)v2.v4_rc, (unsigned long)v2.v6_rc);
    if (v2.v4_load >= 0) check(!v2.v4_bad && !v2.v4_errors, "RTMv2 IPv4: %zu add errors, %zu lookups differ",
                               v2.v4_errors, v2.v4_bad);
    if (v2.v6_load >= 0) check(!v2.v6_bad && !v2.v6_errors, "RTMv2 IPv6: %zu add errors, %zu lookups differ",
                               v2.v6_errors, v2.v6_bad);
    add_row(U_RATE, v2.v4_load, t4.count / b.insert_s, "load, IPv4 (RtmAddRouteToDest)");
    add_row(U_RATE, v2.v4_lookup, opt.lookups / b.lookup_s, "lookup, IPv4 (RtmGetMostSpecificDest.)");
    add_row(U_RATE, v2.v4_lookup2, opt.lookups / b.lookup2_s, "lookup, IPv4, 2 threads (same)");
    add_row(U_RATE, v2.v6_load, t6.count / v6_insert_s, "load, IPv6 (RtmAddRouteToDest)");
    add_row(U_RATE, v2.v6_lookup, (opt.lookups / 5) / v6_lookup_s, "lookup, IPv6 (RtmGetMostSpecificDest.)");

    print_table();
    printf("\n%u correctness check(s) disagree; %u target(s) missed\n", disagreements, misses);
    printf("rtmbench: %s\n", disagreements ? "DISAGREE" : "all checks agree");

    base4_free(&b);
    tg_free(&t4);
    tg_free(&t6);
    free(addr);
    free(addr6);
    free(got);
    return disagreements ? 1 : opt.strict && misses ? 1 : 0;
}
