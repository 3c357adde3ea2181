/*
 * Tests that every export of rtm.dll exists and that bad calls fail cleanly
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
#include "rtmv2.h"
#include "mgm.h"
#include "wine/test.h"

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

/* Taking the address of each export imports it through librtm.a, so this
 * executable only loads if all of them are there. */
#define EXPORT(name) { #name, (void *)name }
static const struct
{
    const char *name;
    void *imported;
} exports[] =
{
    EXPORT(RtmAddRoute),
    EXPORT(RtmBlockConvertRoutesToStatic),
    EXPORT(RtmBlockDeleteRoutes),
    EXPORT(RtmBlockSetRouteEnable),
    EXPORT(RtmCloseEnumerationHandle),
    EXPORT(RtmCreateEnumerationHandle),
    EXPORT(RtmCreateRouteTable),
    EXPORT(RtmDeleteRoute),
    EXPORT(RtmDeleteRouteTable),
    EXPORT(RtmDequeueRouteChangeMessage),
    EXPORT(RtmDeregisterClient),
    EXPORT(RtmEnumerateGetNextRoute),
    EXPORT(RtmGetFirstRoute),
    EXPORT(RtmGetNetworkCount),
    EXPORT(RtmGetNextRoute),
    EXPORT(RtmGetRouteAge),
    EXPORT(RtmIsRoute),
    EXPORT(RtmLookupIPDestination),
    EXPORT(RtmRegisterClient),
    EXPORT(RtmAddNextHop),
    EXPORT(RtmAddRouteToDest),
    EXPORT(RtmBlockMethods),
    EXPORT(RtmCreateDestEnum),
    EXPORT(RtmCreateNextHopEnum),
    EXPORT(RtmCreateRouteEnum),
    EXPORT(RtmCreateRouteList),
    EXPORT(RtmCreateRouteListEnum),
    EXPORT(RtmDeleteEnumHandle),
    EXPORT(RtmDeleteNextHop),
    EXPORT(RtmDeleteRouteList),
    EXPORT(RtmDeleteRouteToDest),
    EXPORT(RtmDereferenceHandles),
    EXPORT(RtmDeregisterEntity),
    EXPORT(RtmDeregisterFromChangeNotification),
    EXPORT(RtmFindNextHop),
    EXPORT(RtmGetAddressFamilyInfo),
    EXPORT(RtmGetChangeStatus),
    EXPORT(RtmGetChangedDests),
    EXPORT(RtmGetDestInfo),
    EXPORT(RtmGetEntityInfo),
    EXPORT(RtmGetEntityMethods),
    EXPORT(RtmGetEnumDests),
    EXPORT(RtmGetEnumNextHops),
    EXPORT(RtmGetEnumRoutes),
    EXPORT(RtmGetExactMatchDestination),
    EXPORT(RtmGetExactMatchRoute),
    EXPORT(RtmGetInstanceInfo),
    EXPORT(RtmGetInstances),
    EXPORT(RtmGetLessSpecificDestination),
    EXPORT(RtmGetListEnumRoutes),
    EXPORT(RtmGetMostSpecificDestination),
    EXPORT(RtmGetNextHopInfo),
    EXPORT(RtmGetNextHopPointer),
    EXPORT(RtmGetOpaqueInformationPointer),
    EXPORT(RtmGetRegisteredEntities),
    EXPORT(RtmGetRouteInfo),
    EXPORT(RtmGetRoutePointer),
    EXPORT(RtmHoldDestination),
    EXPORT(RtmIgnoreChangedDests),
    EXPORT(RtmInsertInRouteList),
    EXPORT(RtmInvokeMethod),
    EXPORT(RtmIsBestRoute),
    EXPORT(RtmIsMarkedForChangeNotification),
    EXPORT(RtmLockDestination),
    EXPORT(RtmLockNextHop),
    EXPORT(RtmLockRoute),
    EXPORT(RtmMarkDestForChangeNotification),
    EXPORT(RtmReadAddressFamilyConfig),
    EXPORT(RtmReadInstanceConfig),
    EXPORT(RtmReferenceHandles),
    EXPORT(RtmRegisterEntity),
    EXPORT(RtmRegisterForChangeNotification),
    EXPORT(RtmReleaseChangedDests),
    EXPORT(RtmReleaseDestInfo),
    EXPORT(RtmReleaseDests),
    EXPORT(RtmReleaseEntities),
    EXPORT(RtmReleaseEntityInfo),
    EXPORT(RtmReleaseNextHopInfo),
    EXPORT(RtmReleaseNextHops),
    EXPORT(RtmReleaseRouteInfo),
    EXPORT(RtmReleaseRoutes),
    EXPORT(RtmUpdateAndUnlockRoute),
    EXPORT(RtmWriteAddressFamilyConfig),
    EXPORT(RtmWriteInstanceConfig),
    EXPORT(MgmAddGroupMembershipEntry),
    EXPORT(MgmDeInitialize),
    EXPORT(MgmDeRegisterMProtocol),
    EXPORT(MgmDeleteGroupMembershipEntry),
    EXPORT(MgmGetFirstMfe),
    EXPORT(MgmGetFirstMfeStats),
    EXPORT(MgmGetMfe),
    EXPORT(MgmGetMfeStats),
    EXPORT(MgmGetNextMfe),
    EXPORT(MgmGetNextMfeStats),
    EXPORT(MgmGetProtocolOnInterface),
    EXPORT(MgmGroupEnumerationEnd),
    EXPORT(MgmGroupEnumerationGetNext),
    EXPORT(MgmGroupEnumerationStart),
    EXPORT(MgmInitialize),
    EXPORT(MgmRegisterMProtocol),
    EXPORT(MgmReleaseInterfaceOwnership),
    EXPORT(MgmTakeInterfaceOwnership),
    EXPORT(BestMatchInTable),
    EXPORT(CheckTable),
    EXPORT(CreateTable),
    EXPORT(DeleteFromTable),
    EXPORT(DestroyTable),
    EXPORT(DumpTable),
    EXPORT(EnumOverTable),
    EXPORT(InsertIntoTable),
    EXPORT(NextMatchInTable),
    EXPORT(SearchInTable),
};

static void test_exports(void)
{
    HMODULE module = GetModuleHandleA("rtm.dll");
    const IMAGE_NT_HEADERS *nt;
    const char *base;
    unsigned int i;

    ok(module != NULL, "rtm.dll is not loaded\n");
    if (!module) return;
    base = (const char *)module;
    nt = (const IMAGE_NT_HEADERS *)(base + ((const IMAGE_DOS_HEADER *)module)->e_lfanew);
    ok(ARRAY_SIZE(exports) == 112, "got %u exports\n", (unsigned int)ARRAY_SIZE(exports));
    for (i = 0; i < ARRAY_SIZE(exports); i++)
    {
        const char *proc = (const char *)GetProcAddress(module, exports[i].name);

        /* without dllimport the imported address is the exe's jump stub, so
         * only check that both exist and the export is code inside rtm.dll */
        ok(exports[i].imported != NULL, "%s has no import\n", exports[i].name);
        ok(proc >= base && proc < base + nt->OptionalHeader.SizeOfImage,
           "%s: GetProcAddress gives %p, outside rtm.dll\n", exports[i].name, proc);
    }
}

/* Every RTMv2 call with a NULL registration handle and NULL buffers must fail
 * without crashing, whether it is implemented yet or not. */
static void test_rtmv2_null_arguments(void)
{
    DWORD ret;

    ret = RtmAddNextHop(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmAddNextHop: got %lu\n", ret);
    ret = RtmAddRouteToDest(0, 0, 0, 0, 0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmAddRouteToDest: got %lu\n", ret);
    ret = RtmBlockMethods(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmBlockMethods: got %lu\n", ret);
    ret = RtmCreateDestEnum(0, 0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmCreateDestEnum: got %lu\n", ret);
    ret = RtmCreateNextHopEnum(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmCreateNextHopEnum: got %lu\n", ret);
    ret = RtmCreateRouteEnum(0, 0, 0, 0, 0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmCreateRouteEnum: got %lu\n", ret);
    ret = RtmCreateRouteList(0, 0);
    ok(ret != NO_ERROR, "RtmCreateRouteList: got %lu\n", ret);
    ret = RtmCreateRouteListEnum(0, 0, 0);
    ok(ret != NO_ERROR, "RtmCreateRouteListEnum: got %lu\n", ret);
    ret = RtmDeleteEnumHandle(0, 0);
    ok(ret != NO_ERROR, "RtmDeleteEnumHandle: got %lu\n", ret);
    ret = RtmDeleteNextHop(0, 0, 0);
    ok(ret != NO_ERROR, "RtmDeleteNextHop: got %lu\n", ret);
    ret = RtmDeleteRouteList(0, 0);
    ok(ret != NO_ERROR, "RtmDeleteRouteList: got %lu\n", ret);
    ret = RtmDeleteRouteToDest(0, 0, 0);
    ok(ret != NO_ERROR, "RtmDeleteRouteToDest: got %lu\n", ret);
    ret = RtmDereferenceHandles(0, 0, 0);
    ok(ret != NO_ERROR, "RtmDereferenceHandles: got %lu\n", ret);
    ret = RtmDeregisterEntity(0);
    ok(ret != NO_ERROR, "RtmDeregisterEntity: got %lu\n", ret);
    ret = RtmDeregisterFromChangeNotification(0, 0);
    ok(ret != NO_ERROR, "RtmDeregisterFromChangeNotification: got %lu\n", ret);
    ret = RtmFindNextHop(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmFindNextHop: got %lu\n", ret);
    ret = RtmGetAddressFamilyInfo(0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetAddressFamilyInfo: got %lu\n", ret);
    ret = RtmGetChangeStatus(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetChangeStatus: got %lu\n", ret);
    ret = RtmGetChangedDests(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetChangedDests: got %lu\n", ret);
    ret = RtmGetDestInfo(0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetDestInfo: got %lu\n", ret);
    ret = RtmGetEntityInfo(0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetEntityInfo: got %lu\n", ret);
    ret = RtmGetEntityMethods(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetEntityMethods: got %lu\n", ret);
    ret = RtmGetEnumDests(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetEnumDests: got %lu\n", ret);
    ret = RtmGetEnumNextHops(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetEnumNextHops: got %lu\n", ret);
    ret = RtmGetEnumRoutes(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetEnumRoutes: got %lu\n", ret);
    ret = RtmGetExactMatchDestination(0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetExactMatchDestination: got %lu\n", ret);
    ret = RtmGetExactMatchRoute(0, 0, 0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetExactMatchRoute: got %lu\n", ret);
    ret = RtmGetInstanceInfo(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetInstanceInfo: got %lu\n", ret);
    ret = RtmGetInstances(0, 0);
    ok(ret != NO_ERROR, "RtmGetInstances: got %lu\n", ret);
    ret = RtmGetLessSpecificDestination(0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetLessSpecificDestination: got %lu\n", ret);
    ret = RtmGetListEnumRoutes(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetListEnumRoutes: got %lu\n", ret);
    ret = RtmGetMostSpecificDestination(0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetMostSpecificDestination: got %lu\n", ret);
    ret = RtmGetNextHopInfo(0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetNextHopInfo: got %lu\n", ret);
    ret = RtmGetNextHopPointer(0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetNextHopPointer: got %lu\n", ret);
    ret = RtmGetOpaqueInformationPointer(0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetOpaqueInformationPointer: got %lu\n", ret);
    ret = RtmGetRegisteredEntities(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetRegisteredEntities: got %lu\n", ret);
    ret = RtmGetRouteInfo(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetRouteInfo: got %lu\n", ret);
    ret = RtmGetRoutePointer(0, 0, 0);
    ok(ret != NO_ERROR, "RtmGetRoutePointer: got %lu\n", ret);
    ret = RtmHoldDestination(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmHoldDestination: got %lu\n", ret);
    ret = RtmIgnoreChangedDests(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmIgnoreChangedDests: got %lu\n", ret);
    ret = RtmInsertInRouteList(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmInsertInRouteList: got %lu\n", ret);
    ret = RtmInvokeMethod(0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmInvokeMethod: got %lu\n", ret);
    ret = RtmIsBestRoute(0, 0, 0);
    ok(ret != NO_ERROR, "RtmIsBestRoute: got %lu\n", ret);
    ret = RtmIsMarkedForChangeNotification(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmIsMarkedForChangeNotification: got %lu\n", ret);
    ret = RtmLockDestination(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmLockDestination: got %lu\n", ret);
    ret = RtmLockNextHop(0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmLockNextHop: got %lu\n", ret);
    ret = RtmLockRoute(0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmLockRoute: got %lu\n", ret);
    ret = RtmMarkDestForChangeNotification(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmMarkDestForChangeNotification: got %lu\n", ret);
    ret = RtmReadAddressFamilyConfig(0, 0, 0);
    ok(ret != NO_ERROR, "RtmReadAddressFamilyConfig: got %lu\n", ret);
    ret = RtmReadInstanceConfig(0, 0);
    ok(ret != NO_ERROR, "RtmReadInstanceConfig: got %lu\n", ret);
    ret = RtmReferenceHandles(0, 0, 0);
    ok(ret != NO_ERROR, "RtmReferenceHandles: got %lu\n", ret);
    ret = RtmRegisterEntity(0, 0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmRegisterEntity: got %lu\n", ret);
    ret = RtmRegisterForChangeNotification(0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmRegisterForChangeNotification: got %lu\n", ret);
    ret = RtmReleaseChangedDests(0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmReleaseChangedDests: got %lu\n", ret);
    ret = RtmReleaseDestInfo(0, 0);
    ok(ret != NO_ERROR, "RtmReleaseDestInfo: got %lu\n", ret);
    ret = RtmReleaseDests(0, 0, 0);
    ok(ret != NO_ERROR, "RtmReleaseDests: got %lu\n", ret);
    ret = RtmReleaseEntities(0, 0, 0);
    ok(ret != NO_ERROR, "RtmReleaseEntities: got %lu\n", ret);
    ret = RtmReleaseEntityInfo(0, 0);
    ok(ret != NO_ERROR, "RtmReleaseEntityInfo: got %lu\n", ret);
    ret = RtmReleaseNextHopInfo(0, 0);
    ok(ret != NO_ERROR, "RtmReleaseNextHopInfo: got %lu\n", ret);
    ret = RtmReleaseNextHops(0, 0, 0);
    ok(ret != NO_ERROR, "RtmReleaseNextHops: got %lu\n", ret);
    ret = RtmReleaseRouteInfo(0, 0);
    ok(ret != NO_ERROR, "RtmReleaseRouteInfo: got %lu\n", ret);
    ret = RtmReleaseRoutes(0, 0, 0);
    ok(ret != NO_ERROR, "RtmReleaseRoutes: got %lu\n", ret);
    ret = RtmUpdateAndUnlockRoute(0, 0, 0, 0, 0, 0, 0);
    ok(ret != NO_ERROR, "RtmUpdateAndUnlockRoute: got %lu\n", ret);
    ret = RtmWriteAddressFamilyConfig(0, 0, 0);
    ok(ret != NO_ERROR, "RtmWriteAddressFamilyConfig: got %lu\n", ret);
    ret = RtmWriteInstanceConfig(0, 0);
    ok(ret != NO_ERROR, "RtmWriteInstanceConfig: got %lu\n", ret);
}

static void test_table_helpers_null_arguments(void)
{
    HANDLE table = (HANDLE)0xdeadbeef;
    UINT count = 7;
    DWORD ret;

    ret = CreateTable(4, NULL);
    ok(ret != NO_ERROR, "CreateTable: got %lu\n", ret);
    ret = DestroyTable(NULL);
    ok(ret != NO_ERROR, "DestroyTable: got %lu\n", ret);
    ret = InsertIntoTable(NULL, 32, NULL, NULL, NULL);
    ok(ret != NO_ERROR, "InsertIntoTable: got %lu\n", ret);
    ret = DeleteFromTable(NULL, 32, NULL, NULL, NULL);
    ok(ret != NO_ERROR, "DeleteFromTable: got %lu\n", ret);
    ret = SearchInTable(NULL, 32, NULL, NULL, NULL);
    ok(ret != NO_ERROR, "SearchInTable: got %lu\n", ret);
    ret = BestMatchInTable(NULL, NULL, NULL);
    ok(ret != NO_ERROR, "BestMatchInTable: got %lu\n", ret);
    ret = NextMatchInTable(NULL, NULL, NULL);
    ok(ret != NO_ERROR, "NextMatchInTable: got %lu\n", ret);
    ret = EnumOverTable(NULL, NULL, NULL, NULL, 0, NULL, &count, NULL);
    ok(ret != NO_ERROR, "EnumOverTable: got %lu\n", ret);
    ok(!CheckTable(NULL), "CheckTable(NULL) succeeded\n");
    ok(!CheckTable(table), "CheckTable(forged) succeeded\n");
    DumpTable(NULL, 0);
    DumpTable(table, ~0u);
}

START_TEST(exports)
{
    test_exports();
    test_rtmv2_null_arguments();
    test_table_helpers_null_arguments();
}
