#include "twinmatch/sim/wave_files.hpp"

#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "gtkwave/fstapi.h"

namespace twinmatch::sim {
namespace {

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct FstReaderCloser {
  void operator()(void* reader) const { fstReaderClose(reader); }
};
using FstReader = std::unique_ptr<void, FstReaderCloser>;

FstReader open_fst(const std::string& path) {
  FstReader reader(fstReaderOpen(path.c_str()));
  if (!reader) throw std::runtime_error(fmt::format("rtl: cannot read the trace {}", path));
  return reader;
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// Every variable of the trace, by full dotted name without its bit range, with its width.
std::map<std::string, std::uint32_t> trace_variables(const std::string& fst_path) {
  FstReader reader = open_fst(fst_path);
  std::map<std::string, std::uint32_t> variables;
  std::vector<std::string> scopes;
  while (const fstHier* entry = fstReaderIterateHier(reader.get())) {
    if (entry->htyp == FST_HT_SCOPE) {
      scopes.emplace_back(entry->u.scope.name);
    } else if (entry->htyp == FST_HT_UPSCOPE) {
      if (!scopes.empty()) scopes.pop_back();
    } else if (entry->htyp == FST_HT_VAR) {
      std::string name(entry->u.var.name);
      name = name.substr(0, name.find(' '));  // Verilator writes "name [msb:lsb]"
      std::string full;
      for (const std::string& scope : scopes) full += scope + ".";
      variables.emplace(full + name, entry->u.var.length);
    }
  }
  return variables;
}

struct Group {
  std::string_view title;
  std::vector<std::string_view> signals; // under the decoder's scope unless they end in _i/_o
};

// Flags of a .gtkw trace line: binary for single bits, decimal for fields, hex for raw data.
constexpr unsigned kBinary = 0x28;
constexpr unsigned kDecimal = 0x24;

const std::vector<Group>& groups() {
  static const std::vector<Group> kGroups{
      {"Clock", {"clk_i", "rst_ni", "cycle", "idle_o"}},
      {"Command", {"cmd_valid_i", "cmd_ready_o", "cmd_fire", "cmd_seq", "cmd_opcode", "cmd_symbol",
                   "cmd_side", "cmd_order_type", "cmd_tif", "cmd_flags", "cmd_handle", "cmd_price",
                   "cmd_quantity", "cmd_account"}},
      {"Event", {"evt_valid_o", "evt_ready_i", "evt_fire", "evt_last", "evt_cmd_seq", "evt_seq",
                 "evt_type", "evt_cmd_opcode", "evt_symbol", "evt_side", "evt_handle",
                 "evt_maker_handle", "evt_price", "evt_quantity", "evt_remaining",
                 "evt_reject_reason", "evt_cancel_reason"}},
  };
  return kGroups;
}

bool is_port(std::string_view name) {
  const std::string text(name);
  return ends_with(text, "_i") || ends_with(text, "_o") || text == "rst_ni";
}

} // namespace

WaveFormat wave_format_of(const std::string& trace_path) {
  if (ends_with(trace_path, ".fst")) return WaveFormat::Fst;
  if (ends_with(trace_path, ".vcd")) return WaveFormat::Vcd;
  throw std::invalid_argument(
      fmt::format("rtl: trace file {} must end in .fst (FST) or .vcd (VCD)", trace_path));
}

std::string gtkw_path_of(const std::string& trace_path) {
  return trace_path.substr(0, trace_path.size() - 4) + ".gtkw";
}

std::string recording_path_of(const std::string& trace_path) {
  return wave_format_of(trace_path) == WaveFormat::Vcd ? trace_path + ".part.fst" : trace_path;
}

void finish_wave_files(const std::string& trace_path) {
  const std::string recording = recording_path_of(trace_path);
  if (recording != trace_path) write_vcd_from_fst(recording, trace_path);
  write_gtkw(recording, trace_path, gtkw_path_of(trace_path));
  if (recording != trace_path) std::remove(recording.c_str());
}

void write_vcd_from_fst(const std::string& fst_path, const std::string& vcd_path) {
  FstReader reader = open_fst(fst_path);
  std::unique_ptr<std::FILE, FileCloser> vcd(std::fopen(vcd_path.c_str(), "w"));
  if (!vcd) throw std::runtime_error(fmt::format("rtl: cannot write the trace {}", vcd_path));
  fstReaderSetVcdExtensions(reader.get(), 0);
  if (fstReaderProcessHier(reader.get(), vcd.get()) == 0) {
    throw std::runtime_error(fmt::format("rtl: cannot read the signals of {}", fst_path));
  }
  fstReaderSetFacProcessMaskAll(reader.get());
  fstReaderIterBlocks(reader.get(), nullptr, nullptr, vcd.get());
  std::FILE* file = vcd.release();
  if (std::ferror(file) != 0 || std::fclose(file) != 0) {
    throw std::runtime_error(fmt::format("rtl: cannot write the trace {}", vcd_path));
  }
}

void write_gtkw(const std::string& fst_path, const std::string& dump_path,
                const std::string& gtkw_path) {
  const std::map<std::string, std::uint32_t> variables = trace_variables(fst_path);
  // The decoder is bound into the core as instance `wave`; the core's scope is its parent.
  std::string core_scope;
  for (const auto& [name, width] : variables) {
    if (ends_with(name, ".wave.cmd_fire")) {
      core_scope = name.substr(0, name.size() - std::string_view(".wave.cmd_fire").size());
      break;
    }
  }
  if (core_scope.empty()) {
    throw std::runtime_error(fmt::format("rtl: {} has no decoded signals (tm_wave_decode)", fst_path));
  }
  std::unique_ptr<std::FILE, FileCloser> gtkw(std::fopen(gtkw_path.c_str(), "w"));
  if (!gtkw) throw std::runtime_error(fmt::format("rtl: cannot write {}", gtkw_path));
  fmt::print(gtkw.get(), "[*] GTKWave save file written by twinmatch (sim/wave_files.cpp)\n");
  fmt::print(gtkw.get(), "[dumpfile] \"{}\"\n", dump_path);
  for (const Group& group : groups()) {
    fmt::print(gtkw.get(), "@800200\n-{}\n", group.title);
    for (std::string_view signal : group.signals) {
      const std::string name = is_port(signal) ? fmt::format("{}.{}", core_scope, signal)
                                               : fmt::format("{}.wave.{}", core_scope, signal);
      const auto found = variables.find(name);
      if (found == variables.end()) {
        throw std::runtime_error(fmt::format("rtl: the trace has no signal {}", name));
      }
      const std::uint32_t width = found->second;
      if (width == 1) {
        fmt::print(gtkw.get(), "@{:x}\n{}\n", kBinary, name);
      } else {
        fmt::print(gtkw.get(), "@{:x}\n{}[{}:0]\n", kDecimal, name, width - 1);
      }
    }
    fmt::print(gtkw.get(), "@1000200\n-{}\n", group.title);
  }
  std::FILE* file = gtkw.release();
  if (std::ferror(file) != 0 || std::fclose(file) != 0) {
    throw std::runtime_error(fmt::format("rtl: cannot write {}", gtkw_path));
  }
}

} // namespace twinmatch::sim
