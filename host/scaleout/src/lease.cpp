#include "twinmatch/scaleout/lease.hpp"

#include <string_view>

#include <fmt/format.h>

#include "twinmatch/scaleout/nats_link.hpp"

namespace twinmatch::scaleout {

std::unique_ptr<Lease> Lease::open(jsCtx* jetstream, std::uint32_t shard, std::string holder,
                                   std::chrono::milliseconds ttl, int replicas, std::string& error) {
  std::unique_ptr<Lease> lease(new Lease);
  lease->key_ = lease_key(shard);
  lease->holder_ = std::move(holder);
  lease->ttl_ = ttl;
  kvConfig config;
  kvConfig_Init(&config);
  config.Bucket = kLeaseBucket;
  config.History = 1;
  config.TTL = std::chrono::nanoseconds(ttl).count(); // libnats takes nanoseconds
  config.Replicas = replicas;
  natsStatus status = NATS_OK;
  for (int attempt = 0; attempt < 60; ++attempt) {
    status = js_CreateKeyValue(&lease->store_, jetstream, &config);
    if (status != NATS_OK) status = js_KeyValue(&lease->store_, jetstream, kLeaseBucket);
    if (status == NATS_OK) return lease;
    nats_Sleep(250);
  }
  error = nats_failure(fmt::format("opening KV bucket {}", kLeaseBucket).c_str(), status);
  return nullptr;
}

namespace {

// The update was refused because the key's revision moved: the server's "wrong last sequence".
bool lost_to_another() {
  const char* last = nats_GetLastError(nullptr);
  return last != nullptr && std::string_view(last).find("wrong last sequence") != std::string_view::npos;
}

} // namespace

Lease::~Lease() { kvStore_Destroy(store_); }

bool Lease::maintain() {
  const auto now = std::chrono::steady_clock::now();
  if (held_) {
    if (now - renewed_ < ttl_ / 4) return true;
    std::uint64_t revision = 0;
    const natsStatus status = kvStore_Update(&revision, store_, key_.c_str(), holder_.data(),
                                             static_cast<int>(holder_.size()), revision_);
    if (status == NATS_OK) {
      revision_ = revision;
      renewed_ = now;
    } else if (lost_to_another() || now - renewed_ >= ttl_) {
      // Someone else holds it now (the revision moved), or it has expired unrenewed. Any other
      // failure (a timeout, no responders while the cluster elects a leader) is retried.
      held_ = false;
    }
    return held_;
  }
  if (now - tried_ < ttl_ / 8) return false;
  tried_ = now;
  std::uint64_t revision = 0;
  if (kvStore_Create(&revision, store_, key_.c_str(), holder_.data(), static_cast<int>(holder_.size())) == NATS_OK) {
    held_ = true;
    revision_ = revision;
    renewed_ = now;
  }
  return held_;
}

void Lease::release() {
  if (!held_) return;
  held_ = false;
  kvStore_Delete(store_, key_.c_str());
}

} // namespace twinmatch::scaleout
