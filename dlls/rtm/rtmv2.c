/*
 * Routing Table Manager version 2 API
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
#include "rtmv2.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(rtm);

/**********************************************************************
 *      RtmAddNextHop (RTM.@)
 */
DWORD WINAPI RtmAddNextHop(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_NEXTHOP_INFO NextHopInfo, PRTM_NEXTHOP_HANDLE NextHopHandle, PRTM_NEXTHOP_CHANGE_FLAGS ChangeFlags)
{
    FIXME("(%p, %p, %p, %p): stub\n", RtmRegHandle, NextHopInfo, NextHopHandle, ChangeFlags);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmAddRouteToDest (RTM.@)
 */
DWORD WINAPI RtmAddRouteToDest(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_ROUTE_HANDLE RouteHandle, PRTM_NET_ADDRESS DestAddress, PRTM_ROUTE_INFO RouteInfo, ULONG TimeToLive, RTM_ROUTE_LIST_HANDLE RouteListHandle, RTM_NOTIFY_FLAGS NotifyType, RTM_NOTIFY_HANDLE NotifyHandle, PRTM_ROUTE_CHANGE_FLAGS ChangeFlags)
{
    FIXME("(%p, %p, %p, %p, %lu, %p, %lu, %p, %p): stub\n", RtmRegHandle, RouteHandle, DestAddress, RouteInfo, TimeToLive, RouteListHandle, NotifyType, NotifyHandle, ChangeFlags);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmBlockMethods (RTM.@)
 */
DWORD WINAPI RtmBlockMethods(RTM_ENTITY_HANDLE RtmRegHandle, HANDLE TargetHandle, UCHAR TargetType, DWORD BlockingFlag)
{
    FIXME("(%p, %p, %lu, %lu): stub\n", RtmRegHandle, TargetHandle, (DWORD)TargetType, BlockingFlag);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmCreateDestEnum (RTM.@)
 */
DWORD WINAPI RtmCreateDestEnum(RTM_ENTITY_HANDLE RtmRegHandle, RTM_VIEW_SET TargetViews, RTM_ENUM_FLAGS EnumFlags, PRTM_NET_ADDRESS NetAddress, ULONG ProtocolId, PRTM_ENUM_HANDLE RtmEnumHandle)
{
    FIXME("(%p, %lu, %lu, %p, %lu, %p): stub\n", RtmRegHandle, TargetViews, EnumFlags, NetAddress, ProtocolId, RtmEnumHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmCreateNextHopEnum (RTM.@)
 */
DWORD WINAPI RtmCreateNextHopEnum(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENUM_FLAGS EnumFlags, PRTM_NET_ADDRESS NetAddress, PRTM_ENUM_HANDLE RtmEnumHandle)
{
    FIXME("(%p, %lu, %p, %p): stub\n", RtmRegHandle, EnumFlags, NetAddress, RtmEnumHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmCreateRouteEnum (RTM.@)
 */
DWORD WINAPI RtmCreateRouteEnum(RTM_ENTITY_HANDLE RtmRegHandle, RTM_DEST_HANDLE DestHandle, RTM_VIEW_SET TargetViews, RTM_ENUM_FLAGS EnumFlags, PRTM_NET_ADDRESS StartDest, RTM_MATCH_FLAGS MatchingFlags, PRTM_ROUTE_INFO CriteriaRoute, ULONG CriteriaInterface, PRTM_ENUM_HANDLE RtmEnumHandle)
{
    FIXME("(%p, %p, %lu, %lu, %p, %lu, %p, %lu, %p): stub\n", RtmRegHandle, DestHandle, TargetViews, EnumFlags, StartDest, MatchingFlags, CriteriaRoute, CriteriaInterface, RtmEnumHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmCreateRouteList (RTM.@)
 */
DWORD WINAPI RtmCreateRouteList(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_ROUTE_LIST_HANDLE RouteListHandle)
{
    FIXME("(%p, %p): stub\n", RtmRegHandle, RouteListHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmCreateRouteListEnum (RTM.@)
 */
DWORD WINAPI RtmCreateRouteListEnum(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_LIST_HANDLE RouteListHandle, PRTM_ENUM_HANDLE RtmEnumHandle)
{
    FIXME("(%p, %p, %p): stub\n", RtmRegHandle, RouteListHandle, RtmEnumHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmDeleteEnumHandle (RTM.@)
 */
DWORD WINAPI RtmDeleteEnumHandle(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENUM_HANDLE EnumHandle)
{
    FIXME("(%p, %p): stub\n", RtmRegHandle, EnumHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmDeleteNextHop (RTM.@)
 */
DWORD WINAPI RtmDeleteNextHop(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NEXTHOP_HANDLE NextHopHandle, PRTM_NEXTHOP_INFO NextHopInfo)
{
    FIXME("(%p, %p, %p): stub\n", RtmRegHandle, NextHopHandle, NextHopInfo);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmDeleteRouteList (RTM.@)
 */
DWORD WINAPI RtmDeleteRouteList(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_LIST_HANDLE RouteListHandle)
{
    FIXME("(%p, %p): stub\n", RtmRegHandle, RouteListHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmDeleteRouteToDest (RTM.@)
 */
DWORD WINAPI RtmDeleteRouteToDest(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_HANDLE RouteHandle, PRTM_ROUTE_CHANGE_FLAGS ChangeFlags)
{
    FIXME("(%p, %p, %p): stub\n", RtmRegHandle, RouteHandle, ChangeFlags);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmDereferenceHandles (RTM.@)
 */
DWORD WINAPI RtmDereferenceHandles(RTM_ENTITY_HANDLE RtmRegHandle, UINT NumHandles, HANDLE *RtmHandles)
{
    FIXME("(%p, %lu, %p): stub\n", RtmRegHandle, (DWORD)NumHandles, RtmHandles);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmDeregisterEntity (RTM.@)
 */
DWORD WINAPI RtmDeregisterEntity(RTM_ENTITY_HANDLE RtmRegHandle)
{
    FIXME("(%p): stub\n", RtmRegHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmDeregisterFromChangeNotification (RTM.@)
 */
DWORD WINAPI RtmDeregisterFromChangeNotification(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NOTIFY_HANDLE NotifyHandle)
{
    FIXME("(%p, %p): stub\n", RtmRegHandle, NotifyHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmFindNextHop (RTM.@)
 */
DWORD WINAPI RtmFindNextHop(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_NEXTHOP_INFO NextHopInfo, PRTM_NEXTHOP_HANDLE NextHopHandle, PRTM_NEXTHOP_INFO *NextHopPointer)
{
    FIXME("(%p, %p, %p, %p): stub\n", RtmRegHandle, NextHopInfo, NextHopHandle, NextHopPointer);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetAddressFamilyInfo (RTM.@)
 */
DWORD WINAPI RtmGetAddressFamilyInfo(USHORT RtmInstanceId, USHORT AddressFamily, PRTM_ADDRESS_FAMILY_INFO AddressFamilyInfo, PUINT NumEntities, PRTM_ENTITY_INFO EntityInfos)
{
    FIXME("(%lu, %lu, %p, %p, %p): stub\n", (DWORD)RtmInstanceId, (DWORD)AddressFamily, AddressFamilyInfo, NumEntities, EntityInfos);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetChangeStatus (RTM.@)
 */
DWORD WINAPI RtmGetChangeStatus(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NOTIFY_HANDLE NotifyHandle, RTM_DEST_HANDLE DestHandle, PBOOL ChangeStatus)
{
    FIXME("(%p, %p, %p, %p): stub\n", RtmRegHandle, NotifyHandle, DestHandle, ChangeStatus);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetChangedDests (RTM.@)
 */
DWORD WINAPI RtmGetChangedDests(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NOTIFY_HANDLE NotifyHandle, PUINT NumDests, PRTM_DEST_INFO ChangedDests)
{
    FIXME("(%p, %p, %p, %p): stub\n", RtmRegHandle, NotifyHandle, NumDests, ChangedDests);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetDestInfo (RTM.@)
 */
DWORD WINAPI RtmGetDestInfo(RTM_ENTITY_HANDLE RtmRegHandle, RTM_DEST_HANDLE DestHandle, ULONG ProtocolId, RTM_VIEW_SET TargetViews, PRTM_DEST_INFO DestInfo)
{
    FIXME("(%p, %p, %lu, %lu, %p): stub\n", RtmRegHandle, DestHandle, ProtocolId, TargetViews, DestInfo);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetEntityInfo (RTM.@)
 */
DWORD WINAPI RtmGetEntityInfo(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENTITY_HANDLE EntityHandle, PRTM_ENTITY_INFO EntityInfo)
{
    FIXME("(%p, %p, %p): stub\n", RtmRegHandle, EntityHandle, EntityInfo);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetEntityMethods (RTM.@)
 */
DWORD WINAPI RtmGetEntityMethods(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENTITY_HANDLE EntityHandle, PUINT NumMethods, PRTM_ENTITY_EXPORT_METHOD ExptMethods)
{
    FIXME("(%p, %p, %p, %p): stub\n", RtmRegHandle, EntityHandle, NumMethods, ExptMethods);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetEnumDests (RTM.@)
 */
DWORD WINAPI RtmGetEnumDests(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENUM_HANDLE EnumHandle, PUINT NumDests, PRTM_DEST_INFO DestInfos)
{
    FIXME("(%p, %p, %p, %p): stub\n", RtmRegHandle, EnumHandle, NumDests, DestInfos);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetEnumNextHops (RTM.@)
 */
DWORD WINAPI RtmGetEnumNextHops(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENUM_HANDLE EnumHandle, PUINT NumNextHops, PRTM_NEXTHOP_HANDLE NextHopHandles)
{
    FIXME("(%p, %p, %p, %p): stub\n", RtmRegHandle, EnumHandle, NumNextHops, NextHopHandles);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetEnumRoutes (RTM.@)
 */
DWORD WINAPI RtmGetEnumRoutes(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENUM_HANDLE EnumHandle, PUINT NumRoutes, PRTM_ROUTE_HANDLE RouteHandles)
{
    FIXME("(%p, %p, %p, %p): stub\n", RtmRegHandle, EnumHandle, NumRoutes, RouteHandles);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetExactMatchDestination (RTM.@)
 */
DWORD WINAPI RtmGetExactMatchDestination(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_NET_ADDRESS DestAddress, ULONG ProtocolId, RTM_VIEW_SET TargetViews, PRTM_DEST_INFO DestInfo)
{
    FIXME("(%p, %p, %lu, %lu, %p): stub\n", RtmRegHandle, DestAddress, ProtocolId, TargetViews, DestInfo);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetExactMatchRoute (RTM.@)
 */
DWORD WINAPI RtmGetExactMatchRoute(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_NET_ADDRESS DestAddress, RTM_MATCH_FLAGS MatchingFlags, PRTM_ROUTE_INFO RouteInfo, ULONG InterfaceIndex, RTM_VIEW_SET TargetViews, PRTM_ROUTE_HANDLE RouteHandle)
{
    FIXME("(%p, %p, %lu, %p, %lu, %lu, %p): stub\n", RtmRegHandle, DestAddress, MatchingFlags, RouteInfo, InterfaceIndex, TargetViews, RouteHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetInstanceInfo (RTM.@)
 */
DWORD WINAPI RtmGetInstanceInfo(USHORT RtmInstanceId, PRTM_INSTANCE_INFO InstanceInfo, PUINT NumAddressFamilies, PRTM_ADDRESS_FAMILY_INFO AddressFamilyInfos)
{
    FIXME("(%lu, %p, %p, %p): stub\n", (DWORD)RtmInstanceId, InstanceInfo, NumAddressFamilies, AddressFamilyInfos);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetInstances (RTM.@)
 */
DWORD WINAPI RtmGetInstances(PUINT NumInstances, PRTM_INSTANCE_INFO InstanceInfos)
{
    FIXME("(%p, %p): stub\n", NumInstances, InstanceInfos);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetLessSpecificDestination (RTM.@)
 */
DWORD WINAPI RtmGetLessSpecificDestination(RTM_ENTITY_HANDLE RtmRegHandle, RTM_DEST_HANDLE DestHandle, ULONG ProtocolId, RTM_VIEW_SET TargetViews, PRTM_DEST_INFO DestInfo)
{
    FIXME("(%p, %p, %lu, %lu, %p): stub\n", RtmRegHandle, DestHandle, ProtocolId, TargetViews, DestInfo);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetListEnumRoutes (RTM.@)
 */
DWORD WINAPI RtmGetListEnumRoutes(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENUM_HANDLE EnumHandle, PUINT NumRoutes, PRTM_ROUTE_HANDLE RouteHandles)
{
    FIXME("(%p, %p, %p, %p): stub\n", RtmRegHandle, EnumHandle, NumRoutes, RouteHandles);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetMostSpecificDestination (RTM.@)
 */
DWORD WINAPI RtmGetMostSpecificDestination(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_NET_ADDRESS DestAddress, ULONG ProtocolId, RTM_VIEW_SET TargetViews, PRTM_DEST_INFO DestInfo)
{
    FIXME("(%p, %p, %lu, %lu, %p): stub\n", RtmRegHandle, DestAddress, ProtocolId, TargetViews, DestInfo);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetNextHopInfo (RTM.@)
 */
DWORD WINAPI RtmGetNextHopInfo(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NEXTHOP_HANDLE NextHopHandle, PRTM_NEXTHOP_INFO NextHopInfo)
{
    FIXME("(%p, %p, %p): stub\n", RtmRegHandle, NextHopHandle, NextHopInfo);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetNextHopPointer (RTM.@)
 */
DWORD WINAPI RtmGetNextHopPointer(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NEXTHOP_HANDLE NextHopHandle, PRTM_NEXTHOP_INFO *NextHopPointer)
{
    FIXME("(%p, %p, %p): stub\n", RtmRegHandle, NextHopHandle, NextHopPointer);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetOpaqueInformationPointer (RTM.@)
 */
DWORD WINAPI RtmGetOpaqueInformationPointer(RTM_ENTITY_HANDLE RtmRegHandle, RTM_DEST_HANDLE DestHandle, PVOID *OpaqueInfoPointer)
{
    FIXME("(%p, %p, %p): stub\n", RtmRegHandle, DestHandle, OpaqueInfoPointer);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetRegisteredEntities (RTM.@)
 */
DWORD WINAPI RtmGetRegisteredEntities(RTM_ENTITY_HANDLE RtmRegHandle, PUINT NumEntities, PRTM_ENTITY_HANDLE EntityHandles, PRTM_ENTITY_INFO EntityInfos)
{
    FIXME("(%p, %p, %p, %p): stub\n", RtmRegHandle, NumEntities, EntityHandles, EntityInfos);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetRouteInfo (RTM.@)
 */
DWORD WINAPI RtmGetRouteInfo(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_HANDLE RouteHandle, PRTM_ROUTE_INFO RouteInfo, PRTM_NET_ADDRESS DestAddress)
{
    FIXME("(%p, %p, %p, %p): stub\n", RtmRegHandle, RouteHandle, RouteInfo, DestAddress);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmGetRoutePointer (RTM.@)
 */
DWORD WINAPI RtmGetRoutePointer(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_HANDLE RouteHandle, PRTM_ROUTE_INFO *RoutePointer)
{
    FIXME("(%p, %p, %p): stub\n", RtmRegHandle, RouteHandle, RoutePointer);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmHoldDestination (RTM.@)
 */
DWORD WINAPI RtmHoldDestination(RTM_ENTITY_HANDLE RtmRegHandle, RTM_DEST_HANDLE DestHandle, RTM_VIEW_SET TargetViews, ULONG HoldTime)
{
    FIXME("(%p, %p, %lu, %lu): stub\n", RtmRegHandle, DestHandle, TargetViews, HoldTime);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmIgnoreChangedDests (RTM.@)
 */
DWORD WINAPI RtmIgnoreChangedDests(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NOTIFY_HANDLE NotifyHandle, UINT NumDests, PRTM_DEST_HANDLE ChangedDests)
{
    FIXME("(%p, %p, %lu, %p): stub\n", RtmRegHandle, NotifyHandle, (DWORD)NumDests, ChangedDests);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmInsertInRouteList (RTM.@)
 */
DWORD WINAPI RtmInsertInRouteList(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_LIST_HANDLE RouteListHandle, UINT NumRoutes, PRTM_ROUTE_HANDLE RouteHandles)
{
    FIXME("(%p, %p, %lu, %p): stub\n", RtmRegHandle, RouteListHandle, (DWORD)NumRoutes, RouteHandles);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmInvokeMethod (RTM.@)
 */
DWORD WINAPI RtmInvokeMethod(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENTITY_HANDLE EntityHandle, PRTM_ENTITY_METHOD_INPUT Input, PUINT OutputSize, PRTM_ENTITY_METHOD_OUTPUT Output)
{
    FIXME("(%p, %p, %p, %p, %p): stub\n", RtmRegHandle, EntityHandle, Input, OutputSize, Output);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmIsBestRoute (RTM.@)
 */
DWORD WINAPI RtmIsBestRoute(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_HANDLE RouteHandle, PRTM_VIEW_SET BestInViews)
{
    FIXME("(%p, %p, %p): stub\n", RtmRegHandle, RouteHandle, BestInViews);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmIsMarkedForChangeNotification (RTM.@)
 */
DWORD WINAPI RtmIsMarkedForChangeNotification(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NOTIFY_HANDLE NotifyHandle, RTM_DEST_HANDLE DestHandle, PBOOL DestMarked)
{
    FIXME("(%p, %p, %p, %p): stub\n", RtmRegHandle, NotifyHandle, DestHandle, DestMarked);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmLockDestination (RTM.@)
 */
DWORD WINAPI RtmLockDestination(RTM_ENTITY_HANDLE RtmRegHandle, RTM_DEST_HANDLE DestHandle, BOOL Exclusive, BOOL LockDest)
{
    FIXME("(%p, %p, %lu, %lu): stub\n", RtmRegHandle, DestHandle, (DWORD)Exclusive, (DWORD)LockDest);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmLockNextHop (RTM.@)
 */
DWORD WINAPI RtmLockNextHop(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NEXTHOP_HANDLE NextHopHandle, BOOL Exclusive, BOOL LockNextHop, PRTM_NEXTHOP_INFO *NextHopPointer)
{
    FIXME("(%p, %p, %lu, %lu, %p): stub\n", RtmRegHandle, NextHopHandle, (DWORD)Exclusive, (DWORD)LockNextHop, NextHopPointer);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmLockRoute (RTM.@)
 */
DWORD WINAPI RtmLockRoute(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_HANDLE RouteHandle, BOOL Exclusive, BOOL LockRoute, PRTM_ROUTE_INFO *RoutePointer)
{
    FIXME("(%p, %p, %lu, %lu, %p): stub\n", RtmRegHandle, RouteHandle, (DWORD)Exclusive, (DWORD)LockRoute, RoutePointer);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmMarkDestForChangeNotification (RTM.@)
 */
DWORD WINAPI RtmMarkDestForChangeNotification(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NOTIFY_HANDLE NotifyHandle, RTM_DEST_HANDLE DestHandle, BOOL MarkDest)
{
    FIXME("(%p, %p, %p, %lu): stub\n", RtmRegHandle, NotifyHandle, DestHandle, (DWORD)MarkDest);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmReadAddressFamilyConfig (RTM.@)
 */
DWORD WINAPI RtmReadAddressFamilyConfig(USHORT RtmInstanceId, USHORT AddressFamily, PRTM_ADDRESS_FAMILY_CONFIG AddressFamilyConfig)
{
    FIXME("(%lu, %lu, %p): stub\n", (DWORD)RtmInstanceId, (DWORD)AddressFamily, AddressFamilyConfig);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmReadInstanceConfig (RTM.@)
 */
DWORD WINAPI RtmReadInstanceConfig(USHORT RtmInstanceId, PRTM_INSTANCE_CONFIG InstanceConfig)
{
    FIXME("(%lu, %p): stub\n", (DWORD)RtmInstanceId, InstanceConfig);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmReferenceHandles (RTM.@)
 */
DWORD WINAPI RtmReferenceHandles(RTM_ENTITY_HANDLE RtmRegHandle, UINT NumHandles, HANDLE *RtmHandles)
{
    FIXME("(%p, %lu, %p): stub\n", RtmRegHandle, (DWORD)NumHandles, RtmHandles);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmRegisterEntity (RTM.@)
 */
DWORD WINAPI RtmRegisterEntity(PRTM_ENTITY_INFO RtmEntityInfo, PRTM_ENTITY_EXPORT_METHODS ExportMethods, RTM_EVENT_CALLBACK EventCallback, BOOL ReserveOpaquePointer, PRTM_REGN_PROFILE RtmRegProfile, PRTM_ENTITY_HANDLE RtmRegHandle)
{
    FIXME("(%p, %p, %p, %lu, %p, %p): stub\n", RtmEntityInfo, ExportMethods, EventCallback, (DWORD)ReserveOpaquePointer, RtmRegProfile, RtmRegHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmRegisterForChangeNotification (RTM.@)
 */
DWORD WINAPI RtmRegisterForChangeNotification(RTM_ENTITY_HANDLE RtmRegHandle, RTM_VIEW_SET TargetViews, RTM_NOTIFY_FLAGS NotifyFlags, PVOID NotifyContext, PRTM_NOTIFY_HANDLE NotifyHandle)
{
    FIXME("(%p, %lu, %lu, %p, %p): stub\n", RtmRegHandle, TargetViews, NotifyFlags, NotifyContext, NotifyHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmReleaseChangedDests (RTM.@)
 */
DWORD WINAPI RtmReleaseChangedDests(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NOTIFY_HANDLE NotifyHandle, UINT NumDests, PRTM_DEST_INFO ChangedDests)
{
    FIXME("(%p, %p, %lu, %p): stub\n", RtmRegHandle, NotifyHandle, (DWORD)NumDests, ChangedDests);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmReleaseDestInfo (RTM.@)
 */
DWORD WINAPI RtmReleaseDestInfo(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_DEST_INFO DestInfo)
{
    FIXME("(%p, %p): stub\n", RtmRegHandle, DestInfo);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmReleaseDests (RTM.@)
 */
DWORD WINAPI RtmReleaseDests(RTM_ENTITY_HANDLE RtmRegHandle, UINT NumDests, PRTM_DEST_INFO DestInfos)
{
    FIXME("(%p, %lu, %p): stub\n", RtmRegHandle, (DWORD)NumDests, DestInfos);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmReleaseEntities (RTM.@)
 */
DWORD WINAPI RtmReleaseEntities(RTM_ENTITY_HANDLE RtmRegHandle, UINT NumEntities, PRTM_ENTITY_HANDLE EntityHandles)
{
    FIXME("(%p, %lu, %p): stub\n", RtmRegHandle, (DWORD)NumEntities, EntityHandles);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmReleaseEntityInfo (RTM.@)
 */
DWORD WINAPI RtmReleaseEntityInfo(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_ENTITY_INFO EntityInfo)
{
    FIXME("(%p, %p): stub\n", RtmRegHandle, EntityInfo);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmReleaseNextHopInfo (RTM.@)
 */
DWORD WINAPI RtmReleaseNextHopInfo(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_NEXTHOP_INFO NextHopInfo)
{
    FIXME("(%p, %p): stub\n", RtmRegHandle, NextHopInfo);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmReleaseNextHops (RTM.@)
 */
DWORD WINAPI RtmReleaseNextHops(RTM_ENTITY_HANDLE RtmRegHandle, UINT NumNextHops, PRTM_NEXTHOP_HANDLE NextHopHandles)
{
    FIXME("(%p, %lu, %p): stub\n", RtmRegHandle, (DWORD)NumNextHops, NextHopHandles);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmReleaseRouteInfo (RTM.@)
 */
DWORD WINAPI RtmReleaseRouteInfo(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_ROUTE_INFO RouteInfo)
{
    FIXME("(%p, %p): stub\n", RtmRegHandle, RouteInfo);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmReleaseRoutes (RTM.@)
 */
DWORD WINAPI RtmReleaseRoutes(RTM_ENTITY_HANDLE RtmRegHandle, UINT NumRoutes, PRTM_ROUTE_HANDLE RouteHandles)
{
    FIXME("(%p, %lu, %p): stub\n", RtmRegHandle, (DWORD)NumRoutes, RouteHandles);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmUpdateAndUnlockRoute (RTM.@)
 */
DWORD WINAPI RtmUpdateAndUnlockRoute(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_HANDLE RouteHandle, ULONG TimeToLive, RTM_ROUTE_LIST_HANDLE RouteListHandle, RTM_NOTIFY_FLAGS NotifyType, RTM_NOTIFY_HANDLE NotifyHandle, PRTM_ROUTE_CHANGE_FLAGS ChangeFlags)
{
    FIXME("(%p, %p, %lu, %p, %lu, %p, %p): stub\n", RtmRegHandle, RouteHandle, TimeToLive, RouteListHandle, NotifyType, NotifyHandle, ChangeFlags);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmWriteAddressFamilyConfig (RTM.@)
 */
DWORD WINAPI RtmWriteAddressFamilyConfig(USHORT RtmInstanceId, USHORT AddressFamily, PRTM_ADDRESS_FAMILY_CONFIG AddressFamilyConfig)
{
    FIXME("(%lu, %lu, %p): stub\n", (DWORD)RtmInstanceId, (DWORD)AddressFamily, AddressFamilyConfig);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      RtmWriteInstanceConfig (RTM.@)
 */
DWORD WINAPI RtmWriteInstanceConfig(USHORT RtmInstanceId, PRTM_INSTANCE_CONFIG InstanceConfig)
{
    FIXME("(%lu, %p): stub\n", (DWORD)RtmInstanceId, InstanceConfig);
    return ERROR_CALL_NOT_IMPLEMENTED;
}
