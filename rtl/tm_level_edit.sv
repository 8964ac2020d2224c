// The edits of one price level of tm_core (combinational): what a level record becomes when an
// order leaves it, joins its tail or shrinks in place, and what a maker at its head trades.
//
// A level record is tm_core's level_t, {head, tail, total, open, count} (total: displayed
// quantity, open: with icebergs' hidden quantity), read from the level table as level_i. The
// edits of the order table and the links that go with them are the core's.
module tm_level_edit #(
  parameter int unsigned NumHandles = tm_pkg::NumHandles,
  parameter int unsigned MaxQty     = tm_pkg::MaxQty,
  localparam int unsigned HandleW   = $clog2(NumHandles),
  localparam int unsigned QtyW      = $clog2(64'(MaxQty) + 64'd1),
  localparam int unsigned CountW    = $clog2(NumHandles + 1),
  localparam int unsigned LvlQtyW   = HandleW + QtyW,  // NumHandles * MaxQty fits
  localparam int unsigned LevelW    = 2 * HandleW + 2 * LvlQtyW + CountW
) (
  input  logic [LevelW-1:0]   level_i,        // the level read
  // The order in flight: its handle, open quantity, an iceberg's peak (else 0), and the
  // self-trade prevention it asks for with its account.
  input  logic [HandleW-1:0]  tk_handle_i,
  input  logic [QtyW-1:0]     tk_open_i,
  input  logic [QtyW-1:0]     tk_peak_i,
  input  logic [1:0]          tk_stp_i,
  input  logic [31:0]         tk_account_i,
  // Unlink: the Cancel or Modify order (handle cmd_handle_i) leaves its level.
  input  logic [HandleW-1:0]  cmd_handle_i,
  input  logic [QtyW-1:0]     co_qty_i,
  input  logic [QtyW-1:0]     co_disp_i,
  input  logic [HandleW-1:0]  co_prev_i,
  input  logic [HandleW-1:0]  co_next_i,
  output logic [LevelW-1:0]   unl_level_o,
  output logic                unl_fix_next_o, // next[prev] = next
  output logic                unl_fix_prev_o, // prev[next] = prev
  // Append: the order in flight rests at the tail (of the level read, if it exists).
  input  logic                app_exists_i,
  output logic [QtyW-1:0]     app_disp_o,     // an iceberg shows min(peak, open)
  output logic [LevelW-1:0]   app_level_o,
  // Modify keeping priority: the Modify order's open quantity drops to tk_open_i.
  output logic [LevelW-1:0]   modqty_level_o,
  // The maker at the level head (its open and displayed quantity, its account).
  input  logic [QtyW-1:0]     mk_qty_i,
  input  logic [QtyW-1:0]     mk_disp_i,
  input  logic [31:0]         mk_account_i,
  output logic [QtyW-1:0]     fill_qty_o,
  output logic                mk_self_o,      // a self-trade (the taker's STP applies)
  output logic [QtyW-1:0]     mk_taken_o,     // open quantity the maker loses: the fill or all
  output logic [QtyW-1:0]     mk_shown_taken_o, // displayed quantity it loses
  output logic [QtyW-1:0]     mk_left_o,
  output logic                mk_gone_o,      // it leaves the level
  output logic                mk_repl_o,      // an iceberg's displayed part used up: replenish it
  output logic [QtyW-1:0]     tk_open_left_o, // taker open quantity after the fill
  output logic                tk_done_o,      // the taker has no open quantity after this maker
  // Replenish the iceberg maker (its record after the fill, its next) of the swept level.
  input  logic [QtyW-1:0]     rp_qty_i,
  input  logic [QtyW-1:0]     rp_peak_i,
  input  logic [HandleW-1:0]  rp_next_i,
  input  logic [HandleW-1:0]  lv_head_i,
  input  logic [CountW-1:0]   lv_count_i,
  output logic [QtyW-1:0]     rp_disp_o,
  output logic [HandleW-1:0]  rp_head_o
);
  typedef struct packed {
    logic [HandleW-1:0]  head;
    logic [HandleW-1:0]  tail;
    logic [LvlQtyW-1:0]  total;      // displayed quantity
    logic [LvlQtyW-1:0]  open;       // open quantity, icebergs' hidden parts included
    logic [CountW-1:0]   count;
  } level_t;

  level_t               lvl_rdata;
  assign lvl_rdata = level_i;

  // Unlink the Cancel/Modify order from its level.
  level_t               unl_level;
  always_comb begin
    unl_level       = lvl_rdata;
    unl_level.count = lvl_rdata.count - 1'b1;
    unl_level.total = lvl_rdata.total - LvlQtyW'(co_disp_i);
    unl_level.open  = lvl_rdata.open - LvlQtyW'(co_qty_i);
    unl_fix_next_o  = 1'b0;
    unl_fix_prev_o  = 1'b0;
    if (cmd_handle_i == lvl_rdata.head) unl_level.head = co_next_i;
    else                                unl_fix_next_o = 1'b1;
    if (cmd_handle_i == lvl_rdata.tail) unl_level.tail = co_prev_i;
    else                                unl_fix_prev_o = 1'b1;
  end
  assign unl_level_o = unl_level;

  // Append the order in flight at the tail of its level. Only from registers: no decision of
  // the cycle reaches the append's data.
  logic [QtyW-1:0]      app_disp;
  level_t               app_level;
  assign app_disp = (tk_peak_i != '0 && tk_peak_i < tk_open_i) ? tk_peak_i : tk_open_i;
  always_comb begin
    if (app_exists_i) begin
      app_level.head  = lvl_rdata.head;
      app_level.total = lvl_rdata.total + LvlQtyW'(app_disp);
      app_level.open  = lvl_rdata.open + LvlQtyW'(tk_open_i);
      app_level.count = lvl_rdata.count + 1'b1;
    end else begin
      app_level.head  = tk_handle_i;
      app_level.total = LvlQtyW'(app_disp);
      app_level.open  = LvlQtyW'(tk_open_i);
      app_level.count = CountW'(1);
    end
    app_level.tail = tk_handle_i;
  end
  assign app_disp_o  = app_disp;
  assign app_level_o = app_level;

  // Modify keeping priority: the open quantity drops to tk_open_i, the displayed part to
  // min(displayed, new open quantity).
  level_t               modqty_level;
  logic [QtyW-1:0]      modqty_drop;
  logic [QtyW-1:0]      modqty_disp;
  logic [QtyW-1:0]      modqty_disp_drop;
  assign modqty_drop = co_qty_i - tk_open_i;
  assign modqty_disp_drop = co_disp_i - modqty_disp;
  assign modqty_disp = (tk_open_i < co_disp_i) ? tk_open_i : co_disp_i;
  always_comb begin
    modqty_level       = lvl_rdata;
    modqty_level.total = lvl_rdata.total - LvlQtyW'(modqty_disp_drop);
    modqty_level.open  = lvl_rdata.open - LvlQtyW'(modqty_drop);
  end
  assign modqty_level_o = modqty_level;

  // The maker at the level head trades at most its displayed quantity (all of its open quantity
  // but for an iceberg).
  logic [QtyW-1:0]      fill_qty;
  logic                 mk_self;
  logic                 tk_below_mk;   // the taker's open quantity is less than the maker's shown
  logic                 mk_hidden;     // the maker has hidden quantity (an iceberg)
  assign tk_below_mk = (tk_open_i < mk_disp_i);
  assign fill_qty    = tk_below_mk ? tk_open_i : mk_disp_i;
  assign mk_self     = (tk_stp_i != tm_pkg::StpNone) && (mk_account_i == tk_account_i);
  assign mk_hidden   = (mk_qty_i != mk_disp_i);

  logic [QtyW-1:0]      mk_taken;
  assign mk_taken         = mk_self ? mk_qty_i : fill_qty;
  assign mk_shown_taken_o = mk_self ? mk_disp_i : fill_qty;
  assign mk_left_o        = mk_qty_i - mk_taken;
  assign tk_open_left_o   = tk_open_i - fill_qty;
  // From the compares, not from the differences: the level's bitmap clear and the sweep's
  // next step then wait for no subtraction.
  assign mk_gone_o = mk_self || (!tk_below_mk && !mk_hidden);
  assign mk_repl_o = !mk_self && !tk_below_mk && mk_hidden;
  assign tk_done_o = mk_self ? (tk_open_i == '0) : (tk_open_i <= mk_disp_i);
  assign fill_qty_o = fill_qty;
  assign mk_self_o  = mk_self;
  assign mk_taken_o = mk_taken;

  // The replenished iceberg shows min(peak, open) again, and the level's head after it moved to
  // the tail (itself when it is alone).
  assign rp_head_o = (lv_count_i != CountW'(1)) ? rp_next_i : lv_head_i;
  assign rp_disp_o = (rp_peak_i < rp_qty_i) ? rp_peak_i : rp_qty_i;
endmodule
