/*
 * A/B driver: times one RTM v1 operation on a generated table, for
 * comparing two builds of rtm.dll (tools/ab-layouts.sh builds and runs it)
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
 * abdriver load|dereg [routes [rounds]]
 *
 * Each round registers a client, adds the table (IPv4, the bench's length
 * distribution and generator) and deregisters the client.  "load" times the
 * adds (ns per route), "dereg" the RtmDeregisterClient (ms).  The first round
 * warms up and is not counted; the line printed is
 *     <mode> <routes>: best <x> median <y>
 * The best of many rounds is what the machine's noise disturbs least.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winsock2.h>
#include <windows.h>
#include <rtm.h>

#include "tablegen.h"

static double seconds(void)
{
    LARGE_INTEGER freq, count;

    QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&count);
    return (double)count.QuadPart / freq.QuadPart;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* the bench's route for a prefix, in network byte order */
static void make_route(RTM_IP_ROUTE *route, const struct tg_prefix *prefix, size_t index)
{
    DWORD metric = 1 + (DWORD)(index * 2654435761u >> 7) % 16;
    unsigned int len = prefix->len;

    memset(route, 0, sizeof(*route));
    route->RR_InterfaceID = 1;
    route->RR_Network.N_NetNumber = htonl(tg_addr4(prefix));
    route->RR_Network.N_NetMask = htonl(len ? 0xffffffffu << (32 - len) : 0);
    route->RR_NextHopAddress.N_NetNumber = htonl(0xc0000201);
    route->RR_NextHopAddress.N_NetMask = htonl(0xffffff00);
    route->RR_FamilySpecificData.FSD_Type = 4;
    route->RR_FamilySpecificData.FSD_NextHopAS = 64512;
    route->RR_FamilySpecificData.FSD_Metric = metric;
    route->RR_FamilySpecificData.FSD_Metric1 = metric;
}

int main(int argc, char **argv)
{
    unsigned long size, rounds, round;
    struct tg_dist full, dist;
    struct tg_table table;
    RTM_IP_ROUTE *routes;
    double *times, start;
    BOOL load;
    size_t i;

    if (argc < 2 || (strcmp(argv[1], "load") && strcmp(argv[1], "dereg")))
    {
        fprintf(stderr, "usage: abdriver load|dereg [routes [rounds]]\n");
        return 2;
    }
    load = !strcmp(argv[1], "load");
    size = argc > 2 ? strtoul(argv[2], NULL, 0) : load ? 10000 : 200000;
    rounds = argc > 3 ? strtoul(argv[3], NULL, 0) : load ? 100 : 6;
    if (!size || rounds < 2)
    {
        fprintf(stderr, "abdriver: at least one route and two rounds\n");
        return 2;
    }

    tg_default_dist(4, &full);
    tg_scale_dist(&full, size, &dist);
    if (tg_generate(&dist, 20260101, &table)) return 2;
    routes = calloc(table.count, sizeof(*routes));
    times = calloc(rounds, sizeof(*times));
    if (!routes || !times) return 2;
    for (i = 0; i < table.count; i++) make_route(&routes[i], &table.pfx[i], i);

    for (round = 0; round < rounds; round++)
    {
        HANDLE client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, 14, NULL, 0);
        DWORD flags;

        if (!client)
        {
            fprintf(stderr, "abdriver: RtmRegisterClient failed, error %lu\n", GetLastError());
            return 1;
        }
        start = seconds();
        for (i = 0; i < table.count; i++)
        {
            RTM_IP_ROUTE route = routes[i];

            if (RtmAddRoute(client, &route, INFINITE, &flags, NULL, NULL))
            {
                fprintf(stderr, "abdriver: RtmAddRoute failed\n");
                return 1;
            }
        }
        if (load) times[round] = (seconds() - start) / table.count * 1e9;
        start = seconds();
        RtmDeregisterClient(client);
        if (!load) times[round] = (seconds() - start) * 1e3;
    }

    qsort(times + 1, rounds - 1, sizeof(*times), compare_doubles);
    printf("%s %lu: best %.2f median %.2f\n", argv[1], (unsigned long)table.count, times[1], times[1 + (rounds - 1) / 2]);
    return 0;
}
