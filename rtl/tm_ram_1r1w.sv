// One-read one-write synchronous RAM (a simple dual-port block RAM) with write-to-read
// forwarding: a read of the address written in the same cycle returns the new data. The array
// itself is plain read-first so that synthesis maps it onto block RAM; the forwarding sits in a
// small bypass register beside it. The read port holds its output while re_i is low, which is how
// the core freezes a stalled pipeline. The contents are not reset: the core clears what it needs.
module tm_ram_1r1w #(
  parameter int unsigned Depth = 256,
  parameter int unsigned Width = 32,
  localparam int unsigned AddrW = $clog2(Depth)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             re_i,
  input  logic [AddrW-1:0] raddr_i,
  output logic [Width-1:0] rdata_o,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [Width-1:0] wdata_i
);
  logic [Width-1:0] mem_q [Depth];
  logic [Width-1:0] rdata_q;

  // The write of the read's cycle, kept with the read address: the forwarding compare runs
  // after the edge, from registers and beside the array's clock-to-out, not at the end of the
  // paths that compute the addresses.
  logic [AddrW-1:0] raddr_q;
  logic             fwd_we_q;
  logic [AddrW-1:0] fwd_addr_q;
  logic [Width-1:0] fwd_data_q;

  always_ff @(posedge clk_i) begin
    if (we_i) mem_q[waddr_i] <= wdata_i;
    if (re_i) rdata_q <= mem_q[raddr_i];
  end

  always_ff @(posedge clk_i) begin
    if (re_i) begin
      raddr_q    <= raddr_i;
      fwd_addr_q <= waddr_i;
      fwd_data_q <= wdata_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)   fwd_we_q <= 1'b0;
    else if (re_i) fwd_we_q <= we_i;
  end

  assign rdata_o = (fwd_we_q && fwd_addr_q == raddr_q) ? fwd_data_q : rdata_q;
endmodule
