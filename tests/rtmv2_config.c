/*
 * Tests of the RTMv2 instance and address family functions
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
 * These functions are not documented: the tests check the choices written
 * down in spec/rtmv2.md and spec/abi.md.  The configuration is kept in the
 * registry; the test puts the original values back.
 */

#include <stdarg.h>

#include <winsock2.h>
#include "windef.h"
#include "winbase.h"
#include "winreg.h"
#include "rtmv2.h"
#include "wine/test.h"

#define CONFIG_KEY "System\\CurrentControlSet\\Services\\RemoteAccess\\Parameters\\RoutingTableManager"

static void test_instances(void)
{
    RTM_ADDRESS_FAMILY_INFO families[4], family;
    RTM_INSTANCE_INFO instances[2], instance;
    RTM_ENTITY_INFO entities[4];
    RTM_ENTITY_HANDLE entity;
    RTM_REGN_PROFILE profile;
    RTM_ENTITY_INFO info;
    UINT num, i;
    DWORD ret;

    num = 0;
    ret = RtmGetInstances(&num, NULL);
    ok(ret == ERROR_INSUFFICIENT_BUFFER && num == 1, "got %lu %u\n", ret, num);
    num = ARRAY_SIZE(instances);
    ret = RtmGetInstances(&num, instances);
    ok(!ret && num == 1, "got %lu %u\n", ret, num);
    ok(!instances[0].RtmInstanceId, "got instance %u\n", instances[0].RtmInstanceId);
    ok(instances[0].NumAddressFamilies == 2, "got %u families\n", instances[0].NumAddressFamilies);
    ret = RtmGetInstances(NULL, instances);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);

    num = ARRAY_SIZE(families);
    ret = RtmGetInstanceInfo(0, &instance, &num, families);
    ok(!ret && num == 2, "got %lu %u\n", ret, num);
    ok(instance.NumAddressFamilies == 2, "got %u\n", instance.NumAddressFamilies);
    for (i = 0; i < num; i++)
    {
        winetest_push_context("family %u", families[i].AddressFamily);
        ok(families[i].AddressFamily == AF_INET || families[i].AddressFamily == AF_INET6, "unexpected\n");
        ok(families[i].AddressSize == (families[i].AddressFamily == AF_INET ? 4 : 16), "got %u\n", families[i].AddressSize);
        ok(families[i].ViewsSupported == (RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST), "got %#lx\n", families[i].ViewsSupported);
        ok(families[i].NumberOfViews == 2, "got %u\n", families[i].NumberOfViews);
        ok(families[i].MaxNextHopsInRoute >= 1 && families[i].MaxHandlesInEnum >= 1, "got %u %u\n",
           families[i].MaxNextHopsInRoute, families[i].MaxHandlesInEnum);
        winetest_pop_context();
    }
    /* too small: what fits, and how many came; 0 asks for the number */
    num = 1;
    ret = RtmGetInstanceInfo(0, &instance, &num, families);
    ok(ret == ERROR_INSUFFICIENT_BUFFER && num == 1, "got %lu %u\n", ret, num);
    num = 0;
    ret = RtmGetInstanceInfo(0, &instance, &num, NULL);
    ok(ret == ERROR_INSUFFICIENT_BUFFER && num == 2, "got %lu %u\n", ret, num);
    ret = RtmGetInstanceInfo(3, &instance, NULL, NULL);
    ok(ret == ERROR_NOT_FOUND, "unknown instance: got %lu\n", ret);

    /* the counts follow the registrations, and agree with the profile */
    memset(&info, 0, sizeof(info));
    info.AddressFamily = AF_INET;
    info.EntityId.EntityProtocolId = 2300;
    ret = RtmRegisterEntity(&info, NULL, NULL, TRUE, &profile, &entity);
    ok(!ret, "got %lu\n", ret);
    num = ARRAY_SIZE(entities);
    ret = RtmGetAddressFamilyInfo(0, AF_INET, &family, &num, entities);
    ok(!ret, "got %lu\n", ret);
    ok(num == 1 && family.NumEntities == 1, "got %u %u\n", num, family.NumEntities);
    ok(entities[0].EntityId.EntityProtocolId == 2300, "got %lu\n", entities[0].EntityId.EntityProtocolId);
    ok(family.NumOpaqueInfoPtrs == 1, "got %u\n", family.NumOpaqueInfoPtrs);
    ok(family.MaxHandlesInEnum == profile.MaxHandlesInEnum, "got %u, profile %u\n", family.MaxHandlesInEnum,
       profile.MaxHandlesInEnum);
    ok(family.MaxNextHopsInRoute == profile.MaxNextHopsInRoute, "got %u\n", family.MaxNextHopsInRoute);
    ok(family.RtmInstanceId == 0 && family.AddressFamily == AF_INET, "got %u %u\n", family.RtmInstanceId,
       family.AddressFamily);
    num = 0;
    ret = RtmGetAddressFamilyInfo(0, AF_INET, &family, &num, NULL);
    ok(ret == ERROR_INSUFFICIENT_BUFFER && num == 1, "got %lu %u\n", ret, num);
    ret = RtmGetAddressFamilyInfo(0, AF_INET, &family, NULL, NULL);
    ok(!ret, "no entity list: got %lu\n", ret);
    ret = RtmGetAddressFamilyInfo(0, 1234, &family, NULL, NULL);
    ok(ret == ERROR_NOT_FOUND, "unknown family: got %lu\n", ret);
    ret = RtmGetAddressFamilyInfo(0, AF_INET, NULL, NULL, NULL);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    ok(!RtmDeregisterEntity(entity), "deregistration failed\n");
    ret = RtmGetAddressFamilyInfo(0, AF_INET, &family, NULL, NULL);
    ok(!ret && !family.NumEntities && !family.NumOpaqueInfoPtrs, "got %lu %u %u\n", ret, family.NumEntities,
       family.NumOpaqueInfoPtrs);
}

static void test_config(void)
{
    RTM_ADDRESS_FAMILY_CONFIG config, saved, bad;
    RTM_INSTANCE_CONFIG instance;
    DWORD ret, value, size;
    HKEY key;

    ret = RtmReadInstanceConfig(0, &instance);
    ok(!ret && !instance.Flags, "got %lu %#lx\n", ret, instance.Flags);
    ret = RtmReadInstanceConfig(5, &instance);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    ret = RtmReadInstanceConfig(0, NULL);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);

    ret = RtmReadAddressFamilyConfig(0, AF_INET, &saved);
    ok(!ret, "got %lu\n", ret);
    ok(saved.AddressSize == 4, "got %u\n", saved.AddressSize);
    ok(saved.ViewsSupported == (RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST), "got %#lx\n", saved.ViewsSupported);
    ok(saved.MaxNextHopsInRoute && saved.MaxHandlesInEnum && saved.MaxChangedDests && saved.MaxChangeNotifyRegns,
       "zero limit\n");
    ret = RtmReadAddressFamilyConfig(0, 1234, &config);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);

    /* limits can be lowered, not raised or zeroed */
    bad = saved;
    bad.MaxHandlesInEnum = saved.MaxHandlesInEnum + 1;
    ret = RtmWriteAddressFamilyConfig(0, AF_INET, &bad);
    ok(ret == ERROR_INVALID_PARAMETER, "raised limit: got %lu\n", ret);
    bad = saved;
    bad.MaxNextHopsInRoute = 0;
    ret = RtmWriteAddressFamilyConfig(0, AF_INET, &bad);
    ok(ret == ERROR_INVALID_PARAMETER, "zero next hops: got %lu\n", ret);
    bad = saved;
    bad.AddressSize = 16;
    ret = RtmWriteAddressFamilyConfig(0, AF_INET, &bad);
    ok(ret == ERROR_INVALID_PARAMETER, "wrong address size: got %lu\n", ret);
    ret = RtmWriteAddressFamilyConfig(3, AF_INET, &saved);
    ok(ret == ERROR_NOT_SUPPORTED, "unknown instance: got %lu\n", ret);

    config = saved;
    config.MaxHandlesInEnum = 10;
    ret = RtmWriteAddressFamilyConfig(0, AF_INET, &config);
    if (ret == ERROR_ACCESS_DENIED)
    {
        skip("no write access to HKLM\n");
        return;
    }
    ok(!ret, "got %lu\n", ret);
    memset(&config, 0, sizeof(config));
    ret = RtmReadAddressFamilyConfig(0, AF_INET, &config);
    ok(!ret && config.MaxHandlesInEnum == 10, "got %lu %u\n", ret, config.MaxHandlesInEnum);

    /* where it is: under the router's service key */
    ret = RegOpenKeyExA(HKEY_LOCAL_MACHINE, CONFIG_KEY "\\Instance0\\AddressFamily2", 0, KEY_READ | KEY_SET_VALUE, &key);
    ok(!ret, "no key: %lu\n", ret);
    if (!ret)
    {
        size = sizeof(value);
        ret = RegQueryValueExA(key, "MaxHandlesInEnum", NULL, NULL, (BYTE *)&value, &size);
        ok(!ret && value == 10, "got %lu %lu\n", ret, value);
        /* a corrupt configuration is ignored as a whole */
        value = 0;
        RegSetValueExA(key, "MaxNextHopsInRoute", 0, REG_DWORD, (BYTE *)&value, sizeof(value));
        ret = RtmReadAddressFamilyConfig(0, AF_INET, &config);
        ok(!ret && config.MaxHandlesInEnum == saved.MaxHandlesInEnum, "got %lu %u\n", ret, config.MaxHandlesInEnum);
        RegCloseKey(key);
    }

    instance.Flags = 1;
    ret = RtmWriteInstanceConfig(0, &instance);
    ok(ret == ERROR_INVALID_PARAMETER, "undefined flag: got %lu\n", ret);
    instance.Flags = 0;
    ret = RtmWriteInstanceConfig(0, &instance);
    ok(!ret, "got %lu\n", ret);

    ret = RtmWriteAddressFamilyConfig(0, AF_INET, &saved);
    ok(!ret, "restoring: got %lu\n", ret);
    RegDeleteKeyA(HKEY_LOCAL_MACHINE, CONFIG_KEY "\\Instance0\\AddressFamily2");
    RegDeleteKeyA(HKEY_LOCAL_MACHINE, CONFIG_KEY "\\Instance0");
    RegDeleteKeyA(HKEY_LOCAL_MACHINE, CONFIG_KEY);
}

START_TEST(rtmv2_config)
{
    test_instances();
    test_config();
}
