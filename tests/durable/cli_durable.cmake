# twinmatch run --journal and twinmatch recover end to end.
# Run as: cmake -DTWINMATCH=path/to/twinmatch -DWORK_DIR=scratch/dir -P cli_durable.cmake

include(${CMAKE_CURRENT_LIST_DIR}/../support/cli_expect.cmake)

# A journaled run emits the same events as a plain one.
expect_exit(0 gen --scenario volatile --seed 4 --count 4000 -o "${dir}/a.cmds")
expect_exit(0 run --backend ref --input "${dir}/a.cmds" --events "${dir}/plain.evts")
expect_exit(0 run --backend ref --input "${dir}/a.cmds" --events "${dir}/journaled.evts"
            --journal "${dir}/j" --sync group --snapshot-every 1000 --taker-bps 20 --maker-bps -5)
expect_output_contains("acknowledged through command 4000")
expect_output_contains("every asset sums to zero")
string(REGEX MATCH "state hash [0-9a-f]+" run_hash "${output}")
expect_exit(0 diff "${dir}/plain.evts" "${dir}/journaled.evts")
expect_output_contains("identical:")

# Recovery reaches the same state hash, from the newest snapshot.
expect_exit(0 recover --journal "${dir}/j" --events "${dir}/replayed.evts")
expect_output_contains("started from the snapshot after command 3")
expect_output_contains("${run_hash}")
expect_output_contains("replayed events written to")
expect_output_contains("every asset sums to zero")

# Running the same input again resumes after the journal: nothing left to submit.
expect_exit(0 run --backend ref --input "${dir}/a.cmds" --events "${dir}/again.evts"
            --journal "${dir}/j")
expect_output_contains("submitted 0 commands after the 4000 already journaled")
expect_output_contains("${run_hash}")

# The sw engine journals the same run; the reference model recovers its directory to the same hash.
expect_exit(0 run --backend sw --input "${dir}/a.cmds" --events "${dir}/sw.evts"
            --journal "${dir}/sw" --snapshot-every 1500 --taker-bps 20 --maker-bps -5)
expect_output_contains("${run_hash}")
expect_exit(0 diff "${dir}/plain.evts" "${dir}/sw.evts")
expect_exit(0 recover --journal "${dir}/sw" --backend ref)
expect_output_contains("started from the snapshot after command 3072")
expect_output_contains("${run_hash}")

# A journal keeps its whole configuration, stop_orders included: a cpu-sized run (4096 stops a
# book, not the hardware's 16) recovers under the configuration it was journaled for.
expect_exit(0 gen --scenario normal --seed 5 --count 1500 --config cpu -o "${dir}/cpu.cmds")
expect_exit(0 run --backend sw --input "${dir}/cpu.cmds" --events "${dir}/cpu.evts"
            --journal "${dir}/cpu" --snapshot-every 1000)
string(REGEX MATCH "state hash [0-9a-f]+" cpu_hash "${output}")
expect_exit(0 recover --journal "${dir}/cpu")
expect_output_contains("started from the snapshot after command 1024")
expect_output_contains("${cpu_hash}")
expect_exit(0 run --backend sw --input "${dir}/cpu.cmds" --events "${dir}/cpu_again.evts"
            --journal "${dir}/cpu")
expect_output_contains("submitted 0 commands after the 1500 already journaled")

# Refusals: other fee terms for the same directory, a bad policy, a missing journal, a backend
# without a durable engine.
expect_exit(2 run --backend ref --input "${dir}/a.cmds" --events "${dir}/x.evts" --journal "${dir}/j"
            --taker-bps 21)
expect_output_contains("other settlement terms")
expect_exit(2 run --backend ref --input "${dir}/a.cmds" --events "${dir}/x.evts"
            --journal "${dir}/k" --sync sometimes)
expect_exit(2 recover --journal "${dir}/nothing-here")
expect_exit(2 run --backend nonesuch --input "${dir}/a.cmds" --events "${dir}/x.evts"
            --journal "${dir}/m")
expect_output_contains("no durable engine")
