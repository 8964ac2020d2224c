// The files around an RTL waveform: VCD written from the FST Verilator records (the models are
// built with FST tracing, one format per model), and the GTKWave save file (.gtkw) beside the
// trace that opens it with the decoded command and event fields (sim/wave/tm_wave_decode.sv)
// grouped.
#pragma once

#include <string>

namespace twinmatch::sim {

enum class WaveFormat { Fst, Vcd };

// The format a trace path asks for by its extension; throws std::invalid_argument for any other.
WaveFormat wave_format_of(const std::string& trace_path);

// w.fst -> w.gtkw, w.vcd -> w.gtkw.
std::string gtkw_path_of(const std::string& trace_path);

// Where Verilator records the FST for a trace: the trace itself, or w.vcd.part.fst for a VCD.
std::string recording_path_of(const std::string& trace_path);

// After the recording at recording_path_of(trace_path) is closed: writes the VCD if one was asked
// for (and removes the FST it came from) and the .gtkw. Throws std::runtime_error.
void finish_wave_files(const std::string& trace_path);

// Rewrites the FST at `fst_path` as a plain VCD at `vcd_path`. Throws std::runtime_error.
void write_vcd_from_fst(const std::string& fst_path, const std::string& vcd_path);

// Writes the .gtkw for the trace at `dump_path`, reading the signal names (the decoder's scope
// and the core's ports) from the FST at `fst_path`. Throws std::runtime_error if a signal it
// lists is not in the trace.
void write_gtkw(const std::string& fst_path, const std::string& dump_path,
                const std::string& gtkw_path);

} // namespace twinmatch::sim
