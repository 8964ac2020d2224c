// Formal harness of tm_level_map against a shadow bitmap (one bit per level of every book side):
// after any sequence of writes, every probe reads the shadow bit, and every finder (any book,
// rotation, start and direction) returns a hit exactly when the shadow has a set bit on the
// searched side of the start offset, at the first such offset. The rotation is a band base's
// index, a multiple of 64 (the core's contract). Reset is held in the first cycle.
//
// One probe port per level makes the whole map visible; summary_probe_* are the summary rows
// inside the DUT, joined by prove.sh after flattening (`connect -set`). With both the shadow is a
// complete invariant and k-induction closes.
module tm_level_map_formal #(
  parameter int unsigned NumLevels = 128,
  localparam int unsigned NumBooks = 2,
  localparam int unsigned BookW    = 1,
  localparam int unsigned PriceW   = $clog2(NumLevels),
  localparam int unsigned Words    = (NumLevels / 64 > 1) ? NumLevels / 64 : 2,
  localparam int unsigned Probes   = NumBooks * NumLevels
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic [BookW-1:0]  find_book_i,
  input  logic [PriceW-1:0] find_rotation_i,
  input  logic [PriceW-1:0] find_start_i,
  input  logic              find_up_i,
  output logic              find_found_o,
  output logic [PriceW-1:0] find_offset_o,
  input  logic              we_i,
  input  logic [BookW-1:0]  w_book_i,
  input  logic [PriceW-1:0] w_index_i,
  input  logic              w_bit_i
);
  logic [Probes*BookW-1:0]  probe_book;
  logic [Probes*PriceW-1:0] probe_index;
  logic [Probes-1:0]        probe_bit;
  for (genvar p = 0; p < Probes; p++) begin : g_probe_at
    assign probe_book[p * BookW +: BookW]    = BookW'(p / NumLevels);
    assign probe_index[p * PriceW +: PriceW] = PriceW'(p % NumLevels);
  end

  tm_level_map #(
    .NumBooks(NumBooks), .NumLevels(NumLevels), .FindPorts(1), .ProbePorts(Probes)
  ) u_dut (
    .clk_i, .rst_ni,
    .find_book_i, .find_rotation_i, .find_start_i, .find_up_i, .find_found_o, .find_offset_o,
    .probe_book_i(probe_book), .probe_index_i(probe_index), .probe_bit_o(probe_bit),
    .we_i, .w_book_i, .w_index_i, .w_bit_i
  );

  logic first_q = 1'b1;
  always_ff @(posedge clk_i) first_q <= 1'b0;
  always_comb begin
    if (first_q) m_reset_first: assume (!rst_ni);
    m_rotation_whole_words: assume (find_rotation_i[5:0] == '0);
  end

  // The shadow: bit p = level p % NumLevels of book p / NumLevels, as the probes are laid out.
  logic [Probes-1:0] shadow_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)   shadow_q <= '0;
    else if (we_i) shadow_q[{w_book_i, w_index_i}] <= w_bit_i;
  end

  // The finder's reference: the book's levels by offset (index = offset + rotation), scanned.
  logic [NumLevels-1:0]   book_bits, by_offset;
  logic [2*NumLevels-1:0] twice;
  assign book_bits = shadow_q[find_book_i * NumLevels +: NumLevels];
  assign twice     = {book_bits, book_bits} >> find_rotation_i;
  assign by_offset = twice[NumLevels-1:0];
  logic any_on_side, nearer_set, offset_set;
  always_comb begin
    any_on_side = 1'b0;
    nearer_set  = 1'b0;
    for (int unsigned offset = 0; offset < NumLevels; offset++) begin
      if (by_offset[offset] && (find_up_i ? offset >= find_start_i : offset <= find_start_i)) begin
        any_on_side = 1'b1;
        if (find_up_i ? offset < find_offset_o : offset > find_offset_o) nearer_set = 1'b1;
      end
    end
    offset_set = by_offset[find_offset_o];
  end

  logic [Words-1:0] summary_probe_0, summary_probe_1;
  logic [Words-1:0] shadow_summary [NumBooks];
  always_comb begin
    for (int unsigned b = 0; b < NumBooks; b++) begin
      shadow_summary[b] = '0;
      for (int unsigned w = 0; w < NumLevels / 64; w++) begin
        shadow_summary[b][w] = |shadow_q[b * NumLevels + w * 64 +: 64];
      end
    end
  end

  always_comb begin
    if (rst_ni) begin
      a_probes_read_the_map: assert (probe_bit == shadow_q);
      a_summary_0: assert (summary_probe_0 == shadow_summary[0]);
      a_summary_1: assert (summary_probe_1 == shadow_summary[1]);
      a_found_iff_any: assert (find_found_o == any_on_side);
      if (find_found_o) begin
        a_offset_set:     assert (offset_set);
        a_offset_on_side: assert (find_up_i ? find_offset_o >= find_start_i
                                            : find_offset_o <= find_start_i);
        a_offset_first:   assert (!nearer_set);
      end
    end
  end

  always_comb begin
    if (rst_ni) begin
      // A hit in a word beyond the start word, with the band rotated.
      c_found_next_word_rotated: cover (find_found_o && find_rotation_i != '0 &&
                                        find_offset_o[PriceW-1:6] != find_start_i[PriceW-1:6]);
      c_both_books_words_set: cover (shadow_summary[0] != '0 && shadow_summary[1] != '0);
    end
  end
endmodule
