#include "twinmatch/scaleout/nats_link.hpp"

#include <vector>

#include <fmt/format.h>

namespace twinmatch::scaleout {

std::string command_stream(std::uint32_t shard) { return fmt::format("TM_CMD_{}", shard); }
std::string command_subject(std::uint32_t shard) { return fmt::format("tm.cmd.{}", shard); }
std::string event_stream(std::uint32_t shard) { return fmt::format("TM_EVT_{}", shard); }
std::string event_subject(std::uint32_t shard) { return fmt::format("tm.evt.{}", shard); }
std::string lease_key(std::uint32_t shard) { return fmt::format("shard{}", shard); }

std::string nats_failure(const char* what, natsStatus status) {
  const char* last = nats_GetLastError(nullptr);
  return fmt::format("{}: {} ({})", what, last != nullptr && *last != '\0' ? last : natsStatus_GetText(status),
                     static_cast<int>(status));
}

std::unique_ptr<NatsLink> NatsLink::connect(const std::string& servers, std::string& error) {
  std::vector<std::string> urls;
  for (std::size_t start = 0; start <= servers.size();) {
    const std::size_t comma = std::min(servers.find(',', start), servers.size());
    if (comma > start) urls.push_back(servers.substr(start, comma - start));
    start = comma + 1;
  }
  std::vector<const char*> pointers;
  for (const std::string& url : urls) pointers.push_back(url.c_str());
  natsOptions* options = nullptr;
  natsStatus status = natsOptions_Create(&options);
  if (status == NATS_OK) status = natsOptions_SetServers(options, pointers.data(), static_cast<int>(pointers.size()));
  // A cluster node may die at any time: try the others at once and for ever; keep what is
  // published meanwhile (the reconnect buffer) so a publish is resent, not lost.
  if (status == NATS_OK) status = natsOptions_SetMaxReconnect(options, -1);
  if (status == NATS_OK) status = natsOptions_SetReconnectWait(options, 50);
  if (status == NATS_OK) status = natsOptions_SetRetryOnFailedConnect(options, true, nullptr, nullptr);
  if (status == NATS_OK) status = natsOptions_SetNoRandomize(options, false);
  if (status == NATS_OK) status = natsOptions_SetTimeout(options, 2000);
  // Write each publish at once: the library's flusher thread otherwise batches for about a
  // millisecond, which was most of the end-to-end latency (two publishes per command).
  if (status == NATS_OK) status = natsOptions_SetSendAsap(options, true);
  std::unique_ptr<NatsLink> link(new NatsLink);
  if (status == NATS_OK) status = natsConnection_Connect(&link->connection_, options);
  natsOptions_Destroy(options);
  // No server up yet: the library keeps trying (stream set-up retries meanwhile).
  if (status == NATS_NOT_YET_CONNECTED) status = NATS_OK;
  if (status != NATS_OK) {
    error = nats_failure(fmt::format("connecting to {}", servers).c_str(), status);
    return nullptr;
  }
  jsOptions js_options;
  jsOptions_Init(&js_options);
  js_options.Wait = 2000;
  status = natsConnection_JetStream(&link->jetstream_, link->connection_, &js_options);
  if (status != NATS_OK) {
    error = nats_failure("opening JetStream", status);
    return nullptr;
  }
  return link;
}

NatsLink::~NatsLink() {
  jsCtx_Destroy(jetstream_);
  if (connection_ != nullptr) {
    natsConnection_Close(connection_);
    natsConnection_Destroy(connection_);
  }
}

namespace {

bool ensure_stream(jsCtx* jetstream, const std::string& name, const std::string& subject,
                   int replicas, std::string& error) {
  jsStreamConfig config;
  jsStreamConfig_Init(&config);
  const char* subjects[] = {subject.c_str()};
  config.Name = name.c_str();
  config.Subjects = subjects;
  config.SubjectsLen = 1;
  config.Storage = js_FileStorage;
  config.Replicas = replicas;
  config.Duplicates = 120LL * 1000 * 1000 * 1000; // ns: the window in which a msg id is a duplicate
  jsStreamInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  // In a cluster that just lost a node, the stream's placement may take a few tries.
  natsStatus status = NATS_OK;
  for (int attempt = 0; attempt < 60; ++attempt) {
    status = js_AddStream(&info, jetstream, &config, nullptr, &code);
    jsStreamInfo_Destroy(info);
    info = nullptr;
    if (status == NATS_OK) return true;
    if (code == JSStreamNameExistErr) return true;
    nats_Sleep(250);
  }
  error = nats_failure(fmt::format("creating stream {} (error code {})", name, static_cast<int>(code)).c_str(), status);
  return false;
}

} // namespace

bool ensure_shard_streams(jsCtx* jetstream, std::uint32_t shard, int replicas, std::string& error) {
  return ensure_stream(jetstream, command_stream(shard), command_subject(shard), replicas, error) &&
         ensure_stream(jetstream, event_stream(shard), event_subject(shard), replicas, error);
}

std::optional<std::uint64_t> stream_last_seq(jsCtx* jetstream, const std::string& stream,
                                             std::string& error) {
  jsStreamInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  const natsStatus status = js_GetStreamInfo(&info, jetstream, stream.c_str(), nullptr, &code);
  if (status != NATS_OK) {
    error = nats_failure(fmt::format("stream info of {}", stream).c_str(), status);
    return std::nullopt;
  }
  const std::uint64_t last = info->State.LastSeq;
  jsStreamInfo_Destroy(info);
  return last;
}

} // namespace twinmatch::scaleout

namespace twinmatch::scaleout {

bool read_stream(jsCtx* jetstream, const std::string& stream, const std::string& subject,
                 const std::function<void(std::uint64_t, std::span<const std::byte>)>& visit,
                 std::string& error) {
  const auto last = stream_last_seq(jetstream, stream, error);
  if (!last) return false;
  if (*last == 0) return true;
  jsSubOptions subscribe;
  jsSubOptions_Init(&subscribe);
  subscribe.Stream = stream.c_str();
  subscribe.Ordered = true;
  subscribe.Config.DeliverPolicy = js_DeliverAll;
  natsSubscription* subscription = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus status = js_SubscribeSync(&subscription, jetstream, subject.c_str(), nullptr, &subscribe, &code);
  if (status != NATS_OK) {
    error = nats_failure(fmt::format("subscribing to {}", stream).c_str(), status);
    return false;
  }
  natsSubscription_SetPendingLimits(subscription, -1, -1);
  for (std::uint64_t expected = 1; expected <= *last; ++expected) {
    natsMsg* message = nullptr;
    status = natsSubscription_NextMsg(&message, subscription, 10000);
    if (status != NATS_OK) {
      error = nats_failure(fmt::format("reading {} at {}", stream, expected).c_str(), status);
      break;
    }
    jsMsgMetaData* meta = nullptr;
    const std::uint64_t seq = natsMsg_GetMetaData(&meta, message) == NATS_OK ? meta->Sequence.Stream : 0;
    jsMsgMetaData_Destroy(meta);
    if (seq != expected) {
      error = fmt::format("{}: expected message {}, got {}", stream, expected, seq);
      natsMsg_Destroy(message);
      break;
    }
    visit(seq, std::as_bytes(std::span(natsMsg_GetData(message),
                                       static_cast<std::size_t>(natsMsg_GetDataLength(message)))));
    natsMsg_Destroy(message);
  }
  natsSubscription_Destroy(subscription);
  return error.empty();
}

} // namespace twinmatch::scaleout
