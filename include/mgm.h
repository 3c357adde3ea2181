/*
 * Multicast Group Manager (MGM) API
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

#ifndef __WINE_MGM_H
#define __WINE_MGM_H

#include <windef.h>
#include <iprtrmib.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Wine's iprtrmib.h lacks the multicast forwarding entry MIB types that the
 * MGM API exchanges; supply them (SDK layout) only when nobody else did. */
#ifndef SIZEOF_BASIC_MIB_MFE
typedef struct _MIB_IPMCAST_OIF
{
    DWORD dwOutIfIndex;
    DWORD dwNextHopAddr;
    DWORD dwReserved;
    DWORD dwReserved1;
} MIB_IPMCAST_OIF, *PMIB_IPMCAST_OIF;

typedef struct _MIB_IPMCAST_MFE
{
    DWORD dwGroup;
    DWORD dwSource;
    DWORD dwSrcMask;
    DWORD dwUpStrmNgbr;
    DWORD dwInIfIndex;
    DWORD dwInIfProtocol;
    DWORD dwRouteProtocol;
    DWORD dwRouteNetwork;
    DWORD dwRouteMask;
    ULONG ulUpTime;
    ULONG ulExpiryTime;
    ULONG ulTimeOut;
    ULONG ulNumOutIf;
    DWORD fFlags;
    DWORD dwReserved;
    MIB_IPMCAST_OIF rgmioOutInfo[1];
} MIB_IPMCAST_MFE, *PMIB_IPMCAST_MFE;

typedef struct _MIB_MFE_TABLE
{
    DWORD dwNumEntries;
    MIB_IPMCAST_MFE table[1];
} MIB_MFE_TABLE, *PMIB_MFE_TABLE;

#define SIZEOF_BASIC_MIB_MFE   ((ULONG)FIELD_OFFSET(MIB_IPMCAST_MFE, rgmioOutInfo[0]))
#define SIZEOF_MIB_MFE(x)      (SIZEOF_BASIC_MIB_MFE + ((x) * sizeof(MIB_IPMCAST_OIF)))
#endif /* SIZEOF_BASIC_MIB_MFE */

#ifndef SIZEOF_BASIC_MIB_MFE_STATS
typedef struct _MIB_IPMCAST_OIF_STATS
{
    DWORD dwOutIfIndex;
    DWORD dwNextHopAddr;
    DWORD dwDialContext;
    ULONG ulTtlTooLow;
    ULONG ulFragNeeded;
    ULONG ulOutPackets;
    ULONG ulOutDiscards;
} MIB_IPMCAST_OIF_STATS, *PMIB_IPMCAST_OIF_STATS;

typedef struct _MIB_IPMCAST_MFE_STATS
{
    DWORD dwGroup;
    DWORD dwSource;
    DWORD dwSrcMask;
    DWORD dwUpStrmNgbr;
    DWORD dwInIfIndex;
    DWORD dwInIfProtocol;
    DWORD dwRouteProtocol;
    DWORD dwRouteNetwork;
    DWORD dwRouteMask;
    ULONG ulUpTime;
    ULONG ulExpiryTime;
    ULONG ulNumOutIf;
    ULONG ulInPkts;
    ULONG ulInOctets;
    ULONG ulPktsDifferentIf;
    ULONG ulQueueOverflow;
    MIB_IPMCAST_OIF_STATS rgmiosOutStats[1];
} MIB_IPMCAST_MFE_STATS, *PMIB_IPMCAST_MFE_STATS;

typedef struct _MIB_MFE_STATS_TABLE
{
    DWORD dwNumEntries;
    MIB_IPMCAST_MFE_STATS table[1];
} MIB_MFE_STATS_TABLE, *PMIB_MFE_STATS_TABLE;

#define SIZEOF_BASIC_MIB_MFE_STATS ((ULONG)FIELD_OFFSET(MIB_IPMCAST_MFE_STATS, rgmiosOutStats[0]))
#define SIZEOF_MIB_MFE_STATS(x)    (SIZEOF_BASIC_MIB_MFE_STATS + ((x) * sizeof(MIB_IPMCAST_OIF_STATS)))
#endif /* SIZEOF_BASIC_MIB_MFE_STATS */

#ifndef SIZEOF_BASIC_MIB_MFE_STATS_EX
typedef struct _MIB_IPMCAST_MFE_STATS_EX
{
    DWORD dwGroup;
    DWORD dwSource;
    DWORD dwSrcMask;
    DWORD dwUpStrmNgbr;
    DWORD dwInIfIndex;
    DWORD dwInIfProtocol;
    DWORD dwRouteProtocol;
    DWORD dwRouteNetwork;
    DWORD dwRouteMask;
    ULONG ulUpTime;
    ULONG ulExpiryTime;
    ULONG ulNumOutIf;
    ULONG ulInPkts;
    ULONG ulInOctets;
    ULONG ulPktsDifferentIf;
    ULONG ulQueueOverflow;
    ULONG ulUninitMfe;
    ULONG ulNegativeMfe;
    ULONG ulInDiscards;
    ULONG ulInHdrErrors;
    ULONG ulTotalOutPackets;
    MIB_IPMCAST_OIF_STATS rgmiosOutStats[1];
} MIB_IPMCAST_MFE_STATS_EX, *PMIB_IPMCAST_MFE_STATS_EX;

typedef struct _MIB_MFE_STATS_TABLE_EX
{
    DWORD dwNumEntries;
    MIB_IPMCAST_MFE_STATS_EX table[1];
} MIB_MFE_STATS_TABLE_EX, *PMIB_MFE_STATS_TABLE_EX;

#define SIZEOF_BASIC_MIB_MFE_STATS_EX ((ULONG)FIELD_OFFSET(MIB_IPMCAST_MFE_STATS_EX, rgmiosOutStats[0]))
#define SIZEOF_MIB_MFE_STATS_EX(x)    (SIZEOF_BASIC_MIB_MFE_STATS_EX + ((x) * sizeof(MIB_IPMCAST_OIF_STATS)))
#endif /* SIZEOF_BASIC_MIB_MFE_STATS_EX */

/* dwFlags of MgmAddGroupMembershipEntry / MgmDeleteGroupMembershipEntry */
#define MGM_JOIN_STATE_FLAG     0x00000001
#define MGM_FORWARD_STATE_FLAG  0x00000002

/* dwFlags of the MgmGet*MfeStats functions: which stats record to return */
#define MGM_MFE_STATS_0         0x00000001  /* MIB_IPMCAST_MFE_STATS */
#define MGM_MFE_STATS_1         0x00000002  /* MIB_IPMCAST_MFE_STATS_EX */

typedef struct _MGM_IF_ENTRY
{
    DWORD dwIfIndex;
    DWORD dwIfNextHopAddr;
    BOOL  bIGMP;
    BOOL  bIsEnabled;
} MGM_IF_ENTRY, *PMGM_IF_ENTRY;

typedef struct _SOURCE_GROUP_ENTRY
{
    DWORD dwSourceAddr;
    DWORD dwSourceMask;
    DWORD dwGroupAddr;
    DWORD dwGroupMask;
} SOURCE_GROUP_ENTRY, *PSOURCE_GROUP_ENTRY;

typedef enum _MGM_ENUM_TYPES
{
    ANY_SOURCE = 0,
    ALL_SOURCES
} MGM_ENUM_TYPES;

/* The SDK declares the MGM callbacks without a calling convention, so a
 * protocol built against it supplies cdecl functions; keep it that way. */
typedef DWORD (*PMGM_RPF_CALLBACK)(DWORD dwSourceAddr, DWORD dwSourceMask, DWORD dwGroupAddr,
        DWORD dwGroupMask, PDWORD pdwInIfIndex, PDWORD pdwInIfNextHopAddr, PDWORD pdwUpStreamNbr,
        DWORD dwHdrSize, PBYTE pbPacketHdr, PBYTE pbRoute);
typedef DWORD (*PMGM_CREATION_ALERT_CALLBACK)(DWORD dwSourceAddr, DWORD dwSourceMask,
        DWORD dwGroupAddr, DWORD dwGroupMask, DWORD dwInIfIndex, DWORD dwInIfNextHopAddr,
        DWORD dwIfCount, PMGM_IF_ENTRY pmieOutIfList);
typedef DWORD (*PMGM_PRUNE_ALERT_CALLBACK)(DWORD dwSourceAddr, DWORD dwSourceMask,
        DWORD dwGroupAddr, DWORD dwGroupMask, DWORD dwIfIndex, DWORD dwIfNextHopAddr,
        BOOL bMemberDelete, PDWORD pdwTimeout);
typedef DWORD (*PMGM_JOIN_ALERT_CALLBACK)(DWORD dwSourceAddr, DWORD dwSourceMask,
        DWORD dwGroupAddr, DWORD dwGroupMask, BOOL bMemberUpdate);
typedef DWORD (*PMGM_WRONG_IF_CALLBACK)(DWORD dwSourceAddr, DWORD dwGroupAddr, DWORD dwIfIndex,
        DWORD dwIfNextHopAddr, DWORD dwHdrSize, PBYTE pbPacketHdr);
typedef DWORD (*PMGM_LOCAL_JOIN_CALLBACK)(DWORD dwSourceAddr, DWORD dwSourceMask,
        DWORD dwGroupAddr, DWORD dwGroupMask, DWORD dwIfIndex, DWORD dwIfNextHopAddr);
typedef DWORD (*PMGM_LOCAL_LEAVE_CALLBACK)(DWORD dwSourceAddr, DWORD dwSourceMask,
        DWORD dwGroupAddr, DWORD dwGroupMask, DWORD dwIfIndex, DWORD dwIfNextHopAddr);
typedef DWORD (*PMGM_DISABLE_IGMP_CALLBACK)(DWORD dwIfIndex, DWORD dwIfNextHopAddr);
typedef DWORD (*PMGM_ENABLE_IGMP_CALLBACK)(DWORD dwIfIndex, DWORD dwIfNextHopAddr);

typedef struct _ROUTING_PROTOCOL_CONFIG
{
    DWORD                        dwCallbackFlags;
    PMGM_RPF_CALLBACK            pfnRpfCallback;
    PMGM_CREATION_ALERT_CALLBACK pfnCreationAlertCallback;
    PMGM_PRUNE_ALERT_CALLBACK    pfnPruneAlertCallback;
    PMGM_JOIN_ALERT_CALLBACK     pfnJoinAlertCallback;
    PMGM_WRONG_IF_CALLBACK       pfnWrongIfCallback;
    PMGM_LOCAL_JOIN_CALLBACK     pfnLocalJoinCallback;
    PMGM_LOCAL_LEAVE_CALLBACK    pfnLocalLeaveCallback;
    PMGM_DISABLE_IGMP_CALLBACK   pfnDisableIgmpCallback;
    PMGM_ENABLE_IGMP_CALLBACK    pfnEnableIgmpCallback;
} ROUTING_PROTOCOL_CONFIG, *PROUTING_PROTOCOL_CONFIG;

DWORD WINAPI MgmRegisterMProtocol(PROUTING_PROTOCOL_CONFIG prpiInfo, DWORD dwProtocolId,
        DWORD dwComponentId, HANDLE *phProtocol);
DWORD WINAPI MgmDeRegisterMProtocol(HANDLE hProtocol);
DWORD WINAPI MgmTakeInterfaceOwnership(HANDLE hProtocol, DWORD dwIfIndex, DWORD dwIfNextHopAddr);
DWORD WINAPI MgmReleaseInterfaceOwnership(HANDLE hProtocol, DWORD dwIfIndex, DWORD dwIfNextHopAddr);
DWORD WINAPI MgmGetProtocolOnInterface(DWORD dwIfIndex, DWORD dwIfNextHopAddr,
        PDWORD pdwIfProtocolId, PDWORD pdwIfComponentId);
DWORD WINAPI MgmAddGroupMembershipEntry(HANDLE hProtocol, DWORD dwSourceAddr, DWORD dwSourceMask,
        DWORD dwGroupAddr, DWORD dwGroupMask, DWORD dwIfIndex, DWORD dwIfNextHopIPAddr,
        DWORD dwFlags);
DWORD WINAPI MgmDeleteGroupMembershipEntry(HANDLE hProtocol, DWORD dwSourceAddr,
        DWORD dwSourceMask, DWORD dwGroupAddr, DWORD dwGroupMask, DWORD dwIfIndex,
        DWORD dwIfNextHopIPAddr, DWORD dwFlags);
DWORD WINAPI MgmGetMfe(PMIB_IPMCAST_MFE pimm, PDWORD pdwBufferSize, PBYTE pbBuffer);
DWORD WINAPI MgmGetFirstMfe(PDWORD pdwBufferSize, PBYTE pbBuffer, PDWORD pdwNumEntries);
DWORD WINAPI MgmGetNextMfe(PMIB_IPMCAST_MFE pimmStart, PDWORD pdwBufferSize, PBYTE pbBuffer,
        PDWORD pdwNumEntries);
DWORD WINAPI MgmGetMfeStats(PMIB_IPMCAST_MFE pimm, PDWORD pdwBufferSize, PBYTE pbBuffer,
        DWORD dwFlags);
DWORD WINAPI MgmGetFirstMfeStats(PDWORD pdwBufferSize, PBYTE pbBuffer, PDWORD pdwNumEntries,
        DWORD dwFlags);
DWORD WINAPI MgmGetNextMfeStats(PMIB_IPMCAST_MFE pimmStart, PDWORD pdwBufferSize, PBYTE pbBuffer,
        PDWORD pdwNumEntries, DWORD dwFlags);
DWORD WINAPI MgmGroupEnumerationStart(HANDLE hProtocol, MGM_ENUM_TYPES metEnumType,
        HANDLE *phEnumHandle);
DWORD WINAPI MgmGroupEnumerationGetNext(HANDLE hEnum, PDWORD pdwBufferSize, PBYTE pbBuffer,
        PDWORD pdwNumEntries);
DWORD WINAPI MgmGroupEnumerationEnd(HANDLE hEnum);
/* Documented and prototyped by the SDK, but not exported by rtm.dll. */
DWORD WINAPI MgmSetMfe(HANDLE hProtocol, PMIB_IPMCAST_MFE pmimm);

/* Undocumented exports (signatures chosen by us, see spec/abi.md). */
DWORD WINAPI MgmInitialize(PVOID RouterManagerConfig, PVOID Callbacks);
DWORD WINAPI MgmDeInitialize(void);

#ifdef __cplusplus
}
#endif

#endif /* __WINE_MGM_H */
