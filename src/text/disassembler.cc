#include "text/disassembler.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "binary/type_reader.h"

namespace kiln::core::text {

std::string display_name(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7F || c == '"' || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string name_suffix(const NameMap& map, uint32_t index) {
  auto it = map.names.find(index);
  if (it == map.names.end()) return "";
  return " <" + display_name(it->second) + ">";
}

namespace {

const NameMap kNoNames;

const NameMap& names_of(const Module* m, const NameMap Names::*which) {
  return m ? m->names.*which : kNoNames;
}

const NameMap& local_names(const Module* m, uint32_t func) {
  if (!m) return kNoNames;
  auto it = m->names.locals.find(func);
  return it == m->names.locals.end() ? kNoNames : it->second;
}

std::string index_text(uint32_t index, const NameMap& names) {
  return std::to_string(index) + name_suffix(names, index);
}

// A float constant as the text format reads it back: decimal with enough digits to round
// trip, inf, nan, or nan:0x<payload> for a non-canonical NaN.
std::string float_text(bool negative, bool is_nan, bool is_inf, uint64_t payload, uint64_t canonical,
                       double value, int digits) {
  std::string sign = negative ? "-" : "";
  if (is_inf) return sign + "inf";
  if (is_nan) {
    if (payload == canonical) return sign + "nan";
    char buf[32];
    std::snprintf(buf, sizeof buf, "nan:0x%" PRIx64, payload);
    return sign + buf;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, value);
  return buf;
}

std::string f32_text(uint32_t bits) {
  float v;
  std::memcpy(&v, &bits, 4);
  bool exp_all_ones = ((bits >> 23) & 0xFF) == 0xFF;
  uint32_t payload = bits & 0x7FFFFF;
  return float_text(bits >> 31, exp_all_ones && payload, exp_all_ones && !payload, payload, 0x400000, v, 9);
}

std::string f64_text(uint64_t bits) {
  double v;
  std::memcpy(&v, &bits, 8);
  bool exp_all_ones = ((bits >> 52) & 0x7FF) == 0x7FF;
  uint64_t payload = bits & 0xFFFFFFFFFFFFFull;
  return float_text(bits >> 63, exp_all_ones && payload, exp_all_ones && !payload, payload,
                    0x8000000000000ull, v, 17);
}

std::string block_type_text(const BlockType& b, const Module* m) {
  switch (b.kind) {
    case BlockType::Kind::Empty: return "";
    case BlockType::Kind::Value: return " (result " + to_string(b.value) + ")";
    case BlockType::Kind::Index: return " (type " + index_text(b.index, names_of(m, &Names::types)) + ")";
  }
  return "";
}

// " N" for a memory or table index that is not 0.
std::string nonzero_index(uint32_t index, const NameMap& names) {
  return index == 0 ? "" : " " + index_text(index, names);
}

}  // namespace

std::string instr_text(const Instr& in, const Module* m, uint32_t func) {
  const OpcodeInfo& op = info(in.op);
  std::string s(op.text);
  const NameMap& memories = names_of(m, &Names::memories);
  const NameMap& tables = names_of(m, &Names::tables);
  switch (op.imm) {
    case ImmKind::None:
      break;
    case ImmKind::BlockType:
      s += block_type_text(in.block, m);
      break;
    case ImmKind::Label:
      s += " " + std::to_string(in.a);
      break;
    case ImmKind::BrTable:
      if (in.targets) {
        for (uint32_t t : *in.targets) s += " " + std::to_string(t);
      }
      break;
    case ImmKind::Func:
      s += " " + index_text(in.a, names_of(m, &Names::funcs));
      break;
    case ImmKind::CallIndirect:
      s += nonzero_index(in.b, tables) + " (type " + index_text(in.a, names_of(m, &Names::types)) + ")";
      break;
    case ImmKind::Local:
      s += " " + index_text(in.a, local_names(m, func));
      break;
    case ImmKind::Global:
      s += " " + index_text(in.a, names_of(m, &Names::globals));
      break;
    case ImmKind::Table:
      s += nonzero_index(in.a, tables);
      break;
    case ImmKind::MemArg:
      s += nonzero_index(in.mem.memory, memories);
      if (in.mem.offset != 0) s += " offset=" + std::to_string(in.mem.offset);
      s += " align=" + (in.mem.align < 64 ? std::to_string(uint64_t{1} << in.mem.align)
                                          : "2**" + std::to_string(in.mem.align));
      break;
    case ImmKind::Memory:
      s += nonzero_index(in.a, memories);
      break;
    case ImmKind::I32:
      s += " " + std::to_string(static_cast<int32_t>(in.bits));
      break;
    case ImmKind::I64:
      s += " " + std::to_string(static_cast<int64_t>(in.bits));
      break;
    case ImmKind::F32:
      s += " " + f32_text(static_cast<uint32_t>(in.bits));
      break;
    case ImmKind::F64:
      s += " " + f64_text(in.bits);
      break;
    case ImmKind::SelectT:
      if (in.a > 0) s += " (result " + to_string(in.select_type) + (in.a > 1 ? " ...)" : ")");
      break;
    case ImmKind::HeapType:
      s += " " + to_string(in.heap);
      break;
    case ImmKind::TableCopy:
      if (in.a != 0 || in.b != 0) s += " " + index_text(in.a, tables) + " " + index_text(in.b, tables);
      break;
    case ImmKind::TableInit:
      s += nonzero_index(in.b, tables) + " " + index_text(in.a, names_of(m, &Names::elems));
      break;
    case ImmKind::MemoryCopy:
      if (in.a != 0 || in.b != 0) s += " " + index_text(in.a, memories) + " " + index_text(in.b, memories);
      break;
    case ImmKind::MemoryInit:
      s += nonzero_index(in.b, memories) + " " + index_text(in.a, names_of(m, &Names::datas));
      break;
    case ImmKind::Data:
      s += " " + index_text(in.a, names_of(m, &Names::datas));
      break;
    case ImmKind::Elem:
      s += " " + index_text(in.a, names_of(m, &Names::elems));
      break;
    case ImmKind::V128:
      s += " i32x4";
      for (int lane = 0; lane < 4; ++lane) {
        char buf[16];
        std::snprintf(buf, sizeof buf, " 0x%02x%02x%02x%02x", in.v128[lane * 4 + 3], in.v128[lane * 4 + 2],
                      in.v128[lane * 4 + 1], in.v128[lane * 4]);
        s += buf;
      }
      break;
    case ImmKind::Shuffle:
      for (uint8_t l : in.v128) s += " " + std::to_string(l);
      break;
    case ImmKind::Lane:
      s += " " + std::to_string(in.lane);
      break;
    case ImmKind::MemArgLane:
      s += nonzero_index(in.mem.memory, memories);
      if (in.mem.offset != 0) s += " offset=" + std::to_string(in.mem.offset);
      s += " align=" + (in.mem.align < 64 ? std::to_string(uint64_t{1} << in.mem.align)
                                          : "2**" + std::to_string(in.mem.align));
      s += " " + std::to_string(in.lane);
      break;
    case ImmKind::Type:
      s += " " + index_text(in.a, names_of(m, &Names::types));
      break;
    case ImmKind::Tag:
      s += " " + index_text(in.a, names_of(m, &Names::tags));
      break;
    case ImmKind::TypeField: {
      s += " " + index_text(in.a, names_of(m, &Names::types));
      const NameMap* fields = &kNoNames;
      if (m) {
        auto it = m->names.fields.find(in.a);
        if (it != m->names.fields.end()) fields = &it->second;
      }
      s += " " + index_text(in.b, *fields);
      break;
    }
    case ImmKind::TypeCount:
      s += " " + index_text(in.a, names_of(m, &Names::types)) + " " + std::to_string(in.b);
      break;
    case ImmKind::TypeData:
      s += " " + index_text(in.a, names_of(m, &Names::types)) + " " + index_text(in.b, names_of(m, &Names::datas));
      break;
    case ImmKind::TypeElem:
      s += " " + index_text(in.a, names_of(m, &Names::types)) + " " + index_text(in.b, names_of(m, &Names::elems));
      break;
    case ImmKind::TypeType:
      s += " " + index_text(in.a, names_of(m, &Names::types)) + " " + index_text(in.b, names_of(m, &Names::types));
      break;
    case ImmKind::CastType:
      s += " " + to_string(in.heap);
      break;
    case ImmKind::BrOnCast:
      s += " " + std::to_string(in.a) + " " + to_string(in.heap) + " " + to_string(in.heap2);
      break;
    case ImmKind::TryTable:
      s += block_type_text(in.block, m);
      if (in.catches) {
        // (catch tag label) (catch_ref tag label) (catch_all label) (catch_all_ref label)
        for (const CatchClause& c : *in.catches) {
          switch (c.kind) {
            case CatchClause::Kind::Catch: s += " (catch "; break;
            case CatchClause::Kind::CatchRef: s += " (catch_ref "; break;
            case CatchClause::Kind::CatchAll: s += " (catch_all "; break;
            case CatchClause::Kind::CatchAllRef: s += " (catch_all_ref "; break;
          }
          bool has_tag = c.kind == CatchClause::Kind::Catch || c.kind == CatchClause::Kind::CatchRef;
          if (has_tag) s += index_text(c.tag, names_of(m, &Names::tags)) + " ";
          s += std::to_string(c.label) + ")";
        }
      }
      break;
    case ImmKind::ZeroByte:
      break;
  }
  return s;
}

std::string const_expr_text(const Expr& e, const Module* m, const Features& f) {
  ByteReader r(e.code.data(), e.code.size(), e.offset);
  InstrReader reader(r, f);
  std::string s;
  while (!r.at_end()) {
    auto in = reader.read();
    if (!in.ok()) return s + (s.empty() ? "" : "; ") + "<malformed: " + in.error().message + ">";
    if (in->op == Opcode::End && r.at_end()) break;
    if (!s.empty()) s += "; ";
    s += instr_text(*in, m, 0);
  }
  return s;
}

namespace {

constexpr size_t kBytesPerLine = 8;

// One or more lines for the bytes [from, to) of the body at file offset `at`: the text
// on the first, the bytes that do not fit on continuation lines.
void emit(std::string& out, const uint8_t* from, const uint8_t* to, size_t at, const std::string& text) {
  size_t n = static_cast<size_t>(to - from);
  size_t done = 0;
  do {
    char buf[32];
    std::snprintf(buf, sizeof buf, " %06zx:", at + done);
    std::string line = buf;
    size_t chunk = std::min(kBytesPerLine, n - done);
    for (size_t i = 0; i < chunk; ++i) {
      std::snprintf(buf, sizeof buf, " %02x", from[done + i]);
      line += buf;
    }
    if (done == 0) {
      line.resize(9 + 3 * kBytesPerLine, ' ');
      line += " | " + text;
    }
    out += line + "\n";
    done += chunk;
  } while (done < n);
}

uint32_t param_count(const Module* m, uint32_t func) {
  if (!m || func >= m->total_funcs()) return 0;
  uint32_t t = m->func_type_index(func);
  if (t >= m->types.size() || m->types[t].kind != CompositeKind::Func) return 0;
  return static_cast<uint32_t>(m->types[t].func.params.size());
}

}  // namespace

Status disassemble_body(const uint8_t* body, size_t size, size_t offset, const Module* m,
                        uint32_t func, const Features& f, std::string& out) {
  ByteReader r(body, size, offset);
  auto here = [&] { return body + (r.offset() - offset); };

  // Local declarations (https://webassembly.github.io/spec/core/binary/modules.html#code-section).
  const uint8_t* start = here();
  KILN_ASSIGN(uint32_t groups, r.count(2));
  emit(out, start, here(), offset, groups == 0 ? "no locals" : "locals: " + std::to_string(groups) + (groups == 1 ? " entry" : " entries"));
  uint64_t next_local = param_count(m, func);
  for (uint32_t g = 0; g < groups; ++g) {
    start = here();
    size_t at = r.offset();
    KILN_ASSIGN(uint32_t n, r.u32());
    KILN_ASSIGN(ValType t, read_val_type(r, f));
    std::string range = n == 1 ? std::to_string(next_local)
                               : std::to_string(next_local) + ".." + std::to_string(next_local + n - 1);
    emit(out, start, here(), at, n == 0 ? "local[] " + to_string(t) : "local[" + range + "] " + to_string(t));
    next_local += n;
  }

  // Instructions, indented by block depth. Blocks are numbered in order for the label
  // names of the name section; branches to a named label show its name.
  const NameMap* labels = &kNoNames;
  if (m) {
    auto it = m->names.labels.find(func);
    if (it != m->names.labels.end()) labels = &it->second;
  }
  std::vector<uint32_t> open;  // label index of each enclosing block, innermost last
  uint32_t blocks = 0;
  InstrReader reader(r, f);
  while (!r.at_end()) {
    start = here();
    KILN_ASSIGN(Instr in, reader.read());
    size_t indent = open.size();
    std::string text = instr_text(in, m, func);
    switch (in.op) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::If:
      case Opcode::Try:
      case Opcode::TryTable:
        text += name_suffix(*labels, blocks);
        open.push_back(blocks++);
        break;
      case Opcode::Else:
      case Opcode::Catch:
      case Opcode::CatchAll:
        if (indent > 0) --indent;
        break;
      case Opcode::Delegate:  // ends a legacy try block
      case Opcode::End:
        if (!open.empty()) {
          open.pop_back();
          indent = open.size();
        }
        break;
      case Opcode::Br:
      case Opcode::BrIf:
        if (in.a < open.size()) text += name_suffix(*labels, open[open.size() - 1 - in.a]);
        break;
      default:
        break;
    }
    emit(out, start, here(), in.offset, std::string(2 * indent, ' ') + text);
  }
  return Ok();
}

}  // namespace kiln::core::text
