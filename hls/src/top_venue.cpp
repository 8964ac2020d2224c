// The venue-sized synthesis top (hlscore::kVenueConfig: 256 symbols, a 4,096-tick band, 65,536
// orders, 64 pending stops per symbol): the same core as twinmatch_hls_top, with storage for
// tables a hundred times larger. Design intent, not synthesized here; docs/hls.md ("The venue
// size") gives the sizes and the reasoning. Its 254 Mbit level table fits no 7-series part, so
// unlike the small top (on the RTL flow's 7-series family) it is meant for UltraScale+ and binds
// to UltraRAM.
#include "twinmatch/hls/core.hpp"

void twinmatch_hls_venue_top(bool clear, hls::stream<twinmatch::Command>& commands,
                             hls::stream<twinmatch::hlscore::EventBeat>& events) {
#pragma HLS INTERFACE mode = ap_none port = clear
#pragma HLS INTERFACE mode = axis port = commands
#pragma HLS INTERFACE mode = axis port = events
#pragma HLS INTERFACE mode = ap_ctrl_none port = return

  static twinmatch::hlscore::VenueCoreState core;
#pragma HLS DISAGGREGATE variable = core
  // Order table: 65,536 deep, UltraRAM (16 blocks of 4K deep per column of 72 bits).
#pragma HLS BIND_STORAGE variable = core.info type = ram_2p impl = uram
#pragma HLS BIND_STORAGE variable = core.open type = ram_2p impl = uram
#pragma HLS BIND_STORAGE variable = core.hidden type = ram_2p impl = uram
#pragma HLS BIND_STORAGE variable = core.next_link type = ram_t2p impl = bram
#pragma HLS BIND_STORAGE variable = core.prev_link type = ram_2p impl = bram
#pragma HLS BIND_STORAGE variable = core.resting type = ram_2p impl = bram
#pragma HLS BIND_STORAGE variable = core.pending type = ram_2p impl = bram
  // Level table: 2,097,152 entries (512 books x 4,096 slots) of 121 bits, UltraRAM: the icebergs'
  // hidden total fits the second 72-bit column the 85-bit word already took.
#pragma HLS BIND_STORAGE variable = core.levels type = ram_2p impl = uram
  // Bitmaps: too large for registers (2 Mbit). One 512 x 64 memory per leaf-word index, all read
  // at the same book address, so a book's 4,096 bits arrive together after one read and the
  // search is the same priority-encode logic as in the small core.
#pragma HLS ARRAY_PARTITION variable = core.leaf type = complete dim = 2
#pragma HLS BIND_STORAGE variable = core.leaf type = ram_2p impl = bram
#pragma HLS BIND_STORAGE variable = core.summary type = ram_2p impl = lutram
#pragma HLS BIND_STORAGE variable = core.band_base type = ram_2p impl = lutram
  // Stop tables: 256 symbols x 64 entries of 52 bits. One 256 x 52 memory per entry index (a
  // RAMB36 in 512 x 72 mode each), all read at the symbol's address, so a symbol's 64 entries
  // arrive together: the trigger scan is 64 parallel compares and a priority encoder, a removal
  // one write per memory.
#pragma HLS ARRAY_PARTITION variable = core.stops type = complete dim = 2
#pragma HLS BIND_STORAGE variable = core.stops type = ram_2p impl = bram
#pragma HLS BIND_STORAGE variable = core.stop_count type = ram_2p impl = lutram
#pragma HLS BIND_STORAGE variable = core.last_trade_price type = ram_2p impl = lutram
#pragma HLS BIND_STORAGE variable = core.traded type = ram_2p impl = lutram

  // Start of day: a static has no reset, so `clear` re-initialises it (and reads no command).
  if (clear) {
    twinmatch::hlscore::clear_state(core);
    return;
  }
  twinmatch::hlscore::process_command(core, commands.read(), events);
}
