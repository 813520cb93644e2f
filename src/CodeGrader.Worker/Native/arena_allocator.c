/*
 * The arena allocator a fork server's zygote gives CPython's small-object allocator (PyObject_SetArenaAllocator),
 * which every worker forked from it inherits. In C because it runs on whatever thread Python allocates from, a
 * candidate's own threads included, where managed code must not (docs/fork-server.md, "Arenas").
 *
 * CPython 3.11 maps its 1 MiB arenas one at a time, in 4 KiB pages, and unmaps each as soon as it empties. Here arenas
 * come two at a time from 2 MiB-aligned blocks the kernel may back with one transparent huge page (a hint,
 * madvise(MADV_HUGEPAGE), which it is free to ignore), and an emptied arena is kept for the next one instead of being
 * unmapped. A fork copies and an exit frees one entry per huge page instead of 512, and a worker's new arenas fault
 * in once per 2 MiB. What is kept is memory the process has already used (and been charged for); a worker serves one
 * submission and exits, so nothing it keeps outlives it. Any other size goes straight to mmap and munmap, as
 * CPython's own allocator does. CPython calls both functions with the GIL held, so the state needs no lock.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

/* PyObjectArenaAllocator, which PyObject_SetArenaAllocator copies. */
typedef struct {
    void *ctx;
    void *(*alloc)(void *ctx, size_t size);
    void (*free)(void *ctx, void *ptr, size_t size);
} cg_arena_allocator;

#define ARENA_SIZE ((size_t)1 << 20)
#define BLOCK_SIZE ((size_t)2 << 20)

static void *kept;       /* emptied arenas, each holding the address of the next in its first word */
static char *block_next; /* the part of the current block not handed out yet */
static size_t block_left;

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
    madvise(start, BLOCK_SIZE, MADV_HUGEPAGE);
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

const cg_arena_allocator *cg_arena_allocator_get(void)
{
    return &allocator;
}
