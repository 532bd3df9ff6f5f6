#include "binary/name_section.h"

#include "base/reader.h"
#include "base/utf8.h"
#include "binary/leb_writer.h"

namespace kiln::core {

namespace {

// Subsection ids of the extended name section.
enum SubId : uint8_t {
  kModule = 0, kFuncs = 1, kLocals = 2, kLabels = 3, kTypes = 4, kTables = 5,
  kMemories = 6, kGlobals = 7, kElems = 8, kDatas = 9, kFields = 10, kTags = 11,
};

Status read_name_map(ByteReader& r, NameMap& out) {
  KILN_ASSIGN(uint32_t n, r.count(2));
  for (uint32_t i = 0; i < n; ++i) {
    KILN_ASSIGN(uint32_t idx, r.u32());
    KILN_ASSIGN(std::string s, r.name());
    out.names[idx] = std::move(s);
  }
  return Ok();
}

Status read_indirect_map(ByteReader& r, std::map<uint32_t, NameMap>& out) {
  KILN_ASSIGN(uint32_t n, r.count(2));
  for (uint32_t i = 0; i < n; ++i) {
    KILN_ASSIGN(uint32_t idx, r.u32());
    KILN_TRY(read_name_map(r, out[idx]));
  }
  return Ok();
}

NameMap* simple_map(Names& names, uint8_t id) {
  switch (id) {
    case kFuncs: return &names.funcs;
    case kTypes: return &names.types;
    case kTables: return &names.tables;
    case kMemories: return &names.memories;
    case kGlobals: return &names.globals;
    case kElems: return &names.elems;
    case kDatas: return &names.datas;
    case kTags: return &names.tags;
    default: return nullptr;
  }
}

Status read_subsection(uint8_t id, ByteReader& r, Names& out) {
  if (id == kModule) {
    KILN_ASSIGN(std::string s, r.name());
    out.module = std::move(s);
    return Ok();
  }
  if (id == kLocals) return read_indirect_map(r, out.locals);
  if (id == kLabels) return read_indirect_map(r, out.labels);
  if (id == kFields) return read_indirect_map(r, out.fields);
  if (NameMap* m = simple_map(out, id)) return read_name_map(r, *m);
  return Ok();  // unknown subsections are skipped
}

void write_name_map(std::vector<uint8_t>& out, const NameMap& m) {
  write_u32_leb(out, static_cast<uint32_t>(m.names.size()));
  for (const auto& [idx, name] : m.names) {
    write_u32_leb(out, idx);
    write_name(out, name);
  }
}

void write_indirect_map(std::vector<uint8_t>& out, const std::map<uint32_t, NameMap>& m) {
  uint32_t n = 0;
  for (const auto& [idx, inner] : m) n += inner.names.empty() ? 0 : 1;
  write_u32_leb(out, n);
  for (const auto& [idx, inner] : m) {
    if (inner.names.empty()) continue;
    write_u32_leb(out, idx);
    write_name_map(out, inner);
  }
}

bool any_names(const std::map<uint32_t, NameMap>& m) {
  for (const auto& [idx, inner] : m) if (!inner.names.empty()) return true;
  return false;
}

void write_subsection(std::vector<uint8_t>& out, uint8_t id, const std::vector<uint8_t>& payload) {
  out.push_back(id);
  write_u32_leb(out, static_cast<uint32_t>(payload.size()));
  write_bytes(out, payload);
}

}  // namespace

void parse_name_section(const uint8_t* data, size_t size, Names& out) {
  ByteReader r(data, size);
  while (!r.at_end()) {
    auto id = r.u8();
    if (!id.ok()) return;
    auto len = r.count(1);
    if (!len.ok()) return;
    ByteReader sub(r.position(), *len);
    if (!r.bytes(*len).ok()) return;
    if (!read_subsection(*id, sub, out).ok()) return;
  }
}

std::vector<uint8_t> encode_name_section(const Names& names, uint32_t num_funcs) {
  std::vector<uint8_t> out, payload;
  if (names.module) {
    payload.clear();
    write_name(payload, *names.module);
    write_subsection(out, kModule, payload);
  }
  auto simple = [&](uint8_t id, const NameMap& m) {
    if (m.names.empty()) return;
    payload.clear();
    write_name_map(payload, m);
    write_subsection(out, id, payload);
  };
  auto indirect = [&](uint8_t id, const std::map<uint32_t, NameMap>& m) {
    if (!any_names(m)) return;
    payload.clear();
    write_indirect_map(payload, m);
    write_subsection(out, id, payload);
  };
  simple(kFuncs, names.funcs);
  payload.clear();
  write_u32_leb(payload, num_funcs);
  static const NameMap kNone;
  for (uint32_t f = 0; f < num_funcs; ++f) {
    auto it = names.locals.find(f);
    write_u32_leb(payload, f);
    write_name_map(payload, it == names.locals.end() ? kNone : it->second);
  }
  write_subsection(out, kLocals, payload);
  indirect(kLabels, names.labels);
  simple(kTypes, names.types);
  simple(kTables, names.tables);
  simple(kMemories, names.memories);
  simple(kGlobals, names.globals);
  simple(kElems, names.elems);
  simple(kDatas, names.datas);
  indirect(kFields, names.fields);
  simple(kTags, names.tags);
  return out;
}

}  // namespace kiln::core
