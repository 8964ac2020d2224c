// The command check of tm_core (docs/matching.md, "Validation"): the command register decoded
// into its opcode, order type and fields, and the first failing check as a reject reason, in
// the documented order. Combinational, evaluated in StDecode, where the order table has read
// the order a Cancel or Modify names and the best finder looks at the side opposite the order.
//
// The book a command works on is its own symbol, or for a Modify the order's (dec_sym_o); the
// core looks up that book's band base, pending stop count and last trade price for it.
module tm_cmd_check #(
  parameter int unsigned NumSymbols = tm_pkg::NumSymbols,
  parameter int unsigned NumLevels  = tm_pkg::NumLevels,
  parameter int unsigned NumHandles = tm_pkg::NumHandles,
  parameter int unsigned MaxQty     = tm_pkg::MaxQty,
  parameter int unsigned StopOrders = tm_pkg::StopOrders,
  localparam int unsigned SymW      = $clog2(NumSymbols),
  localparam int unsigned PriceW    = $clog2(NumLevels),
  localparam int unsigned HandleW   = $clog2(NumHandles),
  localparam int unsigned QtyW      = $clog2(64'(MaxQty) + 64'd1),
  localparam int unsigned StopCntW  = $clog2(StopOrders + 1)
) (
  input  logic [tm_pkg::CommandBits-1:0] cmd_i,         // the command register (command_t)
  // The order the command's handle names, as read in the accept cycle.
  input  logic                          rd_valid_i,      // resting
  input  logic                          rd_pending_i,    // a pending stop
  input  logic                          rd_side_i,
  input  logic [SymW-1:0]               rd_symbol_i,
  input  logic                          rd_market_i,     // a pending Stop (no limit price)
  input  logic                          rd_post_only_i,
  // The command's book (dec_sym_o): its band base, pending stops and last trade.
  input  logic [31:0]                   dec_base_i,
  input  logic [StopCntW-1:0]           dec_stop_cnt_i,
  input  logic                          dec_ltp_has_i,
  input  logic [31:0]                   dec_ltp_i,
  // The best offset of the side opposite the order, in the same band.
  input  logic                          best_found_i,
  input  logic [PriceW-1:0]             best_off_i,
  // The command decoded.
  output logic                          is_new_o,
  output logic                          is_cancel_o,
  output logic                          is_modify_o,
  output logic                          is_snap_o,
  output logic                          is_band_o,
  output logic                          cmd_market_o,    // a market order
  output logic                          cmd_stop_o,      // a stop or stop-limit order
  output logic                          cmd_unpriced_o,  // a market or stop order: no price
  output logic                          cmd_post_only_o,
  output logic                          cmd_by_account_o,
  output logic                          cmd_iceberg_o,
  output logic [HandleW-1:0]            cmd_handle_o,
  output logic [SymW-1:0]               cmd_sym_o,
  output logic [QtyW-1:0]               cmd_qty_o,
  // Its book and its price as an offset in that book's band.
  output logic                          dec_side_o,
  output logic [SymW-1:0]               dec_sym_o,
  output logic [PriceW-1:0]             cmd_off_o,
  // SetBand: the offsets of the current band outside the new one, [band_lo, band_hi].
  output logic [PriceW-1:0]             band_lo_o,
  output logic [PriceW-1:0]             band_hi_o,
  // The command's stop is triggered by its book's last trade; its order would cross.
  output logic                          dec_stop_trig_o,
  output logic                          dec_crosses_o,
  // A NewOrder passes every check before PostOnlyWouldCross (whether it crosses is not asked).
  output logic                          new_checks_ok_o,
  output tm_pkg::reject_reason_e        reject_o
);
  localparam int unsigned AlignW = $clog2(tm_pkg::BandAlign);
  localparam logic [PriceW-1:0] TopPrice = PriceW'(NumLevels - 1);  // the largest offset

  tm_pkg::command_t     cmd_q;
  assign cmd_q = cmd_i;

  logic                 is_new, is_cancel, is_modify, is_mass, is_snap, is_band;
  assign is_new    = (cmd_q.opcode == tm_pkg::OpNewOrder);
  assign is_cancel = (cmd_q.opcode == tm_pkg::OpCancel);
  assign is_modify = (cmd_q.opcode == tm_pkg::OpModify);
  assign is_mass   = (cmd_q.opcode == tm_pkg::OpMassCancel);
  assign is_snap   = (cmd_q.opcode == tm_pkg::OpSnapshot);
  assign is_band   = (cmd_q.opcode == tm_pkg::OpSetBand);

  // Order types (order_type > 3 is Malformed): cmd_unpriced, a market or stop order, has no
  // price; cmd_stop, a stop or stop-limit order, waits for its trigger.
  logic                 cmd_market, cmd_stop, cmd_unpriced, cmd_post_only, cmd_by_account;
  logic                 cmd_iceberg;
  assign cmd_market     = (cmd_q.order_type == tm_pkg::TypeMarket);
  assign cmd_stop       = (cmd_q.order_type == tm_pkg::TypeStop ||
                           cmd_q.order_type == tm_pkg::TypeStopLimit);
  assign cmd_unpriced   = (cmd_q.order_type == tm_pkg::TypeMarket ||
                           cmd_q.order_type == tm_pkg::TypeStop);
  assign cmd_post_only  = cmd_q.flags[0];
  assign cmd_by_account = cmd_q.flags[1];
  assign cmd_iceberg    = cmd_q.flags[2];

  logic [SymW-1:0]      cmd_sym;
  assign cmd_sym = cmd_q.symbol[SymW-1:0];

  // Check 1: Malformed.
  logic malformed;
  always_comb begin
    malformed = 1'b0;
    if (!(is_new || is_cancel || is_modify || is_mass || is_snap || is_band)) malformed = 1'b1;
    if (cmd_q.version != tm_pkg::ProtocolVersion &&
        cmd_q.version != tm_pkg::OldestProtocolVersion) malformed = 1'b1;
    if (cmd_q.reserved0 != 8'd0) malformed = 1'b1;
    // Version 2 has no stop orders, icebergs or aux.
    if (cmd_q.version == tm_pkg::OldestProtocolVersion &&
        (cmd_q.order_type > 8'd1 || (cmd_q.flags & tm_pkg::FlagIceberg) != 8'd0 ||
         cmd_q.aux != 32'd0)) begin
      malformed = 1'b1;
    end
    if (cmd_q.side > 8'd1 || cmd_q.order_type > 8'd3 || cmd_q.tif > 8'd2 || cmd_q.stp > 8'd3) begin
      malformed = 1'b1;
    end
    // Flag bits and fields the opcode does not use (aux: NewOrder and Modify only).
    if (!(is_new || is_modify) && cmd_q.aux != 32'd0) malformed = 1'b1;
    if (is_new) begin
      if ((cmd_q.flags & ~(tm_pkg::FlagPostOnly | tm_pkg::FlagIceberg)) != 8'd0) malformed = 1'b1;
      if (cmd_q.depth != 16'd0) malformed = 1'b1;
      if (cmd_unpriced && cmd_q.price != 32'd0) malformed = 1'b1;
      if (!cmd_stop && !cmd_iceberg && cmd_q.aux != 32'd0) malformed = 1'b1;
    end
    if (is_cancel) begin
      if (cmd_q.side != 8'd0 || cmd_q.order_type != 8'd0 || cmd_q.tif != 8'd0 ||
          cmd_q.flags != 8'd0 || cmd_q.stp != 8'd0 || cmd_q.symbol != 16'd0 ||
          cmd_q.depth != 16'd0 || cmd_q.price != 32'd0 || cmd_q.quantity != 32'd0 ||
          cmd_q.account != 32'd0) begin
        malformed = 1'b1;
      end
    end
    if (is_modify) begin
      if (cmd_q.side != 8'd0 || cmd_q.order_type != 8'd0 || cmd_q.tif != 8'd0 ||
          cmd_q.flags != 8'd0 || cmd_q.stp != 8'd0 || cmd_q.symbol != 16'd0 ||
          cmd_q.depth != 16'd0 || cmd_q.account != 32'd0) begin
        malformed = 1'b1;
      end
    end
    if (is_mass) begin
      if ((cmd_q.flags & ~tm_pkg::FlagByAccount) != 8'd0) malformed = 1'b1;
      if (cmd_q.side != 8'd0 || cmd_q.order_type != 8'd0 || cmd_q.tif != 8'd0 ||
          cmd_q.stp != 8'd0 || cmd_q.depth != 16'd0 || cmd_q.handle != 32'd0 ||
          cmd_q.price != 32'd0 || cmd_q.quantity != 32'd0) begin
        malformed = 1'b1;
      end
      if (!cmd_by_account && cmd_q.account != 32'd0) malformed = 1'b1;
    end
    if (is_snap) begin
      if (cmd_q.side != 8'd0 || cmd_q.order_type != 8'd0 || cmd_q.tif != 8'd0 ||
          cmd_q.flags != 8'd0 || cmd_q.stp != 8'd0 || cmd_q.handle != 32'd0 ||
          cmd_q.price != 32'd0 || cmd_q.quantity != 32'd0 || cmd_q.account != 32'd0) begin
        malformed = 1'b1;
      end
    end
    if (is_band) begin
      if (cmd_q.side != 8'd0 || cmd_q.order_type != 8'd0 || cmd_q.tif != 8'd0 ||
          cmd_q.flags != 8'd0 || cmd_q.stp != 8'd0 || cmd_q.depth != 16'd0 ||
          cmd_q.handle != 32'd0 || cmd_q.quantity != 32'd0 || cmd_q.account != 32'd0) begin
        malformed = 1'b1;
      end
    end
  end

  logic                 rd_in_use;  // resting or pending
  assign rd_in_use = rd_valid_i || rd_pending_i;

  // The book the command works on: its own symbol, or for a Modify the order's.
  logic                 dec_side;
  assign dec_side  = is_modify ? rd_side_i   : cmd_q.side[0];
  assign dec_sym_o = is_modify ? rd_symbol_i : cmd_sym;

  // The command's price as an offset in that book's band; outside the band when the offset
  // (modulo 2^32) is NumLevels or more, since a band never passes 2^32 - 1.
  logic [31:0]          cmd_off_wide;
  logic [PriceW-1:0]    cmd_off;
  assign cmd_off_wide = cmd_q.price - dec_base_i;
  assign cmd_off      = cmd_off_wide[PriceW-1:0];

  logic unknown_symbol, handle_oor, zero_qty, qty_too_large, price_outside, band_bad;
  logic invalid_combination;
  assign unknown_symbol = (32'(cmd_q.symbol) >= NumSymbols);
  assign handle_oor     = (cmd_q.handle >= NumHandles);
  assign zero_qty       = (cmd_q.quantity == 32'd0);
  assign qty_too_large  = (33'(cmd_q.quantity) > 33'(MaxQty));  // never for MaxQty = 2^32 - 1
  // The price of a limit or stop-limit order, or of a Modify of a resting order or pending
  // stop-limit, must lie in the band.
  assign price_outside  = (is_new ? !cmd_unpriced : !(rd_pending_i && rd_market_i)) &&
                          (cmd_off_wide >= NumLevels);
  // SetBand: a base off the 64-tick grid, or a band that would pass 2^32 - 1.
  assign band_bad = (cmd_q.price[AlignW-1:0] != '0) ||
                    (33'(cmd_q.price) + 33'(NumLevels - 1) > 33'(32'hFFFF_FFFF));

  // SetBand: the offsets of the current band that fall outside the new one, [band_lo, band_hi]
  // (empty, band_lo > band_hi, when the base does not change). A move up by d leaves the d lowest
  // offsets, a move down by d the d highest; d >= NumLevels leaves all of them.
  logic [31:0]          band_up, band_down;
  assign band_up   = cmd_q.price - dec_base_i;
  assign band_down = dec_base_i - cmd_q.price;
  always_comb begin
    band_lo_o = '0;
    band_hi_o = TopPrice;
    if (cmd_q.price == dec_base_i) begin
      band_lo_o = PriceW'(1);
      band_hi_o = '0;
    end else if (cmd_q.price > dec_base_i) begin
      if (band_up < NumLevels) band_hi_o = PriceW'(band_up - 1);
    end else begin
      if (band_down < NumLevels) band_lo_o = PriceW'(NumLevels - band_down);
    end
  end
  assign invalid_combination =
      (cmd_unpriced && cmd_q.tif == 8'(tm_pkg::TifGtc)) ||
      ((cmd_market || cmd_stop) && cmd_post_only) ||
      (cmd_post_only && cmd_q.tif != 8'(tm_pkg::TifGtc)) ||
      (cmd_q.tif == 8'(tm_pkg::TifFok) && cmd_q.stp != 8'(tm_pkg::StpNone)) ||
      (cmd_iceberg && (cmd_q.order_type != tm_pkg::TypeLimit ||
                       cmd_q.tif != 8'(tm_pkg::TifGtc) || cmd_q.aux == 32'd0 ||
                       cmd_q.aux > cmd_q.quantity));
  // Modify: a resting order cannot change its peak, a pending Stop has no price.
  logic mod_invalid_combination;
  assign mod_invalid_combination = rd_valid_i ? (cmd_q.aux != 32'd0)
                                              : (rd_market_i && cmd_q.price != 32'd0);

  // Stop orders: a book's pending stops are full (StopCapacity), and whether a stop of the
  // command (placed, or modified to a new stop price) is triggered by its book's last trade.
  logic stops_full;
  assign stops_full      = (32'(dec_stop_cnt_i) >= StopOrders);
  assign dec_stop_trig_o = dec_ltp_has_i &&
                           tm_pkg::stop_triggered(dec_side, dec_ltp_i, cmd_q.aux);

  // Would the command's order cross (NewOrder: its own price; Modify: the new price)?
  logic dec_crosses;
  assign dec_crosses = best_found_i &&
                       tm_pkg::accepts(dec_side, is_new && cmd_market, 32'(cmd_off),
                                       32'(best_off_i));

  // First failing check, in the documented order.
  always_comb begin
    reject_o = tm_pkg::RejNone;
    if (malformed) begin
      reject_o = tm_pkg::RejMalformed;
    end else if (is_new) begin
      if (unknown_symbol)                    reject_o = tm_pkg::RejUnknownSymbol;
      else if (handle_oor)                   reject_o = tm_pkg::RejHandleOutOfRange;
      else if (rd_in_use)                    reject_o = tm_pkg::RejHandleInUse;
      else if (zero_qty)                     reject_o = tm_pkg::RejZeroQuantity;
      else if (qty_too_large)                reject_o = tm_pkg::RejQuantityTooLarge;
      else if (price_outside)                reject_o = tm_pkg::RejPriceOutsideBand;
      else if (invalid_combination)          reject_o = tm_pkg::RejInvalidCombination;
      else if (cmd_post_only && dec_crosses) reject_o = tm_pkg::RejPostOnlyWouldCross;
      else if (cmd_stop && stops_full)       reject_o = tm_pkg::RejStopCapacity;
    end else if (is_cancel) begin
      if (handle_oor)                        reject_o = tm_pkg::RejHandleOutOfRange;
      else if (!rd_in_use)                   reject_o = tm_pkg::RejUnknownHandle;
    end else if (is_modify) begin
      if (handle_oor)                        reject_o = tm_pkg::RejHandleOutOfRange;
      else if (!rd_in_use)                   reject_o = tm_pkg::RejUnknownHandle;
      else if (zero_qty)                     reject_o = tm_pkg::RejZeroQuantity;
      else if (qty_too_large)                reject_o = tm_pkg::RejQuantityTooLarge;
      else if (price_outside)                reject_o = tm_pkg::RejPriceOutsideBand;
      else if (mod_invalid_combination)      reject_o = tm_pkg::RejInvalidCombination;
      else if (rd_post_only_i && dec_crosses) reject_o = tm_pkg::RejPostOnlyWouldCross;
    end else if (is_band) begin
      if (unknown_symbol)                    reject_o = tm_pkg::RejUnknownSymbol;
      else if (band_bad)                     reject_o = tm_pkg::RejPriceOutOfRange;
    end else begin
      if (unknown_symbol)                    reject_o = tm_pkg::RejUnknownSymbol;
    end
  end

  assign is_new_o         = is_new;
  assign is_cancel_o      = is_cancel;
  assign is_modify_o      = is_modify;
  assign is_snap_o        = is_snap;
  assign is_band_o        = is_band;
  assign cmd_market_o     = cmd_market;
  assign cmd_stop_o       = cmd_stop;
  assign cmd_unpriced_o   = cmd_unpriced;
  assign cmd_post_only_o  = cmd_post_only;
  assign cmd_by_account_o = cmd_by_account;
  assign cmd_iceberg_o    = cmd_iceberg;
  assign cmd_handle_o     = cmd_q.handle[HandleW-1:0];
  assign cmd_sym_o        = cmd_sym;
  assign cmd_qty_o        = cmd_q.quantity[QtyW-1:0];
  assign dec_side_o       = dec_side;
  assign cmd_off_o        = cmd_off;
  assign dec_crosses_o    = dec_crosses;
  assign new_checks_ok_o  = is_new && !malformed && !unknown_symbol && !handle_oor && !rd_in_use &&
                            !zero_qty && !qty_too_large && !price_outside && !invalid_combination;
endmodule
