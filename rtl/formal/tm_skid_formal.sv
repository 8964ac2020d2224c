// Formal harness of tm_skid: no beat lost, duplicated or reordered, and the capacity it claims
// (two beats registered, one pass-through), against a shadow FIFO of the beats taken and not yet
// delivered. Both ports follow the AXI4-Stream rules (tm_axis_rules): assumed upstream,
// asserted downstream. Reset is held in the first cycle, free afterwards.
//
// skid_data_probe is the skid register inside the DUT, joined by prove.sh after flattening
// (`connect -set skid_data_probe u_dut.skid_data_q`, Yosys 0.23 has no bind or hierarchical
// references): with it the shadow FIFO is a complete invariant and k-induction closes.
module tm_skid_formal #(
  parameter int unsigned Width          = 4,
  parameter bit          RegisterOutput = 1'b1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             in_valid_i,
  input  logic [Width-1:0] in_data_i,
  input  logic             out_ready_i,
  output logic             in_ready_o,
  output logic             out_valid_o,
  output logic [Width-1:0] out_data_o
);
  localparam int unsigned Capacity = RegisterOutput ? 2 : 1;

  tm_skid #(.Width(Width), .RegisterOutput(RegisterOutput)) u_dut (
    .clk_i, .rst_ni, .in_valid_i, .in_ready_o, .in_data_i, .out_valid_o, .out_ready_i, .out_data_o
  );

  tm_axis_rules #(.Width(Width), .AssumeSource(1'b1)) u_in_rules (
    .clk_i, .rst_ni, .valid_i(in_valid_i), .ready_i(in_ready_o), .data_i(in_data_i)
  );
  tm_axis_rules #(.Width(Width), .AssumeSource(1'b0)) u_out_rules (
    .clk_i, .rst_ni, .valid_i(out_valid_o), .ready_i(out_ready_i), .data_i(out_data_o)
  );

  logic first_q = 1'b1;
  always_ff @(posedge clk_i) first_q <= 1'b0;
  always_comb if (first_q) m_reset_first: assume (!rst_ni);

  // The shadow FIFO: beats taken (in_valid && in_ready) and not yet delivered, oldest first.
  logic [1:0]       count_q;
  logic [Width-1:0] shadow0_q, shadow1_q;  // head, the one behind it
  logic             in_fire, out_fire;
  assign in_fire  = in_valid_i && in_ready_o;
  assign out_fire = out_valid_o && out_ready_i;

  // A beat taken while the FIFO is empty may leave in the same cycle (pass-through).
  logic [Width-1:0] head;
  assign head = (count_q == 0) ? in_data_i : shadow0_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= '0;
    end else begin
      count_q <= count_q + 2'(in_fire) - 2'(out_fire);
      if (out_fire && count_q != 0) begin
        shadow0_q <= (count_q == 2) ? shadow1_q : in_data_i;
        if (count_q == 2) shadow1_q <= in_data_i;
      end else if (in_fire) begin
        if (count_q == 0 && !out_fire) shadow0_q <= in_data_i;
        if (count_q == 1) shadow1_q <= in_data_i;
      end
    end
  end

  logic [Width-1:0] skid_data_probe;

  logic past_running_q = 1'b0;
  always_ff @(posedge clk_i) past_running_q <= rst_ni;

  always_comb begin
    if (rst_ni) begin
      // Nothing is lost or invented: something leaves only what was taken, in order.
      a_no_invention: assert (!out_fire || in_fire || count_q != 0);
      a_in_order:     assert (!out_valid_o || out_data_o == head);
      a_capacity:     assert (count_q <= Capacity);
      // Registered output: what is held is on offer, and the core is never short of a beat;
      // pass-through: a held beat is on offer, else a beat being taken is offered through.
      a_valid_iff_held: assert (out_valid_o == (count_q != 0 || (!RegisterOutput && in_fire)));
      if (past_running_q) begin
        // Ready exactly while there is room: no beat refused that could be held.
        a_ready_iff_room: assert (in_ready_o == (count_q < Capacity));
      end
      // The beat behind the head sits in the skid register.
      if (count_q == Capacity) a_skid_holds_tail: assert (skid_data_probe == (RegisterOutput ? shadow1_q : shadow0_q));
    end
  end

  always_comb begin
    if (rst_ni) begin
      c_full:          cover (count_q == Capacity);
      c_full_and_both: cover (count_q == Capacity && in_valid_i && out_fire);
    end
  end
endmodule
