/*
 * Handle manager: typed, reference-counted objects behind ntdll handle-table handles
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
 * DOC: handles
 *
 * Slots come from ntdll's RTL handle table (RtlInitializeHandleTable & co.),
 * which has no lock, does not mark a slot used, has no double-free or stale
 * handle detection, reuses a freed slot at once, and under Wine only accepts
 * power-of-two entry sizes.  This wrapper adds what is missing:
 *
 *   - one SRW lock for allocation and close, which change the table's free
 *     list; lookups take no lock (below);
 *   - a 32-byte entry whose first word carries RTL_HANDLE_VALID (bit 0),
 *     which we set ourselves after RtlAllocateHandle;
 *   - a generation number, stored in the entry and in the handle value:
 *       handle = generation << RTM_INDEX_BITS | (slot index + 1)
 *     A stale or double-closed handle finds either an invalid slot or one
 *     with another generation.  The value is never 0 (index + 1 > 0) and
 *     never INVALID_HANDLE_VALUE (the index part never has all bits set).
 *     Generations come from one counter that skips 0 (RtlFreeHandle zeroes
 *     the entry), so a reused slot never gets its old generation back until
 *     the counter wraps (2^12 allocations on 32-bit, 2^40 on 64-bit);
 *   - a reference count in the object: a lookup takes a reference, so an
 *     object stays alive while a thread uses it even if another thread
 *     closes its handle meanwhile.  Closing hands the handle's own reference
 *     to the closer, and only one closer can win.
 *
 * A lookup pins its slot's stripe, checks the generation, references the
 * object and unpins; a close clears the generation, then waits until the
 * stripe has no pin before it frees the slot.  Both sides use sequentially
 * consistent operations, so either the lookup sees the cleared generation
 * or the close sees the pin: the object cannot lose the handle's reference
 * while a lookup is between reading the entry and referencing the object.
 * A caller that only reads a few fields of the object, or drops a
 * reference of the RTMv2 layer's own count that is not the last, may do so
 * pinned instead (rtm_handle_pin) and leave the object's reference count
 * alone: an entity's is written by every call of every thread naming it.
 * Every RTMv2 lookup looks up a few handles, and a shared lock's one word
 * made threads that look up in parallel wait for each other.  The pins are
 * not in the entries because RtlFreeHandle zeroes an entry; a close may wait
 * for a lookup of another handle of its stripe, which pins for a few
 * instructions.  Slot memory is committed page by page and never released,
 * so reading the entry of a stale handle is safe, once the table has a
 * first slot (init_handle_table).
 */

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "winternl.h"
#include "rtm.h"
#include "wine/debug.h"

#include "rtm_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(rtm);

#ifndef __WINE_WINTERNL_H
/* mingw-w64's winternl.h does not declare the RTL handle table; ntdll exports it */
typedef struct _RTL_HANDLE
{
    struct _RTL_HANDLE *Next;
} RTL_HANDLE;

typedef struct _RTL_HANDLE_TABLE
{
    ULONG MaxHandleCount;
    ULONG HandleSize;
    ULONG Unused[2];
    PVOID NextFree;
    PVOID FirstHandle;
    PVOID ReservedMemory;
    PVOID MaxHandle;
} RTL_HANDLE_TABLE;

NTSYSAPI void WINAPI RtlInitializeHandleTable(ULONG max_count, ULONG size, RTL_HANDLE_TABLE *table);
NTSYSAPI RTL_HANDLE * WINAPI RtlAllocateHandle(RTL_HANDLE_TABLE *table, ULONG *index);
NTSYSAPI BOOLEAN WINAPI RtlFreeHandle(RTL_HANDLE_TABLE *table, RTL_HANDLE *handle);
NTSYSAPI BOOLEAN WINAPI RtlIsValidIndexHandle(const RTL_HANDLE_TABLE *table, ULONG index, RTL_HANDLE **handle);
#endif

/* RTMv2 hands out a handle per route and per dest: a few full Internet
 * tables need millions.  The table reserves (not commits) 32 bytes of
 * address space per slot, which 32-bit processes cannot spare as freely. */
#ifdef _WIN64
#define RTM_INDEX_BITS   24
#else
#define RTM_INDEX_BITS   20
#endif
#define RTM_INDEX_MASK   ((1u << RTM_INDEX_BITS) - 1)
/* index + 1 must stay below RTM_INDEX_MASK, see above */
#define RTM_MAX_HANDLES  (RTM_INDEX_MASK - 1)
#define RTM_GEN_MASK     (~(ULONG_PTR)0 >> RTM_INDEX_BITS)
#define RTL_HANDLE_VALID ((ULONG_PTR)1)

struct handle_entry
{
    RTL_HANDLE         hdr;     /* bit 0: RTL_HANDLE_VALID while allocated */
    struct rtm_object *obj;
    ULONG_PTR          generation;
    BYTE               pad[32 - 3 * sizeof(void *)];
};

C_ASSERT(sizeof(struct handle_entry) == 32);

#define PIN_STRIPES 256

static RTL_HANDLE_TABLE handle_table;
static SRWLOCK handle_lock = SRWLOCK_INIT;      /* allocation and close */
static struct
{
    LONG count;     /* lookups of the stripe's slots that are between pin and unpin */
    BYTE pad[64 - sizeof(LONG)];
} DECLSPEC_ALIGN(64) pins[PIN_STRIPES];
static INIT_ONCE handle_once = INIT_ONCE_STATIC_INIT;
static BOOL handle_ready;       /* init_handle_table has run */
static ULONG_PTR last_generation;

static BOOL CALLBACK init_handle_table(INIT_ONCE *once, void *param, void **context)
{
    RTL_HANDLE *first;
    ULONG index;

    RtlInitializeHandleTable(RTM_MAX_HANDLES, sizeof(struct handle_entry), &handle_table);
    /* The first allocation sets where the slots start; a lock-free lookup
     * racing it could read the end of the committed range with no start and
     * test an address near 0.  Allocating once here settles the start
     * before any lookup can run. */
    if ((first = RtlAllocateHandle(&handle_table, &index))) RtlFreeHandle(&handle_table, first);
    __atomic_store_n(&handle_ready, TRUE, __ATOMIC_RELEASE);
    return TRUE;
}

/* InitOnceExecuteOnce costs two calls into ntdll, and every RTMv2 call
 * looks up several handles */
static void init_table(void)
{
    if (!__atomic_load_n(&handle_ready, __ATOMIC_ACQUIRE))
        InitOnceExecuteOnce(&handle_once, init_handle_table, NULL, NULL);
}

void rtm_object_init(struct rtm_object *obj, DWORD type, void (*destroy)(struct rtm_object *obj))
{
    obj->refs = 1;
    obj->type = type;
    obj->destroy = destroy;
}

void rtm_object_release(struct rtm_object *obj)
{
    if (!InterlockedDecrement(&obj->refs)) obj->destroy(obj);
}

HANDLE rtm_handle_alloc(struct rtm_object *obj)
{
    struct handle_entry *entry;
    ULONG index;
    HANDLE handle = NULL;

    init_table();

    AcquireSRWLockExclusive(&handle_lock);
    if ((entry = (struct handle_entry *)RtlAllocateHandle(&handle_table, &index)))
    {
        if (!(last_generation = (last_generation + 1) & RTM_GEN_MASK)) last_generation = 1;
        entry->hdr.Next = (RTL_HANDLE *)RTL_HANDLE_VALID;
        entry->obj = obj;
        __atomic_store_n(&entry->generation, last_generation, __ATOMIC_RELEASE);
        handle = (HANDLE)((last_generation << RTM_INDEX_BITS) | (index + 1));
    }
    ReleaseSRWLockExclusive(&handle_lock);

    if (!handle) WARN("handle table full\n");
    return handle;
}

static LONG *pin_of(HANDLE handle)
{
    return &pins[((ULONG_PTR)handle & RTM_INDEX_MASK) % PIN_STRIPES].count;
}

/* the committed slot a handle value points to, live or not */
static struct handle_entry *slot_of(HANDLE handle)
{
    ULONG index = (ULONG_PTR)handle & RTM_INDEX_MASK;
    RTL_HANDLE *hdr;

    if (!index || index == RTM_INDEX_MASK || !RtlIsValidIndexHandle(&handle_table, index - 1, &hdr)) return NULL;
    return (struct handle_entry *)hdr;
}

/* whether a slot holds that handle, of that type: under handle_lock, or pinned */
static BOOL holds(const struct handle_entry *entry, HANDLE handle, DWORD type)
{
    return __atomic_load_n(&entry->generation, __ATOMIC_SEQ_CST) == (ULONG_PTR)handle >> RTM_INDEX_BITS &&
           entry->obj->type == type;
}

/* the entry of a live handle of that type; call with handle_lock held */
static struct handle_entry *find_entry(HANDLE handle, DWORD type)
{
    struct handle_entry *entry = slot_of(handle);

    return entry && holds(entry, handle, type) ? entry : NULL;
}

struct rtm_object *rtm_handle_pin(HANDLE handle, DWORD type, LONG **pin)
{
    struct handle_entry *entry;

    init_table();

    /* no lock: see the DOC above */
    if ((entry = slot_of(handle)))
    {
        *pin = pin_of(handle);
        __atomic_add_fetch(*pin, 1, __ATOMIC_SEQ_CST);
        if (holds(entry, handle, type)) return entry->obj;
        rtm_handle_unpin(*pin);
    }
    WARN("invalid handle %p (type %lu)\n", handle, type);
    return NULL;
}

void rtm_handle_unpin(LONG *pin)
{
    __atomic_sub_fetch(pin, 1, __ATOMIC_RELEASE);
}

struct rtm_object *rtm_handle_get(HANDLE handle, DWORD type)
{
    struct rtm_object *obj;
    LONG *pin;

    if ((obj = rtm_handle_pin(handle, type, &pin)))
    {
        InterlockedIncrement(&obj->refs);
        rtm_handle_unpin(pin);
    }
    return obj;
}

/* Starts the cache miss of a handle's slot, for a caller about to look up
 * several handles: the atomics of each lookup wait for the misses before
 * them, prefetches do not.  Any value will do, as a prefetch never faults. */
void rtm_handle_prefetch(HANDLE handle)
{
    ULONG index = (ULONG_PTR)handle & RTM_INDEX_MASK;
    const char *first = __atomic_load_n(&handle_table.FirstHandle, __ATOMIC_RELAXED);

    if (index) __builtin_prefetch(first + (index - 1) * sizeof(struct handle_entry));
}

struct rtm_object *rtm_handle_close(HANDLE handle, DWORD type)
{
    struct handle_entry *entry;
    struct rtm_object *obj = NULL;
    unsigned int polls = 0;
    LONG *pin;

    init_table();

    AcquireSRWLockExclusive(&handle_lock);
    if ((entry = find_entry(handle, type)))
    {
        obj = entry->obj;
        pin = pin_of(handle);
        __atomic_store_n(&entry->generation, 0, __ATOMIC_SEQ_CST);
        while (__atomic_load_n(pin, __ATOMIC_SEQ_CST))
        {
            /* a pinned lookup that lost its processor needs it back; it may
             * run on the other processor, where SwitchToThread does not reach */
            if (polls++ < 64) YieldProcessor();
            else if (polls < 1024) SwitchToThread();
            else Sleep(1);
        }
        RtlFreeHandle(&handle_table, &entry->hdr);
    }
    ReleaseSRWLockExclusive(&handle_lock);

    if (!obj) WARN("invalid handle %p (type %lu)\n", handle, type);
    return obj;
}
