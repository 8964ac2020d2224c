/* twinmatch from C: place, cross, partial fill, modify, cancel, mass cancel, the fills with the
 * client ids of both sides, and every kind of refusal. Built three ways in sw_engine/README.md.
 * Exits 0 when every call gave what the comments say. */
#include <inttypes.h>
#include <stdio.h>

#include "twinmatch/twinmatch_c.h"

static int failures = 0;

static void expect(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "unexpected: %s\n", what);
    ++failures;
  }
}

/* Drains the events of the last call: valid until the next call that acts on the engine. */
static void print_events(const twinmatch_engine* engine) {
  const size_t count = twinmatch_event_count(engine);
  const twinmatch_event* events = twinmatch_events(engine);
  const twinmatch_event_ids* ids = twinmatch_event_order_ids(engine);
  for (size_t i = 0; i < count; ++i) {
    const twinmatch_event* e = &events[i];
    switch (e->type) {
    case TWINMATCH_EVENT_ACCEPTED:
      printf("  accepted  order %" PRIu64 ", %" PRIu32 " open\n", ids[i].order_id, e->remaining);
      break;
    case TWINMATCH_EVENT_FILL:
      printf("  fill      %" PRIu32 " @ %" PRIu32 ": taker %" PRIu64 " (%" PRIu32 " left), maker %" PRIu64
             " (%" PRIu32 " left)\n",
             e->quantity, e->price, ids[i].order_id, e->remaining, ids[i].maker_order_id, e->maker_remaining);
      break;
    case TWINMATCH_EVENT_MODIFIED:
      printf("  modified  order %" PRIu64 ": %" PRIu32 " @ %" PRIu32 "\n", ids[i].order_id, e->remaining, e->price);
      break;
    case TWINMATCH_EVENT_CANCELLED:
      printf("  cancelled order %" PRIu64 " (reason %u)\n", ids[i].order_id, (unsigned)e->reason);
      break;
    case TWINMATCH_EVENT_REJECTED:
      printf("  rejected  order %" PRIu64 ": %s\n", ids[i].order_id, twinmatch_status_name(e->reason));
      break;
    case TWINMATCH_EVENT_LEVEL_UPDATE:
      printf("  level     %s %" PRIu32 ": %" PRIu64 " in %" PRIu32 " orders\n", e->side == TWINMATCH_BUY ? "bid" : "ask",
             e->price, e->level_quantity, e->order_count);
      break;
    case TWINMATCH_EVENT_MASS_CANCEL_DONE:
      printf("  mass cancel done: %" PRIu32 " orders\n", e->order_count);
      break;
    default:
      printf("  event type %u\n", (unsigned)e->type);
    }
  }
}

/* What a caller does with a refusal. The book is unchanged and the call left exactly one event,
 * Rejected, naming the refused order. */
static void handle_refusal(const twinmatch_engine* engine, int status) {
  const twinmatch_event* rejected = twinmatch_events(engine);
  expect(twinmatch_event_count(engine) == 1 && rejected[0].type == TWINMATCH_EVENT_REJECTED &&
             rejected[0].reason == status,
         "a refusal leaves exactly its Rejected event");
  switch (status) {
  case TWINMATCH_DUPLICATE_ORDER_ID: printf("  -> that id is live: pick a new one\n"); break;
  case TWINMATCH_UNKNOWN_HANDLE: printf("  -> the order is gone already (filled or cancelled)\n"); break;
  case TWINMATCH_POST_ONLY_WOULD_CROSS: printf("  -> would take liquidity: reprice\n"); break;
  case TWINMATCH_CAPACITY_EXHAUSTED: printf("  -> the engine is full: wait for orders to end\n"); break;
  default: printf("  -> a bad request (%s): fix the caller\n", twinmatch_status_name(status)); break;
  }
}

/* Runs one call's outcome: prints it, checks the status, handles a refusal. */
static void outcome(const twinmatch_engine* engine, const char* call, int status, int expected) {
  printf("%s: %s\n", call, twinmatch_status_name(status));
  print_events(engine);
  expect(status == expected, call);
  if (status != TWINMATCH_OK) handle_refusal(engine, status);
}

static twinmatch_order limit(uint64_t id, uint8_t side, uint32_t price, uint32_t quantity, uint32_t account) {
  twinmatch_order order = {0};
  order.order_id = id; /* any value but 0 */
  order.side = side;
  order.order_type = TWINMATCH_LIMIT;
  order.tif = TWINMATCH_GTC;
  order.price = price;
  order.quantity = quantity;
  order.account = account;
  return order;
}

int main(void) {
  /* 2 symbols, prices 0..999 ticks, at most 6 live orders, at most 1000 per order. */
  const twinmatch_config config = {2, 1000, 6, 1000};
  twinmatch_engine* engine = twinmatch_create(&config);
  twinmatch_order order;
  twinmatch_level level;
  uint32_t quantity = 0;
  if (engine == NULL) return 1;
  printf("twinmatch %s\n", twinmatch_version());

  /* Place: two asks. */
  order = limit(101, TWINMATCH_SELL, 100, 10, 1);
  outcome(engine, "sell 101: 10 @ 100", twinmatch_submit(engine, &order), TWINMATCH_OK);
  order = limit(102, TWINMATCH_SELL, 101, 5, 1);
  outcome(engine, "sell 102: 5 @ 101", twinmatch_submit(engine, &order), TWINMATCH_OK);

  /* Cross: 12 to buy takes all of 101 and 2 of 102, which stays with 3 (a partial fill). */
  order = limit(201, TWINMATCH_BUY, 101, 12, 2);
  outcome(engine, "buy 201: 12 @ 101", twinmatch_submit(engine, &order), TWINMATCH_OK);
  expect(twinmatch_event_count(engine) == 5, "Accepted, Fill, LevelUpdate, Fill, LevelUpdate");
  expect(twinmatch_event_order_ids(engine)[3].maker_order_id == 102, "the second fill's maker is 102");
  expect(twinmatch_open_quantity(engine, 102, &quantity) == 1 && quantity == 3, "102 has 3 left");
  expect(twinmatch_level_at(engine, 0, TWINMATCH_SELL, 101, &level) == 1 && level.quantity == 3,
         "3 rest at 101");

  /* Modify 102: new price, new open quantity. Then cancel it. */
  outcome(engine, "modify 102: 4 @ 103", twinmatch_modify(engine, 102, 103, 4), TWINMATCH_OK);
  expect(twinmatch_level_at(engine, 0, TWINMATCH_SELL, 101, &level) == 0, "nothing left at 101");
  outcome(engine, "cancel 102", twinmatch_cancel(engine, 102), TWINMATCH_OK);

  /* Mass cancel: account 3's bids go, account 4's stays. */
  order = limit(301, TWINMATCH_BUY, 90, 5, 3);
  outcome(engine, "buy 301: 5 @ 90", twinmatch_submit(engine, &order), TWINMATCH_OK);
  order = limit(302, TWINMATCH_BUY, 91, 5, 3);
  outcome(engine, "buy 302: 5 @ 91", twinmatch_submit(engine, &order), TWINMATCH_OK);
  order = limit(401, TWINMATCH_BUY, 89, 5, 4);
  outcome(engine, "buy 401: 5 @ 89", twinmatch_submit(engine, &order), TWINMATCH_OK);
  outcome(engine, "mass cancel symbol 0, account 3", twinmatch_mass_cancel(engine, 0, 1, 3), TWINMATCH_OK);
  expect(twinmatch_open_quantity(engine, 302, &quantity) == 0, "302 is gone");
  expect(twinmatch_open_quantity(engine, 401, &quantity) == 1, "401 stays");

  /* Refusals: each returns its status, changes nothing, leaves one Rejected event. */
  order = limit(401, TWINMATCH_BUY, 80, 1, 4);
  outcome(engine, "buy 401 again", twinmatch_submit(engine, &order), TWINMATCH_DUPLICATE_ORDER_ID);
  outcome(engine, "cancel 101 (filled)", twinmatch_cancel(engine, 101), TWINMATCH_UNKNOWN_HANDLE);
  order = limit(501, TWINMATCH_SELL, 89, 1, 5);
  order.post_only = 1;
  outcome(engine, "post-only sell 501 @ 89", twinmatch_submit(engine, &order), TWINMATCH_POST_ONLY_WOULD_CROSS);
  order = limit(502, TWINMATCH_BUY, 1000, 1, 5);
  outcome(engine, "buy 502 @ 1000", twinmatch_submit(engine, &order), TWINMATCH_PRICE_OUTSIDE_BAND);
  order = limit(503, 3, 50, 1, 5);
  outcome(engine, "side 3", twinmatch_submit(engine, &order), TWINMATCH_MALFORMED);
  order = limit(0, TWINMATCH_BUY, 50, 1, 5);
  outcome(engine, "order id 0", twinmatch_submit(engine, &order), TWINMATCH_MALFORMED);
  outcome(engine, "mass cancel symbol 7", twinmatch_mass_cancel(engine, 7, 0, 0), TWINMATCH_UNKNOWN_SYMBOL);
  for (uint64_t id = 601; id <= 605; ++id) {
    order = limit(id, TWINMATCH_BUY, 10, 1, 6);
    outcome(engine, "buy 60x @ 10", twinmatch_submit(engine, &order), TWINMATCH_OK);
  }
  order = limit(606, TWINMATCH_BUY, 10, 1, 6);
  outcome(engine, "buy 606: a seventh live order", twinmatch_submit(engine, &order), TWINMATCH_CAPACITY_EXHAUSTED);

  twinmatch_destroy(engine);
  printf("%d unexpected outcomes\n", failures);
  return failures == 0 ? 0 : 1;
}
