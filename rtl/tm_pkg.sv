// The twinmatch wire protocol and core configuration, mirrored from
// sw_engine/include/twinmatch/protocol.hpp and config.hpp (docs/protocol.md).
//
// SystemVerilog packs the first member of a struct into the most significant bits, so the record
// structs list their fields from the last byte to the first: flattened, byte 0 of a record is
// bits [7:0] and every multi-byte field is little-endian, exactly the C++ memory image.
package tm_pkg;

  // kHardwareConfig: the default build of the core.
  localparam int unsigned NumSymbols = 4;
  localparam int unsigned NumLevels  = 256;
  localparam int unsigned NumHandles = 4096;
  localparam int unsigned MaxQty     = 1000000;
  localparam int unsigned StopOrders = 16;  // pending stop orders per book

  // 2: the price band; 3: stop and iceberg orders. A core accepts both.
  localparam logic [7:0] ProtocolVersion       = 8'd3;
  localparam logic [7:0] OldestProtocolVersion = 8'd2;

  // A book's band base is a multiple of this many ticks (docs/matching.md, "The price band").
  localparam int unsigned BandAlign = 64;

  localparam int unsigned CommandBits = 256;
  localparam int unsigned EventBits   = 512;

  typedef enum logic [7:0] {
    OpNewOrder   = 8'd1,
    OpCancel     = 8'd2,
    OpModify     = 8'd3,
    OpMassCancel = 8'd4,
    OpSnapshot   = 8'd5,
    OpSetBand    = 8'd6
  } opcode_e;

  typedef enum logic [1:0] {
    StpNone           = 2'd0,
    StpCancelResting  = 2'd1,
    StpCancelIncoming = 2'd2,
    StpCancelBoth     = 2'd3
  } stp_e;

  typedef enum logic [1:0] {
    TifGtc = 2'd0,
    TifIoc = 2'd1,
    TifFok = 2'd2
  } tif_e;

  localparam logic [7:0] FlagPostOnly  = 8'h01;
  localparam logic [7:0] FlagByAccount = 8'h02;
  localparam logic [7:0] FlagIceberg   = 8'h04;

  // order_type: 0 limit, 1 market, 2 stop (a market order once triggered), 3 stop-limit.
  localparam logic [7:0] TypeLimit     = 8'd0;
  localparam logic [7:0] TypeMarket    = 8'd1;
  localparam logic [7:0] TypeStop      = 8'd2;
  localparam logic [7:0] TypeStopLimit = 8'd3;

  typedef enum logic [7:0] {
    EvNone           = 8'd0,
    EvAccepted       = 8'd1,
    EvFill           = 8'd2,
    EvCancelled      = 8'd3,
    EvModified       = 8'd4,
    EvRejected       = 8'd5,
    EvLevelUpdate    = 8'd6,
    EvSnapshotRow    = 8'd7,
    EvSnapshotEnd    = 8'd8,
    EvMassCancelDone = 8'd9,
    EvBandSet        = 8'd10,
    EvStopAccepted   = 8'd11,
    EvStopTriggered  = 8'd12,
    EvReplenished    = 8'd13
  } event_type_e;

  localparam logic [7:0] EventLast = 8'h01;

  typedef enum logic [7:0] {
    CxlNone              = 8'd0,
    CxlUser              = 8'd1,
    CxlImmediateOrCancel = 8'd2,
    CxlFillOrKill        = 8'd3,
    CxlMarketRemainder   = 8'd4,
    CxlMass              = 8'd5,
    CxlSelfTrade         = 8'd6,
    CxlBandMoved         = 8'd7
  } cancel_reason_e;

  typedef enum logic [7:0] {
    RejNone               = 8'd0,
    RejMalformed          = 8'd1,
    RejUnknownSymbol      = 8'd2,
    RejHandleOutOfRange   = 8'd3,
    RejHandleInUse        = 8'd4,
    RejUnknownHandle      = 8'd5,
    RejZeroQuantity       = 8'd6,
    RejQuantityTooLarge   = 8'd7,
    RejPriceOutOfRange    = 8'd8,
    RejInvalidCombination = 8'd9,
    RejPostOnlyWouldCross = 8'd10,
    RejCapacityExhausted  = 8'd11,
    RejDuplicateOrderId   = 8'd12,
    RejPriceOutsideBand   = 8'd13,
    RejStopCapacity       = 8'd14
  } reject_reason_e;

  // Command: 32 bytes, host to core (fields from byte 31 down to byte 0).
  typedef struct packed {
    logic [31:0] aux;   // byte 28
    logic [31:0] account;     // byte 24
    logic [31:0] quantity;    // byte 20
    logic [31:0] price;       // byte 16
    logic [31:0] handle;      // byte 12
    logic [15:0] depth;       // byte 10
    logic [15:0] symbol;      // byte 8
    logic [7:0]  reserved0;   // byte 7
    logic [7:0]  stp;         // byte 6
    logic [7:0]  flags;       // byte 5
    logic [7:0]  tif;         // byte 4
    logic [7:0]  order_type;  // byte 3
    logic [7:0]  side;        // byte 2
    logic [7:0]  version;     // byte 1
    logic [7:0]  opcode;      // byte 0
  } command_t;

  // Event: 64 bytes, core to host (fields from byte 63 down to byte 0). The C++ field `type` is
  // `event_type` here because `type` is a SystemVerilog keyword.
  typedef struct packed {
    logic [31:0] aux;        // byte 60
    logic [31:0] order_count;      // byte 56
    logic [63:0] level_quantity;   // byte 48
    logic [31:0] maker_remaining;  // byte 44
    logic [31:0] remaining;        // byte 40
    logic [31:0] quantity;         // byte 36
    logic [31:0] price;            // byte 32
    logic [31:0] maker_handle;     // byte 28
    logic [31:0] handle;           // byte 24
    logic [63:0] cmd_seq;          // byte 16
    logic [63:0] seq;              // byte 8
    logic [7:0]  reserved0;        // byte 7
    logic [7:0]  cmd_opcode;       // byte 6
    logic [15:0] symbol;           // byte 4
    logic [7:0]  reason;           // byte 3
    logic [7:0]  side;             // byte 2
    logic [7:0]  flags;            // byte 1
    logic [7:0]  event_type;       // byte 0
  } event_t;


  // One edit per cycle of a book's pending stops (tm_stop_table).
  typedef enum logic [1:0] {
    StopEditNone,
    StopEditAppend,  // append the order in flight's stop
    StopEditRemove,  // remove an entry, the later ones move up
    StopEditUpdate   // give an entry a new stop price
  } stop_edit_e;

  // Is a stop order on `side` (0 buy, 1 sell) with stop price `stop` triggered by a trade at
  // `last`? A buy stop at or above its stop price, a sell stop at or below.
  function automatic logic stop_triggered(input logic side, input logic [31:0] last,
                                          input logic [31:0] stop);
    stop_triggered = side ? (last <= stop) : (last >= stop);
  endfunction

  // Does a taker on `side` with limit `limit` (or a market order) accept price `p`? Prices, or
  // offsets in one band, which compare as the prices do.
  function automatic logic accepts(input logic side, input logic market,
                                   input logic [31:0] limit, input logic [31:0] p);
    accepts = market || (side ? (p >= limit) : (p <= limit));
  endfunction
endpackage
