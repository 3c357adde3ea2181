/*
 * Multicast Group Manager (Mgm* exports)
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
 * The rules this file implements (ownership, when MFEs exist, who gets which
 * callback) are written down in spec/mgm.md.
 *
 * Locking: all MGM state is protected by mgm_lock (an SRW lock, taken
 * exclusively except by the pure readers).  No callback into a protocol is
 * ever made while it is held: an operation queues the callbacks it
 * owes (struct cb_queue) under the lock and delivers them after releasing it,
 * so a protocol may call any Mgm function from inside a callback.  Protocols
 * are referenced from queued callbacks by (slot, generation) and looked up
 * again right before each call, so a callback is dropped if its protocol
 * deregistered in the meantime.
 *
 * Handles: protocol and enumeration handles are never dereferenced.  A handle
 * value is (generation << 16) | (slot + 1); the slot table records the
 * generation and type of each live object, so NULL, forged, stale and
 * wrong-type handles are all rejected with ERROR_INVALID_PARAMETER.
 */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "mgm.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(rtm);

/* IGMP is recognised by its protocol id, in either the bare (PROTO_IP_IGMP)
 * or the vendor-qualified form (MS_IP_IGMP) of routprot.h. */
#define MGM_PROTO_IP_IGMP   10
#define MGM_MS_IP_IGMP      0x4137000a

#define MGM_DEFAULT_TIMEOUT 900
#define MGM_MAX_SLOTS       0xffff
#define MGM_ADDR_ALL        0xffffffff

/* who added a membership on an interface */
#define MEMBER_BY_OWNER     0x01
#define MEMBER_BY_IGMP      0x02

enum slot_type
{
    SLOT_FREE,
    SLOT_PROTOCOL,
    SLOT_ENUM,
};

struct slot
{
    enum slot_type type;
    WORD gen;
    void *obj;
};

struct protocol
{
    DWORD id;
    DWORD component;
    BOOL igmp;
    ROUTING_PROTOCOL_CONFIG config;
    unsigned int slot;
    WORD gen;
};

struct group_enum
{
    unsigned int owner;     /* slot of the protocol that started it */
    SOURCE_GROUP_ENTRY *entries;
    unsigned int count;
    unsigned int pos;
};

/* an interface (index, next hop); flags are MEMBER_BY_* in membership lists */
struct if_ref
{
    DWORD index;
    DWORD nexthop;
    BYTE flags;
};

struct if_list
{
    struct if_ref *items;
    unsigned int count;
    unsigned int size;
};

struct iface
{
    DWORD index;
    DWORD nexthop;
    struct protocol *owner;     /* the routing protocol, if any */
    struct protocol *igmp;      /* IGMP, if enabled on the interface */
};

struct group
{
    SOURCE_GROUP_ENTRY sg;
    struct if_list members;
};

struct mfe
{
    DWORD source;
    DWORD group;
    DWORD in_index;
    DWORD in_nexthop;
    DWORD upstream;
    DWORD in_protocol;
    BOOL rpf_pending;
    unsigned int serial;
    ULONGLONG created;
    DWORD timeout;
    unsigned int oif_count;     /* as last announced by join/prune alerts */
    struct if_list forced;      /* added with MGM_FORWARD_STATE_FLAG */
    struct if_list disabled;    /* removed by MGM_FORWARD_STATE_FLAG or creation alerts */
};

enum cb_type
{
    CB_JOIN,
    CB_PRUNE,
    CB_LOCAL_JOIN,
    CB_LOCAL_LEAVE,
    CB_DISABLE_IGMP,
    CB_ENABLE_IGMP,
};

struct pending_cb
{
    enum cb_type type;
    unsigned int slot;
    WORD gen;
    SOURCE_GROUP_ENTRY sg;
    DWORD index;
    DWORD nexthop;
    BOOL flag;          /* bMemberUpdate / bMemberDelete */
    unsigned int serial;    /* an MFE prune alert: the MFE's, whose timeout the protocol sets */
};

struct cb_queue
{
    struct pending_cb *items;
    unsigned int count;
    unsigned int size;
};

static SRWLOCK mgm_lock = SRWLOCK_INIT;

static struct slot *slots;
static unsigned int slot_count;
static WORD next_gen = 1;
static unsigned int protocol_count;

static struct iface *ifaces;
static unsigned int iface_count, iface_size;

static struct group **groups;
static unsigned int group_count, group_size;

static struct mfe **mfes;               /* sorted by (group, source) */
static unsigned int mfe_count, mfe_size;
static unsigned int mfe_serial;

static BOOL grow_array(void **array, unsigned int *size, unsigned int count, size_t elem)
{
    unsigned int new_size;
    void *ptr;

    if (count < *size) return TRUE;
    new_size = *size ? *size * 2 : 8;
    if (!(ptr = realloc(*array, new_size * elem))) return FALSE;
    *array = ptr;
    *size = new_size;
    return TRUE;
}

/* addresses are in network byte order; order them as numbers */
static DWORD addr_key(DWORD addr)
{
    return (addr >> 24) | ((addr >> 8) & 0xff00) | ((addr << 8) & 0xff0000) | (addr << 24);
}

/* ---- handles ---- */

static HANDLE alloc_handle(enum slot_type type, void *obj, unsigned int *slot_ret, WORD *gen_ret)
{
    unsigned int i;
    struct slot *ptr;

    for (i = 0; i < slot_count; i++) if (slots[i].type == SLOT_FREE) break;
    if (i == slot_count)
    {
        if (slot_count == MGM_MAX_SLOTS) return NULL;
        if (!(ptr = realloc(slots, (slot_count + 1) * sizeof(*slots)))) return NULL;
        slots = ptr;
        slot_count++;
    }
    slots[i].type = type;
    slots[i].gen = next_gen;
    slots[i].obj = obj;
    /* one counter for all slots, so a handle stays stale even after MgmDeInitialize */
    if (++next_gen > 0x7fff) next_gen = 1;
    if (slot_ret) *slot_ret = i;
    if (gen_ret) *gen_ret = slots[i].gen;
    return (HANDLE)(ULONG_PTR)(((ULONG_PTR)slots[i].gen << 16) | (i + 1));
}

static void *lookup_handle(HANDLE handle, enum slot_type type)
{
    ULONG_PTR value = (ULONG_PTR)handle;
    unsigned int index = (value & 0xffff) - 1;

    if (value >> 31 || !(value & 0xffff) || index >= slot_count) return NULL;
    if (slots[index].type != type || slots[index].gen != (value >> 16)) return NULL;
    return slots[index].obj;
}

static void free_slot(unsigned int index)
{
    slots[index].type = SLOT_FREE;
    slots[index].obj = NULL;
}

static struct protocol *lookup_protocol_slot(unsigned int slot, WORD gen)
{
    if (slot >= slot_count || slots[slot].type != SLOT_PROTOCOL || slots[slot].gen != gen)
        return NULL;
    return slots[slot].obj;
}

/* ---- interface lists ---- */

static struct if_ref *if_list_find(const struct if_list *list, DWORD index, DWORD nexthop)
{
    unsigned int i;

    for (i = 0; i < list->count; i++)
        if (list->items[i].index == index && list->items[i].nexthop == nexthop)
            return &list->items[i];
    return NULL;
}

/* keeps the list sorted by (index, next hop) so MFEs list their OIFs in that order */
static struct if_ref *if_list_add(struct if_list *list, DWORD index, DWORD nexthop)
{
    struct if_ref *ref;
    unsigned int i;

    if ((ref = if_list_find(list, index, nexthop))) return ref;
    if (!grow_array((void **)&list->items, &list->size, list->count, sizeof(*list->items)))
        return NULL;
    for (i = 0; i < list->count; i++)
    {
        if (list->items[i].index > index) break;
        if (list->items[i].index == index && addr_key(list->items[i].nexthop) > addr_key(nexthop))
            break;
    }
    memmove(&list->items[i + 1], &list->items[i], (list->count - i) * sizeof(*list->items));
    list->count++;
    ref = &list->items[i];
    ref->index = index;
    ref->nexthop = nexthop;
    ref->flags = 0;
    return ref;
}

static void if_list_remove(struct if_list *list, DWORD index, DWORD nexthop)
{
    struct if_ref *ref;
    unsigned int i;

    if (!(ref = if_list_find(list, index, nexthop))) return;
    i = ref - list->items;
    memmove(ref, ref + 1, (list->count - i - 1) * sizeof(*ref));
    list->count--;
}

/* ---- callback queue ---- */

static struct pending_cb *queue_cb(struct cb_queue *queue, enum cb_type type, const struct protocol *target,
                                   const SOURCE_GROUP_ENTRY *sg, DWORD index, DWORD nexthop, BOOL flag)
{
    struct pending_cb *cb;

    if (!grow_array((void **)&queue->items, &queue->size, queue->count, sizeof(*queue->items)))
    {
        ERR("out of memory, dropping callback %u to protocol %lu\n", type, target->id);
        return NULL;
    }
    cb = &queue->items[queue->count++];
    cb->type = type;
    cb->slot = target->slot;
    cb->gen = target->gen;
    if (sg) cb->sg = *sg;
    else memset(&cb->sg, 0, sizeof(cb->sg));
    cb->index = index;
    cb->nexthop = nexthop;
    cb->flag = flag;
    cb->serial = 0;
    return cb;
}

/* queue a join or prune alert to every registered protocol except one */
static void queue_cb_all_but(struct cb_queue *queue, enum cb_type type, const struct protocol *except,
                             const SOURCE_GROUP_ENTRY *sg, DWORD index, DWORD nexthop, BOOL flag)
{
    unsigned int i;

    for (i = 0; i < slot_count; i++)
        if (slots[i].type == SLOT_PROTOCOL && slots[i].obj != except)
            queue_cb(queue, type, slots[i].obj, sg, index, nexthop, flag);
}

static struct mfe *find_mfe(DWORD source, DWORD group, unsigned int *pos);

/* Called without the lock.  Frees the queue. */
static void deliver_callbacks(struct cb_queue *queue)
{
    unsigned int i;

    for (i = 0; i < queue->count; i++)
    {
        struct pending_cb *cb = &queue->items[i];
        const SOURCE_GROUP_ENTRY *sg = &cb->sg;
        ROUTING_PROTOCOL_CONFIG config;
        struct protocol *protocol;
        DWORD timeout = MGM_DEFAULT_TIMEOUT, id = 0;
        struct mfe *mfe;

        AcquireSRWLockExclusive(&mgm_lock);
        if ((protocol = lookup_protocol_slot(cb->slot, cb->gen)))
        {
            config = protocol->config;
            id = protocol->id;
        }
        ReleaseSRWLockExclusive(&mgm_lock);
        if (!protocol) continue;

        switch (cb->type)
        {
        case CB_JOIN:
            if (!config.pfnJoinAlertCallback) break;
            TRACE("join alert to %lu: %#lx/%#lx %#lx/%#lx %d\n", id,
                  sg->dwSourceAddr, sg->dwSourceMask, sg->dwGroupAddr, sg->dwGroupMask, cb->flag);
            config.pfnJoinAlertCallback(sg->dwSourceAddr, sg->dwSourceMask, sg->dwGroupAddr,
                                        sg->dwGroupMask, cb->flag);
            break;
        case CB_PRUNE:
            if (!config.pfnPruneAlertCallback) break;
            TRACE("prune alert to %lu: %#lx/%#lx %#lx/%#lx if %lu/%#lx %d\n", id,
                  sg->dwSourceAddr, sg->dwSourceMask, sg->dwGroupAddr, sg->dwGroupMask,
                  cb->index, cb->nexthop, cb->flag);
            config.pfnPruneAlertCallback(sg->dwSourceAddr, sg->dwSourceMask, sg->dwGroupAddr,
                                         sg->dwGroupMask, cb->index, cb->nexthop, cb->flag, &timeout);
            if (cb->flag) break;
            /* an MFE prune: the protocol chose how long the MFE should stay, if
             * it is still the one it was told about */
            AcquireSRWLockExclusive(&mgm_lock);
            if ((mfe = find_mfe(sg->dwSourceAddr, sg->dwGroupAddr, NULL)) && mfe->serial == cb->serial)
                mfe->timeout = timeout;
            ReleaseSRWLockExclusive(&mgm_lock);
            break;
        case CB_LOCAL_JOIN:
            if (!config.pfnLocalJoinCallback) break;
            config.pfnLocalJoinCallback(sg->dwSourceAddr, sg->dwSourceMask, sg->dwGroupAddr,
                                        sg->dwGroupMask, cb->index, cb->nexthop);
            break;
        case CB_LOCAL_LEAVE:
            if (!config.pfnLocalLeaveCallback) break;
            config.pfnLocalLeaveCallback(sg->dwSourceAddr, sg->dwSourceMask, sg->dwGroupAddr,
                                         sg->dwGroupMask, cb->index, cb->nexthop);
            break;
        case CB_DISABLE_IGMP:
            if (config.pfnDisableIgmpCallback) config.pfnDisableIgmpCallback(cb->index, cb->nexthop);
            break;
        case CB_ENABLE_IGMP:
            if (config.pfnEnableIgmpCallback) config.pfnEnableIgmpCallback(cb->index, cb->nexthop);
            break;
        }
    }
    free(queue->items);
    memset(queue, 0, sizeof(*queue));
}

/* ---- interfaces ---- */

static struct iface *find_iface(DWORD index, DWORD nexthop)
{
    unsigned int i;

    for (i = 0; i < iface_count; i++)
        if (ifaces[i].index == index && ifaces[i].nexthop == nexthop) return &ifaces[i];
    return NULL;
}

static void drop_iface_if_unused(struct iface *iface)
{
    unsigned int i = iface - ifaces;

    if (iface->owner || iface->igmp) return;
    memmove(iface, iface + 1, (iface_count - i - 1) * sizeof(*iface));
    iface_count--;
}

/* the protocol a membership on this interface counts for: the routing
 * protocol that owns the interface, or IGMP when it is alone there */
static struct protocol *iface_component(DWORD index, DWORD nexthop)
{
    struct iface *iface = find_iface(index, nexthop);

    if (!iface) return NULL;
    return iface->owner ? iface->owner : iface->igmp;
}

static BOOL protocol_owns_interfaces(const struct protocol *protocol)
{
    unsigned int i;

    for (i = 0; i < iface_count; i++)
        if (ifaces[i].owner == protocol || ifaces[i].igmp == protocol) return TRUE;
    return FALSE;
}

/* ---- group memberships ---- */

static BOOL sg_is_wildcard_source(const SOURCE_GROUP_ENTRY *sg)
{
    return !sg->dwSourceMask;
}

static int sg_compare(const SOURCE_GROUP_ENTRY *a, const SOURCE_GROUP_ENTRY *b)
{
    if (a->dwGroupAddr != b->dwGroupAddr)
        return addr_key(a->dwGroupAddr) < addr_key(b->dwGroupAddr) ? -1 : 1;
    if (a->dwSourceAddr != b->dwSourceAddr)
        return addr_key(a->dwSourceAddr) < addr_key(b->dwSourceAddr) ? -1 : 1;
    return 0;
}

/* only wildcards or single addresses are supported, no ranges */
static BOOL parse_sg(DWORD source, DWORD source_mask, DWORD group, DWORD group_mask,
                     SOURCE_GROUP_ENTRY *sg)
{
    BOOL source_ok = (!source && !source_mask) || (source && source_mask == MGM_ADDR_ALL);
    BOOL group_ok = (!group && !group_mask) || (group && group_mask == MGM_ADDR_ALL);

    if (!source_ok || !group_ok || (source && !group)) return FALSE;
    sg->dwSourceAddr = source;
    sg->dwSourceMask = source_mask;
    sg->dwGroupAddr = group;
    sg->dwGroupMask = group_mask;
    return TRUE;
}

static struct group *find_group(const SOURCE_GROUP_ENTRY *sg, unsigned int *pos)
{
    unsigned int i;
    int cmp;

    for (i = 0; i < group_count; i++)
    {
        if (!(cmp = sg_compare(&groups[i]->sg, sg)))
        {
            if (pos) *pos = i;
            return groups[i];
        }
        if (cmp > 0) break;
    }
    if (pos) *pos = i;
    return NULL;
}

static struct group *get_group(const SOURCE_GROUP_ENTRY *sg)
{
    struct group *group;
    unsigned int pos;

    if ((group = find_group(sg, &pos))) return group;
    if (!grow_array((void **)&groups, &group_size, group_count, sizeof(*groups))) return NULL;
    if (!(group = calloc(1, sizeof(*group)))) return NULL;
    group->sg = *sg;
    memmove(&groups[pos + 1], &groups[pos], (group_count - pos) * sizeof(*groups));
    groups[pos] = group;
    group_count++;
    return group;
}

static void drop_group_if_empty(struct group *group)
{
    unsigned int pos;

    if (group->members.count || !find_group(&group->sg, &pos)) return;
    memmove(&groups[pos], &groups[pos + 1], (group_count - pos - 1) * sizeof(*groups));
    group_count--;
    free(group->members.items);
    free(group);
}

/* Number of distinct protocols with members in the group; *one receives one
 * of them (the only one when the count is 1). */
static unsigned int group_components(const struct group *group, struct protocol **one)
{
    struct protocol *seen[2] = { NULL, NULL };
    unsigned int i, count = 0;

    *one = NULL;
    if (!group) return 0;
    for (i = 0; i < group->members.count; i++)
    {
        struct protocol *component = iface_component(group->members.items[i].index,
                                                     group->members.items[i].nexthop);
        if (!component || component == seen[0] || component == seen[1]) continue;
        if (count < 2) seen[count] = component;
        count++;
        /* the rules only distinguish 0, 1, 2 and more */
        if (count > 2) break;
    }
    *one = seen[0];
    return count;
}

/* ---- MFEs ---- */

static struct mfe *find_mfe(DWORD source, DWORD group, unsigned int *pos)
{
    unsigned int i;

    for (i = 0; i < mfe_count; i++)
    {
        if (mfes[i]->group == group && mfes[i]->source == source)
        {
            if (pos) *pos = i;
            return mfes[i];
        }
        if (addr_key(mfes[i]->group) > addr_key(group)) break;
        if (mfes[i]->group == group && addr_key(mfes[i]->source) > addr_key(source)) break;
    }
    if (pos) *pos = i;
    return NULL;
}

static struct mfe *create_mfe(DWORD source, DWORD group)
{
    struct mfe *mfe;
    unsigned int pos;

    find_mfe(source, group, &pos);
    if (!grow_array((void **)&mfes, &mfe_size, mfe_count, sizeof(*mfes))) return NULL;
    if (!(mfe = calloc(1, sizeof(*mfe)))) return NULL;
    mfe->source = source;
    mfe->group = group;
    mfe->rpf_pending = TRUE;
    mfe->serial = ++mfe_serial;
    mfe->created = GetTickCount64();
    mfe->timeout = MGM_DEFAULT_TIMEOUT;
    memmove(&mfes[pos + 1], &mfes[pos], (mfe_count - pos) * sizeof(*mfes));
    mfes[pos] = mfe;
    mfe_count++;
    return mfe;
}

static void delete_mfe(struct mfe *mfe)
{
    unsigned int pos;

    if (!find_mfe(mfe->source, mfe->group, &pos)) return;
    memmove(&mfes[pos], &mfes[pos + 1], (mfe_count - pos - 1) * sizeof(*mfes));
    mfe_count--;
    free(mfe->forced.items);
    free(mfe->disabled.items);
    free(mfe);
}

static BOOL add_members(struct if_list *oifs, const struct group *group)
{
    unsigned int i;

    if (!group) return TRUE;
    for (i = 0; i < group->members.count; i++)
        if (!if_list_add(oifs, group->members.items[i].index, group->members.items[i].nexthop))
            return FALSE;
    return TRUE;
}

/* Outgoing interfaces: members of (S,G), (*,G) and (*,*), plus interfaces
 * forced with MGM_FORWARD_STATE_FLAG, minus disabled ones and the incoming
 * interface.  The caller frees oifs->items. */
static BOOL build_oifs(const struct mfe *mfe, struct if_list *oifs)
{
    SOURCE_GROUP_ENTRY sg = { mfe->source, MGM_ADDR_ALL, mfe->group, MGM_ADDR_ALL };
    SOURCE_GROUP_ENTRY star_g = { 0, 0, mfe->group, MGM_ADDR_ALL };
    SOURCE_GROUP_ENTRY star_star = { 0, 0, 0, 0 };
    unsigned int i;

    memset(oifs, 0, sizeof(*oifs));
    if (!add_members(oifs, find_group(&sg, NULL)) || !add_members(oifs, find_group(&star_g, NULL))
            || !add_members(oifs, find_group(&star_star, NULL)))
        goto failed;
    for (i = 0; i < mfe->forced.count; i++)
        if (!if_list_add(oifs, mfe->forced.items[i].index, mfe->forced.items[i].nexthop)) goto failed;
    for (i = 0; i < mfe->disabled.count; i++)
        if_list_remove(oifs, mfe->disabled.items[i].index, mfe->disabled.items[i].nexthop);
    if (!mfe->rpf_pending) if_list_remove(oifs, mfe->in_index, mfe->in_nexthop);
    return TRUE;

failed:
    free(oifs->items);
    memset(oifs, 0, sizeof(*oifs));
    return FALSE;
}

static unsigned int count_oifs(const struct mfe *mfe)
{
    struct if_list oifs;
    unsigned int count;

    if (!build_oifs(mfe, &oifs)) return mfe->oif_count;
    count = oifs.count;
    free(oifs.items);
    return count;
}

/* After any change: an MFE whose outgoing interface list became non-empty or
 * empty is announced to the protocol owning its incoming interface. */
static void refresh_mfes(struct cb_queue *queue)
{
    unsigned int i, count;

    for (i = 0; i < mfe_count; i++)
    {
        struct mfe *mfe = mfes[i];
        SOURCE_GROUP_ENTRY sg = { mfe->source, MGM_ADDR_ALL, mfe->group, MGM_ADDR_ALL };
        struct protocol *upstream;
        struct pending_cb *cb;

        if (mfe->rpf_pending) continue;
        count = count_oifs(mfe);
        upstream = iface_component(mfe->in_index, mfe->in_nexthop);
        if (upstream && !mfe->oif_count && count)
            queue_cb(queue, CB_JOIN, upstream, &sg, 0, 0, FALSE);
        else if (upstream && mfe->oif_count && !count &&
                 (cb = queue_cb(queue, CB_PRUNE, upstream, &sg, mfe->in_index, mfe->in_nexthop, FALSE)))
            cb->serial = mfe->serial;
        mfe->oif_count = count;
    }
}

/* ---- membership changes (lock held) ---- */

struct add_result
{
    BOOL new_mfe;           /* an (S,G) MFE was created and waits for RPF */
    BOOL first_member;      /* the first (S,G) member was added */
    unsigned int serial;
    struct protocol *component;     /* only while the lock is held */
    unsigned int component_slot;    /* after it: the component may be gone, resolve_rpf looks it up */
    WORD component_gen;
};

static DWORD add_membership(struct cb_queue *queue, struct protocol *protocol, struct iface *iface,
                            const SOURCE_GROUP_ENTRY *sg, DWORD flags, struct add_result *result)
{
    BYTE by = protocol->igmp ? MEMBER_BY_IGMP : MEMBER_BY_OWNER;
    struct protocol *before_one, *after_one;
    unsigned int before, after;
    struct group *group;
    struct if_ref *member;
    struct mfe *mfe;
    BOOL was_member;

    memset(result, 0, sizeof(*result));
    result->component = iface->owner ? iface->owner : iface->igmp;
    if (result->component)
    {
        result->component_slot = result->component->slot;
        result->component_gen = result->component->gen;
    }

    if ((flags & MGM_FORWARD_STATE_FLAG) && !sg_is_wildcard_source(sg)
            && (mfe = find_mfe(sg->dwSourceAddr, sg->dwGroupAddr, NULL)))
    {
        if (!if_list_add(&mfe->forced, iface->index, iface->nexthop)) return ERROR_NOT_ENOUGH_MEMORY;
        if_list_remove(&mfe->disabled, iface->index, iface->nexthop);
    }
    if (!(flags & MGM_JOIN_STATE_FLAG)) return NO_ERROR;

    if (!(group = get_group(sg))) return ERROR_NOT_ENOUGH_MEMORY;
    member = if_list_find(&group->members, iface->index, iface->nexthop);
    if (member && (member->flags & by)) return NO_ERROR;
    was_member = member != NULL;
    before = group_components(group, &before_one);
    if (!member && !(member = if_list_add(&group->members, iface->index, iface->nexthop)))
    {
        drop_group_if_empty(group);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    member->flags |= by;

    if (by == MEMBER_BY_IGMP && iface->owner)
        queue_cb(queue, CB_LOCAL_JOIN, iface->owner, sg, iface->index, iface->nexthop, FALSE);
    if (was_member) return NO_ERROR;

    if (sg_is_wildcard_source(sg))
    {
        after = group_components(group, &after_one);
        if (!before && after == 1)
            queue_cb_all_but(queue, CB_JOIN, result->component, sg, 0, 0, TRUE);
        else if (before == 1 && after == 2)
            queue_cb(queue, CB_JOIN, before_one, sg, 0, 0, TRUE);
        return NO_ERROR;
    }

    result->first_member = group->members.count == 1;
    if (!find_mfe(sg->dwSourceAddr, sg->dwGroupAddr, NULL))
    {
        if (!(mfe = create_mfe(sg->dwSourceAddr, sg->dwGroupAddr)))
        {
            if_list_remove(&group->members, iface->index, iface->nexthop);
            drop_group_if_empty(group);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        result->new_mfe = TRUE;
        result->serial = mfe->serial;
    }
    return NO_ERROR;
}

static DWORD delete_membership(struct cb_queue *queue, struct iface *iface, BYTE by,
                               const SOURCE_GROUP_ENTRY *sg, DWORD flags, BOOL notify_local)
{
    struct protocol *component = iface->owner ? iface->owner : iface->igmp;
    struct protocol *before_one, *after_one, *upstream;
    unsigned int before, after;
    struct group *group;
    struct if_ref *member;
    struct mfe *mfe;

    if ((flags & MGM_FORWARD_STATE_FLAG) && !sg_is_wildcard_source(sg)
            && (mfe = find_mfe(sg->dwSourceAddr, sg->dwGroupAddr, NULL)))
    {
        if (!if_list_add(&mfe->disabled, iface->index, iface->nexthop)) return ERROR_NOT_ENOUGH_MEMORY;
        if_list_remove(&mfe->forced, iface->index, iface->nexthop);
    }
    if (!(flags & MGM_JOIN_STATE_FLAG)) return NO_ERROR;

    if (!(group = find_group(sg, NULL))) return ERROR_NOT_FOUND;
    member = if_list_find(&group->members, iface->index, iface->nexthop);
    if (!member || !(member->flags & by)) return ERROR_NOT_FOUND;

    before = group_components(group, &before_one);
    member->flags &= ~by;
    if (by == MEMBER_BY_IGMP && iface->owner && notify_local)
        queue_cb(queue, CB_LOCAL_LEAVE, iface->owner, sg, iface->index, iface->nexthop, FALSE);
    if (member->flags) return NO_ERROR;
    if_list_remove(&group->members, iface->index, iface->nexthop);

    if (sg_is_wildcard_source(sg))
    {
        after = group_components(group, &after_one);
        if (before == 2 && after == 1)
            queue_cb(queue, CB_PRUNE, after_one, sg, iface->index, iface->nexthop, TRUE);
        else if (before == 1 && !after)
            queue_cb_all_but(queue, CB_PRUNE, component, sg, iface->index, iface->nexthop, TRUE);
    }
    else if (!group->members.count && (mfe = find_mfe(sg->dwSourceAddr, sg->dwGroupAddr, NULL)))
    {
        upstream = mfe->rpf_pending ? NULL : iface_component(mfe->in_index, mfe->in_nexthop);
        if (upstream && upstream != component)
            queue_cb(queue, CB_PRUNE, upstream, sg, iface->index, iface->nexthop, TRUE);
        delete_mfe(mfe);
    }
    drop_group_if_empty(group);
    return NO_ERROR;
}

/* Removes every membership added by "by" on the interface, as if deleted one
 * by one, and forgets the interface in MFE forwarding overrides. */
static void flush_iface_memberships(struct cb_queue *queue, struct iface *iface, BYTE by,
                                    BOOL notify_local)
{
    unsigned int i = group_count;

    while (i--)
    {
        struct group *group = groups[i];
        SOURCE_GROUP_ENTRY sg = group->sg;
        struct if_ref *member = if_list_find(&group->members, iface->index, iface->nexthop);

        if (member && (member->flags & by))
            delete_membership(queue, iface, by, &sg, MGM_JOIN_STATE_FLAG, notify_local);
    }
}

/* the interface lost its routing protocol: MFEs fed by it go away */
static void flush_iface_mfes(struct iface *iface)
{
    unsigned int i = mfe_count;

    while (i--)
    {
        struct mfe *mfe = mfes[i];

        if_list_remove(&mfe->forced, iface->index, iface->nexthop);
        if_list_remove(&mfe->disabled, iface->index, iface->nexthop);
        if (!mfe->rpf_pending && mfe->in_index == iface->index && mfe->in_nexthop == iface->nexthop)
            delete_mfe(mfe);
    }
}

/* ---- MFE creation: RPF and creation alerts, called without the lock ---- */

struct creation_alert
{
    unsigned int slot;
    WORD gen;
    MGM_IF_ENTRY *entries;
    unsigned int count;
};

/* The MGM has no multicast view of its own to look the source up in, so the
 * route is reported as unknown (interface 0) and each routing protocol is
 * asked in registration order; the first one that names an interface it owns
 * becomes the upstream. */
static void resolve_rpf(const SOURCE_GROUP_ENTRY *sg, unsigned int serial, BOOL first_member,
                        unsigned int comp_slot, WORD comp_gen)
{
    DWORD in_index = 0, in_nexthop = 0, upstream = 0;
    struct creation_alert *alerts = NULL;
    unsigned int i, j, alert_count = 0, claimer_slot = 0;
    WORD claimer_gen = 0;
    BOOL owned;
    MGM_IF_ENTRY *entries;
    struct cb_queue queue = { 0 };
    BYTE route[512];
    struct if_list oifs;
    struct protocol *owner, *component;
    struct iface *iface;
    struct mfe *mfe;

    for (i = 0;; i++)
    {
        PMGM_RPF_CALLBACK rpf = NULL;
        struct protocol *protocol = NULL;
        WORD gen = 0;

        AcquireSRWLockExclusive(&mgm_lock);
        for (; i < slot_count; i++)
        {
            if (slots[i].type != SLOT_PROTOCOL) continue;
            protocol = slots[i].obj;
            if (protocol->igmp || !(rpf = protocol->config.pfnRpfCallback)) continue;
            gen = slots[i].gen;
            break;
        }
        ReleaseSRWLockExclusive(&mgm_lock);
        if (i >= slot_count) break;

        in_index = in_nexthop = upstream = 0;
        /* stands in for the RTM_DEST_INFO of a route lookup that found nothing */
        memset(route, 0, sizeof(route));
        rpf(sg->dwSourceAddr, sg->dwSourceMask, sg->dwGroupAddr, sg->dwGroupMask,
            &in_index, &in_nexthop, &upstream, 0, NULL, route);
        if (!in_index) continue;

        AcquireSRWLockExclusive(&mgm_lock);
        iface = find_iface(in_index, in_nexthop);
        owned = iface && iface->owner && iface->owner == lookup_protocol_slot(i, gen);
        ReleaseSRWLockExclusive(&mgm_lock);
        if (owned)
        {
            claimer_slot = i;
            claimer_gen = gen;
            break;
        }
        WARN("RPF callback of protocol %u named interface %lu/%#lx it does not own\n",
             i, in_index, in_nexthop);
        in_index = 0;
    }

    AcquireSRWLockExclusive(&mgm_lock);
    mfe = find_mfe(sg->dwSourceAddr, sg->dwGroupAddr, NULL);
    if (!mfe || mfe->serial != serial)
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        return;
    }
    mfe->rpf_pending = FALSE;
    /* the claimer may have released the interface since, and another taken it */
    if (in_index && (iface = find_iface(in_index, in_nexthop)) && iface->owner &&
        iface->owner == lookup_protocol_slot(claimer_slot, claimer_gen))
    {
        mfe->in_index = in_index;
        mfe->in_nexthop = in_nexthop;
        mfe->upstream = upstream;
        mfe->in_protocol = iface->owner->id;
    }
    owner = iface_component(mfe->in_index, mfe->in_nexthop);
    component = lookup_protocol_slot(comp_slot, comp_gen);
    if (first_member && owner && owner != component)
        queue_cb(&queue, CB_JOIN, owner, sg, 0, 0, TRUE);

    if (build_oifs(mfe, &oifs))
    {
        mfe->oif_count = oifs.count;
        for (i = 0; i < oifs.count; i++)
        {
            struct creation_alert *alert = NULL;

            iface = find_iface(oifs.items[i].index, oifs.items[i].nexthop);
            if (!iface || !(component = iface->owner ? iface->owner : iface->igmp)) continue;
            for (j = 0; j < alert_count; j++)
                if (alerts[j].slot == component->slot) alert = &alerts[j];
            if (!alert)
            {
                void *ptr = realloc(alerts, (alert_count + 1) * sizeof(*alerts));
                if (!ptr) continue;
                alerts = ptr;
                alert = &alerts[alert_count++];
                alert->slot = component->slot;
                alert->gen = component->gen;
                alert->entries = NULL;
                alert->count = 0;
            }
            if (!(entries = realloc(alert->entries, (alert->count + 1) * sizeof(*entries)))) continue;
            alert->entries = entries;
            alert->entries[alert->count].dwIfIndex = iface->index;
            alert->entries[alert->count].dwIfNextHopAddr = iface->nexthop;
            alert->entries[alert->count].bIGMP = iface->igmp != NULL;
            alert->entries[alert->count].bIsEnabled = TRUE;
            alert->count++;
        }
        free(oifs.items);
    }
    in_index = mfe->in_index;
    in_nexthop = mfe->in_nexthop;
    ReleaseSRWLockExclusive(&mgm_lock);

    deliver_callbacks(&queue);

    for (i = 0; i < alert_count; i++)
    {
        PMGM_CREATION_ALERT_CALLBACK creation = NULL;
        struct protocol *protocol;

        AcquireSRWLockExclusive(&mgm_lock);
        if ((protocol = lookup_protocol_slot(alerts[i].slot, alerts[i].gen)))
            creation = protocol->config.pfnCreationAlertCallback;
        ReleaseSRWLockExclusive(&mgm_lock);
        if (creation && alerts[i].count)
            creation(sg->dwSourceAddr, sg->dwSourceMask, sg->dwGroupAddr, sg->dwGroupMask,
                     in_index, in_nexthop, alerts[i].count, alerts[i].entries);
    }

    AcquireSRWLockExclusive(&mgm_lock);
    if ((mfe = find_mfe(sg->dwSourceAddr, sg->dwGroupAddr, NULL)) && mfe->serial == serial)
    {
        /* only what the alerted component still has: an interface released
         * and taken again meanwhile is its new owner's to disable */
        for (i = 0; i < alert_count; i++)
        {
            component = lookup_protocol_slot(alerts[i].slot, alerts[i].gen);
            for (j = 0; component && j < alerts[i].count; j++)
            {
                if (alerts[i].entries[j].bIsEnabled) continue;
                iface = find_iface(alerts[i].entries[j].dwIfIndex, alerts[i].entries[j].dwIfNextHopAddr);
                if (!iface || (iface->owner ? iface->owner : iface->igmp) != component) continue;
                if_list_add(&mfe->disabled, iface->index, iface->nexthop);
            }
        }
    }
    refresh_mfes(&queue);
    ReleaseSRWLockExclusive(&mgm_lock);
    deliver_callbacks(&queue);

    for (i = 0; i < alert_count; i++) free(alerts[i].entries);
    free(alerts);
}

/* ---- MFE output ---- */

enum mfe_kind
{
    MFE_BASIC,
    MFE_STATS,
    MFE_STATS_EX,
};

static DWORD mfe_record_size(enum mfe_kind kind, unsigned int oifs)
{
    switch (kind)
    {
    case MFE_BASIC: return SIZEOF_MIB_MFE(oifs);
    case MFE_STATS: return SIZEOF_MIB_MFE_STATS(oifs);
    case MFE_STATS_EX: return SIZEOF_MIB_MFE_STATS_EX(oifs);
    }
    return 0;
}

static BOOL stats_flags_to_kind(DWORD flags, enum mfe_kind *kind)
{
    if (flags == MGM_MFE_STATS_0) *kind = MFE_STATS;
    else if (flags == MGM_MFE_STATS_1) *kind = MFE_STATS_EX;
    else return FALSE;
    return TRUE;
}

/* No forwarder feeds the MGM, so every packet counter is zero. */
static void write_mfe(const struct mfe *mfe, const struct if_list *oifs, enum mfe_kind kind, BYTE *buffer)
{
    ULONG uptime = (GetTickCount64() - mfe->created) / 1000;
    MIB_IPMCAST_OIF_STATS *stats_oif;
    unsigned int i;

    memset(buffer, 0, mfe_record_size(kind, oifs->count));
    if (kind == MFE_BASIC)
    {
        MIB_IPMCAST_MFE *out = (MIB_IPMCAST_MFE *)buffer;

        out->dwGroup = mfe->group;
        out->dwSource = mfe->source;
        out->dwSrcMask = MGM_ADDR_ALL;
        out->dwUpStrmNgbr = mfe->upstream;
        out->dwInIfIndex = mfe->in_index;
        out->dwInIfProtocol = mfe->in_protocol;
        out->ulUpTime = uptime;
        out->ulTimeOut = mfe->timeout;
        out->ulNumOutIf = oifs->count;
        for (i = 0; i < oifs->count; i++)
        {
            out->rgmioOutInfo[i].dwOutIfIndex = oifs->items[i].index;
            out->rgmioOutInfo[i].dwNextHopAddr = oifs->items[i].nexthop;
        }
        return;
    }
    /* the STATS_EX record starts with the STATS one */
    {
        MIB_IPMCAST_MFE_STATS *out = (MIB_IPMCAST_MFE_STATS *)buffer;

        out->dwGroup = mfe->group;
        out->dwSource = mfe->source;
        out->dwSrcMask = MGM_ADDR_ALL;
        out->dwUpStrmNgbr = mfe->upstream;
        out->dwInIfIndex = mfe->in_index;
        out->dwInIfProtocol = mfe->in_protocol;
        out->ulUpTime = uptime;
        out->ulNumOutIf = oifs->count;
    }
    stats_oif = kind == MFE_STATS ? ((MIB_IPMCAST_MFE_STATS *)buffer)->rgmiosOutStats
                                  : ((MIB_IPMCAST_MFE_STATS_EX *)buffer)->rgmiosOutStats;
    for (i = 0; i < oifs->count; i++)
    {
        stats_oif[i].dwOutIfIndex = oifs->items[i].index;
        stats_oif[i].dwNextHopAddr = oifs->items[i].nexthop;
    }
}

static DWORD get_mfe(const MIB_IPMCAST_MFE *pimm, PDWORD size, PBYTE buffer, enum mfe_kind kind)
{
    struct if_list oifs;
    struct mfe *mfe;
    DWORD needed, ret = NO_ERROR;

    if (!pimm || !size || (!buffer && *size))
    {
        WARN("invalid parameter\n");
        return ERROR_INVALID_PARAMETER;
    }
    AcquireSRWLockShared(&mgm_lock);
    if (!(mfe = find_mfe(pimm->dwSource, pimm->dwGroup, NULL))) ret = ERROR_NOT_FOUND;
    else if (!build_oifs(mfe, &oifs)) ret = ERROR_NOT_ENOUGH_MEMORY;
    else
    {
        needed = mfe_record_size(kind, oifs.count);
        if (*size < needed)
        {
            *size = needed;
            ret = ERROR_INSUFFICIENT_BUFFER;
        }
        else write_mfe(mfe, &oifs, kind, buffer);
        free(oifs.items);
    }
    ReleaseSRWLockShared(&mgm_lock);
    return ret;
}

/* MgmGetFirstMfe*, MgmGetNextMfe*: start is NULL for the first MFE */
static DWORD get_mfes(const MIB_IPMCAST_MFE *start, PDWORD size, PBYTE buffer, PDWORD count,
                      enum mfe_kind kind)
{
    DWORD used = 0, needed, ret = ERROR_NO_MORE_ITEMS;
    unsigned int i = 0, n = 0;
    struct if_list oifs;

    if (!size || !count || (!buffer && *size))
    {
        WARN("invalid parameter\n");
        return ERROR_INVALID_PARAMETER;
    }
    AcquireSRWLockShared(&mgm_lock);
    if (start)
    {
        /* the first MFE strictly after (start group, start source) */
        if (find_mfe(start->dwSource, start->dwGroup, &i)) i++;
    }
    for (; i < mfe_count; i++)
    {
        if (!build_oifs(mfes[i], &oifs))
        {
            ret = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        needed = mfe_record_size(kind, oifs.count);
        if (*size - used < needed)
        {
            free(oifs.items);
            if (n) ret = ERROR_MORE_DATA;
            else
            {
                *size = needed;
                ret = ERROR_INSUFFICIENT_BUFFER;
            }
            break;
        }
        write_mfe(mfes[i], &oifs, kind, buffer + used);
        free(oifs.items);
        used += needed;
        n++;
    }
    ReleaseSRWLockShared(&mgm_lock);
    *count = n;
    return ret;
}

/* ---- helpers shared by the exports ---- */

static struct protocol *grab_protocol(HANDLE handle)
{
    struct protocol *protocol = lookup_handle(handle, SLOT_PROTOCOL);

    if (!protocol) WARN("invalid protocol handle %p\n", handle);
    return protocol;
}

static void free_protocol_enums(unsigned int slot)
{
    unsigned int i;

    for (i = 0; i < slot_count; i++)
    {
        struct group_enum *e = slots[i].obj;

        if (slots[i].type != SLOT_ENUM || e->owner != slot) continue;
        free(e->entries);
        free(e);
        free_slot(i);
    }
}

/***********************************************************************
 *      MgmInitialize (RTM.@)
 *
 * The MGM keeps its state in static tables that work without this call, so
 * protocols may register directly; the router manager's configuration and
 * callbacks are accepted and not needed.
 */
DWORD WINAPI MgmInitialize(PVOID RouterManagerConfig, PVOID Callbacks)
{
    TRACE("(%p, %p)\n", RouterManagerConfig, Callbacks);
    return NO_ERROR;
}

/***********************************************************************
 *      MgmDeInitialize (RTM.@)
 */
DWORD WINAPI MgmDeInitialize(void)
{
    TRACE("()\n");

    AcquireSRWLockExclusive(&mgm_lock);
    if (protocol_count)
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        WARN("%u protocols are still registered\n", protocol_count);
        return ERROR_CAN_NOT_COMPLETE;
    }
    /* interfaces, memberships, MFEs and enumerations all hang off protocols,
     * so only the empty tables are left to free */
    free(slots);
    slots = NULL;
    slot_count = 0;
    free(ifaces);
    ifaces = NULL;
    iface_count = iface_size = 0;
    free(groups);
    groups = NULL;
    group_count = group_size = 0;
    free(mfes);
    mfes = NULL;
    mfe_count = mfe_size = 0;
    ReleaseSRWLockExclusive(&mgm_lock);
    return NO_ERROR;
}

/***********************************************************************
 *      MgmRegisterMProtocol (RTM.@)
 */
DWORD WINAPI MgmRegisterMProtocol(PROUTING_PROTOCOL_CONFIG prpiInfo, DWORD dwProtocolId,
                                  DWORD dwComponentId, HANDLE *phProtocol)
{
    struct protocol *protocol;
    unsigned int i;
    HANDLE handle;

    TRACE("(%p, %lu, %lu, %p)\n", prpiInfo, dwProtocolId, dwComponentId, phProtocol);

    if (!prpiInfo || !phProtocol)
    {
        WARN("invalid parameter\n");
        return ERROR_INVALID_PARAMETER;
    }
    if (!(protocol = calloc(1, sizeof(*protocol)))) return ERROR_NOT_ENOUGH_MEMORY;
    protocol->id = dwProtocolId;
    protocol->component = dwComponentId;
    protocol->igmp = dwProtocolId == MGM_PROTO_IP_IGMP || dwProtocolId == MGM_MS_IP_IGMP;
    protocol->config = *prpiInfo;

    AcquireSRWLockExclusive(&mgm_lock);
    for (i = 0; i < slot_count; i++)
    {
        struct protocol *other = slots[i].obj;

        if (slots[i].type == SLOT_PROTOCOL && other->id == dwProtocolId
                && other->component == dwComponentId)
        {
            ReleaseSRWLockExclusive(&mgm_lock);
            WARN("protocol %lu component %lu is already registered\n", dwProtocolId, dwComponentId);
            free(protocol);
            return ERROR_ALREADY_EXISTS;
        }
    }
    if (!(handle = alloc_handle(SLOT_PROTOCOL, protocol, &protocol->slot, &protocol->gen)))
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        free(protocol);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    protocol_count++;
    ReleaseSRWLockExclusive(&mgm_lock);

    *phProtocol = handle;
    TRACE("returning %p\n", handle);
    return NO_ERROR;
}

/***********************************************************************
 *      MgmDeRegisterMProtocol (RTM.@)
 */
DWORD WINAPI MgmDeRegisterMProtocol(HANDLE hProtocol)
{
    struct protocol *protocol;

    TRACE("(%p)\n", hProtocol);

    AcquireSRWLockExclusive(&mgm_lock);
    if (!(protocol = grab_protocol(hProtocol)))
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        return ERROR_INVALID_PARAMETER;
    }
    if (protocol_owns_interfaces(protocol))
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        WARN("protocol %lu still owns interfaces\n", protocol->id);
        return ERROR_CAN_NOT_COMPLETE;
    }
    free_protocol_enums(protocol->slot);
    free_slot(protocol->slot);
    protocol_count--;
    ReleaseSRWLockExclusive(&mgm_lock);
    free(protocol);
    return NO_ERROR;
}

/***********************************************************************
 *      MgmTakeInterfaceOwnership (RTM.@)
 */
DWORD WINAPI MgmTakeInterfaceOwnership(HANDLE hProtocol, DWORD dwIfIndex, DWORD dwIfNextHopAddr)
{
    struct cb_queue queue = { 0 };
    struct protocol *protocol;
    struct iface *iface;

    TRACE("(%p, %lu, %#lx)\n", hProtocol, dwIfIndex, dwIfNextHopAddr);

    AcquireSRWLockExclusive(&mgm_lock);
    if (!(protocol = grab_protocol(hProtocol)))
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        return ERROR_INVALID_PARAMETER;
    }
    if (!(iface = find_iface(dwIfIndex, dwIfNextHopAddr)))
    {
        if (!grow_array((void **)&ifaces, &iface_size, iface_count, sizeof(*ifaces)))
        {
            ReleaseSRWLockExclusive(&mgm_lock);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        iface = &ifaces[iface_count++];
        memset(iface, 0, sizeof(*iface));
        iface->index = dwIfIndex;
        iface->nexthop = dwIfNextHopAddr;
    }
    if (protocol->igmp ? iface->igmp != NULL : iface->owner != NULL)
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        WARN("interface %lu/%#lx is already owned\n", dwIfIndex, dwIfNextHopAddr);
        return ERROR_ALREADY_EXISTS;
    }
    if (protocol->igmp) iface->igmp = protocol;
    else
    {
        if (iface->igmp)
        {
            /* IGMP re-adds its memberships, now on behalf of the new owner */
            queue_cb(&queue, CB_DISABLE_IGMP, iface->igmp, NULL, dwIfIndex, dwIfNextHopAddr, FALSE);
            flush_iface_memberships(&queue, iface, MEMBER_BY_IGMP, FALSE);
            queue_cb(&queue, CB_ENABLE_IGMP, iface->igmp, NULL, dwIfIndex, dwIfNextHopAddr, FALSE);
        }
        iface->owner = protocol;
    }
    refresh_mfes(&queue);
    ReleaseSRWLockExclusive(&mgm_lock);

    deliver_callbacks(&queue);
    return NO_ERROR;
}

/***********************************************************************
 *      MgmReleaseInterfaceOwnership (RTM.@)
 */
DWORD WINAPI MgmReleaseInterfaceOwnership(HANDLE hProtocol, DWORD dwIfIndex, DWORD dwIfNextHopAddr)
{
    struct cb_queue queue = { 0 };
    struct protocol *protocol;
    struct iface *iface;

    TRACE("(%p, %lu, %#lx)\n", hProtocol, dwIfIndex, dwIfNextHopAddr);

    AcquireSRWLockExclusive(&mgm_lock);
    if (!(protocol = grab_protocol(hProtocol)))
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        return ERROR_INVALID_PARAMETER;
    }
    iface = find_iface(dwIfIndex, dwIfNextHopAddr);
    if (!iface || (iface->owner != protocol && iface->igmp != protocol))
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        WARN("interface %lu/%#lx is not owned by protocol %lu\n", dwIfIndex, dwIfNextHopAddr,
             protocol->id);
        return ERROR_INVALID_PARAMETER;
    }
    if (iface->igmp == protocol)
    {
        flush_iface_memberships(&queue, iface, MEMBER_BY_IGMP, TRUE);
        iface->igmp = NULL;
    }
    else
    {
        if (iface->igmp)
            queue_cb(&queue, CB_DISABLE_IGMP, iface->igmp, NULL, dwIfIndex, dwIfNextHopAddr, FALSE);
        flush_iface_memberships(&queue, iface, MEMBER_BY_OWNER | MEMBER_BY_IGMP, FALSE);
        flush_iface_mfes(iface);
        if (iface->igmp)
            queue_cb(&queue, CB_ENABLE_IGMP, iface->igmp, NULL, dwIfIndex, dwIfNextHopAddr, FALSE);
        iface->owner = NULL;
    }
    if (!iface->owner && !iface->igmp) flush_iface_mfes(iface);
    drop_iface_if_unused(iface);
    refresh_mfes(&queue);
    ReleaseSRWLockExclusive(&mgm_lock);

    deliver_callbacks(&queue);
    return NO_ERROR;
}

/***********************************************************************
 *      MgmGetProtocolOnInterface (RTM.@)
 */
DWORD WINAPI MgmGetProtocolOnInterface(DWORD dwIfIndex, DWORD dwIfNextHopAddr,
                                       PDWORD pdwIfProtocolId, PDWORD pdwIfComponentId)
{
    struct protocol *protocol;
    DWORD ret = NO_ERROR;

    TRACE("(%lu, %#lx, %p, %p)\n", dwIfIndex, dwIfNextHopAddr, pdwIfProtocolId, pdwIfComponentId);

    if (!pdwIfProtocolId || !pdwIfComponentId)
    {
        WARN("invalid parameter\n");
        return ERROR_INVALID_PARAMETER;
    }
    AcquireSRWLockShared(&mgm_lock);
    if ((protocol = iface_component(dwIfIndex, dwIfNextHopAddr)))
    {
        *pdwIfProtocolId = protocol->id;
        *pdwIfComponentId = protocol->component;
    }
    else ret = ERROR_NOT_FOUND;
    ReleaseSRWLockShared(&mgm_lock);
    return ret;
}

/* validation shared by MgmAdd/DeleteGroupMembershipEntry; returns with the lock held on success */
static DWORD begin_membership_change(HANDLE handle, DWORD source, DWORD source_mask, DWORD group,
                                     DWORD group_mask, DWORD index, DWORD nexthop, DWORD flags,
                                     DWORD not_found, struct protocol **protocol,
                                     struct iface **iface, SOURCE_GROUP_ENTRY *sg)
{
    if (!parse_sg(source, source_mask, group, group_mask, sg))
    {
        WARN("unsupported source/group %#lx/%#lx %#lx/%#lx\n", source, source_mask, group, group_mask);
        return ERROR_INVALID_PARAMETER;
    }
    if (!flags || (flags & ~(MGM_JOIN_STATE_FLAG | MGM_FORWARD_STATE_FLAG)))
    {
        WARN("invalid flags %#lx\n", flags);
        return ERROR_INVALID_PARAMETER;
    }
    AcquireSRWLockExclusive(&mgm_lock);
    if (!(*protocol = grab_protocol(handle)))
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        return ERROR_INVALID_PARAMETER;
    }
    if (!(*iface = find_iface(index, nexthop)))
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        WARN("interface %lu/%#lx is not known\n", index, nexthop);
        return not_found;
    }
    if ((*iface)->owner != *protocol && (*iface)->igmp != *protocol)
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        WARN("interface %lu/%#lx is owned by another protocol\n", index, nexthop);
        return ERROR_INVALID_PARAMETER;
    }
    return NO_ERROR;
}

/***********************************************************************
 *      MgmAddGroupMembershipEntry (RTM.@)
 */
DWORD WINAPI MgmAddGroupMembershipEntry(HANDLE hProtocol, DWORD dwSourceAddr, DWORD dwSourceMask,
                                        DWORD dwGroupAddr, DWORD dwGroupMask, DWORD dwIfIndex,
                                        DWORD dwIfNextHopIPAddr, DWORD dwFlags)
{
    struct cb_queue queue = { 0 };
    struct add_result result;
    struct protocol *protocol;
    SOURCE_GROUP_ENTRY sg;
    struct iface *iface;
    DWORD ret;

    TRACE("(%p, %#lx, %#lx, %#lx, %#lx, %lu, %#lx, %#lx)\n", hProtocol, dwSourceAddr, dwSourceMask,
          dwGroupAddr, dwGroupMask, dwIfIndex, dwIfNextHopIPAddr, dwFlags);

    if ((ret = begin_membership_change(hProtocol, dwSourceAddr, dwSourceMask, dwGroupAddr,
                                       dwGroupMask, dwIfIndex, dwIfNextHopIPAddr, dwFlags,
                                       ERROR_INVALID_PARAMETER, &protocol, &iface, &sg)))
        return ret;
    ret = add_membership(&queue, protocol, iface, &sg, dwFlags, &result);
    refresh_mfes(&queue);
    ReleaseSRWLockExclusive(&mgm_lock);

    deliver_callbacks(&queue);
    if (!ret && result.new_mfe)
        resolve_rpf(&sg, result.serial, result.first_member, result.component_slot, result.component_gen);
    return ret;
}

/***********************************************************************
 *      MgmDeleteGroupMembershipEntry (RTM.@)
 */
DWORD WINAPI MgmDeleteGroupMembershipEntry(HANDLE hProtocol, DWORD dwSourceAddr, DWORD dwSourceMask,
                                           DWORD dwGroupAddr, DWORD dwGroupMask, DWORD dwIfIndex,
                                           DWORD dwIfNextHopIPAddr, DWORD dwFlags)
{
    struct cb_queue queue = { 0 };
    struct protocol *protocol;
    SOURCE_GROUP_ENTRY sg;
    struct iface *iface;
    DWORD ret;

    TRACE("(%p, %#lx, %#lx, %#lx, %#lx, %lu, %#lx, %#lx)\n", hProtocol, dwSourceAddr, dwSourceMask,
          dwGroupAddr, dwGroupMask, dwIfIndex, dwIfNextHopIPAddr, dwFlags);

    if ((ret = begin_membership_change(hProtocol, dwSourceAddr, dwSourceMask, dwGroupAddr,
                                       dwGroupMask, dwIfIndex, dwIfNextHopIPAddr, dwFlags,
                                       ERROR_NOT_FOUND, &protocol, &iface, &sg)))
        return ret;
    ret = delete_membership(&queue, iface, protocol->igmp ? MEMBER_BY_IGMP : MEMBER_BY_OWNER, &sg,
                            dwFlags, TRUE);
    refresh_mfes(&queue);
    ReleaseSRWLockExclusive(&mgm_lock);

    deliver_callbacks(&queue);
    return ret;
}

/***********************************************************************
 *      MgmGetMfe (RTM.@)
 */
DWORD WINAPI MgmGetMfe(PMIB_IPMCAST_MFE pimm, PDWORD pdwBufferSize, PBYTE pbBuffer)
{
    TRACE("(%p, %p, %p)\n", pimm, pdwBufferSize, pbBuffer);
    return get_mfe(pimm, pdwBufferSize, pbBuffer, MFE_BASIC);
}

/***********************************************************************
 *      MgmGetFirstMfe (RTM.@)
 */
DWORD WINAPI MgmGetFirstMfe(PDWORD pdwBufferSize, PBYTE pbBuffer, PDWORD pdwNumEntries)
{
    TRACE("(%p, %p, %p)\n", pdwBufferSize, pbBuffer, pdwNumEntries);
    return get_mfes(NULL, pdwBufferSize, pbBuffer, pdwNumEntries, MFE_BASIC);
}

/***********************************************************************
 *      MgmGetNextMfe (RTM.@)
 */
DWORD WINAPI MgmGetNextMfe(PMIB_IPMCAST_MFE pimmStart, PDWORD pdwBufferSize, PBYTE pbBuffer,
                           PDWORD pdwNumEntries)
{
    TRACE("(%p, %p, %p, %p)\n", pimmStart, pdwBufferSize, pbBuffer, pdwNumEntries);

    if (!pimmStart)
    {
        WARN("no start MFE\n");
        return ERROR_INVALID_PARAMETER;
    }
    return get_mfes(pimmStart, pdwBufferSize, pbBuffer, pdwNumEntries, MFE_BASIC);
}

/***********************************************************************
 *      MgmGetMfeStats (RTM.@)
 */
DWORD WINAPI MgmGetMfeStats(PMIB_IPMCAST_MFE pimm, PDWORD pdwBufferSize, PBYTE pbBuffer, DWORD dwFlags)
{
    enum mfe_kind kind;

    TRACE("(%p, %p, %p, %#lx)\n", pimm, pdwBufferSize, pbBuffer, dwFlags);

    if (!stats_flags_to_kind(dwFlags, &kind))
    {
        WARN("invalid flags %#lx\n", dwFlags);
        return ERROR_INVALID_PARAMETER;
    }
    return get_mfe(pimm, pdwBufferSize, pbBuffer, kind);
}

/***********************************************************************
 *      MgmGetFirstMfeStats (RTM.@)
 */
DWORD WINAPI MgmGetFirstMfeStats(PDWORD pdwBufferSize, PBYTE pbBuffer, PDWORD pdwNumEntries,
                                 DWORD dwFlags)
{
    enum mfe_kind kind;

    TRACE("(%p, %p, %p, %#lx)\n", pdwBufferSize, pbBuffer, pdwNumEntries, dwFlags);

    if (!stats_flags_to_kind(dwFlags, &kind))
    {
        WARN("invalid flags %#lx\n", dwFlags);
        return ERROR_INVALID_PARAMETER;
    }
    return get_mfes(NULL, pdwBufferSize, pbBuffer, pdwNumEntries, kind);
}

/***********************************************************************
 *      MgmGetNextMfeStats (RTM.@)
 */
DWORD WINAPI MgmGetNextMfeStats(PMIB_IPMCAST_MFE pimmStart, PDWORD pdwBufferSize, PBYTE pbBuffer,
                                PDWORD pdwNumEntries, DWORD dwFlags)
{
    enum mfe_kind kind;

    TRACE("(%p, %p, %p, %p, %#lx)\n", pimmStart, pdwBufferSize, pbBuffer, pdwNumEntries, dwFlags);

    if (!pimmStart || !stats_flags_to_kind(dwFlags, &kind))
    {
        WARN("invalid parameter\n");
        return ERROR_INVALID_PARAMETER;
    }
    return get_mfes(pimmStart, pdwBufferSize, pbBuffer, pdwNumEntries, kind);
}

/***********************************************************************
 *      MgmGroupEnumerationStart (RTM.@)
 */
DWORD WINAPI MgmGroupEnumerationStart(HANDLE hProtocol, MGM_ENUM_TYPES metEnumType, HANDLE *phEnumHandle)
{
    struct protocol *protocol;
    struct group_enum *e;
    unsigned int i;
    HANDLE handle;

    TRACE("(%p, %d, %p)\n", hProtocol, metEnumType, phEnumHandle);

    if (!phEnumHandle || (metEnumType != ANY_SOURCE && metEnumType != ALL_SOURCES))
    {
        WARN("invalid parameter\n");
        return ERROR_INVALID_PARAMETER;
    }
    if (!(e = calloc(1, sizeof(*e)))) return ERROR_NOT_ENOUGH_MEMORY;

    AcquireSRWLockExclusive(&mgm_lock);
    if (!(protocol = grab_protocol(hProtocol)))
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        free(e);
        return ERROR_INVALID_PARAMETER;
    }
    /* a snapshot: later membership changes do not disturb the enumeration */
    if (group_count && !(e->entries = malloc(group_count * sizeof(*e->entries))))
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        free(e);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < group_count; i++)
    {
        SOURCE_GROUP_ENTRY *entry = &e->entries[e->count];

        /* groups are sorted by group, so equal groups are adjacent */
        if (metEnumType == ANY_SOURCE && e->count
                && e->entries[e->count - 1].dwGroupAddr == groups[i]->sg.dwGroupAddr)
            continue;
        *entry = groups[i]->sg;
        if (metEnumType == ANY_SOURCE) entry->dwSourceAddr = entry->dwSourceMask = 0;
        e->count++;
    }
    e->owner = protocol->slot;
    if (!(handle = alloc_handle(SLOT_ENUM, e, NULL, NULL)))
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        free(e->entries);
        free(e);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    ReleaseSRWLockExclusive(&mgm_lock);

    *phEnumHandle = handle;
    return NO_ERROR;
}

/***********************************************************************
 *      MgmGroupEnumerationGetNext (RTM.@)
 */
DWORD WINAPI MgmGroupEnumerationGetNext(HANDLE hEnum, PDWORD pdwBufferSize, PBYTE pbBuffer,
                                        PDWORD pdwNumEntries)
{
    DWORD room, n, ret;
    struct group_enum *e;

    TRACE("(%p, %p, %p, %p)\n", hEnum, pdwBufferSize, pbBuffer, pdwNumEntries);

    if (!pdwBufferSize || !pdwNumEntries || (!pbBuffer && *pdwBufferSize))
    {
        WARN("invalid parameter\n");
        return ERROR_INVALID_PARAMETER;
    }
    AcquireSRWLockExclusive(&mgm_lock);
    if (!(e = lookup_handle(hEnum, SLOT_ENUM)))
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        WARN("invalid enumeration handle %p\n", hEnum);
        return ERROR_INVALID_PARAMETER;
    }
    room = *pdwBufferSize / sizeof(SOURCE_GROUP_ENTRY);
    n = min(room, e->count - e->pos);
    if (!room && e->pos < e->count)
    {
        *pdwBufferSize = sizeof(SOURCE_GROUP_ENTRY);
        ret = ERROR_INSUFFICIENT_BUFFER;
    }
    else
    {
        memcpy(pbBuffer, e->entries + e->pos, n * sizeof(SOURCE_GROUP_ENTRY));
        e->pos += n;
        ret = e->pos < e->count ? ERROR_MORE_DATA : ERROR_NO_MORE_ITEMS;
    }
    ReleaseSRWLockExclusive(&mgm_lock);
    *pdwNumEntries = ret == ERROR_INSUFFICIENT_BUFFER ? 0 : n;
    return ret;
}

/***********************************************************************
 *      MgmGroupEnumerationEnd (RTM.@)
 */
DWORD WINAPI MgmGroupEnumerationEnd(HANDLE hEnum)
{
    struct group_enum *e;

    TRACE("(%p)\n", hEnum);

    AcquireSRWLockExclusive(&mgm_lock);
    if (!(e = lookup_handle(hEnum, SLOT_ENUM)))
    {
        ReleaseSRWLockExclusive(&mgm_lock);
        WARN("invalid enumeration handle %p\n", hEnum);
        return ERROR_INVALID_PARAMETER;
    }
    free_slot(((ULONG_PTR)hEnum & 0xffff) - 1);
    ReleaseSRWLockExclusive(&mgm_lock);
    free(e->entries);
    free(e);
    return NO_ERROR;
}
