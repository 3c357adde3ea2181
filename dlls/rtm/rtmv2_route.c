/*
 * RTMv2 routes: add, update, delete, expiry, hold-down, route lists
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

static void route_list_unlink_locked(struct v2_route *r)
{
    if (!r->list) return;
    rtm_list_remove(&r->list_entry);
    r->list = NULL;
}

/* The number of next hops a route info holds: a route's owner may write any
 * count into it while the route is locked, an update that fails leaves it
 * there, and a client hands in infos to release: whatever reads one clamps
 * the count here. */
static unsigned int info_nexthop_count(const RTM_ROUTE_INFO *info)
{
    return min(info->NextHopsList.NumNextHops, V2_MAX_NEXTHOPS);
}

/* The next hops that a route info names, then its neighbour: those a route
 * holds references on (see set_route_fields_locked). */
static unsigned int info_hops(const RTM_ROUTE_INFO *info, HANDLE *hops)
{
    unsigned int count = info_nexthop_count(info);

    memcpy(hops, info->NextHopsList.NextHops, count * sizeof(HANDLE));
    if (info->Neighbour) hops[count++] = info->Neighbour;
    return count;
}

static void route_destroy(struct rtm_object *obj)
{
    struct v2_route *r = CONTAINING_RECORD(obj, struct v2_route, h.obj);
    HANDLE hops[V2_MAX_NEXTHOPS + 1];
    unsigned int i, nhops;

    if (r->owner)
    {
        nhops = info_hops(&r->info, hops);
        for (i = 0; i < nhops; i++) v2_release_handle_quiet(hops[i], V2_NEXTHOP, FALSE);
        v2_put(r->owner);
    }
    v2_release_handle_quiet(r->info.DestHandle, V2_DEST, TRUE);
    if (r->route) eng_route_release(r->family->table, r->route);
    slab_free(&r->family->route_slab, r);
}

/* a referenced handle for a route: the stable one of an RTMv2 route, or,
 * under v2_cs, a new wrapper for a route of an RTM v1 client */
HANDLE v2_route_handle(struct v2_family *family, struct eng_route *route)
{
    struct v2_route *r;

    if ((r = v2_route_ext(route)))
    {
        v2_ref(&r->h, FALSE);
        return r->h.handle;
    }
    if (!(r = v2_alloc_locked(&family->route_slab))) return NULL;
    r->family = family;
    r->route = route;
    rtm_list_init(&r->list_entry);
    eng_route_ref(route);
    if (!(r->info.DestHandle = v2_dest_handle_locked(family, route->dest, TRUE)) ||
        !v2_publish(&r->h, V2_ROUTE, route_destroy, FALSE))
    {
        v2_release_handle_quiet(r->info.DestHandle, V2_DEST, TRUE);
        eng_route_release(family->table, route);
        slab_free(&family->route_slab, r);
        return NULL;
    }
    return r->h.handle;
}

/* A next hop of a route info, pinned (rtm_handle_pin): the checks of an add
 * or update read a few of its fields, several times per call, and the
 * next hop's reference count is written by every route naming it. */
static struct v2_nexthop *pin_hop(HANDLE handle, LONG **pin)
{
    if (!handle) return NULL;
    return (struct v2_nexthop *)rtm_handle_pin(handle, V2_NEXTHOP, pin);
}

void v2_addref_handle(HANDLE handle, DWORD type, BOOL internal)
{
    struct v2_object *h;
    LONG *pin;

    if (!handle || !(h = (struct v2_object *)rtm_handle_pin(handle, type, &pin))) return;
    v2_ref_live(h, internal);
    rtm_handle_unpin(pin);
}

/* Fills a route info with references; the route's own info for RTMv2 routes.
 * Under the table lock: whoever changes a route holds its write lock.  The
 * references are taken through the handles, which needs no v2_cs. */
static void fill_route_info_locked(struct v2_route *r, RTM_ROUTE_INFO *info)
{
    struct eng_route *route = r->route;
    unsigned int i;

    if (r->owner)
    {
        /* a client may have changed the info in place since RtmLockRoute */
        memcpy(info, &r->info, ROUTE_INFO_SIZE(info_nexthop_count(&r->info)));
        info->NextHopsList.NumNextHops = info_nexthop_count(info);
        v2_addref_handle(info->RouteOwner, V2_ENTITY, FALSE);
        v2_addref_handle(info->Neighbour, V2_NEXTHOP, FALSE);
        for (i = 0; i < info->NextHopsList.NumNextHops; i++)
            v2_addref_handle(info->NextHopsList.NextHops[i], V2_NEXTHOP, FALSE);
    }
    else
    {
        memset(info, 0, sizeof(*info));
        info->DestHandle = r->info.DestHandle;
        info->PrefInfo.Preference = route->preference;
        info->PrefInfo.Metric = route->metric;
        info->BelongsToViews = route->views;
        info->State = (route->flags & ENG_ROUTE_DELETED) ? RTM_ROUTE_STATE_DELETED : RTM_ROUTE_STATE_CREATED;
    }
    v2_addref_handle(info->DestHandle, V2_DEST, FALSE);
}

/* An info holds one client reference per handle in it; the dest handle
 * (always there) goes first, so an info released twice is an error and its
 * other handles are left alone. */
static DWORD release_route_info(const RTM_ROUTE_INFO *info)
{
    unsigned int i;

    if (v2_release_handle(info->DestHandle, V2_DEST, FALSE)) return ERROR_INVALID_HANDLE;
    v2_release_handle_quiet(info->RouteOwner, V2_ENTITY, FALSE);
    v2_release_handle_quiet(info->Neighbour, V2_NEXTHOP, FALSE);
    for (i = 0; i < info_nexthop_count(info); i++)
        v2_release_handle_quiet(info->NextHopsList.NextHops[i], V2_NEXTHOP, FALSE);
    return NO_ERROR;
}

/* ---- changes, expiry and hold-down ------------------------------------------ */

/* Engine expiry for a time in milliseconds: the first engine second that
 * starts (at tick (s - 1) * 1000, see main.c) once ms have passed. */
static uint32_t ms_expiry(ULONG ms)
{
    if (ms == INFINITE) return ENG_NEVER;
    return (GetTickCount64() + ms + 999) / 1000 + 1;
}

/* the views of dest in which route is the only route */
static RTM_VIEW_SET last_in_views(const struct eng_route *route)
{
    const struct eng_dest *dest = route->dest;
    RTM_VIEW_SET views = route->views;
    unsigned int i;

    for (i = 0; i < dest->nroutes; i++)
        if (dest->routes[i] != route) views &= ~dest->routes[i]->views;
    return views;
}

/* Takes a route out of the table, under the table write lock and v2_cs.
 * When the route is the last one of a view the dest is held in, and hold is
 * set, the route stays in the engine in no view until the hold-down ends
 * (its expiry, see v2_expire_hook) and shows as the HoldRoute of its views.
 * The route's existence reference (internal, kept while the engine links
 * it) is dropped by the caller when the route really leaves the engine. */
void v2_delete_route_locked(struct v2_route *r, struct v2_entity *origin, BOOL hold,
        struct eng_change *change)
{
    struct eng_dest *dest = r->route->dest;
    struct v2_dest_data *data = dest->layer;
    struct eng_route_params params;
    struct eng_change local;
    DWORD types;

    if (!change) change = &local;
    r->in_table = FALSE;
    r->expired = FALSE;
    r->info.State = RTM_ROUTE_STATE_DELETED;
    route_list_unlink_locked(r);
    if (hold && !r->held && data && data->hold_time && (last_in_views(r->route) & data->hold_views))
    {
        memset(&params, 0, sizeof(params));
        params.preference = r->route->preference;
        params.metric = r->route->metric;
        params.views = 0;
        params.expire = ms_expiry(data->hold_time);
        params.timestamp = rtm_filetime_now();
        r->held = TRUE;
        r->held_views = r->route->views;
        if (!eng_route_update_locked(r->family->table, r->route, &params, NULL, FALSE, &origin->owner, change))
        {
            rtm_aging_schedule(params.expire);
            return;
        }
        r->held = FALSE;
    }
    /* the end of a hold-down changes what hold-down protocols advertise */
    types = r->held ? RTM_CHANGE_TYPE_BEST : 0;
    r->held = FALSE;
    eng_route_delete_locked(r->family->table, r->route, origin ? &origin->owner : NULL, change);
    if (!change->views) v2_mark_changed_locked(r->family, dest, r->route->views | r->held_views, types);
    v2_dest_data_check_locked(r->family, dest);
}

enum remove_reason
{
    REMOVE_DELETE,          /* RtmDeleteRouteToDest: the route is in the table */
    REMOVE_EXPIRED,         /* its time to live ran out and it was not updated since */
    REMOVE_HOLD_END,        /* the end of its hold-down */
};

/* Deletes a route of the table, which may v2_put it in hold-down, or ends the
 * hold-down of a held one, and drops the existence reference of a route
 * that left the engine.  ERROR_NOT_FOUND when the route is not (any more)
 * in the state the reason expects. */
static DWORD remove_route(struct v2_route *r, struct v2_entity *origin, enum remove_reason reason, DWORD *flags)
{
    struct eng_table *table = r->family->table;
    struct eng_change change;
    BOOL linked, found = FALSE;
    DWORD ret = NO_ERROR;

    if (reason != REMOVE_DELETE) v2_write_lock_wait(table, 1);
    else if (!v2_write_lock(table, 1)) return ERROR_NOT_ENOUGH_MEMORY;
    v2_lock();
    switch (reason)
    {
    case REMOVE_DELETE:   found = r->in_table; break;
    case REMOVE_EXPIRED:  found = r->in_table && r->expired; break;
    case REMOVE_HOLD_END: found = r->held; break;
    }
    if (!found) ret = ERROR_NOT_FOUND;
    else
    {
        v2_delete_route_locked(r, origin, reason != REMOVE_HOLD_END, &change);
        if (flags && change.views) *flags = RTM_ROUTE_CHANGE_BEST;
    }
    linked = !(r->route->flags & ENG_ROUTE_DELETED);
    v2_unlock();
    eng_table_write_unlock(table);
    if (!ret && !linked) v2_unref(&r->h, TRUE);
    return ret;
}

/* An RTMv2 route aged out (its time to live, or the end of its hold-down).
 * As in the documented sample, the owner's callback gets RTM_ROUTE_EXPIRED
 * with a referenced handle and the route's info; it returns
 * ERROR_NOT_SUPPORTED to have the route deleted (the layer then drops that
 * reference), anything else when it dealt with the route itself and will
 * release the handle.  A route of an owner without a callback goes.  The
 * end of a hold-down is not reported: the route was deleted before. */
static void CALLBACK route_expired_work(TP_CALLBACK_INSTANCE *instance, void *context)
{
    struct v2_route *r = context;
    struct v2_entity *owner = r->owner;
    DWORD ret = ERROR_NOT_SUPPORTED;
    struct v2_frame frame;
    BOOL expired, held, call;

    v2_lock();
    expired = r->expired && r->in_table;
    held = r->held;
    if ((call = expired && owner->callback && v2_enter_callback_locked(owner, &frame)))
        v2_ref(&r->h, FALSE);
    v2_unlock();

    if (call)
    {
        TRACE("calling %p for expired route %p\n", owner->callback, r->h.handle);
        ret = owner->callback(owner->h.handle, RTM_ROUTE_EXPIRED, r->h.handle, &r->info);
        v2_leave_callback(&frame);
        if (ret == ERROR_NOT_SUPPORTED) v2_unref(&r->h, FALSE);
    }
    /* an update meanwhile (in the callback, say) gives the route a new life */
    if (held) remove_route(r, owner, REMOVE_HOLD_END, NULL);
    else if (expired && ret == ERROR_NOT_SUPPORTED) remove_route(r, owner, REMOVE_EXPIRED, NULL);
    v2_put(r);
}

/* the engine's aging found an RTMv2 route (under the table write lock) */
int v2_expire_hook(void *ctx, struct eng_route *route)
{
    struct v2_route *r = v2_route_ext(route);

    if (!r) return 0;       /* a route of an RTM v1 client just goes */
    v2_lock();
    r->expired = r->in_table;
    InterlockedIncrement(&r->h.obj.refs);
    v2_unlock();
    if (!TrySubmitThreadpoolCallback(route_expired_work, r, NULL))
    {
        ERR("cannot queue the expiry of route %p\n", r->h.handle);
        InterlockedDecrement(&r->h.obj.refs);
    }
    return 1;
}

/* The engine payload of route r with the given info.  What RTM v1 clients see
 * of an RTMv2 route in the shared IPv4 table: the first next hop (address
 * and interface), preference and metric as FSD_Priority and FSD_Metric (the
 * fields v1 compares), and the owner's protocol (the engine owner's).
 * FALSE when out of memory for the interned attributes. */
static BOOL make_v1_data(struct v2_route *r, const RTM_ROUTE_INFO *info, struct rtm_route_data *data)
{
    struct rtm_route_attrs attrs;
    struct v2_nexthop *nh;
    LONG *pin;

    memset(&attrs, 0, sizeof(attrs));
    memset(data, 0, sizeof(*data));
    attrs.protocol = r->owner->owner.protocol;
    data->ext = r;
    if (r->family->af == AF_INET)
    {
        attrs.fsd.ip.FSD_Priority = info->PrefInfo.Preference;
        attrs.fsd.ip.FSD_Metric = info->PrefInfo.Metric;
        if (info->NextHopsList.NumNextHops && (nh = pin_hop(info->NextHopsList.NextHops[0], &pin)))
        {
            attrs.interface = nh->info.InterfaceIndex;
            memcpy(&attrs.next_hop.ip.N_NetNumber, nh->info.NextHopAddress.AddrBits, 4);
            attrs.next_hop.ip.N_NetMask = 0xffffffff;
            rtm_handle_unpin(pin);
        }
    }
    return (data->attrs = rtm_attrs_get(&attrs)) != NULL;
}

static BOOL check_route_info(struct v2_entity *entity, const RTM_ROUTE_INFO *info)
{
    struct v2_nexthop *nh;
    unsigned int i;
    BOOL ok = TRUE;
    LONG *pin;

    if (info->NextHopsList.NumNextHops > entity->family->cfg.MaxNextHopsInRoute) return FALSE;
    if (info->BelongsToViews & ~V2_VIEWS_SUPPORTED) return FALSE;
    for (i = 0; ok && i < info->NextHopsList.NumNextHops; i++)
    {
        if (!(nh = pin_hop(info->NextHopsList.NextHops[i], &pin))) return FALSE;
        ok = nh->entity == entity;
        rtm_handle_unpin(pin);
    }
    if (ok && info->Neighbour)
    {
        if (!(nh = pin_hop(info->Neighbour, &pin))) return FALSE;
        rtm_handle_unpin(pin);
    }
    return ok;
}

/* whether retake_hops_locked can reference a next hop of a route info:
 * check_route_info runs with no lock held, and the last reference of the
 * next hop may have gone since */
static BOOL hop_live_locked(HANDLE handle)
{
    struct v2_nexthop *nh;
    BOOL live;
    LONG *pin;

    if (!(nh = pin_hop(handle, &pin))) return FALSE;
    live = v2_live_locked(&nh->h);
    rtm_handle_unpin(pin);
    return live;
}

static BOOL hops_live_locked(const RTM_ROUTE_INFO *info)
{
    unsigned int i;

    for (i = 0; i < info->NextHopsList.NumNextHops; i++)
        if (!hop_live_locked(info->NextHopsList.NextHops[i])) return FALSE;
    return !info->Neighbour || hop_live_locked(info->Neighbour);
}

/* Makes the route's list of next hops the ones its info names and returns
 * whether they changed, which is a forwarding change.  The route keeps its
 * own list because a client may change the info in place between
 * RtmLockRoute and RtmUpdateAndUnlockRoute. */
static BOOL retake_hops_locked(struct v2_route *r)
{
    UINT count = r->info.NextHopsList.NumNextHops;
    BOOL changed;

    changed = count != r->nnext || memcmp(r->hops, r->info.NextHopsList.NextHops, count * sizeof(HANDLE));
    memcpy(r->hops, r->info.NextHopsList.NextHops, count * sizeof(HANDLE));
    r->nhops = r->nnext = count;
    if (r->info.Neighbour) r->hops[r->nhops++] = r->info.Neighbour;
    return changed;
}

/* Copies the client-settable fields into the route's info, see
 * retake_hops_locked.  A route references the next hops its info names,
 * and hands the references to those it named before to the caller (old,
 * V2_MAX_NEXTHOPS + 1 entries), to drop with no lock held.  An update in
 * place moves none: the client does, as the documented sample of the update
 * in place does (RtmReferenceHandles for a next hop it puts in,
 * RtmReleaseNextHops for one it takes out).  So a route's references to its
 * next hops are client references, on what its info names even when an
 * update in place failed, and the route's end releases those. */
static BOOL set_route_fields_locked(struct v2_route *r, const RTM_ROUTE_INFO *info,
        HANDLE *old, unsigned int *nold)
{
    unsigned int i;
    BOOL changed;

    *nold = info_hops(&r->info, old);
    r->info.Neighbour = info->Neighbour;
    r->info.Flags1 = info->Flags1;
    r->info.Flags = info->Flags;
    r->info.PrefInfo = info->PrefInfo;
    r->info.BelongsToViews = info->BelongsToViews;
    r->info.EntitySpecificInfo = info->EntitySpecificInfo;
    r->info.NextHopsList.NumNextHops = info->NextHopsList.NumNextHops;
    for (i = 0; i < info->NextHopsList.NumNextHops; i++)
        r->info.NextHopsList.NextHops[i] = info->NextHopsList.NextHops[i];
    changed = retake_hops_locked(r);
    for (i = 0; i < r->nhops; i++) v2_addref_handle(r->hops[i], V2_NEXTHOP, FALSE);
    return changed;
}

static BOOL route_is_best(const struct eng_route *route)
{
    unsigned int v;

    for (v = 0; v < V2_NUM_VIEWS; v++) if (route->dest->best[v] == route) return TRUE;
    return FALSE;
}

static void move_to_list_locked(struct v2_route *r, struct v2_route_list *list)
{
    route_list_unlink_locked(r);
    if (!list || list->deleted || !r->in_table) return;
    rtm_list_add_tail(&list->routes, &r->list_entry);
    r->list = list;
}


/* applies r->info to the engine route; under both locks */
static void route_params(const RTM_ROUTE_INFO *info, ULONG ttl, struct eng_route_params *params)
{
    memset(params, 0, sizeof(*params));
    params->preference = info->PrefInfo.Preference;
    params->metric = info->PrefInfo.Metric;
    params->views = info->BelongsToViews;
    params->expire = ms_expiry(ttl);
    params->timestamp = rtm_filetime_now();
}

/* Before a route's info changes to info: takes the memory its engine
 * update may need (lookup structure, aging heap) and makes its new payload,
 * so that commit_route_locked(data) cannot fail once the info changed. */
static BOOL reserve_commit_locked(struct v2_route *r, const RTM_ROUTE_INFO *info, ULONG ttl,
        struct rtm_route_data *data)
{
    struct eng_route_params params;

    route_params(info, ttl, &params);
    if (eng_route_update_reserve_locked(r->family->table, r->route, &params)) return FALSE;
    return make_v1_data(r, info, data);
}

static void commit_route_locked(struct v2_route *r, struct rtm_route_data *data, struct v2_entity *entity,
        BOOL significant, BOOL forwarding, ULONG ttl, DWORD *flags)
{
    struct eng_route_params params;
    struct eng_change change;
    BOOL v1 = r->family->af == AF_INET;
    enum eng_status status;

    route_params(&r->info, ttl, &params);
    r->expired = FALSE;
    /* the engine changes the payload before observers run: RTM v1 clients
     * of the shared IPv4 table need the old best route kept for them */
    if (v1) rtm_v1_begin_update(r->route);
    status = eng_route_update_locked(r->family->table, r->route, &params, data, significant,
                                     &entity->owner, &change);
    if (v1) rtm_v1_end_update();
    if (status)
    {
        /* reserve_commit_locked took what this needs */
        ERR("route %p: engine update failed (%d)\n", r->h.handle, status);
        rtm_attrs_put(data->attrs);
        return;
    }
    rtm_aging_schedule(params.expire);
    if (change.views || (significant && route_is_best(r->route))) *flags |= RTM_ROUTE_CHANGE_BEST;
    if (forwarding && route_is_best(r->route))
        v2_mark_changed_locked(r->family, r->route->dest, r->route->views, RTM_CHANGE_TYPE_FORWARDING);
    if (!change.views) v2_mark_changed_locked(r->family, r->route->dest, V2_VIEWS_SUPPORTED, 0);
}

/**********************************************************************
 *      RtmAddRouteToDest (RTM.@)
 */
DWORD WINAPI RtmAddRouteToDest(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_ROUTE_HANDLE RouteHandle,
        PRTM_NET_ADDRESS DestAddress, PRTM_ROUTE_INFO RouteInfo, ULONG TimeToLive,
        RTM_ROUTE_LIST_HANDLE RouteListHandle, RTM_NOTIFY_FLAGS NotifyType,
        RTM_NOTIFY_HANDLE NotifyHandle, PRTM_ROUTE_CHANGE_FLAGS ChangeFlags)
{
    HANDLE old[V2_MAX_NEXTHOPS + 1];
    struct v2_route_list *list = NULL;
    struct v2_route *r = NULL, *found = NULL;
    struct v2_entity *entity;
    struct v2_family *family;
    struct eng_prefix prefix;
    struct eng_add_key key;
    struct eng_dest *dest = NULL;
    struct eng_route_params params;
    struct rtm_route_data data;
    struct eng_change change;
    RTM_ROUTE_INFO empty;
    unsigned int nold = 0, i;
    BOOL significant, forwarding;
    DWORD in, ret = NO_ERROR;

    TRACE("(%p, %p, %p, %p, %lu, %p, %lu, %p, %p)\n", RtmRegHandle, RouteHandle, DestAddress, RouteInfo,
          TimeToLive, RouteListHandle, NotifyType, NotifyHandle, ChangeFlags);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    family = entity->family;
    if (!RouteInfo || !ChangeFlags || !check_route_info(entity, RouteInfo))
    {
        WARN("invalid route info %p\n", RouteInfo);
        v2_put(entity);
        return ERROR_INVALID_PARAMETER;
    }
    if (RouteListHandle && !(list = v2_grab_list(RouteListHandle, entity)))
    {
        v2_put(entity);
        return ERROR_INVALID_HANDLE;
    }
    in = *ChangeFlags;
    *ChangeFlags = 0;
    memset(&empty, 0, sizeof(empty));

    if (RouteHandle && *RouteHandle)
    {
        if (!(found = v2_grab(*RouteHandle, V2_ROUTE))) ret = ERROR_INVALID_HANDLE;
        else if (found->owner != entity) ret = ERROR_ACCESS_DENIED;
        else if (!found->in_table) ret = ERROR_NOT_FOUND;
    }
    else if (!v2_net_to_prefix(family, DestAddress, &prefix)) ret = ERROR_INVALID_PARAMETER;
    if (ret) goto done;

    /* a new route may create its dest, see v2_dest_spares_ready_locked */
    for (;;)
    {
        if (!v2_write_lock(family->table, 1))
        {
            ret = ERROR_NOT_ENOUGH_MEMORY;
            goto done;
        }
        v2_lock();
        if (found || v2_dest_spares_ready_locked(family)) break;
        v2_unlock();
        eng_table_write_unlock(family->table);
        if (!v2_dest_spares_refill(family))
        {
            ret = ERROR_NOT_ENOUGH_MEMORY;
            goto done;
        }
    }
    if (!found)
    {
        /* as in RTM v1's add: a new route goes to the dest found here
         * without a second hash lookup */
        dest = eng_dest_find_for_add_locked(family->table, &prefix, &key);
    }
    if (dest && !(in & RTM_ROUTE_CHANGE_NEW))
    {
        for (i = 0; i < dest->nroutes && !found; i++)
        {
            struct v2_route *cand = v2_route_ext(dest->routes[i]);

            if (!cand || cand->owner != entity || !cand->in_table) continue;
            if ((in & RTM_ROUTE_CHANGE_FIRST) || cand->info.Neighbour == RouteInfo->Neighbour)
            {
                found = cand;
                InterlockedIncrement(&found->h.obj.refs);
            }
        }
    }
    if (!v2_entity_registered_locked(entity)) ret = ERROR_INVALID_HANDLE;
    else if (!hops_live_locked(RouteInfo))
    {
        WARN("a next hop of route info %p is gone\n", RouteInfo);
        ret = ERROR_INVALID_HANDLE;
    }
    else if (found && found->in_table && !reserve_commit_locked(found, RouteInfo, TimeToLive, &data))
        ret = ERROR_NOT_ENOUGH_MEMORY;
    else if (found && found->in_table)
    {
        significant = found->info.PrefInfo.Preference != RouteInfo->PrefInfo.Preference ||
                      found->info.PrefInfo.Metric != RouteInfo->PrefInfo.Metric ||
                      found->info.BelongsToViews != RouteInfo->BelongsToViews ||
                      found->info.Flags != RouteInfo->Flags ||
                      found->info.Neighbour != RouteInfo->Neighbour;
        forwarding = set_route_fields_locked(found, RouteInfo, old, &nold);
        significant |= forwarding;
        commit_route_locked(found, &data, entity, significant, forwarding, TimeToLive, ChangeFlags);
        if (list) move_to_list_locked(found, list);
        if (RouteHandle && !*RouteHandle)
        {
            v2_ref(&found->h, FALSE);
            *RouteHandle = found->h.handle;
        }
    }
    else if (found) ret = ERROR_NOT_FOUND;
    else if (!(r = v2_alloc_locked(&family->route_slab))) ret = ERROR_NOT_ENOUGH_MEMORY;
    else
    {
        r->family = family;
        r->owner = entity;
        r->in_table = TRUE;
        rtm_list_init(&r->list_entry);
        r->info.RouteOwner = entity->h.handle;
        r->info.State = RTM_ROUTE_STATE_CREATED;
        memset(&params, 0, sizeof(params));
        params.preference = RouteInfo->PrefInfo.Preference;
        params.metric = RouteInfo->PrefInfo.Metric;
        params.views = RouteInfo->BelongsToViews;
        params.expire = ms_expiry(TimeToLive);
        params.timestamp = rtm_filetime_now();
        if (!v2_publish(&r->h, V2_ROUTE, route_destroy, TRUE)) ret = ERROR_NOT_ENOUGH_MEMORY;
        else
        {
            set_route_fields_locked(r, RouteInfo, old, &nold);
            if (!make_v1_data(r, &r->info, &data) ||
                eng_route_add_to_dest_locked(family->table, dest, &key, &entity->owner, &params, &data,
                                             &entity->owner, &r->route, &change))
            {
                rtm_attrs_put(data.attrs);
                ret = ERROR_NOT_ENOUGH_MEMORY;
                r->in_table = FALSE;
                /* hand the references just taken back with the old ones */
                set_route_fields_locked(r, &empty, old, &nold);
            }
            else
            {
                eng_route_ref(r->route);
                InterlockedIncrement(&entity->h.obj.refs);
                r->info.DestHandle = v2_dest_handle_locked(family, r->route->dest, TRUE);
                *ChangeFlags = RTM_ROUTE_CHANGE_NEW;
                if (change.views) *ChangeFlags |= RTM_ROUTE_CHANGE_BEST;
                else v2_mark_changed_locked(family, r->route->dest, r->route->views, 0);
                rtm_aging_schedule(params.expire);
                if (list) move_to_list_locked(r, list);
                if (RouteHandle)
                {
                    v2_ref(&r->h, FALSE);
                    *RouteHandle = r->h.handle;
                }
            }
        }
    }
    v2_unlock();
    eng_table_write_unlock(family->table);

    if (ret && r && r->h.handle)
    {
        /* a published route that never made it into the table; a lookup of
         * a guessed handle may hold a reference to it meanwhile */
        r->owner = NULL;
        if (rtm_handle_close(r->h.handle, V2_ROUTE)) rtm_object_release(&r->h.obj);
        r = NULL;
    }
    else if (!ret && !found) r = NULL;
    for (i = 0; i < nold; i++) v2_release_handle_quiet(old[i], V2_NEXTHOP, FALSE);

done:
    if (r) slab_free(&family->route_slab, r);
    v2_put(found);
    v2_put(list);
    v2_put(entity);
    return ret;
}

/**********************************************************************
 *      RtmDeleteRouteToDest (RTM.@)
 */
DWORD WINAPI RtmDeleteRouteToDest(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_HANDLE RouteHandle,
        PRTM_ROUTE_CHANGE_FLAGS ChangeFlags)
{
    struct v2_entity *entity;
    struct v2_route *r;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %p)\n", RtmRegHandle, RouteHandle, ChangeFlags);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    if (!(r = v2_grab(RouteHandle, V2_ROUTE)))
    {
        v2_put(entity);
        return ERROR_INVALID_HANDLE;
    }
    if (ChangeFlags) *ChangeFlags = 0;
    if (r->owner != entity) ret = ERROR_ACCESS_DENIED;
    else if (!(ret = remove_route(r, entity, REMOVE_DELETE, ChangeFlags)))
        v2_unref(&r->h, FALSE);     /* the caller's, as documented */
    v2_put(r);
    v2_put(entity);
    return ret;
}

/**********************************************************************
 *      RtmGetRouteInfo (RTM.@)
 */
DWORD WINAPI RtmGetRouteInfo(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_HANDLE RouteHandle,
        PRTM_ROUTE_INFO RouteInfo, PRTM_NET_ADDRESS DestAddress)
{
    struct v2_route *r;

    TRACE("(%p, %p, %p, %p)\n", RtmRegHandle, RouteHandle, RouteInfo, DestAddress);

    if (!v2_entity_valid(RtmRegHandle) || !(r = v2_grab(RouteHandle, V2_ROUTE))) return ERROR_INVALID_HANDLE;
    eng_table_read_lock(r->family->table);
    if (RouteInfo) fill_route_info_locked(r, RouteInfo);
    if (DestAddress) v2_prefix_to_net(r->family, &r->route->dest->prefix, DestAddress);
    eng_table_read_unlock(r->family->table);
    v2_put(r);
    return NO_ERROR;
}

/**********************************************************************
 *      RtmReleaseRouteInfo (RTM.@)
 */
DWORD WINAPI RtmReleaseRouteInfo(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_ROUTE_INFO RouteInfo)
{
    TRACE("(%p, %p)\n", RtmRegHandle, RouteInfo);

    if (!v2_entity_valid(RtmRegHandle)) return ERROR_INVALID_HANDLE;
    if (!RouteInfo) return ERROR_INVALID_PARAMETER;
    return release_route_info(RouteInfo);
}

/**********************************************************************
 *      RtmReleaseRoutes (RTM.@)
 */
DWORD WINAPI RtmReleaseRoutes(RTM_ENTITY_HANDLE RtmRegHandle, UINT NumRoutes, PRTM_ROUTE_HANDLE RouteHandles)
{
    TRACE("(%p, %u, %p)\n", RtmRegHandle, NumRoutes, RouteHandles);
    return v2_release_handles(RtmRegHandle, NumRoutes, RouteHandles, V2_ROUTE);
}

/* whether a route matches the criteria of RtmGetExactMatchRoute / route enumerations */
BOOL v2_route_matches_locked(struct eng_route *route, DWORD match, const RTM_ROUTE_INFO *criteria, ULONG iface)
{
    struct v2_route *r = v2_route_ext(route);
    struct v2_nexthop *nh;
    unsigned int i, count;
    BOOL found;

    count = r ? info_nexthop_count(&r->info) : 0;
    if ((match & RTM_MATCH_OWNER) && criteria && (r ? r->owner->h.handle : NULL) != criteria->RouteOwner) return FALSE;
    if ((match & RTM_MATCH_NEIGHBOUR) && criteria && (r ? r->info.Neighbour : NULL) != criteria->Neighbour) return FALSE;
    if ((match & RTM_MATCH_PREF) && criteria && (route->preference != criteria->PrefInfo.Preference ||
                                                 route->metric != criteria->PrefInfo.Metric)) return FALSE;
    if ((match & RTM_MATCH_NEXTHOP) && criteria && criteria->NextHopsList.NumNextHops)
    {
        if (!r) return FALSE;
        for (i = 0, found = FALSE; i < count; i++)
            if (r->info.NextHopsList.NextHops[i] == criteria->NextHopsList.NextHops[0]) found = TRUE;
        if (!found) return FALSE;
    }
    if (match & RTM_MATCH_INTERFACE)
    {
        if (!r) return v2_route_data(route)->attrs->interface == iface;
        for (i = 0, found = FALSE; i < count; i++)
        {
            if (!(nh = v2_grab(r->info.NextHopsList.NextHops[i], V2_NEXTHOP))) continue;
            if (nh->info.InterfaceIndex == iface) found = TRUE;
            v2_put(nh);
        }
        if (!found) return FALSE;
    }
    return TRUE;
}

/**********************************************************************
 *      RtmGetExactMatchRoute (RTM.@)
 */
DWORD WINAPI RtmGetExactMatchRoute(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_NET_ADDRESS DestAddress,
        RTM_MATCH_FLAGS MatchingFlags, PRTM_ROUTE_INFO RouteInfo, ULONG InterfaceIndex,
        RTM_VIEW_SET TargetViews, PRTM_ROUTE_HANDLE RouteHandle)
{
    struct v2_entity *entity;
    struct v2_family *family;
    struct eng_prefix prefix;
    struct eng_route *route, *match = NULL;
    struct eng_dest *dest;
    struct v2_route *r;
    RTM_VIEW_SET views;
    DWORD ret = NO_ERROR;
    unsigned int i;
    HANDLE handle;

    TRACE("(%p, %p, %#lx, %p, %lu, %#lx, %p)\n", RtmRegHandle, DestAddress, MatchingFlags, RouteInfo,
          InterfaceIndex, TargetViews, RouteHandle);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    family = entity->family;
    if (!RouteInfo || !v2_check_views(TargetViews, &views) || !v2_net_to_prefix(family, DestAddress, &prefix))
    {
        v2_put(entity);
        return ERROR_INVALID_PARAMETER;
    }
    eng_table_read_lock(family->table);
    v2_lock();
    if ((dest = eng_dest_find_locked(family->table, &prefix)))
    {
        for (i = 0; i < dest->nroutes; i++)
        {
            route = dest->routes[i];
            if (views && !(route->views & views)) continue;
            if (!v2_route_matches_locked(route, MatchingFlags, RouteInfo, InterfaceIndex)) continue;
            if (!match || v2_route_better(route, match)) match = route;
        }
    }
    if (!match) ret = ERROR_NOT_FOUND;
    else if (!(handle = v2_route_handle(family, match))) ret = ERROR_NOT_ENOUGH_MEMORY;
    else
    {
        r = v2_grab(handle, V2_ROUTE);
        fill_route_info_locked(r, RouteInfo);
        v2_put(r);
        if (RouteHandle) *RouteHandle = handle;
        else v2_unref(&r->h, FALSE);
    }
    v2_unlock();
    eng_table_read_unlock(family->table);
    v2_put(entity);
    return ret;
}

/**********************************************************************
 *      RtmIsBestRoute (RTM.@)
 */
DWORD WINAPI RtmIsBestRoute(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_HANDLE RouteHandle, PRTM_VIEW_SET BestInViews)
{
    struct v2_route *r;
    unsigned int v;

    TRACE("(%p, %p, %p)\n", RtmRegHandle, RouteHandle, BestInViews);

    if (!v2_entity_valid(RtmRegHandle) || !(r = v2_grab(RouteHandle, V2_ROUTE))) return ERROR_INVALID_HANDLE;
    if (!BestInViews)
    {
        v2_put(r);
        return ERROR_INVALID_PARAMETER;
    }
    *BestInViews = 0;
    eng_table_read_lock(r->family->table);
    if (!(r->route->flags & ENG_ROUTE_DELETED))
        for (v = 0; v < V2_NUM_VIEWS; v++)
            if (r->route->dest->best[v] == r->route) *BestInViews |= 1u << v;
    eng_table_read_unlock(r->family->table);
    v2_put(r);
    return NO_ERROR;
}

/* the route behind a handle if the entity owns it */
static DWORD own_route(HANDLE entity_handle, HANDLE handle, struct v2_route **out)
{
    struct v2_entity *entity;
    struct v2_route *r;

    if (!(entity = v2_grab_entity(entity_handle))) return ERROR_INVALID_HANDLE;
    v2_put(entity);
    if (!(r = v2_grab(handle, V2_ROUTE))) return ERROR_INVALID_HANDLE;
    if (r->owner != entity)
    {
        v2_put(r);
        return ERROR_ACCESS_DENIED;
    }
    *out = r;
    return NO_ERROR;
}

/**********************************************************************
 *      RtmGetRoutePointer (RTM.@)
 */
DWORD WINAPI RtmGetRoutePointer(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_HANDLE RouteHandle, PRTM_ROUTE_INFO *RoutePointer)
{
    struct v2_route *r;
    DWORD ret;

    TRACE("(%p, %p, %p)\n", RtmRegHandle, RouteHandle, RoutePointer);

    if (!RoutePointer) return ERROR_INVALID_PARAMETER;
    if ((ret = own_route(RtmRegHandle, RouteHandle, &r))) return ret;
    *RoutePointer = &r->info;
    v2_put(r);
    return NO_ERROR;
}

/**********************************************************************
 *      RtmLockRoute (RTM.@)
 */
DWORD WINAPI RtmLockRoute(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_HANDLE RouteHandle, BOOL Exclusive,
        BOOL LockRoute, PRTM_ROUTE_INFO *RoutePointer)
{
    struct v2_route *r;
    DWORD ret;

    TRACE("(%p, %p, %d, %d, %p)\n", RtmRegHandle, RouteHandle, Exclusive, LockRoute, RoutePointer);

    if ((ret = own_route(RtmRegHandle, RouteHandle, &r))) return ret;
    /* as documented, the whole destination is locked */
    if (LockRoute)
    {
        v2_lock_object(r->route->dest, V2_LOCK_DEST, Exclusive);
        if (RoutePointer) *RoutePointer = &r->info;
    }
    else ret = v2_unlock_object(r->route->dest, V2_LOCK_DEST, Exclusive);
    v2_put(r);
    return ret;
}

/**********************************************************************
 *      RtmUpdateAndUnlockRoute (RTM.@)
 */
DWORD WINAPI RtmUpdateAndUnlockRoute(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_HANDLE RouteHandle,
        ULONG TimeToLive, RTM_ROUTE_LIST_HANDLE RouteListHandle, RTM_NOTIFY_FLAGS NotifyType,
        RTM_NOTIFY_HANDLE NotifyHandle, PRTM_ROUTE_CHANGE_FLAGS ChangeFlags)
{
    struct v2_route_list *list = NULL;
    struct rtm_route_data data;
    struct v2_route *r;
    DWORD flags = 0, ret;
    BOOL forwarding;

    TRACE("(%p, %p, %lu, %p, %lu, %p, %p)\n", RtmRegHandle, RouteHandle, TimeToLive, RouteListHandle,
          NotifyType, NotifyHandle, ChangeFlags);

    if ((ret = own_route(RtmRegHandle, RouteHandle, &r))) return ret;
    /* the exclusive lock of RtmLockRoute goes on success only: after a
     * failure the caller unlocks with RtmLockRoute (the page's remarks) */
    if (!v2_object_locked_exclusive(r->route->dest, V2_LOCK_DEST))
    {
        WARN("route %p is not locked exclusive\n", RouteHandle);
        ret = ERROR_NOT_OWNER;
    }
    else if (RouteListHandle && !(list = v2_grab_list(RouteListHandle, r->owner))) ret = ERROR_INVALID_HANDLE;
    else if (!check_route_info(r->owner, &r->info)) ret = ERROR_INVALID_PARAMETER;
    else if (!v2_write_lock(r->family->table, 1)) ret = ERROR_NOT_ENOUGH_MEMORY;
    else
    {
        v2_lock();
        if (!r->in_table) ret = ERROR_NOT_FOUND;
        else if (!hops_live_locked(&r->info))
        {
            WARN("a next hop of route %p is gone\n", RouteHandle);
            ret = ERROR_INVALID_HANDLE;
        }
        else if (!reserve_commit_locked(r, &r->info, TimeToLive, &data)) ret = ERROR_NOT_ENOUGH_MEMORY;
        else
        {
            forwarding = retake_hops_locked(r);
            commit_route_locked(r, &data, r->owner, TRUE, forwarding, TimeToLive, &flags);
            if (list) move_to_list_locked(r, list);
        }
        v2_unlock();
        eng_table_write_unlock(r->family->table);
    }
    /* the update is done: an unlock refused now (someone else's bogus
     * unlock came in between) is only WARNed about */
    if (!ret) v2_unlock_object(r->route->dest, V2_LOCK_DEST, TRUE);
    if (!ret && ChangeFlags) *ChangeFlags = flags;
    v2_put(list);
    v2_put(r);
    return ret;
}

/* ---- route lists ----------------------------------------------------------- */

static void route_list_destroy(struct rtm_object *obj)
{
    struct v2_route_list *list = CONTAINING_RECORD(obj, struct v2_route_list, h.obj);

    v2_put(list->entity);
    free(list);
}

/**********************************************************************
 *      RtmCreateRouteList (RTM.@)
 */
DWORD WINAPI RtmCreateRouteList(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_ROUTE_LIST_HANDLE RouteListHandle)
{
    struct v2_route_list *list;
    struct v2_entity *entity;

    TRACE("(%p, %p)\n", RtmRegHandle, RouteListHandle);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    if (!RouteListHandle)
    {
        v2_put(entity);
        return ERROR_INVALID_PARAMETER;
    }
    if (!(list = calloc(1, sizeof(*list))))
    {
        v2_put(entity);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    list->entity = entity;      /* takes over the reference */
    rtm_list_init(&list->routes);
    if (!v2_publish(&list->h, V2_ROUTE_LIST, route_list_destroy, FALSE))
    {
        v2_put(entity);
        free(list);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    *RouteListHandle = list->h.handle;
    return NO_ERROR;
}

/**********************************************************************
 *      RtmDeleteRouteList (RTM.@)
 */
DWORD WINAPI RtmDeleteRouteList(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_LIST_HANDLE RouteListHandle)
{
    struct v2_route_list *list;
    struct v2_entity *entity;
    BOOL ours;

    TRACE("(%p, %p)\n", RtmRegHandle, RouteListHandle);

    if (!(entity = v2_grab(RtmRegHandle, V2_ENTITY))) return ERROR_INVALID_HANDLE;
    list = v2_grab_list(RouteListHandle, entity);
    v2_put(entity);
    if (!list) return ERROR_INVALID_HANDLE;
    v2_lock();
    if ((ours = !list->deleted))
    {
        list->deleted = TRUE;
        while (!rtm_list_empty(&list->routes))
            route_list_unlink_locked(RTM_LIST_ENTRY(list->routes.next, struct v2_route, list_entry));
    }
    v2_unlock();
    if (ours) v2_unref(&list->h, FALSE);
    v2_put(list);
    return ours ? NO_ERROR : ERROR_INVALID_HANDLE;
}

/**********************************************************************
 *      RtmInsertInRouteList (RTM.@)
 */
DWORD WINAPI RtmInsertInRouteList(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ROUTE_LIST_HANDLE RouteListHandle,
        UINT NumRoutes, PRTM_ROUTE_HANDLE RouteHandles)
{
    struct v2_route_list *list = NULL;
    struct v2_entity *entity;
    struct v2_route *r;
    DWORD ret = NO_ERROR;
    UINT i;

    TRACE("(%p, %p, %u, %p)\n", RtmRegHandle, RouteListHandle, NumRoutes, RouteHandles);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    if (RouteListHandle && !(list = v2_grab_list(RouteListHandle, entity))) ret = ERROR_INVALID_HANDLE;
    else if (NumRoutes && !RouteHandles) ret = ERROR_INVALID_PARAMETER;
    for (i = 0; !ret && i < NumRoutes; i++)
    {
        /* only routes the entity owns, and that are in the table, go on its lists */
        if (!(r = v2_grab(RouteHandles[i], V2_ROUTE)) || r->owner != entity)
        {
            WARN("route %p is not one of entity %p\n", RouteHandles[i], RtmRegHandle);
            ret = ERROR_INVALID_HANDLE;
        }
        else
        {
            v2_lock();
            move_to_list_locked(r, list);
            v2_unlock();
        }
        v2_put(r);
    }
    v2_put(list);
    v2_put(entity);
    return ret;
}
