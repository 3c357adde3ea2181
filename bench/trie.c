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

#include <stdlib.h>

#include "trie.h"

#define TRIE_CHUNK_NODES 65536

struct trie_node
{
    struct trie_node *child[2];
    uint32_t value;
    int has_value;
};

struct trie_chunk
{
    struct trie_chunk *next;
    struct trie_node node[TRIE_CHUNK_NODES];
};

static struct trie_node *new_node(struct trie *t)
{
    struct trie_node *n;

    if (!t->chunks || t->used == TRIE_CHUNK_NODES)
    {
        struct trie_chunk *c = malloc(sizeof(*c));

        if (!c) return NULL;
        c->next = t->chunks;
        t->chunks = c;
        t->used = 0;
    }
    n = &t->chunks->node[t->used++];
    n->child[0] = n->child[1] = NULL;
    n->has_value = 0;
    t->nodes++;
    return n;
}

static int key_bit(const unsigned char *key, unsigned int i)
{
    return (key[i >> 3] >> (7 - (i & 7))) & 1;
}

int trie_init(struct trie *t)
{
    t->chunks = NULL;
    t->used = t->nodes = t->prefixes = 0;
    return (t->root = new_node(t)) ? 0 : -1;
}

void trie_free(struct trie *t)
{
    while (t->chunks)
    {
        struct trie_chunk *next = t->chunks->next;

        free(t->chunks);
        t->chunks = next;
    }
    t->root = NULL;
    t->nodes = t->prefixes = 0;
}

int trie_insert(struct trie *t, const unsigned char *key, unsigned int len, uint32_t value)
{
    struct trie_node *n = t->root;
    unsigned int i;
    int added;

    for (i = 0; i < len; i++)
    {
        int b = key_bit(key, i);

        if (!n->child[b] && !(n->child[b] = new_node(t))) return -1;
        n = n->child[b];
    }
    added = !n->has_value;
    n->value = value;
    n->has_value = 1;
    t->prefixes += added;
    return added;
}

int trie_lookup(const struct trie *t, const unsigned char *key, unsigned int bits, uint32_t *value)
{
    const struct trie_node *n = t->root;
    unsigned int i;
    int best = -1;

    for (i = 0; n; i++)
    {
        if (n->has_value)
        {
            best = i;
            *value = n->value;
        }
        if (i == bits) break;
        n = n->child[key_bit(key, i)];
    }
    return best;
}

int trie_delete(struct trie *t, const unsigned char *key, unsigned int len)
{
    struct trie_node *path[129], *n = t->root;
    unsigned int i;

    for (i = 0; n && i < len; i++)
    {
        path[i] = n;
        n = n->child[key_bit(key, i)];
    }
    if (!n || !n->has_value) return 0;
    n->has_value = 0;
    t->prefixes--;
    /* Walk back up, cutting the branch while it leads nowhere. */
    while (i > 0 && !n->has_value && !n->child[0] && !n->child[1])
    {
        n = path[--i];
        n->child[key_bit(key, i)] = NULL;
        t->nodes--;
    }
    return 1;
}

int trie_exact(const struct trie *t, const unsigned char *key, unsigned int len, uint32_t *value)
{
    const struct trie_node *n = t->root;
    unsigned int i;

    for (i = 0; n && i < len; i++) n = n->child[key_bit(key, i)];
    if (!n || !n->has_value) return 0;
    *value = n->value;
    return 1;
}

size_t trie_memory(const struct trie *t)
{
    const struct trie_chunk *c;
    size_t bytes = 0;

    for (c = t->chunks; c; c = c->next) bytes += sizeof(*c);
    return bytes;
}
