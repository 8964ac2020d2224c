# The embedding guide can be found and its links lead somewhere: the README links
# sw_engine/README.md and tools/README.md, and every relative link of the README and the guide
# names a file or folder that exists.
# Run as: cmake -DSOURCE_DIR=path/to/repo -P doc_links.cmake
file(READ ${SOURCE_DIR}/README.md readme)
foreach(required sw_engine/README.md tools/README.md examples/)
  string(FIND "${readme}" "](${required})" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "README.md does not link ${required}")
  endif()
endforeach()

foreach(doc README.md sw_engine/README.md)
  get_filename_component(doc_dir ${SOURCE_DIR}/${doc} DIRECTORY)
  file(READ ${SOURCE_DIR}/${doc} text)
  # "]" would split a CMake list: mark the links first.
  string(REPLACE "](" "<link>(" text "${text}")
  string(REGEX MATCHALL "<link>\\([^)#: ]+\\)" links "${text}")
  list(LENGTH links count)
  if(count EQUAL 0)
    message(FATAL_ERROR "${doc}: no relative links found")
  endif()
  foreach(link ${links})
    string(REGEX REPLACE "^<link>\\(|\\)$" "" target "${link}")
    if(NOT EXISTS ${doc_dir}/${target})
      message(FATAL_ERROR "${doc}: broken link ${target}")
    endif()
  endforeach()
endforeach()
