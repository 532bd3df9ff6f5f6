// Validation of the custom-descriptors proposal (proposals/custom-descriptors/Overview.md):
// exact subtyping, the descriptor clause rules and the type rules of the new instructions,
// each failure with its exact message.
#include <gtest/gtest.h>

#include "text/parser.h"
#include "valid/func_validator.h"
#include "valid/subtype.h"

namespace kiln::core {
namespace {

Module parse(std::string_view src) {
  auto m = text::parse_module(src, Features::all());
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  return m.ok() ? std::move(*m) : Module{};
}

// The message of validating `src` ("" when valid).
std::string validate(std::string_view src) {
  Module m = parse(src);
  Status s = validate_module(m, Features::all());
  if (s.ok()) return "";
  EXPECT_EQ(s.error().kind, ErrorKind::Invalid) << s.error().message;
  return s.error().message;
}

constexpr std::string_view kPair = R"(
  (rec
    (type $a (sub (descriptor $b) (struct (field i32))))
    (type $b (sub (describes $a) (struct)))
    (type $c (sub $a (descriptor $d) (struct (field i32))))
    (type $d (sub $b (describes $c) (struct)))))";

std::string with_pair(std::string_view rest) { return "(module " + std::string(kPair) + std::string(rest) + ")"; }

TEST(CustomDescriptorsValid, ExactSubtyping) {
  Module m = parse(with_pair(""));
  HeapType a = HeapType::concrete(0), exact_a = HeapType::concrete(0, true);
  HeapType c = HeapType::concrete(2), exact_c = HeapType::concrete(2, true);
  EXPECT_TRUE(is_subtype(exact_a, a, m));
  EXPECT_FALSE(is_subtype(a, exact_a, m));
  EXPECT_TRUE(is_subtype(exact_c, a, m));        // (exact $c) <: $c <: $a
  EXPECT_FALSE(is_subtype(exact_c, exact_a, m));  // no version of $c is below (exact $a)
  EXPECT_FALSE(is_subtype(c, exact_a, m));
  EXPECT_TRUE(is_subtype(HeapType::abstract(HeapKind::None), exact_a, m));
  EXPECT_TRUE(is_subtype(exact_a, HeapType::abstract(HeapKind::Struct), m));
  EXPECT_EQ(to_string(ValType::ref(exact_a, true)), "(ref null (exact 0))");
}

TEST(CustomDescriptorsValid, ClauseRules) {
  EXPECT_EQ(validate(with_pair("")), "");
  EXPECT_EQ(validate("(module (rec (type (descriptor 1) (array i8)) (type (describes 0) (struct))))"),
            "descriptor type must be a struct");
  EXPECT_EQ(validate("(module (rec (type (descriptor 1) (struct)) (type (describes 0) (func))))"),
            "described type must be a struct");
  EXPECT_EQ(validate("(module (type (descriptor 1) (struct)) (type (describes 0) (struct)))"),
            "descriptor type is outside rec group");
  EXPECT_EQ(validate("(module (type (struct)) (type (describes 0) (struct)))"), "described type is outside rec group");
  EXPECT_EQ(validate("(module (rec (type (struct)) (type (describes 0) (struct))))"),
            "described type is not described by descriptor");
  EXPECT_EQ(validate("(module (rec (type (struct)) (type (descriptor 2) (struct)) (type (describes 0) (struct))))"),
            "type is not described by its descriptor");
  EXPECT_EQ(validate("(module (rec (type (descriptor 1) (struct)) (type (struct))))"),
            "type is not described by its descriptor");
  EXPECT_EQ(validate("(module (rec (type (describes 1) (struct)) (type (descriptor 0) (struct))))"),
            "forward use of described type");
}

TEST(CustomDescriptorsValid, SubtypeClauses) {
  // A subtype may add a descriptor but not drop one.
  EXPECT_EQ(validate("(module (rec (type (sub (struct))) (type (sub 0 (descriptor 2) (struct))) (type (describes 1) (struct))))"),
            "");
  EXPECT_EQ(validate("(module (rec (type (sub (descriptor 1) (struct))) (type (sub (describes 0) (struct)))"
                     " (type (sub 0 (struct)))))"),
            "sub type 2 does not match super type 0");
  // The descriptor of a subtype must be a subtype of the supertype's descriptor.
  EXPECT_EQ(validate("(module (rec (type (sub (descriptor 1) (struct))) (type (sub (describes 0) (struct)))"
                     " (type (sub 0 (descriptor 3) (struct))) (type (describes 2) (struct))))"),
            "descriptor type 3 does not match 1");
  // Composite types still match structurally.
  EXPECT_EQ(validate("(module (rec (type (sub (descriptor 1) (struct (field i32)))) (type (sub (describes 0) (struct)))"
                     " (type (sub 0 (descriptor 3) (struct (field i64)))) (type (sub 1 (describes 2) (struct)))))"),
            "sub type 2 does not match super type 0");
}

TEST(CustomDescriptorsValid, InstructionTypes) {
  const std::string unsupported = " (custom descriptors is not implemented yet)";
  // ref.get_desc: the result is exact when the operand is.
  EXPECT_EQ(validate(with_pair("(func (param (ref (exact $a))) (result (ref (exact $b))) (ref.get_desc $a (local.get 0)))")),
            "unsupported instruction ref.get_desc" + unsupported);
  EXPECT_EQ(validate(with_pair("(func (param (ref $a)) (result (ref (exact $b))) (ref.get_desc $a (local.get 0)))")),
            "type mismatch");
  EXPECT_EQ(validate(with_pair("(func (param (ref $a)) (result (ref $b)) (ref.get_desc $b (local.get 0)))")),
            "type without descriptor 1");
  // struct.new_desc takes the exact descriptor last.
  EXPECT_EQ(validate(with_pair("(func (param (ref null (exact $b))) (result (ref (exact $a)))"
                               " (struct.new_desc $a (i32.const 0) (local.get 0)))")),
            "unsupported instruction struct.new_desc" + unsupported);
  EXPECT_EQ(validate(with_pair("(func (param (ref null $b)) (result anyref) (struct.new_desc $a (i32.const 0) (local.get 0)))")),
            "type mismatch");
  EXPECT_EQ(validate(with_pair("(func (param (ref null (exact $b))) (result anyref) (struct.new_default_desc $b (local.get 0)))")),
            "type without descriptor requires non-descriptor allocation");
  EXPECT_EQ(validate(with_pair("(func (result anyref) (struct.new_default $a))")),
            "type with descriptor requires descriptor allocation");
  // ref.cast_desc_eq: the target needs a descriptor; the descriptor operand follows exactness.
  EXPECT_EQ(validate(with_pair("(func (param anyref (ref null $b)) (result (ref null $a))"
                               " (ref.cast_desc_eq (ref null $a) (local.get 0) (local.get 1)))")),
            "unsupported instruction ref.cast_desc_eq" + unsupported);
  EXPECT_EQ(validate(with_pair("(func (param anyref (ref null $b)) (result anyref)"
                               " (ref.cast_desc_eq (ref (exact $a)) (local.get 0) (local.get 1)))")),
            "type mismatch");
  EXPECT_EQ(validate(with_pair("(func (param anyref) (result anyref) (ref.cast_desc_eq (ref any) (local.get 0) (unreachable)))")),
            "type any does not have a descriptor");
  EXPECT_EQ(validate(with_pair("(func (param anyref) (result anyref) (ref.cast_desc_eq (ref $b) (local.get 0) (unreachable)))")),
            "type 1 does not have a descriptor");
  // br_on_cast_desc_eq(_fail): a common hierarchy and a label that takes the branch type.
  EXPECT_EQ(validate(with_pair("(func (param anyref (ref null $b)) (result anyref)"
                               " (br_on_cast_desc_eq 0 anyref (ref $a) (local.get 0) (local.get 1)))")),
            "unsupported instruction br_on_cast_desc_eq" + unsupported);
  EXPECT_EQ(validate(with_pair("(func (param funcref (ref null $b)) (result anyref)"
                               " (br_on_cast_desc_eq 0 funcref (ref $a) (local.get 0) (local.get 1)))")),
            "type mismatch on cast: type func has a different top type than type 0");
  EXPECT_EQ(validate(with_pair("(func (param anyref (ref null $b)) (result (ref $c))"
                               " (br_on_cast_desc_eq 0 anyref (ref $a) (local.get 0) (local.get 1)) (unreachable))")),
            "type mismatch");
  EXPECT_EQ(validate(with_pair("(func (param anyref (ref null $b)) (result (ref $a))"
                               " (block (result anyref) (br_on_cast_desc_eq_fail 0 anyref (ref $a) (local.get 0) (local.get 1))"
                               " (return)) (unreachable))")),
            "unsupported instruction br_on_cast_desc_eq_fail" + unsupported);
  // Only the allocations are constant.
  EXPECT_EQ(validate(with_pair("(global (ref null $b) (ref.get_desc $a (ref.null $a)))")), "constant expression required");
}

TEST(CustomDescriptorsValid, ExactFunctionReferences) {
  // ref.func is exact for defined functions and exact imports only.
  EXPECT_EQ(validate("(module (type $f (func)) (func $g (type $f)) (global (ref (exact $f)) (ref.func $g)))"), "");
  EXPECT_EQ(validate("(module (type $f (func)) (import \"m\" \"g\" (func $g (exact (type $f))))"
                     " (global (ref (exact $f)) (ref.func $g)))"),
            "");
  EXPECT_EQ(validate("(module (type $f (func)) (import \"m\" \"g\" (func $g (type $f))) (global (ref (exact $f)) (ref.func $g)))"),
            "type mismatch");
  EXPECT_EQ(validate("(module (type $f (func)) (import \"m\" \"g\" (func $g (type $f))) (elem declare func $g)"
                     " (func (result (ref (exact $f))) (ref.func $g)))"),
            "type mismatch");
}

}  // namespace
}  // namespace kiln::core
