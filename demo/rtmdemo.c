/*
 * RTM v1 demo: two routing protocols, one watcher
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
 * RIP and OSPF register with the routing table manager and add routes to
 * overlapping IP networks; RIP's metrics are better.  A watcher registered
 * with an event prints the best-route changes it dequeues.  Then RIP
 * deregisters: its routes go, and OSPF's routes become best.  Everything
 * printed comes from rtm.dll.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <windows.h>
#include "rtm.h"

#define PROTO_IP_RIP   8    /* routprot.h */
#define PROTO_IP_OSPF  13
#define PROTO_WATCHER  0x4000

/* addresses are in network byte order */
#define IP(a, b, c, d) ((DWORD)(a) | ((DWORD)(b) << 8) | ((DWORD)(c) << 16) | ((DWORD)(d) << 24))

static const char *protocol_name(DWORD protocol)
{
    switch (protocol)
    {
    case PROTO_IP_RIP:  return "RIP";
    case PROTO_IP_OSPF: return "OSPF";
    default:            return "?";
    }
}

static const char *ip_string(DWORD addr, char *buf)
{
    const BYTE *b = (const BYTE *)&addr;

    sprintf(buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return buf;
}

static unsigned int mask_length(DWORD mask)
{
    unsigned int len = 0;
    const BYTE *b = (const BYTE *)&mask;
    int i, bit;

    for (i = 0; i < 4; i++)
        for (bit = 7; bit >= 0; bit--)
            if (b[i] & (1 << bit)) len++;
    return len;
}

static DWORD mask_from_length(unsigned int len)
{
    BYTE b[4];
    DWORD mask;
    unsigned int i;

    for (i = 0; i < 4; i++)
    {
        unsigned int bits = len > 8 * i ? len - 8 * i : 0;

        b[i] = bits >= 8 ? 0xff : (BYTE)(0xff00 >> bits);
    }
    memcpy(&mask, b, sizeof(mask));
    return mask;
}

static const char *route_string(const RTM_IP_ROUTE *route, char *buf)
{
    char net[16], hop[16];

    sprintf(buf, "%s/%u via %s (interface %lu), %s metric %lu",
            ip_string(route->RR_Network.N_NetNumber, net), mask_length(route->RR_Network.N_NetMask),
            ip_string(route->RR_NextHopAddress.N_NetNumber, hop), route->RR_InterfaceID,
            protocol_name(route->RR_RoutingProtocol), route->RR_FamilySpecificData.FSD_Metric);
    return buf;
}

static const char *flags_string(DWORD flags)
{
    switch (flags)
    {
    case RTM_NO_CHANGE:     return "best route unchanged";
    case RTM_ROUTE_ADDED:   return "new network, this route is best";
    case RTM_ROUTE_DELETED: return "network gone";
    case RTM_ROUTE_CHANGED: return "best route changed";
    default:                return "?";
    }
}

static void add_route(HANDLE client, DWORD protocol, DWORD net, unsigned int len, DWORD next_hop,
        DWORD iface, DWORD metric)
{
    RTM_IP_ROUTE route, cur, prev;
    DWORD flags, ret;
    char buf[128];

    memset(&route, 0, sizeof(route));
    route.RR_InterfaceID = iface;
    route.RR_Network.N_NetNumber = net;
    route.RR_Network.N_NetMask = mask_from_length(len);
    route.RR_NextHopAddress.N_NetNumber = next_hop;
    route.RR_NextHopAddress.N_NetMask = IP(255, 255, 255, 255);
    route.RR_FamilySpecificData.FSD_Type = 4;       /* remote */
    route.RR_FamilySpecificData.FSD_Priority = 100; /* same priority: the metric decides */
    route.RR_FamilySpecificData.FSD_Metric = metric;
    route.RR_FamilySpecificData.FSD_Metric1 = metric;
    ClearRouteFlags(&route);
    SetRouteValid(&route);

    ret = RtmAddRoute(client, &route, INFINITE, &flags, &cur, &prev);
    /* set by the routing table manager, here only for printing */
    route.RR_RoutingProtocol = protocol;
    if (ret)
    {
        printf("  %-4s RtmAddRoute %s failed: %lu\n", protocol_name(protocol), route_string(&route, buf), ret);
        return;
    }
    printf("  %-4s adds %s: %s\n", protocol_name(protocol), route_string(&route, buf), flags_string(flags));
}

/* prints every message queued for the watcher */
static void watch(HANDLE watcher, HANDLE event)
{
    RTM_IP_ROUTE cur, prev;
    DWORD flags, ret;
    char buf1[128], buf2[128];
    unsigned int count = 0;

    if (WaitForSingleObject(event, 1000))
    {
        printf("  watcher: no change\n");
        return;
    }
    do
    {
        ret = RtmDequeueRouteChangeMessage(watcher, &flags, &cur, &prev);
        if (ret != NO_ERROR && ret != ERROR_MORE_MESSAGES) break;
        count++;
        switch (flags)
        {
        case RTM_ROUTE_ADDED:
            printf("  watcher: ADDED    %s\n", route_string(&cur, buf1));
            break;
        case RTM_ROUTE_DELETED:
            printf("  watcher: DELETED  %s\n", route_string(&prev, buf1));
            break;
        case RTM_ROUTE_CHANGED:
            printf("  watcher: CHANGED  %s\n"
                   "                 -> %s\n", route_string(&prev, buf1), route_string(&cur, buf2));
            break;
        }
    } while (ret == ERROR_MORE_MESSAGES);
    if (ret != NO_ERROR && ret != ERROR_NO_MESSAGES) printf("  watcher: dequeue failed: %lu\n", ret);
    printf("  watcher: %u message(s)\n", count);
}

static void show_table(void)
{
    RTM_IP_ROUTE route;
    HANDLE enumeration;
    char buf[128];

    printf("  best routes (%lu networks):\n", RtmGetNetworkCount(RTM_PROTOCOL_FAMILY_IP));
    if (!(enumeration = RtmCreateEnumerationHandle(RTM_PROTOCOL_FAMILY_IP, RTM_ONLY_BEST_ROUTES, NULL)))
    {
        printf("    (none)\n");
        return;
    }
    while (!RtmEnumerateGetNextRoute(enumeration, &route)) printf("    %s\n", route_string(&route, buf));
    RtmCloseEnumerationHandle(enumeration);
}

static void lookup(DWORD addr)
{
    RTM_IP_ROUTE route;
    char buf[128], a[16];

    if (RtmLookupIPDestination(addr, &route))
        printf("  lookup %s: %s\n", ip_string(addr, a), route_string(&route, buf));
    else
        printf("  lookup %s: no route\n", ip_string(addr, a));
}

int main(void)
{
    HANDLE watcher, rip, ospf, event;
    DWORD ret;

    setvbuf(stdout, NULL, _IONBF, 0);
    event = CreateEventW(NULL, FALSE, FALSE, NULL);

    printf("1. A watcher registers with a change event; RIP and OSPF register.\n");
    watcher = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_WATCHER, event, 0);
    rip = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_IP_RIP, NULL, 0);
    ospf = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, PROTO_IP_OSPF, NULL, RTM_PROTOCOL_SINGLE_ROUTE);
    if (!watcher || !rip || !ospf)
    {
        printf("RtmRegisterClient failed: %lu\n", GetLastError());
        return 1;
    }

    printf("\n2. OSPF adds its routes.\n");
    add_route(ospf, PROTO_IP_OSPF, IP(10, 1, 0, 0), 16, IP(192, 168, 0, 2), 2, 20);
    add_route(ospf, PROTO_IP_OSPF, IP(10, 2, 0, 0), 16, IP(192, 168, 0, 2), 2, 30);
    add_route(ospf, PROTO_IP_OSPF, IP(172, 16, 0, 0), 12, IP(192, 168, 0, 2), 2, 10);
    watch(watcher, event);

    printf("\n3. RIP adds overlapping routes with better metrics, and one of its own.\n");
    add_route(rip, PROTO_IP_RIP, IP(10, 1, 0, 0), 16, IP(192, 168, 0, 1), 1, 2);
    add_route(rip, PROTO_IP_RIP, IP(10, 2, 0, 0), 16, IP(192, 168, 0, 1), 1, 3);
    add_route(rip, PROTO_IP_RIP, IP(10, 3, 0, 0), 16, IP(192, 168, 0, 1), 1, 4);
    add_route(rip, PROTO_IP_RIP, IP(172, 16, 0, 0), 12, IP(192, 168, 0, 1), 1, 15);
    watch(watcher, event);
    show_table();
    lookup(IP(10, 1, 2, 3));
    lookup(IP(172, 20, 1, 1));

    printf("\n4. RIP deregisters: its routes go away, OSPF's routes become best.\n");
    ret = RtmDeregisterClient(rip);
    printf("  RtmDeregisterClient(RIP) = %lu\n", ret);
    watch(watcher, event);
    show_table();
    lookup(IP(10, 1, 2, 3));
    lookup(IP(10, 3, 0, 1));

    printf("\n5. OSPF deregisters.\n");
    ret = RtmDeregisterClient(ospf);
    printf("  RtmDeregisterClient(OSPF) = %lu\n", ret);
    watch(watcher, event);
    show_table();

    RtmDeregisterClient(watcher);
    CloseHandle(event);
    return 0;
}
