// The engine and its C ABI as one translation unit, so that each C call inlines the engine call
// it wraps (twinmatch_submit -> MatchingEngine::submit, twinmatch_events -> events()): as two,
// the calls and argument copies between them were about 7% of the drop-in path's instructions.
#include "engine.cpp"
#include "twinmatch_c.cpp"
