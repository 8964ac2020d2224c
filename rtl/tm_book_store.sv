// The order books of tm_core: the four tables (block RAM, synchronous read), the level map with
// its price finders, and each book's band base.
//
// Tables (tm_ram_1r1w, read data of the address given a cycle before; see docs/rtl.md):
//   ord:  by handle, the resting order (valid) or pending stop order (pending), tm_core's
//         order_t; cleared after reset by the core's init sweep;
//   next, prev: by handle, the doubly linked FIFO of a level (next of a tail and prev of a head
//         are never read, so they need no clearing);
//   lvl:  by {symbol, side, price mod NumLevels}, the level record (tm_core's level_t: head,
//         tail, displayed and open quantity, count), only read where the level map says the
//         level is non-empty.
// The level map (tm_level_map) marks non-empty levels at the same index. Each book's band
// [base, base + NumLevels - 1] holds every resting price of it, so the index of a price is unique
// within the band; the finders look at a book rotated by its base, i.e. by price offset
// (price - base), and give the best price and the next level of a walk in price order.
//
// Stall: nothing is written while adv_i is low and the RAM read ports hold their data.
module tm_book_store #(
  parameter int unsigned NumSymbols = tm_pkg::NumSymbols,
  parameter int unsigned NumLevels  = tm_pkg::NumLevels,
  parameter int unsigned NumHandles = tm_pkg::NumHandles,
  parameter int unsigned OrderW     = 1,     // tm_core's order_t
  parameter int unsigned LevelW     = 1,     // tm_core's level_t
  parameter bit          Checks     = 1'b0,  // two more finders and probes for tm_core_assert
  localparam int unsigned SymW      = $clog2(NumSymbols),
  localparam int unsigned PriceW    = $clog2(NumLevels),
  localparam int unsigned HandleW   = $clog2(NumHandles),
  localparam int unsigned BookW     = SymW + 1,  // {symbol, side}
  localparam int unsigned LvlAddrW  = BookW + PriceW,
  localparam int unsigned AlignW    = $clog2(tm_pkg::BandAlign),
  localparam int unsigned BaseW     = 32 - AlignW
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  adv_i,          // the core advances this cycle
  // The tables: a read and a write port each.
  input  logic [HandleW-1:0]    ord_raddr_i,
  output logic [OrderW-1:0]     ord_rdata_o,
  input  logic                  ord_we_i,
  input  logic [HandleW-1:0]    ord_waddr_i,
  input  logic [OrderW-1:0]     ord_wdata_i,
  input  logic [HandleW-1:0]    next_raddr_i,
  output logic [HandleW-1:0]    next_rdata_o,
  input  logic                  next_we_i,
  input  logic [HandleW-1:0]    next_waddr_i,
  input  logic [HandleW-1:0]    next_wdata_i,
  input  logic [HandleW-1:0]    prev_raddr_i,
  output logic [HandleW-1:0]    prev_rdata_o,
  input  logic                  prev_we_i,
  input  logic [HandleW-1:0]    prev_waddr_i,
  input  logic [HandleW-1:0]    prev_wdata_i,
  input  logic [LvlAddrW-1:0]   lvl_raddr_i,
  output logic [LevelW-1:0]     lvl_rdata_o,
  input  logic                  lvl_we_i,
  input  logic [LvlAddrW-1:0]   lvl_waddr_i,
  input  logic [LevelW-1:0]     lvl_wdata_i,
  // The level map: one level's bit changes.
  input  logic                  bm_we_i,
  input  logic [BookW-1:0]      bm_book_i,
  input  logic [PriceW-1:0]     bm_price_i,     // the level index
  input  logic                  bm_val_i,
  // Bands: a SetBand gives book_i's book the base base_i (in units of BandAlign ticks).
  input  logic                  base_we_i,
  input  logic [BaseW-1:0]      base_i,
  // The book in flight and its base; the command's book (the command check's) and its base.
  input  logic [SymW-1:0]       book_i,
  output logic [31:0]           book_base_o,
  input  logic [SymW-1:0]       dec_book_i,
  output logic [31:0]           dec_base_o,
  // best: the best offset of one book side, in the band of base best_base_i.
  input  logic [BookW-1:0]      best_book_i,
  input  logic [31:0]           best_base_i,
  output logic                  best_found_o,
  output logic [PriceW-1:0]     best_off_o,
  output logic [31:0]           best_price_o,   // absolute
  // scan: the next non-empty level of book_i's side scan_side_i from offset scan_start_i, best
  // to worst (none once scan_end_i: the walk passed the band's edge).
  input  logic                  scan_side_i,
  input  logic [PriceW-1:0]     scan_start_i,
  input  logic                  scan_end_i,
  output logic                  scan_found_o,
  output logic [PriceW-1:0]     scan_off_o,
  output logic [31:0]           scan_price_o,   // absolute
  // Does the level at index probe_index_i of book side probe_book_i exist?
  input  logic [BookW-1:0]      probe_book_i,
  input  logic [PriceW-1:0]     probe_index_i,
  output logic                  probe_bit_o,
  // Checks: tm_core_assert's finders and probes (unused without Checks).
  input  logic [2*BookW-1:0]    chk_probe_book_i,
  input  logic [2*PriceW-1:0]   chk_probe_index_i,
  output logic [1:0]            chk_probe_bit_o,
  input  logic [2*BookW-1:0]    chk_find_book_i,
  input  logic [2*PriceW-1:0]   chk_find_rotation_i,
  input  logic [2*PriceW-1:0]   chk_find_start_i,
  input  logic [1:0]            chk_find_up_i,
  output logic [1:0]            chk_find_found_o,
  output logic [2*PriceW-1:0]   chk_find_offset_o
);
  localparam logic [PriceW-1:0] TopPrice = PriceW'(NumLevels - 1);  // the largest offset

  // ------------------------------------------------------------------ tables
  tm_ram_1r1w #(.Depth(NumHandles), .Width(OrderW)) u_ord_ram (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .re_i    (adv_i),
    .raddr_i (ord_raddr_i),
    .rdata_o (ord_rdata_o),
    .we_i    (ord_we_i && adv_i),
    .waddr_i (ord_waddr_i),
    .wdata_i (ord_wdata_i)
  );

  tm_ram_1r1w #(.Depth(NumHandles), .Width(HandleW)) u_next_ram (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .re_i    (adv_i),
    .raddr_i (next_raddr_i),
    .rdata_o (next_rdata_o),
    .we_i    (next_we_i && adv_i),
    .waddr_i (next_waddr_i),
    .wdata_i (next_wdata_i)
  );

  tm_ram_1r1w #(.Depth(NumHandles), .Width(HandleW)) u_prev_ram (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .re_i    (adv_i),
    .raddr_i (prev_raddr_i),
    .rdata_o (prev_rdata_o),
    .we_i    (prev_we_i && adv_i),
    .waddr_i (prev_waddr_i),
    .wdata_i (prev_wdata_i)
  );

  tm_ram_1r1w #(.Depth(2 ** LvlAddrW), .Width(LevelW)) u_lvl_ram (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .re_i    (adv_i),
    .raddr_i (lvl_raddr_i),
    .rdata_o (lvl_rdata_o),
    .we_i    (lvl_we_i && adv_i),
    .waddr_i (lvl_waddr_i),
    .wdata_i (lvl_wdata_i)
  );

  // ------------------------------------------------------------------ bands
  // Each book's band base (both sides), one register row per symbol (reset to base 0).
  (* mem2reg *) logic [BaseW-1:0] base_q [NumSymbols];
  for (genvar s = 0; s < NumSymbols; s++) begin : g_base
    logic [BaseW-1:0] base_row_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        base_row_q <= '0;
      end else if (adv_i && base_we_i && book_i == SymW'(s)) begin
        base_row_q <= base_i;
      end
    end
    assign base_q[s] = base_row_q;
  end
  logic [31:0]          book_base;
  assign book_base   = {base_q[book_i], AlignW'(0)};
  assign book_base_o = book_base;
  assign dec_base_o  = {base_q[dec_book_i], AlignW'(0)};

  // ------------------------------------------------------------------ level map and finders
  // Port 0 finds `best`, port 1 `scan`; with Checks, ports 2 and 3 and probes 1 and 2 are
  // tm_core_assert's.
  localparam int unsigned FindPorts  = Checks ? 4 : 2;
  localparam int unsigned ProbePorts = Checks ? 3 : 1;
  logic [FindPorts*BookW-1:0]   find_book;
  logic [FindPorts*PriceW-1:0]  find_rotation;
  logic [FindPorts*PriceW-1:0]  find_start;
  logic [FindPorts-1:0]         find_up;
  logic [FindPorts-1:0]         find_found;
  logic [FindPorts*PriceW-1:0]  find_offset;
  logic [ProbePorts*BookW-1:0]  probe_book;
  logic [ProbePorts*PriceW-1:0] probe_index;
  logic [ProbePorts-1:0]        probe_bit;

  tm_level_map #(
    .NumBooks   (2 * NumSymbols),
    .NumLevels  (NumLevels),
    .FindPorts  (FindPorts),
    .ProbePorts (ProbePorts)
  ) u_level_map (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .find_book_i     (find_book),
    .find_rotation_i (find_rotation),
    .find_start_i    (find_start),
    .find_up_i       (find_up),
    .find_found_o    (find_found),
    .find_offset_o   (find_offset),
    .probe_book_i    (probe_book),
    .probe_index_i   (probe_index),
    .probe_bit_o     (probe_bit),
    .we_i            (bm_we_i && adv_i),
    .w_book_i        (bm_book_i),
    .w_index_i       (bm_price_i),
    .w_bit_i         (bm_val_i)
  );

  // best: from the best end of the side (asks up from offset 0, bids down from the top).
  assign find_book[0 +: BookW]       = best_book_i;
  assign find_rotation[0 +: PriceW]  = best_base_i[PriceW-1:0];
  assign find_start[0 +: PriceW]     = best_book_i[0] ? '0 : TopPrice;
  assign find_up[0]                  = best_book_i[0];
  assign best_found_o                = find_found[0];
  assign best_off_o                  = find_offset[0 +: PriceW];
  assign best_price_o = best_base_i + 32'(find_offset[0 +: PriceW]);

  // scan
  assign find_book[BookW +: BookW]       = {book_i, scan_side_i};
  assign find_rotation[PriceW +: PriceW] = book_base[PriceW-1:0];
  assign find_start[PriceW +: PriceW]    = scan_start_i;
  assign find_up[1]                      = scan_side_i;
  assign scan_found_o = find_found[1] && !scan_end_i;
  assign scan_off_o   = find_offset[PriceW +: PriceW];
  assign scan_price_o = book_base + 32'(find_offset[PriceW +: PriceW]);

  assign probe_book[0 +: BookW]   = probe_book_i;
  assign probe_index[0 +: PriceW] = probe_index_i;
  assign probe_bit_o              = probe_bit[0];

  if (Checks) begin : g_checks
    assign probe_book[BookW +: 2 * BookW]      = chk_probe_book_i;
    assign probe_index[PriceW +: 2 * PriceW]   = chk_probe_index_i;
    assign chk_probe_bit_o                     = probe_bit[2:1];
    assign find_book[2 * BookW +: 2 * BookW]   = chk_find_book_i;
    assign find_rotation[2 * PriceW +: 2 * PriceW] = chk_find_rotation_i;
    assign find_start[2 * PriceW +: 2 * PriceW]    = chk_find_start_i;
    assign find_up[3:2]                        = chk_find_up_i;
    assign chk_find_found_o                    = find_found[3:2];
    assign chk_find_offset_o                   = find_offset[2 * PriceW +: 2 * PriceW];
  end else begin : g_no_checks
    assign chk_probe_bit_o   = '0;
    assign chk_find_found_o  = '0;
    assign chk_find_offset_o = '0;
    logic unused_chk;
    assign unused_chk = ^{chk_probe_book_i, chk_probe_index_i, chk_find_book_i,
                          chk_find_rotation_i, chk_find_start_i, chk_find_up_i};
  end
endmodule
