// `twinmatch report`: the identical workload on every backend, measured, checked for identical
// event streams, and judged against bench/targets.json.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "twinmatch/bench/report.hpp"

namespace twinmatch::bench {

struct ReportOptions {
  std::vector<std::string> backends; // empty: every registered backend
  int repetitions = 7;
  std::string targets_path;
  std::string out_dir;
  std::string journal_dir;           // where settlement writes (and removes) its journal files
  std::FILE* progress = stderr;      // a line per probe and backend
};

// Runs every probe on every backend; false and `error` only when nothing can run (bad
// targets file, unknown backend name). A backend that fails is recorded in the report.
bool run_report(const ReportOptions& options, ReportData& report, std::string& error);

// The whole command: arguments after "report"; prints the table; writes the files.
// Exit status 0 when the report was written (whatever the verdicts, unless --fail-on-miss: then
// 1 on a FAIL or an event stream that differs), 2 on bad arguments or I/O.
int run_report_command(const std::vector<std::string>& args);

} // namespace twinmatch::bench
