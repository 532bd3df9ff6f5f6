// Function-body validation: exact messages and offsets.
#include <gtest/gtest.h>

#include "../interp/test_module.h"
#include "valid/func_validator.h"

namespace kiln::core::testing {
namespace {

// Validates a module with one function `params -> results` and returns the message
// ("ok" when valid).
std::string check(std::vector<ValType> params, std::vector<ValType> results, Code body,
                  std::vector<LocalDecl> locals = {}, bool memory = true) {
  ModuleBuilder b;
  if (memory) b.memory(1);
  b.global(I32(), false, i32c(0));
  b.func(b.type(std::move(params), std::move(results)), std::move(body), std::move(locals));
  Status s = validate_module(b.m, Features());
  return s.ok() ? "ok" : s.error().message;
}

TEST(FuncValidator, OperandTypeMismatch) {
  EXPECT_EQ(check({}, {I32()}, {0x42, 0x00}), "type mismatch");
  EXPECT_EQ(check({}, {}, {0x41, 0x00}), "type mismatch");            // value left over
  EXPECT_EQ(check({}, {I32()}, {0x41, 0x00, 0x6A}), "type mismatch");  // too few operands
  EXPECT_EQ(check({}, {I32()}, {0x41, 0x00, 0x41, 0x00, 0x6A}), "ok");
}

TEST(FuncValidator, ErrorOffsetIsTheInstruction) {
  ModuleBuilder b;
  b.func(b.type({}, {}), {0x01, 0x01, 0x6A});
  b.m.funcs[0].body.offset = 100;
  Status s = validate_module(b.m, Features());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().offset, 102u);
  EXPECT_EQ(s.error().kind, ErrorKind::Invalid);
}

TEST(FuncValidator, UnreachableIsPolymorphic) {
  EXPECT_EQ(check({}, {I32()}, {0x00, 0x6A}), "ok");
  EXPECT_EQ(check({}, {I32()}, {0x00, 0x42, 0x00, 0x6A}), "type mismatch");
  EXPECT_EQ(check({}, {}, {0x00, 0x1B, 0x1A}), "ok");  // select of two unknowns
}

TEST(FuncValidator, UnknownIndices) {
  EXPECT_EQ(check({}, {}, {0x20, 0x03, 0x1A}), "unknown local 3");
  EXPECT_EQ(check({}, {}, {0x23, 0x01, 0x1A}), "unknown global 1");
  EXPECT_EQ(check({}, {}, {0x10, 0x07}), "unknown function 7");
  EXPECT_EQ(check({}, {}, {0x0C, 0x01}), "unknown label");
  EXPECT_EQ(check({}, {}, {0x41, 0x00, 0x28, 0x02, 0x00, 0x1A}, {}, false), "unknown memory 0");
  EXPECT_EQ(check({}, {}, {0xFC, 0x09, 0x01}), "unknown data segment 1");
  EXPECT_EQ(check({}, {}, {0xFC, 0x0D, 0x04}), "unknown elem segment 4");
  EXPECT_EQ(check({}, {}, {0x41, 0x00, 0x11, 0x00, 0x00}), "unknown table 0");
}

TEST(FuncValidator, ImmutableGlobal) {
  EXPECT_EQ(check({}, {}, {0x41, 0x00, 0x24, 0x00}), "immutable global");
}

TEST(FuncValidator, Alignment) {
  EXPECT_EQ(check({}, {}, {0x41, 0x00, 0x28, 0x03, 0x00, 0x1A}), "alignment must not be larger than natural");
  EXPECT_EQ(check({}, {}, {0x41, 0x00, 0x2C, 0x00, 0x00, 0x1A}), "ok");
}

TEST(FuncValidator, SelectRules) {
  // Untyped select of references is invalid; typed select needs exactly one type.
  EXPECT_EQ(check({}, {}, {0xD0, 0x70, 0xD0, 0x70, 0x41, 0x00, 0x1B, 0x1A}), "type mismatch");
  EXPECT_EQ(check({}, {}, {0xD0, 0x70, 0xD0, 0x70, 0x41, 0x00, 0x1C, 0x01, 0x70, 0x1A}), "ok");
  EXPECT_EQ(check({}, {}, {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1C, 0x00, 0x1A}), "invalid result arity");
}

TEST(FuncValidator, BrTableArityMustAgree) {
  // block (result i32) block; i32.const 0; i32.const 0; br_table 0 1 ...
  Code body = {0x02, 0x7F, 0x02, 0x40, 0x41, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01,
               0x0B, 0x41, 0x00, 0x0B};
  EXPECT_EQ(check({}, {I32()}, body), "type mismatch");
}

TEST(FuncValidator, IfWithoutElseNeedsEqualTypes) {
  EXPECT_EQ(check({}, {I32()}, {0x41, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x0B}), "type mismatch");
}

TEST(FuncValidator, UndeclaredFunctionReference) {
  EXPECT_EQ(check({}, {}, {0xD2, 0x00, 0x1A}), "undeclared function reference");
  ModuleBuilder b;
  uint32_t f = b.func(b.type({}, {}), {0xD2, 0x00, 0x1A});
  b.export_func("f", f);
  EXPECT_TRUE(validate_module(b.m, Features()).ok());
}

TEST(FuncValidator, MissingEndIsMalformed) {
  ModuleBuilder b;
  b.func(b.type({}, {}), {0x02, 0x40});
  Status s = validate_module(b.m, Features());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::Malformed);
}

}  // namespace
}  // namespace kiln::core::testing
