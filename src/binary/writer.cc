#include "binary/writer.h"

#include "binary/leb_writer.h"
#include "binary/name_section.h"

namespace kiln::core {

namespace {

constexpr uint8_t kTagId = 13, kDataCountId = 12;

void write_limits(std::vector<uint8_t>& out, const Limits& l, bool custom_page_size = false) {
  uint8_t flags = (l.max ? 0x01 : 0) | (l.shared ? 0x02 : 0) | (l.is64 ? 0x04 : 0) | (custom_page_size ? 0x08 : 0);
  out.push_back(flags);
  write_u64_leb(out, l.min);
  if (l.max) write_u64_leb(out, *l.max);
}

// A memory type; a page size other than 64 KiB sets flag 0x08 and follows as its log2
// (custom-page-sizes).
void write_memory_type(std::vector<uint8_t>& out, const MemoryType& t) {
  bool custom = t.page_size_log2 != 16;
  write_limits(out, t.limits, custom);
  if (custom) write_u32_leb(out, t.page_size_log2);
}

void write_table_type(std::vector<uint8_t>& out, const TableType& t) {
  write_val_type(out, t.elem);
  write_limits(out, t.limits);
}

void write_global_type(std::vector<uint8_t>& out, const GlobalType& t) {
  write_val_type(out, t.type);
  out.push_back(t.mut ? 1 : 0);
}

void write_tag_type(std::vector<uint8_t>& out, const TagType& t) {
  out.push_back(0);  // attribute: exception
  write_u32_leb(out, t.type_index);
}

void write_field_type(std::vector<uint8_t>& out, const FieldType& f) {
  if (f.packed == Packed::I8) out.push_back(0x78);
  else if (f.packed == Packed::I16) out.push_back(0x77);
  else write_val_type(out, f.type);
  out.push_back(f.mut ? 1 : 0);
}

void write_sub_type(std::vector<uint8_t>& out, const SubType& st) {
  if (!st.final || !st.supertypes.empty()) {
    out.push_back(st.final ? 0x4F : 0x50);
    write_u32_leb(out, static_cast<uint32_t>(st.supertypes.size()));
    for (uint32_t s : st.supertypes) write_u32_leb(out, s);
  }
  if (st.describes) {
    out.push_back(0x4C);
    write_u32_leb(out, *st.describes);
  }
  if (st.descriptor) {
    out.push_back(0x4D);
    write_u32_leb(out, *st.descriptor);
  }
  switch (st.kind) {
    case CompositeKind::Func:
      out.push_back(0x60);
      for (const auto* list : {&st.func.params, &st.func.results}) {
        write_u32_leb(out, static_cast<uint32_t>(list->size()));
        for (const ValType& t : *list) write_val_type(out, t);
      }
      break;
    case CompositeKind::Struct:
      out.push_back(0x5F);
      write_u32_leb(out, static_cast<uint32_t>(st.fields.size()));
      for (const FieldType& f : st.fields) write_field_type(out, f);
      break;
    case CompositeKind::Array:
      out.push_back(0x5E);
      write_field_type(out, st.fields.empty() ? FieldType{} : st.fields[0]);
      break;
  }
}

// Recursive groups of more than one type are written with `rec`; a group of one is the
// same type as the bare subtype.
void type_section(std::vector<uint8_t>& s, const Module& m) {
  std::vector<RecGroup> groups = m.rec_groups;
  if (groups.empty()) {
    for (uint32_t i = 0; i < m.types.size(); ++i) groups.push_back({i, 1});
  }
  write_u32_leb(s, static_cast<uint32_t>(groups.size()));
  for (const RecGroup& g : groups) {
    if (g.count != 1) {
      s.push_back(0x4E);
      write_u32_leb(s, g.count);
    }
    for (uint32_t i = g.first; i < g.first + g.count && i < m.types.size(); ++i) write_sub_type(s, m.types[i]);
  }
}

void import_section(std::vector<uint8_t>& s, const Module& m) {
  write_u32_leb(s, static_cast<uint32_t>(m.imports.size()));
  for (const Import& im : m.imports) {
    write_name(s, im.module);
    write_name(s, im.name);
    // An exact function import (custom-descriptors) has its own kind byte.
    s.push_back(im.kind == ExternKind::Func && im.exact ? 0x20 : static_cast<uint8_t>(im.kind));
    switch (im.kind) {
      case ExternKind::Func: write_u32_leb(s, im.func_type); break;
      case ExternKind::Table: write_table_type(s, im.table); break;
      case ExternKind::Memory: write_memory_type(s, im.memory); break;
      case ExternKind::Global: write_global_type(s, im.global); break;
      case ExternKind::Tag: write_tag_type(s, im.tag); break;
    }
  }
}

bool is_funcref(const ValType& t) {
  return t.is_ref() && t.nullable && t.heap.kind == HeapKind::Func;
}

// True if `e` is exactly `ref.func i; end`; sets `idx`.
bool as_ref_func(const Expr& e, uint32_t& idx) {
  const auto& c = e.code;
  if (c.size() < 3 || c[0] != 0xD2 || c.back() != 0x0B) return false;
  uint32_t v = 0;
  size_t i = 1;
  for (int shift = 0; i < c.size() - 1 && shift < 35; ++i, shift += 7) {
    v |= static_cast<uint32_t>(c[i] & 0x7F) << shift;
    if (!(c[i] & 0x80)) break;
  }
  if (i + 2 != c.size()) return false;
  idx = v;
  return true;
}

// The most compact of the eight element segment forms: plain function indices when every
// item is `ref.func` and the type is funcref, the table index only when it is not 0, the
// element type only when the form cannot imply it.
void elem_section(std::vector<uint8_t>& s, const Module& m) {
  write_u32_leb(s, static_cast<uint32_t>(m.elems.size()));
  for (const ElemSegment& seg : m.elems) {
    std::vector<uint32_t> indices;
    bool use_indices = is_funcref(seg.type);
    for (const Expr& e : seg.items) {
      uint32_t idx;
      if (!use_indices || !as_ref_func(e, idx)) {
        use_indices = false;
        break;
      }
      indices.push_back(idx);
    }
    uint32_t flags = use_indices ? 0 : 4;
    if (seg.mode == SegmentMode::Passive) flags |= 1;
    else if (seg.mode == SegmentMode::Declarative) flags |= 3;
    else if (seg.table != 0 || (!use_indices && !is_funcref(seg.type))) flags |= 2;
    write_u32_leb(s, flags);
    if (seg.mode == SegmentMode::Active) {
      if (flags & 2) write_u32_leb(s, seg.table);
      write_bytes(s, seg.offset.code);
    }
    if (flags & 3) {
      if (use_indices) s.push_back(0x00);  // elemkind funcref
      else write_val_type(s, seg.type);
    }
    write_u32_leb(s, static_cast<uint32_t>(seg.items.size()));
    if (use_indices) {
      for (uint32_t idx : indices) write_u32_leb(s, idx);
    } else {
      for (const Expr& e : seg.items) write_bytes(s, e.code);
    }
  }
}

void code_section(std::vector<uint8_t>& s, const Module& m) {
  write_u32_leb(s, static_cast<uint32_t>(m.funcs.size()));
  std::vector<uint8_t> body;
  for (const Function& fn : m.funcs) {
    body.clear();
    write_local_decls(body, fn.locals);
    write_bytes(body, fn.body.code);
    write_u32_leb(s, static_cast<uint32_t>(body.size()));
    write_bytes(s, body);
  }
}

void data_section(std::vector<uint8_t>& s, const Module& m) {
  write_u32_leb(s, static_cast<uint32_t>(m.datas.size()));
  for (const DataSegment& d : m.datas) {
    if (d.mode == SegmentMode::Passive) {
      s.push_back(1);
    } else if (d.memory != 0) {
      s.push_back(2);
      write_u32_leb(s, d.memory);
      write_bytes(s, d.offset.code);
    } else {
      s.push_back(0);
      write_bytes(s, d.offset.code);
    }
    write_u32_leb(s, static_cast<uint32_t>(d.bytes.size()));
    s.insert(s.end(), d.bytes.begin(), d.bytes.end());
  }
}

// Encodes section `id` into `out` with its size.
void emit(std::vector<uint8_t>& out, uint8_t id, const std::vector<uint8_t>& payload) {
  out.push_back(id);
  write_u32_leb(out, static_cast<uint32_t>(payload.size()));
  write_bytes(out, payload);
}

void emit_custom(std::vector<uint8_t>& out, const std::string& name, const std::vector<uint8_t>& data) {
  std::vector<uint8_t> payload;
  write_name(payload, name);
  write_bytes(payload, data);
  emit(out, 0, payload);
}

}  // namespace

void write_heap_type(std::vector<uint8_t>& out, const HeapType& h) {
  if (h.is_concrete() && h.exact) {  // custom-descriptors: 0x62 and a u32 index
    out.push_back(0x62);
    write_u32_leb(out, h.index);
  } else if (h.is_concrete()) write_s64_leb(out, h.index);
  else out.push_back(static_cast<uint8_t>(h.kind));
}

void write_local_decls(std::vector<uint8_t>& out, const std::vector<LocalDecl>& locals) {
  // Adjacent declarations of one type are merged into one.
  std::vector<LocalDecl> decls;
  for (const LocalDecl& d : locals) {
    if (d.count == 0) continue;
    if (!decls.empty() && decls.back().type == d.type) decls.back().count += d.count;
    else decls.push_back(d);
  }
  write_u32_leb(out, static_cast<uint32_t>(decls.size()));
  for (const LocalDecl& d : decls) {
    write_u32_leb(out, d.count);
    write_val_type(out, d.type);
  }
}

void write_val_type(std::vector<uint8_t>& out, const ValType& t) {
  switch (t.kind) {
    case ValKind::I32: out.push_back(0x7F); return;
    case ValKind::I64: out.push_back(0x7E); return;
    case ValKind::F32: out.push_back(0x7D); return;
    case ValKind::F64: out.push_back(0x7C); return;
    case ValKind::V128: out.push_back(0x7B); return;
    case ValKind::Bottom: return;  // never in a module
    case ValKind::Ref: break;
  }
  if (t.nullable && !t.heap.is_concrete()) {  // the one-byte shorthand
    out.push_back(static_cast<uint8_t>(t.heap.kind));
    return;
  }
  out.push_back(t.nullable ? 0x63 : 0x64);
  write_heap_type(out, t.heap);
}

std::vector<uint8_t> write_module(const Module& m, const WriteOptions& opts) {
  std::vector<uint8_t> out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  auto customs_after = [&](uint8_t id) {
    for (const CustomSection& c : m.customs) {
      if (c.after_section != id) continue;
      if (opts.names && c.name == "name") continue;
      emit_custom(out, c.name, c.data);
    }
  };
  customs_after(0);
  std::vector<uint8_t> s;
  // Each known section in order: its payload when non-empty, then the customs after it.
  auto section = [&](uint8_t id, bool present, auto&& encode) {
    if (present) {
      s.clear();
      encode(s);
      emit(out, id, s);
    }
    customs_after(id);
  };
  section(1, !m.types.empty(), [&](auto& b) { type_section(b, m); });
  section(2, !m.imports.empty(), [&](auto& b) { import_section(b, m); });
  section(3, !m.funcs.empty(), [&](auto& b) {
    write_u32_leb(b, static_cast<uint32_t>(m.funcs.size()));
    for (const Function& fn : m.funcs) write_u32_leb(b, fn.type);
  });
  section(4, !m.tables.empty(), [&](auto& b) {
    write_u32_leb(b, static_cast<uint32_t>(m.tables.size()));
    for (const Table& t : m.tables) {
      if (t.init) {
        b.push_back(0x40);
        b.push_back(0x00);
      }
      write_table_type(b, t.type);
      if (t.init) write_bytes(b, t.init->code);
    }
  });
  section(5, !m.memories.empty(), [&](auto& b) {
    write_u32_leb(b, static_cast<uint32_t>(m.memories.size()));
    for (const MemoryType& mt : m.memories) write_memory_type(b, mt);
  });
  section(kTagId, !m.tags.empty(), [&](auto& b) {
    write_u32_leb(b, static_cast<uint32_t>(m.tags.size()));
    for (const TagType& t : m.tags) write_tag_type(b, t);
  });
  section(6, !m.globals.empty(), [&](auto& b) {
    write_u32_leb(b, static_cast<uint32_t>(m.globals.size()));
    for (const Global& g : m.globals) {
      write_global_type(b, g.type);
      write_bytes(b, g.init.code);
    }
  });
  section(7, !m.exports.empty(), [&](auto& b) {
    write_u32_leb(b, static_cast<uint32_t>(m.exports.size()));
    for (const Export& e : m.exports) {
      write_name(b, e.name);
      b.push_back(static_cast<uint8_t>(e.kind));
      write_u32_leb(b, e.index);
    }
  });
  section(8, m.start.has_value(), [&](auto& b) { write_u32_leb(b, *m.start); });
  section(9, !m.elems.empty(), [&](auto& b) { elem_section(b, m); });
  section(kDataCountId, m.data_count.has_value(), [&](auto& b) { write_u32_leb(b, *m.data_count); });
  section(10, !m.funcs.empty(), [&](auto& b) { code_section(b, m); });
  section(11, !m.datas.empty(), [&](auto& b) { data_section(b, m); });
  if (opts.names) {
    emit_custom(out, "name", encode_name_section(m.names, m.total_funcs()));
  }
  return out;
}

}  // namespace kiln::core
