# `twinmatch run --backend BACKEND` streams: its peak RSS must not grow with the stream's length.
# Runs a short and a longer stream and fails if the longer one's peak RSS (from the run report)
# exceeds the shorter one's by more than a few MB; holding the stream in memory would add about
# 32 bytes per command and 64 per event (some 300 bytes a command with the vectors' growth).
# The short stream is longer than one read chunk (65,536 commands), so that both runs fill the
# same fixed buffers.
# Run as: cmake -DTWINMATCH=path/to/twinmatch -DWORK_DIR=scratch/dir -DBACKEND=sw
#               -DSHORT_COUNT=100000 -DLONG_COUNT=1500000 [-DLINK=dma] -P bounded_memory.cmake

include(${CMAKE_CURRENT_LIST_DIR}/../support/cli_expect.cmake)

set(slack_bytes 8000000)
set(link_options)
if(DEFINED LINK)
  set(link_options --link ${LINK})
endif()

function(peak_rss count out_var)
  expect_exit(0 gen --scenario normal --seed 5 --count ${count} -o "${dir}/${count}.cmds")
  expect_exit(0 run --backend ${BACKEND} ${link_options} --input "${dir}/${count}.cmds" --events "${dir}/${count}.evts"
              --report "${dir}/${count}.json")
  file(READ "${dir}/${count}.json" report)
  string(JSON rss GET "${report}" peak_rss_bytes)
  string(JSON events GET "${report}" events)
  message(STATUS "${count} commands, ${events} events: peak RSS ${rss} bytes")
  file(REMOVE "${dir}/${count}.cmds" "${dir}/${count}.evts")
  set(${out_var} ${rss} PARENT_SCOPE)
endfunction()

peak_rss(${SHORT_COUNT} short_rss)
peak_rss(${LONG_COUNT} long_rss)
math(EXPR limit "${short_rss} + ${slack_bytes}")
if(long_rss GREATER limit)
  string(JOIN " " run_options --backend ${BACKEND} ${link_options})
  message(FATAL_ERROR "${run_options}: peak RSS grew with the stream: ${short_rss} bytes for "
                      "${SHORT_COUNT} commands, ${long_rss} for ${LONG_COUNT} (allowed up to "
                      "${limit})")
endif()
