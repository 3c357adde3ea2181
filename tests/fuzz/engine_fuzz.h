/*
 * Fuzz target for the routing table engine: what the plain driver needs
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

#ifndef __ENGINE_FUZZ_H
#define __ENGINE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* checks made and failed so far, over all inputs */
extern unsigned long engine_fuzz_tests, engine_fuzz_failures;
/* 1 (the default, for libFuzzer): a failed check aborts; 0: it is counted
 * and the rest of that input is skipped */
extern int engine_fuzz_abort;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* __ENGINE_FUZZ_H */
