/*
 * RTMv2 demo: two entities, a monitor and an RTM v1 client on one table
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
 * OSPF and a static-route entity register with RTMv2, add next hops and
 * overlapping routes.  A monitor entity registers for best-route change
 * notification and prints what RtmGetChangedDests hands it whenever its
 * callback says there is something.  An RTM v1 RIP client shares the IPv4
 * table: it sees the RTMv2 routes and its own route shows up in RTMv2.
 * Then OSPF deregisters and the monitor watches its routes go.
 * Everything printed comes from rtm.dll.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <windows.h>
#include "rtm.h"
#include "rtmv2.h"

#define PROTO_IP_NETMGMT  3     /* routprot.h */
#define PROTO_IP_RIP      8
#define PROTO_IP_OSPF     13
#define PROTO_MONITOR     0x4001

/* addresses are in network byte order */
#define IP(a, b, c, d) ((DWORD)((a) | ((b) << 8) | ((c) << 16) | ((d) << 24)))

static HANDLE changes_pending;
static RTM_ENTITY_HANDLE monitor;
static UINT monitor_views;          /* dest infos come with this many view slots */
static RTM_NOTIFY_HANDLE notify;

static DWORD WINAPI monitor_callback(RTM_ENTITY_HANDLE handle, RTM_EVENT_TYPE type, void *ctx1, void *ctx2)
{
    if (type == RTM_CHANGE_NOTIFICATION) SetEvent(changes_pending);
    else if (type == RTM_ENTITY_REGISTERED || type == RTM_ENTITY_DEREGISTERED)
    {
        const RTM_ENTITY_INFO *info = ctx2;
        printf("  monitor: entity %lu %s\n", info->EntityId.EntityProtocolId,
               type == RTM_ENTITY_REGISTERED ? "registered" : "deregistered");
    }
    return NO_ERROR;
}

static const char *protocol_name(ULONG protocol)
{
    switch (protocol)
    {
    case PROTO_IP_NETMGMT: return "static";
    case PROTO_IP_OSPF:    return "OSPF";
    default:               return "?";
    }
}

static const char *format_address(const RTM_NET_ADDRESS *address, char *buffer)
{
    const BYTE *b = address->AddrBits;

    sprintf(buffer, "%u.%u.%u.%u/%u", b[0], b[1], b[2], b[3], address->NumBits);
    return buffer;
}

/* "OSPF via 192.168.0.2, preference 110, metric 20" for a route handle */
static void print_route(RTM_ROUTE_HANDLE route)
{
    BYTE buffer[RTM_SIZE_OF_ROUTE_INFO(4)];
    RTM_ROUTE_INFO *info = (RTM_ROUTE_INFO *)buffer;
    RTM_ENTITY_INFO owner;
    RTM_NEXTHOP_INFO hop;
    char text[32];

    if (RtmGetRouteInfo(monitor, route, info, NULL)) return;
    if (!info->RouteOwner) printf("an RTM v1 client");
    else if (!RtmGetEntityInfo(monitor, info->RouteOwner, &owner))
    {
        printf("%s", protocol_name(owner.EntityId.EntityProtocolId));
        RtmReleaseEntityInfo(monitor, &owner);
    }
    else printf("?");
    if (info->NextHopsList.NumNextHops && !RtmGetNextHopInfo(monitor, info->NextHopsList.NextHops[0], &hop))
    {
        *strrchr(format_address(&hop.NextHopAddress, text), '/') = 0;
        printf(" via %s", text);
        RtmReleaseNextHopInfo(monitor, &hop);
    }
    printf(", preference %lu, metric %lu", info->PrefInfo.Preference, info->PrefInfo.Metric);
    RtmReleaseRouteInfo(monitor, info);
}

/* waits for the monitor's callback, then prints every changed destination */
static void show_changes(void)
{
    BYTE buffer[4 * RTM_SIZE_OF_DEST_INFO(RTM_MAX_VIEWS)];
    UINT count, i;
    DWORD ret;
    char text[32];

    if (WaitForSingleObject(changes_pending, 5000))
    {
        printf("  monitor: no change notification\n");
        return;
    }
    do
    {
        count = 4;
        ret = RtmGetChangedDests(monitor, notify, &count, (RTM_DEST_INFO *)buffer);
        for (i = 0; i < count; i++)
        {
            RTM_DEST_INFO *dest = (RTM_DEST_INFO *)(buffer + i * RTM_SIZE_OF_DEST_INFO(monitor_views));

            printf("  monitor: %-15s ", format_address(&dest->DestAddress, text));
            if (dest->ViewInfo[0].Route)
            {
                printf("best: ");
                print_route(dest->ViewInfo[0].Route);
                printf(" (%u route%s)\n", dest->ViewInfo[0].NumRoutes, dest->ViewInfo[0].NumRoutes == 1 ? "" : "s");
            }
            else printf("no route any more\n");
        }
        if (count) RtmReleaseChangedDests(monitor, notify, count, (RTM_DEST_INFO *)buffer);
    } while (ret == ERROR_MORE_DATA || (ret == NO_ERROR && count));
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
    if (protocol == PROTO_MONITOR) monitor_views = profile.NumberOfViews;
    printf("  RtmRegisterEntity(%s) = %lu\n", protocol == PROTO_MONITOR ? "monitor" : protocol_name(protocol), ret);
    return handle;
}

static RTM_NEXTHOP_HANDLE add_next_hop(RTM_ENTITY_HANDLE entity, DWORD address, ULONG if_index)
{
    RTM_NEXTHOP_HANDLE handle = NULL;
    RTM_NEXTHOP_INFO info;
    DWORD flags;

    memset(&info, 0, sizeof(info));
    RTM_IPV4_MAKE_NET_ADDRESS(&info.NextHopAddress, address, 32);
    info.InterfaceIndex = if_index;
    RtmAddNextHop(entity, &info, &handle, &flags);
    return handle;
}

static void add_route(RTM_ENTITY_HANDLE entity, const char *name, DWORD network, UINT length,
                      RTM_NEXTHOP_HANDLE hop, ULONG preference, ULONG metric)
{
    BYTE buffer[RTM_SIZE_OF_ROUTE_INFO(1)];
    RTM_ROUTE_INFO *info = (RTM_ROUTE_INFO *)buffer;
    RTM_ROUTE_CHANGE_FLAGS flags = 0;
    RTM_NET_ADDRESS dest;
    DWORD ret;
    char text[32];

    memset(buffer, 0, sizeof(buffer));
    info->Neighbour = hop;
    info->PrefInfo.Preference = preference;
    info->PrefInfo.Metric = metric;
    info->BelongsToViews = RTM_VIEW_MASK_UCAST;
    info->NextHopsList.NumNextHops = 1;
    info->NextHopsList.NextHops[0] = hop;
    RTM_IPV4_MAKE_NET_ADDRESS(&dest, network, length);
    ret = RtmAddRouteToDest(entity, NULL, &dest, info, INFINITE, NULL, 0, NULL, &flags);
    printf("  %s adds %s, preference %lu, metric %lu: %lu%s\n", name, format_address(&dest, text),
           preference, metric, ret, (flags & RTM_ROUTE_CHANGE_BEST) ? ", now best" : "");
}

static void lookup(DWORD address)
{
    BYTE buffer[RTM_SIZE_OF_DEST_INFO(RTM_MAX_VIEWS)];
    RTM_DEST_INFO *dest = (RTM_DEST_INFO *)buffer;
    RTM_NET_ADDRESS target;
    RTM_IP_ROUTE v1route;
    const BYTE *b = (const BYTE *)&address;
    char text[32];

    RTM_IPV4_MAKE_NET_ADDRESS(&target, address, 32);
    printf("  lookup %u.%u.%u.%u: ", b[0], b[1], b[2], b[3]);
    if (!RtmGetMostSpecificDestination(monitor, &target, RTM_BEST_PROTOCOL, RTM_VIEW_MASK_UCAST, dest))
    {
        printf("RTMv2 %s, ", format_address(&dest->DestAddress, text));
        print_route(dest->ViewInfo[0].Route);
        RtmReleaseDestInfo(monitor, dest);
    }
    else printf("RTMv2 no route");
    if (RtmLookupIPDestination(address, &v1route))
        printf("; RTM v1 sees protocol %lu, metric %lu\n", v1route.RR_RoutingProtocol,
               v1route.RR_FamilySpecificData.FSD_Metric);
    else printf("; RTM v1 no route\n");
}

int main(void)
{
    RTM_ENTITY_HANDLE ospf, statics;
    RTM_NEXTHOP_HANDLE ospf_hop, static_hop;
    RTM_IP_ROUTE rip_route;
    HANDLE rip;
    DWORD flags;

    setvbuf(stdout, NULL, _IONBF, 0);
    changes_pending = CreateEventW(NULL, FALSE, FALSE, NULL);

    printf("1. A monitor registers and asks to hear of best-route changes.\n");
    monitor = register_entity(PROTO_MONITOR, monitor_callback);
    printf("  RtmRegisterForChangeNotification = %lu\n",
           RtmRegisterForChangeNotification(monitor, RTM_VIEW_MASK_UCAST, RTM_CHANGE_TYPE_BEST, NULL, &notify));

    printf("\n2. OSPF and a static entity register, add next hops and routes.\n");
    ospf = register_entity(PROTO_IP_OSPF, NULL);
    statics = register_entity(PROTO_IP_NETMGMT, NULL);
    ospf_hop = add_next_hop(ospf, IP(192,168,0,2), 2);
    static_hop = add_next_hop(statics, IP(192,168,0,9), 9);
    add_route(ospf, "OSPF", IP(10,1,0,0), 16, ospf_hop, 110, 20);
    add_route(ospf, "OSPF", IP(10,9,0,0), 16, ospf_hop, 110, 30);
    add_route(statics, "static", IP(10,9,0,0), 16, static_hop, 150, 1);
    show_changes();

    printf("\n3. An RTM v1 RIP client adds 10.2.0.0/16 to the same IPv4 table.\n");
    rip = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_IP_RIP, NULL, 0);
    memset(&rip_route, 0, sizeof(rip_route));
    rip_route.RR_Network.N_NetNumber = IP(10,2,0,0);
    rip_route.RR_Network.N_NetMask = IP(255,255,0,0);
    rip_route.RR_InterfaceID = 1;
    rip_route.RR_NextHopAddress.N_NetNumber = IP(192,168,0,1);
    rip_route.RR_NextHopAddress.N_NetMask = IP(255,255,255,255);
    rip_route.RR_FamilySpecificData.FSD_Metric = 2;
    printf("  RtmAddRoute(RIP 10.2.0.0/16) = %lu\n", RtmAddRoute(rip, &rip_route, INFINITE, &flags, NULL, NULL));
    show_changes();
    lookup(IP(10,1,2,3));
    lookup(IP(10,2,7,7));
    lookup(IP(10,9,1,1));

    printf("\n4. OSPF deregisters: its routes go, the static route to 10.9.0.0/16 is best.\n");
    printf("  RtmDeregisterEntity(OSPF) = %lu\n", RtmDeregisterEntity(ospf));
    show_changes();
    lookup(IP(10,1,2,3));
    lookup(IP(10,9,1,1));

    printf("\n5. Everyone leaves.\n");
    printf("  RtmDeregisterClient(RIP) = %lu\n", RtmDeregisterClient(rip));
    printf("  RtmDeregisterEntity(static) = %lu\n", RtmDeregisterEntity(statics));
    show_changes();
    RtmDeregisterFromChangeNotification(monitor, notify);
    printf("  RtmDeregisterEntity(monitor) = %lu\n", RtmDeregisterEntity(monitor));
    CloseHandle(changes_pending);
    return 0;
}
