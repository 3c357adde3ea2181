/*
 * Routing table engine: aging heap
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
 * DOC: aging heap
 *
 * A binary min-heap of the routes that age (expire != ENG_NEVER), keyed by
 * expire: routes[0] is the next to go.  Each route stores its position in
 * route->heap_index, so removing or re-keying any route is O(log n) without
 * a search; routes that do not age have heap_index ENG_NO_HEAP_INDEX.
 *
 * Invariants (heap_check): routes[i]->heap_index == i, and no route expires
 * before its parent routes[(i - 1) / 2].
 *
 * heap_reserve() makes room for one more route before the engine changes
 * anything, so heap_insert() cannot fail.  The array never shrinks.
 */

#include "eng_os.h"

#include <string.h>

#include "eng_int.h"

void heap_init(struct eng_heap *heap)
{
    memset(heap, 0, sizeof(*heap));
}

void heap_destroy(struct eng_heap *heap)
{
    eng_free(heap->routes);
    heap_init(heap);
}

int heap_reserve(struct eng_heap *heap)
{
    struct eng_route **routes;
    uint32_t capacity;

    if (heap->count < heap->capacity) return 0;
    capacity = heap->capacity ? heap->capacity * 2 : 64;
    if (capacity <= heap->capacity) return -1;
    if (!(routes = eng_realloc(heap->routes, (size_t)capacity * sizeof(*routes)))) return -1;
    heap->routes = routes;
    heap->capacity = capacity;
    return 0;
}

static void place(struct eng_heap *heap, uint32_t index, struct eng_route *route)
{
    heap->routes[index] = route;
    route->heap_index = index;
}

static void sift_up(struct eng_heap *heap, uint32_t index, struct eng_route *route)
{
    uint32_t parent;

    while (index && heap->routes[parent = (index - 1) / 2]->expire > route->expire)
    {
        place(heap, index, heap->routes[parent]);
        index = parent;
    }
    place(heap, index, route);
}

static void sift_down(struct eng_heap *heap, uint32_t index, struct eng_route *route)
{
    uint32_t child;

    while ((child = 2 * index + 1) < heap->count)
    {
        if (child + 1 < heap->count && heap->routes[child + 1]->expire < heap->routes[child]->expire) child++;
        if (heap->routes[child]->expire >= route->expire) break;
        place(heap, index, heap->routes[child]);
        index = child;
    }
    place(heap, index, route);
}

void heap_insert(struct eng_heap *heap, struct eng_route *route)
{
    sift_up(heap, heap->count++, route);
}

void heap_remove(struct eng_heap *heap, struct eng_route *route)
{
    uint32_t index = route->heap_index;
    struct eng_route *last = heap->routes[--heap->count];

    route->heap_index = ENG_NO_HEAP_INDEX;
    if (last == route) return;
    /* the last route fills the hole and moves whichever way its key says */
    if (index && heap->routes[(index - 1) / 2]->expire > last->expire) sift_up(heap, index, last);
    else sift_down(heap, index, last);
}

void heap_update(struct eng_heap *heap, struct eng_route *route)
{
    uint32_t index = route->heap_index;

    if (index && heap->routes[(index - 1) / 2]->expire > route->expire) sift_up(heap, index, route);
    else sift_down(heap, index, route);
}

const char *heap_check(const struct eng_heap *heap)
{
    uint32_t i;

    for (i = 0; i < heap->count; i++)
    {
        if (heap->routes[i]->heap_index != i) return "heap: heap_index mismatch";
        if (heap->routes[i]->expire == ENG_NEVER) return "heap: route that never expires in heap";
        if (i && heap->routes[(i - 1) / 2]->expire > heap->routes[i]->expire) return "heap: order violated";
    }
    return NULL;
}
