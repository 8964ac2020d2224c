// The twinmatch matching core: docs/matching.md in hardware.
//
// Commands arrive one 256-bit beat at a time (valid/ready), events leave one 512-bit beat per
// cycle at most (valid/ready, evt_last_o = kEventLast). One FSM processes one command at a time;
// it accepts the next command in the cycle that emits the current command's last event.
//
// This module is that FSM (the sequencer: every state's reads, writes, events and next state),
// its registers and the ports; the rest lives in one module per idea (docs/rtl.md, "Modules"):
//   tm_book_store   the tables (ord, next, prev, lvl in block RAM), the level map and its price
//                   finders, each book's band base;
//   tm_cmd_check    the command decoded and its reject reason, in the documented order;
//   tm_level_edit   a level record after an unlink, an append or a shrink in place, and what the
//                   maker at a level head trades;
//   tm_stop_table   each book's pending stop orders, their count, last trade price and triggers;
//   tm_event_build  the event record from the states' compact forms, numbered;
//   tm_core_assert  the assertions (simulation and formal only).
// The order record (order_t) and level record (level_t) are defined here; tm_level_edit reads
// the level record's fields in the same layout.
//
// Stall: while the event FIFO is full nothing advances (no register loads, no RAM writes, RAM
// read ports hold their data), so back-pressure never drops or duplicates an event.
module tm_core #(
  parameter int unsigned NumSymbols   = tm_pkg::NumSymbols,
  parameter int unsigned NumLevels    = tm_pkg::NumLevels,
  parameter int unsigned NumHandles   = tm_pkg::NumHandles,
  parameter int unsigned MaxQty       = tm_pkg::MaxQty,
  parameter int unsigned StopOrders   = tm_pkg::StopOrders
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,  // asynchronous; released through tm_reset_sync
  // Commands (tm_pkg::command_t flattened, byte 0 in bits [7:0]).
  input  logic                          cmd_valid_i,
  output logic                          cmd_ready_o,
  input  logic [tm_pkg::CommandBits-1:0] cmd_data_i,
  // Events (tm_pkg::event_t flattened).
  output logic                          evt_valid_o,
  input  logic                          evt_ready_i,
  output logic [tm_pkg::EventBits-1:0]  evt_data_o,
  output logic                          evt_last_o,
  // High once the post-reset init sweep is done and no command is in flight.
  output logic                          idle_o
);
  localparam int unsigned SymW    = $clog2(NumSymbols);
  localparam int unsigned PriceW  = $clog2(NumLevels);
  localparam int unsigned HandleW = $clog2(NumHandles);
  localparam int unsigned QtyW    = $clog2(64'(MaxQty) + 64'd1);  // 32 for MaxQty = 2^32 - 1
  localparam int unsigned CountW  = $clog2(NumHandles + 1);
  localparam int unsigned LvlQtyW = HandleW + QtyW;  // NumHandles * MaxQty fits
  localparam int unsigned BookW   = SymW + 1;        // {symbol, side}
  localparam int unsigned LvlAddrW = BookW + PriceW;
  localparam logic [PriceW-1:0] TopPrice = PriceW'(NumLevels - 1);  // the largest offset
  // A base is a multiple of BandAlign: only its bits above the alignment are stored.
  localparam int unsigned AlignW  = $clog2(tm_pkg::BandAlign);
  // A book's pending stops: the count and an index into them.
  localparam int unsigned StopCntW = $clog2(StopOrders + 1);
  localparam int unsigned StopIdxW = StopCntW;  // indices up to StopOrders (the append slot)

  // ------------------------------------------------------------------ parameter checks
  // A configuration the core cannot be built for stops elaboration with a message.
  if (NumSymbols < 2 || NumSymbols > 65536 || (NumSymbols & (NumSymbols - 1)) != 0) begin
    : g_check_symbols
    $fatal(1, "tm_core: NumSymbols = %0d: must be a power of two in [2, 65536]", NumSymbols);
  end
  if (NumLevels < tm_pkg::BandAlign || (NumLevels & (NumLevels - 1)) != 0) begin
    : g_check_levels
    $fatal(1, "tm_core: NumLevels = %0d: must be a power of two and at least %0d (kBandAlign)",
           NumLevels, tm_pkg::BandAlign);
  end
  if (NumHandles < 2 || (NumHandles & (NumHandles - 1)) != 0) begin : g_check_handles
    $fatal(1, "tm_core: NumHandles = %0d: must be a power of two, at least 2", NumHandles);
  end
  if (MaxQty < 1) begin : g_check_max_qty
    $fatal(1, "tm_core: MaxQty = %0d: must be at least 1", MaxQty);
  end
  if (StopOrders < 1 || StopOrders > 65536) begin : g_check_stop_orders
    $fatal(1, "tm_core: StopOrders = %0d: must be in [1, 65536]", StopOrders);
  end

  // ------------------------------------------------------------------ reset
  logic rst_n;  // rst_ni, released synchronously
  tm_reset_sync u_reset_sync (.clk_i(clk_i), .rst_ni(rst_ni), .rst_no(rst_n));

  typedef struct packed {
    logic                valid;      // resting
    logic                pending;    // a pending stop order
    logic                side;       // 0 buy, 1 sell
    logic [SymW-1:0]     symbol;
    logic [31:0]         price;      // absolute ticks (a pending stop: its limit, 0 for a Stop)
    logic [QtyW-1:0]     qty;        // open quantity (an iceberg's hidden part included)
    logic [QtyW-1:0]     disp;       // displayed quantity: qty but for an iceberg
    logic [31:0]         aux;        // an iceberg's peak, a pending stop's stop price, else 0
    logic [31:0]         account;
    logic [1:0]          stp;
    logic                post_only;
    logic                market;     // a pending Stop (order_type 2): a market order once triggered
    logic [1:0]          tif;        // a pending stop's
  } order_t;

  typedef struct packed {
    logic [HandleW-1:0]  head;
    logic [HandleW-1:0]  tail;
    logic [LvlQtyW-1:0]  total;      // displayed quantity
    logic [LvlQtyW-1:0]  open;       // open quantity, icebergs' hidden parts included
    logic [CountW-1:0]   count;
  } level_t;

  // Widths of the two table records ($bits of a user type is beyond Yosys 0.23).
  localparam int unsigned OrderW = 1 + 1 + 1 + SymW + 32 + 2 * QtyW + 32 + 32 + 2 + 1 + 1 + 2;
  localparam int unsigned LevelW = 2 * HandleW + 2 * LvlQtyW + CountW;

  typedef enum logic [4:0] {
    StInit,      // clearing the order table after reset
    StIdle,      // waiting for a command
    StDecode,    // validate; first event of every command
    StFok,       // fill-or-kill: sum the acceptable opposite levels
    StSwHead,    // sweep: a level was read, read its head order
    StSwMaker,   // sweep: trade with (or self-trade-cancel) the maker at the head
    StSwLu,      // sweep: leave a changed level (LevelUpdate), find the next one
    StRemain,    // the remainder: cancel it, or read the own level to rest
    StRest,      // rest the remainder at the tail of its level
    StCancel,    // Cancel: unlink the order, LevelUpdate
    StModQty,    // Modify, same price, smaller quantity: LevelUpdate
    StModLeave,  // Modify, loses priority: unlink, maybe LevelUpdate, then sweep or rest
    StMcLevel,   // MassCancel, SetBand: find the next non-empty level to walk
    StMcHead,    // MassCancel, SetBand: a level was read, read its head order
    StMcOrder,   // MassCancel, SetBand: cancel or keep one order, walk to the next
    StMcLu,      // MassCancel, SetBand: LevelUpdate of a changed level
    StSnap,      // Snapshot: one row per cycle, then SnapshotEnd
    StModHid,    // Modify of an iceberg's hidden quantity only: Modified, level's open quantity
    StSwRepl,    // sweep: replenish the iceberg maker just filled, move it to its level's tail
    StStopPlace, // NewOrder of a stop: StopAccepted, append to the book's pending stops
    StStopMod,   // Modify of a pending stop: Modified, its new stop price
    StStopCxl,   // Cancel of a pending stop
    StStopTrig,  // step 5: take the first triggered stop out of the book's pending stops
    StStopRun,   // step 5: StopTriggered, load it as the order in flight
    StStopGo,    // step 5: route it as a new order (fill-or-kill, sweep, remainder or rest)
    StMcStop,    // MassCancel, SetBand: cancel or keep one pending stop of the book
    StMcDone     // MassCancel, SetBand: MassCancelDone or BandSet after a stop's cancel
  } state_e;

  // ------------------------------------------------------------------ registers
  state_e               state_d, state_q;
  logic [HandleW:0]     init_cnt_d, init_cnt_q;
  tm_pkg::command_t             cmd_d, cmd_q;
  logic [63:0]          cmd_seq_d, cmd_seq_q;
  logic                 base_we;  // SetBand done: tk_sym_q's band takes cmd_q.price as its base

  // The order in flight (taker of a sweep, order to rest).
  logic [HandleW-1:0]   tk_handle_d, tk_handle_q;
  logic                 tk_side_d, tk_side_q;
  logic [SymW-1:0]      tk_sym_d, tk_sym_q;
  logic [31:0]          tk_price_d, tk_price_q;   // absolute (0 for a market order)
  logic [PriceW-1:0]    tk_off_d, tk_off_q;       // its offset in the band
  logic                 tk_market_d, tk_market_q;
  logic [1:0]           tk_tif_d, tk_tif_q;
  logic [QtyW-1:0]      tk_open_d, tk_open_q;
  logic [31:0]          tk_account_d, tk_account_q;
  logic [1:0]           tk_stp_d, tk_stp_q;
  logic                 tk_post_only_d, tk_post_only_q;
  logic                 tk_stp_stop_d, tk_stp_stop_q;
  logic [QtyW-1:0]      tk_peak_d, tk_peak_q;     // an iceberg's peak, else 0
  logic [31:0]          tk_aux_d, tk_aux_q;       // a stop order's (new) stop price
  logic                 tk_stop_trig_d, tk_stop_trig_q;  // that stop is triggered at once

  // The iceberg maker being replenished (StSwRepl): its record after the fill and its next.
  order_t               rp_order_d, rp_order_q;
  logic [HandleW-1:0]   rp_next_d, rp_next_q;

  // Stop orders (tm_stop_table): MassCancel, SetBand walk the book's pending stops.
  logic [StopIdxW-1:0]  st_idx_d, st_idx_q;  // the stop being looked at

  // The resting order a Cancel or Modify works on, with its links.
  order_t               co_d, co_q;
  logic [HandleW-1:0]   co_prev_d, co_prev_q;
  logic [HandleW-1:0]   co_next_d, co_next_q;

  // The level being swept or mass-cancelled (a register copy of its lvl entry).
  logic [31:0]          lv_price_d, lv_price_q;   // absolute
  logic [PriceW-1:0]    lv_off_d, lv_off_q;       // offset in the band
  level_t               lv_d, lv_q;
  logic                 lv_changed_d, lv_changed_q;

  // MassCancel walk.
  logic [HandleW-1:0]   mc_cur_d, mc_cur_q;
  logic [HandleW-1:0]   mc_kept_d, mc_kept_q;
  logic                 mc_has_kept_d, mc_has_kept_q;
  logic [HandleW-1:0]   mc_last_d, mc_last_q;  // the level's tail when the walk began
  logic [31:0]          mc_count_d, mc_count_q;
  // The offsets the walk visits, [mc_lo, mc_hi] (empty when mc_lo > mc_hi): the whole band for a
  // MassCancel, the levels outside the new band for a SetBand.
  logic [PriceW-1:0]    mc_lo_d, mc_lo_q;
  logic [PriceW-1:0]    mc_hi_d, mc_hi_q;

  // Level scan (FOK sum, MassCancel, Snapshot): side, next price to look at, exhausted.
  logic                 scan_side_d, scan_side_q;
  logic [PriceW-1:0]    scan_start_d, scan_start_q;
  logic                 scan_end_d, scan_end_q;
  logic                 scan_pend_d, scan_pend_q;        // a level read is in flight
  logic [31:0]          scan_pend_price_d, scan_pend_price_q;  // absolute
  logic                 scan_pend_side_d, scan_pend_side_q;
  logic [LvlQtyW-1:0]   fok_sum_d, fok_sum_q;
  logic [15:0]          snap_side_rows_d, snap_side_rows_q;
  logic [31:0]          snap_rows_d, snap_rows_q;

  // ------------------------------------------------------------------ book store
  logic                 adv;  // the pipeline advances this cycle (event FIFO not full)

  logic [HandleW-1:0]   ord_raddr, ord_waddr;
  logic                 ord_we;
  order_t               ord_rdata, ord_wdata;
  logic [HandleW-1:0]   next_raddr, next_waddr, next_rdata, next_wdata;
  logic                 next_we;
  logic [HandleW-1:0]   prev_raddr, prev_waddr, prev_rdata, prev_wdata;
  logic                 prev_we;
  logic [LvlAddrW-1:0]  lvl_raddr, lvl_waddr;
  logic [LvlAddrW-1:0]  lvl_read_addr;  // lvl_raddr, or the decode's sweep (dec_sweeps)
  logic                 lvl_we;
  level_t               lvl_rdata, lvl_wdata;
  logic                 bm_we;     // one level's bit changes
  logic [BookW-1:0]     bm_book;
  logic [PriceW-1:0]    bm_price;  // the level index
  logic                 bm_val;
  logic [31:0]          tk_base;   // the base of the order in flight's book (or the walked book)
  logic [SymW-1:0]      dec_sym;   // the command's book (tm_cmd_check)
  logic [31:0]          dec_base;
  // best: the best offset of one book side (the side opposite a taker).
  logic [SymW-1:0]      best_sym;
  logic                 best_side;
  logic [31:0]          best_base;
  logic                 best_found;
  logic [PriceW-1:0]    best_off;
  logic [31:0]          best_price;  // absolute
  // scan: the next non-empty level of tk_sym_q / scan_side_q from offset scan_start_q, best to
  // worst.
  logic                 scan_found;
  logic [PriceW-1:0]    scan_off;
  logic [31:0]          scan_price;  // absolute
  logic                 app_exists;  // the order in flight's level exists
  // tm_core_assert's finders and probes in the level map (none in synthesis).
  logic [2*BookW-1:0]   chk_probe_book;
  logic [2*PriceW-1:0]  chk_probe_index;
  logic [1:0]           chk_probe_bit;
  logic [2*BookW-1:0]   chk_find_book;
  logic [2*PriceW-1:0]  chk_find_rotation;
  logic [2*PriceW-1:0]  chk_find_start;
  logic [1:0]           chk_find_up;
  logic [1:0]           chk_find_found;
  logic [2*PriceW-1:0]  chk_find_offset;
`ifdef SYNTHESIS
  localparam bit Checks = 1'b0;
  assign chk_probe_book    = '0;
  assign chk_probe_index   = '0;
  assign chk_find_book     = '0;
  assign chk_find_rotation = '0;
  assign chk_find_start    = '0;
  assign chk_find_up       = '0;
`else
  localparam bit Checks = 1'b1;
`endif

  tm_book_store #(
    .NumSymbols (NumSymbols),
    .NumLevels  (NumLevels),
    .NumHandles (NumHandles),
    .OrderW     (OrderW),
    .LevelW     (LevelW),
    .Checks     (Checks)
  ) u_book_store (
    .clk_i               (clk_i),
    .rst_ni              (rst_n),
    .adv_i               (adv),
    .ord_raddr_i         (ord_raddr),
    .ord_rdata_o         (ord_rdata),
    .ord_we_i            (ord_we),
    .ord_waddr_i         (ord_waddr),
    .ord_wdata_i         (ord_wdata),
    .next_raddr_i        (next_raddr),
    .next_rdata_o        (next_rdata),
    .next_we_i           (next_we),
    .next_waddr_i        (next_waddr),
    .next_wdata_i        (next_wdata),
    .prev_raddr_i        (prev_raddr),
    .prev_rdata_o        (prev_rdata),
    .prev_we_i           (prev_we),
    .prev_waddr_i        (prev_waddr),
    .prev_wdata_i        (prev_wdata),
    .lvl_raddr_i         (lvl_read_addr),
    .lvl_rdata_o         (lvl_rdata),
    .lvl_we_i            (lvl_we),
    .lvl_waddr_i         (lvl_waddr),
    .lvl_wdata_i         (lvl_wdata),
    .bm_we_i             (bm_we),
    .bm_book_i           (bm_book),
    .bm_price_i          (bm_price),
    .bm_val_i            (bm_val),
    .base_we_i           (base_we),
    .base_i              (cmd_q.price[31:AlignW]),
    .book_i              (tk_sym_q),
    .book_base_o         (tk_base),
    .dec_book_i          (dec_sym),
    .dec_base_o          (dec_base),
    .best_book_i         ({best_sym, best_side}),
    .best_base_i         (best_base),
    .best_found_o        (best_found),
    .best_off_o          (best_off),
    .best_price_o        (best_price),
    .scan_side_i         (scan_side_q),
    .scan_start_i        (scan_start_q),
    .scan_end_i          (scan_end_q),
    .scan_found_o        (scan_found),
    .scan_off_o          (scan_off),
    .scan_price_o        (scan_price),
    .probe_book_i        ({tk_sym_q, tk_side_q}),
    .probe_index_i       (tk_price_q[PriceW-1:0]),
    .probe_bit_o         (app_exists),
    .chk_probe_book_i    (chk_probe_book),
    .chk_probe_index_i   (chk_probe_index),
    .chk_probe_bit_o     (chk_probe_bit),
    .chk_find_book_i     (chk_find_book),
    .chk_find_rotation_i (chk_find_rotation),
    .chk_find_start_i    (chk_find_start),
    .chk_find_up_i       (chk_find_up),
    .chk_find_found_o    (chk_find_found),
    .chk_find_offset_o   (chk_find_offset)
  );

  // ------------------------------------------------------------------ walk positions
  // The scan position after scan_off (towards worse prices), or exhausted at the band's edge.
  logic [PriceW-1:0]    scan_next_start;
  logic                 scan_next_end;
  always_comb begin
    if (scan_side_q) begin
      scan_next_start = scan_off + 1'b1;
      scan_next_end   = (scan_off == TopPrice);
    end else begin
      scan_next_start = scan_off - 1'b1;
      scan_next_end   = (scan_off == '0);
    end
  end

  // A sweep entering a level (StSwHead: lv_off_q; StSwLu: best_off) points the scan finder just
  // past it, so that StSwMaker can prefetch the next level while it trades at this one.
  logic [PriceW-1:0]    sweep_level_off;
  logic [PriceW-1:0]    sweep_next_start;
  logic                 sweep_next_end;
  assign sweep_level_off = (state_q == StSwLu) ? best_off : lv_off_q;
  always_comb begin
    if (!tk_side_q) begin  // a buy sweeps the asks upwards
      sweep_next_start = sweep_level_off + 1'b1;
      sweep_next_end   = (sweep_level_off == TopPrice);
    end else begin
      sweep_next_start = sweep_level_off - 1'b1;
      sweep_next_end   = (sweep_level_off == '0);
    end
  end

  // ------------------------------------------------------------------ command check
  tm_pkg::command_t             cmd_in;       // the command offered to the FSM (cmd_skid)
  logic                         cmd_in_valid;

  logic                 is_new, is_cancel, is_modify, is_snap, is_band;
  logic                 cmd_market, cmd_stop, cmd_unpriced, cmd_post_only, cmd_by_account;
  logic                 cmd_iceberg;
  logic [HandleW-1:0]   cmd_handle;
  logic [SymW-1:0]      cmd_sym;
  logic [QtyW-1:0]      cmd_qty;
  logic                 dec_side;
  logic [PriceW-1:0]    cmd_off;
  logic [PriceW-1:0]    band_lo, band_hi;
  logic                 dec_stop_trig;
  logic                 dec_crosses;
  logic                 new_checks_ok;
  tm_pkg::reject_reason_e reject;

  // The order a Cancel or Modify names, as read in the accept cycle.
  order_t               rd_order;
  assign rd_order = ord_rdata;

  tm_cmd_check #(
    .NumSymbols (NumSymbols),
    .NumLevels  (NumLevels),
    .NumHandles (NumHandles),
    .MaxQty     (MaxQty),
    .StopOrders (StopOrders)
  ) u_cmd_check (
    .cmd_i            (cmd_q),
    .rd_valid_i       (rd_order.valid),
    .rd_pending_i     (rd_order.pending),
    .rd_side_i        (rd_order.side),
    .rd_symbol_i      (rd_order.symbol),
    .rd_market_i      (rd_order.market),
    .rd_post_only_i   (rd_order.post_only),
    .dec_base_i       (dec_base),
    .dec_stop_cnt_i   (dec_stop_cnt),
    .dec_ltp_has_i    (dec_ltp_has),
    .dec_ltp_i        (dec_ltp),
    .best_found_i     (best_found),
    .best_off_i       (best_off),
    .is_new_o         (is_new),
    .is_cancel_o      (is_cancel),
    .is_modify_o      (is_modify),
    .is_snap_o        (is_snap),
    .is_band_o        (is_band),
    .cmd_market_o     (cmd_market),
    .cmd_stop_o       (cmd_stop),
    .cmd_unpriced_o   (cmd_unpriced),
    .cmd_post_only_o  (cmd_post_only),
    .cmd_by_account_o (cmd_by_account),
    .cmd_iceberg_o    (cmd_iceberg),
    .cmd_handle_o     (cmd_handle),
    .cmd_sym_o        (cmd_sym),
    .cmd_qty_o        (cmd_qty),
    .dec_side_o       (dec_side),
    .dec_sym_o        (dec_sym),
    .cmd_off_o        (cmd_off),
    .band_lo_o        (band_lo),
    .band_hi_o        (band_hi),
    .dec_stop_trig_o  (dec_stop_trig),
    .dec_crosses_o    (dec_crosses),
    .new_checks_ok_o  (new_checks_ok),
    .reject_o         (reject)
  );

  // The best finder looks at the side opposite the order in StDecode and opposite the taker
  // elsewhere.
  always_comb begin
    if (state_q == StDecode) begin
      best_sym  = dec_sym;
      best_side = !dec_side;
      best_base = dec_base;
    end else begin
      best_sym  = tk_sym_q;
      best_side = !tk_side_q;
      best_base = tk_base;
    end
  end

  // Would the order in flight cross (the best offset of the opposite side, in its band)?
  logic tk_crosses;
  assign tk_crosses = best_found && tm_pkg::accepts(tk_side_q, tk_market_q, 32'(tk_off_q),
                                                    32'(best_off));

  // StDecode's crossing compare (after the best finder) is the latest signal of the cycle, so the
  // one read address it chooses is chosen last, in front of the table: a NewOrder that passes its
  // checks and crosses reads the best opposite level for the sweep (StSwHead), else lvl_raddr
  // holds what the states give. The rest of the condition is known early; a post-only order that
  // crosses is rejected instead (cmd_done gives the next command's address).
  logic dec_sweeps;
  assign dec_sweeps    = state_q == StDecode && new_checks_ok && !cmd_post_only && !cmd_stop &&
                         cmd_q.tif[1:0] != tm_pkg::TifFok && dec_crosses;
  assign lvl_read_addr = dec_sweeps ? {cmd_sym, !cmd_q.side[0], best_price[PriceW-1:0]}
                                    : lvl_raddr;

  // ------------------------------------------------------------------ level edits
  // The order in flight rests (append), the Cancel/Modify order co_q leaves its level (unlink)
  // or shrinks in place (modqty), the maker at a level head trades (mk, ord_rdata in StSwMaker),
  // an iceberg maker is replenished (rp): each on the level read into lvl_rdata.
  logic [HandleW-1:0]   app_handle;
  logic                 app_side;
  logic [SymW-1:0]      app_sym;
  logic [31:0]          app_price;
  logic [QtyW-1:0]      app_qty;
  logic [QtyW-1:0]      app_disp;  // an iceberg shows min(peak, open)
  level_t               app_level;
  level_t               unl_level;
  logic                 unl_fix_next, unl_fix_prev;
  level_t               modqty_level;
  order_t               mk;
  logic [QtyW-1:0]      fill_qty;
  logic                 mk_self;
  logic [QtyW-1:0]      mk_taken;        // open quantity the maker loses
  logic [QtyW-1:0]      mk_shown_taken;  // displayed quantity it loses
  logic [QtyW-1:0]      mk_left;
  logic                 mk_gone;
  logic                 mk_repl;         // an iceberg maker's displayed part used up
  logic [QtyW-1:0]      tk_open_left;    // taker open quantity after the fill
  logic                 tk_done;         // the taker has no open quantity after this maker
  logic [QtyW-1:0]      rp_disp;
  logic [HandleW-1:0]   rp_head;
  assign app_handle = tk_handle_q;
  assign app_side   = tk_side_q;
  assign app_sym    = tk_sym_q;
  assign app_price  = tk_price_q;
  assign app_qty    = tk_open_q;
  assign mk         = ord_rdata;

  tm_level_edit #(
    .NumHandles (NumHandles),
    .MaxQty     (MaxQty)
  ) u_level_edit (
    .level_i          (lvl_rdata),
    .tk_handle_i      (tk_handle_q),
    .tk_open_i        (tk_open_q),
    .tk_peak_i        (tk_peak_q),
    .tk_stp_i         (tk_stp_q),
    .tk_account_i     (tk_account_q),
    .cmd_handle_i     (cmd_handle),
    .co_qty_i         (co_q.qty),
    .co_disp_i        (co_q.disp),
    .co_prev_i        (co_prev_q),
    .co_next_i        (co_next_q),
    .unl_level_o      (unl_level),
    .unl_fix_next_o   (unl_fix_next),
    .unl_fix_prev_o   (unl_fix_prev),
    .app_exists_i     (app_exists),
    .app_disp_o       (app_disp),
    .app_level_o      (app_level),
    .modqty_level_o   (modqty_level),
    .mk_qty_i         (mk.qty),
    .mk_disp_i        (mk.disp),
    .mk_account_i     (mk.account),
    .fill_qty_o       (fill_qty),
    .mk_self_o        (mk_self),
    .mk_taken_o       (mk_taken),
    .mk_shown_taken_o (mk_shown_taken),
    .mk_left_o        (mk_left),
    .mk_gone_o        (mk_gone),
    .mk_repl_o        (mk_repl),
    .tk_open_left_o   (tk_open_left),
    .tk_done_o        (tk_done),
    .rp_qty_i         (rp_order_q.qty),
    .rp_peak_i        (rp_order_q.aux[QtyW-1:0]),
    .rp_next_i        (rp_next_q),
    .lv_head_i        (lv_q.head),
    .lv_count_i       (lv_q.count),
    .rp_disp_o        (rp_disp),
    .rp_head_o        (rp_head)
  );

  // The order record that rests.
  order_t               app_order;
  always_comb begin
    app_order           = '0;
    app_order.valid     = 1'b1;
    app_order.side      = app_side;
    app_order.symbol    = app_sym;
    app_order.price     = app_price;
    app_order.qty       = app_qty;
    app_order.disp      = app_disp;
    app_order.aux       = 32'(tk_peak_q);
    app_order.account   = tk_account_q;
    app_order.stp       = tk_stp_q;
    app_order.post_only = tk_post_only_q;
  end

  // Fill-or-kill counts hidden quantity: the levels' open totals.
  logic [LvlQtyW-1:0]   fok_sum_next;
  assign fok_sum_next = fok_sum_q + (scan_pend_q ? lvl_rdata.open : '0);

  // ------------------------------------------------------------------ stop orders
  // The book in flight's pending stops (tk_sym_q) and this cycle's edit of them.
  tm_pkg::stop_edit_e   st_op;
  logic [StopIdxW-1:0]  st_edit_idx;
  logic                 st_edit_trig;  // the appended or updated stop is triggered
  logic                 ltp_we;        // a fill at lv_price_q: the book's last trade price
  logic [StopCntW-1:0]  st_cnt, st_cnt_d;
  logic [HandleW-1:0]   st_first_handle;
  logic [StopIdxW-1:0]  st_hit_idx, st_trig_idx;
  logic                 st_any_trig;
  logic [HandleW-1:0]   st_trig_handle;
  logic [HandleW-1:0]   st_walk_handle, st_walk_next;
  logic [StopOrders-1:0] trig_d;
  logic [StopCntW-1:0]  dec_stop_cnt;
  logic                 dec_ltp_has;
  logic [31:0]          dec_ltp;

  tm_stop_table #(
    .NumSymbols (NumSymbols),
    .NumHandles (NumHandles),
    .StopOrders (StopOrders)
  ) u_stop_table (
    .clk_i          (clk_i),
    .rst_ni         (rst_n),
    .adv_i          (adv),
    .book_i         (tk_sym_q),
    .handle_i       (tk_handle_q),
    .side_i         (tk_side_q),
    .aux_i          (tk_aux_q),
    .edit_i         (st_op),
    .edit_idx_i     (st_edit_idx),
    .edit_trig_i    (st_edit_trig),
    .fill_i         (ltp_we),
    .fill_price_i   (lv_price_q),
    .clear_trig_i   (state_q == StDecode),  // after every command no pending stop is triggered
    .walk_idx_i     (st_idx_q),
    .count_o        (st_cnt),
    .first_handle_o (st_first_handle),
    .hit_idx_o      (st_hit_idx),
    .any_trig_o     (st_any_trig),
    .trig_idx_o     (st_trig_idx),
    .trig_handle_o  (st_trig_handle),
    .walk_handle_o  (st_walk_handle),
    .walk_next_o    (st_walk_next),
    .dec_book_i     (dec_sym),
    .dec_count_o    (dec_stop_cnt),
    .dec_ltp_has_o  (dec_ltp_has),
    .dec_ltp_o      (dec_ltp),
    .count_d_o      (st_cnt_d),
    .trig_d_o       (trig_d)
  );

  logic                 mc_is_last;
  assign mc_is_last = (mc_cur_q == mc_last_q);

  // The next level of a MassCancel or SetBand walk, within [mc_lo, mc_hi].
  logic                 mc_found;
  assign mc_found = scan_found && scan_off >= mc_lo_q && scan_off <= mc_hi_q;

  logic                 snap_can_issue;
  assign snap_can_issue = scan_found && (cmd_q.depth == 16'd0 || snap_side_rows_q < cmd_q.depth);

  // ------------------------------------------------------------------ FSM and datapath
  // Events are described by the states in one of two compact forms, an order event or a level
  // event (tm_event_build makes the record of them); the other events are written in full.
  localparam int unsigned OrderEvW = 8 + 1 + SymW + HandleW + 32 + QtyW;
  localparam int unsigned LevelEvW = 8 + 1 + SymW + 32 + LvlQtyW + CountW;

  logic                 order_ev_valid;
  logic [OrderEvW-1:0]  order_ev;
  logic [7:0]           ev_reason;
  logic [QtyW-1:0]      ev_remaining;
  logic [HandleW-1:0]   ev_maker;
  logic [QtyW-1:0]      ev_maker_remaining;
  logic [31:0]          ev_aux;
  logic                 level_ev_valid;
  logic [LevelEvW-1:0]  level_ev;
  logic                 full_ev_valid;
  tm_pkg::event_t       full_ev;
  logic [tm_pkg::EventBits-1:0] ev;  // the event record (tm_event_build)
  logic                 ev_valid;
  logic                 cmd_done;     // this cycle emits the command's last event (flag last)
  logic                 cmd_ready;
  logic                 unlink;       // apply the unlink of co_q (unl_*)
  logic                 append;       // apply the append of app_* (rest an order)
  // The end of a NewOrder's or Modify's own work (or of a triggered stop's run): step 5 runs the
  // first triggered stop of the book (finish_trig) or the command is done.
  logic                 finish;
  logic                 finish_trig;
  logic                 mc_finish;     // MassCancel, SetBand: the closing event
  logic                 evt_in_ready;  // the event skid buffer can take an event

  assign adv = evt_in_ready;


  always_comb begin
    state_d           = state_q;
    init_cnt_d        = init_cnt_q;
    cmd_d             = cmd_q;
    cmd_seq_d         = cmd_seq_q;
    base_we           = 1'b0;
    tk_handle_d       = tk_handle_q;
    tk_side_d         = tk_side_q;
    tk_sym_d          = tk_sym_q;
    tk_price_d        = tk_price_q;
    tk_off_d          = tk_off_q;
    tk_market_d       = tk_market_q;
    tk_tif_d          = tk_tif_q;
    tk_open_d         = tk_open_q;
    tk_account_d      = tk_account_q;
    tk_stp_d          = tk_stp_q;
    tk_post_only_d    = tk_post_only_q;
    tk_stp_stop_d     = tk_stp_stop_q;
    tk_peak_d         = tk_peak_q;
    tk_aux_d          = tk_aux_q;
    tk_stop_trig_d    = tk_stop_trig_q;
    rp_order_d        = rp_order_q;
    rp_next_d         = rp_next_q;
    st_idx_d          = st_idx_q;
    st_op             = tm_pkg::StopEditNone;
    st_edit_idx       = '0;
    st_edit_trig      = 1'b0;
    ltp_we            = 1'b0;
    co_d              = co_q;
    co_prev_d         = co_prev_q;
    co_next_d         = co_next_q;
    lv_price_d        = lv_price_q;
    lv_off_d          = lv_off_q;
    lv_d              = lv_q;
    lv_changed_d      = lv_changed_q;
    mc_cur_d          = mc_cur_q;
    mc_kept_d         = mc_kept_q;
    mc_has_kept_d     = mc_has_kept_q;
    mc_last_d         = mc_last_q;
    mc_count_d        = mc_count_q;
    mc_lo_d           = mc_lo_q;
    mc_hi_d           = mc_hi_q;
    scan_side_d       = scan_side_q;
    scan_start_d      = scan_start_q;
    scan_end_d        = scan_end_q;
    scan_pend_d       = scan_pend_q;
    scan_pend_price_d = scan_pend_price_q;
    scan_pend_side_d  = scan_pend_side_q;
    fok_sum_d         = fok_sum_q;
    snap_side_rows_d  = snap_side_rows_q;
    snap_rows_d       = snap_rows_q;

    ord_raddr  = '0;
    next_raddr = '0;
    prev_raddr = '0;
    lvl_raddr  = '0;
    ord_we     = 1'b0;
    ord_waddr  = cmd_handle;
    ord_wdata  = '0;
    next_we    = 1'b0;
    next_waddr = '0;
    next_wdata = '0;
    prev_we    = 1'b0;
    prev_waddr = '0;
    prev_wdata = '0;
    lvl_we     = 1'b0;
    lvl_waddr  = '0;
    lvl_wdata  = '0;
    bm_we      = 1'b0;
    bm_book    = '0;
    bm_price   = '0;
    bm_val     = 1'b0;

    full_ev            = '0;
    full_ev_valid      = 1'b0;
    order_ev_valid     = 1'b0;
    order_ev           = '0;
    ev_reason          = 8'd0;
    ev_remaining       = '0;
    ev_maker           = '0;
    ev_maker_remaining = '0;
    ev_aux             = '0;
    level_ev_valid     = 1'b0;
    level_ev           = '0;
    cmd_done = 1'b0;
    cmd_ready = 1'b0;
    unlink   = 1'b0;
    append   = 1'b0;
    finish      = 1'b0;
    finish_trig = st_any_trig;
    mc_finish   = 1'b0;

    unique case (state_q)
      StInit: begin
        ord_we     = 1'b1;
        ord_waddr  = init_cnt_q[HandleW-1:0];
        ord_wdata  = '0;
        init_cnt_d = init_cnt_q + 1'b1;
        if (32'(init_cnt_q) == NumHandles - 1) state_d = StIdle;
      end

      StIdle: ;

      StDecode: begin
        // The data of every outcome first, from the command, the tables' outputs and the finder
        // only (loaded even where the outcome does not use them); the checks and the crossing
        // below then decide only the events, the enables, a read address and the next state.
        ord_waddr      = cmd_handle;
        ord_wdata      = rd_order;  // a Modify keeping its priority: its new quantity
        ord_wdata.qty  = cmd_qty;
        ord_wdata.disp = (cmd_qty < rd_order.disp) ? cmd_qty : rd_order.disp;
        co_d           = rd_order;
        co_prev_d      = prev_rdata;
        co_next_d      = next_rdata;
        tk_handle_d    = cmd_handle;
        tk_side_d      = dec_side;
        tk_sym_d       = (is_cancel || is_modify) ? rd_order.symbol : cmd_sym;
        tk_price_d     = cmd_q.price;
        tk_off_d       = cmd_off;
        tk_market_d    = is_new && cmd_unpriced;
        tk_tif_d       = is_modify ? tm_pkg::TifGtc : cmd_q.tif[1:0];
        tk_open_d      = cmd_qty;
        tk_account_d   = is_modify ? rd_order.account : cmd_q.account;
        tk_stp_d       = is_modify ? rd_order.stp : cmd_q.stp[1:0];
        tk_post_only_d = is_modify ? rd_order.post_only : cmd_post_only;
        tk_stp_stop_d  = 1'b0;
        // A Modify of a resting iceberg keeps its peak.
        tk_peak_d      = is_modify ? rd_order.aux[QtyW-1:0]
                                   : (cmd_iceberg ? cmd_q.aux[QtyW-1:0] : '0);
        tk_aux_d       = cmd_q.aux;
        tk_stop_trig_d = dec_stop_trig;
        lv_price_d     = best_price;
        lv_off_d       = best_off;
        // The level scan: a fill-or-kill order sums the opposite side from its best end; a
        // MassCancel, SetBand or Snapshot walks the levels of the symbol, bids first (from mc_hi
        // down), then asks (from mc_lo up).
        scan_side_d      = is_new && !cmd_q.side[0];
        scan_start_d     = is_new ? (cmd_q.side[0] ? TopPrice : '0) : (is_band ? band_hi : TopPrice);
        scan_end_d       = 1'b0;
        scan_pend_d      = 1'b0;
        fok_sum_d        = '0;
        mc_count_d       = '0;
        mc_lo_d          = is_band ? band_lo : '0;
        mc_hi_d          = is_band ? band_hi : TopPrice;
        snap_side_rows_d = '0;
        snap_rows_d      = '0;
        // The level a Cancel or Modify leaves, or the one a new order rests on.
        lvl_raddr = (is_cancel || is_modify)
                  ? {rd_order.symbol, rd_order.side, rd_order.price[PriceW-1:0]}
                  : {cmd_sym, cmd_q.side[0], cmd_q.price[PriceW-1:0]};

        if (reject != tm_pkg::RejNone) begin
          full_ev_valid      = 1'b1;
          full_ev.event_type = tm_pkg::EvRejected;
          full_ev.reason     = reject;
          full_ev.symbol     = cmd_q.symbol;
          full_ev.handle     = cmd_q.handle;
          cmd_done      = 1'b1;
        end else if (is_new && cmd_stop) begin
          state_d = StStopPlace;  // StopAccepted there, its trigger known from a register
        end else if (is_new) begin
          order_ev_valid = 1'b1;
          order_ev = {tm_pkg::EvAccepted, cmd_q.side[0], cmd_sym, cmd_handle,
                      cmd_q.price, cmd_qty};
          ev_remaining   = cmd_qty;
          ev_aux         = cmd_q.aux;  // an iceberg's peak
          if (cmd_q.tif[1:0] == tm_pkg::TifFok) begin
            state_d = StFok;
          end else if (dec_crosses) begin
            state_d = StSwHead;  // reads the best opposite level: dec_sweeps, below
          end else if (cmd_market || cmd_q.tif[1:0] == tm_pkg::TifIoc) begin
            state_d = StRemain;
          end else begin
            // A GTC limit that does not cross rests in StRest, on its level read again now: the
            // append's writes then depend on no decision of this cycle.
            state_d = StRest;
          end
        end else if (is_cancel && rd_order.pending) begin
          state_d = StStopCxl;
        end else if (is_modify && rd_order.pending) begin
          state_d = StStopMod;
        end else if (is_cancel) begin
          order_ev_valid = 1'b1;
          order_ev = {tm_pkg::EvCancelled, rd_order.side, rd_order.symbol, cmd_handle,
                      rd_order.price, rd_order.qty};
          ev_reason = tm_pkg::CxlUser;
          state_d   = StCancel;
        end else if (is_modify) begin
          order_ev_valid = 1'b1;
          order_ev = {tm_pkg::EvModified, rd_order.side, rd_order.symbol, cmd_handle,
                      cmd_q.price, cmd_qty};
          ev_remaining   = cmd_qty;
          if (cmd_q.price == rd_order.price && cmd_qty <= rd_order.qty) begin
            // Keeps its priority; a LevelUpdate only if its displayed quantity drops. An
            // iceberg losing hidden quantity only gets its Modified in StModHid (the level's
            // open quantity changes, and the Modified must know whether it is the last event).
            if (cmd_qty == rd_order.qty) begin
              cmd_done = 1'b1;
            end else if (cmd_qty < rd_order.disp) begin
              ord_we  = 1'b1;
              state_d = StModQty;
            end else begin
              order_ev_valid = 1'b0;
              ord_we         = 1'b1;
              state_d        = StModHid;
            end
          end else begin
            state_d = StModLeave;
          end
        end else begin
          state_d = is_snap ? StSnap : StMcLevel;
        end
      end

      StFok: begin
        fok_sum_d = fok_sum_next;
        if (fok_sum_next >= LvlQtyW'(tk_open_q)) begin
          lvl_raddr  = {tk_sym_q, !tk_side_q, best_price[PriceW-1:0]};
          lv_price_d = best_price;
          lv_off_d   = best_off;
          state_d    = StSwHead;
        end else if (scan_found &&
                     tm_pkg::accepts(tk_side_q, tk_market_q, 32'(tk_off_q), 32'(scan_off))) begin
          lvl_raddr    = {tk_sym_q, scan_side_q, scan_price[PriceW-1:0]};
          scan_pend_d  = 1'b1;
          scan_start_d = scan_next_start;
          scan_end_d   = scan_next_end;
        end else begin
          finish         = 1'b1;
          order_ev_valid = 1'b1;
          order_ev = {tm_pkg::EvCancelled, tk_side_q, tk_sym_q, tk_handle_q,
                      tk_price_q, tk_open_q};
          ev_reason = tm_pkg::CxlFillOrKill;
        end
      end

      StSwHead: begin
        lv_d         = lvl_rdata;
        lv_changed_d = 1'b0;
        ord_raddr    = lvl_rdata.head;
        next_raddr   = lvl_rdata.head;
        scan_side_d  = !tk_side_q;
        scan_start_d = sweep_next_start;
        scan_end_d   = sweep_next_end;
        state_d      = StSwMaker;
      end

      StSwMaker: begin
        // Prefetch the next level of the opposite side (the level port is idle here): when this
        // level empties, StSwLu reads that level's head at once.
        lvl_raddr = {tk_sym_q, !tk_side_q, scan_price[PriceW-1:0]};
        if (mk_self && tk_stp_q == tm_pkg::StpCancelIncoming) begin
          tk_stp_stop_d = 1'b1;
          state_d       = lv_changed_q ? StSwLu : StRemain;
        end else begin
          if (mk_self) begin
            order_ev_valid = 1'b1;
            order_ev = {tm_pkg::EvCancelled, mk.side, mk.symbol, lv_q.head,
                        mk.price, mk.qty};
            ev_reason = tm_pkg::CxlSelfTrade;
          end else begin
            order_ev_valid = 1'b1;
            order_ev = {tm_pkg::EvFill, tk_side_q, tk_sym_q, tk_handle_q,
                        lv_price_q, fill_qty};
            ev_maker           = lv_q.head;
            ev_remaining       = tk_open_left;
            ev_maker_remaining = mk_left;
            tk_open_d          = tk_open_left;
            ltp_we             = 1'b1;
          end
          lv_changed_d   = 1'b1;
          lv_d.total     = lv_q.total - LvlQtyW'(mk_shown_taken);
          lv_d.open      = lv_q.open - LvlQtyW'(mk_taken);
          ord_we         = 1'b1;
          ord_waddr      = lv_q.head;
          ord_wdata      = mk;
          ord_wdata.qty  = mk_left;
          ord_wdata.disp = mk.disp - mk_shown_taken;
          rp_order_d     = ord_wdata;
          rp_next_d      = next_rdata;
          if (mk_gone) begin
            ord_wdata.valid = 1'b0;
            lv_d.count      = lv_q.count - 1'b1;
            lv_d.head       = next_rdata;
          end
          if (mk_self && tk_stp_q == tm_pkg::StpCancelBoth) tk_stp_stop_d = 1'b1;
          if (mk_gone && lv_q.count == CountW'(1)) begin
            bm_we    = 1'b1;
            bm_book  = {tk_sym_q, !tk_side_q};
            bm_price = lv_price_q[PriceW-1:0];
            bm_val   = 1'b0;
          end
          if (mk_repl) begin
            state_d = StSwRepl;
          end else if (!mk_gone || tk_stp_stop_d || tk_done || lv_q.count == CountW'(1)) begin
            state_d = StSwLu;
          end else begin
            ord_raddr  = next_rdata;
            next_raddr = next_rdata;
          end
        end
      end

      StSwLu: begin
        level_ev_valid = 1'b1;
        level_ev = {tm_pkg::EvLevelUpdate, !tk_side_q, tk_sym_q, lv_price_q,
                    lv_q.total, lv_q.count};
        lvl_we    = 1'b1;
        lvl_waddr = {tk_sym_q, !tk_side_q, lv_price_q[PriceW-1:0]};
        lvl_wdata = lv_q;
        if (tk_open_q == '0) begin
          finish = 1'b1;
        end else if (!tk_stp_stop_q && tk_crosses) begin
          // The level just left was emptied: the next best is the level StSwMaker prefetched.
          lv_d         = lvl_rdata;
          lv_changed_d = 1'b0;
          lv_price_d   = best_price;
          lv_off_d     = best_off;
          ord_raddr    = lvl_rdata.head;
          next_raddr   = lvl_rdata.head;
          scan_side_d  = !tk_side_q;
          scan_start_d = sweep_next_start;
          scan_end_d   = sweep_next_end;
          state_d      = StSwMaker;
        end else if (!tk_stp_stop_q && !tk_market_q && tk_tif_q == tm_pkg::TifGtc) begin
          // A GTC remainder rests: read its own level now rather than in StRemain.
          lvl_raddr = {tk_sym_q, tk_side_q, tk_price_q[PriceW-1:0]};
          state_d   = StRest;
        end else begin
          state_d = StRemain;
        end
      end

      StRemain: begin
        if (tk_stp_stop_q || tk_market_q || tk_tif_q != tm_pkg::TifGtc) begin
          finish         = 1'b1;
          order_ev_valid = 1'b1;
          order_ev = {tm_pkg::EvCancelled, tk_side_q, tk_sym_q, tk_handle_q,
                      tk_price_q, tk_open_q};
          if (tk_stp_stop_q)              ev_reason = tm_pkg::CxlSelfTrade;
          else if (tk_market_q)           ev_reason = tm_pkg::CxlMarketRemainder;
          else if (tk_tif_q == tm_pkg::TifIoc)    ev_reason = tm_pkg::CxlImmediateOrCancel;
          else                            ev_reason = tm_pkg::CxlFillOrKill;
        end else begin
          lvl_raddr = {tk_sym_q, tk_side_q, tk_price_q[PriceW-1:0]};
          state_d   = StRest;
        end
      end

      StRest: begin
        append         = 1'b1;
        finish         = 1'b1;
        level_ev_valid = 1'b1;
        level_ev = {tm_pkg::EvLevelUpdate, tk_side_q, tk_sym_q, tk_price_q,
                    app_level.total, app_level.count};
      end

      StCancel: begin
        unlink         = 1'b1;
        cmd_done       = 1'b1;
        level_ev_valid = 1'b1;
        level_ev = {tm_pkg::EvLevelUpdate, co_q.side, co_q.symbol, co_q.price,
                    unl_level.total, unl_level.count};
      end

      StModQty: begin
        lvl_we         = 1'b1;
        lvl_waddr      = {co_q.symbol, co_q.side, co_q.price[PriceW-1:0]};
        lvl_wdata      = modqty_level;
        finish         = 1'b1;
        level_ev_valid = 1'b1;
        level_ev = {tm_pkg::EvLevelUpdate, co_q.side, co_q.symbol, co_q.price,
                    modqty_level.total, modqty_level.count};
      end

      StModLeave: begin
        unlink = 1'b1;
        if (tk_price_q != co_q.price) begin
          level_ev_valid = 1'b1;
          level_ev = {tm_pkg::EvLevelUpdate, co_q.side, co_q.symbol, co_q.price,
                      unl_level.total, unl_level.count};
        end
        // The opposite side is untouched by the unlink, so the best finder is already right.
        if (tk_crosses) begin
          lvl_raddr  = {tk_sym_q, !tk_side_q, best_price[PriceW-1:0]};
          lv_price_d = best_price;
          lv_off_d   = best_off;
          state_d    = StSwHead;
        end else begin
          lvl_raddr = {tk_sym_q, tk_side_q, tk_price_q[PriceW-1:0]};
          state_d   = StRest;
        end
      end

      StMcLevel: begin
        if (mc_found) begin
          lvl_raddr    = {tk_sym_q, scan_side_q, scan_price[PriceW-1:0]};
          lv_price_d   = scan_price;
          lv_off_d     = scan_off;
          scan_start_d = scan_next_start;
          scan_end_d   = scan_next_end;
          state_d      = StMcHead;
        end else if (!scan_side_q) begin
          scan_side_d  = 1'b1;
          scan_start_d = mc_lo_q;
          scan_end_d   = 1'b0;
        end else if (st_cnt != '0) begin
          // Then the book's pending stops, oldest first: read the first one's order.
          st_idx_d  = '0;
          ord_raddr = st_first_handle;
          state_d   = StMcStop;
        end else begin
          mc_finish = 1'b1;
        end
      end

      StMcStop: begin
        // ord_rdata: the order of entry st_idx_q. A MassCancel cancels it (by account if asked),
        // a SetBand a StopLimit whose price lies outside the new band.
        if (is_band ? (!ord_rdata.market && (ord_rdata.price - cmd_q.price) >= NumLevels)
                    : (!cmd_by_account || ord_rdata.account == cmd_q.account)) begin
          order_ev_valid = 1'b1;
          order_ev = {tm_pkg::EvCancelled, ord_rdata.side, tk_sym_q,
                      st_walk_handle, ord_rdata.price, ord_rdata.qty};
          ev_reason   = is_band ? tm_pkg::CxlBandMoved : tm_pkg::CxlMass;
          ord_we      = 1'b1;
          ord_waddr   = st_walk_handle;
          ord_wdata   = '0;
          mc_count_d  = mc_count_q + 1'b1;
          st_op       = tm_pkg::StopEditRemove;
          st_edit_idx = st_idx_q;
          if (st_idx_q + 1'b1 >= st_cnt) state_d = StMcDone;
        end else begin
          st_idx_d = st_idx_q + 1'b1;
          if (st_idx_q + 1'b1 >= st_cnt) mc_finish = 1'b1;
        end
        // The next entry is the one after st_idx_q now (it moves up if this one goes).
        ord_raddr = st_walk_next;
      end

      StMcDone: mc_finish = 1'b1;

      StMcHead: begin
        lv_d          = lvl_rdata;
        lv_changed_d  = 1'b0;
        mc_cur_d      = lvl_rdata.head;
        mc_last_d     = lvl_rdata.tail;
        mc_has_kept_d = 1'b0;
        ord_raddr     = lvl_rdata.head;
        next_raddr    = lvl_rdata.head;
        state_d       = StMcOrder;
      end

      StMcOrder: begin
        if (!cmd_by_account || ord_rdata.account == cmd_q.account) begin
          order_ev_valid = 1'b1;
          order_ev = {tm_pkg::EvCancelled, ord_rdata.side, ord_rdata.symbol, mc_cur_q,
                      ord_rdata.price, ord_rdata.qty};
          ev_reason    = is_band ? tm_pkg::CxlBandMoved : tm_pkg::CxlMass;
          ord_we       = 1'b1;
          ord_waddr    = mc_cur_q;
          ord_wdata    = '0;
          mc_count_d   = mc_count_q + 1'b1;
          lv_changed_d = 1'b1;
          lv_d.count   = lv_q.count - 1'b1;
          lv_d.total   = lv_q.total - LvlQtyW'(ord_rdata.disp);
          lv_d.open    = lv_q.open - LvlQtyW'(ord_rdata.qty);
          if (!mc_is_last) begin
            if (mc_has_kept_q) begin
              next_we    = 1'b1;
              next_waddr = mc_kept_q;
              next_wdata = next_rdata;
              prev_we    = 1'b1;
              prev_waddr = next_rdata;
              prev_wdata = mc_kept_q;
            end else begin
              lv_d.head = next_rdata;
            end
          end else if (mc_has_kept_q) begin
            lv_d.tail = mc_kept_q;
          end
        end else begin
          mc_has_kept_d = 1'b1;
          mc_kept_d     = mc_cur_q;
        end
        if (mc_is_last) begin
          state_d = lv_changed_d ? StMcLu : StMcLevel;
        end else begin
          mc_cur_d   = next_rdata;
          ord_raddr  = next_rdata;
          next_raddr = next_rdata;
        end
      end

      StMcLu: begin
        level_ev_valid = 1'b1;
        level_ev = {tm_pkg::EvLevelUpdate, scan_side_q, tk_sym_q, lv_price_q,
                    lv_q.total, lv_q.count};
        lvl_we    = 1'b1;
        lvl_waddr = {tk_sym_q, scan_side_q, lv_price_q[PriceW-1:0]};
        lvl_wdata = lv_q;
        bm_we     = (lv_q.count == '0);
        bm_book   = {tk_sym_q, scan_side_q};
        bm_price  = lv_price_q[PriceW-1:0];
        bm_val    = 1'b0;
        state_d   = StMcLevel;
      end

      StSnap: begin
        if (scan_pend_q) begin
          level_ev_valid = 1'b1;
          level_ev = {tm_pkg::EvSnapshotRow, scan_pend_side_q, tk_sym_q, scan_pend_price_q,
                      lvl_rdata.total, lvl_rdata.count};
          snap_rows_d = snap_rows_q + 1'b1;
        end
        scan_pend_d = 1'b0;
        if (snap_can_issue) begin
          lvl_raddr         = {tk_sym_q, scan_side_q, scan_price[PriceW-1:0]};
          scan_pend_d       = 1'b1;
          scan_pend_price_d = scan_price;
          scan_pend_side_d  = scan_side_q;
          scan_start_d      = scan_next_start;
          scan_end_d        = scan_next_end;
          snap_side_rows_d  = snap_side_rows_q + 1'b1;
        end else if (!scan_side_q) begin
          scan_side_d      = 1'b1;
          scan_start_d     = '0;
          scan_end_d       = 1'b0;
          snap_side_rows_d = '0;
        end else if (!scan_pend_q) begin
          full_ev_valid       = 1'b1;
          cmd_done            = 1'b1;
          full_ev.event_type  = tm_pkg::EvSnapshotEnd;
          full_ev.symbol      = 16'(tk_sym_q);
          full_ev.order_count = snap_rows_q;
        end
      end

      StModHid: begin
        // An iceberg lost hidden quantity only: its level shows the same, holds less.
        order_ev_valid = 1'b1;
        order_ev = {tm_pkg::EvModified, co_q.side, co_q.symbol, tk_handle_q,
                    tk_price_q, tk_open_q};
        ev_remaining = tk_open_q;
        lvl_we       = 1'b1;
        lvl_waddr    = {co_q.symbol, co_q.side, co_q.price[PriceW-1:0]};
        lvl_wdata    = modqty_level;
        finish       = 1'b1;
      end

      StSwRepl: begin
        // The iceberg maker at the head (lv_q.head) shows rp_disp more and moves to the tail.
        order_ev_valid = 1'b1;
        order_ev = {tm_pkg::EvReplenished, !tk_side_q, tk_sym_q, lv_q.head,
                    lv_price_q, rp_disp};
        ev_remaining   = rp_order_q.qty;
        ord_we         = 1'b1;
        ord_waddr      = lv_q.head;
        ord_wdata      = rp_order_q;
        ord_wdata.disp = rp_disp;
        lv_d.total     = lv_q.total + LvlQtyW'(rp_disp);
        if (lv_q.count != CountW'(1)) begin
          lv_d.head  = rp_next_q;
          lv_d.tail  = lv_q.head;
          next_we    = 1'b1;
          next_waddr = lv_q.tail;
          next_wdata = lv_q.head;
          prev_we    = 1'b1;
          prev_waddr = lv_q.head;
          prev_wdata = lv_q.tail;
        end
        // Keep StSwMaker's prefetch of the next level for StSwLu.
        lvl_raddr = {tk_sym_q, !tk_side_q, scan_price[PriceW-1:0]};
        if (tk_open_q == '0) begin
          state_d = StSwLu;
        end else begin
          // The sweep goes on at the level's new head (the RAMs forward this cycle's writes).
          ord_raddr  = rp_head;
          next_raddr = rp_head;
          state_d    = StSwMaker;
        end
      end

      StStopPlace: begin
        order_ev_valid = 1'b1;
        order_ev = {tm_pkg::EvStopAccepted, tk_side_q, tk_sym_q, tk_handle_q,
                    tk_price_q, tk_open_q};
        ev_remaining        = tk_open_q;
        ev_aux              = tk_aux_q;
        ord_we              = 1'b1;
        ord_waddr           = tk_handle_q;
        ord_wdata           = '0;
        ord_wdata.pending   = 1'b1;
        ord_wdata.side      = tk_side_q;
        ord_wdata.symbol    = tk_sym_q;
        ord_wdata.price     = tk_price_q;
        ord_wdata.qty       = tk_open_q;
        ord_wdata.disp      = tk_open_q;
        ord_wdata.aux       = tk_aux_q;
        ord_wdata.account   = tk_account_q;
        ord_wdata.stp       = tk_stp_q;
        ord_wdata.market    = tk_market_q;
        ord_wdata.tif       = tk_tif_q;
        st_op               = tm_pkg::StopEditAppend;
        st_edit_trig        = tk_stop_trig_q;
        finish              = 1'b1;
        finish_trig         = tk_stop_trig_q;  // no other stop of the book is triggered
      end

      StStopMod: begin
        order_ev_valid = 1'b1;
        order_ev = {tm_pkg::EvModified, co_q.side, co_q.symbol, tk_handle_q,
                    tk_price_q, tk_open_q};
        ev_remaining   = tk_open_q;
        ev_aux         = tk_aux_q;
        ord_we         = 1'b1;
        ord_waddr      = tk_handle_q;
        ord_wdata      = co_q;
        ord_wdata.price = tk_price_q;
        ord_wdata.qty  = tk_open_q;
        ord_wdata.disp = tk_open_q;
        ord_wdata.aux  = tk_aux_q;
        st_op          = tm_pkg::StopEditUpdate;
        st_edit_idx    = st_hit_idx;
        st_edit_trig   = tk_stop_trig_q;
        finish         = 1'b1;
        finish_trig    = tk_stop_trig_q;
      end

      StStopCxl: begin
        order_ev_valid = 1'b1;
        order_ev = {tm_pkg::EvCancelled, co_q.side, co_q.symbol, tk_handle_q,
                    co_q.price, co_q.qty};
        ev_reason   = tm_pkg::CxlUser;
        ord_we      = 1'b1;
        ord_waddr   = tk_handle_q;
        ord_wdata   = '0;
        st_op       = tm_pkg::StopEditRemove;
        st_edit_idx = st_hit_idx;
        cmd_done    = 1'b1;
      end

      StStopTrig: begin
        // The first triggered stop leaves the pending stops; read its order.
        st_op       = tm_pkg::StopEditRemove;
        st_edit_idx = st_trig_idx;
        tk_handle_d = st_trig_handle;
        ord_raddr   = tk_handle_d;
        state_d     = StStopRun;
      end

      StStopRun: begin
        order_ev_valid = 1'b1;
        order_ev = {tm_pkg::EvStopTriggered, ord_rdata.side, tk_sym_q, tk_handle_q,
                    ord_rdata.price, ord_rdata.qty};
        ev_remaining   = ord_rdata.qty;
        ev_aux         = ord_rdata.aux;
        ord_we         = 1'b1;
        ord_waddr      = tk_handle_q;
        ord_wdata      = '0;
        tk_side_d      = ord_rdata.side;
        tk_price_d     = ord_rdata.price;
        tk_off_d       = PriceW'(ord_rdata.price - tk_base);
        tk_market_d    = ord_rdata.market;
        tk_tif_d       = ord_rdata.tif;
        tk_open_d      = ord_rdata.qty;
        tk_account_d   = ord_rdata.account;
        tk_stp_d       = ord_rdata.stp;
        tk_post_only_d = 1'b0;
        tk_stp_stop_d  = 1'b0;
        tk_peak_d      = '0;
        state_d        = StStopGo;
      end

      StStopGo: begin
        // Steps 2 to 4 for the triggered stop, as StDecode routes a new order.
        scan_side_d  = !tk_side_q;
        scan_start_d = tk_side_q ? TopPrice : '0;
        scan_end_d   = 1'b0;
        scan_pend_d  = 1'b0;
        fok_sum_d    = '0;
        lv_price_d   = best_price;
        lv_off_d     = best_off;
        if (tk_tif_q == tm_pkg::TifFok) begin
          state_d = StFok;
        end else if (tk_crosses) begin
          lvl_raddr = {tk_sym_q, !tk_side_q, best_price[PriceW-1:0]};
          state_d   = StSwHead;
        end else if (tk_market_q || tk_tif_q == tm_pkg::TifIoc) begin
          state_d = StRemain;
        end else begin
          lvl_raddr = {tk_sym_q, tk_side_q, tk_price_q[PriceW-1:0]};
          state_d   = StRest;
        end
      end

      default: state_d = StIdle;
    endcase

    // Step 5 or the end of the command.
    if (finish) begin
      if (finish_trig) state_d = StStopTrig;
      else             cmd_done = 1'b1;
    end
    // MassCancel or SetBand: every order and stop walked, the closing event.
    if (mc_finish) begin
      full_ev_valid       = 1'b1;
      cmd_done            = 1'b1;
      full_ev.event_type  = is_band ? tm_pkg::EvBandSet : tm_pkg::EvMassCancelDone;
      full_ev.symbol      = 16'(tk_sym_q);
      full_ev.price       = is_band ? cmd_q.price : 32'd0;
      full_ev.order_count = mc_count_q;
      base_we             = is_band;  // every order outside the new band is gone: take the base
    end

    // Unlink the Cancel/Modify order from its level (StCancel, StModLeave).
    if (unlink) begin
      ord_we     = 1'b1;
      ord_waddr  = cmd_handle;
      ord_wdata  = '0;
      next_we    = unl_fix_next;
      next_waddr = co_prev_q;
      next_wdata = co_next_q;
      prev_we    = unl_fix_prev;
      prev_waddr = co_next_q;
      prev_wdata = co_prev_q;
      lvl_we     = 1'b1;
      lvl_waddr  = {co_q.symbol, co_q.side, co_q.price[PriceW-1:0]};
      lvl_wdata  = unl_level;
      bm_we      = (unl_level.count == '0);
      bm_book    = {co_q.symbol, co_q.side};
      bm_price   = co_q.price[PriceW-1:0];
      bm_val     = 1'b0;
    end
    // Rest the order at the tail of its level (StRest).
    if (append) begin
      ord_we     = 1'b1;
      ord_waddr  = app_handle;
      ord_wdata  = app_order;
      next_we    = app_exists;
      next_waddr = lvl_rdata.tail;
      next_wdata = app_handle;
      prev_we    = app_exists;
      prev_waddr = app_handle;
      prev_wdata = lvl_rdata.tail;
      lvl_we     = 1'b1;
      lvl_waddr  = {app_sym, app_side, app_price[PriceW-1:0]};
      lvl_wdata  = app_level;
      bm_we      = 1'b1;
      bm_book    = {app_sym, app_side};
      bm_price   = app_price[PriceW-1:0];
      bm_val     = 1'b1;
    end

    if (cmd_done) state_d = StIdle;
    cmd_ready = adv && (state_q == StIdle || cmd_done);
    // A cycle that can accept a command reads the tables for it: whatever the finishing state
    // looked up is no longer needed.
    if (state_q == StIdle || cmd_done) begin
      ord_raddr  = cmd_in.handle[HandleW-1:0];
      next_raddr = cmd_in.handle[HandleW-1:0];
      prev_raddr = cmd_in.handle[HandleW-1:0];
      lvl_raddr  = {cmd_in.symbol[SymW-1:0], cmd_in.side[0], cmd_in.price[PriceW-1:0]};
    end
    if (cmd_ready && cmd_in_valid) begin
      cmd_d     = cmd_in;
      cmd_seq_d = cmd_seq_q + 1'b1;
      state_d   = StDecode;
    end

  end

  assign idle_o = (state_q == StIdle) && !cmd_in_valid;

  tm_event_build #(
    .SymW    (SymW),
    .HandleW (HandleW),
    .QtyW    (QtyW),
    .LvlQtyW (LvlQtyW),
    .CountW  (CountW)
  ) u_event_build (
    .clk_i             (clk_i),
    .rst_ni            (rst_n),
    .adv_i             (adv),
    .full_valid_i      (full_ev_valid),
    .full_i            (full_ev),
    .order_valid_i     (order_ev_valid),
    .order_i           (order_ev),
    .reason_i          (ev_reason),
    .remaining_i       (ev_remaining),
    .maker_i           (ev_maker),
    .maker_remaining_i (ev_maker_remaining),
    .aux_i             (ev_aux),
    .level_valid_i     (level_ev_valid),
    .level_i           (level_ev),
    .cmd_seq_i         (cmd_seq_q),
    .cmd_opcode_i      (cmd_q.opcode),
    .last_i            (cmd_done),
    .valid_o           (ev_valid),
    .event_o           (ev)
  );

  // ------------------------------------------------------------------ ports
  // Skid buffers: cmd_ready_o and the event skid's ready are registers, so neither port's ready
  // reaches the other side combinationally. A command goes straight through while the command
  // skid is empty (no cycle added; the FSM reads its tables from it in the accept cycle); events
  // leave from registers, as from the two-entry FIFO this replaces (same cycles).
  tm_skid #(.Width(tm_pkg::CommandBits), .RegisterOutput(1'b0)) u_cmd_skid (
    .clk_i       (clk_i),
    .rst_ni      (rst_n),
    .in_valid_i  (cmd_valid_i),
    .in_ready_o  (cmd_ready_o),
    .in_data_i   (cmd_data_i),
    .out_valid_o (cmd_in_valid),
    .out_ready_i (cmd_ready),
    .out_data_o  (cmd_in)
  );

  tm_skid #(.Width(tm_pkg::EventBits), .RegisterOutput(1'b1)) u_evt_skid (
    .clk_i       (clk_i),
    .rst_ni      (rst_n),
    .in_valid_i  (ev_valid && adv),
    .in_ready_o  (evt_in_ready),
    .in_data_i   (ev),
    .out_valid_o (evt_valid_o),
    .out_ready_i (evt_ready_i),
    .out_data_o  (evt_data_o)
  );
  assign evt_last_o = evt_data_o[8];  // flags bit 0 (kEventLast) of byte 1

  // ------------------------------------------------------------------ registers
  always_ff @(posedge clk_i or negedge rst_n) begin
    if (!rst_n) begin
      state_q    <= StInit;
      init_cnt_q <= '0;
      cmd_seq_q  <= '0;
      cmd_q      <= '0;
    end else if (adv) begin
      state_q    <= state_d;
      init_cnt_q <= init_cnt_d;
      cmd_seq_q  <= cmd_seq_d;
      cmd_q      <= cmd_d;
    end
  end

  // Datapath registers: loaded before use in every command, so they need no reset.
  always_ff @(posedge clk_i) begin
    if (adv) begin
      tk_handle_q       <= tk_handle_d;
      tk_side_q         <= tk_side_d;
      tk_sym_q          <= tk_sym_d;
      tk_price_q        <= tk_price_d;
      tk_off_q          <= tk_off_d;
      tk_market_q       <= tk_market_d;
      tk_tif_q          <= tk_tif_d;
      tk_open_q         <= tk_open_d;
      tk_account_q      <= tk_account_d;
      tk_stp_q          <= tk_stp_d;
      tk_post_only_q    <= tk_post_only_d;
      tk_stp_stop_q     <= tk_stp_stop_d;
      tk_peak_q         <= tk_peak_d;
      tk_aux_q          <= tk_aux_d;
      tk_stop_trig_q    <= tk_stop_trig_d;
      rp_order_q        <= rp_order_d;
      rp_next_q         <= rp_next_d;
      st_idx_q          <= st_idx_d;
      co_q              <= co_d;
      co_prev_q         <= co_prev_d;
      co_next_q         <= co_next_d;
      lv_price_q        <= lv_price_d;
      lv_off_q          <= lv_off_d;
      lv_q              <= lv_d;
      lv_changed_q      <= lv_changed_d;
      mc_cur_q          <= mc_cur_d;
      mc_kept_q         <= mc_kept_d;
      mc_has_kept_q     <= mc_has_kept_d;
      mc_last_q         <= mc_last_d;
      mc_count_q        <= mc_count_d;
      mc_lo_q           <= mc_lo_d;
      mc_hi_q           <= mc_hi_d;
      scan_side_q       <= scan_side_d;
      scan_start_q      <= scan_start_d;
      scan_end_q        <= scan_end_d;
      scan_pend_q       <= scan_pend_d;
      scan_pend_price_q <= scan_pend_price_d;
      scan_pend_side_q  <= scan_pend_side_d;
      fok_sum_q         <= fok_sum_d;
      snap_side_rows_q  <= snap_side_rows_d;
      snap_rows_q       <= snap_rows_d;
    end
  end

  // Bits of the command the datapath does not keep (validated in full above).
  logic unused_cmd;
  assign unused_cmd = ^{cmd_q.stp[7:2], cmd_q.tif[7:2]};

`ifndef SYNTHESIS
  // ------------------------------------------------------------------ assertions
  tm_core_assert #(
    .NumLevels  (NumLevels),
    .StopOrders (StopOrders),
    .SymW       (SymW),
    .PriceW     (PriceW),
    .LvlQtyW    (LvlQtyW),
    .CountW     (CountW),
    .StopCntW   (StopCntW),
    .QtyW       (QtyW)
  ) u_assert (
    .clk_i            (clk_i),
    .rst_ni           (rst_n),
    .adv_i            (adv),
    .cmd_done_i       (cmd_done),
    .evt_valid_i      (evt_valid_o),
    .evt_ready_i      (evt_ready_i),
    .evt_data_i       (evt_data_o),
    .at_level_head_i  (state_q == StSwHead || state_q == StMcHead),
    .at_maker_i       (state_q == StSwMaker),
    .at_level_leave_i (state_q == StSwLu),
    .at_stop_run_i    (state_q == StStopRun),
    .lvl_we_i         (lvl_we),
    .lvl_waddr_i      (lvl_waddr),
    .lvl_wcount_i     (lvl_wdata.count),
    .lvl_rcount_i     (lvl_rdata.count),
    .lvl_rtotal_i     (lvl_rdata.total),
    .bm_we_i          (bm_we),
    .bm_book_i        (bm_book),
    .bm_price_i       (bm_price),
    .bm_val_i         (bm_val),
    .best_found_i     (best_found),
    .best_book_i      ({best_sym, best_side}),
    .best_price_i     (best_price),
    .scan_found_i     (scan_found),
    .scan_price_i     (scan_price),
    .tk_sym_i         (tk_sym_q),
    .tk_base_i        (tk_base),
    .tk_side_i        (tk_side_q),
    .tk_open_i        (tk_open_q),
    .tk_stp_stop_i    (tk_stp_stop_q),
    .tk_crosses_i     (tk_crosses),
    .append_i         (append),
    .tk_price_i       (tk_price_q),
    .lv_price_i       (lv_price_q),
    .ord_rvalid_i     (ord_rdata.valid),
    .ord_rpending_i   (ord_rdata.pending),
    .ord_rside_i      (ord_rdata.side),
    .ord_rprice_i     (ord_rdata.price),
    .ord_we_i         (ord_we),
    .ord_wvalid_i     (ord_wdata.valid),
    .ord_wpending_i   (ord_wdata.pending),
    .st_we_i          (st_op != tm_pkg::StopEditNone),
    .st_cnt_d_i       (st_cnt_d),
    .trig_d_i         (trig_d),
    .probe_book_o     (chk_probe_book),
    .probe_index_o    (chk_probe_index),
    .probe_bit_i      (chk_probe_bit),
    .find_book_o      (chk_find_book),
    .find_rotation_o  (chk_find_rotation),
    .find_start_o     (chk_find_start),
    .find_up_o        (chk_find_up),
    .find_found_i     (chk_find_found),
    .find_offset_i    (chk_find_offset)
  );
`endif
endmodule
