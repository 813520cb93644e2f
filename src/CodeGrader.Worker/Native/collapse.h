/*
 * A forked worker's copy of a 2 MiB block it shares with its zygote into a huge page of its own
 * (madvise(MADV_COLLAPSE), Linux 6.1), for arena_allocator.c and malloc_heap.c.
 *
 * The kernel answers EAGAIN when it cannot take a page of the block for the moment: a sibling forked a moment before is
 * copying the same zygote block (it holds the pages' locks), or the zygote is writing to the block. Two workers forked
 * together and copying the same 8 blocks failed 41% of their copies with no second try, 2-3% with up to 3-8 immediate
 * ones, none to 1 in 1,600 with up to 8 tries 100 us apart (a C program, 100 rounds, on the machine of 2026-12-02);
 * a failed copy leaves the worker to fault the block in 4 KiB at a time. Any other refusal is final.
 */
#ifndef CODEGRADER_COLLAPSE_H
#define CODEGRADER_COLLAPSE_H

#include <errno.h>
#include <stddef.h>
#include <sys/mman.h>
#include <time.h>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25 /* Linux 6.1 */
#endif

#define CG_COLLAPSE_TRIES 8

/* 1 when the block is now a huge page of this process's own. */
static inline int cg_collapse(void *block, size_t size)
{
    const struct timespec pause = {0, 100 * 1000};
    for (int attempt = 1;; attempt++) {
        if (madvise(block, size, MADV_COLLAPSE) == 0) return 1;
        if (errno != EAGAIN || attempt == CG_COLLAPSE_TRIES) return 0;
        nanosleep(&pause, NULL);
    }
}

#endif
