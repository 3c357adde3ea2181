/*
 * Conformance test harness compatible with Wine's winetest output
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
 * Written from the description of the winetest API and output format only,
 * so that test files written for Wine's harness build unchanged against it.
 *
 * Every test file includes this header and defines one START_TEST(name).
 * Exactly one translation unit of the test executable defines STANDALONE
 * before including it; that unit gets the harness itself and main(), and
 * must define the list of tests, normally by the file that
 * tools/testlist.sh generates:
 *
 *     #define STANDALONE
 *     #include "wine/test.h"
 *     extern void func_rtmv2(void);
 *     const struct winetest_entry winetest_testlist[] =
 *     {
 *         { "rtmv2", func_rtmv2 },
 *         { 0, 0 }
 *     };
 *
 * Command line: "test.exe name [args]" runs one test, "test.exe" runs them
 * all one after the other, "test.exe --list" prints their names.
 *
 * Output, all on stdout:
 *     file.c:LINE: Test failed: [context: ]message
 *     file.c:LINE: Test succeeded inside todo block: ...   (a failure)
 *     file.c:LINE: Test marked todo: ...
 *     file.c:LINE: Test marked flaky: ...
 *     file.c:LINE: Tests skipped: ...
 *     PID:name: N tests executed (N marked as todo, N as flaky, N failures), N skipped.
 * The exit status is the number of failures plus unexpected todo successes,
 * capped at 255.
 *
 * Environment: WINETEST_DEBUG (0 quiet, 1 default, >1 verbose),
 * WINETEST_PLATFORM ("wine" or "windows"; default detected from ntdll),
 * WINETEST_INTERACTIVE, WINETEST_REPORT_SUCCESS, WINETEST_REPORT_FLAKY.
 *
 * All state that ok() touches is per thread, the counters are updated with
 * interlocked operations and each message is written with one call under a
 * lock, so ok() may be used from any thread the test starts.
 */

#ifndef __WINE_WINE_TEST_H
#define __WINE_WINE_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windef.h>
#include <winbase.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

#if defined(__GNUC__) || defined(__clang__)
#define WINETEST_PRINTF_ATTR(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define WINETEST_PRINTF_ATTR(fmt, args)
#endif

extern int winetest_debug;
extern int winetest_interactive;
extern int winetest_report_success;
extern int winetest_platform_is_wine;
extern const char *winetest_platform;

extern void winetest_set_location(const char *file, int line);
extern int winetest_ok(int condition, const char *msg, ...) WINETEST_PRINTF_ATTR(2, 3);
extern int winetest_vok(int condition, const char *msg, va_list args);
extern void winetest_skip(const char *msg, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_win_skip(const char *msg, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_trace(const char *msg, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_push_context(const char *fmt, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_pop_context(void);
extern void winetest_start_todo(int is_todo);
extern int winetest_loop_todo(void);
extern void winetest_end_todo(void);
extern void winetest_start_flaky(int is_flaky);
extern int winetest_loop_flaky(void);
extern void winetest_end_flaky(void);
extern int winetest_broken(int condition);
extern int winetest_get_mainargs(char ***pargv);
extern void winetest_add_failures(LONG count);
extern void winetest_wait_child_process(HANDLE process);

#define START_TEST(name) void func_##name(void); void func_##name(void)

/* "(set location, function)(args)" is one postfix expression, so ok() is
 * safe in any context (!ok(...), if/else without braces, as an argument)
 * and the compiler still checks the format against winetest_ok's type. */
#define ok_(file, line)       (winetest_set_location(file, line), winetest_ok)
#define skip_(file, line)     (winetest_set_location(file, line), winetest_skip)
#define win_skip_(file, line) (winetest_set_location(file, line), winetest_win_skip)
#define trace_(file, line)    (winetest_set_location(file, line), winetest_trace)
#define wait_child_process_(file, line) (winetest_set_location(file, line), winetest_wait_child_process)

#define ok       ok_(__FILE__, __LINE__)
#define skip     skip_(__FILE__, __LINE__)
#define win_skip win_skip_(__FILE__, __LINE__)
#define trace    trace_(__FILE__, __LINE__)
#define wait_child_process wait_child_process_(__FILE__, __LINE__)

/* Block prefixes: a for loop that runs its body exactly once, pushing one
 * bit on a per-thread stack on entry and popping it on exit, so they nest. */
#define todo_if(is_todo) \
    for (winetest_start_todo(is_todo); winetest_loop_todo(); winetest_end_todo())
#define todo_wine          todo_if(winetest_platform_is_wine)
#define todo_wine_if(cond) todo_if(winetest_platform_is_wine && (cond))

#define flaky_if(is_flaky) \
    for (winetest_start_flaky(is_flaky); winetest_loop_flaky(); winetest_end_flaky())
#define flaky      flaky_if(1)
#define flaky_wine flaky_if(winetest_platform_is_wine)

#define broken(cond) winetest_broken(cond)

#ifdef STANDALONE

struct winetest_entry
{
    const char *name;
    void (*func)(void);
};

extern const struct winetest_entry winetest_testlist[];

#define WINETEST_MAX_CONTEXT  8
#define WINETEST_CONTEXT_LEN  128
#define WINETEST_MSG_LEN      4096
#define WINETEST_STR_RING     8
#define WINETEST_STR_LEN      1024

struct winetest_thread
{
    const char *file;
    int line;
    unsigned int todo_level;     /* one bit per nested todo_if, innermost in bit 0 */
    int todo_do_loop;
    unsigned int flaky_level;
    int flaky_do_loop;
    unsigned int context_depth;  /* may exceed WINETEST_MAX_CONTEXT; extra levels are not shown */
    char context[WINETEST_MAX_CONTEXT][WINETEST_CONTEXT_LEN];
    char msg[WINETEST_MSG_LEN];
    char str[WINETEST_STR_RING][WINETEST_STR_LEN];
    unsigned int str_next;
};

int winetest_debug = 1;
int winetest_interactive;
int winetest_report_success;
int winetest_platform_is_wine;
const char *winetest_platform = "windows";

static int winetest_report_flaky;
static const char *winetest_name = "";
static int winetest_argc;
static char **winetest_argv;
static DWORD winetest_tls = TLS_OUT_OF_INDEXES;
static CRITICAL_SECTION winetest_print_cs;

static LONG winetest_successes;
static LONG winetest_failures;
static LONG winetest_todo_successes;
static LONG winetest_todo_failures;
static LONG winetest_flaky_failures;
static LONG winetest_skipped;

static struct winetest_thread *winetest_get_thread(void)
{
    DWORD err = GetLastError();
    struct winetest_thread *data = TlsGetValue(winetest_tls);

    if (!data)
    {
        if (!(data = calloc(1, sizeof(*data))))
        {
            fputs("winetest: out of memory\n", stdout);
            ExitProcess(255);
        }
        data->file = "";
        TlsSetValue(winetest_tls, data);
    }
    /* tests check GetLastError() right after calls that go through here */
    SetLastError(err);
    return data;
}

static const char *winetest_basename(const char *file)
{
    const char *p;

    for (p = file; *p; p++)
        if (*p == '/' || *p == '\\') file = p + 1;
    return file;
}

static void winetest_append(char *buf, size_t size, size_t *len, const char *fmt, va_list args)
{
    int ret;

    if (*len >= size - 1) return;
    ret = vsnprintf(buf + *len, size - *len, fmt, args);
    /* older CRTs return -1 on truncation instead of the needed length */
    if (ret < 0 || (size_t)ret >= size - *len) *len = size - 1;
    else *len += ret;
    buf[*len] = 0;
}

static void winetest_appendf(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    winetest_append(buf, size, len, fmt, args);
    va_end(args);
}

/* Writes "file:line: <kind>ctx1: ctx2: <msg>" with a single fwrite so that
 * lines from different threads never interleave. */
static void winetest_report(const char *kind, const char *msg, va_list args)
{
    struct winetest_thread *data = winetest_get_thread();
    DWORD err = GetLastError();
    unsigned int i, depth;
    size_t len = 0;

    winetest_appendf(data->msg, sizeof(data->msg), &len, "%s:%d: %s",
                     winetest_basename(data->file), data->line, kind);
    depth = data->context_depth < WINETEST_MAX_CONTEXT ? data->context_depth : WINETEST_MAX_CONTEXT;
    for (i = 0; i < depth; i++)
        winetest_appendf(data->msg, sizeof(data->msg), &len, "%s: ", data->context[i]);
    winetest_append(data->msg, sizeof(data->msg), &len, msg, args);

    EnterCriticalSection(&winetest_print_cs);
    fwrite(data->msg, 1, len, stdout);
    LeaveCriticalSection(&winetest_print_cs);
    SetLastError(err);
}

static void winetest_report_plain(const char *kind, const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    winetest_report(kind, msg, args);
    va_end(args);
}

void winetest_set_location(const char *file, int line)
{
    struct winetest_thread *data = winetest_get_thread();

    data->file = file;
    data->line = line;
}

int winetest_vok(int condition, const char *msg, va_list args)
{
    struct winetest_thread *data = winetest_get_thread();

    if (data->todo_level & 1)
    {
        if (!condition)
        {
            if (winetest_debug > 0) winetest_report("Test marked todo: ", msg, args);
            InterlockedIncrement(&winetest_todo_failures);
            return 1;
        }
        winetest_report("Test succeeded inside todo block: ", msg, args);
    }
    else if (condition)
    {
        if (winetest_report_success) winetest_report_plain("", "Test succeeded\n");
        InterlockedIncrement(&winetest_successes);
        return 1;
    }

    if ((data->flaky_level & 1) && !winetest_report_flaky)
    {
        if (condition) InterlockedIncrement(&winetest_flaky_failures);
        else
        {
            if (winetest_debug > 0) winetest_report("Test marked flaky: ", msg, args);
            InterlockedIncrement(&winetest_flaky_failures);
        }
        return 0;
    }
    if (condition) InterlockedIncrement(&winetest_todo_successes);
    else
    {
        winetest_report("Test failed: ", msg, args);
        InterlockedIncrement(&winetest_failures);
    }
    return 0;
}

int winetest_ok(int condition, const char *msg, ...)
{
    va_list args;
    int ret;

    va_start(args, msg);
    ret = winetest_vok(condition, msg, args);
    va_end(args);
    return ret;
}

void winetest_skip(const char *msg, ...)
{
    va_list args;

    if (winetest_debug > 0)
    {
        va_start(args, msg);
        winetest_report("Tests skipped: ", msg, args);
        va_end(args);
    }
    InterlockedIncrement(&winetest_skipped);
}

/* A missing API is expected on old Windows, never on Wine. */
void winetest_win_skip(const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    if (winetest_platform_is_wine) winetest_vok(0, msg, args);
    else
    {
        if (winetest_debug > 0) winetest_report("Tests skipped: ", msg, args);
        InterlockedIncrement(&winetest_skipped);
    }
    va_end(args);
}

void winetest_trace(const char *msg, ...)
{
    va_list args;

    if (winetest_debug <= 0) return;
    va_start(args, msg);
    winetest_report("", msg, args);
    va_end(args);
}

void winetest_push_context(const char *fmt, ...)
{
    struct winetest_thread *data = winetest_get_thread();
    va_list args;
    size_t len = 0;

    if (data->context_depth < WINETEST_MAX_CONTEXT)
    {
        va_start(args, fmt);
        winetest_append(data->context[data->context_depth], WINETEST_CONTEXT_LEN, &len, fmt, args);
        va_end(args);
    }
    data->context_depth++;
}

void winetest_pop_context(void)
{
    struct winetest_thread *data = winetest_get_thread();

    if (data->context_depth) data->context_depth--;
}

void winetest_start_todo(int is_todo)
{
    struct winetest_thread *data = winetest_get_thread();

    data->todo_level = (data->todo_level << 1) | (is_todo != 0);
    data->todo_do_loop = 1;
}

int winetest_loop_todo(void)
{
    struct winetest_thread *data = winetest_get_thread();
    int do_loop = data->todo_do_loop;

    data->todo_do_loop = 0;
    return do_loop;
}

void winetest_end_todo(void)
{
    struct winetest_thread *data = winetest_get_thread();

    data->todo_level >>= 1;
}

void winetest_start_flaky(int is_flaky)
{
    struct winetest_thread *data = winetest_get_thread();

    data->flaky_level = (data->flaky_level << 1) | (is_flaky != 0);
    data->flaky_do_loop = 1;
}

int winetest_loop_flaky(void)
{
    struct winetest_thread *data = winetest_get_thread();
    int do_loop = data->flaky_do_loop;

    data->flaky_do_loop = 0;
    return do_loop;
}

void winetest_end_flaky(void)
{
    struct winetest_thread *data = winetest_get_thread();

    data->flaky_level >>= 1;
}

int winetest_broken(int condition)
{
    return !winetest_platform_is_wine && condition;
}

int winetest_get_mainargs(char ***pargv)
{
    *pargv = winetest_argv;
    return winetest_argc;
}

void winetest_add_failures(LONG count)
{
    InterlockedExchangeAdd(&winetest_failures, count);
}

/* No timeout here: the runner bounds the whole test. */
void winetest_wait_child_process(HANDLE process)
{
    DWORD code = 1;

    if (WaitForSingleObject(process, INFINITE) != WAIT_OBJECT_0 || !GetExitCodeProcess(process, &code))
    {
        winetest_report_plain("Test failed: ", "waiting for the child process failed, error %lu\n",
                              (unsigned long)GetLastError());
        InterlockedIncrement(&winetest_failures);
        return;
    }
    if (!code) return;
    if (code > 255)
    {
        winetest_report_plain("Test failed: ", "unhandled exception %08lx in child process\n",
                              (unsigned long)code);
        InterlockedIncrement(&winetest_failures);
    }
    else
    {
        winetest_report_plain("Test failed: ", "%lu failures in child process\n", (unsigned long)code);
        InterlockedExchangeAdd(&winetest_failures, (LONG)code);
    }
}

/* Lets tests include wine/debug.h and use wine_dbgstr_*() outside Wine:
 * the strings live in a per-thread ring of buffers. */
const char * __cdecl __wine_dbg_strdup(const char *str);
const char * __cdecl __wine_dbg_strdup(const char *str)
{
    struct winetest_thread *data = winetest_get_thread();
    char *buf = data->str[data->str_next++ % WINETEST_STR_RING];

    lstrcpynA(buf, str, WINETEST_STR_LEN);
    return buf;
}

static LONG WINAPI winetest_exception_filter(EXCEPTION_POINTERS *ptrs)
{
    EXCEPTION_RECORD *rec = ptrs->ExceptionRecord;
    DWORD code = rec->ExceptionCode;

    printf("%04lx:%s: unhandled exception %08lx at %p\n", (unsigned long)GetCurrentProcessId(),
           winetest_name, (unsigned long)code, rec->ExceptionAddress);
    fflush(stdout);
    /* Wine passes only the low byte of the exit code to the Unix parent:
     * make sure a crash can never read as success there. */
    ExitProcess(code & 0xff ? code : 255);
    return EXCEPTION_EXECUTE_HANDLER;
}

static int winetest_env_int(const char *name, int def)
{
    const char *value = getenv(name);

    return value && *value ? atoi(value) : def;
}

static void winetest_init(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    const char *platform = getenv("WINETEST_PLATFORM");

    setvbuf(stdout, NULL, _IONBF, 0);
    InitializeCriticalSection(&winetest_print_cs);
    if ((winetest_tls = TlsAlloc()) == TLS_OUT_OF_INDEXES)
    {
        fputs("winetest: TlsAlloc failed\n", stdout);
        exit(255);
    }

    if (platform && *platform) winetest_platform = platform;
    else if (ntdll && (GetProcAddress(ntdll, "wine_get_version") || GetProcAddress(ntdll, "wine_server_call")))
        winetest_platform = "wine";
    winetest_platform_is_wine = !strcmp(winetest_platform, "wine");

    winetest_debug = winetest_env_int("WINETEST_DEBUG", 1);
    winetest_interactive = winetest_env_int("WINETEST_INTERACTIVE", 0);
    winetest_report_success = winetest_env_int("WINETEST_REPORT_SUCCESS", 0);
    winetest_report_flaky = winetest_env_int("WINETEST_REPORT_FLAKY", 0);

    SetUnhandledExceptionFilter(winetest_exception_filter);
}

static int winetest_run(const struct winetest_entry *test)
{
    LONG failures;

    winetest_name = test->name;
    winetest_successes = winetest_failures = winetest_todo_successes = 0;
    winetest_todo_failures = winetest_flaky_failures = winetest_skipped = 0;

    test->func();

    failures = winetest_failures + winetest_todo_successes;
    printf("%04lx:%s: %ld tests executed (%ld marked as todo, %ld as flaky, %ld failure%s), %ld skipped.\n",
           (unsigned long)GetCurrentProcessId(), test->name,
           (long)(winetest_successes + winetest_failures + winetest_todo_successes
                  + winetest_todo_failures + winetest_flaky_failures),
           (long)winetest_todo_failures, (long)winetest_flaky_failures, (long)failures,
           failures == 1 ? "" : "s", (long)winetest_skipped);
    fflush(stdout);
    return failures > 255 ? 255 : (int)failures;
}

int main(int argc, char **argv)
{
    const struct winetest_entry *test;
    char *run_argv[3];
    int total = 0;

    winetest_init();
    winetest_argc = argc;
    winetest_argv = argv;

    if (argc > 1 && (!strcmp(argv[1], "--list") || !strcmp(argv[1], "--help")))
    {
        printf("Usage: %s [test_name [args]]\nValid test names:\n", argv[0]);
        for (test = winetest_testlist; test->name; test++) printf("    %s\n", test->name);
        return 0;
    }
    if (argc > 1)
    {
        for (test = winetest_testlist; test->name; test++)
            if (!strcmp(test->name, argv[1])) return winetest_run(test);
        printf("Fatal: test '%s' does not exist.\n", argv[1]);
        return 1;
    }

    /* Give each test the argv it would get when run by name, so that tests
     * which start themselves as a child can rely on argv[1]. */
    run_argv[0] = argv[0];
    run_argv[2] = NULL;
    winetest_argc = 2;
    winetest_argv = run_argv;
    for (test = winetest_testlist; test->name; test++)
    {
        run_argv[1] = (char *)test->name;
        total += winetest_run(test);
    }
    return total > 255 ? 255 : total;
}

#endif /* STANDALONE */

#endif /* __WINE_WINE_TEST_H */
