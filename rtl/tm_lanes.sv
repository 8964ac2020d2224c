// Symbol lanes: Lanes copies of tm_core, each owning the symbols s with s % Lanes == its index
// (as local symbol s / Lanes in a core of NumSymbols / Lanes symbols), behind one command port
// and one event port that behave exactly as a single tm_core of NumSymbols symbols: the same
// events, in the same order, with the same seq and cmd_seq (docs/rtl.md, "Symbol lanes").
//
// Dispatcher: takes one command per cycle into a register and sends it to its lane's command
// FIFO, recording the lane in the order FIFO. NewOrder, MassCancel, Snapshot and SetBand go to
// the lane of their symbol; Cancel and Modify name only a handle and go to the handle's owner,
// the lane of the last NewOrder sent there with that handle (owner table, one entry per handle);
// anything else (a symbol or handle out of range, an undefined opcode) goes to lane 0, whose core
// rejects it exactly as the single core does (every core checks in the order of matching.md).
// Invariant: a handle rests in no lane but its owner. A NewOrder whose handle is owned by another
// lane first probes the owner with a Modify of quantity 0 (rejected ZeroQuantity if the handle
// rests there, UnknownHandle if not; neither changes state): if it rests, the NewOrder goes to
// the owner, which rejects it (Malformed or HandleInUse, as the single core would); if not, it
// goes to its symbol's lane, which becomes the owner. The probe's event never leaves its lane.
//
// Merger: takes the order FIFO's oldest command and passes its events from its lane's event
// FIFO up to its last one, then the next command's, one event per cycle; it numbers seq and
// cmd_seq globally and turns a lane's local symbol back into the global one (a Rejected event
// copies the raw symbol: only translated if the dispatcher translated it).
//
// Host merge (host_merge_i high, a static mode pin): the merger stands aside and the lanes' event
// FIFOs and the order FIFO leave on ports of their own (lane_evt_*, ord_*), raw (the lane's seq,
// cmd_seq and local symbol); the host merges them as the merger does. Events then leave at up
// to Lanes per cycle, and the order FIFO no longer bounds how far the lanes run ahead.
//
// Head-of-line bound: a lane stalls when its event FIFO (EvtDepth) is full; the dispatcher stops
// when the order FIFO (OrderDepth) is full or the next command's lane has CmdDepth commands
// queued. So while the merger waits on one command, the other lanes run at most OrderDepth - 1
// commands ahead of it, and hold at most EvtDepth events each.
module tm_lanes #(
  parameter int unsigned Lanes        = 4,
  parameter int unsigned NumSymbols   = 16,
  parameter int unsigned NumLevels    = tm_pkg::NumLevels,
  parameter int unsigned NumHandles   = tm_pkg::NumHandles,
  parameter int unsigned MaxQty       = tm_pkg::MaxQty,
  parameter int unsigned CmdDepth     = 16,  // commands queued per lane
  parameter int unsigned EvtDepth     = 16,  // events buffered per lane
  parameter int unsigned OrderDepth   = 16   // commands dispatched and not yet merged
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  input  logic                          cmd_valid_i,
  output logic                          cmd_ready_o,
  input  logic [tm_pkg::CommandBits-1:0] cmd_data_i,
  output logic                          evt_valid_o,
  input  logic                          evt_ready_i,
  output logic [tm_pkg::EventBits-1:0]  evt_data_o,
  output logic                          evt_last_o,
  output logic                          idle_o,
  // Host merge: the mode, each lane's events, and per command {lane, symbol lane, translated}.
  input  logic                          host_merge_i,
  output logic [Lanes-1:0]              lane_evt_valid_o,
  input  logic [Lanes-1:0]              lane_evt_ready_i,
  output logic [Lanes*tm_pkg::EventBits-1:0] lane_evt_data_o,
  output logic                          ord_valid_o,
  input  logic                          ord_ready_i,
  output logic [2*$clog2(Lanes):0]      ord_data_o
);
  localparam int unsigned LaneW    = $clog2(Lanes);
  localparam int unsigned LaneSyms = NumSymbols / Lanes;
  localparam int unsigned HandleW  = $clog2(NumHandles);
  localparam int unsigned TagDepth = 4;  // commands a core holds (its skid and the one it runs)
  localparam int unsigned CmdW     = tm_pkg::CommandBits + 1;  // {probe, command}
  localparam int unsigned OrderW   = 2 * LaneW + 1;            // {exec lane, symbol lane, xlate}

  if (Lanes < 2 || (Lanes & (Lanes - 1)) != 0) begin : g_check_lanes
    $fatal(1, "tm_lanes: Lanes = %0d: must be a power of two, at least 2", Lanes);
  end
  if (NumSymbols < 2 * Lanes || NumSymbols > 65536 || (NumSymbols & (NumSymbols - 1)) != 0) begin
    : g_check_symbols
    $fatal(1, "tm_lanes: NumSymbols = %0d: must be a power of two, at least 2 * Lanes (%0d)",
           NumSymbols, 2 * Lanes);
  end

  logic rst_n;
  tm_reset_sync u_reset_sync (.clk_i(clk_i), .rst_ni(rst_ni), .rst_no(rst_n));

  // ------------------------------------------------------------------ dispatcher
  logic              in_valid_q;
  tm_pkg::command_t  in_q;
  logic              in_take;  // in_q leaves for a lane this cycle

  assign cmd_ready_o = init_done && (!in_valid_q || in_take);

  always_ff @(posedge clk_i or negedge rst_n) begin
    if (!rst_n) in_valid_q <= 1'b0;
    else if (cmd_ready_o) in_valid_q <= cmd_valid_i;
  end
  always_ff @(posedge clk_i) begin
    if (cmd_valid_i && cmd_ready_o) in_q <= cmd_data_i;
  end

  // The owner lane of every handle, h % Lanes after reset (by a sweep, one handle per cycle, as
  // long as the cores' own init sweeps): a host that gives symbol s only handles h with
  // h % Lanes == s % Lanes never moves a handle between lanes. Correctness does not depend on
  // it: while nothing rests the invariant holds whatever the table says.
  logic [LaneW-1:0]  owner_q [NumHandles];
  logic              owner_we;
  logic [HandleW:0]  init_q;     // the next handle to set; done at NumHandles
  logic              init_done;
  assign init_done = init_q[HandleW];
  always_ff @(posedge clk_i or negedge rst_n) begin
    if (!rst_n) init_q <= '0;
    else if (!init_done) init_q <= init_q + 1'b1;
  end

  logic              by_symbol, by_handle, in_new_order, sym_ok, handle_ok;
  logic [LaneW-1:0]  sym_lane, owner;
  logic              migrate;
  assign in_new_order = (in_q.opcode == tm_pkg::OpNewOrder);
  assign sym_ok    = (17'(in_q.symbol) < 17'(NumSymbols));
  assign handle_ok = (33'(in_q.handle) < 33'(NumHandles));
  assign by_symbol = sym_ok && (in_new_order || in_q.opcode == tm_pkg::OpMassCancel ||
                                in_q.opcode == tm_pkg::OpSnapshot ||
                                in_q.opcode == tm_pkg::OpSetBand);
  assign by_handle = handle_ok && (in_q.opcode == tm_pkg::OpCancel ||
                                   in_q.opcode == tm_pkg::OpModify);
  assign sym_lane  = in_q.symbol[LaneW-1:0];
  assign owner     = owner_q[in_q.handle[HandleW-1:0]];
  assign migrate   = in_new_order && sym_ok && handle_ok && owner != sym_lane;

  // The probe of a migrating NewOrder: sent (waiting for its answer), answered.
  logic              probe_sent_q, probe_done_q, probe_rests_q;
  logic              probe_answer;       // some lane answers this cycle
  logic              probe_answer_rests;
  logic              probe_send;

  logic [LaneW-1:0]  exec_lane;
  tm_pkg::command_t  lane_cmd;
  logic              lane_probe;
  logic              order_ready;
  logic [Lanes-1:0]  cmdq_ready;
  logic              send;  // a command or probe enters lane exec_lane's queue this cycle

  always_comb begin
    lane_cmd   = in_q;
    lane_probe = 1'b0;
    exec_lane  = '0;
    if (migrate && !probe_done_q) begin
      exec_lane        = owner;
      lane_probe       = 1'b1;
      lane_cmd         = '0;
      lane_cmd.opcode  = tm_pkg::OpModify;
      lane_cmd.version = tm_pkg::ProtocolVersion;
      lane_cmd.handle  = in_q.handle;
    end else if (by_symbol) begin
      exec_lane       = (migrate && probe_rests_q) ? owner : sym_lane;
      lane_cmd.symbol = in_q.symbol >> LaneW;
    end else if (by_handle) begin
      exec_lane = owner;
    end
  end

  assign probe_send = in_valid_q && migrate && !probe_done_q && !probe_sent_q &&
                      cmdq_ready[exec_lane];
  assign in_take    = in_valid_q && !(migrate && !probe_done_q) && order_ready &&
                      cmdq_ready[exec_lane];
  assign send       = probe_send || in_take;
  assign owner_we   = in_take && migrate && !probe_rests_q;

  always_ff @(posedge clk_i) begin
    if (!init_done) owner_q[init_q[HandleW-1:0]] <= LaneW'(init_q);
    else if (owner_we) owner_q[in_q.handle[HandleW-1:0]] <= sym_lane;
  end

  always_ff @(posedge clk_i or negedge rst_n) begin
    if (!rst_n) begin
      probe_sent_q  <= 1'b0;
      probe_done_q  <= 1'b0;
      probe_rests_q <= 1'b0;
    end else begin
      if (probe_send) probe_sent_q <= 1'b1;
      if (probe_answer) begin
        probe_sent_q  <= 1'b0;
        probe_done_q  <= 1'b1;
        probe_rests_q <= probe_answer_rests;
      end
      if (in_take) probe_done_q <= 1'b0;
    end
  end

  // ------------------------------------------------------------------ order FIFO
  logic              order_valid;
  logic              order_pop;
  logic [OrderW-1:0] order_head;
  logic [LaneW-1:0]  head_lane, head_xlane;
  logic              head_xlate;

  tm_fifo #(.Width(OrderW), .Depth(OrderDepth)) u_order_fifo (
    .clk_i       (clk_i),
    .rst_ni      (rst_n),
    .in_valid_i  (in_take),
    .in_ready_o  (order_ready),
    .in_data_i   ({exec_lane, by_symbol ? sym_lane : exec_lane, by_symbol}),
    .out_valid_o (order_valid),
    .out_ready_i (order_pop),
    .out_data_o  (order_head)
  );
  assign {head_lane, head_xlane, head_xlate} = order_head;

  // ------------------------------------------------------------------ lanes
  logic [Lanes-1:0]                     evtq_valid, evtq_pop, lane_idle, lane_empty;
  logic [Lanes*tm_pkg::EventBits-1:0]  evtq_data;  // lane l at [l*EventBits +: EventBits]
  logic [Lanes-1:0]                     answer_valid, answer_rests;

  for (genvar l = 0; l < Lanes; l++) begin : g_lane
    logic              cq_valid, cq_ready;
    logic [CmdW-1:0]   cq_data;
    logic              core_cmd_valid, core_cmd_ready;
    logic              core_evt_valid, core_evt_ready, core_evt_last, core_idle;
    logic [tm_pkg::EventBits-1:0] core_evt_data;
    logic              tag_probe, tag_valid;
    logic              tag_room;
    logic              evtq_in_ready;

    tm_fifo #(.Width(CmdW), .Depth(CmdDepth)) u_cmd_fifo (
      .clk_i       (clk_i),
      .rst_ni      (rst_n),
      .in_valid_i  (send && exec_lane == LaneW'(l)),
      .in_ready_o  (cmdq_ready[l]),
      .in_data_i   ({lane_probe, lane_cmd}),
      .out_valid_o (cq_valid),
      .out_ready_i (cq_ready),
      .out_data_o  (cq_data)
    );

    // Whether each command the core holds is a probe, oldest first.
    assign core_cmd_valid = cq_valid && tag_room;
    assign cq_ready       = core_cmd_ready && tag_room;

    tm_fifo #(.Width(1), .Depth(TagDepth)) u_tag_fifo (
      .clk_i       (clk_i),
      .rst_ni      (rst_n),
      .in_valid_i  (core_cmd_valid && core_cmd_ready),
      .in_ready_o  (tag_room),
      .in_data_i   (cq_data[CmdW-1]),
      .out_valid_o (tag_valid),
      .out_ready_i (core_evt_valid && core_evt_ready && core_evt_last),
      .out_data_o  (tag_probe)
    );

    tm_core #(
      .NumSymbols (LaneSyms),
      .NumLevels  (NumLevels),
      .NumHandles (NumHandles),
      .MaxQty     (MaxQty)
    ) u_core (
      .clk_i       (clk_i),
      .rst_ni      (rst_ni),
      .cmd_valid_i (core_cmd_valid),
      .cmd_ready_o (core_cmd_ready),
      .cmd_data_i  (cq_data[tm_pkg::CommandBits-1:0]),
      .evt_valid_o (core_evt_valid),
      .evt_ready_i (core_evt_ready),
      .evt_data_o  (core_evt_data),
      .evt_last_o  (core_evt_last),
      .idle_o      (core_idle)
    );

    // A probe's one event is its answer; every other event goes to the lane's event FIFO.
    assign core_evt_ready   = (tag_valid && tag_probe) || evtq_in_ready;
    assign answer_valid[l]  = core_evt_valid && tag_valid && tag_probe;
    assign answer_rests[l]  = (core_evt_data[31:24] == tm_pkg::RejZeroQuantity);  // reason

    tm_fifo #(.Width(tm_pkg::EventBits), .Depth(EvtDepth)) u_evt_fifo (
      .clk_i       (clk_i),
      .rst_ni      (rst_n),
      .in_valid_i  (core_evt_valid && !(tag_valid && tag_probe)),
      .in_ready_o  (evtq_in_ready),
      .in_data_i   (core_evt_data),
      .out_valid_o (evtq_valid[l]),
      .out_ready_i (evtq_pop[l]),
      .out_data_o  (evtq_data[l*tm_pkg::EventBits +: tm_pkg::EventBits])
    );

    assign lane_idle[l]  = core_idle;
    assign lane_empty[l] = !cq_valid && !tag_valid && !evtq_valid[l];
  end

  assign probe_answer       = |answer_valid;
  assign probe_answer_rests = |(answer_valid & answer_rests);

  // ------------------------------------------------------------------ merger
  logic              out_valid_q;
  tm_pkg::event_t    out_q;
  logic              out_free, take, take_last;
  logic [63:0]       evt_seq_q, cmd_seq_q;
  tm_pkg::event_t    head_evt, merged;

  assign head_evt  = evtq_data[32'(head_lane)*tm_pkg::EventBits +: tm_pkg::EventBits];
  assign out_free  = !out_valid_q || evt_ready_i;
  assign take      = !host_merge_i && order_valid && evtq_valid[head_lane] && out_free;
  assign take_last = take && head_evt.flags[0];
  assign order_pop = host_merge_i ? ord_ready_i && order_valid : take_last;
  for (genvar l = 0; l < Lanes; l++) begin : g_pop
    assign evtq_pop[l] = host_merge_i ? lane_evt_ready_i[l] && evtq_valid[l]
                                      : take && head_lane == LaneW'(l);
  end
  assign lane_evt_valid_o = host_merge_i ? evtq_valid : '0;
  assign lane_evt_data_o  = evtq_data;
  assign ord_valid_o      = host_merge_i && order_valid;
  assign ord_data_o       = order_head;

  always_comb begin
    merged         = head_evt;
    merged.seq     = evt_seq_q;
    merged.cmd_seq = cmd_seq_q;
    if (head_evt.event_type != tm_pkg::EvRejected || head_xlate) begin
      merged.symbol = {head_evt.symbol[15-LaneW:0], head_xlane};
    end
  end

  always_ff @(posedge clk_i or negedge rst_n) begin
    if (!rst_n) begin
      out_valid_q <= 1'b0;
      evt_seq_q   <= 64'd1;
      cmd_seq_q   <= 64'd1;
    end else begin
      if (out_free) out_valid_q <= take;
      if (take) evt_seq_q <= evt_seq_q + 64'd1;
      if (take_last) cmd_seq_q <= cmd_seq_q + 64'd1;
    end
  end
  always_ff @(posedge clk_i) begin
    if (take) out_q <= merged;
  end

  assign evt_valid_o = out_valid_q;
  assign evt_data_o  = out_q;
  assign evt_last_o  = out_q.flags[0];
  assign idle_o      = init_done && (&lane_idle) && (&lane_empty) && !in_valid_q && !order_valid &&
                       !out_valid_q && !probe_sent_q;

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (rst_n) begin
      a_one_answer: assert ($onehot0(answer_valid));
      a_answer_expected: assert (!probe_answer || probe_sent_q);
    end
  end
`endif
endmodule
