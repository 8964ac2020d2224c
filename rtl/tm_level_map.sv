// Which price levels of every book side are non-empty: one bit per level, kept as 64-bit words in
// a memory plus a summary register per book side with one bit per word (set: the word has a set
// bit). A level's bit sits at its index, the low price bits (price mod NumLevels), so word w of a
// book holds the prices whose index is in [64w, 64w + 63].
//
// A finder works in a book's band: it sees the book's words rotated by the band base's index
// (a multiple of 64, so a whole number of words), i.e. by offset = price - base, and returns the
// first non-empty offset at or after a start offset, searching up or down. It reads the word
// holding the start offset and, through the summary, the next non-empty word beyond it.
//
// The words are not reset: a word whose summary bit is clear is read as zero, and the first bit
// set in it overwrites it whole. One bit changes per cycle (its word is read and modified as the
// write arrives and stored, with its summary bit, a cycle later, see below); every read sees the
// map as it was before this cycle's write.
//
// Reads are asynchronous (one memory read per finder word and probe), so synthesis maps the
// words onto distributed RAM or registers; docs/rtl.md says what moving them to block RAM takes.
module tm_level_map #(
  parameter int unsigned NumBooks   = 8,
  parameter int unsigned NumLevels  = 256,
  parameter int unsigned FindPorts  = 2,
  parameter int unsigned ProbePorts = 1,
  localparam int unsigned BookW  = $clog2(NumBooks),
  localparam int unsigned PriceW = $clog2(NumLevels)
) (
  input  logic                            clk_i,
  input  logic                            rst_ni,
  // Finders: book, the band base's index (a multiple of 64), start offset, direction.
  input  logic [FindPorts*BookW-1:0]      find_book_i,
  input  logic [FindPorts*PriceW-1:0]     find_rotation_i,
  input  logic [FindPorts*PriceW-1:0]     find_start_i,
  input  logic [FindPorts-1:0]            find_up_i,
  output logic [FindPorts-1:0]            find_found_o,
  output logic [FindPorts*PriceW-1:0]     find_offset_o,
  // Probes: the bit of one level, by index.
  input  logic [ProbePorts*BookW-1:0]     probe_book_i,
  input  logic [ProbePorts*PriceW-1:0]    probe_index_i,
  output logic [ProbePorts-1:0]           probe_bit_o,
  // One level's bit changes (by index).
  input  logic                            we_i,
  input  logic [BookW-1:0]                w_book_i,
  input  logic [PriceW-1:0]               w_index_i,
  input  logic                            w_bit_i
);
  localparam int unsigned WordBits = 64;
  localparam int unsigned BitW     = 6;
  // At least two words per book, so that every word index has a bit (NumLevels = 64 leaves the
  // second word unused: no index reaches it).
  localparam int unsigned Words    = (NumLevels / WordBits > 1) ? NumLevels / WordBits : 2;
  localparam int unsigned WordW    = $clog2(Words);
  localparam int unsigned AddrW    = BookW + WordW;

  logic [WordBits-1:0] words_q [2 ** AddrW];
  // One register row per book (an array, not one wide vector: Verilator would rebuild a wide
  // vector from its rows by repeated concatenation on every evaluation).
  (* mem2reg *) logic [Words-1:0] summary_q [NumBooks];  // as stored
  (* mem2reg *) logic [Words-1:0] summary [NumBooks];    // as read: with the pending write

  // ------------------------------------------------------------------ the write
  // A write is registered on its way in and applied to the words and the summary a cycle later.
  // On its way in it reads its word (as the reads see it, with the pending write applied) and
  // registers the word's new value and whether it is non-empty, so the pending write is only
  // registers: the bypass into every read below is a select, not a word read and a 64-bit OR.
  // Until applied it is pending, and every read sees the words and summary with it applied, so
  // the ports behave as if it had been applied at once. Two writes to one word in consecutive
  // cycles are correct: the second reads the first's new word through the bypass.
  logic                pend_q;
  logic [BookW-1:0]    pend_book_q;
  logic [WordW-1:0]    pend_word_q;
  logic [WordBits-1:0] pend_bits_q;      // the word after the write
  logic                pend_nonempty_q;  // pend_bits_q has a set bit

  function automatic logic [WordW-1:0] word_of(input logic [PriceW-1:0] index);
    word_of = WordW'(index >> BitW);
  endfunction

  // A word as the reads see it: with the pending write applied.
  function automatic logic [WordBits-1:0] word_at(input logic [AddrW-1:0] addr);
    word_at = (pend_q && addr == {pend_book_q, pend_word_q}) ? pend_bits_q : words_q[addr];
  endfunction

  logic [WordW-1:0]    in_word;
  logic [WordBits-1:0] in_old, in_new;
  // The bit as a mask: an indexed assignment would make Yosys compute the index's negation with
  // a carry chain.
  logic [WordBits-1:0] in_bit_mask;
  assign in_word     = word_of(w_index_i);
  assign in_old      = summary[w_book_i][in_word] ? word_at({w_book_i, in_word}) : '0;
  assign in_bit_mask = WordBits'(1) << w_index_i[BitW-1:0];
  assign in_new      = w_bit_i ? (in_old | in_bit_mask) : (in_old & ~in_bit_mask);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) pend_q <= 1'b0;
    else         pend_q <= we_i;
  end
  always_ff @(posedge clk_i) begin
    if (we_i) begin
      pend_book_q     <= w_book_i;
      pend_word_q     <= in_word;
      pend_bits_q     <= in_new;
      pend_nonempty_q <= |in_new;
    end
  end

  always_ff @(posedge clk_i) begin
    if (pend_q) words_q[{pend_book_q, pend_word_q}] <= pend_bits_q;
  end

  // The pending book's summary with the write applied (its bit as a mask, as above).
  logic [Words-1:0]    pend_word_mask;
  logic [Words-1:0]    pend_summary_row;
  assign pend_word_mask   = Words'(1) << pend_word_q;
  assign pend_summary_row = pend_nonempty_q ? (summary_q[pend_book_q] | pend_word_mask)
                                            : (summary_q[pend_book_q] & ~pend_word_mask);

  for (genvar b = 0; b < NumBooks; b++) begin : g_summary
    logic [Words-1:0] row_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni)                                 row_q <= '0;
      else if (pend_q && pend_book_q == BookW'(b)) row_q <= pend_summary_row;
    end
    assign summary_q[b] = row_q;
    // What the reads see: the row with the pending write applied.
    assign summary[b] = (pend_q && pend_book_q == BookW'(b)) ? pend_summary_row : row_q;
  end

  // ------------------------------------------------------------------ finders
  for (genvar p = 0; p < FindPorts; p++) begin : g_find
    logic [BookW-1:0]    book;
    logic [WordW-1:0]    turn;        // the rotation, in words
    logic [PriceW-1:0]   start;
    logic                up;
    assign book  = find_book_i[p * BookW +: BookW];
    assign turn  = word_of(find_rotation_i[p * PriceW +: PriceW]);
    assign start = find_start_i[p * PriceW +: PriceW];
    assign up    = find_up_i[p];

    // The book's summary by word offset.
    logic [2*Words-1:0]  twice;
    logic [Words-1:0]    by_offset;
    assign twice     = {2{summary[book]}};
    assign by_offset = twice[{1'b0, turn} +: Words];

    // The start word, from the start bit on.
    logic [WordW-1:0]    start_word;
    logic [WordBits-1:0] first_bits;
    logic                first_found;
    logic [BitW-1:0]     first_bit;
    assign start_word = word_of(start);
    assign first_bits = by_offset[start_word] ? word_at({book, WordW'(start_word + turn)}) : '0;
    tm_bitmap_find #(.Width(WordBits)) u_first (
      .bits_i  (first_bits),
      .start_i (start[BitW-1:0]),
      .up_i    (up),
      .found_o (first_found),
      .index_o (first_bit)
    );

    // Else the next non-empty word beyond it, and its first bit in the search direction.
    logic [Words-1:0]    beyond;
    logic                next_found;
    logic [WordW-1:0]    next_word;
    logic [WordBits-1:0] next_bits;
    logic                next_bit_found;
    logic [BitW-1:0]     next_bit;
    assign beyond = by_offset & ~(Words'(1) << start_word);
    tm_bitmap_find #(.Width(Words)) u_next_word (
      .bits_i  (beyond),
      .start_i (start_word),
      .up_i    (up),
      .found_o (next_found),
      .index_o (next_word)
    );
    assign next_bits = word_at({book, WordW'(next_word + turn)});
    tm_bitmap_find #(.Width(WordBits)) u_next_bit (
      .bits_i  (next_bits),
      .start_i (up ? '0 : '1),
      .up_i    (up),
      .found_o (next_bit_found),
      .index_o (next_bit)
    );

    assign find_found_o[p] = first_found || next_found;
    assign find_offset_o[p * PriceW +: PriceW] =
        first_found ? PriceW'({start_word, first_bit}) : PriceW'({next_word, next_bit});

`ifndef SYNTHESIS
    // A word the summary marks non-empty has a set bit.
    always_ff @(posedge clk_i) begin
      if (rst_ni && !first_found && next_found) begin
        a_summary_word: assert (next_bit_found);
      end
    end
`else
    logic unused_next_bit_found;
    assign unused_next_bit_found = next_bit_found;
`endif
  end

  // ------------------------------------------------------------------ probes
  for (genvar p = 0; p < ProbePorts; p++) begin : g_probe
    logic [BookW-1:0]  book;
    logic [PriceW-1:0] index;
    logic [WordW-1:0]  word;
    assign book  = probe_book_i[p * BookW +: BookW];
    assign index = probe_index_i[p * PriceW +: PriceW];
    assign word  = word_of(index);
    logic [WordBits-1:0] bits;
    assign bits = word_at({book, word});
    assign probe_bit_o[p] = summary[book][word] && bits[index[BitW-1:0]];
  end
endmodule
