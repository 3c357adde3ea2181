/*
 * Private definitions shared by the layers of rtm.dll
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

#ifndef __RTM_PRIVATE_H
#define __RTM_PRIVATE_H

#include <stdlib.h>

#include "engine.h"

#ifdef RTM_FAULT_INJECTION
#include "eng_os.h"
/* the layers' own allocations fail on the same counter as the engine's;
 * <stdlib.h> comes first so that its prototypes are not rewritten */
#define malloc(size)         (rtm_fault_should_fail() ? NULL : malloc(size))
#define calloc(count, size)  (rtm_fault_should_fail() ? NULL : calloc(count, size))
#define realloc(ptr, size)   (rtm_fault_should_fail() ? NULL : realloc(ptr, size))
#endif

/*
 * Lock order, outermost first (see spec/rtmv1.md, spec/rtmv2.md):
 *   per-object locks (v1 enumeration handle)
 *   -> engine table lock (eng_table_{read,write}_lock)
 *   -> the RTMv2 layer lock (v2_cs)
 *   -> notification queue locks (notify.c)
 * The handle table lock (handle.c) and the lock of the interned route
 * attributes (intern.c, through rtm_attrs_*) are leaves: they may be taken
 * under any of these, and nothing is taken or called out to while one is
 * held.
 * Object references are dropped with no table or queue lock held: a final
 * release may free queued messages, which releases engine dests.  (The v1
 * unlock hook, rtmv1.c, may drop one under a caller's per-object lock, such
 * as an RTMv2 destination lock: a final release of a client takes no lock.)
 * The change-event calls, server calls under Wine, are made in the same
 * places (notify.c), never under a table or queue lock.
 */

/* ---- intrusive doubly linked list ----------------------------------------- */

struct rtm_list
{
    struct rtm_list *next, *prev;
};

static inline void rtm_list_init(struct rtm_list *list)
{
    list->next = list->prev = list;
}

static inline int rtm_list_empty(const struct rtm_list *list)
{
    return list->next == list;
}

static inline void rtm_list_add_tail(struct rtm_list *list, struct rtm_list *elem)
{
    elem->next = list;
    elem->prev = list->prev;
    list->prev->next = elem;
    list->prev = elem;
}

static inline void rtm_list_remove(struct rtm_list *elem)
{
    elem->prev->next = elem->next;
    elem->next->prev = elem->prev;
    elem->next = elem->prev = elem;
}

#define RTM_LIST_ENTRY(elem, type, field) \
    ((type *)((char *)(elem) - offsetof(type, field)))

/* ---- route payload --------------------------------------------------------- */

/* The fields of RTM_IP_ROUTE / RTM_IPX_ROUTE a route keeps besides its dest,
 * owner, preference, metric, expiry and timestamp.  Routes share them: a
 * table holds a few distinct sets (one per neighbour and metric), interned
 * in main.c, and a route points at its set.  Unused bytes are zero, so that
 * equal sets compare equal byte for byte.  The protocol is the owner's,
 * kept here so that a lookup without the table lock reads nothing that a
 * deregistration frees (RtmLookupIPDestination). */
struct rtm_route_attrs
{
    DWORD protocol;
    DWORD interface;
    union
    {
        IP_NEXT_HOP_ADDRESS  ip;
        IPX_NEXT_HOP_ADDRESS ipx;
    } next_hop;
    PROTOCOL_SPECIFIC_DATA psd;
    union
    {
        IP_SPECIFIC_DATA  ip;
        IPX_SPECIFIC_DATA ipx;
    } fsd;
};

/* What a route in an engine table carries.  The RTM v1 layer stores the
 * fields of the caller's route; the RTMv2 layer keeps the same v1-visible
 * fields up to date for its routes (so that v1 clients can read them) and
 * hangs its own data off ext.  The route holds a reference to attrs, which
 * the table releases with the route (rtm_get_table). */
struct rtm_route_data
{
    /* first: the table keeps a copy of the best route's first payload
     * pointer for lookups (eng_route_lookup_ipv4) */
    const struct rtm_route_attrs *attrs;
    void *ext;                  /* reserved for the RTMv2 layer */
};

/* main.c: the shared copy of attrs, with a reference for the caller; NULL
 * when out of memory.  rtm_attrs_put takes NULL. */
const struct rtm_route_attrs *rtm_attrs_get(const struct rtm_route_attrs *attrs);
void rtm_attrs_ref(const struct rtm_route_attrs *attrs);
void rtm_attrs_put(const struct rtm_route_attrs *attrs);

/* ---- handle.c: typed, reference-counted objects behind ntdll handles ------- */

enum rtm_object_type
{
    RTM_OBJECT_V1_CLIENT = 1,
    RTM_OBJECT_V1_ENUM,
};

struct rtm_object
{
    LONG  refs;
    DWORD type;                 /* enum rtm_object_type, or one of a later layer */
    void (*destroy)(struct rtm_object *obj);    /* called when refs drops to 0 */
};

/* refs starts at 1: the reference a handle owns once rtm_handle_alloc succeeds */
void rtm_object_init(struct rtm_object *obj, DWORD type, void (*destroy)(struct rtm_object *obj));
void rtm_object_release(struct rtm_object *obj);
/* NULL when the table is full or out of memory; the object is then untouched */
HANDLE rtm_handle_alloc(struct rtm_object *obj);
/* a new reference to the object behind a live handle of that type, else NULL */
struct rtm_object *rtm_handle_get(HANDLE handle, DWORD type);
/* The same without a reference, for a caller that reads a few fields or
 * makes a change that takes no lock: the handle cannot close until
 * rtm_handle_unpin(pin), which must follow at once, with no lock taken in
 * between (a close waits for it).  Saves the two atomics on the object's
 * count, which other threads' calls write too. */
struct rtm_object *rtm_handle_pin(HANDLE handle, DWORD type, LONG **pin);
void rtm_handle_unpin(LONG *pin);
/* a hint that the handle is about to be looked up; takes any value */
void rtm_handle_prefetch(HANDLE handle);
/* invalidates the handle and hands its reference to the caller; NULL for a
 * handle that is not live (again), so only one caller can close a handle */
struct rtm_object *rtm_handle_close(HANDLE handle, DWORD type);

/* ---- rtmv1.c -------------------------------------------------------------- */

/* around an in-place update of a route of the IPv4 table by another layer,
 * under the table write lock, so that RTM v1 clients get the old best route */
void rtm_v1_begin_update(const struct eng_route *route);
void rtm_v1_end_update(void);
/* Every layer that watches a table learns of a change after it, when it
 * is too late to fail, so a change first reserves what each needs: RTM v1's
 * change messages (rtmv1.c, spec/rtmv1.md) and RTMv2's spare dest data
 * (rtmv2_dest.c).  With the table write lock held, *_ready_locked says
 * whether a change of count dests may go ahead; else, with no table lock
 * held, *_reserve reserves and returns how many dests a change may touch,
 * less than count when memory ran out.  RTM v1 checks RTMv2's itself; the
 * other writers (aging, the RTMv2 layer) use rtm_table_*, which check both. */
BOOL rtm_v1_ready_locked(struct eng_table *table, size_t count);
size_t rtm_v1_reserve(struct eng_table *table, size_t count);
BOOL rtm_v2_ready_locked(struct eng_table *table, size_t count);
size_t rtm_v2_reserve(struct eng_table *table, size_t count);

/* ---- notify.c: RTM v1 change-message queues -------------------------------- */

struct rtm_notify_queue;

struct rtm_notify_msg
{
    struct rtm_list        entry;       /* queue order */
    struct rtm_notify_msg *hash_next;   /* same-bucket chain, keyed by prefix */
    struct eng_dest       *dest;        /* referenced */
    unsigned int           hash;        /* of the dest's prefix */
    BOOL                   has_prev;
    BOOL                   own;         /* the client changed the dest since: report up to cur */
    BOOL                   has_cur;     /* with own: whether cur holds a route */
    /* snapshot_size bytes: the best route when first queued; then
     * snapshot_size bytes, cur: with own, the best route before the client's
     * own change */
    unsigned char          prev[1];
};

struct rtm_notify_queue *notify_queue_create(HANDLE event, size_t snapshot_size);
void notify_queue_destroy(struct rtm_notify_queue *queue, struct eng_table *table);
/* Reserving before a change (see notify.c): a change of the table may push
 * one message per dest it touches, and a push cannot fail once count pushes
 * are reserved.  Under the table write lock: whether count pushes are. */
BOOL notify_queue_ready(struct rtm_notify_queue *queue, size_t count);
/* under the table read lock (no push meanwhile): reserves count pushes;
 * returns how many are reserved, less than count when memory ran out */
size_t notify_queue_reserve(struct rtm_notify_queue *queue, size_t count);
/* under the table write lock; prev is NULL when the dest had no best route.
 * Returns TRUE when the queue stopped being empty: notify_queue_sync_event()
 * is then due once the table lock is released. */
BOOL notify_queue_push(struct rtm_notify_queue *queue, struct eng_table *table,
        struct eng_dest *dest, const void *prev);
/* under the table write lock, for a change of dest by the queue's client
 * itself, which gets no message for it: a message already queued for dest
 * reports the best route up to that change, cur (NULL: none), until another
 * change of dest is pushed */
void notify_queue_own_change(struct rtm_notify_queue *queue, const struct eng_dest *dest, const void *cur);
/* the oldest message, or NULL when the queue is empty or take (if not NULL)
 * does not want it; *more tells whether messages remain.  A dequeue that
 * leaves the queue empty calls notify_queue_sync_event(queue, TRUE) once the
 * table lock is released. */
struct rtm_notify_msg *notify_queue_pop(struct rtm_notify_queue *queue,
        BOOL (*take)(const struct rtm_notify_msg *msg, void *ctx), void *ctx, BOOL *more);
/* with no lock held: sets the event if the queue has messages, else resets
 * it; unless dequeued is TRUE, no call is made if the queue left the event
 * that way already */
void notify_queue_sync_event(struct rtm_notify_queue *queue, BOOL dequeued);
/* with no table lock held: takes back popped messages chained through
 * hash_next, to be reused by later pushes */
void notify_queue_recycle(struct rtm_notify_queue *queue, struct eng_table *table, struct rtm_notify_msg *msgs);

/* ---- main.c: global tables, clock, aging ---------------------------------- */

/* the one table of a family, created on first use (NULL if out of memory) */
struct eng_table *rtm_get_table(enum eng_family family);
/* see rtm_v1_ready_locked: both layers' reservations */
BOOL rtm_table_ready_locked(struct eng_table *table, size_t count);
size_t rtm_table_reserve(struct eng_table *table, size_t count);
/* engine clock: monotonic seconds, never ENG_NEVER */
uint32_t rtm_clock_now(void);
/* expiry for a time to live in seconds (INFINITE -> ENG_NEVER); the route
 * lives at least ttl and at most ttl + 1 seconds */
uint32_t rtm_clock_expiry(DWORD ttl);
/* system time for time stamps: may be up to one GetTickCount64 step old */
uint64_t rtm_filetime_now(void);
/* tells the aging thread that some route of some table expires at expire */
void rtm_aging_schedule(uint32_t expire);
/* lets threads waiting for a table lock in between chunks of a long job;
 * eng_table_yield() (engine.h) also makes sure that waiting readers got in */
void rtm_yield(void);

#define RTM_CHUNK  512          /* routes changed per write-lock hold in long jobs */

#endif /* __RTM_PRIVATE_H */
