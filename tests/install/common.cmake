# Helpers of the install tests' scripts.
cmake_minimum_required(VERSION 3.25)

# Runs a command; fails the test with its output unless it exits 0. OUTPUT_VARIABLE receives
# standard output.
function(kiln_run)
  cmake_parse_arguments(ARG "" "OUTPUT_VARIABLE;WORKING_DIRECTORY" "COMMAND" ${ARGN})
  if(NOT ARG_WORKING_DIRECTORY)
    set(ARG_WORKING_DIRECTORY ${WORK_DIR})
  endif()
  execute_process(COMMAND ${ARG_COMMAND} WORKING_DIRECTORY ${ARG_WORKING_DIRECTORY}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    list(JOIN ARG_COMMAND " " cmd)
    message(FATAL_ERROR "`${cmd}` failed (${rc}):\n${out}\n${err}")
  endif()
  if(ARG_OUTPUT_VARIABLE)
    set(${ARG_OUTPUT_VARIABLE} "${out}" PARENT_SCOPE)
  endif()
endfunction()

# Fails unless `actual` equals the contents of `expected_file`; shows both.
function(kiln_expect_output name actual expected_file)
  file(READ ${expected_file} expected)
  if(NOT actual STREQUAL expected)
    file(WRITE ${WORK_DIR}/${name}.actual "${actual}")
    message(FATAL_ERROR "${name}: output differs from ${expected_file} (actual output in ${WORK_DIR}/${name}.actual)\n"
                        "--- expected\n${expected}--- actual\n${actual}")
  endif()
endfunction()

# The shared libraries `binary` needs (DT_NEEDED), from readelf.
function(kiln_needed binary out_var)
  execute_process(COMMAND readelf -d ${binary} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "readelf -d ${binary}: ${err}")
  endif()
  string(REGEX MATCHALL "Shared library: \\[[^]]*\\]" needed "${out}")
  list(TRANSFORM needed REPLACE "Shared library: \\[([^]]*)\\]" "\\1")
  set(${out_var} "${needed}" PARENT_SCOPE)
endfunction()
