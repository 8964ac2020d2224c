#include "twinmatch/sim/cycle_log.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace twinmatch::sim {

std::string opcode_label(std::uint8_t opcode) {
  static constexpr std::array<const char*, 7> kNames{
      nullptr, "NewOrder", "Cancel", "Modify", "MassCancel", "Snapshot", "SetBand"};
  if (opcode < kNames.size() && kNames[opcode] != nullptr) return kNames[opcode];
  return fmt::format("op0x{:02x}", opcode);
}

void OpcodeCycles::add(const CommandCycles& command) {
  PerOpcode& entry = by_opcode_[command.opcode];
  entry.cycles.add(static_cast<std::uint32_t>(command.cycles()));
  entry.sum += command.cycles();
}

std::vector<OpcodeCycles::Row> OpcodeCycles::rows() const {
  std::vector<Row> rows;
  for (std::size_t opcode = 0; opcode < by_opcode_.size(); ++opcode) {
    const PerOpcode& entry = by_opcode_[opcode];
    const std::uint64_t count = entry.cycles.count();
    if (count == 0) continue;
    rows.push_back({static_cast<std::uint8_t>(opcode), count,
                    static_cast<double>(entry.sum) / static_cast<double>(count),
                    entry.cycles.percentile(0.50), entry.cycles.percentile(0.99),
                    entry.cycles.max()});
  }
  return rows;
}

CycleLogFile::CycleLogFile(const std::string& path)
    : path_(path), file_(std::fopen(path.c_str(), "w")) {
  if (!file_) throw std::runtime_error(fmt::format("rtl: cannot write cycle log {}", path));
  fmt::print(file_.get(), "seq,opcode,accept_cycle,first_event_cycle,last_event_cycle,events,start_cycle\n");
}

void CycleLogFile::write(const CommandCycles& command) {
  fmt::print(file_.get(), "{},{},{},{},{},{},{}\n", command.seq, opcode_label(command.opcode),
             command.accept_cycle, command.first_event_cycle, command.last_event_cycle,
             command.events, command.start_cycle);
}

void CycleLogFile::close() {
  std::FILE* file = file_.release();
  const bool failed = std::ferror(file) != 0;
  if (std::fclose(file) != 0 || failed) {
    throw std::runtime_error(fmt::format("rtl: cannot write cycle log {}", path_));
  }
}

} // namespace twinmatch::sim
