// Client order id (any 64-bit value) -> handle, for the drop-in API. Open addressing with
// linear probing and backward-shift deletion, power-of-two sized, kept at most half full so that
// a lookup typically reads one slot. The table is sized to the ids that are live, not to the
// capacity: it starts small and doubles when it passes half full (a rehash: an allocation and
// a pass over the table, a handful of times while a book first fills, never once it is warm).
// A table sized to the handle count instead (2^21 slots, 32 MiB for the CPU default) made every
// lookup a cache and TLB miss on books of tens of thousands of orders.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace twinmatch::sw {

class OrderIdMap {
public:
  static constexpr std::uint32_t kAbsent = 0xFFFFFFFFu;

  // Room for `max_entries` ids at most; the table starts at `initial_slots` (rounded up to a
  // power of two, at least 16) and grows up to twice max_entries.
  explicit OrderIdMap(std::uint32_t max_entries, std::size_t initial_slots = 4096) {
    std::size_t limit = 16;
    while (limit < std::size_t{max_entries} * 2) limit <<= 1;
    max_slots_ = limit;
    std::size_t size = 16;
    while (size < initial_slots && size < limit) size <<= 1;
    allocate(size);
  }

  std::uint32_t find(std::uint64_t id) const {
    for (std::size_t i = home(id);; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.handle == kAbsent) return kAbsent;
      if (slot.id == id) return slot.handle;
    }
  }

  // Adds `id` -> `handle` unless `id` is present (then false, nothing changed): one probe run.
  // The caller guarantees fewer than max_entries ids are present.
  bool insert(std::uint64_t id, std::uint32_t handle) {
    if ((size_ + 1) * 2 > mask_ + 1 && mask_ + 1 < max_slots_) [[unlikely]] grow();
    std::size_t i = home(id);
    for (; slots_[i].handle != kAbsent; i = (i + 1) & mask_) {
      if (slots_[i].id == id) return false;
    }
    slots_[i] = Slot{id, handle};
    ++size_;
    return true;
  }

  void erase(std::uint64_t id) {
    std::size_t hole = home(id);
    while (slots_[hole].id != id || slots_[hole].handle == kAbsent) {
      if (slots_[hole].handle == kAbsent) return;
      hole = (hole + 1) & mask_;
    }
    --size_;
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

  std::size_t size() const { return size_; }
  std::size_t slots() const { return mask_ + 1; }

private:
  struct Slot {
    std::uint64_t id;
    std::uint32_t handle;
  };

  std::size_t home(std::uint64_t id) const {
    return static_cast<std::size_t>((id * 0x9E3779B97F4A7C15ull) >> shift_);
  }

  void allocate(std::size_t size) {
    slots_ = std::make_unique_for_overwrite<Slot[]>(size);
    for (std::size_t i = 0; i < size; ++i) slots_[i].handle = kAbsent;
    mask_ = size - 1;
    shift_ = 64;
    for (std::size_t s = size; s > 1; s >>= 1) --shift_;
  }

  [[gnu::noinline]] void grow() {
    const std::unique_ptr<Slot[]> old = std::move(slots_);
    const std::size_t old_size = mask_ + 1;
    allocate(old_size * 2);
    for (std::size_t j = 0; j < old_size; ++j) {
      if (old[j].handle == kAbsent) continue;
      std::size_t i = home(old[j].id);
      while (slots_[i].handle != kAbsent) i = (i + 1) & mask_;
      slots_[i] = old[j];
    }
  }

  std::unique_ptr<Slot[]> slots_;
  std::size_t mask_ = 0;
  std::size_t max_slots_ = 0;
  std::size_t size_ = 0;
  int shift_ = 0;
};

} // namespace twinmatch::sw
