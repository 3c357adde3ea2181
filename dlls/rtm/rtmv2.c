/*
 * Routing Table Manager version 2: handles, entities, methods
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
 * DOC: the RTMv2 layer
 *
 * Routes and dests live in the engine tables of main.c (the IPv4 table is the
 * one RTM v1 uses too).  This layer adds, behind handles of handle.c:
 *
 *   entity    a registration (instance 0, AF_INET or AF_INET6); owns an
 *             engine owner, a sorted next-hop list and its exported methods.
 *   next hop  RTM_NEXTHOP_INFO kept by the layer; routes reference them.
 *   route     for routes added through RTMv2, a struct v2_route hangs off the
 *             engine payload (rtm_route_data.ext) and holds the persistent
 *             RTM_ROUTE_INFO that RtmLockRoute/RtmGetRoutePointer hand out;
 *             its handle is stable.  Routes of RTM v1 clients get a fresh
 *             wrapper object (and handle) each time they are returned.
 *   dest      a wrapper holding an engine reference; cached in the per-dest
 *             layer data (eng_dest.layer) so its handle is stable while used.
 *
 * Reference counts: every object counts the references handed to clients
 * apart from the layer's own (internal: a route in the table, a next hop in
 * its entity's list, a registration, the dest a route names), so that a
 * client that releases a handle once too often gets ERROR_INVALID_HANDLE
 * instead of eating one of the layer's.  The next hops a route names are the
 * exception: the documented update in place has the client move those
 * references (RtmReleaseNextHops, RtmReferenceHandles), so they are client
 * references.  Both counts share one 64-bit word, changed atomically:
 * taking a reference, or dropping one that is not the last, takes no lock,
 * so that lookups and the release of what they hand out run in parallel.  The last reference only
 * goes under v2_cs: a count seen non-zero under v2_cs stays so until v2_cs
 * is left, which is what lets the layer reference an object it found
 * through a pointer of its own (a dest's cached handle object, a next hop
 * of a route info).  When both drop to 0 the handle is closed, which drops
 * the handle's own object reference; the object lives on while a thread
 * still uses it (rtm_handle_get references).
 *
 * Locks, outermost first: the client locks of RtmLockRoute & co. (stripes,
 * held across calls) -> engine table lock -> v2_cs.  Handle-table calls
 * are leaves.  Callbacks are made with no lock held.
 *
 * Files: rtmv2.c (objects and handles, families, entities, methods),
 * rtmv2_dest.c, rtmv2_route.c (and route lists), rtmv2_nexthop.c,
 * rtmv2_enum.c, rtmv2_notify.c, rtmv2_config.c; rtmv2_private.h.
 * spec/rtmv2.md has the rules.
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

static CRITICAL_SECTION v2_cs;
static CONDITION_VARIABLE methods_cv = CONDITION_VARIABLE_INIT;    /* v2_entity blocked, invoking, calling */
static INIT_ONCE v2_cs_once = INIT_ONCE_STATIC_INIT;
static DWORD frames_tls = TLS_OUT_OF_INDEXES;                       /* struct v2_frame stack */

static BOOL CALLBACK init_v2_cs(INIT_ONCE *once, void *param, void **context)
{
    InitializeCriticalSection(&v2_cs);
    if ((frames_tls = TlsAlloc()) == TLS_OUT_OF_INDEXES) ERR("no TLS slot\n");
    return TRUE;
}

/* v2_cs is recursive: a release under it may drop the last reference of another object */
void v2_lock(void)
{
    InitOnceExecuteOnce(&v2_cs_once, init_v2_cs, NULL, NULL);
    EnterCriticalSection(&v2_cs);
}

void v2_unlock(void)
{
    LeaveCriticalSection(&v2_cs);
}

/* a zeroed object of one of a family's slabs, under v2_cs; NULL when out of memory */
void *v2_alloc_locked(struct eng_slab *slab)
{
    void *obj;

#ifdef RTM_FAULT_INJECTION
    /* a slab only allocates for a new chunk: every object counts as one
     * allocation, as when it came from the heap, so that the fault test
     * still fails each of them in turn */
    if (rtm_fault_should_fail()) return NULL;
#endif
    if ((obj = slab_alloc(slab))) memset(obj, 0, slab->object_size);
    return obj;
}

/* The IPv4 table is shared with RTM v1, whose change queues must not drop a
 * message, and a change of many dests needs data for each to mark them
 * changed: like RTM v1's own calls, a change reserves both before it takes
 * the write lock for good (rtm_table_ready_locked).  Takes the table write
 * lock for a change of at most count dests; returns how many the change may
 * touch, fewer when memory ran short, or 0, with no lock held, when not even
 * one dest's could be reserved. */
size_t v2_write_lock(struct eng_table *table, size_t count)
{
    for (;;)
    {
        eng_table_write_lock(table);
        if (rtm_table_ready_locked(table, count)) return count;
        eng_table_write_unlock(table);
        if (!(count = rtm_table_reserve(table, count))) return 0;
    }
}

/* the same for changes that cannot report a failure: waits for memory */
size_t v2_write_lock_wait(struct eng_table *table, size_t count)
{
    size_t got;

    while (!(got = v2_write_lock(table, count)))
    {
        WARN("out of memory, waiting\n");
        Sleep(1);
        count = 1;
    }
    return got;
}

/* The locks of RtmLockDestination, RtmLockRoute and RtmLockNextHop, in
 * stripes by object address.  A stripe is a small monitor rather than a
 * bare SRW lock, for two reasons.  It knows how it is held, so an unlock
 * matching no lock is refused instead of done (releasing an SRW lock that
 * is not held that way corrupts it under Wine and raises
 * STATUS_RESOURCE_NOT_OWNED on Windows).  And a thread that holds a stripe
 * exclusive may lock it again, either way, so that locking two dests that
 * share a stripe, or one dest twice, does not deadlock the thread.  That
 * owner is the thread that took the stripe exclusive, also when it handed
 * the lock to another thread, which may unlock it: a lock is not tied to
 * its thread otherwise.  Two threads can still deadlock over four unrelated
 * dests of two stripes; per-object locks would lift that.  A stripe
 * cannot tell its objects apart, so an unlock of another object of a stripe
 * held that way goes through.  Next hops have stripes of their own, so that
 * a client holding a dest shared can lock a next hop.  Readers are
 * preferred: these are clients' locks, held briefly and seldom. */
struct v2_stripe
{
    SRWLOCK            guard;           /* over the fields below, never held for long */
    CONDITION_VARIABLE released;
    LONG               exclusive;       /* how many times owner holds it exclusive */
    LONG               shared;          /* shared holds (the owner's own, while exclusive) */
    DWORD              owner;
};

static struct v2_stripe stripes[2][V2_LOCK_STRIPES];

struct v2_family v2_families[V2_NUM_FAMILIES] =
{
    { AF_INET,  ENG_FAMILY_IPV4, 4,  NULL, INIT_ONCE_STATIC_INIT },
    { AF_INET6, ENG_FAMILY_IPV6, 16, NULL, INIT_ONCE_STATIC_INIT },
};

/* ---- objects and handles -------------------------------------------------- */

#define V2_REF(internal) ((internal) ? (LONG64)1 << 32 : 1)

static LONG kind_count(LONG64 refs, BOOL internal)
{
    return internal ? (LONG)(refs >> 32) : (LONG)refs;
}

/* gives an object its handle, with one reference of the kind asked for */
BOOL v2_publish(struct v2_object *h, DWORD type, void (*destroy)(struct rtm_object *obj), BOOL internal)
{
    rtm_object_init(&h->obj, type, destroy);
    h->refs = V2_REF(internal);
    return (h->handle = rtm_handle_alloc(&h->obj)) != NULL;
}

/* a temporary reference to a live object of that type, dropped with v2_put() */
void *v2_grab(HANDLE handle, DWORD type)
{
    if (!handle) return NULL;
    return rtm_handle_get(handle, type);
}

void v2_put(void *obj)
{
    if (obj) rtm_object_release(&((struct v2_object *)obj)->obj);
}

/* a new reference to an object that is known to have one: the caller holds
 * one, or saw one under v2_cs, which it still holds */
void v2_ref(struct v2_object *h, BOOL internal)
{
    __atomic_fetch_add(&h->refs, V2_REF(internal), __ATOMIC_RELAXED);
}

/* a new reference to an object found through its handle, unless the last
 * reference went meanwhile (its handle is being closed) */
BOOL v2_ref_live(struct v2_object *h, BOOL internal)
{
    LONG64 refs = __atomic_load_n(&h->refs, __ATOMIC_RELAXED);

    do if (!refs) return FALSE;
    while (!__atomic_compare_exchange_n(&h->refs, &refs, refs + V2_REF(internal), TRUE,
                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED));
    return TRUE;
}

/* whether an object has a reference left; under v2_cs the answer holds until it is left */
BOOL v2_live_locked(const struct v2_object *h)
{
    return __atomic_load_n(&h->refs, __ATOMIC_RELAXED) != 0;
}

/* drops a reference of that kind that is not the object's last, with no
 * lock; FALSE, with nothing done, when there is none or it is the last */
static BOOL unref_not_last(struct v2_object *h, BOOL internal)
{
    LONG64 one = V2_REF(internal), refs = __atomic_load_n(&h->refs, __ATOMIC_RELAXED);

    while (kind_count(refs, internal) && refs != one)
        if (__atomic_compare_exchange_n(&h->refs, &refs, refs - one, TRUE, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
            return TRUE;
    return FALSE;
}

/* Drops a reference; the handle closes when the last of both kinds goes,
 * which happens under v2_cs (see the DOC above).  The kinds are kept apart
 * so that a client releasing a handle once too often gets an error instead
 * of taking a reference the layer holds. */
BOOL v2_unref(struct v2_object *h, BOOL internal)
{
    LONG64 one = V2_REF(internal), refs;
    BOOL last;

    if (unref_not_last(h, internal)) return TRUE;
    v2_lock();
    refs = __atomic_load_n(&h->refs, __ATOMIC_RELAXED);
    do
    {
        if (!kind_count(refs, internal))
        {
            v2_unlock();
            WARN("handle %p has no %s references left\n", h->handle, internal ? "internal" : "client");
            return FALSE;
        }
    } while (!__atomic_compare_exchange_n(&h->refs, &refs, refs - one, TRUE, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
    if ((last = refs == one)) v2_object_gone_locked(h);
    v2_unlock();

    if (last && rtm_handle_close(h->handle, h->obj.type)) rtm_object_release(&h->obj);
    return TRUE;
}

DWORD v2_release_handle(HANDLE handle, DWORD type, BOOL internal)
{
    struct v2_object *h;
    LONG *pin;
    BOOL ret;

    if (!handle || !(h = (struct v2_object *)rtm_handle_pin(handle, type, &pin))) return ERROR_INVALID_HANDLE;
    /* Only what needs no lock happens pinned: v2_unref may wait for v2_cs,
     * under which a close may be waiting for the pin. */
    if (unref_not_last(h, internal))
    {
        rtm_handle_unpin(pin);
        return NO_ERROR;
    }
    InterlockedIncrement(&h->obj.refs);
    rtm_handle_unpin(pin);
    ret = v2_unref(h, internal);
    v2_put(h);
    return ret ? NO_ERROR : ERROR_INVALID_HANDLE;
}

void v2_release_handle_quiet(HANDLE handle, DWORD type, BOOL internal)
{
    if (handle) v2_release_handle(handle, type, internal);
}

/* Whether an entity is still registered, under v2_cs.  v2_grab_entity's
 * check holds no lock: a call that gives the entity something its
 * deregistration cleans up (a route, a next hop, a notification
 * registration, an opaque slot) checks again under v2_cs, which the
 * deregistration holds while it clears the flag, before it does so. */
BOOL v2_entity_registered_locked(const struct v2_entity *entity)
{
    if (entity->registered) return TRUE;
    WARN("entity %p is deregistered\n", entity->h.handle);
    return FALSE;
}

struct v2_entity *v2_grab_entity(HANDLE handle)
{
    struct v2_entity *entity = v2_grab(handle, V2_ENTITY);

    if (entity && !entity->registered)
    {
        WARN("entity %p is deregistered\n", handle);
        v2_put(entity);
        return NULL;
    }
    return entity;
}

/* ---- methods and callbacks running ------------------------------------------ */

static void push_frame(struct v2_frame *frame, struct v2_entity *entity, BOOL method)
{
    frame->entity = entity;
    frame->method = method;
    frame->next = frames_tls == TLS_OUT_OF_INDEXES ? NULL : TlsGetValue(frames_tls);
    if (frames_tls != TLS_OUT_OF_INDEXES) TlsSetValue(frames_tls, frame);
}

static void pop_frame(struct v2_frame *frame)
{
    if (frames_tls != TLS_OUT_OF_INDEXES) TlsSetValue(frames_tls, frame->next);
}

/* the methods (or callbacks) of entity the calling thread is inside */
static LONG own_frames(const struct v2_entity *entity, BOOL method)
{
    struct v2_frame *frame;
    LONG count = 0;

    if (frames_tls == TLS_OUT_OF_INDEXES) return 0;
    for (frame = TlsGetValue(frames_tls); frame; frame = frame->next)
        if (frame->entity == entity && frame->method == method) count++;
    return count;
}

/* Counts a callback of a registered entity as running, so that
 * RtmDeregisterEntity waits for it; FALSE when the entity is deregistered
 * and the callback must not be made.  Pair with v2_leave_callback. */
BOOL v2_enter_callback_locked(struct v2_entity *entity, struct v2_frame *frame)
{
    if (!entity->registered) return FALSE;
    entity->calling++;
    push_frame(frame, entity, FALSE);
    return TRUE;
}

void v2_leave_callback(struct v2_frame *frame)
{
    pop_frame(frame);
    v2_lock();
    frame->entity->calling--;
    WakeAllConditionVariable(&methods_cv);
    v2_unlock();
}

/* The live registered entity behind a handle, pinned (rtm_handle_pin): for
 * a call that reads a few of its fields, without writing the entity's
 * reference count, which every thread's calls write otherwise. */
static struct v2_entity *pin_entity(HANDLE handle, LONG **pin)
{
    struct v2_entity *entity;

    if (!handle || !(entity = (struct v2_entity *)rtm_handle_pin(handle, V2_ENTITY, pin))) return NULL;
    if (entity->registered) return entity;
    rtm_handle_unpin(*pin);
    WARN("entity %p is deregistered\n", handle);
    return NULL;
}

/* whether a registration handle is live; every call that takes one checks it
 * first, also when it has nothing else to do */
BOOL v2_entity_valid(HANDLE handle)
{
    LONG *pin;

    if (!pin_entity(handle, &pin)) return FALSE;
    rtm_handle_unpin(pin);
    return TRUE;
}

/* For a call that needs of its caller's registration only the family and
 * the protocol asked for (RTM_THIS_PROTOCOL: the entity's); FALSE for a
 * handle that is not a live registration. */
BOOL v2_entity_args(HANDLE handle, struct v2_family **family, ULONG *protocol)
{
    struct v2_entity *entity;
    LONG *pin;

    if (!(entity = pin_entity(handle, &pin))) return FALSE;
    *family = entity->family;
    *protocol = v2_entity_protocol(entity, *protocol);
    rtm_handle_unpin(pin);
    return TRUE;
}

/* a temporary reference to a live route list of entity */
struct v2_route_list *v2_grab_list(HANDLE handle, struct v2_entity *entity)
{
    struct v2_route_list *list = v2_grab(handle, V2_ROUTE_LIST);

    if (list && (list->entity != entity || list->deleted))
    {
        WARN("route list %p is not one of entity %p\n", handle, entity->h.handle);
        v2_put(list);
        return NULL;
    }
    return list;
}

unsigned int v2_list_count(const struct rtm_list *list)
{
    const struct rtm_list *elem;
    unsigned int count = 0;

    for (elem = list->next; elem != list; elem = elem->next) count++;
    return count;
}

static struct v2_stripe *object_stripe(const void *obj, enum v2_lock_kind kind)
{
    return &stripes[kind][((ULONG_PTR)obj >> 6) % V2_LOCK_STRIPES];
}

void v2_lock_object(const void *obj, enum v2_lock_kind kind, BOOL exclusive)
{
    struct v2_stripe *stripe = object_stripe(obj, kind);
    DWORD me = GetCurrentThreadId();

    AcquireSRWLockExclusive(&stripe->guard);
    /* the owner of an exclusive hold goes on, whatever it asks for */
    while (stripe->exclusive ? stripe->owner != me : exclusive && stripe->shared)
        SleepConditionVariableSRW(&stripe->released, &stripe->guard, INFINITE, 0);
    if (exclusive)
    {
        stripe->exclusive++;
        stripe->owner = me;
    }
    else stripe->shared++;
    ReleaseSRWLockExclusive(&stripe->guard);
}

BOOL v2_object_locked_exclusive(const void *obj, enum v2_lock_kind kind)
{
    struct v2_stripe *stripe = object_stripe(obj, kind);
    BOOL ret;

    AcquireSRWLockShared(&stripe->guard);
    ret = stripe->exclusive > 0;
    ReleaseSRWLockShared(&stripe->guard);
    return ret;
}

/* ERROR_NOT_OWNER (the code of STATUS_RESOURCE_NOT_OWNED) when the object's
 * stripe is not held that way */
DWORD v2_unlock_object(const void *obj, enum v2_lock_kind kind, BOOL exclusive)
{
    struct v2_stripe *stripe = object_stripe(obj, kind);
    LONG *count = exclusive ? &stripe->exclusive : &stripe->shared;
    DWORD ret = NO_ERROR;

    AcquireSRWLockExclusive(&stripe->guard);
    if (*count <= 0) ret = ERROR_NOT_OWNER;
    else if (!--*count)
    {
        if (exclusive) stripe->owner = 0;
        WakeAllConditionVariable(&stripe->released);
    }
    ReleaseSRWLockExclusive(&stripe->guard);
    if (ret) WARN("%p is not locked %s\n", obj, exclusive ? "exclusive" : "shared");
    return ret;
}

/* ---- families, addresses and views ---------------------------------------- */

struct v2_family *v2_find_family(USHORT instance, USHORT af)
{
    unsigned int i;

    if (instance) return NULL;
    for (i = 0; i < ARRAY_SIZE(v2_families); i++)
        if (v2_families[i].af == af) return &v2_families[i];
    return NULL;
}

BOOL v2_net_to_prefix(const struct v2_family *family, const RTM_NET_ADDRESS *addr,
        struct eng_prefix *prefix)
{
    unsigned int i;

    if (!addr || addr->AddressFamily != family->af || addr->NumBits > family->addr_bytes * 8)
        return FALSE;
    memset(prefix, 0, sizeof(*prefix));
    prefix->len = addr->NumBits;
    /* host bits past the length are ignored, as in the documented example */
    memcpy(prefix->bytes, addr->AddrBits, (prefix->len + 7) / 8);
    if ((i = prefix->len % 8)) prefix->bytes[prefix->len / 8] &= 0xff00 >> i;
    return TRUE;
}

void v2_prefix_to_net(const struct v2_family *family, const struct eng_prefix *prefix,
        RTM_NET_ADDRESS *addr)
{
    memset(addr, 0, sizeof(*addr));
    addr->AddressFamily = family->af;
    addr->NumBits = prefix->len;
    memcpy(addr->AddrBits, prefix->bytes, family->addr_bytes);
}

/* whether prefix lies inside range (range->len bits equal, not shorter) */
BOOL v2_prefix_in_range(const struct eng_prefix *prefix, const struct eng_prefix *range)
{
    unsigned int bits = range->len, i;

    if (prefix->len < range->len) return FALSE;
    for (i = 0; i < bits / 8; i++) if (prefix->bytes[i] != range->bytes[i]) return FALSE;
    if (bits % 8 && ((prefix->bytes[i] ^ range->bytes[i]) & (0xff00 >> (bits % 8)))) return FALSE;
    return TRUE;
}

/* maps a view set onto the supported views; RTM_VIEW_MASK_ANY stays 0 */
BOOL v2_check_views(RTM_VIEW_SET views, RTM_VIEW_SET *out)
{
    if (views == RTM_VIEW_MASK_ALL) views = V2_VIEWS_SUPPORTED;
    if (views & ~V2_VIEWS_SUPPORTED)
    {
        WARN("unsupported views %#lx\n", views);
        return FALSE;
    }
    *out = views;
    return TRUE;
}

struct rtm_route_data *v2_route_data(const struct eng_route *route)
{
    return (struct rtm_route_data *)route->payload;
}

struct v2_route *v2_route_ext(const struct eng_route *route)
{
    return v2_route_data(route)->ext;
}

BOOL v2_route_better(const struct eng_route *a, const struct eng_route *b)
{
    return a->preference < b->preference || (a->preference == b->preference && a->metric < b->metric);
}

/* the best route of a view among those of one protocol (RTM_BEST_PROTOCOL: any) */
struct eng_route *v2_best_route(struct eng_dest *dest, unsigned int view, ULONG protocol)
{
    struct eng_route *best = NULL, *route;
    unsigned int i;

    if (!protocol) return dest->best[view];
    for (i = 0; i < dest->nroutes; i++)
    {
        route = dest->routes[i];
        if (!(route->views & (1u << view)) || route->owner->protocol != protocol) continue;
        if (!best || v2_route_better(route, best)) best = route;
    }
    return best;
}

ULONG v2_entity_protocol(const struct v2_entity *entity, ULONG protocol)
{
    return protocol == RTM_THIS_PROTOCOL ? entity->info.EntityId.EntityProtocolId : protocol;
}

/* Sets a family up on its first registration.  eng_table_add_observer takes
 * the table lock itself, so this runs with no lock held (holding the table
 * lock here once deadlocked). */
BOOL CALLBACK v2_init_family(INIT_ONCE *once, void *param, void **context)
{
    struct v2_family *family = param;
    struct eng_table *table;

    v2_read_family_config(family, &family->cfg);
    if (!(table = rtm_get_table(family->eng_family))) return FALSE;
    rtm_list_init(&family->entities);
    rtm_list_init(&family->changed);
    /* RTM v1's writers find the family by its table (rtm_v2_ready_locked)
     * and may reserve spares for it from then on, also after a failure
     * below: a setup tried again keeps them, and the slabs they come from */
    if (!family->spare_data.next)
    {
        rtm_list_init(&family->spare_data);
        arena_init(&family->arena);
        slab_init(&family->route_slab, &family->arena, ROUTE_OBJ_SIZE, 0);
        slab_init(&family->data_slab, &family->arena, sizeof(struct v2_dest_data), 0);
        slab_init(&family->dest_slab, &family->arena, sizeof(struct v2_dest), 0);
    }
    __atomic_store_n(&family->table, table, __ATOMIC_RELEASE);
    family->hooks.expire = v2_expire_hook;
    family->hooks.dest_unlinked = v2_dest_unlinked_hook;
    family->hooks.ctx = family;
    eng_table_set_layer_hooks(family->table, &family->hooks);
    return !eng_table_add_observer(family->table, v2_table_observer, family);
}

/* ---- entities -------------------------------------------------------------- */

static void entity_destroy(struct rtm_object *obj)
{
    struct v2_entity *entity = CONTAINING_RECORD(obj, struct v2_entity, h.obj);

    free(entity->methods);
    free(entity);
}

struct v2_event
{
    RTM_EVENT_CALLBACK callback;
    HANDLE             target;
    struct v2_entity  *holder;      /* referenced */
};

/* collects the callbacks of the other entities of a family, under v2_cs;
 * FALSE when out of memory, so that no entity misses an event */
static BOOL collect_events_locked(struct v2_family *family, struct v2_entity *self,
        struct v2_event **events, UINT *count)
{
    struct rtm_list *elem;
    struct v2_entity *other;
    UINT total = 0;

    *events = NULL;
    *count = 0;
    for (elem = family->entities.next; elem != &family->entities; elem = elem->next) total++;
    if (!total) return TRUE;
    if (!(*events = calloc(total, sizeof(**events)))) return FALSE;
    for (elem = family->entities.next; elem != &family->entities; elem = elem->next)
    {
        other = RTM_LIST_ENTRY(elem, struct v2_entity, entry);
        if (other == self || !other->callback) continue;
        (*events)[*count].callback = other->callback;
        (*events)[*count].target = other->h.handle;
        (*events)[*count].holder = other;
        InterlockedIncrement(&other->h.obj.refs);
        (*count)++;
    }
    return TRUE;
}

static void send_events(struct v2_event *events, UINT count, RTM_EVENT_TYPE type,
        struct v2_entity *subject)
{
    RTM_ENTITY_INFO info = subject->info;
    struct v2_frame frame;
    BOOL call;
    UINT i;

    for (i = 0; i < count; i++)
    {
        v2_lock();
        call = v2_enter_callback_locked(events[i].holder, &frame);
        v2_unlock();
        if (call)
        {
            TRACE("calling %p for event %u\n", events[i].callback, type);
            events[i].callback(events[i].target, type, subject->h.handle, &info);
            v2_leave_callback(&frame);
        }
        v2_put(events[i].holder);
    }
    free(events);
}

static void fill_profile(const struct v2_family *family, RTM_REGN_PROFILE *profile)
{
    profile->MaxNextHopsInRoute = family->cfg.MaxNextHopsInRoute;
    profile->MaxHandlesInEnum = family->cfg.MaxHandlesInEnum;
    profile->ViewsSupported = V2_VIEWS_SUPPORTED;
    profile->NumberOfViews = V2_NUM_VIEWS;
}

/**********************************************************************
 *      RtmRegisterEntity (RTM.@)
 */
DWORD WINAPI RtmRegisterEntity(PRTM_ENTITY_INFO RtmEntityInfo, PRTM_ENTITY_EXPORT_METHODS ExportMethods,
        RTM_EVENT_CALLBACK EventCallback, BOOL ReserveOpaquePointer, PRTM_REGN_PROFILE RtmRegProfile,
        PRTM_ENTITY_HANDLE RtmRegHandle)
{
    struct v2_family *family;
    struct v2_entity *entity, *other;
    struct v2_event *events = NULL;
    struct rtm_list *elem;
    UINT count = 0, i;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %p, %d, %p, %p)\n", RtmEntityInfo, ExportMethods, EventCallback,
          ReserveOpaquePointer, RtmRegProfile, RtmRegHandle);

    if (!RtmEntityInfo || !RtmRegProfile || !RtmRegHandle)
    {
        WARN("NULL parameter\n");
        return ERROR_INVALID_PARAMETER;
    }
    if (!(family = v2_find_family(RtmEntityInfo->RtmInstanceId, RtmEntityInfo->AddressFamily)))
    {
        WARN("instance %u family %u not configured\n", RtmEntityInfo->RtmInstanceId,
             RtmEntityInfo->AddressFamily);
        return ERROR_INVALID_PARAMETER;
    }
    if (ExportMethods && ExportMethods->NumMethods > 32)
    {
        WARN("%u methods, at most 32 fit a method mask\n", ExportMethods->NumMethods);
        return ERROR_INVALID_PARAMETER;
    }
    if (!InitOnceExecuteOnce(&family->once, v2_init_family, family, NULL)) return ERROR_NOT_ENOUGH_MEMORY;

    if (!(entity = calloc(1, sizeof(*entity)))) return ERROR_NOT_ENOUGH_MEMORY;
    entity->family = family;
    entity->info = *RtmEntityInfo;
    entity->callback = EventCallback;
    entity->opaque_slot = -1;
    entity->registered = TRUE;
    rtm_list_init(&entity->nexthops);
    eng_owner_init(&entity->owner, RtmEntityInfo->EntityId.EntityProtocolId,
                   RtmEntityInfo->EntityId.EntityInstanceId, entity);
    if (ExportMethods && ExportMethods->NumMethods)
    {
        if (!(entity->methods = malloc(ExportMethods->NumMethods * sizeof(*entity->methods))))
        {
            free(entity);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        memcpy(entity->methods, ExportMethods->Methods, ExportMethods->NumMethods * sizeof(*entity->methods));
        entity->nmethods = ExportMethods->NumMethods;
    }

    eng_table_write_lock(family->table);
    v2_lock();
    for (elem = family->entities.next; !ret && elem != &family->entities; elem = elem->next)
    {
        other = RTM_LIST_ENTRY(elem, struct v2_entity, entry);
        if (other->info.EntityId.EntityId == RtmEntityInfo->EntityId.EntityId) ret = ERROR_ALREADY_EXISTS;
    }
    if (!ret && ReserveOpaquePointer)
    {
        for (i = 0; i < family->cfg.MaxOpaqueInfoPtrs; i++) if (!(family->opaque_used & (1u << i))) break;
        if (i == family->cfg.MaxOpaqueInfoPtrs) ret = ERROR_NO_SYSTEM_RESOURCES;
        else entity->opaque_slot = i;
    }
    /* the events go out once the registration is done, when it cannot fail */
    if (!ret && !collect_events_locked(family, entity, &events, &count)) ret = ERROR_NOT_ENOUGH_MEMORY;
    if (!ret && !v2_publish(&entity->h, V2_ENTITY, entity_destroy, TRUE)) ret = ERROR_NO_SYSTEM_RESOURCES;
    if (!ret)
    {
        if (entity->opaque_slot >= 0)
        {
            family->opaque_used |= 1u << entity->opaque_slot;
            family->opaque_reserved[entity->opaque_slot] = ++family->opaque_epoch;
        }
        rtm_list_add_tail(&family->entities, &entity->entry);
        /* once published another thread may deregister it */
        InterlockedIncrement(&entity->h.obj.refs);
    }
    v2_unlock();
    eng_table_write_unlock(family->table);

    if (ret)
    {
        WARN("registration failed, error %lu\n", ret);
        for (i = 0; i < count; i++) v2_put(events[i].holder);
        free(events);
        free(entity->methods);
        free(entity);
        return ret;
    }
    fill_profile(family, RtmRegProfile);
    *RtmRegHandle = entity->h.handle;
    if (count) send_events(events, count, RTM_ENTITY_REGISTERED, entity);
    else free(events);
    v2_put(entity);
    return NO_ERROR;
}

/**********************************************************************
 *      RtmDeregisterEntity (RTM.@)
 */
struct removal
{
    struct v2_entity *entity;
    struct v2_route **batch;        /* RTM_CHUNK; the engine removes at most max per call */
    UINT              count;
};

/* The engine picks the order (a full feed goes in prefix order, which is
 * several times faster on a big table, see engine.c); the layer deletes. */
static void remove_for_deregistration(void *ctx, struct eng_route *route)
{
    struct removal *removal = ctx;
    struct v2_route *r = v2_route_ext(route);

    removal->batch[removal->count++] = r;
    v2_delete_route_locked(r, removal->entity, FALSE, NULL);
}

DWORD WINAPI RtmDeregisterEntity(RTM_ENTITY_HANDLE RtmRegHandle)
{
    struct v2_route *batch[RTM_CHUNK];
    struct v2_nexthop *nh;
    struct v2_entity *entity;
    struct v2_family *family;
    struct v2_event *events = NULL;
    struct v2_notify *notify[V2_MAX_NOTIFY];
    UINT count, i, nnotify = 0;
    struct removal removal;
    size_t max, routes;
    BOOL left;

    TRACE("(%p)\n", RtmRegHandle);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    family = entity->family;

    v2_lock();
    if (!entity->registered)
    {
        v2_unlock();
        v2_put(entity);
        return ERROR_INVALID_HANDLE;
    }
    entity->registered = FALSE;
    /* no method or callback of the entity runs once it is gone, but those
     * the calling thread is inside (it deregisters from one) */
    WakeAllConditionVariable(&methods_cv);
    while (entity->invoking > own_frames(entity, TRUE) || entity->calling > own_frames(entity, FALSE))
        SleepConditionVariableCS(&methods_cv, &v2_cs, INFINITE);
    rtm_list_remove(&entity->entry);
    if (entity->opaque_slot >= 0) family->opaque_used &= ~(1u << entity->opaque_slot);
    for (i = 0; i < V2_MAX_NOTIFY; i++)
    {
        if (!family->notify[i] || family->notify[i]->entity != entity) continue;
        notify[nnotify] = family->notify[i];
        InterlockedIncrement(&notify[nnotify++]->h.obj.refs);
    }
    v2_unlock();

    for (i = 0; i < nnotify; i++)
    {
        v2_deregister_notify(notify[i]);
        v2_put(notify[i]);
    }

    /* The routes go in chunks so that other threads get the table in
     * between.  Each chunk reserves the RTM v1 messages for the routes left,
     * not for a whole chunk, since every queue keeps what was reserved; the
     * count read without the lock is only a size: a smaller chunk just
     * loops. */
    do
    {
        count = 0;
        routes = __atomic_load_n(&entity->owner.nroutes, __ATOMIC_RELAXED);
        max = v2_write_lock_wait(family->table, routes ? min(routes, RTM_CHUNK) : 1);
        v2_lock();
        removal.entity = entity;
        removal.batch = batch;
        removal.count = 0;
        eng_owner_remove_routes_with_locked(family->table, &entity->owner, max, remove_for_deregistration,
                &removal);
        count = removal.count;
        left = entity->owner.routes != NULL;
        v2_unlock();
        eng_table_write_unlock(family->table);
        for (i = 0; i < count; i++) v2_unref(&batch[i]->h, TRUE);
        if (left) rtm_yield();
    } while (left);

    for (;;)
    {
        v2_lock();
        if (rtm_list_empty(&entity->nexthops))
        {
            /* the other entities must hear of it: without memory, wait */
            if (collect_events_locked(family, entity, &events, &count))
            {
                v2_unlock();
                break;
            }
            v2_unlock();
            WARN("out of memory, waiting\n");
            Sleep(1);
            continue;
        }
        nh = RTM_LIST_ENTRY(entity->nexthops.next, struct v2_nexthop, entry);
        rtm_list_remove(&nh->entry);
        nh->info.State = RTM_NEXTHOP_STATE_DELETED;
        v2_unlock();
        v2_unref(&nh->h, TRUE);
    }

    if (count) send_events(events, count, RTM_ENTITY_DEREGISTERED, entity);
    else free(events);
    v2_unref(&entity->h, TRUE);
    v2_put(entity);
    return NO_ERROR;
}

/**********************************************************************
 *      RtmGetRegisteredEntities (RTM.@)
 */
DWORD WINAPI RtmGetRegisteredEntities(RTM_ENTITY_HANDLE RtmRegHandle, PUINT NumEntities,
        PRTM_ENTITY_HANDLE EntityHandles, PRTM_ENTITY_INFO EntityInfos)
{
    struct v2_entity *entity, *other;
    struct rtm_list *elem;
    UINT count = 0;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %p, %p)\n", RtmRegHandle, NumEntities, EntityHandles, EntityInfos);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    if (!NumEntities)
    {
        v2_put(entity);
        return ERROR_INVALID_PARAMETER;
    }
    v2_lock();
    for (elem = entity->family->entities.next; elem != &entity->family->entities; elem = elem->next)
    {
        other = RTM_LIST_ENTRY(elem, struct v2_entity, entry);
        if (count >= *NumEntities)
        {
            ret = ERROR_INSUFFICIENT_BUFFER;
            /* no room at all asks for the count needed, as the documented sample does */
            if (*NumEntities) break;
            count++;
            continue;
        }
        if (EntityHandles)
        {
            EntityHandles[count] = other->h.handle;
            v2_ref(&other->h, FALSE);
        }
        if (EntityInfos) EntityInfos[count] = other->info;
        count++;
    }
    v2_unlock();
    /* as the remarks say, also on ERROR_INSUFFICIENT_BUFFER: the count of
     * entities returned, whose handles are the caller's to release (none
     * when there was no room) */
    *NumEntities = count;
    v2_put(entity);
    return ret;
}

DWORD v2_release_handles(HANDLE entity, UINT count, HANDLE *handles, DWORD type)
{
    DWORD ret = NO_ERROR;
    UINT i;

    if (!v2_entity_valid(entity)) return ERROR_INVALID_HANDLE;
    if (count && !handles) return ERROR_INVALID_PARAMETER;
    for (i = 0; i < count; i++)
        if (v2_release_handle(handles[i], type, FALSE)) ret = ERROR_INVALID_HANDLE;
    return ret;
}

/**********************************************************************
 *      RtmReleaseEntities (RTM.@)
 */
DWORD WINAPI RtmReleaseEntities(RTM_ENTITY_HANDLE RtmRegHandle, UINT NumEntities, PRTM_ENTITY_HANDLE EntityHandles)
{
    TRACE("(%p, %u, %p)\n", RtmRegHandle, NumEntities, EntityHandles);
    return v2_release_handles(RtmRegHandle, NumEntities, EntityHandles, V2_ENTITY);
}

/**********************************************************************
 *      RtmGetEntityInfo (RTM.@)
 */
DWORD WINAPI RtmGetEntityInfo(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENTITY_HANDLE EntityHandle, PRTM_ENTITY_INFO EntityInfo)
{
    struct v2_entity *other;

    TRACE("(%p, %p, %p)\n", RtmRegHandle, EntityHandle, EntityInfo);

    if (!v2_entity_valid(RtmRegHandle)) return ERROR_INVALID_HANDLE;
    if (!(other = v2_grab(EntityHandle, V2_ENTITY))) return ERROR_INVALID_HANDLE;
    if (!EntityInfo)
    {
        v2_put(other);
        return ERROR_INVALID_PARAMETER;
    }
    *EntityInfo = other->info;
    v2_put(other);
    return NO_ERROR;
}

/**********************************************************************
 *      RtmReleaseEntityInfo (RTM.@)
 */
DWORD WINAPI RtmReleaseEntityInfo(RTM_ENTITY_HANDLE RtmRegHandle, PRTM_ENTITY_INFO EntityInfo)
{

    TRACE("(%p, %p)\n", RtmRegHandle, EntityInfo);

    /* RTM_ENTITY_INFO carries no handle: nothing to release */
    if (!v2_entity_valid(RtmRegHandle)) return ERROR_INVALID_HANDLE;
    return EntityInfo ? NO_ERROR : ERROR_INVALID_PARAMETER;
}

/* the type of an RTMv2 handle that carries references, 0 if none */
static DWORD handle_type(HANDLE handle)
{
    static const DWORD types[] = { V2_ROUTE, V2_DEST, V2_NEXTHOP, V2_ENTITY };
    struct v2_object *h;
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(types); i++)
    {
        if (!(h = v2_grab(handle, types[i]))) continue;
        v2_put(h);
        return types[i];
    }
    return 0;
}

/**********************************************************************
 *      RtmReferenceHandles (RTM.@)
 */
DWORD WINAPI RtmReferenceHandles(RTM_ENTITY_HANDLE RtmRegHandle, UINT NumHandles, HANDLE *RtmHandles)
{
    struct v2_object *h;
    DWORD type, ret = NO_ERROR;
    UINT i;

    TRACE("(%p, %u, %p)\n", RtmRegHandle, NumHandles, RtmHandles);

    if (!v2_entity_valid(RtmRegHandle)) return ERROR_INVALID_HANDLE;
    if (NumHandles && !RtmHandles) return ERROR_INVALID_PARAMETER;
    for (i = 0; i < NumHandles; i++)
    {
        if (!(type = handle_type(RtmHandles[i])) || !(h = v2_grab(RtmHandles[i], type)))
        {
            ret = ERROR_INVALID_HANDLE;
            continue;
        }
        if (!v2_ref_live(h, FALSE)) ret = ERROR_INVALID_HANDLE;
        v2_put(h);
    }
    return ret;
}

/**********************************************************************
 *      RtmDereferenceHandles (RTM.@)
 */
DWORD WINAPI RtmDereferenceHandles(RTM_ENTITY_HANDLE RtmRegHandle, UINT NumHandles, HANDLE *RtmHandles)
{
    DWORD type, ret = NO_ERROR;
    UINT i;

    TRACE("(%p, %u, %p)\n", RtmRegHandle, NumHandles, RtmHandles);

    if (!v2_entity_valid(RtmRegHandle)) return ERROR_INVALID_HANDLE;
    if (NumHandles && !RtmHandles) return ERROR_INVALID_PARAMETER;
    for (i = 0; i < NumHandles; i++)
        if (!(type = handle_type(RtmHandles[i])) || v2_release_handle(RtmHandles[i], type, FALSE))
            ret = ERROR_INVALID_HANDLE;
    return ret;
}

/* ---- entity methods -------------------------------------------------------- */

/**********************************************************************
 *      RtmGetEntityMethods (RTM.@)
 */
DWORD WINAPI RtmGetEntityMethods(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENTITY_HANDLE EntityHandle,
        PUINT NumMethods, PRTM_ENTITY_EXPORT_METHOD ExptMethods)
{
    struct v2_entity *other;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %p, %p)\n", RtmRegHandle, EntityHandle, NumMethods, ExptMethods);

    if (!v2_entity_valid(RtmRegHandle) || !(other = v2_grab_entity(EntityHandle))) return ERROR_INVALID_HANDLE;
    if (!NumMethods || (*NumMethods && !ExptMethods)) ret = ERROR_INVALID_PARAMETER;
    /* a count of 0 asks for the number of methods, as in the documented sample */
    else if (*NumMethods)
    {
        if (*NumMethods < other->nmethods) ret = ERROR_INSUFFICIENT_BUFFER;
        else *NumMethods = other->nmethods;
        memcpy(ExptMethods, other->methods, *NumMethods * sizeof(*ExptMethods));
    }
    else *NumMethods = other->nmethods;
    v2_put(other);
    return ret;
}

/**********************************************************************
 *      RtmInvokeMethod (RTM.@)
 *
 * Calls, in bit order, every method of the entity whose bit (bit i for
 * method i) is set in Input->MethodType.  Each gets the next
 * RTM_ENTITY_METHOD_OUTPUT of the Output buffer with OutputSize set to the
 * room left for its data; the next one starts after the OutputSize bytes the
 * method leaves there.  Calls stop when no room is left for a header.
 */
DWORD WINAPI RtmInvokeMethod(RTM_ENTITY_HANDLE RtmRegHandle, RTM_ENTITY_HANDLE EntityHandle,
        PRTM_ENTITY_METHOD_INPUT Input, PUINT OutputSize, PRTM_ENTITY_METHOD_OUTPUT Output)
{
    const UINT header = FIELD_OFFSET(RTM_ENTITY_METHOD_OUTPUT, OutputData);
    RTM_ENTITY_METHOD_OUTPUT *out;
    struct v2_entity *callee;
    struct v2_frame frame;
    UINT used = 0, room, i;
    DWORD ret = NO_ERROR;

    TRACE("(%p, %p, %p, %p, %p)\n", RtmRegHandle, EntityHandle, Input, OutputSize, Output);

    if (!v2_entity_valid(RtmRegHandle) || !(callee = v2_grab_entity(EntityHandle))) return ERROR_INVALID_HANDLE;
    if (!Input || !OutputSize || (*OutputSize && !Output))
    {
        WARN("invalid input %p or output %p, %p\n", Input, OutputSize, Output);
        v2_put(callee);
        return ERROR_INVALID_PARAMETER;
    }
    v2_lock();
    while (callee->blocked && callee->registered) SleepConditionVariableCS(&methods_cv, &v2_cs, INFINITE);
    if (!callee->registered) ret = ERROR_INVALID_HANDLE;
    else
    {
        callee->invoking++;
        push_frame(&frame, callee, TRUE);
    }
    v2_unlock();

    for (i = 0; !ret && i < callee->nmethods; i++)
    {
        if (!(Input->MethodType & (1u << i))) continue;
        if (*OutputSize - used < header) break;
        out = (RTM_ENTITY_METHOD_OUTPUT *)((BYTE *)Output + used);
        room = *OutputSize - used - header;
        out->MethodType = 1u << i;
        out->MethodStatus = NO_ERROR;
        out->OutputSize = room;
        TRACE("calling method %u of %p\n", i, EntityHandle);
        callee->methods[i](RtmRegHandle, EntityHandle, Input, out);
        used += header + min(out->OutputSize, room);
    }

    if (!ret)
    {
        pop_frame(&frame);
        v2_lock();
        callee->invoking--;
        WakeAllConditionVariable(&methods_cv);
        v2_unlock();
        *OutputSize = used;
    }
    v2_put(callee);
    return ret;
}

/**********************************************************************
 *      RtmBlockMethods (RTM.@)
 *
 * Blocks or resumes every method of the caller: as documented, blocking for
 * one dest, route or next hop is not supported, so a TargetHandle (which
 * must be valid) widens to all of them.  TargetType is not interpreted.
 */
DWORD WINAPI RtmBlockMethods(RTM_ENTITY_HANDLE RtmRegHandle, HANDLE TargetHandle, UCHAR TargetType, DWORD BlockingFlag)
{
    struct v2_entity *entity;

    TRACE("(%p, %p, %u, %lu)\n", RtmRegHandle, TargetHandle, TargetType, BlockingFlag);

    if (!(entity = v2_grab_entity(RtmRegHandle))) return ERROR_INVALID_HANDLE;
    if (TargetHandle && !handle_type(TargetHandle))
    {
        v2_put(entity);
        return ERROR_INVALID_HANDLE;
    }
    if (BlockingFlag != RTM_BLOCK_METHODS && BlockingFlag != RTM_RESUME_METHODS)
    {
        v2_put(entity);
        return ERROR_INVALID_PARAMETER;
    }
    v2_lock();
    if (BlockingFlag == RTM_BLOCK_METHODS)
    {
        /* methods already running finish first, but those the calling
         * thread is inside (a method blocks its own entity) */
        while (entity->invoking > own_frames(entity, TRUE))
            SleepConditionVariableCS(&methods_cv, &v2_cs, INFINITE);
        entity->blocked = TRUE;
    }
    else
    {
        entity->blocked = FALSE;
        WakeAllConditionVariable(&methods_cv);
    }
    v2_unlock();
    v2_put(entity);
    return NO_ERROR;
}
