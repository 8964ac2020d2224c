// The NATS JetStream plumbing every scale-out part shares: a connection that reconnects to any
// server of a cluster, the per-shard stream names, and stream creation (docs/scale-out.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <memory>
#include <optional>
#include <string>

#include <nats/nats.h>

namespace twinmatch::scaleout {

// Shard `n`'s commands: stream TM_CMD_<n>, subject tm.cmd.<n>; its events: TM_EVT_<n>, tm.evt.<n>.
std::string command_stream(std::uint32_t shard);
std::string command_subject(std::uint32_t shard);
std::string event_stream(std::uint32_t shard);
std::string event_subject(std::uint32_t shard);
// The KV bucket of the primaries' leases; one key per shard.
inline constexpr const char* kLeaseBucket = "tm_leases";
std::string lease_key(std::uint32_t shard);

// "what failed: the library's text (status)".
std::string nats_failure(const char* what, natsStatus status);

class NatsLink {
public:
  // `servers`: comma-separated URLs (nats://127.0.0.1:4222,...); reconnects for ever, to any.
  static std::unique_ptr<NatsLink> connect(const std::string& servers, std::string& error);
  ~NatsLink();
  NatsLink(const NatsLink&) = delete;
  NatsLink& operator=(const NatsLink&) = delete;

  natsConnection* connection() const { return connection_; }
  jsCtx* jetstream() const { return jetstream_; }

private:
  NatsLink() = default;
  natsConnection* connection_ = nullptr;
  jsCtx* jetstream_ = nullptr;
};

// Creates shard `shard`'s command and event streams (file storage, `replicas` copies, a
// duplicate window of two minutes) unless they exist.
bool ensure_shard_streams(jsCtx* jetstream, std::uint32_t shard, int replicas, std::string& error);
// The stream's last sequence number (0 when empty), or nothing (with `error`).
std::optional<std::uint64_t> stream_last_seq(jsCtx* jetstream, const std::string& stream,
                                             std::string& error);

} // namespace twinmatch::scaleout

namespace twinmatch::scaleout {

// Reads `stream` from its first message to the last it holds when called, handing each (its
// stream sequence, its bytes) to `visit` in order; false (with `error`) on a failure or a gap.
bool read_stream(jsCtx* jetstream, const std::string& stream, const std::string& subject,
                 const std::function<void(std::uint64_t, std::span<const std::byte>)>& visit,
                 std::string& error);

} // namespace twinmatch::scaleout
