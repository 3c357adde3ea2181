/*
 * Tests of the RTMv2 API: entities, next hops, routes, destinations,
 * enumerations, change notification, handles, route lists and methods
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

#include <stdarg.h>
#include <stdlib.h>

#include <winsock2.h>
#include "windef.h"
#include "winbase.h"
#include "psapi.h"
#include "rtm.h"
#include "rtmv2.h"
#include "wine/test.h"

#define IP(a, b, c, d) ((DWORD)((a) | ((b) << 8) | ((c) << 16) | ((d) << 24)))

/* a buffer for one dest info with room for every view */
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

/* what the event callbacks saw */
struct events
{
    LONG   registered, deregistered, changes, expired;
    HANDLE last_entity;             /* Context1 of the last (de)registration */
    ULONG  last_protocol;           /* from its RTM_ENTITY_INFO */
    HANDLE notify;                  /* Context1 of the last change notification */
    void  *context;                 /* Context2 of it */
    DWORD  thread;                  /* thread of the last change notification */
    HANDLE change_event;
};

static struct events events;

static DWORD WINAPI event_callback(RTM_ENTITY_HANDLE handle, RTM_EVENT_TYPE type, void *ctx1, void *ctx2)
{
    switch (type)
    {
    case RTM_ENTITY_REGISTERED:
    case RTM_ENTITY_DEREGISTERED:
        InterlockedIncrement(type == RTM_ENTITY_REGISTERED ? &events.registered : &events.deregistered);
        events.last_entity = ctx1;
        events.last_protocol = ((RTM_ENTITY_INFO *)ctx2)->EntityId.EntityProtocolId;
        break;
    case RTM_CHANGE_NOTIFICATION:
        events.notify = ctx1;
        events.context = ctx2;
        events.thread = GetCurrentThreadId();
        InterlockedIncrement(&events.changes);
        SetEvent(events.change_event);
        break;
    case RTM_ROUTE_EXPIRED:
        InterlockedIncrement(&events.expired);
        break;
    }
    return NO_ERROR;
}

static DWORD register_entity_ex(ULONG protocol, RTM_EVENT_CALLBACK callback, BOOL opaque,
        RTM_ENTITY_EXPORT_METHODS *methods, RTM_REGN_PROFILE *profile, RTM_ENTITY_HANDLE *handle)
{
    RTM_REGN_PROFILE local;
    RTM_ENTITY_INFO info;

    memset(&info, 0, sizeof(info));
    info.RtmInstanceId = 0;
    info.AddressFamily = AF_INET;
    info.EntityId.EntityProtocolId = protocol;
    info.EntityId.EntityInstanceId = 1;
    return RtmRegisterEntity(&info, methods, callback, opaque, profile ? profile : &local, handle);
}

static RTM_ENTITY_HANDLE register_entity(ULONG protocol, RTM_EVENT_CALLBACK callback)
{
    RTM_ENTITY_HANDLE handle = NULL;
    DWORD ret;

    ret = register_entity_ex(protocol, callback, FALSE, NULL, NULL, &handle);
    ok(!ret, "RtmRegisterEntity(%lu) returned %lu\n", protocol, ret);
    return handle;
}

static RTM_NEXTHOP_HANDLE add_nexthop(RTM_ENTITY_HANDLE entity, DWORD addr, ULONG iface)
{
    RTM_NEXTHOP_HANDLE handle = NULL;
    RTM_NEXTHOP_INFO info;
    DWORD ret, flags;

    memset(&info, 0, sizeof(info));
    RTM_IPV4_MAKE_NET_ADDRESS(&info.NextHopAddress, addr, 32);
    info.InterfaceIndex = iface;
    ret = RtmAddNextHop(entity, &info, &handle, &flags);
    ok(!ret, "RtmAddNextHop returned %lu\n", ret);
    return handle;
}

static void init_route(RTM_ROUTE_INFO *info, RTM_NEXTHOP_HANDLE nexthop, ULONG preference, ULONG metric)
{
    memset(info, 0, sizeof(*info));
    info->Neighbour = nexthop;
    info->PrefInfo.Preference = preference;
    info->PrefInfo.Metric = metric;
    info->BelongsToViews = RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST;
    info->NextHopsList.NumNextHops = 1;
    info->NextHopsList.NextHops[0] = nexthop;
}

static DWORD add_route(RTM_ENTITY_HANDLE entity, DWORD net, UINT len, RTM_NEXTHOP_HANDLE nexthop,
        ULONG preference, ULONG metric, RTM_ROUTE_HANDLE *route, DWORD *flags)
{
    union route_buffer info;
    RTM_NET_ADDRESS addr;
    DWORD ret, local;

    init_route(&info.info, nexthop, preference, metric);
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, net, len);
    if (!flags) flags = &local;
    *flags = 0;
    ret = RtmAddRouteToDest(entity, route, &addr, &info.info, INFINITE, NULL, 0, NULL, flags);
    ok(!ret, "RtmAddRouteToDest returned %lu\n", ret);
    return ret;
}

static RTM_DEST_INFO *dest_at(BYTE *buffer, UINT i)
{
    return (RTM_DEST_INFO *)(buffer + i * RTM_SIZE_OF_DEST_INFO(2));
}

static void test_registration(void)
{
    RTM_ENTITY_HANDLE a, b, c, handles[8];
    RTM_ENTITY_INFO info, infos[8];
    RTM_REGN_PROFILE profile;
    UINT num, i;
    DWORD ret;

    ret = register_entity_ex(1000, event_callback, FALSE, NULL, &profile, &a);
    ok(!ret, "got %lu\n", ret);
    ok(profile.MaxNextHopsInRoute >= 1, "got %u next hops\n", profile.MaxNextHopsInRoute);
    ok(profile.MaxHandlesInEnum >= 1, "got %u handles\n", profile.MaxHandlesInEnum);
    ok(profile.ViewsSupported == (RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST), "got %#lx\n", profile.ViewsSupported);
    ok(profile.NumberOfViews == 2, "got %u views\n", profile.NumberOfViews);

    ret = register_entity_ex(1000, event_callback, FALSE, NULL, NULL, &b);
    ok(ret == ERROR_ALREADY_EXISTS, "same entity id: got %lu\n", ret);

    /* the other entities hear about a registration, not the new one itself */
    events.registered = 0;
    b = register_entity(1001, NULL);
    ok(events.registered == 1, "got %ld registration events\n", events.registered);
    ok(events.last_entity == b, "got entity %p, expected %p\n", events.last_entity, b);
    ok(events.last_protocol == 1001, "got protocol %lu\n", events.last_protocol);
    c = register_entity(1002, event_callback);
    ok(events.registered == 2, "got %ld registration events\n", events.registered);

    memset(&info, 0, sizeof(info));
    info.AddressFamily = 99;
    ret = RtmRegisterEntity(&info, NULL, NULL, FALSE, &profile, handles);
    ok(ret == ERROR_INVALID_PARAMETER, "unknown family: got %lu\n", ret);
    info.AddressFamily = AF_INET;
    info.RtmInstanceId = 7;
    ret = RtmRegisterEntity(&info, NULL, NULL, FALSE, &profile, handles);
    ok(ret == ERROR_INVALID_PARAMETER, "unknown instance: got %lu\n", ret);

    /* RtmGetRegisteredEntities: the whole list, or the first ones and the count */
    num = ARRAY_SIZE(handles);
    ret = RtmGetRegisteredEntities(a, &num, handles, infos);
    ok(!ret, "got %lu\n", ret);
    ok(num == 3, "got %u entities\n", num);
    for (i = 0; i < num; i++)
        if (handles[i] == b) ok(infos[i].EntityId.EntityProtocolId == 1001, "got %lu\n", infos[i].EntityId.EntityProtocolId);
    ret = RtmReleaseEntities(a, num, handles);
    ok(!ret, "got %lu\n", ret);
    /* too small: the first ones, referenced, and how many came (the remarks) */
    num = 1;
    handles[0] = NULL;
    ret = RtmGetRegisteredEntities(a, &num, handles, infos);
    ok(ret == ERROR_INSUFFICIENT_BUFFER, "got %lu\n", ret);
    ok(num == 1 && handles[0], "got %u entities, %p\n", num, handles[0]);
    ret = RtmReleaseEntities(a, num, handles);
    ok(!ret, "got %lu\n", ret);
    /* no room at all: the count needed, as the documented sample expects */
    num = 0;
    handles[0] = NULL;
    ret = RtmGetRegisteredEntities(a, &num, handles, NULL);
    ok(ret == ERROR_INSUFFICIENT_BUFFER, "got %lu\n", ret);
    ok(num == 3, "got %u entities\n", num);
    ok(!handles[0], "got %p\n", handles[0]);
    /* the handles and the infos are optional */
    ret = RtmGetRegisteredEntities(a, &num, NULL, infos);
    ok(!ret, "got %lu\n", ret);
    ok(num == 3, "got %u entities\n", num);
    ret = RtmGetRegisteredEntities(a, &num, handles, NULL);
    ok(!ret, "got %lu\n", ret);
    ret = RtmReleaseEntities(a, num, handles);
    ok(!ret, "got %lu\n", ret);

    ret = RtmGetEntityInfo(a, b, &info);
    ok(!ret, "got %lu\n", ret);
    ok(info.EntityId.EntityProtocolId == 1001 && info.EntityId.EntityInstanceId == 1, "got %lu/%lu\n",
       info.EntityId.EntityProtocolId, info.EntityId.EntityInstanceId);
    ok(info.AddressFamily == AF_INET, "got family %u\n", info.AddressFamily);
    ret = RtmReleaseEntityInfo(a, &info);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetEntityInfo(a, (HANDLE)0xdead0001, &info);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);

    /* deregistration: the others hear of it, the handle dies */
    events.deregistered = 0;
    ret = RtmDeregisterEntity(b);
    ok(!ret, "got %lu\n", ret);
    ok(events.deregistered == 2, "got %ld deregistration events\n", events.deregistered);
    ok(events.last_entity == b, "got entity %p, expected %p\n", events.last_entity, b);
    ret = RtmDeregisterEntity(b);
    ok(ret == ERROR_INVALID_HANDLE, "second deregistration: got %lu\n", ret);
    ret = RtmGetEntityInfo(a, b, &info);
    ok(ret == ERROR_INVALID_HANDLE, "stale entity: got %lu\n", ret);
    num = ARRAY_SIZE(handles);
    ret = RtmGetRegisteredEntities(b, &num, handles, infos);
    ok(ret == ERROR_INVALID_HANDLE, "stale caller: got %lu\n", ret);
    ret = RtmDeregisterEntity(NULL);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);

    /* the id is free again */
    b = register_entity(1001, NULL);
    ok(!RtmDeregisterEntity(b), "deregistration failed\n");
    ok(!RtmDeregisterEntity(c), "deregistration failed\n");
    ok(!RtmDeregisterEntity(a), "deregistration failed\n");
}

static void test_nexthops(void)
{
    RTM_NEXTHOP_HANDLE nh, nh2, nh3, handles[8];
    RTM_NEXTHOP_INFO info, out, *pointer;
    RTM_ENTITY_HANDLE a, b;
    RTM_ENUM_HANDLE enum_handle;
    RTM_NET_ADDRESS addr;
    DWORD ret, flags;
    UINT num;

    a = register_entity(1100, NULL);
    b = register_entity(1101, NULL);

    memset(&info, 0, sizeof(info));
    RTM_IPV4_MAKE_NET_ADDRESS(&info.NextHopAddress, IP(10, 0, 0, 1), 32);
    info.InterfaceIndex = 7;
    info.EntitySpecificInfo = (void *)0x1234;
    nh = NULL;
    ret = RtmAddNextHop(a, &info, &nh, &flags);
    ok(!ret, "got %lu\n", ret);
    ok(flags == RTM_NEXTHOP_CHANGE_NEW, "got %#lx\n", flags);
    ok(nh != NULL, "no handle\n");

    /* the same address and interface: an update of the same next hop */
    info.EntitySpecificInfo = (void *)0x5678;
    nh2 = NULL;
    ret = RtmAddNextHop(a, &info, &nh2, &flags);
    ok(!ret, "got %lu\n", ret);
    ok(!flags, "got %#lx\n", flags);
    ok(nh2 == nh, "got %p, expected %p\n", nh2, nh);
    ret = RtmReleaseNextHops(a, 1, &nh2);
    ok(!ret, "got %lu\n", ret);

    /* another interface is another next hop */
    info.InterfaceIndex = 8;
    nh3 = NULL;
    ret = RtmAddNextHop(a, &info, &nh3, &flags);
    ok(!ret && flags == RTM_NEXTHOP_CHANGE_NEW, "got %lu %#lx\n", ret, flags);
    ok(nh3 != nh, "same handle\n");

    ret = RtmGetNextHopInfo(a, nh, &out);
    ok(!ret, "got %lu\n", ret);
    ok(out.InterfaceIndex == 7, "got %lu\n", out.InterfaceIndex);
    ok(out.EntitySpecificInfo == (void *)0x5678, "got %p\n", out.EntitySpecificInfo);
    ok(out.NextHopOwner == a, "got %p\n", out.NextHopOwner);
    ok(out.State == RTM_NEXTHOP_STATE_CREATED, "got %u\n", out.State);
    ret = RtmReleaseNextHopInfo(a, &out);
    ok(!ret, "got %lu\n", ret);

    /* RtmFindNextHop, and ownership */
    info.InterfaceIndex = 7;
    nh2 = NULL;
    pointer = NULL;
    ret = RtmFindNextHop(a, &info, &nh2, &pointer);
    ok(!ret && nh2 == nh, "got %lu %p\n", ret, nh2);
    ok(pointer && pointer->InterfaceIndex == 7, "got %p\n", pointer);
    RtmReleaseNextHops(a, 1, &nh2);
    ret = RtmFindNextHop(b, &info, &nh2, NULL);
    ok(ret == ERROR_NOT_FOUND, "other entity: got %lu\n", ret);
    info.InterfaceIndex = 9;
    ret = RtmFindNextHop(a, &info, &nh2, NULL);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    ret = RtmGetNextHopPointer(b, nh, &pointer);
    ok(ret == ERROR_ACCESS_DENIED, "got %lu\n", ret);
    ret = RtmGetNextHopPointer(a, nh, &pointer);
    ok(!ret && pointer->InterfaceIndex == 7, "got %lu\n", ret);
    ret = RtmLockNextHop(b, nh, TRUE, TRUE, &pointer);
    ok(ret == ERROR_ACCESS_DENIED, "got %lu\n", ret);
    ret = RtmLockNextHop(a, nh, TRUE, TRUE, &pointer);
    ok(!ret, "got %lu\n", ret);
    pointer->Flags = RTM_NEXTHOP_FLAGS_DOWN;
    ret = RtmLockNextHop(a, nh, TRUE, FALSE, NULL);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeleteNextHop(b, nh, NULL);
    ok(ret == ERROR_ACCESS_DENIED, "got %lu\n", ret);
    info.InterfaceIndex = 7;
    nh2 = nh;
    ret = RtmAddNextHop(b, &info, &nh2, &flags);
    ok(ret == ERROR_ACCESS_DENIED, "got %lu\n", ret);
    /* with a handle of one's own: an update of that next hop, the handle unchanged */
    info.EntitySpecificInfo = (void *)0x9abc;
    flags = 0xdead;
    ret = RtmAddNextHop(a, &info, &nh2, &flags);
    ok(!ret, "got %lu\n", ret);
    ok(!flags, "got %#lx\n", flags);
    ok(nh2 == nh, "got %p, expected %p\n", nh2, nh);
    ret = RtmGetNextHopInfo(a, nh, &out);
    ok(!ret && out.EntitySpecificInfo == (void *)0x9abc, "got %lu %p\n", ret, out.EntitySpecificInfo);
    RtmReleaseNextHopInfo(a, &out);

    /* a second address sorts before the first ones */
    add_nexthop(a, IP(9, 0, 0, 1), 1);
    ret = RtmCreateNextHopEnum(a, RTM_ENUM_START, NULL, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    num = ARRAY_SIZE(handles);
    ret = RtmGetEnumNextHops(a, enum_handle, &num, handles);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    ok(num == 3, "got %u\n", num);
    ok(handles[1] == nh && handles[2] == nh3, "got %p %p\n", handles[1], handles[2]);
    ret = RtmReleaseNextHops(a, num, handles);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeleteEnumHandle(a, enum_handle);
    ok(!ret, "got %lu\n", ret);

    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 0, 0, 0), 8);
    ret = RtmCreateNextHopEnum(a, RTM_ENUM_RANGE, &addr, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    num = ARRAY_SIZE(handles);
    ret = RtmGetEnumNextHops(a, enum_handle, &num, handles);
    ok(ret == ERROR_NO_MORE_ITEMS && num == 2, "got %lu %u\n", ret, num);
    RtmReleaseNextHops(a, num, handles);
    RtmDeleteEnumHandle(a, enum_handle);

    /* deletion by info releases nothing of the caller's; by handle, the handle */
    info.InterfaceIndex = 8;
    ret = RtmDeleteNextHop(a, NULL, &info);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetNextHopInfo(a, nh3, &out);
    ok(!ret, "our handle is still good: %lu\n", ret);
    ok(out.State == RTM_NEXTHOP_STATE_DELETED, "got state %u\n", out.State);
    RtmReleaseNextHopInfo(a, &out);
    ret = RtmReleaseNextHops(a, 1, &nh3);
    ok(!ret, "got %lu\n", ret);
    ret = RtmReleaseNextHops(a, 1, &nh3);
    ok(ret == ERROR_INVALID_HANDLE, "released twice: got %lu\n", ret);

    ret = RtmDeleteNextHop(a, nh, NULL);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetNextHopInfo(a, nh, &out);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
    info.InterfaceIndex = 7;
    ret = RtmDeleteNextHop(a, NULL, &info);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);

    /* a next hop handle outlives its owner's registration; its info then
     * names no owner, and releasing it works */
    info.InterfaceIndex = 9;
    nh3 = NULL;
    ret = RtmAddNextHop(a, &info, &nh3, &flags);
    ok(!ret, "got %lu\n", ret);
    ok(!RtmDeregisterEntity(a), "deregistration failed\n");
    memset(&out, 0xcc, sizeof(out));
    ret = RtmGetNextHopInfo(b, nh3, &out);
    ok(!ret, "got %lu\n", ret);
    ok(out.State == RTM_NEXTHOP_STATE_DELETED, "got state %u\n", out.State);
    ok(!out.NextHopOwner, "the deregistered owner's handle: %p\n", out.NextHopOwner);
    ret = RtmReleaseNextHopInfo(b, &out);
    ok(!ret, "got %lu\n", ret);
    ret = RtmReleaseNextHops(b, 1, &nh3);
    ok(!ret, "got %lu\n", ret);
    ret = RtmReleaseNextHops(b, 1, &nh3);
    ok(ret == ERROR_INVALID_HANDLE, "released twice: got %lu\n", ret);

    ok(!RtmDeregisterEntity(b), "deregistration failed\n");
}

struct lock_args
{
    RTM_ENTITY_HANDLE entity;
    RTM_ROUTE_HANDLE route;
};

static DWORD WINAPI lock_route_thread(void *arg)
{
    struct lock_args *args = arg;
    DWORD ret;

    if (!(ret = RtmLockRoute(args->entity, args->route, TRUE, TRUE, NULL)))
        ret = RtmLockRoute(args->entity, args->route, TRUE, FALSE, NULL);
    return ret;
}

static void join_lock_route_thread(HANDLE thread)
{
    DWORD ret;

    WaitForSingleObject(thread, INFINITE);
    GetExitCodeThread(thread, &ret);
    ok(!ret, "locking from another thread: got %lu\n", ret);
    CloseHandle(thread);
}

/* threads that lock a route shared and exclusive and count who is inside */
struct lock_stress
{
    RTM_ENTITY_HANDLE entity;
    RTM_ROUTE_HANDLE route;
    LONG writers, readers, overlaps, failures;
};

static DWORD WINAPI lock_stress_thread(void *arg)
{
    struct lock_stress *st = arg;
    unsigned int i;
    BOOL exclusive;

    for (i = 0; i < 3000; i++)
    {
        exclusive = !(i % 3);
        if (RtmLockRoute(st->entity, st->route, exclusive, TRUE, NULL))
        {
            InterlockedIncrement(&st->failures);
            continue;
        }
        if (exclusive)
        {
            if (InterlockedIncrement(&st->writers) != 1 || InterlockedCompareExchange(&st->readers, 0, 0))
                InterlockedIncrement(&st->overlaps);
            SwitchToThread();   /* let the others try meanwhile */
            if (InterlockedCompareExchange(&st->writers, 0, 0) != 1 || InterlockedCompareExchange(&st->readers, 0, 0))
                InterlockedIncrement(&st->overlaps);
            InterlockedDecrement(&st->writers);
        }
        else
        {
            InterlockedIncrement(&st->readers);
            if (InterlockedCompareExchange(&st->writers, 0, 0)) InterlockedIncrement(&st->overlaps);
            SwitchToThread();
            if (InterlockedCompareExchange(&st->writers, 0, 0)) InterlockedIncrement(&st->overlaps);
            InterlockedDecrement(&st->readers);
        }
        if (RtmLockRoute(st->entity, st->route, exclusive, FALSE, NULL)) InterlockedIncrement(&st->failures);
    }
    return 0;
}

static void test_route_lock_threads(RTM_ENTITY_HANDLE entity, RTM_ROUTE_HANDLE route)
{
    /* static: threads that hang past the wait below must not outlive it */
    static struct lock_stress st;
    HANDLE threads[3];
    unsigned int i, n;

    memset(&st, 0, sizeof(st));
    st.entity = entity;
    st.route = route;
    for (n = 0; n < ARRAY_SIZE(threads); n++)
        if (!(threads[n] = CreateThread(NULL, 0, lock_stress_thread, &st, 0, NULL))) break;
    ok(n == ARRAY_SIZE(threads), "CreateThread failed: %lu\n", GetLastError());
    ok(!n || WaitForMultipleObjects(n, threads, TRUE, 120000) == WAIT_OBJECT_0, "the threads did not finish\n");
    for (i = 0; i < n; i++) CloseHandle(threads[i]);
    ok(!st.overlaps, "%ld times a writer was not alone\n", st.overlaps);
    ok(!st.failures, "%ld locks or unlocks failed\n", st.failures);
}

static void test_routes(void)
{
    struct { union route_buffer route; BYTE after[2048]; } guarded;
    union dest_buffer dest, less;
    union route_buffer info;
    RTM_ROUTE_INFO *pointer;
    RTM_ENTITY_HANDLE a, b;
    RTM_NEXTHOP_HANDLE nha, nha2, nhb;
    RTM_ROUTE_HANDLE ra, ra2, rb, route;
    RTM_NET_ADDRESS addr;
    RTM_VIEW_SET views;
    struct lock_args args;
    unsigned int i;
    HANDLE thread;
    DWORD ret, flags;

    a = register_entity(1200, NULL);
    b = register_entity(1201, NULL);
    nha = add_nexthop(a, IP(10, 1, 0, 1), 1);
    nha2 = add_nexthop(a, IP(10, 1, 0, 2), 2);
    nhb = add_nexthop(b, IP(10, 2, 0, 1), 3);

    ra = NULL;
    add_route(a, IP(192, 168, 1, 0), 24, nha, 10, 5, &ra, &flags);
    ok(flags == (RTM_ROUTE_CHANGE_NEW | RTM_ROUTE_CHANGE_BEST), "got %#lx\n", flags);

    /* the same owner and neighbour: an update of the same route */
    ra2 = NULL;
    add_route(a, IP(192, 168, 1, 0), 24, nha, 10, 3, &ra2, &flags);
    ok(ra2 == ra, "got %p, expected %p\n", ra2, ra);
    ok(flags == RTM_ROUTE_CHANGE_BEST, "got %#lx\n", flags);
    ret = RtmReleaseRoutes(a, 1, &ra2);
    ok(!ret, "got %lu\n", ret);
    /* another neighbour: another route of the same dest */
    ra2 = NULL;
    add_route(a, IP(192, 168, 1, 0), 24, nha2, 10, 8, &ra2, &flags);
    ok(ra2 != ra, "same route\n");
    ok(flags == RTM_ROUTE_CHANGE_NEW, "got %#lx\n", flags);

    /* a worse route of another entity is not best; a better one is */
    rb = NULL;
    add_route(b, IP(192, 168, 1, 0), 24, nhb, 20, 1, &rb, &flags);
    ok(flags == RTM_ROUTE_CHANGE_NEW, "got %#lx\n", flags);
    ret = RtmIsBestRoute(b, rb, &views);
    ok(!ret && !views, "got %lu %#lx\n", ret, views);
    ret = RtmIsBestRoute(b, ra, &views);
    ok(!ret && views == (RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST), "got %lu %#lx\n", ret, views);

    ret = RtmGetRouteInfo(b, ra, &info.info, &addr);
    ok(!ret, "got %lu\n", ret);
    ok(info.info.RouteOwner == a, "got owner %p\n", info.info.RouteOwner);
    ok(info.info.Neighbour == nha, "got neighbour %p\n", info.info.Neighbour);
    ok(info.info.PrefInfo.Metric == 3, "got metric %lu\n", info.info.PrefInfo.Metric);
    ok(info.info.NextHopsList.NumNextHops == 1 && info.info.NextHopsList.NextHops[0] == nha, "got %u %p, expected %p\n",
       info.info.NextHopsList.NumNextHops, info.info.NextHopsList.NextHops[0], nha);
    ok(info.info.State == RTM_ROUTE_STATE_CREATED, "got state %u\n", info.info.State);
    ok(addr.NumBits == 24 && !memcmp(addr.AddrBits, "\xc0\xa8\x01\x00", 4), "got %u bits\n", addr.NumBits);
    ret = RtmReleaseRouteInfo(b, &info.info);
    ok(!ret, "got %lu\n", ret);

    /* destination queries */
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(192, 168, 1, 0), 24);
    ret = RtmGetExactMatchDestination(b, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(!ret, "got %lu\n", ret);
    ok(dest.info.NumberOfViews == 1, "got %u views\n", dest.info.NumberOfViews);
    ok(dest.info.ViewInfo[0].ViewId == RTM_VIEW_ID_UCAST, "got view %d\n", dest.info.ViewInfo[0].ViewId);
    ok(dest.info.ViewInfo[0].NumRoutes == 3, "got %u routes\n", dest.info.ViewInfo[0].NumRoutes);
    ok(dest.info.ViewInfo[0].Route == ra, "got best %p\n", dest.info.ViewInfo[0].Route);
    ok(dest.info.ViewInfo[0].Owner == a, "got owner %p\n", dest.info.ViewInfo[0].Owner);
    ok(dest.info.BelongsToViews == (RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST), "got %#lx\n", dest.info.BelongsToViews);
    ok(dest.info.LastChanged.dwLowDateTime || dest.info.LastChanged.dwHighDateTime, "no time\n");
    ret = RtmReleaseDestInfo(b, &dest.info);
    ok(!ret, "got %lu\n", ret);

    /* RtmGetDestInfo by handle gives the same */
    ret = RtmGetExactMatchDestination(b, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &less.info);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetDestInfo(b, less.info.DestHandle, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_MCAST, &dest.info);
    ok(!ret, "got %lu\n", ret);
    ok(dest.info.DestHandle == less.info.DestHandle, "got %p, expected %p\n", dest.info.DestHandle, less.info.DestHandle);
    ok(dest.info.NumberOfViews == 1 && dest.info.ViewInfo[0].ViewId == RTM_VIEW_ID_MCAST, "got %u views\n",
       dest.info.NumberOfViews);
    ok(dest.info.ViewInfo[0].Route == ra, "got best %p\n", dest.info.ViewInfo[0].Route);
    ok(!RtmReleaseDestInfo(b, &dest.info), "release failed\n");
    ret = RtmGetDestInfo(b, ra, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(ret == ERROR_INVALID_HANDLE, "a route handle: got %lu\n", ret);
    ok(!RtmReleaseDestInfo(b, &less.info), "release failed\n");

    /* the best route of one protocol */
    ret = RtmGetExactMatchDestination(b, &addr, RTM_THIS_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(!ret && dest.info.ViewInfo[0].Route == rb, "got %lu %p\n", ret, dest.info.ViewInfo[0].Route);
    RtmReleaseDestInfo(b, &dest.info);
    ret = RtmGetExactMatchDestination(b, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_ANY, &dest.info);
    ok(!ret && !dest.info.NumberOfViews, "got %lu %u\n", ret, dest.info.NumberOfViews);
    RtmReleaseDestInfo(b, &dest.info);
    ret = RtmGetExactMatchDestination(b, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_ALL, &dest.info);
    ok(!ret && dest.info.NumberOfViews == 2, "got %lu %u\n", ret, dest.info.NumberOfViews);
    ok(dest.info.ViewInfo[1].ViewId == RTM_VIEW_ID_MCAST, "got view %d\n", dest.info.ViewInfo[1].ViewId);
    RtmReleaseDestInfo(b, &dest.info);

    add_route(b, IP(192, 168, 0, 0), 16, nhb, 20, 1, NULL, NULL);
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(192, 168, 1, 77), 32);
    ret = RtmGetMostSpecificDestination(b, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(!ret, "got %lu\n", ret);
    ok(dest.info.DestAddress.NumBits == 24, "got %u bits\n", dest.info.DestAddress.NumBits);
    ret = RtmGetLessSpecificDestination(b, dest.info.DestHandle, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &less.info);
    ok(!ret, "got %lu\n", ret);
    ok(less.info.DestAddress.NumBits == 16, "got %u bits\n", less.info.DestAddress.NumBits);
    ok(less.info.DestHandle != dest.info.DestHandle, "same dest\n");
    ret = RtmGetLessSpecificDestination(b, less.info.DestHandle, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(ret == ERROR_NOT_FOUND, "nothing covers 192.168/16: got %lu\n", ret);
    ok(!RtmReleaseDestInfo(b, &less.info), "release failed\n");
    ret = RtmReleaseDests(b, 1, &dest.info);
    ok(!ret, "got %lu\n", ret);
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(192, 169, 1, 1), 32);
    ret = RtmGetMostSpecificDestination(b, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(172, 16, 0, 0), 16);
    ret = RtmGetExactMatchDestination(b, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);

    /* RtmGetExactMatchRoute */
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(192, 168, 1, 0), 24);
    init_route(&info.info, nhb, 0, 0);
    info.info.RouteOwner = b;
    route = NULL;
    ret = RtmGetExactMatchRoute(a, &addr, RTM_MATCH_OWNER, &info.info, 0, RTM_VIEW_MASK_UCAST, &route);
    ok(!ret && route == rb, "got %lu %p\n", ret, route);
    ok(info.info.RouteOwner == b && info.info.PrefInfo.Preference == 20, "got %p %lu\n", info.info.RouteOwner,
       info.info.PrefInfo.Preference);
    RtmReleaseRouteInfo(a, &info.info);
    RtmReleaseRoutes(a, 1, &route);
    init_route(&info.info, nha2, 0, 0);
    ret = RtmGetExactMatchRoute(a, &addr, RTM_MATCH_NEXTHOP, &info.info, 0, RTM_VIEW_MASK_UCAST, &route);
    ok(!ret && route == ra2, "got %lu %p\n", ret, route);
    RtmReleaseRouteInfo(a, &info.info);
    RtmReleaseRoutes(a, 1, &route);
    ret = RtmGetExactMatchRoute(a, &addr, RTM_MATCH_INTERFACE, &info.info, 3, RTM_VIEW_MASK_UCAST, &route);
    ok(!ret && route == rb, "got %lu %p\n", ret, route);
    RtmReleaseRouteInfo(a, &info.info);
    RtmReleaseRoutes(a, 1, &route);
    ret = RtmGetExactMatchRoute(a, &addr, RTM_MATCH_INTERFACE, &info.info, 99, RTM_VIEW_MASK_UCAST, &route);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);

    /* only the owner changes a route */
    ret = RtmGetRoutePointer(b, ra, &pointer);
    ok(ret == ERROR_ACCESS_DENIED, "got %lu\n", ret);
    ret = RtmLockRoute(b, ra, TRUE, TRUE, &pointer);
    ok(ret == ERROR_ACCESS_DENIED, "got %lu\n", ret);
    ret = RtmDeleteRouteToDest(b, ra, &flags);
    ok(ret == ERROR_ACCESS_DENIED, "got %lu\n", ret);
    ret = RtmUpdateAndUnlockRoute(b, ra, INFINITE, NULL, 0, NULL, &flags);
    ok(ret == ERROR_ACCESS_DENIED, "got %lu\n", ret);
    init_route(&info.info, nhb, 20, 1);
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(192, 168, 1, 0), 24);
    route = ra;
    flags = 0;
    ret = RtmAddRouteToDest(b, &route, &addr, &info.info, INFINITE, NULL, 0, NULL, &flags);
    ok(ret == ERROR_ACCESS_DENIED, "someone else's route handle: got %lu\n", ret);
    ok(route == ra, "got %p\n", route);

    /* update in place: the metric change makes the other route of a best */
    ret = RtmLockRoute(a, ra, TRUE, TRUE, &pointer);
    ok(!ret, "got %lu\n", ret);
    ok(pointer->PrefInfo.Metric == 3, "got %lu\n", pointer->PrefInfo.Metric);
    pointer->PrefInfo.Metric = 9;
    flags = 0;
    ret = RtmUpdateAndUnlockRoute(a, ra, INFINITE, NULL, 0, NULL, &flags);
    ok(!ret, "got %lu\n", ret);
    ok(flags == RTM_ROUTE_CHANGE_BEST, "got %#lx\n", flags);
    ret = RtmIsBestRoute(a, ra2, &views);
    ok(!ret && views == (RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST), "got %lu %#lx\n", ret, views);
    /* the next hops can change in place too; the client moves the
     * references, as the sample of the update in place does */
    ret = RtmLockRoute(a, ra, TRUE, TRUE, &pointer);
    ok(!ret, "got %lu\n", ret);
    ok(!RtmReleaseNextHops(a, 1, &nha), "release failed\n");
    pointer->NextHopsList.NextHops[0] = nha2;
    ok(!RtmReferenceHandles(a, 1, &nha2), "reference failed\n");
    ret = RtmUpdateAndUnlockRoute(a, ra, INFINITE, NULL, 0, NULL, &flags);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetRouteInfo(a, ra, &info.info, NULL);
    ok(!ret && info.info.NextHopsList.NextHops[0] == nha2, "got %lu %p\n", ret, info.info.NextHopsList.NextHops[0]);
    RtmReleaseRouteInfo(a, &info.info);
    /* a next hop of another entity is refused */
    ret = RtmLockRoute(a, ra, TRUE, TRUE, &pointer);
    ok(!ret, "got %lu\n", ret);
    pointer->NextHopsList.NextHops[0] = nhb;
    ret = RtmUpdateAndUnlockRoute(a, ra, INFINITE, NULL, 0, NULL, &flags);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    /* a failed update leaves the route locked, the caller unlocks it (the page's remarks) */
    args.entity = a;
    args.route = ra;
    thread = CreateThread(NULL, 0, lock_route_thread, &args, 0, NULL);
    ok(WaitForSingleObject(thread, 100) == WAIT_TIMEOUT, "the failed update unlocked the route\n");
    ret = RtmLockRoute(a, ra, TRUE, FALSE, NULL);
    ok(!ret, "got %lu\n", ret);
    join_lock_route_thread(thread);
    if (winetest_platform_is_wine)
    {
        /* Our choice: a thread that holds a dest exclusive may lock it
         * again, either way, so that two dests sharing a lock stripe do not
         * deadlock it; the dest stays locked until the last unlock. */
        for (i = 0; i < 3; i++)
        {
            ret = RtmLockRoute(a, ra, i < 2, TRUE, &pointer);
            ok(!ret, "lock %u: got %lu\n", i, ret);
        }
        thread = CreateThread(NULL, 0, lock_route_thread, &args, 0, NULL);
        for (i = 3; i--; )
        {
            ok(WaitForSingleObject(thread, 100) == WAIT_TIMEOUT, "%u holds left: not locked any more\n", i + 1);
            ret = RtmLockRoute(a, ra, i < 2, FALSE, NULL);
            ok(!ret, "unlock %u: got %lu\n", i, ret);
        }
        join_lock_route_thread(thread);
        /* the exclusive hold goes first: the owner's shared one still keeps writers out */
        ok(!RtmLockRoute(a, ra, TRUE, TRUE, &pointer), "exclusive lock failed\n");
        ok(!RtmLockRoute(a, ra, FALSE, TRUE, &pointer), "nested shared lock failed\n");
        ok(!RtmLockRoute(a, ra, TRUE, FALSE, NULL), "exclusive unlock failed\n");
        thread = CreateThread(NULL, 0, lock_route_thread, &args, 0, NULL);
        ok(WaitForSingleObject(thread, 100) == WAIT_TIMEOUT, "a writer got in past a shared hold\n");
        ok(!RtmLockRoute(a, ra, FALSE, FALSE, NULL), "shared unlock failed\n");
        join_lock_route_thread(thread);
    }
    test_route_lock_threads(a, ra);
    ret = RtmLockRoute(a, ra, TRUE, TRUE, &pointer);
    ok(!ret, "got %lu\n", ret);
    if (winetest_platform_is_wine)
    {
        /* what the lock holder writes in place is its business, not a
         * reader's: a count out of range copies no more than a route has */
        pointer->NextHopsList.NumNextHops = 200;
        memset(&guarded, 0xcc, sizeof(guarded));
        ret = RtmGetRouteInfo(b, ra, &guarded.route.info, NULL);
        ok(!ret, "got %lu\n", ret);
        ok(guarded.route.info.NextHopsList.NumNextHops <= 8, "got %u next hops\n",
           guarded.route.info.NextHopsList.NumNextHops);
        for (i = 0; i < sizeof(guarded.after) && guarded.after[i] == 0xcc; i++);
        ok(i == sizeof(guarded.after), "wrote past the route info\n");
        if (!ret) RtmReleaseRouteInfo(b, &guarded.route.info);
        pointer->NextHopsList.NumNextHops = 1;
    }
    ok(!RtmReleaseNextHops(a, 1, &nha2), "release failed\n");
    pointer->NextHopsList.NextHops[0] = nha;
    ok(!RtmReferenceHandles(a, 1, &nha), "reference failed\n");
    ret = RtmUpdateAndUnlockRoute(a, ra, INFINITE, NULL, 0, NULL, &flags);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetRoutePointer(a, ra, &pointer);
    ok(!ret && pointer->PrefInfo.Metric == 9, "got %lu\n", ret);

    /* RTM_ROUTE_CHANGE_FIRST updates the entity's first route there, whatever the neighbour */
    init_route(&info.info, nha, 10, 9);
    info.info.Neighbour = NULL;
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(192, 168, 0, 0), 16);
    flags = RTM_ROUTE_CHANGE_FIRST;
    ret = RtmAddRouteToDest(b, NULL, &addr, &info.info, INFINITE, NULL, 0, NULL, &flags);
    ok(ret == ERROR_INVALID_PARAMETER, "someone else's next hop: got %lu\n", ret);
    init_route(&info.info, nhb, 20, 2);
    info.info.Neighbour = NULL;
    flags = RTM_ROUTE_CHANGE_FIRST;
    route = NULL;
    ret = RtmAddRouteToDest(b, &route, &addr, &info.info, INFINITE, NULL, 0, NULL, &flags);
    ok(!ret && !(flags & RTM_ROUTE_CHANGE_NEW), "got %lu %#lx\n", ret, flags);
    ret = RtmGetRouteInfo(b, route, &info.info, NULL);
    ok(!ret && info.info.PrefInfo.Metric == 2 && !info.info.Neighbour, "got %lu %lu %p\n", ret,
       info.info.PrefInfo.Metric, info.info.Neighbour);
    RtmReleaseRouteInfo(b, &info.info);
    RtmReleaseRoutes(b, 1, &route);

    /* RTM_ROUTE_CHANGE_NEW adds a route even with the same neighbour */
    init_route(&info.info, nha, 30, 30);
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(192, 168, 1, 0), 24);
    flags = RTM_ROUTE_CHANGE_NEW;
    route = NULL;
    ret = RtmAddRouteToDest(a, &route, &addr, &info.info, INFINITE, NULL, 0, NULL, &flags);
    ok(!ret && route != ra, "got %lu %p\n", ret, route);
    ok(flags == RTM_ROUTE_CHANGE_NEW, "got %#lx\n", flags);
    ret = RtmDeleteRouteToDest(a, route, &flags);
    ok(!ret && !flags, "got %lu %#lx\n", ret, flags);

    /* deleting releases the caller's handle */
    ret = RtmDeleteRouteToDest(a, ra2, &flags);
    ok(!ret, "got %lu\n", ret);
    ok(flags == RTM_ROUTE_CHANGE_BEST, "got %#lx\n", flags);
    ret = RtmIsBestRoute(a, ra, &views);
    ok(!ret && views, "got %lu %#lx\n", ret, views);
    ret = RtmGetRouteInfo(a, ra2, &info.info, NULL);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
    ret = RtmDeleteRouteToDest(a, ra2, &flags);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
    /* a handle kept by someone else outlives the deletion */
    ret = RtmReferenceHandles(a, 1, &ra);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeleteRouteToDest(a, ra, &flags);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetRouteInfo(a, ra, &info.info, NULL);
    ok(!ret && info.info.State == RTM_ROUTE_STATE_DELETED, "got %lu %u\n", ret, info.info.State);
    RtmReleaseRouteInfo(a, &info.info);
    ret = RtmIsBestRoute(a, ra, &views);
    ok(!ret && !views, "got %lu %#lx\n", ret, views);
    ret = RtmDeleteRouteToDest(a, ra, &flags);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    ret = RtmReleaseRoutes(a, 1, &ra);
    ok(!ret, "got %lu\n", ret);
    ret = RtmReleaseRoutes(a, 1, &ra);
    ok(ret == ERROR_INVALID_HANDLE, "released twice: got %lu\n", ret);

    /* deregistration takes the entity's routes along */
    ok(!RtmDeregisterEntity(b), "deregistration failed\n");
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(192, 168, 0, 0), 16);
    ret = RtmGetExactMatchDestination(a, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    ok(!RtmDeregisterEntity(a), "deregistration failed\n");
}

/* An entity with next hops 1 and 2, their infos, and a route through 1
 * (as next hop and neighbour) that an update in place moves to 2 */
struct swap_test
{
    RTM_ENTITY_HANDLE  entity;
    RTM_NEXTHOP_HANDLE nh1, nh2;
    RTM_NEXTHOP_INFO   hop1, hop2;
    RTM_ROUTE_HANDLE   route;
};

static void swap_test_start(struct swap_test *t, ULONG protocol, BYTE net)
{
    DWORD ret;

    t->entity = register_entity(protocol, NULL);
    t->nh1 = add_nexthop(t->entity, IP(10, net, 0, 1), 1);
    t->nh2 = add_nexthop(t->entity, IP(10, net, 0, 2), 2);
    ret = RtmGetNextHopInfo(t->entity, t->nh1, &t->hop1);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetNextHopInfo(t->entity, t->nh2, &t->hop2);
    ok(!ret, "got %lu\n", ret);
    t->route = NULL;
    add_route(t->entity, IP(10, net + 1, 0, 0), 16, t->nh1, 10, 1, &t->route, NULL);
}

/* what the sample of the update in place does to the locked route */
static void swap_in_place(struct swap_test *t, RTM_ROUTE_INFO *pointer)
{
    RTM_NEXTHOP_HANDLE old;
    DWORD ret;

    old = pointer->NextHopsList.NextHops[0];
    ret = RtmReleaseNextHops(t->entity, 1, &old);
    ok(!ret, "got %lu\n", ret);
    pointer->NextHopsList.NextHops[0] = t->nh2;
    ret = RtmReferenceHandles(t->entity, 1, &t->nh2);
    ok(!ret, "got %lu\n", ret);
    old = pointer->Neighbour;
    ret = RtmReleaseNextHops(t->entity, 1, &old);
    ok(!ret, "got %lu\n", ret);
    pointer->Neighbour = t->nh2;
    ret = RtmReferenceHandles(t->entity, 1, &t->nh2);
    ok(!ret, "got %lu\n", ret);
}

/* Once the route is gone, the client deletes both next hops, releases the
 * infos it holds and its own handles, which must be the last references. */
static void swap_test_end(struct swap_test *t)
{
    DWORD ret;

    ret = RtmDeleteNextHop(t->entity, NULL, &t->hop1);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeleteNextHop(t->entity, NULL, &t->hop2);
    ok(!ret, "got %lu\n", ret);
    RtmReleaseNextHopInfo(t->entity, &t->hop1);
    RtmReleaseNextHopInfo(t->entity, &t->hop2);
    ret = RtmReleaseNextHops(t->entity, 1, &t->nh1);
    ok(!ret, "the next hop taken out: got %lu\n", ret);
    ret = RtmReleaseNextHops(t->entity, 1, &t->nh2);
    ok(!ret, "the next hop put in: got %lu\n", ret);
    if (winetest_platform_is_wine)
    {
        /* stale handles are ERROR_INVALID_HANDLE here (spec/rtmv2.md) */
        ret = RtmGetNextHopInfo(t->entity, t->nh2, &t->hop2);
        ok(ret == ERROR_INVALID_HANDLE, "the next hop put in is still there: got %lu\n", ret);
        if (!ret) RtmReleaseNextHopInfo(t->entity, &t->hop2);
        ret = RtmGetNextHopInfo(t->entity, t->nh1, &t->hop1);
        ok(ret == ERROR_INVALID_HANDLE, "the next hop taken out is still there: got %lu\n", ret);
        if (!ret) RtmReleaseNextHopInfo(t->entity, &t->hop1);
    }
    ok(!RtmDeregisterEntity(t->entity), "deregistration failed\n");
}

/* An update in place leaves the references of the next hops to the client,
 * as the sample of "Update a Route In Place Using RtmUpdateAndUnlockRoute"
 * does them: it releases the next hop it takes out of the route and
 * references the one it puts in.  Done so, the handles the client holds
 * itself stay as they were. */
static void test_update_in_place(void)
{
    union route_buffer info;
    RTM_ROUTE_INFO *pointer;
    RTM_ENTITY_HANDLE a;
    RTM_ROUTE_HANDLE route;
    struct swap_test t;
    struct lock_args args;
    HANDLE thread;
    DWORD ret, flags;

    swap_test_start(&t, 1260, 27);
    a = t.entity;
    route = t.route;
    ret = RtmGetRouteInfo(a, route, &info.info, NULL);
    ok(!ret && info.info.Neighbour == t.nh1, "got %lu %p\n", ret, info.info.Neighbour);
    RtmReleaseRouteInfo(a, &info.info);

    ret = RtmLockRoute(a, route, TRUE, TRUE, &pointer);
    ok(!ret, "got %lu\n", ret);
    pointer->PrefInfo.Metric = 16;
    swap_in_place(&t, pointer);
    ret = RtmUpdateAndUnlockRoute(a, route, INFINITE, NULL, 0, NULL, &flags);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetRouteInfo(a, route, &info.info, NULL);
    ok(!ret && info.info.NextHopsList.NextHops[0] == t.nh2, "got %lu %p\n", ret, info.info.NextHopsList.NextHops[0]);

    /* locking the dest locks its routes too (RtmLockDestination's remarks) */
    ret = RtmLockDestination(a, info.info.DestHandle, TRUE, TRUE);
    ok(!ret, "got %lu\n", ret);
    args.entity = a;
    args.route = route;
    thread = CreateThread(NULL, 0, lock_route_thread, &args, 0, NULL);
    ok(WaitForSingleObject(thread, 100) == WAIT_TIMEOUT, "the route was not locked\n");
    ret = RtmLockDestination(a, info.info.DestHandle, TRUE, FALSE);
    ok(!ret, "got %lu\n", ret);
    join_lock_route_thread(thread);
    RtmReleaseRouteInfo(a, &info.info);

    /* once the route and the next hops are deleted, the client's own
     * handles are all that is left: one reference each */
    ret = RtmDeleteRouteToDest(a, route, &flags);
    ok(!ret, "got %lu\n", ret);
    swap_test_end(&t);
}

/* The references a route holds on its next hops are the ones of the info
 * the client changes in place: after a failed RtmUpdateAndUnlockRoute, for
 * which the client already moved them as the sample of the update in place
 * does, the end of the route releases the next hop put in, not the one
 * taken out. */
static void test_update_in_place_failed(void)
{
    RTM_ROUTE_INFO *pointer;
    struct swap_test t;
    DWORD ret, flags;

    swap_test_start(&t, 1261, 29);
    /* a second reference, so that the route outlives its deletion below */
    ret = RtmReferenceHandles(t.entity, 1, &t.route);
    ok(!ret, "got %lu\n", ret);

    ret = RtmLockRoute(t.entity, t.route, TRUE, TRUE, &pointer);
    ok(!ret, "got %lu\n", ret);
    swap_in_place(&t, pointer);
    /* the route goes away meanwhile, so the update fails */
    ret = RtmDeleteRouteToDest(t.entity, t.route, &flags);
    ok(!ret, "got %lu\n", ret);
    ret = RtmUpdateAndUnlockRoute(t.entity, t.route, INFINITE, NULL, 0, NULL, &flags);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    ret = RtmLockRoute(t.entity, t.route, TRUE, FALSE, NULL);
    ok(!ret, "got %lu\n", ret);
    ret = RtmReleaseRoutes(t.entity, 1, &t.route);
    ok(!ret, "got %lu\n", ret);
    swap_test_end(&t);
}

/* drains a route enumeration; returns how many routes it gave */
static UINT count_enum_routes(RTM_ENTITY_HANDLE entity, RTM_ENUM_HANDLE enum_handle)
{
    RTM_ROUTE_HANDLE routes[8];
    UINT num, total = 0, calls = 0;
    DWORD ret;

    do
    {
        num = ARRAY_SIZE(routes);
        ret = RtmGetEnumRoutes(entity, enum_handle, &num, routes);
        total += num;
        RtmReleaseRoutes(entity, num, routes);
    } while (!ret && ++calls < 10);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    RtmDeleteEnumHandle(entity, enum_handle);
    return total;
}

static void test_lookups(void)
{
    union dest_buffer dest, less;
    union route_buffer info;
    RTM_ENTITY_HANDLE a, b;
    RTM_NEXTHOP_HANDLE nha, nhb;
    RTM_ROUTE_HANDLE ra, rb, rdefault;
    RTM_ENUM_HANDLE enum_handle;
    RTM_NET_ADDRESS addr;
    DWORD ret, flags;

    a = register_entity(1250, NULL);
    b = register_entity(1251, NULL);
    nha = add_nexthop(a, IP(10, 25, 0, 1), 1);
    nhb = add_nexthop(b, IP(10, 25, 0, 2), 2);
    rdefault = ra = rb = NULL;
    add_route(a, IP(0, 0, 0, 0), 0, nha, 10, 1, &rdefault, NULL);
    add_route(a, IP(10, 26, 0, 0), 16, nha, 10, 1, &ra, NULL);
    add_route(b, IP(10, 26, 0, 0), 16, nhb, 20, 1, NULL, NULL);
    /* 10.26.1/24 only in the multicast view */
    init_route(&info.info, nhb, 10, 1);
    info.info.BelongsToViews = RTM_VIEW_MASK_MCAST;
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 26, 1, 0), 24);
    flags = 0;
    ret = RtmAddRouteToDest(b, &rb, &addr, &info.info, INFINITE, NULL, 0, NULL, &flags);
    ok(!ret, "got %lu\n", ret);

    /* the most specific dest in the views asked for */
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 26, 1, 5), 32);
    ret = RtmGetMostSpecificDestination(a, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_MCAST, &dest.info);
    ok(!ret, "got %lu\n", ret);
    ok(dest.info.DestAddress.NumBits == 24, "got %u bits\n", dest.info.DestAddress.NumBits);
    ok(dest.info.ViewInfo[0].Route == rb, "got %p, expected %p\n", dest.info.ViewInfo[0].Route, rb);
    ok(!RtmReleaseDestInfo(a, &dest.info), "release failed\n");
    ret = RtmGetMostSpecificDestination(a, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(!ret, "got %lu\n", ret);
    ok(dest.info.DestAddress.NumBits == 16, "got %u bits\n", dest.info.DestAddress.NumBits);
    ok(dest.info.ViewInfo[0].Route == ra, "got %p, expected %p\n", dest.info.ViewInfo[0].Route, ra);

    /* walking up ends with the default route (the remarks; spec/rtmv2.md: the
     * next shorter dest), and nothing is less specific than it */
    ret = RtmGetLessSpecificDestination(a, dest.info.DestHandle, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &less.info);
    ok(!ret, "got %lu\n", ret);
    ok(less.info.DestAddress.NumBits == 0, "got %u bits\n", less.info.DestAddress.NumBits);
    ok(less.info.ViewInfo[0].Route == rdefault, "got %p, expected %p\n", less.info.ViewInfo[0].Route, rdefault);
    ok(!RtmReleaseDestInfo(a, &dest.info), "release failed\n");
    ret = RtmGetLessSpecificDestination(a, less.info.DestHandle, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    ok(!RtmReleaseDestInfo(a, &less.info), "release failed\n");
    /* an address nothing else covers matches the default route */
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(172, 30, 1, 1), 32);
    ret = RtmGetMostSpecificDestination(a, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(!ret, "got %lu\n", ret);
    ok(dest.info.DestAddress.NumBits == 0, "got %u bits\n", dest.info.DestAddress.NumBits);
    if (!ret) RtmReleaseDestInfo(a, &dest.info);

    /* the protocol id chooses the route described, it does not select the dest */
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 26, 0, 0), 16);
    ret = RtmGetExactMatchDestination(b, &addr, 1250, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(!ret, "got %lu\n", ret);
    ok(dest.info.ViewInfo[0].Route == ra, "got %p, expected %p\n", dest.info.ViewInfo[0].Route, ra);
    ok(dest.info.ViewInfo[0].NumRoutes == 2, "got %u routes\n", dest.info.ViewInfo[0].NumRoutes);
    ok(!RtmReleaseDestInfo(b, &dest.info), "release failed\n");
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(0, 0, 0, 0), 0);
    ret = RtmGetExactMatchDestination(b, &addr, RTM_THIS_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(!ret, "a dest with no route of ours: got %lu\n", ret);
    ok(!dest.info.ViewInfo[0].Route, "got %p\n", dest.info.ViewInfo[0].Route);
    if (!ret) RtmReleaseDestInfo(b, &dest.info);

    /* route enumerations select with the matching flags */
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 26, 0, 0), 16);
    init_route(&info.info, nhb, 0, 0);
    info.info.RouteOwner = b;
    ret = RtmCreateRouteEnum(a, NULL, RTM_VIEW_MASK_ANY, RTM_ENUM_RANGE, &addr, RTM_MATCH_OWNER, &info.info, 0,
                             &enum_handle);
    ok(!ret, "got %lu\n", ret);
    if (!ret) ok(count_enum_routes(a, enum_handle) == 2, "RTM_MATCH_OWNER: wrong count\n");
    ret = RtmCreateRouteEnum(a, NULL, RTM_VIEW_MASK_UCAST, RTM_ENUM_RANGE, &addr, RTM_MATCH_OWNER, &info.info, 0,
                             &enum_handle);
    ok(!ret, "got %lu\n", ret);
    if (!ret) ok(count_enum_routes(a, enum_handle) == 1, "RTM_MATCH_OWNER, unicast: wrong count\n");
    init_route(&info.info, nha, 0, 0);
    ret = RtmCreateRouteEnum(b, NULL, RTM_VIEW_MASK_ANY, RTM_ENUM_START, NULL, RTM_MATCH_NEIGHBOUR, &info.info, 0,
                             &enum_handle);
    ok(!ret, "got %lu\n", ret);
    if (!ret) ok(count_enum_routes(b, enum_handle) == 2, "RTM_MATCH_NEIGHBOUR: wrong count\n");
    ret = RtmCreateRouteEnum(b, NULL, RTM_VIEW_MASK_ANY, RTM_ENUM_RANGE, &addr, RTM_MATCH_NEXTHOP, &info.info, 0,
                             &enum_handle);
    ok(!ret, "got %lu\n", ret);
    if (!ret) ok(count_enum_routes(b, enum_handle) == 1, "RTM_MATCH_NEXTHOP: wrong count\n");
    /* the interface needs no criteria route */
    ret = RtmCreateRouteEnum(b, NULL, RTM_VIEW_MASK_ANY, RTM_ENUM_START, NULL, RTM_MATCH_INTERFACE, NULL, 2,
                             &enum_handle);
    ok(!ret, "got %lu\n", ret);
    if (!ret) ok(count_enum_routes(b, enum_handle) == 2, "RTM_MATCH_INTERFACE: wrong count\n");

    ok(!RtmDeregisterEntity(b), "deregistration failed\n");
    ok(!RtmDeregisterEntity(a), "deregistration failed\n");
}

/* RTM_CHANGE_TYPE_ALL reports any change of a dest, RTM_CHANGE_TYPE_BEST only
 * those of its best route */
static void test_change_types(void)
{
    BYTE buffer[RTM_SIZE_OF_DEST_INFO(2) * 8];
    union dest_buffer held;
    RTM_NOTIFY_HANDLE all, best;
    RTM_NET_ADDRESS addr;
    RTM_ENTITY_HANDLE a, b;
    RTM_NEXTHOP_HANDLE nha, nhb;
    RTM_ROUTE_HANDLE rb;
    RTM_DEST_HANDLE dest;
    BOOL status;
    DWORD ret;
    UINT num;

    a = register_entity(1450, NULL);
    b = register_entity(1451, NULL);
    nha = add_nexthop(a, IP(10, 45, 0, 1), 1);
    nhb = add_nexthop(b, IP(10, 45, 0, 2), 2);
    ret = RtmRegisterForChangeNotification(a, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_ALL, NULL, &all);
    ok(!ret, "got %lu\n", ret);
    ret = RtmRegisterForChangeNotification(a, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_BEST, NULL, &best);
    ok(!ret, "got %lu\n", ret);

    add_route(a, IP(10, 46, 0, 0), 16, nha, 10, 1, NULL, NULL);
    num = 8;
    ret = RtmGetChangedDests(a, all, &num, (RTM_DEST_INFO *)buffer);
    ok(!ret && num == 1, "got %lu %u\n", ret, num);
    RtmReleaseChangedDests(a, all, num, (RTM_DEST_INFO *)buffer);
    num = 8;
    ret = RtmGetChangedDests(a, best, &num, (RTM_DEST_INFO *)buffer);
    ok(!ret && num == 1, "a new best route: got %lu %u\n", ret, num);
    RtmReleaseChangedDests(a, best, num, (RTM_DEST_INFO *)buffer);

    /* a worse route comes and goes: the best route stays */
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 46, 0, 0), 16);
    ret = RtmGetExactMatchDestination(a, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &held.info);
    ok(!ret, "got %lu\n", ret);
    dest = held.info.DestHandle;
    rb = NULL;
    add_route(b, IP(10, 46, 0, 0), 16, nhb, 20, 1, &rb, NULL);
    ret = RtmGetChangeStatus(a, all, dest, &status);
    ok(!ret && status, "all, add: got %lu %d\n", ret, status);
    ret = RtmGetChangeStatus(a, best, dest, &status);
    ok(!ret && !status, "best, add: got %lu %d\n", ret, status);
    ret = RtmIgnoreChangedDests(a, all, 1, &dest);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeleteRouteToDest(b, rb, NULL);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetChangeStatus(a, all, dest, &status);
    ok(!ret && status, "all, delete: got %lu %d\n", ret, status);
    ret = RtmGetChangeStatus(a, best, dest, &status);
    ok(!ret && !status, "best, delete: got %lu %d\n", ret, status);
    num = 8;
    ret = RtmGetChangedDests(a, best, &num, (RTM_DEST_INFO *)buffer);
    ok(ret == ERROR_NO_MORE_ITEMS && !num, "got %lu %u\n", ret, num);

    ok(!RtmReleaseDestInfo(a, &held.info), "release failed\n");
    ok(!RtmDeregisterFromChangeNotification(a, all), "deregistration failed\n");
    ok(!RtmDeregisterFromChangeNotification(a, best), "deregistration failed\n");
    ok(!RtmDeregisterEntity(b), "deregistration failed\n");
    ok(!RtmDeregisterEntity(a), "deregistration failed\n");
}

/* what runs out is ERROR_NO_SYSTEM_RESOURCES, and comes back once given up */
static void test_limits(void)
{
    RTM_ENTITY_HANDLE entities[64], a;
    RTM_NOTIFY_HANDLE notify[128];
    UINT i, n;
    DWORD ret = NO_ERROR;

    /* opaque pointers (RtmRegisterEntity) */
    for (n = 0; n < ARRAY_SIZE(entities); n++)
        if ((ret = register_entity_ex(1600 + n, NULL, TRUE, NULL, NULL, &entities[n]))) break;
    if (n == ARRAY_SIZE(entities)) skip("more than %u opaque pointers\n", n);
    else
    {
        ok(n > 0, "no opaque pointer\n");
        ok(ret == ERROR_NO_SYSTEM_RESOURCES, "got %lu\n", ret);
        if (n)
        {
            ok(!RtmDeregisterEntity(entities[0]), "deregistration failed\n");
            ret = register_entity_ex(1600, NULL, TRUE, NULL, NULL, &entities[0]);
            ok(!ret, "a slot given up: got %lu\n", ret);
        }
    }
    a = register_entity(1700, NULL);
    for (i = 0; i < n; i++) ok(!RtmDeregisterEntity(entities[i]), "deregistration failed\n");

    /* change notification registrations (RtmRegisterForChangeNotification) */
    for (n = 0; n < ARRAY_SIZE(notify); n++)
        if ((ret = RtmRegisterForChangeNotification(a, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_BEST, NULL, &notify[n])))
            break;
    if (n == ARRAY_SIZE(notify)) skip("more than %u change notification registrations\n", n);
    else
    {
        ok(n > 0, "no registration\n");
        ok(ret == ERROR_NO_SYSTEM_RESOURCES, "got %lu\n", ret);
        if (n)
        {
            ok(!RtmDeregisterFromChangeNotification(a, notify[0]), "deregistration failed\n");
            ret = RtmRegisterForChangeNotification(a, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_BEST, NULL, &notify[0]);
            ok(!ret, "a registration given up: got %lu\n", ret);
        }
    }
    for (i = 0; i < n; i++) ok(!RtmDeregisterFromChangeNotification(a, notify[i]), "deregistration failed\n");
    ok(!RtmDeregisterEntity(a), "deregistration failed\n");
}

static void test_enumerations(void)
{
    BYTE buffer[RTM_SIZE_OF_DEST_INFO(2) * 100];
    union route_buffer info;
    RTM_ROUTE_HANDLE routes[100];
    RTM_REGN_PROFILE profile;
    RTM_ENTITY_HANDLE a, b;
    RTM_NEXTHOP_HANDLE nha, nhb;
    RTM_ENUM_HANDLE enum_handle;
    RTM_NET_ADDRESS addr;
    UINT num, total, i, calls;
    DWORD ret, flags;

    ret = register_entity_ex(1300, NULL, FALSE, NULL, &profile, &a);
    ok(!ret, "got %lu\n", ret);
    b = register_entity(1301, NULL);
    nha = add_nexthop(a, IP(10, 3, 0, 1), 1);
    nhb = add_nexthop(b, IP(10, 3, 0, 2), 2);
    /* 250 dests in 172.16/16, more than one call brings */
    for (i = 0; i < 250; i++) add_route(a, IP(172, 16, i, 0), 24, nha, 10, 1, NULL, NULL);
    add_route(b, IP(172, 16, 5, 0), 24, nhb, 5, 1, NULL, NULL);
    add_route(b, IP(172, 17, 0, 0), 16, nhb, 5, 1, NULL, NULL);

    /* all dests in address order, in calls of MaxHandlesInEnum */
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(172, 16, 0, 0), 12);
    ret = RtmCreateDestEnum(a, RTM_VIEW_MASK_UCAST, RTM_ENUM_RANGE, &addr, RTM_BEST_PROTOCOL, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    total = calls = 0;
    do
    {
        num = profile.MaxHandlesInEnum;
        ret = RtmGetEnumDests(a, enum_handle, &num, (RTM_DEST_INFO *)buffer);
        ok(!ret || ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
        for (i = 0; i < num; i++)
        {
            RTM_DEST_INFO *info = dest_at(buffer, i);

            if (total + i < 250)
                ok(info->DestAddress.AddrBits[2] == total + i, "dest %u: got %u\n", total + i, info->DestAddress.AddrBits[2]);
            ok(info->NumberOfViews == 1, "got %u views\n", info->NumberOfViews);
        }
        ok(!RtmReleaseDests(a, num, (RTM_DEST_INFO *)buffer), "release failed\n");
        total += num;
        calls++;
    } while (ret == NO_ERROR && calls < 10);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    ok(total == 251, "got %u dests\n", total);
    ok(calls == 3, "got %u calls\n", calls);
    num = 1;
    ret = RtmGetEnumDests(a, enum_handle, &num, (RTM_DEST_INFO *)buffer);
    ok(ret == ERROR_NO_MORE_ITEMS && !num, "after the end: got %lu %u\n", ret, num);
    ret = RtmDeleteEnumHandle(a, enum_handle);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeleteEnumHandle(a, enum_handle);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);

    /* RTM_ENUM_NEXT starts at the given dest ("starting at the specified address/mask length") */
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(172, 16, 248, 0), 24);
    ret = RtmCreateDestEnum(a, RTM_VIEW_MASK_UCAST, RTM_ENUM_NEXT, &addr, RTM_BEST_PROTOCOL, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    num = 2;
    ret = RtmGetEnumDests(a, enum_handle, &num, (RTM_DEST_INFO *)buffer);
    ok(num == 2, "got %lu %u\n", ret, num);
    ok(dest_at(buffer, 0)->DestAddress.AddrBits[2] == 248, "got %u\n", dest_at(buffer, 0)->DestAddress.AddrBits[2]);
    ok(dest_at(buffer, 1)->DestAddress.AddrBits[2] == 249, "got %u\n", dest_at(buffer, 1)->DestAddress.AddrBits[2]);
    RtmReleaseDests(a, num, (RTM_DEST_INFO *)buffer);
    RtmDeleteEnumHandle(a, enum_handle);

    /* RTM_ENUM_OWN_DESTS: where b's route is best */
    ret = RtmCreateDestEnum(b, RTM_VIEW_MASK_UCAST, RTM_ENUM_OWN_DESTS, NULL, RTM_BEST_PROTOCOL, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    num = 10;
    ret = RtmGetEnumDests(b, enum_handle, &num, (RTM_DEST_INFO *)buffer);
    ok(ret == ERROR_NO_MORE_ITEMS && num == 2, "got %lu %u\n", ret, num);
    RtmReleaseDests(b, num, (RTM_DEST_INFO *)buffer);
    RtmDeleteEnumHandle(b, enum_handle);

    /* too many at once */
    ret = RtmCreateDestEnum(a, RTM_VIEW_MASK_UCAST, RTM_ENUM_START, NULL, RTM_BEST_PROTOCOL, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    num = profile.MaxHandlesInEnum + 1;
    ret = RtmGetEnumDests(a, enum_handle, &num, (RTM_DEST_INFO *)buffer);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    RtmDeleteEnumHandle(a, enum_handle);

    /* routes of one dest, best first */
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(172, 16, 5, 0), 24);
    ret = RtmGetExactMatchDestination(a, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, dest_at(buffer, 0));
    ok(!ret, "got %lu\n", ret);
    ret = RtmCreateRouteEnum(a, dest_at(buffer, 0)->DestHandle, RTM_VIEW_MASK_UCAST, RTM_ENUM_START, NULL,
                             RTM_MATCH_NONE, NULL, 0, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    num = ARRAY_SIZE(routes);
    ret = RtmGetEnumRoutes(a, enum_handle, &num, routes);
    ok(ret == ERROR_NO_MORE_ITEMS && num == 2, "got %lu %u\n", ret, num);
    ok(routes[0] == dest_at(buffer, 0)->ViewInfo[0].Route, "best route is not first\n");
    ok(!RtmReleaseRoutes(a, num, routes), "release failed\n");
    RtmDeleteEnumHandle(a, enum_handle);
    RtmReleaseDestInfo(a, dest_at(buffer, 0));

    /* all own routes over the whole table */
    ret = RtmCreateRouteEnum(b, NULL, RTM_VIEW_MASK_ANY, RTM_ENUM_OWN_ROUTES, NULL, RTM_MATCH_NONE, NULL, 0, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    total = 0;
    do
    {
        num = 1;
        ret = RtmGetEnumRoutes(b, enum_handle, &num, routes);
        total += num;
        RtmReleaseRoutes(b, num, routes);
    } while (!ret && total < 10);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    ok(total == 2, "got %u routes\n", total);
    RtmDeleteEnumHandle(b, enum_handle);

    /* a dest with more routes than one call brings */
    init_route(&info.info, nha, 50, 0);
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(172, 18, 0, 0), 16);
    for (i = 0; i < 120; i++)
    {
        info.info.PrefInfo.Metric = 1000 - i;
        flags = RTM_ROUTE_CHANGE_NEW;
        ret = RtmAddRouteToDest(a, NULL, &addr, &info.info, INFINITE, NULL, 0, NULL, &flags);
        ok(!ret, "got %lu\n", ret);
    }
    ret = RtmCreateRouteEnum(a, NULL, RTM_VIEW_MASK_UCAST, RTM_ENUM_RANGE, &addr, RTM_MATCH_NONE, NULL, 0, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    total = calls = 0;
    do
    {
        num = 50;
        ret = RtmGetEnumRoutes(a, enum_handle, &num, routes);
        for (i = 0; i + 1 < num; i++)
        {
            RTM_ROUTE_INFO *first, *next;

            RtmGetRoutePointer(a, routes[i], &first);
            RtmGetRoutePointer(a, routes[i + 1], &next);
            if (first->PrefInfo.Metric > next->PrefInfo.Metric) break;
        }
        ok(!num || i == num - 1, "call %u: not best first at %u\n", calls, i);
        RtmReleaseRoutes(a, num, routes);
        total += num;
    } while (!ret && ++calls < 10);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    ok(total == 120, "got %u routes\n", total);
    RtmDeleteEnumHandle(a, enum_handle);

    /* an enumeration is its creator's */
    ret = RtmCreateRouteEnum(a, NULL, RTM_VIEW_MASK_ANY, RTM_ENUM_START, NULL, RTM_MATCH_NONE, NULL, 0, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    num = 1;
    ret = RtmGetEnumDests(a, enum_handle, &num, (RTM_DEST_INFO *)buffer);
    ok(ret == ERROR_INVALID_PARAMETER, "a route enumeration is not a dest one: got %lu\n", ret);
    ok(!RtmDeleteEnumHandle(a, enum_handle), "delete failed\n");

    ok(!RtmDeregisterEntity(a), "deregistration failed\n");
    ok(!RtmDeregisterEntity(b), "deregistration failed\n");
}

static void test_notifications(void)
{
    BYTE buffer[RTM_SIZE_OF_DEST_INFO(2) * 8];
    union dest_buffer held;
    RTM_ENTITY_HANDLE a, b;
    RTM_NEXTHOP_HANDLE nha, nha2, nhb;
    RTM_NOTIFY_HANDLE notify, marked, forwarding;
    RTM_ROUTE_HANDLE ra, rb;
    RTM_ROUTE_INFO *pointer;
    RTM_NET_ADDRESS addr;
    RTM_DEST_HANDLE dest;
    BOOL status;
    DWORD ret;
    UINT num;

    events.change_event = CreateEventW(NULL, FALSE, FALSE, NULL);
    a = register_entity(1400, event_callback);
    b = register_entity(1401, NULL);
    nha = add_nexthop(a, IP(10, 4, 0, 1), 1);
    nha2 = add_nexthop(a, IP(10, 4, 0, 2), 2);
    nhb = add_nexthop(b, IP(10, 4, 0, 3), 3);

    ret = RtmRegisterForChangeNotification(a, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_BEST, (void *)0x1234, &notify);
    ok(!ret, "got %lu\n", ret);
    ret = RtmRegisterForChangeNotification(a, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_ALL | RTM_NOTIFY_ONLY_MARKED_DESTS,
                                           NULL, &marked);
    ok(!ret, "got %lu\n", ret);
    ret = RtmRegisterForChangeNotification(a, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_FORWARDING, NULL, &forwarding);
    ok(!ret, "got %lu\n", ret);

    /* a change by another entity: the callback comes, from another thread */
    events.changes = 0;
    rb = NULL;
    add_route(b, IP(10, 40, 0, 0), 16, nhb, 10, 10, &rb, NULL);
    ok(!WaitForSingleObject(events.change_event, 10000), "no change notification\n");
    ok(events.notify == notify || events.notify == forwarding, "got notify %p\n", events.notify);
    ok(events.thread && events.thread != GetCurrentThreadId(), "callback on the calling thread\n");
    if (events.notify == notify) ok(events.context == (void *)0x1234, "got context %p\n", events.context);

    num = 8;
    ret = RtmGetChangedDests(a, notify, &num, (RTM_DEST_INFO *)buffer);
    ok(!ret && num == 1, "got %lu %u\n", ret, num);
    ok(dest_at(buffer, 0)->ViewInfo[0].Route == rb, "got %p\n", dest_at(buffer, 0)->ViewInfo[0].Route);
    dest = dest_at(buffer, 0)->DestHandle;
    ret = RtmGetChangeStatus(a, notify, dest, &status);
    ok(!ret && !status, "got %lu %d\n", ret, status);
    ret = RtmReleaseChangedDests(a, notify, num, (RTM_DEST_INFO *)buffer);
    ok(!ret, "got %lu\n", ret);
    num = 8;
    ret = RtmGetChangedDests(a, notify, &num, (RTM_DEST_INFO *)buffer);
    ok(ret == ERROR_NO_MORE_ITEMS && !num, "got %lu %u\n", ret, num);
    /* the unmarked dest is not reported to the marked-only registration */
    num = 8;
    ret = RtmGetChangedDests(a, marked, &num, (RTM_DEST_INFO *)buffer);
    ok(ret == ERROR_NO_MORE_ITEMS && !num, "got %lu %u\n", ret, num);
    num = 8;
    ret = RtmGetChangedDests(a, forwarding, &num, (RTM_DEST_INFO *)buffer);
    ok(!ret && num == 1, "a new best route changes forwarding: got %lu %u\n", ret, num);
    RtmReleaseChangedDests(a, forwarding, num, (RTM_DEST_INFO *)buffer);

    /* several changes of one dest: reported once, the latest state */
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 40, 0, 0), 16);
    ret = RtmGetExactMatchDestination(a, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &held.info);
    ok(!ret, "got %lu\n", ret);
    dest = held.info.DestHandle;
    ret = RtmMarkDestForChangeNotification(a, marked, dest, TRUE);
    ok(!ret, "got %lu\n", ret);
    ret = RtmIsMarkedForChangeNotification(a, marked, dest, &status);
    ok(!ret && status, "got %lu %d\n", ret, status);
    ret = RtmIsMarkedForChangeNotification(a, notify, dest, &status);
    ok(!ret && !status, "got %lu %d\n", ret, status);
    ra = NULL;
    add_route(a, IP(10, 40, 0, 0), 16, nha, 5, 10, &ra, NULL);
    add_route(a, IP(10, 40, 0, 0), 16, nha, 5, 7, &ra, NULL);
    ret = RtmGetChangeStatus(a, notify, dest, &status);
    ok(!ret && status, "got %lu %d\n", ret, status);
    num = 8;
    ret = RtmGetChangedDests(a, notify, &num, (RTM_DEST_INFO *)buffer);
    ok(!ret && num == 1, "got %lu %u\n", ret, num);
    ok(dest_at(buffer, 0)->DestHandle == dest, "got %p\n", dest_at(buffer, 0)->DestHandle);
    ok(dest_at(buffer, 0)->ViewInfo[0].Route == ra, "got %p\n", dest_at(buffer, 0)->ViewInfo[0].Route);
    RtmReleaseChangedDests(a, notify, num, (RTM_DEST_INFO *)buffer);
    num = 8;
    ret = RtmGetChangedDests(a, marked, &num, (RTM_DEST_INFO *)buffer);
    ok(!ret && num == 1, "marked dest: got %lu %u\n", ret, num);
    RtmReleaseChangedDests(a, marked, num, (RTM_DEST_INFO *)buffer);
    num = 8;
    ret = RtmGetChangedDests(a, forwarding, &num, (RTM_DEST_INFO *)buffer);
    ok(!ret && num == 1, "got %lu %u\n", ret, num);
    RtmReleaseChangedDests(a, forwarding, num, (RTM_DEST_INFO *)buffer);

    /* a metric change of the best route is a best change, not a forwarding one */
    ret = RtmLockRoute(a, ra, TRUE, TRUE, &pointer);
    ok(!ret, "got %lu\n", ret);
    pointer->PrefInfo.Metric = 8;
    ret = RtmUpdateAndUnlockRoute(a, ra, INFINITE, NULL, 0, NULL, NULL);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetChangeStatus(a, notify, dest, &status);
    ok(!ret && status, "best: got %lu %d\n", ret, status);
    ret = RtmGetChangeStatus(a, forwarding, dest, &status);
    ok(!ret && !status, "forwarding: got %lu %d\n", ret, status);
    /* a new next hop is */
    ret = RtmLockRoute(a, ra, TRUE, TRUE, &pointer);
    ok(!ret, "got %lu\n", ret);
    ok(!RtmReleaseNextHops(a, 1, &nha), "release failed\n");
    pointer->NextHopsList.NextHops[0] = nha2;
    ok(!RtmReferenceHandles(a, 1, &nha2), "reference failed\n");
    ret = RtmUpdateAndUnlockRoute(a, ra, INFINITE, NULL, 0, NULL, NULL);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetChangeStatus(a, forwarding, dest, &status);
    ok(!ret && status, "forwarding: got %lu %d\n", ret, status);

    /* ignoring changes */
    ret = RtmIgnoreChangedDests(a, notify, 1, &dest);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetChangeStatus(a, notify, dest, &status);
    ok(!ret && !status, "got %lu %d\n", ret, status);
    ret = RtmIgnoreChangedDests(a, forwarding, 1, &dest);
    ok(!ret, "got %lu\n", ret);
    ret = RtmIgnoreChangedDests(a, marked, 1, &dest);
    ok(!ret, "got %lu\n", ret);

    /* a deleted dest is reported too, with no route */
    ret = RtmDeleteRouteToDest(b, rb, NULL);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeleteRouteToDest(a, ra, NULL);
    ok(!ret, "got %lu\n", ret);
    num = 8;
    ret = RtmGetChangedDests(a, notify, &num, (RTM_DEST_INFO *)buffer);
    ok(!ret && num == 1, "got %lu %u\n", ret, num);
    ok(!dest_at(buffer, 0)->ViewInfo[0].Route, "got %p\n", dest_at(buffer, 0)->ViewInfo[0].Route);
    ok(!dest_at(buffer, 0)->ViewInfo[0].NumRoutes, "got %u\n", dest_at(buffer, 0)->ViewInfo[0].NumRoutes);
    RtmReleaseChangedDests(a, notify, num, (RTM_DEST_INFO *)buffer);
    ret = RtmMarkDestForChangeNotification(a, marked, dest, FALSE);
    ok(!ret, "got %lu\n", ret);
    ret = RtmReleaseDestInfo(a, &held.info);
    ok(!ret, "got %lu\n", ret);

    /* someone else's registration */
    ret = RtmGetChangeStatus(b, notify, dest, &status);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);

    ret = RtmDeregisterFromChangeNotification(a, notify);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeregisterFromChangeNotification(a, notify);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
    num = 8;
    ret = RtmGetChangedDests(a, notify, &num, (RTM_DEST_INFO *)buffer);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
    ret = RtmDeregisterFromChangeNotification(a, marked);
    ok(!ret, "got %lu\n", ret);
    /* deregistering the entity ends its last registration */
    ok(!RtmDeregisterEntity(a), "deregistration failed\n");
    ret = RtmDeregisterFromChangeNotification(a, forwarding);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
    ok(!RtmDeregisterEntity(b), "deregistration failed\n");
    CloseHandle(events.change_event);
    events.change_event = NULL;
}

static void test_handles(void)
{
    union dest_buffer dest, other;
    union route_buffer info;
    RTM_ENTITY_HANDLE a, b, c, entities[4];
    RTM_NEXTHOP_HANDLE nh;
    RTM_ROUTE_HANDLE route;
    RTM_NET_ADDRESS addr;
    void **opaque, **opaque2;
    HANDLE handles[2];
    DWORD ret, flags;

    ret = register_entity_ex(1500, NULL, TRUE, NULL, NULL, &a);
    ok(!ret, "got %lu\n", ret);
    b = register_entity(1501, NULL);
    nh = add_nexthop(a, IP(10, 5, 0, 1), 1);
    route = NULL;
    add_route(a, IP(10, 50, 0, 0), 16, nh, 1, 1, &route, NULL);

    /* every reference needs its own release */
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 50, 0, 0), 16);
    ret = RtmGetExactMatchDestination(a, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(!ret, "got %lu\n", ret);
    handles[0] = dest.info.DestHandle;
    handles[1] = route;
    ret = RtmReferenceHandles(a, 2, handles);
    ok(!ret, "got %lu\n", ret);
    ret = RtmReleaseDestInfo(a, &dest.info);
    ok(!ret, "got %lu\n", ret);
    /* the info names the dest and the route: the second release drops the
     * references RtmReferenceHandles took, the third finds none left */
    ret = RtmReleaseDests(a, 1, &dest.info);
    ok(!ret, "the reference taken: got %lu\n", ret);
    ret = RtmReleaseDests(a, 1, &dest.info);
    ok(ret == ERROR_INVALID_HANDLE, "released once too often: got %lu\n", ret);
    ret = RtmReleaseRoutes(a, 1, &route);
    ok(!ret, "the handle of RtmAddRouteToDest: got %lu\n", ret);
    ret = RtmReleaseRoutes(a, 1, &route);
    ok(ret == ERROR_INVALID_HANDLE, "released once too often: got %lu\n", ret);
    /* the route itself stays in the table */
    ret = RtmGetExactMatchDestination(a, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(!ret && dest.info.ViewInfo[0].Route, "got %lu\n", ret);
    route = dest.info.ViewInfo[0].Route;

    /* the same dest, the same handle, while referenced */
    ret = RtmReferenceHandles(a, 1, &dest.info.DestHandle);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDereferenceHandles(a, 1, &dest.info.DestHandle);
    ok(!ret, "got %lu\n", ret);

    /* opaque pointers: only with a reservation, one per entity and dest */
    ret = RtmGetOpaqueInformationPointer(a, dest.info.DestHandle, (void **)&opaque);
    ok(!ret && opaque, "got %lu\n", ret);
    ok(!*opaque, "got %p\n", *opaque);
    *opaque = (void *)0xfeed;
    ret = RtmGetOpaqueInformationPointer(a, dest.info.DestHandle, (void **)&opaque2);
    ok(!ret && opaque2 == opaque && *opaque2 == (void *)0xfeed, "got %lu %p\n", ret, opaque2);
    opaque2 = (void **)0xdeadbeef;
    ret = RtmGetOpaqueInformationPointer(b, dest.info.DestHandle, (void **)&opaque2);
    ok(ret == ERROR_NOT_FOUND, "no reservation: got %lu\n", ret);
    ok(opaque2 == (void **)0xdeadbeef, "got %p\n", opaque2);
    ret = RtmGetOpaqueInformationPointer(a, route, (void **)&opaque2);
    ok(ret == ERROR_INVALID_HANDLE, "a route handle: got %lu\n", ret);
    /* a slot given up and reserved again starts empty for its new owner */
    ret = register_entity_ex(1502, NULL, TRUE, NULL, NULL, &c);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetOpaqueInformationPointer(c, dest.info.DestHandle, (void **)&opaque2);
    ok(!ret && opaque2 && opaque2 != opaque, "got %lu %p\n", ret, opaque2);
    if (!ret) *opaque2 = (void *)0xdead;
    ok(!RtmDeregisterEntity(c), "deregistration failed\n");
    ret = register_entity_ex(1503, NULL, TRUE, NULL, NULL, &c);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetOpaqueInformationPointer(c, dest.info.DestHandle, (void **)&opaque2);
    ok(!ret && opaque2 && !*opaque2, "the last owner's pointer: %lu %p\n", ret, opaque2 ? *opaque2 : NULL);
    ret = RtmGetOpaqueInformationPointer(a, dest.info.DestHandle, (void **)&opaque2);
    ok(!ret && *opaque2 == (void *)0xfeed, "another slot was cleared: %lu\n", ret);
    ok(!RtmDeregisterEntity(c), "deregistration failed\n");

    ret = RtmLockDestination(a, dest.info.DestHandle, FALSE, TRUE);
    ok(!ret, "got %lu\n", ret);
    ret = RtmLockDestination(b, dest.info.DestHandle, FALSE, TRUE);
    ok(!ret, "shared locks: got %lu\n", ret);
    RtmLockDestination(b, dest.info.DestHandle, FALSE, FALSE);
    RtmLockDestination(a, dest.info.DestHandle, FALSE, FALSE);
    ret = RtmLockDestination(a, dest.info.DestHandle, TRUE, TRUE);
    ok(!ret, "got %lu\n", ret);
    RtmLockDestination(a, dest.info.DestHandle, TRUE, FALSE);
    RtmReleaseDestInfo(a, &dest.info);

    /* what a longest match hands out outlives the route until released */
    route = NULL;
    add_route(a, IP(10, 51, 0, 0), 16, nh, 1, 1, &route, NULL);
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 51, 7, 7), 32);
    ret = RtmGetMostSpecificDestination(a, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(!ret && dest.info.ViewInfo[0].Route == route && dest.info.ViewInfo[0].Owner == a, "got %lu %p %p\n",
       ret, dest.info.ViewInfo[0].Route, dest.info.ViewInfo[0].Owner);
    ret = RtmDeleteRouteToDest(a, route, &flags);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetMostSpecificDestination(a, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &other.info);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    ret = RtmGetRouteInfo(a, route, &info.info, NULL);
    ok(!ret && info.info.State == RTM_ROUTE_STATE_DELETED, "got %lu %u\n", ret, info.info.State);
    RtmReleaseRouteInfo(a, &info.info);
    ret = RtmLockDestination(a, dest.info.DestHandle, FALSE, TRUE);
    ok(!ret, "the dest handle: got %lu\n", ret);
    RtmLockDestination(a, dest.info.DestHandle, FALSE, FALSE);
    ret = RtmReleaseDestInfo(a, &dest.info);
    ok(!ret, "got %lu\n", ret);
    ret = RtmReleaseDestInfo(a, &dest.info);
    ok(ret == ERROR_INVALID_HANDLE, "released twice: got %lu\n", ret);
    ret = RtmGetRouteInfo(a, route, &info.info, NULL);
    ok(ret == ERROR_INVALID_HANDLE, "the route handle is still open: got %lu\n", ret);

    /* entity handles handed out are references too */
    ret = RtmGetEntityInfo(b, a, NULL);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    entities[0] = a;
    ret = RtmReferenceHandles(b, 1, entities);
    ok(!ret, "got %lu\n", ret);
    ret = RtmReleaseEntities(b, 1, entities);
    ok(!ret, "got %lu\n", ret);

    /* handles of a dead entity: the registration handle is checked first */
    ok(!RtmDeregisterEntity(b), "deregistration failed\n");
    ret = RtmReleaseRoutes(b, 0, NULL);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
    ret = RtmReferenceHandles(b, 1, &route);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
    /* the route is in the table, but the client's references are gone */
    ret = RtmReleaseRoutes(a, 1, &route);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
    ok(!RtmDeregisterEntity(a), "deregistration failed\n");
    ret = RtmReleaseNextHops(a, 1, &nh);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
}

/* RTM v1 IP and RTMv2 IPv4 share one table */
static void test_v1_interop(void)
{
    union dest_buffer dest;
    union route_buffer info;
    RTM_ENTITY_HANDLE entity;
    RTM_NEXTHOP_HANDLE nh;
    RTM_ROUTE_HANDLE route;
    RTM_NET_ADDRESS addr;
    RTM_IP_ROUTE v1, out, prev;
    HANDLE client, event;
    DWORD ret, flags;

    event = CreateEventW(NULL, FALSE, FALSE, NULL);
    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, 1600, event, 0);
    ok(client != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
    entity = register_entity(1601, NULL);
    nh = add_nexthop(entity, IP(10, 6, 0, 1), 6);

    /* a v1 route is seen by RTMv2, without an owner entity */
    memset(&v1, 0, sizeof(v1));
    v1.RR_Network.N_NetNumber = IP(10, 60, 0, 0);
    v1.RR_Network.N_NetMask = IP(255, 255, 0, 0);
    v1.RR_InterfaceID = 4;
    v1.RR_NextHopAddress.N_NetNumber = IP(10, 6, 0, 9);
    v1.RR_NextHopAddress.N_NetMask = 0xffffffff;
    v1.RR_FamilySpecificData.FSD_Priority = 10;
    v1.RR_FamilySpecificData.FSD_Metric = 3;
    ret = RtmAddRoute(client, &v1, INFINITE, &flags, NULL, NULL);
    ok(!ret, "RtmAddRoute returned %lu\n", ret);
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 60, 0, 0), 16);
    ret = RtmGetExactMatchDestination(entity, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(!ret, "got %lu\n", ret);
    ok(dest.info.ViewInfo[0].Route != NULL, "no best route\n");
    ok(!dest.info.ViewInfo[0].Owner, "got owner %p\n", dest.info.ViewInfo[0].Owner);
    ret = RtmGetRouteInfo(entity, dest.info.ViewInfo[0].Route, &info.info, NULL);
    ok(!ret, "got %lu\n", ret);
    ok(info.info.PrefInfo.Preference == 10 && info.info.PrefInfo.Metric == 3, "got %lu %lu\n",
       info.info.PrefInfo.Preference, info.info.PrefInfo.Metric);
    ok(!info.info.RouteOwner, "got owner %p\n", info.info.RouteOwner);
    RtmReleaseRouteInfo(entity, &info.info);
    RtmReleaseDestInfo(entity, &dest.info);

    /* a better v2 route becomes best for v1 clients too, and they hear of it */
    route = NULL;
    add_route(entity, IP(10, 60, 0, 0), 16, nh, 5, 1, &route, &flags);
    ok(flags == (RTM_ROUTE_CHANGE_NEW | RTM_ROUTE_CHANGE_BEST), "got %#lx\n", flags);
    ok(RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &v1.RR_Network, &out), "RtmIsRoute failed\n");
    ok(out.RR_RoutingProtocol == 1601, "got protocol %lu\n", out.RR_RoutingProtocol);
    ok(out.RR_InterfaceID == 6, "got interface %lu\n", out.RR_InterfaceID);
    ok(out.RR_NextHopAddress.N_NetNumber == IP(10, 6, 0, 1), "got next hop %#lx\n", out.RR_NextHopAddress.N_NetNumber);
    ok(out.RR_FamilySpecificData.FSD_Priority == 5 && out.RR_FamilySpecificData.FSD_Metric == 1, "got %lu %lu\n",
       out.RR_FamilySpecificData.FSD_Priority, out.RR_FamilySpecificData.FSD_Metric);
    ok(RtmLookupIPDestination(IP(10, 60, 1, 2), &out), "RtmLookupIPDestination failed\n");
    ok(out.RR_RoutingProtocol == 1601, "got protocol %lu\n", out.RR_RoutingProtocol);
    ok(!WaitForSingleObject(event, 0), "the v1 client was not signalled\n");
    ret = RtmDequeueRouteChangeMessage(client, &flags, &out, NULL);
    ok(ret == NO_ERROR || ret == ERROR_MORE_MESSAGES, "got %lu\n", ret);
    ok(flags & RTM_CURRENT_BEST_ROUTE, "got %#lx\n", flags);
    ok(out.RR_RoutingProtocol == 1601, "got protocol %lu\n", out.RR_RoutingProtocol);
    while (ret == ERROR_MORE_MESSAGES) ret = RtmDequeueRouteChangeMessage(client, &flags, &out, NULL);

    /* a change of the v2 best route in place is a change for v1 clients,
     * with the route as it was before */
    add_route(entity, IP(10, 60, 0, 0), 16, nh, 5, 2, &route, &flags);
    ok(flags == RTM_ROUTE_CHANGE_BEST, "got %#lx\n", flags);
    ok(!WaitForSingleObject(event, 0), "the v1 client was not signalled\n");
    memset(&prev, 0, sizeof(prev));
    ret = RtmDequeueRouteChangeMessage(client, &flags, &out, &prev);
    ok(ret == NO_ERROR, "got %lu\n", ret);
    ok(flags == RTM_ROUTE_CHANGED, "got %#lx\n", flags);
    ok(out.RR_RoutingProtocol == 1601 && out.RR_FamilySpecificData.FSD_Metric == 2, "got %lu %lu\n",
       out.RR_RoutingProtocol, out.RR_FamilySpecificData.FSD_Metric);
    ok(prev.RR_RoutingProtocol == 1601 && prev.RR_FamilySpecificData.FSD_Metric == 1, "got %lu %lu\n",
       prev.RR_RoutingProtocol, prev.RR_FamilySpecificData.FSD_Metric);
    ok(RtmLookupIPDestination(IP(10, 60, 1, 2), &out), "RtmLookupIPDestination failed\n");
    ok(out.RR_RoutingProtocol == 1601 && out.RR_FamilySpecificData.FSD_Metric == 2, "got %lu %lu\n",
       out.RR_RoutingProtocol, out.RR_FamilySpecificData.FSD_Metric);

    /* v1 deletes its own route only; v2 deletion brings the v1 route back */
    ret = RtmDeleteRouteToDest(entity, route, &flags);
    ok(!ret && flags == RTM_ROUTE_CHANGE_BEST, "got %lu %#lx\n", ret, flags);
    ok(RtmIsRoute(RTM_PROTOCOL_FAMILY_IP, &v1.RR_Network, &out), "RtmIsRoute failed\n");
    ok(out.RR_RoutingProtocol == 1600, "got protocol %lu\n", out.RR_RoutingProtocol);
    ret = RtmDeleteRoute(client, &v1, &flags, NULL);
    ok(!ret, "got %lu\n", ret);
    ret = RtmGetExactMatchDestination(entity, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);

    ok(!RtmDeregisterEntity(entity), "deregistration failed\n");
    ok(!RtmDeregisterClient(client), "RtmDeregisterClient failed\n");
    CloseHandle(event);
}

static void test_route_lists(void)
{
    RTM_ROUTE_HANDLE routes[8], r[3];
    RTM_REGN_PROFILE profile;
    RTM_ROUTE_LIST_HANDLE list1, list2, other;
    RTM_ENTITY_HANDLE a, b;
    RTM_NEXTHOP_HANDLE nh, nhb;
    RTM_ENUM_HANDLE enum_handle;
    union route_buffer info;
    RTM_NET_ADDRESS addr;
    UINT num, i;
    DWORD ret, flags;

    ret = register_entity_ex(1700, NULL, FALSE, NULL, &profile, &a);
    ok(!ret, "got %lu\n", ret);
    b = register_entity(1701, NULL);
    nh = add_nexthop(a, IP(10, 7, 0, 1), 1);
    nhb = add_nexthop(b, IP(10, 7, 0, 2), 1);

    list1 = list2 = other = NULL;
    ret = RtmCreateRouteList(a, &list1);
    ok(!ret && list1, "got %lu\n", ret);
    ret = RtmCreateRouteList(a, &list2);
    ok(!ret && list2, "got %lu\n", ret);
    ret = RtmCreateRouteList(b, &other);
    ok(!ret && other, "got %lu\n", ret);

    /* routes go on a list when added */
    init_route(&info.info, nh, 1, 1);
    for (i = 0; i < 3; i++)
    {
        RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 70, i, 0), 24);
        r[i] = NULL;
        flags = 0;
        ret = RtmAddRouteToDest(a, &r[i], &addr, &info.info, INFINITE, list1, 0, NULL, &flags);
        ok(!ret, "got %lu\n", ret);
    }
    ret = RtmAddRouteToDest(a, NULL, &addr, &info.info, INFINITE, other, 0, NULL, &flags);
    ok(ret == ERROR_INVALID_HANDLE, "someone else's list: got %lu\n", ret);

    ret = RtmCreateRouteListEnum(a, list1, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    num = ARRAY_SIZE(routes);
    ret = RtmGetListEnumRoutes(a, enum_handle, &num, routes);
    ok(!ret && num == 3, "got %lu %u\n", ret, num);
    ok(routes[0] == r[0] && routes[2] == r[2], "got %p %p\n", routes[0], routes[2]);
    /* move them, as in the documented sample */
    ret = RtmInsertInRouteList(a, list2, num, routes);
    ok(!ret, "got %lu\n", ret);
    ok(!RtmReleaseRoutes(a, num, routes), "release failed\n");
    num = ARRAY_SIZE(routes);
    ret = RtmGetListEnumRoutes(a, enum_handle, &num, routes);
    ok(!ret && !num, "at the end: got %lu %u\n", ret, num);
    num = profile.MaxHandlesInEnum + 1;
    ret = RtmGetListEnumRoutes(a, enum_handle, &num, routes);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    RtmDeleteEnumHandle(a, enum_handle);

    ret = RtmCreateRouteListEnum(a, list1, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    num = ARRAY_SIZE(routes);
    ret = RtmGetListEnumRoutes(a, enum_handle, &num, routes);
    ok(!ret && !num, "list1 is empty now: got %lu %u\n", ret, num);
    RtmDeleteEnumHandle(a, enum_handle);

    /* a deleted route leaves its list; NULL takes routes off their lists */
    ret = RtmDeleteRouteToDest(a, r[0], &flags);
    ok(!ret, "got %lu\n", ret);
    ret = RtmInsertInRouteList(a, NULL, 1, &r[1]);
    ok(!ret, "got %lu\n", ret);
    ret = RtmCreateRouteListEnum(a, list2, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    num = ARRAY_SIZE(routes);
    ret = RtmGetListEnumRoutes(a, enum_handle, &num, routes);
    ok(!ret && num == 1 && routes[0] == r[2], "got %lu %u\n", ret, num);
    RtmReleaseRoutes(a, num, routes);
    RtmDeleteEnumHandle(a, enum_handle);

    /* only own routes and own lists */
    routes[0] = NULL;
    add_route(b, IP(10, 71, 0, 0), 16, nhb, 1, 1, &routes[0], NULL);
    ret = RtmInsertInRouteList(a, list2, 1, routes);
    ok(ret == ERROR_INVALID_HANDLE, "someone else's route: got %lu\n", ret);
    ret = RtmInsertInRouteList(a, other, 1, &r[1]);
    ok(ret == ERROR_INVALID_HANDLE, "someone else's list: got %lu\n", ret);
    RtmReleaseRoutes(b, 1, routes);

    /* deleting a list leaves the routes alone */
    ret = RtmDeleteRouteList(a, list2);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeleteRouteList(a, list2);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
    ret = RtmInsertInRouteList(a, list2, 1, &r[1]);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
    ret = RtmGetRouteInfo(a, r[2], &info.info, NULL);
    ok(!ret && info.info.State == RTM_ROUTE_STATE_CREATED, "got %lu\n", ret);
    RtmReleaseRouteInfo(a, &info.info);
    ret = RtmDeleteRouteList(b, list1);
    ok(ret == ERROR_INVALID_HANDLE, "someone else's list: got %lu\n", ret);
    ret = RtmDeleteRouteList(a, list1);
    ok(!ret, "got %lu\n", ret);
    ret = RtmDeleteRouteList(b, other);
    ok(!ret, "got %lu\n", ret);
    RtmReleaseRoutes(a, 2, &r[1]);

    ok(!RtmDeregisterEntity(a), "deregistration failed\n");
    ok(!RtmDeregisterEntity(b), "deregistration failed\n");
}

static void test_ipv6(void)
{
    union dest_buffer dest;
    union route_buffer info;
    RTM_ENTITY_HANDLE entity, v4;
    RTM_NEXTHOP_HANDLE nh = NULL;
    RTM_ROUTE_HANDLE route = NULL;
    RTM_NEXTHOP_INFO nh_info;
    RTM_REGN_PROFILE profile;
    RTM_ENTITY_INFO entity_info;
    RTM_NET_ADDRESS addr;
    DWORD ret, flags;

    memset(&entity_info, 0, sizeof(entity_info));
    entity_info.AddressFamily = AF_INET6;
    entity_info.EntityId.EntityProtocolId = 1950;
    ret = RtmRegisterEntity(&entity_info, NULL, NULL, FALSE, &profile, &entity);
    ok(!ret, "got %lu\n", ret);
    /* the same id in another family is another entity */
    v4 = register_entity(1950, NULL);

    memset(&nh_info, 0, sizeof(nh_info));
    nh_info.NextHopAddress.AddressFamily = AF_INET6;
    nh_info.NextHopAddress.NumBits = 128;
    memcpy(nh_info.NextHopAddress.AddrBits, "\xfe\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
    ret = RtmAddNextHop(entity, &nh_info, &nh, &flags);
    ok(!ret, "got %lu\n", ret);
    init_route(&info.info, nh, 1, 1);
    memset(&addr, 0, sizeof(addr));
    addr.AddressFamily = AF_INET6;
    addr.NumBits = 48;
    memcpy(addr.AddrBits, "\x20\x01\x0d\xb8\x00\x01", 6);
    flags = 0;
    ret = RtmAddRouteToDest(entity, &route, &addr, &info.info, INFINITE, NULL, 0, NULL, &flags);
    ok(!ret && flags == (RTM_ROUTE_CHANGE_NEW | RTM_ROUTE_CHANGE_BEST), "got %lu %#lx\n", ret, flags);
    ret = RtmAddRouteToDest(v4, NULL, &addr, &info.info, INFINITE, NULL, 0, NULL, &flags);
    ok(ret != NO_ERROR, "an IPv6 route through an IPv4 entity: got %lu\n", ret);

    addr.NumBits = 128;
    addr.AddrBits[15] = 0x42;
    ret = RtmGetMostSpecificDestination(entity, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(!ret, "got %lu\n", ret);
    ok(dest.info.DestAddress.AddressFamily == AF_INET6 && dest.info.DestAddress.NumBits == 48, "got %u %u\n",
       dest.info.DestAddress.AddressFamily, dest.info.DestAddress.NumBits);
    ok(dest.info.ViewInfo[0].Route == route, "got %p\n", dest.info.ViewInfo[0].Route);
    RtmReleaseDestInfo(entity, &dest.info);
    ret = RtmGetMostSpecificDestination(v4, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
    ok(ret != NO_ERROR, "an IPv6 address in the IPv4 table: got %lu\n", ret);

    /* handles outlive their entity for reading, until released */
    ok(!RtmDeregisterEntity(entity), "deregistration failed\n");
    ret = RtmGetRouteInfo(v4, route, &info.info, &addr);
    ok(!ret && info.info.State == RTM_ROUTE_STATE_DELETED, "got %lu %u\n", ret, info.info.State);
    ok(addr.NumBits == 48, "got %u\n", addr.NumBits);
    RtmReleaseRouteInfo(v4, &info.info);
    ret = RtmGetNextHopInfo(v4, nh, &nh_info);
    ok(!ret && nh_info.State == RTM_NEXTHOP_STATE_DELETED, "got %lu %u\n", ret, nh_info.State);
    RtmReleaseNextHopInfo(v4, &nh_info);
    ok(!RtmReleaseRoutes(v4, 1, &route), "release failed\n");
    ok(!RtmReleaseNextHops(v4, 1, &nh), "release failed\n");
    ret = RtmGetNextHopInfo(v4, nh, &nh_info);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
    ok(!RtmDeregisterEntity(v4), "deregistration failed\n");
}

struct method_call
{
    LONG              calls;
    RTM_ENTITY_HANDLE caller, callee;
    HANDLE            started, finish;   /* for the blocking test */
};

static struct method_call method_call;

static void WINAPI method0(RTM_ENTITY_HANDLE caller, RTM_ENTITY_HANDLE callee,
        RTM_ENTITY_METHOD_INPUT *input, RTM_ENTITY_METHOD_OUTPUT *output)
{
    InterlockedIncrement(&method_call.calls);
    method_call.caller = caller;
    method_call.callee = callee;
    output->MethodStatus = 0x42;
    if (output->OutputSize >= sizeof(DWORD)) *(DWORD *)output->OutputData = input->InputSize;
    output->OutputSize = sizeof(DWORD);
}

static void WINAPI method1(RTM_ENTITY_HANDLE caller, RTM_ENTITY_HANDLE callee,
        RTM_ENTITY_METHOD_INPUT *input, RTM_ENTITY_METHOD_OUTPUT *output)
{
    InterlockedIncrement(&method_call.calls);
    output->OutputSize = 0;
}

static DWORD WINAPI invoke_thread(void *arg)
{
    BYTE buffer[64];
    RTM_ENTITY_METHOD_INPUT input;
    RTM_ENTITY_METHOD_OUTPUT *output = (RTM_ENTITY_METHOD_OUTPUT *)buffer;
    UINT size = sizeof(buffer);

    memset(&input, 0, sizeof(input));
    input.MethodType = 1;
    SetEvent(method_call.started);
    return RtmInvokeMethod(method_call.caller, method_call.callee, &input, &size, output);
}

static void test_methods(void)
{
    struct { UINT NumMethods; RTM_ENTITY_EXPORT_METHOD Methods[2]; } exported = { 2, { method0, method1 } };
    RTM_ENTITY_EXPORT_METHOD methods[4];
    BYTE buffer[256];
    RTM_ENTITY_METHOD_OUTPUT *output = (RTM_ENTITY_METHOD_OUTPUT *)buffer, *second;
    RTM_ENTITY_METHOD_INPUT input;
    RTM_ENTITY_HANDLE a, b;
    HANDLE thread;
    UINT num, size, header = FIELD_OFFSET(RTM_ENTITY_METHOD_OUTPUT, OutputData);
    DWORD ret;

    ret = register_entity_ex(1800, NULL, FALSE, (RTM_ENTITY_EXPORT_METHODS *)&exported, NULL, &a);
    ok(!ret, "got %lu\n", ret);
    b = register_entity(1801, NULL);

    /* a count of 0 asks for the number, as in the documented sample */
    num = 0;
    ret = RtmGetEntityMethods(b, a, &num, NULL);
    ok(!ret && num == 2, "got %lu %u\n", ret, num);
    num = 1;
    ret = RtmGetEntityMethods(b, a, &num, methods);
    ok(ret == ERROR_INSUFFICIENT_BUFFER && num == 1, "got %lu %u\n", ret, num);
    ok(methods[0] == method0, "got %p\n", methods[0]);
    num = ARRAY_SIZE(methods);
    ret = RtmGetEntityMethods(b, a, &num, methods);
    ok(!ret && num == 2 && methods[1] == method1, "got %lu %u\n", ret, num);
    num = ARRAY_SIZE(methods);
    ret = RtmGetEntityMethods(a, b, &num, methods);
    ok(!ret && !num, "got %lu %u\n", ret, num);

    /* both methods, one output each */
    memset(&input, 0, sizeof(input));
    input.MethodType = METHOD_TYPE_ALL_METHODS;
    input.InputSize = 7;
    method_call.calls = 0;
    size = sizeof(buffer);
    ret = RtmInvokeMethod(b, a, &input, &size, output);
    ok(!ret, "got %lu\n", ret);
    ok(method_call.calls == 2, "got %ld calls\n", method_call.calls);
    ok(method_call.caller == b && method_call.callee == a, "got %p %p\n", method_call.caller, method_call.callee);
    ok(size == 2 * header + sizeof(DWORD), "got size %u\n", size);
    ok(output->MethodType == 1 && output->MethodStatus == 0x42, "got %#lx %#lx\n", output->MethodType, output->MethodStatus);
    ok(output->OutputSize == sizeof(DWORD) && *(DWORD *)output->OutputData == 7, "got %u\n", output->OutputSize);
    second = (RTM_ENTITY_METHOD_OUTPUT *)(buffer + header + sizeof(DWORD));
    ok(second->MethodType == 2, "got %#lx\n", second->MethodType);
    /* only the second one */
    input.MethodType = 2;
    method_call.calls = 0;
    size = sizeof(buffer);
    ret = RtmInvokeMethod(b, a, &input, &size, output);
    ok(!ret && method_call.calls == 1 && size == header, "got %lu %ld %u\n", ret, method_call.calls, size);

    ret = RtmInvokeMethod(b, (HANDLE)0xdead0001, &input, &size, output);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);
    ret = RtmBlockMethods(a, (HANDLE)0xdead0001, 0, RTM_BLOCK_METHODS);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);

    /* a blocked entity's methods wait */
    ret = RtmBlockMethods(a, NULL, 0, RTM_BLOCK_METHODS);
    ok(!ret, "got %lu\n", ret);
    method_call.calls = 0;
    method_call.caller = b;
    method_call.callee = a;
    method_call.started = CreateEventW(NULL, FALSE, FALSE, NULL);
    thread = CreateThread(NULL, 0, invoke_thread, NULL, 0, NULL);
    WaitForSingleObject(method_call.started, INFINITE);
    ok(WaitForSingleObject(thread, 100) == WAIT_TIMEOUT, "the method ran while blocked\n");
    ok(!method_call.calls, "got %ld calls\n", method_call.calls);
    ret = RtmBlockMethods(a, NULL, 0, RTM_RESUME_METHODS);
    ok(!ret, "got %lu\n", ret);
    ok(!WaitForSingleObject(thread, 10000), "the call did not resume\n");
    GetExitCodeThread(thread, &ret);
    ok(!ret, "got %lu\n", ret);
    ok(method_call.calls == 1, "got %ld calls\n", method_call.calls);
    CloseHandle(thread);
    CloseHandle(method_call.started);

    ok(!RtmDeregisterEntity(a), "deregistration failed\n");
    ret = RtmInvokeMethod(b, a, &input, &size, output);
    ok(ret == ERROR_INVALID_HANDLE, "deregistered callee: got %lu\n", ret);
    ok(!RtmDeregisterEntity(b), "deregistration failed\n");
}

/* methods of an entity that block or deregister it from inside */
static RTM_ENTITY_HANDLE reentrant_self;

static void WINAPI method_block_self(RTM_ENTITY_HANDLE caller, RTM_ENTITY_HANDLE callee,
        RTM_ENTITY_METHOD_INPUT *input, RTM_ENTITY_METHOD_OUTPUT *output)
{
    output->MethodStatus = RtmBlockMethods(callee, NULL, 0, RTM_BLOCK_METHODS);
    if (!output->MethodStatus) output->MethodStatus = RtmBlockMethods(callee, NULL, 0, RTM_RESUME_METHODS);
    output->OutputSize = 0;
}

static void WINAPI method_deregister_self(RTM_ENTITY_HANDLE caller, RTM_ENTITY_HANDLE callee,
        RTM_ENTITY_METHOD_INPUT *input, RTM_ENTITY_METHOD_OUTPUT *output)
{
    output->MethodStatus = RtmDeregisterEntity(callee);
    output->OutputSize = 0;
}

static LONG self_dereg_status = -1;

static DWORD WINAPI deregister_self_callback(RTM_ENTITY_HANDLE handle, RTM_EVENT_TYPE type, void *ctx1, void *ctx2)
{
    if (type == RTM_ENTITY_REGISTERED) self_dereg_status = RtmDeregisterEntity(handle);
    return NO_ERROR;
}

static void test_method_reentry(void)
{
    struct { UINT NumMethods; RTM_ENTITY_EXPORT_METHOD Methods[2]; } exported =
        { 2, { method_block_self, method_deregister_self } };
    BYTE buffer[256];
    RTM_ENTITY_METHOD_OUTPUT *output = (RTM_ENTITY_METHOD_OUTPUT *)buffer;
    RTM_ENTITY_METHOD_INPUT input;
    RTM_ENTITY_HANDLE a, b, c;
    UINT size;
    DWORD ret;

    ret = register_entity_ex(1810, NULL, FALSE, (RTM_ENTITY_EXPORT_METHODS *)&exported, NULL, &a);
    ok(!ret, "got %lu\n", ret);
    b = register_entity(1811, NULL);
    memset(&input, 0, sizeof(input));

    /* a method may block (and resume) its own entity: it does not wait for itself */
    input.MethodType = 1;
    size = sizeof(buffer);
    ret = RtmInvokeMethod(b, a, &input, &size, output);
    ok(!ret && output->MethodStatus == NO_ERROR, "got %lu %lu\n", ret, output->MethodStatus);

    /* and deregister it */
    input.MethodType = 2;
    size = sizeof(buffer);
    ret = RtmInvokeMethod(b, a, &input, &size, output);
    ok(!ret && output->MethodStatus == NO_ERROR, "got %lu %lu\n", ret, output->MethodStatus);
    ret = RtmInvokeMethod(b, a, &input, &size, output);
    ok(ret == ERROR_INVALID_HANDLE, "got %lu\n", ret);

    /* so may a callback of the entity */
    ret = register_entity_ex(1812, deregister_self_callback, FALSE, NULL, NULL, &reentrant_self);
    ok(!ret, "got %lu\n", ret);
    c = register_entity(1813, NULL);
    ok(self_dereg_status == NO_ERROR, "got %ld\n", self_dereg_status);
    ok(!RtmDeregisterEntity(c), "deregistration failed\n");
    ok(!RtmDeregisterEntity(b), "deregistration failed\n");
}

/* callbacks of an entity that is deregistered meanwhile */
static struct
{
    LONG   started, finished;
    HANDLE inside, release;
    RTM_ENTITY_HANDLE entity, other;
    LONG   finished_at_return;
} slow;

static DWORD WINAPI slow_callback(RTM_ENTITY_HANDLE handle, RTM_EVENT_TYPE type, void *ctx1, void *ctx2)
{
    if (type != RTM_ENTITY_REGISTERED) return NO_ERROR;
    if (InterlockedIncrement(&slow.started) == 1)
    {
        SetEvent(slow.inside);
        WaitForSingleObject(slow.release, 10000);
    }
    InterlockedIncrement(&slow.finished);
    return NO_ERROR;
}

static DWORD WINAPI slow_register_thread(void *arg)
{
    slow.other = register_entity(1821, NULL);
    return 0;
}

static DWORD WINAPI slow_deregister_thread(void *arg)
{
    DWORD ret = RtmDeregisterEntity(slow.entity);

    slow.finished_at_return = slow.finished;
    return ret;
}

static void test_callback_deregistration(void)
{
    RTM_ENTITY_HANDLE late;
    HANDLE registrar, deregistrar;
    DWORD ret;

    slow.inside = CreateEventW(NULL, TRUE, FALSE, NULL);
    slow.release = CreateEventW(NULL, TRUE, FALSE, NULL);
    ret = register_entity_ex(1820, slow_callback, FALSE, NULL, NULL, &slow.entity);
    ok(!ret, "got %lu\n", ret);

    /* the callback for another registration runs on the registering thread */
    registrar = CreateThread(NULL, 0, slow_register_thread, NULL, 0, NULL);
    ok(!WaitForSingleObject(slow.inside, 10000), "the callback did not run\n");
    deregistrar = CreateThread(NULL, 0, slow_deregister_thread, NULL, 0, NULL);
    ok(WaitForSingleObject(deregistrar, 100) == WAIT_TIMEOUT, "deregistration did not wait for the callback\n");
    SetEvent(slow.release);
    ok(!WaitForSingleObject(deregistrar, 10000), "deregistration did not finish\n");
    GetExitCodeThread(deregistrar, &ret);
    ok(!ret, "got %lu\n", ret);
    ok(slow.finished_at_return == 1, "got %ld\n", slow.finished_at_return);
    ok(!WaitForSingleObject(registrar, 10000), "registration did not finish\n");

    /* no callback of the entity starts any more */
    late = register_entity(1822, NULL);
    ok(slow.started == 1 && slow.finished == 1, "got %ld %ld\n", slow.started, slow.finished);

    ok(!RtmDeregisterEntity(late), "deregistration failed\n");
    ok(!RtmDeregisterEntity(slow.other), "deregistration failed\n");
    CloseHandle(registrar);
    CloseHandle(deregistrar);
    CloseHandle(slow.inside);
    CloseHandle(slow.release);
}

/* a small concurrency test: writers, readers and a notified entity at once */
#define CONC_THREADS 3
#define CONC_ROUTES  200

struct conc_ctx
{
    RTM_ENTITY_HANDLE entity;
    unsigned int      index;
    LONG              failures;
};

static DWORD WINAPI conc_writer(void *arg)
{
    struct conc_ctx *ctx = arg;
    RTM_NEXTHOP_HANDLE nh = add_nexthop(ctx->entity, IP(10, 9, ctx->index, 1), ctx->index + 1);
    RTM_ROUTE_HANDLE routes[CONC_ROUTES];
    union route_buffer info;
    RTM_NET_ADDRESS addr;
    unsigned int round, i;
    DWORD ret, flags;

    for (round = 0; round < 3; round++)
    {
        for (i = 0; i < CONC_ROUTES; i++)
        {
            init_route(&info.info, nh, ctx->index, i);
            RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 90 + round, i, 0), 24);
            routes[i] = NULL;
            flags = 0;
            if ((ret = RtmAddRouteToDest(ctx->entity, &routes[i], &addr, &info.info, INFINITE, NULL, 0, NULL, &flags)))
                InterlockedIncrement(&ctx->failures);
        }
        for (i = 0; i < CONC_ROUTES; i++)
            if (RtmDeleteRouteToDest(ctx->entity, routes[i], &flags)) InterlockedIncrement(&ctx->failures);
    }
    return 0;
}

static DWORD WINAPI conc_reader(void *arg)
{
    struct conc_ctx *ctx = arg;
    BYTE buffer[RTM_SIZE_OF_DEST_INFO(2) * 50];
    RTM_ENUM_HANDLE enum_handle;
    unsigned int round;
    DWORD ret;
    UINT num;

    for (round = 0; round < 20; round++)
    {
        if (RtmCreateDestEnum(ctx->entity, RTM_VIEW_MASK_UCAST, RTM_ENUM_START, NULL, RTM_BEST_PROTOCOL, &enum_handle))
        {
            InterlockedIncrement(&ctx->failures);
            continue;
        }
        do
        {
            num = 50;
            ret = RtmGetEnumDests(ctx->entity, enum_handle, &num, (RTM_DEST_INFO *)buffer);
            if (RtmReleaseDests(ctx->entity, num, (RTM_DEST_INFO *)buffer)) InterlockedIncrement(&ctx->failures);
        } while (!ret);
        if (ret != ERROR_NO_MORE_ITEMS) InterlockedIncrement(&ctx->failures);
        RtmDeleteEnumHandle(ctx->entity, enum_handle);
    }
    return 0;
}

static LONG conc_seen;

static DWORD WINAPI conc_callback(RTM_ENTITY_HANDLE handle, RTM_EVENT_TYPE type, void *ctx1, void *ctx2)
{
    BYTE buffer[RTM_SIZE_OF_DEST_INFO(2) * 20];
    DWORD ret;
    UINT num;

    if (type != RTM_CHANGE_NOTIFICATION) return NO_ERROR;
    /* As in the documented sample, drain the changes in the callback.  Stop
     * on an error too: the main thread deregisters the notification while a
     * callback may still be running, and a failing call leaves num alone. */
    do
    {
        num = 20;
        if ((ret = RtmGetChangedDests(handle, ctx1, &num, (RTM_DEST_INFO *)buffer))) num = 0;
        InterlockedExchangeAdd(&conc_seen, num);
        RtmReleaseChangedDests(handle, ctx1, num, (RTM_DEST_INFO *)buffer);
    } while (num);
    return NO_ERROR;
}

static void test_concurrency(void)
{
    struct conc_ctx ctx[CONC_THREADS + 1];
    HANDLE threads[CONC_THREADS + 1];
    RTM_ENTITY_HANDLE watcher;
    RTM_NOTIFY_HANDLE notify;
    unsigned int i;
    DWORD ret;

    watcher = register_entity(1900, conc_callback);
    ret = RtmRegisterForChangeNotification(watcher, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_ALL, NULL, &notify);
    ok(!ret, "got %lu\n", ret);
    for (i = 0; i <= CONC_THREADS; i++)
    {
        ctx[i].entity = register_entity(1901 + i, NULL);
        ctx[i].index = i;
        ctx[i].failures = 0;
        threads[i] = CreateThread(NULL, 0, i < CONC_THREADS ? conc_writer : conc_reader, &ctx[i], 0, NULL);
    }
    ok(!WaitForMultipleObjects(CONC_THREADS + 1, threads, TRUE, 120000), "threads did not finish\n");
    /* the notification callback runs on a thread-pool thread, which may only
     * get a processor once the busy threads are done */
    for (i = 0; i < 600 && !InterlockedCompareExchange(&conc_seen, 0, 0); i++) Sleep(50);
    for (i = 0; i <= CONC_THREADS; i++)
    {
        ok(!ctx[i].failures, "thread %u: %ld failures\n", i, ctx[i].failures);
        CloseHandle(threads[i]);
        ok(!RtmDeregisterEntity(ctx[i].entity), "deregistration failed\n");
    }
    ok(conc_seen > 0, "no change seen\n");
    ok(!RtmDeregisterFromChangeNotification(watcher, notify), "deregistration failed\n");
    ok(!RtmDeregisterEntity(watcher), "deregistration failed\n");
}

/* Lookups take and drop references in parallel with each other and with
 * writers that move the best routes between RTMv2 and RTM v1 routes; every
 * count must still balance exactly, which the last releases show. */
#define LOOKUP_THREADS 2
#define LOOKUP_NETS    32       /* 10.80.k.0/24: RTMv2 and RTM v1 routes; 10.81.k.0/24: RTM v1 only */
#define LOOKUP_CALLS   3000
#define LOOKUP_ROUNDS  20

struct lookup_ctx
{
    RTM_ENTITY_HANDLE reader;
    unsigned int      index;
    LONG              failures, found;
};

static DWORD WINAPI lookup_thread(void *arg)
{
    struct lookup_ctx *ctx = arg;
    union route_buffer route;
    union dest_buffer dest;
    RTM_NET_ADDRESS addr;
    unsigned int i, k;
    DWORD ret;

    for (i = 0; i < LOOKUP_CALLS; i++)
    {
        k = (i * 7 + ctx->index * 13) % (2 * LOOKUP_NETS);
        RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 80 + k / LOOKUP_NETS, k % LOOKUP_NETS, 5), 32);
        ret = RtmGetMostSpecificDestination(ctx->reader, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &dest.info);
        if (ret == ERROR_NOT_FOUND) continue;
        if (ret || dest.info.DestAddress.NumBits != 24 || dest.info.DestAddress.AddrBits[2] != k % LOOKUP_NETS)
        {
            InterlockedIncrement(&ctx->failures);
            continue;
        }
        ctx->found++;
        if (dest.info.ViewInfo[0].Route)
        {
            if (RtmGetRouteInfo(ctx->reader, dest.info.ViewInfo[0].Route, &route.info, NULL) ||
                route.info.DestHandle != dest.info.DestHandle ||
                RtmReleaseRouteInfo(ctx->reader, &route.info))
                InterlockedIncrement(&ctx->failures);
        }
        if (RtmReleaseDestInfo(ctx->reader, &dest.info)) InterlockedIncrement(&ctx->failures);
    }
    return 0;
}

static RTM_IP_ROUTE lookup_v1_route(DWORD net, DWORD metric)
{
    RTM_IP_ROUTE route;

    memset(&route, 0, sizeof(route));
    route.RR_Network.N_NetNumber = net;
    route.RR_Network.N_NetMask = IP(255, 255, 255, 0);
    route.RR_NextHopAddress.N_NetNumber = IP(10, 80, 255, 1);
    route.RR_NextHopAddress.N_NetMask = 0xffffffff;
    route.RR_InterfaceID = 2;
    route.RR_FamilySpecificData.FSD_Metric = metric;
    return route;
}

static void test_parallel_lookups(void)
{
    struct lookup_ctx ctx[LOOKUP_THREADS];
    HANDLE threads[LOOKUP_THREADS], client;
    RTM_ROUTE_HANDLE routes[LOOKUP_NETS];
    union dest_buffer kept[LOOKUP_NETS];
    RTM_ENTITY_HANDLE reader, writer;
    union route_buffer route;
    RTM_ENTITY_INFO info;
    RTM_NEXTHOP_HANDLE nh;
    unsigned int round, i, k, v2_best = 0, v1_best = 0;
    RTM_NET_ADDRESS addr;
    RTM_IP_ROUTE v1;
    DWORD ret, flags;
    LONG failures = 0;

    reader = register_entity(1980, NULL);
    writer = register_entity(1981, NULL);
    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, 1982, NULL, 0);
    ok(client != NULL, "RtmRegisterClient failed, error %lu\n", GetLastError());
    nh = add_nexthop(writer, IP(10, 80, 255, 2), 1);
    for (k = 0; k < LOOKUP_NETS; k++) add_route(writer, IP(10, 80, k, 0), 24, nh, 1, 5, NULL, NULL);
    for (i = 0; i < LOOKUP_THREADS; i++)
    {
        ctx[i].reader = reader;
        ctx[i].index = i;
        ctx[i].failures = ctx[i].found = 0;
        threads[i] = CreateThread(NULL, 0, lookup_thread, &ctx[i], 0, NULL);
    }
    /* RTM v1 routes beat the RTMv2 ones on some dests by preference, then
     * go again; RTMv2 routes go and come back */
    for (round = 0; round < LOOKUP_ROUNDS; round++)
    {
        for (k = 0; k < LOOKUP_NETS; k++)
        {
            v1 = lookup_v1_route(IP(10, 80 + round % 2, k, 0), 1 + (round + k) % 3);
            if ((round + k) % 4 < 2) ret = RtmAddRoute(client, &v1, INFINITE, &flags, NULL, NULL);
            else ret = RtmDeleteRoute(client, &v1, &flags, NULL);
            if (ret && ret != ERROR_NO_SUCH_ROUTE) failures++;
            if ((round + k) % 5) continue;
            init_route(&route.info, nh, 1, round);
            RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 80, k, 0), 24);
            routes[k] = NULL;
            flags = 0;
            if (RtmAddRouteToDest(writer, &routes[k], &addr, &route.info, INFINITE, NULL, 0, NULL, &flags) ||
                RtmDeleteRouteToDest(writer, routes[k], &flags))
                failures++;
            flags = 0;
            if (RtmAddRouteToDest(writer, NULL, &addr, &route.info, INFINITE, NULL, 0, NULL, &flags)) failures++;
        }
    }
    ok(!failures, "%ld writes failed\n", failures);
    ok(!WaitForMultipleObjects(LOOKUP_THREADS, threads, TRUE, 120000), "threads did not finish\n");
    for (i = 0; i < LOOKUP_THREADS; i++)
    {
        ok(!ctx[i].failures, "thread %u: %ld failures\n", i, ctx[i].failures);
        ok(ctx[i].found > 0, "thread %u found nothing\n", i);
        CloseHandle(threads[i]);
    }

    /* One reference more on every dest, route and owner, then the routes go:
     * the first release of each info drops the last references, so the
     * second finds its handles closed; a leaked reference would keep them. */
    for (k = 0; k < LOOKUP_NETS; k++)
    {
        RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 80, k, 0), 24);
        ret = RtmGetExactMatchDestination(reader, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, &kept[k].info);
        ok(!ret && kept[k].info.ViewInfo[0].Route, "10.80.%u.0: got %lu\n", k, ret);
        if (kept[k].info.ViewInfo[0].Owner) v2_best++;
        else v1_best++;
    }
    ok(v2_best && v1_best, "best routes: %u RTMv2, %u RTM v1\n", v2_best, v1_best);
    ok(!RtmDeregisterEntity(writer), "deregistration failed\n");
    ok(!RtmDeregisterClient(client), "deregistration failed\n");
    ret = RtmGetEntityInfo(reader, writer, &info);
    ok(!ret, "the infos name the writer, its handle must stay open: %lu\n", ret);
    for (k = 0; k < LOOKUP_NETS; k++)
    {
        RTM_ROUTE_HANDLE best = kept[k].info.ViewInfo[0].Route;

        ret = RtmReleaseDestInfo(reader, &kept[k].info);
        ok(!ret, "10.80.%u.0: got %lu\n", k, ret);
        ret = RtmReleaseDestInfo(reader, &kept[k].info);
        ok(ret == ERROR_INVALID_HANDLE, "10.80.%u.0: released once too often: got %lu\n", k, ret);
        ret = RtmGetRouteInfo(reader, best, &route.info, NULL);
        ok(ret == ERROR_INVALID_HANDLE, "10.80.%u.0: the route handle is still open: %lu\n", k, ret);
    }
    /* the infos named the writer as the owner of its routes */
    ret = RtmGetEntityInfo(reader, writer, &info);
    ok(ret == ERROR_INVALID_HANDLE, "the writer's handle is still open: %lu\n", ret);
    ok(!RtmDeregisterEntity(reader), "deregistration failed\n");
}

/* Adds racing a deregistration: once RtmDeregisterEntity returns, none of
 * the entity's routes or change notification registrations may be left,
 * whichever call won. */
#define RACE_ROUNDS 1000

struct dereg_race
{
    RTM_ENTITY_HANDLE  entity;
    RTM_NEXTHOP_HANDLE nh;
    HANDLE             started;
    BOOL               notify;  /* registers for change notification instead of adding routes */
    LONG               added;
    DWORD              last;
};

static DWORD WINAPI dereg_race_adder(void *arg)
{
    struct dereg_race *race = arg;
    RTM_NOTIFY_HANDLE notify;
    union route_buffer route;
    RTM_NET_ADDRESS addr;
    unsigned int k;
    DWORD flags;

    init_route(&route.info, race->nh, 1, 1);
    SetEvent(race->started);
    for (k = 0; ; k++)
    {
        if (race->notify)
        {
            if ((race->last = RtmRegisterForChangeNotification(race->entity, RTM_VIEW_MASK_UCAST,
                                                               RTM_CHANGE_TYPE_ALL, NULL, &notify)))
                break;
            race->added++;
            if ((race->last = RtmDeregisterFromChangeNotification(race->entity, notify))) break;
            continue;
        }
        RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 70, k % 64, 0), 24);
        flags = 0;
        if ((race->last = RtmAddRouteToDest(race->entity, NULL, &addr, &route.info, INFINITE, NULL, 0, NULL, &flags)))
            break;
        race->added++;
    }
    return 0;
}

/* how many change notification registrations an entity can make now */
static unsigned int notify_room(void)
{
    RTM_NOTIFY_HANDLE notify[64];
    RTM_ENTITY_HANDLE entity = register_entity(1992, NULL);
    unsigned int n, i;

    for (n = 0; n < ARRAY_SIZE(notify); n++)
        if (RtmRegisterForChangeNotification(entity, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_ALL, NULL, &notify[n]))
            break;
    for (i = 0; i < n; i++) RtmDeregisterFromChangeNotification(entity, notify[i]);
    ok(!RtmDeregisterEntity(entity), "deregistration failed\n");
    return n;
}

static void test_deregistration_race(void)
{
    struct dereg_race race;
    unsigned int round, spin, wins = 0, room, n;
    HANDLE thread;
    ULONG before, after;

    room = notify_room();
    before = after = RtmGetNetworkCount(RTM_PROTOCOL_FAMILY_IP);
    race.started = CreateEventA(NULL, FALSE, FALSE, NULL);
    for (round = 0; round < RACE_ROUNDS && after == before; round++)
    {
        race.entity = register_entity(1990, NULL);
        race.nh = add_nexthop(race.entity, IP(10, 70, 255, 1), 1);
        race.added = 0;
        race.notify = round % 2;
        thread = CreateThread(NULL, 0, dereg_race_adder, &race, 0, NULL);
        WaitForSingleObject(race.started, INFINITE);
        /* a little later each round, so that the deregistration meets the
         * adder at different points of its call */
        for (spin = 0; spin < (round % 32) * 200; spin++) YieldProcessor();
        ok(!RtmDeregisterEntity(race.entity), "deregistration failed\n");
        WaitForSingleObject(thread, INFINITE);
        CloseHandle(thread);
        ok(race.last == ERROR_INVALID_HANDLE, "round %u: the last add returned %lu\n", round, race.last);
        if (race.added) wins++;
        after = RtmGetNetworkCount(RTM_PROTOCOL_FAMILY_IP);
        ok(after == before, "round %u: %lu networks left of the deregistered entity\n", round, after - before);
    }
    trace("%u of %u rounds added something before the deregistration\n", wins, round);
    n = notify_room();
    ok(n == room, "%u change notification registrations left of %u\n", n, room);
    CloseHandle(race.started);
}

/* Reference counts must balance: a full life cycle of an entity, with every
 * kind of handle taken and released, must not leave memory behind.  As in
 * stress.c, the meter must first show a deliberate leak of one small block
 * per cycle. */
#define MEMORY_WARMUP 500
#define MEMORY_CYCLES 5000
#define MEMORY_SLACK  (64 * 1024)

static SIZE_T pagefile_usage(void)
{
    PROCESS_MEMORY_COUNTERS counters;

    memset(&counters, 0, sizeof(counters));
    counters.cb = sizeof(counters);
    GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof(counters));
    return counters.PagefileUsage;
}

static void life_cycle(RTM_ENTITY_HANDLE watcher, RTM_NOTIFY_HANDLE notify)
{
    BYTE buffer[RTM_SIZE_OF_DEST_INFO(2) * 4];
    RTM_ROUTE_HANDLE routes[4], route = NULL;
    RTM_ROUTE_LIST_HANDLE list = NULL;
    RTM_ENUM_HANDLE enum_handle;
    union route_buffer info;
    union dest_buffer dest;
    RTM_ENTITY_HANDLE entity;
    RTM_NEXTHOP_HANDLE nh;
    RTM_NET_ADDRESS addr;
    RTM_IP_ROUTE v1;
    unsigned int k;
    HANDLE client;
    DWORD flags;
    UINT num;

    if (register_entity_ex(1960, NULL, TRUE, NULL, NULL, &entity)) return;
    nh = add_nexthop(entity, IP(10, 96, 0, 1), 1);
    for (k = 0; k < 3; k++) add_route(entity, IP(10, 96, k, 0), 24, nh, 1, k, k ? NULL : &route, NULL);
    RtmCreateRouteList(entity, &list);
    RtmInsertInRouteList(entity, list, 1, &route);
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 96, 0, 0), 24);
    if (!RtmGetExactMatchDestination(watcher, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_ALL, &dest.info))
    {
        RtmHoldDestination(entity, dest.info.DestHandle, RTM_VIEW_MASK_UCAST, 100000);
        RtmReleaseDestInfo(watcher, &dest.info);
    }
    if (!RtmGetRouteInfo(watcher, route, &info.info, NULL)) RtmReleaseRouteInfo(watcher, &info.info);
    if (!RtmCreateRouteEnum(watcher, NULL, RTM_VIEW_MASK_ANY, RTM_ENUM_RANGE, &addr, RTM_MATCH_NONE, NULL, 0, &enum_handle))
    {
        num = 1;
        RtmGetEnumRoutes(watcher, enum_handle, &num, routes);
        RtmReleaseRoutes(watcher, num, routes);
        RtmDeleteEnumHandle(watcher, enum_handle);
    }
    /* the deleted route goes into hold-down and goes with its owner */
    RtmDeleteRouteToDest(entity, route, &flags);

    /* a dest with layer data whose last route, a disabled RTM v1 one, goes
     * without a change of best route */
    client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, 1962, NULL, 0);
    memset(&v1, 0, sizeof(v1));
    v1.RR_Network.N_NetNumber = IP(10, 97, 0, 0);
    v1.RR_Network.N_NetMask = IP(255, 255, 0, 0);
    v1.RR_NextHopAddress.N_NetNumber = IP(10, 97, 0, 1);
    v1.RR_NextHopAddress.N_NetMask = 0xffffffff;
    RtmAddRoute(client, &v1, INFINITE, &flags, NULL, NULL);
    RTM_IPV4_MAKE_NET_ADDRESS(&addr, IP(10, 97, 0, 0), 16);
    if (!RtmGetExactMatchDestination(watcher, &addr, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_ALL, &dest.info))
    {
        RtmMarkDestForChangeNotification(watcher, notify, dest.info.DestHandle, TRUE);
        RtmReleaseDestInfo(watcher, &dest.info);
    }
    RtmBlockSetRouteEnable(client, RTM_ONLY_THIS_NETWORK, &v1, FALSE);
    do
    {
        num = 4;
        if (RtmGetChangedDests(watcher, notify, &num, (RTM_DEST_INFO *)buffer)) num = 0;
        RtmReleaseChangedDests(watcher, notify, num, (RTM_DEST_INFO *)buffer);
    } while (num);
    RtmDeregisterClient(client);
    RtmDeleteRouteList(entity, list);
    RtmReleaseNextHops(entity, 1, &nh);
    RtmDeregisterEntity(entity);
}

static void test_memory(void)
{
    RTM_ENTITY_HANDLE watcher;
    RTM_NOTIFY_HANDLE notify;
    SIZE_T before, after, grew[2];
    unsigned int i, window;
    void **blocks;

    blocks = malloc(MEMORY_CYCLES * sizeof(*blocks));
    before = pagefile_usage();
    for (i = 0; i < MEMORY_CYCLES; i++) memset(blocks[i] = malloc(32), 0x55, 32);
    after = pagefile_usage();
    for (i = 0; i < MEMORY_CYCLES; i++) free(blocks[i]);
    free(blocks);
    if (after <= before + MEMORY_SLACK)
    {
        skip("PagefileUsage does not show a leak of one block per cycle: no memory check\n");
        return;
    }

    watcher = register_entity(1961, NULL);
    ok(!RtmRegisterForChangeNotification(watcher, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_ALL, NULL, &notify),
       "RtmRegisterForChangeNotification failed\n");
    for (i = 0; i < MEMORY_WARMUP; i++) life_cycle(watcher, notify);
    /* A leak grows every window of cycles.  Once in a few runs, PagefileUsage
     * also took a single step of 0.6-1 MB inside a window instead of during
     * the warm-up (the aging thread and Wine's own threads run when the
     * scheduler lets them), so a step in one window alone is no leak. */
    for (window = 0; window < 2; window++)
    {
        before = pagefile_usage();
        for (i = 0; i < MEMORY_CYCLES; i++) life_cycle(watcher, notify);
        after = pagefile_usage();
        trace("%u entity life cycles: PagefileUsage %Iu -> %Iu bytes (%+Id)\n", MEMORY_CYCLES, before, after,
              (SSIZE_T)(after - before));
        grew[window] = after > before + MEMORY_SLACK ? after - before : 0;
    }
    ok(!grew[0] || !grew[1], "memory grew by %Iu and %Iu bytes over two windows of %u cycles\n",
       grew[0], grew[1], MEMORY_CYCLES);
    RtmDeregisterFromChangeNotification(watcher, notify);
    RtmDeregisterEntity(watcher);
}

START_TEST(rtmv2)
{
    /* first, while the heap has no free space from earlier tests to hide a leak in */
    test_memory();
    test_registration();
    test_limits();
    test_nexthops();
    test_routes();
    test_update_in_place();
    test_update_in_place_failed();
    test_lookups();
    test_enumerations();
    test_notifications();
    test_change_types();
    test_handles();
    test_v1_interop();
    test_ipv6();
    test_route_lists();
    test_methods();
    test_method_reentry();
    test_callback_deregistration();
    test_concurrency();
    test_parallel_lookups();
    test_deregistration_race();
}
