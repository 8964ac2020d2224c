// Priority encoder over a price bitmap: the first set bit at or after start_i, searching upwards
// (towards higher indices) when up_i is set and downwards otherwise. With start_i at one end this
// is the best price of a side (lowest ask, highest bid); with start_i one past the previous hit it
// walks the non-empty levels of a side in price order.
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
  logic [Width-1:0] masked;
  logic [Width-1:0] reversed;
  logic [Width-1:0] lowest_onehot;
  logic [Width-1:0] highest_onehot;

  // Keep only the bits on the searched side of start_i.
  always_comb begin
    for (int unsigned i = 0; i < Width; i++) begin
      masked[i] = bits_i[i] && (up_i ? (i >= 32'(start_i)) : (i <= 32'(start_i)));
    end
  end

  // x & -x isolates the lowest set bit with one carry chain; the bit-reversed word gives the highest.
  always_comb begin
    for (int unsigned i = 0; i < Width; i++) reversed[i] = masked[Width-1-i];
  end
  assign lowest_onehot = masked & (~masked + 1'b1);

  logic [Width-1:0] highest_reversed;
  assign highest_reversed = reversed & (~reversed + 1'b1);
  always_comb begin
    for (int unsigned i = 0; i < Width; i++) highest_onehot[i] = highest_reversed[Width-1-i];
  end

  // One-hot to index: an OR tree per index bit.
  always_comb begin
    index_o = '0;
    for (int unsigned i = 0; i < Width; i++) begin
      if (up_i ? lowest_onehot[i] : highest_onehot[i]) index_o = index_o | IndexW'(i);
    end
  end

  assign found_o = |masked;
endmodule
