// Client order id (any 64-bit value) <-> handle, for the drop-in API. The ids live in an array
// indexed by handle; the lookup table holds 8-byte slots, 32 bits of the id's hash and the
// handle, in open addressing with linear probing and backward-shift deletion, power-of-two
// sized and kept at most half full, so that a lookup typically reads one slot and checks the
// id it found in the array. The table is sized to the ids that are live, not to the capacity:
// it starts small and doubles when it passes half full (a rehash: an allocation and a pass over
// the table, a handful of times while a book first fills, never once it is warm). The id array
// is allocated for every handle but not written before use, so the OS maps only the pages the
// handles in use reach.
// A table of 16-byte slots sized to the handle count (2^21 slots, 32 MiB for the CPU default)
// made every lookup a cache and TLB miss on books of tens of thousands of orders.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace twinmatch::sw {

class OrderIdMap {
public:
  static constexpr std::uint32_t kAbsent = 0xFFFFFFFFu;

  // Handles 0 .. handles-1; the table starts at `initial_slots` (rounded up to a power of two,
  // at least 16) and grows up to twice the handle count (at most 2^32 slots).
  explicit OrderIdMap(std::uint32_t handles, std::size_t initial_slots = 4096)
      : ids_(std::make_unique_for_overwrite<std::uint64_t[]>(handles)) {
    std::size_t limit = 16;
    while (limit < std::size_t{handles} * 2 && limit < kMaxSlots) limit <<= 1;
    max_slots_ = limit;
    std::size_t size = 16;
    while (size < initial_slots && size < limit) size <<= 1;
    allocate(size);
    ids_[0] = 0; // id_of(0) is defined before handle 0 is first used
  }

  std::uint32_t find(std::uint64_t id) const {
    const std::size_t slot = find_slot(id);
    return slot == kNoSlot ? kAbsent : handle_at(slot);
  }

  // Where `id` is in the table (kNoSlot if absent), for a caller that erases it by erase_at()
  // with no insert or erase in between: the probe is not run twice.
  static constexpr std::size_t kNoSlot = ~std::size_t{0};
  std::size_t find_slot(std::uint64_t id) const {
    const std::uint32_t tag = tag_of(id);
    for (std::size_t i = home(tag);; i = (i + 1) & mask_) {
      const Slot slot = slots_[i];
      if (slot.handle == kAbsent) return kNoSlot;
      if (slot.tag == tag && ids_[slot.handle] == id) return i;
    }
  }
  std::uint32_t handle_at(std::size_t slot) const { return slots_[slot].handle; }

  // Adds `id` -> `handle` unless `id` is present (then false, nothing changed): one probe run.
  // The caller guarantees that `handle` holds no id and fewer than `handles` ids are present.
  bool insert(std::uint64_t id, std::uint32_t handle) {
    if (size_ >= grow_at_) [[unlikely]] grow();
    const std::uint32_t tag = tag_of(id);
    std::size_t i = home(tag);
    for (; slots_[i].handle != kAbsent; i = (i + 1) & mask_) {
      if (slots_[i].tag == tag && ids_[slots_[i].handle] == id) return false;
    }
    slots_[i] = Slot{tag, handle};
    ids_[handle] = id;
    ++size_;
    return true;
  }

  void erase(std::uint64_t id) {
    const std::uint32_t handle = find(id);
    if (handle != kAbsent) erase_handle(handle);
  }

  // Removes the id that `handle` holds (which must be present).
  void erase_handle(std::uint32_t handle) {
    std::size_t hole = home(tag_of(ids_[handle]));
    while (slots_[hole].handle != handle) hole = (hole + 1) & mask_;
    erase_at(hole);
  }

  // Removes the id in `hole`, a slot find_slot() returned.
  void erase_at(std::size_t hole) {
    --size_;
    // Pull later members of the probe run back into the hole so lookups never stop early.
    for (std::size_t i = (hole + 1) & mask_; slots_[i].handle != kAbsent; i = (i + 1) & mask_) {
      const std::size_t want = home(slots_[i].tag);
      const bool movable = ((i - want) & mask_) >= ((i - hole) & mask_);
      if (movable) {
        slots_[hole] = slots_[i];
        hole = i;
      }
    }
    slots_[hole].handle = kAbsent;
  }

  // The id `handle` holds, or held last (until it is given a new one); 0 for a handle never used.
  std::uint64_t id_of(std::uint32_t handle) const { return ids_[handle]; }
  const std::uint64_t* ids() const { return ids_.get(); }

  std::size_t size() const { return size_; }
  std::size_t slots() const { return mask_ + 1; }

private:
  struct Slot {
    std::uint32_t tag; // the top 32 bits of the id's hash: its home is the tag's top bits
    std::uint32_t handle;
  };
  static constexpr std::size_t kMaxSlots = std::size_t{1} << 32;

  static std::uint32_t tag_of(std::uint64_t id) {
    return static_cast<std::uint32_t>((id * 0x9E3779B97F4A7C15ull) >> 32);
  }
  std::size_t home(std::uint32_t tag) const { return static_cast<std::size_t>(tag) >> shift_; }

  void allocate(std::size_t size) {
    slots_ = std::make_unique_for_overwrite<Slot[]>(size);
    for (std::size_t i = 0; i < size; ++i) slots_[i].handle = kAbsent;
    mask_ = size - 1;
    // Grows before an insert would pass half full, unless the table is at its largest.
    grow_at_ = size < max_slots_ ? size / 2 : SIZE_MAX;
    shift_ = 32;
    for (std::size_t s = size; s > 1; s >>= 1) --shift_;
  }

  [[gnu::noinline]] void grow() {
    const std::unique_ptr<Slot[]> old = std::move(slots_);
    const std::size_t old_size = mask_ + 1;
    allocate(old_size * 2);
    for (std::size_t j = 0; j < old_size; ++j) {
      if (old[j].handle == kAbsent) continue;
      std::size_t i = home(old[j].tag);
      while (slots_[i].handle != kAbsent) i = (i + 1) & mask_;
      slots_[i] = old[j];
    }
  }

  std::unique_ptr<std::uint64_t[]> ids_; // handle -> id
  std::unique_ptr<Slot[]> slots_;
  std::size_t mask_ = 0;
  std::size_t max_slots_ = 0;
  std::size_t size_ = 0;
  std::size_t grow_at_ = 0; // size_ at which insert() grows the table
  int shift_ = 0;
};

} // namespace twinmatch::sw
