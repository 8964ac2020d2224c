// AXI4-Stream handshake rules on one valid/ready port, for formal tools (read with -formal, or
// `define FORMAL). AssumeSource = 1: the source is the environment, so its rules are assumed (a
// command port); 0: the source is the design, so they are asserted (an event port).
//   - once valid is high it stays high until the beat is taken (valid && ready);
//   - while valid && !ready the data (and last) do not change;
//   - nothing is offered or taken during reset.
// The checks start one cycle after reset is released: they compare with the previous cycle.
module tm_axis_rules #(
  parameter int unsigned Width        = 8,
  parameter bit          AssumeSource = 1'b0
) (
  input logic             clk_i,
  input logic             rst_ni,   // synchronous view of the design's reset (high: running)
  input logic             valid_i,
  input logic             ready_i,
  input logic [Width-1:0] data_i
);
  logic             past_running_q = 1'b0;  // rst_ni was high last cycle
  logic             past_stalled_q = 1'b0;  // valid && !ready last cycle
  logic [Width-1:0] past_data_q;

  always_ff @(posedge clk_i) begin
    past_running_q <= rst_ni;
    past_stalled_q <= rst_ni && valid_i && !ready_i;
    past_data_q    <= data_i;
  end

  logic held_ok, stable_ok;
  assign held_ok   = !(past_running_q && rst_ni && past_stalled_q) || valid_i;
  assign stable_ok = !(past_running_q && rst_ni && past_stalled_q) || data_i == past_data_q;

  if (AssumeSource) begin : g_assume
    always_comb begin
      if (!rst_ni) m_no_valid_in_reset: assume (!valid_i);
      m_valid_held:   assume (held_ok);
      m_data_stable:  assume (stable_ok);
    end
  end else begin : g_assert
    always_comb begin
      if (!rst_ni) a_no_valid_in_reset: assert (!valid_i);
      a_valid_held:   assert (held_ok);
      a_data_stable:  assert (stable_ok);
    end
  end
endmodule
