/*
 * glibc's malloc heap of the zygote's Python thread, laid out for the workers forked from it (docs/fork-server.md,
 * "Malloc" and "Huge pages of its own"). Blocks between CPython's 512-byte small objects and the mmap threshold
 * (lists' item arrays, dict tables, long strings, the tokenizer's buffers) come from this heap. A forked worker wrote
 * to about sixty pages of the part the zygote used (copy-on-write faults) and faulted about eighty fresh ones in as it
 * grew the heap, 4 KiB at a time.
 *
 * Once the zygote is warm, cg_heap_grow_ahead makes the heap's mapping reach well past its top (a block of that size
 * taken and given back: the top stays, as the trim threshold keeps it) without touching the new pages. Each worker,
 * right after its fork, calls cg_heap_after_fork: the mapping is advised for huge pages, so the part it grows into
 * faults in once per 2 MiB, and the 2 MiB blocks the zygote used are copied into huge pages of the worker's own
 * (madvise(MADV_COLLAPSE)), one copy each in place of a fault per page written. Hints the kernel may refuse; a refusal
 * costs only page faults. Called on the zygote's Python thread, whose malloc arena the workers inherit.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "collapse.h"

#define HUGE_PAGE ((uintptr_t)2 << 20)

static char *heap_start; /* the mapping's whole 2 MiB blocks, after growing */
static char *heap_end;
static char *used_end;   /* where the mapping ended before growing: blocks below it hold the zygote's data */

/* The bounds of the mapping holding address, from /proc/self/maps. */
static int mapping_of(const void *address, uintptr_t *start, uintptr_t *end)
{
    FILE *maps = fopen("/proc/self/maps", "re");
    if (maps == NULL) return 0;
    char line[512];
    int found = 0;
    while (!found && fgets(line, sizeof line, maps) != NULL) {
        uintptr_t a, b;
        if (sscanf(line, "%lx-%lx", &a, &b) == 2 && (uintptr_t)address >= a && (uintptr_t)address < b) {
            *start = a;
            *end = b;
            found = 1;
        }
    }
    fclose(maps);
    return found;
}

/* In the zygote, warm, before its first fork: 1 when the heap reaches `ahead` bytes further and its blocks are known. */
int cg_heap_grow_ahead(size_t ahead)
{
    uintptr_t start, end;
    void *probe = malloc(64);
    if (probe == NULL) return 0;
    int found = mapping_of(probe, &start, &end);
    free(probe);
    if (!found) return 0;
    uintptr_t heap = start;
    used_end = (char *)end;
    void *block = malloc(ahead);
    if (block == NULL) return 0;
    found = mapping_of(block, &start, &end);
    free(block);
    /* The block must have grown the same mapping (not landed in a mapping of its own, which free gave back). */
    if (!found || start != heap || (char *)end <= used_end) return 0;
    heap_start = (char *)((start + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
    heap_end = (char *)(end & ~(HUGE_PAGE - 1));
    return heap_end > heap_start;
}

/* In a forked worker, first thing (in its own cgroup, which is charged for the copies): how many blocks were copied. */
int cg_heap_after_fork(void)
{
    if (heap_end <= heap_start) return 0;
    madvise(heap_start, (size_t)(heap_end - heap_start), MADV_HUGEPAGE);
    int copied = 0;
    for (char *block = heap_start; block < heap_end && block < used_end; block += HUGE_PAGE) {
        copied += cg_collapse(block, HUGE_PAGE);
    }
    return copied;
}
