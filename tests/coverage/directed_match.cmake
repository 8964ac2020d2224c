# cmake -P: the coverage gate's directed streams (STREAMS_DIR) give the same event bytes on the
# rtl backend, with gaps and back-pressure, as on the reference model: the bins they hit are hit
# by correct behaviour. Also checks the gate's failure path: the directed streams alone leave
# reachable bins unhit, so --fail-under 100 exits 1 and names them.
include("${SUPPORT_DIR}/cli_expect.cmake")
foreach(stream edges capacity)
  set(input "${STREAMS_DIR}/${stream}.cmds")
  expect_exit(0 run --backend ref --input "${input}" --events "${dir}/${stream}.ref.events")
  expect_exit(0 run --backend rtl --input "${input}" --events "${dir}/${stream}.rtl.events"
              --opt gaps=0.3 --opt backpressure=0.3 --opt seed=7)
  expect_exit(0 diff "${dir}/${stream}.ref.events" "${dir}/${stream}.rtl.events")
endforeach()
expect_exit(1 coverage --backend ref --commands "${STREAMS_DIR}/edges.cmds" --fail-under 100)
expect_output_contains("not hit: opcode x outcome/Cancel rejected UnknownHandle")
