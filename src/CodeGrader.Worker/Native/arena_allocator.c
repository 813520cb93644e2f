/*
 * The arena allocator a fork server's zygote gives CPython's small-object allocator (PyObject_SetArenaAllocator, before
 * Py_Initialize), which every worker forked from it inherits. In C because it runs on whatever thread Python allocates
 * from, a candidate's own threads included, where managed code must not (docs/fork-server.md, "Arenas").
 *
 * CPython 3.11 maps its 1 MiB arenas one at a time, in 4 KiB pages, and unmaps each as soon as it empties. Here arenas
 * come two at a time from 2 MiB-aligned blocks, and an emptied arena is kept for the next one instead of being
 * unmapped. The zygote's own blocks stay in 4 KiB pages: a forked worker writes to a hundred or more pages of them
 * (reference counts, the free slots of half-used pools), each write a copy-on-write fault, so right after the fork it
 * copies each of them into one huge page of its own (madvise(MADV_COLLAPSE): one copy of 2 MiB in place of a fault
 * per page; a shared huge page would be split at the first write and copied 4 KiB at a time all the same). A worker's
 * new blocks are advised for huge pages (madvise(MADV_HUGEPAGE)) and fault in once per 2 MiB. Both are hints the
 * kernel is free to refuse; a refusal costs only page faults. What is kept is memory the process has already used
 * (and been charged for); a worker serves one submission and exits, so nothing it keeps outlives it. Any other size
 * goes straight to mmap and munmap, as CPython's own allocator does. CPython calls both functions with the GIL held,
 * so the state needs no lock.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

#include "collapse.h"

/* PyObjectArenaAllocator, which PyObject_SetArenaAllocator copies. */
typedef struct {
    void *ctx;
    void *(*alloc)(void *ctx, size_t size);
    void (*free)(void *ctx, void *ptr, size_t size);
} cg_arena_allocator;

#define ARENA_SIZE ((size_t)1 << 20)
#define BLOCK_SIZE ((size_t)2 << 20)
#define ZYGOTE_BLOCKS 64

static void *kept;       /* emptied arenas, each holding the address of the next in its first word */
static char *block_next; /* the part of the current block not handed out yet */
static size_t block_left;
static char *zygote_blocks[ZYGOTE_BLOCKS]; /* the blocks taken before any fork, to be copied by each worker */
static int zygote_block_count;
static int forked;       /* set in a forked worker by cg_arena_after_fork */

static void *map(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* A fresh block at a 2 MiB boundary: twice its size mapped, then both ends unmapped. */
static int new_block(void)
{
    char *p = map(2 * BLOCK_SIZE);
    if (p == NULL) return 0;
    char *start = (char *)(((uintptr_t)p + BLOCK_SIZE - 1) & ~(uintptr_t)(BLOCK_SIZE - 1));
    char *end = start + BLOCK_SIZE;
    if (start > p) munmap(p, (size_t)(start - p));
    if (end < p + 2 * BLOCK_SIZE) munmap(end, (size_t)(p + 2 * BLOCK_SIZE - end));
    if (forked) madvise(start, BLOCK_SIZE, MADV_HUGEPAGE);
    else if (zygote_block_count < ZYGOTE_BLOCKS) zygote_blocks[zygote_block_count++] = start;
    block_next = start;
    block_left = BLOCK_SIZE;
    return 1;
}

static void *arena_alloc(void *ctx, size_t size)
{
    (void)ctx;
    if (size != ARENA_SIZE) return map(size);
    if (kept != NULL) {
        void *arena = kept;
        kept = *(void **)arena;
        return arena;
    }
    if (block_left < ARENA_SIZE && !new_block()) return map(size);
    void *arena = block_next;
    block_next += ARENA_SIZE;
    block_left -= ARENA_SIZE;
    return arena;
}

static void arena_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (size != ARENA_SIZE) {
        munmap(ptr, size);
        return;
    }
    *(void **)ptr = kept;
    kept = ptr;
}

static cg_arena_allocator allocator = { NULL, arena_alloc, arena_free };

/* In a forked worker, first thing (in its own cgroup, which is charged for the copies): the zygote's blocks copied into
 * huge pages of its own, and its new blocks advised for them. Returns how many blocks were copied. */
int cg_arena_after_fork(void)
{
    forked = 1;
    int copied = 0;
    for (int i = 0; i < zygote_block_count; i++) {
        /* MADV_COLLAPSE refuses a range marked for no huge pages; the advice also clears such a mark. */
        madvise(zygote_blocks[i], BLOCK_SIZE, MADV_HUGEPAGE);
        copied += cg_collapse(zygote_blocks[i], BLOCK_SIZE);
    }
    return copied;
}

const cg_arena_allocator *cg_arena_allocator_get(void)
{
    return &allocator;
}
