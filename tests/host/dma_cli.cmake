# The DMA link through the CLI: run --link dma is byte-identical to ref, reports simulated
# latency, refuses bad link options, and loadcurve writes its CSV.
# Run as: cmake -DTWINMATCH=path/to/twinmatch -DWORK_DIR=scratch/dir -P dma_cli.cmake

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(dir "${WORK_DIR}")

# Runs twinmatch and fails unless it exits with `code`; leaves stdout+stderr in `output`.
function(twinmatch_exits code)
  execute_process(COMMAND "${TWINMATCH}" ${ARGN}
                  RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT "${result}" STREQUAL "${code}")
    message(FATAL_ERROR "twinmatch ${ARGN}: exit '${result}', expected ${code}\n${out}${err}")
  endif()
  set(output "${out}${err}" PARENT_SCOPE)
endfunction()

function(output_has text)
  string(FIND "${output}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected the output to contain '${text}', it was:\n${output}")
  endif()
endfunction()

twinmatch_exits(0 gen --scenario adversarial --seed 5 --count 3000 -o "${dir}/a.cmds")
twinmatch_exits(0 run --backend ref --input "${dir}/a.cmds" --events "${dir}/ref.evts")
twinmatch_exits(0 run --backend ref --link dma --input "${dir}/a.cmds" --events "${dir}/dma.evts"
                --report "${dir}/dma.json" --opt sq_entries=4 --opt cq_entries=2)
output_has("ref+dma: 3000 commands")
twinmatch_exits(0 diff "${dir}/ref.evts" "${dir}/dma.evts")
output_has("identical:")
file(READ "${dir}/dma.json" report)
string(JSON backend GET "${report}" backend)
string(JSON p99 GET "${report}" metrics latency_p99_ns)
string(JSON entries GET "${report}" metrics model_completion_ring_entries)
if(NOT backend STREQUAL "ref+dma" OR NOT p99 GREATER 0 OR NOT entries EQUAL 2)
  message(FATAL_ERROR "unexpected report:\n${report}")
endif()

# Every core behind the link gives the same bytes.
foreach(core sw hls rtl)
  twinmatch_exits(0 run --backend ${core} --link dma --input "${dir}/a.cmds"
                  --events "${dir}/${core}.evts")
  output_has("${core}+dma: 3000 commands")
  twinmatch_exits(0 diff "${dir}/ref.evts" "${dir}/${core}.evts")
endforeach()

# --opt link=dma is the same as --link dma.
twinmatch_exits(0 run --backend ref --opt link=dma --input "${dir}/a.cmds"
                --events "${dir}/dma2.evts")
twinmatch_exits(0 diff "${dir}/ref.evts" "${dir}/dma2.evts")

twinmatch_exits(2 run --backend ref --link pcie --input "${dir}/a.cmds" --events "${dir}/x.evts")
output_has("unknown link 'pcie' (known: dma)")
twinmatch_exits(2 run --backend ref --link dma --opt sq_entries=3 --input "${dir}/a.cmds"
                --events "${dir}/x.evts")
output_has("submission ring entries must be a power of two")
twinmatch_exits(2 run --backend ref --link dma --opt speed=9 --input "${dir}/a.cmds"
                --events "${dir}/x.evts")
output_has("unknown DMA option 'speed'")
twinmatch_exits(2 run --backend nope --link dma --input "${dir}/a.cmds" --events "${dir}/x.evts")
output_has("no core named 'nope'")

twinmatch_exits(0 loadcurve --backend ref --link dma --count 500 -o "${dir}/curve.csv")
output_has("simulated: link 500 ns one way")
file(STRINGS "${dir}/curve.csv" rows)
list(LENGTH rows row_count)
list(GET rows 0 header)
if(NOT row_count EQUAL 14 OR NOT header MATCHES "^offered_fraction,offered_per_s,throughput_per_s")
  message(FATAL_ERROR "unexpected load curve:\n${rows}")
endif()
