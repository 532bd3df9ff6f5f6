# Runs example EXE; its standard output must equal the file EXPECTED, its status be 0 and
# its standard error empty (a sanitizer report fails the test).
execute_process(COMMAND ${EXE} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ ${EXPECTED} expected)
if(NOT rc EQUAL 0 OR NOT err STREQUAL "" OR NOT out STREQUAL expected)
  message(FATAL_ERROR "${EXE}: status ${rc}\n--- stderr\n${err}--- expected\n${expected}--- actual\n${out}")
endif()
