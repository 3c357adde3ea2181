/*
 * Stress and soak test of rtm.dll: many threads and clients at once
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
 * Every worker does a fixed number of operations (no wall-clock budget), and
 * ends in a known state, so that the table, the network counts, the
 * enumerations and the change messages seen by a listening client can be
 * compared afterwards.  A watchdog turns a deadlock into a failure and exits
 * the process instead of hanging.  The figures are printed with trace() for
 * spec/reliability.md.
 */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "psapi.h"
#include "rtm.h"
#include "rtmv2.h"
#include "mgm.h"

#include "wine/test.h"

#ifndef AF_INET
#define AF_INET 2
#endif

/* addresses are in network byte order */
#define IP(a, b, c, d) ((DWORD)(a) | ((DWORD)(b) << 8) | ((DWORD)(c) << 16) | ((DWORD)(d) << 24))
#define MASK24 IP(255, 255, 255, 0)

#define IP_WORKERS      4
#define IPX_WORKERS     2
#define MGM_WORKERS     2
#define RACE_WORKERS    2
#define READER_WORKERS  1
#define V2_WORKERS      2
#define MAX_WORKERS     (IP_WORKERS + IPX_WORKERS + MGM_WORKERS + RACE_WORKERS + READER_WORKERS + V2_WORKERS)

#define ITERATIONS      4000    /* per worker */
#define OWN_NETS        64      /* 10.w.k.0/24, k < OWN_NETS */
#define FINAL_NETS      32      /* of which each IP worker keeps these */
#define SHARED_NETS     16      /* 172.16.k.0/24, routes from every IP worker */
#define AGING_NETS      8       /* 10.w.(200 + k).0/24, TTL 1 or 2 s */
#define CHURN_ROUTES    3
#define IPX_FINAL_NETS  24

#define PROTO_BASE      0x1000  /* persistent client of worker w: PROTO_BASE + w */
#define PROTO_CHURN     0x2000  /* short-lived clients of worker w */
#define PROTO_RACE      0x3000  /* fought over by the race workers */
#define PROTO_LISTENER  0x4000
#define PROTO_MEMORY    0x5000
#define PROTO_MGM       0x6000
#define PROTO_V2        0x7000
#define PROTO_LOOKUP    0x8000  /* the 10.240/16 route; + 1..4 the churning clients */

#define WATCHDOG_TIMEOUT 120000 /* ms: only a deadlock gets anywhere near it */

#define LOOKUP_ROUNDS   300
#define LOOKUP_ROUTES   64      /* per round: /24s and /28s in 10.240/16 */
#define LOOKUP_KEY      IP(0x5a, 0xa5, 0x3c, 0xc3)  /* next hop = network ^ key */
#define MEMORY_WARMUP   1000
#define MEMORY_CYCLES   10000
#define MEMORY_SLACK    (64 * 1024)

enum worker_kind { WORKER_IP, WORKER_IPX, WORKER_MGM, WORKER_RACE, WORKER_READER, WORKER_V2 };

struct worker
{
    enum worker_kind kind;
    unsigned int     index;             /* among the workers of its kind */
    HANDLE           client;            /* RTM v1: the persistent client, kept for the checks */
    HANDLE           event;
    LONG             operations;
    LONG             messages;
    LONG             failures;          /* unexpected return codes, reported by the main thread */
    DWORD            first_error;
    const char      *first_call;
};

static struct worker workers[MAX_WORKERS];
static unsigned int worker_count;
static volatile LONG race_holders, race_wins, race_overlaps;
static BOOL v2_works;

/* Workers do not call ok() for every operation (millions of lines of
 * output); they count, and remember the first unexpected result. */
static void fail(struct worker *w, const char *call, DWORD error)
{
    if (InterlockedIncrement(&w->failures) == 1)
    {
        w->first_call = call;
        w->first_error = error;
    }
}

#define check(w, call, cond, error) do { if (!(cond)) fail(w, call, error); } while (0)

static RTM_IP_ROUTE ip_route(DWORD net, DWORD iface, DWORD next_hop, DWORD metric)
{
    RTM_IP_ROUTE route;

    memset(&route, 0, sizeof(route));
    route.RR_InterfaceID = iface;
    route.RR_Network.N_NetNumber = net;
    route.RR_Network.N_NetMask = MASK24;
    route.RR_NextHopAddress.N_NetNumber = next_hop;
    route.RR_NextHopAddress.N_NetMask = 0xffffffff;
    route.RR_FamilySpecificData.FSD_Metric = metric;
    route.RR_FamilySpecificData.FSD_Metric1 = metric;
    SetRouteValid(&route);
    return route;
}

static RTM_IPX_ROUTE ipx_route(DWORD net, DWORD iface, USHORT ticks, USHORT hops)
{
    RTM_IPX_ROUTE route;

    memset(&route, 0, sizeof(route));
    route.RR_InterfaceID = iface;
    route.RR_Network.N_NetNumber = net;
    route.RR_NextHopAddress.NHA_Mac[5] = (BYTE)iface;
    route.RR_FamilySpecificData.FSD_TickCount = ticks;
    route.RR_FamilySpecificData.FSD_HopCount = hops;
    return route;
}

static DWORD own_net(unsigned int w, unsigned int k)
{
    return IP(10, w + 1, k, 0);
}

static DWORD shared_net(unsigned int k)
{
    return IP(172, 16, k, 0);
}

static DWORD ipx_net(unsigned int w, unsigned int k)
{
    return 0x70000000 | (w + 1) << 16 | k;
}

static void drain_messages(struct worker *w, HANDLE client, void *cur, void *prev)
{
    DWORD ret, flags;

    do
    {
        ret = RtmDequeueRouteChangeMessage(client, &flags, cur, prev);
        if (ret == NO_ERROR || ret == ERROR_MORE_MESSAGES) InterlockedIncrement(&w->messages);
    } while (ret == ERROR_MORE_MESSAGES);
    check(w, "RtmDequeueRouteChangeMessage", ret == NO_ERROR || ret == ERROR_NO_MESSAGES, ret);
}

/* Walks one protocol's routes with an enumeration handle and returns how
 * many there were. */
static unsigned int count_protocol_routes(struct worker *w, DWORD family, DWORD protocol)
{
    union { RTM_IP_ROUTE ip; RTM_IPX_ROUTE ipx; } criteria, route;
    unsigned int count = 0;
    HANDLE handle;
    DWORD ret;

    memset(&criteria, 0, sizeof(criteria));
    criteria.ip.RR_RoutingProtocol = protocol;
    if (!(handle = RtmCreateEnumerationHandle(family, RTM_ONLY_THIS_PROTOCOL, &criteria)))
    {
        check(w, "RtmCreateEnumerationHandle", GetLastError() == ERROR_NO_ROUTES, GetLastError());
        return 0;
    }
    while (!(ret = RtmEnumerateGetNextRoute(handle, &route)))
    {
        check(w, "RtmEnumerateGetNextRoute (protocol)", route.ip.RR_RoutingProtocol == protocol,
              route.ip.RR_RoutingProtocol);
        count++;
    }
    check(w, "RtmEnumerateGetNextRoute", ret == ERROR_NO_MORE_ROUTES, ret);
    ret = RtmCloseEnumerationHandle(handle);
    check(w, "RtmCloseEnumerationHandle", !ret, ret);
    return count;
}

static void ip_worker(struct worker *w)
{
    RTM_IP_ROUTE route, cur, prev;
    unsigned int i, k, w_id = w->index;
    HANDLE client = w->client, churn;
    DWORD ret, flags;

    for (i = 0; i < ITERATIONS; i++)
    {
        /* add or update one of its own networks, delete another */
        route = ip_route(own_net(w_id, i % OWN_NETS), 1 + i % 2, IP(10, w_id + 1, 255, 1), 1 + i % 5);
        ret = RtmAddRoute(client, &route, INFINITE, &flags, &cur, &prev);
        check(w, "RtmAddRoute", !ret, ret);
        route = ip_route(own_net(w_id, (i * 7 + 3) % OWN_NETS), 1 + (i + 1) % 2, IP(10, w_id + 1, 255, 1), 1);
        ret = RtmDeleteRoute(client, &route, &flags, &cur);
        check(w, "RtmDeleteRoute", !ret || ret == ERROR_NO_SUCH_ROUTE, ret);
        w->operations += 2;

        /* every worker competes for the best route of the shared networks */
        route = ip_route(shared_net(i % SHARED_NETS), 10 + w_id, IP(172, 16, 255, w_id + 1), 1 + (i + w_id) % 7);
        ret = RtmAddRoute(client, &route, INFINITE, &flags, &cur, &prev);
        check(w, "RtmAddRoute (shared)", !ret, ret);
        w->operations++;

        /* routes that age away by themselves */
        if (i % 16 == 0)
        {
            route = ip_route(IP(10, w_id + 1, 200 + (i / 16) % AGING_NETS, 0), 1, IP(10, w_id + 1, 255, 2), 1);
            ret = RtmAddRoute(client, &route, 1 + (i / 16) % 2, &flags, &cur, &prev);
            check(w, "RtmAddRoute (aging)", !ret, ret);
            w->operations++;
        }

        /* a short-lived client with a few routes */
        if (i % 10 == 0)
        {
            churn = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_CHURN + w_id, NULL,
                                      i % 20 ? 0 : RTM_PROTOCOL_SINGLE_ROUTE);
            check(w, "RtmRegisterClient (churn)", churn != NULL, GetLastError());
            if (churn)
            {
                for (k = 0; k < CHURN_ROUTES; k++)
                {
                    route = ip_route(IP(10, w_id + 1, 100 + k, 0), 3, IP(10, w_id + 1, 255, 3), 2);
                    ret = RtmAddRoute(churn, &route, INFINITE, &flags, NULL, NULL);
                    check(w, "RtmAddRoute (churn)", !ret, ret);
                }
                k = count_protocol_routes(w, RTM_PROTOCOL_FAMILY_IP, PROTO_CHURN + w_id);
                check(w, "churn routes", k == CHURN_ROUTES, k);
                ret = RtmDeregisterClient(churn);
                check(w, "RtmDeregisterClient (churn)", !ret, ret);
                k = count_protocol_routes(w, RTM_PROTOCOL_FAMILY_IP, PROTO_CHURN + w_id);
                check(w, "routes of a deregistered client", !k, k);
                w->operations += CHURN_ROUTES + 4;
            }
        }

        /* walk part of the best routes */
        if (i % 8 == 0)
        {
            ret = RtmGetFirstRoute(RTM_PROTOCOL_FAMILY_IP, RTM_ONLY_BEST_ROUTES, &route);
            for (k = 0; k < 16 && !ret; k++)
                ret = RtmGetNextRoute(RTM_PROTOCOL_FAMILY_IP, RTM_ONLY_BEST_ROUTES, &route);
            check(w, "RtmGetFirstRoute/RtmGetNextRoute", !ret || ret == ERROR_NO_ROUTES, ret);
            w->operations += k + 1;
        }
        if (i % 25 == 0)
        {
            count_protocol_routes(w, RTM_PROTOCOL_FAMILY_IP, PROTO_BASE + w_id);
            w->operations++;
        }
        if (i % 4 == 0) drain_messages(w, client, &cur, &prev);
    }

    /* the known final state: networks 0..FINAL_NETS-1 and every shared one */
    for (k = 0; k < OWN_NETS; k++)
    {
        route = ip_route(own_net(w_id, k), 1, IP(10, w_id + 1, 255, 1), 1);
        if (k < FINAL_NETS)
        {
            ret = RtmAddRoute(client, &route, INFINITE, &flags, NULL, NULL);
            check(w, "RtmAddRoute (final)", !ret, ret);
        }
        route.RR_InterfaceID = 2;
        ret = RtmDeleteRoute(client, &route, &flags, NULL);
        check(w, "RtmDeleteRoute (final)", !ret || ret == ERROR_NO_SUCH_ROUTE, ret);
        if (k >= FINAL_NETS)
        {
            route.RR_InterfaceID = 1;
            ret = RtmDeleteRoute(client, &route, &flags, NULL);
            check(w, "RtmDeleteRoute (final)", !ret || ret == ERROR_NO_SUCH_ROUTE, ret);
        }
    }
    drain_messages(w, client, &cur, &prev);
}

static void ipx_worker(struct worker *w)
{
    RTM_IPX_ROUTE route, cur, prev;
    HANDLE client = w->client;
    unsigned int i, k;
    DWORD ret, flags;

    for (i = 0; i < ITERATIONS; i++)
    {
        route = ipx_route(ipx_net(w->index, i % OWN_NETS), 1, 1 + i % 9, 1 + i % 3);
        ret = RtmAddRoute(client, &route, INFINITE, &flags, &cur, &prev);
        check(w, "RtmAddRoute (IPX)", !ret, ret);
        route = ipx_route(ipx_net(w->index, (i * 5 + 1) % OWN_NETS), 1, 1, 1);
        ret = RtmDeleteRoute(client, &route, &flags, &cur);
        check(w, "RtmDeleteRoute (IPX)", !ret || ret == ERROR_NO_SUCH_ROUTE, ret);
        route = ipx_route(0x7fff0000 | i % SHARED_NETS, 20 + w->index, 1 + (i + w->index) % 4, 1);
        ret = RtmAddRoute(client, &route, i % 32 ? INFINITE : 1, &flags, &cur, &prev);
        check(w, "RtmAddRoute (IPX shared)", !ret, ret);
        w->operations += 3;
        if (i % 10 == 0)
        {
            count_protocol_routes(w, RTM_PROTOCOL_FAMILY_IPX, PROTO_BASE + 0x100 + w->index);
            w->operations++;
        }
        if (i % 4 == 0) drain_messages(w, client, &cur, &prev);
    }
    for (k = 0; k < OWN_NETS; k++)
    {
        route = ipx_route(ipx_net(w->index, k), 1, 1, 1);
        if (k < IPX_FINAL_NETS) ret = RtmAddRoute(client, &route, INFINITE, &flags, NULL, NULL);
        else if ((ret = RtmDeleteRoute(client, &route, &flags, NULL)) == ERROR_NO_SUCH_ROUTE) ret = NO_ERROR;
        check(w, "final IPX state", !ret, ret);
    }
    /* the shared IPX networks go with TTL 1 routes or stay with this worker's */
    for (k = 0; k < SHARED_NETS; k++)
    {
        route = ipx_route(0x7fff0000 | k, 20 + w->index, 1, 1);
        ret = RtmDeleteRoute(client, &route, &flags, NULL);
        check(w, "RtmDeleteRoute (IPX shared)", !ret || ret == ERROR_NO_SUCH_ROUTE, ret);
    }
    drain_messages(w, client, &cur, &prev);
}

/* two workers fight over one protocol id: at most one may hold it */
static void race_worker(struct worker *w)
{
    RTM_IP_ROUTE route = ip_route(IP(10, 222, 0, 0), 5, IP(10, 222, 255, 1), 1);
    HANDLE client;
    unsigned int i;
    DWORD ret, flags;

    for (i = 0; i < ITERATIONS; i++)
    {
        client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_RACE, NULL, 0);
        w->operations++;
        if (!client)
        {
            check(w, "RtmRegisterClient (race)", GetLastError() == ERROR_CLIENT_ALREADY_EXISTS, GetLastError());
            /* let the holder finish instead of spending the whole budget on one hold */
            SwitchToThread();
            continue;
        }
        if (InterlockedIncrement(&race_holders) > 1) InterlockedIncrement(&race_overlaps);
        InterlockedIncrement(&race_wins);
        ret = RtmAddRoute(client, &route, INFINITE, &flags, NULL, NULL);
        check(w, "RtmAddRoute (race)", !ret, ret);
        InterlockedDecrement(&race_holders);
        ret = RtmDeregisterClient(client);
        check(w, "RtmDeregisterClient (race)", !ret, ret);
        w->operations += 2;
    }
}

static void reader_worker(struct worker *w)
{
    RTM_IP_ROUTE route;
    IP_NETWORK net;
    unsigned int i;
    ULONG count;
    BOOL found;

    for (i = 0; i < ITERATIONS * 4; i++)
    {
        net.N_NetNumber = shared_net(i % SHARED_NETS);
        net.N_NetMask = MASK24;
        found = RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &net, &route);
        if (found) check(w, "RtmIsRoute", route.RR_Network.N_NetNumber == net.N_NetNumber, route.RR_Network.N_NetNumber);
        count = RtmGetNetworkCount(RTM_PROTOCOL_FAMILY_IP);
        check(w, "RtmGetNetworkCount", count < 0x10000, count);
        count = RtmGetNetworkCount(RTM_PROTOCOL_FAMILY_IPX);
        check(w, "RtmGetNetworkCount (IPX)", count < 0x10000, count);
        RtmLookupIPDestination(IP(10, 1 + i % IP_WORKERS, i % OWN_NETS, 9), &route);
        w->operations += 4;
    }
}

static void mgm_worker(struct worker *w)
{
    ROUTING_PROTOCOL_CONFIG config;
    SOURCE_GROUP_ENTRY groups[8];
    BYTE mfes[4096];
    HANDLE protocol = NULL, enum_handle;
    DWORD ret, size, count, iface;
    unsigned int i;

    memset(&config, 0, sizeof(config));
    for (i = 0; i < ITERATIONS; i++)
    {
        iface = 1000 + w->index * 10 + i % 4;
        if (!protocol)
        {
            ret = MgmRegisterMProtocol(&config, PROTO_MGM + w->index, w->index, &protocol);
            check(w, "MgmRegisterMProtocol", !ret, ret);
            w->operations++;
            if (ret) return;
        }
        ret = MgmTakeInterfaceOwnership(protocol, iface, 0);
        check(w, "MgmTakeInterfaceOwnership", !ret || ret == ERROR_ALREADY_EXISTS, ret);
        ret = MgmAddGroupMembershipEntry(protocol, 0, 0, IP(224, 2, w->index, i % 8), 0xffffffff, iface, 0,
                                         MGM_JOIN_STATE_FLAG);
        check(w, "MgmAddGroupMembershipEntry", !ret, ret);
        ret = MgmAddGroupMembershipEntry(protocol, IP(10, 50, w->index, i % 4), 0xffffffff,
                                         IP(224, 3, w->index, i % 8), 0xffffffff, iface, 0, MGM_JOIN_STATE_FLAG);
        check(w, "MgmAddGroupMembershipEntry (S,G)", !ret, ret);
        w->operations += 3;
        if (i % 3 == 0)
        {
            ret = MgmDeleteGroupMembershipEntry(protocol, 0, 0, IP(224, 2, w->index, (i + 4) % 8), 0xffffffff,
                                                iface, 0, MGM_JOIN_STATE_FLAG);
            check(w, "MgmDeleteGroupMembershipEntry", !ret || ret == ERROR_NOT_FOUND, ret);
            w->operations++;
        }
        if (i % 5 == 0)
        {
            ret = MgmGroupEnumerationStart(protocol, i % 10 ? ALL_SOURCES : ANY_SOURCE, &enum_handle);
            check(w, "MgmGroupEnumerationStart", !ret, ret);
            if (!ret)
            {
                do
                {
                    size = sizeof(groups);
                    ret = MgmGroupEnumerationGetNext(enum_handle, &size, (BYTE *)groups, &count);
                    w->operations++;
                } while (ret == ERROR_MORE_DATA);
                check(w, "MgmGroupEnumerationGetNext", ret == ERROR_NO_MORE_ITEMS, ret);
                ret = MgmGroupEnumerationEnd(enum_handle);
                check(w, "MgmGroupEnumerationEnd", !ret, ret);
            }
            size = sizeof(mfes);
            ret = MgmGetFirstMfe(&size, mfes, &count);
            check(w, "MgmGetFirstMfe", ret == ERROR_NO_MORE_ITEMS || ret == ERROR_MORE_DATA, ret);
            w->operations += 3;
        }
        if (i % 4 == 3)
        {
            /* releasing drops the memberships on the interface */
            ret = MgmReleaseInterfaceOwnership(protocol, iface, 0);
            check(w, "MgmReleaseInterfaceOwnership", !ret, ret);
            w->operations++;
        }
        if (i % 40 == 39)
        {
            unsigned int k;

            for (k = 0; k < 4; k++) MgmReleaseInterfaceOwnership(protocol, 1000 + w->index * 10 + k, 0);
            ret = MgmDeRegisterMProtocol(protocol);
            check(w, "MgmDeRegisterMProtocol", !ret, ret);
            protocol = NULL;
            w->operations += 5;
        }
    }
    if (protocol)
    {
        for (i = 0; i < 4; i++) MgmReleaseInterfaceOwnership(protocol, 1000 + w->index * 10 + i, 0);
        ret = MgmDeRegisterMProtocol(protocol);
        check(w, "MgmDeRegisterMProtocol", !ret, ret);
    }
}

static void v2_worker(struct worker *w)
{
    RTM_ENTITY_INFO info;
    RTM_REGN_PROFILE profile;
    RTM_ENTITY_HANDLE entity, handles[16];
    RTM_ENTITY_INFO infos[16];
    unsigned int i;
    DWORD ret;
    UINT num;

    for (i = 0; i < ITERATIONS / 4; i++)
    {
        memset(&info, 0, sizeof(info));
        info.AddressFamily = AF_INET;
        info.EntityId.EntityProtocolId = PROTO_V2 + w->index;
        info.EntityId.EntityInstanceId = i % 2;
        ret = RtmRegisterEntity(&info, NULL, NULL, FALSE, &profile, &entity);
        check(w, "RtmRegisterEntity", !ret, ret);
        if (ret) return;
        num = ARRAY_SIZE(handles);
        ret = RtmGetRegisteredEntities(entity, &num, handles, infos);
        check(w, "RtmGetRegisteredEntities", !ret || ret == ERROR_INSUFFICIENT_BUFFER, ret);
        if (!ret) RtmReleaseEntities(entity, num, handles);
        ret = RtmDeregisterEntity(entity);
        check(w, "RtmDeregisterEntity", !ret, ret);
        w->operations += 4;
    }
}

static DWORD WINAPI worker_thread(void *param)
{
    struct worker *w = param;

    switch (w->kind)
    {
    case WORKER_IP:     ip_worker(w); break;
    case WORKER_IPX:    ipx_worker(w); break;
    case WORKER_MGM:    mgm_worker(w); break;
    case WORKER_RACE:   race_worker(w); break;
    case WORKER_READER: reader_worker(w); break;
    case WORKER_V2:     v2_worker(w); break;
    }
    return 0;
}

struct watchdog
{
    HANDLE *threads;
    DWORD   count;
    HANDLE  stop;
};

static DWORD WINAPI watchdog_thread(void *param)
{
    struct watchdog *dog = param;
    DWORD ret;

    ret = WaitForMultipleObjects(dog->count, dog->threads, TRUE, WATCHDOG_TIMEOUT);
    if (ret == WAIT_TIMEOUT)
    {
        ok(0, "deadlock: threads still running after %u s\n", WATCHDOG_TIMEOUT / 1000);
        ExitProcess(1);
    }
    return 0;
}

/* runs threads to completion under the watchdog */
static void wait_guarded(HANDLE *threads, DWORD count)
{
    struct watchdog dog;
    HANDLE watchdog_handle;

    dog.threads = threads;
    dog.count = count;
    watchdog_handle = CreateThread(NULL, 0, watchdog_thread, &dog, 0, NULL);
    WaitForSingleObject(watchdog_handle, INFINITE);
    CloseHandle(watchdog_handle);
}

/* whether RTMv2 works: one registration, itself under the watchdog */
static DWORD WINAPI v2_probe_thread(void *param)
{
    RTM_ENTITY_INFO info;
    RTM_REGN_PROFILE profile;
    RTM_ENTITY_HANDLE entity;
    DWORD *result = param;

    memset(&info, 0, sizeof(info));
    info.AddressFamily = AF_INET;
    info.EntityId.EntityProtocolId = PROTO_V2 + 0xff;
    if (!(*result = RtmRegisterEntity(&info, NULL, NULL, FALSE, &profile, &entity)))
        *result = RtmDeregisterEntity(entity);
    return 0;
}

/* ---- the listener: a client that follows every best-route change ---------- */

#define VIEW_SIZE 4096

struct listener
{
    HANDLE client, event, stop;
    DWORD  nets[VIEW_SIZE];             /* open addressing on the network number */
    BOOL   present[VIEW_SIZE];
    LONG   messages, errors;
    DWORD  first_error;
};

static BOOL *view_slot(struct listener *l, DWORD net)
{
    unsigned int i = (net * 2654435761u) % VIEW_SIZE;

    while (l->nets[i] && l->nets[i] != net) i = (i + 1) % VIEW_SIZE;
    l->nets[i] = net;
    return &l->present[i];
}

static BOOL listener_dequeue(struct listener *l)
{
    RTM_IP_ROUTE cur, prev;
    DWORD ret, flags;

    ret = RtmDequeueRouteChangeMessage(l->client, &flags, &cur, &prev);
    if (ret == ERROR_NO_MESSAGES) return FALSE;
    if (ret != NO_ERROR && ret != ERROR_MORE_MESSAGES)
    {
        if (!l->errors++) l->first_error = ret;
        return FALSE;
    }
    l->messages++;
    if (flags & RTM_CURRENT_BEST_ROUTE) *view_slot(l, cur.RR_Network.N_NetNumber) = TRUE;
    else if (flags == RTM_PREVIOUS_BEST_ROUTE) *view_slot(l, prev.RR_Network.N_NetNumber) = FALSE;
    else if (!l->errors++) l->first_error = flags;
    return ret == ERROR_MORE_MESSAGES;
}

static DWORD WINAPI listener_thread(void *param)
{
    struct listener *l = param;
    HANDLE objects[2] = { l->stop, l->event };

    while (WaitForMultipleObjects(2, objects, FALSE, INFINITE) == WAIT_OBJECT_0 + 1)
        while (listener_dequeue(l));
    return 0;
}

/* ---- checks ----------------------------------------------------------------- */

/* the best routes of the IP table, by enumeration, checked against the count
 * and against what the listener saw */
static void check_ip_table(struct listener *l, unsigned int expected)
{
    RTM_IP_ROUTE route, best;
    unsigned int seen = 0, i, shown = 0;
    HANDLE handle;
    ULONG count;
    DWORD ret;

    count = RtmGetNetworkCount(RTM_PROTOCOL_FAMILY_IP);
    ok(count == expected, "RtmGetNetworkCount: %lu networks, expected %u\n", count, expected);

    handle = RtmCreateEnumerationHandle(RTM_PROTOCOL_FAMILY_IP, RTM_ONLY_BEST_ROUTES, NULL);
    ok(handle != NULL, "RtmCreateEnumerationHandle failed, error %lu\n", GetLastError());
    while (handle && !(ret = RtmEnumerateGetNextRoute(handle, &route)))
    {
        seen++;
        ok(RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &route.RR_Network, &best),
           "enumerated network %08lx is not a route\n", route.RR_Network.N_NetNumber);
        if (!*view_slot(l, route.RR_Network.N_NetNumber) && shown++ < 5)
            ok(0, "the listener was never told about network %08lx\n", route.RR_Network.N_NetNumber);
    }
    if (handle)
    {
        ok(ret == ERROR_NO_MORE_ROUTES, "RtmEnumerateGetNextRoute returned %lu\n", ret);
        RtmCloseEnumerationHandle(handle);
    }
    ok(seen == count, "enumerated %u best routes, RtmGetNetworkCount says %lu\n", seen, count);

    /* every network the listener believes present must be in the table */
    for (i = 0, shown = 0; i < VIEW_SIZE; i++)
    {
        IP_NETWORK net;

        if (!l->nets[i] || !l->present[i]) continue;
        net.N_NetNumber = l->nets[i];
        net.N_NetMask = MASK24;
        if (!RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &net, &route) && shown++ < 5)
            ok(0, "the listener missed the deletion of network %08lx\n", l->nets[i]);
    }
    ok(!shown, "%u networks wrongly present in the listener's view\n", shown);

    /* GetFirst/GetNext sees the same networks */
    seen = 0;
    ret = RtmGetFirstRoute(RTM_PROTOCOL_FAMILY_IP, RTM_ONLY_BEST_ROUTES, &route);
    while (!ret)
    {
        seen++;
        ret = RtmGetNextRoute(RTM_PROTOCOL_FAMILY_IP, RTM_ONLY_BEST_ROUTES, &route);
    }
    ok(ret == ERROR_NO_ROUTES, "RtmGetNextRoute returned %lu\n", ret);
    ok(seen == count, "RtmGetFirstRoute/RtmGetNextRoute: %u best routes, expected %lu\n", seen, count);
}

static unsigned int count_routes(DWORD family, DWORD flags, void *criteria)
{
    union { RTM_IP_ROUTE ip; RTM_IPX_ROUTE ipx; } route;
    unsigned int count = 0;
    HANDLE handle;

    if (!(handle = RtmCreateEnumerationHandle(family, flags, criteria))) return 0;
    while (!RtmEnumerateGetNextRoute(handle, &route)) count++;
    RtmCloseEnumerationHandle(handle);
    return count;
}

/* waits (a bounded number of short sleeps) until the aging routes are gone */
static unsigned int wait_for_count(DWORD family, unsigned int expected)
{
    unsigned int i;
    ULONG count = 0;

    for (i = 0; i < 60; i++)
    {
        if ((count = RtmGetNetworkCount(family)) == expected) break;
        Sleep(100);
    }
    return count;
}

static SIZE_T pagefile_usage(void)
{
    PROCESS_MEMORY_COUNTERS counters;

    memset(&counters, 0, sizeof(counters));
    counters.cb = sizeof(counters);
    ok(GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof(counters)), "GetProcessMemoryInfo failed\n");
    return counters.PagefileUsage;
}

/* Bytes in the busy blocks of every heap of the process.  A heap with free
 * space (left by an earlier test) takes new blocks without growing the
 * process, which hides a leak from PagefileUsage; this does not. */
static SIZE_T heap_in_use(void)
{
    PROCESS_HEAP_ENTRY entry;
    HANDLE heaps[64];
    SIZE_T total = 0;
    DWORD count, i;

    count = GetProcessHeaps(ARRAY_SIZE(heaps), heaps);
    ok(count && count <= ARRAY_SIZE(heaps), "GetProcessHeaps returned %lu\n", count);
    for (i = 0; i < count && i < ARRAY_SIZE(heaps); i++)
    {
        if (!HeapLock(heaps[i])) continue;
        memset(&entry, 0, sizeof(entry));
        while (HeapWalk(heaps[i], &entry))
            if (entry.wFlags & PROCESS_HEAP_ENTRY_BUSY) total += entry.cbData;
        HeapUnlock(heaps[i]);
    }
    return total;
}

static void v1_cycle(unsigned int i)
{
    RTM_IP_ROUTE route;
    HANDLE client;
    unsigned int k;
    DWORD flags;

    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_MEMORY, NULL, 0);
    if (!client)
    {
        ok(0, "cycle %u: RtmRegisterClient failed, error %lu\n", i, GetLastError());
        return;
    }
    for (k = 0; k < CHURN_ROUTES; k++)
    {
        route = ip_route(IP(10, 250, k, 0), 1, IP(10, 250, 255, 1), 1 + k);
        RtmAddRoute(client, &route, INFINITE, &flags, NULL, NULL);
    }
    RtmDeregisterClient(client);
}

static void mgm_cycle(unsigned int i)
{
    ROUTING_PROTOCOL_CONFIG config;
    HANDLE protocol;
    DWORD ret;

    memset(&config, 0, sizeof(config));
    if ((ret = MgmRegisterMProtocol(&config, PROTO_MGM + 0x100, 0, &protocol)))
    {
        ok(0, "cycle %u: MgmRegisterMProtocol returned %lu\n", i, ret);
        return;
    }
    MgmTakeInterfaceOwnership(protocol, 2000, 0);
    MgmAddGroupMembershipEntry(protocol, 0, 0, IP(224, 4, 0, 1), 0xffffffff, 2000, 0, MGM_JOIN_STATE_FLAG);
    MgmAddGroupMembershipEntry(protocol, IP(10, 4, 0, 1), 0xffffffff, IP(224, 4, 0, 2), 0xffffffff, 2000, 0,
                               MGM_JOIN_STATE_FLAG);
    MgmReleaseInterfaceOwnership(protocol, 2000, 0);
    MgmDeRegisterMProtocol(protocol);
}

/* The meter must be able to see a leak of one small block per cycle, or a
 * clean result would mean nothing: leak that much on purpose once. */
static BOOL memory_meter_works(void)
{
    SIZE_T before, after;
    void **blocks;
    unsigned int i;

    blocks = malloc(MEMORY_CYCLES * sizeof(*blocks));
    before = heap_in_use();
    for (i = 0; i < MEMORY_CYCLES; i++) memset(blocks[i] = malloc(32), 0x55, 32);
    after = heap_in_use();
    for (i = 0; i < MEMORY_CYCLES; i++) free(blocks[i]);
    free(blocks);
    trace("calibration: %u leaked 32-byte blocks: heap bytes in use %Iu -> %Iu\n", MEMORY_CYCLES, before, after);
    return after > before + MEMORY_SLACK;
}

/* Both meters: the heaps' busy bytes (exact, whatever free space the heaps
 * have) and PagefileUsage (memory outside the heaps, such as handle tables). */
static void test_memory(const char *what, unsigned int items, void (*cycle)(unsigned int))
{
    SIZE_T heap_before, heap_after, before, after;
    unsigned int i;

    for (i = 0; i < MEMORY_WARMUP; i++) cycle(i);
    heap_before = heap_in_use();
    before = pagefile_usage();
    for (i = 0; i < MEMORY_CYCLES; i++) cycle(i);
    heap_after = heap_in_use();
    after = pagefile_usage();
    trace("%s: %u register/deregister cycles (%u routes or memberships each): heap bytes in use %Iu -> %Iu (%+Id), "
          "PagefileUsage %Iu -> %Iu bytes (%+Id)\n", what, MEMORY_CYCLES, items, heap_before, heap_after,
          (SSIZE_T)(heap_after - heap_before), before, after, (SSIZE_T)(after - before));
    ok(heap_after <= heap_before + MEMORY_SLACK, "%s: heap use grew by %Iu bytes over %u cycles (slack %u)\n",
       what, heap_after - heap_before, MEMORY_CYCLES, MEMORY_SLACK);
    ok(after <= before + MEMORY_SLACK, "%s: memory grew by %Iu bytes over %u cycles (slack %u)\n",
       what, after - before, MEMORY_CYCLES, MEMORY_SLACK);
}

static void add_worker(enum worker_kind kind, unsigned int index)
{
    struct worker *w = &workers[worker_count++];

    w->kind = kind;
    w->index = index;
    if (kind == WORKER_IP || kind == WORKER_IPX)
    {
        DWORD family = kind == WORKER_IP ? RTM_PROTOCOL_FAMILY_IP : RTM_PROTOCOL_FAMILY_IPX;
        DWORD protocol = PROTO_BASE + (kind == WORKER_IPX ? 0x100 : 0) + index;

        w->event = CreateEventA(NULL, FALSE, FALSE, NULL);
        w->client = RtmRegisterClient(family, protocol, w->event, 0);
        ok(w->client != NULL, "RtmRegisterClient(%lu, %#lx) failed, error %lu\n", family, protocol, GetLastError());
    }
}

static void test_stress(void)
{
    static const char *kind_names[] = { "IP", "IPX", "MGM", "race", "reader", "RTMv2" };
    HANDLE threads[MAX_WORKERS], listener_handle;
    struct listener *l;
    RTM_IP_ROUTE criteria;
    DWORD start, elapsed, ret;
    unsigned int i, expected, n;
    LONG operations = 0;

    /* RTMv2 joins in only once it works */
    threads[0] = CreateThread(NULL, 0, v2_probe_thread, &ret, 0, NULL);
    wait_guarded(threads, 1);
    CloseHandle(threads[0]);
    if (ret == ERROR_CALL_NOT_IMPLEMENTED) skip("RTMv2 is not implemented: no RTMv2 workers\n");
    else
    {
        ok(!ret, "RtmRegisterEntity/RtmDeregisterEntity returned %lu\n", ret);
        v2_works = !ret;
    }

    l = calloc(1, sizeof(*l));
    l->event = CreateEventA(NULL, FALSE, FALSE, NULL);
    l->stop = CreateEventA(NULL, TRUE, FALSE, NULL);
    l->client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_LISTENER, l->event, 0);
    ok(l->client != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
    listener_handle = CreateThread(NULL, 0, listener_thread, l, 0, NULL);

    for (i = 0; i < IP_WORKERS; i++) add_worker(WORKER_IP, i);
    for (i = 0; i < IPX_WORKERS; i++) add_worker(WORKER_IPX, i);
    for (i = 0; i < MGM_WORKERS; i++) add_worker(WORKER_MGM, i);
    for (i = 0; i < RACE_WORKERS; i++) add_worker(WORKER_RACE, i);
    for (i = 0; i < READER_WORKERS; i++) add_worker(WORKER_READER, i);
    for (i = 0; v2_works && i < V2_WORKERS; i++) add_worker(WORKER_V2, i);

    start = GetTickCount();
    for (i = 0; i < worker_count; i++)
        threads[i] = CreateThread(NULL, 0, worker_thread, &workers[i], 0, NULL);
    wait_guarded(threads, worker_count);
    elapsed = GetTickCount() - start;

    for (i = 0; i < worker_count; i++)
    {
        struct worker *w = &workers[i];

        CloseHandle(threads[i]);
        ok(!w->failures, "%s worker %u: %ld unexpected results, the first from %s (%lu)\n",
           kind_names[w->kind], w->index, w->failures, w->first_call, w->first_error);
        operations += w->operations;
        trace("%s worker %u: %ld operations, %ld change messages\n", kind_names[w->kind], w->index,
              w->operations, w->messages);
    }
    trace("%u worker threads, %ld operations in %lu ms\n", worker_count, operations, elapsed);
    ok(!race_overlaps, "two clients held protocol %#x at once %ld times\n", PROTO_RACE, race_overlaps);
    ok(race_wins > 0, "no race worker ever registered\n");
    trace("race: protocol %#x registered %ld times\n", PROTO_RACE, race_wins);

    /* aging routes go by themselves: wait for them (a few seconds at most) */
    expected = IP_WORKERS * FINAL_NETS + SHARED_NETS;
    n = wait_for_count(RTM_PROTOCOL_FAMILY_IP, expected);
    ok(n == expected, "IP: %u networks after aging, expected %u\n", n, expected);
    n = wait_for_count(RTM_PROTOCOL_FAMILY_IPX, IPX_WORKERS * IPX_FINAL_NETS);
    ok(n == IPX_WORKERS * IPX_FINAL_NETS, "IPX: %u networks after aging, expected %u\n", n,
       IPX_WORKERS * IPX_FINAL_NETS);

    /* let the listener catch up, then stop it and take the rest itself */
    SetEvent(l->stop);
    WaitForSingleObject(listener_handle, INFINITE);
    CloseHandle(listener_handle);
    while (listener_dequeue(l));
    ok(!l->errors, "listener: %ld bad messages, first %lu\n", l->errors, l->first_error);
    trace("listener: %ld change messages\n", l->messages);
    check_ip_table(l, expected);

    /* each persistent client has exactly its final routes */
    memset(&criteria, 0, sizeof(criteria));
    for (i = 0; i < worker_count; i++)
    {
        struct worker *w = &workers[i];
        DWORD family = w->kind == WORKER_IP ? RTM_PROTOCOL_FAMILY_IP : RTM_PROTOCOL_FAMILY_IPX;
        unsigned int want = w->kind == WORKER_IP ? FINAL_NETS + SHARED_NETS : IPX_FINAL_NETS;

        if (!w->client) continue;
        criteria.RR_RoutingProtocol = PROTO_BASE + (w->kind == WORKER_IPX ? 0x100 : 0) + w->index;
        n = count_routes(family, RTM_ONLY_THIS_PROTOCOL, &criteria);
        ok(n == want, "%s worker %u: %u routes, expected %u\n", kind_names[w->kind], w->index, n, want);
    }
    /* the short-lived clients left nothing behind */
    for (i = 0; i < IP_WORKERS; i++)
    {
        criteria.RR_RoutingProtocol = PROTO_CHURN + i;
        n = count_routes(RTM_PROTOCOL_FAMILY_IP, RTM_ONLY_THIS_PROTOCOL, &criteria);
        ok(!n, "deregistered churn client %u left %u routes\n", i, n);
    }
    criteria.RR_RoutingProtocol = PROTO_RACE;
    n = count_routes(RTM_PROTOCOL_FAMILY_IP, RTM_ONLY_THIS_PROTOCOL, &criteria);
    ok(!n, "race clients left %u routes\n", n);

    /* and after the persistent clients go, nothing is left at all */
    for (i = 0; i < worker_count; i++)
    {
        if (!workers[i].client) continue;
        ret = RtmDeregisterClient(workers[i].client);
        ok(!ret, "RtmDeregisterClient returned %lu\n", ret);
        CloseHandle(workers[i].event);
    }
    while (listener_dequeue(l));
    n = RtmGetNetworkCount(RTM_PROTOCOL_FAMILY_IP);
    ok(!n, "IP: %u networks left\n", n);
    n = RtmGetNetworkCount(RTM_PROTOCOL_FAMILY_IPX);
    ok(!n, "IPX: %u networks left\n", n);
    for (i = 0, n = 0; i < VIEW_SIZE; i++) if (l->nets[i] && l->present[i]) n++;
    ok(!n, "the listener still believes in %u networks\n", n);
    ret = RtmDeregisterClient(l->client);
    ok(!ret, "RtmDeregisterClient returned %lu\n", ret);
    CloseHandle(l->event);
    CloseHandle(l->stop);
    free(l);

    /* MGM: no interface is owned any more, no MFE is left */
    for (i = 0; i < MGM_WORKERS; i++)
    {
        DWORD id, component, k;

        for (k = 0; k < 4; k++)
        {
            ret = MgmGetProtocolOnInterface(1000 + i * 10 + k, 0, &id, &component);
            ok(ret == ERROR_NOT_FOUND, "interface %lu still owned: %lu\n", 1000 + i * 10 + k, ret);
        }
    }
    {
        BYTE buffer[1024];
        DWORD size = sizeof(buffer), count = 0xdeadbeef;

        ret = MgmGetFirstMfe(&size, buffer, &count);
        ok(ret == ERROR_NO_MORE_ITEMS && !count, "MFEs left: %lu, %lu\n", ret, count);
    }
}

/* Handles looked up while others are closed and their slots reused at once:
 * a live handle always works, a closed one is always ERROR_INVALID_HANDLE,
 * never another client's or a crash. */
#define CHURN_HANDLES 3000

struct handle_churn
{
    HANDLE          event;
    HANDLE volatile current;    /* the churning client, NULL between two */
    HANDLE volatile closed;     /* the last one deregistered */
    LONG            done;
    LONG            failures;
    DWORD           first_error;
};

static DWORD churn_dequeue(HANDLE client)
{
    RTM_IP_ROUTE cur, prev;
    DWORD flags;

    return RtmDequeueRouteChangeMessage(client, &flags, &cur, &prev);
}

static void churn_check(struct handle_churn *churn, BOOL good, DWORD ret)
{
    if (!good && InterlockedIncrement(&churn->failures) == 1) churn->first_error = ret;
}

static DWORD WINAPI handle_churn_reader(void *param)
{
    struct handle_churn *churn = param;
    HANDLE own, seen, stale[16];
    unsigned int nstale = 0, i;
    DWORD ret;

    own = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_CHURN + 0x80, churn->event, 0);
    if (!own)
    {
        InterlockedIncrement(&churn->failures);
        return 0;
    }
    while (!InterlockedCompareExchange(&churn->done, 0, 0))
    {
        ret = churn_dequeue(own);
        churn_check(churn, ret == ERROR_NO_MESSAGES, ret);
        /* the current client may be closed under us: either answer is right */
        if ((seen = churn->current))
        {
            ret = churn_dequeue(seen);
            churn_check(churn, ret == ERROR_NO_MESSAGES || ret == ERROR_INVALID_HANDLE, ret);
        }
        /* once gone, a client stays gone, whoever has its slot now */
        if ((seen = churn->closed) && (!nstale || stale[(nstale - 1) % ARRAY_SIZE(stale)] != seen))
            stale[nstale++ % ARRAY_SIZE(stale)] = seen;
        for (i = 0; i < min(nstale, ARRAY_SIZE(stale)); i++)
        {
            ret = churn_dequeue(stale[i]);
            churn_check(churn, ret == ERROR_INVALID_HANDLE, ret);
        }
    }
    if (RtmDeregisterClient(own)) InterlockedIncrement(&churn->failures);
    return 0;
}

static void test_handle_churn(void)
{
    struct handle_churn churn;
    HANDLE reader, client;
    unsigned int i;

    memset(&churn, 0, sizeof(churn));
    churn.event = CreateEventA(NULL, FALSE, FALSE, NULL);
    reader = CreateThread(NULL, 0, handle_churn_reader, &churn, 0, NULL);
    for (i = 0; i < CHURN_HANDLES; i++)
    {
        client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_CHURN + 0x81, churn.event, 0);
        ok(client != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
        if (!client) break;
        churn.current = client;
        if (i % 4) SwitchToThread();
        churn.current = NULL;
        ok(!RtmDeregisterClient(client), "RtmDeregisterClient failed\n");
        churn.closed = client;
    }
    InterlockedExchange(&churn.done, 1);
    WaitForSingleObject(reader, INFINITE);
    CloseHandle(reader);
    ok(!churn.failures, "%ld wrong answers, the first %lu\n", churn.failures, churn.first_error);
    CloseHandle(churn.event);
}

/* RtmLookupIPDestination runs without the table lock unless a writer is
 * inside (dlls/rtm/rtmv1.c): lookups racing adds, deletes and
 * deregistrations must still return one whole route of the prefix they
 * matched, and never miss the 10.240/16 that stays throughout. */
struct lookup_churn
{
    LONG  done;
    LONG  lookups, found, wrong, missed;
    DWORD first_addr, first_net, first_mask;
};

static DWORD lookup_mask(unsigned int len)
{
    DWORD host = len ? ~0u << (32 - len) : 0;

    return IP(host >> 24, (host >> 16) & 0xff, (host >> 8) & 0xff, host & 0xff);
}

static RTM_IP_ROUTE lookup_route(DWORD net, unsigned int len, DWORD metric)
{
    RTM_IP_ROUTE route = ip_route(net, len, net ^ LOOKUP_KEY, metric);

    route.RR_Network.N_NetMask = lookup_mask(len);
    return route;
}

static BOOL lookup_answer_ok(DWORD addr, const RTM_IP_ROUTE *route)
{
    DWORD net = route->RR_Network.N_NetNumber, len = route->RR_InterfaceID;

    if (len != 16 && len != 24 && len != 28) return FALSE;
    if (route->RR_Network.N_NetMask != lookup_mask(len) || net != (addr & lookup_mask(len))) return FALSE;
    if (route->RR_NextHopAddress.N_NetNumber != (net ^ LOOKUP_KEY)) return FALSE;
    if (len == 16) return route->RR_RoutingProtocol == PROTO_LOOKUP;
    return route->RR_RoutingProtocol > PROTO_LOOKUP && route->RR_RoutingProtocol <= PROTO_LOOKUP + 4;
}

static DWORD WINAPI lookup_churn_reader(void *param)
{
    struct lookup_churn *churn = param;
    unsigned int state = GetCurrentThreadId(), mine = 0;
    RTM_IP_ROUTE route;
    DWORD addr;

    /* a thousand lookups at least, however late the scheduler starts us */
    while (mine++ < 1000 || !InterlockedCompareExchange(&churn->done, 0, 0))
    {
        state = state * 1664525 + 1013904223;
        addr = IP(10, 240, (state >> 24) & 0x1f, (state >> 16) & 0xff);
        InterlockedIncrement(&churn->lookups);
        if (!RtmLookupIPDestination(addr, &route))
        {
            InterlockedIncrement(&churn->missed);
            continue;
        }
        InterlockedIncrement(&churn->found);
        if (!lookup_answer_ok(addr, &route) && InterlockedIncrement(&churn->wrong) == 1)
        {
            churn->first_addr = addr;
            churn->first_net = route.RR_Network.N_NetNumber;
            churn->first_mask = route.RR_Network.N_NetMask;
        }
    }
    return 0;
}

static void test_lookup_churn(void)
{
    struct lookup_churn churn;
    RTM_IP_ROUTE route, cur, prev;
    HANDLE readers[2], base, client;
    unsigned int round, i, failures = 0;
    DWORD flags, net;

    memset(&churn, 0, sizeof(churn));
    base = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_LOOKUP, NULL, 0);
    ok(base != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
    if (!base) return;
    route = lookup_route(IP(10, 240, 0, 0), 16, 1);
    ok(!RtmAddRoute(base, &route, INFINITE, &flags, &cur, &prev), "RtmAddRoute of 10.240/16 failed\n");
    for (i = 0; i < ARRAY_SIZE(readers); i++) readers[i] = CreateThread(NULL, 0, lookup_churn_reader, &churn, 0, NULL);

    for (round = 0; round < LOOKUP_ROUNDS; round++)
    {
        if (!(client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_LOOKUP + 1 + round % 4, NULL, 0)))
        {
            failures++;
            break;
        }
        /* /24s and /28s over 10.240.0-31, a different part every round */
        for (i = 0; i < LOOKUP_ROUTES; i++)
        {
            net = IP(10, 240, (round * 7 + i / 2) % 32, i & 1 ? ((round + i) % 16) * 16 : 0);
            route = lookup_route(net, i & 1 ? 28 : 24, 2 + round % 8);
            if (RtmAddRoute(client, &route, INFINITE, &flags, &cur, &prev)) failures++;
        }
        /* every other round deletes its routes one by one first */
        for (i = 0; round & 1 && i < LOOKUP_ROUTES; i++)
        {
            net = IP(10, 240, (round * 7 + i / 2) % 32, i & 1 ? ((round + i) % 16) * 16 : 0);
            route = lookup_route(net, i & 1 ? 28 : 24, 2 + round % 8);
            if (RtmDeleteRoute(client, &route, &flags, &cur)) failures++;
        }
        if (RtmDeregisterClient(client)) failures++;
    }

    InterlockedExchange(&churn.done, 1);
    WaitForMultipleObjects(ARRAY_SIZE(readers), readers, TRUE, INFINITE);
    for (i = 0; i < ARRAY_SIZE(readers); i++) CloseHandle(readers[i]);
    ok(!failures, "%u calls of the writer failed\n", failures);
    ok(churn.found > 0, "no lookup found a route in %ld\n", churn.lookups);
    ok(!churn.missed, "%ld of %ld lookups found nothing under 10.240/16\n", churn.missed, churn.lookups);
    ok(!churn.wrong, "%ld of %ld answers were not a whole route of the matched prefix; the first: %08lx in %08lx/%08lx\n",
       churn.wrong, churn.found, churn.first_addr, churn.first_net, churn.first_mask);
    ok(!RtmDeregisterClient(base), "RtmDeregisterClient failed\n");
}

START_TEST(stress)
{
    test_stress();
    test_handle_churn();
    test_lookup_churn();
    if (!memory_meter_works())
    {
        skip("the heap meter does not show a leak of one block per cycle: no memory checks\n");
        return;
    }
    test_memory("RTM v1", CHURN_ROUTES, v1_cycle);
    test_memory("MGM", 2, mgm_cycle);
}
