// The printer's module fields (https://webassembly.github.io/spec/core/text/modules.html):
// types, imports, functions, tables, memories, tags, globals, exports, start, element and
// data segments, in the order of the binary format's sections.
#include "text/printer.h"

#include <set>

#include "base/utf8.h"
#include "text/print_context.h"

namespace kiln::core::text {

namespace print {

std::string IdSpace::ref(uint32_t i) const {
  if (i < ids.size() && !ids[i].empty()) return ids[i];
  return std::to_string(i);
}

void IdSpace::append_ref(std::string& out, uint32_t i) const {
  out += ' ';
  if (i < ids.size() && !ids[i].empty()) {
    out += ids[i];
  } else {
    append_uint(out, i);
  }
}

std::string IdSpace::def(uint32_t i) const {
  if (i < ids.size() && !ids[i].empty()) return " " + ids[i];
  return " (;" + std::to_string(i) + ";)";
}

IdSpace resolve_ids(const NameMap* map, uint32_t count) {
  IdSpace s;
  if (!map || map->names.empty()) return s;
  std::set<std::string_view> taken;
  for (const auto& [index, name] : map->names) {
    if (index >= count) break;
    if (name.empty() || !is_valid_utf8(name) || !taken.insert(name).second) continue;
    if (s.ids.size() <= index) s.ids.resize(index + 1);
    s.ids[index] = id_text(name);
  }
  return s;
}

Context::Context(const Module& mod, const PrintOptions& o) : m(mod), opts(o) {
  if (!o.names) return;
  const Names& n = m.names;
  types = resolve_ids(&n.types, static_cast<uint32_t>(m.types.size()));
  funcs = resolve_ids(&n.funcs, m.total_funcs());
  tables = resolve_ids(&n.tables, m.total_tables());
  memories = resolve_ids(&n.memories, m.total_memories());
  globals = resolve_ids(&n.globals, m.total_globals());
  tags = resolve_ids(&n.tags, m.total_tags());
  elems = resolve_ids(&n.elems, static_cast<uint32_t>(m.elems.size()));
  datas = resolve_ids(&n.datas, static_cast<uint32_t>(m.datas.size()));
}

std::string Context::heap_type(const HeapType& h) const {
  if (h.is_concrete()) return h.exact ? "(exact " + types.ref(h.index) + ")" : types.ref(h.index);
  return to_string(h);
}

std::string Context::val_type(const ValType& t) const {
  if (t.is_ref() && t.heap.is_concrete()) {
    return std::string("(ref ") + (t.nullable ? "null " : "") + heap_type(t.heap) + ")";
  }
  return to_string(t);
}

const FuncType* Context::func_type_at(uint32_t type_index) const {
  if (type_index >= m.types.size() || m.types[type_index].kind != CompositeKind::Func) return nullptr;
  return &m.types[type_index].func;
}

std::string Context::type_use(uint32_t type_index, const std::vector<std::string>* param_ids) const {
  std::string s = "(type " + types.ref(type_index) + ")";
  const FuncType* ft = func_type_at(type_index);
  if (!ft) return s;
  bool open = false;  // inside an unnamed `(param ...` group
  for (size_t i = 0; i < ft->params.size(); ++i) {
    const std::string* id = param_ids && i < param_ids->size() && !(*param_ids)[i].empty() ? &(*param_ids)[i] : nullptr;
    if (id) {
      if (open) s += ")";
      open = false;
      s += " (param " + *id + " " + val_type(ft->params[i]) + ")";
    } else {
      s += open ? " " : " (param ";
      open = true;
      s += val_type(ft->params[i]);
    }
  }
  if (open) s += ")";
  if (!ft->results.empty()) {
    s += " (result";
    for (const ValType& t : ft->results) s += " " + val_type(t);
    s += ")";
  }
  return s;
}

void Context::newline(uint32_t indent) {
  constexpr uint32_t kMaxIndent = 64;
  out += '\n';
  out.append(2 * std::min(indent, kMaxIndent), ' ');
  line_comment = false;
}

void Context::close(uint32_t indent) {
  if (line_comment) newline(indent);
  out += ')';
}

}  // namespace print

namespace {

using print::Context;

std::string limits_text(const Limits& l) {
  std::string s = l.is64 ? "i64 " : "";
  s += std::to_string(l.min);
  if (l.max) s += " " + std::to_string(*l.max);
  return s;
}

std::string table_type_text(const Context& c, const TableType& t) {
  return limits_text(t.limits) + " " + c.val_type(t.elem);
}

std::string memory_type_text(const MemoryType& t) {
  std::string s = limits_text(t.limits);
  if (t.limits.shared) s += " shared";
  if (t.page_size_log2 != 16) s += " (pagesize " + std::to_string(uint64_t(1) << (t.page_size_log2 & 63)) + ")";
  return s;
}

std::string global_type_text(const Context& c, const GlobalType& g) {
  if (g.mut) return "(mut " + c.val_type(g.type) + ")";
  return c.val_type(g.type);
}

std::string field_type_text(const Context& c, const FieldType& f) {
  std::string t = f.packed == Packed::I8 ? "i8" : f.packed == Packed::I16 ? "i16" : c.val_type(f.type);
  return f.mut ? "(mut " + t + ")" : t;
}

// (func ...), (struct ...) or (array ...), wrapped in (sub ...) unless final without
// supertypes.
std::string sub_type_text(const Context& c, uint32_t index, const SubType& st) {
  std::string s;
  switch (st.kind) {
    case CompositeKind::Func: {
      s = "(func";
      if (!st.func.params.empty()) {
        s += " (param";
        for (const ValType& t : st.func.params) s += " " + c.val_type(t);
        s += ")";
      }
      if (!st.func.results.empty()) {
        s += " (result";
        for (const ValType& t : st.func.results) s += " " + c.val_type(t);
        s += ")";
      }
      s += ")";
      break;
    }
    case CompositeKind::Struct: {
      s = "(struct";
      const NameMap* names = nullptr;
      if (c.opts.names) {
        auto it = c.m.names.fields.find(index);
        if (it != c.m.names.fields.end()) names = &it->second;
      }
      print::IdSpace ids = print::resolve_ids(names, static_cast<uint32_t>(st.fields.size()));
      for (uint32_t i = 0; i < st.fields.size(); ++i) {
        s += " (field ";
        if (i < ids.ids.size() && !ids.ids[i].empty()) s += ids.ids[i] + " ";
        s += field_type_text(c, st.fields[i]) + ")";
      }
      s += ")";
      break;
    }
    case CompositeKind::Array:
      s = "(array " + (st.fields.empty() ? std::string("i32") : field_type_text(c, st.fields[0])) + ")";
      break;
  }
  // custom-descriptors clauses stand before the composite type.
  if (st.descriptor) s = "(descriptor " + c.types.ref(*st.descriptor) + ") " + s;
  if (st.describes) s = "(describes " + c.types.ref(*st.describes) + ") " + s;
  if (st.final && st.supertypes.empty()) return s;
  std::string sub = st.final ? "(sub final" : "(sub";
  for (uint32_t super : st.supertypes) sub += " " + c.types.ref(super);
  return sub + " " + s + ")";
}

void print_types(Context& c) {
  const Module& m = c.m;
  std::vector<RecGroup> groups = m.rec_groups;
  if (groups.empty()) {
    for (uint32_t i = 0; i < m.types.size(); ++i) groups.push_back({i, 1});
  }
  for (const RecGroup& g : groups) {
    bool rec = g.count != 1;
    uint32_t indent = 1;
    if (rec) {
      c.newline(1);
      c.out += "(rec";
      indent = 2;
    }
    for (uint32_t i = g.first; i < g.first + g.count && i < m.types.size(); ++i) {
      c.newline(indent);
      c.out += "(type" + c.types.def(i) + " " + sub_type_text(c, i, m.types[i]) + ")";
    }
    if (rec) c.out += ")";
  }
}

void print_imports(Context& c) {
  const Module& m = c.m;
  uint32_t counts[5] = {0, 0, 0, 0, 0};
  for (const Import& im : m.imports) {
    uint32_t index = counts[static_cast<int>(im.kind)]++;
    c.newline(1);
    c.out += "(import ";
    print::append_string(c.out, im.module, true);
    c.out += " ";
    print::append_string(c.out, im.name, true);
    switch (im.kind) {
      case ExternKind::Func:
        if (im.exact) {  // custom-descriptors
          c.out += " (func" + c.funcs.def(index) + " (exact (type " + c.types.ref(im.func_type) + ")))";
        } else {
          c.out += " (func" + c.funcs.def(index) + " (type " + c.types.ref(im.func_type) + "))";
        }
        break;
      case ExternKind::Table:
        c.out += " (table" + c.tables.def(index) + " " + table_type_text(c, im.table) + ")";
        break;
      case ExternKind::Memory:
        c.out += " (memory" + c.memories.def(index) + " " + memory_type_text(im.memory) + ")";
        break;
      case ExternKind::Global:
        c.out += " (global" + c.globals.def(index) + " " + global_type_text(c, im.global) + ")";
        break;
      case ExternKind::Tag:
        c.out += " (tag" + c.tags.def(index) + " " + c.type_use(im.tag.type_index) + ")";
        break;
    }
    c.out += ")";
  }
}

// Names of a function's parameters and locals, unique within the function.
std::vector<std::string> local_ids(const Context& c, uint32_t func_index, uint32_t count) {
  if (!c.opts.names) return {};
  auto it = c.m.names.locals.find(func_index);
  if (it == c.m.names.locals.end()) return {};
  return print::resolve_ids(&it->second, count).ids;
}

void print_funcs(Context& c) {
  const Module& m = c.m;
  for (size_t i = 0; i < m.funcs.size(); ++i) {
    const Function& f = m.funcs[i];
    uint32_t index = m.num_imported_funcs + static_cast<uint32_t>(i);
    const FuncType* ft = c.func_type_at(f.type);
    uint32_t num_params = ft ? static_cast<uint32_t>(ft->params.size()) : 0;
    std::vector<std::string> ids = local_ids(c, index, num_params + f.num_locals);
    c.newline(1);
    c.out += "(func" + c.funcs.def(index) + " " + c.type_use(f.type, &ids);
    print::print_function_body(c, index, f, ids, 2);
    c.close(1);
  }
}

void print_tables(Context& c) {
  const Module& m = c.m;
  for (size_t i = 0; i < m.tables.size(); ++i) {
    const Table& t = m.tables[i];
    c.newline(1);
    c.out += "(table" + c.tables.def(m.num_imported_tables + static_cast<uint32_t>(i)) + " " +
             table_type_text(c, t.type);
    if (t.init) print::print_const_expr(c, *t.init);
    c.out += ")";
  }
}

void print_memories(Context& c) {
  const Module& m = c.m;
  for (size_t i = 0; i < m.memories.size(); ++i) {
    c.newline(1);
    c.out += "(memory" + c.memories.def(m.num_imported_memories + static_cast<uint32_t>(i)) + " " +
             memory_type_text(m.memories[i]) + ")";
  }
}

void print_tags(Context& c) {
  const Module& m = c.m;
  for (size_t i = 0; i < m.tags.size(); ++i) {
    c.newline(1);
    c.out += "(tag" + c.tags.def(m.num_imported_tags + static_cast<uint32_t>(i)) + " " +
             c.type_use(m.tags[i].type_index) + ")";
  }
}

void print_globals(Context& c) {
  const Module& m = c.m;
  for (size_t i = 0; i < m.globals.size(); ++i) {
    const Global& g = m.globals[i];
    c.newline(1);
    c.out += "(global" + c.globals.def(m.num_imported_globals + static_cast<uint32_t>(i)) + " " +
             global_type_text(c, g.type);
    print::print_const_expr(c, g.init);
    c.out += ")";
  }
}

void print_exports(Context& c) {
  for (const Export& e : c.m.exports) {
    c.newline(1);
    c.out += "(export ";
    print::append_string(c.out, e.name, true);
    const print::IdSpace* space = nullptr;
    switch (e.kind) {
      case ExternKind::Func: space = &c.funcs; break;
      case ExternKind::Table: space = &c.tables; break;
      case ExternKind::Memory: space = &c.memories; break;
      case ExternKind::Global: space = &c.globals; break;
      case ExternKind::Tag: space = &c.tags; break;
    }
    c.out += std::string(" (") + to_string(e.kind) + " " + space->ref(e.index) + "))";
  }
}

// `(offset ...)`, or the abbreviation `(instr)` for an offset of one instruction.
void print_offset(Context& c, const Expr& e) {
  if (print::const_expr_length(e) == 1) {
    print::print_const_expr(c, e);
    return;
  }
  c.out += " (offset";
  print::print_const_expr(c, e);
  c.out += ")";
}

// True if `e` is exactly `ref.func i end`.
bool is_ref_func(const Expr& e) {
  return !e.code.empty() && e.code[0] == 0xD2 && print::const_expr_length(e) == 1;
}

void print_elems(Context& c) {
  const Module& m = c.m;
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& seg = m.elems[i];
    c.newline(1);
    c.out += "(elem" + c.elems.def(static_cast<uint32_t>(i));
    if (seg.mode == SegmentMode::Declarative) c.out += " declare";
    if (seg.mode == SegmentMode::Active) {
      if (seg.table != 0) c.out += " (table " + c.tables.ref(seg.table) + ")";
      print_offset(c, seg.offset);
    }
    bool indices = seg.type == ValType::funcref();
    for (const Expr& e : seg.items) indices = indices && is_ref_func(e);
    if (indices) {
      c.out += " func";
      for (const Expr& e : seg.items) {
        ByteReader r(e.code.data() + 1, e.code.size() - 1);
        c.out += " " + c.funcs.ref(r.u32().value());
      }
    } else {
      c.out += " " + c.val_type(seg.type);
      for (const Expr& e : seg.items) {
        if (print::const_expr_length(e) == 1) {
          print::print_const_expr(c, e);
        } else {
          c.out += " (item";
          print::print_const_expr(c, e);
          c.out += ")";
        }
      }
    }
    c.out += ")";
  }
}

void print_datas(Context& c) {
  const Module& m = c.m;
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment& seg = m.datas[i];
    c.newline(1);
    c.out += "(data" + c.datas.def(static_cast<uint32_t>(i));
    if (seg.mode == SegmentMode::Active) {
      if (seg.memory != 0) c.out += " (memory " + c.memories.ref(seg.memory) + ")";
      print_offset(c, seg.offset);
    }
    c.out += " ";
    print::append_string(c.out, std::string_view(reinterpret_cast<const char*>(seg.bytes.data()), seg.bytes.size()), false);
    c.out += ")";
  }
}

// Keywords of the custom annotation's placement, by section id
// (https://github.com/WebAssembly/annotations/blob/main/proposals/annotations/Overview.md).
const char* section_keyword(uint8_t id) {
  static const char* const kNames[] = {"", "type", "import", "func", "table", "memory", "global", "export",
                                       "start", "elem", "code", "data", "datacount", "tag"};
  return id < sizeof kNames / sizeof kNames[0] ? kNames[id] : "";
}

// Custom sections as `(@custom "name" (after type) "bytes")` annotations, so that a reader
// sees them; parsers that do not know the annotation skip it. The name section is already
// there as the identifiers.
void print_customs(Context& c) {
  for (const CustomSection& cs : c.m.customs) {
    if (cs.name == "name" && c.opts.names) continue;
    if (!is_valid_utf8(cs.name)) continue;
    c.newline(1);
    c.out += "(@custom ";
    print::append_string(c.out, cs.name, true);
    const char* after = section_keyword(cs.after_section);
    if (cs.after_section == 0) {
      c.out += " (before first)";
    } else if (*after) {
      c.out += std::string(" (after ") + after + ")";
    }
    c.out += " ";
    print::append_string(c.out, std::string_view(reinterpret_cast<const char*>(cs.data.data()), cs.data.size()), false);
    c.out += ")";
  }
}

}  // namespace

std::string print_module(const Module& m, const PrintOptions& o) {
  Context c(m, o);
  // About eight characters of text per byte of code: one growth of the buffer at most.
  size_t code = 0;
  for (const Function& f : m.funcs) code += f.body.code.size();
  c.out.reserve(256 + 8 * code);
  c.out = "(module";
  if (o.names && m.names.module && !m.names.module->empty() && is_valid_utf8(*m.names.module)) {
    c.out += " " + print::id_text(*m.names.module);
  }
  print_types(c);
  print_imports(c);
  print_funcs(c);
  print_tables(c);
  print_memories(c);
  print_tags(c);
  print_globals(c);
  print_exports(c);
  if (m.start) {
    c.newline(1);
    c.out += "(start " + c.funcs.ref(*m.start) + ")";
  }
  print_elems(c);
  print_datas(c);
  print_customs(c);
  c.out += ")\n";
  return std::move(c.out);
}

}  // namespace kiln::core::text
