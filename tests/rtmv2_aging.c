/*
 * Tests of RTMv2 route expiry (time to live) and hold-down
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
 * Routes age in whole seconds, so each expiry here takes one to two seconds.
 * Waits are for events or states, with a generous cap against hangs only.
 */

#include <stdarg.h>

#include <winsock2.h>
#include "windef.h"
#include "winbase.h"
#include "rtm.h"
#include "rtmv2.h"
#include "wine/test.h"

#define IP(a, b, c, d) ((DWORD)((a) | ((b) << 8) | ((c) << 16) | ((d) << 24)))
#define CAP 30000   /* milliseconds: only against hangs */

union dest_buffer
{
    RTM_DEST_INFO info;
    BYTE bytes[RTM_SIZE_OF_DEST_INFO(RTM_MAX_VIEWS)];
};

union route_buffer
{
    RTM_ROUTE_INFO info;
    BYTE bytes[RTM_SIZE_OF_ROUTE_INFO(8)];
};

/* what the owner's callback does with RTM_ROUTE_EXPIRED */
enum expiry_action { EXPIRE_DELETE, EXPIRE_UPDATE };

static struct
{
    enum expiry_action action;
    HANDLE             event;
    LONG               calls;
    RTM_ROUTE_HANDLE   route;
    ULONG              metric;
    DWORD              update;      /* what RtmUpdateAndUnlockRoute returned */
} expiry;

static DWORD WINAPI owner_callback(RTM_ENTITY_HANDLE entity, RTM_EVENT_TYPE type, void *ctx1, void *ctx2)
{
    RTM_ROUTE_INFO *pointer = ctx2;
    DWORD flags;

    if (type != RTM_ROUTE_EXPIRED) return NO_ERROR;
    expiry.route = ctx1;
    expiry.metric = pointer->PrefInfo.Metric;
    InterlockedIncrement(&expiry.calls);
    if (expiry.action == EXPIRE_DELETE)
    {
        SetEvent(expiry.event);
        return ERROR_NOT_SUPPORTED;
    }
    /* as in the documented sample: keep the route, unreachable, forever */
    if (!(expiry.update = RtmLockRoute(entity, ctx1, TRUE, TRUE, NULL)))
    {
        pointer->PrefInfo.Metric = 0xffff;
        expiry.update = RtmUpdateAndUnlockRoute(entity, ctx1, INFINITE, NULL, 0, NULL, &flags);
    }
    RtmReleaseRoutes(entity, 1, (RTM_ROUTE_HANDLE *)&ctx1);
    SetEvent(expiry.event);
    return NO_ERROR;
}

static RTM_ENTITY_HANDLE register_entity(ULONG protocol, RTM_EVENT_CALLBACK callback)
{
    RTM_ENTITY_HANDLE handle = NULL;
    RTM_REGN_PROFILE profile;
    RTM_ENTITY_INFO info;
    DWORD ret;

    memset(&info, 0, sizeof(info));
    info.AddressFamily = AF_INET;
    info.EntityId.EntityProtocolId = protocol;
    info.EntityId.EntityInstanceId = 1;
    ret = RtmRegisterEntity(&info, NULL, callback, FALSE, &profile, &handle);
    ok(!ret, "RtmRegisterEntity(%lu) returned %lu\n", protocol, ret);
    return handle;
}

static RTM_ROUTE_HANDLE add_route(RTM_ENTITY_HANDLE entity, DWORD net, UINT len, ULONG metric, ULONG ttl)
{
    RTM_NEXTHOP_HANDLE nexthop = NULL;
    RTM_ROUTE_HANDLE route = NULL;
    union route_buffer info;
    RTM_NEXTHOP_INFO nh;
    RTM_NET_ADDRESS addr;
    DWORD ret, flags;

    memset(&nh, 0, sizeof(nh));
    RTM_IPV4_MAKE_NET_ADDRESS(&nh.NextHopAddress, IP(10, 0, 0, 1), 32);
    nh.InterfaceIndex = 1;
    ret = RtmAddNextHop(entity, &nh, &nexthop, &flags);
    ok(!ret, "RtmAddNextHop returned %lu\n", ret);
    memset(&info, 0, sizeof(info));
    info.info.PrefInfo.Metric = metric;
    info.info.BelongsToViews = RTM_VIEW_MASK_UCAST;
    info.info.NextHopsList.NumNextHops = 1;
    info.info.NextHopsList.NextHops[0] = nexthop;
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, net, len);
    flags = 0;
    ret = RtmAddRouteToDest(entity, &route, &addr, &info.info, ttl, NULL, 0, NULL, &flags);
    ok(!ret, "RtmAddRouteToDest returned %lu\n", ret);
    RtmReleaseNextHops(entity, 1, &nexthop);
    return route;
}

/* the dest of an address as entity sees it, or ERROR_NOT_FOUND */
static DWORD get_dest(RTM_ENTITY_HANDLE entity, DWORD net, UINT len, union dest_buffer *dest)
{
    RTM_NET_ADDRESS addr;

    RTM_IPV4_MAKE_NET_ADDRESS(&addr, net, len);
    return RtmGetExactMatchDestination(entity, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest->info);
}

/* waits until the dest is gone (TRUE) or the cap is reached */
static BOOL wait_dest_gone(RTM_ENTITY_HANDLE entity, DWORD net, UINT len)
{
    union dest_buffer dest;
    DWORD start = GetTickCount();

    while (!get_dest(entity, net, len, &dest))
    {
        RtmReleaseDestInfo(entity, &dest.info);
        if (GetTickCount() - start > CAP) return FALSE;
        Sleep(50);
    }
    return TRUE;
}

static void test_time_to_live(void)
{
    RTM_ENTITY_HANDLE owner, silent, watcher;
    RTM_ROUTE_HANDLE route;
    union route_buffer info;
    union dest_buffer dest;
    DWORD ret;

    expiry.event = CreateEventW(NULL, FALSE, FALSE, NULL);
    owner = register_entity(2000, owner_callback);
    silent = register_entity(2001, NULL);
    watcher = register_entity(2002, NULL);

    /* the owner keeps the route: it stays, with what the callback set */
    expiry.action = EXPIRE_UPDATE;
    expiry.calls = 0;
    route = add_route(owner, IP(10, 100, 0, 0), 16, 5, 1);
    ok(!WaitForSingleObject(expiry.event, CAP), "no RTM_ROUTE_EXPIRED\n");
    ok(expiry.calls == 1, "got %ld calls\n", expiry.calls);
    ok(expiry.route == route, "got route %p, expected %p\n", expiry.route, route);
    ok(expiry.metric == 5, "got metric %lu\n", expiry.metric);
    ok(!expiry.update, "the update in the callback returned %lu\n", expiry.update);
    ret = RtmGetRouteInfo(owner, route, &info.info, NULL);
    ok(!ret, "got %lu\n", ret);
    ok(info.info.State == RTM_ROUTE_STATE_CREATED, "got state %u\n", info.info.State);
    ok(info.info.PrefInfo.Metric == 0xffff, "got metric %lu\n", info.info.PrefInfo.Metric);
    RtmReleaseRouteInfo(owner, &info.info);
    ret = get_dest(watcher, IP(10, 100, 0, 0), 16, &dest);
    ok(!ret && dest.info.ViewInfo[0].Route == route, "got %lu\n", ret);
    RtmReleaseDestInfo(watcher, &dest.info);
    /* the callback released what it was given: ours is the only reference left */
    ret = RtmReleaseRoutes(owner, 1, &route);
    ok(!ret, "got %lu\n", ret);
    ret = RtmReleaseRoutes(owner, 1, &route);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);

    /* ERROR_NOT_SUPPORTED: the route goes */
    expiry.action = EXPIRE_DELETE;
    expiry.calls = 0;
    route = add_route(owner, IP(10, 101, 0, 0), 16, 5, 1);
    ok(!WaitForSingleObject(expiry.event, CAP), "no RTM_ROUTE_EXPIRED\n");
    ok(expiry.route == route, "got route %p, expected %p\n", expiry.route, route);
    ok(wait_dest_gone(watcher, IP(10, 101, 0, 0), 16), "the route stayed\n");
    ret = RtmGetRouteInfo(owner, route, &info.info, NULL);
    ok(!ret && info.info.State == RTM_ROUTE_STATE_DELETED, "got %lu %u\n", ret, info.info.State);
    RtmReleaseRouteInfo(owner, &info.info);
    ret = RtmDeleteRouteToDest(owner, route, NULL);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    ok(!RtmReleaseRoutes(owner, 1, &route), "release failed\n");

    /* an owner without a callback: the route just goes */
    route = add_route(silent, IP(10, 102, 0, 0), 16, 5, 1);
    ok(wait_dest_gone(watcher, IP(10, 102, 0, 0), 16), "the route stayed\n");
    ret = RtmReleaseRoutes(silent, 1, &route);
    ok(!ret, "got %lu\n", ret);

    /* an update with INFINITE before the expiry keeps the route for good */
    route = add_route(silent, IP(10, 103, 0, 0), 16, 5, 1000);
    add_route(silent, IP(10, 104, 0, 0), 16, 5, 1000);
    ret = RtmLockRoute(silent, route, TRUE, TRUE, NULL);
    ok(!ret, "got %lu\n", ret);
    ret = RtmUpdateAndUnlockRoute(silent, route, INFINITE, NULL, 0, NULL, NULL);
    ok(!ret, "got %lu\n", ret);
    ok(wait_dest_gone(watcher, IP(10, 104, 0, 0), 16), "the other route stayed\n");
    ret = get_dest(watcher, IP(10, 103, 0, 0), 16, &dest);
    ok(!ret, "the updated route aged out: %lu\n", ret);
    if (!ret) RtmReleaseDestInfo(watcher, &dest.info);
    RtmReleaseRoutes(silent, 1, &route);

    ok(!RtmDeregisterEntity(owner), "deregistration failed\n");
    ok(!RtmDeregisterEntity(silent), "deregistration failed\n");
    ok(!RtmDeregisterEntity(watcher), "deregistration failed\n");
    CloseHandle(expiry.event);
}

/* an RTMv2 route with a time to live also ages out for RTM v1 clients, and a
 * v1 route with one ages out for RTMv2 clients: one aging mechanism */
static void test_v1_aging(void)
{
    RTM_ENTITY_HANDLE entity;
    union dest_buffer dest;
    RTM_IP_ROUTE route, out;
    HANDLE client;
    DWORD ret, flags;

    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, 2100, NULL, 0);
    ok(client != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
    entity = register_entity(2101, NULL);

    memset(&route, 0, sizeof(route));
    route.RR_Network.N_NetNumber = IP(10, 110, 0, 0);
    route.RR_Network.N_NetMask = IP(255, 255, 0, 0);
    route.RR_NextHopAddress.N_NetNumber = IP(10, 0, 0, 9);
    route.RR_NextHopAddress.N_NetMask = 0xffffffff;
    ret = RtmAddRoute(client, &route, 1, &flags, NULL, NULL);
    ok(!ret, "RtmAddRoute returned %lu\n", ret);
    ret = get_dest(entity, IP(10, 110, 0, 0), 16, &dest);
    ok(!ret, "RTMv2 does not see the v1 route: %lu\n", ret);
    if (!ret) RtmReleaseDestInfo(entity, &dest.info);
    ok(wait_dest_gone(entity, IP(10, 110, 0, 0), 16), "the v1 route stayed\n");

    add_route(entity, IP(10, 111, 0, 0), 16, 1, 1);
    route.RR_Network.N_NetNumber = IP(10, 111, 0, 0);
    ok(RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &route.RR_Network, &out), "RTM v1 does not see the v2 route\n");
    ok(wait_dest_gone(entity, IP(10, 111, 0, 0), 16), "the v2 route stayed\n");
    ok(!RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &route.RR_Network, &out), "RTM v1 still sees the v2 route\n");

    ok(!RtmDeregisterEntity(entity), "deregistration failed\n");
    ok(!RtmDeregisterClient(client), "RtmDeregisterClient failed\n");
}

static LONG hold_changes;
static HANDLE hold_event;

static DWORD WINAPI watcher_callback(RTM_ENTITY_HANDLE entity, RTM_EVENT_TYPE type, void *ctx1, void *ctx2)
{
    if (type == RTM_CHANGE_NOTIFICATION)
    {
        InterlockedIncrement(&hold_changes);
        SetEvent(hold_event);
    }
    return NO_ERROR;
}

static void test_hold_down(void)
{
    BYTE buffer[RTM_SIZE_OF_DEST_INFO(2) * 8];
    RTM_ENTITY_HANDLE owner, watcher;
    RTM_ROUTE_HANDLE route, route2, held;
    RTM_NOTIFY_HANDLE notify;
    RTM_ENUM_HANDLE enum_handle;
    union route_buffer info;
    union dest_buffer dest;
    RTM_NET_ADDRESS addr;
    DWORD ret, flags, start;
    UINT num, i;
    BOOL found;

    hold_event = CreateEventW(NULL, FALSE, FALSE, NULL);
    owner = register_entity(2200, NULL);
    watcher = register_entity(2201, watcher_callback);
    ret = RtmRegisterForChangeNotification(watcher, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_BEST, NULL, &notify);
    ok(!ret, "got %lu\n", ret);

    route = add_route(owner, IP(10, 120, 0, 0), 16, 5, INFINITE);
    ret = get_dest(owner, IP(10, 120, 0, 0), 16, &dest);
    ok(!ret, "got %lu\n", ret);
    ret = RtmHoldDestination(owner, dest.info.DestHandle, RTM_VIEW_MASK_UCAST, 0);
    ok(ret == ERROR_INVALID_PARAMETER, "hold time 0: got %lu\n", ret);
    ret = RtmHoldDestination(owner, route, RTM_VIEW_MASK_UCAST, 1000);
    ok(ret == ERROR_INVALID_HANDLE, "a route handle: got %lu\n", ret);
    ret = RtmHoldDestination(owner, dest.info.DestHandle, RTM_VIEW_MASK_UCAST, 1000);
    ok(!ret, "got %lu\n", ret);
    RtmReleaseDestInfo(owner, &dest.info);

    /* the last route goes: it stays as the hold route, in no view */
    ret = RtmReferenceHandles(owner, 1, &route);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeleteRouteToDest(owner, route, &flags);
    ok(!ret && flags == RTM_ROUTE_CHANGE_BEST, "got %lu %#lx\n", ret, flags);
    ret = get_dest(watcher, IP(10, 120, 0, 0), 16, &dest);
    ok(!ret, "the held dest is gone: %lu\n", ret);
    ok(!dest.info.ViewInfo[0].Route, "got best route %p\n", dest.info.ViewInfo[0].Route);
    ok(!dest.info.ViewInfo[0].NumRoutes, "got %u routes\n", dest.info.ViewInfo[0].NumRoutes);
    ok(dest.info.ViewInfo[0].HoldRoute == route, "got hold route %p, expected %p\n", dest.info.ViewInfo[0].HoldRoute, route);
    RtmReleaseDestInfo(watcher, &dest.info);
    ret = RtmGetRouteInfo(owner, route, &info.info, NULL);
    ok(!ret && info.info.State == RTM_ROUTE_STATE_DELETED, "got %lu %u\n", ret, info.info.State);
    RtmReleaseRouteInfo(owner, &info.info);
    ret = RtmDeleteRouteToDest(owner, route, &flags);
    ok(ret == ERROR_NOT_FOUND, "deleting the held route: got %lu\n", ret);
    ok(!RtmReleaseRoutes(owner, 1, &route), "release failed\n");

    /* a dest enumeration in RTM_VIEW_MASK_ANY shows held dests, one in a view does not */
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 120, 0, 0), 16);
    ret = RtmCreateDestEnum(watcher, RTM_VIEW_MASK_ANY, RTM_ENUM_RANGE, &addr, RTM_BEST_PROTOCOL, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    num = 8;
    ret = RtmGetEnumDests(watcher, enum_handle, &num, (RTM_DEST_INFO *)buffer);
    ok(ret == ERROR_NO_MORE_ITEMS && num == 1, "got %lu %u\n", ret, num);
    ok(!((RTM_DEST_INFO *)buffer)->NumberOfViews, "got %u views\n", ((RTM_DEST_INFO *)buffer)->NumberOfViews);
    RtmReleaseDests(watcher, num, (RTM_DEST_INFO *)buffer);
    RtmDeleteEnumHandle(watcher, enum_handle);
    ret = RtmCreateDestEnum(watcher, RTM_VIEW_MASK_UCAST, RTM_ENUM_RANGE, &addr, RTM_BEST_PROTOCOL, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    num = 8;
    ret = RtmGetEnumDests(watcher, enum_handle, &num, (RTM_DEST_INFO *)buffer);
    ok(ret == ERROR_NO_MORE_ITEMS && !num, "got %lu %u\n", ret, num);
    RtmDeleteEnumHandle(watcher, enum_handle);

    /* a new route is used at once; the hold route stays until its time is up */
    route2 = add_route(owner, IP(10, 120, 0, 0), 16, 7, INFINITE);
    ret = get_dest(watcher, IP(10, 120, 0, 0), 16, &dest);
    ok(!ret, "got %lu\n", ret);
    ok(dest.info.ViewInfo[0].Route == route2, "got best route %p\n", dest.info.ViewInfo[0].Route);
    held = dest.info.ViewInfo[0].HoldRoute;
    ok(held == route, "got hold route %p\n", held);
    RtmReleaseDestInfo(watcher, &dest.info);

    /* the end of the hold-down is a change for hold-down protocols */
    start = GetTickCount();
    do
    {
        found = FALSE;
        if (!(ret = get_dest(watcher, IP(10, 120, 0, 0), 16, &dest)))
        {
            found = dest.info.ViewInfo[0].HoldRoute != NULL;
            RtmReleaseDestInfo(watcher, &dest.info);
        }
        if (found) Sleep(50);
    } while (found && GetTickCount() - start < CAP);
    ok(!found, "the hold-down did not end\n");
    ret = RtmGetRouteInfo(owner, route2, &info.info, NULL);
    ok(!ret && info.info.State == RTM_ROUTE_STATE_CREATED, "got %lu %u\n", ret, info.info.State);
    RtmReleaseRouteInfo(owner, &info.info);
    for (i = 0, found = FALSE; !found && i < 4; i++)
    {
        num = 8;
        ret = RtmGetChangedDests(watcher, notify, &num, (RTM_DEST_INFO *)buffer);
        if (num) found = !memcmp(((RTM_DEST_INFO *)buffer)->DestAddress.AddrBits, "\x0a\x78", 2);
        RtmReleaseChangedDests(watcher, notify, num, (RTM_DEST_INFO *)buffer);
        if (!num) break;
    }
    ok(found, "no change reported for the held dest\n");

    /* the mark stays: the next last route is held too, until its owner goes */
    ret = RtmDeleteRouteToDest(owner, route2, &flags);
    ok(!ret, "got %lu\n", ret);
    ret = get_dest(watcher, IP(10, 120, 0, 0), 16, &dest);
    ok(!ret && dest.info.ViewInfo[0].HoldRoute == route2, "got %lu\n", ret);
    if (!ret) RtmReleaseDestInfo(watcher, &dest.info);
    ok(!RtmDeregisterEntity(owner), "deregistration failed\n");
    ret = get_dest(watcher, IP(10, 120, 0, 0), 16, &dest);
    ok(ret == ERROR_NOT_FOUND, "the held route outlived its owner: %lu\n", ret);

    ok(!RtmDeregisterFromChangeNotification(watcher, notify), "deregistration failed\n");
    ok(!RtmDeregisterEntity(watcher), "deregistration failed\n");
    CloseHandle(hold_event);
}

START_TEST(rtmv2_aging)
{
    test_time_to_live();
    test_v1_aging();
    test_hold_down();
}
