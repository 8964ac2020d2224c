/* The C ABI header is plain C: this file only has to compile and link as C. */
#include "twinmatch/twinmatch_c.h"

int main(void) {
  twinmatch_config config = {1, 16, 4, 100};
  twinmatch_engine* engine = twinmatch_create(&config);
  twinmatch_order order = {0};
  int status;
  if (engine == NULL) return 1;
  order.order_id = 1;
  order.price = 3;
  order.quantity = 2;
  status = twinmatch_submit(engine, &order);
  twinmatch_destroy(engine);
  if (status != TWINMATCH_OK) return 1;
  /* Protocol 3: the stop and iceberg calls, and the engine sized for stop orders. */
  engine = twinmatch_create_with_stop_orders(&config, 1);
  if (engine == NULL) return 1;
  order.order_type = TWINMATCH_STOP_LIMIT;
  order.tif = TWINMATCH_GTC;
  if (twinmatch_submit_stop(engine, &order, 5) != TWINMATCH_OK) return 1;
  order.order_id = 2;
  if (twinmatch_submit_stop(engine, &order, 6) != TWINMATCH_STOP_CAPACITY) return 1;
  if (twinmatch_modify_stop(engine, 1, 4, 2, 7) != TWINMATCH_OK) return 1;
  order.order_type = TWINMATCH_LIMIT;
  order.order_id = 3;
  order.quantity = 10;
  status = twinmatch_submit_iceberg(engine, &order, 4);
  twinmatch_destroy(engine);
  return status == TWINMATCH_OK ? 0 : 1;
}
