#include "runtime/type_registry.h"

#include <map>
#include <mutex>

namespace kiln::core::rt {

namespace {

// A recursive group encoded as a flat key: concrete references inside the group become
// relative indices, references outside it become canonical ids, so equal keys mean
// equivalent groups.
using Key = std::vector<uint64_t>;

struct Registry {
  std::mutex mu;
  std::map<Key, uint32_t> groups;  // key -> canonical id of the group's first type
  uint32_t next = 0;
  // The canonical id of each canonical type's declared supertype (kNoSuper: none).
  std::vector<uint32_t> supers;
};

constexpr uint32_t kNoSuper = UINT32_MAX;

Registry& registry() {
  static Registry r;
  return r;
}

void encode_heap(Key& k, const HeapType& h, const std::vector<uint32_t>& canon, RecGroup g) {
  uint64_t exact = h.exact ? 0x400 : 0;  // custom-descriptors: (exact $t) differs from $t
  if (!h.is_concrete()) {
    k.push_back(static_cast<uint64_t>(h.kind));
  } else if (h.index >= g.first && h.index < g.first + g.count) {
    k.push_back(exact | 0x100 | (static_cast<uint64_t>(h.index - g.first) << 16));  // relative
  } else {
    k.push_back(exact | 0x200 | (static_cast<uint64_t>(canon[h.index]) << 16));     // canonical
  }
}

void encode_val(Key& k, const ValType& t, const std::vector<uint32_t>& canon, RecGroup g) {
  k.push_back(static_cast<uint64_t>(t.kind) | (t.nullable ? 0x100 : 0));
  if (t.is_ref()) encode_heap(k, t.heap, canon, g);
}

// The canonical id of the group's first type; a new group's types get their declared
// supertypes recorded (`super_of(i)` for the group's i-th type, given its own first id).
template <typename SuperOf>
uint32_t intern(const Key& key, uint32_t count, SuperOf super_of) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  auto [it, inserted] = r.groups.emplace(key, r.next);
  if (inserted) {
    r.supers.resize(r.next + count, kNoSuper);
    for (uint32_t i = 0; i < count; ++i) r.supers[r.next + i] = super_of(i, r.next);
    r.next += count;
  }
  return it->second;
}

}  // namespace

std::vector<uint32_t> canonicalize_types(const Module& m) {
  std::vector<uint32_t> canon(m.types.size(), 0);
  std::vector<RecGroup> groups = m.rec_groups;
  if (groups.empty()) {  // modules without explicit groups: one group per type
    for (uint32_t i = 0; i < m.types.size(); ++i) groups.push_back({i, 1});
  }
  for (const RecGroup& g : groups) {
    Key key;
    key.push_back(g.count);
    for (uint32_t i = g.first; i < g.first + g.count; ++i) {
      const SubType& st = m.types[i];
      key.push_back(static_cast<uint64_t>(st.kind) | (st.final ? 0x100 : 0));
      key.push_back(st.supertypes.size());
      for (uint32_t s : st.supertypes) encode_heap(key, HeapType::concrete(s), canon, g);
      // The describes and descriptor clauses are part of a type's identity.
      for (const std::optional<uint32_t>* clause : {&st.describes, &st.descriptor}) {
        key.push_back(clause->has_value());
        if (*clause) encode_heap(key, HeapType::concrete(**clause), canon, g);
      }
      if (st.kind == CompositeKind::Func) {
        key.push_back(st.func.params.size());
        for (const ValType& t : st.func.params) encode_val(key, t, canon, g);
        key.push_back(st.func.results.size());
        for (const ValType& t : st.func.results) encode_val(key, t, canon, g);
      } else {
        key.push_back(st.fields.size());
        for (const FieldType& f : st.fields) {
          key.push_back(static_cast<uint64_t>(f.packed) | (f.mut ? 0x100 : 0));
          encode_val(key, f.type, canon, g);
        }
      }
    }
    uint32_t first = intern(key, g.count, [&](uint32_t i, uint32_t first_id) {
      const SubType& st = m.types[g.first + i];
      if (st.supertypes.empty()) return kNoSuper;
      uint32_t s = st.supertypes[0];
      return s >= g.first ? first_id + (s - g.first) : canon[s];
    });
    for (uint32_t i = 0; i < g.count; ++i) canon[g.first + i] = first + i;
  }
  return canon;
}

bool canonical_subtype(uint32_t a, uint32_t b) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  // Supertypes come before their subtypes, so the chain is finite.
  for (uint32_t cur = a; cur != kNoSuper; cur = cur < r.supers.size() ? r.supers[cur] : kNoSuper) {
    if (cur == b) return true;
  }
  return false;
}

uint32_t canonical_func_type(const FuncType& t) {
  Module m;
  SubType st;
  st.func = t;
  m.types.push_back(st);
  return canonicalize_types(m)[0];
}

}  // namespace kiln::core::rt
