// The command line of one subcommand: `--name value` options (each allowed name listed by the
// subcommand) and positional arguments. Anything else is a usage error, reported, never thrown.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "twinmatch/config.hpp"

namespace twinmatch::cli {

inline constexpr int kExitUsage = 2;

class Arguments {
public:
  // Fails (with `error`) on an option not in `known_options` or an option without its value.
  static std::optional<Arguments> parse(std::span<const std::string_view> args,
                                        std::initializer_list<std::string_view> known_options,
                                        std::string& error);

  bool wants_help() const { return wants_help_; }
  bool has(std::string_view option) const { return values_.contains(option); }
  // The last value given for `option`.
  std::optional<std::string_view> value(std::string_view option) const;
  // Every value given for a repeatable `option`, in order.
  std::vector<std::string_view> values(std::string_view option) const;
  const std::vector<std::string_view>& positional() const { return positional_; }

private:
  std::map<std::string_view, std::vector<std::string_view>, std::less<>> values_;
  std::vector<std::string_view> positional_;
  bool wants_help_ = false;
};

// The arguments of a subcommand that takes `positional_count` positional arguments. When they
// are wrong, or ask for help, prints what fits, sets `exit_code` (2 or 0) and returns nothing.
std::optional<Arguments> parse_subcommand(std::span<const std::string_view> args,
                                          std::initializer_list<std::string_view> known_options,
                                          std::size_t positional_count, std::string_view usage,
                                          int& exit_code);

// Empty when every option of `required` was given, else "missing --a and --b".
std::string missing_options(const Arguments& arguments,
                            std::initializer_list<std::string_view> required);

// A whole decimal number, nothing else.
std::optional<std::uint64_t> parse_unsigned(std::string_view text);

// "key=value" pairs (--opt) into backend options; false (with `error`) on a pair without '='.
bool parse_backend_options(const std::vector<std::string_view>& pairs,
                           std::map<std::string, std::string>& options, std::string& error);

// "hw" (kHardwareConfig) or "cpu" (kCpuConfig).
std::optional<CoreConfig> config_from_name(std::string_view name);

// Prints "twinmatch: <message>" and the usage to stderr; returns kExitUsage.
int usage_error(std::string_view message, std::string_view usage);

} // namespace twinmatch::cli
