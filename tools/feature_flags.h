// The --enable-FEATURE / --disable-FEATURE options every subcommand accepts; the names are
// the flags of src/spec/features.def (e.g. --enable-simd, --disable-multi-memory).
#pragma once

#include <string>

#include "spec/features.h"

namespace kiln::core::tools {

enum class FlagResult { NotAFeatureFlag, Applied, Unknown };

// Applies `arg` to `features` when it is a feature option.
FlagResult apply_feature_flag(const std::string& arg, Features& features);

}  // namespace kiln::core::tools
