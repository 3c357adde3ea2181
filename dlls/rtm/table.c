/*
 * Table helpers (CreateTable ... DumpTable)
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
 * These ten exports have no public documentation and no public prototype.
 * spec/table.md records the signatures chosen for them and why; until the
 * evidence is strong enough to implement them they fail cleanly.  Handles
 * are never dereferenced, so no argument value can crash the caller.
 */

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(rtm);

/**********************************************************************
 *      CreateTable (RTM.@)
 */
DWORD WINAPI CreateTable(USHORT MaxBytes, HANDLE *Table)
{
    FIXME("(%u, %p): stub\n", MaxBytes, Table);
    if (Table) *Table = NULL;
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      DestroyTable (RTM.@)
 */
DWORD WINAPI DestroyTable(HANDLE Table)
{
    FIXME("(%p): stub\n", Table);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      InsertIntoTable (RTM.@)
 */
DWORD WINAPI InsertIntoTable(HANDLE Table, USHORT NumBits, PUCHAR KeyBits, PVOID Context, PVOID Data)
{
    FIXME("(%p, %u, %p, %p, %p): stub\n", Table, NumBits, KeyBits, Context, Data);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      DeleteFromTable (RTM.@)
 */
DWORD WINAPI DeleteFromTable(HANDLE Table, USHORT NumBits, PUCHAR KeyBits, PVOID Context, PVOID *Data)
{
    FIXME("(%p, %u, %p, %p, %p): stub\n", Table, NumBits, KeyBits, Context, Data);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      SearchInTable (RTM.@)
 */
DWORD WINAPI SearchInTable(HANDLE Table, USHORT NumBits, PUCHAR KeyBits, PVOID Context, PVOID *Data)
{
    FIXME("(%p, %u, %p, %p, %p): stub\n", Table, NumBits, KeyBits, Context, Data);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      BestMatchInTable (RTM.@)
 */
DWORD WINAPI BestMatchInTable(HANDLE Table, PUCHAR KeyBits, PVOID *BestData)
{
    FIXME("(%p, %p, %p): stub\n", Table, KeyBits, BestData);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      NextMatchInTable (RTM.@)
 */
DWORD WINAPI NextMatchInTable(HANDLE Table, PVOID BestData, PVOID *NextData)
{
    FIXME("(%p, %p, %p): stub\n", Table, BestData, NextData);
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      EnumOverTable (RTM.@)
 */
DWORD WINAPI EnumOverTable(HANDLE Table, USHORT *StartNumBits, PUCHAR StartKeyBits, PVOID Context,
                           USHORT StopNumBits, PUCHAR StopKeyBits, UINT *NumItems, PVOID *DataItems)
{
    FIXME("(%p, %p, %p, %p, %u, %p, %p, %p): stub\n", Table, StartNumBits, StartKeyBits, Context,
          StopNumBits, StopKeyBits, NumItems, DataItems);
    if (NumItems) *NumItems = 0;
    return ERROR_CALL_NOT_IMPLEMENTED;
}

/**********************************************************************
 *      CheckTable (RTM.@)
 */
BOOL WINAPI CheckTable(HANDLE Table)
{
    FIXME("(%p): stub\n", Table);
    SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
    return FALSE;
}

/**********************************************************************
 *      DumpTable (RTM.@)
 */
VOID WINAPI DumpTable(HANDLE Table, DWORD Flags)
{
    FIXME("(%p, %#lx): stub\n", Table, Flags);
}
