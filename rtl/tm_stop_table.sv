// The pending stop orders of tm_core (registers): per book its pending stops in placement order,
// {handle, side, stop price} (compacted on removal), their count and the book's last trade price.
//
// The book in flight (book_i) gets one edit per cycle: append the order in flight's stop, remove
// entry edit_idx_i (the later ones move up: the table stays in placement order) or give entry
// edit_idx_i the stop price aux_i. Which of its stops are triggered is kept in a register
// (trig_q), recomputed at every fill, so that the stop to run next is a priority encoder over a
// register and no compare sits on the paths that end a command. Entries are selected by compares
// against constant indices, not by a variable part-select (a shifter over the whole row).
module tm_stop_table #(
  parameter int unsigned NumSymbols = tm_pkg::NumSymbols,
  parameter int unsigned NumHandles = tm_pkg::NumHandles,
  parameter int unsigned StopOrders = tm_pkg::StopOrders,
  localparam int unsigned SymW      = $clog2(NumSymbols),
  localparam int unsigned HandleW   = $clog2(NumHandles),
  localparam int unsigned StopCntW  = $clog2(StopOrders + 1),
  localparam int unsigned StopIdxW  = StopCntW  // indices up to StopOrders (the append slot)
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    adv_i,          // the core advances this cycle
  // The book in flight and its order (an appended stop, or the stop a Cancel or Modify names).
  input  logic [SymW-1:0]         book_i,
  input  logic [HandleW-1:0]      handle_i,
  input  logic                    side_i,
  input  logic [31:0]             aux_i,          // the order's (new) stop price
  // This cycle's edit of the book's pending stops.
  input  tm_pkg::stop_edit_e      edit_i,
  input  logic [StopIdxW-1:0]     edit_idx_i,     // StopEditRemove, StopEditUpdate: the entry
  input  logic                    edit_trig_i,    // the appended or updated stop is triggered
  // A fill at fill_price_i: the book's last trade price, its stops triggered by it.
  input  logic                    fill_i,
  input  logic [31:0]             fill_price_i,
  input  logic                    clear_trig_i,   // a new command: none of its book's is triggered
  input  logic [StopIdxW-1:0]     walk_idx_i,     // MassCancel, SetBand: the entry looked at
  // The book in flight's stops.
  output logic [StopCntW-1:0]     count_o,
  output logic [HandleW-1:0]      first_handle_o, // entry 0
  output logic [StopIdxW-1:0]     hit_idx_o,      // the entry of handle_i
  output logic                    any_trig_o,     // a stop is triggered (step 5 runs it)
  output logic [StopIdxW-1:0]     trig_idx_o,     // the first triggered entry, and its handle
  output logic [HandleW-1:0]      trig_handle_o,
  output logic [HandleW-1:0]      walk_handle_o,  // the handles of entries walk_idx_i
  output logic [HandleW-1:0]      walk_next_o,    // and walk_idx_i + 1
  // The command's book (the command check's): its count and last trade price.
  input  logic [SymW-1:0]         dec_book_i,
  output logic [StopCntW-1:0]     dec_count_o,
  output logic                    dec_ltp_has_o,
  output logic [31:0]             dec_ltp_o,
  // For the assertions: the count and triggered stops after this cycle's edit.
  output logic [StopCntW-1:0]     count_d_o,
  output logic [StopOrders-1:0]   trig_d_o
);
  localparam int unsigned StopW  = HandleW + 1 + 32;  // {handle, side, stop price}
  localparam int unsigned StRowW = StopOrders * StopW;

  logic [StRowW-1:0]    st_rows_q [NumSymbols];
  (* mem2reg *) logic [StopCntW-1:0] st_cnt_q [NumSymbols];
  (* mem2reg *) logic [31:0] ltp_q [NumSymbols];
  (* mem2reg *) logic       ltp_has_q [NumSymbols];
  logic [StopOrders-1:0] trig_d, trig_q;  // which stops of book_i's book are triggered

  logic [StRowW-1:0]    st_row, st_row_d;
  logic [StopCntW-1:0]  st_cnt, st_cnt_d;
  assign st_row = st_rows_q[book_i];
  assign st_cnt = st_cnt_q[book_i];

  function automatic logic [HandleW-1:0] st_handle(input logic [StRowW-1:0] row,
                                                   input int unsigned i);
    st_handle = row[i * StopW + 33 +: HandleW];
  endfunction
  function automatic logic st_side(input logic [StRowW-1:0] row, input int unsigned i);
    st_side = row[i * StopW + 32];
  endfunction
  function automatic logic [31:0] st_stop(input logic [StRowW-1:0] row, input int unsigned i);
    st_stop = row[i * StopW +: 32];
  endfunction

  // The entry of handle_i, the first triggered entry and its handle, the stops a fill at
  // fill_price_i triggers, and the handles of entries walk_idx_i and walk_idx_i + 1.
  logic [StopOrders-1:0] st_fill_trig;
  always_comb begin
    hit_idx_o     = '0;
    trig_idx_o    = '0;
    trig_handle_o = '0;
    walk_handle_o = '0;
    walk_next_o   = '0;
    for (int i = StopOrders - 1; i >= 0; i--) begin
      if (StopCntW'(i) < st_cnt && st_handle(st_row, i) == handle_i) hit_idx_o = StopIdxW'(i);
      if (trig_q[i]) begin
        trig_idx_o    = StopIdxW'(i);
        trig_handle_o = st_handle(st_row, i);
      end
      st_fill_trig[i] = (StopCntW'(i) < st_cnt) &&
                        tm_pkg::stop_triggered(st_side(st_row, i), fill_price_i,
                                               st_stop(st_row, i));
      if (StopIdxW'(i) == walk_idx_i) walk_handle_o = st_handle(st_row, i);
      if (StopIdxW'(i) == walk_idx_i + 1'b1) walk_next_o = st_handle(st_row, i);
    end
  end

  always_comb begin
    st_row_d = st_row;
    st_cnt_d = st_cnt;
    unique case (edit_i)
      tm_pkg::StopEditAppend: begin
        for (int i = 0; i < StopOrders; i++) begin
          if (StopIdxW'(i) == StopIdxW'(st_cnt)) begin
            st_row_d[i * StopW +: StopW] = {handle_i, side_i, aux_i};
          end
        end
        st_cnt_d = st_cnt + 1'b1;
      end
      tm_pkg::StopEditRemove: begin
        for (int i = 0; i < StopOrders - 1; i++) begin
          if (StopIdxW'(i) >= edit_idx_i) begin
            st_row_d[i * StopW +: StopW] = st_row[(i + 1) * StopW +: StopW];
          end
        end
        st_cnt_d = st_cnt - 1'b1;
      end
      tm_pkg::StopEditUpdate: begin
        for (int i = 0; i < StopOrders; i++) begin
          if (StopIdxW'(i) == edit_idx_i) st_row_d[i * StopW +: 32] = aux_i;
        end
      end
      default: ;
    endcase
  end

  always_comb begin
    trig_d = trig_q;
    if (clear_trig_i) trig_d = '0;
    if (fill_i) trig_d = st_fill_trig;
    unique case (edit_i)
      tm_pkg::StopEditAppend: begin
        for (int i = 0; i < StopOrders; i++) begin
          if (StopIdxW'(i) == StopIdxW'(st_cnt)) trig_d[i] = edit_trig_i;
        end
      end
      tm_pkg::StopEditRemove: begin
        for (int i = 0; i < StopOrders - 1; i++) begin
          if (StopIdxW'(i) >= edit_idx_i) trig_d[i] = trig_q[i + 1];
        end
        trig_d[StopOrders-1] = 1'b0;
      end
      tm_pkg::StopEditUpdate: begin
        for (int i = 0; i < StopOrders; i++) begin
          if (StopIdxW'(i) == edit_idx_i) trig_d[i] = edit_trig_i;
        end
      end
      default: ;
    endcase
  end

  assign count_o        = st_cnt;
  assign first_handle_o = st_handle(st_row, 0);
  assign any_trig_o     = |trig_q;
  assign dec_count_o    = st_cnt_q[dec_book_i];
  assign dec_ltp_has_o  = ltp_has_q[dec_book_i];
  assign dec_ltp_o      = ltp_q[dec_book_i];
  assign count_d_o      = st_cnt_d;
  assign trig_d_o       = trig_d;

  // Each book's pending stop count and last trade price (reset: none pending, no trade).
  for (genvar s = 0; s < NumSymbols; s++) begin : g_stops
    logic [StopCntW-1:0] cnt_row_q;
    logic [31:0]         ltp_row_q;
    logic                ltp_has_row_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        cnt_row_q     <= '0;
        ltp_row_q     <= '0;
        ltp_has_row_q <= 1'b0;
      end else if (adv_i && book_i == SymW'(s)) begin
        if (edit_i != tm_pkg::StopEditNone) cnt_row_q <= st_cnt_d;
        if (fill_i) begin
          ltp_row_q     <= fill_price_i;
          ltp_has_row_q <= 1'b1;
        end
      end
    end
    assign st_cnt_q[s]  = cnt_row_q;
    assign ltp_q[s]     = ltp_row_q;
    assign ltp_has_q[s] = ltp_has_row_q;
  end

  // The pending stops themselves: entries past a book's count are never read, so no reset.
  always_ff @(posedge clk_i) begin
    if (adv_i && edit_i != tm_pkg::StopEditNone) st_rows_q[book_i] <= st_row_d;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)    trig_q <= '0;
    else if (adv_i) trig_q <= trig_d;
  end
endmodule
