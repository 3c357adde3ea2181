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
 * and Win32 layers alike) after the variable changed fail, and the DLL counts
 * the failures it injected in RTM_FAULT_HIT.  For every protocol family,
 * every step of a sequence and every n until the call gets through without
 * reaching the failure, the table is rebuilt up to that step, the call is
 * made with the n-th allocation failing, and the outcome is checked: either
 * the documented error and nothing changed (routes, network count, change
 * messages), or, when the failure was not reached, success.  Two clients
 * watch: one whose queue holds spare messages from earlier dequeues, and one
 * registered just before the call, whose first messages the call must
 * reserve.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "rtm.h"

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

/* the number of change messages queued for a client, emptying its queue */
static unsigned int drain(HANDLE client)
{
    union route cur, prev;
    unsigned int count = 0;
    DWORD ret, flags;

    while ((ret = RtmDequeueRouteChangeMessage(client, &flags, &cur, &prev)) == ERROR_MORE_MESSAGES) count++;
    ok(ret == NO_ERROR || ret == ERROR_NO_MESSAGES, "RtmDequeueRouteChangeMessage returned %lu\n", ret);
    return count + (ret == NO_ERROR);
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

    if (late_watcher) RtmDeregisterClient(late_watcher);
    if (client_b) RtmDeregisterClient(client_b);
    if (client_a) RtmDeregisterClient(client_a);
    late_watcher = client_b = client_a = NULL;
    ok(!RtmDeregisterClient(watcher), "cannot deregister the watcher\n");
    winetest_pop_context();
    return total;
}

START_TEST(faultinject)
{
    unsigned int ip, ipx;
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
    trace("%u failure points in %u steps (IP %u, IPX %u)\n", ip + ipx, 2 * STEP_COUNT, ip, ipx);
    CloseHandle(watcher_event);
    CloseHandle(late_event);
    CloseHandle(event_b);
}
