/*
 * Debug channel support for the plain mingw-w64 (native PE) build
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
 * A winegcc build gets TRACE & co. from Wine's ntdll.  The plain mingw
 * build must also load on Windows, whose ntdll has no __wine_dbg_*
 * functions, so it links this file instead: under Wine it forwards to
 * ntdll and honours WINEDEBUG as usual; elsewhere every channel is off.
 */

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "wine/debug.h"

static unsigned char (__cdecl *pget_channel_flags)(struct __wine_debug_channel *);
static const char * (__cdecl *pstrdup)(const char *);
static int (__cdecl *poutput)(const char *);
static int (__cdecl *pheader)(enum __wine_debug_class, struct __wine_debug_channel *, const char *);
static INIT_ONCE resolve_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK resolve_ntdll(INIT_ONCE *once, void *param, void **context)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");

    if (!ntdll) return TRUE;
    pget_channel_flags = (void *)GetProcAddress(ntdll, "__wine_dbg_get_channel_flags");
    pstrdup = (void *)GetProcAddress(ntdll, "__wine_dbg_strdup");
    poutput = (void *)GetProcAddress(ntdll, "__wine_dbg_output");
    pheader = (void *)GetProcAddress(ntdll, "__wine_dbg_header");
    if (!pget_channel_flags || !pstrdup || !poutput || !pheader) pget_channel_flags = NULL;
    return TRUE;
}

unsigned char __cdecl __wine_dbg_get_channel_flags(struct __wine_debug_channel *channel)
{
    InitOnceExecuteOnce(&resolve_once, resolve_ntdll, NULL, NULL);
    return pget_channel_flags ? pget_channel_flags(channel) : 0;
}

/* The three below are only reached once a channel is on, i.e. under Wine. */
const char * __cdecl __wine_dbg_strdup(const char *str)
{
    return pstrdup ? pstrdup(str) : str;
}

int __cdecl __wine_dbg_output(const char *str)
{
    return poutput ? poutput(str) : 0;
}

int __cdecl __wine_dbg_header(enum __wine_debug_class cls, struct __wine_debug_channel *channel,
                              const char *function)
{
    return pheader ? pheader(cls, channel, function) : -1;
}
