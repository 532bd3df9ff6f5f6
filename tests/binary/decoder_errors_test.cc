// Error paths of the binary decoder: each with its exact message and offset.
#include <gtest/gtest.h>

#include "test_bytes.h"

namespace kiln::core::testing {
namespace {

void expect_error(const Bytes& b, const std::string& msg, size_t offset, const Features& f = Features()) {
  auto r = decode(b, f);
  ASSERT_FALSE(r.ok()) << "expected: " << msg;
  EXPECT_EQ(r.error().message, msg);
  EXPECT_EQ(r.error().offset, offset);
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
}

TEST(DecoderErrors, Header) {
  expect_error({}, "unexpected end", 0);
  expect_error({0x00, 0x61, 0x73}, "unexpected end", 3);
  expect_error({0x00, 0x61, 0x73, 0x6E, 1, 0, 0, 0}, "magic header not detected", 0);
  expect_error({0x00, 0x61, 0x73, 0x6D, 1, 0}, "unexpected end", 6);
  expect_error({0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0}, "unknown binary version", 4);
}

TEST(DecoderErrors, SectionIdsAndOrder) {
  expect_error(module_bytes({{0x0E, 0x01, 0x00}}), "malformed section id", 8);
  expect_error(module_bytes({{0x0D, 0x01, 0x00}}), "malformed section id", 8);  // tag: exceptions off
  // Function section before type section; and two start sections.
  expect_error(module_bytes({section(3, {0}), section(1, {0})}), "unexpected content after last section", 11);
  expect_error(module_bytes({section(8, {0}), section(8, {0})}), "unexpected content after last section", 11);
  // Custom sections may appear anywhere.
  EXPECT_TRUE(decode(module_bytes({section(0, {1, 'a'}), section(1, {0}), section(0, {1, 'b'})})).ok());
}

TEST(DecoderErrors, SectionSizes) {
  // Size larger than the input: counted from the size's own first byte.
  expect_error(module_bytes({{0x01, 0x05, 0x00}}), "length out of bounds", 9);
  // A type section that declares 1 type but holds 2.
  expect_error(module_bytes({{0x01, 0x07, 0x01, 0x60, 0, 0, 0x60, 0, 0}}), "section size mismatch", 10);
  // A type section cut short inside its one type.
  expect_error(module_bytes({{0x01, 0x03, 0x01, 0x60, 0x01}}), "unexpected end of section or function", 13);
}

TEST(DecoderErrors, Leb128) {
  // Five-byte u32 with bits beyond 32 set; six bytes; a memory minimum too long for u64.
  expect_error(module_bytes({section(5, {1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00})}),
               "integer representation too long", 12);
  expect_error(module_bytes({section(3, {0x81, 0x80, 0x80, 0x80, 0x10})}), "integer too large", 10);
  expect_error(module_bytes({section(3, {0x81, 0x80, 0x80, 0x80, 0x80, 0x00})}), "integer representation too long", 10);
}

TEST(DecoderErrors, CountBeyondInputAllocatesNothing) {
  // 2^32-1 types declared in a 7-byte section: rejected before anything is read.
  expect_error(module_bytes({section(1, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F})}), "length out of bounds", 10);
  // A name claiming 100 bytes.
  expect_error(module_bytes({section(0, {100, 'a'})}), "length out of bounds", 10);
}

TEST(DecoderErrors, Names) {
  expect_error(module_bytes({section(0, {2, 0xC0, 0x80})}), "malformed UTF-8 encoding", 10);
  expect_error(module_bytes({section(2, {1, 1, 0xFF, 0, 0, 0})}), "malformed UTF-8 encoding", 11);
  expect_error(module_bytes({section(2, {1, 0, 0, 0x05})}), "malformed import kind", 13);
  expect_error(module_bytes({section(2, {1, 0, 0, 0x04, 0, 0})}), "malformed import kind", 13);
}

TEST(DecoderErrors, TypesAndLimits) {
  expect_error(module_bytes({section(1, {1, 0x61, 0, 0})}), "malformed definition type", 11);
  expect_error(module_bytes({section(1, {1, 0xE0, 0x7F, 0, 0})}), "integer representation too long", 11);
  expect_error(module_bytes({section(4, {1, 0x70, 0x08, 0})}), "malformed limits flags", 12);
  expect_error(module_bytes({section(5, {1, 0x02, 0, 0})}), "malformed limits flags", 11);  // shared: threads off
  expect_error(module_bytes({section(4, {1, 0x7F, 0x00, 0})}), "malformed reference type", 11);
  expect_error(module_bytes({section(6, {1, 0x7F, 0x02, 0x41, 0, 0x0B})}), "malformed mutability", 12);
  expect_error(module_bytes({section(7, {1, 0, 0x05, 0})}), "malformed export kind", 12);
}

// Type section with one [] -> [] type and a function section with one function.
Bytes one_func_prefix() { return module_bytes({section(1, {1, 0x60, 0, 0}), section(3, {1, 0})}); }

Bytes with(Bytes prefix, std::initializer_list<Bytes> parts) {
  for (const Bytes& p : parts) prefix.insert(prefix.end(), p.begin(), p.end());
  return prefix;
}

TEST(DecoderErrors, Code) {
  // Offsets: the code section starts at 18; its first body's size is at 21.
  expect_error(with(one_func_prefix(), {section(10, {1, 4, 0, 0x41, 1, 0x1A})}), "unexpected end of section or function", 26);
  // A body without its `end`: the next body's size byte (0x05, `else`) stands where `end` should.
  expect_error(with(module_bytes({section(1, {1, 0x60, 0, 0}), section(3, {2, 0, 0})}),
                    {section(10, {2, 4, 0, 0x41, 1, 0x1A, 5, 0, 0x41, 1, 0x1A, 0x0B})}),
               "END opcode expected", 27);
  // A body without its `end` that takes the next section's id (0x0B) as its end.
  expect_error(with(one_func_prefix(), {section(10, {1, 4, 0, 0x41, 1, 0x1A}), section(11, {1, 1, 0})}),
               "section size mismatch", 22);
  expect_error(with(one_func_prefix(), {section(10, {1, 4, 0, 0x05, 0x0B, 0x0B})}), "END opcode expected", 23);
  expect_error(with(one_func_prefix(), {section(10, {1, 3, 0, 0xFF, 0x0B})}), "illegal opcode ff", 23);
  expect_error(with(one_func_prefix(), {section(10, {1, 4, 0, 0xFC, 0x7F, 0x0B})}), "illegal opcode fc 7f", 23);
  expect_error(with(one_func_prefix(), {section(10, {1, 6, 0, 0x41, 0, 0x28, 0x80, 0x01})}), "malformed memop flags", 26);
  expect_error(with(one_func_prefix(), {section(10, {1, 8, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x0B})}),
               "too many locals", 22);
  // 50001 locals: over the engine's limit.
  expect_error(with(one_func_prefix(), {section(10, {1, 6, 1, 0xD1, 0x86, 0x03, 0x7F, 0x0B})}), "too many locals", 22);
  expect_error(with(one_func_prefix(), {section(10, {1, 5, 0, 0xFC, 0x09, 0, 0x0B})}), "data count section required", 27);
  expect_error(one_func_prefix(), "function and code section have inconsistent lengths", 18);
  expect_error(module_bytes({section(12, {1})}), "data count and data section have inconsistent lengths", 11);
}

TEST(DecoderErrors, Segments) {
  expect_error(module_bytes({section(9, {1, 8})}), "malformed elements segment kind", 11);
  expect_error(module_bytes({section(9, {1, 1, 1, 0})}), "malformed element kind", 12);
  expect_error(module_bytes({section(11, {1, 3})}), "malformed data segment kind", 11);
  // Data bytes longer than the input.
  expect_error(module_bytes({section(11, {1, 1, 5, 'a'})}), "length out of bounds", 12);
  // Constant expression without its end.
  expect_error(module_bytes({section(6, {1, 0x7F, 0, 0x41, 0})}), "unexpected end of section or function", 15);
}

}  // namespace
}  // namespace kiln::core::testing
