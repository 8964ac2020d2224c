// Priority encoder over a price bitmap: the first set bit at or after start_i, searching upwards
// (towards higher indices) when up_i is set and downwards otherwise. With start_i at one end this
// is the best price of a side (lowest ask, highest bid); with start_i one past the previous hit it
// walks the non-empty levels of a side in price order.
//
// Written with word-wide operations (shifts, a log-depth smear and an OR tree per index bit)
// rather than per-bit loops or a carry chain: shallow logic, and fast under Verilator.
module tm_bitmap_find #(
  parameter int unsigned Width = 256,
  localparam int unsigned IndexW = $clog2(Width)
) (
  input  logic [Width-1:0]  bits_i,
  input  logic [IndexW-1:0] start_i,
  input  logic              up_i,
  output logic              found_o,
  output logic [IndexW-1:0] index_o
);
  localparam logic [Width-1:0] AllOnes = {Width{1'b1}};  // not '1: Yosys 0.23 makes that 1'b1
  localparam logic [IndexW-1:0] Top = IndexW'(Width - 1);

  // Keep only the bits on the searched side of start_i.
  logic [Width-1:0] masked;
  assign masked = bits_i & (up_i ? (AllOnes << start_i) : (AllOnes >> (Top - start_i)));

  // Smear every set bit towards the searched direction (log-depth ORs); the hit is the one set
  // bit of the smear whose neighbour against the direction is clear. No carry chain.
  logic [Width-1:0] smeared_up, smeared_down;
  always_comb begin
    smeared_up   = masked;
    smeared_down = masked;
    for (int unsigned k = 0; k < IndexW; k++) begin
      smeared_up   = smeared_up | (smeared_up << (1 << k));
      smeared_down = smeared_down | (smeared_down >> (1 << k));
    end
  end
  logic [Width-1:0] lowest_onehot, highest_onehot;
  assign lowest_onehot  = smeared_up & ~(smeared_up << 1);
  assign highest_onehot = smeared_down & ~(smeared_down >> 1);

  logic [Width-1:0] onehot;
  assign onehot = up_i ? lowest_onehot : highest_onehot;

  // One-hot to index: bit k of the index is set where the hit's position has bit k set.
  for (genvar k = 0; k < IndexW; k++) begin : g_index_bit
    logic [Width-1:0] positions;
    for (genvar i = 0; i < Width; i++) begin : g_position
      assign positions[i] = ((i >> k) % 2) == 1;
    end
    assign index_o[k] = |(onehot & positions);
  end

  assign found_o = |masked;
endmodule
