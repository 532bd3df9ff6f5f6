#include "binary/section_index.h"

#include <cstring>

#include "base/reader.h"

namespace kiln::core {

const char* section_name(uint8_t id) {
  switch (static_cast<SectionId>(id)) {
    case SectionId::Custom: return "Custom";
    case SectionId::Type: return "Type";
    case SectionId::Import: return "Import";
    case SectionId::Function: return "Function";
    case SectionId::Table: return "Table";
    case SectionId::Memory: return "Memory";
    case SectionId::Global: return "Global";
    case SectionId::Export: return "Export";
    case SectionId::Start: return "Start";
    case SectionId::Elem: return "Elem";
    case SectionId::Code: return "Code";
    case SectionId::Data: return "Data";
    case SectionId::DataCount: return "DataCount";
    case SectionId::Tag: return "Tag";
  }
  return "Unknown";
}

namespace {

Error malformed(size_t at, std::string msg) { return Error(at, std::move(msg), ErrorKind::Malformed); }

// Reads one section header and what the index records of its payload.
Result<SectionInfo> read_section(ByteReader& r, const uint8_t* data) {
  SectionInfo s;
  s.header_offset = r.offset();
  KILN_ASSIGN(s.id, r.u8());
  if (s.id > static_cast<uint8_t>(SectionId::Tag)) return malformed(s.header_offset, "malformed section id");
  size_t size_at = r.offset();
  KILN_ASSIGN(uint32_t size, r.u32());
  s.payload_offset = r.offset();
  s.payload_size = size;
  if (size > r.remaining()) return malformed(size_at, "length out of bounds");
  ByteReader payload(data + s.payload_offset, size, s.payload_offset);
  switch (static_cast<SectionId>(s.id)) {
    case SectionId::Custom: {
      // Errors in the name are reported at its start, as the decoder does.
      size_t at = payload.offset();
      auto name = payload.name();
      if (!name.ok()) return malformed(at, name.error().message);
      s.name = std::move(*name);
      break;
    }
    default: {
      auto n = payload.u32();
      if (!n.ok()) return malformed(n.error().offset, n.error().message);
      s.count = *n;
      break;
    }
  }
  KILN_TRY(r.bytes(size));
  return s;
}

}  // namespace

SectionIndex index_sections(const uint8_t* data, size_t size) {
  SectionIndex index;
  // The header (https://webassembly.github.io/spec/core/binary/modules.html#binary-module),
  // with the decoder's messages and offsets.
  if (size < 4) {
    index.error = malformed(size, "unexpected end");
    return index;
  }
  if (std::memcmp(data, "\0asm", 4) != 0) {
    index.error = malformed(0, "magic header not detected");
    return index;
  }
  if (size < 8) {
    index.error = malformed(size, "unexpected end");
    return index;
  }
  std::memcpy(&index.version, data + 4, 4);
  if (index.version != 1) {
    index.error = malformed(4, "unknown binary version");
    return index;
  }
  ByteReader r(data + 8, size - 8, 8);
  while (!r.at_end()) {
    auto s = read_section(r, data);
    if (!s.ok()) {
      index.error = std::move(s).error();
      index.error->kind = ErrorKind::Malformed;
      return index;
    }
    index.sections.push_back(std::move(*s));
  }
  return index;
}

}  // namespace kiln::core
