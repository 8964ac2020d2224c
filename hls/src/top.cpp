// The synthesis top: AXI4-Stream command words in, event words out, free-running.
// The core state is one static instance; its tables bind to on-chip memories as docs/hls.md
// explains. The FPGA's configuration zeroes them (the empty core); a static has no reset, so the
// `clear` input re-initialises them at start of day.
#include "twinmatch/hls/core.hpp"

void twinmatch_hls_top(bool clear, hls::stream<twinmatch::Command>& commands,
                       hls::stream<twinmatch::hlscore::EventBeat>& events) {
#pragma HLS INTERFACE mode = ap_none port = clear
#pragma HLS INTERFACE mode = axis port = commands
#pragma HLS INTERFACE mode = axis port = events
#pragma HLS INTERFACE mode = ap_ctrl_none port = return

  static twinmatch::hlscore::CoreState core;
#pragma HLS DISAGGREGATE variable = core
  // Order table: 4096 deep, block RAM. The sweep and the cancel walk chase `next_link` (the next
  // order's address is this order's link), so the tables that chase reads, and the ones read at
  // the chased address, keep a 1-cycle read: what those loops need for II=1 (by analysis).
#pragma HLS BIND_STORAGE variable = core.info type = ram_2p impl = bram latency = 1
#pragma HLS BIND_STORAGE variable = core.open type = ram_2p impl = bram latency = 1
#pragma HLS BIND_STORAGE variable = core.hidden type = ram_2p impl = bram latency = 1
#pragma HLS BIND_STORAGE variable = core.next_link type = ram_t2p impl = bram latency = 1
#pragma HLS BIND_STORAGE variable = core.prev_link type = ram_2p impl = bram
#pragma HLS BIND_STORAGE variable = core.resting type = ram_2p impl = lutram
#pragma HLS BIND_STORAGE variable = core.pending type = ram_2p impl = lutram
  // Level table: 2048 words of 101 bits (69 before the icebergs' hidden total), block RAM
  // (7-series has no UltraRAM): two columns of four 512 x 72 BRAM36 in simple dual-port mode.
#pragma HLS BIND_STORAGE variable = core.levels type = ram_2p impl = bram
  // Bitmaps: registers, so a best-price search is one combinational priority encode.
#pragma HLS ARRAY_PARTITION variable = core.leaf type = complete dim = 0
#pragma HLS ARRAY_PARTITION variable = core.summary type = complete dim = 0
  // Band bases: 4 words of registers, read at the start of every command of their symbol.
#pragma HLS ARRAY_PARTITION variable = core.band_base type = complete dim = 0
  // Stop tables: 4 symbols x 16 entries of 48 bits in registers, so a symbol's 16 entries are read
  // at once: the trigger scan is 16 parallel compares and a priority encoder, a removal one
  // parallel shift. The counts and last trade prices are per-symbol registers beside them.
#pragma HLS ARRAY_PARTITION variable = core.stops type = complete dim = 0
#pragma HLS ARRAY_PARTITION variable = core.stop_count type = complete dim = 0
#pragma HLS ARRAY_PARTITION variable = core.last_trade_price type = complete dim = 0
#pragma HLS ARRAY_PARTITION variable = core.traded type = complete dim = 0

  // Start of day: a static has no reset, so `clear` re-initialises it (and reads no command).
  if (clear) {
    twinmatch::hlscore::clear_state(core);
    return;
  }
  twinmatch::hlscore::process_command(core, commands.read(), events);
}
