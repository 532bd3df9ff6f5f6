// Work shared out among threads with the result of a sequential loop: the module decoder's
// function bodies and the compiler's validation and translation run on several threads for
// large modules, reporting the same first error as one thread would.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "base/result.h"

namespace kiln::core {

// At most this many threads, and several only for at least kParallelBytes of work.
constexpr unsigned kMaxThreads = 8;
constexpr size_t kParallelBytes = 256 * 1024;

// The threads for `bytes` of work: `requested` when not 0 (at most kMaxThreads); else the
// machine's cores (at most kMaxThreads) from kParallelBytes on, 1 below.
unsigned pick_threads(unsigned requested, size_t bytes);

// Runs task(i, worker) for every i in [0, n) on `threads` threads, the calling one among
// them (worker 0; the others are 1 to threads - 1, so a task may use per-worker state), each
// taking the next `chunk` indices in increasing order from a shared counter, and returns
// what a loop from 0 that stops at the first failing task returns: the failure of the lowest
// failing index (every index below it has run and succeeded), or Ok. Indices above a failure
// may or may not have run. With one thread (or a thread the system refuses to start) the
// work stays on the calling thread. Tasks of different indices must not share mutable state
// other than their worker's.
Status run_in_order(uint32_t n, unsigned threads, uint32_t chunk,
                    const std::function<Status(uint32_t index, unsigned worker)>& task);

}  // namespace kiln::core
