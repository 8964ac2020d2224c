// Simulation only, never synthesised: tm_core's command and event beats decoded into named
// fields, so that a waveform shows opcodes, prices and sequence numbers instead of 256- and
// 512-bit vectors. Bound into every instance of tm_core (the `bind` at the end) by the verilated
// models' builds; it reads tm_core's ports only, so the core's internals can change freely.
// The signal names are listed again by the .gtkw writer (sim/wave_files.cpp); a test checks that
// every name it lists is in the trace.
// The decoded fields drive nothing: they are there to be looked at.
/* verilator lint_off UNUSEDSIGNAL */
module tm_wave_decode (
  input logic                          clk_i,
  input logic                          rst_ni,
  input logic                          cmd_valid_i,
  input logic                          cmd_ready_o,
  input logic [tm_pkg::CommandBits-1:0] cmd_data_i,
  input logic                          evt_valid_o,
  input logic                          evt_ready_i,
  input logic [tm_pkg::EventBits-1:0]  evt_data_o
);
  tm_pkg::command_t cmd;
  tm_pkg::event_t   evt;
  assign cmd = tm_pkg::command_t'(cmd_data_i);
  assign evt = tm_pkg::event_t'(evt_data_o);

  // The harness's cycle number (0 = the first cycle after reset release), as in the cycle log.
  logic [63:0] cycle;
  // The sequence number the presented command gets when it is taken (commands count from 1).
  logic [63:0] cmd_seq;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cycle   <= '0;
      cmd_seq <= 64'd1;
    end else begin
      cycle <= cycle + 64'd1;
      if (cmd_fire) cmd_seq <= cmd_seq + 64'd1;
    end
  end

  logic                   cmd_fire;
  tm_pkg::opcode_e        cmd_opcode;
  logic [7:0]             cmd_side;
  logic [7:0]             cmd_order_type;
  tm_pkg::tif_e           cmd_tif;
  logic [7:0]             cmd_flags;
  logic [15:0]            cmd_symbol;
  logic [31:0]            cmd_handle;
  logic [31:0]            cmd_price;
  logic [31:0]            cmd_quantity;
  logic [31:0]            cmd_account;
  assign cmd_fire       = cmd_valid_i & cmd_ready_o;
  assign cmd_opcode     = tm_pkg::opcode_e'(cmd.opcode);
  assign cmd_side       = cmd.side;
  assign cmd_order_type = cmd.order_type;
  assign cmd_tif        = tm_pkg::tif_e'(cmd.tif[1:0]);
  assign cmd_flags      = cmd.flags;
  assign cmd_symbol     = cmd.symbol;
  assign cmd_handle     = cmd.handle;
  assign cmd_price      = cmd.price;
  assign cmd_quantity   = cmd.quantity;
  assign cmd_account    = cmd.account;

  logic                        evt_fire;
  logic                        evt_last;
  tm_pkg::event_type_e         evt_type;
  tm_pkg::opcode_e             evt_cmd_opcode;
  logic [63:0]                 evt_cmd_seq;
  logic [63:0]                 evt_seq;
  logic [7:0]                  evt_side;
  logic [15:0]                 evt_symbol;
  logic [31:0]                 evt_handle;
  logic [31:0]                 evt_maker_handle;
  logic [31:0]                 evt_price;
  logic [31:0]                 evt_quantity;
  logic [31:0]                 evt_remaining;
  // The reason byte is a reject reason on Rejected, a cancel reason on Cancelled: one signal each.
  tm_pkg::reject_reason_e      evt_reject_reason;
  tm_pkg::cancel_reason_e      evt_cancel_reason;
  assign evt_fire          = evt_valid_o & evt_ready_i;
  assign evt_last          = (evt.flags & tm_pkg::EventLast) != 8'd0;
  assign evt_type          = tm_pkg::event_type_e'(evt.event_type);
  assign evt_cmd_opcode    = tm_pkg::opcode_e'(evt.cmd_opcode);
  assign evt_cmd_seq       = evt.cmd_seq;
  assign evt_seq           = evt.seq;
  assign evt_side          = evt.side;
  assign evt_symbol        = evt.symbol;
  assign evt_handle        = evt.handle;
  assign evt_maker_handle  = evt.maker_handle;
  assign evt_price         = evt.price;
  assign evt_quantity      = evt.quantity;
  assign evt_remaining     = evt.remaining;
  assign evt_reject_reason = evt_type == tm_pkg::EvRejected
                             ? tm_pkg::reject_reason_e'(evt.reason) : tm_pkg::RejNone;
  assign evt_cancel_reason = evt_type == tm_pkg::EvCancelled
                             ? tm_pkg::cancel_reason_e'(evt.reason) : tm_pkg::CxlNone;
endmodule
/* verilator lint_on UNUSEDSIGNAL */

bind tm_core tm_wave_decode wave (.*);
