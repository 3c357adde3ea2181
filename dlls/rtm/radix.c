/*
 * Routing table engine: path-compressed binary radix tree of dests
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
 * DOC: radix tree
 *
 * A binary trie over prefix bits with one-way branches compressed away
 * (a PATRICIA tree that keeps prefix lengths).  Every node carries a key
 * prefix; a child's key extends its parent's key, and child[b] is the child
 * whose key has bit b at position parent->key.len.  A node either holds a
 * dest whose prefix is exactly its key, or is a glue node (dest == NULL)
 * that exists only to branch.
 *
 * Invariants (radix_check):
 *   - a glue node has two children, so every subtree holds at least one
 *     dest and the tree has fewer than 2 * dests nodes;
 *   - child->parent == node, child->key.len > node->key.len, the child's
 *     key starts with node->key and has bit (child index) at node->key.len;
 *   - dest->node->dest == dest.
 *
 * A pre-order walk that visits child[0] before child[1] lists the dests in
 * eng_prefix_cmp order (by address, then shorter first): a prefix comes
 * before everything it covers, and at the first bit where two prefixes
 * differ the 0 side is the smaller address.  radix_next() finds the
 * successor of any prefix, present or not, in one descent: while descending
 * it remembers the nearest right sibling subtree it passed, which is where
 * the walk continues if the descent runs out.
 *
 * Descents from the root cost one cache miss per level, which dominates
 * loading a big table, so placing a dest starts lower: jump[] remembers,
 * for each value of the first 16 bits, the deepest node of at most 16 bits
 * on the path of the last dest of at least 16 bits placed there, which
 * leaves only the few levels inside that /16 to descend.  Those entries are
 * never cleaned up: nodes come from a slab whose memory is only freed with
 * the table and only ever holds nodes, a free node has key.len
 * FREE_NODE_LEN, and any node in the tree whose key covers the new prefix
 * lies on its path, so a stale entry is either recognised or still a valid
 * place to start.  radix_cover() likewise climbs from a dest's node
 * instead of descending from the root, and tests each node's best_views
 * copy instead of reading its dest: the climb is on every deletion of a
 * unicast best route (lpm4 needs the replacement), and was two thirds of
 * removing an owner's routes while it read the dests.
 *
 * New dests are not placed in the tree one by one: radix_add() queues
 * them, in prefix order, and radix_flush() places up to RADIX_QUEUE of them
 * at once when the queue is full or the engine wants a plain tree (a walk).
 * A descent is a chain of misses, each node known only once its parent has
 * arrived, which made placing each new dest of a big table most of the cost
 * of an add; a flush advances all the queued descents a level per round,
 * so their misses overlap, and then places each dest from the deepest node
 * its descent found, along a path that is cached.  Every reader merges the
 * queue in: radix_first() and radix_next() take the smaller of the tree's
 * answer and the queue's, radix_lookup() and radix_cover() the longer match
 * (a scan of at most RADIX_QUEUE keys, stored inline so the scan reads no
 * dest).  A queued dest has no node.
 *
 * Nodes come from the table's node slab (slab.c); radix_reserve() keeps two
 * spare nodes for every queued dest and the next one (the most one placement
 * needs: the dest's node and a glue node) before the engine starts changing
 * anything, so radix_add() and radix_flush() cannot fail.  The slab cuts
 * new objects from the same arena as dests and routes; since the queue, a
 * flush places its dests' nodes side by side in prefix order.  Removal
 * never allocates: a node whose dest leaves but that has two children
 * simply becomes glue.
 */

#include "eng_os.h"

#include <string.h>

#include "eng_int.h"

#define JUMP_BITS        16
#define FREE_NODE_LEN    0xff   /* key.len of a node that is not in the tree */

void radix_init(struct eng_radix *radix, unsigned int max_len, struct eng_slab *nodes)
{
    memset(radix, 0, sizeof(*radix));
    radix->max_len = max_len;
    radix->nodes = nodes;
}

/* the nodes go with the table's arena */
void radix_destroy(struct eng_radix *radix)
{
    eng_free(radix->jump);
    memset(radix, 0, sizeof(*radix));
}

int radix_reserve(struct eng_radix *radix)
{
    struct eng_rnode *node;

    if (!radix->jump && !(radix->jump = eng_calloc((size_t)1 << JUMP_BITS, sizeof(*radix->jump)))) return -1;
    while (radix->nspare < 2 * (radix->nqueued + 1))
    {
        if (!(node = slab_alloc(radix->nodes))) return -1;
        node->key.len = FREE_NODE_LEN;
        radix->spare[radix->nspare++] = node;
    }
    return 0;
}

static struct eng_rnode *node_alloc(struct eng_radix *radix, const struct eng_prefix *key,
        unsigned int len, struct eng_dest_int *dest)
{
    struct eng_rnode *node = radix->spare[--radix->nspare];

    node->child[0] = node->child[1] = node->parent = NULL;
    node->dest = dest;
    node->best_views = dest ? dest_best_views(&dest->pub) : 0;
    node->key.len = len;
    prefix_copy_bits(node->key.bytes, key->bytes, len, radix->max_len / 8);
    if (dest) dest->node = node;
    return node;
}

static void node_free(struct eng_radix *radix, struct eng_rnode *node)
{
    node->key.len = FREE_NODE_LEN;
    slab_free_locked(radix->nodes, node);
}

/* length of the common leading bits of a and b, at most max */
static unsigned int common_len(const uint8_t *a, const uint8_t *b, unsigned int max)
{
    unsigned int i, len;
    uint8_t diff;

    for (i = 0; i * 8 < max; i++)
    {
        if (!(diff = a[i] ^ b[i])) continue;
        len = i * 8 + __builtin_clz(diff) - (sizeof(unsigned int) - 1) * 8;
        return len < max ? len : max;
    }
    return max;
}

static void replace_child(struct eng_radix *radix, struct eng_rnode *parent,
        struct eng_rnode *old, struct eng_rnode *node)
{
    if (node) node->parent = parent;
    if (!parent) radix->root = node;
    else parent->child[parent->child[1] == old] = node;
}

static unsigned int jump_index(const struct eng_prefix *key)
{
    return ((unsigned int)key->bytes[0] << 8) | key->bytes[1];
}

/* climbs from node to the deepest ancestor (or itself) that covers key */
static struct eng_rnode *climb(struct eng_rnode *node, const struct eng_prefix *key)
{
    while (node && (node->key.len > key->len ||
            common_len(node->key.bytes, key->bytes, node->key.len) != node->key.len))
        node = node->parent;
    return node;
}

/* A tree node that covers key, to start the insertion from, or NULL for the
 * root.  The jump entry may be stale: a node that went back to the free list
 * is recognised by its length, one that was reused elsewhere by climb(). */
static struct eng_rnode *start_node(const struct eng_radix *radix, const struct eng_prefix *key)
{
    struct eng_rnode *node = radix->jump[jump_index(key)];

    return node && node->key.len != FREE_NODE_LEN ? climb(node, key) : NULL;
}

/* inserts dest into the subtree at node, a child of parent */
static void insert_at(struct eng_radix *radix, struct eng_dest_int *dest, struct eng_rnode *node,
        struct eng_rnode *parent)
{
    const struct eng_prefix *key = &dest->pub.prefix;
    struct eng_rnode *leaf, *glue;
    unsigned int len, bit;

    for (;;)
    {
        if (!node)
        {
            leaf = node_alloc(radix, key, key->len, dest);
            if (parent) parent->child[prefix_bit(key->bytes, parent->key.len)] = leaf;
            else radix->root = leaf;
            leaf->parent = parent;
            return;
        }
        len = common_len(key->bytes, node->key.bytes, key->len < node->key.len ? key->len : node->key.len);
        if (len == node->key.len)
        {
            if (len == key->len)
            {
                /* a glue node already sits at this prefix */
                node->dest = dest;
                node->best_views = dest_best_views(&dest->pub);
                dest->node = node;
                return;
            }
            parent = node;
            node = node->child[prefix_bit(key->bytes, len)];
            continue;
        }
        if (len == key->len)
        {
            /* the new prefix covers node: it goes in between */
            leaf = node_alloc(radix, key, len, dest);
            replace_child(radix, parent, node, leaf);
            leaf->child[prefix_bit(node->key.bytes, len)] = node;
            node->parent = leaf;
            return;
        }
        /* the two diverge at bit len: branch there */
        glue = node_alloc(radix, key, len, NULL);
        leaf = node_alloc(radix, key, key->len, dest);
        replace_child(radix, parent, node, glue);
        bit = prefix_bit(key->bytes, len);
        glue->child[bit] = leaf;
        glue->child[!bit] = node;
        leaf->parent = node->parent = glue;
        return;
    }
}

/* from: the deepest node a flush found that covers dest's prefix and is
 * shorter, or NULL for the root.  The dests placed before in the same flush
 * only added nodes, so from is still in the tree with the same key, and the
 * insertion goes on below it. */
static void place(struct eng_radix *radix, struct eng_dest_int *dest, struct eng_rnode *from)
{
    struct eng_rnode *start;

    if (from) insert_at(radix, dest, from->child[prefix_bit(dest->pub.prefix.bytes, from->key.len)], from);
    else insert_at(radix, dest, radix->root, NULL);
    if (dest->pub.prefix.len >= JUMP_BITS)
    {
        /* the nodes just walked through are cached: climbing them is cheap */
        for (start = dest->node; start && start->key.len > JUMP_BITS; start = start->parent) ;
        radix->jump[jump_index(&dest->pub.prefix)] = start;
    }
}

/* the first queue position whose key comes after prefix */
static unsigned int queue_after(const struct eng_radix *radix, const struct eng_prefix *prefix)
{
    unsigned int low = 0, high = radix->nqueued, mid;

    while (low < high)
    {
        mid = (low + high) / 2;
        if (eng_prefix_cmp(&radix->queue[mid].key, prefix) <= 0) low = mid + 1;
        else high = mid;
    }
    return low;
}

void radix_flush(struct eng_radix *radix)
{
    struct eng_rnode *at[RADIX_QUEUE], *from[RADIX_QUEUE], *node;
    const struct eng_prefix *key;
    unsigned int i, j, n = radix->nqueued, nlive, nround, live[RADIX_QUEUE];

    if (!n) return;
    /* the jump entries, the nodes they name, then one tree level per round */
    for (i = 0; i < n; i++) __builtin_prefetch(&radix->jump[jump_index(&radix->queue[i].key)]);
    for (i = 0; i < n; i++)
    {
        at[i] = radix->jump[jump_index(&radix->queue[i].key)];
        if (at[i]) __builtin_prefetch(at[i]);
    }
    for (i = nlive = 0; i < n; i++)
    {
        /* a glue node at the key itself: the placement starts above it */
        if ((at[i] = start_node(radix, &radix->queue[i].key)) && at[i]->key.len == radix->queue[i].key.len)
            at[i] = at[i]->parent;
        if (!at[i]) at[i] = radix->root;
        from[i] = NULL;
        if (at[i]) live[nlive++] = i;
    }
    /* the descents of the placements themselves: each remembers the deepest
     * node that covers its key, where its placement starts; a round visits
     * only the descents still going */
    while (nlive)
    {
        for (j = 0, nround = nlive, nlive = 0; j < nround; j++)
        {
            i = live[j];
            key = &radix->queue[i].key;
            node = at[i];
            if (node->key.len >= key->len ||
                    common_len(key->bytes, node->key.bytes, node->key.len) != node->key.len) continue;
            from[i] = node;
            if ((at[i] = node->child[prefix_bit(key->bytes, node->key.len)]))
            {
                __builtin_prefetch(at[i]);
                live[nlive++] = i;
            }
        }
    }
    for (i = 0; i < n; i++) place(radix, radix->queue[i].dest, from[i]);
    radix->nqueued = 0;
}

void radix_add(struct eng_radix *radix, struct eng_dest_int *dest)
{
    unsigned int pos;

    if (radix->nqueued == RADIX_QUEUE) radix_flush(radix);
    pos = queue_after(radix, &dest->pub.prefix);
    memmove(&radix->queue[pos + 1], &radix->queue[pos], (radix->nqueued - pos) * sizeof(*radix->queue));
    eng_prefix_copy(&radix->queue[pos].key, &dest->pub.prefix);
    radix->queue[pos].dest = dest;
    radix->nqueued++;
}

/* the queue position of a queued dest, or nqueued */
static unsigned int queue_find(const struct eng_radix *radix, const struct eng_dest_int *dest)
{
    unsigned int pos = queue_after(radix, &dest->pub.prefix);

    return pos && radix->queue[pos - 1].dest == dest ? pos - 1 : radix->nqueued;
}

int radix_queued(const struct eng_radix *radix, const struct eng_dest_int *dest)
{
    return queue_find(radix, dest) < radix->nqueued;
}

void radix_remove(struct eng_radix *radix, struct eng_dest_int *dest)
{
    struct eng_rnode *node = dest->node, *parent, *other;
    unsigned int pos;

    if (!node)
    {
        pos = queue_find(radix, dest);
        radix->nqueued--;
        memmove(&radix->queue[pos], &radix->queue[pos + 1], (radix->nqueued - pos) * sizeof(*radix->queue));
        return;
    }
    dest->node = NULL;
    node->dest = NULL;
    node->best_views = 0;
    if (node->child[0] && node->child[1]) return;  /* stays as glue */
    parent = node->parent;
    replace_child(radix, parent, node, node->child[0] ? node->child[0] : node->child[1]);
    node_free(radix, node);
    /* a glue parent left with one child is no longer needed */
    if (parent && !parent->dest && !(parent->child[0] && parent->child[1]))
    {
        other = parent->child[0] ? parent->child[0] : parent->child[1];
        replace_child(radix, parent->parent, parent, other);
        node_free(radix, parent);
    }
}

static struct eng_dest_int *subtree_first(const struct eng_rnode *node)
{
    while (!node->dest) node = node->child[0];  /* glue always has both children */
    return node->dest;
}

/* the first of the tree's candidate and the queue's */
static struct eng_dest_int *merge_next(const struct eng_radix *radix, struct eng_dest_int *found,
        unsigned int pos)
{
    if (pos == radix->nqueued) return found;
    if (!found || eng_prefix_cmp(&radix->queue[pos].key, &found->pub.prefix) < 0) return radix->queue[pos].dest;
    return found;
}

struct eng_dest_int *radix_first(const struct eng_radix *radix)
{
    return merge_next(radix, radix->root ? subtree_first(radix->root) : NULL, 0);
}

static struct eng_dest_int *tree_next(const struct eng_radix *radix, const struct eng_prefix *prefix)
{
    const struct eng_rnode *node = radix->root, *next = NULL;
    unsigned int len, bit;

    while (node)
    {
        len = common_len(prefix->bytes, node->key.bytes,
                prefix->len < node->key.len ? prefix->len : node->key.len);
        if (len < node->key.len && len < prefix->len)
        {
            /* diverge inside node's key: the whole subtree is on one side */
            if (!prefix_bit(prefix->bytes, len)) return subtree_first(node);
            break;
        }
        if (len < node->key.len) return subtree_first(node);   /* prefix covers node */
        if (node->key.len == prefix->len)
        {
            /* node is prefix itself: the successor is below it or to the right */
            if (node->child[0]) return subtree_first(node->child[0]);
            if (node->child[1]) return subtree_first(node->child[1]);
            break;
        }
        bit = prefix_bit(prefix->bytes, node->key.len);
        if (!bit && node->child[1]) next = node->child[1];
        node = node->child[bit];
    }
    return next ? subtree_first(next) : NULL;
}

struct eng_dest_int *radix_next(const struct eng_radix *radix, const struct eng_prefix *prefix)
{
    return merge_next(radix, tree_next(radix, prefix), queue_after(radix, prefix));
}

static void iter_push(struct radix_iter *iter, const struct eng_rnode *node)
{
    if (!node) return;
    __builtin_prefetch(node);
    iter->stack[iter->depth++] = node;
}

void radix_forget_nodes(struct eng_radix *radix)
{
    radix->nspare = 0;
    /* cleared rather than freed: the next load would take fresh pages for
     * its 512 KiB (64-bit) and fault on each, which cost a reloaded 10k-route
     * table more than the clearing */
    if (radix->jump) memset(radix->jump, 0, ((size_t)1 << JUMP_BITS) * sizeof(*radix->jump));
}

/* Replaces the glue subtree at stack[pos] by its halves, right below left
 * as the walk visits them.  The items above pos move up: there are at most
 * RADIX_ITER_AHEAD of them, too few for a CRT call (msvcrt's memmove under
 * Wine). */
static void iter_split(struct radix_iter *iter, unsigned int pos)
{
    const struct eng_rnode *node = iter->stack[pos];
    unsigned int i;

    for (i = iter->depth; i-- > pos + 1; ) iter->stack[i + 1] = iter->stack[i];
    iter->depth++;
    iter->stack[pos] = node->child[1];
    iter->stack[pos + 1] = node->child[0];
    __builtin_prefetch(node->child[1]);
    __builtin_prefetch(node->child[0]);
}

struct eng_dest_int *radix_iter_next(struct radix_iter *iter)
{
    const struct eng_rnode *node;
    struct eng_dest_int *dest = NULL;
    unsigned int low = iter->depth, pos, budget = 2;

    while (!dest && iter->depth)
    {
        node = iter->stack[--iter->depth];
        if (iter->depth < low) low = iter->depth;
        /* the right subtree comes after the whole left one: it has time to arrive */
        iter_push(iter, node->child[1]);
        iter_push(iter, node->child[0]);
        dest = node->dest;
    }
    /* The items below low were on the stack before this call, so their
     * nodes have had a removal's time to arrive: the nearest glue among them
     * is split now, and its halves have until the next call.  The bound
     * keeps the stack within 2 * RADIX_ITER_PATH + RADIX_ITER_AHEAD: a plain
     * walk from here adds at most RADIX_ITER_PATH. */
    for (pos = low; pos-- && budget && iter->depth - pos <= RADIX_ITER_AHEAD
            && iter->depth < RADIX_ITER_PATH + RADIX_ITER_AHEAD; )
    {
        if (iter->stack[pos]->dest) continue;
        iter_split(iter, pos);
        budget--;
    }
    return dest;
}

/* Descends as radix_next does; the stack gets each right subtree passed on
 * the way (deeper ones on top: they come first) and the subtree where the
 * successors start. */
struct eng_dest_int *radix_iter_start(const struct eng_radix *radix, struct radix_iter *iter,
        const struct eng_prefix *after)
{
    const struct eng_rnode *node = radix->root;
    unsigned int len, bit;

    iter->depth = 0;
    if (!after)
    {
        iter_push(iter, node);
        return radix_iter_next(iter);
    }
    while (node)
    {
        len = common_len(after->bytes, node->key.bytes, after->len < node->key.len ? after->len : node->key.len);
        if (len < node->key.len && len < after->len)
        {
            /* diverge inside node's key: the whole subtree is on one side */
            if (!prefix_bit(after->bytes, len)) iter_push(iter, node);
            break;
        }
        if (len < node->key.len)
        {
            iter_push(iter, node);      /* after covers node */
            break;
        }
        if (node->key.len == after->len)
        {
            iter_push(iter, node->child[1]);
            iter_push(iter, node->child[0]);
            break;
        }
        bit = prefix_bit(after->bytes, node->key.len);
        if (!bit) iter_push(iter, node->child[1]);
        node = node->child[bit];
    }
    return radix_iter_next(iter);
}

static int key_matches(const struct eng_prefix *key, const uint8_t *addr)
{
    unsigned int full = key->len >> 3, rest = key->len & 7;

    if (memcmp(key->bytes, addr, full)) return 0;
    return !rest || !((key->bytes[full] ^ addr[full]) & (uint8_t)(0xff << (8 - rest)));
}

/* found, or a longer match in the queue */
static struct eng_dest_int *merge_match(const struct eng_radix *radix, struct eng_dest_int *found,
        const uint8_t *addr, unsigned int max_len, uint32_t views)
{
    const struct radix_queued *entry, *end = radix->queue + radix->nqueued;

    for (entry = radix->queue; entry < end; entry++)
    {
        if (entry->key.len > max_len || (found && entry->key.len <= found->pub.prefix.len)) continue;
        if (key_matches(&entry->key, addr) && (dest_best_views(&entry->dest->pub) & views)) found = entry->dest;
    }
    return found;
}

static struct eng_dest_int *tree_lookup(const struct eng_radix *radix, const uint8_t *addr,
        unsigned int max_len, uint32_t views)
{
    const struct eng_rnode *node = radix->root;
    struct eng_dest_int *found = NULL;

    while (node && node->key.len <= max_len && key_matches(&node->key, addr))
    {
        if (node->best_views & views) found = node->dest;
        if (node->key.len == radix->max_len) break;
        node = node->child[prefix_bit(addr, node->key.len)];
    }
    return found;
}

struct eng_dest_int *radix_lookup(const struct eng_radix *radix, const uint8_t *addr,
        unsigned int max_len, uint32_t views)
{
    return merge_match(radix, tree_lookup(radix, addr, max_len, views), addr, max_len, views);
}

struct eng_dest_int *radix_cover(const struct eng_radix *radix, const struct eng_dest_int *dest, uint32_t views)
{
    const struct eng_prefix *prefix = &dest->pub.prefix;
    const struct eng_rnode *node;

    if (!prefix->len) return NULL;
    if (!dest->node) return radix_lookup(radix, prefix->bytes, prefix->len - 1, views);
    for (node = dest->node->parent; node && !(node->best_views & views); node = node->parent) {}
    return merge_match(radix, node ? node->dest : NULL, prefix->bytes, prefix->len - 1, views);
}

/* eng_prefix_cmp for a node's key, which has only the family's address bytes */
static int key_cmp(const struct eng_prefix *a, const struct eng_prefix *b, unsigned int max_len)
{
    int ret = memcmp(a->bytes, b->bytes, (max_len + 7) / 8);

    if (ret) return ret;
    return a->len < b->len ? -1 : a->len > b->len;
}

static const char *check_node(const struct eng_rnode *node, size_t *count,
        const struct eng_prefix **last, unsigned int max_len)
{
    const struct eng_rnode *child;
    const char *err;
    unsigned int i;

    if (node->key.len > max_len) return "radix: key too long";
    if (node->dest)
    {
        if (node->dest->node != node) return "radix: dest->node does not point back";
        if (key_cmp(&node->dest->pub.prefix, &node->key, max_len)) return "radix: dest prefix != node key";
        if (*last && key_cmp(*last, &node->key, max_len) >= 0) return "radix: walk out of order";
        if (node->best_views != dest_best_views(&node->dest->pub)) return "radix: stale best_views";
        *last = &node->key;
        (*count)++;
    }
    else if (!node->child[0] || !node->child[1]) return "radix: glue node without two children";
    else if (node->best_views) return "radix: glue node with best_views";
    for (i = 0; i < 2; i++)
    {
        if (!(child = node->child[i])) continue;
        if (child->parent != node) return "radix: bad parent pointer";
        if (child->key.len <= node->key.len) return "radix: child key not longer";
        if (common_len(child->key.bytes, node->key.bytes, node->key.len) != node->key.len)
            return "radix: child key does not extend parent key";
        if (prefix_bit(child->key.bytes, node->key.len) != i) return "radix: child on wrong side";
        if ((err = check_node(child, count, last, max_len))) return err;
    }
    return NULL;
}

/* whether a dest with exactly this prefix is in the tree */
static int tree_holds(const struct eng_radix *radix, const struct eng_prefix *prefix)
{
    const struct eng_rnode *node = radix->root;

    while (node && node->key.len <= prefix->len &&
            common_len(node->key.bytes, prefix->bytes, node->key.len) == node->key.len)
    {
        if (node->key.len == prefix->len) return node->dest != NULL;
        node = node->child[prefix_bit(prefix->bytes, node->key.len)];
    }
    return 0;
}

const char *radix_check(const struct eng_radix *radix, size_t *count)
{
    const struct eng_prefix *last = NULL;
    const char *err;
    unsigned int i;

    *count = 0;
    if (radix->nqueued > RADIX_QUEUE) return "radix: queue overflow";
    for (i = 0; i < radix->nqueued; i++)
    {
        if (radix->queue[i].dest->node) return "radix: queued dest has a node";
        if (tree_holds(radix, &radix->queue[i].key)) return "radix: queued prefix also in the tree";
        if (eng_prefix_cmp(&radix->queue[i].key, &radix->queue[i].dest->pub.prefix))
            return "radix: queued key != dest prefix";
        if (i && eng_prefix_cmp(&radix->queue[i - 1].key, &radix->queue[i].key) >= 0)
            return "radix: queue out of order";
    }
    if (radix->nspare < 2 * radix->nqueued) return "radix: too few spare nodes for the queue";
    if (radix->root && radix->root->parent) return "radix: root has a parent";
    if (radix->root && (err = check_node(radix->root, count, &last, radix->max_len))) return err;
    *count += radix->nqueued;
    return NULL;
}
