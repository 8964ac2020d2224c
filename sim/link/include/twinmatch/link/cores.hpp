// The cores the card model can carry, by backend name.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "twinmatch/link/core_model.hpp"

namespace twinmatch::link {

// The names make_core() knows, in the order the CLI lists them.
std::vector<std::string> core_names();

// A fresh core `name` built for `config`, or nullptr with `error` set.
std::unique_ptr<CoreModel> make_core(std::string_view name, const CoreConfig& config,
                                     std::string& error);

} // namespace twinmatch::link
