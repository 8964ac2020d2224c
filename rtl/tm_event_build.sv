// The event record (tm_pkg::event_t) of tm_core's FSM, built in one place, and its sequence
// number.
//
// The FSM's states describe an event in one of two compact forms: an order event (Accepted,
// Fill, Cancelled, Modified, Replenished, StopAccepted, StopTriggered) with its extra fields, or
// a level event (LevelUpdate, SnapshotRow). The few others (Rejected, SnapshotEnd,
// MassCancelDone, BandSet) come written in full. Every event gets the next event sequence
// number, the command's sequence number and opcode, and the last-event flag.
module tm_event_build #(
  parameter int unsigned SymW    = 2,
  parameter int unsigned HandleW = 12,
  parameter int unsigned QtyW    = 20,
  parameter int unsigned LvlQtyW = 32,
  parameter int unsigned CountW  = 13,
  // The widths of the compact forms ($bits of a user type is beyond Yosys 0.23).
  localparam int unsigned OrderEvW = 8 + 1 + SymW + HandleW + 32 + QtyW,
  localparam int unsigned LevelEvW = 8 + 1 + SymW + 32 + LvlQtyW + CountW
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  input  logic                          adv_i,         // the core advances (the event is taken)
  // An event written in full (its sequence fields and flags are set here).
  input  logic                          full_valid_i,
  input  logic [tm_pkg::EventBits-1:0]  full_i,
  // An order event: {type, side, symbol, handle, price, quantity} and its extra fields.
  input  logic                          order_valid_i,
  input  logic [OrderEvW-1:0]           order_i,
  input  logic [7:0]                    reason_i,
  input  logic [QtyW-1:0]               remaining_i,
  input  logic [HandleW-1:0]            maker_i,
  input  logic [QtyW-1:0]               maker_remaining_i,
  input  logic [31:0]                   aux_i,
  // A level event: {type, side, symbol, price, total, count}.
  input  logic                          level_valid_i,
  input  logic [LevelEvW-1:0]           level_i,
  // The command the event belongs to, and whether it is its last event.
  input  logic [63:0]                   cmd_seq_i,
  input  logic [7:0]                    cmd_opcode_i,
  input  logic                          last_i,
  output logic                          valid_o,
  output logic [tm_pkg::EventBits-1:0]  event_o
);
  typedef struct packed {
    logic [7:0]          event_type;
    logic                side;
    logic [SymW-1:0]     symbol;
    logic [HandleW-1:0]  handle;
    logic [31:0]         price;
    logic [QtyW-1:0]     qty;
  } order_ev_t;

  typedef struct packed {
    logic [7:0]          event_type;
    logic                side;
    logic [SymW-1:0]     symbol;
    logic [31:0]         price;
    logic [LvlQtyW-1:0]  total;
    logic [CountW-1:0]   count;
  } level_ev_t;

  order_ev_t            order_ev;
  level_ev_t            level_ev;
  tm_pkg::event_t       ev;
  logic [63:0]          evt_seq_q;
  assign order_ev = order_i;
  assign level_ev = level_i;

  assign valid_o = full_valid_i || order_valid_i || level_valid_i;

  always_comb begin
    ev = full_i;
    if (order_valid_i) begin
      ev                 = '0;
      ev.event_type      = order_ev.event_type;
      ev.side            = 8'(order_ev.side);
      ev.symbol          = 16'(order_ev.symbol);
      ev.handle          = 32'(order_ev.handle);
      ev.price           = order_ev.price;
      ev.quantity        = 32'(order_ev.qty);
      ev.reason          = reason_i;
      ev.remaining       = 32'(remaining_i);
      ev.maker_handle    = 32'(maker_i);
      ev.maker_remaining = 32'(maker_remaining_i);
      ev.aux             = aux_i;
    end
    if (level_valid_i) begin
      ev                = '0;
      ev.event_type     = level_ev.event_type;
      ev.side           = 8'(level_ev.side);
      ev.symbol         = 16'(level_ev.symbol);
      ev.price          = level_ev.price;
      ev.level_quantity = 64'(level_ev.total);
      ev.order_count    = 32'(level_ev.count);
    end

    ev.seq        = evt_seq_q;
    ev.cmd_seq    = cmd_seq_i;
    ev.cmd_opcode = cmd_opcode_i;
    ev.flags      = last_i ? tm_pkg::EventLast : 8'd0;  // the last event of a command
  end
  assign event_o = ev;

  // Events count from 1.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)                evt_seq_q <= 64'd1;
    else if (adv_i && valid_o)  evt_seq_q <= evt_seq_q + 64'd1;
  end
endmodule
