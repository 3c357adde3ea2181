/*
 * RTMv2 change notification
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
 * DOC: change notification
 *
 * A registration owns one bit of its family (index).  A dest's layer data
 * keeps "marked" and "changed" masks and sits on the family's changed list
 * while a changed bit is set, so memory is bounded by the number of dests
 * however fast they change, and RtmGetChangedDests reports each dest once,
 * as it is then.  The engine observer (best-route changes) and the route
 * code (other changes) call v2_mark_changed_locked under the table write
 * lock.  The entity callback runs on a thread-pool thread when a
 * registration gets its first pending change.
 */

static void notify_destroy(struct rtm_object *obj)
{
    struct v2_notify *n = CONTAINING_RECORD(obj, struct v2_notify, h.obj);

    v2_put(n->entity);
    free(n);
}

static void CALLBACK notify_work(TP_CALLBACK_INSTANCE *instance, void *context)
{
    struct v2_notify *n = context;
    struct v2_entity *entity = n->entity;
    struct v2_frame frame;
    BOOL call;

    v2_lock();
    call = n->active && entity->callback && v2_enter_callback_locked(entity, &frame);
    v2_unlock();
    if (call)
    {
        TRACE("calling %p for notification %p\n", entity->callback, n->h.handle);
        entity->callback(entity->h.handle, RTM_CHANGE_NOTIFICATION, n->h.handle, n->context);
        v2_leave_callback(&frame);
    }
    v2_put(n);
}

/* records a change of dest in views for the registrations that want one of
 * types (RTM_CHANGE_TYPE_*; every change is of RTM_CHANGE_TYPE_ALL) */
void v2_mark_changed_locked(struct v2_family *family, struct eng_dest *dest,
        RTM_VIEW_SET views, DWORD types)
{
    struct v2_dest_data *data;
    struct v2_notify *n;
    unsigned int i;
    uint64_t now;
    DWORD bit;

    for (i = 0; i < V2_MAX_NOTIFY; i++)
    {
        if (!(n = family->notify[i]) || !n->active) continue;
        if (n->views && !(n->views & views)) continue;
        if (!(n->flags & (types | RTM_CHANGE_TYPE_ALL))) continue;
        bit = 1u << i;
        data = dest->layer;
        if ((n->flags & RTM_NOTIFY_ONLY_MARKED_DESTS) && (!data || !(data->marked & bit))) continue;
        if (!data && !(data = v2_dest_data_locked(family, dest))) continue;
        now = rtm_filetime_now();
        data->last_changed.dwLowDateTime = (DWORD)now;
        data->last_changed.dwHighDateTime = now >> 32;
        if (data->changed & bit) continue;
        if (!data->changed) rtm_list_add_tail(&family->changed, &data->changed_entry);
        data->changed |= bit;
        n->pending++;
        if (n->signalled || !n->entity->callback) continue;
        n->signalled = TRUE;
        InterlockedIncrement(&n->h.obj.refs);
        if (!TrySubmitThreadpoolCallback(notify_work, n, NULL))
        {
            ERR("cannot queue a change notification\n");
            n->signalled = FALSE;
            InterlockedDecrement(&n->h.obj.refs);
        }
    }
}

static void clear_changed_locked(struct v2_family *family, struct eng_dest *dest,
        struct v2_notify *n)
{
    struct v2_dest_data *data = dest->layer;
    DWORD bit = 1u << n->index;

    if (!data || !(data->changed & bit)) return;
    data->changed &= ~bit;
    if (!--n->pending) n->signalled = FALSE;
    if (!data->changed) rtm_list_remove(&data->changed_entry);
    v2_dest_data_check_locked(family, dest);
}

/* a dest lost its last route: also when no best route changed (routes in no
 * view), which the observer does not see */
void v2_dest_unlinked_hook(void *ctx, struct eng_dest *dest)
{
    v2_lock();
    v2_dest_data_check_locked(ctx, dest);
    v2_unlock();
}

/* A change of best route is one of forwarding too; an update in place of the
 * best route only is a forwarding change when its next hops change, which
 * commit_route_locked reports itself. */
void v2_table_observer(void *ctx, const struct eng_change *change)
{
    struct v2_family *family = ctx;
    DWORD types = RTM_CHANGE_TYPE_BEST;
    unsigned int v;

    for (v = 0; v < V2_NUM_VIEWS; v++)
        if ((change->views & (1u << v)) && change->old_best[v] != change->new_best[v])
            types |= RTM_CHANGE_TYPE_FORWARDING;
    v2_lock();
    v2_mark_changed_locked(family, change->dest, change->views ? change->views : V2_VIEWS_SUPPORTED, types);
    v2_dest_data_check_locked(family, change->dest);
    v2_unlock();
}

/* ---- the API ------------------------------------------------------------------ */

/**********************************************************************
 *      RtmRegisterForChangeNotification (RTM.@)
 */
DWORD WINAPI RtmRegisterForChangeNotification(RTM_ENTITY_HANDLE RtmRegHandle, RTM_VIEW_SET TargetViews,
        RTM_NOTIFY_FLAGS NotifyFlags, PVOID NotifyContext, PRTM_NOTIFY_HANDLE NotifyHandle)
{
    struct v2_entity *entity;
    struct v2_family *family;
    struct v2_notify *n;
    RTM_VIEW_SET views;
    DWORD ret = NO_ERROR;
    unsigned int i;

    TRACE("(%p, %#lx, %#lx, %p, %p)\n", RtmRegHandle, TargetViews, NotifyFlags, NotifyContext, NotifyHandle);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    family = entity->family;
    if (!v2_check_views(TargetViews, &views)) ret = ERROR_NOT_SUPPORTED;
    else if (!NotifyHandle || !(NotifyFlags & (RTM_CHANGE_TYPE_ALL | RTM_CHANGE_TYPE_BEST | RTM_CHANGE_TYPE_FORWARDING)) ||
             (NotifyFlags & ~(RTM_CHANGE_TYPE_ALL | RTM_CHANGE_TYPE_BEST | RTM_CHANGE_TYPE_FORWARDING |
                              RTM_NOTIFY_ONLY_MARKED_DESTS)))
        ret = ERROR_INVALID_PARAMETER;
    else if (!(n = calloc(1, sizeof(*n)))) ret = ERROR_NOT_ENOUGH_MEMORY;
    if (ret)
    {
        v2_put(entity);
        return ret;
    }
    n->entity = entity;
    n->family = family;
    n->views = views;
    n->flags = NotifyFlags;
    n->context = NotifyContext;
    n->active = TRUE;
    InterlockedIncrement(&entity->h.obj.refs);

    eng_table_write_lock(family->table);
    v2_lock();
    for (i = 0; i < family->cfg.MaxChangeNotifyRegns; i++) if (!family->notify[i]) break;
    if (!v2_entity_registered_locked(entity)) ret = ERROR_INVALID_HANDLE;
    else if (i == family->cfg.MaxChangeNotifyRegns) ret = ERROR_NO_SYSTEM_RESOURCES;
    else if (!v2_publish(&n->h, V2_NOTIFY, notify_destroy, TRUE)) ret = ERROR_NOT_ENOUGH_MEMORY;
    else
    {
        n->index = i;
        family->notify[i] = n;
        *NotifyHandle = n->h.handle;
    }
    v2_unlock();
    eng_table_write_unlock(family->table);
    if (ret)
    {
        v2_put(entity);
        free(n);
    }
    v2_put(entity);
    return ret;
}

/* whether a registration still owns its bit; under the table lock and
 * v2_cs, which v2_deregister_notify holds while it gives the bit up, a call
 * that found the registration through its handle must check this before it
 * touches the bit, or it could set a mark the next owner inherits */
static BOOL notify_current_locked(const struct v2_notify *n)
{
    return n->active && n->family->notify[n->index] == n;
}

/* stops a registration and clears its bits from every dest */
void v2_deregister_notify(struct v2_notify *n)
{
    struct v2_family *family = n->family;
    struct eng_table *table = family->table;
    struct v2_dest_data *data;
    struct eng_dest *dest;
    DWORD bit = 1u << n->index;
    BOOL ours;

    eng_table_write_lock(table);
    v2_lock();
    ours = notify_current_locked(n);
    if (ours)
    {
        n->active = FALSE;
        for (dest = eng_dest_first_locked(table); dest; dest = eng_dest_next_locked(table, &dest->prefix))
        {
            if (!(data = dest->layer)) continue;
            data->marked &= ~bit;
            clear_changed_locked(family, dest, n);
        }
        /* dests that left the table but still wait to be reported */
        while (n->pending)
        {
            struct rtm_list *elem;

            for (elem = family->changed.next; elem != &family->changed; elem = elem->next)
            {
                data = RTM_LIST_ENTRY(elem, struct v2_dest_data, changed_entry);
                if (data->changed & bit) break;
            }
            if (elem == &family->changed) break;
            data->changed &= ~bit;
            n->pending--;
            if (!data->changed) rtm_list_remove(&data->changed_entry);
        }
        family->notify[n->index] = NULL;
    }
    v2_unlock();
    eng_table_write_unlock(table);
    if (ours) v2_unref(&n->h, TRUE);
}

/**********************************************************************
 *      RtmDeregisterFromChangeNotification (RTM.@)
 */
DWORD WINAPI RtmDeregisterFromChangeNotification(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NOTIFY_HANDLE NotifyHandle)
{
    struct v2_notify *n;

    TRACE("(%p, %p)\n", RtmRegHandle, NotifyHandle);

    if (!(n = v2_grab(NotifyHandle, V2_NOTIFY))) return ERROR_INVALID_HANDLE;
    if (n->entity->h.handle != RtmRegHandle)
    {
        v2_put(n);
        return ERROR_INVALID_HANDLE;
    }
    v2_deregister_notify(n);
    v2_put(n);
    return NO_ERROR;
}

/* the registration and dest behind two handles, with the table read-locked */
static DWORD grab_notify_dest(HANDLE entity, HANDLE notify, HANDLE dest, struct v2_notify **n, struct v2_dest **d)
{
    if (!(*n = v2_grab(notify, V2_NOTIFY))) return ERROR_INVALID_HANDLE;
    if ((*n)->entity->h.handle != entity || !(*d = v2_grab(dest, V2_DEST)))
    {
        v2_put(*n);
        return ERROR_INVALID_HANDLE;
    }
    if ((*d)->family != (*n)->family)
    {
        v2_put(*d);
        v2_put(*n);
        return ERROR_INVALID_HANDLE;
    }
    eng_table_read_lock((*n)->family->table);
    v2_lock();
    if (notify_current_locked(*n)) return NO_ERROR;
    v2_unlock();
    eng_table_read_unlock((*n)->family->table);
    v2_put(*d);
    v2_put(*n);
    return ERROR_INVALID_HANDLE;
}

static void put_notify_dest(struct v2_notify *n, struct v2_dest *d)
{
    v2_unlock();
    eng_table_read_unlock(n->family->table);
    v2_put(d);
    v2_put(n);
}

/**********************************************************************
 *      RtmGetChangedDests (RTM.@)
 */
DWORD WINAPI RtmGetChangedDests(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NOTIFY_HANDLE NotifyHandle, PUINT NumDests,
        PRTM_DEST_INFO ChangedDests)
{
    struct v2_dest_data *data;
    struct rtm_list *elem, *next;
    struct eng_dest *dest;
    struct v2_notify *n;
    UINT count = 0;
    DWORD bit, ret = NO_ERROR;

    TRACE("(%p, %p, %p, %p)\n", RtmRegHandle, NotifyHandle, NumDests, ChangedDests);

    if (!(n = v2_grab(NotifyHandle, V2_NOTIFY))) return ERROR_INVALID_HANDLE;
    if (n->entity->h.handle != RtmRegHandle || !NumDests || !ChangedDests || *NumDests > n->family->cfg.MaxChangedDests)
    {
        v2_put(n);
        return ERROR_INVALID_PARAMETER;
    }
    bit = 1u << n->index;
    eng_table_read_lock(n->family->table);
    v2_lock();
    if (!notify_current_locked(n)) ret = ERROR_INVALID_HANDLE;
    for (elem = n->family->changed.next; !ret && count < *NumDests && elem != &n->family->changed; elem = next)
    {
        next = elem->next;
        data = RTM_LIST_ENTRY(elem, struct v2_dest_data, changed_entry);
        if (!(data->changed & bit)) continue;
        dest = data->dest;
        if ((ret = v2_fill_dest_info(n->family, dest, 0, n->views, v2_dest_info_at(ChangedDests, count))))
            break;
        count++;
        clear_changed_locked(n->family, dest, n);
    }
    if (!n->pending) n->signalled = FALSE;
    v2_unlock();
    eng_table_read_unlock(n->family->table);
    *NumDests = count;
    v2_put(n);
    if (ret) return ret;
    return count ? NO_ERROR : ERROR_NO_MORE_ITEMS;
}

/**********************************************************************
 *      RtmReleaseChangedDests (RTM.@)
 */
DWORD WINAPI RtmReleaseChangedDests(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NOTIFY_HANDLE NotifyHandle, UINT NumDests,
        PRTM_DEST_INFO ChangedDests)
{
    struct v2_notify *n;

    TRACE("(%p, %p, %u, %p)\n", RtmRegHandle, NotifyHandle, NumDests, ChangedDests);

    if (!(n = v2_grab(NotifyHandle, V2_NOTIFY))) return ERROR_INVALID_HANDLE;
    v2_put(n);
    return RtmReleaseDests(RtmRegHandle, NumDests, ChangedDests);
}

/**********************************************************************
 *      RtmIgnoreChangedDests (RTM.@)
 */
DWORD WINAPI RtmIgnoreChangedDests(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NOTIFY_HANDLE NotifyHandle, UINT NumDests,
        PRTM_DEST_HANDLE ChangedDests)
{
    struct v2_notify *n;
    struct v2_dest *d;
    DWORD ret = NO_ERROR;
    UINT i;

    TRACE("(%p, %p, %u, %p)\n", RtmRegHandle, NotifyHandle, NumDests, ChangedDests);

    if (!v2_entity_valid(RtmRegHandle)) return ERROR_INVALID_HANDLE;
    if (NumDests && !ChangedDests) return ERROR_INVALID_PARAMETER;
    for (i = 0; i < NumDests; i++)
    {
        if (grab_notify_dest(RtmRegHandle, NotifyHandle, ChangedDests[i], &n, &d))
        {
            ret = ERROR_INVALID_HANDLE;
            continue;
        }
        clear_changed_locked(n->family, d->dest, n);
        put_notify_dest(n, d);
    }
    return ret;
}

/**********************************************************************
 *      RtmGetChangeStatus (RTM.@)
 */
DWORD WINAPI RtmGetChangeStatus(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NOTIFY_HANDLE NotifyHandle,
        RTM_DEST_HANDLE DestHandle, PBOOL ChangeStatus)
{
    struct v2_dest_data *data;
    struct v2_notify *n;
    struct v2_dest *d;
    DWORD ret;

    TRACE("(%p, %p, %p, %p)\n", RtmRegHandle, NotifyHandle, DestHandle, ChangeStatus);

    if (!ChangeStatus) return ERROR_INVALID_PARAMETER;
    if ((ret = grab_notify_dest(RtmRegHandle, NotifyHandle, DestHandle, &n, &d))) return ret;
    *ChangeStatus = (data = d->dest->layer) && (data->changed & (1u << n->index));
    put_notify_dest(n, d);
    return NO_ERROR;
}

/**********************************************************************
 *      RtmMarkDestForChangeNotification (RTM.@)
 */
DWORD WINAPI RtmMarkDestForChangeNotification(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NOTIFY_HANDLE NotifyHandle,
        RTM_DEST_HANDLE DestHandle, BOOL MarkDest)
{
    struct v2_dest_data *data;
    struct v2_notify *n;
    struct v2_dest *d;
    DWORD ret;

    TRACE("(%p, %p, %p, %d)\n", RtmRegHandle, NotifyHandle, DestHandle, MarkDest);

    if ((ret = grab_notify_dest(RtmRegHandle, NotifyHandle, DestHandle, &n, &d))) return ret;
    if (!(data = v2_dest_data_locked(d->family, d->dest))) ret = ERROR_NOT_ENOUGH_MEMORY;
    else if (MarkDest) data->marked |= 1u << n->index;
    else data->marked &= ~(1u << n->index);
    put_notify_dest(n, d);
    return ret;
}

/**********************************************************************
 *      RtmIsMarkedForChangeNotification (RTM.@)
 */
DWORD WINAPI RtmIsMarkedForChangeNotification(RTM_ENTITY_HANDLE RtmRegHandle, RTM_NOTIFY_HANDLE NotifyHandle,
        RTM_DEST_HANDLE DestHandle, PBOOL DestMarked)
{
    struct v2_dest_data *data;
    struct v2_notify *n;
    struct v2_dest *d;
    DWORD ret;

    TRACE("(%p, %p, %p, %p)\n", RtmRegHandle, NotifyHandle, DestHandle, DestMarked);

    if (!DestMarked) return ERROR_INVALID_PARAMETER;
    if ((ret = grab_notify_dest(RtmRegHandle, NotifyHandle, DestHandle, &n, &d))) return ret;
    *DestMarked = (data = d->dest->layer) && (data->marked & (1u << n->index));
    put_notify_dest(n, d);
    return NO_ERROR;
}
