/*
 * Routing table engine: IPv4 longest-prefix match, DIR-24-8
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
 * DOC: lpm4
 *
 * The classic DIR-24-8 layout (Gupta et al.; DPDK's rte_lpm): tbl24 has one
 * 32-bit entry per /24 (2^24 entries, 64 MiB, allocated with calloc on first
 * use so that the pages no prefix touches are never faulted in), and each
 * /24 that contains a prefix longer than /24 points to a tbl8 group of 256
 * entries, one per address of that /24.  A lookup is one or two loads.
 *
 * Entry layout (host order):
 *
 *   bit 31      EXT: tbl24 only; bits 0-24 are a tbl8 group number
 *   bits 25-30  depth + 1 of the prefix that wins here (0: no prefix)
 *   bits 0-24   index of that prefix's dest in the table's dest array
 *
 * An entry is 0 exactly when no prefix covers the address.  The engine only
 * puts dests that have a unicast best route here.
 *
 * Insertion writes an entry only where the stored depth is not larger than
 * the new prefix's, so inserting a short prefix under many longer ones does
 * not clobber them.  It also skips over them: an entry of depth d > len
 * (d <= 24) means that whole aligned block of 2^(24 - d) entries belongs to
 * longer prefixes, so the loop jumps to its end.  Deletion writes the
 * replacement (the next covering prefix, found by the engine in the radix
 * tree, or 0) into exactly the entries that hold the deleted prefix.
 *
 * A group exists iff its /24 contains a prefix longer than /24; when the last
 * one goes, all 256 entries hold the same covering value again, which moves
 * back into tbl24 and the group returns to the free list.  A new group is
 * filled completely before the tbl24 entry is switched to it, and entries
 * are written with atomic stores, so a lock-free reader always sees either
 * the old or the new answer.  Groups come in chunks of LPM4_CHUNK_GROUPS
 * (16 KiB) that never move, behind a directory: an optimistic reader
 * (engine.c) may be in any of them, so growth only adds a chunk, and a
 * directory that grows keeps its old copy (a few KiB in all) until
 * lpm4_destroy().
 * lpm4_reserve() provides tbl24 and one free group before the engine
 * changes anything, so lpm4_add() cannot fail.
 */

#include "eng_os.h"

#include <string.h>

#include "eng_int.h"

#define TBL24_SIZE          (1u << 24)
#define GROUP_SIZE          256
#define NO_GROUP            UINT32_MAX
#define LPM4_MAX_GROUPS     (LPM4_INDEX_MASK + 1)

static inline unsigned int entry_depth1(uint32_t entry)
{
    return (entry >> LPM4_DEPTH_SHIFT) & 0x3f;   /* depth + 1, 0 for none */
}

void lpm4_init(struct eng_lpm4 *lpm)
{
    memset(lpm, 0, sizeof(*lpm));
    lpm->free_group = NO_GROUP;
}

void lpm4_destroy(struct eng_lpm4 *lpm)
{
    uint32_t i;

    for (i = 0; i < lpm->nretired; i++) eng_free(lpm->retired[i]);
    for (i = 0; i < lpm->ngroups / LPM4_CHUNK_GROUPS; i++) eng_free(lpm->tbl8[i]);
    eng_free(lpm->tbl8);
    eng_free(lpm->tbl24);
    lpm4_init(lpm);
}

static uint32_t *group_entries(const struct eng_lpm4 *lpm, uint32_t group)
{
    return lpm->tbl8[group / LPM4_CHUNK_GROUPS] + (size_t)(group % LPM4_CHUNK_GROUPS) * GROUP_SIZE;
}

/* a directory with room for twice the chunks; the old one is kept */
static int grow_directory(struct eng_lpm4 *lpm)
{
    uint32_t nchunks = lpm->ngroups / LPM4_CHUNK_GROUPS, **dir;

    if (lpm->nretired == sizeof(lpm->retired) / sizeof(*lpm->retired)) return -1;
    if (!(dir = eng_malloc((nchunks ? nchunks * 2 : 1) * sizeof(*dir)))) return -1;
    if (lpm->tbl8)
    {
        memcpy(dir, lpm->tbl8, nchunks * sizeof(*dir));
        lpm->retired[lpm->nretired++] = lpm->tbl8;
    }
    __atomic_store_n(&lpm->tbl8, dir, __ATOMIC_RELEASE);
    lpm->dir_size = nchunks ? nchunks * 2 : 1;
    return 0;
}

int lpm4_reserve(struct eng_lpm4 *lpm, unsigned int len)
{
    uint32_t *tbl24, *chunk, g;

    if (!lpm->tbl24)
    {
        if (!(tbl24 = eng_calloc(TBL24_SIZE, sizeof(uint32_t)))) return -1;
        __atomic_store_n(&lpm->tbl24, tbl24, __ATOMIC_RELEASE);
    }
    if (len <= 24 || lpm->nfree) return 0;
    if (lpm->ngroups == LPM4_MAX_GROUPS) return -1;
    if (lpm->ngroups / LPM4_CHUNK_GROUPS == lpm->dir_size && grow_directory(lpm)) return -1;
    if (!(chunk = eng_malloc((size_t)LPM4_CHUNK_GROUPS * GROUP_SIZE * sizeof(uint32_t)))) return -1;
    /* before any tbl24 entry names one of the new groups */
    __atomic_store_n(&lpm->tbl8[lpm->ngroups / LPM4_CHUNK_GROUPS], chunk, __ATOMIC_RELEASE);
    for (g = LPM4_CHUNK_GROUPS; g--; )
    {
        chunk[(size_t)g * GROUP_SIZE] = lpm->free_group;
        lpm->free_group = lpm->ngroups + g;
    }
    lpm->nfree += LPM4_CHUNK_GROUPS;
    lpm->ngroups += LPM4_CHUNK_GROUPS;
    return 0;
}

/* writes value over the entries in [first, end) whose depth is <= len */
static void fill(uint32_t *entries, uint32_t first, uint32_t end, unsigned int len, uint32_t value,
        unsigned int block_bits)
{
    uint32_t i = first, entry;
    unsigned int depth1;

    while (i < end)
    {
        entry = entries[i];
        depth1 = entry_depth1(entry);
        if ((entry & LPM4_EXT) || depth1 <= len + 1)
        {
            if (!(entry & LPM4_EXT)) eng_atomic_store32(&entries[i], value);
            i++;
        }
        else i = (i | ((1u << (block_bits - (depth1 - 1))) - 1)) + 1;
    }
}

static void group_fill(struct eng_lpm4 *lpm, uint32_t group, uint32_t first, uint32_t end,
        unsigned int len, uint32_t value)
{
    fill(group_entries(lpm, group), first, end, len, value, 32);
}

void lpm4_add(struct eng_lpm4 *lpm, uint32_t addr, unsigned int len, uint32_t index)
{
    uint32_t value = lpm4_entry(len, index), first, end, i, entry, group, *entries;

    if (len <= 24)
    {
        first = addr >> 8;
        end = first + (1u << (24 - len));
        fill(lpm->tbl24, first, end, len, value, 24);
        /* the /24s that hold longer prefixes: fill their groups too */
        for (i = first; i < end; i++)
        {
            entry = lpm->tbl24[i];
            if (entry & LPM4_EXT) group_fill(lpm, entry & LPM4_INDEX_MASK, 0, GROUP_SIZE, len, value);
            else if (entry_depth1(entry) > len + 1)
                i |= (1u << (24 - (entry_depth1(entry) - 1))) - 1;
        }
        return;
    }
    entry = lpm->tbl24[addr >> 8];
    if (entry & LPM4_EXT) group = entry & LPM4_INDEX_MASK;
    else
    {
        group = lpm->free_group;
        entries = group_entries(lpm, group);
        lpm->free_group = entries[0];
        lpm->nfree--;
        /* a reader that looked the group up before it was freed may still
         * read it: every entry store is atomic, as in fill() */
        for (i = 0; i < GROUP_SIZE; i++) eng_atomic_store32(&entries[i], entry);
        eng_atomic_store32(&lpm->tbl24[addr >> 8], LPM4_EXT | group);
    }
    first = addr & 0xff;
    group_fill(lpm, group, first, first + (1u << (32 - len)), len, value);
}

/* writes replacement over the entries in [first, end) equal to value */
static void replace(uint32_t *entries, uint32_t first, uint32_t end, uint32_t value, uint32_t replacement)
{
    uint32_t i;

    for (i = first; i < end; i++)
        if (entries[i] == value) eng_atomic_store32(&entries[i], replacement);
}

void lpm4_delete(struct eng_lpm4 *lpm, uint32_t addr, unsigned int len, uint32_t index,
        uint32_t replacement)
{
    uint32_t value = lpm4_entry(len, index), first, end, i, entry, group, *entries;

    if (len <= 24)
    {
        first = addr >> 8;
        end = first + (1u << (24 - len));
        for (i = first; i < end; i++)
        {
            entry = lpm->tbl24[i];
            if (entry == value) eng_atomic_store32(&lpm->tbl24[i], replacement);
            else if (entry & LPM4_EXT)
                replace(group_entries(lpm, entry & LPM4_INDEX_MASK), 0, GROUP_SIZE, value, replacement);
            else if (entry_depth1(entry) > len + 1)
                i |= (1u << (24 - (entry_depth1(entry) - 1))) - 1;
        }
        return;
    }
    entry = lpm->tbl24[addr >> 8];
    group = entry & LPM4_INDEX_MASK;
    entries = group_entries(lpm, group);
    first = addr & 0xff;
    replace(entries, first, first + (1u << (32 - len)), value, replacement);
    for (i = 0; i < GROUP_SIZE; i++)
        if (entry_depth1(entries[i]) > 25) return;
    /* no prefix longer than /24 left: every entry holds the same covering value */
    eng_atomic_store32(&lpm->tbl24[addr >> 8], entries[0]);
    eng_atomic_store32(&entries[0], lpm->free_group);
    lpm->free_group = group;
    lpm->nfree++;
}

const char *lpm4_check(const struct eng_lpm4 *lpm)
{
    const char *err = NULL;
    uint32_t g, i, n = 0;
    uint8_t *is_free;

    if (!(is_free = eng_calloc(lpm->ngroups, 1))) return "lpm4: check out of memory";
    for (g = lpm->free_group; g != NO_GROUP && !err; g = err ? NO_GROUP : group_entries(lpm, g)[0])
    {
        if (g >= lpm->ngroups || is_free[g]) err = "lpm4: bad free group list";
        else if (++n > lpm->nfree) err = "lpm4: free group list too long";
        else is_free[g] = 1;
    }
    if (!err && n != lpm->nfree) err = "lpm4: free group count mismatch";
    /* a group in use holds a prefix longer than /24 */
    for (g = 0; g < lpm->ngroups && !err; g++)
    {
        if (is_free[g]) continue;
        for (i = 0; i < GROUP_SIZE; i++)
            if (entry_depth1(group_entries(lpm, g)[i]) > 25) break;
        if (i == GROUP_SIZE) err = "lpm4: group without a prefix longer than /24";
    }
    eng_free(is_free);
    return err;
}
