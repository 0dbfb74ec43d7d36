# nucleus_warnings(<target>): the warnings every target of ours builds with.
# Third-party headers are included as SYSTEM, so -Werror applies to our code only.
function(nucleus_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()
