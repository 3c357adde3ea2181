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
 * A binary min-heap of the routes that age, keyed by expiry: routes[0] is
 * the next to go.  The heap keeps each route's expiry itself, in expire[]
 * beside routes[] (expire[i] belongs to routes[i]): routes that never age
 * do not carry one, and sifting compares keys without reading any route.
 * Each route stores its position in route->heap_index, so finding the
 * expiry of a route is O(1), and removing or re-keying it O(log n), without
 * a search; routes that do not age have heap_index ENG_NO_HEAP_INDEX and
 * expire at ENG_NEVER (heap_expiry()).
 *
 * Invariants (heap_check): routes[i]->heap_index == i, no expire[i] is
 * ENG_NEVER, and none is before its parent's expire[(i - 1) / 2].
 *
 * heap_reserve() makes room for one more route before the engine changes
 * anything, so heap_insert() cannot fail.  The arrays never shrink.
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
    eng_free(heap->expire);
    heap_init(heap);
}

int heap_reserve(struct eng_heap *heap)
{
    struct eng_route **routes;
    uint32_t capacity, *expire;

    if (heap->count < heap->capacity) return 0;
    capacity = heap->capacity ? heap->capacity * 2 : 64;
    if (capacity <= heap->capacity) return -1;
    /* a grown first array is harmless when the second fails: capacity is
     * what both hold */
    if (!(routes = eng_realloc(heap->routes, (size_t)capacity * sizeof(*routes)))) return -1;
    heap->routes = routes;
    if (!(expire = eng_realloc(heap->expire, (size_t)capacity * sizeof(*expire)))) return -1;
    heap->expire = expire;
    heap->capacity = capacity;
    return 0;
}

static void place(struct eng_heap *heap, uint32_t index, struct eng_route *route, uint32_t expire)
{
    heap->routes[index] = route;
    heap->expire[index] = expire;
    route->heap_index = index;
}

static void sift_up(struct eng_heap *heap, uint32_t index, struct eng_route *route, uint32_t expire)
{
    uint32_t parent;

    while (index && heap->expire[parent = (index - 1) / 2] > expire)
    {
        place(heap, index, heap->routes[parent], heap->expire[parent]);
        index = parent;
    }
    place(heap, index, route, expire);
}

static void sift_down(struct eng_heap *heap, uint32_t index, struct eng_route *route, uint32_t expire)
{
    uint32_t child;

    while ((child = 2 * index + 1) < heap->count)
    {
        if (child + 1 < heap->count && heap->expire[child + 1] < heap->expire[child]) child++;
        if (heap->expire[child] >= expire) break;
        place(heap, index, heap->routes[child], heap->expire[child]);
        index = child;
    }
    place(heap, index, route, expire);
}

/* moves route, whose key at index is now expire, whichever way the key says */
static void sift(struct eng_heap *heap, uint32_t index, struct eng_route *route, uint32_t expire)
{
    if (index && heap->expire[(index - 1) / 2] > expire) sift_up(heap, index, route, expire);
    else sift_down(heap, index, route, expire);
}

void heap_insert(struct eng_heap *heap, struct eng_route *route, uint32_t expire)
{
    sift_up(heap, heap->count++, route, expire);
}

void heap_remove(struct eng_heap *heap, struct eng_route *route)
{
    uint32_t index = route->heap_index, last = --heap->count;

    route->heap_index = ENG_NO_HEAP_INDEX;
    /* the last route fills the hole */
    if (index != last) sift(heap, index, heap->routes[last], heap->expire[last]);
}

void heap_update(struct eng_heap *heap, struct eng_route *route, uint32_t expire)
{
    sift(heap, route->heap_index, route, expire);
}

const char *heap_check(const struct eng_heap *heap)
{
    uint32_t i;

    for (i = 0; i < heap->count; i++)
    {
        if (heap->routes[i]->heap_index != i) return "heap: heap_index mismatch";
        if (heap->expire[i] == ENG_NEVER) return "heap: route that never expires in heap";
        if (i && heap->expire[(i - 1) / 2] > heap->expire[i]) return "heap: order violated";
    }
    return NULL;
}
