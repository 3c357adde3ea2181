/*
 * rtm.dll demo: what the DLL answers today
 *
 * Copyright 2026 the rtm.dll authors
 * LGPL-2.1-or-later, see COPYING.LIB.
 */

#include <stdio.h>
#include <windows.h>
#include "rtm.h"

int main(void)
{
    HANDLE client = RtmRegisterClient(RTM_PROTOCOL_FAMILY_IP, 3, NULL, 0);

    printf("RtmRegisterClient(IP, 3): handle %p, last error %lu\n", client, GetLastError());
    if (!client) printf("RTM v1 is not implemented yet: every export fails cleanly.\n");
    else RtmDeregisterClient(client);
    return 0;
}
