# Shared by the CLI end-to-end scripts (cmake -P): a fresh scratch folder `dir` from WORK_DIR,
# and checks of twinmatch's exit code and output.

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(dir "${WORK_DIR}")

# Runs twinmatch with the given arguments and fails unless it exits with `code`. A crash
# reports a signal name instead of a number, and so fails too. Leaves the output in `output`.
function(expect_exit code)
  execute_process(COMMAND "${TWINMATCH}" ${ARGN}
                  RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT "${result}" STREQUAL "${code}")
    message(FATAL_ERROR "twinmatch ${ARGN}: exit '${result}', expected ${code}\n${out}${err}")
  endif()
  set(output "${out}${err}" PARENT_SCOPE)
endfunction()

function(expect_output_contains text)
  string(FIND "${output}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected the output to contain '${text}', it was:\n${output}")
  endif()
endfunction()
