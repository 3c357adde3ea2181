/*
 * Global route tables, clock and route aging
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
 * DOC: aging
 *
 * Routes carry an absolute expiry second in the engine's aging heap; there
 * are no per-route timers.  One thread, started with the first route that
 * ages, removes expired routes from every table in chunks of RTM_CHUNK per
 * write-lock hold and then sleeps until the earliest expiry of all tables.
 * aging_wake holds the second the thread will wake at (0: not known, the
 * thread is scanning or has nothing to wait for); a layer that adds a route
 * expiring earlier lowers it and signals the thread.  While the thread scans,
 * every scheduling request signals it, so no earlier expiry can be missed.
 *
 * The engine clock is GetTickCount64() in whole seconds plus one (0 is
 * ENG_NEVER); second s starts at tick (s - 1) * 1000.
 *
 * The thread holds a reference on the module, so rtm.dll stays loaded once
 * routes have aged; the tables themselves live as long as the process.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "rtm.h"
#include "wine/debug.h"

#include "rtm_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(rtm);

#define NUM_FAMILIES 3

static struct eng_table * volatile tables[NUM_FAMILIES];
static INIT_ONCE table_once[NUM_FAMILIES] =
    { INIT_ONCE_STATIC_INIT, INIT_ONCE_STATIC_INIT, INIT_ONCE_STATIC_INIT };

static INIT_ONCE aging_once = INIT_ONCE_STATIC_INIT;
static HANDLE aging_event;
static volatile LONG aging_wake;

static INIT_ONCE attrs_once = INIT_ONCE_STATIC_INIT;
static struct eng_intern *attrs_set;

static BOOL CALLBACK create_attrs_set(INIT_ONCE *once, void *param, void **context)
{
    return (attrs_set = intern_create(sizeof(struct rtm_route_attrs))) != NULL;
}

/* Every table's routes come through rtm_get_table, which creates the set
 * first, so the other calls find it. */
const struct rtm_route_attrs *rtm_attrs_get(const struct rtm_route_attrs *attrs)
{
    return intern_get(attrs_set, attrs);
}

void rtm_attrs_ref(const struct rtm_route_attrs *attrs)
{
    intern_ref(attrs);
}

void rtm_attrs_put(const struct rtm_route_attrs *attrs)
{
    intern_put(attrs_set, attrs);
}

static void release_route_data(void *payload)
{
    rtm_attrs_put(((struct rtm_route_data *)payload)->attrs);
}

static BOOL CALLBACK create_table(INIT_ONCE *once, void *param, void **context)
{
    enum eng_family family = (ULONG_PTR)param;
    struct eng_table *table;

    /* returning FALSE leaves the INIT_ONCE unset, so a later call retries */
    if (!InitOnceExecuteOnce(&attrs_once, create_attrs_set, NULL, NULL)) return FALSE;
    if (!(table = eng_table_create(family, sizeof(struct rtm_route_data)))) return FALSE;
    eng_table_set_payload_release(table, release_route_data);
    tables[family] = table;
    return TRUE;
}

struct eng_table *rtm_get_table(enum eng_family family)
{
    if (family >= NUM_FAMILIES) return NULL;
    if (!InitOnceExecuteOnce(&table_once[family], create_table, (void *)(ULONG_PTR)family, NULL))
    {
        ERR("cannot create the table of family %u\n", family);
        return NULL;
    }
    return tables[family];
}

BOOL rtm_table_ready_locked(struct eng_table *table, size_t count)
{
    return rtm_v1_ready_locked(table, count) && rtm_v2_ready_locked(table, count);
}

size_t rtm_table_reserve(struct eng_table *table, size_t count)
{
    count = rtm_v1_reserve(table, count);
    return count ? rtm_v2_reserve(table, count) : 0;
}

#ifdef RTM_FAULT_INJECTION

/* RTM_FAULT_NTH=<serial>:<n>[:<count>] makes the n-th counted allocation
 * after the variable last changed fail (n = 0: none), and the count - 1
 * after it too (default 1); RTM_FAULT_HIT is set to the number of failures
 * injected so far.  The variable is read on every allocation, which only a
 * test build can afford. */
static SRWLOCK fault_lock = SRWLOCK_INIT;
static char fault_armed[64];
static unsigned long fault_count, fault_hits;

int rtm_fault_should_fail(void)
{
    char value[64];
    unsigned long nth, count = 1;
    char *colon, *end;
    DWORD len;
    int fail = 0;

    len = GetEnvironmentVariableA("RTM_FAULT_NTH", value, sizeof(value));
    if (!len || len >= sizeof(value) || !(colon = strchr(value, ':'))) return 0;
    nth = strtoul(colon + 1, &end, 10);
    if (*end == ':') count = strtoul(end + 1, NULL, 10);

    AcquireSRWLockExclusive(&fault_lock);
    if (strcmp(value, fault_armed))
    {
        strcpy(fault_armed, value);
        fault_count = 0;
    }
    if (nth && ++fault_count >= nth && fault_count - nth < count)
    {
        fail = 1;
        sprintf(value, "%lu", ++fault_hits);
        SetEnvironmentVariableA("RTM_FAULT_HIT", value);
    }
    ReleaseSRWLockExclusive(&fault_lock);
    return fail;
}

#endif

uint32_t rtm_clock_now(void)
{
    return GetTickCount64() / 1000 + 1;
}

uint32_t rtm_clock_expiry(DWORD ttl)
{
    if (ttl == INFINITE) return ENG_NEVER;
    /* the current second has partly gone: one more keeps at least ttl */
    return rtm_clock_now() + ttl + 1;
}

/* GetSystemTimeAsFileTime is a system call under Wine 8 (about 160 ns, a
 * tenth of a route load), while GetTickCount64 reads shared memory (5 ns).
 * The system time only moves in clock ticks anyway (15.6 ms on Windows), so
 * a value read at the same GetTickCount64 value is reused.  That value moves
 * in the same steps (under Wine, when the wineserver updates the shared
 * data: about every 16 ms, later on a busy machine), so a time stamp may be
 * that much older than the call.  The pair is published with a sequence
 * count: odd while a thread updates it. */
static LONG time_seq;
static ULONGLONG time_tick, time_value;

uint64_t rtm_filetime_now(void)
{
    ULONGLONG tick = GetTickCount64(), value;
    LONG seq = __atomic_load_n(&time_seq, __ATOMIC_ACQUIRE);
    FILETIME ft;

    if (!(seq & 1) && __atomic_load_n(&time_tick, __ATOMIC_RELAXED) == tick)
    {
        value = __atomic_load_n(&time_value, __ATOMIC_RELAXED);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (__atomic_load_n(&time_seq, __ATOMIC_RELAXED) == seq) return value;
    }
    GetSystemTimeAsFileTime(&ft);
    value = ((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
    /* whoever loses the race just does not update the cache */
    if (!(seq & 1) && __atomic_compare_exchange_n(&time_seq, &seq, seq + 1, 0,
            __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
    {
        __atomic_thread_fence(__ATOMIC_RELEASE);
        __atomic_store_n(&time_tick, tick, __ATOMIC_RELAXED);
        __atomic_store_n(&time_value, value, __ATOMIC_RELAXED);
        __atomic_store_n(&time_seq, seq + 2, __ATOMIC_RELEASE);
    }
    return value;
}

void rtm_yield(void)
{
    /* SRW locks are not fair under Wine: give waiting threads a real chance */
    Sleep(0);
}

/* removes the expired routes of a table; returns its next expiry */
static uint32_t expire_table(struct eng_table *table, uint32_t now)
{
    size_t removed, max = 1;
    uint32_t next;

    for (;;)
    {
        eng_table_write_lock(table);
        next = eng_table_next_expiry_locked(table);
        if (next == ENG_NEVER || next > now)
        {
            eng_table_write_unlock(table);
            return next;
        }
        if (!rtm_table_ready_locked(table, max))
        {
            eng_table_write_unlock(table);
            /* change messages and marks are reserved first: a chunk shrinks
             * to what could be reserved, and without any memory aging tries
             * again a second later rather than lose a change */
            if (!(max = rtm_table_reserve(table, max))) return now + 1;
            continue;
        }
        removed = eng_table_expire_locked(table, now, max);
        next = eng_table_next_expiry_locked(table);
        eng_table_write_unlock(table);
        if (removed) TRACE("%Iu routes aged out\n", (ULONG_PTR)removed);
        if (removed < max) return next;
        /* The engine cannot say how many routes are due, and every queue
         * keeps what a chunk reserved: chunks start at one route and double
         * up to RTM_CHUNK, so that a table with a route or two to age out,
         * or none, does not give every RTM v1 client RTM_CHUNK spares. */
        max = min(max * 2, RTM_CHUNK);
        eng_table_yield(table);
    }
}

static DWORD WINAPI aging_thread(void *arg)
{
    for (;;)
    {
        uint32_t now, next = ENG_NEVER, expiry;
        DWORD timeout = INFINITE;
        ULONGLONG tick, deadline;
        unsigned int i;

        InterlockedExchange(&aging_wake, 0);
        now = rtm_clock_now();
        for (i = 0; i < NUM_FAMILIES; i++)
        {
            if (!tables[i]) continue;
            expiry = expire_table(tables[i], now);
            if (expiry != ENG_NEVER && (next == ENG_NEVER || expiry < next)) next = expiry;
        }
        InterlockedCompareExchange(&aging_wake, next, 0);

        if (next != ENG_NEVER)
        {
            tick = GetTickCount64();
            deadline = (ULONGLONG)(next - 1) * 1000;
            timeout = deadline > tick ? deadline - tick + 1 : 0;
        }
        WaitForSingleObject(aging_event, timeout);
    }
    return 0;
}

static BOOL CALLBACK start_aging(INIT_ONCE *once, void *param, void **context)
{
    HMODULE module;
    HANDLE thread;

    if (!(aging_event = CreateEventW(NULL, FALSE, FALSE, NULL))) return FALSE;
    /* the thread never ends, so the module must stay loaded */
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (const WCHAR *)aging_thread, &module);
    if (!(thread = CreateThread(NULL, 0, aging_thread, NULL, 0, NULL)))
    {
        FreeLibrary(module);
        CloseHandle(aging_event);
        return FALSE;
    }
    CloseHandle(thread);
    return TRUE;
}

void rtm_aging_schedule(uint32_t expire)
{
    LONG wake;

    if (expire == ENG_NEVER) return;
    if (!InitOnceExecuteOnce(&aging_once, start_aging, NULL, NULL))
    {
        ERR("cannot start the aging thread, error %lu\n", GetLastError());
        return;
    }
    do
    {
        wake = aging_wake;
        if (wake && (uint32_t)wake <= expire) return;
    } while (InterlockedCompareExchange(&aging_wake, expire, wake) != wake);
    SetEvent(aging_event);
}
