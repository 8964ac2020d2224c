# Bad stream files through every backend's `twinmatch run`: each is refused with exit 2 and a
# message that names the problem, never a crash or a run.
#   cmake -DTWINMATCH=... -DWORK=... -P bad_stream_files.cmake
file(MAKE_DIRECTORY ${WORK})

function(expect_refusal backend input pattern)
  execute_process(COMMAND ${TWINMATCH} run --backend ${backend} --input ${input}
                          --events ${WORK}/out.events
                  RESULT_VARIABLE code ERROR_VARIABLE message OUTPUT_QUIET)
  if(NOT code EQUAL 2 OR NOT message MATCHES "${pattern}")
    message(FATAL_ERROR "${backend} on ${input}: exit ${code}, said: ${message}")
  endif()
endfunction()

execute_process(COMMAND ${TWINMATCH} gen --scenario normal --seed 1 --count 20 -o ${WORK}/hw.cmds
                COMMAND_ERROR_IS_FATAL ANY OUTPUT_QUIET)
execute_process(COMMAND ${TWINMATCH} gen --scenario normal --seed 1 --count 20 --config cpu
                        -o ${WORK}/cpu.cmds COMMAND_ERROR_IS_FATAL ANY OUTPUT_QUIET)
file(READ ${WORK}/hw.cmds good HEX)

# Byte offsets are doubled in the hex text: magic at 0, version at 8, record size at 10,
# reserved0 at 28, and the records from 64 (a truncated last record).
string(SUBSTRING "${good}" 2 -1 tail)
string(SUBSTRING "${good}" 0 16 magic)
string(SUBSTRING "${good}" 20 -1 after_version)
string(SUBSTRING "${good}" 56 -1 after_reserved)
string(SUBSTRING "${good}" 0 56 before_reserved)
string(LENGTH "${good}" length)
math(EXPR truncated_length "${length} - 10")
string(SUBSTRING "${good}" 0 ${truncated_length} truncated)

# file(WRITE) cannot write NUL bytes, so printf turns the hex back into bytes.
function(write_hex name hex)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${hex}")
  execute_process(COMMAND printf "${escaped}" OUTPUT_FILE ${WORK}/${name} COMMAND_ERROR_IS_FATAL ANY)
endfunction()

write_hex(wrong_magic.cmds "58${tail}")
write_hex(wrong_version.cmds "${magic}0900${after_version}")
write_hex(reserved_set.cmds "${before_reserved}01${after_reserved}")
write_hex(truncated.cmds "${truncated}")

foreach(backend ref sw hls rtl)
  expect_refusal(${backend} ${WORK}/wrong_magic.cmds "magic")
  expect_refusal(${backend} ${WORK}/wrong_version.cmds "version")
  expect_refusal(${backend} ${WORK}/reserved_set.cmds "reserved")
  expect_refusal(${backend} ${WORK}/truncated.cmds "truncated|length|size")
  expect_refusal(${backend} ${WORK}/missing.cmds "missing|No such|cannot|not")
endforeach()
foreach(backend hls rtl)
  expect_refusal(${backend} ${WORK}/cpu.cmds "built for|compiled for")
endforeach()
