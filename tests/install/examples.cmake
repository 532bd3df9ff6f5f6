# install/examples: examples/ configured out of tree against the installed package
# (find_package(kiln) through CMAKE_PREFIX_PATH), built, and each example run: its output
# must equal examples/NAME.expected. The examples link libkiln.so (kiln::kiln).
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)

set(build ${WORK_DIR}/examples)
file(REMOVE_RECURSE ${build})
kiln_run(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples -B ${build} -G ${GENERATOR}
                 -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM} -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_C_COMPILER=${CC}
                 -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
kiln_run(COMMAND ${CMAKE_COMMAND} --build ${build} -j2)

# C++ examples are NAME.cc with NAME.expected, built as NAME; C examples c/NAME.c with
# c/NAME.expected, built as c_NAME.
file(GLOB expected_files ${SOURCE_DIR}/examples/*.expected ${SOURCE_DIR}/examples/c/*.expected)
if(NOT expected_files)
  message(FATAL_ERROR "no examples/*.expected")
endif()
# Every example has its expected output.
file(GLOB sources RELATIVE ${SOURCE_DIR}/examples ${SOURCE_DIR}/examples/*.cc ${SOURCE_DIR}/examples/c/*.c)
foreach(source IN LISTS sources)
  string(REGEX REPLACE "\\.(cc|c)$" ".expected" expected ${source})
  if(NOT EXISTS ${SOURCE_DIR}/examples/${expected})
    message(FATAL_ERROR "examples/${source} has no examples/${expected}")
  endif()
endforeach()
foreach(expected IN LISTS expected_files)
  get_filename_component(name ${expected} NAME_WE)
  if(expected MATCHES "/c/[^/]*$")
    set(name c_${name})
  endif()
  if(NOT EXISTS ${build}/${name})
    message(FATAL_ERROR "example ${name} was not built")
  endif()
  # Linked with the installed shared library, not the build tree's.
  kiln_needed(${build}/${name} needed)
  if(NOT "libkiln.so.${SOVERSION}" IN_LIST needed)
    message(FATAL_ERROR "${name} does not use libkiln.so.${SOVERSION}: ${needed}")
  endif()
  kiln_run(COMMAND ${build}/${name} OUTPUT_VARIABLE out)
  kiln_expect_output(${name} "${out}" ${expected})
  message(STATUS "${name}: output as expected")
endforeach()

# kiln::kiln_static through the same package: hello linked with libkiln.a.
set(static_build ${WORK_DIR}/examples-static)
file(REMOVE_RECURSE ${static_build})
kiln_run(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples -B ${static_build} -G ${GENERATOR}
                 -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM} -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_C_COMPILER=${CC}
                 -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DKILN_EXAMPLES_STATIC=ON)
kiln_run(COMMAND ${CMAKE_COMMAND} --build ${static_build} --target hello c_hello)
foreach(name hello c_hello)
  kiln_needed(${static_build}/${name} needed)
  if(needed MATCHES "libkiln")
    message(FATAL_ERROR "${name} linked with kiln::kiln_static needs a shared libkiln: ${needed}")
  endif()
  kiln_run(COMMAND ${static_build}/${name} OUTPUT_VARIABLE out)
  string(REGEX REPLACE "^c_" "c/" expected ${name})
  kiln_expect_output(${name}-static "${out}" ${SOURCE_DIR}/examples/${expected}.expected)
  message(STATUS "${name} with kiln::kiln_static: output as expected")
endforeach()

# README's embedding example, compiled as printed there against the installed static library.
file(READ ${SOURCE_DIR}/README.md readme)
string(FIND "${readme}" "## Embedding" at)
string(SUBSTRING "${readme}" ${at} -1 readme)
string(FIND "${readme}" "```cpp\n" begin)
string(FIND "${readme}" "\n```\n" end)
if(at EQUAL -1 OR begin EQUAL -1 OR end LESS begin)
  message(FATAL_ERROR "README.md: no ```cpp block in the Embedding section")
endif()
math(EXPR begin "${begin} + 7")
math(EXPR length "${end} + 1 - ${begin}")
string(SUBSTRING "${readme}" ${begin} ${length} snippet)
file(WRITE ${WORK_DIR}/readme.cc "${snippet}")
kiln_run(COMMAND ${CXX} -std=c++20 -Wall -Wextra -Werror -I${PREFIX}/${INCLUDEDIR} -o ${WORK_DIR}/readme
                 ${WORK_DIR}/readme.cc ${PREFIX}/${LIBDIR}/libkiln.a -pthread)
kiln_run(COMMAND ${WORK_DIR}/readme OUTPUT_VARIABLE out)
if(NOT out STREQUAL "42\n")
  message(FATAL_ERROR "README's example printed \"${out}\", not 42")
endif()
message(STATUS "README's example: prints 42")
