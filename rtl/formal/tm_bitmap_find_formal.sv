// Formal harness of tm_bitmap_find (combinational, so one step proves it for every input): the
// finder reports a hit exactly when a bit is set on the searched side of start_i (inclusive), and
// the index it returns is set, on that side, and the first one from start_i (the lowest such
// index searching up, the highest searching down).
module tm_bitmap_find_formal #(
  parameter int unsigned Width = 64,
  localparam int unsigned IndexW = $clog2(Width)
) (
  input  logic [Width-1:0]  bits_i,
  input  logic [IndexW-1:0] start_i,
  input  logic              up_i,
  output logic              found_o,
  output logic [IndexW-1:0] index_o
);
  tm_bitmap_find #(.Width(Width)) u_dut (.bits_i, .start_i, .up_i, .found_o, .index_o);

  // The reference: a plain scan, one index at a time.
  logic             any_on_side;
  logic             nearer_set;   // a set bit on the searched side strictly before index_o
  always_comb begin
    any_on_side = 1'b0;
    nearer_set  = 1'b0;
    for (int unsigned i = 0; i < Width; i++) begin
      if (bits_i[i] && (up_i ? i >= start_i : i <= start_i)) begin
        any_on_side = 1'b1;
        if (up_i ? i < index_o : i > index_o) nearer_set = 1'b1;
      end
    end
  end

  logic on_side;
  assign on_side = up_i ? index_o >= start_i : index_o <= start_i;

  always_comb begin
    a_found_iff_any: assert (found_o == any_on_side);
    if (found_o) begin
      a_index_set:     assert (bits_i[index_o]);
      a_index_on_side: assert (on_side);
      a_index_first:   assert (!nearer_set);
    end
    c_found_far_end: cover (found_o && index_o == (up_i ? IndexW'(Width - 1) : '0) &&
                            start_i == (up_i ? '0 : IndexW'(Width - 1)));
    c_not_found_nonzero: cover (!found_o && bits_i != '0);
  end
endmodule
