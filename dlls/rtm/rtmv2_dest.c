/*
 * RTMv2 destinations: dest data and handles, dest infos and queries, hold-down
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
 * DOC: destinations
 *
 * A dest is the engine's.  What RTMv2 adds lives in its layer data
 * (eng_dest.layer, struct v2_dest_data, created on demand under v2_cs):
 * the cached handle object, opaque pointers, change marks and the hold-down
 * settings.  The data goes once the dest left the table and nothing needs
 * it any more (v2_dest_data_check_locked).
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

/* A change of dests needs their data (change marks) once the table changed,
 * when it is too late to fail, and a new route its dest's object (its
 * DestHandle); the dests may be new.  The family keeps spares, which the two
 * functions below fall back on: one object, and data for as many dests as
 * the largest change reserved for (a chunk of RTM_CHUNK at most, kept for
 * the next one).  A writer checks that they are there under the lock that
 * keeps the other writers out for the whole change, and else refills them
 * with no lock held. */
BOOL v2_dest_spares_ready_locked(const struct v2_family *family)
{
    return family->nspare_data && family->spare_dest;
}

/* under v2_cs: how many of count spare data there are, allocating the rest */
static size_t refill_data_locked(struct v2_family *family, size_t count)
{
    struct v2_dest_data *data;

    while (family->nspare_data < count && (data = v2_alloc_locked(&family->data_slab)))
    {
        rtm_list_add_tail(&family->spare_data, &data->changed_entry);
        __atomic_store_n(&family->nspare_data, family->nspare_data + 1, __ATOMIC_RELEASE);
    }
    return min(family->nspare_data, count);
}

BOOL v2_dest_spares_refill(struct v2_family *family)
{
    BOOL ret;

    v2_lock();
    refill_data_locked(family, 1);
    if (!family->spare_dest) family->spare_dest = v2_alloc_locked(&family->dest_slab);
    ret = v2_dest_spares_ready_locked(family);
    v2_unlock();
    return ret;
}

static struct v2_family *family_of_table(const struct eng_table *table)
{
    unsigned int i;

    for (i = 0; i < V2_NUM_FAMILIES; i++)
        if (__atomic_load_n(&v2_families[i].table, __ATOMIC_ACQUIRE) == table) return &v2_families[i];
    return NULL;
}

/* The same for the changes of a table that RTMv2 shares by the other
 * writers (RTM v1's calls and aging, main.c), which do not hold v2_cs and
 * change count dests at most: with the table write lock held, whether there
 * is spare data for each; else, with no table lock held, refills them and
 * returns for how many dests, less than count when memory ran out.  Other
 * writers of the table are kept out by its lock; a call of another thread
 * that finds no memory for a dest's data may still take a spare meanwhile,
 * which needs two allocations to fail at once.  A table RTMv2 does not use
 * needs none. */
BOOL rtm_v2_ready_locked(struct eng_table *table, size_t count)
{
    struct v2_family *family = family_of_table(table);

    return !family || __atomic_load_n(&family->nspare_data, __ATOMIC_ACQUIRE) >= count;
}

size_t rtm_v2_reserve(struct eng_table *table, size_t count)
{
    struct v2_family *family = family_of_table(table);

    if (!family) return count;
    v2_lock();
    count = refill_data_locked(family, count);
    v2_unlock();
    return count;
}

struct v2_dest_data *v2_dest_data_locked(struct v2_family *family, struct eng_dest *dest)
{
    struct v2_dest_data *data;

    if ((data = dest->layer)) return data;
    if (!(data = v2_alloc_locked(&family->data_slab)))
    {
        if (!family->nspare_data) return NULL;
        data = RTM_LIST_ENTRY(family->spare_data.next, struct v2_dest_data, changed_entry);
        rtm_list_remove(&data->changed_entry);
        __atomic_store_n(&family->nspare_data, family->nspare_data - 1, __ATOMIC_RELEASE);
    }
    rtm_list_init(&data->changed_entry);
    data->opaque_epoch = family->opaque_epoch;
    data->dest = dest;
    eng_dest_ref(dest);
    dest->layer = data;
    return data;
}

/* The opaque pointer of a slot for its entity.  What a slot's earlier owner
 * left in a dest is not the new owner's: a slot reserved since the dest's
 * pointers were last checked starts NULL again (the documented samples take
 * a pointer that is set for the entity's own). */
static void **v2_dest_opaque_locked(const struct v2_family *family, struct v2_dest_data *data, unsigned int slot)
{
    unsigned int i;

    if (data->opaque_epoch != family->opaque_epoch)
    {
        for (i = 0; i < V2_MAX_OPAQUE; i++)
            if (family->opaque_reserved[i] - data->opaque_epoch - 1 < family->opaque_epoch - data->opaque_epoch)
                data->opaque[i] = NULL;
        data->opaque_epoch = family->opaque_epoch;
    }
    return &data->opaque[slot];
}

/* frees the data of a dest that left the table once nothing needs it */
void v2_dest_data_check_locked(struct v2_family *family, struct eng_dest *dest)
{
    struct v2_dest_data *data = dest->layer;

    if (!data || !(dest->flags & ENG_DEST_DELETED) || data->changed || data->obj) return;
    dest->layer = NULL;
    slab_free_locked(&family->data_slab, data);
    eng_dest_release(family->table, dest);
}

static void dest_destroy(struct rtm_object *obj)
{
    struct v2_dest *d = CONTAINING_RECORD(obj, struct v2_dest, h.obj);

    eng_dest_release(d->family->table, d->dest);
    slab_free(&d->family->dest_slab, d);
}

/* a referenced handle for a dest; NULL when out of memory */
HANDLE v2_dest_handle_locked(struct v2_family *family, struct eng_dest *dest, BOOL internal)
{
    struct v2_dest_data *data;
    struct v2_dest *d;

    if (!(data = v2_dest_data_locked(family, dest))) return NULL;
    if ((d = data->obj))
    {
        v2_ref(&d->h, internal);
        return d->h.handle;
    }
    if (!(d = v2_alloc_locked(&family->dest_slab)))
    {
        if (!(d = family->spare_dest)) return NULL;
        family->spare_dest = NULL;
    }
    d->family = family;
    d->dest = dest;
    eng_dest_ref(dest);
    if (!v2_publish(&d->h, V2_DEST, dest_destroy, internal))
    {
        eng_dest_release(family->table, dest);
        slab_free(&family->dest_slab, d);
        return NULL;
    }
    data->obj = d;
    return d->h.handle;
}

/* called under v2_cs when the last reference of an object, of either kind, goes */
void v2_object_gone_locked(struct v2_object *h)
{
    struct v2_dest *d;
    struct v2_dest_data *data;

    if (h->obj.type != V2_DEST) return;
    d = CONTAINING_RECORD(h, struct v2_dest, h);
    if ((data = d->dest->layer) && data->obj == d)
    {
        data->obj = NULL;
        v2_dest_data_check_locked(d->family, d->dest);
    }
}

/* Arrays of dest infos (enumerations, changed dests) have room for every
 * view of the registration profile (NumberOfViews), as the documented
 * samples size and walk them, whatever views each info carries. */
RTM_DEST_INFO *v2_dest_info_at(RTM_DEST_INFO *infos, unsigned int i)
{
    return (RTM_DEST_INFO *)((char *)infos + i * RTM_SIZE_OF_DEST_INFO(V2_NUM_VIEWS));
}

/* The dest's handle object when it can be referenced with the table lock
 * alone: an RTMv2 route of the dest names the dest's handle, holding a
 * reference on it, and stays linked while the lock is held. */
static struct v2_dest *stable_dest_object(const struct eng_dest *dest, const struct v2_route *named_by)
{
    const struct v2_dest_data *data;

    if (!named_by || !(data = dest->layer) || !data->obj || data->obj->h.handle != named_by->info.DestHandle)
        return NULL;
    return data->obj;
}

static void lock_once(BOOL *locked)
{
    if (*locked) return;
    v2_lock();
    *locked = TRUE;
}

/* Fills a dest info with references, under the table lock; views as checked
 * by v2_check_views.  A dest whose info only names RTMv2 routes, the usual
 * case, needs no v2_cs: their handles exist and are referenced (see the DOC
 * of rtmv2.c), so that lookups run in parallel.  A route of an RTM v1 client
 * needs a wrapper made, and a dest without an RTMv2 route maybe a handle. */
DWORD v2_fill_dest_info(struct v2_family *family, struct eng_dest *dest,
        ULONG protocol, RTM_VIEW_SET views, RTM_DEST_INFO *info)
{
    struct v2_route *r, *named_by = NULL;
    struct v2_dest_data *data;
    struct eng_route *route;
    unsigned int i, v, n = 0;
    uint64_t newest = 0;
    BOOL locked = FALSE;
    struct v2_dest *d;

    /* On a large table each of these is a cache miss: start them together
     * (a route's payload may be on the line after its views) */
    __builtin_prefetch(dest->layer);
    for (i = 0; i < dest->nroutes; i++)
    {
        __builtin_prefetch(dest->routes[i]);
        __builtin_prefetch(dest->routes[i]->payload);
    }
    info->BelongsToViews = 0;
    for (i = 0; i < dest->nroutes; i++)
    {
        info->BelongsToViews |= dest->routes[i]->views;
        if (dest->routes[i]->timestamp > newest) newest = dest->routes[i]->timestamp;
        if ((r = v2_route_ext(dest->routes[i])))
        {
            __builtin_prefetch(r);
            __builtin_prefetch(&r->info);
            if (!named_by) named_by = r;
        }
    }
    if ((data = dest->layer) && data->obj) __builtin_prefetch(data->obj);
    if ((d = stable_dest_object(dest, named_by)))
    {
        v2_ref(&d->h, FALSE);
        info->DestHandle = d->h.handle;
    }
    else
    {
        lock_once(&locked);
        if (!(info->DestHandle = v2_dest_handle_locked(family, dest, FALSE)))
        {
            v2_unlock();
            return ERROR_NOT_ENOUGH_MEMORY;
        }
    }
    v2_prefix_to_net(family, &dest->prefix, &info->DestAddress);
    if ((data = dest->layer) && (data->last_changed.dwLowDateTime || data->last_changed.dwHighDateTime))
        info->LastChanged = data->last_changed;
    else
    {
        info->LastChanged.dwLowDateTime = (DWORD)newest;
        info->LastChanged.dwHighDateTime = newest >> 32;
    }
    for (v = 0; v < V2_NUM_VIEWS; v++)
    {
        if (!(views & (1u << v))) continue;
        memset(&info->ViewInfo[n], 0, sizeof(info->ViewInfo[n]));
        info->ViewInfo[n].ViewId = v;
        for (i = 0; i < dest->nroutes; i++)
            if (dest->routes[i]->views & (1u << v)) info->ViewInfo[n].NumRoutes++;
        if ((route = v2_best_route(dest, v, protocol)))
        {
            if (!(r = v2_route_ext(route))) lock_once(&locked);
            info->ViewInfo[n].Route = v2_route_handle(family, route);
            if (r)
            {
                info->ViewInfo[n].Owner = r->owner->h.handle;
                v2_ref(&r->owner->h, FALSE);
            }
        }
        for (i = 0; i < dest->nroutes; i++)
        {
            if (!(r = v2_route_ext(dest->routes[i])) || !r->held || !(r->held_views & (1u << v))) continue;
            v2_ref(&r->h, FALSE);
            info->ViewInfo[n].HoldRoute = r->h.handle;
            break;
        }
        n++;
    }
    if (locked) v2_unlock();
    info->NumberOfViews = n;
    /* a client releases what it got soon after: start the misses of the
     * slots RtmReleaseDestInfo looks up while the caller goes on */
    rtm_handle_prefetch(info->DestHandle);
    for (i = 0; i < n; i++) rtm_handle_prefetch(info->ViewInfo[i].Route);
    return NO_ERROR;
}

/* see release_route_info */
static DWORD release_dest_info(const RTM_DEST_INFO *info)
{
    unsigned int i, n = min(info->NumberOfViews, V2_NUM_VIEWS);

    /* the slots of the handles are cache misses that would otherwise come
     * one after the other */
    rtm_handle_prefetch(info->DestHandle);
    for (i = 0; i < n; i++)
    {
        rtm_handle_prefetch(info->ViewInfo[i].Route);
        rtm_handle_prefetch(info->ViewInfo[i].HoldRoute);
    }
    if (v2_release_handle(info->DestHandle, V2_DEST, FALSE)) return ERROR_INVALID_HANDLE;
    for (i = 0; i < n; i++)
    {
        v2_release_handle_quiet(info->ViewInfo[i].Route, V2_ROUTE, FALSE);
        v2_release_handle_quiet(info->ViewInfo[i].Owner, V2_ENTITY, FALSE);
        v2_release_handle_quiet(info->ViewInfo[i].HoldRoute, V2_ROUTE, FALSE);
    }
    return NO_ERROR;
}

/* the dest behind a handle, with its family's table read-locked on success */
static struct v2_dest *grab_dest_read(HANDLE handle)
{
    struct v2_dest *d;

    if (!(d = v2_grab(handle, V2_DEST))) return NULL;
    eng_table_read_lock(d->family->table);
    return d;
}

static void put_dest_read(struct v2_dest *d)
{
    eng_table_read_unlock(d->family->table);
    v2_put(d);
}

/* The start of the calls that describe a dest named by its handle: on
 * success the entity is referenced and the dest read-locked, to be undone
 * with put_dest_read() and v2_put(). */
static DWORD grab_entity_dest(RTM_ENTITY_HANDLE reg, RTM_DEST_HANDLE handle, RTM_VIEW_SET target_views,
        const void *info, struct v2_entity **entity, struct v2_dest **d, RTM_VIEW_SET *views)
{
    if (!(*entity = v2_grab_entity(reg))) return ERROR_INVALID_HANDLE;
    if (!info || !v2_check_views(target_views, views))
    {
        v2_put(*entity);
        return ERROR_INVALID_PARAMETER;
    }
    if (!(*d = grab_dest_read(handle)))
    {
        v2_put(*entity);
        return ERROR_INVALID_HANDLE;
    }
    return NO_ERROR;
}

/**********************************************************************
 *      RtmGetDestInfo (RTM.@)
 */
DWORD WINAPI RtmGetDestInfo(RTM_ENTITY_HANDLE RtmRegHandle, RTM_DEST_HANDLE DestHandle, ULONG ProtocolId,
        RTM_VIEW_SET TargetViews, PRTM_DEST_INFO DestInfo)
{
    struct v2_entity *entity;
    struct v2_dest *d;
    RTM_VIEW_SET views;
    DWORD ret;

    TRACE("(%p, %p, %lu, %#lx, %p)\n", RtmRegHandle, DestHandle, ProtocolId, TargetViews, DestInfo);

    if ((ret = grab_entity_dest(RtmRegHandle, DestHandle, TargetViews, DestInfo, &entity, &d, &views)))
        return ret;
    ret = v2_fill_dest_info(d->family, d->dest, v2_entity_protocol(entity, ProtocolId), views, DestInfo);
    put_dest_read(d);
    v2_put(entity);
    return ret;
}

/**********************************************************************
 *      RtmReleaseDestInfo (RTM.@)
 */
DWORD WINAPI RtmReleaseDestInfo(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_DEST_INFO DestInfo)
{
    TRACE("(%p, %p)\n", RtmRegHandle, DestInfo);

    if (!v2_entity_valid(RtmRegHandle)) return ERROR_INVALID_HANDLE;
    if (!DestInfo) return ERROR_INVALID_PARAMETER;
    return release_dest_info(DestInfo);
}

/**********************************************************************
 *      RtmReleaseDests (RTM.@)
 */
DWORD WINAPI RtmReleaseDests(RTM_ENTITY_HANDLE RtmRegHandle, UINT NumDests, PRTM_DEST_INFO DestInfos)
{
    DWORD ret = NO_ERROR;
    UINT i;

    TRACE("(%p, %u, %p)\n", RtmRegHandle, NumDests, DestInfos);

    if (!v2_entity_valid(RtmRegHandle)) return ERROR_INVALID_HANDLE;
    if (NumDests && !DestInfos) return ERROR_INVALID_PARAMETER;
    for (i = 0; i < NumDests; i++)
        if (release_dest_info(v2_dest_info_at(DestInfos, i))) ret = ERROR_INVALID_HANDLE;
    return ret;
}

/* looks a dest up by address and fills its info */
static DWORD get_dest_by_address(HANDLE entity_handle, const RTM_NET_ADDRESS *addr, ULONG protocol,
        RTM_VIEW_SET target, RTM_DEST_INFO *info, BOOL exact)
{
    struct v2_family *family;
    struct eng_prefix prefix;
    struct eng_dest *dest;
    RTM_VIEW_SET views;
    DWORD ret;

    if (!v2_entity_args(entity_handle, &family, &protocol)) return ERROR_INVALID_HANDLE;
    if (!info || !v2_check_views(target, &views) || !v2_net_to_prefix(family, addr, &prefix))
        return ERROR_INVALID_PARAMETER;
    /* the first cache miss of the longest match, while the lock is taken */
    if (!exact) eng_lookup_prefetch(family->table, prefix.bytes);
    eng_table_read_lock(family->table);
    if (exact) dest = eng_dest_find_locked(family->table, &prefix);
    else
    {
        /* the longest dest with a best route in the views that covers the
         * address and is no longer than the given length; a full-length
         * address is the usual query, and the longest match answers it alone
         * (an exact find first would be a hash miss) */
        RTM_VIEW_SET want = views ? views : ENG_VIEW_ALL;

        dest = prefix.len < family->addr_bytes * 8 ? eng_dest_find_locked(family->table, &prefix) : NULL;
        if (!dest || !((dest->best[0] && (want & ENG_VIEW_UCAST)) || (dest->best[1] && (want & ENG_VIEW_MCAST))))
        {
            dest = eng_dest_lookup_locked(family->table, prefix.bytes, want);
            while (dest && dest->prefix.len > prefix.len)
                dest = eng_dest_less_specific_locked(family->table, dest, want);
        }
    }
    if (!dest || !dest->nroutes) ret = ERROR_NOT_FOUND;
    else ret = v2_fill_dest_info(family, dest, protocol, views, info);
    eng_table_read_unlock(family->table);
    return ret;
}

/**********************************************************************
 *      RtmGetExactMatchDestination (RTM.@)
 */
DWORD WINAPI RtmGetExactMatchDestination(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_NET_ADDRESS DestAddress,
        ULONG ProtocolId, RTM_VIEW_SET TargetViews, PRTM_DEST_INFO DestInfo)
{
    TRACE("(%p, %p, %lu, %#lx, %p)\n", RtmRegHandle, DestAddress, ProtocolId, TargetViews, DestInfo);
    return get_dest_by_address(RtmRegHandle, DestAddress, ProtocolId, TargetViews, DestInfo, TRUE);
}

/**********************************************************************
 *      RtmGetMostSpecificDestination (RTM.@)
 */
DWORD WINAPI RtmGetMostSpecificDestination(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_NET_ADDRESS DestAddress,
        ULONG ProtocolId, RTM_VIEW_SET TargetViews, PRTM_DEST_INFO DestInfo)
{
    TRACE("(%p, %p, %lu, %#lx, %p)\n", RtmRegHandle, DestAddress, ProtocolId, TargetViews, DestInfo);
    return get_dest_by_address(RtmRegHandle, DestAddress, ProtocolId, TargetViews, DestInfo, FALSE);
}

/**********************************************************************
 *      RtmGetLessSpecificDestination (RTM.@)
 */
DWORD WINAPI RtmGetLessSpecificDestination(RTM_ENTITY_HANDLE RtmRegHandle, RTM_DEST_HANDLE DestHandle,
        ULONG ProtocolId, RTM_VIEW_SET TargetViews, PRTM_DEST_INFO DestInfo)
{
    struct v2_entity *entity;
    struct eng_dest *dest;
    struct v2_dest *d;
    RTM_VIEW_SET views;
    DWORD ret;

    TRACE("(%p, %p, %lu, %#lx, %p)\n", RtmRegHandle, DestHandle, ProtocolId, TargetViews, DestInfo);

    if ((ret = grab_entity_dest(RtmRegHandle, DestHandle, TargetViews, DestInfo, &entity, &d, &views)))
        return ret;
    if (!(dest = eng_dest_less_specific_locked(d->family->table, d->dest, views ? views : ENG_VIEW_ALL)))
        ret = ERROR_NOT_FOUND;
    else ret = v2_fill_dest_info(d->family, dest, v2_entity_protocol(entity, ProtocolId), views, DestInfo);
    put_dest_read(d);
    v2_put(entity);
    return ret;
}

/**********************************************************************
 *      RtmLockDestination (RTM.@)
 */
DWORD WINAPI RtmLockDestination(RTM_ENTITY_HANDLE RtmRegHandle, RTM_DEST_HANDLE DestHandle, BOOL Exclusive, BOOL LockDest)
{
    struct v2_dest *d;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %d, %d)\n", RtmRegHandle, DestHandle, Exclusive, LockDest);

    if (!v2_entity_valid(RtmRegHandle)) return ERROR_INVALID_HANDLE;
    if (!(d = v2_grab(DestHandle, V2_DEST))) return ERROR_INVALID_HANDLE;
    if (LockDest) v2_lock_object(d->dest, V2_LOCK_DEST, Exclusive);
    else ret = v2_unlock_object(d->dest, V2_LOCK_DEST, Exclusive);
    v2_put(d);
    return ret;
}

/**********************************************************************
 *      RtmGetOpaqueInformationPointer (RTM.@)
 */
DWORD WINAPI RtmGetOpaqueInformationPointer(RTM_ENTITY_HANDLE RtmRegHandle, RTM_DEST_HANDLE DestHandle, PVOID *OpaqueInfoPointer)
{
    struct v2_dest_data *data;
    struct v2_entity *entity;
    struct v2_dest *d;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %p)\n", RtmRegHandle, DestHandle, OpaqueInfoPointer);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    if (!(d = v2_grab(DestHandle, V2_DEST)))
    {
        v2_put(entity);
        return ERROR_INVALID_HANDLE;
    }
    if (!OpaqueInfoPointer) ret = ERROR_INVALID_PARAMETER;
    else if (entity->opaque_slot < 0) ret = ERROR_NOT_FOUND;
    else
    {
        v2_lock();
        if (!v2_entity_registered_locked(entity)) ret = ERROR_INVALID_HANDLE;
        else if (!(data = v2_dest_data_locked(d->family, d->dest))) ret = ERROR_NOT_ENOUGH_MEMORY;
        else *OpaqueInfoPointer = v2_dest_opaque_locked(d->family, data, entity->opaque_slot);
        v2_unlock();
    }
    v2_put(d);
    v2_put(entity);
    return ret;
}

/**********************************************************************
 *      RtmHoldDestination (RTM.@)
 *
 * Hold-down applies when the last route of a held view is deleted: the route
 * stays, in no view, as the HoldRoute of its views until the hold time (the
 * longest asked for the dest) has passed, whatever routes arrive meanwhile.
 */
DWORD WINAPI RtmHoldDestination(RTM_ENTITY_HANDLE RtmRegHandle, RTM_DEST_HANDLE DestHandle,
        RTM_VIEW_SET TargetViews, ULONG HoldTime)
{
    struct v2_dest_data *data;
    struct v2_dest *d;
    RTM_VIEW_SET views;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %#lx, %lu)\n", RtmRegHandle, DestHandle, TargetViews, HoldTime);

    if (!v2_entity_valid(RtmRegHandle) || !(d = v2_grab(DestHandle, V2_DEST))) return ERROR_INVALID_HANDLE;
    if (!HoldTime || !v2_check_views(TargetViews, &views))
    {
        v2_put(d);
        return ERROR_INVALID_PARAMETER;
    }
    eng_table_read_lock(d->family->table);
    v2_lock();
    if (!(data = v2_dest_data_locked(d->family, d->dest))) ret = ERROR_NOT_ENOUGH_MEMORY;
    else
    {
        data->hold_views |= views ? views : V2_VIEWS_SUPPORTED;
        data->hold_time = max(data->hold_time, HoldTime);
    }
    v2_unlock();
    eng_table_read_unlock(d->family->table);
    v2_put(d);
    return ret;
}
