// Linear memory backing store. A memory reserves its whole possible range of address space
// up front (plus a guard region) and commits pages as it grows, so `data` never moves for
// 32-bit memories; where the reservation fails it falls back to a smaller one.
#include <sys/mman.h>

#include <algorithm>
#include <cstring>

#include "runtime/objects.h"
#include "runtime/store.h"

namespace kiln::core::rt {

namespace {

constexpr uint64_t kGuardBytes = 1ull << 31;  // 2 GiB of inaccessible space after the data
// The largest address range reserved for one memory: 4 GiB + guard for 32-bit memories.
constexpr uint64_t kMaxReserve = (4ull << 30) + kGuardBytes;

uint8_t* reserve(uint64_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
}

}  // namespace

MemoryInst::~MemoryInst() {
  if (reservation) munmap(reservation, reserved);
}

int64_t MemoryInst::grow(uint64_t delta) {
  uint64_t old_pages = pages();
  if (delta == 0) return static_cast<int64_t>(old_pages);
  if (delta > max_pages || old_pages > max_pages - delta) return -1;
  uint64_t new_pages = old_pages + delta;
  uint64_t new_size = new_pages << type.page_size_log2;
  // Host memory limit for one memory: refuse sizes the address space cannot hold.
  if (new_size > (4ull << 30) && !type.limits.is64) return -1;
  if (new_size > (16ull << 30)) return -1;
  // The Store's budget for all its memories.
  uint64_t added = new_size - size;
  if (store && (added > store->limits.max_memory_bytes ||
                store->memory_bytes > store->limits.max_memory_bytes - added)) {
    return -1;
  }
  if (!reservation) {
    uint64_t max_bytes = max_pages << type.page_size_log2;
    uint64_t want = std::min<uint64_t>(max_bytes + kGuardBytes, kMaxReserve);
    want = std::max(want, new_size);
    uint8_t* p = reserve(want);
    if (!p) {
      want = new_size;
      p = reserve(want);
      if (!p) return -1;
    }
    reservation = p;
    reserved = want;
  }
  if (new_size > reserved) {
    // Move to a bigger reservation (64-bit memories beyond the first reservation).
    uint64_t want = std::max(new_size, reserved * 2);
    uint8_t* p = reserve(want);
    if (!p) return -1;
    if (mprotect(p, new_size, PROT_READ | PROT_WRITE) != 0) {
      munmap(p, want);
      return -1;
    }
    std::memcpy(p, reservation, size);
    munmap(reservation, reserved);
    reservation = p;
    reserved = want;
    committed = new_size;
  } else if (new_size > committed) {
    if (mprotect(reservation + committed, new_size - committed, PROT_READ | PROT_WRITE) != 0) {
      return -1;
    }
    committed = new_size;
  }
  data = reservation;
  size = new_size;
  if (store) store->memory_bytes += added;
  return static_cast<int64_t>(old_pages);
}

}  // namespace kiln::core::rt
