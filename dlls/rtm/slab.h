/*
 * Routing table engine: fixed-size object caches (slab.c), also used by the layers
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

#ifndef __RTM_SLAB_H
#define __RTM_SLAB_H

#include <stddef.h>

/* slab.c: fixed-size objects cut from a shared arena; alloc under one lock
 * (the table write lock for the engine's, v2_cs for the RTMv2 layer's),
 * free from any thread */
struct eng_arena_chunk;
struct eng_arena
{
    char                   *next, *end;     /* the unused part of the current chunk */
    struct eng_arena_chunk *chunks;         /* oldest first */
    struct eng_arena_chunk *current;        /* the one being cut; after a rewind, later ones are unused */
};

struct eng_slab
{
    size_t            object_size;  /* as asked for */
    size_t            size;         /* cut for each object: rounded up to 8 (no member needs
                                     * more), plus a red zone under ASan (slab.c) */
    int               stable;       /* free objects may still be read (never poisoned) */
    struct eng_arena *arena;
    void             *free;         /* the allocator's list */
    void             *returned;     /* frees from any thread, pushed atomically */
    size_t            allocated;    /* counts, for the leak check at destroy */
    size_t            freed;        /* atomic */
};

void arena_init(struct eng_arena *arena);
void arena_destroy(struct eng_arena *arena, int live);
void arena_rewind(struct eng_arena *arena);
void slab_init(struct eng_slab *slab, struct eng_arena *arena, size_t size, int stable);
void *slab_alloc(struct eng_slab *slab);   /* NULL when out of memory */
void slab_free(struct eng_slab *slab, void *obj);
void slab_free_locked(struct eng_slab *slab, void *obj);   /* with the allocation lock */
int slab_live(const struct eng_slab *slab);
void slab_rewind(struct eng_slab *slab);

#endif /* __RTM_SLAB_H */
