# twinmatch_warnings(target): the project's warning set on one of our own targets.
function(twinmatch_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  if(TWINMATCH_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
