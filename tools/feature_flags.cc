#include "feature_flags.h"

namespace kiln::tools {

FlagResult apply_feature_flag(const std::string& arg, Features& features) {
  bool on;
  std::string name;
  if (arg.rfind("--enable-", 0) == 0) {
    on = true;
    name = arg.substr(9);
  } else if (arg.rfind("--disable-", 0) == 0) {
    on = false;
    name = arg.substr(10);
  } else {
    return FlagResult::NotAFeatureFlag;
  }
  auto f = Features::from_flag(name);
  if (!f) return FlagResult::Unknown;
  features.set(*f, on);
  return FlagResult::Applied;
}

}  // namespace kiln::tools
