// A small first-word-fall-through FIFO in registers: out_data_o is the oldest entry whenever
// out_valid_o is high; one push and one pop per cycle. in_ready_o is its registered room only
// (a full FIFO takes nothing even in a cycle it pops), so no combinational path runs from one
// side's ready to the other side. The symbol lanes' command, event and order queues.
module tm_fifo #(
  parameter int unsigned Width = 8,
  parameter int unsigned Depth = 4  // a power of two, at least 2
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             in_valid_i,
  output logic             in_ready_o,
  input  logic [Width-1:0] in_data_i,
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [Width-1:0] out_data_o
);
  localparam int unsigned PtrW = $clog2(Depth);

  if (Depth < 2 || (Depth & (Depth - 1)) != 0) begin : g_check_depth
    $fatal(1, "tm_fifo: Depth = %0d: must be a power of two, at least 2", Depth);
  end

  logic [Width-1:0] mem_q [Depth];
  logic [PtrW-1:0]  rd_q, wr_q;
  logic [PtrW:0]    count_q;
  logic             push, pop;

  assign in_ready_o  = (count_q != (PtrW + 1)'(Depth));
  assign out_valid_o = (count_q != '0);
  assign out_data_o  = mem_q[rd_q];
  assign push = in_valid_i && in_ready_o;
  assign pop  = out_valid_o && out_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_q    <= '0;
      wr_q    <= '0;
      count_q <= '0;
    end else begin
      if (push) wr_q <= wr_q + 1'b1;
      if (pop)  rd_q <= rd_q + 1'b1;
      count_q <= count_q + (PtrW + 1)'(push) - (PtrW + 1)'(pop);
    end
  end
  always_ff @(posedge clk_i) begin
    if (push) mem_q[wr_q] <= in_data_i;
  end
endmodule
