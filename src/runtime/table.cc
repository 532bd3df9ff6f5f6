#include "runtime/objects.h"

namespace kiln::rt {

int64_t TableInst::grow(uint64_t delta, Ref init) {
  uint64_t old = elems.size();
  if (delta > max || old > max - delta) return -1;
  if (old + delta > kMaxEntries) return -1;
  elems.resize(old + delta, init);
  return static_cast<int64_t>(old);
}

}  // namespace kiln::rt
