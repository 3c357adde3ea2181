/*
 * RTM v1 route change message queues
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
 * DOC: change queues
 *
 * One queue per client that registered a change event.  A queue holds at
 * most one message per destination prefix: the first change of a prefix
 * queues a message with a snapshot of the best route as it was before the
 * change (or none); later changes of the same prefix only make sure the
 * message points at the prefix's current dest.  The dequeuer compares the
 * snapshot with the dest's best route at that moment to build the message,
 * so a client that never dequeues costs at most one message per prefix, and
 * a change that was undone before the client looked is never reported.
 *
 * Messages are found by prefix through a chained hash table that doubles
 * when it gets full.  A message holds a reference on its dest, so a dest
 * whose last route went away stays readable (it then has no best route);
 * when the prefix comes back as a new dest, the message moves to it.
 *
 * Pushes run under the table write lock (from the engine observer) and take
 * the queue lock; pops run under the table read lock.  The event is set when
 * the queue stops being empty and reset when a dequeue leaves it empty, but
 * not there: SetEvent and ResetEvent are server calls under Wine (about
 * 90 us each on a busy 2-core VM), and made under the table lock they held
 * up every reader and writer of the table once per wake-up of a watcher, up
 * to eight times the cost of a load.  A push only reports that the queue
 * stopped being empty, and notify_queue_sync_event() makes the call later,
 * with no table or queue lock held (rtmv1.c: after the table write lock is
 * released; a caller's per-object lock may still be held there).  That
 * function reads the queue's state and makes the event match it, and its
 * own lock orders the calls, so whichever call comes last leaves the event
 * right: no wake-up is lost.  It also remembers what it last did to the
 * event, so that a push to a queue whose event it left set makes no call
 * (see there for why that is safe with auto-reset events).  A
 * client that stops dequeuing before ERROR_NO_MESSAGES / NO_ERROR is not
 * woken again for the messages it left, which is what ERROR_MORE_MESSAGES
 * tells it.
 *
 * The queue signals its own duplicate of the client's event, closed only
 * when the queue is destroyed, so that a late wake-up can never hit a handle
 * that the client closed after it deregistered.
 *
 * A push comes after the table changed, too late to fail, so it does not
 * allocate: it takes a spare message that was reserved before the change
 * (notify_queue_reserve), and the reserve also grows the hash for every
 * spare, so that count + nspare <= 2 * nbuckets holds.  Only pushes take
 * spares, and they run under the table write lock: a writer that saw enough
 * spares there (notify_queue_ready) is sure to find them.  Dequeued messages go back to
 * the spares, so a client that keeps dequeuing makes changes allocate
 * nothing.  A push that finds no spare (a change nobody reserved for) falls
 * back to allocating, and without memory that message is lost.
 */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "rtm.h"
#include "wine/debug.h"

#include "rtm_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(rtm);

#define MIN_BUCKETS 16
/* spares kept from dequeued messages, and the most a reserve adds beyond what
 * was asked for a queue that is not being emptied */
#define SPARE_KEEP  64

struct rtm_notify_queue
{
    SRWLOCK                 lock;
    SRWLOCK                 event_lock;     /* orders the event calls, see above */
    HANDLE                  event;          /* our duplicate; NULL if the client's was not an event */
    BOOL                    signalled;      /* what the last call did; event_lock */
    size_t                  snapshot_size;
    struct rtm_list         messages;
    size_t                  count;
    size_t                  nbuckets;       /* power of two */
    struct rtm_notify_msg **buckets;
    struct rtm_notify_msg  *spares;         /* chained through hash_next */
    size_t                  nspare;         /* changed under the lock, read without */
};

static unsigned int hash_prefix(const struct eng_prefix *prefix)
{
    unsigned int hash = 2166136261u ^ prefix->len, i;

    for (i = 0; i < (prefix->len + 7u) / 8; i++) hash = (hash ^ prefix->bytes[i]) * 16777619u;
    return hash;
}

/* Messages keep their prefix's hash, so that a message of another prefix
 * in the chain costs no read of its dest (a cache miss on a big table, and
 * a fifth of deregistering a feed that a client watches). */
static struct rtm_notify_msg **find_slot(struct rtm_notify_queue *queue, const struct eng_prefix *prefix,
        unsigned int hash)
{
    struct rtm_notify_msg **slot = &queue->buckets[hash & (queue->nbuckets - 1)];

    while (*slot && ((*slot)->hash != hash || eng_prefix_cmp(&(*slot)->dest->prefix, prefix)))
        slot = &(*slot)->hash_next;
    return slot;
}

static BOOL grow_buckets(struct rtm_notify_queue *queue)
{
    size_t nbuckets = queue->nbuckets * 2, i;
    struct rtm_notify_msg **buckets, *msg, *next;

    if (!(buckets = calloc(nbuckets, sizeof(*buckets)))) return FALSE;
    for (i = 0; i < queue->nbuckets; i++)
    {
        for (msg = queue->buckets[i]; msg; msg = next)
        {
            unsigned int bucket = msg->hash & (nbuckets - 1);

            next = msg->hash_next;
            msg->hash_next = buckets[bucket];
            buckets[bucket] = msg;
        }
    }
    free(queue->buckets);
    queue->buckets = buckets;
    queue->nbuckets = nbuckets;
    return TRUE;
}

static size_t msg_size(const struct rtm_notify_queue *queue)
{
    return offsetof(struct rtm_notify_msg, prev[2 * queue->snapshot_size]);
}

/* messages chained through hash_next, dests already released */
static void free_chain(struct rtm_notify_msg *msg)
{
    struct rtm_notify_msg *next;

    for (; msg; msg = next)
    {
        next = msg->hash_next;
        free(msg);
    }
}

/* call with the queue lock held */
static void add_spare(struct rtm_notify_queue *queue, struct rtm_notify_msg *msg)
{
    msg->hash_next = queue->spares;
    queue->spares = msg;
    __atomic_store_n(&queue->nspare, queue->nspare + 1, __ATOMIC_RELAXED);
}

struct rtm_notify_queue *notify_queue_create(HANDLE event, size_t snapshot_size)
{
    struct rtm_notify_queue *queue;

    if (!(queue = calloc(1, sizeof(*queue)))) return NULL;
    if (!(queue->buckets = calloc(MIN_BUCKETS, sizeof(*queue->buckets))))
    {
        free(queue);
        return NULL;
    }
    InitializeSRWLock(&queue->lock);
    InitializeSRWLock(&queue->event_lock);
    /* a closed or forged handle is the caller's business: it gets no wake-up */
    if (!DuplicateHandle(GetCurrentProcess(), event, GetCurrentProcess(), &queue->event, 0, FALSE,
                         DUPLICATE_SAME_ACCESS))
    {
        WARN("cannot use change event %p, error %lu\n", event, GetLastError());
        queue->event = NULL;
    }
    queue->snapshot_size = snapshot_size;
    queue->nbuckets = MIN_BUCKETS;
    rtm_list_init(&queue->messages);
    return queue;
}

void notify_queue_destroy(struct rtm_notify_queue *queue, struct eng_table *table)
{
    struct rtm_notify_msg *msg;
    struct rtm_list *elem, *next_elem;

    for (elem = queue->messages.next; elem != &queue->messages; elem = next_elem)
    {
        next_elem = elem->next;
        msg = RTM_LIST_ENTRY(elem, struct rtm_notify_msg, entry);
        eng_dest_release(table, msg->dest);
        free(msg);
    }
    free_chain(queue->spares);
    free(queue->buckets);
    if (queue->event) CloseHandle(queue->event);
    free(queue);
}

BOOL notify_queue_ready(struct rtm_notify_queue *queue, size_t count)
{
    /* spares only go away through pushes, which the caller's lock excludes */
    return __atomic_load_n(&queue->nspare, __ATOMIC_RELAXED) >= count;
}

size_t notify_queue_reserve(struct rtm_notify_queue *queue, size_t count)
{
    struct rtm_notify_msg *msg;
    size_t want, ret;

    AcquireSRWLockExclusive(&queue->lock);
    if (queue->nspare < count)
    {
        /* a queue that is not being emptied gets its spares in batches, so
         * that a writer does not come back for every message */
        want = count + min(queue->count, SPARE_KEEP);
        while (queue->count + want > queue->nbuckets * 2)
            if (!grow_buckets(queue)) break;
        while (queue->nspare < want && queue->count + queue->nspare < queue->nbuckets * 2 &&
               (msg = malloc(msg_size(queue))))
            add_spare(queue, msg);
    }
    ret = queue->nspare;
    ReleaseSRWLockExclusive(&queue->lock);
    return ret;
}

BOOL notify_queue_push(struct rtm_notify_queue *queue, struct eng_table *table,
        struct eng_dest *dest, const void *prev)
{
    unsigned int hash = hash_prefix(&dest->prefix);
    struct rtm_notify_msg **slot, *msg;
    BOOL woke = FALSE;

    AcquireSRWLockExclusive(&queue->lock);
    slot = find_slot(queue, &dest->prefix, hash);
    if ((msg = *slot))
    {
        /* the prefix went away and came back as a new dest: follow it */
        if (msg->dest != dest)
        {
            eng_dest_ref(dest);
            eng_dest_release(table, msg->dest);
            msg->dest = dest;
        }
        /* another client's change: the best route now is news again */
        msg->own = FALSE;
    }
    else
    {
        if ((msg = queue->spares))
        {
            queue->spares = msg->hash_next;
            __atomic_store_n(&queue->nspare, queue->nspare - 1, __ATOMIC_RELAXED);
        }
        else if (!(msg = malloc(msg_size(queue))))
        {
            ERR("out of memory, change message lost\n");
            ReleaseSRWLockExclusive(&queue->lock);
            return FALSE;
        }
        eng_dest_ref(dest);
        msg->dest = dest;
        msg->hash = hash;
        msg->has_prev = prev != NULL;
        msg->own = FALSE;
        if (prev) memcpy(msg->prev, prev, queue->snapshot_size);
        msg->hash_next = NULL;
        *slot = msg;
        /* a client is expected to dequeue until the queue is empty, so only
         * the first message needs the event */
        woke = rtm_list_empty(&queue->messages);
        rtm_list_add_tail(&queue->messages, &msg->entry);
        /* only after an unreserved push: without memory the chains just get longer */
        if (++queue->count > queue->nbuckets * 2) grow_buckets(queue);
    }
    ReleaseSRWLockExclusive(&queue->lock);
    return woke;
}

void notify_queue_own_change(struct rtm_notify_queue *queue, const struct eng_dest *dest, const void *cur)
{
    struct rtm_notify_msg *msg;

    /* pushes and pops wait for the table write lock that the caller holds */
    if (!queue->count) return;
    AcquireSRWLockExclusive(&queue->lock);
    /* after the first own change the message already stops where it should */
    if ((msg = *find_slot(queue, &dest->prefix, hash_prefix(&dest->prefix))) && !msg->own)
    {
        msg->own = TRUE;
        msg->has_cur = cur != NULL;
        if (cur) memcpy(msg->prev + queue->snapshot_size, cur, queue->snapshot_size);
    }
    ReleaseSRWLockExclusive(&queue->lock);
}

struct rtm_notify_msg *notify_queue_pop(struct rtm_notify_queue *queue,
        BOOL (*take)(const struct rtm_notify_msg *msg, void *ctx), void *ctx, BOOL *more)
{
    struct rtm_notify_msg *msg = NULL, **slot;

    AcquireSRWLockExclusive(&queue->lock);
    if (!rtm_list_empty(&queue->messages))
        msg = RTM_LIST_ENTRY(queue->messages.next, struct rtm_notify_msg, entry);
    /* under the queue lock: another thread may be dequeuing for the client too */
    if (msg && take && !take(msg, ctx)) msg = NULL;
    if (msg)
    {
        rtm_list_remove(&msg->entry);
        for (slot = &queue->buckets[msg->hash & (queue->nbuckets - 1)]; *slot != msg; slot = &(*slot)->hash_next)
            ;
        *slot = msg->hash_next;
        queue->count--;
    }
    *more = !rtm_list_empty(&queue->messages);
    ReleaseSRWLockExclusive(&queue->lock);
    return msg;
}

void notify_queue_sync_event(struct rtm_notify_queue *queue, BOOL dequeued)
{
    BOOL want;

    if (!queue->event) return;
    AcquireSRWLockExclusive(&queue->event_lock);
    AcquireSRWLockShared(&queue->lock);
    want = !rtm_list_empty(&queue->messages);
    ReleaseSRWLockShared(&queue->lock);
    /* What the queue last did to the event may be stale: the client may set
     * or reset it, and a wait consumes an auto-reset event.  It goes stale
     * only while the queue holds messages, though, and a dequeue that takes
     * the last one comes here with dequeued set, so it always calls: the
     * event is reset as documented, or set again for a message that came in
     * since, whose own push may have found the stale state and made no call. */
    if (want && (dequeued || !queue->signalled)) SetEvent(queue->event);
    else if (!want && (dequeued || queue->signalled)) ResetEvent(queue->event);
    queue->signalled = want;
    ReleaseSRWLockExclusive(&queue->event_lock);
}

void notify_queue_recycle(struct rtm_notify_queue *queue, struct eng_table *table, struct rtm_notify_msg *msgs)
{
    struct rtm_notify_msg *msg, *next, *extra = NULL;

    for (msg = msgs; msg; msg = msg->hash_next) eng_dest_release(table, msg->dest);
    AcquireSRWLockExclusive(&queue->lock);
    for (msg = msgs; msg; msg = next)
    {
        next = msg->hash_next;
        if (queue->nspare < SPARE_KEEP && queue->count + queue->nspare < queue->nbuckets * 2)
            add_spare(queue, msg);
        else
        {
            msg->hash_next = extra;
            extra = msg;
        }
    }
    ReleaseSRWLockExclusive(&queue->lock);
    free_chain(extra);
}
