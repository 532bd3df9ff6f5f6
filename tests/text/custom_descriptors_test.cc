// The custom-descriptors proposal through the front end (proposals/custom-descriptors/Overview.md):
// text -> exact bytes, bytes -> exact text (flat and folded), and the feature flag.
#include <gtest/gtest.h>

#include "../binary/test_bytes.h"
#include "binary/decoder.h"
#include "binary/writer.h"
#include "text/module_report.h"
#include "text/parser.h"
#include "text/printer.h"

namespace kiln::core::text {
namespace {

using testing::Bytes;

Module parse(std::string_view src) {
  auto m = parse_module(src, Features::all());
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  return m.ok() ? std::move(*m) : Module{};
}

// The payload of section `id` in `b` (sizes below 128 bytes).
Bytes section_payload(const Bytes& b, uint8_t id) {
  size_t i = 8;
  while (i + 1 < b.size()) {
    uint8_t sid = b[i], size = b[i + 1];
    if (sid == id) return Bytes(b.begin() + static_cast<ptrdiff_t>(i) + 2, b.begin() + static_cast<ptrdiff_t>(i) + 2 + size);
    i += 2 + size;
  }
  return {};
}

constexpr std::string_view kTypes = R"((module
  (rec
    (type $a (sub (descriptor $b) (struct (field i32))))
    (type $b (sub (describes $a) (struct)))
    (type $c (sub $a (descriptor $d) (struct (field i32))))
    (type $d (sub $b (describes $c) (descriptor $e) (struct)))
    (type $e (describes $d) (struct)))
  (type $g (struct (field (ref (exact $a))) (field (ref null (exact 1)))))))";

TEST(CustomDescriptors, TypeSectionEncoding) {
  Module m = parse(kTypes);
  ASSERT_EQ(m.types.size(), 6u);
  EXPECT_EQ(m.types[0].descriptor, 1u);
  EXPECT_FALSE(m.types[0].describes.has_value());
  EXPECT_EQ(m.types[3].describes, 2u);
  EXPECT_EQ(m.types[3].descriptor, 4u);
  EXPECT_EQ(m.types[5].fields[0].type, ValType::ref(HeapType::concrete(0, true), false));
  EXPECT_EQ(m.types[5].fields[1].type, ValType::ref(HeapType::concrete(1, true), true));
  Bytes expected = {0x02,                                                   // two groups
                    0x4E, 0x05,                                             // rec of 5
                    0x50, 0x00, 0x4D, 0x01, 0x5F, 0x01, 0x7F, 0x00,         // $a
                    0x50, 0x00, 0x4C, 0x00, 0x5F, 0x00,                     // $b
                    0x50, 0x01, 0x00, 0x4D, 0x03, 0x5F, 0x01, 0x7F, 0x00,   // $c
                    0x50, 0x01, 0x01, 0x4C, 0x02, 0x4D, 0x04, 0x5F, 0x00,   // $d
                    0x4C, 0x03, 0x5F, 0x00,                                 // $e
                    0x5F, 0x02, 0x64, 0x62, 0x00, 0x00, 0x63, 0x62, 0x01, 0x00};  // $g
  EXPECT_EQ(section_payload(write_module(m), 1), expected);
}

TEST(CustomDescriptors, TypesPrintAndDecode) {
  Module m = parse(kTypes);
  std::string text = print_module(m);
  EXPECT_EQ(text, R"((module
  (rec
    (type $a (sub (descriptor $b) (struct (field i32))))
    (type $b (sub (describes $a) (struct)))
    (type $c (sub $a (descriptor $d) (struct (field i32))))
    (type $d (sub $b (describes $c) (descriptor $e) (struct)))
    (type $e (describes $d) (struct)))
  (type $g (struct (field (ref (exact $a))) (field (ref null (exact $b))))))
)");
  Bytes bytes = write_module(m);
  auto d = decode_module(bytes.data(), bytes.size(), Features::all());
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(print_module(*d), R"((module
  (rec
    (type (;0;) (sub (descriptor 1) (struct (field i32))))
    (type (;1;) (sub (describes 0) (struct)))
    (type (;2;) (sub 0 (descriptor 3) (struct (field i32))))
    (type (;3;) (sub 1 (describes 2) (descriptor 4) (struct)))
    (type (;4;) (describes 3) (struct)))
  (type (;5;) (struct (field (ref (exact 0))) (field (ref null (exact 1))))))
)");
  EXPECT_EQ(write_module(*d), bytes);
}

TEST(CustomDescriptors, ExactFunctionImports) {
  Module m = parse(R"((module
  (type $ft (func))
  (import "m" "f" (func $f (exact (type $ft))))
  (func $g (import "m" "g") (exact (type $ft)))
  (import "m" "h" (func $h (exact (param i32))))
  (import "m" "i" (func $i (type $ft)))))");
  ASSERT_EQ(m.imports.size(), 4u);
  EXPECT_TRUE(m.imports[0].exact);
  EXPECT_TRUE(m.imports[1].exact);
  EXPECT_TRUE(m.imports[2].exact);
  EXPECT_EQ(m.imports[2].func_type, 1u);  // (func (param i32)), added implicitly
  EXPECT_FALSE(m.imports[3].exact);
  Bytes expected = {0x04,                                  // four imports
                    0x01, 'm', 0x01, 'f', 0x20, 0x00,      // exact func 0
                    0x01, 'm', 0x01, 'g', 0x20, 0x00,      //
                    0x01, 'm', 0x01, 'h', 0x20, 0x01,      //
                    0x01, 'm', 0x01, 'i', 0x00, 0x00};     // inexact
  Bytes bytes = write_module(m);
  EXPECT_EQ(section_payload(bytes, 2), expected);
  auto d = decode_module(bytes.data(), bytes.size(), Features::all());
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(print_module(*d), R"((module
  (type (;0;) (func))
  (type (;1;) (func (param i32)))
  (import "m" "f" (func (;0;) (exact (type 0))))
  (import "m" "g" (func (;1;) (exact (type 0))))
  (import "m" "h" (func (;2;) (exact (type 1))))
  (import "m" "i" (func (;3;) (type 0))))
)");
}

constexpr std::string_view kInstrs = R"((module
  (rec
    (type $a (descriptor $b) (struct (field i32)))
    (type $b (describes $a) (struct)))
  (func $x (param (ref null $a)) (param (ref null (exact $b))) (result anyref)
    local.get 0
    ref.get_desc $a
    drop
    i32.const 1
    local.get 1
    struct.new_desc $a
    drop
    local.get 1
    struct.new_default_desc $a
    drop
    local.get 0
    local.get 1
    ref.cast_desc_eq (ref $a)
    drop
    local.get 0
    local.get 1
    ref.cast_desc_eq (ref null (exact $a))
    drop
    local.get 0
    local.get 1
    br_on_cast_desc_eq 0 anyref (ref $a)
    local.get 1
    br_on_cast_desc_eq_fail 0 anyref (ref null (exact $a)))))";

TEST(CustomDescriptors, InstructionEncodings) {
  Module m = parse(kInstrs);
  ASSERT_EQ(m.funcs.size(), 1u);
  Bytes expected = {0x20, 0x00, 0xFB, 0x22, 0x00, 0x1A,                          // ref.get_desc $a
                    0x41, 0x01, 0x20, 0x01, 0xFB, 0x20, 0x00, 0x1A,              // struct.new_desc $a
                    0x20, 0x01, 0xFB, 0x21, 0x00, 0x1A,                          // struct.new_default_desc $a
                    0x20, 0x00, 0x20, 0x01, 0xFB, 0x23, 0x00, 0x1A,              // ref.cast_desc_eq (ref $a)
                    0x20, 0x00, 0x20, 0x01, 0xFB, 0x24, 0x62, 0x00, 0x1A,        // ... (ref null (exact $a))
                    0x20, 0x00, 0x20, 0x01, 0xFB, 0x25, 0x01, 0x00, 0x6E, 0x00,  // br_on_cast_desc_eq
                    0x20, 0x01, 0xFB, 0x26, 0x03, 0x00, 0x6E, 0x62, 0x00,        // br_on_cast_desc_eq_fail
                    0x0B};
  EXPECT_EQ(m.funcs[0].body.code, expected);
}

TEST(CustomDescriptors, InstructionsPrintFlatAndFolded) {
  Module m = parse(kInstrs);
  std::string flat = print_module(m);
  EXPECT_NE(flat.find(R"(    local.get 0
    ref.get_desc $a
    drop
    i32.const 1
    local.get 1
    struct.new_desc $a
    drop
    local.get 1
    struct.new_default_desc $a
    drop
    local.get 0
    local.get 1
    ref.cast_desc_eq (ref $a)
    drop
    local.get 0
    local.get 1
    ref.cast_desc_eq (ref null (exact $a))
    drop
    local.get 0
    local.get 1
    br_on_cast_desc_eq 0 (ref null any) (ref $a)
    local.get 1
    br_on_cast_desc_eq_fail 0 (ref null any) (ref null (exact $a))))
)"),
            std::string::npos)
      << flat;
  std::string folded = print_module(m, {.fold = true});
  EXPECT_NE(folded.find(R"(    (drop
      (ref.get_desc $a
        (local.get 0)))
    (drop
      (struct.new_desc $a
        (i32.const 1)
        (local.get 1)))
    (drop
      (struct.new_default_desc $a
        (local.get 1)))
    (drop
      (ref.cast_desc_eq (ref $a)
        (local.get 0)
        (local.get 1)))
    (drop
      (ref.cast_desc_eq (ref null (exact $a))
        (local.get 0)
        (local.get 1)))
    (br_on_cast_desc_eq_fail 0 (ref null any) (ref null (exact $a))
      (br_on_cast_desc_eq 0 (ref null any) (ref $a)
        (local.get 0)
        (local.get 1))
      (local.get 1))))
)"),
            std::string::npos)
      << folded;
  for (const std::string& text : {flat, folded}) {
    auto back = parse_module(text, Features::all());
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(write_module(*back), write_module(m));
  }
}

TEST(CustomDescriptors, InspectReport) {
  Module m = parse(R"((module
  (rec (type $a (descriptor $b) (struct (field i32))) (type $b (describes $a) (struct)))
  (type $ft (func))
  (import "m" "f" (func (exact (type $ft))))
  (func (param (ref null (exact $b))) (result anyref) (struct.new_default_desc $a (local.get 0)))))");
  Bytes bytes = write_module(m);
  ReportOptions o;
  o.details = true;
  o.disassemble = true;
  o.features = Features::all();
  std::string out;
  ASSERT_TRUE(report_module(bytes.data(), bytes.size(), o, out).ok());
  for (const char* line : {" - type[0] descriptor type[1] struct {i32}\n", " - type[1] describes type[0] struct {}\n",
                           " - func[0] exact type[2] [] -> [] <- m.f\n", "| struct.new_default_desc 0\n"}) {
    EXPECT_NE(out.find(line), std::string::npos) << line << "\n" << out;
  }
}

TEST(CustomDescriptors, NeedsTheFeature) {
  Features f = Features::all();
  f.set(Feature::CustomDescriptors, false);
  auto exact = parse_module("(module (type (struct)) (global (ref null (exact 0)) (ref.null 0)))", f);
  ASSERT_FALSE(exact.ok());
  EXPECT_EQ(exact.error().message, "unexpected token");
  auto clause = parse_module("(module (rec (type (descriptor 1) (struct)) (type (describes 0) (struct))))", f);
  ASSERT_FALSE(clause.ok());
  EXPECT_EQ(clause.error().message, "unexpected token");
  auto instr = parse_module("(module (type (struct)) (func (param (ref null 0)) (ref.get_desc 0 (local.get 0)) drop))", f);
  ASSERT_FALSE(instr.ok());
  EXPECT_EQ(instr.error().message, "unexpected token");
  // Binary: the exact prefix, the clauses, the exact import kind and the opcodes.
  auto bad_exact = testing::decode(testing::module_bytes({testing::section(1, {0x01, 0x5F, 0x01, 0x64, 0x62, 0x00, 0x00})}), f);
  ASSERT_FALSE(bad_exact.ok());
  EXPECT_EQ(bad_exact.error().message, "malformed storage type");
  auto bad_clause = testing::decode(testing::module_bytes({testing::section(1, {0x01, 0x4C, 0x00, 0x5F, 0x00})}), f);
  ASSERT_FALSE(bad_clause.ok());
  EXPECT_EQ(bad_clause.error().message, "malformed definition type");
  auto bad_import = testing::decode(
      testing::module_bytes({testing::section(1, {0x01, 0x60, 0x00, 0x00}), testing::section(2, {0x01, 0x00, 0x00, 0x20, 0x00})}), f);
  ASSERT_FALSE(bad_import.ok());
  EXPECT_EQ(bad_import.error().message, "malformed import kind");
  // With the feature, the same bytes decode.
  auto good = testing::decode(testing::module_bytes({testing::section(1, {0x01, 0x5F, 0x01, 0x64, 0x62, 0x00, 0x00})}),
                              Features::all());
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_EQ(good->types[0].fields[0].type, ValType::ref(HeapType::concrete(0, true), false));
}

TEST(CustomDescriptors, MalformedClauses) {
  // A repeated clause, or descriptor before describes, leaves a byte that is no composite type.
  for (Bytes types : {Bytes{0x01, 0x4E, 0x02, 0x4D, 0x01, 0x4D, 0x01, 0x5F, 0x00, 0x4C, 0x00, 0x5F, 0x00},
                      Bytes{0x01, 0x4E, 0x02, 0x4D, 0x01, 0x5F, 0x00, 0x4C, 0x00, 0x4C, 0x00, 0x5F, 0x00},
                      Bytes{0x01, 0x4E, 0x02, 0x4D, 0x01, 0x5F, 0x00, 0x4D, 0x00, 0x4C, 0x00, 0x5F, 0x00}}) {
    auto d = testing::decode(testing::module_bytes({testing::section(1, types)}), Features::all());
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().message, "malformed definition type");
  }
  // 0x62 0x62: the exact index is a signed LEB128 that must not be negative.
  auto twice = testing::decode(testing::module_bytes({testing::section(1, {0x01, 0x5F, 0x01, 0x64, 0x62, 0x62, 0x00, 0x00})}),
                               Features::all());
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().message, "malformed storage type");
  auto text = parse_module("(module (type (struct (field (ref exact 0)))))", Features::all());
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().message, "unexpected token");
}

}  // namespace
}  // namespace kiln::core::text
