// twinmatch compare OLD.json NEW.json: medians, change and a Mann-Whitney U test per benchmark
// (bench/report/compare_command.cpp does the work).
#include <string>
#include <vector>

#include <fmt/format.h>

#include "subcommands.hpp"
#include "twinmatch/bench/compare.hpp"

namespace twinmatch::cli {

int compare_main(std::span<const std::string_view> args) {
  std::string out, err;
  const int status =
      bench::run_compare_command(std::vector<std::string>(args.begin(), args.end()), out, err);
  fmt::print(stdout, "{}", out);
  fmt::print(stderr, "{}", err);
  return status;
}

} // namespace twinmatch::cli
