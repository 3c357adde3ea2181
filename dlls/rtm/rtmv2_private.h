/*
 * Private definitions of the RTMv2 layer (rtmv2*.c)
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

#ifndef __RTMV2_PRIVATE_H
#define __RTMV2_PRIVATE_H

#include "rtm_private.h"
#include "slab.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef AF_INET
#define AF_INET   2
#endif
#ifndef AF_INET6
#define AF_INET6  23
#endif

/* limits of an address family: the defaults, and the most the configuration
 * (RtmWriteAddressFamilyConfig) may set; see spec/rtmv2.md */
#define V2_MAX_NEXTHOPS       5
#define V2_MAX_HANDLES        100
#define V2_MAX_OPAQUE         5
#define V2_MAX_NOTIFY         32
#define V2_VIEWS_SUPPORTED    (RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST)
#define V2_NUM_VIEWS          2
#define V2_LOCK_STRIPES       64

enum v2_type
{
    V2_ENTITY = 0x200,
    V2_DEST,
    V2_ROUTE,
    V2_NEXTHOP,
    V2_ENUM,
    V2_NOTIFY,
    V2_ROUTE_LIST,
};

struct v2_object
{
    struct rtm_object obj;
    HANDLE            handle;
    LONG64            refs;         /* client references (low half), the layer's own (high half) */
};

struct v2_family
{
    USHORT             af;
    enum eng_family    eng_family;
    unsigned int       addr_bytes;
    struct eng_table  *table;
    INIT_ONCE          once;                    /* table, lists, observer, cfg set up */
    RTM_ADDRESS_FAMILY_CONFIG cfg;              /* limits in force */
    struct eng_layer_hooks hooks;
    DWORD              opaque_used;             /* slots reserved by entities */
    ULONG              opaque_epoch;            /* counts reservations, see v2_dest_opaque_locked */
    ULONG              opaque_reserved[V2_MAX_OPAQUE];  /* the epoch of each slot's last reservation */
    struct rtm_list    entities;
    struct v2_notify  *notify[V2_MAX_NOTIFY];
    struct rtm_list    changed;                 /* dest data with changed bits */
    struct rtm_list    spare_data;              /* v2_dest_data.changed_entry, under v2_cs, */
    size_t             nspare_data;             /* see v2_dest_spares_ready_locked */
    struct v2_dest    *spare_dest;
    /* Routes, dest data and dest handle objects, one or more of each per
     * route: allocated under v2_cs (v2_alloc_locked), freed from any thread.
     * A Wine heap block costs about 200 ns once millions are live, and 16
     * bytes of header. */
    struct eng_arena   arena;
    struct eng_slab    route_slab, data_slab, dest_slab;
};

struct v2_entity
{
    struct v2_object          h;
    struct v2_family         *family;
    RTM_ENTITY_INFO           info;
    RTM_EVENT_CALLBACK        callback;
    UINT                      nmethods;
    RTM_ENTITY_EXPORT_METHOD *methods;
    BOOL                      blocked;          /* RtmBlockMethods, under v2_cs */
    LONG                      invoking;         /* methods running, under v2_cs */
    LONG                      calling;          /* callbacks running, under v2_cs */
    int                       opaque_slot;      /* -1: none */
    BOOL                      registered;
    struct eng_owner          owner;
    struct rtm_list           entry;            /* family->entities */
    struct rtm_list           nexthops;         /* sorted by address, interface */
};

struct v2_nexthop
{
    struct v2_object  h;
    struct v2_entity *entity;                   /* object reference */
    struct rtm_list   entry;                    /* entity->nexthops while not deleted */
    RTM_NEXTHOP_INFO  info;
};

struct v2_dest
{
    struct v2_object  h;
    struct v2_family *family;
    struct eng_dest  *dest;                     /* engine reference */
};

struct v2_dest_data
{
    struct eng_dest *dest;                      /* referenced */
    struct v2_dest *obj;                        /* cached handle object, not referenced */
    FILETIME        last_changed;               /* with obj, for v2_fill_dest_info */
    void           *opaque[V2_MAX_OPAQUE];
    ULONG           opaque_epoch;               /* of the family, when opaque[] was last checked */
    DWORD           marked, changed;            /* bit per notification registration */
    RTM_VIEW_SET    hold_views;                 /* RtmHoldDestination */
    ULONG           hold_time;                  /* milliseconds, 0: no hold-down */
    struct rtm_list changed_entry;
};

struct v2_route_list
{
    struct v2_object  h;
    struct v2_entity *entity;                   /* object reference */
    BOOL              deleted;                  /* under v2_cs */
    struct rtm_list   routes;                   /* v2_route.list_entry, under v2_cs */
};

struct v2_route
{
    /* first, on one cache line, what v2_fill_dest_info reads */
    struct v2_object      h;
    struct v2_entity     *owner;                /* NULL for routes of RTM v1 clients */
    BOOL                  held;                 /* deleted, kept in hold-down in no view */
    RTM_VIEW_SET          held_views;           /* the views it was in before */
    struct v2_family     *family;
    struct eng_route     *route;                /* engine reference */
    BOOL                  in_table;             /* added and not deleted (held routes are not) */
    BOOL                  expired;              /* aged out, the owner is being asked */
    struct v2_route_list *list;
    struct rtm_list       list_entry;
    HANDLE                hops[V2_MAX_NEXTHOPS + 1];    /* referenced: next hops, then neighbour */
    UINT                  nhops, nnext;                 /* all of them, next hops */
    RTM_ROUTE_INFO        info;                 /* must be last: V2_MAX_NEXTHOPS next hops */
};

struct v2_notify
{
    struct v2_object  h;
    struct v2_entity *entity;
    struct v2_family *family;
    unsigned int      index;
    RTM_VIEW_SET      views;
    DWORD             flags;
    void             *context;
    LONG              pending;
    BOOL              signalled;
    BOOL              active;
};

/* A method or callback of an entity that a thread is running, on a
 * per-thread stack, so that the entity may block its methods or deregister
 * from inside one of them without waiting for itself. */
struct v2_frame
{
    struct v2_entity *entity;
    BOOL              method;
    struct v2_frame  *next;
};

enum v2_enum_kind { ENUM_DESTS, ENUM_ROUTES, ENUM_HANDLES };

struct v2_enum
{
    struct v2_object  h;
    enum v2_enum_kind kind;
    struct v2_entity *entity;
    struct v2_family *family;
    DWORD             type;                     /* of the snapshot handles */
    RTM_VIEW_SET      views;
    DWORD             flags;
    ULONG             protocol;
    BOOL              started, done;
    struct eng_prefix cursor, start;
    BOOL              single;                   /* routes of one dest */
    DWORD             match;
    ULONG             iface;
    RTM_ROUTE_INFO   *criteria;
    HANDLE           *items;                    /* referenced handles not handed out yet */
    UINT              nitems, pos;
};

/* The bytes of a route info with n next hops.  RTM_SIZE_OF_ROUTE_INFO counts
 * from NextHopsList.NumNextHops, which on 64-bit leaves out the padding
 * before NextHops[] and so the last handle. */
#define ROUTE_INFO_SIZE(n) (offsetof(RTM_ROUTE_INFO, NextHopsList.NextHops) + (n) * sizeof(RTM_NEXTHOP_HANDLE))
#define ROUTE_OBJ_SIZE (offsetof(struct v2_route, info) + ROUTE_INFO_SIZE(V2_MAX_NEXTHOPS))

#define V2_NUM_FAMILIES 2
extern struct v2_family v2_families[V2_NUM_FAMILIES];

/* rtmv2.c */
void v2_lock(void);
size_t v2_write_lock(struct eng_table *table, size_t count);
size_t v2_write_lock_wait(struct eng_table *table, size_t count);
void v2_unlock(void);
void *v2_alloc_locked(struct eng_slab *slab);
BOOL v2_publish(struct v2_object *h, DWORD type, void (*destroy)(struct rtm_object *obj), BOOL internal);
void *v2_grab(HANDLE handle, DWORD type);
void v2_put(void *obj);
void v2_ref(struct v2_object *h, BOOL internal);
BOOL v2_ref_live(struct v2_object *h, BOOL internal);
BOOL v2_live_locked(const struct v2_object *h);
BOOL v2_unref(struct v2_object *h, BOOL internal);
DWORD v2_release_handle(HANDLE handle, DWORD type, BOOL internal);
void v2_release_handle_quiet(HANDLE handle, DWORD type, BOOL internal);
struct v2_entity *v2_grab_entity(HANDLE handle);
BOOL v2_entity_registered_locked(const struct v2_entity *entity);
BOOL v2_enter_callback_locked(struct v2_entity *entity, struct v2_frame *frame);
void v2_leave_callback(struct v2_frame *frame);
BOOL v2_entity_valid(HANDLE handle);
BOOL v2_entity_args(HANDLE handle, struct v2_family **family, ULONG *protocol);
struct v2_route_list *v2_grab_list(HANDLE handle, struct v2_entity *entity);
unsigned int v2_list_count(const struct rtm_list *list);
/* the locks of RtmLockDestination & co., by object address: a route's is its dest's */
enum v2_lock_kind
{
    V2_LOCK_DEST,
    V2_LOCK_NEXTHOP,
};
void v2_lock_object(const void *obj, enum v2_lock_kind kind, BOOL exclusive);
DWORD v2_unlock_object(const void *obj, enum v2_lock_kind kind, BOOL exclusive);
BOOL v2_object_locked_exclusive(const void *obj, enum v2_lock_kind kind);
struct v2_family *v2_find_family(USHORT instance, USHORT af);
BOOL v2_net_to_prefix(const struct v2_family *family, const RTM_NET_ADDRESS *addr,
        struct eng_prefix *prefix);
void v2_prefix_to_net(const struct v2_family *family, const struct eng_prefix *prefix,
        RTM_NET_ADDRESS *addr);
BOOL v2_prefix_in_range(const struct eng_prefix *prefix, const struct eng_prefix *range);
BOOL v2_check_views(RTM_VIEW_SET views, RTM_VIEW_SET *out);
struct rtm_route_data *v2_route_data(const struct eng_route *route);
struct v2_route *v2_route_ext(const struct eng_route *route);
BOOL v2_route_better(const struct eng_route *a, const struct eng_route *b);
struct eng_route *v2_best_route(struct eng_dest *dest, unsigned int view, ULONG protocol);
ULONG v2_entity_protocol(const struct v2_entity *entity, ULONG protocol);
BOOL CALLBACK v2_init_family(INIT_ONCE *once, void *param, void **context);
DWORD v2_release_handles(HANDLE entity, UINT count, HANDLE *handles, DWORD type);

/* rtmv2_dest.c */
struct v2_dest_data *v2_dest_data_locked(struct v2_family *family, struct eng_dest *dest);
BOOL v2_dest_spares_ready_locked(const struct v2_family *family);
BOOL v2_dest_spares_refill(struct v2_family *family);
void v2_dest_data_check_locked(struct v2_family *family, struct eng_dest *dest);
HANDLE v2_dest_handle_locked(struct v2_family *family, struct eng_dest *dest, BOOL internal);
void v2_object_gone_locked(struct v2_object *h);
RTM_DEST_INFO *v2_dest_info_at(RTM_DEST_INFO *infos, unsigned int i);
DWORD v2_fill_dest_info(struct v2_family *family, struct eng_dest *dest,
        ULONG protocol, RTM_VIEW_SET views, RTM_DEST_INFO *info);

/* rtmv2_notify.c */
void v2_mark_changed_locked(struct v2_family *family, struct eng_dest *dest,
        RTM_VIEW_SET views, DWORD types);
void v2_dest_unlinked_hook(void *ctx, struct eng_dest *dest);
void v2_table_observer(void *ctx, const struct eng_change *change);
void v2_deregister_notify(struct v2_notify *n);

/* rtmv2_route.c */
HANDLE v2_route_handle(struct v2_family *family, struct eng_route *route);
void v2_addref_handle(HANDLE handle, DWORD type, BOOL internal);
void v2_delete_route_locked(struct v2_route *r, struct v2_entity *origin, BOOL hold,
        struct eng_change *change);
int v2_expire_hook(void *ctx, struct eng_route *route);
BOOL v2_route_matches_locked(struct eng_route *route, DWORD match, const RTM_ROUTE_INFO *criteria, ULONG iface);

/* rtmv2_config.c */
void v2_read_family_config(const struct v2_family *family, RTM_ADDRESS_FAMILY_CONFIG *cfg);

#endif /* __RTMV2_PRIVATE_H */
