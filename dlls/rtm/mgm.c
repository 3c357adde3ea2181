/*
 * Multicast Group Manager
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
#include "mgm.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(rtm);

/**********************************************************************
 *      MgmRegisterMProtocol (RTM.@)
 */
DWORD WINAPI MgmRegisterMProtocol(PROUTING_PROTOCOL_CONFIG prpiInfo, DWORD dwProtocolId, DWORD dwComponentId, HANDLE *phProtocol)
{
    FIXME("(%p, %lu, %lu, %p): stub\n", prpiInfo, dwProtocolId, dwComponentId, phProtocol);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmDeRegisterMProtocol (RTM.@)
 */
DWORD WINAPI MgmDeRegisterMProtocol(HANDLE hProtocol)
{
    FIXME("(%p): stub\n", hProtocol);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmTakeInterfaceOwnership (RTM.@)
 */
DWORD WINAPI MgmTakeInterfaceOwnership(HANDLE hProtocol, DWORD dwIfIndex, DWORD dwIfNextHopAddr)
{
    FIXME("(%p, %lu, %lu): stub\n", hProtocol, dwIfIndex, dwIfNextHopAddr);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmReleaseInterfaceOwnership (RTM.@)
 */
DWORD WINAPI MgmReleaseInterfaceOwnership(HANDLE hProtocol, DWORD dwIfIndex, DWORD dwIfNextHopAddr)
{
    FIXME("(%p, %lu, %lu): stub\n", hProtocol, dwIfIndex, dwIfNextHopAddr);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmGetProtocolOnInterface (RTM.@)
 */
DWORD WINAPI MgmGetProtocolOnInterface(DWORD dwIfIndex, DWORD dwIfNextHopAddr, PDWORD pdwIfProtocolId, PDWORD pdwIfComponentId)
{
    FIXME("(%lu, %lu, %p, %p): stub\n", dwIfIndex, dwIfNextHopAddr, pdwIfProtocolId, pdwIfComponentId);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmAddGroupMembershipEntry (RTM.@)
 */
DWORD WINAPI MgmAddGroupMembershipEntry(HANDLE hProtocol, DWORD dwSourceAddr, DWORD dwSourceMask, DWORD dwGroupAddr, DWORD dwGroupMask, DWORD dwIfIndex, DWORD dwIfNextHopIPAddr, DWORD dwFlags)
{
    FIXME("(%p, %lu, %lu, %lu, %lu, %lu, %lu, %lu): stub\n", hProtocol, dwSourceAddr, dwSourceMask, dwGroupAddr, dwGroupMask, dwIfIndex, dwIfNextHopIPAddr, dwFlags);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmDeleteGroupMembershipEntry (RTM.@)
 */
DWORD WINAPI MgmDeleteGroupMembershipEntry(HANDLE hProtocol, DWORD dwSourceAddr, DWORD dwSourceMask, DWORD dwGroupAddr, DWORD dwGroupMask, DWORD dwIfIndex, DWORD dwIfNextHopIPAddr, DWORD dwFlags)
{
    FIXME("(%p, %lu, %lu, %lu, %lu, %lu, %lu, %lu): stub\n", hProtocol, dwSourceAddr, dwSourceMask, dwGroupAddr, dwGroupMask, dwIfIndex, dwIfNextHopIPAddr, dwFlags);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmGetMfe (RTM.@)
 */
DWORD WINAPI MgmGetMfe(PMIB_IPMCAST_MFE pimm, PDWORD pdwBufferSize, PBYTE pbBuffer)
{
    FIXME("(%p, %p, %p): stub\n", pimm, pdwBufferSize, pbBuffer);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmGetFirstMfe (RTM.@)
 */
DWORD WINAPI MgmGetFirstMfe(PDWORD pdwBufferSize, PBYTE pbBuffer, PDWORD pdwNumEntries)
{
    FIXME("(%p, %p, %p): stub\n", pdwBufferSize, pbBuffer, pdwNumEntries);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmGetNextMfe (RTM.@)
 */
DWORD WINAPI MgmGetNextMfe(PMIB_IPMCAST_MFE pimmStart, PDWORD pdwBufferSize, PBYTE pbBuffer, PDWORD pdwNumEntries)
{
    FIXME("(%p, %p, %p, %p): stub\n", pimmStart, pdwBufferSize, pbBuffer, pdwNumEntries);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmGetMfeStats (RTM.@)
 */
DWORD WINAPI MgmGetMfeStats(PMIB_IPMCAST_MFE pimm, PDWORD pdwBufferSize, PBYTE pbBuffer, DWORD dwFlags)
{
    FIXME("(%p, %p, %p, %lu): stub\n", pimm, pdwBufferSize, pbBuffer, dwFlags);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmGetFirstMfeStats (RTM.@)
 */
DWORD WINAPI MgmGetFirstMfeStats(PDWORD pdwBufferSize, PBYTE pbBuffer, PDWORD pdwNumEntries, DWORD dwFlags)
{
    FIXME("(%p, %p, %p, %lu): stub\n", pdwBufferSize, pbBuffer, pdwNumEntries, dwFlags);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmGetNextMfeStats (RTM.@)
 */
DWORD WINAPI MgmGetNextMfeStats(PMIB_IPMCAST_MFE pimmStart, PDWORD pdwBufferSize, PBYTE pbBuffer, PDWORD pdwNumEntries, DWORD dwFlags)
{
    FIXME("(%p, %p, %p, %p, %lu): stub\n", pimmStart, pdwBufferSize, pbBuffer, pdwNumEntries, dwFlags);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmGroupEnumerationStart (RTM.@)
 */
DWORD WINAPI MgmGroupEnumerationStart(HANDLE hProtocol, MGM_ENUM_TYPES metEnumType, HANDLE *phEnumHandle)
{
    FIXME("(%p, %lu, %p): stub\n", hProtocol, (DWORD)metEnumType, phEnumHandle);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmGroupEnumerationGetNext (RTM.@)
 */
DWORD WINAPI MgmGroupEnumerationGetNext(HANDLE hEnum, PDWORD pdwBufferSize, PBYTE pbBuffer, PDWORD pdwNumEntries)
{
    FIXME("(%p, %p, %p, %p): stub\n", hEnum, pdwBufferSize, pbBuffer, pdwNumEntries);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmGroupEnumerationEnd (RTM.@)
 */
DWORD WINAPI MgmGroupEnumerationEnd(HANDLE hEnum)
{
    FIXME("(%p): stub\n", hEnum);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmInitialize (RTM.@)
 */
DWORD WINAPI MgmInitialize(PVOID RouterManagerConfig, PVOID Callbacks)
{
    FIXME("(%p, %p): stub\n", RouterManagerConfig, Callbacks);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      MgmDeInitialize (RTM.@)
 */
DWORD WINAPI MgmDeInitialize(void)
{
    FIXME("(): stub\n");
    return ERROR_CALL_NOT_IMPLEMENTED;
}
