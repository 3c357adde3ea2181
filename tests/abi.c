/*
 * Unit tests for the layout of the public rtm.dll structures
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

#include "winsock2.h"
#include "windef.h"
#include "winbase.h"
#include "iprtrmib.h"
#include "rtm.h"
#include "rtmv2.h"
#include "mgm.h"

#include "wine/test.h"
#include "abi_layout.h"

/* A wrong layout should not even build. */
ABI_LAYOUT_SDK(ABI_ASSERT_TYPE, ABI_ASSERT_FIELD)
ABI_LAYOUT_OURS(ABI_ASSERT_TYPE, ABI_ASSERT_FIELD)
ABI_CONSTANTS_SDK(ABI_ASSERT_CONST)
ABI_CONSTANTS_OURS(ABI_ASSERT_CONST)

/* The same checks again at run time, so that a report shows the values. */
#define CHECK_TYPE(t, s64, a64, s32, a32) \
    ok(sizeof(t) == ABI_SIZE(s64, a64, s32, a32), "sizeof(%s) = %u\n", #t, (UINT)sizeof(t)); \
    ok(TYPE_ALIGNMENT(t) == ABI_ALIGN(s64, a64, s32, a32), "TYPE_ALIGNMENT(%s) = %u\n", \
       #t, (UINT)TYPE_ALIGNMENT(t));
#define CHECK_FIELD(t, f, o64, o32) \
    ok(FIELD_OFFSET(t, f) == ABI_OFFSET(o64, o32), "FIELD_OFFSET(%s, %s) = %ld\n", \
       #t, #f, (LONG)FIELD_OFFSET(t, f));
#define CHECK_CONST(name, value) \
    ok((ULONG)(name) == (ULONG)(value), "%s = %#lx\n", #name, (ULONG)(name));

static void test_layout(void)
{
    ABI_LAYOUT_SDK(CHECK_TYPE, CHECK_FIELD)
    ABI_LAYOUT_OURS(CHECK_TYPE, CHECK_FIELD)
}

static void test_constants(void)
{
    ABI_CONSTANTS_SDK(CHECK_CONST)
    ABI_CONSTANTS_OURS(CHECK_CONST)
}

static void test_size_macros(void)
{
    ok(RTM_BASIC_DEST_INFO_SIZE == FIELD_OFFSET(RTM_DEST_INFO, ViewInfo),
       "RTM_BASIC_DEST_INFO_SIZE = %lu\n", (ULONG)RTM_BASIC_DEST_INFO_SIZE);
    ok(RTM_SIZE_OF_DEST_INFO(1) == sizeof(RTM_DEST_INFO),
       "RTM_SIZE_OF_DEST_INFO(1) = %lu\n", (ULONG)RTM_SIZE_OF_DEST_INFO(1));
    ok(RTM_SIZE_OF_DEST_INFO(2) == FIELD_OFFSET(RTM_DEST_INFO, ViewInfo[2]),
       "RTM_SIZE_OF_DEST_INFO(2) = %lu\n", (ULONG)RTM_SIZE_OF_DEST_INFO(2));
    ok(RTM_BASIC_ROUTE_INFO_SIZE == FIELD_OFFSET(RTM_ROUTE_INFO, NextHopsList),
       "RTM_BASIC_ROUTE_INFO_SIZE = %lu\n", (ULONG)RTM_BASIC_ROUTE_INFO_SIZE);
    ok(RTM_SIZE_OF_ROUTE_INFO(3) == RTM_BASIC_ROUTE_INFO_SIZE + 3 * sizeof(HANDLE),
       "RTM_SIZE_OF_ROUTE_INFO(3) = %lu\n", (ULONG)RTM_SIZE_OF_ROUTE_INFO(3));
    ok(SIZEOF_BASIC_MIB_MFE == FIELD_OFFSET(MIB_IPMCAST_MFE, rgmioOutInfo),
       "SIZEOF_BASIC_MIB_MFE = %lu\n", (ULONG)SIZEOF_BASIC_MIB_MFE);
    ok(SIZEOF_MIB_MFE(2) == SIZEOF_BASIC_MIB_MFE + 2 * sizeof(MIB_IPMCAST_OIF),
       "SIZEOF_MIB_MFE(2) = %lu\n", (ULONG)SIZEOF_MIB_MFE(2));
}

static void test_ipv4_macros(void)
{
    static const struct
    {
        const char *addr;
        const char *mask;
        USHORT len;
    }
    tests[] =
    {
        { "10.1.2.0", "255.255.255.0", 24 },
        { "0.0.0.0", "0.0.0.0", 0 },
        { "192.168.7.1", "255.255.255.255", 32 },
        { "172.16.0.0", "255.240.0.0", 12 },
        { "10.0.0.0", "255.128.0.0", 9 },
        { "10.0.0.0", "255.255.254.0", 23 },
    };
    RTM_NET_ADDRESS net;
    ULONG addr, mask, out_addr, out_mask;
    USHORT len;
    UINT i;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        winetest_push_context("%u", i);
        addr = inet_addr(tests[i].addr);
        mask = tests[i].len ? inet_addr(tests[i].mask) : 0;

        memset(&net, 0xcc, sizeof(net));
        RTM_IPV4_MAKE_NET_ADDRESS(&net, addr, tests[i].len);
        ok(net.AddressFamily == AF_INET, "AddressFamily %u\n", net.AddressFamily);
        ok(net.NumBits == tests[i].len, "NumBits %u\n", net.NumBits);
        ok(!memcmp(net.AddrBits, &addr, sizeof(addr)), "wrong AddrBits\n");
        ok(net.AddrBits[4] == 0xcc, "AddrBits beyond the address were written\n");

        RTM_IPV4_GET_ADDR_AND_LEN(out_addr, len, &net);
        ok(out_addr == addr && len == tests[i].len, "got %#lx/%u\n", out_addr, len);

        ok(RTM_IPV4_MASK_FROM_LEN(tests[i].len) == mask, "mask %#lx\n",
           (ULONG)RTM_IPV4_MASK_FROM_LEN(tests[i].len));
        len = 0xffff;
        RTM_IPV4_LEN_FROM_MASK(len, mask);
        ok(len == tests[i].len, "length %u from mask\n", len);

        memset(&net, 0, sizeof(net));
        RTM_IPV4_SET_ADDR_AND_MASK(&net, addr, mask);
        ok(net.AddressFamily == AF_INET && net.NumBits == tests[i].len,
           "got family %u, %u bits\n", net.AddressFamily, net.NumBits);
        RTM_IPV4_GET_ADDR_AND_MASK(out_addr, out_mask, &net);
        ok(out_addr == addr && out_mask == mask, "got %#lx/%#lx\n", out_addr, out_mask);
        winetest_pop_context();
    }
}

static void test_route_macros(void)
{
    RTM_IP_ROUTE route;

    memset(&route, 0, sizeof(route));
    SetRouteValid(&route);
    ok(IsRouteValid(&route), "route not valid\n");
    ClearRouteValid(&route);
    ok(!IsRouteValid(&route), "route still valid\n");
    route.RR_FamilySpecificData.FSD_Flags = 0xff;
    ClearRouteFlags(&route);
    ok(!route.RR_FamilySpecificData.FSD_Flags, "flags %#lx\n", route.RR_FamilySpecificData.FSD_Flags);

    route.RR_Network.N_NetNumber = inet_addr("224.0.0.5");
    ok(IsRouteNonUnicast(&route), "multicast network is unicast\n");
    route.RR_Network.N_NetNumber = inet_addr("10.0.0.0");
    ok(!IsRouteNonUnicast(&route), "unicast network is not unicast\n");
    ok(!IsRouteLoopback(&route), "10/8 is loopback\n");
    route.RR_Network.N_NetNumber = inet_addr("127.0.0.0");
    ok(IsRouteLoopback(&route), "127/8 is not loopback\n");
    route.RR_Network.N_NetNumber = inet_addr("10.0.0.0");
    route.RR_NextHopAddress.N_NetNumber = inet_addr("127.0.0.1");
    ok(IsRouteLoopback(&route), "next hop 127.0.0.1 is not loopback\n");
}

START_TEST(abi)
{
    test_layout();
    test_constants();
    test_size_macros();
    test_ipv4_macros();
    test_route_macros();
}
