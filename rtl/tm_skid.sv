// Skid buffers for the AXI4-Stream ports: each registers the ready it gives upstream, so no
// combinational path runs from one side's ready to the other side, and never drops or reorders
// a beat.
//
// Registered (RegisterOutput = 1): out_valid_o and out_data_o come straight from a register, the
// beat taken is one cycle behind in_valid_i (the event port: the core's data never reaches the
// consumer combinationally). Two registers, the output and the skid.
// Pass-through (RegisterOutput = 0): while the skid is empty a beat goes straight through, so the
// beat costs no cycle; a beat offered while out_ready_i is low is kept in the skid and in_ready_o
// drops for the next cycle (the command port: the core reads its tables from the command in the
// cycle it accepts it, as before). One register, the skid.
module tm_skid #(
  parameter int unsigned Width          = 256,
  parameter bit          RegisterOutput = 1'b1
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
  logic             skid_valid_q, ready_q;
  logic [Width-1:0] skid_data_q;
  logic             in_fire, skid_take, skid_drain;

  assign in_ready_o = ready_q;
  assign in_fire    = in_valid_i && ready_q;

  if (RegisterOutput) begin : g_registered
    logic             out_valid_q;
    logic [Width-1:0] out_data_q;
    logic             out_free;  // the output register can load this cycle
    assign out_free    = !out_valid_q || out_ready_i;
    assign skid_take   = in_fire && !out_free;
    assign skid_drain  = skid_valid_q && out_free;
    assign out_valid_o = out_valid_q;
    assign out_data_o  = out_data_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        out_valid_q <= 1'b0;
      end else if (out_free) begin
        out_valid_q <= skid_valid_q || in_fire;
      end
    end
    always_ff @(posedge clk_i) begin
      if (out_free) out_data_q <= skid_valid_q ? skid_data_q : in_data_i;
    end
  end else begin : g_pass
    assign skid_take   = in_fire && !out_ready_i;
    assign skid_drain  = skid_valid_q && out_ready_i;
    // Gated by ready_q: in the cycle after reset ready_q is still low, and a beat offered then is
    // not taken upstream, so passing it on would deliver it twice (found by rtl/formal/).
    assign out_valid_o = skid_valid_q || (in_valid_i && ready_q);
    assign out_data_o  = skid_valid_q ? skid_data_q : in_data_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      skid_valid_q <= 1'b0;
      ready_q      <= 1'b0;  // nothing is taken during reset
    end else begin
      skid_valid_q <= skid_take || (skid_valid_q && !skid_drain);
      ready_q      <= !(skid_take || (skid_valid_q && !skid_drain));
    end
  end
  always_ff @(posedge clk_i) begin
    if (skid_take) skid_data_q <= in_data_i;
  end

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // the skid only fills while empty (in_ready_o is its registered emptiness)
      a_skid_no_overwrite: assert (!(skid_take && skid_valid_q));
    end
  end
`endif
endmodule
