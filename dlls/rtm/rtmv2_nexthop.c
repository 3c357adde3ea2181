/*
 * RTMv2 next hops
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

static void nexthop_destroy(struct rtm_object *obj)
{
    struct v2_nexthop *nh = CONTAINING_RECORD(obj, struct v2_nexthop, h.obj);

    v2_put(nh->entity);
    free(nh);
}

static int nexthop_cmp(const RTM_NEXTHOP_INFO *a, const RTM_NEXTHOP_INFO *b)
{
    int ret;

    if ((ret = memcmp(a->NextHopAddress.AddrBits, b->NextHopAddress.AddrBits, RTM_MAX_ADDRESS_SIZE))) return ret;
    if (a->NextHopAddress.NumBits != b->NextHopAddress.NumBits)
        return a->NextHopAddress.NumBits < b->NextHopAddress.NumBits ? -1 : 1;
    if (a->InterfaceIndex != b->InterfaceIndex) return a->InterfaceIndex < b->InterfaceIndex ? -1 : 1;
    return 0;
}

/* the entity's next hop with that address and interface, or where it would go */
static struct v2_nexthop *find_nexthop_locked(struct v2_entity *entity, const RTM_NEXTHOP_INFO *info,
        struct rtm_list **insert_before)
{
    struct rtm_list *elem;
    struct v2_nexthop *nh;
    int cmp;

    for (elem = entity->nexthops.next; elem != &entity->nexthops; elem = elem->next)
    {
        nh = RTM_LIST_ENTRY(elem, struct v2_nexthop, entry);
        if (!(cmp = nexthop_cmp(&nh->info, info))) return nh;
        if (cmp > 0) break;
    }
    if (insert_before) *insert_before = elem;
    return NULL;
}

static BOOL check_nexthop_info(struct v2_entity *entity, const RTM_NEXTHOP_INFO *info)
{
    return info && info->NextHopAddress.AddressFamily == entity->family->af &&
           info->NextHopAddress.NumBits <= entity->family->addr_bytes * 8;
}

/**********************************************************************
 *      RtmAddNextHop (RTM.@)
 */
DWORD WINAPI RtmAddNextHop(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_NEXTHOP_INFO NextHopInfo,
        PRTM_NEXTHOP_HANDLE NextHopHandle, PRTM_NEXTHOP_CHANGE_FLAGS ChangeFlags)
{
    struct v2_entity *entity;
    struct v2_nexthop *nh = NULL, *found;
    struct rtm_list *before;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %p, %p)\n", RtmRegHandle, NextHopInfo, NextHopHandle, ChangeFlags);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    if (!check_nexthop_info(entity, NextHopInfo) || !ChangeFlags)
    {
        WARN("invalid parameters\n");
        v2_put(entity);
        return ERROR_INVALID_PARAMETER;
    }
    *ChangeFlags = 0;

    if (NextHopHandle && *NextHopHandle)
    {
        if (!(found = v2_grab(*NextHopHandle, V2_NEXTHOP)))
        {
            v2_put(entity);
            return ERROR_INVALID_HANDLE;
        }
        v2_lock();
        if (found->entity != entity) ret = ERROR_ACCESS_DENIED;
        else if (found->info.State == RTM_NEXTHOP_STATE_DELETED) ret = ERROR_NOT_FOUND;
        else
        {
            found->info.Flags = NextHopInfo->Flags;
            found->info.EntitySpecificInfo = NextHopInfo->EntitySpecificInfo;
            found->info.RemoteNextHop = NextHopInfo->RemoteNextHop;
        }
        v2_unlock();
        v2_put(found);
        v2_put(entity);
        return ret;
    }

    if (!(nh = calloc(1, sizeof(*nh))))
    {
        v2_put(entity);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    v2_lock();
    if (!v2_entity_registered_locked(entity)) ret = ERROR_INVALID_HANDLE;
    else if ((found = find_nexthop_locked(entity, NextHopInfo, &before)))
    {
        found->info.Flags = NextHopInfo->Flags;
        found->info.EntitySpecificInfo = NextHopInfo->EntitySpecificInfo;
        found->info.RemoteNextHop = NextHopInfo->RemoteNextHop;
        if (NextHopHandle)
        {
            v2_ref(&found->h, FALSE);
            *NextHopHandle = found->h.handle;
        }
    }
    else
    {
        nh->info = *NextHopInfo;
        nh->info.NextHopOwner = entity->h.handle;
        nh->info.State = RTM_NEXTHOP_STATE_CREATED;
        nh->entity = entity;
        InterlockedIncrement(&entity->h.obj.refs);
        if (!v2_publish(&nh->h, V2_NEXTHOP, nexthop_destroy, TRUE))
        {
            InterlockedDecrement(&entity->h.obj.refs);
            ret = ERROR_NOT_ENOUGH_MEMORY;
        }
        else
        {
            /* the list's reference, then the caller's */
            rtm_list_add_tail(before, &nh->entry);
            if (NextHopHandle)
            {
                v2_ref(&nh->h, FALSE);
                *NextHopHandle = nh->h.handle;
            }
            *ChangeFlags = RTM_NEXTHOP_CHANGE_NEW;
            nh = NULL;
        }
    }
    v2_unlock();
    free(nh);
    v2_put(entity);
    return ret;
}

/**********************************************************************
 *      RtmFindNextHop (RTM.@)
 */
DWORD WINAPI RtmFindNextHop(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_NEXTHOP_INFO NextHopInfo,
        PRTM_NEXTHOP_HANDLE NextHopHandle, PRTM_NEXTHOP_INFO *NextHopPointer)
{
    struct v2_entity *entity;
    struct v2_nexthop *nh;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %p, %p)\n", RtmRegHandle, NextHopInfo, NextHopHandle, NextHopPointer);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    if (!check_nexthop_info(entity, NextHopInfo))
    {
        v2_put(entity);
        return ERROR_INVALID_PARAMETER;
    }
    v2_lock();
    if (!(nh = find_nexthop_locked(entity, NextHopInfo, NULL))) ret = ERROR_NOT_FOUND;
    else
    {
        if (NextHopHandle)
        {
            v2_ref(&nh->h, FALSE);
            *NextHopHandle = nh->h.handle;
        }
        if (NextHopPointer) *NextHopPointer = &nh->info;
    }
    v2_unlock();
    v2_put(entity);
    return ret;
}

/**********************************************************************
 *      RtmDeleteNextHop (RTM.@)
 */
DWORD WINAPI RtmDeleteNextHop(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NEXTHOP_HANDLE NextHopHandle,
        PRTM_NEXTHOP_INFO NextHopInfo)
{
    struct v2_entity *entity;
    struct v2_nexthop *nh = NULL;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %p)\n", RtmRegHandle, NextHopHandle, NextHopInfo);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    if (NextHopHandle)
    {
        if (!(nh = v2_grab(NextHopHandle, V2_NEXTHOP))) ret = ERROR_INVALID_HANDLE;
    }
    else if (!check_nexthop_info(entity, NextHopInfo)) ret = ERROR_INVALID_PARAMETER;

    v2_lock();
    if (!ret && !nh)
    {
        if ((nh = find_nexthop_locked(entity, NextHopInfo, NULL))) InterlockedIncrement(&nh->h.obj.refs);
        else ret = ERROR_NOT_FOUND;
    }
    if (!ret && nh->entity != entity) ret = ERROR_ACCESS_DENIED;
    else if (!ret && nh->info.State == RTM_NEXTHOP_STATE_DELETED) ret = ERROR_NOT_FOUND;
    else if (!ret)
    {
        nh->info.State = RTM_NEXTHOP_STATE_DELETED;
        rtm_list_remove(&nh->entry);
    }
    v2_unlock();

    if (!ret)
    {
        v2_unref(&nh->h, TRUE);                    /* the list's reference */
        if (NextHopHandle) v2_unref(&nh->h, FALSE); /* the caller's, as documented */
    }
    v2_put(nh);
    v2_put(entity);
    return ret;
}

/**********************************************************************
 *      RtmGetNextHopInfo (RTM.@)
 */
DWORD WINAPI RtmGetNextHopInfo(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NEXTHOP_HANDLE NextHopHandle,
        PRTM_NEXTHOP_INFO NextHopInfo)
{
    struct v2_nexthop *nh;

    TRACE("(%p, %p, %p)\n", RtmRegHandle, NextHopHandle, NextHopInfo);

    if (!v2_entity_valid(RtmRegHandle) || !(nh = v2_grab(NextHopHandle, V2_NEXTHOP))) return ERROR_INVALID_HANDLE;
    if (!NextHopInfo)
    {
        v2_put(nh);
        return ERROR_INVALID_PARAMETER;
    }
    v2_lock();
    *NextHopInfo = nh->info;
    /* the next hop of an entity that deregistered outlives its owner's handle */
    if (!v2_ref_live(&nh->entity->h, FALSE)) NextHopInfo->NextHopOwner = NULL;
    v2_addref_handle(NextHopInfo->RemoteNextHop, V2_DEST, FALSE);
    v2_unlock();
    v2_put(nh);
    return NO_ERROR;
}

/**********************************************************************
 *      RtmReleaseNextHopInfo (RTM.@)
 */
DWORD WINAPI RtmReleaseNextHopInfo(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_NEXTHOP_INFO NextHopInfo)
{
    TRACE("(%p, %p)\n", RtmRegHandle, NextHopInfo);

    if (!v2_entity_valid(RtmRegHandle)) return ERROR_INVALID_HANDLE;
    if (!NextHopInfo) return ERROR_INVALID_PARAMETER;
    v2_release_handle_quiet(NextHopInfo->RemoteNextHop, V2_DEST, FALSE);
    if (!NextHopInfo->NextHopOwner) return NO_ERROR;    /* see RtmGetNextHopInfo */
    return v2_release_handle(NextHopInfo->NextHopOwner, V2_ENTITY, FALSE);
}

/* the next hop behind a handle if the entity owns it */
static DWORD own_nexthop(HANDLE entity_handle, HANDLE handle, struct v2_nexthop **out)
{
    struct v2_entity *entity;
    struct v2_nexthop *nh;

    if (!(entity = v2_grab_entity(entity_handle))) return ERROR_INVALID_HANDLE;
    v2_put(entity);
    if (!(nh = v2_grab(handle, V2_NEXTHOP))) return ERROR_INVALID_HANDLE;
    if (nh->entity != entity)
    {
        v2_put(nh);
        return ERROR_ACCESS_DENIED;
    }
    *out = nh;
    return NO_ERROR;
}

/**********************************************************************
 *      RtmGetNextHopPointer (RTM.@)
 */
DWORD WINAPI RtmGetNextHopPointer(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NEXTHOP_HANDLE NextHopHandle,
        PRTM_NEXTHOP_INFO *NextHopPointer)
{
    struct v2_nexthop *nh;
    DWORD ret;

    TRACE("(%p, %p, %p)\n", RtmRegHandle, NextHopHandle, NextHopPointer);

    if (!NextHopPointer) return ERROR_INVALID_PARAMETER;
    if ((ret = own_nexthop(RtmRegHandle, NextHopHandle, &nh))) return ret;
    *NextHopPointer = &nh->info;
    v2_put(nh);
    return NO_ERROR;
}

/**********************************************************************
 *      RtmLockNextHop (RTM.@)
 */
DWORD WINAPI RtmLockNextHop(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NEXTHOP_HANDLE NextHopHandle,
        BOOL Exclusive, BOOL LockNextHop, PRTM_NEXTHOP_INFO *NextHopPointer)
{
    struct v2_nexthop *nh;
    DWORD ret;

    TRACE("(%p, %p, %d, %d, %p)\n", RtmRegHandle, NextHopHandle, Exclusive, LockNextHop, NextHopPointer);

    if ((ret = own_nexthop(RtmRegHandle, NextHopHandle, &nh))) return ret;
    if (LockNextHop)
    {
        v2_lock_object(nh, V2_LOCK_NEXTHOP, Exclusive);
        if (NextHopPointer) *NextHopPointer = &nh->info;
    }
    else ret = v2_unlock_object(nh, V2_LOCK_NEXTHOP, Exclusive);
    v2_put(nh);
    return ret;
}

/**********************************************************************
 *      RtmReleaseNextHops (RTM.@)
 */
DWORD WINAPI RtmReleaseNextHops(RTM_ENTITY_HANDLE RtmRegHandle, UINT NumNextHops, PRTM_NEXTHOP_HANDLE NextHopHandles)
{
    TRACE("(%p, %u, %p)\n", RtmRegHandle, NumNextHops, NextHopHandles);
    return v2_release_handles(RtmRegHandle, NumNextHops, NextHopHandles, V2_NEXTHOP);
}
