# Adjustments the sanitized builds (TWINMATCH_SANITIZE: make test-sanitize, make test-tsan) need
# for code that is not ours to change, each as narrow as one file. Included after every
# directory is added.
if(NOT TWINMATCH_SANITIZE)
  return()
endif()

# GCC 12 reports std::regex's std::function members as maybe-uninitialized once ASan instruments
# them (a false positive: the same file is clean in the normal build, where it stays an error).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set_property(SOURCE tests/bench/report_writer_test.cpp DIRECTORY tests/bench
               APPEND PROPERTY COMPILE_OPTIONS -Wno-error=maybe-uninitialized)
endif()

# Verilator's FST writer and trace buffer store and load unaligned words on purpose
# (scripts/sanitizers/ubsan.supp): in the traced verilated models only (the rtl backend's and the
# DMA link's SystemC one), the alignment check reports and continues, so that the suppression
# file applies (UBSAN_OPTIONS halt_on_error=1 still stops at any report it does not suppress).
if(TWINMATCH_SANITIZE MATCHES "undefined")
  target_compile_options(twinmatch_rtl_model PRIVATE -fsanitize-recover=alignment)
  target_compile_options(twinmatch_rtl_sc_model PRIVATE -fsanitize-recover=alignment)
endif()

# The sized builds of the same RTL (venue, tiny, 16 symbols, the lanes) are generated code like
# the default model, which stays instrumented with the SystemC one; compiling four more
# instrumented copies was a third of the sanitized build. The harness that drives them stays
# instrumented.
foreach(_sized_model twinmatch_rtl_venue_model twinmatch_rtl_tiny_model
                     twinmatch_rtl_sym16_model ${TWINMATCH_RTL_LANE_MODELS})
  target_compile_options(${_sized_model} PRIVATE -fno-sanitize=all)
endforeach()
