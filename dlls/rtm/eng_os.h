/*
 * Routing table engine: portability layer (locks, atomics, allocator)
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
 * DOC: portability
 *
 * The engine is plain C99.  Everything that differs between the DLL build
 * (mingw / winegcc, _WIN32) and the native test build (glibc) is here:
 *
 *   eng_lock       the table lock, a reader/writer lock that is not
 *                  recursive.  Readers take it with one atomic add on a
 *                  state word; a writer first takes the blocking lock
 *                  (eng_block_t: an SRWLOCK on Windows, a pthread mutex
 *                  natively), then sets the writer bit and waits, yielding,
 *                  for the readers inside to leave.  A reader that finds the
 *                  writer bit backs out, polls until the writer is done, and
 *                  after ENG_LOCK_READ_SPINS polls waits on the blocking
 *                  lock instead.  Such a reader counts itself in `waiting`
 *                  until it is in, and a writer that works in chunks
 *                  (deregistration, aging) calls eng_lock_yield() between
 *                  them to let the waiting readers in: SRW locks and
 *                  futexes are not fair, and without it the writer takes
 *                  the lock again before the woken reader has run, over and
 *                  over, so that a reader waited for many chunks (13-30 ms
 *                  measured under Wine).  Ordinary writers do not wait for
 *                  them: one add per hold would then pay a wake-up per
 *                  colliding reader.  So an uncontended read costs two
 *                  atomics on one word, which matters under Wine, where an
 *                  SRWLOCK shared acquire and release cost several hundred
 *                  nanoseconds in the lookup loop (20 ns alone in a tight
 *                  loop); writers are preferred, and a writer only
 *                  spins while readers that were already inside finish.
 *   eng_atomic_*   GCC/Clang __atomic builtins, which both mingw-w64 and
 *                  the native compilers provide.  Stores of lookup-table
 *                  entries go through eng_atomic_store32 so that readers can
 *                  later be made lock-free without touching the writers.
 *   eng_malloc &c. every engine allocation goes through these (engine.c),
 *                  so that a test can make the N-th allocation fail with
 *                  eng_alloc_fail_nth() and check that nothing changed.
 *
 * Only what strict C99 plus <pthread.h> and <sched.h> declare is used
 * natively, so the header needs no feature-test macros and its place among
 * the includes does not matter.
 */

#ifndef __RTM_ENG_OS_H
#define __RTM_ENG_OS_H

#include <stddef.h>
#include <stdint.h>

#ifdef _WIN32

#include <stdarg.h>
#include "windef.h"
#include "winbase.h"

typedef SRWLOCK eng_block_t;

static inline void eng_block_init(eng_block_t *block) { InitializeSRWLock(block); }
static inline void eng_block_destroy(eng_block_t *block) { (void)block; }
static inline void eng_block_lock(eng_block_t *block) { AcquireSRWLockExclusive(block); }
static inline void eng_block_unlock(eng_block_t *block) { ReleaseSRWLockExclusive(block); }
static inline void eng_block_wait(eng_block_t *block)
{
    AcquireSRWLockShared(block);
    ReleaseSRWLockShared(block);
}
static inline void eng_yield(void) { SwitchToThread(); }

#else

#include <pthread.h>
#include <sched.h>

typedef pthread_mutex_t eng_block_t;

static inline void eng_block_init(eng_block_t *block) { pthread_mutex_init(block, NULL); }
static inline void eng_block_destroy(eng_block_t *block) { pthread_mutex_destroy(block); }
static inline void eng_block_lock(eng_block_t *block) { pthread_mutex_lock(block); }
static inline void eng_block_unlock(eng_block_t *block) { pthread_mutex_unlock(block); }
static inline void eng_block_wait(eng_block_t *block)
{
    pthread_mutex_lock(block);
    pthread_mutex_unlock(block);
}
static inline void eng_yield(void) { sched_yield(); }

#endif

#define ENG_LOCK_WRITER 0x80000000u
#define ENG_LOCK_READ_PAUSES 256    /* polls of a waiting reader that only pause */
#define ENG_LOCK_READ_SPINS 2000    /* polls (pauses, then yields) before it sleeps */
#define ENG_LOCK_YIELD_POLLS (ENG_LOCK_READ_PAUSES + 16)   /* eng_lock_yield() */

static inline void eng_cpu_relax(void)
{
#if defined(__i386__) || defined(__x86_64__)
    __builtin_ia32_pause();
#endif
}

struct eng_lock
{
    uint32_t    state;      /* ENG_LOCK_WRITER | readers inside */
    uint32_t    waiting;    /* readers that found the writer bit and are not in yet */
    eng_block_t block;      /* held by the writer; blocked readers wait on it */
};

static inline void eng_lock_init(struct eng_lock *lock)
{
    lock->state = 0;
    lock->waiting = 0;
    eng_block_init(&lock->block);
}

static inline void eng_lock_destroy(struct eng_lock *lock)
{
    eng_block_destroy(&lock->block);
}

static inline void eng_lock_read(struct eng_lock *lock)
{
    int waited = 0;

    /* all changes of state are read-modify-writes, so either this add comes
     * first and the writer waits for it, or it sees the writer bit */
    while (__atomic_fetch_add(&lock->state, 1, __ATOMIC_ACQUIRE) & ENG_LOCK_WRITER)
    {
        unsigned int spins = 0;

        __atomic_fetch_sub(&lock->state, 1, __ATOMIC_RELAXED);
        if (!waited) __atomic_fetch_add(&lock->waiting, 1, __ATOMIC_RELAXED);
        waited = 1;
        /* Write holds are short (one change, or one chunk of a long job):
         * polling gets in as soon as the writer is out, where sleeping on
         * the blocking lock adds a wake-up, which takes milliseconds on a
         * busy machine, to every chunk of a long job.  The first polls
         * only pause the processor: a writer adding routes one call at a
         * time leaves the lock free for a few hundred nanoseconds between
         * calls, less than one yield (about 750 ns under Wine). */
        while ((__atomic_load_n(&lock->state, __ATOMIC_RELAXED) & ENG_LOCK_WRITER) &&
               spins++ < ENG_LOCK_READ_SPINS)
        {
            if (spins <= ENG_LOCK_READ_PAUSES) eng_cpu_relax();
            else eng_yield();
        }
        if (spins > ENG_LOCK_READ_SPINS) eng_block_wait(&lock->block);
    }
    if (waited) __atomic_fetch_sub(&lock->waiting, 1, __ATOMIC_RELEASE);
}

static inline void eng_lock_read_release(struct eng_lock *lock)
{
    __atomic_fetch_sub(&lock->state, 1, __ATOMIC_RELEASE);
}

static inline void eng_lock_write(struct eng_lock *lock)
{
    unsigned int polls = 0;

    eng_block_lock(&lock->block);
    __atomic_fetch_or(&lock->state, ENG_LOCK_WRITER, __ATOMIC_ACQUIRE);
    /* read holds are short: pause through one before giving the processor up */
    while (__atomic_load_n(&lock->state, __ATOMIC_ACQUIRE) != ENG_LOCK_WRITER)
    {
        if (polls++ < ENG_LOCK_READ_PAUSES) eng_cpu_relax();
        else eng_yield();
    }
}

static inline void eng_lock_write_release(struct eng_lock *lock)
{
    __atomic_fetch_and(&lock->state, ~ENG_LOCK_WRITER, __ATOMIC_RELEASE);
    eng_block_unlock(&lock->block);
}

/* With the lock not held: returns once the readers that were waiting for a
 * writer have got in, or after a few microseconds of pauses and 16 yields. */
static inline void eng_lock_yield(struct eng_lock *lock)
{
    unsigned int polls;

    /* bounded: a waiting reader that the scheduler took off its processor
     * would otherwise stall the writer for a time slice at every chunk */
    for (polls = 0; __atomic_load_n(&lock->waiting, __ATOMIC_ACQUIRE) && polls < ENG_LOCK_YIELD_POLLS; polls++)
    {
        if (polls < ENG_LOCK_READ_PAUSES) eng_cpu_relax();
        else eng_yield();
    }
}

static inline uint32_t eng_atomic_inc(uint32_t *value)
{
    return __atomic_add_fetch(value, 1, __ATOMIC_ACQ_REL);
}

static inline uint32_t eng_atomic_dec(uint32_t *value)
{
    return __atomic_sub_fetch(value, 1, __ATOMIC_ACQ_REL);
}

/* stores new_value if *value is still *expected; else *expected gets *value */
static inline int eng_atomic_cas32(uint32_t *value, uint32_t *expected, uint32_t new_value)
{
    return __atomic_compare_exchange_n(value, expected, new_value, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static inline uint32_t eng_atomic_load32(const uint32_t *value)
{
    return __atomic_load_n(value, __ATOMIC_ACQUIRE);
}

static inline void eng_atomic_store32(uint32_t *value, uint32_t new_value)
{
    __atomic_store_n(value, new_value, __ATOMIC_RELEASE);
}

void *eng_malloc(size_t size);
void *eng_calloc(size_t count, size_t size);
void *eng_realloc(void *ptr, size_t size);
void eng_free(void *ptr);

/* Test hooks, not thread safe.  eng_alloc_fail_nth(n) makes the n-th engine
 * allocation from now on fail (n = 1 is the next one; 0 turns injection
 * off); eng_alloc_failures() counts the failures injected so far, so a test
 * can tell whether its injected failure was reached. */
void eng_alloc_fail_nth(unsigned long n);
unsigned long eng_alloc_failures(void);

#ifdef RTM_FAULT_INJECTION
/* Fault-injection builds of the DLL only (main.c): one counter, driven by the
 * RTM_FAULT_NTH environment variable, decides the failures of both the engine
 * allocations and the CRT allocations of the Win32 layers, so that a test
 * can make any allocation of an API call fail (see spec/reliability.md). */
int rtm_fault_should_fail(void);
#endif

#endif /* __RTM_ENG_OS_H */
