# twinmatch soak, briefly: a few hundred thousand commands on each in-process core, every
# scenario in turn with the invariant checker and (sw, hls) the reference diff, and its usage
# errors. Long soaks are manual runs (tools/README.md).
include(${CMAKE_CURRENT_LIST_DIR}/../support/cli_expect.cmake)

foreach(backend sw hls ref)
  expect_exit(0 soak --backend ${backend} --commands 300000 --chunk 40000 --seed 7)
  expect_output_contains("soak: clean: 300000 commands")
  expect_output_contains("invariants held after every command")
  expect_output_contains("quiet 2, normal 2, volatile 2, adversarial 1, banded 1")
  if(NOT backend STREQUAL "ref")
    expect_output_contains("${backend} byte-identical to ref")
  endif()
endforeach()
expect_exit(0 soak --backend sw --config cpu --scenario volatile --commands 100000 --chunk 50000)
expect_output_contains("volatile 2")

expect_exit(2 soak --backend rtl)
expect_output_contains("soak runs sw, hls or ref")
expect_exit(2 soak --backend hls --config cpu)
expect_exit(2 soak --backend sw --chunk 4)
expect_exit(2 soak --backend sw --commands many)
expect_exit(2 soak --backend sw --scenario calm)
expect_exit(2 soak)
