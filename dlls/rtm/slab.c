/*
 * Routing Table Manager engine: fixed-size object caches
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
 * DOC: slabs
 *
 * Routes, dests and radix nodes are the engine's per-route allocations,
 * three or four per new prefix.  Under Wine a heap allocation costs about
 * 200 ns once a million blocks are live, and each block carries a header; a
 * table loads and drops a million routes at a time.  So each table has a
 * slab per object type: a freed object goes on its slab's free list and is
 * handed out again from there.
 *
 * New objects of all slabs are cut in turn from the table's arena, 64 KiB
 * chunks filled front to back.  A new prefix allocates its dest, its route
 * and its radix node(s) one after the other, so they end up side by side:
 * a call that goes from a node or a dest to the next object (an ordered
 * walk, RtmIsRoute, a change) then finds it on a page the processor has
 * just translated.
 *
 * Allocation happens under the table write lock only, and so do most frees
 * (slab_free_locked: the objects unlinked during a write-lock hold go just
 * before it ends).  The RTMv2 layer keeps slabs of its own per-route objects
 * in the same way, in an arena of its own per address family, with v2_cs
 * as the allocation lock.  Objects may also be freed from any thread (a layer
 * dropping its last reference needs no table lock): slab_free pushes them
 * on a second list with a compare-and-swap, and the allocator takes that
 * whole list with one exchange when its own runs dry; a consumer that takes
 * everything at once cannot suffer ABA.
 *
 * Chunks go back to the heap only with the table.  A table that once held a
 * full feed keeps the memory for the next one, which is what a router
 * expects; the memory is reused, never grows past the largest table.  Free
 * lists hand objects back in the order they were freed, scattered over all
 * that memory, so a table that becomes empty rewinds its arena (engine.c):
 * the next load is cut from the first chunks again, as compact as the
 * first one.  If objects are still live when the table goes, every chunk is
 * left allocated, so that a leak checker reports what someone forgot to
 * release.
 *
 * Under AddressSanitizer a free object is poisoned past its free-list word,
 * so that a use after free is still caught (except in a slab whose free
 * objects are read on purpose), and every object is followed by a poisoned
 * red zone: dests and radix nodes are cut to their family's address size,
 * and a read of a prefix past it must be caught too.
 */

#include "eng_os.h"

#include <string.h>

#include "eng_int.h"

#if defined(__SANITIZE_ADDRESS__)
# define SLAB_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define SLAB_ASAN 1
# endif
#endif

#ifdef SLAB_ASAN
#include <sanitizer/asan_interface.h>
#define SLAB_REDZONE 16
#define POISON_FREE(slab, obj)   do if (!(slab)->stable) \
        ASAN_POISON_MEMORY_REGION((char *)(obj) + sizeof(void *), (slab)->object_size - sizeof(void *)); while (0)
#define UNPOISON_FREE(slab, obj) do if (!(slab)->stable) \
        ASAN_UNPOISON_MEMORY_REGION((char *)(obj) + sizeof(void *), (slab)->object_size - sizeof(void *)); while (0)
#define POISON_TAIL(slab, obj)   \
        ASAN_POISON_MEMORY_REGION((char *)(obj) + (slab)->object_size, (slab)->size - (slab)->object_size)
#else
#define SLAB_REDZONE 0
#define POISON_FREE(slab, obj)   ((void)(slab), (void)(obj))
#define UNPOISON_FREE(slab, obj) ((void)(slab), (void)(obj))
#define POISON_TAIL(slab, obj)   ((void)(slab), (void)(obj))
#endif

#define ARENA_CHUNK_BYTES 65536
#define SLAB_ALIGN        8

struct eng_arena_chunk
{
    struct eng_arena_chunk *next;
};

#define CHUNK_HEADER ((sizeof(struct eng_arena_chunk) + SLAB_ALIGN - 1) & ~(size_t)(SLAB_ALIGN - 1))

void arena_init(struct eng_arena *arena)
{
    memset(arena, 0, sizeof(*arena));
}

/* live: objects are still allocated, the chunks stay for a leak checker */
void arena_destroy(struct eng_arena *arena, int live)
{
    struct eng_arena_chunk *chunk, *next;

    for (chunk = arena->chunks; chunk && !live; chunk = next)
    {
        next = chunk->next;
        eng_free(chunk);
    }
    memset(arena, 0, sizeof(*arena));
}

static void arena_enter(struct eng_arena *arena, struct eng_arena_chunk *chunk)
{
    arena->current = chunk;
    arena->next = (char *)chunk + CHUNK_HEADER;
    arena->end = (char *)chunk + ARENA_CHUNK_BYTES;
}

/* Starts cutting again from the first chunk; every object of every slab of
 * the arena must be free (slab_rewind them too). */
void arena_rewind(struct eng_arena *arena)
{
#ifdef SLAB_ASAN
    struct eng_arena_chunk *chunk;

    for (chunk = arena->chunks; chunk; chunk = chunk->next)
        ASAN_UNPOISON_MEMORY_REGION((char *)chunk + CHUNK_HEADER, ARENA_CHUNK_BYTES - CHUNK_HEADER);
#endif
    if (arena->chunks) arena_enter(arena, arena->chunks);
}

static void *arena_cut(struct eng_arena *arena, size_t size)
{
    struct eng_arena_chunk *chunk;
    char *obj;

    if (size > ARENA_CHUNK_BYTES - CHUNK_HEADER) return NULL;
    if ((size_t)(arena->end - arena->next) < size)
    {
        /* chunks stay in the order they were made, so that a rewound arena
         * cuts the same addresses again */
        if (arena->current && arena->current->next) chunk = arena->current->next;
        else
        {
            if (!(chunk = eng_malloc(ARENA_CHUNK_BYTES))) return NULL;
            chunk->next = NULL;
            if (arena->current) arena->current->next = chunk;
            else arena->chunks = chunk;
        }
        arena_enter(arena, chunk);
    }
    obj = arena->next;
    arena->next += size;
    return obj;
}

/* stable: the slab's memory only ever holds objects of its type, and free
 * ones may be read (radix nodes: see radix.c), so they are not poisoned */
void slab_init(struct eng_slab *slab, struct eng_arena *arena, size_t size, int stable)
{
    memset(slab, 0, sizeof(*slab));
    slab->arena = arena;
    slab->stable = stable;
    slab->object_size = size < sizeof(void *) ? sizeof(void *) : size;
    slab->size = (slab->object_size + SLAB_REDZONE + SLAB_ALIGN - 1) & ~(size_t)(SLAB_ALIGN - 1);
}

void *slab_alloc(struct eng_slab *slab)
{
    void *obj;

    if (!slab->free) slab->free = __atomic_exchange_n(&slab->returned, NULL, __ATOMIC_ACQUIRE);
    if ((obj = slab->free))
    {
        slab->free = *(void **)obj;
        UNPOISON_FREE(slab, obj);
    }
    else
    {
        if (!(obj = arena_cut(slab->arena, slab->size))) return NULL;
        POISON_TAIL(slab, obj);
    }
    slab->allocated++;
    return obj;
}

void slab_free_locked(struct eng_slab *slab, void *obj)
{
    POISON_FREE(slab, obj);
    *(void **)obj = slab->free;
    slab->free = obj;
    slab->allocated--;
}

void slab_free(struct eng_slab *slab, void *obj)
{
    void *head = __atomic_load_n(&slab->returned, __ATOMIC_RELAXED);

    POISON_FREE(slab, obj);
    do *(void **)obj = head;
    while (!__atomic_compare_exchange_n(&slab->returned, &head, obj, 1, __ATOMIC_RELEASE, __ATOMIC_RELAXED));
    /* counted once it is on the list: until then the counts differ, so the
     * table cannot rewind the arena under a free still in progress */
    __atomic_fetch_add(&slab->freed, 1, __ATOMIC_RELEASE);
}

/* forgets every free object, for arena_rewind */
void slab_rewind(struct eng_slab *slab)
{
    slab->free = NULL;
    slab->returned = NULL;
    slab->allocated = slab->freed = 0;
}

int slab_live(const struct eng_slab *slab)
{
    return slab->allocated != __atomic_load_n(&slab->freed, __ATOMIC_ACQUIRE);
}
