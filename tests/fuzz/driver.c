/*
 * Plain driver for the engine fuzz target: runs it without libFuzzer
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
 * Usage: engine_fuzz [-n ITERATIONS] [-s SEED] [FILE|DIR]...
 *
 * Feeds every named file, and every file of every named directory (in name
 * order, except dot files and README*), to the fuzz target, then ITERATIONS
 * (default 100) pseudo-random inputs made from SEED (default 1).  Nothing
 * depends on time, so a run is reproducible; a failing random input is
 * written to engine_fuzz-failure-SEED-N.bin to be replayed or kept as a
 * regression.
 * Prints one winetest summary line; the exit code is the failure count.
 *
 * Build (from the top of the tree):
 *   gcc -std=c99 -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -DDHASH_MIN_BITS=1 \
 *       -I dlls/rtm -I tests/fuzz dlls/rtm/aging.c dlls/rtm/dhash.c dlls/rtm/engine.c \
 *       dlls/rtm/lpm4.c dlls/rtm/radix.c dlls/rtm/slab.c tests/fuzz/engine_fuzz.c tests/fuzz/driver.c \
 *       tests/fuzz/bigalloc.c -Wl,--wrap=calloc,--wrap=free -o engine_fuzz -lpthread
 *   ./engine_fuzz tests/fuzz/corpus tests/fuzz/regressions
 */

#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine_fuzz.h"

#define MAX_INPUT (1 << 20)

static uint8_t buffer[MAX_INPUT];

static int run(const uint8_t *data, size_t size, const char *name)
{
    unsigned long before = engine_fuzz_failures;

    LLVMFuzzerTestOneInput(data, size);
    if (engine_fuzz_failures == before) return 0;
    printf("engine_fuzz: input %s failed\n", name);
    return 1;
}

static void run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t size;

    if (!f)
    {
        printf("engine_fuzz: cannot open %s\n", path);
        engine_fuzz_failures++;
        return;
    }
    size = fread(buffer, 1, sizeof(buffer), f);
    fclose(f);
    run(buffer, size, path);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char * const *)a, *(char * const *)b);
}

static void run_path(const char *path)
{
    struct stat st;
    struct dirent *entry;
    char **names = NULL, *full;
    size_t count = 0, i;
    DIR *dir;

    if (stat(path, &st) || !S_ISDIR(st.st_mode))
    {
        run_file(path);
        return;
    }
    if (!(dir = opendir(path))) return;
    while ((entry = readdir(dir)))
    {
        /* dot files and the README are not inputs */
        if (entry->d_name[0] == '.' || !strncmp(entry->d_name, "README", 6)) continue;
        names = realloc(names, (count + 1) * sizeof(*names));
        names[count++] = strdup(entry->d_name);
    }
    closedir(dir);
    qsort(names, count, sizeof(*names), cmp_names);
    for (i = 0; i < count; i++)
    {
        if (!(full = malloc(strlen(path) + strlen(names[i]) + 2))) break;
        sprintf(full, "%s/%s", path, names[i]);
        if (!stat(full, &st) && S_ISREG(st.st_mode)) run_file(full);
        free(full);
        free(names[i]);
    }
    free(names);
}

static uint64_t rng;

static uint32_t next_random(void)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng >> 33);
}

static void run_random(unsigned long iterations, unsigned long seed)
{
    char name[64];
    unsigned long n;
    size_t size, i;
    FILE *f;

    rng = seed;
    for (n = 0; n < iterations; n++)
    {
        /* mostly short inputs, some up to 2 KiB */
        size = next_random() % 8 ? 16 + next_random() % 512 : next_random() % 2048;
        for (i = 0; i < size; i++) buffer[i] = next_random() >> 7;
        sprintf(name, "engine_fuzz-failure-%lu-%lu.bin", seed, n);
        if (!run(buffer, size, name)) continue;
        if ((f = fopen(name, "wb")))
        {
            fwrite(buffer, 1, size, f);
            fclose(f);
        }
    }
}

int main(int argc, char **argv)
{
    unsigned long iterations = 100, seed = 1;
    int i;

    engine_fuzz_abort = 0;
    for (i = 1; i < argc; i++)
    {
        if (!strcmp(argv[i], "-n") && i + 1 < argc) iterations = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc) seed = strtoul(argv[++i], NULL, 0);
        else run_path(argv[i]);
    }
    run_random(iterations, seed);
    printf("%04x:engine_fuzz: %lu tests executed (0 marked as todo, 0 as flaky, %lu failures), 0 skipped.\n",
           (unsigned int)getpid() & 0xffff, engine_fuzz_tests, engine_fuzz_failures);
    /* an exit code is 8 bits: 256 failures must not read as success */
    return engine_fuzz_failures > 255 ? 255 : (int)engine_fuzz_failures;
}
