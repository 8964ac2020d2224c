// A small synchronous FIFO of registers with valid/ready on both sides. It decouples the matching
// FSM from the consumer's back-pressure: the FSM stalls while the FIFO is full, so nothing is
// dropped, and the consumer sees a registered valid/data that only a pop changes.
module tm_fifo #(
  parameter int unsigned Width = 512,
  parameter int unsigned Depth = 2,
  localparam int unsigned PtrW = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             push_i,
  input  logic [Width-1:0] push_data_i,
  output logic             full_o,
  output logic             pop_valid_o,
  input  logic             pop_ready_i,
  output logic [Width-1:0] pop_data_o
);
  logic [Width-1:0]     storage_q [Depth];
  logic [PtrW-1:0]      wr_ptr_d, wr_ptr_q, rd_ptr_d, rd_ptr_q;
  logic [$clog2(Depth+1)-1:0] count_d, count_q;
  logic                 push, pop;

  assign full_o      = (count_q == ($clog2(Depth+1))'(Depth));
  assign pop_valid_o = (count_q != '0);
  assign push        = push_i && !full_o;
  assign pop         = pop_valid_o && pop_ready_i;
  assign pop_data_o  = storage_q[rd_ptr_q];

  localparam logic [PtrW-1:0] LastPtr = PtrW'(Depth - 1);

  always_comb begin
    wr_ptr_d = wr_ptr_q;
    rd_ptr_d = rd_ptr_q;
    count_d  = count_q;
    if (push) wr_ptr_d = (wr_ptr_q == LastPtr) ? '0 : wr_ptr_q + 1'b1;
    if (pop)  rd_ptr_d = (rd_ptr_q == LastPtr) ? '0 : rd_ptr_q + 1'b1;
    if (push && !pop) count_d = count_q + 1'b1;
    if (pop && !push) count_d = count_q - 1'b1;
  end

  always_ff @(posedge clk_i) begin
    if (push) storage_q[wr_ptr_q] <= push_data_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_ptr_q <= '0;
      rd_ptr_q <= '0;
      count_q  <= '0;
    end else begin
      wr_ptr_q <= wr_ptr_d;
      rd_ptr_q <= rd_ptr_d;
      count_q  <= count_d;
    end
  end

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // no push when full: the producer must stall instead (nothing is ever dropped)
      a_no_overflow: assert (!(push_i && full_o));
      // the count never exceeds the depth
      a_count_bound: assert (32'(count_q) <= Depth);
    end
  end
`endif
endmodule
