// Reset synchroniser: asserts asynchronously with rst_ni, releases on a clock edge two cycles
// after rst_ni rises, so every flip-flop of the core leaves reset in the same cycle (an
// asynchronous release close to an edge could let some leave it a cycle before others). The
// output is also gated by rst_ni itself, so it is asserted from the first instant rst_ni is,
// whatever the synchroniser's flip-flops held before their first clock edge.
module tm_reset_sync (
  input  logic clk_i,
  input  logic rst_ni,  // asynchronous, active low
  output logic rst_no   // asserted with rst_ni, released synchronously
);
  logic [1:0] sync_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) sync_q <= 2'b00;
    else         sync_q <= {sync_q[0], 1'b1};
  end
  assign rst_no = sync_q[1] && rst_ni;
endmodule
