# `twinmatch run --backend sw` streams: its peak RSS must not grow with the stream's length.
# Runs a short and a 15 times longer stream and fails if the longer one's peak RSS (from the run
# report) exceeds the shorter one's by more than a few MB; holding the stream in memory would add
# about 32 bytes per command and 64 per event, some 200 MB here.
# Run as: cmake -DTWINMATCH=path/to/twinmatch -DWORK_DIR=scratch/dir -P bounded_memory.cmake

include(${CMAKE_CURRENT_LIST_DIR}/../support/cli_expect.cmake)

set(slack_bytes 8000000)

function(peak_rss count out_var)
  expect_exit(0 gen --scenario normal --seed 5 --count ${count} -o "${dir}/${count}.cmds")
  expect_exit(0 run --backend sw --input "${dir}/${count}.cmds" --events "${dir}/${count}.evts"
              --report "${dir}/${count}.json")
  file(READ "${dir}/${count}.json" report)
  string(JSON rss GET "${report}" peak_rss_bytes)
  string(JSON events GET "${report}" events)
  message(STATUS "${count} commands, ${events} events: peak RSS ${rss} bytes")
  file(REMOVE "${dir}/${count}.cmds" "${dir}/${count}.evts")
  set(${out_var} ${rss} PARENT_SCOPE)
endfunction()

peak_rss(100000 short_rss)
peak_rss(1500000 long_rss)
math(EXPR limit "${short_rss} + ${slack_bytes}")
if(long_rss GREATER limit)
  message(FATAL_ERROR "peak RSS grew with the stream: ${short_rss} bytes for 100000 commands, "
                      "${long_rss} for 1500000 (allowed up to ${limit})")
endif()
