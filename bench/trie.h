/*
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
 * The reference baseline of the benchmark: a plain binary trie, one node
 * per prefix bit, no path compression, no level compression, no tricks.
 * It is the textbook longest-prefix-match structure that software routers
 * are usually measured against, so rtm.dll's figures are reported as
 * ratios to it.  Nodes come from a simple chunked pool (freeing millions of
 * nodes one by one would only slow the benchmark down, not the trie).
 *
 * Keys are big-endian byte strings (an IPv4 address is 4 bytes, IPv6 16),
 * bit 0 being the top bit of key[0].
 */

#ifndef RTM_BENCH_TRIE_H
#define RTM_BENCH_TRIE_H

#include <stddef.h>
#include <stdint.h>

struct trie_node;
struct trie_chunk;

struct trie
{
    struct trie_node *root;
    struct trie_chunk *chunks;
    size_t used;            /* nodes used in the newest chunk */
    size_t nodes;           /* nodes in the trie, root included */
    size_t prefixes;        /* nodes that carry a value */
};

/* Returns 0, or -1 on allocation failure. */
int trie_init(struct trie *t);
void trie_free(struct trie *t);

/* Stores value for the prefix key/len; returns 1 if the prefix was new, 0 if
 * its value was replaced, -1 on allocation failure. */
int trie_insert(struct trie *t, const unsigned char *key, unsigned int len, uint32_t value);

/* Longest-prefix match of the first `bits` bits of key; returns the length
 * of the matching prefix and stores its value, or -1 if none matches. */
int trie_lookup(const struct trie *t, const unsigned char *key, unsigned int bits, uint32_t *value);

/* Removes the prefix key/len, unlinking the nodes it leaves without a value
 * or children (their memory stays in the pool until trie_free()); returns 1
 * if the prefix was present. */
int trie_delete(struct trie *t, const unsigned char *key, unsigned int len);

/* Exact match of key/len; returns 1 and stores the value if present. */
int trie_exact(const struct trie *t, const unsigned char *key, unsigned int len, uint32_t *value);

/* Bytes of node memory held by the trie. */
size_t trie_memory(const struct trie *t);

/* Key bytes of an IPv4 address given in host byte order. */
static inline void trie_key4(uint32_t addr, unsigned char key[4])
{
    key[0] = addr >> 24;
    key[1] = addr >> 16;
    key[2] = addr >> 8;
    key[3] = addr;
}

/* Key bytes of an IPv6 address given as two host-order halves. */
static inline void trie_key6(uint64_t hi, uint64_t lo, unsigned char key[16])
{
    int i;

    for (i = 0; i < 8; i++)
    {
        key[i] = hi >> (56 - 8 * i);
        key[8 + i] = lo >> (56 - 8 * i);
    }
}

#endif /* RTM_BENCH_TRIE_H */
