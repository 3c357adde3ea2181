/*
 * Routing Table Manager version 1 (RTM v1) API
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
 * DOC: the RTM v1 layer
 *
 * A thin translation onto the engine (engine.h); spec/rtmv1.md has the
 * rules.  Each protocol family maps onto one engine table (IP onto the IPv4
 * table that RTMv2 shares, IPX onto the IPX table).  A route's engine
 * preference and metric come from its family-specific data:
 *     IP:  (FSD_Priority, FSD_Metric)
 *     IPX: (0, FSD_TickCount << 16 | FSD_HopCount)
 * and the rest of RTM_IP_ROUTE / RTM_IPX_ROUTE lives in the route payload
 * (struct rtm_route_data), whose attributes routes share (interned: every
 * add or change of a route's fields looks its set up with rtm_attrs_get, and
 * the payload owns that reference).  Route identity is (network, protocol,
 * interface, next hop), or (network, protocol) for RTM_PROTOCOL_SINGLE_ROUTE
 * clients; since one client owns a protocol, "protocol" means "owner".
 *
 * IP network numbers, masks and next hops are DWORDs in network byte order
 * (the first octet is the lowest-addressed byte); IPX network numbers are
 * plain numbers.  The v1 best route of a network is the engine's unicast
 * best route.
 */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "rtm.h"
#include "wine/debug.h"

#include "rtm_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(rtm);

/* routprot.h / ipxrtdef.h ids of the static protocols */
#define STATIC_PROTOCOL_IP   3      /* PROTO_IP_NETMGMT */
#define STATIC_PROTOCOL_IPX  2      /* IPX_PROTOCOL_STATIC */

#define MAX_TIME_TO_LIVE     2147483

#define ENUM_FLAGS_ALL (RTM_ONLY_THIS_NETWORK | RTM_ONLY_THIS_INTERFACE | \
                        RTM_ONLY_THIS_PROTOCOL | RTM_ONLY_BEST_ROUTES)

union v1_route
{
    RTM_IP_ROUTE  ip;
    RTM_IPX_ROUTE ipx;
};

struct v1_family
{
    DWORD             id;               /* RTM_PROTOCOL_FAMILY_* */
    enum eng_family   eng_family;
    DWORD             static_protocol;
    size_t            route_size;       /* sizeof(RTM_IP_ROUTE) or sizeof(RTM_IPX_ROUTE) */
    INIT_ONCE         once;
    LONG              ready;            /* once done: lets the hot paths skip InitOnce */
    struct eng_table *table;
    const uint32_t   *seq;              /* eng_table_seq(table), so that lookups make no call for it */
    /* the fields below are protected by the table write lock */
    struct rtm_list   clients;          /* struct v1_client.entry */
    volatile BOOL     deleted;          /* by RtmDeleteRouteTable */
    struct eng_owner  static_owner;     /* routes of the static protocol */
    /* a best route being updated in place and its contents before, so that
     * the observer can snapshot the old best route */
    const struct eng_route *updating;
    union v1_route    updating_old;
    /* clients whose event is due once the table lock is released, each
     * with a reference (v1_unlocked); pushed under the table write lock,
     * taken whole without it, so changed with atomics only */
    struct v1_client *to_wake;
};

static struct v1_family families[] =
{
    { RTM_PROTOCOL_FAMILY_IPX, ENG_FAMILY_IPX,  STATIC_PROTOCOL_IPX, sizeof(RTM_IPX_ROUTE), INIT_ONCE_STATIC_INIT, 0 },
    { RTM_PROTOCOL_FAMILY_IP,  ENG_FAMILY_IPV4, STATIC_PROTOCOL_IP,  sizeof(RTM_IP_ROUTE),  INIT_ONCE_STATIC_INIT, 0 },
};

struct v1_client
{
    struct rtm_object        obj;
    struct v1_family        *family;
    DWORD                    protocol;
    DWORD                    flags;     /* RTM_PROTOCOL_SINGLE_ROUTE */
    struct eng_owner         own;
    struct eng_owner        *owner;     /* &own, or &family->static_owner */
    BOOL                     dead;      /* deregistering; table write lock */
    struct rtm_list          entry;     /* family->clients */
    struct rtm_notify_queue *queue;     /* NULL without a change event */
    LONG                     waking;    /* on family->to_wake */
    struct v1_client        *wake_next;
};

/* what a set of routes is restricted to (RTM_ONLY_* flags) */
struct v1_criteria
{
    DWORD             flags;
    struct eng_prefix prefix;
    DWORD             interface;
    DWORD             protocol;
};

/* enumeration order: network, protocol, interface, next hop */
struct v1_key
{
    struct eng_prefix prefix;
    DWORD             protocol;
    DWORD             interface;
    BYTE              next_hop[8];
};

struct v1_enum
{
    struct rtm_object  obj;
    struct v1_family  *family;
    struct v1_criteria criteria;
    SRWLOCK            lock;
    BOOL               started;         /* last is valid */
    struct v1_key      last;
};

static void v1_observer(void *ctx, const struct eng_change *change);
static void v1_unlocked(void *ctx);

static BOOL CALLBACK init_family(INIT_ONCE *once, void *param, void **context)
{
    struct v1_family *family = param;

    if (!(family->table = rtm_get_table(family->eng_family))) return FALSE;
    family->seq = eng_table_seq(family->table);
    rtm_list_init(&family->clients);
    eng_owner_init(&family->static_owner, family->static_protocol, 0, NULL);
    if (eng_table_add_observer(family->table, v1_observer, family))
    {
        ERR("cannot observe table\n");
        return FALSE;
    }
    eng_table_set_unlock_hook(family->table, v1_unlocked, family);
    __atomic_store_n(&family->ready, 1, __ATOMIC_RELEASE);
    return TRUE;
}

/* the family of a protocol family id; NULL (and the error) when unusable */
static struct v1_family *get_family(DWORD id, DWORD *error)
{
    struct v1_family *family;

    if (id >= ARRAYSIZE(families))
    {
        WARN("unknown protocol family %lu\n", id);
        *error = ERROR_INVALID_PARAMETER;
        return NULL;
    }
    family = &families[id];
    if (!__atomic_load_n(&family->ready, __ATOMIC_ACQUIRE) &&
        !InitOnceExecuteOnce(&family->once, init_family, family, NULL))
    {
        *error = ERROR_NOT_ENOUGH_MEMORY;
        return NULL;
    }
    if (family->deleted)
    {
        WARN("route table of protocol family %lu was deleted\n", id);
        *error = ERROR_INVALID_PARAMETER;
        return NULL;
    }
    return family;
}

/* ---- conversions ------------------------------------------------------------ */

static uint32_t ip_to_host(DWORD net_order)
{
    BYTE b[4];

    memcpy(b, &net_order, sizeof(b));
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static DWORD ip_from_host(uint32_t addr)
{
    BYTE b[4] = { addr >> 24, addr >> 16, addr >> 8, addr };
    DWORD net_order;

    memcpy(&net_order, b, sizeof(b));
    return net_order;
}

/* FALSE for a non-contiguous IP mask or a network with bits outside its mask */
static BOOL network_to_prefix(const struct v1_family *family, const void *network, struct eng_prefix *prefix)
{
    memset(prefix, 0, sizeof(*prefix));
    if (family->id == RTM_PROTOCOL_FAMILY_IP)
    {
        const IP_NETWORK *net = network;
        uint32_t addr = ip_to_host(net->N_NetNumber), mask = ip_to_host(net->N_NetMask);
        unsigned int len = 0;

        if ((~mask & (~mask + 1)) || (addr & ~mask))
        {
            WARN("invalid network %08lx/%08lx\n", net->N_NetNumber, net->N_NetMask);
            return FALSE;
        }
        while (len < 32 && (mask & (0x80000000u >> len))) len++;
        eng_prefix_from_ipv4(prefix, addr, len);
    }
    else
    {
        const IPX_NETWORK *net = network;

        prefix->len = 32;
        prefix->bytes[0] = net->N_NetNumber >> 24;
        prefix->bytes[1] = net->N_NetNumber >> 16;
        prefix->bytes[2] = net->N_NetNumber >> 8;
        prefix->bytes[3] = net->N_NetNumber;
    }
    return TRUE;
}

static uint32_t prefix_addr(const struct eng_prefix *prefix)
{
    return (uint32_t)prefix->bytes[0] << 24 | (uint32_t)prefix->bytes[1] << 16 |
           (uint32_t)prefix->bytes[2] << 8 | prefix->bytes[3];
}

static const struct rtm_route_data *route_data(const struct eng_route *route)
{
    return (const struct rtm_route_data *)route->payload;
}

static const struct rtm_route_attrs *route_attrs(const struct eng_route *route)
{
    return route_data(route)->attrs;
}

/* every field of ip, for a route of network/len (host order) */
static void fill_ip_route(RTM_IP_ROUTE *ip, uint64_t timestamp, const struct rtm_route_attrs *data,
        uint32_t network, unsigned int len)
{
    uint32_t mask = len ? ~0u << (32 - len) : 0;

    ip->RR_TimeStamp.dwLowDateTime = (DWORD)timestamp;
    ip->RR_TimeStamp.dwHighDateTime = timestamp >> 32;
    ip->RR_RoutingProtocol = data->protocol;
    ip->RR_InterfaceID = data->interface;
    ip->RR_ProtocolSpecificData = data->psd;
    ip->RR_Network.N_NetNumber = ip_from_host(network & mask);
    ip->RR_Network.N_NetMask = ip_from_host(mask);
    ip->RR_NextHopAddress = data->next_hop.ip;
    ip->RR_FamilySpecificData = data->fsd.ip;
}

/* the v1 structure of an engine route; call with the table lock held */
static void route_to_v1(const struct v1_family *family, const struct eng_route *route, union v1_route *out)
{
    const struct eng_prefix *prefix = &route->dest->prefix;
    const struct rtm_route_attrs *data = route_attrs(route);

    memset(out, 0, sizeof(*out));
    if (family->id == RTM_PROTOCOL_FAMILY_IP)
        fill_ip_route(&out->ip, route->timestamp, data, prefix_addr(prefix), prefix->len);
    else
    {
        RTM_IPX_ROUTE *ipx = &out->ipx;

        ipx->RR_TimeStamp.dwLowDateTime = (DWORD)route->timestamp;
        ipx->RR_TimeStamp.dwHighDateTime = route->timestamp >> 32;
        ipx->RR_RoutingProtocol = data->protocol;
        ipx->RR_InterfaceID = data->interface;
        ipx->RR_ProtocolSpecificData = data->psd;
        ipx->RR_Network.N_NetNumber = prefix_addr(prefix);
        ipx->RR_NextHopAddress = data->next_hop.ipx;
        ipx->RR_FamilySpecificData = data->fsd.ipx;
    }
}

/* the attributes and engine parameters of a client's route */
static BOOL route_from_v1(const struct v1_client *client, const void *route, struct eng_prefix *prefix,
        struct rtm_route_attrs *data, struct eng_route_params *params)
{
    const struct v1_family *family = client->family;

    memset(data, 0, sizeof(*data));
    memset(params, 0, sizeof(*params));
    data->protocol = client->owner->protocol;
    if (family->id == RTM_PROTOCOL_FAMILY_IP)
    {
        const RTM_IP_ROUTE *ip = route;

        if (!network_to_prefix(family, &ip->RR_Network, prefix)) return FALSE;
        data->interface = ip->RR_InterfaceID;
        data->psd = ip->RR_ProtocolSpecificData;
        data->next_hop.ip = ip->RR_NextHopAddress;
        data->fsd.ip = ip->RR_FamilySpecificData;
        params->preference = ip->RR_FamilySpecificData.FSD_Priority;
        params->metric = ip->RR_FamilySpecificData.FSD_Metric;
    }
    else
    {
        const RTM_IPX_ROUTE *ipx = route;

        if (!network_to_prefix(family, &ipx->RR_Network, prefix)) return FALSE;
        data->interface = ipx->RR_InterfaceID;
        data->psd = ipx->RR_ProtocolSpecificData;
        data->next_hop.ipx = ipx->RR_NextHopAddress;
        data->fsd.ipx = ipx->RR_FamilySpecificData;
        params->metric = (uint32_t)ipx->RR_FamilySpecificData.FSD_TickCount << 16 |
                         ipx->RR_FamilySpecificData.FSD_HopCount;
    }
    params->views = ENG_VIEW_ALL;
    params->timestamp = rtm_filetime_now();
    return TRUE;
}

/* A route of an RTM v1 client is in every view, or in none while it is
 * disabled (RtmBlockSetRouteEnable): kept, but never best.  Nothing else
 * sets the views of these routes (RTMv2 only changes the routes of its
 * own entities), so no views means disabled. */
static BOOL route_disabled(const struct eng_route *route)
{
    return !route->views;
}

static void set_disabled(const struct v1_family *family, struct rtm_route_attrs *attrs,
        struct eng_route_params *params, BOOL disabled)
{
    params->views = disabled ? 0 : ENG_VIEW_ALL;
    /* IPX_SPECIFIC_DATA.FSD_Flags has no validity bit */
    if (family->id != RTM_PROTOCOL_FAMILY_IP) return;
    if (disabled) attrs->fsd.ip.FSD_Flags &= ~IP_VALID_ROUTE;
    else attrs->fsd.ip.FSD_Flags |= IP_VALID_ROUTE;
}

static struct eng_route_params route_params(const struct v1_family *family, const struct eng_route *route)
{
    struct eng_route_params params;

    params.preference = route->preference;
    params.metric = route->metric;
    params.views = route->views;
    params.expire = eng_route_expiry_locked(family->table, route);
    params.timestamp = route->timestamp;
    return params;
}

static BOOL same_next_hop(const struct v1_family *family, const struct rtm_route_attrs *a,
        const struct rtm_route_attrs *b)
{
    if (family->id == RTM_PROTOCOL_FAMILY_IP)
        return a->next_hop.ip.N_NetNumber == b->next_hop.ip.N_NetNumber &&
               a->next_hop.ip.N_NetMask == b->next_hop.ip.N_NetMask;
    return !memcmp(a->next_hop.ipx.NHA_Mac, b->next_hop.ipx.NHA_Mac, sizeof(a->next_hop.ipx.NHA_Mac));
}

static BOOL same_fsd(const struct v1_family *family, const struct rtm_route_attrs *a,
        const struct rtm_route_attrs *b)
{
    if (family->id == RTM_PROTOCOL_FAMILY_IP)
        return !memcmp(&a->fsd.ip, &b->fsd.ip, sizeof(a->fsd.ip));
    return a->fsd.ipx.FSD_Flags == b->fsd.ipx.FSD_Flags &&
           a->fsd.ipx.FSD_TickCount == b->fsd.ipx.FSD_TickCount &&
           a->fsd.ipx.FSD_HopCount == b->fsd.ipx.FSD_HopCount;
}

/* whether two best routes differ in what the documentation calls significant */
static BOOL routes_differ(const struct v1_family *family, const union v1_route *a, const union v1_route *b)
{
    if (family->id == RTM_PROTOCOL_FAMILY_IP)
        return a->ip.RR_RoutingProtocol != b->ip.RR_RoutingProtocol ||
               a->ip.RR_InterfaceID != b->ip.RR_InterfaceID ||
               a->ip.RR_NextHopAddress.N_NetNumber != b->ip.RR_NextHopAddress.N_NetNumber ||
               a->ip.RR_NextHopAddress.N_NetMask != b->ip.RR_NextHopAddress.N_NetMask ||
               memcmp(&a->ip.RR_FamilySpecificData, &b->ip.RR_FamilySpecificData, sizeof(IP_SPECIFIC_DATA));
    return a->ipx.RR_RoutingProtocol != b->ipx.RR_RoutingProtocol ||
           a->ipx.RR_InterfaceID != b->ipx.RR_InterfaceID ||
           memcmp(a->ipx.RR_NextHopAddress.NHA_Mac, b->ipx.RR_NextHopAddress.NHA_Mac, 6) ||
           a->ipx.RR_FamilySpecificData.FSD_Flags != b->ipx.RR_FamilySpecificData.FSD_Flags ||
           a->ipx.RR_FamilySpecificData.FSD_TickCount != b->ipx.RR_FamilySpecificData.FSD_TickCount ||
           a->ipx.RR_FamilySpecificData.FSD_HopCount != b->ipx.RR_FamilySpecificData.FSD_HopCount;
}

/* RTM_ROUTE_* from the best route before (if any) and the one now */
static DWORD change_flags(const struct v1_family *family, const union v1_route *prev, const union v1_route *cur)
{
    if (!prev) return cur ? RTM_ROUTE_ADDED : RTM_NO_CHANGE;
    if (!cur) return RTM_ROUTE_DELETED;
    return routes_differ(family, prev, cur) ? RTM_ROUTE_CHANGED : RTM_NO_CHANGE;
}

/* copies the routes that flags says were returned */
static void fill_change(const struct v1_family *family, DWORD flags, const union v1_route *prev,
        const union v1_route *cur, void *prev_out, void *cur_out)
{
    if ((flags & RTM_CURRENT_BEST_ROUTE) && cur_out) memcpy(cur_out, cur, family->route_size);
    if ((flags & RTM_PREVIOUS_BEST_ROUTE) && prev_out) memcpy(prev_out, prev, family->route_size);
}

/* the route of a client that a caller's route designates */
static struct eng_route *find_client_route(const struct v1_family *family, struct eng_dest *dest,
        const struct eng_owner *owner, BOOL single, const struct rtm_route_attrs *data)
{
    uint32_t i;

    if (!dest) return NULL;
    for (i = 0; i < dest->nroutes; i++)
    {
        struct eng_route *route = dest->routes[i];

        if (route->owner != owner) continue;
        if (single) return route;
        if (route_attrs(route)->interface == data->interface && same_next_hop(family, route_attrs(route), data))
            return route;
    }
    return NULL;
}

/* call with the table write lock held, around in-place updates of routes */
static void begin_update(struct v1_family *family, const struct eng_route *route)
{
    if (route != route->dest->best[0]) return;
    family->updating = route;
    route_to_v1(family, route, &family->updating_old);
}

static void end_update(struct v1_family *family)
{
    family->updating = NULL;
}

/* the same for the RTMv2 layer, which updates routes of the shared IPv4
 * table in place (under the table write lock) */
void rtm_v1_begin_update(const struct eng_route *route)
{
    begin_update(&families[RTM_PROTOCOL_FAMILY_IP], route);
}

void rtm_v1_end_update(void)
{
    end_update(&families[RTM_PROTOCOL_FAMILY_IP]);
}

/* ---- change notification ----------------------------------------------------- */

/* Feeds the queues of every live client with an event except the origin of
 * the change (RtmAddRoute/RtmDeleteRoute report to their caller directly). */
static void v1_observer(void *ctx, const struct eng_change *change)
{
    struct v1_family *family = ctx;
    const struct eng_route *old = change->old_best[0];
    const union v1_route *prev = NULL;
    union v1_route snapshot;
    struct rtm_list *elem;

    /* the view bit is also set when the best route was updated in place */
    if (!(change->views & ENG_VIEW_UCAST)) return;

    for (elem = family->clients.next; elem != &family->clients; elem = elem->next)
    {
        struct v1_client *client = RTM_LIST_ENTRY(elem, struct v1_client, entry);

        if (!client->queue || client->dead) continue;
        /* built once, for the first queue that needs it: most changes have none */
        if (old && !prev && old == family->updating) prev = &family->updating_old;
        else if (old && !prev)
        {
            route_to_v1(family, old, &snapshot);
            prev = &snapshot;
        }
        if (client->owner == change->origin) notify_queue_own_change(client->queue, change->dest, prev);
        else if (notify_queue_push(client->queue, family->table, change->dest, prev) &&
            !InterlockedExchange(&client->waking, 1))
        {
            InterlockedIncrement(&client->obj.refs);
            do client->wake_next = __atomic_load_n(&family->to_wake, __ATOMIC_RELAXED);
            while (!__atomic_compare_exchange_n(&family->to_wake, &client->wake_next, client, TRUE,
                                                __ATOMIC_RELEASE, __ATOMIC_RELAXED));
        }
    }
}

/* The engine's unlock hook: wakes the clients whose queues stopped being
 * empty while the table write lock was held (notify.c says why not there). */
static void v1_unlocked(void *ctx)
{
    struct v1_family *family = ctx;
    struct v1_client *client, *next;

    if (!__atomic_load_n(&family->to_wake, __ATOMIC_RELAXED)) return;
    for (client = __atomic_exchange_n(&family->to_wake, NULL, __ATOMIC_ACQUIRE); client; client = next)
    {
        next = client->wake_next;
        /* before the event is read: a push after this queues the client again */
        InterlockedExchange(&client->waking, 0);
        notify_queue_sync_event(client->queue, FALSE);
        rtm_object_release(&client->obj);
    }
}

/* The observer runs after a change, when it is too late to fail, so every
 * change first reserves one message per dest it may touch in every queue the
 * observer feeds: that of every live client with an event but skip's (the
 * origin of the change, or a client that is going away).  With the table
 * write lock held: whether count messages are reserved. */
static BOOL queues_ready_locked(const struct v1_family *family, const struct eng_owner *skip, size_t count)
{
    const struct rtm_list *elem;

    if (!count) return TRUE;
    for (elem = family->clients.next; elem != &family->clients; elem = elem->next)
    {
        const struct v1_client *client = RTM_LIST_ENTRY(elem, const struct v1_client, entry);

        if (client->queue && !client->dead && client->owner != skip &&
            !notify_queue_ready(client->queue, count)) return FALSE;
    }
    return TRUE;
}

/* With no table lock held: reserves count messages in those queues; returns
 * how many every one of them has, less than count when memory ran out.  The
 * read lock keeps the client list and the queues alive and keeps pushes
 * out, without stopping readers while the messages are allocated. */
static size_t reserve_messages(const struct v1_family *family, const struct eng_owner *skip, size_t count)
{
    const struct rtm_list *elem;
    size_t avail = count, reserved;

    eng_table_read_lock(family->table);
    for (elem = family->clients.next; elem != &family->clients; elem = elem->next)
    {
        const struct v1_client *client = RTM_LIST_ENTRY(elem, const struct v1_client, entry);

        if (!client->queue || client->dead || client->owner == skip) continue;
        reserved = notify_queue_reserve(client->queue, count);
        avail = min(avail, reserved);
    }
    eng_table_read_unlock(family->table);
    return avail;
}

/* With the table write lock held, before a change that may touch count
 * dests: TRUE when the messages, and RTMv2's spare dest data for a table it
 * shares, are reserved.  Else the lock is dropped, they are reserved, *avail
 * says for how many dests (see reserve_messages) and the caller takes the
 * lock again and looks again: other writers may have used the spares
 * meanwhile. */
static BOOL reserve_locked(struct v1_family *family, const struct eng_owner *skip, size_t count, size_t *avail)
{
    if (queues_ready_locked(family, skip, count) && rtm_v2_ready_locked(family->table, count)) return TRUE;
    eng_table_write_unlock(family->table);
    if ((*avail = reserve_messages(family, skip, count))) *avail = rtm_v2_reserve(family->table, *avail);
    return FALSE;
}

/* takes the table write lock for a change of one dest by origin; FALSE, with
 * no lock held, when its messages cannot be reserved */
static BOOL write_lock_reserved(struct v1_family *family, const struct eng_owner *origin)
{
    size_t avail;

    for (;;)
    {
        eng_table_write_lock(family->table);
        if (reserve_locked(family, origin, 1, &avail)) return TRUE;
        if (!avail) return FALSE;
    }
}

/* the same for the other writers of a table (aging, the RTMv2 layer, through
 * rtm_table_ready_locked): with the write lock held, whether a change of
 * count dests can lose no message */
BOOL rtm_v1_ready_locked(struct eng_table *table, size_t count)
{
    unsigned int i;

    for (i = 0; i < ARRAYSIZE(families); i++)
        if (families[i].table == table) return queues_ready_locked(&families[i], NULL, count);
    return TRUE;
}

/* with no table lock held: reserves for a change of count dests; returns how
 * many dests a change may touch, less than count when memory ran out */
size_t rtm_v1_reserve(struct eng_table *table, size_t count)
{
    unsigned int i;

    for (i = 0; i < ARRAYSIZE(families); i++)
        if (families[i].table == table) return reserve_messages(&families[i], NULL, count);
    return count;
}

/* ---- clients ----------------------------------------------------------------- */

static void destroy_client(struct rtm_object *obj)
{
    struct v1_client *client = CONTAINING_RECORD(obj, struct v1_client, obj);

    if (client->queue) notify_queue_destroy(client->queue, client->family->table);
    free(client);
}

static struct v1_client *get_client(HANDLE handle)
{
    struct rtm_object *obj = rtm_handle_get(handle, RTM_OBJECT_V1_CLIENT);

    return obj ? CONTAINING_RECORD(obj, struct v1_client, obj) : NULL;
}

static void release_client(struct v1_client *client)
{
    rtm_object_release(&client->obj);
}

/* the client's route that a caller's route designates */
static struct eng_route *client_route(const struct v1_client *client, struct eng_dest *dest,
        const struct rtm_route_attrs *data)
{
    return find_client_route(client->family, dest, client->owner, client->flags & RTM_PROTOCOL_SINGLE_ROUTE, data);
}

/* removes a client from its family; table write lock held */
static void unlink_client(struct v1_client *client)
{
    rtm_list_remove(&client->entry);
    if (client->owner == &client->family->static_owner) client->owner->layer = NULL;
}

/**********************************************************************
 *      RtmRegisterClient (RTM.@)
 */
HANDLE WINAPI RtmRegisterClient(DWORD ProtocolFamily, DWORD RoutingProtocol, HANDLE ChangeEvent, DWORD Flags)
{
    struct v1_family *family;
    struct v1_client *client;
    struct rtm_list *elem;
    DWORD error = NO_ERROR;
    HANDLE handle;

    TRACE("(%lu, %lu, %p, %#lx)\n", ProtocolFamily, RoutingProtocol, ChangeEvent, Flags);

    if (!(family = get_family(ProtocolFamily, &error)))
    {
        SetLastError(error);
        return NULL;
    }
    if (Flags & ~RTM_PROTOCOL_SINGLE_ROUTE)
    {
        WARN("invalid flags %#lx\n", Flags);
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!(client = calloc(1, sizeof(*client))))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    rtm_object_init(&client->obj, RTM_OBJECT_V1_CLIENT, destroy_client);
    client->family = family;
    client->protocol = RoutingProtocol;
    client->flags = Flags;
    rtm_list_init(&client->entry);
    if (ChangeEvent && !(client->queue = notify_queue_create(ChangeEvent, family->route_size)))
    {
        free(client);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }

    eng_table_write_lock(family->table);
    if (family->deleted) error = ERROR_INVALID_PARAMETER;
    for (elem = family->clients.next; !error && elem != &family->clients; elem = elem->next)
    {
        if (RTM_LIST_ENTRY(elem, struct v1_client, entry)->protocol == RoutingProtocol)
            error = ERROR_CLIENT_ALREADY_EXISTS;
    }
    if (!error)
    {
        /* the static protocol adopts the routes converted by RtmBlockConvertRoutesToStatic */
        if (RoutingProtocol == family->static_protocol) client->owner = &family->static_owner;
        else
        {
            eng_owner_init(&client->own, RoutingProtocol, 0, NULL);
            client->owner = &client->own;
        }
        client->owner->layer = client;
        rtm_list_add_tail(&family->clients, &client->entry);
    }
    eng_table_write_unlock(family->table);

    if (error)
    {
        WARN("cannot register protocol %lu, error %lu\n", RoutingProtocol, error);
        release_client(client);
        SetLastError(error);
        return NULL;
    }

    if (!(handle = rtm_handle_alloc(&client->obj)))
    {
        eng_table_write_lock(family->table);
        unlink_client(client);
        eng_table_write_unlock(family->table);
        release_client(client);
        SetLastError(ERROR_NO_SYSTEM_RESOURCES);
        return NULL;
    }
    TRACE("-> %p\n", handle);
    return handle;
}

/* Takes the table write lock with the messages reserved for the next chunk of
 * routes that a deregistration removes: *count of them, fewer than RTM_CHUNK
 * when memory ran out.  Without memory for a single message, it fails
 * (can_fail) or waits: a deregistration that started does not stop halfway,
 * and a change message is not dropped. */
static BOOL lock_removal_chunk(struct v1_client *client, BOOL can_fail, size_t *count)
{
    size_t max = RTM_CHUNK;

    for (;;)
    {
        eng_table_write_lock(client->family->table);
        *count = min(client->owner->nroutes, max);
        if (reserve_locked(client->family, client->owner, *count, &max)) return TRUE;
        if (max) continue;
        if (can_fail) return FALSE;
        WARN("out of memory, waiting\n");
        Sleep(1);
        max = 1;
    }
}

/**********************************************************************
 *      RtmDeregisterClient (RTM.@)
 */
DWORD WINAPI RtmDeregisterClient(HANDLE ClientHandle)
{
    struct rtm_object *obj;
    struct v1_client *client;
    struct eng_table *table;
    size_t count, left;

    TRACE("(%p)\n", ClientHandle);

    if (!(client = get_client(ClientHandle))) return ERROR_INVALID_HANDLE;
    table = client->family->table;

    /* the handle stays valid until the messages for the first chunk are reserved */
    if (!lock_removal_chunk(client, TRUE, &count))
    {
        release_client(client);
        return ERROR_NO_SYSTEM_RESOURCES;
    }
    if (!(obj = rtm_handle_close(ClientHandle, RTM_OBJECT_V1_CLIENT)))
    {
        eng_table_write_unlock(table);
        release_client(client);
        return ERROR_INVALID_HANDLE;
    }

    /* Calls that got the client before its handle went away see dead under
     * the write lock and add nothing; the client stays in the list (without
     * getting messages) until its routes are gone, so that its protocol
     * cannot register again meanwhile. */
    client->dead = TRUE;
    for (;;)
    {
        eng_owner_remove_routes_locked(table, client->owner, count);
        if (!(left = client->owner->nroutes)) unlink_client(client);
        eng_table_write_unlock(table);
        if (!left) break;
        eng_table_yield(table);
        lock_removal_chunk(client, FALSE, &count);
    }

    rtm_object_release(obj);
    release_client(client);
    return NO_ERROR;
}

/* the RTM_ROUTE_* of a queued message now, with the best route it reports
 * in cur: the best route now, or the one before the client's own change
 * (not reported to it) if none came since; call with the table lock held */
static DWORD message_flags(const struct v1_family *family, const struct rtm_notify_msg *msg, union v1_route *cur)
{
    const struct eng_route *best = msg->dest->best[0];
    BOOL has_cur = msg->own ? msg->has_cur : best != NULL;

    if (msg->own && has_cur) memcpy(cur, msg->prev + family->route_size, family->route_size);
    else if (!msg->own && best) route_to_v1(family, best, cur);
    return change_flags(family, msg->has_prev ? (const union v1_route *)msg->prev : NULL, has_cur ? cur : NULL);
}

/* notify_queue_pop's filter for the messages that became no change */
static BOOL message_undone(const struct rtm_notify_msg *msg, void *ctx)
{
    union v1_route cur;

    return message_flags(ctx, msg, &cur) == RTM_NO_CHANGE;
}

/**********************************************************************
 *      RtmDequeueRouteChangeMessage (RTM.@)
 */
DWORD WINAPI RtmDequeueRouteChangeMessage(HANDLE ClientHandle, DWORD *Flags, PVOID CurBestRoute,
        PVOID PrevBestRoute)
{
    struct rtm_notify_msg *msg, *done = NULL;
    struct v1_client *client;
    struct v1_family *family;
    union v1_route cur;
    DWORD ret = ERROR_NO_MESSAGES, flags;
    BOOL more;

    TRACE("(%p, %p, %p, %p)\n", ClientHandle, Flags, CurBestRoute, PrevBestRoute);

    if (!(client = get_client(ClientHandle))) return ERROR_INVALID_HANDLE;
    if (!client->queue)
    {
        WARN("client %p has no change event\n", ClientHandle);
        release_client(client);
        return ERROR_INVALID_HANDLE;
    }
    if (!Flags)
    {
        WARN("NULL Flags\n");
        release_client(client);
        return ERROR_INVALID_PARAMETER;
    }
    family = client->family;

    eng_table_read_lock(family->table);
    while ((msg = notify_queue_pop(client->queue, NULL, NULL, &more)))
    {
        flags = message_flags(family, msg, &cur);
        /* messages are freed once the lock is gone; hash_next is free now */
        msg->hash_next = done;
        done = msg;
        if (flags == RTM_NO_CHANGE) continue;
        *Flags = flags;
        fill_change(family, flags, (const union v1_route *)msg->prev, &cur, PrevBestRoute, CurBestRoute);
        /* ERROR_MORE_MESSAGES promises a message: drop the undone ones before the next */
        while (more && (msg = notify_queue_pop(client->queue, message_undone, family, &more)))
        {
            msg->hash_next = done;
            done = msg;
        }
        ret = more ? ERROR_MORE_MESSAGES : NO_ERROR;
        break;
    }
    eng_table_read_unlock(family->table);

    notify_queue_recycle(client->queue, family->table, done);
    if (ret != ERROR_MORE_MESSAGES) notify_queue_sync_event(client->queue, TRUE);
    release_client(client);
    return ret;
}

/**********************************************************************
 *      RtmAddRoute (RTM.@)
 */
DWORD WINAPI RtmAddRoute(HANDLE ClientHandle, PVOID Route, DWORD TimeToLive, DWORD *Flags,
        PVOID CurBestRoute, PVOID PrevBestRoute)
{
    struct v1_client *client;
    struct v1_family *family;
    struct eng_table *table;
    struct eng_prefix prefix;
    struct eng_add_key key;
    struct rtm_route_attrs attrs;
    struct rtm_route_data data = {0};
    struct eng_route_params params;
    struct eng_dest *dest;
    struct eng_route *route, *best;
    union v1_route prev, cur;
    enum eng_status status;
    BOOL had_best = FALSE;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %lu, %p, %p, %p)\n", ClientHandle, Route, TimeToLive, Flags, CurBestRoute, PrevBestRoute);

    if (!(client = get_client(ClientHandle))) return ERROR_INVALID_HANDLE;
    family = client->family;
    table = family->table;
    if (!Route || !Flags || (TimeToLive > MAX_TIME_TO_LIVE && TimeToLive != INFINITE) ||
        !route_from_v1(client, Route, &prefix, &attrs, &params))
    {
        WARN("invalid parameter\n");
        release_client(client);
        return ERROR_INVALID_PARAMETER;
    }
    params.expire = rtm_clock_expiry(TimeToLive);

    if (!write_lock_reserved(family, client->owner))
    {
        release_client(client);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    if (client->dead) ret = ERROR_INVALID_HANDLE;
    else
    {
        dest = eng_dest_find_for_add_locked(table, &prefix, &key);
        if (dest && dest->best[0])
        {
            route_to_v1(family, dest->best[0], &prev);
            had_best = TRUE;
        }
        if ((route = client_route(client, dest, &attrs)))
        {
            const struct rtm_route_data *old = route_data(route);

            /* an administratively disabled route stays disabled */
            if (route_disabled(route)) set_disabled(family, &attrs, &params, TRUE);
            data.ext = old->ext;
            if (!(data.attrs = rtm_attrs_get(&attrs))) status = ENG_ENOMEM;
            else
            {
                BOOL significant = old->attrs->interface != attrs.interface ||
                                   !same_next_hop(family, old->attrs, &attrs) ||
                                   !same_fsd(family, old->attrs, &attrs);

                begin_update(family, route);
                status = eng_route_update_locked(table, route, &params, &data, significant, client->owner, NULL);
                end_update(family);
            }
        }
        else if (!(data.attrs = rtm_attrs_get(&attrs))) status = ENG_ENOMEM;
        else status = eng_route_add_to_dest_locked(table, dest, &key, client->owner, &params, &data,
                                                   client->owner, &route, NULL);

        if (status == ENG_OK)
        {
            const union v1_route *now = NULL;
            DWORD flags;

            /* With no best route before, any best route now is an addition,
             * so the record is built only for a caller that asks for it: a
             * load adds routes to new networks. */
            if ((best = route->dest->best[0]) && (had_best || CurBestRoute))
            {
                route_to_v1(family, best, &cur);
                now = &cur;
            }
            flags = had_best ? change_flags(family, &prev, now) : best ? RTM_ROUTE_ADDED : RTM_NO_CHANGE;
            *Flags = flags;
            fill_change(family, flags, &prev, now, PrevBestRoute, CurBestRoute);
        }
        else
        {
            rtm_attrs_put(data.attrs);
            ret = status == ENG_ENOMEM ? ERROR_NOT_ENOUGH_MEMORY : ERROR_INVALID_PARAMETER;
        }
    }
    eng_table_write_unlock(table);

    if (!ret) rtm_aging_schedule(params.expire);
    release_client(client);
    return ret;
}

/**********************************************************************
 *      RtmDeleteRoute (RTM.@)
 */
DWORD WINAPI RtmDeleteRoute(HANDLE ClientHandle, PVOID Route, DWORD *Flags, PVOID CurBestRoute)
{
    struct v1_client *client;
    struct v1_family *family;
    struct eng_table *table;
    struct eng_prefix prefix;
    struct rtm_route_attrs attrs;
    struct eng_route_params params;
    struct eng_dest *dest;
    struct eng_route *route;
    union v1_route prev, cur;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %p, %p)\n", ClientHandle, Route, Flags, CurBestRoute);

    if (!(client = get_client(ClientHandle))) return ERROR_INVALID_HANDLE;
    family = client->family;
    table = family->table;
    if (!Route || !Flags || !route_from_v1(client, Route, &prefix, &attrs, &params))
    {
        WARN("invalid parameter\n");
        release_client(client);
        return ERROR_INVALID_PARAMETER;
    }

    if (!write_lock_reserved(family, client->owner))
    {
        release_client(client);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    dest = eng_dest_find_locked(table, &prefix);
    if (client->dead) ret = ERROR_INVALID_HANDLE;
    else if (!(route = client_route(client, dest, &attrs)))
        ret = ERROR_NO_SUCH_ROUTE;
    else
    {
        const struct eng_route *old_best = dest->best[0], *best;
        DWORD flags = RTM_NO_CHANGE;

        if (old_best) route_to_v1(family, old_best, &prev);
        eng_route_delete_locked(table, route, client->owner, NULL);
        if ((best = dest->best[0])) route_to_v1(family, best, &cur);
        if (old_best) flags = change_flags(family, &prev, best ? &cur : NULL);
        *Flags = flags;
        fill_change(family, flags & RTM_CURRENT_BEST_ROUTE, NULL, &cur, NULL, CurBestRoute);
    }
    eng_table_write_unlock(table);

    release_client(client);
    return ret;
}

/* ---- queries ------------------------------------------------------------------- */

/**********************************************************************
 *      RtmIsRoute (RTM.@)
 */
BOOL WINAPI RtmIsRoute(DWORD ProtocolFamily, PVOID Network, PVOID BestRoute)
{
    struct v1_family *family;
    struct eng_prefix prefix;
    struct eng_dest *dest;
    union v1_route best;
    BOOL found = FALSE;
    DWORD error = NO_ERROR;

    TRACE("(%lu, %p, %p)\n", ProtocolFamily, Network, BestRoute);

    if (!(family = get_family(ProtocolFamily, &error)))
    {
        SetLastError(error);
        return FALSE;
    }
    if (!Network || !BestRoute || !network_to_prefix(family, Network, &prefix))
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }

    eng_table_read_lock(family->table);
    if ((dest = eng_dest_find_locked(family->table, &prefix)) && dest->best[0])
    {
        route_to_v1(family, dest->best[0], &best);
        found = TRUE;
    }
    eng_table_read_unlock(family->table);

    if (found) memcpy(BestRoute, &best, family->route_size);
    else SetLastError(NO_ERROR);
    return found;
}

/* The fast path of RtmLookupIPDestination: the longest match without the
 * table lock (engine.h, optimistic reads), so that a lookup writes no shared
 * memory and the processor overlaps the cache misses of one call with those
 * of the next.  That needs the next call within its window of a few hundred
 * instructions, hence the small body: one call, the route written straight
 * into prir.  FALSE when a writer got in the way (prir may then hold parts of
 * a route that has just changed) or the table is not ready; else *found says
 * whether prir was filled. */
static BOOL lookup_ip_optimistic(DWORD net_addr, RTM_IP_ROUTE *prir, BOOL *found)
{
    const struct v1_family *family = &families[RTM_PROTOCOL_FAMILY_IP];
    const uint32_t *count;
    uint32_t addr = ip_to_host(net_addr), seq;
    struct eng_match4 match;

    if (!__atomic_load_n(&family->ready, __ATOMIC_ACQUIRE) || family->deleted) return FALSE;
    count = family->seq;
    if ((seq = eng_read_begin(count)) & 1) return FALSE;
    if (!eng_route_lookup_ipv4(family->table, addr, &match))
    {
        *found = FALSE;
        return eng_read_valid(count, seq);
    }
    /* The payload's first word is the route's interned attributes
     * (rtm_route_data), and whatever route it came from, interned values
     * stay readable (intern.c): no check needed before reading them. */
    fill_ip_route(prir, match.timestamp, match.payload_word, addr, match.len);
    *found = TRUE;
    return eng_read_valid(count, seq);
}

static BOOL __attribute__((noinline)) lookup_ip_locked(DWORD net_addr, RTM_IP_ROUTE *prir)
{
    struct eng_match4 match;
    struct v1_family *family;
    BOOL found = FALSE;
    DWORD error = NO_ERROR;

    if (!(family = get_family(RTM_PROTOCOL_FAMILY_IP, &error)))
    {
        SetLastError(error);
        return FALSE;
    }
    if (!prir)
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }

    eng_table_read_lock(family->table);
    if ((found = eng_route_lookup_ipv4(family->table, ip_to_host(net_addr), &match)))
        fill_ip_route(prir, match.timestamp, match.payload_word, ip_to_host(net_addr), match.len);
    eng_table_read_unlock(family->table);

    if (!found) SetLastError(NO_ERROR);
    return found;
}

/**********************************************************************
 *      RtmLookupIPDestination (RTM.@)
 *
 * Longest-prefix match of an address (network byte order) over the best
 * routes of the IP table: without the table lock, unless a writer is busy.
 */
BOOL WINAPI RtmLookupIPDestination(DWORD dwDestAddr, PRTM_IP_ROUTE prir)
{
    BOOL found;

    TRACE("(%08lx, %p)\n", dwDestAddr, prir);

    if (!prir || !lookup_ip_optimistic(dwDestAddr, prir, &found)) return lookup_ip_locked(dwDestAddr, prir);
    if (!found) SetLastError(NO_ERROR);
    return found;
}

/**********************************************************************
 *      RtmGetNetworkCount (RTM.@)
 */
ULONG WINAPI RtmGetNetworkCount(DWORD ProtocolFamily)
{
    struct v1_family *family;
    DWORD error = NO_ERROR;
    ULONG count;

    TRACE("(%lu)\n", ProtocolFamily);

    if (!(family = get_family(ProtocolFamily, &error)))
    {
        SetLastError(error);
        return 0;
    }
    count = eng_table_dest_count(family->table);
    SetLastError(NO_ERROR);
    return count;
}

/**********************************************************************
 *      RtmGetRouteAge (RTM.@)
 */
ULONG WINAPI RtmGetRouteAge(PVOID Route)
{
    const RTM_IP_ROUTE *route = Route;  /* the header is the same for every family */
    uint64_t stamp, now;
    FILETIME ft;

    TRACE("(%p)\n", Route);

    /* not rtm_filetime_now(): its value may be older than a stamp that
     * another thread read from the clock itself */
    GetSystemTimeAsFileTime(&ft);
    now = (uint64_t)ft.dwHighDateTime << 32 | ft.dwLowDateTime;

    if (!route) goto invalid;
    stamp = (uint64_t)route->RR_TimeStamp.dwHighDateTime << 32 | route->RR_TimeStamp.dwLowDateTime;
    /* an age that does not fit is no route data from RTM either */
    if (!stamp || stamp > now || (now - stamp) / 10000000 >= INFINITE) goto invalid;
    return (now - stamp) / 10000000;

invalid:
    WARN("invalid route time stamp\n");
    SetLastError(ERROR_INVALID_PARAMETER);
    return INFINITE;
}

/* ---- enumeration ----------------------------------------------------------------- */

static BOOL criteria_from_v1(const struct v1_family *family, DWORD flags, const void *route,
        struct v1_criteria *criteria)
{
    memset(criteria, 0, sizeof(*criteria));
    if (flags & ~ENUM_FLAGS_ALL)
    {
        WARN("invalid enumeration flags %#lx\n", flags);
        return FALSE;
    }
    criteria->flags = flags;
    if (!(flags & (RTM_ONLY_THIS_NETWORK | RTM_ONLY_THIS_INTERFACE | RTM_ONLY_THIS_PROTOCOL))) return TRUE;
    if (!route) return FALSE;
    criteria->interface = ((const RTM_IP_ROUTE *)route)->RR_InterfaceID;
    criteria->protocol = ((const RTM_IP_ROUTE *)route)->RR_RoutingProtocol;
    if (!(flags & RTM_ONLY_THIS_NETWORK)) return TRUE;
    if (family->id == RTM_PROTOCOL_FAMILY_IP)
        return network_to_prefix(family, &((const RTM_IP_ROUTE *)route)->RR_Network, &criteria->prefix);
    return network_to_prefix(family, &((const RTM_IPX_ROUTE *)route)->RR_Network, &criteria->prefix);
}

static BOOL route_matches(const struct v1_criteria *criteria, const struct eng_route *route)
{
    if ((criteria->flags & RTM_ONLY_THIS_INTERFACE) && route_attrs(route)->interface != criteria->interface)
        return FALSE;
    if ((criteria->flags & RTM_ONLY_THIS_PROTOCOL) && route->owner->protocol != criteria->protocol)
        return FALSE;
    if ((criteria->flags & RTM_ONLY_BEST_ROUTES) && route != route->dest->best[0])
        return FALSE;
    return TRUE;
}

static void next_hop_key(const struct v1_family *family, const void *next_hop, BYTE key[8])
{
    memset(key, 0, 8);
    /* IP next hops are in network byte order already: bytes compare as addresses */
    if (family->id == RTM_PROTOCOL_FAMILY_IP) memcpy(key, next_hop, sizeof(IP_NEXT_HOP_ADDRESS));
    else memcpy(key, next_hop, sizeof(((IPX_NEXT_HOP_ADDRESS *)0)->NHA_Mac));
}

static void route_key(const struct v1_family *family, const struct eng_route *route, struct v1_key *key)
{
    eng_prefix_copy(&key->prefix, &route->dest->prefix);
    key->protocol = route->owner->protocol;
    key->interface = route_attrs(route)->interface;
    next_hop_key(family, &route_attrs(route)->next_hop, key->next_hop);
}

static BOOL key_from_v1(const struct v1_family *family, const void *route, struct v1_key *key)
{
    const RTM_IP_ROUTE *ip = route;
    const RTM_IPX_ROUTE *ipx = route;

    key->protocol = ip->RR_RoutingProtocol;
    key->interface = ip->RR_InterfaceID;
    if (family->id == RTM_PROTOCOL_FAMILY_IP)
    {
        next_hop_key(family, &ip->RR_NextHopAddress, key->next_hop);
        return network_to_prefix(family, &ip->RR_Network, &key->prefix);
    }
    next_hop_key(family, &ipx->RR_NextHopAddress, key->next_hop);
    return network_to_prefix(family, &ipx->RR_Network, &key->prefix);
}

static int key_cmp(const struct v1_key *a, const struct v1_key *b)
{
    int ret;

    if ((ret = eng_prefix_cmp(&a->prefix, &b->prefix))) return ret;
    if (a->protocol != b->protocol) return a->protocol < b->protocol ? -1 : 1;
    if (a->interface != b->interface) return a->interface < b->interface ? -1 : 1;
    return memcmp(a->next_hop, b->next_hop, sizeof(a->next_hop));
}

/* The first matching route after key (from the start without a key), in
 * (network, protocol, interface, next hop) order.  Starting from a key, not
 * from a position, keeps an enumeration valid whatever changed in between.
 * A network has one best route: once an enumeration handle returned one
 * (from_enumeration), its next best route comes from the next network, even if
 * another route of that network became best meanwhile.  RtmGetNextRoute's
 * key is any route of the caller's, maybe not a best one: the best route
 * of its network may still come after it.  Call with the table lock held. */
static struct eng_route *find_next_route(const struct v1_family *family, const struct v1_criteria *criteria,
        const struct v1_key *after, BOOL from_enumeration, struct v1_key *found_key)
{
    BOOL next_network = after && from_enumeration && (criteria->flags & RTM_ONLY_BEST_ROUTES);
    struct eng_dest *dest;

    if (criteria->flags & RTM_ONLY_THIS_NETWORK)
    {
        if (next_network) return NULL;
        dest = eng_dest_find_locked(family->table, &criteria->prefix);
    }
    else if (!after) dest = eng_dest_first_locked(family->table);
    else if (next_network || !(dest = eng_dest_find_locked(family->table, &after->prefix)))
        dest = eng_dest_next_locked(family->table, &after->prefix);

    while (dest)
    {
        struct eng_route *found = NULL;
        struct v1_key key;
        uint32_t i;

        for (i = 0; i < dest->nroutes; i++)
        {
            struct eng_route *route = dest->routes[i];

            if (!route_matches(criteria, route)) continue;
            route_key(family, route, &key);
            if (after && key_cmp(&key, after) <= 0) continue;
            if (found && key_cmp(&key, found_key) >= 0) continue;
            found = route;
            *found_key = key;
        }
        if (found || (criteria->flags & RTM_ONLY_THIS_NETWORK)) return found;
        dest = eng_dest_next_locked(family->table, &dest->prefix);
    }
    return NULL;
}

static void destroy_enum(struct rtm_object *obj)
{
    free(CONTAINING_RECORD(obj, struct v1_enum, obj));
}

/**********************************************************************
 *      RtmCreateEnumerationHandle (RTM.@)
 */
HANDLE WINAPI RtmCreateEnumerationHandle(DWORD ProtocolFamily, DWORD EnumerationFlags, PVOID CriteriaRoute)
{
    struct v1_family *family;
    struct v1_enum *enumeration;
    struct v1_criteria criteria;
    struct v1_key key;
    struct eng_route *first;
    DWORD error = NO_ERROR;
    HANDLE handle;

    TRACE("(%lu, %#lx, %p)\n", ProtocolFamily, EnumerationFlags, CriteriaRoute);

    if (!(family = get_family(ProtocolFamily, &error)))
    {
        SetLastError(error);
        return NULL;
    }
    if (!criteria_from_v1(family, EnumerationFlags, CriteriaRoute, &criteria))
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }

    eng_table_read_lock(family->table);
    first = find_next_route(family, &criteria, NULL, TRUE, &key);
    eng_table_read_unlock(family->table);
    if (!first)
    {
        SetLastError(ERROR_NO_ROUTES);
        return NULL;
    }

    if (!(enumeration = calloc(1, sizeof(*enumeration))))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    rtm_object_init(&enumeration->obj, RTM_OBJECT_V1_ENUM, destroy_enum);
    enumeration->family = family;
    enumeration->criteria = criteria;
    InitializeSRWLock(&enumeration->lock);
    if (!(handle = rtm_handle_alloc(&enumeration->obj)))
    {
        rtm_object_release(&enumeration->obj);
        SetLastError(ERROR_NO_SYSTEM_RESOURCES);
        return NULL;
    }
    TRACE("-> %p\n", handle);
    return handle;
}

/**********************************************************************
 *      RtmEnumerateGetNextRoute (RTM.@)
 */
DWORD WINAPI RtmEnumerateGetNextRoute(HANDLE EnumerationHandle, PVOID Route)
{
    struct rtm_object *obj;
    struct v1_enum *enumeration;
    struct v1_family *family;
    struct eng_route *route;
    struct v1_key key;
    union v1_route out;
    DWORD ret = ERROR_NO_MORE_ROUTES;

    TRACE("(%p, %p)\n", EnumerationHandle, Route);

    if (!(obj = rtm_handle_get(EnumerationHandle, RTM_OBJECT_V1_ENUM))) return ERROR_INVALID_HANDLE;
    enumeration = CONTAINING_RECORD(obj, struct v1_enum, obj);
    family = enumeration->family;
    if (!Route)
    {
        WARN("NULL Route\n");
        rtm_object_release(obj);
        return ERROR_INVALID_PARAMETER;
    }

    AcquireSRWLockExclusive(&enumeration->lock);
    eng_table_read_lock(family->table);
    if ((route = find_next_route(family, &enumeration->criteria,
                                 enumeration->started ? &enumeration->last : NULL, TRUE, &key)))
    {
        route_to_v1(family, route, &out);
        enumeration->last = key;
        enumeration->started = TRUE;
        ret = NO_ERROR;
    }
    eng_table_read_unlock(family->table);
    ReleaseSRWLockExclusive(&enumeration->lock);

    if (!ret) memcpy(Route, &out, family->route_size);
    rtm_object_release(obj);
    return ret;
}

/**********************************************************************
 *      RtmCloseEnumerationHandle (RTM.@)
 */
DWORD WINAPI RtmCloseEnumerationHandle(HANDLE EnumerationHandle)
{
    struct rtm_object *obj;

    TRACE("(%p)\n", EnumerationHandle);

    if (!(obj = rtm_handle_close(EnumerationHandle, RTM_OBJECT_V1_ENUM))) return ERROR_INVALID_HANDLE;
    rtm_object_release(obj);
    return NO_ERROR;
}

/* RtmGetFirstRoute and RtmGetNextRoute: the first matching route after the
 * caller's one, or the first one at all */
static DWORD get_route(DWORD family_id, DWORD flags, void *route, BOOL next)
{
    struct v1_family *family;
    struct v1_criteria criteria;
    struct v1_key after, key;
    struct eng_route *found;
    union v1_route out;
    DWORD ret = NO_ERROR;

    if (!(family = get_family(family_id, &ret))) return ret;
    if (!route || !criteria_from_v1(family, flags, route, &criteria) ||
        (next && !key_from_v1(family, route, &after)))
    {
        WARN("invalid route or flags %#lx\n", flags);
        return ERROR_INVALID_PARAMETER;
    }

    eng_table_read_lock(family->table);
    if ((found = find_next_route(family, &criteria, next ? &after : NULL, FALSE, &key)))
        route_to_v1(family, found, &out);
    else ret = ERROR_NO_ROUTES;
    eng_table_read_unlock(family->table);

    if (!ret) memcpy(route, &out, family->route_size);
    return ret;
}

/**********************************************************************
 *      RtmGetFirstRoute (RTM.@)
 */
DWORD WINAPI RtmGetFirstRoute(DWORD ProtocolFamily, DWORD EnumerationFlags, PVOID Route)
{
    TRACE("(%lu, %#lx, %p)\n", ProtocolFamily, EnumerationFlags, Route);

    return get_route(ProtocolFamily, EnumerationFlags, Route, FALSE);
}

/**********************************************************************
 *      RtmGetNextRoute (RTM.@)
 */
DWORD WINAPI RtmGetNextRoute(DWORD ProtocolFamily, DWORD EnumerationFlags, PVOID Route)
{
    TRACE("(%lu, %#lx, %p)\n", ProtocolFamily, EnumerationFlags, Route);

    return get_route(ProtocolFamily, EnumerationFlags, Route, TRUE);
}

/* ---- block operations on a client's routes ------------------------------------ */

enum block_op
{
    BLOCK_DELETE,
    BLOCK_ENABLE,
    BLOCK_DISABLE,
    BLOCK_TO_STATIC,
};

/* whether op would change route */
static BOOL block_pending(const struct v1_family *family, enum block_op op, const struct eng_route *route)
{
    switch (op)
    {
    case BLOCK_ENABLE:    return route_disabled(route);
    case BLOCK_DISABLE:   return !route_disabled(route);
    case BLOCK_TO_STATIC:
        return route->owner != &family->static_owner || eng_route_expiry_locked(family->table, route) != ENG_NEVER;
    default:              return TRUE;
    }
}

static BOOL block_matches(const struct v1_client *client, const struct v1_criteria *criteria,
        const struct eng_route *route)
{
    if (route->owner != client->owner) return FALSE;
    if ((criteria->flags & RTM_ONLY_THIS_INTERFACE) && route_attrs(route)->interface != criteria->interface)
        return FALSE;
    return TRUE;
}

/* up to max routes of the client that match (and that op would change, if
 * pending); call with the table write lock held */
static size_t collect_routes(struct v1_client *client, const struct v1_criteria *criteria, enum block_op op,
        BOOL pending, struct eng_route **routes, size_t max)
{
    struct v1_family *family = client->family;
    struct eng_route *route;
    struct eng_dest *dest;
    size_t count = 0;
    uint32_t i;

    if ((criteria->flags & RTM_ONLY_THIS_PROTOCOL) && criteria->protocol != client->owner->protocol) return 0;
    if (criteria->flags & RTM_ONLY_THIS_NETWORK)
    {
        if (!(dest = eng_dest_find_locked(family->table, &criteria->prefix))) return 0;
        for (i = 0; i < dest->nroutes && count < max; i++)
        {
            route = dest->routes[i];
            if (block_matches(client, criteria, route) && (!pending || block_pending(family, op, route)))
                routes[count++] = route;
        }
        return count;
    }
    for (route = client->owner->routes; route && count < max; route = route->owner_next)
    {
        if (block_matches(client, criteria, route) && (!pending || block_pending(family, op, route)))
            routes[count++] = route;
    }
    return count;
}

/* hands a route to the static protocol, for good */
static enum eng_status make_static(struct v1_family *family, struct eng_route *route)
{
    struct eng_owner *owner = &family->static_owner;
    const struct v1_client *static_client = owner->layer;
    struct eng_route_params params = route_params(family, route);
    struct rtm_route_data data = *route_data(route);
    struct rtm_route_attrs attrs = *data.attrs;
    struct eng_route *existing, *added;
    enum eng_status status;

    params.expire = ENG_NEVER;
    if (route->owner == owner)
        return eng_route_update_locked(family->table, route, &params, NULL, FALSE, NULL, NULL);

    existing = find_client_route(family, route->dest, owner,
            static_client && (static_client->flags & RTM_PROTOCOL_SINGLE_ROUTE), &attrs);
    attrs.protocol = owner->protocol;
    if (!(data.attrs = rtm_attrs_get(&attrs))) return ENG_ENOMEM;
    if (existing)
    {
        begin_update(family, existing);
        status = eng_route_update_locked(family->table, existing, &params, &data, TRUE, NULL, NULL);
        end_update(family);
    }
    else status = eng_route_add_to_dest_locked(family->table, route->dest, NULL, owner, &params, &data,
                                               NULL, &added, NULL);
    if (status == ENG_OK) eng_route_delete_locked(family->table, route, NULL, NULL);
    else rtm_attrs_put(data.attrs);
    return status;
}

static enum eng_status apply_block_op(struct v1_family *family, enum block_op op, struct eng_route *route)
{
    struct rtm_route_attrs attrs;
    struct rtm_route_data data;
    struct eng_route_params params;
    enum eng_status status;

    switch (op)
    {
    case BLOCK_DELETE:
        eng_route_delete_locked(family->table, route, NULL, NULL);
        return ENG_OK;
    case BLOCK_TO_STATIC:
        return make_static(family, route);
    default:
        data = *route_data(route);
        attrs = *data.attrs;
        params = route_params(family, route);
        set_disabled(family, &attrs, &params, op == BLOCK_DISABLE);
        if (!(data.attrs = rtm_attrs_get(&attrs))) return ENG_ENOMEM;
        begin_update(family, route);
        status = eng_route_update_locked(family->table, route, &params, &data, TRUE, NULL, NULL);
        end_update(family);
        if (status) rtm_attrs_put(data.attrs);
        return status;
    }
}

/* Applies op to the client's routes that match, RTM_CHUNK routes per write
 * lock hold.  Every client, the caller included, gets change messages. */
static DWORD block_apply(HANDLE handle, DWORD flags, void *criteria_route, enum block_op op)
{
    struct eng_route *routes[RTM_CHUNK];
    struct v1_client *client;
    struct v1_family *family;
    struct v1_criteria criteria;
    size_t count, i, total = 0, matched = 0, max = RTM_CHUNK;
    DWORD ret = NO_ERROR;

    if (!(client = get_client(handle))) return ERROR_INVALID_HANDLE;
    family = client->family;
    /* RTM_ONLY_BEST_ROUTES is redundant: best routes change as routes go */
    if (!criteria_from_v1(family, flags, criteria_route, &criteria))
    {
        release_client(client);
        return ERROR_INVALID_PARAMETER;
    }
    criteria.flags &= ~RTM_ONLY_BEST_ROUTES;

    for (;;)
    {
        eng_table_write_lock(family->table);
        if (client->dead)
        {
            eng_table_write_unlock(family->table);
            ret = ERROR_INVALID_HANDLE;
            break;
        }
        count = collect_routes(client, &criteria, op, TRUE, routes, max);
        /* without memory for the messages of a whole chunk, the chunk
         * shrinks to what could be reserved */
        if (!reserve_locked(family, NULL, count, &max))
        {
            if (max) continue;
            ret = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        for (i = 0; i < count; i++)
        {
            if (apply_block_op(family, op, routes[i]) != ENG_OK)
            {
                ret = ERROR_NOT_ENOUGH_MEMORY;
                break;
            }
        }
        if (!count && !total) matched = collect_routes(client, &criteria, op, FALSE, routes, 1);
        eng_table_write_unlock(family->table);
        total += i;
        if (ret || count < max) break;
        max = RTM_CHUNK;
        eng_table_yield(family->table);
    }

    if (!ret && !total && !matched) ret = ERROR_NO_ROUTES;
    release_client(client);
    return ret;
}

/**********************************************************************
 *      RtmBlockDeleteRoutes (RTM.@)
 */
DWORD WINAPI RtmBlockDeleteRoutes(HANDLE ClientHandle, DWORD EnumerationFlags, PVOID CriteriaRoute)
{
    TRACE("(%p, %#lx, %p)\n", ClientHandle, EnumerationFlags, CriteriaRoute);

    return block_apply(ClientHandle, EnumerationFlags, CriteriaRoute, BLOCK_DELETE);
}

/**********************************************************************
 *      RtmBlockSetRouteEnable (RTM.@)
 *
 * Undocumented.  Disabled routes stay in the table, but cannot be best.
 */
DWORD WINAPI RtmBlockSetRouteEnable(HANDLE ClientHandle, DWORD EnumerationFlags, PVOID CriteriaRoute, BOOL Enable)
{
    TRACE("(%p, %#lx, %p, %d)\n", ClientHandle, EnumerationFlags, CriteriaRoute, Enable);

    return block_apply(ClientHandle, EnumerationFlags, CriteriaRoute, Enable ? BLOCK_ENABLE : BLOCK_DISABLE);
}

/**********************************************************************
 *      RtmBlockConvertRoutesToStatic (RTM.@)
 *
 * Undocumented.  The routes pass to the family's static protocol and stop
 * aging.
 */
DWORD WINAPI RtmBlockConvertRoutesToStatic(HANDLE ClientHandle, DWORD EnumerationFlags, PVOID CriteriaRoute)
{
    TRACE("(%p, %#lx, %p)\n", ClientHandle, EnumerationFlags, CriteriaRoute);

    return block_apply(ClientHandle, EnumerationFlags, CriteriaRoute, BLOCK_TO_STATIC);
}

/* ---- route tables ------------------------------------------------------------ */

/**********************************************************************
 *      RtmCreateRouteTable (RTM.@)
 *
 * Undocumented.  Tables exist from the start; this makes a family's table
 * available again after RtmDeleteRouteTable.  The layout of Config is not
 * known, so it is ignored.
 */
DWORD WINAPI RtmCreateRouteTable(DWORD ProtocolFamily, PVOID Config)
{
    struct v1_family *family;

    TRACE("(%lu, %p)\n", ProtocolFamily, Config);

    if (ProtocolFamily >= ARRAYSIZE(families))
    {
        WARN("unknown protocol family %lu\n", ProtocolFamily);
        return ERROR_INVALID_PARAMETER;
    }
    family = &families[ProtocolFamily];
    if (!InitOnceExecuteOnce(&family->once, init_family, family, NULL)) return ERROR_NOT_ENOUGH_MEMORY;

    eng_table_write_lock(family->table);
    family->deleted = FALSE;
    eng_table_write_unlock(family->table);
    return NO_ERROR;
}

/**********************************************************************
 *      RtmDeleteRouteTable (RTM.@)
 *
 * Undocumented.  Makes a family's table unavailable (as if its protocol
 * family were not installed) while it has no clients and no routes.
 */
DWORD WINAPI RtmDeleteRouteTable(DWORD ProtocolFamily)
{
    struct v1_family *family;
    DWORD ret = NO_ERROR;

    TRACE("(%lu)\n", ProtocolFamily);

    if (!(family = get_family(ProtocolFamily, &ret))) return ret;

    eng_table_write_lock(family->table);
    if (family->deleted) ret = ERROR_INVALID_PARAMETER;
    else if (!rtm_list_empty(&family->clients) || eng_dest_first_locked(family->table)) ret = ERROR_BUSY;
    else family->deleted = TRUE;
    eng_table_write_unlock(family->table);

    if (ret) WARN("cannot delete the table of family %lu, error %lu\n", ProtocolFamily, ret);
    return ret;
}
