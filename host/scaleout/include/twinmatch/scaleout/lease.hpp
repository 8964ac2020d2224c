// Who publishes a shard's events: the holder of the key lease_key(shard) in the KV bucket
// kLeaseBucket, whose entries expire `ttl` after they were last written (the bucket's TTL, that
// is its stream's MaxAge). The holder rewrites the key (an update conditional on its revision)
// every ttl/4; a standby tries every call to create it, which succeeds only once it is gone.
// The lease decides who publishes, not what the stream holds: two publishers for a while
// (a holder paused past its TTL) are harmless (SequencedPublisher); the lease only keeps that
// rare.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <nats/nats.h>

namespace twinmatch::scaleout {

class Lease {
public:
  static std::unique_ptr<Lease> open(jsCtx* jetstream, std::uint32_t shard, std::string holder,
                                     std::chrono::milliseconds ttl, int replicas, std::string& error);
  ~Lease();
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;

  // Renews the lease if held (when due), else tries to take it; returns whether it is held.
  bool maintain();
  bool held() const { return held_; }
  // Gives the lease up at once (a clean stop), so a standby need not wait for the TTL.
  void release();

private:
  Lease() = default;
  kvStore* store_ = nullptr;
  std::string key_;
  std::string holder_;
  std::chrono::milliseconds ttl_{};
  bool held_ = false;
  std::uint64_t revision_ = 0;
  std::chrono::steady_clock::time_point renewed_{};
  std::chrono::steady_clock::time_point tried_{};
};

} // namespace twinmatch::scaleout
