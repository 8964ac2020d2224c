#include "twinmatch/host/order_gateway.hpp"

namespace twinmatch::host {

namespace {

Command blank(Opcode opcode) {
  Command command{};
  command.opcode = static_cast<std::uint8_t>(opcode);
  command.version = kProtocolVersion;
  return command;
}

SubmitResult refused(RejectReason reason) { return {SubmitStatus::Rejected, reason, 0}; }

bool is_stop(OrderType type) { return type == OrderType::Stop || type == OrderType::StopLimit; }

} // namespace

Command new_order_command(const OrderRequest& request, std::uint32_t handle) {
  Command command = blank(Opcode::NewOrder);
  command.side = static_cast<std::uint8_t>(request.side);
  command.order_type = static_cast<std::uint8_t>(request.type);
  command.tif = static_cast<std::uint8_t>(request.tif);
  command.flags = static_cast<std::uint8_t>((request.post_only ? kFlagPostOnly : 0) |
                                            (request.display_quantity != 0 ? kFlagIceberg : 0));
  command.stp = static_cast<std::uint8_t>(request.stp);
  command.symbol = request.symbol;
  command.handle = handle;
  command.price = request.price;
  command.quantity = request.quantity;
  command.account = request.account;
  // An iceberg stop is no order at all: it goes out with the stop price and the flag, and the
  // core rejects it (InvalidCombination).
  command.aux = is_stop(request.type) ? request.stop_price : request.display_quantity;
  return command;
}

Command modify_command(std::uint32_t handle, std::uint32_t price, std::uint32_t quantity,
                       std::uint32_t stop_price) {
  Command command = blank(Opcode::Modify);
  command.handle = handle;
  command.price = price;
  command.quantity = quantity;
  command.aux = stop_price;
  return command;
}

OrderGateway::OrderGateway(const CoreConfig& core, const DriverConfig& config, Device& device,
                           CompletionSink& downstream)
    : downstream_(downstream), ids_(core.handles), driver_(config, device, *this) {}

SubmitResult OrderGateway::send(const Command& command) {
  return {driver_.submit(command), RejectReason{}, command.handle};
}

SubmitResult OrderGateway::new_order(std::uint64_t client_id, const OrderRequest& request) {
  const OrderIdMap::Claim claim = ids_.claim(client_id);
  if (!claim.handle) return refused(claim.reason);
  const Command command = new_order_command(request, *claim.handle);
  const SubmitResult result = send(command);
  if (result.status != SubmitStatus::Ok) ids_.unclaim(*claim.handle);
  return result;
}

SubmitResult OrderGateway::existing(std::uint64_t client_id, Command command) {
  const std::optional<std::uint32_t> handle = ids_.handle_of(client_id);
  if (!handle) return refused(RejectReason::UnknownHandle);
  command.handle = *handle;
  return send(command);
}

SubmitResult OrderGateway::cancel(std::uint64_t client_id) {
  return existing(client_id, blank(Opcode::Cancel));
}

SubmitResult OrderGateway::modify(std::uint64_t client_id, std::uint32_t price,
                                  std::uint32_t quantity, std::uint32_t stop_price) {
  return existing(client_id, modify_command(0, price, quantity, stop_price));
}

SubmitResult OrderGateway::mass_cancel(std::uint16_t symbol,
                                       std::optional<std::uint32_t> account) {
  Command command = blank(Opcode::MassCancel);
  command.symbol = symbol;
  if (account) {
    command.flags = kFlagByAccount;
    command.account = *account;
  }
  return send(command);
}

SubmitResult OrderGateway::snapshot(std::uint16_t symbol, std::uint16_t depth) {
  Command command = blank(Opcode::Snapshot);
  command.symbol = symbol;
  command.depth = depth;
  return send(command);
}

SubmitResult OrderGateway::set_band(std::uint16_t symbol, std::uint32_t base) {
  Command command = blank(Opcode::SetBand);
  command.symbol = symbol;
  command.price = base;
  return send(command);
}

void OrderGateway::on_event(const Event& event) {
  downstream_.on_event(event);
  ids_.observe(event);
}

void OrderGateway::on_command_complete(std::uint64_t cmd_seq) {
  downstream_.on_command_complete(cmd_seq);
}

} // namespace twinmatch::host
