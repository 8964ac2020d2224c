# The text form of records end to end: dump . encode is the identity on every generated scenario
# (commands and their events, both configurations), a hand-written script runs as expected, and
# bad scripts are refused with the line and the field named.
# Run as: cmake -DTWINMATCH=path/to/twinmatch -DWORK_DIR=scratch/dir -P text_form.cmake

include(${CMAKE_CURRENT_LIST_DIR}/../support/cli_expect.cmake)

function(expect_same_file a b)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files "${a}" "${b}" RESULT_VARIABLE differ)
  if(differ)
    message(FATAL_ERROR "${a} and ${b} differ")
  endif()
endfunction()

# Dumps `stream` as text and as brief text, encodes each back and checks the bytes are the same.
function(expect_round_trip stream)
  foreach(format text brief)
    execute_process(COMMAND "${TWINMATCH}" dump --format ${format} "${stream}"
                    OUTPUT_FILE "${stream}.${format}" RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
      message(FATAL_ERROR "dump --format ${format} ${stream}: exit ${result}")
    endif()
    expect_exit(0 encode "${stream}.${format}" -o "${stream}.again")
    expect_same_file("${stream}" "${stream}.again")
  endforeach()
endfunction()

foreach(config hw cpu)
  foreach(scenario quiet normal volatile adversarial)
    set(base "${dir}/${scenario}_${config}")
    expect_exit(0 gen --scenario ${scenario} --seed 7 --count 4000 --config ${config}
                -o "${base}.cmds")
    expect_exit(0 run --backend ref --input "${base}.cmds" --events "${base}.evts")
    expect_round_trip("${base}.cmds")
    expect_round_trip("${base}.evts")
  endforeach()
endforeach()

# A directed case written by hand: a resting sell, a crossing IOC buy that fills part of it and
# cancels its own remainder, then a cancel of the rest.
file(WRITE "${dir}/cross.txt" [=[
# two orders cross on symbol 1
commands symbols=4 price_levels=256 handles=4096 max_quantity=1000000
NewOrder symbol=1 handle=7 side=Sell price=100 quantity=5 account=2
NewOrder symbol=1 handle=8 side=Buy tif=Ioc price=101 quantity=9 account=3   # takes all 5
Cancel handle=7
]=])
expect_exit(0 encode "${dir}/cross.txt" -o "${dir}/cross.cmds")
expect_output_contains("wrote 3 commands")
expect_exit(0 run --backend sw --input "${dir}/cross.cmds" --events "${dir}/cross.evts")
expect_exit(0 dump "${dir}/cross.evts")
expect_output_contains("Fill flags=0 side=Buy reason=0 symbol=1 cmd_opcode=NewOrder reserved0=0 seq=4 cmd_seq=2 handle=8 maker_handle=7 price=100 quantity=5 remaining=4 maker_remaining=0")
expect_output_contains("Cancelled flags=Last side=Buy reason=ImmediateOrCancel symbol=1 cmd_opcode=NewOrder reserved0=0 seq=6 cmd_seq=2 handle=8 maker_handle=0 price=101 quantity=4")
expect_output_contains("Rejected flags=Last side=Buy reason=UnknownHandle symbol=0 cmd_opcode=Cancel")
expect_exit(0 dump --format brief "${dir}/cross.evts")
expect_output_contains("\nFill symbol=1 cmd_opcode=NewOrder seq=4 cmd_seq=2 handle=8 maker_handle=7 price=100 quantity=5 remaining=4\n")
expect_exit(0 dump --format csv "${dir}/cross.evts")
expect_output_contains("type,flags,side,reason,symbol,cmd_opcode,reserved0,seq,cmd_seq,")
expect_exit(0 dump --format json "${dir}/cross.cmds")
expect_output_contains("{\"opcode\":\"NewOrder\",\"version\":3,\"side\":\"Sell\"")

# An undefined opcode and flag bits can be written too (for malformed-input cases).
file(WRITE "${dir}/odd.txt" "opcode=9 handle=1\nNewOrder flags=PostOnly|0x80 quantity=1\n")
expect_exit(0 encode "${dir}/odd.txt" -o "${dir}/odd.cmds")
expect_exit(0 dump "${dir}/odd.cmds")
expect_output_contains("opcode=9 version=3")
expect_output_contains("flags=PostOnly|0x80")
expect_round_trip("${dir}/odd.cmds")

# The band command reads and prints by name like any other.
file(WRITE "${dir}/band.txt" "SetBand symbol=1 price=4000000000\n")
expect_exit(0 encode "${dir}/band.txt" -o "${dir}/band.cmds")
expect_exit(0 dump "${dir}/band.cmds")
expect_output_contains("SetBand version=3 side=Buy order_type=Limit tif=Gtc flags=0 stp=None reserved0=0 symbol=1 depth=0 handle=0 price=4000000000 quantity=0")
expect_round_trip("${dir}/band.cmds")

# Bad scripts: exit 2, the line and the problem named.
file(WRITE "${dir}/bad_field.txt" "NewOrder symbol=1\nNewOrder prise=100\n")
expect_exit(2 encode "${dir}/bad_field.txt" -o "${dir}/x.cmds")
expect_output_contains("bad_field.txt:2: NewOrder has no field 'prise'")
file(WRITE "${dir}/bad_side.txt" "NewOrder side=Left\n")
expect_exit(2 encode "${dir}/bad_side.txt" -o "${dir}/x.cmds")
expect_output_contains("bad_side.txt:1: side 'Left' is not a number or one of Buy, Sell")
file(WRITE "${dir}/too_big.txt" "NewOrder symbol=70000\n")
expect_exit(2 encode "${dir}/too_big.txt" -o "${dir}/x.cmds")
expect_output_contains("symbol 70000 does not fit in its 2 byte(s)")
file(WRITE "${dir}/mixed.txt" "Cancel handle=1\nAccepted seq=1\n")
expect_exit(2 encode "${dir}/mixed.txt" -o "${dir}/x.cmds")
expect_output_contains("mixed.txt:2: an event in a command stream")
file(WRITE "${dir}/twice.txt" "Cancel handle=1 handle=2\n")
expect_exit(2 encode "${dir}/twice.txt" -o "${dir}/x.cmds")
expect_output_contains("handle is given twice")
expect_exit(2 encode "${dir}/missing.txt" -o "${dir}/x.cmds")
expect_output_contains("missing.txt: cannot open the file: No such file or directory")
expect_exit(2 encode "${dir}/cross.txt" -o "${dir}/no/such/dir/x.cmds")
expect_output_contains("cannot create the file: No such file or directory")
expect_exit(2 encode "${dir}/cross.txt" -o "${dir}/x.cmds" --config cpu)
expect_output_contains("cross.txt:2: the script is for")
expect_exit(2 dump "${dir}/cross.txt")
expect_output_contains("is neither a command stream nor an event stream")
expect_exit(2 dump --format xml "${dir}/cross.cmds")
