// Turns fuzzer bytes into a command sequence for a tiny core. Most commands are shaped to be
// nearly valid (few handles, a narrow price band, small quantities) so that the fuzzer reaches
// the matching logic; one in eight is a raw 32-byte record, to reach every reject.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/protocol.hpp"

namespace twinmatch::fuzz {

inline constexpr CoreConfig kFuzzConfig{2, 32, 16, 100};

inline std::vector<Command> shape_commands(std::span<const std::uint8_t> bytes) {
  std::vector<Command> commands;
  std::size_t at = 0;
  const auto take = [&]() -> std::uint8_t { return at < bytes.size() ? bytes[at++] : 0; };
  while (at < bytes.size()) {
    const std::uint8_t selector = take();
    Command c{};
    if ((selector & 7) == 7) {
      std::uint8_t raw[sizeof(Command)] = {};
      for (std::uint8_t& byte : raw) byte = take();
      std::memcpy(&c, raw, sizeof c);
      commands.push_back(c);
      continue;
    }
    c.version = kProtocolVersion;
    const std::uint8_t a = take(), b = take(), d = take();
    c.opcode = static_cast<std::uint8_t>(1 + (selector >> 3) % 6);
    switch (static_cast<Opcode>(c.opcode)) {
    case Opcode::NewOrder:
      c.side = a & 1;
      c.order_type = (a >> 1) % 8 == 0 ? 1 : 0;
      c.tif = static_cast<std::uint8_t>((a >> 4) % 4 == 3 ? 0 : (a >> 4) % 4);
      c.flags = (a >> 6) == 3 ? kFlagPostOnly : 0;
      c.stp = static_cast<std::uint8_t>((b >> 5) % 4);
      c.symbol = b & 1;
      c.handle = (b >> 1) & 15;
      c.price = c.order_type == 1 ? 0 : 10 + d % 12 + ((d >> 7) & 1) * kBandAlign;
      c.quantity = 1 + take() % 20;
      c.account = take() % 3;
      break;
    case Opcode::Cancel:
      c.handle = a & 15;
      break;
    case Opcode::Modify:
      c.handle = a & 15;
      c.price = 10 + b % 12 + ((b >> 7) & 1) * kBandAlign;
      c.quantity = d % 21;
      break;
    case Opcode::MassCancel:
      c.symbol = a & 1;
      if (b & 1) {
        c.flags = kFlagByAccount;
        c.account = d % 3;
      }
      break;
    case Opcode::Snapshot:
      c.symbol = a & 1;
      c.depth = b % 4;
      break;
    case Opcode::SetBand: // base 0 or one word up (which leaves half the prices above outside), rarely off the grid
      c.symbol = a & 1;
      c.price = (b & 1) * kBandAlign + (b % 16 == 15 ? 1 : 0);
      break;
    }
    commands.push_back(c);
  }
  return commands;
}

} // namespace twinmatch::fuzz
