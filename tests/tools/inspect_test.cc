// `kiln inspect`'s library pieces: the section index (binary/section_index.h), the
// disassembler (text/disassembler.h) and the report (text/module_report.h), with exact
// output for small modules, and no crash on truncated or mutated copies of every module of
// the test suite.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "binary/decoder.h"
#include "binary/section_index.h"
#include "binary/writer.h"
#include "text/disassembler.h"
#include "text/module_report.h"
#include "text/parser.h"
#include "text/script_parser.h"

namespace kiln::core {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes header() { return {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}; }

Bytes with_header(const Bytes& rest) {
  Bytes b(header().size() + rest.size());
  Bytes h = header();
  std::copy(h.begin(), h.end(), b.begin());
  std::copy(rest.begin(), rest.end(), b.begin() + static_cast<ptrdiff_t>(h.size()));
  return b;
}

SectionIndex index_of(const Bytes& b) { return index_sections(b.data(), b.size()); }

Bytes wat_to_wasm(std::string_view wat) {
  auto m = text::parse_module(wat, Features::all());
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  if (!m.ok()) return {};
  return write_module(*m, WriteOptions{.names = true});
}

std::string report(const Bytes& b, bool headers, bool details, bool disassemble, Status* status = nullptr) {
  text::ReportOptions opts;
  opts.headers = headers;
  opts.details = details;
  opts.disassemble = disassemble;
  opts.features = Features::all();
  std::string out;
  Status st = text::report_module(b.data(), b.size(), opts, out);
  if (status) *status = st;
  return out;
}

TEST(SectionIndex, ListsSectionsWithOffsetsAndCounts) {
  Bytes b = with_header({
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00,        // type: 1 type
      0x00, 0x05, 0x03, 'a', 'b', 'c', 0xFF,     // custom "abc"
      0x03, 0x02, 0x01, 0x00,                    // function: 1
      0x08, 0x01, 0x00,                          // start: func 0
      0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,        // code: 1 body
  });
  SectionIndex index = index_of(b);
  ASSERT_FALSE(index.error.has_value()) << index.error->message;
  EXPECT_EQ(index.version, 1u);
  ASSERT_EQ(index.sections.size(), 5u);
  const SectionInfo& type = index.sections[0];
  EXPECT_EQ(type.id, 1);
  EXPECT_EQ(type.header_offset, 8u);
  EXPECT_EQ(type.payload_offset, 10u);
  EXPECT_EQ(type.payload_size, 4u);
  EXPECT_EQ(type.payload_end(), 14u);
  EXPECT_EQ(type.count, 1u);
  const SectionInfo& custom = index.sections[1];
  EXPECT_EQ(custom.id, 0);
  EXPECT_EQ(custom.name, "abc");
  EXPECT_EQ(custom.header_offset, 14u);
  EXPECT_EQ(custom.payload_offset, 16u);
  EXPECT_EQ(custom.payload_size, 5u);
  EXPECT_FALSE(custom.count.has_value());
  EXPECT_EQ(index.sections[3].id, 8);
  EXPECT_EQ(index.sections[3].count, 0u);  // the start function's index
  EXPECT_EQ(index.sections[4].header_offset, 28u);
  EXPECT_EQ(index.sections[4].count, 1u);
  EXPECT_STREQ(section_name(10), "Code");
  EXPECT_STREQ(section_name(12), "DataCount");
  EXPECT_STREQ(section_name(14), "Unknown");
}

void expect_index_error(const Bytes& b, const std::string& msg, size_t offset, size_t sections_before) {
  SCOPED_TRACE(msg + " at " + std::to_string(offset));
  SectionIndex index = index_of(b);
  ASSERT_TRUE(index.error.has_value()) << "expected: " << msg;
  EXPECT_EQ(index.error->message, msg);
  EXPECT_EQ(index.error->offset, offset);
  EXPECT_EQ(index.error->kind, ErrorKind::Malformed);
  EXPECT_EQ(index.sections.size(), sections_before);
}

TEST(SectionIndex, Errors) {
  expect_index_error({}, "unexpected end", 0, 0);
  expect_index_error({0x00, 0x61, 0x73}, "unexpected end", 3, 0);
  expect_index_error({0x00, 0x61, 0x73, 0x6E, 1, 0, 0, 0}, "magic header not detected", 0, 0);
  expect_index_error({0x00, 0x61, 0x73, 0x6D, 1, 0}, "unexpected end", 6, 0);
  expect_index_error({0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0}, "unknown binary version", 4, 0);
  expect_index_error(with_header({0x0E, 0x01, 0x00}), "malformed section id", 8, 0);
  // A section larger than the input: at its size.
  expect_index_error(with_header({0x01, 0x01, 0x00, 0x01, 0x05, 0x00}), "length out of bounds", 12, 1);
  // A size cut off.
  expect_index_error(with_header({0x01, 0x80}), "unexpected end", 10, 0);
  // An empty non-custom section has no count; a custom section's name must fit.
  expect_index_error(with_header({0x01, 0x00}), "unexpected end", 10, 0);
  expect_index_error(with_header({0x00, 0x02, 0x05, 'a'}), "length out of bounds", 10, 0);
  expect_index_error(with_header({0x00, 0x02, 0x01, 0xFF}), "malformed UTF-8 encoding", 10, 0);
}

TEST(Disassembler, InstructionText) {
  Module m;
  m.names.funcs.names[3] = "f";
  m.names.locals[0].names[1] = "x y";
  Instr in;
  in.op = Opcode::Call;
  in.a = 3;
  EXPECT_EQ(text::instr_text(in, &m, 0), "call 3 <f>");
  in.op = Opcode::LocalGet;
  in.a = 1;
  EXPECT_EQ(text::instr_text(in, &m, 0), "local.get 1 <x y>");
  EXPECT_EQ(text::instr_text(in, nullptr, 0), "local.get 1");
  in.op = Opcode::I64Load;
  in.mem = MemArg{3, 0, 16};
  EXPECT_EQ(text::instr_text(in, &m, 0), "i64.load offset=16 align=8");
  in.mem = MemArg{0, 1, 0};
  EXPECT_EQ(text::instr_text(in, &m, 0), "i64.load 1 align=1");
  in.op = Opcode::F32Const;
  in.bits = 0x7FA00000;
  EXPECT_EQ(text::instr_text(in, &m, 0), "f32.const nan:0x200000");
  in.bits = 0xFF800000;
  EXPECT_EQ(text::instr_text(in, &m, 0), "f32.const -inf");
  in.bits = 0x3DCCCCCD;
  EXPECT_EQ(text::instr_text(in, &m, 0), "f32.const 0.100000001");
  in.op = Opcode::F64Const;
  in.bits = 0xFFF8000000000000ull;
  EXPECT_EQ(text::instr_text(in, &m, 0), "f64.const -nan");
  in.op = Opcode::I32Const;
  in.bits = static_cast<uint64_t>(int64_t{-5});
  EXPECT_EQ(text::instr_text(in, &m, 0), "i32.const -5");
  in.op = Opcode::CallIndirect;
  in.a = 2;
  in.b = 0;
  EXPECT_EQ(text::instr_text(in, &m, 0), "call_indirect (type 2)");
  in.b = 1;
  EXPECT_EQ(text::instr_text(in, &m, 0), "call_indirect 1 (type 2)");
  in.op = Opcode::MemoryInit;
  in.a = 4;
  in.b = 0;
  EXPECT_EQ(text::instr_text(in, &m, 0), "memory.init 4");
  EXPECT_EQ(text::display_name("a\"b\\c\n"), "a\\22b\\5cc\\0a");
}

TEST(Disassembler, ConstExprText) {
  Expr e{{0x23, 0x00, 0x41, 0x01, 0x6A, 0x0B}, 0};
  Module m;
  m.names.globals.names[0] = "g";
  EXPECT_EQ(text::const_expr_text(e, &m, Features()), "global.get 0 <g>; i32.const 1; i32.add");
  Expr bad{{0x41, 0x80}, 0};
  EXPECT_EQ(text::const_expr_text(bad, &m, Features()), "<malformed: unexpected end>");
}

TEST(Disassembler, BodyWithOffsetsAndIndentation) {
  // (local i64 i64) block (result i32) i32.const 1 if nop else br 1 end end drop
  Bytes body = {0x01, 0x02, 0x7E, 0x02, 0x7F, 0x41, 0x01, 0x04, 0x40, 0x01, 0x05,
                0x0C, 0x01, 0x0B, 0x0B, 0x1A, 0x0B};
  std::string out;
  Status st = text::disassemble_body(body.data(), body.size(), 0x20, nullptr, 0, Features(), out);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(out,
            " 000020: 01                       | locals: 1 entry\n"
            " 000021: 02 7e                    | local[0..1] i64\n"
            " 000023: 02 7f                    | block (result i32)\n"
            " 000025: 41 01                    |   i32.const 1\n"
            " 000027: 04 40                    |   if\n"
            " 000029: 01                       |     nop\n"
            " 00002a: 05                       |   else\n"
            " 00002b: 0c 01                    |     br 1\n"
            " 00002d: 0b                       |   end\n"
            " 00002e: 0b                       | end\n"
            " 00002f: 1a                       | drop\n"
            " 000030: 0b                       | end\n");
}

TEST(Disassembler, LongInstructionsWrapAndErrorsStop) {
  Bytes body = {0x00, 0x41, 0x00, 0x0E, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0B, 0xFF};
  std::string out;
  Status st = text::disassemble_body(body.data(), body.size(), 0, nullptr, 0, Features(), out);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "illegal opcode ff");
  EXPECT_EQ(st.error().offset, 15u);
  EXPECT_EQ(out,
            " 000000: 00                       | no locals\n"
            " 000001: 41 00                    | i32.const 0\n"
            " 000003: 0e 08 00 00 00 00 00 00  | br_table 0 0 0 0 0 0 0 0 0\n"
            " 00000b: 00 00 00\n"
            " 00000e: 0b                       | end\n");
}

// A small module covering every section kind of 2.0.
constexpr std::string_view kSample = R"((module $m
  (type $binop (func (param i32 i32) (result i32)))
  (import "env" "log" (func $log (param i32)))
  (import "env" "table" (table 1 funcref))
  (import "env" "g" (global $base i32))
  (memory $mem 1 2)
  (global $count (mut i64) (i64.const -1))
  (func $add (export "add") (type $binop) (local $tmp i32)
    (local.set $tmp (i32.add (local.get 0) (local.get 1)))
    (call $log (local.get $tmp))
    (local.get $tmp))
  (func $init (global.set $count (i64.load offset=8 (global.get $base))))
  (start $init)
  (elem (i32.const 0) func $add)
  (elem $e funcref (ref.null func))
  (data (global.get $base) "hi\01")
  (data $d "passive"))
)";

TEST(Report, Headers) {
  Bytes b = wat_to_wasm(kSample);
  EXPECT_EQ(report(b, false, false, false),
            "version 1, 247 bytes\n"
            "\n"
            "Sections:\n"
            "   1 Type      start=0x0000000a end=0x00000018 (size=0x0000000e) count: 3\n"
            "   2 Import    start=0x0000001a end=0x0000003c (size=0x00000022) count: 3\n"
            "   3 Function  start=0x0000003e end=0x00000041 (size=0x00000003) count: 2\n"
            "   5 Memory    start=0x00000043 end=0x00000047 (size=0x00000004) count: 1\n"
            "   6 Global    start=0x00000049 end=0x0000004f (size=0x00000006) count: 1\n"
            "   7 Export    start=0x00000051 end=0x00000058 (size=0x00000007) count: 1\n"
            "   8 Start     start=0x0000005a end=0x0000005b (size=0x00000001) func: 2\n"
            "   9 Elem      start=0x0000005d end=0x0000006a (size=0x0000000d) count: 2\n"
            "  10 Code      start=0x0000006c end=0x00000089 (size=0x0000001d) count: 2\n"
            "  11 Data      start=0x0000008b end=0x0000009d (size=0x00000012) count: 2\n"
            "   0 Custom    start=0x0000009f end=0x000000f7 (size=0x00000058) \"name\"\n");
  EXPECT_EQ(report(b, true, false, false), report(b, false, false, false));
}

TEST(Report, Details) {
  Bytes b = wat_to_wasm(kSample);
  EXPECT_EQ(report(b, false, true, false),
            "version 1, 247 bytes\n"
            "\n"
            "Section details:\n"
            "\n"
            "Type[3]:\n"
            " - type[0] <binop> func [i32 i32] -> [i32]\n"
            " - type[1] func [i32] -> []\n"
            " - type[2] func [] -> []\n"
            "\n"
            "Import[3]:\n"
            " - func[0] <log> type[1] [i32] -> [] <- env.log\n"
            " - table[0] funcref min=1 <- env.table\n"
            " - global[0] <base> i32 immutable <- env.g\n"
            "\n"
            "Function[2]:\n"
            " - func[1] <add> type[0] [i32 i32] -> [i32]\n"
            " - func[2] <init> type[2] [] -> []\n"
            "\n"
            "Memory[1]:\n"
            " - memory[0] <mem> min=1 max=2\n"
            "\n"
            "Global[1]:\n"
            " - global[1] <count> i64 mutable init i64.const -1\n"
            "\n"
            "Export[1]:\n"
            " - func[1] <add> -> \"add\"\n"
            "\n"
            "Start:\n"
            " - start func[2] <init>\n"
            "\n"
            "Elem[2]:\n"
            " - elem[0] active table[0] offset i32.const 0 funcref count=1\n"
            "   - [0] ref.func 1 <add>\n"
            " - elem[1] <e> passive funcref count=1\n"
            "   - [0] ref.null func\n"
            "\n"
            "Code[2]:\n"
            " - func[1] <add> offset=0x0000006e size=17 locals=1\n"
            " - func[2] <init> offset=0x00000080 size=9 locals=0\n"
            "\n"
            "Data[2]:\n"
            " - data[0] active memory[0] <mem> offset global.get 0 <base> size=3\n"
            "   - 0000000: 6869 01                                  hi.\n"
            " - data[1] <d> passive size=7\n"
            "   - 0000000: 7061 7373 6976 65                        passive\n"
            "\n"
            "Custom:\n"
            " - name: \"name\" size=88\n"
            "   - module <m>\n"
            "   - func[0] <log>\n"
            "   - func[1] <add>\n"
            "   - func[2] <init>\n"
            "   - func[1] local[2] <tmp>\n"
            "   - type[0] <binop>\n"
            "   - memory[0] <mem>\n"
            "   - global[0] <base>\n"
            "   - global[1] <count>\n"
            "   - elem[1] <e>\n"
            "   - data[1] <d>\n");
}

TEST(Report, Disassembly) {
  Bytes b = wat_to_wasm(kSample);
  EXPECT_EQ(report(b, false, false, true),
            "version 1, 247 bytes\n"
            "\n"
            "Code disassembly:\n"
            "\n"
            "func[1] <add> at 0x00006e, size 17:\n"
            " 00006e: 01                       | locals: 1 entry\n"
            " 00006f: 01 7f                    | local[2] i32\n"
            " 000071: 20 00                    | local.get 0\n"
            " 000073: 20 01                    | local.get 1\n"
            " 000075: 6a                       | i32.add\n"
            " 000076: 21 02                    | local.set 2 <tmp>\n"
            " 000078: 20 02                    | local.get 2 <tmp>\n"
            " 00007a: 10 00                    | call 0 <log>\n"
            " 00007c: 20 02                    | local.get 2 <tmp>\n"
            " 00007e: 0b                       | end\n"
            "\n"
            "func[2] <init> at 0x000080, size 9:\n"
            " 000080: 00                       | no locals\n"
            " 000081: 23 00                    | global.get 0 <base>\n"
            " 000083: 29 03 08                 | i64.load offset=8 align=8\n"
            " 000086: 24 01                    | global.set 1 <count>\n"
            " 000088: 0b                       | end\n");
}

TEST(Report, LabelNames) {
  Bytes b = wat_to_wasm(R"((module (func $f (param $p i32)
  (block $outer
    (loop $again
      (br_if $outer (local.get $p))
      (if $check (local.get $p) (then (br $again)))
      (block (br 1)))))))");
  EXPECT_EQ(report(b, false, false, true),
            "version 1, 94 bytes\n"
            "\n"
            "Code disassembly:\n"
            "\n"
            "func[0] <f> at 0x000017, size 24:\n"
            " 000017: 00                       | no locals\n"
            " 000018: 02 40                    | block <outer>\n"
            " 00001a: 03 40                    |   loop <again>\n"
            " 00001c: 20 00                    |     local.get 0 <p>\n"
            " 00001e: 0d 01                    |     br_if 1 <outer>\n"
            " 000020: 20 00                    |     local.get 0 <p>\n"
            " 000022: 04 40                    |     if <check>\n"
            " 000024: 0c 01                    |       br 1 <again>\n"
            " 000026: 0b                       |     end\n"
            " 000027: 02 40                    |     block\n"
            " 000029: 0c 01                    |       br 1 <again>\n"
            " 00002b: 0b                       |     end\n"
            " 00002c: 0b                       |   end\n"
            " 00002d: 0b                       | end\n"
            " 00002e: 0b                       | end\n");
}

TEST(Report, RecGroupsAndGcTypes) {
  Bytes b = wat_to_wasm(R"((module
  (rec (type $a (struct (field (mut i32)) (field i8))) (type $b (array (mut i16))))
  (type $c (sub (func (param (ref null $a)))))
  (@custom "hello" "some bytes\01\02")
  (memory i64 1)
  (func (type $c))))");
  EXPECT_EQ(report(b, false, true, false),
            "version 1, 68 bytes\n"
            "\n"
            "Section details:\n"
            "\n"
            "Type[2]:\n"
            " - rec group of 2 types:\n"
            " - type[0] <a> struct {mut i32, i8}\n"
            " - type[1] <b> array mut i16\n"
            " - type[2] <c> sub func [(ref null 0)] -> []\n"
            "\n"
            "Function[1]:\n"
            " - func[0] type[2] [(ref null 0)] -> []\n"
            "\n"
            "Memory[1]:\n"
            " - memory[0] i64 min=1\n"
            "\n"
            "Code[1]:\n"
            " - func[0] offset=0x0000002a size=2 locals=0\n"
            "\n"
            "Custom:\n"
            " - name: \"name\" size=22\n"
            "   - type[0] <a>\n"
            "   - type[1] <b>\n"
            "   - type[2] <c>\n");
}

TEST(Report, CustomSectionsAreDumped) {
  Bytes b = with_header({0x00, 0x09, 0x04, 'n', 'o', 't', 'e', 'a', 'b', 0x00, 0x7F});
  EXPECT_EQ(report(b, true, true, false),
            "version 1, 19 bytes\n"
            "\n"
            "Sections:\n"
            "   0 Custom    start=0x0000000a end=0x00000013 (size=0x00000009) \"note\"\n"
            "\n"
            "Section details:\n"
            "\n"
            "Custom:\n"
            " - name: \"note\" size=9\n"
            "   - 0000000: 6162 007f                                ab..\n");
}

TEST(Report, TryTableAndGcInstructions) {
  Bytes b = wat_to_wasm(R"((module
  (tag $e (param i32))
  (type $s (struct (field $x i32)))
  (func $f (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (catch_all 0)
        (throw $e (i32.const 1)))
      (i32.const 0)))
  (func $g (param (ref $s)) (result i32) (struct.get $s $x (local.get 0)))))");
  EXPECT_EQ(report(b, false, false, true),
            "version 1, 123 bytes\n"
            "\n"
            "Code disassembly:\n"
            "\n"
            "func[0] <f> at 0x00002b, size 20:\n"
            " 00002b: 00                       | no locals\n"
            " 00002c: 02 7f                    | block (result i32) <h>\n"
            " 00002e: 1f 40 02 00 00 00 02 00  |   try_table (catch 0 <e> 0) (catch_all 0)\n"
            " 000036: 41 01                    |     i32.const 1\n"
            " 000038: 08 00                    |     throw 0 <e>\n"
            " 00003a: 0b                       |   end\n"
            " 00003b: 41 00                    |   i32.const 0\n"
            " 00003d: 0b                       | end\n"
            " 00003e: 0b                       | end\n"
            "\n"
            "func[1] <g> at 0x000040, size 8:\n"
            " 000040: 00                       | no locals\n"
            " 000041: 20 00                    | local.get 0\n"
            " 000043: fb 02 00 00              | struct.get 0 <s> 0 <x>\n"
            " 000047: 0b                       | end\n");
}

TEST(Report, MalformedModulesReportWhatPrecedesTheError) {
  Bytes b = with_header({0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x05, 0x01});
  Status st;
  EXPECT_EQ(report(b, true, true, true, &st),
            "version 1, 17 bytes\n"
            "\n"
            "Sections:\n"
            "   1 Type      start=0x0000000a end=0x0000000e (size=0x00000004) count: 1\n");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "length out of bounds");
  EXPECT_EQ(st.error().offset, 15u);
}

// Every module of the wasm2 set (text, binary and quoted), as binary.
std::vector<Bytes> suite_modules() {
  namespace fs = std::filesystem;
  // The suite sits beside the repository (see tests/CMakeLists.txt's KILN_TESTSUITE).
  fs::path root = fs::path(__FILE__).parent_path() / "../../../shared/testsuite";
  std::vector<Bytes> modules;
  std::ifstream list(root / "sets" / "wasm2.txt");
  std::string rel;
  Features all = Features::all();
  while (std::getline(list, rel)) {
    if (rel.empty()) continue;
    std::ifstream in(root / rel, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto script = text::parse_script(ss.str(), rel, all);
    if (!script.ok()) continue;
    for (const text::Command& c : script->commands) {
      if (!c.has_module) continue;
      switch (c.module.form) {
        case text::ScriptModule::Form::Text:
          modules.push_back(write_module(*c.module.module, WriteOptions{.names = true}));
          break;
        case text::ScriptModule::Form::Binary:
          modules.push_back(c.module.bytes);
          break;
        case text::ScriptModule::Form::Quote: {
          auto m = text::parse_module(c.module.quote, all);
          if (m.ok()) modules.push_back(write_module(*m, WriteOptions{.names = true}));
          break;
        }
      }
    }
  }
  return modules;
}

// No input crashes the report: every module of the suite, truncated at several points and
// with bytes replaced. A module the decoder accepts is reported without error.
TEST(Report, SuiteModulesTruncatedAndMutated) {
  std::vector<Bytes> modules = suite_modules();
  if (modules.empty()) GTEST_SKIP() << "no test suite beside the repository";
  text::ReportOptions opts;
  opts.headers = opts.details = opts.disassemble = true;
  opts.features = Features::all();
  std::mt19937 rng(12345);
  size_t reports = 0;
  auto run = [&](const Bytes& b) {
    std::string out;
    Status st = text::report_module(b.data(), b.size(), opts, out);
    if (!st.ok()) {
      EXPECT_LE(st.error().offset, b.size());
    }
    ++reports;
    return st.ok();
  };
  for (const Bytes& m : modules) {
    bool decodes = decode_module(m.data(), m.size(), opts.features).ok();
    EXPECT_EQ(run(m), decodes);
    for (int k = 0; k < 12 && m.size() > 1; ++k) {
      Bytes cut(m.begin(), m.begin() + static_cast<ptrdiff_t>(rng() % m.size()));
      run(cut);
    }
    for (int k = 0; k < 12 && m.size() > 8; ++k) {
      Bytes mutated = m;
      int changes = 1 + static_cast<int>(rng() % 3);
      for (int c = 0; c < changes; ++c) {
        size_t at = 8 + rng() % (m.size() - 8);
        mutated[at] = static_cast<uint8_t>(rng() % 4 == 0 ? 0xFF : rng());
      }
      run(mutated);
    }
  }
  EXPECT_GT(reports, modules.size() * 10);
  std::cout << "[ report ] " << modules.size() << " modules, " << reports << " reports\n";
}

}  // namespace
}  // namespace kiln::core
