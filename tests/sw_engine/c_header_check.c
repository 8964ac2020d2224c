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
  return status == TWINMATCH_OK ? 0 : 1;
}
