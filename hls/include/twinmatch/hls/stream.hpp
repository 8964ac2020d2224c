// hls::stream: the vendor class when Vitis HLS headers are present, else a small host-only
// stand-in with the subset of its interface the core and the testbench use (read, write, empty,
// full, size, read_nb, write_nb). The core uses nothing the vendor class lacks.
#pragma once

#if __has_include(<hls_stream.h>)
#include <hls_stream.h>
#else

#include <cstddef>

#ifndef __SYNTHESIS__
#include <cstdio>
#include <cstdlib>
#endif

namespace hls {

// A ring buffer. Its storage is taken at construction and, like a vendor C-simulation stream,
// grows when a write finds it full: the events of one command are bounded by quantities, not by
// the table sizes, once icebergs replenish (an iceberg of peak 1 is one Fill and one Replenished
// per unit traded). The growth is host-only (`#ifndef __SYNTHESIS__`), so the core's objects as
// synthesis sees them stay free of allocation symbols. Reading empty is a harness bug and stops
// the program.
template <typename T, int Depth = 0>
class stream {
public:
  static constexpr std::size_t kDefaultCapacity = 1u << 17; // a venue core's full-book sweep

  stream() : stream("stream") {}
  explicit stream(const char* name)
      : name_(name), capacity_(Depth > 0 ? static_cast<std::size_t>(Depth) : kDefaultCapacity),
        slots_(new T[capacity_]) {}
  ~stream() { delete[] slots_; }
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;

  bool empty() const { return count_ == 0; }
  bool full() const { return count_ == capacity_; }
  std::size_t size() const { return count_; }

  void write(const T& value) {
#ifndef __SYNTHESIS__
    if (full()) grow();
#endif
    slots_[(head_ + count_) % capacity_] = value;
    ++count_;
  }

  T read() {
#ifndef __SYNTHESIS__
    if (empty()) fail("read from an empty");
#endif
    T value = slots_[head_];
    head_ = (head_ + 1) % capacity_;
    --count_;
    return value;
  }

  bool write_nb(const T& value) {
    if (full()) return false;
    write(value);
    return true;
  }

  bool read_nb(T& value) {
    if (empty()) return false;
    value = read();
    return true;
  }

  void operator<<(const T& value) { write(value); }
  void operator>>(T& value) { value = read(); }

private:
#ifndef __SYNTHESIS__
  // Twice the capacity, the contents moved to the front in order.
  void grow() {
    T* larger = new T[2 * capacity_];
    for (std::size_t i = 0; i < count_; ++i) larger[i] = slots_[(head_ + i) % capacity_];
    delete[] slots_;
    slots_ = larger;
    head_ = 0;
    capacity_ *= 2;
  }

  [[noreturn]] void fail(const char* what) const {
    std::fprintf(stderr, "hls::stream stand-in: %s stream '%s' (capacity %zu)\n", what, name_,
                 capacity_);
    std::abort();
  }
#endif

  const char* name_;
  std::size_t capacity_;
  T* slots_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};

} // namespace hls

#endif
