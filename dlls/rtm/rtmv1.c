/*
 * Routing Table Manager version 1 API
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

#include "windef.h"
#include "winbase.h"
#include "rtm.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(rtm);

/**********************************************************************
 *      RtmRegisterClient (RTM.@)
 */
HANDLE WINAPI RtmRegisterClient(DWORD ProtocolFamily, DWORD RoutingProtocol, HANDLE ChangeEvent, DWORD Flags)
{
    FIXME("(%lu, %lu, %p, %#lx): stub\n", ProtocolFamily, RoutingProtocol, ChangeEvent, Flags);
    SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
    return NULL;
}

/**********************************************************************
 *      RtmDeregisterClient (RTM.@)
 */
DWORD WINAPI RtmDeregisterClient(HANDLE ClientHandle)
{
    FIXME("(%p): stub\n", ClientHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmDequeueRouteChangeMessage (RTM.@)
 */
DWORD WINAPI RtmDequeueRouteChangeMessage(HANDLE ClientHandle, DWORD *Flags, PVOID CurBestRoute, PVOID PrevBestRoute)
{
    FIXME("(%p, %p, %p, %p): stub\n", ClientHandle, Flags, CurBestRoute, PrevBestRoute);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmAddRoute (RTM.@)
 */
DWORD WINAPI RtmAddRoute(HANDLE ClientHandle, PVOID Route, DWORD TimeToLive, DWORD *Flags, PVOID CurBestRoute, PVOID PrevBestRoute)
{
    FIXME("(%p, %p, %lu, %p, %p, %p): stub\n", ClientHandle, Route, TimeToLive, Flags, CurBestRoute, PrevBestRoute);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmDeleteRoute (RTM.@)
 */
DWORD WINAPI RtmDeleteRoute(HANDLE ClientHandle, PVOID Route, DWORD *Flags, PVOID CurBestRoute)
{
    FIXME("(%p, %p, %p, %p): stub\n", ClientHandle, Route, Flags, CurBestRoute);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmIsRoute (RTM.@)
 */
BOOL WINAPI RtmIsRoute(DWORD ProtocolFamily, PVOID Network, PVOID BestRoute)
{
    FIXME("(%lu, %p, %p): stub\n", ProtocolFamily, Network, BestRoute);
    SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
    return FALSE;
}

/**********************************************************************
 *      RtmGetNetworkCount (RTM.@)
 */
ULONG WINAPI RtmGetNetworkCount(DWORD ProtocolFamily)
{
    FIXME("(%lu): stub\n", ProtocolFamily);
    SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
    return 0;
}

/**********************************************************************
 *      RtmGetRouteAge (RTM.@)
 */
ULONG WINAPI RtmGetRouteAge(PVOID Route)
{
    FIXME("(%p): stub\n", Route);
    SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
    return INFINITE;
}

/**********************************************************************
 *      RtmCreateEnumerationHandle (RTM.@)
 */
HANDLE WINAPI RtmCreateEnumerationHandle(DWORD ProtocolFamily, DWORD EnumerationFlags, PVOID CriteriaRoute)
{
    FIXME("(%lu, %#lx, %p): stub\n", ProtocolFamily, EnumerationFlags, CriteriaRoute);
    SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
    return NULL;
}

/**********************************************************************
 *      RtmEnumerateGetNextRoute (RTM.@)
 */
DWORD WINAPI RtmEnumerateGetNextRoute(HANDLE EnumerationHandle, PVOID Route)
{
    FIXME("(%p, %p): stub\n", EnumerationHandle, Route);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmCloseEnumerationHandle (RTM.@)
 */
DWORD WINAPI RtmCloseEnumerationHandle(HANDLE EnumerationHandle)
{
    FIXME("(%p): stub\n", EnumerationHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmBlockDeleteRoutes (RTM.@)
 */
DWORD WINAPI RtmBlockDeleteRoutes(HANDLE ClientHandle, DWORD EnumerationFlags, PVOID CriteriaRoute)
{
    FIXME("(%p, %#lx, %p): stub\n", ClientHandle, EnumerationFlags, CriteriaRoute);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmBlockSetRouteEnable (RTM.@)
 */
DWORD WINAPI RtmBlockSetRouteEnable(HANDLE ClientHandle, DWORD EnumerationFlags, PVOID CriteriaRoute, BOOL Enable)
{
    FIXME("(%p, %#lx, %p, %d): stub\n", ClientHandle, EnumerationFlags, CriteriaRoute, Enable);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmBlockConvertRoutesToStatic (RTM.@)
 */
DWORD WINAPI RtmBlockConvertRoutesToStatic(HANDLE ClientHandle, DWORD EnumerationFlags, PVOID CriteriaRoute)
{
    FIXME("(%p, %#lx, %p): stub\n", ClientHandle, EnumerationFlags, CriteriaRoute);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetFirstRoute (RTM.@)
 */
DWORD WINAPI RtmGetFirstRoute(DWORD ProtocolFamily, DWORD EnumerationFlags, PVOID Route)
{
    FIXME("(%lu, %#lx, %p): stub\n", ProtocolFamily, EnumerationFlags, Route);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetNextRoute (RTM.@)
 */
DWORD WINAPI RtmGetNextRoute(DWORD ProtocolFamily, DWORD EnumerationFlags, PVOID Route)
{
    FIXME("(%lu, %#lx, %p): stub\n", ProtocolFamily, EnumerationFlags, Route);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmLookupIPDestination (RTM.@)
 */
BOOL WINAPI RtmLookupIPDestination(DWORD dwDestAddr, PRTM_IP_ROUTE prir)
{
    FIXME("(%#lx, %p): stub\n", dwDestAddr, prir);
    SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
    return FALSE;
}

/**********************************************************************
 *      RtmCreateRouteTable (RTM.@)
 */
DWORD WINAPI RtmCreateRouteTable(DWORD ProtocolFamily, PVOID Config)
{
    FIXME("(%lu, %p): stub\n", ProtocolFamily, Config);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmDeleteRouteTable (RTM.@)
 */
DWORD WINAPI RtmDeleteRouteTable(DWORD ProtocolFamily)
{
    FIXME("(%lu): stub\n", ProtocolFamily);
    return ERROR_CALL_NOT_IMPLEMENTED;
}
