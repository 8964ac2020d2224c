/* The drop-in engine as a plain C ABI (libtwinmatch_sw), for C and other languages, linked or
 * opened with dlopen. Every call that acts on the book returns a status: 0 is success, any other
 * value is the protocol's RejectReason (docs/protocol.md), e.g. 12 DuplicateOrderId;
 * twinmatch_status_name() names it.
 *
 * Events: every acting call (submit, cancel, modify, mass cancel, snapshot) replaces the event
 * list. An accepted call leaves the events it caused. A refused call changes no book state and
 * leaves exactly one event: Rejected, `reason` equal to the status, its client id in
 * twinmatch_event_order_ids (0 for a mass cancel or snapshot). A call refused before it reached
 * the core (a bad argument, order id 0, a duplicate or unknown id, no free capacity) has
 * `seq` = `cmd_seq` = 0. The event pointers stay valid until the next acting call.
 *
 * Order id 0 means "no order" in twinmatch_event_ids: a submit with it is refused as
 * TWINMATCH_MALFORMED.
 *
 * Stop orders and icebergs (protocol 3, docs/matching.md): twinmatch_submit_stop and
 * twinmatch_submit_iceberg place them, twinmatch_modify_stop changes a pending stop. A stop's
 * order id stays live while it is pending (twinmatch_open_quantity gives its quantity) and
 * through its trigger, when it enters the book under the same id; it is freed at its terminal
 * event like any order's. An iceberg's open quantity includes its hidden part.
 *
 * Threads: an engine is not synchronised. Every call on one engine, the queries included, must
 * come from one thread at a time. Engines share nothing: separate engines can be used from
 * separate threads at once. twinmatch_status_name and twinmatch_version are safe from any thread. */
#ifndef TWINMATCH_TWINMATCH_C_H
#define TWINMATCH_TWINMATCH_C_H

#include <stddef.h>
#include <stdint.h>

#include "twinmatch/version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define TWINMATCH_API __attribute__((visibility("default")))
#else
#define TWINMATCH_API
#endif

enum {
  TWINMATCH_OK = 0,
  TWINMATCH_MALFORMED = 1,
  TWINMATCH_UNKNOWN_SYMBOL = 2,
  TWINMATCH_HANDLE_OUT_OF_RANGE = 3,
  TWINMATCH_HANDLE_IN_USE = 4,
  TWINMATCH_UNKNOWN_HANDLE = 5,
  TWINMATCH_ZERO_QUANTITY = 6,
  TWINMATCH_QUANTITY_TOO_LARGE = 7,
  TWINMATCH_PRICE_OUT_OF_RANGE = 8,
  TWINMATCH_INVALID_COMBINATION = 9,
  TWINMATCH_POST_ONLY_WOULD_CROSS = 10,
  TWINMATCH_CAPACITY_EXHAUSTED = 11,
  TWINMATCH_DUPLICATE_ORDER_ID = 12,
  TWINMATCH_PRICE_OUTSIDE_BAND = 13,
  TWINMATCH_STOP_CAPACITY = 14
};

/* twinmatch_order fields. */
enum { TWINMATCH_BUY = 0, TWINMATCH_SELL = 1 };
enum { TWINMATCH_LIMIT = 0, TWINMATCH_MARKET = 1, TWINMATCH_STOP = 2, TWINMATCH_STOP_LIMIT = 3 };
enum { TWINMATCH_GTC = 0, TWINMATCH_IOC = 1, TWINMATCH_FOK = 2 };
enum {
  TWINMATCH_STP_NONE = 0,
  TWINMATCH_STP_CANCEL_RESTING = 1,
  TWINMATCH_STP_CANCEL_INCOMING = 2,
  TWINMATCH_STP_CANCEL_BOTH = 3
};

/* twinmatch_event fields: type, flags, reason of a Cancelled event, cmd_opcode. */
enum {
  TWINMATCH_EVENT_ACCEPTED = 1,
  TWINMATCH_EVENT_FILL = 2,
  TWINMATCH_EVENT_CANCELLED = 3,
  TWINMATCH_EVENT_MODIFIED = 4,
  TWINMATCH_EVENT_REJECTED = 5,
  TWINMATCH_EVENT_LEVEL_UPDATE = 6,
  TWINMATCH_EVENT_SNAPSHOT_ROW = 7,
  TWINMATCH_EVENT_SNAPSHOT_END = 8,
  TWINMATCH_EVENT_MASS_CANCEL_DONE = 9,
  TWINMATCH_EVENT_BAND_SET = 10,
  TWINMATCH_EVENT_STOP_ACCEPTED = 11,
  TWINMATCH_EVENT_STOP_TRIGGERED = 12,
  TWINMATCH_EVENT_REPLENISHED = 13
};
enum { TWINMATCH_EVENT_FLAG_LAST = 0x01 };
enum {
  TWINMATCH_CANCEL_USER = 1,
  TWINMATCH_CANCEL_IMMEDIATE_OR_CANCEL = 2,
  TWINMATCH_CANCEL_FILL_OR_KILL = 3,
  TWINMATCH_CANCEL_MARKET_REMAINDER = 4,
  TWINMATCH_CANCEL_MASS = 5,
  TWINMATCH_CANCEL_SELF_TRADE = 6,
  TWINMATCH_CANCEL_BAND_MOVED = 7
};
enum {
  TWINMATCH_OP_NEW_ORDER = 1,
  TWINMATCH_OP_CANCEL = 2,
  TWINMATCH_OP_MODIFY = 3,
  TWINMATCH_OP_MASS_CANCEL = 4,
  TWINMATCH_OP_SNAPSHOT = 5,
  TWINMATCH_OP_SET_BAND = 6
};

typedef struct twinmatch_engine twinmatch_engine;

typedef struct twinmatch_config {
  uint32_t symbols;
  uint32_t price_levels;
  uint32_t handles;
  uint32_t max_quantity;
} twinmatch_config;

typedef struct twinmatch_order {
  uint64_t order_id;
  uint16_t symbol;
  uint8_t side;       /* 0 buy, 1 sell */
  uint8_t order_type; /* 0 limit, 1 market; 2 stop, 3 stop-limit (twinmatch_submit_stop only) */
  uint8_t tif;        /* 0 GTC, 1 IOC, 2 FOK */
  uint8_t stp;        /* 0 none, 1 cancel resting, 2 cancel incoming, 3 cancel both */
  uint8_t post_only;  /* 0 or 1 */
  uint8_t reserved;   /* zero */
  uint32_t price;     /* ticks; 0 for a market order */
  uint32_t quantity;
  uint32_t account;
} twinmatch_order;

/* The wire Event record, field for field. */
typedef struct twinmatch_event {
  uint8_t type;
  uint8_t flags;
  uint8_t side;
  uint8_t reason;
  uint16_t symbol;
  uint8_t cmd_opcode;
  uint8_t reserved0;
  uint64_t seq;
  uint64_t cmd_seq;
  uint32_t handle;
  uint32_t maker_handle;
  uint32_t price;
  uint32_t quantity;
  uint32_t remaining;
  uint32_t maker_remaining;
  uint64_t level_quantity;
  uint32_t order_count;
  uint32_t aux;
} twinmatch_event;

/* The client ids an event concerns (0 where none). */
typedef struct twinmatch_event_ids {
  uint64_t order_id;
  uint64_t maker_order_id;
} twinmatch_event_ids;

typedef struct twinmatch_level {
  uint32_t price;
  uint32_t orders;
  uint64_t quantity;
} twinmatch_level;

/* The library's version, "MAJOR.MINOR.PATCH" (TWINMATCH_VERSION_STRING of the headers it was
 * built with). */
TWINMATCH_API const char* twinmatch_version(void);
/* The status's name ("Ok", "DuplicateOrderId", ...), "Unknown" for a value that is none. */
TWINMATCH_API const char* twinmatch_status_name(int status);

/* NULL for a configuration the engine cannot hold (zero sizes, symbols > 65536, no memory).
 * NULL `config` means the CPU default (64 symbols, 16384 levels, 2^20 handles). Every book holds
 * up to 4096 pending stop orders (the CPU default); twinmatch_create_with_stop_orders sets it. */
TWINMATCH_API twinmatch_engine* twinmatch_create(const twinmatch_config* config);
/* As twinmatch_create, with `stop_orders` pending stop orders per book (a parameter rather than
 * a field of twinmatch_config, so that callers built against the four-field struct keep working). */
TWINMATCH_API twinmatch_engine* twinmatch_create_with_stop_orders(const twinmatch_config* config,
                                                                  uint32_t stop_orders);
TWINMATCH_API void twinmatch_destroy(twinmatch_engine* engine);

/* A NULL engine or order, an unknown enum value, post_only other than 0 or 1 or reserved other
 * than 0: TWINMATCH_MALFORMED (a NULL engine has no events to leave). A limit or market order:
 * any other order_type is refused as TWINMATCH_MALFORMED (a stop needs its stop price:
 * twinmatch_submit_stop). */
TWINMATCH_API int twinmatch_submit(twinmatch_engine* engine, const twinmatch_order* order);
/* A stop order (order_type TWINMATCH_STOP or TWINMATCH_STOP_LIMIT, else TWINMATCH_MALFORMED):
 * pending until its book's last trade reaches `stop_price` (a buy at or above, a sell at or
 * below), then a market order (Stop: tif IOC or FOK, price 0) or a limit order at `price`. */
TWINMATCH_API int twinmatch_submit_stop(twinmatch_engine* engine, const twinmatch_order* order,
                                        uint32_t stop_price);
/* An iceberg: a GTC limit order that shows at most `display_quantity` (1 to its quantity, else
 * TWINMATCH_INVALID_COMBINATION) of its quantity in its level. */
TWINMATCH_API int twinmatch_submit_iceberg(twinmatch_engine* engine, const twinmatch_order* order,
                                           uint32_t display_quantity);
TWINMATCH_API int twinmatch_cancel(twinmatch_engine* engine, uint64_t order_id);
TWINMATCH_API int twinmatch_modify(twinmatch_engine* engine, uint64_t order_id, uint32_t price,
                                   uint32_t quantity);
/* A pending stop's new limit price (0 for a Stop), quantity and stop price; it keeps its place
 * among its book's pending stops. (twinmatch_modify of a pending stop sets its stop price to 0.) */
TWINMATCH_API int twinmatch_modify_stop(twinmatch_engine* engine, uint64_t order_id, uint32_t price,
                                        uint32_t quantity, uint32_t stop_price);
/* by_account 0: every order of the symbol; otherwise only those of `account`. */
TWINMATCH_API int twinmatch_mass_cancel(twinmatch_engine* engine, uint16_t symbol, int by_account,
                                        uint32_t account);
TWINMATCH_API int twinmatch_snapshot(twinmatch_engine* engine, uint16_t symbol, uint16_t depth);
/* Moves the symbol's price band to [base, base + price_levels - 1]; cancels the orders outside. */
TWINMATCH_API int twinmatch_set_band(twinmatch_engine* engine, uint16_t symbol, uint32_t base);

/* The events of the last acting call and their client ids (see the top of this file); valid
 * until the next acting call on the engine. */
TWINMATCH_API size_t twinmatch_event_count(const twinmatch_engine* engine);
TWINMATCH_API const twinmatch_event* twinmatch_events(const twinmatch_engine* engine);
TWINMATCH_API const twinmatch_event_ids* twinmatch_event_order_ids(const twinmatch_engine* engine);

/* 1 and *price set when the side has a best price, else 0. */
TWINMATCH_API int twinmatch_best_bid(const twinmatch_engine* engine, uint16_t symbol, uint32_t* price);
TWINMATCH_API int twinmatch_best_ask(const twinmatch_engine* engine, uint16_t symbol, uint32_t* price);
/* Writes up to `capacity` levels of one side, best first; returns how many. */
TWINMATCH_API size_t twinmatch_depth(const twinmatch_engine* engine, uint16_t symbol, uint8_t side,
                                     twinmatch_level* levels, size_t capacity);
/* The level at one price: 1 and *level set ({price, orders, quantity}) when orders rest there;
 * 0 and *level = {price, 0, 0} when none do or the symbol, side or price is out of range. */
TWINMATCH_API int twinmatch_level_at(const twinmatch_engine* engine, uint16_t symbol, uint8_t side,
                                     uint32_t price, twinmatch_level* level);
/* 1 and *quantity set when the order is live, else 0. */
TWINMATCH_API int twinmatch_open_quantity(const twinmatch_engine* engine, uint64_t order_id,
                                          uint32_t* quantity);

#ifdef __cplusplus
}
#endif

#endif /* TWINMATCH_TWINMATCH_C_H */
