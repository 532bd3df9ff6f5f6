#include "text/lexer.h"

#include <gtest/gtest.h>

namespace kiln::core::text {
namespace {

std::vector<Token> tokens(std::string_view src) {
  auto r = lex(src);
  EXPECT_TRUE(r.ok()) << r.error().message;
  if (!r.ok()) return {};
  return r->tokens;
}

Error lex_error(std::string_view src) {
  auto r = lex(src);
  EXPECT_FALSE(r.ok());
  return r.ok() ? Error() : r.error();
}

TEST(Lexer, TokenKindsAndTexts) {
  auto r = lex("(module $m \"a\\n\" 12 -3 1.5 nan:0x1 -inf i32.add offset=4)");
  ASSERT_TRUE(r.ok());
  const auto& t = r->tokens;
  ASSERT_EQ(t.size(), 13u);
  EXPECT_EQ(t[0].kind, Tok::LParen);
  EXPECT_EQ(t[1].kind, Tok::Keyword);
  EXPECT_EQ(t[1].text(), "module");
  EXPECT_EQ(t[2].kind, Tok::Id);
  EXPECT_EQ(t[2].text(), "m");
  EXPECT_EQ(t[3].kind, Tok::String);
  EXPECT_EQ(t[3].text(), "a\\n");
  EXPECT_TRUE(t[3].escaped);
  EXPECT_EQ(decode_string(t[3]), "a\n");
  EXPECT_EQ(t[4].kind, Tok::Nat);
  EXPECT_EQ(t[5].kind, Tok::Int);
  EXPECT_EQ(t[6].kind, Tok::Float);
  EXPECT_EQ(t[7].kind, Tok::Float);
  EXPECT_EQ(t[8].kind, Tok::Float);
  EXPECT_EQ(t[9].kind, Tok::Keyword);
  EXPECT_EQ(t[10].kind, Tok::Keyword);
  EXPECT_EQ(t[10].text(), "offset=4");
  EXPECT_EQ(t[11].kind, Tok::RParen);
  EXPECT_EQ(t[12].kind, Tok::Eof);
}

TEST(Lexer, NumberShapes) {
  for (const char* s : {"0", "1_000", "0xff_ff", "0x0"}) EXPECT_EQ(tokens(s)[0].kind, Tok::Nat) << s;
  for (const char* s : {"+1", "-0x10", "-1_0"}) EXPECT_EQ(tokens(s)[0].kind, Tok::Int) << s;
  for (const char* s : {"1.", "1.5e10", "1e-3", "0x1p3", "0x1.8P-2", "+inf", "nan", "-nan:0xff", "1.e5", "0x.8"}) {
    auto t = lex(s);
    if (std::string_view(s) == "0x.8") {
      EXPECT_FALSE(t.ok());
      continue;
    }
    ASSERT_TRUE(t.ok()) << s;
    EXPECT_EQ(t->tokens[0].kind, Tok::Float) << s;
  }
  EXPECT_EQ(lex_error("1__0").message, "unknown operator");
  EXPECT_EQ(lex_error("0drop").message, "unknown operator");
  EXPECT_EQ(lex_error("1e").message, "unknown operator");
}

TEST(Lexer, LinesAndColumns) {
  auto r = lex("(func\n  (nop) ;; comment\n\t(;c;)x $y \"s\" $\"q\")");
  ASSERT_TRUE(r.ok());
  const auto& t = r->tokens;
  ASSERT_EQ(t.size(), 11u);
  auto at = [&](size_t i) {
    Location l = r->locate(t[i]);
    return std::to_string(l.line) + ":" + std::to_string(l.column);
  };
  EXPECT_EQ(at(1), "1:2");
  EXPECT_EQ(t[3].text(), "nop");
  EXPECT_EQ(at(3), "2:4");
  EXPECT_EQ(t[5].text(), "x");
  EXPECT_EQ(at(5), "3:7");
  EXPECT_EQ(at(6), "3:9");   // $y
  EXPECT_EQ(at(7), "3:12");  // "s"
  EXPECT_EQ(t[8].text(), "q");
  EXPECT_EQ(at(8), "3:16");  // $"q"
  EXPECT_EQ(at(10), "3:21");  // end of input
  Error e = r->error_at(t[5], "boom");
  EXPECT_EQ(e.kind, ErrorKind::Malformed);
  EXPECT_EQ(e.line, 3u);
  EXPECT_EQ(e.column, 7u);
  EXPECT_EQ(sizeof(Token), 16u);
}

TEST(Lexer, CommentsNestAndAnnotationsAreSkipped) {
  auto t = tokens("(;a(;b;)c;) (@foo bar (baz \")\") ;; x\n ) nop (@\"q\") ;; end");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].text(), "nop");
  EXPECT_EQ(tokens("(@a , ; ] [ (@) ;)").size(), 1u);
}

TEST(Lexer, Identifiers) {
  auto r = lex("$abc $\"a b\" $\"\\41\"");
  ASSERT_TRUE(r.ok());
  const auto& t = r->tokens;
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].text(), "abc");
  EXPECT_EQ(t[1].kind, Tok::Id);
  EXPECT_EQ(t[1].text(), "a b");
  EXPECT_EQ(t[2].text(), "A");
  EXPECT_EQ(lex_error("(func $)").message, "empty identifier");
  EXPECT_EQ(lex_error("(func $\"\")").message, "empty identifier");
  EXPECT_EQ(lex_error("(func $\"a\tb\")").message, "empty identifier");
  EXPECT_EQ(lex_error("(func $\"\\ef\")").message, "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("$\"l\"0").message, "unknown operator");
}

TEST(Lexer, Strings) {
  auto t = tokens("\"\\t\\n\\r\\\"\\'\\\\\\41\\u{1F600}\\u{41}\"");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(decode_string(t[0]), "\t\n\r\"'\\A\xF0\x9F\x98\x80" "A");
  EXPECT_EQ(decode_string(tokens("\"\\ff\\00\"")[0]), std::string("\xFF\0", 2));
  EXPECT_EQ(lex_error("\"abc").message, "unclosed string");
  EXPECT_EQ(lex_error("\"a\x01\"").message, "illegal character");
  EXPECT_EQ(lex_error("\"\\q\"").message, "illegal escape");
  EXPECT_EQ(lex_error("\"\xC0\x80\"").message, "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("\"\\u{D800}\"").message, "malformed UTF-8 encoding");
}

TEST(Lexer, Errors) {
  Error e = lex_error("(func)\n  \x01");
  EXPECT_EQ(e.message, "illegal character");
  EXPECT_EQ(e.kind, ErrorKind::Malformed);
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 3u);
  EXPECT_EQ(lex_error("\xFF").message, "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("\xC3\x9F").message, "illegal character");
  EXPECT_EQ(lex_error("(@)").message, "empty annotation id");
  EXPECT_EQ(lex_error("(@ x)").message, "empty annotation id");
  EXPECT_EQ(lex_error("(@\"\")").message, "empty annotation id");
  EXPECT_EQ(lex_error("(@x (y)").message, "unclosed annotation");
  EXPECT_EQ(lex_error("(; (; ;)").message, "unclosed comment");
  EXPECT_EQ(lex_error("a;b").message, "unknown operator");
}

}  // namespace
}  // namespace kiln::core::text
