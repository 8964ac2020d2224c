# The twinmatch CLI end to end: gen -> run ref -> diff, and the exit codes of bad input.
# Run as: cmake -DTWINMATCH=path/to/twinmatch -DWORK_DIR=scratch/dir -P cli_end_to_end.cmake

include(${CMAKE_CURRENT_LIST_DIR}/../support/cli_expect.cmake)

# The round trip.
expect_exit(0 gen --scenario normal --seed 1 --count 3000 -o "${dir}/a.cmds")
expect_exit(0 run --backend ref --input "${dir}/a.cmds" --events "${dir}/a.evts"
            --report "${dir}/a.json")
expect_exit(0 run --backend ref --input "${dir}/a.cmds" --events "${dir}/b.evts")
expect_exit(0 diff "${dir}/a.evts" "${dir}/b.evts")
expect_output_contains("identical:")
file(READ "${dir}/a.json" report)
string(JSON backend GET "${report}" backend)
string(JSON commands GET "${report}" commands)
if(NOT backend STREQUAL "ref" OR NOT commands EQUAL 3000)
  message(FATAL_ERROR "unexpected report:\n${report}")
endif()

# A different stream differs, and the diff says where.
expect_exit(0 gen --scenario adversarial --seed 2 --count 3000 -o "${dir}/c.cmds")
expect_exit(0 run --backend ref --input "${dir}/c.cmds" --events "${dir}/c.evts")
expect_exit(1 diff "${dir}/a.evts" "${dir}/c.evts")
expect_output_contains("first divergence at event index")
expect_output_contains("a.evts from there on:")

# Every difference is counted, not only the first: two records changed in the text form, and an
# empty stream against a full one.
expect_exit(0 dump "${dir}/a.evts")
file(WRITE "${dir}/a.txt" "${output}")
file(STRINGS "${dir}/a.txt" lines) # line 0 is the stream line, so line i is event i - 1
list(GET lines 10 tenth)
string(REGEX REPLACE "price=[0-9]+" "price=7" tenth "${tenth}")
list(REMOVE_AT lines 10)
list(INSERT lines 10 "${tenth}")
list(GET lines 500 five_hundredth)
string(REGEX REPLACE " quantity=[0-9]+" " quantity=999" five_hundredth "${five_hundredth}")
list(REMOVE_AT lines 500)
list(INSERT lines 500 "${five_hundredth}")
list(JOIN lines "\n" text)
file(WRITE "${dir}/two.txt" "${text}\n")
expect_exit(0 encode "${dir}/two.txt" -o "${dir}/two.evts")
expect_exit(1 diff "${dir}/a.evts" "${dir}/two.evts")
expect_output_contains("2 of the ")
expect_output_contains("events both streams have differ (first at index 9, last at 499)")
file(WRITE "${dir}/empty.txt" "")
expect_exit(0 encode "${dir}/empty.txt" -o "${dir}/empty.cmds")
expect_exit(0 run --backend ref --input "${dir}/empty.cmds" --events "${dir}/empty.evts")
expect_exit(1 diff "${dir}/empty.evts" "${dir}/a.evts")
expect_output_contains("0 of the 0 events both streams have differ; ")
expect_output_contains(" more only in ${dir}/a.evts")

# The CPU configuration goes through too.
expect_exit(0 gen --scenario volatile --seed 3 --count 2000 --config cpu -o "${dir}/d.cmds")
expect_exit(0 run --backend ref --input "${dir}/d.cmds" --events "${dir}/d.evts")
expect_exit(1 diff "${dir}/a.evts" "${dir}/d.evts")
expect_output_contains("different core configurations")

# Unreadable files: exit 2 with a message naming the file.
expect_exit(2 diff "${dir}/a.evts" "${dir}/a.cmds")
expect_output_contains("a.cmds: is a command stream where an event stream was expected")
expect_exit(2 diff "${dir}/a.evts" "${dir}/missing.evts")
expect_output_contains("missing.evts: cannot open the file: No such file or directory")
file(WRITE "${dir}/text.cmds" "not a stream")
expect_exit(2 run --backend ref --input "${dir}/text.cmds" --events "${dir}/x.evts")
expect_output_contains("text.cmds: is 12 bytes long, too short")
expect_exit(2 run --backend ref --input "${dir}" --events "${dir}/x.evts")
expect_output_contains("is not a regular file")
expect_exit(2 gen --scenario normal --seed 1 --count 10 -o "${dir}/no/such/dir/x.cmds")
expect_output_contains("x.cmds: cannot create the file: No such file or directory")

# Every output is checked before the run: a bad --report path fails without writing events.
expect_exit(2 run --backend ref --input "${dir}/a.cmds" --events "${dir}/late.evts"
            --report "${dir}/no/such/dir/r.json")
expect_output_contains("r.json: cannot create the file: No such file or directory")
expect_exit(2 run --backend ref --input "${dir}/a.cmds" --events "${dir}/no/such/dir/x.evts")
expect_output_contains("x.evts: cannot create the file: No such file or directory")

# The console line labels its figures: the core alone for sw, and the whole run.
expect_exit(0 run --backend sw --input "${dir}/a.cmds" --events "${dir}/sw.evts")
expect_output_contains("matching (the core alone):")
expect_output_contains("whole run:")
expect_exit(0 diff "${dir}/a.evts" "${dir}/sw.evts")

# Usage errors: exit 2.
expect_exit(2)
expect_exit(2 frobnicate)
expect_exit(2 gen --scenario calm --seed 1 --count 10 -o "${dir}/x.cmds")
expect_exit(2 gen --scenario normal --seed one --count 10 -o "${dir}/x.cmds")
expect_exit(2 gen --scenario normal --seed 1 --count 10)
expect_output_contains("missing -o")
expect_exit(2 gen --scenario normal --count 10)
expect_output_contains("missing --seed and -o")
expect_exit(2 run --backend ref --events "${dir}/x.evts")
expect_output_contains("missing --input")
expect_exit(2 gen --scenario normal --seed 1 --count 99999999999 -o "${dir}/x.cmds")
expect_exit(2 gen --scenario normal --seed 1 --count -5 -o "${dir}/x.cmds")
expect_exit(2 gen --scenario normal --seed 1 --count 10 --config fpga -o "${dir}/x.cmds")
expect_exit(2 gen --scenario normal --seed)
expect_exit(2 gen --scenario normal --seed 1 --count 10 --handle-lanes 3 -o "${dir}/x.cmds")
expect_output_contains("--handle-lanes '3': a power of two up to 256")
expect_exit(2 gen --scenario normal --seed 1 --count 10 --handle-lanes many -o "${dir}/x.cmds")
expect_exit(0 gen --scenario normal --seed 1 --count 100 --config hw16 --handle-lanes 4 -o "${dir}/x.cmds")
expect_output_contains("config hw16, 4 handle lanes")
expect_exit(2 run --backend nope --input "${dir}/a.cmds" --events "${dir}/x.evts")
expect_output_contains("unknown backend 'nope'")
# Symbol lanes behind the DMA link are refused by name (its card runs one core).
expect_exit(2 run --backend rtl --link dma --input "${dir}/a.cmds" --events "${dir}/x.evts" --opt lanes=4)
expect_output_contains("DMA option lanes=4: the link's card runs one core")
expect_exit(2 run --backend ref --input "${dir}/a.cmds" --events "${dir}/x.evts" --opt novalue)
expect_exit(2 run --backend ref --input "${dir}/a.cmds" --events "${dir}/x.evts" --opt trace=x)
expect_exit(2 diff "${dir}/a.evts")
expect_exit(2 demo extra)
expect_exit(0 --help)
expect_output_contains("encode")
expect_exit(0 --version)
expect_output_contains("twinmatch ")
# run --help names every backend, the rtl backend's --opt keys, --link dma and --journal.
expect_exit(0 run --help)
expect_output_contains("rtl   the verilated RTL core")
expect_output_contains("backpressure=P")
expect_output_contains("--link dma")
expect_output_contains("--journal DIR")
expect_exit(0 encode --help)
expect_exit(0 dump --help)
expect_exit(2 recover --journal "${dir}/nonexistent")
expect_output_contains("nonexistent: no such directory")

# run --journal streams its input: a journal holding a prefix longer than one chunk (65,536
# commands) resumes after it, reaching the state of a run of the whole input from scratch; and a
# journal that is not a prefix of the input is refused.
expect_exit(0 gen --scenario normal --seed 3 --count 70000 -o "${dir}/prefix.cmds")
expect_exit(0 gen --scenario normal --seed 3 --count 150000 -o "${dir}/whole.cmds")
expect_exit(0 run --backend sw --input "${dir}/prefix.cmds" --events "${dir}/p.evts"
            --journal "${dir}/resumed")
expect_exit(0 run --backend sw --input "${dir}/whole.cmds" --events "${dir}/r.evts"
            --journal "${dir}/resumed")
expect_output_contains("submitted 80000 commands after the 70000 already journaled")
string(REGEX MATCH "state hash [0-9a-f]+" resumed_hash "${output}")
if(NOT resumed_hash)
  message(FATAL_ERROR "no state hash in:\n${output}")
endif()
expect_exit(0 run --backend sw --input "${dir}/whole.cmds" --events "${dir}/w.evts"
            --journal "${dir}/from_scratch")
expect_output_contains("${resumed_hash}")
expect_exit(0 gen --scenario normal --seed 4 --count 150000 -o "${dir}/other.cmds")
expect_exit(2 run --backend sw --input "${dir}/other.cmds" --events "${dir}/o.evts"
            --journal "${dir}/resumed")
expect_output_contains("holds 150000 commands that are not the first commands of")
