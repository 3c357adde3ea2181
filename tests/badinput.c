/*
 * Bad input to every export of rtm.dll
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
 * Every export gets NULL, forged, stale and wrong-type handles, NULL
 * pointers, unknown families and flags, and out-of-range sizes.  Where the
 * documentation names the error code, that code is checked; where it is
 * silent, the call must fail and must not crash.  RTMv2 calls that are still
 * stubs (ERROR_CALL_NOT_IMPLEMENTED) make the exact-code checks todo_wine, so
 * the todos vanish by themselves once the calls are implemented.
 *
 * NULL pointers that the documentation does not mark optional are passed
 * only on Wine: Windows may well dereference them.
 */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "rtm.h"
#include "rtmv2.h"
#include "mgm.h"

#include "wine/test.h"

#ifndef AF_INET
#define AF_INET   2
#endif
#ifndef AF_INET6
#define AF_INET6  23
#endif

/* The table helpers have no public prototype; spec/table.md gives the
 * signatures rtm.dll is built with. */
DWORD WINAPI CreateTable(USHORT, HANDLE *);
DWORD WINAPI DestroyTable(HANDLE);
DWORD WINAPI InsertIntoTable(HANDLE, USHORT, PUCHAR, PVOID, PVOID);
DWORD WINAPI DeleteFromTable(HANDLE, USHORT, PUCHAR, PVOID, PVOID *);
DWORD WINAPI SearchInTable(HANDLE, USHORT, PUCHAR, PVOID, PVOID *);
DWORD WINAPI BestMatchInTable(HANDLE, PUCHAR, PVOID *);
DWORD WINAPI NextMatchInTable(HANDLE, PVOID, PVOID *);
DWORD WINAPI EnumOverTable(HANDLE, USHORT *, PUCHAR, PVOID, USHORT, PUCHAR, UINT *, PVOID *);
BOOL WINAPI CheckTable(HANDLE);
VOID WINAPI DumpTable(HANDLE, DWORD);

/* addresses are in network byte order */
#define IP(a, b, c, d) ((DWORD)(a) | ((DWORD)(b) << 8) | ((DWORD)(c) << 16) | ((DWORD)(d) << 24))

#define PROTO_TEST_IP   0x7e01      /* RTM v1 protocol ids used only here */
#define PROTO_TEST_IP2  0x7e02
#define PROTO_TEST_IPX  0x7e03
#define PROTO_TEST_MGM  0x7e04
#define PROTO_TEST_V2   0x7e05

#define TTL_MAX 2147483             /* rtmaddroute.md: "the current limit" */

/* a handle value that must be refused, and what it is */
struct bad_handle
{
    const char *what;
    HANDLE      handle;
};

#define MAX_BAD_HANDLES 12

static unsigned int forged_handles(struct bad_handle *list, void *stack_buffer)
{
    unsigned int n = 0;

    list[n].what = "NULL";                  list[n++].handle = NULL;
    list[n].what = "INVALID_HANDLE_VALUE";  list[n++].handle = INVALID_HANDLE_VALUE;
    list[n].what = "0xdeadbeef";            list[n++].handle = (HANDLE)(ULONG_PTR)0xdeadbeef;
    list[n].what = "1";                     list[n++].handle = (HANDLE)1;
    list[n].what = "0xffff";                list[n++].handle = (HANDLE)(ULONG_PTR)0xffff;
    list[n].what = "stack buffer";          list[n++].handle = stack_buffer;
    return n;
}

static void add_handle(struct bad_handle *list, unsigned int *n, const char *what, HANDLE handle)
{
    ok(*n < MAX_BAD_HANDLES, "too many handles\n");
    if (*n >= MAX_BAD_HANDLES) return;
    list[*n].what = what;
    list[(*n)++].handle = handle;
}

#define expect_v2(expected, ret) expect_v2_(__LINE__, expected, ret)
static void expect_v2_(int line, DWORD expected, DWORD ret)
{
    todo_wine_if(ret == ERROR_CALL_NOT_IMPLEMENTED)
    ok_(__FILE__, line)(ret == expected, "got %lu, expected %lu\n", ret, expected);
}

#define expect_fail(ret) ok((ret) != NO_ERROR, "call succeeded\n")

static RTM_IP_ROUTE ip_route(DWORD net, DWORD mask, DWORD iface, DWORD next_hop)
{
    RTM_IP_ROUTE route;

    memset(&route, 0, sizeof(route));
    route.RR_InterfaceID = iface;
    route.RR_Network.N_NetNumber = net;
    route.RR_Network.N_NetMask = mask;
    route.RR_NextHopAddress.N_NetNumber = next_hop;
    route.RR_NextHopAddress.N_NetMask = 0xffffffff;
    route.RR_FamilySpecificData.FSD_Metric = 1;
    route.RR_FamilySpecificData.FSD_Metric1 = 1;
    SetRouteValid(&route);
    return route;
}

static HANDLE register_mgm_protocol(DWORD protocol, DWORD component)
{
    ROUTING_PROTOCOL_CONFIG config;
    HANDLE handle = NULL;
    DWORD ret;

    memset(&config, 0, sizeof(config));
    ret = MgmRegisterMProtocol(&config, protocol, component, &handle);
    ok(!ret, "MgmRegisterMProtocol returned %lu\n", ret);
    return ret ? NULL : handle;
}

/* ---- RTM v1 ---------------------------------------------------------------- */

static void test_v1_register(void)
{
    static const DWORD bad_families[] = { 2, 3, 0x100, 0x7fffffff, 0xffffffff };
    static const DWORD bad_flags[] = { 0x2, 0x4, 0x100, 0x80000000, 0xfffffffe, 0xffffffff };
    HANDLE client, client2, event;
    unsigned int i;
    DWORD ret;

    winetest_push_context("RtmRegisterClient");

    for (i = 0; i < ARRAY_SIZE(bad_families); i++)
    {
        SetLastError(0xdeadbeef);
        client = RtmRegisterClient(bad_families[i], PROTO_TEST_IP, NULL, 0);
        ok(!client, "family %lu: got a client\n", bad_families[i]);
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "family %lu: error %lu\n", bad_families[i], GetLastError());
        if (client) RtmDeregisterClient(client);
    }
    for (i = 0; i < ARRAY_SIZE(bad_flags); i++)
    {
        SetLastError(0xdeadbeef);
        client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP, NULL, bad_flags[i]);
        ok(!client, "flags %#lx: got a client\n", bad_flags[i]);
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "flags %#lx: error %lu\n", bad_flags[i], GetLastError());
        if (client) RtmDeregisterClient(client);
    }

    /* a protocol registers once per family, also with other flags or an event */
    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP, NULL, 0);
    ok(client != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    client2 = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP, event, RTM_PROTOCOL_SINGLE_ROUTE);
    ok(!client2, "registered twice\n");
    ok(GetLastError() == ERROR_CLIENT_ALREADY_EXISTS, "error %lu\n", GetLastError());
    /* the same protocol id in the other family is another client */
    client2 = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IPX, PROTO_TEST_IP, NULL, 0);
    ok(client2 != NULL, "IPX registration failed, error %lu\n", GetLastError());
    ret = RtmDeregisterClient(client2);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeregisterClient(client);
    ok(!ret, "got %lu\n", ret);
    /* and once deregistered it may register again */
    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP, event, 0);
    ok(client != NULL, "re-registration failed, error %lu\n", GetLastError());
    ret = RtmDeregisterClient(client);
    ok(!ret, "got %lu\n", ret);

    /* maximal protocol id */
    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, 0xffffffff, NULL, 0);
    ok(client != NULL, "protocol 0xffffffff refused, error %lu\n", GetLastError());
    if (client) RtmDeregisterClient(client);

    CloseHandle(event);
    winetest_pop_context();
}

/* every call that takes a client handle, with handles that are not clients */
static void test_v1_client_handles(void)
{
    struct bad_handle handles[MAX_BAD_HANDLES];
    HANDLE client, stale, enum_handle, mgm, event;
    RTM_IP_ROUTE route = ip_route(IP(10, 99, 0, 0), IP(255, 255, 0, 0), 1, IP(10, 0, 0, 1));
    RTM_IP_ROUTE cur, prev;
    char buffer[64];
    unsigned int i, n;
    DWORD ret, flags;

    memset(buffer, 0xcc, sizeof(buffer));
    n = forged_handles(handles, buffer);

    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    stale = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP2, event, 0);
    ok(stale != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
    ret = RtmDeregisterClient(stale);
    ok(!ret, "got %lu\n", ret);
    add_handle(handles, &n, "deregistered client", stale);

    /* a live client with a route keeps the enumeration alive */
    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP, NULL, 0);
    ok(client != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
    ret = RtmAddRoute(client, &route, INFINITE, &flags, NULL, NULL);
    ok(!ret, "RtmAddRoute returned %lu\n", ret);
    enum_handle = RtmCreateEnumerationHandle(RTM_PROTOCOL_FAMILY_IP, 0, NULL);
    ok(enum_handle != NULL, "RtmCreateEnumerationHandle failed, error %lu\n", GetLastError());
    add_handle(handles, &n, "v1 enumeration", enum_handle);
    mgm = register_mgm_protocol(PROTO_TEST_MGM, 1);
    add_handle(handles, &n, "MGM protocol", mgm);

    for (i = 0; i < n; i++)
    {
        winetest_push_context("%s", handles[i].what);

        winetest_push_context("RtmDeregisterClient");
        ret = RtmDeregisterClient(handles[i].handle);
        ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("RtmDequeueRouteChangeMessage");
        ret = RtmDequeueRouteChangeMessage(handles[i].handle, &flags, &cur, &prev);
        ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("RtmAddRoute");
        ret = RtmAddRoute(handles[i].handle, &route, INFINITE, &flags, &cur, &prev);
        ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("RtmDeleteRoute");
        ret = RtmDeleteRoute(handles[i].handle, &route, &flags, &cur);
        ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("RtmBlockDeleteRoutes");
        ret = RtmBlockDeleteRoutes(handles[i].handle, RTM_ONLY_THIS_NETWORK, &route);
        ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
        winetest_pop_context();

        /* undocumented: they only have to fail */
        winetest_push_context("RtmBlockSetRouteEnable");
        ret = RtmBlockSetRouteEnable(handles[i].handle, RTM_ONLY_THIS_NETWORK, &route, FALSE);
        expect_fail(ret);
        winetest_pop_context();

        winetest_push_context("RtmBlockConvertRoutesToStatic");
        ret = RtmBlockConvertRoutesToStatic(handles[i].handle, RTM_ONLY_THIS_NETWORK, &route);
        expect_fail(ret);
        winetest_pop_context();

        winetest_pop_context();
    }

    /* none of that touched the route, the enumeration or the MGM protocol */
    ok(RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &route.RR_Network, &cur), "route is gone\n");
    ret = RtmEnumerateGetNextRoute(enum_handle, &cur);
    ok(!ret, "enumeration broken: %lu\n", ret);
    ret = RtmCloseEnumerationHandle(enum_handle);
    ok(!ret, "got %lu\n", ret);
    if (mgm)
    {
        ret = MgmDeRegisterMProtocol(mgm);
        ok(!ret, "MgmDeRegisterMProtocol returned %lu\n", ret);
    }

    /* documented: a client without a change event cannot dequeue */
    winetest_push_context("RtmDequeueRouteChangeMessage");
    ret = RtmDequeueRouteChangeMessage(client, &flags, &cur, &prev);
    ok(ret == ERROR_INVALID_HANDLE, "client without event: got %lu\n", ret);
    winetest_pop_context();

    /* double deregistration */
    winetest_push_context("RtmDeregisterClient");
    ret = RtmDeregisterClient(client);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeregisterClient(client);
    ok(ret == ERROR_INVALID_HANDLE, "second deregistration: got %lu\n", ret);
    ok(!RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &route.RR_Network, &cur), "route survived its client\n");
    winetest_pop_context();

    CloseHandle(event);
}

/* A handle whose slot was reused by a new object must not reach that object. */
static void test_v1_reused_slots(void)
{
    RTM_IP_ROUTE route = ip_route(IP(10, 93, 0, 0), IP(255, 255, 0, 0), 1, IP(10, 0, 0, 1));
    RTM_IP_ROUTE out;
    HANDLE old, client, old_enum, enum_handle, event;
    DWORD ret, flags;
    unsigned int i;

    winetest_push_context("reused client slot");
    for (i = 0; i < 4; i++)
    {
        old = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP2, NULL, 0);
        ok(old != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
        ret = RtmDeregisterClient(old);
        ok(!ret, "got %lu\n", ret);
        client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP, NULL, 0);
        ok(client != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
        ok(client != old, "the stale handle value came back\n");
        ret = RtmAddRoute(old, &route, INFINITE, &flags, NULL, NULL);
        ok(ret == ERROR_INVALID_HANDLE, "RtmAddRoute: got %lu\n", ret);
        ret = RtmAddRoute(client, &route, INFINITE, &flags, NULL, NULL);
        ok(!ret, "RtmAddRoute: got %lu\n", ret);
        ret = RtmDeleteRoute(old, &route, &flags, NULL);
        ok(ret == ERROR_INVALID_HANDLE, "RtmDeleteRoute: got %lu\n", ret);
        ret = RtmBlockDeleteRoutes(old, 0, NULL);
        ok(ret == ERROR_INVALID_HANDLE, "RtmBlockDeleteRoutes: got %lu\n", ret);
        ret = RtmDeregisterClient(old);
        ok(ret == ERROR_INVALID_HANDLE, "RtmDeregisterClient: got %lu\n", ret);
        ok(RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &route.RR_Network, &out), "the new client lost its route\n");
        ret = RtmDeregisterClient(client);
        ok(!ret, "got %lu\n", ret);
    }
    winetest_pop_context();

    winetest_push_context("reused enumeration slot");
    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP, NULL, 0);
    ret = RtmAddRoute(client, &route, INFINITE, &flags, NULL, NULL);
    ok(!ret, "RtmAddRoute: got %lu\n", ret);
    old_enum = RtmCreateEnumerationHandle(RTM_PROTOCOL_FAMILY_IP, 0, NULL);
    ok(old_enum != NULL, "RtmCreateEnumerationHandle failed, error %lu\n", GetLastError());
    ret = RtmCloseEnumerationHandle(old_enum);
    ok(!ret, "got %lu\n", ret);
    enum_handle = RtmCreateEnumerationHandle(RTM_PROTOCOL_FAMILY_IP, 0, NULL);
    ok(enum_handle != NULL, "RtmCreateEnumerationHandle failed, error %lu\n", GetLastError());
    ret = RtmEnumerateGetNextRoute(old_enum, &out);
    ok(ret == ERROR_INVALID_HANDLE, "RtmEnumerateGetNextRoute: got %lu\n", ret);
    ret = RtmCloseEnumerationHandle(old_enum);
    ok(ret == ERROR_INVALID_HANDLE, "RtmCloseEnumerationHandle: got %lu\n", ret);
    winetest_pop_context();

    /* an enumeration outlives the routes and the client it was showing */
    winetest_push_context("enumeration of a deregistered client");
    ret = RtmDeregisterClient(client);
    ok(!ret, "got %lu\n", ret);
    ret = RtmEnumerateGetNextRoute(enum_handle, &out);
    ok(ret == ERROR_NO_MORE_ROUTES, "got %lu\n", ret);
    ret = RtmEnumerateGetNextRoute(enum_handle, &out);
    ok(ret == ERROR_NO_MORE_ROUTES, "again: got %lu\n", ret);
    ret = RtmCloseEnumerationHandle(enum_handle);
    ok(!ret, "got %lu\n", ret);
    winetest_pop_context();

    /* change events that are closed or forged are the caller's business, but
     * must not break the table */
    winetest_push_context("closed change event");
    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    old = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP2, event, 0);
    ok(old != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
    CloseHandle(event);
    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP, (HANDLE)(ULONG_PTR)0xdeadbeef, 0);
    ret = RtmAddRoute(client ? client : old, &route, INFINITE, &flags, NULL, NULL);
    ok(!ret, "RtmAddRoute: got %lu\n", ret);
    if (client)
    {
        ret = RtmDequeueRouteChangeMessage(old, &flags, &out, NULL);
        ok(ret == NO_ERROR, "RtmDequeueRouteChangeMessage: got %lu\n", ret);
        ret = RtmDeregisterClient(client);
        ok(!ret, "got %lu\n", ret);
    }
    else RtmDeleteRoute(old, &route, &flags, NULL);
    ret = RtmDeregisterClient(old);
    ok(!ret, "got %lu\n", ret);
    ok(!RtmGetNetworkCount(RTM_PROTOCOL_FAMILY_IP), "routes left\n");
    winetest_pop_context();
}

/* another protocol's route is not the caller's to delete */
static void test_v1_foreign_routes(void)
{
    RTM_IP_ROUTE route = ip_route(IP(10, 92, 0, 0), IP(255, 255, 0, 0), 1, IP(10, 0, 0, 1));
    RTM_IP_ROUTE out;
    HANDLE a, b;
    DWORD ret, flags;

    a = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP, NULL, 0);
    b = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP2, NULL, 0);
    ok(a && b, "RtmRegisterClient failed, error %lu\n", GetLastError());
    ret = RtmAddRoute(a, &route, INFINITE, &flags, NULL, NULL);
    ok(!ret, "RtmAddRoute: got %lu\n", ret);

    winetest_push_context("RtmDeleteRoute");
    ret = RtmDeleteRoute(b, &route, &flags, NULL);
    ok(ret == ERROR_NO_SUCH_ROUTE, "foreign route: got %lu\n", ret);
    winetest_pop_context();
    winetest_push_context("RtmBlockDeleteRoutes");
    ret = RtmBlockDeleteRoutes(b, RTM_ONLY_THIS_NETWORK, &route);
    ok(ret == ERROR_NO_ROUTES, "foreign route: got %lu\n", ret);
    winetest_pop_context();
    ok(RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &route.RR_Network, &out), "route is gone\n");

    ret = RtmDeregisterClient(b);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeregisterClient(a);
    ok(!ret, "got %lu\n", ret);
}

static void test_v1_enum_handles(void)
{
    struct bad_handle handles[MAX_BAD_HANDLES];
    HANDLE client, enum_handle, mgm, mgm_enum = NULL;
    RTM_IP_ROUTE route = ip_route(IP(10, 98, 0, 0), IP(255, 255, 0, 0), 1, IP(10, 0, 0, 1));
    RTM_IP_ROUTE out;
    char buffer[64];
    unsigned int i, n;
    DWORD ret, flags;

    n = forged_handles(handles, buffer);
    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP, NULL, 0);
    ok(client != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
    ret = RtmAddRoute(client, &route, INFINITE, &flags, NULL, NULL);
    ok(!ret, "RtmAddRoute returned %lu\n", ret);

    enum_handle = RtmCreateEnumerationHandle(RTM_PROTOCOL_FAMILY_IP, 0, NULL);
    ok(enum_handle != NULL, "RtmCreateEnumerationHandle failed, error %lu\n", GetLastError());
    ret = RtmCloseEnumerationHandle(enum_handle);
    ok(!ret, "got %lu\n", ret);
    add_handle(handles, &n, "closed enumeration", enum_handle);
    add_handle(handles, &n, "v1 client", client);
    mgm = register_mgm_protocol(PROTO_TEST_MGM, 2);
    if (mgm)
    {
        ret = MgmGroupEnumerationStart(mgm, ALL_SOURCES, &mgm_enum);
        ok(!ret, "MgmGroupEnumerationStart returned %lu\n", ret);
        add_handle(handles, &n, "MGM enumeration", mgm_enum);
    }

    for (i = 0; i < n; i++)
    {
        winetest_push_context("%s", handles[i].what);

        winetest_push_context("RtmEnumerateGetNextRoute");
        memset(&out, 0xcc, sizeof(out));
        ret = RtmEnumerateGetNextRoute(handles[i].handle, &out);
        ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("RtmCloseEnumerationHandle");
        ret = RtmCloseEnumerationHandle(handles[i].handle);
        ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
        winetest_pop_context();

        winetest_pop_context();
    }

    /* the client and the MGM enumeration are still alive */
    ret = RtmDeleteRoute(client, &route, &flags, NULL);
    ok(!ret, "RtmDeleteRoute returned %lu\n", ret);
    ret = RtmDeregisterClient(client);
    ok(!ret, "got %lu\n", ret);
    if (mgm_enum)
    {
        ret = MgmGroupEnumerationEnd(mgm_enum);
        ok(!ret, "MgmGroupEnumerationEnd returned %lu\n", ret);
    }
    if (mgm) MgmDeRegisterMProtocol(mgm);
}

/* route contents that RtmAddRoute / RtmDeleteRoute must refuse */
static void test_v1_routes(void)
{
    static const struct
    {
        DWORD net, mask;
    }
    bad_networks[] =
    {
        { IP(10, 0, 0, 0),   IP(255, 0, 255, 0) },      /* mask not contiguous */
        { IP(10, 0, 0, 0),   IP(0, 255, 255, 255) },    /* mask inverted */
        { IP(10, 0, 0, 0),   IP(255, 255, 255, 1) },
        { IP(10, 1, 0, 0),   IP(255, 0, 0, 0) },        /* bits outside the mask */
        { IP(10, 0, 0, 1),   0 },
    };
    HANDLE client, event;
    RTM_IP_ROUTE route, cur, prev;
    unsigned int i;
    DWORD ret, flags;

    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP, event, 0);
    ok(client != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());

    winetest_push_context("RtmAddRoute");
    for (i = 0; i < ARRAY_SIZE(bad_networks); i++)
    {
        route = ip_route(bad_networks[i].net, bad_networks[i].mask, 1, IP(10, 0, 0, 1));
        ret = RtmAddRoute(client, &route, INFINITE, &flags, &cur, &prev);
        ok(ret == ERROR_INVALID_PARAMETER, "%08lx/%08lx: got %lu\n", bad_networks[i].net, bad_networks[i].mask, ret);
    }
    ok(!RtmGetNetworkCount(RTM_PROTOCOL_FAMILY_IP), "bad routes were added\n");

    route = ip_route(IP(10, 97, 0, 0), IP(255, 255, 0, 0), 1, IP(10, 0, 0, 1));
    ret = RtmAddRoute(client, &route, TTL_MAX + 1, &flags, &cur, &prev);
    ok(ret == ERROR_INVALID_PARAMETER, "TTL %u: got %lu\n", TTL_MAX + 1, ret);
    ret = RtmAddRoute(client, &route, 0x7fffffff, &flags, &cur, &prev);
    ok(ret == ERROR_INVALID_PARAMETER, "TTL 0x7fffffff: got %lu\n", ret);
    ret = RtmAddRoute(client, &route, INFINITE - 1, &flags, &cur, &prev);
    ok(ret == ERROR_INVALID_PARAMETER, "TTL INFINITE-1: got %lu\n", ret);
    ok(!RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &route.RR_Network, &cur), "route added with a bad TTL\n");
    ret = RtmAddRoute(client, &route, TTL_MAX, &flags, &cur, &prev);
    ok(!ret, "TTL %u: got %lu\n", TTL_MAX, ret);

    if (winetest_platform_is_wine)
    {
        ret = RtmAddRoute(client, NULL, INFINITE, &flags, &cur, &prev);
        ok(ret == ERROR_INVALID_PARAMETER, "NULL route: got %lu\n", ret);
        ret = RtmAddRoute(client, &route, INFINITE, NULL, &cur, &prev);
        ok(ret == ERROR_INVALID_PARAMETER, "NULL flags: got %lu\n", ret);
    }
    /* both best-route buffers are optional */
    ret = RtmAddRoute(client, &route, INFINITE, &flags, NULL, NULL);
    ok(!ret, "NULL best routes: got %lu\n", ret);
    winetest_pop_context();

    winetest_push_context("RtmDeleteRoute");
    for (i = 0; i < ARRAY_SIZE(bad_networks); i++)
    {
        RTM_IP_ROUTE bad = ip_route(bad_networks[i].net, bad_networks[i].mask, 1, IP(10, 0, 0, 1));

        ret = RtmDeleteRoute(client, &bad, &flags, &cur);
        ok(ret == ERROR_INVALID_PARAMETER || broken(ret == ERROR_NO_SUCH_ROUTE),
           "%08lx/%08lx: got %lu\n", bad_networks[i].net, bad_networks[i].mask, ret);
    }
    if (winetest_platform_is_wine)
    {
        ret = RtmDeleteRoute(client, NULL, &flags, &cur);
        ok(ret == ERROR_INVALID_PARAMETER, "NULL route: got %lu\n", ret);
        ret = RtmDeleteRoute(client, &route, NULL, &cur);
        ok(ret == ERROR_INVALID_PARAMETER, "NULL flags: got %lu\n", ret);
    }
    /* another interface, next hop or network is another route */
    cur = route;
    cur.RR_InterfaceID = 2;
    ret = RtmDeleteRoute(client, &cur, &flags, NULL);
    ok(ret == ERROR_NO_SUCH_ROUTE, "other interface: got %lu\n", ret);
    cur = route;
    cur.RR_NextHopAddress.N_NetNumber = IP(10, 0, 0, 2);
    ret = RtmDeleteRoute(client, &cur, &flags, NULL);
    ok(ret == ERROR_NO_SUCH_ROUTE, "other next hop: got %lu\n", ret);
    cur = route;
    cur.RR_Network.N_NetMask = IP(255, 255, 255, 0);
    ret = RtmDeleteRoute(client, &cur, &flags, NULL);
    ok(ret == ERROR_NO_SUCH_ROUTE, "other mask: got %lu\n", ret);
    ret = RtmDeleteRoute(client, &route, &flags, NULL);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeleteRoute(client, &route, &flags, NULL);
    ok(ret == ERROR_NO_SUCH_ROUTE, "second delete: got %lu\n", ret);
    winetest_pop_context();

    winetest_push_context("RtmDequeueRouteChangeMessage");
    if (winetest_platform_is_wine)
    {
        ret = RtmDequeueRouteChangeMessage(client, NULL, &cur, &prev);
        ok(ret == ERROR_INVALID_PARAMETER, "NULL flags: got %lu\n", ret);
    }
    /* own changes are not queued: nothing to dequeue, optional buffers NULL */
    ret = RtmDequeueRouteChangeMessage(client, &flags, NULL, NULL);
    ok(ret == ERROR_NO_MESSAGES, "got %lu\n", ret);
    winetest_pop_context();

    ret = RtmDeregisterClient(client);
    ok(!ret, "got %lu\n", ret);
    CloseHandle(event);
}

static void test_v1_families_and_flags(void)
{
    static const DWORD bad_families[] = { 2, 0x10000, 0xffffffff };
    static const DWORD bad_flags[] = { 0x10, 0x100, 0x80000000, 0xffffffff };
    RTM_IP_ROUTE route = ip_route(IP(10, 96, 0, 0), IP(255, 255, 0, 0), 1, IP(10, 0, 0, 1));
    RTM_IP_ROUTE out;
    HANDLE client, handle;
    unsigned int i;
    ULONG count;
    DWORD ret, flags;
    BOOL found;

    for (i = 0; i < ARRAY_SIZE(bad_families); i++)
    {
        DWORD family = bad_families[i];

        winetest_push_context("family %lu", family);

        winetest_push_context("RtmIsRoute");
        SetLastError(0xdeadbeef);
        found = RtmIsRoute(family, &route.RR_Network, &out);
        ok(!found, "found a route\n");
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
        winetest_pop_context();

        winetest_push_context("RtmGetNetworkCount");
        SetLastError(0xdeadbeef);
        count = RtmGetNetworkCount(family);
        ok(!count, "got %lu\n", count);
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
        winetest_pop_context();

        winetest_push_context("RtmCreateEnumerationHandle");
        SetLastError(0xdeadbeef);
        handle = RtmCreateEnumerationHandle(family, 0, NULL);
        ok(!handle, "got a handle\n");
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
        if (handle) RtmCloseEnumerationHandle(handle);
        winetest_pop_context();

        winetest_push_context("RtmGetFirstRoute");
        ret = RtmGetFirstRoute(family, 0, &out);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("RtmGetNextRoute");
        out = route;
        ret = RtmGetNextRoute(family, 0, &out);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        winetest_pop_context();

        /* undocumented */
        winetest_push_context("RtmCreateRouteTable");
        ret = RtmCreateRouteTable(family, NULL);
        expect_fail(ret);
        winetest_pop_context();

        winetest_push_context("RtmDeleteRouteTable");
        ret = RtmDeleteRouteTable(family);
        expect_fail(ret);
        winetest_pop_context();

        winetest_pop_context();
    }

    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP, NULL, 0);
    ok(client != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());

    /* nothing matches yet */
    winetest_push_context("empty table");
    SetLastError(0xdeadbeef);
    handle = RtmCreateEnumerationHandle(RTM_PROTOCOL_FAMILY_IP, 0, NULL);
    ok(!handle, "got a handle\n");
    ok(GetLastError() == ERROR_NO_ROUTES, "RtmCreateEnumerationHandle: error %lu\n", GetLastError());
    if (handle) RtmCloseEnumerationHandle(handle);
    ret = RtmGetFirstRoute(RTM_PROTOCOL_FAMILY_IP, 0, &out);
    ok(ret == ERROR_NO_ROUTES, "RtmGetFirstRoute: got %lu\n", ret);
    out = route;
    ret = RtmGetNextRoute(RTM_PROTOCOL_FAMILY_IP, 0, &out);
    ok(ret == ERROR_NO_ROUTES, "RtmGetNextRoute: got %lu\n", ret);
    ret = RtmBlockDeleteRoutes(client, RTM_ONLY_THIS_NETWORK, &route);
    ok(ret == ERROR_NO_ROUTES, "RtmBlockDeleteRoutes: got %lu\n", ret);
    winetest_pop_context();

    ret = RtmAddRoute(client, &route, INFINITE, &flags, NULL, NULL);
    ok(!ret, "RtmAddRoute returned %lu\n", ret);

    for (i = 0; i < ARRAY_SIZE(bad_flags); i++)
    {
        DWORD enum_flags = bad_flags[i] | RTM_ONLY_THIS_NETWORK;

        winetest_push_context("flags %#lx", enum_flags);

        winetest_push_context("RtmCreateEnumerationHandle");
        SetLastError(0xdeadbeef);
        handle = RtmCreateEnumerationHandle(RTM_PROTOCOL_FAMILY_IP, enum_flags, &route);
        ok(!handle, "got a handle\n");
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
        if (handle) RtmCloseEnumerationHandle(handle);
        winetest_pop_context();

        winetest_push_context("RtmGetFirstRoute");
        out = route;
        ret = RtmGetFirstRoute(RTM_PROTOCOL_FAMILY_IP, enum_flags, &out);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("RtmGetNextRoute");
        out = route;
        ret = RtmGetNextRoute(RTM_PROTOCOL_FAMILY_IP, enum_flags, &out);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("RtmBlockDeleteRoutes");
        ret = RtmBlockDeleteRoutes(client, enum_flags, &route);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("RtmBlockSetRouteEnable");
        ret = RtmBlockSetRouteEnable(client, enum_flags, &route, FALSE);
        expect_fail(ret);
        winetest_pop_context();

        winetest_push_context("RtmBlockConvertRoutesToStatic");
        ret = RtmBlockConvertRoutesToStatic(client, enum_flags, &route);
        expect_fail(ret);
        winetest_pop_context();

        winetest_pop_context();
    }
    ok(RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &route.RR_Network, &out), "route is gone\n");

    /* criteria flags without criteria */
    winetest_push_context("NULL criteria");
    SetLastError(0xdeadbeef);
    handle = RtmCreateEnumerationHandle(RTM_PROTOCOL_FAMILY_IP, RTM_ONLY_THIS_NETWORK, NULL);
    ok(!handle, "RtmCreateEnumerationHandle: got a handle\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "RtmCreateEnumerationHandle: error %lu\n", GetLastError());
    if (handle) RtmCloseEnumerationHandle(handle);
    ret = RtmBlockDeleteRoutes(client, RTM_ONLY_THIS_INTERFACE, NULL);
    ok(ret == ERROR_INVALID_PARAMETER, "RtmBlockDeleteRoutes: got %lu\n", ret);
    ret = RtmBlockSetRouteEnable(client, RTM_ONLY_THIS_INTERFACE, NULL, TRUE);
    expect_fail(ret);
    ret = RtmBlockConvertRoutesToStatic(client, RTM_ONLY_THIS_NETWORK, NULL);
    expect_fail(ret);
    if (winetest_platform_is_wine)
    {
        ret = RtmGetFirstRoute(RTM_PROTOCOL_FAMILY_IP, 0, NULL);
        ok(ret == ERROR_INVALID_PARAMETER, "RtmGetFirstRoute: got %lu\n", ret);
        ret = RtmGetNextRoute(RTM_PROTOCOL_FAMILY_IP, 0, NULL);
        ok(ret == ERROR_INVALID_PARAMETER, "RtmGetNextRoute: got %lu\n", ret);
        handle = RtmCreateEnumerationHandle(RTM_PROTOCOL_FAMILY_IP, 0, NULL);
        ok(handle != NULL, "RtmCreateEnumerationHandle failed, error %lu\n", GetLastError());
        ret = RtmEnumerateGetNextRoute(handle, NULL);
        ok(ret == ERROR_INVALID_PARAMETER, "RtmEnumerateGetNextRoute: got %lu\n", ret);
        ret = RtmCloseEnumerationHandle(handle);
        ok(!ret, "got %lu\n", ret);
    }
    winetest_pop_context();

    /* a criteria network with a broken mask matches nothing or is refused */
    winetest_push_context("bad criteria network");
    out = route;
    out.RR_Network.N_NetMask = IP(255, 0, 255, 0);
    SetLastError(0xdeadbeef);
    handle = RtmCreateEnumerationHandle(RTM_PROTOCOL_FAMILY_IP, RTM_ONLY_THIS_NETWORK, &out);
    ok(!handle, "RtmCreateEnumerationHandle: got a handle\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER || GetLastError() == ERROR_NO_ROUTES,
       "RtmCreateEnumerationHandle: error %lu\n", GetLastError());
    if (handle) RtmCloseEnumerationHandle(handle);
    ret = RtmBlockDeleteRoutes(client, RTM_ONLY_THIS_NETWORK, &out);
    ok(ret == ERROR_INVALID_PARAMETER || ret == ERROR_NO_ROUTES, "RtmBlockDeleteRoutes: got %lu\n", ret);
    SetLastError(0xdeadbeef);
    found = RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &out.RR_Network, &out);
    ok(!found, "RtmIsRoute found a route\n");
    winetest_pop_context();
    ok(RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &route.RR_Network, &out), "route is gone\n");

    winetest_push_context("RtmIsRoute");
    if (winetest_platform_is_wine)
    {
        SetLastError(0xdeadbeef);
        found = RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, NULL, &out);
        ok(!found, "NULL network: found a route\n");
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "NULL network: error %lu\n", GetLastError());
    }
    winetest_pop_context();

    ret = RtmDeregisterClient(client);
    ok(!ret, "got %lu\n", ret);
}

static void test_v1_misc(void)
{
    RTM_IP_ROUTE route, out;
    FILETIME now;
    ULONG age;
    BOOL found;

    winetest_push_context("RtmGetRouteAge");
    GetSystemTimeAsFileTime(&now);
    memset(&route, 0, sizeof(route));
    route.RR_TimeStamp.dwHighDateTime = now.dwHighDateTime + 0x1000;     /* years ahead */
    SetLastError(0xdeadbeef);
    age = RtmGetRouteAge(&route);
    ok(age == INFINITE, "future time stamp: got %lu\n", age);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "future time stamp: error %lu\n", GetLastError());
    route.RR_TimeStamp.dwHighDateTime = 0xffffffff;
    route.RR_TimeStamp.dwLowDateTime = 0xffffffff;
    SetLastError(0xdeadbeef);
    age = RtmGetRouteAge(&route);
    ok(age == INFINITE, "maximal time stamp: got %lu\n", age);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "maximal time stamp: error %lu\n", GetLastError());
    if (winetest_platform_is_wine)
    {
        SetLastError(0xdeadbeef);
        age = RtmGetRouteAge(NULL);
        ok(age == INFINITE, "NULL: got %lu\n", age);
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "NULL: error %lu\n", GetLastError());
    }
    winetest_pop_context();

    /* undocumented: a lookup in an empty table or into NULL fails */
    winetest_push_context("RtmLookupIPDestination");
    found = RtmLookupIPDestination(IP(10, 95, 1, 1), &out);
    ok(!found, "empty table: found a route\n");
    found = RtmLookupIPDestination(0xffffffff, &out);
    ok(!found, "broadcast: found a route\n");
    found = RtmLookupIPDestination(IP(10, 95, 1, 1), NULL);
    ok(!found, "NULL route: succeeded\n");
    winetest_pop_context();
}

/* ---- MGM ------------------------------------------------------------------- */

static void test_mgm_register(void)
{
    ROUTING_PROTOCOL_CONFIG config;
    HANDLE protocol, protocol2;
    DWORD ret;

    winetest_push_context("MgmRegisterMProtocol");
    memset(&config, 0, sizeof(config));
    ret = MgmRegisterMProtocol(NULL, PROTO_TEST_MGM, 3, &protocol);
    expect_fail(ret);
    if (!ret) MgmDeRegisterMProtocol(protocol);
    ret = MgmRegisterMProtocol(&config, PROTO_TEST_MGM, 3, NULL);
    expect_fail(ret);
    ret = MgmRegisterMProtocol(&config, PROTO_TEST_MGM, 3, &protocol);
    ok(!ret, "got %lu\n", ret);
    ret = MgmRegisterMProtocol(&config, PROTO_TEST_MGM, 3, &protocol2);
    ok(ret == ERROR_ALREADY_EXISTS, "second registration: got %lu\n", ret);
    if (!ret) MgmDeRegisterMProtocol(protocol2);
    /* maximal ids */
    ret = MgmRegisterMProtocol(&config, 0xffffffff, 0xffffffff, &protocol2);
    ok(!ret, "maximal ids: got %lu\n", ret);
    if (!ret) MgmDeRegisterMProtocol(protocol2);
    winetest_pop_context();

    /* undocumented: deinitialisation refuses while protocols are registered,
     * and garbage configuration pointers are not touched */
    winetest_push_context("MgmDeInitialize");
    ret = MgmDeInitialize();
    expect_fail(ret);
    winetest_pop_context();
    if (winetest_platform_is_wine)
    {
        winetest_push_context("MgmInitialize");
        ret = MgmInitialize((void *)(ULONG_PTR)0xdeadbeef, (void *)(ULONG_PTR)0xdeadbeef);
        ok(!ret, "got %lu\n", ret);
        winetest_pop_context();
    }

    winetest_push_context("MgmDeRegisterMProtocol");
    ret = MgmDeRegisterMProtocol(protocol);
    ok(!ret, "got %lu\n", ret);
    ret = MgmDeRegisterMProtocol(protocol);
    ok(ret == ERROR_INVALID_PARAMETER, "double deregistration: got %lu\n", ret);
    winetest_pop_context();
}

static void test_mgm_handles(void)
{
    struct bad_handle handles[MAX_BAD_HANDLES];
    HANDLE stale, protocol, enum_handle = NULL, ended = NULL, v1_client, out;
    DWORD ret, size, count, id, component;
    SOURCE_GROUP_ENTRY groups[2];
    char buffer[64];
    unsigned int i, n;

    n = forged_handles(handles, buffer);
    stale = register_mgm_protocol(PROTO_TEST_MGM, 4);
    if (stale)
    {
        ret = MgmDeRegisterMProtocol(stale);
        ok(!ret, "got %lu\n", ret);
        add_handle(handles, &n, "deregistered protocol", stale);
    }
    protocol = register_mgm_protocol(PROTO_TEST_MGM, 5);
    if (protocol)
    {
        ret = MgmGroupEnumerationStart(protocol, ALL_SOURCES, &ended);
        ok(!ret, "got %lu\n", ret);
        ret = MgmGroupEnumerationEnd(ended);
        ok(!ret, "got %lu\n", ret);
        add_handle(handles, &n, "ended enumeration", ended);
        ret = MgmGroupEnumerationStart(protocol, ANY_SOURCE, &enum_handle);
        ok(!ret, "got %lu\n", ret);
    }
    v1_client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP, NULL, 0);
    ok(v1_client != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
    add_handle(handles, &n, "v1 client", v1_client);

    /* calls that take a protocol handle; the enumeration is not a protocol */
    for (i = 0; i <= n; i++)
    {
        HANDLE handle = i < n ? handles[i].handle : enum_handle;

        winetest_push_context("%s", i < n ? handles[i].what : "MGM enumeration");

        winetest_push_context("MgmDeRegisterMProtocol");
        ret = MgmDeRegisterMProtocol(handle);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("MgmTakeInterfaceOwnership");
        ret = MgmTakeInterfaceOwnership(handle, 7, 0);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("MgmReleaseInterfaceOwnership");
        ret = MgmReleaseInterfaceOwnership(handle, 7, 0);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("MgmAddGroupMembershipEntry");
        ret = MgmAddGroupMembershipEntry(handle, 0, 0, IP(224, 1, 1, 1), 0xffffffff, 7, 0, MGM_JOIN_STATE_FLAG);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("MgmDeleteGroupMembershipEntry");
        ret = MgmDeleteGroupMembershipEntry(handle, 0, 0, IP(224, 1, 1, 1), 0xffffffff, 7, 0, MGM_JOIN_STATE_FLAG);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("MgmGroupEnumerationStart");
        out = (HANDLE)(ULONG_PTR)0xdeadbeef;
        ret = MgmGroupEnumerationStart(handle, ALL_SOURCES, &out);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        if (!ret) MgmGroupEnumerationEnd(out);
        winetest_pop_context();

        winetest_pop_context();
    }
    /* none of them took the interface */
    ret = MgmGetProtocolOnInterface(7, 0, &id, &component);
    ok(ret == ERROR_NOT_FOUND, "MgmGetProtocolOnInterface: got %lu\n", ret);

    /* calls that take an enumeration handle; the protocol is not one */
    add_handle(handles, &n, "MGM protocol", protocol);
    for (i = 0; i < n; i++)
    {
        winetest_push_context("%s", handles[i].what);

        winetest_push_context("MgmGroupEnumerationGetNext");
        size = sizeof(groups);
        count = 0xdeadbeef;
        ret = MgmGroupEnumerationGetNext(handles[i].handle, &size, (BYTE *)groups, &count);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        winetest_pop_context();

        winetest_push_context("MgmGroupEnumerationEnd");
        ret = MgmGroupEnumerationEnd(handles[i].handle);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        winetest_pop_context();

        winetest_pop_context();
    }

    if (enum_handle)
    {
        winetest_push_context("MgmGroupEnumerationGetNext");
        if (winetest_platform_is_wine)
        {
            count = 0xdeadbeef;
            ret = MgmGroupEnumerationGetNext(enum_handle, NULL, (BYTE *)groups, &count);
            expect_fail(ret);
            size = sizeof(groups);
            ret = MgmGroupEnumerationGetNext(enum_handle, &size, (BYTE *)groups, NULL);
            expect_fail(ret);
            size = 0xffffffff;
            ret = MgmGroupEnumerationGetNext(enum_handle, &size, NULL, &count);
            expect_fail(ret);
        }
        size = 0;
        ret = MgmGroupEnumerationGetNext(enum_handle, &size, NULL, &count);
        ok(ret == ERROR_NO_MORE_ITEMS, "empty enumeration, no buffer: got %lu\n", ret);
        winetest_pop_context();

        ret = MgmGroupEnumerationEnd(enum_handle);
        ok(!ret, "got %lu\n", ret);
        ret = MgmGroupEnumerationEnd(enum_handle);
        ok(ret == ERROR_INVALID_PARAMETER, "double end: got %lu\n", ret);
    }

    if (protocol)
    {
        winetest_push_context("MgmGroupEnumerationStart");
        ret = MgmGroupEnumerationStart(protocol, (MGM_ENUM_TYPES)2, &out);
        expect_fail(ret);
        if (!ret) MgmGroupEnumerationEnd(out);
        ret = MgmGroupEnumerationStart(protocol, (MGM_ENUM_TYPES)0xffffffff, &out);
        expect_fail(ret);
        if (!ret) MgmGroupEnumerationEnd(out);
        if (winetest_platform_is_wine)
        {
            ret = MgmGroupEnumerationStart(protocol, ALL_SOURCES, NULL);
            expect_fail(ret);
        }
        winetest_pop_context();
        ret = MgmDeRegisterMProtocol(protocol);
        ok(!ret, "got %lu\n", ret);
    }
    ret = RtmDeregisterClient(v1_client);
    ok(!ret, "got %lu\n", ret);
}

static void test_mgm_reused_slots(void)
{
    HANDLE old, protocol;
    DWORD ret, id, component;
    unsigned int i;

    winetest_push_context("reused protocol slot");
    for (i = 0; i < 4; i++)
    {
        old = register_mgm_protocol(PROTO_TEST_MGM, 9);
        ret = MgmDeRegisterMProtocol(old);
        ok(!ret, "got %lu\n", ret);
        protocol = register_mgm_protocol(PROTO_TEST_MGM, 10);
        ok(protocol != old, "the stale handle value came back\n");
        ret = MgmTakeInterfaceOwnership(old, 11, 0);
        ok(ret == ERROR_INVALID_PARAMETER, "MgmTakeInterfaceOwnership: got %lu\n", ret);
        ret = MgmTakeInterfaceOwnership(protocol, 11, 0);
        ok(!ret, "MgmTakeInterfaceOwnership: got %lu\n", ret);
        ret = MgmReleaseInterfaceOwnership(old, 11, 0);
        ok(ret == ERROR_INVALID_PARAMETER, "MgmReleaseInterfaceOwnership: got %lu\n", ret);
        ret = MgmDeRegisterMProtocol(old);
        ok(ret == ERROR_INVALID_PARAMETER, "MgmDeRegisterMProtocol: got %lu\n", ret);
        ret = MgmGetProtocolOnInterface(11, 0, &id, &component);
        ok(!ret && id == PROTO_TEST_MGM && component == 10, "got %lu, %lu/%lu\n", ret, id, component);
        ret = MgmReleaseInterfaceOwnership(protocol, 11, 0);
        ok(!ret, "got %lu\n", ret);
        ret = MgmDeRegisterMProtocol(protocol);
        ok(!ret, "got %lu\n", ret);
    }
    winetest_pop_context();
}

static void test_mgm_interfaces_and_memberships(void)
{
    static const struct
    {
        DWORD source, source_mask, group, group_mask, flags;
    }
    bad_entries[] =
    {
        { 0, 0, IP(224, 1, 1, 1), 0xffffffff, 0 },                              /* no flag */
        { 0, 0, IP(224, 1, 1, 1), 0xffffffff, 0x4 },                            /* undefined flag */
        { 0, 0, IP(224, 1, 1, 1), 0xffffffff, 0x80000000 | MGM_JOIN_STATE_FLAG },
        { 0, 0, IP(224, 1, 1, 1), IP(255, 0, 255, 0), MGM_JOIN_STATE_FLAG },    /* mask not contiguous */
        { IP(10, 0, 0, 1), IP(255, 0, 255, 0), IP(224, 1, 1, 1), 0xffffffff, MGM_JOIN_STATE_FLAG },
        { IP(10, 0, 0, 1), 0xffffffff, 0, 0, MGM_JOIN_STATE_FLAG },             /* (S,*) */
    };
    HANDLE a, b;
    DWORD ret, id, component;
    unsigned int i;

    a = register_mgm_protocol(PROTO_TEST_MGM, 6);
    b = register_mgm_protocol(PROTO_TEST_MGM, 7);
    if (!a || !b) return;

    winetest_push_context("MgmTakeInterfaceOwnership");
    ret = MgmTakeInterfaceOwnership(a, 8, 0);
    ok(!ret, "got %lu\n", ret);
    ret = MgmTakeInterfaceOwnership(b, 8, 0);
    ok(ret == ERROR_ALREADY_EXISTS, "foreign interface: got %lu\n", ret);
    ret = MgmTakeInterfaceOwnership(a, 0xffffffff, 0xffffffff);
    ok(!ret, "maximal interface: got %lu\n", ret);
    winetest_pop_context();

    winetest_push_context("MgmDeRegisterMProtocol");
    ret = MgmDeRegisterMProtocol(a);
    ok(ret == ERROR_CAN_NOT_COMPLETE, "protocol owning interfaces: got %lu\n", ret);
    winetest_pop_context();

    winetest_push_context("MgmReleaseInterfaceOwnership");
    ret = MgmReleaseInterfaceOwnership(b, 8, 0);
    ok(ret == ERROR_INVALID_PARAMETER, "foreign interface: got %lu\n", ret);
    ret = MgmReleaseInterfaceOwnership(a, 9, 0);
    ok(ret == ERROR_INVALID_PARAMETER, "unknown interface: got %lu\n", ret);
    ret = MgmReleaseInterfaceOwnership(a, 8, 1);
    ok(ret == ERROR_INVALID_PARAMETER, "other next hop: got %lu\n", ret);
    winetest_pop_context();

    winetest_push_context("MgmGetProtocolOnInterface");
    ret = MgmGetProtocolOnInterface(9, 0, &id, &component);
    ok(ret == ERROR_NOT_FOUND, "unknown interface: got %lu\n", ret);
    if (winetest_platform_is_wine)
    {
        ret = MgmGetProtocolOnInterface(8, 0, NULL, &component);
        expect_fail(ret);
        ret = MgmGetProtocolOnInterface(8, 0, &id, NULL);
        expect_fail(ret);
    }
    winetest_pop_context();

    winetest_push_context("MgmAddGroupMembershipEntry");
    for (i = 0; i < ARRAY_SIZE(bad_entries); i++)
    {
        ret = MgmAddGroupMembershipEntry(a, bad_entries[i].source, bad_entries[i].source_mask,
                bad_entries[i].group, bad_entries[i].group_mask, 8, 0, bad_entries[i].flags);
        ok(ret != NO_ERROR, "entry %u: succeeded\n", i);
    }
    ret = MgmAddGroupMembershipEntry(b, 0, 0, IP(224, 1, 1, 1), 0xffffffff, 8, 0, MGM_JOIN_STATE_FLAG);
    ok(ret == ERROR_INVALID_PARAMETER, "foreign interface: got %lu\n", ret);
    ret = MgmAddGroupMembershipEntry(a, 0, 0, IP(224, 1, 1, 1), 0xffffffff, 9, 0, MGM_JOIN_STATE_FLAG);
    ok(ret == ERROR_INVALID_PARAMETER, "unknown interface: got %lu\n", ret);
    winetest_pop_context();

    winetest_push_context("MgmDeleteGroupMembershipEntry");
    ret = MgmDeleteGroupMembershipEntry(a, 0, 0, IP(224, 1, 1, 1), 0xffffffff, 9, 0, MGM_JOIN_STATE_FLAG);
    ok(ret == ERROR_NOT_FOUND, "unknown interface: got %lu\n", ret);
    ret = MgmDeleteGroupMembershipEntry(b, 0, 0, IP(224, 1, 1, 1), 0xffffffff, 8, 0, MGM_JOIN_STATE_FLAG);
    ok(ret == ERROR_INVALID_PARAMETER, "foreign interface: got %lu\n", ret);
    ret = MgmDeleteGroupMembershipEntry(a, 0, 0, IP(224, 1, 1, 1), 0xffffffff, 8, 0, 0x4);
    expect_fail(ret);
    ret = MgmDeleteGroupMembershipEntry(a, 0, 0, IP(224, 1, 1, 1), 0xffffffff, 8, 0, MGM_JOIN_STATE_FLAG);
    ok(ret == ERROR_NOT_FOUND, "no membership: got %lu\n", ret);
    winetest_pop_context();

    ret = MgmReleaseInterfaceOwnership(a, 8, 0);
    ok(!ret, "got %lu\n", ret);
    ret = MgmReleaseInterfaceOwnership(a, 8, 0);
    ok(ret == ERROR_INVALID_PARAMETER, "double release: got %lu\n", ret);
    ret = MgmReleaseInterfaceOwnership(a, 0xffffffff, 0xffffffff);
    ok(!ret, "got %lu\n", ret);
    ret = MgmDeRegisterMProtocol(a);
    ok(!ret, "got %lu\n", ret);
    ret = MgmDeRegisterMProtocol(b);
    ok(!ret, "got %lu\n", ret);
}

static void test_mgm_mfe(void)
{
    static const DWORD bad_stats_flags[] = { 0, 0x4, MGM_MFE_STATS_0 | MGM_MFE_STATS_1, 0x80000000, 0xffffffff };
    union
    {
        MIB_IPMCAST_MFE mfe;
        BYTE bytes[1024];
    } buffer;
    MIB_IPMCAST_MFE key;
    DWORD ret, size, count;
    unsigned int i;

    memset(&key, 0, sizeof(key));
    key.dwGroup = IP(224, 9, 9, 9);
    key.dwSource = IP(10, 9, 9, 9);
    key.dwSrcMask = 0xffffffff;

    winetest_push_context("MgmGetMfe");
    size = sizeof(buffer);
    ret = MgmGetMfe(&key, &size, buffer.bytes);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    size = 0;
    ret = MgmGetMfe(&key, &size, NULL);
    ok(ret == ERROR_NOT_FOUND, "size 0: got %lu\n", ret);
    if (winetest_platform_is_wine)
    {
        size = sizeof(buffer);
        ret = MgmGetMfe(NULL, &size, buffer.bytes);
        expect_fail(ret);
        ret = MgmGetMfe(&key, NULL, buffer.bytes);
        expect_fail(ret);
        size = 0xffffffff;
        ret = MgmGetMfe(&key, &size, NULL);
        expect_fail(ret);
    }
    winetest_pop_context();

    winetest_push_context("MgmGetMfeStats");
    size = sizeof(buffer);
    ret = MgmGetMfeStats(&key, &size, buffer.bytes, MGM_MFE_STATS_0);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    for (i = 0; i < ARRAY_SIZE(bad_stats_flags); i++)
    {
        size = sizeof(buffer);
        ret = MgmGetMfeStats(&key, &size, buffer.bytes, bad_stats_flags[i]);
        ok(ret != NO_ERROR, "flags %#lx: succeeded\n", bad_stats_flags[i]);
    }
    if (winetest_platform_is_wine)
    {
        size = sizeof(buffer);
        ret = MgmGetMfeStats(NULL, &size, buffer.bytes, MGM_MFE_STATS_0);
        expect_fail(ret);
        ret = MgmGetMfeStats(&key, NULL, buffer.bytes, MGM_MFE_STATS_0);
        expect_fail(ret);
    }
    winetest_pop_context();

    winetest_push_context("MgmGetFirstMfe");
    size = sizeof(buffer);
    count = 0xdeadbeef;
    ret = MgmGetFirstMfe(&size, buffer.bytes, &count);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    ok(!count, "got %lu entries\n", count);
    if (winetest_platform_is_wine)
    {
        ret = MgmGetFirstMfe(NULL, buffer.bytes, &count);
        expect_fail(ret);
        size = sizeof(buffer);
        ret = MgmGetFirstMfe(&size, buffer.bytes, NULL);
        expect_fail(ret);
        size = 0xffffffff;
        ret = MgmGetFirstMfe(&size, NULL, &count);
        expect_fail(ret);
    }
    winetest_pop_context();

    winetest_push_context("MgmGetNextMfe");
    size = sizeof(buffer);
    ret = MgmGetNextMfe(&key, &size, buffer.bytes, &count);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    key.dwGroup = key.dwSource = 0xffffffff;
    size = sizeof(buffer);
    ret = MgmGetNextMfe(&key, &size, buffer.bytes, &count);
    ok(ret == ERROR_NO_MORE_ITEMS, "maximal start: got %lu\n", ret);
    if (winetest_platform_is_wine)
    {
        size = sizeof(buffer);
        ret = MgmGetNextMfe(NULL, &size, buffer.bytes, &count);
        expect_fail(ret);
        ret = MgmGetNextMfe(&key, NULL, buffer.bytes, &count);
        expect_fail(ret);
        ret = MgmGetNextMfe(&key, &size, buffer.bytes, NULL);
        expect_fail(ret);
    }
    winetest_pop_context();

    winetest_push_context("MgmGetFirstMfeStats");
    for (i = 0; i < ARRAY_SIZE(bad_stats_flags); i++)
    {
        size = sizeof(buffer);
        ret = MgmGetFirstMfeStats(&size, buffer.bytes, &count, bad_stats_flags[i]);
        ok(ret != NO_ERROR, "flags %#lx: succeeded\n", bad_stats_flags[i]);
    }
    if (winetest_platform_is_wine)
    {
        ret = MgmGetFirstMfeStats(NULL, buffer.bytes, &count, MGM_MFE_STATS_0);
        expect_fail(ret);
        size = sizeof(buffer);
        ret = MgmGetFirstMfeStats(&size, buffer.bytes, NULL, MGM_MFE_STATS_1);
        expect_fail(ret);
    }
    winetest_pop_context();

    winetest_push_context("MgmGetNextMfeStats");
    for (i = 0; i < ARRAY_SIZE(bad_stats_flags); i++)
    {
        size = sizeof(buffer);
        ret = MgmGetNextMfeStats(&key, &size, buffer.bytes, &count, bad_stats_flags[i]);
        ok(ret != NO_ERROR, "flags %#lx: succeeded\n", bad_stats_flags[i]);
    }
    if (winetest_platform_is_wine)
    {
        size = sizeof(buffer);
        ret = MgmGetNextMfeStats(NULL, &size, buffer.bytes, &count, MGM_MFE_STATS_0);
        expect_fail(ret);
        ret = MgmGetNextMfeStats(&key, NULL, buffer.bytes, &count, MGM_MFE_STATS_0);
        expect_fail(ret);
    }
    winetest_pop_context();
}

/* ---- RTMv2 ----------------------------------------------------------------- */

/* room for every view and plenty of next hops */
union dest_buffer
{
    RTM_DEST_INFO info;
    BYTE bytes[RTM_SIZE_OF_DEST_INFO(RTM_MAX_VIEWS)];
};

union route_buffer
{
    RTM_ROUTE_INFO info;
    BYTE bytes[RTM_SIZE_OF_ROUTE_INFO(64)];
};

static RTM_ENTITY_INFO entity_info(USHORT family, ULONG protocol)
{
    RTM_ENTITY_INFO info;

    memset(&info, 0, sizeof(info));
    info.RtmInstanceId = 0;
    info.AddressFamily = family;
    info.EntityId.EntityProtocolId = protocol;
    info.EntityId.EntityInstanceId = 1;
    return info;
}

static RTM_NET_ADDRESS net_address(USHORT family, USHORT bits, BYTE first)
{
    RTM_NET_ADDRESS address;

    memset(&address, 0, sizeof(address));
    address.AddressFamily = family;
    address.NumBits = bits;
    address.AddrBits[0] = first;
    return address;
}

/* Every RTMv2 call that takes a registration handle, with a handle that is
 * not one.  Every other argument is valid-looking, so only the handle can be
 * blamed.  Where the function's page lists ERROR_INVALID_HANDLE that code is
 * expected, elsewhere (expected 0) only a failure. */
static void call_v2_with_entity(HANDLE entity)
{
    RTM_NET_ADDRESS address = net_address(AF_INET, 8, 10);
    RTM_ENTITY_HANDLE handles[4];
    RTM_ENTITY_INFO infos[4];
    RTM_NEXTHOP_INFO nexthop;
    union route_buffer route;
    union dest_buffer dest;
    RTM_ENTITY_EXPORT_METHOD methods[4];
    RTM_ENTITY_METHOD_INPUT input;
    RTM_ENTITY_METHOD_OUTPUT output;
    RTM_ROUTE_INFO *route_ptr;
    RTM_NEXTHOP_INFO *nexthop_ptr;
    HANDLE out, some = (HANDLE)(ULONG_PTR)0x12345;
    RTM_VIEW_SET views;
    DWORD ret, flags;
    BOOL status;
    UINT num;
    void *opaque;

    memset(&nexthop, 0, sizeof(nexthop));
    nexthop.NextHopAddress = net_address(AF_INET, 32, 10);
    nexthop.InterfaceIndex = 1;
    memset(&route, 0, sizeof(route));
    route.info.PrefInfo.Metric = 1;
    route.info.BelongsToViews = RTM_VIEW_MASK_UCAST;
    memset(&dest, 0, sizeof(dest));
    memset(infos, 0, sizeof(infos));
    memset(&input, 0, sizeof(input));
    memset(&output, 0, sizeof(output));

#define V2(name, call, expected) \
    do { \
        winetest_push_context(name); \
        ret = call; \
        if (expected) expect_v2(expected, ret); \
        else expect_fail(ret); \
        winetest_pop_context(); \
    } while (0)

    V2("RtmGetRegisteredEntities", (num = ARRAY_SIZE(handles), RtmGetRegisteredEntities(entity, &num, handles, infos)),
       0);
    V2("RtmReleaseEntities", RtmReleaseEntities(entity, 1, &some), ERROR_INVALID_HANDLE);
    V2("RtmLockDestination", RtmLockDestination(entity, some, TRUE, TRUE), ERROR_INVALID_HANDLE);
    V2("RtmGetOpaqueInformationPointer", RtmGetOpaqueInformationPointer(entity, some, &opaque), ERROR_INVALID_HANDLE);
    V2("RtmGetEntityMethods", (num = ARRAY_SIZE(methods), RtmGetEntityMethods(entity, some, &num, methods)),
       0);
    V2("RtmInvokeMethod", (num = sizeof(output), RtmInvokeMethod(entity, some, &input, &num, &output)),
       ERROR_INVALID_HANDLE);
    V2("RtmBlockMethods", RtmBlockMethods(entity, NULL, 0, RTM_BLOCK_METHODS), ERROR_INVALID_HANDLE);
    V2("RtmGetEntityInfo", RtmGetEntityInfo(entity, some, infos), ERROR_INVALID_HANDLE);
    V2("RtmGetDestInfo", RtmGetDestInfo(entity, some, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info),
       ERROR_INVALID_HANDLE);
    V2("RtmGetRouteInfo", RtmGetRouteInfo(entity, some, &route.info, NULL), ERROR_INVALID_HANDLE);
    V2("RtmGetNextHopInfo", RtmGetNextHopInfo(entity, some, &nexthop), ERROR_INVALID_HANDLE);
    V2("RtmReleaseEntityInfo", RtmReleaseEntityInfo(entity, infos), ERROR_INVALID_HANDLE);
    V2("RtmReleaseDestInfo", RtmReleaseDestInfo(entity, &dest.info), ERROR_INVALID_HANDLE);
    V2("RtmReleaseRouteInfo", RtmReleaseRouteInfo(entity, &route.info), ERROR_INVALID_HANDLE);
    V2("RtmReleaseNextHopInfo", RtmReleaseNextHopInfo(entity, &nexthop), ERROR_INVALID_HANDLE);
    V2("RtmAddRouteToDest", (out = NULL, flags = 0, RtmAddRouteToDest(entity, &out, &address, &route.info, INFINITE, NULL, 0, NULL, &flags)),
       ERROR_INVALID_HANDLE);
    V2("RtmDeleteRouteToDest", RtmDeleteRouteToDest(entity, some, &flags), ERROR_INVALID_HANDLE);
    V2("RtmHoldDestination", RtmHoldDestination(entity, some, RTM_VIEW_MASK_UCAST, 10), ERROR_INVALID_HANDLE);
    V2("RtmGetRoutePointer", RtmGetRoutePointer(entity, some, &route_ptr), ERROR_INVALID_HANDLE);
    V2("RtmLockRoute", RtmLockRoute(entity, some, TRUE, TRUE, &route_ptr), ERROR_INVALID_HANDLE);
    V2("RtmUpdateAndUnlockRoute", RtmUpdateAndUnlockRoute(entity, some, INFINITE, NULL, 0, NULL, &flags),
       0);
    V2("RtmGetExactMatchDestination", RtmGetExactMatchDestination(entity, &address, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info),
       0);
    V2("RtmGetMostSpecificDestination", RtmGetMostSpecificDestination(entity, &address, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info),
       ERROR_INVALID_HANDLE);
    V2("RtmGetLessSpecificDestination", RtmGetLessSpecificDestination(entity, some, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info),
       0);
    V2("RtmGetExactMatchRoute", RtmGetExactMatchRoute(entity, &address, RTM_MATCH_NONE, &route.info, 0, RTM_VIEW_MASK_UCAST, &out),
       0);
    V2("RtmIsBestRoute", RtmIsBestRoute(entity, some, &views), ERROR_INVALID_HANDLE);
    V2("RtmAddNextHop", (out = NULL, RtmAddNextHop(entity, &nexthop, &out, &flags)), 0);
    V2("RtmFindNextHop", RtmFindNextHop(entity, &nexthop, &out, &nexthop_ptr), 0);
    V2("RtmDeleteNextHop", RtmDeleteNextHop(entity, some, NULL), 0);
    V2("RtmGetNextHopPointer", RtmGetNextHopPointer(entity, some, &nexthop_ptr), ERROR_INVALID_HANDLE);
    V2("RtmLockNextHop", RtmLockNextHop(entity, some, TRUE, TRUE, &nexthop_ptr), 0);
    V2("RtmCreateDestEnum", RtmCreateDestEnum(entity, RTM_VIEW_MASK_UCAST, RTM_ENUM_START, NULL, RTM_BEST_PROTOCOL, &out),
       0);
    V2("RtmGetEnumDests", (num = 1, RtmGetEnumDests(entity, some, &num, &dest.info)), 0);
    V2("RtmReleaseDests", RtmReleaseDests(entity, 1, &dest.info), ERROR_INVALID_HANDLE);
    V2("RtmCreateRouteEnum", RtmCreateRouteEnum(entity, NULL, RTM_VIEW_MASK_UCAST, RTM_ENUM_START, NULL, RTM_MATCH_NONE, NULL, 0, &out),
       0);
    V2("RtmGetEnumRoutes", (num = 1, RtmGetEnumRoutes(entity, some, &num, &out)), 0);
    V2("RtmReleaseRoutes", RtmReleaseRoutes(entity, 1, &some), ERROR_INVALID_HANDLE);
    V2("RtmCreateNextHopEnum", RtmCreateNextHopEnum(entity, RTM_ENUM_START, NULL, &out), 0);
    V2("RtmGetEnumNextHops", (num = 1, RtmGetEnumNextHops(entity, some, &num, &out)), 0);
    V2("RtmReleaseNextHops", RtmReleaseNextHops(entity, 1, &some), ERROR_INVALID_HANDLE);
    V2("RtmDeleteEnumHandle", RtmDeleteEnumHandle(entity, some), ERROR_INVALID_HANDLE);
    V2("RtmRegisterForChangeNotification", RtmRegisterForChangeNotification(entity, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_BEST, NULL, &out),
       0);
    V2("RtmGetChangedDests", (num = 1, RtmGetChangedDests(entity, some, &num, &dest.info)), 0);
    V2("RtmReleaseChangedDests", RtmReleaseChangedDests(entity, some, 1, &dest.info), ERROR_INVALID_HANDLE);
    V2("RtmIgnoreChangedDests", RtmIgnoreChangedDests(entity, some, 1, &some), ERROR_INVALID_HANDLE);
    V2("RtmGetChangeStatus", RtmGetChangeStatus(entity, some, some, &status), ERROR_INVALID_HANDLE);
    V2("RtmMarkDestForChangeNotification", RtmMarkDestForChangeNotification(entity, some, some, TRUE), ERROR_INVALID_HANDLE);
    V2("RtmIsMarkedForChangeNotification", RtmIsMarkedForChangeNotification(entity, some, some, &status), ERROR_INVALID_HANDLE);
    V2("RtmDeregisterFromChangeNotification", RtmDeregisterFromChangeNotification(entity, some), ERROR_INVALID_HANDLE);
    V2("RtmCreateRouteList", RtmCreateRouteList(entity, &out), 0);
    V2("RtmInsertInRouteList", RtmInsertInRouteList(entity, some, 1, &some), ERROR_INVALID_HANDLE);
    V2("RtmCreateRouteListEnum", RtmCreateRouteListEnum(entity, some, &out), 0);
    V2("RtmGetListEnumRoutes", (num = 1, RtmGetListEnumRoutes(entity, some, &num, &out)), 0);
    V2("RtmDeleteRouteList", RtmDeleteRouteList(entity, some), ERROR_INVALID_HANDLE);
    V2("RtmReferenceHandles", RtmReferenceHandles(entity, 1, &some), ERROR_INVALID_HANDLE);
    V2("RtmDereferenceHandles", RtmDereferenceHandles(entity, 1, &some), 0);
    /* nothing to release does not make a bad registration handle good */
    V2("RtmReleaseEntities (none)", RtmReleaseEntities(entity, 0, NULL), ERROR_INVALID_HANDLE);
    V2("RtmReleaseDests (none)", RtmReleaseDests(entity, 0, NULL), ERROR_INVALID_HANDLE);
    V2("RtmReleaseRoutes (none)", RtmReleaseRoutes(entity, 0, NULL), ERROR_INVALID_HANDLE);
    V2("RtmReleaseNextHops (none)", RtmReleaseNextHops(entity, 0, NULL), ERROR_INVALID_HANDLE);
    V2("RtmReferenceHandles (none)", RtmReferenceHandles(entity, 0, NULL), ERROR_INVALID_HANDLE);
    V2("RtmDeregisterEntity", RtmDeregisterEntity(entity), ERROR_INVALID_HANDLE);
#undef V2
}

static void test_v2_entity_handles(void)
{
    struct bad_handle handles[MAX_BAD_HANDLES];
    RTM_ENTITY_INFO info = entity_info(AF_INET, PROTO_TEST_V2);
    RTM_REGN_PROFILE profile;
    HANDLE entity = NULL, v1_client, v1_enum, mgm;
    RTM_IP_ROUTE route = ip_route(IP(10, 94, 0, 0), IP(255, 255, 0, 0), 1, IP(10, 0, 0, 1));
    char buffer[64];
    unsigned int i, n;
    DWORD ret, flags;

    n = forged_handles(handles, buffer);

    ret = RtmRegisterEntity(&info, NULL, NULL, FALSE, &profile, &entity);
    if (!ret)
    {
        ret = RtmDeregisterEntity(entity);
        ok(!ret, "RtmDeregisterEntity returned %lu\n", ret);
        add_handle(handles, &n, "deregistered entity", entity);
    }
    else ok(ret == ERROR_CALL_NOT_IMPLEMENTED, "RtmRegisterEntity returned %lu\n", ret);

    v1_client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_TEST_IP, NULL, 0);
    ok(v1_client != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
    add_handle(handles, &n, "v1 client", v1_client);
    ret = RtmAddRoute(v1_client, &route, INFINITE, &flags, NULL, NULL);
    ok(!ret, "RtmAddRoute returned %lu\n", ret);
    v1_enum = RtmCreateEnumerationHandle(RTM_PROTOCOL_FAMILY_IP, 0, NULL);
    ok(v1_enum != NULL, "RtmCreateEnumerationHandle failed, error %lu\n", GetLastError());
    add_handle(handles, &n, "v1 enumeration", v1_enum);
    mgm = register_mgm_protocol(PROTO_TEST_MGM, 8);
    add_handle(handles, &n, "MGM protocol", mgm);

    for (i = 0; i < n; i++)
    {
        winetest_push_context("%s", handles[i].what);
        call_v2_with_entity(handles[i].handle);
        winetest_pop_context();
    }

    /* none of that hurt the v1 client or enumeration */
    ret = RtmCloseEnumerationHandle(v1_enum);
    ok(!ret, "RtmCloseEnumerationHandle returned %lu\n", ret);
    ret = RtmDeregisterClient(v1_client);
    ok(!ret, "RtmDeregisterClient returned %lu\n", ret);
    if (mgm)
    {
        ret = MgmDeRegisterMProtocol(mgm);
        ok(!ret, "MgmDeRegisterMProtocol returned %lu\n", ret);
    }
}

static void test_v2_register(void)
{
    static const USHORT bad_families[] = { 0, 1, 0x1234, 0xffff };
    RTM_ENTITY_INFO info = entity_info(AF_INET, PROTO_TEST_V2);
    RTM_REGN_PROFILE profile;
    HANDLE entity, entity2;
    unsigned int i;
    DWORD ret;

    winetest_push_context("RtmRegisterEntity");
    if (winetest_platform_is_wine)
    {
        ret = RtmRegisterEntity(NULL, NULL, NULL, FALSE, &profile, &entity);
        expect_fail(ret);
        ret = RtmRegisterEntity(&info, NULL, NULL, FALSE, &profile, NULL);
        expect_fail(ret);
    }
    for (i = 0; i < ARRAY_SIZE(bad_families); i++)
    {
        info = entity_info(bad_families[i], PROTO_TEST_V2);
        entity = NULL;
        ret = RtmRegisterEntity(&info, NULL, NULL, FALSE, &profile, &entity);
        ok(ret != NO_ERROR, "family %u: succeeded\n", bad_families[i]);
        if (!ret) RtmDeregisterEntity(entity);
    }
    info = entity_info(AF_INET, PROTO_TEST_V2);
    info.RtmInstanceId = 0xffff;
    ret = RtmRegisterEntity(&info, NULL, NULL, FALSE, &profile, &entity);
    ok(ret != NO_ERROR, "instance 0xffff: succeeded\n");
    if (!ret) RtmDeregisterEntity(entity);

    info = entity_info(AF_INET, PROTO_TEST_V2);
    ret = RtmRegisterEntity(&info, NULL, NULL, FALSE, &profile, &entity);
    if (ret == ERROR_CALL_NOT_IMPLEMENTED)
    {
        winetest_pop_context();
        skip("RtmRegisterEntity is not implemented\n");
        return;
    }
    ok(!ret, "got %lu\n", ret);
    if (ret)
    {
        winetest_pop_context();
        return;
    }
    ret = RtmRegisterEntity(&info, NULL, NULL, FALSE, &profile, &entity2);
    ok(ret == ERROR_ALREADY_EXISTS, "second registration: got %lu\n", ret);
    if (!ret) RtmDeregisterEntity(entity2);
    winetest_pop_context();

    winetest_push_context("RtmDeregisterEntity");
    ret = RtmDeregisterEntity(entity);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeregisterEntity(entity);
    ok(ret == ERROR_INVALID_HANDLE, "second deregistration: got %lu\n", ret);
    winetest_pop_context();
}

/* a registered entity with everything else wrong */
static void test_v2_arguments(void)
{
    RTM_ENTITY_INFO info = entity_info(AF_INET, PROTO_TEST_V2), infos[2];
    RTM_NET_ADDRESS good = net_address(AF_INET, 16, 10), bad;
    RTM_REGN_PROFILE profile;
    RTM_NEXTHOP_INFO nexthop;
    union route_buffer route_buffer;
    RTM_ROUTE_INFO route;
    union dest_buffer dest;
    HANDLE entity, nexthop_handle = NULL, route_handle = NULL, enum_handle, list, notify, out, handles[2];
    RTM_ENTITY_HANDLE entities[1];
    static const USHORT bad_bits[] = { 33, 64, 0xffff };
    RTM_NOTIFY_FLAGS notify_flags;
    unsigned int i;
    DWORD ret, flags;
    UINT num;

    ret = RtmRegisterEntity(&info, NULL, NULL, FALSE, &profile, &entity);
    if (ret)
    {
        ok(ret == ERROR_CALL_NOT_IMPLEMENTED, "RtmRegisterEntity returned %lu\n", ret);
        skip("RtmRegisterEntity is not implemented, no argument checks with a valid entity\n");
        return;
    }

    /* prefix lengths and address families the entity cannot have */
    memset(&nexthop, 0, sizeof(nexthop));
    memset(&route, 0, sizeof(route));
    route.PrefInfo.Metric = 1;
    route.BelongsToViews = RTM_VIEW_MASK_UCAST;

    winetest_push_context("RtmAddNextHop");
    nexthop.NextHopAddress = net_address(AF_INET, 33, 10);
    nexthop.InterfaceIndex = 1;
    out = NULL;
    ret = RtmAddNextHop(entity, &nexthop, &out, &flags);
    ok(ret == ERROR_INVALID_PARAMETER, "33 bits: got %lu\n", ret);
    nexthop.NextHopAddress = net_address(AF_INET6, 32, 10);
    out = NULL;
    ret = RtmAddNextHop(entity, &nexthop, &out, &flags);
    ok(ret != NO_ERROR, "IPv6 next hop in an IPv4 entity: succeeded\n");
    if (winetest_platform_is_wine)
    {
        out = NULL;
        ret = RtmAddNextHop(entity, NULL, &out, &flags);
        expect_fail(ret);
    }
    nexthop.NextHopAddress = net_address(AF_INET, 32, 10);
    ret = RtmAddNextHop(entity, &nexthop, &nexthop_handle, &flags);
    ok(!ret, "valid next hop: got %lu\n", ret);
    winetest_pop_context();

    winetest_push_context("RtmAddRouteToDest");
    route.NextHopsList.NumNextHops = 1;
    route.NextHopsList.NextHops[0] = nexthop_handle;
    for (i = 0; i < ARRAY_SIZE(bad_bits); i++)
    {
        bad = good;
        bad.NumBits = bad_bits[i];
        out = NULL;
        ret = RtmAddRouteToDest(entity, &out, &bad, &route, INFINITE, NULL, 0, NULL, &flags);
        ok(ret == ERROR_INVALID_PARAMETER, "%u bits: got %lu\n", bad.NumBits, ret);
    }
    bad = good;
    bad.AddressFamily = AF_INET6;
    out = NULL;
    ret = RtmAddRouteToDest(entity, &out, &bad, &route, INFINITE, NULL, 0, NULL, &flags);
    ok(ret != NO_ERROR, "IPv6 destination: succeeded\n");
    route.BelongsToViews = 0x80000000;
    out = NULL;
    ret = RtmAddRouteToDest(entity, &out, &good, &route, INFINITE, NULL, 0, NULL, &flags);
    ok(ret != NO_ERROR, "unsupported view: succeeded\n");
    route.BelongsToViews = RTM_VIEW_MASK_UCAST;
    if (winetest_platform_is_wine)
    {
        out = NULL;
        ret = RtmAddRouteToDest(entity, &out, &good, NULL, INFINITE, NULL, 0, NULL, &flags);
        expect_fail(ret);
        out = NULL;
        ret = RtmAddRouteToDest(entity, &out, NULL, &route, INFINITE, NULL, 0, NULL, &flags);
        expect_fail(ret);
    }
    out = NULL;
    flags = 0;
    ret = RtmAddRouteToDest(entity, &route_handle, &good, &route, INFINITE, NULL, 0, NULL, &flags);
    ok(!ret, "valid route: got %lu\n", ret);
    winetest_pop_context();

    winetest_push_context("destination queries");
    bad = good;
    bad.NumBits = 33;
    ret = RtmGetExactMatchDestination(entity, &bad, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(ret != NO_ERROR, "RtmGetExactMatchDestination, 33 bits: succeeded\n");
    ret = RtmGetMostSpecificDestination(entity, &bad, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(ret != NO_ERROR, "RtmGetMostSpecificDestination, 33 bits: succeeded\n");
    ret = RtmGetExactMatchRoute(entity, &bad, RTM_MATCH_NONE, &route, 0, RTM_VIEW_MASK_UCAST, &out);
    ok(ret != NO_ERROR, "RtmGetExactMatchRoute, 33 bits: succeeded\n");
    bad = good;
    bad.AddressFamily = 0x1234;
    ret = RtmGetExactMatchDestination(entity, &bad, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(ret != NO_ERROR, "RtmGetExactMatchDestination, family 0x1234: succeeded\n");
    /* a route handle is not a destination handle, nor a next hop one */
    if (route_handle)
    {
        ret = RtmGetDestInfo(entity, route_handle, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
        ok(ret == ERROR_INVALID_HANDLE, "RtmGetDestInfo with a route handle: got %lu\n", ret);
        ret = RtmGetNextHopInfo(entity, route_handle, &nexthop);
        ok(ret == ERROR_INVALID_HANDLE, "RtmGetNextHopInfo with a route handle: got %lu\n", ret);
    }
    if (nexthop_handle)
    {
        ret = RtmGetRouteInfo(entity, nexthop_handle, &route_buffer.info, NULL);
        ok(ret == ERROR_INVALID_HANDLE, "RtmGetRouteInfo with a next hop handle: got %lu\n", ret);
    }
    ret = RtmGetDestInfo(entity, entity, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(ret == ERROR_INVALID_HANDLE, "RtmGetDestInfo with the entity handle: got %lu\n", ret);
    ret = RtmGetExactMatchDestination(entity, &good, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(!ret, "RtmGetExactMatchDestination: got %lu\n", ret);
    if (!ret)
    {
        winetest_push_context("RtmHoldDestination");
        ret = RtmHoldDestination(entity, dest.info.DestHandle, RTM_VIEW_MASK_UCAST, 0);
        ok(ret == ERROR_INVALID_PARAMETER, "hold time 0: got %lu\n", ret);
        winetest_pop_context();
        RtmReleaseDestInfo(entity, &dest.info);
    }
    winetest_pop_context();

    winetest_push_context("enumerations");
    ret = RtmCreateDestEnum(entity, 0x80000000, RTM_ENUM_START, NULL, RTM_BEST_PROTOCOL, &enum_handle);
    ok(ret == ERROR_NOT_SUPPORTED, "RtmCreateDestEnum, unsupported view: got %lu\n", ret);
    if (!ret) RtmDeleteEnumHandle(entity, enum_handle);
    ret = RtmCreateDestEnum(entity, RTM_VIEW_MASK_UCAST, 0x00800000, NULL, RTM_BEST_PROTOCOL, &enum_handle);
    ok(ret != NO_ERROR, "RtmCreateDestEnum, undefined flag: succeeded\n");
    if (!ret) RtmDeleteEnumHandle(entity, enum_handle);
    bad = good;
    bad.NumBits = 33;
    ret = RtmCreateDestEnum(entity, RTM_VIEW_MASK_UCAST, RTM_ENUM_RANGE, &bad, RTM_BEST_PROTOCOL, &enum_handle);
    ok(ret == ERROR_INVALID_PARAMETER, "RtmCreateDestEnum, 33 bits: got %lu\n", ret);
    if (!ret) RtmDeleteEnumHandle(entity, enum_handle);
    ret = RtmCreateRouteEnum(entity, NULL, 0x80000000, RTM_ENUM_START, NULL, RTM_MATCH_NONE, NULL, 0, &enum_handle);
    ok(ret == ERROR_NOT_SUPPORTED, "RtmCreateRouteEnum, unsupported view: got %lu\n", ret);
    if (!ret) RtmDeleteEnumHandle(entity, enum_handle);
    ret = RtmCreateNextHopEnum(entity, RTM_ENUM_RANGE, &bad, &enum_handle);
    ok(ret == ERROR_INVALID_PARAMETER, "RtmCreateNextHopEnum, 33 bits: got %lu\n", ret);
    if (!ret) RtmDeleteEnumHandle(entity, enum_handle);

    ret = RtmCreateDestEnum(entity, RTM_VIEW_MASK_UCAST, RTM_ENUM_START, NULL, RTM_BEST_PROTOCOL, &enum_handle);
    ok(!ret, "RtmCreateDestEnum: got %lu\n", ret);
    if (!ret)
    {
        /* documented: asking for more than MaxHandlesInEnum */
        num = profile.MaxHandlesInEnum + 1;
        if (num > 1 && num < 0x10000)
        {
            BYTE *many = calloc(num, RTM_SIZE_OF_DEST_INFO(RTM_MAX_VIEWS));

            ret = RtmGetEnumDests(entity, enum_handle, &num, (RTM_DEST_INFO *)many);
            ok(ret == ERROR_INVALID_PARAMETER, "RtmGetEnumDests, %u > MaxHandlesInEnum: got %lu\n", num, ret);
            free(many);
        }
        else skip("MaxHandlesInEnum is %u\n", profile.MaxHandlesInEnum);
        /* the entity handle is not an enumeration handle */
        num = 1;
        ret = RtmGetEnumDests(entity, entity, &num, &dest.info);
        ok(ret == ERROR_INVALID_HANDLE || ret == ERROR_INVALID_PARAMETER, "RtmGetEnumDests with the entity: got %lu\n", ret);
        ret = RtmDeleteEnumHandle(entity, enum_handle);
        ok(!ret, "RtmDeleteEnumHandle: got %lu\n", ret);
        ret = RtmDeleteEnumHandle(entity, enum_handle);
        ok(ret == ERROR_INVALID_HANDLE, "second RtmDeleteEnumHandle: got %lu\n", ret);
        num = 1;
        ret = RtmGetEnumDests(entity, enum_handle, &num, &dest.info);
        ok(ret != NO_ERROR, "RtmGetEnumDests on a deleted enumeration: succeeded\n");
    }
    winetest_pop_context();

    winetest_push_context("notifications");
    ret = RtmRegisterForChangeNotification(entity, 0x80000000, RTM_CHANGE_TYPE_BEST, NULL, &notify);
    ok(ret == ERROR_NOT_SUPPORTED, "unsupported view: got %lu\n", ret);
    if (!ret) RtmDeregisterFromChangeNotification(entity, notify);
    notify_flags = 0x00000100;
    ret = RtmRegisterForChangeNotification(entity, RTM_VIEW_MASK_UCAST, notify_flags, NULL, &notify);
    ok(ret != NO_ERROR, "undefined flag: succeeded\n");
    if (!ret) RtmDeregisterFromChangeNotification(entity, notify);
    ret = RtmRegisterForChangeNotification(entity, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_BEST, NULL, &notify);
    ok(!ret, "got %lu\n", ret);
    if (!ret)
    {
        ret = RtmDeregisterFromChangeNotification(entity, notify);
        ok(!ret, "got %lu\n", ret);
        ret = RtmDeregisterFromChangeNotification(entity, notify);
        ok(ret == ERROR_INVALID_HANDLE, "second deregistration: got %lu\n", ret);
    }
    winetest_pop_context();

    winetest_push_context("route lists");
    ret = RtmCreateRouteList(entity, &list);
    todo_wine_if(ret == ERROR_CALL_NOT_IMPLEMENTED)
    ok(!ret, "RtmCreateRouteList: got %lu\n", ret);
    if (!ret)
    {
        ret = RtmDeleteRouteList(entity, list);
        ok(!ret, "RtmDeleteRouteList: got %lu\n", ret);
        ret = RtmDeleteRouteList(entity, list);
        ok(ret == ERROR_INVALID_HANDLE, "second RtmDeleteRouteList: got %lu\n", ret);
        handles[0] = route_handle;
        ret = RtmInsertInRouteList(entity, list, 1, handles);
        ok(ret == ERROR_INVALID_HANDLE, "RtmInsertInRouteList on a deleted list: got %lu\n", ret);
    }
    winetest_pop_context();

    /* Our choice: a route is its owner's to write while locked, but a
     * next-hop count it cannot hold must not make an enumeration read past
     * the route (Windows may trust it). */
    if (winetest_platform_is_wine && route_handle)
    {
        static const DWORD matches[] = { RTM_MATCH_NEXTHOP, RTM_MATCH_INTERFACE };
        RTM_ROUTE_INFO *pointer;
        RTM_ROUTE_HANDLE found[2];

        winetest_push_context("next-hop count written in place");
        ret = RtmLockRoute(entity, route_handle, TRUE, TRUE, &pointer);
        ok(!ret, "RtmLockRoute: got %lu\n", ret);
        if (!ret)
        {
            pointer->NextHopsList.NumNextHops = 0xffff;
            for (i = 0; i < ARRAY_SIZE(matches); i++)
            {
                ret = RtmCreateRouteEnum(entity, NULL, RTM_VIEW_MASK_ANY, RTM_ENUM_START, NULL, matches[i], &route,
                                         1, &enum_handle);
                ok(!ret, "match %#lx: RtmCreateRouteEnum got %lu\n", matches[i], ret);
                if (ret) continue;
                num = ARRAY_SIZE(found);
                ret = RtmGetEnumRoutes(entity, enum_handle, &num, found);
                ok((!ret || ret == ERROR_NO_MORE_ITEMS) && num == 1, "match %#lx: got %lu, %u routes\n",
                   matches[i], ret, num);
                RtmReleaseRoutes(entity, num, found);
                RtmDeleteEnumHandle(entity, enum_handle);
            }
            pointer->NextHopsList.NumNextHops = 1;
            ret = RtmLockRoute(entity, route_handle, TRUE, FALSE, NULL);
            ok(!ret, "unlock: got %lu\n", ret);
        }
        winetest_pop_context();
    }

    /* Our choice: an unlock that matches no lock is refused with the code
     * of STATUS_RESOURCE_NOT_OWNED (what native rtm.dll does is not
     * documented). */
    if (winetest_platform_is_wine && route_handle && nexthop_handle)
    {
        RTM_NEXTHOP_INFO *nexthop_pointer;
        RTM_ROUTE_INFO *pointer;

        winetest_push_context("unbalanced unlocks");
        ret = RtmLockRoute(entity, route_handle, TRUE, FALSE, NULL);
        ok(ret == ERROR_NOT_OWNER, "route never locked: got %lu\n", ret);
        ret = RtmGetRouteInfo(entity, route_handle, &route_buffer.info, NULL);
        ok(!ret, "RtmGetRouteInfo: got %lu\n", ret);
        if (!ret)
        {
            ret = RtmLockDestination(entity, route_buffer.info.DestHandle, FALSE, FALSE);
            ok(ret == ERROR_NOT_OWNER, "dest never locked: got %lu\n", ret);
            RtmReleaseRouteInfo(entity, &route_buffer.info);
        }
        ret = RtmLockNextHop(entity, nexthop_handle, TRUE, FALSE, NULL);
        ok(ret == ERROR_NOT_OWNER, "next hop never locked: got %lu\n", ret);
        ret = RtmUpdateAndUnlockRoute(entity, route_handle, INFINITE, NULL, 0, NULL, &flags);
        ok(ret == ERROR_NOT_OWNER, "update of a route never locked: got %lu\n", ret);

        /* locked shared, twice: released shared, not exclusive, and not updated */
        for (i = 0; i < 2; i++)
        {
            ret = RtmLockRoute(entity, route_handle, FALSE, TRUE, &pointer);
            ok(!ret, "shared lock %u: got %lu\n", i, ret);
        }
        ret = RtmUpdateAndUnlockRoute(entity, route_handle, INFINITE, NULL, 0, NULL, &flags);
        ok(ret == ERROR_NOT_OWNER, "update of a route locked shared: got %lu\n", ret);
        ret = RtmLockRoute(entity, route_handle, TRUE, FALSE, NULL);
        ok(ret == ERROR_NOT_OWNER, "shared lock released as exclusive: got %lu\n", ret);
        for (i = 0; i < 2; i++)
        {
            ret = RtmLockRoute(entity, route_handle, FALSE, FALSE, NULL);
            ok(!ret, "shared unlock %u: got %lu\n", i, ret);
        }
        ret = RtmLockRoute(entity, route_handle, FALSE, FALSE, NULL);
        ok(ret == ERROR_NOT_OWNER, "third shared unlock: got %lu\n", ret);

        /* locked exclusive: a shared unlock is refused, then the lock still works */
        ret = RtmLockNextHop(entity, nexthop_handle, TRUE, TRUE, &nexthop_pointer);
        ok(!ret, "exclusive lock: got %lu\n", ret);
        ret = RtmLockNextHop(entity, nexthop_handle, FALSE, FALSE, NULL);
        ok(ret == ERROR_NOT_OWNER, "exclusive lock released as shared: got %lu\n", ret);
        ret = RtmLockNextHop(entity, nexthop_handle, TRUE, FALSE, NULL);
        ok(!ret, "exclusive unlock: got %lu\n", ret);
        ret = RtmLockRoute(entity, route_handle, TRUE, TRUE, &pointer);
        ok(!ret, "lock after the refused unlocks: got %lu\n", ret);
        ret = RtmUpdateAndUnlockRoute(entity, route_handle, INFINITE, NULL, 0, NULL, &flags);
        ok(!ret, "update: got %lu\n", ret);
        ret = RtmLockRoute(entity, route_handle, TRUE, FALSE, NULL);
        ok(ret == ERROR_NOT_OWNER, "unlock after the update unlocked: got %lu\n", ret);
        winetest_pop_context();
    }

    winetest_push_context("RtmGetRegisteredEntities");
    num = 0;
    ret = RtmGetRegisteredEntities(entity, &num, entities, infos);
    ok(ret == ERROR_INSUFFICIENT_BUFFER, "no room: got %lu\n", ret);
    winetest_pop_context();

    /* deleting releases the caller's handle (the Delete pages' remarks) */
    winetest_push_context("released handles");
    if (route_handle)
    {
        ret = RtmDeleteRouteToDest(entity, route_handle, &flags);
        ok(!ret, "RtmDeleteRouteToDest: got %lu\n", ret);
        ret = RtmDeleteRouteToDest(entity, route_handle, &flags);
        ok(ret == ERROR_INVALID_HANDLE, "second RtmDeleteRouteToDest: got %lu\n", ret);
        handles[0] = route_handle;
        ret = RtmReleaseRoutes(entity, 1, handles);
        ok(ret == ERROR_INVALID_HANDLE, "RtmReleaseRoutes on a released handle: got %lu\n", ret);
        ret = RtmGetRouteInfo(entity, route_handle, &route_buffer.info, NULL);
        ok(ret == ERROR_INVALID_HANDLE, "RtmGetRouteInfo on a released handle: got %lu\n", ret);
    }
    if (nexthop_handle)
    {
        ret = RtmDeleteNextHop(entity, nexthop_handle, NULL);
        ok(!ret, "RtmDeleteNextHop: got %lu\n", ret);
        ret = RtmDeleteNextHop(entity, nexthop_handle, NULL);
        ok(ret != NO_ERROR, "second RtmDeleteNextHop: succeeded\n");
        handles[0] = nexthop_handle;
        ret = RtmReleaseNextHops(entity, 1, handles);
        ok(ret == ERROR_INVALID_HANDLE, "RtmReleaseNextHops on a released handle: got %lu\n", ret);
        ret = RtmGetNextHopInfo(entity, nexthop_handle, &nexthop);
        ok(ret == ERROR_INVALID_HANDLE, "RtmGetNextHopInfo on a released handle: got %lu\n", ret);
    }
    winetest_pop_context();

    ret = RtmDeregisterEntity(entity);
    ok(!ret, "RtmDeregisterEntity: got %lu\n", ret);

    /* IPv6: 129 bits is one too many */
    info = entity_info(AF_INET6, PROTO_TEST_V2);
    ret = RtmRegisterEntity(&info, NULL, NULL, FALSE, &profile, &entity);
    if (!ret)
    {
        winetest_push_context("IPv6");
        bad = net_address(AF_INET6, 129, 0x20);
        ret = RtmGetExactMatchDestination(entity, &bad, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
        ok(ret != NO_ERROR, "RtmGetExactMatchDestination, 129 bits: succeeded\n");
        memset(&route, 0, sizeof(route));
        route.BelongsToViews = RTM_VIEW_MASK_UCAST;
        out = NULL;
        ret = RtmAddRouteToDest(entity, &out, &bad, &route, INFINITE, NULL, 0, NULL, &flags);
        ok(ret == ERROR_INVALID_PARAMETER, "RtmAddRouteToDest, 129 bits: got %lu\n", ret);
        ret = RtmDeregisterEntity(entity);
        ok(!ret, "RtmDeregisterEntity: got %lu\n", ret);
        winetest_pop_context();
    }
    else skip("no IPv6 address family (%lu)\n", ret);
}

/* the undocumented instance and address family calls */
static void test_v2_instances(void)
{
    RTM_INSTANCE_CONFIG instance_config;
    RTM_ADDRESS_FAMILY_CONFIG family_config;
    RTM_INSTANCE_INFO instances[4];
    RTM_ADDRESS_FAMILY_INFO family_info[4];
    RTM_ENTITY_INFO entities[4];
    UINT num;
    DWORD ret;

    memset(&instance_config, 0, sizeof(instance_config));
    memset(&family_config, 0, sizeof(family_config));

#define FAILS(name, call) \
    do { winetest_push_context(name); ret = call; expect_fail(ret); winetest_pop_context(); } while (0)

    FAILS("RtmReadInstanceConfig", RtmReadInstanceConfig(0xffff, &instance_config));
    FAILS("RtmReadInstanceConfig", RtmReadInstanceConfig(0, NULL));
    FAILS("RtmWriteInstanceConfig", RtmWriteInstanceConfig(0xffff, &instance_config));
    FAILS("RtmWriteInstanceConfig", RtmWriteInstanceConfig(0, NULL));
    instance_config.Flags = 0x80000000;     /* no flags are defined */
    FAILS("RtmWriteInstanceConfig", RtmWriteInstanceConfig(0, &instance_config));
    FAILS("RtmReadAddressFamilyConfig", RtmReadAddressFamilyConfig(0, 0x1234, &family_config));
    FAILS("RtmReadAddressFamilyConfig", RtmReadAddressFamilyConfig(0xffff, AF_INET, &family_config));
    FAILS("RtmReadAddressFamilyConfig", RtmReadAddressFamilyConfig(0, AF_INET, NULL));
    FAILS("RtmWriteAddressFamilyConfig", RtmWriteAddressFamilyConfig(0, AF_INET, NULL));
    family_config.AddressSize = RTM_MAX_ADDRESS_SIZE + 1;
    family_config.ViewsSupported = RTM_VIEW_MASK_UCAST;
    FAILS("RtmWriteAddressFamilyConfig", RtmWriteAddressFamilyConfig(0, 0x1234, &family_config));
    family_config.AddressSize = 0;
    FAILS("RtmWriteAddressFamilyConfig", RtmWriteAddressFamilyConfig(0, 0x1234, &family_config));
    FAILS("RtmGetInstances", RtmGetInstances(NULL, instances));
    num = 0;
    ret = RtmGetInstances(&num, NULL);
    ok(ret != NO_ERROR || !num, "RtmGetInstances, no room: got %lu, %u instances\n", ret, num);
    num = ARRAY_SIZE(family_info);
    FAILS("RtmGetInstanceInfo", RtmGetInstanceInfo(0xffff, instances, &num, family_info));
    num = ARRAY_SIZE(family_info);
    FAILS("RtmGetInstanceInfo", RtmGetInstanceInfo(0, NULL, &num, family_info));
    num = ARRAY_SIZE(entities);
    FAILS("RtmGetAddressFamilyInfo", RtmGetAddressFamilyInfo(0, 0x1234, family_info, &num, entities));
    num = ARRAY_SIZE(entities);
    FAILS("RtmGetAddressFamilyInfo", RtmGetAddressFamilyInfo(0xffff, AF_INET, family_info, &num, entities));
    num = ARRAY_SIZE(entities);
    FAILS("RtmGetAddressFamilyInfo", RtmGetAddressFamilyInfo(0, AF_INET, NULL, &num, entities));
#undef FAILS
}

/* ---- the table helpers (undocumented; FIXMEs) ---------------------------- */

static void test_table_helpers(void)
{
    struct bad_handle handles[MAX_BAD_HANDLES];
    BYTE key[RTM_MAX_ADDRESS_SIZE] = { 10 }, buffer[64];
    USHORT start_bits;
    HANDLE table;
    PVOID data, items[4];
    unsigned int i, n;
    UINT count;
    DWORD ret;

    n = forged_handles(handles, buffer);
    for (i = 0; i < n; i++)
    {
        HANDLE h = handles[i].handle;

        winetest_push_context("%s", handles[i].what);
        winetest_push_context("DestroyTable");
        ret = DestroyTable(h);
        expect_fail(ret);
        winetest_pop_context();
        winetest_push_context("InsertIntoTable");
        ret = InsertIntoTable(h, 8, key, NULL, buffer);
        expect_fail(ret);
        ret = InsertIntoTable(h, 0xffff, key, NULL, buffer);
        expect_fail(ret);
        winetest_pop_context();
        winetest_push_context("DeleteFromTable");
        ret = DeleteFromTable(h, 8, key, NULL, &data);
        expect_fail(ret);
        winetest_pop_context();
        winetest_push_context("SearchInTable");
        ret = SearchInTable(h, 8, key, NULL, &data);
        expect_fail(ret);
        winetest_pop_context();
        winetest_push_context("BestMatchInTable");
        ret = BestMatchInTable(h, key, &data);
        expect_fail(ret);
        winetest_pop_context();
        winetest_push_context("NextMatchInTable");
        ret = NextMatchInTable(h, buffer, &data);
        expect_fail(ret);
        winetest_pop_context();
        winetest_push_context("EnumOverTable");
        start_bits = 0;
        count = ARRAY_SIZE(items);
        ret = EnumOverTable(h, &start_bits, key, NULL, 0xffff, key, &count, items);
        expect_fail(ret);
        winetest_pop_context();
        winetest_push_context("CheckTable");
        ok(!CheckTable(h), "succeeded\n");
        winetest_pop_context();
        winetest_push_context("DumpTable");
        DumpTable(h, 0xffffffff);
        winetest_pop_context();
        winetest_pop_context();
    }

    winetest_push_context("CreateTable");
    ret = CreateTable(4, NULL);
    expect_fail(ret);
    table = (HANDLE)(ULONG_PTR)0xdeadbeef;
    ret = CreateTable(0, &table);
    expect_fail(ret);
    if (!ret) DestroyTable(table);
    ret = CreateTable(0xffff, &table);
    expect_fail(ret);
    if (!ret) DestroyTable(table);
    winetest_pop_context();

    winetest_push_context("NULL pointers");
    ret = EnumOverTable(NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL);
    expect_fail(ret);
    ret = SearchInTable(NULL, 0, NULL, NULL, NULL);
    expect_fail(ret);
    ret = BestMatchInTable(NULL, NULL, NULL);
    expect_fail(ret);
    winetest_pop_context();
}

START_TEST(badinput)
{
    test_v1_register();
    test_v1_client_handles();
    test_v1_enum_handles();
    test_v1_reused_slots();
    test_v1_foreign_routes();
    test_v1_routes();
    test_v1_families_and_flags();
    test_v1_misc();
    test_mgm_register();
    test_mgm_handles();
    test_mgm_reused_slots();
    test_mgm_interfaces_and_memberships();
    test_mgm_mfe();
    test_v2_register();
    test_v2_entity_handles();
    test_v2_arguments();
    test_v2_instances();
    test_table_helpers();
}
