// The twinmatch subcommands, one file each. Each takes the arguments after its name and
// returns the process exit code: 0 success, 1 a difference found (diff, demo), 2 a usage error
// or an unreadable or unwritable file.
#pragma once

#include <span>
#include <string_view>

namespace twinmatch::cli {

int gen_main(std::span<const std::string_view> args);
int run_main(std::span<const std::string_view> args);
int diff_main(std::span<const std::string_view> args);
int encode_main(std::span<const std::string_view> args);
int dump_main(std::span<const std::string_view> args);
int demo_main(std::span<const std::string_view> args);
int loadcurve_main(std::span<const std::string_view> args);
int journaled_run_main(std::span<const std::string_view> args); // run --journal (durable_commands.cpp)
int recover_main(std::span<const std::string_view> args);       // (durable_commands.cpp)
int report_main(std::span<const std::string_view> args);
int compare_main(std::span<const std::string_view> args);
int coverage_main(std::span<const std::string_view> args); // (coverage_command.cpp)
int soak_main(std::span<const std::string_view> args); // (soak_command.cpp)
#ifdef TWINMATCH_WITH_SCALEOUT
int serve_main(std::span<const std::string_view> args);   // (serve_command.cpp, host/scaleout)
int gateway_main(std::span<const std::string_view> args); // (gateway_command.cpp, host/scaleout)
#endif

} // namespace twinmatch::cli
