// Client order id (any 64-bit value) -> handle, for the drop-in API. Open addressing with
// linear probing and backward-shift deletion in a table sized at start-up to at least twice the
// handle count, so it never rehashes, never allocates and never fills beyond half.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace twinmatch::sw {

class OrderIdMap {
public:
  static constexpr std::uint32_t kAbsent = 0xFFFFFFFFu;

  explicit OrderIdMap(std::uint32_t max_entries) {
    std::size_t size = 16;
    while (size < std::size_t{max_entries} * 2) size <<= 1;
    mask_ = size - 1;
    shift_ = 64;
    for (std::size_t s = size; s > 1; s >>= 1) --shift_;
    slots_ = std::make_unique<Slot[]>(size);
    for (std::size_t i = 0; i < size; ++i) slots_[i].handle = kAbsent;
  }

  std::uint32_t find(std::uint64_t id) const {
    for (std::size_t i = home(id);; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.handle == kAbsent) return kAbsent;
      if (slot.id == id) return slot.handle;
    }
  }

  // The caller guarantees `id` is absent and fewer than max_entries ids are present.
  void insert(std::uint64_t id, std::uint32_t handle) {
    std::size_t i = home(id);
    while (slots_[i].handle != kAbsent) i = (i + 1) & mask_;
    slots_[i] = Slot{id, handle};
  }

  void erase(std::uint64_t id) {
    std::size_t hole = home(id);
    while (slots_[hole].id != id || slots_[hole].handle == kAbsent) {
      if (slots_[hole].handle == kAbsent) return;
      hole = (hole + 1) & mask_;
    }
    // Pull later members of the probe run back into the hole so lookups never stop early.
    for (std::size_t i = (hole + 1) & mask_; slots_[i].handle != kAbsent; i = (i + 1) & mask_) {
      const std::size_t want = home(slots_[i].id);
      const bool movable = ((i - want) & mask_) >= ((i - hole) & mask_);
      if (movable) {
        slots_[hole] = slots_[i];
        hole = i;
      }
    }
    slots_[hole].handle = kAbsent;
  }

private:
  struct Slot {
    std::uint64_t id;
    std::uint32_t handle;
  };

  std::size_t home(std::uint64_t id) const {
    return static_cast<std::size_t>((id * 0x9E3779B97F4A7C15ull) >> shift_);
  }

  std::unique_ptr<Slot[]> slots_;
  std::size_t mask_ = 0;
  int shift_ = 0;
};

} // namespace twinmatch::sw
