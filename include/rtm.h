/*
 * Routing Table Manager version 1 (RTMv1) API
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

#ifndef __WINE_RTM_H
#define __WINE_RTM_H

#include <windef.h>
#include <winbase.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Protocol family identifiers */
#define RTM_PROTOCOL_FAMILY_IPX  0
#define RTM_PROTOCOL_FAMILY_IP   1

/* RTMv1 names for the Win32 error codes it returns */
#define ERROR_MORE_MESSAGES          ERROR_MORE_DATA
#define ERROR_CLIENT_ALREADY_EXISTS  ERROR_ALREADY_EXISTS
#define ERROR_NO_MESSAGES            ERROR_NO_MORE_ITEMS
#define ERROR_NO_MORE_ROUTES         ERROR_NO_MORE_ITEMS
#define ERROR_NO_ROUTES              ERROR_NO_MORE_ITEMS
#define ERROR_NO_SUCH_ROUTE          ERROR_NO_MORE_ITEMS

typedef struct _IPX_NETWORK
{
    DWORD N_NetNumber;
} IPX_NETWORK, *PIPX_NETWORK;

typedef struct _IP_NETWORK
{
    DWORD N_NetNumber;
    DWORD N_NetMask;
} IP_NETWORK, *PIP_NETWORK;

typedef struct _IPX_NEXT_HOP_ADDRESS
{
    BYTE NHA_Mac[6];
} IPX_NEXT_HOP_ADDRESS, *PIPX_NEXT_HOP_ADDRESS;

typedef IP_NETWORK IP_NEXT_HOP_ADDRESS, *PIP_NEXT_HOP_ADDRESS;

typedef struct _IPX_SPECIFIC_DATA
{
    DWORD  FSD_Flags;
    USHORT FSD_TickCount;
    USHORT FSD_HopCount;
} IPX_SPECIFIC_DATA, *PIPX_SPECIFIC_DATA;

/* IPX_SPECIFIC_DATA.FSD_Flags */
#define IPX_GLOBAL_CLIENT_WAN_ROUTE  0x00000001

typedef struct _IP_SPECIFIC_DATA
{
    DWORD FSD_Type;
    DWORD FSD_Policy;
    DWORD FSD_NextHopAS;
    DWORD FSD_Priority;
    DWORD FSD_Metric;
    DWORD FSD_Metric1;
    DWORD FSD_Metric2;
    DWORD FSD_Metric3;
    DWORD FSD_Metric4;
    DWORD FSD_Metric5;
    DWORD FSD_Flags;
} IP_SPECIFIC_DATA, *PIP_SPECIFIC_DATA;

/* IP_SPECIFIC_DATA.FSD_Flags */
#define IP_VALID_ROUTE  0x00000001

#define ClearRouteFlags(pRoute)  ((pRoute)->RR_FamilySpecificData.FSD_Flags = 0x00000000)
#define IsRouteValid(pRoute)     ((pRoute)->RR_FamilySpecificData.FSD_Flags & IP_VALID_ROUTE)
#define SetRouteValid(pRoute)    ((pRoute)->RR_FamilySpecificData.FSD_Flags |= IP_VALID_ROUTE)
#define ClearRouteValid(pRoute)  ((pRoute)->RR_FamilySpecificData.FSD_Flags &= ~IP_VALID_ROUTE)
/* Network numbers are in network byte order: the low byte is the first octet. */
#define IsRouteNonUnicast(pRoute) \
    (((DWORD)((pRoute)->RR_Network.N_NetNumber & 0x000000ff)) >= ((DWORD)0x000000e0))
#define IsRouteLoopback(pRoute) \
    ((((pRoute)->RR_Network.N_NetNumber & 0x000000ff) == 0x0000007f) || \
     ((pRoute)->RR_NextHopAddress.N_NetNumber == 0x0100007f))

typedef struct _PROTOCOL_SPECIFIC_DATA
{
    DWORD PSD_Data[4];
} PROTOCOL_SPECIFIC_DATA, *PPROTOCOL_SPECIFIC_DATA;

/* Every member of a route starts on a DWORD boundary, whatever its own alignment. */
#define DWORD_ALIGN(type, field) union { type field; DWORD field##Align; }

/* The part common to the routes of all protocol families */
#define ROUTE_HEADER \
    DWORD_ALIGN(FILETIME, RR_TimeStamp); \
    DWORD RR_RoutingProtocol; \
    DWORD RR_InterfaceID; \
    DWORD_ALIGN(PROTOCOL_SPECIFIC_DATA, RR_ProtocolSpecificData)

typedef struct _RTM_IPX_ROUTE
{
    ROUTE_HEADER;
    DWORD_ALIGN(IPX_NETWORK, RR_Network);
    DWORD_ALIGN(IPX_NEXT_HOP_ADDRESS, RR_NextHopAddress);
    DWORD_ALIGN(IPX_SPECIFIC_DATA, RR_FamilySpecificData);
} RTM_IPX_ROUTE, *PRTM_IPX_ROUTE;

typedef struct _RTM_IP_ROUTE
{
    ROUTE_HEADER;
    DWORD_ALIGN(IP_NETWORK, RR_Network);
    DWORD_ALIGN(IP_NEXT_HOP_ADDRESS, RR_NextHopAddress);
    DWORD_ALIGN(IP_SPECIFIC_DATA, RR_FamilySpecificData);
} RTM_IP_ROUTE, *PRTM_IP_ROUTE;

/* Flags returned by RtmAddRoute, RtmDeleteRoute, RtmDequeueRouteChangeMessage */
#define RTM_CURRENT_BEST_ROUTE   0x00000001
#define RTM_PREVIOUS_BEST_ROUTE  0x00000002

#define RTM_NO_CHANGE      0
#define RTM_ROUTE_ADDED    RTM_CURRENT_BEST_ROUTE
#define RTM_ROUTE_DELETED  RTM_PREVIOUS_BEST_ROUTE
#define RTM_ROUTE_CHANGED  (RTM_CURRENT_BEST_ROUTE | RTM_PREVIOUS_BEST_ROUTE)

/* EnumerationFlags */
#define RTM_ONLY_THIS_NETWORK    0x00000001
#define RTM_ONLY_THIS_INTERFACE  0x00000002
#define RTM_ONLY_THIS_PROTOCOL   0x00000004
#define RTM_ONLY_BEST_ROUTES     0x00000008

/* RtmRegisterClient Flags */
#define RTM_PROTOCOL_SINGLE_ROUTE  0x00000001

HANDLE WINAPI RtmRegisterClient(DWORD ProtocolFamily, DWORD RoutingProtocol, HANDLE ChangeEvent,
        DWORD Flags);
DWORD WINAPI RtmDeregisterClient(HANDLE ClientHandle);
DWORD WINAPI RtmDequeueRouteChangeMessage(HANDLE ClientHandle, DWORD *Flags, PVOID CurBestRoute,
        PVOID PrevBestRoute);
DWORD WINAPI RtmAddRoute(HANDLE ClientHandle, PVOID Route, DWORD TimeToLive, DWORD *Flags,
        PVOID CurBestRoute, PVOID PrevBestRoute);
DWORD WINAPI RtmDeleteRoute(HANDLE ClientHandle, PVOID Route, DWORD *Flags, PVOID CurBestRoute);
BOOL WINAPI RtmIsRoute(DWORD ProtocolFamily, PVOID Network, PVOID BestRoute);
ULONG WINAPI RtmGetNetworkCount(DWORD ProtocolFamily);
ULONG WINAPI RtmGetRouteAge(PVOID Route);
HANDLE WINAPI RtmCreateEnumerationHandle(DWORD ProtocolFamily, DWORD EnumerationFlags,
        PVOID CriteriaRoute);
DWORD WINAPI RtmEnumerateGetNextRoute(HANDLE EnumerationHandle, PVOID Route);
DWORD WINAPI RtmCloseEnumerationHandle(HANDLE EnumerationHandle);
DWORD WINAPI RtmBlockDeleteRoutes(HANDLE ClientHandle, DWORD EnumerationFlags, PVOID CriteriaRoute);
DWORD WINAPI RtmGetFirstRoute(DWORD ProtocolFamily, DWORD EnumerationFlags, PVOID Route);
DWORD WINAPI RtmGetNextRoute(DWORD ProtocolFamily, DWORD EnumerationFlags, PVOID Route);
BOOL WINAPI RtmLookupIPDestination(DWORD dwDestAddr, PRTM_IP_ROUTE prir);

#define RtmGetSpecificRoute(ProtocolFamily, Route) \
    RtmGetFirstRoute(ProtocolFamily, \
                     RTM_ONLY_THIS_NETWORK | RTM_ONLY_THIS_PROTOCOL | RTM_ONLY_THIS_INTERFACE, \
                     Route)

/* Undocumented exports (signatures chosen by us, see spec/abi.md). */
DWORD WINAPI RtmBlockSetRouteEnable(HANDLE ClientHandle, DWORD EnumerationFlags,
        PVOID CriteriaRoute, BOOL Enable);
DWORD WINAPI RtmBlockConvertRoutesToStatic(HANDLE ClientHandle, DWORD EnumerationFlags,
        PVOID CriteriaRoute);
DWORD WINAPI RtmCreateRouteTable(DWORD ProtocolFamily, PVOID Config);
DWORD WINAPI RtmDeleteRouteTable(DWORD ProtocolFamily);

#ifdef __cplusplus
}
#endif

#endif /* __WINE_RTM_H */
