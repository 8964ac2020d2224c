// The assertions of tm_core (simulation and formal only): what must hold of the core's tables,
// level map, sweep and stop orders, in one place apart from the logic they check.
//
// tm_core instantiates it under `ifndef SYNTHESIS` and wires it to its internal signals. It is an
// instance rather than a `bind` because Yosys 0.23 parses a bind but drops the bound instance,
// so the formal flow (rtl/formal/prove.sh) would not see these assertions. It drives only the
// level map's extra finder and probe ports, which exist for it alone (tm_core's FindPorts and
// ProbePorts outside SYNTHESIS).
//
// Immediate assertions sampled at the clock edge (values before the edge), so they read the
// same in every simulator and keep wide vectors out of Verilator's sampled-value machinery.
module tm_core_assert #(
  parameter int unsigned NumLevels  = tm_pkg::NumLevels,
  parameter int unsigned StopOrders = tm_pkg::StopOrders,
  parameter int unsigned SymW       = 2,
  parameter int unsigned PriceW     = 8,
  parameter int unsigned LvlQtyW    = 32,
  parameter int unsigned CountW     = 13,
  parameter int unsigned StopCntW   = 5,
  parameter int unsigned QtyW       = 20
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,         // tm_core's synchronised reset
  input  logic                          adv_i,          // the core advances this cycle
  input  logic                          cmd_done_i,     // the command's last event this cycle
  // The event port.
  input  logic                          evt_valid_i,
  input  logic                          evt_ready_i,
  input  logic [tm_pkg::EventBits-1:0]  evt_data_i,
  // The FSM's state, as the few facts the assertions need.
  input  logic                          at_level_head_i,  // StSwHead or StMcHead: lvl read
  input  logic                          at_maker_i,       // StSwMaker
  input  logic                          at_level_leave_i, // StSwLu
  input  logic                          at_stop_run_i,    // StStopRun
  // Level table and level map writes, the level read.
  input  logic                          lvl_we_i,
  input  logic [SymW+1+PriceW-1:0]      lvl_waddr_i,
  input  logic [CountW-1:0]             lvl_wcount_i,
  input  logic [CountW-1:0]             lvl_rcount_i,
  input  logic [LvlQtyW-1:0]            lvl_rtotal_i,
  input  logic                          bm_we_i,
  input  logic [SymW:0]                 bm_book_i,
  input  logic [PriceW-1:0]             bm_price_i,
  input  logic                          bm_val_i,
  // The best price of the side opposite the order, the scan finder.
  input  logic                          best_found_i,
  input  logic [SymW:0]                 best_book_i,
  input  logic [31:0]                   best_price_i,
  input  logic                          scan_found_i,
  input  logic [31:0]                   scan_price_i,
  // The order in flight and the book it works on.
  input  logic [SymW-1:0]               tk_sym_i,
  input  logic [31:0]                   tk_base_i,
  input  logic                          tk_side_i,
  input  logic [QtyW-1:0]               tk_open_i,
  input  logic                          tk_stp_stop_i,
  input  logic                          tk_crosses_i,
  input  logic                          append_i,       // it rests this cycle, at tk_price_i
  input  logic [31:0]                   tk_price_i,
  input  logic [31:0]                   lv_price_i,     // the level being swept
  // The order table: the order read, the order written.
  input  logic                          ord_rvalid_i,
  input  logic                          ord_rpending_i,
  input  logic                          ord_rside_i,
  input  logic [31:0]                   ord_rprice_i,
  input  logic                          ord_we_i,
  input  logic                          ord_wvalid_i,
  input  logic                          ord_wpending_i,
  // Stop orders: an edit of the book's pending stops, the triggered stops next cycle.
  input  logic                          st_we_i,
  input  logic [StopCntW-1:0]           st_cnt_d_i,
  input  logic [StopOrders-1:0]         trig_d_i,
  // The level map's extra ports: probes 1 and 2, finders 2 and 3 of tm_core.
  output logic [2*(SymW+1)-1:0]         probe_book_o,
  output logic [2*PriceW-1:0]           probe_index_o,
  input  logic [1:0]                    probe_bit_i,
  output logic [2*(SymW+1)-1:0]         find_book_o,
  output logic [2*PriceW-1:0]           find_rotation_o,
  output logic [2*PriceW-1:0]           find_start_o,
  output logic [1:0]                    find_up_o,
  input  logic [1:0]                    find_found_i,
  input  logic [2*PriceW-1:0]           find_offset_i
);
  localparam int unsigned BookW = SymW + 1;
  localparam logic [PriceW-1:0] TopPrice = PriceW'(NumLevels - 1);

  logic                 lvl_w_bitmap_bit;
  logic                 best_bitmap_bit;
  logic                 evt_held_q;
  logic [tm_pkg::EventBits-1:0] evt_held_data_q;
  logic                 at_rest_q;
  // The bit of the level written this cycle, as it is after this cycle's map write.
  assign probe_book_o[0 +: BookW]    = lvl_waddr_i[PriceW +: BookW];
  assign probe_index_o[0 +: PriceW]  = lvl_waddr_i[PriceW-1:0];
  assign lvl_w_bitmap_bit = (bm_we_i && {bm_book_i, bm_price_i} == lvl_waddr_i) ? bm_val_i
                                                                                : probe_bit_i[0];
  assign probe_book_o[BookW +: BookW]    = best_book_i;
  assign probe_index_o[PriceW +: PriceW] = best_price_i[PriceW-1:0];
  assign best_bitmap_bit = probe_bit_i[1];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      evt_held_q <= 1'b0;
      at_rest_q  <= 1'b0;
    end else begin
      evt_held_q <= evt_valid_i && !evt_ready_i;
      at_rest_q  <= adv_i && cmd_done_i;
    end
  end
  always_ff @(posedge clk_i) evt_held_data_q <= evt_data_i;

  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // An offered event stays offered, unchanged, until the consumer takes it.
      if (evt_held_q) begin
        a_evt_stable: assert (evt_valid_i && evt_data_i == evt_held_data_q);
      end
      // Every level written carries a count that agrees with its level map bit.
      if (adv_i && lvl_we_i) begin
        a_level_bitmap: assert ((lvl_wcount_i != '0) == lvl_w_bitmap_bit);
      end
      // A level the level map marks non-empty holds orders and quantity when it is walked.
      if (at_level_head_i) begin
        a_level_nonempty: assert (lvl_rcount_i != '0 && lvl_rtotal_i != '0);
      end
      // The best price found is a set bit of its side in the level map.
      if (best_found_i) begin
        a_best_in_bitmap: assert (best_bitmap_bit);
      end
      // A sweep moving on uses the level prefetched by StSwMaker: it must be the new best.
      if (at_level_leave_i && tk_open_i != '0 && !tk_stp_stop_i && tk_crosses_i) begin
        a_prefetch_is_best: assert (scan_found_i && scan_price_i == best_price_i &&
                                    lvl_rcount_i != '0);
      end
      // Every order that comes to rest lies inside its book's band.
      if (adv_i && append_i) begin
        a_rest_in_band: assert (tk_price_i - tk_base_i < NumLevels);
      end
      // The maker at a level head rests on the side opposite the taker, at the level's price.
      if (at_maker_i) begin
        a_maker_resting: assert (ord_rvalid_i && ord_rside_i != tk_side_i &&
                                 ord_rprice_i == lv_price_i);
      end
      // A handle is resting or pending, never both.
      if (adv_i && ord_we_i) begin
        a_rest_or_pending: assert (!(ord_wvalid_i && ord_wpending_i));
      end
      // A book never holds more than StopOrders pending stops.
      if (adv_i && st_we_i) begin
        a_stop_count: assert (32'(st_cnt_d_i) <= StopOrders);
      end
      // After every command no pending stop of its book is triggered (step 5 ran them all).
      if (adv_i && cmd_done_i) begin
        a_no_stop_triggered: assert (trig_d_i == '0);
      end
      // Step 5 runs a stop that is pending and triggered.
      if (at_stop_run_i) begin
        a_stop_was_pending: assert (ord_rpending_i && !ord_rvalid_i);
      end
    end
  end

  // The book is never crossed at rest: after every command, best bid < best ask in the book it
  // worked on (tk_sym_i; a rejected command changes no book), as offsets in the book's band,
  // which order as the prices do.
  logic              bid_found, ask_found;
  logic [PriceW-1:0] bid_off, ask_off;
  assign find_book_o[0 +: BookW]         = {tk_sym_i, 1'b0};
  assign find_book_o[BookW +: BookW]     = {tk_sym_i, 1'b1};
  assign find_rotation_o[0 +: PriceW]    = tk_base_i[PriceW-1:0];
  assign find_rotation_o[PriceW +: PriceW] = tk_base_i[PriceW-1:0];
  assign find_start_o[0 +: PriceW]       = TopPrice;
  assign find_start_o[PriceW +: PriceW]  = '0;
  assign find_up_o                       = 2'b10;
  assign bid_found = find_found_i[0];
  assign ask_found = find_found_i[1];
  assign bid_off   = find_offset_i[0 +: PriceW];
  assign ask_off   = find_offset_i[PriceW +: PriceW];
  always_ff @(posedge clk_i) begin
    if (rst_ni && at_rest_q && bid_found && ask_found) begin
      a_uncrossed: assert (bid_off < ask_off);
    end
  end
endmodule
