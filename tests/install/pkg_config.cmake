# install/pkg-config: examples/hello.cc (and examples/c/hello.c with the C compiler) built by
# hand the pkg-config way,
#   c++ -std=c++20 hello.cc $(pkg-config --cflags --libs kiln)
# and run against the installed libkiln.so (LD_LIBRARY_PATH); then the same with
# kiln-static.pc (libkiln.a, no libkiln.so needed).
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)

set(dir ${WORK_DIR}/pkg-config)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
set(ENV{PKG_CONFIG_PATH} ${PREFIX}/${LIBDIR}/pkgconfig)

kiln_run(COMMAND ${PKG_CONFIG} --modversion kiln OUTPUT_VARIABLE version)
if(NOT version STREQUAL "${VERSION}\n")
  message(FATAL_ERROR "pkg-config --modversion kiln: ${version}")
endif()

foreach(pc kiln kiln-static)
  set(exe ${dir}/hello-${pc})
  kiln_run(COMMAND sh -c "\"${CXX}\" -std=c++20 -o \"${exe}\" \"${SOURCE_DIR}/examples/hello.cc\" $(\"${PKG_CONFIG}\" --cflags --libs ${pc})")
  kiln_needed(${exe} needed)
  if(pc STREQUAL "kiln" AND NOT "libkiln.so.${SOVERSION}" IN_LIST needed)
    message(FATAL_ERROR "hello built with kiln.pc does not use libkiln.so.${SOVERSION}: ${needed}")
  endif()
  if(pc STREQUAL "kiln-static" AND needed MATCHES "libkiln")
    message(FATAL_ERROR "hello built with kiln-static.pc needs a shared libkiln: ${needed}")
  endif()
  if(pc STREQUAL "kiln")
    # pkg-config adds no rpath: the installed library is found through LD_LIBRARY_PATH.
    set(ENV{LD_LIBRARY_PATH} ${PREFIX}/${LIBDIR})
    kiln_run(COMMAND ldd ${exe} OUTPUT_VARIABLE resolved)
    if(NOT resolved MATCHES "libkiln\\.so\\.${SOVERSION} => ${PREFIX}/${LIBDIR}/libkiln\\.so\\.${SOVERSION}")
      message(FATAL_ERROR "hello-kiln does not load the installed libkiln.so:\n${resolved}")
    endif()
  endif()
  kiln_run(COMMAND ${exe} OUTPUT_VARIABLE out)
  kiln_expect_output(hello-${pc} "${out}" ${SOURCE_DIR}/examples/hello.expected)
  # The C example, compiled and linked by the C compiler alone.
  set(c_exe ${dir}/c_hello-${pc})
  kiln_run(COMMAND sh -c "\"${CC}\" -std=c11 -o \"${c_exe}\" \"${SOURCE_DIR}/examples/c/hello.c\" $(\"${PKG_CONFIG}\" --cflags --libs ${pc})")
  kiln_run(COMMAND ${c_exe} OUTPUT_VARIABLE out)
  kiln_expect_output(c_hello-${pc} "${out}" ${SOURCE_DIR}/examples/c/hello.expected)
  unset(ENV{LD_LIBRARY_PATH})
  message(STATUS "hello and c/hello built with ${pc}.pc: output as expected")
endforeach()
