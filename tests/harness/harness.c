/*
 * Self-test of the winetest-compatible harness (include/wine/test.h)
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
 * The parent checks what it can in-process, then runs itself as a child in
 * modes that fail on purpose and checks the child's output and exit code.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"

#include "wine/test.h"

#define THREADS        4
#define OKS_PER_THREAD 500

static char child_out[65536];

static DWORD WINAPI ok_thread(void *arg)
{
    unsigned int i, fail_at = *(unsigned int *)arg;

    winetest_push_context("thread");
    for (i = 0; i < OKS_PER_THREAD; i++)
        ok(i != fail_at, "iteration %u\n", i);
    winetest_pop_context();
    return 0;
}

static void run_ok_threads(unsigned int fail_at)
{
    HANDLE threads[THREADS];
    unsigned int i;

    for (i = 0; i < THREADS; i++)
    {
        threads[i] = CreateThread(NULL, 0, ok_thread, &fail_at, 0, NULL);
        ok(threads[i] != NULL, "CreateThread failed, error %lu\n", GetLastError());
    }
    WaitForMultipleObjects(THREADS, threads, TRUE, INFINITE);
    for (i = 0; i < THREADS; i++) CloseHandle(threads[i]);
}

static void child_main(const char *mode)
{
    if (!strcmp(mode, "fail"))
    {
        winetest_push_context("outer");
        winetest_push_context("inner %d", 2);
        ok(0, "value %d\n", 7);
        winetest_pop_context();
        winetest_pop_context();
        todo_if(1) ok(1, "unexpected success\n");
        skip("nothing to see\n");
        flaky ok(0, "flaky failure\n");
    }
    else if (!strcmp(mode, "todo"))
    {
        todo_wine ok(0, "wine gap\n");
        todo_wine_if(0) ok(1, "not todo\n");
    }
    else if (!strcmp(mode, "threads"))
        run_ok_threads(100);
    else if (!strcmp(mode, "crash"))
        *(volatile int *)0 = 1;
}

/* Runs "<exe> harness <mode>" with WINETEST_PLATFORM=platform (NULL: unset)
 * and returns its exit code; its output goes to child_out. */
static DWORD run_child(const char *mode, const char *platform)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    PROCESS_INFORMATION pi;
    STARTUPINFOA si;
    char cmd[MAX_PATH + 64], **argv, *src, *dst;
    HANDLE read_end, write_end;
    DWORD got, len = 0, code = 0xdeadbeef;
    BOOL ret;

    winetest_get_mainargs(&argv);
    snprintf(cmd, sizeof(cmd), "\"%s\" harness %s", argv[0], mode);
    ret = CreatePipe(&read_end, &write_end, &sa, 0);
    ok(ret, "CreatePipe failed, error %lu\n", GetLastError());
    SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);

    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = write_end;
    si.hStdError = write_end;
    SetEnvironmentVariableA("WINETEST_PLATFORM", platform);
    SetEnvironmentVariableA("WINETEST_REPORT_FLAKY", NULL);
    SetEnvironmentVariableA("WINETEST_DEBUG", "1");
    ret = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    SetEnvironmentVariableA("WINETEST_PLATFORM", winetest_platform);
    snprintf(cmd, sizeof(cmd), "%d", winetest_debug);
    SetEnvironmentVariableA("WINETEST_DEBUG", cmd);
    ok(ret, "CreateProcess failed, error %lu\n", GetLastError());
    CloseHandle(write_end);
    if (ret)
    {
        while (len < sizeof(child_out) - 1
               && ReadFile(read_end, child_out + len, sizeof(child_out) - 1 - len, &got, NULL) && got)
            len += got;
        WaitForSingleObject(pi.hProcess, INFINITE);
        GetExitCodeProcess(pi.hProcess, &code);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }
    CloseHandle(read_end);
    child_out[len] = 0;
    /* the child's CRT writes text mode, "\r\n" */
    for (src = dst = child_out; *src; src++)
        if (*src != '\r') *dst++ = *src;
    *dst = 0;
    return code;
}

#define check_output(a) check_output_(__LINE__, a)
static void check_output_(int line, const char *expect)
{
    ok_(__FILE__, line)(strstr(child_out, expect) != NULL, "missing %s in output:\n%s", expect, child_out);
}

static void test_in_process(void)
{
    int ret;

    ret = ok(1, "plain\n");
    ok(ret == 1, "ok() returned %d\n", ret);
    if (0) ok(0, "never evaluated\n");
    else ok(1, "else branch\n");

    todo_if(0) ok(1, "todo_if(0) is not a todo\n");
    todo_if(1) todo_if(0) ok(1, "the inner level wins\n");
    todo_if(1)
    {
        todo_if(0) ok(1, "nested\n");
        ret = ok(0, "expected todo\n");
    }
    ok(ret == 1, "a todo failure returned %d\n", ret);

    ok(broken(1) == !winetest_platform_is_wine, "broken(1) wrong\n");
    ok(!broken(0), "broken(0) is never true\n");
    flaky_wine ok(!winetest_platform_is_wine, "only counted as flaky on Wine\n");

    winetest_push_context("loop");
    trace("a trace with context\n");
    winetest_pop_context();
    skip("an intentional skip\n");

    SetLastError(0xbeef);
    ok(1, "preserves the last error\n");
    ok(GetLastError() == 0xbeef, "last error %lu\n", GetLastError());

    run_ok_threads(~0u);
}

static void test_children(void)
{
    char expect[128];
    DWORD code;

    code = run_child("pass", NULL);
    ok(code == 0, "pass: exit code %lu\n", code);
    check_output(":harness: 0 tests executed (0 marked as todo, 0 as flaky, 0 failures), 0 skipped.\n");

    code = run_child("fail", NULL);
    ok(code == 2, "fail: exit code %lu\n", code);
    check_output("harness.c:");
    check_output(": Test failed: outer: inner 2: value 7\n");
    check_output(": Test succeeded inside todo block: unexpected success\n");
    check_output(": Tests skipped: nothing to see\n");
    check_output(": Test marked flaky: flaky failure\n");
    check_output(":harness: 3 tests executed (0 marked as todo, 1 as flaky, 2 failures), 1 skipped.\n");

    code = run_child("todo", "wine");
    ok(code == 0, "todo on wine: exit code %lu\n", code);
    check_output(": Test marked todo: wine gap\n");
    check_output("2 tests executed (1 marked as todo, 0 as flaky, 0 failures), 0 skipped.\n");
    code = run_child("todo", "windows");
    ok(code == 1, "todo on windows: exit code %lu\n", code);
    check_output(": Test failed: wine gap\n");
    check_output("2 tests executed (0 marked as todo, 0 as flaky, 1 failure), 0 skipped.\n");

    code = run_child("threads", NULL);
    ok(code == THREADS, "threads: exit code %lu\n", code);
    check_output(": Test failed: thread: iteration 100\n");
    snprintf(expect, sizeof(expect), "%u tests executed (0 marked as todo, 0 as flaky, %u failures)",
             THREADS * OKS_PER_THREAD + THREADS, THREADS);
    check_output(expect);

    code = run_child("crash", NULL);
    ok(code == STATUS_ACCESS_VIOLATION, "crash: exit code %#lx\n", code);
    check_output(":harness: unhandled exception c0000005 at ");
    ok(!strstr(child_out, "tests executed"), "a crash printed a summary:\n%s", child_out);
}

START_TEST(harness)
{
    char **argv;

    if (winetest_get_mainargs(&argv) >= 3)
    {
        child_main(argv[2]);
        return;
    }
    test_in_process();
    test_children();
}
