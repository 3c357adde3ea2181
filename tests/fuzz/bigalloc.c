/*
 * Fuzz target for the routing table engine: a cache for lpm4's big table
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
 * Every input creates an IPv4 table whose lpm4 tbl24 is a 64 MiB calloc.
 * Under ASan each such allocation and free poisons 8 MiB of shadow memory,
 * which made the target ten times slower than the engine itself.  Linked
 * with -Wl,--wrap=calloc,--wrap=free, calls for exactly that size are
 * served from a few blocks mapped once, between PROT_NONE guard pages (so
 * an overflow still faults), and given back zeroed with MADV_DONTNEED,
 * which costs only the pages the input touched.  Everything else goes to
 * the real (sanitized) calloc and free.
 */

#define _DEFAULT_SOURCE

#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

#define BIG_SIZE    ((size_t)4 << 24)    /* lpm4: 2^24 entries of 4 bytes */
#define NBLOCKS     4
#define GUARD       ((size_t)1 << 16)

void *__real_calloc(size_t count, size_t size);
void __real_free(void *ptr);

static struct
{
    uint8_t *base;
    int      used;
} blocks[NBLOCKS];

void *__wrap_calloc(size_t count, size_t size)
{
    uint8_t *map;
    int i;

    if (count * size != BIG_SIZE) return __real_calloc(count, size);
    for (i = 0; i < NBLOCKS; i++)
    {
        if (blocks[i].used) continue;
        if (!blocks[i].base)
        {
            map = mmap(NULL, BIG_SIZE + 2 * GUARD, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
            if (map == MAP_FAILED) break;
            if (mprotect(map + GUARD, BIG_SIZE, PROT_READ | PROT_WRITE))
            {
                munmap(map, BIG_SIZE + 2 * GUARD);
                break;
            }
            blocks[i].base = map + GUARD;
        }
        blocks[i].used = 1;
        return blocks[i].base;
    }
    return __real_calloc(count, size);
}

void __wrap_free(void *ptr)
{
    int i;

    for (i = 0; i < NBLOCKS; i++)
    {
        if (!blocks[i].used || ptr != blocks[i].base) continue;
        madvise(blocks[i].base, BIG_SIZE, MADV_DONTNEED);
        blocks[i].used = 0;
        return;
    }
    __real_free(ptr);
}
