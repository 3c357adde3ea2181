/*
 * Allocation failures injected into the RTM v1 API (fault-injection DLL only)
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
 * Runs against dlls/rtm/fault64/rtm.dll, built with -DRTM_FAULT_INJECTION:
 * RTM_FAULT_NTH=<serial>:<n> makes the n-th allocation of the DLL (engine
 * and Win32 layers alike) after the variable changed fail (<serial>:<n>:<count>
 * count of them in a row from the n-th on), and the DLL counts
 * the failures it injected in RTM_FAULT_HIT.  For every protocol family,
 * every step of a sequence and every n until the call gets through without
 * reaching the failure, the table is rebuilt up to that step, the call is
 * made with the n-th allocation failing, and the outcome is checked: either
 * the documented error and nothing changed (routes, network count, change
 * messages), or, when the failure was not reached, success.  Two clients
 * watch: one whose queue holds spare messages from earlier dequeues, and one
 * registered just before the call, whose first messages the call must
 * reserve.
 *
 * Two more writers change the tables RTM v1 clients watch.  Aging: a route
 * with the shortest time to live ages out while the n-th allocation fails;
 * it may go late, never silently.  RTMv2, which shares the IPv4 table: each
 * call of an entity's life is swept the same way (after the first
 * registration, which sets the family up, failing at each point with RTM v1
 * changing the shared table in between), checked through RTM v1
 * (routes, lookups, change messages of both watchers) and through RTMv2
 * (destinations, the changed dests of another entity's change notification,
 * the registration events of a third one).  Last, an RTM v1 block delete of
 * four networks runs with every allocation failing from the n-th on: it may
 * stop early, but RTMv2's listener must be told of each dest that changed.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <winsock2.h>
#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "rtm.h"
#include "rtmv2.h"

#include "wine/test.h"

#define IP(a, b, c, d) ((DWORD)(a) | ((DWORD)(b) << 8) | ((DWORD)(c) << 16) | ((DWORD)(d) << 24))

#define PROTO_WATCH 1000
#define PROTO_A     1001
#define PROTO_B     1002
#define PROTO_LATE  1003

#define MAX_ROUTES  16
#define MAX_NTH     500

enum step
{
    STEP_REGISTER,      /* B registers, with a change event */
    STEP_ADD,           /* A adds network 10, a new one */
    STEP_ADD_SECOND,    /* A adds a second, worse route to it */
    STEP_UPDATE,        /* A makes that route best (metric and FSD change) */
    STEP_DELETE,        /* A deletes it again */
    STEP_ADD_B1,        /* B adds network 20 */
    STEP_ADD_B2,        /* B adds network 30 */
    STEP_BLOCK_DELETE,  /* A block-deletes its routes to network 10 */
    STEP_DEREGISTER,    /* B deregisters with its two routes */
    STEP_COUNT
};

static const char * const step_names[STEP_COUNT] =
{
    "RtmRegisterClient", "RtmAddRoute (new network)", "RtmAddRoute (second route)",
    "RtmAddRoute (significant update)", "RtmDeleteRoute", "RtmAddRoute (B, network 20)",
    "RtmAddRoute (B, network 30)", "RtmBlockDeleteRoutes", "RtmDeregisterClient (with routes)",
};

union route
{
    RTM_IP_ROUTE  ip;
    RTM_IPX_ROUTE ipx;
};

struct snapshot
{
    ULONG        networks;
    unsigned int count;
    union route  routes[MAX_ROUTES];
};

static DWORD family;
static const char *family_name;
static HANDLE watcher, watcher_event, late_watcher, late_event, client_a, client_b, event_b;
static unsigned int fault_serial;

/* a route to network 10, 20 or 30 of the current family */
static union route make_route(BYTE net, DWORD iface, BYTE next_hop, DWORD metric)
{
    union route route;

    memset(&route, 0, sizeof(route));
    if (family == RTM_PROTOCOL_FAMILY_IP)
    {
        route.ip.RR_InterfaceID = iface;
        route.ip.RR_Network.N_NetNumber = IP(net, 0, 0, 0);
        route.ip.RR_Network.N_NetMask = IP(255, 0, 0, 0);
        route.ip.RR_NextHopAddress.N_NetNumber = IP(192, 168, 0, next_hop);
        route.ip.RR_NextHopAddress.N_NetMask = 0xffffffff;
        route.ip.RR_FamilySpecificData.FSD_Type = 4;
        route.ip.RR_FamilySpecificData.FSD_Priority = 1;
        route.ip.RR_FamilySpecificData.FSD_Metric = metric;
        route.ip.RR_FamilySpecificData.FSD_Metric1 = metric;
        ClearRouteFlags(&route.ip);
        SetRouteValid(&route.ip);
    }
    else
    {
        route.ipx.RR_InterfaceID = iface;
        route.ipx.RR_Network.N_NetNumber = net;
        route.ipx.RR_NextHopAddress.NHA_Mac[5] = next_hop;
        route.ipx.RR_FamilySpecificData.FSD_TickCount = metric;
        route.ipx.RR_FamilySpecificData.FSD_HopCount = 1;
    }
    return route;
}

static DWORD route_protocol(const union route *route)
{
    return family == RTM_PROTOCOL_FAMILY_IP ? route->ip.RR_RoutingProtocol : route->ipx.RR_RoutingProtocol;
}

static void fault_arm(unsigned int nth)
{
    char value[32];

    sprintf(value, "%u:%u", ++fault_serial, nth);
    SetEnvironmentVariableA("RTM_FAULT_NTH", value);
}

/* the nth allocation and the count - 1 after it fail */
static void fault_arm_run(unsigned int nth, unsigned int count)
{
    char value[48];

    sprintf(value, "%u:%u:%u", ++fault_serial, nth, count);
    SetEnvironmentVariableA("RTM_FAULT_NTH", value);
}

static void fault_disarm(void)
{
    SetEnvironmentVariableA("RTM_FAULT_NTH", NULL);
}

static unsigned long fault_hits(void)
{
    char value[32];

    if (!GetEnvironmentVariableA("RTM_FAULT_HIT", value, sizeof(value))) return 0;
    return strtoul(value, NULL, 10);
}

/* the number of change messages queued for a client, emptying its queue;
 * the flags and route of the first max of them go to flags and routes */
static unsigned int drain_messages(HANDLE client, DWORD *flags, union route *routes, unsigned int max)
{
    union route cur, prev;
    unsigned int count = 0;
    DWORD ret, got;

    for (;;)
    {
        ret = RtmDequeueRouteChangeMessage(client, &got, &cur, &prev);
        if (ret != NO_ERROR && ret != ERROR_MORE_MESSAGES) break;
        if (count < max)
        {
            flags[count] = got;
            routes[count] = got & RTM_CURRENT_BEST_ROUTE ? cur : prev;
        }
        count++;
        if (ret == NO_ERROR) return count;
    }
    ok(ret == ERROR_NO_MESSAGES, "RtmDequeueRouteChangeMessage returned %lu\n", ret);
    return count;
}

static unsigned int drain(HANDLE client)
{
    return drain_messages(client, NULL, NULL, 0);
}

static void take_snapshot(struct snapshot *snap)
{
    union route route;
    DWORD ret;

    memset(snap, 0, sizeof(*snap));
    snap->networks = RtmGetNetworkCount(family);
    memset(&route, 0, sizeof(route));
    for (ret = RtmGetFirstRoute(family, 0, &route); !ret; ret = RtmGetNextRoute(family, 0, &route))
    {
        if (snap->count == MAX_ROUTES) break;
        snap->routes[snap->count++] = route;
    }
}

static BOOL same_snapshot(const struct snapshot *a, const struct snapshot *b)
{
    return a->networks == b->networks && a->count == b->count &&
           !memcmp(a->routes, b->routes, a->count * sizeof(a->routes[0]));
}

static unsigned int count_protocol(const struct snapshot *snap, DWORD protocol)
{
    unsigned int i, count = 0;

    for (i = 0; i < snap->count; i++) count += route_protocol(&snap->routes[i]) == protocol;
    return count;
}

/* makes the call of a step; client_b follows (de)registration */
static DWORD run_step(enum step step)
{
    union route route, cur, prev;
    DWORD flags, ret;
    HANDLE handle;

    switch (step)
    {
    case STEP_REGISTER:
        SetLastError(0xdeadbeef);
        if (!(handle = RtmRegisterClient(family, PROTO_B, event_b, 0))) return GetLastError();
        client_b = handle;
        return NO_ERROR;
    case STEP_ADD:
        route = make_route(10, 1, 1, 5);
        return RtmAddRoute(client_a, &route, INFINITE, &flags, &cur, &prev);
    case STEP_ADD_SECOND:
        route = make_route(10, 2, 2, 10);
        return RtmAddRoute(client_a, &route, INFINITE, &flags, &cur, &prev);
    case STEP_UPDATE:
        route = make_route(10, 2, 2, 1);
        return RtmAddRoute(client_a, &route, INFINITE, &flags, &cur, &prev);
    case STEP_DELETE:
        route = make_route(10, 2, 2, 1);
        return RtmDeleteRoute(client_a, &route, &flags, &cur);
    case STEP_ADD_B1:
        route = make_route(20, 3, 3, 5);
        return RtmAddRoute(client_b, &route, INFINITE, &flags, &cur, &prev);
    case STEP_ADD_B2:
        route = make_route(30, 3, 3, 5);
        return RtmAddRoute(client_b, &route, INFINITE, &flags, &cur, &prev);
    case STEP_BLOCK_DELETE:
        route = make_route(10, 0, 0, 0);
        return RtmBlockDeleteRoutes(client_a, RTM_ONLY_THIS_NETWORK, &route);
    case STEP_DEREGISTER:
        if (!(ret = RtmDeregisterClient(client_b))) client_b = NULL;
        return ret;
    default:
        return ERROR_INVALID_PARAMETER;
    }
}

/* an empty table with clients A and watcher, then the steps before step,
 * then a new watcher with no spare messages yet */
static void rebuild(enum step step)
{
    enum step i;
    DWORD ret;

    if (late_watcher) ok(!RtmDeregisterClient(late_watcher), "cannot deregister the late watcher\n");
    if (client_b) ok(!RtmDeregisterClient(client_b), "cannot deregister B\n");
    if (client_a) ok(!RtmDeregisterClient(client_a), "cannot deregister A\n");
    late_watcher = client_b = NULL;
    client_a = RtmRegisterClient(family, PROTO_A, NULL, 0);
    ok(client_a != NULL, "cannot register A, error %lu\n", GetLastError());
    for (i = 0; i < step; i++)
    {
        ret = run_step(i);
        ok(!ret, "%s failed with no failure injected: %lu\n", step_names[i], ret);
    }
    drain(watcher);
    if (client_b) drain(client_b);
    late_watcher = RtmRegisterClient(family, PROTO_LATE, late_event, 0);
    ok(late_watcher != NULL, "cannot register the late watcher, error %lu\n", GetLastError());
    WaitForSingleObject(watcher_event, 0);
    WaitForSingleObject(late_event, 0);
}

/* returns TRUE once the call got through without reaching the failure */
static BOOL try_failure(enum step step, unsigned int nth)
{
    struct snapshot before, after;
    unsigned long hits;
    HANDLE old_b;
    DWORD ret;

    rebuild(step);
    take_snapshot(&before);
    old_b = client_b;
    hits = fault_hits();
    fault_arm(nth);
    ret = run_step(step);
    fault_disarm();
    take_snapshot(&after);

    if (fault_hits() == hits)
    {
        ok(!ret, "%s: no failure injected, got %lu\n", step_names[step], ret);
        return TRUE;
    }

    if (step == STEP_DEREGISTER && !ret)
    {
        /* a deregistration that started goes through, losing no message */
        unsigned int messages = drain(watcher), late_messages = drain(late_watcher);

        ok(!count_protocol(&after, PROTO_B), "%s, allocation %u: %u routes of B left\n",
           step_names[step], nth, count_protocol(&after, PROTO_B));
        ok(after.networks == before.networks - 2, "%s, allocation %u: %lu networks\n",
           step_names[step], nth, after.networks);
        ok(messages == 2, "%s, allocation %u: watcher got %u messages for 2 networks gone\n",
           step_names[step], nth, messages);
        ok(late_messages == 2, "%s, allocation %u: late watcher got %u messages for 2 networks gone\n",
           step_names[step], nth, late_messages);
        return FALSE;
    }

    ok(ret != NO_ERROR, "%s, allocation %u: failure injected, but the call succeeded\n", step_names[step], nth);
    if (step == STEP_DEREGISTER)
        ok(ret == ERROR_NO_SYSTEM_RESOURCES, "%s, allocation %u: got %lu\n", step_names[step], nth, ret);
    else
        ok(ret == ERROR_NOT_ENOUGH_MEMORY || (step == STEP_REGISTER && ret == ERROR_NO_SYSTEM_RESOURCES),
           "%s, allocation %u: got %lu\n", step_names[step], nth, ret);
    ok(same_snapshot(&before, &after), "%s, allocation %u: table changed (%lu -> %lu networks, %u -> %u routes)\n",
       step_names[step], nth, before.networks, after.networks, before.count, after.count);
    ok(WaitForSingleObject(watcher_event, 0) == WAIT_TIMEOUT, "%s, allocation %u: watcher event set\n",
       step_names[step], nth);
    ok(WaitForSingleObject(late_event, 0) == WAIT_TIMEOUT, "%s, allocation %u: late watcher event set\n",
       step_names[step], nth);
    ok(!drain(watcher), "%s, allocation %u: watcher got a change message\n", step_names[step], nth);
    ok(!drain(late_watcher), "%s, allocation %u: late watcher got a change message\n", step_names[step], nth);
    ok(client_b == old_b, "%s, allocation %u: client B changed\n", step_names[step], nth);
    return FALSE;
}

/* A route of A with the shortest time to live ages out while the n-th
 * allocation fails, with the late watcher registered after the add (no
 * spare).  The allocation is the aging thread's: this thread only waits.
 * Aging may go a second later for want of memory, but the route must go,
 * and each watcher must get exactly one message for it.  Returns TRUE once
 * the route aged out without reaching the failure. */
static BOOL try_aging(unsigned int nth)
{
    union route route, cur, prev, got[2];
    struct snapshot before, after;
    unsigned int i, messages, late_messages;
    unsigned long hits;
    DWORD flags[2], ret;
    BOOL reached;

    rebuild(0);
    route = make_route(40, 4, 4, 5);
    ret = RtmAddRoute(client_a, &route, 1, flags, &cur, &prev);
    ok(!ret, "RtmAddRoute with a time to live of 1 s failed: %lu\n", ret);
    ok(!RtmDeregisterClient(late_watcher), "cannot deregister the late watcher\n");
    late_watcher = RtmRegisterClient(family, PROTO_LATE, late_event, 0);
    ok(late_watcher != NULL, "cannot register the late watcher, error %lu\n", GetLastError());
    drain(watcher);
    WaitForSingleObject(watcher_event, 0);
    WaitForSingleObject(late_event, 0);
    take_snapshot(&before);

    hits = fault_hits();
    fault_arm(nth);
    /* the route goes in 1 to 2 s, or a second later when aging had to wait
     * for memory; no call into the DLL meanwhile, so that every allocation
     * counted is the aging thread's */
    for (i = 0; i < 40; i++) if (!WaitForSingleObject(late_event, 250)) break;
    fault_disarm();
    reached = fault_hits() != hits;

    take_snapshot(&after);
    ok(i < 40, "aging, allocation %u: no change message after 10 s\n", nth);
    ok(after.networks == before.networks - 1 && after.count == before.count - 1,
       "aging, allocation %u: %lu networks, %u routes left\n", nth, after.networks, after.count);
    ok(!RtmIsRoute(family, family == RTM_PROTOCOL_FAMILY_IP ? (void *)&route.ip.RR_Network
                                                            : (void *)&route.ipx.RR_Network, &cur),
       "aging, allocation %u: the route is still there\n", nth);
    messages = drain_messages(watcher, flags, got, 1);
    late_messages = drain_messages(late_watcher, flags + 1, got + 1, 1);
    ok(messages == 1, "aging, allocation %u: watcher got %u messages\n", nth, messages);
    ok(late_messages == 1, "aging, allocation %u: late watcher got %u messages\n", nth, late_messages);
    for (i = 0; i < 2; i++)
        if ((i ? late_messages : messages) == 1)
            ok(flags[i] == RTM_ROUTE_DELETED && route_protocol(&got[i]) == PROTO_A,
               "aging, allocation %u: message %#lx for protocol %lu\n", nth, flags[i], route_protocol(&got[i]));
    return !reached;
}

/* the whole sweep for one protocol family; returns its failure points */
static unsigned int sweep(DWORD id, const char *name)
{
    unsigned int nth, total = 0;
    enum step step;

    family = id;
    family_name = name;
    winetest_push_context("%s", name);
    watcher = RtmRegisterClient(family, PROTO_WATCH, watcher_event, 0);
    ok(watcher != NULL, "cannot register the watcher, error %lu\n", GetLastError());

    /* The engine keeps what it allocates once per table (lookup structures,
     * slot array) even when the call that allocated it fails; one run of the
     * whole sequence first makes every sweep see the same allocations, and
     * gives the watcher spare messages. */
    rebuild(STEP_COUNT);

    for (step = 0; step < STEP_COUNT; step++)
    {
        for (nth = 1; nth <= MAX_NTH; nth++)
            if (try_failure(step, nth)) break;
        ok(nth <= MAX_NTH, "%s still allocates after %u allocations\n", step_names[step], MAX_NTH);
        trace("%s: %u failure points\n", step_names[step], nth - 1);
        total += nth - 1;
    }

    for (nth = 1; nth <= MAX_NTH; nth++)
        if (try_aging(nth)) break;
    ok(nth > 1 && nth <= MAX_NTH, "aging: %u failure points\n", nth - 1);
    trace("aging: %u failure points\n", nth - 1);
    total += nth - 1;

    if (late_watcher) RtmDeregisterClient(late_watcher);
    if (client_b) RtmDeregisterClient(client_b);
    if (client_a) RtmDeregisterClient(client_a);
    late_watcher = client_b = client_a = NULL;
    ok(!RtmDeregisterClient(watcher), "cannot deregister the watcher\n");
    winetest_pop_context();
    return total;
}

/* ---- RTMv2 ------------------------------------------------------------------ */

#define V2_PROTO_OWNER    2000  /* the entity whose calls are swept */
#define V2_PROTO_LISTENER 2001  /* registered for change notification, no callback */
#define V2_PROTO_EVENTS   2002  /* has an event callback: counts (de)registrations */
#define V2_NETS           3
#define V2_MAX_DESTS      8

enum v2_step
{
    V2_REGISTER,        /* the owner registers */
    V2_ADD_NEXTHOP,     /* it adds its next hop */
    V2_ADD_40,          /* it adds a route to network 40, a new dest */
    V2_ADD_50,          /* to network 50 */
    V2_ADD_60,          /* to network 60 */
    V2_UPDATE,          /* RtmAddRouteToDest of the route to 40 with metric 3 */
    V2_LOCK_UPDATE,     /* RtmLockRoute, metric 2 in place, RtmUpdateAndUnlockRoute */
    V2_DELETE,          /* RtmDeleteRouteToDest of the route to 40 */
    V2_DEREGISTER,      /* the owner deregisters with its routes to 50 and 60 */
    V2_STEP_COUNT
};

static const char * const v2_step_names[V2_STEP_COUNT] =
{
    "RtmRegisterEntity", "RtmAddNextHop", "RtmAddRouteToDest (new route, 40)",
    "RtmAddRouteToDest (new route, 50)", "RtmAddRouteToDest (new route, 60)",
    "RtmAddRouteToDest (update)", "RtmLockRoute + RtmUpdateAndUnlockRoute",
    "RtmDeleteRouteToDest", "RtmDeregisterEntity (with routes)",
};

/* what a step that succeeds changes: the networks (count, first one, in the
 * order of v2_nets), one RTM v1 message to each watcher and one changed dest
 * per network, with these flags; the metric the route then has */
static const struct
{
    unsigned int changes, first;
    DWORD        flags;
    ULONG        metric;
} v2_effects[V2_STEP_COUNT] =
{
    { 0 }, { 0 },
    { 1, 0, RTM_ROUTE_ADDED, 5 }, { 1, 1, RTM_ROUTE_ADDED, 5 }, { 1, 2, RTM_ROUTE_ADDED, 5 },
    { 1, 0, RTM_ROUTE_CHANGED, 3 }, { 1, 0, RTM_ROUTE_CHANGED, 2 },
    { 1, 0, RTM_ROUTE_DELETED }, { 2, 1, RTM_ROUTE_DELETED },
};

static const BYTE v2_nets[V2_NETS] = { 40, 50, 60 };

union dest_buffer
{
    RTM_DEST_INFO info;
    BYTE bytes[RTM_SIZE_OF_DEST_INFO(2)];
};

/* the table as RTM v1 and RTMv2 see it */
struct v2_snapshot
{
    struct snapshot   v1;
    BOOL              is_route[V2_NETS], found[V2_NETS];
    RTM_IP_ROUTE      best[V2_NETS], lookup[V2_NETS];
    DWORD             dest_ret[V2_NETS];
    union dest_buffer dest[V2_NETS];
    ULONG             metric[V2_NETS];      /* RtmGetRouteInfo of the best route */
    UINT              entities;
    DWORD             hop;                  /* RtmFindNextHop */
};

static RTM_ENTITY_HANDLE v2_owner, v2_listener, v2_events;
static RTM_NOTIFY_HANDLE v2_notify;
static RTM_NEXTHOP_HANDLE v2_hop;
static RTM_ROUTE_HANDLE v2_routes[V2_NETS];
static LONG v2_registered, v2_deregistered;

static DWORD WINAPI entity_events(RTM_ENTITY_HANDLE handle, RTM_EVENT_TYPE type, void *context1, void *context2)
{
    if (type == RTM_ENTITY_REGISTERED) InterlockedIncrement(&v2_registered);
    else if (type == RTM_ENTITY_DEREGISTERED) InterlockedIncrement(&v2_deregistered);
    return NO_ERROR;
}

static DWORD v2_register(ULONG protocol, RTM_EVENT_CALLBACK callback, RTM_ENTITY_HANDLE *handle)
{
    RTM_REGN_PROFILE profile;
    RTM_ENTITY_INFO info;

    memset(&info, 0, sizeof(info));
    info.AddressFamily = AF_INET;
    info.EntityId.EntityProtocolId = protocol;
    info.EntityId.EntityInstanceId = 1;
    return RtmRegisterEntity(&info, NULL, callback, FALSE, &profile, handle);
}

static void v2_hop_info(RTM_NEXTHOP_INFO *info)
{
    memset(info, 0, sizeof(*info));
    RTM_IPV4_MAKE_NET_ADDRESS(&info->NextHopAddress, IP(192, 168, 1, 1), 32);
    info->InterfaceIndex = 4;
}

static void v2_route_info(RTM_ROUTE_INFO *info, ULONG metric)
{
    memset(info, 0, sizeof(*info));
    info->Neighbour = v2_hop;
    info->PrefInfo.Preference = 10;
    info->PrefInfo.Metric = metric;
    info->BelongsToViews = RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST;
    info->NextHopsList.NumNextHops = 1;
    info->NextHopsList.NextHops[0] = v2_hop;
}

/* makes the call of a step; v2_owner, v2_hop and v2_routes follow */
static DWORD run_v2_step(enum v2_step step)
{
    RTM_ROUTE_CHANGE_FLAGS flags = 0;
    RTM_NEXTHOP_HANDLE hop = NULL;
    RTM_ROUTE_HANDLE route = NULL;
    RTM_ENTITY_HANDLE entity;
    RTM_NEXTHOP_INFO hop_info;
    RTM_ROUTE_INFO info, *pointer;
    RTM_NET_ADDRESS addr;
    unsigned int i;
    DWORD ret;

    switch (step)
    {
    case V2_REGISTER:
        if (!(ret = v2_register(V2_PROTO_OWNER, NULL, &entity))) v2_owner = entity;
        return ret;
    case V2_ADD_NEXTHOP:
        v2_hop_info(&hop_info);
        if (!(ret = RtmAddNextHop(v2_owner, &hop_info, &hop, &flags))) v2_hop = hop;
        return ret;
    case V2_ADD_40:
    case V2_ADD_50:
    case V2_ADD_60:
        i = step - V2_ADD_40;
        v2_route_info(&info, 5);
        RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(v2_nets[i], 0, 0, 0), 8);
        if (!(ret = RtmAddRouteToDest(v2_owner, &route, &addr, &info, INFINITE, NULL, 0, NULL, &flags)))
            v2_routes[i] = route;
        return ret;
    case V2_UPDATE:
        v2_route_info(&info, 3);
        route = v2_routes[0];
        RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(v2_nets[0], 0, 0, 0), 8);
        return RtmAddRouteToDest(v2_owner, &route, &addr, &info, INFINITE, NULL, 0, NULL, &flags);
    case V2_LOCK_UPDATE:
        if ((ret = RtmLockRoute(v2_owner, v2_routes[0], TRUE, TRUE, &pointer))) return ret;
        pointer->PrefInfo.Metric = 2;
        /* a failed update leaves the route locked (the page's remarks) */
        if ((ret = RtmUpdateAndUnlockRoute(v2_owner, v2_routes[0], INFINITE, NULL, 0, NULL, &flags)))
            ok(!RtmLockRoute(v2_owner, v2_routes[0], TRUE, FALSE, NULL), "unlock after the failed update\n");
        return ret;
    case V2_DELETE:
        /* the call releases the handle, as documented */
        if (!(ret = RtmDeleteRouteToDest(v2_owner, v2_routes[0], &flags))) v2_routes[0] = NULL;
        return ret;
    case V2_DEREGISTER:
        if (!(ret = RtmDeregisterEntity(v2_owner))) v2_owner = NULL;
        return ret;
    default:
        return ERROR_INVALID_PARAMETER;
    }
}

static void v2_release_handles(void)
{
    unsigned int i;

    for (i = 0; i < V2_NETS; i++)
    {
        if (v2_routes[i]) ok(!RtmReleaseRoutes(v2_owner, 1, &v2_routes[i]), "cannot release a route\n");
        v2_routes[i] = NULL;
    }
    if (v2_hop) ok(!RtmReleaseNextHops(v2_owner, 1, &v2_hop), "cannot release the next hop\n");
    v2_hop = NULL;
}

/* the number of dests reported changed to the listener, emptying its list;
 * the first octets of the first max of them go to nets */
static unsigned int v2_changed_dests(BYTE *nets, unsigned int max)
{
    BYTE buffer[V2_MAX_DESTS * RTM_SIZE_OF_DEST_INFO(2)];
    unsigned int count = 0, i;
    RTM_DEST_INFO *info;
    DWORD ret;
    UINT num;

    do
    {
        num = V2_MAX_DESTS;
        ret = RtmGetChangedDests(v2_listener, v2_notify, &num, (RTM_DEST_INFO *)buffer);
        for (i = 0; i < num; i++, count++)
        {
            info = (RTM_DEST_INFO *)(buffer + i * RTM_SIZE_OF_DEST_INFO(2));
            if (count < max) nets[count] = info->DestAddress.AddrBits[0];
        }
        if (num) ok(!RtmReleaseChangedDests(v2_listener, v2_notify, num, (RTM_DEST_INFO *)buffer),
                    "RtmReleaseChangedDests failed\n");
    } while (!ret && num);
    ok(ret == NO_ERROR || ret == ERROR_NO_MORE_ITEMS, "RtmGetChangedDests returned %lu\n", ret);
    return count;
}

static void v2_take_snapshot(struct v2_snapshot *snap)
{
    RTM_ENTITY_HANDLE handles[8];
    RTM_ENTITY_INFO infos[8];
    RTM_NEXTHOP_INFO hop_info;
    RTM_ROUTE_INFO route_info;
    RTM_NET_ADDRESS addr;
    IP_NETWORK network;
    unsigned int i;

    memset(snap, 0, sizeof(*snap));
    take_snapshot(&snap->v1);
    for (i = 0; i < V2_NETS; i++)
    {
        network.N_NetNumber = IP(v2_nets[i], 0, 0, 0);
        network.N_NetMask = IP(255, 0, 0, 0);
        snap->is_route[i] = RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &network, &snap->best[i]);
        snap->found[i] = RtmLookupIPDestination(IP(v2_nets[i], 1, 2, 3), &snap->lookup[i]);
        RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(v2_nets[i], 0, 0, 0), 8);
        snap->dest_ret[i] = RtmGetExactMatchDestination(v2_listener, &addr, RTM_BEST_PROTOCOL,
                                                        RTM_VIEW_MASK_UCAST, &snap->dest[i].info);
        if (snap->dest_ret[i]) continue;
        if (!RtmGetRouteInfo(v2_listener, snap->dest[i].info.ViewInfo[0].Route, &route_info, NULL))
        {
            snap->metric[i] = route_info.PrefInfo.Metric;
            RtmReleaseRouteInfo(v2_listener, &route_info);
        }
        RtmReleaseDestInfo(v2_listener, &snap->dest[i].info);
        /* a dest handle lives as long as its references: the value may change */
        snap->dest[i].info.DestHandle = NULL;
    }
    snap->entities = ARRAY_SIZE(handles);
    ok(!RtmGetRegisteredEntities(v2_listener, &snap->entities, handles, infos), "RtmGetRegisteredEntities failed\n");
    RtmReleaseEntities(v2_listener, min(snap->entities, ARRAY_SIZE(handles)), handles);
    snap->hop = ERROR_INVALID_HANDLE;
    v2_hop_info(&hop_info);
    if (v2_owner) snap->hop = RtmFindNextHop(v2_owner, &hop_info, NULL, NULL);
}

/* a route info changed in place by the client is not undone by a failing
 * RtmUpdateAndUnlockRoute: only the table must be as before */
static BOOL v2_same_snapshot(const struct v2_snapshot *a, const struct v2_snapshot *b, enum v2_step step)
{
    unsigned int i;

    if (!same_snapshot(&a->v1, &b->v1) || a->entities != b->entities || a->hop != b->hop) return FALSE;
    for (i = 0; i < V2_NETS; i++)
    {
        if (a->is_route[i] != b->is_route[i] || memcmp(&a->best[i], &b->best[i], sizeof(a->best[i])) ||
            a->found[i] != b->found[i] || memcmp(&a->lookup[i], &b->lookup[i], sizeof(a->lookup[i])) ||
            a->dest_ret[i] != b->dest_ret[i] || memcmp(&a->dest[i], &b->dest[i], sizeof(a->dest[i])))
            return FALSE;
        if (step != V2_LOCK_UPDATE && a->metric[i] != b->metric[i]) return FALSE;
    }
    return TRUE;
}

/* an IPv4 table without the owner, then the steps before step, then a new
 * late watcher; the listener and the event entity stay registered */
static void v2_rebuild(enum v2_step step)
{
    enum v2_step i;
    DWORD ret;

    if (late_watcher) ok(!RtmDeregisterClient(late_watcher), "cannot deregister the late watcher\n");
    late_watcher = NULL;
    if (v2_owner)
    {
        v2_release_handles();
        ok(!RtmDeregisterEntity(v2_owner), "cannot deregister the owner\n");
        v2_owner = NULL;
    }
    for (i = 0; i < step; i++)
    {
        ret = run_v2_step(i);
        ok(!ret, "%s failed with no failure injected: %lu\n", v2_step_names[i], ret);
    }
    /* the owner deregisters with routes, not with handles of its own */
    if (step == V2_DEREGISTER) v2_release_handles();
    drain(watcher);
    v2_changed_dests(NULL, 0);
    v2_registered = v2_deregistered = 0;
    late_watcher = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_LATE, late_event, 0);
    ok(late_watcher != NULL, "cannot register the late watcher, error %lu\n", GetLastError());
    WaitForSingleObject(watcher_event, 0);
    WaitForSingleObject(late_event, 0);
}

/* a call that succeeded, with or without a failure on the way: all of it */
static void v2_check_success(enum v2_step step, unsigned int nth, const struct v2_snapshot *before,
        const struct v2_snapshot *after)
{
    unsigned int changes = v2_effects[step].changes, first = v2_effects[step].first, i, j, count;
    int delta = step == V2_DELETE || step == V2_DEREGISTER ? -(int)changes : step == V2_ADD_40 ||
                step == V2_ADD_50 || step == V2_ADD_60 ? (int)changes : 0;
    const char *name = v2_step_names[step];
    union route routes[4];
    RTM_ROUTE_INFO info;
    HANDLE clients[2];
    DWORD flags[4];
    BYTE nets[4];

    clients[0] = watcher;
    clients[1] = late_watcher;
    for (j = 0; j < 2; j++)
    {
        count = drain_messages(clients[j], flags, routes, ARRAY_SIZE(flags));
        ok(count == changes, "%s, allocation %u: %s got %u messages\n", name, nth,
           j ? "late watcher" : "watcher", count);
        for (i = 0; i < count && i < changes; i++)
        {
            ok(flags[i] == v2_effects[step].flags, "%s, allocation %u: message flags %#lx\n", name, nth, flags[i]);
            /* deregistration removes its routes in no particular order */
            ok(routes[i].ip.RR_Network.N_NetNumber == IP(v2_nets[first + i], 0, 0, 0) ||
               (step == V2_DEREGISTER && routes[i].ip.RR_Network.N_NetNumber == IP(v2_nets[first + 1 - i], 0, 0, 0)),
               "%s, allocation %u: message for network %#lx\n", name, nth, routes[i].ip.RR_Network.N_NetNumber);
            ok(routes[i].ip.RR_RoutingProtocol == V2_PROTO_OWNER, "%s, allocation %u: message for protocol %lu\n",
               name, nth, routes[i].ip.RR_RoutingProtocol);
            if (v2_effects[step].metric)
                ok(routes[i].ip.RR_FamilySpecificData.FSD_Metric == v2_effects[step].metric,
                   "%s, allocation %u: message with metric %lu\n", name, nth,
                   routes[i].ip.RR_FamilySpecificData.FSD_Metric);
        }
    }
    count = v2_changed_dests(nets, ARRAY_SIZE(nets));
    ok(count == changes, "%s, allocation %u: %u changed dests\n", name, nth, count);
    for (i = 0; i < count && i < changes; i++)
        ok(nets[i] == v2_nets[first + i] || (step == V2_DEREGISTER && nets[i] == v2_nets[first + 1 - i]),
           "%s, allocation %u: dest %u changed\n", name, nth, nets[i]);

    ok(after->v1.networks == before->v1.networks + delta, "%s, allocation %u: %lu networks, expected %lu\n",
       name, nth, after->v1.networks, before->v1.networks + delta);
    for (i = first; i < first + changes; i++)
    {
        ok(after->is_route[i] == (delta >= 0), "%s, allocation %u: RtmIsRoute(%u) returned %d\n",
           name, nth, v2_nets[i], after->is_route[i]);
        ok(after->found[i] == (delta >= 0), "%s, allocation %u: RtmLookupIPDestination(%u) returned %d\n",
           name, nth, v2_nets[i], after->found[i]);
        ok(after->dest_ret[i] == (delta >= 0 ? NO_ERROR : ERROR_NOT_FOUND),
           "%s, allocation %u: RtmGetExactMatchDestination(%u) returned %lu\n", name, nth, v2_nets[i],
           after->dest_ret[i]);
        if (v2_effects[step].metric)
        {
            ok(after->best[i].RR_FamilySpecificData.FSD_Metric == v2_effects[step].metric,
               "%s, allocation %u: RTM v1 sees metric %lu\n", name, nth, after->best[i].RR_FamilySpecificData.FSD_Metric);
            ok(after->metric[i] == v2_effects[step].metric, "%s, allocation %u: RTMv2 sees metric %lu\n",
               name, nth, after->metric[i]);
        }
    }
    if (step >= V2_ADD_40 && step <= V2_ADD_60)
    {
        ok(v2_routes[step - V2_ADD_40] != NULL, "%s, allocation %u: no route handle\n", name, nth);
        if (v2_routes[step - V2_ADD_40] && !RtmGetRouteInfo(v2_owner, v2_routes[step - V2_ADD_40], &info, NULL))
        {
            ok(info.DestHandle != NULL, "%s, allocation %u: the route has no dest handle\n", name, nth);
            RtmReleaseRouteInfo(v2_owner, &info);
        }
    }
    if (step == V2_ADD_NEXTHOP)
        ok(after->hop == NO_ERROR && v2_hop, "%s, allocation %u: RtmFindNextHop returned %lu\n", name, nth, after->hop);
    ok(after->entities == before->entities + (step == V2_REGISTER) - (step == V2_DEREGISTER),
       "%s, allocation %u: %u entities\n", name, nth, after->entities);
    ok(v2_registered == (step == V2_REGISTER), "%s, allocation %u: %ld registration events\n",
       name, nth, v2_registered);
    ok(v2_deregistered == (step == V2_DEREGISTER), "%s, allocation %u: %ld deregistration events\n",
       name, nth, v2_deregistered);
}

/* returns TRUE once the call got through without reaching the failure;
 * counts the calls that got through a failure in *absorbed */
static BOOL try_v2_failure(enum v2_step step, unsigned int nth, unsigned int *absorbed)
{
    struct v2_snapshot before, after;
    const char *name = v2_step_names[step];
    RTM_ENTITY_HANDLE old_owner;
    unsigned long hits;
    BOOL reached;
    DWORD ret;

    v2_rebuild(step);
    v2_take_snapshot(&before);
    old_owner = v2_owner;
    hits = fault_hits();
    fault_arm(nth);
    ret = run_v2_step(step);
    fault_disarm();
    reached = fault_hits() != hits;
    v2_take_snapshot(&after);

    if (!reached) ok(!ret, "%s: no failure injected, got %lu\n", name, ret);
    /* RtmDeregisterEntity cannot fail for want of memory: it waits */
    else if (step == V2_DEREGISTER) ok(!ret, "%s, allocation %u: got %lu\n", name, nth, ret);
    if (!ret)
    {
        v2_check_success(step, nth, &before, &after);
        *absorbed += reached;
        return !reached;
    }

    ok(ret == ERROR_NOT_ENOUGH_MEMORY || (step == V2_REGISTER && ret == ERROR_NO_SYSTEM_RESOURCES),
       "%s, allocation %u: got %lu\n", name, nth, ret);
    ok(v2_same_snapshot(&before, &after, step), "%s, allocation %u: table changed (%lu -> %lu networks)\n",
       name, nth, before.v1.networks, after.v1.networks);
    ok(WaitForSingleObject(watcher_event, 0) == WAIT_TIMEOUT, "%s, allocation %u: watcher event set\n", name, nth);
    ok(WaitForSingleObject(late_event, 0) == WAIT_TIMEOUT, "%s, allocation %u: late watcher event set\n", name, nth);
    ok(!drain(watcher), "%s, allocation %u: watcher got a change message\n", name, nth);
    ok(!drain(late_watcher), "%s, allocation %u: late watcher got a change message\n", name, nth);
    ok(!v2_changed_dests(NULL, 0), "%s, allocation %u: a dest was reported changed\n", name, nth);
    ok(!v2_registered && !v2_deregistered, "%s, allocation %u: %ld registration, %ld deregistration events\n",
       name, nth, v2_registered, v2_deregistered);
    ok(v2_owner == old_owner, "%s, allocation %u: the owner changed\n", name, nth);
    return FALSE;
}

/* The first registration of a family sets the family up, which may fail
 * once RTM v1's writers of the table the family shares see it: they reserve
 * RTMv2's spare dest data meanwhile, and the setup tried again must keep
 * them.  Then every change of a dest whose data cannot be allocated, with
 * allocations failing from the nth on, must still reach the listener.
 * Returns the failure points of both. */
static unsigned int sweep_v2_family_setup(void)
{
    union route route, cur, prev;
    unsigned int nth, setup, present;
    unsigned long hits;
    HANDLE client;
    BOOL reached;
    DWORD ret, flags;

    family = RTM_PROTOCOL_FAMILY_IP;
    winetest_push_context("RTMv2 family setup");
    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_A, NULL, 0);
    ok(client != NULL, "cannot register the client, error %lu\n", GetLastError());
    route = make_route(60, 1, 1, 5);
    for (nth = 1; nth <= MAX_NTH; nth++)
    {
        fault_arm(nth);
        ret = v2_register(V2_PROTO_LISTENER, NULL, &v2_listener);
        fault_disarm();
        if (!ret) break;
        ok(ret == ERROR_NOT_ENOUGH_MEMORY, "allocation %u: got %lu\n", nth, ret);
        /* RTM v1 changes the shared table in between */
        ok(!RtmAddRoute(client, &route.ip, INFINITE, &flags, &cur.ip, &prev.ip), "cannot add network 60\n");
        ok(!RtmDeleteRoute(client, &route.ip, &flags, &cur.ip), "cannot delete network 60\n");
    }
    ok(nth <= MAX_NTH, "the registration still allocates after %u allocations\n", MAX_NTH);
    setup = nth - 1;
    ret = RtmRegisterForChangeNotification(v2_listener, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_ALL, NULL, &v2_notify);
    ok(!ret, "RtmRegisterForChangeNotification returned %lu\n", ret);

    for (nth = 1; nth <= MAX_NTH; nth++)
    {
        hits = fault_hits();
        fault_arm_run(nth, 1000);
        ret = RtmAddRoute(client, &route.ip, INFINITE, &flags, &cur.ip, &prev.ip);
        fault_disarm();
        reached = fault_hits() != hits;
        present = RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &route.ip.RR_Network, &cur.ip);
        ok(ret == NO_ERROR || ret == ERROR_NOT_ENOUGH_MEMORY, "allocation %u: got %lu\n", nth, ret);
        ok(v2_changed_dests(NULL, 0) == present, "allocation %u: network 60 %s, not reported\n", nth,
           present ? "added" : "not added");
        if (present)
        {
            ok(!RtmDeleteRoute(client, &route.ip, &flags, &cur.ip), "cannot delete network 60\n");
            ok(v2_changed_dests(NULL, 0) == 1, "allocation %u: the deletion was not reported\n", nth);
        }
        if (!reached) break;
    }
    ok(nth <= MAX_NTH, "RtmAddRoute still allocates after %u allocations\n", MAX_NTH);
    trace("%u failure points of the setup, %u of the add\n", setup, nth - 1);

    ok(!RtmDeregisterFromChangeNotification(v2_listener, v2_notify), "cannot deregister the notification\n");
    ok(!RtmDeregisterEntity(v2_listener), "cannot deregister the listener\n");
    ok(!RtmDeregisterClient(client), "cannot deregister the client\n");
    winetest_pop_context();
    return setup + nth - 1;
}

/* the RTMv2 sweep; returns its failure points */
static unsigned int sweep_v2(void)
{
    unsigned int nth, absorbed, total = 0;
    enum v2_step step;
    DWORD ret;

    family = RTM_PROTOCOL_FAMILY_IP;
    family_name = "RTMv2";
    winetest_push_context("RTMv2");
    watcher = RtmRegisterClient(family, PROTO_WATCH, watcher_event, 0);
    ok(watcher != NULL, "cannot register the watcher, error %lu\n", GetLastError());
    ret = v2_register(V2_PROTO_LISTENER, NULL, &v2_listener);
    ok(!ret, "cannot register the listener: %lu\n", ret);
    ret = v2_register(V2_PROTO_EVENTS, entity_events, &v2_events);
    ok(!ret, "cannot register the event entity: %lu\n", ret);
    ret = RtmRegisterForChangeNotification(v2_listener, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_ALL, NULL, &v2_notify);
    ok(!ret, "RtmRegisterForChangeNotification returned %lu\n", ret);

    /* as for RTM v1: the same allocations on every try, spares for the watcher */
    v2_rebuild(V2_STEP_COUNT);

    for (step = 0; step < V2_STEP_COUNT; step++)
    {
        absorbed = 0;
        for (nth = 1; nth <= MAX_NTH; nth++)
            if (try_v2_failure(step, nth, &absorbed)) break;
        ok(nth <= MAX_NTH, "%s still allocates after %u allocations\n", v2_step_names[step], MAX_NTH);
        trace("%s: %u failure points, %u of them got through\n", v2_step_names[step], nth - 1, absorbed);
        total += nth - 1;
    }

    if (late_watcher) RtmDeregisterClient(late_watcher);
    late_watcher = NULL;
    if (v2_owner)
    {
        v2_release_handles();
        RtmDeregisterEntity(v2_owner);
        v2_owner = NULL;
    }
    ok(!RtmDeregisterFromChangeNotification(v2_listener, v2_notify), "cannot deregister the notification\n");
    ok(!RtmDeregisterEntity(v2_listener), "cannot deregister the listener\n");
    ok(!RtmDeregisterEntity(v2_events), "cannot deregister the event entity\n");
    ok(!RtmDeregisterClient(watcher), "cannot deregister the watcher\n");
    winetest_pop_context();
    return total;
}

/* An RTM v1 block operation changes many dests in one write-lock hold, and
 * RTMv2 marks each for its listeners after the change, with data it may
 * first have to allocate for the dest.  With every allocation failing from
 * the nth on, the call may stop early, but the listener must be told of
 * exactly the dests whose routes went.  Returns the failure points. */
static unsigned int sweep_v2_marks_of_block_delete(void)
{
    static const BYTE nets[] = { 70, 80, 90, 100 };
    unsigned int nth, i, gone, reported;
    union route route, cur, prev;
    unsigned long hits;
    HANDLE client;
    BOOL reached;
    DWORD ret, flags;

    family = RTM_PROTOCOL_FAMILY_IP;
    winetest_push_context("RTMv2 marks of RtmBlockDeleteRoutes");
    ret = v2_register(V2_PROTO_LISTENER, NULL, &v2_listener);
    ok(!ret, "cannot register the listener: %lu\n", ret);
    for (nth = 1; nth <= MAX_NTH; nth++)
    {
        client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_A, NULL, 0);
        ok(client != NULL, "cannot register the client, error %lu\n", GetLastError());
        for (i = 0; i < ARRAY_SIZE(nets); i++)
        {
            route = make_route(nets[i], 1, 1, 5);
            ok(!RtmAddRoute(client, &route, INFINITE, &flags, &cur, &prev), "cannot add network %u\n", nets[i]);
        }
        /* after the routes: their dests have no RTMv2 data yet */
        ret = RtmRegisterForChangeNotification(v2_listener, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_ALL, NULL,
                                               &v2_notify);
        ok(!ret, "RtmRegisterForChangeNotification returned %lu\n", ret);

        hits = fault_hits();
        fault_arm_run(nth, 1000);
        ret = RtmBlockDeleteRoutes(client, 0, NULL);
        fault_disarm();
        reached = fault_hits() != hits;

        for (i = gone = 0; i < ARRAY_SIZE(nets); i++)
        {
            route = make_route(nets[i], 1, 1, 5);
            gone += !RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &route.ip.RR_Network, &cur);
        }
        reported = v2_changed_dests(NULL, 0);
        ok(ret == NO_ERROR || ret == ERROR_NOT_ENOUGH_MEMORY, "allocation %u: got %lu\n", nth, ret);
        ok(ret != NO_ERROR || gone == ARRAY_SIZE(nets), "allocation %u: %u networks gone\n", nth, gone);
        ok(reported == gone, "allocation %u: %u networks gone, %u reported changed\n", nth, gone, reported);

        ok(!RtmDeregisterFromChangeNotification(v2_listener, v2_notify), "cannot deregister the notification\n");
        ok(!RtmDeregisterClient(client), "cannot deregister the client\n");
        if (!reached) break;
    }
    ok(nth <= MAX_NTH, "still allocates after %u allocations\n", MAX_NTH);
    trace("%u failure points\n", nth - 1);
    ok(!RtmDeregisterEntity(v2_listener), "cannot deregister the listener\n");
    winetest_pop_context();
    return nth - 1;
}

START_TEST(faultinject)
{
    unsigned int ip, ipx, setup, v2, marks;
    char value[8];

    /* only the fault-injection build reacts to RTM_FAULT_NTH: with any other
     * DLL the first armed allocation is never reached */
    fault_arm(1);
    client_a = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_A, NULL, 0);
    fault_disarm();
    if (!GetEnvironmentVariableA("RTM_FAULT_HIT", value, sizeof(value)))
    {
        skip("rtm.dll is not a fault-injection build\n");
        if (client_a) RtmDeregisterClient(client_a);
        return;
    }
    ok(!client_a, "RtmRegisterClient succeeded with its first allocation failing\n");
    if (client_a) RtmDeregisterClient(client_a);
    client_a = NULL;

    watcher_event = CreateEventA(NULL, FALSE, FALSE, NULL);
    late_event = CreateEventA(NULL, FALSE, FALSE, NULL);
    event_b = CreateEventA(NULL, FALSE, FALSE, NULL);
    ip = sweep(RTM_PROTOCOL_FAMILY_IP, "IP");
    ipx = sweep(RTM_PROTOCOL_FAMILY_IPX, "IPX");
    setup = sweep_v2_family_setup();
    v2 = sweep_v2();
    marks = sweep_v2_marks_of_block_delete();
    trace("%u failure points in %u steps (IP %u, IPX %u, each with aging; RTMv2 setup %u, RTMv2 %u, "
          "its marks %u)\n", ip + ipx + setup + v2 + marks, 2 * (STEP_COUNT + 1) + V2_STEP_COUNT + 3, ip, ipx,
          setup, v2, marks);
    CloseHandle(watcher_event);
    CloseHandle(late_event);
    CloseHandle(event_b);
}
