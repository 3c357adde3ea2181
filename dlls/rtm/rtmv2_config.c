/*
 * RTMv2 instances and configuration
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "winreg.h"
#include "rtm.h"
#include "rtmv2.h"
#include "wine/debug.h"

#include "rtmv2_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(rtm);

/*
 * One instance (0) exists, with the families of v2_families[].  The
 * configuration lives in the registry where the rest of the router's does:
 *
 *   HKLM\System\CurrentControlSet\Services\RemoteAccess\Parameters\RoutingTableManager\
 *       Instance<id>                  REG_DWORD Flags
 *       Instance<id>\AddressFamily<af> REG_DWORD AddressSize, ViewsSupported,
 *                                     MaxOpaqueInfoPtrs, MaxNextHopsInRoute, MaxHandlesInEnum,
 *                                     MaxChangedDests, MaxChangeNotifyRegns
 *
 * Missing values take the defaults (the V2_MAX_* limits); a family reads its
 * configuration once, when the process first uses it, so what is written
 * applies from the next start of the router.  Limits can only be lowered:
 * the defaults are also the most this implementation supports.
 */

#define V2_CONFIG_KEY L"System\\CurrentControlSet\\Services\\RemoteAccess\\Parameters\\RoutingTableManager"

struct config_value
{
    const WCHAR *name;
    size_t       offset;
};

static const struct config_value config_values[] =
{
    { L"AddressSize",          offsetof(RTM_ADDRESS_FAMILY_CONFIG, AddressSize) },
    { L"ViewsSupported",       offsetof(RTM_ADDRESS_FAMILY_CONFIG, ViewsSupported) },
    { L"MaxOpaqueInfoPtrs",    offsetof(RTM_ADDRESS_FAMILY_CONFIG, MaxOpaqueInfoPtrs) },
    { L"MaxNextHopsInRoute",   offsetof(RTM_ADDRESS_FAMILY_CONFIG, MaxNextHopsInRoute) },
    { L"MaxHandlesInEnum",     offsetof(RTM_ADDRESS_FAMILY_CONFIG, MaxHandlesInEnum) },
    { L"MaxChangedDests",      offsetof(RTM_ADDRESS_FAMILY_CONFIG, MaxChangedDests) },
    { L"MaxChangeNotifyRegns", offsetof(RTM_ADDRESS_FAMILY_CONFIG, MaxChangeNotifyRegns) },
};

static void default_family_config(const struct v2_family *family, RTM_ADDRESS_FAMILY_CONFIG *cfg)
{
    cfg->AddressSize = family->addr_bytes;
    cfg->ViewsSupported = V2_VIEWS_SUPPORTED;
    cfg->MaxOpaqueInfoPtrs = V2_MAX_OPAQUE;
    cfg->MaxNextHopsInRoute = V2_MAX_NEXTHOPS;
    cfg->MaxHandlesInEnum = V2_MAX_HANDLES;
    cfg->MaxChangedDests = V2_MAX_HANDLES;
    cfg->MaxChangeNotifyRegns = V2_MAX_NOTIFY;
}

/* whether a configuration is one this implementation can run with */
static BOOL family_config_valid(const struct v2_family *family, const RTM_ADDRESS_FAMILY_CONFIG *cfg)
{
    RTM_ADDRESS_FAMILY_CONFIG max;

    default_family_config(family, &max);
    return cfg->AddressSize == max.AddressSize && cfg->ViewsSupported == max.ViewsSupported &&
           cfg->MaxOpaqueInfoPtrs <= max.MaxOpaqueInfoPtrs &&
           cfg->MaxNextHopsInRoute && cfg->MaxNextHopsInRoute <= max.MaxNextHopsInRoute &&
           cfg->MaxHandlesInEnum && cfg->MaxHandlesInEnum <= max.MaxHandlesInEnum &&
           cfg->MaxChangedDests && cfg->MaxChangedDests <= max.MaxChangedDests &&
           cfg->MaxChangeNotifyRegns && cfg->MaxChangeNotifyRegns <= max.MaxChangeNotifyRegns;
}

/* opens (or creates) the key of an instance, or of one of its families (af != 0) */
static LSTATUS open_config_key(USHORT instance, USHORT af, BOOL create, HKEY *key)
{
    WCHAR path[ARRAY_SIZE(V2_CONFIG_KEY) + 40];

    if (af) swprintf(path, ARRAY_SIZE(path), V2_CONFIG_KEY L"\\Instance%u\\AddressFamily%u", instance, af);
    else swprintf(path, ARRAY_SIZE(path), V2_CONFIG_KEY L"\\Instance%u", instance);
    if (create) return RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE, NULL, key, NULL);
    return RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, key);
}

static void read_dword(HKEY key, const WCHAR *name, DWORD *value)
{
    DWORD data, size = sizeof(data), type;

    if (!RegQueryValueExW(key, name, NULL, &type, (BYTE *)&data, &size) && type == REG_DWORD) *value = data;
}

/* the defaults with what the registry sets; a configuration that is not
 * valid as a whole is ignored */
void v2_read_family_config(const struct v2_family *family, RTM_ADDRESS_FAMILY_CONFIG *cfg)
{
    RTM_ADDRESS_FAMILY_CONFIG stored;
    unsigned int i;
    HKEY key;

    default_family_config(family, cfg);
    if (open_config_key(0, family->af, FALSE, &key)) return;
    stored = *cfg;
    for (i = 0; i < ARRAY_SIZE(config_values); i++)
        read_dword(key, config_values[i].name, (DWORD *)((BYTE *)&stored + config_values[i].offset));
    RegCloseKey(key);
    if (family_config_valid(family, &stored)) *cfg = stored;
    else WARN("ignoring the invalid configuration of family %u\n", family->af);
}

/* the family of instance 0, set up; NULL if there is none */
static struct v2_family *get_family(USHORT instance, USHORT af)
{
    struct v2_family *family;

    if (!(family = v2_find_family(instance, af))) return NULL;
    if (!InitOnceExecuteOnce(&family->once, v2_init_family, family, NULL)) return NULL;
    return family;
}

/**********************************************************************
 *      RtmReadInstanceConfig (RTM.@)
 */
DWORD WINAPI RtmReadInstanceConfig(USHORT RtmInstanceId, PRTM_INSTANCE_CONFIG InstanceConfig)
{
    HKEY key;

    TRACE("(%u, %p)\n", RtmInstanceId, InstanceConfig);

    if (!InstanceConfig) return ERROR_INVALID_PARAMETER;
    if (RtmInstanceId) return ERROR_NOT_FOUND;
    InstanceConfig->Flags = 0;
    if (open_config_key(RtmInstanceId, 0, FALSE, &key)) return NO_ERROR;
    read_dword(key, L"Flags", &InstanceConfig->Flags);
    RegCloseKey(key);
    return NO_ERROR;
}

/**********************************************************************
 *      RtmWriteInstanceConfig (RTM.@)
 */
DWORD WINAPI RtmWriteInstanceConfig(USHORT RtmInstanceId, PRTM_INSTANCE_CONFIG InstanceConfig)
{
    LSTATUS status;
    HKEY key;

    TRACE("(%u, %p)\n", RtmInstanceId, InstanceConfig);

    if (!InstanceConfig || InstanceConfig->Flags) return ERROR_INVALID_PARAMETER;
    if (RtmInstanceId) return ERROR_NOT_SUPPORTED;
    if ((status = open_config_key(RtmInstanceId, 0, TRUE, &key))) return status;
    status = RegSetValueExW(key, L"Flags", 0, REG_DWORD, (const BYTE *)&InstanceConfig->Flags, sizeof(DWORD));
    RegCloseKey(key);
    return status;
}

/**********************************************************************
 *      RtmReadAddressFamilyConfig (RTM.@)
 *
 * What the registry holds now, which the family uses from the next start.
 */
DWORD WINAPI RtmReadAddressFamilyConfig(USHORT RtmInstanceId, USHORT AddressFamily,
        PRTM_ADDRESS_FAMILY_CONFIG AddressFamilyConfig)
{
    struct v2_family *family;

    TRACE("(%u, %u, %p)\n", RtmInstanceId, AddressFamily, AddressFamilyConfig);

    if (!AddressFamilyConfig) return ERROR_INVALID_PARAMETER;
    if (!(family = v2_find_family(RtmInstanceId, AddressFamily))) return ERROR_NOT_FOUND;
    v2_read_family_config(family, AddressFamilyConfig);
    return NO_ERROR;
}

/**********************************************************************
 *      RtmWriteAddressFamilyConfig (RTM.@)
 */
DWORD WINAPI RtmWriteAddressFamilyConfig(USHORT RtmInstanceId, USHORT AddressFamily,
        PRTM_ADDRESS_FAMILY_CONFIG AddressFamilyConfig)
{
    struct v2_family *family;
    LSTATUS status = NO_ERROR;
    unsigned int i;
    HKEY key;

    TRACE("(%u, %u, %p)\n", RtmInstanceId, AddressFamily, AddressFamilyConfig);

    if (!AddressFamilyConfig) return ERROR_INVALID_PARAMETER;
    if (!(family = v2_find_family(RtmInstanceId, AddressFamily))) return ERROR_NOT_SUPPORTED;
    if (!family_config_valid(family, AddressFamilyConfig))
    {
        WARN("unsupported configuration\n");
        return ERROR_INVALID_PARAMETER;
    }
    if ((status = open_config_key(RtmInstanceId, AddressFamily, TRUE, &key))) return status;
    for (i = 0; !status && i < ARRAY_SIZE(config_values); i++)
        status = RegSetValueExW(key, config_values[i].name, 0, REG_DWORD,
                                (const BYTE *)AddressFamilyConfig + config_values[i].offset, sizeof(DWORD));
    RegCloseKey(key);
    return status;
}

/* The count of a PUINT + array pair, as RtmGetRegisteredEntities and
 * RtmGetEntityMethods have it: what was returned, also when the array was
 * too small (ERROR_INSUFFICIENT_BUFFER); an array of 0 asks for the count
 * needed. */
static DWORD set_count(UINT *num, UINT returned, UINT total)
{
    if (returned == total)
    {
        *num = total;
        return NO_ERROR;
    }
    *num = *num ? returned : total;
    return ERROR_INSUFFICIENT_BUFFER;
}

/**********************************************************************
 *      RtmGetInstances (RTM.@)
 */
DWORD WINAPI RtmGetInstances(PUINT NumInstances, PRTM_INSTANCE_INFO InstanceInfos)
{
    TRACE("(%p, %p)\n", NumInstances, InstanceInfos);

    if (!NumInstances || (*NumInstances && !InstanceInfos)) return ERROR_INVALID_PARAMETER;
    if (*NumInstances)
    {
        InstanceInfos->RtmInstanceId = 0;
        InstanceInfos->Reserved = 0;
        InstanceInfos->NumAddressFamilies = ARRAY_SIZE(v2_families);
    }
    return set_count(NumInstances, min(*NumInstances, 1), 1);
}

/* fills the information of a set-up family */
static void fill_family_info(struct v2_family *family, RTM_ADDRESS_FAMILY_INFO *info)
{
    unsigned int i;
    DWORD used;

    memset(info, 0, sizeof(*info));
    info->AddressFamily = family->af;
    info->AddressSize = family->cfg.AddressSize;
    info->ViewsSupported = family->cfg.ViewsSupported;
    info->NumberOfViews = V2_NUM_VIEWS;
    info->MaxOpaqueInfoPtrs = family->cfg.MaxOpaqueInfoPtrs;
    info->MaxNextHopsInRoute = family->cfg.MaxNextHopsInRoute;
    info->MaxHandlesInEnum = family->cfg.MaxHandlesInEnum;
    info->MaxChangedDests = family->cfg.MaxChangedDests;
    info->MaxChangeNotifyRegns = family->cfg.MaxChangeNotifyRegns;
    eng_table_read_lock(family->table);
    /* the table is shared with RTM v1: its dests and routes count too */
    info->NumDests = eng_table_dest_count(family->table);
    info->NumRoutes = eng_table_route_count(family->table);
    eng_table_read_unlock(family->table);
    v2_lock();
    for (used = family->opaque_used; used; used &= used - 1) info->NumOpaqueInfoPtrs++;
    for (i = 0; i < family->cfg.MaxChangeNotifyRegns; i++) if (family->notify[i]) info->NumChangeNotifyRegns++;
    info->NumEntities = v2_list_count(&family->entities);
    v2_unlock();
}

/**********************************************************************
 *      RtmGetInstanceInfo (RTM.@)
 */
DWORD WINAPI RtmGetInstanceInfo(USHORT RtmInstanceId, PRTM_INSTANCE_INFO InstanceInfo,
        PUINT NumAddressFamilies, PRTM_ADDRESS_FAMILY_INFO AddressFamilyInfos)
{
    struct v2_family *family;
    unsigned int i;

    TRACE("(%u, %p, %p, %p)\n", RtmInstanceId, InstanceInfo, NumAddressFamilies, AddressFamilyInfos);

    if (!InstanceInfo || (NumAddressFamilies && *NumAddressFamilies && !AddressFamilyInfos))
        return ERROR_INVALID_PARAMETER;
    if (RtmInstanceId) return ERROR_NOT_FOUND;
    InstanceInfo->RtmInstanceId = RtmInstanceId;
    InstanceInfo->Reserved = 0;
    InstanceInfo->NumAddressFamilies = ARRAY_SIZE(v2_families);
    if (!NumAddressFamilies) return NO_ERROR;
    for (i = 0; i < ARRAY_SIZE(v2_families) && i < *NumAddressFamilies; i++)
    {
        if (!(family = get_family(RtmInstanceId, v2_families[i].af))) return ERROR_NOT_ENOUGH_MEMORY;
        fill_family_info(family, &AddressFamilyInfos[i]);
        AddressFamilyInfos[i].RtmInstanceId = RtmInstanceId;
    }
    return set_count(NumAddressFamilies, i, ARRAY_SIZE(v2_families));
}

/**********************************************************************
 *      RtmGetAddressFamilyInfo (RTM.@)
 */
DWORD WINAPI RtmGetAddressFamilyInfo(USHORT RtmInstanceId, USHORT AddressFamily,
        PRTM_ADDRESS_FAMILY_INFO AddressFamilyInfo, PUINT NumEntities, PRTM_ENTITY_INFO EntityInfos)
{
    struct v2_family *family;
    struct rtm_list *elem;
    UINT count = 0;

    TRACE("(%u, %u, %p, %p, %p)\n", RtmInstanceId, AddressFamily, AddressFamilyInfo, NumEntities, EntityInfos);

    if (!AddressFamilyInfo || (NumEntities && *NumEntities && !EntityInfos)) return ERROR_INVALID_PARAMETER;
    if (!v2_find_family(RtmInstanceId, AddressFamily)) return ERROR_NOT_FOUND;
    if (!(family = get_family(RtmInstanceId, AddressFamily))) return ERROR_NOT_ENOUGH_MEMORY;
    fill_family_info(family, AddressFamilyInfo);
    AddressFamilyInfo->RtmInstanceId = RtmInstanceId;
    if (!NumEntities) return NO_ERROR;
    v2_lock();
    for (elem = family->entities.next; elem != &family->entities; elem = elem->next)
    {
        if (count < *NumEntities) EntityInfos[count] = RTM_LIST_ENTRY(elem, struct v2_entity, entry)->info;
        count++;
    }
    v2_unlock();
    return set_count(NumEntities, min(count, *NumEntities), count);
}
