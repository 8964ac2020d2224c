#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "twinmatch/tools/backends.hpp"

namespace twinmatch::tools {
namespace {

struct RegisteredBackend {
  std::string_view name;
  BackendFactory make;
  std::string_view summary; // what it is, what it streams, its --opt keys
};

// One line per backend.
constexpr std::array kBackends{
    RegisteredBackend{"ref", make_reference_backend,
                      "the reference model (the oracle); streams; no --opt keys"},
    RegisteredBackend{"sw", make_sw_backend,
                      "the CPU twin, sw_engine's Core; streams; no --opt keys"},
    RegisteredBackend{"hls", make_hls_backend,
                      "the HLS core in C simulation, hardware configuration only; streams; "
                      "no --opt keys"},
    RegisteredBackend{"rtl", make_rtl_backend,
                      "the verilated RTL core, hardware configuration (hw16 with lanes); "
                      "streams; "
                      "--opt gaps=P backpressure=P (per-cycle probabilities "
                      "in [0, 1)), seed=N, trace=FILE.fst|FILE.vcd (a waveform, with FILE.gtkw), "
                      "trace_from=N|cmd:N trace_to=N|cmd:N (its window: cycle or command), "
                      "cycles=FILE.csv (every command's cycles), lanes=1|2|4 (symbol lanes, config "
                      "hw16; 8 in a TWINMATCH_RTL_LANES8 build), merge=core|host (with lanes: one "
                      "event port or one per lane)"},
};

// Appends `words` as lines of at most 96 columns, the later ones indented under the first.
void wrap(std::string_view words, std::string& text) {
  constexpr std::size_t kIndent = 9; // "    name "
  constexpr std::size_t kWidth = 96;
  std::size_t column = kIndent;
  while (!words.empty()) {
    const std::size_t end = std::min(words.find(' '), words.size());
    const std::string_view word = words.substr(0, end);
    words.remove_prefix(std::min(end + 1, words.size()));
    if (column + 1 + word.size() > kWidth && column > kIndent) {
      text += fmt::format("\n{:{}}", "", kIndent);
      column = kIndent;
    }
    text += fmt::format(" {}", word);
    column += 1 + word.size();
  }
  text += '\n';
}

} // namespace

std::unique_ptr<Backend> make_backend(std::string_view name, const CoreConfig& config,
                                      const BackendOptions& options, std::string& error) {
  if (options.contains("link")) return make_dma_backend(name, config, options, error);
  for (const RegisteredBackend& backend : kBackends) {
    if (backend.name == name) return backend.make(config, options, error);
  }
  error = fmt::format("unknown backend '{}' (known: {})", name, fmt::join(backend_names(), ", "));
  return nullptr;
}

std::string backends_help() {
  std::string text;
  for (const RegisteredBackend& backend : kBackends) {
    text += fmt::format("    {:<5}", backend.name);
    wrap(backend.summary, text);
  }
  text += "  --link dma puts any of them behind the host driver and the modelled PCIe link\n"
          "  (streams; figures in simulated time). Its --opt keys: latency_ns,\n"
          "  bandwidth_gbytes_per_s, max_payload, max_read_request, tlp_overhead,\n"
          "  link_stall_probability, link_stall_max_ns, clock_mhz, command_fifo, event_fifo,\n"
          "  write_burst, core_stall_probability, core_stall_max_cycles, sq_entries, cq_entries,\n"
          "  batch, blocking, submit=ring|pio, pio_window, window_full=wait|ring, host_poll_ns,\n"
          "  events=full|compact (the card-to-host records; docs/protocol.md), offered_per_s,\n"
          "  seed (docs/host.md); with rtl, trace=FILE.fst|FILE.vcd (the clocked\n"
          "  core's waveform, with FILE.gtkw) and trace_from=N|cmd:N trace_to=N|cmd:N (its window,\n"
          "  as for the rtl backend; docs/rtl.md).\n";
  return text;
}

std::vector<std::string> backend_names() {
  std::vector<std::string> names;
  for (const RegisteredBackend& backend : kBackends) names.emplace_back(backend.name);
  return names;
}

} // namespace twinmatch::tools
