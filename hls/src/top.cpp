// The synthesis top: AXI4-Stream command words in, event words out, free-running.
// The core state is one static instance; its tables bind to on-chip memories as docs/hls.md
// explains (the FPGA's configuration zeroes them, which is the empty core).
#include "twinmatch/hls/core.hpp"

void twinmatch_hls_top(hls::stream<twinmatch::Command>& commands,
                       hls::stream<twinmatch::Event>& events) {
#pragma HLS INTERFACE mode = axis port = commands
#pragma HLS INTERFACE mode = axis port = events
#pragma HLS INTERFACE mode = ap_ctrl_none port = return

  static twinmatch::hlscore::CoreState core;
#pragma HLS DISAGGREGATE variable = core
  // Order table: 4096 deep. Written on rest/fill/unlink, read by the sweep's pointer chase.
#pragma HLS BIND_STORAGE variable = core.info type = ram_2p impl = bram
#pragma HLS BIND_STORAGE variable = core.open type = ram_2p impl = bram
#pragma HLS BIND_STORAGE variable = core.next_link type = ram_t2p impl = bram
#pragma HLS BIND_STORAGE variable = core.prev_link type = ram_2p impl = bram
#pragma HLS BIND_STORAGE variable = core.resting type = ram_2p impl = lutram
  // Level table: 2048 entries of 72 bits, one UltraRAM block.
#pragma HLS BIND_STORAGE variable = core.levels type = ram_2p impl = uram
  // Bitmaps: registers, so a best-price search is one combinational priority encode.
#pragma HLS ARRAY_PARTITION variable = core.leaf type = complete dim = 0
#pragma HLS ARRAY_PARTITION variable = core.summary type = complete dim = 0
  // Band bases: 4 words of registers, read at the start of every command of their symbol.
#pragma HLS ARRAY_PARTITION variable = core.band_base type = complete dim = 0

  twinmatch::hlscore::process_command(core, commands.read(), events);
}
