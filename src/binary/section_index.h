// The list of sections of a binary module, without decoding their contents
// (https://webassembly.github.io/spec/core/binary/modules.html#sections): where each
// section's header and payload lie in the file and how many items it declares. Used by
// `kiln inspect` and by anything that wants to find a section by its position.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace kiln::core {

// Section ids (https://webassembly.github.io/spec/core/binary/modules.html#sections).
enum class SectionId : uint8_t {
  Custom = 0, Type = 1, Import = 2, Function = 3, Table = 4, Memory = 5, Global = 6,
  Export = 7, Start = 8, Elem = 9, Code = 10, Data = 11, DataCount = 12, Tag = 13,
};

// "Type", "Import", ..., "DataCount", "Tag", "Custom"; "Unknown" for other ids.
const char* section_name(uint8_t id);

struct SectionInfo {
  uint8_t id = 0;
  std::string name;            // custom sections: their name; else empty
  size_t header_offset = 0;    // offset of the id byte
  size_t payload_offset = 0;   // first byte after the size (custom: still before the name)
  size_t payload_size = 0;
  // The leading vector length of vector sections (type ... data, tag), the function index
  // of the start section and the count of the data count section; none for custom sections.
  std::optional<uint32_t> count;

  size_t payload_end() const { return payload_offset + payload_size; }
};

struct SectionIndex {
  uint32_t version = 0;
  std::vector<SectionInfo> sections;
  // The first malformation found (ErrorKind::Malformed, with its byte offset): the sections
  // before it are listed, nothing after it.
  std::optional<Error> error;
};

// Walks the section headers of `data`. Checks the magic and version, that each section
// fits in the input, and that a custom section's name and a section's count can be read;
// does not decode or order-check the payloads (decode_module does that).
SectionIndex index_sections(const uint8_t* data, size_t size);

}  // namespace kiln::core
