#include "arguments.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace twinmatch::cli {

std::optional<Arguments> Arguments::parse(std::span<const std::string_view> args,
                                          std::initializer_list<std::string_view> known_options,
                                          std::string& error) {
  Arguments parsed;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "-h" || arg == "--help") {
      parsed.wants_help_ = true;
    } else if (arg.size() > 1 && arg.front() == '-') {
      if (std::find(known_options.begin(), known_options.end(), arg) == known_options.end()) {
        error = fmt::format("unknown option '{}'", arg);
        return std::nullopt;
      }
      if (i + 1 == args.size()) {
        error = fmt::format("option '{}' needs a value", arg);
        return std::nullopt;
      }
      parsed.values_[arg].push_back(args[++i]);
    } else {
      parsed.positional_.push_back(arg);
    }
  }
  return parsed;
}

std::optional<std::string_view> Arguments::value(std::string_view option) const {
  const auto found = values_.find(option);
  if (found == values_.end()) return std::nullopt;
  return found->second.back();
}

std::vector<std::string_view> Arguments::values(std::string_view option) const {
  const auto found = values_.find(option);
  return found == values_.end() ? std::vector<std::string_view>{} : found->second;
}

std::optional<Arguments> parse_subcommand(std::span<const std::string_view> args,
                                          std::initializer_list<std::string_view> known_options,
                                          std::size_t positional_count, std::string_view usage,
                                          int& exit_code) {
  std::string error;
  std::optional<Arguments> arguments = Arguments::parse(args, known_options, error);
  if (!arguments) {
    exit_code = usage_error(error, usage);
  } else if (arguments->wants_help()) {
    fmt::print("usage:\n{}", usage);
    exit_code = 0;
  } else if (arguments->positional().size() != positional_count) {
    exit_code = usage_error(
        fmt::format("expected {} file argument(s), got {}", positional_count,
                    arguments->positional().size()),
        usage);
  } else {
    return arguments;
  }
  return std::nullopt;
}

std::string missing_options(const Arguments& arguments,
                            std::initializer_list<std::string_view> required) {
  std::vector<std::string_view> missing;
  for (const std::string_view option : required) {
    if (!arguments.has(option)) missing.push_back(option);
  }
  if (missing.empty()) return {};
  std::string text = "missing " + std::string(missing.front());
  for (std::size_t i = 1; i < missing.size(); ++i) {
    text += fmt::format("{}{}", i + 1 == missing.size() ? " and " : ", ", missing[i]);
  }
  return text;
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  std::uint64_t number = 0;
  const char* end = text.data() + text.size();
  const auto [stop, status] = std::from_chars(text.data(), end, number);
  if (text.empty() || status != std::errc{} || stop != end) return std::nullopt;
  return number;
}

std::optional<CoreConfig> config_from_name(std::string_view name) {
  if (name == "hw") return kHardwareConfig;
  if (name == "cpu") return kCpuConfig;
  // The hardware book size with 16 symbols: the rtl backend's symbol lanes (sim::kRtlLanesConfig).
  if (name == "hw16") {
    return CoreConfig{16, kHardwareConfig.price_levels, kHardwareConfig.handles,
                      kHardwareConfig.max_quantity, kHardwareConfig.stop_orders};
  }
  return std::nullopt;
}

int usage_error(std::string_view message, std::string_view usage) {
  fmt::print(stderr, "twinmatch: {}\n\nusage:\n{}", message, usage);
  return kExitUsage;
}

bool parse_backend_options(const std::vector<std::string_view>& pairs,
                           std::map<std::string, std::string>& options, std::string& error) {
  for (const std::string_view pair : pairs) {
    const std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos || equals == 0) {
      error = fmt::format("--opt '{}' is not key=value", pair);
      return false;
    }
    options[std::string(pair.substr(0, equals))] = std::string(pair.substr(equals + 1));
  }
  return true;
}

} // namespace twinmatch::cli
