# Vitis HLS flow for the twinmatch matching core: C simulation, synthesis, C/RTL co-simulation
# and IP export. NOT RUN HERE: this machine has no AMD/Xilinx tools. See docs/hls.md.
#
# usage:  vitis_hls -f hls/run_hls.tcl -tclargs COMMANDS.tmc GOLDEN.tme
#   The stream files are made by `build/bin/hls_make_tb_streams DIR` (20,000 edge-of-table
#   commands with the reference model's golden events), or by the twinmatch CLI. Keep the
#   co-simulation stream short (a few thousand commands): RTL simulation is slow.
# HLS_STEPS (environment) selects steps, default "csim csynth cosim export".

set root [file normalize [file join [file dirname [info script]] ..]]
set default_dir [file join $root build tests hls tb_streams]
set commands [file join $default_dir commands.tmc]
set golden [file join $default_dir golden.tme]
if {[llength $argv] >= 2} {
  set commands [file normalize [lindex $argv 0]]
  set golden [file normalize [lindex $argv 1]]
}
set steps {csim csynth cosim export}
if {[info exists ::env(HLS_STEPS)]} { set steps $::env(HLS_STEPS) }

# The protocol header uses C++17 (inline constexpr); the core itself needs nothing newer.
set cflags "-std=c++17 -I$root/hls/include -I$root/sw_engine/include"

open_project -reset twinmatch_hls
set_top twinmatch_hls_top
add_files [file join $root hls src core.cpp] -cflags $cflags
add_files [file join $root hls src top.cpp] -cflags $cflags
add_files -tb [file join $root hls tb hls_tb.cpp] -cflags "$cflags -I$root/hls/tb"

open_solution -reset solution_artix7 -flow_target vivado
# Artix-7 (7-series): the family rtl/syn/synth.sh maps the RTL core to (Yosys synth_xilinx,
# 7-series cells; docs/rtl.md quotes Artix-7 cell delays), so HLS and RTL figures compare like
# with like. No UltraRAM in 7-series: the level table binds to block RAM (top.cpp).
set_part xc7a200tfbg676-2
# 250 MHz: the RTL core's nominal clock (docs/rtl.md).
create_clock -period 4.0 -name default
config_compile -pipeline_loops 0

if {"csim" in $steps} { csim_design -argv "$commands $golden" }
if {"csynth" in $steps} { csynth_design }
if {"cosim" in $steps} { cosim_design -argv "$commands $golden" -trace_level none }
if {"export" in $steps} { export_design -format ip_catalog -rtl verilog }
exit
