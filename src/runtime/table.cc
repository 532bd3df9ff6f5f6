#include "runtime/objects.h"
#include "runtime/store.h"

namespace kiln::core::rt {

int64_t TableInst::grow(uint64_t delta, Ref init) {
  uint64_t old = elems.size();
  if (delta > max || old > max - delta) return -1;
  if (old + delta > kMaxEntries) return -1;
  if (store && (delta > store->limits.max_table_entries ||
                store->table_entries > store->limits.max_table_entries - delta)) {
    return -1;
  }
  elems.resize(old + delta, init);
  if (store) store->table_entries += delta;
  return static_cast<int64_t>(old);
}

}  // namespace kiln::core::rt
