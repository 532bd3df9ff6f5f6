// Internals of the printer's code (print_code.cc, print_fold.cc): the state of one
// function body being printed (labels, locals) and the spelling of single instructions.
#pragma once

#include <string>
#include <vector>

#include "base/utf8.h"
#include "text/print_context.h"

namespace kiln::core::text::print {

// The state of one function body (or constant expression) being printed.
struct FuncState {
  Context& c;
  const std::vector<std::string>* locals = nullptr;
  const NameMap* label_names = nullptr;
  uint32_t blocks = 0;                 // blocks opened so far: the index of label names
  std::vector<std::string> labels;     // ids of the enclosing blocks, innermost last
  std::vector<uint32_t> branch_arity;  // values a branch to each of them carries
  uint32_t num_results = 0;            // of the function (for `return`)

  explicit FuncState(Context& ctx) : c(ctx) {}

  void append_local(std::string& out, uint32_t i) const {
    out += ' ';
    if (locals && i < locals->size() && !(*locals)[i].empty()) {
      out += (*locals)[i];
    } else {
      append_uint(out, i);
    }
  }

  // Appends " " and a branch target: its $id when that id names it (not shadowed), else
  // the depth with a comment saying which block it is, "1 (;@2;)", as the block's
  // `;; label = @2` says.
  void append_label(std::string& out, uint32_t depth) const {
    out += ' ';
    if (depth < labels.size()) {
      size_t target = labels.size() - 1 - depth;
      const std::string& id = labels[target];
      bool usable = !id.empty();
      for (size_t i = target + 1; usable && i < labels.size(); ++i) usable = labels[i] != id;
      if (usable) {
        out += id;
        return;
      }
      append_uint(out, depth);
      if (target != 0) {  // not the function's own label
        out += " (;@";
        append_uint(out, target);
        out += ";)";
      }
      return;
    }
    append_uint(out, depth);
  }

  // The comment that numbers an unnamed block (at the innermost level): "  ;; label = @2".
  std::string label_comment() const {
    if (labels.empty() || !labels.back().empty()) return {};
    return "  ;; label = @" + std::to_string(labels.size() - 1);
  }

  // The id of the next block opened (from the name section's labels).
  std::string next_label_id() {
    uint32_t n = blocks++;
    if (!label_names) return {};
    auto it = label_names->names.find(n);
    if (it == label_names->names.end() || it->second.empty() || !is_valid_utf8(it->second)) return {};
    return id_text(it->second);
  }
};

// Values a block takes from the stack and leaves on it.
void block_arity(const Context& c, const BlockType& bt, uint32_t& params, uint32_t& results);

// Appends the instruction's name and immediates, e.g. "i32.load offset=4" or
// "br_table 0 1 $l". Block instructions give only their name; the caller adds label and
// block type.
void append_instr(FuncState& fs, const Instr& in, std::string& s);
std::string instr_text(FuncState& fs, const Instr& in);

// The head of a block, loop or if: "block $l (result i32)". Opens its label, which
// close_block closes.
std::string open_block(FuncState& fs, const Instr& in);
void close_block(FuncState& fs);

// Prints the whole body folded, or returns false (having printed nothing) when it cannot:
// unreadable code, or nesting deeper than the printer folds.
bool print_folded(FuncState& fs, ByteReader& r, uint32_t indent);

}  // namespace kiln::core::text::print
