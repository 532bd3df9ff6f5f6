#include "base/parallel.h"

#include <algorithm>
#include <atomic>
#include <climits>
#include <system_error>
#include <thread>
#include <vector>

namespace kiln::core {

unsigned pick_threads(unsigned requested, size_t bytes) {
  if (requested != 0) return std::min(requested, kMaxThreads);
  if (bytes < kParallelBytes) return 1;
  return std::clamp(std::thread::hardware_concurrency(), 1u, kMaxThreads);
}

Status run_in_order(uint32_t n, unsigned threads, uint32_t chunk,
                    const std::function<Status(uint32_t index, unsigned worker)>& task) {
  if (threads <= 1 || n <= chunk) {
    for (uint32_t i = 0; i < n; ++i) KILN_TRY(task(i, 0));
    return Ok();
  }
  std::atomic<uint32_t> next{0};
  std::atomic<uint32_t> first_failure{UINT32_MAX};
  struct Failure {
    uint32_t index = UINT32_MAX;
    Status status;
  };
  std::vector<Failure> failures(threads);
  // A thread stops at its own first failure, and at an index above one another thread has
  // seen: the chunks are taken in increasing order, so every index below the lowest
  // failure is taken by some thread and runs.
  auto work = [&](unsigned w) {
    while (true) {
      uint32_t begin = next.fetch_add(chunk, std::memory_order_relaxed);
      if (begin >= n) return;
      uint32_t end = begin + std::min(chunk, n - begin);
      for (uint32_t i = begin; i < end; ++i) {
        if (i > first_failure.load(std::memory_order_relaxed)) return;
        Status st = task(i, w);
        if (!st.ok()) {
          failures[w] = Failure{i, std::move(st)};
          uint32_t seen = first_failure.load(std::memory_order_relaxed);
          while (i < seen && !first_failure.compare_exchange_weak(seen, i, std::memory_order_relaxed)) {
          }
          return;
        }
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned w = 1; w < threads; ++w) {
    try {
      pool.emplace_back(work, w);
    } catch (const std::system_error&) {
      break;  // the others take its share
    }
  }
  work(0);
  for (std::thread& t : pool) t.join();
  Failure* first = nullptr;
  for (Failure& f : failures) {
    if (f.index != UINT32_MAX && (!first || f.index < first->index)) first = &f;
  }
  if (first) return std::move(first->status);
  return Ok();
}

}  // namespace kiln::core
