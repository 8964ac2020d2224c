// Formal harness of tm_core through its ports only (the core's insides are being reworked; this
// file relies on nothing but the ports and parameters). Commands are free 256-bit beats (every
// malformed command included) that follow the AXI4-Stream rules, which are assumed; the event
// port's rules are asserted, and the core's own assertions (tm_core.sv, read without SYNTHESIS:
// levels and bitmap agree, the book is never crossed, ...) are checked along the way.
// Reset is held for the first cycle and released for good.
module tm_core_formal #(
  parameter int unsigned NumSymbols = 2,
  parameter int unsigned NumLevels  = 64,
  parameter int unsigned NumHandles = 2,
  parameter int unsigned MaxQty     = 3,
  parameter int unsigned StopOrders = 2
) (
  input  logic                           clk_i,
  input  logic                           rst_ni,
  input  logic                           cmd_valid_i,
  output logic                           cmd_ready_o,
  input  logic [tm_pkg::CommandBits-1:0] cmd_data_i,
  output logic                           evt_valid_o,
  input  logic                           evt_ready_i,
  output logic [tm_pkg::EventBits-1:0]   evt_data_o,
  output logic                           evt_last_o,
  output logic                           idle_o
);
  tm_core #(
    .NumSymbols(NumSymbols), .NumLevels(NumLevels), .NumHandles(NumHandles), .MaxQty(MaxQty),
    .StopOrders(StopOrders)
  ) u_core (
    .clk_i, .rst_ni, .cmd_valid_i, .cmd_ready_o, .cmd_data_i,
    .evt_valid_o, .evt_ready_i, .evt_data_o, .evt_last_o, .idle_o
  );

  logic first_q = 1'b1;
  always_ff @(posedge clk_i) first_q <= 1'b0;
  always_comb m_reset_first_only: assume (rst_ni == !first_q);

  tm_axis_rules #(.Width(tm_pkg::CommandBits), .AssumeSource(1'b1)) u_cmd_rules (
    .clk_i, .rst_ni, .valid_i(cmd_valid_i), .ready_i(cmd_ready_o), .data_i(cmd_data_i)
  );
  tm_axis_rules #(.Width(tm_pkg::EventBits + 1), .AssumeSource(1'b0)) u_evt_rules (
    .clk_i, .rst_ni, .valid_i(evt_valid_o), .ready_i(evt_ready_i),
    .data_i({evt_last_o, evt_data_o})
  );

  // Commands taken whose last event has not left yet.
  logic cmd_fire, last_fire;
  assign cmd_fire  = cmd_valid_i && cmd_ready_o;
  assign last_fire = evt_valid_o && evt_ready_i && evt_last_o;
  logic [3:0] open_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) open_q <= '0;
    else         open_q <= open_q + 4'(cmd_fire) - 4'(last_fire);
  end

  logic [7:0] evt_type;
  assign evt_type = evt_data_o[7:0];

  always_comb begin
    if (rst_ni) begin
      // No event without a command: every event belongs to a command taken and not finished.
      a_no_event_without_command: assert (!evt_valid_o || open_q != 0);
      a_no_cmd_taken_before_init: assert (!cmd_fire || !first_q);
      a_last_flag_is_bit_8: assert (evt_last_o == evt_data_o[8]);
      // One command at a time, but buffered at both ends: at most one taken into the command
      // skid, one being worked on, and two finished whose last events wait in the event skid.
      a_open_bounded: assert (open_q <= 4);
      // Idle: nothing taken is being worked on (finished ones' last events may still wait).
      a_idle_means_done: assert (!idle_o || open_q <= 2);
    end
  end

  // Reachable states worth seeing: cover statements for yosys-smtbmc -c, and the same conditions
  // as sticky seen_* flags, which prove.sh asks Yosys' SAT solver to set at the last step (a
  // model found: reached). Yosys' `sat` does not read cover cells.
  logic [1:0] done_q;  // commands finished, saturating
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)                          done_q <= '0;
    else if (last_fire && done_q != 2'd3) done_q <= done_q + 2'd1;
  end
  logic is_rejected, is_accepted, is_level_update, is_fill, is_backpressure, is_stop_accepted;
  assign is_rejected     = evt_valid_o && evt_type == tm_pkg::EvRejected;
  assign is_accepted     = evt_valid_o && evt_type == tm_pkg::EvAccepted;
  assign is_level_update = evt_valid_o && evt_type == tm_pkg::EvLevelUpdate;
  assign is_fill         = evt_valid_o && evt_type == tm_pkg::EvFill;
  assign is_backpressure = evt_valid_o && !evt_ready_i && !cmd_ready_o && cmd_valid_i;
  assign is_stop_accepted = evt_valid_o && evt_type == tm_pkg::EvStopAccepted;
  always_comb begin
    if (rst_ni) begin
      c_first_command_done: cover (last_fire);
      c_rejected:           cover (is_rejected);
      c_accepted:           cover (is_accepted);
      c_level_update:       cover (is_level_update);
      c_backpressure:       cover (is_backpressure);
      c_two_commands_done:  cover (done_q == 2'd2);
      c_fill:               cover (is_fill);
      c_stop_accepted:      cover (is_stop_accepted);
    end
  end
  (* keep *) logic seen_done, seen_rejected, seen_accepted, seen_level_update, seen_backpressure;
  (* keep *) logic seen_fill, seen_stop_accepted;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      {seen_done, seen_rejected, seen_accepted, seen_level_update, seen_backpressure, seen_fill,
       seen_stop_accepted} <= '0;
    end else begin
      seen_done         <= seen_done || last_fire;
      seen_rejected     <= seen_rejected || is_rejected;
      seen_accepted     <= seen_accepted || is_accepted;
      seen_level_update <= seen_level_update || is_level_update;
      seen_backpressure <= seen_backpressure || is_backpressure;
      seen_fill         <= seen_fill || is_fill;
      seen_stop_accepted <= seen_stop_accepted || is_stop_accepted;
    end
  end
endmodule
