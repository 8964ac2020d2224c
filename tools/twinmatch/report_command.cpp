// twinmatch report: the benchmark workloads on every backend, judged against bench/targets.json
// (bench/suite/report_run.cpp does the work).
#include <string>
#include <vector>

#include "report_run.hpp"
#include "subcommands.hpp"

namespace twinmatch::cli {

int report_main(std::span<const std::string_view> args) {
  return bench::run_report_command(std::vector<std::string>(args.begin(), args.end()));
}

} // namespace twinmatch::cli
