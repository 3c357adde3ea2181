/*
 * RTMv2 enumerations
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
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "rtm.h"
#include "rtmv2.h"
#include "wine/debug.h"

#include "rtmv2_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(rtm);

/*
 * DOC: enumerations
 *
 * Dest and route enumerations walk the live table under the read lock, one
 * call at a time, with a cursor: the prefix of the last dest visited.  A
 * dest deleted meanwhile, or one added before the cursor, does not disturb
 * them (eng_dest_next_locked works from any prefix).  Routes of a dest are
 * queued (referenced) when the walk reaches it, best first.  Next-hop and
 * route-list enumerations are snapshots of referenced handles.
 */

static void enum_destroy(struct rtm_object *obj)
{
    struct v2_enum *e = CONTAINING_RECORD(obj, struct v2_enum, h.obj);
    UINT i;

    for (i = e->pos; i < e->nitems; i++) v2_release_handle_quiet(e->items[i], e->type, FALSE);
    free(e->items);
    free(e->criteria);
    v2_put(e->entity);
    free(e);
}

static DWORD create_enum(struct v2_entity *entity, enum v2_enum_kind kind, DWORD type,
        struct v2_enum **out)
{
    struct v2_enum *e;

    if (!(e = calloc(1, sizeof(*e)))) return ERROR_NOT_ENOUGH_MEMORY;
    e->kind = kind;
    e->type = type;
    e->entity = entity;
    e->family = entity->family;
    if (!(e->items = calloc(V2_MAX_HANDLES, sizeof(HANDLE))))
    {
        free(e);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    *out = e;
    return NO_ERROR;
}

/* frees an enumeration that has no handle and holds no handles yet */
static void free_enum(struct v2_enum *e)
{
    free(e->items);
    free(e->criteria);
    free(e);
}

static DWORD publish_enum(struct v2_enum *e, HANDLE *handle)
{
    InterlockedIncrement(&e->entity->h.obj.refs);
    if (!v2_publish(&e->h, V2_ENUM, enum_destroy, FALSE))
    {
        v2_put(e->entity);
        free_enum(e);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    *handle = e->h.handle;
    return NO_ERROR;
}

/* makes room for count handles */
static BOOL enum_reserve(struct v2_enum *e, UINT count)
{
    HANDLE *items;

    if (count <= V2_MAX_HANDLES) return TRUE;
    if (!(items = realloc(e->items, count * sizeof(HANDLE)))) return FALSE;
    e->items = items;
    return TRUE;
}

static DWORD parse_enum_start(struct v2_enum *e, DWORD flags, const RTM_NET_ADDRESS *addr)
{
    e->flags = flags;
    if (flags & (RTM_ENUM_NEXT | RTM_ENUM_RANGE))
        return v2_net_to_prefix(e->family, addr, &e->start) ? NO_ERROR : ERROR_INVALID_PARAMETER;
    return NO_ERROR;
}

/* the next dest of a dest or route enumeration, under the read lock */
static struct eng_dest *enum_next_dest_locked(struct v2_enum *e)
{
    struct eng_table *table = e->family->table;
    struct eng_dest *dest;

    if (e->done) return NULL;
    if (e->started) dest = eng_dest_next_locked(table, &e->cursor);
    else if (e->flags & (RTM_ENUM_NEXT | RTM_ENUM_RANGE))
    {
        if (!(dest = eng_dest_find_locked(table, &e->start)) || !dest->nroutes)
            dest = eng_dest_next_locked(table, &e->start);
    }
    else dest = eng_dest_first_locked(table);
    e->started = TRUE;
    if (dest && (e->flags & RTM_ENUM_RANGE) && !v2_prefix_in_range(&dest->prefix, &e->start)) dest = NULL;
    if (!dest) e->done = TRUE;
    else eng_prefix_copy(&e->cursor, &dest->prefix);
    return dest;
}

static BOOL dest_wanted(struct v2_enum *e, struct eng_dest *dest)
{
    unsigned int i, v;

    if (!dest->nroutes) return FALSE;
    if (e->views)
    {
        for (i = 0; i < dest->nroutes; i++) if (dest->routes[i]->views & e->views) break;
        if (i == dest->nroutes) return FALSE;
    }
    if (e->flags & RTM_ENUM_OWN_DESTS)
    {
        for (v = 0; v < V2_NUM_VIEWS; v++)
            if ((!e->views || (e->views & (1u << v))) && dest->best[v] && dest->best[v]->owner == &e->entity->owner)
                return TRUE;
        return FALSE;
    }
    return TRUE;
}

/**********************************************************************
 *      RtmCreateDestEnum (RTM.@)
 */
DWORD WINAPI RtmCreateDestEnum(RTM_ENTITY_HANDLE RtmRegHandle, RTM_VIEW_SET TargetViews, RTM_ENUM_FLAGS EnumFlags,
        PRTM_NET_ADDRESS NetAddress, ULONG ProtocolId, PRTM_ENUM_HANDLE RtmEnumHandle)
{
    struct v2_entity *entity;
    struct v2_enum *e;
    RTM_VIEW_SET views;
    DWORD ret;

    TRACE("(%p, %#lx, %#lx, %p, %lu, %p)\n", RtmRegHandle, TargetViews, EnumFlags, NetAddress, ProtocolId, RtmEnumHandle);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    if (!v2_check_views(TargetViews, &views))
    {
        v2_put(entity);
        return ERROR_NOT_SUPPORTED;
    }
    if (!RtmEnumHandle || (EnumFlags & ~(RTM_ENUM_NEXT | RTM_ENUM_RANGE | RTM_ENUM_OWN_DESTS)))
    {
        v2_put(entity);
        return ERROR_INVALID_PARAMETER;
    }
    if ((ret = create_enum(entity, ENUM_DESTS, V2_DEST, &e)))
    {
        v2_put(entity);
        return ret;
    }
    e->views = views;
    e->protocol = v2_entity_protocol(entity, ProtocolId);
    if ((ret = parse_enum_start(e, EnumFlags, NetAddress))) free_enum(e);
    else ret = publish_enum(e, RtmEnumHandle);
    v2_put(entity);
    return ret;
}

/**********************************************************************
 *      RtmGetEnumDests (RTM.@)
 */
DWORD WINAPI RtmGetEnumDests(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENUM_HANDLE EnumHandle, PUINT NumDests,
        PRTM_DEST_INFO DestInfos)
{
    struct eng_dest *dest;
    struct v2_enum *e;
    UINT count = 0;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %p, %p)\n", RtmRegHandle, EnumHandle, NumDests, DestInfos);

    if (!(e = v2_grab(EnumHandle, V2_ENUM))) return ERROR_INVALID_HANDLE;
    if (e->kind != ENUM_DESTS || e->entity->h.handle != RtmRegHandle || !NumDests || !DestInfos ||
        !*NumDests || *NumDests > e->family->cfg.MaxHandlesInEnum)
    {
        v2_put(e);
        return ERROR_INVALID_PARAMETER;
    }
    eng_table_read_lock(e->family->table);
    v2_lock();
    while (count < *NumDests && (dest = enum_next_dest_locked(e)))
    {
        if (!dest_wanted(e, dest)) continue;
        if ((ret = v2_fill_dest_info(e->family, dest, e->protocol, e->views,
                                     v2_dest_info_at(DestInfos, count)))) break;
        count++;
    }
    v2_unlock();
    eng_table_read_unlock(e->family->table);
    if (!ret && (count < *NumDests || e->done)) ret = ERROR_NO_MORE_ITEMS;
    *NumDests = count;
    v2_put(e);
    return ret;
}

static int route_cmp(const void *a, const void *b)
{
    const struct eng_route *ra = *(struct eng_route * const *)a, *rb = *(struct eng_route * const *)b;

    if (v2_route_better(ra, rb)) return -1;
    if (v2_route_better(rb, ra)) return 1;
    return 0;
}

/* queues the wanted routes of the next dest with any, best first; under the
 * read lock and v2_cs */
static DWORD enum_fill_routes_locked(struct v2_enum *e)
{
    struct eng_route **routes, *route;
    struct eng_prefix cursor;
    struct eng_dest *dest;
    BOOL started, done;
    unsigned int i, n;
    HANDLE handle;

    e->pos = e->nitems = 0;
    for (;;)
    {
        cursor = e->cursor;
        started = e->started;
        done = e->done;
        if (e->nitems || !(dest = enum_next_dest_locked(e))) break;
        if (e->single) e->done = TRUE;
        if (!(routes = malloc(dest->nroutes * sizeof(*routes))) || !enum_reserve(e, dest->nroutes))
        {
            /* the next call tries this dest again */
            e->cursor = cursor;
            e->started = started;
            e->done = done;
            free(routes);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        for (i = n = 0; i < dest->nroutes; i++)
        {
            route = dest->routes[i];
            /* routes in no view (hold-down) only show with RTM_VIEW_MASK_ANY */
            if (e->views && !(route->views & e->views)) continue;
            if ((e->flags & RTM_ENUM_OWN_ROUTES) && route->owner != &e->entity->owner) continue;
            if (!v2_route_matches_locked(route, e->match, e->criteria, e->iface)) continue;
            routes[n++] = route;
        }
        qsort(routes, n, sizeof(*routes), route_cmp);
        for (i = 0; i < n; i++)
            if ((handle = v2_route_handle(e->family, routes[i]))) e->items[e->nitems++] = handle;
        free(routes);
    }
    return NO_ERROR;
}

/**********************************************************************
 *      RtmCreateRouteEnum (RTM.@)
 */
DWORD WINAPI RtmCreateRouteEnum(RTM_ENTITY_HANDLE RtmRegHandle, RTM_DEST_HANDLE DestHandle, RTM_VIEW_SET TargetViews,
        RTM_ENUM_FLAGS EnumFlags, PRTM_NET_ADDRESS StartDest, RTM_MATCH_FLAGS MatchingFlags,
        PRTM_ROUTE_INFO CriteriaRoute, ULONG CriteriaInterface, PRTM_ENUM_HANDLE RtmEnumHandle)
{
    struct v2_entity *entity;
    struct v2_dest *d = NULL;
    struct v2_enum *e;
    RTM_VIEW_SET views;
    DWORD ret;

    TRACE("(%p, %p, %#lx, %#lx, %p, %#lx, %p, %lu, %p)\n", RtmRegHandle, DestHandle, TargetViews, EnumFlags,
          StartDest, MatchingFlags, CriteriaRoute, CriteriaInterface, RtmEnumHandle);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    if (!v2_check_views(TargetViews, &views))
    {
        v2_put(entity);
        return ERROR_NOT_SUPPORTED;
    }
    if (!RtmEnumHandle || (EnumFlags & ~(RTM_ENUM_NEXT | RTM_ENUM_RANGE | RTM_ENUM_OWN_ROUTES)) ||
        ((MatchingFlags & ~RTM_MATCH_INTERFACE) && !CriteriaRoute) ||
        (CriteriaRoute && CriteriaRoute->NextHopsList.NumNextHops > V2_MAX_NEXTHOPS))
    {
        v2_put(entity);
        return ERROR_INVALID_PARAMETER;
    }
    if (DestHandle && !(d = v2_grab(DestHandle, V2_DEST)))
    {
        v2_put(entity);
        return ERROR_INVALID_HANDLE;
    }
    if ((ret = create_enum(entity, ENUM_ROUTES, V2_ROUTE, &e)))
    {
        v2_put(d);
        v2_put(entity);
        return ret;
    }
    e->views = views;
    e->match = MatchingFlags;
    e->iface = CriteriaInterface;
    if (d)
    {
        e->single = TRUE;
        e->flags = (EnumFlags & RTM_ENUM_OWN_ROUTES) | RTM_ENUM_NEXT;
        eng_prefix_copy(&e->start, &d->dest->prefix);
    }
    else ret = parse_enum_start(e, EnumFlags, StartDest);
    if (!ret && CriteriaRoute)
    {
        if (!(e->criteria = malloc(ROUTE_INFO_SIZE(V2_MAX_NEXTHOPS)))) ret = ERROR_NOT_ENOUGH_MEMORY;
        else memcpy(e->criteria, CriteriaRoute, ROUTE_INFO_SIZE(CriteriaRoute->NextHopsList.NumNextHops));
    }
    if (ret) free_enum(e);
    else ret = publish_enum(e, RtmEnumHandle);
    v2_put(d);
    v2_put(entity);
    return ret;
}

/* hands out queued handles; returns how many */
static UINT enum_take(struct v2_enum *e, HANDLE *out, UINT max)
{
    UINT n = min(max, e->nitems - e->pos);

    memcpy(out, e->items + e->pos, n * sizeof(HANDLE));
    e->pos += n;
    return n;
}

/**********************************************************************
 *      RtmGetEnumRoutes (RTM.@)
 */
DWORD WINAPI RtmGetEnumRoutes(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENUM_HANDLE EnumHandle, PUINT NumRoutes,
        PRTM_ROUTE_HANDLE RouteHandles)
{
    struct v2_enum *e;
    UINT count = 0;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %p, %p)\n", RtmRegHandle, EnumHandle, NumRoutes, RouteHandles);

    if (!(e = v2_grab(EnumHandle, V2_ENUM))) return ERROR_INVALID_HANDLE;
    if (e->kind != ENUM_ROUTES || e->entity->h.handle != RtmRegHandle || !NumRoutes || !RouteHandles ||
        !*NumRoutes || *NumRoutes > e->family->cfg.MaxHandlesInEnum)
    {
        v2_put(e);
        return ERROR_INVALID_PARAMETER;
    }
    eng_table_read_lock(e->family->table);
    v2_lock();
    while (count < *NumRoutes)
    {
        if (e->pos == e->nitems && (ret = enum_fill_routes_locked(e))) break;
        if (e->pos == e->nitems) break;
        count += enum_take(e, RouteHandles + count, *NumRoutes - count);
    }
    /* look ahead, so that the last routes come with ERROR_NO_MORE_ITEMS */
    if (e->pos == e->nitems && !e->done) enum_fill_routes_locked(e);
    v2_unlock();
    eng_table_read_unlock(e->family->table);
    *NumRoutes = count;
    if (ret && !count) ret = ERROR_NOT_ENOUGH_MEMORY;
    else ret = e->done && e->pos == e->nitems ? ERROR_NO_MORE_ITEMS : NO_ERROR;
    v2_put(e);
    return ret;
}

/**********************************************************************
 *      RtmCreateNextHopEnum (RTM.@)
 */
DWORD WINAPI RtmCreateNextHopEnum(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENUM_FLAGS EnumFlags,
        PRTM_NET_ADDRESS NetAddress, PRTM_ENUM_HANDLE RtmEnumHandle)
{
    struct v2_entity *entity;
    struct v2_nexthop *nh;
    struct rtm_list *elem;
    struct eng_prefix addr;
    struct v2_enum *e;
    UINT max = 0;
    DWORD ret;

    TRACE("(%p, %#lx, %p, %p)\n", RtmRegHandle, EnumFlags, NetAddress, RtmEnumHandle);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    if (!RtmEnumHandle || (EnumFlags & ~(RTM_ENUM_NEXT | RTM_ENUM_RANGE)) ||
        (ret = create_enum(entity, ENUM_HANDLES, V2_NEXTHOP, &e)))
    {
        v2_put(entity);
        return ERROR_INVALID_PARAMETER;
    }
    if ((ret = parse_enum_start(e, EnumFlags, NetAddress)))
    {
        free_enum(e);
        v2_put(entity);
        return ret;
    }
    /* a snapshot of the entity's next hops, in address order */
    v2_lock();
    for (elem = entity->nexthops.next; elem != &entity->nexthops; elem = elem->next) max++;
    if (!enum_reserve(e, max))
    {
        v2_unlock();
        free_enum(e);
        v2_put(entity);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    for (elem = entity->nexthops.next; elem != &entity->nexthops; elem = elem->next)
    {
        nh = RTM_LIST_ENTRY(elem, struct v2_nexthop, entry);
        if (EnumFlags & (RTM_ENUM_NEXT | RTM_ENUM_RANGE))
        {
            v2_net_to_prefix(entity->family, &nh->info.NextHopAddress, &addr);
            addr.len = e->start.len;
            if ((EnumFlags & RTM_ENUM_RANGE) && !v2_prefix_in_range(&addr, &e->start)) continue;
            if ((EnumFlags & RTM_ENUM_NEXT) && memcmp(addr.bytes, e->start.bytes, entity->family->addr_bytes) < 0)
                continue;
        }
        v2_ref(&nh->h, FALSE);
        e->items[e->nitems++] = nh->h.handle;
    }
    v2_unlock();
    e->done = TRUE;
    ret = publish_enum(e, RtmEnumHandle);
    v2_put(entity);
    return ret;
}

/* hands out the next handles of a snapshot enumeration */
static DWORD get_enum_handles(HANDLE entity_handle, HANDLE enum_handle, DWORD type, UINT *num, HANDLE *out)
{
    struct v2_enum *e;
    DWORD ret;

    if (!v2_entity_valid(entity_handle) || !(e = v2_grab(enum_handle, V2_ENUM))) return ERROR_INVALID_HANDLE;
    if (e->entity->h.handle != entity_handle || e->kind != ENUM_HANDLES || e->type != type)
    {
        v2_put(e);
        return ERROR_INVALID_HANDLE;
    }
    if (!num || (*num && !out) || *num > e->family->cfg.MaxHandlesInEnum)
    {
        v2_put(e);
        return ERROR_INVALID_PARAMETER;
    }
    v2_lock();
    *num = enum_take(e, out, *num);
    ret = e->pos == e->nitems ? ERROR_NO_MORE_ITEMS : NO_ERROR;
    v2_unlock();
    v2_put(e);
    return ret;
}

/**********************************************************************
 *      RtmGetEnumNextHops (RTM.@)
 */
DWORD WINAPI RtmGetEnumNextHops(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENUM_HANDLE EnumHandle, PUINT NumNextHops,
        PRTM_NEXTHOP_HANDLE NextHopHandles)
{
    TRACE("(%p, %p, %p, %p)\n", RtmRegHandle, EnumHandle, NumNextHops, NextHopHandles);
    return get_enum_handles(RtmRegHandle, EnumHandle, V2_NEXTHOP, NumNextHops, NextHopHandles);
}

/**********************************************************************
 *      RtmCreateRouteListEnum (RTM.@)
 *
 * A snapshot of the list: routes moved or deleted later still come out.
 */
DWORD WINAPI RtmCreateRouteListEnum(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_LIST_HANDLE RouteListHandle,
        PRTM_ENUM_HANDLE RtmEnumHandle)
{
    struct v2_route_list *list;
    struct v2_entity *entity;
    struct rtm_list *elem;
    struct v2_route *r;
    struct v2_enum *e;
    UINT count = 0;
    DWORD ret;

    TRACE("(%p, %p, %p)\n", RtmRegHandle, RouteListHandle, RtmEnumHandle);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    if (!(list = v2_grab_list(RouteListHandle, entity)))
    {
        v2_put(entity);
        return ERROR_INVALID_HANDLE;
    }
    if (!RtmEnumHandle) ret = ERROR_INVALID_PARAMETER;
    else ret = create_enum(entity, ENUM_HANDLES, V2_ROUTE, &e);
    if (!ret)
    {
        v2_lock();
        for (elem = list->routes.next; elem != &list->routes; elem = elem->next) count++;
        if (!enum_reserve(e, count)) ret = ERROR_NOT_ENOUGH_MEMORY;
        for (elem = list->routes.next; !ret && elem != &list->routes; elem = elem->next)
        {
            r = RTM_LIST_ENTRY(elem, struct v2_route, list_entry);
            v2_ref(&r->h, FALSE);
            e->items[e->nitems++] = r->h.handle;
        }
        v2_unlock();
        e->done = TRUE;
        if (ret) free_enum(e);
        else ret = publish_enum(e, RtmEnumHandle);
    }
    v2_put(list);
    v2_put(entity);
    return ret;
}

/**********************************************************************
 *      RtmGetListEnumRoutes (RTM.@)
 */
DWORD WINAPI RtmGetListEnumRoutes(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENUM_HANDLE EnumHandle, PUINT NumRoutes,
        PRTM_ROUTE_HANDLE RouteHandles)
{
    DWORD ret;

    TRACE("(%p, %p, %p, %p)\n", RtmRegHandle, EnumHandle, NumRoutes, RouteHandles);

    /* as in the documented sample, the end shows as fewer routes than asked for */
    ret = get_enum_handles(RtmRegHandle, EnumHandle, V2_ROUTE, NumRoutes, RouteHandles);
    return ret == ERROR_NO_MORE_ITEMS ? NO_ERROR : ret;
}

/**********************************************************************
 *      RtmDeleteEnumHandle (RTM.@)
 */
DWORD WINAPI RtmDeleteEnumHandle(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENUM_HANDLE EnumHandle)
{
    TRACE("(%p, %p)\n", RtmRegHandle, EnumHandle);

    if (!v2_entity_valid(RtmRegHandle)) return ERROR_INVALID_HANDLE;
    return v2_release_handle(EnumHandle, V2_ENUM, FALSE);
}
