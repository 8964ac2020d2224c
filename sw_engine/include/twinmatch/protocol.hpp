// The twinmatch wire protocol: fixed-size little-endian command and event records.
// docs/protocol.md is the prose of this file; rtl/tm_pkg.sv mirrors it field for field.
// Kept to the HLS-synthesizable subset (fixed-width integers, plain structs, no library
// calls) because the HLS core includes it too.
#pragma once

#include <cstddef>
#include <cstdint>

namespace twinmatch {

// 2: the price band; 3: stop and iceberg orders (docs/protocol.md). A core accepts both.
inline constexpr std::uint8_t kProtocolVersion = 3;
inline constexpr std::uint8_t kOldestProtocolVersion = 2;

// A book's band base is a multiple of this many ticks (docs/matching.md, "The price band").
inline constexpr std::uint32_t kBandAlign = 64;

// ---------------------------------------------------------------- command enums
enum class Opcode : std::uint8_t {
  NewOrder = 1,
  Cancel = 2,
  Modify = 3,
  MassCancel = 4,
  Snapshot = 5,
  SetBand = 6,
};

enum class Side : std::uint8_t { Buy = 0, Sell = 1 };
// Stop enters as a market order, StopLimit as a limit order, once triggered (protocol 3).
enum class OrderType : std::uint8_t { Limit = 0, Market = 1, Stop = 2, StopLimit = 3 };
enum class TimeInForce : std::uint8_t { Gtc = 0, Ioc = 1, Fok = 2 };

// Self-trade prevention: what happens when the incoming order would trade with a resting
// order of the same account.
enum class StpMode : std::uint8_t {
  None = 0,           // trade with yourself
  CancelResting = 1,  // cancel the resting order, keep matching
  CancelIncoming = 2, // cancel the incoming remainder, stop
  CancelBoth = 3,     // cancel both, stop
};

// Command flag bits; every other bit is reserved and must be zero.
inline constexpr std::uint8_t kFlagPostOnly = 0x01;  // NewOrder only
inline constexpr std::uint8_t kFlagByAccount = 0x02; // MassCancel only
inline constexpr std::uint8_t kFlagIceberg = 0x04;   // NewOrder only (protocol 3): aux = display

// ---------------------------------------------------------------- event enums
enum class EventType : std::uint8_t {
  Accepted = 1,
  Fill = 2,
  Cancelled = 3,
  Modified = 4,
  Rejected = 5,
  LevelUpdate = 6,
  SnapshotRow = 7,
  SnapshotEnd = 8,
  MassCancelDone = 9,
  BandSet = 10,
  StopAccepted = 11,  // protocol 3: a stop order waits for its trigger
  StopTriggered = 12, // protocol 3: a stop order enters the book's matching
  Replenished = 13,   // protocol 3: an iceberg shows a new slice at the back of its level
};

// The last event that a command causes carries this flag (an AXI4-Stream TLAST).
inline constexpr std::uint8_t kEventLast = 0x01;

enum class CancelReason : std::uint8_t {
  User = 1,            // Cancel command
  ImmediateOrCancel = 2,
  FillOrKill = 3,
  MarketRemainder = 4,
  Mass = 5,
  SelfTrade = 6,
  BandMoved = 7,       // outside the book's new band (SetBand)
};

enum class RejectReason : std::uint8_t {
  Malformed = 1,           // unknown opcode, bad version, bad enum value, reserved bits set
  UnknownSymbol = 2,
  HandleOutOfRange = 3,
  HandleInUse = 4,
  UnknownHandle = 5,       // cancel/modify of an order that is not resting
  ZeroQuantity = 6,
  QuantityTooLarge = 7,
  PriceOutOfRange = 8,     // SetBand: base not a multiple of kBandAlign, or band past 2^32 - 1
  InvalidCombination = 9,  // e.g. market + post-only, FOK + self-trade prevention
  PostOnlyWouldCross = 10,
  CapacityExhausted = 11,  // no free handle/slot (driver and drop-in API layer)
  DuplicateOrderId = 12,   // drop-in API / driver: client id already live
  PriceOutsideBand = 13,   // limit or modify price outside the book's band
  StopCapacity = 14,       // protocol 3: the book's table of pending stops is full
};

// ---------------------------------------------------------------- records
// Host to core: 32 bytes. Fields a command does not use must be zero (else Malformed).
struct Command {
  std::uint8_t opcode;     // Opcode
  std::uint8_t version;    // kProtocolVersion
  std::uint8_t side;       // Side
  std::uint8_t order_type; // OrderType
  std::uint8_t tif;        // TimeInForce
  std::uint8_t flags;      // kFlag* bits
  std::uint8_t stp;        // StpMode
  std::uint8_t reserved0;
  std::uint16_t symbol;
  std::uint16_t depth;     // Snapshot: levels per side, 0 = all
  std::uint32_t handle;
  std::uint32_t price;     // absolute ticks; SetBand: the book's new band base
  std::uint32_t quantity;
  std::uint32_t account;
  std::uint32_t aux;       // NewOrder, Modify: stop price (stops) or display quantity (iceberg)
};

// Core to host: 64 bytes. Fields an event type does not use are zero.
struct Event {
  std::uint8_t type;       // EventType
  std::uint8_t flags;      // kEventLast
  std::uint8_t side;       // Side of the order or level
  std::uint8_t reason;     // CancelReason or RejectReason, else 0
  std::uint16_t symbol;
  std::uint8_t cmd_opcode; // opcode of the causing command (raw, as received)
  std::uint8_t reserved0;
  std::uint64_t seq;       // event sequence number, 1, 2, 3, ...
  std::uint64_t cmd_seq;   // sequence number of the causing command, 1, 2, 3, ...
  std::uint32_t handle;    // order / taker handle
  std::uint32_t maker_handle;
  std::uint32_t price;
  std::uint32_t quantity;
  std::uint32_t remaining;       // open quantity of `handle` after the event
  std::uint32_t maker_remaining; // open quantity of `maker_handle` after the fill
  std::uint64_t level_quantity;  // LevelUpdate / SnapshotRow: total open quantity
  std::uint32_t order_count;     // LevelUpdate / SnapshotRow: orders; *Done / *End: count
  std::uint32_t aux;             // stop price (stop events, Modified of a stop); Accepted: display
};

static_assert(sizeof(Command) == 32, "command record is 32 bytes");
static_assert(offsetof(Command, symbol) == 8, "layout");
static_assert(offsetof(Command, handle) == 12, "layout");
static_assert(offsetof(Command, price) == 16, "layout");
static_assert(offsetof(Command, quantity) == 20, "layout");
static_assert(offsetof(Command, account) == 24, "layout");
static_assert(offsetof(Command, aux) == 28, "layout");

static_assert(sizeof(Event) == 64, "event record is 64 bytes");
static_assert(offsetof(Event, symbol) == 4, "layout");
static_assert(offsetof(Event, cmd_opcode) == 6, "layout");
static_assert(offsetof(Event, seq) == 8, "layout");
static_assert(offsetof(Event, cmd_seq) == 16, "layout");
static_assert(offsetof(Event, handle) == 24, "layout");
static_assert(offsetof(Event, maker_handle) == 28, "layout");
static_assert(offsetof(Event, price) == 32, "layout");
static_assert(offsetof(Event, quantity) == 36, "layout");
static_assert(offsetof(Event, remaining) == 40, "layout");
static_assert(offsetof(Event, maker_remaining) == 44, "layout");
static_assert(offsetof(Event, level_quantity) == 48, "layout");
static_assert(offsetof(Event, order_count) == 56, "layout");
static_assert(offsetof(Event, aux) == 60, "layout");

} // namespace twinmatch

namespace twinmatch {

// ---------------------------------------------------------------- stream files
// A stored stream: this 64-byte header, then `record_count` records of `record_size` bytes.
inline constexpr char kCommandStreamMagic[8] = {'T', 'M', 'C', 'M', 'D', 'S', '1', '\0'};
inline constexpr char kEventStreamMagic[8] = {'T', 'M', 'E', 'V', 'T', 'S', '1', '\0'};
inline constexpr std::uint16_t kStreamFormatVersion = 1;

struct StreamHeader {
  char magic[8];
  std::uint16_t format_version; // kStreamFormatVersion
  std::uint16_t record_size;    // sizeof(Command) or sizeof(Event)
  std::uint32_t symbols;        // the CoreConfig the stream was made for
  std::uint32_t price_levels;
  std::uint32_t handles;
  std::uint32_t max_quantity;
  std::uint32_t stop_orders;
  std::uint64_t record_count;
  std::uint8_t reserved1[24];
};

static_assert(sizeof(StreamHeader) == 64, "stream header is 64 bytes");
static_assert(offsetof(StreamHeader, symbols) == 12, "layout");
static_assert(offsetof(StreamHeader, record_count) == 32, "layout");

} // namespace twinmatch
