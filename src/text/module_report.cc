#include "text/module_report.h"

#include <cinttypes>
#include <cstdio>

#include "binary/decoder.h"
#include "binary/section_index.h"
#include "text/disassembler.h"

namespace kiln::core::text {

namespace {

std::string hex(size_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*zx", width, v);
  return buf;
}

std::string limits_text(const Limits& l) {
  std::string s = l.is64 ? "i64 " : "";
  s += "min=" + std::to_string(l.min);
  if (l.max) s += " max=" + std::to_string(*l.max);
  if (l.shared) s += " shared";
  return s;
}

std::string memory_text(const MemoryType& t) {
  std::string s = limits_text(t.limits);
  if (t.page_size_log2 != 16) s += " pagesize=" + std::to_string(uint64_t{1} << (t.page_size_log2 & 63));
  return s;
}

std::string global_type_text(const GlobalType& g) { return to_string(g.type) + (g.mut ? " mutable" : " immutable"); }

std::string field_text(const FieldType& f) {
  std::string s = f.mut ? "mut " : "";
  switch (f.packed) {
    case Packed::I8: return s + "i8";
    case Packed::I16: return s + "i16";
    case Packed::None: break;
  }
  return s + to_string(f.type);
}

std::string sub_type_text(const SubType& t) {
  std::string s;
  if (!t.final || !t.supertypes.empty()) {
    s += t.final ? "sub final" : "sub";
    for (uint32_t super : t.supertypes) s += " type[" + std::to_string(super) + "]";
    s += " ";
  }
  // custom-descriptors clauses
  if (t.describes) s += "describes type[" + std::to_string(*t.describes) + "] ";
  if (t.descriptor) s += "descriptor type[" + std::to_string(*t.descriptor) + "] ";
  switch (t.kind) {
    case CompositeKind::Func: return s + "func " + to_string(t.func);
    case CompositeKind::Struct: {
      s += "struct {";
      for (size_t i = 0; i < t.fields.size(); ++i) s += (i ? ", " : "") + field_text(t.fields[i]);
      return s + "}";
    }
    case CompositeKind::Array: return s + "array " + (t.fields.empty() ? "?" : field_text(t.fields[0]));
  }
  return s;
}

// "type[3] [i32] -> []" for a function's type index, checked against the type section.
std::string signature_text(const Module& m, uint32_t type_index) {
  std::string s = "type[" + std::to_string(type_index) + "]";
  if (type_index < m.types.size() && m.types[type_index].kind == CompositeKind::Func) {
    s += " " + to_string(m.types[type_index].func);
  }
  return s;
}

std::string extern_index_text(const Module& m, ExternKind k, uint32_t index) {
  std::string s = std::string(to_string(k)) + "[" + std::to_string(index) + "]";
  switch (k) {
    case ExternKind::Func: return s + name_suffix(m.names.funcs, index);
    case ExternKind::Table: return s + name_suffix(m.names.tables, index);
    case ExternKind::Memory: return s + name_suffix(m.names.memories, index);
    case ExternKind::Global: return s + name_suffix(m.names.globals, index);
    case ExternKind::Tag: return s + name_suffix(m.names.tags, index);
  }
  return s;
}

const char* mode_text(SegmentMode mode) {
  switch (mode) {
    case SegmentMode::Passive: return "passive";
    case SegmentMode::Active: return "active";
    case SegmentMode::Declarative: return "declarative";
  }
  return "?";
}

// The (offset, size) of each entry of the code section.
std::vector<std::pair<size_t, size_t>> code_entries(const uint8_t* data, const SectionInfo& s) {
  std::vector<std::pair<size_t, size_t>> entries;
  ByteReader r(data + s.payload_offset, s.payload_size, s.payload_offset);
  auto n = r.count(1);
  if (!n.ok()) return entries;
  for (uint32_t i = 0; i < *n; ++i) {
    auto size = r.u32();
    if (!size.ok() || *size > r.remaining()) break;
    entries.emplace_back(r.offset(), *size);
    (void)r.bytes(*size);
  }
  return entries;
}

// Up to 64 bytes of data, 16 a line: offset within the segment, hex, printable ASCII.
void dump_bytes(std::string& out, const std::vector<uint8_t>& data) {
  constexpr size_t kShown = 64;
  size_t n = std::min(data.size(), kShown);
  for (size_t line = 0; line < n; line += 16) {
    char buf[32];  // room for any size_t, so no truncation warning at any -O level
    std::snprintf(buf, sizeof buf, "   - %07zx:", line);
    std::string hexes = buf, ascii;
    for (size_t i = line; i < line + 16; ++i) {
      if (i < n) {
        std::snprintf(buf, sizeof buf, "%s%02x", (i - line) % 2 ? "" : " ", data[i]);
        hexes += buf;
        ascii += data[i] >= 0x20 && data[i] < 0x7F ? static_cast<char>(data[i]) : '.';
      } else {
        hexes += (i - line) % 2 ? "  " : "   ";
      }
    }
    out += hexes + "  " + ascii + "\n";
  }
  if (data.size() > kShown) out += "   - ... " + std::to_string(data.size() - kShown) + " more bytes\n";
}

void name_map_lines(std::string& out, const std::string& prefix, const NameMap& map) {
  for (const auto& [index, name] : map.names) {
    out += "   - " + prefix + "[" + std::to_string(index) + "] <" + display_name(name) + ">\n";
  }
}

void indirect_map_lines(std::string& out, const std::string& outer, const std::string& inner,
                        const std::map<uint32_t, NameMap>& maps) {
  for (const auto& [index, map] : maps) {
    name_map_lines(out, outer + "[" + std::to_string(index) + "] " + inner, map);
  }
}

void name_section_lines(std::string& out, const Names& n) {
  if (n.module) out += "   - module <" + display_name(*n.module) + ">\n";
  name_map_lines(out, "func", n.funcs);
  indirect_map_lines(out, "func", "local", n.locals);
  indirect_map_lines(out, "func", "label", n.labels);
  name_map_lines(out, "type", n.types);
  name_map_lines(out, "table", n.tables);
  name_map_lines(out, "memory", n.memories);
  name_map_lines(out, "global", n.globals);
  name_map_lines(out, "elem", n.elems);
  name_map_lines(out, "data", n.datas);
  indirect_map_lines(out, "type", "field", n.fields);
  name_map_lines(out, "tag", n.tags);
}

// The -x lines of one section.
void section_details(std::string& out, const uint8_t* data, const SectionInfo& s, const Module& m,
                     const Features& f) {
  std::string title = section_name(s.id);
  if (s.count && s.id != static_cast<uint8_t>(SectionId::Start)) title += "[" + std::to_string(*s.count) + "]";
  out += title + ":\n";
  switch (static_cast<SectionId>(s.id)) {
    case SectionId::Custom: {
      out += " - name: \"" + display_name(s.name) + "\" size=" + std::to_string(s.payload_size) + "\n";
      if (s.name == "name") {
        name_section_lines(out, m.names);
      } else {
        // The bytes after the name (the decoder keeps them with the payload offset).
        for (const CustomSection& c : m.customs) {
          if (c.offset == s.payload_offset) {
            dump_bytes(out, c.data);
            break;
          }
        }
      }
      break;
    }
    case SectionId::Type:
      for (size_t i = 0; i < m.types.size(); ++i) {
        for (const RecGroup& g : m.rec_groups) {
          if (g.first == i && g.count != 1) {
            out += " - rec group of " + std::to_string(g.count) + " types:\n";
          }
        }
        out += " - type[" + std::to_string(i) + "]" + name_suffix(m.names.types, static_cast<uint32_t>(i)) + " " +
               sub_type_text(m.types[i]) + "\n";
      }
      break;
    case SectionId::Import: {
      uint32_t next[5] = {};
      for (const Import& im : m.imports) {
        uint32_t index = next[static_cast<int>(im.kind)]++;
        std::string what;
        switch (im.kind) {
          case ExternKind::Func: what = (im.exact ? "exact " : "") + signature_text(m, im.func_type); break;
          case ExternKind::Table: what = to_string(im.table.elem) + " " + limits_text(im.table.limits); break;
          case ExternKind::Memory: what = memory_text(im.memory); break;
          case ExternKind::Global: what = global_type_text(im.global); break;
          case ExternKind::Tag: what = signature_text(m, im.tag.type_index); break;
        }
        out += " - " + extern_index_text(m, im.kind, index) + " " + what + " <- " + display_name(im.module) + "." +
               display_name(im.name) + "\n";
      }
      break;
    }
    case SectionId::Function:
      for (size_t i = 0; i < m.funcs.size(); ++i) {
        uint32_t index = m.num_imported_funcs + static_cast<uint32_t>(i);
        out += " - " + extern_index_text(m, ExternKind::Func, index) + " " + signature_text(m, m.funcs[i].type) + "\n";
      }
      break;
    case SectionId::Table:
      for (size_t i = 0; i < m.tables.size(); ++i) {
        const Table& t = m.tables[i];
        out += " - " + extern_index_text(m, ExternKind::Table, m.num_imported_tables + static_cast<uint32_t>(i)) + " " +
               to_string(t.type.elem) + " " + limits_text(t.type.limits);
        if (t.init) out += " init " + const_expr_text(*t.init, &m, f);
        out += "\n";
      }
      break;
    case SectionId::Memory:
      for (size_t i = 0; i < m.memories.size(); ++i) {
        out += " - " + extern_index_text(m, ExternKind::Memory, m.num_imported_memories + static_cast<uint32_t>(i)) +
               " " + memory_text(m.memories[i]) + "\n";
      }
      break;
    case SectionId::Global:
      for (size_t i = 0; i < m.globals.size(); ++i) {
        const Global& g = m.globals[i];
        out += " - " + extern_index_text(m, ExternKind::Global, m.num_imported_globals + static_cast<uint32_t>(i)) +
               " " + global_type_text(g.type) + " init " + const_expr_text(g.init, &m, f) + "\n";
      }
      break;
    case SectionId::Tag:
      for (size_t i = 0; i < m.tags.size(); ++i) {
        out += " - " + extern_index_text(m, ExternKind::Tag, m.num_imported_tags + static_cast<uint32_t>(i)) + " " +
               signature_text(m, m.tags[i].type_index) + "\n";
      }
      break;
    case SectionId::Export:
      for (const Export& e : m.exports) {
        out += " - " + extern_index_text(m, e.kind, e.index) + " -> \"" + display_name(e.name) + "\"\n";
      }
      break;
    case SectionId::Start:
      if (m.start) out += " - start " + extern_index_text(m, ExternKind::Func, *m.start) + "\n";
      break;
    case SectionId::Elem:
      for (size_t i = 0; i < m.elems.size(); ++i) {
        const ElemSegment& e = m.elems[i];
        out += " - elem[" + std::to_string(i) + "]" + name_suffix(m.names.elems, static_cast<uint32_t>(i)) + " " +
               mode_text(e.mode);
        if (e.mode == SegmentMode::Active) {
          out += " " + extern_index_text(m, ExternKind::Table, e.table) + " offset " + const_expr_text(e.offset, &m, f);
        }
        out += " " + to_string(e.type) + " count=" + std::to_string(e.items.size()) + "\n";
        for (size_t k = 0; k < e.items.size(); ++k) {
          out += "   - [" + std::to_string(k) + "] " + const_expr_text(e.items[k], &m, f) + "\n";
        }
      }
      break;
    case SectionId::DataCount:
      if (m.data_count) out += " - data count " + std::to_string(*m.data_count) + "\n";
      break;
    case SectionId::Code: {
      auto entries = code_entries(data, s);
      for (size_t i = 0; i < entries.size(); ++i) {
        uint32_t index = m.num_imported_funcs + static_cast<uint32_t>(i);
        out += " - " + extern_index_text(m, ExternKind::Func, index) + " offset=" + hex(entries[i].first, 8) +
               " size=" + std::to_string(entries[i].second);
        if (i < m.funcs.size()) out += " locals=" + std::to_string(m.funcs[i].num_locals);
        out += "\n";
      }
      break;
    }
    case SectionId::Data:
      for (size_t i = 0; i < m.datas.size(); ++i) {
        const DataSegment& d = m.datas[i];
        out += " - data[" + std::to_string(i) + "]" + name_suffix(m.names.datas, static_cast<uint32_t>(i)) + " " +
               mode_text(d.mode);
        if (d.mode == SegmentMode::Active) {
          out += " " + extern_index_text(m, ExternKind::Memory, d.memory) + " offset " +
                 const_expr_text(d.offset, &m, f);
        }
        out += " size=" + std::to_string(d.bytes.size()) + "\n";
        dump_bytes(out, d.bytes);
      }
      break;
  }
}

// The -d listing of every function body.
Status disassembly(std::string& out, const uint8_t* data, const SectionIndex& index, const Module& m,
                   const Features& f) {
  out += "\nCode disassembly:\n";
  for (const SectionInfo& s : index.sections) {
    if (s.id != static_cast<uint8_t>(SectionId::Code)) continue;
    auto entries = code_entries(data, s);
    for (size_t i = 0; i < entries.size(); ++i) {
      uint32_t func = m.num_imported_funcs + static_cast<uint32_t>(i);
      auto [at, size] = entries[i];
      out += "\n" + extern_index_text(m, ExternKind::Func, func) + " at " + hex(at, 6) + ", size " +
             std::to_string(size) + ":\n";
      KILN_TRY(disassemble_body(data + at, size, at, &m, func, f, out));
    }
  }
  return Ok();
}


void section_headers(std::string& out, const SectionIndex& index) {
  out += "\nSections:\n";
  if (index.sections.empty()) out += "  (none)\n";
  for (const SectionInfo& s : index.sections) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %2u %-9s start=%s end=%s (size=%s)", s.id, section_name(s.id),
                  hex(s.payload_offset, 8).c_str(), hex(s.payload_end(), 8).c_str(), hex(s.payload_size, 8).c_str());
    out += buf;
    if (s.id == static_cast<uint8_t>(SectionId::Custom)) {
      out += " \"" + display_name(s.name) + "\"";
    } else if (s.id == static_cast<uint8_t>(SectionId::Start)) {
      out += " func: " + std::to_string(*s.count);
    } else if (s.count) {
      out += " count: " + std::to_string(*s.count);
    }
    out += "\n";
  }
}

}  // namespace

Status report_module(const uint8_t* data, size_t size, const ReportOptions& opts, std::string& out) {
  SectionIndex index = index_sections(data, size);
  out += "version " + std::to_string(index.version) + ", " + std::to_string(size) + " bytes\n";
  bool headers = opts.headers || (!opts.details && !opts.disassemble);
  if (headers) section_headers(out, index);
  if (index.error) return *index.error;
  if (!opts.details && !opts.disassemble) return Ok();

  KILN_ASSIGN(Module m, decode_module(data, size, opts.features));
  if (opts.details) {
    out += "\nSection details:\n";
    for (const SectionInfo& s : index.sections) {
      out += "\n";
      section_details(out, data, s, m, opts.features);
    }
  }
  if (opts.disassemble) KILN_TRY(disassembly(out, data, index, m, opts.features));
  return Ok();
}

}  // namespace kiln::core::text
