/*
 * Multicast Group Manager tests
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

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "mgm.h"

#include "wine/test.h"

/* addresses are in network byte order */
#define IP(a, b, c, d) ((DWORD)(a) | ((DWORD)(b) << 8) | ((DWORD)(c) << 16) | ((DWORD)(d) << 24))
#define ALL            0xffffffff
#define JOIN           MGM_JOIN_STATE_FLAG
#define FORWARD        MGM_FORWARD_STATE_FLAG

#define G1 IP(224, 1, 1, 1)
#define G2 IP(224, 2, 2, 2)
#define S1 IP(10, 0, 0, 1)
#define S2 IP(10, 0, 0, 2)
#define S3 IP(10, 0, 0, 3)
#define NH IP(192, 168, 0, 9)

#define PROTO_IGMP 10   /* PROTO_IP_IGMP from routprot.h */

/* protocol tags, also the index into the per-protocol callback tables */
enum { PA, PB, PC, PI, PROTO_COUNT };

static const DWORD proto_ids[PROTO_COUNT] = { 0x10001, 0x10002, 0x10003, PROTO_IGMP };

enum
{
    REC_RPF,
    REC_CREATION,
    REC_PRUNE,
    REC_JOIN,
    REC_LOCAL_JOIN,
    REC_LOCAL_LEAVE,
    REC_DISABLE,
    REC_ENABLE,
};

struct record
{
    unsigned int proto;
    unsigned int type;
    DWORD src, srcmask, grp, grpmask;
    DWORD index, nexthop;
    BOOL flag;
    DWORD count;
    MGM_IF_ENTRY ifs[4];
};

static CRITICAL_SECTION rec_cs;
static struct record records[256];
static unsigned int record_count;

/* per-protocol behaviour of the callbacks */
static DWORD rpf_index[PROTO_COUNT], rpf_nexthop[PROTO_COUNT], rpf_upstream[PROTO_COUNT];
static BOOL creation_disable[PROTO_COUNT];
static BOOL creation_handover;      /* C disables its interface 3 and hands it to B */
static DWORD prune_timeout[PROTO_COUNT];
static BOOL join_reenter[PROTO_COUNT];
static DWORD reenter_ret;

static HANDLE handles[PROTO_COUNT];

static struct record *add_record(unsigned int proto, unsigned int type, DWORD src, DWORD srcmask,
                                 DWORD grp, DWORD grpmask, DWORD index, DWORD nexthop)
{
    struct record *rec = NULL;

    EnterCriticalSection(&rec_cs);
    if (record_count < ARRAY_SIZE(records))
    {
        rec = &records[record_count++];
        memset(rec, 0, sizeof(*rec));
        rec->proto = proto;
        rec->type = type;
        rec->src = src;
        rec->srcmask = srcmask;
        rec->grp = grp;
        rec->grpmask = grpmask;
        rec->index = index;
        rec->nexthop = nexthop;
    }
    LeaveCriticalSection(&rec_cs);
    return rec;
}

static void reset_records(void)
{
    EnterCriticalSection(&rec_cs);
    record_count = 0;
    LeaveCriticalSection(&rec_cs);
}

static unsigned int count_records(unsigned int proto, unsigned int type)
{
    unsigned int i, n = 0;

    for (i = 0; i < record_count; i++)
        if (records[i].proto == proto && records[i].type == type) n++;
    return n;
}

static const struct record *find_record(unsigned int proto, unsigned int type)
{
    unsigned int i;

    for (i = 0; i < record_count; i++)
        if (records[i].proto == proto && records[i].type == type) return &records[i];
    return NULL;
}

static DWORD on_rpf(unsigned int proto, DWORD src, DWORD srcmask, DWORD grp, DWORD grpmask,
                    PDWORD in_index, PDWORD in_nexthop, PDWORD upstream, DWORD hdr_size,
                    PBYTE hdr, PBYTE route)
{
    add_record(proto, REC_RPF, src, srcmask, grp, grpmask, *in_index, *in_nexthop);
    if (rpf_index[proto])
    {
        *in_index = rpf_index[proto];
        *in_nexthop = rpf_nexthop[proto];
        *upstream = rpf_upstream[proto];
    }
    return NO_ERROR;
}

static DWORD on_creation(unsigned int proto, DWORD src, DWORD srcmask, DWORD grp, DWORD grpmask,
                         DWORD in_index, DWORD in_nexthop, DWORD count, PMGM_IF_ENTRY ifs)
{
    struct record *rec = add_record(proto, REC_CREATION, src, srcmask, grp, grpmask, in_index, in_nexthop);
    DWORD i;

    if (rec)
    {
        rec->count = count;
        for (i = 0; i < count && i < ARRAY_SIZE(rec->ifs); i++) rec->ifs[i] = ifs[i];
    }
    if (creation_disable[proto]) for (i = 0; i < count; i++) ifs[i].bIsEnabled = FALSE;
    if (creation_handover && proto == PC)
    {
        creation_handover = FALSE;
        for (i = 0; i < count; i++) ifs[i].bIsEnabled = FALSE;
        MgmReleaseInterfaceOwnership(handles[PC], 3, 0);
        MgmTakeInterfaceOwnership(handles[PB], 3, 0);
    }
    return NO_ERROR;
}

static DWORD on_prune(unsigned int proto, DWORD src, DWORD srcmask, DWORD grp, DWORD grpmask,
                      DWORD index, DWORD nexthop, BOOL member_delete, PDWORD timeout)
{
    struct record *rec = add_record(proto, REC_PRUNE, src, srcmask, grp, grpmask, index, nexthop);

    if (rec)
    {
        rec->flag = member_delete;
        rec->count = *timeout;
    }
    if (prune_timeout[proto]) *timeout = prune_timeout[proto];
    return NO_ERROR;
}

static DWORD on_join(unsigned int proto, DWORD src, DWORD srcmask, DWORD grp, DWORD grpmask,
                     BOOL member_update)
{
    struct record *rec = add_record(proto, REC_JOIN, src, srcmask, grp, grpmask, 0, 0);
    DWORD id, component;

    if (rec) rec->flag = member_update;
    /* the MGM must not hold its lock while calling us */
    if (join_reenter[proto]) reenter_ret = MgmGetProtocolOnInterface(1, 0, &id, &component);
    return NO_ERROR;
}

static DWORD on_local(unsigned int proto, unsigned int type, DWORD src, DWORD srcmask, DWORD grp,
                      DWORD grpmask, DWORD index, DWORD nexthop)
{
    add_record(proto, type, src, srcmask, grp, grpmask, index, nexthop);
    return NO_ERROR;
}

static DWORD on_igmp(unsigned int proto, unsigned int type, DWORD index, DWORD nexthop)
{
    add_record(proto, type, 0, 0, 0, 0, index, nexthop);
    return NO_ERROR;
}

/* the callbacks carry no context, so every protocol gets its own set */
#define DEFINE_CALLBACKS(n) \
static DWORD rpf_##n(DWORD s, DWORD sm, DWORD g, DWORD gm, PDWORD in, PDWORD nh, PDWORD up, \
                     DWORD size, PBYTE hdr, PBYTE route) \
{ return on_rpf(n, s, sm, g, gm, in, nh, up, size, hdr, route); } \
static DWORD creation_##n(DWORD s, DWORD sm, DWORD g, DWORD gm, DWORD in, DWORD nh, DWORD count, \
                          PMGM_IF_ENTRY ifs) \
{ return on_creation(n, s, sm, g, gm, in, nh, count, ifs); } \
static DWORD prune_##n(DWORD s, DWORD sm, DWORD g, DWORD gm, DWORD i, DWORD nh, BOOL del, PDWORD t) \
{ return on_prune(n, s, sm, g, gm, i, nh, del, t); } \
static DWORD join_##n(DWORD s, DWORD sm, DWORD g, DWORD gm, BOOL update) \
{ return on_join(n, s, sm, g, gm, update); } \
static DWORD local_join_##n(DWORD s, DWORD sm, DWORD g, DWORD gm, DWORD i, DWORD nh) \
{ return on_local(n, REC_LOCAL_JOIN, s, sm, g, gm, i, nh); } \
static DWORD local_leave_##n(DWORD s, DWORD sm, DWORD g, DWORD gm, DWORD i, DWORD nh) \
{ return on_local(n, REC_LOCAL_LEAVE, s, sm, g, gm, i, nh); } \
static DWORD disable_##n(DWORD i, DWORD nh) { return on_igmp(n, REC_DISABLE, i, nh); } \
static DWORD enable_##n(DWORD i, DWORD nh) { return on_igmp(n, REC_ENABLE, i, nh); }

DEFINE_CALLBACKS(PA)
DEFINE_CALLBACKS(PB)
DEFINE_CALLBACKS(PC)
DEFINE_CALLBACKS(PI)

#define CONFIG(n) { 0, rpf_##n, creation_##n, prune_##n, join_##n, NULL, local_join_##n, \
                    local_leave_##n, disable_##n, enable_##n }

static ROUTING_PROTOCOL_CONFIG configs[PROTO_COUNT] = { CONFIG(PA), CONFIG(PB), CONFIG(PC), CONFIG(PI) };

static BOOL is_wine;

static void register_all(void)
{
    unsigned int i;
    DWORD ret;

    for (i = 0; i < PROTO_COUNT; i++)
    {
        handles[i] = NULL;
        ret = MgmRegisterMProtocol(&configs[i], proto_ids[i], 1, &handles[i]);
        ok(!ret, "%u: MgmRegisterMProtocol returned %lu\n", i, ret);
        ok(handles[i] != NULL, "%u: got NULL handle\n", i);
        rpf_index[i] = rpf_nexthop[i] = rpf_upstream[i] = 0;
        creation_disable[i] = join_reenter[i] = FALSE;
        prune_timeout[i] = 0;
    }
    reset_records();
}

static void deregister_all(void)
{
    unsigned int i;
    DWORD ret;

    for (i = 0; i < PROTO_COUNT; i++)
    {
        ret = MgmDeRegisterMProtocol(handles[i]);
        ok(!ret, "%u: MgmDeRegisterMProtocol returned %lu\n", i, ret);
    }
}

static void take(unsigned int proto, DWORD index, DWORD nexthop)
{
    DWORD ret = MgmTakeInterfaceOwnership(handles[proto], index, nexthop);
    ok(!ret, "MgmTakeInterfaceOwnership(%u, %lu) returned %lu\n", proto, index, ret);
}

static void release(unsigned int proto, DWORD index, DWORD nexthop)
{
    DWORD ret = MgmReleaseInterfaceOwnership(handles[proto], index, nexthop);
    ok(!ret, "MgmReleaseInterfaceOwnership(%u, %lu) returned %lu\n", proto, index, ret);
}

static DWORD add_member(unsigned int proto, DWORD src, DWORD grp, DWORD index, DWORD nexthop, DWORD flags)
{
    return MgmAddGroupMembershipEntry(handles[proto], src, src ? ALL : 0, grp, grp ? ALL : 0,
                                      index, nexthop, flags);
}

static DWORD del_member(unsigned int proto, DWORD src, DWORD grp, DWORD index, DWORD nexthop, DWORD flags)
{
    return MgmDeleteGroupMembershipEntry(handles[proto], src, src ? ALL : 0, grp, grp ? ALL : 0,
                                         index, nexthop, flags);
}

/* fetches one MFE into buffer; returns the Win32 error */
static DWORD get_mfe(DWORD src, DWORD grp, BYTE *buffer, DWORD size)
{
    MIB_IPMCAST_MFE key;

    memset(&key, 0, sizeof(key));
    key.dwSource = src;
    key.dwGroup = grp;
    return MgmGetMfe(&key, &size, buffer);
}

static unsigned int count_mfes(void)
{
    BYTE buffer[4096];
    DWORD size = sizeof(buffer), count = 0, ret;

    ret = MgmGetFirstMfe(&size, buffer, &count);
    ok(ret == ERROR_NO_MORE_ITEMS, "MgmGetFirstMfe returned %lu\n", ret);
    return count;
}

static void test_registration(void)
{
    ROUTING_PROTOCOL_CONFIG config;
    HANDLE handle, handle2, handle3;
    DWORD ret;

    memset(&config, 0, sizeof(config));

    ret = MgmRegisterMProtocol(NULL, 0x20001, 1, &handle);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    ret = MgmRegisterMProtocol(&config, 0x20001, 1, NULL);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);

    handle = NULL;
    ret = MgmRegisterMProtocol(&config, 0x20001, 1, &handle);
    ok(!ret, "got %lu\n", ret);
    ok(handle != NULL, "got NULL handle\n");

    handle2 = (HANDLE)0xdead;
    ret = MgmRegisterMProtocol(&config, 0x20001, 1, &handle2);
    ok(ret == ERROR_ALREADY_EXISTS, "got %lu\n", ret);
    ok(handle2 == (HANDLE)0xdead, "handle changed to %p\n", handle2);

    /* the (protocol, component) pair identifies a client */
    ret = MgmRegisterMProtocol(&config, 0x20001, 2, &handle2);
    ok(!ret, "got %lu\n", ret);
    ok(handle2 != handle, "same handle %p\n", handle);

    ret = MgmDeRegisterMProtocol(handle2);
    ok(!ret, "got %lu\n", ret);
    ret = MgmDeRegisterMProtocol(handle);
    ok(!ret, "got %lu\n", ret);

    /* native may dereference handles; ours are looked up in a table */
    if (is_wine)
    {
        ret = MgmDeRegisterMProtocol(handle);
        ok(ret == ERROR_INVALID_PARAMETER, "stale handle: got %lu\n", ret);
        ret = MgmDeRegisterMProtocol(NULL);
        ok(ret == ERROR_INVALID_PARAMETER, "NULL handle: got %lu\n", ret);
        ret = MgmDeRegisterMProtocol((HANDLE)0xdeadbeef);
        ok(ret == ERROR_INVALID_PARAMETER, "forged handle: got %lu\n", ret);
        ret = MgmTakeInterfaceOwnership((HANDLE)0x12345678, 1, 0);
        ok(ret == ERROR_INVALID_PARAMETER, "forged handle: got %lu\n", ret);

        /* the slot is reused, the old handle stays invalid */
        ret = MgmRegisterMProtocol(&config, 0x20001, 3, &handle3);
        ok(!ret, "got %lu\n", ret);
        ok(handle3 != handle, "handle %p reused\n", handle);
        ret = MgmTakeInterfaceOwnership(handle, 1, 0);
        ok(ret == ERROR_INVALID_PARAMETER, "stale handle: got %lu\n", ret);
        ret = MgmAddGroupMembershipEntry(handle, 0, 0, G1, ALL, 1, 0, JOIN);
        ok(ret == ERROR_INVALID_PARAMETER, "stale handle: got %lu\n", ret);
        ret = MgmGroupEnumerationStart(handle, ALL_SOURCES, &handle2);
        ok(ret == ERROR_INVALID_PARAMETER, "stale handle: got %lu\n", ret);
        ret = MgmDeRegisterMProtocol(handle3);
        ok(!ret, "got %lu\n", ret);
    }
}

static void test_interfaces(void)
{
    DWORD ret, id, component;

    register_all();

    take(PA, 1, 0);
    ret = MgmTakeInterfaceOwnership(handles[PB], 1, 0);
    ok(ret == ERROR_ALREADY_EXISTS, "got %lu\n", ret);
    ret = MgmTakeInterfaceOwnership(handles[PA], 1, 0);
    ok(ret == ERROR_ALREADY_EXISTS, "got %lu\n", ret);

    /* a point-to-multipoint link is a different interface */
    take(PB, 1, NH);

    id = component = 0xdead;
    ret = MgmGetProtocolOnInterface(1, 0, &id, &component);
    ok(!ret, "got %lu\n", ret);
    ok(id == proto_ids[PA], "got id %#lx\n", id);
    ok(component == 1, "got component %lu\n", component);
    ret = MgmGetProtocolOnInterface(1, NH, &id, &component);
    ok(!ret, "got %lu\n", ret);
    ok(id == proto_ids[PB], "got id %#lx\n", id);
    ret = MgmGetProtocolOnInterface(99, 0, &id, &component);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    if (is_wine)
    {
        ret = MgmGetProtocolOnInterface(1, 0, NULL, &component);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    }

    ret = MgmReleaseInterfaceOwnership(handles[PB], 1, 0);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    ret = MgmReleaseInterfaceOwnership(handles[PA], 99, 0);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);

    /* interfaces must be released first */
    ret = MgmDeRegisterMProtocol(handles[PA]);
    ok(ret == ERROR_CAN_NOT_COMPLETE, "got %lu\n", ret);

    release(PA, 1, 0);
    ret = MgmReleaseInterfaceOwnership(handles[PA], 1, 0);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    ret = MgmGetProtocolOnInterface(1, 0, &id, &component);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    release(PB, 1, NH);

    /* IGMP coexists with one routing protocol */
    reset_records();
    take(PI, 2, 0);
    ok(!record_count, "got %u callbacks\n", record_count);
    ret = MgmTakeInterfaceOwnership(handles[PI], 2, 0);
    ok(ret == ERROR_ALREADY_EXISTS, "got %lu\n", ret);
    ret = MgmGetProtocolOnInterface(2, 0, &id, &component);
    ok(!ret, "got %lu\n", ret);
    ok(id == PROTO_IGMP, "got id %#lx\n", id);

    take(PA, 2, 0);
    ok(record_count == 2, "got %u callbacks\n", record_count);
    ok(records[0].proto == PI && records[0].type == REC_DISABLE && records[0].index == 2,
       "got %u/%u/%lu\n", records[0].proto, records[0].type, records[0].index);
    ok(records[1].proto == PI && records[1].type == REC_ENABLE && records[1].index == 2,
       "got %u/%u/%lu\n", records[1].proto, records[1].type, records[1].index);
    ret = MgmGetProtocolOnInterface(2, 0, &id, &component);
    ok(!ret, "got %lu\n", ret);
    ok(id == proto_ids[PA], "got id %#lx\n", id);
    ret = MgmTakeInterfaceOwnership(handles[PB], 2, 0);
    ok(ret == ERROR_ALREADY_EXISTS, "got %lu\n", ret);

    reset_records();
    release(PA, 2, 0);
    ok(record_count == 2, "got %u callbacks\n", record_count);
    ok(records[0].type == REC_DISABLE, "got %u\n", records[0].type);
    ok(records[1].type == REC_ENABLE, "got %u\n", records[1].type);
    ret = MgmGetProtocolOnInterface(2, 0, &id, &component);
    ok(!ret, "got %lu\n", ret);
    ok(id == PROTO_IGMP, "got id %#lx\n", id);

    reset_records();
    release(PI, 2, 0);
    ok(!record_count, "got %u callbacks\n", record_count);

    deregister_all();
}

static void check_join(unsigned int proto, unsigned int expect, DWORD src, DWORD grp, BOOL update)
{
    const struct record *rec = find_record(proto, REC_JOIN);

    ok(count_records(proto, REC_JOIN) == expect, "protocol %u: got %u join alerts, expected %u\n",
       proto, count_records(proto, REC_JOIN), expect);
    if (!rec || !expect) return;
    ok(rec->src == src && rec->grp == grp, "protocol %u: got %#lx/%#lx\n", proto, rec->src, rec->grp);
    ok(rec->srcmask == (src ? ALL : 0), "got source mask %#lx\n", rec->srcmask);
    ok(rec->grpmask == (grp ? ALL : 0), "got group mask %#lx\n", rec->grpmask);
    ok(rec->flag == update, "protocol %u: got bMemberUpdate %d\n", proto, rec->flag);
}

static void check_prune(unsigned int proto, unsigned int expect, DWORD src, DWORD grp, BOOL del)
{
    const struct record *rec = find_record(proto, REC_PRUNE);

    ok(count_records(proto, REC_PRUNE) == expect, "protocol %u: got %u prune alerts, expected %u\n",
       proto, count_records(proto, REC_PRUNE), expect);
    if (!rec || !expect) return;
    ok(rec->src == src && rec->grp == grp, "protocol %u: got %#lx/%#lx\n", proto, rec->src, rec->grp);
    ok(rec->flag == del, "protocol %u: got bMemberDelete %d\n", proto, rec->flag);
}

static void test_wildcard_joins(void)
{
    DWORD ret;

    register_all();
    take(PA, 1, 0);
    take(PA, 4, 0);
    take(PB, 2, 0);
    take(PC, 3, 0);

    /* first client: everybody else is told */
    ret = add_member(PA, 0, G1, 1, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    check_join(PA, 0, 0, G1, TRUE);
    check_join(PB, 1, 0, G1, TRUE);
    check_join(PC, 1, 0, G1, TRUE);
    check_join(PI, 1, 0, G1, TRUE);

    /* second client: only the first one is told */
    reset_records();
    ret = add_member(PB, 0, G1, 2, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    check_join(PA, 1, 0, G1, TRUE);
    check_join(PB, 0, 0, 0, TRUE);
    check_join(PC, 0, 0, 0, TRUE);

    /* later clients and more interfaces of a client: nobody */
    reset_records();
    ret = add_member(PC, 0, G1, 3, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    ret = add_member(PA, 0, G1, 4, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    ret = add_member(PA, 0, G1, 4, 0, JOIN);
    ok(!ret, "adding twice: got %lu\n", ret);
    ok(!record_count, "got %u callbacks\n", record_count);

    /* memberships only go on interfaces the protocol owns */
    ret = add_member(PA, 0, G1, 2, 0, JOIN);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    ret = add_member(PA, 0, G1, 77, 0, JOIN);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    ret = del_member(PA, 0, G1, 2, 0, JOIN);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    ret = del_member(PA, 0, G1, 77, 0, JOIN);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    ret = del_member(PA, 0, G2, 1, 0, JOIN);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);

    /* ranges are not supported; neither are unknown flags */
    ret = MgmAddGroupMembershipEntry(handles[PA], 0, 0, IP(224, 0, 0, 0), IP(255, 0, 0, 0), 1, 0, JOIN);
    ok(ret == ERROR_INVALID_PARAMETER || broken(!ret), "got %lu\n", ret);
    ret = add_member(PA, 0, G1, 1, 0, 0x80);
    ok(ret == ERROR_INVALID_PARAMETER || broken(!ret), "got %lu\n", ret);
    ok(!record_count, "got %u callbacks\n", record_count);

    /* three clients -> two: nobody */
    reset_records();
    ret = del_member(PC, 0, G1, 3, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    ok(!record_count, "got %u callbacks\n", record_count);

    /* two -> one: the remaining client */
    ret = del_member(PB, 0, G1, 2, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    check_prune(PA, 1, 0, G1, TRUE);
    check_prune(PB, 0, 0, 0, TRUE);
    check_prune(PC, 0, 0, 0, TRUE);
    if (find_record(PA, REC_PRUNE))
        ok(find_record(PA, REC_PRUNE)->index == 2, "got interface %lu\n", find_record(PA, REC_PRUNE)->index);

    /* not the last interface of the client: nobody */
    reset_records();
    ret = del_member(PA, 0, G1, 4, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    ok(!record_count, "got %u callbacks\n", record_count);

    /* last one: everybody else */
    ret = del_member(PA, 0, G1, 1, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    check_prune(PA, 0, 0, 0, TRUE);
    check_prune(PB, 1, 0, G1, TRUE);
    check_prune(PC, 1, 0, G1, TRUE);
    check_prune(PI, 1, 0, G1, TRUE);

    ret = del_member(PA, 0, G1, 1, 0, JOIN);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);

    /* (*,*) follows the same rules */
    reset_records();
    ret = add_member(PB, 0, 0, 2, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    check_join(PA, 1, 0, 0, TRUE);
    check_join(PC, 1, 0, 0, TRUE);
    reset_records();
    ret = del_member(PB, 0, 0, 2, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    check_prune(PA, 1, 0, 0, TRUE);
    check_prune(PB, 0, 0, 0, TRUE);

    release(PA, 1, 0);
    release(PA, 4, 0);
    release(PB, 2, 0);
    release(PC, 3, 0);
    deregister_all();
}

static void test_source_joins(void)
{
    BYTE buffer[1024];
    MIB_IPMCAST_MFE *mfe = (MIB_IPMCAST_MFE *)buffer;
    const struct record *rec;
    DWORD ret, size;

    register_all();
    take(PA, 1, 0);
    take(PB, 2, 0);
    take(PC, 3, 0);
    ok(count_mfes() == 0, "MFEs left over\n");

    /* A owns the interface towards the sources */
    rpf_index[PA] = 1;
    rpf_upstream[PA] = IP(10, 0, 0, 254);

    ret = add_member(PB, S1, G1, 2, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    rec = find_record(PA, REC_RPF);
    ok(rec != NULL, "no RPF callback\n");
    if (rec) ok(rec->src == S1 && rec->grp == G1, "got %#lx/%#lx\n", rec->src, rec->grp);
    ok(!count_records(PI, REC_RPF), "RPF callback to IGMP\n");
    check_join(PA, 1, S1, G1, TRUE);
    check_join(PB, 0, 0, 0, TRUE);
    check_join(PC, 0, 0, 0, TRUE);
    rec = find_record(PB, REC_CREATION);
    ok(count_records(PB, REC_CREATION) == 1, "got %u creation alerts\n", count_records(PB, REC_CREATION));
    if (rec)
    {
        ok(rec->src == S1 && rec->grp == G1, "got %#lx/%#lx\n", rec->src, rec->grp);
        ok(rec->index == 1, "got incoming interface %lu\n", rec->index);
        ok(rec->count == 1, "got %lu interfaces\n", rec->count);
        ok(rec->ifs[0].dwIfIndex == 2, "got %lu\n", rec->ifs[0].dwIfIndex);
        ok(!rec->ifs[0].bIGMP, "got bIGMP %d\n", rec->ifs[0].bIGMP);
        ok(rec->ifs[0].bIsEnabled, "got bIsEnabled %d\n", rec->ifs[0].bIsEnabled);
    }
    ok(!count_records(PA, REC_CREATION), "creation alert to the upstream protocol\n");

    /* the MFE */
    size = 0;
    ret = get_mfe(S1, G1, buffer, 0);
    ok(ret == ERROR_INSUFFICIENT_BUFFER, "got %lu\n", ret);
    {
        MIB_IPMCAST_MFE key;

        memset(&key, 0, sizeof(key));
        key.dwSource = S1;
        key.dwGroup = G1;
        ret = MgmGetMfe(&key, &size, buffer);
        ok(ret == ERROR_INSUFFICIENT_BUFFER, "got %lu\n", ret);
        ok(size == SIZEOF_MIB_MFE(1), "got size %lu\n", size);
        ret = MgmGetMfe(&key, &size, buffer);
        ok(!ret, "got %lu\n", ret);
        ok(size == SIZEOF_MIB_MFE(1), "size changed to %lu\n", size);
    }
    ok(mfe->dwSource == S1 && mfe->dwGroup == G1, "got %#lx/%#lx\n", mfe->dwSource, mfe->dwGroup);
    ok(mfe->dwInIfIndex == 1, "got incoming interface %lu\n", mfe->dwInIfIndex);
    ok(mfe->dwInIfProtocol == proto_ids[PA], "got protocol %#lx\n", mfe->dwInIfProtocol);
    ok(mfe->dwUpStrmNgbr == IP(10, 0, 0, 254), "got upstream %#lx\n", mfe->dwUpStrmNgbr);
    ok(mfe->ulNumOutIf == 1, "got %lu outgoing interfaces\n", mfe->ulNumOutIf);
    ok(mfe->rgmioOutInfo[0].dwOutIfIndex == 2, "got %lu\n", mfe->rgmioOutInfo[0].dwOutIfIndex);
    ret = get_mfe(S2, G1, buffer, sizeof(buffer));
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);

    /* (*,G) members forward (S,G) traffic too */
    reset_records();
    ret = add_member(PC, 0, G1, 3, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    check_join(PA, 1, 0, G1, TRUE);
    check_join(PB, 1, 0, G1, TRUE);
    ret = get_mfe(S1, G1, buffer, sizeof(buffer));
    ok(!ret, "got %lu\n", ret);
    ok(mfe->ulNumOutIf == 2, "got %lu outgoing interfaces\n", mfe->ulNumOutIf);
    ok(mfe->rgmioOutInfo[1].dwOutIfIndex == 3, "got %lu\n", mfe->rgmioOutInfo[1].dwOutIfIndex);

    /* a member on the incoming interface is not an outgoing interface */
    reset_records();
    ret = add_member(PA, S1, G1, 1, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    ok(!count_records(PA, REC_RPF), "RPF for an existing MFE\n");
    ret = get_mfe(S1, G1, buffer, sizeof(buffer));
    ok(!ret, "got %lu\n", ret);
    ok(mfe->ulNumOutIf == 2, "got %lu outgoing interfaces\n", mfe->ulNumOutIf);
    ret = del_member(PA, S1, G1, 1, 0, JOIN);
    ok(!ret, "got %lu\n", ret);

    /* forward state edits the outgoing list without touching memberships */
    ret = del_member(PB, S1, G1, 2, 0, FORWARD);
    ok(!ret, "got %lu\n", ret);
    ret = get_mfe(S1, G1, buffer, sizeof(buffer));
    ok(!ret, "got %lu\n", ret);
    ok(mfe->ulNumOutIf == 1, "got %lu outgoing interfaces\n", mfe->ulNumOutIf);
    ok(mfe->rgmioOutInfo[0].dwOutIfIndex == 3, "got %lu\n", mfe->rgmioOutInfo[0].dwOutIfIndex);
    ret = add_member(PB, S1, G1, 2, 0, FORWARD);
    ok(!ret, "got %lu\n", ret);
    ret = get_mfe(S1, G1, buffer, sizeof(buffer));
    ok(!ret, "got %lu\n", ret);
    ok(mfe->ulNumOutIf == 2, "got %lu outgoing interfaces\n", mfe->ulNumOutIf);

    /* a protocol can refuse to forward on its interfaces */
    reset_records();
    creation_disable[PC] = TRUE;
    ret = add_member(PB, S3, G1, 2, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    rec = find_record(PC, REC_CREATION);
    ok(rec != NULL, "no creation alert\n");
    if (rec) ok(rec->count == 1 && rec->ifs[0].dwIfIndex == 3, "got %lu/%lu\n", rec->count, rec->ifs[0].dwIfIndex);
    ok(count_records(PB, REC_CREATION) == 1, "got %u creation alerts\n", count_records(PB, REC_CREATION));
    ret = get_mfe(S3, G1, buffer, sizeof(buffer));
    ok(!ret, "got %lu\n", ret);
    ok(mfe->ulNumOutIf == 1, "got %lu outgoing interfaces\n", mfe->ulNumOutIf);
    ok(mfe->rgmioOutInfo[0].dwOutIfIndex == 2, "got %lu\n", mfe->rgmioOutInfo[0].dwOutIfIndex);
    creation_disable[PC] = FALSE;

    /* an outgoing list that empties or fills up is reported to the upstream protocol */
    ret = add_member(PB, S2, G2, 2, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    reset_records();
    prune_timeout[PA] = 120;
    ret = del_member(PB, S2, G2, 2, 0, FORWARD);
    ok(!ret, "got %lu\n", ret);
    check_prune(PA, 1, S2, G2, FALSE);
    rec = find_record(PA, REC_PRUNE);
    if (rec) ok(rec->count == 900, "got default timeout %lu\n", rec->count);
    ret = get_mfe(S2, G2, buffer, sizeof(buffer));
    ok(!ret, "got %lu\n", ret);
    ok(!mfe->ulNumOutIf, "got %lu outgoing interfaces\n", mfe->ulNumOutIf);
    ok(mfe->ulTimeOut == 120, "got timeout %lu\n", mfe->ulTimeOut);
    reset_records();
    ret = add_member(PB, S2, G2, 2, 0, FORWARD);
    ok(!ret, "got %lu\n", ret);
    check_join(PA, 1, S2, G2, FALSE);

    /* last (S,G) member: the upstream protocol is told and the MFE goes away */
    reset_records();
    ret = del_member(PB, S1, G1, 2, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    check_prune(PA, 1, S1, G1, TRUE);
    check_prune(PC, 0, 0, 0, TRUE);
    ret = get_mfe(S1, G1, buffer, sizeof(buffer));
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);
    ret = del_member(PB, S1, G1, 2, 0, JOIN);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);

    ok(count_mfes() == 2, "got %u MFEs\n", count_mfes());

    /* releasing the upstream interface deletes its MFEs */
    release(PA, 1, 0);
    ok(count_mfes() == 0, "got %u MFEs\n", count_mfes());

    ret = del_member(PB, S2, G2, 2, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    ret = del_member(PB, S3, G1, 2, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    ret = del_member(PC, 0, G1, 3, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    release(PB, 2, 0);
    release(PC, 3, 0);
    deregister_all();
}

/* every protocol registered; A owns interface 1, towards the sources, B
 * interface 2 and owner3 interface 3 */
static void setup_upstream_a(unsigned int owner3)
{
    register_all();
    take(PA, 1, 0);
    take(PB, 2, 0);
    take(owner3, 3, 0);
    rpf_index[PA] = 1;
}

/* What a callback answers is applied to what it was asked about only: an
 * interface that C disables in its creation alert, and hands over to B in the
 * same callback, is B's now, and B's joins on it forward. */
static void test_callback_handover(void)
{
    BYTE buffer[1024];
    MIB_IPMCAST_MFE *mfe = (MIB_IPMCAST_MFE *)buffer;
    DWORD ret, id, component;

    setup_upstream_a(PC);
    ret = add_member(PC, 0, G1, 3, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    creation_handover = TRUE;
    ret = add_member(PB, S3, G1, 2, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    ok(!creation_handover, "no creation alert to C\n");
    ret = MgmGetProtocolOnInterface(3, 0, &id, &component);
    ok(!ret && id == proto_ids[PB], "interface 3: got %lu, protocol %lu\n", ret, id);
    ret = add_member(PB, S3, G1, 3, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    ret = get_mfe(S3, G1, buffer, sizeof(buffer));
    ok(!ret, "got %lu\n", ret);
    ok(mfe->ulNumOutIf == 2, "got %lu outgoing interfaces\n", mfe->ulNumOutIf);

    del_member(PB, S3, G1, 3, 0, JOIN);
    del_member(PB, S3, G1, 2, 0, JOIN);
    release(PA, 1, 0);
    release(PB, 2, 0);
    release(PB, 3, 0);
    deregister_all();
}

static void test_mfe_enum(void)
{
    BYTE buffer[1024];
    MIB_IPMCAST_MFE *mfe = (MIB_IPMCAST_MFE *)buffer;
    MIB_IPMCAST_MFE_STATS *stats = (MIB_IPMCAST_MFE_STATS *)buffer;
    MIB_IPMCAST_MFE_STATS_EX *stats_ex = (MIB_IPMCAST_MFE_STATS_EX *)buffer;
    MIB_IPMCAST_MFE start;
    DWORD ret, size, count;

    setup_upstream_a(PB);

    size = sizeof(buffer);
    count = 0xdead;
    ret = MgmGetFirstMfe(&size, buffer, &count);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    ok(!count, "got %lu entries\n", count);

    /* G2 sorts after G1 */
    ok(!add_member(PB, S1, G2, 2, 0, JOIN), "add failed\n");
    ok(!add_member(PB, S1, G1, 2, 0, JOIN), "add failed\n");
    ok(!add_member(PB, S1, G1, 3, 0, JOIN), "add failed\n");

    size = SIZEOF_MIB_MFE(2) - 1;
    count = 0xdead;
    ret = MgmGetFirstMfe(&size, buffer, &count);
    ok(ret == ERROR_INSUFFICIENT_BUFFER, "got %lu\n", ret);
    ok(size == SIZEOF_MIB_MFE(2), "got size %lu\n", size);
    ok(!count, "got %lu entries\n", count);

    ret = MgmGetFirstMfe(&size, buffer, &count);
    ok(ret == ERROR_MORE_DATA || broken(!ret), "got %lu\n", ret);
    ok(count == 1, "got %lu entries\n", count);
    ok(mfe->dwGroup == G1 && mfe->dwSource == S1, "got %#lx/%#lx\n", mfe->dwGroup, mfe->dwSource);
    ok(mfe->ulNumOutIf == 2, "got %lu\n", mfe->ulNumOutIf);

    start = *mfe;
    size = 0;
    ret = MgmGetNextMfe(&start, &size, buffer, &count);
    ok(ret == ERROR_INSUFFICIENT_BUFFER, "got %lu\n", ret);
    ok(size == SIZEOF_MIB_MFE(1), "got size %lu\n", size);
    size = sizeof(buffer);
    ret = MgmGetNextMfe(&start, &size, buffer, &count);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    ok(count == 1, "got %lu entries\n", count);
    ok(mfe->dwGroup == G2 && mfe->dwSource == S1, "got %#lx/%#lx\n", mfe->dwGroup, mfe->dwSource);
    ok(size == sizeof(buffer), "size changed to %lu\n", size);

    start = *mfe;
    ret = MgmGetNextMfe(&start, &size, buffer, &count);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    ok(!count, "got %lu entries\n", count);

    /* both at once, packed one after the other */
    size = sizeof(buffer);
    ret = MgmGetFirstMfe(&size, buffer, &count);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    ok(count == 2, "got %lu entries\n", count);
    mfe = (MIB_IPMCAST_MFE *)(buffer + SIZEOF_MIB_MFE(2));
    ok(mfe->dwGroup == G2, "got %#lx\n", mfe->dwGroup);
    mfe = (MIB_IPMCAST_MFE *)buffer;

    /* statistics */
    size = 0;
    ret = MgmGetFirstMfeStats(&size, buffer, &count, MGM_MFE_STATS_0);
    ok(ret == ERROR_INSUFFICIENT_BUFFER, "got %lu\n", ret);
    ok(size == SIZEOF_MIB_MFE_STATS(2), "got size %lu\n", size);
    ret = MgmGetFirstMfeStats(&size, buffer, &count, MGM_MFE_STATS_0);
    ok(ret == ERROR_MORE_DATA || broken(!ret), "got %lu\n", ret);
    ok(count == 1, "got %lu\n", count);
    ok(stats->dwGroup == G1 && stats->ulNumOutIf == 2, "got %#lx/%lu\n", stats->dwGroup, stats->ulNumOutIf);
    ok(stats->rgmiosOutStats[0].dwOutIfIndex == 2, "got %lu\n", stats->rgmiosOutStats[0].dwOutIfIndex);
    ok(stats->dwInIfIndex == 1, "got %lu\n", stats->dwInIfIndex);

    size = 0;
    ret = MgmGetFirstMfeStats(&size, buffer, &count, MGM_MFE_STATS_1);
    ok(ret == ERROR_INSUFFICIENT_BUFFER, "got %lu\n", ret);
    ok(size == SIZEOF_MIB_MFE_STATS_EX(2), "got size %lu\n", size);
    size = sizeof(buffer);
    ret = MgmGetFirstMfeStats(&size, buffer, &count, MGM_MFE_STATS_1);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    ok(count == 2, "got %lu\n", count);
    ok(stats_ex->ulNumOutIf == 2 && stats_ex->rgmiosOutStats[1].dwOutIfIndex == 3,
       "got %lu/%lu\n", stats_ex->ulNumOutIf, stats_ex->rgmiosOutStats[1].dwOutIfIndex);

    memset(&start, 0, sizeof(start));
    start.dwGroup = G1;
    start.dwSource = S1;
    size = sizeof(buffer);
    ret = MgmGetNextMfeStats(&start, &size, buffer, &count, MGM_MFE_STATS_0);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    ok(count == 1 && stats->dwGroup == G2, "got %lu/%#lx\n", count, stats->dwGroup);

    size = 0;
    ret = MgmGetMfeStats(&start, &size, buffer, MGM_MFE_STATS_1);
    ok(ret == ERROR_INSUFFICIENT_BUFFER, "got %lu\n", ret);
    ok(size == SIZEOF_MIB_MFE_STATS_EX(2), "got size %lu\n", size);
    ret = MgmGetMfeStats(&start, &size, buffer, MGM_MFE_STATS_1);
    ok(!ret, "got %lu\n", ret);
    ok(stats_ex->dwGroup == G1 && !stats_ex->ulInPkts, "got %#lx/%lu\n", stats_ex->dwGroup, stats_ex->ulInPkts);
    start.dwGroup = G2;
    start.dwSource = S2;
    ret = MgmGetMfeStats(&start, &size, buffer, MGM_MFE_STATS_0);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);

    size = sizeof(buffer);
    ret = MgmGetFirstMfeStats(&size, buffer, &count, 0x10);
    ok(ret == ERROR_INVALID_PARAMETER || broken(ret == ERROR_NO_MORE_ITEMS), "got %lu\n", ret);

    /* ordered by group first, then by source within a group (the pages'
     * descriptions): (S2,G1) comes before (S1,G2) */
    ok(!add_member(PB, S2, G1, 2, 0, JOIN), "add failed\n");
    size = sizeof(buffer);
    ret = MgmGetFirstMfe(&size, buffer, &count);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    ok(count == 3, "got %lu entries\n", count);
    ok(mfe->dwGroup == G1 && mfe->dwSource == S1, "got %#lx/%#lx\n", mfe->dwGroup, mfe->dwSource);
    mfe = (MIB_IPMCAST_MFE *)(buffer + SIZEOF_MIB_MFE(2));
    ok(mfe->dwGroup == G1 && mfe->dwSource == S2, "got %#lx/%#lx\n", mfe->dwGroup, mfe->dwSource);
    mfe = (MIB_IPMCAST_MFE *)(buffer + SIZEOF_MIB_MFE(2) + SIZEOF_MIB_MFE(1));
    ok(mfe->dwGroup == G2 && mfe->dwSource == S1, "got %#lx/%#lx\n", mfe->dwGroup, mfe->dwSource);
    /* and MgmGetNextMfe goes on after the MFE named, within its group first */
    memset(&start, 0, sizeof(start));
    start.dwGroup = G1;
    start.dwSource = S1;
    size = SIZEOF_MIB_MFE(1);
    ret = MgmGetNextMfe(&start, &size, buffer, &count);
    ok(ret == ERROR_MORE_DATA || broken(!ret), "got %lu\n", ret);
    mfe = (MIB_IPMCAST_MFE *)buffer;
    ok(count == 1 && mfe->dwGroup == G1 && mfe->dwSource == S2, "got %lu %#lx/%#lx\n", count, mfe->dwGroup,
       mfe->dwSource);
    ok(size == SIZEOF_MIB_MFE(1), "size changed to %lu\n", size);
    ok(!del_member(PB, S2, G1, 2, 0, JOIN), "delete failed\n");

    release(PA, 1, 0);
    ok(!del_member(PB, S1, G2, 2, 0, JOIN), "delete failed\n");
    ok(!del_member(PB, S1, G1, 2, 0, JOIN), "delete failed\n");
    ok(!del_member(PB, S1, G1, 3, 0, JOIN), "delete failed\n");
    release(PB, 2, 0);
    release(PB, 3, 0);
    deregister_all();
}

static void test_igmp(void)
{
    const struct record *rec;
    DWORD ret;

    register_all();
    take(PI, 6, 0);
    take(PA, 6, 0);
    take(PI, 7, 0);
    take(PB, 2, 0);

    /* IGMP on an interface owned by A: A hears a local join */
    reset_records();
    ret = add_member(PI, 0, G2, 6, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    rec = find_record(PA, REC_LOCAL_JOIN);
    ok(count_records(PA, REC_LOCAL_JOIN) == 1, "got %u local joins\n", count_records(PA, REC_LOCAL_JOIN));
    if (rec)
        ok(rec->grp == G2 && !rec->src && rec->index == 6 && !rec->nexthop,
           "got %#lx/%#lx %lu/%#lx\n", rec->src, rec->grp, rec->index, rec->nexthop);
    /* the membership counts for A */
    check_join(PA, 0, 0, 0, TRUE);
    check_join(PB, 1, 0, G2, TRUE);
    check_join(PC, 1, 0, G2, TRUE);
    check_join(PI, 1, 0, G2, TRUE);

    /* IGMP alone on an interface is a client of its own */
    reset_records();
    ret = add_member(PI, 0, G2, 7, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    ok(!count_records(PA, REC_LOCAL_JOIN), "local join to A\n");
    check_join(PA, 1, 0, G2, TRUE);
    check_join(PB, 0, 0, 0, TRUE);

    reset_records();
    ret = del_member(PI, 0, G2, 7, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    check_prune(PA, 1, 0, G2, TRUE);

    reset_records();
    ret = del_member(PI, 0, G2, 6, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    rec = find_record(PA, REC_LOCAL_LEAVE);
    ok(count_records(PA, REC_LOCAL_LEAVE) == 1, "got %u local leaves\n", count_records(PA, REC_LOCAL_LEAVE));
    if (rec) ok(rec->grp == G2 && rec->index == 6, "got %#lx %lu\n", rec->grp, rec->index);
    check_prune(PB, 1, 0, G2, TRUE);
    check_prune(PA, 0, 0, 0, TRUE);

    /* both IGMP and the owner may join on the same interface */
    ret = add_member(PI, 0, G1, 6, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    ret = add_member(PA, 0, G1, 6, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    reset_records();
    ret = del_member(PA, 0, G1, 6, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    ok(!record_count, "got %u callbacks\n", record_count);
    ret = del_member(PA, 0, G1, 6, 0, JOIN);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);

    /* a change of owner drops IGMP's memberships, IGMP adds them back when enabled */
    reset_records();
    release(PA, 6, 0);
    ok(count_records(PI, REC_DISABLE) == 1, "got %u\n", count_records(PI, REC_DISABLE));
    ok(count_records(PI, REC_ENABLE) == 1, "got %u\n", count_records(PI, REC_ENABLE));
    ret = del_member(PI, 0, G1, 6, 0, JOIN);
    ok(ret == ERROR_NOT_FOUND, "got %lu\n", ret);

    release(PI, 6, 0);
    release(PI, 7, 0);
    release(PB, 2, 0);
    deregister_all();
}

static void test_group_enum(void)
{
    SOURCE_GROUP_ENTRY entries[8];
    HANDLE enum_handle, enum2;
    DWORD ret, size, count, total;

    register_all();
    take(PA, 1, 0);
    take(PB, 2, 0);
    ok(!add_member(PA, 0, G1, 1, 0, JOIN), "add failed\n");
    ok(!add_member(PA, S1, G1, 1, 0, JOIN), "add failed\n");
    ok(!add_member(PB, 0, G2, 2, 0, JOIN), "add failed\n");

    ret = MgmGroupEnumerationStart(handles[PA], ALL_SOURCES, NULL);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    if (is_wine)
    {
        ret = MgmGroupEnumerationStart(handles[PA], 7, &enum_handle);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    }

    ret = MgmGroupEnumerationStart(handles[PA], ALL_SOURCES, &enum_handle);
    ok(!ret, "got %lu\n", ret);

    size = sizeof(SOURCE_GROUP_ENTRY) - 1;
    count = 0xdead;
    ret = MgmGroupEnumerationGetNext(enum_handle, &size, (BYTE *)entries, &count);
    ok(ret == ERROR_INSUFFICIENT_BUFFER, "got %lu\n", ret);
    ok(size == sizeof(SOURCE_GROUP_ENTRY), "got size %lu\n", size);

    total = 0;
    for (;;)
    {
        ret = MgmGroupEnumerationGetNext(enum_handle, &size, (BYTE *)&entries[total], &count);
        ok(ret == ERROR_MORE_DATA || ret == ERROR_NO_MORE_ITEMS || broken(!ret), "got %lu\n", ret);
        ok(count <= 1, "got %lu entries\n", count);
        total += count;
        if (ret != ERROR_MORE_DATA && ret != NO_ERROR) break;
        if (total >= ARRAY_SIZE(entries)) break;
    }
    ok(total == 3, "got %lu entries\n", total);
    ok(entries[0].dwGroupAddr == G1 && !entries[0].dwSourceAddr, "got %#lx/%#lx\n",
       entries[0].dwSourceAddr, entries[0].dwGroupAddr);
    ok(entries[1].dwGroupAddr == G1 && entries[1].dwSourceAddr == S1 && entries[1].dwSourceMask == ALL,
       "got %#lx/%#lx\n", entries[1].dwSourceAddr, entries[1].dwGroupAddr);
    ok(entries[2].dwGroupAddr == G2 && entries[2].dwGroupMask == ALL, "got %#lx\n", entries[2].dwGroupAddr);

    ret = MgmGroupEnumerationGetNext(enum_handle, &size, (BYTE *)entries, &count);
    ok(ret == ERROR_NO_MORE_ITEMS, "got %lu\n", ret);
    ok(!count, "got %lu entries\n", count);
    ret = MgmGroupEnumerationEnd(enum_handle);
    ok(!ret, "got %lu\n", ret);

    /* one entry per group */
    ret = MgmGroupEnumerationStart(handles[PB], ANY_SOURCE, &enum_handle);
    ok(!ret, "got %lu\n", ret);
    size = sizeof(entries);
    ret = MgmGroupEnumerationGetNext(enum_handle, &size, (BYTE *)entries, &count);
    ok(ret == ERROR_NO_MORE_ITEMS || broken(!ret), "got %lu\n", ret);
    ok(count == 2, "got %lu entries\n", count);
    ok(entries[0].dwGroupAddr == G1 && entries[1].dwGroupAddr == G2, "got %#lx %#lx\n",
       entries[0].dwGroupAddr, entries[1].dwGroupAddr);
    ret = MgmGroupEnumerationEnd(enum_handle);
    ok(!ret, "got %lu\n", ret);

    if (is_wine)
    {
        ret = MgmGroupEnumerationEnd(enum_handle);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        ret = MgmGroupEnumerationGetNext(enum_handle, &size, (BYTE *)entries, &count);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
        /* a protocol handle is not an enumeration handle */
        ret = MgmGroupEnumerationEnd(handles[PA]);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    }

    /* an enumeration left open is closed with its protocol */
    ret = MgmGroupEnumerationStart(handles[PC], ALL_SOURCES, &enum2);
    ok(!ret, "got %lu\n", ret);
    ret = MgmDeRegisterMProtocol(handles[PC]);
    ok(!ret, "got %lu\n", ret);
    if (is_wine)
    {
        ret = MgmGroupEnumerationEnd(enum2);
        ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    }
    ret = MgmRegisterMProtocol(&configs[PC], proto_ids[PC], 1, &handles[PC]);
    ok(!ret, "got %lu\n", ret);

    ok(!del_member(PA, 0, G1, 1, 0, JOIN), "delete failed\n");
    ok(!del_member(PA, S1, G1, 1, 0, JOIN), "delete failed\n");
    ok(!del_member(PB, 0, G2, 2, 0, JOIN), "delete failed\n");
    release(PA, 1, 0);
    release(PB, 2, 0);
    deregister_all();
}

static void test_reentrancy(void)
{
    DWORD ret;

    register_all();
    take(PA, 1, 0);
    join_reenter[PB] = TRUE;
    reenter_ret = 0xdead;
    ret = add_member(PA, 0, G1, 1, 0, JOIN);
    ok(!ret, "got %lu\n", ret);
    ok(reenter_ret == NO_ERROR, "call from the callback returned %lu\n", reenter_ret);
    ok(!del_member(PA, 0, G1, 1, 0, JOIN), "delete failed\n");
    release(PA, 1, 0);
    deregister_all();
}

#define THREAD_COUNT 4

static DWORD WINAPI thread_proc(void *arg)
{
    unsigned int n = (ULONG_PTR)arg, i;
    ROUTING_PROTOCOL_CONFIG config;
    BYTE buffer[512];
    DWORD ret, size, count;
    HANDLE handle;

    memset(&config, 0, sizeof(config));
    ret = MgmRegisterMProtocol(&config, 0x30000 + n, 1, &handle);
    ok(!ret, "thread %u: got %lu\n", n, ret);
    ret = MgmTakeInterfaceOwnership(handle, 100 + n, 0);
    ok(!ret, "thread %u: got %lu\n", n, ret);
    for (i = 0; i < 200; i++)
    {
        DWORD group = IP(225, n, i & 7, 1);

        ret = MgmAddGroupMembershipEntry(handle, 0, 0, group, ALL, 100 + n, 0, JOIN);
        ok(!ret, "thread %u: add returned %lu\n", n, ret);
        ret = MgmAddGroupMembershipEntry(handle, S1, ALL, group, ALL, 100 + n, 0, JOIN);
        ok(!ret, "thread %u: add returned %lu\n", n, ret);
        size = sizeof(buffer);
        ret = MgmGetFirstMfe(&size, buffer, &count);
        ok(ret == ERROR_NO_MORE_ITEMS || ret == ERROR_MORE_DATA, "thread %u: got %lu\n", n, ret);
        ret = MgmDeleteGroupMembershipEntry(handle, S1, ALL, group, ALL, 100 + n, 0, JOIN);
        ok(!ret, "thread %u: delete returned %lu\n", n, ret);
        ret = MgmDeleteGroupMembershipEntry(handle, 0, 0, group, ALL, 100 + n, 0, JOIN);
        ok(!ret, "thread %u: delete returned %lu\n", n, ret);
    }
    ret = MgmReleaseInterfaceOwnership(handle, 100 + n, 0);
    ok(!ret, "thread %u: got %lu\n", n, ret);
    ret = MgmDeRegisterMProtocol(handle);
    ok(!ret, "thread %u: got %lu\n", n, ret);
    return 0;
}

static void test_threads(void)
{
    HANDLE threads[THREAD_COUNT];
    unsigned int i;

    for (i = 0; i < THREAD_COUNT; i++)
        threads[i] = CreateThread(NULL, 0, thread_proc, (void *)(ULONG_PTR)i, 0, NULL);
    WaitForMultipleObjects(THREAD_COUNT, threads, TRUE, INFINITE);
    for (i = 0; i < THREAD_COUNT; i++) CloseHandle(threads[i]);
    ok(count_mfes() == 0, "MFEs left over\n");
}

/* MgmInitialize and MgmDeInitialize are undocumented; their signatures are
 * our choice, so only call them on our implementation. */
static void test_init(void)
{
    HANDLE handle;
    DWORD ret;

    if (!is_wine)
    {
        skip("MgmInitialize/MgmDeInitialize have no documented signature\n");
        return;
    }
    ret = MgmInitialize(NULL, NULL);
    ok(!ret, "got %lu\n", ret);
    ret = MgmRegisterMProtocol(&configs[PA], proto_ids[PA], 1, &handle);
    ok(!ret, "got %lu\n", ret);
    ret = MgmDeInitialize();
    ok(ret == ERROR_CAN_NOT_COMPLETE, "got %lu\n", ret);
    ret = MgmDeRegisterMProtocol(handle);
    ok(!ret, "got %lu\n", ret);
    ret = MgmDeInitialize();
    ok(!ret, "got %lu\n", ret);
    /* the old handle stays invalid after the tables were freed */
    ret = MgmDeRegisterMProtocol(handle);
    ok(ret == ERROR_INVALID_PARAMETER, "got %lu\n", ret);
    /* and the MGM works again without an explicit initialisation */
    ret = MgmRegisterMProtocol(&configs[PA], proto_ids[PA], 1, &handle);
    ok(!ret, "got %lu\n", ret);
    ret = MgmDeRegisterMProtocol(handle);
    ok(!ret, "got %lu\n", ret);
}

START_TEST(mgm)
{
    is_wine = !strcmp(winetest_platform, "wine");
    InitializeCriticalSection(&rec_cs);

    test_registration();
    test_interfaces();
    test_wildcard_joins();
    test_source_joins();
    test_callback_handover();
    test_mfe_enum();
    test_igmp();
    test_group_enum();
    test_reentrancy();
    test_threads();
    test_init();

    DeleteCriticalSection(&rec_cs);
}
