# The DMA link through the CLI: run --link dma is byte-identical to ref, reports simulated
# latency, refuses bad link options, and loadcurve writes its CSV.
# Run as: cmake -DTWINMATCH=path/to/twinmatch -DWORK_DIR=scratch/dir -P dma_cli.cmake

include(${CMAKE_CURRENT_LIST_DIR}/../support/cli_expect.cmake)

expect_exit(0 gen --scenario adversarial --seed 5 --count 3000 -o "${dir}/a.cmds")
expect_exit(0 run --backend ref --input "${dir}/a.cmds" --events "${dir}/ref.evts")
expect_exit(0 run --backend ref --link dma --input "${dir}/a.cmds" --events "${dir}/dma.evts"
                --report "${dir}/dma.json" --opt sq_entries=4 --opt cq_entries=2)
expect_output_contains("ref+dma: 3000 commands")
expect_exit(0 diff "${dir}/ref.evts" "${dir}/dma.evts")
expect_output_contains("identical:")
file(READ "${dir}/dma.json" report)
string(JSON backend GET "${report}" backend)
string(JSON p99 GET "${report}" metrics latency_p99_ns)
string(JSON entries GET "${report}" metrics model_completion_ring_entries)
if(NOT backend STREQUAL "ref+dma" OR NOT p99 GREATER 0 OR NOT entries EQUAL 2)
  message(FATAL_ERROR "unexpected report:\n${report}")
endif()

# Every core behind the link gives the same bytes.
foreach(core sw hls rtl)
  expect_exit(0 run --backend ${core} --link dma --input "${dir}/a.cmds"
                  --events "${dir}/${core}.evts")
  expect_output_contains("${core}+dma: 3000 commands")
  expect_exit(0 diff "${dir}/ref.evts" "${dir}/${core}.evts")
endforeach()

# The RTL core, clocked inside the card as Verilator's SystemC model, gives the sw backend's
# bytes on every generator scenario, with random back-pressure on its event output.
foreach(scenario quiet normal volatile adversarial)
  expect_exit(0 gen --scenario ${scenario} --seed 9 --count 2000 -o "${dir}/${scenario}.cmds")
  expect_exit(0 run --backend sw --input "${dir}/${scenario}.cmds"
                  --events "${dir}/${scenario}.sw.evts")
  expect_exit(0 run --backend rtl --link dma --input "${dir}/${scenario}.cmds"
                  --events "${dir}/${scenario}.rtl.evts" --report "${dir}/${scenario}.json"
                  --opt core_stall_probability=0.2 --opt cq_entries=4)
  expect_exit(0 diff "${dir}/${scenario}.sw.evts" "${dir}/${scenario}.rtl.evts")
  expect_output_contains("identical:")
  file(READ "${dir}/${scenario}.json" report)
  string(JSON held GET "${report}" metrics core_event_wait_cycles)
  if(NOT held GREATER 0)
    message(FATAL_ERROR "no back-pressure reached the rtl core:\n${report}")
  endif()
endforeach()

# submit=pio (commands written into the card's window): the same bytes with every core; the
# report carries the computed floor, and at light load the median sits within 10% of it.
foreach(core ref rtl)
  expect_exit(0 run --backend ${core} --link dma --input "${dir}/a.cmds"
                  --events "${dir}/${core}.pio.evts" --report "${dir}/${core}.pio.json"
                  --opt submit=pio --opt offered_per_s=1e6)
  expect_exit(0 diff "${dir}/ref.evts" "${dir}/${core}.pio.evts")
  expect_output_contains("identical:")
  file(READ "${dir}/${core}.pio.json" report)
  string(JSON floor GET "${report}" metrics latency_floor_ns)
  string(JSON ratio GET "${report}" metrics latency_p50_over_floor)
  string(JSON pio GET "${report}" metrics model_submit_pio)
  if(NOT floor GREATER 1000 OR NOT ratio LESS 1.1 OR ratio LESS 1 OR NOT pio EQUAL 1)
    message(FATAL_ERROR "unexpected submit=pio report:\n${report}")
  endif()
endforeach()
# Compact events on the card-to-host wire (events=compact): the same bytes with every core, in
# both submission modes, and fewer bytes per command on the wire than full 64-byte events.
file(READ "${dir}/ref.pio.json" report)
string(JSON full_bytes GET "${report}" metrics card_to_host_wire_bytes_per_command)
foreach(core ref sw hls rtl)
  foreach(submit ring pio)
    expect_exit(0 run --backend ${core} --link dma --input "${dir}/a.cmds"
                    --events "${dir}/${core}.${submit}.compact.evts"
                    --report "${dir}/${core}.${submit}.compact.json"
                    --opt events=compact --opt submit=${submit} --opt offered_per_s=1e6)
    expect_exit(0 diff "${dir}/ref.evts" "${dir}/${core}.${submit}.compact.evts")
    expect_output_contains("identical:")
    file(READ "${dir}/${core}.${submit}.compact.json" report)
    string(JSON compact GET "${report}" metrics model_events_compact)
    string(JSON compact_bytes GET "${report}" metrics card_to_host_wire_bytes_per_command)
    if(NOT compact EQUAL 1 OR NOT compact_bytes GREATER 0)
      message(FATAL_ERROR "unexpected events=compact report:\n${report}")
    endif()
    if(submit STREQUAL "pio" AND NOT compact_bytes LESS full_bytes)
      message(FATAL_ERROR "compact events took ${compact_bytes} wire bytes a command, full "
                          "ones ${full_bytes}:\n${report}")
    endif()
  endforeach()
endforeach()
# A 2-line compact ring: records wrap around its end on nearly every write.
expect_exit(0 run --backend rtl --link dma --input "${dir}/a.cmds" --events "${dir}/wrap.evts"
                --opt events=compact --opt cq_entries=2 --opt max_payload=72)
expect_exit(0 diff "${dir}/ref.evts" "${dir}/wrap.evts")
expect_exit(2 run --backend ref --link dma --opt events=tiny --input "${dir}/a.cmds"
                --events "${dir}/x.evts")
expect_output_contains("DMA option events=tiny is neither full nor compact")

# A 4-entry window whose overflow goes the ring way: both paths interleave, the same bytes.
expect_exit(0 run --backend rtl --link dma --input "${dir}/a.cmds" --events "${dir}/mixed.evts"
                --report "${dir}/mixed.json" --opt submit=pio --opt pio_window=4
                --opt window_full=ring --opt link_stall_probability=0.1)
expect_exit(0 diff "${dir}/ref.evts" "${dir}/mixed.evts")
file(READ "${dir}/mixed.json" report)
string(JSON to_ring GET "${report}" metrics window_full_commands)
string(JSON to_window GET "${report}" metrics window_commands)
if(NOT to_ring GREATER 0 OR NOT to_window GREATER 0)
  message(FATAL_ERROR "expected both submission paths:\n${report}")
endif()
expect_exit(2 run --backend ref --link dma --opt submit=mmio --input "${dir}/a.cmds"
                --events "${dir}/x.evts")
expect_output_contains("DMA option submit=mmio is neither ring nor pio")

# --opt link=dma is the same as --link dma.
expect_exit(0 run --backend ref --opt link=dma --input "${dir}/a.cmds"
                --events "${dir}/dma2.evts")
expect_exit(0 diff "${dir}/ref.evts" "${dir}/dma2.evts")

expect_exit(2 run --backend ref --link pcie --input "${dir}/a.cmds" --events "${dir}/x.evts")
expect_output_contains("unknown link 'pcie' (known: dma)")
expect_exit(2 run --backend ref --link dma --opt sq_entries=3 --input "${dir}/a.cmds"
                --events "${dir}/x.evts")
expect_output_contains("submission ring entries must be a power of two")
expect_exit(2 run --backend ref --link dma --opt speed=9 --input "${dir}/a.cmds"
                --events "${dir}/x.evts")
expect_output_contains("unknown DMA option 'speed'")
expect_exit(2 run --backend nope --link dma --input "${dir}/a.cmds" --events "${dir}/x.evts")
expect_output_contains("no core named 'nope'")

expect_exit(0 loadcurve --backend ref --link dma --count 500 -o "${dir}/curve.csv")
expect_output_contains("simulated: link 500 ns one way")
file(STRINGS "${dir}/curve.csv" rows)
list(LENGTH rows row_count)
list(GET rows 0 header)
if(NOT row_count EQUAL 14 OR NOT header MATCHES "^offered_fraction,offered_per_s,throughput_per_s")
  message(FATAL_ERROR "unexpected load curve:\n${rows}")
endif()

expect_exit(0 loadcurve --backend ref --link dma --count 500 -o "${dir}/pio_curve.csv"
                --opt submit=pio)
expect_output_contains("submit pio (window 64)")
file(STRINGS "${dir}/pio_curve.csv" pio_rows)
list(LENGTH pio_rows pio_row_count)
list(GET pio_rows 0 pio_header)
if(NOT pio_row_count EQUAL 14 OR NOT pio_header MATCHES ",latency_floor_ns$")
  message(FATAL_ERROR "unexpected submit=pio load curve:\n${pio_rows}")
endif()

# The load curve runs the clocked RTL core too.
expect_exit(0 loadcurve --backend rtl --link dma --count 300 -o "${dir}/rtl_curve.csv")
expect_output_contains("Verilator's SystemC model")
file(STRINGS "${dir}/rtl_curve.csv" rtl_rows)
list(LENGTH rtl_rows rtl_row_count)
if(NOT rtl_row_count EQUAL 14)
  message(FATAL_ERROR "unexpected rtl load curve:\n${rtl_rows}")
endif()

# run --help names every DMA option key the link takes (the list an unknown key is refused with).
expect_exit(2 run --backend ref --link dma --opt no_such_key=1 --input "${dir}/a.cmds"
                --events "${dir}/x.evts")
string(REGEX MATCH "known: [^)]*" known "${output}")
string(REPLACE "known: " "" known "${known}")
string(REPLACE ", " ";" known "${known}")
list(LENGTH known key_count)
if(key_count LESS 20)
  message(FATAL_ERROR "expected the known DMA keys in:\n${output}")
endif()
expect_exit(0 run --help)
string(REGEX REPLACE "[ \n]+" " " run_help "${output}")
foreach(key IN LISTS known)
  string(FIND "${run_help}" "${key}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "run --help does not name the DMA option '${key}':\n${output}")
  endif()
endforeach()
